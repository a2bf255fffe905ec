//! Near-duplicates: copies of one story (re-sent, corrected) are folded into the best hit
//! of their story, named in `similar`; weekly reports of one form, and stories that only
//! share a subject, are not.

use newsdex_query::{SearchRequest, SearchResults, Searcher};
use newsdex_schema::{Article, NewsDate};

const STORY: &str = "Iraq said its warplanes attacked a supertanker and two other ships in the Gulf on Tuesday, in the heaviest raids on shipping for a month. Military sources in Baghdad said the tanker was hit near Kharg Island, Iran's main oil terminal, and was burning. There was no word on casualties or on the ship's flag, and Iran made no comment.";

const WEEKLY: &str = "Distillate fuel stocks held in primary storage fell by 8.8 mln barrels in the week ended March six to 119.6 mln barrels, the Energy Information Administration said. In its weekly petroleum status report, the department said gasoline stocks were off 1.5 mln barrels in the week to 250.3 mln barrels and refinery crude oil stocks fell 3.8 mln barrels.";

fn searcher() -> Searcher {
    let day = |d: &str| NewsDate::parse(d).unwrap();
    let articles = [
        Article::new(STORY)
            .with_id("iraq-1")
            .with_title("IRAQ REPORTS ATTACKS ON SUPERTANKER")
            .with_date(day("1987-04-14")),
        // Re-sent the next day, one word changed, a new headline.
        Article::new(STORY.replace("no word", "no immediate word"))
            .with_id("iraq-2")
            .with_title("IRAQ REPORTS ATTACKS ON SUPERTANKER, OIL TARGETS")
            .with_date(day("1987-04-15")),
        // The same again, undated.
        Article::new(format!("{STORY} REUTER")).with_id("iraq-3"),
        // Another story on the subject.
        Article::new("Iran said on Wednesday its navy had repelled an Iraqi attack on a supertanker near Kharg Island, and that the tanker had reached port. A spokesman in Tehran told the official news agency that two Iraqi warplanes had been shot down over the Gulf and that Iran would answer any further raid on its shipping.")
            .with_id("iran-1")
            .with_title("IRAN SAYS IT REPELLED ATTACK ON SUPERTANKER")
            .with_date(day("1987-04-15")),
        // One weekly report in one form, filed a week apart: two stories.
        Article::new(WEEKLY)
            .with_id("eia-1")
            .with_title("EIA SAYS DISTILLATE STOCKS OFF IN WEEK")
            .with_date(day("1987-03-11")),
        Article::new(WEEKLY.replace("March six", "March 13").replace("8.8", "3.4"))
            .with_id("eia-2")
            .with_title("EIA SAYS DISTILLATE STOCKS OFF IN WEEK")
            .with_date(day("1987-03-18")),
        // Short notices: the same words are a copy, another figure is not.
        Article::new("Qtly div eight cts vs eight cts prior\nPay April one\nRecord March 13")
            .with_id("div-1")
            .with_title("TULTEX CORP SETS QUARTERLY DIVIDEND")
            .with_date(day("1987-02-26")),
        Article::new("Qtly div eight cts vs eight cts prior\nPay April one\nRecord March 13")
            .with_id("div-2")
            .with_title("TULTEX CORP SETS QUARTERLY DIVIDEND")
            .with_date(day("1987-02-26")),
        Article::new("Qtly div nine cts vs eight cts prior\nPay April one\nRecord March 13")
            .with_id("div-3")
            .with_title("TULTEX CORP SETS QUARTERLY DIVIDEND")
            .with_date(day("1987-02-27")),
    ];
    crate::searcher_over(&articles)
}

fn listed(results: &SearchResults) -> Vec<(&str, Vec<&str>)> {
    results
        .hits
        .iter()
        .map(|h| {
            (
                h.id.as_str(),
                h.similar.iter().map(String::as_str).collect(),
            )
        })
        .collect()
}

