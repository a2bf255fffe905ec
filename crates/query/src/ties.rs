//! The order of hits: by the score shown ([`shown`]), equal scores (or dates) by the
//! articles' [`tie_key`]s, then ids, so that a ranking never depends on how the index
//! happens to be cut into segments (the number of indexing threads, merges) but only on
//! what it holds.
//!
//! [`tie_key`]: newsdex_schema::tie_key

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering as Atomic};
use std::sync::{Arc, OnceLock};

use tantivy::collector::sort_key::{Comparator, NaturalComparator};
use tantivy::collector::{
    Collector, SegmentSortKeyComputer, SortKeyComputer, TopDocs, TopNComputer,
};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::query::Weight;
use tantivy::{DocAddress, DocId, Order, Score, SegmentReader};

use crate::scoring::{raw_floor, shown};
use crate::similar::{Mark, SegmentPrints};

/// A change of score that depends on the article (its date, for `--recent`): made once
/// per segment, then called for each hit with its raw score.
pub(crate) type Tweak =
    Arc<dyn Fn(&SegmentReader) -> Box<dyn Fn(DocId, Score) -> Score> + Send + Sync>;

/// The highest raw score under which one search's segments may skip hits, shared by
/// them: each segment raises it as its own list fills, and every segment searched
/// after (or beside) it starts from it. A million articles are cut into about ten
/// segments, each holding most of the stories that win the page; without it each
/// segment found its own best before it could skip anything.
///
/// A segment raises it only to a bound that holds for the whole index (the `k`-th best
/// hit of a page of `k`, the best hit of the `k`-th best story), so what is skipped is
/// what the merged list leaves out anyway: the list is the same whatever the order in
/// which segments are searched, on one thread or several.
struct Floor(AtomicU32);

impl Floor {
    fn new() -> Floor {
        Floor(AtomicU32::new(Floor::key(Score::MIN)))
    }

    /// `score`'s bits, ordered as the scores are (negative ones flipped whole, positive
    /// ones above them).
    fn key(score: Score) -> u32 {
        let bits = score.to_bits();
        if bits & 0x8000_0000 == 0 {
            bits | 0x8000_0000
        } else {
            !bits
        }
    }

    fn get(&self) -> Score {
        let key = self.0.load(Atomic::Relaxed);
        let bits = if key & 0x8000_0000 == 0 {
            !key
        } else {
            key & 0x7FFF_FFFF
        };
        Score::from_bits(bits)
    }

    /// Raises the floor to `score`, unless it is higher already; returns the floor.
    fn raise(&self, score: Score) -> Score {
        if score.is_nan() {
            return self.get();
        }
        self.0.fetch_max(Floor::key(score), Atomic::Relaxed);
        self.get()
    }
}

/// The key hits are ranked by: the score shown, then the tie key and id, the smaller
/// first.
pub(crate) type ScoreKey = (Score, Reverse<Id>);

/// An article's tie key and id as a sort key. Keys compare as numbers; articles of equal
/// keys by id, read from the id column only then: two ids of one segment compare by
/// their places in the segment's sorted list of ids, and only ids of different segments
/// are read, each at most once. (Reading the id of every hit a segment keeps decoded a
/// block of the list per hit, and comparing ids of copies in different segments did the
/// same: most of the time of a page on an index with many copies.)
#[derive(Clone)]
pub(crate) struct Id {
    segment: SegmentId,
    place: Place,
    column: Option<Arc<StrColumn>>,
    text: OnceLock<String>,
}

/// Where an article stands among those of its segment with equal scores: its tie key,
/// then its id's place in the segment's sorted list of ids. `u64::MAX` for what an
/// article lacks, which puts it after the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    tie: u64,
    ord: u64,
}

impl Id {
    fn text(&self) -> &str {
        self.text.get_or_init(|| {
            let mut text = String::new();
            if let Some(column) = &self.column {
                if column.ord_to_str(self.place.ord, &mut text).is_err() {
                    text.clear();
                }
            }
            text
        })
    }
}

