//! Wire copy: the agencies' end tags (`AP`, `Reuter`), sign-offs at the end of a record,
//! and bodies hard-wrapped at a fixed width.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::decode::strip_controls;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
