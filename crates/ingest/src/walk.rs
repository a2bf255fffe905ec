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

/// Which files under the folders a walk takes, beside the rules that always hold (hidden
/// files and index folders are left out): globs that a file must match to be taken
/// (`include`) and globs that leave files and folders out (`exclude`), and ignore files
/// met in the folders.
///
/// Globs are matched as lines of a `.gitignore` are, against the path below the folder
/// walked: `*.txt` and `drafts/` anywhere, `/2023/**` or `2023/*/opec*` from the folder's
/// top. With one or more includes, a file that matches none is left out; an exclude wins
/// over an include. As with ripgrep's `--glob`, a glob given here is stronger than ignore
/// files for the files it matches, but does not bring back a folder they leave out.
///
/// Ignore files are read as ripgrep reads them: `.ignore` in any folder walked (and the
/// folders above it), `.gitignore` (with `.git/info/exclude`) inside a git repository,
/// and newsdex's own `.newsdexignore` anywhere; a user's global git excludes are not read.
///
/// ```
/// use newsdex_ingest::{walk_with, WalkOptions};
///
/// # fn main() -> newsdex_ingest::Result<()> {
/// let news = tempfile::tempdir()?;
/// for name in ["a.txt", "b.md", "drafts/c.txt"] {
///     let path = news.path().join(name);
///     std::fs::create_dir_all(path.parent().unwrap())?;
///     std::fs::write(path, "Kim meets Shoigu\n\nIn Pyongyang.")?;
/// }
/// let options = WalkOptions::new().include("*.txt").exclude("drafts/");
/// options.check()?;
/// let (files, _) = walk_with(&[news.path().to_path_buf()], &options);
/// assert_eq!(files.len(), 1);
/// assert!(files[0].key.ends_with("/a.txt"));
/// # Ok(())
/// # }
/// ```
#[must_use = "a builder does nothing until it is used"]
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WalkOptions {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    include: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    exclude: Vec<String>,
}

/// The ignore file that only newsdex reads, in any folder it walks.
pub const IGNORE_FILE: &str = ".newsdexignore";

impl WalkOptions {
    /// Every file newsdex reads, but for those ignore files leave out.
    pub fn new() -> WalkOptions {
        WalkOptions::default()
    }

    /// Takes only files that match this glob or another include (repeatable).
    pub fn include(mut self, glob: impl Into<String>) -> WalkOptions {
        self.include.push(glob.into());
        self
    }

    /// Leaves out the files and folders that match this glob (repeatable).
    pub fn exclude(mut self, glob: impl Into<String>) -> WalkOptions {
        self.exclude.push(glob.into());
        self
    }

    /// The include globs, in the order given.
    pub fn includes(&self) -> &[String] {
        &self.include
    }

    /// The exclude globs, in the order given.
    pub fn excludes(&self) -> &[String] {
        &self.exclude
    }

    /// Whether no glob is given.
    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }

    /// Fails with [`Error::BadGlob`](crate::Error::BadGlob) for the first glob that does
    /// not parse. A walk with such a glob reports it as a problem and takes no file of
    /// the folder.
    pub fn check(&self) -> crate::Result<()> {
        self.overrides(Path::new("/")).map(|_| ())
    }

    /// The globs as ripgrep's overrides, relative to `root`.
    fn overrides(&self, root: &Path) -> crate::Result<ignore::overrides::Override> {
        let mut builder = ignore::overrides::OverrideBuilder::new(root);
        let globs = self
            .include
            .iter()
            .map(|g| (g, g.clone()))
            .chain(self.exclude.iter().map(|g| (g, format!("!{g}"))));
        for (given, glob) in globs {
            let bad = |e: ignore::Error| crate::Error::BadGlob {
                glob: given.clone(),
                reason: match innermost(&e) {
                    ignore::Error::Glob { err, .. } => err.clone(),
                    other => other.to_string(),
                },
            };
            if given.trim().is_empty() {
                return Err(crate::Error::BadGlob {
                    glob: given.clone(),
                    reason: "an empty glob matches nothing".into(),
                });
            }
            builder.add(&glob).map_err(bad)?;
        }
        builder.build().map_err(|e| crate::Error::BadGlob {
            glob: self
                .include
                .iter()
                .chain(&self.exclude)
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
            reason: innermost(&e).to_string(),
        })
    }
}

