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
    let mut path = String::new();
    let mut hash = String::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(paths), Some(hashes)) = (fast.str("path")?, fast.str("file_hash")?) else {
            continue;
        };
        let sizes = fast.u64("file_size")?;
        let mtimes = fast.i64("file_mtime")?;
        for doc in segment.doc_ids_alive() {
            let Some(ord) = paths.term_ords(doc).next() else {
                continue;
            };
            path.clear();
            paths
                .ord_to_str(ord, &mut path)
                .map_err(tantivy::TantivyError::from)?;
            if hashes.term_ords(doc).next().is_none() {
                // Added through the library without a file stamp: not sync's to manage.
                continue;
            }
            if let Some(file) = files.get_mut(path.as_str()) {
                file.documents += 1;
                continue;
            }
            hash.clear();
            if let Some(ord) = hashes.term_ords(doc).next() {
                hashes
                    .ord_to_str(ord, &mut hash)
                    .map_err(tantivy::TantivyError::from)?;
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
