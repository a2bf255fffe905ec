//! Pushes to a real Meilisearch (1.21, from npm), over the Reuters-21578 collection
//! (fetched at test time, never committed). Skips with a message when either can't be
//! had.

use std::collections::BTreeSet;

use newsdex_export::{Error, Export, MeiliPush, PushReport};
use newsdex_indexer::{Indexer, SyncOptions};
use newsdex_query::{DateSpan, SearchRequest, Searcher};
use newsdex_schema::{Article, NewsIndex};
use serde_json::{json, Value};

use crate::index_of;

#[path = "../../../../tests/support/meilisearch.rs"]
mod meilisearch;
#[path = "../../../../tests/support/reuters.rs"]
mod reuters;

use meilisearch::Meili;

fn push(meili: &Meili, export: &Export, index: &NewsIndex) -> PushReport {
    MeiliPush::new(&meili.url)
        .api_key(meili.key.clone())
        .push(export, index)
        .unwrap_or_else(|e| panic!("{e}\n{}", meili.log()))
}

/// The ids newsdex selects for a request.
fn newsdex_ids(index: &NewsIndex, request: &SearchRequest) -> BTreeSet<String> {
    Searcher::snapshot(index)
        .unwrap()
        .scan(request)
        .unwrap()
        .map(|a| a.unwrap().id)
        .collect()
}

/// The ids of the documents of `index` a Meilisearch filter selects.
fn filtered_ids(meili: &Meili, index: &str, filter: &str) -> BTreeSet<String> {
    let answer = meili.ok(
        "POST",
        &format!("/indexes/{index}/documents/fetch"),
        Some(&json!({"filter": filter, "fields": ["id"], "limit": 100_000})),
    );
    ids_of(&answer["results"])
}

/// The ids of the documents a Meilisearch search finds (every hit, up to 1,000).
fn searched_ids(meili: &Meili, index: &str, query: &Value) -> BTreeSet<String> {
    let answer = meili.ok("POST", &format!("/indexes/{index}/search"), Some(query));
    let total = answer["totalHits"].as_u64().unwrap();
    assert!(total < 1000, "the check sees every hit: {answer}");
    let ids = ids_of(&answer["hits"]);
    assert_eq!(ids.len() as u64, total);
    ids
}

