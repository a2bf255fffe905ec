//! Damage to an index is found and said, never answered over in silence: byte flips in
//! every kind of file of a real index, and edits of its commit file.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::Fixture;

/// An index of the sample data whose older segment has deletes, so that every kind of
/// index file is there.
fn damaged_fixture() -> Fixture {
    let f = Fixture::indexed();
    let mut sources: Vec<PathBuf> = std::fs::read_dir(f.data())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    sources.sort();
    // An updated article is deleted from its segment, which then has a delete file,
    // unless the segment held nothing else (tantivy drops it whole): update until one
    // has.
    for source in sources {
        let mut text = std::fs::read_to_string(&source).unwrap();
        text.push_str("\nAn update to the story.\n");
        std::fs::write(&source, text).unwrap();
        f.search().arg("index").assert().success();
        let has_deletes = std::fs::read_dir(f.index_dir())
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".del"));
        if has_deletes {
            return f;
        }
    }
    panic!("no update left a delete file");
}

/// What the index answers: hits of a few queries, an article, the statistics.
fn answers(f: &Fixture, index: &Path) -> (Vec<String>, Vec<Option<i32>>) {
    let mut outputs = Vec::new();
    let mut codes = Vec::new();
    let runs: [&[&str]; 6] = [
        &["--json", "Shoigu Pyongyang"],
        &["--json", "Kim"],
        &["--json", "\"Kim Jong Un\""],
        &["--json", "--sort", "date", "Russia"],
        &["show", "--json", "0091841c0f71868f"],
        &["stats", "--json"],
    ];
    for args in runs {
        let out = crate::bare_search(f.tmp.path())
            .arg("--index")
            .arg(index)
            .args(args)
            .output()
            .unwrap();
        no_crash(&out);
        codes.push(out.status.code());
        // The index folder is named in the statistics, and the summary of a search says
        // how long it took; copies differ only there.
        let stdout =
            String::from_utf8_lossy(&out.stdout).replace(&index.display().to_string(), "INDEX");
        let stdout: Vec<String> = stdout
            .lines()
            .map(|line| match serde_json::from_str::<Value>(line) {
                Ok(mut value) if value.get("elapsed_ms").is_some() => {
                    value["elapsed_ms"] = Value::Null;
                    value.to_string()
                }
                _ => line.to_string(),
            })
            .collect();
        outputs.push(stdout.join("\n"));
    }
    (outputs, codes)
}

