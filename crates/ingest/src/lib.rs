//! Readers that turn files of news into [`Article`]s: raw scraped text, JSON Lines, and
//! the walk over the folders a user points newsdex at.
//!
//! Every reader is forgiving: a bad record or a bad file becomes a [`Problem`] that names
//! the file (and line), and the good articles of the same file are still returned.
//!
//! ```
//! use newsdex_ingest::{read_bytes, Format, ReadOptions};
//!
//! let text = "Kim meets Shoigu\n\nKim and Shoigu talked Wednesday in Pyongyang.\n";
//! let read = read_bytes(text.as_bytes(), Format::Text, "news/kim.txt", &ReadOptions::default());
//! assert_eq!(read.articles[0].title.as_deref(), Some("Kim meets Shoigu"));
//! assert!(read.articles[0].body.starts_with("Kim and Shoigu talked"));
//! assert!(read.problems.is_empty());
//! ```
#![deny(missing_docs)]

mod json;
mod text;
mod walk;

use std::fmt;
use std::path::{Path, PathBuf};

pub use newsdex_schema::{Article, FileStamp, NewsDate};
pub use walk::{walk, SourceFile};

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The file formats newsdex reads, chosen by file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// `.txt`, `.text`: a scraped page saved as text.
    Text,
    /// `.jsonl`, `.ndjson`: one JSON object a line.
    JsonLines,
}

impl Format {
    /// The format of a file, from its extension; `None` for files newsdex doesn't read.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            _ => None,
        }
    }
}

/// How files are read.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    max_file_size: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_file_size: 64 * 1024 * 1024,
        }
    }
}

impl ReadOptions {
    /// Default options.
    pub fn new() -> ReadOptions {
        ReadOptions::default()
    }

    /// Files larger than this many bytes are skipped (default 64 MiB).
    pub fn max_file_size(&mut self, bytes: u64) -> &mut ReadOptions {
        self.max_file_size = bytes;
        self
    }

    /// The size limit in bytes.
    pub fn file_size_limit(&self) -> u64 {
        self.max_file_size
    }
}

/// What went wrong with one file or one record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file.
    pub path: PathBuf,
    /// The 1-based line, where the problem is in one record of a multi-record file.
    pub line: Option<usize>,
    /// What happened.
    pub kind: ProblemKind,
    /// One line saying what is wrong.
    pub message: String,
}

/// The kinds of [`Problem`], for summaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ProblemKind {
    /// The file could not be read (permissions, a dangling symlink, an I/O error).
    Unreadable,
    /// A record could not be parsed; the file's other records were still read.
    BadRecord,
    /// The file had nothing to index.
    Empty,
    /// The file is over the size limit.
    TooLarge,
    /// The file is binary.
    Binary,
    /// The text was not valid UTF-8 and was decoded lossily.
    BadEncoding,
}

impl ProblemKind {
    /// Whether the whole file was left out (as opposed to a warning about part of it).
    pub fn skips_file(self) -> bool {
        matches!(
            self,
            ProblemKind::Unreadable
                | ProblemKind::Empty
                | ProblemKind::TooLarge
                | ProblemKind::Binary
        )
    }

    /// A short name for summaries (`binary`, `too large`, …).
    pub fn label(self) -> &'static str {
        match self {
            ProblemKind::Unreadable => "unreadable",
            ProblemKind::BadRecord => "bad record",
            ProblemKind::Empty => "empty",
            ProblemKind::TooLarge => "too large",
            ProblemKind::Binary => "binary",
            ProblemKind::BadEncoding => "bad encoding",
        }
    }
}

impl Problem {
    pub(crate) fn new(path: &Path, kind: ProblemKind, message: impl Into<String>) -> Problem {
        Problem {
            path: path.to_path_buf(),
            line: None,
            kind,
            message: message.into(),
        }
    }

    pub(crate) fn at_line(mut self, line: usize) -> Problem {
        self.line = Some(line);
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The articles read from one file, and what went wrong on the way.
#[derive(Clone, Debug, Default)]
pub struct FileRead {
    /// The articles, in file order.
    pub articles: Vec<Article>,
    /// Warnings, and the reason the file was skipped if it was.
    pub problems: Vec<Problem>,
}

impl FileRead {
    fn skipped(problem: Problem) -> FileRead {
        FileRead {
            articles: Vec::new(),
            problems: vec![problem],
        }
    }

    /// The reason the whole file was left out, if it was.
    pub fn skip_reason(&self) -> Option<&Problem> {
        self.problems.iter().find(|p| p.kind.skips_file())
    }
}

/// Reads one file: checks its size, reads its bytes and parses them by format. Every
/// article gets `path` set to the file's path and a [`FileStamp`] of what was read.
///
/// `key` is the name ids are derived from (see [`Article::derive_id`]); the walker passes
/// the path relative to the folder above the indexed root, so ids don't depend on where
/// the collection lives.
pub fn read_file(file: &SourceFile, options: &ReadOptions) -> FileRead {
    let path = &file.path;
    let too_large = |size: u64| {
        FileRead::skipped(Problem::new(
            path,
            ProblemKind::TooLarge,
            format!(
                "skipped: {size} bytes is over the {} byte limit",
                options.max_file_size
            ),
        ))
    };
    let metadata = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            return FileRead::skipped(Problem::new(path, ProblemKind::Unreadable, e.to_string()))
        }
    };
    if metadata.len() > options.max_file_size {
        return too_large(metadata.len());
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return FileRead::skipped(Problem::new(path, ProblemKind::Unreadable, e.to_string()))
        }
    };
    let mtime_nanos = metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
    let stamp = FileStamp {
        size: bytes.len() as u64,
        mtime_nanos,
        hash: blake3::hash(&bytes).to_hex().to_string(),
    };
    let mut read = read_bytes(&bytes, file.format, &file.key, options);
    let path_text = path.to_string_lossy();
    for article in &mut read.articles {
        article.path = Some(path_text.to_string());
        article.stamp = Some(stamp.clone());
    }
    for problem in &mut read.problems {
        problem.path = path.clone();
    }
    read
}

/// Parses the bytes of a file in a known format. `key` names the file in problems and is
/// the base of derived ids.
pub fn read_bytes(bytes: &[u8], format: Format, key: &str, options: &ReadOptions) -> FileRead {
    let _ = options;
    let path = Path::new(key);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return FileRead::skipped(Problem::new(
            path,
            ProblemKind::Empty,
            "skipped: empty file",
        ));
    }
    if bytes.contains(&0) {
        return FileRead::skipped(Problem::new(
            path,
            ProblemKind::Binary,
            "skipped: binary file (contains NUL bytes)",
        ));
    }
    let mut problems = Vec::new();
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(e) => {
            problems.push(Problem::new(
                path,
                ProblemKind::BadEncoding,
                format!("invalid UTF-8 at byte {}, decoded lossily", e.valid_up_to()),
            ));
            String::from_utf8_lossy(bytes)
        }
    };
    let mut read = match format {
        Format::Text => text::read(&text, key),
        Format::JsonLines => json::read_lines(&text, key, path),
    };
    problems.append(&mut read.problems);
    read.problems = problems;
    if read.articles.is_empty() && read.skip_reason().is_none() {
        read.problems.push(Problem::new(
            path,
            ProblemKind::Empty,
            "skipped: no article found",
        ));
    }
    read
}
