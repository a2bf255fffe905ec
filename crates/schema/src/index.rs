use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::Index;

use crate::directory::{Failures, IndexDirectory};
use crate::folder::{self, Folder, META_FILE};
use crate::verify::{self, Damage};
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
    /// Globs a file under the roots must match one of to be indexed (none: every file).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// Globs of files and folders under the roots that are not indexed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
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
            include: Vec::new(),
            exclude: Vec::new(),
            skipped: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Serializes the metadata as a commit payload, with a checksum of itself (a `sum`
    /// field, last) so that damage to it is found.
    pub fn to_payload(&self) -> String {
        let body = serde_json::to_string(self).unwrap_or_else(|_| "{}".into());
        let open = body.strip_suffix('}').unwrap_or("{");
        let sep = if open.len() > 1 { "," } else { "" };
        format!("{open}{sep}\"sum\":\"{}\"}}", payload_sum(&body))
    }

    /// Reads a commit payload: the metadata, after checking the format version and, for
    /// this version, the checksum. A payload of another version is returned unchecked
    /// (only its `format` is read), for the caller to refuse.
    pub fn from_payload(payload: &str) -> std::result::Result<CommitMeta, String> {
        #[derive(Deserialize)]
        struct Version {
            format: u32,
        }
        let version: Version = serde_json::from_str(payload)
            .map_err(|e| format!("the metadata of the last commit is not newsdex's ({e})"))?;
        if version.format != FORMAT_VERSION {
            return Ok(CommitMeta {
                format: version.format,
                ..CommitMeta::default()
            });
        }
        let (open, sum) = payload
            .rsplit_once(",\"sum\":\"")
            .or_else(|| payload.rsplit_once("\"sum\":\""))
            .ok_or("the metadata of the last commit has no checksum")?;
        let sum = sum
            .strip_suffix("\"}")
            .ok_or("the checksum of the last commit's metadata is not where newsdex puts it")?;
        if payload_sum(&format!("{open}}}")) != sum {
            return Err("the metadata of the last commit does not match its checksum".into());
        }
        serde_json::from_str(payload)
            .map_err(|e| format!("the metadata of the last commit is not newsdex's ({e})"))
    }
}

/// The checksum of a payload's text: 16 hex digits of its BLAKE3 hash.
fn payload_sum(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex()[..16].to_string()
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

/// What [`NewsIndex::check`] and [`NewsIndex::verify`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// Segments in the last commit.
    pub segments: usize,
    /// Files the last commit needs.
    pub files: usize,
    /// Articles the last commit holds.
    pub documents: u64,
    /// Everything found wrong, one entry a problem, each naming its file.
    pub damage: Vec<Damage>,
}

impl CheckReport {
    /// Whether the index is whole.
    pub fn is_ok(&self) -> bool {
        self.damage.is_empty()
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
///
/// An index on disk lives in a folder of its own, which newsdex marks as its own when it
/// creates the index there ([`MARKER_FILE`](crate::MARKER_FILE)). newsdex creates an index
/// only in a new or empty folder, opens only marked folders, and when it replaces an
/// index ([`NewsIndex::recreate`]) deletes only the files newsdex and tantivy write there.
#[derive(Clone)]
pub struct NewsIndex {
    index: Index,
    fields: Fields,
    dir: Option<PathBuf>,
    /// The first failed write of the index's files, where it is on disk.
    failures: Option<Failures>,
}

impl std::fmt::Debug for NewsIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewsIndex").field("dir", &self.dir).finish()
    }
}

/// The error for a folder that newsdex does not treat as an index, by what it is.
fn not_an_index(dir: &Path, folder: &Folder) -> Error {
    let reason = match folder {
        Folder::Unmarked => NotAnIndexReason::UnmarkedIndex,
        _ if dir.is_file() => NotAnIndexReason::NotAFolder,
        _ => NotAnIndexReason::NotMarked,
    };
    Error::NotAnIndex {
        path: dir.to_path_buf(),
        reason,
    }
}

fn damaged(dir: &Path, damage: Damage) -> Error {
    Error::Damaged {
        index: Some(dir.to_path_buf()),
        file: Some(damage.file),
        problem: damage.problem,
    }
}

