//! `search watch`: keep the index in sync until Ctrl-C.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use newsdex::{Indexer, IndexerOptions, NewsIndex, SyncOptions};

use crate::args::{GlobalArgs, WatchArgs};
use crate::location::display_path;
use crate::{commands, printer};

/// Watches until Ctrl-C, printing a summary after each sync that changed something.
pub fn run(global: &GlobalArgs, args: &WatchArgs) -> anyhow::Result<bool> {
    let location = commands::locate(global.index.as_deref());
    let index = NewsIndex::open_or_create(&location.dir)?;
    let options = SyncOptions::new().paths(location.paths_to_index(&index, &args.paths)?);
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed))
        .context("cannot catch Ctrl-C")?;
    let mut indexer = Indexer::with_options(&index, &IndexerOptions::new())?;
    let mut first = true;
    let quiet = args.quiet;
    indexer.watch(
        &options,
        Duration::from_millis(args.debounce),
        &stop,
        &mut |report| {
            let mut err = anstream::stderr().lock();
            if !quiet {
                for problem in &report.problems {
                    let _ = writeln!(err, "warning: {problem}");
                }
            }
            if first || report.changed() {
                let mut out = anstream::stdout().lock();
                let _ = printer::human_sync(&mut out, report);
                let _ = out.flush();
            }
            if first {
                let roots: Vec<String> = report_roots(&index);
                let _ = writeln!(err, "Watching {} (Ctrl-C to stop)…", roots.join(", "));
            }
            first = false;
        },
    )?;
    indexer.finish()?;
    eprintln!("Stopped; the index is committed.");
    Ok(true)
}

fn report_roots(index: &NewsIndex) -> Vec<String> {
    index
        .commit_meta()
        .map(|m| {
            m.roots
                .iter()
                .map(|r| display_path(&r.to_string_lossy()))
                .collect()
        })
        .unwrap_or_default()
}
