//! Opening an index for searching, as every front end does it: build it on first use,
//! rebuild a checkout's index of another format, sync it when its folders changed, and
//! answer from the last commit when a sync can't run.

use std::path::{Path, PathBuf};

use newsdex_schema::{Error, NewsIndex, NotAnIndexReason};

use crate::location::Location;
use crate::sync::{is_being_written, is_stale, Progress, SyncOptions, SyncReport};
use crate::{Indexer, IndexerOptions, Result};

/// What [`open`] may do beyond opening: a builder, consumed by its setters.
///
/// ```
/// use newsdex_indexer::{IndexerOptions, OpenPolicy};
///
/// let policy = OpenPolicy::new().sync(false).writer(IndexerOptions::new().threads(1));
/// # let _ = policy;
/// ```
#[must_use = "a builder does nothing until it is used"]
#[derive(Clone, Debug)]
pub struct OpenPolicy {
    sync: bool,
    sync_options: SyncOptions,
    writer: IndexerOptions,
}

impl Default for OpenPolicy {
    fn default() -> Self {
        OpenPolicy {
            sync: true,
            sync_options: SyncOptions::new(),
            writer: IndexerOptions::new(),
        }
    }
}

impl OpenPolicy {
    /// The default: sync a [`Location::auto_sync`] index when its folders changed.
    pub fn new() -> OpenPolicy {
        OpenPolicy::default()
    }

    /// Whether to check the folders of an auto-synced index and sync it (default yes).
    /// A missing index of a location that builds one is built either way.
    pub fn sync(mut self, yes: bool) -> OpenPolicy {
        self.sync = yes;
        self
    }

    /// How the builds and syncs read files.
    pub fn sync_options(mut self, options: SyncOptions) -> OpenPolicy {
        self.sync_options = options;
        self
    }

    /// How the builds and syncs write.
    pub fn writer(mut self, options: IndexerOptions) -> OpenPolicy {
        self.writer = options;
        self
    }
}

/// What [`open_with`] is doing, for a front end that shows it while it happens.
#[derive(Debug)]
#[non_exhaustive]
pub enum OpenStep<'a> {
    /// The index is missing; building it over these folders.
    Build {
        /// The index folder.
        dir: &'a Path,
        /// The folders.
        roots: &'a [PathBuf],
    },
    /// The index is of another format or schema; replacing it with one built over its
    /// folders.
    Rebuild {
        /// Why it can't be read as it is.
        reason: &'a Error,
    },
    /// The folders changed since the last sync; syncing.
    Sync,
    /// How far the build or sync has got.
    Progress(&'a Progress),
}

/// What [`open`] did.
#[derive(Debug)]
#[non_exhaustive]
pub enum Opening {
    /// Opened as it was: the location or the policy asked for no check.
    AsIs,
    /// Checked against its folders: nothing changed.
    UpToDate,
    /// Not checked: another process is writing the index (a watcher keeping it in sync,
    /// or a sync under way), so no sync could run.
    BeingWritten,
    /// The index did not exist and was built.
    Built(SyncReport),
    /// The index was of another format or schema and was built again.
    Rebuilt {
        /// Why the old one could not be read.
        reason: Error,
        /// The build.
        report: SyncReport,
    },
    /// The folders had changed; the index was synced.
    Synced(SyncReport),
    /// The folders had changed but the sync failed (another process took the writer, the
    /// disk is full, …): the index is at its last commit.
    SyncFailed(Error),
}

/// An index opened by [`open`], and what was done to it.
#[derive(Debug)]
pub struct Opened {
    /// The index, ready to search.
    pub index: NewsIndex,
    /// What was done.
    pub opening: Opening,
}

impl Opened {
    /// The report of the build or sync, if one ran.
    pub fn report(&self) -> Option<&SyncReport> {
        match &self.opening {
            Opening::Built(report) | Opening::Synced(report) => Some(report),
            Opening::Rebuilt { report, .. } => Some(report),
            _ => None,
        }
    }

    /// A warning to show the user, if the index may be behind its folders.
    pub fn warning(&self) -> Option<String> {
        match &self.opening {
            Opening::SyncFailed(e) => Some(format!("{e}; searching its last commit")),
            _ => None,
        }
    }
}

