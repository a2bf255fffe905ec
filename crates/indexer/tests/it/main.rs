//! Integration tests of the indexer: sync against real files in temp folders.

mod open;

use std::path::{Path, PathBuf};

use newsdex_indexer::{
    indexed_files, is_stale, Change, Indexer, NewsIndex, SyncOptions, SyncReport,
};

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Sets a file's modification time explicitly, so tests don't depend on the clock's
/// resolution.
fn touch(path: &Path, seconds: u64) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds))
        .unwrap();
}

fn sync(index: &NewsIndex, paths: &[PathBuf], options: &SyncOptions) -> SyncReport {
    let mut indexer = Indexer::new(index).unwrap();
    indexer.sync(&options.clone().paths(paths)).unwrap()
}

fn counts(r: &SyncReport) -> [usize; 4] {
    [r.added, r.updated, r.removed, r.unchanged]
}

#[test]
fn sync_adds_updates_removes_and_skips_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    write(&news.join("a.txt"), "Title A\n\nBody about Pyongyang.");
    write(&news.join("b.txt"), "Title B\n\nBody about Moscow.");
    write(
        &news.join("c.jsonl"),
        "{\"id\":\"c1\",\"body\":\"one\"}\n{\"id\":\"c2\",\"body\":\"two\"}\n",
    );
    let index = NewsIndex::create(tmp.path().join("idx")).unwrap();

    let first = sync(&index, std::slice::from_ref(&news), &SyncOptions::new());
    assert_eq!(counts(&first), [3, 0, 0, 0]);
    assert_eq!(first.documents, 4);
    assert!(!is_stale(&index).unwrap());

    let again = sync(&index, &[], &SyncOptions::new());
    assert_eq!(counts(&again), [0, 0, 0, 3]);
    assert_eq!(again.bytes_read, 0, "unchanged files must not be read");

    write(
        &news.join("a.txt"),
        "Title A\n\nA longer body about Pyongyang and Seoul.",
    );
    std::fs::remove_file(news.join("b.txt")).unwrap();
    write(&news.join("d.txt"), "Title D\n\nNew.");
    assert!(is_stale(&index).unwrap());
    let changed = sync(&index, &[], &SyncOptions::new());
    assert_eq!(counts(&changed), [1, 1, 1, 1]);
    let mut per_file: Vec<(String, Change, u64)> = changed
        .changes
        .iter()
        .map(|c| {
            let name = std::path::Path::new(&c.path).file_name().unwrap();
            (
                name.to_string_lossy().into_owned(),
                c.change.clone(),
                c.documents,
            )
        })
        .collect();
    per_file.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        per_file,
        [
            ("a.txt".to_string(), Change::Updated, 1),
            ("b.txt".to_string(), Change::Removed, 0),
            ("d.txt".to_string(), Change::Added, 1),
        ]
    );
    assert_eq!(changed.documents, 4);
    let files = indexed_files(&index).unwrap();
    assert_eq!(files.len(), 3);
    assert_eq!(
        files[&news.join("c.jsonl").to_string_lossy().to_string()].documents,
        2
    );
}

#[test]
fn touched_but_identical_file_is_not_counted_as_updated() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("news/a.txt");
    write(&file, "Title\n\nBody.");
    touch(&file, 1_000_000);
    let index = NewsIndex::create_in_ram();
    sync(
        &index,
        &[file.parent().unwrap().to_path_buf()],
        &SyncOptions::new(),
    );
    touch(&file, 2_000_000);
    let report = sync(&index, &[], &SyncOptions::new());
    assert_eq!(counts(&report), [0, 0, 0, 1]);
    assert!(
        !is_stale(&index).unwrap(),
        "the new stamp must be remembered"
    );
}

