//! Reading a JSON Lines file as a stream: a batch of records at a time, with no limit on
//! the size of the file, only on the size of one record.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use newsdex_schema::{Article, FileStamp};

use crate::format::Format;
use crate::options::ReadOptions;
use crate::problem::{FileRead, Problem, ProblemKind};
use crate::read::{decode_text, finish, load, no_article, open_regular, read_file, unreadable};
use crate::walk::SourceFile;
use crate::{decode, json};

/// How many lines of a JSON Lines file [`read_file_in_batches`] parses and hands over at
/// a time, at most…
const BATCH_LINES: usize = 8192;

/// …and how many bytes of them, at most (a batch holds at least one line).
const BATCH_BYTES: usize = 16 << 20;

/// How many bytes a streamed file is read in at a time.
const READ_CHUNK: usize = 1 << 20;

/// Articles of a file as [`read_file_in_batches`] hands them over, with how far into the
/// file it has got.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Batch {
    /// The articles of the batch, in file order (possibly none: a batch of bad records
    /// still tells how far the read has got).
    pub articles: Vec<Article>,
    /// Bytes of the file read so far.
    pub bytes_read: u64,
    /// Lines (records) of the file read so far.
    pub lines_read: usize,
}

/// Reads one file like [`read_file`], but hands its articles to `sink` in batches as they
/// are parsed instead of returning them.
///
/// A JSON Lines file is read twice: once a chunk at a time, to stamp it and check that it
/// is text, then 8,192 lines (or 16 MiB) at a time, each batch parsed and handed over
/// before the next is read. A writer can index the first batch at once, and memory holds
/// one batch, however large the file: JSON Lines files have no size limit, only their
/// records ([`ReadOptions::max_record_size`]); a longer line is left out and named, and
/// is never held in memory. Invalid UTF-8 is decoded line by line, lossily, with one
/// warning. (A UTF-16 file is read whole, under the file size limit.) Other formats come
/// in one batch.
///
/// Returns the problems (`articles` is empty) and the stamp of what was read, if the file
/// was read.
pub fn read_file_in_batches(
    file: &SourceFile,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Batch),
) -> (FileRead, Option<FileStamp>) {
    if file.format != Format::JsonLines {
        let mut read = read_file(file, options);
        let stamp = read.articles.first().and_then(|a| a.stamp.clone());
        let articles = std::mem::take(&mut read.articles);
        if !articles.is_empty() {
            sink(Batch {
                lines_read: articles.len(),
                articles,
                bytes_read: stamp.as_ref().map_or(0, |s| s.size),
            });
        }
        return (read, stamp);
    }
    let mut read = match inspect(file) {
        Ok(Inspected::Stream { stamp, bad_utf8 }) => {
            let read = stream_lines(file, options, &stamp, bad_utf8, sink);
            (read, Some(stamp))
        }
        Ok(Inspected::Whole) => read_lines_whole(file, options, sink),
        Err(skipped) => (skipped, None),
    };
    for problem in &mut read.0.problems {
        problem.path = file.path.clone();
    }
    read
}

/// What the first pass found a JSON Lines file to be.
#[derive(Debug)]
enum Inspected {
    /// UTF-8 text, to be read a batch at a time; where its first invalid byte is, if it
    /// has one.
    Stream {
        stamp: FileStamp,
        bad_utf8: Option<u64>,
    },
    /// UTF-16 (it starts with a byte-order mark): decoded whole.
    Whole,
}