#[test]
fn copies_of_a_story_are_folded_into_its_best_hit() {
    let searcher = searcher();
    let found = searcher.search(&SearchRequest::new("supertanker")).unwrap();
    let hits = listed(&found);
    assert_eq!(hits.len(), 2, "{hits:?}");
    let (best, similar) = &hits[0];
    assert!(best.starts_with("iraq-"), "{hits:?}");
    let mut story: Vec<&str> = similar.iter().copied().chain([*best]).collect();
    story.sort_unstable();
    assert_eq!(story, ["iraq-1", "iraq-2", "iraq-3"]);
    assert_eq!(hits[1], ("iran-1", vec![]));
    // Every match is still counted.
    assert_eq!(found.total, 4);
    assert_eq!(found.hits[1].rank, 2);

    // Listed, each copy is a hit of its own, in the order folding keeps the first of.
    let all = searcher
        .search(&SearchRequest::new("supertanker").duplicates(true))
        .unwrap();
    assert_eq!(all.hits.len(), 4);
    assert!(all.hits.iter().all(|h| h.similar.is_empty()));
    assert_eq!(all.hits[0].id, *best);
    let order: Vec<&str> = all.hits.iter().map(|h| h.id.as_str()).collect();
    let copies: Vec<&str> = order
        .iter()
        .copied()
        .filter(|id| *id != "iran-1")
        .skip(1)
        .collect();
    assert_eq!(copies, *similar, "copies in rank order");
}

#[test]
fn weekly_reports_of_one_form_and_notices_of_other_figures_stay_apart() {
    let searcher = searcher();
    let eia = searcher.search(&SearchRequest::new("distillate")).unwrap();
    assert_eq!(eia.hits.len(), 2, "{:?}", listed(&eia));
    assert!(eia.hits.iter().all(|h| h.similar.is_empty()));

    let div = searcher.search(&SearchRequest::new("tultex")).unwrap();
    let hits = listed(&div);
    assert_eq!(hits.len(), 2, "{hits:?}");
    let folded: Vec<&str> = hits.iter().flat_map(|(_, s)| s.clone()).collect();
    assert_eq!(folded.len(), 1, "{hits:?}");
    assert!(hits.iter().any(|(id, _)| *id == "div-3"), "{hits:?}");
}

#[test]
fn pages_of_a_folded_list_put_end_to_end_are_the_longer_page() {
    let searcher = searcher();
    for query in [
        "*",
        "supertanker OR distillate OR tultex",
        "gulf OR stocks OR div",
    ] {
        let long = searcher
            .search(&SearchRequest::new(query).limit(20))
            .unwrap();
        let mut joined = Vec::new();
        for offset in 0..long.hits.len() {
            let page = searcher
                .search(&SearchRequest::new(query).offset(offset).limit(1))
                .unwrap();
            assert_eq!(page.hits.len(), 1, "{query} at {offset}");
            assert_eq!(page.hits[0].rank, offset + 1);
            joined.extend(page.hits);
        }
        let ids = |hits: &[newsdex_query::Hit]| -> Vec<(String, Vec<String>)> {
            hits.iter()
                .map(|h| (h.id.clone(), h.similar.clone()))
                .collect()
        };
        assert_eq!(ids(&joined), ids(&long.hits), "{query}");
        let past = searcher
            .search(&SearchRequest::new(query).offset(long.hits.len()).limit(5))
            .unwrap();
        assert!(past.hits.is_empty(), "{query}: {:?}", listed(&past));
    }
}