impl Ord for Id {
    fn cmp(&self, other: &Id) -> Ordering {
        let (mine, theirs) = (self.place, other.place);
        if self.segment == other.segment || mine.tie != theirs.tie {
            return mine.cmp(&theirs);
        }
        match (mine.ord == u64::MAX, theirs.ord == u64::MAX) {
            (false, false) => self.text().cmp(other.text()),
            (mine, theirs) => mine.cmp(&theirs),
        }
    }
}

impl PartialOrd for Id {
    fn partial_cmp(&self, other: &Id) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Id {
    fn eq(&self, other: &Id) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Id {}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Id")
            .field("segment", &self.segment)
            .field("place", &self.place)
            .finish()
    }
}

/// The top of `top` by the score shown, equal scores by tie key and id; `tweak` changes
/// each raw score first.
pub(crate) fn by_score(
    top: TopDocs,
    tweak: Option<Tweak>,
) -> impl Collector<Fruit = Vec<(ScoreKey, DocAddress)>> {
    top.order_by(ScoreThenId {
        tweak,
        floor: Floor::new(),
    })
}

/// The top of `top` by the date column `date` in `order`, equal dates (and undated
/// articles, last) by tie key and id.
pub(crate) fn by_date(
    top: TopDocs,
    date: &str,
    order: Order,
) -> impl Collector<Fruit = Vec<(DateKey, DocAddress)>> {
    use tantivy::collector::sort_key::SortByStaticFastValue;
    top.order_by((
        (
            SortByStaticFastValue::<tantivy::DateTime>::for_field(date),
            order,
        ),
        ById,
    ))
}

/// The key hits are ranked by in a sort by date: the date, then the tie key and id.
pub(crate) type DateKey = (Option<tantivy::DateTime>, Reverse<Id>);

/// Sorts by tie key and id, the smaller first, as [`Id`] compares them.
struct ById;

impl SortKeyComputer for ById {
    type SortKey = Reverse<Id>;
    type Child = Columns;
    type Comparator = NaturalComparator;

    fn segment_sort_key_computer(&self, segment: &SegmentReader) -> tantivy::Result<Columns> {
        Columns::of(segment)
    }
}

impl SegmentSortKeyComputer for Columns {
    type SortKey = Reverse<Id>;
    type SegmentSortKey = Reverse<Place>;
    type SegmentComparator = NaturalComparator;

    fn segment_sort_key(&mut self, doc: DocId, _score: Score) -> Reverse<Place> {
        Reverse(self.place(doc))
    }

    fn convert_segment_sort_key(&self, Reverse(place): Reverse<Place>) -> Reverse<Id> {
        Reverse(self.id(place))
    }
}

/// The columns of a segment that order ties.
struct Columns {
    segment: SegmentId,
    ties: Option<Column<u64>>,
    ids: Option<Arc<StrColumn>>,
}

impl Columns {
    fn of(segment: &SegmentReader) -> tantivy::Result<Columns> {
        let columns = crate::columns::of(segment);
        Ok(Columns {
            segment: segment.segment_id(),
            ties: columns.tie(),
            ids: columns.id()?,
        })
    }

    fn place(&self, doc: DocId) -> Place {
        Place {
            tie: self
                .ties
                .as_ref()
                .and_then(|c| c.first(doc))
                .unwrap_or(u64::MAX),
            ord: self
                .ids
                .as_ref()
                .and_then(|c| c.ords().first(doc))
                .unwrap_or(u64::MAX),
        }
    }

    fn id(&self, place: Place) -> Id {
        Id {
            segment: self.segment,
            place,
            column: self.ids.clone(),
            text: OnceLock::new(),
        }
    }
}

/// The scores shown and addresses of hits ranked by [`by_score`].
pub(crate) fn scored(hits: Vec<(ScoreKey, DocAddress)>) -> Vec<(Score, DocAddress)> {
    hits.into_iter().map(|((s, _), a)| (s, a)).collect()
}

