//! The end-to-end tests, in one binary (as mdBook's `tests/testsuite`): the real `leaflet` binary
//! on private copies of `tests/fixtures/` and of the repository's example project.
//!
//! - `bad_input`: every bad input gives the user a clear message at the right place;
//! - `build`: real builds of the example and the fixture;
//! - `contacts`: contact cards (address, e-mail, opening hours), a second contact in a text,
//!   times per language and region;
//! - `pages`: the built site in a real browser (`tests/browser/check-pages.mjs`);
//! - `pdf`: the PDFs with poppler, qpdf and zbar;
//! - `bundle`: typst bundles (many PDFs per typst run, the default) against `--typst-per-pdf`: same bytes, same messages;
//! - `translations`: the translator's workflow;
//! - `patient_safety`: numbers in translations, review dates, owners, placeholders, typed phone
//!   numbers, version discipline, notes for readers;
//! - `site_safety`: what is published (pictures, PDFs checked), typst hanging or crashing,
//!   limits, the Content-Security-Policy;
//! - `source_safety`: hostile sources (links, invisible characters, encodings), proptest;
//! - `publish_safety`: dist/ never vanishes (the kill test), the lock, leftovers;
//! - `reader_tools`: print, text size and read aloud on the page, the questions box in the PDF;
//! - `governance`: plain-language figures, words to avoid, the team report;
//! - `incremental`: `build --no-pdf`, the PDF cache, progress, shards;
//! - `cascade`: one broken file gives its own diagnostics, not a cascade;
//! - `structure`: care levels of callouts, numbered headings, contents, bookmarks, page breaks;
//! - `links`: links between leaflets and series, on the pages and in the PDFs, and their errors;
//! - `tables`: tables and captioned pictures on the page, in the PDF and in translations;
//! - `import`: `leaflet import` of text, Word, web pages and Markdown, its bad inputs, and
//!   `leaflet duplicates`;
//! - `schemas`: the editors' JSON Schemas, generated, valid for the examples, named by `new`;
//! - `serve`: the live preview: edits shown and announced, the overlay, no dist/, Ctrl-C.

mod common;

mod bad_input;
mod build;
mod bundle;
mod cascade;
mod contacts;
mod governance;
mod import;
mod incremental;
mod links;
mod pages;
mod patient_safety;
mod pdf;
mod publish_safety;
mod reader_tools;
mod schemas;
mod serve;
mod site_safety;
mod source_safety;
mod structure;
mod tables;
mod translations;
