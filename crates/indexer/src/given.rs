//! [`Given`]: the ids a sync has given out, and where, in memory that does not grow with
//! the number of articles.
//!
//! The last ids given are held in a table of at most [`RECENT`]. When it is full, they
//! are sorted and written to a file of no name (a run) in the index's folder, on the disk
//! that holds the index rather than in a temporary folder that may be memory, and the
//! table starts again. Of a run, memory keeps the first id of each block of [`BLOCK`]
//! ids, so that an id is looked for in it by reading one block; and of every id written
//! to runs, a bit pattern in a Bloom filter ([`Filter`]), so that an id given to no
//! article (nearly every id a sync meets) is told so without reading any run. About two
//! bytes an id stay in memory, where a table of every id took 25 to 50 (its slack, and
//! twice that while it grew): 420 MB at ten million articles.
//!
//! A run that can't be written (a full disk) leaves its ids in the table, which then
//! grows as it must: ids are never dropped.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use rustc_hash::FxBuildHasher;

/// An id as the sync knows it: the first 16 bytes of its BLAKE3 hash.
pub(crate) type IdKey = u128;

/// Where an id was given: the file's number and the line (0 for none).
pub(crate) type Place = (u32, u32);

/// The most ids the table holds before they are written to a run: seven eighths of 2^20,
/// the most a table of 2^20 places (25 MiB) takes without growing.
pub(crate) const RECENT: usize = 917_504;

/// Ids a block of a run.
const BLOCK: usize = 512;

/// Bytes an id takes in a run: the key, the file, the line.
const ENTRY: usize = 24;

/// The ids given in a sync, with their places.
pub(crate) struct Given {
    recent: HashMap<IdKey, Place, FxBuildHasher>,
    /// How many ids the table holds before a run is written.
    bound: usize,
    runs: Vec<Run>,
    /// The ids of the runs, in filters of growing size.
    filters: Vec<Filter>,
    /// Where runs are written (the system's temporary folder for `None`).
    folder: Option<PathBuf>,
    /// Writing a run failed once: the table holds every id from then on.
    unwritable: bool,
}

impl Given {
    /// Runs written in `folder` (the index's), or in the temporary folder for `None`.
    pub(crate) fn new(folder: Option<&Path>) -> Given {
        Given::with_bound(RECENT, folder)
    }

    /// At most `bound` ids in the table before they go to a run.
    pub(crate) fn with_bound(bound: usize, folder: Option<&Path>) -> Given {
        let bound = bound.max(1);
        Given {
            recent: HashMap::default(),
            bound,
            runs: Vec::new(),
            filters: Vec::new(),
            folder: folder.map(Path::to_path_buf),
            unwritable: false,
        }
    }

    /// Where `key` was given, if it was.
    pub(crate) fn get(&mut self, key: IdKey) -> std::io::Result<Option<Place>> {
        if let Some(&place) = self.recent.get(&key) {
            return Ok(Some(place));
        }
        if !self.filters.iter().any(|f| f.may_hold(key)) {
            return Ok(None);
        }
        for run in &mut self.runs {
            if let Some(place) = run.get(key)? {
                return Ok(Some(place));
            }
        }
        Ok(None)
    }

    /// Notes that `key` (given nowhere yet) was given at `place`.
    pub(crate) fn insert(&mut self, key: IdKey, place: Place) {
        self.recent.insert(key, place);
        if self.recent.len() >= self.bound && !self.unwritable {
            self.spill();
        }
    }

    /// Writes the table to a run and empties it; leaves it as it is if the run can't be
    /// written.
    fn spill(&mut self) {
        let mut entries: Vec<(IdKey, Place)> = self.recent.iter().map(|(k, p)| (*k, *p)).collect();
        entries.sort_unstable_by_key(|(key, _)| *key);
        let Ok(run) = Run::write(&entries, self.folder.as_deref()) else {
            self.unwritable = true;
            return;
        };
        self.runs.push(run);
        for (key, _) in &entries {
            self.filter_for_one_more().insert(*key);
        }
        self.recent.clear();
    }

    /// The filter the next id goes to, a new one twice the size of the last when that is
    /// full.
    fn filter_for_one_more(&mut self) -> &mut Filter {
        let full = self.filters.last().is_none_or(Filter::is_full);
        if full {
            let keys = self
                .filters
                .last()
                .map_or(4 * self.bound, |f| 2 * f.capacity);
            self.filters.push(Filter::new(keys));
        }
        let last = self.filters.len() - 1;
        &mut self.filters[last]
    }

    /// How many runs were written.
    #[cfg(test)]
    fn runs(&self) -> usize {
        self.runs.len()
    }
}

/// Ids written to a file in key order, with the first key of each block.
struct Run {
    file: File,
    len: usize,
    fences: Vec<IdKey>,
    block: Vec<u8>,
}

impl Run {
    /// A file of no name, gone when it is closed (or the process ends, however it ends).
    fn write(entries: &[(IdKey, Place)], folder: Option<&Path>) -> std::io::Result<Run> {
        let file = match folder {
            Some(folder) => tempfile::tempfile_in(folder)?,
            None => tempfile::tempfile()?,
        };
        let mut out = BufWriter::new(file);
        let mut fences = Vec::with_capacity(entries.len().div_ceil(BLOCK));
        for (i, (key, (file, line))) in entries.iter().enumerate() {
            if i % BLOCK == 0 {
                fences.push(*key);
            }
            out.write_all(&key.to_le_bytes())?;
            out.write_all(&file.to_le_bytes())?;
            out.write_all(&line.to_le_bytes())?;
        }
        let file = out.into_inner().map_err(|e| e.into_error())?;
        Ok(Run {
            file,
            len: entries.len(),
            fences,
            block: vec![0; BLOCK * ENTRY],
        })
    }

