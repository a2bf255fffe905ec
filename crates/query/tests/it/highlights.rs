//! What snippets and titles mark: the words of a phrase only where they stand together.

use newsdex_query::{SearchRequest, Searcher};
use newsdex_schema::Article;

use crate::searcher_over as searcher;

/// The marked words of the first hit's snippet and title.
fn marked(searcher: &Searcher, request: SearchRequest) -> (String, Vec<String>, Vec<String>) {
    let results = searcher.search(&request).unwrap();
    let hit = &results.hits[0];
    let text = &hit.snippet.text;
    let title = hit.title.as_deref().unwrap_or_default();
    (
        text.clone(),
        hit.snippet
            .highlights
            .iter()
            .map(|r| text[r.clone()].to_string())
            .collect(),
        hit.title_highlights
            .iter()
            .map(|r| title[r.clone()].to_string())
            .collect(),
    )
}

#[test]
fn a_phrase_marks_its_words_only_where_they_stand_together() {
    let searcher = searcher(&[Article::new(
        "Mortgage rates rose today. He sees room for a further decline in interest rates, \
         and the interest of savers is in rates that stay up.",
    )
    .with_id("a")
    .with_title("Rates and the interest of savers: interest rates")]);
    let (text, marks, title) = marked(&searcher, SearchRequest::new("\"interest rates\""));
    assert_eq!(marks, ["interest", "rates"], "{text}");
    assert_eq!(title, ["interest", "rates"]);

    // A word asked for on its own as well is marked everywhere.
    let (text, marks, _) = marked(&searcher, SearchRequest::new("\"interest rates\" savers"));
    assert_eq!(marks, ["interest", "rates", "savers"], "{text}");
    let (text, marks, _) = marked(&searcher, SearchRequest::new("\"interest rates\" OR rates"));
    assert_eq!(marks, ["rates", "interest", "rates", "rates"], "{text}");

    // Stop words between the words of a phrase; the words in another order are not it.
    let searcher = self::searcher(&[Article::new(
        "The Bank said so. In England the bank of England said rates would stay.",
    )
    .with_id("b")]);
    let (text, marks, _) = marked(&searcher, SearchRequest::new("\"bank of england\""));
    assert_eq!(marks, ["bank", "England"], "{text}");
    // Two phrases: each marks its own words, in its order.
    let (text, marks, _) = marked(
        &searcher,
        SearchRequest::new("\"bank of england\" \"rates would\""),
    );
    assert_eq!(marks, ["bank", "England", "rates", "would"], "{text}");
}

#[test]
fn the_snippet_is_chosen_around_the_phrase() {
    // The phrase stands far from the words' other uses: the snippet must show it.
    let filler = "The ministers met again and talked for a long time about grain. ".repeat(6);
    let body = format!(
        "Rates were cut, rates went up, rates moved and the rates board met about rates. \
         {filler}Everyone is interested in interest now. {filler}\
         Economists now expect interest rates to fall by the spring."
    );
    let searcher = searcher(&[Article::new(body).with_id("c")]);
    let (text, marks, _) = marked(&searcher, SearchRequest::new("\"interest rates\""));
    assert!(text.contains("interest rates to fall"), "{text}");
    assert_eq!(marks, ["interest", "rates"], "{text}");
}

#[test]
fn a_word_with_a_clitic_is_found_and_marked_whole() {
    let searcher = searcher(&[
        Article::new("First Nat'l Bank raised its prime rate to 7.75 pct, the bank said.")
            .with_id("natl")
            .with_title("FIRST WISCONSIN NAT'L BANK HIKES PRIME RATE"),
        Article::new("Nat West said it cut its mortgage rate for new borrowers.")
            .with_id("natwest")
            .with_title("NAT WEST CUTS MORTGAGE RATE"),
    ]);
    let found = |q: &str| -> Vec<String> {
        let results = searcher.search(&SearchRequest::new(q)).unwrap();
        results.hits.iter().map(|h| h.id.clone()).collect()
    };
    assert_eq!(found("nat"), ["natwest"]);
    assert_eq!(found("Nat’l"), ["natl"]);
    let (text, marks, title) = marked(&searcher, SearchRequest::new("nat'l bank"));
    assert_eq!(marks, ["Nat'l", "Bank", "bank"], "{text}");
    assert_eq!(title, ["NAT'L", "BANK"]);
}
