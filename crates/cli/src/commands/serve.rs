//! `search serve`: the search page and the JSON API over HTTP, until Ctrl-C.

use std::io::Write;

use newsdex::NewsIndex;
use newsdex_server::{Access, IndexSource, Options};

use crate::args::{GlobalArgs, ServeArgs};
use crate::commands;
use crate::location::display_path;

/// Serves until Ctrl-C. The index is found and opened by the library's policy, as `search`
/// opens it (built over `data/` on first use in a checkout, synced if stale); while it
/// can't be opened, the API answers 503 and the server tries again to open it, read-only.
pub fn run(global: &GlobalArgs, args: &ServeArgs) -> anyhow::Result<bool> {
    let location = commands::locate(global.index.as_deref());
    let shown = display_path(&location.dir.to_string_lossy());
    let source = match commands::open(&location, true) {
        Ok(index) => IndexSource::from(index),
        Err(e) => {
            eprintln!("warning: {e:#}; the API answers 503 until the index can be opened.");
            let dir = location.dir.clone();
            IndexSource::open_with(move || NewsIndex::open(&dir).map_err(Into::into))
        }
    };
    let access = match (&args.token, args.public) {
        (Some(token), _) if token.is_empty() => anyhow::bail!("--token is empty"),
        (Some(token), _) => Access::Token(token.clone()),
        (None, true) => Access::Public,
        (None, false) => Access::Loopback,
    };
    let cache = usize::try_from(args.cache).unwrap_or(usize::MAX);
    let mut options = Options::new().access(access.clone()).result_cache(cache);
    for origin in &args.cors {
        options = options.cors_origin(origin);
    }
    if !args.quiet {
        options = options.log(|r| {
            let _ = writeln!(
                std::io::stderr().lock(),
                "{} {} {} {:.1} ms",
                r.method,
                r.path,
                r.status,
                r.elapsed.as_secs_f64() * 1000.0
            );
        });
    }
    let addr = args.addr;
    newsdex_server::run(
        addr,
        source,
        options,
        |bound| {
            let who = match &access {
                Access::Loopback => "only programs on this machine can reach it",
                Access::Token(_) => "the API answers only requests with the bearer token",
                Access::Public => "anyone who can reach this address can search the index",
            };
            let shown_addr = if bound.ip().is_unspecified() {
                format!("port {} of every address of this machine", bound.port())
            } else {
                format!("http://{bound}")
            };
            eprintln!("Serving the index at {shown} on {shown_addr}: {who}. Ctrl-C stops.");
        },
        newsdex_server::ctrl_c(),
    )?;
    Ok(true)
}
