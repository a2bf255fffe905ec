//! Queries over articles in many languages.
//!
//! Each article's text is indexed by its own language's rules (see
//! `newsdex_schema::language_analyzer`), all in the one `text` field. A query word is
//! therefore analysed by the rules of every language the index holds, and the forms that
//! differ are searched as alternatives, the best one counting: `talks` is `talk` in
//! English articles and `talks` in German ones, `переговоры` is `переговор` in Russian
//! ones. An index of English articles alone analyses queries exactly as before.
//!
//! Names are also looked for across scripts (see `newsdex_schema::translit`): a word in
//! Latin letters by its key in `names`, which holds the keys of the Cyrillic, Greek,
//! Hangul and kana words of the articles; a word in those scripts by its romanization in
//! `text`, and by its key among the other scripts' words.

use newsdex_schema::translit::{self, Script};
use newsdex_schema::{language_analyzer, Fields, Language};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Searcher;

use crate::Result;

/// The analyzers of the languages an index holds, English (the rules of articles of
/// unknown language) first.
pub(crate) struct Analyzers {
    each: Vec<(Language, TextAnalyzer)>,
    /// Whether the index holds keys of names written in other scripts than Latin.
    keyed: bool,
}

impl Analyzers {
    /// The analyzers for the languages in the index that `searcher` reads.
    pub(crate) fn new(searcher: &Searcher, fields: &Fields) -> Result<Analyzers> {
        let mut languages = vec![Language::ENGLISH];
        let mut keyed = false;
        for segment in searcher.segment_readers() {
            let index = segment.inverted_index(fields.lang)?;
            let mut stream = index.terms().stream()?;
            while stream.advance() {
                let language = std::str::from_utf8(stream.key())
                    .ok()
                    .and_then(Language::parse);
                if let Some(language) = language {
                    if !languages.contains(&language) {
                        languages.push(language);
                    }
                }
            }
            keyed |= segment.inverted_index(fields.names)?.terms().num_terms() > 0;
        }
        languages[1..].sort();
        Ok(Analyzers {
            each: languages
                .into_iter()
                .map(|l| (l, language_analyzer(l)))
                .collect(),
            keyed,
        })
    }

    /// Analyzers for the given languages alone (English first in any case).
    #[cfg(test)]
    pub(crate) fn of(languages: &[Language]) -> Analyzers {
        let mut all = vec![Language::ENGLISH];
        all.extend(languages.iter().filter(|l| **l != Language::ENGLISH));
        Analyzers {
            each: all.into_iter().map(|l| (l, language_analyzer(l))).collect(),
            keyed: false,
        }
    }

    /// Whether the index holds keys of names in other scripts.
    pub(crate) fn keyed(&self) -> bool {
        self.keyed
    }

    /// The distinct ways the languages analyse `text` (positions and terms), English's
    /// first; analyses that keep nothing (only stop words) are left out.
    pub(crate) fn alternatives(&mut self, text: &str) -> Vec<Vec<(usize, String)>> {
        let mut found: Vec<Vec<(usize, String)>> = Vec::new();
        for (_, analyzer) in &mut self.each {
            let tokens = analyze(analyzer, text);
            if !tokens.is_empty() && !found.contains(&tokens) {
                found.push(tokens);
            }
        }
        found
    }

    /// Whether one of the languages keeps nothing of `text` (a stop word of its).
    pub(crate) fn drops(&mut self, text: &str) -> bool {
        self.each
            .iter_mut()
            .any(|(_, analyzer)| analyze(analyzer, text).is_empty())
    }

    /// How English analyses `text`.
    pub(crate) fn english(&mut self, text: &str) -> Vec<(usize, String)> {
        analyze(&mut self.each[0].1, text)
    }
}

pub(crate) fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut tokens = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        tokens.push((token.position, token.text.clone()));
    }
    tokens
}

/// Where a name typed in one script is looked for in the others.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct CrossScript {
    /// Terms of `names`: the word's key marked with each other keyed script.
    pub(crate) keys: Vec<String>,
    /// The word in Latin letters, to be searched in `text` like a spelling of its own,
    /// when it was typed in another script.
    pub(crate) romanized: Option<String>,
}

/// Where to look for `word` (one word as typed) in other scripts, if it can be a name
/// there.
pub(crate) fn cross_script(word: &str) -> Option<CrossScript> {
    let script = Script::of(word)?;
    let key = translit::name_key(word)?;
    let keys = Script::KEYED
        .iter()
        .filter(|s| **s != script)
        .map(|s| format!("{}{key}", s.mark()))
        .collect();
    let romanized = (script != Script::Latin)
        .then(|| translit::romanize(word))
        .flatten();
    Some(CrossScript { keys, romanized })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(code: &str) -> Language {
        Language::parse(code).unwrap()
    }

    fn terms(alternatives: Vec<Vec<(usize, String)>>) -> Vec<Vec<String>> {
        alternatives
            .into_iter()
            .map(|a| a.into_iter().map(|(_, t)| t).collect())
            .collect()
    }

    #[test]
    fn english_alone_analyses_as_before() {
        let mut analyzers = Analyzers::of(&[]);
        assert_eq!(terms(analyzers.alternatives("talks")), [["talk"]]);
        assert!(analyzers.alternatives("the").is_empty());
    }

    #[test]
    fn each_language_adds_its_own_forms() {
        let mut analyzers = Analyzers::of(&[lang("de"), lang("ru")]);
        assert_eq!(
            terms(analyzers.alternatives("Verhandlungen")),
            [vec!["verhandlungen"], vec!["verhandl"]]
        );
        assert_eq!(
            terms(analyzers.alternatives("переговоры")),
            [vec!["переговоры"], vec!["переговор"]]
        );
        // A stop word of one language is a word in another: `die` is kept for English.
        assert_eq!(terms(analyzers.alternatives("die")), [["die"]]);
    }

    #[test]
    fn names_reach_other_scripts() {
        let latin = cross_script("Shoigu").unwrap();
        assert_eq!(latin.keys.len(), 4);
        assert_eq!(latin.romanized, None);
        let cyrillic = cross_script("Шойгу").unwrap();
        assert_eq!(cyrillic.keys.len(), 3);
        assert!(!cyrillic.keys.iter().any(|k| k.starts_with('c')));
        assert_eq!(cyrillic.romanized.as_deref(), Some("shoygu"));
        assert_eq!(cross_script("习近平"), None);
        assert_eq!(cross_script("Kim"), None);
    }
}
