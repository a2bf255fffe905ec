//! JSON (one object, or an array of objects) and JSON Lines (one object a line).
//!
//! A JSON array is split into its elements by a scanner that follows strings and
//! brackets, and each element is parsed on its own: a malformed record is reported at
//! its line and the records around it are still read.

use std::path::Path;

use newsdex_schema::Article;
use serde_json::{Map, Value};

use crate::fields::{record, FieldMap};
use crate::options::ReadOptions;
use crate::problem::{escape_text, FileRead, Problem, ProblemKind};
use crate::text::{sign_off, unwrap_hard_wraps};

/// Reads a JSON Lines text.
pub(crate) fn read_lines(text: &str, key: &str, path: &Path, options: &ReadOptions) -> FileRead {
    let lines = numbered_lines(text);
    parse_lines(&lines, key, path, options)
}

/// The lines of a text with their 1-based numbers.
pub(crate) fn numbered_lines(text: &str) -> Vec<(usize, &str)> {
    text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect()
}

/// Parses JSON Lines records. They are independent, so they are parsed in parallel, in
/// chunks, keeping their order.
pub(crate) fn parse_lines(
    lines: &[(usize, &str)],
    key: &str,
    path: &Path,
    options: &ReadOptions,
) -> FileRead {
    use rayon::prelude::*;
    const CHUNK: usize = 1024;
    let parts: Vec<FileRead> = lines
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut read = FileRead::default();
            for &(line_no, line) in chunk {
                let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
                if line.is_empty() {
                    continue;
                }
                let limit = options.record_size_limit();
                if line.len() as u64 > limit {
                    read.problems.push(
                        Problem::new(
                            path,
                            ProblemKind::RecordTooLarge,
                            format!(
                                "left out: the record is {} bytes, over the {limit} byte limit for one record",
                                line.len()
                            ),
                        )
                        .at_line(line_no),
                    );
                    continue;
                }
                match serde_json::from_str::<Value>(line) {
                    Ok(value) => add(&mut read, value, key, line_no, line_no, path, options),
                    Err(e) => read.problems.push(
                        Problem::new(
                            path,
                            ProblemKind::BadRecord,
                            format!("malformed JSON: {}", strip_position(&e)),
                        )
                        .at_line(line_no),
                    ),
                }
            }
            read
        })
        .collect();
    let mut read = FileRead::default();
    for mut part in parts {
        read.articles.append(&mut part.articles);
        read.problems.append(&mut part.problems);
    }
    read
}

/// Reads a JSON text: one object, or an array of objects.
pub(crate) fn read_json(text: &str, key: &str, path: &Path, options: &ReadOptions) -> FileRead {
    let mut read = FileRead::default();
    let start = text.len()
        - text
            .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
            .len();
    if !text[start..].starts_with('[') {
        match serde_json::from_str::<Value>(text) {
            Ok(value) => add(&mut read, value, key, 1, 0, path, options),
            Err(e) => read.problems.push(
                Problem::new(
                    path,
                    ProblemKind::BadRecord,
                    format!("malformed JSON: {}", strip_position(&e)),
                )
                .at_line(e.line().max(1)),
            ),
        }
        return read;
    }
    let scan = split_array(text, start);
    for (ordinal, element) in scan.elements.iter().enumerate() {
        let slice = &text[element.start..element.end];
        match serde_json::from_str::<Value>(slice) {
            Ok(value) => add(&mut read, value, key, element.line, ordinal, path, options),
            Err(e) => read.problems.push(
                Problem::new(
                    path,
                    ProblemKind::BadRecord,
                    format!("malformed JSON record: {}", strip_position(&e)),
                )
                .at_line(element.line + e.line().saturating_sub(1)),
            ),
        }
    }
    if let Some((line, message)) = scan.error {
        read.problems
            .push(Problem::new(path, ProblemKind::BadRecord, message).at_line(line));
    }
    read
}

/// serde_json's message without its ` at line N column M` (the problem carries the line).
fn strip_position(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    }
}

