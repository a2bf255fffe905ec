//! `search index PATH...`: build the index, or bring it in sync.

use std::time::Duration;

use anyhow::bail;
use newsdex::{IndexerOptions, NewsIndex};

use crate::args::{GlobalArgs, IndexArgs};
use crate::{commands, printer, request};

/// Syncs and prints the summary; fails under `--strict` when a file had a problem.
pub fn run(global: &GlobalArgs, args: &IndexArgs) -> anyhow::Result<bool> {
    let options = request::sync(args)?;
    // Before the index is opened (or made): a path that isn't there changes nothing.
    commands::check_paths("index", &args.paths)?;
    let location = commands::locate(global.index.as_deref());
    let index = match NewsIndex::open_or_create(&location.dir) {
        // Only an index newsdex marked as its own is started over (`recreate` refuses
        // anything else), and of it only its index files are deleted.
        Err(e) if args.rebuild && e.needs_rebuild() && NewsIndex::exists(&location.dir) => {
            eprintln!("note: {e}; starting over.");
            NewsIndex::recreate(&location.dir)?
        }
        other => other?,
    };
    let options = options.paths(location.paths_to_index(&index, &args.paths)?);
    let mut writer = IndexerOptions::new();
    if let Some(bytes) = args.memory {
        writer = writer.memory_budget(usize::try_from(bytes).unwrap_or(usize::MAX));
    }
    let first = commands::run_sync(&index, &options, &writer, args.quiet);
    let report = match first {
        Err(e) if args.wait && matches!(e.downcast_ref(), Some(newsdex::Error::Locked { .. })) => {
            // One line saying what is waited for, then the wait.
            if !args.quiet {
                eprintln!("waiting: {e}…");
            }
            let writer = writer.wait(Some(Duration::from_secs(60 * 60 * 24)));
            commands::run_sync(&index, &options, &writer, args.quiet)?
        }
        other => other?,
    };
    if !args.quiet {
        commands::print_earlier_problems(&report)?;
    }
    let mut out = anstream::stdout().lock();
    if args.json {
        printer::json_sync(&mut out, &report)?;
    } else {
        printer::human_sync(&mut out, &report)?;
    }
    if !args.quiet && report.skipped_for(newsdex::ProblemKind::TooLarge.label()) > 0 {
        eprintln!(
            "hint: a file over the size limit is read with a larger one, as in --max-file-size 200M"
        );
    }
    if !args.fields.is_empty() && !args.rebuild && report.unchanged > 0 {
        let note = format!(
            "note: --field maps only the files read in this run; the {} unchanged {} until `search index --rebuild {}` reads them again",
            report.unchanged,
            if report.unchanged == 1 {
                "file keeps the fields it was read with"
            } else {
                "files keep the fields they were read with"
            },
            args.fields
                .iter()
                .map(|f| format!("--field {}", commands::shell_words([f])))
                .collect::<Vec<_>>()
                .join(" ")
        );
        match &global.index {
            Some(dir) => eprintln!("{}", commands::with_index(&note, dir)),
            None => eprintln!("{note}"),
        }
    }
    let problems = report.problem_count();
    if args.strict && problems > 0 {
        bail!(
            "{problems} {} with the input (--strict)",
            if problems == 1 { "problem" } else { "problems" }
        );
    }
    Ok(true)
}
