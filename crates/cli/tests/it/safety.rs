//! Nothing newsdex does destroys a user's file, and the binary keeps the platform's
//! protections.

#[test]
#[cfg(target_os = "linux")]
fn the_binary_is_position_independent() {
    // ELF `e_type` (bytes 16..18, little-endian on the targets we build): 3 is a shared
    // object, which a position-independent executable is; 2 a fixed-address executable,
    // which would turn off address-space randomisation.
    let bin = assert_cmd::cargo::cargo_bin("search");
    let bytes = std::fs::read(&bin).unwrap();
    assert_eq!(&bytes[..4], b"\x7fELF");
    let e_type = u16::from_le_bytes([bytes[16], bytes[17]]);
    assert_eq!(e_type, 3, "{} is not position-independent", bin.display());
}

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::{bare_search, checkout, set_format_version, Fixture};

/// Every file under `dir` with its content, and every folder (as `None`).
fn listing(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut all = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(dir).unwrap().to_path_buf();
            if path.is_dir() {
                all.insert(rel, None);
                stack.push(path);
            } else {
                all.insert(rel, Some(std::fs::read(&path).unwrap()));
            }
        }
    }
    all
}

/// `search --index DIR ARGS…` in the fixture folder.
fn search_in(f: &Fixture, dir: &Path) -> assert_cmd::Command {
    let mut cmd = bare_search(f.tmp.path());
    cmd.arg("--index").arg(dir);
    cmd
}

/// Asserts that a run failed with one error line, a hint that destroys nothing, and
/// left `dir` exactly as `before`.
fn refused(out: &std::process::Output, dir: &Path, before: &BTreeMap<PathBuf, Option<Vec<u8>>>) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for hint in stderr.lines().filter(|l| l.starts_with("hint:")) {
        assert!(
            !hint.contains("--rebuild"),
            "a hint that would destroy data: {hint}"
        );
    }
    assert_eq!(&listing(dir), before, "the folder was changed: {stderr}");
}

/// Folders that are not newsdex's: a project with its own `meta.json`, one with notes,
/// one with a sub-folder, one with a file named like tantivy's lock files.
fn foreign_folders(f: &Fixture) -> Vec<PathBuf> {
    let root = f.tmp.path();
    let mut folders = Vec::new();
    let proj = root.join("proj");
    std::fs::create_dir(&proj).unwrap();
    std::fs::write(proj.join("meta.json"), r#"{"name":"app"}"#).unwrap();
    std::fs::write(proj.join("precious.txt"), "thesis").unwrap();
    folders.push(proj);
    let notes = root.join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("precious.txt"), "thesis").unwrap();
    folders.push(notes);
    let nested = root.join("nested");
    std::fs::create_dir_all(nested.join("chapter")).unwrap();
    std::fs::write(nested.join("chapter/one.md"), "# One").unwrap();
    folders.push(nested);
    let only_meta = root.join("only-meta");
    std::fs::create_dir(&only_meta).unwrap();
    std::fs::write(
        only_meta.join("meta.json"),
        r#"{"segments":[],"schema":[]}"#,
    )
    .unwrap();
    folders.push(only_meta);
    let locks = root.join("locks");
    std::fs::create_dir(&locks).unwrap();
    std::fs::write(locks.join(".tantivy-writer.lock"), "").unwrap();
    std::fs::write(locks.join("draft.txt"), "draft").unwrap();
    folders.push(locks);
    folders
}

#[test]
fn a_folder_newsdex_did_not_make_is_never_changed_whatever_the_command() {
    let f = Fixture::new();
    for dir in foreign_folders(&f) {
        let before = listing(&dir);
        for args in [
            vec!["index", "data"],
            vec!["index", "--rebuild", "data"],
            vec!["index", "--rebuild"],
            vec!["index"],
            vec!["kim"],
            vec!["stats"],
            vec!["check"],
            vec!["show", "x"],
            vec!["watch", "data"],
        ] {
            let out = search_in(&f, &dir)
                .args(&args)
                .timeout(std::time::Duration::from_secs(60))
                .output()
                .unwrap();
            refused(&out, &dir, &before);
        }
    }
}

#[test]
fn rebuilding_an_index_or_starting_over_keeps_every_file_newsdex_did_not_write() {
    let f = Fixture::indexed();
    let idx = f.index_dir();
    // Files of the user's inside the index folder, some named like index files.
    std::fs::write(idx.join("notes.txt"), "mine").unwrap();
    std::fs::write(idx.join("meta.json.bak"), "mine too").unwrap();
    std::fs::create_dir(idx.join("sub")).unwrap();
    std::fs::write(idx.join("sub/meta.json"), "{}").unwrap();
    let theirs = |idx: &Path| {
        let all = listing(idx);
        [
            PathBuf::from("notes.txt"),
            PathBuf::from("meta.json.bak"),
            PathBuf::from("sub"),
            PathBuf::from("sub/meta.json"),
        ]
        .map(|p| (p.clone(), all.get(&p).cloned()))
    };
    let before = theirs(&idx);
    assert!(before.iter().all(|(_, v)| v.is_some()));

    f.search().args(["index", "--rebuild"]).assert().success();
    assert_eq!(theirs(&idx), before);
    // An index of another format is started over, as a damaged one is.
    set_format_version(&idx, 99);
    f.search().args(["index", "--rebuild"]).assert().success();
    assert_eq!(theirs(&idx), before);
    std::fs::remove_file(idx.join("meta.json")).unwrap();
    f.search()
        .args(["index", "--rebuild", "data"])
        .assert()
        .success();
    assert_eq!(theirs(&idx), before);
    let stats = f.search().args(["stats", "--json"]).output().unwrap();
    assert!(stats.status.success());
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(stats["documents"], 5);
}

