//! Translations: which translations are out of date, and Fluent consistency checks.
//!
//! The dangerous failure in a medical leaflet is an *outdated* translation: the Dutch changed (a
//! new risk, a new phone number) and the Arabic still says the old thing. Each locale has a lock
//! file, `locales/<lang>/translations.lock.yaml`, with the fingerprint (SHA-256 of the normalized
//! Fluent source) of every default-locale message as it was when a translator confirmed the
//! translation, and the fingerprint of the translation they confirmed. A translated message whose
//! source changed since, that was edited since, or that was never confirmed, is *stale*: localize shows the default-locale text instead, marked with its
//! language, unless `site.yaml` says `translations: { stale: show }`. The `.ftl` files stay plain
//! Fluent, so Weblate, Pontoon and other tools keep working.
//!
//! `consistency` checks translations against their source, as Mozilla's compare-locales does;
//! `status` is the per-leaflet report translators and the team page read.

pub mod consistency;
pub mod content;
pub mod numbers;
mod report;

pub use report::{changed_words, check_numbers, report_stale};
pub mod status;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostics, did_you_mean};
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
    /// Fluent file key (`site`, `<leaflet-id>`, `shared/<name>`) → message id → the
    /// default-locale message the translation was confirmed against.
    #[serde(default)]
    pub confirmed: BTreeMap<String, BTreeMap<String, Confirmation>>,
}

/// One confirmed translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Confirmation {
    /// The fingerprint alone, as lock files written before the source text was recorded.
    Fingerprint(String),
    Recorded(Recorded),
}

/// A string is the old form, a map the recorded one. Written out instead of
/// `#[serde(untagged)]`, which buffers every entry before trying each form: a large site's lock
/// files have tens of thousands of entries, and the buffering took most of their reading time.
/// A map is read as [`Recorded`] itself reads it, so its errors name the field (an unknown key,
/// a missing `source`) instead of "did not match any variant".
impl<'de> Deserialize<'de> for Confirmation {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = Confirmation;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a fingerprint, or a map with fingerprint and source")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Confirmation, E> {
                Ok(Confirmation::Fingerprint(v.to_owned()))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Confirmation, E> {
                Ok(Confirmation::Fingerprint(v))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Confirmation, A::Error> {
                Recorded::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Confirmation::Recorded)
            }
        }
        deserializer.deserialize_any(Either)
    }
}

/// A confirmation with the source text it was checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recorded {
    pub fingerprint: String,
    /// The default-locale text as it was, to show what changed when it changes.
    pub source: String,
    /// Why the translation's numbers may differ from the source's (`--numbers-differ`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numbers_differ: Option<String>,
    /// The fingerprint of the translation as it was confirmed: a translation edited after its
    /// confirmation is not shown until someone confirms it again (and its numbers are checked
    /// again). Lock files of older versions lack it; their translations count as edited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<String>,
}

impl Confirmation {
    pub fn fingerprint(&self) -> &str {
        match self {
            Confirmation::Fingerprint(f) => f,
            Confirmation::Recorded(r) => &r.fingerprint,
        }
    }

    pub fn source(&self) -> Option<&str> {
        match self {
            Confirmation::Fingerprint(_) => None,
            Confirmation::Recorded(r) => Some(&r.source),
        }
    }

    /// Whether this confirmation was given for exactly the translation whose fingerprint is
    /// `translation_fingerprint` (not for an earlier wording of it).
    pub fn confirms_translation(&self, translation_fingerprint: Option<&str>) -> bool {
        match self {
            Confirmation::Fingerprint(_) => false,
            Confirmation::Recorded(r) => {
                r.translation.is_some() && r.translation.as_deref() == translation_fingerprint
            }
        }
    }

    /// The reason the numbers may differ, if one was given for exactly this translation.
    pub fn numbers_differ(&self, translation_fingerprint: Option<&str>) -> Option<&str> {
        match self {
            Confirmation::Fingerprint(_) => None,
            Confirmation::Recorded(r) if r.translation.as_deref() == translation_fingerprint => {
                r.numbers_differ.as_deref()
            }
            Confirmation::Recorded(_) => None,
        }
    }
}

