//! Readers that turn files of news into [`Article`]s: scraped pages saved as text,
//! Markdown with front matter, saved HTML, JSON and JSON Lines exports, and the walk over
//! the folders a user points newsdex at.
//!
//! Every reader extracts what the file supports (title, date, source, author, URL) and
//! keeps page furniture (`LOGIN`, `READ MORE: …`, comment threads, share blocks, footers)
//! out of the body. Every reader is forgiving: a bad record or a bad file becomes a
//! [`Problem`] that names the file (and line), and the good articles of the same file
//! are still returned. No input makes a reader panic.
//!
//! ```
//! use newsdex_ingest::{read_bytes, Format, ReadOptions};
//!
//! let page = "LOGIN\n\
//!     Kim meets Shoigu | World | News\n\
//!     news 12-Sep-2023 Politcs\n\n\
//!     Kim and Shoigu talked Wednesday in Pyongyang, state media said.\n\n\
//!     AP\n\
//!     Source link\n";
//! let read = read_bytes(page.as_bytes(), Format::Text, "news/kim.txt", &ReadOptions::default());
//! let article = &read.articles[0];
//! assert_eq!(article.title.as_deref(), Some("Kim meets Shoigu"));
//! assert_eq!(article.date.unwrap().to_string(), "2023-09-12");
//! assert_eq!(article.source.as_deref(), Some("AP"));
//! assert_eq!(article.body, "Kim and Shoigu talked Wednesday in Pyongyang, state media said.");
//! assert_eq!(article.raw.as_deref(), Some(page)); // every byte, for `show --raw`
//!
//! // JSON with a collection's own field names:
//! let mut options = ReadOptions::new();
//! options.map_field("body=story")?;
//! let json = br#"[{"id": "r1", "headline": "Talks", "story": "Peskov said so.", "date": "26-FEB-1987 15:01:01.79"}]"#;
//! let read = read_bytes(json, Format::Json, "export.json", &options);
//! assert_eq!(read.articles[0].id, "r1");
//! assert_eq!(read.articles[0].body, "Peskov said so.");
//! assert_eq!(read.articles[0].date.unwrap().to_string(), "1987-02-26T15:01:01Z");
//! # Ok::<(), newsdex_ingest::Error>(())
//! ```
//!
//! # Formats
//!
//! | extension | reader |
//! |---|---|
//! | `.txt`, `.text` | title, date, author and source extracted from the text (header lines, bylines, end tags, copyright footers) |
//! | `.md`, `.markdown` | YAML (`---`) or TOML (`+++`) front matter: `title`, `date`, `source`/`publisher`, `author`, `url`; else as text, `# Heading` as title |
//! | `.html`, `.htm` | `og:title`, `<title>`, `<h1>`; `article:published_time`, JSON-LD `datePublished`, `<time datetime>`; `og:site_name`, JSON-LD `publisher`; the `<article>` text without navigation, comments or footer |
//! | `.json` | one object or an array of objects, fields by [`ArticleField::common_names`] or a [`FieldMap`] |
//! | `.jsonl`, `.ndjson` | one object a line, the same fields |
//!
//! Single-article files (text, Markdown, HTML) keep their decoded text in
//! [`Article::raw`]; records of JSON files don't. Wire sign-offs at the end of a body
//! (`AP`, `Reuter` alone on the last line) are removed and name the source when no field
//! does; `Reuter`, the Reuters wire's sign-off, is reported as `Reuters`.
#![deny(missing_docs)]

mod dates;
mod decode;
mod fields;
mod html;
mod json;
mod markdown;
mod text;
mod walk;

use std::fmt;
use std::path::{Path, PathBuf};

