//! What translators are told on every run: translations not shown because they are not
//! confirmed (never, or against an older source, with the source then and now), and shown
//! translations whose numbers differ from their source's.

use super::{Standing, Translations, display_text};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::ftl::{Resources, messages};
use crate::paths;

/// Warnings per locale file for translations not shown because they are not confirmed against
/// the current source: those never confirmed ("written, not yet confirmed") apart from those
/// whose source changed since, each of these with the old and the new source text.
pub fn report_stale(
    translations: &Translations,
    resources: &Resources,
    locales: &[String],
    shown: bool,
    diags: &mut Diagnostics,
) {
    let default = &translations.default_locale;
    let consequence = if shown {
        "shown anyway (translations.stale: show)".to_string()
    } else {
        format!("shown in {default} until confirmed")
    };
    for locale in locales {
        for (key, ids) in translations.stale(locale) {
            let file = paths::ftl_path(locale, key);
            let of = |wanted: fn(&Standing) -> bool| -> Vec<&String> {
                ids.iter()
                    .filter(|id| wanted(&translations.standing(locale, key, id)))
                    .collect()
            };
            let unconfirmed = of(|s| *s == Standing::Unconfirmed);
            let edited = of(|s| *s == Standing::Edited);
            let changed = of(|s| matches!(s, Standing::Changed { .. }));
            let at = |ids: &[&String]| {
                ids.first()
                    .and_then(|id| resources.definition(locale, std::slice::from_ref(key), id))
                    .unwrap_or_else(|| Location::file_start(&file))
            };
            // A few messages by name; more than that, the file as a whole (a command one
            // can read before running it).
            let command = |ids: &[&String]| {
                if ids.len() > 3 {
                    format!("leaflet translations confirm {locale} {key}")
                } else {
                    format!(
                        "leaflet translations confirm {locale} {}",
                        ids.iter()
                            .map(|id| format!("{key}:{id}"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    )
                }
            };
            let list = |ids: &[&String]| {
                ids.iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if !unconfirmed.is_empty() {
                diags.push(
                    Diagnostic::warning(format!(
                        "{} {} in {locale} {} written but not yet confirmed against the {default} text; {consequence}: {}",
                        unconfirmed.len(),
                        if unconfirmed.len() == 1 { "translation" } else { "translations" },
                        if unconfirmed.len() == 1 { "is" } else { "are" },
                        list(&unconfirmed)
                    ))
                    .at(at(&unconfirmed))
                    .hint(format!(
                        "once someone has checked each against the {default} text, run: {}",
                        command(&unconfirmed)
                    )),
                );
            }
            if !edited.is_empty() {
                diags.push(
                    Diagnostic::warning(format!(
                        "{} {} in {locale} {} edited after {} confirmed; shown in {default} until confirmed again: {}",
                        edited.len(),
                        if edited.len() == 1 { "translation" } else { "translations" },
                        if edited.len() == 1 { "was" } else { "were" },
                        if edited.len() == 1 { "it was" } else { "they were" },
                        list(&edited)
                    ))
                    .at(at(&edited))
                    .hint(format!(
                        "once someone has checked the new wording against the {default} text, run: {}",
                        command(&edited)
                    )),
                );
            }
            if !changed.is_empty() {
                let mut d = Diagnostic::warning(format!(
                    "{} {} in {locale} may be out of date: the {default} text changed since {} confirmed; {consequence}: {}",
                    changed.len(),
                    if changed.len() == 1 { "translation" } else { "translations" },
                    if changed.len() == 1 { "it was" } else { "they were" },
                    list(&changed)
                ))
                .at(at(&changed))
                .hint(format!(
                    "update each translation to the new {default} text, then run: {}",
                    command(&changed)
                ));
                for id in &changed {
                    let now = translations
                        .source_texts
                        .get(key)
                        .and_then(|t| t.get(*id))
                        .map_or("", String::as_str);
                    let was = match translations.standing(locale, key, id) {
                        Standing::Changed { was: Some(was) } => format!("\"{was}\""),
                        _ => "(not recorded by this lock file's version)".to_string(),
                    };
                    d = d.note(format!(
                        "{id}: {default} was {was}\n{id}: {default} is now \"{now}\""
                    ));
                }
                diags.push(d);
            }
        }
    }
}

/// Errors for every translation that patients see, or that was edited after its confirmation,
/// whose numbers or variables differ from its source: a dose, a time, a percentage, a phone
/// number variable. Other translations not yet shown (stale) are caught when they are confirmed.
pub fn check_numbers(
    translations: &Translations,
    resources: &Resources,
    locales: &[String],
    show_stale: bool,
    diags: &mut Diagnostics,
) {
    let default = &translations.default_locale;
    for locale in locales.iter().filter(|l| *l != default) {
        for (key, ids) in translations.present.get(locale).into_iter().flatten() {
            for id in ids {
                let standing = translations.standing(locale, key, id);
                let checked = match standing {
                    Standing::Confirmed(c) => c
                        .numbers_differ(translations.message_fingerprint(locale, key, id))
                        .is_none(),
                    // Edited after its confirmation: a number changed by that edit is a
                    // mistake to report now, not only when someone confirms it again.
                    Standing::Edited => true,
                    _ => show_stale,
                };
                if !checked {
                    continue;
                }
                let mut found = translations.fact_differences(locale, key, id);
                // A variable the source does not have is already an error of the consistency
                // check (with "did you mean"); one typo gives one error, not two.
                if found
                    .iter()
                    .any(|f| f.starts_with("the translation adds $"))
                {
                    found.retain(|f| !f.contains(" $"));
                }
                if found.is_empty() {
                    continue;
                }
                let keys = [key.clone()];
                let translation = resources
                    .get(locale, key)
                    .and_then(|r| messages(r).find(|m| m.id.name == id))
                    .map(display_text)
                    .unwrap_or_default();
                let source = translations
                    .source_texts
                    .get(key)
                    .and_then(|t| t.get(id))
                    .map_or("", String::as_str);
                diags.push(
                    Diagnostic::error(format!(
                        "the {locale} translation of \"{id}\" does not say the same numbers as the {default} text: {}",
                        found.join("; ")
                    ))
                    .at_opt(resources.definition(locale, &keys, id))
                    .note(format!("{default}: {source}"))
                    .note(format!("{locale}: {translation}"))
                    .hint(format!(
                        "correct the translation; if the numbers really may differ (a dose written as a word), confirm it with: leaflet translations confirm {locale} {key}:{id} --numbers-differ \"<why>\""
                    )),
                );
            }
        }
    }
}
