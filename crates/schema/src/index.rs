use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::Index;

use crate::{register_analyzers, Error, Fields, NotAnIndexReason, Result, FORMAT_VERSION};

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
    /// The problems met reading files under the roots (skip reasons, records left out,
    /// warnings), kept while the files are unchanged so that later syncs still count and
    /// name them without reading the files again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<FileProblems>,
}

/// The problems met reading one file, as [`CommitMeta`] remembers them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileProblems {
    /// The file's absolute path.
    pub path: String,
    /// How many problems of each kind (by the kind's label: `no text`, `bad record`…)
    /// the file had, all of them.
    pub counts: std::collections::BTreeMap<String, usize>,
    /// The first of them (at most [`FileProblems::MAX_NOTED`]), in the order found.
    pub noted: Vec<NotedProblem>,
}

impl FileProblems {
    /// How many problems of a file are remembered one by one; the rest only counted.
    pub const MAX_NOTED: usize = 100;

    /// How many problems the file had.
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }
}

/// One remembered problem of a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotedProblem {
    /// The 1-based line, for a problem with one record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The kind's label (`no text`, `binary`…).
    pub kind: String,
    /// What is wrong, in one line.
    pub message: String,
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
    /// For a file skipped as too large, the size limit then: under another limit, the
    /// file is read again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
}

impl CommitMeta {
    /// The metadata of a fresh index.
    pub fn new() -> CommitMeta {
        CommitMeta {
            format: FORMAT_VERSION,
            roots: Vec::new(),
            skipped: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Serializes the metadata as a commit payload.
    pub fn to_payload(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// How new indexes store documents: zstd in 32 KiB blocks. On Reuters the index is 0.73
/// times the JSON Lines it was built from, against 0.99 with tantivy's default (lz4 in
/// 16 KiB blocks); larger blocks compress a little better but make every hit shown
/// decompress more.
fn index_settings() -> tantivy::IndexSettings {
    use tantivy::store::{Compressor, ZstdCompressor};
    tantivy::IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(3),
        }),
        docstore_blocksize: 32 * 1024,
        ..tantivy::IndexSettings::default()
    }
}

/// What [`NewsIndex::check`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// Segments in the last commit.
    pub segments: usize,
    /// Files the last commit needs.
    pub files: usize,
    /// Articles the last commit holds.
    pub documents: u64,
    /// Files whose content no longer matches their checksum.
    pub damaged: Vec<PathBuf>,
    /// Files the last commit needs that are gone.
    pub missing: Vec<PathBuf>,
}

impl CheckReport {
    /// Whether the index is whole.
    pub fn is_ok(&self) -> bool {
        self.damaged.is_empty() && self.missing.is_empty()
    }
}

impl SkippedFile {
    /// Whether a file's current metadata matches the size and time it was skipped with.
    pub fn matches(&self, metadata: &std::fs::Metadata) -> bool {
        self.size == metadata.len() && self.mtime_nanos == crate::FileStamp::mtime_of(metadata)
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
        let index = Index::builder()
            .schema(fields.schema.clone())
            .settings(index_settings())
            .create_in_ram()
            .unwrap_or_else(|_| Index::create_in_ram(fields.schema.clone()));
        register_analyzers(index.tokenizers());
        NewsIndex {
            index,
            fields,
            dir: None,
        }
    }

