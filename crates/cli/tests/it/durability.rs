//! The index survives killed runs, damage, old formats, and keeps up with changes.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::Fixture;

fn documents(f: &Fixture) -> u64 {
    let out = f.search().args(["stats", "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    stats["documents"].as_u64().unwrap()
}

/// Writes `n` small articles, each naming a unique word, into `dir`.
fn write_corpus(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let filler = "Officials met again to discuss trade, security and the weather. ".repeat(20);
    for i in 0..n {
        let text = format!("Article number {i}\n\nThe word of the day is w{i}x. {filler}");
        std::fs::write(dir.join(format!("a{i:05}.txt")), text).unwrap();
    }
}

/// A small deterministic pseudo-random sequence (xorshift), for kill times.
fn kill_times(count: usize, max_ms: u64) -> Vec<u64> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..count)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % max_ms
        })
        .collect()
}

#[test]
fn killed_index_runs_leave_a_working_index_and_the_next_run_converges() {
    let f = Fixture::new();
    let corpus = f.tmp.path().join("corpus");
    let n = 3000;
    write_corpus(&corpus, n);
    // How long a whole run takes here, to spread the kills over it.
    let started = Instant::now();
    let full = f.tmp.path().join("timing-idx");
    assert_cmd::Command::cargo_bin("search")
        .unwrap()
        .arg("--index")
        .arg(&full)
        .arg("index")
        .arg(&corpus)
        .assert()
        .success();
    let run_ms = started.elapsed().as_millis() as u64;
    assert!(
        run_ms > 200,
        "the corpus must take a while to index ({run_ms} ms)"
    );

    let bin = assert_cmd::cargo::cargo_bin("search");
    // A run that is not killed in time commits every file present when it started: the
    // corpus plus the new files of the rounds before it. Commits only ever add articles.
    let mut committed = 0;
    for (round, delay) in kill_times(5, run_ms).into_iter().enumerate() {
        let mut child = StdCommand::new(&bin)
            .arg("--index")
            .arg(f.index_dir())
            .arg("index")
            .arg(&corpus)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        if f.index_dir().join("meta.json").exists() {
            let docs = documents(&f);
            let whole_run = (n as u64..=(n + round) as u64).contains(&docs);
            assert!(
                (docs == 0 || whole_run) && docs >= committed,
                "round {round}: a commit is all or nothing, saw {docs} after {committed}"
            );
            committed = docs;
        }
        // Between kills, a new file appears and one changes: the next run must see both.
        std::fs::write(
            corpus.join(format!("new{round}.txt")),
            format!("New {round}\n\nnewword{round}"),
        )
        .unwrap();
    }
    f.search().arg("index").arg(&corpus).assert().success();
    let expected = n as u64 + 5;
    assert_eq!(documents(&f), expected);
    let index = newsdex::NewsIndex::open(f.index_dir()).unwrap();
    let files = newsdex::indexer::indexed_files(&index).unwrap();
    assert_eq!(files.len() as u64, expected);
    assert!(
        files.values().all(|file| file.documents == 1),
        "no duplicates"
    );
    let report = index.check().unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(f.json_hits(&["w1234x"]).len(), 1);
    assert_eq!(f.json_hits(&["newword4"]).len(), 1);
}

#[test]
fn check_reports_damage_and_search_fails_with_a_clear_error() {
    let f = Fixture::indexed();
    let ok = f.search().arg("check").output().unwrap();
    assert!(ok.status.success());
    assert!(String::from_utf8(ok.stdout).unwrap().starts_with("OK: "));

    let postings = std::fs::read_dir(f.index_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .unwrap();
    let mut bytes = std::fs::read(&postings).unwrap();
    for i in (10..bytes.len().saturating_sub(20)).step_by(7) {
        bytes[i] ^= 0x5a;
    }
    std::fs::write(&postings, bytes).unwrap();

    let check = f.search().arg("check").output().unwrap();
    assert_eq!(check.status.code(), Some(2));
    let stdout = String::from_utf8(check.stdout).unwrap();
    assert!(
        stdout.starts_with("damaged: ") && stdout.contains(".idx"),
        "{stdout}"
    );
    let stderr = String::from_utf8(check.stderr).unwrap();
    assert!(
        stderr.contains("is damaged: 1 problem in 1 file"),
        "{stderr}"
    );

    for query in ["Shoigu", "Kim", "\"Kim Jong Un\""] {
        let out = f.search().arg(query).output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
            "{stderr}"
        );
        if out.status.code() == Some(2) {
            assert_eq!(stderr.lines().count(), 2, "{stderr}");
            assert!(stderr.starts_with("error: "), "{stderr}");
            assert!(
                stderr.contains("hint: the index may be damaged"),
                "{stderr}"
            );
        }
    }
    f.search().args(["index", "--rebuild"]).assert().success();
    f.search().arg("check").assert().success();
}

