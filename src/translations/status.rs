//! Translation status: per leaflet (and for the site's interface) and per language, which
//! messages are missing or stale. `leaflet translations status` prints it as a table or JSON;
//! the build renders it as the team page.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Standing, Translations};
use crate::l10n;
use crate::paths;
use crate::resolve::{ResolvedLeaflet, ResolvedSite};

/// How far a translation is.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Every message is translated and confirmed.
    Complete,
    /// Started: some messages are missing or stale.
    Incomplete,
    /// The leaflet's own file has no message in this language yet.
    NotStarted,
    /// Translated (in full or in part), but none of its own texts is confirmed yet: the
    /// language's site leaves the leaflet out until someone confirms them. Not "not
    /// translated": the translator's work is there.
    WaitingForConfirmation,
}

/// Translation state of one leaflet (or the site's interface) in one language.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Coverage {
    pub state: State,
    pub missing: Vec<String>,
    /// Translated but not shown: never confirmed, or the source changed since.
    pub stale: Vec<String>,
    /// Of `stale`: written but never confirmed against the source.
    pub unconfirmed: Vec<String>,
    /// Of `stale`: confirmed once, and the source changed since — with the source then and now.
    pub changed: Vec<Change>,
}

/// A source text that changed after its translation was confirmed.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Change {
    pub id: String,
    /// The source the translation was confirmed against (`None` in lock files written before
    /// it was recorded).
    pub was: Option<String>,
    pub now: String,
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub id: String,
    /// Number of messages a reader sees in this leaflet.
    pub messages: usize,
    pub locales: BTreeMap<String, Coverage>,
}

/// The document `leaflet translations status --format json` prints.
#[derive(Debug, Serialize)]
pub struct StatusReport {
    pub default_locale: String,
    pub locales: Vec<String>,
    pub reviewed_by_medical_translator: BTreeMap<String, bool>,
    pub leaflets: Vec<Row>,
    pub site: Row,
}

fn coverage(
    translations: &Translations,
    locale: &str,
    keys: &[String],
    ids: &BTreeSet<String>,
    started: bool,
) -> Coverage {
    if !started {
        return Coverage {
            state: State::NotStarted,
            missing: ids.iter().cloned().collect(),
            stale: Vec::new(),
            unconfirmed: Vec::new(),
            changed: Vec::new(),
        };
    }
    let present: BTreeSet<&String> = keys
        .iter()
        .filter_map(|k| translations.present.get(locale)?.get(k))
        .flatten()
        .collect();
    let stale_all = translations.stale_in(locale, keys);
    let missing: Vec<String> = ids
        .iter()
        .filter(|id| !present.contains(id))
        .cloned()
        .collect();
    let stale: Vec<String> = ids
        .iter()
        .filter(|id| present.contains(id) && stale_all.contains(*id))
        .cloned()
        .collect();
    // Which file each stale id is in (the first of the bundle that has it), for its standing.
    let key_of = |id: &str| {
        keys.iter().find(|k| {
            translations
                .present
                .get(locale)
                .and_then(|p| p.get(*k))
                .is_some_and(|ids| ids.contains(id))
        })
    };
    let mut unconfirmed = Vec::new();
    let mut changed = Vec::new();
    for id in &stale {
        let Some(key) = key_of(id) else { continue };
        match translations.standing(locale, key, id) {
            // An edited translation is written but not confirmed in its new wording.
            Standing::Unconfirmed | Standing::Edited => unconfirmed.push(id.clone()),
            Standing::Changed { was } => changed.push(Change {
                id: id.clone(),
                was: was.map(str::to_string),
                now: translations
                    .source_texts
                    .get(key)
                    .and_then(|t| t.get(id))
                    .cloned()
                    .unwrap_or_default(),
            }),
            Standing::Confirmed(_) => {}
        }
    }
    Coverage {
        state: if missing.is_empty() && stale.is_empty() {
            State::Complete
        } else {
            State::Incomplete
        },
        missing,
        stale,
        unconfirmed,
        changed,
    }
}

