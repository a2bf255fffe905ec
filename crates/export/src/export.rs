//! An export: which articles, in which form, and the settings that go with them.

use std::fmt;
use std::io::Write;
use std::str::FromStr;

use newsdex_query::{Scan, SearchRequest, Searcher};
use newsdex_schema::{Article, NewsIndex};
use serde::Serialize;
use serde_json::Value;

use crate::document::{add_hash, write_json, Keys};
use crate::settings::{self, check_index_name, Engine};
use crate::{Error, RequestError, Result};

/// The index name an export targets when none is given.
pub const DEFAULT_INDEX_NAME: &str = "news";

/// How an export writes articles: one JSON object a line in each form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Format {
    /// One article a line, ids as newsdex has them: what Quickwit's ingest API
    /// (`quickwit index ingest`, `POST /api/v1/INDEX/ingest`) takes, and any program
    /// that reads JSON Lines.
    #[default]
    Jsonl,
    /// Elasticsearch and OpenSearch `_bulk`: an `index` action line (`_index`, `_id`)
    /// before each article, so sending it twice replaces rather than duplicates.
    EsBulk,
    /// One article a line for Meilisearch (`POST /indexes/INDEX/documents` with
    /// `Content-Type: application/x-ndjson`): the `id` is the [`engine_key`], and a
    /// content hash lets a push skip what Meilisearch already has.
    ///
    /// [`engine_key`]: crate::engine_key
    Meilisearch,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 3] = [Format::Jsonl, Format::EsBulk, Format::Meilisearch];

    /// The format's name, as [`FromStr`] reads it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::EsBulk => "es-bulk",
            Format::Meilisearch => "meilisearch",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = Error;

    fn from_str(s: &str) -> Result<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                RequestError::UnknownFormat {
                    name: s.to_string(),
                }
                .into()
            })
    }
}

/// An export of the articles a [`SearchRequest`] selects (its query and its `since`,
/// `until`, `source` and `like` filters, as [`Searcher::scan`] reads them; an empty
/// request selects every article), in one [`Format`], for an index of another engine.
///
/// Build it with the setters, then [`write`](Export::write) the documents to any
/// `io::Write`, or write the [`settings`](Export::settings) of an engine's index that
/// match them. Articles are read one segment at a time and written one at a time, so
/// memory stays the same however large the index.
///
/// ```
/// use newsdex_export::{Engine, Export, Format};
/// use newsdex_query::{DateSpan, SearchRequest};
/// use newsdex_schema::{Article, NewsDate, NewsIndex};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let index = NewsIndex::create_in_ram();
/// let mut writer: tantivy::IndexWriter = index.tantivy().writer(15_000_000)?;
/// let article = Article::new("Kim and Shoigu talked Wednesday in Pyongyang.")
///     .with_id("kim-shoigu")
///     .with_date(NewsDate::parse("2023-07-27").unwrap())
///     .with_source("AP");
/// writer.add_document(index.fields().to_document(&article))?;
/// writer.commit()?;
///
/// let export = Export::new(SearchRequest::new("Shoigu").since(DateSpan::parse("2023")?))
///     .format(Format::EsBulk)
///     .index_name("news");
/// let mut out = Vec::new();
/// let report = export.write(&index, &mut out)?;
/// assert_eq!(report.documents, 1);
/// let lines: Vec<&str> = std::str::from_utf8(&out)?.lines().collect();
/// assert_eq!(lines[0], r#"{"index":{"_index":"news","_id":"kim-shoigu"}}"#);
/// assert!(lines[1].contains(r#""date":"2023-07-27T00:00:00Z","timestamp":1690416000"#));
///
/// let mapping = export.settings(Engine::Elasticsearch, &index)?;
/// assert_eq!(mapping["mappings"]["properties"]["date"]["type"], "date");
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Export {
    request: SearchRequest,
    format: Format,
    index_name: String,
    raw: bool,
}

/// What an export wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ExportReport {
    /// Articles written.
    pub documents: u64,
    /// Bytes written.
    pub bytes: u64,
}

impl Default for Export {
    fn default() -> Self {
        Export::all()
    }
}

impl Export {
    /// An export of the articles `request` selects, as JSON Lines, for an index named
    /// [`DEFAULT_INDEX_NAME`].
    pub fn new(request: SearchRequest) -> Export {
        Export {
            request,
            format: Format::default(),
            index_name: DEFAULT_INDEX_NAME.to_string(),
            raw: false,
        }
    }

