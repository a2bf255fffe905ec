//! The API's endpoints.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use newsdex::{DateSpan, SearchRequest, Searcher, Sort};

use crate::error::ApiError;
use crate::state::AppState;
use crate::wire::{
    ArticleJson, ArticleParams, ErrorBody, HealthJson, SearchParams, SearchResponse, StatsJson,
};

/// Search the index.
#[utoipa::path(
    get,
    path = "/api/v1/search",
    params(SearchParams),
    responses(
        (status = 200, description = "The hits of the page, with the total", body = SearchResponse),
        (status = 400, description = "A query or parameter that is not valid", body = ErrorBody),
        (status = 401, description = "The bearer token is missing or wrong", body = ErrorBody),
        (status = 404, description = "`like` names no article", body = ErrorBody),
        (status = 503, description = "The index is missing or damaged, or the server is busy", body = ErrorBody),
    ),
    security((), ("bearer" = [])),
)]
pub(crate) async fn search(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResponse>, ApiError> {
    let params = parse_search(raw.as_deref().unwrap_or(""), &state.limits)?;
    let (request, offset, limit) = request(&params)?;
    // A request answered from the results kept costs microseconds: answered here, not
    // handed to a blocking thread and back (which costs more than that).
    let start = Instant::now();
    if let Some(results) = state.searcher().ok().and_then(|s| s.kept(&request)) {
        let took = start.elapsed().as_secs_f64() * 1000.0;
        return Ok(Json(SearchResponse::new(&results, offset, limit, took)));
    }
    let results = run(&state, move |searcher| {
        let start = Instant::now();
        let results = searcher.search(&request)?;
        let took = start.elapsed().as_secs_f64() * 1000.0;
        Ok(SearchResponse::new(&results, offset, limit, took))
    })
    .await?;
    Ok(Json(results))
}

/// One article in full.
#[utoipa::path(
    get,
    path = "/api/v1/articles/{id}",
    params(("id" = String, Path, description = "The article's id"), ArticleParams),
    responses(
        (status = 200, description = "The article", body = ArticleJson),
        (status = 400, description = "A parameter that is not valid", body = ErrorBody),
        (status = 401, description = "The bearer token is missing or wrong", body = ErrorBody),
        (status = 404, description = "No article has this id", body = ErrorBody),
        (status = 503, description = "The index is missing or damaged, or the server is busy", body = ErrorBody),
    ),
    security((), ("bearer" = [])),
)]
pub(crate) async fn article(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<ArticleJson>, ApiError> {
    let params = parse_article(raw.as_deref().unwrap_or(""), &state.limits)?;
    let article = run(&state, move |searcher| {
        let article = searcher.get(&id)?;
        let (title, body) = match params.q.as_deref().filter(|q| !q.trim().is_empty()) {
            Some(q) => {
                let texts = [
                    article.title.as_deref().unwrap_or(""),
                    article.body.as_str(),
                ];
                let mut marks = searcher
                    .highlight(q, params.exact.unwrap_or(false), article.lang, &texts)?
                    .into_iter();
                (
                    marks.next().unwrap_or_default(),
                    marks.next().unwrap_or_default(),
                )
            }
            None => (Vec::new(), Vec::new()),
        };
        Ok(ArticleJson::new(article, &title, &body))
    })
    .await?;
    Ok(Json(article))
}

/// What the index holds.
#[utoipa::path(
    get,
    path = "/api/v1/stats",
    responses(
        (status = 200, description = "Counts, size, sources and months of the index", body = StatsJson),
        (status = 401, description = "The bearer token is missing or wrong", body = ErrorBody),
        (status = 503, description = "The index is missing or damaged, or the server is busy", body = ErrorBody),
    ),
    security((), ("bearer" = [])),
)]
pub(crate) async fn stats(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<StatsJson>, ApiError> {
    no_params(raw.as_deref())?;
    let stats = run(&state, |searcher| Ok(StatsJson::from(&searcher.stats()?))).await?;
    Ok(Json(stats))
}

/// Whether the index can be searched.
#[utoipa::path(
    get,
    path = "/api/v1/health",
    responses(
        (status = 200, description = "The index is open", body = HealthJson),
        (status = 401, description = "The bearer token is missing or wrong", body = ErrorBody),
        (status = 503, description = "The index is missing or damaged", body = ErrorBody),
    ),
    security((), ("bearer" = [])),
)]
pub(crate) async fn health(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<HealthJson>, ApiError> {
    no_params(raw.as_deref())?;
    let health = run(&state, |searcher| {
        Ok(HealthJson {
            status: "ok".into(),
            documents: searcher.num_docs(),
            version: env!("CARGO_PKG_VERSION").into(),
        })
    })
    .await?;
    Ok(Json(health))
}

/// This document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    responses((status = 200, description = "The OpenAPI 3 document of the API", content_type = "application/json")),
    security((), ("bearer" = [])),
)]
pub(crate) async fn openapi(State(state): State<Arc<AppState>>) -> Response {
    let mut response = state.openapi.clone().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

pub(crate) async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such page or endpoint",
    )
    .hint("the API is under /api/v1: search, articles/{id}, stats, health, openapi.json")
}

