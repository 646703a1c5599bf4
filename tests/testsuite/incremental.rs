//! The edit loop: `build --no-pdf`, the PDF cache (an incremental build's `dist/` is byte for
//! byte a cold build's), progress and counts, shards.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::common::{Project, require_typst, tree};

/// The paths of a tree, for a readable failure.
fn differences(
    left: &BTreeMap<PathBuf, Vec<u8>>,
    right: &BTreeMap<PathBuf, Vec<u8>>,
) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in left {
        match right.get(path) {
            None => found.push(format!("only in the first: {}", path.display())),
            Some(other) if other != bytes => found.push(format!("differs: {}", path.display())),
            Some(_) => {}
        }
    }
    for path in right.keys().filter(|p| !left.contains_key(*p)) {
        found.push(format!("only in the second: {}", path.display()));
    }
    found
}

#[test]
fn no_pdf_builds_the_site_without_typst_and_without_pdf_links() {
    let project = Project::fixture("minimal");
    let nowhere = project.path("no-such-typst");
    let run = project.leaflet_with_env(&["build", "--no-pdf"], &[("LEAFLET_TYPST", &nowhere)]);
    run.assert_code(0)
        .assert_stderr("built 1 leaflet in 2 languages (2 pages, no PDFs) into");
    let dist = project.dist();
    assert!(dist.contains_key(&PathBuf::from("nl/test-folder/index.html")));
    assert!(
        !dist.keys().any(|p| p.extension().is_some_and(|e| e == "pdf")),
        "{:?}",
        dist.keys().collect::<Vec<_>>()
    );
    // No page links to a PDF that is not there.
    for (path, bytes) in &dist {
        if path.extension().is_some_and(|e| e == "html") {
            let html = String::from_utf8_lossy(bytes);
            assert!(!html.contains(".pdf\""), "{} links a PDF", path.display());
            assert!(!html.contains("pdf-link"), "{}", path.display());
        }
    }
    // Not a publication: the versions are not recorded.
    assert!(!project.path("versions.lock.yaml").exists());
}
