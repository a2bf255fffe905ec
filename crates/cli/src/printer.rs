//! Human and JSON output. Printers write to any `io::Write`; colour codes are written
//! always and stripped by the caller's stream where colour is off. The JSON Lines of
//! `search --json` are the library's ([`newsdex::query::jsonl`]); the other JSON objects
//! are the serialized library types.

use std::io::{self, Write};
use std::ops::Range;

use anstyle::{AnsiColor, Effects, Style};
use newsdex::{
    Article, Facets, Hit, Language, PushProgress, PushReport, SearchResults, Stats, SyncReport,
};
use serde_json::json;

use crate::location::display_path;

const TITLE: Style = Style::new().effects(Effects::BOLD);
const MARK: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)))
    .effects(Effects::BOLD);
const DIM: Style = Style::new().effects(Effects::DIMMED);
const RANK: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)))
    .effects(Effects::BOLD);

/// Writes `text` with the byte ranges `marks` styled, and the rest in `base`.
fn marked(out: &mut dyn Write, text: &str, marks: &[Range<usize>], base: Style) -> io::Result<()> {
    marked_part(out, text, 0..text.len(), marks, base)
}

/// Writes the `part` of `text` (a byte range on character boundaries) with the parts of
/// the byte ranges `marks` that fall in it styled, and the rest in `base`. Every style
/// opened is closed within the part, so a mark cut by a line break is styled on both
/// lines.
fn marked_part(
    out: &mut dyn Write,
    text: &str,
    part: Range<usize>,
    marks: &[Range<usize>],
    base: Style,
) -> io::Result<()> {
    let mut at = part.start;
    let mut last_end = 0;
    for mark in marks {
        if mark.start < last_end
            || mark.end > text.len()
            || !text.is_char_boundary(mark.start)
            || !text.is_char_boundary(mark.end)
        {
            continue;
        }
        last_end = mark.end;
        let (start, end) = (mark.start.max(part.start), mark.end.min(part.end));
        if start >= end {
            continue;
        }
        write!(out, "{base}{}{base:#}", &text[at..start])?;
        write!(out, "{MARK}{}{MARK:#}", &text[start..end])?;
        at = end;
    }
    write!(out, "{base}{}{base:#}", &text[at..part.end])
}

/// The byte ranges of the lines of `text` wrapped at word boundaries to `width` columns,
/// counted as a terminal shows them (a Chinese character or an emoji takes two). The
/// white space at a break is left out; a word wider than a line is cut between its
/// characters.
fn wrap_lines(text: &str, width: usize) -> Vec<Range<usize>> {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let width = width.max(1);
    let mut lines = Vec::new();
    // The line being filled: where it starts, where its last word ends, its width.
    let mut line: Option<(usize, usize, usize)> = None;
    let words = text
        .split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w));
    for (start, word) in words {
        let end = start + word.len();
        let word_width = word.width();
        if let Some((line_start, line_end, line_width)) = line {
            let fits = line_width + text[line_end..start].width() + word_width;
            if fits <= width {
                line = Some((line_start, end, fits));
                continue;
            }
            lines.push(line_start..line_end);
        }
        // The word starts a line; cut it where it is wider than one.
        let mut from = start;
        loop {
            let mut used = 0;
            let mut cut = from;
            for (i, c) in text[from..end].char_indices() {
                let w = c.width().unwrap_or(0);
                if used + w > width && cut > from {
                    break;
                }
                used += w;
                cut = from + i + c.len_utf8();
            }
            if cut >= end {
                line = Some((from, end, used));
                break;
            }
            lines.push(from..cut);
            from = cut;
        }
    }
    if let Some((line_start, line_end, _)) = line {
        lines.push(line_start..line_end);
    }
    lines
}

/// `source · date · language · path`, leaving out what the article lacks. English, the
/// language of most archives, is not named.
fn meta_line(
    source: Option<&str>,
    date: Option<String>,
    lang: Option<Language>,
    author: Option<&str>,
    path: Option<&str>,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(source) = source {
        parts.push(source.to_string());
    }
    if let Some(date) = date {
        parts.push(date);
    }
    if let Some(lang) = lang.filter(|l| *l != Language::ENGLISH) {
        parts.push(lang.code().to_string());
    }
    if let Some(author) = author {
        parts.push(format!("by {author}"));
    }
    if let Some(path) = path {
        parts.push(display_path(path));
    }
    parts.join(" · ")
}

