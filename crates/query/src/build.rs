//! From a parsed [`Ast`] to a tantivy query over newsdex's fields.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

use newsdex_schema::{Fields, NewsDate, SOURCE_ANALYZER};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, DisjunctionMaxQuery, EmptyQuery, FuzzyTermQuery,
    Occur as TOccur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use crate::dated::DatedIn;
use crate::dates::DateSpan;
use crate::flat::TermSum;
use crate::languages::{cross_script, Analyzers};
use crate::parser::{Ast, Occur, MAX_BOOST};
use crate::{Error, Result};
use newsdex_schema::translit::Script;

/// How much a name variant (a term one edit away from a query word) weighs against the
/// word itself. Below 1, so exact spellings rank first.
pub const VARIANT_WEIGHT: f32 = 0.6;

/// Variants are looked for only for words at least this long (after analysis)…
const VARIANT_MIN_LEN: usize = 5;
/// …that are rare, in at most this fraction of the documents, or written with a capital
/// (they look like names) and not common: a word in more than this fraction of the
/// documents and in at least [`COMMON_MIN_DOCS`] has articles of its own, and a spelling
/// one edit away is another word (`Reagan` and `Regan`, two men).
const VARIANT_MAX_DOC_RATIO: f64 = 0.01;
/// See [`VARIANT_MAX_DOC_RATIO`].
const COMMON_MIN_DOCS: u64 = 50;
/// At most this many variants per word, the most frequent first. A word's variants are
/// together in no more documents than the word itself, so they never outnumber its own
/// articles, except for a word in none, whose variants are its corrections.
const MAX_VARIANTS: usize = 8;
/// At most this many terms for a `prefix*` or `word~N`.
const MAX_EXPANSIONS: usize = 64;

/// A term to expand: its field, the term, the edit distance.
type ExpansionKey = (Field, String, u8);

/// Fuzzy expansions (a word's name variants and corrections, `word~N`) shared by the
/// searches of one [`crate::Searcher`], for the commit they were found in: walking the
/// term dictionaries is most of the time of a search for a rare word, and a server, or a
/// person typing, searches the same words again and again. At most [`Expansions::MAX`]
/// are kept; a new commit starts afresh.
#[derive(Debug, Default)]
pub(crate) struct Expansions {
    found: Mutex<(u64, HashMap<ExpansionKey, Vec<String>>)>,
}

impl Expansions {
    /// The most expansions kept.
    const MAX: usize = 4096;

    fn get(&self, generation: u64, key: &ExpansionKey) -> Option<Vec<String>> {
        let found = self.found.lock().unwrap_or_else(|e| e.into_inner());
        (found.0 == generation)
            .then(|| found.1.get(key).cloned())
            .flatten()
    }

    fn put(&self, generation: u64, key: ExpansionKey, terms: Vec<String>) {
        let mut found = self.found.lock().unwrap_or_else(|e| e.into_inner());
        if found.0 != generation || found.1.len() >= Self::MAX {
            *found = (generation, HashMap::new());
        }
        found.1.insert(key, terms);
    }
}

pub(crate) struct Builder<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    /// The analyzers of the languages in the index.
    analyzers: Analyzers,
    source: TextAnalyzer,
    folding: TextAnalyzer,
    title_boost: f32,
    variants: bool,
    /// Lenient mode: unknown fields are read as words.
    lenient: bool,
    /// Whether the query built only selects articles, its scores unused (see
    /// [`Builder::build_selection`]).
    selecting: bool,
    /// The product of the boosts of the groups around the node being built.
    boost: f32,
    /// Fuzzy expansions already made, by field, term and distance, most frequent first:
    /// the tiers of a query build its words more than once, and walking the term
    /// dictionaries is the slow part of building.
    expanded: HashMap<ExpansionKey, Vec<String>>,
    /// The expansions of earlier searches of the same commit, when shared.
    shared: Option<&'a Expansions>,
    /// The name variants the query was built with, as index terms.
    pub(crate) variants_used: BTreeSet<String>,
}

/// Where a word is searched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    /// `text` (title and body) and `title`, title boosted.
    Default,
    /// One analyzed text field.
    Text(Field),
    Source,
    Id,
    Date,
}

