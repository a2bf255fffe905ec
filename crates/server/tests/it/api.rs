//! Status codes, shapes and order of the API's answers.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use newsdex::{Article, Indexer, NewsIndex, SearchRequest, Searcher, Sort};
use newsdex_server::{router, IndexSource, Options};
use serde_json::Value;
use tower::ServiceExt;

use crate::fixture;

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The error code of an error answer, checking its shape.
    pub fn code(&self) -> String {
        let json = self.json();
        let error = &json["error"];
        assert!(error["message"].is_string(), "{json}");
        assert!(
            error["hint"].is_string() || error["hint"].is_null(),
            "{json}"
        );
        assert_eq!(
            self.headers[header::CONTENT_TYPE],
            "application/json",
            "{json}"
        );
        error["code"].as_str().unwrap().to_string()
    }
}

pub async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

pub async fn get(app: &Router, uri: &str) -> Answer {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

pub fn app_over(index: &NewsIndex) -> Router {
    router(IndexSource::from(index.clone()), Options::new()).unwrap()
}

fn ids(json: &Value) -> Vec<String> {
    json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn search_answers_hits_with_highlights_total_and_facets() {
    let tmp = tempfile::tempdir().unwrap();
    let index = fixture::index_in(tmp.path());
    let app = app_over(&index);
    let answer = get(
        &app,
        "/api/v1/search?q=Shoigu%20Pyongyang&limit=5&facets=true",
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers[header::CONTENT_TYPE], "application/json");
    let json = answer.json();
    assert_eq!(json["total"], 12, "{json}");
    assert_eq!(json["limit"], 5);
    assert_eq!(json["offset"], 0);
    assert!(json["took_ms"].as_f64().unwrap() >= 0.0);
    let hits = json["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 5);
    for (i, hit) in hits.iter().enumerate() {
        assert_eq!(hit["rank"], i + 1);
        // Character offsets: what they mark reads as the query's words.
        let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
        let marked: Vec<String> = hit["highlights"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                snippet[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize]
                    .iter()
                    .collect()
            })
            .collect();
        assert_eq!(marked, ["Shoigu", "Pyongyang"], "{hit}");
        assert!(hit["source"].is_string());
        assert!(hit["date"].as_str().unwrap().starts_with("2023-"));
        assert!(hit["score"].as_f64().unwrap() > 0.0);
    }
    let facets = &json["facets"];
    let sources: u64 = facets["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["count"].as_u64().unwrap())
        .sum();
    assert_eq!(sources, 12);
    let months: Vec<&str> = facets["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    // Topic 1 falls on i = 1, 5, 9, … whose months are 2, 6, 4, 2, …
    assert_eq!(months, ["2023-02", "2023-04", "2023-06"]);
    assert!(json["suggestion"].is_null());
}

#[tokio::test]
async fn hits_come_in_the_order_the_library_gives_for_the_same_request() {
    let tmp = tempfile::tempdir().unwrap();
    let index = fixture::index_in(tmp.path());
    let app = app_over(&index);
    let searcher = Searcher::new(&index).unwrap();
    let cases: [(&str, SearchRequest); 9] = [
        (
            "q=oil+prices&limit=20",
            SearchRequest::new("oil prices").limit(20),
        ),
        (
            "q=harvest+OR+rates&sort=-date&limit=7&offset=3",
            SearchRequest::new("harvest OR rates")
                .sort(Sort::DateDesc)
                .limit(7)
                .offset(3),
        ),
        (
            "q=said&source=AP&source=bbn&limit=30",
            SearchRequest::new("said")
                .source("AP")
                .source("bbn")
                .limit(30),
        ),
        (
            "q=said&since=2023-03&until=2023-04&sort=date&limit=30",
            SearchRequest::new("said")
                .since(newsdex::DateSpan::parse("2023-03").unwrap())
                .until(newsdex::DateSpan::parse("2023-04").unwrap())
                .sort(Sort::Date)
                .limit(30),
        ),
        (
            "like=a01&limit=10",
            SearchRequest::new("").like("a01").limit(10),
        ),
        (
            "q=zurich+story&all=true&exact=true",
            SearchRequest::new("zurich story").all(true).exact(true),
        ),
        // No query, or a blank one, lists every article as `*` does.
        ("limit=50", SearchRequest::new("*").limit(50)),
        (
            "q=%20%20&limit=5&offset=2",
            SearchRequest::new("*").limit(5).offset(2),
        ),
        (
            "q=&source=AP&limit=50",
            SearchRequest::new("*").source("AP").limit(50),
        ),
    ];
    for (query, request) in cases {
        let answer = get(&app, &format!("/api/v1/search?{query}")).await;
        assert_eq!(answer.status, StatusCode::OK, "{query}");
        let json = answer.json();
        let expected = searcher.search(&request).unwrap();
        let want: Vec<String> = expected.hits.iter().map(|h| h.id.clone()).collect();
        assert!(!want.is_empty(), "{query} finds nothing");
        assert_eq!(ids(&json), want, "{query}");
        assert_eq!(json["total"], expected.total, "{query}");
    }
}

#[tokio::test]
async fn the_name_variants_searched_are_said() {
    let tmp = tempfile::tempdir().unwrap();
    let index = NewsIndex::create(tmp.path().join("index")).unwrap();
    let mut indexer = Indexer::new(&index).unwrap();
    for (id, body) in [
        ("a", "Defence minister Shoigu arrived in Pyongyang."),
        ("b", "Shoigu met Kim Jong Un for talks."),
        ("c", "Shoygu left Pyongyang on Thursday."),
    ] {
        indexer.add(&Article::new(body).with_id(id)).unwrap();
    }
    indexer.commit().unwrap();
    let app = app_over(&index);
    let searcher = Searcher::new(&index).unwrap();
    let expected = searcher.search(&SearchRequest::new("Shoigu")).unwrap();
    assert_eq!(expected.variants, ["shoygu"]);
    let json = get(&app, "/api/v1/search?q=Shoigu").await.json();
    assert_eq!(json["variants"], serde_json::json!(["shoygu"]), "{json}");
    assert_eq!(ids(&json), ["a", "b", "c"]);
    let exact = get(&app, "/api/v1/search?q=Shoigu&exact=true").await.json();
    assert_eq!(exact["variants"], serde_json::json!([]), "{exact}");
}

#[tokio::test]
async fn copies_of_a_story_are_folded_unless_duplicates_are_asked_for() {
    let story = "Iraq said its warplanes attacked a supertanker and two other ships in the Gulf on Tuesday, in the heaviest raids on shipping for a month. Military sources in Baghdad said the tanker was hit near Kharg Island, Iran's main oil terminal, and was burning. There was no word on casualties or on the ship's flag, and Iran made no comment.";
    let tmp = tempfile::tempdir().unwrap();
    let index = NewsIndex::create(tmp.path().join("index")).unwrap();
    let mut indexer = Indexer::new(&index).unwrap();
    indexer
        .add(
            &Article::new(story)
                .with_id("a")
                .with_title("IRAQ REPORTS ATTACKS ON SUPERTANKER"),
        )
        .unwrap();
    indexer
        .add(&Article::new(story.replace("no word", "no immediate word")).with_id("b"))
        .unwrap();
    indexer.commit().unwrap();
    let app = app_over(&index);
    let json = get(&app, "/api/v1/search?q=supertanker").await.json();
    assert_eq!(ids(&json), ["a"], "{json}");
    assert_eq!(json["hits"][0]["similar"], serde_json::json!(["b"]));
    assert_eq!(json["total"], 2);
    let all = get(&app, "/api/v1/search?q=supertanker&duplicates=true")
        .await
        .json();
    assert_eq!(ids(&all), ["a", "b"], "{all}");
    assert_eq!(all["hits"][0]["similar"], serde_json::json!([]));
    let bad = get(&app, "/api/v1/search?q=supertanker&duplicates=maybe").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_query_that_does_not_parse_is_400_with_its_column() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_over(&fixture::index_in(tmp.path()));
    let answer = get(&app, "/api/v1/search?q=%22Kim%20Jong").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.code(), "bad_query");
    let json = answer.json();
    assert_eq!(json["error"]["column"], 1, "{json}");
    assert!(json["error"]["hint"]
        .as_str()
        .unwrap()
        .contains("lenient=true"));
    // And lenient reads it.
    let answer = get(&app, "/api/v1/search?q=%22Kim%20Jong&lenient=true").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.json()["total"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn bad_parameters_are_400_naming_them() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_over(&fixture::index_in(tmp.path()));
    for (query, code, word) in [
        ("q=oil&limit=abc", "bad_parameter", "limit"),
        ("q=oil&limit=0", "bad_parameter", "limit"),
        ("q=oil&limit=-1", "bad_parameter", "limit"),
        (
            "q=oil&offset=99999999999999999999999",
            "bad_parameter",
            "offset",
        ),
        ("q=oil&sort=newest", "bad_parameter", "sort"),
        ("q=oil&since=yesterday", "bad_parameter", "since"),
        (
            "q=oil&since=2023-05&until=2023-02",
            "bad_parameter",
            "since",
        ),
        ("q=oil&facets=maybe", "bad_parameter", "facets"),
        // Booleans are `true` and `false`, as the OpenAPI document states them.
        ("q=oil&exact=", "bad_parameter", "exact"),
        ("q=oil&all=1", "bad_parameter", "all"),
        ("q=oil&duplicates=yes", "bad_parameter", "duplicates"),
        ("q=oil&q=gas", "bad_parameter", "q"),
        ("q=oil&colour=red", "unknown_parameter", "colour"),
        // Operators without a word (a blank `q` lists everything).
        ("q=%2B%2B%2B", "bad_query", "operator"),
        ("q=-%20NOT", "bad_query", "operator"),
        ("q=title%3A", "bad_query", "query"),
        ("q=nosuchfield%3Aoil", "bad_query", "nosuchfield"),
    ] {
        let answer = get(&app, &format!("/api/v1/search?{query}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(answer.code(), code, "{query}");
        let message = answer.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_lowercase();
        assert!(message.contains(word), "{query}: {message}");
    }
}

#[tokio::test]
async fn unknown_ids_and_paths_are_json_404() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_over(&fixture::index_in(tmp.path()));
    for uri in [
        "/api/v1/articles/nope",
        "/api/v1/search?like=nope",
        "/api/v1/nope",
        "/api/v2/search?q=oil",
        "/nope",
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
        "/assets/app.js/../../lib.rs",
        "/..%2f..%2fetc/passwd",
    ] {
        let answer = get(&app, uri).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(answer.code(), "not_found", "{uri}");
    }
}

#[tokio::test]
async fn writes_are_refused_as_json_405() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_over(&fixture::index_in(tmp.path()));
    for (method, uri) in [
        (Method::POST, "/api/v1/search?q=oil"),
        (Method::PUT, "/api/v1/articles/a01"),
        (Method::DELETE, "/api/v1/articles/a01"),
        (Method::POST, "/"),
    ] {
        let answer = send(
            &app,
            Request::builder()
                .method(method.clone())
                .uri(uri)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(
            answer.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {uri}"
        );
        assert_eq!(answer.code(), "method_not_allowed", "{method} {uri}");
    }
    // Nothing was deleted.
    assert_eq!(
        get(&app, "/api/v1/articles/a01").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_article_comes_whole_with_the_query_marked() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_over(&fixture::index_in(tmp.path()));
    let answer = get(&app, "/api/v1/articles/a16?q=zurich%20shoygu").await;
    assert_eq!(answer.status, StatusCode::OK);
    let json = answer.json();
    assert_eq!(json["id"], "a16");
    assert_eq!(json["source"], "AP");
    assert_eq!(json["date"], "2023-05-17");
    let body: Vec<char> = json["body"].as_str().unwrap().chars().collect();
    let marked: Vec<String> = json["body_highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            body[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize]
                .iter()
                .collect()
        })
        .collect();
    // Zürich folded to zurich; Shoygu finds Shoigu as a variant.
    assert_eq!(marked, ["ZÜRICH"], "{json}");
    let answer = get(&app, "/api/v1/articles/a01?q=shoygu").await;
    let json = answer.json();
    let title: Vec<char> = json["title"].as_str().unwrap().chars().collect();
    let [s, e] = [
        &json["title_highlights"][0][0],
        &json["title_highlights"][0][1],
    ]
    .map(|v| v.as_u64().unwrap() as usize);
    assert_eq!(title[s..e].iter().collect::<String>(), "Shoigu");
    let exact = get(&app, "/api/v1/articles/a01?q=shoygu&exact=true")
        .await
        .json();
    assert_eq!(exact["title_highlights"], serde_json::json!([]));
    let plain = get(&app, "/api/v1/articles/a01").await.json();
    assert_eq!(plain["body_highlights"], serde_json::json!([]));
}

#[tokio::test]
async fn stats_and_health_describe_the_index() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_over(&fixture::index_in(tmp.path()));
    let stats = get(&app, "/api/v1/stats").await;
    assert_eq!(stats.status, StatusCode::OK);
    let json = stats.json();
    assert_eq!(json["documents"], 48);
    assert!(json["size_bytes"].as_u64().unwrap() > 0);
    assert_eq!(json["facets"]["sources"].as_array().unwrap().len(), 3);
    assert_eq!(json["facets"]["months"].as_array().unwrap().len(), 6);
    let health = get(&app, "/api/v1/health").await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.json()["status"], "ok");
    assert_eq!(health.json()["documents"], 48);
    assert_eq!(
        get(&app, "/api/v1/stats?x=1").await.code(),
        "unknown_parameter"
    );
}

#[tokio::test]
async fn a_missing_index_is_503_until_it_appears() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("later");
    let open_dir = dir.clone();
    let app = router(
        IndexSource::open_with(move || NewsIndex::open(&open_dir).map_err(Into::into)),
        Options::new(),
    )
    .unwrap();
    for uri in [
        "/api/v1/search?q=oil",
        "/api/v1/health",
        "/api/v1/stats",
        "/api/v1/articles/a01",
    ] {
        let answer = get(&app, uri).await;
        assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE, "{uri}");
        assert_eq!(answer.code(), "index_unavailable", "{uri}");
        assert!(answer.headers.contains_key(header::RETRY_AFTER));
        let message = answer.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(message.contains("later"), "{message}");
    }
    // The page is served all the same.
    assert_eq!(get(&app, "/").await.status, StatusCode::OK);

    let index = NewsIndex::create(&dir).unwrap();
    let mut indexer = Indexer::new(&index).unwrap();
    indexer
        .add(&Article::new("Oil prices fell.").with_id("x"))
        .unwrap();
    indexer.commit().unwrap();
    drop(indexer);
    let deadline = Instant::now() + newsdex_server::REOPEN_INTERVAL + Duration::from_secs(20);
    loop {
        let answer = get(&app, "/api/v1/search?q=oil").await;
        if answer.status == StatusCode::OK {
            assert_eq!(ids(&answer.json()), ["x"]);
            break;
        }
        assert!(Instant::now() < deadline, "the index never came up");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_request_asked_again_is_answered_alike_from_the_results_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let index = fixture::index_in(tmp.path());
    let app = app_over(&index);
    let uri = "/api/v1/search?q=oil+prices&limit=3&facets=true";
    let without_time = |answer: Answer| {
        assert_eq!(answer.status, StatusCode::OK);
        let mut json = answer.json();
        assert!(json["took_ms"].as_f64().unwrap() >= 0.0, "{json}");
        json.as_object_mut().unwrap().remove("took_ms");
        json
    };
    let first = without_time(get(&app, uri).await);
    assert!(first["total"].as_u64().unwrap() > 0, "{first}");
    let again = without_time(get(&app, uri).await);
    assert_eq!(again, first);
    // Another page of the same query is searched, not taken from the first.
    let next = without_time(get(&app, &format!("{uri}&offset=3")).await);
    assert_ne!(ids(&next), ids(&first));
}

#[tokio::test]
async fn new_commits_are_searched_without_a_restart() {
    let tmp = tempfile::tempdir().unwrap();
    let index = fixture::index_in(tmp.path());
    let app = app_over(&index);
    assert_eq!(
        get(&app, "/api/v1/search?q=zeppelin").await.json()["total"],
        0
    );
    // Another handle, as another process would open it.
    let other = NewsIndex::open(tmp.path().join("index")).unwrap();
    let mut indexer = Indexer::new(&other).unwrap();
    indexer
        .add(&Article::new("A zeppelin landed in Lakehurst.").with_id("zep"))
        .unwrap();
    indexer.commit().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let json = get(&app, "/api/v1/search?q=zeppelin").await.json();
        if json["total"] == 1 {
            assert_eq!(ids(&json), ["zep"]);
            break;
        }
        assert!(Instant::now() < deadline, "the new commit was never seen");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn the_openapi_document_lists_every_endpoint_and_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_over(&fixture::index_in(tmp.path()));
    let answer = get(&app, "/api/v1/openapi.json").await;
    assert_eq!(answer.status, StatusCode::OK);
    let doc = answer.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    for path in [
        "/api/v1/search",
        "/api/v1/articles/{id}",
        "/api/v1/stats",
        "/api/v1/health",
        "/api/v1/openapi.json",
    ] {
        assert!(
            paths.iter().any(|p| *p == path),
            "{path} missing from {paths:?}"
        );
    }
    let params: Vec<&str> = doc["paths"]["/api/v1/search"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        params,
        [
            "q",
            "limit",
            "offset",
            "since",
            "until",
            "source",
            "sort",
            "all",
            "exact",
            "duplicates",
            "lenient",
            "facets",
            "recent",
            "like",
            "snippet_chars"
        ]
    );
    let hit = &doc["components"]["schemas"]["HitJson"]["properties"];
    for field in [
        "rank",
        "id",
        "title",
        "date",
        "source",
        "score",
        "snippet",
        "highlights",
        "title_highlights",
        "similar",
    ] {
        assert!(hit.get(field).is_some(), "HitJson lacks {field}");
    }
}

#[tokio::test]
async fn hits_and_facets_are_the_library_serialisation_and_the_schema_names_each_field() {
    let tmp = tempfile::tempdir().unwrap();
    let index = fixture::index_in(tmp.path());
    let app = app_over(&index);
    let answer = get(&app, "/api/v1/search?q=Shoigu&limit=3&facets=true").await;
    assert_eq!(answer.status, StatusCode::OK);
    let json = answer.json();
    let results = SearchRequest::new("Shoigu")
        .limit(3)
        .facets(true)
        .execute(&index)
        .unwrap();
    assert_eq!(
        json["hits"],
        serde_json::to_value(&results.hits).unwrap(),
        "the server's hits are not the library's"
    );
    assert_eq!(
        json["facets"],
        serde_json::to_value(&results.facets).unwrap()
    );

    let doc = get(&app, "/api/v1/openapi.json").await.json();
    let keys = |v: &Value| {
        let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        keys(&schemas["HitJson"]["properties"]),
        keys(&json["hits"][0])
    );
    assert_eq!(
        keys(&schemas["FacetsJson"]["properties"]),
        keys(&json["facets"])
    );
}

#[tokio::test]
async fn the_page_and_its_assets_are_served_from_the_binary() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_over(&fixture::index_in(tmp.path()));
    for (uri, kind) in [
        ("/", "text/html"),
        ("/assets/app.js", "text/javascript"),
        ("/assets/app.css", "text/css"),
        ("/assets/icon.svg", "image/svg+xml"),
    ] {
        let answer = get(&app, uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert!(answer.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with(kind));
        let csp = answer.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(csp.contains("default-src 'none'"), "{csp}");
        assert!(!answer.body.is_empty());
    }
    let page = String::from_utf8(get(&app, "/").await.body).unwrap();
    // Nothing is loaded from elsewhere.
    for needle in ["http://", "https://", "//cdn"] {
        assert!(!page.contains(needle), "the page names {needle}");
    }
}

#[tokio::test]
async fn head_is_answered_like_get_without_a_body() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_over(&fixture::index_in(tmp.path()));
    let answer = send(
        &app,
        Request::head("/api/v1/health").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.body.is_empty());
}

#[tokio::test]
async fn every_request_is_logged_once_with_method_path_status_and_time() {
    let tmp = tempfile::tempdir().unwrap();
    let index = fixture::index_in(tmp.path());
    let seen: Arc<Mutex<Vec<(String, String, u16)>>> = Arc::default();
    let log = seen.clone();
    let app = router(
        IndexSource::from(index),
        Options::new().log(move |r| {
            assert!(r.elapsed < Duration::from_secs(60));
            log.lock()
                .unwrap()
                .push((r.method.into(), r.path.into(), r.status));
        }),
    )
    .unwrap();
    get(&app, "/api/v1/search?q=secret+words").await;
    get(&app, "/api/v1/articles/nope").await;
    send(&app, Request::post("/").body(Body::empty()).unwrap()).await;
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        [
            ("GET".into(), "/api/v1/search".into(), 200),
            ("GET".into(), "/api/v1/articles/nope".into(), 404),
            ("POST".into(), "/".into(), 405),
        ]
    );
}

