//! Bad input loses nothing: every case with real files in a temp folder.

use std::fs;
use std::path::Path;

use newsdex_ingest::{read_file, walk, Format, ProblemKind, ReadOptions, SourceFile};

fn read(dir: &Path, name: &str, bytes: &[u8]) -> newsdex_ingest::FileRead {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    let format = Format::from_path(&path).unwrap();
    read_file(&SourceFile::new(path, format), &ReadOptions::default())
}

#[test]
fn binary_files_are_skipped_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, reason) in [
        ("a.txt", &b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj"[..], "PDF"),
        ("b.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG"),
        ("c.json", b"PK\x03\x04\x14\0\0\0", "ZIP"),
        ("d.jsonl", b"\x1f\x8b\x08\0\0\0\0\0", "gzip"),
        ("e.html", b"<p>text</p>\0\0\0", "NUL"),
    ] {
        let r = read(dir.path(), name, bytes);
        assert!(r.articles.is_empty());
        let skip = r.skip_reason().unwrap();
        assert_eq!(skip.kind, ProblemKind::Binary);
        assert!(skip.message.contains(reason), "{skip}");
        assert!(skip
            .to_string()
            .starts_with(&dir.path().join(name).display().to_string()));
    }
}

#[test]
fn invalid_utf8_is_decoded_lossily_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let r = read(
        dir.path(),
        "latin1.txt",
        b"Caf\xe9 talks in Pyongyang\n\nKim and Shoigu met at a caf\xe9 on Wednesday, KCNA said.\n",
    );
    assert_eq!(r.articles.len(), 1);
    assert_eq!(
        r.articles[0].title.as_deref(),
        Some("Caf\u{fffd} talks in Pyongyang")
    );
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].kind, ProblemKind::BadEncoding);
    assert!(!r.problems[0].kind.skips_file());
    assert!(r.problems[0]
        .to_string()
        .ends_with("latin1.txt: invalid UTF-8 at byte 3, decoded lossily"));
}

#[test]
fn utf16_with_a_bom_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}Kim meets Shoigu\n\nThey met on Wednesday in the capital, KCNA said.\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for (name, bytes) in [("le.txt", le), ("be.txt", be)] {
        let r = read(dir.path(), name, &bytes);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.articles[0].title.as_deref(), Some("Kim meets Shoigu"));
        assert_eq!(
            r.articles[0].body,
            "They met on Wednesday in the capital, KCNA said."
        );
    }
}

#[test]
fn empty_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("a.txt", &b""[..]),
        ("b.md", b"  \n\n\t"),
        ("c.json", b"[]"),
        ("d.jsonl", b"\n\n"),
        ("e.html", b"<html><body></body></html>"),
        ("f.txt", b"\xef\xbb\xbf\n"),
    ] {
        let r = read(dir.path(), name, bytes);
        assert!(r.articles.is_empty(), "{name}");
        assert_eq!(
            r.skip_reason().map(|p| p.kind),
            Some(ProblemKind::Empty),
            "{name}: {:?}",
            r.problems
        );
    }
}

#[test]
fn files_over_the_size_limit_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    fs::write(&path, "Kim meets Shoigu\n\n".repeat(100)).unwrap();
    let options = ReadOptions::new().max_file_size(1000);
    let r = read_file(&SourceFile::new(&path, Format::Text), &options);
    let skip = r.skip_reason().unwrap();
    assert_eq!(skip.kind, ProblemKind::TooLarge);
    assert!(
        skip.message
            .contains("1800 bytes is over the 1000 byte limit"),
        "{skip}"
    );
    let options = options.max_file_size(1800);
    assert!(read_file(&SourceFile::new(&path, Format::Text), &options)
        .skip_reason()
        .is_none());
}

#[test]
fn a_malformed_record_is_reported_and_the_good_ones_kept() {
    let dir = tempfile::tempdir().unwrap();
    let r = read(
        dir.path(),
        "dump.jsonl",
        b"{\"id\": \"a\", \"title\": \"One\"}\n{\"id\": \"b\", \"title\": \n{\"id\": \"c\", \"body\": \"Three\"}\n",
    );
    let ids: Vec<&str> = r.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a", "c"]);
    assert_eq!(r.problems.len(), 1);
    let shown = r.problems[0].to_string();
    assert!(
        shown.starts_with(&format!(
            "{}:2: malformed JSON",
            dir.path().join("dump.jsonl").display()
        )),
        "{shown}"
    );
    assert!(!shown.contains('\n'));

    let r = read(
        dir.path(),
        "export.json",
        b"[\n  {\"id\": \"a\", \"body\": \"One\"},\n  {\"id\": \"b\", \"body\": One},\n  {\"id\": \"c\", \"body\": \"Three\"}\n]\n",
    );
    let ids: Vec<&str> = r.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a", "c"]);
    assert_eq!(r.problems[0].line, Some(3));
}