#[test]
fn an_index_an_older_newsdex_left_without_a_marker_is_not_deleted() {
    let f = Fixture::indexed();
    let idx = f.index_dir();
    // What an older newsdex left: no marker, format 1.
    std::fs::remove_file(idx.join(newsdex::schema::MARKER_FILE)).unwrap();
    set_format_version(&idx, 1);
    let before = listing(&idx);
    for args in [
        vec!["index", "--rebuild"],
        vec!["index", "data"],
        vec!["kim"],
    ] {
        let out = f.search().args(&args).output().unwrap();
        refused(&out, &idx, &before);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("hint: "), "{stderr}");
    }
}

#[test]
fn in_a_checkout_an_index_an_older_newsdex_left_is_rebuilt_but_not_if_it_holds_other_files() {
    let f = checkout();
    bare_search(f.tmp.path()).arg("Shoigu").assert().code(0);
    let idx = f.tmp.path().join(".newsdex");
    std::fs::remove_file(idx.join(newsdex::schema::MARKER_FILE)).unwrap();
    set_format_version(&idx, 1);
    std::fs::write(idx.join("notes.txt"), "mine").unwrap();
    let before = listing(&idx);
    let out = bare_search(f.tmp.path()).arg("Shoigu").output().unwrap();
    refused(&out, &idx, &before);

    std::fs::remove_file(idx.join("notes.txt")).unwrap();
    let out = bare_search(f.tmp.path()).arg("Shoigu").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(idx.join(newsdex::schema::MARKER_FILE).is_file());
}

#[test]
fn a_new_index_goes_only_into_a_new_or_empty_folder_and_carries_the_marker() {
    let f = Fixture::new();
    let empty = f.tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    search_in(&f, &empty)
        .args(["index", "data"])
        .assert()
        .success();
    let marker = std::fs::read_to_string(empty.join(newsdex::schema::MARKER_FILE)).unwrap();
    let marker: serde_json::Value = serde_json::from_str(&marker).unwrap();
    assert_eq!(marker["format"], newsdex::FORMAT_VERSION);

    let fresh = f.tmp.path().join("a/b/fresh");
    search_in(&f, &fresh)
        .args(["index", "data"])
        .assert()
        .success();
    assert!(fresh.join(newsdex::schema::MARKER_FILE).is_file());

    // A file where the folder would be.
    let file = f.tmp.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let out = search_in(&f, &file)
        .args(["index", "data"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
}

/// `search ARGS…` run as the unprivileged user `nobody`, where this process may switch
/// to it (it runs as root, and `setpriv` is there); `None` otherwise.
#[cfg(unix)]
#[allow(clippy::print_stderr)] // a test that cannot run here says so
fn as_nobody(index: &Path, args: &[&str]) -> Option<std::process::Output> {
    let bin = assert_cmd::cargo::cargo_bin("search");
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
        .arg(&bin)
        .arg("--version")
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!(
            "skipped: cannot run the binary as another user ({})",
            String::from_utf8_lossy(&out.stderr).trim()
        );
        return None;
    }
    std::process::Command::new("setpriv")
        .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
        .arg(&bin)
        .env_remove("NEWSDEX_INDEX")
        .env("NO_COLOR", "1")
        .arg("--index")
        .arg(index)
        .args(args)
        .output()
        .ok()
}

#[test]
#[cfg(unix)]
fn index_files_follow_the_umask_and_other_users_can_search_or_are_told_what_stops_them() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::new();
    // Readable by everyone, as a shared archive is.
    for dir in [f.tmp.path().to_path_buf(), f.data()] {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    for entry in std::fs::read_dir(f.data()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let idx = f.index_dir();
    let bin = assert_cmd::cargo::cargo_bin("search");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" --index \"$1\" index \"$2\" >/dev/null")
        .arg(&bin)
        .arg(&idx)
        .arg(f.data())
        .status()
        .unwrap();
    assert!(status.success());
    for entry in std::fs::read_dir(&idx).unwrap() {
        let entry = entry.unwrap();
        let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode,
            0o644,
            "{} is {mode:o}, not what the umask 022 gives",
            entry.file_name().to_string_lossy()
        );
    }
    std::fs::set_permissions(&idx, std::fs::Permissions::from_mode(0o755)).unwrap();

    let Some(out) = as_nobody(&idx, &["--json", "kim"]) else {
        return;
    };
    assert_eq!(
        out.status.code(),
        Some(0),
        "another user searching the archive: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // What another user may not do, or not read, is said as such.
    let out = as_nobody(&idx, &["index"]).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: permission denied at "),
        "{stderr}"
    );
    let meta = idx.join("meta.json");
    std::fs::set_permissions(&meta, std::fs::Permissions::from_mode(0o600)).unwrap();
    for args in [&["kim"][..], &["stats"], &["check"]] {
        let out = as_nobody(&idx, args).unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.starts_with(&format!("error: permission denied at {}", meta.display())),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("not a newsdex index"), "{stderr}");
    }
    std::fs::set_permissions(&meta, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(&idx, std::fs::Permissions::from_mode(0o700)).unwrap();
    let out = as_nobody(&idx, &["kim"]).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(&format!("error: permission denied at {}", idx.display())),
        "{stderr}"
    );
}
