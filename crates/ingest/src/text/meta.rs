//! Metadata in the lines of a page: bylines, header dates, copyright holders, wire
//! datelines, and site names around titles.

use std::sync::LazyLock;

use newsdex_schema::NewsDate;
use regex::Regex;

use super::furniture::{is_chrome, is_counter};
use super::lines::{key, words};
use super::wire::agency_tag;
use crate::dates::find_date;

/// The holder a copyright line names: `© 2023 BBN – Big Big News` → `BBN – Big Big News`.
pub(crate) fn copyright(line: &str) -> Option<String> {
    static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^(?:copyright\s*(?:©|\(c\))|copyright\s+(?:\d{4})|©|\(c\))\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?[\s,.]*(?P<holder>.*?)[\s.,]*(?:all rights reserved\.?)?$",
        )
        .expect("valid regex")
    });
    let line = line.trim();
    if words(line) > 12 {
        return None;
    }
    let caps = COPYRIGHT.captures(line)?;
    let holder = caps
        .name("holder")?
        .as_str()
        .trim()
        .trim_end_matches(['.', ',']);
    let holder = holder.trim();
    let valid = !holder.is_empty()
        && words(holder) <= 8
        && holder.chars().next().is_some_and(char::is_alphanumeric)
        && !holder.to_lowercase().starts_with("all rights");
    valid.then(|| holder.to_string())
}

/// A byline: `by Lucas Garcia`, `By Jane Doe and John Roe | Reuters`, `Written by X`,
/// `Author: X`. Returns the name(s) and what followed a separator.
pub(crate) fn byline(line: &str) -> Option<(String, String)> {
    static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:written\s+by|posted\s+by|by|author:)\s+(?P<rest>.+)$")
            .expect("valid regex")
    });
    static NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?P<name>\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|van|von|de|da|del|der|bin|al-\p{L}+)){1,3}(?:\s+(?:and|&)\s+\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){1,3})?)(?P<tail>.*)$",
        )
        .expect("valid regex")
    });
    let line = line.trim();
    if words(line) > 16 {
        return None;
    }
    let rest = BYLINE.captures(line)?.name("rest")?.as_str().trim();
    let caps = NAME.captures(rest)?;
    let tail = caps.name("tail").map_or("", |m| m.as_str()).trim();
    // The name must end at the line's end or at a separator, not run into a sentence.
    if !(tail.is_empty() || tail.starts_with([',', '|', '•', '·', '–', '—', '-', '/', '(', ';']))
    {
        return None;
    }
    Some((caps["name"].to_string(), tail.to_string()))
}

/// The date of a header line that is mostly a date (`news 12-Sep-2023 Politcs`,
/// `Published: October 19, 2023`, `Updated 2023-07-27 10:30`), never of a sentence.
pub(crate) fn header_date(line: &str) -> Option<NewsDate> {
    let n = words(line);
    if n > 10 || (n > 4 && line.ends_with('.')) {
        return None;
    }
    let (date, used) = find_date(line)?;
    (n - used <= 4).then_some(date)
}

/// The date and source of a header line that joins them with a separator, in either
/// order: `February 26, 1987 · Reuters`, `AP | 2023-07-27`, `12 Sep 2023 — TASS`. The
/// source is a short name, not a sentence nor another date; a known agency is named as
/// newsdex names it (`REUTER` → `Reuters`).
pub(crate) fn header_date_source(line: &str) -> Option<(NewsDate, String)> {
    // Emphasis around the whole line, as Markdown writes it: `*February 26, 1987 · Reuters*`.
    let line = line.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    if words(line) > 12 {
        return None;
    }
    let parts: Vec<&str> = if line.contains(['·', '|', '•']) {
        line.split(['·', '|', '•']).map(str::trim).collect()
    } else {
        [" — ", " – "]
            .iter()
            .find_map(|dash| line.split_once(dash))
            .map_or_else(Vec::new, |(a, b)| vec![a.trim(), b.trim()])
    };
    let [first, second] = parts.as_slice() else {
        return None;
    };
    let is_date = |part: &str| find_date(part).is_some_and(|(_, used)| used + 1 >= words(part));
    let (date, source) = if is_date(first) && !is_date(second) {
        (first, second)
    } else if is_date(second) && !is_date(first) {
        (second, first)
    } else {
        return None;
    };
    let source = match agency_tag(source) {
        Some(agency) => agency.to_string(),
        None if is_name(source) => source.to_string(),
        None => return None,
    };
    let (date, _) = find_date(date)?;
    Some((date, source))
}

