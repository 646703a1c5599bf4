//! Pictures: an image block's file must be an SVG, PNG or JPEG under `images/` with a text
//! alternative, whose real path stays inside the project; and the pictures a build publishes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use serde_saphyr::Spanned;

use super::validate::check_message_id;
use super::{MessageRef, Owner, ResolvedBlock, ResolvedImage, ResolvedLeaflet, ResolvedSite};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{ImageBlockSource, ImageSource, Project, span_location};
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

/// A picture file must be what its name says: an SVG a picture and nothing more (see `svg`),
/// a PNG or JPEG file really one, with a size (read from its header by `imagesize`), a PNG
/// whole (decoded by `png`). A text
/// file or a WebP renamed to `.png` would pass here and stop typst in the middle of a build.
fn check_picture_file(root: &Path, rel: &Path) -> Result<(), Diagnostic> {
    let ext = rel
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let bytes = std::fs::read(root.join(rel)).map_err(|err| {
        Diagnostic::environment(format!("failed to read {} ({err})", rel.display()))
    })?;
    let at = crate::diag::Location::file_start(rel);
    if ext == "svg" {
        let text = String::from_utf8(bytes).map_err(|_| {
            Diagnostic::error(format!("picture {} is not UTF-8 text", rel.display()))
                .at(at)
                .hint("export the picture again as plain SVG (UTF-8), or as PNG")
        })?;
        return super::svg::check_svg(rel, &text);
    }
    let (expected, name) = match ext.as_str() {
        "png" => (imagesize::ImageType::Png, "PNG"),
        _ => (imagesize::ImageType::Jpeg, "JPEG"),
    };
    let found = imagesize::image_type(&bytes).ok();
    if found != Some(expected) {
        let what = match found {
            Some(kind) => format!("a {} picture", format!("{kind:?}").to_uppercase()),
            None if std::str::from_utf8(&bytes).is_ok() => "text".to_string(),
            None => "not a picture leaflet can read".to_string(),
        };
        return Err(Diagnostic::error(format!(
            "picture {} is not a {name} file: it is {what}",
            rel.display()
        ))
        .at(at)
        .hint("save the picture again as PNG or JPEG (or SVG) from the program that made it, and give the file the matching extension"));
    }
    let damaged = |why: String| {
        Diagnostic::error(format!(
            "picture {} is a damaged {name} file ({why})",
            rel.display()
        ))
        .at(at.clone())
        .hint("save the picture again from the program that made it")
    };
    match imagesize::blob_size(&bytes) {
        Ok(size) if size.width > 0 && size.height > 0 => {}
        _ => return Err(damaged("its size cannot be read".to_string())),
    }
    // A PNG is decoded whole (the `png` crate checks every chunk's checksum and the end of the
    // file): a cut-off download passes the header and stopped typst mid-build.
    if expected == imagesize::ImageType::Png {
        let decoded = (|| -> Result<(), png::DecodingError> {
            let mut reader = png::Decoder::new(std::io::Cursor::new(&bytes)).read_info()?;
            let mut pixels = vec![0; reader.output_buffer_size().unwrap_or(0)];
            reader.next_frame(&mut pixels)?;
            reader.finish()
        })();
        match decoded {
            Ok(()) => {}
            Err(png::DecodingError::LimitsExceeded) => {
                return Err(Diagnostic::error(format!(
                    "picture {} is too large to publish",
                    rel.display()
                ))
                .at(at)
                .hint("save it smaller (a picture in a leaflet needs at most about 2,000 pixels across)"));
            }
            Err(err) => return Err(damaged(err.to_string())),
        }
    }
    Ok(())
}

pub(super) fn resolve_image(
    project: &Project,
    file: &Path,
    image: &Spanned<ImageSource>,
    owner: &Owner,
    diags: &mut Diagnostics,
) -> Option<ResolvedImage> {
    let source = &image.value;
    let path = &source.file.value;
    let checked = check_image_file(project, file, &source.file, diags);
    let Some(alt) = &source.alt else {
        diags.push(
            Diagnostic::error(format!("image \"{path}\" has no text alternative (alt)"))
                .at(span_location(file, image))
                .hint("add `alt: <message-id>` and write in that message what the picture shows, for people who cannot see it"),
        );
        return None;
    };
    check_message_id(alt, file, diags);
    Some(ResolvedImage {
        file: checked?,
        alt: message_ref(file, alt, owner),
        caption: None,
    })
}

