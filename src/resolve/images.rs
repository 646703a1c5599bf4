//! Pictures: an image block's file must be an SVG, PNG or JPEG under `images/` with a text
//! alternative; and the list of picture files a build may publish.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_saphyr::Spanned;

use super::validate::check_message_id;
use super::{MessageRef, Owner, ResolvedImage};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{ImageSource, Project, span_location};
use crate::paths::IMAGES_DIR;

/// Image formats both the browser and Typst show; only these are published from `images/`.
pub const IMAGE_TYPES: &[&str] = &["svg", "png", "jpg", "jpeg"];

/// The pictures of a project that may be published: (path inside `images/`, full path), in a
/// stable order. Both the site and the PDFs take their pictures from this list. A folder entry
/// that cannot be read is a diagnostic, never skipped in silence.
pub fn image_files(root: &Path, diags: &mut Diagnostics) -> Vec<(PathBuf, PathBuf)> {
    let images = root.join(IMAGES_DIR);
    if !images.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&images)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                diags.push(crate::load::walk_error(&images, &err));
                continue;
            }
        };
        if !(entry.file_type().is_file() && is_image_file(entry.path())) {
            continue;
        }
        if let Ok(inside) = entry.path().strip_prefix(&images) {
            files.push((inside.to_path_buf(), entry.into_path()));
        }
    }
    files
}

/// Whether a file in `images/` is a picture that may be published.
pub fn is_image_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| IMAGE_TYPES.contains(&e.to_string_lossy().to_ascii_lowercase().as_str()))
}

pub(super) fn resolve_image(
    project: &Project,
    file: &Path,
    image: &Spanned<ImageSource>,
    owner: &Owner,
    diags: &mut Diagnostics,
) -> Option<ResolvedImage> {
    let source = &image.value;
    let at = span_location(file, image);
    let path = &source.file.value;
    let inside = Path::new(path).strip_prefix(IMAGES_DIR).ok();
    let ok_type = is_image_file(Path::new(path));
    let mut ok = true;
    let plain_name = path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
    if !plain_name {
        diags.push(
            Diagnostic::error(format!(
                "image file name \"{path}\" has spaces or special characters"
            ))
            .at(span_location(file, &source.file))
            .hint("rename the file to letters, digits, - and _ only, e.g. images/wound-care.svg"),
        );
        ok = false;
    } else if inside.is_none() || path.contains("..") || !ok_type {
        diags.push(
            Diagnostic::error(format!("image \"{path}\" is not an SVG, PNG or JPEG file in {IMAGES_DIR}/"))
                .at(span_location(file, &source.file))
                .hint(format!("put the picture in the {IMAGES_DIR}/ folder and write e.g. `file: {IMAGES_DIR}/wound.svg`")),
        );
        ok = false;
    } else if !project.root.join(path).is_file() {
        diags.push(
            Diagnostic::error(format!("image file \"{path}\" does not exist"))
                .at(span_location(file, &source.file))
                .hint(format!(
                    "check the file name; pictures live in the {IMAGES_DIR}/ folder of the project"
                )),
        );
        ok = false;
    }
    let Some(alt) = &source.alt else {
        diags.push(
            Diagnostic::error(format!("image \"{path}\" has no text alternative (alt)"))
                .at(at)
                .hint("add `alt: <message-id>` and write in that message what the picture shows, for people who cannot see it"),
        );
        return None;
    };
    check_message_id(alt, file, diags);
    ok.then(|| ResolvedImage {
        file: inside
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default(),
        alt: MessageRef {
            id: alt.value.clone(),
            at: span_location(file, alt),
            owner: owner.clone(),
            args: Arc::new(BTreeMap::new()),
        },
    })
}
