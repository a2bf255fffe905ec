//! The index settings of other engines that match the documents an export writes.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use serde_json::{json, Value};

use crate::document::NEWSDEX_ID_FIELD;
use crate::{Error, RequestError, Result};

/// An engine an export is meant for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Engine {
    /// Elasticsearch (7 and later).
    Elasticsearch,
    /// OpenSearch (1 and later): the same mapping as Elasticsearch.
    OpenSearch,
    /// Quickwit (0.8 and later).
    Quickwit,
    /// Meilisearch (1.x).
    Meilisearch,
}

impl Engine {
    /// Every engine, in the order the docs list them.
    pub const ALL: [Engine; 4] = [
        Engine::Elasticsearch,
        Engine::OpenSearch,
        Engine::Quickwit,
        Engine::Meilisearch,
    ];

    /// The engine's name, as [`FromStr`] reads it.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Elasticsearch => "elasticsearch",
            Engine::OpenSearch => "opensearch",
            Engine::Quickwit => "quickwit",
            Engine::Meilisearch => "meilisearch",
        }
    }

    /// The engine's name as its makers write it.
    pub fn display_name(self) -> &'static str {
        match self {
            Engine::Elasticsearch => "Elasticsearch",
            Engine::OpenSearch => "OpenSearch",
            Engine::Quickwit => "Quickwit",
            Engine::Meilisearch => "Meilisearch",
        }
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Engine {
    type Err = Error;

    fn from_str(s: &str) -> Result<Engine> {
        Engine::ALL
            .into_iter()
            .find(|e| e.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                RequestError::UnknownEngine {
                    name: s.to_string(),
                }
                .into()
            })
    }
}

/// The name of the analyzer the Elasticsearch mapping defines for text.
pub const ES_ANALYZER: &str = "news";

/// The Elasticsearch / OpenSearch index body (`PUT /INDEX`): an English analyzer like
/// newsdex's own (standard tokenizer, lowercase, ASCII folding, Lucene's English stop
/// words, the Snowball English stemmer), `title`, `body` and `author` analysed by it,
/// `date` a date, `timestamp` a long, `id`, `source`, `url` and `path` keywords, `raw`
/// kept but not indexed.
pub(crate) fn elasticsearch() -> Value {
    let text = json!({"type": "text", "analyzer": ES_ANALYZER});
    json!({
        "settings": {
            "analysis": {
                "filter": {
                    "news_stop": {"type": "stop", "stopwords": "_english_"},
                    "news_stemmer": {"type": "stemmer", "language": "porter2"}
                },
                "analyzer": {
                    ES_ANALYZER: {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding", "news_stop", "news_stemmer"]
                    }
                }
            }
        },
        "mappings": {
            "properties": {
                "id": {"type": "keyword"},
                NEWSDEX_ID_FIELD: {"type": "keyword"},
                "title": text,
                "date": {"type": "date", "format": "strict_date_optional_time"},
                "timestamp": {"type": "long"},
                "source": {"type": "keyword"},
                "author": text,
                "url": {"type": "keyword"},
                "path": {"type": "keyword"},
                "body": text,
                "raw": {"type": "text", "index": false}
            }
        }
    })
}

/// The Quickwit index config (`quickwit index create --index-config`, or `POST
/// /api/v1/indexes`): text fields with `en_stem` and positions, `source` raw and fast,
/// `date` an RFC 3339 datetime, fast, and the timestamp field when `timestamp` (Quickwit
/// refuses a document without its timestamp field, so an export with undated articles
/// gets none).
pub(crate) fn quickwit(index_id: &str, timestamp: bool) -> Value {
    let text = |name: &str| {
        json!({"name": name, "type": "text", "tokenizer": "en_stem", "record": "position",
            "fieldnorms": true})
    };
    let raw = |name: &str, fast: bool| json!({"name": name, "type": "text", "tokenizer": "raw", "fast": fast});
    let mut doc_mapping = json!({
        "mode": "dynamic",
        "field_mappings": [
            raw("id", false),
            raw(NEWSDEX_ID_FIELD, false),
            text("title"),
            {"name": "date", "type": "datetime", "input_formats": ["rfc3339"],
                "output_format": "rfc3339", "fast": true, "fast_precision": "seconds"},
            {"name": "timestamp", "type": "i64", "fast": true},
            raw("source", true),
            text("author"),
            raw("url", false),
            raw("path", false),
            text("body"),
            {"name": "raw", "type": "text", "indexed": false}
        ]
    });
    if timestamp {
        doc_mapping["timestamp_field"] = json!("date");
    }
    json!({
        "version": "0.8",
        "index_id": index_id,
        "doc_mapping": doc_mapping,
        "search_settings": {"default_search_fields": ["title", "body"]}
    })
}

/// The attributes Meilisearch searches, in the order it weighs them.
pub const MEILI_SEARCHABLE: [&str; 4] = ["title", "body", "author", "source"];
/// The attributes Meilisearch filters on (`source = Reuters`, `timestamp >= 541350061`).
pub const MEILI_FILTERABLE: [&str; 2] = ["source", "timestamp"];
/// The attributes Meilisearch sorts by.
pub const MEILI_SORTABLE: [&str; 1] = ["timestamp"];

/// The Meilisearch index settings (`PATCH /indexes/INDEX/settings`): searchable,
/// filterable and sortable attributes, and every field displayed but the content hash.
pub(crate) fn meilisearch() -> Value {
    json!({
        "displayedAttributes": [
            "id", NEWSDEX_ID_FIELD, "title", "date", "timestamp", "source", "author", "url",
            "path", "body", "raw"
        ],
        "searchableAttributes": MEILI_SEARCHABLE,
        "filterableAttributes": MEILI_FILTERABLE,
        "sortableAttributes": MEILI_SORTABLE
    })
}

/// Checks an index name the way the engines do: ASCII letters, digits, `-` and `_`,
/// starting with a letter, 3 to 255 characters (Quickwit's rule, the strictest), and no
/// capital (Elasticsearch's).
pub(crate) fn check_index_name(name: &str) -> Result<()> {
    let bad = |reason: &str| {
        Err(RequestError::BadIndexName {
            name: name.to_string(),
            reason: reason.to_string(),
        }
        .into())
    };
    if !(3..=255).contains(&name.len()) {
        return bad("it must be 3 to 255 characters long");
    }
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return bad("it must start with a lowercase letter");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    {
        return bad("use only lowercase letters, digits, - and _");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engines_read_their_names() {
        for engine in Engine::ALL {
            assert_eq!(engine.name().parse::<Engine>().unwrap(), engine);
        }
        assert_eq!("OpenSearch".parse::<Engine>().unwrap(), Engine::OpenSearch);
        assert!("solr".parse::<Engine>().is_err());
    }

    #[test]
    fn index_names_follow_the_strictest_engine() {
        for good in ["news", "news-2023", "news_archive", "n12"] {
            assert!(check_index_name(good).is_ok(), "{good}");
        }
        for bad in ["", "ne", "News", "1news", "news/x", "news archive", "_news"] {
            assert!(check_index_name(bad).is_err(), "{bad}");
        }
    }
}
