//! What the index remembers of the files it was built from.

use std::collections::HashMap;

use newsdex_schema::{FileStamp, NewsIndex};

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
    let reader = index
        .tantivy()
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let mut files: HashMap<String, IndexedFile> = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(paths), Some(hashes)) = (fast.str("path")?, fast.str("file_hash")?) else {
            continue;
        };
        let sizes = fast.u64("file_size")?;
        let mtimes = fast.i64("file_mtime")?;
        // Each dictionary is decoded once, in one pass: looking terms up one ord at a time
        // decompresses a dictionary block per call, and made
        // this cost half a second for 20,000 files.
        let path_terms = all_terms(&paths)?;
        let hash_terms = all_terms(&hashes)?;
        for doc in segment.doc_ids_alive() {
            let Some(path) = paths
                .term_ords(doc)
                .next()
                .map(|ord| &path_terms[ord as usize])
            else {
                continue;
            };
            let Some(hash) = hashes
                .term_ords(doc)
                .next()
                .map(|ord| &hash_terms[ord as usize])
            else {
                // Added through the library without a file stamp: not sync's to manage.
                continue;
            };
            if let Some(file) = files.get_mut(path.as_str()) {
                file.documents += 1;
                continue;
            }
            let stamp = FileStamp {
                size: sizes.first(doc).unwrap_or_default(),
                mtime_nanos: mtimes.first(doc).unwrap_or_default(),
                hash: hash.clone(),
            };
            files.insert(
                path.clone(),
                IndexedFile {
                    stamp,
                    documents: 1,
                },
            );
        }
    }
    Ok(files)
}

/// Every term of a string fast field's dictionary, indexed by term ordinal.
fn all_terms(column: &tantivy::columnar::StrColumn) -> Result<Vec<String>> {
    let dictionary = column.dictionary();
    let mut terms = Vec::with_capacity(dictionary.num_terms());
    let mut stream = dictionary.stream().map_err(tantivy::TantivyError::from)?;
    while stream.advance() {
        debug_assert_eq!(stream.term_ord() as usize, terms.len());
        terms.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(terms)
}
