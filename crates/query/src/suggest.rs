//! "Did you mean": the closest spelling the index holds for each word of a query that
//! found nothing.

use newsdex_schema::{Fields, NEWS_ANALYZER};
use tantivy::collector::TopDocs;
use tantivy::query::{FuzzyTermQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, TantivyDocument, Term};

use crate::parser::{Ast, Occur};
use crate::{Error, Result};

/// `ast` with each word the index doesn't hold replaced by the most frequent indexed word
/// one or two edits away, as written in an article, as query text. `None` when no word
/// was replaced.
pub(crate) fn suggest(
    searcher: &Searcher,
    fields: &Fields,
    ast: &Ast,
    default: Occur,
) -> Result<Option<String>> {
    let analyzer = searcher
        .index()
        .tokenizers()
        .get(NEWS_ANALYZER)
        .ok_or_else(|| Error::Internal {
            message: "news analyzer missing".into(),
        })?;
    let mut speller = Speller {
        searcher,
        fields,
        analyzer,
        changed: false,
    };
    let fixed = speller.respell(ast)?;
    Ok(speller.changed.then(|| fixed.to_query(default)))
}

struct Speller<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    analyzer: TextAnalyzer,
    changed: bool,
}

impl Speller<'_> {
    /// `ast` with its words of the title and text respelled.
    fn respell(&mut self, ast: &Ast) -> Result<Ast> {
        Ok(match ast {
            Ast::Word {
                field: None,
                text,
                fuzzy,
                prefix: false,
                boost,
            } => Ast::Word {
                field: None,
                text: self.word(text)?,
                fuzzy: *fuzzy,
                prefix: false,
                boost: *boost,
            },
            Ast::Phrase {
                field: None,
                text,
                slop,
                boost,
            } => {
                let mut words = Vec::new();
                for word in text.split_whitespace() {
                    words.push(self.word(word)?);
                }
                Ast::Phrase {
                    field: None,
                    text: words.join(" "),
                    slop: *slop,
                    boost: *boost,
                }
            }
            Ast::Bool { clauses, boost } => {
                let mut respelled = Vec::with_capacity(clauses.len());
                for (occur, clause) in clauses {
                    respelled.push((*occur, self.respell(clause)?));
                }
                Ast::Bool {
                    clauses: respelled,
                    boost: *boost,
                }
            }
            other => other.clone(),
        })
    }

    /// The word, or the closest indexed word when the index doesn't hold it.
    fn word(&mut self, word: &str) -> Result<String> {
        let bare: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
        if bare.len() < 3 {
            return Ok(word.to_string());
        }
        let mut stream = self.analyzer.token_stream(&bare);
        let Some(term) = stream.next().map(|t| t.text.clone()) else {
            return Ok(word.to_string());
        };
        drop(stream);
        let (searcher, fields) = (self.searcher, self.fields);
        if searcher.doc_freq(&Term::from_field_text(fields.text, &term))? > 0 {
            return Ok(word.to_string());
        }
        let Some(better) = closest(searcher, fields, &term)? else {
            return Ok(word.to_string());
        };
        self.changed = true;
        let surface = surface_form(searcher, fields, &mut self.analyzer, &better)?;
        Ok(surface.unwrap_or(better))
    }
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
    analyzer: &mut TextAnalyzer,
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