/// What a folder is, errors (permission denied) named with the folder.
fn folder_of(dir: &Path) -> Result<Folder> {
    Folder::of(dir).map_err(|e| Error::io(dir, e))
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
            failures: None,
        }
    }

    /// Creates a new, empty index in `dir`, creating the folder if needed, and marks the
    /// folder as newsdex's. Fails, touching nothing, if the folder already holds an index
    /// or anything else.
    pub fn create(dir: impl AsRef<Path>) -> Result<NewsIndex> {
        let dir = dir.as_ref();
        match folder_of(dir)? {
            Folder::Missing => std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?,
            Folder::Empty => {}
            // A creation that was cut off before its first commit.
            Folder::Marked {
                meta: false,
                segments: false,
                ..
            } => {}
            Folder::Marked { meta: true, .. } => {
                return Err(Error::IndexExists {
                    path: dir.to_path_buf(),
                })
            }
            Folder::Marked {
                meta: false,
                segments: true,
                ..
            } => return Err(damaged(dir, missing_commit())),
            other @ (Folder::Unmarked | Folder::Foreign) => {
                return Err(match other {
                    Folder::Foreign if dir.is_dir() => Error::NotAnIndex {
                        path: dir.to_path_buf(),
                        reason: NotAnIndexReason::NotEmpty,
                    },
                    other => not_an_index(dir, &other),
                })
            }
        }
        folder::write_marker(dir).map_err(|e| Error::io(dir.join(crate::MARKER_FILE), e))?;
        NewsIndex::create_marked(dir)
    }

    /// Creates the tantivy index in `dir`, a marked folder without a commit.
    fn create_marked(dir: &Path) -> Result<NewsIndex> {
        let failed = |e| Error::from_tantivy(e, Some(dir));
        let directory = IndexDirectory::open(dir).map_err(failed)?;
        let failures = directory.failures();
        let fields = Fields::new();
        let index =
            Index::create(directory, fields.schema.clone(), index_settings()).map_err(failed)?;
        register_analyzers(index.tokenizers());
        Ok(NewsIndex {
            index,
            fields,
            dir: Some(dir.to_path_buf()),
            failures: Some(failures),
        })
    }

    /// Opens the index in `dir`, checking that it is a newsdex index of this format version
    /// and that its last commit agrees with its files (see [`NewsIndex::verify`] for what a
    /// full check adds): a damaged index is an [`Error::Damaged`] naming the file, not
    /// wrong answers.
    pub fn open(dir: impl AsRef<Path>) -> Result<NewsIndex> {
        let dir = dir.as_ref();
        match folder_of(dir)? {
            Folder::Marked { meta: true, .. } => {}
            Folder::Missing
            | Folder::Empty
            | Folder::Marked {
                meta: false,
                segments: false,
                ..
            } => {
                return Err(Error::NoIndex {
                    path: dir.to_path_buf(),
                })
            }
            Folder::Marked {
                meta: false,
                segments: true,
                ..
            } => return Err(damaged(dir, missing_commit())),
            other => return Err(not_an_index(dir, &other)),
        }
        let news = NewsIndex::open_marked(dir)?;
        let verified = {
            let _commit = news.commit_lock();
            let metas = news.index.load_metas().map_err(|e| news.error(e))?;
            verify::segments(&news.index, &metas, Some(dir), false)
        };
        if let Some(damage) = verified.damage.into_iter().next() {
            return Err(damaged(dir, damage));
        }
        Ok(news)
    }

    /// Opens the index in `dir`, a marked folder with a commit, and checks its commit file,
    /// format version, schema and commit metadata; not its segments.
    fn open_marked(dir: &Path) -> Result<NewsIndex> {
        let meta_path = dir.join(META_FILE);
        let text = std::fs::read_to_string(&meta_path).map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => damaged(
                dir,
                Damage {
                    file: META_FILE.into(),
                    problem: "not UTF-8 text".into(),
                },
            ),
            _ => Error::io(&meta_path, e),
        })?;
        // The format first: another version's commit file may be shaped otherwise.
        if let Some(found) = payload_format(&text).filter(|&f| f != FORMAT_VERSION) {
            return Err(Error::OtherFormat {
                path: dir.to_path_buf(),
                found,
                expected: FORMAT_VERSION,
            });
        }
        verify::commit_file(&text).map_err(|damage| damaged(dir, damage))?;
        verify::managed_file(dir).map_err(|damage| damaged(dir, damage))?;
        let failed = |e| match Error::from_tantivy(e, Some(dir)) {
            e @ (Error::PermissionDenied { .. } | Error::DiskFull { .. } | Error::Io { .. }) => e,
            Error::Damaged { problem, .. } => damaged(
                dir,
                Damage {
                    file: META_FILE.into(),
                    problem,
                },
            ),
            e => e,
        };
        let directory = IndexDirectory::open(dir).map_err(failed)?;
        let failures = directory.failures();
        let index = guarded(dir, || Index::open(directory).map_err(failed))?;
        let fields = Fields::from_schema(&index.schema()).map_err(|reason| Error::OtherSchema {
            path: dir.to_path_buf(),
            reason,
        })?;
        let news = NewsIndex {
            index,
            fields,
            dir: Some(dir.to_path_buf()),
            failures: Some(failures),
        };
        news.commit_meta()?;
        register_analyzers(news.index.tokenizers());
        Ok(news)
    }

    /// Replaces the index in `dir` (of another version, or damaged) with a new, empty one
    /// that remembers the old one's roots where they can be read. Only a folder newsdex
    /// marked as its own is cleared, and of it only the files newsdex and tantivy write
    /// there: anything else in it stays. A folder without the marker is refused, touched
    /// in nothing; a missing or empty one gets a new index. Fails with [`Error::Locked`]
    /// while another process writes the index.
    pub fn recreate(dir: impl AsRef<Path>) -> Result<NewsIndex> {
        let dir = dir.as_ref();
        match folder_of(dir)? {
            Folder::Marked { .. } => NewsIndex::replace(dir),
            Folder::Missing | Folder::Empty => NewsIndex::create(dir),
            other => Err(not_an_index(dir, &other)),
        }
    }

    /// Like [`NewsIndex::recreate`], but also replaces an index that an older newsdex left
    /// without the marker, if the folder holds nothing but that index's files. Only for a
    /// folder the caller knows to be newsdex's own, such as the `.newsdex` of a checkout.
    pub fn recreate_unmarked(dir: impl AsRef<Path>) -> Result<NewsIndex> {
        let dir = dir.as_ref();
        match folder_of(dir)? {
            Folder::Unmarked => NewsIndex::replace(dir),
            _ => NewsIndex::recreate(dir),
        }
    }

    /// Clears the index files of `dir` and creates a new index there, under the writer
    /// lock.
    fn replace(dir: &Path) -> Result<NewsIndex> {
        use tantivy::Directory;
        let failed = |e| Error::from_tantivy(e, Some(dir));
        let directory = IndexDirectory::open(dir).map_err(failed)?;
        let lock = directory
            .acquire_lock(&tantivy::directory::INDEX_WRITER_LOCK)
            .map_err(|e| failed(tantivy::TantivyError::LockFailure(e, None)))?;
        let kept = std::fs::read_to_string(dir.join(META_FILE))
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .and_then(|meta| meta.get("payload")?.as_str().map(str::to_owned))
            .and_then(|payload| serde_json::from_str::<CommitMeta>(&payload).ok())
            .map(|old| CommitMeta {
                roots: old.roots,
                include: old.include,
                exclude: old.exclude,
                ..CommitMeta::new()
            })
            .unwrap_or_default();
        folder::remove_index_files(dir).map_err(|e| Error::io(dir, e))?;
        folder::write_marker(dir).map_err(|e| Error::io(dir.join(crate::MARKER_FILE), e))?;
        let index = NewsIndex::create_marked(dir)?;
        drop(lock);
        if !kept.roots.is_empty() {
            let mut writer = index.writer(1, 15_000_000)?;
            let meta = CommitMeta {
                format: FORMAT_VERSION,
                ..kept
            };
            let failed = |e| index.error(e);
            let mut commit = writer.prepare_commit().map_err(failed)?;
            commit.set_payload(&meta.to_payload());
            commit.commit().map_err(failed)?;
            writer.wait_merging_threads().map_err(failed)?;
        }
        Ok(index)
    }

    /// Opens the index in `dir`, or creates it if there is none: a missing or empty folder
    /// (or one whose creation was cut off) gets a new index; anything else that is not an
    /// index is refused, touched in nothing.
    pub fn open_or_create(dir: impl AsRef<Path>) -> Result<NewsIndex> {
        let dir = dir.as_ref();
        if NewsIndex::exists(dir) {
            NewsIndex::open(dir)
        } else {
            NewsIndex::create(dir)
        }
    }

    /// Whether `dir` holds an index, of any format and whole or not ([`NewsIndex::open`]
    /// tells whether this newsdex can read it): a folder newsdex marked that holds index
    /// files, or an index an older newsdex left without the marker. Nothing else in
    /// newsdex looks at the files of an index folder to answer this.
    pub fn exists(dir: impl AsRef<Path>) -> bool {
        matches!(
            Folder::of(dir.as_ref()),
            Ok(Folder::Marked { meta: true, .. }
                | Folder::Marked { segments: true, .. }
                | Folder::Unmarked)
        )
    }

    /// The metadata of the last commit. A commit made without newsdex metadata (by a bare
    /// tantivy writer) has fresh metadata; metadata that does not match its checksum is
    /// damage, and metadata newsdex can't read at all is not a newsdex index.
    pub fn commit_meta(&self) -> Result<CommitMeta> {
        let metas = self.index.load_metas().map_err(|e| self.error(e))?;
        let Some(payload) = metas.payload else {
            return Ok(CommitMeta::new());
        };
        let meta = CommitMeta::from_payload(&payload).map_err(|problem| match &self.dir {
            Some(dir) if payload_format(&payload).is_some() => damaged(
                dir,
                Damage {
                    file: META_FILE.into(),
                    problem,
                },
            ),
            _ => Error::NotAnIndex {
                path: self.dir.clone().unwrap_or_default(),
                reason: NotAnIndexReason::Unreadable(problem),
            },
        })?;
        if meta.format != FORMAT_VERSION {
            return Err(Error::OtherFormat {
                path: self.dir.clone().unwrap_or_default(),
                found: meta.format,
                expected: FORMAT_VERSION,
            });
        }
        Ok(meta)
    }

    /// tantivy's commit lock, which its garbage collection takes before it deletes the
    /// files of older commits: held while a commit is read and its files looked at, so
    /// that a writer in another process committing meanwhile does not delete them
    /// half-way (and make a sound index look damaged). `None` where it can't be had.
    fn commit_lock(&self) -> Option<tantivy::directory::DirectoryLock> {
        use tantivy::Directory;
        self.dir.as_ref()?;
        self.index
            .directory()
            .acquire_lock(&tantivy::directory::META_LOCK)
            .ok()
    }

    /// Verifies the last commit thoroughly: its commit file and metadata, every file it
    /// needs there with its checksum matching its content, each segment's document count
    /// the same in the commit, its field norms, fast fields and store, its deletes as the
    /// commit counts them, and no deletes the commit lost track of. Reads every file of the
    /// index once.
    pub fn check(&self) -> Result<CheckReport> {
        let _commit = self.commit_lock();
        let metas = self.index.load_metas().map_err(|e| self.error(e))?;
        let verified = verify::segments(&self.index, &metas, self.dir.as_deref(), true);
        let mut report = CheckReport {
            segments: metas.segments.len(),
            files: verified.files,
            documents: metas.segments.iter().map(|s| u64::from(s.num_docs())).sum(),
            damage: verified.damage,
        };
        if let Some(dir) = &self.dir {
            if let Ok(Folder::Marked { marker: false, .. }) = Folder::of(dir) {
                report.damage.push(Damage {
                    file: crate::MARKER_FILE.into(),
                    problem: "not newsdex's marker".into(),
                });
            }
            let text = std::fs::read_to_string(dir.join(META_FILE)).unwrap_or_default();
            if let Err(damage) = verify::commit_file(&text) {
                report.damage.insert(0, damage);
            }
            if let Err(damage) = verify::managed_file(dir) {
                report.damage.push(damage);
            }
        }
        if let Err(e) = self.commit_meta() {
            report.damage.insert(
                0,
                Damage {
                    file: META_FILE.into(),
                    problem: e.to_string(),
                },
            );
        }
        Ok(report)
    }

    /// Verifies the index in `dir` as [`NewsIndex::check`] does, without needing to open it
    /// first: damage that keeps it from opening (a commit file gone or garbled) is
    /// reported like the rest. Fails only for a folder that is not an index of this format.
    pub fn verify(dir: impl AsRef<Path>) -> Result<CheckReport> {
        let dir = dir.as_ref();
        let folder = folder_of(dir)?;
        match folder {
            Folder::Marked { meta: true, .. } => {}
            Folder::Marked {
                meta: false,
                segments: true,
                ..
            } => {
                return Ok(CheckReport {
                    damage: vec![missing_commit()],
                    ..CheckReport::default()
                })
            }
            Folder::Missing
            | Folder::Empty
            | Folder::Marked {
                meta: false,
                segments: false,
                ..
            } => {
                return Err(Error::NoIndex {
                    path: dir.to_path_buf(),
                })
            }
            other => return Err(not_an_index(dir, &other)),
        }
        match guarded(dir, || NewsIndex::open_marked(dir)) {
            Ok(index) => guarded(dir, || index.check()),
            Err(Error::Damaged {
                file: Some(file),
                problem,
                ..
            }) => Ok(CheckReport {
                damage: vec![Damage { file, problem }],
                ..CheckReport::default()
            }),
            // A commit of this format whose schema or metadata newsdex can't read was
            // changed after newsdex wrote it.
            Err(Error::OtherSchema { reason, .. }) => Ok(CheckReport {
                damage: vec![Damage {
                    file: META_FILE.into(),
                    problem: format!("its schema is not the one newsdex wrote: {reason}"),
                }],
                ..CheckReport::default()
            }),
            Err(Error::NotAnIndex {
                reason: NotAnIndexReason::Unreadable(problem),
                ..
            }) => Ok(CheckReport {
                damage: vec![Damage {
                    file: META_FILE.into(),
                    problem,
                }],
                ..CheckReport::default()
            }),
            Err(e) => Err(e),
        }
    }

    /// A writer of this index, after clearing away what failed runs left: files no commit
    /// needs (tantivy's own garbage collection, then segment and temporary files it lost
    /// track of). `threads` threads share `memory_budget`; segments are merged one merge
    /// at a time, each bounded in size ([`merges`](crate::merges)), so that what
    /// merging holds in memory does not grow with the index. Fails with tantivy's lock
    /// error when another writer holds the index.
    pub fn writer(
        &self,
        threads: usize,
        memory_budget: usize,
    ) -> Result<tantivy::IndexWriter, tantivy::TantivyError> {
        let threads = threads.max(1);
        let options = tantivy::indexer::IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(memory_budget / threads)
            .num_merge_threads(1)
            .build();
        let writer = self.index.writer_with_options(options)?;
        writer.set_merge_policy(Box::new(crate::merges::BoundedMerges::default()));
        if let Some(dir) = &self.dir {
            // What can't be deleted now is tried again the next time.
            let _ = writer.garbage_collect_files().wait();
            let _ = folder::remove_leftovers(&self.index, dir);
        }
        Ok(writer)
    }

    /// Runs `f`, a reading of this index, turning a panic in it (tantivy panics on some
    /// damaged files) or an internal error (tantivy fails to decode others) into the
    /// damage a full check then finds, or an [`Error::Internal`] if it finds none.
    pub fn guard<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
            Ok(Err(Error::Internal { message })) => Err(self.damage_behind(&message)),
            Ok(result) => result,
            Err(payload) => Err(self.damage_behind(&panic_message(payload.as_ref()))),
        }
    }

    /// What a full check finds after `message` was raised reading the index.
    fn damage_behind(&self, message: &str) -> Error {
        let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.check()));
        match (report, &self.dir) {
            (Ok(Ok(report)), Some(dir)) if !report.is_ok() => damaged(
                dir,
                report
                    .damage
                    .into_iter()
                    .next()
                    .unwrap_or_else(missing_commit),
            ),
            (Err(_), Some(dir)) => Error::Damaged {
                index: Some(dir.clone()),
                file: None,
                problem: format!("reading it failed ({message})"),
            },
            _ => Error::Internal {
                message: message.to_string(),
            },
        }
    }

    /// A tantivy error met on this index, classified ([`Error::from_tantivy`]) with the
    /// index folder named. When writing a file of the index failed first (tantivy's
    /// indexing threads stop on an I/O error, and the writer then only says it was
    /// killed), the error is that failure, with its file: a full disk is
    /// [`Error::DiskFull`] at that path.
    pub fn error(&self, error: tantivy::TantivyError) -> Error {
        let classified = Error::from_tantivy(error, self.dir.as_deref());
        let failure = self.failures.as_ref().and_then(|f| {
            f.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take()
        });
        match (failure, &classified) {
            (
                Some(failure),
                Error::Internal { .. }
                | Error::Io { .. }
                | Error::DiskFull { .. }
                | Error::PermissionDenied { .. },
            ) => Error::io(failure.path.clone(), failure.to_io_error()),
            _ => classified,
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

    /// Writes into the index's writer lock file which process holds it (its pid, its
    /// command line and since when), for [`NewsIndex::writer_holder`] to tell another
    /// process that waits. Call it once the lock is taken; an index in memory has no lock
    /// file, and a lock file that can't be written is left as it is (the holder is then
    /// only "another process").
    pub fn record_writer(&self) {
        if let Some(dir) = &self.dir {
            crate::holder::record(
                &dir.join(tantivy::directory::INDEX_WRITER_LOCK.filepath.as_path()),
            );
        }
    }

    /// Which process holds the writer lock, as the last newsdex writer recorded it
    /// (`pid 4242: search watch, since 16:55:03 UTC`); `None` where nothing readable is
    /// recorded (an index in memory, another program's writer). Ask it only while the lock
    /// is busy: the record of a writer that is gone stays in the file.
    pub fn writer_holder(&self) -> Option<String> {
        let dir = self.dir.as_deref()?;
        crate::holder::read(&dir.join(tantivy::directory::INDEX_WRITER_LOCK.filepath.as_path()))
    }
}

/// The damage of a marked folder with segments but no commit file.
fn missing_commit() -> Damage {
    Damage {
        file: META_FILE.into(),
        problem: "missing: the index's segments are there but not its commit".into(),
    }
}

/// The format version in a commit file's payload, or in a payload, where it can be read.
fn payload_format(text: &str) -> Option<u32> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let payload = match value.get("payload") {
        Some(serde_json::Value::String(p)) => serde_json::from_str(p).ok()?,
        _ => value,
    };
    u32::try_from(payload.get("format")?.as_u64()?).ok()
}

