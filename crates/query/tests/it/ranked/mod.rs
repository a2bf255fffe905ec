//! Ranking pinned one concern a file, in the style of milli's `tests/search/`: each builds
//! the small corpus of [`crate::corpus`] (or its own), runs a few requests and snapshots
//! the order of the hits with their scores rounded to 2 decimals, in
//! `snapshots/it__ranked__<concern>__<test>.snap`.

mod exact_vs_variants;
mod recency;
mod related;
mod sort;
mod title_weight;

use newsdex_query::SearchResults;

/// `id score` per hit, in rank order, and the total: what a ranking snapshot pins.
pub fn order(results: &SearchResults) -> Vec<String> {
    let mut lines: Vec<String> = results
        .hits
        .iter()
        .map(|h| format!("{} {:.2}", h.id, h.score))
        .collect();
    lines.push(format!("total {}", results.total));
    lines
}
