//! What the benches share: where the corpora are, and a small timing summary.
//!
//! The corpora are written by `scripts/fetch-corpora.sh` into `$NEWSDEX_CORPORA`
//! (default: `newsdex-corpora` in the temp dir). A bench whose corpus is missing says so
//! and exits 0, so `cargo bench` works on a machine without npm.

#![allow(dead_code, clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;
use std::time::Duration;

/// The folder the fetch script writes to.
pub fn corpora_dir() -> PathBuf {
    match std::env::var_os("NEWSDEX_CORPORA") {
        Some(dir) => PathBuf::from(dir),
        None => std::env::temp_dir().join("newsdex-corpora"),
    }
}

/// The corpus file `name` (`reuters.jsonl`, `reuters-x4.jsonl`), or `None` after printing
/// how to fetch it.
pub fn corpus(name: &str) -> Option<PathBuf> {
    let path = corpora_dir().join(name);
    if path.is_file() {
        Some(path)
    } else {
        println!(
            "skipped: corpus {} not found; run scripts/fetch-corpora.sh first \
             (it needs npm; NEWSDEX_CORPORA sets the folder)",
            path.display()
        );
        None
    }
}

/// Whether this run measures (`cargo bench`) rather than checks that the bench runs
/// (`cargo test --benches`, where criterion runs each routine once).
pub fn measuring() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// Whether criterion was asked to run the routines under a profiler (`--profile-time`),
/// when nothing else should run.
pub fn profiling() -> bool {
    std::env::args().any(|a| a == "--profile-time")
}

/// The benchmark name filter given on the command line (`cargo bench -- two-word`), if any.
pub fn filter() -> Option<String> {
    let mut args = std::env::args().skip(1);
    let mut filter = None;
    while let Some(arg) = args.next() {
        if arg == "--profile-time" || arg == "--save-baseline" || arg == "--baseline" {
            args.next();
        } else if !arg.starts_with('-') {
            filter = Some(arg);
        }
    }
    filter
}

/// The `q`-quantile (0..=1) of sorted durations, nearest rank.
pub fn quantile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// Milliseconds, for printing.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
