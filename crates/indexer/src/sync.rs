//! Incremental sync of an index with the files and folders it mirrors.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use newsdex_ingest::{
    read_file, read_file_in_batches, walk_with, FileRead, Format, Problem, ProblemKind,
    ReadOptions, SourceFile, WalkOptions,
};
use newsdex_schema::{FileProblems, FileStamp, NewsIndex, NotedProblem, SkippedFile};
use rayon::prelude::*;
use rustc_hash::FxBuildHasher;
use serde::Serialize;

use crate::ids::{left_out, Claim, Claims, Holder};
use crate::stamps::{read_files, Files};
use crate::{Error, IndexedFile, Indexer, Result};

/// Files read in parallel before their articles go to the writer: at most this many…
const BATCH_FILES: usize = 256;
/// …and at most this many bytes of them (a larger file is a batch of its own), which
/// bounds the memory a sync holds beside the writer's. JSON Lines files stream and don't
/// count.
const BATCH_BYTES: u64 = 64 << 20;

/// What a sync does: the paths it adds to the ones the index remembers, those it forgets,
/// how it reads files. A builder whose setters take and return it.
///
/// ```
/// use newsdex_indexer::SyncOptions;
///
/// let options = SyncOptions::new().paths(["news/", "wires.jsonl"]).rebuild(true);
/// assert_eq!(options.added().len(), 2);
/// ```
#[must_use = "a builder does nothing until it is used"]
#[derive(Clone, Debug, Default)]
pub struct SyncOptions {
    read: ReadOptions,
    walk: Option<WalkOptions>,
    rebuild: bool,
    add: Vec<PathBuf>,
    forget: Vec<PathBuf>,
}

impl SyncOptions {
    /// Default options: sync the folders the index remembers; keep what is unchanged, read
    /// what is new or changed.
    pub fn new() -> SyncOptions {
        SyncOptions::default()
    }

    /// Files and folders to index beside the ones the index remembers; they are
    /// remembered from then on.
    pub fn paths<P: AsRef<Path>>(mut self, paths: impl IntoIterator<Item = P>) -> SyncOptions {
        self.add
            .extend(paths.into_iter().map(|p| p.as_ref().to_path_buf()));
        self
    }

    /// The paths given to [`SyncOptions::paths`].
    pub fn added(&self) -> &[PathBuf] {
        &self.add
    }

    /// Fails with [`Error::PathNotFound`] for the first path given to
    /// [`SyncOptions::paths`] that does not exist (a dangling symlink included). A sync
    /// checks this before it changes anything, so a mistyped path is never remembered;
    /// a remembered folder that is gone is only reported, its articles removed.
    ///
    /// ```
    /// use newsdex_indexer::{Error, SyncOptions};
    ///
    /// let err = SyncOptions::new().paths(["no/such/folder"]).check_paths().unwrap_err();
    /// assert!(matches!(err, Error::PathNotFound { .. }));
    /// assert!(SyncOptions::new().paths(["."]).check_paths().is_ok());
    /// ```
    pub fn check_paths(&self) -> Result<()> {
        match self.add.iter().find(|p| !p.exists()) {
            Some(path) => Err(Error::PathNotFound { path: path.clone() }),
            None => Ok(()),
        }
    }

    /// Which files under the roots are indexed: these globs replace the ones the index
    /// remembers, for this sync and the later ones (see [`WalkOptions`]); files they now
    /// leave out are removed from the index, files they now let in are added. Without
    /// this, a sync keeps the remembered globs.
    ///
    /// ```
    /// use newsdex_indexer::{Indexer, NewsIndex, SyncOptions, WalkOptions};
    ///
    /// # fn main() -> newsdex_indexer::Result<()> {
    /// let news = tempfile::tempdir()?;
    /// std::fs::write(news.path().join("kim.txt"), "Kim meets Shoigu\n\nIn Pyongyang.")?;
    /// std::fs::write(news.path().join("draft.txt"), "Draft\n\nNot yet.")?;
    /// let index = NewsIndex::create_in_ram();
    /// let mut indexer = Indexer::new(&index)?;
    /// let only_kim = WalkOptions::new().exclude("draft*");
    /// let report = indexer.sync(&SyncOptions::new().paths([news.path()]).walk_options(only_kim))?;
    /// assert_eq!(report.added, 1);
    /// // Later syncs keep the globs: the draft stays out.
    /// assert_eq!(indexer.sync(&SyncOptions::new())?.added, 0);
    /// // Other globs re-sync: the draft comes in.
    /// let all = SyncOptions::new().walk_options(WalkOptions::new());
    /// assert_eq!(indexer.sync(&all)?.added, 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn walk_options(mut self, walk: WalkOptions) -> SyncOptions {
        self.walk = Some(walk);
        self
    }

    /// The globs given to [`SyncOptions::walk_options`], if any.
    pub fn walk(&self) -> Option<&WalkOptions> {
        self.walk.as_ref()
    }

    /// How files are read.
    pub fn read_options(mut self, read: ReadOptions) -> SyncOptions {
        self.read = read;
        self
    }

    /// Deletes every article and reads every file again.
    pub fn rebuild(mut self, yes: bool) -> SyncOptions {
        self.rebuild = yes;
        self
    }

    /// The roots to stop mirroring.
    pub fn forgotten(&self) -> &[PathBuf] {
        &self.forget
    }

    /// Stops mirroring these roots: their articles are removed.
    pub fn forget<P: AsRef<Path>>(mut self, roots: impl IntoIterator<Item = P>) -> SyncOptions {
        self.forget
            .extend(roots.into_iter().map(|p| p.as_ref().to_path_buf()));
        self
    }

    /// The options of the syncs that follow a first one: the same reading, no path to add
    /// or forget, no rebuild.
    pub(crate) fn again(&self) -> SyncOptions {
        SyncOptions {
            read: self.read.clone(),
            ..SyncOptions::default()
        }
    }
}

