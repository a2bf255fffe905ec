//! The folder an index lives in, as tantivy sees it: tantivy's own memory-mapped directory,
//! with three changes.
//!
//! - Commit files (`meta.json`, `.managed.json`) are written with the permissions the
//!   process's umask gives new files, like every other file of the index, rather than
//!   readable by their owner only: the readers of a shared archive can search it.
//! - The first write that fails is remembered with the file it was for, so a failure
//!   reported later (tantivy's indexing threads stop on an I/O error, and the writer then
//!   only says it was killed) can still be told as what it was: "no space left on device"
//!   at this path.
//! - A reader that may not write the index folder still takes tantivy's commit lock, as a
//!   shared lock on the lock file opened for reading (or, where even that file cannot be
//!   had, none: a folder no one may write into has no commits to race with).

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, DirectoryLock, FileHandle, Lock, MmapDirectory, TerminatingWrite, WatchCallback,
    WatchHandle, WritePtr,
};
use tantivy::Directory;

use crate::folder::TEMP_PREFIX;

/// A write that failed: the file, and the error.
#[derive(Clone, Debug)]
pub(crate) struct WriteFailure {
    /// The file (absolute).
    pub(crate) path: PathBuf,
    /// What the system said.
    pub(crate) kind: io::ErrorKind,
    /// The error's raw OS code, where there is one.
    pub(crate) os_code: Option<i32>,
    /// The error as text.
    pub(crate) message: String,
}

impl WriteFailure {
    /// The failure as an I/O error again.
    pub(crate) fn to_io_error(&self) -> io::Error {
        match self.os_code {
            Some(code) => io::Error::from_raw_os_error(code),
            None => io::Error::new(self.kind, self.message.clone()),
        }
    }
}

/// Where the first failed write of a directory is kept; shared by its clones.
pub(crate) type Failures = Arc<Mutex<Option<WriteFailure>>>;

fn remember(failures: &Failures, path: &Path, error: &io::Error) {
    let mut slot = failures.lock().unwrap_or_else(|p| p.into_inner());
    if slot.is_none() {
        *slot = Some(WriteFailure {
            path: path.to_path_buf(),
            kind: error.kind(),
            os_code: error.raw_os_error(),
            message: error.to_string(),
        });
    }
}

/// An index folder on disk; see the module documentation.
#[derive(Clone, Debug)]
pub(crate) struct IndexDirectory {
    inner: MmapDirectory,
    root: PathBuf,
    failures: Failures,
}

impl IndexDirectory {
    /// The directory of the folder `root`, which must exist.
    pub(crate) fn open(root: &Path) -> tantivy::Result<IndexDirectory> {
        let inner = MmapDirectory::open(root)?;
        Ok(IndexDirectory {
            inner,
            root: root.to_path_buf(),
            failures: Failures::default(),
        })
    }

    /// Where its failed writes are remembered.
    pub(crate) fn failures(&self) -> Failures {
        Arc::clone(&self.failures)
    }

    fn full(&self, path: &Path) -> PathBuf {
        self.root.join(path)
    }
}

/// A counter that makes the names of temporary files unique within the process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Replaces `path` with `data` atomically: writes a temporary file beside it (created with
/// the permissions the umask gives), makes it durable, and renames it over `path`.
fn write_atomically(path: &Path, data: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    // The time keeps a name unique even where a process id is reused after a crash.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let temp = dir.join(format!(
        "{TEMP_PREFIX}{}-{nanos}-{}",
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(data)?;
        file.sync_data()?;
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let full = self.full(path);
        let writer = self.inner.open_write(path).inspect_err(|e| {
            if let OpenWriteError::IoError { io_error, .. } = e {
                remember(&self.failures, &full, io_error);
            }
        })?;
        // A fresh writer has nothing buffered, so taking it apart loses nothing.
        let inner = writer.into_inner().map_err(|e| OpenWriteError::IoError {
            io_error: Arc::new(io::Error::other(e.to_string())),
            filepath: path.to_path_buf(),
        })?;
        Ok(BufWriter::new(Box::new(Recorded {
            inner,
            path: full,
            failures: self.failures(),
        })))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        let full = self.full(path);
        write_atomically(&full, data)
            .and_then(|()| self.inner.sync_directory())
            .inspect_err(|e| remember(&self.failures, &full, e))
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(e))
                if lock.is_blocking
                    && matches!(
                        e.kind(),
                        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
                    ) =>
            {
                shared_lock(&self.full(&lock.filepath))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// A shared lock on the lock file at `path`, opened for reading, for a process that may
/// not write it; no lock where the file can't be opened at all.
fn shared_lock(path: &Path) -> Result<DirectoryLock, LockError> {
    use fs4::fs_std::FileExt;
    match File::open(path) {
        Ok(file) => {
            FileExt::lock_shared(&file).map_err(|e| LockError::IoError(Arc::new(e)))?;
            Ok(DirectoryLock::from(Box::new(file)))
        }
        Err(_) => Ok(DirectoryLock::from(Box::new(()))),
    }
}

/// A file being written, whose first failure is remembered.
struct Recorded {
    inner: Box<dyn TerminatingWrite + Send + Sync>,
    path: PathBuf,
    failures: Failures,
}

impl Recorded {
    fn check<T>(&self, result: io::Result<T>) -> io::Result<T> {
        result.inspect_err(|e| remember(&self.failures, &self.path, e))
    }
}

impl Write for Recorded {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let result = self.inner.write(buf);
        self.check(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.inner.flush();
        self.check(result)
    }
}

impl TerminatingWrite for Recorded {
    fn terminate_ref(&mut self, token: AntiCallToken) -> io::Result<()> {
        let result = self.inner.terminate_ref(token);
        self.check(result)
    }
}
