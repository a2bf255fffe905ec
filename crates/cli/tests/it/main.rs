//! End-to-end tests of the `search` binary on a temp copy of the sample data.

mod big;
mod damage;
mod durability;
mod export;
mod full_disk;
mod globs;
mod ids;
mod json;
mod languages;
mod output;
mod queries;
mod reuters;
mod safety;
mod serve;
mod similar;
mod skipped;
mod usage;
mod watching;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The sample corpus of the repository.
fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

/// A temp folder holding a copy of `data/` and an index path beside it.
pub(crate) struct Fixture {
    pub(crate) tmp: tempfile::TempDir,
}

impl Fixture {
    pub(crate) fn new() -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        std::fs::create_dir(&data).unwrap();
        for entry in std::fs::read_dir(data_dir()).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), data.join(entry.file_name())).unwrap();
        }
        Fixture { tmp }
    }

    pub(crate) fn data(&self) -> PathBuf {
        self.tmp.path().join("data")
    }

    pub(crate) fn index_dir(&self) -> PathBuf {
        self.tmp.path().join("idx")
    }

    /// `search --index IDX ARGS…`, run in the fixture folder. Nothing in the environment
    /// turns colour off or on: output is uncoloured only because it goes to a pipe.
    pub(crate) fn search(&self) -> Command {
        let mut cmd = bare_search(self.tmp.path());
        cmd.arg("--index").arg(self.index_dir());
        cmd
    }

    pub(crate) fn indexed() -> Fixture {
        let f = Fixture::new();
        f.search().arg("index").arg(f.data()).assert().success();
        f
    }

    pub(crate) fn json_hits(&self, args: &[&str]) -> Vec<Value> {
        let out = self.search().arg("--json").args(args).output().unwrap();
        assert!(
            out.status.code().unwrap() <= 1,
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .filter(|v| v["type"] == "hit")
            .collect()
    }
}

/// The parts of `text` that `[start, end]` offset pairs mark, sliced as jq's
/// `.text[start:end]` does: by Unicode code points.
fn jq_slices(text: &str, ranges: &Value) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    ranges
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let (start, end) = (
                r[0].as_u64().unwrap() as usize,
                r[1].as_u64().unwrap() as usize,
            );
            chars[start.min(chars.len())..end.min(chars.len())]
                .iter()
                .collect()
        })
        .collect()
}

/// The file name (without folder) of each hit, in rank order.
fn files(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| {
            Path::new(h["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .chars()
                .take(3)
                .collect()
        })
        .collect()
}

#[test]
fn index_prints_a_summary() {
    let f = Fixture::new();
    let out = f.search().arg("index").arg(f.data()).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("Indexed 5 files in "), "{stdout}");
    assert!(
        stdout.contains("5 added, 0 updated, 0 removed, 0 unchanged"),
        "{stdout}"
    );
    assert!(stdout.contains("5 in the index"), "{stdout}");

    let again = f.search().arg("index").output().unwrap();
    let stdout = String::from_utf8(again.stdout).unwrap();
    assert!(
        stdout.contains("0 added, 0 updated, 0 removed, 5 unchanged"),
        "{stdout}"
    );
}

#[test]
fn shoigu_pyongyang_ranks_the_articles_naming_both_first() {
    let f = Fixture::indexed();
    let hits = f.json_hits(&["Shoigu Pyongyang"]);
    let ranked = files(&hits);
    assert_eq!(
        ranked.len(),
        5,
        "every article names one of them or a variant: {ranked:?}"
    );
    let mut top3 = ranked[..3].to_vec();
    top3.sort();
    assert_eq!(top3, ["001", "002", "003"]);
    // 000 spells it Shoygu and ranks above 004, which names only Pyongyang.
    assert_eq!(&ranked[3..], ["000", "004"]);
}

