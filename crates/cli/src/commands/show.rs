//! `search show ID`: one article in full.

use std::io::Write;

use newsdex::{Error, Searcher};

use crate::args::{GlobalArgs, ShowArgs};
use crate::{commands, printer};

/// Prints the article; `Ok(false)` when no article has the id.
pub fn run(global: &GlobalArgs, args: &ShowArgs) -> anyhow::Result<bool> {
    let index = commands::open(&commands::locate(global.index.as_deref()), false)?;
    let article = match Searcher::snapshot(&index)?.get(&args.id) {
        Ok(article) => article,
        Err(e @ Error::ArticleNotFound { .. }) => {
            eprintln!("{e}");
            return Ok(false);
        }
        Err(e) => return Err(e.into()),
    };
    let mut out = anstream::stdout().lock();
    if args.raw {
        match &article.raw {
            Some(raw) => out.write_all(raw.as_bytes())?,
            None => {
                eprintln!("note: the index keeps no separate original text for this article; showing its text");
                writeln!(out, "{}", article.body)?;
            }
        }
    } else if args.json {
        printer::json_article(&mut out, &article)?;
    } else {
        printer::human_article(&mut out, &article)?;
    }
    Ok(true)
}
