//! Markdown with YAML (`---`) or TOML (`+++`) front matter.

use std::path::Path;
use std::sync::LazyLock;

use newsdex_schema::Article;
use regex::Regex;
use serde_json::{Map, Value};

use crate::fields::record;
use crate::options::ReadOptions;
use crate::problem::{FileRead, Problem, ProblemKind};
use crate::text::extract;

pub(crate) fn read(text: &str, key: &str, path: &Path, options: &ReadOptions) -> FileRead {
    let mut problems = Vec::new();
    let content = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (front, body) = match split_front_matter(content) {
        Some((kind, front, body)) => match parse_front_matter(kind, front) {
            Ok(map) => (Some(map), body),
            Err(message) => {
                problems.push(
                    Problem::new(
                        path,
                        ProblemKind::BadField,
                        format!("front matter ignored: {message}"),
                    )
                    .at_line(2),
                );
                (None, body)
            }
        },
        None => (None, content),
    };
    let plain = plain_text(body);
    let record = front.as_ref().map(|map| record(map, options.field_map()));
    if let Some(bad) = record.as_ref().and_then(|r| r.bad_date.clone()) {
        problems.push(
            Problem::new(
                path,
                ProblemKind::BadField,
                format!("front matter: not a date: {bad}, the article is kept without one"),
            )
            .at_line(2),
        );
    }
    let heading = first_heading(body);
    let known_title = record.as_ref().and_then(|r| r.title.clone()).or(heading);
    let extracted = extract(&plain, known_title.as_deref());
    let id = record
        .as_ref()
        .and_then(|r| r.id.clone())
        .unwrap_or_else(|| Article::derive_id(key, 0));
    let mut article = Article::new(extracted.body).with_id(id);
    if let Some(record) = record {
        record.apply(&mut article);
    }
    article.title = article.title.or(known_title).or(extracted.title);
    article.date = article.date.or(extracted.date);
    article.source = article.source.or(extracted.source);
    article.author = article.author.or(extracted.author);
    article.raw = Some(text.to_string());
    FileRead::one(article, problems)
}

#[derive(Clone, Copy)]
enum FrontMatter {
    Yaml,
    Toml,
}

