//! Resolve: turn loaded sources into locale-free leaflet trees.
//!
//! Receives a [`Project`]. Checks the site settings, that ids are slugs and message ids are
//! Fluent identifiers, expands every `use:` of a shared block (nested uses allowed; an unknown
//! name or a cycle is an error with a "did you mean" hint), merges `with:` arguments, and looks up
//! each leaflet's contact. Hands on [`ResolvedLeaflet`]s: blocks of message *references* with the
//! source position of each, plus the contact data that fills `$phone`, `$opens` …. It never reads
//! a Fluent file: which language says what is the next stage's business.

mod contacts;
mod expand;
mod hours;
mod images;
mod plain_language;
mod review;
mod series;
mod site;
mod svg;
mod tables;
mod validate;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::document::CareLevel;
use crate::load::Project;
use crate::paths;

pub use hours::DAY_KEYS;
pub use images::{inside_project, is_image_file, used_images};
pub use series::SeriesPlace;
pub use site::{contrast_ratio, parse_hex_color};
pub use validate::{is_slug, slugify};

/// Which Fluent file a message belongs in, for hints ("add it to locales/nl/…").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Owner {
    Site,
    Leaflet(String),
    Shared(String),
}

impl Owner {
    /// The key of the owner's Fluent file inside `locales/<lang>/`.
    pub fn ftl_key(&self) -> String {
        match self {
            Owner::Site => paths::SITE_FTL_KEY.into(),
            Owner::Leaflet(id) => id.clone(),
            Owner::Shared(name) => paths::shared_ftl_key(name),
        }
    }

    pub fn ftl_path(&self, locale: &str) -> PathBuf {
        paths::ftl_path(locale, &self.ftl_key())
    }
}

/// A use of a Fluent message at a place in the sources, with the arguments its block passes.
#[derive(Debug, Clone)]
pub struct MessageRef {
    pub id: String,
    pub at: Location,
    pub owner: Owner,
    /// `with:` arguments in scope: argument name → message whose text is passed in, or a
    /// contact whose data the message names.
    pub args: Arc<BTreeMap<String, Arg>>,
}

/// A `with:` argument: another message's text (`{ $wound }`), or a contact whose data the
/// message names (`{ $general }` its name, `{ $general_phone }`, `{ $general_hours }` …), so a
/// second phone number is still written only in `site.yaml`.
#[derive(Debug, Clone)]
pub enum Arg {
    Message(MessageRef),
    Contact(Arc<ContactInfo>),
}

/// A leaflet block after shared blocks are expanded; texts are still message references.
#[derive(Debug, Clone)]
pub enum ResolvedBlock {
    Heading {
        level: u8,
        message: MessageRef,
    },
    Paragraph(MessageRef),
    List(Vec<MessageRef>),
    Steps(Vec<MessageRef>),
    Callout {
        level: CareLevel,
        /// Where the callout is written: its level's heading is looked up for it.
        at: Location,
        heading: Option<MessageRef>,
        text: Option<MessageRef>,
        items: Vec<MessageRef>,
    },
    ContactCard(Arc<ContactInfo>),
    Image(ResolvedImage),
    Table(ResolvedTable),
}

/// A table whose every cell is a message; each row has as many cells as the header.
#[derive(Debug, Clone)]
pub struct ResolvedTable {
    pub caption: MessageRef,
    pub header: Vec<MessageRef>,
    pub rows: Vec<Vec<MessageRef>>,
}

/// A contact from `site.yaml`, with its organisation's data.
#[derive(Debug, Clone)]
pub struct ContactInfo {
    /// `org/contact`, as leaflets and `site.yaml` refer to it.
    pub key: String,
    pub organization: String,
    pub name: MessageRef,
    pub phone: String,
    pub hours: Option<WeeklyHours>,
    pub after_hours: Option<String>,
    /// The contact whose number `after_hours` is, when site.yaml names one (`org/contact`).
    pub after_hours_contact: Option<String>,
    pub email: Option<String>,
    pub address: Option<PostalAddress>,
    pub portal: Option<(String, String)>,
    pub logo: Option<ResolvedImage>,
}

/// Opening hours, Monday first; a closed day is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WeeklyHours {
    pub days: [Option<OpeningTimes>; 7],
}

/// When a contact opens and closes on a day, as `HH:MM` on a 24-hour clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpeningTimes {
    pub opens: String,
    pub closes: String,
}

impl WeeklyHours {
    /// The opening and closing time of every open day, when they are the same on all of them:
    /// what `$opens` and `$closes` mean.
    pub fn single_times(&self) -> Option<&OpeningTimes> {
        let mut open = self.days.iter().flatten();
        let first = open.next()?;
        open.all(|times| times == first).then_some(first)
    }

