//! The opening policy a search uses: build on first use, rebuild another format, sync
//! when stale, leave an index being written alone, answer from the last commit when a
//! sync fails.

use std::path::Path;

use newsdex_indexer::{open, Error, Indexer, Location, NewsIndex, OpenPolicy, Opening};

use crate::{touch, write};

/// A folder with one article, and a location that builds its index over it.
fn archive() -> (tempfile::TempDir, Location) {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    write(
        &news.join("a.txt"),
        "Kim meets Shoigu\n\nThey talked in Pyongyang.",
    );
    touch(&news.join("a.txt"), 1_000_000);
    let location = Location {
        dir: tmp.path().join(".newsdex"),
        build_over: Some(vec![news]),
        auto_sync: true,
    };
    (tmp, location)
}

fn documents(index: &NewsIndex) -> u64 {
    index.tantivy().reader().unwrap().searcher().num_docs()
}

fn add_article(location: &Location, name: &str) {
    let news = &location.build_over.as_ref().unwrap()[0];
    write(&news.join(name), "Peskov speaks\n\nThe Kremlin said so.");
}

#[test]
fn a_missing_index_is_built_over_its_folders_then_reused() {
    let (_tmp, location) = archive();
    let opened = open(&location, &OpenPolicy::new()).unwrap();
    let Opening::Built(report) = &opened.opening else {
        panic!("not built: {:?}", opened.opening);
    };
    assert_eq!((report.added, report.documents), (1, 1));
    assert_eq!(documents(&opened.index), 1);
    assert!(opened.warning().is_none());

    let again = open(&location, &OpenPolicy::new()).unwrap();
    assert!(
        matches!(again.opening, Opening::UpToDate),
        "{:?}",
        again.opening
    );
}

#[test]
fn an_index_named_explicitly_is_never_built_nor_synced() {
    let (tmp, built) = archive();
    let missing = Location::at(tmp.path().join("nowhere"));
    let err = open(&missing, &OpenPolicy::new()).unwrap_err();
    assert!(matches!(err, Error::NoIndex { .. }), "{err}");
    assert!(!tmp.path().join("nowhere").exists());

    open(&built, &OpenPolicy::new()).unwrap();
    add_article(&built, "b.txt");
    let opened = open(&Location::at(&built.dir), &OpenPolicy::new()).unwrap();
    assert!(
        matches!(opened.opening, Opening::AsIs),
        "{:?}",
        opened.opening
    );
    assert_eq!(documents(&opened.index), 1);
}

#[test]
fn a_stale_index_is_synced_unless_the_policy_says_not_to() {
    let (_tmp, location) = archive();
    open(&location, &OpenPolicy::new()).unwrap();
    add_article(&location, "b.txt");

    let unsynced = open(&location, &OpenPolicy::new().sync(false)).unwrap();
    assert!(matches!(unsynced.opening, Opening::AsIs));
    assert_eq!(documents(&unsynced.index), 1);

    let synced = open(&location, &OpenPolicy::new()).unwrap();
    let Opening::Synced(report) = &synced.opening else {
        panic!("not synced: {:?}", synced.opening);
    };
    assert_eq!((report.added, report.unchanged), (1, 1));
    assert_eq!(documents(&synced.index), 2);
}

#[test]
fn an_index_being_written_is_not_checked() {
    let (_tmp, location) = archive();
    let opened = open(&location, &OpenPolicy::new()).unwrap();
    add_article(&location, "b.txt");
    let writer = Indexer::new(&opened.index).unwrap();
    let busy = open(&location, &OpenPolicy::new()).unwrap();
    assert!(
        matches!(busy.opening, Opening::BeingWritten),
        "{:?}",
        busy.opening
    );
    assert_eq!(documents(&busy.index), 1);
    drop(writer);
    let free = open(&location, &OpenPolicy::new()).unwrap();
    assert!(
        matches!(free.opening, Opening::Synced(_)),
        "{:?}",
        free.opening
    );
}

/// Gives the last commit of the index in `dir` another format version.
fn set_format(dir: &Path, version: u32) {
    let index = NewsIndex::open(dir).unwrap();
    let mut meta = index.commit_meta().unwrap();
    meta.format = version;
    let mut writer: tantivy::IndexWriter = index.tantivy().writer(15_000_000).unwrap();
    let mut commit = writer.prepare_commit().unwrap();
    commit.set_payload(&meta.to_payload());
    commit.commit().unwrap();
}

#[test]
fn an_index_of_another_format_is_rebuilt_only_where_the_location_builds_one() {
    let (_tmp, location) = archive();
    open(&location, &OpenPolicy::new()).unwrap();
    set_format(&location.dir, 999);

    let err = open(&Location::at(&location.dir), &OpenPolicy::new()).unwrap_err();
    assert!(
        matches!(err, Error::OtherFormat { found: 999, .. }),
        "{err}"
    );

    let opened = open(&location, &OpenPolicy::new()).unwrap();
    let Opening::Rebuilt { reason, report } = &opened.opening else {
        panic!("not rebuilt: {:?}", opened.opening);
    };
    assert!(matches!(reason, Error::OtherFormat { found: 999, .. }));
    assert_eq!(report.documents, 1);
    assert_eq!(
        NewsIndex::open(&location.dir)
            .unwrap()
            .commit_meta()
            .unwrap()
            .format,
        newsdex_schema_format()
    );
}

fn newsdex_schema_format() -> u32 {
    NewsIndex::create_in_ram().commit_meta().unwrap().format
}

#[test]
fn a_failed_sync_answers_from_the_last_commit_with_a_warning() {
    let (_tmp, location) = archive();
    open(&location, &OpenPolicy::new()).unwrap();
    add_article(&location, "b.txt");
    // The writer's lock file can't be opened (it is a folder): any sync fails, while
    // reading the last commit still works.
    let lock = location.dir.join(".tantivy-writer.lock");
    let _ = std::fs::remove_file(&lock);
    std::fs::create_dir(&lock).unwrap();

    let opened = open(&location, &OpenPolicy::new()).unwrap();
    let Opening::SyncFailed(e) = &opened.opening else {
        panic!("the sync did not fail: {:?}", opened.opening);
    };
    assert!(!e.is_user_error(), "{e}");
    let warning = opened.warning().unwrap();
    assert!(
        warning.ends_with("; searching its last commit"),
        "{warning}"
    );
    assert_eq!(documents(&opened.index), 1);
}