    /// Where `key` was given, if this run holds it: one block read.
    fn get(&mut self, key: IdKey) -> std::io::Result<Option<Place>> {
        let Some(block) = self.fences.partition_point(|f| *f <= key).checked_sub(1) else {
            return Ok(None);
        };
        let first = block * BLOCK;
        let count = BLOCK.min(self.len - first);
        let bytes = &mut self.block[..count * ENTRY];
        self.file.seek(SeekFrom::Start((first * ENTRY) as u64))?;
        self.file.read_exact(bytes)?;
        let entry = |i: usize| {
            let at = &bytes[i * ENTRY..(i + 1) * ENTRY];
            let mut k = [0; 16];
            k.copy_from_slice(&at[..16]);
            let mut f = [0; 4];
            f.copy_from_slice(&at[16..20]);
            let mut l = [0; 4];
            l.copy_from_slice(&at[20..24]);
            (
                u128::from_le_bytes(k),
                (u32::from_le_bytes(f), u32::from_le_bytes(l)),
            )
        };
        let (mut low, mut high) = (0, count);
        while low < high {
            let middle = (low + high) / 2;
            let (found, place) = entry(middle);
            match found.cmp(&key) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Ok(Some(place)),
            }
        }
        Ok(None)
    }
}

/// A Bloom filter of ids, blocked: the bits of an id are in one block of 512 bits (a
/// cache line), twelve bits an id it was made for, eight bits set an id. Wrong about
/// about one id in two hundred it never held, never about one it holds.
struct Filter {
    blocks: Vec<[u64; 8]>,
    capacity: usize,
    len: usize,
}

/// Bits of a filter an id it is made for.
const BITS_PER_ID: usize = 12;

impl Filter {
    fn new(capacity: usize) -> Filter {
        let blocks = (capacity * BITS_PER_ID).div_ceil(512).max(1);
        Filter {
            blocks: vec![[0; 8]; blocks],
            capacity,
            len: 0,
        }
    }

    fn is_full(&self) -> bool {
        self.len >= self.capacity
    }

    /// The block and the eight bits of `key`. A key is a hash already: its low half picks
    /// the block, a byte of the high half and a bit of the low one each bit.
    fn bits(&self, key: IdKey) -> (usize, [u32; 8]) {
        let low = key as u64;
        let high = (key >> 64) as u64;
        let block = (low % self.blocks.len() as u64) as usize;
        let mut bits = [0; 8];
        for (i, bit) in bits.iter_mut().enumerate() {
            let byte = (high >> (i * 8)) as u32 & 0xff;
            let ninth = (low >> (48 + i)) as u32 & 1;
            *bit = byte | ninth << 8;
        }
        (block, bits)
    }

    fn insert(&mut self, key: IdKey) {
        let (block, bits) = self.bits(key);
        let block = &mut self.blocks[block];
        for bit in bits {
            block[(bit / 64) as usize] |= 1 << (bit % 64);
        }
        self.len += 1;
    }

    fn may_hold(&self, key: IdKey) -> bool {
        let (block, bits) = self.bits(key);
        let block = &self.blocks[block];
        bits.iter()
            .all(|bit| block[(*bit / 64) as usize] & (1 << (*bit % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key of the id `n`, as a sync makes it.
    fn key(n: u64) -> IdKey {
        crate::ids::id_key(&n.to_string())
    }

    #[test]
    fn every_id_given_is_found_with_its_place_across_runs() {
        let folder = tempfile::tempdir().unwrap();
        let mut given = Given::with_bound(1_000, Some(folder.path()));
        for n in 0..25_000u64 {
            assert_eq!(given.get(key(n)).unwrap(), None, "{n} before it was given");
            given.insert(key(n), ((n % 7) as u32, n as u32));
        }
        assert_eq!(given.runs(), 25);
        for n in 0..25_000u64 {
            assert_eq!(
                given.get(key(n)).unwrap(),
                Some(((n % 7) as u32, n as u32)),
                "{n}"
            );
        }
        for n in 25_000..75_000u64 {
            assert_eq!(given.get(key(n)).unwrap(), None, "{n} was never given");
        }
    }

    #[test]
    fn a_filter_is_never_wrong_about_an_id_it_holds_and_seldom_about_others() {
        let mut filter = Filter::new(10_000);
        for n in 0..10_000u64 {
            filter.insert(key(n));
        }
        assert!((0..10_000u64).all(|n| filter.may_hold(key(n))));
        let wrong = (10_000..110_000u64)
            .filter(|n| filter.may_hold(key(*n)))
            .count();
        // About one in two hundred; the bound leaves room for the spread.
        assert!(wrong < 1_000, "{wrong} of 100,000 ids held wrongly");
    }

    #[test]
    fn ids_stay_in_the_table_when_no_run_can_be_written() {
        // A folder that isn't there: no run can be written in it.
        let folder = tempfile::tempdir().unwrap();
        let gone = folder.path().join("gone");
        let mut given = Given::with_bound(10, Some(&gone));
        for n in 0..100u64 {
            given.insert(key(n), (0, n as u32));
        }
        assert_eq!(given.runs(), 0);
        assert!(given.unwritable);
        assert!((0..100u64).all(|n| given.get(key(n)).unwrap() == Some((0, n as u32))));
    }
}