/// How far a sync has got, passed to the progress callback after each batch of files and,
/// within a JSON Lines file, after each batch of its records.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Progress {
    /// Files whose turn has come (read, or found unchanged).
    pub files_done: usize,
    /// Files under the roots.
    pub files_total: usize,
    /// Bytes of the files to read (new or changed) read so far, those of the file being
    /// read included.
    pub bytes_read: u64,
    /// Bytes of all the files to read (new or changed).
    pub bytes_total: u64,
    /// Articles read so far, those of the file being read included.
    pub articles: u64,
}

/// What a sync did.
///
/// Serialized (as `search index --json` prints it) with `problems` and
/// `earlier_problems` as one line each (`path:line: message`), `elapsed` in seconds, and
/// without `changes`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SyncReport {
    /// New files indexed.
    pub added: usize,
    /// Files whose content changed and were indexed again.
    pub updated: usize,
    /// Files gone (or now skipped) whose articles were removed.
    pub removed: usize,
    /// Files left as they were.
    pub unchanged: usize,
    /// Articles written in this run.
    pub documents_indexed: u64,
    /// Articles in the index after the commit.
    pub documents: u64,
    /// Bytes read from disk.
    pub bytes_read: u64,
    /// Files left out, by reason (`binary`, `empty`, `too large`, `not a regular file`,
    /// `unsupported`, …), those not read again because they are unchanged included; in
    /// the order of the reasons' names.
    pub skipped: Vec<SkipCount>,
    /// Records of indexed files left out, by reason (`bad record`, `no text`), those of
    /// files not read again because they are unchanged included; in the order of the
    /// reasons' names.
    pub records_skipped: Vec<SkipCount>,
    /// Every problem met in this run, in the order files were handled: paths that are not
    /// files newsdex reads, skipped files, records left out, warnings.
    #[serde(serialize_with = "lines")]
    pub problems: Vec<Problem>,
    /// The problems of files not read again because they are unchanged, as they were
    /// found when the files were read (at most [`FileProblems::MAX_NOTED`] a file).
    #[serde(serialize_with = "lines")]
    pub earlier_problems: Vec<Problem>,
    /// How many more problems those files had beyond the ones listed.
    pub earlier_unlisted: usize,
    /// Each file added, updated, removed or skipped, in the order handled (unchanged
    /// files are only counted).
    #[serde(skip)]
    pub changes: Vec<FileChange>,
    /// Wall time of the whole sync, commit included (and, in the report of
    /// [`open`](fn@crate::open) and of `search index`, the merges waited for after it).
    #[serde(serialize_with = "seconds")]
    pub elapsed: Duration,
}

/// How many files (or records) a sync left out for one reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkipCount {
    /// The reason, in a few words (`binary`, `empty`, `too large`, `no text`, …).
    pub reason: String,
    /// How many were left out for it.
    pub count: usize,
}

/// Adds `n` to the count of `reason` in `counts`, kept in the order of the reasons.
fn add_count(counts: &mut Vec<SkipCount>, reason: &str, n: usize) {
    match counts.binary_search_by(|c| c.reason.as_str().cmp(reason)) {
        Ok(i) => counts[i].count += n,
        Err(i) => counts.insert(
            i,
            SkipCount {
                reason: reason.to_string(),
                count: n,
            },
        ),
    }
}