/// A run that failed did so with one error line naming damage and a hint; none panicked.
fn no_crash(out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("internal error"),
        "{stderr}"
    );
    if out.status.code() == Some(2) {
        if stderr.starts_with('{') {
            // With --json, one JSON object.
            let error: Value = serde_json::from_str(stderr.trim())
                .unwrap_or_else(|e| panic!("not one JSON error ({e}): {stderr}"));
            assert_eq!(error["type"], "error", "{stderr}");
            assert!(error["hint"].is_string(), "{stderr}");
        } else {
            assert!(stderr.starts_with("error: "), "{stderr}");
            assert!(stderr.contains("hint: "), "{stderr}");
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// The kind of an index file, by its name: its extension, or its whole name.
fn kind(name: &str) -> String {
    match name.split_once('.') {
        Some((stem, ext)) if stem.len() == 32 => ext.rsplit('.').next().unwrap_or(ext).to_string(),
        _ => name.to_string(),
    }
}

/// `check`'s verdict on `index`: `Some(files named)` when it found damage.
fn check(f: &Fixture, index: &Path) -> Option<String> {
    let out = crate::bare_search(f.tmp.path())
        .arg("--index")
        .arg(index)
        .arg("check")
        .output()
        .unwrap();
    no_crash(&out);
    match out.status.code() {
        Some(0) => None,
        Some(2) => Some(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )),
        other => panic!("check exited {other:?}"),
    }
}

#[test]
fn check_finds_every_flipped_byte_that_changes_an_answer_in_every_kind_of_file() {
    let f = damaged_fixture();
    let pristine = f.index_dir();
    let truth = answers(&f, &pristine);
    assert!(truth.1.iter().all(|c| *c == Some(0)), "{truth:?}");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&pristine)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            !name.ends_with(".lock")
        })
        .collect();
    files.sort();
    let kinds: std::collections::BTreeSet<String> = files
        .iter()
        .map(|p| kind(&p.file_name().unwrap().to_string_lossy()))
        .collect();
    for expected in [
        "meta.json",
        ".managed.json",
        newsdex::schema::MARKER_FILE,
        "idx",
        "pos",
        "term",
        "store",
        "fast",
        "fieldnorm",
        "del",
    ] {
        assert!(kinds.contains(expected), "no {expected} file: {kinds:?}");
    }

    let mut flips = 0;
    let mut found = 0;
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let len = std::fs::metadata(file).unwrap().len() as usize;
        // The first and last bytes, and a dozen between.
        let mut positions: Vec<usize> = (0..12).map(|i| i * len / 12).collect();
        positions.push(len.saturating_sub(1));
        positions.sort();
        positions.dedup();
        for pos in positions {
            let copy = f.tmp.path().join(format!("flip-{flips}"));
            copy_dir(&pristine, &copy);
            let mut bytes = std::fs::read(copy.join(&name)).unwrap();
            bytes[pos] ^= 0x20;
            std::fs::write(copy.join(&name), bytes).unwrap();
            flips += 1;
            let verdict = check(&f, &copy);
            let now = answers(&f, &copy);
            match verdict {
                Some(report) => {
                    found += 1;
                    assert!(
                        report.contains(&name),
                        "{name} byte {pos}: check did not name the file: {report}"
                    );
                    // Searches may answer (from files the damage does not reach) or fail
                    // with one error line and a hint, checked by `answers`.
                }
                None => assert!(
                    now == truth,
                    "{name} byte {pos}: check found nothing, yet the answers changed: {}",
                    first_difference(&now, &truth)
                ),
            }
            std::fs::remove_dir_all(&copy).unwrap();
        }
    }
    assert!(found > flips / 2, "{found} of {flips} flips found");
}

/// Where two sets of answers first differ, briefly.
fn first_difference(
    now: &(Vec<String>, Vec<Option<i32>>),
    truth: &(Vec<String>, Vec<Option<i32>>),
) -> String {
    for (i, (a, b)) in now.0.iter().zip(&truth.0).enumerate() {
        if a != b || now.1[i] != truth.1[i] {
            let at = a
                .char_indices()
                .zip(b.chars())
                .find(|((_, x), y)| x != y)
                .map_or(0, |((i, _), _)| i);
            let cut = |s: &str| {
                s.chars()
                    .skip(at.saturating_sub(60))
                    .take(160)
                    .collect::<String>()
            };
            return format!(
                "run {i}, exit {:?} (was {:?}): …{}… (was …{}…)",
                now.1[i],
                truth.1[i],
                cut(a),
                cut(b)
            );
        }
    }
    String::new()
}

/// Edits a commit file: `edit` gets its JSON.
fn edit_meta(dir: &Path, edit: impl FnOnce(&mut Value)) {
    let path = dir.join("meta.json");
    let mut meta: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut meta);
    std::fs::write(&path, meta.to_string()).unwrap();
}

fn first_segment_with_deletes(meta: &mut Value) -> &mut Value {
    meta["segments"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|s| !s["deletes"].is_null())
        .unwrap()
}

