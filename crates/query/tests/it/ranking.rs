//! Ranking: articles with every word first, exact spellings above variants, titles count.

use newsdex_query::SearchRequest;

use crate::{ids, ranked, run};

#[test]
fn articles_with_every_word_rank_first_and_variants_below_exact() {
    let results = run(SearchRequest::new("Shoigu Pyongyang"));
    // ap-1 names both; express-1 has both counting Shoygu as a variant; the rest have one
    // word only, by score.
    insta::assert_yaml_snapshot!(ranked(&results), @r"
    - ap-1 2.44
    - express-1 2.24
    - tass-1 2.94
    - bbn-1 1.98
    ");
}

#[test]
fn one_word_ranks_its_exact_spelling_above_rarer_variants() {
    use newsdex_schema::{Article, NewsIndex};
    // A long article that names Shoigu once, and short ones that name Shoygu again and
    // again: by BM25 alone, the variant would come first.
    let index = NewsIndex::create_in_ram();
    let mut writer: tantivy::IndexWriter = index.tantivy().writer(15_000_000).unwrap();
    let filler = "The ministers discussed trade and the weather at length. ".repeat(30);
    let articles = [
        Article::new(format!("Shoigu arrived. {filler}")).with_id("exact"),
        Article::new("Shoygu Shoygu Shoygu.").with_id("variant"),
        Article::new("Others said Shoigu was expected.").with_id("exact-2"),
        Article::new(filler.clone()).with_id("other"),
    ];
    for article in &articles {
        writer
            .add_document(index.fields().to_document(article))
            .unwrap();
    }
    writer.commit().unwrap();
    let searcher = newsdex_query::Searcher::new(&index).unwrap();
    let results = searcher.search(&SearchRequest::new("Shoigu")).unwrap();
    let found = ids(&results);
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[2], "variant", "exact spellings first: {found:?}");
    let variant = &results.hits[2];
    assert!(
        variant.score > results.hits[1].score,
        "the variant scores higher by BM25"
    );
}

#[test]
fn exact_leaves_variants_out() {
    let results = run(SearchRequest::new("Shoigu Pyongyang").exact(true));
    let found = ids(&results);
    assert_eq!(found[0], "ap-1");
    assert!(
        !found.contains(&"express-1") || found.iter().position(|i| *i == "express-1") > Some(0)
    );
    let shoygu = run(SearchRequest::new("Shoigu").exact(true));
    assert_eq!(ids(&shoygu), ["tass-1", "ap-1"]);
}

#[test]
fn common_lowercase_words_get_no_variants() {
    // "talks" is in most articles: no typo matches like "talk" variants of other words.
    let results = run(SearchRequest::new("cocoa"));
    assert_eq!(ids(&results), ["reuters-1"]);
}

#[test]
fn all_requires_every_word() {
    let results = run(SearchRequest::new("Shoigu Pyongyang").all(true).exact(true));
    assert_eq!(ids(&results), ["ap-1"]);
}

#[test]
fn title_matches_outrank_body_mentions() {
    let results = run(SearchRequest::new("security"));
    assert_eq!(ids(&results)[0], "bbn-1");
}

#[test]
fn recent_favours_newer_articles() {
    let plain = run(SearchRequest::new("cooperation"));
    let recent = run(SearchRequest::new("cooperation").recent(true));
    assert_eq!(plain.total, recent.total);
    for (hit, before) in recent.hits.iter().zip(&plain.hits) {
        assert!(
            hit.score < 100.0,
            "shown scores stay relevance scores: {}",
            hit.score
        );
        assert!(hit.score >= before.score * 0.99 || hit.id != before.id);
    }
    let words = run(SearchRequest::new("Shoigu Pyongyang").recent(true));
    assert!(
        words.hits.iter().all(|h| h.score < 100.0),
        "{:?}",
        words.hits.iter().map(|h| h.score).collect::<Vec<_>>()
    );
    assert_eq!(
        ids(&words)[0],
        "ap-1",
        "articles with both words still first"
    );
    let pos =
        |r: &newsdex_query::SearchResults, id: &str| ids(r).iter().position(|i| *i == id).unwrap();
    assert!(pos(&recent, "express-1") >= pos(&plain, "express-1"));
    assert!(pos(&recent, "ap-1") <= pos(&plain, "ap-1"));
}
