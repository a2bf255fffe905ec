//! [`PrunedTier`]: the top tier of a query of several words (the articles that hold every
//! word as typed), scored by the sum of the query's terms, with stretches of articles
//! skipped where no article of them can reach the page.
//!
//! Each term's postings are read a block of 128 articles at a time, and each block knows
//! the best score any of its articles gets from the term (tantivy's block-max scores).
//! From a place in the segment, the stretch up to the first of the terms' blocks to end
//! cannot score more than the sum of those blocks' best: when that is below the worst hit
//! a page keeps, the stretch is passed over without looking for articles that hold every
//! word, nor scoring them (block-max pruning of a conjunction, as Lucene's
//! `BlockMaxConjunctionScorer` does it). Elsewhere articles are found and scored as the
//! tiered query finds and scores them, to the last bit.
//!
//! BM25 saturates, so most blocks hold an article that scores near the term's best and
//! news pages are won by articles that say every word often: the bound skips some
//! stretches, not most. Within a stretch, a term without which the others' best cannot
//! beat the page's worst is required (as Lucene's MaxScore tells essential terms): the
//! articles worth scoring are sought from it. A page's best say the words in their
//! titles, and title terms are rare, so once a page holds a few, the search goes from
//! title to title. For `oil prices` on a million Reuters articles (48 copies of the
//! corpus, ten segments), with the page's floor shared by the segments, the articles
//! scored in a segment of 90,602 went from 2,839 (every one of the tier) to 327,
//! and the median search from 3.2 to 2.1 ms.

use tantivy::postings::BlockSegmentPostings;
use tantivy::query::{Bm25Weight, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

use crate::flat::TermSum;

/// The articles that hold, for each word, one of its terms, and match every filter; scored
/// by a sum of weighted term scores plus a constant (the tiers' lift). Searched as `plain`
/// (the same query as tantivy's boolean queries shape it) everywhere but where a
/// collector lets it skip what cannot beat a threshold.
#[derive(Debug)]
pub(crate) struct PrunedTier {
    /// The terms summed, with their weights, in the order the sum adds them.
    sum: TermSum,
    /// For each word, the terms of which an article must hold one.
    words: Vec<Vec<Term>>,
    /// What every article of the tier gets on top of the sum.
    lift: Score,
    /// Queries every article must match as well; their scores are not counted.
    filters: Vec<Box<dyn Query>>,
    /// The same articles with the same scores, as boolean queries.
    plain: Box<dyn Query>,
}

impl PrunedTier {
    pub(crate) fn new(
        sum: TermSum,
        words: Vec<Vec<Term>>,
        lift: Score,
        filters: Vec<Box<dyn Query>>,
        plain: Box<dyn Query>,
    ) -> PrunedTier {
        PrunedTier {
            sum,
            words,
            lift,
            filters,
            plain,
        }
    }
}

impl Clone for PrunedTier {
    fn clone(&self) -> PrunedTier {
        PrunedTier {
            sum: self.sum.clone(),
            words: self.words.clone(),
            lift: self.lift,
            filters: self.filters.iter().map(|f| f.box_clone()).collect(),
            plain: self.plain.box_clone(),
        }
    }
}

impl Query for PrunedTier {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let plain = self.plain.weight(enable_scoring)?;
        Ok(match self.pruned_weight(enable_scoring, plain)? {
            Ok(pruned) => Box::new(pruned),
            Err(plain) => plain,
        })
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.plain.query_terms(visitor);
    }
}

