//! Dates in more forms than [`NewsDate::parse`] reads (also in other languages than
//! English, see [`months`]), and dates inside header lines.

use std::sync::LazyLock;

use newsdex_schema::NewsDate;
use regex::Regex;

use crate::months;

/// Parses a date the way [`NewsDate::parse`] does, and also the variants sites print
/// around those forms: a weekday in front (`Tuesday, 12 September 2023`), ordinals
/// (`September 12th, 2023`), `Sept.`, a time after a separator (`October 19, 2023 - 3:46 pm`,
/// `12 Sep 2023 at 10:30`), a `GMT`/`UTC` suffix, and `+0000` offsets without a colon.
/// Like `NewsDate::parse`, it never guesses: `None` for anything else.
pub fn parse_date(text: &str) -> Option<NewsDate> {
    // Control characters never belong to a date: what follows one is line noise
    // (`27-MAR-1987 00:02:59.13\x05\x05\x05RM` in Reuters-21578).
    let text = text.split(char::is_control).next().unwrap_or("").trim();
    if text.is_empty() || text.len() > 80 {
        return None;
    }
    // Dates in other languages are rewritten to the ISO form.
    english_date(text).or_else(|| months::to_iso(text).and_then(|iso| NewsDate::parse(&iso)))
}

/// [`parse_date`] of the forms English news prints.
fn english_date(text: &str) -> Option<NewsDate> {
    if let Some(date) = NewsDate::parse(text) {
        return Some(date);
    }
    let normal = normalize(text);
    if let Some(date) = NewsDate::parse(&normal) {
        return Some(date);
    }
    // A time with am/pm after the day: parse both, or fall back to the day alone.
    if let Some(caps) = TIME_SUFFIX.captures(&normal) {
        let day = caps.name("day").map_or("", |m| m.as_str());
        let date = NewsDate::parse(day)?;
        let mut hour: i64 = caps["hour"].parse().ok()?;
        let minute: i64 = caps["minute"].parse().ok()?;
        match caps.name("ampm").map(|m| m.as_str().to_ascii_lowercase()) {
            Some(ampm) if hour > 12 || hour == 0 => {
                let _ = ampm;
                return Some(date);
            }
            Some(ampm) if ampm.starts_with('p') && hour != 12 => hour += 12,
            Some(ampm) if ampm.starts_with('a') && hour == 12 => hour = 0,
            _ => {}
        }
        if hour > 23 || minute > 59 {
            return Some(date);
        }
        if date.has_time() {
            return Some(date);
        }
        return NewsDate::from_timestamp(date.timestamp() + hour * 3600 + minute * 60);
    }
    // A day followed by a broken time (`31-MAR-1987 605:12:19.12`): the day alone.
    if let Some((day, time)) = normal.rsplit_once(' ') {
        if time.contains(':')
            && time
                .chars()
                .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
        {
            return NewsDate::parse(day).filter(|d| !d.has_time());
        }
    }
    None
}

/// A day followed by a time: `October 19, 2023 3:46 pm`, `12 Sep 2023 10:30`.
static TIME_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?P<day>.*?\d{4})\s+(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::\d{2})?\s*(?P<ampm>[ap]\.?m\.?)?$",
    )
    .expect("valid regex")
});

fn normalize(text: &str) -> String {
    static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+")
            .expect("valid regex")
    });
    static ORDINAL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(\d{1,2})(st|nd|rd|th)\b").expect("valid regex"));
    static SEPT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\bsept\b\.?").expect("valid regex"));
    static ABBREV_DOT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)\.").expect("valid regex")
    });
    static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(\d{4}),?\s+(?:[-–—|•·@]|at)\s+(\d)").expect("valid regex")
    });
    static ZONE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\s*\b(gmt|utc|z)$").expect("valid regex"));
    static OFFSET: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([+-]\d{2})(\d{2})$").expect("valid regex")
    });
    let text = WEEKDAY.replace(text, "");
    let text = ORDINAL.replace_all(&text, "$1");
    let text = SEPT.replace_all(&text, "Sep");
    let text = ABBREV_DOT.replace_all(&text, "$1");
    let text = SEPARATOR.replace_all(&text, "$1 $2");
    let text = ZONE.replace(&text, "");
    let text = OFFSET.replace(&text, "$1$2:$3");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a word holds a four-digit year between 1800 and 2199.
fn has_year(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.windows(4).enumerate().any(|(i, w)| {
        w.iter().all(u8::is_ascii_digit)
            && matches!(&w[..2], b"18" | b"19" | b"20" | b"21")
            && (i == 0 || !bytes[i - 1].is_ascii_digit())
            && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit())
    })
}

/// How many characters a line may hold besides a Chinese, Japanese or Korean date for it
/// to be a date line (`发布时间：`, `新华社北京…电`), not a sentence that mentions a day.
const MAX_CJK_REST_CHARS: usize = 16;

