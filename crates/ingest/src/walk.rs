//! The walk over the files and folders a user names.

use std::path::{Path, PathBuf};

use crate::format::Format;
use crate::problem::{escape_path, escape_text, Problem, ProblemKind};

/// A file to read: where it is, what format it is in, and the key its ids derive from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SourceFile {
    /// The absolute path.
    pub path: PathBuf,
    /// The format, from the extension.
    pub format: Format,
    /// The path relative to the folder that holds the named root (`data/001.txt` for a file
    /// under the named folder `data`), with `/` separators.
    pub key: String,
}

impl SourceFile {
    /// A file given on its own: its key is its file name.
    pub fn new(path: impl Into<PathBuf>, format: Format) -> SourceFile {
        let path = path.into();
        let key = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        SourceFile { path, format, key }
    }
}

/// Walks files and folders in a stable (sorted) order and returns the files newsdex reads,
/// with the problems met on the way: unreadable folders, dangling symlinks, files of other
/// formats, and paths that are not regular files (named pipes, sockets, devices, or
/// symlinks to them), which are never opened. Symlinks are followed; loops are reported,
/// not followed. Hidden files and folders (their names start with `.`) are left out
/// without a word, unless named as a root.
pub fn walk(roots: &[PathBuf]) -> (Vec<SourceFile>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let absolute: Vec<Option<PathBuf>> = roots
        .iter()
        .map(|root| std::path::absolute(root).ok())
        .collect();
    for (root, absolute_root) in roots.iter().zip(&absolute) {
        let root = match std::path::absolute(root) {
            Ok(r) => r,
            Err(e) => {
                problems.push(Problem::new(root, ProblemKind::Unreadable, e.to_string()));
                continue;
            }
        };
        // Ids derive from the path below the root's parent, so that they don't depend on
        // where the collection lives; roots of one name (`x/news`, `y/news`) would give
        // their files of one name one id, so their keys are their whole paths.
        let shares_name = absolute.iter().flatten().any(|other| {
            Some(other) != absolute_root.as_ref() && other.file_name() == root.file_name()
        });
        let base = if shares_name {
            root.ancestors()
                .last()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        } else {
            root.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let walker = walkdir::WalkDir::new(&root)
            .follow_links(true)
            // By name, as `sort_by_file_name` would: entries of one folder share its path
            // as a prefix, so their whole paths compare as their names do, without
            // taking each path apart on every comparison.
            .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
            .into_iter()
            .filter_entry(|e| {
                (e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
                    && !(e.file_type().is_dir() && is_index_folder(e.path()))
            });
        // Folders reached through a symlink: the files under them are remembered by their
        // real path, so a file reached two ways is one file.
        let mut linked: Vec<PathBuf> = Vec::new();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let file_type = entry.file_type();
                    if entry.path_is_symlink() && file_type.is_dir() {
                        linked.push(entry.path().to_path_buf());
                    }
                    if file_type.is_dir() {
                        continue;
                    }
                    if !file_type.is_file() {
                        problems.push(not_a_file(entry.path(), file_type));
                        continue;
                    }
                    let Some(format) = Format::from_path(entry.path()) else {
                        problems.push(unsupported(entry.path()));
                        continue;
                    };
                    let through_link = entry.path_is_symlink()
                        || linked.iter().any(|dir| entry.path().starts_with(dir));
                    let path = entry.into_path();
                    let key = key_of(&path, &base);
                    let path = if through_link {
                        std::fs::canonicalize(&path).unwrap_or(path)
                    } else {
                        path
                    };
                    files.push(SourceFile { path, format, key });
                }
                Err(e) => {
                    let path = e
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.clone());
                    let message = match (e.loop_ancestor(), e.io_error()) {
                        (Some(ancestor), _) => {
                            format!(
                                "symlink loop back to {}, not followed",
                                escape_path(ancestor)
                            )
                        }
                        (None, Some(io)) if io.kind() == std::io::ErrorKind::NotFound => {
                            "no such file or folder (or a dangling symlink)".to_string()
                        }
                        (None, Some(io)) => io.to_string(),
                        (None, None) => e.to_string(),
                    };
                    problems.push(Problem::new(&path, ProblemKind::Unreadable, message));
                }
            }
        }
    }
    (files, problems)
}

/// The problem of a path that is not a regular file (nor a folder), by what it is.
pub(crate) fn not_a_file(path: &Path, file_type: std::fs::FileType) -> Problem {
    Problem::new(
        path,
        ProblemKind::NotAFile,
        format!("skipped: {}, not a regular file", special_kind(file_type)),
    )
}

/// What a path that is neither a regular file nor a folder is.
pub(crate) fn special_kind(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    if file_type.is_dir() {
        return "a folder";
    }
    if file_type.is_symlink() {
        return "a symlink";
    }
    "a special file"
}

/// The problem of a file that is not of a format newsdex reads.
fn unsupported(path: &Path) -> Problem {
    let what = match path.extension() {
        Some(ext) => format!("`.{}` files are not", escape_text(&ext.to_string_lossy())),
        None => "a file without an extension is not".to_string(),
    };
    Problem::new(
        path,
        ProblemKind::Unsupported,
        format!(
            "skipped: {what} a format newsdex reads ({})",
            Format::EXTENSIONS
        ),
    )
}

/// Whether `dir` holds a search index (newsdex's marker, or tantivy's list of the files
/// it wrote, is there): its files are not articles.
fn is_index_folder(dir: &Path) -> bool {
    dir.join(newsdex_schema::MARKER_FILE).is_file() || dir.join(".managed.json").is_file()
}

/// A file's path from `base`, its parts joined with `/` on every platform.
fn key_of(path: &Path, base: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    let mut key = String::with_capacity(relative.as_os_str().len());
    for (i, part) in relative.components().enumerate() {
        if i > 0 {
            key.push('/');
        }
        key.push_str(&part.as_os_str().to_string_lossy());
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_sorted_by_name_folder_by_folder_with_keys_from_the_root_s_parent() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("news");
        // Names that sort differently by whole path than by name, folder by folder:
        // `-` and `.` sort before `/`, and `0` after it.
        for name in [
            "a0.txt",
            "a.txt",
            "a-b.txt",
            "B.txt",
            "a/x.txt",
            "a/w/v.txt",
            ".hidden.txt",
        ] {
            let path = root.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "Title\n\nBody.").unwrap();
        }
        let (files, problems) = walk(std::slice::from_ref(&root));
        assert!(problems.is_empty(), "{problems:?}");
        let keys: Vec<&str> = files.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "news/B.txt",
                "news/a/w/v.txt",
                "news/a/x.txt",
                "news/a-b.txt",
                "news/a.txt",
                "news/a0.txt",
            ]
        );
        for file in &files {
            assert_eq!(file.path, root.parent().unwrap().join(&file.key));
        }
    }
}
