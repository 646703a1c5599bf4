//! Consistency: every translation checked against its default-language source, as Mozilla's
//! compare-locales does — variables the source does not have, attributes that do not match,
//! messages without a source (references to other messages and terms are refused in `ftl`) — and source
//! messages no leaflet uses.

use std::collections::BTreeSet;

use fluent_syntax::ast;

use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::ftl::{Resources, message_variables, messages};
use crate::l10n::UI_LABELS;
use crate::paths;
use crate::resolve::{ResolvedLeaflet, ResolvedSite};

/// A translation that does not fit its source: an error when patients see it, a warning when it
/// is not shown anyway (not confirmed against the current source), so a change to the Dutch is
/// never blocked by a translation waiting for its translator.
fn mismatch(hidden: bool, message: String) -> Diagnostic {
    if hidden {
        Diagnostic::warning(format!("{message} (not shown until it is confirmed)"))
    } else {
        Diagnostic::error(message)
    }
}

/// Message ids the site itself uses whatever the leaflets say.
/// (Contact names and logo texts come from site.yaml, in `used_site_messages`; every `ui-` label
/// and every language name `lang-xx` may be shown by a template.)
fn used_by_site(id: &str) -> bool {
    UI_LABELS.contains(&id) || id.starts_with("ui-") || id.starts_with("lang-")
}

/// compare-locales style checks of every locale against the default locale. `report_unused`
/// is false when a leaflet or shared block could not be read or resolved: its messages would all
/// look unused, burying the one real error under follow-ups.
pub fn check_consistency(
    resources: &Resources,
    site: &ResolvedSite,
    leaflets: &[ResolvedLeaflet],
    used_site_messages: &BTreeSet<String>,
    report_unused: bool,
    hidden: &dyn Fn(&str, &str, &str) -> bool,
    diags: &mut Diagnostics,
) {
    let default = &site.default_locale;
    // The ids the pages use whatever the leaflets say (not every `ui-…`: a misspelt one in a
    // translation is a typo there).
    let interface = crate::l10n::interface_message_ids(default);
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
            let variables = message_variables(message);
            if locale == default {
                if report_unused && !used.contains(id) && !used_by_site(id) {
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
                // A misspelt id: the source's ids that this file does not translate yet.
                let untranslated = source
                    .into_iter()
                    .flat_map(messages)
                    .filter(|m| !messages(resource).any(|t| t.id.name == m.id.name));
                // An id a leaflet uses is missing from the source, not misspelt here: "did
                // you mean" would carry the source's typo into a correct translation.
                let hint = match did_you_mean(id, untranslated.map(|m| m.id.name)) {
                    _ if used.contains(id) || interface.contains(id) => format!(
                        "the leaflets use \"{id}\", so this id is right: {} lacks it (misspelt or missing there)",
                        paths::ftl_path(default, key).display()
                    ),
                    Some(guess) => format!(
                        "{guess} ({} has it, and this file does not translate it yet): if so, correct the id here; if not, remove the message",
                        paths::ftl_path(default, key).display()
                    ),
                    None => format!(
                        "remove it, or check that its id matches the one in {}",
                        paths::ftl_path(default, key).display()
                    ),
                };
                diags.push(
                    Diagnostic::warning(format!(
                        "message \"{id}\" in {locale} has no {default} source in the same file"
                    ))
                    .at_opt(at.clone())
                    .hint(hint),
                );
                continue;
            };
            let source_variables = message_variables(source_message);
            for variable in variables.difference(&source_variables) {
                let mut hint = did_you_mean(variable, source_variables.iter().copied())
                    .map(|h| h.replace("did you mean \"", "did you mean \"$"))
                    .unwrap_or_else(|| {
                        "a translation can only use the variables of its source".into()
                    });
                if !source_variables.is_empty() {
                    let list: Vec<String> =
                        source_variables.iter().map(|v| format!("${v}")).collect();
                    hint.push_str(&format!(
                        " (the {default} message uses {})",
                        list.join(", ")
                    ));
                }
                diags.push(
                    mismatch(hidden(locale, key, id), format!("message \"{id}\" in {locale} uses the variable ${variable}, which its {default} source does not have"))
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
                    mismatch(hidden(locale, key, id), format!("message \"{id}\" in {locale} has the attribute .{extra}, which its {default} source does not have"))
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
                    mismatch(hidden(locale, key, id), format!("message \"{id}\" in {locale} and its {default} source differ in having a value"))
                        .at_opt(at.clone())
                        .hint("a translation has a text exactly when its source has one"),
                );
            }
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
    fn references_are_found_in_selects_and_arguments() {
        let variables = message_variables(&message(
            "m = { $n ->\n    [one] { -brand } { other }\n   *[other] { NUMBER($count) }\n}\n",
        ));
        assert_eq!(variables, BTreeSet::from(["n", "count"]));
    }
}