/// Splits `---\nyaml\n---\nbody` or `+++\ntoml\n+++\nbody` into front matter and body.
fn split_front_matter(text: &str) -> Option<(FrontMatter, &str, &str)> {
    let (kind, fence) = if text.starts_with("---") {
        (FrontMatter::Yaml, "---")
    } else if text.starts_with("+++") {
        (FrontMatter::Toml, "+++")
    } else {
        return None;
    };
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != fence {
        return None;
    }
    let mut offset = first_end + 1;
    for line in text[offset..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == fence || (matches!(kind, FrontMatter::Yaml) && bare == "...") {
            let front = &text[first_end + 1..offset];
            return Some((kind, front, &text[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

fn parse_front_matter(kind: FrontMatter, front: &str) -> Result<Map<String, Value>, String> {
    let value = match kind {
        FrontMatter::Yaml => {
            if front.trim().is_empty() {
                return Ok(Map::new());
            }
            let yaml: serde_norway::Value =
                serde_norway::from_str(front).map_err(|e| format!("bad YAML: {e}"))?;
            yaml_to_json(yaml)
        }
        FrontMatter::Toml => {
            let table: toml::Table = front
                .parse()
                .map_err(|e: toml::de::Error| format!("bad TOML: {}", e.message()))?;
            toml_to_json(toml::Value::Table(table))
        }
    };
    match value {
        Value::Object(map) => Ok(map),
        _ => Err("expected key: value pairs".into()),
    }
}

fn yaml_to_json(value: serde_norway::Value) -> Value {
    use serde_norway::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => n
            .as_i64()
            .map(Value::from)
            .or_else(|| n.as_u64().map(Value::from))
            .or_else(|| n.as_f64().map(Value::from))
            .unwrap_or(Value::Null),
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .filter_map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        Y::Number(n) => n.to_string(),
                        Y::Bool(b) => b.to_string(),
                        _ => return None,
                    };
                    Some((key, yaml_to_json(v)))
                })
                .collect(),
        ),
        Y::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

/// The text of the first `# Heading` (ATX, level 1), if the body opens with one.
fn first_heading(body: &str) -> Option<String> {
    let line = body.lines().map(str::trim).find(|l| !l.is_empty())?;
    let heading = line.strip_prefix("# ")?.trim().trim_end_matches('#').trim();
    (!heading.is_empty()).then(|| plain_text(heading).trim().to_string())
}

/// Markdown as plain text: links and images to their text, no heading marks, emphasis,
/// code fences or HTML comments. Line structure is kept.
pub(crate) fn plain_text(markdown: &str) -> String {
    static IMAGE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"!\[([^\]]*)\]\([^)]*\)").expect("valid regex"));
    static LINK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").expect("valid regex"));
    static REF_LINK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\[([^\]]+)\]\[[^\]]*\]").expect("valid regex"));
    static LINK_DEF: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^\s*\[[^\]]+\]:\s+\S+.*$").expect("valid regex"));
    static HEADING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$").expect("valid regex"));
    static EMPHASIS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\*\*|__|\*|`+)").expect("valid regex"));
    static COMMENT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)<!--.*?-->").expect("valid regex"));
    static FENCE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^\s*(```|~~~).*$").expect("valid regex"));
    static QUOTE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^\s*>\s?").expect("valid regex"));
    let text = COMMENT.replace_all(markdown, "");
    let text = FENCE.replace_all(&text, "");
    let text = IMAGE.replace_all(&text, "$1");
    let text = LINK.replace_all(&text, "$1");
    let text = REF_LINK.replace_all(&text, "$1");
    let text = LINK_DEF.replace_all(&text, "");
    let text = HEADING.replace_all(&text, "$1");
    let text = QUOTE.replace_all(&text, "");
    EMPHASIS.replace_all(&text, "").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (Article, Vec<Problem>) {
        let mut read = read(text, "n/a.md", Path::new("n/a.md"), &ReadOptions::default());
        (read.articles.remove(0), read.problems)
    }

    #[test]
    fn reads_yaml_front_matter() {
        let (a, problems) = one(
            "---\ntitle: \"Kim meets Shoigu\"\ndate: 2023-07-27\npublisher: AP\nauthor: [Jane Doe]\nurl: https://example.com/k\ntags: [korea, russia]\n---\n\n# Kim meets Shoigu\n\nKim and **Shoigu** met in [Pyongyang](https://example.com/p).\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(a.title.as_deref(), Some("Kim meets Shoigu"));
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-07-27"));
        assert_eq!(a.source.as_deref(), Some("AP"));
        assert_eq!(a.author.as_deref(), Some("Jane Doe"));
        assert_eq!(a.url.as_deref(), Some("https://example.com/k"));
        assert_eq!(a.body, "Kim and Shoigu met in Pyongyang.");
        assert!(a.raw.unwrap().starts_with("---\ntitle"));
    }

    #[test]
    fn reads_toml_front_matter() {
        let (a, problems) = one(
            "+++\ntitle = \"Talks\"\ndate = 2023-09-12T08:00:00Z\nsource = \"TASS\"\n+++\nPeskov said Shoigu will take part in the talks.\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(a.title.as_deref(), Some("Talks"));
        assert_eq!(
            a.date.map(|d| d.to_string()).as_deref(),
            Some("2023-09-12T08:00:00Z")
        );
        assert_eq!(a.source.as_deref(), Some("TASS"));
        assert_eq!(a.body, "Peskov said Shoigu will take part in the talks.");
    }

    #[test]
    fn bad_front_matter_is_reported_and_the_text_kept() {
        let (a, problems) =
            one("---\ntitle: [unclosed\n---\n# Heading here\n\nThe body of the note.\n");
        assert_eq!(problems.len(), 1);
        assert!(problems[0]
            .to_string()
            .starts_with("n/a.md:2: front matter ignored: bad YAML"));
        assert_eq!(a.title.as_deref(), Some("Heading here"));
        assert_eq!(a.body, "The body of the note.");
    }

    #[test]
    fn without_front_matter_the_heading_is_the_title() {
        let (a, _) =
            one("# Kim meets Shoigu\n\nby Jane Doe\n\nThey met on Wednesday in the capital.\n");
        assert_eq!(a.title.as_deref(), Some("Kim meets Shoigu"));
        assert_eq!(a.author.as_deref(), Some("Jane Doe"));
        assert_eq!(a.body, "They met on Wednesday in the capital.");
    }
}
