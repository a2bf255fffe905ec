//! Every format read from real files in a temp folder.

use std::fs;

use newsdex_ingest::{read_file, read_files, walk, Article, ReadOptions};

/// A JSON Lines file read from memory with `read_bytes`, as the streamed read must read
/// it: the same articles (but for the path and stamp the streamed read gives them) and the
/// same problems.
fn in_memory(
    path: &std::path::Path,
    options: &ReadOptions,
) -> (Vec<Article>, Vec<newsdex_ingest::Problem>) {
    let bytes = fs::read(path).unwrap();
    let key = path.file_name().unwrap().to_string_lossy().into_owned();
    let read = newsdex_ingest::read_bytes(&bytes, newsdex_ingest::Format::JsonLines, &key, options);
    let problems = read
        .problems
        .into_iter()
        .map(|mut p| {
            p.path = path.to_path_buf();
            p
        })
        .collect();
    (read.articles, problems)
}

/// Articles without the path and stamp of the file they came from.
fn bare(articles: &[Article]) -> Vec<Article> {
    articles
        .iter()
        .cloned()
        .map(|mut a| {
            a.path = None;
            a.stamp = None;
            a
        })
        .collect()
}

fn write(dir: &std::path::Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn read_all(root: &std::path::Path, options: &ReadOptions) -> Vec<(String, Article)> {
    let (files, problems) = walk(&[root.to_path_buf()]);
    assert!(problems.is_empty(), "{problems:?}");
    let reads = read_files(&files, options);
    files
        .iter()
        .zip(reads)
        .flat_map(|(f, r)| {
            assert!(r.problems.is_empty(), "{}: {:?}", f.key, r.problems);
            r.articles.into_iter().map(|a| (f.key.clone(), a))
        })
        .collect()
}

/// Key, title, date, source, author, body.
type Summary = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

#[test]
fn a_folder_of_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("news");
    write(&root, "a.md", "---\ntitle: Kim meets Shoigu\ndate: 2023-07-27\npublisher: AP\nauthor: Jane Doe\nurl: https://example.com/a\ntags: [korea]\n---\nKim and Shoigu met in Pyongyang on Wednesday.\n");
    write(&root, "b.html", "<html><head><title>Talks | Example</title><meta property=\"og:site_name\" content=\"Example\"><meta property=\"article:published_time\" content=\"2023-09-12\"></head><body><nav>Home</nav><article><h1>Talks</h1><p>Peskov said Shoigu will take part in the talks.</p></article><footer>© 2023 Example</footer></body></html>");
    write(
        &root,
        "c.json",
        r#"[{"id": "c1", "headline": "One", "text": "First story.", "pubDate": "Thu, 27 Jul 2023 10:30:00 +0000", "outlet": "UPI"}, {"title": "Two", "content": "Second story.", "byline": "John Roe", "link": "https://example.com/2"}]"#,
    );
    write(&root, "d.jsonl", "{\"title\": \"Three\", \"article\": \"Third story.\", \"datePublished\": \"2023-10-19\", \"site\": \"TASS\"}\n{\"id\": 42, \"title\": \"Four\", \"body\": \"Fourth.\", \"timestamp\": 1690416000}\n");
    write(&root, "sub/e.txt", "Kim meets Shoigu\n\nby Jane Doe\n\nKim and Shoigu talked Wednesday in the capital, Pyongyang, state media said.\n\nAP\n");

    let articles = read_all(&root, &ReadOptions::default());
    let summary: Vec<Summary> = articles
        .iter()
        .map(|(key, a)| {
            (
                key.clone(),
                a.title.clone(),
                a.date.map(|d| d.to_string()),
                a.source.clone(),
                a.author.clone(),
                a.body.clone(),
            )
        })
        .collect();
    let s = |v: &str| Some(v.to_string());
    assert_eq!(
        summary,
        [
            (
                "news/a.md".into(),
                s("Kim meets Shoigu"),
                s("2023-07-27"),
                s("AP"),
                s("Jane Doe"),
                "Kim and Shoigu met in Pyongyang on Wednesday.".into()
            ),
            (
                "news/b.html".into(),
                s("Talks"),
                s("2023-09-12"),
                s("Example"),
                None,
                "Peskov said Shoigu will take part in the talks.".into()
            ),
            (
                "news/c.json".into(),
                s("One"),
                s("2023-07-27T10:30:00Z"),
                s("UPI"),
                None,
                "First story.".into()
            ),
            (
                "news/c.json".into(),
                s("Two"),
                None,
                None,
                s("John Roe"),
                "Second story.".into()
            ),
            (
                "news/d.jsonl".into(),
                s("Three"),
                s("2023-10-19"),
                s("TASS"),
                None,
                "Third story.".into()
            ),
            (
                "news/d.jsonl".into(),
                s("Four"),
                s("2023-07-27"),
                None,
                None,
                "Fourth.".into()
            ),
            (
                "news/sub/e.txt".into(),
                s("Kim meets Shoigu"),
                None,
                s("AP"),
                s("Jane Doe"),
                "Kim and Shoigu talked Wednesday in the capital, Pyongyang, state media said."
                    .into()
            ),
        ]
    );
    // Own ids stay; others derive from the key and the record's place, the same every run.
    let ids: Vec<&str> = articles.iter().map(|(_, a)| a.id.as_str()).collect();
    assert_eq!(ids[2], "c1");
    assert_eq!(ids[3], Article::derive_id("news/c.json", 1));
    assert_eq!(ids[5], "42");
    let again = read_all(&root, &ReadOptions::default());
    assert_eq!(
        ids,
        again.iter().map(|(_, a)| a.id.as_str()).collect::<Vec<_>>()
    );
    // Single-article files keep their text; records don't.
    let raws: Vec<bool> = articles.iter().map(|(_, a)| a.raw.is_some()).collect();
    assert_eq!(raws, [true, true, false, false, false, false, true]);
    assert_eq!(articles[5].1.url, None);
    assert_eq!(articles[0].1.url.as_deref(), Some("https://example.com/a"));
    assert_eq!(articles[3].1.url.as_deref(), Some("https://example.com/2"));
}

