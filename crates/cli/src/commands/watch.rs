//! `search watch`: keep the index in sync until Ctrl-C.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use newsdex::{Change, Indexer, IndexerOptions, NewsIndex, SyncOptions, SyncReport};

use crate::args::{GlobalArgs, WatchArgs};
use crate::location::display_path;
use crate::{commands, printer};

/// Watches until Ctrl-C, printing a summary after each sync that changed something.
pub fn run(global: &GlobalArgs, args: &WatchArgs) -> anyhow::Result<bool> {
    commands::check_paths("watch", &args.paths)?;
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
                // After the first sync, the files each one changed, by name.
                if !first {
                    let _ = changed_files(&mut out, report);
                }
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

/// The files a sync added, updated, removed or skipped, one a line (the first
/// 20 of them).
fn changed_files(out: &mut dyn Write, report: &SyncReport) -> std::io::Result<()> {
    /// The most files named after one sync.
    const LISTED: usize = 20;
    for change in report.changes.iter().take(LISTED) {
        let what = match &change.change {
            Change::Added => "added".to_string(),
            Change::Updated => "updated".to_string(),
            Change::Removed => "removed".to_string(),
            Change::Skipped(reason) => format!("skipped ({reason})"),
        };
        let articles = match (&change.change, change.documents) {
            (Change::Added | Change::Updated, 1) => " (1 article)".to_string(),
            (Change::Added | Change::Updated, n) => format!(" ({n} articles)"),
            _ => String::new(),
        };
        writeln!(out, "  {what}: {}{articles}", display_path(&change.path))?;
    }
    if report.changes.len() > LISTED {
        writeln!(out, "  and {} more files", report.changes.len() - LISTED)?;
    }
    Ok(())
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
