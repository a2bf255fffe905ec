//! Finding damage in an index: a commit file that is not what tantivy wrote, a segment
//! whose files disagree with what the commit says of it, a file that is gone or whose
//! checksum no longer matches.
//!
//! [`commit_file`] and [`segments`] with `thorough == false` cost a few reads of small
//! footers and headers a segment, and run each time an index is opened: a damaged commit
//! never answers in silence. `thorough == true` (what `check` runs) also reads every file
//! whole to verify its checksum and reads the last document of each store.

use std::collections::HashSet;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;
use tantivy::index::{SegmentComponent, SegmentMeta};
use tantivy::{Directory, Index, IndexMeta};

/// One thing wrong with an index: the file (relative to the index folder) and what is wrong
/// with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Damage {
    /// The file, relative to the index folder.
    pub file: PathBuf,
    /// What is wrong with it, in a few words.
    pub problem: String,
}

impl Damage {
    fn new(file: impl Into<PathBuf>, problem: impl Into<String>) -> Damage {
        Damage {
            file: file.into(),
            problem: problem.into(),
        }
    }
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.problem)
    }
}

const META: &str = crate::folder::META_FILE;

/// Verifies the shape of a commit file's text: only the keys tantivy writes, each of the
/// kind it writes, every count in range. A key renamed by one flipped byte (`"deletes"` to
/// `"deletez"`) would otherwise be ignored by tantivy's reader, and deleted articles would
/// come back.
pub(crate) fn commit_file(text: &str) -> Result<(), Damage> {
    let bad = |problem: String| Damage::new(META, problem);
    let meta: Value =
        serde_json::from_str(text).map_err(|e| bad(format!("not valid JSON ({e})")))?;
    let top = meta
        .as_object()
        .ok_or_else(|| bad("not a JSON object".into()))?;
    const TOP: [&str; 6] = [
        "index_settings",
        "persisted_custom_extensions",
        "segments",
        "schema",
        "opstamp",
        "payload",
    ];
    for key in top.keys() {
        if !TOP.contains(&key.as_str()) {
            return Err(bad(format!("unknown key {key:?}")));
        }
    }
    for key in ["index_settings", "segments", "schema", "opstamp"] {
        if !top.contains_key(key) {
            return Err(bad(format!("no {key:?}")));
        }
    }
    let opstamp = top["opstamp"]
        .as_u64()
        .ok_or_else(|| bad("\"opstamp\" is not a number".into()))?;
    if top.get("payload").is_some_and(|p| !p.is_string()) {
        return Err(bad("\"payload\" is not a string".into()));
    }
    let segments = top["segments"]
        .as_array()
        .ok_or_else(|| bad("\"segments\" is not a list".into()))?;
    let mut ids = HashSet::new();
    for (i, segment) in segments.iter().enumerate() {
        let at = |problem: &str| bad(format!("segment {}: {problem}", i + 1));
        let segment = segment.as_object().ok_or_else(|| at("not a JSON object"))?;
        if segment.len() != 3
            || !["segment_id", "max_doc", "deletes"]
                .iter()
                .all(|k| segment.contains_key(*k))
        {
            let keys: Vec<&String> = segment.keys().collect();
            return Err(at(&format!(
                "keys {keys:?}, not \"segment_id\", \"max_doc\" and \"deletes\""
            )));
        }
        let id = segment["segment_id"]
            .as_str()
            .ok_or_else(|| at("\"segment_id\" is not a string"))?;
        if !ids.insert(id.to_string()) {
            return Err(at(&format!("segment {id} is listed twice")));
        }
        let max_doc = segment["max_doc"]
            .as_u64()
            .filter(|&m| m <= u64::from(u32::MAX))
            .ok_or_else(|| at("\"max_doc\" is not a document count"))?;
        match &segment["deletes"] {
            Value::Null => {}
            Value::Object(deletes) => {
                if deletes.len() != 2 {
                    return Err(at("\"deletes\" has other keys than tantivy writes"));
                }
                let deleted = deletes
                    .get("num_deleted_docs")
                    .and_then(Value::as_u64)
                    .ok_or_else(|| at("\"deletes\" has no \"num_deleted_docs\""))?;
                let stamp = deletes
                    .get("opstamp")
                    .and_then(Value::as_u64)
                    .ok_or_else(|| at("\"deletes\" has no \"opstamp\""))?;
                if deleted > max_doc {
                    return Err(at(&format!("{deleted} deleted of {max_doc} documents")));
                }
                if stamp > opstamp {
                    return Err(at(&format!(
                        "deletes made at operation {stamp}, after the commit's {opstamp}"
                    )));
                }
            }
            _ => return Err(at("\"deletes\" is neither null nor an object")),
        }
    }
    Ok(())
}

