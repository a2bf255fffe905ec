//! Tests of the HTTP API and the page, against the real router.

mod api;
mod browser;
mod fixture;
mod limits;
