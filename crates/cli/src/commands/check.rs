//! `search check`: verify the index's files.

use std::io::Write;

use newsdex::NewsIndex;

use crate::args::{CheckArgs, GlobalArgs};
use crate::commands::{self, Hinted};

/// Checks every file of the last commit; fails when one is damaged or missing.
pub fn run(global: &GlobalArgs, args: &CheckArgs) -> anyhow::Result<bool> {
    let location = commands::locate(global.index.as_deref());
    let index = NewsIndex::open(&location.dir)?;
    let report = index.check()?;
    let mut out = anstream::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        for file in &report.damaged {
            writeln!(out, "damaged: {}", location.dir.join(file).display())?;
        }
        for file in &report.missing {
            writeln!(out, "missing: {}", location.dir.join(file).display())?;
        }
        if report.is_ok() {
            writeln!(
                out,
                "OK: {} files in {} segments, {} articles",
                report.files, report.segments, report.documents
            )?;
        }
    }
    if !report.is_ok() {
        return Err(Hinted {
            message: format!(
                "the index at {} is damaged: {} damaged, {} missing of {} files",
                location.dir.display(),
                report.damaged.len(),
                report.missing.len(),
                report.files
            ),
            hint: "rebuild it with: search index --rebuild",
        }
        .into());
    }
    Ok(true)
}
