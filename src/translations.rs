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
//! This module also checks translations against their source, as Mozilla's compare-locales does:
//! variables a source does not have, attributes that do not match, messages without a source,
//! references to messages or terms that do not exist, and source messages no leaflet uses.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::l10n::{Resources, UI_LABELS};
use crate::load::{LOCALES_DIR, Project};
use crate::resolve::{ResolvedLeaflet, ResolvedSite};

pub const LOCK_FILE: &str = "translations.lock.yaml";

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

pub fn lock_path(locale: &str) -> PathBuf {
    Path::new(LOCALES_DIR).join(locale).join(LOCK_FILE)
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
}

/// The fingerprint of a message: its Fluent source, normalized by the Fluent serializer (so
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

fn messages(resource: &fluent_bundle::FluentResource) -> impl Iterator<Item = &ast::Message<&str>> {
    resource.entries().filter_map(|entry| match entry {
        ast::Entry::Message(message) => Some(message),
        _ => None,
    })
}

impl Translations {
    pub fn load(
        project: &Project,
        resources: &Resources<'_>,
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
            let rel = lock_path(locale);
            let lock = if project.root.join(&rel).exists() {
                crate::load::parse_yaml_file::<LockFile>(&project.root, &rel, diags)
                    .unwrap_or_default()
            } else {
                LockFile::default()
            };
            state.locks.insert(locale.clone(), lock);
        }
        state
    }

    /// Translated messages of `locale` whose source changed since they were confirmed (or that
    /// were never confirmed), by file key.
    pub fn stale(&self, locale: &str) -> BTreeMap<String, BTreeSet<String>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
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

/// What a message's pattern refers to.
#[derive(Default)]
struct References {
    variables: BTreeSet<String>,
    messages: BTreeSet<String>,
    terms: BTreeSet<String>,
}

fn walk_pattern(pattern: &ast::Pattern<&str>, refs: &mut References) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            walk_expression(expression, refs);
        }
    }
}

fn walk_expression(expression: &ast::Expression<&str>, refs: &mut References) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            walk_inline(selector, refs);
            for variant in variants {
                walk_pattern(&variant.value, refs);
            }
        }
        ast::Expression::Inline(inline) => walk_inline(inline, refs),
    }
}

fn walk_inline(inline: &ast::InlineExpression<&str>, refs: &mut References) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            refs.variables.insert(id.name.to_string());
        }
        ast::InlineExpression::MessageReference { id, .. } => {
            refs.messages.insert(id.name.to_string());
        }
        ast::InlineExpression::TermReference { id, arguments, .. } => {
            refs.terms.insert(id.name.to_string());
            if let Some(arguments) = arguments {
                walk_arguments(arguments, refs);
            }
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            walk_arguments(arguments, refs)
        }
        ast::InlineExpression::Placeable { expression } => walk_expression(expression, refs),
        ast::InlineExpression::StringLiteral { .. }
        | ast::InlineExpression::NumberLiteral { .. } => {}
    }
}

fn walk_arguments(arguments: &ast::CallArguments<&str>, refs: &mut References) {
    for positional in &arguments.positional {
        walk_inline(positional, refs);
    }
    for named in &arguments.named {
        walk_inline(&named.value, refs);
    }
}

fn message_refs(message: &ast::Message<&str>) -> References {
    let mut refs = References::default();
    if let Some(value) = &message.value {
        walk_pattern(value, &mut refs);
    }
    for attribute in &message.attributes {
        walk_pattern(&attribute.value, &mut refs);
    }
    refs
}

/// Message ids the site itself uses whatever the leaflets say.
/// (Contact names and logo texts come from site.yaml, in `used_site_messages`; every `ui-` label
/// and every language name `lang-xx` may be shown by a template.)
fn used_by_site(id: &str) -> bool {
    UI_LABELS.contains(&id) || id.starts_with("ui-") || id.starts_with("lang-")
}

