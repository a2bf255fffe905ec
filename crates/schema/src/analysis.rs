use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};

use rustc_hash::FxBuildHasher;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language as TantivyLanguage, LowerCaser, PreTokenizedString, RawTokenizer,
    Stemmer, StopWordFilter, TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager,
};

use crate::cjk;
use crate::lang::StopWords;
use crate::Language;

/// The analyzer of `title`, `text` and `author` for English, and for articles whose
/// language is not known: split on non-alphanumeric characters, but for an apostrophe and
/// one or two letters that end a word (`Putin's`, `don't`, `NAT'L`: see [`clitic_len`]),
/// drop tokens over 40 bytes,
/// lowercase, fold accents to ASCII (`Zürich` → `zurich`), drop English stop words
/// (Lucene's list: `the`, `of`, `and`, …; positions are kept, so phrases still match) and
/// stem with Snowball English (`talks` → `talk`). Runs of Chinese, Japanese and Korean
/// characters become their pairs of characters (see [`cjk`](crate::cjk)).
///
/// Articles in other languages are analysed by [`language_analyzer`]: the index holds their
/// tokens as the indexer computed them, so one `text` field serves every language.
pub const NEWS_ANALYZER: &str = "news";

/// The analyzer of `source`: the whole value as one token, lowercased and folded, so
/// `--source ap` finds `AP`.
pub const SOURCE_ANALYZER: &str = "source";

/// The analyzer of `names`: the keys [`text_keys`](crate::translit::text_keys) writes,
/// split on spaces.
pub const KEYS_ANALYZER: &str = "keys";

/// The name under which [`register_analyzers`] registers a language's analyzer:
/// `news` for English, `news_ru` for Russian.
pub fn analyzer_name(language: Language) -> String {
    if language == Language::ENGLISH {
        NEWS_ANALYZER.to_string()
    } else {
        format!("{NEWS_ANALYZER}_{}", language.code())
    }
}

/// How many distinct words one analyzer instance remembers before it starts over. News
/// text repeats a small vocabulary; this bounds the memory of a pathological one.
const MEMO_CAPACITY: usize = 1 << 18;

/// Lowercasing, folding, stop words and stemming of one English word: tantivy's own
/// filters, applied to the word alone. Built once, then cloned: a clone shares the set
/// of stop words, where building it hashes every word of the list again, and a search
/// starts a tokenizer for the words of its snippets.
fn english_normalizer() -> TextAnalyzer {
    static BUILT: OnceLock<TextAnalyzer> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let stop_words = StopWordFilter::new(TantivyLanguage::English)
                .expect("tantivy ships an English stop-word list");
            TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .filter(stop_words)
                .filter(Stemmer::new(TantivyLanguage::English))
                .build()
        })
        .clone()
}

/// The filter of a language's stop words (`None` for a language without a list), applied
/// to a word alone. Each language's is built once, then cloned: a clone shares the set of
/// words.
fn stop_words_of(language: Language) -> Option<TextAnalyzer> {
    static BUILT: OnceLock<Mutex<HashMap<Language, Option<TextAnalyzer>>>> = OnceLock::new();
    let mut built = BUILT
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    built
        .entry(language)
        .or_insert_with(|| {
            match language.entry().stop_words {
                StopWords::None => None,
                StopWords::Tantivy(list) => StopWordFilter::new(list),
                StopWords::Nltk(code) => stop_words::lookup(code).map(|words| {
                    StopWordFilter::remove(
                        words.iter().map(|w| strip_greek_accents(&w.to_lowercase())),
                    )
                }),
            }
            .map(|filter| {
                TextAnalyzer::builder(RawTokenizer::default())
                    .filter(filter)
                    .build()
            })
        })
        .clone()
}

/// What one word of a language becomes.
enum Normalizer {
    /// English: tantivy's chain of filters.
    Chain(TextAnalyzer),
    /// Every other language: lowercase (the language's way), drop stop words, stem, then
    /// fold accents. Stemming comes before folding because Snowball's rules read accents
    /// (`états`, `Bäume`); folding after it still makes `etats` and `états` one word.
    Rules(Rules),
}

struct Rules {
    language: Language,
    stop: Option<TextAnalyzer>,
    stemmer: Option<rust_stemmers::Stemmer>,
    fold: TextAnalyzer,
}

