//! Pictures found while importing: only PNG, JPEG and SVG (what the site publishes), told apart
//! by their first bytes rather than their names, and only files beside the imported document —
//! never a web address (leaflet makes no network requests) or a path that climbs out of its
//! folder.

use std::io::Read;
use std::path::{Component, Path};

use super::draft::Picture;

/// The largest picture that is copied (bytes).
pub const MAX_PICTURE_BYTES: u64 = 20 * 1024 * 1024;

/// The extension a picture's bytes call for, or `None` for a kind the site does not publish.
pub fn picture_extension(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_lowercase();
        (head.trim_start().starts_with("<?xml") || head.trim_start().starts_with("<svg"))
            .then_some("svg")
            .filter(|_| head.contains("<svg"))
    }
}

/// A picture a Markdown or HTML file names by a relative path.
pub fn read_local_picture(
    folder: &Path,
    url: &str,
    alt: Option<String>,
) -> Result<Picture, String> {
    let alt = alt.filter(|a| !a.trim().is_empty());
    if url.contains(':') {
        return Err(format!(
            "the picture {url} was left out: leaflet copies only pictures beside the file, never from the web"
        ));
    }
    let rel = Path::new(url.split(['?', '#']).next().unwrap_or(url));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(format!(
            "the picture {url} was left out: only pictures in the file's own folder or below it are copied"
        ));
    }
    let path = folder.join(rel);
    // Where the path really leads, links followed: still inside the folder.
    let inside = match (path.canonicalize(), folder.canonicalize()) {
        (Ok(real), Ok(folder)) => real.starts_with(folder),
        // Not there: reported as unreadable below.
        (Err(_), _) => true,
        (_, Err(_)) => false,
    };
    if !inside {
        return Err(format!(
            "the picture {url} was left out: it is a link to a file outside the file's own folder, and only pictures in that folder or below it are copied"
        ));
    }
    let file = std::fs::File::open(&path)
        .map_err(|err| format!("the picture {url} was left out: it cannot be read ({err})"))?;
    let mut bytes = Vec::new();
    file.take(MAX_PICTURE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| format!("the picture {url} was left out: it cannot be read ({err})"))?;
    if bytes.len() as u64 > MAX_PICTURE_BYTES {
        return Err(format!(
            "the picture {url} was left out: it is larger than {} MB",
            MAX_PICTURE_BYTES / 1024 / 1024
        ));
    }
    let Some(extension) = picture_extension(&bytes) else {
        return Err(format!(
            "the picture {url} was left out: it is not PNG, JPEG or SVG"
        ));
    };
    Ok(Picture {
        bytes,
        extension: extension.to_string(),
        alt,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n0000";

    #[test]
    fn a_link_to_a_picture_outside_the_folder_is_left_out() {
        let top = tempfile::tempdir().unwrap();
        let folder = top.path().join("incoming");
        std::fs::create_dir_all(folder.join("pictures")).unwrap();
        std::fs::write(folder.join("pictures/in.png"), PNG).unwrap();
        std::fs::write(top.path().join("outside.png"), PNG).unwrap();
        assert!(read_local_picture(&folder, "pictures/in.png", None).is_ok());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(top.path().join("outside.png"), folder.join("link.png"))
                .unwrap();
            std::os::unix::fs::symlink(top.path(), folder.join("up")).unwrap();
            std::os::unix::fs::symlink(folder.join("pictures/in.png"), folder.join("here.png"))
                .unwrap();
            for url in ["link.png", "up/outside.png"] {
                let err = read_local_picture(&folder, url, None).err().unwrap();
                assert!(err.contains("outside the file's own folder"), "{err}");
            }
            // A link that stays inside is a picture like any other.
            assert!(read_local_picture(&folder, "here.png", None).is_ok());
        }
        assert!(read_local_picture(&folder, "../outside.png", None).is_err());
    }
}
