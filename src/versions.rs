//! Version discipline: the version in a leaflet's footer must mean something. `versions.lock.yaml`
//! (at the project root, written by `leaflet build`, committed like the translation locks)
//! records for every leaflet version a fingerprint of what it shows, in two parts joined by `+`:
//! its default-language texts (the ids and texts of every message it shows, its own and its
//! shared blocks') with the order of its blocks; and the data it shows from elsewhere (its
//! contacts' numbers, hours, e-mail, address and portal from `site.yaml`, the emergency number,
//! the feedback route, its place in a series, its sources, the bytes of its pictures). When
//! either changes but `version:` does not, `check` and `build` refuse it: a printed leaflet
//! that changes under the same version is what a hospital's document control forbids. A new
//! version is recorded by the next successful build into `dist/`.
//!
//! A fingerprint recorded before the second part existed (no `+`) is compared by its texts
//! only, and completed by the next build: what a leaflet showed from `site.yaml` then is not
//! known, so it cannot be held against it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Diagnostics};
use crate::document::CareLevel;
use crate::ftl::Resources;
use crate::l10n::CONTACT_FIELDS;
use crate::paths;
use crate::resolve::{
    Arg, ContactInfo, MessageRef, ResolvedBlock, ResolvedLeaflet, ResolvedSite, WeeklyHours,
};
use crate::translations::Translations;

/// `versions.lock.yaml`: leaflet id → version → content fingerprint.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionLock {
    #[serde(default)]
    pub leaflets: BTreeMap<String, BTreeMap<u32, String>>,
}

/// What the shown-data part of a fingerprint is read from, besides the leaflet itself.
pub struct ShownData<'a> {
    pub root: &'a Path,
    pub site: &'a ResolvedSite,
    pub resources: &'a Resources,
}

