//! Series: leaflets read in order ("part 1 of 2"), listed under `series:` in `site.yaml`.
//!
//! Receives the loaded project; checks every series against the project's leaflet ids and hands
//! on, per leaflet, its place: part, total, the parts before and after it. The order of the list
//! is the order of the parts, so part numbers are never typed: two leaflets cannot claim the
//! same part and no part can be skipped. What is left to check is that each listed id is a
//! leaflet, that a series has two parts or more, and that a leaflet is one part of one series
//! (its page has one "previous" and one "next").

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::load::{Project, span_location};

/// A leaflet's place in its series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesPlace {
    /// The series' name in `site.yaml` (for the team; patients see part numbers and titles).
    pub name: String,
    /// Counted from 1.
    pub part: usize,
    pub total: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
}

/// Every leaflet id of the project: those read, and those whose file could not be read (their
/// own error is reported), so that naming one is not an "unknown leaflet" as well.
pub(super) fn leaflet_ids(project: &Project) -> BTreeSet<String> {
    project
        .leaflets
        .iter()
        .map(|l| l.id.clone())
        .chain(project.unreadable_leaflets.iter().cloned())
        .collect()
}

/// Checks `series:` of site.yaml; returns the place of every leaflet of a correct series, by
/// leaflet id.
pub(super) fn resolve_series(
    project: &Project,
    ids: &BTreeSet<String>,
    diags: &mut Diagnostics,
) -> BTreeMap<String, SeriesPlace> {
    let file = &project.site_path;
    let mut places = BTreeMap::new();
    // Leaflet id → (series, part) of its first listing, across all series.
    let mut listed: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    for (name, parts) in &project.site.series {
        let mut ok = true;
        if parts.value.len() < 2 {
            diags.push(
                Diagnostic::error(format!(
                    "series \"{name}\" has {} leaflet{}; a series has two parts or more",
                    parts.value.len(),
                    if parts.value.len() == 1 { "" } else { "s" }
                ))
                .at(span_location(file, parts))
                .hint("list the leaflet ids of its parts, the first part first; a leaflet that stands alone needs no series"),
            );
            ok = false;
        }
        for (index, id) in parts.value.iter().enumerate() {
            let part = index + 1;
            if !ids.contains(&id.value) {
                let d = Diagnostic::error(format!(
                    "series \"{name}\" lists \"{}\", which is not a leaflet",
                    id.value
                ))
                .at(span_location(file, id));
                diags.push(match did_you_mean(&id.value, ids.iter().map(String::as_str)) {
                    Some(guess) => d.hint(guess),
                    None => d.hint(format!(
                        "a series lists leaflet ids: the file names in leaflets/ without .yaml ({})",
                        ids.iter().map(String::as_str).collect::<Vec<_>>().join(", ")
                    )),
                });
                ok = false;
                continue;
            }
            match listed.get(id.value.as_str()) {
                Some(&(first, first_part)) if first == name.as_str() => {
                    diags.push(
                        Diagnostic::error(format!(
                            "leaflet \"{}\" is listed twice in series \"{name}\" (parts {first_part} and {part})",
                            id.value
                        ))
                        .at(span_location(file, id))
                        .hint("a leaflet is one part of a series; the order of the list gives the part numbers, so remove one of the two"),
                    );
                    ok = false;
                }
                Some(&(first, first_part)) => {
                    diags.push(
                        Diagnostic::error(format!(
                            "leaflet \"{}\" is in two series: \"{first}\" (part {first_part}) and \"{name}\" (part {part})",
                            id.value
                        ))
                        .at(span_location(file, id))
                        .hint("a leaflet is part of one series only (its page shows one previous and one next part); remove it from one of them"),
                    );
                    ok = false;
                }
                None => {
                    listed.insert(&id.value, (name, part));
                }
            }
        }
        if !ok {
            continue;
        }
        let list = &parts.value;
        for (index, id) in list.iter().enumerate() {
            places.insert(
                id.value.clone(),
                SeriesPlace {
                    name: name.clone(),
                    part: index + 1,
                    total: list.len(),
                    previous: index.checked_sub(1).map(|i| list[i].value.clone()),
                    next: list.get(index + 1).map(|next| next.value.clone()),
                },
            );
        }
    }
    places
}
