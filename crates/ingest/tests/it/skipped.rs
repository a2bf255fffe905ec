//! Every input that is not read is named with the reason: paths that are not regular
//! files (never opened, so nothing blocks), files of other formats, records without
//! text; and names that would break a one-line message are escaped.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use newsdex_ingest::{
    escape_path, read_file, read_file_in_batches, walk, FileRead, Format, Problem, ProblemKind,
    ReadOptions, SourceFile,
};

/// Runs `f` on another thread and fails the test if it takes more than 30 s: a read that
/// blocks on a pipe or reads `/dev/zero` without end never returns.
fn within_30s<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(f());
    });
    receive
        .recv_timeout(Duration::from_secs(30))
        .unwrap_or_else(|_| panic!("{what} did not return within 30 s"))
}

fn read_both(path: &Path, format: Format) -> (FileRead, FileRead) {
    let file = SourceFile::new(path, format);
    let whole = read_file(&file, &ReadOptions::default());
    let (streamed, _) = read_file_in_batches(&file, &ReadOptions::default(), &mut |batch| {
        assert!(batch.articles.is_empty(), "nothing to hand over")
    });
    (whole, streamed)
}

fn named(problems: &[Problem]) -> Vec<(String, ProblemKind)> {
    problems
        .iter()
        .map(|p| {
            let name = p.path.file_name().unwrap_or_default().to_string_lossy();
            (name.into_owned(), p.kind)
        })
        .collect()
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn pipes_sockets_and_devices_are_named_by_the_walk_and_never_opened() {
    use std::os::unix::fs::symlink;
    use std::os::unix::net::UnixListener;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("news");
    fs::create_dir(&root).unwrap();
    fs::write(
        root.join("a.txt"),
        "Kim meets Shoigu\n\nThey met on Wednesday in the capital.\n",
    )
    .unwrap();
    mkfifo(&root.join("fifo.txt"));
    let _listener = UnixListener::bind(root.join("socket.jsonl")).unwrap();
    symlink("/dev/zero", root.join("zero.txt")).unwrap();
    symlink("/dev/null", root.join("null.json")).unwrap();
    let lone_fifo = dir.path().join("x.txt");
    mkfifo(&lone_fifo);

    let roots = vec![root.clone(), lone_fifo.clone()];
    let (files, problems) = within_30s("the walk", move || walk(&roots));
    let keys: Vec<&str> = files.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["news/a.txt"]);
    assert_eq!(
        named(&problems),
        [
            ("fifo.txt".to_string(), ProblemKind::NotAFile),
            ("null.json".to_string(), ProblemKind::NotAFile),
            ("socket.jsonl".to_string(), ProblemKind::NotAFile),
            ("zero.txt".to_string(), ProblemKind::NotAFile),
            ("x.txt".to_string(), ProblemKind::NotAFile),
        ]
    );
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    for (name, what) in [
        ("fifo.txt", "a named pipe (FIFO)"),
        ("null.json", "a character device"),
        ("socket.jsonl", "a socket"),
        ("zero.txt", "a character device"),
        ("x.txt", "a named pipe (FIFO)"),
    ] {
        let line = shown.iter().find(|s| s.contains(name)).unwrap();
        assert!(
            line.ends_with(&format!("{name}: skipped: {what}, not a regular file")),
            "{line}"
        );
    }
}

#[cfg(unix)]
#[test]
fn reading_a_pipe_or_a_device_directly_skips_it_at_once() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("f.jsonl");
    mkfifo(&fifo);
    let zero = dir.path().join("zero.jsonl");
    symlink("/dev/zero", &zero).unwrap();
    let text_fifo = dir.path().join("f.txt");
    mkfifo(&text_fifo);
    for (path, format) in [
        (fifo, Format::JsonLines),
        (zero, Format::JsonLines),
        (text_fifo, Format::Text),
    ] {
        let shown = path.display().to_string();
        let (whole, streamed) = within_30s(&shown, move || read_both(&path, format));
        for read in [whole, streamed] {
            assert!(read.articles.is_empty());
            let skip = read.skip_reason().expect("skipped");
            assert_eq!(skip.kind, ProblemKind::NotAFile, "{skip}");
            assert!(skip.message.contains("not a regular file"), "{skip}");
        }
    }
}

