//! Publish: replace the output folder in one step, and only when the whole build succeeded.
//!
//! Receives the output path and the files of a finished build; hands back the new output or a
//! diagnostic. It must never leave the output missing, half written or mixed, whatever moment the
//! build is stopped at, and never replace a folder that is not a previous build.
//!
//! - **The output** ([`Output`]): the path given, with a link in its last part followed. When
//!   `dist` is a link to a web root (`dist -> /var/www/site`) the link stays and the folder it
//!   points to is replaced, so the web root keeps updating. All checks look at that real folder.
//! - **The lock** ([`OutputLock`]): `.<name>.lock` beside the real folder, held with an advisory
//!   lock of the operating system, so a second build of the same output refuses at once and a
//!   killed build's lock is released by the system. It holds the holder's process id and start.
//! - **Leftovers** ([`remove_leftovers`]): with the lock held, staging folders and moved-aside
//!   outputs of killed builds are removed; an output moved aside whose replacement never arrived
//!   is put back.
//! - **Staging and swap** ([`Staging`]): the build writes into `.<name>.staging-*` beside the real
//!   folder (same file system), then exchanges the two in one atomic step (`renameat2` with
//!   `RENAME_EXCHANGE` on Linux) and deletes the previous output, which is then at the staging
//!   name. A first build is one rename. Where the exchange is not available (other systems, file
//!   systems without it) two renames are used, which leave a moment without an output: a build
//!   killed there leaves the previous output at `.<name>.old-*`, and the next build puts it back.
//!
//! A failed build drops the staging folder and leaves the previous output byte for byte. Leaflets
//! removed from the sources disappear, since every build starts from an empty folder.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::paths;
use crate::scratch::{self, ScratchDir, critical, pause};

/// The README every build writes into the output folder. It also marks the folder as ours: a
/// build only replaces a folder that is empty or carries it, never a folder of other files.
pub const DIST_README: &str = "# dist/\n\nThis folder is made by `leaflet build`: the website and the PDFs.\nDo not edit it by hand; every build replaces it. Edit the sources in\n`leaflets/`, `locales/` and `site.yaml` instead.\n";

/// The output of a build.
#[derive(Debug, Clone)]
pub struct Output {
    /// As given (`./dist`), for messages.
    pub given: PathBuf,
    /// Absolute, links resolved: the folder whose place the new build takes.
    pub folder: PathBuf,
    /// `given` is a link (to `folder`).
    pub link: bool,
}

impl Output {
    pub fn resolve(out: &Path) -> io::Result<Output> {
        let link = out.symlink_metadata().is_ok_and(|m| m.is_symlink());
        Ok(Output {
            given: out.to_path_buf(),
            folder: real_path(out)?,
            link,
        })
    }

    /// The folder beside which the staging folder, the lock and leftovers live.
    pub fn parent(&self) -> &Path {
        self.folder.parent().unwrap_or(Path::new("/"))
    }

    fn name(&self) -> String {
        self.folder
            .file_name()
            .map_or_else(|| "dist".into(), |n| n.to_string_lossy().into_owned())
    }

    /// `.<name>.<what>` beside the real folder.
    fn beside(&self, what: &str) -> PathBuf {
        self.parent().join(format!(".{}.{what}", self.name()))
    }

    pub fn exists(&self) -> bool {
        self.folder.symlink_metadata().is_ok()
    }

    /// The output as the user knows it, with the folder it links to.
    pub fn describe(&self) -> String {
        if self.link {
            format!(
                "{} (a link to {})",
                self.given.display(),
                self.folder.display()
            )
        } else {
            self.given.display().to_string()
        }
    }
}

