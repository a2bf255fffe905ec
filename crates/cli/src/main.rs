//! `search`: the newsdex command-line tool. Each subcommand lives in its own module under
//! `commands/`; all of them only turn arguments into library calls and print the answers.

// The binary is where printing belongs; the lints keep it out of the libraries.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod args;
mod argv;
mod commands;
mod location;
mod printer;
mod request;

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use crate::args::{Cli, ColorChoice, Command};

/// Exit codes: the documented contract.
mod exit {
    /// Something was found (or the command succeeded).
    pub const FOUND: u8 = 0;
    /// The search found nothing (or `show` found no such id).
    pub const NOT_FOUND: u8 = 1;
    /// An error.
    pub const ERROR: u8 = 2;
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // `search -trump kim`: a query word that looks like a flag is taken as a word.
    let cli = match Cli::try_parse_from(&args).or_else(|e| reparse_as_query(&args).ok_or(e)) {
        Ok(cli) => cli,
        Err(e) => {
            if !e.use_stderr() {
                // --help and --version; a failed write changes nothing.
                let _ = e.print();
                return ExitCode::from(exit::FOUND);
            }
            if wants_json(std::env::args_os().skip(1)) {
                let message = e.kind().to_string();
                let detail = bounded(&e.to_string()).into_owned();
                let first = detail
                    .lines()
                    .next()
                    .unwrap_or(&message)
                    .trim_start_matches("error: ");
                let _ = newsdex::query::jsonl::write_error(
                    &mut std::io::stderr().lock(),
                    "usage",
                    first,
                    Some("see search --help"),
                );
            } else {
                // clap prints usage errors itself, but for one that quotes a word of
                // thousands of characters.
                let text = e.to_string();
                match bounded(&text) {
                    std::borrow::Cow::Borrowed(_) => {
                        let _ = e.print();
                    }
                    std::borrow::Cow::Owned(short) => eprint!("{short}"),
                }
            }
            return ExitCode::from(exit::ERROR);
        }
    };
    match cli.global.color {
        ColorChoice::Always => anstream::ColorChoice::Always.write_global(),
        ColorChoice::Never => anstream::ColorChoice::Never.write_global(),
        ColorChoice::Auto => {}
    }
    // A panic is a bug (or a damaged index): it is reported as one error line like any
    // other, not as a backtrace. NEWSDEX_BACKTRACE=1 keeps Rust's own report.
    if std::env::var_os("NEWSDEX_BACKTRACE").is_none() {
        std::panic::set_hook(Box::new(|_| {}));
    }
    let result = std::panic::catch_unwind(|| run(&cli)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        Err(anyhow::Error::new(commands::Hinted {
            message: format!("internal error: {message}"),
            hint: commands::DAMAGED_HINT.into(),
        }))
    });
    match result {
        Ok(true) => ExitCode::from(exit::FOUND),
        Ok(false) => ExitCode::from(exit::NOT_FOUND),
        Err(e) if is_broken_pipe(&e) => ExitCode::from(exit::FOUND),
        Err(e) => {
            if cli.json() {
                report_json(&e, cli.global.index.as_deref());
            } else {
                report(&e, cli.global.index.as_deref());
            }
            ExitCode::from(exit::ERROR)
        }
    }
}

/// `text` with each word longer than a line shortened to its start and end and its
/// length: an error quotes what was typed, which can be a word of 100,000 characters.
fn bounded(text: &str) -> std::borrow::Cow<'_, str> {
    const LONGEST: usize = 100;
    if !text.split_whitespace().any(|w| w.chars().count() > LONGEST) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(4096));
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..end];
        // The quotes around the word stay; its length is the length of what was typed.
        let quotes = ['\'', '"', '`', '(', ')', ',', ':', ';', '.'];
        let core = word.trim_start_matches(quotes);
        let open = &word[..word.len() - core.len()];
        let core_trimmed = core.trim_end_matches(quotes);
        let close = &core[core_trimmed.len()..];
        let chars = core_trimmed.chars().count();
        if chars > LONGEST {
            let head: String = core_trimmed.chars().take(40).collect();
            let tail: String = core_trimmed.chars().skip(chars - 10).collect();
            out.push_str(&format!("{open}{head}…{tail}{close} ({chars} characters)"));
        } else {
            out.push_str(word);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Whether a command line that clap refused asked for JSON: `--json` before any `--`.
fn wants_json(args: impl Iterator<Item = std::ffi::OsString>) -> bool {
    args.take_while(|a| a != "--").any(|a| a == "--json")
}

/// The command line parsed again with its query words that start with `-` after `--`,
/// when it has such words and then parses.
fn reparse_as_query(args: &[std::ffi::OsString]) -> Option<Cli> {
    let mut command = Cli::command();
    command.build();
    let args = argv::queries_after_escape(&command, args)?;
    Cli::try_parse_from(args).ok()
}

fn run(cli: &Cli) -> anyhow::Result<bool> {
    match &cli.command {
        None => commands::search::run(&cli.global, &cli.search),
        Some(Command::Index(args)) => commands::index::run(&cli.global, args),
        Some(Command::Show(args)) => commands::show::run(&cli.global, args),
        Some(Command::Stats(args)) => commands::stats::run(&cli.global, args),
        Some(Command::Check(args)) => commands::check::run(&cli.global, args),
        Some(Command::Watch(args)) => commands::watch::run(&cli.global, args),
        Some(Command::Serve(args)) => commands::serve::run(&cli.global, args),
        Some(Command::Export(args)) => commands::export::run(&cli.global, args),
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// An error as one line with its causes.
fn message(e: &anyhow::Error) -> String {
    if let Some(message) = commands::message(e) {
        return message.to_string();
    }
    let mut line = e.to_string();
    for cause in e.chain().skip(1) {
        let cause = cause.to_string();
        if !line.contains(&cause) {
            line.push_str(": ");
            line.push_str(&cause);
        }
    }
    line.replace('\n', " ")
}

/// The hint for an error, with `--index DIR` in the commands it names when the index was
/// given so.
fn hint(e: &anyhow::Error, index: Option<&std::path::Path>) -> Option<String> {
    let hint = commands::hint(e)?;
    Some(match index {
        Some(dir) => commands::with_index(&hint, dir),
        None => hint,
    })
}

/// Prints an error as one line with its causes, then a hint where the user can act.
fn report(e: &anyhow::Error, index: Option<&std::path::Path>) {
    let mut stderr = anstream::stderr().lock();
    let _ = writeln!(stderr, "error: {}", message(e));
    if let Some(hint) = hint(e, index) {
        let _ = writeln!(stderr, "hint: {hint}");
    }
}

/// Prints an error as one JSON object on stderr (`--json`).
fn report_json(e: &anyhow::Error, index: Option<&std::path::Path>) {
    let code = e
        .chain()
        .find_map(|cause| cause.downcast_ref::<newsdex::Error>())
        .map_or("error", newsdex::Error::code);
    let hint = hint(e, index);
    let _ = newsdex::query::jsonl::write_error(
        &mut std::io::stderr().lock(),
        code,
        &message(e),
        hint.as_deref(),
    );
}
