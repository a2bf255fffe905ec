//! newsdex
