//! The JSON the API answers with. These types are the OpenAPI document's schemas.
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
    /// May be empty with a filter (`since`, `until`, `source`) or `like`.
    pub q: Option<String>,
    /// How many hits (default 10).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<usize>,
    /// How many of the best hits to skip, for paging.
    #[param(minimum = 0, maximum = 10000)]
    pub offset: Option<usize>,
    /// Only articles dated from this day, month or year on (`YYYY`, `YYYY-MM`,
    /// `YYYY-MM-DD`).
    pub since: Option<String>,
    /// Only articles dated up to the end of this day, month or year.
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
    /// Only the spellings typed: no name variants.
    pub exact: Option<bool>,
    /// Search the words of a query that doesn't parse instead of failing.
    pub lenient: Option<bool>,
    /// Count all matching articles by source and by month.
    pub facets: Option<bool>,
    /// Favour recent articles.
    pub recent: Option<bool>,
    /// The articles most like the one with this id.
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
    pub hits: Vec<HitJson>,
    /// Counts by source and month of all matching articles, when `facets` was asked.
    pub facets: Option<FacetsJson>,
    /// A query that would find something, when this one found nothing.
    pub suggestion: Option<String>,
    /// Milliseconds the search took on the server.
    pub took_ms: f64,
}

/// One article found.
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
    /// The relevance score the hit is ranked by (4 decimals).
    pub score: f64,
    /// The best passage.
    pub snippet: String,
    /// The matched words of `snippet`, as character offsets.
    pub highlights: Vec<[usize; 2]>,
    /// The matched words of `title`, as character offsets.
    pub title_highlights: Vec<[usize; 2]>,
}

/// Counts by source and by month.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct FacetsJson {
    /// Sources, most articles first.
    pub sources: Vec<SourceCount>,
    /// Articles with no source.
    pub no_source: u64,
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
    /// Counts by source and month of all articles.
    pub facets: FacetsJson,
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
pub fn char_ranges(text: &str, ranges: &[Range<usize>]) -> Vec<[usize; 2]> {
    let mut sorted: Vec<&Range<usize>> = ranges
        .iter()
        .filter(|r| {
            r.start <= r.end
                && r.end <= text.len()
                && text.is_char_boundary(r.start)
                && text.is_char_boundary(r.end)
        })
        .collect();
    sorted.sort_by_key(|r| r.start);
    let mut out = Vec::with_capacity(sorted.len());
    // One pass over the text: `chars` characters precede byte `at`.
    let (mut at, mut chars) = (0, 0);
    let advance = |to: usize, at: &mut usize, chars: &mut usize| {
        if to >= *at {
            *chars += text[*at..to].chars().count();
        } else {
            *chars -= text[to..*at].chars().count();
        }
        *at = to;
    };
    for r in sorted {
        advance(r.start, &mut at, &mut chars);
        let start = chars;
        advance(r.end, &mut at, &mut chars);
        out.push([start, chars]);
    }
    out
}

fn date(d: Option<newsdex::NewsDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

impl From<&Facets> for FacetsJson {
    fn from(f: &Facets) -> FacetsJson {
        FacetsJson {
            sources: f
                .sources
                .iter()
                .map(|(source, count)| SourceCount {
                    source: source.clone(),
                    count: *count,
                })
                .collect(),
            no_source: f.no_source,
            months: f
                .months
                .iter()
                .map(|(month, count)| MonthCount {
                    month: month.clone(),
                    count: *count,
                })
                .collect(),
            undated: f.undated,
            first_date: date(f.first_date),
            last_date: date(f.last_date),
        }
    }
}

impl From<&Hit> for HitJson {
    fn from(h: &Hit) -> HitJson {
        HitJson {
            rank: h.rank,
            id: h.id.clone(),
            title_highlights: h
                .title
                .as_deref()
                .map(|t| char_ranges(t, &h.title_highlights))
                .unwrap_or_default(),
            title: h.title.clone(),
            date: date(h.date),
            source: h.source.clone(),
            author: h.author.clone(),
            url: h.url.clone(),
            path: h.path.clone(),
            score: round4(h.score),
            highlights: char_ranges(&h.snippet.text, &h.snippet.highlights),
            snippet: h.snippet.text.clone(),
        }
    }
}

impl SearchResponse {
    /// The answer for `results` of a request at `offset`, `limit`, that took `took_ms`.
    pub fn new(results: &SearchResults, offset: usize, limit: usize, took_ms: f64) -> Self {
        SearchResponse {
            total: results.total,
            offset,
            limit,
            hits: results.hits.iter().map(HitJson::from).collect(),
            facets: results.facets.as_ref().map(FacetsJson::from),
            suggestion: results.suggestion.clone(),
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
                .map(|t| char_ranges(t, title))
                .unwrap_or_default(),
            body_highlights: char_ranges(&article.body, body),
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
            facets: FacetsJson::from(&s.facets),
        }
    }
}

fn round4(score: f32) -> f64 {
    let score = f64::from(score);
    if score.is_finite() {
        (score * 10_000.0).round() / 10_000.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::char_ranges;

    #[test]
    fn byte_ranges_become_character_offsets() {
        let text = "Zürich — Шойгу met Kim";
        let shoigu = text.find("Шойгу").unwrap();
        let kim = text.find("Kim").unwrap();
        let ranges = [kim..kim + 3, shoigu..shoigu + "Шойгу".len(), 0..3];
        let chars: Vec<char> = text.chars().collect();
        let got = char_ranges(text, &ranges);
        let marked: Vec<String> = got
            .iter()
            .map(|[s, e]| chars[*s..*e].iter().collect())
            .collect();
        assert_eq!(marked, ["Zü", "Шойгу", "Kim"]);
    }

    #[test]
    fn ranges_off_character_boundaries_are_dropped() {
        assert_eq!(char_ranges("ü", &[0..1, 0..9]), Vec::<[usize; 2]>::new());
    }
}
