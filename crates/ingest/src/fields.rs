//! Records with named fields (JSON objects, front matter) to articles, and the mapping of
//! a collection's own field names onto newsdex's.

use std::fmt;
use std::str::FromStr;

use newsdex_schema::{Article, Language, NewsDate};
use serde_json::{Map, Value};

use crate::dates::parse_date;
use crate::{Error, Result};

/// The article fields a record's fields can be mapped onto.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ArticleField {
    /// The article id.
    Id,
    /// The headline.
    Title,
    /// The text.
    Body,
    /// The publication date.
    Date,
    /// The outlet.
    Source,
    /// The byline.
    Author,
    /// The address.
    Url,
    /// The language (`en`, `ru-RU`, `Korean`).
    Lang,
}

impl ArticleField {
    /// Every field, in the order they are listed in messages.
    pub const ALL: [ArticleField; 8] = [
        ArticleField::Id,
        ArticleField::Title,
        ArticleField::Body,
        ArticleField::Date,
        ArticleField::Source,
        ArticleField::Author,
        ArticleField::Url,
        ArticleField::Lang,
    ];

    /// The field's name (`body`, `title`, …).
    pub fn name(self) -> &'static str {
        match self {
            ArticleField::Id => "id",
            ArticleField::Title => "title",
            ArticleField::Body => "body",
            ArticleField::Date => "date",
            ArticleField::Source => "source",
            ArticleField::Author => "author",
            ArticleField::Url => "url",
            ArticleField::Lang => "lang",
        }
    }

    /// The record field names recognised without a mapping, best first.
    pub fn common_names(self) -> &'static [&'static str] {
        match self {
            ArticleField::Id => &["id", "_id", "guid", "uuid"],
            ArticleField::Title => &["title", "headline"],
            ArticleField::Body => &[
                "body",
                "text",
                "content",
                "article",
                "articleBody",
                "article_body",
                "story",
                "description",
                "summary",
            ],
            ArticleField::Date => &[
                "date",
                "published",
                "pubDate",
                "datePublished",
                "published_at",
                "publishedAt",
                "publish_date",
                "pub_date",
                "timestamp",
                "created_at",
                "time",
            ],
            ArticleField::Source => &[
                "source",
                "publisher",
                "site",
                "outlet",
                "site_name",
                "siteName",
                "agency",
            ],
            ArticleField::Author => &["author", "byline", "authors", "creator", "writer"],
            ArticleField::Url => &["url", "link", "permalink", "canonical", "href"],
            ArticleField::Lang => &[
                "lang",
                "language",
                "inLanguage",
                "locale",
                "language_code",
                "languageCode",
                "lang_code",
            ],
        }
    }
}

impl fmt::Display for ArticleField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ArticleField {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ArticleField::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| Error::FieldMap {
                spec: s.to_string(),
                reason: format!(
                    "unknown field `{}`, expected one of {}",
                    s.trim(),
                    field_list()
                ),
            })
    }
}

fn field_list() -> String {
    ArticleField::ALL.map(ArticleField::name).join(", ")
}

/// Where a collection keeps each article field, where it uses names newsdex doesn't
/// recognise by itself: `body=story` reads the body from each record's `story` field.
/// A name may be a dotted path into nested objects (`author=byline.name`).
///
/// A mapped field is looked up first; the common names are still tried after it.
///
/// ```
/// use newsdex_ingest::{ArticleField, FieldMap};
///
/// let map = FieldMap::parse("body=story, date=meta.published")?;
/// assert_eq!(map.get(ArticleField::Body), Some("story"));
/// assert_eq!(map.get(ArticleField::Date), Some("meta.published"));
/// assert!(FieldMap::parse("story").is_err());
/// # Ok::<(), newsdex_ingest::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldMap {
    entries: Vec<(ArticleField, String)>,
}

impl FieldMap {
    /// An empty map: only the common names are recognised.
    pub fn new() -> FieldMap {
        FieldMap::default()
    }

