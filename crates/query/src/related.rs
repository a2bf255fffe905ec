//! Related articles: the articles most like a given one.

use std::collections::HashMap;

use newsdex_schema::{language_analyzer, Article, Fields, Language};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur as TOccur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use crate::filters::Clauses;
use crate::Result;

/// How many of the articles most like one are checked for being copies of it: copies
/// share nearly every word, so they come first.
const COPIES_LOOKED_AT: usize = 64;

/// How many of an article's words find the articles like it.
const LIKE_TERMS: usize = 40;

/// The fewest characters of a word that finds related articles.
const MIN_WORD_LEN: usize = 3;

/// The clauses that find the articles most like `article`, and never `article` itself.
///
/// Its words are read as the index read them (its language's analyzer), weighed by their
/// count in it times their rarity in the index (tf·idf, Lucene's MoreLikeThis), and the
/// [`LIKE_TERMS`] heaviest are searched, each boosted by its weight against the heaviest's:
/// in the text with BM25's term frequencies, and in the title at `title_boost`, as a
/// search weighs titles. Words of fewer than [`MIN_WORD_LEN`] characters, and words no
/// other article holds, are not asked for.
pub(crate) fn like(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    article: &Article,
    title_boost: f32,
) -> Result<Clauses> {
    let mut analyzer = language_analyzer(article.lang.unwrap_or(Language::ENGLISH));
    let mut counts: HashMap<String, u32> = HashMap::new();
    for text in article.title.iter().chain(std::iter::once(&article.body)) {
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            if token.text.chars().count() >= MIN_WORD_LEN {
                *counts.entry(token.text.clone()).or_default() += 1;
            }
        }
    }
    let articles = searcher.num_docs();
    let mut weighed = Vec::with_capacity(counts.len());
    for (word, count) in counts {
        let term = Term::from_field_text(fields.text, &word);
        // The article itself is one of them.
        let holders = searcher.doc_freq(&term)?;
        if holders < 2 {
            continue;
        }
        weighed.push((count as f32 * idf(holders, articles), word, term));
    }
    weighed.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    weighed.truncate(LIKE_TERMS);
    let heaviest = weighed.first().map_or(1.0, |w| w.0);
    let mut should: Clauses = Vec::with_capacity(2 * weighed.len());
    for (weight, word, term) in weighed {
        let boost = weight / heaviest;
        let title = Term::from_field_text(fields.title, &word);
        should.push((TOccur::Should, boosted(term, boost)));
        if title_boost > 0.0 {
            should.push((TOccur::Should, boosted(title, boost * title_boost)));
        }
    }
    Ok(vec![
        (
            TOccur::Must,
            Box::new(BooleanQuery::new(should)) as Box<dyn Query>,
        ),
        (TOccur::MustNot, id_query(fields, &article.id)),
    ])
}

/// BM25's inverse document frequency, as tantivy scores a term.
fn idf(holders: u64, articles: u64) -> f32 {
    let (n, df) = (articles as f32, holders as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

fn boosted(term: Term, boost: f32) -> Box<dyn Query> {
    let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
    Box::new(BoostQuery::new(Box::new(query), boost))
}

/// Clauses that leave out the near-duplicates of the article with id `id` (re-sent,
/// corrected or republished copies of it, as search folds them) among the first of the
/// articles `like` finds.
pub(crate) fn copies(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    id: &str,
    like: &Clauses,
) -> Result<Clauses> {
    let own = searcher.search(
        id_query(fields, id).as_ref(),
        &TopDocs::with_limit(1).order_by_score(),
    )?;
    let Some((_, address)) = own.first() else {
        return Ok(Vec::new());
    };
    let query = BooleanQuery::new(like.iter().map(|(o, q)| (*o, q.box_clone())).collect());
    let first: Vec<_> = crate::threads::search_plain(
        searcher,
        &query,
        &TopDocs::with_limit(COPIES_LOOKED_AT).order_by_score(),
    )?
    .into_iter()
    .map(|(_, a)| a)
    .collect();
    let prints = crate::similar::Prints::of(searcher);
    let copies = crate::similar::copies_of(&prints, *address, &first);
    let ids = crate::similar::ids(searcher, &copies)?;
    Ok(ids
        .iter()
        .filter(|id| !id.is_empty())
        .map(|id| (TOccur::MustNot, id_query(fields, id)))
        .collect())
}

fn id_query(fields: &Fields, id: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(fields.id, id),
        IndexRecordOption::Basic,
    ))
}
