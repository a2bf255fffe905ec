//! What can go wrong with a file or a record, and what a read gives back.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use newsdex_schema::Article;

/// What went wrong with one file or one record.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
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

/// The kinds of [`Problem`], for summaries. Serialized in snake case (`too_large`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// The file could not be read (permissions, a dangling symlink, an I/O error).
    Unreadable,
    /// A record could not be parsed (malformed JSON, not an object) and was left out; the
    /// file's other records were still read.
    BadRecord,
    /// The file had nothing to index.
    Empty,
    /// The file is over the size limit.
    TooLarge,
    /// The file is binary.
    Binary,
    /// The text was not valid UTF-8 and was decoded lossily.
    BadEncoding,
    /// The file is not of a format newsdex reads (by its extension).
    Unsupported,
    /// A web page whose elements nest so deep that building its tree would take more than
    /// [`MAX_HTML_SCOPE_STEPS`](crate::MAX_HTML_SCOPE_STEPS): the time grows with the
    /// square of the depth.
    TooDeep,
    /// Not a regular file: a named pipe (FIFO), a socket or a device, or a symlink to one.
    /// It is never opened for reading, so a pipe cannot block a run nor `/dev/zero` fill it.
    NotAFile,
    /// A record with no text to index (no title nor body that holds text, as `{}`); left
    /// out, the file's other records were still read.
    NoText,
    /// A record (a line of a JSON Lines file) over the record size limit; left out, and
    /// never held in memory whole.
    RecordTooLarge,
    /// A field of a record or of front matter could not be used (a date that is not one,
    /// front matter that doesn't parse); the record was kept without it.
    BadField,
    /// A record with an id another article already has (an earlier record of the same
    /// file, or a file first in order); left out, so that an id is one article. Found
    /// when indexing, not when reading.
    DuplicateId,
}

impl ProblemKind {
    /// Every kind.
    pub const ALL: [ProblemKind; 13] = [
        ProblemKind::Unreadable,
        ProblemKind::BadRecord,
        ProblemKind::Empty,
        ProblemKind::TooLarge,
        ProblemKind::Binary,
        ProblemKind::BadEncoding,
        ProblemKind::Unsupported,
        ProblemKind::TooDeep,
        ProblemKind::NotAFile,
        ProblemKind::NoText,
        ProblemKind::RecordTooLarge,
        ProblemKind::BadField,
        ProblemKind::DuplicateId,
    ];

    /// Whether the whole file was left out (as opposed to a warning about part of it).
    pub fn skips_file(self) -> bool {
        matches!(
            self,
            ProblemKind::Unreadable
                | ProblemKind::Empty
                | ProblemKind::TooLarge
                | ProblemKind::Binary
                | ProblemKind::Unsupported
                | ProblemKind::TooDeep
                | ProblemKind::NotAFile
        )
    }

    /// Whether one record of a file was left out, the others being read.
    pub fn skips_record(self) -> bool {
        matches!(
            self,
            ProblemKind::BadRecord
                | ProblemKind::NoText
                | ProblemKind::RecordTooLarge
                | ProblemKind::DuplicateId
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
            ProblemKind::Unsupported => "unsupported",
            ProblemKind::TooDeep => "too deep",
            ProblemKind::NotAFile => "not a regular file",
            ProblemKind::NoText => "no text",
            ProblemKind::RecordTooLarge => "record too large",
            ProblemKind::BadField => "bad field",
            ProblemKind::DuplicateId => "duplicate id",
        }
    }

    /// The kind whose [`label`](ProblemKind::label) this is.
    pub fn from_label(label: &str) -> Option<ProblemKind> {
        ProblemKind::ALL.into_iter().find(|k| k.label() == label)
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
        f.write_str(&escape_path(&self.path))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The articles read from one file, and what went wrong on the way.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct FileRead {
    /// The articles, in file order.
    pub articles: Vec<Article>,
    /// Warnings, the records left out, and the reason the file was skipped if it was.
    pub problems: Vec<Problem>,
}

impl FileRead {
    pub(crate) fn skipped(problem: Problem) -> FileRead {
        FileRead {
            articles: Vec::new(),
            problems: vec![problem],
        }
    }

    /// A file's one article, with the problems met reading it.
    pub(crate) fn one(article: Article, problems: Vec<Problem>) -> FileRead {
        FileRead {
            articles: vec![article],
            problems,
        }
    }

    /// The reason the whole file was left out, if it was.
    pub fn skip_reason(&self) -> Option<&Problem> {
        self.problems.iter().find(|p| p.kind.skips_file())
    }
}

/// A path as one line of text: control characters (a newline, a tab, an escape that
/// would colour a terminal), Unicode's direction overrides and bytes that are not UTF-8
/// are written as escapes (`\n`, `\u{202e}`, `\xff`), the rest as it is. Messages that
/// name files stay one line each, whatever the files are called.
///
/// ```
/// use std::path::Path;
/// use newsdex_ingest::escape_path;
///
/// assert_eq!(escape_path(Path::new("news/a.txt")), "news/a.txt");
/// assert_eq!(escape_path(Path::new("news/a\nb.txt")), "news/a\\nb.txt");
/// assert_eq!(escape_path(Path::new("\u{1b}[31mred.txt")), "\\u{1b}[31mred.txt");
/// ```
pub fn escape_path(path: &Path) -> Cow<'_, str> {
    let os = path.as_os_str();
    match os.to_str() {
        Some(text) => escape_text(text),
        None => {
            let mut out = String::new();
            for chunk in os.as_encoded_bytes().utf8_chunks() {
                out.push_str(&escape_text(chunk.valid()));
                for byte in chunk.invalid() {
                    out.push_str(&format!("\\x{byte:02x}"));
                }
            }
            Cow::Owned(out)
        }
    }
}

/// Whether a character would break a one-line message or change how the rest of the line
/// is shown.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// [`escape_path`] for text.
pub(crate) fn escape_text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}
