//! Spelling variants: searched for rare words and names, never outnumbering a word's own
//! articles, never for a common word, and always listed in the results.

use newsdex_query::{SearchRequest, Searcher};
use newsdex_schema::Article;

use crate::ids;

/// An archive where `Reagan` is common and `Regan` another man, `clove` rare among
/// `close` and `love`, and `Greenspann` a typo found nowhere.
fn archive() -> Searcher {
    let mut articles = Vec::new();
    let mut add = |n: usize, text: &str| {
        for i in 0..n {
            let id = format!("{}-{i:02}", text.split(' ').next().unwrap().to_lowercase());
            articles.push(Article::new(format!("{text} Story {i}.")).with_id(id));
        }
    };
    add(60, "Reagan met the press in Washington.");
    add(4, "Regan resigned as chief of staff.");
    add(1, "clove prices were steady in Zanzibar.");
    add(30, "close of trading was quiet.");
    add(20, "love songs topped the charts.");
    add(6, "Greenspan spoke on rates.");
    add(3, "Shoigu visited Pyongyang.");
    add(1, "Shoygu visited the front.");
    add(40, "Other news of the day.");
    crate::searcher_over(&articles)
}

fn search(searcher: &Searcher, query: &str) -> newsdex_query::SearchResults {
    searcher
        .search(&SearchRequest::new(query).limit(100))
        .unwrap()
}

#[test]
fn a_common_word_gets_no_variants() {
    let searcher = archive();
    let reagan = search(&searcher, "Reagan");
    assert_eq!(reagan.total, 60);
    assert!(reagan.hits.iter().all(|h| h.id.starts_with("reagan-")));
    assert!(reagan.variants.is_empty());
}

#[test]
fn variants_never_outnumber_the_word_itself() {
    let searcher = archive();
    // `Reagan` is in 60 articles, `Regan` in 4: Reagan is another man, not a spelling.
    let regan = search(&searcher, "Regan");
    assert_eq!(regan.total, 4);
    assert!(regan.variants.is_empty());
    // `close` (30) and `love` (20) are other words, not spellings of `clove` (1).
    let clove = search(&searcher, "clove");
    assert_eq!(ids(&clove), ["clove-00"]);
    assert!(clove.variants.is_empty());
    // `Shoygu` (1) is a spelling of `Shoigu` (3): searched, ranked after, and listed.
    let shoigu = search(&searcher, "Shoigu");
    assert_eq!(shoigu.total, 4);
    assert_eq!(shoigu.hits[3].id, "shoygu-00");
    assert!(shoigu.hits[2].score > shoigu.hits[3].score);
    assert_eq!(shoigu.variants, ["shoygu"]);
    // The other way round, `Shoigu` would outnumber it.
    assert_eq!(search(&searcher, "Shoygu").total, 1);
}

#[test]
fn a_word_found_nowhere_is_corrected_and_says_so() {
    let searcher = archive();
    let results = search(&searcher, "Greenspann rates");
    assert_eq!(results.total, 6);
    assert_eq!(results.variants, ["greenspan"]);
    // Searched as written, nothing is listed; with exact spellings, nothing is corrected.
    assert!(search(&searcher, "rates").variants.is_empty());
    let exact = searcher
        .search(&SearchRequest::new("Greenspann").exact(true))
        .unwrap();
    assert_eq!((exact.total, exact.variants), (0, Vec::<String>::new()));
}

#[test]
fn variants_follow_the_commits_of_the_index_searched() {
    let searcher = archive();
    // Searched once: the expansions of `shoigu` are kept for this commit.
    let before = search(&searcher, "Shoigu");
    assert_eq!(before.total, 4);
    let index = searcher.index().clone();
    let mut writer: tantivy::IndexWriter = index.tantivy().writer(15_000_000).unwrap();
    let article = Article::new("Shoiguu inspected the port.").with_id("shoiguu-00");
    writer
        .add_document(index.fields().to_document(&article))
        .unwrap();
    writer.commit().unwrap();
    searcher.reload().unwrap();
    // A spelling the new commit added is one of the word's variants from then on.
    let after = search(&searcher, "Shoigu");
    assert_eq!(after.total, 5);
    assert!(ids(&after).contains(&"shoiguu-00"), "{:?}", ids(&after));
    assert!(
        after.variants.iter().any(|v| v == "shoiguu"),
        "{:?}",
        after.variants
    );
}