#[test]
fn exact_turns_name_variants_off() {
    let f = Fixture::indexed();
    let hits = f.json_hits(&["--exact", "Shoygu"]);
    assert_eq!(files(&hits), ["000"]);
    // Shoigu's three articles would outnumber Shoygu's one: another word, not a variant.
    let hits = f.json_hits(&["Shoygu"]);
    assert_eq!(files(&hits), ["000"]);
    let hits = f.json_hits(&["--exact", "Shoigu"]);
    assert_eq!(hits.len(), 3, "Shoygu not searched");
    let hits = f.json_hits(&["Shoigu"]);
    assert_eq!(
        files(&hits)[3],
        "000",
        "the variant after the three exact spellings"
    );
}

#[test]
fn phrase_returns_exactly_the_articles_that_contain_it() {
    let f = Fixture::indexed();
    let mut found = files(&f.json_hits(&["\"Kim Jong Un\""]));
    found.sort();
    assert_eq!(found, ["001", "003", "004"]);
    let mut hyphenated = files(&f.json_hits(&["\"Kim Jong-un\""]));
    hyphenated.sort();
    assert_eq!(hyphenated, ["001", "003", "004"]);
}

#[test]
fn json_hits_carry_every_field() {
    let f = Fixture::indexed();
    let hits = f.json_hits(&["--limit", "2", "Shoigu Pyongyang"]);
    assert_eq!(hits.len(), 2);
    for (i, hit) in hits.iter().enumerate() {
        assert_eq!(hit["rank"], i + 1);
        let id = hit["id"].as_str().unwrap();
        assert_eq!(id.len(), 16, "{id}");
        assert!(hit["title"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(hit["date"].is_null() || hit["date"].as_str().is_some_and(|d| d.len() >= 10));
        assert!(hit["source"].is_null() || hit["source"].is_string());
        let path = hit["path"].as_str().unwrap();
        assert!(
            Path::new(path).is_absolute() && Path::new(path).exists(),
            "{path}"
        );
        assert!(hit["score"].as_f64().unwrap() > 0.0);
        let snippet = hit["snippet"].as_str().unwrap();
        // `highlights` slice the snippet as jq does, by code points; `highlight_bytes`
        // by bytes.
        let marks = jq_slices(snippet, &hit["highlights"]);
        assert!(!marks.is_empty(), "{snippet}");
        let by_bytes: Vec<String> = hit["highlight_bytes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                snippet[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize]
                    .to_string()
            })
            .collect();
        assert_eq!(marks, by_bytes, "{snippet}");
        for mark in marks {
            let lower = mark.to_lowercase();
            assert!(
                lower == "shoigu" || lower == "pyongyang",
                "marked {mark:?} in {snippet}"
            );
        }
    }
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores[0] >= scores[1]);
}

#[test]
fn human_output_in_a_pipe_has_no_colour_and_shows_rank_title_meta_snippet() {
    let f = Fixture::indexed();
    let out = f.search().arg("Shoigu Pyongyang").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "no escape codes in a pipe");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("1. "), "{text}");
    assert!(
        lines[1].contains("data/") && lines[1].contains("score ") && lines[1].contains("id "),
        "{text}"
    );
    assert!(
        lines[2].contains("Shoigu") || lines[2].contains("Pyongyang"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("ms)"), "{text}");

    let coloured = f
        .search()
        .args(["--color", "always", "Shoigu"])
        .output()
        .unwrap();
    let text = String::from_utf8(coloured.stdout).unwrap();
    assert!(text.contains("\u{1b}["), "--color always colours: {text:?}");
}

