//! An article as other engines receive it: one JSON object.

use chrono::SecondsFormat;
use newsdex_schema::Article;
use serde::Serialize;

/// The longest id other engines take as a document key: Meilisearch takes up to 511
/// bytes, Elasticsearch and OpenSearch up to 512.
pub const MAX_KEY_BYTES: usize = 511;

/// The field that holds a Meilisearch document's content hash, by which a push tells the
/// documents Meilisearch already has from those it must send.
pub const HASH_FIELD: &str = "newsdex_hash";

/// The field that holds the newsdex id of a document whose engine key had to differ from
/// it (see [`engine_key`]).
pub const NEWSDEX_ID_FIELD: &str = "newsdex_id";

/// The key an engine files a document under: the article's id where every engine takes it
/// as one (ASCII letters, digits, `-` and `_`, at most [`MAX_KEY_BYTES`]), else `nx-` and
/// 32 hex digits of the id's BLAKE3 hash, the same every time.
///
/// ```
/// use newsdex_export::engine_key;
///
/// assert_eq!(engine_key("reuters-1"), "reuters-1");
/// let key = engine_key("https://example.com/2023/07/27/kim");
/// assert!(key.starts_with("nx-") && key.len() == 35);
/// assert_eq!(key, engine_key("https://example.com/2023/07/27/kim"));
/// ```
pub fn engine_key(id: &str) -> String {
    if is_key(id) {
        id.to_string()
    } else {
        format!("nx-{}", &blake3::hash(id.as_bytes()).to_hex()[..32])
    }
}

/// Whether every engine takes `id` as a document key as it is.
fn is_key(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_KEY_BYTES
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The JSON object of one article. Fields the article doesn't have are left out.
#[derive(Serialize)]
struct Document<'a> {
    id: &'a str,
    #[serde(rename = "newsdex_id", skip_serializing_if = "Option::is_none")]
    newsdex_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    body: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    raw: Option<&'a str>,
}

/// How an article's JSON is keyed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Keys {
    /// `id` is the article's id, as it is.
    Verbatim,
    /// `id` is the [`engine_key`], with the article's id in `newsdex_id` where they
    /// differ.
    Engine,
}

/// Appends the JSON object of `article` to `line`, without a newline.
pub(crate) fn write_json(line: &mut Vec<u8>, article: &Article, keys: Keys, raw: bool) {
    let key;
    let (id, newsdex_id) = match keys {
        Keys::Verbatim => (article.id.as_str(), None),
        Keys::Engine => {
            key = engine_key(&article.id);
            let differs = key != article.id;
            (key.as_str(), differs.then_some(article.id.as_str()))
        }
    };
    let document = Document {
        id,
        newsdex_id,
        title: article.title.as_deref(),
        date: article
            .date
            .map(|d| d.as_chrono().to_rfc3339_opts(SecondsFormat::Secs, true)),
        timestamp: article.date.map(|d| d.timestamp()),
        source: article.source.as_deref(),
        author: article.author.as_deref(),
        url: article.url.as_deref(),
        path: article.path.as_deref(),
        body: &article.body,
        raw: if raw { article.raw.as_deref() } else { None },
    };
    // Serializing borrowed strings and numbers into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *line, &document);
}

/// Appends `,"newsdex_hash":"…"` inside the JSON object that starts at `start` and ends
/// `line`: the BLAKE3 hash of the object as it was. Returns the hash.
pub(crate) fn add_hash(line: &mut Vec<u8>, start: usize) -> String {
    let hash = blake3::hash(&line[start..]).to_hex()[..32].to_string();
    if line.last() == Some(&b'}') {
        line.pop();
        line.extend_from_slice(b",\"");
        line.extend_from_slice(HASH_FIELD.as_bytes());
        line.extend_from_slice(b"\":\"");
        line.extend_from_slice(hash.as_bytes());
        line.extend_from_slice(b"\"}");
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdex_schema::NewsDate;

    fn json(article: &Article, keys: Keys, raw: bool) -> serde_json::Value {
        let mut line = Vec::new();
        write_json(&mut line, article, keys, raw);
        serde_json::from_slice(&line).unwrap()
    }

    #[test]
    fn every_field_with_dates_two_ways() {
        let article = Article::new("Body.")
            .with_id("a-1")
            .with_title("Title")
            .with_date(NewsDate::parse("1987-02-26 15:01:01").unwrap())
            .with_source("Reuters")
            .with_author("Jane Doe")
            .with_url("https://example.com/a")
            .with_path("/news/a.json")
            .with_raw("RAW");
        let value = json(&article, Keys::Verbatim, true);
        assert_eq!(
            value,
            serde_json::json!({
                "id": "a-1", "title": "Title", "date": "1987-02-26T15:01:01Z",
                "timestamp": 541_350_061, "source": "Reuters", "author": "Jane Doe",
                "url": "https://example.com/a", "path": "/news/a.json", "body": "Body.",
                "raw": "RAW"
            })
        );
        assert!(json(&article, Keys::Verbatim, false).get("raw").is_none());
    }

    #[test]
    fn a_day_is_midnight_utc_and_missing_fields_are_left_out() {
        let article = Article::new("b")
            .with_id("x")
            .with_date(NewsDate::parse("2023-07-27").unwrap());
        let value = json(&article, Keys::Verbatim, false);
        assert_eq!(
            value,
            serde_json::json!({"id": "x", "date": "2023-07-27T00:00:00Z",
                "timestamp": 1_690_416_000, "body": "b"})
        );
        let undated = json(&Article::new("b").with_id("y"), Keys::Verbatim, false);
        assert_eq!(undated, serde_json::json!({"id": "y", "body": "b"}));
    }

    #[test]
    fn ids_engines_refuse_get_a_stable_key_and_keep_the_id() {
        for id in ["a/b", "a b", "é", "", "x:1", &"x".repeat(512)] {
            let key = engine_key(id);
            assert!(is_key(&key), "{id:?} -> {key}");
            assert_ne!(key, id);
            let value = json(&Article::new("b").with_id(id), Keys::Engine, false);
            assert_eq!(value["id"], key.as_str());
            assert_eq!(value["newsdex_id"], id);
        }
        for id in ["reuters-1", "2aa646a312b14853", "A_b-9", &"x".repeat(511)] {
            assert_eq!(engine_key(id), id);
            let value = json(&Article::new("b").with_id(id), Keys::Engine, false);
            assert!(value.get("newsdex_id").is_none());
        }
        assert_ne!(engine_key("a/b"), engine_key("a/c"));
    }

    #[test]
    fn the_hash_follows_the_content() {
        let article = Article::new("b").with_id("x");
        let mut one = Vec::new();
        write_json(&mut one, &article, Keys::Engine, false);
        let mut two = one.clone();
        let hash = add_hash(&mut one, 0);
        assert_eq!(hash, add_hash(&mut two, 0));
        let value: serde_json::Value = serde_json::from_slice(&one).unwrap();
        assert_eq!(value[HASH_FIELD], hash.as_str());
        let mut changed = Vec::new();
        write_json(
            &mut changed,
            &article.clone().with_title("t"),
            Keys::Engine,
            false,
        );
        assert_ne!(add_hash(&mut changed, 0), hash);
    }
}
