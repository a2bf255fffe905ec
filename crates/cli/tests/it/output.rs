//! The output formats, pinned: what a person sees in a pipe, and the JSON programs read.
//! Timings are redacted, paths made relative to the fixture, scores rounded to 2 decimals.

use serde_json::Value;

use crate::Fixture;

/// stdout of a successful `search ARGS…` over the indexed sample data.
fn stdout(f: &Fixture, args: &[&str]) -> String {
    let out = f.search().args(args).output().unwrap();
    assert!(
        out.status.code().unwrap() <= 1,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The summary line's timing, `(4.0 ms)`, as `(… ms)`.
fn without_timing(text: &str) -> String {
    text.lines()
        .map(|line| match (line.rfind(" ("), line.ends_with(" ms)")) {
            (Some(at), true) => format!("{} (… ms)", &line[..at]),
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// JSON Lines with paths relative to the fixture, scores to 2 decimals, no timing.
fn stable_json(f: &Fixture, text: &str) -> String {
    let root = format!("{}/", f.tmp.path().display());
    text.lines()
        .map(|line| {
            let mut value: Value = serde_json::from_str(line).unwrap();
            if let Some(path) = value["path"].as_str() {
                value["path"] = Value::from(path.replace(&root, ""));
            }
            if let Some(score) = value["score"].as_f64() {
                value["score"] = Value::from((score * 100.0).round() / 100.0);
            }
            if value.get("elapsed_ms").is_some() {
                value["elapsed_ms"] = Value::from("…");
            }
            value.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn human_search_output() {
    let f = Fixture::indexed();
    let text = stdout(&f, &["--limit", "3", "Shoigu Pyongyang"]);
    insta::assert_snapshot!(without_timing(&text));
}

#[test]
fn human_search_output_with_facets() {
    let f = Fixture::indexed();
    let text = stdout(&f, &["--exact", "--facets", "Lavrov"]);
    insta::assert_snapshot!(without_timing(&text));
}

#[test]
fn json_search_output() {
    let f = Fixture::indexed();
    let text = stdout(&f, &["--json", "--limit", "3", "Shoigu Pyongyang"]);
    insta::assert_snapshot!(stable_json(&f, &text));
}

#[test]
fn json_search_output_with_facets() {
    let f = Fixture::indexed();
    let text = stdout(&f, &["--json", "--exact", "--facets", "Lavrov"]);
    insta::assert_snapshot!(stable_json(&f, &text));
}

#[test]
fn show_output_human_and_json() {
    let f = Fixture::indexed();
    let human = stdout(&f, &["show", "0091841c0f71868f"]);
    let human: String = human.lines().take(6).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!(human);
    let json = stdout(&f, &["show", "--json", "0091841c0f71868f"]);
    let mut value: Value = serde_json::from_str(&json).unwrap();
    let body = value["body"].as_str().unwrap().to_string();
    value["body"] = Value::from(format!("{}…", body.chars().take(60).collect::<String>()));
    insta::assert_snapshot!(stable_json(&f, &value.to_string()));
}

#[test]
fn a_txt_date_line_gives_the_source_and_is_never_the_snippet() {
    let f = Fixture::new();
    let wire = f.tmp.path().join("wire");
    std::fs::create_dir(&wire).unwrap();
    std::fs::write(
        wire.join("cocoa.txt"),
        "BAHIA COCOA REVIEW\nFebruary 26, 1987 · Reuters\n\nShowers continued throughout the week in the Bahia cocoa zone.\n",
    )
    .unwrap();
    std::fs::write(
        wire.join("split.txt"),
        "NORTHERN TELECOM PROPOSES TWO-FOR-ONE STOCK SPLIT\nFebruary 26, 1987 · Reuters\n\n",
    )
    .unwrap();
    f.search().arg("index").arg(&wire).assert().success();

    let hits = f.json_hits(&["--source", "reuters", "*"]);
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert!(hits.iter().all(|h| h["source"] == "Reuters"), "{hits:?}");

    let text = stdout(&f, &["telecom split"]);
    assert!(
        text.contains("Reuters · 1987-02-26 · wire/split.txt"),
        "{text}"
    );
    assert!(
        !text.contains("February"),
        "the date line is no snippet:\n{text}"
    );
    let hits = f.json_hits(&["telecom split"]);
    assert_eq!(hits[0]["snippet"], "", "{hits:?}");
}
