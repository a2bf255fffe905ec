//! Scans: every article a request selects, whatever the page size.

use std::collections::BTreeSet;

use newsdex_query::{DateSpan, SearchRequest, Searcher};
use newsdex_schema::{Article, NewsIndex};

use crate::{corpus, searcher};

fn scanned(searcher: &Searcher, request: &SearchRequest) -> BTreeSet<String> {
    let scan = searcher.scan(request).unwrap();
    let total = scan.total();
    let ids: Vec<String> = scan.map(|a| a.unwrap().id).collect();
    assert_eq!(ids.len() as u64, total, "total counts what the scan yields");
    let set: BTreeSet<String> = ids.iter().cloned().collect();
    assert_eq!(set.len(), ids.len(), "no article twice: {ids:?}");
    set
}

/// What a search of the same request finds, all of it on one page.
fn searched(searcher: &Searcher, request: SearchRequest) -> BTreeSet<String> {
    let results = searcher.search(&request.limit(1000)).unwrap();
    assert_eq!(results.total, results.hits.len());
    results.hits.into_iter().map(|h| h.id).collect()
}

#[test]
fn an_empty_request_selects_every_article() {
    let s = searcher();
    let all: BTreeSet<String> = corpus().into_iter().map(|a| a.id).collect();
    assert_eq!(scanned(&s, &SearchRequest::new("")), all);
}

#[test]
fn a_scan_selects_what_a_search_finds() {
    let s = searcher();
    let since = || DateSpan::parse("2023-07").unwrap();
    let requests = [
        SearchRequest::new("talks"),
        SearchRequest::new("Shoigu"), // with its variant Shoygu
        SearchRequest::new("Shoigu").exact(true),
        SearchRequest::new("cooperation -Pyongyang"),
        SearchRequest::new("\"North Korea\""),
        SearchRequest::new("talks").since(since()),
        SearchRequest::new("").since(since()),
        SearchRequest::new("").until(DateSpan::parse("2020").unwrap()),
        SearchRequest::new("").source("ap").source("tass"),
        SearchRequest::new("talks").source("bbn – big big news"),
        SearchRequest::new("date:[2019-01-01 TO 2023-08-01]"),
        SearchRequest::new("").like("ap-1"),
    ];
    for request in requests {
        let found = searched(&s, request.clone());
        assert!(!found.is_empty(), "{request:?} should find something");
        assert_eq!(scanned(&s, &request), found, "{request:?}");
    }
}

#[test]
fn a_scan_of_nothing_is_empty() {
    let s = searcher();
    for request in [
        SearchRequest::new("the of"), // only stop words
        SearchRequest::new("zanzibar"),
        SearchRequest::new("talks").source("nobody"),
    ] {
        assert!(scanned(&s, &request).is_empty(), "{request:?}");
    }
}

#[test]
fn a_scan_checks_its_request() {
    let s = searcher();
    let bad = SearchRequest::new("")
        .since(DateSpan::parse("2024").unwrap())
        .until(DateSpan::parse("2023").unwrap());
    assert!(s.scan(&bad).unwrap_err().is_user_error());
    assert!(s.scan(&SearchRequest::new("\"unclosed")).is_err());
    // The page of a search does not limit a scan.
    assert_eq!(scanned(&s, &SearchRequest::new("").limit(1)).len(), 6);
}

#[test]
fn a_scan_reads_every_segment_and_skips_deleted_articles() {
    let index = NewsIndex::create_in_ram();
    let mut writer: tantivy::IndexWriter = index.tantivy().writer(15_000_000).unwrap();
    // Three commits, three segments (no merge policy gets to run on three).
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    for round in 0..3 {
        for i in 0..50 {
            let article = Article::new(format!("Round {round}, article {i} on cocoa."))
                .with_id(format!("r{round}-{i}"));
            writer
                .add_document(index.fields().to_document(&article))
                .unwrap();
        }
        writer.commit().unwrap();
    }
    let id = index.fields().id;
    writer.delete_term(tantivy::Term::from_field_text(id, "r1-7"));
    writer.commit().unwrap();
    let s = Searcher::new(&index).unwrap();
    s.reload().unwrap();
    assert_eq!(s.stats().unwrap().segments, 3);
    let found = scanned(&s, &SearchRequest::new("cocoa"));
    assert_eq!(found.len(), 149);
    assert!(!found.contains("r1-7"));
    assert!(found.contains("r2-49") && found.contains("r0-0"));
}

#[test]
fn a_scan_yields_whole_articles() {
    let s = searcher();
    let expected: Vec<Article> = corpus();
    let got: Vec<Article> = s
        .scan(&SearchRequest::new(""))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for article in &expected {
        let found = got.iter().find(|a| a.id == article.id).unwrap();
        assert_eq!(found, article);
    }
}

#[test]
fn a_scan_counts_its_articles_by_source_and_date() {
    let s = searcher();
    let scan = s.scan(&SearchRequest::new("cooperation")).unwrap();
    let facets = scan.facets().unwrap();
    // ap-1, express-1 and the undated, sourceless note-1.
    assert_eq!(scan.total(), 3);
    assert_eq!(facets.undated, 1);
    assert_eq!(facets.no_source, 1);
    assert_eq!(facets.sources.iter().map(|s| s.count).sum::<u64>(), 2);
    let nothing = s.scan(&SearchRequest::new("the")).unwrap();
    assert_eq!(nothing.facets().unwrap().undated, 0);
}
