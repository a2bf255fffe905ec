//! Reading a JSON Lines file as a stream: a batch of records at a time.

use std::path::Path;

use newsdex_schema::{Article, FileStamp};

use crate::format::Format;
use crate::options::ReadOptions;
use crate::problem::{FileRead, Problem, ProblemKind};
use crate::read::{
    check_size, decode_text, finish, load, no_article, open_regular, read_file, unreadable,
};
use crate::walk::SourceFile;
use crate::{decode, json};

/// How many lines of a JSON Lines file [`read_file_in_batches`] parses and hands over at
/// a time.
const BATCH_LINES: usize = 8192;

/// How many bytes a streamed file is read in at a time.
const READ_CHUNK: usize = 1 << 20;

/// Reads one file like [`read_file`], but hands its articles to `sink` in batches as they
/// are parsed instead of returning them. A JSON Lines file is read twice: once a chunk at
/// a time, to stamp it and check that it is UTF-8 text, then 8,192 lines at a time, each
/// batch parsed and handed over before the next is read. A writer can index the first
/// batch at once, and memory holds one batch, however large the file. (A file that needs
/// decoding, UTF-16 or invalid UTF-8, is read whole.) Other formats come in one batch.
/// Returns the problems (`articles` is empty) and the stamp of what was read, if the file
/// was read.
pub fn read_file_in_batches(
    file: &SourceFile,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Vec<Article>),
) -> (FileRead, Option<FileStamp>) {
    if file.format != Format::JsonLines {
        let mut read = read_file(file, options);
        let stamp = read.articles.first().and_then(|a| a.stamp.clone());
        let articles = std::mem::take(&mut read.articles);
        if !articles.is_empty() {
            sink(articles);
        }
        return (read, stamp);
    }
    let mut read = match inspect(file, options) {
        Ok((stamp, true)) => {
            let read = stream_lines(file, options, &stamp, sink);
            (read, Some(stamp))
        }
        Ok((_, false)) => read_lines_whole(file, options, sink),
        Err(skipped) => (skipped, None),
    };
    for problem in &mut read.0.problems {
        problem.path = file.path.clone();
    }
    read
}

/// One pass over a file, a chunk at a time: its stamp, and whether it can be streamed as
/// it is (UTF-8 without a byte-order mark, not binary, not blank).
fn inspect(file: &SourceFile, options: &ReadOptions) -> Result<(FileStamp, bool), FileRead> {
    use std::io::Read;
    let path = &file.path;
    let (mut reader, metadata) = open_regular(path)?;
    check_size(path, metadata.len(), options)?;
    let mut hasher = blake3::Hasher::new();
    let mut buf = vec![0; READ_CHUNK];
    // `carried`: the bytes of a character cut by the end of the last chunk, moved to the
    // start of `buf` to be checked with the next.
    let (mut size, mut carried) = (0u64, 0);
    let (mut streamable, mut blank) = (true, true);
    loop {
        let n = match reader.read(&mut buf[carried..]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(unreadable(path, &e)),
        };
        let fresh = &buf[carried..carried + n];
        hasher.update(fresh);
        if size == 0 && (decode::has_bom(fresh) || decode::binary_reason(fresh).is_some()) {
            streamable = false;
        }
        size += n as u64;
        check_size(path, size, options)?;
        if !streamable || fresh.contains(&0) {
            streamable = false;
            carried = 0;
            continue;
        }
        blank = blank && fresh.iter().all(u8::is_ascii_whitespace);
        let end = carried + n;
        carried = match std::str::from_utf8(&buf[..end]) {
            Ok(_) => 0,
            Err(e) if e.error_len().is_none() => end - e.valid_up_to(),
            Err(_) => {
                streamable = false;
                0
            }
        };
        buf.copy_within(end - carried..end, 0);
    }
    let stamp = FileStamp {
        size,
        mtime_nanos: FileStamp::mtime_of(&metadata),
        hash: hasher.finalize().to_hex().to_string(),
    };
    Ok((stamp, streamable && !blank && carried == 0))
}

