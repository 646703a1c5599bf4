//! The PDF cache: a PDF made before is reused when everything typst would read is the same.
//!
//! Receives, per PDF, a [`Key`]: a SHA-256 of the exact inputs handed to the typst process (its
//! version, its arguments, `SOURCE_DATE_EPOCH`, the Document's JSON, the QR code, the template,
//! the fonts and the pictures of the work folder, the page limit the PDF was checked against).
//! Hands back the PDF's bytes and the warnings typst printed when it was made, or nothing.
//!
//! Entries live in `.leaflet-cache/pdf/` of the project as `<key>.pdf` with `<key>.json` beside
//! it (the format, the key, the PDF's own SHA-256, typst's warnings). An entry is used only when
//! its JSON is of this format and names this key, and the PDF's bytes hash to what the JSON says:
//! a damaged, foreign or half-written entry is a miss, never trusted. Files are written under a
//! temporary name and renamed, so a killed build or a second process (a preview server) never
//! leaves a half entry under a key's name. The cache never decides what is published: a hit is
//! copied into the staging folder like a fresh PDF, and `dist/` is still swapped in one step.
//! Entries the last full build did not use are removed ([`PdfCache::prune`]), so the cache holds
//! one site's PDFs, not every version ever made.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The cache folder inside the project.
pub const CACHE_DIR: &str = ".leaflet-cache";

/// Changes when the meaning of a key or an entry changes: older entries are then misses.
const FORMAT: u32 = 1;

/// A SHA-256 of everything one PDF depends on, as 64 hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key(String);

impl Key {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Builds a [`Key`]: every part is written with its length first, so no two different lists
/// of parts give the same bytes to hash.
#[derive(Clone)]
pub struct KeyHasher(Sha256);

impl Default for KeyHasher {
    fn default() -> Self {
        KeyHasher::labelled(&format!("leaflet pdf cache {FORMAT}"))
    }
}

impl KeyHasher {
    /// A hasher whose first part says what the key is for (and that use's format), so keys of
    /// different caches never meet.
    pub fn labelled(label: &str) -> Self {
        let mut hasher = KeyHasher(Sha256::new());
        hasher.part(label.as_bytes());
        hasher
    }

    pub fn part(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn finish(self) -> Key {
        Key(hex(&self.0.finalize()))
    }
}

/// Bytes (a digest) as lowercase hexadecimal digits.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What a cache entry says about its PDF.
#[derive(Serialize, Deserialize)]
struct EntryInfo {
    format: u32,
    key: String,
    /// SHA-256 of the PDF file.
    pdf_sha256: String,
    /// typst's warnings when it made the PDF, shown again when the PDF is reused.
    warnings: Vec<String>,
}

/// A PDF found in the cache.
pub struct Hit {
    pub pdf: Vec<u8>,
    pub warnings: Vec<String>,
}

/// The PDF cache of one project.
pub struct PdfCache {
    dir: PathBuf,
    /// `false` with `--no-cache`: nothing is reused, every PDF is made and stored afresh.
    read: bool,
    /// Folders of entries made elsewhere (the parts of a sharded build), read after `dir`.
    parts: Vec<PathBuf>,
    /// A folder that gets a copy of every entry this run uses (the part a shard hands on).
    export: Option<PathBuf>,
    /// The keys this run looked up or stored, for [`PdfCache::prune`].
    used: Mutex<BTreeSet<Key>>,
}

impl PdfCache {
    pub fn new(project_root: &Path, read: bool) -> PdfCache {
        PdfCache {
            dir: project_root.join(CACHE_DIR).join("pdf"),
            read,
            parts: Vec::new(),
            export: None,
            used: Mutex::new(BTreeSet::new()),
        }
    }

    /// Also reuses the entries in these folders (read even with `--no-cache`: they are what
    /// the parts of a sharded build made, checked like any entry).
    pub fn reading(mut self, parts: Vec<PathBuf>) -> PdfCache {
        self.parts = parts;
        self
    }

    /// Copies every entry this run makes or reuses into `dir` too.
    pub fn exporting_to(mut self, dir: PathBuf) -> PdfCache {
        self.export = Some(dir);
        self
    }

    fn mark_used(&self, key: &Key) {
        self.used
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(key.clone());
    }

    /// The PDF stored under `key`, when there is a sound one.
    pub fn fetch(&self, key: &Key) -> Option<Hit> {
        self.mark_used(key);
        let own = self.read.then_some(&self.dir);
        let hit = own
            .into_iter()
            .chain(&self.parts)
            .find_map(|dir| fetch_from(dir, key))?;
        if let Some(export) = &self.export {
            // A part missing one PDF is made good by the machine that assembles.
            let _ = store_in(export, key, &hit.pdf, &hit.warnings);
        }
        Some(hit)
    }

    /// Stores a PDF that was made and checked without errors.
    pub fn store(&self, key: &Key, pdf: &[u8], warnings: &[String]) -> io::Result<()> {
        self.mark_used(key);
        if let Some(export) = &self.export {
            store_in(export, key, pdf, warnings)?;
        }
        self.prepare_dir()?;
        store_in(&self.dir, key, pdf, warnings)
    }

    /// The cache folder, marked as a cache for backup tools (CACHEDIR.TAG) and for git (a
    /// `.gitignore` of its own, so a project needs no change to keep it out of version control).
    fn prepare_dir(&self) -> io::Result<()> {
        if self.dir.is_dir() {
            return Ok(());
        }
        prepare_cache_folder(&self.dir)
    }