#[test]
fn skipped_files_are_remembered_and_do_not_make_the_index_stale() {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    write(&news.join("empty.txt"), "");
    write(&news.join("ok.txt"), "Title\n\nBody.");
    let index = NewsIndex::create(tmp.path().join("idx")).unwrap();
    let report = sync(&index, std::slice::from_ref(&news), &SyncOptions::new());
    assert_eq!(report.skipped_for("empty"), 1);
    assert!(!is_stale(&index).unwrap());
    let again = sync(&index, &[], &SyncOptions::new());
    assert_eq!(again.skipped_for("empty"), 1);
    assert_eq!(again.bytes_read, 0);
}

#[test]
fn roots_are_remembered_forgotten_and_rebuilt() {
    let tmp = tempfile::tempdir().unwrap();
    let (one, two) = (tmp.path().join("one"), tmp.path().join("two"));
    write(&one.join("a.txt"), "A\n\nalpha");
    write(&two.join("b.txt"), "B\n\nbeta");
    let dir = tmp.path().join("idx");
    let index = NewsIndex::create(&dir).unwrap();
    sync(&index, std::slice::from_ref(&one), &SyncOptions::new());
    let both = sync(&index, std::slice::from_ref(&two), &SyncOptions::new());
    assert_eq!(both.documents, 2);
    assert_eq!(
        NewsIndex::open(&dir).unwrap().commit_meta().unwrap().roots,
        [one.clone(), two.clone()]
    );

    let forgot = sync(&index, &[], &SyncOptions::new().forget([&one]));
    assert_eq!(counts(&forgot), [0, 0, 1, 1]);
    assert_eq!(forgot.documents, 1);

    let rebuilt = sync(&index, &[], &SyncOptions::new().rebuild(true));
    assert_eq!(counts(&rebuilt), [1, 0, 0, 0]);
    assert_eq!(rebuilt.documents, 1);
}

#[test]
fn sync_without_roots_is_a_user_error() {
    let index = NewsIndex::create_in_ram();
    let mut indexer = Indexer::new(&index).unwrap();
    let err = indexer.sync(&SyncOptions::new()).unwrap_err();
    assert!(matches!(err, newsdex_indexer::Error::NoFolders), "{err}");
    assert!(err.is_user_error());
}

#[test]
fn bad_record_is_reported_and_good_records_of_the_file_are_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("feed.jsonl");
    write(
        &file,
        "{\"id\":\"1\",\"body\":\"good\"}\n{oops\n{\"id\":\"3\",\"body\":\"also good\"}\n",
    );
    let index = NewsIndex::create_in_ram();
    let report = sync(&index, std::slice::from_ref(&file), &SyncOptions::new());
    assert_eq!(report.documents, 2);
    assert_eq!(report.problems.len(), 1);
    let shown = report.problems[0].to_string();
    assert!(
        shown.starts_with(&format!("{}:2: ", file.display())),
        "{shown}"
    );
}

/// Past a thousand files the check spreads its `stat`s over threads; it must still see a
/// single change, count a file under two overlapping roots once, and count the records
/// of a file of many.
#[test]
fn is_stale_sees_one_change_among_many_files() {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    for i in 0..1500 {
        write(
            &news.join(format!("part{}/{i:04}.txt", i % 3)),
            &format!("Title {i}\n\nBody {i}."),
        );
    }
    write(
        &news.join("many.jsonl"),
        "{\"id\":\"r1\",\"body\":\"one\"}\n{\"id\":\"r2\",\"body\":\"two\"}\n{\"id\":\"r3\",\"body\":\"three\"}\n",
    );
    let index = NewsIndex::create_in_ram();
    let roots = [news.clone(), news.join("part1")];
    let first = sync(&index, &roots, &SyncOptions::new());
    assert_eq!(counts(&first), [1501, 0, 0, 0]);
    assert!(!is_stale(&index).unwrap());
    let files = indexed_files(&index).unwrap();
    assert_eq!(files.len(), 1501);
    assert_eq!(
        files[&news.join("many.jsonl").to_string_lossy().to_string()].documents,
        3
    );

    let one = news.join("part2/1499.txt");
    touch(&one, 1_000_000);
    assert!(is_stale(&index).unwrap(), "a new modification time");
    sync(&index, &[], &SyncOptions::new());
    assert!(!is_stale(&index).unwrap());

    std::fs::remove_file(&one).unwrap();
    assert!(is_stale(&index).unwrap(), "a file gone");
    assert_eq!(
        counts(&sync(&index, &[], &SyncOptions::new())),
        [0, 0, 1, 1500]
    );
    assert!(!is_stale(&index).unwrap());

    write(&news.join("part0/new.txt"), "New\n\nBody.");
    assert!(is_stale(&index).unwrap(), "a file new");
}