#[test]
fn nothing_found_exits_1_with_a_suggestion() {
    let f = Fixture::indexed();
    let out = f.search().args(["--exact", "Pyongyanng"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("No articles match."), "{stderr}");
    assert!(
        stderr.contains("Did you mean: search \"pyongyang\""),
        "{stderr}"
    );
}

#[test]
fn user_errors_are_one_line_and_exit_2() {
    let f = Fixture::indexed();
    let cases: &[&[&str]] = &[
        &["\"unclosed"],
        &["(kim OR"],
        &["foo:bar"],
        &["date:[2023 TO"],
        &["--since", "yesterday", "kim"],
        &["--sort", "sideways", "kim"],
        &["--offset", "99999999", "kim"],
        &["--limit", "-3", "kim"],
        &["--no-such-flag"],
        &["show"],
    ];
    for args in cases {
        let out = f.search().args(*args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with("error"), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
            "{args:?}: {stderr}"
        );
    }
    let out = f.search().arg("\"unclosed").output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert_eq!(lines[0], "error: bad query: unclosed quote at column 1");
    assert!(lines[1].starts_with("hint: "), "{stderr}");
}

#[test]
fn lenient_searches_the_words_of_a_broken_query() {
    let f = Fixture::indexed();
    let hits = f.json_hits(&["--lenient", "(Shoygu AND"]);
    assert_eq!(files(&hits)[0], "000");
}

#[test]
fn missing_index_is_an_error_with_a_hint() {
    let f = Fixture::new();
    let out = f.search().arg("kim").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!("error: no index at {}", f.index_dir().display())),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "hint: build one with: search --index {} index",
            f.index_dir().display()
        )),
        "{stderr}"
    );
}

#[test]
fn show_prints_an_article_and_unknown_ids_exit_1() {
    let f = Fixture::indexed();
    let hits = f.json_hits(&["--limit", "1", "\"Kim Jong Un\" Shoigu"]);
    let id = hits[0]["id"].as_str().unwrap();
    let out = f.search().args(["show", id]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(hits[0]["title"].as_str().unwrap()),
        "{text}"
    );
    assert!(text.contains(&format!("id {id}")), "{text}");

    let json = f.search().args(["show", "--json", id]).output().unwrap();
    let article: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(article["id"], id);
    assert!(article["body"].as_str().unwrap().contains("Shoigu"));

    let missing = f.search().args(["show", "nope"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8(missing.stderr)
        .unwrap()
        .contains("no article with id \"nope\""));
}

#[test]
fn stats_json_counts_documents() {
    let f = Fixture::indexed();
    let out = f.search().args(["stats", "--json"]).output().unwrap();
    assert!(out.status.success());
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["documents"], 5);
    assert!(stats["size_bytes"].as_u64().unwrap() > 0);
    assert_eq!(stats["roots"][0], f.data().to_string_lossy().as_ref());
    let human = f.search().arg("stats").output().unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(text.contains("Articles  5"), "{text}");
}

#[test]
fn second_writer_is_refused_while_the_first_holds_the_lock() {
    let f = Fixture::indexed();
    let index = newsdex::NewsIndex::open(f.index_dir()).unwrap();
    let holder = newsdex::Indexer::new(&index).unwrap();
    let out = f.search().arg("index").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!(
            "error: index at {} is being updated by another process",
            f.index_dir().display()
        )),
        "{stderr}"
    );
    // Readers don't need the lock.
    f.search().arg("kim").assert().code(0);
    drop(holder);
    f.search().arg("index").assert().success();
}