/// Verifies tantivy's list of the files it wrote, `.managed.json` in `dir`, where there is
/// one: a JSON list of file names. tantivy refuses to open an index whose list it can't
/// read.
pub(crate) fn managed_file(dir: &Path) -> Result<(), Damage> {
    let file = crate::folder::MANAGED_FILE;
    let bytes = match std::fs::read(dir.join(file)) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Damage::new(file, e.to_string())),
    };
    serde_json::from_slice::<Vec<String>>(&bytes)
        .map(|_| ())
        .map_err(|e| Damage::new(file, format!("not a list of file names ({e})")))
}

/// The component files every segment has.
const COMPONENTS: [SegmentComponent; 6] = [
    SegmentComponent::Postings,
    SegmentComponent::Positions,
    SegmentComponent::Terms,
    SegmentComponent::Store,
    SegmentComponent::FastFields,
    SegmentComponent::FieldNorms,
];

/// What [`segments`] looked at.
#[derive(Debug, Default)]
pub(crate) struct Verified {
    /// Files the commit needs.
    pub(crate) files: usize,
    /// What is wrong, one entry a problem.
    pub(crate) damage: Vec<Damage>,
}

/// Verifies the segments `meta` lists against their files in `index`: each file is there,
/// and the document count of each segment is the one its field norms, fast fields (and,
/// when `thorough`, its store) hold; its delete file, when it has one, holds as many
/// deleted documents as the commit says; no delete file left in the folder is newer than
/// the commit says (the commit lost track of deletes). When `thorough`, every file's
/// checksum is verified too. `dir` is the index folder, where there is one.
pub(crate) fn segments(
    index: &Index,
    meta: &IndexMeta,
    dir: Option<&Path>,
    thorough: bool,
) -> Verified {
    let mut verified = Verified::default();
    let directory = index.directory();
    for segment in &meta.segments {
        let mut files: Vec<PathBuf> = COMPONENTS
            .iter()
            .map(|c| segment.relative_path(c.clone()))
            .collect();
        // A commit that names deletes names their file, even when it says they are
        // none (which tantivy never writes, and then ignores the file).
        if segment.delete_opstamp().is_some() {
            files.push(segment.relative_path(SegmentComponent::Delete));
        }
        let mut whole = true;
        for file in &files {
            verified.files += 1;
            if !directory.exists(file).unwrap_or(false) {
                verified.damage.push(Damage::new(file, "missing"));
                whole = false;
            } else if thorough && !directory.validate_checksum(file).unwrap_or(false) {
                // A file too short to hold its footer counts as damaged too.
                verified
                    .damage
                    .push(Damage::new(file, "its checksum does not match its content"));
                whole = false;
            }
        }
        if whole {
            verified
                .damage
                .extend(segment_counts(index, segment, thorough));
        }
    }
    if let Some(dir) = dir {
        verified.damage.extend(lost_deletes(meta, dir));
    }
    verified
}

