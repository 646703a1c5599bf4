//! The live preview of `leaflet serve`: what the browser is shown and told.
//!
//! It receives finished builds (folders a build swapped in whole) and the text of the problems
//! of a failed one; it hands the browser those folders' files over HTTP (`server`), with a small
//! script added to each page that listens for news on a server-sent-events stream: "reload"
//! when a file the page shows changed, "problems" for the overlay. It never builds, never
//! writes a file and knows nothing of leaflets: `cmd/serve.rs` wires it to the build and to the
//! file watcher (`watch`).

pub mod server;
pub mod watch;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio::sync::broadcast;

/// The preview's state, shared by the build threads and the HTTP server.
pub struct Preview {
    /// The pages without PDFs, rebuilt first after every change.
    pub pages_dir: PathBuf,
    /// The full build (pages and PDFs), which follows behind.
    pub full_dir: PathBuf,
    state: Mutex<State>,
    events: broadcast::Sender<Event>,
}

struct State {
    /// Which folder holds the newest good build; PDFs are served from `full_dir` either way.
    serving: Serving,
    /// A fingerprint of every file being served, to tell the browser what changed.
    served: BTreeMap<PathBuf, [u8; 32]>,
    /// The problems of the last build, while they stand.
    problems: Option<Problems>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Serving {
    /// Nothing built yet.
    Nothing,
    Pages,
    Full,
}

/// What the browser is told on the event stream.
#[derive(Debug, Clone)]
pub enum Event {
    /// These files (relative paths with `/`) changed: a page showing one of them reloads.
    Reload(Vec<String>),
    /// The last build failed: show the overlay.
    Problems(Problems),
    /// The problems are solved: remove the overlay.
    Clear,
}

/// A failed build as the overlay shows it: one line, and the diagnostics exactly as the terminal
/// printed them (file:line:col, the source line, the hint).
#[derive(Debug, Clone, Serialize)]
pub struct Problems {
    pub summary: String,
    pub details: String,
}

impl Preview {
    pub fn new(pages_dir: PathBuf, full_dir: PathBuf) -> Preview {
        let (events, _) = broadcast::channel(64);
        Preview {
            pages_dir,
            full_dir,
            state: Mutex::new(State {
                serving: Serving::Nothing,
                served: BTreeMap::new(),
                problems: None,
            }),
            events,
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding it leaves plain data behind, still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The folder requests are answered from.
    pub fn serving_dir(&self) -> Option<PathBuf> {
        match self.state().serving {
            Serving::Nothing => None,
            Serving::Pages => Some(self.pages_dir.clone()),
            Serving::Full => Some(self.full_dir.clone()),
        }
    }

    pub fn serving(&self) -> Serving {
        self.state().serving
    }

    /// A build into `which` succeeded: serve it, and tell open pages what changed.
    pub fn built(&self, which: Serving) {
        let dir = match which {
            Serving::Nothing => return,
            Serving::Pages => &self.pages_dir,
            Serving::Full => &self.full_dir,
        };
        let fingerprints = fingerprints(dir);
        let mut state = self.state();
        let changed: Vec<String> = fingerprints
            .iter()
            .filter(|(path, hash)| state.served.get(*path) != Some(hash))
            .chain(
                state
                    .served
                    .iter()
                    .filter(|(path, _)| !fingerprints.contains_key(*path)),
            )
            .map(|(path, _)| slash_path(path))
            .collect();
        state.serving = which;
        state.served = fingerprints;
        if state.problems.take().is_some() {
            let _ = self.events.send(Event::Clear);
        }
        if !changed.is_empty() {
            let _ = self.events.send(Event::Reload(changed));
        }
    }

    /// A build failed: the overlay shows why, the last good build stays underneath.
    pub fn failed(&self, problems: Problems) {
        self.state().problems = Some(problems.clone());
        let _ = self.events.send(Event::Problems(problems));
    }

    /// What a browser that just connected must know first (the overlay, if any), and the
    /// stream of what follows.
    pub fn subscribe(&self) -> (Option<Problems>, broadcast::Receiver<Event>) {
        let state = self.state();
        (state.problems.clone(), self.events.subscribe())
    }
}

/// SHA-256 of every file under `dir`, by relative path (empty when it cannot be read).
fn fingerprints(dir: &Path) -> BTreeMap<PathBuf, [u8; 32]> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let bytes = std::fs::read(entry.path()).ok()?;
            let rel = entry.path().strip_prefix(dir).ok()?.to_path_buf();
            Some((rel, Sha256::digest(&bytes).into()))
        })
        .collect()
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_files_are_announced() {
        let tmp = tempfile::tempdir().unwrap();
        let pages = tmp.path().join("pages");
        std::fs::create_dir_all(pages.join("nl/a")).unwrap();
        std::fs::write(pages.join("nl/a/index.html"), "a").unwrap();
        std::fs::write(pages.join("index.html"), "i").unwrap();
        let preview = Preview::new(pages.clone(), tmp.path().join("full"));
        let (_, mut events) = preview.subscribe();
        preview.built(Serving::Pages);
        assert!(matches!(events.try_recv(), Ok(Event::Reload(files)) if files.len() == 2));

        std::fs::write(pages.join("nl/a/index.html"), "b").unwrap();
        preview.built(Serving::Pages);
        assert!(
            matches!(events.try_recv(), Ok(Event::Reload(files)) if files == ["nl/a/index.html"])
        );
        preview.built(Serving::Pages);
        assert!(
            events.try_recv().is_err(),
            "nothing changed, nothing to reload"
        );

        preview.failed(Problems {
            summary: "build failed".into(),
            details: "x".into(),
        });
        assert!(matches!(events.try_recv(), Ok(Event::Problems(_))));
        assert!(preview.subscribe().0.is_some());
        preview.built(Serving::Pages);
        assert!(matches!(events.try_recv(), Ok(Event::Clear)));
        assert_eq!(preview.serving_dir(), Some(pages));
    }
}
