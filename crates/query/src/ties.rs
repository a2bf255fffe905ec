//! The order of hits: by the score shown ([`shown`]), equal scores (or dates) by article
//! id, so that a ranking never depends on how the index happens to be cut into segments
//! (the number of indexing threads, merges) but only on what it holds.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::sync::Arc;

use tantivy::collector::sort_key::NaturalComparator;
use tantivy::collector::{Collector, SegmentSortKeyComputer, SortKeyComputer, TopDocs};
use tantivy::columnar::StrColumn;
use tantivy::query::Weight;
use tantivy::{DocAddress, DocId, Order, Score, SegmentReader};

use crate::scoring::{raw_floor, shown};

/// The column ties are broken by: the article id.
const ID: &str = "id";

/// A change of score that depends on the article (its date, for `--recent`): made once
/// per segment, then called for each hit with its raw score.
pub(crate) type Tweak =
    Arc<dyn Fn(&SegmentReader) -> Box<dyn Fn(DocId, Score) -> Score> + Send + Sync>;

/// The key hits are ranked by: the score shown, then the id, the smaller first.
pub(crate) type ScoreKey = (Score, Reverse<String>);

/// The top of `top` by the score shown, equal scores by id; `tweak` changes each raw
/// score first.
pub(crate) fn by_score(
    top: TopDocs,
    tweak: Option<Tweak>,
) -> impl Collector<Fruit = Vec<(ScoreKey, DocAddress)>> {
    top.order_by(ScoreThenId { tweak })
}

/// The top of `top` by the date column `date` in `order`, equal dates (and undated
/// articles, last) by id.
pub(crate) fn by_date(
    top: TopDocs,
    date: &str,
    order: Order,
) -> impl Collector<Fruit = Vec<(DateKey, DocAddress)>> {
    use tantivy::collector::sort_key::{SortByStaticFastValue, SortByString};
    top.order_by((
        (
            SortByStaticFastValue::<tantivy::DateTime>::for_field(date),
            order,
        ),
        (SortByString::for_field(ID), Order::Asc),
    ))
}

/// The key hits are ranked by in a sort by date: the date, then the id.
pub(crate) type DateKey = (Option<tantivy::DateTime>, Option<String>);

/// The scores shown and addresses of hits ranked by [`by_score`].
pub(crate) fn scored(hits: Vec<(ScoreKey, DocAddress)>) -> Vec<(Score, DocAddress)> {
    hits.into_iter().map(|((s, _), a)| (s, a)).collect()
}

fn ids(segment: &SegmentReader) -> tantivy::Result<Option<StrColumn>> {
    segment.fast_fields().str(ID)
}

/// Ranks by the score shown, then by id. Within a segment the id's place in the
/// segment's sorted list of ids stands for it; only the hits a segment keeps are given
/// their id.
struct ScoreThenId {
    tweak: Option<Tweak>,
}

/// A hit of one segment: its score shown, then its id's place, the smaller first.
type SegmentKey = (Score, Reverse<u64>);

struct Segment {
    ids: Option<StrColumn>,
    tweak: Option<Box<dyn Fn(DocId, Score) -> Score>>,
}

impl Segment {
    fn key(&self, doc: DocId, raw: Score) -> SegmentKey {
        let raw = match &self.tweak {
            Some(tweak) => tweak(doc, raw),
            None => raw,
        };
        let ord = self
            .ids
            .as_ref()
            .and_then(|c| c.ords().first(doc))
            .unwrap_or(u64::MAX);
        (shown(raw), Reverse(ord))
    }
}

impl SegmentSortKeyComputer for Segment {
    type SortKey = ScoreKey;
    type SegmentSortKey = SegmentKey;
    type SegmentComparator = NaturalComparator;

    fn segment_sort_key(&mut self, doc: DocId, score: Score) -> SegmentKey {
        self.key(doc, score)
    }

    fn convert_segment_sort_key(&self, (score, Reverse(ord)): SegmentKey) -> ScoreKey {
        let mut bytes = Vec::new();
        let id = match &self.ids {
            Some(c) if c.dictionary().ord_to_term(ord, &mut bytes).is_ok() => {
                String::from_utf8(bytes).unwrap_or_default()
            }
            _ => String::new(),
        };
        (score, Reverse(id))
    }
}

/// A segment hit in a min-heap of the best: the worst on top.
struct Entry(SegmentKey, DocId);

impl PartialEq for Entry {
    fn eq(&self, other: &Entry) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Entry) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Entry) -> Ordering {
        // Reversed: the heap's top is the worst hit kept.
        let (mine, theirs) = (&self.0, &other.0);
        theirs
            .0
            .total_cmp(&mine.0)
            .then_with(|| theirs.1.cmp(&mine.1))
    }
}

impl SortKeyComputer for ScoreThenId {
    type SortKey = ScoreKey;
    type Child = Segment;
    type Comparator = NaturalComparator;

    fn requires_scoring(&self) -> bool {
        true
    }

    fn segment_sort_key_computer(&self, segment: &SegmentReader) -> tantivy::Result<Segment> {
        Ok(Segment {
            ids: ids(segment)?,
            tweak: self.tweak.as_ref().map(|t| t(segment)),
        })
    }

    /// The best `k` hits of a segment. Without a tweak, the query may skip what cannot
    /// reach the `k`-th best score shown (tantivy's block-max WAND); hits equal to it are
    /// still seen, for their ids to decide.
    fn collect_segment_top_k(
        &self,
        k: usize,
        weight: &dyn Weight,
        reader: &SegmentReader,
        segment_ord: u32,
    ) -> tantivy::Result<Vec<(ScoreKey, DocAddress)>> {
        let segment = self.segment_sort_key_computer(reader)?;
        let mut heap: BinaryHeap<Entry> = BinaryHeap::with_capacity(k.saturating_add(1));
        if k > 0 {
            let prune = segment.tweak.is_none();
            let alive = reader.alive_bitset();
            weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    let entry = Entry(segment.key(doc, score), doc);
                    if heap.len() < k {
                        heap.push(entry);
                    } else if heap.peek().is_some_and(|worst| entry < *worst) {
                        heap.pop();
                        heap.push(entry);
                    }
                }
                match heap.peek() {
                    // Below every raw score shown as the k-th, so that equal ones still
                    // come.
                    Some(worst) if prune && heap.len() == k => raw_floor(worst.0 .0),
                    _ => Score::MIN,
                }
            })?;
        }
        Ok(heap
            .into_iter()
            .map(|Entry(key, doc)| {
                (
                    segment.convert_segment_sort_key(key),
                    DocAddress::new(segment_ord, doc),
                )
            })
            .collect())
    }
}
