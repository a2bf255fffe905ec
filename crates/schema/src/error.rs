//! The one error type of every newsdex crate.
//!
//! Variants are named by what happened, not by which part of newsdex noticed it: a missing
//! index is [`Error::NoIndex`] whether opening, indexing or searching found it. Errors the
//! user can fix by changing what they asked for are told apart by
//! [`Error::is_user_error`]; [`Error::hint`] says what to do where newsdex knows.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::QUERY_FIELDS;

/// Any newsdex error.
///
/// ```
/// use newsdex_schema::{Error, NewsIndex};
///
/// let err = NewsIndex::open("/no/such/index").unwrap_err();
/// assert!(matches!(err, Error::NoIndex { .. }));
/// assert!(err.is_user_error());
/// assert_eq!(err.to_string(), "no index at /no/such/index");
/// assert!(err.hint().is_some());
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    // --- Paths and index folders.
    /// A file or folder given as input does not exist.
    #[error("{}: no such file or folder", path.display())]
    PathNotFound {
        /// The path as given.
        path: PathBuf,
    },
    /// There is no index at this path.
    #[error("no index at {}", path.display())]
    NoIndex {
        /// The index folder.
        path: PathBuf,
    },
    /// The folder exists but is not a newsdex index, and newsdex will not touch it.
    #[error("{} is not a newsdex index{}", path.display(), reason.suffix())]
    NotAnIndex {
        /// The folder.
        path: PathBuf,
        /// Why it is not one.
        reason: NotAnIndexReason,
    },
    /// A new index was asked for where one already is.
    #[error("{} already holds an index", path.display())]
    IndexExists {
        /// The index folder.
        path: PathBuf,
    },
    /// The index was written by a newsdex with another format version.
    #[error(
        "the index at {} has format version {found}, this newsdex reads version {expected}",
        path.display()
    )]
    OtherFormat {
        /// The index folder.
        path: PathBuf,
        /// The version in the index.
        found: u32,
        /// The version this build reads and writes ([`crate::FORMAT_VERSION`]).
        expected: u32,
    },
    /// The index's schema is not this newsdex's, or tantivy cannot read its files.
    #[error("the index at {} has another schema: {reason}", path.display())]
    OtherSchema {
        /// The index folder.
        path: PathBuf,
        /// What differs.
        reason: String,
    },
    /// A file of the index is damaged or missing.
    #[error("the index{} is damaged: {}{problem}", at(index.as_deref()), file_prefix(file.as_deref()))]
    Damaged {
        /// The index folder, where known.
        index: Option<PathBuf>,
        /// The damaged file, where known.
        file: Option<PathBuf>,
        /// What is wrong.
        problem: String,
    },
    /// Another process holds the index's writer lock.
    #[error(
        "index at {} is being updated by another process{}",
        path.display(),
        holder.as_deref().map(|h| format!(" ({h})")).unwrap_or_default()
    )]
    Locked {
        /// The index folder.
        path: PathBuf,
        /// What holds the lock, where known.
        holder: Option<String>,
    },
    /// The disk is full.
    #[error("no space left on device{}", at(path.as_deref()))]
    DiskFull {
        /// The file or folder that could not be written, where known.
        path: Option<PathBuf>,
    },
    /// The operating system refused access.
    #[error("permission denied{}", at(path.as_deref()))]
    PermissionDenied {
        /// The file or folder, where known.
        path: Option<PathBuf>,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// Reading or writing a file failed for another reason.
    #[error("{}{source}", path_prefix(path.as_deref()))]
    Io {
        /// The file or folder, where known.
        path: Option<PathBuf>,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// A sync was asked for, but no path was given and the index remembers none.
    #[error("no folders to index: the index remembers none")]
    NoFolders,
    /// Watching the folders for changes failed.
    #[error("watching for changes failed: {source}")]
    Watch {
        /// The cause.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },

    // --- Reading articles.
    /// A field mapping (`body=story`) could not be read.
    #[error("bad field mapping `{spec}`: {reason}")]
    FieldMap {
        /// The mapping as given.
        spec: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A glob choosing the files to index (`*.txt`, `drafts/`) does not parse.
    #[error("bad glob `{glob}`: {reason}")]
    BadGlob {
        /// The glob as given.
        glob: String,
        /// What is wrong with it.
        reason: String,
    },

    // --- Queries and requests.
    /// The query does not parse.
    #[error("bad query: {0}")]
    Parse(#[from] ParseError),
    /// The query parses but cannot run.
    #[error("bad query: {message}")]
    UnsupportedQuery {
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
    /// The query names a field newsdex doesn't have.
    #[error("bad query: unknown field `{field}`")]
    UnknownField {
        /// The field as typed.
        field: String,
    },
    /// A date that doesn't read as one.
    #[error("not a date: {text:?}")]
    BadDate {
        /// The text as typed.
        text: String,
    },
    /// The query is empty and there is no filter.
    #[error("empty query")]
    EmptyQuery,
    /// A setting of a request is out of range.
    #[error(transparent)]
    InvalidRequest(#[from] RequestError),
    /// No article has this id.
    #[error("no article with id {id:?}")]
    ArticleNotFound {
        /// The id as given.
        id: String,
    },
    /// More than one article has an id that starts with this prefix.
    #[error(
        "the id {prefix:?} is ambiguous: {}{} start with it",
        candidates.join(", "),
        if *more { ", …" } else { "" }
    )]
    AmbiguousId {
        /// The prefix as given.
        prefix: String,
        /// Some of the ids that start with it, in order.
        candidates: Vec<String>,
        /// Whether more ids than these start with it.
        more: bool,
    },

    // --- Other engines (exports and pushes).
    /// Another engine's server could not be reached, or the connection broke.
    #[error("cannot reach {url}: {reason}")]
    EngineUnreachable {
        /// The server.
        url: String,
        /// What the connection said.
        reason: String,
    },
    /// Another engine answered a request with an error.
    #[error("{engine} at {url} answered {status}: {message}{}", code_suffix(code.as_deref()))]
    EngineRefused {
        /// The engine (`Meilisearch`).
        engine: &'static str,
        /// The server.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The engine's error code (`invalid_api_key`).
        code: Option<String>,
        /// The engine's message.
        message: String,
    },
    /// A task another engine ran for a push failed.
    #[error("{engine} at {url}: task {task} failed: {message}{}", code_suffix(code.as_deref()))]
    EngineTaskFailed {
        /// The engine.
        engine: &'static str,
        /// The server.
        url: String,
        /// The task's id.
        task: u64,
        /// The engine's error code.
        code: Option<String>,
        /// The engine's message.
        message: String,
    },
    /// The index a push fills exists in the other engine, keyed by another field.
    #[error("the {engine} index {index} at {url} is keyed by {found:?}, not \"id\"")]
    EngineIndexKeyed {
        /// The engine.
        engine: &'static str,
        /// The server.
        url: String,
        /// The index.
        index: String,
        /// The field it is keyed by.
        found: String,
    },
    /// Another engine answered something its API does not document.
    #[error("unexpected answer from {engine} at {url}: {reason}")]
    EngineProtocol {
        /// The engine.
        engine: &'static str,
        /// The server.
        url: String,
        /// What was wrong.
        reason: String,
    },

    // --- Bugs.
    /// A failure that is none of the above: a bug in newsdex or tantivy.
    #[error("internal error: {message}")]
    Internal {
        /// What failed.
        message: String,
    },
}

/// Why a folder is not a newsdex index ([`Error::NotAnIndex`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotAnIndexReason {
    /// The folder does not carry newsdex's marker.
    NotMarked,
    /// The folder is not empty, so newsdex will not make an index of it.
    NotEmpty,
    /// The path is a file, not a folder.
    NotAFolder,
    /// The folder's index metadata cannot be read as newsdex's.
    Unreadable(String),
    /// The folder holds an index an older newsdex made, before it marked its folders.
    UnmarkedIndex,
}

impl NotAnIndexReason {
    fn suffix(&self) -> String {
        match self {
            NotAnIndexReason::NotMarked => String::new(),
            NotAnIndexReason::NotEmpty => ": the folder is not empty".into(),
            NotAnIndexReason::NotAFolder => ": it is not a folder".into(),
            NotAnIndexReason::Unreadable(why) => format!(": {why}"),
            NotAnIndexReason::UnmarkedIndex => {
                ": it holds an index of an older newsdex, without the marker newsdex now puts in its index folders".into()
            }
        }
    }
}

impl fmt::Display for NotAnIndexReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotAnIndexReason::NotMarked => f.write_str("it carries no newsdex marker"),
            other => f.write_str(other.suffix().trim_start_matches(": ")),
        }
    }
}

