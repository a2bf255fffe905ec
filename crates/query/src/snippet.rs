//! Snippets: the passages of an article where the query's words are, with the words
//! marked.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Mutex, PoisonError};

use newsdex_schema::Fields;
use serde::Serialize;
use tantivy::query::Query;
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer};
use tantivy::Term;

use crate::Result;

/// A passage of an article with the matched words marked.
///
/// Serialized as `{"text": …, "highlights": [[start, end], …], "highlight_bytes": […]}`,
/// `highlights` in Unicode code points and `highlight_bytes` in bytes, as in [`Hit`](crate::Hit).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The passage, whitespace collapsed; fragments joined with ` … `, and `…` where the
    /// passage starts or ends inside the text.
    pub text: String,
    /// Byte ranges of `text` that matched the query.
    pub highlights: Vec<Range<usize>>,
}

impl Serialize for Snippet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut snippet = s.serialize_struct("Snippet", 3)?;
        snippet.serialize_field("text", &self.text)?;
        snippet.serialize_field(
            "highlights",
            &crate::results::pairs(&self.char_highlights()),
        )?;
        snippet.serialize_field("highlight_bytes", &crate::results::pairs(&self.highlights))?;
        snippet.end()
    }
}

impl Snippet {
    /// [`Snippet::highlights`] in Unicode code points of `text` instead of bytes.
    pub fn char_highlights(&self) -> Vec<Range<usize>> {
        crate::results::char_ranges(&self.text, &self.highlights)
    }