/// What a sync did to one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileChange {
    /// The file's absolute path.
    pub path: String,
    /// What happened.
    pub change: Change,
    /// Articles written from it.
    pub documents: u64,
}

/// What happened to a file in a sync.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// New: its articles were added.
    Added,
    /// Changed: its articles were replaced.
    Updated,
    /// Gone, or now skipped: its articles were removed.
    Removed,
    /// Left out, with the reason (`binary`, `empty`, …).
    Skipped(String),
}

fn seconds<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

fn lines<S: serde::Serializer>(problems: &[Problem], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(problems.iter().map(ToString::to_string))
}

impl SyncReport {
    fn record(&mut self, path: &str, change: Change, documents: u64) {
        match &change {
            Change::Added => self.added += 1,
            Change::Updated => self.updated += 1,
            Change::Removed => self.removed += 1,
            Change::Skipped(reason) => add_count(&mut self.skipped, reason, 1),
        }
        self.changes.push(FileChange {
            path: path.to_string(),
            change,
            documents,
        });
    }

    /// Files left out, all reasons together.
    pub fn skipped_files(&self) -> usize {
        self.skipped.iter().map(|s| s.count).sum()
    }

    /// Files left out for `reason`.
    pub fn skipped_for(&self, reason: &str) -> usize {
        self.skipped
            .iter()
            .find(|s| s.reason == reason)
            .map_or(0, |s| s.count)
    }

    /// Records left out, all reasons together.
    pub fn skipped_records(&self) -> usize {
        self.records_skipped.iter().map(|s| s.count).sum()
    }

    /// Every problem, of this run and of the files not read again.
    pub fn problem_count(&self) -> usize {
        self.problems.len() + self.earlier_problems.len() + self.earlier_unlisted
    }

    /// Counts the records a problem left out.
    fn count_record(&mut self, kind: ProblemKind, n: usize) {
        if kind.skips_record() && n > 0 {
            add_count(&mut self.records_skipped, kind.label(), n);
        }
    }

    /// Whether the run changed anything in the index.
    pub fn changed(&self) -> bool {
        self.added + self.updated + self.removed > 0
    }
}

/// `files` cut into the batches a sync reads: at most [`BATCH_FILES`] files and
/// [`BATCH_BYTES`] bytes of files read whole in each.
fn batches(files: &[(SourceFile, u64)]) -> Vec<&[(SourceFile, u64)]> {
    let mut batches = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, (file, size)) in files.iter().enumerate() {
        let size = if file.format == Format::JsonLines {
            0
        } else {
            *size
        };
        if i > start && (i - start == BATCH_FILES || bytes + size > BATCH_BYTES) {
            batches.push(&files[start..i]);
            (start, bytes) = (i, 0);
        }
        bytes += size;
    }
    if start < files.len() {
        batches.push(&files[start..]);
    }
    batches
}

/// The roots after adding `paths` and dropping `forget`, each normalised (see
/// [`normalize`]), in order, once.
pub(crate) fn merge_roots(
    remembered: &[PathBuf],
    paths: &[PathBuf],
    forget: &[PathBuf],
) -> Vec<PathBuf> {
    let forget: HashSet<PathBuf> = forget.iter().map(|p| normalize(p)).collect();
    let mut seen = HashSet::new();
    remembered
        .iter()
        .chain(paths)
        .map(|p| normalize(p))
        .filter(|p| !forget.contains(p) && seen.insert(p.clone()))
        .collect()
}

/// The one spelling of a path that newsdex remembers and compares: absolute, with `.`
/// and `..` resolved and symbolic links followed, so that `news`, `./news`,
/// `../p/news` and a link to it are one folder. Of a path that doesn't exist, the part
/// that does is resolved and the rest is resolved as written.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let Ok(real) = std::fs::canonicalize(&absolute) {
        return real;
    }
    // Resolve `.` and `..` as written, then the longest part that exists.
    let mut lexical = PathBuf::new();
    for component in absolute.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                lexical.pop();
            }
            other => lexical.push(other),
        }
    }
    let mut missing = Vec::new();
    let mut existing = lexical.as_path();
    while let Some(parent) = existing.parent() {
        if let Ok(real) = std::fs::canonicalize(existing) {
            let mut resolved = real;
            resolved.extend(missing.iter().rev());
            return resolved;
        }
        if let Some(name) = existing.file_name() {
            missing.push(name.to_os_string());
        }
        existing = parent;
    }
    lexical
}