/// The absolute path with every link followed, also a link to something that does not exist yet
/// (the web root of a first build); a part that does not exist is kept as written.
fn real_path(path: &Path) -> io::Result<PathBuf> {
    let mut path = std::path::absolute(path)?;
    // As many links as the system follows before it gives up (ELOOP).
    for _ in 0..40 {
        let mut existing = path.clone();
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
        let mut missing = rest.into_iter().rev();
        if let Some(first) = missing.next() {
            resolved.push(first);
            if let Ok(target) = std::fs::read_link(&resolved) {
                // A link to a path that does not exist: follow it by hand and start again.
                let mut next = resolved.parent().unwrap_or(Path::new("/")).join(target);
                next.extend(missing);
                path = std::path::absolute(next)?;
                continue;
            }
            resolved.extend(missing);
        }
        return Ok(resolved);
    }
    Err(io::Error::other("too many levels of links"))
}

/// Refuses an output folder whose replacement would destroy something that is not a previous
/// build: the project itself or a folder above it, a folder with a `site.yaml`, or any folder
/// with files that has no `README.md` written by leaflet. A link is judged by its target.
pub fn check_output_folder(out: &Output, project_root: &Path) -> Result<(), String> {
    let what = out.describe();
    let folder = &out.folder;
    let root = real_path(project_root).unwrap_or_else(|_| project_root.to_path_buf());
    if root.starts_with(folder) {
        return Err(format!(
            "{what} is the project folder or contains it; a build replaces its output folder completely"
        ));
    }
    if !folder.exists() {
        return Ok(());
    }
    if !folder.is_dir() {
        return Err(format!("{what} is a file, not a folder"));
    }
    if folder.join(paths::SITE_FILE).exists() {
        return Err(format!(
            "{what} holds a site.yaml: it is a project, not an output folder"
        ));
    }
    let empty = std::fs::read_dir(folder)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    let ours = std::fs::read_to_string(folder.join(paths::DIST_README_FILE))
        .is_ok_and(|t| t.starts_with("# dist/"));
    if empty {
        return Ok(());
    }
    if !ours {
        return Err(format!(
            "{what} already holds files that leaflet did not make; a build would replace them all"
        ));
    }
    // Our README alone does not make a folder ours: a web root or a git checkout that once
    // received a copy of dist/ also holds other things (.git, CNAME, a report) that a build
    // would delete. Only what a build writes may be there.
    let strangers: Vec<String> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| !made_by_a_build(folder, name))
                .collect()
        })
        .unwrap_or_default();
    if strangers.is_empty() {
        Ok(())
    } else {
        let mut names = strangers;
        names.sort();
        // A language folder whose index.html was deleted or replaced by hand looks like a
        // stranger: say so, or the message would name a folder the build itself made.
        let names: Vec<String> = names
            .into_iter()
            .map(|name| {
                if crate::resolve::is_slug(&name) && folder.join(&name).is_dir() {
                    format!("{name}/ (a language folder without its index.html file)")
                } else {
                    name
                }
            })
            .collect();
        Err(format!(
            "{what} holds {} that a leaflet build does not make, which a build would delete",
            names.join(", ")
        ))
    }
}

/// Whether a top-level entry of an output folder is one a build writes: its README, the
/// language choice, the sitemap, the assets, search and team folders, or a language folder
/// (a slug holding an `index.html`).
fn made_by_a_build(folder: &Path, name: &str) -> bool {
    const FILES: &[&str] = &[
        paths::DIST_README_FILE,
        paths::ROOT_INDEX,
        paths::SITEMAP_FILE,
        paths::ASSETS_DIR,
        "pagefind",
        "team",
    ];
    FILES.contains(&name)
        || (crate::resolve::is_slug(name) && folder.join(name).join("index.html").is_file())
}

/// The lock of one output, held for a whole build. The operating system releases it when the
/// process ends in any way, so a killed build never blocks the next one.
pub struct OutputLock {
    /// Holds the lock while open.
    _file: File,
    path: PathBuf,
}

