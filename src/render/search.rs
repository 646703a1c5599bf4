//! Search: a real full-text index of the leaflet pages, made with the Pagefind library.
//!
//! Receives the rendered leaflet pages (their HTML and their path in `dist/`) and returns the
//! files of a Pagefind bundle for `dist/pagefind/`: one index per page language (Pagefind reads
//! `<html lang>`), fetched in small fragments by the browser, so searching works on any plain
//! static host and under a sub-path. Pages stay complete without JavaScript; the search form is
//! only shown by `assets/search.js` once the index has loaded (not from `file://`, where
//! browsers refuse to fetch it).

use std::path::PathBuf;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

/// Folder of the bundle inside `dist/`.
pub const BUNDLE_DIR: &str = "pagefind";

/// Indexes `pages` (path inside `dist/`, HTML) and returns the bundle's files, relative to
/// `dist/`.
pub fn build_index(pages: &[(String, String)]) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for (path, html) in pages {
            index
                .add_html_file(None, Some(format!("/{path}")), html.clone())
                .await
                .map_err(|e| format!("{path}: {e}"))?;
        }
        let mut files: Vec<(PathBuf, Vec<u8>)> = index
            .get_files()
            .await
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|f| (PathBuf::from(BUNDLE_DIR).join(f.filename), f.contents))
            .collect();
        files.sort();
        Ok(files)
    })
}
