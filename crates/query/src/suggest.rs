//! "Did you mean": the closest spelling the index holds for each word of a query that
//! found nothing.

use newsdex_schema::{Fields, NEWS_ANALYZER};
use tantivy::collector::TopDocs;
use tantivy::query::{FuzzyTermQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, TantivyDocument, Term};

use crate::{Error, Result};

/// A query with each word the index doesn't hold replaced by the most frequent indexed
/// word one or two edits away, as written in an article. `None` when no word was
/// replaced.
pub(crate) fn suggest(searcher: &Searcher, fields: &Fields, query: &str) -> Result<Option<String>> {
    let mut analyzer = searcher
        .index()
        .tokenizers()
        .get(NEWS_ANALYZER)
        .ok_or_else(|| Error::Internal("news analyzer missing".into()))?;
    let mut changed = false;
    let mut out = Vec::new();
    for word in query.split_whitespace() {
        let bare: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
        let is_operator = matches!(word, "AND" | "OR" | "NOT");
        if bare.len() < 3 || is_operator || word.contains(':') {
            out.push(word.to_string());
            continue;
        }
        let mut stream = analyzer.token_stream(&bare);
        let Some(term) = stream.next().map(|t| t.text.clone()) else {
            out.push(word.to_string());
            continue;
        };
        drop(stream);
        if searcher.doc_freq(&Term::from_field_text(fields.text, &term))? > 0 {
            out.push(word.to_string());
            continue;
        }
        match closest(searcher, fields, &term)? {
            Some(better) => {
                let surface = surface_form(searcher, fields, &mut analyzer, &better)?;
                out.push(surface.unwrap_or(better));
                changed = true;
            }
            None => out.push(word.to_string()),
        }
    }
    Ok(changed.then(|| out.join(" ")))
}

/// The most frequent indexed term within one edit of `term`, else within two.
fn closest(searcher: &Searcher, fields: &Fields, term: &str) -> Result<Option<String>> {
    for distance in [1u8, 2] {
        if distance == 2 && term.chars().count() < 5 {
            break;
        }
        let query = FuzzyTermQuery::new(Term::from_field_text(fields.text, term), distance, true);
        let mut best: Option<(u64, String)> = None;
        for segment in searcher.segment_readers() {
            let index = segment.inverted_index(fields.text)?;
            let mut stream = index.terms().search(query.automaton()?).into_stream()?;
            while stream.advance() {
                let Ok(found) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                let df = searcher.doc_freq(&Term::from_field_text(fields.text, found))?;
                if best.as_ref().is_none_or(|(n, _)| df > *n) {
                    best = Some((df, found.to_string()));
                }
            }
        }
        if let Some((_, found)) = best {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// How an article writes the word whose analyzed form is `term` (lowercased), so the
/// suggestion reads as a word rather than a stem.
fn surface_form(
    searcher: &Searcher,
    fields: &Fields,
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
    term: &str,
) -> Result<Option<String>> {
    let query = TermQuery::new(
        Term::from_field_text(fields.text, term),
        IndexRecordOption::Basic,
    );
    let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    let Some((_, address)) = top.first() else {
        return Ok(None);
    };
    let doc: TantivyDocument = searcher.doc(*address)?;
    let article = fields.to_article(&doc);
    for text in [article.title.unwrap_or_default(), article.body] {
        let mut stream = analyzer.token_stream(&text);
        while let Some(token) = stream.next() {
            if token.text == term {
                return Ok(Some(
                    text[token.offset_from..token.offset_to].to_lowercase(),
                ));
            }
        }
    }
    Ok(None)
}
