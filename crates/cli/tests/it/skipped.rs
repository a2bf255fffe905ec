//! `search index` names every input it leaves out, with the reason, and counts it in the
//! summary: paths that are not regular files (never read, so nothing hangs), files of
//! other formats, records without text; and it does so again on later runs while those
//! files are unchanged.

use std::fs;
use std::path::Path;
use std::time::Duration;

use crate::Fixture;

/// `search index` with a deadline: a run that blocks on a pipe or reads `/dev/zero`
/// without end fails instead of hanging the tests.
fn index(f: &Fixture, args: &[&str]) -> (Option<i32>, String, String) {
    let out = f
        .search()
        .arg("index")
        .args(args)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn warning_for<'a>(stderr: &'a str, name: &str) -> &'a str {
    stderr
        .lines()
        .find(|l| l.starts_with("warning: ") && l.contains(name))
        .unwrap_or_else(|| panic!("no warning names {name}:\n{stderr}"))
}

/// A folder of the seed articles with a hostile neighbour of every kind.
fn hostile(f: &Fixture) {
    let data = f.data();
    fs::create_dir_all(data.join("2023/09")).unwrap();
    fs::write(data.join("2023/09/scan.pdf"), b"%PDF-1.7\n%\xe2\xe3").unwrap();
    fs::write(data.join("2023/mail.eml"), "From: a@example.com\n\nHi\n").unwrap();
    fs::write(data.join("book.epub"), b"PK\x03\x04\x14\0").unwrap();
    fs::write(
        data.join("feed.jsonl"),
        "{\"id\":\"okapi-1\",\"title\":\"Okapi\",\"body\":\"An okapi.\"}\n{}\n{\"title\":{\"x\":1},\"body\":{\"y\":2}}\n",
    )
    .unwrap();
    fs::write(data.join("export.json"), "[{\"id\": \"7\"}, {}]").unwrap();
}

#[cfg(unix)]
fn special_files(dir: &Path) {
    use std::os::unix::fs::symlink;
    let status = std::process::Command::new("mkfifo")
        .arg(dir.join("x.txt"))
        .status()
        .unwrap();
    assert!(status.success());
    symlink("/dev/zero", dir.join("zero.txt")).unwrap();
    symlink("/dev/null", dir.join("null.jsonl")).unwrap();
    // The listener is dropped at once; the socket file stays.
    std::os::unix::net::UnixListener::bind(dir.join("sock.json")).unwrap();
}

#[cfg(unix)]
#[test]
fn a_fifo_given_alone_is_named_not_read() {
    let f = Fixture::new();
    let fifo = f.tmp.path().join("f.txt");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let (code, stdout, stderr) = index(&f, &[fifo.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        warning_for(&stderr, "f.txt")
            .ends_with("f.txt: skipped: a named pipe (FIFO), not a regular file"),
        "{stderr}"
    );
    assert!(
        stdout.contains("1 skipped (1 not a regular file)"),
        "{stdout}"
    );
}

#[cfg(unix)]
#[test]
fn every_file_and_record_left_out_is_named_and_counted_on_every_run() {
    let f = Fixture::new();
    hostile(&f);
    special_files(&f.data());
    let (code, stdout, stderr) = index(&f, &[f.data().to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    for (name, reason) in [
        ("x.txt", "skipped: a named pipe (FIFO), not a regular file"),
        (
            "zero.txt",
            "skipped: a character device, not a regular file",
        ),
        (
            "null.jsonl",
            "skipped: a character device, not a regular file",
        ),
        ("sock.json", "skipped: a socket, not a regular file"),
        (
            "scan.pdf",
            "skipped: `.pdf` files are not a format newsdex reads",
        ),
        (
            "mail.eml",
            "skipped: `.eml` files are not a format newsdex reads",
        ),
        (
            "book.epub",
            "skipped: `.epub` files are not a format newsdex reads",
        ),
        (
            "feed.jsonl:2",
            "left out: an empty record, no title or body",
        ),
        (
            "feed.jsonl:3",
            "left out: no title or body with text (its fields: title, body)",
        ),
        (
            "export.json",
            "skipped: none of its 2 records has a title or body with text",
        ),
    ] {
        let line = warning_for(&stderr, name);
        assert!(line.contains(&format!("{name}: {reason}")), "{line}");
    }
    assert!(
        stdout.contains(
            "8 skipped (1 empty, 4 not a regular file, 3 unsupported); 2 records left out (2 no text)"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("6 in the index"), "{stdout}");

    // Nothing changed: the same names and counts, without reading the files again.
    let (code, again_stdout, again_stderr) = index(&f, &[]);
    assert_eq!(code, Some(0), "{again_stderr}");
    assert!(again_stdout.starts_with("Checked "), "{again_stdout}");
    let counts = |s: &str| {
        let from = s.find("; ").unwrap();
        s[from..from + s[from..].find(". ").unwrap()].to_string()
    };
    assert_eq!(counts(&again_stdout), counts(&stdout));
    let mut first: Vec<&str> = stderr.lines().collect();
    let mut second: Vec<&str> = again_stderr.lines().collect();
    first.sort_unstable();
    second.sort_unstable();
    assert_eq!(first, second);

    // --quiet names nothing but still counts.
    let (_, quiet_stdout, quiet_stderr) = index(&f, &["--quiet"]);
    assert_eq!(quiet_stderr, "");
    assert_eq!(counts(&quiet_stdout), counts(&stdout));

    // --strict counts the problems of unchanged files too.
    let (code, _, strict_stderr) = index(&f, &["--strict", "--quiet"]);
    assert_eq!(code, Some(2));
    assert!(
        strict_stderr.contains("problems with the input (--strict)"),
        "{strict_stderr}"
    );
}

#[test]
fn names_with_newlines_stay_on_one_line() {
    let f = Fixture::new();
    if cfg!(windows) {
        return;
    }
    fs::write(f.data().join("two\nlines.txt"), b"%PDF-1.4").unwrap();
    fs::write(
        f.data().join("esc\u{1b}[31m.jsonl"),
        "{\"body\": \"fine\"}\n{}\n",
    )
    .unwrap();
    let (code, _, stderr) = index(&f, &[f.data().to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    for line in stderr.lines() {
        assert!(
            line.starts_with("warning: "),
            "a message broke its line: {stderr:?}"
        );
    }
    assert!(
        stderr.contains("two\\nlines.txt: skipped: binary file (a PDF document)"),
        "{stderr:?}"
    );
    assert!(
        stderr.contains("esc\\u{1b}[31m.jsonl:2: left out: an empty record"),
        "{stderr:?}"
    );
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
}