impl Indexer {
    /// Brings the index in line with its roots plus [`SyncOptions::paths`]: reads new
    /// files, reads again the files whose size or modification time moved (and re-indexes
    /// them if their content hash changed), removes the articles of files that are gone,
    /// skips the rest after one `stat` each. Then commits once, remembering the roots for
    /// the next sync.
    ///
    /// ```
    /// use newsdex_indexer::{Indexer, NewsIndex, SyncOptions};
    ///
    /// # fn main() -> newsdex_indexer::Result<()> {
    /// let news = tempfile::tempdir()?;
    /// std::fs::write(news.path().join("kim.txt"), "Kim meets Shoigu\n\nIn Pyongyang.")?;
    /// let index = NewsIndex::create_in_ram();
    /// let mut indexer = Indexer::new(&index)?;
    /// let report = indexer.sync(&SyncOptions::new().paths([news.path()]))?;
    /// assert_eq!((report.added, report.documents), (1, 1));
    /// // Later syncs need no path: the index remembers its folders.
    /// assert_eq!(indexer.sync(&SyncOptions::new())?.unchanged, 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn sync(&mut self, options: &SyncOptions) -> Result<SyncReport> {
        self.sync_with_progress(options, &mut |_| {})
    }

    /// [`Indexer::sync`], calling `progress` after each batch of files.
    pub fn sync_with_progress(
        &mut self,
        options: &SyncOptions,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<SyncReport> {
        let start = Instant::now();
        options.check_paths()?;
        if let Some(walk) = &options.walk {
            walk.check()?;
        }
        let walk_options = options.walk.clone().unwrap_or_else(|| self.walk_options());
        let roots = merge_roots(self.roots(), &options.add, &options.forget);
        if roots.is_empty() && options.forget.is_empty() {
            return Err(Error::NoFolders);
        }
        let mut report = SyncReport::default();
        // The last commit, to tell which file's article has an id.
        let committed = if options.rebuild {
            None
        } else {
            let reader: tantivy::IndexReader = self
                .index
                .tantivy()
                .reader_builder()
                .reload_policy(tantivy::ReloadPolicy::Manual)
                .try_into()
                .map_err(|e| self.index.error(e))?;
            Some(reader.searcher())
        };
        let (indexed, remembered_skips, remembered_problems) = if options.rebuild {
            self.delete_all()?;
            (Files::default(), HashMap::new(), Vec::new())
        } else {
            let meta = self.index.commit_meta()?;
            (
                read_files(&self.index, true)?,
                skips_by_path(meta.skipped),
                meta.problems,
            )
        };

        let (files, walk_problems) = walk_with(&roots, &walk_options);
        for problem in &walk_problems {
            if problem.kind.skips_file() {
                let path = problem.path.to_string_lossy();
                report.record(&path, Change::Skipped(problem.kind.label().to_string()), 0);
            }
        }
        report.problems.extend(walk_problems);
        let Compared {
            seen,
            mut unchanged,
            mut still_skipped,
            to_read,
        } = compare(
            &files,
            &indexed,
            &remembered_skips,
            Some(options.read.file_size_limit()),
        );
        let gone: Vec<&String> = indexed
            .keys()
            .filter(|path| !seen.contains(path.as_str()))
            .collect();
        let mut to_read: Vec<(SourceFile, u64)> = to_read
            .into_iter()
            .map(|(file, size)| (file.clone(), size))
            .collect();
        // A file that had records left out for their ids is read again whenever another
        // file changed or went: the article that had the id may be gone.
        if !to_read.is_empty() || !gone.is_empty() {
            let lost: HashSet<&str> = remembered_problems
                .iter()
                .filter(|known| {
                    known
                        .counts
                        .get(ProblemKind::DuplicateId.label())
                        .is_some_and(|n| *n > 0)
                })
                .map(|known| known.path.as_str())
                .collect();
            let reading: HashSet<String> = to_read
                .iter()
                .map(|(file, _)| file.path.to_string_lossy().into_owned())
                .collect();
            let mut again = HashSet::new();
            for file in &files {
                let path = file.path.to_string_lossy();
                if lost.contains(path.as_ref())
                    && !reading.contains(path.as_ref())
                    && again.insert(path.clone().into_owned())
                {
                    let size = std::fs::metadata(&file.path).map_or(0, |m| m.len());
                    if let Some(at) = still_skipped.iter().position(|s| s.path == path) {
                        still_skipped.remove(at);
                    } else {
                        unchanged = unchanged.saturating_sub(1);
                    }
                    to_read.push((file.clone(), size));
                }
            }
            if !again.is_empty() {
                let place: HashMap<String, usize> = files
                    .iter()
                    .enumerate()
                    .rev()
                    .map(|(i, f)| (f.path.to_string_lossy().into_owned(), i))
                    .collect();
                to_read.sort_by_key(|(file, _)| {
                    place.get(file.path.to_string_lossy().as_ref()).copied()
                });
            }
        }
        let mut claims = Claims::new(
            committed,
            self.index.fields(),
            files.iter().map(|f| f.path.to_string_lossy().into_owned()),
            self.index.dir(),
        );
        for path in &gone {
            claims.replace(path);
        }
        report.unchanged += unchanged;
        let mut skipped = Vec::new();
        for skip in still_skipped {
            report.record(&skip.path, Change::Skipped(skip.reason.clone()), 0);
            skipped.push(skip.clone());
        }
        // The problems of the files not read again, carried to the next commit.
        let mut noted = Vec::new();
        {
            let reread: HashSet<Cow<'_, str>> = to_read
                .iter()
                .map(|(file, _)| file.path.to_string_lossy())
                .collect();
            for known in remembered_problems {
                let path = Cow::Borrowed(known.path.as_str());
                if seen.contains(&path) && !reread.contains(&path) {
                    report.carry(&known);
                    noted.push(known);
                }
            }
        }

        let total = seen.len();
        let mut at = Progress {
            files_done: total - to_read.len(),
            files_total: total,
            bytes_read: 0,
            bytes_total: to_read.iter().map(|(_, size)| size).sum(),
            articles: 0,
        };
        progress(&at);
        for batch in batches(&to_read) {
            // JSON Lines files stream into the writer, one at a time; the rest are read
            // in parallel, then written.
            let (streamed, whole): (Vec<&Sized>, Vec<&Sized>) = batch
                .iter()
                .partition(|(f, _)| f.format == Format::JsonLines);
            let reads: Vec<FileRead> = whole
                .par_iter()
                .map(|(file, _)| read_file(file, &options.read))
                .collect();
            for ((file, size), read) in whole.iter().zip(reads) {
                let path = file.path.to_string_lossy().into_owned();
                at.articles += read.articles.len() as u64;
                at.bytes_read += size;
                at.files_done += 1;
                self.apply(
                    &path,
                    indexed.get(&path),
                    read,
                    options,
                    &mut claims,
                    &mut report,
                    &mut skipped,
                    &mut noted,
                )?;
            }
            if !whole.is_empty() {
                progress(&at);
            }
            for (file, size) in streamed {
                let path = file.path.to_string_lossy();
                let written = self.stream(
                    file,
                    indexed.get(path.as_ref()),
                    options,
                    &mut claims,
                    &mut report,
                    &mut skipped,
                    &mut noted,
                    &mut |batch| {
                        progress(&Progress {
                            bytes_read: at.bytes_read + batch.bytes_read.min(*size),
                            articles: at.articles + batch.articles,
                            ..at
                        })
                    },
                )?;
                at.articles += written;
                at.bytes_read += size;
                at.files_done += 1;
                progress(&at);
            }
        }

        for path in gone {
            self.delete_path(path);
            report.record(path, Change::Removed, 0);
        }
        // What files not read again lost to a file before them.
        let mut lost: BTreeMap<String, Vec<Problem>> = BTreeMap::new();
        for (path, id, holder) in claims.take_lost() {
            let holder = Holder {
                path: holder,
                line: None,
            };
            lost.entry(path.clone())
                .or_default()
                .push(left_out(&path, None, &id, &holder));
        }
        for (path, problems) in lost {
            for problem in &problems {
                report.count_record(problem.kind, 1);
            }
            match noted.iter_mut().find(|known| known.path == path) {
                Some(known) => {
                    for problem in &problems {
                        *known
                            .counts
                            .entry(problem.kind.label().to_string())
                            .or_default() += 1;
                        if known.noted.len() < FileProblems::MAX_NOTED {
                            known.noted.push(NotedProblem {
                                line: problem.line,
                                kind: problem.kind.label().to_string(),
                                message: problem.message.clone(),
                            });
                        }
                    }
                }
                None => noted.push(note(&path, &problems)),
            }
            report.problems.extend(problems);
        }

        if self.meta.skipped != skipped {
            self.meta.skipped = skipped;
            self.dirty = true;
        }
        if self.meta.problems != noted {
            self.meta.problems = noted;
            self.dirty = true;
        }
        self.set_roots(roots);
        self.set_walk_options(&walk_options);
        self.commit()?;
        let reader = self
            .index
            .tantivy()
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| self.index.error(e))?;
        report.documents = reader.searcher().num_docs();
        report.elapsed = start.elapsed();
        Ok(report)
    }

    /// Writes what was read from one file, replacing what the index held from it.
    #[allow(clippy::too_many_arguments)]
    fn apply(
        &mut self,
        path: &str,
        known: Option<&IndexedFile>,
        mut read: FileRead,
        options: &SyncOptions,
        claims: &mut Claims,
        report: &mut SyncReport,
        skipped: &mut Vec<SkippedFile>,
        noted: &mut Vec<FileProblems>,
    ) -> Result<()> {
        let stamp = read.articles.first().and_then(|a| a.stamp.clone());
        if known.is_some() {
            self.delete_path(path);
        }
        claims.replace(path);
        let mut written = 0u64;
        let mut left = Vec::new();
        for article in &read.articles {
            if self.write_claimed(article, path, claims, &mut left)? {
                written += 1;
            }
        }
        read.articles.clear();
        no_article_left(&mut read, path, written, left);
        self.account(
            path, known, stamp, written, read, options, report, skipped, noted,
        );
        Ok(())
    }

    /// Like [`Indexer::apply`] for a JSON Lines file, whose articles reach the writer in
    /// batches while the rest of the file is parsed.
    #[allow(clippy::too_many_arguments)]
    fn stream(
        &mut self,
        file: &SourceFile,
        known: Option<&IndexedFile>,
        options: &SyncOptions,
        claims: &mut Claims,
        report: &mut SyncReport,
        skipped: &mut Vec<SkippedFile>,
        noted: &mut Vec<FileProblems>,
        progress: &mut dyn FnMut(&StreamProgress),
    ) -> Result<u64> {
        let path = file.path.to_string_lossy().into_owned();
        if known.is_some() {
            self.delete_path(&path);
        }
        claims.replace(&path);
        let mut written = 0u64;
        let mut failed = None;
        let mut left = Vec::new();
        let (mut read, stamp) = read_file_in_batches(file, &options.read, &mut |batch| {
            if failed.is_some() {
                return;
            }
            for article in &batch.articles {
                match self.write_claimed(article, &path, claims, &mut left) {
                    Ok(true) => written += 1,
                    Ok(false) => {}
                    Err(e) => {
                        failed = Some(e);
                        return;
                    }
                }
            }
            progress(&StreamProgress {
                bytes_read: batch.bytes_read,
                articles: written,
            });
        });
        if let Some(e) = failed {
            return Err(e);
        }
        no_article_left(&mut read, &path, written, left);
        self.account(
            &path, known, stamp, written, read, options, report, skipped, noted,
        );
        Ok(written)
    }

    /// Counts what happened to one file whose old articles were deleted and new ones
    /// (`written` of them) added.
    #[allow(clippy::too_many_arguments)]
    fn account(
        &mut self,
        path: &str,
        known: Option<&IndexedFile>,
        stamp: Option<FileStamp>,
        written: u64,
        mut read: FileRead,
        options: &SyncOptions,
        report: &mut SyncReport,
        skipped: &mut Vec<SkippedFile>,
        noted: &mut Vec<FileProblems>,
    ) {
        // A file that gave no article is not in the index, whatever was read.
        let stamp = stamp.filter(|_| written > 0);
        if let Some(stamp) = &stamp {
            report.bytes_read += stamp.size;
        }
        if let Some(reason) = read.skip_reason() {
            report.record(path, Change::Skipped(reason.kind.label().to_string()), 0);
            if let Ok(metadata) = std::fs::metadata(path) {
                skipped.push(SkippedFile {
                    path: path.to_string(),
                    size: metadata.len(),
                    mtime_nanos: FileStamp::mtime_of(&metadata),
                    reason: reason.kind.label().to_string(),
                    limit: (reason.kind == ProblemKind::TooLarge)
                        .then(|| options.read.file_size_limit()),
                });
            }
        }
        if !read.problems.is_empty() {
            noted.push(note(path, &read.problems));
        }
        for problem in &read.problems {
            report.count_record(problem.kind, 1);
        }
        report.problems.append(&mut read.problems);
        report.documents_indexed += written;
        match (known, stamp) {
            (Some(_), None) => report.record(path, Change::Removed, 0),
            (None, None) => {}
            // Touched, not changed: written again only to refresh the stamp.
            (Some(known), Some(stamp)) if known.stamp.hash == stamp.hash => report.unchanged += 1,
            (Some(_), Some(_)) => report.record(path, Change::Updated, written),
            (None, Some(_)) => report.record(path, Change::Added, written),
        }
    }
}

