//! Integration tests of search: each module builds a tiny index and pins one concern.

mod compounds;
mod filters;
mod highlights;
mod limits;
mod order;
mod ranked;
mod ranking;
mod scan;
mod similar;
mod syntax;
mod ties;
mod variants;

use newsdex_query::{SearchRequest, SearchResults, Searcher};
use newsdex_schema::{Article, NewsDate, NewsIndex};

/// A small news collection with known dates, sources and spellings.
pub fn corpus() -> Vec<Article> {
    let day = |d: &str| NewsDate::parse(d).unwrap();
    vec![
        Article::new("Kim and Shoigu talked Wednesday in the capital, Pyongyang, about military cooperation.")
            .with_id("ap-1")
            .with_title("Kim Jong Un meets Russian Defence Minister")
            .with_date(day("2023-07-27"))
            .with_source("AP"),
        Article::new("Defence minister Sergey Shoygu said the talks would strengthen cooperation. The delegation flew to Pyongyang.")
            .with_id("express-1")
            .with_title("Russian top brass heads to North Korea")
            .with_date(day("2019-07-02"))
            .with_source("Express"),
        Article::new("Lavrov proposed regular security talks with North Korea and China during his visit.")
            .with_id("bbn-1")
            .with_title("Russian foreign minister offers security talks in Pyongyang")
            .with_date(day("2023-10-19"))
            .with_source("BBN – Big Big News"),
        Article::new("The Kremlin said Shoigu will take part in the talks between Putin and Kim Jong-un in the Far East.")
            .with_id("tass-1")
            .with_title("Shoigu to participate in talks")
            .with_date(day("2023-09-12"))
            .with_source("TASS"),
        Article::new("Cocoa prices rose sharply as showers continued in the Bahia region.")
            .with_id("reuters-1")
            .with_title("Bahia cocoa review")
            .with_date(day("1987-02-26"))
            .with_source("Reuters"),
        Article::new("An undated note about cooperation in the region, with no source.")
            .with_id("note-1"),
    ]
}

/// A searcher over [`corpus`], in RAM.
pub fn searcher() -> Searcher {
    searcher_over(&corpus())
}

/// A searcher over `articles`, in RAM, in one commit.
pub fn searcher_over(articles: &[Article]) -> Searcher {
    searcher_in_segments(articles, 1, 1)
}

/// A searcher over `articles` written by `threads` indexing threads and committed in
/// `batches` (one segment at least each, never merged).
pub fn searcher_in_segments(articles: &[Article], threads: usize, batches: usize) -> Searcher {
    let index = NewsIndex::create_in_ram();
    let mut writer: tantivy::IndexWriter = index
        .tantivy()
        .writer_with_num_threads(threads, 15_000_000 * threads)
        .unwrap();
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    for batch in articles.chunks(articles.len().div_ceil(batches).max(1)) {
        for article in batch {
            writer
                .add_document(index.fields().to_document(article))
                .unwrap();
        }
        writer.commit().unwrap();
    }
    if articles.is_empty() {
        writer.commit().unwrap();
    }
    Searcher::new(&index).unwrap()
}

/// Runs a request on a fresh [`searcher`].
pub fn run(request: SearchRequest) -> SearchResults {
    searcher().search(&request).unwrap()
}

/// The ids of the hits, in rank order.
pub fn ids(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.id.as_str()).collect()
}

/// Ids with scores rounded, for snapshots.
pub fn ranked(results: &SearchResults) -> Vec<String> {
    results
        .hits
        .iter()
        .map(|h| format!("{} {:.2}", h.id, h.score))
        .collect()
}
