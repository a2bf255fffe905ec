//! Ranking: articles with every word first, exact spellings above variants, titles count.

use newsdex_query::SearchRequest;

use crate::{ids, ranked, run};

#[test]
fn articles_with_every_word_rank_first_and_variants_below_exact() {
    let results = run(SearchRequest::new("Shoigu Pyongyang"));
    // ap-1 names both; express-1 has both counting Shoygu as a variant; the rest have one
    // word only, by score.
    insta::assert_yaml_snapshot!(ranked(&results), @r"
    - ap-1 2.20
    - express-1 1.18
    - tass-1 0.23
    - bbn-1 0.17
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
    // The scores shown are the ones hits are ranked by: the whole part counts the tier,
    // the fraction the relevance, where the variant is ahead.
    let (exact, variant) = (&results.hits[1], &results.hits[2]);
    assert!(exact.score > variant.score, "{results:?}");
    assert!(
        variant.score.fract() > exact.score.fract(),
        "the variant scores higher by BM25: {results:?}"
    );
}

#[test]
fn exact_leaves_variants_out() {
    let results = run(SearchRequest::new("Shoigu Pyongyang").exact(true));
    let found = ids(&results);
    assert_eq!(found[0], "ap-1");
    // express-1 spells Shoygu: with variants it holds both words and ranks second; with
    // `exact` it holds Pyongyang alone, like bbn-1, and ranks by score among them.
    let with_variants = run(SearchRequest::new("Shoigu Pyongyang"));
    assert_eq!(ids(&with_variants)[1], "express-1");
    assert_ne!(
        found.iter().position(|i| *i == "express-1"),
        Some(1),
        "exact: {found:?}"
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
    // The bonus multiplies relevance by 1 + 0.5 · 2^(-age/30 days): more than 1 for an
    // article dated within a year of the newest, 1 (to f32 precision) for one years older
    // (express-1, 2019) and for an undated one (note-1); it never lowers a score.
    let newest = recent.hits.iter().filter_map(|h| h.date).max().unwrap();
    for hit in &recent.hits {
        let before = plain.hits.iter().find(|h| h.id == hit.id).unwrap();
        match hit.date {
            Some(date) if newest.timestamp() - date.timestamp() < 365 * 86_400 => assert!(
                hit.score > before.score,
                "{}: {} vs {}",
                hit.id,
                hit.score,
                before.score
            ),
            Some(_) => assert!(hit.score >= before.score, "{}", hit.id),
            None => assert_eq!(hit.score, before.score, "{}", hit.id),
        }
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

/// A collection large enough that a page can come from the top tier alone: 400 long
/// articles, each naming a few of ten words once among filler, in three sources and
/// twelve months; and 40 short ones that repeat one word, or a variant of one, so that by
/// score alone they would outrank the long articles that hold every word.
fn wide_searcher() -> newsdex_query::Searcher {
    use newsdex_schema::{Article, NewsDate, NewsIndex};
    let words = [
        "oil", "prices", "crude", "opec", "output", "bank", "rates", "coffee", "cocoa", "shipping",
    ];
    let filler = [
        "market",
        "said",
        "week",
        "traders",
        "year",
        "government",
        "sources",
    ];
    let index = NewsIndex::create_in_ram();
    let mut writer: tantivy::IndexWriter = index.tantivy().writer(15_000_000).unwrap();
    let add = |article: Article| {
        writer
            .add_document(index.fields().to_document(&article))
            .unwrap();
    };
    for i in 0..400usize {
        let mut body: Vec<&str> = (0..20 + i % 37)
            .map(|j| filler[(i + j) % filler.len()])
            .collect();
        for (k, word) in words.iter().enumerate() {
            if (i >> (k % 5)) % 2 == 0 || (i + k) % 3 == 0 {
                body.insert((i * 3 + k) % body.len(), word);
            }
        }
        let date = NewsDate::parse(&format!("1987-{:02}-{:02}", 1 + i % 12, 1 + i % 28)).unwrap();
        add(Article::new(body.join(" "))
            .with_id(format!("a{i}"))
            .with_title(format!("Market report {i}"))
            .with_date(date)
            .with_source(["Reuters", "AP", "AFP"][i % 3]));
    }
    for (i, text) in [
        "oil oil oil",
        "bank bank bank",
        "cofee cofee cofee",
        "crude crude",
    ]
    .iter()
    .cycle()
    .take(40)
    .enumerate()
    {
        let date = NewsDate::parse(&format!("1987-{:02}-15", 1 + i % 12)).unwrap();
        add(Article::new(*text)
            .with_id(format!("short{i}"))
            .with_title(*text)
            .with_date(date)
            .with_source(["AP", "AFP"][i % 2]));
    }
    writer.commit().unwrap();
    newsdex_query::Searcher::new(&index).unwrap()
}

/// A short page is the start of a long one: the short page of a query of several words
/// can be found in the top tier alone (every word as typed), the long one needs every
/// tier. Same articles in the same order (up to near-ties of score), same total, same
/// facets. (A single word, or a date range, always takes the one-search way.)
#[test]
fn a_short_page_is_the_start_of_a_long_one() {
    use newsdex_query::DateSpan;
    let searcher = wide_searcher();
    // (request, offset of the short page)
    let requests = [
        (SearchRequest::new("oil prices"), 0),
        (SearchRequest::new("crude output rates"), 0),
        (SearchRequest::new("oil prices").facets(true), 0),
        (
            SearchRequest::new("oil prices").source("AP").source("AFP"),
            0,
        ),
        (
            SearchRequest::new("oil prices").since(DateSpan::parse("1987-03").unwrap()),
            0,
        ),
        (SearchRequest::new("bank rates"), 4),
    ];
    for (n, (request, skip)) in requests.into_iter().enumerate() {
        let short = searcher
            .search(&request.clone().offset(skip).limit(6))
            .unwrap();
        let long = searcher.search(&request.clone().limit(1000)).unwrap();
        let label = format!("request {n}, {:?} (offset {skip})", request.query());
        // The tiers matter here: an article further down is more relevant than the page's
        // last (the fraction of a score is its relevance, the whole part its tiers).
        let last = short.hits.last().unwrap().score.fract();
        assert!(
            long.hits[skip + 6..].iter().any(|h| h.score.fract() > last),
            "{label}: the tiers change nothing"
        );
        assert!(short.hits.len() == 6, "{label}: a full page");
        assert_eq!(short.total, long.total, "{label}: total");
        assert_eq!(short.facets, long.facets, "{label}: facets");
        for (i, (a, b)) in short.hits.iter().zip(&long.hits[skip..]).enumerate() {
            assert_eq!(a.rank, b.rank, "{label}: rank");
            assert!(
                (a.score - b.score).abs() < 0.005,
                "{label} #{i}: {} {} vs {} {}",
                a.id,
                a.score,
                b.id,
                b.score
            );
            if a.id != b.id {
                // Only a near-tie may swap two articles.
                let other = long.hits.iter().find(|h| h.id == a.id).unwrap();
                assert!(
                    (other.score - a.score).abs() < 0.005,
                    "{label} #{i}: {}",
                    a.id
                );
            }
        }
    }
}