#[test]
fn field_mapping_reads_a_collection_s_own_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.jsonl");
    fs::write(&path, "{\"uid\": \"x9\", \"head\": \"Kim meets Shoigu\", \"main_txt\": \"They met.\", \"meta\": {\"when\": \"12-Sep-2023\", \"desk\": \"World\"}}\n").unwrap();
    let file = newsdex_ingest::SourceFile::new(&path, newsdex_ingest::Format::JsonLines);

    let plain = read_file(&file, &ReadOptions::default());
    assert!(plain.articles.is_empty());
    let skip = plain.skip_reason().unwrap();
    assert_eq!(skip.kind, newsdex_ingest::ProblemKind::Empty);
    assert!(
        skip.message
            .contains("its one record has no title or body with text"),
        "{skip}"
    );

    let options = ReadOptions::new()
        .map_field("id=uid,title=head")
        .unwrap()
        .map_field("body=main_txt")
        .unwrap()
        .map_field("date=meta.when")
        .unwrap();
    let mapped = read_file(&file, &options);
    let a = &mapped.articles[0];
    assert_eq!(a.id, "x9");
    assert_eq!(a.title.as_deref(), Some("Kim meets Shoigu"));
    assert_eq!(a.body, "They met.");
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-09-12"));

    let err = ReadOptions::new().map_field("body:story").unwrap_err();
    assert_eq!(
        err.to_string(),
        "bad field mapping `body:story`: `body:story` is not FIELD=NAME (as in body=story)"
    );
}