pub fn status_report(
    site: &ResolvedSite,
    leaflets: &[ResolvedLeaflet],
    translations: &Translations,
) -> StatusReport {
    let others: Vec<String> = site
        .locales
        .iter()
        .filter(|l| **l != site.default_locale)
        .cloned()
        .collect();
    let mut rows = Vec::new();
    // What the build publishes: a leaflet with a confirmed text of its own in the language.
    let shown = translations.started(site.show_stale);
    for leaflet in leaflets {
        let ids = leaflet.message_ids();
        let keys = leaflet.ftl_keys();
        let own_key = leaflet.ftl_keys().pop().unwrap_or_default();
        let locales = others
            .iter()
            .map(|l| {
                let started = translations.has_messages(l, &leaflet.id);
                let mut coverage = coverage(translations, l, &keys, &ids, started);
                if started && !shown.contains(&(l.clone(), own_key.clone())) {
                    coverage.state = State::WaitingForConfirmation;
                }
                (l.clone(), coverage)
            })
            .collect();
        rows.push(Row {
            id: leaflet.id.clone(),
            messages: ids.len(),
            locales,
        });
    }
    // The site's own texts: the interface, and what site.yaml names (contacts, logo texts), as
    // `check` counts them.
    let mut site_ids = l10n::interface_message_ids(&site.default_locale);
    site_ids.extend(site.site_message_ids.iter().cloned());
    let site_row = Row {
        id: paths::SITE_FTL_KEY.into(),
        messages: site_ids.len(),
        locales: others
            .iter()
            .map(|l| {
                let key = paths::SITE_FTL_KEY.to_string();
                let started = translations.has_messages(l, &key);
                (
                    l.clone(),
                    coverage(translations, l, &[key], &site_ids, started),
                )
            })
            .collect(),
    };
    StatusReport {
        default_locale: site.default_locale.clone(),
        locales: others.clone(),
        reviewed_by_medical_translator: others
            .iter()
            .map(|l| {
                (
                    l.clone(),
                    translations
                        .locks
                        .get(l)
                        .is_some_and(|k| k.reviewed_by_medical_translator),
                )
            })
            .collect(),
        leaflets: rows,
        site: site_row,
    }
}

/// A translation not confirmed yet, so not on the site: the same words in the table, the team
/// page and the governance report.
pub fn waiting_for_confirmation(missing: usize) -> String {
    if missing == 0 {
        "translated, waiting for confirmation".to_string()
    } else {
        format!("partly translated ({missing} missing), waiting for confirmation")
    }
}

/// The table for people: one line per leaflet, one column per language.
pub fn render_table(report: &StatusReport) -> String {
    let cell = |c: &Coverage| match c.state {
        State::Complete => "complete".to_string(),
        State::NotStarted => "not started".to_string(),
        State::WaitingForConfirmation => waiting_for_confirmation(c.missing.len()),
        State::Incomplete => {
            let mut parts = Vec::new();
            if !c.missing.is_empty() {
                parts.push(format!("{} missing", c.missing.len()));
            }
            // The same words as `check`: "stale" is a changed source, "not yet confirmed" a
            // translation nobody has confirmed.
            let unconfirmed = c.unconfirmed.len();
            let changed = c.stale.len() - unconfirmed;
            if changed > 0 {
                parts.push(format!("{changed} stale"));
            }
            if unconfirmed > 0 {
                parts.push(format!("{unconfirmed} not yet confirmed"));
            }
            parts.join(", ")
        }
    };
    let mut rows: Vec<Vec<String>> = vec![
        std::iter::once("leaflet".to_string())
            .chain(report.locales.iter().cloned())
            .collect(),
    ];
    for row in report.leaflets.iter().chain(std::iter::once(&report.site)) {
        let name = if row.id == paths::SITE_FTL_KEY {
            "(site interface)".to_string()
        } else {
            row.id.clone()
        };
        rows.push(
            std::iter::once(name)
                .chain(
                    report
                        .locales
                        .iter()
                        .map(|l| row.locales.get(l).map(cell).unwrap_or_default()),
                )
                .collect(),
        );
    }
    let mut out = columns(&rows);
    let mut changes = String::new();
    for row in report.leaflets.iter().chain(std::iter::once(&report.site)) {
        for (locale, coverage) in &row.locales {
            for change in &coverage.changed {
                changes.push_str(&format!(
                    "  {} ({locale}) {}:\n    was: {}\n    now: {}\n",
                    row.id,
                    change.id,
                    change.was.as_deref().unwrap_or("(not recorded)"),
                    change.now
                ));
            }
        }
    }
    if !changes.is_empty() {
        out.push_str(&format!(
            "\nchanged in {} since the translation was confirmed:\n{changes}",
            report.default_locale
        ));
    }
    let unreviewed: Vec<&str> = report
        .reviewed_by_medical_translator
        .iter()
        .filter(|(_, reviewed)| !**reviewed)
        .map(|(l, _)| l.as_str())
        .collect();
    if !unreviewed.is_empty() {
        out.push_str(&format!(
            "\nnot yet reviewed by a medical translator: {}\n",
            unreviewed.join(", ")
        ));
    }
    out
}

/// Left-aligned columns, three spaces apart.
pub fn columns(rows: &[Vec<String>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..width)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        out.push_str(line.join("   ").trim_end());
        out.push('\n');
    }
    out
}
