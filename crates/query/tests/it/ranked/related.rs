//! Related articles: `like` ranks the others by what they share with one article.

use newsdex_query::{SearchRequest, SearchResults};
use newsdex_schema::{Article, Language};

use super::order;
use crate::{ids, run, searcher_over};

#[test]
fn articles_like_one_never_include_it() {
    insta::assert_yaml_snapshot!(order(&run(SearchRequest::new("").like("ap-1"))));
}

/// A small collection about one subject, `like` asked for from `example`.
fn like_in(articles: &[Article], example: &str) -> SearchResults {
    searcher_over(articles)
        .search(&SearchRequest::new("").like(example))
        .unwrap()
}

#[test]
fn an_article_that_uses_the_words_more_often_is_more_like_it() {
    let results = like_in(
        &[
            Article::new("Copper miners strike. The copper strike closed the copper mines.")
                .with_id("example"),
            Article::new("Copper miners went on strike again, the copper union said of copper.")
                .with_id("often"),
            Article::new("Tin miners went on strike again, the dock union said of copper.")
                .with_id("once"),
            Article::new("Weather was fine in the capital, officials said on Monday.")
                .with_id("other"),
        ],
        "example",
    );
    assert_eq!(ids(&results), ["often", "once"]);
    assert!(results.hits[0].score > results.hits[1].score);
}

#[test]
fn an_article_whose_title_holds_the_words_is_more_like_it() {
    // The same words in both, so that only where they stand tells the two apart.
    let results = like_in(
        &[
            Article::new(
                "Copper strike at the mines. The copper strike goes on, mine talks resume.",
            )
            .with_id("example"),
            Article::new("mine talks")
                .with_title("copper strike")
                .with_id("in-title"),
            Article::new("copper strike")
                .with_title("mine talks")
                .with_id("in-body"),
        ],
        "example",
    );
    assert_eq!(ids(&results), ["in-title", "in-body"]);
    assert!(results.hits[0].score > results.hits[1].score);
}

#[test]
fn words_that_no_other_article_holds_leave_room_for_those_that_find_some() {
    // More words of its own than a search of related articles asks for, each twice.
    let own: Vec<String> = (0..50).map(|i| format!("zq{i}x zq{i}x")).collect();
    let results = like_in(
        &[
            Article::new(format!("{} copper", own.join(" "))).with_id("example"),
            Article::new("Copper prices rose in London.").with_id("copper"),
        ],
        "example",
    );
    assert_eq!(ids(&results), ["copper"]);
}

#[test]
fn a_french_article_finds_others_by_its_words_as_french_reads_them() {
    // French reads *économiques* and *économique* as one word; English reads them as
    // two (`economiqu`, `econom`).
    let french = |id: &str, text: &str| {
        Article::new(text)
            .with_id(id)
            .with_lang(Language::parse("fr").unwrap())
    };
    let results = like_in(
        &[
            french("exemple", "Les craintes économiques pèsent sur la Bourse."),
            french("pareil", "Une reprise économique attendue."),
            french("autre", "Le match de football a eu lieu dimanche à Lyon."),
        ],
        "exemple",
    );
    assert_eq!(ids(&results), ["pareil"]);
}