    /// Whether the snippet is empty.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// The query's terms, as the analyzer produces them, each with a weight (rarer is heavier),
/// and those of them that the query has only inside phrases (`interest` and `rates` of
/// `"interest rates"`): those are marked only where they stand together.
#[derive(Clone, Debug, Default)]
pub(crate) struct Terms(
    pub(crate) HashMap<String, f32>,
    /// The terms the query has only in phrases.
    pub(crate) HashSet<String>,
    /// The terms the query has in phrases, those it also has alone included.
    pub(crate) HashSet<String>,
    /// The pairs of terms that follow each other in a phrase of the query, in order.
    pub(crate) HashSet<(String, String)>,
);

impl Terms {
    /// The text-field terms of `query`, weighted by rarity, for snippets and highlights.
    pub(crate) fn of_query(
        searcher: &tantivy::Searcher,
        query: Option<&dyn Query>,
        fields: &Fields,
    ) -> Result<Terms> {
        let mut terms: HashMap<String, f32> = HashMap::new();
        let Some(query) = query else {
            return Ok(Terms(terms, HashSet::new(), HashSet::new(), HashSet::new()));
        };
        let mut found: Vec<Term> = Vec::new();
        // Terms a query needs the positions of are those of phrases; a term also asked
        // for on its own is free.
        let mut in_phrases: HashSet<String> = HashSet::new();
        let mut alone: HashSet<String> = HashSet::new();
        // A phrase's terms are visited in its order, one phrase after another: a term
        // follows the one before it in the same field, unless it starts the phrase again
        // (the same phrase on another field, or as another language analyses it).
        let mut pairs: HashSet<(String, String)> = HashSet::new();
        let mut run: Vec<String> = Vec::new();
        let mut run_field = None;
        query.query_terms(&mut |term, needs_positions| {
            if term.field() == fields.text || term.field() == fields.title {
                found.push(term.clone());
                if let Some(text) = term.value().as_str() {
                    if needs_positions {
                        in_phrases.insert(text.to_string());
                        if run_field != Some(term.field()) || run.iter().any(|t| t == text) {
                            run.clear();
                        }
                        if let Some(last) = run.last() {
                            pairs.insert((last.clone(), text.to_string()));
                        }
                        run.push(text.to_string());
                        run_field = Some(term.field());
                    } else {
                        alone.insert(text.to_string());
                        run.clear();
                    }
                }
            }
        });
        let phrase_only = in_phrases.difference(&alone).cloned().collect();
        let docs = searcher.num_docs().max(1) as f32;
        for term in found {
            let Some(text) = term.value().as_str().map(str::to_owned) else {
                continue;
            };
            if terms.contains_key(&text) {
                continue;
            }
            let df = searcher.doc_freq(&Term::from_field_text(fields.text, &text))? as f32;
            terms.insert(text, (1.0 + docs / (1.0 + df)).ln());
        }
        Ok(Terms(terms, phrase_only, in_phrases, pairs))
    }
}

/// What a snippet looks for besides [`Terms`]: the keys of names in other scripts the
/// query reached (`names` terms, see `newsdex_schema::translit`), each with its weight.
#[derive(Clone, Debug, Default)]
pub(crate) struct NameKeys(pub(crate) HashMap<String, f32>);

impl NameKeys {
    /// The `names` terms of `query`.
    pub(crate) fn of_query(query: Option<&dyn Query>, fields: &Fields) -> NameKeys {
        let mut keys = HashMap::new();
        if let Some(query) = query {
            query.query_terms(&mut |term, _| {
                if term.field() == fields.names {
                    if let Some(key) = term.value().as_str() {
                        keys.insert(key.to_string(), 1.0);
                    }
                }
            });
        }
        NameKeys(keys)
    }
}

const ELLIPSIS: &str = "…";

struct Match {
    range: Range<usize>,
    term: String,
    /// The word's position in the text (stop words counted), for phrases.
    position: usize,
    /// Whether the term is one the query has only in phrases.
    phrase: bool,
    /// Whether the term is one the query has in a phrase (and maybe alone too).
    in_phrase: bool,
}

/// How many positions apart two words of a phrase may stand in a text and still be marked
/// as the phrase: next to each other, or with a stop word between (`Bank of England`,
/// `"putin kim"~1`).
const PHRASE_GAP: usize = 2;

/// The matches without the words of phrases that stand alone: a phrase's word is marked
/// only where the word before or after it in a phrase of the query stands within
/// [`PHRASE_GAP`] of it, on the right side.
fn phrases_only_together(found: Vec<Match>, pairs: &HashSet<(String, String)>) -> Vec<Match> {
    let phrase_at: Vec<usize> = (0..found.len()).filter(|&i| found[i].in_phrase).collect();
    let mut keep = vec![true; found.len()];
    for (k, &i) in phrase_at.iter().enumerate() {
        if !found[i].phrase {
            continue;
        }
        let near = |&&j: &&usize| found[i].position.abs_diff(found[j].position) <= PHRASE_GAP;
        let follows = |a: &str, b: &str| pairs.contains(&(a.to_string(), b.to_string()));
        let before = phrase_at[..k]
            .iter()
            .rev()
            .take_while(near)
            .any(|&j| follows(&found[j].term, &found[i].term));
        let after = phrase_at[k + 1..]
            .iter()
            .take_while(near)
            .any(|&j| follows(&found[i].term, &found[j].term));
        keep[i] = before || after;
    }
    found
        .into_iter()
        .zip(keep)
        .filter_map(|(m, k)| k.then_some(m))
        .collect()
}

/// The words of a text lowercased and folded to ASCII, as the `news` analyzer sees them
/// before it drops long words and stop words and stems the rest.
pub(crate) fn folding_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The words of `text` as [`SimpleTokenizer`] finds them (runs of letters and digits),
/// each with its byte offset: without the copy of each word a token stream makes. In
/// `english` text a word keeps the clitic that ends it (`NAT'L`), as the index does
/// ([`newsdex_schema::clitic_len`]).
fn words_of(text: &str, english: bool) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let rest = text.get(at..)?;
        let (start, _) = rest.char_indices().find(|(_, c)| c.is_alphanumeric())?;
        let from = at + start;
        let mut to = text[from..]
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(text.len(), |(end, _)| from + end);
        let paired = text[..to]
            .chars()
            .next_back()
            .is_some_and(newsdex_schema::cjk::is_paired);
        if english && !paired {
            to += newsdex_schema::clitic_len(&text[to..]);
        }
        at = to;
        Some((from, &text[from..to]))
    })
}

