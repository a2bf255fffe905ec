//! An [`Ast`] written back as query text.

use std::fmt::Write;

use crate::parser::{is_keyword, is_special, Ast, Occur};

impl Ast {
    /// The query text of this query: what [`crate::parse`] reads back, with the same
    /// `default` operator, as this same `Ast` (for every `Ast` that `parse` gives; any
    /// other reads back as one that finds the same articles). Special characters are
    /// escaped, operators written only where the default doesn't already mean them.
    ///
    /// ```
    /// use newsdex_query::{parse, Occur};
    ///
    /// let ast = parse("title:(kim OR putin) AND \"jong un\"~2", Occur::Should).unwrap();
    /// let text = ast.to_query(Occur::Should);
    /// assert_eq!(text, "(title:kim title:putin) AND \"jong un\"~2");
    /// assert_eq!(parse(&text, Occur::Should).unwrap(), ast);
    /// ```
    pub fn to_query(&self, default: Occur) -> String {
        let mut out = String::new();
        write_or(&mut out, self, default);
        out
    }
}

// The writer follows the grammar, so that it opens a group only where the parser closed
// one: never deeper than the query it writes.

/// `ast` as an `or` of the grammar.
fn write_or(out: &mut String, ast: &Ast, default: Occur) {
    match ast {
        Ast::Bool {
            clauses,
            boost: None,
        } => write_or_clauses(out, clauses, default),
        _ => write_primary(out, ast, default),
    }
}

/// Clauses as an `or`: alternatives joined by `OR`, or else one `and`.
fn write_or_clauses(out: &mut String, clauses: &[(Occur, Ast)], default: Occur) {
    if clauses.len() < 2 || clauses.iter().any(|(o, _)| *o != Occur::Should) {
        return write_and_clauses(out, clauses, default);
    }
    // Next to each other, two lists of clauses would read as one.
    let spaced =
        default == Occur::Should && !clauses.iter().any(|(_, c)| is_clause_list(c, default));
    for (i, (_, clause)) in clauses.iter().enumerate() {
        if i > 0 {
            out.push_str(if spaced { " " } else { " OR " });
        }
        write_and(out, clause, default);
    }
}

/// Whether `ast` is written as a list of clauses without parentheses.
fn is_clause_list(ast: &Ast, default: Occur) -> bool {
    matches!(ast, Ast::Bool { clauses, boost: None }
        if !clauses.is_empty()
            && clauses.iter().all(|(o, _)| *o != Occur::Should || default == Occur::Should))
}

/// `ast` as an `and` of the grammar.
fn write_and(out: &mut String, ast: &Ast, default: Occur) {
    match ast {
        Ast::Bool { clauses, .. } if is_clause_list(ast, default) => {
            write_and_clauses(out, clauses, default)
        }
        _ => write_primary(out, ast, default),
    }
}

/// Clauses with their signs, joined by `AND` where that says it more plainly.
fn write_and_clauses(out: &mut String, clauses: &[(Occur, Ast)], default: Occur) {
    let anded = default == Occur::Should
        && clauses.len() > 1
        && clauses.iter().all(|(o, _)| *o == Occur::Must);
    for (i, (occur, clause)) in clauses.iter().enumerate() {
        if i > 0 {
            out.push_str(if anded { " AND " } else { " " });
        }
        if !anded && *occur != default {
            match occur {
                Occur::Must => out.push('+'),
                Occur::MustNot => out.push('-'),
                // A filter is written as it was typed: a `date:` or `source:` clause
                // among others, read back as a filter.
                Occur::Should | Occur::Filter => {}
            }
        }
        write_primary(out, clause, default);
    }
}