/// A setting of a request (a search, an export) that is out of range or unknown
/// ([`Error::InvalidRequest`]).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// The limit is 0.
    #[error("the limit must be at least 1")]
    ZeroLimit,
    /// Offset plus limit is over the most one request may ask for.
    #[error("offset plus limit must be at most {max}")]
    WindowTooLarge {
        /// The most hits one request may reach.
        max: usize,
    },
    /// The title boost is negative or not a number.
    #[error("the title boost must be a number from 0 to 1000")]
    BadTitleBoost {
        /// The boost given.
        boost: f32,
    },
    /// The date range starts after it ends.
    #[error("the start of the date range is after its end")]
    SinceAfterUntil,
    /// A sort order newsdex doesn't know.
    #[error("unknown sort {sort:?}: use score, date (oldest first) or -date (newest first)")]
    UnknownSort {
        /// The order as given.
        sort: String,
    },
    /// An export format newsdex doesn't know.
    #[error("unknown export format {name:?}: use jsonl, es-bulk or meilisearch")]
    UnknownFormat {
        /// The format as given.
        name: String,
    },
    /// An engine newsdex doesn't export to.
    #[error("unknown engine {name:?}: use elasticsearch, opensearch, quickwit or meilisearch")]
    UnknownEngine {
        /// The engine as given.
        name: String,
    },
    /// An index name some engine would refuse.
    #[error("bad index name {name:?}: {reason}")]
    BadIndexName {
        /// The name as given.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A server address that is not an HTTP URL.
    #[error("bad URL {url:?}: {reason}")]
    BadUrl {
        /// The address as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// A query that could not be parsed: what is wrong, where, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong.
    pub message: String,
    /// The 1-based column (in characters) where it is.
    pub column: usize,
    /// How to fix it.
    pub hint: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at column {}", self.message, self.column)
    }
}