    /// Runs of consecutive days with the same hours, as (first day, last day, times), Monday
    /// = 0; closed runs included.
    pub fn runs(&self) -> Vec<(usize, usize, Option<&OpeningTimes>)> {
        let mut runs: Vec<(usize, usize, Option<&OpeningTimes>)> = Vec::new();
        for (day, times) in self.days.iter().enumerate() {
            match runs.last_mut() {
                Some((_, last, previous)) if *previous == times.as_ref() => *last = day,
                _ => runs.push((day, day, times.as_ref())),
            }
        }
        runs
    }
}

/// A postal address, as written in `site.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostalAddress {
    pub street: String,
    pub postcode: String,
    pub city: String,
}

#[derive(Debug, Clone)]
pub struct ResolvedLeaflet {
    pub id: String,
    pub path: PathBuf,
    pub code: String,
    pub version: u32,
    /// Where `version:` is written, for the version-discipline warning.
    pub version_at: Location,
    pub reviewed: Date,
    pub review_by: Date,
    pub department: MessageRef,
    pub contact: Arc<ContactInfo>,
    pub blocks: Vec<ResolvedBlock>,
    /// Shared blocks this leaflet uses, directly or nested: their Fluent files join its bundle.
    pub shared_used: BTreeSet<String>,
    /// Contacts its texts name through `with:` (`org/contact`), besides its own.
    pub contacts_named: BTreeSet<String>,
    /// Who answers for the content (a role or team).
    pub owner: String,
    /// Where its facts come from: (title as cited, address).
    pub sources: Vec<(String, Option<String>)>,
    /// Past its review date and published with the "being reviewed" notice.
    pub under_review: bool,
    /// Headings numbered by the renderers (`numbering: true`).
    pub numbering: bool,
    /// The PDF ends with a lined box for the reader's questions (`questions_box: true`).
    pub questions_box: bool,
}

/// The checked site settings.
#[derive(Debug, Clone)]
pub struct ResolvedSite {
    pub default_locale: String,
    /// All locales, the default first, in the order `site.yaml` lists the rest.
    pub locales: Vec<String>,
    pub base_url: Option<String>,
    /// `#rrggbb`, checked for contrast against white.
    pub primary_color: Option<String>,
    pub logo: Option<ResolvedImage>,
    pub footer_contacts: Vec<Arc<ContactInfo>>,
    /// PDF profiles; the first is the one the website links to.
    pub print_profiles: Vec<PrintProfile>,
    /// Bounds on the PDF work.
    pub limits: Limits,
    pub review: ReviewPolicy,
    /// Where readers send remarks: an e-mail address and/or a web form.
    pub feedback: Option<FeedbackRoute>,
    /// Numbers messages may contain although they look like phone numbers.
    pub allowed_numbers: Vec<String>,
    /// ISO 3166 code of the country whose phone numbers are looked for in messages.
    pub phone_country: String,
    /// Show stale translations instead of the default-locale text.
    pub show_stale: bool,
    /// Message ids that site.yaml itself uses (contact names, logo texts).
    pub site_message_ids: BTreeSet<String>,
    /// Above these plain-language figures a leaflet gets a warning.
    pub readability: ReadabilityLimits,
    /// Words to avoid, per locale: word or phrase → the plain words to write instead.
    pub avoid: BTreeMap<String, BTreeMap<String, String>>,
    /// The number to call in an emergency (`emergency_number`), as written in site.yaml.
    pub emergency_number: Option<String>,
    /// Every leaflet id of the project, also of leaflets that failed to load or resolve: what
    /// a `leaflet:<id>` link in a message may name.
    pub leaflet_ids: BTreeSet<String>,
    /// The place of each leaflet that is part of a series, by leaflet id.
    pub series: BTreeMap<String, SeriesPlace>,
    /// How each locale writes times and dates (ICU4X): locale → the language in a region,
    /// e.g. `en` → `en-NL` (24-hour clock, "1 March 2026").
    pub formats: BTreeMap<String, String>,
}

impl ResolvedSite {
    /// The locale whose customs times and dates of `locale` follow.
    pub fn format_locale<'a>(&'a self, locale: &'a str) -> &'a str {
        self.formats.get(locale).map_or(locale, String::as_str)
    }
}