pub(crate) async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "only GET and HEAD are answered",
    )
    .hint("the server is read-only")
}

/// Runs `work` on a blocking thread with a permit of the concurrency limit, within the
/// time limit (waiting for the permit included).
async fn run<T: Send + 'static>(
    state: &Arc<AppState>,
    work: impl FnOnce(&Searcher) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let deadline = tokio::time::Instant::now() + state.limits.time;
    let permit =
        match tokio::time::timeout_at(deadline, state.permits.clone().acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            _ => {
                return Err(ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "busy",
                    "too many searches are running",
                )
                .hint("retry in a moment"))
            }
        };
    // A request that had to wait out its time for a permit is not started.
    if tokio::time::Instant::now() >= deadline {
        return Err(timeout(&state.limits));
    }
    let searcher = state.searcher()?;
    let task = tokio::task::spawn_blocking(move || {
        // The permit is held until the work is done, even if the caller gave up waiting.
        let _permit = permit;
        work(&searcher)
    });
    let result = match tokio::time::timeout_at(deadline, task).await {
        Ok(Ok(result)) => result,
        Ok(Err(panic)) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("the request failed inside newsdex: {panic}"),
        )
        .hint("the index may be damaged: check it, or rebuild it")),
        Err(_) => Err(timeout(&state.limits)),
    };
    if let Err(e) = &result {
        if e.is_index_failure() {
            state.forget_searcher();
        }
    }
    result
}

fn timeout(limits: &crate::Limits) -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "timeout",
        format!(
            "the request took longer than {} s",
            limits.time.as_secs_f64()
        ),
    )
    .hint("narrow the query, or ask for fewer hits")
}

/// The pairs of a query string, decoded.
fn pairs(raw: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn no_params(raw: Option<&str>) -> Result<(), ApiError> {
    match pairs(raw.unwrap_or("")).into_iter().next() {
        Some((name, _)) => Err(unknown(&name, "this endpoint takes no parameter")),
        None => Ok(()),
    }
}

fn unknown(name: &str, known: &str) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "unknown_parameter",
        format!("unknown parameter {name:?}"),
    )
    .hint(known.to_string())
}

const SEARCH_PARAMS: &str = "parameters are q, limit, offset, since, until, source, sort, \
all, exact, duplicates, lenient, facets, recent, like, snippet_chars";

fn once<T>(slot: &mut Option<T>, name: &str, value: T) -> Result<(), ApiError> {
    if slot.is_some() {
        return Err(ApiError::bad_parameter(format!("{name} is given twice")));
    }
    *slot = Some(value);
    Ok(())
}

fn number(name: &str, value: &str, max: usize) -> Result<usize, ApiError> {
    let n: usize = value.trim().parse().map_err(|_| {
        ApiError::bad_parameter(format!("{name} must be a whole number, not {value:?}"))
    })?;
    if n > max {
        return Err(ApiError::bad_parameter(format!(
            "{name} must be at most {max}"
        )));
    }
    Ok(n)
}

fn boolean(name: &str, value: &str) -> Result<bool, ApiError> {
    match value {
        // As the OpenAPI document states a boolean: no other spelling.
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(ApiError::bad_parameter(format!(
            "{name} must be true or false, not {other:?}"
        ))),
    }
}

fn text(name: &str, value: String, max_chars: usize) -> Result<String, ApiError> {
    if value.chars().count() > max_chars {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "query_too_long",
            format!("{name} is longer than {max_chars} characters"),
        ));
    }
    Ok(value)
}

