//! Counts by source and by month over a whole result set, from fast fields.

use std::collections::{BTreeMap, HashMap};

use newsdex_schema::NewsDate;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// How many matching articles each source and each month has.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// `(source, count)`, most articles first, then by name.
    pub sources: Vec<(String, u64)>,
    /// Articles with no source.
    pub no_source: u64,
    /// `(YYYY-MM, count)`, in date order.
    pub months: Vec<(String, u64)>,
    /// Articles with no date.
    pub undated: u64,
    /// The earliest date among the articles.
    pub first_date: Option<NewsDate>,
    /// The latest date among the articles.
    pub last_date: Option<NewsDate>,
}

/// Collects [`Facets`] for every document a query matches.
pub(crate) struct FacetCollector;

pub(crate) struct SegmentFacets {
    sources: Option<StrColumn>,
    dates: Column<tantivy::DateTime>,
    by_ord: HashMap<u64, u64>,
    no_source: u64,
    by_month: BTreeMap<(i32, u32), u64>,
    undated: u64,
    first: Option<i64>,
    last: Option<i64>,
}

pub(crate) struct SegmentFruit {
    sources: HashMap<String, u64>,
    no_source: u64,
    by_month: BTreeMap<(i32, u32), u64>,
    undated: u64,
    first: Option<i64>,
    last: Option<i64>,
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
            sources: fast.str("source")?,
            dates: fast.date("date")?,
            by_ord: HashMap::new(),
            no_source: 0,
            by_month: BTreeMap::new(),
            undated: 0,
            first: None,
            last: None,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFruit>) -> tantivy::Result<Facets> {
        let mut sources: HashMap<String, u64> = HashMap::new();
        let mut months: BTreeMap<(i32, u32), u64> = BTreeMap::new();
        let mut facets = Facets::default();
        let (mut first, mut last): (Option<i64>, Option<i64>) = (None, None);
        for fruit in fruits {
            for (source, n) in fruit.sources {
                *sources.entry(source).or_default() += n;
            }
            for (month, n) in fruit.by_month {
                *months.entry(month).or_default() += n;
            }
            facets.no_source += fruit.no_source;
            facets.undated += fruit.undated;
            first = min_opt(first, fruit.first);
            last = max_opt(last, fruit.last);
        }
        let mut sources: Vec<(String, u64)> = sources.into_iter().collect();
        sources.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        facets.sources = sources;
        facets.months = months
            .into_iter()
            .map(|((y, m), n)| (format!("{y:04}-{m:02}"), n))
            .collect();
        facets.first_date = first.and_then(NewsDate::from_timestamp);
        facets.last_date = last.and_then(NewsDate::from_timestamp);
        Ok(facets)
    }
}

fn min_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
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
        match self.dates.first(doc) {
            Some(date) => {
                let seconds = date.into_timestamp_secs();
                *self.by_month.entry(year_month(seconds)).or_default() += 1;
                self.first = min_opt(self.first, Some(seconds));
                self.last = max_opt(self.last, Some(seconds));
            }
            None => self.undated += 1,
        }
    }

    fn harvest(self) -> SegmentFruit {
        let mut sources = HashMap::with_capacity(self.by_ord.len());
        if let Some(column) = &self.sources {
            let mut name = String::new();
            for (ord, n) in self.by_ord {
                name.clear();
                if column.ord_to_str(ord, &mut name).unwrap_or(false) {
                    *sources.entry(name.clone()).or_default() += n;
                }
            }
        }
        SegmentFruit {
            sources,
            no_source: self.no_source,
            by_month: self.by_month,
            undated: self.undated,
            first: self.first,
            last: self.last,
        }
    }
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
