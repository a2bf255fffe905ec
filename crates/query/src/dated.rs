//! [`DatedIn`]: the articles dated within a span, read from the date column of each
//! segment into a bit set once, then kept with the segment's columns for the searches
//! that ask for the same span.
//!
//! tantivy's range query over a column answers "is this article in the span?" by reading
//! the article's date where it is asked: once for each article of the page's tier, and
//! again for each article the total counts. For `oil prices` in April 1987 on a million
//! Reuters articles that was a third of the search. A bit set of the span's articles is
//! read from the column in one pass over it, and testing an article against it costs a
//! load; a page and its count share it, and so do the next searches of the span, such as
//! those of a reader who narrowed a search to a month and goes on typing.

use std::ops::RangeInclusive;
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::BitSet;
use tantivy::{DateTime, DocId, DocSet, Score, SegmentReader, TantivyError};

/// The spans whose bit sets a segment keeps, the last asked for; each takes a bit per
/// article of the segment (125 kB a million articles).
const KEPT_SPANS: usize = 4;

/// The articles whose date is in `span`; undated articles never are.
#[derive(Clone, Debug)]
pub(crate) struct DatedIn {
    span: RangeInclusive<DateTime>,
}

impl DatedIn {
    /// The articles dated from `lower` (included) to `upper` (excluded); no bound where
    /// `None`.
    pub(crate) fn new(lower: Option<DateTime>, upper: Option<DateTime>) -> DatedIn {
        let first = lower.unwrap_or(DateTime::MIN);
        let last = upper.map_or(DateTime::MAX, |u| {
            DateTime::from_timestamp_nanos(u.into_timestamp_nanos().saturating_sub(1))
        });
        DatedIn { span: first..=last }
    }
}

impl Query for DatedIn {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(DatedWeight {
            span: self.span.clone(),
        }))
    }
}

struct DatedWeight {
    span: RangeInclusive<DateTime>,
}

impl Weight for DatedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let set = crate::columns::of(reader).dated_in(&self.span, reader.max_doc());
        Ok(Box::new(ConstScorer::new(
            BitSetDocSet::from(BitSet::clone(&set)),
            boost,
        )))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "article {doc} is not dated within the span"
            )));
        }
        Ok(Explanation::new("DatedIn", scorer.score()))
    }
}

/// The bit sets of the spans a segment was last asked for, the latest first.
#[derive(Default)]
pub(crate) struct Spans(Mutex<Vec<(RangeInclusive<DateTime>, Arc<BitSet>)>>);

impl Spans {
    /// The articles of a segment of `max_doc` articles, dated by `dates`, whose date is
    /// in `span`: kept, or read from the column (and kept).
    pub(crate) fn get(
        &self,
        span: &RangeInclusive<DateTime>,
        dates: Option<&tantivy::columnar::Column<DateTime>>,
        max_doc: DocId,
    ) -> Arc<BitSet> {
        {
            let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(at) = kept.iter().position(|(kept, _)| kept == span) {
                let entry = kept.remove(at);
                let set = Arc::clone(&entry.1);
                kept.insert(0, entry);
                return set;
            }
        }
        // Read outside the lock: another search may read the same span meanwhile, and
        // both find the same articles.
        let set = Arc::new(read(span, dates, max_doc));
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        kept.retain(|(kept, _)| kept != span);
        kept.insert(0, (span.clone(), Arc::clone(&set)));
        kept.truncate(KEPT_SPANS);
        set
    }
}

/// The articles dated in `span`, by one pass over `dates`.
fn read(
    span: &RangeInclusive<DateTime>,
    dates: Option<&tantivy::columnar::Column<DateTime>>,
    max_doc: DocId,
) -> BitSet {
    let mut set = BitSet::with_max_value(max_doc);
    let Some(dates) = dates else {
        return set;
    };
    // A span reaching past the column's dates is read as far as the dates go: beyond
    // them, a column's codes would clamp to its first or last date and find those.
    let first = (*span.start()).max(dates.min_value());
    let last = (*span.end()).min(dates.max_value());
    if first > last {
        return set;
    }
    let within = first..=last;
    let mut docs = Vec::new();
    // A stretch at a time, for a bounded list of articles.
    const STRETCH: DocId = 1 << 16;
    let mut start: DocId = 0;
    while start < max_doc {
        let end = start.saturating_add(STRETCH).min(max_doc);
        docs.clear();
        dates.get_docids_for_value_range(within.clone(), start..end, &mut docs);
        for &doc in &docs {
            set.insert(doc);
        }
        start = end;
    }
    set
}