/// compare-locales style checks of every locale against the default locale.
pub fn check_consistency(
    resources: &Resources<'_>,
    site: &ResolvedSite,
    leaflets: &[ResolvedLeaflet],
    used_site_messages: &BTreeSet<String>,
    diags: &mut Diagnostics,
) {
    let default = &site.default_locale;
    // All message and term ids per locale, to check references.
    let mut defined: BTreeMap<&str, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for ((locale, _), resource) in resources.all() {
        let (messages, terms) = defined.entry(locale.as_str()).or_default();
        for entry in resource.entries() {
            match entry {
                ast::Entry::Message(m) => {
                    messages.insert(m.id.name.to_string());
                }
                ast::Entry::Term(t) => {
                    terms.insert(t.id.name.to_string());
                }
                _ => {}
            }
        }
    }
    let mut used: BTreeSet<String> = used_site_messages.clone();
    for leaflet in leaflets {
        used.extend(leaflet.message_ids());
    }

    for ((locale, key), resource) in resources.all() {
        let keys = [key.clone()];
        let source = resources.get(default, key);
        let mut seen = BTreeSet::new();
        for message in messages(resource) {
            let id = message.id.name;
            let at = resources.definition(locale, &keys, id);
            if !seen.insert(id) {
                diags.push(
                    Diagnostic::error(format!("message \"{id}\" is defined twice in this file"))
                        .at_opt(at.clone())
                        .hint("keep one of the two; Fluent would silently use the last"),
                );
            }
            let refs = message_refs(message);
            let empty = (BTreeSet::new(), BTreeSet::new());
            let (messages_here, terms_here) = defined.get(locale.as_str()).unwrap_or(&empty);
            for missing in refs.messages.difference(messages_here) {
                diags.push(
                    Diagnostic::error(format!("message \"{id}\" refers to the message \"{missing}\", which does not exist in {locale}"))
                        .at_opt(at.clone())
                        .hint(did_you_mean(missing, messages_here.iter().map(String::as_str)).unwrap_or_else(|| format!("define {missing} or remove the reference"))),
                );
            }
            for missing in refs.terms.difference(terms_here) {
                diags.push(
                    Diagnostic::error(format!("message \"{id}\" refers to the term \"-{missing}\", which does not exist in {locale}"))
                        .at_opt(at.clone())
                        .hint(format!("define `-{missing} = …` or remove the reference")),
                );
            }

            if locale == default {
                if !used.contains(id) && !used_by_site(id) {
                    diags.push(
                        Diagnostic::warning(format!("message \"{id}\" is not used by any leaflet"))
                            .at_opt(at.clone())
                            .hint("remove it, or use it in a leaflet or shared block; unused texts still cost translators time"),
                    );
                }
                continue;
            }
            let Some(source_message) = source.and_then(|s| messages(s).find(|m| m.id.name == id))
            else {
                diags.push(
                    Diagnostic::warning(format!(
                        "message \"{id}\" in {locale} has no {default} source in the same file"
                    ))
                    .at_opt(at.clone())
                    .hint(format!(
                        "remove it, or check that its id matches the one in {}",
                        crate::resolve::ftl_path(default, key).display()
                    )),
                );
                continue;
            };
            let source_refs = message_refs(source_message);
            for variable in refs.variables.difference(&source_refs.variables) {
                let mut hint =
                    did_you_mean(variable, source_refs.variables.iter().map(String::as_str))
                        .map(|h| h.replace("did you mean \"", "did you mean \"$"))
                        .unwrap_or_else(|| {
                            "a translation can only use the variables of its source".into()
                        });
                if !source_refs.variables.is_empty() {
                    let list: Vec<String> = source_refs
                        .variables
                        .iter()
                        .map(|v| format!("${v}"))
                        .collect();
                    hint.push_str(&format!(
                        " (the {default} message uses {})",
                        list.join(", ")
                    ));
                }
                diags.push(
                    Diagnostic::error(format!("message \"{id}\" in {locale} uses the variable ${variable}, which its {default} source does not have"))
                        .at_opt(resources.variable_use(locale, &keys, id, variable).or(at.clone()))
                        .hint(hint),
                );
            }
            let attributes = |m: &ast::Message<&str>| -> BTreeSet<String> {
                m.attributes.iter().map(|a| a.id.name.to_string()).collect()
            };
            let (mine, theirs) = (attributes(message), attributes(source_message));
            for extra in mine.difference(&theirs) {
                diags.push(
                    Diagnostic::error(format!("message \"{id}\" in {locale} has the attribute .{extra}, which its {default} source does not have"))
                        .at_opt(at.clone())
                        .hint("attributes must match the source; remove it or check its name"),
                );
            }
            for missing in theirs.difference(&mine) {
                diags.push(
                    Diagnostic::warning(format!("message \"{id}\" in {locale} lacks the attribute .{missing} of its {default} source"))
                        .at_opt(at.clone())
                        .hint(format!("translate .{missing} too")),
                );
            }
            if message.value.is_some() != source_message.value.is_some() {
                diags.push(
                    Diagnostic::error(format!("message \"{id}\" in {locale} and its {default} source differ in having a value"))
                        .at_opt(at.clone())
                        .hint("a translation has a text exactly when its source has one"),
                );
            }
        }
    }
}

/// One warning per locale file with stale translations.
pub fn report_stale(
    translations: &Translations,
    resources: &Resources<'_>,
    locales: &[String],
    shown: bool,
    diags: &mut Diagnostics,
) {
    for locale in locales {
        for (key, ids) in translations.stale(locale) {
            let file = crate::resolve::ftl_path(locale, &key);
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
                    .and_then(|id| resources.definition(locale, std::slice::from_ref(&key), id))
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

    #[test]
    fn references_are_found_in_selects_and_arguments() {
        let refs = message_refs(&message(
            "m = { $n ->\n    [one] { -brand } { other }\n   *[other] { NUMBER($count) }\n}\n",
        ));
        assert_eq!(
            refs.variables,
            BTreeSet::from(["n".to_string(), "count".to_string()])
        );
        assert_eq!(refs.terms, BTreeSet::from(["brand".to_string()]));
        assert_eq!(refs.messages, BTreeSet::from(["other".to_string()]));
    }
}