impl Indexer {
    /// Writes `article` of the file `path` if no other article has its id; else adds the
    /// warning to `left`. Whether it was written.
    fn write_claimed(
        &mut self,
        article: &newsdex_schema::Article,
        path: &str,
        claims: &mut Claims,
        left: &mut Vec<Problem>,
    ) -> Result<bool> {
        if article.id.is_empty() {
            self.write(article)?;
            return Ok(true);
        }
        let index = self.index.clone();
        let claim = index.guard(|| {
            claims
                .claim(&article.id, path, article.line)
                .map_err(|e| index.error(e))
        })?;
        match claim {
            Claim::Free => {}
            Claim::Taken => self.delete_id(&article.id),
            Claim::Held(holder) => {
                left.push(left_out(path, article.line, &article.id, &holder));
                return Ok(false);
            }
        }
        self.write(article)?;
        Ok(true)
    }
}

/// Adds to `read` the records of `path` left out for their ids, and, when no article of
/// the file was written for that reason only, the reason it is skipped.
fn no_article_left(read: &mut FileRead, path: &str, written: u64, left: Vec<Problem>) {
    if left.is_empty() {
        return;
    }
    let n = left.len();
    read.problems.extend(left);
    if written == 0 && read.skip_reason().is_none() {
        let message = if n == 1 {
            "skipped: its one record has an id another article has".to_string()
        } else {
            format!("skipped: each of its {n} records has an id another article has")
        };
        read.problems.push(Problem {
            path: path.into(),
            line: None,
            kind: ProblemKind::Empty,
            message,
        });
    }
}

