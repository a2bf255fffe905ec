//! Names across scripts: `Shoigu`, `Шойгу`, `쇼이구` and `ショイグ` are one name.
//!
//! Two steps connect them. [`romanize`] writes a Cyrillic, Greek, Hangul or kana word in
//! Latin letters by the usual tables (BGN/PCGN for Russian and Ukrainian, ELOT for Greek,
//! Revised Romanization for Korean, Hepburn for kana). [`name_key`] then reduces a word of
//! any of these scripts, or of Latin, to a coarse key of how it sounds, in which the
//! spellings that transcriptions disagree on are one: `y`, `i` and `j`-as-`y`; `v`, `b`,
//! `f` and `p` (Korean has one letter for them); `r` and `l`; `k` and `g`; `t` and `d`;
//! `z` and `j`; the vowels Korean adds between consonants of a foreign name
//! (`라브로프` is *La-beu-ro-peu*, Lavrov); doubled letters.
//!
//! The index holds the keys of the words written in these scripts (in the `names`
//! field, each key marked with its script), so a query word in Latin letters finds them by
//! its own key, and a query word in another script finds Latin text through its
//! romanization. Chinese characters and Arabic script are not connected: the first would
//! need a reading dictionary, the second writes no short vowels.

/// The scripts whose words [`name_key`] connects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Script {
    /// Latin letters.
    Latin,
    /// Cyrillic (Russian, Ukrainian, Bulgarian, Serbian…).
    Cyrillic,
    /// Greek.
    Greek,
    /// Korean Hangul.
    Hangul,
    /// Japanese kana (hiragana and katakana).
    Kana,
}

impl Script {
    /// The script of a word, when all its letters are of one of the connected scripts.
    pub fn of(word: &str) -> Option<Script> {
        let mut found = None;
        for c in word.chars() {
            let script = if c.is_ascii_alphabetic()
                || ('\u{c0}'..='\u{24f}').contains(&c) && c.is_alphabetic()
            {
                Script::Latin
            } else if ('\u{400}'..='\u{52f}').contains(&c) {
                Script::Cyrillic
            } else if ('\u{370}'..='\u{3ff}').contains(&c) || ('\u{1f00}'..='\u{1fff}').contains(&c)
            {
                Script::Greek
            } else if crate::cjk::is_hangul(c) {
                Script::Hangul
            } else if ('\u{3041}'..='\u{30ff}').contains(&c) && c != '・' {
                Script::Kana
            } else if c.is_ascii_digit() {
                continue;
            } else {
                return None;
            };
            match found {
                None => found = Some(script),
                Some(s) if s == script => {}
                Some(_) => return None,
            }
        }
        found
    }

    /// The letter that marks a key of this script in the index.
    pub fn mark(self) -> char {
        match self {
            Script::Latin => 'l',
            Script::Cyrillic => 'c',
            Script::Greek => 'g',
            Script::Hangul => 'h',
            Script::Kana => 'k',
        }
    }

    /// The scripts other than Latin, whose words the index keys.
    pub const KEYED: [Script; 4] = [
        Script::Cyrillic,
        Script::Greek,
        Script::Hangul,
        Script::Kana,
    ];
}

/// Words shorter than this many letters (in Latin letters) connect too many unrelated
/// words: `Kim` is not keyed.
pub const MIN_NAME_LEN: usize = 4;

/// A word in Latin letters, lowercase: a Cyrillic, Greek, Hangul or kana word romanized,
/// a Latin one lowercased. `None` for a word of another script (or of several).
///
/// ```
/// use newsdex_schema::translit::romanize;
///
/// assert_eq!(romanize("Шойгу").as_deref(), Some("shoygu"));
/// assert_eq!(romanize("Лавров").as_deref(), Some("lavrov"));
/// assert_eq!(romanize("평양").as_deref(), Some("pyeongyang"));
/// assert_eq!(romanize("ショイグ").as_deref(), Some("shoigu"));
/// ```
pub fn romanize(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    match Script::of(&lower)? {
        Script::Latin => Some(lower),
        Script::Cyrillic => Some(cyrillic(&lower)),
        Script::Greek => Some(greek(&lower)),
        Script::Hangul => Some(hangul(&lower)),
        Script::Kana => Some(kana(&lower)),
    }
}