#[test]
fn json_lines_in_batches_match_the_whole_read() {
    use newsdex_ingest::{read_file, read_file_in_batches, Format, ReadOptions, SourceFile};
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("feed.jsonl");
    let mut text = String::new();
    for i in 0..20_000 {
        if i == 12_345 {
            text.push_str("{not json\n");
        } else if i % 1000 == 7 {
            text.push_str("{\"id\": \"empty\"}\n");
        } else {
            text.push_str(&format!(
                "{{\"title\": \"T{i}\", \"body\": \"Body {i}.\"}}\n"
            ));
        }
    }
    std::fs::write(&path, text).unwrap();
    let file = SourceFile::new(&path, Format::JsonLines);
    let options = ReadOptions::default();
    let whole = read_file(&file, &options);
    let (memory, memory_problems) = in_memory(&path, &options);

    let mut batches = Vec::new();
    let (read, stamp) =
        read_file_in_batches(&file, &options, &mut |batch| batches.push(batch.articles));
    assert!(batches.len() >= 3, "20,000 lines come in several batches");
    let streamed: Vec<_> = batches.into_iter().flatten().collect();
    assert_eq!(streamed, whole.articles, "same articles, ids and order");
    assert_eq!(bare(&streamed), memory, "as read from memory");
    assert!(read.articles.is_empty());
    assert_eq!(read.problems, whole.problems);
    assert_eq!(read.problems, memory_problems);
    // The malformed line and the twenty records without text, each at its line.
    let lines: Vec<(usize, newsdex_ingest::ProblemKind)> = read
        .problems
        .iter()
        .map(|p| (p.line.unwrap(), p.kind))
        .collect();
    let mut expected: Vec<(usize, newsdex_ingest::ProblemKind)> = (0..20_000)
        .filter(|i| i % 1000 == 7)
        .map(|i| (i + 1, newsdex_ingest::ProblemKind::NoText))
        .collect();
    expected.insert(13, (12_346, newsdex_ingest::ProblemKind::BadRecord));
    assert_eq!(lines, expected);
    assert!(
        read.problems[13].to_string().contains("feed.jsonl:12346: "),
        "{}",
        read.problems[13]
    );
    assert_eq!(stamp.as_ref(), whole.articles[0].stamp.as_ref());

    let empty = tmp.path().join("empty.jsonl");
    std::fs::write(&empty, "{\"id\": \"x\"}\n").unwrap();
    let (read, _) = read_file_in_batches(
        &SourceFile::new(&empty, Format::JsonLines),
        &options,
        &mut |batch| assert!(batch.articles.is_empty(), "no article to hand over"),
    );
    assert!(read.skip_reason().is_some());
}