pub use dates::parse_date;
pub use fields::{ArticleField, FieldMap};
pub use html::MAX_HTML_SCOPE_STEPS;
pub use newsdex_schema::{Article, FileStamp, NewsDate};
pub use walk::{walk, SourceFile};

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A field mapping (`--field body=story`) could not be read.
    #[error("bad field mapping `{spec}`: {reason}")]
    FieldMap {
        /// The mapping as given.
        spec: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The file formats newsdex reads, chosen by file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// `.txt`, `.text`: a scraped page saved as text.
    Text,
    /// `.md`, `.markdown`: Markdown, with or without front matter.
    Markdown,
    /// `.html`, `.htm`: a saved web page.
    Html,
    /// `.json`: one JSON object, or an array of objects.
    Json,
    /// `.jsonl`, `.ndjson`: one JSON object a line.
    JsonLines,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 5] = [
        Format::Text,
        Format::Markdown,
        Format::Html,
        Format::Json,
        Format::JsonLines,
    ];

    /// The format of a file, from its extension; `None` for files newsdex doesn't read.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            _ => None,
        }
    }

    /// A short name (`text`, `markdown`, `html`, `json`, `jsonl`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Json => "json",
            Format::JsonLines => "jsonl",
        }
    }

    /// Whether a file of this format holds one article (and keeps its text in
    /// [`Article::raw`]) rather than records.
    pub fn is_single_article(self) -> bool {
        matches!(self, Format::Text | Format::Markdown | Format::Html)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How files are read: a builder with `&mut self` setters.
///
/// ```
/// use newsdex_ingest::{ArticleField, ReadOptions};
///
/// let mut options = ReadOptions::new();
/// options.max_file_size(1 << 20).map_field("body=story,date=meta.published")?;
/// assert_eq!(options.file_size_limit(), 1 << 20);
/// assert_eq!(options.field_map().get(ArticleField::Body), Some("story"));
/// # Ok::<(), newsdex_ingest::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ReadOptions {
    max_file_size: u64,
    fields: FieldMap,
}

/// The default size limit: 64 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            fields: FieldMap::new(),
        }
    }
}

impl ReadOptions {
    /// Default options.
    pub fn new() -> ReadOptions {
        ReadOptions::default()
    }

    /// Files larger than this many bytes are skipped (default 64 MiB).
    pub fn max_file_size(&mut self, bytes: u64) -> &mut ReadOptions {
        self.max_file_size = bytes;
        self
    }

    /// The size limit in bytes.
    pub fn file_size_limit(&self) -> u64 {
        self.max_file_size
    }

    /// Adds field mappings for JSON records and front matter, as the CLI's
    /// `--field body=story` gives them (`FIELD=NAME`, several separated by commas). A
    /// mapping for a field replaces an earlier one.
    pub fn map_field(&mut self, spec: &str) -> Result<&mut ReadOptions> {
        self.fields.add(spec)?;
        Ok(self)
    }

    /// Replaces the field mappings.
    pub fn fields(&mut self, map: FieldMap) -> &mut ReadOptions {
        self.fields = map;
        self
    }

    /// The field mappings.
    pub fn field_map(&self) -> &FieldMap {
        &self.fields
    }
}

/// What went wrong with one file or one record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file.
    pub path: PathBuf,
    /// The 1-based line, where the problem is in one record of a multi-record file.
    pub line: Option<usize>,
    /// What happened.
    pub kind: ProblemKind,
    /// One line saying what is wrong.
    pub message: String,
}

/// The kinds of [`Problem`], for summaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ProblemKind {
    /// The file could not be read (permissions, a dangling symlink, an I/O error).
    Unreadable,
    /// A record could not be parsed; the file's other records were still read.
    BadRecord,
    /// The file had nothing to index.
    Empty,
    /// The file is over the size limit.
    TooLarge,
    /// The file is binary.
    Binary,
    /// The text was not valid UTF-8 and was decoded lossily.
    BadEncoding,
    /// The file was named explicitly but is not of a format newsdex reads.
    Unsupported,
    /// A web page whose elements nest so deep that building its tree would take more than
    /// [`MAX_HTML_SCOPE_STEPS`]: the time grows with the square of the depth.
    TooDeep,
}

impl ProblemKind {
    /// Whether the whole file was left out (as opposed to a warning about part of it).
    pub fn skips_file(self) -> bool {
        matches!(
            self,
            ProblemKind::Unreadable
                | ProblemKind::Empty
                | ProblemKind::TooLarge
                | ProblemKind::Binary
                | ProblemKind::Unsupported
                | ProblemKind::TooDeep
        )
    }