/// Whether the files of `segment` hold as many documents as the commit says. Reading a
/// damaged file can make tantivy panic: that is damage of the file being read.
fn segment_counts(index: &Index, segment: &SegmentMeta, thorough: bool) -> Vec<Damage> {
    let mut damage = Vec::new();
    let max_doc = segment.max_doc();
    // The file being read, named if reading it panics.
    let reading = std::cell::RefCell::new(PathBuf::new());
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let directory = index.directory();
        let open = |component: SegmentComponent| {
            let file = segment.relative_path(component);
            *reading.borrow_mut() = file.clone();
            directory
                .open_read(&file)
                .map(|slice| (slice, file.clone()))
                .map_err(|e| Damage::new(file, e.to_string()))
        };

        // Field norms: one byte a document for each field that keeps them.
        match open(SegmentComponent::FieldNorms) {
            Ok((slice, file)) => match tantivy::directory::CompositeFile::open(&slice) {
                Ok(composite) => {
                    for (field, entry) in index.schema().fields() {
                        if !entry.has_fieldnorms() {
                            continue;
                        }
                        if let Some(norms) = composite.open_read(field) {
                            if norms.num_bytes().get_bytes() != u64::from(max_doc) {
                                damage.push(Damage::new(
                                    &file,
                                    format!(
                                        "field norms of `{}` for {} documents, the commit says {max_doc}",
                                        entry.name(),
                                        norms.num_bytes().get_bytes()
                                    ),
                                ));
                                break;
                            }
                        }
                    }
                }
                Err(e) => damage.push(Damage::new(&file, e.to_string())),
            },
            Err(e) => damage.push(e),
        }

        // Fast fields: a column store of max_doc rows.
        match open(SegmentComponent::FastFields) {
            Ok((slice, file)) => match tantivy::columnar::ColumnarReader::open(slice) {
                Ok(columnar) if columnar.num_docs() != max_doc => damage.push(Damage::new(
                    &file,
                    format!(
                        "fast fields for {} documents, the commit says {max_doc}",
                        columnar.num_docs()
                    ),
                )),
                Ok(_) => {}
                Err(e) => damage.push(Damage::new(&file, e.to_string())),
            },
            Err(e) => damage.push(e),
        }

        // Deletes: a bitset of the documents still alive.
        if segment.delete_opstamp().is_some() {
            match open(SegmentComponent::Delete) {
                Ok((slice, file)) => match slice.read_bytes() {
                    Ok(bytes) => {
                        if let Err(problem) =
                            alive_bitset(bytes.as_slice(), max_doc, segment.num_deleted_docs())
                        {
                            damage.push(Damage::new(&file, problem));
                        }
                    }
                    Err(e) => damage.push(Damage::new(&file, e.to_string())),
                },
                Err(e) => damage.push(e),
            }
        }

        // The store: documents 0 to max_doc - 1, and no more.
        if thorough {
            match open(SegmentComponent::Store) {
                Ok((slice, file)) => match tantivy::store::StoreReader::open(slice, 1) {
                    Ok(store) => {
                        let last_ok = max_doc == 0 || store.get_document_bytes(max_doc - 1).is_ok();
                        let beyond = store.get_document_bytes(max_doc).is_ok();
                        if !last_ok || beyond {
                            damage.push(Damage::new(
                                &file,
                                format!("the store does not hold {max_doc} documents"),
                            ));
                        }
                    }
                    Err(e) => damage.push(Damage::new(&file, e.to_string())),
                },
                Err(e) => damage.push(e),
            }
        }
    }));
    if result.is_err() {
        damage.push(Damage::new(reading.into_inner(), "unreadable"));
    }
    damage
}

/// Whether `bytes` is the alive bitset of a segment of `max_doc` documents, `deleted` of
/// them deleted: the bit count, then a 64-bit word for each 64 documents.
fn alive_bitset(bytes: &[u8], max_doc: u32, deleted: u32) -> Result<(), String> {
    let Some((head, words)) = bytes.split_first_chunk::<4>() else {
        return Err("too short to be a delete file".into());
    };
    let bits = u32::from_le_bytes(*head);
    if bits != max_doc {
        return Err(format!(
            "deletes for {bits} documents, the commit says {max_doc}"
        ));
    }
    if words.len() != (max_doc as usize).div_ceil(64) * 8 {
        return Err(format!(
            "{} bytes of deletes for {max_doc} documents",
            words.len()
        ));
    }
    // Counted as tantivy counts them, every bit: a bit set past the last document would
    // make its count of live documents wrong.
    let alive: u64 = words
        .chunks_exact(8)
        .map(|w| u64::from(u64::from_le_bytes(w.try_into().unwrap_or_default()).count_ones()))
        .sum();
    if alive > u64::from(max_doc) {
        return Err(format!("{alive} live documents of {max_doc}"));
    }
    let found = u64::from(max_doc) - alive;
    if found != u64::from(deleted) {
        return Err(format!(
            "{found} documents deleted, the commit says {deleted}"
        ));
    }
    Ok(())
}

