//! [`TermSum`]: a sum of weighted term scores kept as one flat union.
//!
//! A word is searched in the text and the title, with its name variants, and a query of
//! several words is a union of its words: built as nested boolean queries, each level is
//! a union scorer of its own, with its own buffer of scores to fill. The same sum as one
//! union of terms is scored by one union scorer: for `oil prices` on Reuters ×4, one
//! union of six terms (`oil`, `price` and its French form `pric`, each in the text and
//! the title) instead of three levels of unions.

use std::collections::HashSet;

use tantivy::query::{
    BooleanQuery, BoostQuery, EmptyQuery, EnableScoring, Explanation, Occur, Query, Scorer,
    TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// Articles that hold any of the terms, scored by the sum of BM25 scores (frequencies
/// read) of the terms they hold, each times its weight; as a boolean query of `Should`
/// term queries, each boosted by its weight, would score them. No terms: no article.
#[derive(Clone, Debug, Default)]
pub(crate) struct TermSum {
    terms: Vec<(Term, Score)>,
}

impl TermSum {
    /// The sum of `terms`, each of weight `weight`.
    pub(crate) fn new(terms: impl IntoIterator<Item = Term>, weight: Score) -> TermSum {
        TermSum {
            terms: terms.into_iter().map(|t| (t, weight)).collect(),
        }
    }

    /// The terms of `self`, then those of `other`.
    pub(crate) fn plus(mut self, other: TermSum) -> TermSum {
        self.terms.extend(other.terms);
        self
    }

    /// `self` with every weight times `factor`.
    pub(crate) fn times(mut self, factor: Score) -> TermSum {
        if factor != 1.0 {
            for (_, weight) in &mut self.terms {
                *weight *= factor;
            }
        }
        self
    }

    /// The sum of the term sums among `queries`, when they all are.
    pub(crate) fn of_all<'a>(queries: impl IntoIterator<Item = &'a dyn Query>) -> Option<TermSum> {
        let mut sum = TermSum::default();
        for query in queries {
            sum = sum.plus(query.downcast_ref::<TermSum>()?.clone());
        }
        Some(sum)
    }

    /// `query` to be scored only at articles another query finds: as a [`SoughtSum`]
    /// when it is a term sum, else as it is.
    pub(crate) fn sought(query: &dyn Query) -> Box<dyn Query> {
        match query.downcast_ref::<TermSum>() {
            Some(sum) => Box::new(SoughtSum(sum.clone())),
            None => query.box_clone(),
        }
    }

    /// The sum's articles, to count them (scores aside), with fewer postings to walk: a
    /// term of `title` is left out where the sum has the same word in `text`, which
    /// holds every word of the title. For `oil prices` on Reuters ×4 the titles' terms
    /// are a sixth of the postings of the union.
    pub(crate) fn counted(&self, title: Field, text: Field) -> TermSum {
        let in_text: HashSet<&[u8]> = self
            .terms
            .iter()
            .filter(|(term, _)| term.field() == text)
            .map(|(term, _)| term.serialized_value_bytes())
            .collect();
        TermSum {
            terms: self
                .terms
                .iter()
                .filter(|(term, _)| {
                    term.field() != title || !in_text.contains(term.serialized_value_bytes())
                })
                .cloned()
                .collect(),
        }
    }

    /// The terms and their weights, in the order the sum adds them.
    pub(crate) fn terms(&self) -> impl Iterator<Item = (&Term, Score)> + '_ {
        self.terms.iter().map(|(term, weight)| (term, *weight))
    }

    /// The query of each term, times its weight.
    fn term_queries(&self) -> impl Iterator<Item = Box<dyn Query>> + '_ {
        self.terms.iter().map(|(term, weight)| {
            let query: Box<dyn Query> =
                Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
            if *weight == 1.0 {
                query
            } else {
                Box::new(BoostQuery::new(query, *weight))
            }
        })
    }

    /// The query tantivy runs for `self`.
    fn as_boolean(&self) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            self.term_queries().map(|q| (Occur::Should, q)).collect();
        match clauses.len() {
            0 => Box::new(EmptyQuery),
            1 => clauses
                .pop()
                .map_or_else(|| Box::new(EmptyQuery) as _, |(_, q)| q),
            _ => Box::new(BooleanQuery::new(clauses)),
        }
    }
}