/// Whether `text` reads as the name of a publication (`BBN – Big Big News`, `The Korea
/// Herald`, `9News`): a few words, the first with a capital or a digit and letters, not a
/// sentence, and none of the labels and sections pages print beside a date (`Updated`,
/// `World`, `5 min read`, `2 comments`).
fn is_name(text: &str) -> bool {
    const LABELS: &[&str] = &[
        "published",
        "first published",
        "updated",
        "last updated",
        "posted",
        "modified",
        "date",
        "filed",
        "news",
        "latest",
        "latest news",
        "breaking",
        "breaking news",
        "top stories",
        "world",
        "world news",
        "local",
        "national",
        "international",
        "politics",
        "business",
        "economy",
        "markets",
        "finance",
        "money",
        "tech",
        "technology",
        "science",
        "health",
        "sport",
        "sports",
        "opinion",
        "analysis",
        "editorial",
        "commentary",
        "features",
        "culture",
        "entertainment",
        "lifestyle",
        "travel",
        "video",
        "photos",
        "live",
        "press release",
    ];
    let first = text.split_whitespace().next().unwrap_or_default();
    let capital = first.chars().next().is_some_and(char::is_uppercase)
        || (first.chars().next().is_some_and(|c| c.is_ascii_digit())
            && first.chars().any(char::is_alphabetic));
    (1..=6).contains(&words(text))
        && capital
        && !ends_with_sentence(text)
        && !is_counter(text)
        && !is_chrome(text)
        && !LABELS.contains(&key(text).as_str())
}

/// Whether `text` ends as a sentence does (a period after a word that is no initial).
fn ends_with_sentence(text: &str) -> bool {
    text.ends_with(['!', '?'])
        || text
            .strip_suffix('.')
            .and_then(|t| t.split_whitespace().last())
            .is_some_and(|last| last.chars().count() > 3)
}

/// The agency of a wire dateline: `SEOUL, South Korea (AP) — …`.
pub(crate) fn dateline_agency(line: Option<&&str>) -> Option<String> {
    static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\p{Lu}[\p{L} .,'’-]{1,60}\((?P<agency>[\p{L} ]{2,20})\)\s*[-–—:]")
            .expect("valid regex")
    });
    let line = line?;
    match DATELINE.captures(line) {
        Some(caps) => agency_tag(&caps["agency"]).map(str::to_string),
        None => foreign_dateline(line).map(str::to_string),
    }
}

/// Agencies as their own languages write them, with the name newsdex gives them.
const FOREIGN_AGENCIES: &[(&str, &str)] = &[
    ("итар-тасс", "TASS"),
    ("тасс", "TASS"),
    ("риа новости", "RIA Novosti"),
    ("интерфакс", "Interfax"),
    ("интерфакс-украина", "Interfax-Ukraine"),
    ("укринформ", "Ukrinform"),
    ("белта", "BelTA"),
    ("연합뉴스", "Yonhap"),
    ("뉴시스", "Newsis"),
    ("뉴스1", "News1"),
    ("조선중앙통신", "KCNA"),
    ("新华社", "Xinhua"),
    ("新華社", "Xinhua"),
    ("中新社", "China News Service"),
    ("中新网", "China News Service"),
    ("共同通信", "Kyodo"),
    ("時事通信", "Jiji"),
    ("朝鲜中央通讯社", "KCNA"),
];