impl OutputLock {
    /// Takes the lock, or explains who holds it: another build writing the same output is an
    /// environment error (exit code 2), reported at once rather than waited for.
    pub fn acquire(out: &Output) -> Result<OutputLock, Diagnostic> {
        let path = out.beside("lock");
        let cannot_write = |err: io::Error| cannot_write_beside(out, err);
        // `--out new/folder` makes its parent; a link's target must have one already.
        if !out.link {
            std::fs::create_dir_all(out.parent()).map_err(cannot_write)?;
        }
        // The previous holder deletes the file as it lets go; a lock taken on the deleted file
        // would protect nothing, so check the path still names the locked file, else start again.
        for _ in 0..10 {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(cannot_write)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    let holder = match holder.trim() {
                        "" => "a process that has just started".to_string(),
                        holder => holder.to_string(),
                    };
                    return Err(Diagnostic::environment(format!(
                        "another leaflet build is writing {} ({holder})",
                        out.describe()
                    ))
                    .hint("wait for it to finish, then build again; two builds at once would replace each other's work"));
                }
                Err(TryLockError::Error(err)) => return Err(cannot_write(err)),
            }
            if !same_file(&file, &path) {
                continue;
            }
            let holder = format!(
                "pid {}, started {}",
                std::process::id(),
                jiff::ZonedDateTime::now().strftime("%Y-%m-%d %H:%M:%S %Z")
            );
            file.set_len(0)
                .and_then(|()| file.write_all(holder.as_bytes()))
                .map_err(cannot_write)?;
            critical(|registry| registry.add(&path));
            return Ok(OutputLock { _file: file, path });
        }
        Err(cannot_write(io::Error::other(
            "its lock file keeps being replaced",
        )))
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Delete while still holding the lock (the file closes after this), so no one locks a
        // file that is about to disappear without noticing (see `acquire`).
        critical(|registry| {
            let _ = std::fs::remove_file(&self.path);
            registry.forget(&self.path);
        });
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// Writing beside the real folder failed; for a link this is where deployments go wrong.
fn cannot_write_beside(out: &Output, err: io::Error) -> Diagnostic {
    let parent = out.parent().display();
    if out.link {
        Diagnostic::environment(format!(
            "cannot write in {parent}, beside {} that {} links to ({err}); leaflet replaces that folder in one step with a new one built beside it",
            out.folder.display(),
            out.given.display()
        ))
        .hint(format!(
            "let this user write in {parent}, or build into a folder of your own (--out) and make the web server's folder a link to it (README: \"The output folder\")"
        ))
    } else {
        Diagnostic::environment(format!(
            "cannot write beside {} in {parent} ({err})",
            out.given.display()
        ))
    }
}

/// Removes what killed builds left beside the output: staging folders (a new build not yet
/// swapped in, or a previous output swapped out and not yet deleted) and outputs moved aside by
/// the two-rename swap. If the output is missing because a build was killed between those two
/// renames, the newest moved-aside output is put back instead. Call with the lock held. Returns
/// what the user should know, as warnings.
pub fn remove_leftovers(out: &Output) -> Vec<Diagnostic> {
    let name = out.name();
    let staging = format!(".{name}.staging-");
    let old = format!(".{name}.old-");
    let Ok(entries) = std::fs::read_dir(out.parent()) else {
        return Vec::new();
    };
    let mut staged = Vec::new();
    let mut moved_aside = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with(&staging) {
            staged.push(entry.path());
        } else if file_name.starts_with(&old) {
            let modified = entry.metadata().and_then(|m| m.modified()).ok();
            moved_aside.push((modified, entry.path()));
        }
    }
    let mut found = Vec::new();
    moved_aside.sort();
    if !out.exists()
        && let Some((_, newest)) = moved_aside.pop()
    {
        match std::fs::rename(&newest, &out.folder) {
            Ok(()) => found.push(Diagnostic::warning(format!(
                "put back {} from {}, where a build that was stopped had moved it",
                out.describe(),
                newest.display()
            ))),
            Err(err) => found.push(Diagnostic::warning(format!(
                "{} is missing; a build that was stopped left the previous one at {}, which could not be put back ({err})",
                out.describe(),
                newest.display()
            ))),
        }
    }
    for path in staged
        .into_iter()
        .chain(moved_aside.into_iter().map(|(_, path)| path))
    {
        if let Err(err) = scratch::remove(&path) {
            found.push(Diagnostic::warning(format!(
                "failed to remove {}, left by a build that was stopped ({err})",
                path.display()
            )));
        }
    }
    found
}

