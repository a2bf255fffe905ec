//! Raw scraped text: metadata from the page's header and footer, and a body without the
//! page's furniture.
//!
//! The page is read as lines, in three parts:
//!
//! 1. **The header**, the lines before the first paragraph of prose: the title (the first
//!    line that is not site chrome such as `LOGIN`), then bylines (`by Lucas Garcia`),
//!    date lines (`news 12-Sep-2023 Politcs`), counters (`4 comments`,
//!    `11 months ago 28`), photo credits (`Pic - AP news`) and repeats of the title. Only
//!    here is a date looked for: a date in the story or in a reader's comment is never
//!    the article's.
//! 2. **The story**, up to the first furniture marker that follows prose: a FAQ or share
//!    block, related or popular posts, a comment form, a reader comment
//!    (`name October 19, 2023 - 3:46 pm … Reply`), a copyright line. Promo lines inside
//!    it (`READ MORE: …`, `Advertisement`) are dropped; short lines without a sentence's
//!    end after the last paragraph (`Source link`, `Exit mobile version`) are dropped,
//!    and an agency's end tag among them (`AP`, `Reuter`) becomes the source.
//! 3. **The footer**, everything after the marker: only read for a copyright line
//!    (`© 2023 BBN – Big Big News`) naming the source.

use std::borrow::Cow;
use std::sync::LazyLock;

use newsdex_schema::NewsDate;
use regex::Regex;

use crate::dates::find_date;
use crate::decode::strip_controls;

/// What extraction found in a page of text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Extracted {
    pub title: Option<String>,
    pub date: Option<NewsDate>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub body: String,
}

/// News agencies whose name alone on a line ends a wire story, with the name used as the
/// source. `Reuter`, the sign-off of the Reuters wire, is reported as `Reuters`.
const AGENCIES: &[(&str, &str)] = &[
    ("ap", "AP"),
    ("associated press", "AP"),
    ("the associated press", "AP"),
    ("afp", "AFP"),
    ("reuter", "Reuters"),
    ("reuters", "Reuters"),
    ("upi", "UPI"),
    ("dpa", "dpa"),
    ("xinhua", "Xinhua"),
    ("tass", "TASS"),
    ("yonhap", "Yonhap"),
    ("kyodo", "Kyodo"),
    ("efe", "EFE"),
    ("ansa", "ANSA"),
    ("pti", "PTI"),
    ("ians", "IANS"),
    ("aap", "AAP"),
    ("bernama", "Bernama"),
    ("bloomberg", "Bloomberg"),
];

/// The source an agency end tag names (`AP`, `(Reuters)`, `-- Reuter`, `REUTER...`), if the
/// line is one.
pub(crate) fn agency_tag(line: &str) -> Option<&'static str> {
    let tag = line
        .trim()
        .trim_end_matches("^M")
        .trim_matches(|c: char| matches!(c, '-' | '–' | '—' | '(' | ')' | '[' | ']' | '.' | ' '));
    if tag.is_empty() || tag.len() > 24 {
        return None;
    }
    let lower = tag.to_lowercase();
    AGENCIES
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, source)| *source)
}

/// Removes a wire sign-off from the end of a record's body (`…said.\n Reuter\n\x03`,
/// also doubled, or after the last sentence on its line: `…NIL. REUTER`), with control
/// characters; returns the body and the agency it named.
pub(crate) fn sign_off(body: &str) -> (Cow<'_, str>, Option<&'static str>) {
    static INLINE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[.)]\s+(?P<tag>[\p{L}]{2,12})[.\s]*$").expect("valid regex"));
    let stripped = strip_controls(body);
    let text: &str = &stripped;
    let start = text.len() - text.trim_start().len();
    let mut rest = text.trim();
    let mut agency = None;
    for _ in 0..3 {
        let (before, last) = match rest.rfind('\n') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => ("", rest),
        };
        if let Some(found) = agency_tag(last).filter(|_| !before.trim().is_empty()) {
            agency.get_or_insert(found);
            rest = before.trim_end();
            continue;
        }
        if let Some(caps) = INLINE.captures(last) {
            let tag = caps.name("tag").expect("group");
            if let Some(found) = agency_tag(tag.as_str()) {
                agency.get_or_insert(found);
                let cut = rest.len() - last.len() + tag.start();
                rest = rest[..cut].trim_end();
                continue;
            }
        }
        break;
    }
    // `rest` only ever loses its end: it is `text[start..end]`.
    let end = start + rest.len();
    let body = match stripped {
        Cow::Borrowed(text) => Cow::Borrowed(&text[start..end]),
        Cow::Owned(mut text) => {
            text.truncate(end);
            text.drain(..start);
            Cow::Owned(text)
        }
    };
    (body, agency)
}