impl Normalizer {
    fn new(language: Language) -> Normalizer {
        if language == Language::ENGLISH {
            return Normalizer::Chain(english_normalizer());
        }
        let entry = language.entry();
        Normalizer::Rules(Rules {
            language,
            stop: stop_words_of(language),
            stemmer: entry.stemmer.map(rust_stemmers::Stemmer::create),
            fold: TextAnalyzer::builder(RawTokenizer::default())
                .filter(AsciiFoldingFilter)
                .build(),
        })
    }

    /// Writes the normal form of `word` to `out`; `false` when the word is dropped.
    fn normalize(&mut self, word: &str, out: &mut String) -> bool {
        match self {
            Normalizer::Chain(chain) => {
                let mut stream = chain.token_stream(word);
                match stream.next() {
                    Some(token) => {
                        out.push_str(&token.text);
                        true
                    }
                    None => false,
                }
            }
            Normalizer::Rules(rules) => rules.normalize(word, out),
        }
    }
}

impl Rules {
    fn normalize(&mut self, word: &str, out: &mut String) -> bool {
        let lower = lowercase(self.language, word);
        if let Some(stop) = &mut self.stop {
            let key = strip_greek_accents(&lower);
            if stop.token_stream(&key).next().is_none() {
                return false;
            }
        }
        let stemmed = match &self.stemmer {
            Some(stemmer) => stemmer.stem(&lower),
            None => Cow::Borrowed(lower.as_str()),
        };
        let mut folded = self.fold.token_stream(&stemmed);
        match folded.next() {
            Some(token) if !token.text.is_empty() => {
                out.push_str(&token.text);
                true
            }
            _ => false,
        }
    }
}

/// `word` lowercased as its language does it: Turkish and Azerbaijani `I` is `ı` and `İ`
/// is `i`; Russian `ё` is written `е`, as most Russian text does.
fn lowercase(language: Language, word: &str) -> String {
    match language.code() {
        "tr" | "az" => word
            .chars()
            .flat_map(|c| match c {
                'I' => ['ı'].into_iter().chain(None),
                'İ' => ['i'].into_iter().chain(None),
                c => {
                    let mut lower = c.to_lowercase();
                    let first = lower.next().unwrap_or(c);
                    [first].into_iter().chain(lower.next())
                }
            })
            .filter(|&c| c != '\u{307}')
            .collect(),
        "ru" => word.to_lowercase().replace('ё', "е"),
        _ => word.to_lowercase(),
    }
}

/// Greek vowels without their accent marks (`άλλα` → `αλλα`), as Greek stop-word lists
/// write them. Other text is returned as it is.
fn strip_greek_accents(word: &str) -> String {
    if !word.chars().any(|c| ('\u{384}'..='\u{3ce}').contains(&c)) {
        return word.to_string();
    }
    word.chars()
        .map(|c| match c {
            'ά' => 'α',
            'έ' => 'ε',
            'ή' => 'η',
            'ί' | 'ϊ' | 'ΐ' => 'ι',
            'ό' => 'ο',
            'ύ' | 'ϋ' | 'ΰ' => 'υ',
            'ώ' => 'ω',
            c => c,
        })
        .collect()
}

/// Tokens longer than this many bytes are dropped (a URL, a hash, a run of letters). Words
/// of other languages than English may be this many characters long.
const MAX_WORD_BYTES: usize = 40;

fn news_analyzer(language: Language) -> TextAnalyzer {
    TextAnalyzer::from(NewsTokenizer::new(language))
}

/// The analyzer of one language's text: the same tokens as [`NEWS_ANALYZER`], each word
/// normalized by that language's rules (lowercasing, stop words, Snowball stemming where
/// the language has them, accents folded). Chinese, Japanese and Korean characters are
/// cut into pairs whatever the language.
///
/// ```
/// use newsdex_schema::{language_analyzer, Language};
///
/// let mut german = language_analyzer(Language::parse("de").unwrap());
/// let mut stream = german.token_stream("Die Verhandlungen in Pjöngjang");
/// let mut words = Vec::new();
/// while let Some(token) = stream.next() {
///     words.push(token.text.clone());
/// }
/// assert_eq!(words, ["verhandl", "pjongjang"]);
/// ```
pub fn language_analyzer(language: Language) -> TextAnalyzer {
    news_analyzer(language)
}

