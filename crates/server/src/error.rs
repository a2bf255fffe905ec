//! Errors: the server's own (starting it), and those the API answers as JSON.

use std::net::SocketAddr;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use newsdex::Error as NewsError;

use crate::wire::{ErrorBody, ErrorDetail};

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A non-loopback address without a token or an explicit public access.
    #[error("refusing to listen on {0}, which other machines can reach, without a token")]
    Exposed(SocketAddr),
    /// A CORS origin that is not a valid origin.
    #[error("not a valid origin: {0:?}")]
    BadOrigin(String),
    /// The address could not be bound.
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, #[source] std::io::Error),
    /// The async runtime could not start.
    #[error("cannot start the server: {0}")]
    Runtime(#[source] std::io::Error),
    /// Serving failed.
    #[error("serving failed: {0}")]
    Serve(#[source] std::io::Error),
}

impl Error {
    /// Whether the user can fix this (another address, a token, another port).
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Error::Exposed(_) | Error::BadOrigin(_) | Error::Bind(..)
        )
    }

    /// How the user can fix this, where the server knows.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Exposed(_) => Some(
                "listen on 127.0.0.1, or require a bearer token, or declare the server public"
                    .into(),
            ),
            Error::BadOrigin(_) => Some("write an origin as scheme://host[:port]".into()),
            Error::Bind(_, e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                Some("another program uses this port: pick another".into())
            }
            _ => None,
        }
    }
}

/// An answer of the API that is not a success: a status and the JSON body
/// `{"error":{"code","message","hint"}}`.
#[derive(Clone, Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body.
    pub detail: ErrorDetail,
}

impl ApiError {
    /// An error with this status, code and message, and no hint.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            detail: ErrorDetail {
                code: code.into(),
                message: message.into(),
                hint: None,
                column: None,
            },
        }
    }

    /// The same error with a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> ApiError {
        self.detail.hint = Some(hint.into());
        self
    }

    /// A parameter that is not valid: 400 `bad_parameter`.
    pub fn bad_parameter(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_parameter", message)
    }

    /// The index can't be searched: 503 `index_unavailable`.
    pub fn unavailable(message: impl Into<String>) -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "index_unavailable",
            message,
        )
        .hint(REOPEN_HINT)
    }

    /// Whether the error says the index itself failed (so it should be opened again).
    pub fn is_index_failure(&self) -> bool {
        self.status == StatusCode::SERVICE_UNAVAILABLE
            && matches!(
                self.detail.code.as_str(),
                "index_unavailable" | "index_damaged"
            )
    }
}

impl From<NewsError> for ApiError {
    fn from(e: NewsError) -> ApiError {
        let message = e.to_string();
        let hint = e.hint();
        let (status, code) = match &e {
            NewsError::Parse(_)
            | NewsError::UnsupportedQuery { .. }
            | NewsError::UnknownField { .. } => (StatusCode::BAD_REQUEST, "bad_query"),
            NewsError::EmptyQuery => (StatusCode::BAD_REQUEST, "empty_query"),
            NewsError::BadDate { .. } | NewsError::InvalidRequest(_) => {
                (StatusCode::BAD_REQUEST, "bad_parameter")
            }
            NewsError::ArticleNotFound { .. } => (StatusCode::NOT_FOUND, "not_found"),
            NewsError::Damaged { .. }
            | NewsError::Io { .. }
            | NewsError::PermissionDenied { .. } => {
                (StatusCode::SERVICE_UNAVAILABLE, "index_damaged")
            }
            NewsError::Internal { .. } => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
            // A missing index, one of another format, or anything else about the folder.
            _ => (StatusCode::SERVICE_UNAVAILABLE, "index_unavailable"),
        };
        let mut error = ApiError::new(status, code, message);
        match &e {
            NewsError::Parse(parse) => {
                error.detail.column = Some(parse.column);
                error = error.hint(format!(
                    "{}; or set lenient=true to search the words as they are",
                    parse.hint
                ));
            }
            NewsError::EmptyQuery => {
                error = error.hint("give a query q, or a filter such as since, until or source")
            }
            _ if status == StatusCode::SERVICE_UNAVAILABLE => {
                error = with_hint(error, hint.or_else(|| Some(REOPEN_HINT.into())));
            }
            _ => error = with_hint(error, hint),
        }
        error
    }
}

const REOPEN_HINT: &str =
    "the server opens the index again by itself; build it, or repair it, and retry";

fn with_hint(error: ApiError, hint: Option<String>) -> ApiError {
    match hint {
        Some(hint) => error.hint(hint),
        None => error,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&ErrorBody {
            error: self.detail.clone(),
        })
        .unwrap_or_else(|_| {
            br#"{"error":{"code":"internal","message":"error","hint":null}}"#.to_vec()
        });
        let mut response = (self.status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"newsdex\""),
            );
        }
        response
    }
}