/// An output folder being built.
pub struct Staging {
    dir: ScratchDir,
    out: Output,
    /// Flush every file to the disk before the swap (see [`Staging::commit`]); off only for a
    /// preview's private temporary folder, which a power cut takes away anyway.
    flush: bool,
    /// The previous output's files, for the ones this build writes again unchanged.
    reuse: Option<Reuse>,
}

/// Puts files into a staging folder, taking the previous output's file where it holds exactly
/// the bytes to write: a hard link to it instead of a new file. After one changed message
/// nearly every page and PDF is the same as before; linking them saves writing, flushing and
/// then deleting about a hundred megabytes at 200 leaflets. The new output holds the same
/// bytes and attributes either way, and the previous output is never changed:
///
/// - only a plain file is linked that nothing else links to, with exactly what a new file in
///   the staging folder gets: permission bits, owner, group and extended attributes (ACLs,
///   security labels), learnt from a probe file made there. A file someone linked elsewhere,
///   made private, gave to another group or an ACL is written anew;
/// - the bytes are compared through the new link, so what is compared is what the new output
///   holds; a difference (a file edited by hand in `dist/`) removes the link and writes a new
///   file;
/// - a file is never written through a link: a name already in the staging folder is removed
///   before a new file is made there ([`write_new`]);
/// - just before the swap every linked file is looked at again ([`Reuse::verify`]): one that
///   something wrote into meanwhile (through the previous output's name) fails the build,
///   instead of being published.
///
/// After the swap the previous output is deleted, and with it the second name of each linked
/// file. Elsewhere than on Linux every file is written.
#[derive(Debug)]
pub struct Reuse {
    /// The previous output folder.
    old: PathBuf,
    /// The staging folder.
    new: PathBuf,
    /// What a new file in the staging folder gets.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    made: NewFile,
    /// The files linked, as they were when linked.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    linked: std::sync::Mutex<Vec<(PathBuf, Stamp)>>,
}

/// The attributes of a new file (see [`Reuse`]).
#[cfg(any(target_os = "linux", target_os = "android"))]
#[derive(Debug, PartialEq, Eq)]
struct NewFile {
    mode: u32,
    uid: u32,
    gid: u32,
    xattrs: Vec<(Vec<u8>, Vec<u8>)>,
}

/// What changes when anything writes into a file or changes its attributes.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[derive(Debug, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

#[cfg(any(target_os = "linux", target_os = "android"))]
impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.len(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        }
    }
}

/// The extended attributes of `path` (not followed if a link), names with values, sorted;
/// `None` when they cannot be read.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn extended_attributes(path: &Path) -> Option<Vec<(Vec<u8>, Vec<u8>)>> {
    use std::os::unix::ffi::OsStrExt;
    let mut names = vec![0u8; 4096];
    let length = match rustix::fs::llistxattr(path, &mut names[..]) {
        Ok(length) => length,
        // A file system without extended attributes.
        Err(rustix::io::Errno::OPNOTSUPP) => 0,
        Err(_) => return None,
    };
    let mut found = Vec::new();
    for name in names[..length].split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let mut value = vec![0u8; 64 * 1024];
        let length =
            rustix::fs::lgetxattr(path, std::ffi::OsStr::from_bytes(name), &mut value[..]).ok()?;
        value.truncate(length);
        found.push((name.to_vec(), value));
    }
    found.sort();
    Some(found)
}

