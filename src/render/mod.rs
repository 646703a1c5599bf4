//! Render: the Document IR to output formats. One module per format, both reading the same
//! [`crate::document::Document`]; the theme (templates, style sheet, fonts) comes from
//! [`theme::Theme`], so a hospital restyles without touching Rust.

pub mod cache;
pub mod html;
pub mod pdf;
pub mod process;
pub mod progress;
pub mod search;
pub mod site;
pub mod theme;
pub mod uptodate;
pub mod verify;