fn add(
    read: &mut FileRead,
    value: Value,
    key: &str,
    line: usize,
    ordinal: usize,
    path: &Path,
    options: &ReadOptions,
) {
    let Value::Object(map) = value else {
        read.problems.push(
            Problem::new(
                path,
                ProblemKind::BadRecord,
                format!("expected a JSON object, found {}", kind(&value)),
            )
            .at_line(line),
        );
        return;
    };
    let fields: &FieldMap = options.field_map();
    let mut record = record(&map, fields);
    if record.title.as_deref().is_some_and(|t| !has_text(t)) {
        record.title = None;
    }
    if let Some(bad) = &record.bad_date {
        read.problems.push(
            Problem::new(
                path,
                ProblemKind::BadField,
                format!("not a date: {bad}, the record is kept without one"),
            )
            .at_line(line),
        );
    }
    let (body, agency) = match record.body.take() {
        Some(body) => {
            let (signed, agency) = sign_off(&body);
            let clean = unwrap_hard_wraps(&signed);
            // Most bodies come out as they went in: keep the string rather than copy it.
            let same = std::ptr::eq(clean.as_ptr(), body.as_ptr()) && clean.len() == body.len();
            let clean = (!same).then(|| clean.into_owned());
            (clean.unwrap_or(body), agency)
        }
        None => (String::new(), None),
    };
    if record.title.is_none() && !has_text(&body) {
        read.problems
            .push(Problem::new(path, ProblemKind::NoText, no_text(&map)).at_line(line));
        return;
    }
    let id = record
        .id
        .clone()
        .unwrap_or_else(|| Article::derive_id(key, ordinal));
    let mut article = Article::new(body).with_id(id);
    article.line = Some(line);
    record.apply(&mut article);
    if article.source.is_none() {
        article.source = agency.map(str::to_string);
    }
    if article.lang.is_none() {
        article.lang = article.detect_lang();
    }
    read.articles.push(article);
}

/// Whether a title or body holds something to index: a character that is neither a space
/// nor a control character.
fn has_text(text: &str) -> bool {
    text.chars().any(|c| !c.is_whitespace() && !c.is_control())
}

