//! Integration tests of newsdex-ingest: real files in temp folders, the seed corpus, the
//! fuzzing of every reader, and the Reuters-21578 tier.

mod bad_input;
mod big;
mod formats;
mod fuzz;
mod reuters;
mod seeds;
mod skipped;
