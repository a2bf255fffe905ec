//! Counts by source, by language and by month over a whole result set, from fast fields.

use std::collections::{BTreeMap, HashMap};

use newsdex_schema::NewsDate;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, COLLECT_BLOCK_BUFFER_LEN};

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

/// Collects [`Facets`] for every document a query matches, from the source, language
/// and date columns.
pub(crate) struct FacetCollector;

pub(crate) struct SegmentFacets {
    sources: Option<StrColumn>,
    languages: Option<StrColumn>,
    dates: Column<tantivy::DateTime>,
    /// Articles by the ordinal of their source in the segment's column.
    by_source: Vec<u64>,
    no_source: u64,
    /// Articles by the ordinal of their language.
    by_language: Vec<u64>,
    no_language: u64,
    /// Articles by month, counted by the month's place from the segment's first.
    months: MonthSlots,
    dated: DateCounts,
}

/// Counts by month over the span of a segment's dates, one slot a month: no map to look
/// up for each article.
struct MonthSlots {
    /// The first month of the span, as `year * 12 + month - 1`.
    first: i64,
    counts: Vec<u64>,
}

/// A segment whose dates span more months than this counts them in a map instead.
const MAX_MONTH_SLOTS: i64 = 12 * 400;

impl MonthSlots {
    fn of(dates: &Column<tantivy::DateTime>) -> MonthSlots {
        if dates.num_docs() == 0 {
            return MonthSlots {
                first: 0,
                counts: Vec::new(),
            };
        }
        let first = month_number(dates.min_value().into_timestamp_secs());
        let last = month_number(dates.max_value().into_timestamp_secs());
        let span = last - first + 1;
        let slots = if (1..=MAX_MONTH_SLOTS).contains(&span) {
            span
        } else {
            0
        };
        MonthSlots {
            first,
            counts: vec![0; slots as usize],
        }
    }

    /// Counts `n` articles of a month, `false` if it is outside the slots.
    fn add(&mut self, month: i64, n: u64) -> bool {
        match usize::try_from(month - self.first)
            .ok()
            .and_then(|i| self.counts.get_mut(i))
        {
            Some(count) => {
                *count += n;
                true
            }
            None => false,
        }
    }

    fn into_months(self, by_month: &mut BTreeMap<i64, u64>) {
        for (i, count) in self.counts.into_iter().enumerate() {
            if count > 0 {
                *by_month.entry(self.first + i as i64).or_default() += count;
            }
        }
    }
}

/// The Unix timestamp of the start of a month numbered as [`month_number`] numbers them
/// (Howard Hinnant's `days_from_civil`).
fn month_start(month: i64) -> i64 {
    let (year, month) = (month.div_euclid(12), month.rem_euclid(12) + 1);
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    // Months from March, whose first days fall the same in every year.
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * 86_400
}

/// `year * 12 + month - 1` of a Unix timestamp.
fn month_number(seconds: i64) -> i64 {
    let (year, month) = year_month(seconds);
    i64::from(year) * 12 + i64::from(month) - 1
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
    /// Articles by month, as [`month_number`] numbers months.
    by_month: BTreeMap<i64, u64>,
    undated: u64,
    first: Option<i64>,
    last: Option<i64>,
    /// The month of the article counted last: its number, and the seconds it starts and
    /// ends at (end excluded). Articles next to each other are most often of one month,
    /// told by two comparisons instead of the calendar's arithmetic.
    month: Option<(i64, i64, i64)>,
}

