//! The shared vocabulary of newsdex: the [`Article`] model, the index [`Fields`], the text
//! analyzers and the index format version.
//!
//! Both the indexer and the query crate build on this crate, so an article is written and
//! read through the same schema and analyzed with the same analyzers.
//!
//! ```
//! use newsdex_schema::{Article, Fields, NewsDate};
//!
//! let fields = Fields::new();
//! let article = Article::new("Kim and Shoigu talked Wednesday in Pyongyang.")
//!     .with_title("Kim Jong Un meets Russian Defence Minister")
//!     .with_date(NewsDate::parse("2023-07-27").unwrap())
//!     .with_source("AP");
//! let doc = fields.to_document(&article.with_id("kim-shoigu"));
//! assert_eq!(doc.len(), 9); // id, title, text (title and body), body, date, source, print, tie
//! ```
#![deny(missing_docs)]

mod analysis;
mod article;
pub mod cjk;
mod date;
mod directory;
mod error;
mod folder;
mod holder;
mod index;
mod lang;
pub mod merges;
pub mod print;
pub mod translit;
mod verify;

pub use analysis::{
    analyzer_name, clitic_len, language_analyzer, register_analyzers, NewsTokenizer, KEYS_ANALYZER,
    NEWS_ANALYZER, SOURCE_ANALYZER,
};
pub use article::{Article, FileStamp};
pub use date::NewsDate;
pub use error::{Error, NotAnIndexReason, ParseError, RequestError, Result};
pub use folder::MARKER_FILE;
pub use index::{CheckReport, CommitMeta, FileProblems, NewsIndex, NotedProblem, SkippedFile};
pub use lang::{Language, UnknownLanguage};
pub use verify::Damage;

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::TantivyDocument;

/// The version of the on-disk index layout. An index written with another version cannot be
/// read and must be rebuilt.
///
/// Version 2 marks index folders ([`MARKER_FILE`]), puts a checksum in each commit's
/// metadata and analyses each article by its language; an index of version 1 carries no
/// marker, so newsdex does not delete it (see [`NewsIndex::recreate_unmarked`]).
///
/// Version 3 keeps the id in a column, so that hits with equal scores are ordered by id,
/// and each article's near-duplicate fingerprint.
///
/// Version 4 keeps each article's [`tie_key`] in a column, which orders equal scores
/// without reading ids.
///
/// Version 5 keeps the clitic that ends an English word in the word (`NAT'L`, `Putin's`,
/// `don't`), which version 4 cut in two.
pub const FORMAT_VERSION: u32 = 5;

/// The key that orders articles of equal score (or equal date): the first eight bytes of
/// the BLAKE3 hash of the id, big-endian. It depends on the id alone, so an order never
/// depends on how an index is cut into segments, and it is read from a column of numbers,
/// so comparing two articles never decodes their ids (articles whose keys are equal
/// compare by id).
///
/// ```
/// use newsdex_schema::tie_key;
///
/// assert_eq!(tie_key("reuters-1"), tie_key("reuters-1"));
/// assert_ne!(tie_key("reuters-1"), tie_key("reuters-2"));
/// ```
pub fn tie_key(id: &str) -> u64 {
    let hash = blake3::hash(id.as_bytes());
    let mut first = [0; 8];
    first.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_be_bytes(first)
}

/// The fields a query may name (`title:kim`), in the order hints list them.
pub const QUERY_FIELDS: &[&str] = &["title", "body", "text", "source", "author", "date", "id"];

/// How much a match in the title weighs against a match in the text, by default.
///
/// Every article's title is indexed twice: on its own in `title` and, with the body, in
/// `text`, where title and body words are scored together as one BM25 field. A query is
/// run against both; this boost multiplies the `title` part, so an article whose headline
/// names the query words ranks above one that only mentions them in passing.
pub const DEFAULT_TITLE_BOOST: f32 = 0.5;

