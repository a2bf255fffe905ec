//! `search show ID`: one article in full.

use std::io::Write;

use newsdex::{Error, Searcher};

use crate::args::{GlobalArgs, ShowArgs};
use crate::{commands, printer};

/// Prints the article; `Ok(false)` when no article has the id (or an id that starts with
/// it).
pub fn run(global: &GlobalArgs, args: &ShowArgs) -> anyhow::Result<bool> {
    let index = commands::open(&commands::locate(global.index.as_deref()), false)?;
    let searcher = Searcher::snapshot(&index)?;
    let id = match searcher.find_id(&args.id) {
        Ok(id) => id,
        Err(e @ Error::ArticleNotFound { .. }) => {
            // `search show business` was most likely meant as a search.
            let hint = format!(
                "to search for the word, put -- before it: search -- show {}",
                commands::shell_words([&args.id])
            );
            let hint = match &global.index {
                Some(dir) => commands::with_index(&hint, dir),
                None => hint,
            };
            eprintln!("{e} ({hint})");
            return Ok(false);
        }
        Err(e) => return Err(e.into()),
    };
    let article = searcher.get(&id)?;
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
        let marks = match &args.query {
            Some(query) => {
                let title = article.title.as_deref().unwrap_or("");
                let mut marks =
                    searcher.highlight(query, args.exact, article.lang, &[title, &article.body])?;
                let body = marks.pop().unwrap_or_default();
                (marks.pop().unwrap_or_default(), body)
            }
            None => Default::default(),
        };
        printer::human_article(&mut out, &article, &marks.0, &marks.1)?;
    }
    Ok(true)
}
