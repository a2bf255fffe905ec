//! Query latency, in process, on the 83,364-article index of `reuters-x4.jsonl`
//! (Reuters-21578 written four times; `scripts/fetch-corpora.sh`), built once into a temp
//! dir before measuring. Every search asks for the top 10 with their snippets, the way
//! `search QUERY` does: one-, two- and five-word queries, a phrase, a fuzzy word, a
//! two-word query filtered to a month, and a two-word query with facets.
//!
//! Criterion reports mean times. Because latency targets are about the tail, a second
//! pass times each query on its own (`TIMED_RUNS` searches after a warm-up) and prints
//! p50, p99 and max. Missing corpus: a message, exit 0.

#![allow(clippy::print_stdout)]
#![allow(missing_docs)] // criterion_group! defines an undocumented `pub fn`

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use newsdex::{
    DateSpan, Indexer, IndexerOptions, NewsIndex, ReadOptions, SearchRequest, Searcher, SyncOptions,
};

/// Searches per query in the p50/p99 pass.
const TIMED_RUNS: usize = 2000;

fn requests() -> Vec<(&'static str, SearchRequest)> {
    let month = DateSpan::parse("1987-04").expect("date");
    vec![
        ("one-word", SearchRequest::new("coffee")),
        ("two-word", SearchRequest::new("oil prices")),
        (
            "five-word",
            SearchRequest::new("central bank raises interest rates"),
        ),
        ("phrase", SearchRequest::new("\"trade deficit\"")),
        ("fuzzy", SearchRequest::new("petroleim~1")),
        (
            "date-filtered",
            SearchRequest::new("oil prices").since(month).until(month),
        ),
        ("faceted", SearchRequest::new("oil prices").facets(true)),
    ]
    .into_iter()
    .map(|(name, request)| (name, request.limit(10)))
    .collect()
}

fn build(corpus: &Path, dir: &Path) -> NewsIndex {
    let start = Instant::now();
    let index = NewsIndex::create(dir).expect("create index");
    let mut indexer = Indexer::with_options(&index, &IndexerOptions::new()).expect("writer");
    let sync = SyncOptions::new()
        .read_options(ReadOptions::new().max_file_size(u64::MAX))
        .paths([corpus]);
    let report = indexer.sync(&sync).expect("sync");
    indexer.finish().expect("finish");
    println!(
        "index of {} articles built in {:.1} s",
        report.documents,
        start.elapsed().as_secs_f64()
    );
    index
}

fn query(c: &mut Criterion) {
    let Some(corpus) = common::corpus("reuters-x4.jsonl") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let index = build(&corpus, dir.path());
    let searcher = Searcher::new(&index).expect("searcher");
    let requests = requests();

    let mut group = c.benchmark_group("query");
    for (name, request) in &requests {
        let results = searcher.search(request).expect("search");
        assert!(!results.hits.is_empty(), "{name}: no hits");
        group.bench_function(*name, |b| {
            b.iter(|| searcher.search(request).expect("search"))
        });
    }
    group.finish();

    if common::profiling() {
        return;
    }
    let filter = common::filter();
    let runs = if common::measuring() { TIMED_RUNS } else { 10 };
    println!(
        "\nquery latency on reuters-x4 (83,364 articles), top 10 with snippets, {runs} runs each:"
    );
    println!(
        "{:<14} {:>9} {:>9} {:>9} {:>9}  {:>7}",
        "query", "p50 ms", "p99 ms", "max ms", "mean ms", "hits"
    );
    for (name, request) in &requests {
        if filter
            .as_deref()
            .is_some_and(|f| !format!("query/{name}").contains(f))
        {
            continue;
        }
        for _ in 0..runs / 10 {
            searcher.search(request).expect("search");
        }
        let mut times = Vec::with_capacity(runs);
        let mut total = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let results = std::hint::black_box(searcher.search(request).expect("search"));
            times.push(start.elapsed());
            total = results.total;
        }
        times.sort();
        let mean = times.iter().sum::<Duration>() / runs as u32;
        println!(
            "{:<14} {:>9.3} {:>9.3} {:>9.3} {:>9.3}  {:>7}",
            name,
            common::ms(common::quantile(&times, 0.50)),
            common::ms(common::quantile(&times, 0.99)),
            common::ms(*times.last().expect("runs")),
            common::ms(mean),
            total
        );
    }
}

criterion_group!(benches, query);
criterion_main!(benches);
