//! Languages: which ones newsdex knows, how it names them, how it tells them apart, and
//! which rules analyse each one's text.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use whatlang::Script;

/// A language, named by its ISO 639-1 code (`en`, `ru`, `zh`).
///
/// newsdex knows the 69 languages it can detect (those of
/// [whatlang](https://docs.rs/whatlang)). Each is analysed by its own rules where there are
/// some (see [`Language::stems`] and [`Language::has_stop_words`]); Chinese, Japanese and
/// Korean text is cut into overlapping pairs of characters whatever the language of the
/// article; every other word is lowercased and its accents folded.
///
/// ```
/// use newsdex_schema::Language;
///
/// let ru: Language = "ru".parse().unwrap();
/// assert_eq!(ru.name(), "Russian");
/// assert_eq!(ru.native_name(), "Русский");
/// assert_eq!(Language::parse("Deutsch"), Language::parse("de-DE"));
/// assert!(ru.stems() && ru.has_stop_words());
/// assert_eq!(Language::detect("Министр обороны России Сергей Шойгу прибыл в Пхеньян с официальным визитом."), Some(ru));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Language(u8);

/// How a language's stop words are found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StopWords {
    /// None.
    None,
    /// tantivy's list (Lucene's and Snowball's).
    Tantivy(tantivy::tokenizer::Language),
    /// The list NLTK ships, from the `stop-words` crate, by ISO 639-1 code.
    Nltk(&'static str),
}

/// One row of [`LANGUAGES`].
pub(crate) struct Entry {
    /// ISO 639-1.
    pub(crate) code: &'static str,
    /// ISO 639-3, as whatlang names it.
    pub(crate) code3: &'static str,
    /// The English name.
    pub(crate) name: &'static str,
    /// The name in the language itself.
    pub(crate) native: &'static str,
    /// Other codes and names a record may give (ISO 639-2/B, macrolanguage codes).
    pub(crate) aliases: &'static [&'static str],
    /// The Snowball stemmer, where there is one.
    pub(crate) stemmer: Option<rust_stemmers::Algorithm>,
    pub(crate) stop_words: StopWords,
}

macro_rules! entry {
    ($code:literal, $code3:literal, $name:literal, $native:literal, [$($alias:literal),*], $stem:expr, $stop:expr) => {
        Entry {
            code: $code,
            code3: $code3,
            name: $name,
            native: $native,
            aliases: &[$($alias),*],
            stemmer: $stem,
            stop_words: $stop,
        }
    };
}

use rust_stemmers::Algorithm as A;
use tantivy::tokenizer::Language as T;
use StopWords::{Nltk, Tantivy};