/// One pass over a file, a chunk at a time: its stamp, and whether it is UTF-8 text to
/// stream (with the place of its first invalid byte), UTF-16 to decode whole, or not text
/// at all (binary, blank).
fn inspect(file: &SourceFile) -> Result<Inspected, FileRead> {
    use std::io::Read;
    let path = &file.path;
    let (mut reader, metadata) = open_regular(path)?;
    let mut hasher = blake3::Hasher::new();
    let mut buf = vec![0; READ_CHUNK];
    // `carried`: the bytes of a character cut by the end of the last chunk, moved to the
    // start of `buf` to be checked with the next.
    let (mut size, mut carried) = (0u64, 0);
    let mut blank = true;
    let mut bad_utf8 = None;
    let binary = |why: String| {
        FileRead::skipped(Problem::new(
            path,
            ProblemKind::Binary,
            format!("skipped: {why}"),
        ))
    };
    loop {
        let n = match reader.read(&mut buf[carried..]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(unreadable(path, &e)),
        };
        let fresh = &buf[carried..carried + n];
        hasher.update(fresh);
        if size == 0 {
            if fresh.starts_with(b"\xff\xfe") || fresh.starts_with(b"\xfe\xff") {
                return Ok(Inspected::Whole);
            }
            let text = fresh.strip_prefix(b"\xef\xbb\xbf").unwrap_or(fresh);
            if let Some(why) = decode::binary_reason(text) {
                return Err(binary(why));
            }
            blank = text.iter().all(u8::is_ascii_whitespace);
        } else {
            if fresh.contains(&0) {
                return Err(binary("binary file (contains NUL bytes)".into()));
            }
            blank = blank && fresh.iter().all(u8::is_ascii_whitespace);
        }
        let start_of_buf = size - carried as u64;
        size += n as u64;
        if bad_utf8.is_some() {
            carried = 0;
            continue;
        }
        let end = carried + n;
        carried = match std::str::from_utf8(&buf[..end]) {
            Ok(_) => 0,
            Err(e) if e.error_len().is_none() => end - e.valid_up_to(),
            Err(e) => {
                bad_utf8 = Some(start_of_buf + e.valid_up_to() as u64);
                0
            }
        };
        buf.copy_within(end - carried..end, 0);
    }
    if carried > 0 && bad_utf8.is_none() {
        bad_utf8 = Some(size - carried as u64);
    }
    if blank {
        return Err(FileRead::skipped(Problem::new(
            path,
            ProblemKind::Empty,
            "skipped: empty file",
        )));
    }
    let stamp = FileStamp {
        size,
        mtime_nanos: FileStamp::mtime_of(&metadata),
        hash: hasher.finalize().to_hex().to_string(),
    };
    Ok(Inspected::Stream { stamp, bad_utf8 })
}

/// One line of a file, as [`next_line`] read it.
enum Line {
    /// The end of the file.
    End,
    /// A line, appended to the buffer (its newline included); its length.
    Kept(u64),
    /// A line longer than the record limit: consumed, not kept; its length.
    TooLong(u64),
}

/// Reads the next line of `reader` onto `out`, unless it is longer than `limit` bytes (its
/// newline not counted): then it is read through and dropped, never held whole.
fn next_line(reader: &mut BufReader<File>, out: &mut Vec<u8>, limit: u64) -> std::io::Result<Line> {
    let start = out.len();
    let (mut total, mut over) = (0u64, false);
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(match (total, over) {
                (0, _) => Line::End,
                (_, true) => Line::TooLong(total),
                (_, false) => Line::Kept(total),
            });
        }
        let (n, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        total += n as u64;
        if !over && total - u64::from(done) > limit {
            over = true;
            out.truncate(start);
        }
        if !over {
            out.extend_from_slice(&available[..n]);
        }
        reader.consume(n);
        if done {
            return Ok(if over {
                Line::TooLong(total)
            } else {
                Line::Kept(total)
            });
        }
    }
}

/// Parses a JSON Lines file that [`inspect`] found to be UTF-8 text (but for the byte at
/// `bad_utf8`, if any), a batch at a time as it reads it, handing each batch's articles
/// to `sink`.
fn stream_lines(
    file: &SourceFile,
    options: &ReadOptions,
    stamp: &FileStamp,
    bad_utf8: Option<u64>,
    sink: &mut dyn FnMut(Batch),
) -> FileRead {
    let path = Path::new(&file.key);
    let mut read = FileRead::default();
    if let Some(at) = bad_utf8 {
        read.problems.push(Problem::new(
            path,
            ProblemKind::BadEncoding,
            format!("invalid UTF-8 at byte {at}, decoded lossily"),
        ));
    }
    let changed = || {
        Problem::new(
            path,
            ProblemKind::Unreadable,
            "the file changed while it was read; the next sync reads it again",
        )
    };
    let (reader, metadata) = match open_regular(&file.path) {
        Ok(opened) => opened,
        Err(skipped) => return skipped,
    };
    if metadata.len() != stamp.size {
        read.problems.push(changed());
        return read;
    }
    let limit = options.record_size_limit();
    let mut reader = BufReader::with_capacity(READ_CHUNK, reader);
    // The batch's bytes, and the number and end of each line in them.
    let (mut batch, mut ends) = (Vec::new(), Vec::with_capacity(BATCH_LINES));
    let (mut line_no, mut bytes_read, mut found) = (0usize, 0u64, 0usize);
    loop {
        let line = match next_line(&mut reader, &mut batch, limit) {
            Ok(line) => line,
            Err(e) => {
                read.problems
                    .push(Problem::new(path, ProblemKind::Unreadable, e.to_string()));
                break;
            }
        };
        let end = matches!(line, Line::End);
        match line {
            Line::End => {}
            Line::Kept(n) => {
                line_no += 1;
                bytes_read += n;
                ends.push((line_no, batch.len()));
            }
            Line::TooLong(n) => {
                line_no += 1;
                bytes_read += n;
                read.problems.push(
                    Problem::new(
                        path,
                        ProblemKind::RecordTooLarge,
                        format!(
                            "left out: the record is {n} bytes, over the {limit} byte limit for one record"
                        ),
                    )
                    .at_line(line_no),
                );
            }
        }
        let full = ends.len() == BATCH_LINES || batch.len() >= BATCH_BYTES;
        if full || (end && (!ends.is_empty() || line_no > 0)) {
            let text: Vec<(usize, Cow<'_, str>)> = if bad_utf8.is_some() {
                lines_of(&batch, &ends, |bytes| Some(String::from_utf8_lossy(bytes)))
            } else {
                match std::str::from_utf8(&batch) {
                    Ok(_) => lines_of(&batch, &ends, |bytes| {
                        std::str::from_utf8(bytes).ok().map(Cow::Borrowed)
                    }),
                    Err(_) => {
                        read.problems.push(changed());
                        break;
                    }
                }
            };
            let lines: Vec<(usize, &str)> = text.iter().map(|(n, l)| (*n, l.as_ref())).collect();
            let mut part = json::parse_lines(&lines, &file.key, path, options);
            found += add_batch(file, stamp, &mut part, &mut read, bytes_read, line_no, sink);
            batch.clear();
            ends.clear();
        }
        if end {
            break;
        }
    }
    // Lines too long to keep were named as they were met, before the problems of the
    // lines around them: in line order again.
    read.problems.sort_by_key(|p| p.line.unwrap_or(0));
    if found == 0 {
        no_article(&mut read, path);
    }
    read
}