/// Opens the index at `location` for searching, as [`OpenPolicy`] allows: a missing index
/// of a location that [builds one](Location::build_over) is built; one of another format
/// or schema there is rebuilt; an [auto-synced](Location::auto_sync) index whose folders
/// changed is synced first, unless another process is writing it. A sync that fails
/// leaves the index at its last commit, which is opened: [`Opened::opening`] says so.
///
/// ```
/// use newsdex_indexer::{open, Location, Opening, OpenPolicy};
///
/// # fn main() -> newsdex_indexer::Result<()> {
/// let tmp = tempfile::tempdir()?;
/// std::fs::write(tmp.path().join("kim.txt"), "Kim meets Shoigu\n\nThey talked in Pyongyang.")?;
/// let location = newsdex_indexer::Location {
///     dir: tmp.path().join(".newsdex"),
///     build_over: Some(vec![tmp.path().to_path_buf()]),
///     auto_sync: true,
/// };
/// let opened = open(&location, &OpenPolicy::new())?;
/// assert!(matches!(opened.opening, Opening::Built(_)));
/// assert_eq!(opened.report().unwrap().documents, 1);
///
/// let again = open(&location, &OpenPolicy::new())?;
/// assert!(matches!(again.opening, Opening::UpToDate));
/// # Ok(())
/// # }
/// ```
pub fn open(location: &Location, policy: &OpenPolicy) -> Result<Opened> {
    open_with(location, policy, &mut |_| {})
}

/// [`open`], telling `on_step` what it is doing as it goes.
pub fn open_with(
    location: &Location,
    policy: &OpenPolicy,
    on_step: &mut dyn FnMut(OpenStep<'_>),
) -> Result<Opened> {
    let dir = &location.dir;
    if !NewsIndex::exists(dir) {
        let Some(roots) = &location.build_over else {
            // Opening says why there is none: no folder, an empty one, one that may not
            // be read, one that is not newsdex's.
            return Err(NewsIndex::open(dir)
                .err()
                .unwrap_or_else(|| Error::NoIndex { path: dir.clone() }));
        };
        // Created first: a folder that can't hold a new index (it holds other files) is
        // refused, touched in nothing, before a build is announced.
        let index = NewsIndex::create(dir)?;
        on_step(OpenStep::Build { dir, roots });
        let report = fill(&index, roots, policy, on_step)?;
        return Ok(Opened {
            index,
            opening: Opening::Built(report),
        });
    }
    let index = match NewsIndex::open(dir) {
        // The index of a checkout is built over its `data/` and nothing else: one of
        // another format or schema (left by an older newsdex, with the marker or from
        // before it) is rebuilt, not refused. Only its index files are deleted, and an
        // index without the marker only if its folder holds nothing else.
        Err(
            reason @ (Error::OtherFormat { .. }
            | Error::OtherSchema { .. }
            | Error::NotAnIndex {
                reason: NotAnIndexReason::UnmarkedIndex,
                ..
            }),
        ) if location.build_over.is_some() => {
            let roots = location.build_over.as_deref().unwrap_or_default();
            on_step(OpenStep::Rebuild { reason: &reason });
            let index = NewsIndex::recreate_unmarked(dir)?;
            let report = fill(&index, roots, policy, on_step)?;
            return Ok(Opened {
                index,
                opening: Opening::Rebuilt { reason, report },
            });
        }
        other => other?,
    };
    let opening = if !(policy.sync && location.auto_sync) {
        Opening::AsIs
    } else if is_being_written(&index) {
        Opening::BeingWritten
    } else if !is_stale(&index)? {
        Opening::UpToDate
    } else {
        on_step(OpenStep::Sync);
        match fill(&index, &[], policy, on_step) {
            Ok(report) => Opening::Synced(report),
            Err(e) => Opening::SyncFailed(e),
        }
    };
    Ok(Opened { index, opening })
}

/// Syncs `index` with its roots plus `roots`, then lets the writer go.
fn fill(
    index: &NewsIndex,
    roots: &[PathBuf],
    policy: &OpenPolicy,
    on_step: &mut dyn FnMut(OpenStep<'_>),
) -> Result<SyncReport> {
    let start = std::time::Instant::now();
    let mut indexer = Indexer::with_options(index, &policy.writer)?;
    let options = policy.sync_options.clone().paths(roots);
    let mut report =
        indexer.sync_with_progress(&options, &mut |p| on_step(OpenStep::Progress(p)))?;
    indexer.finish()?;
    // The time waited: the merges `finish` waits for included.
    report.elapsed = start.elapsed();
    Ok(report)
}