    /// Removes every entry this run did not use (and temporary files older than an hour, which
    /// a killed build left). Returns how many entries were removed.
    pub fn prune(&self) -> usize {
        let used = self
            .used
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        let mut removed = 0;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale = match name.rsplit_once('.') {
                _ if name.starts_with(".tmp") => entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age.as_secs() > 3600),
                Some((stem, "pdf" | "json")) => !used.contains(&Key(stem.to_string())),
                _ => false,
            };
            if stale && std::fs::remove_file(entry.path()).is_ok() && name.ends_with(".pdf") {
                removed += 1;
            }
        }
        removed
    }
}

/// Creates `dir`, a folder inside `.leaflet-cache/`, and marks the cache as a cache for backup
/// tools (CACHEDIR.TAG) and for git (a `.gitignore` of its own, so a project needs no change to
/// keep it out of version control).
pub fn prepare_cache_folder(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let top = dir.parent().unwrap_or(dir);
    std::fs::write(
        top.join("CACHEDIR.TAG"),
        "Signature: 8a477f597d28d172789f06886806bc55\n# The cache of leaflet build (PDFs, search index): safe to delete, made again when needed.\n",
    )?;
    std::fs::write(top.join(".gitignore"), "*\n")
}

/// The `version = "…"` of package `name` in the project's `Cargo.lock`, for tests that check a
/// version written into a cache key against the one compiled in.
#[cfg(test)]
pub(crate) fn locked_version(name: &str) -> String {
    let lock = include_str!("../../Cargo.lock");
    let at = lock
        .find(&format!("name = \"{name}\"\n"))
        .unwrap_or_else(|| panic!("{name} in Cargo.lock"));
    let line = lock[at..].lines().nth(1).unwrap();
    line.strip_prefix("version = \"")
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or_else(|| panic!("{line}"))
        .to_string()
}

fn entry(dir: &Path, key: &Key) -> (PathBuf, PathBuf) {
    (
        dir.join(format!("{}.pdf", key.0)),
        dir.join(format!("{}.json", key.0)),
    )
}

/// The entry `key` in `dir`, when its description is of this format and names this key, and
/// the PDF's bytes hash to what it says.
fn fetch_from(dir: &Path, key: &Key) -> Option<Hit> {
    let (pdf_path, info_path) = entry(dir, key);
    // Plain files only: a link could hand over any file of the machine.
    let plain = |path: &Path| std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file());
    if !plain(&info_path) || !plain(&pdf_path) {
        return None;
    }
    let info: EntryInfo = serde_json::from_slice(&std::fs::read(info_path).ok()?).ok()?;
    if info.format != FORMAT || info.key != key.0 {
        return None;
    }
    let pdf = std::fs::read(pdf_path).ok()?;
    (hex(&Sha256::digest(&pdf)) == info.pdf_sha256).then_some(Hit {
        pdf,
        warnings: info.warnings,
    })
}

fn store_in(dir: &Path, key: &Key, pdf: &[u8], warnings: &[String]) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let info = EntryInfo {
        format: FORMAT,
        key: key.0.clone(),
        pdf_sha256: hex(&Sha256::digest(pdf)),
        warnings: warnings.to_vec(),
    };
    let info = serde_json::to_vec_pretty(&info).map_err(io::Error::other)?;
    let (pdf_path, info_path) = entry(dir, key);
    // The PDF first: an entry's description never names a PDF that is not complete.
    write_whole(dir, &pdf_path, pdf)?;
    write_whole(dir, &info_path, &info)
}

/// Writes `bytes` to `path` under a temporary name first, then renames it into place.
fn write_whole(dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut file = tempfile::Builder::new().prefix(".tmp").tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.persist(path).map_err(|err| err.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Key {
        let mut hasher = KeyHasher::default();
        hasher.part(text.as_bytes());
        hasher.finish()
    }

    #[test]
    fn parts_are_separated() {
        let mut one = KeyHasher::default();
        one.part(b"ab").part(b"c");
        let mut two = KeyHasher::default();
        two.part(b"a").part(b"bc");
        assert_ne!(one.finish(), two.finish());
    }

    #[test]
    fn a_stored_pdf_is_found_and_a_damaged_one_is_not() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = PdfCache::new(tmp.path(), true);
        let k = key("a");
        assert!(cache.fetch(&k).is_none());
        cache.store(&k, b"%PDF-1.7 one", &["w".into()]).unwrap();
        let hit = cache.fetch(&k).unwrap();
        assert_eq!(hit.pdf, b"%PDF-1.7 one");
        assert_eq!(hit.warnings, ["w"]);
        assert!(tmp.path().join(".leaflet-cache/CACHEDIR.TAG").exists());

        let (pdf, info) = entry(&cache.dir, &k);
        std::fs::write(&pdf, b"%PDF-1.7 two").unwrap();
        assert!(cache.fetch(&k).is_none(), "a changed PDF is not trusted");

        // An entry copied under another key's name is not trusted either.
        let other = key("b");
        let (other_pdf, other_info) = entry(&cache.dir, &other);
        cache.store(&k, b"%PDF-1.7 one", &[]).unwrap();
        std::fs::copy(&pdf, other_pdf).unwrap();
        std::fs::copy(&info, other_info).unwrap();
        assert!(cache.fetch(&other).is_none());

        // --no-cache reads nothing.
        assert!(PdfCache::new(tmp.path(), false).fetch(&k).is_none());
    }

    #[test]
    fn prune_keeps_only_what_this_run_used() {
        let tmp = tempfile::tempdir().unwrap();
        let first = PdfCache::new(tmp.path(), true);
        first.store(&key("a"), b"a", &[]).unwrap();
        first.store(&key("b"), b"b", &[]).unwrap();
        let second = PdfCache::new(tmp.path(), true);
        assert!(second.fetch(&key("a")).is_some());
        assert_eq!(second.prune(), 1);
        assert!(second.fetch(&key("a")).is_some());
        assert!(second.fetch(&key("b")).is_none());
    }
}
