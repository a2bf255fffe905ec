//! The query language: operators, phrases, prefixes, fuzzy words, fields, errors.

use newsdex_query::{Error, SearchRequest};

use crate::{ids, run, searcher};

fn sorted(request: SearchRequest) -> Vec<String> {
    let mut found: Vec<String> = ids(&run(request)).into_iter().map(str::to_owned).collect();
    found.sort();
    found
}

#[test]
fn boolean_operators() {
    assert_eq!(
        sorted(SearchRequest::new("Shoigu AND Pyongyang").exact(true)),
        ["ap-1"]
    );
    assert_eq!(
        sorted(SearchRequest::new("cocoa OR Lavrov")),
        ["bbn-1", "reuters-1"]
    );
    assert_eq!(
        sorted(SearchRequest::new("cooperation -Shoigu").exact(true)),
        ["express-1", "note-1"]
    );
    assert_eq!(
        sorted(SearchRequest::new("cooperation NOT Shoygu NOT Shoigu").exact(true)),
        ["note-1"]
    );
    assert_eq!(sorted(SearchRequest::new("+Kim +Putin")), ["tass-1"]);
    assert_eq!(
        sorted(SearchRequest::new("(cocoa OR Lavrov) AND China")),
        ["bbn-1"]
    );
}

#[test]
fn only_negative_clauses_match_everything_else() {
    assert_eq!(sorted(SearchRequest::new("NOT Russian")).len(), 3);
}

#[test]
fn phrases_and_slop() {
    assert_eq!(
        sorted(SearchRequest::new("\"Kim Jong Un\"")),
        ["ap-1", "tass-1"]
    );
    assert_eq!(sorted(SearchRequest::new("\"security talks\"")), ["bbn-1"]);
    assert!(sorted(SearchRequest::new("\"talks security\"")).is_empty());
    assert_eq!(sorted(SearchRequest::new("\"Putin Kim\"~2")), ["tass-1"]);
}

#[test]
fn prefix_and_fuzzy() {
    assert_eq!(
        sorted(SearchRequest::new("Pyong*")),
        ["ap-1", "bbn-1", "express-1"]
    );
    assert_eq!(sorted(SearchRequest::new("cocao~1")), ["reuters-1"]);
    assert_eq!(
        sorted(SearchRequest::new("shoigu~1").exact(true)),
        ["ap-1", "express-1", "tass-1"]
    );
}

#[test]
fn fields() {
    assert_eq!(sorted(SearchRequest::new("title:Pyongyang")), ["bbn-1"]);
    assert_eq!(sorted(SearchRequest::new("body:Lavrov")), ["bbn-1"]);
    assert_eq!(sorted(SearchRequest::new("source:ap")), ["ap-1"]);
    assert_eq!(
        sorted(SearchRequest::new("source:\"bbn – big big news\"")),
        ["bbn-1"]
    );
    assert_eq!(sorted(SearchRequest::new("id:tass-1")), ["tass-1"]);
    assert_eq!(
        sorted(SearchRequest::new("title:(cocoa OR Shoigu)")),
        ["reuters-1", "tass-1"]
    );
}

#[test]
fn dates_in_queries() {
    assert_eq!(sorted(SearchRequest::new("date:2023-07")), ["ap-1"]);
    assert_eq!(
        sorted(SearchRequest::new("date:2023")),
        ["ap-1", "bbn-1", "tass-1"]
    );
    assert_eq!(
        sorted(SearchRequest::new("date:[2023-07-01 TO 2023-09-30]")),
        ["ap-1", "tass-1"]
    );
    assert_eq!(
        sorted(SearchRequest::new("date:{2023-07-27 TO 2023-10-19}")),
        ["tass-1"]
    );
    assert_eq!(
        sorted(SearchRequest::new("talks AND date:[* TO 2020]")),
        ["express-1"]
    );
}

#[test]
fn top_level_dates_and_sources_filter_the_rest_of_the_query() {
    // Next to other words, a date or source clause narrows them, as `site:` does.
    assert_eq!(
        sorted(SearchRequest::new("talks date:[* TO 2020]")),
        ["express-1"]
    );
    assert_eq!(
        sorted(SearchRequest::new("cooperation talks date:2023")),
        ["ap-1", "bbn-1", "tass-1"]
    );
    assert_eq!(sorted(SearchRequest::new("talks source:ap")), ["ap-1"]);
    assert_eq!(
        sorted(SearchRequest::new("source:(ap OR tass) talks")),
        ["ap-1", "tass-1"]
    );
    assert_eq!(
        sorted(SearchRequest::new("talks -source:ap date:2023")),
        ["bbn-1", "tass-1"]
    );
    // In a group, the filter narrows the group.
    assert_eq!(
        sorted(SearchRequest::new("(talks source:ap) OR cocoa")),
        ["ap-1", "reuters-1"]
    );
    // Joined by OR, it is one more alternative.
    assert_eq!(
        sorted(SearchRequest::new("cocoa OR source:ap")),
        ["ap-1", "reuters-1"]
    );
    // The words still rank: the filter adds nothing to the scores, and tiers stay.
    let filtered = run(SearchRequest::new("Shoigu Pyongyang date:2023"));
    let plain = run(SearchRequest::new("Shoigu Pyongyang"));
    let in_2023: Vec<&str> = ids(&plain)
        .into_iter()
        .filter(|id| ["ap-1", "bbn-1", "tass-1"].contains(id))
        .collect();
    assert_eq!(ids(&filtered), in_2023);
    for hit in &filtered.hits {
        let same = plain.hits.iter().find(|h| h.id == hit.id).unwrap();
        assert_eq!(hit.score, same.score, "{}", hit.id);
    }
    // Alone, filters list their articles, newest first.
    assert_eq!(
        ids(&run(SearchRequest::new("date:2023"))),
        ["bbn-1", "tass-1", "ap-1"]
    );
}