/// Search results for people.
///
/// With `wrap`, the width of the terminal in columns, snippets are wrapped to it at word
/// boundaries, each line indented under the title.
pub fn human_results(
    out: &mut dyn Write,
    results: &SearchResults,
    elapsed: std::time::Duration,
    wrap: Option<usize>,
) -> io::Result<()> {
    let width = results.hits.last().map_or(1, |h| h.rank.to_string().len());
    for hit in &results.hits {
        human_hit(out, hit, width, wrap)?;
        writeln!(out)?;
    }
    if let Some(facets) = &results.facets {
        human_facets(out, facets)?;
        writeln!(out)?;
    }
    if !results.variants.is_empty() {
        writeln!(
            out,
            "{DIM}also matched: {}{DIM:#}",
            results.variants.join(", ")
        )?;
    }
    if let (Some(first), Some(last)) = (results.hits.first(), results.hits.last()) {
        writeln!(
            out,
            "{DIM}{}–{} of {} {} ({:.1} ms){DIM:#}",
            first.rank,
            last.rank,
            results.total,
            if results.total == 1 {
                "article"
            } else {
                "articles"
            },
            elapsed.as_secs_f64() * 1000.0
        )?;
    } else if results.total > 0 {
        writeln!(
            out,
            "{DIM}{} articles match; none on this page{DIM:#}",
            results.total
        )?;
    }
    Ok(())
}

fn human_hit(out: &mut dyn Write, hit: &Hit, width: usize, wrap: Option<usize>) -> io::Result<()> {
    write!(out, "{RANK}{:>width$}.{RANK:#} ", hit.rank)?;
    match &hit.title {
        Some(title) => marked(out, title, &hit.title_highlights, TITLE)?,
        None => write!(out, "{TITLE}(untitled){TITLE:#}")?,
    }
    writeln!(out)?;
    let indent = " ".repeat(width + 2);
    let meta = meta_line(
        hit.source.as_deref(),
        hit.date.map(|d| d.to_string()),
        hit.lang,
        None,
        hit.path.as_deref(),
    );
    let sep = if meta.is_empty() { "" } else { " · " };
    write!(
        out,
        "{indent}{DIM}{meta}{sep}score {:.2} · id {}",
        hit.score, hit.id
    )?;
    if !hit.similar.is_empty() {
        // The copies folded into the hit: `search show ID` reads each.
        const NAMED: usize = 3;
        let mut named = hit.similar[..hit.similar.len().min(NAMED)].join(", ");
        if hit.similar.len() > NAMED {
            named.push_str(", …");
        }
        write!(out, " · +{} similar ({named})", hit.similar.len())?;
    }
    writeln!(out, "{DIM:#}")?;
    if !hit.snippet.is_empty() {
        let text = &hit.snippet.text;
        let lines = match wrap {
            // A line never narrower than this, however narrow the terminal.
            Some(columns) => wrap_lines(text, columns.saturating_sub(indent.len()).max(20)),
            None => std::iter::once(0..text.len()).collect(),
        };
        for line in lines {
            write!(out, "{indent}")?;
            marked_part(out, text, line, &hit.snippet.highlights, Style::new())?;
            writeln!(out)?;
        }
    }
    Ok(())
}

fn human_facets(out: &mut dyn Write, facets: &Facets) -> io::Result<()> {
    writeln!(out, "{TITLE}Sources{TITLE:#}")?;
    for count in &facets.sources {
        writeln!(out, "  {:>6}  {}", count.count, count.source)?;
    }
    if facets.no_source > 0 {
        writeln!(out, "  {:>6}  {DIM}(no source){DIM:#}", facets.no_source)?;
    }
    // An archive in one language is not told its language at every search.
    if facets.languages.len() + usize::from(facets.no_language > 0) > 1 {
        writeln!(out, "{TITLE}Languages{TITLE:#}")?;
        for count in &facets.languages {
            let (lang, n) = (&count.lang, count.count);
            let name = Language::parse(lang).map_or("", Language::name);
            writeln!(out, "  {n:>6}  {lang} {DIM}{name}{DIM:#}")?;
        }
        if facets.no_language > 0 {
            writeln!(out, "  {:>6}  {DIM}(not told){DIM:#}", facets.no_language)?;
        }
    }
    writeln!(out, "{TITLE}Months{TITLE:#}")?;
    for count in &facets.months {
        writeln!(out, "  {:>6}  {}", count.count, count.month)?;
    }
    if facets.undated > 0 {
        writeln!(out, "  {:>6}  {DIM}(undated){DIM:#}", facets.undated)?;
    }
    Ok(())
}