#[test]
fn unreadable_files_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    // A folder named like a file is not read as one.
    let folder = dir.path().join("folder.txt");
    fs::create_dir(&folder).unwrap();
    let r = read_file(
        &SourceFile::new(&folder, Format::Text),
        &ReadOptions::default(),
    );
    let skip = r.skip_reason().unwrap();
    assert_eq!(skip.kind, ProblemKind::NotAFile);
    assert!(skip.message.contains("a folder"), "{skip}");
    // A file that went away between the walk and the read.
    let gone = dir.path().join("gone.txt");
    let r = read_file(
        &SourceFile::new(&gone, Format::Text),
        &ReadOptions::default(),
    );
    assert_eq!(
        r.skip_reason().map(|p| p.kind),
        Some(ProblemKind::Unreadable)
    );
}

#[cfg(unix)]
#[test]
fn permission_denied_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.txt");
    fs::write(&path, "Kim meets Shoigu\n").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_ok() {
        // Running as root: permissions don't stop reads, nothing to test.
        return;
    }
    let r = read_file(
        &SourceFile::new(&path, Format::Text),
        &ReadOptions::default(),
    );
    let skip = r.skip_reason().unwrap();
    assert_eq!(skip.kind, ProblemKind::Unreadable);
    assert!(skip.message.to_lowercase().contains("permission"), "{skip}");
}

#[cfg(unix)]
#[test]
fn dangling_symlinks_are_reported_and_loops_do_not_hang() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("news");
    fs::create_dir_all(root.join("sub")).unwrap();
    fs::write(
        root.join("sub/a.txt"),
        "Kim meets Shoigu\n\nThey met on Wednesday.\n",
    )
    .unwrap();
    symlink(root.join("missing.txt"), root.join("dangling.txt")).unwrap();
    symlink(&root, root.join("sub/loop")).unwrap();
    let (files, problems) = walk(std::slice::from_ref(&root));
    let keys: Vec<&str> = files.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["news/sub/a.txt"]);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems.iter().all(|p| p.kind == ProblemKind::Unreadable));
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        shown
            .iter()
            .any(|p| p.contains("dangling.txt") && p.contains("dangling symlink")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|p| p.contains("loop") && p.contains("symlink loop")),
        "{shown:?}"
    );
}

#[test]
fn walk_finds_every_format_and_reports_what_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("c");
    fs::create_dir_all(root.join(".hidden")).unwrap();
    for name in [
        "a.txt",
        "b.TEXT",
        "c.md",
        "d.markdown",
        "e.html",
        "f.HTM",
        "g.json",
        "h.jsonl",
        "i.ndjson",
        "j.pdf",
        ".hidden/k.txt",
    ] {
        fs::write(root.join(name), "x").unwrap();
    }
    let (files, problems) = walk(&[root.clone(), dir.path().join("nowhere"), root.join("j.pdf")]);
    let found: Vec<(String, Format)> = files.iter().map(|f| (f.key.clone(), f.format)).collect();
    assert_eq!(
        found,
        [
            ("c/a.txt".to_string(), Format::Text),
            ("c/b.TEXT".to_string(), Format::Text),
            ("c/c.md".to_string(), Format::Markdown),
            ("c/d.markdown".to_string(), Format::Markdown),
            ("c/e.html".to_string(), Format::Html),
            ("c/f.HTM".to_string(), Format::Html),
            ("c/g.json".to_string(), Format::Json),
            ("c/h.jsonl".to_string(), Format::JsonLines),
            ("c/i.ndjson".to_string(), Format::JsonLines),
        ]
    );
    let kinds: Vec<(String, ProblemKind)> = problems
        .iter()
        .map(|p| {
            (
                p.path.file_name().unwrap().to_string_lossy().into_owned(),
                p.kind,
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("j.pdf".to_string(), ProblemKind::Unsupported),
            ("nowhere".to_string(), ProblemKind::Unreadable),
            ("j.pdf".to_string(), ProblemKind::Unsupported),
        ]
    );
}

/// Pages nested so deep that html5ever would take seconds or minutes to build their tree
/// (each new block walks up the open elements) are skipped first; a page a few thousand
/// levels deep is read. `html.rs` tests which nestings count.
#[test]
fn web_pages_too_deep_to_parse_are_skipped_and_deep_ones_read() {
    let dir = tempfile::tempdir().unwrap();
    let page = |n: usize| {
        format!(
            "<html><head><title>T</title></head><body>{}deep{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        )
    };
    // 30,000 nested blocks cost 450 million steps.
    let n = 30_000;
    assert!((n * n / 2) as u64 > newsdex_ingest::MAX_HTML_SCOPE_STEPS);
    let r = read(dir.path(), "deep.html", page(n).as_bytes());
    assert!(r.articles.is_empty());
    let skip = r.skip_reason().unwrap();
    assert_eq!(skip.kind, ProblemKind::TooDeep);
    assert!(
        skip.message.contains("levels deep, too deep to parse"),
        "{skip}"
    );
    assert!(skip.path.ends_with("deep.html"), "{skip}");

    let r = read(dir.path(), "fine.html", page(5000).as_bytes());
    assert!(r.skip_reason().is_none(), "{:?}", r.problems);
    assert_eq!(r.articles.len(), 1);
}