#[test]
fn articles_like_one_leave_out_its_copies_unless_every_copy_is_asked_for() {
    let searcher = searcher();
    let like = SearchRequest::new("").like("iraq-1").limit(20);
    let found = searcher.search(&like).unwrap();
    let hits = listed(&found);
    // The other story on the subject comes first; the copies of iraq-1 are not listed,
    // nor folded into another hit, nor counted.
    assert_eq!(hits.first().map(|h| h.0), Some("iran-1"), "{hits:?}");
    for (id, similar) in &hits {
        assert!(!id.starts_with("iraq-"), "{hits:?}");
        assert!(similar.iter().all(|s| !s.starts_with("iraq-")), "{hits:?}");
    }
    let all = searcher.search(&like.clone().duplicates(true)).unwrap();
    let listed_all: Vec<&str> = all.hits.iter().map(|h| h.id.as_str()).collect();
    assert!(listed_all.contains(&"iraq-2"), "{listed_all:?}");
    assert!(listed_all.contains(&"iraq-3"), "{listed_all:?}");
    assert!(!listed_all.contains(&"iraq-1"), "{listed_all:?}");
    assert_eq!(all.total, found.total + 2);
}

#[test]
fn copies_are_named_by_their_ids_however_long() {
    // An id longer than the longest term an index holds (65,530 bytes) is in the id
    // column only: the copies of its story are named all the same, each by its own id.
    let long = |n: char| format!("{}{n}", "x".repeat(65_532));
    let articles = [
        Article::new(STORY).with_id("iraq-1"),
        Article::new(STORY.replace("no word", "no immediate word")).with_id(long('a')),
        Article::new(format!("{STORY} REUTER")).with_id(long('b')),
        Article::new(format!("{STORY} Reuters")).with_id("iraq-4"),
    ];
    let searcher = crate::searcher_over(&articles);
    let found = searcher.search(&SearchRequest::new("supertanker")).unwrap();
    assert_eq!(found.hits.len(), 1, "{:?}", listed(&found));
    let mut story: Vec<String> = found.hits[0]
        .similar
        .iter()
        .cloned()
        .chain([found.hits[0].id.clone()])
        .collect();
    story.sort_unstable();
    let mut expected = vec!["iraq-1".to_string(), "iraq-4".into(), long('a'), long('b')];
    expected.sort_unstable();
    assert_eq!(story, expected);
}

/// A list with every copy listed, folded by hand: a story (named by the first three
/// letters of its ids) is its first hit, its copies the others in rank order.
fn by_hand(every: &SearchResults) -> Vec<(String, Vec<String>)> {
    let mut stories: Vec<(String, Vec<String>)> = Vec::new();
    for hit in &every.hits {
        let story = &hit.id[..3];
        match stories.iter_mut().find(|(id, _)| id.starts_with(story)) {
            Some((_, copies)) => copies.push(hit.id.clone()),
            None => stories.push((hit.id.clone(), Vec::new())),
        }
    }
    stories
}

/// A folded page's hits, each with the copies folded into it.
fn folded(page: &SearchResults) -> Vec<(String, Vec<String>)> {
    page.hits
        .iter()
        .map(|h| (h.id.clone(), h.similar.clone()))
        .collect()
}

/// Stories sent many times over (up to twelve exact copies each, as a wire archive
/// written out several times holds), scattered over five segments.
fn wire_archive() -> Searcher {
    let mut articles = Vec::new();
    for story in 0..25 {
        // Words of its own (fingerprints far apart; a length that sets the stories'
        // scores apart), and some of the query's words.
        let own: Vec<String> = (0..20 + story).map(|j| format!("w{story}x{j}")).collect();
        let oil = if story % 5 == 4 {
            String::new()
        } else {
            vec!["oil"; 1 + story % 4].join(" ")
        };
        let prices = if story % 3 == 0 { "" } else { "prices" };
        let text = format!("{oil} {prices} {}", own.join(" "));
        let day = NewsDate::parse(&format!("1987-03-{:02}", 1 + story % 28)).unwrap();
        for copy in 0..1 + (story * 7) % 12 {
            articles.push(
                Article::new(text.clone())
                    .with_id(format!("s{story:02}-c{copy:02}"))
                    .with_date(day),
            );
        }
    }
    // Articles of neither word, so that each is rarer than the whole.
    for other in 0..60 {
        let words: Vec<String> = (0..25).map(|j| format!("o{other}x{j}")).collect();
        articles.push(Article::new(words.join(" ")).with_id(format!("other-{other:02}")));
    }
    // Copies apart from each other, in every segment.
    let n = articles.len();
    let order: Vec<Article> = (0..n).map(|i| articles[(i * 37) % n].clone()).collect();
    crate::searcher_in_segments(&order, 1, 5)
}

