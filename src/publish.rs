//! Publish: write the output folder so that a failed build never leaves a half-written site.
//!
//! A build writes everything into a staging folder beside the output folder (same file system,
//! so the final step is a rename). Only when the whole build succeeded is the old output moved
//! aside, the staging folder renamed into its place, and the old one deleted. A failed build drops
//! the staging folder and leaves the previous output byte for byte as it was. Leaflets removed
//! from the sources disappear, since every build starts from an empty folder.

use std::io;
use std::path::{Path, PathBuf};

use crate::paths;

/// The README every build writes into the output folder. It also marks the folder as ours: a
/// build only replaces a folder that is empty or carries it, never a folder of other files.
pub const DIST_README: &str = "# dist/\n\nThis folder is made by `leaflet build`: the website and the PDFs.\nDo not edit it by hand; every build replaces it. Edit the sources in\n`leaflets/`, `locales/` and `site.yaml` instead.\n";

/// Refuses an output folder whose replacement would destroy something that is not a previous
/// build: the project itself or a folder above it, a folder with a `site.yaml`, or any folder
/// with files that has no `README.md` written by leaflet.
pub fn check_output_folder(out: &Path, project_root: &Path) -> Result<(), String> {
    let absolute = |p: &Path| -> PathBuf {
        let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        // Resolve what exists, keep the rest: the output folder may not exist yet.
        let mut existing = p.clone();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut resolved = existing.canonicalize().unwrap_or(existing);
        for part in rest.into_iter().rev() {
            resolved.push(part);
        }
        resolved
    };
    let out_abs = absolute(out);
    let root_abs = absolute(project_root);
    if root_abs.starts_with(&out_abs) {
        return Err(format!(
            "{} is the project folder or contains it; a build replaces its output folder completely",
            out.display()
        ));
    }
    if !out_abs.exists() {
        return Ok(());
    }
    if !out_abs.is_dir() {
        return Err(format!("{} is a file, not a folder", out.display()));
    }
    if out_abs.join(paths::SITE_FILE).exists() {
        return Err(format!(
            "{} holds a site.yaml: it is a project, not an output folder",
            out.display()
        ));
    }
    let empty = std::fs::read_dir(&out_abs)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    let ours = std::fs::read_to_string(out_abs.join(paths::DIST_README_FILE))
        .is_ok_and(|t| t.starts_with("# dist/"));
    if empty || ours {
        Ok(())
    } else {
        Err(format!(
            "{} already holds files that leaflet did not make; a build would replace them all",
            out.display()
        ))
    }
}

/// An output folder being built.
pub struct Staging {
    dir: tempfile::TempDir,
    out: PathBuf,
}

impl Staging {
    /// Creates an empty staging folder beside `out`.
    pub fn new(out: &Path) -> io::Result<Staging> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = out
            .file_name()
            .map_or_else(|| "dist".into(), |n| n.to_string_lossy().into_owned());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.staging-"))
            .tempdir_in(parent)?;
        make_world_readable(dir.path())?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `bytes` to `rel` inside the staging folder, creating folders as needed.
    pub fn write(&self, rel: impl AsRef<Path>, bytes: impl AsRef<[u8]>) -> io::Result<()> {
        let path = self.dir.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)
    }

    /// Swaps the staging folder in as the output folder.
    /// Swaps the staging folder in as the output folder. The new output is in place when this
    /// returns `Ok`; the returned note says if the previous output could not be deleted.
    pub fn commit(self) -> io::Result<Option<String>> {
        let parent = self
            .dir
            .path()
            .parent()
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let name = self
            .out
            .file_name()
            .map_or_else(|| "dist".into(), |n| n.to_string_lossy().into_owned());
        // Moving the previous output aside can fail; the staging folder is still dropped then.
        let old = if self.out.exists() {
            let old = tempfile::Builder::new()
                .prefix(&format!(".{name}.old-"))
                .tempdir_in(&parent)?
                .keep();
            // `rename` onto an existing empty folder works on Unix only; remove it first.
            std::fs::remove_dir(&old)?;
            std::fs::rename(&self.out, &old)?;
            Some(old)
        } else {
            None
        };
        let staged = self.dir.keep();
        if let Err(err) = std::fs::rename(&staged, &self.out) {
            // Put the previous output back before reporting.
            if let Some(old) = &old {
                let _ = std::fs::rename(old, &self.out);
            }
            let _ = std::fs::remove_dir_all(&staged);
            return Err(err);
        }
        Ok(old.and_then(|old| {
            std::fs::remove_dir_all(&old).err().map(|err| {
                format!(
                    "the previous output, moved to {}, could not be deleted ({err})",
                    old.display()
                )
            })
        }))
    }
}

/// Temporary folders are private (0700); a web server must be able to read the site.
#[cfg(unix)]
fn make_world_readable(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn make_world_readable(_path: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_dropping_keeps_the_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("old.html"), "old").unwrap();

        let failed = Staging::new(&out).unwrap();
        failed.write("new.html", "new").unwrap();
        drop(failed);
        assert!(out.join("old.html").exists());
        assert!(!out.join("new.html").exists());

        let ok = Staging::new(&out).unwrap();
        ok.write("a/new.html", "new").unwrap();
        assert_eq!(ok.commit().unwrap(), None);
        assert!(!out.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("a/new.html")).unwrap(),
            "new"
        );
        let leftovers = std::fs::read_dir(tmp.path()).unwrap().count();
        assert_eq!(leftovers, 1, "only dist/ remains");
    }
}
