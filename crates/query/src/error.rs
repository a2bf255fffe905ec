//! The errors of searching.

use crate::build::QUERY_FIELDS;
use crate::parser::ParseError;

/// Errors of this crate. [`Error::is_user_error`] tells the user's mistakes from failures.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The query does not parse.
    #[error("bad query: {0}")]
    Parse(#[from] ParseError),
    /// The query parses but cannot run.
    #[error("bad query: {message}")]
    BadQuery {
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
    /// A request setting out of range.
    #[error("{0}")]
    BadRequest(String),
    /// No article has this id.
    #[error("no article with id {0:?}")]
    NotFound(String),
    /// The index could not be opened.
    #[error(transparent)]
    Index(#[from] newsdex_schema::Error),
    /// tantivy failed.
    #[error("search failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// A bug in newsdex.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// Whether the user can fix this (a bad query, a bad date, an unknown id).
    pub fn is_user_error(&self) -> bool {
        !matches!(self, Error::Tantivy(_) | Error::Internal(_))
            && !matches!(self, Error::Index(e) if !e.needs_rebuild())
    }

    /// How the user can fix this, where newsdex knows.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Parse(e) => Some(format!(
                "{}; or pass --lenient to search the words as they are",
                e.hint
            )),
            Error::BadQuery { hint, .. } => Some(hint.clone()),
            Error::UnknownField { .. } => Some(format!(
                "fields are {}; put \\ before a colon that is part of a word",
                QUERY_FIELDS.join(", ")
            )),
            Error::BadDate { .. } => Some("write dates as YYYY, YYYY-MM or YYYY-MM-DD".into()),
            Error::EmptyQuery => {
                Some("give a query, or a filter such as --since or --source".into())
            }
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Tantivy(e.into())
    }
}

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