/// Whether the files under the roots of `index` differ from what it holds: a file new,
/// gone, or with another size or modification time. The comparison a sync starts with:
/// a walk and one `stat` a file (on every core when there are many); reads no file.
pub fn is_stale(index: &NewsIndex) -> Result<bool> {
    let meta = index.commit_meta()?;
    if meta.roots.is_empty() {
        return Ok(false);
    }
    let indexed = read_files(index, false)?;
    let walk_options = crate::walk_options_of(&meta);
    let skips = skips_by_path(meta.skipped);
    let (files, _) = walk_with(&meta.roots, &walk_options);
    let compared = compare(&files, &indexed, &skips, None);
    Ok(!compared.to_read.is_empty() || compared.unchanged != indexed.len())
}

/// The files a walk found, each once, set against what the index holds.
struct Compared<'a> {
    /// The path of every file found.
    seen: HashSet<Cow<'a, str>, FxBuildHasher>,
    /// How many of them are indexed with the size and modification time they have now.
    unchanged: usize,
    /// Those skipped at the last sync and not changed since, in walk order.
    still_skipped: Vec<&'a SkippedFile>,
    /// The others (new, changed, or whose metadata can't be had), with their size, in
    /// walk order.
    to_read: Vec<(&'a SourceFile, u64)>,
}

