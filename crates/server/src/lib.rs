//! The newsdex HTTP server: a JSON API under `/api/v1` and a search page at `/`, as an
//! [axum](https://docs.rs/axum) [`Router`] an application can mount, or serve on its own
//! with [`run`] (what `search serve` does).
//!
//! ```
//! use newsdex::{Article, Indexer, NewsIndex};
//! use newsdex_server::{router, IndexSource, Options};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let index = NewsIndex::create_in_ram();
//! let mut indexer = Indexer::new(&index)?;
//! indexer.add(&Article::new("Kim and Shoigu talked in Pyongyang.").with_id("a1"))?;
//! indexer.commit()?;
//!
//! // Mount it where the application wants it, e.g. `app.nest("/news", api)`.
//! let api: axum::Router = router(IndexSource::from(index), Options::new())?;
//! # let _ = api;
//! # Ok(())
//! # }
//! ```
//!
//! # The API
//!
//! | endpoint | answers |
//! |---|---|
//! | `GET /api/v1/search?q=…` | ranked hits with snippets, the total, facets, suggestion, time taken |
//! | `GET /api/v1/articles/{id}?q=…` | one article in full, the query's words marked |
//! | `GET /api/v1/stats` | what the index holds |
//! | `GET /api/v1/health` | whether the index can be searched |
//! | `GET /api/v1/openapi.json` | the OpenAPI 3 document of all of the above |
//!
//! The search parameters are the `search` command's flags: `q`, `limit`, `offset`,
//! `since`, `until`, `source` (repeatable), `sort` (`score`, `date`, `-date`), `all`,
//! `exact`, `lenient`, `facets`, `recent`, `like`, `snippet_chars`. Errors are
//! `{"error":{"code","message","hint"}}` with the status that fits: 400 for a bad query
//! or parameter (a parse error carries its `column`), 401 without the token, 404 for an
//! unknown id or path, 503 while the index is missing, damaged or the server is busy.
//!
//! # Safe defaults
//!
//! Nothing is written: every endpoint reads. The page and its script are compiled into
//! the binary and served by name; no path reaches the file system. [`Limits`] bound the
//! query length, `limit`, `offset`, the request body, how many searches run at once and
//! how long one may take. Cross-origin requests are refused unless origins are allowed
//! with [`Options::cors_origin`]. [`run`] binds to a loopback address unless a token is
//! required ([`Access::Token`], compared in constant time) or the server is declared
//! [`Access::Public`].
#![deny(missing_docs)]

mod assets;
mod error;
mod handlers;
mod middleware;
mod openapi;
mod state;
pub mod wire;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::get;
use axum::Router;
use newsdex::NewsIndex;

pub use error::{ApiError, Error};
pub use openapi::openapi_json;

use crate::state::AppState;

/// Where the server's index comes from: an index already open ([`From<NewsIndex>`]), or
/// a function that opens it ([`IndexSource::open_with`]).
pub struct IndexSource(pub(crate) Source);

// Made once per server: the size of the open index doesn't matter.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Source {
    Index(NewsIndex),
    Open(Box<dyn Fn() -> Result<NewsIndex, BoxError> + Send + Sync>),
}

/// An error from an [`IndexSource::open_with`] function.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// How long the server waits before trying again to open an index that failed to open.
pub const REOPEN_INTERVAL: Duration = Duration::from_secs(2);

impl From<NewsIndex> for IndexSource {
    fn from(index: NewsIndex) -> IndexSource {
        IndexSource(Source::Index(index))
    }
}

impl IndexSource {
    /// A source that opens the index with `open`, called again (at most every
    /// [`REOPEN_INTERVAL`]) while it fails: the API answers 503 until the index can be
    /// opened, then serves it.
    pub fn open_with(
        open: impl Fn() -> Result<NewsIndex, BoxError> + Send + Sync + 'static,
    ) -> IndexSource {
        IndexSource(Source::Open(Box::new(open)))
    }
}

impl std::fmt::Debug for IndexSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Source::Index(index) => f.debug_tuple("IndexSource").field(index).finish(),
            Source::Open(_) => f.write_str("IndexSource(open_with(..))"),
        }
    }
}

/// Who may use the server.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Access {
    /// Anyone who can reach it, and it may only listen on a loopback address (the
    /// default): only programs on this machine can.
    #[default]
    Loopback,
    /// Only requests with `Authorization: Bearer TOKEN` reach the API; any address.
    Token(String),
    /// Anyone who can reach it, on any address.
    Public,
}

/// Bounds on what one request may ask and cost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The longest query, in characters.
    pub query_chars: usize,
    /// The most hits one page may hold (`limit`).
    pub limit: usize,
    /// The deepest page (`offset`).
    pub offset: usize,
    /// The most `source` filters in one request.
    pub sources: usize,
    /// The longest snippet, in characters.
    pub snippet_chars: usize,
    /// The largest request body, in bytes (no endpoint reads one).
    pub body_bytes: usize,
    /// How many searches may run at once; more wait, up to `time`.
    pub concurrency: usize,
    /// How long one request may take, waiting included, before it is answered 503.
    pub time: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            query_chars: 1_000,
            limit: 100,
            offset: 10_000,
            sources: 32,
            snippet_chars: 2_000,
            body_bytes: 16 * 1024,
            concurrency: cores * 2,
            time: Duration::from_secs(10),
        }
    }
}

