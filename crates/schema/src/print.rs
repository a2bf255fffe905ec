//! Near-duplicate fingerprints. Wire stories are republished, corrected and re-sent, and
//! the copies differ by a word or a figure. Each article gets a 64-bit fingerprint of the
//! overlapping three-word runs (shingles) of its headline and text:
//!
//! - for a text of [`LONG_WORDS`] words or more, 56 one-bit MinHashes by one-permutation
//!   hashing (Li, Owen and Zhang, 2012; empty bins filled from the next full one): two
//!   texts agree on each bit with probability (1 + J) / 2, J the share of shingles they
//!   have in common, so copies differ in a few bits and unrelated texts in about half;
//! - for a shorter text, a hash of its words: short notices of one form (`Qtly div 8 cts
//!   vs 8 cts prior`) differ by a figure, so only the same words make a copy.
//!
//! The top byte holds the number of words (up to 255), which tells the two kinds apart.
//! The hashes are written here, not taken from a crate, because fingerprints are stored in
//! the index: they must not change when a dependency does.

/// Words read for a fingerprint: a bound on its cost for long articles (the opening is
/// what copies share).
const MAX_WORDS: usize = 2_000;

/// Texts with this many words or more are compared by their shingles; shorter ones only
/// by their words.
pub const LONG_WORDS: usize = 40;

/// Texts with fewer words than this get no fingerprint: a headline alone is too little
/// to tell a copy from another story.
const MIN_WORDS: usize = 8;

/// Long texts whose fingerprints differ in this many of their 56 bits or fewer are near
/// duplicates: they share about three quarters of their shingles or more.
pub const NEAR_BITS: u32 = 7;

/// The bits of a fingerprint that hash the text.
const HASH_BITS: u64 = (1 << 56) - 1;

/// The fingerprint of an article's title and body; `None` for a text too short to tell.
///
/// ```
/// use newsdex_schema::print::{fingerprint, near};
///
/// let story = "Iraq said its warplanes attacked a supertanker and two other ships in the \
///     Gulf on Tuesday, in the heaviest raids on shipping for a month. Military sources \
///     in Baghdad said the tanker was hit near Kharg Island, Iran's main oil terminal, \
///     and was burning. There was no word on casualties or on the ship's flag.";
/// let title = Some("IRAQ REPORTS ATTACKS ON SUPERTANKER");
/// let a = fingerprint(title, story).unwrap();
/// let b = fingerprint(title, &story.replace("no word", "no immediate word")).unwrap();
/// let c = fingerprint(
///     Some("OPEC AGREES OUTPUT CUT"),
///     "Oil ministers of OPEC agreed on Thursday to cut crude output by a million \
///      barrels a day from next month, delegates said after a meeting in Vienna that \
///      lasted into the night, and Saudi Arabia will bear the largest share of the cut.",
/// )
/// .unwrap();
/// assert!(near(a, b));
/// assert!(!near(a, c));
/// ```
pub fn fingerprint(title: Option<&str>, body: &str) -> Option<u64> {
    let words = title
        .into_iter()
        .chain(std::iter::once(body))
        .flat_map(|text| text.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS);
    let mut window: [u64; 3] = [0; 3];
    let mut count = 0usize;
    let mut sequence: u64 = 0;
    let mut bins = [u64::MAX; 56];
    for word in words {
        let hash = word_hash(word);
        sequence = mix(sequence ^ hash);
        window = [window[1], window[2], hash];
        count += 1;
        if count >= 3 {
            let shingle = mix(window[0] ^ window[1].rotate_left(21) ^ window[2].rotate_left(42));
            // The top bits choose the bin; the rest is the value.
            let bin = (((shingle >> 32) * 56) >> 32) as usize;
            let value = shingle & 0xffff_ffff;
            bins[bin] = bins[bin].min(value);
        }
    }
    if count < MIN_WORDS {
        return None;
    }
    let length = (count.min(255) as u64) << 56;
    if count < LONG_WORDS {
        return Some(length | (sequence & HASH_BITS));
    }
    let mut bits = 0u64;
    for i in 0..56 {
        // An empty bin takes the value of the next full one (there is one: a long text
        // has shingles), marked by how far it is.
        let (value, step) = (0..56)
            .map(|step| (bins[(i + step) % 56], step))
            .find(|(v, _)| *v != u64::MAX)
            .unwrap_or((0, 0));
        bits |= (mix(value ^ ((step as u64) << 40)) & 1) << i;
    }
    Some(length | bits)
}