/// What one file is against what the index holds.
enum State<'a> {
    /// Indexed, with the size and modification time it has now.
    Unchanged,
    /// Skipped at the last sync, with the size and modification time it has now.
    StillSkipped(&'a SkippedFile),
    /// To be read; its size (0 if its metadata can't be had).
    ToRead(u64),
}

/// Sets `files` against the files the index holds (`indexed`) and those the last sync
/// skipped (`skips`), with one `stat` a file, on every core when there are many. Roots
/// that overlap yield a file twice; it counts once.
fn compare<'a>(
    files: &'a [SourceFile],
    indexed: &Files,
    skips: &'a HashMap<String, SkippedFile>,
    limit: Option<u64>,
) -> Compared<'a> {
    // A file skipped as too large is read again under another limit.
    let still = |skip: &SkippedFile| {
        limit.is_none() || skip.reason != ProblemKind::TooLarge.label() || skip.limit == limit
    };
    let state = |file: &'a SourceFile| {
        let path = file.path.to_string_lossy();
        let metadata = std::fs::metadata(&file.path).ok();
        let size = metadata.as_ref().map_or(0, std::fs::Metadata::len);
        let state = match (
            &metadata,
            indexed.get(path.as_ref()),
            skips.get(path.as_ref()),
        ) {
            (Some(m), Some(known), _) if known.stamp.matches(m) => State::Unchanged,
            (Some(m), None, Some(skip)) if skip.matches(m) && still(skip) => {
                State::StillSkipped(skip)
            }
            _ => State::ToRead(size),
        };
        (path, state)
    };
    let states: Vec<(Cow<'a, str>, State<'a>)> = if files.len() < PARALLEL_STATS {
        files.iter().map(state).collect()
    } else {
        files.par_iter().map(state).collect()
    };
    let mut compared = Compared {
        seen: HashSet::with_capacity_and_hasher(files.len(), FxBuildHasher),
        unchanged: 0,
        still_skipped: Vec::new(),
        to_read: Vec::new(),
    };
    for (file, (path, state)) in files.iter().zip(states) {
        if !compared.seen.insert(path) {
            continue;
        }
        match state {
            State::Unchanged => compared.unchanged += 1,
            State::StillSkipped(skip) => compared.still_skipped.push(skip),
            State::ToRead(size) => compared.to_read.push((file, size)),
        }
    }
    compared
}

