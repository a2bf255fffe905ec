//! Measures of one line of text: words, sentences, paragraphs, titles.

/// How many words a line holds. Chinese and Japanese put no spaces between words: a run
/// of their characters counts a word for every two characters (the length of most of
/// their words).
pub(crate) fn words(line: &str) -> usize {
    line.split_whitespace()
        .map(|word| {
            if word.is_ascii() {
                return 1;
            }
            let unspaced = word
                .chars()
                .filter(|&c| newsdex_schema::cjk::is_cjk(c) && !newsdex_schema::cjk::is_hangul(c))
                .count();
            (unspaced / 2).max(1)
        })
        .sum()
}

pub(crate) fn ends_sentence(line: &str) -> bool {
    line.trim_end().ends_with([
        '.', '?', '!', '"', '”', '’', '\'', ')', ':', ';', '»', '。', '！', '？', '」', '』', '．',
    ])
}

/// A line of prose: long, or a sentence.
pub(crate) fn is_paragraph(line: &str) -> bool {
    let n = words(line);
    n >= 25 || (n >= 6 && ends_sentence(line) && !line.trim_end().ends_with(':'))
}

/// A line as a key for lexicon matches: lowercase, without surrounding punctuation.
pub(crate) fn key(line: &str) -> String {
    line.trim()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
        .replace(['’', '‘'], "'")
}

/// A title: a line that is not a sentence of prose nor too long to be a headline.
pub(crate) fn is_title(line: &str) -> bool {
    let n = words(line);
    n >= 2 && line.chars().count() <= 250 && !(n > 12 && line.ends_with('.'))
}