/// Whether two fingerprints are of near-duplicate texts: long texts that share most of
/// their shingles, or short ones of the same words.
pub fn near(a: u64, b: u64) -> bool {
    let long = |p: u64| (p >> 56) as usize >= LONG_WORDS;
    match (long(a), long(b)) {
        (true, true) => ((a ^ b) & HASH_BITS).count_ones() <= NEAR_BITS,
        (false, false) => a == b,
        _ => false,
    }
}

/// FNV-1a of a word, lowercased (the bytes of its lowercase UTF-8).
fn word_hash(word: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut add = |byte: u8| {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    };
    if word.is_ascii() {
        // An ASCII letter's lowercase is one ASCII byte: the same bytes, without decoding
        // characters.
        word.bytes().for_each(|b| add(b.to_ascii_lowercase()));
    } else {
        for c in word.chars().flat_map(char::to_lowercase) {
            let mut buf = [0u8; 4];
            c.encode_utf8(&mut buf).bytes().for_each(&mut add);
        }
    }
    hash
}

/// SplitMix64's finalizer: spreads the bits of a combined hash.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "The Bank of Japan kept its key interest rate unchanged on Friday and said the economy was recovering moderately, as exports picked up and factories raised output for a third month. Governor Satoshi Sumita told reporters in Tokyo that the bank would keep its easy policy until prices were stable, and that the yen's fall had helped exporters.";

    #[test]
    fn a_word_hashes_as_the_bytes_of_its_lowercase() {
        let reference = |word: &str| {
            let lower: String = word.chars().flat_map(char::to_lowercase).collect();
            lower.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
            })
        };
        for word in [
            "OIL",
            "oil",
            "Prices",
            "1987",
            "x4",
            "",
            "İstanbul",
            "ΣΊΣΥΦΟΣ",
            "Straße",
            "Шойгу",
            "東京",
            "naïve",
            "ǅemal",
        ] {
            assert_eq!(word_hash(word), reference(word), "{word}");
        }
    }

    #[test]
    fn one_text_has_one_print_whatever_its_case_and_punctuation() {
        let a = fingerprint(Some("Kim meets Putin"), STORY);
        let b = fingerprint(
            Some("KIM MEETS PUTIN"),
            &STORY.to_uppercase().replace(',', ""),
        );
        assert_eq!(a, b);
        assert!(a.is_some());
    }

    #[test]
    fn too_short_a_text_has_none() {
        assert_eq!(fingerprint(Some("OIL PRICES RISE"), ""), None);
        assert_eq!(fingerprint(None, "Qtly div 8 cts"), None);
    }

    #[test]
    fn a_corrected_copy_is_near_and_another_story_is_not() {
        let title = Some("BANK OF JAPAN HOLDS RATES");
        let original = fingerprint(title, STORY).unwrap();
        for copy in [
            STORY.replace("a third month", "a fourth month"),
            STORY.replace("Governor Satoshi Sumita", "Governor Sumita"),
            format!("{STORY} REUTER"),
        ] {
            let print = fingerprint(title, &copy).unwrap();
            assert!(
                near(original, print),
                "{copy}: {}",
                ((original ^ print) & HASH_BITS).count_ones()
            );
        }
        let other = fingerprint(
            Some("BANK OF ENGLAND RAISES RATES"),
            "The Bank of England raised its key interest rate by a quarter point on Thursday, the first rise in three years, and said inflation would stay above its target for most of next year. Governor Andrew Bailey told reporters in London that the bank would act again if wages kept rising faster than prices, and the pound rose.",
        )
        .unwrap();
        assert!(
            !near(original, other),
            "{}",
            ((original ^ other) & HASH_BITS).count_ones()
        );
    }

    #[test]
    fn short_notices_are_copies_only_with_the_same_words() {
        let title = Some("TULTEX CORP SETS QUARTERLY DIVIDEND");
        let notice = "Qtly div eight cts vs eight cts prior\nPay April one\nRecord March 13";
        let one = fingerprint(title, notice).unwrap();
        assert_eq!(fingerprint(title, &notice.to_lowercase()), Some(one));
        let other = fingerprint(title, &notice.replace("13", "14")).unwrap();
        assert!(!near(one, other));
        let company = fingerprint(Some("KAPOK CORP SETS QUARTERLY DIVIDEND"), notice).unwrap();
        assert!(!near(one, company));
    }
}