/// Handles to every field of a newsdex index.
///
/// | field        | what it holds                                   | how            |
/// |--------------|-------------------------------------------------|----------------|
/// | `id`         | the stable article id                           | raw, stored, fast |
/// | `path`       | the file the article came from (absolute)       | raw, stored, fast |
/// | `title`      | the headline                                    | its language's analyzer, positions, stored |
/// | `text`       | headline and body, scored as one                | its language's analyzer, positions |
/// | `body`       | the clean body, for snippets and display        | stored         |
/// | `date`       | publication date (UTC)                          | indexed, stored, fast |
/// | `source`     | the outlet (`AP`, `Reuters`)                    | [`SOURCE_ANALYZER`], stored, fast |
/// | `author`     | the byline                                      | [`NEWS_ANALYZER`], stored |
/// | `url`        | where the article was published                 | stored         |
/// | `raw`        | the original text, where cleaning changed it    | stored         |
/// | `lang`       | the language (ISO 639-1 code), where known      | raw, stored, fast |
/// | `names`      | keys of the words in Cyrillic, Greek, Hangul and kana ([`translit::text_keys`]) | [`KEYS_ANALYZER`], frequencies |
/// | `file_size`, `file_mtime`, `file_hash` | the [`FileStamp`] of the file when it was read | fast |
/// | `print`      | the near-duplicate fingerprint ([`print::fingerprint`]), where the text is long enough | fast |
/// | `tie`        | the order of equal scores ([`tie_key`] of the id) | fast |
///
/// `title` and `text` of an article in English, or in a language that could not be told,
/// are analysed by [`NEWS_ANALYZER`] when tantivy indexes them; those of an article in
/// another language carry the tokens of [`language_analyzer`], computed by
/// [`Fields::to_document`]. So one field holds every language, each word as its own
/// language's rules make it, and BM25 weighs a word by its frequency across the whole
/// index: a name spelled alike in English and German articles (`Putin`) is one term with
/// one document frequency.
#[derive(Clone, Debug)]
#[allow(missing_docs)]
pub struct Fields {
    pub schema: Schema,
    pub id: Field,
    pub path: Field,
    pub title: Field,
    pub text: Field,
    pub body: Field,
    pub date: Field,
    pub source: Field,
    pub author: Field,
    pub url: Field,
    pub raw: Field,
    pub lang: Field,
    pub names: Field,
    pub file_size: Field,
    pub file_mtime: Field,
    pub file_hash: Field,
    pub print: Field,
    pub tie: Field,
}

impl Default for Fields {
    fn default() -> Self {
        Self::new()
    }
}

impl Fields {
    /// Builds the newsdex schema.
    pub fn new() -> Fields {
        let mut builder = Schema::builder();
        let analyzed = |stored: bool| {
            let indexing = TextFieldIndexing::default()
                .set_tokenizer(NEWS_ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions);
            let options = TextOptions::default().set_indexing_options(indexing);
            if stored {
                options.set_stored()
            } else {
                options
            }
        };
        // A fast field too: ids of hits are read from it, and equal tie keys compare ids.
        let id = builder.add_text_field("id", STRING | STORED | FAST);
        let path = builder.add_text_field("path", (STRING | STORED).set_fast("raw"));
        let title = builder.add_text_field("title", analyzed(true));
        let text = builder.add_text_field("text", analyzed(false));
        let body = builder.add_text_field("body", STORED);
        let date = builder.add_date_field(
            "date",
            DateOptions::default()
                .set_indexed()
                .set_stored()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        );
        let source_indexing = TextFieldIndexing::default()
            .set_tokenizer(SOURCE_ANALYZER)
            .set_index_option(IndexRecordOption::Basic);
        let source = builder.add_text_field(
            "source",
            TextOptions::default()
                .set_indexing_options(source_indexing)
                .set_stored()
                .set_fast("raw"),
        );
        let author = builder.add_text_field("author", analyzed(true));
        let url = builder.add_text_field("url", STORED);
        let raw = builder.add_text_field("raw", STORED);
        let lang = builder.add_text_field("lang", (STRING | STORED).set_fast("raw"));
        let names = builder.add_text_field(
            "names",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(KEYS_ANALYZER)
                    .set_index_option(IndexRecordOption::WithFreqs),
            ),
        );
        // Sync reads stamps from fast fields only; storing them too would only grow the
        // document store.
        let file_size = builder.add_u64_field("file_size", NumericOptions::from(FAST));
        let file_mtime = builder.add_i64_field("file_mtime", NumericOptions::from(FAST));
        let file_hash = builder.add_text_field("file_hash", TextOptions::default().set_fast("raw"));
        let print = builder.add_u64_field("print", NumericOptions::from(FAST));
        let tie = builder.add_u64_field("tie", NumericOptions::from(FAST));
        Fields {
            schema: builder.build(),
            id,
            path,
            title,
            text,
            body,
            date,
            source,
            author,
            url,
            raw,
            lang,
            names,
            file_size,
            file_mtime,
            file_hash,
            print,
            tie,
        }
    }

    /// Reads the field handles from an existing schema, or says which field is missing or
    /// of the wrong kind.
    pub fn from_schema(schema: &Schema) -> Result<Fields, String> {
        let expected = Fields::new();
        if expected.schema.fields().count() != schema.fields().count() {
            return Err(format!(
                "the index has {} fields, newsdex expects {}",
                schema.fields().count(),
                expected.schema.fields().count()
            ));
        }
        for (field, entry) in expected.schema.fields() {
            let found = schema.get_field_entry(field);
            if found != entry {
                return Err(format!("field `{}` differs from newsdex's", entry.name()));
            }
        }
        Ok(expected)
    }

    /// The tantivy document for an article. Empty metadata adds no value.
    pub fn to_document(&self, article: &Article) -> TantivyDocument {
        let mut doc = TantivyDocument::new();
        doc.add_text(self.id, &article.id);
        doc.add_u64(self.tie, tie_key(&article.id));
        if let Some(path) = &article.path {
            doc.add_text(self.path, path);
        }
        // Title and body are two values of `text`, scored as one field.
        match article.lang.filter(|l| *l != Language::ENGLISH) {
            None => {
                if let Some(title) = &article.title {
                    doc.add_text(self.title, title);
                    doc.add_text(self.text, title);
                }
                doc.add_text(self.text, &article.body);
            }
            Some(language) => with_tokenizer(language, |tokenizer| {
                if let Some(title) = &article.title {
                    let tokens = analysis::pre_tokenize(tokenizer, title);
                    doc.add_pre_tokenized_text(self.title, tokens.clone());
                    doc.add_pre_tokenized_text(self.text, tokens);
                }
                doc.add_pre_tokenized_text(
                    self.text,
                    analysis::pre_tokenize(tokenizer, &article.body),
                );
            }),
        }
        doc.add_text(self.body, &article.body);
        if let Some(date) = article.date {
            doc.add_date(self.date, date.to_tantivy());
        }
        if let Some(source) = &article.source {
            doc.add_text(self.source, source);
        }
        if let Some(author) = &article.author {
            doc.add_text(self.author, author);
        }
        if let Some(url) = &article.url {
            doc.add_text(self.url, url);
        }
        if let Some(raw) = &article.raw {
            doc.add_text(self.raw, raw);
        }
        if let Some(language) = article.lang {
            doc.add_text(self.lang, language.code());
        }
        let mut keys = translit::text_keys(&article.body);
        if let Some(title) = &article.title {
            let title_keys = translit::text_keys(title);
            if !title_keys.is_empty() {
                keys.push(' ');
                keys.push_str(&title_keys);
            }
        }
        if !keys.trim().is_empty() {
            doc.add_text(self.names, keys.trim());
        }
        if let Some(print) = print::fingerprint(article.title.as_deref(), &article.body) {
            doc.add_u64(self.print, print);
        }
        if let Some(stamp) = &article.stamp {
            doc.add_u64(self.file_size, stamp.size);
            doc.add_i64(self.file_mtime, stamp.mtime_nanos);
            doc.add_text(self.file_hash, &stamp.hash);
        }
        doc
    }

    /// The article a stored document holds. The file stamp is not stored (sync reads it
    /// from fast fields), so `stamp` is `None`.
    pub fn to_article(&self, doc: &TantivyDocument) -> Article {
        use tantivy::schema::Value;
        // A title analysed by its language's rules is stored with its tokens.
        let text = |field: Field| {
            doc.get_first(field).and_then(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .or_else(|| v.as_pre_tokenized_text().map(|p| p.text))
            })
        };
        Article {
            id: text(self.id).unwrap_or_default(),
            path: text(self.path),
            title: text(self.title),
            date: doc
                .get_first(self.date)
                .and_then(|v| v.as_datetime())
                .map(NewsDate::from_tantivy),
            source: text(self.source),
            author: text(self.author),
            url: text(self.url),
            body: text(self.body).unwrap_or_default(),
            raw: text(self.raw),
            lang: text(self.lang).and_then(|code| Language::parse(&code)),
            stamp: None,
            line: None,
        }
    }
}