    /// A short name for summaries (`binary`, `too large`, …).
    pub fn label(self) -> &'static str {
        match self {
            ProblemKind::Unreadable => "unreadable",
            ProblemKind::BadRecord => "bad record",
            ProblemKind::Empty => "empty",
            ProblemKind::TooLarge => "too large",
            ProblemKind::Binary => "binary",
            ProblemKind::BadEncoding => "bad encoding",
            ProblemKind::Unsupported => "unsupported",
            ProblemKind::TooDeep => "too deep",
        }
    }
}

impl Problem {
    pub(crate) fn new(path: &Path, kind: ProblemKind, message: impl Into<String>) -> Problem {
        Problem {
            path: path.to_path_buf(),
            line: None,
            kind,
            message: message.into(),
        }
    }

    pub(crate) fn at_line(mut self, line: usize) -> Problem {
        self.line = Some(line);
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The articles read from one file, and what went wrong on the way.
#[derive(Clone, Debug, Default)]
pub struct FileRead {
    /// The articles, in file order.
    pub articles: Vec<Article>,
    /// Warnings, and the reason the file was skipped if it was.
    pub problems: Vec<Problem>,
    /// Records of a JSON or JSON Lines file that had neither a title nor a body: left out,
    /// and not a problem (21,578 Reuters records hold 20,841 articles).
    pub empty_records: usize,
}

impl FileRead {
    fn skipped(problem: Problem) -> FileRead {
        FileRead {
            articles: Vec::new(),
            problems: vec![problem],
            empty_records: 0,
        }
    }

    /// The reason the whole file was left out, if it was.
    pub fn skip_reason(&self) -> Option<&Problem> {
        self.problems.iter().find(|p| p.kind.skips_file())
    }
}

/// Reads one file: checks its size, reads its bytes and parses them by format. Every
/// article gets `path` set to the file's path and a [`FileStamp`] of what was read.
///
/// `key` is the name ids are derived from (see [`Article::derive_id`]); the walker passes
/// the path relative to the folder above the indexed root, so ids don't depend on where
/// the collection lives.
pub fn read_file(file: &SourceFile, options: &ReadOptions) -> FileRead {
    let (bytes, stamp) = match load(file, options) {
        Ok(loaded) => loaded,
        Err(skipped) => return skipped,
    };
    let mut read = read_bytes(&bytes, file.format, &file.key, options);
    finish(file, &stamp, &mut read.articles);
    for problem in &mut read.problems {
        problem.path = file.path.clone();
    }
    read
}

/// How many lines of a JSON Lines file [`read_file_in_batches`] parses and hands over at
/// a time.
const BATCH_LINES: usize = 8192;

/// How many bytes a streamed file is read in at a time.
const READ_CHUNK: usize = 1 << 20;

/// Reads one file like [`read_file`], but hands its articles to `sink` in batches as they
/// are parsed instead of returning them. A JSON Lines file is read twice: once a chunk at
/// a time, to stamp it and check that it is UTF-8 text, then 8,192 lines at a time, each
/// batch parsed and handed over before the next is read. A writer can index the first
/// batch at once, and memory holds one batch, however large the file. (A file that needs
/// decoding, UTF-16 or invalid UTF-8, is read whole.) Other formats come in one batch.
/// Returns the problems (`articles` is empty) and the stamp of what was read, if the file
/// was read.
pub fn read_file_in_batches(
    file: &SourceFile,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Vec<Article>),
) -> (FileRead, Option<FileStamp>) {
    if file.format != Format::JsonLines {
        let mut read = read_file(file, options);
        let stamp = read.articles.first().and_then(|a| a.stamp.clone());
        let articles = std::mem::take(&mut read.articles);
        if !articles.is_empty() {
            sink(articles);
        }
        return (read, stamp);
    }
    let mut read = match inspect(file, options) {
        Ok((stamp, true)) => {
            let read = stream_lines(file, options, &stamp, sink);
            (read, Some(stamp))
        }
        Ok((_, false)) => read_lines_whole(file, options, sink),
        Err(skipped) => (skipped, None),
    };
    for problem in &mut read.0.problems {
        problem.path = file.path.clone();
    }
    read
}

/// One pass over a file, a chunk at a time: its stamp, and whether it can be streamed as
/// it is (UTF-8 without a byte-order mark, not binary, not blank).
fn inspect(file: &SourceFile, options: &ReadOptions) -> Result<(FileStamp, bool), FileRead> {
    use std::io::Read;
    let path = &file.path;
    let metadata = sized_metadata(path, options)?;
    let mut reader = std::fs::File::open(path).map_err(|e| unreadable(path, &e))?;
    let mut hasher = blake3::Hasher::new();
    let mut buf = vec![0; READ_CHUNK];
    // `carried`: the bytes of a character cut by the end of the last chunk, moved to the
    // start of `buf` to be checked with the next.
    let (mut size, mut carried) = (0u64, 0);
    let (mut streamable, mut blank) = (true, true);
    loop {
        let n = match reader.read(&mut buf[carried..]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(unreadable(path, &e)),
        };
        let fresh = &buf[carried..carried + n];
        hasher.update(fresh);
        if size == 0 && (decode::has_bom(fresh) || decode::binary_reason(fresh).is_some()) {
            streamable = false;
        }
        size += n as u64;
        check_size(path, size, options)?;
        if !streamable || fresh.contains(&0) {
            streamable = false;
            carried = 0;
            continue;
        }
        blank = blank && fresh.iter().all(u8::is_ascii_whitespace);
        let end = carried + n;
        carried = match std::str::from_utf8(&buf[..end]) {
            Ok(_) => 0,
            Err(e) if e.error_len().is_none() => end - e.valid_up_to(),
            Err(_) => {
                streamable = false;
                0
            }
        };
        buf.copy_within(end - carried..end, 0);
    }
    let stamp = FileStamp {
        size,
        mtime_nanos: FileStamp::mtime_of(&metadata),
        hash: hasher.finalize().to_hex().to_string(),
    };
    Ok((stamp, streamable && !blank && carried == 0))
}

/// Parses a JSON Lines file that [`inspect`] found streamable, [`BATCH_LINES`] lines at
/// a time as it reads it, handing each batch's articles to `sink`.
fn stream_lines(
    file: &SourceFile,
    options: &ReadOptions,
    stamp: &FileStamp,
    sink: &mut dyn FnMut(Vec<Article>),
) -> FileRead {
    use std::io::BufRead;
    let path = Path::new(&file.key);
    let mut read = FileRead::default();
    let reader = match std::fs::File::open(&file.path) {
        Ok(reader) => reader,
        Err(e) => return unreadable(path, &e),
    };
    let mut reader = std::io::BufReader::with_capacity(READ_CHUNK, reader);
    let (mut batch, mut ends) = (Vec::new(), Vec::with_capacity(BATCH_LINES));
    let (mut first_line, mut found) = (1, 0);
    loop {
        let n = match reader.read_until(b'\n', &mut batch) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                read.problems
                    .push(Problem::new(path, ProblemKind::Unreadable, e.to_string()));
                break;
            }
        };
        if n > 0 {
            ends.push(batch.len());
        }
        if ends.len() == BATCH_LINES || (n == 0 && !ends.is_empty()) {
            let Ok(text) = std::str::from_utf8(&batch) else {
                read.problems.push(Problem::new(
                    path,
                    ProblemKind::Unreadable,
                    "the file changed while it was read; the next sync reads it again",
                ));
                break;
            };
            let mut start = 0;
            let lines: Vec<(usize, &str)> = ends
                .iter()
                .enumerate()
                .map(|(i, &end)| {
                    let line = &text[start..end];
                    start = end;
                    let line = line.strip_suffix('\n').unwrap_or(line);
                    (first_line + i, line.strip_suffix('\r').unwrap_or(line))
                })
                .collect();
            let mut part = json::parse_lines(&lines, &file.key, path, options);
            found += add_batch(file, stamp, &mut part, &mut read, sink);
            first_line += ends.len();
            batch.clear();
            ends.clear();
        }
        if n == 0 {
            break;
        }
    }
    if found == 0 {
        read.problems.push(no_article(path, read.empty_records));
    }
    read
}