fn ids_of(documents: &Value) -> BTreeSet<String> {
    documents
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The filter on `timestamp` for the span newsdex reads `since` and `until` as.
fn span_filter(since: &str, until: &str) -> String {
    let start = DateSpan::parse(since).unwrap().start.timestamp();
    let end = DateSpan::parse(until).unwrap().end.timestamp();
    format!("timestamp >= {start} AND timestamp < {end}")
}

#[test]
fn reuters_pushed_to_meilisearch_finds_the_same_articles() {
    let Some(package) = reuters::reuters() else {
        return;
    };
    let Some(meili) = Meili::start(None) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let index = NewsIndex::create(dir.path().join("idx")).unwrap();
    let mut indexer = Indexer::new(&index).unwrap();
    indexer.sync(&SyncOptions::new().paths([package])).unwrap();
    indexer.finish().unwrap();
    let total = Searcher::snapshot(&index)
        .unwrap()
        .stats()
        .unwrap()
        .documents;
    assert_eq!(total, 20_841);

    let report = push(&meili, &Export::all(), &index);
    assert_eq!(
        (
            report.articles,
            report.sent,
            report.unchanged,
            report.documents
        ),
        (total, total, 0, total),
        "{report:?}"
    );
    assert!(report.checked && report.tasks >= 1);
    assert_eq!(meili.documents("news"), total);

    // Date filters select the same articles.
    for (since, until) in [
        ("1987-03", "1987-03"),
        ("1987-02-26", "1987-03-02"),
        ("1987-04-07", "1987-04-07"),
        ("1987-10", "1987"),
    ] {
        let request = SearchRequest::new("")
            .since(DateSpan::parse(since).unwrap())
            .until(DateSpan::parse(until).unwrap());
        let ours = newsdex_ids(&index, &request);
        assert!(!ours.is_empty(), "{since}..{until}");
        let theirs = filtered_ids(&meili, "news", &span_filter(since, until));
        assert_eq!(ours, theirs, "{since}..{until}");
    }
    let undated = newsdex_ids(&index, &SearchRequest::new("NOT date:[* TO *]"));
    let theirs = filtered_ids(&meili, "news", "timestamp NOT EXISTS");
    assert_eq!(undated, theirs);
    assert_eq!(
        filtered_ids(&meili, "news", "source = Reuters").len() as u64,
        newsdex_ids(&index, &SearchRequest::new("").source("reuters")).len() as u64
    );

    // Queries: names and rare words, which neither engine stems or spells differently,
    // searched as words newsdex takes exactly and Meilisearch as phrases (no typos, no
    // prefixes), alone and with a date filter.
    for word in [
        "Yeutter",
        "Volcker",
        "Nakasone",
        "Petrobras",
        "Bundesbank",
        "cocoa",
    ] {
        let ours = newsdex_ids(&index, &SearchRequest::new(word).exact(true));
        assert!(!ours.is_empty(), "{word}");
        let theirs = searched_ids(
            &meili,
            "news",
            &json!({"q": format!("\"{word}\""), "hitsPerPage": 1000, "attributesToRetrieve": ["id"]}),
        );
        assert_eq!(ours, theirs, "{word}");
        let dated = SearchRequest::new(word)
            .exact(true)
            .since(DateSpan::parse("1987-03").unwrap())
            .until(DateSpan::parse("1987-04").unwrap());
        let theirs = searched_ids(
            &meili,
            "news",
            &json!({"q": format!("\"{word}\""), "hitsPerPage": 1000,
                "attributesToRetrieve": ["id"], "filter": span_filter("1987-03", "1987-04")}),
        );
        assert_eq!(
            newsdex_ids(&index, &dated),
            theirs,
            "{word} in March and April"
        );
    }

    // The stored documents are the articles.
    let article = Searcher::snapshot(&index)
        .unwrap()
        .scan(&SearchRequest::new("cocoa"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let key = newsdex_export::engine_key(&article.id);
    let document = meili.ok("GET", &format!("/indexes/news/documents/{key}"), None);
    assert_eq!(document["title"], article.title.unwrap().as_str());
    assert_eq!(document["body"], article.body.as_str());
    assert_eq!(document["timestamp"], article.date.unwrap().timestamp());

    // A second push sends nothing.
    let again = push(&meili, &Export::all(), &index);
    assert_eq!(
        (again.sent, again.unchanged, again.tasks, again.documents),
        (0, total, 0, total),
        "{again:?}"
    );

    // A push cut short, here one of the first days only, goes on where Meilisearch
    // got to: the next push sends only what the first did not.
    let until = |day: &str| SearchRequest::new("").until(DateSpan::parse(day).unwrap());
    let first = push(
        &meili,
        &Export::new(until("1987-03-02")).index_name("resumed"),
        &index,
    );
    let rest = push(
        &meili,
        &Export::new(until("1987-03-10")).index_name("resumed"),
        &index,
    );
    let wanted = newsdex_ids(&index, &until("1987-03-10")).len() as u64;
    assert!(first.sent > 500 && first.sent * 2 < wanted, "{first:?}");
    assert_eq!(rest.unchanged, first.sent, "{rest:?}");
    assert_eq!(rest.sent, wanted - first.sent);
    assert_eq!(
        (rest.documents, meili.documents("resumed")),
        (wanted, wanted)
    );
}

#[test]
fn a_changed_article_is_sent_again_and_replaces_its_document() {
    let Some(meili) = Meili::start(Some("a-master-key-for-tests-0123456789")) else {
        return;
    };
    let before = [
        Article::new("Kim met Shoigu.").with_id("a-1"),
        Article::new("Lavrov visited.").with_id("a/2"),
    ];
    let export = Export::all().index_name("changes");
    let first = push(&meili, &export, &index_of(&before));
    assert_eq!((first.sent, first.documents), (2, 2));

    let after = [
        before[0].clone().with_title("Kim meets Shoigu"),
        before[1].clone(),
    ];
    let second = push(&meili, &export, &index_of(&after));
    assert_eq!((second.sent, second.unchanged, second.documents), (1, 1, 2));
    let document = meili.ok("GET", "/indexes/changes/documents/a-1", None);
    assert_eq!(document["title"], "Kim meets Shoigu");
    // The id Meilisearch would refuse is filed under its key, and kept.
    let key = newsdex_export::engine_key("a/2");
    let document = meili.ok("GET", &format!("/indexes/changes/documents/{key}"), None);
    assert_eq!(document["newsdex_id"], "a/2");
}

#[test]
fn refusals_are_one_clear_error() {
    let Some(meili) = Meili::start(Some("a-master-key-for-tests-0123456789")) else {
        return;
    };
    let index = index_of(&[Article::new("Kim met Shoigu.").with_id("a-1")]);
    let no_key = MeiliPush::new(&meili.url).push(&Export::all(), &index);
    let err = no_key.unwrap_err();
    assert!(
        matches!(err, Error::EngineRefused { status: 401, .. }),
        "{err:?}"
    );
    let line = err.to_string();
    assert!(!line.contains('\n'), "{line}");
    assert!(line.contains(&meili.url) && line.contains("401"), "{line}");
    assert!(err.hint().is_some());

    let wrong = MeiliPush::new(&meili.url)
        .api_key(Some("not-the-key".into()))
        .push(&Export::all(), &index)
        .unwrap_err();
    assert!(
        matches!(wrong, Error::EngineRefused { status: 403, .. }),
        "{wrong:?}"
    );

    // An index keyed by another field is refused before anything is sent.
    meili.ok(
        "POST",
        "/indexes",
        Some(&json!({"uid": "other", "primaryKey": "uid"})),
    );
    meili.idle();
    let keyed = MeiliPush::new(&meili.url)
        .api_key(meili.key.clone())
        .push(&Export::all().index_name("other"), &index)
        .unwrap_err();
    assert!(matches!(keyed, Error::EngineIndexKeyed { .. }), "{keyed:?}");

    // A server that isn't there.
    let dead = MeiliPush::new("http://127.0.0.1:9")
        .push(&Export::all(), &index)
        .unwrap_err();
    assert!(matches!(dead, Error::EngineUnreachable { .. }), "{dead:?}");
}
