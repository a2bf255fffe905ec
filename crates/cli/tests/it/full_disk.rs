//! A full disk never leaves the index stuck: on a real full file system (a small tmpfs,
//! where the machine lets the tests mount one), a failed run says so and names the path,
//! the last commit stays searchable, and once space is freed the next run succeeds and
//! leaves no file behind that the index doesn't need.

// A test that cannot run here says so on stderr, which `cargo test` shows.
#![allow(clippy::print_stderr)]

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A tmpfs mounted for one test, unmounted when dropped.
struct Tmpfs {
    dir: PathBuf,
}

impl Tmpfs {
    /// Mounts a tmpfs of `kib` KiB at `dir`, or says why not and returns `None`.
    fn mount(dir: &Path, kib: u64) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir)
            .output();
        match mounted {
            Ok(out) if out.status.success() => Some(Tmpfs {
                dir: dir.to_path_buf(),
            }),
            Ok(out) => {
                eprintln!(
                    "skipped: cannot mount a tmpfs here ({}); the full-disk tests need root",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("skipped: cannot run mount ({e}); the full-disk tests need root");
                None
            }
        }
    }

    fn filler(&self) -> PathBuf {
        self.dir.join("filler")
    }

    /// Fills the file system, then gives back `kib` KiB.
    fn fill_leaving(&self, kib: u64) {
        let mut file = std::fs::File::create(self.filler()).unwrap();
        let block = vec![0xa5u8; 4096];
        let mut written = 0u64;
        while file.write_all(&block).is_ok() {
            written += block.len() as u64;
        }
        // What a failed write left half done is dropped with the rest.
        let _ = file.flush();
        file.set_len(written.saturating_sub(kib * 1024)).unwrap();
    }

    fn free(&self) {
        std::fs::remove_file(self.filler()).unwrap();
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

/// Writes `files` JSON Lines files of 100 articles each, with varied words, into `dir`.
fn write_corpus(dir: &Path, first: usize, files: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d ^ first as u64;
    let mut word = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let n = state % 5000;
        format!("w{n}")
    };
    for f in first..first + files {
        let mut text = String::new();
        for r in 0..100 {
            let body: Vec<String> = (0..120).map(|_| word()).collect();
            let record = serde_json::json!({
                "id": format!("f{f}r{r}"),
                "title": format!("Report {f} {r} kim"),
                "body": body.join(" "),
            });
            text.push_str(&record.to_string());
            text.push('\n');
        }
        std::fs::write(dir.join(format!("part{f:02}.jsonl")), text).unwrap();
    }
}

fn search(index: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("search").unwrap();
    cmd.env_remove("NEWSDEX_INDEX")
        .env("NO_COLOR", "1")
        .arg("--index")
        .arg(index);
    cmd
}

fn documents(index: &Path) -> u64 {
    let out = search(index).args(["stats", "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    stats["documents"].as_u64().unwrap()
}

/// Asserts what a run that met the full disk must say: the cause, then the path, inside
/// the index folder; not a message about killed writers or existing files.
fn says_the_disk_is_full(out: &Output, index: &Path) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: no space left on device at "),
        "{stderr}"
    );
    assert!(stderr.contains(&index.display().to_string()), "{stderr}");
    assert!(
        !stderr.contains("killed") && !stderr.contains("already exists"),
        "{stderr}"
    );
    assert_eq!(
        stderr.lines().count(),
        2,
        "one error line and a hint: {stderr}"
    );
}

/// Asserts that the index folder holds only the files its last commit needs, and its
/// bookkeeping: nothing a failed run left.
fn no_leftovers(index: &Path) {
    let opened = newsdex::NewsIndex::open(index).unwrap();
    let metas = opened.tantivy().load_metas().unwrap();
    let mut needed: BTreeSet<String> = metas
        .list_segment_files()
        .into_iter()
        .filter(|p| index.join(p).exists())
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    for file in [
        "meta.json",
        ".managed.json",
        ".tantivy-meta.lock",
        ".tantivy-writer.lock",
        newsdex::schema::MARKER_FILE,
    ] {
        needed.insert(file.to_string());
    }
    let present: BTreeSet<String> = std::fs::read_dir(index)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let extra: Vec<&String> = present.difference(&needed).collect();
    assert!(extra.is_empty(), "left behind: {extra:?}");
}

