//! Scratch: the temporary folders and files of one run, removed on every way out.
//!
//! A build makes a staging folder beside the output, a lock file beside it and a private work
//! folder for typst in the system's temp folder. A normal end (success, failure, panic) removes
//! them through `Drop`. Ctrl-C, SIGTERM and SIGHUP run the handler of [`on_interrupt`] instead: it
//! waits for a swap in progress to finish (swaps run inside [`critical`], under the same lock),
//! kills the child processes (typst), removes every registered path, prints one line and exits 130.
//! SIGKILL cannot be caught: the next build removes what was left (`publish::remove_leftovers`
//! beside the output, [`remove_dead_work_dirs`] here).
//!
//! This module also holds the test-only pause points ([`pause`], `LEAFLET_TEST_PAUSE`), which let
//! a test kill a build at a known moment. It uses no other module of the crate.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// What the interrupt handler must remove, and the line it ends with.
pub struct Registry {
    paths: Vec<PathBuf>,
    note: String,
    /// Set by [`Registry::hold_note`]: the note no longer changes.
    note_held: bool,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    paths: Vec::new(),
    note: String::new(),
    note_held: false,
});

fn registry() -> MutexGuard<'static, Registry> {
    // A panic elsewhere while holding the lock leaves the list as it was: still usable.
    REGISTRY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Registry {
    /// The interrupt handler removes `path` (a folder with everything in it, or a file).
    pub fn add(&mut self, path: &Path) {
        // Folders removed by their own `Drop` (typst's work folder) leave an entry behind.
        self.paths.retain(|p| p.symlink_metadata().is_ok());
        self.paths.push(path.to_path_buf());
    }

    pub fn forget(&mut self, path: &Path) {
        self.paths.retain(|p| p != path);
    }

    /// The line printed when the run is interrupted: it must say what happened to the output.
    pub fn set_note(&mut self, note: impl Into<String>) {
        if !self.note_held {
            self.note = note.into();
        }
    }

    /// The line printed when the run is interrupted, for the rest of the run: a command that
    /// runs builds one after another (`serve`) removes their folders with its own, so what a
    /// build would say of its output is not true of it.
    pub fn hold_note(&mut self, note: impl Into<String>) {
        self.note = note.into();
        self.note_held = true;
    }
}

/// Runs `f` with the registry locked: an interrupt waits until `f` is done, so a swap of the
/// output and the registration of what it leaves to delete are never split by it.
pub fn critical<T>(f: impl FnOnce(&mut Registry) -> T) -> T {
    f(&mut registry())
}

/// Installs the handler for Ctrl-C, SIGTERM and SIGHUP (once per process: a later call, such as
/// the next build of a preview server, only changes the note). `note` is the line it prints
/// before exiting 130; [`Registry::set_note`] changes it as the run goes on.
pub fn on_interrupt(note: impl Into<String>) -> Result<(), String> {
    static INSTALLED: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    registry().set_note(note);
    INSTALLED.get_or_init(install_handler).clone()
}

fn install_handler() -> Result<(), String> {
    ctrlc::set_handler(|| {
        // Held until the exit: no swap starts and no write into the staging folder happens now.
        let registry = registry();
        // The most recent first: the typst work folder goes before the staging folder, so a
        // typst started a moment ago finds nothing to work on. A second round catches what such
        // a typst wrote meanwhile.
        for _ in 0..2 {
            kill_children();
            for path in registry.paths.iter().rev() {
                let _ = remove(path);
            }
        }
        eprintln!("{}", registry.note);
        std::process::exit(130);
    })
    .map_err(|err| err.to_string())
}

/// Stops typst and removes everything registered, as the interrupt handler does, for a command
/// that must end on an error of its own (`serve` when its server fails).
pub fn remove_registered() {
    let registry = registry();
    kill_children();
    for path in registry.paths.iter().rev() {
        let _ = remove(path);
    }
}

/// A temporary folder that is removed when dropped, and by the interrupt handler.
pub struct ScratchDir {
    path: PathBuf,
    /// Cleared when the folder was renamed to a place it must stay (the first build's output).
    owned: bool,
}

