//! One module per subcommand, and what they share: opening the index, syncing it with
//! progress on stderr, hints for errors.

pub mod check;
pub mod export;
pub mod index;
pub mod search;
pub mod serve;
pub mod show;
pub mod stats;
pub mod watch;

use std::io::Write;

use anyhow::Context;
use newsdex::{
    Error, Indexer, IndexerOptions, Location, NewsIndex, OpenPolicy, OpenStep, Opening,
    SyncOptions, SyncReport,
};

use crate::location::display_path;
use crate::printer;

/// Finds the index: `--index` (or `NEWSDEX_INDEX`) if given, else the library's rules.
pub fn locate(explicit: Option<&std::path::Path>) -> Location {
    Location::find(explicit)
}

/// Opens the index for reading with the library's policy (built on first use, synced when
/// its folders changed and `sync` allows), telling on stderr what it does.
pub fn open(location: &Location, sync: bool) -> anyhow::Result<NewsIndex> {
    let bar = progress_bar();
    let opened = newsdex::open_with(location, &OpenPolicy::new().sync(sync), &mut |step| {
        match step {
            OpenStep::Build { dir, roots } => {
                let shown: Vec<String> = roots
                    .iter()
                    .map(|r| display_path(&r.to_string_lossy()))
                    .collect();
                bar.suspend(|| {
                    eprintln!(
                        "Building the index at {} over {}…",
                        display_path(&dir.to_string_lossy()),
                        shown.join(", ")
                    )
                });
            }
            OpenStep::Rebuild { reason } => {
                bar.suspend(|| eprintln!("note: {reason}; rebuilding it over its folders."));
            }
            OpenStep::Sync => bar.suspend(|| {
                eprintln!(
                    "The indexed folders changed since the last run; syncing first (--no-sync to skip)."
                )
            }),
            OpenStep::Progress(p) => show_progress(&bar, p),
            _ => {}
        }
    });
    bar.finish_and_clear();
    let opened = opened?;
    if let Some(report) = opened.report() {
        let mut stderr = anstream::stderr().lock();
        for problem in &report.problems {
            writeln!(stderr, "warning: {problem}")?;
        }
        printer::human_sync(&mut stderr, report)?;
    }
    match &opened.opening {
        Opening::SyncFailed(e @ Error::Locked { .. }) => {
            eprintln!("note: {e}; searching its last commit.");
        }
        Opening::SyncFailed(e) => {
            eprintln!("warning: {e}; searching its last commit.");
            if let Some(hint) = error_hint(e) {
                eprintln!("hint: {hint}");
            }
        }
        _ => {}
    }
    Ok(opened.index)
}