/// The tokenizer of [`NEWS_ANALYZER`] and [`language_analyzer`]: the tokens of tantivy's
/// `SimpleTokenizer` (runs of alphanumeric characters, positions counted over all of
/// them), in English with the clitic that ends a word kept in it ([`clitic_len`]),
/// without those of 40 bytes or more (tantivy's `RemoveLongFilter`; for languages
/// other than English, 40 characters), each normalized by its language's rules; a run of
/// CJK characters (or of Thai, Lao, Khmer or Burmese) is cut into overlapping pairs, one
/// position each. For English text each word becomes what tantivy's chain of filters
/// makes of it (Snowball takes the possessive `'s` off: `Putin's` is `putin`); what
/// differs is the cost.
///
/// Each distinct spelling is normalized once per tokenizer instance and remembered, rather
/// than stemmed at every occurrence: stemming dominated the cost of indexing. Words are
/// found with an ASCII fast path and looked up where they lie in the text, so a token's
/// text is written once, in its normal form.
///
/// Every clone starts with an empty memory: tantivy clones the analyzer for each indexing
/// thread and each search, so no memory is shared and nothing is locked.
#[derive(Clone)]
pub struct NewsTokenizer {
    token: Token,
    memo: Memoized,
}

impl NewsTokenizer {
    /// The tokenizer of a language's text.
    pub fn new(language: Language) -> NewsTokenizer {
        NewsTokenizer {
            token: Token::default(),
            memo: Memoized::new(language),
        }
    }

    /// The language whose rules this tokenizer applies.
    pub fn language(&self) -> Language {
        self.memo.language
    }
}

impl Tokenizer for NewsTokenizer {
    type TokenStream<'a> = NewsTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> NewsTokenStream<'a> {
        self.token.reset();
        let english = self.memo.language == Language::ENGLISH;
        NewsTokenStream {
            text,
            at: 0,
            pairs: None,
            english,
            token: &mut self.token,
            memo: &mut self.memo,
        }
    }
}

/// The tokens of [`NewsTokenizer`].
pub struct NewsTokenStream<'a> {
    text: &'a str,
    /// Where the search for the next word starts.
    at: usize,
    /// A run of paired characters being cut: where the next pair starts, the run's end,
    /// and whether no pair of it was given yet.
    pairs: Option<(usize, usize, bool)>,
    /// Whether the limit on word length is in bytes (English, as tantivy's filter counts).
    english: bool,
    token: &'a mut Token,
    memo: &'a mut Memoized,
}

/// What kind of character starts at a place of the text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Not part of a word.
    Gap,
    /// A letter or digit of a spaced script.
    Word,
    /// A letter of a script cut into pairs (see [`cjk::is_paired`]).
    Paired,
}

/// Whether `c` is a combining mark that belongs to the letter before it: accents written
/// apart (`e` + `\u{301}`), and the vowel signs and viramas of Indic and Arabic scripts
/// that Unicode does not count as letters (Tamil `்`, Devanagari `्`).
fn is_mark(c: char) -> bool {
    let code = c as u32;
    matches!(code,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x05BF | 0x05C1..=0x05C2
        | 0x05C4..=0x05C5 | 0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670
        | 0x06D6..=0x06DC | 0x06DF..=0x06E4 | 0x06E7..=0x06E8 | 0x06EA..=0x06ED
        | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF
        | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
        || ((0x0900..=0x0DFF).contains(&code)
            && !c.is_alphanumeric()
            && !matches!(code, 0x0964 | 0x0965 | 0x0970 | 0x0DF4))
}

/// Whether `c` is an apostrophe: the typewriter one or the typographic one (`’`, which
/// most news text prints). (The modifier letter `ʼ` is a letter: words hold it already.)
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// The length in bytes of the clitic that `rest` starts with, or 0: an apostrophe and one
/// or two ASCII letters that end a word, as in `Putin's`, `don't`, `they're`, `NAT'L`,
/// `Gov't`. In English text the word they end is read as one word: `NAT'L` (*national*)
/// is not the word `nat`, nor `don't` the words `don` and `t`. A longer part after an
/// apostrophe is a word of its own (`O'Brien`, `l'économie`), as in the other languages.
///
/// [`NewsTokenizer`] and the snippets' reading of words (`newsdex_query`) cut words by
/// this one rule, so a highlighted word is a word the index holds.
///
/// ```
/// use newsdex_schema::clitic_len;
///
/// assert_eq!(clitic_len("'s talks"), 2);
/// assert_eq!(clitic_len("\u{2019}re"), 5);
/// assert_eq!(clitic_len("'Brien"), 0);
/// assert_eq!(clitic_len("'s'"), 2);
/// assert_eq!(clitic_len("'87"), 0);
/// ```
pub fn clitic_len(rest: &str) -> usize {
    let Some(after) = rest.strip_prefix(is_apostrophe) else {
        return 0;
    };
    let letters = after.bytes().take_while(u8::is_ascii_alphabetic).count();
    let ends = !after[letters..].starts_with(char::is_alphanumeric);
    if (1..=2).contains(&letters) && ends {
        rest.len() - after.len() + letters
    } else {
        0
    }
}

/// The character at `at` of `text` (a character boundary), its length, and its kind.
fn char_at(text: &str, at: usize) -> Option<(usize, Kind)> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        let kind = if byte.is_ascii_alphanumeric() {
            Kind::Word
        } else {
            Kind::Gap
        };
        return Some((1, kind));
    }
    let c = text.get(at..)?.chars().next()?;
    let kind = if !c.is_alphanumeric() {
        Kind::Gap
    } else if cjk::is_paired(c) {
        Kind::Paired
    } else {
        Kind::Word
    };
    Some((c.len_utf8(), kind))
}