/// The lines of a batch, numbered, without their line ends, decoded by `decode`.
fn lines_of<'a>(
    batch: &'a [u8],
    ends: &[(usize, usize)],
    decode: impl Fn(&'a [u8]) -> Option<Cow<'a, str>>,
) -> Vec<(usize, Cow<'a, str>)> {
    let mut start = 0;
    ends.iter()
        .filter_map(|&(line_no, end)| {
            let mut line = &batch[start..end];
            start = end;
            line = line.strip_suffix(b"\n").unwrap_or(line);
            line = line.strip_suffix(b"\r").unwrap_or(line);
            decode(line).map(|text| (line_no, text))
        })
        .collect()
}

/// Hands a parsed batch's articles to `sink` and keeps its problems; how many articles
/// it held.
fn add_batch(
    file: &SourceFile,
    stamp: &FileStamp,
    part: &mut FileRead,
    read: &mut FileRead,
    bytes_read: u64,
    lines_read: usize,
    sink: &mut dyn FnMut(Batch),
) -> usize {
    part.articles
        .retain(|a| !a.body.is_empty() || a.title.is_some());
    finish(file, stamp, &mut part.articles);
    read.problems.append(&mut part.problems);
    let found = part.articles.len();
    sink(Batch {
        articles: std::mem::take(&mut part.articles),
        bytes_read,
        lines_read,
    });
    found
}

/// A JSON Lines file in UTF-16: read whole (under the file size limit), decoded, then
/// parsed in batches.
fn read_lines_whole(
    file: &SourceFile,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Batch),
) -> (FileRead, Option<FileStamp>) {
    let (bytes, stamp) = match load(file, options) {
        Ok(loaded) => loaded,
        Err(skipped) => return (skipped, None),
    };
    let path = Path::new(&file.key);
    let (text, problems) = match decode_text(&bytes, path) {
        Ok(decoded) => decoded,
        Err(skipped) => return (skipped, None),
    };
    let lines = json::numbered_lines(&text);
    let mut read = FileRead {
        problems,
        ..FileRead::default()
    };
    let mut found = 0;
    let mut done = 0;
    for group in lines.chunks(BATCH_LINES) {
        done += group.len();
        let mut part = json::parse_lines(group, &file.key, path, options);
        let bytes_read = stamp.size * done as u64 / lines.len().max(1) as u64;
        found += add_batch(file, &stamp, &mut part, &mut read, bytes_read, done, sink);
    }
    if found == 0 {
        no_article(&mut read, path);
    }
    (read, Some(stamp))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stamp of a file and whether it is valid UTF-8 through and through.
    fn inspected(bytes: &[u8]) -> (FileStamp, bool) {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("f.jsonl");
        std::fs::write(&path, bytes).unwrap();
        let file = SourceFile::new(&path, Format::JsonLines);
        match inspect(&file) {
            Ok(Inspected::Stream { stamp, bad_utf8 }) => (stamp, bad_utf8.is_none()),
            other => panic!("inspect did not stream the file: {other:?}"),
        }
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
        assert!(inspected(b"\xef\xbb\xbf{}\n").1, "a UTF-8 BOM streams");
    }
}
