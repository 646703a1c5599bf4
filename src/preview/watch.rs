//! Watching the sources for `leaflet serve` (notify, through its debouncer).
//!
//! An editor saves a file in several steps (a temporary file, a rename, a change of
//! attributes); the debouncer gathers what happens within a short time into one batch, so one
//! save gives one rebuild. Only changes count: notify also reports files being opened and
//! read, which every build does, and those would start the next build for ever. Only the folders and files named are watched, never the whole
//! project: `dist/`, `node_modules/` or a `target/` could hold many thousands of files, and
//! the preview's own output must not wake the watcher.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{Debouncer, RecommendedCache, new_debouncer};

/// How long after the last event of a burst a batch is handed on.
const QUIET: Duration = Duration::from_millis(120);

/// A running watch; dropping it stops watching.
pub struct SourceWatch {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    batches: Receiver<Result<Vec<PathBuf>, String>>,
}

/// What woke the watcher.
pub enum Woken {
    /// These source files (relative to the root) changed, were made or removed.
    Changed(Vec<PathBuf>),
    /// The watcher failed, e.g. the system's limit of watches was reached.
    Failed(String),
    /// The watch ended.
    Closed,
}

impl SourceWatch {
    /// Watches `folders` (recursively, those that exist) and `files` of `root`.
    pub fn start(root: &Path, folders: &[&str], files: &[&str]) -> Result<SourceWatch, String> {
        // Events name paths the way the watch was given them: absolute, so they can be made
        // relative to the root again whatever `--root` was.
        let root = std::path::absolute(root).map_err(|e| e.to_string())?;
        let (sender, batches) = mpsc::channel();
        let mut debouncer = new_debouncer(QUIET, None, sender).map_err(|e| e.to_string())?;
        for folder in folders {
            let path = root.join(folder);
            if path.is_dir() {
                debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(|e| format!("{folder}/: {e}"))?;
            }
        }
        // A file is watched through its folder: editors replace a file by renaming a new one
        // over it, which a watch on the file itself would lose.
        if !files.is_empty() {
            debouncer
                .watch(&root, RecursiveMode::NonRecursive)
                .map_err(|e| e.to_string())?;
        }
        // Filtered on a thread of its own, with the lists at hand, so `next` gets source paths.
        let (filtered_sender, filtered) = mpsc::channel();
        let sources = Sources {
            root: root.clone(),
            folders: folders.iter().map(|s| s.to_string()).collect(),
            files: files.iter().map(|s| s.to_string()).collect(),
        };
        std::thread::spawn(move || {
            for batch in batches {
                let batch = batch.map(|events| {
                    let mut paths: Vec<PathBuf> = events
                        .iter()
                        .filter(|event| is_change(&event.kind))
                        .flat_map(|event| &event.paths)
                        .filter_map(|path| sources.source_path(path))
                        .collect();
                    paths.sort();
                    paths.dedup();
                    paths
                });
                let batch = batch.map_err(|errors| {
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                });
                if filtered_sender.send(batch).is_err() {
                    break;
                }
            }
        });
        Ok(SourceWatch {
            _debouncer: debouncer,
            batches: filtered,
        })
    }

    /// Waits for the next batch of changes to the sources (batches of other files are skipped).
    pub fn next(&self) -> Woken {
        loop {
            match self.batches.recv() {
                Ok(Ok(paths)) if paths.is_empty() => continue,
                Ok(Ok(paths)) => return Woken::Changed(paths),
                Ok(Err(err)) => return Woken::Failed(err),
                Err(_) => return Woken::Closed,
            }
        }
    }

    /// Everything that arrived meanwhile, without waiting: a rebuild covers it all.
    pub fn drain(&self) -> Vec<PathBuf> {
        let mut paths = Vec::new();
        while let Ok(batch) = self.batches.try_recv() {
            if let Ok(more) = batch {
                paths.extend(more);
            }
        }
        paths
    }
}

/// A file's content or name changed, or it was made or removed: not an open, a read or a
/// change of its time stamps or permissions.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        // Closing a file written to: the end of a save.
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// What counts as a source.
struct Sources {
    root: PathBuf,
    folders: Vec<String>,
    files: Vec<String>,
}

impl Sources {
    /// The path relative to the root when it is a source, `None` for anything else (the
    /// project's other files, editors' swap, backup and lock files).
    fn source_path(&self, path: &Path) -> Option<PathBuf> {
        let rel = path.strip_prefix(&self.root).ok()?;
        let name = rel.file_name()?.to_str()?;
        if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") {
            return None;
        }
        let first = rel.components().next()?.as_os_str();
        let wanted = self.folders.iter().any(|f| first == f.as_str())
            || (rel.components().count() == 1 && self.files.iter().any(|f| first == f.as_str()));
        wanted.then(|| rel.to_path_buf())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_wake_a_rebuild() {
        let sources = Sources {
            root: PathBuf::from("/p"),
            folders: vec!["leaflets".into(), "locales".into()],
            files: vec!["site.yaml".into()],
        };
        let source = |p: &str| sources.source_path(Path::new(p));
        assert_eq!(source("/p/site.yaml"), Some(PathBuf::from("site.yaml")));
        assert_eq!(
            source("/p/leaflets/shared/a.yaml"),
            Some(PathBuf::from("leaflets/shared/a.yaml"))
        );
        assert_eq!(
            source("/p/locales/nl/a.ftl"),
            Some(PathBuf::from("locales/nl/a.ftl"))
        );
        for other in [
            "/p/dist/index.html",
            "/p/.site.yaml.swp",
            "/p/leaflets/.a.yaml.swp",
            "/p/leaflets/a.yaml~",
            "/p/notes.txt",
            "/p/site.yaml/x",
            "/elsewhere/site.yaml",
        ] {
            assert_eq!(source(other), None, "{other}");
        }
    }
}
