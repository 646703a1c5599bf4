//! Finding and reading source files, with links followed and kept inside the project.
//!
//! Receives the project root. Walks `leaflets/`, `locales/` and `templates/` following symbolic links, so a
//! linked file or locale folder is read like any other and never skipped. Every file is read by
//! its real path, which must be inside the project: a link that leads out of it, a link loop and
//! a link to nothing are errors at the link (`file:1:1`), never a silent skip and never a hang.
//! The project folder is what is reviewed and versioned, so a build publishes nothing from
//! elsewhere (the same rule as for pictures). Hands on paths relative to the root, or bytes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics, Location};

/// Links followed one by one before a chain counts as a loop (Linux stops at 40 as well).
const MAX_LINK_HOPS: usize = 40;

/// The project's folder on disk.
pub struct ProjectFiles {
    root: PathBuf,
    /// The root with every link resolved; `None` when it does not exist.
    real_root: Option<PathBuf>,
}

impl ProjectFiles {
    pub fn new(root: &Path) -> Self {
        ProjectFiles {
            root: root.to_path_buf(),
            real_root: std::fs::canonicalize(root).ok(),
        }
    }

    fn rel<'a>(&self, path: &'a Path) -> &'a Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }

    /// A folder as a person would name it: relative to the project, whichever way it is written.
    fn shown(&self, path: &Path) -> String {
        let inside = path
            .strip_prefix(&self.root)
            .ok()
            .or_else(|| path.strip_prefix(self.real_root.as_ref()?).ok());
        match inside {
            Some(rel) if rel.as_os_str().is_empty() => "the project folder itself".into(),
            Some(rel) => rel.display().to_string(),
            None => path.display().to_string(),
        }
    }

    /// The bytes of the file at `rel`, read through its links when its real path is inside the
    /// project. The error is the diagnostic to report.
    pub fn read(&self, rel: &Path) -> Result<Vec<u8>, Diagnostic> {
        let path = self.root.join(rel);
        match std::fs::canonicalize(&path) {
            // A link, or a folder on the way that is one, leads out of the project.
            Ok(real) if !self.is_inside(&real) => return Err(outside(rel, &real)),
            Ok(_) => {}
            Err(_) if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink()) => {
                return Err(self.broken_link(&path));
            }
            // Missing or unreadable: reading says which, in the usual words.
            Err(_) => {}
        }
        std::fs::read(&path).map_err(|err| {
            Diagnostic::error(format!(
                "failed to read {} ({})",
                rel.display(),
                super::io_reason(Some(&err))
            ))
        })
    }

    /// Every file under the folder `dir` (relative to the root) whose extension is one of
    /// `extensions`, in a stable order, links followed. `None` when the folder does not exist.
    pub fn files(
        &self,
        dir: &str,
        extensions: &[&str],
        diags: &mut Diagnostics,
    ) -> Option<Vec<PathBuf>> {
        let all = self.all_files(dir, diags)?;
        let mut files = Vec::new();
        for path in all {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if extensions.contains(&extension) {
                files.push(path);
                continue;
            }
            // Near misses: capitals, or a space, an invisible character or a dot after it.
            let trimmed = name.trim_end_matches(|c: char| {
                c.is_whitespace()
                    || c == '.'
                    || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}')
            });
            let near = trimmed.rsplit_once('.').map_or("", |(_, e)| e);
            if let Some(wanted) = extensions
                .iter()
                .find(|wanted| wanted.eq_ignore_ascii_case(near))
            {
                // `heup.YAML` or `heup.yaml ` is meant as a source, but would not be read: a
                // leaflet left out without a word.
                let ends = name.rsplit_once('.').map_or(name.as_str(), |(_, e)| e);
                diags.push(
                    Diagnostic::error(format!(
                        "{} is not read: its name ends in \"{}\", and only .{wanted} (in small letters, with nothing after it) is read",
                        path.display(),
                        ends.escape_debug()
                    ))
                    .at(Location::file_start(&path))
                    .hint(format!(
                        "rename it to {}",
                        path.with_file_name(format!("{}.{wanted}", trimmed.rsplit_once('.').map_or(trimmed, |(stem, _)| stem))).display()
                    )),
                );
            }
        }
        Some(files)
    }

    /// Every file under the folder `dir` (relative to the root), in a stable order, links
    /// followed (as [`ProjectFiles::files`], whatever the extension). `None` when the folder
    /// does not exist.
    pub fn all_files(&self, dir: &str, diags: &mut Diagnostics) -> Option<Vec<PathBuf>> {
        let top = self.root.join(dir);
        let meta = std::fs::symlink_metadata(&top).ok()?;
        if meta.is_symlink()
            && let Err(problem) = self.check_link(&top)
        {
            diags.push(problem);
            return Some(Vec::new());
        }
        if !top.is_dir() {
            return None;
        }
        let mut files = Vec::new();
        let mut walk = WalkDir::new(&top)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walk.next() {
            // An editor's lock file (Emacs `.#x.yaml`, a link to nothing while a file has
            // unsaved changes) and the `._x.yaml` files macOS leaves on shared drives are never
            // sources.
            let lock = |path: Option<&Path>| {
                path.and_then(Path::file_name)
                    .map(|n| n.to_string_lossy())
                    .is_some_and(|n| n.starts_with(".#") || n.starts_with("._"))
            };
            let entry = match entry {
                Ok(entry) if lock(Some(entry.path())) => {
                    if entry.file_type().is_dir() {
                        walk.skip_current_dir();
                    }
                    continue;
                }
                Ok(entry) => entry,
                Err(err) if lock(err.path()) => continue,
                Err(err) => {
                    diags.push(self.walk_problem(&top, &err));
                    continue;
                }
            };
            let path = entry.path();
            if entry.path_is_symlink()
                && let Err(problem) = self.check_link(path)
            {
                diags.push(problem);
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                continue;
            }
            if entry.file_type().is_file() {
                files.push(self.rel(path).to_path_buf());
            }
        }
        Some(files)
    }

    /// A link is followed when its real path is inside the project.
    fn check_link(&self, link: &Path) -> Result<(), Diagnostic> {
        let rel = self.rel(link);
        match std::fs::canonicalize(link) {
            Ok(real) if self.is_inside(&real) => Ok(()),
            Ok(real) => Err(outside(rel, &real)),
            Err(_) => Err(self.broken_link(link)),
        }
    }

    fn is_inside(&self, real: &Path) -> bool {
        self.real_root
            .as_ref()
            .is_some_and(|real_root| real.starts_with(real_root))
    }

    /// A walk error: a link loop, a broken link, or an entry that could not be read.
    fn walk_problem(&self, top: &Path, err: &walkdir::Error) -> Diagnostic {
        let path = err.path().unwrap_or(top);
        // A link to a folder above the project is a loop too, but leaving is what matters.
        if let Ok(real) = std::fs::canonicalize(path)
            && !self.is_inside(&real)
        {
            return outside(self.rel(path), &real);
        }
        if let Some(ancestor) = err.loop_ancestor() {
            return link_loop(self.rel(path), Some(&self.shown(ancestor)));
        }
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink()) {
            return self.broken_link(path);
        }
        super::walk_error(top, err)
    }

    /// Why the link at `link` cannot be followed: a loop, or nothing at its end.
    fn broken_link(&self, link: &Path) -> Diagnostic {
        let rel = self.rel(link);
        let mut seen = BTreeSet::new();
        let mut current = link.to_path_buf();
        for _ in 0..MAX_LINK_HOPS {
            if !seen.insert(current.clone()) {
                return link_loop(rel, None);
            }
            let Ok(target) = std::fs::read_link(&current) else {
                break; // not a link (any more): the chain ends here
            };
            current = match current.parent() {
                Some(parent) => parent.join(&target),
                None => target,
            };
            if std::fs::symlink_metadata(&current).is_err() {
                return Diagnostic::error(format!(
                    "{} is a link to {}, which does not exist",
                    rel.display(),
                    current.display()
                ))
                .at(Location::file_start(rel))
                .hint("remove the link, or put the file or folder it names back");
            }
        }
        if seen.len() >= MAX_LINK_HOPS {
            return link_loop(rel, None);
        }
        Diagnostic::error(format!(
            "failed to read {} (a link that cannot be followed)",
            rel.display()
        ))
        .at(Location::file_start(rel))
        .hint("check the link and the permissions of what it points to")
    }
}