/// [`may_stem_to`] for an ASCII word not lowercased yet.
fn may_stem_to_ascii(word: &str, start: (char, Option<char>)) -> bool {
    starts_as(
        word.bytes().map(|b| char::from(b.to_ascii_lowercase())),
        start,
    )
}

/// Whether a lowercased word can stem to a term starting with `first`, `second`: English
/// stemming changes the ends of words, and at the start only `y` into `i` (`dying`, `die`).
fn may_stem_to(word: &str, start: (char, Option<char>)) -> bool {
    starts_as(word.chars(), start)
}

/// Whether the characters of a lowercased word can stem to a term starting with
/// `first`, `second` (see [`may_stem_to`]).
fn starts_as(mut chars: impl Iterator<Item = char>, (first, second): (char, Option<char>)) -> bool {
    if chars.next() != Some(first) {
        return false;
    }
    match (second, chars.next()) {
        (None, _) => true,
        (Some(a), Some(b)) => a == b || (matches!(a, 'i' | 'y') && matches!(b, 'i' | 'y')),
        (Some(_), None) => false,
    }
}

/// The words of `text` whose analyzed form is one of `terms`. Stemming every word of every
/// hit is the slow part of snippets, so in English text only words that start like a term
/// are stemmed (other languages' rules change more than the ends of words). A run of CJK
/// characters is matched by its pairs of characters, neighbouring matches joined into one.
fn matches(words: &mut Words, text: &str, terms: &Terms, keys: &NameKeys) -> Vec<Match> {
    words.read = words.read.saturating_add(text.len());
    let english = words.english;
    let analyzer = &mut words.analyzer;
    let starts: Vec<(char, Option<char>)> = terms
        .0
        .keys()
        .filter_map(|t| {
            let mut chars = t.chars();
            Some((chars.next()?, chars.next()))
        })
        .collect();
    let mut found: Vec<Match> = Vec::new();
    let mut surface = folding_analyzer();
    for (position, (from, word)) in words_of(text, english).enumerate() {
        if !keys.0.is_empty() && !word.is_ascii() {
            if let Some(found_key) = key_match(word, keys) {
                found.push(Match {
                    range: from..from + found_key.0,
                    term: found_key.1,
                    position,
                    phrase: false,
                    in_phrase: false,
                });
                continue;
            }
        }
        let paired = !word.is_ascii() && word.chars().any(newsdex_schema::cjk::is_paired);
        if english && !paired {
            // The word as the surface analyzer reads it, lowercased and folded; an ASCII
            // word is folded already.
            let may = if word.is_ascii() {
                starts.iter().any(|s| may_stem_to_ascii(word, *s))
            } else {
                let mut stream = surface.token_stream(word);
                let mut folded = String::new();
                while let Some(token) = stream.next() {
                    folded.push_str(&token.text);
                }
                starts.iter().any(|s| may_stem_to(&folded, *s))
            };
            if !may {
                continue;
            }
        }
        let mut analyzed = analyzer.token_stream(word);
        while let Some(term) = analyzed.next() {
            if !terms.0.contains_key(&term.text) {
                if !paired {
                    break;
                }
                continue;
            }
            let range = from + term.offset_from..from + term.offset_to;
            match found.last_mut() {
                // Pairs of one run overlap: `习近` and `近平` mark `习近平`.
                Some(last)
                    if paired && last.range.end >= range.start && last.range.start < range.end =>
                {
                    last.range.end = last.range.end.max(range.end);
                }
                _ => found.push(Match {
                    range,
                    term: term.text.clone(),
                    position,
                    // A run of CJK pairs is matched whole.
                    phrase: !paired && terms.1.contains(&term.text),
                    in_phrase: !paired && terms.2.contains(&term.text),
                }),
            }
            if !paired {
                break;
            }
        }
    }
    if terms.1.is_empty() {
        found
    } else {
        phrases_only_together(found, &terms.3)
    }
}

