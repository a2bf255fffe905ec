//! `search stats`: what the index holds.

use newsdex::Searcher;

use crate::args::{GlobalArgs, StatsArgs};
use crate::{commands, printer};

/// Prints the statistics.
pub fn run(global: &GlobalArgs, args: &StatsArgs) -> anyhow::Result<bool> {
    let index = commands::open(&commands::locate(global.index.as_deref()), false)?;
    let stats = Searcher::snapshot(&index)?.stats()?;
    let mut out = anstream::stdout().lock();
    if args.json {
        printer::json_stats(&mut out, &stats)?;
    } else {
        printer::human_stats(&mut out, &stats)?;
    }
    Ok(true)
}
