//! Load: read a project's sources from disk into typed source values.
//!
//! Receives the project root. Reads `site.yaml`, walks `leaflets/` (shared blocks under
//! `leaflets/shared/`) with walkdir, parses every YAML file with serde-saphyr into the types below
//! (unknown keys are errors, so a typo never passes silently), and reads every Fluent file under
//! `locales/<lang>/`. Positions are kept (`Spanned`) so later stages can point at `file:line:col`.
//! Hands on a [`Project`]; it never interprets references between files (that is `resolve`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;
use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::paths::{LEAFLETS_DIR, LOCALES_DIR, SHARED_DIR, SITE_FILE};

/// `site.yaml`: languages, organisations and their contacts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub default_locale: Spanned<String>,
    pub locales: Vec<Spanned<String>>,
    /// Absolute address the site will be published at; without it every link is relative.
    #[serde(default)]
    pub base_url: Option<Spanned<String>>,
    #[serde(default)]
    pub organizations: BTreeMap<String, Organization>,
    /// Look of the website: colour, logo, footer contacts.
    #[serde(default)]
    pub theme: ThemeSettings,
    /// PDF page profiles.
    #[serde(default)]
    pub print: Option<PrintSettings>,
    #[serde(default)]
    pub translations: TranslationSettings,
    /// Bounds that keep a build finite: typst time per PDF, pages per PDF.
    #[serde(default)]
    pub limits: LimitSettings,
    /// When leaflets are due for review, and what happens after their review date.
    #[serde(default)]
    pub review: ReviewSettings,
    /// Where readers send remarks on a leaflet: shown on every page and PDF.
    #[serde(default)]
    pub feedback: Option<Spanned<Feedback>>,
    /// Settings of the patient-safety checks.
    #[serde(default)]
    pub checks: CheckSettings,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewSettings {
    /// Days before `review_by` from which a leaflet is reported as due (default 60).
    #[serde(default)]
    pub warn_days: Option<Spanned<u32>>,
    /// After `review_by`: `error` (default, the build stops) or `notice` (published with a
    /// visible "being reviewed" notice).
    #[serde(default)]
    pub expired: ExpiredPolicy,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExpiredPolicy {
    #[default]
    Error,
    Notice,
}

/// A way for readers to give feedback: an e-mail address, a web form, or both.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    #[serde(default)]
    pub email: Option<Spanned<String>>,
    #[serde(default)]
    pub url: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSettings {
    /// Numbers that may be written in a message although they look like phone numbers (e.g.
    /// a national information line); everything else must come from a contact.
    #[serde(default)]
    pub allowed_numbers: Vec<Spanned<String>>,
    /// The country whose phone numbers are looked for in messages (ISO 3166 code, default NL).
    #[serde(default)]
    pub country: Option<Spanned<String>>,
    /// Limits of the plain-language figures; above them a leaflet gets a warning.
    #[serde(default)]
    pub readability: ReadabilitySettings,
    /// Words to avoid, per language: word or phrase → the plain words to write instead.
    #[serde(default)]
    pub avoid: BTreeMap<String, BTreeMap<String, Spanned<String>>>,
}

/// `checks: { readability: … }`: each limit is optional and has a default (README: "Plain
/// language").
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadabilitySettings {
    /// Most words a sentence may have on average.
    #[serde(default)]
    pub max_average_sentence_words: Option<Spanned<f64>>,
    /// Largest share (0 to 1) of sentences over 20 words.
    #[serde(default)]
    pub max_long_sentence_share: Option<Spanned<f64>>,
    /// Lowest Flesch–Douma score (Dutch).
    #[serde(default)]
    pub min_douma: Option<Spanned<f64>>,
    /// Lowest Flesch reading ease (English).
    #[serde(default)]
    pub min_flesch: Option<Spanned<f64>>,
    /// Highest LIX (languages without a formula of their own).
    #[serde(default)]
    pub max_lix: Option<Spanned<f64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSettings {
    /// Seconds one typst run may take before it is stopped (default 120).
    #[serde(default)]
    pub typst_timeout_s: Option<Spanned<u64>>,
    /// Most pages one PDF may have (default 40).
    #[serde(default)]
    pub max_pages: Option<Spanned<u32>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslationSettings {
    /// What patients see of a translation whose Dutch source changed since it was confirmed.
    #[serde(default)]
    pub stale: StalePolicy,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StalePolicy {
    /// The default-locale text, marked with its language (safe: nothing outdated is shown).
    #[default]
    Fallback,
    /// The stale translation itself (a warning is still printed).
    Show,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeSettings {
    /// Main colour of links and the header, as `#rrggbb`; must reach 4.5:1 against white.
    #[serde(default)]
    pub primary_color: Option<Spanned<String>>,
    /// The site's logo, shown in every page header.
    #[serde(default)]
    pub logo: Option<Spanned<ImageSource>>,
    /// Contacts listed in every page footer (`org/contact`).
    #[serde(default)]
    pub footer_contacts: Vec<Spanned<String>>,
}

/// An image file (under `images/`) and the message id of its text alternative.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageSource {
    pub file: Spanned<String>,
    #[serde(default)]
    pub alt: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintSettings {
    /// The profile of the PDF the website links to.
    pub web: Spanned<String>,
    pub profiles: BTreeMap<String, Spanned<PrintProfileSource>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintProfileSource {
    #[serde(default)]
    pub paper: Option<Spanned<String>>,
    #[serde(default)]
    pub margin_mm: Option<Spanned<f64>>,
    #[serde(default)]
    pub bleed_mm: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// Short name, the same in every language (a proper noun such as "UMCG").
    pub name: String,
    #[serde(default)]
    pub portal: Option<Portal>,
    /// Logo on the cover of this organisation's PDFs.
    #[serde(default)]
    pub logo: Option<Spanned<ImageSource>>,
    #[serde(default)]
    pub contacts: BTreeMap<String, Contact>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Portal {
    pub name: String,
    pub url: Spanned<String>,
}

/// A department's phone number and opening hours: the one place these are written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Message id (in `locales/<lang>/site.ftl`) of the contact's name.
    pub name: Spanned<String>,
    pub phone: Spanned<String>,
    #[serde(default)]
    pub hours: Option<Hours>,
    #[serde(default)]
    pub after_hours: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hours {
    pub opens: Spanned<String>,
    pub closes: Spanned<String>,
}

/// `leaflets/<id>.yaml`: one leaflet's structure. Its texts are Fluent messages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeafletSource {
    /// Document-control code printed on every page, e.g. `PIJN-012`.
    pub code: Spanned<String>,
    pub version: Spanned<u32>,
    pub reviewed: Spanned<String>,
    pub review_by: Spanned<String>,
    /// Message id (site.ftl) of the department the leaflet is listed under.
    pub department: Spanned<String>,
    /// `organisation/contact` from `site.yaml`; fills `$phone`, `$opens` … in every message.
    pub contact: Spanned<String>,
    /// Who answers for the content: a role or team ("Pijncentrum, verpleegkundig specialist"),
    /// never a person's private data.
    pub owner: Spanned<String>,
    /// Where the medical facts come from, listed at the end of the leaflet.
    #[serde(default)]
    pub sources: Vec<Spanned<SourceReference>>,
    pub body: Vec<Spanned<BlockSource>>,
}

/// A source of the leaflet's facts: a guideline, an article, a website.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceReference {
    /// As cited (titles of guidelines are not translated).
    pub title: Spanned<String>,
    #[serde(default)]
    pub url: Option<Spanned<String>>,
}

/// `leaflets/shared/<name>.yaml`: a block written once and used by reference.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedSource {
    pub body: Vec<Spanned<BlockSource>>,
}

/// One entry of a `body:` list. Exactly one of the kind keys is set; `resolve` checks that, so the
/// message can name the keys instead of serde's "data did not match any variant".
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockSource {
    #[serde(default)]
    pub heading: Option<Spanned<String>>,
    #[serde(default)]
    pub subheading: Option<Spanned<String>>,
    #[serde(default)]
    pub text: Option<Spanned<String>>,
    #[serde(default)]
    pub list: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub steps: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub callout: Option<CalloutSource>,
    /// `contact_card:` alone shows the leaflet's contact; `contact_card: org/contact` another one.
    #[serde(default, deserialize_with = "present")]
    pub contact_card: Option<Option<Spanned<String>>>,
    /// A picture from `images/` with its text alternative (`alt:` is a message id).
    #[serde(default)]
    pub image: Option<ImageSource>,
    #[serde(rename = "use", default)]
    pub use_block: Option<Spanned<String>>,
    /// Arguments for a used block: argument name → message id whose text is passed in.
    #[serde(default)]
    pub with: Option<BTreeMap<String, Spanned<String>>>,
}

/// "Call us at once if …": an emphasised box with an optional heading, text and list.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalloutSource {
    #[serde(default)]
    pub heading: Option<Spanned<String>>,
    #[serde(default)]
    pub text: Option<Spanned<String>>,
    #[serde(default)]
    pub list: Vec<Spanned<String>>,
}

/// Tells a key written with an empty value (`contact_card:`) from a missing key.
fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

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
    pub shared: BTreeMap<String, Shared>,
    /// locale → key → file, where key is `site`, `<leaflet-id>` or `shared/<name>`.
    pub ftl: BTreeMap<String, BTreeMap<String, FtlFile>>,
}

/// Reads the project at `root`. Returns `None` when `site.yaml` itself cannot be used; otherwise
/// a project with every file that parsed, and a diagnostic for each one that did not.
pub fn load_project(root: &Path, diags: &mut Diagnostics) -> Option<Project> {
    let site_path = PathBuf::from(SITE_FILE);
    let site: Site = parse_yaml_file(root, &site_path, diags)?;

    let mut leaflets = Vec::new();
    let mut shared = BTreeMap::new();
    for rel in yaml_files(root, diags) {
        let in_shared = rel
            .strip_prefix(LEAFLETS_DIR)
            .is_ok_and(|p| p.starts_with(SHARED_DIR));
        let stem = rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if in_shared {
            if let Some(source) = parse_yaml_file::<SharedSource>(root, &rel, diags) {
                shared.insert(
                    stem.clone(),
                    Shared {
                        name: stem,
                        path: rel,
                        source,
                    },
                );
            }
        } else if let Some(source) = parse_yaml_file::<LeafletSource>(root, &rel, diags) {
            leaflets.push(Leaflet {
                id: stem,
                path: rel,
                source,
            });
        }
    }

    let ftl = load_ftl_files(root, diags);
    Some(Project {
        root: root.to_path_buf(),
        site_path,
        site,
        leaflets,
        shared,
        ftl,
    })
}

/// Every `.yaml`/`.yml` under `leaflets/`, relative to the root, in a stable order.
fn yaml_files(root: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let dir = root.join(LEAFLETS_DIR);
    if !dir.is_dir() {
        diags.push(
            Diagnostic::error(format!(
                "there is no {LEAFLETS_DIR}/ folder in {}",
                root.display()
            ))
            .hint("run leaflet in the folder that holds site.yaml, or pass --root DIR"),
        );
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(&dir).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let path = entry.path();
                let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
                if is_yaml && let Ok(rel) = path.strip_prefix(root) {
                    files.push(rel.to_path_buf());
                }
            }
            Ok(_) => {}
            Err(err) => diags.push(walk_error(&dir, &err)),
        }
    }
    files
}

