//! Counts by source, by language and by month over a whole result set, from fast fields.

use std::collections::{BTreeMap, HashMap};

use newsdex_schema::{Fields, NewsDate};
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// How many matching articles each source, each language and each month has.
///
/// Serialized as `{"sources":[{"source":"AP","count":1}],"no_source":0,
/// "languages":[{"lang":"en","count":4}],"no_language":1,"months":[{"month":"2023-07","count":2}],"undated":3,"first_date":"2023-07-01",
/// "last_date":"2023-07-27"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Counts by source, most articles first, then by name.
    pub sources: Vec<SourceCount>,
    /// Articles with no source.
    pub no_source: u64,
    /// Counts by language, most articles first, then by code.
    pub languages: Vec<LanguageCount>,
    /// Articles whose language could not be told.
    pub no_language: u64,
    /// Counts by month, in date order.
    pub months: Vec<MonthCount>,
    /// Articles with no date.
    pub undated: u64,
    /// The earliest date among the articles.
    pub first_date: Option<NewsDate>,
    /// The latest date among the articles.
    pub last_date: Option<NewsDate>,
}

/// How many articles one source has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceCount {
    /// The source, as the articles give it.
    pub source: String,
    /// Its articles.
    pub count: u64,
}

/// How many articles one language has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LanguageCount {
    /// The language, as an ISO 639-1 code (`en`).
    pub lang: String,
    /// Its articles.
    pub count: u64,
}

/// How many articles one month has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonthCount {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Its articles.
    pub count: u64,
}

/// Collects [`Facets`] for every document a query matches.
pub(crate) struct FacetCollector {
    /// The name of the source field.
    source: String,
    /// The name of the language field.
    lang: String,
    /// The name of the date field.
    date: String,
}

impl FacetCollector {
    /// Counts by the source, language and date fields of `fields`.
    pub(crate) fn new(fields: &Fields) -> FacetCollector {
        FacetCollector {
            source: fields.schema.get_field_name(fields.source).to_string(),
            lang: fields.schema.get_field_name(fields.lang).to_string(),
            date: fields.schema.get_field_name(fields.date).to_string(),
        }
    }
}

pub(crate) struct SegmentFacets {
    sources: Option<StrColumn>,
    languages: Option<StrColumn>,
    dates: Column<tantivy::DateTime>,
    by_ord: HashMap<u64, u64>,
    no_source: u64,
    by_language: HashMap<u64, u64>,
    no_language: u64,
    dated: DateCounts,
}

pub(crate) struct SegmentFruit {
    sources: HashMap<String, u64>,
    no_source: u64,
    languages: HashMap<String, u64>,
    no_language: u64,
    dated: DateCounts,
}

/// Articles by month, the undated ones, and the range of dates.
#[derive(Default)]
struct DateCounts {
    by_month: BTreeMap<(i32, u32), u64>,
    undated: u64,
    first: Option<i64>,
    last: Option<i64>,
}

impl DateCounts {
    /// Counts an article dated `seconds` after the Unix epoch, or undated.
    fn add(&mut self, seconds: Option<i64>) {
        let Some(seconds) = seconds else {
            self.undated += 1;
            return;
        };
        *self.by_month.entry(year_month(seconds)).or_default() += 1;
        self.first = Some(self.first.map_or(seconds, |f| f.min(seconds)));
        self.last = Some(self.last.map_or(seconds, |l| l.max(seconds)));
    }

    fn merge(&mut self, other: DateCounts) {
        for (month, n) in other.by_month {
            *self.by_month.entry(month).or_default() += n;
        }
        self.undated += other.undated;
        self.first = self.first.into_iter().chain(other.first).min();
        self.last = self.last.into_iter().chain(other.last).max();
    }
}

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let fast = segment.fast_fields();
        Ok(SegmentFacets {
            sources: fast.str(&self.source)?,
            languages: fast.str(&self.lang)?,
            dates: fast.date(&self.date)?,
            by_ord: HashMap::new(),
            no_source: 0,
            by_language: HashMap::new(),
            no_language: 0,
            dated: DateCounts::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFruit>) -> tantivy::Result<Facets> {
        let mut sources: HashMap<String, u64> = HashMap::new();
        let mut languages: HashMap<String, u64> = HashMap::new();
        let mut dated = DateCounts::default();
        let mut no_source = 0;
        let mut no_language = 0;
        for fruit in fruits {
            for (source, n) in fruit.sources {
                *sources.entry(source).or_default() += n;
            }
            for (language, n) in fruit.languages {
                *languages.entry(language).or_default() += n;
            }
            no_source += fruit.no_source;
            no_language += fruit.no_language;
            dated.merge(fruit.dated);
        }
        fn by_count<T>(counts: HashMap<String, u64>, make: impl Fn(String, u64) -> T) -> Vec<T> {
            let mut counts: Vec<(String, u64)> = counts.into_iter().collect();
            counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            counts.into_iter().map(|(name, n)| make(name, n)).collect()
        }
        Ok(Facets {
            sources: by_count(sources, |source, count| SourceCount { source, count }),
            no_source,
            languages: by_count(languages, |lang, count| LanguageCount { lang, count }),
            no_language,
            months: dated
                .by_month
                .into_iter()
                .map(|((y, m), count)| MonthCount {
                    month: format!("{y:04}-{m:02}"),
                    count,
                })
                .collect(),
            undated: dated.undated,
            first_date: dated.first.and_then(NewsDate::from_timestamp),
            last_date: dated.last.and_then(NewsDate::from_timestamp),
        })
    }
}

/// The (year, month) of a Unix timestamp, without building a calendar date per document.
fn year_month(seconds: i64) -> (i32, u32) {
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let days = seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, month as u32)
}

impl SegmentCollector for SegmentFacets {
    type Fruit = SegmentFruit;

    fn collect(&mut self, doc: DocId, _: Score) {
        match self.sources.as_ref().and_then(|s| s.term_ords(doc).next()) {
            Some(ord) => *self.by_ord.entry(ord).or_default() += 1,
            None => self.no_source += 1,
        }
        match self
            .languages
            .as_ref()
            .and_then(|s| s.term_ords(doc).next())
        {
            Some(ord) => *self.by_language.entry(ord).or_default() += 1,
            None => self.no_language += 1,
        }
        self.dated
            .add(self.dates.first(doc).map(|d| d.into_timestamp_secs()));
    }

    fn harvest(self) -> SegmentFruit {
        SegmentFruit {
            sources: by_name(self.sources.as_ref(), self.by_ord),
            no_source: self.no_source,
            languages: by_name(self.languages.as_ref(), self.by_language),
            no_language: self.no_language,
            dated: self.dated,
        }
    }
}

/// Counts by ordinal of a string column, as counts by its strings.
fn by_name(column: Option<&StrColumn>, by_ord: HashMap<u64, u64>) -> HashMap<String, u64> {
    let mut counts = HashMap::with_capacity(by_ord.len());
    if let Some(column) = column {
        let mut name = String::new();
        for (ord, n) in by_ord {
            name.clear();
            if column.ord_to_str(ord, &mut name).unwrap_or(false) {
                *counts.entry(name.clone()).or_default() += n;
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_month_matches_chrono() {
        for seconds in [
            0,
            1_690_416_000,
            -86_400,
            541_209_661,
            951_782_400,
            4_102_444_799,
        ] {
            let date = NewsDate::from_timestamp(seconds).unwrap();
            let want = date.month();
            let (y, m) = year_month(seconds);
            assert_eq!(format!("{y:04}-{m:02}"), want, "{seconds}");
        }
    }
}