/// The key of how a name sounds, the same for its spellings in the connected scripts;
/// `None` for a word of another script or too short to connect.
///
/// ```
/// use newsdex_schema::translit::name_key;
///
/// let key = name_key("Shoigu");
/// assert!(key.is_some());
/// assert_eq!(name_key("Шойгу"), key);
/// assert_eq!(name_key("쇼이구"), key);
/// assert_eq!(name_key("ショイグ"), key);
/// assert_eq!(name_key("Lavrov"), name_key("Лавров"));
/// assert_eq!(name_key("Lavrov"), name_key("라브로프"));
/// assert_eq!(name_key("Pyongyang"), name_key("평양"));
/// assert_ne!(name_key("Lavrov"), name_key("Shoigu"));
/// ```
pub fn name_key(word: &str) -> Option<String> {
    let roman = fold(&romanize(word)?);
    if roman.len() < MIN_NAME_LEN {
        return None;
    }
    let key = sound_key(&roman);
    (key.len() >= MIN_NAME_LEN - 1).then_some(key)
}

/// Latin letters with diacritics as plain ones (`ö` → `o`, `ß` → `ss`), others dropped.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphabetic() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let plain = match c {
            'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'č' => "c",
            'ď' | 'đ' => "d",
            'è'..='ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
            'ì'..='ï' | 'ī' | 'į' | 'ı' => "i",
            'ñ' | 'ń' | 'ň' => "n",
            'ò'..='ö' | 'ø' | 'ō' | 'ő' => "o",
            'œ' => "oe",
            'ù'..='ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
            'ý' | 'ÿ' => "y",
            'ß' => "ss",
            'ś' | 'š' | 'ş' => "s",
            'ź' | 'ż' | 'ž' => "z",
            'ł' | 'ľ' | 'ĺ' => "l",
            'ř' | 'ŕ' => "r",
            'ť' | 'ţ' => "t",
            'ğ' => "g",
            _ => "",
        };
        out.push_str(plain);
    }
    out
}

/// The sound key of a lowercase ASCII word (see the module's documentation).
fn sound_key(word: &str) -> String {
    // Digraphs first, to placeholders that later rules leave alone: S for `sh`, C for
    // `ch`, J for the `j` of `jong` and `zh`.
    const DIGRAPHS: &[(&str, &str)] = &[
        ("shch", "S"),
        ("sch", "S"),
        ("tsch", "C"),
        ("tch", "C"),
        ("dzh", "J"),
        ("zh", "J"),
        ("dj", "J"),
        ("sh", "S"),
        ("ch", "C"),
        ("kh", "h"),
        ("ph", "f"),
        ("th", "t"),
        ("gh", "g"),
        ("ck", "k"),
        ("ts", "C"),
        ("tz", "C"),
        ("qu", "kv"),
        ("x", "ks"),
        ("q", "k"),
        ("w", "v"),
        ("j", "J"),
        ("z", "J"),
        ("eo", "o"),
        ("eu", "u"),
        ("ee", "i"),
        ("oo", "u"),
        ("ou", "u"),
        ("ae", "e"),
        ("oe", "e"),
        ("y", "i"),
    ];
    let mut key = word.to_string();
    for (from, to) in DIGRAPHS {
        if key.contains(from) {
            key = key.replace(from, to);
        }
    }
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        let c = match c {
            'r' => 'l',
            'v' | 'f' | 'p' => 'b',
            'g' | 'c' => 'k',
            'd' => 't',
            'S' => 's',
            'C' => 'c',
            'J' => 'j',
            c => c,
        };
        if out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    // `h` between a consonant and a vowel is a breath that transcriptions disagree on
    // (`Pkhenyan`, `Pyongyang`): kept only at the start.
    let mut keyed = String::with_capacity(out.len());
    for (i, c) in out.char_indices() {
        if c == 'h' && i > 0 {
            continue;
        }
        keyed.push(c);
    }
    keyed
}

fn cyrillic(word: &str) -> String {
    // A word with letters only Ukrainian has is read as Ukrainian: its `г` is `h`.
    let ukrainian = word.chars().any(|c| matches!(c, 'і' | 'ї' | 'є' | 'ґ'));
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        let latin = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' if ukrainian => "h",
            'г' | 'ґ' => "g",
            'д' => "d",
            'е' | 'ё' | 'э' | 'є' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' if ukrainian => "y",
            'и' | 'і' => "i",
            'ї' => "yi",
            'й' => "y",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' | 'ў' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ы' => "y",
            'ъ' | 'ь' => "",
            'ю' => "yu",
            'я' => "ya",
            'ј' => "j",
            'љ' => "lj",
            'њ' => "nj",
            'ћ' => "c",
            'ђ' => "dj",
            'џ' => "dzh",
            c if c.is_ascii_digit() => "",
            _ => "",
        };
        out.push_str(latin);
    }
    out
}