fn outside(rel: &Path, real: &Path) -> Diagnostic {
    Diagnostic::error(format!(
        "{} leads out of the project (to {}) through a symbolic link",
        rel.display(),
        real.display()
    ))
    .at(Location::file_start(rel))
    .hint(
        "copy the file or folder into the project instead of linking to it: only what is inside \
         the project folder is built, so what is published is what was reviewed",
    )
}

fn link_loop(rel: &Path, ancestor: Option<&str>) -> Diagnostic {
    let back_to = ancestor
        .map(|a| format!(": it leads back to {a}"))
        .unwrap_or_default();
    Diagnostic::error(format!(
        "{} is a symbolic link loop{back_to}",
        rel.display()
    ))
    .at(Location::file_start(rel))
    .hint("remove the link, or point it at the file or folder it was meant for")
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn project() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("project");
        std::fs::create_dir_all(root.join("leaflets/real")).unwrap();
        std::fs::write(root.join("leaflets/real/a.yaml"), "x").unwrap();
        std::fs::write(tmp.path().join("outside.yaml"), "secret").unwrap();
        (tmp, root)
    }

    fn files(root: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
        let mut diags = Diagnostics::new();
        let files = ProjectFiles::new(root)
            .files("leaflets", &["yaml"], &mut diags)
            .unwrap();
        (files, diags.iter().cloned().collect())
    }

    #[test]
    fn links_inside_are_followed_like_files() {
        let (_tmp, root) = project();
        symlink("real/a.yaml", root.join("leaflets/b.yaml")).unwrap();
        symlink("real", root.join("leaflets/more")).unwrap();
        let (found, diags) = files(&root);
        assert!(diags.is_empty(), "{diags:?}");
        let names: Vec<String> = found.iter().map(|p| p.display().to_string()).collect();
        assert_eq!(
            names,
            [
                "leaflets/b.yaml",
                "leaflets/more/a.yaml",
                "leaflets/real/a.yaml"
            ]
        );
        let bytes = ProjectFiles::new(&root)
            .read(Path::new("leaflets/b.yaml"))
            .unwrap();
        assert_eq!(bytes, b"x");
    }

    #[test]
    fn links_out_of_the_project_are_errors_and_not_read() {
        let (tmp, root) = project();
        symlink(
            tmp.path().join("outside.yaml"),
            root.join("leaflets/b.yaml"),
        )
        .unwrap();
        symlink(tmp.path(), root.join("leaflets/up")).unwrap();
        let (found, diags) = files(&root);
        assert_eq!(found, [PathBuf::from("leaflets/real/a.yaml")]);
        assert_eq!(diags.len(), 2, "{diags:?}");
        for d in &diags {
            assert!(
                d.message.contains("leads out of the project"),
                "{}",
                d.message
            );
        }
        let err = ProjectFiles::new(&root)
            .read(Path::new("leaflets/b.yaml"))
            .unwrap_err();
        assert_eq!(err.location, Some(Location::new("leaflets/b.yaml", 1, 1)));
    }

    #[test]
    fn loops_and_dangling_links_are_errors() {
        let (_tmp, root) = project();
        symlink("..", root.join("leaflets/real/parent")).unwrap();
        symlink("c.yaml", root.join("leaflets/d.yaml")).unwrap();
        symlink("d.yaml", root.join("leaflets/c.yaml")).unwrap();
        symlink("gone.yaml", root.join("leaflets/e.yaml")).unwrap();
        let (found, diags) = files(&root);
        assert_eq!(found, [PathBuf::from("leaflets/real/a.yaml")]);
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages.contains(&"leaflets/c.yaml is a symbolic link loop"));
        assert!(messages.contains(&"leaflets/d.yaml is a symbolic link loop"));
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("leaflets/e.yaml is a link to"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("leaflets/real/parent is a symbolic link loop")),
            "{messages:?}"
        );
    }
}
