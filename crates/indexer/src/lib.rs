//! Writing newsdex indexes: add articles, keep an index in sync with folders of files,
//! commit.
//!
//! An [`Indexer`] holds the index's single writer lock for as long as it lives. Nothing it
//! does is visible to readers until [`Indexer::commit`]; a crash before that leaves the
//! index at its last commit.
//!
//! ```
//! use newsdex_indexer::{Article, Indexer, NewsIndex};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let index = NewsIndex::create_in_ram();
//! let mut indexer = Indexer::new(&index)?;
//! indexer.add(&Article::new("Kim and Shoigu talked in Pyongyang.").with_id("a1"))?;
//! indexer.commit()?;
//! assert_eq!(index.tantivy().reader()?.searcher().num_docs(), 1);
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod given;
mod ids;
mod location;
mod open;
mod stamps;
mod sync;
mod watch;

use std::path::PathBuf;
use std::time::Duration;

pub use location::{user_index_dir, Location, LOCAL_INDEX};
pub use newsdex_ingest::{Problem, ProblemKind, ReadOptions, WalkOptions};
pub use newsdex_schema::{Article, CommitMeta, Error, NewsIndex, Result};
pub use open::{open, open_with, OpenPolicy, OpenStep, Opened, Opening};
pub use stamps::{indexed_files, IndexedFile};
pub use sync::{
    is_being_written, is_stale, Change, FileChange, Progress, SkipCount, SyncOptions, SyncReport,
};

use tantivy::{IndexWriter, TantivyDocument, Term};

/// How an [`Indexer`] writes.
#[must_use = "a builder does nothing until it is used"]
#[derive(Clone, Debug)]
pub struct IndexerOptions {
    memory_budget: usize,
    threads: usize,
    wait: Option<Duration>,
}

/// The memory each indexing thread fills by default before it writes a segment. Beside
/// the table of ids and one bounded merge, it keeps `search index` of a million Reuters
/// articles under 300 MB on two threads (287 MB, against 375 MB at 64 MiB a thread, in
/// the same time); 16 MiB a thread made 19 segments and took a fifth longer.
pub const THREAD_MEMORY: usize = 24 * 1024 * 1024;

impl Default for IndexerOptions {
    fn default() -> Self {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 4);
        IndexerOptions {
            memory_budget: THREAD_MEMORY * threads,
            threads,
            wait: None,
        }
    }
}

impl IndexerOptions {
    /// Default options: an indexing thread a core, up to 4, with [`THREAD_MEMORY`] each.
    pub fn new() -> IndexerOptions {
        IndexerOptions::default()
    }

    /// The memory the writer may use before it flushes a segment, shared by its threads.
    /// At least 15 MB a thread; capped at 4 GB.
    pub fn memory_budget(mut self, bytes: usize) -> IndexerOptions {
        self.memory_budget = bytes;
        self
    }

    /// The number of indexing threads.
    pub fn threads(mut self, threads: usize) -> IndexerOptions {
        self.threads = threads.max(1);
        self
    }

    /// Waits up to this long for another process's writer lock instead of failing at once.
    pub fn wait(mut self, timeout: Option<Duration>) -> IndexerOptions {
        self.wait = timeout;
        self
    }
}

/// The writer of a newsdex index. It holds the index's writer lock until dropped.
pub struct Indexer {
    index: NewsIndex,
    writer: IndexWriter<TantivyDocument>,
    meta: CommitMeta,
    /// Whether anything changed since the last commit.
    dirty: bool,
}

impl std::fmt::Debug for Indexer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Indexer")
            .field("index", &self.index)
            .finish()
    }
}

impl Indexer {
    /// Takes the writer lock of `index` with default options.
    pub fn new(index: &NewsIndex) -> Result<Indexer> {
        Indexer::with_options(index, &IndexerOptions::default())
    }