/// How the words of one article are analysed: by its language's analyzer.
pub(crate) struct Words {
    pub(crate) analyzer: TextAnalyzer,
    /// Whether the rules are English (stemming changes only the ends of words).
    pub(crate) english: bool,
    language: newsdex_schema::Language,
    /// The bytes of text it has matched words in.
    read: usize,
}

impl Words {
    /// The analyzer of a language's text.
    pub(crate) fn of(language: newsdex_schema::Language) -> Words {
        Words {
            analyzer: newsdex_schema::language_analyzer(language),
            english: language == newsdex_schema::Language::ENGLISH,
            language,
            read: 0,
        }
    }
}

/// The most analyzers [`KeptWords`] keeps.
const KEPT_WORDS: usize = 4;

/// An analyzer that has matched words in this many bytes of text is let go rather than
/// kept: it remembers the words it stemmed (those of the text that start like a query's
/// terms), and this bounds what it remembers.
const KEPT_WORDS_READ: usize = 1 << 20;

/// Analyzers of articles' words kept from one search to the next: each remembers the
/// normal forms of the words it has met ([`newsdex_schema::NewsTokenizer`]), so a word
/// met again is not stemmed again. Stemming the words of a fresh analyzer was 4 % of
/// the instructions of a search of `oil prices` on Reuters ×4.
#[derive(Default)]
pub(crate) struct KeptWords(Mutex<Vec<Words>>);

impl KeptWords {
    /// An analyzer of `language`'s words: a kept one, or a new one.
    pub(crate) fn take(&self, language: newsdex_schema::Language) -> Words {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match kept.iter().position(|w| w.language == language) {
            Some(at) => kept.swap_remove(at),
            None => Words::of(language),
        }
    }

    /// Keeps `words` for the next searches, as many as there is room for.
    pub(crate) fn give_back(&self, words: impl IntoIterator<Item = Words>) {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        for words in words {
            if kept.len() < KEPT_WORDS && words.read < KEPT_WORDS_READ {
                kept.push(words);
            }
        }
    }
}

/// The length of the part of `word` whose name key is one of `keys` (a Korean word
/// without its particle: `쇼이구는` marks `쇼이구`), and that key.
fn key_match(word: &str, keys: &NameKeys) -> Option<(usize, String)> {
    use newsdex_schema::translit::{name_key, strip_particle, Script};
    let script = Script::of(word)?;
    let marked = |w: &str| name_key(w).map(|k| format!("{}{k}", script.mark()));
    if let Some(key) = marked(word).filter(|k| keys.0.contains_key(k)) {
        return Some((word.len(), key));
    }
    if script == Script::Hangul {
        let stem = strip_particle(word)?;
        let key = marked(stem).filter(|k| keys.0.contains_key(k))?;
        return Some((stem.len(), key));
    }
    if script == Script::Cyrillic {
        let lower = word.to_lowercase();
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Russian);
        let stem = stemmer.stem(&lower);
        let key = marked(&stem).filter(|k| keys.0.contains_key(k))?;
        return Some((word.len(), key));
    }
    None
}

/// Marks every matched word of a short text (a title) without cutting it.
pub(crate) fn highlight_all(
    analyzer: &mut Words,
    text: &str,
    terms: &Terms,
    keys: &NameKeys,
) -> Vec<Range<usize>> {
    matches(analyzer, text, terms, keys)
        .into_iter()
        .map(|m| m.range)
        .collect()
}

