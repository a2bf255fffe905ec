//! `search check`: verify the index's files.

use std::io::Write;

use newsdex::NewsIndex;

use crate::args::{CheckArgs, GlobalArgs};
use crate::commands::{self, Hinted};

/// Checks the last commit and every file it needs; fails when anything is wrong.
pub fn run(global: &GlobalArgs, args: &CheckArgs) -> anyhow::Result<bool> {
    let location = commands::locate(global.index.as_deref());
    let report = NewsIndex::verify(&location.dir)?;
    let mut out = anstream::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        for damage in &report.damage {
            writeln!(
                out,
                "damaged: {}: {}",
                location.dir.join(&damage.file).display(),
                damage.problem.replace('\n', " ")
            )?;
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
        let files: std::collections::BTreeSet<_> = report.damage.iter().map(|d| &d.file).collect();
        return Err(Hinted {
            message: format!(
                "the index at {} is damaged: {} problem{} in {} file{}",
                location.dir.display(),
                report.damage.len(),
                if report.damage.len() == 1 { "" } else { "s" },
                files.len(),
                if files.len() == 1 { "" } else { "s" },
            ),
            hint: "rebuild it with: search index --rebuild".into(),
        }
        .into());
    }
    Ok(true)
}