#[tokio::test]
async fn the_dates_the_document_states_are_those_the_search_takes() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_over(&fixture::index_in(tmp.path()));
    let doc = get(&app, "/api/v1/openapi.json").await.json();
    let params = doc["paths"]["/api/v1/search"]["get"]["parameters"]
        .as_array()
        .unwrap();
    for name in ["since", "until"] {
        let param = params.iter().find(|p| p["name"] == name).unwrap();
        let pattern = regex::Regex::new(param["schema"]["pattern"].as_str().unwrap()).unwrap();
        let mut texts: Vec<String> = vec![String::new()];
        for year in [
            "0001", "0004", "0400", "1900", "1987", "2000", "2023", "2024", "2100", "9999",
        ] {
            texts.push(year.into());
            for month in 0..=13 {
                texts.push(format!("{year}-{month:02}"));
                for day in 0..=32 {
                    texts.push(format!("{year}-{month:02}-{day:02}"));
                }
            }
        }
        texts.extend(
            [
                "0000",
                "0000-01-01",
                "87",
                "1987-4",
                "1987-04-1",
                "19870",
                "1987-04-14T10:00:00Z",
            ]
            .map(String::from),
        );
        for text in &texts {
            // What the document states is what the API takes.
            let stated = pattern.is_match(text);
            let status = get(&app, &format!("/api/v1/search?q=oil&{name}={text}"))
                .await
                .status;
            let expected = if stated {
                StatusCode::OK
            } else {
                StatusCode::BAD_REQUEST
            };
            assert_eq!(status, expected, "{name}={text:?}");
        }
    }
}
