//! newsdex: full-text search for folders of news articles.
//!
//! Read news in the forms it arrives in, keep an index in sync with the folders it came
//! from, and ask it questions with a query language, filters, facets and snippets. This
//! crate gathers what an application needs from newsdex's crates:
//!
//! - [`schema`]: the [`Article`] model and the [`NewsIndex`] handle;
//! - [`ingest`]: readers for the file formats, and the folder walk;
//! - [`indexer`]: the [`Indexer`], which writes and syncs an index;
//! - [`query`]: [`SearchRequest`] and the [`Searcher`] that runs it;
//! - [`export`]: the [`Export`] of articles to Elasticsearch, OpenSearch, Quickwit and
//!   Meilisearch, and the [`MeiliPush`] to a running Meilisearch.
//!
//! Every public type of those crates is also here at the top, so `newsdex::…` is the one
//! path an application writes. Search results serialize (serde) to the JSON Lines format
//! that `search --json` prints, written by [`jsonl`].
//!
//! ```
//! use newsdex::{Article, Indexer, NewsIndex, SearchRequest};
//!
//! # fn main() -> newsdex::Result<()> {
//! let index = NewsIndex::create_in_ram();
//! let mut indexer = Indexer::new(&index)?;
//! indexer.add(
//!     &Article::new("Kim and Shoigu talked Wednesday in the capital, Pyongyang.")
//!         .with_id("kim-shoigu")
//!         .with_title("Kim Jong Un meets Russian Defence Minister")
//!         .with_source("AP"),
//! )?;
//! indexer.commit()?;
//!
//! let results = SearchRequest::new("Shoigu Pyongyang").limit(10).execute(&index)?;
//! let hit = &results.hits[0];
//! assert_eq!(hit.id, "kim-shoigu");
//! assert_eq!(hit.source.as_deref(), Some("AP"));
//! let marked: Vec<&str> = hit.snippet.highlights.iter().map(|r| &hit.snippet.text[r.clone()]).collect();
//! assert_eq!(marked, ["Shoigu", "Pyongyang"]);
//! # Ok(())
//! # }
//! ```
//!
//! Every crate of newsdex reports one [`Error`], so `?` carries any failure to a
//! `newsdex::Result`, and a program matches on what happened:
//!
//! ```
//! use newsdex::{Error, NewsIndex, ReadOptions, SearchRequest};
//!
//! fn run() -> newsdex::Result<usize> {
//!     let _options = ReadOptions::new().map_field("body=story")?; // reading options
//!     let index = NewsIndex::create_in_ram();
//!     let results = SearchRequest::new("(unclosed").execute(&index)?; // searching
//!     Ok(results.total)
//! }
//!
//! match run() {
//!     Err(Error::Parse(e)) => assert_eq!(e.column, 1),
//!     other => panic!("expected a parse error, got {other:?}"),
//! }
//! match NewsIndex::open("/no/index/here") {
//!     Err(e @ Error::NoIndex { .. }) => assert!(e.is_user_error()),
//!     other => panic!("expected no index, got {other:?}"),
//! }
//! ```
#![deny(missing_docs)]

pub use newsdex_export as export;
pub use newsdex_indexer as indexer;
pub use newsdex_ingest as ingest;
pub use newsdex_query as query;
pub use newsdex_schema as schema;

pub use newsdex_export::{
    Engine, Export, ExportReport, Format as ExportFormat, MeiliPush, PushProgress, PushReport,
};
pub use newsdex_indexer::{
    is_being_written, is_stale, open, open_with, user_index_dir, Change, FileChange, IndexedFile,
    Indexer, IndexerOptions, Location, OpenPolicy, OpenStep, Opened, Opening, Progress, SkipCount,
    SyncOptions, SyncReport, LOCAL_INDEX,
};
pub use newsdex_ingest::{
    ArticleField, Batch, FieldMap, FileRead, Format, Problem, ProblemKind, ReadOptions, SourceFile,
    WalkOptions, IGNORE_FILE,
};
pub use newsdex_query::{
    char_ranges, jsonl, Ast, DateSpan, Facets, Hit, LanguageCount, MonthCount, Occur, Scan,
    SearchRequest, SearchResults, Searcher, Snippet, Sort, SourceCount, Stats,
    DEFAULT_RESULT_CACHE,
};
/// How an index's segments are merged, bounded in size.
pub use newsdex_schema::merges;
/// Near-duplicate fingerprints: copies of one story, as a search folds them.
pub use newsdex_schema::print;
pub use newsdex_schema::tie_key;
pub use newsdex_schema::{
    language_analyzer, Article, CheckReport, CommitMeta, Damage, Error, Fields, FileProblems,
    FileStamp, Language, NewsDate, NewsIndex, NewsTokenizer, NotAnIndexReason, NotedProblem,
    ParseError, RequestError, Result, SkippedFile, UnknownLanguage, FORMAT_VERSION,
};