/// Limits of the plain-language figures (`checks: readability:` in site.yaml). Each index is
/// checked only in the languages it was made for: Flesch–Douma in Dutch, Flesch reading ease in
/// English, LIX in the others.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ReadabilityLimits {
    pub max_average_sentence_words: f64,
    /// Share (0 to 1) of sentences over 20 words.
    pub max_long_sentence_share: f64,
    pub min_douma: f64,
    pub min_flesch: f64,
    pub max_lix: f64,
}

/// Bounds that keep a build finite, whatever the sources say (README: "Limits").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Seconds one typst run may take before it is stopped.
    pub typst_timeout_s: u64,
    /// Most pages one PDF may have.
    pub max_pages: u32,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        typst_timeout_s: 120,
        max_pages: 40,
    };
    /// The longest document code (printed in the footer of every page).
    pub const MAX_CODE_CHARS: usize = 40;
}

/// What the review dates mean for a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewPolicy {
    pub warn_days: u32,
    pub expired: crate::load::ExpiredPolicy,
}

/// The feedback route shown on every page and PDF.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FeedbackRoute {
    pub email: Option<String>,
    pub url: Option<String>,
}

/// Page set-up of one kind of PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintProfile {
    pub name: String,
    /// Typst paper name: `a4`, `a5`, `a3`, `us-letter`.
    pub paper: String,
    pub margin_mm: f64,
    pub bleed_mm: f64,
}

impl PrintProfile {
    pub fn office() -> PrintProfile {
        PrintProfile {
            name: "office".into(),
            paper: "a4".into(),
            margin_mm: 20.0,
            bleed_mm: 0.0,
        }
    }
}

/// A picture: its file under `images/`, the message that describes it, and (for a picture in a
/// leaflet's body) the caption shown under it, a different message.
#[derive(Debug, Clone)]
pub struct ResolvedImage {
    pub file: String,
    pub alt: MessageRef,
    pub caption: Option<MessageRef>,
}

#[derive(Debug)]
pub struct Resolved {
    pub site: ResolvedSite,
    pub leaflets: Vec<ResolvedLeaflet>,
}

/// A folder in `locales/` that is no language of the site is never read: `locales/EN` for
/// `en` (the English site would show the Dutch texts) is an error, another language's folder
/// a warning, so neither is ignored without a word.
fn check_locale_folders(project: &Project, locales: &[String], diags: &mut Diagnostics) {
    for (folder, files) in &project.ftl {
        if locales.contains(folder) {
            continue;
        }
        let Some((_, first)) = files.iter().next() else {
            continue;
        };
        let at = Location::file_start(&first.path);
        let shown = format!("{}/{folder}", crate::paths::LOCALES_DIR);
        match locales.iter().find(|l| l.eq_ignore_ascii_case(folder)) {
            Some(locale) => diags.push(
                Diagnostic::error(format!(
                    "{shown} is not read: the site's language is written {locale}"
                ))
                .at(at)
                .hint(format!(
                    "rename the folder to {}/{locale}",
                    crate::paths::LOCALES_DIR
                )),
            ),
            None => diags.push(
                Diagnostic::warning(format!(
                    "{shown} is not read: {folder} is not one of the site's languages ({})",
                    locales.join(", ")
                ))
                .at(at)
                .hint(format!(
                    "to publish in it, run `leaflet locale add {folder}`; otherwise remove the folder"
                )),
            ),
        }
    }
}

