//! The query language: a small recursive-descent parser into an [`Ast`].
//!
//! ```text
//! query   := or
//! or      := and ( ("OR" | "||") and )*
//! and     := unary ( ("AND" | "&&")? unary )*
//! unary   := ("NOT" | "!" | "-" | "+") unary | primary
//! primary := "(" query ")" | FIELD ":" primary | range | PHRASE ["~" N] | WORD ["*" | "~" N]
//! range   := ("[" | "{") VALUE "TO" VALUE ("]" | "}")
//! ```
//! Any primary may end with `^BOOST`. Words next to each other without an operator are
//! joined by the default operator (OR, ranked so that documents with every word come
//! first; AND with [`crate::SearchRequest::all`]), except `date:` and `source:` clauses,
//! which filter the others ([`Occur::Filter`]).

/// Whether a clause must, may or must not match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Occur {
    /// Required (`+word`, `a AND b`).
    Must,
    /// Optional, adds to the score (`a b`, `a OR b`).
    Should,
    /// Excluded (`-word`, `NOT word`).
    MustNot,
    /// Required, and adds nothing to the score: a `date:` or `source:` clause next to
    /// others without an operator (`opec date:1987`), which narrows them to its dates or
    /// source, as `site:` does in web search. Joined by `OR`, such a clause is one more
    /// alternative (`opec OR source:ap`); with `AND` or `+`, it must match, as any clause.
    Filter,
}

/// The field of publication dates, as queries name it.
pub(crate) const DATE_FIELD: &str = "date";
/// The field of sources, as queries name it.
pub(crate) const SOURCE_FIELD: &str = "source";
/// The fields whose clauses, next to others, filter them.
pub(crate) const FILTER_FIELDS: [&str; 2] = [DATE_FIELD, SOURCE_FIELD];

/// Whether `ast` scores articles: it has a word or phrase of the title or text that must
/// or may match (not `*`, not excluded, not a filter).
pub(crate) fn is_scored(ast: &Ast) -> bool {
    let text_field = |field: &Option<String>| {
        field
            .as_deref()
            .is_none_or(|f| !FILTER_FIELDS.contains(&f) && f != "id")
    };
    match ast {
        Ast::Word {
            field,
            text,
            fuzzy,
            prefix,
            ..
        } => text_field(field) && !(text == "*" && field.is_none() && !prefix && fuzzy.is_none()),
        Ast::Phrase { field, .. } => text_field(field),
        Ast::Range { .. } => false,
        Ast::Bool { clauses, .. } => clauses
            .iter()
            .any(|(o, c)| matches!(o, Occur::Must | Occur::Should) && is_scored(c)),
    }
}

/// Whether `ast` only narrows by date or source: a `date:` or `source:` word, phrase or
/// range, or a group of them.
pub(crate) fn is_filter(ast: &Ast) -> bool {
    match ast {
        Ast::Word { field, .. } | Ast::Phrase { field, .. } | Ast::Range { field, .. } => {
            field.as_deref().is_some_and(|f| FILTER_FIELDS.contains(&f))
        }
        Ast::Bool { clauses, .. } => {
            !clauses.is_empty() && clauses.iter().all(|(_, clause)| is_filter(clause))
        }
    }
}

/// A parsed query.
#[derive(Clone, Debug, PartialEq)]
pub enum Ast {
    /// One word, maybe field-scoped, maybe a prefix (`pyong*`) or fuzzy (`shoigu~1`).
    Word {
        /// `title`, `source`, … (`None`: title and text).
        field: Option<String>,
        /// The word as typed.
        text: String,
        /// Edit distance for `word~N`.
        fuzzy: Option<u8>,
        /// `word*`.
        prefix: bool,
        /// `^N`.
        boost: Option<f32>,
    },
    /// A quoted phrase, maybe with slop (`"kim jong un"~2`).
    Phrase {
        /// The field, as for words.
        field: Option<String>,
        /// The text between the quotes.
        text: String,
        /// Words allowed between the phrase's words.
        slop: u32,
        /// `^N`.
        boost: Option<f32>,
    },
    /// A range, `[a TO b]` (inclusive) or `{a TO b}` (exclusive); `*` is open.
    Range {
        /// The field (`date`).
        field: Option<String>,
        /// Lower bound, `None` when open.
        lower: Option<String>,
        /// Upper bound, `None` when open.
        upper: Option<String>,
        /// Whether the lower bound is included.
        lower_inclusive: bool,
        /// Whether the upper bound is included.
        upper_inclusive: bool,
    },
    /// Clauses combined by their [`Occur`].
    Bool {
        /// The clauses.
        clauses: Vec<(Occur, Ast)>,
        /// `(…)^N`.
        boost: Option<f32>,
    },
}