/// Every language newsdex knows. English comes first: it is the language of articles whose
/// language cannot be told.
pub(crate) static LANGUAGES: &[Entry] = &[
    entry!(
        "en",
        "eng",
        "English",
        "English",
        [],
        Some(A::English),
        Tantivy(T::English)
    ),
    entry!(
        "ru",
        "rus",
        "Russian",
        "Русский",
        [],
        Some(A::Russian),
        Tantivy(T::Russian)
    ),
    entry!(
        "de",
        "deu",
        "German",
        "Deutsch",
        ["ger"],
        Some(A::German),
        Tantivy(T::German)
    ),
    entry!(
        "fr",
        "fra",
        "French",
        "Français",
        ["fre"],
        Some(A::French),
        Tantivy(T::French)
    ),
    entry!(
        "es",
        "spa",
        "Spanish",
        "Español",
        ["castellano"],
        Some(A::Spanish),
        Tantivy(T::Spanish)
    ),
    entry!(
        "it",
        "ita",
        "Italian",
        "Italiano",
        [],
        Some(A::Italian),
        Tantivy(T::Italian)
    ),
    entry!(
        "pt",
        "por",
        "Portuguese",
        "Português",
        [],
        Some(A::Portuguese),
        Tantivy(T::Portuguese)
    ),
    entry!(
        "nl",
        "nld",
        "Dutch",
        "Nederlands",
        ["dut", "flemish"],
        Some(A::Dutch),
        Tantivy(T::Dutch)
    ),
    entry!(
        "sv",
        "swe",
        "Swedish",
        "Svenska",
        [],
        Some(A::Swedish),
        Tantivy(T::Swedish)
    ),
    entry!(
        "nb",
        "nob",
        "Norwegian",
        "Norsk",
        ["no", "nor", "nn", "nno", "bokmål", "bokmal", "nynorsk"],
        Some(A::Norwegian),
        Tantivy(T::Norwegian)
    ),
    entry!(
        "da",
        "dan",
        "Danish",
        "Dansk",
        [],
        Some(A::Danish),
        Tantivy(T::Danish)
    ),
    entry!(
        "fi",
        "fin",
        "Finnish",
        "Suomi",
        [],
        Some(A::Finnish),
        Tantivy(T::Finnish)
    ),
    entry!(
        "hu",
        "hun",
        "Hungarian",
        "Magyar",
        [],
        Some(A::Hungarian),
        Tantivy(T::Hungarian)
    ),
    entry!(
        "ro",
        "ron",
        "Romanian",
        "Română",
        ["rum", "mo", "mol", "moldavian"],
        Some(A::Romanian),
        Nltk("ro")
    ),
    entry!(
        "tr",
        "tur",
        "Turkish",
        "Türkçe",
        [],
        Some(A::Turkish),
        Nltk("tr")
    ),
    entry!(
        "el",
        "ell",
        "Greek",
        "Ελληνικά",
        ["gre"],
        Some(A::Greek),
        Nltk("el")
    ),
    entry!(
        "ar",
        "ara",
        "Arabic",
        "العربية",
        ["arb"],
        Some(A::Arabic),
        Nltk("ar")
    ),
    entry!("ta", "tam", "Tamil", "தமிழ்", [], Some(A::Tamil), Nltk("ta")),
    entry!(
        "zh",
        "cmn",
        "Chinese",
        "中文",
        ["zho", "chi", "mandarin", "普通话", "汉语", "漢語"],
        None,
        StopWords::None
    ),
    entry!("ja", "jpn", "Japanese", "日本語", [], None, StopWords::None),
    entry!("ko", "kor", "Korean", "한국어", [], None, StopWords::None),
    entry!(
        "uk",
        "ukr",
        "Ukrainian",
        "Українська",
        [],
        None,
        StopWords::None
    ),
    entry!(
        "be",
        "bel",
        "Belarusian",
        "Беларуская",
        [],
        None,
        Nltk("be")
    ),
    entry!(
        "bg",
        "bul",
        "Bulgarian",
        "Български",
        [],
        None,
        StopWords::None
    ),
    entry!("sr", "srp", "Serbian", "Српски", [], None, StopWords::None),
    entry!(
        "mk",
        "mkd",
        "Macedonian",
        "Македонски",
        ["mac"],
        None,
        StopWords::None
    ),
    entry!("pl", "pol", "Polish", "Polski", [], None, StopWords::None),
    entry!(
        "cs",
        "ces",
        "Czech",
        "Čeština",
        ["cze"],
        None,
        StopWords::None
    ),
    entry!(
        "sk",
        "slk",
        "Slovak",
        "Slovenčina",
        ["slo"],
        None,
        StopWords::None
    ),
    entry!(
        "sl",
        "slv",
        "Slovenian",
        "Slovenščina",
        ["slovene"],
        None,
        Nltk("sl")
    ),
    entry!(
        "hr",
        "hrv",
        "Croatian",
        "Hrvatski",
        [],
        None,
        StopWords::None
    ),
    entry!(
        "lt",
        "lit",
        "Lithuanian",
        "Lietuvių",
        [],
        None,
        StopWords::None
    ),
    entry!(
        "lv",
        "lav",
        "Latvian",
        "Latviešu",
        [],
        None,
        StopWords::None
    ),
    entry!("et", "est", "Estonian", "Eesti", [], None, StopWords::None),
    entry!("ca", "cat", "Catalan", "Català", [], None, Nltk("ca")),
    entry!("he", "heb", "Hebrew", "עברית", ["iw"], None, Nltk("he")),
    entry!("yi", "yid", "Yiddish", "ייִדיש", [], None, StopWords::None),
    entry!(
        "fa",
        "pes",
        "Persian",
        "فارسی",
        ["per", "fas", "farsi"],
        None,
        StopWords::None
    ),
    entry!("ur", "urd", "Urdu", "اُردُو", [], None, StopWords::None),
    entry!("hi", "hin", "Hindi", "हिन्दी", [], None, StopWords::None),
    entry!("bn", "ben", "Bengali", "বাংলা", ["bangla"], None, Nltk("bn")),
    entry!("mr", "mar", "Marathi", "मराठी", [], None, StopWords::None),
    entry!("ne", "nep", "Nepali", "नेपाली", [], None, Nltk("ne")),
    entry!("gu", "guj", "Gujarati", "ગુજરાતી", [], None, StopWords::None),
    entry!("pa", "pan", "Punjabi", "ਪੰਜਾਬੀ", [], None, StopWords::None),
    entry!("or", "ori", "Oriya", "ଓଡ଼ିଆ", ["odia"], None, StopWords::None),
    entry!("te", "tel", "Telugu", "తెలుగు", [], None, StopWords::None),
    entry!("kn", "kan", "Kannada", "ಕನ್ನಡ", [], None, StopWords::None),
    entry!("ml", "mal", "Malayalam", "മലയാളം", [], None, StopWords::None),
    entry!(
        "si",
        "sin",
        "Sinhala",
        "සිංහල",
        ["sinhalese"],
        None,
        StopWords::None
    ),
    entry!("th", "tha", "Thai", "ภาษาไทย", [], None, StopWords::None),
    entry!(
        "my",
        "mya",
        "Burmese",
        "မြန်မာစာ",
        ["bur"],
        None,
        StopWords::None
    ),
    entry!("km", "khm", "Khmer", "ភាសាខ្មែរ", [], None, StopWords::None),
    entry!(
        "vi",
        "vie",
        "Vietnamese",
        "Tiếng Việt",
        [],
        None,
        StopWords::None
    ),
    entry!(
        "id",
        "ind",
        "Indonesian",
        "Bahasa Indonesia",
        ["in"],
        None,
        Nltk("id")
    ),
    entry!(
        "jv",
        "jav",
        "Javanese",
        "Basa Jawa",
        [],
        None,
        StopWords::None
    ),
    entry!(
        "tl",
        "tgl",
        "Tagalog",
        "Tagalog",
        ["fil", "filipino"],
        None,
        StopWords::None
    ),
    entry!(
        "ka",
        "kat",
        "Georgian",
        "ქართული",
        ["geo"],
        None,
        StopWords::None
    ),
    entry!(
        "hy",
        "hye",
        "Armenian",
        "Հայերեն",
        ["arm"],
        None,
        StopWords::None
    ),
    entry!(
        "az",
        "aze",
        "Azerbaijani",
        "Azərbaycanca",
        [],
        None,
        Nltk("az")
    ),
    entry!("uz", "uzb", "Uzbek", "Oʻzbekcha", [], None, Nltk("uz")),
    entry!(
        "tk",
        "tuk",
        "Turkmen",
        "Türkmençe",
        [],
        None,
        StopWords::None
    ),
    entry!("am", "amh", "Amharic", "አማርኛ", [], None, StopWords::None),
    entry!(
        "af",
        "afr",
        "Afrikaans",
        "Afrikaans",
        [],
        None,
        StopWords::None
    ),
    entry!("zu", "zul", "Zulu", "IsiZulu", [], None, StopWords::None),
    entry!("sn", "sna", "Shona", "ChiShona", [], None, StopWords::None),
    entry!("ak", "aka", "Akan", "Akan", ["twi"], None, StopWords::None),
    entry!(
        "cy",
        "cym",
        "Welsh",
        "Cymraeg",
        ["wel"],
        None,
        StopWords::None
    ),
    entry!(
        "la",
        "lat",
        "Latin",
        "Lingua Latina",
        [],
        None,
        StopWords::None
    ),
    entry!(
        "eo",
        "epo",
        "Esperanto",
        "Esperanto",
        [],
        None,
        StopWords::None
    ),
];

