//! Which folders are newsdex's, and which of their files newsdex may delete.
//!
//! newsdex writes a marker file, [`MARKER_FILE`], into every folder it creates an index in.
//! A folder is an index only if it carries the marker; newsdex never creates an index in
//! a folder that holds anything else, and when it clears an index (to rebuild it, or to
//! start over after a format change) it deletes only the files newsdex and tantivy write
//! there, by name, never the folder itself or anything else in it.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::FORMAT_VERSION;

/// The name of the file that marks a folder as a newsdex index.
pub const MARKER_FILE: &str = "newsdex-index.json";

/// tantivy's commit file.
pub(crate) const META_FILE: &str = "meta.json";

/// What the marker file holds.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Marker {
    /// Always `"index"`: the file says what the folder is.
    newsdex: String,
    /// The format version the index was created with.
    format: u32,
}

/// What a folder is, as far as newsdex is concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Folder {
    /// Nothing at this path.
    Missing,
    /// A folder with nothing in it.
    Empty,
    /// A folder newsdex created an index in; whether tantivy's commit file is there,
    /// whether any segment file is, and whether the marker reads as newsdex's (a damaged
    /// marker in a folder of nothing but index files still marks it).
    Marked {
        meta: bool,
        segments: bool,
        marker: bool,
    },
    /// A folder without the marker, holding only an index an older newsdex wrote there
    /// (before it marked its folders): a newsdex commit and nothing but index files.
    Unmarked,
    /// Anything else: a file, or a folder with other contents.
    Foreign,
}

impl Folder {
    /// Looks at `dir`. Errors reading it (permissions) are returned, not guessed at.
    pub(crate) fn of(dir: &Path) -> std::io::Result<Folder> {
        let metadata = match std::fs::metadata(dir) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Folder::Missing),
            Err(e) => return Err(e),
        };
        if !metadata.is_dir() {
            return Ok(Folder::Foreign);
        }
        let mut names = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            names.push(entry?.file_name());
        }
        if names.is_empty() {
            return Ok(Folder::Empty);
        }
        let names: Vec<String> = names
            .into_iter()
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        let has = |name: &str| names.iter().any(|n| n == name);
        let segments = names.iter().any(|n| is_segment_file(n));
        let only_index_files = names.iter().all(|n| is_index_file(n));
        if has(MARKER_FILE) {
            let marker = read_marker(dir).is_some();
            if marker || only_index_files {
                return Ok(Folder::Marked {
                    meta: has(META_FILE),
                    segments,
                    marker,
                });
            }
            return Ok(Folder::Foreign);
        }
        if only_index_files && has(META_FILE) && holds_newsdex_commit(dir) {
            return Ok(Folder::Unmarked);
        }
        Ok(Folder::Foreign)
    }
}

/// The format version in the marker of `dir`, if it carries a valid one.
fn read_marker(dir: &Path) -> Option<u32> {
    let text = std::fs::read_to_string(dir.join(MARKER_FILE)).ok()?;
    let marker: Marker = serde_json::from_str(&text).ok()?;
    (marker.newsdex == "index").then_some(marker.format)
}

/// Writes the marker into `dir`, durably: the file, then the folder entry.
pub(crate) fn write_marker(dir: &Path) -> std::io::Result<()> {
    let marker = Marker {
        newsdex: "index".into(),
        format: FORMAT_VERSION,
    };
    let path = dir.join(MARKER_FILE);
    let mut file = std::fs::File::create(&path)?;
    let mut text = serde_json::to_string(&marker).map_err(std::io::Error::other)?;
    text.push('\n');
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    sync_dir(dir);
    Ok(())
}

/// Makes the entries of `dir` durable where the platform allows it.
fn sync_dir(dir: &Path) {
    // Opening a folder to sync it only works on Unix; elsewhere the entry is as durable
    // as the file system makes it.
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
}

