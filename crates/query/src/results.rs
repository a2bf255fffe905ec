//! What a search returns: [`SearchResults`] and their [`Hit`]s, and [`Stats`].

use std::ops::Range;

use newsdex_schema::{Language, NewsDate};
use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::facets::Facets;
use crate::snippet::Snippet;

/// One article found.
///
/// # Serialized
///
/// A hit serializes to the object that `search --json` prints (one a line, after
/// `"type":"hit"`; see [`jsonl`](crate::jsonl)):
///
/// ```json
/// {"rank":1,"id":"8c1e0b6a7f3d2e11","title":"Kim meets Shoigu","date":"2023-07-27",
///  "source":"AP","author":null,"url":null,"path":"/abs/data/001.txt","lang":"en","score":7.4213,
///  "snippet":"…Kim and Shoigu talked…","highlights":[[9,15]],"title_highlights":[[10,16]],
///  "highlight_bytes":[[11,17]],"title_highlight_bytes":[[10,16]],"similar":[]}
/// ```
///
/// - `date`: `YYYY-MM-DD`, or RFC 3339 when the article has a time, or null.
/// - `lang`: the article's language (ISO 639-1), or null where it could not be told.
/// - `score`: the score the hit is ranked by, rounded to 4 decimals.
/// - `snippet`: [`Snippet::text`].
/// - `highlights`, `title_highlights`: the matched words as `[start, end)` offsets into
///   `snippet` and `title`, counted in Unicode code points, the unit of jq, Python and
///   most scripting languages: in jq, `.snippet[.highlights[0][0]:.highlights[0][1]]`
///   is the first matched word.
/// - `highlight_bytes`, `title_highlight_bytes`: the same ranges in bytes of UTF-8, the
///   unit of Rust and Go strings (the fields [`Snippet::highlights`] and
///   [`Hit::title_highlights`] hold).
/// - `similar`: the ids of the near-duplicates folded into this hit ([`Hit::similar`]).
///
/// ```
/// use newsdex_query::{Hit, Snippet};
/// use newsdex_schema::Language;
///
/// let hit = Hit {
///     rank: 1,
///     id: "a1".into(),
///     title: Some("Шойгу в Пхеньяне".into()),
///     title_highlights: vec![0..10],
///     date: None,
///     source: None,
///     author: None,
///     url: None,
///     path: None,
///     lang: Language::parse("ru"),
///     score: 1.234_567,
///     snippet: Snippet { text: "…Шойгу прибыл".into(), highlights: vec![3..13] },
///     similar: vec!["a7".into()],
/// };
/// let json = serde_json::to_value(&hit).unwrap();
/// assert_eq!(json["score"], 1.2346);
/// assert_eq!(json["lang"], "ru");
/// assert_eq!(json["highlights"], serde_json::json!([[1, 6]]));
/// assert_eq!(json["highlight_bytes"], serde_json::json!([[3, 13]]));
/// assert_eq!(json["similar"], serde_json::json!(["a7"]));
/// let snippet: Vec<char> = json["snippet"].as_str().unwrap().chars().collect();
/// assert_eq!(snippet[1..6].iter().collect::<String>(), "Шойгу");
/// ```
#[derive(Clone, Debug)]
pub struct Hit {
    /// 1-based rank in the whole result list (offset included).
    pub rank: usize,
    /// The article's id.
    pub id: String,
    /// The headline.
    pub title: Option<String>,
    /// Byte ranges of `title` that matched.
    pub title_highlights: Vec<Range<usize>>,
    /// The publication date.
    pub date: Option<NewsDate>,
    /// The source.
    pub source: Option<String>,
    /// The byline.
    pub author: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// The file it came from.
    pub path: Option<String>,
    /// The language the article is written in, where known.
    pub lang: Option<Language>,
    /// The relevance score (BM25, title and variants weighted).
    pub score: f32,
    /// The best passage, matched words marked.
    pub snippet: Snippet,
    /// The ids of the near-duplicates of this article that the search folded into it
    /// (copies of one story), in the order they would have ranked; empty when it has none
    /// or when near-duplicates are listed ([`SearchRequest::duplicates`](crate::SearchRequest::duplicates)).
    pub similar: Vec<String>,
}