/// A progress bar on stderr, drawn only on a terminal: bytes read of the bytes to read,
/// files, articles, time and what is left of it. It ticks on its own, so the clock moves
/// while one large file is read.
fn progress_bar() -> indicatif::ProgressBar {
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {bytes}/{total_bytes} · {msg} · {elapsed} (about {eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

fn show_progress(bar: &indicatif::ProgressBar, p: &newsdex::Progress) {
    bar.set_length(p.bytes_total);
    bar.set_position(p.bytes_read);
    bar.set_message(format!(
        "{}/{} files · {} articles",
        p.files_done, p.files_total, p.articles
    ));
}

/// Syncs `index` as `options` say, with a progress bar on a terminal and the problems on
/// stderr (unless `quiet`). Returns the report.
pub fn run_sync(
    index: &NewsIndex,
    options: &SyncOptions,
    writer: &IndexerOptions,
    quiet: bool,
) -> anyhow::Result<SyncReport> {
    let start = std::time::Instant::now();
    let mut indexer = Indexer::with_options(index, writer)?;
    let bar = progress_bar();
    let report = indexer.sync_with_progress(options, &mut |p| show_progress(&bar, p));
    bar.finish_and_clear();
    let mut report = report?;
    indexer.finish().context("finishing the index")?;
    // The time said is the time waited: the merges `finish` waits for included.
    report.elapsed = start.elapsed();
    let mut stderr = anstream::stderr().lock();
    if !quiet {
        for problem in &report.problems {
            writeln!(stderr, "warning: {problem}")?;
        }
    }
    Ok(report)
}

/// Names on stderr the problems of files a sync did not read again because they are
/// unchanged, as they were found when the files were read.
pub fn print_earlier_problems(report: &SyncReport) -> anyhow::Result<()> {
    let mut stderr = anstream::stderr().lock();
    for problem in &report.earlier_problems {
        writeln!(stderr, "warning: {problem}")?;
    }
    if report.earlier_unlisted > 0 {
        writeln!(
            stderr,
            "warning: {} more problems of unchanged files are not listed again (search index --rebuild reads them again)",
            report.earlier_unlisted
        )?;
    }
    Ok(())
}

/// An error the CLI raises itself, with what the user can do about it.
#[derive(Debug)]
pub struct Hinted {
    /// What went wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

impl std::fmt::Display for Hinted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Hinted {}

/// `words` as a shell reads them back, each quoted where it needs it.
pub fn shell_words<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> String {
    let quote = |word: &str| {
        let plain = !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_alphanumeric() || "-_./:@%+=,".contains(c));
        if plain {
            word.to_string()
        } else {
            format!("'{}'", word.replace('\'', r"'\''"))
        }
    };
    words
        .into_iter()
        .map(|w| quote(w.as_ref()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The error for paths given to `command` (`index`, `watch`) that don't exist: nothing is
/// changed, and where the words look like a query rather than paths, the hint says how to
/// search for them.
pub fn check_paths(command: &str, paths: &[std::path::PathBuf]) -> anyhow::Result<()> {
    let Err(e) = SyncOptions::new().paths(paths).check_paths() else {
        return Ok(());
    };
    let words: Vec<String> = paths
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let hint = if paths.iter().all(|p| p.components().count() == 1) {
        format!(
            "to search for {}, put -- before {}: search -- {command} {}",
            if words.len() == 1 {
                "the word"
            } else {
                "the words"
            },
            if words.len() == 1 { "it" } else { "them" },
            shell_words(&words)
        )
    } else {
        format!("nothing was changed; name files or folders that exist: search {command} PATH...")
    };
    Err(Hinted {
        message: e.to_string(),
        hint,
    }
    .into())
}

/// `hint` with `--index DIR` in each `search` command it names, for an index found by
/// `--index` (or `NEWSDEX_INDEX`) rather than the default rules.
pub fn with_index(hint: &str, index: &std::path::Path) -> String {
    const COMMANDS: [&str; 8] = [
        "index", "show", "stats", "check", "watch", "serve", "export", "--",
    ];
    let flag = format!("--index {}", shell_words([index.to_string_lossy()]));
    let mut out = String::with_capacity(hint.len() + flag.len());
    let mut rest = hint;
    while let Some(at) = rest.find("search ") {
        let (before, after) = rest.split_at(at + "search ".len());
        out.push_str(before);
        if COMMANDS.iter().any(|c| after.starts_with(c)) {
            out.push_str(&flag);
            out.push(' ');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The hint for a damaged index.
pub const DAMAGED_HINT: &str =
    "the index may be damaged: `search check` tells; `search index --rebuild` rebuilds it";

/// What the user can do about an error, where newsdex knows: the library's hint, or the
/// CLI's own where it names a command or a flag.
pub fn hint(e: &anyhow::Error) -> Option<String> {
    for cause in e.chain() {
        if let Some(hinted) = cause.downcast_ref::<Hinted>() {
            return Some(hinted.hint.clone());
        }
        if let Some(e) = cause.downcast_ref::<Error>() {
            return error_hint(e);
        }
        if let Some(s) = cause.downcast_ref::<newsdex_server::Error>() {
            return match s {
                newsdex_server::Error::Exposed(_) => Some(
                    "listen on 127.0.0.1, or pass --token TOKEN, or --public to serve anyone"
                        .into(),
                ),
                s => s.hint(),
            };
        }
    }
    None
}

pub fn error_hint(e: &Error) -> Option<String> {
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
        Error::EmptyQuery => {
            "give a query, or a filter such as --since or --source, or '*' for every article"
        }
        Error::EngineRefused {
            status: 401 | 403,
            ..
        } => "set MEILI_API_KEY to an API key allowed to create indexes, update settings, add and get documents, and read tasks and stats",
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
