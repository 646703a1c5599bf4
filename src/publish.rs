//! Publish: write the output folder so that a failed build never leaves a half-written site.
//!
//! A build writes everything into a staging folder beside the output folder (same file system,
//! so the final step is a rename). Only when the whole build succeeded is the old output moved
//! aside, the staging folder renamed into its place, and the old one deleted. A failed build drops
//! the staging folder and leaves the previous output byte for byte as it was. Leaflets removed
//! from the sources disappear, since every build starts from an empty folder.

use std::io;
use std::path::{Path, PathBuf};

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
    pub fn commit(self) -> io::Result<()> {
        let staged = self.dir.keep();
        let old = if self.out.exists() {
            let parent = staged.parent().unwrap_or(Path::new("."));
            let old = tempfile::Builder::new()
                .prefix(".dist.old-")
                .tempdir_in(parent)?
                .keep();
            // `rename` onto an existing empty folder works on Unix; remove it first elsewhere.
            std::fs::remove_dir(&old)?;
            std::fs::rename(&self.out, &old)?;
            Some(old)
        } else {
            None
        };
        if let Err(err) = std::fs::rename(&staged, &self.out) {
            // Put the previous output back before reporting.
            if let Some(old) = &old {
                let _ = std::fs::rename(old, &self.out);
            }
            let _ = std::fs::remove_dir_all(&staged);
            return Err(err);
        }
        if let Some(old) = old {
            std::fs::remove_dir_all(old)?;
        }
        Ok(())
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
        ok.commit().unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("a/new.html")).unwrap(),
            "new"
        );
        let leftovers = std::fs::read_dir(tmp.path()).unwrap().count();
        assert_eq!(leftovers, 1, "only dist/ remains");
    }
}