impl PrunedTier {
    /// The weight that prunes, around `plain`; `plain` alone where scores are not
    /// counted.
    fn pruned_weight(
        &self,
        enable_scoring: EnableScoring<'_>,
        plain: Box<dyn Weight>,
    ) -> tantivy::Result<Result<PrunedWeight, Box<dyn Weight>>> {
        let EnableScoring::Enabled {
            statistics_provider,
            searcher,
        } = enable_scoring
        else {
            return Ok(Err(plain));
        };
        let terms = self
            .sum
            .terms()
            .map(|(term, weight)| {
                let bm25 = Bm25Weight::for_terms(statistics_provider, std::slice::from_ref(term))?;
                // As a term query boosted by `weight` scores it.
                Ok((term.clone(), bm25.boost_by(weight)))
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        let unscored = EnableScoring::disabled_from_searcher(searcher);
        let filters = self
            .filters
            .iter()
            .map(|f| f.weight(unscored))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Ok(PrunedWeight {
            terms,
            words: self.words.clone(),
            lift: self.lift,
            filters,
            plain,
        }))
    }
}

struct PrunedWeight {
    terms: Vec<(Term, Bm25Weight)>,
    words: Vec<Vec<Term>>,
    lift: Score,
    filters: Vec<Box<dyn Weight>>,
    plain: Box<dyn Weight>,
}

impl Weight for PrunedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.plain.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.plain.explain(reader, doc)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.plain.count(reader)
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        if let Some(mut run) = Run::open(self, reader)? {
            run.collect(threshold, self.lift, callback);
        }
        Ok(())
    }
}

impl PrunedWeight {
    /// How many articles of a segment a search with `callback` scores, and in how many
    /// stretches it sought them from required terms.
    #[cfg(test)]
    fn scored(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> (usize, usize) {
        let mut run = Run::open(self, reader).unwrap().unwrap();
        run.collect(Score::MIN, self.lift, callback);
        (run.visited, run.led)
    }
}

/// The bound of a stretch errs high by this share of the terms' part, for sums added in
/// another order, and by this share of the lift, for the rounding of the lift's sum.
const SLACK: Score = 1e-4;
const LIFT_SLACK: Score = 1e-6;

/// One segment's search of a [`PrunedWeight`].
struct Run {
    /// The summed terms' cursors, in the sum's order, then those of words' terms that
    /// are not summed.
    cursors: Vec<Cursor>,
    /// How many of `cursors` are summed.
    scored: usize,
    /// For each word, its terms' places in `cursors`; the rarest words first.
    words: Vec<Vec<usize>>,
    filters: Vec<Box<dyn Scorer>>,
    /// The most each summed term gives an article of the stretch searched (0 for a term
    /// with none there).
    most: Vec<Score>,
    /// The summed terms an article of the stretch must hold to beat the threshold, as
    /// places in `cursors`, the rarest first.
    required: Vec<usize>,
    /// How many articles it scored.
    visited: usize,
    /// In how many stretches it required terms.
    #[cfg(test)]
    led: usize,
}

impl Run {
    /// `None` when a word has no term in the segment: no article of it is in the tier.
    fn open(weight: &PrunedWeight, reader: &SegmentReader) -> tantivy::Result<Option<Run>> {
        let mut cursors = Vec::with_capacity(weight.terms.len());
        let mut names: Vec<&Term> = Vec::with_capacity(weight.terms.len());
        for (term, bm25) in &weight.terms {
            if let Some(cursor) = Cursor::open(reader, term, Some(bm25))? {
                cursors.push(cursor);
                names.push(term);
            }
        }
        let scored = cursors.len();
        let mut words = Vec::with_capacity(weight.words.len());
        for terms in &weight.words {
            let mut places = Vec::with_capacity(terms.len());
            for term in terms {
                if let Some(place) = names.iter().position(|t| *t == term) {
                    places.push(place);
                } else if let Some(cursor) = Cursor::open(reader, term, None)? {
                    cursors.push(cursor);
                    names.push(term);
                    places.push(cursors.len() - 1);
                }
            }
            if places.is_empty() {
                return Ok(None);
            }
            words.push(places);
        }
        // The rarest word leads: its next article is the first place worth trying.
        words.sort_by_key(|places: &Vec<usize>| {
            places
                .iter()
                .map(|&i| u64::from(cursors[i].postings.doc_freq()))
                .sum::<u64>()
        });
        let filters = weight
            .filters
            .iter()
            .map(|f| f.scorer(reader, 1.0))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Some(Run {
            cursors,
            scored,
            words,
            filters,
            most: vec![0.0; scored],
            required: Vec::with_capacity(scored),
            visited: 0,
            #[cfg(test)]
            led: 0,
        }))
    }