/// Every `locales/<lang>/**.ftl`, keyed by locale and by the path inside the locale folder.
fn load_ftl_files(
    root: &Path,
    diags: &mut Diagnostics,
) -> BTreeMap<String, BTreeMap<String, FtlFile>> {
    let mut out: BTreeMap<String, BTreeMap<String, FtlFile>> = BTreeMap::new();
    let dir = root.join(LOCALES_DIR);
    if !dir.is_dir() {
        return out;
    }
    for entry in WalkDir::new(&dir).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                diags.push(walk_error(&dir, &err));
                continue;
            }
        };
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let Ok(inside) = path.strip_prefix(&dir) else {
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
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        match std::fs::read_to_string(path) {
            Ok(text) => {
                out.entry(locale)
                    .or_default()
                    .insert(key, FtlFile { path: rel, text });
            }
            Err(err) => diags.push(Diagnostic::error(format!(
                "failed to read {} ({})",
                rel.display(),
                io_reason(Some(&err))
            ))),
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

/// Reads and parses one YAML file; a problem becomes a diagnostic at its position.
pub fn parse_yaml_file<T: serde::de::DeserializeOwned>(
    root: &Path,
    rel: &Path,
    diags: &mut Diagnostics,
) -> Option<T> {
    let text = match std::fs::read_to_string(root.join(rel)) {
        Ok(text) => text,
        Err(err) => {
            let mut d = Diagnostic::error(format!(
                "failed to read {} ({})",
                rel.display(),
                io_reason(Some(&err))
            ));
            if rel == Path::new(SITE_FILE) && err.kind() == std::io::ErrorKind::NotFound {
                d = d.hint("run leaflet in the folder that holds site.yaml, or pass --root DIR");
            }
            diags.push(d);
            return None;
        }
    };
    match serde_saphyr::from_str::<T>(&text) {
        Ok(value) => Some(value),
        Err(err) => {
            diags.push(yaml_error(rel, &err));
            None
        }
    }
}

/// Turns a serde-saphyr error into our wording: the bare reason, the position, and a hint.
fn yaml_error(rel: &Path, err: &serde_saphyr::Error) -> Diagnostic {
    let location = err
        .location()
        .map(|loc| Location::new(rel, loc.line() as usize, loc.column() as usize));
    let reason = yaml_reason(err);
    let hint = match unknown_field_suggestion(&reason) {
        Some(suggestion) => format!("{suggestion} (keys are case-sensitive; the README lists every key)"),
        None if reason.contains("unknown field") => {
            "check the spelling of the key; the README lists every key a file may have".to_string()
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
