//! Version discipline: the version in a leaflet's footer must mean something. `versions.lock.yaml`
//! (at the project root, written by `leaflet build`, committed like the translation locks)
//! records for every leaflet version a fingerprint of its default-language content: the ids and
//! texts of every message it shows (its own and its shared blocks') and the order of its
//! blocks. When the content changes but `version:` does not, `check` and `build` warn; a new
//! version is recorded by the next successful build.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Diagnostics};
use crate::document::CareLevel;
use crate::paths;
use crate::resolve::{Arg, MessageRef, ResolvedBlock, ResolvedLeaflet};
use crate::translations::Translations;

/// `versions.lock.yaml`: leaflet id → version → content fingerprint.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionLock {
    #[serde(default)]
    pub leaflets: BTreeMap<String, BTreeMap<u32, String>>,
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
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
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

/// Warns for every leaflet whose content changed since its version was recorded, and refuses a
/// version below one published before; returns the
/// lock with the current versions recorded (what a successful build writes).
pub fn check_versions(
    lock: &VersionLock,
    leaflets: &[ResolvedLeaflet],
    translations: &Translations,
    diags: &mut Diagnostics,
) -> VersionLock {
    let mut updated = lock.clone();
    for leaflet in leaflets {
        let current = content_fingerprint(leaflet, translations);
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
        match recorded {
            Some(recorded) if *recorded != current => diags.push(
                Diagnostic::warning(format!(
                    "leaflet \"{}\" changed since version {} was published, but its version is still {}",
                    leaflet.id, leaflet.version, leaflet.version
                ))
                .at(leaflet.version_at.clone())
                .hint(format!(
                    "raise `version:` to {} so readers and the print shop can tell the versions apart; the next build records it in {}",
                    leaflet.version + 1,
                    paths::VERSIONS_LOCK_FILE
                )),
            ),
            Some(_) => {}
            None => {
                updated
                    .leaflets
                    .entry(leaflet.id.clone())
                    .or_default()
                    .insert(leaflet.version, current);
            }
        }
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
        "# Written by `leaflet build`: a fingerprint of each leaflet version's Dutch (default-language)\n# content, so a change without a new version is noticed. Commit it with the sources; do not edit.\n{yaml}"
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