    /// Calls `callback` with every article of the tier that may score more than
    /// `threshold`, as it returns a new one, with its score plus `lift`.
    fn collect(
        &mut self,
        mut threshold: Score,
        lift: Score,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) {
        let mut target: DocId = 0;
        while target != TERMINATED {
            // The stretch from `target` to the first end of a block among the summed terms,
            // and the most an article of it can score.
            let mut end = TERMINATED;
            for cursor in &mut self.cursors[..self.scored] {
                if cursor.seek(target) != TERMINATED {
                    end = end.min(cursor.block_last());
                }
            }
            let mut most: Score = 0.0;
            for (cursor, best) in self.cursors[..self.scored].iter_mut().zip(&mut self.most) {
                *best = if cursor.doc != TERMINATED && cursor.doc <= end {
                    cursor.block_max()
                } else {
                    0.0
                };
                most += *best;
            }
            let bound = |most: Score| lift + most * (1.0 + SLACK) + lift.abs() * LIFT_SLACK;
            if bound(most) <= threshold {
                target = next(end);
                continue;
            }
            self.require(most, threshold, &bound);
            loop {
                let doc = self.next_match(target, end);
                if doc == TERMINATED || doc > end {
                    // The next stretch starts at the next match, or after this one.
                    target = doc;
                    break;
                }
                let score = self.score(doc) + lift;
                self.visited += 1;
                if score > threshold {
                    let before = threshold;
                    threshold = callback(doc, score);
                    if threshold > before {
                        self.require(most, threshold, &bound);
                    }
                }
                target = doc + 1;
                if bound(most) <= threshold {
                    target = next(end);
                    break;
                }
            }
        }
    }

    /// Tells which summed terms an article of the stretch must hold to score more than
    /// `threshold`: those without which the most the others give (`most`, less theirs,
    /// as `bound` bounds it) is not enough. A news page is won by articles with the words
    /// in their title as well as their text: once the page holds a few, an article
    /// must have a title term to beat them, and title terms are rare, so the articles
    /// worth scoring are sought from those.
    fn require(&mut self, most: Score, threshold: Score, bound: &dyn Fn(Score) -> Score) {
        self.required.clear();
        for (place, &best) in self.most.iter().enumerate() {
            if best > 0.0 && bound(most - best) <= threshold {
                self.required.push(place);
            }
        }
        let cursors = &self.cursors;
        self.required
            .sort_by_key(|&place| cursors[place].postings.doc_freq());
        #[cfg(test)]
        if !self.required.is_empty() {
            self.led += 1;
        }
    }

    /// The first article from `target` on that holds a term of every word and matches
    /// every filter, or `TERMINATED`; in the stretch that ends at `end`, one that holds
    /// every required term too, or the place after `end` when none does.
    fn next_match(&mut self, target: DocId, end: DocId) -> DocId {
        let mut candidate = target;
        'search: loop {
            for &place in &self.required {
                let next = self.cursors[place].seek(candidate);
                if next > end {
                    // Past the stretch, other terms may be required, or none.
                    return self::next(end);
                }
                if next > candidate {
                    candidate = next;
                    continue 'search;
                }
            }
            for places in &self.words {
                let mut next = TERMINATED;
                for &place in places {
                    next = next.min(self.cursors[place].seek(candidate));
                }
                if next == TERMINATED {
                    return TERMINATED;
                }
                if next > candidate {
                    candidate = next;
                    continue 'search;
                }
            }
            for filter in &mut self.filters {
                let next = if filter.doc() < candidate {
                    filter.seek(candidate)
                } else {
                    filter.doc()
                };
                if next == TERMINATED {
                    return TERMINATED;
                }
                if next > candidate {
                    candidate = next;
                    continue 'search;
                }
            }
            return candidate;
        }
    }

    /// The sum of the scores of the terms `doc` holds, added in the sum's order from
    /// zero, as the sum's own scorer adds them.
    fn score(&mut self, doc: DocId) -> Score {
        let mut sum: Score = 0.0;
        for cursor in &mut self.cursors[..self.scored] {
            if cursor.seek(doc) == doc {
                sum += cursor.score();
            }
        }
        sum
    }
}