fn digest(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Everything a leaflet shows that is not one of its texts or blocks, one fact a line, sorted:
/// the contact data its texts use (`{ $phone }`, `{ $general_hours }` …) or its contact cards
/// show in full, its organisation's name and logo (the PDF's cover), the emergency number of an
/// emergency callout, the feedback route, its place in a series, its sources, and the bytes of
/// its pictures (the same file name can hold a new drawing).
pub fn shown_data(leaflet: &ResolvedLeaflet, shown: &ShownData<'_>) -> String {
    let mut facts = std::collections::BTreeSet::new();
    let locale = shown.site.default_locale.as_str();
    let keys = leaflet.ftl_keys();
    let used = shown.resources.variables_by_message(locale, &keys);
    let uses = |id: &str, var: &str| used.get(id).is_some_and(|vars| vars.contains(var));
    let picture = |facts: &mut std::collections::BTreeSet<String>, file: &str| {
        // A missing picture is reported by the picture checks; here it is only "no bytes".
        let bytes =
            std::fs::read(shown.root.join(paths::IMAGES_DIR).join(file)).unwrap_or_default();
        facts.insert(format!("picture {file} {}", digest_bytes(&bytes)));
    };
    // The leaflet's own contact: its organisation always (the PDF's cover), the rest where a
    // text uses it.
    let own = &leaflet.contact;
    facts.insert(format!("organization {}", own.organization));
    if let Some(logo) = &own.logo {
        picture(&mut facts, &logo.file);
    }
    for id in leaflet.message_ids() {
        for field in CONTACT_FIELDS {
            if uses(&id, field) {
                facts.insert(contact_fact(own, field));
            }
        }
    }
    // Contacts passed by `with:`, seen by the messages in their scope as `$<name>_<field>`.
    let mut named = Vec::new();
    leaflet.visit_messages(&mut |message: &MessageRef| {
        for (name, arg) in message.args.iter() {
            if let Arg::Contact(contact) = arg {
                named.push((message.id.clone(), name.clone(), contact.clone()));
            }
        }
    });
    for (id, name, contact) in named {
        for field in CONTACT_FIELDS {
            if uses(&id, &format!("{name}_{field}")) {
                facts.insert(contact_fact(&contact, field));
            }
        }
    }
    for block in &leaflet.blocks {
        match block {
            // A card shows every piece of its contact.
            ResolvedBlock::ContactCard(contact) => {
                for field in CONTACT_FIELDS {
                    facts.insert(contact_fact(contact, field));
                }
            }
            ResolvedBlock::Callout {
                level: CareLevel::Emergency,
                ..
            } => {
                facts.insert(format!(
                    "emergency number {}",
                    shown.site.emergency_number.as_deref().unwrap_or_default()
                ));
            }
            ResolvedBlock::Image(image) => picture(&mut facts, &image.file),
            _ => {}
        }
    }
    if let Some(feedback) = &shown.site.feedback {
        facts.insert(format!(
            "feedback {} {}",
            feedback.email.as_deref().unwrap_or_default(),
            feedback.url.as_deref().unwrap_or_default()
        ));
    }
    if let Some(place) = shown.site.series.get(&leaflet.id) {
        facts.insert(format!(
            "series {} part {} of {}, after {} before {}",
            place.name,
            place.part,
            place.total,
            place.previous.as_deref().unwrap_or_default(),
            place.next.as_deref().unwrap_or_default()
        ));
    }
    for (n, (title, url)) in leaflet.sources.iter().enumerate() {
        facts.insert(format!(
            "source {n} {title} {}",
            url.as_deref().unwrap_or_default()
        ));
    }
    facts.into_iter().map(|fact| fact + "\n").collect()
}

fn digest_bytes(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// One piece of a contact's data as a line: `contact umcg/pijncentrum phone 050 361 48 86`.
/// The variables that say whether a piece is there (`$has_email`) and the ones that show part
/// of it (`$opens`) stand for the whole piece.
fn contact_fact(contact: &ContactInfo, field: &str) -> String {
    let field = match field {
        "has_after_hours" => "after_hours",
        "has_email" => "email",
        "has_hours" | "opens" | "closes" => "hours",
        "has_address" => "address",
        "portal_url" => "portal",
        other => other,
    };
    let value = match field {
        "phone" => contact.phone.clone(),
        "after_hours" => contact.after_hours.clone().unwrap_or_default(),
        "email" => contact.email.clone().unwrap_or_default(),
        "hours" => contact
            .hours
            .as_ref()
            .map(describe_hours)
            .unwrap_or_default(),
        "address" => contact
            .address
            .as_ref()
            .map(|a| format!("{}, {} {}", a.street, a.postcode, a.city))
            .unwrap_or_default(),
        "organization" => contact.organization.clone(),
        "portal" => contact
            .portal
            .as_ref()
            .map(|(name, url)| format!("{name} {url}"))
            .unwrap_or_default(),
        _ => String::new(),
    };
    format!("contact {} {field} {value}", contact.key)
}

/// Monday to Sunday, each day's times or "closed".
fn describe_hours(hours: &WeeklyHours) -> String {
    hours
        .days
        .iter()
        .map(|day| match day {
            Some(t) => format!("{}-{}", t.opens, t.closes),
            None => "closed".into(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The fingerprint of a leaflet's default-language content.
pub fn content_fingerprint(leaflet: &ResolvedLeaflet, translations: &Translations) -> String {
    let mut text = String::new();
    let keys = leaflet.ftl_keys();
    for id in leaflet.message_ids() {
        let source = keys.iter().find_map(|key| {
            translations
                .sources
                .get(key)
                .and_then(|s| s.get(&id))
                .map(|fp| (key, fp))
        });
        if let Some((key, fingerprint)) = source {
            text.push_str(&format!("{key}:{id}={fingerprint}\n"));
        }
    }
    for block in &leaflet.blocks {
        text.push_str(&describe(block));
        text.push('\n');
    }
    // Numbers are shown content too; recorded only when on, as above.
    if leaflet.numbering {
        text.push_str("numbering\n");
    }
    digest(&text)
}

/// Whether an error was found in one of the files `leaflet` is made of (its YAML, its shared
/// blocks, their texts in the default language), or one of its texts has no source.
fn has_own_mistake(
    leaflet: &ResolvedLeaflet,
    translations: &Translations,
    default: &str,
    broken: &BTreeSet<PathBuf>,
) -> bool {
    let keys = leaflet.ftl_keys();
    let files = keys.iter().flat_map(|key| {
        let yaml = (key != paths::SITE_FTL_KEY).then(|| paths::leaflet_file(key));
        std::iter::once(paths::ftl_path(default, key)).chain(yaml)
    });
    let unknown = |id: &String| {
        !keys.iter().any(|key| {
            translations
                .sources
                .get(key)
                .is_some_and(|s| s.contains_key(id))
        })
    };
    broken.contains(&leaflet.path)
        || files.into_iter().any(|file| broken.contains(&file))
        || leaflet.message_ids().iter().any(unknown)
}

/// A block as its kind and message ids (not positions, which move when lines are added).
fn describe(block: &ResolvedBlock) -> String {
    fn msg(m: &MessageRef) -> String {
        let args: Vec<String> = m
            .args
            .iter()
            .map(|(k, v)| match v {
                Arg::Message(m) => format!("{k}={}", msg(m)),
                Arg::Contact(c) => format!("{k}=@{}", c.key),
            })
            .collect();
        if args.is_empty() {
            m.id.clone()
        } else {
            format!("{}({})", m.id, args.join(","))
        }
    }
    let all = |items: &[MessageRef]| items.iter().map(msg).collect::<Vec<_>>().join(",");
    match block {
        ResolvedBlock::Heading { level, message } => format!("h{level} {}", msg(message)),
        ResolvedBlock::Paragraph(m) => format!("p {}", msg(m)),
        ResolvedBlock::List(items) => format!("ul {}", all(items)),
        ResolvedBlock::Steps(items) => format!("ol {}", all(items)),
        ResolvedBlock::Callout {
            level,
            heading,
            text,
            items,
            ..
        } => {
            let mut callout = format!(
                "callout {} {} {}",
                heading.as_ref().map(msg).unwrap_or_default(),
                text.as_ref().map(msg).unwrap_or_default(),
                all(items)
            );
            // Written only when not the default, so fingerprints recorded before callouts had
            // levels stay the same.
            if *level != CareLevel::Info {
                callout.push_str(&format!(" level={}", level.name()));
            }
            callout
        }
        ResolvedBlock::ContactCard(c) => format!("card {}", c.name.id),
        // Without a caption, as before captions existed: the recorded fingerprints still hold.
        ResolvedBlock::Image(i) => match &i.caption {
            None => format!("image {} {}", i.file, msg(&i.alt)),
            Some(caption) => format!("image {} {} caption {}", i.file, msg(&i.alt), msg(caption)),
        },
        ResolvedBlock::Table(t) => {
            let rows: Vec<String> = t.rows.iter().map(|row| all(row)).collect();
            format!(
                "table {} | {} | {}",
                msg(&t.caption),
                all(&t.header),
                rows.join(" | ")
            )
        }
    }
}

/// Reads `versions.lock.yaml` (empty when there is none).
pub fn read_lock(root: &Path, diags: &mut Diagnostics) -> VersionLock {
    let rel = Path::new(paths::VERSIONS_LOCK_FILE);
    if !root.join(rel).exists() {
        return VersionLock::default();
    }
    crate::load::parse_yaml_file::<VersionLock>(root, rel, diags).unwrap_or_default()
}

/// Refuses every leaflet whose shown content changed since its version was recorded, and a
/// version below one published before; returns the lock with the current versions recorded
/// (what a successful build writes).
pub fn check_versions(
    lock: &VersionLock,
    leaflets: &[ResolvedLeaflet],
    translations: &Translations,
    shown: &ShownData<'_>,
    broken: &BTreeSet<PathBuf>,
    diags: &mut Diagnostics,
) -> VersionLock {
    let mut updated = lock.clone();
    let locale = &shown.site.default_locale;
    for leaflet in leaflets {
        // A leaflet with a mistake of its own (a misspelt message id, a Fluent syntax error, a
        // block that does not resolve) reads as changed; "set the next version" would send the
        // editor to the wrong fix. Its error stops the run anyway, and the check comes back
        // once it is mended.
        if has_own_mistake(leaflet, translations, locale, broken) {
            continue;
        }
        let texts = content_fingerprint(leaflet, translations);
        let data = digest(&shown_data(leaflet, shown));
        let current = format!("{texts}+{data}");
        let versions = lock.leaflets.get(&leaflet.id);
        let recorded = versions.and_then(|versions| versions.get(&leaflet.version));
        let highest = versions.and_then(|versions| versions.keys().max().copied());
        // Versions only go up: a lower number after a higher one (a revert, a typo) would
        // make the print shop and readers take the newer leaflet for the older. An error, so
        // two different printed leaflets never carry the same version.
        if let Some(highest) = highest
            && leaflet.version < highest
        {
            diags.push(
                Diagnostic::error(format!(
                    "leaflet \"{}\" is at version {}, but version {highest} was published before",
                    leaflet.id, leaflet.version
                ))
                .at(leaflet.version_at.clone())
                .hint(format!(
                    "versions only go up, also when older text comes back: set `version:` to {}",
                    highest + 1
                )),
            );
            continue;
        }
        let Some(recorded) = recorded else {
            updated
                .leaflets
                .entry(leaflet.id.clone())
                .or_default()
                .insert(leaflet.version, current);
            continue;
        };
        // Recorded before the shown data was part of the fingerprint: texts only.
        let (recorded_texts, recorded_data) = match recorded.split_once('+') {
            Some((texts, data)) => (texts, Some(data)),
            None => (recorded.as_str(), None),
        };
        let what = match (recorded_texts != texts, recorded_data.is_some_and(|d| d != data)) {
            (false, false) => {
                if recorded_data.is_none() {
                    updated
                        .leaflets
                        .entry(leaflet.id.clone())
                        .or_default()
                        .insert(leaflet.version, current);
                }
                continue;
            }
            (true, false) => format!("its texts in {locale} or its blocks"),
            (false, true) => "what it shows from site.yaml (a contact's phone number, opening hours, e-mail, address or portal, the emergency number, the feedback address, its series), its sources or its pictures".to_string(),
            (true, true) => format!(
                "its texts in {locale} or its blocks, and what it shows from site.yaml, its sources or its pictures"
            ),
        };
        diags.push(
            Diagnostic::error(format!(
                "leaflet \"{}\" changed since version {} was published, but its version is still {}",
                leaflet.id, leaflet.version, leaflet.version
            ))
            .at(leaflet.version_at.clone())
            .hint(format!(
                "what changed: {what}. A published leaflet must not change under the same version: set `version: {}` here; the next build into dist/ records it in {}. Or undo the change to keep version {}",
                leaflet.version + 1,
                paths::VERSIONS_LOCK_FILE,
                leaflet.version
            )),
        );
    }
    updated
}

/// Writes the lock when it changed; `Ok(true)` when it did.
pub fn write_lock(root: &Path, old: &VersionLock, new: &VersionLock) -> Result<bool, String> {
    if old == new {
        return Ok(false);
    }
    let yaml = serde_saphyr::to_string(new).map_err(|e| e.to_string())?;
    let text = format!(
        "# Written by `leaflet build`: a fingerprint of what each leaflet version shows\n# (default-language texts + data from site.yaml, sources, pictures), so a change without a new\n# version is refused. Commit it with the sources; do not edit.\n{yaml}"
    );
    crate::scratch::replace_file(&root.join(paths::VERSIONS_LOCK_FILE), text)
        .map_err(|e| e.to_string())?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use super::*;
    use crate::diag::Location;
    use crate::resolve::Owner;

    fn callout(level: CareLevel) -> ResolvedBlock {
        ResolvedBlock::Callout {
            level,
            at: Location::file_start("leaflets/x.yaml"),
            heading: None,
            text: Some(MessageRef {
                id: "when".into(),
                at: Location::file_start("leaflets/x.yaml"),
                owner: Owner::Leaflet("x".into()),
                args: Arc::new(BTreeMap::new()),
            }),
            items: Vec::new(),
        }
    }

    #[test]
    fn a_callout_of_the_default_level_is_described_as_before_levels_existed() {
        // Fingerprints recorded before callouts had a level must not change.
        assert_eq!(describe(&callout(CareLevel::Info)), "callout  when ");
        assert_eq!(
            describe(&callout(CareLevel::Urgent)),
            "callout  when  level=urgent"
        );
    }
}
