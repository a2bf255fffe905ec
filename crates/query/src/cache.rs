//! [`Pages`]: the results of recent requests, kept by a long-lived [`Searcher`] so that a
//! request made again on the same commit (the next reader of a story everyone is looking
//! up, a page reloaded, the back button) is answered without searching.
//!
//! [`Searcher`]: crate::Searcher

use std::mem::size_of;
use std::sync::Mutex;

use lru::LruCache;

use crate::request::SearchRequest;
use crate::results::{Hit, SearchResults};

/// What a [`Searcher::new`](crate::Searcher::new) keeps of recent results, in bytes.
pub const DEFAULT_RESULT_CACHE: usize = 16 << 20;

/// A page heavier than this share of the budget is not kept: one long list must not push
/// out every other.
const LARGEST_SHARE: usize = 8;

/// The results of recent requests on one commit, least recently used forgotten first,
/// within a budget of bytes. A new commit starts afresh.
#[derive(Debug)]
pub(crate) struct Pages {
    budget: usize,
    kept: Mutex<Kept>,
}

#[derive(Debug)]
struct Kept {
    /// The commit (tantivy's searcher generation) the pages were found on.
    generation: u64,
    /// The bytes the pages hold, keys included.
    used: usize,
    pages: LruCache<String, (SearchResults, usize)>,
}

impl Pages {
    /// Pages within `budget` bytes; none are kept with 0.
    pub(crate) fn new(budget: usize) -> Pages {
        Pages {
            budget,
            kept: Mutex::new(Kept {
                generation: 0,
                used: 0,
                pages: LruCache::unbounded(),
            }),
        }
    }

    /// The key of a request: every field of it, so two requests share a key only when
    /// they ask the same. `None` when nothing is kept.
    pub(crate) fn key(&self, request: &SearchRequest) -> Option<String> {
        if self.budget == 0 {
            return None;
        }
        serde_json::to_string(request).ok()
    }

    /// The results kept for `key` on commit `generation`.
    pub(crate) fn get(&self, generation: u64, key: &str) -> Option<SearchResults> {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if kept.generation != generation {
            return None;
        }
        kept.pages.get(key).map(|(results, _)| results.clone())
    }

    /// Keeps `results` for `key` on commit `generation`, forgetting the least recently
    /// used pages to stay within the budget, and every page of another commit.
    pub(crate) fn put(&self, generation: u64, key: String, results: &SearchResults) {
        let weight = key.len() + weight(results);
        if weight > self.budget / LARGEST_SHARE {
            return;
        }
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if kept.generation != generation {
            kept.generation = generation;
            kept.pages.clear();
            kept.used = 0;
        }
        if let Some((_, old)) = kept.pages.put(key, (results.clone(), weight)) {
            kept.used -= old;
        }
        kept.used += weight;
        while kept.used > self.budget {
            let Some((_, (_, freed))) = kept.pages.pop_lru() else {
                break;
            };
            kept.used -= freed;
        }
    }

    /// How many pages are kept, and their bytes.
    #[cfg(test)]
    fn held(&self) -> (usize, usize) {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        (kept.pages.len(), kept.used)
    }
}

