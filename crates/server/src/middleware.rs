//! What wraps every request: the token, the body limit, JSON for every error, CORS, the
//! request log.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::error::{ApiError, Error};
use crate::state::AppState;
use crate::RequestLog;

/// Lets through only requests with the bearer token, when one is required.
pub(crate) async fn authorize(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(expected) = &state.token else {
        return next.run(request).await;
    };
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        });
    match given {
        // blake3's `Hash` compares in constant time; hashing first hides the length.
        Some(token) if blake3::hash(token.as_bytes()) == *expected => next.run(request).await,
        Some(_) => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "the bearer token is wrong",
        )
        .into_response(),
        None => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this server requires a bearer token",
        )
        .hint("send the header Authorization: Bearer TOKEN")
        .into_response(),
    }
}

/// Refuses a request whose body is larger than the limit (no endpoint reads a body, but
/// a client could still send one).
pub(crate) async fn limit_body(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let max = state.limits.body_bytes;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return too_large(max);
    }
    // A body of unknown length is cut at the limit as it is read.
    let (parts, body) = request.into_parts();
    let body = Body::new(http_body_util::Limited::new(body, max));
    next.run(Request::from_parts(parts, body)).await
}

fn too_large(max: usize) -> Response {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "body_too_large",
        format!("the request body is over {max} bytes"),
    )
    .hint("no endpoint takes a body: send GET requests")
    .into_response()
}

/// Gives every error answer a JSON body, whoever made it (axum's own rejections too), and
/// every answer the headers that keep a page from being framed or sniffed.
pub(crate) async fn json_errors(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let code = match status {
            StatusCode::NOT_FOUND => "not_found",
            StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
            StatusCode::PAYLOAD_TOO_LARGE => "body_too_large",
            s if s.is_server_error() => "internal",
            _ => "bad_request",
        };
        let reason = status.canonical_reason().unwrap_or("error").to_lowercase();
        let mut replaced = ApiError::new(status, code, reason).into_response();
        for name in [header::ALLOW, header::RETRY_AFTER] {
            if let Some(v) = response.headers().get(&name) {
                replaced.headers_mut().insert(name, v.clone());
            }
        }
        response = replaced;
    }
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// Cross-origin access for `origins`, or none.
pub(crate) fn cors(origins: &[String]) -> Result<Option<CorsLayer>, Error> {
    if origins.is_empty() {
        return Ok(None);
    }
    let mut values = Vec::with_capacity(origins.len());
    for origin in origins {
        let origin = origin.trim_end_matches('/');
        let valid = (origin.starts_with("http://") || origin.starts_with("https://"))
            && !origin.contains(char::is_whitespace);
        match HeaderValue::from_str(origin) {
            Ok(v) if valid => values.push(v),
            _ => return Err(Error::BadOrigin(origin.to_string())),
        }
    }
    Ok(Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(values))
            .allow_methods([Method::GET, Method::HEAD])
            .allow_headers([header::AUTHORIZATION]),
    ))
}

/// Calls the request log, if there is one, once the answer's headers are ready.
pub(crate) async fn log_request(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(log) = state.log.clone() else {
        return next.run(request).await;
    };
    let start = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    log(&RequestLog {
        method: method.as_str(),
        path: &path,
        status: response.status().as_u16(),
        elapsed: start.elapsed(),
    });
    response
}
