//! Filters, sorting, paging, facets and related articles.

use newsdex_query::{DateSpan, SearchRequest, Sort};

use crate::{ids, run, searcher};

#[test]
fn since_and_until_include_whole_periods() {
    let request = SearchRequest::new("talks")
        .since(DateSpan::parse("2023-07").unwrap())
        .until(DateSpan::parse("2023-09").unwrap());
    let mut found = ids(&run(request))
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>();
    found.sort();
    assert_eq!(found, ["ap-1", "tass-1"]);
}

#[test]
fn filters_alone_list_matching_articles() {
    let results = run(SearchRequest::new("").source("reuters"));
    assert_eq!(ids(&results), ["reuters-1"]);
}

#[test]
fn sources_are_repeatable_and_case_blind() {
    let results = run(SearchRequest::new("talks")
        .source("ap")
        .source("TASS")
        .sort(Sort::Date));
    assert_eq!(ids(&results), ["ap-1", "tass-1"]);
}

#[test]
fn sort_by_date_both_ways() {
    let oldest = run(SearchRequest::new("Russian").sort(Sort::Date));
    assert_eq!(ids(&oldest), ["express-1", "ap-1", "bbn-1"]);
    let newest = run(SearchRequest::new("Russian").sort(Sort::DateDesc));
    assert_eq!(ids(&newest), ["bbn-1", "ap-1", "express-1"]);
    assert!(
        newest.hits.iter().all(|h| h.score > 0.0),
        "scores are still reported"
    );
}

#[test]
fn pages_follow_each_other() {
    let all = run(SearchRequest::new("cooperation talks").limit(10));
    let first = run(SearchRequest::new("cooperation talks").limit(2));
    let second = run(SearchRequest::new("cooperation talks").limit(2).offset(2));
    assert_eq!(ids(&first), ids(&all)[..2]);
    assert_eq!(ids(&second), ids(&all)[2..4]);
    assert_eq!(second.hits[0].rank, 3);
    assert_eq!(second.total, all.total);
}

#[test]
fn facets_count_the_whole_result_set() {
    let results = run(SearchRequest::new("cooperation talks")
        .limit(1)
        .facets(true));
    let facets = results.facets.unwrap();
    insta::assert_yaml_snapshot!(facets, @r"
    sources:
      - source: AP
        count: 1
      - source: BBN – Big Big News
        count: 1
      - source: Express
        count: 1
      - source: TASS
        count: 1
    no_source: 1
    languages: []
    no_language: 5
    months:
      - month: 2019-07
        count: 1
      - month: 2023-07
        count: 1
      - month: 2023-09
        count: 1
      - month: 2023-10
        count: 1
    undated: 1
    first_date: 2019-07-02
    last_date: 2023-10-19
    ");
}

#[test]
fn like_finds_related_articles_never_itself() {
    let results = run(SearchRequest::new("").like("ap-1"));
    let found = ids(&results);
    assert!(!found.contains(&"ap-1"));
    assert!(!found.is_empty());
    assert_ne!(found[0], "reuters-1");
    let err = searcher()
        .search(&SearchRequest::new("").like("nope"))
        .unwrap_err();
    assert!(matches!(err, newsdex_query::Error::ArticleNotFound { .. }));
}

#[test]
fn stats_cover_the_whole_index() {
    let stats = searcher().stats().unwrap();
    assert_eq!(stats.documents, 6);
    assert_eq!(stats.facets.undated, 1);
    assert_eq!(stats.facets.first_date.unwrap().to_string(), "1987-02-26");
}

#[test]
fn bad_requests_are_refused() {
    let s = searcher();
    assert!(s
        .search(&SearchRequest::new("x").offset(usize::MAX))
        .is_err());
    let backwards = SearchRequest::new("x")
        .since(DateSpan::parse("2024").unwrap())
        .until(DateSpan::parse("2023").unwrap());
    assert!(s.search(&backwards).is_err());
}

#[test]
fn a_star_or_filters_alone_list_every_article_newest_first() {
    let all = run(SearchRequest::new("*").limit(10));
    assert_eq!(
        ids(&all),
        [
            "bbn-1",
            "tass-1",
            "ap-1",
            "express-1",
            "reuters-1",
            "note-1"
        ]
    );
    assert_eq!(all.total, 6);
    let since = run(SearchRequest::new("").since(DateSpan::parse("2019").unwrap()));
    assert_eq!(ids(&since), ["bbn-1", "tass-1", "ap-1", "express-1"]);
    let oldest = run(SearchRequest::new(" * ").sort(Sort::Date).limit(2));
    assert_eq!(ids(&oldest), ["reuters-1", "express-1"]);
}

#[test]
fn a_limit_of_zero_counts_without_hits() {
    let counted = run(SearchRequest::new("talks").limit(0).facets(true));
    assert!(counted.hits.is_empty());
    let listed = run(SearchRequest::new("talks").facets(true));
    assert!(!listed.hits.is_empty());
    assert_eq!(counted.total, listed.total);
    let (counted, listed) = (counted.facets.unwrap(), listed.facets.unwrap());
    assert_eq!(counted.sources, listed.sources);
    assert_eq!(counted.months, listed.months);
}