/// About the bytes `results` hold: its structs, strings and lists.
fn weight(results: &SearchResults) -> usize {
    let text = |s: &Option<String>| s.as_ref().map_or(0, String::len);
    let hits: usize = results
        .hits
        .iter()
        .map(|hit: &Hit| {
            size_of::<Hit>()
                + hit.id.len()
                + text(&hit.title)
                + text(&hit.source)
                + text(&hit.author)
                + text(&hit.url)
                + text(&hit.path)
                + hit.snippet.text.len()
                + (hit.snippet.highlights.len() + hit.title_highlights.len()) * 16
                + hit
                    .similar
                    .iter()
                    .map(|id| id.len() + size_of::<String>())
                    .sum::<usize>()
        })
        .sum();
    let facets = results.facets.as_ref().map_or(0, |f| {
        f.sources.iter().map(|s| s.source.len() + 48).sum::<usize>()
            + (f.languages.len() + f.months.len()) * 48
    });
    let variants: usize = results.variants.iter().map(|v| v.len() + 24).sum();
    // The entry itself in the cache's table and list.
    size_of::<SearchResults>() + text(&results.suggestion) + hits + facets + variants + 128
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snippet::Snippet;

    fn results(hits: usize, snippet: usize) -> SearchResults {
        let hit = |rank| Hit {
            rank,
            id: format!("a{rank}"),
            title: Some("Oil prices rise".into()),
            title_highlights: vec![0..3, 4..10],
            date: None,
            source: Some("Reuters".into()),
            author: None,
            url: None,
            path: None,
            lang: None,
            score: 1.0,
            snippet: Snippet {
                text: "x".repeat(snippet),
                highlights: vec![0..1, 2..3],
            },
            similar: Vec::new(),
        };
        SearchResults {
            total: hits,
            hits: (1..=hits).map(hit).collect(),
            facets: None,
            suggestion: None,
            variants: Vec::new(),
        }
    }

    #[test]
    fn a_page_kept_is_found_on_its_commit_only() {
        let pages = Pages::new(1 << 20);
        let key = pages.key(&SearchRequest::new("oil prices")).unwrap();
        assert_eq!(pages.get(1, &key).map(|r| r.total), None);
        pages.put(1, key.clone(), &results(10, 160));
        assert_eq!(pages.get(1, &key).map(|r| r.hits.len()), Some(10));
        assert_eq!(pages.get(2, &key).map(|r| r.total), None);
        // A page of the next commit forgets the pages of the one before.
        let other = pages.key(&SearchRequest::new("coffee")).unwrap();
        pages.put(2, other.clone(), &results(3, 160));
        assert_eq!(pages.held().0, 1);
        assert_eq!(pages.get(2, &other).map(|r| r.total), Some(3));
        assert_eq!(pages.get(1, &key).map(|r| r.total), None);
    }

    #[test]
    fn requests_that_differ_in_any_field_have_different_keys() {
        let pages = Pages::new(1 << 20);
        let base = SearchRequest::new("oil prices");
        let variants = [
            base.clone().limit(20),
            base.clone().offset(10),
            base.clone().facets(true),
            base.clone().duplicates(true),
            base.clone().exact(true),
            base.clone().recent(true),
            base.clone().snippet_chars(80),
            base.clone().source("Reuters"),
            SearchRequest::new("oil  prices"),
        ];
        let key = pages.key(&base).unwrap();
        for (i, request) in variants.iter().enumerate() {
            assert_ne!(pages.key(request).unwrap(), key, "variant {i}");
        }
        assert_eq!(pages.key(&base.clone()).unwrap(), key);
    }

    #[test]
    fn the_budget_is_kept_by_forgetting_the_least_recently_used() {
        let keys: Vec<String> = (0..20)
            .map(|i| {
                let request = SearchRequest::new(format!("q{i:02}"));
                Pages::new(1).key(&request).unwrap()
            })
            .collect();
        let one = keys[0].len() + weight(&results(10, 1000));
        let pages = Pages::new(one * 8 + one / 2);
        for key in &keys[..8] {
            pages.put(1, key.clone(), &results(10, 1000));
        }
        assert_eq!(pages.held().0, 8);
        // The first is used again: the second is the least recently used.
        assert!(pages.get(1, &keys[0]).is_some());
        pages.put(1, keys[8].clone(), &results(10, 1000));
        let (count, used) = pages.held();
        assert_eq!(count, 8);
        assert!(used <= one * 8 + one / 2, "{used}");
        assert!(pages.get(1, &keys[0]).is_some());
        assert!(pages.get(1, &keys[1]).is_none());
        assert!(pages.get(1, &keys[8]).is_some());
        // A page heavier than an eighth of the budget is not kept.
        pages.put(1, keys[9].clone(), &results(100, 1000));
        assert!(pages.get(1, &keys[9]).is_none());
        assert_eq!(pages.held().0, 8);
    }

    #[test]
    fn nothing_is_kept_without_a_budget() {
        let pages = Pages::new(0);
        assert_eq!(pages.key(&SearchRequest::new("oil")), None);
    }
}
