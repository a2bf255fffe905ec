//! The relevance harness: runs a collection's queries against newsdex and scores the run
//! against graded TREC judgments, beside the runs of other engines.
//!
//! ```text
//! cargo run --release --example relevance -- run DOCS.jsonl QUERIES.txt QRELS.txt \
//!     [--out RUN.trec] [--compare OTHER.trec]... [--per-query] [--threads N] [--index DIR] \
//!     [--fold] [--exact] [--title-boost B] [--like]
//! cargo run --release --example relevance -- score QRELS.txt RUN.trec \
//!     [--compare OTHER.trec]... [--queries QUERIES.txt] [--per-query] [--unlisted LIKE.txt]
//! ```
//!
//! `run` indexes `DOCS.jsonl` (one JSON object per line with `id`, `title`, `date`,
//! `source`, `body`) into a temporary folder, on `--threads` threads (default 1), or
//! searches the index already in `--index DIR` (one built by `search index`, say). Query
//! line N has qid N; each is searched as `search` does it by default, as the bag of its
//! `\w+` words that other engines' benchmarks give each engine, except that
//! near-duplicates are listed as hits of their own, as other engines list them (`--fold`
//! folds them as `search` does). `score` reads a run written before, by newsdex or any
//! other engine.
//!
//! Both print nDCG@10 (the grade as a linear gain, as trec_eval's `ndcg_cut`), MAP (over
//! the run), P@10 and R@100, over all queries and over two fixed halves: the *tuning*
//! half (odd qids) and the *held-out* half (even qids). A query file listed from the most
//! judged topic to the least, as reuters-tc's is, gives each half frequent and rare
//! topics alike. Methods are tuned on the first half and judged on the second.
//!
//! Each `--compare` run is set against the first: its figures, the difference, the
//! queries won, lost and tied on nDCG@10, and the two-sided p-value of a paired
//! randomisation test (100,000 relabellings, seeded) on nDCG@10 and on AP.
//! `--per-query` adds a line per query.
//!
//! On Reuters-21578's topic collection (`scripts/fetch-corpora.sh` writes it as
//! `reuters-tc/`), these are the figures of BENCHMARKS.md's ranking section.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod trec;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use newsdex::{Indexer, IndexerOptions, NewsIndex, SearchRequest, Searcher, SyncOptions};

use trec::{Measures, Qrels, Run};

/// How many hits are asked for each query.
const DEPTH: usize = 100;

#[derive(Parser)]
#[command(about = "Runs and scores newsdex on a TREC-style collection")]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Index a collection, run its queries and score the run.
    Run(RunArgs),
    /// Score run files written before.
    Score(ScoreArgs),
}

#[derive(clap::Args)]
struct RunArgs {
    /// The articles, as JSON Lines.
    docs: PathBuf,
    /// The queries, one a line (line N has qid N).
    queries: PathBuf,
    /// The judgments, as TREC qrels.
    qrels: PathBuf,
    /// Searches this index instead of indexing DOCS.
    #[arg(long)]
    index: Option<PathBuf>,
    /// Indexing threads.
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Writes the run here, in TREC format.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    report: ReportArgs,
    /// Folds near-duplicates into the best hit of their story, as `search` does.
    #[arg(long)]
    fold: bool,
    /// Turns name variants off.
    #[arg(long)]
    exact: bool,
    /// Another title weight.
    #[arg(long)]
    title_boost: Option<f32>,
    /// Each query line is an article's id, searched for the articles like it (as
    /// `search --like ID`): never the article itself; its copies are listed, as other
    /// engines list them, unless `--fold`.
    #[arg(long)]
    like: bool,
}

#[derive(clap::Args)]
struct ScoreArgs {
    /// The judgments, as TREC qrels.
    qrels: PathBuf,
    /// The run to score.
    run: PathBuf,
    /// The queries, to name them in per-query lines.
    #[arg(long)]
    queries: Option<PathBuf>,
    #[command(flatten)]
    report: ReportArgs,
}

#[derive(clap::Args)]
struct ReportArgs {
    /// Another run to compare with (any number).
    #[arg(long)]
    compare: Vec<PathBuf>,
    /// A line per query.
    #[arg(long)]
    per_query: bool,
    /// Line N is an article that query N's hits must not list (the example of a
    /// related-articles query, which newsdex never lists and other engines find first):
    /// it is dropped from every run scored, and each run cut to its first 100 hits.
    #[arg(long)]
    unlisted: Option<PathBuf>,
}

fn main() {
    let args = Args::parse();
    let outcome = match args.command {
        Command::Run(run) => run_collection(&run),
        Command::Score(score) => score_run(&score),
    };
    if let Err(e) = outcome {
        eprintln!("relevance: {e}");
        std::process::exit(2);
    }
}

