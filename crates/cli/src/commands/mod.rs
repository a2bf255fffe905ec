//! One module per subcommand, and what they share: opening the index, syncing it with
//! progress on stderr, hints for errors.

pub mod check;
pub mod index;
pub mod search;
pub mod show;
pub mod stats;
pub mod watch;

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use newsdex::{Error, Indexer, IndexerOptions, NewsIndex, SyncOptions, SyncReport};

use crate::location::{display_path, Location};
use crate::printer;

/// Opens the index for reading. The default index of a checkout is built on first use;
/// a default index is brought in sync with its folders first when `sync` allows.
pub fn open(location: &Location, sync: bool) -> anyhow::Result<NewsIndex> {
    let dir = &location.dir;
    if !NewsIndex::exists(dir) {
        if let Some(roots) = &location.build_over {
            let shown: Vec<String> = roots
                .iter()
                .map(|r| display_path(&r.to_string_lossy()))
                .collect();
            eprintln!(
                "Building the index at {} over {}…",
                display_path(&dir.to_string_lossy()),
                shown.join(", ")
            );
            return build_over(NewsIndex::create(dir)?, roots);
        }
        return Err(Error::NoIndex { path: dir.clone() }.into());
    }
    let index = match NewsIndex::open(dir) {
        // The index of a checkout is built over its `data/` and nothing else: one of
        // another format or schema (left by an older newsdex) is rebuilt, not refused.
        Err(e @ (Error::OtherFormat { .. } | Error::OtherSchema { .. })) => {
            let Some(roots) = &location.build_over else {
                return Err(e.into());
            };
            eprintln!("note: {e}; rebuilding it over its folders.");
            return build_over(NewsIndex::recreate(dir)?, roots);
        }
        other => other?,
    };
    // While another newsdex writes the index (`search watch` keeping it in sync, or a
    // sync), this one could not sync it anyway: the check is skipped.
    if sync
        && location.auto_sync
        && !newsdex::is_being_written(&index)
        && newsdex::is_stale(&index)?
    {
        eprintln!(
            "The indexed folders changed since the last run; syncing first (--no-sync to skip)."
        );
        match run_sync(
            &index,
            &[],
            &SyncOptions::new(),
            &IndexerOptions::new(),
            false,
        ) {
            Ok(report) => summarize_on_stderr(&report)?,
            Err(e) if matches!(e.downcast_ref::<Error>(), Some(Error::Locked { .. })) => {
                eprintln!("note: {e}; searching its last commit.");
            }
            Err(e) => return Err(e),
        }
    }
    Ok(index)
}

/// Fills a new, empty `index` from `roots`, with the summary on stderr.
fn build_over(index: NewsIndex, roots: &[PathBuf]) -> anyhow::Result<NewsIndex> {
    let report = run_sync(
        &index,
        roots,
        &SyncOptions::new(),
        &IndexerOptions::new(),
        false,
    )?;
    summarize_on_stderr(&report)?;
    Ok(index)
}

/// The paths an index run starts from: those given; else, for a new default index of a
/// checkout that remembers no folder yet, the checkout's `data/`.
pub fn paths_to_index(
    location: &Location,
    index: &NewsIndex,
    given: &[PathBuf],
) -> anyhow::Result<Vec<PathBuf>> {
    if given.is_empty() && index.commit_meta()?.roots.is_empty() {
        if let Some(roots) = &location.build_over {
            return Ok(roots.clone());
        }
    }
    Ok(given.to_vec())
}

/// Syncs `index` with its roots plus `paths`, with a progress bar on a terminal and the
/// problems and summary on stderr (unless `quiet`). Returns the report.
pub fn run_sync(
    index: &NewsIndex,
    paths: &[PathBuf],
    options: &SyncOptions,
    writer: &IndexerOptions,
    quiet: bool,
) -> anyhow::Result<SyncReport> {
    let mut indexer = Indexer::with_options(index, writer)?;
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} files · {msg} · {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let report = indexer.sync(paths, options, &mut |p| {
        bar.set_length(p.files_total as u64);
        bar.set_position(p.files_done as u64);
        bar.set_message(format!("{:.1} MB read", p.bytes_read as f64 / 1e6));
    });
    bar.finish_and_clear();
    let report = report?;
    indexer.finish().context("finishing the index")?;
    let mut stderr = anstream::stderr().lock();
    if !quiet {
        for problem in &report.problems {
            writeln!(stderr, "warning: {problem}")?;
        }
    }
    Ok(report)
}

/// Prints a sync summary on stderr (for the syncs a search does on its own).
pub fn summarize_on_stderr(report: &SyncReport) -> anyhow::Result<()> {
    printer::human_sync(&mut anstream::stderr().lock(), report)?;
    Ok(())
}

/// An error the CLI raises itself, with what the user can do about it.
#[derive(Debug)]
pub struct Hinted {
    /// What went wrong.
    pub message: String,
    /// What to do.
    pub hint: &'static str,
}

impl std::fmt::Display for Hinted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Hinted {}

/// The hint for a damaged index.
pub const DAMAGED_HINT: &str =
    "the index may be damaged: `search check` tells; `search index --rebuild` rebuilds it";

/// What the user can do about an error, where newsdex knows: the library's hint, or the
/// CLI's own where it names a command or a flag.
pub fn hint(e: &anyhow::Error) -> Option<String> {
    for cause in e.chain() {
        if let Some(hinted) = cause.downcast_ref::<Hinted>() {
            return Some(hinted.hint.to_string());
        }
        if let Some(e) = cause.downcast_ref::<Error>() {
            return error_hint(e);
        }
    }
    None
}

fn error_hint(e: &Error) -> Option<String> {
    let hint = match e {
        Error::NoIndex { .. } => "build one with: search index PATH... (or point --index at one)",
        Error::Locked { .. } => "wait for it to finish, or pass --wait",
        Error::NoFolders => "name the files or folders to index: search index PATH...",
        Error::Damaged { .. } | Error::Internal { .. } => DAMAGED_HINT,
        Error::Io { .. } => {
            "the index keeps its last commit; check the free space and permissions of its folder"
        }
        e if e.needs_rebuild() => "rebuild it with: search index --rebuild",
        Error::Parse(parse) => {
            return Some(format!(
                "{}; or pass --lenient to search the words as they are",
                parse.hint
            ))
        }
        Error::EmptyQuery => "give a query, or a filter such as --since or --source",
        e => return e.hint(),
    };
    Some(hint.into())
}

/// The message of an error whose library wording the CLI says with its flags.
pub fn message(e: &anyhow::Error) -> Option<&'static str> {
    e.chain()
        .find_map(|cause| match cause.downcast_ref::<Error>()? {
            Error::InvalidRequest(newsdex::RequestError::SinceAfterUntil) => {
                Some("--since is after --until")
            }
            _ => None,
        })
}