#[test]
fn a_writer_that_waits_says_once_which_process_holds_the_lock() {
    use std::io::BufRead;

    let f = Fixture::indexed();
    let index = newsdex::NewsIndex::open(f.index_dir()).unwrap();
    let holder = newsdex::Indexer::new(&index).unwrap();
    let named = format!(
        "is being updated by another process (pid {}: ",
        std::process::id()
    );
    let refused = f.search().arg("index").output().unwrap();
    let stderr = String::from_utf8(refused.stderr).unwrap();
    assert!(stderr.lines().next().unwrap().contains(&named), "{stderr}");

    let search = assert_cmd::cargo::cargo_bin("search");
    let mut waiting = std::process::Command::new(search)
        .current_dir(f.tmp.path())
        .arg("--index")
        .arg(f.index_dir())
        .args(["index", "--wait"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(waiting.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(
        line.starts_with(&format!(
            "waiting: index at {} {named}",
            f.index_dir().display()
        )) && line.trim_end().ends_with(" UTC)…"),
        "{line}"
    );
    drop(holder);
    let out = waiting.wait_with_output().unwrap();
    assert!(out.status.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(!rest.contains("waiting"), "said once: {rest}");
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("Checked 5 files"));
}

/// Makes the last commit of the index in `dir` claim format `version`.
fn set_format_version(dir: &Path, version: u32) {
    let meta_path = dir.join("meta.json");
    let mut meta: Value =
        serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    let mut payload: Value = serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap();
    payload["format"] = version.into();
    meta["payload"] = Value::String(payload.to_string());
    std::fs::write(&meta_path, meta.to_string()).unwrap();
}

/// A folder that looks like a newsdex checkout: the manifest, the CLI crate, `data/`.
fn checkout() -> Fixture {
    let f = Fixture::new();
    std::fs::write(
        f.tmp.path().join("Cargo.toml"),
        "[package]\nname = \"newsdex\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(f.tmp.path().join("crates/cli")).unwrap();
    std::fs::write(f.tmp.path().join("crates/cli/Cargo.toml"), "").unwrap();
    f
}

/// `search ARGS…` run in `dir`, with no index named and no colour setting inherited.
fn bare_search(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("search").unwrap();
    cmd.current_dir(dir);
    for var in [
        "NEWSDEX_INDEX",
        "NO_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "TERM",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

#[test]
fn in_a_checkout_the_first_search_builds_the_index_and_later_ones_reuse_it() {
    let f = checkout();
    let first = bare_search(f.tmp.path())
        .arg("Shoigu Pyongyang")
        .output()
        .unwrap();
    assert_eq!(first.status.code(), Some(0));
    let stderr = String::from_utf8(first.stderr).unwrap();
    assert!(
        stderr.contains("Building the index at .newsdex over data"),
        "{stderr}"
    );
    assert!(String::from_utf8(first.stdout).unwrap().starts_with("1. "));
    assert!(f.tmp.path().join(".newsdex/meta.json").is_file());

    let second = bare_search(f.tmp.path()).arg("Shoigu").output().unwrap();
    assert_eq!(second.status.code(), Some(0));
    assert!(
        second.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );

    // From a subfolder too, and a changed folder is synced first.
    std::fs::write(
        f.data().join("new.txt"),
        "Zebras in Pyongyang\n\nA zebra escaped.",
    )
    .unwrap();
    let third = bare_search(&f.data()).arg("zebra").output().unwrap();
    assert_eq!(third.status.code(), Some(0));
    let stderr = String::from_utf8(third.stderr).unwrap();
    assert!(stderr.contains("syncing first"), "{stderr}");
    assert!(String::from_utf8(third.stdout)
        .unwrap()
        .contains("Zebras in Pyongyang"));

    std::fs::write(f.data().join("new2.txt"), "Okapis\n\nAn okapi.").unwrap();
    let unsynced = bare_search(f.tmp.path())
        .args(["--no-sync", "okapi"])
        .output()
        .unwrap();
    assert_eq!(unsynced.status.code(), Some(1));
}

#[test]
fn while_another_newsdex_writes_the_index_a_search_answers_from_its_last_commit_at_once() {
    let f = checkout();
    let built = bare_search(f.tmp.path()).arg("Shoigu").output().unwrap();
    assert_eq!(built.status.code(), Some(0));
    std::fs::write(
        f.data().join("new.txt"),
        "Zebras in Pyongyang\n\nA zebra escaped.",
    )
    .unwrap();

    // As `search watch` does, another process holds the writer.
    let index = newsdex::NewsIndex::open(f.tmp.path().join(".newsdex")).unwrap();
    let writer = newsdex::Indexer::new(&index).unwrap();
    let held = bare_search(f.tmp.path()).arg("zebra").output().unwrap();
    assert_eq!(held.status.code(), Some(1));
    let stderr = String::from_utf8(held.stderr).unwrap();
    assert!(stderr.starts_with("No articles match.\n"), "{stderr}");
    assert!(
        !stderr.contains("sync") && !stderr.contains("note:"),
        "{stderr}"
    );

    drop(writer);
    let free = bare_search(f.tmp.path()).arg("zebra").output().unwrap();
    assert_eq!(free.status.code(), Some(0));
    let stderr = String::from_utf8(free.stderr).unwrap();
    assert!(stderr.contains("syncing first"), "{stderr}");
}

#[test]
fn when_the_sync_before_a_search_fails_the_search_answers_from_the_last_commit_with_a_warning() {
    let f = checkout();
    bare_search(f.tmp.path()).arg("Shoigu").assert().success();
    std::fs::write(
        f.data().join("new.txt"),
        "Zebras in Pyongyang\n\nA zebra escaped.",
    )
    .unwrap();
    // The writer's lock file can't be opened (it is a folder): the sync fails, reading
    // still works.
    let lock = f.tmp.path().join(".newsdex/.tantivy-writer.lock");
    let _ = std::fs::remove_file(&lock);
    std::fs::create_dir(&lock).unwrap();
    let out = bare_search(f.tmp.path()).arg("Shoigu").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("syncing first")
            && stderr.contains("warning: ")
            && stderr.contains("; searching its last commit."),
        "{stderr}"
    );
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("1. "));
}

#[test]
fn field_mapping_reads_unusual_json_exports() {
    let f = Fixture::new();
    let feed = f.tmp.path().join("feed");
    std::fs::create_dir(&feed).unwrap();
    std::fs::write(
        feed.join("export.json"),
        r#"[{"uid": "x1", "headline": "Okapi sighted", "story": "A rare okapi was sighted near Kinshasa."}]"#,
    )
    .unwrap();
    f.search()
        .args(["index", "--field", "body=story", "--field", "id=uid"])
        .arg(&feed)
        .assert()
        .success();
    let hits = f.json_hits(&["okapi"]);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["id"], "x1");
    assert_eq!(hits[0]["title"], "Okapi sighted");
    assert!(hits[0]["snippet"].as_str().unwrap().contains("Kinshasa"));

    let bad = f
        .search()
        .args(["index", "--field", "bodystory"])
        .arg(&feed)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8(bad.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("bad field mapping"), "{stderr}");
}

#[test]
fn bad_files_are_reported_skipped_and_nothing_indexed_is_lost() {
    let f = Fixture::indexed();
    std::fs::write(f.data().join("empty.txt"), "").unwrap();
    std::fs::write(f.data().join("image.txt"), b"\x89PNG\r\n\x1a\n\0\0\0binary").unwrap();
    std::fs::write(
        f.data().join("feed.jsonl"),
        "{\"id\":\"good-1\",\"title\":\"Okapi\",\"body\":\"An okapi.\"}\n{broken\n",
    )
    .unwrap();
    let out = f.search().arg("index").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("empty.txt: "), "{stderr}");
    assert!(stderr.contains("image.txt: "), "{stderr}");
    assert!(stderr.contains("feed.jsonl:2: "), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("1 added"), "{stdout}");
    assert!(stdout.contains("2 skipped (1 binary, 1 empty)"), "{stdout}");
    assert!(stdout.contains("6 in the index"), "{stdout}");
    assert_eq!(f.json_hits(&["okapi"])[0]["id"], "good-1");
    assert_eq!(f.json_hits(&["Shoigu"]).len(), 4);

    let strict = f
        .search()
        .args(["index", "--strict", "--rebuild"])
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(2));
    let stderr = String::from_utf8(strict.stderr).unwrap();
    assert!(
        stderr
            .lines()
            .last()
            .unwrap()
            .contains("problems with the input (--strict)"),
        "{stderr}"
    );
}

#[test]
fn in_a_checkout_an_index_of_another_format_is_rebuilt_over_data() {
    let f = checkout();
    bare_search(f.tmp.path()).arg("Shoigu").assert().code(0);
    set_format_version(&f.tmp.path().join(".newsdex"), 99);

    let out = bare_search(f.tmp.path()).arg("Shoigu").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("has format version 99")
            && stderr.contains("rebuilding it over its folders"),
        "{stderr}"
    );
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("1. "));
    // Rebuilt in the current format: the next search says nothing on stderr.
    let again = bare_search(f.tmp.path()).arg("Shoigu").output().unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert!(
        again.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}
