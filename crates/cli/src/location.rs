//! Where the index lives when `--index` is not given.

use std::path::{Path, PathBuf};

/// The folder an index lives in and what to do when it is missing or stale.
#[derive(Clone, Debug)]
pub struct Location {
    /// The index folder.
    pub dir: PathBuf,
    /// The folders to build it over when it doesn't exist yet (the checkout's `data/`).
    pub build_over: Option<Vec<PathBuf>>,
    /// Whether searches bring it in sync with its folders first.
    pub auto_sync: bool,
}

/// The name of a project-local index folder.
pub const LOCAL_INDEX: &str = ".newsdex";

/// Finds the index: `--index` (or `NEWSDEX_INDEX`) if given; else the nearest `.newsdex/`
/// in the current folder or above; else, inside a newsdex checkout, `.newsdex/` at its
/// root, built over its `data/`; else `newsdex/index` in the per-user data folder.
pub fn locate(explicit: Option<&Path>) -> Location {
    if let Some(dir) = explicit {
        return Location {
            dir: dir.to_path_buf(),
            build_over: None,
            auto_sync: false,
        };
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    for folder in cwd.ancestors() {
        let local = folder.join(LOCAL_INDEX);
        let checkout = is_newsdex_checkout(folder);
        if local.is_dir() || checkout {
            return Location {
                dir: local,
                build_over: checkout.then(|| vec![folder.join("data")]),
                auto_sync: true,
            };
        }
    }
    Location {
        dir: user_index_dir(),
        build_over: None,
        auto_sync: true,
    }
}

/// Whether `folder` is the root of a newsdex source checkout with its sample data.
fn is_newsdex_checkout(folder: &Path) -> bool {
    folder.join("data").is_dir()
        && folder.join("crates/cli/Cargo.toml").is_file()
        && std::fs::read_to_string(folder.join("Cargo.toml"))
            .is_ok_and(|manifest| manifest.contains("name = \"newsdex\""))
}

/// `$XDG_DATA_HOME/newsdex/index` on Linux (`~/.local/share/newsdex/index`), the
/// platform's equivalent elsewhere.
pub fn user_index_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("newsdex")
        .join("index")
}

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