/// Walks files and folders in a stable (sorted) order and returns the files newsdex reads,
/// with the problems met on the way: unreadable folders, dangling symlinks, files of other
/// formats, and paths that are not regular files (named pipes, sockets, devices, or
/// symlinks to them), which are never opened. Symlinks are followed; loops are reported,
/// not followed. Hidden files and folders (their names start with `.`) are left out
/// without a word, unless named as a root; so are the files ignore files name (see
/// [`WalkOptions`]).
pub fn walk(roots: &[PathBuf]) -> (Vec<SourceFile>, Vec<Problem>) {
    walk_with(roots, &WalkOptions::default())
}

/// [`walk`], taking only the files `options` lets through.
pub fn walk_with(roots: &[PathBuf], options: &WalkOptions) -> (Vec<SourceFile>, Vec<Problem>) {
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
        let overrides = match options.overrides(&root) {
            Ok(overrides) => overrides,
            Err(e) => {
                problems.push(Problem::new(&root, ProblemKind::Unreadable, e.to_string()));
                continue;
            }
        };
        let walker = ignore::WalkBuilder::new(&root)
            .follow_links(true)
            .standard_filters(true)
            .git_global(false)
            .add_custom_ignore_filename(IGNORE_FILE)
            .overrides(overrides)
            // By name, folder by folder.
            .sort_by_file_name(|a, b| a.cmp(b))
            // Hidden entries stay out even where a glob would take them.
            .filter_entry(|e| {
                (e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
                    && !(e.file_type().is_some_and(|t| t.is_dir()) && is_index_folder(e.path()))
            })
            .build();
        // Folders reached through a symlink: the files under them are remembered by their
        // real path, so a file reached two ways is one file.
        let mut linked: Vec<PathBuf> = Vec::new();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    if let Some(err) = entry.error() {
                        problems.extend(ignore_file_problems(err, entry.path()));
                    }
                    let Some(file_type) = entry.file_type() else {
                        continue;
                    };
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
                    let path = error_path(&e)
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.clone());
                    let message = match (loop_ancestor(&e), e.io_error()) {
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
                        (None, None) => innermost(&e).to_string(),
                    };
                    problems.push(Problem::new(&path, ProblemKind::Unreadable, message));
                }
            }
        }
    }
    (files, problems)
}

/// The problems of the ignore files of a folder, one a bad line, each naming the file:
/// the rest of the file still applies.
fn ignore_file_problems(err: &ignore::Error, folder: &Path) -> Vec<Problem> {
    fn collect(
        err: &ignore::Error,
        path: Option<&Path>,
        line: Option<u64>,
        out: &mut Vec<(Option<PathBuf>, Option<u64>, String)>,
    ) {
        match err {
            ignore::Error::Partial(errs) => {
                for e in errs {
                    collect(e, path, line, out);
                }
            }
            ignore::Error::WithPath { path, err } => collect(err, Some(path), line, out),
            ignore::Error::WithLineNumber { line, err } => collect(err, path, Some(*line), out),
            ignore::Error::WithDepth { err, .. } => collect(err, path, line, out),
            other => out.push((path.map(Path::to_path_buf), line, other.to_string())),
        }
    }
    let mut found = Vec::new();
    collect(err, None, None, &mut found);
    found
        .into_iter()
        .map(|(path, line, message)| {
            let path = path.unwrap_or_else(|| folder.to_path_buf());
            let problem = Problem::new(
                &path,
                ProblemKind::BadField,
                format!("ignore file: {message}; this line is not applied"),
            );
            match line.and_then(|l| usize::try_from(l).ok()) {
                Some(line) => problem.at_line(line),
                None => problem,
            }
        })
        .collect()
}

/// The path an error of the walk names, if any.
fn error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::Partial(errs) => errs.iter().find_map(error_path),
        _ => None,
    }
}

/// The folder a symlink loop leads back to, for a loop.
fn loop_ancestor(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::Loop { ancestor, .. } => Some(ancestor),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => loop_ancestor(err),
        _ => None,
    }
}

/// The error without the path, depth or line it is wrapped in (those are said apart).
fn innermost(err: &ignore::Error) -> &ignore::Error {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => innermost(err),
        ignore::Error::Partial(errs) if errs.len() == 1 => innermost(&errs[0]),
        other => other,
    }
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