/// One request, as the request log sees it.
#[derive(Clone, Debug)]
pub struct RequestLog<'a> {
    /// `GET`, `HEAD`, …
    pub method: &'a str,
    /// The path, without the query string (queries stay private).
    pub path: &'a str,
    /// The status answered.
    pub status: u16,
    /// From the request's arrival to its answer's headers.
    pub elapsed: Duration,
}

/// What the request log is given.
pub type LogFn = dyn Fn(&RequestLog<'_>) + Send + Sync;

/// How the server behaves: access, limits, cross-origin requests, the request log.
#[derive(Clone, Default)]
pub struct Options {
    access: Access,
    limits: Limits,
    cors: Vec<String>,
    log: Option<Arc<LogFn>>,
    results: Option<usize>,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("access", &self.access)
            .field("limits", &self.limits)
            .field("cors", &self.cors)
            .field("log", &self.log.is_some())
            .field("results", &self.results)
            .finish()
    }
}

impl Options {
    /// Loopback only, default limits, no cross-origin requests, no request log.
    pub fn new() -> Options {
        Options::default()
    }

    /// Who may use the server.
    pub fn access(mut self, access: Access) -> Options {
        self.access = access;
        self
    }

    /// Bounds on requests.
    pub fn limits(mut self, limits: Limits) -> Options {
        self.limits = limits;
        self
    }

    /// Allows pages from `origin` (`https://example.org`) to call the API; call again for
    /// several.
    pub fn cors_origin(mut self, origin: impl Into<String>) -> Options {
        self.cors.push(origin.into());
        self
    }

    /// Calls `log` once for every request answered.
    pub fn log(mut self, log: impl Fn(&RequestLog<'_>) + Send + Sync + 'static) -> Options {
        self.log = Some(Arc::new(log));
        self
    }

    /// Keeps the results of recent searches in at most `bytes` (0: none; default
    /// [`DEFAULT_RESULT_CACHE`](newsdex::DEFAULT_RESULT_CACHE)), so that a search asked
    /// again on the same commit is answered without searching
    /// ([`Searcher::cache_results`](newsdex::Searcher::cache_results)).
    pub fn result_cache(mut self, bytes: usize) -> Options {
        self.results = Some(bytes);
        self
    }

    /// The access rule.
    pub fn access_rule(&self) -> &Access {
        &self.access
    }

    /// Whether these options allow listening on `addr`: a loopback address always; any
    /// other only with a token or when public.
    pub fn check_addr(&self, addr: SocketAddr) -> Result<(), Error> {
        if addr.ip().is_loopback() || self.access != Access::Loopback {
            Ok(())
        } else {
            Err(Error::Exposed(addr))
        }
    }
}

/// The router of the API and the page, to serve or to mount in an application. Fails only
/// on a CORS origin that is not a valid origin.
pub fn router(source: IndexSource, options: Options) -> Result<Router, Error> {
    build(source, options)
}

fn build(source: IndexSource, options: Options) -> Result<Router, Error> {
    let cors = middleware::cors(&options.cors)?;
    let state = Arc::new(AppState::new(source, &options));
    let api = Router::new()
        .route("/search", get(handlers::search))
        .route("/articles/{id}", get(handlers::article))
        .route("/stats", get(handlers::stats))
        .route("/health", get(handlers::health))
        .route("/openapi.json", get(handlers::openapi))
        .fallback(handlers::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::authorize,
        ))
        .with_state(state.clone());
    let mut app = Router::new()
        .nest("/api/v1", api)
        .merge(assets::routes())
        .fallback(handlers::not_found)
        .method_not_allowed_fallback(handlers::method_not_allowed)
        .layer(axum::middleware::from_fn(middleware::json_errors))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::limit_body,
        ));
    if let Some(cors) = cors {
        app = app.layer(cors);
    }
    Ok(app.layer(axum::middleware::from_fn_with_state(
        state,
        middleware::log_request,
    )))
}

/// Serves `source` on `addr` until `shutdown` completes, on a runtime of its own; calls
/// `started` with the address bound (port 0 picks a free one) once it listens.
///
/// Refuses a non-loopback address unless [`Options::access`] requires a token or is
/// public.
pub fn run(
    addr: SocketAddr,
    source: IndexSource,
    options: Options,
    started: impl FnOnce(SocketAddr),
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    options.check_addr(addr)?;
    let app = router(source, options)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Error::Runtime)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| Error::Bind(addr, e))?;
        let local = listener.local_addr().map_err(|e| Error::Bind(addr, e))?;
        started(local);
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(Error::Serve)
    })
}

/// A future that completes on Ctrl-C (SIGINT) or SIGTERM, for [`run`]'s `shutdown`.
pub async fn ctrl_c() {
    let interrupt = async {
        // If the handler can't be installed, the process still ends on the signal.
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {}
        _ = terminate => {}
    }
}
