//! What the index remembers of the files it was built from.

use std::collections::HashMap;

use newsdex_schema::{FileStamp, NewsIndex};
use rustc_hash::FxBuildHasher;

use crate::Result;

/// One file the index holds articles from, with the stamp it had when it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexedFile {
    /// Size, modification time and content hash at indexing time.
    pub stamp: FileStamp,
    /// How many articles the index holds from it.
    pub documents: u64,
}

/// Every file the last commit of `index` holds articles from, by absolute path. Reads only
/// fast fields, so it costs milliseconds for tens of thousands of files.
pub fn indexed_files(index: &NewsIndex) -> Result<HashMap<String, IndexedFile>> {
    Ok(read_files(index, true)?.into_iter().collect())
}

/// Files by path, hashed with Fx: tens of thousands of paths are hashed on every check.
pub(crate) type Files = HashMap<String, IndexedFile, FxBuildHasher>;

/// The files of the last commit; their content hashes only if `hashes`. Deciding whether
/// a file changed needs only size and time, and the hashes are a second dictionary of 64
/// bytes a file to decode.
pub(crate) fn read_files(index: &NewsIndex, hashes: bool) -> Result<Files> {
    // A damaged fast-field file can make tantivy panic: that is damage, named.
    index.guard(|| read_stamps(index, hashes).map_err(|e| index.error(e)))
}

fn read_stamps(index: &NewsIndex, hashes: bool) -> tantivy::Result<Files> {
    let reader = index
        .tantivy()
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let mut files = Files::default();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(paths), Some(hash_column)) = (fast.str("path")?, fast.str("file_hash")?) else {
            continue;
        };
        let sizes = fast.u64("file_size")?;
        let mtimes = fast.i64("file_mtime")?;
        // Each dictionary is decoded once, in one pass: looking terms up one ord at a time
        // decompresses a dictionary block per call, and made this cost half a second for
        // 20,000 files. A file's articles are counted by the ordinal of its path, so a
        // file of 80,000 records costs one string, not 80,000 lookups by name.
        let path_terms = all_terms(&paths)?;
        let hash_terms = if hashes {
            all_terms(&hash_column)?
        } else {
            Vec::new()
        };
        let mut counts: Vec<u64> = vec![0; path_terms.len()];
        let mut first_doc: Vec<Option<(tantivy::DocId, u64)>> = vec![None; path_terms.len()];
        // Ordinals are read a block of documents at a time, which unpacks them in bulk.
        let alive: Vec<tantivy::DocId> = segment.doc_ids_alive().collect();
        let mut path_ords = [None; ORD_BLOCK];
        let mut hash_ords = [None; ORD_BLOCK];
        for docs in alive.chunks(ORD_BLOCK) {
            let n = docs.len();
            path_ords[..n].fill(None);
            hash_ords[..n].fill(None);
            paths.ords().first_vals(docs, &mut path_ords[..n]);
            hash_column.ords().first_vals(docs, &mut hash_ords[..n]);
            for ((&doc, ord), hash_ord) in docs.iter().zip(path_ords).zip(hash_ords) {
                let (Some(ord), Some(hash_ord)) = (ord, hash_ord) else {
                    // Added through the library without a file stamp: not sync's to manage.
                    continue;
                };
                let ord = ord as usize;
                counts[ord] += 1;
                first_doc[ord].get_or_insert((doc, hash_ord));
            }
        }
        for (ord, first) in first_doc.into_iter().enumerate() {
            let Some((doc, hash_ord)) = first else {
                continue;
            };
            let path = &path_terms[ord];
            if let Some(file) = files.get_mut(path.as_str()) {
                file.documents += counts[ord];
                continue;
            }
            let stamp = FileStamp {
                size: sizes.first(doc).unwrap_or_default(),
                mtime_nanos: mtimes.first(doc).unwrap_or_default(),
                hash: hash_terms
                    .get(hash_ord as usize)
                    .cloned()
                    .unwrap_or_default(),
            };
            files.insert(
                path.clone(),
                IndexedFile {
                    stamp,
                    documents: counts[ord],
                },
            );
        }
    }
    Ok(files)
}

/// How many documents' ordinals are read at once.
const ORD_BLOCK: usize = 1024;

/// Every term of a string fast field's dictionary, indexed by term ordinal.
fn all_terms(column: &tantivy::columnar::StrColumn) -> tantivy::Result<Vec<String>> {
    let dictionary = column.dictionary();
    let mut terms = Vec::with_capacity(dictionary.num_terms());
    let mut stream = dictionary.stream().map_err(tantivy::TantivyError::from)?;
    while stream.advance() {
        debug_assert_eq!(stream.term_ord() as usize, terms.len());
        terms.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(terms)
}
