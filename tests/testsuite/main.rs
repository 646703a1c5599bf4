//! The end-to-end tests, in one binary (as mdBook's `tests/testsuite`): the real `leaflet` binary
//! on private copies of `tests/fixtures/` and of the repository's example project.
//!
//! - `bad_input`: every bad input gives the user a clear message at the right place;
//! - `build`: real builds of the example and the fixture;
//! - `pages`: the built site in a real browser (`tests/browser/check-pages.mjs`);
//! - `pdf`: the PDFs with poppler, qpdf and zbar;
//! - `translations`: the translator's workflow.

mod common;

mod bad_input;
mod build;
mod pages;
mod pdf;
mod translations;
