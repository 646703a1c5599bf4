//! Load: read a project's sources from disk into typed source values.
//!
//! Receives the project root. Reads `site.yaml`, walks `leaflets/` (shared blocks under
//! `leaflets/shared/`) and `locales/<lang>/` with links followed but kept inside the project
//! (`walk.rs`), turns each file's bytes into checked text (`text.rs`: BOM, UTF-8, refused
//! characters), parses every YAML file with serde-saphyr into the source types (`source.rs`;
//! unknown keys are errors, so a typo never passes silently) and puts their strings in NFC.
//! Positions are kept (`Spanned`) so later stages can point at `file:line:col`. Hands on a
//! [`Project`]; it never interprets references between files (that is `resolve`).

mod normalize;
mod source;
mod text;
pub mod walk;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_saphyr::Spanned;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::paths::{LEAFLETS_DIR, LOCALES_DIR, SHARED_DIR, SITE_FILE};

pub use normalize::Normalize;
pub use source::*;
pub use text::{Refusal, Refused, SourceKind, describe, refused_characters, source_text};
pub use walk::ProjectFiles;

/// A loaded leaflet: its id (the file name) and where it came from.
#[derive(Debug)]
pub struct Leaflet {
    pub id: String,
    pub path: PathBuf,
    pub source: LeafletSource,
}

#[derive(Debug)]
pub struct Shared {
    pub name: String,
    pub path: PathBuf,
    pub source: SharedSource,
}

/// One Fluent file's text, kept for parsing and for positions in messages.
#[derive(Debug, Clone)]
pub struct FtlFile {
    pub path: PathBuf,
    pub text: String,
}

/// Everything read from a project, before any cross-file check.
#[derive(Debug)]
pub struct Project {
    pub root: PathBuf,
    pub site_path: PathBuf,
    pub site: Site,
    pub leaflets: Vec<Leaflet>,
    /// Ids of the leaflet files that could not be read or parsed (their errors are reported):
    /// still leaflets, so a link or a series naming one is not "unknown" as well.
    pub unreadable_leaflets: BTreeSet<String>,
    pub shared: BTreeMap<String, Shared>,
    /// locale → key → file, where key is `site`, `<leaflet-id>` or `shared/<name>`.
    pub ftl: BTreeMap<String, BTreeMap<String, FtlFile>>,
}

/// Reads the project at `root`. Returns `None` when `site.yaml` itself cannot be used; otherwise
/// a project with every file that parsed, and a diagnostic for each one that did not.
pub fn load_project(root: &Path, diags: &mut Diagnostics) -> Option<Project> {
    let files = ProjectFiles::new(root);
    let site_path = PathBuf::from(SITE_FILE);
    let site: Site = parse_source(&files, &site_path, diags)?;

    let mut leaflets = Vec::new();
    let mut unreadable_leaflets = BTreeSet::new();
    let mut shared = BTreeMap::new();
    // Each file read and parsed on its own (rayon), its problems in a list of its own, taken
    // in the files' order.
    enum Parsed {
        Shared(Option<SharedSource>),
        Leaflet(Option<Box<LeafletSource>>),
    }
    let parsed: Vec<(PathBuf, Parsed, Diagnostics)> = yaml_files(&files, root, diags)
        .into_par_iter()
        .map(|rel| {
            let mut found = Diagnostics::new();
            let in_shared = rel
                .strip_prefix(LEAFLETS_DIR)
                .is_ok_and(|p| p.starts_with(SHARED_DIR));
            let parsed = if in_shared {
                Parsed::Shared(parse_source(&files, &rel, &mut found))
            } else {
                Parsed::Leaflet(parse_source(&files, &rel, &mut found).map(Box::new))
            };
            (rel, parsed, found)
        })
        .collect();
    for (rel, parsed, found) in parsed {
        diags.extend(found);
        let stem = rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Parsed::Shared(source) = parsed {
            if let Some(source) = source {
                shared.insert(
                    stem.clone(),
                    Shared {
                        name: stem,
                        path: rel,
                        source,
                    },
                );
            }
        } else if let Parsed::Leaflet(Some(source)) = parsed {
            leaflets.push(Leaflet {
                id: stem,
                path: rel,
                source: *source,
            });
        } else {
            unreadable_leaflets.insert(stem);
        }
    }

    let ftl = load_ftl_files(&files, diags);
    Some(Project {
        root: root.to_path_buf(),
        site_path,
        site,
        leaflets,
        unreadable_leaflets,
        shared,
        ftl,
    })
}

/// Every `.yaml`/`.yml` under `leaflets/`, relative to the root, in a stable order.
fn yaml_files(files: &ProjectFiles, root: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    match files.files(LEAFLETS_DIR, &["yaml", "yml"], diags) {
        Some(found) => found,
        None => {
            diags.push(
                Diagnostic::error(format!(
                    "there is no {LEAFLETS_DIR}/ folder in {}",
                    root.display()
                ))
                .hint("run leaflet in the folder that holds site.yaml, or pass --root DIR"),
            );
            Vec::new()
        }
    }
}