    /// Parses `FIELD=NAME` pairs separated by commas (`body=story,title=headline`).
    pub fn parse(spec: &str) -> Result<FieldMap> {
        let mut map = FieldMap::new();
        map.add(spec)?;
        Ok(map)
    }

    /// Adds the `FIELD=NAME` pairs of `spec` (comma-separated); a later pair for the same
    /// field replaces an earlier one.
    pub fn add(&mut self, spec: &str) -> Result<&mut FieldMap> {
        let bad = |reason: String| Error::FieldMap {
            spec: spec.to_string(),
            reason,
        };
        if spec.trim().is_empty() {
            return Err(bad("expected FIELD=NAME, as in body=story".into()));
        }
        let mut parsed = Vec::new();
        for pair in spec.split(',') {
            let Some((field, name)) = pair.split_once('=') else {
                return Err(bad(format!(
                    "`{}` is not FIELD=NAME (as in body=story)",
                    pair.trim()
                )));
            };
            let field: ArticleField = field.parse().map_err(|_| {
                bad(format!(
                    "unknown field `{}`, expected one of {}",
                    field.trim(),
                    field_list()
                ))
            })?;
            let name = name.trim();
            if name.is_empty() {
                return Err(bad(format!("no record field name after `{field}=`")));
            }
            parsed.push((field, name.to_string()));
        }
        for (field, name) in parsed {
            self.insert(field, name);
        }
        Ok(self)
    }

    /// Maps `field` onto the record field `name`.
    pub fn insert(&mut self, field: ArticleField, name: impl Into<String>) -> &mut FieldMap {
        self.entries.retain(|(f, _)| *f != field);
        self.entries.push((field, name.into()));
        self
    }

    /// The record field `field` is mapped onto, if any.
    pub fn get(&self, field: ArticleField) -> Option<&str> {
        self.entries
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, n)| n.as_str())
    }

    /// Whether nothing is mapped.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl FromStr for FieldMap {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FieldMap::parse(s)
    }
}

/// The value at a dotted path (`author.name`), or at the plain key if it has dots itself.
fn lookup<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    if let Some(value) = map.get(name) {
        return Some(value);
    }
    let (head, rest) = name.split_once('.')?;
    match map.get(head)? {
        Value::Object(inner) => lookup(inner, rest),
        _ => None,
    }
}

fn field_value<'a>(
    map: &'a Map<String, Value>,
    fields: &FieldMap,
    field: ArticleField,
) -> Option<&'a Value> {
    fields
        .get(field)
        .and_then(|name| lookup(map, name))
        .into_iter()
        .chain(field.common_names().iter().filter_map(|n| map.get(*n)))
        .find(|v| !is_blank(v))
}

fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.iter().all(is_blank),
        Value::Object(o) => o.is_empty(),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

/// A value as text: strings, numbers, lists of them (joined with `, `), and objects
/// through their `name` (JSON-LD's `{"@type": "Person", "name": …}`) or `value`.
pub(crate) fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        }
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(text_of).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        Value::Object(o) => ["name", "value", "@value", "text"]
            .iter()
            .find_map(|k| o.get(*k).and_then(text_of)),
        Value::Bool(_) | Value::Null => None,
    }
}

/// A value as a date: text in any form [`parse_date`] reads, or a Unix timestamp in
/// seconds or milliseconds.
pub(crate) fn date_of(value: &Value) -> Option<NewsDate> {
    match value {
        Value::Number(n) => {
            let t = n.as_i64().or_else(|| n.as_f64().map(|f| f as i64))?;
            let seconds = if t.abs() > 100_000_000_000 {
                t / 1000
            } else {
                t
            };
            NewsDate::from_timestamp(seconds)
        }
        Value::String(s) => {
            let s = s.trim();
            if !s.is_empty() && s.len() <= 13 && s.bytes().all(|b| b.is_ascii_digit()) {
                let t: i64 = s.parse().ok()?;
                let seconds = if t > 100_000_000_000 { t / 1000 } else { t };
                return NewsDate::from_timestamp(seconds);
            }
            parse_date(s)
        }
        Value::Array(items) => items.iter().find_map(date_of),
        _ => None,
    }
}

