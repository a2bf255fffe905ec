//! newsdex query