/// Finds a date among the words of a short line (`news 12-Sep-2023 Politcs`,
/// `Published: October 19, 2023 3:46 pm`): the earliest run of words that parses, the
/// longest at that place. Returns the date and how many words it took.
pub(crate) fn find_date(line: &str) -> Option<(NewsDate, usize)> {
    let words: Vec<&str> = line.split_whitespace().collect();
    // A Chinese, Japanese or Korean date is found wherever it stands in a short line
    // (`新华社北京2023年9月13日电`, `입력 2023년 9월 13일 10:30`): those scripts don't put
    // spaces around words, so the words of the line can't be tried one by one.
    if let Some((iso, range)) = months::find_cjk(line) {
        let rest = line[..range.start].chars().count() + line[range.end..].chars().count();
        if rest <= MAX_CJK_REST_CHARS {
            if let Some(date) = NewsDate::parse(&iso) {
                return Some((date, words.len()));
            }
        }
    }
    if words.len() > 16 {
        return None;
    }
    for start in 0..words.len() {
        let end_max = (start + 7).min(words.len());
        if !words[start..end_max].iter().any(|w| has_year(w)) {
            continue;
        }
        for end in (start + 1..=end_max).rev() {
            let candidate = words[start..end].join(" ");
            let candidate = candidate.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']'));
            if !words[start..end].iter().any(|w| has_year(w)) {
                break;
            }
            if let Some(date) = parse_date(candidate) {
                return Some((date, end - start));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Option<String> {
        parse_date(text).map(|d| d.to_string())
    }

    #[test]
    fn parses_more_forms() {
        let cases = [
            ("12-Sep-2023", "2023-09-12"),
            ("Tuesday, 12 September 2023", "2023-09-12"),
            ("September 12th, 2023", "2023-09-12"),
            ("Sept. 12, 2023", "2023-09-12"),
            ("Oct. 19, 2023", "2023-10-19"),
            ("October 19, 2023 - 3:46 pm", "2023-10-19T15:46:00Z"),
            ("October 19, 2023 at 12:05 AM", "2023-10-19T00:05:00Z"),
            ("12 Sep 2023 10:30 GMT", "2023-09-12T10:30:00Z"),
            ("2023-07-27T10:30:00+0200", "2023-07-27T08:30:00Z"),
            ("26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01Z"),
            ("Thu, 27 Jul 2023 10:30:00 +0000", "2023-07-27T10:30:00Z"),
            (
                "27-MAR-1987 00:02:59.13\u{5}\u{5}\u{5}RM",
                "1987-03-27T00:02:59Z",
            ),
            ("31-MAR-1987 605:12:19.12", "1987-03-31"),
        ];
        for (input, want) in cases {
            assert_eq!(shown(input).as_deref(), Some(want), "parsing {input:?}");
        }
    }

    #[test]
    fn refuses_non_dates() {
        for input in [
            "11 months ago 28",
            "In April, Kim attended",
            "June 4",
            "2023",
            "4 comments",
        ] {
            assert_eq!(shown(input), None, "parsing {input:?}");
        }
    }

    #[test]
    fn finds_a_date_inside_a_header_line() {
        let (date, words) = find_date("news 12-Sep-2023 Politcs").unwrap();
        assert_eq!((date.to_string().as_str(), words), ("2023-09-12", 1));
        let (date, _) = find_date("Published: October 19, 2023 3:46 pm").unwrap();
        assert_eq!(date.to_string(), "2023-10-19T15:46:00Z");
        assert_eq!(find_date("11 months ago 28"), None);
        assert_eq!(find_date("since December 2017, when"), None);
    }

    #[test]
    fn reads_dates_in_other_languages() {
        for (input, want) in [
            ("13 сентября 2023", "2023-09-13"),
            ("5. März 2024", "2024-03-05"),
            ("12 mars 2024", "2024-03-12"),
            ("2023년 9월 13일", "2023-09-13"),
            ("2023年9月13日", "2023-09-13"),
            ("13 сентября 2023, 10:30", "2023-09-13T10:30:00Z"),
        ] {
            assert_eq!(shown(input).as_deref(), Some(want), "parsing {input:?}");
        }
        let (date, _) = find_date("Опубликовано: 13 сентября 2023 года").unwrap();
        assert_eq!(date.to_string(), "2023-09-13");
        let (date, _) = find_date("新华社北京2023年9月13日电").unwrap();
        assert_eq!(date.to_string(), "2023-09-13");
        // A sentence that mentions a day is not a date line.
        assert_eq!(
            find_date(
                "据报道，俄罗斯国防部长绍伊古于2023年9月13日抵达平壤，与朝鲜领导人举行了会谈"
            ),
            None
        );
        // No year, no date.
        assert_eq!(find_date("МОСКВА, 13 сентября. /ТАСС/."), None);
    }
}
