//! Chinese, Japanese and Korean: which characters are theirs, and how their text is cut
//! into searchable pieces.
//!
//! These scripts don't put spaces between words (Chinese, Japanese), or glue particles to
//! words (Korean: `평양에서`, "in Pyongyang"). newsdex indexes their text as Lucene's
//! `CJKAnalyzer` does: every run of such characters as its overlapping pairs of characters
//! (`习近平` → `习近`, `近平`), a lone character as itself. A query word is cut the same way
//! and searched as a phrase of its pairs, so `习近平` finds `习近平主席` and `평양` finds
//! `평양에서` without a dictionary. No dictionary that ships inside a crate covers Japanese
//! and Korean (those of lindera and its kin are downloaded when they are built), so the
//! three are cut alike.

/// Whether `c` is a Han ideograph, kana or Hangul: a character of text that [`pairs`] cuts.
#[inline]
pub fn is_cjk(c: char) -> bool {
    // Most text is below the first range: one comparison.
    (c as u32) >= 0x1100
        && matches!(c as u32,
            0x1100..=0x11FF       // Hangul jamo
            | 0x3005..=0x3007     // 々 〆 〇
            | 0x3041..=0x309F     // Hiragana
            | 0x30A0..=0x30FF     // Katakana (with ー)
            | 0x3130..=0x318F     // Hangul compatibility jamo
            | 0x31F0..=0x31FF     // Katakana phonetic extensions
            | 0x3400..=0x4DBF     // Han, extension A
            | 0x4E00..=0x9FFF     // Han
            | 0xA960..=0xA97F     // Hangul jamo extended A
            | 0xAC00..=0xD7AF     // Hangul syllables
            | 0xD7B0..=0xD7FF     // Hangul jamo extended B
            | 0xF900..=0xFAFF     // Han compatibility
            | 0xFF66..=0xFF9F     // halfwidth Katakana
            | 0xFFA0..=0xFFDC     // halfwidth Hangul
            | 0x20000..=0x3FFFF   // Han, supplementary planes
        )
}

/// Whether `c` belongs to a script written without spaces between words, whose runs of
/// letters are indexed by [`pairs`]: CJK (see [`is_cjk`]), and Thai, Lao, Khmer and
/// Burmese, whose runs can be whole clauses.
#[inline]
pub fn is_paired(c: char) -> bool {
    (c as u32) >= 0x0E00
        && (is_cjk(c)
            || matches!(c as u32,
            0x0E00..=0x0E7F     // Thai
            | 0x0E80..=0x0EFF   // Lao
            | 0x1000..=0x109F   // Myanmar
            | 0x1780..=0x17FF   // Khmer
            ))
}

/// Whether `c` is a Hangul syllable or jamo.
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xFFA0..=0xFFDC)
}

/// Punctuation that ends a clause or sentence in CJK text (`。`, `，`, `、`, `！`…): where a
/// snippet may be cut in text without spaces.
pub fn is_cjk_break(c: char) -> bool {
    matches!(
        c,
        '。' | '，'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '」'
            | '』'
            | '）'
            | '】'
            | '》'
            | '〉'
            | '．'
            | '｡'
            | '､'
    )
}

/// The byte ranges of the pieces a run of CJK characters is indexed as: each pair of
/// neighbouring characters, or the character itself when it stands alone.
///
/// ```
/// use newsdex_schema::cjk::pairs;
///
/// let text = "习近平";
/// let pieces: Vec<&str> = pairs(text).map(|r| &text[r]).collect();
/// assert_eq!(pieces, ["习近", "近平"]);
/// assert_eq!(pairs("북").map(|r| &"북"[r]).collect::<Vec<_>>(), ["북"]);
/// ```
pub fn pairs(run: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let starts: Vec<usize> = run.char_indices().map(|(i, _)| i).collect();
    let n = starts.len();
    let single = (n == 1).then_some(0..run.len());
    let pairs = (0..n.saturating_sub(1)).map(move |i| {
        let end = starts.get(i + 2).copied().unwrap_or(run.len());
        starts[i]..end
    });
    single.into_iter().chain(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_cjk_from_other_letters() {
        for c in ['习', '平', 'ひ', 'カ', 'ー', '평', '々', 'ｶ', '𠀀'] {
            assert!(is_cjk(c), "{c}");
        }
        for c in ['a', 'Ж', 'ü', '1', '。', ' ', 'α', 'ก'] {
            assert!(!is_cjk(c), "{c}");
        }
        assert!(is_paired('ก') && is_paired('平') && !is_paired('a'));
        assert!(is_hangul('평') && !is_hangul('平'));
    }

    #[test]
    fn cuts_runs_into_pairs() {
        let cut = |s: &'static str| pairs(s).map(|r| &s[r]).collect::<Vec<_>>();
        assert_eq!(cut("평양에서"), ["평양", "양에", "에서"]);
        assert_eq!(cut("東京"), ["東京"]);
        assert_eq!(cut("中"), ["中"]);
        assert!(cut("").is_empty());
    }
}