/// Search results as JSON Lines (see [`newsdex::query::jsonl`]).
pub fn json_results(
    out: &mut dyn Write,
    results: &SearchResults,
    elapsed: std::time::Duration,
) -> io::Result<()> {
    newsdex::query::jsonl::write_results(out, results, elapsed)
}

/// One article in full, for people, with the byte ranges `title_marks` and `body_marks`
/// marked (a query's words).
pub fn human_article(
    out: &mut dyn Write,
    article: &Article,
    title_marks: &[Range<usize>],
    body_marks: &[Range<usize>],
) -> io::Result<()> {
    match &article.title {
        Some(title) => marked(out, title, title_marks, TITLE)?,
        None => write!(out, "{TITLE}(untitled){TITLE:#}")?,
    }
    writeln!(out)?;
    let meta = meta_line(
        article.source.as_deref(),
        article.date.map(|d| d.to_string()),
        article.lang,
        article.author.as_deref(),
        article.path.as_deref(),
    );
    if !meta.is_empty() {
        writeln!(out, "{DIM}{meta}{DIM:#}")?;
    }
    if let Some(url) = &article.url {
        writeln!(out, "{DIM}{url}{DIM:#}")?;
    }
    writeln!(out, "{DIM}id {}{DIM:#}", article.id)?;
    writeln!(out)?;
    let body = article.body.trim_end();
    marked(out, body, body_marks, Style::new())?;
    writeln!(out)
}

/// One article as a JSON object.
pub fn json_article(out: &mut dyn Write, article: &Article) -> io::Result<()> {
    let line = json!({
        "id": article.id,
        "title": article.title,
        "date": article.date,
        "source": article.source,
        "author": article.author,
        "url": article.url,
        "path": article.path,
        "lang": article.lang,
        "body": article.body,
    });
    writeln!(out, "{line}")
}

/// A size in bytes, as people read it (`2.0 KiB`).
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// Index statistics for people.
pub fn human_stats(out: &mut dyn Write, stats: &Stats) -> io::Result<()> {
    let f = &stats.facets;
    if let Some(dir) = &stats.dir {
        writeln!(
            out,
            "{TITLE}Index{TITLE:#}     {dir} (format {})",
            newsdex::FORMAT_VERSION
        )?;
    }
    writeln!(out, "{TITLE}Articles{TITLE:#}  {}", stats.documents)?;
    writeln!(
        out,
        "{TITLE}Size{TITLE:#}      {} in {} {}",
        human_bytes(stats.size_bytes),
        stats.segments,
        if stats.segments == 1 {
            "segment"
        } else {
            "segments"
        }
    )?;
    match (f.first_date, f.last_date) {
        (Some(first), Some(last)) => writeln!(
            out,
            "{TITLE}Dates{TITLE:#}     {} to {}{}",
            first.day(),
            last.day(),
            if f.undated > 0 {
                format!(" ({} undated)", f.undated)
            } else {
                String::new()
            }
        )?,
        _ => writeln!(out, "{TITLE}Dates{TITLE:#}     none")?,
    }
    let mut sources: Vec<String> = f
        .sources
        .iter()
        .take(10)
        .map(|s| format!("{} ({})", s.source, s.count))
        .collect();
    if f.sources.len() > 10 {
        sources.push(format!("and {} more", f.sources.len() - 10));
    }
    if f.no_source > 0 {
        sources.push(format!("no source ({})", f.no_source));
    }
    writeln!(out, "{TITLE}Sources{TITLE:#}   {}", sources.join(", "))?;
    let mut languages: Vec<String> = f
        .languages
        .iter()
        .map(|l| format!("{} ({})", l.lang, l.count))
        .collect();
    if f.no_language > 0 {
        languages.push(format!("not told ({})", f.no_language));
    }
    writeln!(out, "{TITLE}Languages{TITLE:#} {}", languages.join(", "))?;
    for (i, root) in stats.roots.iter().enumerate() {
        let label = if i == 0 { "Folders" } else { "" };
        writeln!(out, "{TITLE}{label:<9}{TITLE:#} {root}")?;
    }
    Ok(())
}

