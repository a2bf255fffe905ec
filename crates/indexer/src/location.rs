//! Where an index lives when a program is not told: the rules of the `search` command,
//! for every front end that should find the same index.

use std::path::{Path, PathBuf};

use newsdex_schema::NewsIndex;

use crate::Result;

/// The name of a project-local index folder.
pub const LOCAL_INDEX: &str = ".newsdex";

/// The folder an index lives in, and what [`open`](crate::open) may do with it.
///
/// ```
/// use newsdex_indexer::Location;
///
/// // An index named explicitly is used as it is: never built, never synced on its own.
/// let explicit = Location::at("/srv/news-index");
/// assert_eq!(explicit.dir, std::path::Path::new("/srv/news-index"));
/// assert!(explicit.build_over.is_none() && !explicit.auto_sync);
///
/// // Otherwise the nearest `.newsdex/` above a folder, or the per-user index.
/// let found = Location::find_from("/tmp");
/// assert!(found.auto_sync);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The index folder.
    pub dir: PathBuf,
    /// The folders to build it over when it doesn't exist yet, and to rebuild it over
    /// when it is of another format (the `data/` of a newsdex checkout).
    pub build_over: Option<Vec<PathBuf>>,
    /// Whether it is brought in sync with its folders before it is searched.
    pub auto_sync: bool,
}

impl Location {
    /// The index in `dir`, as named by the user: used as it is.
    pub fn at(dir: impl Into<PathBuf>) -> Location {
        Location {
            dir: dir.into(),
            build_over: None,
            auto_sync: false,
        }
    }

    /// `explicit` if given; else the index found from the current folder
    /// ([`Location::find_from`]).
    pub fn find(explicit: Option<&Path>) -> Location {
        match explicit {
            Some(dir) => Location::at(dir),
            None => {
                let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
                Location::find_from(cwd)
            }
        }
    }

    /// The index for a program working in `folder`: the nearest `.newsdex/` in it or
    /// above; else, inside a newsdex source checkout, `.newsdex/` at its root, built over
    /// its `data/`; else the per-user index ([`user_index_dir`]). Each is kept in sync
    /// with its folders before searches.
    pub fn find_from(folder: impl AsRef<Path>) -> Location {
        for folder in folder.as_ref().ancestors() {
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

    /// The paths a sync of `index` starts from: `given`; else, for an index that
    /// remembers no folder yet, the folders this location builds over.
    pub fn paths_to_index(&self, index: &NewsIndex, given: &[PathBuf]) -> Result<Vec<PathBuf>> {
        if given.is_empty() && index.commit_meta()?.roots.is_empty() {
            if let Some(roots) = &self.build_over {
                return Ok(roots.clone());
            }
        }
        Ok(given.to_vec())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_local_index_wins_and_a_checkout_builds_over_its_data() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("data")).unwrap();
        std::fs::create_dir_all(root.join("crates/cli")).unwrap();
        std::fs::write(root.join("crates/cli/Cargo.toml"), "").unwrap();
        std::fs::write(root.join("Cargo.toml"), "[package]\nname = \"newsdex\"\n").unwrap();
        let deep = root.join("a/b");
        std::fs::create_dir_all(&deep).unwrap();

        let found = Location::find_from(&deep);
        assert_eq!(found.dir, root.join(LOCAL_INDEX));
        assert_eq!(found.build_over, Some(vec![root.join("data")]));
        assert!(found.auto_sync);

        std::fs::create_dir(root.join("a").join(LOCAL_INDEX)).unwrap();
        let nearer = Location::find_from(&deep);
        assert_eq!(nearer.dir, root.join("a").join(LOCAL_INDEX));
        assert_eq!(nearer.build_over, None);
    }
}