impl std::error::Error for ParseError {}

fn code_suffix(code: Option<&str>) -> String {
    code.map(|c| format!(" ({c})")).unwrap_or_default()
}

fn at(path: Option<&Path>) -> String {
    path.map(|p| format!(" at {}", p.display()))
        .unwrap_or_default()
}

fn path_prefix(path: Option<&Path>) -> String {
    path.map(|p| format!("{}: ", p.display()))
        .unwrap_or_default()
}

fn file_prefix(file: Option<&Path>) -> String {
    file.map(|p| format!("{}: ", p.display()))
        .unwrap_or_default()
}

/// The result type of every newsdex crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Whether the error comes from what the user asked for, and asking differently fixes
    /// it: a bad query, date, request or field mapping, an input path or article id that
    /// doesn't exist, or an index folder that is missing, not newsdex's, of another format
    /// or busy. A full disk, refused permissions, a damaged index, other I/O failures and
    /// bugs are not user errors.
    pub fn is_user_error(&self) -> bool {
        !matches!(
            self,
            Error::Damaged { .. }
                | Error::DiskFull { .. }
                | Error::PermissionDenied { .. }
                | Error::Io { .. }
                | Error::Watch { .. }
                | Error::EngineProtocol { .. }
                | Error::Internal { .. }
        )
    }

    /// Whether rebuilding the index from its folders fixes this: an index of another
    /// format or schema, or a damaged one. (A folder that is not a newsdex index is never
    /// rebuilt: newsdex does not clear folders it did not make.)
    pub fn needs_rebuild(&self) -> bool {
        matches!(
            self,
            Error::OtherFormat { .. } | Error::OtherSchema { .. } | Error::Damaged { .. }
        )
    }

    /// A short, stable name of the variant (`no_index`, `bad_query`, …), for programs
    /// that report errors as data.
    pub fn code(&self) -> &'static str {
        match self {
            Error::PathNotFound { .. } => "path_not_found",
            Error::NoIndex { .. } => "no_index",
            Error::NotAnIndex { .. } => "not_an_index",
            Error::IndexExists { .. } => "index_exists",
            Error::OtherFormat { .. } => "other_format",
            Error::OtherSchema { .. } => "other_schema",
            Error::Damaged { .. } => "damaged",
            Error::Locked { .. } => "locked",
            Error::DiskFull { .. } => "disk_full",
            Error::PermissionDenied { .. } => "permission_denied",
            Error::Io { .. } => "io",
            Error::NoFolders => "no_folders",
            Error::Watch { .. } => "watch",
            Error::FieldMap { .. } => "bad_field_map",
            Error::BadGlob { .. } => "bad_glob",
            Error::Parse(_) | Error::UnsupportedQuery { .. } | Error::UnknownField { .. } => {
                "bad_query"
            }
            Error::BadDate { .. } => "bad_date",
            Error::EmptyQuery => "empty_query",
            Error::InvalidRequest(_) => "invalid_request",
            Error::ArticleNotFound { .. } => "article_not_found",
            Error::AmbiguousId { .. } => "ambiguous_id",
            Error::EngineUnreachable { .. } => "engine_unreachable",
            Error::EngineRefused { .. } => "engine_refused",
            Error::EngineTaskFailed { .. } => "engine_task_failed",
            Error::EngineIndexKeyed { .. } => "engine_index_keyed",
            Error::EngineProtocol { .. } => "engine_protocol",
            Error::Internal { .. } => "internal",
        }
    }

    /// How to fix this, where newsdex knows. Hints speak of what to do, not of a
    /// particular front end's flags or commands.
    pub fn hint(&self) -> Option<String> {
        let hint = match self {
            Error::NoIndex { .. } => "build one by indexing a folder of articles".into(),
            Error::NotAnIndex { reason, .. } => match reason {
                NotAnIndexReason::UnmarkedIndex => {
                    "newsdex does not delete it: move it aside, then build the index again in that folder or another"
                }
                NotAnIndexReason::NotEmpty => {
                    "newsdex makes an index only in a new or empty folder: name another one"
                }
                NotAnIndexReason::NotAFolder => "name a folder for the index",
                _ => "newsdex changes only folders it made: name the folder of a newsdex index, or a new one",
            }
            .into(),
            Error::OtherFormat { .. } | Error::OtherSchema { .. } => {
                "rebuild the index from its folders".into()
            }
            Error::Damaged { .. } => {
                "the index may be damaged: check it, and rebuild it from its folders".into()
            }
            Error::Locked { .. } => "wait for the other process to finish".into(),
            Error::DiskFull { .. } => {
                "free some space and try again; the index keeps its last commit".into()
            }
            Error::PermissionDenied { .. } => {
                "check the permissions of the file or folder named".into()
            }
            Error::NoFolders => "name the files or folders to index".into(),
            Error::Parse(e) => e.hint.to_string(),
            Error::UnsupportedQuery { hint, .. } => hint.clone(),
            Error::UnknownField { .. } => format!(
                "fields are {}; put \\ before a colon that is part of a word",
                QUERY_FIELDS.join(", ")
            ),
            Error::BadDate { .. } => "write dates as YYYY, YYYY-MM or YYYY-MM-DD".into(),
            Error::AmbiguousId { .. } => "give more of the id".into(),
            Error::EmptyQuery => {
                "give a query, or a date or source filter, or `*` for every article".into()
            }
            Error::EngineUnreachable { .. } => {
                "check that the server runs and that its address and port are right".into()
            }
            Error::EngineRefused {
                status: 401 | 403, ..
            } => "give an API key allowed to create indexes, update settings, add and get documents, and read tasks and stats".into(),
            Error::EngineIndexKeyed { .. } => {
                "fill another index, or delete that one first".into()
            }
            _ => return None,
        };
        Some(hint)
    }

    /// An I/O error on `path`, classified: a full disk is [`Error::DiskFull`], refused
    /// access [`Error::PermissionDenied`], anything else [`Error::Io`].
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Error {
        Error::classify_io(Some(path.into()), source)
    }

    fn classify_io(path: Option<PathBuf>, source: io::Error) -> Error {
        // ENOSPC and EDQUOT on Unix; ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.
        let full = matches!(
            source.kind(),
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
        ) || (cfg!(unix) && matches!(source.raw_os_error(), Some(28 | 122)))
            || (cfg!(windows) && matches!(source.raw_os_error(), Some(39 | 112)));
        if full {
            return Error::DiskFull { path };
        }
        match source.kind() {
            io::ErrorKind::PermissionDenied => Error::PermissionDenied { path, source },
            _ => Error::Io { path, source },
        }
    }

    /// A tantivy error met on the index in `dir` (`None` for an index in memory),
    /// classified by what happened: I/O errors as [`Error::io`] does (naming the file where
    /// tantivy names it), damaged or missing index files as [`Error::Damaged`], a busy
    /// writer lock as [`Error::Locked`], an unreadable index as [`Error::OtherSchema`];
    /// the rest are [`Error::Internal`].
    pub fn from_tantivy(error: tantivy::TantivyError, dir: Option<&Path>) -> Error {
        use tantivy::directory::error::{
            LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
        };
        use tantivy::TantivyError as T;
        let index = || dir.map(Path::to_path_buf);
        let in_dir = |file: &Path| match dir {
            Some(dir) if file.is_relative() => dir.join(file),
            _ => file.to_path_buf(),
        };
        let io_error =
            |arc: &std::sync::Arc<io::Error>| io::Error::new(arc.kind(), arc.to_string());
        // An I/O error reading a file of the index: a short or garbled file is damage.
        let read_error = |source: io::Error, file: Option<PathBuf>| match source.kind() {
            io::ErrorKind::UnexpectedEof | io::ErrorKind::InvalidData => Error::Damaged {
                index: index(),
                file: file.clone(),
                problem: source.to_string(),
            },
            io::ErrorKind::NotFound => Error::Damaged {
                index: index(),
                file: file.clone(),
                problem: "a file of the index is missing".into(),
            },
            _ => Error::classify_io(file.map(|f| in_dir(&f)).or_else(index), source),
        };
        match &error {
            T::IoError(e) => read_error(io_error(e), None),
            T::OpenReadError(OpenReadError::FileDoesNotExist(file)) => Error::Damaged {
                index: index(),
                file: Some(file.clone()),
                problem: "a file of the index is missing".into(),
            },
            T::OpenReadError(OpenReadError::IoError {
                io_error: e,
                filepath,
            }) => read_error(io_error(e), Some(filepath.clone())),
            T::OpenReadError(OpenReadError::IncompatibleIndex(why)) | T::IncompatibleIndex(why) => {
                Error::OtherSchema {
                    path: index().unwrap_or_default(),
                    reason: format!("{why:?}"),
                }
            }
            T::OpenWriteError(OpenWriteError::IoError {
                io_error: e,
                filepath,
            }) => Error::classify_io(Some(in_dir(filepath)), io_error(e)),
            T::OpenWriteError(OpenWriteError::FileAlreadyExists(file)) => Error::Io {
                path: Some(in_dir(file)),
                source: io::Error::new(io::ErrorKind::AlreadyExists, "the file already exists"),
            },
            T::OpenDirectoryError(OpenDirectoryError::DoesNotExist(path)) => {
                Error::NoIndex { path: path.clone() }
            }
            T::OpenDirectoryError(OpenDirectoryError::NotADirectory(path)) => Error::NotAnIndex {
                path: path.clone(),
                reason: NotAnIndexReason::NotAFolder,
            },
            T::OpenDirectoryError(OpenDirectoryError::IoError {
                io_error: e,
                directory_path,
            }) => Error::classify_io(Some(directory_path.clone()), io_error(e)),
            T::OpenDirectoryError(OpenDirectoryError::FailedToCreateTempDir(e)) => {
                Error::classify_io(None, io_error(e))
            }
            T::LockFailure(LockError::LockBusy, _) => Error::Locked {
                path: index().unwrap_or_default(),
                holder: None,
            },
            T::LockFailure(LockError::IoError(e), _) => Error::classify_io(index(), io_error(e)),
            T::IndexAlreadyExists => Error::IndexExists {
                path: index().unwrap_or_default(),
            },
            T::DataCorruption(corruption) => Error::Damaged {
                index: index(),
                file: None,
                problem: format!("{corruption:?}"),
            },
            _ => Error::Internal {
                message: error.to_string(),
            },
        }
    }
}