fn greek(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let chars: Vec<char> = word.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        // Diphthongs and the consonant pairs that sound as one.
        let pair = match (c, next) {
            ('ο', Some('υ' | 'ύ')) => Some("ou"),
            ('α', Some('ι' | 'ί')) => Some("ai"),
            ('ε', Some('ι' | 'ί')) => Some("ei"),
            ('ο', Some('ι' | 'ί')) => Some("oi"),
            ('μ', Some('π')) if i == 0 => Some("b"),
            ('ν', Some('τ')) if i == 0 => Some("d"),
            ('γ', Some('κ')) if i == 0 => Some("g"),
            ('γ', Some('γ')) => Some("ng"),
            _ => None,
        };
        if let Some(pair) = pair {
            out.push_str(pair);
            i += 2;
            continue;
        }
        let latin = match c {
            'α' | 'ά' => "a",
            'β' => "v",
            'γ' => "g",
            'δ' => "d",
            'ε' | 'έ' => "e",
            'ζ' => "z",
            'η' | 'ή' => "i",
            'θ' => "th",
            'ι' | 'ί' | 'ϊ' | 'ΐ' => "i",
            'κ' => "k",
            'λ' => "l",
            'μ' => "m",
            'ν' => "n",
            'ξ' => "x",
            'ο' | 'ό' => "o",
            'π' => "p",
            'ρ' => "r",
            'σ' | 'ς' => "s",
            'τ' => "t",
            'υ' | 'ύ' | 'ϋ' | 'ΰ' => "y",
            'φ' => "f",
            'χ' => "ch",
            'ψ' => "ps",
            'ω' | 'ώ' => "o",
            _ => "",
        };
        out.push_str(latin);
        i += 1;
    }
    out
}

const INITIALS: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
const VOWELS: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
];
const FINALS: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "t",
];

/// Revised Romanization, syllable by syllable, with two changes that transcriptions of
/// foreign names need: `ㅅ` before `i` or a `y` vowel is `sh` (`쇼` is *sho*, `시` *shi*),
/// and the `ㅡ` (*eu*) of a syllable without a final consonant is dropped in a word of
/// several syllables (`라브로프` is *rabrop*: Korean writes that vowel between the
/// consonants of a foreign name).
fn hangul(word: &str) -> String {
    let syllables: Vec<(usize, usize, usize)> = word
        .chars()
        .filter_map(|c| {
            let code = (c as u32).checked_sub(0xAC00)?;
            (code < 11172).then_some((
                (code / 588) as usize,
                (code % 588 / 28) as usize,
                (code % 28) as usize,
            ))
        })
        .collect();
    let several = syllables.len() > 1;
    let mut out = String::with_capacity(syllables.len() * 4);
    for &(initial, vowel, last) in &syllables {
        let v = VOWELS[vowel];
        let consonant = INITIALS[initial];
        if consonant == "s" && (v.starts_with('y') || v == "i") {
            out.push_str("sh");
            out.push_str(v.strip_prefix('y').unwrap_or(v));
        } else {
            out.push_str(consonant);
            if !(several && v == "eu" && last == 0) {
                out.push_str(v);
            }
        }
        out.push_str(FINALS[last]);
    }
    out
}

/// Hepburn for hiragana and katakana, with the small kana (`ショ` is *sho*), the
/// doubled consonant (`ッ`) and the long vowel mark (`ー`, dropped).
fn kana(word: &str) -> String {
    // Katakana to hiragana, so one table serves both.
    let chars: Vec<char> = word
        .chars()
        .map(|c| {
            if ('\u{30a1}'..='\u{30f6}').contains(&c) {
                char::from_u32(c as u32 - 0x60).unwrap_or(c)
            } else {
                c
            }
        })
        .collect();
    let mut out = String::with_capacity(chars.len() * 2);
    let mut double_next = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == 'っ' {
            double_next = true;
            i += 1;
            continue;
        }
        if c == 'ー' {
            i += 1;
            continue;
        }
        let mut syllable = kana_syllable(c).to_string();
        if let Some(&small) = chars.get(i + 1) {
            let glide = match small {
                'ゃ' => Some("a"),
                'ゅ' => Some("u"),
                'ょ' => Some("o"),
                'ぇ' => Some("e"),
                'ぃ' => Some("i"),
                'ぁ' => Some("a"),
                'ぉ' => Some("o"),
                _ => None,
            };
            if let Some(glide) = glide {
                let stem = syllable.trim_end_matches(['i', 'u']).to_string();
                syllable = match stem.as_str() {
                    "sh" | "ch" | "j" => stem + glide,
                    "f" | "v" | "t" | "d" | "w" => stem + glide,
                    _ if stem.is_empty() => glide.to_string(),
                    _ => stem + "y" + glide,
                };
                i += 1;
            }
        }
        if double_next {
            if let Some(first) = syllable.chars().next().filter(|c| !"aeiou".contains(*c)) {
                out.push(first);
            }
            double_next = false;
        }
        out.push_str(&syllable);
        i += 1;
    }
    out
}