#[test]
fn an_idle_watch_syncs_once_and_commits_nothing() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::{Duration, Instant};
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    for i in 0..300 {
        write(
            &news.join(format!("f{}/a{i}.txt", i % 7)),
            &format!("Title {i}\n\nBody {i}."),
        );
    }
    let index = NewsIndex::create(tmp.path().join("idx")).unwrap();
    let mut indexer = newsdex_indexer::Indexer::new(&index).unwrap();
    let stop = AtomicBool::new(false);
    let mut syncs = 0;
    let mut opstamps = Vec::new();
    let started = Instant::now();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            std::thread::sleep(Duration::from_secs(4));
            stop.store(true, Ordering::Relaxed);
        });
        indexer
            .watch(
                &SyncOptions::new().paths([&news]),
                Duration::from_millis(200),
                &stop,
                &mut |report| {
                    syncs += 1;
                    opstamps.push(index.tantivy().load_metas().unwrap().opstamp);
                    assert!(syncs == 1 || !report.changed(), "{report:?}");
                },
            )
            .unwrap();
    });
    assert!(started.elapsed() >= Duration::from_secs(4));
    // The first sync, and the last one when stopping: nothing in between, and nothing
    // committed after the first.
    assert_eq!(syncs, 2, "syncs: {syncs}");
    assert_eq!(opstamps[0], opstamps[1]);
}

