use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::Index;

use crate::{register_analyzers, Fields, FORMAT_VERSION};

/// Errors opening or creating an index.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No index at this path.
    #[error("no index at {0}")]
    Missing(PathBuf),
    /// The folder exists but does not hold a newsdex index.
    #[error("{0} is not a newsdex index")]
    NotAnIndex(PathBuf),
    /// The index was written by a newsdex with another format version.
    #[error(
        "the index at {path} has format version {found}, this newsdex reads version {expected}"
    )]
    Version {
        /// The index folder.
        path: PathBuf,
        /// The version in the index.
        found: u32,
        /// The version this build reads and writes.
        expected: u32,
    },
    /// The index's schema is not newsdex's.
    #[error("the index at {path} has another schema: {reason}")]
    Schema {
        /// The index folder.
        path: PathBuf,
        /// What differs.
        reason: String,
    },
    /// The index folder could not be created.
    #[error("cannot create {path}: {source}")]
    Create {
        /// The folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// tantivy failed.
    #[error(transparent)]
    Tantivy(#[from] tantivy::TantivyError),
}

impl Error {
    /// Whether the user can fix this by rebuilding the index.
    pub fn needs_rebuild(&self) -> bool {
        matches!(
            self,
            Error::NotAnIndex(_) | Error::Version { .. } | Error::Schema { .. }
        )
    }
}

/// The result type of index operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What newsdex keeps in every commit beside the documents: the format version and the
/// folders the index mirrors. It is written atomically with the commit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitMeta {
    /// The index format version ([`FORMAT_VERSION`]).
    pub format: u32,
    /// The files and folders `search index` keeps in sync, as absolute paths.
    #[serde(default)]
    pub roots: Vec<PathBuf>,
    /// Files under the roots that were left out at the last sync (empty, binary, too
    /// large…), with the stamp they had, so an unchanged one is not read again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedFile>,
}

/// A file left out of the index, as [`CommitMeta`] remembers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedFile {
    /// The absolute path.
    pub path: String,
    /// Its size when it was skipped.
    pub size: u64,
    /// Its modification time (ns since the Unix epoch) when it was skipped.
    pub mtime_nanos: i64,
    /// Why it was skipped, in a few words (`binary`, `empty`).
    pub reason: String,
}

impl CommitMeta {
    /// The metadata of a fresh index.
    pub fn new() -> CommitMeta {
        CommitMeta {
            format: FORMAT_VERSION,
            roots: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// Serializes the metadata as a commit payload.
    pub fn to_payload(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A newsdex index: a tantivy index with newsdex's schema and analyzers, on disk or in RAM.
///
/// This is the handle both writing (`newsdex-indexer`) and searching (`newsdex-query`)
/// start from. Cloning is cheap.
#[derive(Clone)]
pub struct NewsIndex {
    index: Index,
    fields: Fields,
    dir: Option<PathBuf>,
}

impl std::fmt::Debug for NewsIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewsIndex").field("dir", &self.dir).finish()
    }
}

impl NewsIndex {
    /// A new, empty index held in memory.
    pub fn create_in_ram() -> NewsIndex {
        let fields = Fields::new();
        let index = Index::create_in_ram(fields.schema.clone());
        register_analyzers(index.tokenizers());
        NewsIndex {
            index,
            fields,
            dir: None,
        }
    }

    /// Creates a new, empty index in `dir`, creating the folder if needed. Fails if the
    /// folder already holds an index.
    pub fn create(dir: &Path) -> Result<NewsIndex> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Create {
            path: dir.to_path_buf(),
            source,
        })?;
        let fields = Fields::new();
        let index = Index::create_in_dir(dir, fields.schema.clone())?;
        register_analyzers(index.tokenizers());
        Ok(NewsIndex {
            index,
            fields,
            dir: Some(dir.to_path_buf()),
        })
    }

    /// Opens the index in `dir`, checking that it is a newsdex index of this format version.
    pub fn open(dir: &Path) -> Result<NewsIndex> {
        if !dir.exists() {
            return Err(Error::Missing(dir.to_path_buf()));
        }
        if !dir.join("meta.json").is_file() {
            return Err(Error::NotAnIndex(dir.to_path_buf()));
        }
        let index = Index::open_in_dir(dir).map_err(|e| match e {
            tantivy::TantivyError::OpenDirectoryError(_)
            | tantivy::TantivyError::OpenReadError(_) => Error::NotAnIndex(dir.to_path_buf()),
            other => Error::Tantivy(other),
        })?;
        let fields = Fields::from_schema(&index.schema()).map_err(|reason| Error::Schema {
            path: dir.to_path_buf(),
            reason,
        })?;
        let news = NewsIndex {
            index,
            fields,
            dir: Some(dir.to_path_buf()),
        };
        let meta = news.commit_meta()?;
        if meta.format != FORMAT_VERSION {
            return Err(Error::Version {
                path: dir.to_path_buf(),
                found: meta.format,
                expected: FORMAT_VERSION,
            });
        }
        register_analyzers(news.index.tokenizers());
        Ok(news)
    }

    /// Opens the index in `dir`, or creates it if the folder has no index yet.
    pub fn open_or_create(dir: &Path) -> Result<NewsIndex> {
        if dir.join("meta.json").is_file() {
            NewsIndex::open(dir)
        } else {
            NewsIndex::create(dir)
        }
    }

    /// The metadata of the last commit. A commit made without newsdex metadata (by a bare
    /// tantivy writer) has fresh metadata; one with metadata newsdex can't read is not a
    /// newsdex index.
    pub fn commit_meta(&self) -> Result<CommitMeta> {
        let metas = self.index.load_metas()?;
        match metas.payload {
            Some(payload) => serde_json::from_str(&payload)
                .map_err(|_| Error::NotAnIndex(self.dir.clone().unwrap_or_default())),
            None => Ok(CommitMeta::new()),
        }
    }

    /// The tantivy index.
    pub fn tantivy(&self) -> &Index {
        &self.index
    }

    /// The field handles.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The folder the index lives in, `None` for an index in RAM.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_then_open() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("idx");
        NewsIndex::create(&dir).unwrap();
        let index = NewsIndex::open(&dir).unwrap();
        assert_eq!(index.commit_meta().unwrap(), CommitMeta::new());
    }

    #[test]
    fn open_reports_missing_and_foreign_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("nope");
        assert!(matches!(NewsIndex::open(&missing), Err(Error::Missing(_))));
        let err = NewsIndex::open(tmp.path()).unwrap_err();
        assert!(matches!(err, Error::NotAnIndex(_)), "{err}");
        assert!(err.needs_rebuild());
    }

    #[test]
    fn open_refuses_another_format_version() {
        let tmp = tempfile::tempdir().unwrap();
        let index = NewsIndex::create(tmp.path()).unwrap();
        let mut writer: tantivy::IndexWriter = index.tantivy().writer(15_000_000).unwrap();
        let mut commit = writer.prepare_commit().unwrap();
        commit.set_payload(r#"{"format":999,"roots":[]}"#);
        commit.commit().unwrap();
        drop(writer);
        let err = NewsIndex::open(tmp.path()).unwrap_err();
        assert!(
            matches!(err, Error::Version { found: 999, .. }),
            "unexpected: {err}"
        );
    }
}
