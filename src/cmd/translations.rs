//! `leaflet translations status|confirm`: what translators need to know and to record.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::cli::{ConfirmArgs, Format, StatusArgs};
use crate::cmd::{Outcome, report};
use crate::diag::{Diagnostic, Diagnostics};
use crate::l10n;
use crate::load;
use crate::resolve::{self, ResolvedLeaflet, ResolvedSite};
use crate::translations::{self, Translations};

/// Translation state of one leaflet (or the site's interface) in one language.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Coverage {
    /// `complete`, `incomplete` or `not-started`.
    pub state: &'static str,
    pub missing: Vec<String>,
    pub stale: Vec<String>,
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
            state: "not-started",
            missing: ids.iter().cloned().collect(),
            stale: Vec::new(),
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
    Coverage {
        state: if missing.is_empty() && stale.is_empty() {
            "complete"
        } else {
            "incomplete"
        },
        missing,
        stale,
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
    for leaflet in leaflets {
        let ids = leaflet.message_ids();
        let keys = leaflet.ftl_keys();
        let locales = others
            .iter()
            .map(|l| {
                let started = translations.has_messages(l, &leaflet.id);
                (l.clone(), coverage(translations, l, &keys, &ids, started))
            })
            .collect();
        rows.push(Row {
            id: leaflet.id.clone(),
            messages: ids.len(),
            locales,
        });
    }
    let site_ids = l10n::interface_message_ids(&site.default_locale);
    let site_row = Row {
        id: "site".into(),
        messages: site_ids.len(),
        locales: others
            .iter()
            .map(|l| {
                let started = translations.has_messages(l, "site");
                (
                    l.clone(),
                    coverage(translations, l, &["site".to_string()], &site_ids, started),
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

/// The table for people: one line per leaflet, one column per language.
pub fn render_table(report: &StatusReport) -> String {
    let cell = |c: &Coverage| match c.state {
        "complete" => "complete".to_string(),
        "not-started" => "not started".to_string(),
        _ => {
            let mut parts = Vec::new();
            if !c.missing.is_empty() {
                parts.push(format!("{} missing", c.missing.len()));
            }
            if !c.stale.is_empty() {
                parts.push(format!("{} stale", c.stale.len()));
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
        let name = if row.id == "site" {
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
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        out.push_str(line.join("   ").trim_end());
        out.push('\n');
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

pub fn status(args: &StatusArgs) -> Outcome {
    let root = &args.project.root;
    let mut diags = Diagnostics::new();
    let Some(project) = load::load_project(root, &mut diags) else {
        return report(&diags, root, false, "", "status failed");
    };
    let Some(resolved) = resolve::resolve_project(&project, &mut diags) else {
        return report(&diags, root, false, "", "status failed");
    };
    let resources = l10n::parse_resources(&project, &mut diags);
    let translations = Translations::load(&project, &resources, &resolved.site, &mut diags);
    if diags.has_errors() {
        return report(&diags, root, false, "", "status failed");
    }
    let status = status_report(&resolved.site, &resolved.leaflets, &translations);
    match args.format {
        Format::Human => print!("{}", render_table(&status)),
        Format::Json => match serde_json::to_string_pretty(&status) {
            Ok(json) => println!("{json}"),
            Err(err) => {
                diags.push(Diagnostic::error(format!(
                    "failed to write the status as JSON ({err})"
                )));
                return report(&diags, root, false, "", "status failed");
            }
        },
    }
    Outcome::Success
}

pub fn confirm(args: &ConfirmArgs) -> Outcome {
    let root = &args.project.root;
    let mut diags = Diagnostics::new();
    let failed = "nothing was confirmed";
    let Some(project) = load::load_project(root, &mut diags) else {
        return report(&diags, root, false, "", failed);
    };
    let Some(resolved) = resolve::resolve_project(&project, &mut diags) else {
        return report(&diags, root, false, "", failed);
    };
    let site = &resolved.site;
    let locale = &args.locale;
    if *locale == site.default_locale {
        diags.push(
            Diagnostic::environment(format!("{locale} is the default language: its texts are the source, there is nothing to confirm"))
                .hint("confirm a translation, e.g. leaflet translations confirm en"),
        );
        return report(&diags, root, false, "", failed);
    }
    if !site.locales.contains(locale) {
        diags.push(
            Diagnostic::environment(format!("the site has no language \"{locale}\"")).hint(
                format!("the site's languages are: {}", site.locales.join(", ")),
            ),
        );
        return report(&diags, root, false, "", failed);
    }
    let resources = l10n::parse_resources(&project, &mut diags);
    let translations = Translations::load(&project, &resources, site, &mut diags);
    if diags.has_errors() {
        return report(&diags, root, false, "", failed);
    }
    let (lock, confirmed) = match translations.confirm(locale, &args.messages) {
        Ok(result) => result,
        Err(message) => {
            diags.push(
                Diagnostic::error(message)
                    .hint("see what is translated with: leaflet translations status"),
            );
            return report(&diags, root, false, "", failed);
        }
    };
    let rel = translations::lock_path(locale);
    let written = translations::render_lock(&lock)
        .map_err(|e| e.to_string())
        .and_then(|text| std::fs::write(root.join(&rel), text).map_err(|e| e.to_string()));
    if let Err(err) = written {
        diags.push(Diagnostic::environment(format!(
            "failed to write {} ({err})",
            rel.display()
        )));
        return report(&diags, root, false, "", failed);
    }
    let done = format!(
        "confirmed {} translation{} in {locale}; {} updated",
        confirmed.len(),
        if confirmed.len() == 1 { "" } else { "s" },
        rel.display()
    );
    report(&diags, root, false, &done, failed)
}
