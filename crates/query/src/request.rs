//! What a search asks for: [`SearchRequest`] and its [`Sort`].

use std::str::FromStr;

use newsdex_schema::{Language, NewsIndex, DEFAULT_TITLE_BOOST};
use serde::{Deserialize, Serialize};

use crate::dates::DateSpan;
use crate::parser::{Occur, MAX_BOOST};
use crate::results::SearchResults;
use crate::searcher::Searcher;
use crate::{Error, RequestError, Result};

/// The most hits one request may ask for (offset plus limit).
pub const MAX_WINDOW: usize = 100_000;

/// The order of hits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Most relevant first.
    #[default]
    Score,
    /// Oldest first (`date`).
    Date,
    /// Newest first (`-date`).
    #[serde(rename = "-date")]
    DateDesc,
}

impl FromStr for Sort {
    type Err = Error;

    fn from_str(s: &str) -> Result<Sort> {
        match s {
            "score" => Ok(Sort::Score),
            "date" => Ok(Sort::Date),
            "-date" => Ok(Sort::DateDesc),
            other => Err(RequestError::UnknownSort {
                sort: other.to_string(),
            }
            .into()),
        }
    }
}

/// A search: the query and everything that shapes its answer. Build it with the setters,
/// then run it with [`Searcher::search`] or [`SearchRequest::execute`].
///
/// ```
/// use newsdex_query::{DateSpan, SearchRequest, Sort};
///
/// let request = SearchRequest::new("Shoigu Pyongyang")
///     .limit(5)
///     .since(DateSpan::parse("2023-07").unwrap())
///     .source("AP")
///     .sort(Sort::DateDesc);
/// assert_eq!(request.query(), "Shoigu Pyongyang");
/// ```
///
/// A request serializes to, and deserializes from, an object with one field per setter
/// (`sources` for [`SearchRequest::source`], `languages` for [`SearchRequest::lang`]); fields left out take their defaults and
/// unknown fields are refused, so a request can come from a JSON body or a file:
///
/// ```
/// use newsdex_query::SearchRequest;
///
/// let request: SearchRequest =
///     serde_json::from_str(r#"{"query": "Shoigu", "limit": 5, "since": "2023-07", "sort": "-date"}"#)
///         .unwrap();
/// assert_eq!(request.query(), "Shoigu");
/// let back: SearchRequest = serde_json::from_value(serde_json::to_value(&request).unwrap()).unwrap();
/// assert_eq!(serde_json::to_value(&back).unwrap(), serde_json::to_value(&request).unwrap());
/// assert!(serde_json::from_str::<SearchRequest>(r#"{"qeury": "typo"}"#).is_err());
/// ```
#[must_use = "a builder does nothing until it is used"]
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchRequest {
    pub(crate) query: String,
    pub(crate) limit: usize,
    pub(crate) offset: usize,
    pub(crate) since: Option<DateSpan>,
    pub(crate) until: Option<DateSpan>,
    pub(crate) sources: Vec<String>,
    pub(crate) languages: Vec<Language>,
    pub(crate) sort: Sort,
    pub(crate) all: bool,
    pub(crate) exact: bool,
    pub(crate) duplicates: bool,
    pub(crate) lenient: bool,
    pub(crate) facets: bool,
    pub(crate) recent: bool,
    pub(crate) like: Option<String>,
    pub(crate) snippet_chars: usize,
    pub(crate) title_boost: f32,
}

impl Default for SearchRequest {
    /// [`SearchRequest::new`] with an empty query.
    fn default() -> SearchRequest {
        SearchRequest::new("")
    }
}