/// Resolves the whole project. Leaflets with errors are left out of the result (and reported);
/// the rest are returned so one broken leaflet does not hide the problems of another.
/// `today` decides which leaflets are due for review or past it.
pub fn resolve_project(
    project: &Project,
    today: Date,
    diags: &mut Diagnostics,
) -> Option<Resolved> {
    let (contacts, contacts_ok) = contacts::collect_contacts(project, diags);
    // The other settings are checked even when a contact is broken, so one run lists them all.
    let site = site::resolve_site(project, &contacts, diags)?;
    if !contacts_ok {
        return None;
    }
    for shared in project.shared.values() {
        validate::check_slug(&shared.name, &shared.path, "shared block name", diags);
    }
    check_locale_folders(project, &site.locales, diags);

    let mut seen_ids: BTreeMap<&str, &Path> = BTreeMap::new();
    // A document code names one leaflet on paper, in the footer of every page and PDF: two
    // leaflets with one code (an imported or new leaflet's made-up code left as it was, or a
    // copy) would make a printed leaflet impossible to trace.
    let mut seen_codes: BTreeMap<String, &str> = BTreeMap::new();
    // First, in order, what concerns several leaflets (codes and ids given twice); then each
    // leaflet on its own (rayon), its problems in a list of its own, all taken in the
    // leaflets' order.
    let mut checked: Vec<(&crate::load::Leaflet, Diagnostics, bool)> = Vec::new();
    for leaflet in &project.leaflets {
        let mut first_diags = Diagnostics::new();
        let diags = &mut first_diags;
        let code = leaflet.source.code.value.trim().to_uppercase();
        if !code.is_empty() {
            if let Some(first) = seen_codes.get(&code) {
                diags.push(
                    Diagnostic::error(format!(
                        "leaflet \"{}\" has the document code {}, which leaflet \"{first}\" has too",
                        leaflet.id, leaflet.source.code.value
                    ))
                    .at(crate::load::span_location(&leaflet.path, &leaflet.source.code))
                    .hint("every leaflet needs a code of its own (it is printed on every page): write the code your document control gave this leaflet"),
                );
            } else {
                seen_codes.insert(code, &leaflet.id);
            }
        }
        if let Some(first) = seen_ids.insert(&leaflet.id, &leaflet.path) {
            diags.push(
                Diagnostic::error(format!(
                    "two leaflets have the id \"{}\": {} and {}",
                    leaflet.id,
                    first.display(),
                    leaflet.path.display()
                ))
                .at(Location::file_start(&leaflet.path))
                .hint("a leaflet's id is its file name; rename one of them"),
            );
            checked.push((leaflet, first_diags, false));
            continue;
        }
        checked.push((leaflet, first_diags, true));
    }
    let each: Vec<(Diagnostics, Option<ResolvedLeaflet>)> = checked
        .into_par_iter()
        .map(|(leaflet, mut local, go_on)| {
            let resolved = if go_on {
                resolve_one(project, leaflet, &contacts, &site, today, &mut local)
            } else {
                None
            };
            (local, resolved)
        })
        .collect();
    let mut leaflets = Vec::new();
    for (local, resolved) in each {
        diags.extend(local);
        leaflets.extend(resolved);
    }
    Some(Resolved { site, leaflets })
}

/// One leaflet resolved, and its review date checked; `None` when it has errors.
fn resolve_one(
    project: &Project,
    leaflet: &crate::load::Leaflet,
    contacts: &BTreeMap<String, Arc<ContactInfo>>,
    site: &ResolvedSite,
    today: Date,
    diags: &mut Diagnostics,
) -> Option<ResolvedLeaflet> {
    let mut local = Diagnostics::new();
    let Some(mut resolved) = expand::resolve_leaflet(project, leaflet, contacts, &mut local) else {
        diags.extend(local);
        return None;
    };
    // An expired review date fails the run but leaves the leaflet whole: it stays in the
    // result, so the team report can list exactly the leaflets that need review.
    let mut review = Diagnostics::new();
    resolved.under_review = review::check_review(
        leaflet,
        resolved.reviewed,
        resolved.review_by,
        today,
        &site.review,
        &mut review,
    );
    let ok = !local.has_errors();
    diags.extend(local);
    diags.extend(review);
    ok.then_some(resolved)
}

/// Every contact of `site.yaml` by `org/contact`, checked (problems go to `diags`): what
/// `leaflet import` compares the phone numbers and opening hours of an imported text with.
pub fn site_contacts(
    project: &Project,
    diags: &mut Diagnostics,
) -> BTreeMap<String, Arc<ContactInfo>> {
    contacts::collect_contacts(project, diags).0
}

impl ResolvedLeaflet {
    /// The Fluent files of this leaflet's bundle, in the order they are added to it: the
    /// site's, the shared blocks' it uses, its own.
    pub fn ftl_keys(&self) -> Vec<String> {
        let mut keys = vec![Owner::Site.ftl_key()];
        keys.extend(
            self.shared_used
                .iter()
                .map(|s| Owner::Shared(s.clone()).ftl_key()),
        );
        keys.push(Owner::Leaflet(self.id.clone()).ftl_key());
        keys
    }

    /// Every message id this leaflet shows, its own and its shared blocks'.
    pub fn message_ids(&self) -> BTreeSet<String> {
        let mut ids = BTreeSet::from(["title".to_string(), "summary".to_string()]);
        self.visit_messages(&mut |message| {
            ids.insert(message.id.clone());
            for arg in message.args.values() {
                if let Arg::Contact(contact) = arg {
                    ids.insert(contact.name.id.clone());
                }
            }
        });
        ids
    }

