//! Reading a file whole: its size checked, its bytes decoded, then parsed by format.

use std::borrow::Cow;
use std::fs::{File, Metadata, OpenOptions};
use std::path::Path;

use newsdex_schema::{Article, FileStamp};

use crate::decode;
use crate::format::Format;
use crate::options::ReadOptions;
use crate::problem::{FileRead, Problem, ProblemKind};
use crate::walk::{not_a_file, SourceFile};
use crate::{html, json, markdown, text};

/// Reads one file: checks its size, reads its bytes and parses them by format (a JSON
/// Lines file a batch at a time, as [`read_file_in_batches`](crate::read_file_in_batches)
/// does, with no limit on its size, only on its records'). Every
/// article gets `path` set to the file's path and a [`FileStamp`] of what was read.
///
/// `key` is the name ids are derived from (see [`Article::derive_id`]); the walker passes
/// the path relative to the folder above the indexed root, so ids don't depend on where
/// the collection lives.
pub fn read_file(file: &SourceFile, options: &ReadOptions) -> FileRead {
    if file.format == Format::JsonLines {
        let mut articles = Vec::new();
        let (mut read, _) = crate::stream::read_file_in_batches(file, options, &mut |batch| {
            articles.extend(batch.articles);
        });
        read.articles = articles;
        return read;
    }
    let (bytes, stamp) = match load(file, options) {
        Ok(loaded) => loaded,
        Err(skipped) => return skipped,
    };
    let mut read = read_bytes(&bytes, file.format, &file.key, options);
    finish(file, &stamp, &mut read.articles);
    for problem in &mut read.problems {
        problem.path = file.path.clone();
    }
    read
}

/// Checks a file's size, reads it, and stamps what was read; a skipped file's reason
/// otherwise. Reads at most one byte more than the size limit, so a file that grows
/// while it is read is still refused as too large.
pub(crate) fn load(
    file: &SourceFile,
    options: &ReadOptions,
) -> Result<(Vec<u8>, FileStamp), FileRead> {
    use std::io::Read;
    let path = &file.path;
    let (reader, metadata) = open_regular(path)?;
    check_size(path, metadata.len(), options)?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    reader
        .take(options.file_size_limit().saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(path, &e))?;
    check_size(path, bytes.len() as u64, options)?;
    let stamp = FileStamp {
        size: bytes.len() as u64,
        mtime_nanos: FileStamp::mtime_of(&metadata),
        hash: blake3::hash(&bytes).to_hex().to_string(),
    };
    Ok((bytes, stamp))
}

/// A file left out because it could not be read.
pub(crate) fn unreadable(path: &Path, e: &std::io::Error) -> FileRead {
    FileRead::skipped(Problem::new(path, ProblemKind::Unreadable, e.to_string()))
}

/// Opens a regular file for reading, with its metadata; the reason to skip anything else.
/// A named pipe, a socket or a device (or a symlink to one) is never read: it is told
/// apart by its metadata before it is opened, and opened without waiting for a writer
/// (`O_NONBLOCK`), then checked again on the open file, so a path swapped for a pipe in
/// between cannot block the run nor `/dev/zero` fill its memory.
pub(crate) fn open_regular(path: &Path) -> Result<(File, Metadata), FileRead> {
    let metadata = std::fs::metadata(path).map_err(|e| unreadable(path, &e))?;
    if !metadata.is_file() {
        return Err(FileRead::skipped(not_a_file(path, metadata.file_type())));
    }
    let mut open = OpenOptions::new();
    open.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        open.custom_flags(libc::O_NONBLOCK);
    }
    let file = open.open(path).map_err(|e| unreadable(path, &e))?;
    let metadata = file.metadata().map_err(|e| unreadable(path, &e))?;
    if !metadata.is_file() {
        return Err(FileRead::skipped(not_a_file(path, metadata.file_type())));
    }
    Ok((file, metadata))
}

/// The reason to skip a file of `size` bytes, if it is over the limit.
pub(crate) fn check_size(path: &Path, size: u64, options: &ReadOptions) -> Result<(), FileRead> {
    if size > options.file_size_limit() {
        return Err(FileRead::skipped(Problem::new(
            path,
            ProblemKind::TooLarge,
            format!(
                "skipped: {size} bytes is over the {} byte limit",
                options.file_size_limit()
            ),
        )));
    }
    Ok(())
}

