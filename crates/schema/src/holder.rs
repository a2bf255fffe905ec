//! The record of which process holds an index's writer lock, kept in the lock file itself
//! (tantivy locks the file, and never reads what it holds).

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// What a writer records about itself.
#[derive(Debug, Serialize, Deserialize)]
struct Holder {
    pid: u32,
    command: String,
    since: chrono::DateTime<chrono::Utc>,
}

/// At most this many characters of the command line are recorded.
const MAX_COMMAND_CHARS: usize = 160;

/// Writes this process into the lock file at `path`, which it holds; errors are ignored
/// (the record only helps a message).
pub(crate) fn record(path: &Path) {
    let mut args = std::env::args();
    let program = args
        .next()
        .map(|p| {
            Path::new(&p)
                .file_name()
                .map_or(p.clone(), |n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    let mut command = std::iter::once(program)
        .chain(args)
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>();
    if command.chars().count() > MAX_COMMAND_CHARS {
        command = command.chars().take(MAX_COMMAND_CHARS).collect::<String>() + "…";
    }
    let holder = Holder {
        pid: std::process::id(),
        command,
        since: chrono::Utc::now(),
    };
    let Ok(text) = serde_json::to_string(&holder) else {
        return;
    };
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)
    {
        let _ = file.write_all(text.as_bytes());
    }
}

/// The holder recorded in the lock file at `path`, as one short phrase.
pub(crate) fn read(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let holder: Holder = serde_json::from_str(text.trim()).ok()?;
    Some(format!(
        "pid {}: {}, since {} UTC",
        holder.pid,
        holder.command,
        holder.since.format("%Y-%m-%d %H:%M:%S")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_holder_reads_back_and_anything_else_is_none() {
        let tmp = tempfile::tempdir().unwrap();
        let lock = tmp.path().join(".tantivy-writer.lock");
        std::fs::write(&lock, "").unwrap();
        assert_eq!(read(&lock), None);
        record(&lock);
        let holder = read(&lock).unwrap();
        assert!(
            holder.starts_with(&format!("pid {}: ", std::process::id())),
            "{holder}"
        );
        assert!(holder.ends_with(" UTC"), "{holder}");
        std::fs::write(&lock, "not json").unwrap();
        assert_eq!(read(&lock), None);
    }
}
