//! Translations: which translations are out of date, and Fluent consistency checks.
//!
//! The dangerous failure in a medical leaflet is an *outdated* translation: the Dutch changed (a
//! new risk, a new phone number) and the Arabic still says the old thing. Each locale has a lock
//! file, `locales/<lang>/translations.lock.yaml`, with the fingerprint (SHA-256 of the normalized
//! Fluent source) of every default-locale message as it was when a translator confirmed the
//! translation. A translated message whose source fingerprint differs now, or was never
//! confirmed, is *stale*: localize shows the default-locale text instead, marked with its
//! language, unless `site.yaml` says `translations: { stale: show }`. The `.ftl` files stay plain
//! Fluent, so Weblate, Pontoon and other tools keep working.
//!
//! `consistency` checks translations against their source, as Mozilla's compare-locales does;
//! `status` is the per-leaflet report translators and the team page read.

pub mod consistency;
pub mod status;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::ftl::{Resources, messages};
use crate::l10n::StaleByFile;
use crate::paths;
use crate::resolve::ResolvedSite;

/// `locales/<lang>/translations.lock.yaml`, written by `leaflet translations confirm`.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockFile {
    /// Set by hand once a medical translator has reviewed this language.
    #[serde(default)]
    pub reviewed_by_medical_translator: bool,
    /// Fluent file key (`site`, `<leaflet-id>`, `shared/<name>`) → message id → fingerprint of
    /// the default-locale message the translation was confirmed against.
    #[serde(default)]
    pub confirmed: BTreeMap<String, BTreeMap<String, String>>,
}

/// Everything known about the translations of a project.
#[derive(Debug, Default)]
pub struct Translations {
    pub default_locale: String,
    /// Key → id → current fingerprint of each default-locale message.
    pub sources: BTreeMap<String, BTreeMap<String, String>>,
    /// Locale → key → ids of the messages that file defines.
    pub present: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
    pub locks: BTreeMap<String, LockFile>,
    /// Locale → key → translated messages whose source changed since they were confirmed (or
    /// that were never confirmed). Computed once, when loading.
    stale: BTreeMap<String, StaleByFile>,
}