/// The metadata and body of a record, before the body is cleaned.
pub(crate) struct Record {
    pub id: Option<String>,
    pub title: Option<String>,
    pub body: Option<String>,
    pub date: Option<NewsDate>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    /// The language, where the record names one newsdex knows.
    pub lang: Option<Language>,
    /// The date field held something that is not a date.
    pub bad_date: Option<String>,
}

pub(crate) fn record(map: &Map<String, Value>, fields: &FieldMap) -> Record {
    let text = |field| field_value(map, fields, field).and_then(text_of);
    let date_value = field_value(map, fields, ArticleField::Date);
    let date = date_value.and_then(date_of);
    let bad_date = match (date, date_value) {
        (None, Some(value)) => Some(match value {
            Value::String(s) => format!("{s:?}"),
            other => other.to_string(),
        }),
        _ => None,
    };
    Record {
        id: text(ArticleField::Id),
        title: text(ArticleField::Title),
        body: field_value(map, fields, ArticleField::Body).and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            other => text_of(other),
        }),
        date,
        source: text(ArticleField::Source),
        author: text(ArticleField::Author),
        url: text(ArticleField::Url),
        lang: text(ArticleField::Lang).and_then(|l| Language::parse(&l)),
        bad_date,
    }
}

impl Record {
    /// Fills an article's metadata from the record.
    pub(crate) fn apply(self, article: &mut Article) {
        article.title = self.title.map(|t| collapse_spaces(&t));
        article.date = self.date;
        article.source = self.source;
        article.author = self.author;
        article.url = self.url;
        article.lang = self.lang;
    }
}

/// Collapses runs of whitespace (titles from records may hold newlines).
pub(crate) fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_mappings() {
        let map = FieldMap::parse("body=story,Title = head").unwrap();
        assert_eq!(map.get(ArticleField::Body), Some("story"));
        assert_eq!(map.get(ArticleField::Title), Some("head"));
        assert_eq!(map.get(ArticleField::Date), None);
    }

    #[test]
    fn bad_mappings_say_what_is_wrong() {
        let err = |spec: &str| FieldMap::parse(spec).unwrap_err().to_string();
        assert_eq!(
            err("bodystory"),
            "bad field mapping `bodystory`: `bodystory` is not FIELD=NAME (as in body=story)"
        );
        assert_eq!(
            err("text=story"),
            "bad field mapping `text=story`: unknown field `text`, expected one of id, title, body, date, source, author, url, lang"
        );
        assert!(err("body=").contains("no record field name after `body=`"));
        assert!(err("").contains("expected FIELD=NAME"));
    }

    #[test]
    fn reads_common_and_mapped_names() {
        let value = json!({
            "headline": "Kim meets Shoigu",
            "story": "Talks in Pyongyang.",
            "content": "",
            "meta": {"published": "2023-07-27"},
            "byline": [{"name": "Jane Doe"}, "John Roe"],
            "link": "https://example.com/a",
        });
        let map = value.as_object().unwrap();
        let plain = record(map, &FieldMap::new());
        assert_eq!(plain.title.as_deref(), Some("Kim meets Shoigu"));
        assert_eq!(plain.body.as_deref(), Some("Talks in Pyongyang."));
        assert_eq!(plain.author.as_deref(), Some("Jane Doe, John Roe"));
        assert_eq!(plain.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(plain.date, None);
        let mapped = record(map, &FieldMap::parse("date=meta.published").unwrap());
        assert_eq!(
            mapped.date.map(|d| d.to_string()).as_deref(),
            Some("2023-07-27")
        );
    }

    #[test]
    fn reads_timestamps() {
        let day = |v: Value| date_of(&v).map(|d| d.day());
        assert_eq!(day(json!(1690416000)).as_deref(), Some("2023-07-27"));
        assert_eq!(day(json!(1690416000000_i64)).as_deref(), Some("2023-07-27"));
        assert_eq!(day(json!("1690416000")).as_deref(), Some("2023-07-27"));
        assert_eq!(day(json!("not a date")), None);
    }
}
