//! newsdex indexer