    /// Takes the writer lock of `index`. Fails with [`Error::Locked`] when another process
    /// holds it, unless [`IndexerOptions::wait`] allows waiting.
    pub fn with_options(index: &NewsIndex, options: &IndexerOptions) -> Result<Indexer> {
        let per_thread_min = 15_000_000;
        let threads = options
            .threads
            .min((options.memory_budget / per_thread_min).max(1));
        let budget = options.memory_budget.max(per_thread_min * threads);
        let deadline = options.wait.map(|w| std::time::Instant::now() + w);
        let writer = loop {
            match index.writer(threads, budget) {
                Ok(writer) => break writer,
                Err(tantivy::TantivyError::LockFailure(
                    tantivy::directory::error::LockError::LockBusy,
                    _,
                )) => match deadline {
                    Some(deadline) if std::time::Instant::now() < deadline => {
                        std::thread::sleep(Duration::from_millis(100));
                    }
                    _ => {
                        return Err(Error::Locked {
                            path: index.dir().map(PathBuf::from).unwrap_or_default(),
                            holder: index.writer_holder(),
                        })
                    }
                },
                Err(e) => return Err(index.error(e)),
            }
        };
        index.record_writer();
        let meta = index.commit_meta()?;
        Ok(Indexer {
            index: index.clone(),
            writer,
            meta,
            dirty: false,
        })
    }

    /// The index this indexer writes.
    pub fn index(&self) -> &NewsIndex {
        &self.index
    }

    /// Adds an article, in place of any article the index holds with the same id: an id
    /// is one article. An article without an id gets one derived from its body.
    pub fn add(&mut self, article: &Article) -> Result<()> {
        let id = if article.id.is_empty() {
            Article::derive_id(&article.body, 0)
        } else {
            article.id.clone()
        };
        self.delete_id(&id);
        self.write(article)
    }

    /// Adds an article without looking for another with its id (a sync has made sure
    /// there is none).
    pub(crate) fn write(&mut self, article: &Article) -> Result<()> {
        self.dirty = true;
        let fields = self.index.fields();
        if article.id.is_empty() {
            let mut article = article.clone();
            article.id = Article::derive_id(&article.body, 0);
            self.writer
                .add_document(fields.to_document(&article))
                .map_err(|e| self.index.error(e))?;
        } else {
            self.writer
                .add_document(fields.to_document(article))
                .map_err(|e| self.index.error(e))?;
        }
        Ok(())
    }

    /// Deletes the article with this id.
    pub fn delete_id(&mut self, id: &str) {
        self.dirty = true;
        let term = Term::from_field_text(self.index.fields().id, id);
        self.writer.delete_term(term);
    }

    /// Deletes every article read from this file (its absolute path, as stored).
    pub fn delete_path(&mut self, path: &str) {
        self.dirty = true;
        let term = Term::from_field_text(self.index.fields().path, path);
        self.writer.delete_term(term);
    }

    /// Deletes every article.
    pub fn delete_all(&mut self) -> Result<()> {
        self.dirty = true;
        self.writer
            .delete_all_documents()
            .map_err(|e| self.index.error(e))?;
        Ok(())
    }

    /// The roots the index keeps in sync, as of this indexer's changes.
    pub fn roots(&self) -> &[PathBuf] {
        &self.meta.roots
    }

    /// Replaces the roots the index keeps in sync; saved at the next commit.
    pub fn set_roots(&mut self, roots: Vec<PathBuf>) {
        if self.meta.roots != roots {
            self.meta.roots = roots;
            self.dirty = true;
        }
    }

    /// The globs that choose the files under the roots, as of this indexer's changes.
    pub fn walk_options(&self) -> WalkOptions {
        walk_options_of(&self.meta)
    }

    /// Replaces the globs that choose the files under the roots; saved at the next commit.
    pub fn set_walk_options(&mut self, options: &WalkOptions) {
        if self.meta.include != options.includes() || self.meta.exclude != options.excludes() {
            self.meta.include = options.includes().to_vec();
            self.meta.exclude = options.excludes().to_vec();
            self.dirty = true;
        }
    }

    /// Makes every change since the last commit durable and visible to new readers, in one
    /// atomic step. With no change since the last commit, writes nothing.
    pub fn commit(&mut self) -> Result<()> {
        if !self.dirty {
            return Ok(());
        }
        let failed = |e| self.index.error(e);
        let mut prepared = self.writer.prepare_commit().map_err(failed)?;
        prepared.set_payload(&self.meta.to_payload());
        prepared.commit().map_err(failed)?;
        self.dirty = false;
        Ok(())
    }