/// Rejoins a body hard-wrapped at a fixed width (wire copy at ~65 columns) into
/// paragraphs: a blank or indented line starts a paragraph, other lines continue it.
/// Bodies that are not hard-wrapped prose (long lines, tables, lists of short lines) are
/// returned as they are.
pub(crate) fn unwrap_hard_wraps(body: &str) -> Cow<'_, str> {
    let lines: Vec<&str> = body.lines().collect();
    let filled: Vec<usize> = lines
        .iter()
        .map(|l| l.trim_end().chars().count())
        .filter(|&n| n > 0)
        .collect();
    let wrapped = filled.len() >= 3
        && filled.iter().all(|&n| n <= 90)
        && filled.iter().filter(|&&n| n >= 45).count() * 3 >= filled.len() * 2;
    if !wrapped {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    let mut new_paragraph = true;
    for line in lines {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            new_paragraph = true;
            continue;
        }
        let indented = line.starts_with("  ") || line.starts_with('\t');
        if !out.is_empty() {
            out.push_str(if new_paragraph || indented {
                "\n\n"
            } else {
                " "
            });
        }
        out.push_str(trimmed);
        new_paragraph = false;
    }
    Cow::Owned(out)
}

fn words(line: &str) -> usize {
    line.split_whitespace().count()
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '?', '!', '"', '”', '’', '\'', ')', ':', ';', '»'])
}

/// A line of prose: long, or a sentence.
fn is_paragraph(line: &str) -> bool {
    let n = words(line);
    n >= 25 || (n >= 6 && ends_sentence(line) && !line.trim_end().ends_with(':'))
}

/// A line as a key for lexicon matches: lowercase, without surrounding punctuation.
fn key(line: &str) -> String {
    line.trim()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
        .replace(['’', '‘'], "'")
}

/// Lines that are site chrome wherever they stand: navigation, sharing, advertising.
fn is_chrome(line: &str) -> bool {
    const CHROME: &[&str] = &[
        "login",
        "log in",
        "sign in",
        "sign up",
        "register",
        "subscribe",
        "subscribe now",
        "menu",
        "main menu",
        "open menu",
        "close",
        "search",
        "home",
        "skip to content",
        "skip to main content",
        "toggle navigation",
        "advertisement",
        "advertisment",
        "sponsored",
        "sponsored content",
        "share",
        "share this",
        "share this article",
        "tweet",
        "email",
        "print",
        "facebook",
        "twitter",
        "whatsapp",
        "linkedin",
        "telegram",
        "reddit",
        "pinterest",
        "copy link",
        "reply",
        "listen to this article",
        "story continues below advertisement",
        "scroll to continue",
        "continue reading below",
        "exit mobile version",
    ];
    let k = key(line);
    CHROME.contains(&k.as_str())
        || (k.starts_with("share on ") && words(line) <= 4)
        || (k.starts_with("follow us") && words(line) <= 6)
}

/// Counters that pages print beside a story: `4 comments`, `11 months ago 28`,
/// `5 min read`, `1.2K views`. Every word is a number or a counter word.
fn is_counter(line: &str) -> bool {
    const UNITS: &[&str] = &[
        "comment", "comments", "ago", "second", "seconds", "minute", "minutes", "min", "mins",
        "hour", "hours", "hr", "hrs", "day", "days", "week", "weeks", "month", "months", "year",
        "years", "read", "views", "view", "shares", "likes", "reads", "just", "now",
    ];
    let words: Vec<&str> = line.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 6
        && words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
        && words.iter().all(|w| {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            w.is_empty()
                || UNITS.contains(&w.as_str())
                || w.trim_end_matches(['k', 'm'])
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        })
}

/// Photo credits: `Pic - AP news`, `Photo: Reuters`, `Image credit: …`.
fn is_credit(line: &str) -> bool {
    static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^(pic|pics|photo|photos|photograph|image|images|picture|file photo|credit|image credit|photo credit)\s*[-–—:|]",
        )
        .expect("valid regex")
    });
    words(line) <= 8 && CREDIT.is_match(line.trim())
}

