//! Pictures: an image block's file must be an SVG, PNG or JPEG under `images/` with a text
//! alternative, whose real path stays inside the project; and the pictures a build publishes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use serde_saphyr::Spanned;

use super::validate::check_message_id;
use super::{MessageRef, Owner, ResolvedBlock, ResolvedImage, ResolvedLeaflet, ResolvedSite};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{ImageSource, Project, span_location};
use crate::paths::IMAGES_DIR;

/// Image formats both the browser and Typst show.
pub const IMAGE_TYPES: &[&str] = &["svg", "png", "jpg", "jpeg"];

/// The pictures the site actually shows: the site's logo, the logos of the leaflets'
/// organisations and every image block, as paths inside `images/`. Only these are published
/// and copied for typst; any other file in `images/` stays private.
pub fn used_images(site: &ResolvedSite, leaflets: &[ResolvedLeaflet]) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    used.extend(site.logo.iter().map(|i| i.file.clone()));
    for contact in &site.footer_contacts {
        used.extend(contact.logo.iter().map(|i| i.file.clone()));
    }
    for leaflet in leaflets {
        used.extend(leaflet.contact.logo.iter().map(|i| i.file.clone()));
        for block in &leaflet.blocks {
            match block {
                ResolvedBlock::Image(image) => {
                    used.insert(image.file.clone());
                }
                ResolvedBlock::ContactCard(contact) => {
                    used.extend(contact.logo.iter().map(|i| i.file.clone()));
                }
                _ => {}
            }
        }
    }
    used
}

/// Whether the real path of `path` (all symbolic links followed) lies inside the real path of
/// the project.
pub fn inside_project(root: &Path, path: &Path) -> bool {
    match (root.canonicalize(), path.canonicalize()) {
        (Ok(root), Ok(path)) => path.starts_with(root),
        _ => false,
    }
}

/// Whether a file in `images/` is a picture that may be published.
pub fn is_image_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| IMAGE_TYPES.contains(&e.to_string_lossy().to_ascii_lowercase().as_str()))
}

/// An SVG must be a picture and nothing more (see `svg`); other formats are not read here.
fn check_svg_file(root: &Path, rel: &Path) -> Result<(), Diagnostic> {
    if !rel
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
    {
        return Ok(());
    }
    let bytes = std::fs::read(root.join(rel)).map_err(|err| {
        Diagnostic::environment(format!("failed to read {} ({err})", rel.display()))
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Diagnostic::error(format!("picture {} is not UTF-8 text", rel.display()))
            .at(crate::diag::Location::file_start(rel))
            .hint("export the picture again as plain SVG (UTF-8), or as PNG")
    })?;
    super::svg::check_svg(rel, &text)
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
    } else if !inside_project(&project.root, &project.root.join(path)) {
        // A symbolic link to a file elsewhere (`ln -s /etc/passwd images/x.svg`) would publish
        // that file: the real path must stay inside the project.
        diags.push(
            Diagnostic::error(format!(
                "image \"{path}\" is a link to a file outside the project"
            ))
            .at(span_location(file, &source.file))
            .hint(format!(
                "copy the picture into the {IMAGES_DIR}/ folder instead of linking to it; only files inside the project are published"
            )),
        );
        ok = false;
    } else if let Err(problem) = check_svg_file(&project.root, Path::new(path)) {
        diags.push(problem);
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
