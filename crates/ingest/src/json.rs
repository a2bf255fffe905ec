//! JSON Lines: one object a line with `id`, `title`, `date`, `source`, `body`.

use std::path::Path;

use newsdex_schema::{Article, NewsDate};
use serde_json::{Map, Value};

use crate::{FileRead, Problem, ProblemKind};

pub(crate) fn read_lines(text: &str, key: &str, path: &Path) -> FileRead {
    let mut read = FileRead::default();
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let problem =
            |message: String| Problem::new(path, ProblemKind::BadRecord, message).at_line(line_no);
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(map)) => match record(&map, key, line_no) {
                Some(article) => read.articles.push(article),
                None => read
                    .problems
                    .push(problem("record has neither a title nor a body".into())),
            },
            Ok(_) => read.problems.push(problem("expected a JSON object".into())),
            Err(e) => read.problems.push(problem(format!("malformed JSON: {e}"))),
        }
    }
    read
}

fn string(map: &Map<String, Value>, name: &str) -> Option<String> {
    match map.get(name)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn record(map: &Map<String, Value>, key: &str, line_no: usize) -> Option<Article> {
    let title = string(map, "title");
    let body = string(map, "body").unwrap_or_default();
    if title.is_none() && body.is_empty() {
        return None;
    }
    let id = string(map, "id").unwrap_or_else(|| Article::derive_id(key, line_no));
    let mut article = Article::new(body).with_id(id);
    article.title = title;
    article.date = string(map, "date").and_then(|d| NewsDate::parse(&d));
    article.source = string(map, "source");
    Some(article)
}
