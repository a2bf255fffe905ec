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
/// assert_eq!(options.field_map().get(ArticleField::Body), Some("story"));
/// # Ok::<(), newsdex_ingest::Error>(())
/// ```
#[must_use = "a builder does nothing until it is used"]
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
    pub fn max_file_size(mut self, bytes: u64) -> ReadOptions {
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