/// Whether `dir/meta.json` is a tantivy commit with newsdex's metadata in it.
fn holds_newsdex_commit(dir: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(dir.join(META_FILE)) else {
        return false;
    };
    let Ok(meta) = serde_json::from_str::<serde_json::Value>(&text) else {
        return false;
    };
    let tantivy_shaped = meta
        .get("segments")
        .is_some_and(serde_json::Value::is_array)
        && meta.get("schema").is_some_and(serde_json::Value::is_array);
    let newsdex_payload = meta
        .get("payload")
        .and_then(serde_json::Value::as_str)
        .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
        .is_some_and(|p| p.get("format").is_some_and(serde_json::Value::is_u64));
    tantivy_shaped && newsdex_payload
}

/// The extensions of tantivy's segment files (`<segment id>.<ext>`); delete files are
/// `<segment id>.<opstamp>.del`.
const SEGMENT_EXTENSIONS: [&str; 7] = [
    "idx",
    "pos",
    "term",
    "store",
    "fast",
    "fieldnorm",
    "store.temp",
];

/// Whether `name` is the name of a tantivy segment file: 32 hex digits (the segment id),
/// then a component's extension.
pub(crate) fn is_segment_file(name: &str) -> bool {
    let Some((id, rest)) = name.split_at_checked(32) else {
        return false;
    };
    let Some(ext) = rest.strip_prefix('.') else {
        return false;
    };
    if !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    if SEGMENT_EXTENSIONS.contains(&ext) {
        return true;
    }
    ext.strip_suffix(".del")
        .is_some_and(|opstamp| !opstamp.is_empty() && opstamp.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `name` is a temporary file of an interrupted atomic write in an index folder:
/// tantivy's (`.tmp` and six letters or digits) or newsdex's own ([`TEMP_PREFIX`]).
pub(crate) fn is_temp_file(name: &str) -> bool {
    if name.starts_with(TEMP_PREFIX) {
        return true;
    }
    name.strip_prefix(".tmp")
        .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The prefix of the temporary files newsdex writes commits through.
pub(crate) const TEMP_PREFIX: &str = ".newsdex-tmp-";

/// tantivy's lock files.
const LOCK_FILES: [&str; 2] = [".tantivy-meta.lock", ".tantivy-writer.lock"];

/// tantivy's list of the files it wrote.
pub(crate) const MANAGED_FILE: &str = ".managed.json";

/// Whether `name` is a file newsdex or tantivy writes in an index folder.
pub(crate) fn is_index_file(name: &str) -> bool {
    name == MARKER_FILE
        || name == META_FILE
        || name == MANAGED_FILE
        || LOCK_FILES.contains(&name)
        || is_segment_file(name)
        || is_temp_file(name)
}

/// Deletes the index files in `dir` (see [`is_index_file`]) but the marker and the lock
/// files, which stay while the index is replaced. Anything else in the folder, sub-folders
/// included, is left as it is. Returns the files deleted.
pub(crate) fn remove_index_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let keep = name == MARKER_FILE || LOCK_FILES.contains(&name.as_str());
        if keep || !is_index_file(&name) || !entry.file_type()?.is_file() {
            continue;
        }
        match std::fs::remove_file(entry.path()) {
            Ok(()) => removed.push(entry.path()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    sync_dir(dir);
    Ok(removed)
}

/// Deletes what failed runs left in the index folder `dir` that tantivy's garbage
/// collection does not know of: temporary files of interrupted commits, and segment files
/// that no commit needs (tantivy lists a file before it creates it, but a list lost with a
/// full disk or a crash leaves its files unlisted). Call it only while holding the index's
/// writer lock; it takes tantivy's commit lock, so that no reader opens a segment while
/// it runs. Returns the files deleted.
pub(crate) fn remove_leftovers(
    index: &tantivy::Index,
    dir: &Path,
) -> std::io::Result<Vec<PathBuf>> {
    use tantivy::Directory;
    let _commit_lock = index
        .directory()
        .acquire_lock(&tantivy::directory::META_LOCK)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let metas = index
        .load_metas()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let living: std::collections::HashSet<PathBuf> = metas.list_segment_files();
    let mut removed = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let leftover =
            is_temp_file(&name) || (is_segment_file(&name) && !living.contains(Path::new(&name)));
        if !leftover || !entry.file_type()?.is_file() {
            continue;
        }
        match std::fs::remove_file(entry.path()) {
            Ok(()) => removed.push(entry.path()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_file_names() {
        for name in [
            "meta.json",
            ".managed.json",
            ".tantivy-writer.lock",
            ".tantivy-meta.lock",
            "newsdex-index.json",
            "8ebb403fa34b44048002f834644beb59.fast",
            "8ebb403fa34b44048002f834644beb59.store.temp",
            "8ebb403fa34b44048002f834644beb59.2006.del",
            ".tmpn4lxQZ",
            ".newsdex-tmp-123-456",
        ] {
            assert!(is_index_file(name), "{name}");
        }
        for name in [
            "precious.txt",
            "meta.json.bak",
            "8ebb403fa34b44048002f834644beb59.txt",
            "8ebb403fa34b44048002f834644beb5.fast",
            "8ebb403fa34b44048002f834644beb59.del",
            "8ebb403fa34b44048002f834644beb59.12a.del",
            "zzbb403fa34b44048002f834644beb59.idx",
            ".tmp",
            ".tmpabcdefg",
            "data",
        ] {
            assert!(!is_index_file(name), "{name}");
        }
    }

    #[test]
    fn folders_are_told_apart() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("x");
        assert_eq!(Folder::of(&dir).unwrap(), Folder::Missing);
        std::fs::create_dir(&dir).unwrap();
        assert_eq!(Folder::of(&dir).unwrap(), Folder::Empty);
        std::fs::write(dir.join("meta.json"), r#"{"name":"app"}"#).unwrap();
        assert_eq!(Folder::of(&dir).unwrap(), Folder::Foreign);
        std::fs::write(
            dir.join("meta.json"),
            r#"{"segments":[],"schema":[],"opstamp":0,"payload":"{\"format\":1,\"roots\":[]}"}"#,
        )
        .unwrap();
        assert_eq!(Folder::of(&dir).unwrap(), Folder::Unmarked);
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        assert_eq!(Folder::of(&dir).unwrap(), Folder::Foreign);
        std::fs::remove_file(dir.join("notes.txt")).unwrap();
        write_marker(&dir).unwrap();
        assert_eq!(
            Folder::of(&dir).unwrap(),
            Folder::Marked {
                meta: true,
                segments: false,
                marker: true,
            }
        );
        // A damaged marker among index files still marks the folder; among other files,
        // it does not.
        std::fs::write(dir.join(MARKER_FILE), "something else").unwrap();
        assert_eq!(
            Folder::of(&dir).unwrap(),
            Folder::Marked {
                meta: true,
                segments: false,
                marker: false,
            }
        );
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        assert_eq!(Folder::of(&dir).unwrap(), Folder::Foreign);
        let file = tmp.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert_eq!(Folder::of(&file).unwrap(), Folder::Foreign);
    }

    #[test]
    fn removing_index_files_leaves_everything_else() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let index_files = [
            "meta.json",
            ".managed.json",
            "8ebb403fa34b44048002f834644beb59.idx",
            "8ebb403fa34b44048002f834644beb59.3.del",
            ".tmpAbC123",
        ];
        let kept = [
            MARKER_FILE,
            ".tantivy-writer.lock",
            "precious.txt",
            "meta.json~",
        ];
        for name in index_files.iter().chain(&kept) {
            std::fs::write(dir.join(name), "x").unwrap();
        }
        std::fs::create_dir(dir.join("8ebb403fa34b44048002f834644beb59.pos")).unwrap();
        let removed = remove_index_files(dir).unwrap();
        assert_eq!(removed.len(), index_files.len());
        for name in kept {
            assert!(dir.join(name).exists(), "{name}");
        }
        assert!(dir.join("8ebb403fa34b44048002f834644beb59.pos").is_dir());
    }
}
