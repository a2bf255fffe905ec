//! Indexing throughput: MB/s and articles/s of a full build through the library, the way
//! `search index FILE.jsonl` builds (walk, read and parse the JSONL, write, commit, wait
//! for merges), into a fresh index in a temp dir, with the default [`IndexerOptions`].
//!
//! Corpora (`scripts/fetch-corpora.sh`): Reuters-21578 as `reuters.jsonl` (20,841
//! articles, 18.6 MB) and the same written four times with distinct ids,
//! `reuters-x4.jsonl` (83,364 articles, 74.6 MB). `CORPUS/sync` reads the file; `CORPUS/add`
//! builds from articles parsed beforehand, through `Indexer::add`: the writer alone.
//!
//! Criterion reports time and MB/s of JSONL; after each corpus a line gives the median,
//! MB/s and articles/s of the iterations run. Missing corpus: a message, exit 0.

#![allow(clippy::print_stdout)]
#![allow(missing_docs)] // criterion_group! defines an undocumented `pub fn`

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsdex::ingest::{read_bytes, Format};
use newsdex::{Article, Indexer, IndexerOptions, NewsIndex, ReadOptions, SyncOptions};

/// Read options that take a corpus whatever its size: `reuters-x4.jsonl` is over the
/// default 64 MiB file-size limit.
fn read_options() -> ReadOptions {
    ReadOptions::new().max_file_size(u64::MAX)
}

fn sync_options() -> SyncOptions {
    SyncOptions::new().read_options(read_options())
}

/// One full build of `corpus` into a new index in a temp dir; returns the time it took and
/// the number of articles indexed.
fn build(corpus: &Path) -> (Duration, u64) {
    let dir = tempfile::tempdir().expect("temp dir");
    let start = Instant::now();
    let index = NewsIndex::create(dir.path()).expect("create index");
    let mut indexer = Indexer::with_options(&index, &IndexerOptions::new()).expect("writer");
    let report = indexer.sync(&sync_options().paths([corpus])).expect("sync");
    indexer.finish().expect("finish");
    let elapsed = start.elapsed();
    drop(dir);
    (elapsed, report.documents_indexed)
}

/// Builds an index from articles already in memory.
fn build_from(articles: &[Article]) -> Duration {
    let dir = tempfile::tempdir().expect("temp dir");
    let start = Instant::now();
    let index = NewsIndex::create(dir.path()).expect("create index");
    let mut indexer = Indexer::with_options(&index, &IndexerOptions::new()).expect("writer");
    for article in articles {
        indexer.add(article).expect("add");
    }
    indexer.finish().expect("finish");
    start.elapsed()
}

fn summary(name: &str, bytes: u64, articles: u64, mut times: Vec<Duration>) {
    if times.is_empty() {
        return; // filtered out
    }
    times.sort();
    let median = common::quantile(&times, 0.5);
    let secs = median.as_secs_f64();
    println!(
        "{name}: {} runs, median {:.2} s, {:.1} MB/s, {:.0} articles/s ({articles} articles, {:.1} MB)",
        times.len(),
        secs,
        bytes as f64 / 1e6 / secs,
        articles as f64 / secs,
        bytes as f64 / 1e6,
    );
}

fn indexing(c: &mut Criterion) {
    let mut group = c.benchmark_group("indexing");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.sampling_mode(criterion::SamplingMode::Flat);
    for name in ["reuters", "reuters-x4"] {
        let Some(corpus) = common::corpus(&format!("{name}.jsonl")) else {
            continue;
        };
        let bytes = std::fs::metadata(&corpus).expect("corpus size").len();
        group.throughput(Throughput::Bytes(bytes));
        let mut times = Vec::new();
        let mut articles = 0;
        group.bench_function(format!("{name}/sync"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let (elapsed, n) = build(&corpus);
                    total += elapsed;
                    times.push(elapsed);
                    articles = n;
                }
                total
            })
        });
        summary(&format!("indexing/{name}/sync"), bytes, articles, times);

        {
            let text = std::fs::read(&corpus).expect("read corpus");
            let key = corpus.to_string_lossy();
            let read = read_bytes(&text, Format::JsonLines, &key, &read_options());
            let parsed = read.articles;
            assert!(!parsed.is_empty(), "{name}: no article parsed");
            if articles > 0 {
                assert_eq!(
                    parsed.len() as u64,
                    articles,
                    "{name}: the articles parsed beforehand are those a sync indexes"
                );
            }
            let mut times = Vec::new();
            group.bench_function(format!("{name}/add"), |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let elapsed = build_from(&parsed);
                        total += elapsed;
                        times.push(elapsed);
                    }
                    total
                })
            });
            summary(
                &format!("indexing/{name}/add"),
                bytes,
                parsed.len() as u64,
                times,
            );
        }
    }
    group.finish();
}

criterion_group!(benches, indexing);
criterion_main!(benches);
