//! The `--json` contract scripts rely on: hits, then always a summary; errors as one
//! object on stderr; highlight offsets that slice like jq.

use serde_json::Value;

use crate::{jq_slices, Fixture};

/// Every line of stdout, parsed.
fn lines(stdout: &[u8]) -> Vec<Value> {
    std::str::from_utf8(stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn every_answer_ends_with_one_summary() {
    let f = Fixture::indexed();
    let out = f
        .search()
        .args(["--json", "--limit", "2", "Shoigu"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let all = lines(&out.stdout);
    let types: Vec<&str> = all.iter().map(|l| l["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["hit", "hit", "summary"]);
    let summary = &all[2];
    assert_eq!(summary["total"], 4);
    assert!(summary["suggestion"].is_null());
    assert_eq!(summary["variants"], serde_json::json!(["shoygu"]));
    assert!(summary["elapsed_ms"].as_f64().unwrap() >= 0.0);

    let out = f
        .search()
        .args(["--json", "--facets", "Shoigu"])
        .output()
        .unwrap();
    let all = lines(&out.stdout);
    let types: Vec<&str> = all.iter().map(|l| l["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["hit", "hit", "hit", "hit", "facets", "summary"]);
    assert_eq!(all[4]["total"], 4);
    assert_eq!(all[4]["sources"][0]["count"], 1);
}

#[test]
fn nothing_found_still_prints_the_summary_with_the_suggestion() {
    let f = Fixture::indexed();
    let out = f
        .search()
        .args(["--json", "--exact", "Pyongyanng"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let all = lines(&out.stdout);
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0]["type"], "summary");
    assert_eq!(all[0]["total"], 0);
    assert_eq!(all[0]["suggestion"], "pyongyang");
    assert_eq!(
        all[0]["variants"],
        serde_json::json!([]),
        "--exact searches none"
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn with_json_an_error_is_one_json_object_on_stderr() {
    let f = Fixture::indexed();
    let cases: &[(&[&str], &str)] = &[
        (&["--json", "\"unclosed"], "bad_query"),
        (&["--json", "--since", "yesterday", "kim"], "bad_date"),
        (
            &["--json", "--offset", "99999999", "kim"],
            "invalid_request",
        ),
        (&["--json", "--limit", "x", "kim"], "usage"),
        (&["--json", "--no-such-flag"], "usage"),
        (&["show", "--json", "--raw"], "usage"),
        (
            &["stats", "--json", "--index", "/no/such/index"],
            "no_index",
        ),
    ];
    for (args, code) in cases {
        let out = f.search().args(*args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        let error: Value =
            serde_json::from_str(&stderr).unwrap_or_else(|e| panic!("{args:?}: {e}: {stderr}"));
        assert_eq!(error["type"], "error", "{stderr}");
        assert_eq!(error["code"], *code, "{args:?}: {stderr}");
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let out = f.search().args(["--json", "\"unclosed"]).output().unwrap();
    let error: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(error["message"], "bad query: unclosed quote at column 1");
    assert!(error["hint"]
        .as_str()
        .unwrap()
        .contains("or pass --lenient"));
}

#[test]
fn highlights_slice_by_code_points_in_any_script() {
    let f = Fixture::new();
    std::fs::write(
        f.data().join("ru.txt"),
        "Шойгу прибыл в Пхеньян\n\n«Министр обороны» Шойгу — в Пхеньяне; Шойгу встретился с Ким Чен Ыном.",
    )
    .unwrap();
    f.search().arg("index").arg(f.data()).assert().success();
    let out = f.search().args(["--json", "Шойгу"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hit = lines(&out.stdout)
        .into_iter()
        .find(|l| l["type"] == "hit")
        .unwrap();
    let snippet = hit["snippet"].as_str().unwrap();
    let marks = jq_slices(snippet, &hit["highlights"]);
    assert!(marks.len() >= 2, "{hit}");
    assert!(marks.iter().all(|m| m == "Шойгу"), "{marks:?} in {snippet}");
    let title = jq_slices(hit["title"].as_str().unwrap(), &hit["title_highlights"]);
    assert_eq!(title, ["Шойгу"]);
}
