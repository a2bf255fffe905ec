//! What can go wrong with a file or a record, and what a read gives back.

use std::fmt;
use std::path::{Path, PathBuf};

use newsdex_schema::Article;

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
    /// The file was named explicitly but is not of a format newsdex reads.
    Unsupported,
    /// A web page whose elements nest so deep that building its tree would take more than
    /// [`MAX_HTML_SCOPE_STEPS`](crate::MAX_HTML_SCOPE_STEPS): the time grows with the square of the depth.
    TooDeep,
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
                | ProblemKind::Unsupported
                | ProblemKind::TooDeep
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
    /// Records of a JSON or JSON Lines file that had neither a title nor a body: left out,
    /// and not a problem (21,578 Reuters records hold 20,841 articles).
    pub empty_records: usize,
}

impl FileRead {
    pub(crate) fn skipped(problem: Problem) -> FileRead {
        FileRead {
            articles: Vec::new(),
            problems: vec![problem],
            empty_records: 0,
        }
    }

    /// The reason the whole file was left out, if it was.
    pub fn skip_reason(&self) -> Option<&Problem> {
        self.problems.iter().find(|p| p.kind.skips_file())
    }
}