#[test]
fn an_index_of_another_format_version_asks_for_a_rebuild() {
    let f = Fixture::indexed();
    crate::set_format_version(&f.index_dir(), 99);

    let out = f.search().arg("kim").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "has format version 99, this newsdex reads version {}",
            newsdex::FORMAT_VERSION
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "hint: rebuild it with: search --index {} index --rebuild",
            f.index_dir().display()
        )),
        "{stderr}"
    );
    f.search().args(["index", "--rebuild"]).assert().success();
    assert_eq!(documents(&f), 5);

    let foreign = f.tmp.path().join("not-an-index");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("meta.json"), "{\"hello\": 1}").unwrap();
    let out = assert_cmd::Command::cargo_bin("search")
        .unwrap()
        .arg("--index")
        .arg(&foreign)
        .arg("kim")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("is not a newsdex index"), "{stderr}");
}

#[test]
fn watch_syncs_changes_and_commits_on_ctrl_c() {
    let f = Fixture::indexed();
    let bin = assert_cmd::cargo::cargo_bin("search");
    let mut child = StdCommand::new(&bin)
        .arg("--index")
        .arg(f.index_dir())
        .args(["watch", "--debounce", "200"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !line.starts_with("Watching") {
        line.clear();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "watch ended early"
        );
        assert!(Instant::now() < deadline);
    }
    std::fs::write(
        f.data().join("zebra.txt"),
        "Zebra seen in Pyongyang\n\nA zebra was seen.",
    )
    .unwrap();
    std::fs::remove_file(f.data().join("000_958ec56328790899.txt")).unwrap();
    let mut synced = false;
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
        if f.json_hits(&["zebra"]).len() == 1 && documents(&f) == 5 {
            synced = true;
            break;
        }
    }
    if !synced {
        let _ = child.kill();
        let mut rest = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut rest);
        let mut out = String::new();
        let _ = std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut out);
        panic!("the new file was added and the deleted one removed while watching\nstdout: {out}\nstderr: {rest}\nzebra: {:?} docs: {}", f.json_hits(&["zebra"]).len(), documents(&f));
    }
    std::fs::write(f.data().join("okapi.txt"), "Okapi\n\nAn okapi.").unwrap();
    let status = StdCommand::new("kill")
        .arg("-INT")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    // The change made just before Ctrl-C is in the final commit or picked up by the next
    // sync; either way nothing is lost.
    f.search().arg("index").assert().success();
    assert_eq!(documents(&f), 6);
}

#[test]
fn reads_while_another_process_commits_and_cleans_up_never_see_damage() {
    let f = Fixture::indexed();
    let extra = f.data().join("extra.txt");
    let writer = {
        let (index, data, extra) = (f.index_dir(), f.data(), extra.clone());
        std::thread::spawn(move || {
            for i in 0..25 {
                std::fs::write(&extra, format!("Extra {i}\n\nKim met Shoigu, take {i}.")).unwrap();
                for _ in 0..2 {
                    let out = StdCommand::new(assert_cmd::cargo::cargo_bin("search"))
                        .env_remove("NEWSDEX_INDEX")
                        .arg("--index")
                        .arg(&index)
                        .arg("index")
                        .arg(&data)
                        .output()
                        .unwrap();
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    if extra.exists() {
                        std::fs::remove_file(&extra).unwrap();
                    }
                }
            }
        })
    };
    let mut reads = 0;
    while !writer.is_finished() || reads == 0 {
        for args in [&["stats", "--json"][..], &["--json", "Shoigu"], &["check"]] {
            let out = f.search().args(args).output().unwrap();
            assert!(
                out.status.code() == Some(0),
                "{args:?} after {reads} reads: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        reads += 1;
    }
    writer.join().unwrap();
}
