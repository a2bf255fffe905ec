//! newsdex: full-text search for folders of news articles.
//!
//! Read news in the forms it arrives in, keep an index in sync with the folders it came
//! from, and ask it questions with a query language, filters, facets and snippets. This
//! crate gathers what an application needs from newsdex's crates:
//!
//! - [`schema`]: the [`Article`] model and the [`NewsIndex`] handle;
//! - [`ingest`]: readers for the file formats, and the folder walk;
//! - [`indexer`]: the [`Indexer`], which writes and syncs an index;
//! - [`query`]: [`SearchRequest`] and the [`Searcher`] that runs it.
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
#![deny(missing_docs)]

pub use newsdex_indexer as indexer;
pub use newsdex_ingest as ingest;
pub use newsdex_query as query;
pub use newsdex_schema as schema;

pub use newsdex_indexer::{
    is_being_written, is_stale, Change, FileChange, Indexer, IndexerOptions, Progress, SyncOptions,
    SyncReport,
};
pub use newsdex_ingest::{Problem, ProblemKind, ReadOptions};
pub use newsdex_query::{
    DateSpan, Facets, Hit, SearchRequest, SearchResults, Searcher, Snippet, Sort, Stats,
};
pub use newsdex_schema::{Article, NewsDate, NewsIndex, FORMAT_VERSION};

/// Any newsdex error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Opening or creating an index.
    #[error(transparent)]
    Index(#[from] newsdex_schema::Error),
    /// Writing an index.
    #[error(transparent)]
    Indexer(#[from] newsdex_indexer::Error),
    /// Searching.
    #[error(transparent)]
    Query(#[from] newsdex_query::Error),
}

impl Error {
    /// Whether the user can fix this (as opposed to an internal failure).
    pub fn is_user_error(&self) -> bool {
        match self {
            Error::Index(e) => e.needs_rebuild() || matches!(e, newsdex_schema::Error::Missing(_)),
            Error::Indexer(e) => e.is_user_error(),
            Error::Query(e) => e.is_user_error(),
        }
    }
}

/// The result type of the facade.
pub type Result<T, E = Error> = std::result::Result<T, E>;