    /// An export of every article.
    pub fn all() -> Export {
        Export::new(SearchRequest::new(""))
    }

    /// The form of the documents (default [`Format::Jsonl`]).
    pub fn format(mut self, format: Format) -> Export {
        self.format = format;
        self
    }

    /// The name of the index in the other engine (default [`DEFAULT_INDEX_NAME`]): the
    /// `_index` of bulk actions, the `index_id` of Quickwit's config, the Meilisearch
    /// index a push fills.
    pub fn index_name(mut self, name: impl Into<String>) -> Export {
        self.index_name = name.into();
        self
    }

    /// Also writes each article's original text, where newsdex keeps it (`raw`, the
    /// file as it was before page clutter was taken out). Off by default: it can double
    /// the size of an export.
    pub fn raw(mut self, yes: bool) -> Export {
        self.raw = yes;
        self
    }

    /// The request that selects the articles.
    pub fn request(&self) -> &SearchRequest {
        &self.request
    }

    /// The form of the documents.
    pub fn format_of(&self) -> Format {
        self.format
    }

    /// The name of the index in the other engine.
    pub fn name(&self) -> &str {
        &self.index_name
    }

    /// Writes the documents of the articles the export selects from the last commit of
    /// `index`, one line each, and flushes `out`. Output is buffered, so `out` needs no
    /// buffer of its own.
    pub fn write(&self, index: &NewsIndex, out: impl Write) -> Result<ExportReport> {
        self.write_from(&Searcher::snapshot(index)?, out)
    }

    /// [`write`](Export::write), from the commit `searcher` sees.
    pub fn write_from(&self, searcher: &Searcher, out: impl Write) -> Result<ExportReport> {
        check_index_name(&self.index_name)?;
        let mut out = std::io::BufWriter::with_capacity(256 * 1024, out);
        let mut report = ExportReport::default();
        let mut line = Vec::with_capacity(16 * 1024);
        for article in self.scan(searcher)? {
            line.clear();
            self.document(&article?, &mut line);
            line.push(b'\n');
            out.write_all(&line).map_err(Error::from)?;
            report.documents += 1;
            report.bytes += line.len() as u64;
        }
        out.flush().map_err(Error::from)?;
        Ok(report)
    }

    /// The articles the export selects, from the commit `searcher` sees.
    pub fn scan(&self, searcher: &Searcher) -> Result<Scan> {
        searcher.scan(&self.request)
    }

    /// Appends the line (or lines, for bulk) of one article to `line`, without the last
    /// newline.
    pub(crate) fn document(&self, article: &Article, line: &mut Vec<u8>) {
        match self.format {
            Format::Jsonl => write_json(line, article, Keys::Verbatim, self.raw),
            Format::EsBulk => {
                let action = serde_json::json!({"index": {
                    "_index": self.index_name,
                    "_id": crate::engine_key(&article.id),
                }});
                let _ = serde_json::to_writer(&mut *line, &action);
                line.push(b'\n');
                write_json(line, article, Keys::Verbatim, self.raw);
            }
            Format::Meilisearch => {
                self.meili_document(article, line);
            }
        }
    }

    /// Appends an article's Meilisearch document to `line` and returns its content hash.
    pub(crate) fn meili_document(&self, article: &Article, line: &mut Vec<u8>) -> String {
        let start = line.len();
        write_json(line, article, Keys::Engine, self.raw);
        add_hash(line, start)
    }

    /// The settings of an `engine`'s index that match the documents this export writes,
    /// as the JSON the engine takes:
    ///
    /// - Elasticsearch and OpenSearch: the body of `PUT /INDEX` (analysis settings and
    ///   mappings);
    /// - Quickwit: the index config (`quickwit index create --index-config FILE.json`,
    ///   or `POST /api/v1/indexes`); its timestamp field is `date` when every article the
    ///   export selects has a date (Quickwit refuses documents without it), else none;
    /// - Meilisearch: the body of `PATCH /indexes/INDEX/settings`.
    pub fn settings(&self, engine: Engine, index: &NewsIndex) -> Result<Value> {
        check_index_name(&self.index_name)?;
        Ok(match engine {
            Engine::Elasticsearch | Engine::OpenSearch => settings::elasticsearch(),
            Engine::Quickwit => {
                let scan = self.scan(&Searcher::snapshot(index)?)?;
                let all_dated = scan.facets()?.undated == 0;
                settings::quickwit(&self.index_name, all_dated)
            }
            Engine::Meilisearch => settings::meilisearch(),
        })
    }
}
