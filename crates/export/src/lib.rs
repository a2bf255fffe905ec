//! Moving a newsdex archive to a distributed engine: the articles as documents that
//! Elasticsearch and OpenSearch (`_bulk`), Quickwit (ingest API) and Meilisearch take,
//! the index settings that match them, and a push to a running Meilisearch.
//!
//! An [`Export`] selects articles with a [`SearchRequest`] (query and filters, or
//! everything), writes them as one JSON object a line in a [`Format`], and gives the
//! settings of an [`Engine`]'s index. A document holds every field of the article, its
//! stable id, and its date twice: `date` (RFC 3339, UTC) and `timestamp` (seconds since
//! the Unix epoch). Fields the article doesn't have are left out.
//!
//! ```
//! use newsdex_export::{Engine, Export};
//! use newsdex_query::SearchRequest;
//! use newsdex_schema::{Article, NewsDate, NewsIndex};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let index = NewsIndex::create_in_ram();
//! let mut writer: tantivy::IndexWriter = index.tantivy().writer(15_000_000)?;
//! let article = Article::new("Kim and Shoigu talked Wednesday in Pyongyang.")
//!     .with_id("kim-shoigu")
//!     .with_title("Kim meets Shoigu")
//!     .with_date(NewsDate::parse("2023-07-27").unwrap())
//!     .with_source("AP");
//! writer.add_document(index.fields().to_document(&article))?;
//! writer.commit()?;
//!
//! let export = Export::new(SearchRequest::new("").source("ap"));
//! let mut out = Vec::new();
//! export.write(&index, &mut out)?;
//! assert_eq!(
//!     String::from_utf8(out)?,
//!     concat!(
//!         r#"{"id":"kim-shoigu","title":"Kim meets Shoigu","date":"2023-07-27T00:00:00Z","#,
//!         r#""timestamp":1690416000,"source":"AP","body":"Kim and Shoigu talked Wednesday in Pyongyang."}"#,
//!         "\n"
//!     )
//! );
//! let config = export.settings(Engine::Quickwit, &index)?;
//! assert_eq!(config["doc_mapping"]["timestamp_field"], "date");
//! # Ok(())
//! # }
//! ```
//!
//! [`MeiliPush`] sends an export to a running Meilisearch, in batches, skipping what it
//! already has, and waits for its tasks.
//!
//! [`SearchRequest`]: newsdex_query::SearchRequest
#![deny(missing_docs)]

mod document;
mod export;
mod meili;
mod settings;

pub use document::{engine_key, HASH_FIELD, MAX_KEY_BYTES, NEWSDEX_ID_FIELD};
pub use export::{Export, ExportReport, Format, DEFAULT_INDEX_NAME};
pub use meili::{MeiliPush, PushProgress, PushReport};
pub use settings::{Engine, ES_ANALYZER, MEILI_FILTERABLE, MEILI_SEARCHABLE, MEILI_SORTABLE};

pub use newsdex_schema::{Error, RequestError, Result};