/// whitespace and comments do not count), hashed with SHA-256 and cut to 16 hex digits.
pub fn fingerprint(message: &ast::Message<&str>) -> String {
    let mut message = message.clone();
    message.comment = None;
    let resource = ast::Resource {
        body: vec![ast::Entry::Message(message)],
    };
    let source = fluent_syntax::serializer::serialize(&resource);
    let digest = Sha256::digest(source.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

impl Translations {
    pub fn load(
        root: &Path,
        resources: &Resources,
        site: &ResolvedSite,
        diags: &mut Diagnostics,
    ) -> Translations {
        let mut state = Translations {
            default_locale: site.default_locale.clone(),
            ..Translations::default()
        };
        for ((locale, key), resource) in resources.all() {
            for message in messages(resource) {
                let id = message.id.name.to_string();
                if *locale == site.default_locale {
                    state
                        .sources
                        .entry(key.clone())
                        .or_default()
                        .insert(id.clone(), fingerprint(message));
                }
                state
                    .present
                    .entry(locale.clone())
                    .or_default()
                    .entry(key.clone())
                    .or_default()
                    .insert(id);
            }
        }
        for locale in site.locales.iter().filter(|l| **l != site.default_locale) {
            let rel = paths::lock_path(locale);
            let lock = if root.join(&rel).exists() {
                crate::load::parse_yaml_file::<LockFile>(root, &rel, diags).unwrap_or_default()
            } else {
                LockFile::default()
            };
            state.locks.insert(locale.clone(), lock);
        }
        state.stale = site
            .locales
            .iter()
            .map(|locale| (locale.clone(), state.compute_stale(locale)))
            .collect();
        state
    }

    /// Stale translations of `locale`, by file key.
    pub fn stale(&self, locale: &str) -> &StaleByFile {
        static NONE: StaleByFile = BTreeMap::new();
        self.stale.get(locale).unwrap_or(&NONE)
    }

    /// Stale translations of every locale.
    pub fn stale_by_locale(&self) -> &BTreeMap<String, StaleByFile> {
        &self.stale
    }

    /// (locale, file key) of every file with at least one message: the translations started.
    pub fn started(&self) -> BTreeSet<(String, String)> {
        self.present
            .iter()
            .flat_map(|(locale, files)| {
                files
                    .iter()
                    .filter(|(_, ids)| !ids.is_empty())
                    .map(move |(key, _)| (locale.clone(), key.clone()))
            })
            .collect()
    }

    /// Translated messages of `locale` whose source changed since they were confirmed (or that
    /// were never confirmed), by file key.
    fn compute_stale(&self, locale: &str) -> StaleByFile {
        let mut out = StaleByFile::new();
        if locale == self.default_locale {
            return out;
        }
        let lock = self.locks.get(locale);
        for (key, ids) in self.present.get(locale).into_iter().flatten() {
            for id in ids {
                let Some(current) = self.sources.get(key).and_then(|s| s.get(id)) else {
                    continue; // no source: reported by the consistency checks
                };
                let confirmed = lock
                    .and_then(|l| l.confirmed.get(key))
                    .and_then(|c| c.get(id));
                if confirmed != Some(current) {
                    out.entry(key.clone()).or_default().insert(id.clone());
                }
            }
        }
        out
    }

    /// Whether `locale` has a file `key` with at least one message (else: not started).
    pub fn has_messages(&self, locale: &str, key: &str) -> bool {
        self.present
            .get(locale)
            .and_then(|files| files.get(key))
            .is_some_and(|ids| !ids.is_empty())
    }

    /// Stale message ids of a locale among the files `keys` (one leaflet's bundle).
    pub fn stale_in(&self, locale: &str, keys: &[String]) -> BTreeSet<String> {
        let stale = self.stale(locale);
        keys.iter()
            .filter_map(|key| stale.get(key))
            .flatten()
            .cloned()
            .collect()
    }

    /// Records the current source fingerprint of `ids` (all translated messages when empty) in
    /// `locale`'s lock file. Returns the new lock file and the ids that were confirmed.
    pub fn confirm(
        &self,
        locale: &str,
        wanted: &[String],
    ) -> Result<(LockFile, Vec<String>), String> {
        let mut lock = self.locks.get(locale).cloned().unwrap_or_default();
        let present = self.present.get(locale).cloned().unwrap_or_default();
        // What to confirm: (file key, id) pairs. A plain id must name one message; the same id
        // in several files (every leaflet has a `title`) needs the file: `leaflet-id:title`.
        let all: Vec<(&String, &String)> = present
            .iter()
            .flat_map(|(key, ids)| ids.iter().map(move |id| (key, id)))
            .collect();
        let mut selected: BTreeSet<(String, String)> = BTreeSet::new();
        let mut problems = Vec::new();
        for item in wanted {
            let matches: Vec<&(&String, &String)> = match item.split_once(':') {
                Some((key, id)) => all.iter().filter(|(k, i)| *k == key && *i == id).collect(),
                None => all.iter().filter(|(_, i)| *i == item).collect(),
            };
            match matches.as_slice() {
                [(key, id)] => {
                    selected.insert(((*key).clone(), (*id).clone()));
                }
                [] => {
                    let names = all.iter().map(|(_, id)| id.as_str());
                    problems.push(match did_you_mean(item, names) {
                        Some(hint) => format!("{locale} has no translation of \"{item}\" ({hint})"),
                        None => format!("{locale} has no translation of \"{item}\""),
                    });
                }
                several => {
                    let options: Vec<String> =
                        several.iter().map(|(k, i)| format!("{k}:{i}")).collect();
                    problems.push(format!(
                        "\"{item}\" is translated in several files; name one: {}",
                        options.join(", ")
                    ));
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems.join("; "));
        }
        let mut confirmed = Vec::new();
        for (key, id) in all {
            if !wanted.is_empty() && !selected.contains(&(key.clone(), id.clone())) {
                continue;
            }
            let Some(current) = self.sources.get(key).and_then(|s| s.get(id)) else {
                continue;
            };
            lock.confirmed
                .entry(key.clone())
                .or_default()
                .insert(id.clone(), current.clone());
            confirmed.push(format!("{key}:{id}"));
        }
        // Forget messages that no longer exist, so the file does not grow forever.
        for (key, entries) in &mut lock.confirmed {
            entries.retain(|id, _| present.get(key).is_some_and(|p| p.contains(id)));
        }
        lock.confirmed.retain(|_, entries| !entries.is_empty());
        Ok((lock, confirmed))
    }
}

/// The lock file as written to disk: a comment for people, then stable YAML.
pub fn render_lock(lock: &LockFile) -> Result<String, String> {
    let yaml = serde_saphyr::to_string(lock).map_err(|e| e.to_string())?;
    Ok(format!(
        "# Written by `leaflet translations confirm`: the Dutch (default-locale) version each\n# translation was checked against. Do not edit by hand, except reviewed_by_medical_translator.\n{yaml}"
    ))
}

/// One warning per locale file with stale translations.
pub fn report_stale(
    translations: &Translations,
    resources: &Resources,
    locales: &[String],
    shown: bool,
    diags: &mut Diagnostics,
) {
    for locale in locales {
        for (key, ids) in translations.stale(locale) {
            let file = paths::ftl_path(locale, key);
            let list: Vec<&str> = ids.iter().map(String::as_str).collect();
            let consequence = if shown {
                "shown anyway (translations.stale: show)".to_string()
            } else {
                format!("shown in {} until confirmed", translations.default_locale)
            };
            diags.push(
                Diagnostic::warning(format!(
                    "{} {} in {locale} may be out of date: the {} text changed or was never confirmed; {consequence}: {}",
                    ids.len(),
                    if ids.len() == 1 { "translation" } else { "translations" },
                    translations.default_locale,
                    list.join(", ")
                ))
                // Point at the first stale message, where the translator starts.
                .at(ids
                    .iter()
                    .next()
                    .and_then(|id| resources.definition(locale, std::slice::from_ref(key), id))
                    .unwrap_or_else(|| Location::file_start(file)))
                .hint(format!(
                    "check each against the {} text, then run: leaflet translations confirm {locale} {}",
                    translations.default_locale,
                    ids.iter().map(|id| format!("{key}:{id}")).collect::<Vec<_>>().join(" ")
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(source: &str) -> ast::Message<&str> {
        let resource = fluent_syntax::parser::parse(source).unwrap();
        match resource.body.into_iter().next().unwrap() {
            ast::Entry::Message(m) => m,
            _ => panic!(),
        }
    }

    #[test]
    fn fingerprints_ignore_layout_but_not_words() {
        let a = fingerprint(&message("intro = Bel ons op { $phone }.\n"));
        let b = fingerprint(&message(
            "# a comment\nintro =\n    Bel ons op { $phone }.\n",
        ));
        let c = fingerprint(&message("intro = Bel ons niet op { $phone }.\n"));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 16);
    }
}
