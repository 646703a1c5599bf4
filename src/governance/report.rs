//! The team's governance report: per leaflet its owner, version, review dates with the days
//! left, its languages and their translation state, and its readability figures; and for every
//! shared block and every contact, the leaflets that use it — so an editor knows what a change
//! touches. `leaflet report` prints it as a table or JSON; the build renders it as
//! `dist/team/report.html`. The JSON keys and their order are stable (README: "Governance
//! report").

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde::Serialize;

use super::readability::Figures;
use super::{beyond_limits, percent};
use crate::document::Document;
use crate::resolve::{ReadabilityLimits, ResolvedBlock, ResolvedLeaflet, ResolvedSite};
use crate::translations::status::columns;
use crate::translations::status::{State, StatusReport};

#[derive(Debug, Serialize)]
pub struct GovernanceReport {
    /// The day the review dates were compared with (`--today`, `LEAFLET_TODAY` or the clock).
    pub today: String,
    pub default_locale: String,
    pub locales: Vec<String>,
    /// Days before `review_by` from which a leaflet is due (`review.warn_days`).
    pub review_warn_days: u32,
    /// The site's limits of the readability figures (`checks.readability`).
    pub readability_limits: ReadabilityLimits,
    pub leaflets: Vec<LeafletEntry>,
    pub shared_blocks: Vec<WhereUsed>,
    pub contacts: Vec<WhereUsed>,
    /// Translations whose numbers differ from the source's on purpose (confirmed with
    /// `--numbers-differ` and a reason), so the exceptions to the number check stay in sight.
    pub numbers_differ: Vec<NumbersDiffer>,
}

