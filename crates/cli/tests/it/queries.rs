//! Hostile queries through the real binary: nested, repeated and long queries get an
//! answer or one error line, never an abort.

use crate::Fixture;

/// Runs `search [--lenient] -- QUERY` and returns the exit code and stderr.
fn run(f: &Fixture, lenient: bool, query: &str) -> (i32, String) {
    let mut cmd = f.search();
    if lenient {
        cmd.arg("--lenient");
    }
    let out = cmd.arg("--").arg(query).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal ({} chars): {stderr}", query.len()));
    (code, stderr)
}

#[test]
fn deep_and_repeated_queries_answer_or_fail_in_one_line() {
    let f = Fixture::indexed();
    let cases = [
        "(".repeat(10_000) + "kim" + &")".repeat(10_000),
        "(".repeat(10_000),
        "-".repeat(50_000) + "kim",
        "!".repeat(100_000) + "kim",
        "+".repeat(100_000) + "kim",
        "title:(".repeat(5_000) + "kim" + &")".repeat(5_000),
        "NOT ".repeat(20_000) + "kim",
        "\"".repeat(100_000),
        "kim ".repeat(30_000),
    ];
    for query in &cases {
        for lenient in [false, true] {
            let (code, stderr) = run(&f, lenient, query);
            let label = format!(
                "{}… ({} chars, lenient {lenient})",
                &query[..20],
                query.len()
            );
            assert!(code <= 2, "{label}: exit {code}");
            if code == 2 {
                let lines: Vec<&str> = stderr.lines().collect();
                assert!(
                    lines[0].starts_with("error: bad query: "),
                    "{label}: {stderr}"
                );
                assert!(lines.len() <= 2, "{label}: {stderr}");
            }
        }
    }
    let (code, stderr) = run(&f, false, &cases[0]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr.lines().next(),
        Some("error: bad query: groups nested more than 32 levels deep at column 33")
    );
    let (code, _) = run(&f, true, &cases[0]);
    assert_eq!(code, 0, "lenient mode searches the words");
}

#[test]
fn hostile_words_typed_without_the_escape_are_queries_and_errors_stay_short() {
    let f = Fixture::indexed();
    let queries = [
        "-".repeat(50_000) + "kim",
        "--".to_string() + &"!".repeat(100_000) + "kim",
        "---kim".to_string(),
    ];
    for query in &queries {
        let escaped = f.search().arg("--").arg(query).output().unwrap();
        let typed = f.search().arg(query).output().unwrap();
        let label = format!("{}… ({} chars)", &query[..query.len().min(8)], query.len());
        assert_eq!(typed.status.code(), escaped.status.code(), "{label}");
        assert_eq!(typed.stdout, escaped.stdout, "{label}");
        assert!(
            typed.stderr.len() < 1_000,
            "{label}: {} bytes of errors",
            typed.stderr.len()
        );
    }
    // Errors that quote a huge word (a mistyped flag's value) quote its start and end.
    let huge = "9".repeat(100_000);
    for args in [
        vec!["-n", huge.as_str(), "kim"],
        vec!["--json", "-n", huge.as_str(), "kim"],
    ] {
        let out = f.search().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.len() < 1_000,
            "{} bytes: {}",
            stderr.len(),
            &stderr[..200]
        );
        assert!(stderr.contains("(100000 characters)"), "{stderr}");
    }
    // A mistyped flag is still named as one.
    let out = f.search().args(["--limt", "5", "kim"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unexpected argument '--limt'"));
}

#[test]
fn source_next_to_words_filters_them_and_a_star_lists_everything() {
    let f = Fixture::indexed();
    let hits = f.json_hits(&["source:ap Pyongyang"]);
    let sources: Vec<&str> = hits.iter().map(|h| h["source"].as_str().unwrap()).collect();
    assert_eq!(sources, ["AP"]);
    let either = f.json_hits(&["source:ap OR Lavrov"]);
    assert_eq!(either.len(), 2, "{either:?}");
    let talks = f.json_hits(&["talks"]);
    assert!(talks.len() > 1, "{talks:?}");
    let dated = f.json_hits(&["talks date:2023-09"]);
    let dates: Vec<&str> = dated.iter().map(|h| h["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2023-09-12"]);
    let all = f.json_hits(&["*"]);
    assert_eq!(all.len(), 5);
    assert_eq!(all[0]["date"], "2023-09-12", "newest first");
}
