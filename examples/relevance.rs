//! The relevance harness: runs a query file against an index and scores the run against
//! TREC qrels with nDCG@10, MAP (over the top 100) and Recall@100.
//!
//! ```text
//! cargo run --release --example relevance -- DOCS.jsonl QUERIES.txt QRELS.txt [RUN.trec]
//! ```
//!
//! `DOCS.jsonl` is indexed into a temporary folder first, on one thread so that the run
//! is the same every time (one JSON object per line with
//! `id`, `title`, `date`, `source`, `body`); query line N has qid N; qrels lines are
//! `qid 0 docid relevance`. The optional `RUN.trec` receives the run in TREC format, so it
//! can be scored by other tools too. Each query is searched the way `search` does it by
//! default (name variants on, every-word articles first), but for near-duplicates, which
//! are listed as the other engines list them; set `NEWSDEX_FOLD=1` to fold them as
//! `search` does, `NEWSDEX_EXACT=1` to turn name variants off and `NEWSDEX_TITLE_BOOST`
//! to try another title weight.
//!
//! On Reuters-21578's topic collection (`scripts/fetch-corpora.sh` writes it as
//! `reuters-tc/`), this is the figure quoted in BENCHMARKS.md.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;

use newsdex::{Indexer, IndexerOptions, NewsIndex, SearchRequest, Searcher, SyncOptions};

const DEPTH: usize = 100;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: relevance DOCS.jsonl QUERIES.txt QRELS.txt [RUN.trec]");
        std::process::exit(2);
    }
    let (docs, queries, qrels) = (PathBuf::from(&args[0]), &args[1], &args[2]);

    let tmp = tempfile::tempdir()?;
    let index = NewsIndex::create(tmp.path())?;
    let started = std::time::Instant::now();
    // One indexing thread: articles keep the file's order, so ties in score break the
    // same way on every run and the figures repeat exactly.
    let mut indexer = Indexer::with_options(&index, &IndexerOptions::new().threads(1))?;
    let report = indexer.sync(&SyncOptions::new().paths([docs]))?;
    indexer.finish()?;
    eprintln!(
        "indexed {} articles in {:.1} s",
        report.documents,
        started.elapsed().as_secs_f64()
    );

    let judged = read_qrels(qrels)?;
    let searcher = Searcher::new(&index)?;
    let exact = std::env::var("NEWSDEX_EXACT").is_ok_and(|v| v == "1");
    let fold = std::env::var("NEWSDEX_FOLD").is_ok_and(|v| v == "1");
    let title_boost: Option<f32> = std::env::var("NEWSDEX_TITLE_BOOST")
        .ok()
        .and_then(|v| v.parse().ok());
    let mut run_file = match args.get(3) {
        Some(path) => Some(std::io::BufWriter::new(std::fs::File::create(path)?)),
        None => None,
    };
    let (mut ndcg, mut ap, mut recall) = (Vec::new(), Vec::new(), Vec::new());
    for (n, line) in std::fs::read_to_string(queries)?.lines().enumerate() {
        let qid = (n + 1).to_string();
        // The same bag of words every engine gets: \w+ tokens.
        let words: Vec<&str> = line
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let mut request = SearchRequest::new(words.join(" "))
            .limit(DEPTH)
            .exact(exact)
            .duplicates(!fold)
            .lenient(true);
        if let Some(boost) = title_boost {
            request = request.title_boost(boost);
        }
        let ranked: Vec<String> = match searcher.search(&request) {
            Ok(results) => results.hits.into_iter().map(|h| h.id).collect(),
            Err(e) => {
                eprintln!("query {qid} ({line:?}): {e}");
                Vec::new()
            }
        };
        if let Some(out) = run_file.as_mut() {
            for (rank, id) in ranked.iter().enumerate() {
                writeln!(out, "{qid} Q0 {id} {} {} newsdex", rank + 1, DEPTH - rank)?;
            }
        }
        let relevant = judged.get(&qid).cloned().unwrap_or_default();
        if relevant.is_empty() {
            continue;
        }
        ndcg.push(ndcg_at(&ranked, &relevant, 10));
        ap.push(average_precision(&ranked, &relevant));
        recall.push(
            ranked
                .iter()
                .take(DEPTH)
                .filter(|id| relevant.contains(*id))
                .count() as f64
                / relevant.len() as f64,
        );
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    println!(
        "queries {}  nDCG@10 {:.4}  MAP {:.4}  R@100 {:.4}",
        ndcg.len(),
        mean(&ndcg),
        mean(&ap),
        mean(&recall)
    );
    Ok(())
}

fn read_qrels(path: &str) -> Result<HashMap<String, HashSet<String>>, Box<dyn std::error::Error>> {
    let mut judged: HashMap<String, HashSet<String>> = HashMap::new();
    for line in std::fs::read_to_string(path)?.lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        if let [qid, _, doc, rel] = parts.as_slice() {
            if rel.parse::<i32>().unwrap_or(0) > 0 {
                judged
                    .entry(qid.to_string())
                    .or_default()
                    .insert(doc.to_string());
            }
        }
    }
    Ok(judged)
}

/// nDCG with binary gains and a log2 discount, over the first `k` ranks.
fn ndcg_at(ranked: &[String], relevant: &HashSet<String>, k: usize) -> f64 {
    let dcg: f64 = ranked
        .iter()
        .take(k)
        .enumerate()
        .filter(|(_, id)| relevant.contains(*id))
        .map(|(i, _)| 1.0 / ((i + 2) as f64).log2())
        .sum();
    let ideal: f64 = (0..relevant.len().min(k))
        .map(|i| 1.0 / ((i + 2) as f64).log2())
        .sum();
    if ideal == 0.0 {
        0.0
    } else {
        dcg / ideal
    }
}

/// Average precision over the run (its depth is the cut-off), divided by all relevant.
fn average_precision(ranked: &[String], relevant: &HashSet<String>) -> f64 {
    let mut hits = 0.0;
    let mut sum = 0.0;
    for (i, id) in ranked.iter().enumerate() {
        if relevant.contains(id) {
            hits += 1.0;
            sum += hits / (i + 1) as f64;
        }
    }
    sum / relevant.len() as f64
}
