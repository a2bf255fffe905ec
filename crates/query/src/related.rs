//! Related articles: the articles most like a given one.

use newsdex_schema::{Article, Fields};
use tantivy::query::{MoreLikeThisQuery, Occur as TOccur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, OwnedValue};
use tantivy::Term;

use crate::filters::Clauses;

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
    let own = Term::from_field_text(fields.id, &article.id);
    vec![
        (TOccur::Must, Box::new(query) as Box<dyn Query>),
        (
            TOccur::MustNot,
            Box::new(TermQuery::new(own, IndexRecordOption::Basic)),
        ),
    ]
}