/// Why a record with no text is left out, naming the fields it has (a few, escaped).
fn no_text(map: &Map<String, Value>) -> String {
    const SHOWN: usize = 6;
    if map.is_empty() {
        return "left out: an empty record, no title or body".to_string();
    }
    let mut names: Vec<String> = map
        .keys()
        .take(SHOWN)
        .map(|k| {
            let short: String = k.chars().take(40).collect();
            escape_text(&short).into_owned()
        })
        .collect();
    if map.len() > SHOWN {
        names.push(format!("and {} more", map.len() - SHOWN));
    }
    format!(
        "left out: no title or body with text (its fields: {})",
        names.join(", ")
    )
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One element of a JSON array: its bytes and the line it starts on.
struct Element {
    start: usize,
    end: usize,
    line: usize,
}

struct Scan {
    elements: Vec<Element>,
    /// A problem with the array itself (unclosed, text after it).
    error: Option<(usize, String)>,
}

/// Splits a JSON array starting at byte `open` (a `[`) into its top-level elements, in
/// one pass over the bytes.
fn split_array(text: &str, open: usize) -> Scan {
    let bytes = text.as_bytes();
    let mut elements = Vec::new();
    let mut line = 1 + bytes[..open].iter().filter(|&&b| b == b'\n').count();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut element_start: Option<(usize, usize)> = None;
    let mut closed_at = None;
    let mut i = open + 1;
    let push = |elements: &mut Vec<Element>, start: Option<(usize, usize)>, end: usize| {
        if let Some((start, line)) = start {
            let slice = text[start..end].trim_end();
            if !slice.is_empty() {
                elements.push(Element {
                    start,
                    end: start + slice.len(),
                    line,
                });
            }
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' || b == b'\n' {
                // A newline cannot be inside a JSON string: end it, so one broken
                // string doesn't swallow the rest of the file.
                in_string = false;
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                element_start.get_or_insert((i, line));
            }
            b'[' | b'{' => {
                depth += 1;
                element_start.get_or_insert((i, line));
            }
            b']' | b'}' if depth == 0 => {
                push(&mut elements, element_start.take(), i);
                closed_at = Some(i);
                break;
            }
            b']' | b'}' => depth -= 1,
            b',' if depth == 0 => push(&mut elements, element_start.take(), i),
            b if b.is_ascii_whitespace() => {}
            _ => {
                element_start.get_or_insert((i, line));
            }
        }
        i += 1;
    }
    let error = match closed_at {
        None => {
            push(&mut elements, element_start.take(), bytes.len());
            Some((
                line,
                "the JSON array is not closed (is the file cut short?)".to_string(),
            ))
        }
        Some(at) => {
            let rest = &text[at + 1..];
            let trailing = rest.trim_start();
            (!trailing.is_empty()).then(|| {
                let skipped = &rest[..rest.len() - trailing.len()];
                let line = line + skipped.bytes().filter(|&b| b == b'\n').count();
                (line, "unexpected text after the JSON array".to_string())
            })
        }
    };
    Scan { elements, error }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> FileRead {
        read_json(text, "t.json", Path::new("t.json"), &ReadOptions::default())
    }

    #[test]
    fn reads_one_object_or_an_array() {
        let one = read(r#"{"title": "T", "body": "B"}"#);
        assert_eq!(one.articles.len(), 1);
        assert_eq!(one.articles[0].id, Article::derive_id("t.json", 0));
        let many = read("[\n {\"id\": \"7\", \"body\": \"a\"},\n {\"body\": \"b, [c] {d}\"}\n]\n");
        assert_eq!(many.articles.len(), 2);
        assert_eq!(many.articles[0].id, "7");
        assert_eq!(many.articles[1].body, "b, [c] {d}");
        assert!(many.problems.is_empty(), "{:?}", many.problems);
    }

    #[test]
    fn a_malformed_record_loses_only_itself() {
        let text =
            "[\n{\"body\": \"one\"},\n{\"body\": \"two\" \"oops\": 1},\n{\"body\": \"three\"}\n]";
        let r = read(text);
        let bodies: Vec<&str> = r.articles.iter().map(|a| a.body.as_str()).collect();
        assert_eq!(bodies, ["one", "three"]);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].line, Some(3));
        assert!(
            r.problems[0]
                .to_string()
                .starts_with("t.json:3: malformed JSON record: expected `,` or `}`"),
            "{}",
            r.problems[0]
        );
        // Ids of the other records don't move.
        assert_eq!(r.articles[1].id, Article::derive_id("t.json", 2));
    }

    #[test]
    fn an_unclosed_array_keeps_what_came_before() {
        let r = read("[{\"body\": \"one\"},\n{\"body\": \"tw");
        assert_eq!(r.articles.len(), 1);
        assert_eq!(r.problems.len(), 2);
        assert!(r.problems[1].message.contains("not closed"));
    }

    #[test]
    fn records_without_text_are_reported_at_their_line() {
        let r = read(
            "[{\"id\": \"1\", \"topics\": []},\n{\"id\": \"2\", \"title\": \"T\"},\n{},\n{\"title\": {\"x\": 1}, \"body\": {\"y\": 2}},\n{\"title\": \" \\u0003 \", \"body\": \"\\u0003\\n\", \"a\\nb\": 1}]",
        );
        assert_eq!(r.articles.len(), 1);
        let shown: Vec<String> = r.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "t.json:1: left out: no title or body with text (its fields: id, topics)",
                "t.json:3: left out: an empty record, no title or body",
                "t.json:4: left out: no title or body with text (its fields: title, body)",
                "t.json:5: left out: no title or body with text (its fields: title, body, a\\nb)",
            ]
        );
        assert!(r.problems.iter().all(|p| p.kind == ProblemKind::NoText));
    }

    #[test]
    fn non_objects_are_reported() {
        let r = read("[1, {\"body\": \"x\"}]");
        assert_eq!(r.articles.len(), 1);
        assert_eq!(
            r.problems[0].message,
            "expected a JSON object, found a number"
        );
    }

    #[test]
    fn json_lines_report_each_bad_line() {
        let text =
            "{\"body\": \"one\"}\nnot json\n\n[1]\n{\"body\": \"two\", \"date\": \"soon\"}\n";
        let r = read_lines(
            text,
            "t.jsonl",
            Path::new("t.jsonl"),
            &ReadOptions::default(),
        );
        assert_eq!(r.articles.len(), 2);
        let shown: Vec<String> = r.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "t.jsonl:2: malformed JSON: expected ident",
                "t.jsonl:4: expected a JSON object, found an array",
                "t.jsonl:5: not a date: \"soon\", the record is kept without one",
            ]
        );
    }
}