/// The agency of a dateline in the forms Russian, Korean, Chinese and Japanese wires
/// print: `МОСКВА, 13 сентября. /ТАСС/.`, `МОСКВА, 13 сен — РИА Новости.`,
/// `(서울=연합뉴스)`, `[서울=뉴시스]`, `新华社北京9月13日电`, `【北京共同】`.
fn foreign_dateline(line: &str) -> Option<&'static str> {
    static RUSSIAN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\p{Lu}[\p{Lu}\p{Pd} ]{1,40},[^/—–]{1,30}?(?:/\s*(?P<slash>[^/]{2,24}?)\s*/|[—–-]\s*(?P<dash>\p{Lu}[\p{L} -]{1,23}?)\s*\.)")
            .expect("valid regex")
    });
    static KOREAN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[(\[（【]\s*\p{L}+\s*=\s*(?P<agency>[\p{L}\d]+)\s*[)\]）】]")
            .expect("valid regex")
    });
    let find = |name: &str| {
        let name = name.trim().to_lowercase();
        FOREIGN_AGENCIES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, a)| *a)
    };
    let head: String = line.chars().take(80).collect();
    if let Some(caps) = RUSSIAN.captures(&head) {
        let name = caps.name("slash").or_else(|| caps.name("dash"))?;
        return find(name.as_str());
    }
    if let Some(caps) = KOREAN.captures(&head) {
        return find(&caps["agency"]);
    }
    // Chinese and Japanese wires open with the agency's name: `新华社北京9月13日电`.
    let opening = head.trim_start_matches(['【', '[', '（', '(']);
    FOREIGN_AGENCIES
        .iter()
        .find(|(name, _)| {
            opening.starts_with(name) && name.chars().any(newsdex_schema::cjk::is_cjk)
        })
        .map(|(_, agency)| *agency)
}

/// Removes site chrome around a title: `Title | World | News`, `Title - Site Name`.
pub(crate) fn strip_site_chrome(title: &str) -> String {
    strip_site_name(title, None)
}