/// Why `leaflet translations confirm` confirmed nothing.
#[derive(Debug)]
pub enum ConfirmError {
    /// The request itself cannot be done (an unknown id, a reason for several translations).
    Refused(String),
    /// Translations whose numbers or variables differ from their source's.
    Mismatches(Vec<Mismatch>),
}

/// A translation whose numbers or variables differ from its source's: `found` says how.
#[derive(Debug)]
pub struct Mismatch {
    pub key: String,
    pub id: String,
    pub found: Vec<String>,
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
    /// Key → id → the default-locale text, as shown to translators.
    pub source_texts: BTreeMap<String, BTreeMap<String, String>>,
    /// (locale, key) → id → the numbers and variables of each message.
    pub facts: BTreeMap<(String, String), BTreeMap<String, numbers::Facts>>,
    /// (locale, key) → id → fingerprint of each message itself (translations included).
    pub fingerprints: BTreeMap<(String, String), BTreeMap<String, String>>,
    /// Locale → key → translated messages whose source changed since they were confirmed (or
    /// that were never confirmed). Computed once, when loading.
    stale: BTreeMap<String, StaleByFile>,
    /// The part of `stale` that is stale only because it was edited after its confirmation.
    edited: BTreeMap<String, StaleByFile>,
}

/// A message's text as people read it in a diagnostic: one line, without its id.
pub fn display_text(message: &ast::Message<&str>) -> String {
    let mut message = message.clone();
    message.comment = None;
    let resource = ast::Resource {
        body: vec![ast::Entry::Message(message)],
    };
    let source = fluent_syntax::serializer::serialize(&resource);
    let text = source.split_once('=').map_or(source.as_str(), |(_, t)| t);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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

/// The lock files of every language but the default, each read and parsed, with its problems
/// (see [`Translations::read_locks`]).
pub struct LockFiles(Vec<(String, LockFile, Diagnostics)>);

impl Translations {
    /// The translation state of the project at `root`, its Fluent files in `resources`.
    #[cfg(test)]
    pub fn load(
        root: &Path,
        resources: &Resources,
        site: &ResolvedSite,
        diags: &mut Diagnostics,
    ) -> Translations {
        Self::load_with(resources, site, Self::read_locks(root, site), diags)
    }

    /// Reads the lock files (a large site's are megabytes of YAML), each on its own (rayon).
    /// They need no Fluent file, so the pipeline reads them while it parses those.
    pub fn read_locks(root: &Path, site: &ResolvedSite) -> LockFiles {
        LockFiles(
            site.locales
                .par_iter()
                .filter(|l| **l != site.default_locale)
                .map(|locale| {
                    let mut found = Diagnostics::new();
                    let rel = paths::lock_path(locale);
                    let lock = if root.join(&rel).exists() {
                        crate::load::parse_yaml_file::<LockFile>(root, &rel, &mut found)
                            .unwrap_or_default()
                    } else {
                        LockFile::default()
                    };
                    (locale.clone(), lock, found)
                })
                .collect(),
        )
    }

    /// The translation state, with the lock files already read ([`Translations::read_locks`]);
    /// their problems are added after those of the Fluent files, in the languages' order.
    pub fn load_with(
        resources: &Resources,
        site: &ResolvedSite,
        locks: LockFiles,
        diags: &mut Diagnostics,
    ) -> Translations {
        let mut state = Translations {
            default_locale: site.default_locale.clone(),
            ..Translations::default()
        };
        // Fingerprints and number facts of every message: each file's maps made on its own
        // (rayon), then put in place whole, in the files' order. A file without messages adds
        // nothing (as if it were not there).
        #[derive(Default)]
        struct Read {
            ids: BTreeSet<String>,
            fingerprints: BTreeMap<String, String>,
            facts: BTreeMap<String, numbers::Facts>,
            /// Of the default language's files: each message's text, as shown to translators.
            displays: BTreeMap<String, String>,
        }
        let files: Vec<_> = resources.all().collect();
        let read: Vec<Read> = files
            .par_iter()
            .map(|((locale, _), resource)| {
                let source = *locale == site.default_locale;
                let mut read = Read::default();
                for message in messages(resource) {
                    let id = message.id.name.to_string();
                    if source {
                        read.displays.insert(id.clone(), display_text(message));
                    }
                    // A message over the length limit is an error of its own, which stops the
                    // run: its numbers are not read (in a line of a hundred thousand numbers
                    // that would take minutes).
                    let facts =
                        if crate::ftl::message_chars(message) > crate::ftl::MAX_MESSAGE_CHARS {
                            numbers::Facts::default()
                        } else {
                            numbers::facts(message, locale)
                        };
                    read.facts.insert(id.clone(), facts);
                    read.fingerprints.insert(id.clone(), fingerprint(message));
                    read.ids.insert(id);
                }
                read
            })
            .collect();
        for (((locale, key), _), read) in files.into_iter().zip(read) {
            if read.ids.is_empty() {
                continue;
            }
            if *locale == site.default_locale {
                state.sources.insert(key.clone(), read.fingerprints.clone());
                state.source_texts.insert(key.clone(), read.displays);
            }
            let file = (locale.clone(), key.clone());
            state.facts.insert(file.clone(), read.facts);
            state.fingerprints.insert(file, read.fingerprints);
            state
                .present
                .entry(locale.clone())
                .or_default()
                .insert(key.clone(), read.ids);
        }
        for (locale, lock, found) in locks.0 {
            diags.extend(found);
            state.locks.insert(locale, lock);
        }
        state.stale = site
            .locales
            .par_iter()
            .map(|locale| (locale.clone(), state.compute_stale(locale)))
            .collect();
        state.edited = state
            .stale
            .par_iter()
            .map(|(locale, files)| {
                let edited = files
                    .iter()
                    .map(|(key, ids)| {
                        let ids = ids
                            .iter()
                            .filter(|id| state.standing(locale, key, id) == Standing::Edited)
                            .cloned()
                            .collect();
                        (key.clone(), ids)
                    })
                    .collect();
                (locale.clone(), edited)
            })
            .collect();
        state
    }

    /// Per locale, the stale translations that were edited after their confirmation: not
    /// shown, but checked as if they were, so a mistake in the edit is reported at once.
    pub fn edited_by_locale(&self) -> &BTreeMap<String, StaleByFile> {
        &self.edited
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

    /// Locales a medical translator has reviewed (`reviewed_by_medical_translator: true`).
    pub fn reviewed_locales(&self) -> BTreeSet<String> {
        self.locks
            .iter()
            .filter(|(_, lock)| lock.reviewed_by_medical_translator)
            .map(|(locale, _)| locale.clone())
            .collect()
    }

    /// (locale, file key) of every file with at least one message patients would see: a
    /// confirmed translation (or, with `show_stale`, any translation). A file of only
    /// unconfirmed translations is not started: publishing it would give a page entirely in the
    /// default language under another language's name.
    pub fn started(&self, show_stale: bool) -> BTreeSet<(String, String)> {
        self.present
            .iter()
            .flat_map(|(locale, files)| {
                let stale = self.stale(locale);
                files
                    .iter()
                    .filter(move |(key, ids)| {
                        ids.iter().any(|id| {
                            show_stale || !stale.get(*key).is_some_and(|s| s.contains(id))
                        })
                    })
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
                let confirmed = self.confirmation(lock, key, id);
                let translation = self.message_fingerprint(locale, key, id);
                if confirmed.map(Confirmation::fingerprint) != Some(current.as_str())
                    || !confirmed.is_some_and(|c| c.confirms_translation(translation))
                {
                    out.entry(key.clone()).or_default().insert(id.clone());
                }
            }
        }
        out
    }

    fn confirmation<'a>(
        &self,
        lock: Option<&'a LockFile>,
        key: &str,
        id: &str,
    ) -> Option<&'a Confirmation> {
        lock.and_then(|l| l.confirmed.get(key))
            .and_then(|c| c.get(id))
    }

    /// How `locale`'s translation `key:id` stands against its source.
    pub fn standing(&self, locale: &str, key: &str, id: &str) -> Standing<'_> {
        let current = self.sources.get(key).and_then(|s| s.get(id));
        match self.confirmation(self.locks.get(locale), key, id) {
            None => Standing::Unconfirmed,
            // Edited first: a translation edited after its confirmation is text nobody
            // checked, also when its source changed as well (then `stale: show`, which shows
            // old translations of changed sources, must still not show it).
            Some(c) if !c.confirms_translation(self.message_fingerprint(locale, key, id)) => {
                Standing::Edited
            }
            Some(c) if Some(c.fingerprint()) != current.map(String::as_str) => {
                Standing::Changed { was: c.source() }
            }
            Some(c) => Standing::Confirmed(c),
        }
    }

    /// The fingerprint of `locale`'s message `key:id`.
    pub fn message_fingerprint(&self, locale: &str, key: &str, id: &str) -> Option<&str> {
        self.fingerprints
            .get(&(locale.to_string(), key.to_string()))
            .and_then(|f| f.get(id))
            .map(String::as_str)
    }

    /// Every translation confirmed with `--numbers-differ` whose reason still holds (it is the
    /// translation that was confirmed): locale, file key, message id and the reason, in that
    /// order. For the team report: an exception to the number check is never out of sight.
    pub fn numbers_differ_exceptions(&self) -> Vec<[String; 4]> {
        let mut out = Vec::new();
        for (locale, lock) in &self.locks {
            for (key, ids) in &lock.confirmed {
                for (id, confirmation) in ids {
                    let now = self.message_fingerprint(locale, key, id);
                    if let Some(reason) = confirmation.numbers_differ(now).filter(|_| now.is_some())
                    {
                        out.push([locale.clone(), key.clone(), id.clone(), reason.to_string()]);
                    }
                }
            }
        }
        out
    }

    /// The numbers and variables in which `locale`'s `key:id` differs from its source.
    pub fn fact_differences(&self, locale: &str, key: &str, id: &str) -> Vec<String> {
        let get = |l: &str| {
            self.facts
                .get(&(l.to_string(), key.to_string()))
                .and_then(|f| f.get(id))
        };
        match (get(&self.default_locale), get(locale)) {
            (Some(source), Some(translation)) => numbers::differences(source, translation),
            _ => Vec::new(),
        }
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
    /// Refuses a translation whose numbers or variables differ from its source's, unless
    /// `numbers_differ` gives the reason they may, which is recorded with it.
    pub fn confirm(
        &self,
        locale: &str,
        wanted: &[String],
        numbers_differ: Option<&str>,
    ) -> Result<(LockFile, Vec<String>), ConfirmError> {
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
            // A file on its own (`my-leaflet`, `shared/contact`, or with a colon and no id):
            // every translation in it — one leaflet reviewed at a time.
            let file = item.strip_suffix(':').unwrap_or(item);
            let names_a_file = present.contains_key(file)
                && (item.ends_with(':') || !all.iter().any(|(_, i)| *i == item));
            if names_a_file {
                for (key, id) in all.iter().filter(|(k, _)| *k == file) {
                    selected.insert(((*key).clone(), (*id).clone()));
                }
                continue;
            }
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
            return Err(ConfirmError::Refused(problems.join("; ")));
        }
        let chosen: Vec<(&String, &String)> = all
            .into_iter()
            .filter(|(key, id)| {
                wanted.is_empty() || selected.contains(&((*key).clone(), (*id).clone()))
            })
            .filter(|(key, id)| self.sources.get(*key).is_some_and(|s| s.contains_key(*id)))
            .collect();
        // A reason is about one translation: given to many at once, it would wave through
        // every wrong dose among them (hostile review).
        if numbers_differ.is_some() && chosen.len() != 1 {
            return Err(ConfirmError::Refused(format!(
                "--numbers-differ is a reason for one translation, not for {} at once: confirm that one on its own, as <file>:<id>",
                chosen.len()
            )));
        }
        // A reason given earlier for exactly this translation still holds.
        let earlier_reason = |key: &str, id: &str| -> Option<String> {
            self.confirmation(self.locks.get(locale), key, id)
                .and_then(|c| c.numbers_differ(self.message_fingerprint(locale, key, id)))
                .map(str::to_string)
        };
        if numbers_differ.is_none() {
            let mismatches: Vec<Mismatch> = chosen
                .iter()
                .filter(|(key, id)| earlier_reason(key, id).is_none())
                .filter_map(|(key, id)| {
                    let found = self.fact_differences(locale, key, id);
                    (!found.is_empty()).then(|| Mismatch {
                        key: (*key).clone(),
                        id: (*id).clone(),
                        found,
                    })
                })
                .collect();
            if !mismatches.is_empty() {
                return Err(ConfirmError::Mismatches(mismatches));
            }
        }
        let mut confirmed = Vec::new();
        for (key, id) in chosen {
            let current = &self.sources[key][id];
            let differs = !self.fact_differences(locale, key, id).is_empty();
            let reason = numbers_differ
                .map(str::to_string)
                .or_else(|| earlier_reason(key, id));
            lock.confirmed.entry(key.clone()).or_default().insert(
                id.clone(),
                Confirmation::Recorded(Recorded {
                    fingerprint: current.clone(),
                    source: self
                        .source_texts
                        .get(key)
                        .and_then(|t| t.get(id))
                        .cloned()
                        .unwrap_or_default(),
                    numbers_differ: reason.filter(|_| differs),
                    translation: self
                        .message_fingerprint(locale, key, id)
                        .map(str::to_string),
                }),
            );
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

/// How a translation stands against its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing<'a> {
    /// Checked against the current source.
    Confirmed(&'a Confirmation),
    /// Written, never confirmed.
    Unconfirmed,
    /// Confirmed against a source that has changed since; `was` is that source, if recorded.
    Changed { was: Option<&'a str> },
    /// The translation was edited after its confirmation (or confirmed by a version of
    /// leaflet that did not record the translation), whether or not its source changed too.
    Edited,
}

/// The lock file as written to disk: a comment for people, then stable YAML.
pub fn render_lock(lock: &LockFile) -> Result<String, String> {
    let yaml = serde_saphyr::to_string(lock).map_err(|e| e.to_string())?;
    Ok(format!(
        "# Written by `leaflet translations confirm`: the Dutch (default-locale) version each\n# translation was checked against. Do not edit by hand, except reviewed_by_medical_translator.\n{yaml}"
    ))
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
    fn a_lock_entry_is_a_fingerprint_or_a_recorded_confirmation() {
        let lock: LockFile = serde_saphyr::from_str(
            "confirmed:\n  site:\n    old: aeff4cf48b714913\n    new:\n      \
             fingerprint: 00e12ed9cb350ae5\n      source: 12\n      translation: 3f3f5a76\n",
        )
        .unwrap();
        let site = &lock.confirmed["site"];
        assert_eq!(
            site["old"],
            Confirmation::Fingerprint("aeff4cf48b714913".into())
        );
        assert_eq!(site["new"].fingerprint(), "00e12ed9cb350ae5");
        // A source that YAML would read as a number is the text "12".
        assert_eq!(site["new"].source(), Some("12"));
        assert!(site["new"].confirms_translation(Some("3f3f5a76")));
        // Neither form: a list is refused, and so is an unknown key of a recorded entry.
        for bad in [
            "confirmed:\n  site:\n    a: [x]\n",
            "confirmed:\n  site:\n    a:\n      fingerprint: x\n      source: y\n      extra: z\n",
        ] {
            assert!(serde_saphyr::from_str::<LockFile>(bad).is_err(), "{bad}");
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
