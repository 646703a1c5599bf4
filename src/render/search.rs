//! Search: a real full-text index of the leaflet pages, made with the Pagefind library.
//!
//! Receives the rendered leaflet pages (their HTML, language and path in `dist/`) and returns the
//! files of a Pagefind bundle for `dist/pagefind/`: one index per page language (Pagefind reads
//! `<html lang>`), fetched in small fragments by the browser, so searching works on any plain
//! static host and under a sub-path. Pages stay complete without JavaScript; the search form is
//! only shown by `assets/search.js` once the index has loaded (not from `file://`, where
//! browsers refuse to fetch it).
//!
//! Pagefind indexes one page at a time, and a language's index depends only on that language's
//! pages. So each language is indexed on its own (in parallel), and a language whose pages are
//! all as before takes its files from the cache (`.leaflet-cache/search/`: one entry per
//! language, keyed by a SHA-256 of the Pagefind version and of every page's path and HTML,
//! checked by the SHA-256 of its files, so a damaged or foreign entry is a miss). The languages'
//! bundles are then put together: their shared files (Pagefind's scripts) must be the same
//! bytes, and `pagefind-entry.json` lists every language, as one run over all pages writes it —
//! a test compares the two. Where they cannot be put together (a template that gives pages of
//! two languages one `lang`), all pages are indexed in one run, as before.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::render::cache::{KeyHasher, hex};

/// Folder of the bundle inside `dist/`.
pub const BUNDLE_DIR: &str = "pagefind";

/// The Pagefind compiled in (the version in `Cargo.lock`, checked by a test): part of every cache
/// key, so a leaflet built with another Pagefind never reuses this one's files.
pub const PAGEFIND_VERSION: &str = "1.6.0";

/// Changes when the meaning of a key or an entry changes: older entries are then misses.
const FORMAT: u32 = 1;

/// Pagefind's list of the bundle's languages.
const ENTRY_FILE: &str = "pagefind-entry.json";

/// A leaflet page to index.
pub struct Searchable {
    /// Path inside `dist/` (`nl/x/index.html`).
    pub path: String,
    /// The page's language (its `<html lang>` in the default templates).
    pub locale: String,
    pub html: PageHtml,
}

/// A page's HTML: held, or in the file it was written to, read (one language at a time) when
/// the index is made, so a large site's pages are not all held at once.
pub enum PageHtml {
    Held(String),
    Written(PathBuf),
}

impl Searchable {
    fn html(&self) -> Result<std::borrow::Cow<'_, str>, String> {
        match &self.html {
            PageHtml::Held(html) => Ok(html.into()),
            PageHtml::Written(file) => std::fs::read_to_string(file)
                .map(Into::into)
                .map_err(|err| format!("{}: {err}", self.path)),
        }
    }
}

/// A bundle's files, by their path inside the bundle folder.
type Files = BTreeMap<String, Vec<u8>>;

/// Indexes `pages` and returns the bundle's files, relative to `dist/`. With `cache` (the
/// project's cache folder), languages whose pages did not change reuse their files, and what is
/// made is stored there.
pub fn build_index(
    pages: &[Searchable],
    cache: Option<&Path>,
) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    let mut by_locale: BTreeMap<&str, Vec<&Searchable>> = BTreeMap::new();
    for page in pages {
        by_locale.entry(&page.locale).or_default().push(page);
    }
    let cache = cache.map(|dir| dir.join("search"));
    let groups: Vec<&Vec<&Searchable>> = by_locale.values().collect();
    let keys: Vec<String> = groups
        .iter()
        .map(|pages| key(pages))
        .collect::<Result<_, _>>()?;
    let parts: Vec<Files> = groups
        .par_iter()
        .zip(&keys)
        .map(|(pages, key)| language_files(pages, key, cache.as_deref()))
        .collect::<Result<_, _>>()?;
    let files = match merge(parts) {
        Some(files) => files,
        None => run_pagefind(&pages.iter().collect::<Vec<_>>())?,
    };
    if let Some(cache) = &cache {
        prune(cache, &keys);
    }
    Ok(in_bundle(files))
}

/// Indexes every page in one Pagefind run: what [`build_index`] must equal.
pub fn build_index_at_once(pages: &[Searchable]) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    Ok(in_bundle(run_pagefind(&pages.iter().collect::<Vec<_>>())?))
}