/// Every `locales/<lang>/**.ftl`, keyed by locale and by the path inside the locale folder.
fn load_ftl_files(
    files: &ProjectFiles,
    diags: &mut Diagnostics,
) -> BTreeMap<String, BTreeMap<String, FtlFile>> {
    let mut out: BTreeMap<String, BTreeMap<String, FtlFile>> = BTreeMap::new();
    // Read on several threads (rayon), taken in the files' order.
    let read: Vec<(PathBuf, Result<Vec<u8>, Diagnostic>)> = files
        .files(LOCALES_DIR, &["ftl"], diags)
        .unwrap_or_default()
        .into_par_iter()
        .map(|rel| {
            let bytes = files.read(&rel);
            (rel, bytes)
        })
        .collect();
    for (rel, bytes) in read {
        let Ok(inside) = rel.strip_prefix(LOCALES_DIR) else {
            continue;
        };
        let mut parts = inside.components();
        let Some(locale) = parts
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
        else {
            continue;
        };
        let key = parts
            .as_path()
            .with_extension("")
            .to_string_lossy()
            .replace('\\', "/");
        match bytes {
            Ok(bytes) => {
                let text = source_text(&rel, &bytes, SourceKind::Fluent, diags);
                out.entry(locale)
                    .or_default()
                    .insert(key, FtlFile { path: rel, text });
            }
            Err(problem) => diags.push(problem),
        }
    }
    out
}

/// A folder walk that could not read an entry.
pub fn walk_error(dir: &Path, err: &walkdir::Error) -> Diagnostic {
    let path = err.path().unwrap_or(dir);
    Diagnostic::error(format!(
        "failed to read {} ({})",
        path.display(),
        io_reason(err.io_error())
    ))
}

/// Reads, parses and normalises one source file of the project.
fn parse_source<T: serde::de::DeserializeOwned + Normalize>(
    files: &ProjectFiles,
    rel: &Path,
    diags: &mut Diagnostics,
) -> Option<T> {
    let bytes = read_or_report(files, rel, diags)?;
    let mut value: T = parse_yaml_bytes(rel, &bytes, diags)?;
    value.normalize();
    Some(value)
}

/// Reads and parses one YAML file; a problem becomes a diagnostic at its position.
pub fn parse_yaml_file<T: serde::de::DeserializeOwned>(
    root: &Path,
    rel: &Path,
    diags: &mut Diagnostics,
) -> Option<T> {
    let bytes = read_or_report(&ProjectFiles::new(root), rel, diags)?;
    parse_yaml_bytes(rel, &bytes, diags)
}

fn read_or_report(files: &ProjectFiles, rel: &Path, diags: &mut Diagnostics) -> Option<Vec<u8>> {
    match files.read(rel) {
        Ok(bytes) => Some(bytes),
        Err(mut problem) => {
            let missing = problem.message.ends_with("(file not found)");
            if rel == Path::new(SITE_FILE) && missing {
                problem = problem
                    .hint("run leaflet in the folder that holds site.yaml, or pass --root DIR");
            }
            diags.push(problem);
            None
        }
    }
}

/// Parses the bytes of the YAML file `rel` (checked like every source: BOM, UTF-8, refused
/// characters); a problem becomes a diagnostic at its position. Never panics.
pub fn parse_yaml_bytes<T: serde::de::DeserializeOwned>(
    rel: &Path,
    bytes: &[u8],
    diags: &mut Diagnostics,
) -> Option<T> {
    let text = source_text(rel, bytes, SourceKind::Yaml, diags);
    match serde_saphyr::from_str_with_options::<T>(&text, options_for(&text)) {
        Ok(value) => Some(value),
        Err(err) => {
            diags.push(yaml_error(rel, &err));
            None
        }
    }
}

/// serde-saphyr's limits, which guard against a file that expands into far more than it holds
/// (aliases of aliases), with the number of nodes and events allowed to grow with the file:
/// the lock files leaflet writes itself hold a node per few bytes, and a catalogue of 1,000
/// leaflets makes them larger than the fixed defaults (250,000 nodes) allow. The limits on
/// aliases, anchors, depth and expansion stay as they are.
fn options_for(text: &str) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = budget.max_nodes.max(text.len());
    budget.max_events = budget.max_events.max(2 * text.len());
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// Turns a serde-saphyr error into our wording: the bare reason, the position, and a hint.
fn yaml_error(rel: &Path, err: &serde_saphyr::Error) -> Diagnostic {
    let location = err
        .location()
        .map(|loc| Location::new(rel, loc.line() as usize, loc.column() as usize));
    let mut reason = yaml_reason(err);
    // serde-saphyr's wording speaks to programmers ("set DuplicateKeyPolicy in Options").
    if let Some(rest) = reason.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim().to_string();
        reason = format!("the key `{key}` is given twice at the same level");
        return Diagnostic::error(format!("invalid YAML in {}: {reason}", rel.display()))
            .at_opt(location)
            .hint(format!(
                "keep one `{key}:` and delete the other (which one is meant cannot be guessed: the file would say two things)"
            ));
    }
    let hint = match unknown_field_suggestion(&reason) {
        Some(suggestion) => format!("{suggestion} (keys are case-sensitive; the README lists every key)"),
        None if reason.contains("unknown field") => {
            "check the spelling of the key; the README lists every key a file may have".to_string()
        }
        // `numbering: ja`: a yes/no setting (serde-saphyr also takes yes/no and on/off).
        None if reason.contains("invalid boolean") || reason.contains("expected a boolean") => {
            "this setting is on or off: write `true` or `false`".to_string()
        }
        None => "check the indentation and that every `key: value` is on its own line; text with a `:` or `#` needs quotes".to_string(),
    };
    Diagnostic::error(format!("invalid YAML in {}: {reason}", rel.display()))
        .at_opt(location)
        .hint(hint)
}