impl NewsTokenStream<'_> {
    /// The byte range of the next run of alphanumeric characters of one kind.
    fn next_word(&mut self) -> Option<(usize, usize, Kind)> {
        let mut at = self.at;
        let (start, kind) = loop {
            let (len, kind) = char_at(self.text, at)?;
            if kind != Kind::Gap {
                break (at, kind);
            }
            at += len;
        };
        at = start;
        while let Some((len, k)) = char_at(self.text, at) {
            if k != kind {
                // Outside English text (whose tokens are tantivy's), a combining mark
                // continues the word it follows.
                let mark = !self.english
                    && k == Kind::Gap
                    && self.text[at..].chars().next().is_some_and(is_mark);
                if !mark {
                    break;
                }
            }
            at += len;
        }
        if self.english && kind == Kind::Word {
            at += clitic_len(&self.text[at..]);
        }
        self.at = at;
        Some((start, at, kind))
    }

    /// The next pair of the run being cut, if any is left.
    fn next_pair(&mut self) -> Option<(usize, usize)> {
        let (start, end, first) = self.pairs?;
        let mut chars = self.text[start..end].chars();
        let one = chars.next()?.len_utf8();
        match chars.next() {
            Some(two) => {
                self.pairs = Some((start + one, end, false));
                Some((start, start + one + two.len_utf8()))
            }
            None => {
                self.pairs = None;
                // A run of one character is its own token; the last character of a longer
                // run is already in the pair before it.
                first.then_some((start, start + one))
            }
        }
    }
}

impl TokenStream for NewsTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if let Some((from, to)) = self.next_pair() {
                self.token.position = self.token.position.wrapping_add(1);
                self.token.text.clear();
                self.token.text.push_str(&self.text[from..to]);
                self.token.offset_from = from;
                self.token.offset_to = to;
                return true;
            }
            let Some((from, to, kind)) = self.next_word() else {
                return false;
            };
            if kind == Kind::Paired {
                self.pairs = Some((from, to, true));
                continue;
            }
            // Dropped words keep their positions, as in tantivy's filters.
            self.token.position = self.token.position.wrapping_add(1);
            let too_long = if self.english {
                to - from >= MAX_WORD_BYTES
            } else {
                to - from >= MAX_WORD_BYTES && self.text[from..to].chars().count() >= MAX_WORD_BYTES
            };
            if too_long {
                continue;
            }
            let word = &self.text[from..to];
            let normal = self.memo.normal(word);
            if let Some(text) = self.memo.text(normal) {
                self.token.text.clear();
                self.token.text.push_str(text);
                self.token.offset_from = from;
                self.token.offset_to = to;
                return true;
            }
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The tokens of `text` analysed by `tokenizer`, as tantivy indexes them when a document
/// carries its own tokens.
pub(crate) fn pre_tokenize(tokenizer: &mut NewsTokenizer, text: &str) -> PreTokenizedString {
    let mut tokens = Vec::new();
    let mut stream = tokenizer.token_stream(text);
    while stream.advance() {
        tokens.push(stream.token().clone());
    }
    PreTokenizedString {
        text: text.to_string(),
        tokens,
    }
}

