//! A term query scored with BM25 at newsdex's own parameters.
//!
//! tantivy's `TermQuery` fixes BM25 at k1 = 1.2, b = 0.75. News articles vary a lot in
//! length (a two-line wire flash, a long feature) and long articles are not less relevant
//! for being long, so newsdex normalises length less: see [`K1`] and [`B`].

use std::fmt;
use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// Term-frequency saturation: how fast repeated occurrences stop adding to the score.
pub const K1: Score = 0.9;
/// Length normalisation: 0 ignores article length, 1 divides by it fully.
pub const B: Score = 0.4;

/// One term, scored with BM25 at [`K1`] and [`B`].
#[derive(Clone)]
pub(crate) struct Bm25TermQuery {
    term: Term,
    k1: Score,
    b: Score,
}

impl fmt::Debug for Bm25TermQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bm25TermQuery({:?})", self.term)
    }
}

impl Bm25TermQuery {
    pub(crate) fn new(term: Term) -> Bm25TermQuery {
        Bm25TermQuery::with_params(term, K1, B)
    }

    pub(crate) fn with_params(term: Term, k1: Score, b: Score) -> Bm25TermQuery {
        Bm25TermQuery { term, k1, b }
    }
}

impl Query for Bm25TermQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let stats = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => {
                let field = self.term.field();
                let docs = statistics_provider.total_num_docs()?.max(1);
                let tokens = statistics_provider.total_num_tokens(field)?;
                let df = statistics_provider.doc_freq(&self.term)?;
                let idf = (1.0 + (docs as Score - df as Score + 0.5) / (df as Score + 0.5)).ln();
                let average = (tokens as Score / docs as Score).max(1.0);
                let mut norms = [0.0; 256];
                for (id, norm) in norms.iter_mut().enumerate() {
                    let length = FieldNormReader::id_to_fieldnorm(id as u8) as Score;
                    *norm = self.k1 * (1.0 - self.b + self.b * length / average);
                }
                Some(Stats {
                    weight: idf * (self.k1 + 1.0),
                    norms: Arc::new(norms),
                })
            }
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(Bm25Weight {
            term: self.term.clone(),
            stats,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.term, false);
    }
}

#[derive(Clone)]
struct Stats {
    /// idf × (k1 + 1).
    weight: Score,
    /// k1 × (1 − b + b × length / average length), by fieldnorm id.
    norms: Arc<[Score; 256]>,
}

struct Bm25Weight {
    term: Term,
    stats: Option<Stats>,
}

impl Bm25Weight {
    fn postings(&self, reader: &SegmentReader) -> tantivy::Result<Option<SegmentPostings>> {
        let index = reader.inverted_index(self.term.field())?;
        let option = if self.stats.is_some() {
            IndexRecordOption::WithFreqs
        } else {
            IndexRecordOption::Basic
        };
        Ok(index.read_postings(&self.term, option)?)
    }
}

impl Weight for Bm25Weight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let Some(postings) = self.postings(reader)? else {
            return Ok(Box::new(EmptyScorer));
        };
        let norms = match &self.stats {
            Some(_) => Some(reader.get_fieldnorms_reader(self.term.field())?),
            None => None,
        };
        Ok(Box::new(Bm25Scorer {
            postings,
            norms,
            stats: self.stats.clone(),
            boost,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        // A fresh scorer is on its first document; seeking backwards is not allowed.
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new("BM25 (newsdex k1, b)", scorer.score()))
    }
}

struct Bm25Scorer {
    postings: SegmentPostings,
    norms: Option<FieldNormReader>,
    stats: Option<Stats>,
    boost: Score,
}

impl DocSet for Bm25Scorer {
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }

    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    fn size_hint(&self) -> u32 {
        self.postings.size_hint()
    }
}

impl Scorer for Bm25Scorer {
    fn score(&mut self) -> Score {
        let (Some(stats), Some(norms)) = (&self.stats, &self.norms) else {
            return self.boost;
        };
        let doc = self.postings.doc();
        if doc == TERMINATED {
            return 0.0;
        }
        let tf = self.postings.term_freq() as Score;
        let norm = stats.norms[norms.fieldnorm_id(doc) as usize];
        self.boost * stats.weight * tf / (tf + norm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::TermQuery;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index, IndexWriter};

    fn scores(index: &Index, query: &dyn Query) -> Vec<(u32, Score)> {
        let searcher = index.reader().unwrap().searcher();
        let mut top: Vec<(u32, Score)> = searcher
            .search(query, &TopDocs::with_limit(10).order_by_score())
            .unwrap()
            .into_iter()
            .map(|(s, a)| (a.doc_id, s))
            .collect();
        top.sort_by_key(|(d, _)| *d);
        top
    }

    #[test]
    fn matches_tantivys_bm25_at_its_parameters_and_differs_at_ours() {
        let mut builder = Schema::builder();
        let body = builder.add_text_field("body", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        for text in [
            "kim met shoigu",
            "kim kim kim and a long text about many other things in the world today",
            "nothing here",
            "shoigu and kim and kim",
        ] {
            writer.add_document(doc!(body => text)).unwrap();
        }
        writer.commit().unwrap();
        let term = Term::from_field_text(body, "kim");
        let theirs = scores(
            &index,
            &TermQuery::new(term.clone(), IndexRecordOption::WithFreqs),
        );
        let same = scores(&index, &Bm25TermQuery::with_params(term.clone(), 1.2, 0.75));
        assert_eq!(theirs.len(), 3);
        for ((d1, s1), (d2, s2)) in theirs.iter().zip(&same) {
            assert_eq!(d1, d2);
            assert!((s1 - s2).abs() < 1e-5, "{s1} vs {s2}");
        }
        let ours = scores(&index, &Bm25TermQuery::new(term));
        assert!(ours
            .iter()
            .zip(&theirs)
            .any(|(a, b)| (a.1 - b.1).abs() > 1e-3));
    }
}
