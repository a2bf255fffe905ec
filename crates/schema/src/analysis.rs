use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, StopWordFilter, TextAnalyzer, TokenizerManager,
};

/// The analyzer of `title`, `text` and `author`: split on non-alphanumeric characters,
/// drop tokens over 40 bytes, lowercase, fold accents to ASCII (`Zürich` → `zurich`), drop
/// English stop words (Lucene's list: `the`, `of`, `and`, …; positions are kept, so phrases
/// still match) and stem with Snowball English (`talks` → `talk`).
pub const NEWS_ANALYZER: &str = "news";

/// The analyzer of `source`: the whole value as one token, lowercased and folded, so
/// `--source ap` finds `AP`.
pub const SOURCE_ANALYZER: &str = "source";

fn news_analyzer() -> TextAnalyzer {
    let stop_words =
        StopWordFilter::new(Language::English).expect("tantivy ships an English stop-word list");
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(stop_words)
        .filter(Stemmer::new(Language::English))
        .build()
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