fn in_bundle(files: Files) -> Vec<(PathBuf, Vec<u8>)> {
    files
        .into_iter()
        .map(|(name, bytes)| (PathBuf::from(BUNDLE_DIR).join(name), bytes))
        .collect()
}

/// One language's bundle (`key` is [`key`] of its pages), from the cache or made.
fn language_files(pages: &[&Searchable], key: &str, cache: Option<&Path>) -> Result<Files, String> {
    if let Some(files) = cache.and_then(|dir| read_entry(dir, key)) {
        return Ok(files);
    }
    let files = run_pagefind(pages)?;
    if let Some(dir) = cache {
        // A cache that cannot be written only makes the next build slower.
        let _ = write_entry(dir, key, &files);
    }
    Ok(files)
}

fn run_pagefind(pages: &[&Searchable]) -> Result<Files, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for page in pages {
            index
                .add_html_file(
                    None,
                    Some(format!("/{}", page.path)),
                    page.html()?.into_owned(),
                )
                .await
                .map_err(|e| format!("{}: {e}", page.path))?;
        }
        Ok(index
            .get_files()
            .await
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
            .collect())
    })
}

/// `pagefind-entry.json`, with its fields in Pagefind's order.
#[derive(Serialize, Deserialize)]
struct Entry {
    version: String,
    languages: BTreeMap<String, EntryLanguage>,
    include_characters: Vec<char>,
}

#[derive(Serialize, Deserialize, PartialEq)]
struct EntryLanguage {
    hash: String,
    wasm: Option<String>,
    page_count: usize,
}

/// The languages' bundles as one: `None` when they do not fit together (a file of the same
/// name with other bytes, a language in two parts, an entry file that is not Pagefind's).
fn merge(parts: Vec<Files>) -> Option<Files> {
    let mut merged = Files::new();
    let mut entry: Option<Entry> = None;
    for mut part in parts {
        let this: Entry = serde_json::from_slice(&part.remove(ENTRY_FILE)?).ok()?;
        match &mut entry {
            None => entry = Some(this),
            Some(entry) => {
                if entry.version != this.version
                    || entry.include_characters != this.include_characters
                {
                    return None;
                }
                for (language, meta) in this.languages {
                    if entry.languages.insert(language, meta).is_some() {
                        return None;
                    }
                }
            }
        }
        for (name, bytes) in part {
            match merged.get(&name) {
                Some(existing) if *existing != bytes => return None,
                Some(_) => {}
                None => {
                    merged.insert(name, bytes);
                }
            }
        }
    }
    let entry = serde_json::to_vec(&entry?).ok()?;
    merged.insert(ENTRY_FILE.to_string(), entry);
    Some(merged)
}

/// A SHA-256 of what one language's bundle is made from.
fn key(pages: &[&Searchable]) -> Result<String, String> {
    let mut hasher = KeyHasher::labelled(&format!(
        "leaflet search cache {FORMAT} pagefind {PAGEFIND_VERSION}"
    ));
    for page in pages {
        hasher
            .part(page.path.as_bytes())
            .part(page.html()?.as_bytes());
    }
    Ok(hasher.finish().as_str().to_string())
}

/// What an entry's `.json` says of the files in its `.bin` (their bytes one after another).
#[derive(Serialize, Deserialize)]
struct EntryInfo {
    format: u32,
    key: String,
    files: Vec<FileInfo>,
}

#[derive(Serialize, Deserialize)]
struct FileInfo {
    name: String,
    len: u64,
    sha256: String,
}

/// The entry's files, when it is whole and of this format and key; anything else is a miss.
fn read_entry(dir: &Path, key: &str) -> Option<Files> {
    let info: EntryInfo =
        serde_json::from_slice(&std::fs::read(dir.join(format!("{key}.json"))).ok()?).ok()?;
    if info.format != FORMAT || info.key != key {
        return None;
    }
    let blob = std::fs::read(dir.join(format!("{key}.bin"))).ok()?;
    let mut files = Files::new();
    let mut at = 0usize;
    for file in info.files {
        let end = at.checked_add(usize::try_from(file.len).ok()?)?;
        let bytes = blob.get(at..end)?;
        // A name that is not one Pagefind writes ("../x", "/etc/x") is a foreign entry: it
        // would put a file outside the search folder, or outside the site.
        if !bundle_name(&file.name) || hex(&Sha256::digest(bytes)) != file.sha256 {
            return None;
        }
        files.insert(file.name, bytes.to_vec());
        at = end;
    }
    (at == blob.len()).then_some(files)
}

