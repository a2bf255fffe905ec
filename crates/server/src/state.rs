//! What every request shares: the searcher (opened once, following new commits), the
//! limits, the token, the request log.

use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use newsdex::Searcher;
use tokio::sync::Semaphore;

use crate::error::ApiError;
use crate::{IndexSource, Limits, LogFn, Options, Source, REOPEN_INTERVAL};

pub(crate) struct AppState {
    source: Source,
    /// The bytes of recent results each searcher opened keeps.
    results: usize,
    searcher: RwLock<Option<Searcher>>,
    /// When opening last failed, and why.
    failed: Mutex<Option<(Instant, String)>>,
    pub(crate) limits: Limits,
    pub(crate) permits: Arc<Semaphore>,
    /// The token's hash: hashes of equal length are compared in constant time.
    pub(crate) token: Option<blake3::Hash>,
    pub(crate) log: Option<Arc<LogFn>>,
    pub(crate) openapi: Vec<u8>,
}

impl AppState {
    pub(crate) fn new(source: IndexSource, options: &Options) -> AppState {
        let source = source.0;
        let results = options.results.unwrap_or(newsdex::DEFAULT_RESULT_CACHE);
        let searcher = match &source {
            Source::Index(index) => Searcher::new(index).ok().map(|s| s.cache_results(results)),
            Source::Open(_) => None,
        };
        AppState {
            source,
            results,
            searcher: RwLock::new(searcher),
            failed: Mutex::new(None),
            limits: options.limits.clone(),
            permits: Arc::new(Semaphore::new(options.limits.concurrency.max(1))),
            token: match &options.access {
                crate::Access::Token(token) => Some(blake3::hash(token.as_bytes())),
                _ => None,
            },
            log: options.log.clone(),
            openapi: crate::openapi::openapi_json(options.access != crate::Access::Loopback),
        }
    }

    /// The searcher, opening the index if it is not open yet (at most every
    /// [`REOPEN_INTERVAL`] after a failure).
    pub(crate) fn searcher(&self) -> Result<Searcher, ApiError> {
        if let Some(searcher) = self
            .searcher
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            return Ok(searcher.clone());
        }
        let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((when, why)) = failed.as_ref() {
            if when.elapsed() < REOPEN_INTERVAL {
                return Err(ApiError::unavailable(why.clone()));
            }
        }
        let opened = match &self.source {
            Source::Index(index) => Searcher::new(index).map_err(|e| e.to_string()),
            Source::Open(open) => open()
                .map_err(|e| chain(&*e))
                .and_then(|index| Searcher::new(&index).map_err(|e| e.to_string())),
        }
        .map(|searcher| searcher.cache_results(self.results));
        match opened {
            Ok(searcher) => {
                *failed = None;
                *self.searcher.write().unwrap_or_else(|e| e.into_inner()) = Some(searcher.clone());
                Ok(searcher)
            }
            Err(why) => {
                *failed = Some((Instant::now(), why.clone()));
                Err(ApiError::unavailable(why))
            }
        }
    }

    /// Forgets the searcher after the index failed under it, so the next request opens
    /// it again (a rebuilt or repaired index).
    pub(crate) fn forget_searcher(&self) {
        if matches!(self.source, Source::Open(_)) {
            *self.searcher.write().unwrap_or_else(|e| e.into_inner()) = None;
        }
    }
}

/// An error and its causes, in one line.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut line = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !line.contains(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
        cause = c.source();
    }
    line
}
