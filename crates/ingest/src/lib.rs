//! newsdex ingest
