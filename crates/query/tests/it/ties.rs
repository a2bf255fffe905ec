//! Ties: articles with equal scores are ordered by their ids' tie keys (then ids),
//! whatever the number of indexing threads, the order articles were added in and the
//! segments they ended up in.

use newsdex_query::{SearchRequest, Searcher, Sort};
use newsdex_schema::{tie_key, Article, NewsDate};

use crate::searcher_in_segments as index;

/// Wire copies: the same story under many ids (equal scores), some dated alike.
fn copies() -> Vec<Article> {
    let mut articles = Vec::new();
    for i in 0..40 {
        let body = match i % 4 {
            0 => "Oil prices rose in early trading.",
            1 => "Oil prices rose in early trading after the OPEC meeting in Vienna.",
            2 => "Coffee prices fell.",
            _ => "Oil output was steady.",
        };
        let mut article = Article::new(body).with_id(format!("wire-{:02}", (i * 17) % 40));
        if i % 3 != 0 {
            let day = NewsDate::parse(&format!("1987-03-{:02}", 1 + i % 2)).unwrap();
            article = article.with_date(day);
        }
        articles.push(article);
    }
    articles
}

fn layouts() -> Vec<(&'static str, Searcher)> {
    let articles = copies();
    let mut reversed = articles.clone();
    reversed.reverse();
    vec![
        ("one thread", index(&articles, 1, 1)),
        ("four threads", index(&articles, 4, 1)),
        ("reversed, five segments", index(&reversed, 1, 5)),
        ("four threads, three segments", index(&reversed, 4, 3)),
    ]
}

/// The hits of `request`, copies listed (folding them is not what is tested here).
fn ranking(searcher: &Searcher, request: &SearchRequest) -> Vec<String> {
    searcher
        .search(&request.clone().duplicates(true))
        .unwrap()
        .hits
        .iter()
        .map(|h| format!("{} {:.3}", h.id, h.score))
        .collect()
}

#[test]
fn equal_scores_rank_by_id_in_every_layout() {
    let requests = [
        SearchRequest::new("oil prices").limit(7),
        SearchRequest::new("oil prices").limit(7).offset(7),
        SearchRequest::new("oil").limit(15),
        SearchRequest::new("prices").limit(25).recent(true),
        SearchRequest::new("oil").sort(Sort::Date).limit(12),
        SearchRequest::new("oil").sort(Sort::DateDesc).limit(12),
    ];
    let layouts = layouts();
    for request in &requests {
        let (_, first) = &layouts[0];
        let expected = ranking(first, request);
        assert!(!expected.is_empty());
        for (name, searcher) in &layouts[1..] {
            assert_eq!(ranking(searcher, request), expected, "{name}: {request:?}");
        }
    }
}

#[test]
fn equal_scores_follow_the_tie_keys_of_their_ids() {
    let (_, searcher) = &layouts()[3];
    let results = searcher
        .search(&SearchRequest::new("oil prices").limit(12).duplicates(true))
        .unwrap();
    let ids: Vec<&str> = results.hits.iter().map(|h| h.id.as_str()).collect();
    let scores: Vec<String> = results
        .hits
        .iter()
        .map(|h| format!("{:.3}", h.score))
        .collect();
    // Ten copies of the short story (ids wire-00, wire-04, ...), then two of the long one
    // (wire-01, wire-05, ...), each story's copies by tie key.
    let copies_of = |first: usize| {
        let mut ids: Vec<String> = (first..40)
            .step_by(4)
            .map(|i| format!("wire-{i:02}"))
            .collect();
        ids.sort_by_key(|id| (tie_key(id), id.clone()));
        ids
    };
    let mut expected = copies_of(0);
    expected.extend(copies_of(1).into_iter().take(2));
    assert_eq!(ids, expected);
    assert_eq!(scores[..10], vec!["2.079"; 10][..]);
    assert_eq!(scores[10..], vec!["2.071"; 2][..]);
}

#[test]
fn a_short_page_of_many_equal_scores_is_the_first_by_tie_key() {
    // Far more equal scores than a page holds: those met late in a segment still take
    // the places their tie keys give them.
    let articles: Vec<Article> = (0..300)
        .map(|i| Article::new("Oil prices rose in early trading.").with_id(format!("flash-{i:03}")))
        .collect();
    let mut expected: Vec<String> = articles.iter().map(|a| a.id.clone()).collect();
    expected.sort_by_key(|id| (tie_key(id), id.clone()));
    for (name, searcher) in [
        ("one segment", index(&articles, 1, 1)),
        ("three segments", index(&articles, 1, 3)),
    ] {
        for (offset, limit) in [(0, 5), (3, 4), (20, 10)] {
            for request in [
                SearchRequest::new("oil prices"),
                SearchRequest::new("oil"),
                SearchRequest::new("oil").recent(true),
            ] {
                let request = request.offset(offset).limit(limit).duplicates(true);
                let found = searcher.search(&request).unwrap();
                let ids: Vec<&str> = found.hits.iter().map(|h| h.id.as_str()).collect();
                assert_eq!(ids, expected[offset..offset + limit], "{name}: {request:?}");
                assert_eq!(found.total, 300);
            }
        }
    }
}