/// Texts in Latin letters with fewer letters than this are not detected.
const MIN_LETTERS: usize = 24;

/// How much of an article's text detection reads: enough to tell languages apart
/// reliably, and a bound on its cost for long articles.
const DETECT_BYTES: usize = 600;

impl Language {
    /// English, the language whose rules analyse an article of unknown language.
    pub const ENGLISH: Language = Language(0);

    pub(crate) fn entry(self) -> &'static Entry {
        &LANGUAGES[usize::from(self.0)]
    }

    /// Every language newsdex knows, English first.
    pub fn all() -> impl Iterator<Item = Language> {
        (0..LANGUAGES.len()).map(|i| Language(i as u8))
    }

    /// The ISO 639-1 code: `ru`. Norwegian is `nb`.
    pub fn code(self) -> &'static str {
        self.entry().code
    }

    /// The English name: `Russian`.
    pub fn name(self) -> &'static str {
        self.entry().name
    }

    /// The name in the language itself: `Русский`.
    pub fn native_name(self) -> &'static str {
        self.entry().native
    }

    /// Whether words of this language are stemmed (Snowball): `talks` and `talk`,
    /// `переговоры` and `переговоров`, `Verhandlungen` and `Verhandlung` are one word.
    pub fn stems(self) -> bool {
        self.entry().stemmer.is_some()
    }

    /// Whether this language's most common words (`the`, `и`, `der`) are left out of the
    /// index (their positions are kept, so phrases still match).
    pub fn has_stop_words(self) -> bool {
        self.entry().stop_words != StopWords::None
    }

    /// Whether the language is written without spaces between words (Chinese, Japanese)
    /// or in Hangul (Korean): its text is indexed as overlapping pairs of characters.
    pub fn is_cjk(self) -> bool {
        matches!(self.code(), "zh" | "ja" | "ko")
    }

    /// Reads a language as records and pages give it: an ISO 639-1, 639-2 or 639-3 code
    /// (`ru`, `rus`), a BCP 47 tag (`ru-RU`, `zh-Hans-CN`, `pt_BR`), or the language's
    /// English or own name (`Russian`, `русский`), in any case. `None` for anything else.
    pub fn parse(text: &str) -> Option<Language> {
        let text = text.trim();
        if text.is_empty() || text.len() > 40 {
            return None;
        }
        let lower = text.to_lowercase();
        let find = |key: &str| {
            LANGUAGES.iter().position(|e| {
                e.code == key
                    || e.code3 == key
                    || e.aliases.contains(&key)
                    || e.name.to_lowercase() == key
                    || e.native.to_lowercase() == key
            })
        };
        let found = find(&lower).or_else(|| {
            // A tag: the primary subtag decides (`zh-Hant-TW`, `en_GB`).
            let primary = lower.split(['-', '_']).next()?;
            (primary.len() < lower.len() && (2..=3).contains(&primary.len()))
                .then(|| find(primary))
                .flatten()
        })?;
        Some(Language(found as u8))
    }

    /// The language of a text, detected from its letters (whatlang's trigram profiles,
    /// and the script for languages that alone use theirs, such as Korean and Greek). Only
    /// the first 600 bytes are read. `None` where the text is too short or too
    /// mixed to tell: a guess would pick the wrong rules.
    pub fn detect(text: &str) -> Option<Language> {
        let sample = prefix(text, DETECT_BYTES);
        // Fewer letters than a short sentence tell no language apart (whatlang would
        // answer, unreliably); a script of one language alone needs fewer.
        if too_short(sample) {
            return None;
        }
        let tally = Tally::of(sample);
        // Trigram profiles are most of the time of indexing English news: plain English
        // prose is told without them, as they would tell it.
        if tally.plainly_english() && whatlang::detect_script(sample) == Some(Script::Latin) {
            return Some(Language::ENGLISH);
        }
        // Nor are figures with hardly a common word of any language (an earnings table):
        // whatever the trigrams said, `corroborate` would find them no language.
        if tally.is_figures(sample) {
            return None;
        }
        Language::detect_by_trigrams(sample, &tally)
    }

    /// [`Language::detect`] past its checks of length and plain English: whatlang's
    /// verdict, corroborated by the sample's common words.
    fn detect_by_trigrams(sample: &str, tally: &Tally) -> Option<Language> {
        let info = whatlang::detect(sample)?;
        let lang = Language::from_whatlang(info.lang())?;
        // whatlang is sure of a script used by one language alone.
        if sole_language(info.script()) {
            return Some(lang);
        }
        // Among the languages of one script (Latin, Cyrillic, Arabic) letter trigrams alone
        // take tables and lists for prose of some other language (an earnings table, `Shr
        // 22 cts vs 19 cts`, reads as French to them): the verdict stands only where the
        // text is written in that language's own common words.
        corroborate(sample, tally, &info, lang)
    }

    /// The language whose ISO 639-3 code whatlang gives.
    fn from_whatlang(lang: whatlang::Lang) -> Option<Language> {
        let code3 = lang.code();
        LANGUAGES
            .iter()
            .position(|e| e.code3 == code3)
            .map(|i| Language(i as u8))
    }
}