#[test]
fn one_folder_spelled_many_ways_is_one_set_of_articles() {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("p/news");
    for i in 0..5 {
        write(
            &news.join(format!("a{i}.txt")),
            &format!("Title {i}\n\nBody {i}."),
        );
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(&news, tmp.path().join("link")).unwrap();
    let index = NewsIndex::create(tmp.path().join("idx")).unwrap();
    let spellings = [
        news.clone(),
        tmp.path().join("p/./news"),
        tmp.path().join("p/news/"),
        tmp.path().join("p/x/../news"),
        tmp.path().join("link"),
        tmp.path().join("link/../p/news"),
    ];
    for spelling in &spellings {
        if !spelling.exists() {
            continue;
        }
        let report = sync(&index, std::slice::from_ref(spelling), &SyncOptions::new());
        assert_eq!(report.documents, 5, "{}", spelling.display());
        let meta = index.commit_meta().unwrap();
        assert_eq!(meta.roots.len(), 1, "{:?}", meta.roots);
    }
    // A file of the folder named on its own is the same file too.
    let report = sync(
        &index,
        &[tmp.path().join("link/a0.txt")],
        &SyncOptions::new(),
    );
    assert_eq!(report.documents, 5);
    // And forgetting the folder under another spelling forgets it.
    let forget = SyncOptions::new().forget([
        tmp.path().join("p/x/../news"),
        tmp.path().join("link/a0.txt"),
    ]);
    let report = sync(&index, &[], &forget);
    assert_eq!(report.documents, 0);
}

#[test]
fn an_index_inside_an_indexed_folder_and_files_reached_through_links_are_read_once() {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    for i in 0..3 {
        write(
            &news.join(format!("sub/a{i}.txt")),
            &format!("Title {i}\n\nBody {i}."),
        );
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(news.join("sub"), news.join("again")).unwrap();
        std::os::unix::fs::symlink(news.join("sub/a0.txt"), news.join("a0-link.txt")).unwrap();
    }
    // The index lives inside the folder it indexes, and so does another one.
    let index = NewsIndex::create(news.join("idx")).unwrap();
    let other = NewsIndex::create(news.join("other-idx")).unwrap();
    std::fs::create_dir(tmp.path().join("elsewhere")).unwrap();
    sync(&other, &[tmp.path().join("elsewhere")], &SyncOptions::new());
    for _ in 0..2 {
        let report = sync(&index, std::slice::from_ref(&news), &SyncOptions::new());
        assert_eq!(report.documents, 3, "{report:?}");
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert_eq!(report.skipped_files(), 0, "{report:?}");
    }
    let files = indexed_files(&index).unwrap();
    assert_eq!(files.len(), 3, "{:?}", files.keys());
}

/// A sync counts every file and record it leaves out under its reason, and a later sync
/// that doesn't read the files again (they are unchanged) still counts and lists them,
/// from what the commit remembers; a changed file is read again and its old problems
/// forgotten.
#[test]
fn problems_of_unchanged_files_are_remembered_by_the_commit() {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    write(&news.join("ok.txt"), "Title\n\nBody.");
    write(&news.join("scan.pdf"), "%PDF-1.4");
    write(&news.join("bin.txt"), "%PDF-1.4");
    let feed = news.join("feed.jsonl");
    write(
        &feed,
        "{\"id\":\"1\",\"body\":\"good\"}\n{}\n{oops\n{\"id\":\"4\",\"date\":\"soon\",\"body\":\"kept\"}\n",
    );
    let index = NewsIndex::create(tmp.path().join("idx")).unwrap();
    let first = sync(&index, std::slice::from_ref(&news), &SyncOptions::new());
    let skipped = |r: &SyncReport| {
        r.skipped
            .iter()
            .map(|c| (c.reason.clone(), c.count))
            .collect::<Vec<_>>()
    };
    let records = |r: &SyncReport| {
        r.records_skipped
            .iter()
            .map(|c| (c.reason.clone(), c.count))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        skipped(&first),
        [("binary".to_string(), 1), ("unsupported".to_string(), 1)]
    );
    assert_eq!(
        records(&first),
        [("bad record".to_string(), 1), ("no text".to_string(), 1)]
    );
    assert_eq!(first.problem_count(), 5, "{:?}", first.problems);
    assert!(first.earlier_problems.is_empty());
    assert_eq!(first.documents, 3);

    let again = sync(&index, &[], &SyncOptions::new());
    assert_eq!(again.bytes_read, 0, "nothing is read again");
    assert_eq!(skipped(&again), skipped(&first));
    assert_eq!(records(&again), records(&first));
    assert_eq!(again.problem_count(), 5);
    // The walk's own problem is found again; the others come from the commit.
    assert_eq!(again.problems.len(), 1);
    assert!(again.problems[0].to_string().contains("scan.pdf"));
    let mut earlier: Vec<String> = again
        .earlier_problems
        .iter()
        .map(ToString::to_string)
        .collect();
    let mut before: Vec<String> = first.problems[1..]
        .iter()
        .map(ToString::to_string)
        .collect();
    earlier.sort_unstable();
    before.sort_unstable();
    assert_eq!(earlier, before);

    // The feed is fixed: read again, its old problems are gone.
    write(&feed, "{\"id\":\"1\",\"body\":\"good\"}\n");
    touch(&feed, 1_000_000);
    let fixed = sync(&index, &[], &SyncOptions::new());
    assert!(
        fixed.records_skipped.is_empty(),
        "{:?}",
        fixed.records_skipped
    );
    assert_eq!(fixed.problem_count(), 2);
    let later = sync(&index, &[], &SyncOptions::new());
    assert_eq!(later.problem_count(), 2);
    assert!(later
        .earlier_problems
        .iter()
        .all(|p| p.path.ends_with("bin.txt")));
}

/// A file skipped as too large is read again when the limit changes, without a rebuild;
/// under the same limit it is not read again.
#[test]
fn a_file_skipped_for_its_size_is_read_again_under_another_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    write(
        &news.join("long.txt"),
        &("Title\n\n".to_string() + &"word ".repeat(400)),
    );
    let index = NewsIndex::create(tmp.path().join("idx")).unwrap();
    let small = |limit| {
        SyncOptions::new().read_options(newsdex_indexer::ReadOptions::new().max_file_size(limit))
    };
    let first = sync(&index, std::slice::from_ref(&news), &small(1000));
    assert_eq!(first.skipped_for("too large"), 1);
    let same = sync(&index, &[], &small(1000));
    assert_eq!(same.skipped_for("too large"), 1);
    assert!(!is_stale(&index).unwrap());
    let larger = sync(&index, &[], &small(1 << 20));
    assert_eq!(counts(&larger), [1, 0, 0, 0]);
    assert!(larger.skipped.is_empty());
    assert_eq!(larger.documents, 1);
}