pub(crate) fn parse_search(raw: &str, limits: &crate::Limits) -> Result<SearchParams, ApiError> {
    let mut p = SearchParams::default();
    for (name, value) in pairs(raw) {
        match name.as_str() {
            "q" => once(&mut p.q, "q", text("q", value, limits.query_chars)?)?,
            "limit" => {
                let n = number("limit", &value, limits.limit)?;
                if n == 0 {
                    return Err(ApiError::bad_parameter("limit must be at least 1"));
                }
                once(&mut p.limit, "limit", n)?
            }
            "offset" => once(
                &mut p.offset,
                "offset",
                number("offset", &value, limits.offset)?,
            )?,
            "since" => once(&mut p.since, "since", text("since", value, 40)?)?,
            "until" => once(&mut p.until, "until", text("until", value, 40)?)?,
            "source" => {
                let sources = p.source.get_or_insert_with(Vec::new);
                if sources.len() == limits.sources {
                    return Err(ApiError::bad_parameter(format!(
                        "at most {} sources",
                        limits.sources
                    )));
                }
                sources.push(text("source", value, 200)?);
            }
            "sort" => once(&mut p.sort, "sort", value)?,
            "all" => once(&mut p.all, "all", boolean("all", &value)?)?,
            "exact" => once(&mut p.exact, "exact", boolean("exact", &value)?)?,
            "duplicates" => once(
                &mut p.duplicates,
                "duplicates",
                boolean("duplicates", &value)?,
            )?,
            "lenient" => once(&mut p.lenient, "lenient", boolean("lenient", &value)?)?,
            "facets" => once(&mut p.facets, "facets", boolean("facets", &value)?)?,
            "recent" => once(&mut p.recent, "recent", boolean("recent", &value)?)?,
            "like" => once(&mut p.like, "like", text("like", value, 200)?)?,
            "snippet_chars" => once(
                &mut p.snippet_chars,
                "snippet_chars",
                number("snippet_chars", &value, limits.snippet_chars)?,
            )?,
            other => return Err(unknown(other, SEARCH_PARAMS)),
        }
    }
    Ok(p)
}

fn parse_article(raw: &str, limits: &crate::Limits) -> Result<ArticleParams, ApiError> {
    let mut p = ArticleParams::default();
    for (name, value) in pairs(raw) {
        match name.as_str() {
            "q" => once(&mut p.q, "q", text("q", value, limits.query_chars)?)?,
            "exact" => once(&mut p.exact, "exact", boolean("exact", &value)?)?,
            other => return Err(unknown(other, "parameters are q and exact")),
        }
    }
    Ok(p)
}

/// The library request the parameters describe, as the `search` command builds it from
/// its flags; with the offset and limit.
fn request(p: &SearchParams) -> Result<(SearchRequest, usize, usize), ApiError> {
    let limit = p.limit.unwrap_or(10);
    let offset = p.offset.unwrap_or(0);
    let sort: Sort = match p.sort.as_deref() {
        None => Sort::Score,
        Some(s) => s.parse().map_err(|_| {
            ApiError::bad_parameter(format!(
                "sort must be score, date (oldest first) or -date (newest first), not {s:?}"
            ))
        })?,
    };
    // No query (or a blank one) lists every article, newest first, as `*` does; with
    // `like`, the related articles.
    let like = p.like.as_deref().filter(|s| !s.is_empty());
    let query = match p.q.as_deref() {
        Some(q) if !q.trim().is_empty() => q.to_string(),
        _ if like.is_none() => "*".to_string(),
        _ => String::new(),
    };
    let mut request = SearchRequest::new(query)
        .limit(limit)
        .offset(offset)
        .sort(sort)
        .all(p.all.unwrap_or(false))
        .exact(p.exact.unwrap_or(false))
        .duplicates(p.duplicates.unwrap_or(false))
        .lenient(p.lenient.unwrap_or(false))
        .facets(p.facets.unwrap_or(false))
        .recent(p.recent.unwrap_or(false))
        .snippet_chars(p.snippet_chars.unwrap_or(160));
    // The forms the OpenAPI document states, and no other: `DateSpan::parse` reads more.
    let span = |name: &str, value: &str| {
        DateSpan::parse_calendar(value).map_err(|_| {
            ApiError::bad_parameter(format!("{name} is not a date: {value:?}"))
                .hint("write dates as YYYY, YYYY-MM or YYYY-MM-DD")
        })
    };
    let since = match p.since.as_deref().filter(|s| !s.is_empty()) {
        Some(since) => Some(span("since", since)?),
        None => None,
    };
    let until = match p.until.as_deref().filter(|s| !s.is_empty()) {
        Some(until) => Some(span("until", until)?),
        None => None,
    };
    if let (Some(since), Some(until)) = (since, until) {
        if since.start >= until.end {
            return Err(ApiError::bad_parameter("since is after until"));
        }
    }
    if let Some(since) = since {
        request = request.since(since);
    }
    if let Some(until) = until {
        request = request.until(until);
    }
    for source in p.source.iter().flatten().filter(|s| !s.trim().is_empty()) {
        request = request.source(source);
    }
    if let Some(like) = like {
        request = request.like(like);
    }
    Ok((request, offset, limit))
}
