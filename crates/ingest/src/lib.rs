//! Readers that turn files of news into [`Article`]s: scraped pages saved as text,
//! Markdown with front matter, saved HTML, JSON and JSON Lines exports, and the walk over
//! the folders a user points newsdex at.
//!
//! Every reader extracts what the file supports (title, date, source, author, URL) and
//! keeps page furniture (`LOGIN`, `READ MORE: …`, comment threads, share blocks, footers)
//! out of the body. Every reader is forgiving: a bad record or a bad file becomes a
//! [`Problem`] that names the file (and line), and the good articles of the same file
//! are still returned. No input makes a reader panic.
//!
//! ```
//! use newsdex_ingest::{read_bytes, Format, ReadOptions};
//!
//! let page = "LOGIN\n\
//!     Kim meets Shoigu | World | News\n\
//!     news 12-Sep-2023 Politcs\n\n\
//!     Kim and Shoigu talked Wednesday in Pyongyang, state media said.\n\n\
//!     AP\n\
//!     Source link\n";
//! let read = read_bytes(page.as_bytes(), Format::Text, "news/kim.txt", &ReadOptions::default());
//! let article = &read.articles[0];
//! assert_eq!(article.title.as_deref(), Some("Kim meets Shoigu"));
//! assert_eq!(article.date.unwrap().to_string(), "2023-09-12");
//! assert_eq!(article.source.as_deref(), Some("AP"));
//! assert_eq!(article.body, "Kim and Shoigu talked Wednesday in Pyongyang, state media said.");
//! assert_eq!(article.raw.as_deref(), Some(page)); // every byte, for `show --raw`
//!
//! // JSON with a collection's own field names:
//! let options = ReadOptions::new().map_field("body=story")?;
//! let json = br#"[{"id": "r1", "headline": "Talks", "story": "Peskov said so.", "date": "26-FEB-1987 15:01:01.79"}]"#;
//! let read = read_bytes(json, Format::Json, "export.json", &options);
//! assert_eq!(read.articles[0].id, "r1");
//! assert_eq!(read.articles[0].body, "Peskov said so.");
//! assert_eq!(read.articles[0].date.unwrap().to_string(), "1987-02-26T15:01:01Z");
//! # Ok::<(), newsdex_ingest::Error>(())
//! ```
//!
//! # Formats
//!
//! | extension | reader |
//! |---|---|
//! | `.txt`, `.text` | title, date, author and source extracted from the text (header lines, bylines, end tags, copyright footers) |
//! | `.md`, `.markdown` | YAML (`---`) or TOML (`+++`) front matter: `title`, `date`, `source`/`publisher`, `author`, `url`; else as text, `# Heading` as title |
//! | `.html`, `.htm` | `og:title`, `<title>`, `<h1>`; `article:published_time`, JSON-LD `datePublished`, `<time datetime>`; `og:site_name`, JSON-LD `publisher`; the `<article>` text without navigation, comments or footer |
//! | `.json` | one object or an array of objects, fields by [`ArticleField::common_names`] or a [`FieldMap`] |
//! | `.jsonl`, `.ndjson` | one object a line, the same fields |
//!
//! Single-article files (text, Markdown, HTML) keep their decoded text in
//! [`Article::raw`]; records of JSON files don't. Wire sign-offs at the end of a body
//! (`AP`, `Reuter` alone on the last line) are removed and name the source when no field
//! does; `Reuter`, the Reuters wire's sign-off, is reported as `Reuters`.
#![deny(missing_docs)]

mod dates;
mod decode;
mod fields;
mod format;
mod html;
mod json;
mod markdown;
mod months;
mod options;
mod problem;
mod read;
mod stream;
mod text;
mod walk;

pub use dates::parse_date;
pub use fields::{ArticleField, FieldMap};
pub use format::Format;
pub use html::MAX_HTML_SCOPE_STEPS;
pub use newsdex_schema::{Article, Error, FileStamp, NewsDate, Result};
pub use options::{ReadOptions, DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_RECORD_SIZE};
pub use problem::{escape_path, FileRead, Problem, ProblemKind};
pub use read::{read_bytes, read_file, read_files};
pub use stream::{read_file_in_batches, Batch};
pub use walk::{walk, walk_with, SourceFile, WalkOptions, IGNORE_FILE};
