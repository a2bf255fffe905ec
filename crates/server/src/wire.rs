//! The JSON the API answers with. These types are the OpenAPI document's schemas. Hits and
//! facets are the library's own serialisation of [`Hit`] and [`Facets`], the one
//! `search --json` prints; [`HitJson`] and [`FacetsJson`] describe it for the document.
//!
//! Highlights are `[start, end)` pairs of offsets counted in characters (Unicode code
//! points) of the text they mark, as JavaScript's `Array.from(text)` and jq count them.

use std::ops::Range;

use newsdex::{Article, Facets, Hit, SearchResults, Stats};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

/// The parameters of `GET /api/v1/search`: the `search` command's flags.
#[derive(Clone, Debug, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The query, in the query language (words, "phrases", AND OR NOT, field:word, …).
    /// Without one (or with a blank one), every article newest first, as `*`: all of
    /// them, or those the filters (`since`, `until`, `source`) let through; with `like`,
    /// the articles related to it.
    pub q: Option<String>,
    /// How many hits (default 10).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<usize>,
    /// How many of the best hits to skip, for paging.
    #[param(minimum = 0, maximum = 10000)]
    pub offset: Option<usize>,
    /// Only articles dated from this day, month or year on (`YYYY`, `YYYY-MM`,
    /// `YYYY-MM-DD`, years 0001 to 9999; empty: no bound). The pattern holds the days of
    /// the calendar, leap days included.
    #[param(
        pattern = "^$|^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])(-(0[1-9]|1[0-2]))?$|^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))$|^([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)-02-29$"
    )]
    pub since: Option<String>,
    /// Only articles dated up to the end of this day, month or year (as `since`).
    #[param(
        pattern = "^$|^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])(-(0[1-9]|1[0-2]))?$|^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))$|^([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)-02-29$"
    )]
    pub until: Option<String>,
    /// Only articles from this source; repeat for several. Case and accents don't matter.
    #[param(style = Form, explode)]
    pub source: Option<Vec<String>>,
    /// `score` (most relevant first, default), `date` (oldest first) or `-date` (newest
    /// first).
    #[param(pattern = "^(score|date|-date)$")]
    pub sort: Option<String>,
    /// Require every word.
    pub all: Option<bool>,
    /// Only the spellings typed: no name variants, no two words searched as one.
    pub exact: Option<bool>,
    /// List near-duplicates (copies of one story) as hits of their own instead of
    /// folding each into the best hit of its story (`similar`).
    pub duplicates: Option<bool>,
    /// Search the words of a query that doesn't parse instead of failing.
    pub lenient: Option<bool>,
    /// Count all matching articles by source and by month.
    pub facets: Option<bool>,
    /// Favour recent articles.
    pub recent: Option<bool>,
    /// The articles most like the one with this id (never that article, nor its copies
    /// unless `duplicates`).
    pub like: Option<String>,
    /// Snippet length in characters (default 160).
    #[param(minimum = 0, maximum = 2000)]
    pub snippet_chars: Option<usize>,
}

/// The parameters of `GET /api/v1/articles/{id}`.
#[derive(Clone, Debug, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ArticleParams {
    /// A query whose words to mark in the title and body.
    pub q: Option<String>,
    /// Mark only the spellings typed, not name variants.
    pub exact: Option<bool>,
}

/// What a search found.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SearchResponse {
    /// How many articles match in all.
    pub total: usize,
    /// The offset asked for.
    pub offset: usize,
    /// The limit asked for.
    pub limit: usize,
    /// The hits of this page, best first.
    #[schema(value_type = Vec<HitJson>)]
    pub hits: Vec<Hit>,
    /// Counts by source, language and month of all matching articles, when `facets` was
    /// asked.
    #[schema(value_type = Option<FacetsJson>)]
    pub facets: Option<Facets>,
    /// A query that would find something, when this one found nothing.
    pub suggestion: Option<String>,
    /// The name variants searched beside the words typed (`shoygu` for `Shoigu`), as the
    /// index holds them (lowercased, accents folded, stemmed); none with `exact`.
    pub variants: Vec<String>,
    /// Milliseconds the search took on the server.
    pub took_ms: f64,
}

/// One article found: the schema of a serialized [`Hit`].
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct HitJson {
    /// 1-based rank in the whole result list.
    pub rank: usize,
    /// The article's id.
    pub id: String,
    /// The headline.
    pub title: Option<String>,
    /// `YYYY-MM-DD`, or RFC 3339 when the article has a time.
    pub date: Option<String>,
    /// The outlet or agency.
    pub source: Option<String>,
    /// The byline.
    pub author: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// The file it was read from.
    pub path: Option<String>,
    /// The article's language (ISO 639-1), where it could be told.
    pub lang: Option<String>,
    /// The relevance score the hit is ranked by (4 decimals).
    pub score: f64,
    /// The best passage.
    pub snippet: String,
    /// The matched words of `snippet`, as character offsets.
    pub highlights: Vec<[usize; 2]>,
    /// The matched words of `title`, as character offsets.
    pub title_highlights: Vec<[usize; 2]>,
    /// `highlights` as byte offsets of UTF-8.
    pub highlight_bytes: Vec<[usize; 2]>,
    /// `title_highlights` as byte offsets of UTF-8.
    pub title_highlight_bytes: Vec<[usize; 2]>,
    /// The ids of the near-duplicates folded into this hit (copies of one story).
    pub similar: Vec<String>,
}