/// Hands a parsed batch's articles to `sink` and keeps its problems; how many articles
/// it held.
fn add_batch(
    file: &SourceFile,
    stamp: &FileStamp,
    part: &mut FileRead,
    read: &mut FileRead,
    sink: &mut dyn FnMut(Vec<Article>),
) -> usize {
    part.articles
        .retain(|a| !a.body.is_empty() || a.title.is_some());
    finish(file, stamp, &mut part.articles);
    read.problems.append(&mut part.problems);
    read.empty_records += part.empty_records;
    let found = part.articles.len();
    if found > 0 {
        sink(std::mem::take(&mut part.articles));
    }
    found
}

/// A JSON Lines file that needs decoding (UTF-16, invalid UTF-8) or is not text: read
/// whole, then parsed in batches.
fn read_lines_whole(
    file: &SourceFile,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Vec<Article>),
) -> (FileRead, Option<FileStamp>) {
    let (bytes, stamp) = match load(file, options) {
        Ok(loaded) => loaded,
        Err(skipped) => return (skipped, None),
    };
    let path = Path::new(&file.key);
    let (text, problems) = match decode_text(&bytes, path, options) {
        Ok(decoded) => decoded,
        Err(skipped) => return (skipped, None),
    };
    let lines = json::numbered_lines(&text);
    let mut read = FileRead {
        problems,
        ..FileRead::default()
    };
    let mut found = 0;
    for group in lines.chunks(BATCH_LINES) {
        let mut part = json::parse_lines(group, &file.key, path, options);
        found += add_batch(file, &stamp, &mut part, &mut read, sink);
    }
    if found == 0 {
        read.problems.push(no_article(path, read.empty_records));
    }
    (read, Some(stamp))
}

