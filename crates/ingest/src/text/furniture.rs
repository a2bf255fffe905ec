//! Page furniture: the lines of a scraped page that are not the article (site chrome,
//! counters, photo credits, promotions, comment forms) and the headings after which
//! nothing is.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::{is_paragraph, key, words};
use super::meta::copyright;
use crate::dates::find_date;

/// Lines that are site chrome wherever they stand: navigation, sharing, advertising.
pub(crate) fn is_chrome(line: &str) -> bool {
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
pub(crate) fn is_counter(line: &str) -> bool {
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
pub(crate) fn is_credit(line: &str) -> bool {
    static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^(pic|pics|photo|photos|photograph|image|images|picture|file photo|credit|image credit|photo credit)\s*[-–—:|]",
        )
        .expect("valid regex")
    });
    words(line) <= 8 && CREDIT.is_match(line.trim())
}

/// Promotion lines inside a story: `READ MORE: …`, `RELATED: …`, `WATCH: …`.
pub(crate) fn is_promo(line: &str) -> bool {
    static PROMO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^(read more|read also|also read|related|see also|watch|listen|recommended|more|click here|subscribe|sign up)\b[^:]{0,20}:\s*\S",
        )
        .expect("valid regex")
    });
    PROMO.is_match(line.trim()) && words(line) <= 30
}

/// Form prompts of comment sections: `Please enter your comment!`.
pub(crate) fn is_prompt(line: &str) -> bool {
    let k = key(line);
    (k.starts_with("please enter your") || k.starts_with("you must be logged in"))
        && words(line) <= 10
}

/// Headings that open the page's furniture after a story: everything from here on is
/// not the article.
pub(crate) fn is_tail_marker(line: &str) -> bool {
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

/// A reader's comment header: a name, a date and a time (`CryptoEnthusiast October 19,
/// 2023 - 3:46 pm`).
fn is_comment_header(line: &str) -> bool {
    static TIME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b\d{1,2}:\d{2}\b").expect("valid regex"));
    words(line) <= 12 && TIME.is_match(line) && find_date(line).is_some() && !is_paragraph(line)
}

/// Whether `lines[i]` opens a reader comment: a comment header with `Reply` shortly after.
pub(crate) fn opens_comment(lines: &[&str], i: usize) -> bool {
    is_comment_header(lines[i])
        && lines[i + 1..]
            .iter()
            .take(12)
            .any(|l| key(l) == "reply" || key(l) == "reply to this comment")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_not_text() {
        for line in ["4 comments", "11 months ago 28", "5 min read", "1.2K views"] {
            assert!(is_counter(line), "{line}");
        }
        for line in ["4 soldiers died", "In 2023", "AP"] {
            assert!(!is_counter(line), "{line}");
        }
    }
}