/// Gives each article of a file its path and stamp.
pub(crate) fn finish(file: &SourceFile, stamp: &FileStamp, articles: &mut [Article]) {
    let path_text = file.path.to_string_lossy();
    for article in articles {
        article.path = Some(path_text.to_string());
        article.stamp = Some(stamp.clone());
    }
}

/// Reads many files in parallel (on rayon's pool), in the order given.
pub fn read_files(files: &[SourceFile], options: &ReadOptions) -> Vec<FileRead> {
    use rayon::prelude::*;
    files.par_iter().map(|f| read_file(f, options)).collect()
}

/// Parses the bytes of a file in a known format. `key` names the file in problems and is
/// the base of derived ids.
///
/// Binary content (NUL bytes, the signatures of PDF, PNG, ZIP, gzip and others), empty
/// files and files over the size limit (but JSON Lines, whose records each have one) are
/// skipped with a [`Problem`] saying why; UTF-16
/// with a byte-order mark is decoded; invalid UTF-8 is decoded lossily with a warning.
pub fn read_bytes(bytes: &[u8], format: Format, key: &str, options: &ReadOptions) -> FileRead {
    let path = Path::new(key);
    // JSON Lines has no whole-file limit, only one for each record.
    if format != Format::JsonLines {
        if let Err(skipped) = check_size(path, bytes.len() as u64, options) {
            return skipped;
        }
    }
    let (text, mut problems) = match decode_text(bytes, path) {
        Ok(decoded) => decoded,
        Err(skipped) => return skipped,
    };
    let mut read = match format {
        Format::Text => text::read(&text, key),
        Format::Markdown => markdown::read(&text, key, path, options),
        Format::Html => html::read(&text, key, path, options),
        Format::Json => json::read_json(&text, key, path, options),
        Format::JsonLines => json::read_lines(&text, key, path, options),
    };
    problems.append(&mut read.problems);
    read.problems = problems;
    read.articles
        .retain(|a| !a.body.is_empty() || a.title.is_some());
    if format.is_single_article() {
        // Records of JSON files are detected as they are parsed, in parallel.
        detect_languages(&mut read.articles);
    }
    if read.articles.is_empty() && read.skip_reason().is_none() {
        no_article(&mut read, path);
    }
    read
}

/// Gives each article whose page or front matter named no language the one its text is
/// written in, where that can be told.
fn detect_languages(articles: &mut [Article]) {
    for article in articles.iter_mut().filter(|a| a.lang.is_none()) {
        article.lang = article.detect_lang();
    }
}

/// The text of a file's bytes, with a warning if it had to be decoded lossily; or the
/// reason the file is skipped (empty, binary).
pub(crate) fn decode_text<'a>(
    bytes: &'a [u8],
    path: &Path,
) -> Result<(Cow<'a, str>, Vec<Problem>), FileRead> {
    let empty = || {
        FileRead::skipped(Problem::new(
            path,
            ProblemKind::Empty,
            "skipped: empty file",
        ))
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(empty());
    }
    let mut problems = Vec::new();
    let text = match decode::decode(bytes) {
        decode::Decoded::Binary(why) => {
            return Err(FileRead::skipped(Problem::new(
                path,
                ProblemKind::Binary,
                format!("skipped: {why}"),
            )))
        }
        decode::Decoded::Text(text, warning) => {
            if let Some(warning) = warning {
                problems.push(Problem::new(path, ProblemKind::BadEncoding, warning));
            }
            text
        }
    };
    if text.trim().is_empty() {
        return Err(empty());
    }
    Ok((text, problems))
}

/// Adds the reason a file that gave no article is skipped. When every record it held
/// had no text, that one line replaces theirs.
pub(crate) fn no_article(read: &mut FileRead, path: &Path) {
    let no_text = read
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::NoText)
        .count();
    let bad = read
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::BadRecord)
        .count();
    let message = if no_text > 0 && bad == 0 {
        read.problems.retain(|p| p.kind != ProblemKind::NoText);
        if no_text == 1 {
            "skipped: its one record has no title or body with text".to_string()
        } else {
            format!("skipped: none of its {no_text} records has a title or body with text")
        }
    } else {
        "skipped: no article found".to_string()
    };
    read.problems
        .push(Problem::new(path, ProblemKind::Empty, message));
}