/// Removes site chrome around a title, and the site's name where it is known
/// (`og:site_name`): `Talks | Example` → `Talks`.
pub(crate) fn strip_site_name(title: &str, site: Option<&str>) -> String {
    let title = title.trim();
    let is_site =
        |segment: &str| site.is_some_and(|s| s.trim().eq_ignore_ascii_case(segment.trim()));
    let mut bars: Vec<&str> = title.split(" | ").map(str::trim).collect();
    if bars.len() > 1 {
        bars.retain(|s| !is_site(s));
    }
    let title = match bars.as_slice() {
        [] => title,
        [only] => only,
        [first, rest @ ..] if words(first) >= 3 && rest.iter().all(|s| words(s) <= 4) => first,
        segments => {
            let longest = segments
                .iter()
                .copied()
                .max_by_key(|s| s.chars().count())
                .unwrap_or(title);
            let others_short = segments
                .iter()
                .filter(|s| **s != longest)
                .all(|s| words(s) <= 4);
            if words(longest) >= 3 && others_short {
                longest
            } else {
                title
            }
        }
    };
    for dash in [" - ", " – ", " — "] {
        if let Some((head, tail)) = title.rsplit_once(dash) {
            let site_like = words(tail) <= 3
                && tail.split_whitespace().all(|w| {
                    w.chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                })
                && words(head) >= 4;
            if is_site(tail) || site_like {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_site_chrome_from_titles() {
        assert_eq!(
            strip_site_chrome("Russian top brass heads to North Korea | World | News"),
            "Russian top brass heads to North Korea"
        );
        assert_eq!(
            strip_site_chrome("North Korea fires a missile into the sea - BBC News"),
            "North Korea fires a missile into the sea"
        );
        assert_eq!(
            strip_site_chrome("Kim – Putin summit"),
            "Kim – Putin summit"
        );
        assert_eq!(
            strip_site_chrome(
                "Kim meets Putin at a space base | the summit that alarmed Washington"
            ),
            "Kim meets Putin at a space base | the summit that alarmed Washington"
        );
    }

    #[test]
    fn reads_copyright_lines() {
        assert_eq!(
            copyright("©\u{a0}2023 BBN – Big Big News").as_deref(),
            Some("BBN – Big Big News")
        );
        assert_eq!(
            copyright("Copyright 2023 The Associated Press. All rights reserved.").as_deref(),
            Some("The Associated Press")
        );
        assert_eq!(
            copyright("(c) 2019-2023 Example Media Ltd").as_deref(),
            Some("Example Media Ltd")
        );
        assert_eq!(copyright("© All rights reserved"), None);
        assert_eq!(copyright("Copyright law is changing in the EU"), None);
    }

    #[test]
    fn reads_the_source_beside_a_header_date() {
        let read = |line: &str| header_date_source(line).map(|(d, s)| (d.to_string(), s));
        let reuters = Some(("1987-02-26".to_string(), "Reuters".to_string()));
        assert_eq!(read("February 26, 1987 · Reuters"), reuters);
        assert_eq!(read("*February 26, 1987 · Reuters*"), reuters);
        assert_eq!(read("REUTER | 1987-02-26"), reuters);
        assert_eq!(
            read("October 19, 2023 · BBN – Big Big News").map(|r| r.1),
            Some("BBN – Big Big News".to_string())
        );
        assert_eq!(
            read("12 Sep 2023 — Associated Press").map(|r| r.1),
            Some("AP".to_string())
        );
        assert_eq!(
            read("The Korea Herald – 2023-09-12").map(|r| r.1),
            Some("The Korea Herald".to_string())
        );
        assert_eq!(read("February 26, 1987"), None);
        assert_eq!(read("February 26, 1987 · 1987-02-27"), None);
        assert_eq!(
            read("February 26, 1987 · The talks ended without a deal."),
            None
        );
        assert_eq!(read("Kim met Shoigu · they talked"), None);
        assert_eq!(read("Updated · February 26, 1987"), None);
        assert_eq!(read("Politics | 2023-07-27"), None);
        assert_eq!(read("October 19, 2023 · 5 min read"), None);
        assert_eq!(read("October 19, 2023 · 2 comments"), None);
        assert_eq!(read("October 19, 2023 · share"), None);
        assert_eq!(read("October 19, 2023 · Share"), None);
        assert_eq!(
            read("9News | 2023-07-27").map(|r| r.1),
            Some("9News".to_string())
        );
    }

    #[test]
    fn reads_bylines() {
        assert_eq!(
            byline("by Lucas Garcia"),
            Some(("Lucas Garcia".into(), String::new()))
        );
        assert_eq!(
            byline("By Jane Doe and John Roe | October 19, 2023").map(|b| b.0),
            Some("Jane Doe and John Roe".into())
        );
        assert_eq!(byline("by the sea, Kim walked"), None);
        assert_eq!(
            byline("By Tuesday the talks had failed to produce anything"),
            None
        );
    }

    #[test]
    fn datelines_of_other_languages_name_the_agency() {
        for (line, agency) in [
            (
                "МОСКВА, 13 сентября. /ТАСС/. Министр обороны прибыл в Пхеньян.",
                "TASS",
            ),
            (
                "МОСКВА, 13 сен — РИА Новости. Министр обороны прибыл.",
                "RIA Novosti",
            ),
            (
                "(서울=연합뉴스) 세르게이 쇼이구 러시아 국방장관이 평양에 도착했다.",
                "Yonhap",
            ),
            ("[서울=뉴시스] 쇼이구 장관이 도착했다.", "Newsis"),
            ("新华社北京9月13日电 国家主席习近平会见普京。", "Xinhua"),
            ("SEOUL, South Korea (AP) — Kim met Shoigu.", "AP"),
        ] {
            assert_eq!(
                dateline_agency(Some(&line)).as_deref(),
                Some(agency),
                "{line}"
            );
        }
        for line in [
            "Министр обороны России прибыл в Пхеньян, где проведет переговоры.",
            "(웃음) 그는 말했다.",
            "国家主席习近平会见普京。",
        ] {
            assert_eq!(dateline_agency(Some(&line)), None, "{line}");
        }
    }
}
