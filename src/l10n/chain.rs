//! The fallback chain: for one leaflet (or the site) in one language, a Fluent bundle per
//! language to try in order — the page's language, then the default language — each made of
//! the files of the leaflet's bundle (site, shared blocks, its own).

use std::collections::{BTreeMap, BTreeSet};

use fluent_bundle::{FluentBundle, FluentError, FluentResource};
use unic_langid::{CharacterDirection, LanguageIdentifier};

use crate::diag::{Diagnostic, Diagnostics};
use crate::document::Direction;
use crate::format::TimeLog;
use crate::ftl::Resources;
use crate::paths;

pub(super) type Bundle<'r> = FluentBundle<&'r FluentResource>;

/// The bundles of one leaflet × locale: the locale's first, then each fallback.
pub(super) struct Chain<'r> {
    pub page_locale: String,
    pub keys: Vec<String>,
    pub links: Vec<(String, Bundle<'r>)>,
    /// Messages of the page's own language not to use: stale translations.
    pub skip: BTreeSet<String>,
    /// The part of `skip` to format anyway, only to report its mistakes: translations edited
    /// after their confirmation.
    pub check: BTreeSet<String>,
    /// Whose customs each language's times and dates follow (`en` → `en-NL`).
    pub formats: BTreeMap<String, String>,
    /// The times `TIME()` wrote in this chain's messages, to mark them up.
    pub times: TimeLog,
}

impl Chain<'_> {
    /// The last language of the chain: the site's default locale.
    pub fn default_locale(&self) -> &str {
        self.links.last().map_or("", |l| l.0.as_str())
    }

    /// The locale whose customs times and dates in `locale` follow.
    pub fn format_locale<'a>(&'a self, locale: &'a str) -> &'a str {
        self.formats.get(locale).map_or(locale, String::as_str)
    }
}

fn language_id(locale: &str) -> LanguageIdentifier {
    locale.parse().unwrap_or_default()
}

/// The script a language is written in (ISO 15924, e.g. `Latn`, `Cyrl`, `Arab`), from CLDR's
/// likely subtags: `uk` → `uk-Cyrl-UA`. `Latn` when the code says nothing more.
pub fn script(locale: &str) -> String {
    let mut id = language_id(locale);
    id.maximize();
    id.script
        .map_or_else(|| "Latn".to_string(), |s| s.as_str().to_string())
}

pub fn direction(locale: &str) -> Direction {
    match language_id(locale).character_direction() {
        CharacterDirection::RTL => Direction::Rtl,
        _ => Direction::Ltr,
    }
}

/// Builds the chain of `locale` over the Fluent files `keys`. `stale` are the ids of the
/// page language's messages not to use (translations not confirmed against their source), and
/// of those the ones edited after their confirmation, to check all the same.
pub(super) fn build_chain<'r>(
    resources: &'r Resources,
    formats: &BTreeMap<String, String>,
    default_locale: &str,
    locale: &str,
    keys: Vec<String>,
    (stale, edited): (BTreeSet<String>, BTreeSet<String>),
    diags: &mut Diagnostics,
) -> Chain<'r> {
    let mut chain_locales = vec![locale.to_string()];
    if locale != default_locale {
        chain_locales.push(default_locale.to_string());
    }
    let times = TimeLog::default();
    let links = chain_locales
        .into_iter()
        .map(|loc| {
            let mut bundle = FluentBundle::new(vec![language_id(&loc)]);
            let format_locale = formats.get(&loc).map_or(loc.as_str(), String::as_str);
            crate::format::add_functions(&mut bundle, format_locale, &times);
            for key in &keys {
                let Some(resource) = resources.get(&loc, key) else {
                    continue;
                };
                if let Err(errors) = bundle.add_resource(resource) {
                    for error in errors {
                        if let FluentError::Overriding { id, .. } = error {
                            let file = paths::ftl_path(&loc, key);
                            diags.push(
                                Diagnostic::error(format!(
                                    "message \"{id}\" is defined twice for the same leaflet ({} and another file of its bundle)",
                                    file.display()
                                ))
                                .at_opt(resources.definition(&loc, std::slice::from_ref(key), &id))
                                .hint("a leaflet's own messages, its shared blocks' messages and site.ftl share one namespace; rename one (shared blocks usually prefix their ids with the block name)"),
                            );
                        }
                    }
                }
            }
            (loc, bundle)
        })
        .collect();
    Chain {
        page_locale: locale.to_string(),
        links,
        skip: if locale == default_locale {
            BTreeSet::new()
        } else {
            stale
        },
        check: if locale == default_locale {
            BTreeSet::new()
        } else {
            edited
        },
        keys,
        formats: formats.clone(),
        times,
    }
}
