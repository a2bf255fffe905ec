//! The page and what it loads, compiled into the binary and served by name: no path of a
//! request ever reaches the file system.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

const INDEX_HTML: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const APP_CSS: &str = include_str!("../assets/app.css");
const ICON_SVG: &str = include_str!("../assets/icon.svg");

/// Scripts, styles, images and requests only from this server; nothing framed.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub(crate) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route(
            "/",
            get(|| async { asset(INDEX_HTML, "text/html; charset=utf-8", false) }),
        )
        .route(
            "/assets/app.js",
            get(|| async { asset(APP_JS, "text/javascript; charset=utf-8", true) }),
        )
        .route(
            "/assets/app.css",
            get(|| async { asset(APP_CSS, "text/css; charset=utf-8", true) }),
        )
        .route(
            "/assets/icon.svg",
            get(|| async { asset(ICON_SVG, "image/svg+xml", true) }),
        )
}

fn asset(body: &'static str, content_type: &'static str, cache: bool) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    // The page is always fetched again (it is small); what it loads is kept an hour.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if cache {
            "public, max-age=3600"
        } else {
            "no-cache"
        }),
    );
    response
}