/// What [`NewsTokenizer`] learned: each spelling's normal form.
///
/// Words of up to 16 bytes (nearly all of them) are keyed by their bytes in two integers,
/// so a lookup compares integers instead of following a pointer to a string: the memory
/// of the postings being written keeps evicting the memo from the caches.
struct Memoized {
    language: Language,
    /// Made when the first word is learned: an index registers an analyzer for every
    /// language, and a search uses few of them.
    normalize: Option<Normalizer>,
    short: HashMap<(u64, u64), Normal, FxBuildHasher>,
    long: HashMap<Box<str>, Normal, FxBuildHasher>,
    /// Every normal form learned, end to end: the maps hold places in it, which keeps
    /// their entries small.
    normals: String,
    /// The last short word seen in each of [`FRONT_SLOTS`] slots, by a hash of its key:
    /// a table small enough to stay in the processor's caches, in front of `short`. Most
    /// words of a text are a few hundred frequent ones, so most lookups end here. Empty
    /// until [`FRONT_AFTER`] words are learned, so the short texts of a search don't pay
    /// for it.
    front: Vec<((u64, u64), Normal)>,
}

/// The slots of [`Memoized::front`].
const FRONT_SLOTS: usize = 1 << 12;

/// How many short words a memo learns before it sets up [`Memoized::front`].
const FRONT_AFTER: usize = 1024;