/// Whether `name` is a file name Pagefind gives a bundle's file: folders and a file of ASCII
/// letters, digits, `.`, `-` and `_`, separated by `/`, none of them `.` or `..`.
fn bundle_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        })
}

/// Stores an entry: each file under a temporary name, then renamed, the `.bin` first, so a
/// killed build never leaves an entry whose `.json` names a half-written `.bin` (and a `.json`
/// beside another run's `.bin` is caught by the hashes).
fn write_entry(dir: &Path, key: &str, files: &Files) -> std::io::Result<()> {
    if !dir.is_dir() {
        crate::render::cache::prepare_cache_folder(dir)?;
    }
    let mut blob = Vec::new();
    let mut info = EntryInfo {
        format: FORMAT,
        key: key.to_string(),
        files: Vec::new(),
    };
    for (name, bytes) in files {
        info.files.push(FileInfo {
            name: name.clone(),
            len: bytes.len() as u64,
            sha256: hex(&Sha256::digest(bytes)),
        });
        blob.extend_from_slice(bytes);
    }
    let json = serde_json::to_vec(&info).map_err(std::io::Error::other)?;
    for (ext, bytes) in [("bin", &blob), ("json", &json)] {
        let tmp = dir.join(format!(".{key}.{ext}.{}", std::process::id()));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, dir.join(format!("{key}.{ext}")))?;
    }
    Ok(())
}

