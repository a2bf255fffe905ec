use std::collections::HashMap;

use rustc_hash::FxBuildHasher;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, StopWordFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
    TokenizerManager,
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

fn news_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(Memoized::new(word_normalizer()))
        .build()
}

/// A token filter that applies a one-word analyzer to each token and remembers the answer
/// for each distinct spelling, so each word of a vocabulary is stemmed once per analyzer
/// instance rather than at every occurrence. Stemming dominated the cost of indexing.
///
/// Words of up to 16 bytes (nearly all of them) are keyed by their bytes in two integers, so a
/// lookup compares integers instead of following a pointer to a string: the memory
/// of the postings being written keeps evicting the memo from the caches.
///
/// Every clone starts with an empty memory: tantivy clones the analyzer for each indexing
/// thread and each search, so no memory is shared and nothing is locked.
struct Memoized {
    normalize: TextAnalyzer,
    short: HashMap<(u64, u64), Normal, FxBuildHasher>,
    long: HashMap<Box<str>, Normal, FxBuildHasher>,
    /// Every normal form learned, end to end: the maps hold places in it, which keeps
    /// their entries small.
    normals: String,
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
        }
    }

    fn get(&self, word: &str) -> Option<Normal> {
        match short_key(word) {
            Some(key) => self.short.get(&key).copied(),
            None => self.long.get(word).copied(),
        }
    }

    fn text(&self, normal: Normal) -> Option<&str> {
        let start = usize::try_from(normal.start).ok()?;
        let end = start.checked_add(usize::try_from(normal.len).ok()?)?;
        self.normals.get(start..end)
    }

    /// What `word` becomes, worked out and remembered.
    fn learn(&mut self, word: &str) -> Normal {
        if self.short.len() + self.long.len() >= MEMO_CAPACITY
            || self.normals.len() >= u32::MAX as usize / 2
        {
            self.short.clear();
            self.long.clear();
            self.normals.clear();
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
        match short_key(word) {
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

impl TokenFilter for Memoized {
    type Tokenizer<T: Tokenizer> = MemoizedFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> MemoizedFilter<T> {
        MemoizedFilter { inner, memo: self }
    }
}

/// [`Memoized`] applied to a tokenizer.
#[derive(Clone)]
pub struct MemoizedFilter<T> {
    inner: T,
    memo: Memoized,
}

impl<T: Tokenizer> Tokenizer for MemoizedFilter<T> {
    type TokenStream<'a> = MemoizedStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoizedStream {
            tail: self.inner.token_stream(text),
            memo: &mut self.memo,
        }
    }
}

/// The tokens of [`MemoizedFilter`].
pub struct MemoizedStream<'a, S> {
    tail: S,
    memo: &'a mut Memoized,
}

impl<S: TokenStream> TokenStream for MemoizedStream<'_, S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let token = self.tail.token_mut();
            let normal = match self.memo.get(&token.text) {
                Some(normal) => normal,
                None => self.memo.learn(&token.text),
            };
            if let Some(text) = self.memo.text(normal) {
                token.text.clear();
                token.text.push_str(text);
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
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

    /// The news analyzer as a plain chain of tantivy's filters, without the memo.
    fn unmemoized(text: &str) -> Vec<String> {
        let stop_words = StopWordFilter::new(Language::English).unwrap();
        let mut chain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(stop_words)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut stream = chain.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push(format!(
                "{}@{}:{}-{}",
                t.text, t.position, t.offset_from, t.offset_to
            ));
        }
        out
    }

    fn memoized(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
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
            assert_eq!(memoized(&mut analyzer, &text), unmemoized(&text));
            assert_eq!(memoized(&mut analyzer, &text), unmemoized(&text));
        }
        // Words over 16 bytes, and ones that fold or stem to over 16 bytes.
        let long = "Internationalisations INTERNATIONALISATIONS straße Straßenbahnhaltestellen \
                    Maßstabsgerechtigkeiten Ærøskøbingerne";
        assert_eq!(memoized(&mut analyzer, long), unmemoized(long));
        assert_eq!(memoized(&mut analyzer, long), unmemoized(long));
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
        let words: String = (0..MEMO_CAPACITY + 10)
            .map(|i| format!("Word{i}s "))
            .collect();
        assert_eq!(memoized(&mut analyzer, &words), unmemoized(&words));
        assert_eq!(
            memoized(&mut analyzer, "The Talks"),
            unmemoized("The Talks")
        );
    }

    proptest::proptest! {
        #[test]
        fn memo_matches_the_plain_chain_on_any_text(text in "\\PC{0,200}") {
            let mut analyzer = news_analyzer();
            proptest::prop_assert_eq!(memoized(&mut analyzer, &text), unmemoized(&text));
            proptest::prop_assert_eq!(memoized(&mut analyzer, &text), unmemoized(&text));
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
