//! One file is one set of articles however its path is spelled, and one id is one
//! article: records that share an id are said, and the first file in order keeps it.

use std::path::Path;

use crate::Fixture;

/// `search --index IDX ARGS…` run in `dir`.
fn search_in(f: &Fixture, dir: &Path) -> assert_cmd::Command {
    let mut cmd = f.search();
    cmd.current_dir(dir);
    cmd
}

/// The ids and files of every hit of `query`, in rank order.
fn hits(f: &Fixture, query: &str) -> Vec<(String, String)> {
    f.json_hits(&["--limit", "100", query])
        .into_iter()
        .map(|h| {
            (
                h["id"].as_str().unwrap().to_string(),
                h["path"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_folder_indexed_under_other_spellings_is_one_set_of_articles() {
    let f = Fixture::new();
    let p = f.tmp.path().join("p");
    std::fs::create_dir(&p).unwrap();
    std::fs::rename(f.data(), p.join("news")).unwrap();
    std::os::unix::fs::symlink(p.join("news"), f.tmp.path().join("link")).unwrap();
    let elsewhere = f.tmp.path().join("q");
    std::fs::create_dir(&elsewhere).unwrap();
    search_in(&f, &p).args(["index", "news"]).assert().success();
    for (dir, spelling) in [
        (&elsewhere, "../p/news"),
        (&p, "./news/"),
        (&p, "news/../news"),
        (&elsewhere, "../link"),
        (&p, "news/000_958ec56328790899.txt"),
    ] {
        search_in(&f, dir)
            .args(["index", spelling])
            .assert()
            .success();
        let ids = hits(&f, "Pyongyang");
        assert_eq!(ids.len(), 5, "after {spelling}: {ids:?}");
    }
}

#[test]
fn records_with_one_id_in_one_file_or_two_are_one_article_and_each_is_named() {
    let f = Fixture::new();
    let news = f.tmp.path().join("feeds");
    std::fs::create_dir(&news).unwrap();
    let one = news.join("one.jsonl");
    let two = news.join("two.jsonl");
    std::fs::write(
        &one,
        "{\"id\":\"a1\",\"title\":\"First Kim\",\"body\":\"kim alpha\"}\n{\"id\":\"a1\",\"title\":\"Second Kim\",\"body\":\"kim beta\"}\n",
    )
    .unwrap();
    std::fs::write(
        &two,
        "{\"id\":\"a1\",\"title\":\"Third Kim\",\"body\":\"kim gamma\"}\n{\"id\":\"b2\",\"title\":\"Other\",\"body\":\"kim delta\"}\n",
    )
    .unwrap();
    let out = f.search().arg("index").arg(&news).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| l.contains("\"a1\"")).collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("warning: {}:2: ", one.display()))),
        "{stderr}"
    );
    // The warning for the second file names both.
    assert!(
        lines.iter().any(
            |l| l.starts_with(&format!("warning: {}:1: ", two.display()))
                && l.contains(&one.display().to_string())
        ),
        "{stderr}"
    );
    // Each names the line of the record left out and of the one kept.
    assert!(
        lines.contains(&format!(
            "warning: {}:2: left out: a record with the id \"a1\", which an earlier record of this file (line 1) has (the first one is kept)",
            one.display()
        ).as_str()),
        "{stderr}"
    );
    assert!(
        lines.contains(&format!(
            "warning: {}:1: left out: a record with the id \"a1\", which the article from {} (line 1) has (the file first in order is kept)",
            two.display(),
            one.display()
        ).as_str()),
        "{stderr}"
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("2 records left out (2 duplicate id)"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let one_path = one.display().to_string();
    let two_path = two.display().to_string();
    let mut found = hits(&f, "kim");
    found.sort();
    assert_eq!(
        found,
        [
            ("a1".to_string(), one_path.clone()),
            ("b2".to_string(), two_path.clone())
        ]
    );
    let shown = f.search().args(["show", "a1"]).output().unwrap();
    assert!(String::from_utf8_lossy(&shown.stdout).starts_with("First Kim"));

    // The same after a run with nothing to do, and after a rebuild; `--strict` fails.
    for args in [&["index"][..], &["index", "--rebuild"]] {
        f.search().args(args).assert().success();
        let mut again = hits(&f, "kim");
        again.sort();
        assert_eq!(again, found, "{args:?}");
    }
    f.search().args(["index", "--strict"]).assert().code(2);

    // Without the first file, the second one's record has the id.
    std::fs::remove_file(&one).unwrap();
    f.search().arg("index").assert().success();
    let mut after = hits(&f, "kim");
    after.sort();
    assert_eq!(
        after,
        [
            ("a1".to_string(), two_path.clone()),
            ("b2".to_string(), two_path)
        ]
    );
}

#[test]
fn articles_of_files_with_one_name_in_folders_with_one_name_have_their_own_ids() {
    let f = Fixture::new();
    let x = f.tmp.path().join("x/news");
    let y = f.tmp.path().join("y/news");
    for (dir, title) in [(&x, "Kim one"), (&y, "Kim two")] {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("a.txt"), format!("{title}\n\n{title} met Shoigu.")).unwrap();
        std::fs::write(
            dir.join("feed.jsonl"),
            format!("{{\"title\":\"{title} feed\",\"body\":\"kim\"}}\n"),
        )
        .unwrap();
    }
    let out = f.search().arg("index").arg(&x).arg(&y).output().unwrap();
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = hits(&f, "kim");
    assert_eq!(found.len(), 4, "{found:?}");
    let ids: std::collections::HashSet<&String> = found.iter().map(|(id, _)| id).collect();
    assert_eq!(ids.len(), 4, "{found:?}");
    for (id, path) in found {
        let shown = f.search().args(["show", "--json", &id]).output().unwrap();
        assert!(String::from_utf8_lossy(&shown.stdout).contains(&path));
    }
}
