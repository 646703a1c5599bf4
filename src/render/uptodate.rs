//! Up to date: a build whose inputs and output are exactly as the last build left them does
//! nothing, and says so — the way cargo replays a finished crate's warnings instead of compiling
//! it again.
//!
//! Receives the project root, the output and a description of everything else a build depends
//! on (leaflet's own version and executable, typst's version and path, the day review dates are
//! compared with, the options). Hands back the record of the last build when nothing changed,
//! or nothing.
//!
//! - **The inputs** ([`InputsKey`]): a SHA-256 of every file in the project with its path and
//!   bytes (links followed), except what is never a source: hidden top-level entries (`.git`,
//!   `.leaflet-cache`, the output's lock and staging folders), `target/`, `node_modules/`, the
//!   output itself and any other folder a leaflet build made (it carries the `dist/README.md`
//!   marker, or a `--shard` part's marker). Hashing everything, rather than the files a build
//!   happens to read, means a new kind of source can never be missed. A file that cannot be
//!   read, or a walk that fails, gives no key: the build runs.
//! - **The record** (`.leaflet-cache/builds/<hash of the output path>.json`): the key, the
//!   warnings of that build (shown again, so a no-op build tells what the last one told), its
//!   closing summary, and the output as it was left: every file's path, size, modification
//!   time, inode and change time (ctime, which `touch -r` cannot set back). A record is used
//!   only when its format, key and output all match; an output changed by hand (a file added,
//!   removed, edited or touched, even with its old modification time put back) means the
//!   build runs and replaces it.
//! - **When a record is written**: only after a build that succeeded, swapped its output in, and
//!   changed no source (a build that records new leaflet versions writes `versions.lock.yaml`, so
//!   the next build reads other inputs and runs). The record is removed before every swap, so a
//!   record never describes an output it did not see.
//!
//! The key is computed before the sources are read: a file saved while a build runs makes the
//! next build run.

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diag::Diagnostic;
use crate::paths;
use crate::publish::{DIST_README, Output};
use crate::render::cache::CACHE_DIR;

/// Changes when the meaning of a record changes: older records are then ignored.
const FORMAT: u32 = 2;

/// Top-level folders of a project that are never sources.
const NOT_SOURCES: &[&str] = &["target", "node_modules"];

/// A SHA-256 of a build's inputs, as 64 hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputsKey(String);

/// What a build found and made, to be shown again when nothing changed.
#[derive(Serialize, Deserialize)]
pub struct Record {
    format: u32,
    key: InputsKey,
    /// The warnings of the build, in the order it found them.
    pub warnings: Vec<Diagnostic>,
    /// "203 leaflets in 5 languages (711 pages and 1422 PDFs)".
    pub summary: String,
    /// How many PDFs the site has (all reused when nothing changed).
    pub pdfs: Option<usize>,
    /// Every file of the output: its path (with `/`) and its size and modification time.
    output: BTreeMap<String, FileStamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct FileStamp {
    size: u64,
    /// Nanoseconds since 1970.
    modified: u128,
    /// The inode and the time of its last change (ctime, nanoseconds since 1970), on Unix:
    /// unlike the modification time, no program can set the ctime back after an edit.
    inode: u64,
    changed: i128,
}

/// The key of the build's inputs: `settings` (everything that is not a file of the project)
/// and every source file. `None` when any of it cannot be read.
pub fn inputs_key(root: &Path, output: &Output, settings: &str) -> Option<InputsKey> {
    let mut hasher = Sha256::new();
    let mut part = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    part(format!("leaflet build inputs {FORMAT}").as_bytes());
    part(settings.as_bytes());
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() != 1 || is_source(entry.path(), output));
    let mut buffer = Vec::new();
    for entry in walker {
        let entry = entry.ok()?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(root).ok()?;
        buffer.clear();
        std::fs::File::open(entry.path())
            .and_then(|mut file| file.read_to_end(&mut buffer))
            .ok()?;
        part(rel.to_string_lossy().as_bytes());
        part(&buffer);
    }
    Some(InputsKey(hex(&hasher.finalize())))
}

/// Whether a top-level entry of the project can be a source.
fn is_source(path: &Path, output: &Output) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with('.') || NOT_SOURCES.contains(&name.as_ref()) {
        return false;
    }
    if !path.is_dir() {
        return true;
    }
    let is_output = std::fs::canonicalize(path).is_ok_and(|real| real == output.folder);
    let made_by_a_build = std::fs::read_to_string(path.join(paths::DIST_README_FILE))
        .is_ok_and(|text| text == DIST_README)
        || path.join(paths::PART_MARKER_FILE).is_file();
    !is_output && !made_by_a_build
}

/// The record of the last build of `output`, when it was made from inputs with this key and
/// the output is still exactly as that build left it.
pub fn unchanged(root: &Path, output: &Output, key: &InputsKey) -> Option<Record> {
    let bytes = std::fs::read(record_path(root, output)).ok()?;
    let record: Record = serde_json::from_slice(&bytes).ok()?;
    if record.format != FORMAT || &record.key != key {
        return None;
    }
    (stamp_output(&output.folder).ok()? == record.output).then_some(record)
}

/// Removes the record of `output`: its output is about to change.
pub fn forget(root: &Path, output: &Output) -> io::Result<()> {
    match std::fs::remove_file(record_path(root, output)) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
        _ => Ok(()),
    }
}

/// Records a build that succeeded: its inputs' key, its warnings and summary, and its output
/// as it is now.
pub fn record(
    root: &Path,
    output: &Output,
    key: InputsKey,
    warnings: Vec<Diagnostic>,
    summary: String,
    pdfs: Option<usize>,
) -> io::Result<()> {
    let record = Record {
        format: FORMAT,
        key,
        warnings,
        summary,
        pdfs,
        output: stamp_output(&output.folder)?,
    };
    let path = record_path(root, output);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let json = serde_json::to_vec(&record).map_err(io::Error::other)?;
    crate::scratch::replace_file(&path, json)
}