impl<'a> Builder<'a> {
    pub(crate) fn new(
        searcher: &'a Searcher,
        fields: &'a Fields,
        title_boost: f32,
        variants: bool,
        lenient: bool,
    ) -> Result<Builder<'a>> {
        let tokenizers = searcher.index().tokenizers();
        let get = |name: &str| {
            tokenizers.get(name).ok_or_else(|| Error::Internal {
                message: format!("analyzer {name} is not registered"),
            })
        };
        Ok(Builder {
            searcher,
            fields,
            analyzers: Analyzers::new(searcher, fields)?,
            source: get(SOURCE_ANALYZER)?,
            folding: crate::snippet::folding_analyzer(),
            title_boost,
            variants,
            lenient,
            selecting: false,
            boost: 1.0,
            expanded: HashMap::new(),
            shared: None,
            variants_used: BTreeSet::new(),
        })
    }

    /// `self`, reusing the expansions of earlier searches kept in `shared`, and keeping
    /// its own there.
    pub(crate) fn sharing(mut self, shared: &'a Expansions) -> Builder<'a> {
        self.shared = Some(shared);
        self
    }

    /// Builds the query, with name variants if the builder allows them. `None` when nothing
    /// in the query can match (only stop words, say).
    pub(crate) fn build(&mut self, ast: &Ast) -> Result<Option<Box<dyn Query>>> {
        self.node(ast, None)
    }

    /// Whether one of the index's languages keeps nothing of `text` (a stop word of its).
    pub(crate) fn drops(&mut self, text: &str) -> bool {
        self.analyzers.drops(text)
    }

    /// The term of `text` as one word that the most articles' text holds, of the ways the
    /// languages analyse it, and in how many articles; `None` when no analysis makes it
    /// one term.
    pub(crate) fn word_articles(&mut self, text: &str) -> Result<Option<(String, u64)>> {
        let mut most: Option<(String, u64)> = None;
        for tokens in self.analyzers.alternatives(text) {
            if let [(_, term)] = tokens.as_slice() {
                let held = self
                    .searcher
                    .doc_freq(&Term::from_field_text(self.fields.text, term))?;
                if most.as_ref().is_none_or(|(_, n)| held > *n) {
                    most = Some((term.clone(), held));
                }
            }
        }
        Ok(most)
    }

    /// Builds the query without name variants, whatever the builder's setting.
    pub(crate) fn build_exact(&mut self, ast: &Ast) -> Result<Option<Box<dyn Query>>> {
        let variants = std::mem::replace(&mut self.variants, false);
        let built = self.node(ast, None);
        self.variants = variants;
        built
    }

    /// Builds a query whose scores are not used, only the articles it matches (with
    /// name variants if `variants` and the builder allows them): a word's terms are
    /// searched in the text alone, which holds the title's words too, for fewer terms
    /// to read.
    pub(crate) fn build_selection(
        &mut self,
        ast: &Ast,
        variants: bool,
    ) -> Result<Option<Box<dyn Query>>> {
        let selecting = std::mem::replace(&mut self.selecting, true);
        let built = if variants {
            self.build(ast)
        } else {
            self.build_exact(ast)
        };
        self.selecting = selecting;
        built
    }

    fn target(&self, field: Option<&str>) -> Result<Target> {
        let fields = self.fields;
        Ok(match field {
            None => Target::Default,
            Some("title") => Target::Text(fields.title),
            Some("body" | "text") => Target::Text(fields.text),
            Some("author") => Target::Text(fields.author),
            Some("source") => Target::Source,
            Some("id") => Target::Id,
            Some("date") => Target::Date,
            Some(_) if self.lenient => Target::Default,
            Some(other) => {
                return Err(Error::UnknownField {
                    field: other.to_string(),
                })
            }
        })
    }

    fn node(&mut self, ast: &Ast, inherited: Option<&str>) -> Result<Option<Box<dyn Query>>> {
        let outer = self.boost;
        let boost = match ast {
            Ast::Word { boost, .. } | Ast::Phrase { boost, .. } | Ast::Bool { boost, .. } => *boost,
            Ast::Range { .. } => None,
        };
        self.boost *= boost.unwrap_or(1.0);
        if self.boost > MAX_BOOST {
            return Err(Error::UnsupportedQuery {
                message: format!("boosts multiply to more than {MAX_BOOST}"),
                hint: "use smaller boosts: the boosts of nested groups multiply".into(),
            });
        }
        let built = self.build_node(ast, inherited);
        self.boost = outer;
        built
    }

    fn build_node(&mut self, ast: &Ast, inherited: Option<&str>) -> Result<Option<Box<dyn Query>>> {
        match ast {
            Ast::Word {
                field,
                text,
                fuzzy,
                prefix,
                boost,
            } => {
                let field = field.as_deref().or(inherited);
                let target = self.target(field)?;
                let built = self.word(target, text, *fuzzy, *prefix)?;
                Ok(built.map(|q| boosted(q, *boost)))
            }
            Ast::Phrase {
                field,
                text,
                slop,
                boost,
            } => {
                let field = field.as_deref().or(inherited);
                let target = self.target(field)?;
                let built = self.phrase(target, text, *slop)?;
                Ok(built.map(|q| boosted(q, *boost)))
            }
            Ast::Range {
                field,
                lower,
                upper,
                lower_inclusive,
                upper_inclusive,
            } => {
                let field = field.as_deref().or(inherited);
                if self.target(field)? != Target::Date {
                    if self.lenient {
                        return Ok(None);
                    }
                    return Err(Error::UnsupportedQuery {
                        message: "ranges work on dates only".into(),
                        hint: "write date:[2023-07-01 TO 2023-09-30]".into(),
                    });
                }
                // An inclusive lower bound starts with its span, an exclusive one after
                // it; the other way round for the upper bound.
                let bound =
                    |text: &Option<String>, at_start: bool| -> Result<Option<Option<NewsDate>>> {
                        let Some(text) = text else {
                            return Ok(Some(None));
                        };
                        Ok(self
                            .date_span(text)?
                            .map(|span| Some(if at_start { span.start } else { span.end })))
                    };
                let (Some(lower), Some(upper)) = (
                    bound(lower, *lower_inclusive)?,
                    bound(upper, !*upper_inclusive)?,
                ) else {
                    return Ok(None);
                };
                Ok(Some(date_range(lower, upper)))
            }
            Ast::Bool { clauses, boost } => {
                let mut built: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
                let mut filters = Vec::new();
                for (occur, clause) in clauses {
                    let Some(query) = self.node(clause, inherited)? else {
                        continue;
                    };
                    match occur {
                        Occur::Filter => filters.push(query),
                        other => built.push((tantivy_occur(*other), query)),
                    }
                }
                let rest = clauses_query(built);
                if filters.is_empty() {
                    return Ok(rest.map(|q| boosted(q, *boost)));
                }
                // The other clauses must match as they would alone, and the filters too.
                let mut all: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
                all.extend(rest.map(|q| (TOccur::Must, q)));
                for filter in filters {
                    all.push((TOccur::Must, unscored(filter)));
                }
                Ok(Some(boosted(Box::new(BooleanQuery::new(all)), *boost)))
            }
        }
    }

    /// The span a date names; in lenient mode, `None` for a date that doesn't read, so
    /// its clause is left out.
    fn date_span(&self, text: &str) -> Result<Option<DateSpan>> {
        match DateSpan::parse(text) {
            Ok(span) => Ok(Some(span)),
            Err(_) if self.lenient => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
        let mut tokens = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            tokens.push((token.position, token.text.clone()));
        }
        tokens
    }

    fn word(
        &mut self,
        target: Target,
        text: &str,
        fuzzy: Option<u8>,
        prefix: bool,
    ) -> Result<Option<Box<dyn Query>>> {
        match target {
            Target::Id => Ok(Some(Box::new(TermQuery::new(
                Term::from_field_text(self.fields.id, text),
                IndexRecordOption::Basic,
            )))),
            Target::Date => {
                let Some(span) = self.date_span(text)? else {
                    return Ok(None);
                };
                Ok(Some(date_range(Some(span.start), Some(span.end))))
            }
            Target::Source => {
                let Some((_, value)) = Self::analyze(&mut self.source, text).pop() else {
                    return Ok(None);
                };
                let field = self.fields.source;
                let terms = if prefix {
                    self.expand_prefix(field, &value)?
                } else {
                    vec![value]
                };
                Ok(Some(any_term(field, &terms, IndexRecordOption::Basic)))
            }
            // `*` alone: every article.
            Target::Default if text == "*" && !prefix && fuzzy.is_none() => {
                Ok(Some(unscored(Box::new(AllQuery))))
            }
            Target::Default | Target::Text(_) => {
                let search_field = match target {
                    Target::Text(field) => field,
                    _ => self.fields.text,
                };
                if prefix {
                    let Some((_, stem)) = Self::analyze(&mut self.folding, text).pop() else {
                        return Ok(None);
                    };
                    let terms = self.expand_prefix(search_field, &stem)?;
                    return Ok(Some(self.terms_query(target, &terms, 1.0)));
                }
                let mut alternatives = if target == Target::Text(self.fields.author) {
                    vec![self.analyzers.english(text)]
                } else {
                    self.analyzers.alternatives(text)
                };
                if fuzzy.is_none() && alternatives.len() > 1 {
                    // A form of the word no article holds adds nothing to the best of the
                    // forms but a scorer to run.
                    let mut held = Vec::with_capacity(alternatives.len());
                    for tokens in &alternatives {
                        held.push(match tokens.as_slice() {
                            [(_, term)] => {
                                self.searcher
                                    .doc_freq(&Term::from_field_text(search_field, term))?
                                    > 0
                            }
                            _ => true,
                        });
                    }
                    if held.iter().any(|h| *h) {
                        let mut held = held.into_iter();
                        alternatives.retain(|_| held.next().unwrap_or(true));
                    }
                }
                let mut built = Vec::with_capacity(alternatives.len());
                for tokens in alternatives {
                    if let Some(query) =
                        self.analyzed_word(target, search_field, text, tokens, fuzzy)?
                    {
                        built.push(query);
                    }
                }
                let cross = match fuzzy {
                    None if self.variants && target != Target::Text(self.fields.author) => {
                        self.cross_script(target, search_field, text)?
                    }
                    _ => None,
                };
                let main = one_of(built);
                Ok(match (main, cross) {
                    (Some(main), Some(cross)) => Some(union(vec![main, cross])),
                    (main, cross) => main.or(cross),
                })
            }
        }
    }

    /// The query of a word as one language analyses it (`tokens`): a term with its name
    /// variants, a fuzzy term, or a phrase of its parts.
    fn analyzed_word(
        &mut self,
        target: Target,
        search_field: Field,
        text: &str,
        tokens: Vec<(usize, String)>,
        fuzzy: Option<u8>,
    ) -> Result<Option<Box<dyn Query>>> {
        if tokens.len() > 1 {
            // `Jong-un`, a run of CJK characters and the like: the parts as a phrase.
            return Ok(self.phrase_of(target, tokens, 0));
        }
        let Some((_, term)) = tokens.into_iter().next() else {
            return Ok(None);
        };
        if let Some(distance) = fuzzy.filter(|d| *d > 0) {
            let variants = self.expand_fuzzy(search_field, &term, distance)?;
            let mut all = vec![term];
            all.extend(variants);
            return Ok(Some(self.terms_query(target, &all, 1.0)));
        }
        let exact = self.terms_query(target, std::slice::from_ref(&term), 1.0);
        if !self.variants {
            return Ok(Some(exact));
        }
        let Some(own) = self.variant_room(search_field, text, &term)? else {
            return Ok(Some(exact));
        };
        let variants = self.spelling_variants(search_field, &term, own)?;
        if variants.is_empty() {
            return Ok(Some(exact));
        }
        self.variants_used.extend(variants.iter().cloned());
        let variant_query = self.terms_query(target, &variants, VARIANT_WEIGHT);
        Ok(Some(union(vec![exact, variant_query])))
    }

    /// The spellings of a name in other scripts, as variants: a word in Latin letters by
    /// its key among the keys of Cyrillic, Greek, Hangul and kana words (`Shoigu` finds
    /// `Шойгу` and `쇼이구`); a word in one of those scripts also by its romanization in
    /// Latin text and that spelling's own variants (`Шойгу` finds `Shoigu`). Only words
    /// that get name variants (see [`Builder::wants_variants`]); `None` when nothing in
    /// the index matches.
    fn cross_script(
        &mut self,
        target: Target,
        search_field: Field,
        text: &str,
    ) -> Result<Option<Box<dyn Query>>> {
        let Some(cross) = cross_script(text) else {
            return Ok(None);
        };
        let mut parts: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
        if self.analyzers.keyed() {
            let mut keys = Vec::new();
            for key in cross.keys {
                if self
                    .searcher
                    .doc_freq(&Term::from_field_text(self.fields.names, &key))?
                    > 0
                {
                    keys.push(key);
                }
            }
            // The typed word must look like a name (or be rare) in its own script; Hangul
            // and kana have no capitals, and their words are keyed whole.
            let typed = self.analyzers.english(text);
            let wanted = match (Script::of(text), typed.as_slice()) {
                (Some(Script::Hangul | Script::Kana), _) => true,
                (_, [(_, term)]) => self.wants_variants(search_field, text, term)?,
                _ => false,
            };
            if !keys.is_empty() && wanted {
                let keyed = any_term(self.fields.names, &keys, IndexRecordOption::WithFreqs);
                parts.push((TOccur::Should, boosted_by(keyed, VARIANT_WEIGHT)));
            }
        }
        if let Some(romanized) = cross.romanized {
            if let [(_, term)] = self.analyzers.english(&romanized).as_slice() {
                let mut spellings = Vec::new();
                let df = self
                    .searcher
                    .doc_freq(&Term::from_field_text(search_field, term))?;
                if df > 0 {
                    spellings.push(term.clone());
                }
                spellings.extend(self.expand_fuzzy(search_field, term, 1)?);
                if !spellings.is_empty() {
                    self.variants_used.extend(spellings.iter().cloned());
                    parts.push((
                        TOccur::Should,
                        self.terms_query(target, &spellings, VARIANT_WEIGHT),
                    ));
                }
            }
        }
        Ok(match parts.len() {
            0 => None,
            1 => parts.pop().map(|(_, q)| q),
            _ => Some(union(parts.into_iter().map(|(_, q)| q).collect())),
        })
    }

    /// Whether `term` (typed as `typed`) gets name variants (see
    /// [`Builder::variant_room`]).
    fn wants_variants(&self, field: Field, typed: &str, term: &str) -> Result<bool> {
        Ok(self.variant_room(field, typed, term)?.is_some())
    }

    /// The number of documents with `term` (typed as `typed`) when it gets name
    /// variants: it is long enough, without digits, and rare in the index or written like
    /// a name and not common (see [`VARIANT_MAX_DOC_RATIO`]); `None` otherwise.
    fn variant_room(&self, field: Field, typed: &str, term: &str) -> Result<Option<u64>> {
        if term.chars().count() < VARIANT_MIN_LEN || term.chars().any(|c| c.is_ascii_digit()) {
            return Ok(None);
        }
        let docs = self.searcher.num_docs().max(1) as f64;
        let df = self
            .searcher
            .doc_freq(&Term::from_field_text(field, term))?;
        let rare = df as f64 / docs <= VARIANT_MAX_DOC_RATIO;
        let name = typed.chars().next().is_some_and(char::is_uppercase);
        Ok((rare || (name && df < COMMON_MIN_DOCS)).then_some(df))
    }

    /// The spellings one edit away from `term` searched with it, most frequent first: at
    /// most [`MAX_VARIANTS`], in no more documents together than `own`, the word's: a far
    /// more frequent spelling is another word (`close` for `clove`, `Reagan` for
    /// `Regan`). A word in no document gets its most frequent neighbours, its
    /// corrections.
    fn spelling_variants(&mut self, field: Field, term: &str, own: u64) -> Result<Vec<String>> {
        self.expand_fuzzy(field, term, 1)?;
        let neighbours = self
            .expanded
            .get(&(field, term.to_string(), 1))
            .cloned()
            .unwrap_or_default();
        if own == 0 {
            return Ok(neighbours.into_iter().take(MAX_VARIANTS).collect());
        }
        let mut room = own;
        let mut kept = Vec::new();
        for neighbour in neighbours {
            if kept.len() == MAX_VARIANTS {
                break;
            }
            let df = self
                .searcher
                .doc_freq(&Term::from_field_text(field, &neighbour))?;
            if df <= room {
                room -= df;
                kept.push(neighbour);
            }
        }
        Ok(kept)
    }

    fn phrase(&mut self, target: Target, text: &str, slop: u32) -> Result<Option<Box<dyn Query>>> {
        match target {
            Target::Source | Target::Id | Target::Date => self.word(target, text, None, false),
            Target::Default | Target::Text(_) => {
                let alternatives = if target == Target::Text(self.fields.author) {
                    vec![self.analyzers.english(text)]
                } else {
                    self.analyzers.alternatives(text)
                };
                let built = alternatives
                    .into_iter()
                    .filter_map(|tokens| self.phrase_of(target, tokens, slop))
                    .collect();
                Ok(one_of(built))
            }
        }
    }

    fn phrase_of(
        &self,
        target: Target,
        tokens: Vec<(usize, String)>,
        slop: u32,
    ) -> Option<Box<dyn Query>> {
        if tokens.len() <= 1 {
            let (_, term) = tokens.into_iter().next()?;
            return Some(self.terms_query(target, &[term], 1.0));
        }
        let phrase_on = |field: Field| -> Box<dyn Query> {
            let terms = tokens
                .iter()
                .map(|(pos, t)| (*pos, Term::from_field_text(field, t)))
                .collect();
            Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
        };
        Some(match target {
            Target::Text(field) => phrase_on(field),
            _ => Box::new(BooleanQuery::new(vec![
                (TOccur::Should, phrase_on(self.fields.text)),
                (
                    TOccur::Should,
                    Box::new(BoostQuery::new(
                        phrase_on(self.fields.title),
                        self.title_boost,
                    )),
                ),
            ])),
        })
    }

    /// Any of `terms`, scored with BM25, on the target's fields, times `weight`. When the
    /// builder only selects ([`Builder::selecting`]), the terms of the title are left
    /// out of the default target: the text holds the title's words too.
    fn terms_query(&self, target: Target, terms: &[String], weight: f32) -> Box<dyn Query> {
        let on = |field: Field| terms.iter().map(move |t| Term::from_field_text(field, t));
        let sum = match target {
            Target::Text(field) => TermSum::new(on(field), weight),
            _ if self.selecting => TermSum::new(on(self.fields.text), weight),
            _ => TermSum::new(on(self.fields.text), weight).plus(TermSum::new(
                on(self.fields.title),
                weight * self.title_boost,
            )),
        };
        Box::new(sum)
    }

    /// Terms of `field` that start with `prefix`, most frequent first.
    fn expand_prefix(&self, field: Field, prefix: &str) -> Result<Vec<String>> {
        let mut found = BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let index = segment.inverted_index(field)?;
            let mut stream = index.terms().range().ge(prefix.as_bytes()).into_stream()?;
            while stream.advance() {
                let key = stream.key();
                if !key.starts_with(prefix.as_bytes()) || found.len() >= MAX_EXPANSIONS * 4 {
                    break;
                }
                if let Ok(term) = std::str::from_utf8(key) {
                    found.insert(term.to_string());
                }
            }
        }
        self.most_frequent(field, found, MAX_EXPANSIONS)
    }

    /// Terms of `field` within `distance` edits of `term` (a transposition is one edit),
    /// `term` itself left out, most frequent first.
    fn expand_fuzzy(&mut self, field: Field, term: &str, distance: u8) -> Result<Vec<String>> {
        let limit = if distance == 1 && self.variants {
            MAX_VARIANTS
        } else {
            MAX_EXPANSIONS
        };
        let key = (field, term.to_string(), distance);
        if let Some(found) = self.expanded.get(&key) {
            return Ok(found.iter().take(limit).cloned().collect());
        }
        let generation = self.searcher.generation().generation_id();
        if let Some(found) = self.shared.and_then(|shared| shared.get(generation, &key)) {
            let first = found.iter().take(limit).cloned().collect();
            self.expanded.insert(key, found);
            return Ok(first);
        }
        let query = FuzzyTermQuery::new(Term::from_field_text(field, term), distance, true);
        // Each segment's dictionary is walked on a search thread of its own.
        let walk = |segment: &tantivy::SegmentReader| -> tantivy::Result<Vec<String>> {
            let automaton = query.automaton()?;
            let index = segment.inverted_index(field)?;
            let mut stream = index.terms().search(automaton).into_stream()?;
            let mut found = Vec::new();
            while stream.advance() {
                if let Ok(found_term) = std::str::from_utf8(stream.key()) {
                    if found_term != term {
                        found.push(found_term.to_string());
                    }
                }
            }
            Ok(found)
        };
        let found: BTreeSet<String> = crate::threads::executor(self.searcher)
            .map(walk, self.searcher.segment_readers().iter())?
            .into_iter()
            .flatten()
            .collect();
        let found = self.most_frequent(field, found, usize::MAX)?;
        let first = found.iter().take(limit).cloned().collect();
        if let Some(shared) = self.shared {
            shared.put(generation, key.clone(), found.clone());
        }
        self.expanded.insert(key, found);
        Ok(first)
    }

    fn most_frequent(
        &self,
        field: Field,
        terms: BTreeSet<String>,
        limit: usize,
    ) -> Result<Vec<String>> {
        let mut counted = Vec::with_capacity(terms.len());
        for term in terms {
            let df = self
                .searcher
                .doc_freq(&Term::from_field_text(field, &term))?;
            if df > 0 {
                counted.push((df, term));
            }
        }
        counted.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        Ok(counted.into_iter().take(limit).map(|(_, t)| t).collect())
    }
}

