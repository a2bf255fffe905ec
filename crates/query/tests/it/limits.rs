//! Hostile queries: nested, repeated or long enough to exhaust a recursive parser or
//! builder. Each gets an answer or one typed error, never a crash.

use newsdex_query::{Error, SearchRequest, SearchResults, MAX_DEPTH, MAX_WORDS};

use crate::searcher;

/// The outcome of a query, strict and lenient.
fn both(query: &str) -> (Result<SearchResults, Error>, Result<SearchResults, Error>) {
    let s = searcher();
    (
        s.search(&SearchRequest::new(query)),
        s.search(&SearchRequest::new(query).lenient(true)),
    )
}

fn parse_error(result: Result<SearchResults, Error>) -> newsdex_query::ParseError {
    match result {
        Err(Error::Parse(e)) => e,
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn groups_nested_too_deep_are_refused_at_the_first_group_too_many() {
    let deep = "(".repeat(10_000) + "cocoa" + &")".repeat(10_000);
    let (strict, lenient) = both(&deep);
    let e = parse_error(strict);
    assert_eq!(
        e.message,
        format!("groups nested more than {MAX_DEPTH} levels deep")
    );
    assert_eq!(e.column, MAX_DEPTH + 1);
    // Lenient mode searches the words.
    assert_eq!(crate::ids(&lenient.unwrap()), ["reuters-1"]);

    let unclosed = "(".repeat(10_000);
    let (strict, lenient) = both(&unclosed);
    assert_eq!(parse_error(strict).column, MAX_DEPTH + 1);
    assert_eq!(lenient.unwrap().total, 0);

    let fielded = "title:(".repeat(5_000) + "cocoa" + &")".repeat(5_000);
    let (strict, lenient) = both(&fielded);
    assert_eq!(parse_error(strict).column, 7 * MAX_DEPTH + 7, "the 33rd (");
    assert!(
        matches!(lenient, Err(Error::UnsupportedQuery { .. })),
        "5,001 words: {lenient:?}"
    );
}

#[test]
fn groups_as_deep_as_allowed_are_searched() {
    for open in ["(", "title:(", "NOT (", "+(", "(x OR "] {
        let query = open.repeat(MAX_DEPTH) + "cocoa" + &")".repeat(MAX_DEPTH);
        let results = searcher().search(&SearchRequest::new(&query));
        assert!(results.is_ok(), "{open:?}: {results:?}");
        let too_deep = open.repeat(MAX_DEPTH + 1) + "cocoa" + &")".repeat(MAX_DEPTH + 1);
        let e = parse_error(searcher().search(&SearchRequest::new(&too_deep)));
        assert!(e.message.starts_with("groups nested"), "{open:?}: {e}");
    }
    let results = searcher()
        .search(&SearchRequest::new(
            "(".repeat(MAX_DEPTH) + "cocoa" + &")".repeat(MAX_DEPTH),
        ))
        .unwrap();
    assert_eq!(crate::ids(&results), ["reuters-1"]);
}

#[test]
fn long_runs_of_signs_count_as_one() {
    for (sign, n) in [
        ("-", 50_000),
        ("!", 100_000),
        ("+", 100_000),
        ("NOT ", 20_000),
    ] {
        let query = sign.repeat(n) + "cocoa";
        let (strict, lenient) = both(&query);
        let single = searcher()
            .search(&SearchRequest::new(format!("{sign}cocoa")))
            .unwrap();
        let strict = strict.unwrap_or_else(|e| panic!("{sign:?}: {e}"));
        assert_eq!(crate::ids(&strict), crate::ids(&single), "{sign:?}");
        assert!(lenient.is_ok(), "{sign:?}");
    }
}

#[test]
fn queries_of_too_many_words_are_refused_in_both_modes() {
    let words = |n: usize| {
        (0..n)
            .map(|i| format!("word{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (strict, lenient) = both(&words(MAX_WORDS));
    assert!(strict.is_ok() && lenient.is_ok());
    for result in [both(&words(MAX_WORDS + 1)).0, both(&words(MAX_WORDS + 1)).1] {
        match result {
            Err(e @ Error::UnsupportedQuery { .. }) => {
                assert!(e.is_user_error());
                assert!(e.to_string().contains("1025 words"), "{e}");
            }
            other => panic!("{other:?}"),
        }
    }
    let phrase = format!("\"{}\"", words(MAX_WORDS + 1));
    assert!(matches!(
        both(&phrase).0,
        Err(Error::UnsupportedQuery { .. })
    ));
}

#[test]
fn nested_boosts_may_not_multiply_past_the_largest_boost() {
    let s = searcher();
    let ok = s.search(&SearchRequest::new("((cocoa^10)^10)^10")).unwrap();
    assert!(ok.hits.iter().all(|h| h.score.is_finite()));
    // Around one word, in the parser; around groups of words, when the query is built.
    let one = "(".repeat(MAX_DEPTH) + "cocoa" + &")^1000".repeat(MAX_DEPTH);
    let e = parse_error(s.search(&SearchRequest::new(one)));
    assert_eq!(e.message, "boosts multiply to more than 1000");
    let groups = "(".repeat(MAX_DEPTH) + "cocoa x" + &")^1000 x".repeat(MAX_DEPTH);
    match s.search(&SearchRequest::new(groups)) {
        Err(e @ Error::UnsupportedQuery { .. }) => {
            assert!(e.to_string().contains("boosts multiply"), "{e}")
        }
        other => panic!("{other:?}"),
    }
    assert!(s
        .search(&SearchRequest::new("cocoa").title_boost(1e30))
        .is_err());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Deep and long inputs built from the language's own pieces, repeated: an answer or
    /// a user error, strict and lenient.
    #[test]
    fn deep_and_long_queries_never_crash(
        parts in proptest::collection::vec(
            (
                proptest::sample::select(vec![
                    "(", ")", "title:(", "NOT ", "-", "+", "!", "\"", "cocoa", "kim~1",
                    "pyong*", "AND ", "OR ", "^2", "date:[1987 TO *] ", "source:(",
                    "\"kim jong\"~2 ", " ", "\\", "[", "{",
                ]),
                1usize..3_000,
            ),
            1..8,
        )
    ) {
        let query: String = parts.iter().map(|(p, n)| p.repeat(*n)).collect();
        let s = searcher();
        for lenient in [false, true] {
            match s.search(&SearchRequest::new(query.clone()).lenient(lenient)) {
                Ok(_) => {}
                Err(e) => proptest::prop_assert!(
                    e.is_user_error(),
                    "lenient {}: {} ({} chars)", lenient, e, query.len()
                ),
            }
        }
    }
}
