//! Two words of a query that are also written as one: `soy meal` and `soymeal`, `cease
//! fire` and `ceasefire`, `health care` and `healthcare`. News spells such compounds both
//! ways, often within one wire, and an article that writes the one word is about both.

use crate::build::Builder;
use crate::parser::{Ast, Occur};
use crate::Result;

/// The fewest articles that must hold the joined word: a word that one article alone
/// holds (a name run together in an address) is more likely a slip than a spelling.
const MIN_ARTICLES: u64 = 2;

/// The shortest part of a compound, in characters: `u s` is not `us`.
const MIN_PART: usize = 2;

/// `text` with each plain word of a list (no field, prefix, fuzziness or boost) also
/// matched by its join with the plain word before or after it, where the text of at
/// least [`MIN_ARTICLES`] articles holds the join as one word: `soy meal` is searched as
/// `(soy OR soymeal) (meal OR soymeal)`. An article that writes `soymeal` holds both words
/// of the query, so it ranks in the tier of articles that hold every word, its score the
/// joined word's for each of the two. Parts are words of at least [`MIN_PART`] letters
/// that no language of the index drops (`the rapist` is not `therapist`). The joins'
/// terms are counted among the variants the query was built with. Other queries are left
/// as they are.
pub(crate) fn joined(text: &Ast, builder: &mut Builder<'_>) -> Result<Ast> {
    let Ast::Bool { clauses, boost } = text else {
        return Ok(text.clone());
    };
    let mut joins: Vec<Option<String>> = vec![None; clauses.len().saturating_sub(1)];
    for (i, join) in joins.iter_mut().enumerate() {
        let ((left_occur, left), (right_occur, right)) = (&clauses[i], &clauses[i + 1]);
        if left_occur != right_occur || *left_occur == Occur::MustNot {
            continue;
        }
        let (Some(left), Some(right)) = (part(left), part(right)) else {
            continue;
        };
        if builder.drops(left) || builder.drops(right) {
            continue;
        }
        let word = format!("{}{}", left.to_lowercase(), right.to_lowercase());
        if let Some((term, held)) = builder.word_articles(&word)? {
            if held >= MIN_ARTICLES {
                builder.variants_used.insert(term);
                *join = Some(word);
            }
        }
    }
    if joins.iter().all(Option::is_none) {
        return Ok(text.clone());
    }
    let clauses = clauses
        .iter()
        .enumerate()
        .map(|(i, (occur, word))| {
            let before = i.checked_sub(1).and_then(|j| joins[j].as_ref());
            let after = joins.get(i).and_then(Option::as_ref);
            if before.is_none() && after.is_none() {
                return (*occur, word.clone());
            }
            let mut either = vec![(Occur::Should, word.clone())];
            either.extend(before.into_iter().chain(after).map(|join| {
                (
                    Occur::Should,
                    Ast::Word {
                        field: None,
                        text: join.clone(),
                        fuzzy: None,
                        prefix: false,
                        boost: None,
                    },
                )
            }));
            (
                *occur,
                Ast::Bool {
                    clauses: either,
                    boost: None,
                },
            )
        })
        .collect();
    Ok(Ast::Bool {
        clauses,
        boost: *boost,
    })
}

/// The text of a plain word that may be part of a compound.
fn part(ast: &Ast) -> Option<&str> {
    match ast {
        Ast::Word {
            field: None,
            text,
            fuzzy: None,
            prefix: false,
            boost: None,
        } if text.chars().count() >= MIN_PART && text.chars().all(char::is_alphabetic) => {
            Some(text)
        }
        _ => None,
    }
}
