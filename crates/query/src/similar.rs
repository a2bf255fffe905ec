//! Near-duplicates folded into the best hit of their story. Copies of one wire story
//! (republished, corrected, re-sent) carry fingerprints that differ in few bits
//! ([`newsdex_schema::print`]) and are dated within days of each other; a page is cut
//! from a longer list of hits in which each hit that is a copy of an earlier one kept
//! joins it instead of taking a place of its own. The dates keep apart the reports a
//! desk files every week in one form (`EIA SAYS DISTILLATE, GAS STOCKS OFF IN WEEK`).

use std::collections::BTreeMap;

use newsdex_schema::print::near;
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentReader};

use crate::Result;

/// The field an article's id is indexed in.
const ID: &str = "id";

/// Copies of a story are dated no further apart than this (in seconds: three days).
const COPY_SECONDS: i64 = 3 * 24 * 60 * 60;

/// A hit kept, and the addresses of the near-duplicates folded into it, in rank order.
pub(crate) struct Folded {
    pub(crate) score: Score,
    pub(crate) address: DocAddress,
    pub(crate) similar: Vec<DocAddress>,
}

/// The fingerprint and date columns of a searcher's segments.
pub(crate) struct Prints(Vec<SegmentPrints>);

/// One segment's fingerprint and date columns (`None` where the segment has none).
pub(crate) struct SegmentPrints {
    prints: Option<Column<u64>>,
    dates: Option<Column<tantivy::DateTime>>,
}

/// What tells a copy: the fingerprint, and the date in seconds.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub(crate) struct Mark {
    print: u64,
    date: Option<i64>,
}

impl Mark {
    fn copies(self, other: Mark) -> bool {
        near(self.print, other.print)
            && match (self.date, other.date) {
                (Some(a), Some(b)) => (a - b).abs() <= COPY_SECONDS,
                _ => true,
            }
    }
}

impl SegmentPrints {
    pub(crate) fn of(segment: &SegmentReader) -> SegmentPrints {
        let columns = crate::columns::of(segment);
        SegmentPrints {
            prints: columns.print(),
            dates: columns.date(),
        }
    }

    /// The mark of the article `doc`; `None` for one without a fingerprint (too short
    /// a text).
    pub(crate) fn mark(&self, doc: DocId) -> Option<Mark> {
        let print = self.prints.as_ref()?.first(doc)?;
        let date = self
            .dates
            .as_ref()
            .and_then(|d| d.first(doc))
            .map(|d| d.into_timestamp_secs());
        Some(Mark { print, date })
    }
}

impl Prints {
    pub(crate) fn of(searcher: &Searcher) -> Prints {
        Prints(
            searcher
                .segment_readers()
                .iter()
                .map(SegmentPrints::of)
                .collect(),
        )
    }

    fn get(&self, address: DocAddress) -> Option<Mark> {
        self.0
            .get(address.segment_ord as usize)?
            .mark(address.doc_id)
    }
}

/// A hit is compared with this many of the hits kept before it, the nearest first:
/// copies of a story score alike and are dated alike, so they stand close together in any
/// order, and the bound keeps folding a page deep in a long list linear in its length.
const NEIGHBOURS: usize = 256;

/// `hits` (in rank order) with each hit that copies one of the [`NEIGHBOURS`] kept before
/// it folded into it. A hit without a fingerprint (too short a text) is never folded.
/// Folding a list's start gives the start of folding the whole list, so pages cut from
/// lists of any length agree.
pub(crate) fn fold(prints: &Prints, hits: Vec<(Score, DocAddress)>) -> Vec<Folded> {
    let mut kept: Vec<(Option<Mark>, Folded)> = Vec::with_capacity(hits.len());
    for (score, address) in hits {
        let print = prints.get(address);
        if let Some(print) = print {
            if let Some((_, story)) = kept
                .iter_mut()
                .rev()
                .take(NEIGHBOURS)
                .find(|(other, _)| other.is_some_and(|other| print.copies(other)))
            {
                story.similar.push(address);
                continue;
            }
        }
        kept.push((
            print,
            Folded {
                score,
                address,
                similar: Vec::new(),
            },
        ));
    }
    kept.into_iter().map(|(_, folded)| folded).collect()
}

/// Those of `hits` that are copies of the article at `of` (as [`fold`] tells them),
/// never that article itself.
pub(crate) fn copies_of(prints: &Prints, of: DocAddress, hits: &[DocAddress]) -> Vec<DocAddress> {
    let Some(mark) = prints.get(of) else {
        return Vec::new();
    };
    hits.iter()
        .copied()
        .filter(|hit| *hit != of && prints.get(*hit).is_some_and(|m| m.copies(mark)))
        .collect()
}

/// How many terms on from the last one found a dictionary's stream is walked to the
/// next ordinal asked for, before the ordinal is looked up alone instead.
const STREAMED_TERMS: u64 = 16;

/// How many more ordinals near the one looked up make a stream from it worth opening.
const STREAMED_RUN: usize = 2;

