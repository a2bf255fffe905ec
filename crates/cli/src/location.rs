//! Paths as the CLI shows them. Where the index lives is the library's
//! [`newsdex::Location`].

use std::path::{Path, PathBuf};

/// `path` relative to the current folder when it is under it, for display.
pub fn display_path(path: &str) -> String {
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    let cwd = CWD.get_or_init(|| std::env::current_dir().ok());
    let p = Path::new(path);
    match cwd.as_deref().and_then(|c| p.strip_prefix(c).ok()) {
        Some(rel) => rel.display().to_string(),
        None => path.to_string(),
    }
}