/// The slot of a short word's key in [`Memoized::front`].
fn front_slot(key: (u64, u64)) -> usize {
    let mixed = (key.0 ^ key.1.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (mixed >> (64 - FRONT_SLOTS.trailing_zeros())) as usize
}

/// What a word becomes: a place in [`Memoized::normals`], or nothing when the filters
/// drop it (a stop word).
#[derive(Clone, Copy)]
struct Normal {
    start: u32,
    len: u32,
}

impl Normal {
    const DROPPED: Normal = Normal {
        start: 0,
        len: u32::MAX,
    };
}

/// `word`'s bytes zero-padded into two integers, when that identifies it: up to 16
/// bytes, not ending in a NUL. (Not a `u128`, whose 16-byte alignment would pad every
/// entry of the map.)
fn short_key(word: &str) -> Option<(u64, u64)> {
    let bytes = word.as_bytes();
    if bytes.len() > 16 || bytes.last() == Some(&0) {
        return None;
    }
    // Shifts rather than a copy into a buffer: a copy of a variable length is a call to
    // `memcpy`, which showed in profiles.
    let (low, high) = bytes.split_at(bytes.len().min(8));
    let pack = |part: &[u8]| {
        part.iter()
            .enumerate()
            .fold(0u64, |key, (i, &b)| key | u64::from(b) << (8 * i))
    };
    Some((pack(low), pack(high)))
}

impl Memoized {
    fn new(language: Language) -> Memoized {
        Memoized {
            language,
            normalize: None,
            short: HashMap::default(),
            long: HashMap::default(),
            normals: String::new(),
            front: Vec::new(),
        }
    }

    /// What `word` becomes, remembered or worked out.
    fn normal(&mut self, word: &str) -> Normal {
        let Some(key) = short_key(word) else {
            return match self.long.get(word) {
                Some(&normal) => normal,
                None => self.learn(word, None),
            };
        };
        let slot = front_slot(key);
        if let Some(&(front_key, normal)) = self.front.get(slot) {
            if front_key == key {
                return normal;
            }
        }
        let normal = match self.short.get(&key) {
            Some(&normal) => normal,
            None => self.learn(word, Some(key)),
        };
        if self.front.is_empty() && self.short.len() >= FRONT_AFTER {
            self.front = vec![((0, 0), Normal::DROPPED); FRONT_SLOTS];
        }
        if let Some(front) = self.front.get_mut(slot) {
            *front = (key, normal);
        }
        normal
    }

    fn text(&self, normal: Normal) -> Option<&str> {
        let start = usize::try_from(normal.start).ok()?;
        let end = start.checked_add(usize::try_from(normal.len).ok()?)?;
        self.normals.get(start..end)
    }

    /// What `word` (whose [`short_key`] is `key`) becomes, worked out and remembered.
    fn learn(&mut self, word: &str, key: Option<(u64, u64)>) -> Normal {
        if self.short.len() + self.long.len() >= MEMO_CAPACITY
            || self.normals.len() >= u32::MAX as usize / 2
        {
            self.short.clear();
            self.long.clear();
            self.normals.clear();
            // Its entries point into `normals`. (An empty word, key (0, 0), is never
            // looked up: words have at least one character.)
            self.front.fill(((0, 0), Normal::DROPPED));
        }
        let start = self.normals.len();
        let language = self.language;
        let normalize = self
            .normalize
            .get_or_insert_with(|| Normalizer::new(language));
        let normal = if normalize.normalize(word, &mut self.normals) {
            Normal {
                start: start as u32,
                len: (self.normals.len() - start) as u32,
            }
        } else {
            self.normals.truncate(start);
            Normal::DROPPED
        };
        match key {
            Some(key) => self.short.insert(key, normal),
            None => self.long.insert(word.into(), normal),
        };
        normal
    }
}

impl Clone for Memoized {
    fn clone(&self) -> Memoized {
        Memoized::new(self.language)
    }
}

fn source_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers newsdex's analyzers with an index's tokenizer manager: [`NEWS_ANALYZER`],
/// [`SOURCE_ANALYZER`] and each language's (named by [`analyzer_name`]). Every index opened or
/// created by newsdex needs them before it is written or searched.
pub fn register_analyzers(manager: &TokenizerManager) {
    for language in Language::all() {
        manager.register(&analyzer_name(language), news_analyzer(language));
    }
    manager.register(SOURCE_ANALYZER, source_analyzer());
    manager.register(
        KEYS_ANALYZER,
        TextAnalyzer::from(tantivy::tokenizer::WhitespaceTokenizer::default()),
    );
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{RemoveLongFilter, SimpleTokenizer};

    use super::*;

    fn tokens(analyzer: &str, text: &str) -> Vec<String> {
        let manager = TokenizerManager::default();
        register_analyzers(&manager);
        let mut analyzer = manager.get(analyzer).unwrap();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    #[test]
    fn news_analyzer_folds_stems_and_drops_stop_words() {
        assert_eq!(
            tokens(
                NEWS_ANALYZER,
                "The Defence Ministers of PyongYang held talks in Zürich"
            ),
            ["defenc", "minist", "pyongyang", "held", "talk", "zurich"]
        );
        assert_eq!(tokens(NEWS_ANALYZER, "Kim Jong-un"), ["kim", "jong", "un"]);
    }

    #[test]
    fn a_clitic_stays_in_its_word_in_english() {
        let manager = TokenizerManager::default();
        register_analyzers(&manager);
        let mut news = manager.get(NEWS_ANALYZER).unwrap();
        assert_eq!(
            positioned(&mut news, "NAT'L Gas, Putin’s talks; O'Brien didn't"),
            [
                "nat'l@0:0-5",
                "gas@1:6-9",
                "putin@2:11-20",
                "talk@3:21-26",
                "o@4:28-29",
                "brien@5:30-35",
                "didn't@6:36-42",
            ]
        );
        // An apostrophe that opens or closes a quotation, or starts a longer part, cuts.
        assert_eq!(
            tokens(
                NEWS_ANALYZER,
                "'Gas' workers' l'économie rock'n'roll 1980's '87 Jo'Ann"
            ),
            ["gas", "worker", "l", "economi", "rock'n", "roll", "1980", "87", "jo", "ann"]
        );
        // Other languages cut at every apostrophe, as their elisions want (`d'or`; `d`
        // and `l` are French stop words).
        let mut french = manager
            .get(&analyzer_name(Language::parse("fr").unwrap()))
            .unwrap();
        assert_eq!(tokens_of(&mut french, "d'or Nat'l"), ["or", "nat"]);
    }

    fn tokens_of(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    /// The news analyzer as a plain chain of tantivy's filters over the words of
    /// [`clitic_words`], with runs of CJK characters cut into pairs by hand.
    fn unmemoized(text: &str) -> Vec<String> {
        let stop_words = StopWordFilter::new(TantivyLanguage::English).unwrap();
        // Applied to one word at a time: the words are cut before.
        let mut chain = TextAnalyzer::builder(RawTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(stop_words)
            .filter(Stemmer::new(TantivyLanguage::English))
            .build();
        if !text.chars().any(cjk::is_paired) {
            let mut out = Vec::new();
            for (position, (from, to)) in clitic_words(text).into_iter().enumerate() {
                for token in positioned(&mut chain, &text[from..to]) {
                    let (term, _) = token.split_once('@').unwrap();
                    out.push(format!("{term}@{position}:{from}-{to}"));
                }
            }
            return out;
        }
        // Words split where paired characters meet others; each run of paired characters
        // gives its pairs, one position each.
        let mut out = Vec::new();
        let mut position = 0usize;
        for (base, to) in clitic_words(text) {
            let word_text = &text[base..to];
            let mut segments: Vec<(usize, usize, bool)> = Vec::new();
            for (i, c) in word_text.char_indices() {
                let paired = cjk::is_paired(c);
                match segments.last_mut() {
                    Some(last) if last.2 == paired => last.1 = i + c.len_utf8(),
                    _ => segments.push((i, i + c.len_utf8(), paired)),
                }
            }
            for (from, to, paired) in segments {
                let segment = &word_text[from..to];
                if paired {
                    for range in cjk::pairs(segment) {
                        out.push(format!(
                            "{}@{}:{}-{}",
                            &segment[range.clone()],
                            position,
                            base + from + range.start,
                            base + from + range.end
                        ));
                        position += 1;
                    }
                    continue;
                }
                for token in positioned(&mut chain, segment) {
                    let (term, _) = token.split_once('@').unwrap();
                    out.push(format!("{term}@{position}:{}-{}", base + from, base + to));
                }
                position += 1;
            }
        }
        out
    }

    /// The words of `text` as `SimpleTokenizer` finds them, each joined with the word after
    /// it when only an apostrophe parts them and that word is one or two ASCII letters
    /// that a non-alphanumeric character or the end follows, and the first does not end
    /// in a character cut into pairs.
    fn clitic_words(text: &str) -> Vec<(usize, usize)> {
        let mut raw = SimpleTokenizer::default();
        let mut stream = raw.token_stream(text);
        let mut words: Vec<(usize, usize)> = Vec::new();
        let mut joined = false;
        while let Some(word) = stream.next() {
            let (from, to) = (word.offset_from, word.offset_to);
            let clitic = word.text.len() <= 2 && word.text.bytes().all(|b| b.is_ascii_alphabetic());
            let ends = !text[to..].starts_with(char::is_alphanumeric);
            if let Some(last) = words.last_mut() {
                let gap = &text[last.1..from];
                let after_paired = text[..last.1]
                    .chars()
                    .next_back()
                    .is_some_and(cjk::is_paired);
                if !joined && clitic && ends && !after_paired && (gap == "'" || gap == "\u{2019}") {
                    last.1 = to;
                    joined = true;
                    continue;
                }
            }
            words.push((from, to));
            joined = false;
        }
        words
    }

    /// Each token of `text` with its position and offsets.
    fn positioned(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push(format!(
                "{}@{}:{}-{}",
                t.text, t.position, t.offset_from, t.offset_to
            ));
        }
        out
    }

    #[test]
    fn memo_gives_the_same_tokens_as_the_plain_chain() {
        let mut analyzer = news_analyzer(Language::ENGLISH);
        for seed in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data")).unwrap() {
            let text = std::fs::read_to_string(seed.unwrap().path()).unwrap();
            // Twice: the second pass reads every word from the memo.
            assert_eq!(positioned(&mut analyzer, &text), unmemoized(&text));
            assert_eq!(positioned(&mut analyzer, &text), unmemoized(&text));
        }
        // Words over 16 bytes, and ones that fold or stem to over 16 bytes.
        let long = "Internationalisations INTERNATIONALISATIONS straße Straßenbahnhaltestellen \
                    Maßstabsgerechtigkeiten Ærøskøbingerne";
        assert_eq!(positioned(&mut analyzer, long), unmemoized(long));
        assert_eq!(positioned(&mut analyzer, long), unmemoized(long));
    }

    #[test]
    fn short_keys_identify_words() {
        assert_eq!(short_key(""), Some((0, 0)));
        assert_ne!(short_key("ab"), short_key("ba"));
        assert_eq!(short_key("ab\0"), None);
        assert!(short_key("sixteen_bytes_ab").is_some());
        assert_eq!(short_key("seventeen_bytes_a"), None);
    }

    #[test]
    fn memo_starts_over_when_full() {
        let mut analyzer = news_analyzer(Language::ENGLISH);
        // Frequent words between the new ones, so that they are read from the front table
        // before and after the memo starts over.
        let words: String = (0..2 * MEMO_CAPACITY + 4000)
            .map(|i| match i % 4 {
                0 => "Talks ".to_string(),
                1 => "the ".to_string(),
                _ => format!("Word{i}s "),
            })
            .collect();
        assert_eq!(positioned(&mut analyzer, &words), unmemoized(&words));
        assert_eq!(
            positioned(&mut analyzer, "The Talks"),
            unmemoized("The Talks")
        );
    }

    proptest::proptest! {
        #[test]
        fn memo_matches_the_plain_chain_on_any_text(text in "\\PC{0,200}") {
            let mut analyzer = news_analyzer(Language::ENGLISH);
            proptest::prop_assert_eq!(positioned(&mut analyzer, &text), unmemoized(&text));
            proptest::prop_assert_eq!(positioned(&mut analyzer, &text), unmemoized(&text));
        }

        #[test]
        fn memo_matches_the_plain_chain_on_wordy_text(text in "[a-zA-Z0-9éÆßİ\u{300} ,.'’-]{0,400}") {
            // Long runs of letters (some over 40 bytes), few separators.
            let mut analyzer = news_analyzer(Language::ENGLISH);
            proptest::prop_assert_eq!(positioned(&mut analyzer, &text), unmemoized(&text));
            proptest::prop_assert_eq!(positioned(&mut analyzer, &text), unmemoized(&text));
        }
    }

    #[test]
    fn source_analyzer_keeps_the_whole_name() {
        // Dashes fold to ASCII like every other character.
        assert_eq!(
            tokens(SOURCE_ANALYZER, "BBN – Big Big News"),
            ["bbn - big big news"]
        );
        assert_eq!(tokens(SOURCE_ANALYZER, "AP"), ["ap"]);
    }

    /// The terms a language's analyzer makes of `text`.
    fn terms_of(code: &str, text: &str) -> Vec<String> {
        let mut analyzer = language_analyzer(Language::parse(code).unwrap());
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    #[test]
    fn each_language_stems_and_drops_its_stop_words() {
        // (language, two forms of one word, a stop word of the language)
        let cases = [
            ("en", "talks", "talk", "the"),
            ("ru", "переговоры", "переговоров", "и"),
            ("de", "Verhandlungen", "Verhandlung", "und"),
            ("fr", "négociations", "négociation", "les"),
            ("es", "negociaciones", "negociación", "los"),
            ("it", "negoziati", "negoziato", "della"),
            ("pt", "negociações", "negociação", "os"),
            ("nl", "onderhandelingen", "onderhandeling", "het"),
            ("sv", "förhandlingar", "förhandling", "och"),
            ("nb", "forhandlinger", "forhandling", "og"),
            ("da", "forhandlinger", "forhandling", "og"),
            ("fi", "neuvotteluissa", "neuvotteluista", "ja"),
            ("hu", "tárgyalások", "tárgyalás", "és"),
            ("ro", "ministrul", "ministrului", "care"),
            ("tr", "görüşmeler", "görüşmeleri", "ve"),
            ("el", "υπουργός", "υπουργού", "και"),
            ("ar", "المدينة", "مدينة", "في"),
            ("ta", "அமைச்சர்கள்", "அமைச்சர்", "ஒரு"),
        ];
        for (code, one, other, stop) in cases {
            let a = terms_of(code, one);
            assert_eq!(a.len(), 1, "{code}: {one} gives {a:?}");
            assert_eq!(a, terms_of(code, other), "{code}: {one} and {other}");
            assert_ne!(a[0], one.to_lowercase(), "{code}: {one} is not stemmed");
            assert!(terms_of(code, stop).is_empty(), "{code}: {stop} is kept");
        }
    }

    #[test]
    fn one_languages_rules_leave_anothers_words_searchable() {
        // `die` is a German stop word, not an English one; `Kim` stays in Turkish text's
        // English neighbours' rules.
        assert_eq!(terms_of("en", "die"), ["die"]);
        assert!(terms_of("de", "die").is_empty());
        // Words of other scripts pass through a language's rules lowercased.
        assert_eq!(terms_of("de", "Шойгу"), ["шойгу"]);
        assert_eq!(terms_of("ru", "Shoigu"), ["shoigu"]);
        // Turkish lowercases its dotted and dotless i apart.
        assert_eq!(terms_of("tr", "İSTANBUL"), terms_of("tr", "istanbul"));
    }

    #[test]
    fn cjk_runs_become_pairs_in_every_language() {
        for code in ["en", "zh", "ko", "ja", "ru"] {
            assert_eq!(
                terms_of(code, "习近平会见普京"),
                ["习近", "近平", "平会", "会见", "见普", "普京"]
            );
        }
        assert_eq!(
            terms_of("ko", "평양에서 회담"),
            ["평양", "양에", "에서", "회담"]
        );
        assert_eq!(terms_of("en", "iPhone手机"), ["iphon", "手机"]);
        assert_eq!(terms_of("ja", "東京"), ["東京"]);
        assert_eq!(terms_of("zh", "中"), ["中"]);
    }
}