impl SearchRequest {
    /// A request for `query` with the defaults: 10 hits, by score, name variants on.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            limit: 10,
            offset: 0,
            since: None,
            until: None,
            sources: Vec::new(),
            languages: Vec::new(),
            sort: Sort::Score,
            all: false,
            exact: false,
            duplicates: false,
            lenient: false,
            facets: false,
            recent: false,
            like: None,
            snippet_chars: 160,
            title_boost: DEFAULT_TITLE_BOOST,
        }
    }

    /// The query text.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// How many hits to return (default 10). With 0, none: only the total (and the
    /// facets, if asked for) are counted.
    pub fn limit(mut self, limit: usize) -> SearchRequest {
        self.limit = limit;
        self
    }

    /// How many of the best hits to skip, for paging.
    pub fn offset(mut self, offset: usize) -> SearchRequest {
        self.offset = offset;
        self
    }

    /// Only articles dated from the start of `span` on.
    pub fn since(mut self, span: DateSpan) -> SearchRequest {
        self.since = Some(span);
        self
    }

    /// Only articles dated up to the end of `span` (`2023-07` includes all of July).
    pub fn until(mut self, span: DateSpan) -> SearchRequest {
        self.until = Some(span);
        self
    }

    /// Only articles from this source; call again to allow several. Case and accents
    /// don't matter.
    pub fn source(mut self, source: impl Into<String>) -> SearchRequest {
        self.sources.push(source.into());
        self
    }

    /// Only articles in this language; call again to allow several.
    pub fn lang(mut self, language: Language) -> SearchRequest {
        self.languages.push(language);
        self
    }

    /// The order of hits.
    pub fn sort(mut self, sort: Sort) -> SearchRequest {
        self.sort = sort;
        self
    }

    /// Requires every word of the query (the default operator becomes AND).
    pub fn all(mut self, yes: bool) -> SearchRequest {
        self.all = yes;
        self
    }

    /// Turns name variants off: only the spellings typed are searched, and two words are
    /// not searched as one (`soy meal` as *soymeal*).
    pub fn exact(mut self, yes: bool) -> SearchRequest {
        self.exact = yes;
        self
    }

    /// Lists near-duplicates (copies of one story: republished, corrected, re-sent) as
    /// hits of their own. By default each is folded into the best hit of its story, which
    /// names them in [`Hit::similar`](crate::Hit::similar).
    pub fn duplicates(mut self, yes: bool) -> SearchRequest {
        self.duplicates = yes;
        self
    }

    /// Reads a query that doesn't parse as plain words instead of failing.
    pub fn lenient(mut self, yes: bool) -> SearchRequest {
        self.lenient = yes;
        self
    }

    /// Also counts the matching articles by source and by month.
    pub fn facets(mut self, yes: bool) -> SearchRequest {
        self.facets = yes;
        self
    }

    /// Favours recent articles: a score is multiplied by up to 1.5 for the newest article
    /// in the index, the bonus halving every 30 days before it.
    pub fn recent(mut self, yes: bool) -> SearchRequest {
        self.recent = yes;
        self
    }

    /// Finds the articles most like the one with this id: never that article itself, nor
    /// its near-duplicates (re-sent, corrected or republished copies of it) unless
    /// [`SearchRequest::duplicates`] asks for every copy. The query, if not empty, must
    /// also match. The article's 40 heaviest words by tf·idf, read by its language's
    /// rules, are searched in the text and in the title (at [`SearchRequest::title_boost`]),
    /// each boosted by its weight.
    pub fn like(mut self, id: impl Into<String>) -> SearchRequest {
        self.like = Some(id.into());
        self
    }

    /// The length of snippets, in characters (default 160; at least 20, or 0 for no
    /// snippet).
    pub fn snippet_chars(mut self, chars: usize) -> SearchRequest {
        self.snippet_chars = chars;
        self
    }

    /// How much title matches weigh (default [`DEFAULT_TITLE_BOOST`]).
    pub fn title_boost(mut self, boost: f32) -> SearchRequest {
        self.title_boost = boost;
        self
    }

    /// Opens `index` as it is now and runs the request (a [`Searcher::snapshot`]: for
    /// many requests, keep a [`Searcher`]).
    pub fn execute(&self, index: &NewsIndex) -> Result<SearchResults> {
        Searcher::snapshot(index)?.search(self)
    }

    /// The operator that joins clauses written without one.
    pub(crate) fn default_occur(&self) -> Occur {
        if self.all {
            Occur::Must
        } else {
            Occur::Should
        }
    }

    /// Whether the request narrows by date.
    pub(crate) fn is_dated(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }

    /// Checks the settings against each other, once, before searching.
    pub(crate) fn validate(&self) -> Result<()> {
        if self.offset.saturating_add(self.limit) > MAX_WINDOW {
            return Err(RequestError::WindowTooLarge { max: MAX_WINDOW }.into());
        }
        self.validate_selection()
    }

    /// Checks what selects the articles, as opposed to the page of them shown.
    pub(crate) fn validate_selection(&self) -> Result<()> {
        if !(self.title_boost.is_finite() && (0.0..=MAX_BOOST).contains(&self.title_boost)) {
            return Err(RequestError::BadTitleBoost {
                boost: self.title_boost,
            }
            .into());
        }
        if let (Some(since), Some(until)) = (self.since, self.until) {
            if since.start >= until.end {
                return Err(RequestError::SinceAfterUntil.into());
            }
        }
        Ok(())
    }
}