/// Checks a file's size, reads it, and stamps what was read; a skipped file's reason
/// otherwise.
fn load(file: &SourceFile, options: &ReadOptions) -> Result<(Vec<u8>, FileStamp), FileRead> {
    let path = &file.path;
    let metadata = sized_metadata(path, options)?;
    let bytes = std::fs::read(path).map_err(|e| unreadable(path, &e))?;
    let stamp = FileStamp {
        size: bytes.len() as u64,
        mtime_nanos: FileStamp::mtime_of(&metadata),
        hash: blake3::hash(&bytes).to_hex().to_string(),
    };
    Ok((bytes, stamp))
}

/// A file left out because it could not be read.
fn unreadable(path: &Path, e: &std::io::Error) -> FileRead {
    FileRead::skipped(Problem::new(path, ProblemKind::Unreadable, e.to_string()))
}

/// A file's metadata, or the reason to skip it: unreadable, or over the size limit.
fn sized_metadata(path: &Path, options: &ReadOptions) -> Result<std::fs::Metadata, FileRead> {
    let metadata = std::fs::metadata(path).map_err(|e| unreadable(path, &e))?;
    check_size(path, metadata.len(), options)?;
    Ok(metadata)
}

/// The reason to skip a file of `size` bytes, if it is over the limit.
fn check_size(path: &Path, size: u64, options: &ReadOptions) -> Result<(), FileRead> {
    if size > options.max_file_size {
        return Err(FileRead::skipped(Problem::new(
            path,
            ProblemKind::TooLarge,
            format!(
                "skipped: {size} bytes is over the {} byte limit",
                options.max_file_size
            ),
        )));
    }
    Ok(())
}

/// Gives each article of a file its path and stamp.
fn finish(file: &SourceFile, stamp: &FileStamp, articles: &mut [Article]) {
    let path_text = file.path.to_string_lossy();
    for article in articles {
        article.path = Some(path_text.to_string());
        article.stamp = Some(stamp.clone());
    }
}

/// Reads many files in parallel (on rayon's pool), in the order given.
pub fn read_files(files: &[SourceFile], options: &ReadOptions) -> Vec<FileRead> {
    use rayon::prelude::*;
    files.par_iter().map(|f| read_file(f, options)).collect()
}