/// The place after `end`, `TERMINATED` after the last.
fn next(end: DocId) -> DocId {
    if end == TERMINATED {
        TERMINATED
    } else {
        end + 1
    }
}

/// A term's postings in one segment, read a block at a time.
struct Cursor {
    postings: BlockSegmentPostings,
    /// The place in the loaded block of the article it stands on.
    at: usize,
    /// The article it stands on, `TERMINATED` past the last.
    doc: DocId,
    /// The term's weight and the field's lengths, for a term that is summed.
    scoring: Option<(Bm25Weight, tantivy::fieldnorm::FieldNormReader)>,
}

impl Cursor {
    /// `None` when the segment lacks the term.
    fn open(
        reader: &SegmentReader,
        term: &Term,
        bm25: Option<&Bm25Weight>,
    ) -> tantivy::Result<Option<Cursor>> {
        let field = term.field();
        let option = if bm25.is_some() {
            IndexRecordOption::WithFreqs
        } else {
            IndexRecordOption::Basic
        };
        let Some(mut postings) = reader
            .inverted_index(field)?
            .read_block_postings(term, option)?
        else {
            return Ok(None);
        };
        let scoring = match bm25 {
            Some(bm25) => {
                // The lengths a term query reads, or one for every article without them.
                let norms = reader
                    .fieldnorms_readers()
                    .get_field(field)?
                    .unwrap_or_else(|| {
                        tantivy::fieldnorm::FieldNormReader::constant(reader.max_doc(), 1)
                    });
                Some((bm25.clone(), norms))
            }
            None => None,
        };
        let at = postings.seek(0);
        let doc = postings.docs().get(at).copied().unwrap_or(TERMINATED);
        Ok(Some(Cursor {
            postings,
            at,
            doc,
            scoring,
        }))
    }

    /// Moves to the first article from `target` on, and returns it (`TERMINATED` if
    /// none); stays where it is if that is at `target` or beyond.
    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let docs = self.postings.docs();
        if docs.last().is_some_and(|&last| last >= target) {
            self.at = gallop(docs, self.at, target);
            self.doc = docs[self.at];
        } else {
            self.at = self.postings.seek(target);
            self.doc = self
                .postings
                .docs()
                .get(self.at)
                .copied()
                .unwrap_or(TERMINATED);
        }
        self.doc
    }

    /// The last article of the block it stands in; only while it stands on one.
    fn block_last(&self) -> DocId {
        self.postings.docs().last().copied().unwrap_or(TERMINATED)
    }

    /// The most an article of the block it stands in scores from the term.
    fn block_max(&mut self) -> Score {
        match &self.scoring {
            Some((bm25, norms)) => self.postings.block_max_score(norms, bm25),
            None => 0.0,
        }
    }

    /// The score of the article it stands on, as the term's scorer gives it.
    fn score(&self) -> Score {
        match &self.scoring {
            Some((bm25, norms)) => {
                let freq = self.postings.freqs().get(self.at).copied().unwrap_or(0);
                bm25.score(norms.fieldnorm_id(self.doc), freq)
            }
            None => 0.0,
        }
    }
}