/// Counts by source, by language and by month: the schema of serialized [`Facets`].
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct FacetsJson {
    /// Sources, most articles first.
    pub sources: Vec<SourceCount>,
    /// Articles with no source.
    pub no_source: u64,
    /// Languages (ISO 639-1), most articles first.
    pub languages: Vec<LanguageCount>,
    /// Articles whose language could not be told.
    pub no_language: u64,
    /// Months in date order (only months with articles).
    pub months: Vec<MonthCount>,
    /// Articles with no date.
    pub undated: u64,
    /// The earliest date among the articles.
    pub first_date: Option<String>,
    /// The latest date among the articles.
    pub last_date: Option<String>,
}

/// Articles of one source.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SourceCount {
    /// The source as written in the articles.
    pub source: String,
    /// How many.
    pub count: u64,
}

/// Articles of one language.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct LanguageCount {
    /// The ISO 639-1 code (`en`).
    pub lang: String,
    /// How many.
    pub count: u64,
}

/// Articles of one month.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    /// How many.
    pub count: u64,
}

/// One article in full.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ArticleJson {
    /// The article's id.
    pub id: String,
    /// The headline.
    pub title: Option<String>,
    /// `YYYY-MM-DD`, or RFC 3339 when the article has a time.
    pub date: Option<String>,
    /// The outlet or agency.
    pub source: Option<String>,
    /// The byline.
    pub author: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// The file it was read from.
    pub path: Option<String>,
    /// The text, without page clutter.
    pub body: String,
    /// The words of `q` in `title`, as character offsets.
    pub title_highlights: Vec<[usize; 2]>,
    /// The words of `q` in `body`, as character offsets.
    pub body_highlights: Vec<[usize; 2]>,
}

/// What the index holds.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct StatsJson {
    /// Articles.
    pub documents: u64,
    /// Bytes on disk (0 in memory).
    pub size_bytes: u64,
    /// Segments.
    pub segments: usize,
    /// Counts by source, language and month of all articles.
    #[schema(value_type = FacetsJson)]
    pub facets: Facets,
}

/// `GET /api/v1/health`.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct HealthJson {
    /// `ok`.
    pub status: String,
    /// Articles in the index.
    pub documents: u64,
    /// The newsdex version serving.
    pub version: String,
}

/// An error: `{"error":{…}}`.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable name for the kind of error: `bad_query`, `empty_query`,
    /// `bad_parameter`, `unknown_parameter`, `query_too_long`, `unauthorized`,
    /// `not_found`, `method_not_allowed`, `body_too_large`, `index_unavailable`,
    /// `index_damaged`, `busy`, `timeout`, `internal`.
    pub code: String,
    /// One sentence saying what happened.
    pub message: String,
    /// What the caller can do about it, where known.
    pub hint: Option<String>,
    /// For a query that doesn't parse, the 1-based column (in characters) of the fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

/// Byte ranges of `text` as character-offset pairs; ranges that don't fall on character
/// boundaries are left out.
fn char_pairs(text: &str, ranges: &[Range<usize>]) -> Vec<[usize; 2]> {
    newsdex::char_ranges(text, ranges)
        .into_iter()
        .map(|r| [r.start, r.end])
        .collect()
}

fn date(d: Option<newsdex::NewsDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

impl SearchResponse {
    /// The answer for `results` of a request at `offset`, `limit`, that took `took_ms`.
    pub fn new(results: &SearchResults, offset: usize, limit: usize, took_ms: f64) -> Self {
        SearchResponse {
            total: results.total,
            offset,
            limit,
            hits: results.hits.clone(),
            facets: results.facets.clone(),
            suggestion: results.suggestion.clone(),
            variants: results.variants.clone(),
            took_ms: (took_ms * 1000.0).round() / 1000.0,
        }
    }
}

impl ArticleJson {
    /// `article` with the byte ranges `title` and `body` of its words to mark.
    pub fn new(article: Article, title: &[Range<usize>], body: &[Range<usize>]) -> Self {
        ArticleJson {
            title_highlights: article
                .title
                .as_deref()
                .map(|t| char_pairs(t, title))
                .unwrap_or_default(),
            body_highlights: char_pairs(&article.body, body),
            id: article.id,
            title: article.title,
            date: date(article.date),
            source: article.source,
            author: article.author,
            url: article.url,
            path: article.path,
            body: article.body,
        }
    }
}

impl From<&Stats> for StatsJson {
    fn from(s: &Stats) -> StatsJson {
        StatsJson {
            documents: s.documents,
            size_bytes: s.size_bytes,
            segments: s.segments,
            facets: s.facets.clone(),
        }
    }
}