fn kana_syllable(c: char) -> &'static str {
    match c {
        'あ' => "a",
        'い' => "i",
        'う' => "u",
        'え' => "e",
        'お' => "o",
        'か' => "ka",
        'き' => "ki",
        'く' => "ku",
        'け' => "ke",
        'こ' => "ko",
        'が' => "ga",
        'ぎ' => "gi",
        'ぐ' => "gu",
        'げ' => "ge",
        'ご' => "go",
        'さ' => "sa",
        'し' => "shi",
        'す' => "su",
        'せ' => "se",
        'そ' => "so",
        'ざ' => "za",
        'じ' => "ji",
        'ず' => "zu",
        'ぜ' => "ze",
        'ぞ' => "zo",
        'た' => "ta",
        'ち' => "chi",
        'つ' => "tsu",
        'て' => "te",
        'と' => "to",
        'だ' => "da",
        'ぢ' => "ji",
        'づ' => "zu",
        'で' => "de",
        'ど' => "do",
        'な' => "na",
        'に' => "ni",
        'ぬ' => "nu",
        'ね' => "ne",
        'の' => "no",
        'は' => "ha",
        'ひ' => "hi",
        'ふ' => "fu",
        'へ' => "he",
        'ほ' => "ho",
        'ば' => "ba",
        'び' => "bi",
        'ぶ' => "bu",
        'べ' => "be",
        'ぼ' => "bo",
        'ぱ' => "pa",
        'ぴ' => "pi",
        'ぷ' => "pu",
        'ぺ' => "pe",
        'ぽ' => "po",
        'ま' => "ma",
        'み' => "mi",
        'む' => "mu",
        'め' => "me",
        'も' => "mo",
        'や' => "ya",
        'ゆ' => "yu",
        'よ' => "yo",
        'ら' => "ra",
        'り' => "ri",
        'る' => "ru",
        'れ' => "re",
        'ろ' => "ro",
        'わ' => "wa",
        'ゐ' => "i",
        'ゑ' => "e",
        'を' => "o",
        'ん' => "n",
        'ゔ' => "vu",
        'ぁ' => "a",
        'ぃ' => "i",
        'ぅ' => "u",
        'ぇ' => "e",
        'ぉ' => "o",
        'ゃ' => "ya",
        'ゅ' => "yu",
        'ょ' => "yo",
        _ => "",
    }
}

/// Korean particles that follow a noun inside its word (`평양에서`, "in Pyongyang";
/// `쇼이구는`), longest first.
const KOREAN_PARTICLES: &[&str] = &[
    "에서는",
    "에서도",
    "에게서",
    "으로서",
    "으로써",
    "으로는",
    "이라는",
    "에서",
    "에게",
    "한테",
    "께서",
    "으로",
    "부터",
    "까지",
    "보다",
    "처럼",
    "만큼",
    "과의",
    "와의",
    "에는",
    "에도",
    "이다",
    "이며",
    "이나",
    "라는",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "에",
    "와",
    "과",
    "로",
    "도",
    "만",
];

/// The keys of the words of a text written in the scripts other than Latin that
/// [`name_key`] connects, each marked with its script's letter (`c…` for Cyrillic,
/// `h…` for Hangul), separated by spaces: what the index's `names` field holds. A Korean
/// word is also keyed without the particle it ends with, a Cyrillic one also by its
/// Russian stem (`Лаврова` → `Лавров`).
pub fn text_keys(text: &str) -> String {
    let mut out = String::new();
    if text.is_ascii() {
        return out;
    }
    let mut russian: Option<rust_stemmers::Stemmer> = None;
    let push = |script: Script, word: &str, out: &mut String| {
        if let Some(key) = name_key(word) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push(script.mark());
            out.push_str(&key);
        }
    };
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() || word.is_ascii() {
            continue;
        }
        let Some(script) = Script::of(word) else {
            continue;
        };
        match script {
            Script::Latin => {}
            Script::Hangul => {
                push(script, word, &mut out);
                if let Some(stem) = strip_particle(word) {
                    push(script, stem, &mut out);
                }
            }
            Script::Cyrillic => {
                push(script, word, &mut out);
                let stemmer = russian.get_or_insert_with(|| {
                    rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Russian)
                });
                let lower = word.to_lowercase();
                let stem = stemmer.stem(&lower);
                if stem != lower {
                    push(script, &stem, &mut out);
                }
            }
            Script::Greek | Script::Kana => push(script, word, &mut out),
        }
    }
    out
}