/// Promotion lines inside a story: `READ MORE: …`, `RELATED: …`, `WATCH: …`.
fn is_promo(line: &str) -> bool {
    static PROMO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^(read more|read also|also read|related|see also|watch|listen|recommended|more|click here|subscribe|sign up)\b[^:]{0,20}:\s*\S",
        )
        .expect("valid regex")
    });
    PROMO.is_match(line.trim()) && words(line) <= 30
}

/// Form prompts of comment sections: `Please enter your comment!`.
fn is_prompt(line: &str) -> bool {
    let k = key(line);
    (k.starts_with("please enter your") || k.starts_with("you must be logged in"))
        && words(line) <= 10
}

/// Headings that open the page's furniture after a story: everything from here on is
/// not the article.
fn is_tail_marker(line: &str) -> bool {
    const STARTS: &[&str] = &[
        "related",
        "more about",
        "more from",
        "more on ",
        "more stories",
        "more news",
        "more articles",
        "you may also like",
        "you might also like",
        "you may like",
        "you might like",
        "recommended",
        "read more",
        "read next",
        "read entire article",
        "read full article",
        "read the full",
        "read original article",
        "continue reading",
        "source link",
        "leave a comment",
        "leave a reply",
        "post a comment",
        "add a comment",
        "join the conversation",
        "comments",
        "share this",
        "frequently asked questions",
        "faq",
        "most popular",
        "most read",
        "popular post",
        "trending",
        "latest news",
        "latest posts",
        "editors' picks",
        "editor's picks",
        "top stories",
        "tags:",
        "filed under",
        "about the author",
        "all rights reserved",
        "exit mobile version",
    ];
    static COUNT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\d+\s+(comments?|responses?|replies)\b").expect("valid regex")
    });
    let heading = !line.trim_end().ends_with(['.', '?', '"', '”']);
    if words(line) > 9 || !heading || is_promo(line) {
        return false;
    }
    let k = key(line);
    STARTS.iter().any(|s| k.starts_with(s))
        || COUNT.is_match(line.trim())
        || is_prompt(line)
        || copyright(line).is_some()
}

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
fn byline(line: &str) -> Option<(String, String)> {
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

/// A reader's comment header: a name, a date and a time (`CryptoEnthusiast October 19,
/// 2023 - 3:46 pm`).
fn is_comment_header(line: &str) -> bool {
    static TIME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b\d{1,2}:\d{2}\b").expect("valid regex"));
    words(line) <= 12 && TIME.is_match(line) && find_date(line).is_some() && !is_paragraph(line)
}

/// Whether `lines[i]` opens a reader comment: a comment header with `Reply` shortly after.
fn opens_comment(lines: &[&str], i: usize) -> bool {
    is_comment_header(lines[i])
        && lines[i + 1..]
            .iter()
            .take(12)
            .any(|l| key(l) == "reply" || key(l) == "reply to this comment")
}

/// Reads the metadata and clean body of a page of text. With `known_title` (from HTML
/// or front matter), the first line is not taken as a title but is dropped if it repeats
/// the known one.
pub(crate) fn extract(text: &str, known_title: Option<&str>) -> Extracted {
    let text = strip_controls(text);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut keep = vec![true; lines.len()];
    let mut out = Extracted::default();
    let same_as = |a: &str, b: &str| {
        let norm = |s: &str| {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        };
        let (a, b) = (norm(a), norm(b));
        !a.is_empty() && (a == b || norm(&strip_site_chrome(&a)) == b)
    };

    // 1. The header.
    let mut title = known_title.map(str::to_string);
    let mut title_decided = known_title.is_some();
    let mut header_lines = 0;
    let mut i = 0;
    while i < lines.len() && header_lines < 12 {
        let line = lines[i];
        if line.is_empty() {
            i += 1;
            continue;
        }
        header_lines += 1;
        let repeats_title = title.as_deref().is_some_and(|t| same_as(line, t));
        if repeats_title || is_chrome(line) || is_counter(line) || is_credit(line) || is_promo(line)
        {
            keep[i] = false;
        } else if let Some((name, tail)) = byline(line) {
            out.author.get_or_insert(name);
            if out.date.is_none() {
                out.date = find_date(&tail).map(|(d, _)| d);
            }
            keep[i] = false;
        } else if let Some(date) = header_date(line) {
            out.date.get_or_insert(date);
            keep[i] = false;
        } else if !title_decided {
            title_decided = true;
            if !is_title(line) {
                // The first meaningful line is prose: the page has no headline.
                break;
            }
            let found = strip_site_chrome(line);
            out.title = Some(found.clone());
            title = Some(found);
            keep[i] = false;
        } else if is_paragraph(line) {
            break;
        } else if words(line) == 1 && !ends_sentence(line) {
            // A lone word in the header is a section label or a menu item.
            keep[i] = false;
        }
        i += 1;
    }
    let story_start = i;

    // 2. The story, up to the first furniture marker after prose.
    let mut seen_prose = false;
    let mut cut = lines.len();
    for j in story_start..lines.len() {
        let line = lines[j];
        if line.is_empty() {
            continue;
        }
        if seen_prose && (is_tail_marker(line) || opens_comment(&lines, j)) {
            cut = j;
            break;
        }
        if is_paragraph(line) {
            seen_prose = true;
        }
        if is_chrome(line)
            || is_counter(line)
            || is_credit(line)
            || is_promo(line)
            || is_prompt(line)
        {
            keep[j] = false;
        }
    }
    // Short lines without a sentence's end after the last paragraph are page furniture;
    // an agency tag among them names the source.
    let last_paragraph = (story_start..cut)
        .rev()
        .find(|&j| keep[j] && is_paragraph(lines[j]));
    let mut end = cut;
    if let Some(last) = last_paragraph {
        while end > last + 1 {
            let line = lines[end - 1];
            if !line.is_empty() && keep[end - 1] {
                if let Some(agency) = agency_tag(line) {
                    out.source.get_or_insert_with(|| agency.to_string());
                } else if words(line) > 6 || ends_sentence(line) {
                    break;
                }
            }
            end -= 1;
        }
    }
    for k in keep.iter_mut().skip(end) {
        *k = false;
    }

    // 3. The footer: a copyright line names the source when no end tag did.
    if out.source.is_none() {
        out.source = lines[end..].iter().rev().find_map(|l| copyright(l));
    }
    if out.source.is_none() {
        out.source = dateline_agency(lines[story_start..end].iter().find(|l| !l.is_empty()));
    }

    let mut body = String::with_capacity(text.len());
    let mut blank = false;
    for (line, _) in lines.iter().zip(&keep).filter(|(_, k)| **k) {
        if line.is_empty() {
            blank = !body.is_empty();
            continue;
        }
        if blank {
            body.push_str("\n\n");
        } else if !body.is_empty() {
            body.push('\n');
        }
        blank = false;
        body.push_str(line);
    }
    if body.is_empty() {
        // Rules that find furniture on a page must not empty a short page: keep its text.
        let title = out.title.as_deref().unwrap_or_default();
        body = lines
            .iter()
            .filter(|l| !l.is_empty() && **l != title)
            .copied()
            .collect::<Vec<_>>()
            .join("\n");
    }
    out.body = body;
    out
}

/// A title: a line that is not a sentence of prose nor too long to be a headline.
fn is_title(line: &str) -> bool {
    let n = words(line);
    n >= 2 && line.chars().count() <= 250 && !(n > 12 && line.ends_with('.'))
}

/// The date of a header line that is mostly a date (`news 12-Sep-2023 Politcs`,
/// `Published: October 19, 2023`, `Updated 2023-07-27 10:30`), never of a sentence.
fn header_date(line: &str) -> Option<NewsDate> {
    let n = words(line);
    if n > 10 || (n > 4 && line.ends_with('.')) {
        return None;
    }
    let (date, used) = find_date(line)?;
    (n - used <= 4).then_some(date)
}

/// The agency of a wire dateline: `SEOUL, South Korea (AP) — …`.
fn dateline_agency(line: Option<&&str>) -> Option<String> {
    static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\p{Lu}[\p{L} .,'’-]{1,60}\((?P<agency>[\p{L} ]{2,20})\)\s*[-–—:]")
            .expect("valid regex")
    });
    let caps = DATELINE.captures(line?)?;
    agency_tag(&caps["agency"]).map(str::to_string)
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
    fn recognises_agency_tags() {
        assert_eq!(agency_tag("AP"), Some("AP"));
        assert_eq!(agency_tag(" Reuter"), Some("Reuters"));
        assert_eq!(agency_tag("-- REUTER"), Some("Reuters"));
        assert_eq!(agency_tag("(AFP)"), Some("AFP"));
        assert_eq!(agency_tag("APPLE"), None);
        assert_eq!(agency_tag("Source link"), None);
    }

    #[test]
    fn signs_off_wire_records() {
        let (body, agency) = sign_off("Showers continued.\n Reuter\n\u{3}");
        assert_eq!(
            (body.as_ref(), agency),
            ("Showers continued.", Some("Reuters"))
        );
        let (body, agency) = sign_off("Only a line\n");
        assert_eq!((body.as_ref(), agency), ("Only a line", None));
        let (body, agency) = sign_off("Reuter\n\u{3}");
        assert_eq!((body.as_ref(), agency), ("Reuter", None));
        let (body, agency) = sign_off("Note: period ended January 31.\nREUTER\n Reuter\n\u{3}");
        assert_eq!(
            (body.as_ref(), agency),
            ("Note: period ended January 31.", Some("Reuters"))
        );
        let (body, agency) = sign_off("Gold output was nil. REUTER\n\u{3}");
        assert_eq!(
            (body.as_ref(), agency),
            ("Gold output was nil.", Some("Reuters"))
        );
        let (body, agency) = sign_off("Trading halted.\nREUTER...^M\n\u{3}");
        assert_eq!(
            (body.as_ref(), agency),
            ("Trading halted.", Some("Reuters"))
        );
        let (body, agency) = sign_off("He met the AP.");
        assert_eq!((body.as_ref(), agency), ("He met the AP.", None));
    }

    #[test]
    fn rejoins_hard_wrapped_wire_copy() {
        let wire = "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought since early\nJanuary and improving prospects for the coming temporao.\n    The dry period means the temporao will be late this year.\n";
        assert_eq!(
            unwrap_hard_wraps(wire),
            "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought since early January and improving prospects for the coming temporao.\n\nThe dry period means the temporao will be late this year."
        );
        let table =
            "Shr 11 cts vs nine cts\n    Net 2.1 mln vs 1.6 mln\n    Revs 60.8 mln vs 32.9 mln\n";
        assert_eq!(unwrap_hard_wraps(table), table);
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
    fn counts_are_not_text() {
        for line in ["4 comments", "11 months ago 28", "5 min read", "1.2K views"] {
            assert!(is_counter(line), "{line}");
        }
        for line in ["4 soldiers died", "In 2023", "AP"] {
            assert!(!is_counter(line), "{line}");
        }
    }

    #[test]
    fn dates_come_from_the_header_only() {
        let page = "Talks in Pyongyang end\n\nnews 12-Sep-2023 Politcs\n\nKim and Shoigu talked on Wednesday in the capital, reaching a consensus.\n\nIn April 12, 2023 Kim attended a ceremony.\n";
        let e = extract(page, None);
        assert_eq!(e.title.as_deref(), Some("Talks in Pyongyang end"));
        assert_eq!(e.date.map(|d| d.to_string()).as_deref(), Some("2023-09-12"));
        assert!(!e.body.contains("Politcs"));

        let story_only = "Talks in Pyongyang end\n\nKim and Shoigu talked on Wednesday in the capital, reaching a consensus.\n\nOctober 19, 2023\n";
        assert_eq!(extract(story_only, None).date, None);
    }

    #[test]
    fn comment_threads_and_footers_are_cut() {
        let page = "A title for the story\n\nThe first paragraph of the story says what happened in some detail.\n\nAlice October 19, 2023 - 3:46 pm\n\nGreat story!\n\nReply\nBob October 19, 2023 - 8:27 pm\n\nNo.\n\nReply\n\n© 2023 Example News\n";
        let e = extract(page, None);
        assert_eq!(
            e.body,
            "The first paragraph of the story says what happened in some detail."
        );
        assert_eq!(e.date, None);
        assert_eq!(e.source.as_deref(), Some("Example News"));
    }

    #[test]
    fn wire_datelines_name_the_agency() {
        let page = "Kim meets Shoigu\n\nSEOUL, South Korea (AP) — North Korean leader Kim Jong Un met Russia's defense minister.\n";
        assert_eq!(extract(page, None).source.as_deref(), Some("AP"));
    }

    #[test]
    fn a_short_page_keeps_its_text() {
        let out = extract("New 4\n\nnewword4\n", None);
        assert_eq!(out.title.as_deref(), Some("New 4"));
        assert_eq!(out.body, "newword4");
    }

    #[test]
    fn a_page_without_a_headline_has_no_title() {
        let page = "Kim and Shoigu talked on Wednesday in the capital, Pyongyang, and reached a consensus on matters of mutual concern, state media said Thursday.\n";
        let e = extract(page, None);
        assert_eq!(e.title, None);
        assert_eq!(e.body, page.trim());
    }
}
