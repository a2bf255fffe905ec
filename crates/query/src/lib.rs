//! Searching newsdex indexes: the query language, filters, ranking, snippets, facets and
//! related articles.
//!
//! A search is a [`SearchRequest`], built once and executed against a [`Searcher`]:
//!
//! ```
//! use newsdex_query::{SearchRequest, Searcher};
//! use newsdex_schema::{Article, NewsIndex};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let index = NewsIndex::create_in_ram();
//! let mut writer: tantivy::IndexWriter = index.tantivy().writer(15_000_000)?;
//! let article = Article::new("Kim and Shoigu talked Wednesday in Pyongyang.")
//!     .with_id("a1")
//!     .with_title("Kim meets Shoigu");
//! writer.add_document(index.fields().to_document(&article))?;
//! writer.commit()?;
//!
//! let searcher = Searcher::new(&index)?;
//! let results = searcher.search(&SearchRequest::new("Shoigu Pyongyang").limit(5))?;
//! assert_eq!(results.total, 1);
//! assert_eq!(results.hits[0].id, "a1");
//! assert_eq!(results.hits[0].snippet.text, "Kim and Shoigu talked Wednesday in Pyongyang.");
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod build;
mod cache;
mod columns;
mod compounds;
mod dated;
mod dates;
mod facets;
mod filters;
mod flat;
pub mod jsonl;
mod languages;
mod parser;
mod print;
mod pruned;
mod related;
mod request;
mod results;
mod scan;
mod scoring;
mod searcher;
mod similar;
mod snippet;
mod suggest;
mod threads;
mod tiers;
mod ties;

pub use build::VARIANT_WEIGHT;
pub use cache::DEFAULT_RESULT_CACHE;
pub use dates::DateSpan;
pub use facets::{Facets, LanguageCount, MonthCount, SourceCount};
pub use newsdex_schema::{Error, ParseError, RequestError, Result, QUERY_FIELDS};
pub use parser::{parse, parse_lenient, Ast, Occur, MAX_BOOST, MAX_DEPTH, MAX_WORDS};
pub use request::{SearchRequest, Sort, MAX_WINDOW};
pub use results::{char_ranges, Hit, SearchResults, Stats};
pub use scan::Scan;
pub use scoring::{LENGTH_SCALE, RELEVANCE_HALF};
pub use searcher::Searcher;
pub use snippet::Snippet;
