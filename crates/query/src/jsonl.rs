//! The JSON Lines format of search results, as `search --json` prints it: one object a
//! line, each with a `type`.
//!
//! | `type` | when | fields |
//! |---|---|---|
//! | `hit` | one per hit, in rank order | the fields of a serialized [`Hit`] |
//! | `facets` | after the hits, when facets were asked for | `total`, then the fields of a serialized [`Facets`]: `sources` (`[{"source":…,"count":…}]`), `no_source`, `months` (`[{"month":"YYYY-MM","count":…}]`), `undated`, `first_date`, `last_date` |
//! | `summary` | always, last, also when nothing matched | `total` (articles matching in all), `suggestion` (a query that would find something, or null), `variants` (the name variants searched beside the words typed), `elapsed_ms` |
//! | `error` | instead of the rest, on stderr, when a search fails | `code` ([`Error::code`](crate::Error::code), or `usage` for a bad command line), `message`, `hint` (or null) |
//!
//! Highlight offsets are Unicode code points (`highlights`, `title_highlights`), with the
//! same ranges in bytes beside them (`highlight_bytes`, `title_highlight_bytes`).
//!
//! ```
//! use newsdex_query::{jsonl, SearchRequest};
//! use newsdex_schema::{Article, NewsIndex};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let index = NewsIndex::create_in_ram();
//! let mut writer: tantivy::IndexWriter = index.tantivy().writer(15_000_000)?;
//! let article = Article::new("Kim and Shoigu talked in Pyongyang.").with_id("a1");
//! writer.add_document(index.fields().to_document(&article))?;
//! writer.commit()?;
//!
//! let results = SearchRequest::new("Shoigu").execute(&index)?;
//! let mut out = Vec::new();
//! jsonl::write_results(&mut out, &results, std::time::Duration::from_millis(2))?;
//! let lines: Vec<serde_json::Value> = std::str::from_utf8(&out)?
//!     .lines()
//!     .map(serde_json::from_str)
//!     .collect::<Result<_, _>>()?;
//! assert_eq!(lines[0]["type"], "hit");
//! assert_eq!(lines[0]["id"], "a1");
//! assert_eq!(lines[1]["type"], "summary");
//! assert_eq!(lines[1]["total"], 1);
//! # Ok(())
//! # }
//! ```

use std::io::{self, Write};
use std::time::Duration;

use serde::Serialize;

use crate::facets::Facets;
use crate::results::{Hit, SearchResults};

/// One line of the format.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
#[non_exhaustive]
pub enum Line<'a> {
    /// A hit.
    Hit(&'a Hit),
    /// The counts by source and month.
    Facets {
        /// Articles matching in all.
        total: usize,
        /// The counts.
        #[serde(flatten)]
        facets: &'a Facets,
    },
    /// The last line of every answer.
    Summary {
        /// Articles matching in all.
        total: usize,
        /// A query that would find something, when this one found nothing.
        suggestion: Option<&'a str>,
        /// The name variants searched beside the words typed.
        variants: &'a [String],
        /// How long the search took, in milliseconds (rounded to 0.01).
        elapsed_ms: f64,
    },
    /// What went wrong, instead of an answer.
    Error {
        /// A stable name of what happened ([`Error::code`](crate::Error::code)).
        code: &'a str,
        /// The message, one line.
        message: &'a str,
        /// What to do about it, where known.
        hint: Option<&'a str>,
    },
}

impl Line<'_> {
    /// Writes the line, newline included.
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer(&mut *out, self).map_err(io::Error::other)?;
        out.write_all(b"\n")
    }
}

/// Writes `results` as JSON Lines: the hits, the facets if any, and the summary.
pub fn write_results(
    out: &mut dyn Write,
    results: &SearchResults,
    elapsed: Duration,
) -> io::Result<()> {
    for hit in &results.hits {
        Line::Hit(hit).write(out)?;
    }
    if let Some(facets) = &results.facets {
        Line::Facets {
            total: results.total,
            facets,
        }
        .write(out)?;
    }
    Line::Summary {
        total: results.total,
        suggestion: results.suggestion.as_deref(),
        variants: &results.variants,
        elapsed_ms: (elapsed.as_secs_f64() * 100_000.0).round() / 100.0,
    }
    .write(out)
}

/// Writes one error line.
pub fn write_error(
    out: &mut dyn Write,
    code: &str,
    message: &str,
    hint: Option<&str>,
) -> io::Result<()> {
    Line::Error {
        code,
        message,
        hint,
    }
    .write(out)
}
