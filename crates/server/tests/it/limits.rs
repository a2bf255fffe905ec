//! The safety defaults: token, limits, CORS, addresses.

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use newsdex_server::{router, Access, IndexSource, Limits, Options};

use crate::api::{get, send};
use crate::fixture;

fn with_token(uri: &str, token: Option<&str>) -> Request<Body> {
    let mut request = Request::get(uri);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, token);
    }
    request.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn with_a_token_the_api_answers_only_requests_that_carry_it() {
    let tmp = tempfile::tempdir().unwrap();
    let index = fixture::index_in(tmp.path());
    let app = router(
        IndexSource::from(index),
        Options::new().access(Access::Token("s3cret-token".into())),
    )
    .unwrap();
    for uri in [
        "/api/v1/search?q=oil",
        "/api/v1/articles/a01",
        "/api/v1/stats",
        "/api/v1/health",
        "/api/v1/openapi.json",
        "/api/v1/nope",
    ] {
        for bad in [
            None,
            Some("Bearer wrong"),
            Some("Bearer s3cret-toke"),
            Some("Bearer s3cret-token2"),
            Some("Basic s3cret-token"),
            Some("s3cret-token"),
        ] {
            let answer = send(&app, with_token(uri, bad)).await;
            assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{uri} {bad:?}");
            assert_eq!(answer.code(), "unauthorized");
            assert!(answer.headers.contains_key(header::WWW_AUTHENTICATE));
        }
    }
    for good in ["Bearer s3cret-token", "bearer s3cret-token"] {
        let answer = send(&app, with_token("/api/v1/search?q=oil", Some(good))).await;
        assert_eq!(answer.status, StatusCode::OK, "{good}");
        assert_eq!(answer.json()["total"], 12);
    }
    // The page itself holds nothing secret: it asks for the token.
    assert_eq!(get(&app, "/").await.status, StatusCode::OK);
}

#[test]
fn only_loopback_addresses_are_allowed_without_a_token() {
    let loopback = Options::new();
    for addr in ["127.0.0.1:7700", "[::1]:7700", "127.0.0.2:80"] {
        assert!(loopback.check_addr(addr.parse().unwrap()).is_ok(), "{addr}");
    }
    for addr in ["0.0.0.0:7700", "[::]:7700", "192.168.1.10:7700"] {
        let e = loopback.check_addr(addr.parse().unwrap()).unwrap_err();
        assert!(matches!(e, newsdex_server::Error::Exposed(_)), "{addr}");
        assert!(e.is_user_error());
        assert!(e.hint().is_some());
        assert!(Options::new()
            .access(Access::Public)
            .check_addr(addr.parse().unwrap())
            .is_ok());
        assert!(Options::new()
            .access(Access::Token("t".into()))
            .check_addr(addr.parse().unwrap())
            .is_ok());
    }
}

#[test]
fn run_refuses_an_exposed_address_before_binding() {
    let e = newsdex_server::run(
        "0.0.0.0:0".parse().unwrap(),
        IndexSource::from(newsdex::NewsIndex::create_in_ram()),
        Options::new(),
        |_| panic!("started"),
        async {},
    )
    .unwrap_err();
    assert!(matches!(e, newsdex_server::Error::Exposed(_)));
}

#[tokio::test]
async fn requests_over_the_limits_are_400_not_work() {
    let tmp = tempfile::tempdir().unwrap();
    let index = fixture::index_in(tmp.path());
    let limits = Limits::default();
    let app = router(IndexSource::from(index), Options::new()).unwrap();
    let long = "oil ".repeat(limits.query_chars / 4 + 1);
    let answer = get(
        &app,
        &format!("/api/v1/search?q={}", long.replace(' ', "+")),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.code(), "query_too_long");
    // Exactly at the limit is fine.
    let at = "a".repeat(limits.query_chars);
    assert_eq!(
        get(&app, &format!("/api/v1/search?q={at}")).await.status,
        StatusCode::OK
    );
    for (query, word) in [
        (format!("q=oil&limit={}", limits.limit + 1), "limit"),
        (format!("q=oil&offset={}", limits.offset + 1), "offset"),
        (
            format!("q=oil&snippet_chars={}", limits.snippet_chars + 1),
            "snippet_chars",
        ),
        (
            format!("q=oil{}", "&source=x".repeat(limits.sources + 1)),
            "sources",
        ),
    ] {
        let answer = get(&app, &format!("/api/v1/search?{query}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{word}");
        assert_eq!(answer.code(), "bad_parameter");
        assert!(answer.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains(word));
    }
    let answer = get(
        &app,
        &format!("/api/v1/search?q=oil&limit={}", limits.limit),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let answer = get(
        &app,
        &format!(
            "/api/v1/articles/a01?q={}",
            "w".repeat(limits.query_chars + 1)
        ),
    )
    .await;
    assert_eq!(answer.code(), "query_too_long");
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let tmp = tempfile::tempdir().unwrap();
    let app = router(
        IndexSource::from(fixture::index_in(tmp.path())),
        Options::new(),
    )
    .unwrap();
    let big = vec![b'x'; Limits::default().body_bytes + 1];
    let answer = send(
        &app,
        Request::get("/api/v1/search?q=oil")
            .header(header::CONTENT_LENGTH, big.len())
            .body(Body::from(big))
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer.code(), "body_too_large");
}

#[tokio::test]
async fn a_request_over_the_time_limit_is_503() {
    let tmp = tempfile::tempdir().unwrap();
    let index = fixture::index_in(tmp.path());
    let limits = Limits {
        time: Duration::ZERO,
        ..Limits::default()
    };
    let app = router(IndexSource::from(index), Options::new().limits(limits)).unwrap();
    let answer = get(&app, "/api/v1/search?q=oil+prices&facets=true").await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(answer.code(), "timeout");
    assert!(answer.headers.contains_key(header::RETRY_AFTER));
}

#[tokio::test]
async fn cross_origin_requests_are_allowed_only_for_the_origins_given() {
    let tmp = tempfile::tempdir().unwrap();
    let index = fixture::index_in(tmp.path());
    let request = |origin: &str| {
        Request::get("/api/v1/search?q=oil")
            .header(header::ORIGIN, origin)
            .body(Body::empty())
            .unwrap()
    };
    let closed = router(IndexSource::from(index.clone()), Options::new()).unwrap();
    let answer = send(&closed, request("https://news.example.org")).await;
    assert!(!answer
        .headers
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));

    let open = router(
        IndexSource::from(index),
        Options::new().cors_origin("https://news.example.org"),
    )
    .unwrap();
    let answer = send(&open, request("https://news.example.org")).await;
    assert_eq!(
        answer.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://news.example.org"
    );
    let answer = send(&open, request("https://evil.example.com")).await;
    assert!(!answer
        .headers
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));

    let e = router(
        IndexSource::from(newsdex::NewsIndex::create_in_ram()),
        Options::new().cors_origin("not an origin"),
    )
    .unwrap_err();
    assert!(matches!(e, newsdex_server::Error::BadOrigin(_)));
}