pub use newsdex_schema::ParseError;

impl Ast {
    /// How many words the query searches: a word or a range counts one, a phrase one a
    /// word.
    pub(crate) fn word_count(&self) -> usize {
        match self {
            Ast::Word { .. } | Ast::Range { .. } => 1,
            Ast::Phrase { text, .. } => text.split_whitespace().count().max(1),
            Ast::Bool { clauses, .. } => clauses.iter().map(|(_, a)| a.word_count()).sum(),
        }
    }
}

/// The operators of the query language, as words and as symbols.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Keyword {
    And,
    Or,
    Not,
}

/// Every spelling of an operator keyword. A keyword is one only where it stands alone:
/// followed by the end, a space, `(` or `"`.
const KEYWORDS: [(&str, Keyword); 5] = [
    ("AND", Keyword::And),
    ("OR", Keyword::Or),
    ("NOT", Keyword::Not),
    ("&&", Keyword::And),
    ("||", Keyword::Or),
];

/// Whether `word` is spelled as an operator keyword.
pub(crate) fn is_keyword(word: &str) -> bool {
    KEYWORDS.iter().any(|(k, _)| *k == word)
}

/// How deep groups may nest: `((a))` is two deep. Deeper queries are refused rather
/// than parsed, built and searched by code that recurses once a level.
pub const MAX_DEPTH: usize = 32;

/// The largest boost (`word^1000`), alone or multiplied by the boosts of the groups
/// around it.
pub const MAX_BOOST: f32 = 1000.0;

/// How many words (phrase words included) one query may search.
pub const MAX_WORDS: usize = 1024;

const DEPTH_HINT: &str = "remove some parentheses";
const QUOTE_HINT: &str = "close the quote, or put \\ before a quote that is part of a word";
const PAREN_HINT: &str = "check that every ( has a matching )";
const OPERAND_HINT: &str =
    "an operator needs a word or group on each side; quote AND, OR and NOT to search them as words";
const RANGE_HINT: &str =
    "write ranges as [FROM TO TO] or {FROM TO TO}, e.g. date:[2023-07-01 TO 2023-09-30]";
const NUMBER_HINT: &str =
    "write fuzziness as word~1 or word~2, slop as \"a phrase\"~N, boosts as word^2";

/// Parses a query. `default` is the occurrence of clauses joined without an operator.
pub fn parse(input: &str, default: Occur) -> Result<Ast, ParseError> {
    let mut parser = Parser {
        chars: input.chars().collect(),
        pos: 0,
        depth: 0,
        default,
    };
    parser.skip_space();
    if parser.at_end() {
        return Ok(Ast::Bool {
            clauses: Vec::new(),
            boost: None,
        });
    }
    let ast = parser.parse_or(None)?;
    parser.skip_space();
    if !parser.at_end() {
        return Err(parser.error("unexpected )", PAREN_HINT));
    }
    Ok(ast)
}