/// Fewer distinct common words than this of a language don't name it against whatlang's
/// verdict.
const MIN_FUNCTION_WORDS: usize = 3;

/// The language detected, where the text's common words (`the`, `de`, `и`) bear it out.
/// Each language of the script with a list of common words counts the distinct ones the
/// text uses (a name repeated, such as `ITT`, counts once). The verdict stands where its own
/// are at least as many as any other language's: three, or one where whatlang is sure and
/// the text is prose rather than figures (a table without them isn't prose in that
/// language). Where another language's are more, that language if there are three
/// (trigrams decide a tie), or `None`. A language without a list stands if whatlang is sure
/// of it and the text is prose; if not, a listed language whose common words make up a
/// quarter of the text's words is the language.
fn corroborate(
    sample: &str,
    tally: &Tally,
    info: &whatlang::Info,
    lang: Language,
) -> Option<Language> {
    let lexicon = lexicon();
    let Tally {
        distinct,
        tokens,
        words,
    } = tally;
    let words = *words;
    let listed = |l: &Language| lexicon.listed & (1u128 << l.0) != 0;
    let count = |l: Language| usize::from(distinct[usize::from(l.0)]);
    let others: Vec<Language> = info
        .script()
        .langs()
        .iter()
        .filter_map(|l| Language::from_whatlang(*l))
        .filter(|l| *l != lang && listed(l))
        .collect();
    let most = others.iter().map(|l| count(*l)).max().unwrap_or(0);
    // The other language with the most, trigrams deciding a tie.
    let other = || {
        let tied: Vec<whatlang::Lang> = others
            .iter()
            .filter(|l| count(**l) == most)
            .filter_map(|l| whatlang::Lang::from_code(l.entry().code3))
            .collect();
        let first = tied.first().copied()?;
        let pick = whatlang::Detector::with_allowlist(tied)
            .detect_lang(sample)
            .unwrap_or(first);
        Language::from_whatlang(pick)
    };
    let sure = info.is_reliable() && is_prose(sample);
    let own = count(lang);
    if listed(&lang) {
        if own >= most {
            (own >= MIN_FUNCTION_WORDS || (own > 0 && sure)).then_some(lang)
        } else {
            (most >= MIN_FUNCTION_WORDS).then(other).flatten()
        }
    } else if sure {
        Some(lang)
    } else {
        let share = others
            .iter()
            .filter(|l| count(**l) == most)
            .map(|l| usize::from(tokens[usize::from(l.0)]))
            .max()
            .unwrap_or(0);
        (most >= MIN_FUNCTION_WORDS && share * 4 >= words)
            .then(other)
            .flatten()
    }
}

/// Room for every language of [`LANGUAGES`] in a bit set.
const LANGUAGE_SLOTS: usize = 128;

