//! The Reuters-21578 package for the real-data tests of several crates, fetched at test
//! time by `scripts/fetch-reuters.sh` (never committed). Included by path, as each test
//! crate compiles on its own.

use std::path::PathBuf;
use std::process::Command;

/// The folder of the package, or `None` (with a line on stderr saying why the tier is
/// skipped) when it can't be fetched.
pub fn reuters() -> Option<PathBuf> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/fetch-reuters.sh");
    let output = match Command::new("bash").arg(&script).output() {
        Ok(output) => output,
        Err(e) => {
            skip(&format!("cannot run {}: {e}", script.display()));
            return None;
        }
    };
    if !output.status.success() {
        skip(&format!(
            "{} failed: {}",
            script.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
        return None;
    }
    Some(PathBuf::from(
        String::from_utf8_lossy(&output.stdout).trim(),
    ))
}

#[allow(clippy::print_stderr)]
fn skip(why: &str) {
    eprintln!("SKIPPED the Reuters-21578 tier: {why}");
}