/// The best passages of `text` for `terms`, at most `max_chars` characters in all: the
/// window with the most weight of distinct terms, then, if terms are still missing, a
/// second window that has them. With no match, the opening of the text.
pub(crate) fn snippet(
    analyzer: &mut Words,
    text: &str,
    terms: &Terms,
    keys: &NameKeys,
    max_chars: usize,
) -> Snippet {
    if max_chars == 0 {
        return Snippet {
            text: String::new(),
            highlights: Vec::new(),
        };
    }
    let max_chars = max_chars.max(20);
    let found = matches(analyzer, text, terms, keys);
    if found.is_empty() {
        let end = cut_at_word(text, 0, max_chars);
        return render(text, &[(0..end, Vec::new())]);
    }
    let first = best_window(text, &found, terms, max_chars, &[]);
    let mut windows = vec![first.clone()];
    let covered: Vec<&str> = found[first.clone()]
        .iter()
        .map(|m| m.term.as_str())
        .collect();
    let missing: Vec<usize> = (0..found.len())
        .filter(|&i| !covered.contains(&found[i].term.as_str()))
        .collect();
    if !missing.is_empty() {
        let half = max_chars / 2;
        let second = best_window(text, &found, terms, half, &covered);
        if second.start >= first.end || second.end <= first.start {
            // Both fragments share the budget.
            windows = vec![best_window(text, &found, terms, half, &[]), second];
            windows.sort_by_key(|w| w.start);
            if windows[0].end > windows[1].start {
                windows = vec![first];
            }
        }
    }
    let budget = max_chars / windows.len();
    let fragments: Vec<(Range<usize>, Vec<Range<usize>>)> = windows
        .iter()
        .map(|w| {
            let matched = &found[w.clone()];
            let range = frame(
                text,
                matched[0].range.start,
                matched[matched.len() - 1].range.end,
                budget,
            );
            let marks = matched
                .iter()
                .filter(|m| m.range.start >= range.start && m.range.end <= range.end)
                .map(|m| m.range.clone())
                .collect();
            (range, marks)
        })
        .collect();
    render(text, &fragments)
}

/// The window of consecutive matches (indices into `found`) fitting in `max_chars` with
/// the most weight of distinct terms, ignoring the terms in `skip`.
fn best_window(
    text: &str,
    found: &[Match],
    terms: &Terms,
    max_chars: usize,
    skip: &[&str],
) -> Range<usize> {
    let mut best = 0..1;
    let mut best_score = f32::MIN;
    for start in 0..found.len() {
        let mut seen: Vec<&str> = Vec::new();
        let mut score = 0.0;
        let mut end = start;
        while end < found.len() {
            let span = &text[found[start].range.start..found[end].range.end];
            if span.chars().count() > max_chars {
                break;
            }
            let term = found[end].term.as_str();
            if !skip.contains(&term) {
                let weight = terms.0.get(term).copied().unwrap_or(1.0);
                score += if seen.contains(&term) {
                    weight * 0.1
                } else {
                    weight
                };
                seen.push(term);
            }
            end += 1;
        }
        if end == start {
            end = start + 1;
        }
        if score > best_score {
            best_score = score;
            best = start..end;
        }
    }
    best
}

/// A range of about `budget` characters around `[from, to)`, starting a little before the
/// first match (at a sentence start when one is near) and ending at a word boundary.
fn frame(text: &str, from: usize, to: usize, budget: usize) -> Range<usize> {
    if text.chars().count() <= budget {
        return 0..text.len();
    }
    let used = text[from..to].chars().count();
    let lead = (budget.saturating_sub(used) / 4).min(60);
    let mut start = from;
    for _ in 0..lead {
        match text[..start].char_indices().next_back() {
            Some((i, _)) => start = i,
            None => break,
        }
    }
    if start > 0 {
        // Prefer a sentence start inside the lead, else a word start.
        let lead_text = &text[start..from];
        if let Some(i) = lead_text.rfind(". ") {
            start += i + 2;
        } else if let Some((i, c)) = lead_text
            .char_indices()
            .rev()
            .find(|&(_, c)| newsdex_schema::cjk::is_cjk_break(c))
        {
            start += i + c.len_utf8();
        } else if let Some(i) = lead_text.find(char::is_whitespace) {
            start += i + 1;
        }
    }
    let mut start = start.min(from);
    if text[..start].chars().count() < 20 {
        start = 0;
    }
    let end = cut_at_word(text, start, budget).max(to);
    start..end
}