/// The place of the first of `docs` (sorted) from `at` on that is `target` or more, one
/// that `docs` holds. Sought by steps that double from `at`, then halving the last step:
/// the articles that hold each of two common words stand close together, so the place
/// is most often a few steps on, where a binary search over the rest of the block would
/// take seven.
fn gallop(docs: &[DocId], at: usize, target: DocId) -> usize {
    let mut low = at;
    let mut step = 1;
    let mut high = at + step;
    while high < docs.len() && docs[high] < target {
        low = high;
        step *= 2;
        high = at + step;
    }
    let high = high.min(docs.len() - 1);
    low + docs[low..=high].partition_point(|&d| d < target)
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::indexer::NoMergePolicy;
    use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, Occur, Query};
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, DocAddress, DocId, Index, Score, Term};

    use super::{gallop, PrunedTier};
    use crate::flat::TermSum;

    #[test]
    fn gallop_finds_what_a_binary_search_finds() {
        // Blocks of every spacing, from dense to sparse, sought from every place.
        for spacing in [1u32, 2, 3, 7, 50] {
            let docs: Vec<DocId> = (0..128u32)
                .scan(5, |doc, i| {
                    *doc += 1 + (i * 7) % spacing;
                    Some(*doc)
                })
                .collect();
            for at in 0..docs.len() {
                for target in docs[at] + 1..=*docs.last().unwrap() {
                    let expected = at + docs[at..].partition_point(|&d| d < target);
                    assert_eq!(
                        gallop(&docs, at, target),
                        expected,
                        "{spacing} {at} {target}"
                    );
                }
            }
        }
    }

    /// An index of five segments whose articles hold some of `a`, `b`, `c`, `d` in their
    /// text and title, a varying number of times, among filler of varying length.
    fn index() -> (Index, Vec<Term>) {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let title = schema.add_text_field("title", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let words = ["a", "b", "c", "d"];
        // A small generator, the same every run.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut roll = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for segment in 0..4 {
            for place in 0..(900 + segment * 350) {
                // Runs of articles that say the words often, in few words, among runs
                // that say them once in many: only the first can make a short page.
                let often = place / 200 % 4 == 1;
                let (mut body, mut head) = (String::new(), String::new());
                for (w, word) in words.iter().enumerate() {
                    if roll(10) < 6 - w as u64 {
                        for _ in 0..=(if often { 1 + roll(4) } else { 0 }) {
                            body.push_str(word);
                            body.push(' ');
                        }
                    }
                    if often && roll(5) == 0 {
                        head.push_str(word);
                        head.push(' ');
                    }
                }
                for _ in 0..(if often { roll(5) } else { 20 + roll(40) }) {
                    body.push_str("filler ");
                }
                writer
                    .add_document(doc!(text => body, title => head))
                    .unwrap();
            }
            writer.commit().unwrap();
        }
        // Runs of one article copied, each saying the words a little more than the one
        // before: every article of a run scores as much as the most the run's blocks
        // allow, so a bound that errs low skips the best.
        for run in 0..8 {
            let body = format!(
                "{}{}{}",
                "a ".repeat(1 + run / 3),
                "b c ".repeat(1 + run % 3),
                "filler ".repeat(12 - run)
            );
            let head = if run % 2 == 0 { "a" } else { "b" };
            for _ in 0..150 {
                writer
                    .add_document(doc!(text => body.as_str(), title => head))
                    .unwrap();
            }
        }
        writer.commit().unwrap();
        let term = |field, word: &str| Term::from_field_text(field, word);
        let terms = vec![
            term(text, "a"),
            term(title, "a"),
            term(text, "b"),
            term(title, "b"),
            term(text, "c"),
            term(text, "d"),
            term(text, "absent"),
        ];
        (index, terms)
    }

    /// `a` and one of `b` or `c` (as typed in the text), scored by the sum of all but
    /// `d`'s terms, lifted by `lift`; with `d` in the text as a filter when `filtered`.
    /// As a pruned tier, and as the boolean queries it stands for.
    fn queries(terms: &[Term], lift: Score, filtered: bool) -> (PrunedTier, Box<dyn Query>) {
        let sum = TermSum::new([terms[0].clone()], 1.0)
            .plus(TermSum::new([terms[1].clone()], 2.5))
            .plus(TermSum::new([terms[2].clone(), terms[3].clone()], 1.0))
            .plus(TermSum::new([terms[4].clone(), terms[6].clone()], 0.5));
        let words = vec![
            vec![terms[0].clone()],
            vec![terms[2].clone(), terms[4].clone()],
        ];
        let selection = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermSum::new([terms[0].clone()], 1.0)) as Box<dyn Query>,
            ),
            (
                Occur::Must,
                Box::new(TermSum::new([terms[2].clone(), terms[4].clone()], 1.0)),
            ),
        ]);
        let filters: Vec<Box<dyn Query>> = if filtered {
            let d = TermSum::new([terms[5].clone()], 1.0);
            vec![Box::new(BoostQuery::new(Box::new(d), 0.0))]
        } else {
            Vec::new()
        };
        let tiers = BooleanQuery::new(vec![
            (Occur::Must, TermSum::sought(&sum)),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(selection), lift)),
            ),
        ]);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(tiers))];
        clauses.extend(filters.iter().map(|f| (Occur::Must, f.box_clone())));
        let plain: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
        let pruned = PrunedTier::new(sum, words, lift, filters, plain.box_clone());
        (pruned, plain)
    }

    /// Every article a weight passes on with no threshold, and its score, segment by
    /// segment.
    fn everything(query: &dyn Query, index: &Index, pruning: bool) -> Vec<(u32, DocId, u32)> {
        let searcher = index.reader().unwrap().searcher();
        let weight = query
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .unwrap();
        let mut found = Vec::new();
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let mut push =
                |doc: DocId, score: Score| found.push((ord as u32, doc, score.to_bits()));
            if pruning {
                weight
                    .for_each_pruning(Score::MIN, reader, &mut |doc, score| {
                        push(doc, score);
                        Score::MIN
                    })
                    .unwrap();
            } else {
                weight
                    .for_each(reader, &mut |doc, score| push(doc, score))
                    .unwrap();
            }
        }
        found
    }

    #[test]
    fn a_pruned_tier_finds_and_scores_as_the_boolean_queries_to_the_last_bit() {
        let (index, terms) = index();
        assert_eq!(index.searchable_segment_ids().unwrap().len(), 5);
        for filtered in [false, true] {
            let (pruned, plain) = queries(&terms, 20_000.0, filtered);
            let all = everything(plain.as_ref(), &index, false);
            assert!(all.len() > 500, "{} articles", all.len());
            assert_eq!(
                everything(&pruned, &index, true),
                all,
                "filtered: {filtered}"
            );
            // Where nothing is pruned, the pruned tier is the boolean query.
            assert_eq!(everything(&pruned, &index, false), all);
        }
    }

    #[test]
    fn a_page_of_the_pruned_tier_is_the_page_of_the_boolean_queries() {
        let (index, terms) = index();
        let searcher = index.reader().unwrap().searcher();
        let mut skipped_some = false;
        let mut required_some = false;
        for (lift, filtered) in [(0.0, false), (20_000.0, false), (3.0, true)] {
            let (pruned, plain) = queries(&terms, lift, filtered);
            for k in [1, 3, 10, 40, 200, 5000] {
                let top = |query: &dyn Query| -> Vec<(u32, DocAddress)> {
                    searcher
                        .search(query, &TopDocs::with_limit(k).order_by_score())
                        .unwrap()
                        .into_iter()
                        .map(|(score, address): (Score, DocAddress)| (score.to_bits(), address))
                        .collect()
                };
                let expected = top(plain.as_ref());
                assert!(!expected.is_empty());
                assert_eq!(
                    top(&pruned),
                    expected,
                    "lift {lift}, filtered {filtered}, top {k}"
                );
            }
            // The pruned tier skips: a page of one scores fewer articles than match.
            let plain_weight = plain
                .weight(EnableScoring::enabled_from_searcher(&searcher))
                .unwrap();
            let weight = pruned
                .pruned_weight(
                    EnableScoring::enabled_from_searcher(&searcher),
                    plain_weight,
                )
                .unwrap()
                .ok()
                .unwrap();
            let (scored, led) = searcher
                .segment_readers()
                .iter()
                .map(|reader| {
                    let mut best = Score::MIN;
                    weight.scored(reader, &mut |_, score| {
                        best = best.max(score);
                        best
                    })
                })
                .fold((0, 0), |(s, l), (scored, led)| (s + scored, l + led));
            let matching = everything(plain.as_ref(), &index, false).len();
            skipped_some |= scored * 2 < matching;
            required_some |= led > 0;
        }
        assert!(skipped_some, "no stretch was ever skipped");
        // The pages above were found, in some stretches, from the terms they required.
        assert!(required_some, "no term was ever required");
    }
}
