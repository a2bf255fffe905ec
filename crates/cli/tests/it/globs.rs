//! Choosing the files to index: `--include`/`--exclude` globs, remembered with the
//! folders, and the ignore files met in them.

use std::path::Path;

use serde_json::Value;

use crate::{bare_search, checkout, Fixture};

/// A folder `news` of four articles and a PDF, in the fixture.
fn news(f: &Fixture) -> std::path::PathBuf {
    let news = f.tmp.path().join("news");
    for name in ["a.txt", "b.md", "drafts/c.txt", "2023/d.txt"] {
        let path = news.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            path,
            "Okapi sighted\n\nA rare okapi was sighted near Kinshasa.\n",
        )
        .unwrap();
    }
    std::fs::write(news.join("scan.pdf"), "%PDF-1.4").unwrap();
    news
}

/// The files under `news` that the index holds, sorted (their articles are copies of one
/// story: listed, not folded).
fn indexed(f: &Fixture) -> Vec<String> {
    let mut files: Vec<String> = f
        .json_hits(&["--duplicates", "--limit", "100", "*"])
        .iter()
        .map(|h| {
            let path = Path::new(h["path"].as_str().unwrap());
            let news = f.tmp.path().canonicalize().unwrap().join("news");
            path.strip_prefix(&news)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    files
}

/// The summary of `search index ARGS… --json`.
fn index(f: &Fixture, args: &[&str]) -> Value {
    let out = f
        .search()
        .arg("index")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn include_and_exclude_globs_are_remembered_until_a_run_gives_others() {
    let f = Fixture::new();
    let news = news(&f);
    let news = news.to_str().unwrap();
    let first = index(&f, &[news, "--include", "*.txt", "--exclude", "drafts/"]);
    assert_eq!(first["added"], 2, "{first}");
    assert_eq!(
        first["skipped"],
        Value::Array(vec![]),
        "the PDF is not asked for: {first}"
    );
    assert_eq!(indexed(&f), ["2023/d.txt", "a.txt"]);

    // A plain run keeps the globs: nothing comes back in.
    let again = index(&f, &[]);
    assert_eq!(
        (again["added"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(2)),
        "{again}"
    );
    assert_eq!(indexed(&f), ["2023/d.txt", "a.txt"]);

    // Other globs re-sync: what they leave out goes, what they let in comes.
    let other = index(&f, &["--exclude", "/2023/"]);
    assert_eq!(
        (other["added"].as_u64(), other["removed"].as_u64()),
        (Some(2), Some(1)),
        "{other}"
    );
    assert_eq!(indexed(&f), ["a.txt", "b.md", "drafts/c.txt"]);

    let all = index(&f, &["--no-globs"]);
    assert_eq!(all["added"], 1, "{all}");
    assert_eq!(indexed(&f), ["2023/d.txt", "a.txt", "b.md", "drafts/c.txt"]);
}

#[test]
fn ignore_files_leave_files_out() {
    let f = Fixture::new();
    let news = news(&f);
    std::fs::write(
        news.join(".newsdexignore"),
        "# drafts and old copies\nb.md\n",
    )
    .unwrap();
    std::fs::write(news.join("2023/.ignore"), "*\n").unwrap();
    // Outside a git repository, as for ripgrep, a .gitignore is not read…
    std::fs::write(news.join(".gitignore"), "drafts/\n").unwrap();
    index(&f, &[news.to_str().unwrap()]);
    assert_eq!(indexed(&f), ["a.txt", "drafts/c.txt"]);

    // …and inside one it is.
    std::fs::create_dir(news.join(".git")).unwrap();
    let report = index(&f, &[]);
    assert_eq!(report["removed"], 1, "{report}");
    assert_eq!(indexed(&f), ["a.txt"]);

    // An include is stronger than an ignore file for the files it names, not for a
    // folder an ignore file leaves out, as ripgrep's --glob.
    index(&f, &["--include", "b.md", "--include", "*.txt"]);
    assert_eq!(indexed(&f), ["2023/d.txt", "a.txt", "b.md"]);
}

#[test]
fn a_search_keeps_applying_the_remembered_globs() {
    let f = checkout();
    let news = news(&f);
    bare_search(f.tmp.path())
        .arg("index")
        .arg(&news)
        .args(["--exclude", "drafts/"])
        .assert()
        .success();
    // The folders are unchanged for globs that leave drafts out: no sync, no draft.
    let out = bare_search(f.tmp.path())
        .args(["--json", "--duplicates", "--limit", "100", "okapi"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("sync"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.matches("\"type\":\"hit\"").count(), 3, "{stdout}");
    assert!(!stdout.contains("drafts/c.txt"), "{stdout}");

    // A new file the globs let in is synced; one they leave out starts no sync.
    std::fs::write(news.join("drafts/e.txt"), "Okapi again\n\nAnother okapi.\n").unwrap();
    let out = bare_search(f.tmp.path()).args(["okapi"]).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("sync"), "{stderr}");
    std::fs::write(news.join("e.txt"), "Okapi again\n\nAnother okapi.\n").unwrap();
    let out = bare_search(f.tmp.path())
        .args(["--json", "--duplicates", "--limit", "100", "okapi"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("sync"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.matches("\"type\":\"hit\"").count(), 4, "{stdout}");
    assert!(!stdout.contains("drafts/"), "{stdout}");
}

#[test]
fn a_bad_glob_is_one_line_and_changes_nothing() {
    let f = Fixture::new();
    let news = news(&f);
    let out = f
        .search()
        .arg("index")
        .arg(&news)
        .args(["--include", "{a,b"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: bad glob `{a,b`: unclosed alternate group"),
        "{stderr}"
    );
    assert!(!f.index_dir().exists(), "no index made");
}