/// Ranks by the score shown, then by tie key and id. Within a segment the id's place in
/// the segment's sorted list of ids stands for it.
struct ScoreThenId {
    tweak: Option<Tweak>,
    /// Shared by the segments of the one search the collector serves.
    floor: Floor,
}

/// A hit of one segment: its score shown, then its place, the smaller first.
type SegmentKey = (Score, Reverse<Place>);

struct Segment {
    columns: Columns,
    tweak: Option<Box<dyn Fn(DocId, Score) -> Score>>,
}

impl Segment {
    fn key(&self, doc: DocId, raw: Score) -> SegmentKey {
        (self.shown(doc, raw), Reverse(self.columns.place(doc)))
    }

    /// The score shown of a hit, from its raw score, tweaked first.
    fn shown(&self, doc: DocId, raw: Score) -> Score {
        shown(match &self.tweak {
            Some(tweak) => tweak(doc, raw),
            None => raw,
        })
    }
}

impl SegmentSortKeyComputer for Segment {
    type SortKey = ScoreKey;
    type SegmentSortKey = SegmentKey;
    type SegmentComparator = NaturalComparator;

    fn segment_sort_key(&mut self, doc: DocId, score: Score) -> SegmentKey {
        self.key(doc, score)
    }

    /// A hit whose score shown is below the worst kept is dropped before its place is
    /// read from the columns: most hits of a long list are.
    fn compute_sort_key_and_collect<C: Comparator<SegmentKey>>(
        &mut self,
        doc: DocId,
        raw: Score,
        top: &mut TopNComputer<SegmentKey, DocId, C>,
    ) {
        let score = self.shown(doc, raw);
        if top
            .threshold
            .as_ref()
            .is_some_and(|(worst, _)| score < *worst)
        {
            return;
        }
        top.push((score, Reverse(self.columns.place(doc))), doc);
    }

    fn convert_segment_sort_key(&self, (score, Reverse(place)): SegmentKey) -> ScoreKey {
        (score, Reverse(self.columns.id(place)))
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
        rank(&other.0, &self.0)
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
            columns: Columns::of(segment)?,
            tweak: self.tweak.as_ref().map(|t| t(segment)),
        })
    }

    /// The best `k` hits of a segment. Without a tweak, the query may skip what cannot
    /// reach the `k`-th best score shown of this segment, or of any segment searched
    /// before it ([`Floor`]; tantivy's block-max WAND); hits equal to it are still seen,
    /// for their ids to decide.
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
            let start = if prune { self.floor.get() } else { Score::MIN };
            weight.for_each_pruning(start, reader, &mut |doc, score| {
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
                    Some(worst) if prune && heap.len() == k => {
                        self.floor.raise(raw_floor(worst.0 .0))
                    }
                    _ if prune => self.floor.get(),
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

/// What makes two hits exact copies, as folding tells them: the same fingerprint and
/// the same date. A hit without a fingerprint is a story of its own.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub(crate) enum CopyKey {
    Print(Mark),
    Alone(u32, DocId),
}

/// The hits, best first, of the stories [`by_story`] found, and how many stories they
/// are.
pub(crate) struct Stories {
    pub(crate) hits: Vec<(Score, DocAddress)>,
    pub(crate) stories: usize,
}

/// The hits of the best `k` stories, as [`by_score`] ranks them, a story being the hits
/// that are exact copies of each other ([`CopyKey`]) and ranked by its best hit; of each,
/// the hits that score as much as the `k`-th story's best (exact copies score alike, so
/// that is all of them); and how many stories that is (fewer than `k` when the query
/// matches fewer). A list of many copies of each story is found in one search, where a
/// page of `k` hits holds the copies of a few stories only.
///
/// The hits below the best hit of the `k`-th best story a segment has found are
/// skipped, in that segment and in those searched after it ([`Floor`]): the `k`-th story
/// of the whole index is at least as good, so none of them is in the list.
pub(crate) fn by_story(k: usize) -> StoryCollector {
    StoryCollector {
        k,
        floor: Floor::new(),
    }
}

/// The collector of [`by_story`].
pub(crate) struct StoryCollector {
    k: usize,
    /// Shared by the segments of the one search the collector serves.
    floor: Floor,
}

/// A story of a segment: what its hits copy, its best hit's key, and its hits.
struct Slot {
    copy: CopyKey,
    best: SegmentKey,
    hits: Vec<(SegmentKey, DocId)>,
}

/// `a` against `b` in rank order (score, then the tie-breaking key): the better is the
/// greater.
fn rank<T: Ord>(a: &(Score, T), b: &(Score, T)) -> Ordering {
    a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1))
}