/// Runs `f` for the index in `dir`, a panic in it being damage of the index.
fn guarded<T>(dir: &Path, f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        Err(Error::Damaged {
            index: Some(dir.to_path_buf()),
            file: None,
            problem: format!("reading it failed ({})", panic_message(payload.as_ref())),
        })
    })
}

/// The message a panic was raised with.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into())
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
        // An empty folder holds no index yet; one with other files is not an index.
        let err = NewsIndex::open(tmp.path()).unwrap_err();
        assert!(matches!(err, Error::NoIndex { .. }), "{err}");
        std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
        let err = NewsIndex::open(tmp.path()).unwrap_err();
        assert!(matches!(err, Error::NotAnIndex { .. }), "{err}");
        assert!(!err.needs_rebuild());
        let err = NewsIndex::create(tmp.path()).unwrap_err();
        assert!(
            matches!(
                err,
                Error::NotAnIndex {
                    reason: NotAnIndexReason::NotEmpty,
                    ..
                }
            ),
            "{err}"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
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
        // Opening finds the missing file at once; a full check finds both.
        let err = NewsIndex::open(tmp.path()).unwrap_err();
        assert!(matches!(err, Error::Damaged { .. }), "{err}");
        let report = NewsIndex::verify(tmp.path()).unwrap();
        assert!(!report.is_ok());
        let files: Vec<&Path> = report.damage.iter().map(|d| d.file.as_path()).collect();
        assert_eq!(
            files,
            [
                Path::new(idx.file_name().unwrap()),
                Path::new(store.file_name().unwrap())
            ],
            "{report:?}"
        );
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