/// `.leaflet-cache/builds/<SHA-256 of the output's real path>.json`: one record per output,
/// so `dist/` and a draft built with `--out` do not overwrite each other's.
fn record_path(root: &Path, output: &Output) -> PathBuf {
    let name = hex(&Sha256::digest(output.folder.to_string_lossy().as_bytes()));
    root.join(CACHE_DIR)
        .join("builds")
        .join(format!("{name}.json"))
}

/// Every file and folder of the output with its size and modification time.
fn stamp_output(folder: &Path) -> io::Result<BTreeMap<String, FileStamp>> {
    let mut found = BTreeMap::new();
    for entry in walkdir::WalkDir::new(folder).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        let meta = entry.metadata().map_err(io::Error::other)?;
        let modified = meta
            .modified()?
            .duration_since(UNIX_EPOCH)
            .map_err(io::Error::other)?
            .as_nanos();
        let rel = entry
            .path()
            .strip_prefix(folder)
            .map_err(io::Error::other)?
            .to_string_lossy()
            .replace('\\', "/");
        let size = if meta.is_dir() { 0 } else { meta.len() };
        #[cfg(unix)]
        let (inode, changed) = {
            use std::os::unix::fs::MetadataExt;
            (
                meta.ino(),
                i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
            )
        };
        #[cfg(not(unix))]
        let (inode, changed) = (0, 0);
        found.insert(
            rel,
            FileStamp {
                size,
                modified,
                inode,
                changed,
            },
        );
    }
    Ok(found)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> (tempfile::TempDir, PathBuf, Output) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("project");
        std::fs::create_dir_all(root.join("leaflets")).unwrap();
        std::fs::write(root.join("site.yaml"), "a").unwrap();
        std::fs::write(root.join("leaflets/x.yaml"), "b").unwrap();
        std::fs::create_dir_all(root.join("dist")).unwrap();
        std::fs::write(root.join("dist/index.html"), "page").unwrap();
        let output = Output::resolve(&root.join("dist")).unwrap();
        (tmp, root, output)
    }

    #[test]
    fn the_key_follows_every_source_and_nothing_else() {
        let (_tmp, root, output) = project();
        let key = |settings: &str| inputs_key(&root, &output, settings).unwrap();
        let first = key("s");
        assert_eq!(first, key("s"));
        assert_ne!(first, key("t"), "settings count");
        // The output, hidden folders and build folders are not sources.
        std::fs::write(root.join("dist/more.html"), "x").unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/HEAD"), "x").unwrap();
        std::fs::create_dir_all(root.join("drafts")).unwrap();
        std::fs::write(root.join("drafts/README.md"), DIST_README).unwrap();
        std::fs::write(root.join("drafts/page.html"), "x").unwrap();
        assert_eq!(first, key("s"));
        // A changed byte, a new file anywhere else, a renamed file: another key.
        std::fs::write(root.join("leaflets/x.yaml"), "c").unwrap();
        let second = key("s");
        assert_ne!(first, second);
        std::fs::write(root.join("notes.txt"), "").unwrap();
        let third = key("s");
        assert_ne!(second, third);
        std::fs::rename(root.join("notes.txt"), root.join("notes2.txt")).unwrap();
        assert_ne!(third, key("s"));
    }

    #[test]
    fn a_record_holds_only_while_the_output_is_untouched() {
        let (_tmp, root, output) = project();
        let key = inputs_key(&root, &output, "s").unwrap();
        assert!(unchanged(&root, &output, &key).is_none(), "no record yet");
        record(
            &root,
            &output,
            key.clone(),
            Vec::new(),
            "1 leaflet".into(),
            None,
        )
        .unwrap();
        assert_eq!(
            unchanged(&root, &output, &key).unwrap().summary,
            "1 leaflet"
        );
        let other = inputs_key(&root, &output, "t").unwrap();
        assert!(unchanged(&root, &output, &other).is_none(), "other inputs");

        std::fs::write(root.join("dist/index.html"), "edited").unwrap();
        assert!(unchanged(&root, &output, &key).is_none(), "an edited page");
        record(
            &root,
            &output,
            key.clone(),
            Vec::new(),
            "1 leaflet".into(),
            None,
        )
        .unwrap();
        std::fs::write(root.join("dist/new.html"), "").unwrap();
        assert!(unchanged(&root, &output, &key).is_none(), "an added file");
        std::fs::remove_file(root.join("dist/new.html")).unwrap();
        record(
            &root,
            &output,
            key.clone(),
            Vec::new(),
            "1 leaflet".into(),
            None,
        )
        .unwrap();
        std::fs::remove_file(root.join("dist/index.html")).unwrap();
        assert!(unchanged(&root, &output, &key).is_none(), "a removed file");

        record(
            &root,
            &output,
            key.clone(),
            Vec::new(),
            "1 leaflet".into(),
            None,
        )
        .unwrap();
        forget(&root, &output).unwrap();
        assert!(unchanged(&root, &output, &key).is_none(), "forgotten");
        forget(&root, &output).unwrap();
    }

    #[test]
    fn a_damaged_record_is_ignored() {
        let (_tmp, root, output) = project();
        let key = inputs_key(&root, &output, "s").unwrap();
        record(&root, &output, key.clone(), Vec::new(), "x".into(), None).unwrap();
        let path = record_path(&root, &output);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, &text[..text.len() / 2]).unwrap();
        assert!(unchanged(&root, &output, &key).is_none());
    }
}
