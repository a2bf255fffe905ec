//! `search watch` follows what happens to its folders, and does nothing while nothing
//! happens.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

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

/// The paths of the articles that match `query`.
fn paths(index: &Path, query: &str) -> Vec<String> {
    let out = search(index).args(["--json", query]).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["type"] == "hit")
        .map(|v| v["path"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn write_articles(dir: &Path, names: &[&str]) {
    std::fs::create_dir_all(dir).unwrap();
    for name in names {
        std::fs::write(
            dir.join(format!("{name}.txt")),
            format!("Report {name}\n\nThe okapi {name} was seen."),
        )
        .unwrap();
    }
}

/// A running `search watch`, stopped with SIGINT when dropped.
struct Watcher {
    child: Child,
}

impl Watcher {
    fn start(index: &Path, root: &Path) -> Watcher {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("search"))
            .env_remove("NEWSDEX_INDEX")
            .arg("--index")
            .arg(index)
            .args(["watch", "--debounce", "200"])
            .arg(root)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        while !line.starts_with("Watching") {
            line.clear();
            assert!(
                stderr.read_line(&mut line).unwrap() > 0,
                "watch ended early"
            );
        }
        // Drain the rest so the watcher never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
        Watcher { child }
    }

    /// Sends Ctrl-C and waits for the watcher to end; asserts that it ended well.
    fn stop(mut self) {
        interrupt(&self.child);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status:?}");
    }

    /// CPU time the watcher has used so far, in clock ticks (Linux).
    fn cpu_ticks(&self) -> Option<u64> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        // Fields after the command name, which is in parentheses: utime and stime are
        // the 12th and 13th of them.
        let rest = stat.rsplit_once(')')?.1;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn interrupt(child: &Child) {
    let status = Command::new("kill")
        .arg("-INT")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits until `done` holds, up to a minute; fails naming `what`.
fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if done() {
            return;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("{what}: not seen within a minute");
}

#[test]
fn watch_follows_a_folder_deleted_re_created_renamed_and_moved_in() {
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("idx");
    let news = tmp.path().join("news");
    write_articles(&news, &["a", "b"]);
    let watcher = Watcher::start(&index, &news);
    assert_eq!(documents(&index), 2);

    std::fs::remove_dir_all(&news).unwrap();
    eventually("the deleted folder's articles removed", || {
        documents(&index) == 0
    });
    write_articles(&news, &["c", "d", "e"]);
    eventually("the re-created folder indexed", || documents(&index) == 3);

    let aside = tmp.path().join("aside");
    std::fs::rename(&news, &aside).unwrap();
    eventually("the folder renamed away removed", || documents(&index) == 0);
    std::fs::rename(&aside, &news).unwrap();
    eventually("the folder moved back in indexed", || {
        documents(&index) == 3
    });

    // Inside the folder: a folder moved in from outside, then renamed.
    let outside = tmp.path().join("outside/batch");
    write_articles(&outside, &["f", "g"]);
    std::fs::create_dir(news.join("sub")).unwrap();
    std::fs::rename(&outside, news.join("sub/batch")).unwrap();
    eventually("the folder moved in indexed", || documents(&index) == 5);
    std::fs::rename(news.join("sub"), news.join("renamed")).unwrap();
    eventually("the renamed folder's articles under their new path", || {
        let found = paths(&index, "okapi f");
        documents(&index) == 5 && found.iter().any(|p| p.contains("/renamed/batch/f.txt"))
    });
    // A file written into a new folder right after it was made is seen too.
    std::fs::create_dir(news.join("late")).unwrap();
    write_articles(&news.join("late"), &["h"]);
    eventually("a file in a new folder indexed", || documents(&index) == 6);

    // Deleted and re-created just before Ctrl-C: the last sync reflects it.
    std::fs::remove_dir_all(&news).unwrap();
    write_articles(&news, &["z"]);
    watcher.stop();
    assert_eq!(documents(&index), 1);
    assert_eq!(paths(&index, "okapi z").len(), 1);
}

#[test]
fn watch_follows_a_folder_that_is_not_there_when_it_starts() {
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("idx");
    let news = tmp.path().join("later/news");
    write_articles(&news, &["a"]);
    search(&index).arg("index").arg(&news).assert().success();
    std::fs::remove_dir_all(tmp.path().join("later")).unwrap();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("search"))
        .env_remove("NEWSDEX_INDEX")
        .arg("--index")
        .arg(&index)
        .args(["watch", "--debounce", "200"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    eventually("the missing folder's articles removed", || {
        documents(&index) == 0
    });
    write_articles(&news, &["b", "c"]);
    eventually("the folder made after watching began indexed", || {
        documents(&index) == 2
    });
    interrupt(&child);
    assert!(child.wait().unwrap().success());
}

#[test]
fn an_idle_watcher_uses_no_cpu_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("idx");
    let news = tmp.path().join("news");
    let names: Vec<String> = (0..400).map(|i| format!("n{i:03}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    write_articles(&news.join("one"), &names[..200]);
    write_articles(&news.join("two/deeper"), &names[200..]);
    let watcher = Watcher::start(&index, &news);
    // A change, and its sync, first: the watcher must come back to rest after one.
    write_articles(&news.join("one"), &["extra"]);
    eventually("the change synced", || documents(&index) == 401);
    std::thread::sleep(Duration::from_secs(1));

    let meta = std::fs::read(index.join("meta.json")).unwrap();
    let modified = std::fs::metadata(index.join("meta.json"))
        .unwrap()
        .modified()
        .unwrap();
    let listing = |dir: &Path| {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let files = listing(&index);
    let cpu_before = watcher.cpu_ticks();
    std::thread::sleep(Duration::from_secs(5));
    let cpu_after = watcher.cpu_ticks();

    assert_eq!(
        std::fs::read(index.join("meta.json")).unwrap(),
        meta,
        "an idle watcher committed"
    );
    assert_eq!(
        std::fs::metadata(index.join("meta.json"))
            .unwrap()
            .modified()
            .unwrap(),
        modified,
        "an idle watcher rewrote the commit"
    );
    assert_eq!(listing(&index), files, "an idle watcher wrote files");
    if let (Some(before), Some(after)) = (cpu_before, cpu_after) {
        // Clock ticks are 10 ms on Linux; waking ten times a second to look at the stop
        // flag costs far less than one over five seconds, a sync of 400 files a second
        // costs hundreds.
        assert!(
            after - before <= 10,
            "an idle watcher used {} ticks of CPU in 5 s",
            after - before
        );
    }
    watcher.stop();
}

#[test]
fn watch_summaries_name_the_files_that_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("idx");
    let news = tmp.path().join("news");
    write_articles(&news, &["a", "b"]);
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("search"))
        .env_remove("NEWSDEX_INDEX")
        .env("NO_COLOR", "1")
        .arg("--index")
        .arg(&index)
        .args(["watch", "--debounce", "200"])
        .arg(&news)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let lines = std::thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<_>>()
    });
    eventually("the first sync", || {
        index.join("meta.json").exists() && documents(&index) == 2
    });
    write_articles(&news, &["c"]);
    std::fs::remove_file(news.join("a.txt")).unwrap();
    eventually("the change indexed", || {
        let found = paths(&index, "okapi");
        found.iter().any(|p| p.ends_with("c.txt")) && !found.iter().any(|p| p.ends_with("a.txt"))
    });
    interrupt(&child);
    assert!(child.wait().unwrap().success());
    let lines = lines.join().unwrap();
    let added = format!("  added: {} (1 article)", news.join("c.txt").display());
    let removed = format!("  removed: {}", news.join("a.txt").display());
    assert!(lines.contains(&added), "{lines:#?}");
    assert!(lines.contains(&removed), "{lines:#?}");
    // Unchanged files are counted, not named; the first sync lists nothing.
    assert!(!lines.iter().any(|l| l.contains("b.txt")), "{lines:#?}");
}
