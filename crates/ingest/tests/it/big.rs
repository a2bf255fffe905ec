//! JSON Lines files of any size: read record by record, with a limit on each record and
//! none on the file; progress within the file.

use std::fs;

use newsdex_ingest::{
    read_file, read_file_in_batches, Format, ProblemKind, ReadOptions, SourceFile,
};

fn records(n: usize) -> String {
    (0..n)
        .map(|i| format!("{{\"id\": \"r{i}\", \"title\": \"T{i}\", \"body\": \"Body {i}.\"}}\n"))
        .collect()
}

#[test]
fn a_json_lines_file_over_the_file_size_limit_is_read_record_by_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.jsonl");
    fs::write(&path, records(30_000)).unwrap();
    let size = fs::metadata(&path).unwrap().len();
    let options = ReadOptions::new().max_file_size(4096);
    assert!(size > 100 * 4096);
    let file = SourceFile::new(&path, Format::JsonLines);

    let read = read_file(&file, &options);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_eq!(read.articles.len(), 30_000);

    let mut seen = Vec::new();
    let (read, stamp) = read_file_in_batches(&file, &options, &mut |batch| {
        seen.push((batch.articles.len(), batch.bytes_read, batch.lines_read));
    });
    assert!(read.problems.is_empty());
    assert_eq!(stamp.unwrap().size, size);
    assert!(seen.len() >= 4, "{seen:?}");
    // Progress within the file only moves forward, and ends at its size.
    for pair in seen.windows(2) {
        assert!(pair[0].1 < pair[1].1 && pair[0].2 < pair[1].2, "{seen:?}");
    }
    let last = seen.last().unwrap();
    assert_eq!((last.1, last.2), (size, 30_000));
    assert_eq!(seen.iter().map(|s| s.0).sum::<usize>(), 30_000);

    // Other formats keep the whole-file limit.
    let text = dir.path().join("big.txt");
    fs::write(&text, "Title\n\n".to_string() + &"word ".repeat(2000)).unwrap();
    let read = read_file(&SourceFile::new(&text, Format::Text), &options);
    assert_eq!(read.skip_reason().unwrap().kind, ProblemKind::TooLarge);
}

#[test]
fn a_record_over_the_record_limit_is_left_out_and_named_without_being_held() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.jsonl");
    // A 3 MiB line, the longest a reader of 1 MiB chunks meets across several reads, and
    // one without a newline at the end of the file.
    let huge = format!("{{\"body\": \"{}\"}}\n", "x".repeat(3 << 20));
    let text =
        records(2) + &huge + &records(1) + &format!("{{\"body\": \"{}\"}}", "y".repeat(2 << 20));
    fs::write(&path, &text).unwrap();
    let options = ReadOptions::new().max_record_size(1 << 20);
    let file = SourceFile::new(&path, Format::JsonLines);
    let mut streamed = Vec::new();
    let (read, _) = read_file_in_batches(&file, &options, &mut |b| streamed.extend(b.articles));
    let ids: Vec<&str> = streamed.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["r0", "r1", "r0"]);
    let shown: Vec<(Option<usize>, ProblemKind)> =
        read.problems.iter().map(|p| (p.line, p.kind)).collect();
    assert_eq!(
        shown,
        [
            (Some(3), ProblemKind::RecordTooLarge),
            (Some(5), ProblemKind::RecordTooLarge)
        ]
    );
    assert!(
        read.problems[0].to_string().ends_with(&format!(
            "feed.jsonl:3: left out: the record is {} bytes, over the 1048576 byte limit for one record",
            huge.len()
        )),
        "{}",
        read.problems[0]
    );
    // From memory, the same.
    let memory =
        newsdex_ingest::read_bytes(text.as_bytes(), Format::JsonLines, "feed.jsonl", &options);
    let lines: Vec<Option<usize>> = memory.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [Some(3), Some(5)]);
    assert_eq!(memory.articles.len(), 3);
}

#[test]
fn invalid_utf8_and_binary_in_a_big_json_lines_file() {
    let dir = tempfile::tempdir().unwrap();
    let options = ReadOptions::new().max_file_size(1024);
    // Invalid UTF-8 far into the file: decoded lossily, line by line, one warning.
    let lossy = dir.path().join("lossy.jsonl");
    let mut bytes = records(20_000).into_bytes();
    bytes.extend_from_slice(b"{\"title\": \"Caf\xe9\", \"body\": \"Lossy.\"}\n");
    bytes.extend_from_slice(records(10).as_bytes());
    fs::write(&lossy, &bytes).unwrap();
    let read = read_file(&SourceFile::new(&lossy, Format::JsonLines), &options);
    assert_eq!(read.articles.len(), 20_011);
    assert_eq!(read.articles[20_000].title.as_deref(), Some("Caf\u{fffd}"));
    assert_eq!(read.problems.len(), 1, "{:?}", read.problems);
    assert_eq!(read.problems[0].kind, ProblemKind::BadEncoding);
    let at = bytes.iter().position(|&b| b == 0xe9).unwrap();
    assert!(
        read.problems[0]
            .message
            .contains(&format!("invalid UTF-8 at byte {at}")),
        "{}",
        read.problems[0]
    );

    // A NUL byte far into the file: not text, skipped, no article handed over.
    let binary = dir.path().join("binary.jsonl");
    let mut bytes = records(50_000).into_bytes();
    bytes.extend_from_slice(b"\0\0\0");
    fs::write(&binary, &bytes).unwrap();
    let (read, _) = read_file_in_batches(
        &SourceFile::new(&binary, Format::JsonLines),
        &options,
        &mut |batch| assert!(batch.articles.is_empty(), "a binary file gives nothing"),
    );
    let skip = read.skip_reason().unwrap();
    assert_eq!(skip.kind, ProblemKind::Binary);
    assert!(skip.message.contains("NUL"), "{skip}");
}