    /// Calls `visit` with every message reference this leaflet shows (not `title` and
    /// `summary`, which have none): its department, contact, blocks, and the messages passed
    /// into them by `with:`.
    pub fn visit_messages(&self, visit: &mut dyn FnMut(&MessageRef)) {
        fn walk(message: &MessageRef, visit: &mut dyn FnMut(&MessageRef)) {
            visit(message);
            for arg in message.args.values() {
                if let Arg::Message(m) = arg {
                    walk(m, visit);
                }
            }
        }
        walk(&self.department, visit);
        walk(&self.contact.name, visit);
        for block in &self.blocks {
            match block {
                ResolvedBlock::Heading { message, .. } | ResolvedBlock::Paragraph(message) => {
                    walk(message, visit)
                }
                ResolvedBlock::List(items) | ResolvedBlock::Steps(items) => {
                    items.iter().for_each(|m| walk(m, visit))
                }
                ResolvedBlock::Callout {
                    heading,
                    text,
                    items,
                    ..
                } => heading
                    .iter()
                    .chain(text)
                    .chain(items)
                    .for_each(|m| walk(m, visit)),
                ResolvedBlock::ContactCard(contact) => walk(&contact.name, visit),
                ResolvedBlock::Image(image) => image
                    .caption
                    .iter()
                    .chain([&image.alt])
                    .for_each(|m| walk(m, visit)),
                ResolvedBlock::Table(table) => table.messages().for_each(|m| walk(m, visit)),
            }
        }
    }
}

impl ResolvedTable {
    /// Its messages in reading order: the caption, the header, then the rows.
    pub fn messages(&self) -> impl Iterator<Item = &MessageRef> {
        std::iter::once(&self.caption)
            .chain(&self.header)
            .chain(self.rows.iter().flatten())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{SharedSource, load_project};

    const TODAY: Date = jiff::civil::date(2026, 6, 1);

    fn minimal() -> (Project, Diagnostics) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let mut diags = Diagnostics::new();
        let project = load_project(&root, &mut diags).expect("fixture loads");
        (project, diags)
    }

    #[test]
    fn shared_blocks_expand_in_place_with_their_arguments() {
        let (project, mut diags) = minimal();
        let resolved = resolve_project(&project, TODAY, &mut diags).unwrap();
        assert!(!diags.has_errors(), "{}", diags.render(&project.root));
        let leaflet = &resolved.leaflets[0];
        let shape: Vec<String> = leaflet
            .blocks
            .iter()
            .map(|b| match b {
                ResolvedBlock::Heading { level, message } => format!("h{level} {}", message.id),
                ResolvedBlock::Paragraph(m) => format!("p {}", m.id),
                ResolvedBlock::List(items) => format!("ul {}", items.len()),
                ResolvedBlock::Steps(items) => format!("ol {}", items.len()),
                ResolvedBlock::Callout { items, .. } => format!("callout {}", items.len()),
                ResolvedBlock::ContactCard(c) => format!("card {}", c.name.id),
                ResolvedBlock::Image(i) => format!("image {}", i.file),
                ResolvedBlock::Table(t) => format!("table {}", t.rows.len()),
            })
            .collect();
        assert_eq!(
            shape,
            [
                "p intro",
                "h2 steps-title",
                "ol 2",
                "h2 when-to-call-title",
                "callout 1",
                "p phone-hours",
                "h2 contact-title",
                "card contact-demo-poli",
            ]
        );
        // `with: { wound: wound-name }` reaches the nested block, owned by the leaflet.
        let ResolvedBlock::Paragraph(phone) = &leaflet.blocks[5] else {
            panic!()
        };
        assert_eq!(phone.owner, Owner::Shared("phone-hours".into()));
        let Arg::Message(wound) = &phone.args["wound"] else {
            panic!("wound is a message")
        };
        assert_eq!(wound.id, "wound-name");
        assert_eq!(wound.owner, Owner::Leaflet("test-folder".into()));
        assert_eq!(
            leaflet.shared_used.iter().collect::<Vec<_>>(),
            ["contact", "phone-hours", "when-to-call"]
        );
    }

    #[test]
    fn a_cycle_is_reported_once_with_its_path() {
        let (mut project, mut diags) = minimal();
        let phone = project.shared.get_mut("phone-hours").unwrap();
        let cyclic: SharedSource =
            serde_saphyr::from_str("body:\n  - use: when-to-call\n").unwrap();
        phone.source = cyclic;
        resolve_project(&project, TODAY, &mut diags);
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "shared block \"when-to-call\" uses itself: when-to-call → phone-hours → when-to-call"
            ]
        );
    }

    #[test]
    fn slugs() {
        assert!(is_slug("neuromodulatie-chronische-pijn"));
        assert!(is_slug("a1"));
        assert!(!is_slug("Neuro"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("-a"));
        assert!(!is_slug("a b"));
        assert_eq!(slugify("Neuro Pijn (2)"), "neuro-pijn-2");
    }
}