#[test]
fn a_star_lists_every_article_newest_first() {
    let all = run(SearchRequest::new("*"));
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
    assert_eq!(
        ids(&run(SearchRequest::new("*").source("ap").source("tass"))),
        ["tass-1", "ap-1"]
    );
    assert_eq!(
        ids(&run(SearchRequest::new("").source("ap").source("tass"))),
        ["tass-1", "ap-1"]
    );
    assert_eq!(
        ids(&run(SearchRequest::new("* -Russian"))),
        ["tass-1", "reuters-1", "note-1"]
    );
}

#[test]
fn stop_words_alone_find_nothing_without_error() {
    let results = run(SearchRequest::new("the of and"));
    assert_eq!(results.total, 0);
}

#[test]
fn user_errors_are_typed() {
    let s = searcher();
    let err = s.search(&SearchRequest::new("\"open")).unwrap_err();
    assert!(
        matches!(err, Error::Parse(_)) && err.is_user_error(),
        "{err}"
    );
    assert!(err.hint().is_some());
    let err = s.search(&SearchRequest::new("colour:red")).unwrap_err();
    assert!(matches!(err, Error::UnknownField { .. }), "{err}");
    let err = s.search(&SearchRequest::new("title:[a TO b]")).unwrap_err();
    assert!(matches!(err, Error::UnsupportedQuery { .. }), "{err}");
    let err = s.search(&SearchRequest::new("date:sometime")).unwrap_err();
    assert!(matches!(err, Error::BadDate { .. }), "{err}");
    let err = s.search(&SearchRequest::new("")).unwrap_err();
    assert!(matches!(err, Error::EmptyQuery), "{err}");
    // Lenient mode reads the words instead.
    let results = s
        .search(&SearchRequest::new("(cocoa AND").lenient(true))
        .unwrap();
    assert_eq!(ids(&results), ["reuters-1"]);
    let results = s
        .search(&SearchRequest::new("colour:cocoa").lenient(true))
        .unwrap();
    assert_eq!(ids(&results), ["reuters-1"]);
}

#[test]
fn no_hits_suggest_the_closest_indexed_word() {
    let results = run(SearchRequest::new("Lavrv security").exact(true));
    assert_eq!(results.total, 1, "security still matches");
    let results = run(SearchRequest::new("Lavrv").exact(true));
    assert_eq!(results.total, 0);
    assert_eq!(results.suggestion.as_deref(), Some("lavrov"));
    // The suggestion is the query as parsed, respelled: operators, phrases and fields
    // stay as they were.
    let suggested = |q: &str| run(SearchRequest::new(q).exact(true)).suggestion;
    assert_eq!(
        suggested("\"Lavrv proposed\"").as_deref(),
        Some("\"lavrov proposed\"")
    );
    assert_eq!(
        suggested("Lavrv AND China").as_deref(),
        Some("lavrov AND China")
    );
    assert_eq!(
        suggested("Lavrv -source:ap").as_deref(),
        Some("lavrov -source:ap")
    );
}

#[test]
fn arbitrary_queries_never_panic() {
    let s = searcher();
    let nasty = [
        "",
        " ",
        "\"",
        "(",
        ")",
        "((((",
        "))))",
        "AND",
        "OR",
        "NOT",
        "-",
        "+",
        "*",
        "~",
        "^",
        ":",
        "title:",
        "date:[",
        "date:[ TO ]",
        "a^",
        "a^-1",
        "a~-1",
        "\"a\"~",
        "\"a\"~999999999999",
        "a^99999999999",
        "\\",
        "a\\",
        "[* TO *]",
        "date:[* TO *]",
        "é*",
        "中文",
        "🦀~2",
        "a:b:c",
        "title:title:x",
        "NOT NOT x",
        "date:0001",
        "date:[0001 TO 9999]",
        "date:9999-12",
        "x AND AND y",
        "+-x",
        "-+x",
        "((a) OR (b)) AND NOT (c)",
    ];
    for q in nasty {
        let _ = s.search(&SearchRequest::new(q));
        match s.search(&SearchRequest::new(q).lenient(true)) {
            Ok(_) | Err(Error::EmptyQuery) => {}
            Err(e) => panic!("lenient {q:?}: {e}"),
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// Any text, strict or lenient: an answer or a typed error, never a panic.
    #[test]
    fn fuzzed_queries_never_panic(query in "[ a-zA-Z0-9\"():*~^+\\-\\[\\]{}\\\\!&|é中]{0,40}") {
        let s = searcher();
        let _ = s.search(&SearchRequest::new(query.clone()));
        match s.search(&SearchRequest::new(query.clone()).lenient(true)) {
            Ok(_) | Err(Error::EmptyQuery) => {}
            Err(e) => proptest::prop_assert!(false, "lenient {:?}: {}", query, e),
        }
    }

    /// Operator-heavy token soup built from the language's own pieces.
    #[test]
    fn fuzzed_operator_soup_never_panics(parts in proptest::collection::vec(
        proptest::sample::select(vec![
            "AND", "OR", "NOT", "(", ")", "\"", "kim", "shoigu~1", "pyong*", "title:", "date:",
            "[2023 TO 2024]", "{* TO 2020}", "^2", "-", "+", "source:ap", "\"kim jong\"~3", "*", "~",
        ]),
        0..12,
    )) {
        let query = parts.join(" ");
        let s = searcher();
        let _ = s.search(&SearchRequest::new(query.clone()));
        let _ = s.search(&SearchRequest::new(query).lenient(true));
    }
}