/// Index statistics as one JSON object: the serialized [`Stats`].
pub fn json_stats(out: &mut dyn Write, stats: &Stats) -> io::Result<()> {
    serde_json::to_writer(&mut *out, stats).map_err(io::Error::other)?;
    writeln!(out)
}

/// The closing summary of `search index`.
pub fn human_sync(out: &mut dyn Write, report: &SyncReport) -> io::Result<()> {
    let files = report.added + report.updated + report.removed + report.unchanged;
    write!(
        out,
        "{} {files} {} in {:.2} s: {} added, {} updated, {} removed, {} unchanged",
        if report.changed() {
            "Indexed"
        } else {
            "Checked"
        },
        if files == 1 { "file" } else { "files" },
        report.elapsed.as_secs_f64(),
        report.added,
        report.updated,
        report.removed,
        report.unchanged,
    )?;
    let skipped = report.skipped_files();
    if skipped > 0 {
        let reasons: Vec<String> = report
            .skipped
            .iter()
            .map(|s| format!("{} {}", s.count, s.reason))
            .collect();
        write!(out, "; {skipped} skipped ({})", reasons.join(", "))?;
    }
    let records = report.skipped_records();
    if records > 0 {
        let reasons: Vec<String> = report
            .records_skipped
            .iter()
            .map(|s| format!("{} {}", s.count, s.reason))
            .collect();
        write!(
            out,
            "; {records} {} left out ({})",
            if records == 1 { "record" } else { "records" },
            reasons.join(", ")
        )?;
    }
    writeln!(
        out,
        ". {} {} written; {} in the index.",
        report.documents_indexed,
        if report.documents_indexed == 1 {
            "article"
        } else {
            "articles"
        },
        report.documents
    )
}

/// The closing summary of `search index` as one JSON object: the serialized
/// [`SyncReport`].
pub fn json_sync(out: &mut dyn Write, report: &SyncReport) -> io::Result<()> {
    serde_json::to_writer(&mut *out, report).map_err(io::Error::other)?;
    writeln!(out)
}

/// How far a push has got, as one line.
pub fn push_progress(out: &mut dyn Write, p: &PushProgress) -> io::Result<()> {
    writeln!(
        out,
        "pushed {}/{} articles: {} sent, {} already there, {} indexed",
        p.read, p.total, p.sent, p.unchanged, p.indexed
    )
}

/// The closing summary of `search export --to meilisearch`.
pub fn human_push(out: &mut dyn Write, report: &PushReport) -> io::Result<()> {
    writeln!(
        out,
        "Pushed {} {} to {} (index {}) in {:.1} s: {} sent, {} already there{}. The index holds {} documents.",
        report.articles,
        if report.articles == 1 { "article" } else { "articles" },
        report.url,
        report.index,
        report.seconds,
        report.sent,
        report.unchanged,
        if report.checked {
            ""
        } else {
            " (this Meilisearch can't say which documents it has: every one was sent)"
        },
        report.documents
    )
}