#[test]
fn json_lines_stream_or_fall_back_like_the_whole_read() {
    use newsdex_ingest::{read_file, read_file_in_batches, Format, ReadOptions, SourceFile};
    let tmp = tempfile::tempdir().unwrap();
    // Over 2 MiB of accented text, so reads of 1 MiB cut characters in two; CRLF line
    // ends; a last line without one.
    let mut crlf = String::new();
    for i in 0..9_000 {
        crlf.push_str(&format!(
            "{{\"title\": \"Zürich {i}\", \"body\": \"Æsir ønsker {} å mødes.\"}}\r\n",
            "ßé".repeat(i % 97)
        ));
    }
    crlf.push_str("{\"title\": \"Last\", \"body\": \"No newline.\"}");
    assert!(crlf.len() > 2 << 20);
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(
            "{\"title\": \"Sixteen\", \"body\": \"Wide.\"}\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("crlf.jsonl", crlf.into_bytes()),
        (
            "bom.jsonl",
            b"\xef\xbb\xbf{\"title\": \"Bom\", \"body\": \"B.\"}\n".to_vec(),
        ),
        ("utf16.jsonl", utf16),
        (
            "latin1.jsonl",
            b"{\"title\": \"Caf\xe9\", \"body\": \"Lossy.\"}\n".to_vec(),
        ),
        (
            "nul.jsonl",
            b"{\"title\": \"T\", \"body\": \"\0\"}\n".to_vec(),
        ),
        ("blank.jsonl", b"\n  \n".to_vec()),
    ];
    let options = ReadOptions::default();
    for (name, bytes) in cases {
        let path = tmp.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let file = SourceFile::new(&path, Format::JsonLines);
        let whole = read_file(&file, &options);
        let (memory, memory_problems) = in_memory(&path, &options);
        let mut streamed = Vec::new();
        let (read, stamp) = read_file_in_batches(&file, &options, &mut |batch| {
            streamed.extend(batch.articles)
        });
        assert_eq!(streamed, whole.articles, "{name}: same articles");
        assert_eq!(read.problems, whole.problems, "{name}: same problems");
        assert_eq!(bare(&streamed), memory, "{name}: as read from memory");
        assert_eq!(
            read.problems, memory_problems,
            "{name}: as read from memory"
        );
        if let Some(first) = whole.articles.first() {
            assert_eq!(stamp.as_ref(), first.stamp.as_ref(), "{name}: same stamp");
        }
        match name {
            "crlf.jsonl" => {
                assert_eq!(streamed.len(), 9_001);
                assert_eq!(streamed[8_999].title.as_deref(), Some("Zürich 8999"));
                assert_eq!(streamed[9_000].body, "No newline.");
            }
            "nul.jsonl" | "blank.jsonl" => assert!(read.skip_reason().is_some(), "{name}"),
            _ => assert_eq!(streamed.len(), 1, "{name}"),
        }
    }
}

#[test]
fn a_date_line_naming_the_source_gives_both_and_is_no_body() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(
        root,
        "cocoa.txt",
        "BAHIA COCOA REVIEW\nFebruary 26, 1987 · Reuters\n\nShowers continued throughout the week in the Bahia cocoa zone.\n",
    );
    write(
        root,
        "loans.txt",
        "N.Y. BUSINESS LOANS FALL 195 MLN DLRS\nFebruary 26, 1987 · Reuters\n\n",
    );
    write(
        root,
        "split.md",
        "# NORTHERN TELECOM PROPOSES STOCK SPLIT\n\n*February 26, 1987 · Reuters*\n",
    );
    write(
        root,
        "herald.txt",
        "Talks in Pyongyang end\nThe Korea Herald | 2023-09-12\n\nKim and Shoigu talked on Wednesday in the capital.\n",
    );
    write(
        root,
        "section.txt",
        "Talks in Pyongyang end\nPolitics | 2023-09-12\n\nKim and Shoigu talked on Wednesday in the capital.\n",
    );
    let read: Vec<_> = read_all(root, &ReadOptions::new())
        .into_iter()
        .map(|(key, a)| {
            (
                key.rsplit('/').next().unwrap().to_string(),
                a.date.map(|d| d.to_string()),
                a.source,
                a.body,
            )
        })
        .collect();
    let day = |d: &str| Some(d.to_string());
    let reuters = Some("Reuters".to_string());
    assert_eq!(
        read,
        [
            (
                "cocoa.txt".to_string(),
                day("1987-02-26"),
                reuters.clone(),
                "Showers continued throughout the week in the Bahia cocoa zone.".to_string()
            ),
            (
                "herald.txt".to_string(),
                day("2023-09-12"),
                Some("The Korea Herald".to_string()),
                "Kim and Shoigu talked on Wednesday in the capital.".to_string()
            ),
            // A title with only its date line under it has no body to show as a snippet.
            (
                "loans.txt".to_string(),
                day("1987-02-26"),
                reuters.clone(),
                String::new()
            ),
            // A section name beside a date is not a source.
            (
                "section.txt".to_string(),
                day("2023-09-12"),
                None,
                "Kim and Shoigu talked on Wednesday in the capital.".to_string()
            ),
            (
                "split.md".to_string(),
                day("1987-02-26"),
                reuters,
                String::new()
            ),
        ]
    );
}
