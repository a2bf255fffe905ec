//! What a search returns: [`SearchResults`] and their [`Hit`]s, and [`Stats`].

use std::ops::Range;

use newsdex_schema::{Language, NewsDate};
use serde::Serialize;

use crate::facets::Facets;
use crate::snippet::Snippet;

/// One article found.
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    /// 1-based rank in the whole result list (offset included).
    pub rank: usize,
    /// The article's id.
    pub id: String,
    /// The headline.
    pub title: Option<String>,
    /// Byte ranges of `title` that matched.
    pub title_highlights: Vec<Range<usize>>,
    /// The publication date.
    pub date: Option<NewsDate>,
    /// The source.
    pub source: Option<String>,
    /// The byline.
    pub author: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// The file it came from.
    pub path: Option<String>,
    /// The language the article is written in, where known.
    pub lang: Option<Language>,
    /// The relevance score (BM25, title and variants weighted).
    pub score: f32,
    /// The best passage, matched words marked.
    pub snippet: Snippet,
}

/// What a search found.
#[derive(Clone, Debug, Serialize)]
pub struct SearchResults {
    /// How many articles match in all.
    pub total: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Counts by source and month, when asked for.
    pub facets: Option<Facets>,
    /// A query that would find something, when this one found nothing.
    pub suggestion: Option<String>,
}

/// What an index holds.
#[derive(Clone, Debug, Serialize)]
pub struct Stats {
    /// Articles.
    pub documents: u64,
    /// Bytes on disk (0 in RAM).
    pub size_bytes: u64,
    /// Segments.
    pub segments: usize,
    /// Counts by source and month, with the date range.
    pub facets: Facets,
    /// The folder the index lives in.
    pub dir: Option<String>,
    /// The folders and files it is kept in sync with.
    pub roots: Vec<String>,
}

impl SearchResults {
    /// No hits, nothing counted.
    pub(crate) fn empty() -> SearchResults {
        SearchResults {
            total: 0,
            hits: Vec::new(),
            facets: None,
            suggestion: None,
        }
    }
}