/// The closing summary of `search export --to meilisearch` as one JSON object.
pub fn json_push(out: &mut dyn Write, report: &PushReport) -> io::Result<()> {
    let value = serde_json::to_value(report).map_err(io::Error::other)?;
    writeln!(out, "{value}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_styled_and_out_of_range_marks_ignored() {
        let mut out = Vec::new();
        marked(&mut out, "Kim met Shoigu", &[8..14, 20..30], Style::new()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(&format!("{MARK}Shoigu{MARK:#}")), "{text:?}");
    }

    /// The text without its colour codes.
    fn plain(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    /// The hits of `query` over articles of these bodies, as `search` prints them with
    /// snippets wrapped to `wrap` columns.
    fn printed(bodies: &[&str], query: &str, wrap: Option<usize>) -> String {
        let index = newsdex::NewsIndex::create_in_ram();
        let mut indexer = newsdex::Indexer::new(&index).unwrap();
        for (i, body) in bodies.iter().enumerate() {
            let article = Article::new(*body)
                .with_title(format!("Article {i}"))
                .with_id(format!("a{i}"));
            indexer.add(&article).unwrap();
        }
        indexer.commit().unwrap();
        let results = newsdex::SearchRequest::new(query)
            .snippet_chars(400)
            .execute(&index)
            .unwrap();
        assert!(!results.hits.is_empty());
        let mut out = Vec::new();
        human_results(&mut out, &results, std::time::Duration::ZERO, wrap).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The snippet lines of the first hit: after the title and meta lines, up to the blank
    /// line.
    fn snippet_lines(printed: &str) -> Vec<&str> {
        printed
            .lines()
            .skip(2)
            .take_while(|l| !l.is_empty())
            .collect()
    }

    #[test]
    fn snippets_wrap_at_word_boundaries_to_the_width_given() {
        let body = "The central bank said interest rates would stay where they are for now, \
                    while ministers in Pyongyang and Moscow argued about the price of grain \
                    and the shipments that were promised last year.";
        let text = printed(&[body], "interest rates", Some(40));
        let lines = snippet_lines(&text);
        assert!(lines.len() >= 4, "{text}");
        for line in &lines {
            let line = plain(line);
            assert!(
                line.starts_with("   ") && !line.starts_with("    "),
                "{line:?}"
            );
            assert!(
                unicode_width::UnicodeWidthStr::width(line.as_str()) <= 40,
                "{line:?}"
            );
            assert!(!line.ends_with(' '), "{line:?}");
        }
        // The words, in order, all there: only the spaces at the breaks went.
        let rejoined: Vec<String> = lines.iter().map(|l| plain(l).trim().to_string()).collect();
        let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let unwrapped = printed(&[body], "interest rates", None);
        let whole = snippet_lines(&unwrapped);
        assert_eq!(whole.len(), 1, "no width, no wrap: {unwrapped}");
        assert_eq!(words(&rejoined.join(" ")), words(&plain(whole[0])));
        // The marks are the same words, wrapped or not.
        let marked_words = |t: &str| t.matches(&MARK.render().to_string()).count();
        assert_eq!(marked_words(&text), marked_words(&unwrapped));
        assert!(
            text.contains(&format!("{MARK}interest{MARK:#}")),
            "{text:?}"
        );
    }

    #[test]
    fn wide_characters_count_two_columns() {
        let body =
            "国家主席习近平在北京会见了俄罗斯国防部长绍伊古双方就军事合作交换了意见并达成共识";
        let text = printed(&[body], "习近平", Some(23));
        let lines = snippet_lines(&text);
        assert!(lines.len() >= 2, "{text}");
        for line in &lines {
            let width = unicode_width::UnicodeWidthStr::width(plain(line).as_str());
            // 3 columns of indent and at most 20 of text: ten characters, not twenty.
            assert!(width <= 23, "{line:?} is {width} columns");
        }
        let chars: usize = lines.iter().map(|l| plain(l).trim().chars().count()).sum();
        assert_eq!(
            chars,
            plain(snippet_lines(&printed(&[body], "习近平", None))[0])
                .trim()
                .chars()
                .count()
        );
    }

    #[test]
    fn a_mark_cut_by_a_line_break_is_marked_on_both_lines() {
        let text = "rates of interest rates";
        let lines = wrap_lines(text, 14);
        assert_eq!(
            lines.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(),
            ["rates of", "interest rates"]
        );
        let lines = wrap_lines(text, 10);
        assert_eq!(
            lines.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(),
            ["rates of", "interest", "rates"]
        );
        // One mark over "interest rates", across the break.
        let mut out = Vec::new();
        for line in lines {
            marked_part(
                &mut out,
                text,
                line,
                std::slice::from_ref(&(9..23)),
                Style::new(),
            )
            .unwrap();
            out.push(b'\n');
        }
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains(&format!("{MARK}interest{MARK:#}")), "{out:?}");
        assert!(out.contains(&format!("{MARK}rates{MARK:#}")), "{out:?}");
        assert!(
            !out.lines()
                .next()
                .unwrap()
                .contains(&MARK.render().to_string()),
            "{out:?}"
        );
        // A word longer than a line is cut between its characters.
        let long = "Pyongyangpyongyang";
        let cut: Vec<&str> = wrap_lines(long, 10).into_iter().map(|r| &long[r]).collect();
        assert_eq!(cut, ["Pyongyangp", "yongyang"]);
    }

    #[test]
    fn sizes_read_like_sizes() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(2048), "2.0 KiB");
        assert_eq!(human_bytes(5 * 1024 * 1024), "5.0 MiB");
    }
}