impl ScratchDir {
    /// Creates `<parent>/<prefix><random>`, readable by everyone (a web server reads the site).
    pub fn new_in(parent: &Path, prefix: &str) -> io::Result<ScratchDir> {
        let path = critical(|registry| {
            let path = tempfile::Builder::new()
                .prefix(prefix)
                .tempdir_in(parent)?
                .keep();
            registry.add(&path);
            Ok::<_, io::Error>(path)
        })?;
        // Outside `critical`: dropping a ScratchDir takes the lock.
        let dir = ScratchDir { path, owned: true };
        make_world_readable(&dir.path)?;
        Ok(dir)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder now lives at `new` (or, with `None`, is no longer ours to remove). Call inside
    /// [`critical`], in the same step as the rename.
    pub fn moved(&mut self, registry: &mut Registry, new: Option<PathBuf>) {
        registry.forget(&self.path);
        match new {
            Some(new) => {
                registry.add(&new);
                self.path = new;
            }
            None => self.owned = false,
        }
    }

    /// Removes the folder now; the error says why it could not be.
    pub fn remove(mut self) -> io::Result<()> {
        self.owned = false;
        critical(|registry| {
            let removed = remove(&self.path);
            registry.forget(&self.path);
            removed
        })
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        if self.owned {
            critical(|registry| {
                let _ = remove(&self.path);
                registry.forget(&self.path);
            });
        }
    }
}

/// Removes a folder with everything in it, or a file. A second try covers a file that a process
/// killed a moment ago was still writing into the folder.
pub fn remove(path: &Path) -> io::Result<()> {
    let mut result = Ok(());
    for _ in 0..3 {
        result = match path.symlink_metadata() {
            Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
            Ok(_) => std::fs::remove_file(path),
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(err) => Err(err),
        };
        match &result {
            Ok(()) => return Ok(()),
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    result
}

/// The prefix of typst work folders in the temp folder: `leaflet-typst-<pid>-`. The process id
/// lets a later run tell the folders of a killed run from those of a running one.
pub const TYPST_WORK_PREFIX: &str = "leaflet-typst-";

/// The prefix of `leaflet serve`'s folder in the temp folder: `leaflet-serve-<pid>-`, so that
/// the folder of a serve killed with SIGKILL is removed by a later run, as typst's are.
pub const SERVE_PREFIX: &str = "leaflet-serve-";

/// Replaces the file `path` with `bytes` in one step: the new text goes into a temporary file
/// beside it, reaches the disk, and is renamed over the old one. A kill or a power cut leaves
/// the old file or the new one, never half of one (a lock file, `site.yaml`).
pub fn replace_file(path: &Path, bytes: impl AsRef<[u8]>) -> io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".leaflet-write-");
    // The file keeps its permissions; a new one gets the usual ones (read and write for
    // everyone, less the umask, as `fs::write` makes it), not a temporary file's owner-only.
    #[cfg(unix)]
    builder.permissions(match std::fs::metadata(path) {
        Ok(meta) => meta.permissions(),
        Err(_) => std::os::unix::fs::PermissionsExt::from_mode(0o666),
    });
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(bytes.as_ref())?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|err| err.error)?;
    std::fs::File::open(dir)?.sync_all()
}

/// A private work folder for typst in the system's temp folder, registered for the interrupt
/// handler. Its own `Drop` removes it at a normal end.
pub fn typst_work_dir() -> io::Result<tempfile::TempDir> {
    let dir = critical(|registry| {
        let dir = tempfile::Builder::new()
            .prefix(&format!("{TYPST_WORK_PREFIX}{}-", std::process::id()))
            .tempdir()?;
        registry.add(dir.path());
        Ok::<_, io::Error>(dir)
    })?;
    pause("in-pdf");
    Ok(dir)
}

/// Removes the typst work folders and preview folders of runs that no longer run (killed, or a
/// crashed machine). Returns the folders that could not be removed, with why.
pub fn remove_dead_work_dirs() -> Vec<String> {
    remove_dead_work_dirs_in(&std::env::temp_dir())
}

fn remove_dead_work_dirs_in(temp: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let Ok(entries) = std::fs::read_dir(temp) else {
        return problems;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| {
                [TYPST_WORK_PREFIX, SERVE_PREFIX]
                    .into_iter()
                    .find_map(|prefix| n.strip_prefix(prefix))
            })
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == std::process::id() || is_alive(pid) {
            continue;
        }
        if let Err(err) = remove(&entry.path()) {
            problems.push(format!("{} ({err})", entry.path().display()));
        }
    }
    problems
}

/// Whether a process with this id runs. Errs on the side of "yes": a folder is only removed when
/// its process is surely gone (a process of another user counts as running).
#[cfg(unix)]
pub fn is_alive(pid: u32) -> bool {
    use rustix::process::{Pid, test_kill_process};
    let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) else {
        return true;
    };
    !matches!(test_kill_process(pid), Err(rustix::io::Errno::SRCH))
}

#[cfg(not(unix))]
pub fn is_alive(_pid: u32) -> bool {
    true
}

