//! Related articles: the articles most like a given one.

use newsdex_schema::{Article, Fields};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur as TOccur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, OwnedValue};
use tantivy::Term;

use crate::filters::Clauses;
use crate::Result;

/// How many of the articles most like one are checked for being copies of it: copies
/// share nearly every word, so they come first.
const COPIES_LOOKED_AT: usize = 64;

/// The clauses that find the articles most like `article`, and never `article` itself.
pub(crate) fn like(fields: &Fields, article: &Article) -> Clauses {
    let mut text = article.title.clone().unwrap_or_default();
    text.push_str("\n\n");
    text.push_str(&article.body);
    let query = MoreLikeThisQuery::builder()
        .with_min_doc_frequency(1)
        .with_max_doc_frequency(u64::MAX)
        .with_min_term_frequency(1)
        .with_max_query_terms(40)
        .with_min_word_length(3)
        .with_document_fields(vec![(fields.text, vec![OwnedValue::Str(text)])]);
    vec![
        (TOccur::Must, Box::new(query) as Box<dyn Query>),
        (TOccur::MustNot, id_query(fields, &article.id)),
    ]
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
    let first: Vec<_> = searcher
        .search(
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