/// `ast` as a `primary` of the grammar: a group, a word, a phrase or a range.
fn write_primary(out: &mut String, ast: &Ast, default: Occur) {
    match ast {
        Ast::Word {
            field,
            text,
            fuzzy,
            prefix,
            boost,
        } => {
            write_field(out, field);
            write_word(out, text);
            if *prefix {
                out.push('*');
            }
            if let Some(distance) = fuzzy {
                let _ = write!(out, "~{distance}");
            }
            write_boost(out, *boost);
        }
        Ast::Phrase {
            field,
            text,
            slop,
            boost,
        } => {
            write_field(out, field);
            out.push('"');
            for c in text.chars() {
                if matches!(c, '"' | '\\') {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
            if *slop > 0 {
                let _ = write!(out, "~{slop}");
            }
            write_boost(out, *boost);
        }
        Ast::Range {
            field,
            lower,
            upper,
            lower_inclusive,
            upper_inclusive,
        } => {
            write_field(out, field);
            out.push(if *lower_inclusive { '[' } else { '{' });
            out.push_str(lower.as_deref().unwrap_or("*"));
            out.push_str(" TO ");
            out.push_str(upper.as_deref().unwrap_or("*"));
            out.push(if *upper_inclusive { ']' } else { '}' });
        }
        Ast::Bool { clauses, boost } => {
            out.push('(');
            write_or_clauses(out, clauses, default);
            out.push(')');
            write_boost(out, *boost);
        }
    }
}

fn write_field(out: &mut String, field: &Option<String>) {
    if let Some(field) = field {
        out.push_str(field);
        out.push(':');
    }
}

/// A word, escaped so that it reads back as one word: no operator, field, prefix, fuzzy
/// or boost read into it.
fn write_word(out: &mut String, text: &str) {
    let keyword = is_keyword(text);
    for (i, c) in text.chars().enumerate() {
        let escape = c.is_whitespace()
            || is_special(c)
            || matches!(c, '\\' | ':' | '~' | '*')
            || (i == 0 && (keyword || matches!(c, '-' | '+' | '!')));
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
}

fn write_boost(out: &mut String, boost: Option<f32>) {
    if let Some(boost) = boost {
        let _ = write!(out, "^{boost}");
    }
}

#[cfg(test)]
mod tests {
    use crate::parser::{parse, Occur};

    /// Parses, writes back, parses again: the same query.
    fn round_trip(input: &str, default: Occur) -> String {
        let ast = parse(input, default).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        let text = ast.to_query(default);
        let again = parse(&text, default).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(again, ast, "{input:?} written as {text:?}");
        text
    }

    #[test]
    fn queries_read_back_as_they_were_parsed() {
        let cases = [
            ("shoigu pyongyang", "shoigu pyongyang"),
            ("shoigu AND pyongyang", "shoigu AND pyongyang"),
            ("+kim -trump NOT putin", "+kim -trump -putin"),
            ("a b OR c", "a b OR c"),
            ("a AND b OR c", "a AND b OR c"),
            ("(a b) c", "a b OR c"),
            ("title:(kim OR putin)^2", "(title:kim title:putin)^2"),
            (
                "\"kim jong\"~3^1.5 pyong* shoigu~",
                "\"kim jong\"~3^1.5 pyong* shoigu~1",
            ),
            (
                "date:[2023-07 TO *} source:ap",
                "date:[2023-07 TO *} source:ap",
            ),
            ("10\\:30 \\AND \\-x a\\*", "10\\:30 \\AND \\-x a\\*"),
            ("NOT putin", "-putin"),
        ];
        for (input, written) in cases {
            assert_eq!(round_trip(input, Occur::Should), written, "{input:?}");
        }
        assert_eq!(round_trip("a b", Occur::Must), "a b");
        assert_eq!(round_trip("a OR b", Occur::Must), "a OR b");
        assert_eq!(round_trip("a OR b c", Occur::Must), "a OR b c");
        assert_eq!(round_trip("(a OR b) c", Occur::Must), "(a OR b) c");
    }

    #[test]
    fn groups_are_written_no_deeper_than_they_were_typed() {
        let deepest = |text: &str| {
            let mut depth = 0usize;
            let mut most = 0;
            for c in text.chars() {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                most = most.max(depth);
            }
            most
        };
        let max = crate::parser::MAX_DEPTH;
        let nested = "(a b OR c ".repeat(max) + &")".repeat(max);
        let text = round_trip(&nested, Occur::Should);
        assert!(deepest(&text) <= max, "{text}");
    }

    #[test]
    fn escaped_specials_stay_in_the_word() {
        let ast = parse("title\\:x a\\~1 b\\* \"say \\\"hi\\\"\"", Occur::Should).unwrap();
        let text = ast.to_query(Occur::Should);
        assert_eq!(parse(&text, Occur::Should).unwrap(), ast);
        assert_eq!(text, "title\\:x a\\~1 b\\* \"say \\\"hi\\\"\"");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Whatever parses writes back to text that parses to the same query.
        #[test]
        fn every_parsed_query_reads_back(
            query in "[ a-zA-Z0-9\"():*~^+\\-\\[\\]{}\\\\!&|é中.]{0,40}",
            must in proptest::bool::ANY,
        ) {
            let default = if must { Occur::Must } else { Occur::Should };
            if let Ok(ast) = parse(&query, default) {
                let text = ast.to_query(default);
                let again = parse(&text, default);
                proptest::prop_assert_eq!(again.as_ref(), Ok(&ast), "{:?} written as {:?}", query, text);
            }
        }
    }
}
