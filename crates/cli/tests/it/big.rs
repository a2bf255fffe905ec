//! Large JSON Lines exports and size limits through the binary.

use std::fs;

use crate::Fixture;

#[test]
fn a_json_lines_export_over_the_file_limit_indexes_and_sizes_read_like_sizes() {
    let f = Fixture::new();
    let export = f.tmp.path().join("export.jsonl");
    let text: String = (0..5_000)
        .map(|i| format!("{{\"id\": \"okapi-{i}\", \"title\": \"Okapi {i}\", \"body\": \"An okapi, number {i}.\"}}\n"))
        .collect();
    fs::write(&export, &text).unwrap();
    assert!(text.len() > 200 << 10);
    let out = f
        .search()
        .args(["index", "--max-file-size", "100K"])
        .arg(&export)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("5000 articles written"), "{stdout}");
    assert_eq!(f.json_hits(&["okapi", "-n", "1"]).len(), 1);

    for good in ["100M", "2GiB", "1.5G", "1048576"] {
        let out = f
            .search()
            .args(["index", "--max-file-size", good, "--max-record-size", good])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{good}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = f
        .search()
        .args(["index", "--max-file-size", "ten"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("expected a size such as 100M"), "{stderr}");
}

#[test]
fn a_file_skipped_as_too_large_is_read_again_under_a_larger_limit() {
    let f = Fixture::new();
    let long = f.data().join("long.txt");
    fs::write(
        &long,
        "A long story\n\n".to_string() + &"okapi ".repeat(10_000),
    )
    .unwrap();
    let out = f
        .search()
        .args(["index", "--max-file-size", "20K"])
        .arg(f.data())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.contains("1 skipped (1 too large)"), "{stdout}");
    assert!(stderr.contains("long.txt: skipped: "), "{stderr}");
    assert!(
        stderr.contains("hint: a file over the size limit is read with a larger one"),
        "{stderr}"
    );

    let out = f
        .search()
        .args(["index", "--max-file-size", "1M"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("1 added"), "{stdout}");
    assert!(!stdout.contains("skipped"), "{stdout}");
    assert_eq!(f.json_hits(&["okapi"]).len(), 1);
}

#[test]
fn the_writer_s_memory_is_a_size_it_can_use() {
    let f = Fixture::new();
    let export = f.tmp.path().join("export.jsonl");
    let text: String = (0..3_000)
        .map(|i| format!("{{\"id\": \"okapi-{i}\", \"body\": \"An okapi, number {i}.\"}}\n"))
        .collect();
    fs::write(&export, &text).unwrap();
    let out = f
        .search()
        .args(["index", "--memory", "15M"])
        .arg(&export)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("3000 articles written"));
    assert_eq!(f.json_hits(&["okapi", "-n", "1"]).len(), 1);

    for (bad, says) in [("10M", "15M"), ("5G", "4000M"), ("lots", "expected a size")] {
        let out = f
            .search()
            .args(["index", "--memory", bad])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains("--memory") && stderr.contains(says),
            "{bad}: {stderr}"
        );
    }
}
