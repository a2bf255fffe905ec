//! Keeping an index in sync while files change.
//!
//! Each root is watched recursively while it exists, and the nearest existing folder above
//! it is watched on its own: that is how a root that is deleted, re-created, renamed away
//! or moved back in is noticed, and watched again when it is back. Only changes count:
//! opening and reading a file or folder (which every sync does) raises no sync, so an idle
//! watcher does nothing.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecursiveMode, Watcher};

use crate::{Indexer, Result, SyncOptions, SyncReport};

/// How often the stop flag is looked at while no file changes.
const POLL: Duration = Duration::from_millis(100);

/// Whether an event of this kind is a change: creating, writing, removing, renaming, or
/// changing the metadata of a file or folder. Opening, reading and closing without
/// writing are not.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Whether a change at `path` can matter to the index: under a root or above one (the
/// root itself appearing or going), not inside the index folder itself, and not in a
/// hidden file or folder under a root (the walk skips those).
fn matters(path: &Path, index_dir: Option<&Path>, roots: &[PathBuf]) -> bool {
    if index_dir.is_some_and(|dir| path.starts_with(dir)) {
        return false;
    }
    if roots.iter().any(|root| root.starts_with(path)) {
        return true;
    }
    let Some(below_root) = roots.iter().find_map(|root| path.strip_prefix(root).ok()) else {
        return false;
    };
    !below_root
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// The watches over the roots: each root while it exists, and the nearest existing folder
/// above each.
struct Watches<W: Watcher> {
    watcher: W,
    roots: Vec<PathBuf>,
    /// The roots watched now.
    watched: HashSet<PathBuf>,
    /// The folders above the roots watched now, on their own.
    anchors: HashSet<PathBuf>,
}

impl<W: Watcher> Watches<W> {
    fn new(watcher: W, roots: Vec<PathBuf>) -> Watches<W> {
        Watches {
            watcher,
            roots,
            watched: HashSet::new(),
            anchors: HashSet::new(),
        }
    }

    /// Brings the watches in line with what exists now: a root that appeared is watched,
    /// one that went is let go, and each anchor is the nearest existing folder above its
    /// root.
    fn refresh(&mut self) -> Result<()> {
        let mut anchors = HashSet::new();
        for root in &self.roots {
            let exists = root.exists();
            if exists && !self.watched.contains(root) {
                let mode = if root.is_dir() {
                    RecursiveMode::Recursive
                } else {
                    RecursiveMode::NonRecursive
                };
                match self.watcher.watch(root, mode) {
                    Ok(()) => {
                        self.watched.insert(root.clone());
                    }
                    // Gone again between the look and the watch: the next event tells.
                    Err(e) if is_not_found(&e) => {}
                    Err(e) => return Err(watch_error(e)),
                }
            } else if !exists && self.watched.remove(root) {
                // The system has dropped the watch of a deleted folder already.
                let _ = self.watcher.unwatch(root);
            }
            if let Some(anchor) = root.ancestors().skip(1).find(|a| a.is_dir()) {
                anchors.insert(anchor.to_path_buf());
            }
        }
        for gone in self.anchors.difference(&anchors) {
            if !self.watched.contains(gone) {
                let _ = self.watcher.unwatch(gone);
            }
        }
        for anchor in &anchors {
            // A folder that is also a root is watched recursively already.
            if self.anchors.contains(anchor) || self.watched.contains(anchor) {
                continue;
            }
            match self.watcher.watch(anchor, RecursiveMode::NonRecursive) {
                Ok(()) => {}
                Err(e) if is_not_found(&e) => {}
                Err(e) => return Err(watch_error(e)),
            }
        }
        self.anchors = anchors;
        Ok(())
    }
}

fn is_not_found(e: &notify::Error) -> bool {
    match &e.kind {
        notify::ErrorKind::PathNotFound => true,
        notify::ErrorKind::Io(io) => io.kind() == std::io::ErrorKind::NotFound,
        _ => false,
    }
}

impl Indexer {
    /// Syncs with the roots plus [`SyncOptions::paths`], then again each time files under them change,
    /// once no change has come for `debounce` (a batch of changes makes one commit). A
    /// root that is deleted, re-created, renamed or moved in is followed; a path given
    /// to [`SyncOptions::paths`] must exist ([`SyncOptions::check_paths`]). Ends when `stop`
    /// becomes true, with a last sync. `on_sync` gets every report of a sync, the first
    /// one included; a sync that finds nothing changed writes nothing.
    pub fn watch(
        &mut self,
        options: &SyncOptions,
        debounce: Duration,
        stop: &AtomicBool,
        on_sync: &mut dyn FnMut(&SyncReport),
    ) -> Result<()> {
        options.check_paths()?;
        let (tx, rx) = mpsc::channel();
        let watcher = notify::recommended_watcher(move |event| {
            // The receiver is gone only when watching ends.
            let _ = tx.send(event);
        })
        .map_err(watch_error)?;
        // Watch first, then sync: a change made while the first sync runs is not missed.
        let roots = crate::sync::merge_roots(self.roots(), options.added(), options.forgotten());
        let mut watches = Watches::new(watcher, roots.clone());
        watches.refresh()?;
        let first = self.sync(options)?;
        on_sync(&first);
        let index_dir = self.index().dir().map(crate::sync::normalize);
        let mut pending: Option<Instant> = None;
        let again = options.again();
        loop {
            let stopping = stop.load(Ordering::Relaxed);
            let due = pending.is_some_and(|at| at.elapsed() >= debounce);
            if due || stopping {
                // Roots that came or went since are watched, or let go, before the sync
                // reads them: a change made during the sync raises a sync of its own.
                watches.refresh()?;
                let report = self.sync(&again)?;
                on_sync(&report);
                pending = None;
            }
            if stopping {
                break;
            }
            match rx.recv_timeout(POLL) {
                Ok(Ok(event)) => {
                    if is_change(&event.kind)
                        && event
                            .paths
                            .iter()
                            .any(|p| matters(p, index_dir.as_deref(), &roots))
                    {
                        pending = Some(Instant::now());
                    }
                }
                Ok(Err(e)) => return Err(watch_error(e)),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        self.commit()
    }
}

fn watch_error(e: notify::Error) -> crate::Error {
    crate::Error::Watch {
        source: Box::new(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_inside_the_index_or_hidden_paths_do_not_matter() {
        let index = Path::new("/news/.newsdex");
        let roots = [PathBuf::from("/news"), PathBuf::from("/tmp/.hidden/feeds")];
        assert!(!matters(
            Path::new("/news/.newsdex/meta.json"),
            Some(index),
            &roots
        ));
        assert!(!matters(Path::new("/news/.git/index"), None, &roots));
        assert!(matters(Path::new("/news/a.txt"), Some(index), &roots));
        // A root may itself live under a hidden folder.
        assert!(matters(
            Path::new("/tmp/.hidden/feeds/b.json"),
            None,
            &roots
        ));
        assert!(!matters(
            Path::new("/tmp/.hidden/feeds/.b.json.swp"),
            None,
            &roots
        ));
        // The root itself, or a folder above it, coming or going.
        assert!(matters(Path::new("/news"), None, &roots));
        assert!(matters(Path::new("/tmp/.hidden"), None, &roots));
        // A neighbour of a root, seen through the watch of the folder above it.
        assert!(!matters(Path::new("/newsletter.txt"), None, &roots));
        assert!(!matters(Path::new("/tmp/other"), None, &roots));
    }

    #[test]
    fn reading_is_not_a_change() {
        use notify::event::{CreateKind, ModifyKind, RemoveKind};
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Read)));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Create(CreateKind::Folder)));
        assert!(is_change(&EventKind::Modify(ModifyKind::Any)));
        assert!(is_change(&EventKind::Remove(RemoveKind::Any)));
    }
}
