use std::collections::HashMap;

use rustc_hash::FxBuildHasher;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
    Token, TokenStream, Tokenizer, TokenizerManager,
};

/// The analyzer of `title`, `text` and `author`: split on non-alphanumeric characters,
/// drop tokens over 40 bytes, lowercase, fold accents to ASCII (`Zürich` → `zurich`), drop
/// English stop words (Lucene's list: `the`, `of`, `and`, …; positions are kept, so phrases
/// still match) and stem with Snowball English (`talks` → `talk`).
pub const NEWS_ANALYZER: &str = "news";

/// The analyzer of `source`: the whole value as one token, lowercased and folded, so
/// `--source ap` finds `AP`.
pub const SOURCE_ANALYZER: &str = "source";

/// How many distinct words one analyzer instance remembers before it starts over. News
/// text repeats a small vocabulary; this bounds the memory of a pathological one.
const MEMO_CAPACITY: usize = 1 << 18;

/// Lowercasing, folding, stop words and stemming of one word: tantivy's own filters,
/// applied to the word alone.
fn word_normalizer() -> TextAnalyzer {
    let stop_words =
        StopWordFilter::new(Language::English).expect("tantivy ships an English stop-word list");
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(stop_words)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Tokens longer than this many bytes are dropped (a URL, a hash, a run of letters).
const MAX_WORD_BYTES: usize = 40;

fn news_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(NewsTokenizer {
        token: Token::default(),
        memo: Memoized::new(word_normalizer()),
    })
}

/// The tokenizer of [`NEWS_ANALYZER`]: the tokens of tantivy's `SimpleTokenizer` (runs of
/// alphanumeric characters, positions counted over all of them), without those of 40
/// bytes or more (tantivy's `RemoveLongFilter`), each normalized by [`word_normalizer`].
/// The output is exactly that chain's; what differs is the cost.
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

impl Tokenizer for NewsTokenizer {
    type TokenStream<'a> = NewsTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> NewsTokenStream<'a> {
        self.token.reset();
        NewsTokenStream {
            text,
            at: 0,
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
    token: &'a mut Token,
    memo: &'a mut Memoized,
}

/// The character at `at` of `text` (a character boundary), its length, and whether it is
/// alphanumeric: a word character.
fn char_at(text: &str, at: usize) -> Option<(usize, bool)> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        return Some((1, byte.is_ascii_alphanumeric()));
    }
    let c = text.get(at..)?.chars().next()?;
    Some((c.len_utf8(), c.is_alphanumeric()))
}

impl NewsTokenStream<'_> {
    /// The byte range of the next run of alphanumeric characters.
    fn next_word(&mut self) -> Option<(usize, usize)> {
        let mut at = self.at;
        let start = loop {
            let (len, word) = char_at(self.text, at)?;
            if word {
                break at;
            }
            at += len;
        };
        at = start;
        while let Some((len, true)) = char_at(self.text, at) {
            at += len;
        }
        self.at = at;
        Some((start, at))
    }
}

impl TokenStream for NewsTokenStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some((from, to)) = self.next_word() {
            // Dropped words keep their positions, as in tantivy's filters.
            self.token.position = self.token.position.wrapping_add(1);
            if to - from >= MAX_WORD_BYTES {
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
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// What [`NewsTokenizer`] learned: each spelling's normal form.
///
/// Words of up to 16 bytes (nearly all of them) are keyed by their bytes in two integers,
/// so a lookup compares integers instead of following a pointer to a string: the memory
/// of the postings being written keeps evicting the memo from the caches.
struct Memoized {
    normalize: TextAnalyzer,
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
    fn new(normalize: TextAnalyzer) -> Memoized {
        Memoized {
            normalize,
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
        let mut stream = self.normalize.token_stream(word);
        let normal = match stream.next() {
            Some(token) => {
                let start = self.normals.len();
                self.normals.push_str(&token.text);
                Normal {
                    start: start as u32,
                    len: token.text.len() as u32,
                }
            }
            None => Normal::DROPPED,
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
        Memoized::new(self.normalize.clone())
    }
}

fn source_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers newsdex's analyzers with an index's tokenizer manager. Every index opened or
/// created by newsdex needs them before it is written or searched.
pub fn register_analyzers(manager: &TokenizerManager) {
    manager.register(NEWS_ANALYZER, news_analyzer());
    manager.register(SOURCE_ANALYZER, source_analyzer());
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

    /// The news analyzer as a plain chain of tantivy's tokenizer and filters.
    fn unmemoized(text: &str) -> Vec<String> {
        let stop_words = StopWordFilter::new(Language::English).unwrap();
        let mut chain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(stop_words)
            .filter(Stemmer::new(Language::English))
            .build();
        positioned(&mut chain, text)
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
        let mut analyzer = news_analyzer();
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
        let mut analyzer = news_analyzer();
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
            let mut analyzer = news_analyzer();
            proptest::prop_assert_eq!(positioned(&mut analyzer, &text), unmemoized(&text));
            proptest::prop_assert_eq!(positioned(&mut analyzer, &text), unmemoized(&text));
        }

        #[test]
        fn memo_matches_the_plain_chain_on_wordy_text(text in "[a-zA-Z0-9éÆßİ\u{300} ,.'-]{0,400}") {
            // Long runs of letters (some over 40 bytes), few separators.
            let mut analyzer = news_analyzer();
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
}