/// The common words of a text, counted for each language with a list of them.
struct Tally {
    /// Per language (by its place in [`LANGUAGES`]): the distinct common words the text
    /// uses (a name repeated, such as `ITT`, counts once).
    distinct: [u16; LANGUAGE_SLOTS],
    /// Per language: all of them.
    tokens: [u16; LANGUAGE_SLOTS],
    /// The text's words.
    words: usize,
}

/// English prose uses at least this many distinct common English words in a sample, and
/// this many times as many as of any other language, to be told without trigrams.
const PLAIN_ENGLISH_WORDS: u16 = 8;
const PLAIN_ENGLISH_LEAD: u16 = 2;

impl Tally {
    fn of(sample: &str) -> Tally {
        let lexicon = lexicon();
        let mut tally = Tally {
            distinct: [0; LANGUAGE_SLOTS],
            tokens: [0; LANGUAGE_SLOTS],
            words: 0,
        };
        let mut seen: FxHashSet<&'static str> = FxHashSet::default();
        let mut lower = String::new();
        for word in sample
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| is_word(w))
        {
            tally.words += 1;
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            let Some((&key, &languages)) = lexicon.words.get_key_value(lower.as_str()) else {
                continue;
            };
            let new = seen.insert(key);
            let mut bits = languages;
            while bits != 0 {
                let i = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                tally.tokens[i] = tally.tokens[i].saturating_add(1);
                tally.distinct[i] += u16::from(new);
            }
        }
        tally
    }

    /// Whether the text is figures rather than prose, in a script that several languages
    /// write, with fewer than [`MIN_FUNCTION_WORDS`] distinct common words of any one
    /// language. [`corroborate`] tells such a text no language whatever the trigrams say:
    /// it asks for that many common words of a language, or for prose.
    fn is_figures(&self, sample: &str) -> bool {
        self.distinct
            .iter()
            .all(|n| usize::from(*n) < MIN_FUNCTION_WORDS)
            && !is_prose(sample)
            && whatlang::detect_script(sample).is_some_and(|script| !sole_language(script))
    }

    /// Whether the text is English by its common words alone: many of them, and several
    /// times as many as of any other language. Whatever language its trigrams point to,
    /// [`corroborate`] would then settle on English (its common words are the most, by
    /// far), unless the trigrams were sure of a language without a list; these are
    /// rarely written in English's common words.
    fn plainly_english(&self) -> bool {
        let english = self.distinct[usize::from(Language::ENGLISH.0)];
        let other = self
            .distinct
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != usize::from(Language::ENGLISH.0))
            .map(|(_, n)| *n)
            .max()
            .unwrap_or(0);
        english >= PLAIN_ENGLISH_WORDS && english >= other.saturating_mul(PLAIN_ENGLISH_LEAD)
    }
}

/// The common words of every language NLTK has a short list for, each with the set of
/// languages it is common in (bit `i` for `LANGUAGES[i]`).
struct Lexicon {
    words: rustc_hash::FxHashMap<&'static str, u128>,
    /// The languages with a list.
    listed: u128,
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut lexicon = Lexicon {
            words: rustc_hash::FxHashMap::default(),
            listed: 0,
        };
        for (i, entry) in LANGUAGES.iter().enumerate().take(LANGUAGE_SLOTS) {
            let Some(words) = stop_words::lookup(entry.code) else {
                continue;
            };
            if words.len() > MAX_FUNCTION_WORDS {
                continue;
            }
            lexicon.listed |= 1 << i;
            for word in words.iter().copied().filter(|w| is_word(w)) {
                *lexicon.words.entry(word).or_default() |= 1 << i;
            }
        }
        lexicon
    })
}

/// Whether a text is words rather than figures: at most a tenth of its letters and digits
/// are digits. Trigrams of the few words between the figures of a table or a price list
/// name no language.
fn is_prose(text: &str) -> bool {
    let (letters, digits) = text.chars().fold((0, 0), |(l, d), c| {
        if c.is_numeric() {
            (l, d + 1)
        } else if c.is_alphabetic() {
            (l + 1, d)
        } else {
            (l, d)
        }
    });
    digits * 10 <= letters + digits
}

/// A list of common words longer than this is a list of a language's words, not of its
/// most common ones (NLTK's Slovenian has `one`, `to` and numbers), and doesn't vote.
const MAX_FUNCTION_WORDS: usize = 400;

/// Whether a run of letters counts as a word for [`corroborate`]: a single Latin letter
/// doesn't (it is as often part of an abbreviation, `U.S.`, or a name, `Class A`), while
/// `в`, `с` and `à` do.
fn is_word(letters: &str) -> bool {
    let mut chars = letters.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => !c.is_ascii(),
        (Some(_), Some(_)) => true,
        (None, _) => false,
    }
}

/// Whether a script is written by one language alone among those whatlang knows.
fn sole_language(script: whatlang::Script) -> bool {
    use whatlang::Script as S;
    matches!(
        script,
        S::Hangul
            | S::Hiragana
            | S::Katakana
            | S::Greek
            | S::Georgian
            | S::Armenian
            | S::Thai
            | S::Khmer
            | S::Myanmar
            | S::Sinhala
            | S::Tamil
            | S::Telugu
            | S::Kannada
            | S::Malayalam
            | S::Gujarati
            | S::Gurmukhi
            | S::Oriya
            | S::Bengali
            | S::Ethiopic
            | S::Mandarin
    )
}

