//! The command line as people type it: words taken for subcommands or flags, lists and
//! counts without a query, ids by their start.

use std::path::Path;

use serde_json::Value;

use crate::Fixture;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn roots(f: &Fixture) -> Vec<Value> {
    let out = f.search().args(["stats", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    stats["roots"].as_array().unwrap().clone()
}

#[test]
fn a_path_that_does_not_exist_is_an_error_that_changes_nothing() {
    let f = Fixture::indexed();
    let before = roots(&f);
    for args in [
        &["index", "funds"][..],
        &["index", "funds", "bonds"],
        &["watch", "list"],
    ] {
        let out = f.search().args(args).arg(f.data()).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(&format!("error: {}: no such file or folder", args[1])),
            "{args:?}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{args:?}: {}", text(&out.stdout));
        assert_eq!(roots(&f), before, "{args:?} changed the folders");
    }
    // Words that look like a query are told how to search for them.
    let out = f.search().args(["index", "funds"]).output().unwrap();
    let stderr = text(&out.stderr);
    let escaped = format!(
        "hint: to search for the word, put -- before it: search --index {} -- index funds",
        f.index_dir().display()
    );
    assert!(stderr.contains(&escaped), "{stderr}");
    let out = f
        .search()
        .args(["watch", "list", "funds"])
        .output()
        .unwrap();
    assert!(
        text(&out.stderr).contains("-- watch list funds"),
        "{}",
        text(&out.stderr)
    );
    // A path with folders in it is a path: no such hint.
    let out = f
        .search()
        .arg("index")
        .arg(f.tmp.path().join("gone/news"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(!stderr.contains(" -- index"), "{stderr}");
    assert!(stderr.contains("nothing was changed"), "{stderr}");
}

#[test]
fn a_path_that_does_not_exist_makes_no_index() {
    let f = Fixture::new();
    for command in ["index", "watch"] {
        let out = f.search().args([command, "funds"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{command}");
        assert!(!f.index_dir().exists(), "{command} made an index");
    }
}

#[test]
fn show_of_a_word_that_is_no_id_says_so_in_one_line_with_the_search_for_it() {
    let f = Fixture::indexed();
    let out = f.search().args(["show", "business"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("no article with id \"business\""),
        "{stderr}"
    );
    assert!(stderr.contains("-- show business"), "{stderr}");
}

/// An index over a JSON Lines file of articles with these ids, each about cocoa.
fn with_ids(ids: &[&str]) -> Fixture {
    let f = Fixture::new();
    let feed: String = ids
        .iter()
        .map(|id| {
            format!(
                "{}\n",
                serde_json::json!({"id": id, "title": format!("Cocoa report {id}"), "body": "Cocoa prices rose in Bahia as the drought eased."})
            )
        })
        .collect();
    let file = f.tmp.path().join("feed.jsonl");
    std::fs::write(&file, feed).unwrap();
    f.search().arg("index").arg(&file).assert().success();
    f
}

#[test]
fn show_takes_the_start_of_an_id_and_lists_the_ids_an_ambiguous_start_fits() {
    let f = with_ids(&["story-17", "story-18", "wire-3"]);
    let out = f.search().args(["show", "wi", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let article: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(article["id"], "wire-3");
    // An id in full is itself, even where it starts another.
    let out = f.search().args(["show", "story-1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error: the id \"story-1\" is ambiguous: story-17, story-18 start with it"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    let out = f
        .search()
        .args(["show", "story-18", "--json"])
        .output()
        .unwrap();
    let article: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(article["id"], "story-18");
    // Characters of regular expressions are matched as written.
    let out = f.search().args(["show", "st.*"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
}

#[test]
fn show_marks_the_words_of_a_query() {
    let f = with_ids(&["wire-3"]);
    let out = f
        .search()
        .args(["--color", "always", "show", "wire", "--query", "drought"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let marked = stdout
        .split("\u{1b}[")
        .filter(|part| part.contains("33m"))
        .map(|part| part.split('m').nth(1).unwrap_or(""))
        .collect::<Vec<_>>();
    assert_eq!(marked, ["drought"], "{stdout:?}");
    let plain = f.search().args(["show", "wire"]).output().unwrap();
    assert!(!text(&plain.stdout).contains("\u{1b}["));
}

/// The ids of `search --json ARGS…`, with the exit code.
fn ids(f: &Fixture, args: &[&str]) -> (Vec<String>, Option<i32>) {
    let out = f.search().arg("--json").args(args).output().unwrap();
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("Usage:"), "{args:?}: {stderr}");
    let ids = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["type"] == "hit")
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect();
    (ids, out.status.code())
}

#[test]
fn a_query_that_starts_with_a_dash_is_a_query() {
    let f = Fixture::indexed();
    let (kim, _) = ids(&f, &["kim"]);
    let (without_trump, code) = ids(&f, &["--", "kim -trump"]);
    assert_eq!(code, Some(0));
    assert!(without_trump.len() < kim.len(), "{without_trump:?}");
    for args in [
        &["-trump kim"][..],
        &["-trump", "kim"],
        &["kim", "-trump"],
        &["kim", "-trump", "-n", "10"],
        &["-n", "10", "-trump", "kim"],
    ] {
        let (found, code) = ids(&f, args);
        assert_eq!(code, Some(0), "{args:?}");
        let mut found = found;
        found.sort();
        let mut expected = without_trump.clone();
        expected.sort();
        assert_eq!(found, expected, "{args:?}");
    }
    // `-nuclear` is a word to leave out, not -n with the value "uclear".
    let (found, _) = ids(&f, &["-nuclear", "kim"]);
    let (expected, _) = ids(&f, &["--", "-nuclear kim"]);
    assert_eq!(found, expected);
    // `- *` is a query too (one the query language reads as it can), never a usage error.
    let out = f.search().arg("- *").output().unwrap();
    assert!(out.status.code().unwrap() <= 1, "{}", text(&out.stderr));
    // Flags are still flags.
    let (two, _) = ids(&f, &["-n", "2", "kim"]);
    assert_eq!(two.len(), 2);
    let (one, _) = ids(&f, &["-n1", "kim"]);
    assert_eq!(one.len(), 1);
}

#[test]
fn a_star_or_filters_alone_list_every_article_newest_first() {
    let f = Fixture::indexed();
    let out = f
        .search()
        .args(["--json", "*", "--limit", "100"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let hits: Vec<Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["type"] == "hit")
        .collect();
    assert_eq!(hits.len(), 5);
    // The one dated article first, the undated after it.
    assert_eq!(hits[0]["date"], "2023-09-12");
    assert!(hits[1..].iter().all(|h| h["date"].is_null()));
    let (since, code) = ids(&f, &["--since", "2020"]);
    assert_eq!(code, Some(0));
    assert_eq!(since, [hits[0]["id"].as_str().unwrap()]);
}

#[test]
fn facets_with_a_limit_of_zero_only_count() {
    let f = Fixture::indexed();
    let out = f
        .search()
        .args(["--json", "--facets", "--limit", "0", "kim"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.iter().all(|l| l["type"] != "hit"), "{lines:?}");
    let facets = lines.iter().find(|l| l["type"] == "facets").unwrap();
    assert_eq!(facets["total"], 5);
    let human = f
        .search()
        .args(["--facets", "--limit", "0", "kim"])
        .output()
        .unwrap();
    let stdout = text(&human.stdout);
    assert!(stdout.starts_with("Sources\n"), "{stdout}");
    assert!(stdout.contains("5 articles match"), "{stdout}");
}

#[test]
fn a_snippet_of_zero_characters_is_none() {
    let f = Fixture::indexed();
    let out = f
        .search()
        .args(["--json", "--snippet-chars", "0", "kim"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    let hits: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["type"] == "hit")
        .collect();
    assert_eq!(hits.len(), 5, "{stdout}");
    for hit in hits {
        assert_eq!(hit["snippet"], "", "{hit}");
        assert_eq!(hit["highlights"], serde_json::json!([]));
    }
    let human = f
        .search()
        .args(["--snippet-chars", "0", "-n", "1", "kim"])
        .output()
        .unwrap();
    let stdout = text(&human.stdout);
    // The title, the line under it, a blank line, the count.
    assert_eq!(stdout.lines().count(), 4, "{stdout}");
}

#[test]
fn an_unknown_source_is_named_with_the_known_ones() {
    let f = Fixture::indexed();
    let out = f
        .search()
        .args(["kim", "--source", "reuter", "--source", "ap"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "warning: no article has the source \"reuter\"; the sources are AP (1), BBN – Big Big News (1)"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("\"ap\""), "{stderr}");
}

#[test]
fn hints_name_the_index_given() {
    let f = Fixture::new();
    let out = f.search().arg("kim").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "hint: build one with: search --index {} index PATH...",
            f.index_dir().display()
        )),
        "{stderr}"
    );
    let spaced = f.tmp.path().join("my index");
    let out = assert_cmd::Command::cargo_bin("search")
        .unwrap()
        .env_remove("NEWSDEX_INDEX")
        .arg("--index")
        .arg(&spaced)
        .arg("kim")
        .output()
        .unwrap();
    assert!(
        text(&out.stderr).contains(&format!("search --index '{}' index", spaced.display())),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn check_hints_at_rebuilding_the_index_it_checked() {
    let f = Fixture::indexed();
    let meta = Path::new(&f.index_dir()).join("meta.json");
    let mut commit: Value = serde_json::from_slice(&std::fs::read(&meta).unwrap()).unwrap();
    let segment = &mut commit["segments"][0];
    segment["max_doc"] = Value::from(segment["max_doc"].as_u64().unwrap() + 1000);
    std::fs::write(&meta, serde_json::to_vec(&commit).unwrap()).unwrap();
    let out = f.search().arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "hint: rebuild it with: search --index {} index --rebuild",
            f.index_dir().display()
        )),
        "{stderr}"
    );
}

#[test]
fn a_field_mapping_without_a_rebuild_says_that_unchanged_files_need_one() {
    let f = Fixture::new();
    let feed = f.tmp.path().join("feed.jsonl");
    std::fs::write(
        &feed,
        "{\"headline\":\"Cocoa\",\"story\":\"Bahia cocoa prices rose.\"}\n",
    )
    .unwrap();
    f.search().arg("index").arg(&feed).assert().success();
    let out = f
        .search()
        .args(["index", "--field", "body=story"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "note: --field maps only the files read in this run; the 1 unchanged file keeps the fields it was read with until `search --index {} index --rebuild --field body=story` reads them again",
            f.index_dir().display()
        )),
        "{stderr}"
    );
    let rebuilt = f
        .search()
        .args(["index", "--rebuild", "--field", "body=story"])
        .output()
        .unwrap();
    assert!(!text(&rebuilt.stderr).contains("note: --field"));
}