impl Serialize for Hit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let title = self.title.as_deref().unwrap_or("");
        let mut hit = s.serialize_struct("Hit", 15)?;
        hit.serialize_field("rank", &self.rank)?;
        hit.serialize_field("id", &self.id)?;
        hit.serialize_field("title", &self.title)?;
        hit.serialize_field("date", &self.date)?;
        hit.serialize_field("source", &self.source)?;
        hit.serialize_field("author", &self.author)?;
        hit.serialize_field("url", &self.url)?;
        hit.serialize_field("path", &self.path)?;
        hit.serialize_field("lang", &self.lang)?;
        hit.serialize_field("score", &rounded_score(self.score))?;
        hit.serialize_field("snippet", &self.snippet.text)?;
        hit.serialize_field(
            "highlights",
            &pairs(&char_ranges(&self.snippet.text, &self.snippet.highlights)),
        )?;
        hit.serialize_field(
            "title_highlights",
            &pairs(&char_ranges(title, &self.title_highlights)),
        )?;
        hit.serialize_field("highlight_bytes", &pairs(&self.snippet.highlights))?;
        hit.serialize_field("title_highlight_bytes", &pairs(&self.title_highlights))?;
        hit.serialize_field("similar", &self.similar)?;
        hit.end()
    }
}

/// A score rounded to 4 decimals, as hits are serialized (0 if it is not a number).
fn rounded_score(score: f32) -> f64 {
    let score = f64::from(score);
    if score.is_finite() {
        (score * 10_000.0).round() / 10_000.0
    } else {
        0.0
    }
}

/// Ranges as `[start, end]` pairs.
pub(crate) fn pairs(ranges: &[Range<usize>]) -> Vec<[usize; 2]> {
    ranges.iter().map(|r| [r.start, r.end]).collect()
}

/// Byte ranges of `text` as ranges of Unicode code points, in the same order. A range that
/// does not fall on character boundaries inside `text` is left out. The text is walked
/// once from range to range, not from its start for each.
///
/// ```
/// assert_eq!(newsdex_query::char_ranges("…Шойгу", &[3..13]), [1..6]);
/// ```
pub fn char_ranges(text: &str, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
    // `chars` code points come before byte `at`.
    let (mut at, mut chars) = (0, 0);
    let mut to_chars = |byte: usize| {
        if byte >= at {
            chars += text[at..byte].chars().count();
        } else {
            chars -= text[byte..at].chars().count();
        }
        at = byte;
        chars
    };
    ranges
        .iter()
        .filter(|r| text.get(r.start..r.end).is_some())
        .map(|r| to_chars(r.start)..to_chars(r.end))
        .collect()
}

/// What a search found.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SearchResults {
    /// How many articles match in all.
    pub total: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Counts by source and month, when asked for.
    pub facets: Option<Facets>,
    /// A query that would find something, when this one found nothing.
    pub suggestion: Option<String>,
    /// The name variants searched beside the words typed (`shoygu` for `Shoigu`), as
    /// the index holds them (lowercased, accents folded, stemmed), in order.
    pub variants: Vec<String>,
}

/// What an index holds. Serialized as `search stats --json` prints it, with the facets'
/// fields (`sources`, `no_source`, `languages`, `no_language`, `months`, `undated`,
/// `first_date`, `last_date`) at the top level.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Stats {
    /// Articles.
    pub documents: u64,
    /// Bytes on disk (0 in RAM).
    pub size_bytes: u64,
    /// Segments.
    pub segments: usize,
    /// Counts by source and month, with the date range.
    #[serde(flatten)]
    pub facets: Facets,
    /// The folder the index lives in.
    pub dir: Option<String>,
    /// The folders and files it is kept in sync with.
    pub roots: Vec<String>,
    /// The index format version ([`FORMAT_VERSION`](newsdex_schema::FORMAT_VERSION)).
    pub format: u32,
}

impl SearchResults {
    /// No hits, nothing counted.
    pub(crate) fn empty() -> SearchResults {
        SearchResults {
            total: 0,
            hits: Vec::new(),
            facets: None,
            suggestion: None,
            variants: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::char_ranges;

    #[test]
    fn byte_ranges_become_code_point_ranges_in_their_order() {
        let text = "Zürich — Шойгу met Kim";
        let shoigu = text.find("Шойгу").unwrap();
        let kim = text.find("Kim").unwrap();
        let ranges = [kim..kim + 3, shoigu..shoigu + "Шойгу".len(), 0..3];
        let chars: Vec<char> = text.chars().collect();
        let marked: Vec<String> = char_ranges(text, &ranges)
            .into_iter()
            .map(|r| chars[r].iter().collect())
            .collect();
        assert_eq!(marked, ["Kim", "Шойгу", "Zü"]);
    }

    #[test]
    fn ranges_off_character_boundaries_are_left_out() {
        assert!(char_ranges("ü", &[0..1, 0..9]).is_empty());
        let ranges = char_ranges("ü", &[0..1, 0..2]);
        assert_eq!((ranges.len(), ranges[0].clone()), (1, 0..1));
    }
}