impl DateCounts {
    /// Counts `n` articles dated `seconds` after the Unix epoch, or undated; their month
    /// in `slots` where it has one.
    fn add(&mut self, seconds: Option<i64>, n: u64, slots: &mut MonthSlots) {
        let Some(seconds) = seconds else {
            self.undated += n;
            return;
        };
        let month = match self.month {
            Some((month, start, end)) if (start..end).contains(&seconds) => month,
            _ => {
                let month = month_number(seconds);
                self.month = Some((month, month_start(month), month_start(month + 1)));
                month
            }
        };
        if !slots.add(month, n) {
            *self.by_month.entry(month).or_default() += n;
        }
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
        let columns = crate::columns::of(segment);
        let sources = columns.source()?;
        let languages = columns.lang()?;
        let dates = columns.date().ok_or_else(|| {
            tantivy::TantivyError::SchemaError(format!(
                "no date column in segment {}",
                segment.segment_id().short_uuid_string()
            ))
        })?;
        let slots =
            |column: &Option<StrColumn>| vec![0; column.as_ref().map_or(0, |c| c.num_terms())];
        Ok(SegmentFacets {
            by_source: slots(&sources),
            by_language: slots(&languages),
            months: MonthSlots::of(&dates),
            sources,
            languages,
            dates,
            no_source: 0,
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
                .map(|(month, count)| MonthCount {
                    month: format!(
                        "{:04}-{:02}",
                        month.div_euclid(12),
                        month.rem_euclid(12) + 1
                    ),
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
        self.collect_block(&[doc]);
    }

    /// Reads each column for the block at once.
    fn collect_block(&mut self, docs: &[DocId]) {
        let mut ords = [None; COLLECT_BLOCK_BUFFER_LEN];
        let mut dates = [None; COLLECT_BLOCK_BUFFER_LEN];
        for docs in docs.chunks(COLLECT_BLOCK_BUFFER_LEN) {
            let ords = &mut ords[..docs.len()];
            for (column, counts, missing) in [
                (&self.sources, &mut self.by_source, &mut self.no_source),
                (
                    &self.languages,
                    &mut self.by_language,
                    &mut self.no_language,
                ),
            ] {
                ords.fill(None);
                if let Some(column) = column {
                    column.ords().first_vals(docs, ords);
                }
                for (ord, run) in runs(ords.iter().copied()) {
                    match ord.and_then(|o| counts.get_mut(o as usize)) {
                        Some(count) => *count += run,
                        None => *missing += run,
                    }
                }
            }
            let dates = &mut dates[..docs.len()];
            dates.fill(None);
            self.dates.first_vals(docs, dates);
            let seconds = dates.iter().map(|d| d.map(|d| d.into_timestamp_secs()));
            for (seconds, run) in runs(seconds) {
                self.dated.add(seconds, run, &mut self.months);
            }
        }
    }

    fn harvest(self) -> SegmentFruit {
        let mut dated = self.dated;
        self.months.into_months(&mut dated.by_month);
        SegmentFruit {
            sources: by_name(self.sources.as_ref(), self.by_source),
            no_source: self.no_source,
            languages: by_name(self.languages.as_ref(), self.by_language),
            no_language: self.no_language,
            dated,
        }
    }
}

/// The runs of equal values of `values`, each with its length. The articles of a block
/// most often share their source and language: a count added once a run, not once an
/// article, spares adding one to the same place in memory over and over (each add
/// waiting for the one before), which was a third of the time of counting facets over a
/// million articles.
fn runs<T: PartialEq + Copy>(values: impl Iterator<Item = T>) -> impl Iterator<Item = (T, u64)> {
    let mut values = values.peekable();
    std::iter::from_fn(move || {
        let value = values.next()?;
        let mut run = 1;
        while values.next_if(|next| *next == value).is_some() {
            run += 1;
        }
        Some((value, run))
    })
}

/// Counts by ordinal of a string column, as counts by its strings.
fn by_name(column: Option<&StrColumn>, by_ord: Vec<u64>) -> HashMap<String, u64> {
    let mut counts = HashMap::new();
    if let Some(column) = column {
        let mut name = String::new();
        for (ord, n) in by_ord.into_iter().enumerate().filter(|(_, n)| *n > 0) {
            name.clear();
            if column.ord_to_str(ord as u64, &mut name).unwrap_or(false) {
                *counts.entry(name.clone()).or_default() += n;
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts over three segments (one of dates far apart, one with no dates at all)
    /// are those of the articles counted one by one.
    #[test]
    fn counts_are_those_of_the_articles_one_by_one() {
        use newsdex_schema::{Article, NewsIndex};
        use tantivy::query::AllQuery;
        let index = NewsIndex::create_in_ram();
        let mut writer: tantivy::IndexWriter = index.tantivy().writer(15_000_000).unwrap();
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        let mut articles = Vec::new();
        let segments: [&[&str]; 3] = [
            &["1987-03-01", "1987-03-31", "1987-04-01", "", "1988-12-31"],
            &["old", "2023-07-27", "", "1969-12-31", "1970-01-01", "new"],
            &["", ""],
        ];
        for (s, dates) in segments.iter().enumerate() {
            for (i, date) in dates.iter().enumerate() {
                let mut article = Article::new(format!("article {s} {i}"));
                if !date.is_empty() {
                    // Dates 470 years apart, further than a date is read from text.
                    let date = match *date {
                        "old" => NewsDate::from_timestamp(-9_146_304_000),
                        "new" => NewsDate::from_timestamp(5_694_537_600),
                        date => NewsDate::parse(date),
                    }
                    .unwrap();
                    article = article.with_date(date);
                }
                if i % 3 != 1 {
                    article = article.with_source(["AP", "Reuters"][i % 2]);
                }
                writer
                    .add_document(index.fields().to_document(&article))
                    .unwrap();
                articles.push(article);
            }
            writer.commit().unwrap();
        }
        let searcher = index.tantivy().reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        let facets = searcher.search(&AllQuery, &FacetCollector).unwrap();
        // Each value's articles, and those without one.
        let one_by_one = |value: &dyn Fn(&Article) -> Option<String>| {
            let mut counts: BTreeMap<String, u64> = BTreeMap::new();
            let mut without = 0;
            for article in &articles {
                match value(article) {
                    Some(v) => *counts.entry(v).or_default() += 1,
                    None => without += 1,
                }
            }
            (counts, without)
        };
        let months = facets.months.iter().map(|m| (m.month.clone(), m.count));
        assert_eq!(
            (months.collect(), facets.undated),
            one_by_one(&|a| a.date.as_ref().map(|d| d.month()))
        );
        let sources = facets.sources.iter().map(|s| (s.source.clone(), s.count));
        assert_eq!(
            (sources.collect(), facets.no_source),
            one_by_one(&|a| a.source.clone())
        );
        assert_eq!(facets.first_date.unwrap().month(), "1680-03");
        assert_eq!(facets.last_date.unwrap().month(), "2150-06");
    }

    #[test]
    fn runs_are_the_values_told_once_a_run() {
        let values = [1, 1, 2, 2, 2, 1, 3, 3];
        let told: Vec<(i32, u64)> = runs(values.iter().copied()).collect();
        assert_eq!(told, [(1, 2), (2, 3), (1, 1), (3, 2)]);
        assert_eq!(runs(std::iter::empty::<i32>()).count(), 0);
        let again: Vec<i32> = told
            .iter()
            .flat_map(|&(v, n)| std::iter::repeat_n(v, n as usize))
            .collect();
        assert_eq!(again, values);
    }

    /// Instants from 1680 to 2150, either side of the epoch, month ends among them.
    const INSTANTS: [i64; 8] = [
        0,
        1_690_416_000,
        -86_400,
        541_209_661,
        951_782_400,
        4_102_444_799,
        -9_146_304_000,
        5_694_537_600,
    ];

    #[test]
    fn a_month_starts_where_the_calendar_starts_it() {
        for seconds in INSTANTS {
            let month = month_number(seconds);
            let (start, end) = (month_start(month), month_start(month + 1));
            assert!(start <= seconds && seconds < end, "{seconds}");
            let first = NewsDate::from_timestamp(start).unwrap();
            assert_eq!(
                first.month(),
                NewsDate::from_timestamp(seconds).unwrap().month()
            );
            assert!(NewsDate::from_timestamp(start - 1).unwrap().month() < first.month());
            assert_eq!(month_number(end - 1), month);
            assert_eq!(month_number(end), month + 1);
        }
    }

    #[test]
    fn year_month_matches_chrono() {
        for seconds in INSTANTS {
            let date = NewsDate::from_timestamp(seconds).unwrap();
            let want = date.month();
            let (y, m) = year_month(seconds);
            assert_eq!(format!("{y:04}-{m:02}"), want, "{seconds}");
        }
    }
}