    /// Commits, then waits for background segment merges to end and releases the lock.
    pub fn finish(mut self) -> Result<()> {
        self.commit()?;
        let index = self.index.clone();
        self.writer
            .wait_merging_threads()
            .map_err(|e| index.error(e))?;
        Ok(())
    }

    /// Drops every change since the last commit.
    pub fn rollback(&mut self) -> Result<()> {
        self.writer.rollback().map_err(|e| self.index.error(e))?;
        self.meta = self.index.commit_meta()?;
        self.dirty = false;
        Ok(())
    }
}

/// The globs a commit's metadata remembers.
pub(crate) fn walk_options_of(meta: &CommitMeta) -> WalkOptions {
    let options = meta
        .include
        .iter()
        .fold(WalkOptions::new(), |o, glob| o.include(glob.clone()));
    meta.exclude
        .iter()
        .fold(options, |o, glob| o.exclude(glob.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_is_being_written_while_an_indexer_holds_it() {
        let tmp = tempfile::tempdir().unwrap();
        let index = NewsIndex::create(tmp.path()).unwrap();
        assert!(!is_being_written(&index));
        let writer = Indexer::new(&index).unwrap();
        assert!(is_being_written(&index));
        drop(writer);
        assert!(!is_being_written(&index));
        // Asking lets the lock go: a writer can start right after.
        Indexer::new(&index).unwrap();
    }

    #[test]
    fn second_writer_is_refused_with_the_folder_named() {
        let tmp = tempfile::tempdir().unwrap();
        let index = NewsIndex::create(tmp.path()).unwrap();
        let _first = Indexer::new(&index).unwrap();
        let err = Indexer::new(&index).unwrap_err();
        assert!(matches!(err, Error::Locked { .. }));
        let message = err.to_string();
        assert!(
            message.contains("is being updated by another process"),
            "{message}"
        );
        assert!(
            message.contains(&tmp.path().display().to_string()),
            "{message}"
        );
    }

    #[test]
    fn waiting_writer_gets_the_lock_when_it_is_released() {
        let tmp = tempfile::tempdir().unwrap();
        let index = NewsIndex::create(tmp.path()).unwrap();
        let first = Indexer::new(&index).unwrap();
        let releaser = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            drop(first);
        });
        let second = Indexer::with_options(
            &index,
            &IndexerOptions::new().wait(Some(Duration::from_secs(30))),
        );
        releaser.join().unwrap();
        assert!(second.is_ok());
    }

    #[test]
    fn commit_is_all_or_nothing_and_keeps_the_roots() {
        let tmp = tempfile::tempdir().unwrap();
        let index = NewsIndex::create(tmp.path()).unwrap();
        let mut indexer = Indexer::new(&index).unwrap();
        indexer.add(&Article::new("one").with_id("1")).unwrap();
        indexer.set_roots(vec![PathBuf::from("/news")]);
        indexer.commit().unwrap();
        indexer.add(&Article::new("two").with_id("2")).unwrap();
        indexer.rollback().unwrap();
        drop(indexer);
        let reopened = NewsIndex::open(tmp.path()).unwrap();
        assert_eq!(
            reopened.tantivy().reader().unwrap().searcher().num_docs(),
            1
        );
        assert_eq!(
            reopened.commit_meta().unwrap().roots,
            [PathBuf::from("/news")]
        );
    }

    #[test]
    fn delete_by_id_and_path() {
        let index = NewsIndex::create_in_ram();
        let mut indexer = Indexer::new(&index).unwrap();
        indexer
            .add(&Article::new("a").with_id("a").with_path("/x.txt"))
            .unwrap();
        indexer
            .add(&Article::new("b").with_id("b").with_path("/y.txt"))
            .unwrap();
        indexer
            .add(&Article::new("c").with_id("c").with_path("/y.txt"))
            .unwrap();
        indexer.commit().unwrap();
        indexer.delete_id("a");
        indexer.commit().unwrap();
        let reader = index.tantivy().reader().unwrap();
        assert_eq!(reader.searcher().num_docs(), 2);
        indexer.delete_path("/y.txt");
        indexer.commit().unwrap();
        reader.reload().unwrap();
        assert_eq!(reader.searcher().num_docs(), 0);
    }
}