impl Reuse {
    /// `None` where what a new file gets cannot be learnt.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    fn new(old: &Path, new: &Path) -> Option<Reuse> {
        use std::os::unix::fs::MetadataExt;
        let probe = new.join(".leaflet-new-file");
        write_new(&probe, b"").ok()?;
        let meta = std::fs::symlink_metadata(&probe);
        let xattrs = extended_attributes(&probe);
        std::fs::remove_file(&probe).ok()?;
        let meta = meta.ok()?;
        Some(Reuse {
            old: old.to_path_buf(),
            new: new.to_path_buf(),
            made: NewFile {
                mode: meta.mode() & 0o7777,
                uid: meta.uid(),
                gid: meta.gid(),
                xattrs: xattrs?,
            },
            linked: std::sync::Mutex::new(Vec::new()),
        })
    }

    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    fn new(_old: &Path, _new: &Path) -> Option<Reuse> {
        None
    }

    /// Puts `bytes` at `target`, a path inside the staging folder whose folder exists: the
    /// previous output's file at the same place when it holds exactly these bytes, or else a
    /// new file.
    pub fn write(&self, target: &Path, bytes: &[u8]) -> io::Result<()> {
        if self.keep_same(target, bytes) {
            return Ok(());
        }
        write_new(target, bytes)
    }

    /// Puts the previous output's file at `target` (a path inside the staging folder whose
    /// folder exists) when it holds exactly `bytes`; `false` when it does not, and nothing was
    /// put there.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn keep_same(&self, target: &Path, bytes: &[u8]) -> bool {
        use std::os::unix::fs::MetadataExt;
        let Ok(rel) = target.strip_prefix(&self.new) else {
            return false;
        };
        let old = self.old.join(rel);
        let Ok(before) = std::fs::symlink_metadata(&old) else {
            return false;
        };
        let plain = before.file_type().is_file()
            && before.len() == bytes.len() as u64
            && before.nlink() == 1
            && before.mode() & 0o7777 == self.made.mode
            && before.uid() == self.made.uid
            && before.gid() == self.made.gid;
        if !plain
            || extended_attributes(&old).is_none_or(|xattrs| xattrs != self.made.xattrs)
            || std::fs::hard_link(&old, target).is_err()
        {
            return false;
        }
        // Read through the new name: the bytes compared are the bytes the new output holds.
        let linked = std::fs::symlink_metadata(target).ok().filter(|now| {
            now.ino() == before.ino() && now.dev() == before.dev() && now.nlink() == 2
        });
        let same = linked.is_some() && std::fs::read(target).is_ok_and(|held| held == bytes);
        match linked {
            Some(meta) if same => {
                self.linked
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .push((target.to_path_buf(), Stamp::of(&meta)));
                true
            }
            _ => {
                // `write_new` removes it too, and fails if it cannot.
                let _ = std::fs::remove_file(target);
                false
            }
        }
    }

    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    pub fn keep_same(&self, _target: &Path, _bytes: &[u8]) -> bool {
        false
    }

    /// Every linked file is as it was when linked: nothing wrote into it (through the
    /// previous output's name) or changed its attributes since. Otherwise the new output would
    /// hold bytes this build did not choose.
    pub fn verify(&self) -> io::Result<()> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        for (path, stamp) in self
            .linked
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .iter()
        {
            let now = std::fs::symlink_metadata(path).map(|meta| Stamp::of(&meta));
            if now.as_ref().ok() != Some(stamp) {
                let rel = path.strip_prefix(&self.new).unwrap_or(path);
                return Err(io::Error::other(format!(
                    "{} was changed in the previous output while this build ran: something writes into the output folder; build again once it has finished",
                    rel.display()
                )));
            }
        }
        Ok(())
    }
}

/// Writes `bytes` to a new file at `path`. A name already there is removed first, never
/// written through: it may be a link to a file of the previous output ([`Reuse`]).
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(err) if err.kind() == io::ErrorKind::NotFound => {}
        Err(err) => return Err(err),
    }
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)
}

/// Why a swap failed, and so what the output holds now.
#[derive(Debug)]
pub enum CommitError {
    /// The output is as it was.
    Untouched(io::Error),
    /// The previous output was moved aside and could not be put back (two-rename swap only).
    MovedAside { err: io::Error, old: PathBuf },
}

impl Staging {
    /// Creates an empty staging folder beside the real output folder.
    pub fn new(out: &Output) -> io::Result<Staging> {
        std::fs::create_dir_all(out.parent())?;
        let dir = ScratchDir::new_in(out.parent(), &format!(".{}.staging-", out.name()))?;
        let reuse = out
            .exists()
            .then(|| Reuse::new(&out.folder, dir.path()))
            .flatten();
        Ok(Staging {
            dir,
            out: out.clone(),
            flush: true,
            reuse,
        })
    }

