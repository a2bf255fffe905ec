//! `search export`: the articles for another engine, its index settings, or a push to a
//! running Meilisearch.

use std::io::{IsTerminal, Write};

use anyhow::bail;
use newsdex::{Engine, Export, MeiliPush, NewsIndex, PushProgress};

use crate::args::{ExportArgs, GlobalArgs};
use crate::{commands, printer, request};

/// Runs the export; `Ok(false)` when it selects no article.
pub fn run(global: &GlobalArgs, args: &ExportArgs) -> anyhow::Result<bool> {
    let export = request::export(args)?;
    let push_to = match args.to.as_slice() {
        [] => None,
        [engine, url] => match engine.parse::<Engine>()? {
            Engine::Meilisearch => Some(url),
            other => bail!(
                "newsdex pushes to Meilisearch only; for {}, write the documents with --format and send them as the README says",
                other.display_name()
            ),
        },
        _ => bail!("--to takes an engine and a URL: --to meilisearch http://127.0.0.1:7700"),
    };
    let index = commands::open(&commands::locate(global.index.as_deref()), !args.no_sync)?;
    if let Some(engine) = &args.settings {
        return settings(&export, engine.parse()?, &index);
    }
    if let Some(url) = push_to {
        return push(&export, url, args, &index);
    }
    let report = export.write(&index, std::io::stdout().lock())?;
    if !args.quiet {
        eprintln!(
            "Exported {} {} ({}) as {}.",
            report.documents,
            if report.documents == 1 {
                "article"
            } else {
                "articles"
            },
            printer::human_bytes(report.bytes),
            export.format_of()
        );
    }
    Ok(report.documents > 0)
}

/// Prints the settings of `engine`'s index.
fn settings(export: &Export, engine: Engine, index: &NewsIndex) -> anyhow::Result<bool> {
    let settings = export.settings(engine, index)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", serde_json::to_string_pretty(&settings)?)?;
    out.flush()?;
    if engine == Engine::Quickwit && settings["doc_mapping"].get("timestamp_field").is_none() {
        eprintln!(
            "note: some of these articles are undated, and Quickwit refuses a document without its timestamp field, so this config has none (no time pruning); export the dated ones alone (a query such as \"date:[* TO *]\") for a config with one"
        );
    }
    Ok(true)
}

/// Pushes to the Meilisearch at `url`, with progress on stderr and the summary on stdout.
fn push(export: &Export, url: &str, args: &ExportArgs, index: &NewsIndex) -> anyhow::Result<bool> {
    // The key comes from the environment only: a flag would show in `ps`.
    let key = std::env::var("MEILI_API_KEY").ok();
    let pusher = MeiliPush::new(url).api_key(key).batch_size(args.batch_size);
    let terminal = std::io::stderr().is_terminal();
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {pos}/{len} articles · {msg} · {elapsed}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    // Off a terminal, a line each time another tenth of the articles is read, and at the
    // end of each wait.
    let mut next_line = 0;
    let report = pusher.push_with_progress(export, index, &mut |p: &PushProgress| {
        if args.quiet {
            return;
        }
        if terminal {
            bar.set_length(p.total);
            bar.set_position(p.read);
            bar.set_message(format!(
                "{} sent, {} already there, {} indexed",
                p.sent, p.unchanged, p.indexed
            ));
        } else if p.read >= next_line || (p.read == p.total && p.indexed == p.sent) {
            next_line = p.read + (p.total / 10).max(1);
            let _ = printer::push_progress(&mut std::io::stderr().lock(), p);
        }
    });
    bar.finish_and_clear();
    let report = report?;
    let mut out = std::io::stdout().lock();
    if args.json {
        printer::json_push(&mut out, &report)?;
    } else {
        printer::human_push(&mut out, &report)?;
    }
    Ok(report.articles > 0)
}