thread_local! {
    /// Each indexing thread's tokenizers, by language: their memories of normal forms last
    /// across documents.
    static TOKENIZERS: std::cell::RefCell<std::collections::HashMap<Language, NewsTokenizer>> =
        std::cell::RefCell::default();
}

/// Runs `f` with this thread's tokenizer of `language`.
fn with_tokenizer<R>(language: Language, f: impl FnOnce(&mut NewsTokenizer) -> R) -> R {
    TOKENIZERS.with(|cell| {
        let mut tokenizers = cell.borrow_mut();
        let tokenizer = tokenizers
            .entry(language)
            .or_insert_with(|| NewsTokenizer::new(language));
        f(tokenizer)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_round_trips_to_article() {
        let fields = Fields::new();
        let article = Article::new("Body text.")
            .with_id("a1")
            .with_title("Title")
            .with_date(NewsDate::parse("2023-09-12").unwrap())
            .with_source("AP")
            .with_author("Lucas Garcia")
            .with_url("https://example.com/a1")
            .with_path("/tmp/a1.txt")
            .with_raw("LOGIN\nTitle\nBody text.")
            .with_stamp(FileStamp {
                size: 10,
                mtime_nanos: 42,
                hash: "abc".into(),
            });
        let doc = fields.to_document(&article);
        // The stamp goes to fast fields only.
        assert_eq!(
            fields.to_article(&doc),
            Article {
                stamp: None,
                ..article
            }
        );
    }

    #[test]
    fn missing_metadata_adds_no_values() {
        let fields = Fields::new();
        let doc = fields.to_document(&Article::new("only a body").with_id("x"));
        // id, its tie key, text, body
        assert_eq!(doc.len(), 4);
        let back = fields.to_article(&doc);
        assert_eq!(back.title, None);
        assert_eq!(back.date, None);
        assert_eq!(back.body, "only a body");
    }

    #[test]
    fn from_schema_accepts_own_and_rejects_other() {
        let fields = Fields::new();
        assert!(Fields::from_schema(&fields.schema).is_ok());
        let mut builder = Schema::builder();
        builder.add_text_field("id", STRING);
        assert!(Fields::from_schema(&builder.build()).is_err());
    }
}