fn tantivy_occur(occur: Occur) -> TOccur {
    match occur {
        Occur::Must | Occur::Filter => TOccur::Must,
        Occur::Should => TOccur::Should,
        Occur::MustNot => TOccur::MustNot,
    }
}

/// The query of built clauses: `None` when there are none, the clause itself when it is
/// alone and not excluded; clauses that only exclude match every other article.
fn clauses_query(mut built: Vec<(TOccur, Box<dyn Query>)>) -> Option<Box<dyn Query>> {
    if built.is_empty() {
        return None;
    }
    if built.iter().all(|(o, _)| *o == TOccur::MustNot) {
        built.push((TOccur::Must, unscored(Box::new(AllQuery))));
    }
    if built.len() == 1 && built[0].0 != TOccur::MustNot {
        return built.pop().map(|(_, query)| query);
    }
    if built.iter().all(|(o, _)| *o == TOccur::Should) {
        return Some(union(built.into_iter().map(|(_, q)| q).collect()));
    }
    Some(Box::new(BooleanQuery::new(built)))
}

/// Articles that match any of `queries`, scored by the sum of their scores: one flat
/// [`TermSum`] when they all are term sums.
fn union(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if let Some(sum) = TermSum::of_all(queries.iter().map(|q| q.as_ref())) {
        return Box::new(sum);
    }
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (TOccur::Should, q)).collect(),
    ))
}