/// "did you mean …" for serde's "unknown field `x`, expected one of a, b, c".
fn unknown_field_suggestion(reason: &str) -> Option<String> {
    let rest = reason.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected = rest
        .split_once("expected one of ")
        .or_else(|| rest.split_once("expected "))?
        .1;
    let known: Vec<&str> = expected
        .split(", ")
        .map(|k| k.trim_matches(|c| c == '`' || c == ' '))
        .collect();
    crate::diag::did_you_mean(field, known)
}

/// The error's own message, without the position and source excerpt serde-saphyr adds (we draw
/// those ourselves, the same way for every kind of problem).
fn yaml_reason(err: &serde_saphyr::Error) -> String {
    let full = err.without_snippet().to_string();
    let first = full.lines().next().unwrap_or("").trim();
    // serde-saphyr appends " at line L, column C"; drop it, the location is shown separately.
    let cut = first.find(" at line ").map_or(first, |i| &first[..i]);
    let cut = cut.trim_end_matches('.');
    let mut reason = cut.to_string();
    if let Some(first_char) = reason.get(..1) {
        let lower = first_char.to_lowercase();
        reason.replace_range(..1, &lower);
    }
    reason
}

pub fn io_reason(err: Option<&std::io::Error>) -> String {
    match err.map(std::io::Error::kind) {
        Some(std::io::ErrorKind::NotFound) => "file not found".into(),
        Some(std::io::ErrorKind::PermissionDenied) => "permission denied".into(),
        Some(_) => err.map(|e| e.to_string()).unwrap_or_default(),
        None => "unknown error".into(),
    }
}

/// The 1-based position of a `Spanned` value in `file`.
pub fn span_location<T>(file: &Path, spanned: &Spanned<T>) -> Location {
    Location::new(
        file,
        spanned.referenced.line() as usize,
        spanned.referenced.column() as usize,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lock file of a catalogue of 1,000 leaflets in 10 languages holds more than the
    /// 250,000 nodes serde-saphyr allows by default; leaflet must read back what it wrote.
    #[test]
    fn a_file_of_more_nodes_than_the_default_budget_is_read() {
        let mut yaml = String::from("messages:\n");
        for i in 0..100_000 {
            yaml.push_str(&format!("  - id: m{i}\n    fingerprint: {i:016x}\n"));
        }
        #[derive(serde::Deserialize)]
        struct Lock {
            messages: Vec<BTreeMap<String, String>>,
        }
        let mut diags = Diagnostics::new();
        let lock: Option<Lock> = parse_yaml_bytes(
            Path::new("locales/en/translations.lock.yaml"),
            yaml.as_bytes(),
            &mut diags,
        );
        assert!(diags.is_empty(), "{}", diags.render(Path::new(".")));
        assert_eq!(lock.map(|l| l.messages.len()), Some(100_000));
    }

    /// The limits that stop a file from expanding into far more than it holds stay.
    #[test]
    fn a_file_that_expands_through_aliases_is_refused() {
        let mut yaml = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut previous = "a".to_string();
        for level in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            yaml.push_str(&format!(
                "{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
            ));
            previous = level.to_string();
        }
        let mut diags = Diagnostics::new();
        let bomb: Option<BTreeMap<String, serde::de::IgnoredAny>> =
            parse_yaml_bytes(Path::new("site.yaml"), yaml.as_bytes(), &mut diags);
        assert!(bomb.is_none());
        assert!(diags.has_errors());
    }

    #[test]
    fn unknown_key_is_an_error_with_position() {
        let text = "code: X\nversion: 1\nreviewed: 2026-01-01\nreview_by: 2027-01-01\ndepartment: d\ncontact: a/b\nbody: []\ntitel: x\n";
        let err = serde_saphyr::from_str::<LeafletSource>(text).unwrap_err();
        let d = yaml_error(Path::new("leaflets/x.yaml"), &err);
        assert!(d.message.contains("unknown field"), "{}", d.message);
        let loc = d.location.unwrap();
        assert_eq!(loc.line, 8);
    }

    #[test]
    fn empty_contact_card_differs_from_absent() {
        let b: BlockSource = serde_saphyr::from_str("contact_card:\n").unwrap();
        assert!(matches!(b.contact_card, Some(None)));
        let b: BlockSource = serde_saphyr::from_str("text: x\n").unwrap();
        assert!(b.contact_card.is_none());
    }
}