/// Every copy of a story scores as it does, so that the copies of the page's stories
/// rank above the next story: a folded page names them all, whatever its length.
#[test]
fn stories_of_many_copies_fold_whole_on_every_page() {
    let searcher = wire_archive();
    for query in ["oil prices", "oil", "prices", "oil OR prices"] {
        let every = searcher
            .search(&SearchRequest::new(query).duplicates(true).limit(1000))
            .unwrap();
        assert!(every.hits.len() > 60, "{query}: {}", every.hits.len());
        let stories = by_hand(&every);
        assert!(stories.iter().any(|(_, c)| c.len() >= 10), "{query}");
        for limit in [1, 3, 10, 20] {
            for offset in [0, 2, 7] {
                let request = SearchRequest::new(query).offset(offset).limit(limit);
                let page = searcher.search(&request).unwrap();
                let expected: Vec<_> = stories.iter().skip(offset).take(limit).cloned().collect();
                assert_eq!(
                    folded(&page),
                    expected,
                    "{query}, offset {offset}, limit {limit}"
                );
                assert_eq!(page.total, every.total, "{query}");
            }
        }
    }
}

/// Stories that score alike, sent several times over, scattered over five segments: their
/// copies interleave, ordered by the tie keys of their ids.
fn equal_stories() -> Searcher {
    let mut articles = Vec::new();
    for story in 0..14 {
        // Words of its own, as many for every story: the same score for all.
        let own: Vec<String> = (0..24).map(|j| format!("e{story}x{j}")).collect();
        let text = format!("oil prices {}", own.join(" "));
        let day = NewsDate::parse(&format!("1987-04-{:02}", 1 + story)).unwrap();
        for copy in 0..3 + story % 5 {
            articles.push(
                Article::new(text.clone())
                    .with_id(format!("e{story:02}-c{copy:02}"))
                    .with_date(day),
            );
        }
    }
    let n = articles.len();
    let order: Vec<Article> = (0..n).map(|i| articles[(i * 31) % n].clone()).collect();
    crate::searcher_in_segments(&order, 1, 5)
}

/// Where stories score alike, a story's copies stand among other stories' by their tie
/// keys; a folded page names every copy of each of its stories all the same, whatever
/// segments the copies are in.
#[test]
fn stories_that_score_alike_fold_whole_on_every_page() {
    let searcher = equal_stories();
    let every = searcher
        .search(
            &SearchRequest::new("oil prices")
                .duplicates(true)
                .limit(1000),
        )
        .unwrap();
    assert_eq!(every.hits.len(), (0..14).map(|s| 3 + s % 5).sum::<usize>());
    let scores: std::collections::BTreeSet<String> = every
        .hits
        .iter()
        .map(|h| format!("{:.6}", h.score))
        .collect();
    assert_eq!(scores.len(), 1, "the stories score alike: {scores:?}");
    let stories = by_hand(&every);
    // The copies do interleave: some story's hits are not all next to each other.
    let firsts: Vec<&str> = every.hits.iter().map(|h| &h.id[..3]).collect();
    assert!(firsts.windows(3).any(|w| w[0] == w[2] && w[0] != w[1]));
    for limit in [1, 2, 3, 5] {
        for offset in [0, 1, 4] {
            let page = searcher
                .search(&SearchRequest::new("oil prices").offset(offset).limit(limit))
                .unwrap();
            let expected: Vec<_> = stories.iter().skip(offset).take(limit).cloned().collect();
            assert_eq!(folded(&page), expected, "offset {offset}, limit {limit}");
        }
    }
}
