//! How files are read.

use crate::fields::FieldMap;
use crate::Result;

/// How files are read: a builder whose setters take and return it.
///
/// ```
/// use newsdex_ingest::{ArticleField, ReadOptions};
///
/// let options = ReadOptions::new()
///     .max_file_size(1 << 20)
///     .map_field("body=story,date=meta.published")?;
/// assert_eq!(options.file_size_limit(), 1 << 20);
/// assert_eq!(options.record_size_limit(), newsdex_ingest::DEFAULT_MAX_RECORD_SIZE);
/// assert_eq!(options.field_map().get(ArticleField::Body), Some("story"));
/// # Ok::<(), newsdex_ingest::Error>(())
/// ```
#[must_use = "a builder does nothing until it is used"]
#[derive(Clone, Debug)]
pub struct ReadOptions {
    max_file_size: u64,
    max_record_size: u64,
    fields: FieldMap,
}

/// The default size limit of a file read whole: 64 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// The default size limit of one JSON Lines record: 16 MiB.
pub const DEFAULT_MAX_RECORD_SIZE: u64 = 16 * 1024 * 1024;

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            max_record_size: DEFAULT_MAX_RECORD_SIZE,
            fields: FieldMap::new(),
        }
    }
}

impl ReadOptions {
    /// Default options.
    pub fn new() -> ReadOptions {
        ReadOptions::default()
    }

    /// Files read whole (text, Markdown, HTML, JSON, UTF-16 JSON Lines) larger than this
    /// many bytes are skipped (default 64 MiB). JSON Lines files are read a record at a
    /// time and have no size limit; see [`ReadOptions::max_record_size`].
    pub fn max_file_size(mut self, bytes: u64) -> ReadOptions {
        self.max_file_size = bytes;
        self
    }

    /// The size limit of a file read whole, in bytes.
    pub fn file_size_limit(&self) -> u64 {
        self.max_file_size
    }

    /// Lines of a JSON Lines file longer than this many bytes are left out (and named),
    /// without being held in memory (default 16 MiB).
    pub fn max_record_size(mut self, bytes: u64) -> ReadOptions {
        self.max_record_size = bytes;
        self
    }

    /// The size limit of one JSON Lines record, in bytes.
    pub fn record_size_limit(&self) -> u64 {
        self.max_record_size
    }

    /// Adds field mappings for JSON records and front matter, as the CLI's
    /// `--field body=story` gives them (`FIELD=NAME`, several separated by commas). A
    /// mapping for a field replaces an earlier one.
    pub fn map_field(mut self, spec: &str) -> Result<ReadOptions> {
        self.fields.add(spec)?;
        Ok(self)
    }

    /// Replaces the field mappings.
    pub fn fields(mut self, map: FieldMap) -> ReadOptions {
        self.fields = map;
        self
    }

    /// The field mappings.
    pub fn field_map(&self) -> &FieldMap {
        &self.fields
    }
}