/// Sets `ids[i]` to the term of each ordinal of `places`, `(ordinal, i)`. Sorted, the
/// ordinals asked for come in runs: the copies of a story have ids that sort together
/// (`reuters-5792`, `reuters-5792-r2`, ...), and after the first of a run of three or
/// more is found by its ordinal, the next ones are the next terms of a stream from it,
/// each a step on where a lookup by ordinal walks the dictionary from its root.
fn ids_by_ord(
    terms: &tantivy::termdict::TermDictionary,
    mut places: Vec<(u64, usize)>,
    ids: &mut [String],
) -> Result<()> {
    places.sort_unstable();
    let mut bytes = Vec::new();
    // A stream and the ordinal of the term it stands on.
    let mut stream: Option<(tantivy::termdict::TermStreamer<'_>, u64)> = None;
    for (at, &(ord, i)) in places.iter().enumerate() {
        if let Some((terms, at)) = &mut stream {
            if (*at..=at.saturating_add(STREAMED_TERMS)).contains(&ord) {
                while *at < ord && terms.advance() {
                    *at += 1;
                }
                if *at == ord {
                    ids[i] = String::from_utf8_lossy(terms.key()).into_owned();
                    continue;
                }
            }
        }
        stream = None;
        if terms.ord_to_term(ord, &mut bytes)? {
            ids[i] = String::from_utf8_lossy(&bytes).into_owned();
            // Opening a stream costs about what a lookup does: worth it for a run of
            // three or more.
            let run = places[at + 1..]
                .iter()
                .take(STREAMED_RUN)
                .take_while(|(next, _)| *next <= ord.saturating_add(STREAMED_TERMS))
                .count();
            if run < STREAMED_RUN {
                continue;
            }
            let mut from = terms.range().ge(&bytes).into_stream()?;
            if from.advance() && from.key() == bytes.as_slice() {
                stream = Some((from, ord));
            }
        }
    }
    Ok(())
}

/// The ids of the articles at `addresses`, read from the id column. A column's term
/// ordinals name the same sorted ids as the `id` field's term dictionary when the two
/// hold as many, and that dictionary finds an id by its ordinal without decoding a
/// block; otherwise (an id too long to be indexed, say) each segment's ids are read
/// in one pass over the column's own sorted list, a block decoded once however many
/// of its ids are asked for.
pub(crate) fn ids(searcher: &Searcher, addresses: &[DocAddress]) -> Result<Vec<String>> {
    let mut ids = vec![String::new(); addresses.len()];
    let mut wanted: BTreeMap<u32, Vec<(DocId, usize)>> = BTreeMap::new();
    for (i, address) in addresses.iter().enumerate() {
        wanted
            .entry(address.segment_ord)
            .or_default()
            .push((address.doc_id, i));
    }
    let field = searcher.schema().get_field(ID).ok();
    for (segment_ord, docs) in wanted {
        let segment = searcher.segment_reader(segment_ord);
        let Some(column) = crate::columns::of(segment).id()? else {
            continue;
        };
        let mut places: Vec<(u64, usize)> = docs
            .into_iter()
            .filter_map(|(doc, i)| Some((column.term_ords(doc).next()?, i)))
            .collect();
        let inverted = match field {
            Some(field) => Some(segment.inverted_index(field)?),
            None => None,
        };
        if let Some(inverted) = inverted
            .filter(|inverted| inverted.terms().num_terms() == column.dictionary().num_terms())
        {
            ids_by_ord(inverted.terms(), places, &mut ids)?;
            continue;
        }
        places.sort_unstable();
        let mut ords: Vec<u64> = places.iter().map(|&(ord, _)| ord).collect();
        ords.dedup();
        let mut names = Vec::with_capacity(ords.len());
        column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
            names.push(String::from_utf8_lossy(bytes).into_owned());
        })?;
        for (ord, i) in places {
            if let Ok(at) = ords.binary_search(&ord) {
                if let Some(name) = names.get(at) {
                    ids[i].clone_from(name);
                }
            }
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use newsdex_schema::{Article, NewsIndex};
    use tantivy::DocAddress;

    use super::ids;

    #[test]
    fn ids_are_read_alike_in_runs_and_alone() {
        let index = NewsIndex::create_in_ram();
        let mut writer: tantivy::IndexWriter = index
            .tantivy()
            .writer_with_num_threads(1, 15_000_000)
            .unwrap();
        // Runs of ids next to each other in sorted order, of every length, among ids
        // far apart.
        let mut names = Vec::new();
        for story in 0..12 {
            for copy in 0..story % 6 {
                names.push(format!("s{story:02}-c{copy}"));
            }
            names.push(format!("t{}", story * 7919 % 1000));
        }
        for name in &names {
            let article = Article::new(format!("article {name}")).with_id(name.as_str());
            writer
                .add_document(index.fields().to_document(&article))
                .unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.tantivy().reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 1);
        let every: Vec<DocAddress> = (0..names.len() as u32)
            .map(|doc| DocAddress::new(0, doc))
            .collect();
        assert_eq!(ids(&searcher, &every).unwrap(), names);
        // Asked for in another order, some of them, some twice.
        let some: Vec<DocAddress> = (0..names.len() as u32 * 2)
            .map(|n| DocAddress::new(0, (n * 17 + n / 3) % names.len() as u32))
            .filter(|a| a.doc_id % 4 != 1)
            .collect();
        let expected: Vec<String> = some
            .iter()
            .map(|a| names[a.doc_id as usize].clone())
            .collect();
        assert_eq!(ids(&searcher, &some).unwrap(), expected);
    }
}
