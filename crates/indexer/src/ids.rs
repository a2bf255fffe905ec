//! One article an id: which record keeps an id that two records give, in one file or two.
//!
//! A sync handles files in walk order (folders sorted, files by name) and the records of a
//! file in file order, and the first record to give an id keeps it: a later record with
//! the same id is left out, with a warning naming both files. An article already in the
//! index keeps its id against a record of a file that comes after its own; a record of a
//! file that comes before it takes the id, and the other file is read again in the same
//! run, so that what it lost is said. So the article kept is always the one of the first
//! file in walk order, whichever was indexed first.

use std::collections::{HashMap, HashSet};

use rustc_hash::FxBuildHasher;

use newsdex_ingest::{Problem, ProblemKind};
use newsdex_schema::Fields;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Searcher, Term, TERMINATED};

use crate::given::{Given, IdKey};

/// What a sync knows of the ids it has given out and those the index held when it began.
pub(crate) struct Claims {
    /// The index's last commit, where the sync does not start from nothing.
    committed: Option<Searcher>,
    /// The id field.
    id: tantivy::schema::Field,
    /// Ids given in this run ([`IdKey`]s), with the file (a number in `files`) and line
    /// (0 for none) that gave each: the one thing a sync keeps of each article it
    /// writes, in bounded memory ([`Given`]).
    given: Given,
    /// The files that gave ids, numbered.
    files: Vec<String>,
    file_numbers: HashMap<String, u32, FxBuildHasher>,
    /// Files whose articles in the last commit are gone in this run (read again, or
    /// removed): they hold no id.
    replaced: HashSet<String>,
    /// Each file's place in walk order.
    order: HashMap<String, usize>,
    /// Articles of the last commit that lost their id to a file before theirs: the file,
    /// the id, the file that has it now.
    lost: Vec<(String, String, String)>,
}

/// An id as [`Given`] knows it: the first 16 bytes of its BLAKE3 hash. Two
/// distinct ids share one with a chance of about 2^-128 a pair, far below any other cause
/// of losing a record, and a file can't be made to collide on purpose.
pub(crate) fn id_key(id: &str) -> IdKey {
    let hash = blake3::hash(id.as_bytes());
    let mut first = [0; 16];
    first.copy_from_slice(&hash.as_bytes()[..16]);
    u128::from_le_bytes(first)
}

/// Whether a record may have its id.
pub(crate) enum Claim {
    /// Nobody has it: the record is written.
    Free,
    /// An article of the last commit has it, from a file that comes after this one: it
    /// is deleted, and the record written.
    Taken,
    /// The article of this file has it: the record is left out.
    Held(Holder),
}

/// The article that has an id: its file, and the line of its record where the file has
/// many (only for articles of this run).
#[derive(Clone, Debug)]
pub(crate) struct Holder {
    /// The file.
    pub(crate) path: String,
    /// The line its record starts on.
    pub(crate) line: Option<usize>,
}

impl Claims {
    /// Claims over `committed` (`None` when the index is being rebuilt), for files in the
    /// order given; ids spill to temporary files in `folder` (the index's).
    pub(crate) fn new(
        committed: Option<Searcher>,
        fields: &Fields,
        order: impl IntoIterator<Item = String>,
        folder: Option<&std::path::Path>,
    ) -> Claims {
        let mut places = HashMap::new();
        for (i, path) in order.into_iter().enumerate() {
            places.entry(path).or_insert(i);
        }
        Claims {
            committed,
            id: fields.id,
            given: Given::new(folder),
            files: Vec::new(),
            file_numbers: HashMap::default(),
            replaced: HashSet::new(),
            order: places,
            lost: Vec::new(),
        }
    }

    /// Notes that the articles `path` had in the last commit are gone in this run.
    pub(crate) fn replace(&mut self, path: &str) {
        self.replaced.insert(path.to_string());
    }

    fn place(&self, path: &str) -> usize {
        self.order.get(path).copied().unwrap_or(usize::MAX)
    }

    /// Whether a record of `path` (starting on `line`) may have `id`; when it may, the id
    /// is now its.
    pub(crate) fn claim(
        &mut self,
        id: &str,
        path: &str,
        line: Option<usize>,
    ) -> tantivy::Result<Claim> {
        let key = id_key(id);
        if let Some((file, line)) = self.given.get(key)? {
            return Ok(Claim::Held(Holder {
                path: self.files.get(file as usize).cloned().unwrap_or_default(),
                line: (line > 0).then_some(line as usize),
            }));
        }
        let claim = match self.committed_holder(id)? {
            None => Claim::Free,
            Some(holder) if self.place(&holder) < self.place(path) => {
                return Ok(Claim::Held(Holder {
                    path: holder,
                    line: None,
                }));
            }
            Some(holder) => {
                self.lost.push((holder, id.to_string(), path.to_string()));
                Claim::Taken
            }
        };
        let file = match self.file_numbers.get(path) {
            Some(&n) => n,
            None => {
                let n = u32::try_from(self.files.len()).unwrap_or(u32::MAX);
                self.files.push(path.to_string());
                self.file_numbers.insert(path.to_string(), n);
                n
            }
        };
        let line = line.map_or(0, |l| u32::try_from(l).unwrap_or(u32::MAX));
        self.given.insert(key, (file, line));
        Ok(claim)
    }

    /// The articles of the last commit whose id a file before theirs took, but for those
    /// of files read again in this run (which said what they lost when read): the file,
    /// the id, the file that has it now.
    pub(crate) fn take_lost(&mut self) -> Vec<(String, String, String)> {
        let lost = std::mem::take(&mut self.lost);
        lost.into_iter()
            .filter(|(path, _, _)| !self.replaced.contains(path))
            .collect()
    }

    /// The file of the article of the last commit that has `id`, unless that file's
    /// articles are gone in this run.
    fn committed_holder(&self, id: &str) -> tantivy::Result<Option<String>> {
        let Some(searcher) = &self.committed else {
            return Ok(None);
        };
        let term = Term::from_field_text(self.id, id);
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.id)?;
            let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)?
            else {
                continue;
            };
            let Some(paths) = segment.fast_fields().str("path")? else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if !segment.is_deleted(doc) {
                    let mut path = String::new();
                    if let Some(ord) = paths.term_ords(doc).next() {
                        paths.ord_to_str(ord, &mut path)?;
                    }
                    if !self.replaced.contains(&path) {
                        return Ok(Some(path));
                    }
                }
                doc = postings.advance();
            }
        }
        Ok(None)
    }
}

/// The warning for a record of `path` (starting on `line`) left out because `holder` has
/// its id.
pub(crate) fn left_out(path: &str, line: Option<usize>, id: &str, holder: &Holder) -> Problem {
    let at = |line: Option<usize>| line.map(|n| format!(" (line {n})")).unwrap_or_default();
    let message = if holder.path == path {
        format!(
            "left out: a record with the id {id:?}, which an earlier record of this file{} has (the first one is kept)",
            at(holder.line)
        )
    } else {
        format!(
            "left out: a record with the id {id:?}, which the article from {}{} has (the file first in order is kept)",
            newsdex_ingest::escape_path(std::path::Path::new(&holder.path)),
            at(holder.line)
        )
    };
    Problem {
        path: path.into(),
        line,
        kind: ProblemKind::DuplicateId,
        message,
    }
}
