//! leaflet: patient leaflets from deduplicated YAML + Fluent sources to an accessible static
//! site and print-ready PDFs. See ARCHITECTURE.md for the pipeline.

pub mod cli;
pub mod cmd;
pub mod diag;
pub mod document;
pub mod format;
pub mod l10n;
pub mod load;
pub mod publish;
pub mod render;
pub mod resolve;
pub mod translations;