/// The byte index where a passage of at most `chars` characters starting at `start` should
/// end: the end of text, or the end of the last whole word that fits. In text without
/// spaces (Chinese, Japanese) that is after the last clause's punctuation (`，`, `。`), or
/// else where CJK characters meet others; never inside a character.
fn cut_at_word(text: &str, start: usize, chars: usize) -> usize {
    use newsdex_schema::cjk::{is_cjk_break, is_paired};
    let rest = &text[start..];
    match rest.char_indices().nth(chars) {
        None => text.len(),
        Some((limit, _)) => {
            let head = &rest[..limit];
            // Only a break in the last third of the passage: an earlier one wastes it.
            let floor = head.len() / 3 * 2;
            let space = head.rfind(char::is_whitespace).filter(|&i| i > 0);
            let clause = head
                .char_indices()
                .rev()
                .find(|&(_, c)| is_cjk_break(c))
                .map(|(i, c)| i + c.len_utf8())
                .filter(|&i| i > floor);
            let script_change = || {
                let mut previous = None;
                let mut last = None;
                for (i, c) in head.char_indices() {
                    let paired = is_paired(c);
                    if previous.is_some_and(|p| p != paired) {
                        last = Some(i);
                    }
                    previous = Some(paired);
                }
                last.filter(|&i| i > floor)
            };
            let cut = match (space, clause) {
                (Some(space), Some(clause)) => space.max(clause),
                (Some(space), None) if space > floor || !head.chars().any(is_paired) => space,
                (space, clause) => clause.or_else(script_change).or(space).unwrap_or(limit),
            };
            start + cut
        }
    }
}