/// Parses the bytes of a file in a known format. `key` names the file in problems and is
/// the base of derived ids.
///
/// Binary content (NUL bytes, the signatures of PDF, PNG, ZIP, gzip and others), empty
/// files and files over the size limit are skipped with a [`Problem`] saying why; UTF-16
/// with a byte-order mark is decoded; invalid UTF-8 is decoded lossily with a warning.
pub fn read_bytes(bytes: &[u8], format: Format, key: &str, options: &ReadOptions) -> FileRead {
    let path = Path::new(key);
    let (text, mut problems) = match decode_text(bytes, path, options) {
        Ok(decoded) => decoded,
        Err(skipped) => return skipped,
    };
    let mut read = match format {
        Format::Text => text_file(&text, key),
        Format::Markdown => markdown::read(&text, key, path, options),
        Format::Html => html::read(&text, key, path, options),
        Format::Json => json::read_json(&text, key, path, options),
        Format::JsonLines => json::read_lines(&text, key, path, options),
    };
    problems.append(&mut read.problems);
    read.problems = problems;
    read.articles
        .retain(|a| !a.body.is_empty() || a.title.is_some());
    if read.articles.is_empty() && read.skip_reason().is_none() {
        read.problems.push(no_article(path, read.empty_records));
    }
    read
}

/// The text of a file's bytes, with a warning if it had to be decoded lossily; or the
/// reason the file is skipped (too large, empty, binary).
fn decode_text<'a>(
    bytes: &'a [u8],
    path: &Path,
    options: &ReadOptions,
) -> Result<(std::borrow::Cow<'a, str>, Vec<Problem>), FileRead> {
    check_size(path, bytes.len() as u64, options)?;
    let empty = || {
        FileRead::skipped(Problem::new(
            path,
            ProblemKind::Empty,
            "skipped: empty file",
        ))
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(empty());
    }
    let mut problems = Vec::new();
    let text = match decode::decode(bytes) {
        decode::Decoded::Binary(why) => {
            return Err(FileRead::skipped(Problem::new(
                path,
                ProblemKind::Binary,
                format!("skipped: {why}"),
            )))
        }
        decode::Decoded::Text(text, warning) => {
            if let Some(warning) = warning {
                problems.push(Problem::new(path, ProblemKind::BadEncoding, warning));
            }
            text
        }
    };
    if text.trim().is_empty() {
        return Err(empty());
    }
    Ok((text, problems))
}

/// The problem of a file with nothing to index.
fn no_article(path: &Path, empty_records: usize) -> Problem {
    let message = if empty_records > 0 {
        "skipped: no record has a title or a body"
    } else {
        "skipped: no article found"
    };
    Problem::new(path, ProblemKind::Empty, message)
}

fn text_file(text: &str, key: &str) -> FileRead {
    let extracted = text::extract(text, None);
    let mut article = Article::new(extracted.body).with_id(Article::derive_id(key, 0));
    article.title = extracted.title;
    article.date = extracted.date;
    article.source = extracted.source;
    article.author = extracted.author;
    article.raw = Some(text.to_string());
    FileRead {
        articles: vec![article],
        problems: Vec::new(),
        empty_records: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inspected(bytes: &[u8]) -> (FileStamp, bool) {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("f.jsonl");
        std::fs::write(&path, bytes).unwrap();
        let file = SourceFile::new(&path, Format::JsonLines);
        let options = ReadOptions::default();
        inspect(&file, &options).unwrap_or_else(|_| panic!("inspect skipped the file"))
    }

    #[test]
    fn inspect_checks_characters_cut_by_the_end_of_a_read() {
        // `é` is two bytes; the first is the last byte of the first read.
        let mut bytes = vec![b'a'; READ_CHUNK - 1];
        bytes.extend_from_slice("é\n".as_bytes());
        let (stamp, streamable) = inspected(&bytes);
        assert!(streamable);
        assert_eq!(stamp.size, bytes.len() as u64);
        assert_eq!(stamp.hash, blake3::hash(&bytes).to_hex().to_string());

        // A four-byte character cut after its second byte.
        let mut bytes = vec![b'a'; READ_CHUNK - 2];
        bytes.extend_from_slice("𝄞\n".as_bytes());
        assert!(inspected(&bytes).1);

        // A lone continuation byte after the cut is not UTF-8.
        let mut bytes = vec![b'a'; READ_CHUNK - 1];
        bytes.extend_from_slice(b"\xc3\x28\n");
        assert!(!inspected(&bytes).1);

        // Nor is a file ending in the middle of a character.
        assert!(!inspected(b"{}\n\xc3").1);
        assert!(inspected(b"{}\n").1);
        assert!(
            !inspected(b"\xef\xbb\xbf{}\n").1,
            "a BOM is left to the whole read"
        );
    }
}
