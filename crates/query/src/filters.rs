//! The clauses that narrow a search to its dates, sources and languages: the request's,
//! and the query's top-level `date:` and `source:` clauses.

use newsdex_schema::{Fields, SOURCE_ANALYZER};
use tantivy::query::{BooleanQuery, BoostQuery, Occur as TOccur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use crate::build::date_range;
use crate::parser::{is_filter, Ast, Occur};
use crate::request::SearchRequest;
use crate::{Error, Result};

/// Clauses of a boolean query.
pub(crate) type Clauses = Vec<(TOccur, Box<dyn Query>)>;

/// The clauses that narrow `request` to its dates, sources and languages; unscored.
pub(crate) fn filters(
    request: &SearchRequest,
    searcher: &tantivy::Searcher,
    fields: &Fields,
) -> Result<Clauses> {
    let mut filters: Clauses = Vec::new();
    if request.is_dated() {
        filters.push((
            TOccur::Must,
            date_range(request.since.map(|s| s.start), request.until.map(|u| u.end)),
        ));
    }
    if !request.sources.is_empty() {
        let mut analyzer = searcher
            .index()
            .tokenizers()
            .get(SOURCE_ANALYZER)
            .ok_or_else(|| Error::Internal {
                message: "source analyzer missing".into(),
            })?;
        let sources: Clauses = request
            .sources
            .iter()
            .filter_map(|s| {
                let mut stream = analyzer.token_stream(s);
                let token = stream.next()?.text.clone();
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(fields.source, &token),
                    IndexRecordOption::Basic,
                ));
                Some((TOccur::Should, q))
            })
            .collect();
        filters.push((
            TOccur::Must,
            Box::new(BoostQuery::new(Box::new(BooleanQuery::new(sources)), 0.0)),
        ));
    }
    if !request.languages.is_empty() {
        let languages: Clauses = request
            .languages
            .iter()
            .map(|l| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(fields.lang, l.code()),
                    IndexRecordOption::Basic,
                ));
                (TOccur::Should, q)
            })
            .collect();
        filters.push((
            TOccur::Must,
            Box::new(BoostQuery::new(Box::new(BooleanQuery::new(languages)), 0.0)),
        ));
    }
    Ok(filters)
}

/// `clauses` and then the clauses of `filters`.
pub(crate) fn with_filters(mut clauses: Clauses, filters: &[(TOccur, Box<dyn Query>)]) -> Clauses {
    clauses.extend(filters.iter().map(|(o, q)| (*o, q.box_clone())));
    clauses
}

/// `ast` without its top-level filters (`date:` and `source:` clauses next to others, or
/// alone), and those filters.
pub(crate) fn split(ast: &Ast) -> (Ast, Vec<Ast>) {
    let nothing = || Ast::Bool {
        clauses: Vec::new(),
        boost: None,
    };
    if is_filter(ast) {
        return (nothing(), vec![ast.clone()]);
    }
    match ast {
        Ast::Bool {
            clauses,
            boost: None,
        } if clauses.iter().any(|(o, _)| *o == Occur::Filter) => {
            let (filters, mut rest): (Vec<_>, Vec<_>) = clauses
                .iter()
                .cloned()
                .partition(|(o, _)| *o == Occur::Filter);
            let filters = filters.into_iter().map(|(_, a)| a).collect();
            let text = match rest.as_slice() {
                [(occur, _)] if *occur != Occur::MustNot => {
                    rest.pop().map_or_else(nothing, |(_, a)| a)
                }
                _ => Ast::Bool {
                    clauses: rest,
                    boost: None,
                },
            };
            (text, filters)
        }
        _ => (ast.clone(), Vec::new()),
    }
}
