//! How segments are merged: tantivy's log merge policy (segments of like size, eight at a
//! time), with each merge bounded in size, so that the memory a merge takes does not grow
//! with the index.
//!
//! A merge reads its segments through memory maps, and every page of them it reads counts
//! in the process's resident memory until the merged segments are dropped: an unbounded
//! merge of a million articles held 467 MB of such pages. Merges here take at most
//! [`MAX_MERGED_DOCS`] articles, one merge at a time (see [`NewsIndex::writer`]), so what a
//! merge maps stays below the size of that many articles' segments. A segment of more
//! than half that many articles is left as it is, unless deletions took a third of it.
//!
//! [`NewsIndex::writer`]: crate::NewsIndex::writer

use std::collections::HashMap;

use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::merge_policy::{LogMergePolicy, MergeCandidate, MergePolicy};

/// The most articles a merge takes, and so the most a merged segment holds: about
/// 126 MB of segment files for articles like Reuters' (630 bytes of index an article).
pub const MAX_MERGED_DOCS: u32 = 200_000;

/// A merge joins at least this many segments of a level (tantivy's default is 8): small
/// writer budgets write many small segments, and a collection of ten thousands of
/// articles is searched in a few segments rather than in eight.
const MIN_MERGED: usize = 6;

/// A segment with this share of its articles deleted is rewritten, however big.
const DELETED_RATIO: f32 = 1.0 / 3.0;

/// The merge policy of every writer: see the module's documentation.
#[derive(Debug)]
pub(crate) struct BoundedMerges {
    inner: LogMergePolicy,
    max_docs: u32,
}

impl BoundedMerges {
    pub(crate) fn new(max_docs: u32) -> BoundedMerges {
        let mut inner = LogMergePolicy::default();
        inner.set_max_docs_before_merge((max_docs / 2) as usize);
        inner.set_min_num_segments(MIN_MERGED);
        BoundedMerges { inner, max_docs }
    }
}

impl Default for BoundedMerges {
    fn default() -> Self {
        BoundedMerges::new(MAX_MERGED_DOCS)
    }
}

impl MergePolicy for BoundedMerges {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let docs: HashMap<SegmentId, u32> =
            segments.iter().map(|s| (s.id(), s.num_docs())).collect();
        let mut merges = Vec::new();
        for MergeCandidate(ids) in self.inner.compute_merge_candidates(segments) {
            // Cut each of the log policy's merges into merges of at most `max_docs`.
            let mut chunk: Vec<SegmentId> = Vec::new();
            let mut held = 0u32;
            for id in ids {
                let n = docs.get(&id).copied().unwrap_or(0);
                if !chunk.is_empty() && held.saturating_add(n) > self.max_docs {
                    if chunk.len() > 1 {
                        merges.push(MergeCandidate(std::mem::take(&mut chunk)));
                    }
                    chunk.clear();
                    held = 0;
                }
                chunk.push(id);
                held = held.saturating_add(n);
            }
            if chunk.len() > 1 {
                merges.push(MergeCandidate(chunk));
            }
        }
        // Big segments that deletions hollowed out are rewritten on their own.
        let merging: Vec<SegmentId> = merges.iter().flat_map(|m| m.0.iter().copied()).collect();
        for segment in segments {
            let deleted = segment.num_deleted_docs() as f32;
            if !merging.contains(&segment.id())
                && segment.num_docs() > self.max_docs / 2
                && deleted > DELETED_RATIO * segment.max_doc() as f32
            {
                merges.push(MergeCandidate(vec![segment.id()]));
            }
        }
        merges
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, STRING};
    use tantivy::{doc, Index, IndexWriter};

    /// Segment metas of the given sizes, as an index made of that many segments has them.
    fn segments(sizes: &[u32]) -> Vec<SegmentMeta> {
        let mut schema = Schema::builder();
        let id = schema.add_text_field("id", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
        for (s, &size) in sizes.iter().enumerate() {
            for d in 0..size {
                writer.add_document(doc!(id => format!("{s}-{d}"))).unwrap();
            }
            writer.commit().unwrap();
        }
        index.searchable_segment_metas().unwrap()
    }

    fn merged_sizes(policy: &BoundedMerges, metas: &[SegmentMeta]) -> Vec<u32> {
        let docs: HashMap<SegmentId, u32> = metas.iter().map(|s| (s.id(), s.num_docs())).collect();
        let mut sizes: Vec<u32> = policy
            .compute_merge_candidates(metas)
            .iter()
            .map(|m| m.0.iter().map(|id| docs[id]).sum())
            .collect();
        sizes.sort_unstable();
        sizes
    }

    #[test]
    fn merges_take_at_most_the_bound() {
        let metas = segments(&[10; 16]);
        // The log policy alone merges the sixteen like segments at once.
        let log = LogMergePolicy::default();
        let unbounded: Vec<usize> = log
            .compute_merge_candidates(&metas)
            .iter()
            .map(|m| m.0.len())
            .collect();
        assert_eq!(unbounded.iter().sum::<usize>(), 16);
        assert!(unbounded.iter().any(|&n| n >= 8), "{unbounded:?}");
        // Bounded at 30 articles: merges of three segments, none above the bound.
        let sizes = merged_sizes(&BoundedMerges::new(30), &metas);
        assert!(!sizes.is_empty());
        assert!(sizes.iter().all(|&n| (20..=30).contains(&n)), "{sizes:?}");
    }

    #[test]
    fn a_few_like_segments_are_merged() {
        // Six segments of one level are merged (tantivy's log policy waits for eight);
        // five are left as they are.
        assert_eq!(
            merged_sizes(&BoundedMerges::default(), &segments(&[10; 6])),
            [60]
        );
        assert!(merged_sizes(&BoundedMerges::default(), &segments(&[10; 5])).is_empty());
    }

    #[test]
    fn segments_over_half_the_bound_stay_as_they_are() {
        let metas = segments(&[20, 20, 20, 20, 20, 20, 20, 20, 2, 2, 2, 2, 2, 2, 2, 2]);
        let sizes = merged_sizes(&BoundedMerges::new(30), &metas);
        // Only the small ones merge.
        assert_eq!(sizes, vec![16], "{sizes:?}");
    }
}