/// Whether a sample has too few letters to tell its language: fewer than a short sentence,
/// unless some are of a script other than Latin's ASCII.
fn too_short(sample: &str) -> bool {
    let letters = sample.chars().filter(|c| c.is_alphabetic()).count();
    letters < MIN_LETTERS && !sample.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
}

/// The longest prefix of `text` of at most `bytes` bytes that ends on a character.
fn prefix(text: &str, bytes: usize) -> &str {
    if text.len() <= bytes {
        return text;
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

impl Default for Language {
    fn default() -> Self {
        Language::ENGLISH
    }
}

impl fmt::Debug for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Language({})", self.code())
    }
}

/// The ISO 639-1 code.
impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The error of reading a language that newsdex doesn't know.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: give an ISO 639-1 code such as en, ru, zh, ko, de or fr")]
pub struct UnknownLanguage(pub String);

impl FromStr for Language {
    type Err = UnknownLanguage;

    fn from_str(s: &str) -> Result<Language, UnknownLanguage> {
        Language::parse(s).ok_or_else(|| UnknownLanguage(s.to_string()))
    }
}

impl Serialize for Language {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Language::parse(&text).ok_or_else(|| serde::de::Error::custom(UnknownLanguage(text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(code: &str) -> Language {
        Language::parse(code).unwrap()
    }

    #[test]
    fn codes_are_unique_and_whatlang_knows_each_language() {
        let mut codes: Vec<&str> = LANGUAGES.iter().map(|e| e.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), LANGUAGES.len());
        for lang in whatlang::Lang::all() {
            assert!(
                Language::from_whatlang(*lang).is_some(),
                "{} has no row",
                lang.code()
            );
        }
        assert_eq!(LANGUAGES.len(), whatlang::Lang::all().len());
    }

    #[test]
    fn parses_codes_tags_and_names() {
        for (text, code) in [
            ("ru", "ru"),
            ("RUS", "ru"),
            ("ru-RU", "ru"),
            ("Russian", "ru"),
            ("русский", "ru"),
            ("zh-Hans-CN", "zh"),
            ("zho", "zh"),
            ("pt_BR", "pt"),
            ("no", "nb"),
            ("ger", "de"),
            ("Deutsch", "de"),
            ("한국어", "ko"),
            ("ko-KR", "ko"),
        ] {
            assert_eq!(
                Language::parse(text).map(Language::code),
                Some(code),
                "{text}"
            );
        }
        for text in ["", "xx", "english-ish", "x-klingon", "e", "12"] {
            assert_eq!(Language::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn every_snowball_algorithm_is_used() {
        let stemmed = LANGUAGES.iter().filter(|e| e.stemmer.is_some()).count();
        assert_eq!(stemmed, 18);
        for e in LANGUAGES.iter().filter(|e| e.stemmer.is_some()) {
            assert_ne!(
                e.stop_words,
                StopWords::None,
                "{} has no stop words",
                e.code
            );
        }
    }

    #[test]
    fn nltk_lists_exist() {
        for e in LANGUAGES {
            if let StopWords::Nltk(code) = e.stop_words {
                assert!(stop_words::lookup(code).is_some(), "{code}");
            }
        }
    }

    #[test]
    fn detects_news_languages() {
        let cases = [
            ("en", "Russian Defence Minister Sergei Shoigu arrived in Pyongyang on Tuesday for talks with North Korean leader Kim Jong Un."),
            ("ru", "Министр обороны России Сергей Шойгу прибыл в Пхеньян для переговоров с руководством КНДР."),
            ("de", "Der russische Verteidigungsminister ist zu Verhandlungen mit der nordkoreanischen Führung in Pjöngjang eingetroffen."),
            ("fr", "Le ministre russe de la Défense est arrivé à Pyongyang pour des entretiens avec les dirigeants nord-coréens."),
            ("es", "El ministro de Defensa ruso llegó a Pyongyang para mantener conversaciones con los dirigentes norcoreanos."),
            ("it", "Il ministro della Difesa russo è arrivato a Pyongyang per colloqui con i leader nordcoreani."),
            ("ko", "세르게이 쇼이구 러시아 국방장관이 평양에 도착해 북한 지도부와 회담했다."),
            ("zh", "俄罗斯国防部长绍伊古抵达平壤，与朝鲜领导人举行会谈。"),
            ("ja", "ロシアのショイグ国防相が平壌に到着し、北朝鮮の指導部と会談した。"),
            ("uk", "Міністр оборони Росії прибув до Пхеньяна для переговорів з керівництвом КНДР, повідомляють українські джерела."),
            ("tr", "Rusya Savunma Bakanı, Kuzey Koreli liderlerle görüşmek üzere Pyongyang'a geldi ve iki ülke arasındaki askeri işbirliğini görüştü."),
            ("ar", "وصل وزير الدفاع الروسي إلى بيونغ يانغ لإجراء محادثات مع قادة كوريا الشمالية بشأن التعاون العسكري."),
        ];
        for (code, text) in cases {
            assert_eq!(Language::detect(text), Some(lang(code)), "{text}");
        }
    }

    #[test]
    fn detects_languages_of_one_script_by_their_own_common_words() {
        let cases = [
            ("nl", "De Russische minister van Defensie is in Pyongyang aangekomen voor besprekingen met de Noord-Koreaanse leiders."),
            ("pt", "O ministro da Defesa russo chegou a Pyongyang para conversações com os dirigentes norte-coreanos."),
            ("sv", "Den ryske försvarsministern har anlänt till Pyongyang för samtal med de nordkoreanska ledarna."),
            ("pl", "Rosyjski minister obrony przybył do Pjongjangu na rozmowy z przywódcami Korei Północnej o współpracy wojskowej."),
            ("af", "Die Russiese minister van verdediging het in Pyongyang aangekom vir gesprekke met die leiers van Noord-Korea."),
            ("sl", "Ruski obrambni minister je prispel v Pjongjang na pogovore s severnokorejskim vodstvom o vojaškem sodelovanju."),
        ];
        for (code, text) in cases {
            assert_eq!(Language::detect(text), Some(lang(code)), "{text}");
        }
    }

    /// What [`Language::detect`] says of `text` without telling plain English by its
    /// common words.
    fn by_trigrams(text: &str) -> Option<Language> {
        let sample = prefix(text, DETECT_BYTES);
        Language::detect_by_trigrams(sample, &Tally::of(sample))
    }

    #[test]
    fn plain_english_is_what_the_trigrams_say_it_is() {
        let english = [
            "Russian Defence Minister Sergei Shoigu arrived in Pyongyang on Tuesday for talks with North Korean leader Kim Jong Un, the first visit of its kind since the fall of the Soviet Union, and said that both of the countries would work on their ties.",
            "Oil prices rose on Monday after the Organization of Petroleum Exporting Countries said it would keep its output ceiling in place for the rest of the year, and traders said that there was little to stop the rally before the next meeting of its ministers.",
            "The central bank raised its key interest rate by a quarter of a point, saying that inflation had been above its target for too long and that it would do what was needed to bring it back down, even if growth slowed in the months ahead.",
        ];
        for text in english {
            let sample = prefix(text, DETECT_BYTES);
            assert!(Tally::of(sample).plainly_english(), "{text}");
            assert_eq!(by_trigrams(text), Some(Language::ENGLISH), "{text}");
            assert_eq!(Language::detect(text), Some(Language::ENGLISH), "{text}");
        }
        // Prose of a language that shares some of English's common words is not plain
        // English: the trigrams still decide.
        let others = [
            ("af", "Die Russiese minister van verdediging het in Pyongyang aangekom vir gesprekke met die leiers van Noord-Korea, en hy het gesê dat die twee lande hul bande sal versterk, soos wat hulle in die verlede ook gedoen het."),
            ("nl", "De Russische minister van Defensie is in Pyongyang aangekomen voor besprekingen met de Noord-Koreaanse leiders, en hij zei dat de twee landen hun banden zullen versterken, zoals zij dat in het verleden ook hebben gedaan."),
            ("fr", "Le ministre russe de la Défense est arrivé à Pyongyang pour des entretiens avec les dirigeants nord-coréens, et il a dit que les deux pays allaient renforcer leurs liens, comme ils l'ont fait par le passé."),
        ];
        for (code, text) in others {
            let sample = prefix(text, DETECT_BYTES);
            assert!(!Tally::of(sample).plainly_english(), "{text}");
            assert_eq!(Language::detect(text), Some(lang(code)), "{text}");
        }
    }

    /// `Language::detect` against whatlang alone over a JSON Lines file of articles:
    /// `NEWSDEX_DETECT_JSONL=FILE cargo test -p newsdex-schema --release -- --ignored
    /// plain_english_over`; prints how many were told as plain English or as figures
    /// without trigrams, and how many of those the trigrams would have told otherwise.
    #[test]
    #[ignore = "reads a corpus named by NEWSDEX_DETECT_JSONL"]
    #[allow(clippy::print_stderr)]
    fn plain_english_over_a_corpus() {
        let Ok(path) = std::env::var("NEWSDEX_DETECT_JSONL") else {
            return;
        };
        let text = std::fs::read_to_string(path).unwrap();
        let (mut articles, mut plain, mut figures, mut differ) = (0, 0, 0, 0);
        for line in text.lines() {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            let body = record["body"].as_str().unwrap_or_default();
            articles += 1;
            let sample = prefix(body, DETECT_BYTES);
            let tally = Tally::of(sample);
            let told = if tally.plainly_english() {
                plain += 1;
                true
            } else if tally.is_figures(sample) {
                figures += 1;
                true
            } else {
                false
            };
            let trigrams = if too_short(sample) {
                None
            } else {
                by_trigrams(body)
            };
            if told && trigrams != Language::detect(body) {
                differ += 1;
                eprintln!("{trigrams:?} by trigrams: {}", record["id"]);
            }
        }
        eprintln!(
            "{articles} articles, {plain} plain English, {figures} figures, \
             {differ} told otherwise by trigrams"
        );
        assert_eq!(differ, 0);
    }

    #[test]
    fn every_language_has_a_place_in_the_lexicon() {
        assert!(LANGUAGES.len() <= LANGUAGE_SLOTS);
        let listed = lexicon().listed;
        for code in ["en", "fr", "de", "ru", "es", "nl", "tr"] {
            assert!(listed & (1 << lang(code).0) != 0, "{code}");
        }
        // NLTK's Slovenian list is of words, not of the commonest: it doesn't vote.
        assert!(listed & (1 << lang("sl").0) == 0);
    }

    #[test]
    fn a_table_is_not_read_as_prose_of_another_language() {
        // Earnings tables and price lists of Reuters-21578 that letter trigrams alone read
        // as French or Afrikaans, whatlang sure of it.
        let tables = [
            "Shr profit 47 cts vs profit 1.78 dlrs\nNet profit 16 mln vs profit 53 mln\nAvg shrs 27.7 mln vs 27.4 mln\nNine mths\nShr loss 22.51 dlrs vs profit 5.78 dlrs\nNet loss 610 mln vs profit 168 mln\nAssets 33.14 billion vs 33.89 billion\nDeposits 22.01 billion vs 19.86 billion\nLoans 21.76 billion vs 22.70 billion\nNOTE: Net includes loan loss provisions of 40 mln dlrs vs 48 mln dlrs in quarter and 748 mln dlrs vs 217 mln dlrs in nine mths.",
            "ELECTRONIC TELE-COMMUNICATIONS 3RD QTR LOSS\nShr Class A loss three cts vs profit 12 cts\nShr Class B loss seven cts vs profit eight cts\nNet loss 94,862 vs profit 264,607\nSales 653,246 vs 1,300,515\nNine mths\nShr Class A profit five cts vs profit 44 cts\nNOTE: Full name is Electronic Tele-Communications Inc <ETCIA.O>",
            "Shr loss 85 cts vs loss 88 cts\nNet loss 2,410,000 vs loss 2,466,0000\nRevs 24.0 mln vs 23.9 mln\nYear\nShr loss 1.18 dlrs vs loss 81 cts\nNet loss 3,338,000 vs loss 2,275,000\nRevs 101.4 mln vs 112.3 mln",
            "Cash easier 3months barely steady 3000 (Total 6250) about half carries tonnes cash 909.50 3months 880.00 79.00 78.50 78.00 77.50 78.00 78.50 79.00\nCOPPER STANDARD - Quiet 75 tonnes cash 861.00 3months nil LEAD - Steady 2900 (3250) tonnes mainly carries cash 308.00 3months 301.50\nZINC HIGH GRADE - Steady but quiet 750 (2500) tonnes mainly carries cash nil 3months nil",
        ];
        for text in tables {
            let detected = Language::detect(text);
            assert!(
                detected.is_none_or(|l| l == Language::ENGLISH),
                "{detected:?}: {text}"
            );
        }
    }

    #[test]
    fn figures_are_told_no_language_as_the_trigrams_would() {
        let figures = [
            "Shr loss 85 cts vs loss 88 cts\nNet loss 2,410,000 vs loss 2,466,0000\nRevs 24.0 mln vs 23.9 mln\nYear\nShr loss 1.18 dlrs vs loss 81 cts\nNet loss 3,338,000 vs loss 2,275,000\nRevs 101.4 mln vs 112.3 mln",
            "Shr 22 cts vs 19 cts\nNet 1,200,000 vs 1,050,000\nRevs 18.6 mln vs 16.1 mln\nAvg shrs 5,400,000 vs 5,500,000",
        ];
        for text in figures {
            let sample = prefix(text, DETECT_BYTES);
            assert!(Tally::of(sample).is_figures(sample), "{text}");
            assert_eq!(by_trigrams(text), None, "{text}");
            assert_eq!(Language::detect(text), None, "{text}");
        }
        // Prose, a script of one language, or three common words of one: the trigrams
        // are asked.
        for text in [
            "Oil prices rose on Monday after the producers said they would keep output steady.",
            "Ο υπουργός άμυνας της Ρωσίας έφτασε στην Πιονγιάνγκ για συνομιλίες 12 34 56 78 90",
            "Net profit for the year 12.4 mln vs 10.1 mln, and sales 96.2 mln vs 88.0 mln",
        ] {
            let sample = prefix(text, DETECT_BYTES);
            assert!(!Tally::of(sample).is_figures(sample), "{text}");
        }
    }

    #[test]
    fn does_not_guess_from_too_little() {
        assert_eq!(Language::detect(""), None);
        assert_eq!(Language::detect("12:30"), None);
        assert_eq!(Language::detect("—"), None);
    }

    #[test]
    fn serializes_as_its_code() {
        let json = serde_json::to_string(&lang("ko")).unwrap();
        assert_eq!(json, "\"ko\"");
        assert_eq!(
            serde_json::from_str::<Language>("\"Korean\"").unwrap(),
            lang("ko")
        );
        assert!(serde_json::from_str::<Language>("\"xx\"").is_err());
    }
}