fn run_collection(args: &RunArgs) -> Result<(), Box<dyn std::error::Error>> {
    let qrels = trec::read_qrels(&args.qrels)?;
    let queries = read_queries(&args.queries)?;
    let tmp = tempfile::tempdir()?;
    let index = match &args.index {
        Some(dir) => NewsIndex::open(dir)?,
        None => {
            let index = NewsIndex::create(tmp.path())?;
            let started = std::time::Instant::now();
            let options = IndexerOptions::new().threads(args.threads);
            let mut indexer = Indexer::with_options(&index, &options)?;
            let report = indexer.sync(&SyncOptions::new().paths([args.docs.clone()]))?;
            indexer.finish()?;
            eprintln!(
                "indexed {} articles on {} thread(s) in {:.1} s",
                report.documents,
                args.threads,
                started.elapsed().as_secs_f64()
            );
            index
        }
    };
    // Every query is searched, so the times are of searches.
    let searcher = Searcher::new(&index)?.cache_results(0);
    let mut run = Run::new();
    let mut took = Vec::with_capacity(queries.len());
    for (qid, line) in &queries {
        let text = if args.like {
            String::new()
        } else {
            bag_of_words(line)
        };
        let mut request = SearchRequest::new(text)
            .limit(DEPTH)
            .exact(args.exact)
            .duplicates(!args.fold)
            .lenient(true);
        if let Some(boost) = args.title_boost {
            request = request.title_boost(boost);
        }
        if args.like {
            request = request.like(line.trim());
        }
        let started = std::time::Instant::now();
        let found = searcher.search(&request);
        took.push(started.elapsed().as_secs_f64() * 1e3);
        let ranked = match found {
            Ok(results) => results.hits.into_iter().map(|h| h.id).collect(),
            Err(e) => {
                eprintln!("query {qid} ({line:?}): {e}");
                Vec::new()
            }
        };
        run.insert(qid.clone(), ranked);
    }
    took.sort_by(f64::total_cmp);
    if let (Some(median), Some(slowest)) = (took.get(took.len() / 2), took.last()) {
        eprintln!(
            "searched {} queries: median {median:.2} ms, slowest {slowest:.2} ms",
            took.len()
        );
    }
    if let Some(path) = &args.out {
        let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
        trec::write_run(&mut out, &run, "newsdex")?;
    }
    report(
        &qrels,
        &queries,
        ("newsdex", &run),
        &args.report,
        &mut std::io::stdout().lock(),
    )?;
    Ok(())
}

fn score_run(args: &ScoreArgs) -> Result<(), Box<dyn std::error::Error>> {
    let qrels = trec::read_qrels(&args.qrels)?;
    let queries = match &args.queries {
        Some(path) => read_queries(path)?,
        None => BTreeMap::new(),
    };
    let run = trec::read_run(&args.run)?;
    let name = run_name(&args.run);
    report(
        &qrels,
        &queries,
        (&name, &run),
        &args.report,
        &mut std::io::stdout().lock(),
    )?;
    Ok(())
}

/// The queries of a query file by qid: line N is qid N.
fn read_queries(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .enumerate()
        .map(|(n, line)| ((n + 1).to_string(), line.to_string()))
        .collect())
}

/// The query every engine gets: the `\w+` words of the line, joined by spaces.
fn bag_of_words(line: &str) -> String {
    line.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn run_name(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into(),
    )
}