#[cfg(test)]
mod tests {
    use tantivy::collector::{Count, DocSetCollector};
    use tantivy::query::{Query, RangeQuery};
    use tantivy::schema::{DateOptions, DateTimePrecision, Schema};
    use tantivy::{doc, DateTime, Index, Term};

    use super::*;

    /// Articles dated a day apart over three years, some undated, in three segments.
    fn index() -> (Index, tantivy::schema::Field) {
        let mut schema = Schema::builder();
        let date = schema.add_date_field(
            "date",
            DateOptions::default()
                .set_indexed()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        );
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        let day = 86_400;
        for segment in 0..3 {
            for n in 0..400i64 {
                if n % 7 == 3 {
                    writer.add_document(doc!()).unwrap();
                } else {
                    let at = 536_457_600 + (segment * 400 + n) * day + n % 5 * 3_600;
                    writer
                        .add_document(doc!(date => DateTime::from_timestamp_secs(at)))
                        .unwrap();
                }
            }
            writer.commit().unwrap();
        }
        (index, date)
    }

    #[test]
    fn a_span_holds_the_articles_a_range_query_finds() {
        let (index, date) = index();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        let bound = |secs: i64| Term::from_field_date(date, DateTime::from_timestamp_secs(secs));
        let day = 86_400;
        let starts = [
            536_457_600 - day,
            536_457_600,
            536_457_600 + 399 * day + 7_200,
        ];
        for lower in starts.iter().copied().map(Some).chain([None]) {
            for days in [Some(0), Some(1), Some(31), Some(400), Some(2_000), None] {
                let upper = days.map(|days| lower.unwrap_or(536_457_600) + days * day);
                let range = RangeQuery::new(
                    lower.map_or(std::ops::Bound::Included(bound(-1_000_000_000)), |l| {
                        std::ops::Bound::Included(bound(l))
                    }),
                    upper.map_or(std::ops::Bound::Unbounded, |u| {
                        std::ops::Bound::Excluded(bound(u))
                    }),
                );
                let at = |secs: i64| DateTime::from_timestamp_secs(secs);
                let span = DatedIn::new(lower.map(at), upper.map(at));
                let expected = searcher.search(&range, &DocSetCollector).unwrap();
                // Twice: read, then kept.
                for _ in 0..2 {
                    assert_eq!(
                        searcher.search(&span, &DocSetCollector).unwrap(),
                        expected,
                        "from {lower:?}, {days:?} days"
                    );
                }
                assert_eq!(
                    span.count(&searcher).unwrap(),
                    range.count(&searcher).unwrap()
                );
            }
        }
        // Undated articles are in no span, open at both ends or not.
        let all = DatedIn::new(None, None);
        assert_eq!(searcher.search(&all, &Count).unwrap(), 3 * 400 - 3 * 57);
    }

    #[test]
    fn a_segment_keeps_the_last_spans_asked_for() {
        let spans = Spans::default();
        let secs = |first: i64, last: i64| {
            DateTime::from_timestamp_secs(first)..=DateTime::from_timestamp_secs(last)
        };
        let first = spans.get(&secs(0, 10), None, 100);
        assert!(Arc::ptr_eq(&first, &spans.get(&secs(0, 10), None, 100)));
        for n in 1..KEPT_SPANS as i64 {
            spans.get(&secs(n, 10), None, 100);
        }
        // Asked for again, the first is the latest: one more pushes out the oldest, `1..=10`.
        assert!(Arc::ptr_eq(&first, &spans.get(&secs(0, 10), None, 100)));
        spans.get(&secs(50, 60), None, 100);
        assert!(Arc::ptr_eq(&first, &spans.get(&secs(0, 10), None, 100)));
        assert_eq!(spans.0.lock().unwrap().len(), KEPT_SPANS);
        assert!(!spans
            .0
            .lock()
            .unwrap()
            .iter()
            .any(|(span, _)| *span == secs(1, 10)));
    }
}