    /// How files are best put into this staging folder (see [`Reuse`]); `None` on a first
    /// build, and where files cannot be linked.
    pub fn reuse(&self) -> Option<&Reuse> {
        self.reuse.as_ref()
    }

    /// No flush to the disk before the swap: for a preview's folder inside its own temporary
    /// folder, never for a site (`dist/` or `--out`).
    pub fn without_flush(mut self) -> Staging {
        self.flush = false;
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `bytes` to `rel` inside the staging folder, creating folders as needed.
    /// `rel` must be a plain path inside it (no `..`, no root): anything else is refused.
    pub fn write(&self, rel: impl AsRef<Path>, bytes: impl AsRef<[u8]>) -> io::Result<()> {
        let rel = rel.as_ref();
        if rel.as_os_str().is_empty()
            || !rel
                .components()
                .all(|part| matches!(part, std::path::Component::Normal(_)))
        {
            return Err(io::Error::other(format!(
                "{} is not a path inside the output folder",
                rel.display()
            )));
        }
        let path = self.dir.path().join(rel);
        // Inside `critical`, as every write here: an interrupt that is removing the staging
        // folder must not see it made again by a write that is still going on.
        critical(|_| {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            match &self.reuse {
                Some(reuse) => reuse.write(&path, bytes.as_ref()),
                None => write_new(&path, bytes.as_ref()),
            }
        })
    }

    /// Links every file of the previous output that is not in the staging folder yet, except
    /// those `leave` names (by path inside the output): for a preview's quick look, which
    /// makes a few pages and keeps the others as they were. Nothing is written after this.
    pub fn keep_previous(&self, leave: impl Fn(&Path) -> bool) -> io::Result<()> {
        let old = &self.out.folder;
        for entry in walkdir::WalkDir::new(old).min_depth(1) {
            let entry = entry.map_err(io::Error::other)?;
            let rel = entry.path().strip_prefix(old).map_err(io::Error::other)?;
            if leave(rel) {
                continue;
            }
            let target = self.dir.path().join(rel);
            if entry.file_type().is_dir() {
                critical(|_| std::fs::create_dir_all(&target))?;
            } else if entry.file_type().is_file() && !target.exists() {
                critical(|_| {
                    std::fs::hard_link(entry.path(), &target)
                        .or_else(|_| std::fs::copy(entry.path(), &target).map(|_| ()))
                })?;
            }
        }
        Ok(())
    }

    /// Creates the folder `file` (a path inside the staging folder) will be written into.
    pub fn make_parent(&self, file: &Path) -> io::Result<()> {
        match file.parent() {
            Some(parent) if parent.starts_with(self.dir.path()) => {
                critical(|_| std::fs::create_dir_all(parent))
            }
            _ => Err(io::Error::other(format!(
                "{} is not inside the staging folder",
                file.display()
            ))),
        }
    }

    /// Puts the staging folder in the output's place. The new output is in place when this
    /// returns `Ok`; the note says if the previous one could not be deleted. `interrupted` is the
    /// line an interrupt prints from then on.
    pub fn commit(mut self, interrupted: &str) -> Result<Option<String>, CommitError> {
        // Everything written reaches the disk before the swap: after a power cut the output is
        // the previous build or this one, never this one with empty files.
        if self.flush {
            flush_to_disk(self.dir.path()).map_err(CommitError::Untouched)?;
        }
        pause("before-swap");
        if let Some(reuse) = &self.reuse {
            reuse.verify().map_err(CommitError::Untouched)?;
        }
        let folder = self.out.folder.clone();
        let first = !self.out.exists();
        critical(|registry| {
            if first {
                std::fs::rename(self.dir.path(), &folder).map_err(CommitError::Untouched)?;
                self.dir.moved(registry, None);
            } else {
                match exchange(self.dir.path(), &folder) {
                    // The staging name now holds the previous output: removed below.
                    Exchange::Done => {}
                    Exchange::Unsupported => {
                        let old = self.out.beside(&format!("old-{}", std::process::id()));
                        swap_by_renames(self.dir.path(), &folder, &old)?;
                        self.dir.moved(registry, Some(old));
                    }
                    Exchange::Failed(err) => return Err(CommitError::Untouched(err)),
                }
            }
            registry.set_note(interrupted);
            Ok(())
        })?;
        pause("after-swap");
        // The renames themselves are entries of the parent folder.
        let unflushed = File::open(self.out.parent())
            .and_then(|dir| dir.sync_all())
            .err()
            .map(|err| {
                format!(
                    "the new output is in place, but the change of {} could not be flushed to disk ({err})",
                    self.out.parent().display()
                )
            });
        if first {
            return Ok(unflushed);
        }
        let previous = self.dir.path().to_path_buf();
        let undeleted = self.dir.remove().err().map(|err| {
            format!(
                "the previous output, now at {}, could not be deleted ({err}); the next build removes it",
                previous.display()
            )
        });
        Ok(match (unflushed, undeleted) {
            (Some(a), Some(b)) => Some(format!("{a}; {b}")),
            (a, b) => a.or(b),
        })
    }
}

/// Writes the files and folders under `dir` through to the disk: an `fsync` of each, several
/// at once (the file system's journal commits them together). Not `syncfs`: that would also
/// wait for every other program's unwritten data on the same disk.
fn flush_to_disk(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.map(|e| e.into_path()).map_err(io::Error::other))
        .collect::<io::Result<_>>()?;
    let flush = || {
        entries
            .par_iter()
            .try_for_each(|path| File::open(path)?.sync_all())
    };
    // fsync waits on the disk, not the processor: more at once than there are cores (or on
    // the usual pool, where no threads can be started for it).
    match rayon::ThreadPoolBuilder::new().num_threads(16).build() {
        Ok(pool) => pool.install(flush),
        Err(_) => flush(),
    }
}