/// `query`, matching as it does, scoring nothing.
pub(crate) fn unscored(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, 0.0))
}

fn boosted(query: Box<dyn Query>, boost: Option<f32>) -> Box<dyn Query> {
    match boost {
        Some(b) => boosted_by(query, b),
        None => query,
    }
}

/// The best of `queries`, the forms of a word in several languages: the one query, or
/// their disjunction scored by its best match. An article's words are all read by the
/// rules of its one language, so that it holds the terms of one form: when the forms are
/// terms ([`TermSum`]), their sum scores it as their best does, and runs as one union.
fn one_of(mut queries: Vec<Box<dyn Query>>) -> Option<Box<dyn Query>> {
    match queries.len() {
        0 => None,
        1 => queries.pop(),
        _ => Some(match TermSum::of_all(queries.iter().map(|q| q.as_ref())) {
            Some(sum) => Box::new(sum),
            None => Box::new(DisjunctionMaxQuery::new(queries)),
        }),
    }
}

fn boosted_by(query: Box<dyn Query>, weight: f32) -> Box<dyn Query> {
    if weight == 1.0 {
        return query;
    }
    match query.downcast_ref::<TermSum>() {
        Some(sum) => Box::new(sum.clone().times(weight)),
        None => Box::new(BoostQuery::new(query, weight)),
    }
}

/// Any of `terms` in `field`; an empty list matches nothing.
fn any_term(field: Field, terms: &[String], record: IndexRecordOption) -> Box<dyn Query> {
    let mut queries: Vec<(TOccur, Box<dyn Query>)> = terms
        .iter()
        .map(|t| {
            let q: Box<dyn Query> =
                Box::new(TermQuery::new(Term::from_field_text(field, t), record));
            (TOccur::Should, q)
        })
        .collect();
    match queries.len() {
        0 => Box::new(EmptyQuery),
        1 => queries
            .pop()
            .map(|(_, q)| q)
            .unwrap_or_else(|| Box::new(EmptyQuery)),
        _ => Box::new(BooleanQuery::new(queries)),
    }
}

/// Documents dated in `[lower, upper)`; unscored. Read from the date column into a bit
/// set of each segment ([`DatedIn`]).
pub(crate) fn date_range(lower: Option<NewsDate>, upper: Option<NewsDate>) -> Box<dyn Query> {
    let span = DatedIn::new(
        lower.map(NewsDate::to_tantivy),
        upper.map(NewsDate::to_tantivy),
    );
    Box::new(BoostQuery::new(Box::new(span), 0.0))
}