impl Query for TermSum {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        self.as_boolean().weight(enable_scoring)
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (term, _) in &self.terms {
            visitor(term, false);
        }
    }
}

/// A [`TermSum`] scored only at the articles another query finds, on the side of an
/// intersection that does not lead it: each term's postings are sought to the article
/// asked for, where a union scores every article of a window ahead of it. Its score is
/// the union's to the last bit: the scores of the terms an article holds, added in the
/// order of the terms, from zero.
#[derive(Clone, Debug)]
pub(crate) struct SoughtSum(TermSum);

impl Query for SoughtSum {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let terms = self
            .0
            .term_queries()
            .map(|q| q.weight(enable_scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(SoughtSumWeight {
            terms,
            union: self.0.weight(enable_scoring)?,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct SoughtSumWeight {
    terms: Vec<Box<dyn Weight>>,
    /// The union's weight, which explains the same scores.
    union: Box<dyn Weight>,
}

impl Weight for SoughtSumWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let terms = self
            .terms
            .iter()
            .map(|w| w.scorer(reader, boost))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let doc = terms.iter().map(|t| t.doc()).min().unwrap_or(TERMINATED);
        Ok(Box::new(SoughtSumScorer { terms, doc }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.union.explain(reader, doc)
    }
}

struct SoughtSumScorer {
    terms: Vec<Box<dyn Scorer>>,
    doc: DocId,
}

impl SoughtSumScorer {
    fn settle(&mut self) -> DocId {
        self.doc = self
            .terms
            .iter()
            .map(|t| t.doc())
            .min()
            .unwrap_or(TERMINATED);
        self.doc
    }
}

impl DocSet for SoughtSumScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.doc;
        for term in &mut self.terms {
            if term.doc() == doc {
                term.advance();
            }
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        for term in &mut self.terms {
            if term.doc() < target {
                term.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.terms
            .iter()
            .fold(0u32, |sum, t| sum.saturating_add(t.size_hint()))
    }

    fn cost(&self) -> u64 {
        self.terms
            .iter()
            .fold(0u64, |sum, t| sum.saturating_add(t.cost()))
    }
}

impl Scorer for SoughtSumScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut sum: Score = 0.0;
        for term in &mut self.terms {
            if term.doc() == doc {
                sum += term.score();
            }
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::{EnableScoring, Query};
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, DocId, DocSet, Index, Score, Term, TERMINATED};

    use super::{SoughtSum, TermSum};

    /// An index of one segment whose documents hold some of `a`, `b`, `c`, `d`.
    fn index() -> (Index, tantivy::schema::Field) {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        let words = ["a", "b", "c", "d"];
        for i in 0u32..300 {
            let mut body = String::new();
            for (w, word) in words.iter().enumerate() {
                // Each word in its own share of the documents, repeated a varying number of
                // times, with filler of varying length.
                if i % (w as u32 + 2) == 0 {
                    for _ in 0..=(i % 3) {
                        body.push_str(word);
                        body.push(' ');
                    }
                }
            }
            for _ in 0..(i % 7) {
                body.push_str("filler ");
            }
            writer.add_document(doc!(text => body)).unwrap();
        }
        writer.commit().unwrap();
        (index, text)
    }

    fn sum(text: tantivy::schema::Field) -> TermSum {
        let term = |t: &str| Term::from_field_text(text, t);
        TermSum::new([term("a"), term("b")], 1.0)
            .plus(TermSum::new([term("c")], 0.5))
            .plus(TermSum::new([term("d"), term("absent")], 2.5))
    }

    /// Every document a query's scorer visits, with its score.
    fn visited(query: &dyn Query, index: &Index) -> Vec<(DocId, Score)> {
        let searcher = index.reader().unwrap().searcher();
        let weight = query
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .unwrap();
        let mut scorer = weight.scorer(searcher.segment_reader(0), 1.0).unwrap();
        let mut found = Vec::new();
        while scorer.doc() != TERMINATED {
            found.push((scorer.doc(), scorer.score()));
            scorer.advance();
        }
        found
    }

    #[test]
    fn a_sought_sum_matches_and_scores_as_the_union_to_the_last_bit() {
        let (index, text) = index();
        let union = sum(text);
        let sought = SoughtSum(union.clone());
        let all = visited(&union, &index);
        assert!(all.len() > 100, "{} documents", all.len());
        assert_eq!(visited(&sought, &index), all);
        // Sought to every third document of the union, from the start.
        let searcher = index.reader().unwrap().searcher();
        let weight = sought
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .unwrap();
        let mut scorer = weight.scorer(searcher.segment_reader(0), 1.0).unwrap();
        for (doc, score) in all.iter().step_by(3) {
            assert_eq!(scorer.seek(*doc), *doc);
            assert_eq!(scorer.score().to_bits(), score.to_bits(), "document {doc}");
        }
        // Between two matches, a seek lands on the next.
        let (last, _) = all[all.len() - 1];
        assert_eq!(scorer.seek(last + 1), TERMINATED);
    }

    #[test]
    fn weights_multiply_and_ranks_follow_them() {
        let (index, text) = index();
        let searcher = index.reader().unwrap().searcher();
        let term = |t: &str| Term::from_field_text(text, t);
        let top = |query: &dyn Query| {
            searcher
                .search(query, &TopDocs::with_limit(1).order_by_score())
                .unwrap()[0]
                .0
        };
        let one = TermSum::new([term("d")], 1.0);
        let three = TermSum::new([term("d")], 1.5).times(2.0);
        assert!((top(&three) - 3.0 * top(&one)).abs() < 1e-4);
        // No terms: no document.
        assert!(visited(&TermSum::default(), &index).is_empty());
    }

    /// Counted without the title's terms that the text has, a sum counts the same
    /// articles: the text holds every word of the title.
    #[test]
    fn a_sum_counts_the_same_articles_without_the_titles_terms_the_text_has() {
        use newsdex_schema::{Article, NewsIndex};
        use tantivy::collector::Count;

        let index = NewsIndex::create_in_ram();
        let fields = index.fields().clone();
        let mut writer: tantivy::IndexWriter = index.tantivy().writer(15_000_000).unwrap();
        let articles = [
            ("Oil prices rise", "Crude gained on Monday."),
            ("Markets", "Oil fell and prices of wheat rose."),
            ("Wheat", "Farmers sold their crop."),
            ("Prices", "Nothing about fuel here."),
        ];
        for (i, (title, body)) in articles.iter().enumerate() {
            let article = Article::new(*body)
                .with_id(format!("a{i}"))
                .with_title(*title);
            writer.add_document(fields.to_document(&article)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.tantivy().reader().unwrap().searcher();
        let on = |field, words: &[&str]| {
            TermSum::new(
                words
                    .iter()
                    .map(|w| Term::from_field_text(field, w))
                    .collect::<Vec<_>>(),
                1.0,
            )
        };
        let both = |words: &[&str]| on(fields.text, words).plus(on(fields.title, words));
        for sum in [
            both(&["oil"]),
            both(&["oil", "price"]),
            both(&["wheat", "price", "crude"]),
            on(fields.title, &["price"]),
            on(fields.title, &["oil"]).plus(on(fields.text, &["wheat"])),
        ] {
            let counted = sum.counted(fields.title, fields.text);
            assert_eq!(
                searcher.search(&counted, &Count).unwrap(),
                searcher.search(&sum, &Count).unwrap(),
                "{sum:?}"
            );
            // A title term stays unless the text has the same word.
            for (term, _) in sum.terms() {
                let word = term.value().as_str().unwrap().to_string();
                let twin = Term::from_field_text(fields.text, &word);
                let kept = counted.terms().any(|(t, _)| t == term);
                let dropped = term.field() == fields.title && sum.terms().any(|(t, _)| *t == twin);
                assert_eq!(kept, !dropped, "{term:?} in {sum:?}");
            }
        }
        assert_eq!(
            both(&["oil", "price"])
                .counted(fields.title, fields.text)
                .terms()
                .count(),
            2
        );
    }
}