/// Removes the entries (and leftovers of killed writes) this build did not use, so the cache
/// holds one bundle per language, not every one ever made.
fn prune(dir: &Path, keep: &[String]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let key = name.split('.').next().unwrap_or_default();
        if !keep.iter().any(|k| k == key) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, locale: &str, words: &str) -> Searchable {
        Searchable {
            path: path.to_string(),
            locale: locale.to_string(),
            html: PageHtml::Held(format!(
                "<!doctype html><html lang=\"{locale}\"><head><title>{words}</title></head><body><main data-pagefind-body><h1>{words}</h1><p>{words} {words}</p></main></body></html>"
            )),
        }
    }

    fn pages() -> Vec<Searchable> {
        vec![
            page("nl/a/index.html", "nl", "pijn in de rug"),
            page("nl/b/index.html", "nl", "de darm en de blaas"),
            page("en/a/index.html", "en", "pain in the back"),
            page("ar/a/index.html", "ar", "ألم في الظهر"),
        ]
    }

    #[test]
    fn languages_indexed_apart_give_the_bundle_of_one_run() {
        let pages = pages();
        let apart = build_index(&pages, None).unwrap();
        let at_once = build_index_at_once(&pages).unwrap();
        assert_eq!(
            apart.iter().map(|(p, _)| p).collect::<Vec<_>>(),
            at_once.iter().map(|(p, _)| p).collect::<Vec<_>>()
        );
        assert!(apart == at_once, "the bundles differ");
        // Three languages in the entry, as Pagefind writes it.
        let entry = &apart
            .iter()
            .find(|(p, _)| p.ends_with(ENTRY_FILE))
            .unwrap()
            .1;
        let entry = String::from_utf8_lossy(entry);
        assert!(entry.starts_with("{\"version\":"), "{entry}");
        for lang in ["\"ar\"", "\"en\"", "\"nl\""] {
            assert!(entry.contains(lang), "{entry}");
        }
    }

    #[test]
    fn pages_read_back_from_their_files_give_the_same_index_and_a_missing_one_fails_it() {
        let dir = tempfile::tempdir().unwrap();
        let held = pages();
        let written: Vec<Searchable> = held
            .iter()
            .map(|page| {
                let file = dir.path().join(&page.path);
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                if let PageHtml::Held(html) = &page.html {
                    std::fs::write(&file, html).unwrap();
                }
                Searchable {
                    path: page.path.clone(),
                    locale: page.locale.clone(),
                    html: PageHtml::Written(file),
                }
            })
            .collect();
        assert!(build_index(&written, None).unwrap() == build_index(&held, None).unwrap());
        std::fs::remove_file(dir.path().join(&held[1].path)).unwrap();
        let err = build_index(&written, None).unwrap_err();
        assert!(err.contains(&held[1].path), "{err}");
    }

    #[test]
    fn a_template_that_gives_two_languages_one_lang_is_indexed_in_one_run() {
        // Both "locales" say lang="nl": their parts cannot be put together.
        let mut pages = pages();
        if let PageHtml::Held(html) = &mut pages[2].html {
            *html = html.replace("lang=\"en\"", "lang=\"nl\"");
        }
        let apart = build_index(&pages, None).unwrap();
        assert!(apart == build_index_at_once(&pages).unwrap());
    }

    #[test]
    fn the_cache_gives_back_what_was_stored_and_misses_a_damaged_entry() {
        let dir = tempfile::tempdir().unwrap();
        let pages = pages();
        let made = build_index(&pages, Some(dir.path())).unwrap();
        let store = dir.path().join("search");
        let entries = || -> Vec<PathBuf> {
            let mut found: Vec<PathBuf> = std::fs::read_dir(&store)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "bin"))
                .collect();
            found.sort();
            found
        };
        assert_eq!(entries().len(), 3, "one entry per language");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(".gitignore")).unwrap(),
            "*\n",
            "the cache is kept out of git"
        );
        assert!(build_index(&pages, Some(dir.path())).unwrap() == made);

        // A byte changed in a stored index: that entry is a miss, the bundle is made again
        // (the same), and the entry stored afresh.
        let bin = entries()[0].clone();
        let mut bytes = std::fs::read(&bin).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&bin, &bytes).unwrap();
        let by_key = |bin: &Path| {
            let key = bin.file_stem().unwrap().to_string_lossy().into_owned();
            read_entry(&store, &key)
        };
        assert!(by_key(&bin).is_none(), "a damaged entry was read");
        assert!(build_index(&pages, Some(dir.path())).unwrap() == made);
        assert!(by_key(&bin).is_some());

        // A cut-off entry and one whose JSON names another key are misses too.
        std::fs::write(&bin, &bytes[..10]).unwrap();
        assert!(by_key(&bin).is_none());
        let other = entries()[1].clone();
        let json = |bin: &Path| bin.with_extension("json");
        std::fs::copy(json(&other), json(&bin)).unwrap();
        assert!(by_key(&bin).is_none());

        // Pages changed in one language: the old entry of that language goes.
        let mut changed = pages;
        changed[2] = page("en/a/index.html", "en", "pain in the neck");
        build_index(&changed, Some(dir.path())).unwrap();
        assert_eq!(entries().len(), 3);
        assert!(build_index(&changed, None).unwrap() == build_index_at_once(&changed).unwrap());
    }

    #[test]
    fn the_pagefind_version_in_the_keys_is_the_one_compiled_in() {
        assert_eq!(
            crate::render::cache::locked_version("pagefind"),
            PAGEFIND_VERSION
        );
    }

    #[test]
    fn an_entry_naming_a_file_outside_the_search_folder_is_foreign() {
        for name in [
            "pagefind-entry.json",
            "fragment/nl_1a2b.pf_fragment",
            "pagefind.nl-be_92a636a73dca5.pf_meta",
        ] {
            assert!(bundle_name(name), "{name}");
        }
        for name in [
            "",
            "../nl/evil.html",
            "../../secret.txt",
            "/tmp/pwned.txt",
            "fragment//x",
            "fragment/./x",
            "fragment\\..\\x",
            "fragment/x y",
        ] {
            assert!(!bundle_name(name), "{name}");
        }
        // A forged entry whose hashes are right but whose names leave the folder: a miss.
        let dir = tempfile::tempdir().unwrap();
        let mut files = Files::new();
        files.insert("pagefind-entry.json".to_string(), b"{}".to_vec());
        write_entry(dir.path(), "k", &files).unwrap();
        assert!(read_entry(dir.path(), "k").is_some());
        files.insert("../nl/evil.html".to_string(), b"<h1>x</h1>".to_vec());
        write_entry(dir.path(), "k", &files).unwrap();
        assert!(read_entry(dir.path(), "k").is_none());
    }
}