/// The halves of the queries: odd qids tune, even qids are held out. A qid that is not a
/// number goes by its place in the sorted list.
fn halves(qids: &[&String]) -> [(&'static str, Vec<String>); 3] {
    let mut tuning = Vec::new();
    let mut held_out = Vec::new();
    for (i, qid) in qids.iter().enumerate() {
        let odd = qid.parse::<u64>().map_or(i % 2 == 0, |n| n % 2 == 1);
        if odd {
            tuning.push((*qid).clone());
        } else {
            held_out.push((*qid).clone());
        }
    }
    [
        ("all", qids.iter().map(|q| (*q).clone()).collect()),
        ("tuning", tuning),
        ("held-out", held_out),
    ]
}

/// `run` without the article `unlisted` names for each query, cut to [`DEPTH`] hits when
/// any is named.
fn without(mut run: Run, unlisted: &BTreeMap<String, String>) -> Run {
    if unlisted.is_empty() {
        return run;
    }
    for (qid, ranked) in &mut run {
        if let Some(id) = unlisted.get(qid) {
            ranked.retain(|doc| doc != id.trim());
        }
        ranked.truncate(DEPTH);
    }
    run
}

/// Prints the figures of `subject` by half, then each compared run against it, then the
/// per-query lines if asked.
fn report(
    qrels: &Qrels,
    queries: &BTreeMap<String, String>,
    subject: (&str, &Run),
    args: &ReportArgs,
    out: &mut impl std::io::Write,
) -> Result<(), Box<dyn std::error::Error>> {
    let (name, run) = subject;
    let unlisted = match &args.unlisted {
        Some(path) => read_queries(path)?,
        None => BTreeMap::new(),
    };
    let run = &without(run.clone(), &unlisted);
    let ours = trec::measure_run(qrels, run);
    let qids: Vec<&String> = trec::by_number(&ours).into_iter().map(|(q, _)| q).collect();
    let halves = halves(&qids);
    writeln!(
        out,
        "{name}: {} queries with a relevant article (tuning half: odd qids; held-out half: even qids)",
        qids.len()
    )?;
    writeln!(
        out,
        "  {:<14}{:>9}{:>9}{:>9}{:>9}",
        "",
        Measures::NAMES[0],
        Measures::NAMES[1],
        Measures::NAMES[2],
        Measures::NAMES[3]
    )?;
    for (half, list) in &halves {
        let m = trec::mean(&ours, &refs_of(list));
        let label = format!("{half} ({})", list.len());
        write!(out, "  {label:<14}")?;
        for v in m.values() {
            write!(out, "{v:>9.4}")?;
        }
        writeln!(out)?;
    }
    let mut others = Vec::new();
    for path in &args.compare {
        let other = without(trec::read_run(path)?, &unlisted);
        let theirs = trec::measure_run(qrels, &other);
        let other_name = run_name(path);
        writeln!(out, "\n{name} against {other_name} ({})", path.display())?;
        writeln!(
            out,
            "  {:<14}{:>9}{:>9}{:>9}  {:>4} {:>4} {:>4}  {:>8}{:>9}{:>9}{:>9}",
            "", "nDCG@10", "theirs", "Δ", "won", "lost", "tied", "p", "MAP Δ", "p", "R@100 Δ"
        )?;
        for (half, list) in &halves {
            let list = refs_of(list);
            let a = trec::mean(&ours, &list);
            let b = trec::mean(&theirs, &list);
            let diff = |f: fn(&Measures) -> f64| -> Vec<f64> {
                list.iter()
                    .map(|q| {
                        let zero = Measures::default();
                        f(ours.get(*q).unwrap_or(&zero)) - f(theirs.get(*q).unwrap_or(&zero))
                    })
                    .collect()
            };
            let ndcg = diff(|m| m.ndcg10);
            let ap = diff(|m| m.ap);
            let won = ndcg.iter().filter(|d| **d > 1e-9).count();
            let lost = ndcg.iter().filter(|d| **d < -1e-9).count();
            let label = format!("{half} ({})", list.len());
            writeln!(
                out,
                "  {label:<14}{:>9.4}{:>9.4}{:>+9.4}  {won:>4} {lost:>4} {:>4}  {:>8.4}{:>+9.4}{:>9.4}{:>+9.4}",
                a.ndcg10,
                b.ndcg10,
                a.ndcg10 - b.ndcg10,
                list.len() - won - lost,
                trec::randomisation_p(&ndcg),
                a.ap - b.ap,
                trec::randomisation_p(&ap),
                a.r100 - b.r100,
            )?;
        }
        others.push((other_name, theirs));
    }
    if args.per_query {
        writeln!(out)?;
        write!(
            out,
            "  {:>4} {:<18} {:<8}{:>9}{:>9}{:>9}{:>9}",
            "qid", "query", "half", "nDCG@10", "AP", "P@10", "R@100"
        )?;
        for (other, _) in &others {
            let short: String = other.chars().take(12).collect();
            write!(out, "  {:>12}{:>9}", short, "Δ")?;
        }
        writeln!(out)?;
        for qid in &qids {
            let m = ours[*qid];
            let query: String = queries
                .get(*qid)
                .map_or("", String::as_str)
                .chars()
                .take(18)
                .collect();
            let half = if halves[1].1.contains(qid) {
                "tuning"
            } else {
                "held-out"
            };
            write!(out, "  {qid:>4} {query:<18} {half:<8}")?;
            for v in m.values() {
                write!(out, "{v:>9.4}")?;
            }
            for (_, theirs) in &others {
                let t = theirs.get(*qid).copied().unwrap_or_default();
                write!(out, "  {:>12.4}{:>+9.4}", t.ndcg10, m.ndcg10 - t.ndcg10)?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

fn refs_of(list: &[String]) -> Vec<&String> {
    list.iter().collect()
}