/// One translation confirmed with `--numbers-differ`.
#[derive(Debug, Clone, Serialize)]
pub struct NumbersDiffer {
    pub locale: String,
    /// The Fluent file key: `<leaflet-id>`, `shared/<name>` or `site`.
    pub file: String,
    pub message: String,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct LeafletEntry {
    pub id: String,
    /// The title in the default language, when it was localized.
    pub title: Option<String>,
    pub code: String,
    pub owner: String,
    pub version: u32,
    pub reviewed: String,
    pub review_by: String,
    /// Days from today to `review_by`; negative once it has passed.
    pub days_left: i32,
    pub review: ReviewState,
    /// Every language of the site, the default first.
    pub languages: Vec<LanguageEntry>,
    /// Per language with running text of its own, in the order of `languages`.
    pub readability: Vec<Figures>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewState {
    /// `review_by` is further away than the warning window.
    Ok,
    /// Within the warning window.
    Due,
    /// Past `review_by` (published with a notice, if the site allows it).
    Expired,
}

#[derive(Debug, Serialize)]
pub struct LanguageEntry {
    pub locale: String,
    /// `source` for the default language, else the translation status's state.
    pub state: LanguageState,
    pub missing: usize,
    pub stale: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LanguageState {
    Source,
    Complete,
    Incomplete,
    NotStarted,
    /// Translated, not confirmed yet: not on the site in this language.
    WaitingForConfirmation,
}

/// A shared block (`name`) or a contact (`org/key`), and the leaflets that use it.
#[derive(Debug, Serialize)]
pub struct WhereUsed {
    pub name: String,
    /// Directly or through other shared blocks; for contacts as the leaflet's `contact:` or in a
    /// `contact_card` block.
    pub leaflets: Vec<String>,
    /// Contacts only: listed in every page footer (`theme.footer_contacts`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_footer: Option<bool>,
}

/// Everything the report is made from, as plain values.
pub struct ReportInput<'a> {
    pub site: &'a ResolvedSite,
    pub leaflets: &'a [ResolvedLeaflet],
    pub status: &'a StatusReport,
    pub documents: &'a [Document],
    pub figures: &'a [Figures],
    pub today: Date,
    /// Every shared block under `leaflets/shared/`, used or not.
    pub shared_blocks: &'a [String],
    /// Every contact of `site.yaml` as `org/key`, used or not.
    pub contacts: &'a [String],
    pub numbers_differ: Vec<NumbersDiffer>,
}

pub fn governance_report(input: &ReportInput<'_>) -> GovernanceReport {
    let site = input.site;
    let mut leaflets = Vec::new();
    for leaflet in input.leaflets {
        let days_left = (leaflet.review_by - input.today).get_days();
        let review = if days_left < 0 {
            ReviewState::Expired
        } else if days_left <= i32::try_from(site.review.warn_days).unwrap_or(i32::MAX) {
            ReviewState::Due
        } else {
            ReviewState::Ok
        };
        let row = input.status.leaflets.iter().find(|r| r.id == leaflet.id);
        let languages = site
            .locales
            .iter()
            .map(|locale| {
                if *locale == site.default_locale {
                    return LanguageEntry {
                        locale: locale.clone(),
                        state: LanguageState::Source,
                        missing: 0,
                        stale: 0,
                    };
                }
                let coverage = row.and_then(|r| r.locales.get(locale));
                LanguageEntry {
                    locale: locale.clone(),
                    state: match coverage.map(|c| c.state) {
                        Some(State::Complete) => LanguageState::Complete,
                        Some(State::Incomplete) => LanguageState::Incomplete,
                        Some(State::NotStarted) | None => LanguageState::NotStarted,
                        Some(State::WaitingForConfirmation) => {
                            LanguageState::WaitingForConfirmation
                        }
                    },
                    missing: coverage.map_or(0, |c| c.missing.len()),
                    stale: coverage.map_or(0, |c| c.stale.len()),
                }
            })
            .collect();
        let readability = site
            .locales
            .iter()
            .filter_map(|locale| {
                input
                    .figures
                    .iter()
                    .find(|f| f.leaflet == leaflet.id && f.locale == *locale)
                    .cloned()
            })
            .collect();
        let title = input
            .documents
            .iter()
            .find(|d| d.id == leaflet.id && d.locale == site.default_locale)
            .map(|d| d.title.plain().into_owned());
        leaflets.push(LeafletEntry {
            id: leaflet.id.clone(),
            title,
            code: leaflet.code.clone(),
            owner: leaflet.owner.clone(),
            version: leaflet.version,
            reviewed: leaflet.reviewed.to_string(),
            review_by: leaflet.review_by.to_string(),
            days_left,
            review,
            languages,
            readability,
        });
    }
    leaflets.sort_by(|a, b| a.id.cmp(&b.id));

    let mut blocks: BTreeMap<String, BTreeSet<String>> = input
        .shared_blocks
        .iter()
        .map(|name| (name.clone(), BTreeSet::new()))
        .collect();
    let mut contacts: BTreeMap<String, BTreeSet<String>> = input
        .contacts
        .iter()
        .map(|key| (key.clone(), BTreeSet::new()))
        .collect();
    for leaflet in input.leaflets {
        for name in &leaflet.shared_used {
            blocks
                .entry(name.clone())
                .or_default()
                .insert(leaflet.id.clone());
        }
        for key in contacts_used(leaflet) {
            contacts.entry(key).or_default().insert(leaflet.id.clone());
        }
    }
    let footer: BTreeSet<&str> = site
        .footer_contacts
        .iter()
        .map(|c| c.key.as_str())
        .collect();
    GovernanceReport {
        today: input.today.to_string(),
        default_locale: site.default_locale.clone(),
        locales: site.locales.clone(),
        review_warn_days: site.review.warn_days,
        readability_limits: site.readability,
        leaflets,
        shared_blocks: blocks
            .into_iter()
            .map(|(name, leaflets)| WhereUsed {
                name,
                leaflets: leaflets.into_iter().collect(),
                site_footer: None,
            })
            .collect(),
        contacts: contacts
            .into_iter()
            .map(|(name, leaflets)| WhereUsed {
                site_footer: Some(footer.contains(name.as_str())),
                name,
                leaflets: leaflets.into_iter().collect(),
            })
            .collect(),
        numbers_differ: input.numbers_differ.clone(),
    }
}

/// The contacts a leaflet shows: its own `contact:`, those of its contact cards (shared
/// blocks are already expanded in its blocks), those its texts name through `with:`, and the
/// contact whose number is the after-hours number of one of these.
fn contacts_used(leaflet: &ResolvedLeaflet) -> BTreeSet<String> {
    let mut keys = BTreeSet::from([leaflet.contact.key.clone()]);
    keys.extend(leaflet.contacts_named.iter().cloned());
    keys.extend(leaflet.contact.after_hours_contact.iter().cloned());
    for block in &leaflet.blocks {
        if let ResolvedBlock::ContactCard(contact) = block {
            keys.insert(contact.key.clone());
            keys.extend(contact.after_hours_contact.iter().cloned());
        }
    }
    keys
}

impl LanguageEntry {
    /// "source", "complete", "3 missing, 1 stale", "not started".
    pub fn summary(&self) -> String {
        match self.state {
            LanguageState::Source => "source".into(),
            LanguageState::Complete => "complete".into(),
            LanguageState::NotStarted => "not started".into(),
            LanguageState::WaitingForConfirmation => {
                crate::translations::status::waiting_for_confirmation(self.missing)
            }
            LanguageState::Incomplete => {
                let mut parts = Vec::new();
                if self.missing > 0 {
                    parts.push(format!("{} missing", self.missing));
                }
                if self.stale > 0 {
                    parts.push(format!("{} stale", self.stale));
                }
                parts.join(", ")
            }
        }
    }
}

/// The tables for people: leaflets, readability, and where blocks and contacts are used.
pub fn render_table(report: &GovernanceReport) -> String {
    let mut out = String::new();
    let mut rows = vec![
        [
            "leaflet",
            "owner",
            "version",
            "reviewed",
            "review by",
            "days left",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain(report.locales.iter().cloned())
        .collect::<Vec<String>>(),
    ];
    for l in &report.leaflets {
        let days = match l.review {
            ReviewState::Ok => l.days_left.to_string(),
            ReviewState::Due => format!("{} (due)", l.days_left),
            ReviewState::Expired => format!("{} (expired)", l.days_left),
        };
        rows.push(
            [
                l.id.clone(),
                l.owner.clone(),
                l.version.to_string(),
                l.reviewed.clone(),
                l.review_by.clone(),
                days,
            ]
            .into_iter()
            .chain(l.languages.iter().map(LanguageEntry::summary))
            .collect(),
        );
    }
    out.push_str(&format!("review dates as of {}\n", report.today));
    out.push_str(&columns(&rows));

    let mut rows = vec![
        [
            "readability",
            "sentences",
            "words",
            "avg words",
            "longest",
            "over 20 words",
            "long words",
            "index",
            "limits",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<String>>(),
    ];
    for l in &report.leaflets {
        for f in &l.readability {
            rows.push(vec![
                format!("{} ({})", l.id, f.locale),
                f.sentences.to_string(),
                f.words.to_string(),
                f.average_sentence_words.to_string(),
                f.longest_sentence_words.to_string(),
                percent(f.long_sentence_share),
                percent(f.long_word_share),
                format!("{} {}", f.index.name(), f.score),
                if beyond_limits(f, &report.readability_limits).is_empty() {
                    "within".to_string()
                } else {
                    "beyond (see leaflet check)".to_string()
                },
            ]);
        }
    }
    out.push('\n');
    out.push_str(&columns(&rows));

    for (title, list) in [
        ("shared block", &report.shared_blocks),
        ("contact", &report.contacts),
    ] {
        let mut rows = vec![vec![title.to_string(), "used by".to_string()]];
        for used in list {
            let mut by = if used.leaflets.is_empty() {
                "(no leaflet)".to_string()
            } else {
                used.leaflets.join(", ")
            };
            if used.site_footer == Some(true) {
                by.push_str(" + every page footer");
            }
            rows.push(vec![used.name.clone(), by]);
        }
        out.push('\n');
        out.push_str(&columns(&rows));
    }
    if !report.numbers_differ.is_empty() {
        let mut rows = vec![
            ["numbers differ on purpose", "message", "reason"]
                .map(String::from)
                .to_vec(),
        ];
        for n in &report.numbers_differ {
            rows.push(vec![
                n.locale.clone(),
                format!("{}:{}", n.file, n.message),
                n.reason.clone(),
            ]);
        }
        out.push('\n');
        out.push_str(&columns(&rows));
    }
    out
}