    /// Creates a new, empty index in `dir`, creating the folder if needed. Fails if the
    /// folder already holds an index.
    pub fn create(dir: impl AsRef<Path>) -> Result<NewsIndex> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let fields = Fields::new();
        let index = Index::builder()
            .schema(fields.schema.clone())
            .settings(index_settings())
            .create_in_dir(dir)
            .map_err(|e| Error::from_tantivy(e, Some(dir)))?;
        register_analyzers(index.tokenizers());
        Ok(NewsIndex {
            index,
            fields,
            dir: Some(dir.to_path_buf()),
        })
    }

    /// Opens the index in `dir`, checking that it is a newsdex index of this format version.
    pub fn open(dir: impl AsRef<Path>) -> Result<NewsIndex> {
        let dir = dir.as_ref();
        if !dir.exists() {
            return Err(Error::NoIndex {
                path: dir.to_path_buf(),
            });
        }
        if !NewsIndex::exists(dir) {
            return Err(Error::NotAnIndex {
                path: dir.to_path_buf(),
                reason: NotAnIndexReason::NotMarked,
            });
        }
        let index =
            Index::open_in_dir(dir).map_err(|e| match Error::from_tantivy(e, Some(dir)) {
                e
                @ (Error::PermissionDenied { .. } | Error::DiskFull { .. } | Error::Io { .. }) => e,
                _ => Error::NotAnIndex {
                    path: dir.to_path_buf(),
                    reason: NotAnIndexReason::NotMarked,
                },
            })?;
        let fields = Fields::from_schema(&index.schema()).map_err(|reason| Error::OtherSchema {
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
            return Err(Error::OtherFormat {
                path: dir.to_path_buf(),
                found: meta.format,
                expected: FORMAT_VERSION,
            });
        }
        register_analyzers(news.index.tokenizers());
        Ok(news)
    }

    /// Replaces the index in `dir` (of another version, or damaged) with a new, empty one
    /// that remembers the old one's roots where they can be read. Only a folder that holds
    /// an index (a `meta.json`) is cleared; anything else is refused.
    pub fn recreate(dir: impl AsRef<Path>) -> Result<NewsIndex> {
        let dir = dir.as_ref();
        let meta_path = dir.join("meta.json");
        if !NewsIndex::exists(dir) {
            return Err(Error::NotAnIndex {
                path: dir.to_path_buf(),
                reason: NotAnIndexReason::NotMarked,
            });
        }
        let roots = std::fs::read_to_string(&meta_path)
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .and_then(|meta| meta.get("payload")?.as_str().map(str::to_owned))
            .and_then(|payload| serde_json::from_str::<CommitMeta>(&payload).ok())
            .map(|old| old.roots)
            .unwrap_or_default();
        std::fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let index = NewsIndex::create(dir)?;
        if !roots.is_empty() {
            let failed = |e| Error::from_tantivy(e, Some(dir));
            let mut writer: tantivy::IndexWriter =
                index.index.writer(15_000_000).map_err(failed)?;
            let meta = CommitMeta {
                roots,
                ..CommitMeta::new()
            };
            let mut commit = writer.prepare_commit().map_err(failed)?;
            commit.set_payload(&meta.to_payload());
            commit.commit().map_err(failed)?;
            writer.wait_merging_threads().map_err(failed)?;
        }
        Ok(index)
    }

    /// Opens the index in `dir`, or creates it if the folder has no index yet.
    pub fn open_or_create(dir: impl AsRef<Path>) -> Result<NewsIndex> {
        let dir = dir.as_ref();
        if NewsIndex::exists(dir) {
            NewsIndex::open(dir)
        } else {
            NewsIndex::create(dir)
        }
    }

    /// Whether `dir` holds an index (of any format: [`NewsIndex::open`] tells whether this
    /// newsdex can read it). Nothing else in newsdex looks at the files of an index folder
    /// to answer this.
    pub fn exists(dir: impl AsRef<Path>) -> bool {
        dir.as_ref().join("meta.json").is_file()
    }

    /// The metadata of the last commit. A commit made without newsdex metadata (by a bare
    /// tantivy writer) has fresh metadata; one with metadata newsdex can't read is not a
    /// newsdex index.
    pub fn commit_meta(&self) -> Result<CommitMeta> {
        let metas = self.index.load_metas().map_err(|e| self.error(e))?;
        match metas.payload {
            Some(payload) => serde_json::from_str(&payload).map_err(|e| Error::NotAnIndex {
                path: self.dir.clone().unwrap_or_default(),
                reason: NotAnIndexReason::Unreadable(format!(
                    "the metadata of its last commit is not newsdex's ({e})"
                )),
            }),
            None => Ok(CommitMeta::new()),
        }
    }

    /// Verifies the last commit: every file it needs is there and its checksum matches.
    /// Reads every file of the index once.
    pub fn check(&self) -> Result<CheckReport> {
        use tantivy::index::SegmentComponent;
        use tantivy::Directory;
        let metas = self.index.load_metas().map_err(|e| self.error(e))?;
        let mut report = CheckReport::default();
        let components = [
            SegmentComponent::Postings,
            SegmentComponent::Positions,
            SegmentComponent::Terms,
            SegmentComponent::Store,
            SegmentComponent::FastFields,
            SegmentComponent::FieldNorms,
        ];
        for segment in &metas.segments {
            report.segments += 1;
            let mut files: Vec<PathBuf> = components
                .iter()
                .map(|c| segment.relative_path(c.clone()))
                .collect();
            if segment.has_deletes() {
                files.push(segment.relative_path(SegmentComponent::Delete));
            }
            for file in files {
                report.files += 1;
                let directory = self.index.directory();
                if !directory.exists(&file).unwrap_or(false) {
                    report.missing.push(file);
                } else if !directory.validate_checksum(&file).unwrap_or(false) {
                    // A file too short to hold its footer counts as damaged too.
                    report.damaged.push(file);
                }
            }
        }
        report.documents = metas.segments.iter().map(|s| u64::from(s.num_docs())).sum();
        Ok(report)
    }

    /// A tantivy error met on this index, classified ([`Error::from_tantivy`]) with the
    /// index folder named.
    pub fn error(&self, error: tantivy::TantivyError) -> Error {
        Error::from_tantivy(error, self.dir.as_deref())
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
        assert!(matches!(
            NewsIndex::open(&missing),
            Err(Error::NoIndex { .. })
        ));
        let err = NewsIndex::open(tmp.path()).unwrap_err();
        assert!(matches!(err, Error::NotAnIndex { .. }), "{err}");
        assert!(err.needs_rebuild());
    }

    #[test]
    fn check_finds_damaged_and_missing_files() {
        let tmp = tempfile::tempdir().unwrap();
        let index = NewsIndex::create(tmp.path()).unwrap();
        let mut writer: tantivy::IndexWriter = index.tantivy().writer(15_000_000).unwrap();
        let article = crate::Article::new("Kim met Shoigu in Pyongyang.").with_id("a");
        writer
            .add_document(index.fields().to_document(&article))
            .unwrap();
        writer.commit().unwrap();
        drop(writer);
        let clean = index.check().unwrap();
        assert!(clean.is_ok(), "{clean:?}");
        assert_eq!((clean.segments, clean.files, clean.documents), (1, 6, 1));

        let store = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "store"))
            .unwrap();
        let mut bytes = std::fs::read(&store).unwrap();
        bytes[0] ^= 0xff;
        std::fs::write(&store, bytes).unwrap();
        let idx = store.with_extension("idx");
        std::fs::remove_file(&idx).unwrap();
        let report = NewsIndex::open(tmp.path()).unwrap().check().unwrap();
        assert!(!report.is_ok());
        assert_eq!(report.damaged, [PathBuf::from(store.file_name().unwrap())]);
        assert_eq!(report.missing, [PathBuf::from(idx.file_name().unwrap())]);
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
            matches!(err, Error::OtherFormat { found: 999, .. }),
            "unexpected: {err}"
        );
    }
}