enum Exchange {
    Done,
    /// The system or file system cannot exchange two paths: use [`swap_by_renames`].
    Unsupported,
    Failed(io::Error),
}

/// Exchanges two paths in one step: at every moment each name holds a complete folder.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> Exchange {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    if std::env::var_os("LEAFLET_TEST_SWAP").is_some_and(|v| v == "renames") {
        return Exchange::Unsupported;
    }
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Exchange::Done,
        // A file system without RENAME_EXCHANGE says EINVAL; a kernel or sandbox without
        // renameat2, ENOSYS.
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Exchange::Unsupported,
        Err(err) => Exchange::Failed(err.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_a: &Path, _b: &Path) -> Exchange {
    Exchange::Unsupported
}

/// The fallback swap: `folder` → `old`, `staged` → `folder`. Between the two renames `folder` does
/// not exist; a build killed there leaves the previous output at `old`, which the next build puts
/// back ([`remove_leftovers`]). If the second rename fails, the first is undone.
fn swap_by_renames(staged: &Path, folder: &Path, old: &Path) -> Result<(), CommitError> {
    std::fs::rename(folder, old).map_err(CommitError::Untouched)?;
    pause("between-renames");
    if let Err(err) = std::fs::rename(staged, folder) {
        return Err(match std::fs::rename(old, folder) {
            Ok(()) => CommitError::Untouched(err),
            Err(_) => CommitError::MovedAside {
                err,
                old: old.to_path_buf(),
            },
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn commit_replaces_and_dropping_keeps_the_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = Output::resolve(&tmp.path().join("dist")).unwrap();
        std::fs::create_dir(&out.folder).unwrap();
        std::fs::write(out.folder.join("old.html"), "old").unwrap();

        let failed = Staging::new(&out).unwrap();
        failed.write("new.html", "new").unwrap();
        drop(failed);
        assert!(out.folder.join("old.html").exists());
        assert!(!out.folder.join("new.html").exists());

        let ok = Staging::new(&out).unwrap();
        ok.write("a/new.html", "new").unwrap();
        assert!(ok.commit("").unwrap().is_none());
        assert!(!out.folder.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.folder.join("a/new.html")).unwrap(),
            "new"
        );
        assert_eq!(names(tmp.path()), ["dist"], "only dist/ remains");
    }

    #[test]
    fn the_first_build_is_one_rename() {
        let tmp = tempfile::tempdir().unwrap();
        let out = Output::resolve(&tmp.path().join("site/dist")).unwrap();
        let staging = Staging::new(&out).unwrap();
        staging.write("index.html", "new").unwrap();
        assert!(staging.commit("").unwrap().is_none());
        assert_eq!(names(&tmp.path().join("site")), ["dist"]);
    }

    #[test]
    fn the_fallback_swap_puts_the_output_back_when_the_second_rename_fails() {
        let tmp = tempfile::tempdir().unwrap();
        let folder = tmp.path().join("dist");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("old.html"), "old").unwrap();
        let old = tmp.path().join(".dist.old-1");
        let missing = tmp.path().join("no-such-staging");
        match swap_by_renames(&missing, &folder, &old) {
            Err(CommitError::Untouched(_)) => {}
            other => panic!("expected Untouched, got {other:?}"),
        }
        assert!(folder.join("old.html").exists());

        let staged = tmp.path().join(".dist.staging-1");
        std::fs::create_dir(&staged).unwrap();
        std::fs::write(staged.join("new.html"), "new").unwrap();
        swap_by_renames(&staged, &folder, &old).unwrap();
        assert!(folder.join("new.html").exists());
        assert!(old.join("old.html").exists());
    }

    #[test]
    fn leftovers_are_removed_and_a_moved_aside_output_is_put_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = Output::resolve(&tmp.path().join("dist")).unwrap();
        for name in [".dist.staging-a", ".dist.old-1", ".other.staging-b"] {
            std::fs::create_dir(tmp.path().join(name)).unwrap();
            std::fs::write(tmp.path().join(name).join(name), name).unwrap();
        }
        // dist/ is missing: the one moved aside comes back.
        let notes = remove_leftovers(&out);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(names(tmp.path()), [".other.staging-b", "dist"]);
        assert!(out.folder.join(".dist.old-1").exists());

        std::fs::create_dir(tmp.path().join(".dist.old-2")).unwrap();
        assert!(remove_leftovers(&out).is_empty());
        assert_eq!(names(tmp.path()), [".other.staging-b", "dist"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_to_the_folder_it_names() {
        let tmp = tempfile::tempdir().unwrap();
        let www = tmp.path().join("www");
        std::fs::create_dir(&www).unwrap();
        let link = tmp.path().join("dist");
        // Dangling at first: the web root is made by the first build.
        std::os::unix::fs::symlink("www/site", &link).unwrap();
        let out = Output::resolve(&link).unwrap();
        assert!(out.link);
        assert_eq!(out.folder, www.canonicalize().unwrap().join("site"));
        std::fs::create_dir(www.join("site")).unwrap();
        assert_eq!(Output::resolve(&link).unwrap().folder, out.folder);

        let project = tmp.path().join("project");
        std::fs::create_dir(&project).unwrap();
        std::fs::write(www.join("site/notes.txt"), "keep").unwrap();
        let refused = check_output_folder(&out, &project).unwrap_err();
        assert!(refused.contains("a link to"), "{refused}");
        std::os::unix::fs::symlink(&project, tmp.path().join("up")).unwrap();
        let up = Output::resolve(&tmp.path().join("up")).unwrap();
        assert!(check_output_folder(&up, &project).is_err());
    }

    #[test]
    fn a_second_lock_is_refused_naming_the_holder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = Output::resolve(&tmp.path().join("dist")).unwrap();
        let lock = OutputLock::acquire(&out).unwrap();
        let refused = OutputLock::acquire(&out).err().expect("refused");
        let message = format!("{refused:?}");
        assert!(
            message.contains(&format!("pid {}", std::process::id())),
            "{message}"
        );
        drop(lock);
        assert!(names(tmp.path()).is_empty(), "the lock file is removed");
        drop(OutputLock::acquire(&out).unwrap());
    }
}