/// A file's problems as the commit remembers them: the reason it was skipped first, then
/// the others in the order found, at most [`FileProblems::MAX_NOTED`] of them listed.
fn note(path: &str, problems: &[Problem]) -> FileProblems {
    let mut noted = FileProblems {
        path: path.to_string(),
        ..FileProblems::default()
    };
    let (skips, others): (Vec<&Problem>, Vec<&Problem>) =
        problems.iter().partition(|p| p.kind.skips_file());
    for problem in skips.into_iter().chain(others) {
        *noted
            .counts
            .entry(problem.kind.label().to_string())
            .or_default() += 1;
        if noted.noted.len() < FileProblems::MAX_NOTED {
            noted.noted.push(NotedProblem {
                line: problem.line,
                kind: problem.kind.label().to_string(),
                message: problem.message.clone(),
            });
        }
    }
    noted
}

impl SyncReport {
    /// Counts and lists the remembered problems of a file not read again.
    fn carry(&mut self, known: &FileProblems) {
        for (label, n) in &known.counts {
            if let Some(kind) = ProblemKind::from_label(label) {
                self.count_record(kind, *n);
            }
        }
        for noted in &known.noted {
            let Some(kind) = ProblemKind::from_label(&noted.kind) else {
                continue;
            };
            self.earlier_problems.push(Problem {
                path: PathBuf::from(&known.path),
                line: noted.line,
                kind,
                message: noted.message.clone(),
            });
        }
        self.earlier_unlisted += known.total().saturating_sub(known.noted.len());
    }
}

/// The files the last sync skipped, by path.
fn skips_by_path(skipped: Vec<SkippedFile>) -> HashMap<String, SkippedFile> {
    skipped.into_iter().map(|s| (s.path.clone(), s)).collect()
}

/// Whether another writer holds `index` now: a [`Indexer::watch`] keeping it in sync, or a
/// sync under way. Tells by taking the writer's lock without waiting and letting it go at
/// once; an index whose lock can't be taken for another reason (a read-only folder) is
/// not being written.
pub fn is_being_written(index: &NewsIndex) -> bool {
    use tantivy::directory::Directory;
    matches!(
        index
            .tantivy()
            .directory()
            .acquire_lock(&tantivy::directory::INDEX_WRITER_LOCK),
        Err(tantivy::directory::error::LockError::LockBusy)
    )
}

/// A file to read, with its size.
type Sized = (SourceFile, u64);

/// How far the read of one streamed file has got.
struct StreamProgress {
    /// Bytes of the file read so far.
    bytes_read: u64,
    /// Its articles written so far.
    articles: u64,
}

/// From how many files a comparison spreads its `stat`s over threads: below, starting them costs
/// more than it saves.
const PARALLEL_STATS: usize = 1024;

#[cfg(test)]
mod tests {
    use super::*;

    fn files(sizes: &[(u64, Format)]) -> Vec<(SourceFile, u64)> {
        sizes
            .iter()
            .enumerate()
            .map(|(i, &(size, format))| (SourceFile::new(format!("/f{i}"), format), size))
            .collect()
    }

    fn lengths(files: &[(SourceFile, u64)]) -> Vec<usize> {
        batches(files).iter().map(|b| b.len()).collect()
    }

    #[test]
    fn batches_are_bounded_by_files_and_bytes() {
        let small = files(&vec![(1000, Format::Text); 600]);
        assert_eq!(lengths(&small), [256, 256, 88]);

        let mb = 1 << 20;
        let big = files(&[
            (40 * mb, Format::Text),
            (30 * mb, Format::Html),
            (100 * mb, Format::Json),
            (1, Format::Text),
        ]);
        assert_eq!(lengths(&big), [1, 1, 1, 1]);

        // JSON Lines files stream: their size doesn't fill a batch.
        let lines = files(&[
            (40 * mb, Format::Text),
            (500 * mb, Format::JsonLines),
            (20 * mb, Format::Text),
        ]);
        assert_eq!(lengths(&lines), [3]);
        assert!(batches(&[]).is_empty());
    }
}