/// Delete files in `dir` that the commit should name but doesn't: for a segment it lists,
/// made at or before the commit, and newer than the deletes the commit names for it. (A
/// newer one is left by a commit that failed; an older one by a clean-up that didn't run.)
fn lost_deletes(meta: &IndexMeta, dir: &Path) -> Vec<Damage> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut damage = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".del") else {
            continue;
        };
        let Some((id, stamp)) = stem.split_once('.') else {
            continue;
        };
        let Ok(stamp) = stamp.parse::<u64>() else {
            continue;
        };
        let Some(segment) = meta.segments.iter().find(|s| s.id().uuid_string() == id) else {
            continue;
        };
        let named = segment.delete_opstamp();
        if stamp <= meta.opstamp && named.is_none_or(|n| stamp > n) {
            damage.push(Damage::new(
                META,
                format!(
                    "it names {} of segment {id}, but {name} holds later deletes",
                    named.map_or("no deletes".to_string(), |n| format!(
                        "the deletes made at operation {n}"
                    ))
                ),
            ));
        }
    }
    damage
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"index_settings":{"docstore_compression":"zstd(compression_level=3)","docstore_blocksize":32768},"segments":[{"segment_id":"e5df1564-6bee-4f8f-85d6-8bae3002df50","max_doc":1115,"deletes":{"num_deleted_docs":126,"opstamp":2006}},{"segment_id":"195d8100-49ee-41bb-9d52-3f75e9d47787","max_doc":885,"deletes":null}],"schema":[],"opstamp":2012,"payload":"{}"}"#;

    #[test]
    fn a_commit_file_as_tantivy_writes_it_passes() {
        commit_file(GOOD).unwrap();
    }

    #[test]
    fn edited_commit_files_are_damage() {
        for (edit, with) in [
            ("\"deletes\":{", "\"deletez\":{"),
            ("\"max_doc\":885", "\"max_dog\":885"),
            ("\"opstamp\":2012", "\"opstamp\":2000"),
            ("\"num_deleted_docs\":126", "\"num_deleted_docs\":1126"),
            ("\"max_doc\":1115", "\"max_doc\":-1"),
            ("\"payload\":\"{}\"", "\"payload\":{}"),
            ("\"schema\"", "\"schemb\""),
            (
                "195d8100-49ee-41bb-9d52-3f75e9d47787",
                "e5df1564-6bee-4f8f-85d6-8bae3002df50",
            ),
            ("\"deletes\":null", "\"deletes\":1"),
            ("{\"index_settings\"", "[{\"index_settings\""),
        ] {
            let damaged = GOOD.replacen(edit, with, 1);
            assert_ne!(damaged, GOOD);
            let damage = commit_file(&damaged).unwrap_err();
            assert_eq!(damage.file, Path::new("meta.json"), "{edit}");
        }
    }

    fn bitset(max_doc: u32, dead: &[u32]) -> Vec<u8> {
        let mut words = vec![0u64; (max_doc as usize).div_ceil(64)];
        for doc in 0..max_doc {
            if !dead.contains(&doc) {
                words[doc as usize / 64] |= 1 << (doc % 64);
            }
        }
        let mut bytes = max_doc.to_le_bytes().to_vec();
        for word in words {
            bytes.extend(word.to_le_bytes());
        }
        bytes
    }

    #[test]
    fn delete_files_are_checked_against_the_commit() {
        assert_eq!(alive_bitset(&bitset(130, &[0, 64, 129]), 130, 3), Ok(()));
        assert_eq!(alive_bitset(&bitset(64, &[]), 64, 0), Ok(()));
        assert!(alive_bitset(&bitset(130, &[0, 64, 129]), 130, 2).is_err());
        assert!(alive_bitset(&bitset(130, &[1]), 131, 1).is_err());
        assert!(alive_bitset(&bitset(130, &[1])[..20], 130, 1).is_err());
        assert!(alive_bitset(&[1, 0], 130, 1).is_err());
    }
}