/// Progress moves within one large JSON Lines file: bytes and articles, several times
/// before the file is done, never backwards, up to the totals.
#[test]
fn progress_counts_bytes_and_articles_within_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let feed = tmp.path().join("feed.jsonl");
    let text: String = (0..40_000)
        .map(|i| format!("{{\"id\": \"r{i}\", \"title\": \"T{i}\", \"body\": \"Body {i}.\"}}\n"))
        .collect();
    write(&feed, &text);
    let index = NewsIndex::create(tmp.path().join("idx")).unwrap();
    let mut indexer = Indexer::new(&index).unwrap();
    let mut seen = Vec::new();
    let report = indexer
        .sync_with_progress(&SyncOptions::new().paths([&feed]), &mut |p| seen.push(*p))
        .unwrap();
    assert_eq!(report.documents, 40_000);
    let within: Vec<_> = seen.iter().filter(|p| p.files_done == 0).collect();
    assert!(within.len() >= 4, "{seen:?}");
    for pair in seen.windows(2) {
        assert!(pair[0].bytes_read <= pair[1].bytes_read, "{seen:?}");
        assert!(pair[0].articles <= pair[1].articles, "{seen:?}");
    }
    let last = seen.last().unwrap();
    assert_eq!(last.bytes_read, text.len() as u64);
    assert_eq!(last.bytes_total, text.len() as u64);
    assert_eq!(last.articles, 40_000);
    assert_eq!((last.files_done, last.files_total), (1, 1));
    assert!(within
        .iter()
        .any(|p| p.articles > 0 && p.bytes_read < p.bytes_total));
}

/// The ids of the articles in `index`, sorted, with the file of each.
fn ids(index: &NewsIndex) -> Vec<(String, String)> {
    let searcher = index.tantivy().reader().unwrap().searcher();
    let fields = index.fields();
    let mut ids = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in segment.doc_ids_alive() {
            let doc: tantivy::TantivyDocument = searcher
                .doc(tantivy::DocAddress::new(ord as u32, doc))
                .unwrap();
            let text = |field| {
                use tantivy::schema::Value;
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            ids.push((text(fields.id), text(fields.path)));
        }
    }
    ids.sort();
    ids
}

/// How many records a sync left out for their ids.
fn duplicates(report: &SyncReport) -> usize {
    report
        .records_skipped
        .iter()
        .filter(|s| s.reason == "duplicate id")
        .map(|s| s.count)
        .sum()
}

