//! Query latency, in process, by default on the 83,364-article index of
//! `reuters-x4.jsonl` (Reuters-21578 written four times; `scripts/fetch-corpora.sh`),
//! built once into a temp dir before measuring. Every search asks for the top 10 with
//! their snippets, the way `search QUERY` does: one-, two- and five-word queries, a
//! phrase, a fuzzy word, a two-word query filtered to a month, and a two-word query with
//! facets; beside them, the facet counts over every article (`search stats`).
//!
//! Criterion reports mean times. Because latency targets are about the tail, a second
//! pass times each query on its own (`TIMED_RUNS` searches after a warm-up) and prints
//! p50, p99 and max. Missing corpus: a message, exit 0.
//!
//! `NEWSDEX_QUERY_CORPUS` names another corpus of the corpora folder
//! (`reuters-x48.jsonl`, 1,000,368 articles: `scripts/fetch-corpora.sh large`), and
//! `NEWSDEX_QUERY_INDEX` a folder to keep its index in: built there when it holds no
//! index yet, reused (brought in sync) by the next runs; `NEWSDEX_QUERY_RUNS` sets the
//! searches of the p50/p99 pass (default 2,000).

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
    let index = NewsIndex::open_or_create(dir).expect("create index");
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
    let name = std::env::var("NEWSDEX_QUERY_CORPUS").unwrap_or_else(|_| "reuters-x4.jsonl".into());
    let Some(corpus) = common::corpus(&name) else {
        return;
    };
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = std::env::var_os("NEWSDEX_QUERY_INDEX")
        .map_or_else(|| temp.path().to_path_buf(), std::path::PathBuf::from);
    let index = build(&corpus, &dir);
    // Every request is searched: none is answered from the results a searcher keeps.
    let searcher = Searcher::new(&index).expect("searcher").cache_results(0);
    let requests = requests();
    let articles = searcher.num_docs();

    let mut group = c.benchmark_group("query");
    for (name, request) in &requests {
        let results = searcher.search(request).expect("search");
        assert!(!results.hits.is_empty(), "{name}: no hits");
        group.bench_function(*name, |b| {
            b.iter(|| searcher.search(request).expect("search"))
        });
    }
    group.bench_function("facets-all", |b| {
        b.iter(|| searcher.stats().expect("stats"))
    });
    group.finish();

    if common::profiling() {
        return;
    }
    let filter = common::filter();
    let runs = match std::env::var("NEWSDEX_QUERY_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
    {
        Some(runs) if common::measuring() => std::cmp::max(runs, 1),
        _ if common::measuring() => TIMED_RUNS,
        _ => 10,
    };
    println!(
        "\nquery latency on {name} ({articles} articles), top 10 with snippets, {runs} runs each:"
    );
    println!(
        "{:<14} {:>9} {:>9} {:>9} {:>9}  {:>7}",
        "query", "p50 ms", "p99 ms", "max ms", "mean ms", "hits"
    );
    type Run<'a> = Box<dyn Fn() -> usize + 'a>;
    let timed: Vec<(&str, Run<'_>)> = requests
        .iter()
        .map(|(name, request)| {
            let run: Run<'_> = Box::new(|| searcher.search(request).expect("search").total);
            (*name, run)
        })
        .chain(std::iter::once((
            "facets-all",
            Box::new(|| searcher.stats().expect("stats").documents as usize) as Run<'_>,
        )))
        .collect();
    for (name, run) in &timed {
        if filter
            .as_deref()
            .is_some_and(|f| !format!("query/{name}").contains(f))
        {
            continue;
        }
        for _ in 0..runs / 10 {
            run();
        }
        let mut times = Vec::with_capacity(runs);
        let mut total = 0;
        for _ in 0..runs {
            let start = Instant::now();
            total = std::hint::black_box(run());
            times.push(start.elapsed());
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
