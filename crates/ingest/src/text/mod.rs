//! Raw scraped text: metadata from the page's header and footer, and a body without the
//! page's furniture.
//!
//! The page is read as lines, in three parts:
//!
//! 1. **The header**, the lines before the first paragraph of prose: the title (the first
//!    line that is not site chrome such as `LOGIN`), then bylines (`by Lucas Garcia`),
//!    date lines (`news 12-Sep-2023 Politcs`), counters (`4 comments`,
//!    `11 months ago 28`), photo credits (`Pic - AP news`) and repeats of the title. Only
//!    here is a date looked for: a date in the story or in a reader's comment is never
//!    the article's.
//! 2. **The story**, up to the first furniture marker that follows prose: a FAQ or share
//!    block, related or popular posts, a comment form, a reader comment
//!    (`name October 19, 2023 - 3:46 pm … Reply`), a copyright line. Promo lines inside
//!    it (`READ MORE: …`, `Advertisement`) are dropped; short lines without a sentence's
//!    end after the last paragraph (`Source link`, `Exit mobile version`) are dropped,
//!    and an agency's end tag among them (`AP`, `Reuter`) becomes the source.
//! 3. **The footer**, everything after the marker: only read for a copyright line
//!    (`© 2023 BBN – Big Big News`) naming the source.
//!
//! `extract` runs the three passes; `furniture` knows the lines that are not the article,
//! `meta` the lines that carry metadata, `wire` the agencies' sign-offs, `lines` what a
//! line of prose or a title looks like.

mod extract;
mod furniture;
mod lines;
mod meta;
mod wire;

use newsdex_schema::Article;

use crate::problem::FileRead;

pub(crate) use extract::extract;
pub(crate) use meta::{copyright, strip_site_name};
pub(crate) use wire::{sign_off, unwrap_hard_wraps};

/// Reads a text file's one article. `key` is the base of its id.
pub(crate) fn read(text: &str, key: &str) -> FileRead {
    let extracted = extract(text, None);
    let mut article = Article::new(extracted.body).with_id(Article::derive_id(key, 0));
    article.title = extracted.title;
    article.date = extracted.date;
    article.source = extracted.source;
    article.author = extracted.author;
    article.raw = Some(text.to_string());
    FileRead::one(article, Vec::new())
}
