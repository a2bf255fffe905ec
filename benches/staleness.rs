//! The staleness check `newsdex::is_stale` that every `search` runs before answering, on
//! an index over 20,000 small unchanged `.txt` files (200 folders of 100, generated into a
//! temp dir; no corpus needed). It walks the roots and `stat`s each file against the
//! stamps the index holds, so this is a floor on the start-up of a `search` over a large
//! folder of articles. The answer must be "not stale".

#![allow(clippy::print_stdout)]
#![allow(missing_docs)] // criterion_group! defines an undocumented `pub fn`

mod common;

use std::path::Path;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use newsdex::{Indexer, NewsIndex, SyncOptions};

const FOLDERS: usize = 200;
const FILES_PER_FOLDER: usize = 100;

const WORDS: &[&str] = &[
    "minister",
    "talks",
    "military",
    "cooperation",
    "capital",
    "agreed",
    "Wednesday",
    "officials",
    "said",
    "exports",
    "prices",
    "rose",
    "percent",
    "government",
    "report",
];

fn write_corpus(root: &Path) {
    for folder in 0..FOLDERS {
        let dir = root.join(format!("f{folder:03}"));
        std::fs::create_dir_all(&dir).expect("mkdir");
        for file in 0..FILES_PER_FOLDER {
            let n = folder * FILES_PER_FOLDER + file;
            let body: Vec<&str> = (0..60)
                .map(|i| WORDS[(n * 7 + i * 3) % WORDS.len()])
                .collect();
            let text = format!("Article number {n}\n\n{}.\n", body.join(" "));
            std::fs::write(dir.join(format!("a{n:05}.txt")), text).expect("write");
        }
    }
}

fn staleness(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let corpus = tmp.path().join("news");
    let start = Instant::now();
    write_corpus(&corpus);
    let index = NewsIndex::create(tmp.path().join("index")).expect("create index");
    let mut indexer = Indexer::new(&index).expect("writer");
    let report = indexer
        .sync(&SyncOptions::new().paths([corpus]))
        .expect("sync");
    indexer.finish().expect("finish");
    println!(
        "{} files written and indexed in {:.1} s",
        report.added,
        start.elapsed().as_secs_f64()
    );
    assert_eq!(report.added, FOLDERS * FILES_PER_FOLDER);
    assert!(!newsdex::is_stale(&index).expect("is_stale"));

    c.bench_function("is_stale/20k-files", |b| {
        b.iter(|| assert!(!newsdex::is_stale(&index).expect("is_stale")))
    });
}

criterion_group!(benches, staleness);
criterion_main!(benches);