#[test]
fn two_records_with_one_id_are_one_article_of_the_first_file_whatever_the_order_indexed() {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    let first = news.join("a.jsonl");
    let second = news.join("b.json");
    let third = news.join("c.md");
    write(
        &second,
        r#"[{"id":"x1","title":"Second","body":"kim second"},{"id":"x2","title":"Other","body":"other"}]"#,
    );
    write(&third, "---\nid: x1\ntitle: Third\n---\nkim third\n");
    let index = NewsIndex::create(tmp.path().join("idx")).unwrap();
    let report = sync(&index, std::slice::from_ref(&news), &SyncOptions::new());
    let path = |p: &Path| p.to_string_lossy().into_owned();
    assert_eq!(
        ids(&index),
        [("x1".into(), path(&second)), ("x2".into(), path(&second))]
    );
    let dup: Vec<_> = report
        .problems
        .iter()
        .filter(|p| p.kind == newsdex_ingest::ProblemKind::DuplicateId)
        .collect();
    assert_eq!(dup.len(), 1, "{:?}", report.problems);
    assert_eq!(dup[0].path, third);
    assert!(
        dup[0].message.contains(&path(&second)),
        "{}",
        dup[0].message
    );

    // A file before them in order, with the id twice, added later: its first record wins.
    write(
        &first,
        "{\"id\":\"x1\",\"title\":\"First\",\"body\":\"kim first\"}\n{\"id\":\"x1\",\"title\":\"Again\",\"body\":\"kim again\"}\n",
    );
    let report = sync(&index, &[], &SyncOptions::new());
    assert_eq!(
        ids(&index),
        [("x1".into(), path(&first)), ("x2".into(), path(&second))]
    );
    assert_eq!(duplicates(&report), 3, "{report:?}");
    let rebuilt = sync(&index, &[], &SyncOptions::new().rebuild(true));
    assert_eq!(duplicates(&rebuilt), 3);
    let rebuilt_ids = ids(&index);
    // A sync with nothing changed says it again, and changes nothing.
    let again = sync(&index, &[], &SyncOptions::new());
    assert_eq!(duplicates(&again), 3);
    assert!(!again.changed());
    assert_eq!(ids(&index), rebuilt_ids);
    assert!(!is_stale(&index).unwrap());

    // When the file that had the id goes, the next one in order has it.
    std::fs::remove_file(&first).unwrap();
    sync(&index, &[], &SyncOptions::new());
    assert_eq!(
        ids(&index),
        [("x1".into(), path(&second)), ("x2".into(), path(&second))]
    );
    std::fs::remove_file(&second).unwrap();
    sync(&index, &[], &SyncOptions::new());
    assert_eq!(ids(&index), [("x1".into(), path(&third))]);
}

#[test]
fn files_of_one_name_in_folders_of_one_name_are_two_articles_with_two_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let (x, y) = (tmp.path().join("x/news"), tmp.path().join("y/news"));
    write(&x.join("a.txt"), "Kim one\n\nThe first article.");
    write(&y.join("a.txt"), "Kim two\n\nThe second article.");
    write(
        &x.join("f.jsonl"),
        "{\"title\":\"Kim three\",\"body\":\"kim\"}\n",
    );
    write(
        &y.join("f.jsonl"),
        "{\"title\":\"Kim four\",\"body\":\"kim\"}\n",
    );
    let index = NewsIndex::create(tmp.path().join("idx")).unwrap();
    let report = sync(&index, &[x, y], &SyncOptions::new());
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let ids = ids(&index);
    assert_eq!(ids.len(), 4);
    let distinct: std::collections::HashSet<&String> = ids.iter().map(|(id, _)| id).collect();
    assert_eq!(distinct.len(), 4, "{ids:?}");
}

#[test]
fn adding_an_article_replaces_the_one_with_its_id() {
    let index = NewsIndex::create_in_ram();
    let mut indexer = Indexer::new(&index).unwrap();
    indexer
        .add(&newsdex_indexer::Article::new("first").with_id("a1"))
        .unwrap();
    indexer.commit().unwrap();
    indexer
        .add(&newsdex_indexer::Article::new("second").with_id("a1"))
        .unwrap();
    indexer
        .add(&newsdex_indexer::Article::new("third").with_id("a1"))
        .unwrap();
    indexer.commit().unwrap();
    assert_eq!(index.tantivy().reader().unwrap().searcher().num_docs(), 1);
}