/// Joins fragments into one line, collapsing whitespace and moving the marks along.
fn render(text: &str, fragments: &[(Range<usize>, Vec<Range<usize>>)]) -> Snippet {
    let mut out = String::new();
    let mut highlights = Vec::new();
    for (n, (range, marks)) in fragments.iter().enumerate() {
        if n > 0 {
            out.push_str(" … ");
        } else if range.start > 0 {
            out.push_str(ELLIPSIS);
        }
        let mut marks = marks.iter().peekable();
        let mut mark_start = None;
        let mut last_space = true;
        for (i, c) in text[range.clone()].char_indices() {
            let at = range.start + i;
            if let Some(mark) = marks.peek() {
                if at == mark.start {
                    mark_start = Some(out.len());
                }
            }
            if c.is_whitespace() {
                if !last_space {
                    out.push(' ');
                }
                last_space = true;
            } else {
                out.push(c);
                last_space = false;
            }
            if let Some(mark) = marks.peek() {
                if at + c.len_utf8() == mark.end {
                    if let Some(start) = mark_start.take() {
                        highlights.push(start..out.len());
                    }
                    marks.next();
                }
            }
        }
        while out.ends_with(' ') {
            out.pop();
        }
        if n + 1 == fragments.len() && range.end < text.trim_end().len() {
            out.push_str(ELLIPSIS);
        }
    }
    Snippet {
        text: out,
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzer() -> Words {
        Words::of(newsdex_schema::Language::ENGLISH)
    }

    fn no_keys() -> NameKeys {
        NameKeys::default()
    }

    fn terms(words: &[&str]) -> Terms {
        Terms(
            words.iter().map(|w| (w.to_string(), 1.0)).collect(),
            HashSet::new(),
            HashSet::new(),
            HashSet::new(),
        )
    }

    fn marked(s: &Snippet) -> Vec<&str> {
        s.highlights.iter().map(|r| &s.text[r.clone()]).collect()
    }

    #[test]
    fn marks_matched_words_in_the_best_passage() {
        let text = "Lorem ipsum dolor sit amet. ".repeat(20)
            + "Kim and Shoigu talked Wednesday in the capital, Pyongyang, and reached a consensus. "
            + &"Filler text goes here. ".repeat(20);
        let s = snippet(
            &mut analyzer(),
            &text,
            &terms(&["shoigu", "pyongyang"]),
            &no_keys(),
            150,
        );
        assert!(s.text.starts_with('…'), "{}", s.text);
        assert!(s.text.contains("Kim and Shoigu talked"), "{}", s.text);
        assert_eq!(marked(&s), ["Shoigu", "Pyongyang"]);
        assert!(s.text.chars().count() <= 160, "{}", s.text);
    }

    #[test]
    fn a_word_is_marked_with_its_clitic_as_the_index_holds_it() {
        let s = snippet(
            &mut analyzer(),
            "Nat West and First NAT'L sell gas; Putin’s gas deal.",
            &terms(&["nat'l", "putin", "nat"]),
            &no_keys(),
            100,
        );
        assert_eq!(marked(&s), ["Nat", "NAT'L", "Putin’s"]);
    }

    #[test]
    fn far_apart_terms_get_two_fragments() {
        let text =
            "Shoigu arrived. ".to_string() + &"Other news. ".repeat(60) + "Pyongyang answered.";
        let s = snippet(
            &mut analyzer(),
            &text,
            &terms(&["shoigu", "pyongyang"]),
            &no_keys(),
            120,
        );
        assert!(s.text.contains(" … "), "{}", s.text);
        assert_eq!(marked(&s), ["Shoigu", "Pyongyang"]);
    }

    #[test]
    fn no_match_gives_the_opening_and_collapses_whitespace() {
        let s = snippet(
            &mut analyzer(),
            "First line.\n\n  Second   line.",
            &terms(&["zebra"]),
            &no_keys(),
            100,
        );
        assert_eq!(s.text, "First line. Second line.");
        assert!(s.highlights.is_empty());
    }

    #[test]
    fn irregular_stems_are_still_marked() {
        let s = snippet(
            &mut analyzer(),
            "Dying embers and skies.",
            &terms(&["die", "sky"]),
            &no_keys(),
            100,
        );
        assert_eq!(marked(&s), ["Dying", "skies"]);
    }

    #[test]
    fn folded_and_stemmed_forms_are_marked_in_the_original_text() {
        let s = snippet(
            &mut analyzer(),
            "Talks in Zürich went well.",
            &terms(&["talk", "zurich"]),
            &no_keys(),
            100,
        );
        assert_eq!(marked(&s), ["Talks", "Zürich"]);
    }

    fn words(code: &str) -> Words {
        Words::of(newsdex_schema::Language::parse(code).unwrap())
    }

    #[test]
    fn marks_words_by_their_languages_rules() {
        let s = snippet(
            &mut words("ru"),
            "Шойгу провёл переговоры с Ким Чен Ыном.",
            &terms(&["переговор"]),
            &no_keys(),
            100,
        );
        assert_eq!(marked(&s), ["переговоры"]);
        let s = snippet(
            &mut words("de"),
            "Die Verhandlungen dauerten an.",
            &terms(&["verhandl"]),
            &no_keys(),
            100,
        );
        assert_eq!(marked(&s), ["Verhandlungen"]);
    }

    #[test]
    fn marks_cjk_words_whole() {
        let s = snippet(
            &mut words("zh"),
            "国家主席习近平在北京会见了普京。",
            &terms(&["习近", "近平", "普京"]),
            &no_keys(),
            100,
        );
        assert_eq!(marked(&s), ["习近平", "普京"]);
        let s = snippet(
            &mut words("ko"),
            "쇼이구 장관은 평양에서 회담했다.",
            &terms(&["평양"]),
            &no_keys(),
            100,
        );
        assert_eq!(marked(&s), ["평양"]);
    }

    #[test]
    fn marks_names_found_across_scripts() {
        let key = |w: &str, mark: char| {
            format!("{mark}{}", newsdex_schema::translit::name_key(w).unwrap())
        };
        let keys = NameKeys(
            [(key("Shoigu", 'h'), 1.0), (key("Shoigu", 'c'), 1.0)]
                .into_iter()
                .collect(),
        );
        let s = snippet(
            &mut words("ko"),
            "쇼이구는 평양에 도착했다.",
            &terms(&[]),
            &keys,
            100,
        );
        assert_eq!(marked(&s), ["쇼이구"]);
        let s = snippet(
            &mut words("ru"),
            "Шойгу прибыл в Пхеньян.",
            &terms(&[]),
            &keys,
            100,
        );
        assert_eq!(marked(&s), ["Шойгу"]);
    }

    #[test]
    fn cjk_text_is_cut_at_clause_ends_not_inside_words() {
        let text = "俄罗斯国防部长绍伊古抵达平壤，与朝鲜领导人举行会谈，双方讨论了军事合作问题。"
            .repeat(6);
        let s = snippet(&mut words("zh"), &text, &terms(&["平壤"]), &no_keys(), 40);
        let end = s.text.strip_suffix('…').unwrap_or(&s.text);
        let after_a_mark = s.highlights.last().is_some_and(|h| h.end == end.len());
        assert!(
            end.ends_with(['，', '。']) || after_a_mark || text.ends_with(end),
            "cut inside a clause: {}",
            s.text
        );
        // The budget, the text before the first match when it is that short, the marks.
        assert!(s.text.chars().count() <= 40 + 20 + 2, "{}", s.text);
    }

    #[test]
    fn kept_analyzers_are_given_again_until_they_have_read_enough() {
        let english = newsdex_schema::Language::ENGLISH;
        let kept = KeptWords::default();
        let mut words = kept.take(english);
        let text = "Oil prices rose.";
        let first = snippet(&mut words, text, &terms(&["oil"]), &no_keys(), 100);
        kept.give_back([words]);
        let mut words = kept.take(english);
        assert_eq!(words.read, text.len(), "the analyzer kept, not a new one");
        assert_eq!(
            snippet(&mut words, text, &terms(&["oil"]), &no_keys(), 100),
            first
        );
        // Another language's analyzer is not given for English.
        let french = newsdex_schema::Language::parse("fr").unwrap();
        kept.give_back([words, Words::of(french)]);
        assert_eq!(kept.take(english).language, english);
        assert_eq!(kept.take(english).read, 0);
        assert_eq!(kept.take(french).language, french);
        // One that has read its fill is let go.
        let mut full = Words::of(english);
        full.read = KEPT_WORDS_READ;
        kept.give_back([full]);
        assert_eq!(kept.take(english).read, 0);
        // No more are kept than there is room for.
        kept.give_back((0..KEPT_WORDS + 3).map(|_| Words::of(english)));
        assert_eq!(kept.0.lock().unwrap().len(), KEPT_WORDS);
    }

    /// The words of a text as runs of characters that [`char::is_alphanumeric`] tells,
    /// one character at a time, as [`words_of`] should find them.
    fn words_by_chars(text: &str) -> Vec<(usize, &str)> {
        let mut words = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(from)) => {
                    words.push((from, &text[from..i]));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(from) = start {
            words.push((from, &text[from..]));
        }
        words
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Outside English (no clitics), the words are the runs of alphanumeric
        /// characters, whatever the script or the bytes of the text.
        #[test]
        fn words_are_runs_of_alphanumeric_characters(
            text in r"[ a-zA-Z0-9'’.,_é中Шॐ\u{301}\u{200b}\u{ff10}\u{1d7d8}\t\n-]{0,60}",
        ) {
            let found: Vec<(usize, &str)> = words_of(&text, false).collect();
            proptest::prop_assert_eq!(found, words_by_chars(&text));
        }
    }
}