impl From<tantivy::TantivyError> for Error {
    /// Classifies a tantivy error where the index folder is not known; see
    /// [`Error::from_tantivy`].
    fn from(error: tantivy::TantivyError) -> Error {
        Error::from_tantivy(error, None)
    }
}

impl From<io::Error> for Error {
    /// Classifies an I/O error where the path is not known; see [`Error::io`].
    fn from(error: io::Error) -> Error {
        Error::classify_io(None, error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_named_with_its_path() {
        let err = Error::io("/idx/seg.store", io::Error::from_raw_os_error(28));
        assert!(matches!(err, Error::DiskFull { .. }), "{err:?}");
        assert_eq!(err.to_string(), "no space left on device at /idx/seg.store");
        let err = Error::from_tantivy(
            tantivy::TantivyError::IoError(std::sync::Arc::new(io::Error::from(
                io::ErrorKind::StorageFull,
            ))),
            Some(Path::new("/idx")),
        );
        assert_eq!(err.to_string(), "no space left on device at /idx");
    }

    #[test]
    fn permission_denied_is_not_taken_for_something_else() {
        let err = Error::io(
            "/idx/meta.json",
            io::Error::from(io::ErrorKind::PermissionDenied),
        );
        assert!(matches!(err, Error::PermissionDenied { .. }), "{err:?}");
        assert!(err
            .to_string()
            .starts_with("permission denied at /idx/meta.json"));
        assert!(!err.is_user_error());
    }

    #[test]
    fn tantivy_errors_are_classified() {
        use tantivy::directory::error::{LockError, OpenReadError};
        use tantivy::error::DataCorruption;
        let dir = Some(Path::new("/idx"));
        let damaged = Error::from_tantivy(
            tantivy::TantivyError::DataCorruption(DataCorruption::comment_only("bad footer")),
            dir,
        );
        assert!(matches!(damaged, Error::Damaged { .. }), "{damaged:?}");
        assert!(damaged
            .to_string()
            .starts_with("the index at /idx is damaged: "));
        let missing = Error::from_tantivy(
            OpenReadError::FileDoesNotExist(PathBuf::from("a.idx")).into(),
            dir,
        );
        assert_eq!(
            missing.to_string(),
            "the index at /idx is damaged: a.idx: a file of the index is missing"
        );
        let locked = Error::from_tantivy(
            tantivy::TantivyError::LockFailure(LockError::LockBusy, None),
            dir,
        );
        assert_eq!(
            locked.to_string(),
            "index at /idx is being updated by another process"
        );
        let bug = Error::from(tantivy::TantivyError::InvalidArgument("x".into()));
        assert!(matches!(bug, Error::Internal { .. }));
        assert!(!bug.is_user_error());
    }

    #[test]
    fn user_errors_and_hints() {
        let no_index = Error::NoIndex {
            path: PathBuf::from("/x"),
        };
        assert!(no_index.is_user_error());
        assert_eq!(no_index.code(), "no_index");
        for err in [
            no_index,
            Error::EmptyQuery,
            Error::Locked {
                path: PathBuf::from("/x"),
                holder: None,
            },
        ] {
            let hint = err.hint().unwrap();
            assert!(!hint.contains("--"), "a library hint names a flag: {hint}");
        }
        let err: Error = RequestError::ZeroLimit.into();
        assert_eq!(err.to_string(), "the limit must be at least 1");
        assert!(err.is_user_error());
    }
}