#[test]
fn files_of_other_formats_inside_folders_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("archive");
    fs::create_dir_all(root.join("2023/09")).unwrap();
    fs::write(root.join("2023/09/story.txt"), "Title here\n\nThe story.\n").unwrap();
    fs::write(root.join("2023/09/scan.pdf"), b"%PDF-1.7\n").unwrap();
    fs::write(root.join("2023/mail.eml"), "From: a@example.com\n").unwrap();
    fs::write(root.join("book.epub"), b"PK\x03\x04").unwrap();
    fs::write(root.join("README"), "notes").unwrap();
    let (files, problems) = walk(std::slice::from_ref(&root));
    assert_eq!(files.len(), 1);
    assert_eq!(
        named(&problems),
        [
            ("scan.pdf".to_string(), ProblemKind::Unsupported),
            ("mail.eml".to_string(), ProblemKind::Unsupported),
            ("README".to_string(), ProblemKind::Unsupported),
            ("book.epub".to_string(), ProblemKind::Unsupported),
        ]
    );
    let pdf = problems
        .iter()
        .find(|p| p.path.ends_with("scan.pdf"))
        .unwrap();
    assert!(
        pdf.message
            .starts_with("skipped: `.pdf` files are not a format newsdex reads (.txt,"),
        "{pdf}"
    );
    let readme = problems
        .iter()
        .find(|p| p.path.ends_with("README"))
        .unwrap();
    assert!(
        readme.message.contains("a file without an extension"),
        "{readme}"
    );
}

#[test]
fn records_without_text_are_named_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let lines = dir.path().join("feed.jsonl");
    fs::write(
        &lines,
        "{\"title\": \"One\", \"body\": \"The first.\"}\n{}\n{\"title\":{\"x\":1},\"body\":{\"y\":2}}\n{\"title\": \"  \", \"body\": \"\", \"id\": \"q\"}\n{\"title\": \"Five\"}\n",
    )
    .unwrap();
    let array = dir.path().join("export.json");
    fs::write(
        &array,
        "[\n  {\"title\": \"One\", \"body\": \"The first.\"},\n  {},\n  {\"title\":{\"x\":1},\"body\":{\"y\":2}}\n]\n",
    )
    .unwrap();
    for (path, format, expected) in [
        (&lines, Format::JsonLines, vec![2, 3, 4]),
        (&array, Format::Json, vec![3, 4]),
    ] {
        let file = SourceFile::new(path, format);
        let whole = read_file(&file, &ReadOptions::default());
        let mut streamed = Vec::new();
        let (read, _) = read_file_in_batches(&file, &ReadOptions::default(), &mut |b| {
            streamed.extend(b.articles)
        });
        assert_eq!(streamed, whole.articles);
        assert_eq!(read.problems, whole.problems);
        let at: Vec<usize> = whole.problems.iter().map(|p| p.line.unwrap()).collect();
        assert_eq!(at, expected, "{:?}", whole.problems);
        assert!(whole.problems.iter().all(|p| p.kind == ProblemKind::NoText));
        let first = whole.problems[0].to_string();
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(
            first.ends_with(&format!(
                "{name}:{}: left out: an empty record, no title or body",
                expected[0]
            )),
            "{first}"
        );
    }
}

#[test]
fn a_file_whose_records_all_lack_text_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ids.jsonl");
    fs::write(&path, "{\"id\": 1}\n{\"id\": 2}\n{}\n").unwrap();
    let (whole, streamed) = read_both(&path, Format::JsonLines);
    for read in [whole, streamed] {
        assert_eq!(read.problems.len(), 1, "{:?}", read.problems);
        let skip = read.skip_reason().unwrap();
        assert_eq!(skip.kind, ProblemKind::Empty);
        assert!(
            skip.message
                .contains("none of its 3 records has a title or body with text"),
            "{skip}"
        );
    }
}

#[test]
fn names_with_newlines_and_control_characters_stay_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut names = vec![
        "two\nlines.txt".to_string(),
        "tab\there.txt".to_string(),
        "\u{1b}[31mred.txt".to_string(),
        "right\u{202e}txt.gpj.txt".to_string(),
    ];
    if cfg!(windows) {
        names.retain(|n| !n.contains(['\n', '\t', '\u{1b}']));
    }
    for name in &names {
        let path: PathBuf = dir.path().join(name);
        fs::write(&path, b"%PDF-1.4 not text").unwrap();
        let read = read_file(
            &SourceFile::new(&path, Format::Text),
            &ReadOptions::default(),
        );
        let shown = read.skip_reason().unwrap().to_string();
        assert_eq!(shown.lines().count(), 1, "{shown:?}");
        assert!(
            !shown.contains(['\n', '\r', '\t', '\u{1b}', '\u{202e}']),
            "{shown:?}"
        );
        assert!(
            shown.contains(escape_path(Path::new(name)).as_ref()),
            "{shown:?}"
        );
    }
    assert_eq!(escape_path(Path::new("two\nlines.txt")), "two\\nlines.txt");
    assert_eq!(
        escape_path(Path::new("right\u{202e}txt.gpj.txt")),
        "right\\u{202e}txt.gpj.txt"
    );
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_are_escaped_bytes() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let name = OsStr::from_bytes(b"caf\xe9.txt");
    assert_eq!(escape_path(Path::new(name)), "caf\\xe9.txt");
}