/// A Korean word without the particle it ends with, where at least two syllables are left.
pub fn strip_particle(word: &str) -> Option<&str> {
    KOREAN_PARTICLES.iter().find_map(|particle| {
        let stem = word.strip_suffix(particle)?;
        (stem.chars().count() >= 2).then_some(stem)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn romanizes_each_script() {
        for (word, latin) in [
            ("Шойгу", "shoygu"),
            ("Зеленский", "zelenskiy"),
            ("Зеленський", "zelenskiy"),
            ("Київ", "kyyiv"),
            ("Щукин", "shchukin"),
            ("Αθήνα", "athina"),
            ("Μητσοτάκης", "mitsotakis"),
            ("쇼이구", "shoigu"),
            ("김정은", "gimjeongeun"),
            ("서울", "seoul"),
            ("라브로프", "rabrop"),
            ("プーチン", "puchin"),
            ("しんぶん", "shinbun"),
            ("ロシア", "roshia"),
            ("Shoigu", "shoigu"),
        ] {
            assert_eq!(romanize(word).as_deref(), Some(latin), "{word}");
        }
        assert_eq!(romanize("习近平"), None);
        assert_eq!(romanize("Шойгу-Shoigu"), None);
        assert_eq!(romanize("مرحبا"), None);
    }

    #[test]
    fn keys_connect_spellings_of_a_name() {
        let same = [
            &["Shoigu", "Shoygu", "Schoigu", "Шойгу", "쇼이구", "ショイグ"][..],
            &["Lavrov", "Lawrow", "Лавров", "라브로프"],
            &["Pyongyang", "Pyeongyang", "평양"],
            &[
                "Zelensky",
                "Zelenskyy",
                "Зеленский",
                "Зеленський",
                "젤렌스키",
            ],
            &["Peskov", "Песков", "페스코프"],
            &["Putin", "Путин", "푸틴"],
            &["Medvedev", "Медведев", "메드베데프"],
            &["Seoul", "서울"],
            &["Mitsotakis", "Μητσοτάκης"],
        ];
        for names in same {
            let key = name_key(names[0]);
            assert!(key.is_some(), "{}", names[0]);
            for name in &names[1..] {
                assert_eq!(name_key(name), key, "{} and {name}", names[0]);
            }
        }
        let different = [
            ("Shoigu", "Lavrov"),
            ("Putin", "Peskov"),
            ("Pyongyang", "Seoul"),
            ("Lavrov", "Lavrentiev"),
            ("Medvedev", "Medvedchuk"),
        ];
        for (a, b) in different {
            assert_ne!(name_key(a), name_key(b), "{a} and {b}");
        }
        assert_eq!(name_key("Kim"), None, "too short to connect");
    }

    #[test]
    fn keys_a_text_by_script_with_particles_and_stems() {
        let keys = text_keys("Шойгу встретился с Лавровым. 쇼이구는 평양에서 회담했다. Shoigu");
        let keys: Vec<&str> = keys.split(' ').collect();
        let want =
            |script: Script, name: &str| format!("{}{}", script.mark(), name_key(name).unwrap());
        for expected in [
            want(Script::Cyrillic, "Shoigu"),
            want(Script::Cyrillic, "Lavrov"),
            want(Script::Hangul, "Shoigu"),
            want(Script::Hangul, "Pyongyang"),
        ] {
            assert!(keys.contains(&expected.as_str()), "{expected} in {keys:?}");
        }
        assert!(
            !keys.iter().any(|k| k.starts_with('l')),
            "Latin words are not keyed"
        );
        assert_eq!(text_keys("Only ASCII text here"), "");
    }

    #[test]
    fn particles_leave_two_syllables() {
        assert_eq!(strip_particle("평양에서"), Some("평양"));
        assert_eq!(strip_particle("쇼이구는"), Some("쇼이구"));
        assert_eq!(strip_particle("나는"), None);
        assert_eq!(strip_particle("평양"), None);
    }
}
