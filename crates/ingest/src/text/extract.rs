//! The three passes over a page of text: header, story, footer.

use newsdex_schema::NewsDate;

use super::furniture::{
    is_chrome, is_counter, is_credit, is_promo, is_prompt, is_tail_marker, opens_comment,
};
use super::lines::{ends_sentence, is_paragraph, is_title, words};
use super::meta::{
    byline, copyright, dateline_agency, header_date, header_date_source, strip_site_chrome,
};
use super::wire::agency_tag;
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

/// Reads the metadata and clean body of a page of text. With `known_title` (from HTML
/// or front matter), the first line is not taken as a title but is dropped if it repeats
/// the known one.
pub(crate) fn extract(text: &str, known_title: Option<&str>) -> Extracted {
    let text = strip_controls(text);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut keep = vec![true; lines.len()];
    // Lines read as metadata (the title again, a byline, a date, a source): never the body
    // of a short page.
    let mut metadata = vec![false; lines.len()];
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
            metadata[i] = repeats_title;
        } else if let Some((name, tail)) = byline(line) {
            out.author.get_or_insert(name);
            if out.date.is_none() {
                out.date = find_date(&tail).map(|(d, _)| d);
            }
            keep[i] = false;
            metadata[i] = true;
        } else if let Some((date, source)) = header_date_source(line) {
            out.date.get_or_insert(date);
            out.source.get_or_insert(source);
            keep[i] = false;
            metadata[i] = true;
        } else if let Some(date) = header_date(line) {
            out.date.get_or_insert(date);
            keep[i] = false;
            metadata[i] = true;
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
        // A title with only its date, source or byline under it has no body.
        body = lines
            .iter()
            .zip(&metadata)
            .filter(|(l, meta)| !l.is_empty() && **l != title && !**meta)
            .map(|(l, _)| *l)
            .collect::<Vec<_>>()
            .join("\n");
    }
    out.body = body;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_and_source_line_gives_both_and_is_no_body() {
        let page = "BAHIA COCOA REVIEW\nFebruary 26, 1987 · Reuters\n\nShowers continued throughout the week in the Bahia cocoa zone.\n";
        let e = extract(page, None);
        assert_eq!(e.title.as_deref(), Some("BAHIA COCOA REVIEW"));
        assert_eq!(e.date.map(|d| d.to_string()).as_deref(), Some("1987-02-26"));
        assert_eq!(e.source.as_deref(), Some("Reuters"));
        assert_eq!(
            e.body,
            "Showers continued throughout the week in the Bahia cocoa zone."
        );
        let title_only = "N.Y. BUSINESS LOANS FALL 195 MLN DLRS IN FEB 18 WEEK, FED SAYS\nFebruary 26, 1987 · Reuters\n\n\n";
        let e = extract(title_only, None);
        assert_eq!(e.source.as_deref(), Some("Reuters"));
        assert_eq!(e.body, "");
        let dated_title_only = "KIM MEETS SHOIGU\nSeptember 12, 2023\n";
        assert_eq!(extract(dated_title_only, None).body, "");
        let known = "KIM MEETS SHOIGU\nSeptember 12, 2023 · Yonhap\n";
        assert_eq!(extract(known, Some("KIM MEETS SHOIGU")).body, "");
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
