//! Keeping an index in sync while files change.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::{Indexer, Result, SyncOptions, SyncReport};

/// How often the stop flag is looked at while no file changes.
const POLL: Duration = Duration::from_millis(100);

/// Whether a change at `path` can matter to the index: not inside the index folder
/// itself, and not in a hidden file or folder under a root (the walk skips those).
fn matters(path: &Path, index_dir: Option<&Path>, roots: &[PathBuf]) -> bool {
    if index_dir.is_some_and(|dir| path.starts_with(dir)) {
        return false;
    }
    let below_root = roots
        .iter()
        .find_map(|root| path.strip_prefix(root).ok())
        .unwrap_or(path);
    !below_root
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

impl Indexer {
    /// Syncs with the roots plus `paths`, then again each time files under them change,
    /// once no change has come for `debounce` (a batch of changes makes one commit). Ends
    /// when `stop` becomes true, with a last sync if changes are pending. `on_sync` gets
    /// every report, the first one included.
    pub fn watch(
        &mut self,
        paths: &[PathBuf],
        options: &SyncOptions,
        debounce: Duration,
        stop: &AtomicBool,
        on_sync: &mut dyn FnMut(&SyncReport),
    ) -> Result<()> {
        let (tx, rx) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            // The receiver is gone only when watching ends.
            let _ = tx.send(event);
        })
        .map_err(watch_error)?;
        // Watch first, then sync: a change made while the first sync runs is not missed.
        let roots = crate::sync::merge_roots(self.roots(), paths, options.forgotten());
        for root in &roots {
            let mode = if root.is_dir() {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            if root.exists() {
                watcher.watch(root, mode).map_err(watch_error)?;
            }
        }
        let first = self.sync(paths, options, &mut |_| {})?;
        on_sync(&first);
        let index_dir = self
            .index()
            .dir()
            .map(|d| std::path::absolute(d).unwrap_or_else(|_| d.to_path_buf()));
        let mut pending: Option<Instant> = None;
        let no_paths: &[PathBuf] = &[];
        loop {
            let stopping = stop.load(Ordering::Relaxed);
            let due = pending.is_some_and(|at| at.elapsed() >= debounce);
            if due || (stopping && pending.is_some()) {
                let report = self.sync(no_paths, options, &mut |_| {})?;
                on_sync(&report);
                pending = None;
            }
            if stopping {
                break;
            }
            match rx.recv_timeout(POLL) {
                Ok(Ok(event)) => {
                    if event
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
    }
}