/// A picture in a leaflet's body: [`resolve_image`] plus its caption. A caption does not make
/// `alt` optional (it is read as well, not instead), and the two must be different messages.
pub(super) fn resolve_figure(
    project: &Project,
    file: &Path,
    image: &Spanned<ImageBlockSource>,
    owner: &Owner,
    diags: &mut Diagnostics,
) -> Option<ResolvedImage> {
    let ImageBlockSource {
        file: path,
        alt,
        caption,
    } = &image.value;
    let Some(caption) = caption else {
        let plain = ImageSource {
            file: path.clone(),
            alt: alt.clone(),
        };
        let spanned = Spanned::new(plain, image.referenced, image.defined);
        return resolve_image(project, file, &spanned, owner, diags);
    };
    let checked = check_image_file(project, file, path, diags);
    check_message_id(caption, file, diags);
    let Some(alt) = alt else {
        diags.push(
            Diagnostic::error(format!(
                "image \"{}\" has a caption but no text alternative (alt)",
                path.value
            ))
            .at(span_location(file, image))
            .hint("the caption is read as well as the picture, not instead of it: add `alt: <message-id>` and write in that message what the picture shows, for people who cannot see it"),
        );
        return None;
    };
    check_message_id(alt, file, diags);
    if alt.value == caption.value {
        diags.push(
            Diagnostic::error(format!(
                "image \"{}\" uses the message \"{}\" both as its caption and as its text alternative (alt)",
                path.value, alt.value
            ))
            .at(span_location(file, caption))
            .hint("a screen reader reads both, one after the other: let `alt` say what the picture shows and the caption what it means, in two different messages"),
        );
        return None;
    }
    Some(ResolvedImage {
        file: checked?,
        alt: message_ref(file, alt, owner),
        caption: Some(message_ref(file, caption, owner)),
    })
}

fn message_ref(file: &Path, id: &Spanned<String>, owner: &Owner) -> MessageRef {
    MessageRef {
        id: id.value.clone(),
        at: span_location(file, id),
        owner: owner.clone(),
        args: Arc::new(BTreeMap::new()),
    }
}

/// The picture's file: a plain name, an SVG, PNG or JPEG under `images/` that exists and stays
/// inside the project. Returns its path inside `images/`.
fn check_image_file(
    project: &Project,
    file: &Path,
    image_file: &Spanned<String>,
    diags: &mut Diagnostics,
) -> Option<String> {
    let path = &image_file.value;
    let at = span_location(file, image_file);
    let inside = Path::new(path).strip_prefix(IMAGES_DIR).ok();
    let ok_type = is_image_file(Path::new(path));
    let plain_name = path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
    let problem = if !plain_name {
        Diagnostic::error(format!(
            "image file name \"{path}\" has spaces or special characters"
        ))
        .hint("rename the file to letters, digits, - and _ only, e.g. images/wound-care.svg")
    } else if inside.is_none() || path.contains("..") || !ok_type {
        Diagnostic::error(format!("image \"{path}\" is not an SVG, PNG or JPEG file in {IMAGES_DIR}/"))
            .hint(format!("put the picture in the {IMAGES_DIR}/ folder and write e.g. `file: {IMAGES_DIR}/wound.svg`"))
    } else if !project.root.join(path).is_file() {
        Diagnostic::error(format!("image file \"{path}\" does not exist")).hint(format!(
            "check the file name; pictures live in the {IMAGES_DIR}/ folder of the project"
        ))
    } else if !inside_project(&project.root, &project.root.join(path)) {
        // A symbolic link to a file elsewhere (`ln -s /etc/passwd images/x.svg`) would publish
        // that file: the real path must stay inside the project.
        Diagnostic::error(format!(
            "image \"{path}\" is a link to a file outside the project"
        ))
        .hint(format!(
            "copy the picture into the {IMAGES_DIR}/ folder instead of linking to it; only files inside the project are published"
        ))
    } else if let Err(problem) = check_picture_file(&project.root, Path::new(path)) {
        diags.push(problem);
        return None;
    } else {
        return inside.map(|p| p.to_string_lossy().replace('\\', "/"));
    };
    diags.push(problem.at(at));
    None
}