/// The stories that tie with the `k`-th best a segment keeps at most beyond the `k`.
const TIED_STORIES: usize = 1_000;

/// The hits a story keeps at most in a segment, the best of them.
const STORY_HITS: usize = crate::request::MAX_WINDOW;

/// A segment's copy keys, from its fingerprint and date columns.
struct Prints {
    ord: u32,
    columns: SegmentPrints,
}

impl Prints {
    fn of(segment: &SegmentReader, ord: u32) -> Prints {
        Prints {
            ord,
            columns: SegmentPrints::of(segment),
        }
    }

    fn key(&self, doc: DocId) -> CopyKey {
        match self.columns.mark(doc) {
            Some(mark) => CopyKey::Print(mark),
            None => CopyKey::Alone(self.ord, doc),
        }
    }
}

/// A segment's stories while it is searched.
struct SegmentStories {
    k: usize,
    segment: Segment,
    prints: Prints,
    slots: Vec<Slot>,
    places: rustc_hash::FxHashMap<CopyKey, usize>,
    /// The best hit of the `k`-th best story, once `k` were found.
    worst: Option<SegmentKey>,
    /// How many stories the last [`SegmentStories::keep_best`] kept.
    kept: usize,
}

impl SegmentStories {
    fn collect(&mut self, doc: DocId, raw: Score) {
        let score = self.segment.shown(doc, raw);
        if self.worst.is_some_and(|(worst, _)| score < worst) {
            return;
        }
        let key = (score, Reverse(self.segment.columns.place(doc)));
        let copy = self.prints.key(doc);
        match self.places.get(&copy) {
            Some(&at) => {
                let slot = &mut self.slots[at];
                if rank(&key, &slot.best).is_gt() {
                    slot.best = key;
                }
                slot.hits.push((key, doc));
                if slot.hits.len() >= STORY_HITS.saturating_mul(2) {
                    slot.hits.sort_unstable_by(|a, b| rank(&b.0, &a.0));
                    slot.hits.truncate(STORY_HITS);
                }
            }
            None => {
                self.places.insert(copy, self.slots.len());
                self.slots.push(Slot {
                    copy,
                    best: key,
                    hits: vec![(key, doc)],
                });
                if self.slots.len() >= self.kept.max(self.k).saturating_mul(2).max(2) {
                    self.keep_best();
                }
            }
        }
    }

    /// Keeps the best `k` stories, and those whose best hit scores as much as the `k`-th's
    /// (at most [`TIED_STORIES`] more); raises the bar to the `k`-th's best hit. A story
    /// that ties with the `k`-th here may be among the best `k` of the whole index by a
    /// copy in another segment, and then each of its copies is listed.
    fn keep_best(&mut self) {
        if self.slots.len() <= self.k {
            return;
        }
        self.slots.sort_unstable_by(|a, b| rank(&b.best, &a.best));
        let Some(kth) = self.k.checked_sub(1).map(|at| self.slots[at].best) else {
            self.slots.clear();
            return;
        };
        let tied = self.slots[self.k..]
            .iter()
            .take(TIED_STORIES)
            .take_while(|slot| slot.best.0 == kth.0)
            .count();
        self.slots.truncate(self.k + tied);
        self.kept = self.slots.len();
        self.worst = Some(kth);
        // The stories moved with the sort: their places are told again.
        self.places.clear();
        for (at, slot) in self.slots.iter().enumerate() {
            self.places.insert(slot.copy, at);
        }
    }