/// Kills this process's children (typst) so none outlives an interrupted build. The standard
/// library gives `Command::output` no handle to them, so Linux's process table is read: every
/// `/proc/<pid>/stat` whose parent field is this process. On other systems Ctrl-C reaches typst
/// anyway (a terminal signals the whole process group); a SIGTERM to leaflet alone does not.
#[cfg(target_os = "linux")]
fn kill_children() {
    use rustix::process::{Pid, Signal, kill_process};
    let me = std::process::id();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<i32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // "pid (name) state ppid …": the name may hold spaces and parentheses.
        let parent = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if parent == Some(me)
            && let Some(pid) = Pid::from_raw(pid)
        {
            let _ = kill_process(pid, Signal::KILL);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn kill_children() {}

/// Test-only: when `LEAFLET_TEST_PAUSE` names this point, says so on stderr and waits (up to a
/// minute) so a test can kill the run exactly here. Points: `locked` (lock taken, leftovers
/// removed), `in-pdf` (typst's work folder made), `before-swap`, `after-swap` (new output in
/// place, previous one not yet deleted).
pub fn pause(point: &str) {
    if std::env::var_os("LEAFLET_TEST_PAUSE").is_some_and(|p| p == point) {
        eprintln!(
            "leaflet: paused at {point} (LEAFLET_TEST_PAUSE), pid {}",
            std::process::id()
        );
        // 60 seconds, or until the file LEAFLET_TEST_RESUME names exists.
        let resume = std::env::var_os("LEAFLET_TEST_RESUME").map(std::path::PathBuf::from);
        let until = std::time::Instant::now() + Duration::from_secs(60);
        while std::time::Instant::now() < until && !resume.as_ref().is_some_and(|p| p.exists()) {
            std::thread::sleep(Duration::from_millis(10));
        }
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

/// Hands the memory the process freed back to the system (glibc keeps it for later use by the
/// thread that freed it): the search index, made next, then grows from what the build still
/// holds rather than from its peak so far. A no-op elsewhere.
pub fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator's own arenas.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_is_whole_and_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("site.yaml");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        replace_file(&path, "new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o640);
        // A new file gets the permissions fs::write gives one (not owner-only).
        let fresh = tmp.path().join("translations.lock.yaml");
        replace_file(&fresh, "x").unwrap();
        let reference = tmp.path().join("reference");
        std::fs::write(&reference, "x").unwrap();
        assert_eq!(mode(&fresh), mode(&reference));
        // Nothing else is left in the folder.
        let names: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");
    }

    #[test]
    fn a_scratch_dir_is_removed_when_dropped_and_kept_when_moved_away() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = ScratchDir::new_in(tmp.path(), ".x.staging-").unwrap();
        std::fs::write(dir.path().join("a"), "a").unwrap();
        let path = dir.path().to_path_buf();
        assert!(critical(|r| r.paths.contains(&path)));
        drop(dir);
        assert!(!path.exists());
        assert!(!critical(|r| r.paths.contains(&path)));

        let mut dir = ScratchDir::new_in(tmp.path(), ".x.staging-").unwrap();
        let kept = tmp.path().join("kept");
        std::fs::rename(dir.path(), &kept).unwrap();
        critical(|r| dir.moved(r, None));
        drop(dir);
        assert!(kept.exists());
    }

    #[test]
    fn only_work_folders_of_dead_processes_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let mine = std::process::id();
        for name in [
            format!("{TYPST_WORK_PREFIX}{dead}-abc"),
            format!("{TYPST_WORK_PREFIX}{mine}-abc"),
            format!("{TYPST_WORK_PREFIX}1-abc"),
            "leaflet-typst-notapid".to_string(),
            format!("{SERVE_PREFIX}{dead}-abc"),
            format!("{SERVE_PREFIX}{mine}-abc"),
            "leaflet-serve-abc".to_string(),
        ] {
            std::fs::create_dir(tmp.path().join(&name)).unwrap();
            std::fs::write(tmp.path().join(name).join("f"), "x").unwrap();
        }
        assert!(remove_dead_work_dirs_in(tmp.path()).is_empty());
        let mut left: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut expected = vec![
            format!("{TYPST_WORK_PREFIX}1-abc"),
            format!("{TYPST_WORK_PREFIX}{mine}-abc"),
            "leaflet-typst-notapid".to_string(),
            format!("{SERVE_PREFIX}{mine}-abc"),
            "leaflet-serve-abc".to_string(),
        ];
        expected.sort();
        assert_eq!(left, expected);
    }
}