/// Parses a JSON Lines file that [`inspect`] found streamable, [`BATCH_LINES`] lines at
/// a time as it reads it, handing each batch's articles to `sink`.
fn stream_lines(
    file: &SourceFile,
    options: &ReadOptions,
    stamp: &FileStamp,
    sink: &mut dyn FnMut(Vec<Article>),
) -> FileRead {
    use std::io::BufRead;
    let path = Path::new(&file.key);
    let mut read = FileRead::default();
    let reader = match open_regular(&file.path) {
        Ok((reader, _)) => reader,
        Err(skipped) => return skipped,
    };
    let mut reader = std::io::BufReader::with_capacity(READ_CHUNK, reader);
    let (mut batch, mut ends) = (Vec::new(), Vec::with_capacity(BATCH_LINES));
    let (mut first_line, mut found) = (1, 0);
    loop {
        let n = match reader.read_until(b'\n', &mut batch) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                read.problems
                    .push(Problem::new(path, ProblemKind::Unreadable, e.to_string()));
                break;
            }
        };
        if n > 0 {
            ends.push(batch.len());
        }
        if ends.len() == BATCH_LINES || (n == 0 && !ends.is_empty()) {
            let Ok(text) = std::str::from_utf8(&batch) else {
                read.problems.push(Problem::new(
                    path,
                    ProblemKind::Unreadable,
                    "the file changed while it was read; the next sync reads it again",
                ));
                break;
            };
            let mut start = 0;
            let lines: Vec<(usize, &str)> = ends
                .iter()
                .enumerate()
                .map(|(i, &end)| {
                    let line = &text[start..end];
                    start = end;
                    let line = line.strip_suffix('\n').unwrap_or(line);
                    (first_line + i, line.strip_suffix('\r').unwrap_or(line))
                })
                .collect();
            let mut part = json::parse_lines(&lines, &file.key, path, options);
            found += add_batch(file, stamp, &mut part, &mut read, sink);
            first_line += ends.len();
            batch.clear();
            ends.clear();
        }
        if n == 0 {
            break;
        }
    }
    if found == 0 {
        no_article(&mut read, path);
    }
    read
}

/// Hands a parsed batch's articles to `sink` and keeps its problems; how many articles
/// it held.
fn add_batch(
    file: &SourceFile,
    stamp: &FileStamp,
    part: &mut FileRead,
    read: &mut FileRead,
    sink: &mut dyn FnMut(Vec<Article>),
) -> usize {
    part.articles
        .retain(|a| !a.body.is_empty() || a.title.is_some());
    finish(file, stamp, &mut part.articles);
    read.problems.append(&mut part.problems);
    let found = part.articles.len();
    if found > 0 {
        sink(std::mem::take(&mut part.articles));
    }
    found
}

/// A JSON Lines file that needs decoding (UTF-16, invalid UTF-8) or is not text: read
/// whole, then parsed in batches.
fn read_lines_whole(
    file: &SourceFile,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Vec<Article>),
) -> (FileRead, Option<FileStamp>) {
    let (bytes, stamp) = match load(file, options) {
        Ok(loaded) => loaded,
        Err(skipped) => return (skipped, None),
    };
    let path = Path::new(&file.key);
    let (text, problems) = match decode_text(&bytes, path, options) {
        Ok(decoded) => decoded,
        Err(skipped) => return (skipped, None),
    };
    let lines = json::numbered_lines(&text);
    let mut read = FileRead {
        problems,
        ..FileRead::default()
    };
    let mut found = 0;
    for group in lines.chunks(BATCH_LINES) {
        let mut part = json::parse_lines(group, &file.key, path, options);
        found += add_batch(file, &stamp, &mut part, &mut read, sink);
    }
    if found == 0 {
        no_article(&mut read, path);
    }
    (read, Some(stamp))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inspected(bytes: &[u8]) -> (FileStamp, bool) {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("f.jsonl");
        std::fs::write(&path, bytes).unwrap();
        let file = SourceFile::new(&path, Format::JsonLines);
        let options = ReadOptions::default();
        inspect(&file, &options).unwrap_or_else(|_| panic!("inspect skipped the file"))
    }

    #[test]
    fn inspect_checks_characters_cut_by_the_end_of_a_read() {
        // `é` is two bytes; the first is the last byte of the first read.
        let mut bytes = vec![b'a'; READ_CHUNK - 1];
        bytes.extend_from_slice("é\n".as_bytes());
        let (stamp, streamable) = inspected(&bytes);
        assert!(streamable);
        assert_eq!(stamp.size, bytes.len() as u64);
        assert_eq!(stamp.hash, blake3::hash(&bytes).to_hex().to_string());

        // A four-byte character cut after its second byte.
        let mut bytes = vec![b'a'; READ_CHUNK - 2];
        bytes.extend_from_slice("𝄞\n".as_bytes());
        assert!(inspected(&bytes).1);

        // A lone continuation byte after the cut is not UTF-8.
        let mut bytes = vec![b'a'; READ_CHUNK - 1];
        bytes.extend_from_slice(b"\xc3\x28\n");
        assert!(!inspected(&bytes).1);

        // Nor is a file ending in the middle of a character.
        assert!(!inspected(b"{}\n\xc3").1);
        assert!(inspected(b"{}\n").1);
        assert!(
            !inspected(b"\xef\xbb\xbf{}\n").1,
            "a BOM is left to the whole read"
        );
    }
}