    fn harvest(mut self) -> Vec<(ScoreKey, DocAddress, CopyKey)> {
        self.keep_best();
        let ord = self.prints.ord;
        let mut out = Vec::new();
        for slot in self.slots {
            for (key, doc) in slot.hits {
                out.push((
                    self.segment.convert_segment_sort_key(key),
                    DocAddress::new(ord, doc),
                    slot.copy,
                ));
            }
        }
        out
    }
}

/// The segment collector of [`by_story`], for when it is collected beside others
/// (a count, facets): every hit is seen.
pub(crate) struct StorySegment(Option<SegmentStories>);

impl tantivy::collector::SegmentCollector for StorySegment {
    type Fruit = Vec<(ScoreKey, DocAddress, CopyKey)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(stories) = &mut self.0 {
            stories.collect(doc, score);
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.0.map(SegmentStories::harvest).unwrap_or_default()
    }
}

impl StoryCollector {
    fn stories(&self, reader: &SegmentReader, ord: u32) -> tantivy::Result<SegmentStories> {
        Ok(SegmentStories {
            k: self.k,
            segment: Segment {
                columns: Columns::of(reader)?,
                tweak: None,
            },
            prints: Prints::of(reader, ord),
            slots: Vec::new(),
            places: rustc_hash::FxHashMap::default(),
            worst: None,
            kept: 0,
        })
    }
}

impl Collector for StoryCollector {
    type Fruit = Stories;
    type Child = StorySegment;

    fn for_segment(&self, ord: u32, reader: &SegmentReader) -> tantivy::Result<StorySegment> {
        Ok(StorySegment(
            (self.k > 0)
                .then(|| self.stories(reader, ord))
                .transpose()?,
        ))
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    /// Alone, a segment skips the stretches of articles that cannot reach the best `k`
    /// stories' worst, its own or the [`Floor`] (tantivy's block-max WAND); hits equal to
    /// it still come, for their ids to decide and as copies of a story kept.
    fn collect_segment(
        &self,
        weight: &dyn Weight,
        ord: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<Vec<(ScoreKey, DocAddress, CopyKey)>> {
        if self.k == 0 {
            return Ok(Vec::new());
        }
        let mut stories = self.stories(reader, ord)?;
        let alive = reader.alive_bitset();
        weight.for_each_pruning(self.floor.get(), reader, &mut |doc, score| {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                stories.collect(doc, score);
            }
            match stories.worst {
                Some((worst, _)) => self.floor.raise(raw_floor(worst)),
                None => self.floor.get(),
            }
        })?;
        Ok(stories.harvest())
    }

    fn merge_fruits(
        &self,
        fruits: Vec<Vec<(ScoreKey, DocAddress, CopyKey)>>,
    ) -> tantivy::Result<Stories> {
        let mut all: Vec<_> = fruits.into_iter().flatten().collect();
        all.sort_by(|(a, _, _), (b, _, _)| rank(b, a));
        // The best `k` stories, by their best hits, and the score of the `k`-th's.
        let mut best = rustc_hash::FxHashSet::default();
        let mut worst = Score::MIN;
        for ((score, _), _, copy) in &all {
            if best.len() == self.k {
                break;
            }
            if best.insert(*copy) {
                worst = *score;
            }
        }
        let bar = if best.len() == self.k {
            worst
        } else {
            Score::MIN
        };
        let hits = all
            .into_iter()
            .filter(|((score, _), _, copy)| *score >= bar && best.contains(copy))
            .map(|((score, _), address, _)| (score, address))
            .collect();
        Ok(Stories {
            hits,
            stories: best.len(),
        })
    }
}