/// How many KiB each scenario leaves free: none, less than a page, a few pages, more.
const FREE_KIB: [u64; 8] = [0, 2, 4, 8, 12, 16, 32, 96];

#[test]
fn a_full_disk_during_a_sync_that_deletes_never_leaves_the_index_stuck() {
    let tmp = tempfile::tempdir().unwrap();
    for free in FREE_KIB {
        let Some(fs) = Tmpfs::mount(&tmp.path().join(format!("mnt{free}")), 4096) else {
            return;
        };
        let corpus = tmp.path().join(format!("corpus{free}"));
        write_corpus(&corpus, 0, 20);
        let index = fs.dir.join("idx");
        search(&index).arg("index").arg(&corpus).assert().success();
        assert_eq!(documents(&index), 2000);

        fs.fill_leaving(free);
        std::fs::remove_file(corpus.join("part05.jsonl")).unwrap();
        std::fs::remove_file(corpus.join("part07.jsonl")).unwrap();
        let out = search(&index).arg("index").output().unwrap();
        if !out.status.success() {
            says_the_disk_is_full(&out, &index);
            // The last commit still answers.
            assert_eq!(documents(&index), 2000, "free {free} KiB");
            let hits = search(&index)
                .args(["--json", "Report 5 7"])
                .output()
                .unwrap();
            assert_eq!(hits.status.code(), Some(0), "free {free} KiB");
        }
        fs.free();
        let again = search(&index).arg("index").output().unwrap();
        assert!(
            again.status.success(),
            "free {free} KiB, after freeing space: {}",
            String::from_utf8_lossy(&again.stderr)
        );
        assert_eq!(documents(&index), 1800, "free {free} KiB");
        search(&index).arg("check").assert().success();
        no_leftovers(&index);
    }
}

#[test]
fn a_full_disk_while_adding_leaves_no_orphans_and_the_next_run_or_rebuild_succeeds() {
    let tmp = tempfile::tempdir().unwrap();
    for (round, free) in FREE_KIB.into_iter().enumerate() {
        let Some(fs) = Tmpfs::mount(&tmp.path().join(format!("mnt{free}")), 3072) else {
            return;
        };
        let corpus = tmp.path().join(format!("corpus{free}"));
        write_corpus(&corpus, 0, 10);
        let index = fs.dir.join("idx");
        search(&index).arg("index").arg(&corpus).assert().success();

        fs.fill_leaving(free + 256);
        // More than fits: the run must fail part way through writing segments.
        write_corpus(&corpus, 10, 10);
        let out = search(&index).arg("index").output().unwrap();
        says_the_disk_is_full(&out, &index);
        assert_eq!(documents(&index), 1000);
        fs.free();
        // Half the rounds go on with a plain sync, half rebuild.
        let args: &[&str] = if round % 2 == 0 {
            &["index"]
        } else {
            &["index", "--rebuild"]
        };
        let again = search(&index).args(args).output().unwrap();
        assert!(
            again.status.success(),
            "free {free} KiB, {args:?} after freeing space: {}",
            String::from_utf8_lossy(&again.stderr)
        );
        assert_eq!(documents(&index), 2000);
        search(&index).arg("check").assert().success();
        no_leftovers(&index);
    }
}

#[test]
fn a_search_whose_sync_meets_a_full_disk_answers_from_the_last_commit_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(fs) = Tmpfs::mount(&tmp.path().join("mnt"), 3072) else {
        return;
    };
    let corpus = tmp.path().join("corpus");
    write_corpus(&corpus, 0, 10);
    let project = fs.dir.join("project");
    std::fs::create_dir_all(project.join(".newsdex")).unwrap();
    let bare = || {
        let mut cmd = assert_cmd::Command::cargo_bin("search").unwrap();
        cmd.current_dir(&project)
            .env_remove("NEWSDEX_INDEX")
            .env("NO_COLOR", "1");
        cmd
    };
    bare().arg("index").arg(&corpus).assert().success();
    fs.fill_leaving(0);
    write_corpus(&corpus, 10, 10);
    let out = bare().args(["--json", "kim"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("warning: "), "{stderr}");
    assert!(stderr.contains("no space left on device"), "{stderr}");
    assert!(stderr.contains("last commit"), "{stderr}");
    let hits = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.contains("\"type\":\"hit\""))
        .count();
    assert!(hits > 0);
    fs.free();
    let out = bare().args(["--json", "kim"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("syncing first"),
        "the next search syncs"
    );
}