#[test]
fn edits_of_the_commit_file_are_damage_for_check_and_for_every_search() {
    let f = damaged_fixture();
    let pristine = f.index_dir();
    type Edit = Box<dyn Fn(&Path)>;
    let edits: Vec<(&str, Edit)> = vec![
        (
            "deletes renamed",
            Box::new(|d: &Path| {
                edit_meta(d, |m| {
                    let segment = first_segment_with_deletes(m).as_object_mut().unwrap();
                    let deletes = segment.remove("deletes").unwrap();
                    segment.insert("deletez".into(), deletes);
                })
            }),
        ),
        (
            "deletes dropped",
            Box::new(|d: &Path| {
                edit_meta(d, |m| {
                    first_segment_with_deletes(m)["deletes"] = Value::Null
                })
            }),
        ),
        (
            "fewer deletes",
            Box::new(|d: &Path| {
                edit_meta(d, |m| {
                    first_segment_with_deletes(m)["deletes"]["num_deleted_docs"] = 0.into()
                })
            }),
        ),
        (
            "max_doc raised",
            Box::new(|d: &Path| {
                edit_meta(d, |m| {
                    let segment = &mut m["segments"][0];
                    let max = segment["max_doc"].as_u64().unwrap();
                    segment["max_doc"] = (max + 1000).into();
                })
            }),
        ),
        (
            "max_doc lowered",
            Box::new(|d: &Path| edit_meta(d, |m| m["segments"][0]["max_doc"] = 1.into())),
        ),
        (
            "segment listed twice",
            Box::new(|d: &Path| {
                edit_meta(d, |m| {
                    let first = m["segments"][0].clone();
                    m["segments"].as_array_mut().unwrap().push(first);
                })
            }),
        ),
        (
            "roots edited",
            Box::new(|d: &Path| {
                edit_meta(d, |m| {
                    let payload = m["payload"].as_str().unwrap().replace("data", "dbta");
                    m["payload"] = payload.into();
                })
            }),
        ),
        (
            "commit opstamp lowered",
            Box::new(|d: &Path| edit_meta(d, |m| m["opstamp"] = 0.into())),
        ),
        (
            "commit file deleted",
            Box::new(|d: &Path| std::fs::remove_file(d.join("meta.json")).unwrap()),
        ),
        (
            "commit file emptied",
            Box::new(|d: &Path| std::fs::write(d.join("meta.json"), "").unwrap()),
        ),
        (
            "file list garbled",
            Box::new(|d: &Path| std::fs::write(d.join(".managed.json"), "[\"a").unwrap()),
        ),
    ];
    for (i, (what, edit)) in edits.iter().enumerate() {
        let copy = f.tmp.path().join(format!("edit-{i}"));
        copy_dir(&pristine, &copy);
        edit(&copy);
        let report = check(&f, &copy).unwrap_or_else(|| panic!("{what}: check found nothing"));
        assert!(report.contains("damaged: "), "{what}: {report}");
        for args in [
            &["Kim"][..],
            &["stats"],
            &["show", "0091841c0f71868f"],
            &["index"],
        ] {
            let out = crate::bare_search(f.tmp.path())
                .arg("--index")
                .arg(&copy)
                .args(args)
                .output()
                .unwrap();
            no_crash(&out);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{what}, {args:?}: {stderr}");
            assert!(
                stderr.contains("is damaged: "),
                "{what}, {args:?}: {stderr}"
            );
            // The hint names the index checked, given with --index.
            assert!(
                stderr.contains(&format!(
                    "search --index {} index --rebuild",
                    copy.display()
                )),
                "{what}, {args:?}: {stderr}"
            );
        }
        // A missing commit file is damage, not a new empty index.
        assert!(!copy.join("meta.json").exists() || *what != "commit file deleted");
        // And the rebuild the hint names works.
        crate::bare_search(f.tmp.path())
            .arg("--index")
            .arg(&copy)
            .args(["index", "--rebuild"])
            .arg(f.data())
            .assert()
            .success();
        let stats = crate::bare_search(f.tmp.path())
            .arg("--index")
            .arg(&copy)
            .args(["stats", "--json"])
            .output()
            .unwrap();
        let stats: Value = serde_json::from_slice(&stats.stdout).unwrap();
        assert_eq!(stats["documents"], 5, "{what}");
    }
}