/// The best-effort reading of a query that does not parse: its words and quoted phrases,
/// joined by the default operator. Never fails.
pub fn parse_lenient(input: &str, default: Occur) -> Ast {
    if let Ok(ast) = parse(input, default) {
        return ast;
    }
    let mut clauses = Vec::new();
    for (i, part) in input.split('"').enumerate() {
        let quoted = i % 2 == 1;
        if quoted && !part.trim().is_empty() {
            clauses.push((
                default,
                Ast::Phrase {
                    field: None,
                    text: part.to_string(),
                    slop: 0,
                    boost: None,
                },
            ));
            continue;
        }
        for word in part.split(|c: char| !c.is_alphanumeric() && c != '\'') {
            if word.is_empty() || is_keyword(word) {
                continue;
            }
            clauses.push((
                default,
                Ast::Word {
                    field: None,
                    text: word.to_string(),
                    fuzzy: None,
                    prefix: false,
                    boost: None,
                },
            ));
        }
    }
    Ast::Bool {
        clauses,
        boost: None,
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    /// How many groups are open at the cursor.
    depth: usize,
    default: Occur,
}

pub(crate) fn is_special(c: char) -> bool {
    matches!(c, '(' | ')' | '"' | '[' | ']' | '{' | '}' | '^')
}

impl Parser {
    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn error(&self, message: impl Into<String>, hint: &'static str) -> ParseError {
        ParseError {
            message: message.into(),
            column: self.pos + 1,
            hint,
        }
    }

    /// The operator keyword at the cursor, if any, and its length, without consuming it.
    fn peek_keyword(&self) -> Option<(Keyword, usize)> {
        let rest = &self.chars[self.pos..];
        KEYWORDS.iter().find_map(|&(word, keyword)| {
            let len = word.chars().count();
            (rest.len() >= len
                && rest[..len].iter().copied().eq(word.chars())
                && rest
                    .get(len)
                    .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '"')))
            .then_some((keyword, len))
        })
    }

    fn at_keyword(&self, keyword: Keyword) -> bool {
        self.peek_keyword().is_some_and(|(k, _)| k == keyword)
    }

    fn eat_keyword(&mut self, keyword: Keyword) -> bool {
        match self.peek_keyword() {
            Some((k, len)) if k == keyword => {
                self.pos += len;
                true
            }
            _ => false,
        }
    }

    fn parse_or(&mut self, field: Option<&str>) -> Result<Ast, ParseError> {
        let mut alternatives = vec![self.parse_and(field)?];
        loop {
            self.skip_space();
            if !self.eat_keyword(Keyword::Or) {
                break;
            }
            self.skip_space();
            if self.at_end() || self.peek() == Some(')') {
                return Err(self.error("OR needs something after it", OPERAND_HINT));
            }
            alternatives.push(self.parse_and(field)?);
        }
        if alternatives.len() == 1 {
            return Ok(alternatives.pop().unwrap_or_else(|| unreachable!()));
        }
        Ok(Ast::Bool {
            clauses: alternatives
                .into_iter()
                .map(|a| (Occur::Should, a))
                .collect(),
            boost: None,
        })
    }

    fn parse_and(&mut self, field: Option<&str>) -> Result<Ast, ParseError> {
        // (occur, explicitly signed, node)
        let mut clauses: Vec<(Occur, bool, Ast)> = Vec::new();
        let mut pending_and = false;
        loop {
            self.skip_space();
            if self.at_end() || self.peek() == Some(')') || self.at_keyword(Keyword::Or) {
                break;
            }
            if self.eat_keyword(Keyword::And) {
                if clauses.is_empty() {
                    return Err(self.error("AND needs something before it", OPERAND_HINT));
                }
                pending_and = true;
                continue;
            }
            let (occur, signed, node) = self.parse_unary(field)?;
            if pending_and {
                if let Some(last) = clauses.last_mut() {
                    if !last.1 {
                        last.0 = Occur::Must;
                    }
                }
            }
            let occur = if signed {
                occur
            } else if pending_and {
                Occur::Must
            } else if is_filter(&node) {
                Occur::Filter
            } else {
                self.default
            };
            clauses.push((occur, signed, node));
            pending_and = false;
        }
        if pending_and {
            return Err(self.error("AND needs something after it", OPERAND_HINT));
        }
        if clauses.is_empty() {
            return Err(self.error("expected a word, a phrase or a group", OPERAND_HINT));
        }
        if clauses.len() == 1 && clauses[0].0 != Occur::MustNot {
            return Ok(clauses.pop().map(|c| c.2).unwrap_or_else(|| unreachable!()));
        }
        Ok(Ast::Bool {
            clauses: clauses.into_iter().map(|(o, _, n)| (o, n)).collect(),
            boost: None,
        })
    }

    fn parse_unary(&mut self, field: Option<&str>) -> Result<(Occur, bool, Ast), ParseError> {
        self.skip_space();
        // In a run of signs the first one counts (`+-x` is `+x`): read in a loop, so
        // that a query of 100,000 signs costs no stack.
        let mut occur = None;
        while let Some(sign) = self.eat_sign() {
            occur.get_or_insert(sign);
            self.skip_space();
            if self.at_end() || self.peek() == Some(')') {
                return Err(self.error("expected a word after the operator", OPERAND_HINT));
            }
        }
        let node = self.parse_primary(field)?;
        Ok(match occur {
            Some(occur) => (occur, true, node),
            None => (self.default, false, node),
        })
    }

    /// The sign or `NOT` at the cursor, consumed.
    fn eat_sign(&mut self) -> Option<Occur> {
        if self.eat_keyword(Keyword::Not) {
            return Some(Occur::MustNot);
        }
        let sign = match self.peek()? {
            '-' | '!' => Occur::MustNot,
            '+' => Occur::Must,
            _ => return None,
        };
        self.pos += 1;
        Some(sign)
    }

    fn parse_primary(&mut self, field: Option<&str>) -> Result<Ast, ParseError> {
        self.skip_space();
        let node = match self.peek() {
            Some('(') => {
                let open = self.pos;
                if self.depth == MAX_DEPTH {
                    return Err(self.error(
                        format!("groups nested more than {MAX_DEPTH} levels deep"),
                        DEPTH_HINT,
                    ));
                }
                self.depth += 1;
                self.pos += 1;
                self.skip_space();
                let inner = self.parse_or(field)?;
                self.skip_space();
                if self.peek() != Some(')') {
                    self.pos = open;
                    return Err(self.error("unmatched (", PAREN_HINT));
                }
                self.pos += 1;
                self.depth -= 1;
                inner
            }
            Some(')') => return Err(self.error("unexpected )", PAREN_HINT)),
            Some('"') => self.parse_phrase(field)?,
            Some('[') | Some('{') => self.parse_range(field)?,
            Some(_) => {
                if field.is_none() {
                    if let Some(name) = self.field_prefix() {
                        self.pos += name.len() + 1;
                        if self.at_end() || self.peek().is_some_and(char::is_whitespace) {
                            return Err(self.error(
                                format!("{name}: needs a value"),
                                "write field:value, e.g. title:shoigu",
                            ));
                        }
                        return self.parse_primary(Some(&name));
                    }
                }
                let word = self.read_word();
                if word.text.is_empty() {
                    return Err(self.error(
                        format!("unexpected {}", self.peek().unwrap_or(' ')),
                        OPERAND_HINT,
                    ));
                }
                self.finish_word(field, word)?
            }
            None => return Err(self.error("expected a word", OPERAND_HINT)),
        };
        self.parse_boost(node)
    }

    /// The field name at the cursor, lowercased, when a `name:` starts there: up to 32
    /// ASCII letters or `_`, then an unescaped colon.
    fn field_prefix(&self) -> Option<String> {
        let rest = &self.chars[self.pos..];
        let len = rest
            .iter()
            .take(33)
            .take_while(|c| c.is_ascii_alphabetic() || **c == '_')
            .count();
        (len > 0 && len <= 32 && rest.get(len) == Some(&':'))
            .then(|| rest[..len].iter().collect::<String>().to_ascii_lowercase())
    }

    /// Reads a bare word, honouring `\` escapes, up to whitespace or a special character.
    fn read_word(&mut self) -> RawWord {
        let mut word = RawWord {
            text: String::new(),
            tilde: None,
            star: false,
        };
        while let Some(c) = self.peek() {
            if c == '\\' {
                self.pos += 1;
                if let Some(escaped) = self.peek() {
                    word.text.push(escaped);
                    word.star = false;
                    self.pos += 1;
                }
                continue;
            }
            if c.is_whitespace() || is_special(c) {
                break;
            }
            if c == '~' {
                word.tilde = Some(word.text.len());
            }
            word.star = c == '*';
            word.text.push(c);
            self.pos += 1;
        }
        word
    }

    fn finish_word(&mut self, field: Option<&str>, word: RawWord) -> Result<Ast, ParseError> {
        let mut text = word.text;
        let mut prefix = false;
        let mut fuzzy = None;
        if let Some(at) = word.tilde.filter(|&at| at > 0) {
            let distance = &text[at + 1..];
            let distance = if distance.is_empty() {
                1
            } else {
                distance
                    .parse::<u8>()
                    .ok()
                    .filter(|d| *d <= 2)
                    .ok_or_else(|| {
                        self.error(
                            format!("fuzziness must be 0, 1 or 2, not {distance:?}"),
                            NUMBER_HINT,
                        )
                    })?
            };
            fuzzy = Some(distance);
            text.truncate(at);
        }
        if fuzzy.is_none() && text.len() > 1 && word.star {
            prefix = true;
            text.pop();
        }
        Ok(Ast::Word {
            field: field.map(str::to_owned),
            text,
            fuzzy,
            prefix,
            boost: None,
        })
    }

    fn parse_phrase(&mut self, field: Option<&str>) -> Result<Ast, ParseError> {
        let open = self.pos;
        self.pos += 1;
        let mut text = String::new();
        loop {
            match self.peek() {
                None => {
                    self.pos = open;
                    return Err(self.error("unclosed quote", QUOTE_HINT));
                }
                Some('"') => {
                    self.pos += 1;
                    break;
                }
                Some('\\') => {
                    self.pos += 1;
                    if let Some(c) = self.peek() {
                        text.push(c);
                        self.pos += 1;
                    }
                }
                Some(c) => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
        let mut slop = 0;
        if self.peek() == Some('~') {
            self.pos += 1;
            let digits = self.read_digits();
            slop = digits
                .parse::<u32>()
                .ok()
                .filter(|s| *s <= 100)
                .ok_or_else(|| {
                    self.error("a phrase's slop must be a number up to 100", NUMBER_HINT)
                })?;
        }
        Ok(Ast::Phrase {
            field: field.map(str::to_owned),
            text,
            slop,
            boost: None,
        })
    }

    fn read_digits(&mut self) -> String {
        let mut digits = String::new();
        while let Some(c) = self.peek().filter(|c| c.is_ascii_digit() || *c == '.') {
            digits.push(c);
            self.pos += 1;
        }
        digits
    }

    fn parse_range(&mut self, field: Option<&str>) -> Result<Ast, ParseError> {
        let open = self.pos;
        let lower_inclusive = self.peek() == Some('[');
        self.pos += 1;
        let mut parts = Vec::new();
        let mut current = String::new();
        let upper_inclusive = loop {
            match self.peek() {
                None => {
                    self.pos = open;
                    return Err(self.error("unclosed range", RANGE_HINT));
                }
                Some(c @ (']' | '}')) => {
                    self.pos += 1;
                    break c == ']';
                }
                Some(c) if c.is_whitespace() => {
                    if !current.is_empty() {
                        parts.push(std::mem::take(&mut current));
                    }
                    self.pos += 1;
                }
                Some(c) => {
                    current.push(c);
                    self.pos += 1;
                }
            }
        };
        if !current.is_empty() {
            parts.push(current);
        }
        let [lower, to, upper] = parts.as_slice() else {
            self.pos = open;
            return Err(self.error("a range needs two bounds around TO", RANGE_HINT));
        };
        if to != "TO" {
            self.pos = open;
            return Err(self.error("a range needs TO between its bounds", RANGE_HINT));
        }
        let bound = |b: &String| (b != "*").then(|| b.clone());
        Ok(Ast::Range {
            field: field.map(str::to_owned),
            lower: bound(lower),
            upper: bound(upper),
            lower_inclusive,
            upper_inclusive,
        })
    }

    /// A `^BOOST` after a node. Boosts of a node in groups multiply: `(a^2)^3` is `a^6`.
    fn parse_boost(&mut self, mut node: Ast) -> Result<Ast, ParseError> {
        if self.peek() != Some('^') {
            return Ok(node);
        }
        let at = self.pos;
        self.pos += 1;
        let digits = self.read_digits();
        let value = digits
            .parse::<f32>()
            .ok()
            .filter(|b| b.is_finite() && *b >= 0.0 && *b <= MAX_BOOST)
            .ok_or_else(|| self.error("a boost must be a number from 0 to 1000", NUMBER_HINT))?;
        if let Ast::Word { boost, .. } | Ast::Phrase { boost, .. } | Ast::Bool { boost, .. } =
            &mut node
        {
            let product = boost.unwrap_or(1.0) * value;
            if product > MAX_BOOST {
                self.pos = at;
                return Err(self.error(
                    format!("boosts multiply to more than {MAX_BOOST}"),
                    NUMBER_HINT,
                ));
            }
            *boost = Some(product);
        }
        Ok(node)
    }
}

/// A word as read, with where its unescaped `~` and `*` are.
struct RawWord {
    /// The word, escapes resolved.
    text: String,
    /// The byte offset in `text` of the last unescaped `~`.
    tilde: Option<usize>,
    /// Whether `text` ends with an unescaped `*`.
    star: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Ast {
        Ast::Word {
            field: None,
            text: text.into(),
            fuzzy: None,
            prefix: false,
            boost: None,
        }
    }

    fn bool_of(clauses: Vec<(Occur, Ast)>) -> Ast {
        Ast::Bool {
            clauses,
            boost: None,
        }
    }

    fn p(input: &str) -> Ast {
        parse(input, Occur::Should).unwrap_or_else(|e| panic!("{input:?}: {e}"))
    }

    #[test]
    fn words_join_with_the_default_operator() {
        assert_eq!(
            p("shoigu pyongyang"),
            bool_of(vec![
                (Occur::Should, word("shoigu")),
                (Occur::Should, word("pyongyang"))
            ])
        );
        assert_eq!(
            parse("shoigu pyongyang", Occur::Must).unwrap(),
            bool_of(vec![
                (Occur::Must, word("shoigu")),
                (Occur::Must, word("pyongyang"))
            ])
        );
    }

    #[test]
    fn and_binds_tighter_than_or() {
        assert_eq!(
            p("a AND b OR c"),
            bool_of(vec![
                (
                    Occur::Should,
                    bool_of(vec![(Occur::Must, word("a")), (Occur::Must, word("b"))])
                ),
                (Occur::Should, word("c")),
            ])
        );
    }

    #[test]
    fn signs_and_not() {
        assert_eq!(
            p("+kim -trump NOT putin"),
            bool_of(vec![
                (Occur::Must, word("kim")),
                (Occur::MustNot, word("trump")),
                (Occur::MustNot, word("putin")),
            ])
        );
        assert_eq!(
            p("NOT putin"),
            bool_of(vec![(Occur::MustNot, word("putin"))])
        );
    }

    #[test]
    fn fields_phrases_prefixes_fuzzy_boosts() {
        assert_eq!(
            p("title:\"kim jong un\"~2^3"),
            Ast::Phrase {
                field: Some("title".into()),
                text: "kim jong un".into(),
                slop: 2,
                boost: Some(3.0)
            }
        );
        assert_eq!(
            p("pyong*"),
            Ast::Word {
                field: None,
                text: "pyong".into(),
                fuzzy: None,
                prefix: true,
                boost: None
            }
        );
        assert_eq!(
            p("shoigu~"),
            Ast::Word {
                field: None,
                text: "shoigu".into(),
                fuzzy: Some(1),
                prefix: false,
                boost: None
            }
        );
        assert_eq!(
            p("source:(ap OR reuters)"),
            bool_of(vec![
                (
                    Occur::Should,
                    Ast::Word {
                        field: Some("source".into()),
                        text: "ap".into(),
                        fuzzy: None,
                        prefix: false,
                        boost: None
                    }
                ),
                (
                    Occur::Should,
                    Ast::Word {
                        field: Some("source".into()),
                        text: "reuters".into(),
                        fuzzy: None,
                        prefix: false,
                        boost: None
                    }
                ),
            ])
        );
    }

    #[test]
    fn ranges() {
        assert_eq!(
            p("date:[2023-07-01 TO *}"),
            Ast::Range {
                field: Some("date".into()),
                lower: Some("2023-07-01".into()),
                upper: None,
                lower_inclusive: true,
                upper_inclusive: false
            }
        );
    }

    #[test]
    fn errors_point_at_the_problem() {
        let cases = [
            ("\"kim jong", 1, "unclosed quote"),
            ("(kim OR", 8, "OR needs something after it"),
            ("kim)", 4, "unexpected )"),
            ("(kim", 1, "unmatched ("),
            ("AND kim", 4, "AND needs something before it"),
            ("date:[2023 2024]", 6, "a range needs two bounds around TO"),
            ("kim~7", 6, "fuzziness must be 0, 1 or 2"),
            ("kim^x", 5, "a boost must be a number"),
            ("title: kim", 7, "title: needs a value"),
        ];
        for (input, column, message) in cases {
            let err = parse(input, Occur::Should).unwrap_err();
            assert!(err.message.starts_with(message), "{input:?}: {err}");
            assert_eq!(err.column, column, "{input:?}: {err}");
        }
    }

    #[test]
    fn lenient_reading_keeps_words_and_phrases() {
        let ast = parse_lenient("(kim \"jong un\" AND", Occur::Should);
        let Ast::Bool { clauses, .. } = ast else {
            panic!("expected a list")
        };
        let texts: Vec<String> = clauses
            .iter()
            .map(|(_, a)| match a {
                Ast::Word { text, .. } | Ast::Phrase { text, .. } => text.clone(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(texts, ["kim", "jong un"]);
    }

    #[test]
    fn colon_in_a_word_that_is_not_a_field_stays_a_word() {
        assert_eq!(p("10:30"), word("10:30"));
    }
}
