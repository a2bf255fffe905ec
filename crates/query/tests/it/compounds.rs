//! Two words of a query written as one in articles: `soy meal` finds `soymeal`.

use newsdex_query::{SearchRequest, SearchResults};
use newsdex_schema::Article;

use crate::{ids, searcher_over};

fn search(articles: &[Article], request: SearchRequest) -> SearchResults {
    searcher_over(articles).search(&request).unwrap()
}

fn filler(i: usize) -> Article {
    Article::new(format!(
        "Grain traders met in Chicago on day {i} of the session."
    ))
    .with_id(format!("filler-{i}"))
}

fn corpus() -> Vec<Article> {
    let mut articles = vec![
        Article::new("Soymeal exports rose to 1.2 mln tonnes, the ministry said.")
            .with_id("joined-1")
            .with_title("Argentine soymeal exports rise"),
        Article::new("Prices of soymeal for May delivery fell on heavy selling.")
            .with_id("joined-2"),
        Article::new("A soy sauce maker bought corn and meal from the cooperative.")
            .with_id("apart"),
        Article::new("The mill sold bone meal and fish meal to feed makers.").with_id("meal"),
        Article::new("The therapist said the trial would resume on Monday.").with_id("therapist"),
        Article::new("Therapist groups met the minister.").with_id("therapist-2"),
        Article::new("Officials told us the talks went well.").with_id("us-1"),
        Article::new("They showed us the plan.").with_id("us-2"),
    ];
    articles.extend((0..6).map(filler));
    articles
}

#[test]
fn two_words_find_the_articles_that_write_them_as_one() {
    let results = search(&corpus(), SearchRequest::new("soy meal"));
    let found = ids(&results);
    // The articles that write `soymeal` hold both words: they rank with the one that
    // holds `soy` and `meal` apart, above the one with `meal` alone.
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(found[..3].contains(&"joined-1"), "{found:?}");
    assert!(found[..3].contains(&"joined-2"), "{found:?}");
    assert!(found[..3].contains(&"apart"), "{found:?}");
    assert_eq!(found[3], "meal");
    assert_eq!(results.variants, ["soymeal"]);
    let marks: Vec<&str> = {
        let hit = results.hits.iter().find(|h| h.id == "joined-2").unwrap();
        hit.snippet
            .highlights
            .iter()
            .map(|r| &hit.snippet.text[r.clone()])
            .collect()
    };
    assert_eq!(marks, ["soymeal"]);
    // A whole article shown with the query marks the join too, unless exact.
    let searcher = searcher_over(&corpus());
    let text = "Prices of soymeal for May delivery fell.";
    let marked = |exact: bool| -> Vec<String> {
        searcher
            .highlight("soy meal", exact, None, &[text])
            .unwrap()[0]
            .iter()
            .map(|r| text[r.clone()].to_string())
            .collect()
    };
    assert_eq!(marked(false), ["soymeal"]);
    assert!(marked(true).is_empty());
    // With every word required, the same.
    let all = search(&corpus(), SearchRequest::new("soy AND meal"));
    let mut found = ids(&all);
    found.sort_unstable();
    assert_eq!(found, ["apart", "joined-1", "joined-2"]);
}

#[test]
fn words_are_searched_as_typed_when_exact() {
    let results = search(&corpus(), SearchRequest::new("soy meal").exact(true));
    let mut found = ids(&results);
    found.sort_unstable();
    assert_eq!(found, ["apart", "meal"]);
    assert!(results.variants.is_empty());
}

#[test]
fn a_join_needs_two_articles_two_letters_a_part_and_no_stop_word() {
    // One article alone writes `cornmeal`: not a spelling to search.
    let mut articles = corpus();
    articles.push(Article::new("Cornmeal prices were steady.").with_id("cornmeal"));
    let results = search(&articles, SearchRequest::new("corn meal"));
    assert!(!ids(&results).contains(&"cornmeal"), "{:?}", ids(&results));
    assert!(results.variants.is_empty());
    // `the` is a stop word: `the rapist` is not `therapist`.
    let results = search(&corpus(), SearchRequest::new("the rapist"));
    assert!(results.hits.is_empty(), "{:?}", ids(&results));
    // `u s` is not `us`.
    let results = search(&corpus(), SearchRequest::new("u s"));
    assert!(!ids(&results).contains(&"us-1"), "{:?}", ids(&results));
}
