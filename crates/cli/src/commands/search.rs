//! `search QUERY`: ranked, highlighted answers.

use std::io::{IsTerminal, Write};
use std::time::Instant;

use anyhow::bail;
use newsdex::{SearchRequest, Searcher};

use crate::args::{GlobalArgs, SearchArgs};
use crate::{commands, printer, request};

/// Runs a search; `Ok(false)` when nothing matched.
pub fn run(global: &GlobalArgs, args: &SearchArgs) -> anyhow::Result<bool> {
    let request = request::search(args)?;
    let no_filter = args.narrow.since.is_none()
        && args.narrow.until.is_none()
        && args.narrow.source.is_empty()
        && args.lang.is_empty();
    if args.query.iter().all(|q| q.trim().is_empty()) && args.like.is_none() && no_filter {
        bail!(newsdex::Error::EmptyQuery);
    }
    let location = commands::locate(global.index.as_deref());
    let index = commands::open(&location, !args.no_sync)?;
    let start = Instant::now();
    let searcher = Searcher::snapshot(&index)?;
    let results = searcher.search(&request)?;
    let elapsed = start.elapsed();
    // Rendered whole, then written at once: a line-buffered stdout would make a system
    // call of every line.
    let mut page = Vec::with_capacity(4096);
    if args.json {
        printer::json_results(&mut page, &results, elapsed)?;
    } else {
        // Snippets wrap to the width of a terminal; in a pipe, lines stay whole.
        let wrap = std::io::stdout()
            .is_terminal()
            .then(terminal_size::terminal_size)
            .flatten()
            .map(|(width, _)| usize::from(width.0));
        printer::human_results(&mut page, &results, elapsed, wrap)?;
    }
    let mut out = anstream::stdout().lock();
    out.write_all(&page)?;
    out.flush()?;
    unknown_sources(&searcher, &args.narrow.source)?;
    // With --json the summary line says all this.
    if results.total == 0 && !args.json {
        eprintln!("No articles match.");
        if let Some(suggestion) = &results.suggestion {
            eprintln!("Did you mean: search {suggestion:?}");
        }
    }
    // The process ends with this search: its exit releases the index's memory maps at
    // once, where dropping them unmaps each file in turn (about 0.5 ms of 10 at a
    // million articles in ten segments, 4 of 59 at ten million in 57).
    std::mem::forget(searcher);
    std::mem::forget(index);
    Ok(results.total > 0)
}

/// Names on stderr each `--source` no article has, with the sources there are: a typo
/// would otherwise only drop articles without a word.
fn unknown_sources(searcher: &Searcher, sources: &[String]) -> anyhow::Result<()> {
    let mut unknown = Vec::new();
    for source in sources {
        let one = SearchRequest::new("").source(source).limit(0);
        if searcher.search(&one)?.total == 0 {
            unknown.push(source);
        }
    }
    if unknown.is_empty() {
        return Ok(());
    }
    let stats = searcher.stats()?;
    let known = &stats.facets.sources;
    let mut listed: Vec<String> = known
        .iter()
        .take(10)
        .map(|c| format!("{} ({})", c.source, c.count))
        .collect();
    if known.len() > 10 {
        listed.push(format!(
            "and {} more (search stats --json lists them)",
            known.len() - 10
        ));
    }
    for source in unknown {
        if listed.is_empty() {
            eprintln!("warning: no article has the source {source:?}; no article has a source");
        } else {
            eprintln!(
                "warning: no article has the source {source:?}; the sources are {}",
                listed.join(", ")
            );
        }
    }
    Ok(())
}
