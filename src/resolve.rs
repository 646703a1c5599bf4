//! Resolve: turn loaded sources into locale-free leaflet trees.
//!
//! Receives a [`Project`]. Checks the site settings, that ids are slugs and message ids are
//! Fluent identifiers, expands every `use:` of a shared block (nested uses allowed; an unknown
//! name or a cycle is an error with a "did you mean" hint), merges `with:` arguments, and looks up
//! each leaflet's contact. Hands on [`ResolvedLeaflet`]s: blocks of message *references* with the
//! source position of each, plus the contact data that fills `$phone`, `$opens` …. It never reads
//! a Fluent file: which language says what is the next stage's business.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use serde_saphyr::Spanned;
use unic_langid::LanguageIdentifier;

use crate::diag::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::load::{
    BlockSource, IMAGES_DIR, ImageSource, LOCALES_DIR, Leaflet, Project, SHARED_DIR, Shared,
    span_location,
};

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
            Owner::Site => "site".into(),
            Owner::Leaflet(id) => id.clone(),
            Owner::Shared(name) => format!("{SHARED_DIR}/{name}"),
        }
    }

    pub fn ftl_path(&self, locale: &str) -> PathBuf {
        ftl_path(locale, &self.ftl_key())
    }
}

/// `locales/<locale>/<key>.ftl`: where the Fluent file of a key lives.
pub fn ftl_path(locale: &str, key: &str) -> PathBuf {
    Path::new(LOCALES_DIR)
        .join(locale)
        .join(format!("{key}.ftl"))
}

/// A use of a Fluent message at a place in the sources, with the arguments its block passes.
#[derive(Debug, Clone)]
pub struct MessageRef {
    pub id: String,
    pub at: Location,
    pub owner: Owner,
    /// `with:` arguments in scope: argument name → message whose text is passed in.
    pub args: Arc<BTreeMap<String, MessageRef>>,
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
        heading: Option<MessageRef>,
        text: Option<MessageRef>,
        items: Vec<MessageRef>,
    },
    ContactCard(Arc<ContactInfo>),
    Image(ResolvedImage),
}

/// A contact from `site.yaml`, with its organisation's data.
#[derive(Debug, Clone)]
pub struct ContactInfo {
    /// `organisation/contact`, as leaflets refer to it.
    pub key: String,
    pub organization: String,
    pub name: MessageRef,
    pub phone: String,
    pub opens: Option<String>,
    pub closes: Option<String>,
    pub after_hours: Option<String>,
    pub portal: Option<(String, String)>,
    pub logo: Option<ResolvedImage>,
}

#[derive(Debug, Clone)]
pub struct ResolvedLeaflet {
    pub id: String,
    pub path: PathBuf,
    pub code: String,
    pub version: u32,
    pub reviewed: Date,
    pub review_by: Date,
    pub department: MessageRef,
    pub contact: Arc<ContactInfo>,
    pub blocks: Vec<ResolvedBlock>,
    /// Shared blocks this leaflet uses, directly or nested: their Fluent files join its bundle.
    pub shared_used: BTreeSet<String>,
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
    /// Show stale translations instead of the default-locale text.
    pub show_stale: bool,
    /// Message ids that site.yaml itself uses (contact names, logo texts).
    pub site_message_ids: BTreeSet<String>,
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

/// A picture: its file under `images/` and the message that describes it.
#[derive(Debug, Clone)]
pub struct ResolvedImage {
    pub file: String,
    pub alt: MessageRef,
}

#[derive(Debug)]
pub struct Resolved {
    pub site: ResolvedSite,
    pub leaflets: Vec<ResolvedLeaflet>,
}

/// Resolves the whole project. Leaflets with errors are left out of the result (and reported);
/// the rest are returned so one broken leaflet does not hide the problems of another.
pub fn resolve_project(project: &Project, diags: &mut Diagnostics) -> Option<Resolved> {
    let contacts = collect_contacts(project, diags);
    let site = resolve_site(project, &contacts, diags)?;
    for shared in project.shared.values() {
        check_slug(&shared.name, &shared.path, "shared block name", diags);
    }

    let mut seen_ids: BTreeMap<&str, &Path> = BTreeMap::new();
    let mut leaflets = Vec::new();
    for leaflet in &project.leaflets {
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
            continue;
        }
        let mut local = Diagnostics::new();
        if let Some(resolved) = resolve_leaflet(project, leaflet, &contacts, &mut local)
            && !local.has_errors()
        {
            leaflets.push(resolved);
        }
        diags.extend(local);
    }
    Some(Resolved { site, leaflets })
}

fn resolve_site(
    project: &Project,
    contacts: &BTreeMap<String, Arc<ContactInfo>>,
    diags: &mut Diagnostics,
) -> Option<ResolvedSite> {
    let file = &project.site_path;
    let site = &project.site;
    let mut ok = true;
    let mut locales: Vec<String> = Vec::new();
    for locale in &site.locales {
        if locale.value.parse::<LanguageIdentifier>().is_err() || !is_slug(&locale.value) {
            diags.push(
                Diagnostic::error(format!("\"{}\" is not a language code", locale.value))
                    .at(span_location(file, locale))
                    .hint("use a short language code such as nl, en, tr, ar or pt-br"),
            );
            ok = false;
        } else if locales.contains(&locale.value) {
            diags.push(
                Diagnostic::error(format!("the language \"{}\" is listed twice", locale.value))
                    .at(span_location(file, locale))
                    .hint("remove one of the two"),
            );
        } else {
            locales.push(locale.value.clone());
        }
    }
    let default = &site.default_locale;
    if !locales.contains(&default.value) {
        let mut d = Diagnostic::error(format!(
            "the default language \"{}\" is not in `locales`",
            default.value
        ))
        .at(span_location(file, default));
        d = match did_you_mean(&default.value, locales.iter().map(String::as_str)) {
            Some(hint) => d.hint(hint),
            None => d.hint(format!("add {} to `locales`", default.value)),
        };
        diags.push(d);
        ok = false;
    }
    let base_url = match &site.base_url {
        Some(url) => {
            let value = url.value.trim_end_matches('/').to_string();
            if !(value.starts_with("https://") || value.starts_with("http://"))
                || value.contains(['?', '#'])
            {
                diags.push(
                    Diagnostic::error(format!("base_url \"{}\" is not a web address", url.value))
                        .at(span_location(file, url))
                        .hint("write the full address, e.g. https://folders.example-hospital.nl"),
                );
                ok = false;
            }
            Some(value)
        }
        None => None,
    };
    let theme = &site.theme;
    let primary_color = theme
        .primary_color
        .as_ref()
        .and_then(|color| check_color(file, color, diags));
    let logo = theme
        .logo
        .as_ref()
        .and_then(|logo| resolve_image(project, file, logo, &Owner::Site, diags));
    let footer_contacts = theme
        .footer_contacts
        .iter()
        .filter_map(|key| lookup_contact(key, file, contacts, diags))
        .collect();
    let print_profiles = resolve_print(file, site.print.as_ref(), diags);
    if !ok {
        return None;
    }
    locales.retain(|l| l != &default.value);
    locales.insert(0, default.value.clone());
    Some(ResolvedSite {
        default_locale: default.value.clone(),
        locales,
        base_url,
        primary_color,
        logo,
        footer_contacts,
        print_profiles,
        show_stale: site.translations.stale == crate::load::StalePolicy::Show,
        site_message_ids: site_message_ids(site),
    })
}

fn site_message_ids(site: &crate::load::Site) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let alt = |image: &Option<Spanned<ImageSource>>| {
        image
            .as_ref()
            .and_then(|i| i.value.alt.as_ref())
            .map(|a| a.value.clone())
    };
    ids.extend(alt(&site.theme.logo));
    for org in site.organizations.values() {
        ids.extend(alt(&org.logo));
        ids.extend(org.contacts.values().map(|c| c.name.value.clone()));
    }
    ids
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
        fn add(ids: &mut BTreeSet<String>, message: &MessageRef) {
            ids.insert(message.id.clone());
            for arg in message.args.values() {
                add(ids, arg);
            }
        }
        let mut ids = BTreeSet::from(["title".to_string(), "summary".to_string()]);
        add(&mut ids, &self.department);
        add(&mut ids, &self.contact.name);
        for block in &self.blocks {
            match block {
                ResolvedBlock::Heading { message, .. } | ResolvedBlock::Paragraph(message) => {
                    add(&mut ids, message)
                }
                ResolvedBlock::List(items) | ResolvedBlock::Steps(items) => {
                    items.iter().for_each(|m| add(&mut ids, m))
                }
                ResolvedBlock::Callout {
                    heading,
                    text,
                    items,
                } => heading
                    .iter()
                    .chain(text)
                    .chain(items)
                    .for_each(|m| add(&mut ids, m)),
                ResolvedBlock::ContactCard(contact) => add(&mut ids, &contact.name),
                ResolvedBlock::Image(image) => add(&mut ids, &image.alt),
            }
        }
        ids
    }
}

/// Paper sizes the PDF layout supports.
const PAPERS: &[&str] = &["a4", "a5", "a3", "us-letter"];

fn resolve_print(
    file: &Path,
    print: Option<&crate::load::PrintSettings>,
    diags: &mut Diagnostics,
) -> Vec<PrintProfile> {
    let Some(print) = print else {
        return vec![PrintProfile::office()];
    };
    let mut profiles = Vec::new();
    for (name, source) in &print.profiles {
        let at = span_location(file, source);
        if !is_slug(name) {
            diags.push(
                Diagnostic::error(format!("print profile name \"{name}\" is not a slug"))
                    .at(at.clone())
                    .hint("use a-z, 0-9 and hyphens, e.g. print-shop; it becomes part of the PDF's file name"),
            );
        }
        let source = &source.value;
        let paper = match &source.paper {
            Some(paper) if PAPERS.contains(&paper.value.as_str()) => paper.value.clone(),
            Some(paper) => {
                diags.push(
                    Diagnostic::error(format!("unknown paper size \"{}\"", paper.value))
                        .at(span_location(file, paper))
                        .hint(format!("use one of: {}", PAPERS.join(", "))),
                );
                // Keep the profile, so no second, misleading error follows about its name.
                "a4".into()
            }
            None => "a4".into(),
        };
        let mut number =
            |value: &Option<Spanned<f64>>, default: f64, max: f64, what: &str| match value {
                Some(v) if (0.0..=max).contains(&v.value) => v.value,
                Some(v) => {
                    diags.push(
                        Diagnostic::error(format!("{what} of {} mm is out of range", v.value))
                            .at(span_location(file, v))
                            .hint(format!("use a number of millimetres from 0 to {max}")),
                    );
                    default
                }
                None => default,
            };
        let margin_mm = number(&source.margin_mm, 20.0, 60.0, "margin_mm");
        let bleed_mm = number(&source.bleed_mm, 0.0, 10.0, "bleed_mm");
        profiles.push(PrintProfile {
            name: name.clone(),
            paper,
            margin_mm,
            bleed_mm,
        });
    }
    // The website's profile first.
    match profiles.iter().position(|p| p.name == print.web.value) {
        Some(index) => {
            let web = profiles.remove(index);
            profiles.insert(0, web);
        }
        None => {
            let mut d = Diagnostic::error(format!(
                "print.web names the profile \"{}\", which is not in print.profiles",
                print.web.value
            ))
            .at(span_location(file, &print.web));
            if let Some(hint) =
                did_you_mean(&print.web.value, profiles.iter().map(|p| p.name.as_str()))
            {
                d = d.hint(hint);
            }
            diags.push(d);
        }
    }
    profiles
}

/// WCAG 2 contrast ratio of two sRGB colours (relative luminance formula of WCAG 2.2).
pub fn contrast_ratio(a: [u8; 3], b: [u8; 3]) -> f64 {
    fn luminance(rgb: [u8; 3]) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
    }
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

pub fn parse_hex_color(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// The theme colour is used for links and for white text on it: both need 4.5:1 (WCAG 1.4.3).
fn check_color(file: &Path, color: &Spanned<String>, diags: &mut Diagnostics) -> Option<String> {
    let at = span_location(file, color);
    let Some(rgb) = parse_hex_color(&color.value) else {
        diags.push(
            Diagnostic::error(format!(
                "theme.primary_color \"{}\" is not a colour",
                color.value
            ))
            .at(at)
            .hint("write it as # and six hex digits, e.g. \"#005a8c\""),
        );
        return None;
    };
    let ratio = contrast_ratio(rgb, [255, 255, 255]);
    if ratio < 4.5 {
        diags.push(
            Diagnostic::error(format!(
                "theme.primary_color \"{}\" has a contrast of {:.2}:1 against white; text needs at least 4.5:1",
                color.value,
                (ratio * 100.0).floor() / 100.0
            ))
            .at(at)
            .hint("choose a darker colour (for example \"#005a8c\", 7.3:1), so links and the header stay readable"),
        );
        return None;
    }
    Some(color.value.to_ascii_lowercase())
}

/// Image formats both the browser and Typst show; only these are published from `images/`.
pub const IMAGE_TYPES: &[&str] = &["svg", "png", "jpg", "jpeg"];

/// The pictures of a project that may be published: (path inside `images/`, full path), in a
/// stable order. Both the site and the PDFs take their pictures from this list.
pub fn image_files(root: &Path) -> Vec<(PathBuf, PathBuf)> {
    let images = root.join(IMAGES_DIR);
    walkdir::WalkDir::new(&images)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|entry| entry.file_type().is_file() && is_image_file(entry.path()))
        .filter_map(|entry| {
            let inside = entry.path().strip_prefix(&images).ok()?.to_path_buf();
            Some((inside, entry.into_path()))
        })
        .collect()
}

/// Whether a file in `images/` is a picture that may be published.
pub fn is_image_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| IMAGE_TYPES.contains(&e.to_string_lossy().to_ascii_lowercase().as_str()))
}

fn resolve_image(
    project: &Project,
    file: &Path,
    image: &Spanned<ImageSource>,
    owner: &Owner,
    diags: &mut Diagnostics,
) -> Option<ResolvedImage> {
    let source = &image.value;
    let at = span_location(file, image);
    let path = &source.file.value;
    let inside = Path::new(path).strip_prefix(IMAGES_DIR).ok();
    let ok_type = is_image_file(Path::new(path));
    let mut ok = true;
    let plain_name = path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
    if !plain_name {
        diags.push(
            Diagnostic::error(format!(
                "image file name \"{path}\" has spaces or special characters"
            ))
            .at(span_location(file, &source.file))
            .hint("rename the file to letters, digits, - and _ only, e.g. images/wound-care.svg"),
        );
        ok = false;
    } else if inside.is_none() || path.contains("..") || !ok_type {
        diags.push(
            Diagnostic::error(format!("image \"{path}\" is not an SVG, PNG or JPEG file in {IMAGES_DIR}/"))
                .at(span_location(file, &source.file))
                .hint(format!("put the picture in the {IMAGES_DIR}/ folder and write e.g. `file: {IMAGES_DIR}/wound.svg`")),
        );
        ok = false;
    } else if !project.root.join(path).is_file() {
        diags.push(
            Diagnostic::error(format!("image file \"{path}\" does not exist"))
                .at(span_location(file, &source.file))
                .hint(format!(
                    "check the file name; pictures live in the {IMAGES_DIR}/ folder of the project"
                )),
        );
        ok = false;
    }
    let Some(alt) = &source.alt else {
        diags.push(
            Diagnostic::error(format!("image \"{path}\" has no text alternative (alt)"))
                .at(at)
                .hint("add `alt: <message-id>` and write in that message what the picture shows, for people who cannot see it"),
        );
        return None;
    };
    check_message_id(alt, file, diags);
    ok.then(|| ResolvedImage {
        file: inside
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default(),
        alt: MessageRef {
            id: alt.value.clone(),
            at: span_location(file, alt),
            owner: owner.clone(),
            args: Arc::new(BTreeMap::new()),
        },
    })
}

fn collect_contacts(
    project: &Project,
    diags: &mut Diagnostics,
) -> BTreeMap<String, Arc<ContactInfo>> {
    let file = &project.site_path;
    let no_args = Arc::new(BTreeMap::new());
    let mut out = BTreeMap::new();
    for (org_key, org) in &project.site.organizations {
        let logo = org
            .logo
            .as_ref()
            .and_then(|logo| resolve_image(project, file, logo, &Owner::Site, diags));
        for (contact_key, contact) in &org.contacts {
            check_message_id(&contact.name, file, diags);
            let hours = contact.hours.as_ref();
            for time in hours.into_iter().flat_map(|h| [&h.opens, &h.closes]) {
                if jiff::civil::Time::strptime("%H:%M", &time.value).is_err() {
                    diags.push(
                        Diagnostic::error(format!("\"{}\" is not a time", time.value))
                            .at(span_location(file, time))
                            .hint("write times as HH:MM on a 24-hour clock, e.g. \"08:30\""),
                    );
                }
            }
            for number in std::iter::once(&contact.phone).chain(&contact.after_hours) {
                let digits = number.value.chars().filter(char::is_ascii_digit).count();
                let allowed = number
                    .value
                    .chars()
                    .all(|c| c.is_ascii_digit() || " +-()".contains(c));
                if !allowed || digits < 3 {
                    diags.push(
                        Diagnostic::error(format!("\"{}\" is not a phone number", number.value))
                            .at(span_location(file, number))
                            .hint("write digits, spaces and an optional leading +, e.g. \"050 361 48 86\""),
                    );
                }
            }
            if let Some(portal) = &org.portal
                && !(portal.url.value.starts_with("https://")
                    || portal.url.value.starts_with("http://"))
            {
                diags.push(
                    Diagnostic::error(format!(
                        "portal url \"{}\" is not a web address",
                        portal.url.value
                    ))
                    .at(span_location(file, &portal.url))
                    .hint("write the full address, starting with https://"),
                );
            }
            let key = format!("{org_key}/{contact_key}");
            out.insert(
                key.clone(),
                Arc::new(ContactInfo {
                    key,
                    organization: org.name.clone(),
                    name: MessageRef {
                        id: contact.name.value.clone(),
                        at: span_location(file, &contact.name),
                        owner: Owner::Site,
                        args: no_args.clone(),
                    },
                    phone: contact.phone.value.clone(),
                    opens: hours.map(|h| h.opens.value.clone()),
                    closes: hours.map(|h| h.closes.value.clone()),
                    after_hours: contact.after_hours.as_ref().map(|p| p.value.clone()),
                    portal: org
                        .portal
                        .as_ref()
                        .map(|p| (p.name.clone(), p.url.value.clone())),
                    logo: logo.clone(),
                }),
            );
        }
    }
    out
}

/// State of one leaflet's expansion.
struct Expander<'a> {
    project: &'a Project,
    contacts: &'a BTreeMap<String, Arc<ContactInfo>>,
    own_contact: Option<Arc<ContactInfo>>,
    /// Shared blocks being expanded, outermost first, to find cycles.
    stack: Vec<String>,
    shared_used: BTreeSet<String>,
    diags: &'a mut Diagnostics,
}

fn resolve_leaflet(
    project: &Project,
    leaflet: &Leaflet,
    contacts: &BTreeMap<String, Arc<ContactInfo>>,
    diags: &mut Diagnostics,
) -> Option<ResolvedLeaflet> {
    let file = &leaflet.path;
    let source = &leaflet.source;
    check_slug(&leaflet.id, file, "leaflet id", diags);

    let reviewed = parse_date(file, &source.reviewed, diags);
    let review_by = parse_date(file, &source.review_by, diags);
    if let (Some(a), Some(b)) = (reviewed, review_by)
        && b <= a
    {
        diags.push(
            Diagnostic::error(format!("review_by ({b}) is not after reviewed ({a})"))
                .at(span_location(file, &source.review_by))
                .hint("review_by is the date of the next check, after the last one"),
        );
    }
    let own_contact = lookup_contact(&source.contact, file, contacts, diags);
    check_message_id(&source.department, file, diags);

    let no_args = Arc::new(BTreeMap::new());
    let owner = Owner::Leaflet(leaflet.id.clone());
    let mut expander = Expander {
        project,
        contacts,
        own_contact: own_contact.clone(),
        stack: Vec::new(),
        shared_used: BTreeSet::new(),
        diags,
    };
    let mut blocks = Vec::new();
    expander.expand_body(&source.body, file, &owner, &no_args, &mut blocks);
    let shared_used = expander.shared_used;
    check_heading_order(&blocks, diags);

    Some(ResolvedLeaflet {
        id: leaflet.id.clone(),
        path: file.clone(),
        code: source.code.clone(),
        version: source.version.value,
        reviewed: reviewed?,
        review_by: review_by?,
        department: MessageRef {
            id: source.department.value.clone(),
            at: span_location(file, &source.department),
            owner: Owner::Site,
            args: no_args,
        },
        contact: own_contact?,
        blocks,
        shared_used,
    })
}

impl Expander<'_> {
    fn expand_body(
        &mut self,
        body: &[Spanned<BlockSource>],
        file: &Path,
        owner: &Owner,
        args: &Arc<BTreeMap<String, MessageRef>>,
        out: &mut Vec<ResolvedBlock>,
    ) {
        for block in body {
            self.expand_block(block, file, owner, args, out);
        }
    }

    fn message(
        &mut self,
        spanned: &Spanned<String>,
        file: &Path,
        owner: &Owner,
        args: &Arc<BTreeMap<String, MessageRef>>,
    ) -> MessageRef {
        check_message_id(spanned, file, self.diags);
        MessageRef {
            id: spanned.value.clone(),
            at: span_location(file, spanned),
            owner: owner.clone(),
            args: args.clone(),
        }
    }

    fn messages(
        &mut self,
        list: &[Spanned<String>],
        file: &Path,
        owner: &Owner,
        args: &Arc<BTreeMap<String, MessageRef>>,
    ) -> Vec<MessageRef> {
        list.iter()
            .map(|m| self.message(m, file, owner, args))
            .collect()
    }

    fn expand_block(
        &mut self,
        block: &Spanned<BlockSource>,
        file: &Path,
        owner: &Owner,
        args: &Arc<BTreeMap<String, MessageRef>>,
        out: &mut Vec<ResolvedBlock>,
    ) {
        let at = span_location(file, block);
        let b = &block.value;
        let kinds: Vec<&str> = [
            ("heading", b.heading.is_some()),
            ("subheading", b.subheading.is_some()),
            ("text", b.text.is_some()),
            ("list", b.list.is_some()),
            ("steps", b.steps.is_some()),
            ("callout", b.callout.is_some()),
            ("contact_card", b.contact_card.is_some()),
            ("image", b.image.is_some()),
            ("use", b.use_block.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, set)| set.then_some(name))
        .collect();
        if kinds.len() != 1 {
            let message = if kinds.is_empty() {
                "this block has no content".to_string()
            } else {
                format!(
                    "this block has {} kinds at once: {}",
                    kinds.len(),
                    kinds.join(", ")
                )
            };
            self.diags.push(Diagnostic::error(message).at(at.clone()).hint(
                "give each block one of: heading, subheading, text, list, steps, callout, contact_card, image, use (start each with its own `- `)",
            ));
            return;
        }
        if b.with.is_some() && b.use_block.is_none() {
            self.diags.push(
                Diagnostic::error("`with:` only goes with `use:`")
                    .at(at.clone())
                    .hint("put `with:` under the `use:` of a shared block, or remove it"),
            );
        }
        if let Some(m) = &b.heading {
            let message = self.message(m, file, owner, args);
            out.push(ResolvedBlock::Heading { level: 2, message });
        } else if let Some(m) = &b.subheading {
            let message = self.message(m, file, owner, args);
            out.push(ResolvedBlock::Heading { level: 3, message });
        } else if let Some(m) = &b.text {
            out.push(ResolvedBlock::Paragraph(self.message(m, file, owner, args)));
        } else if let Some(items) = &b.list {
            self.check_not_empty(items, &at, "list");
            out.push(ResolvedBlock::List(self.messages(items, file, owner, args)));
        } else if let Some(items) = &b.steps {
            self.check_not_empty(items, &at, "steps");
            out.push(ResolvedBlock::Steps(
                self.messages(items, file, owner, args),
            ));
        } else if let Some(callout) = &b.callout {
            if callout.heading.is_none() && callout.text.is_none() && callout.list.is_empty() {
                self.diags.push(
                    Diagnostic::error("this callout is empty")
                        .at(at)
                        .hint("give it a heading, a text or a list"),
                );
            }
            let heading = callout
                .heading
                .as_ref()
                .map(|m| self.message(m, file, owner, args));
            let text = callout
                .text
                .as_ref()
                .map(|m| self.message(m, file, owner, args));
            let items = self.messages(&callout.list, file, owner, args);
            out.push(ResolvedBlock::Callout {
                heading,
                text,
                items,
            });
        } else if let Some(which) = &b.contact_card {
            let contact = match which {
                Some(key) => lookup_contact(key, file, self.contacts, self.diags),
                None => self.own_contact.clone(),
            };
            if let Some(contact) = contact {
                out.push(ResolvedBlock::ContactCard(contact));
            }
        } else if let Some(image) = &b.image {
            let spanned = Spanned::new(
                ImageSource {
                    file: image.file.clone(),
                    alt: image.alt.clone(),
                },
                block.referenced,
                block.defined,
            );
            if let Some(resolved) = resolve_image(self.project, file, &spanned, owner, self.diags) {
                out.push(ResolvedBlock::Image(resolved));
            }
        } else if let Some(name) = &b.use_block {
            self.expand_use(name, b.with.as_ref(), file, owner, args, out);
        }
    }

    fn check_not_empty(&mut self, items: &[Spanned<String>], at: &Location, kind: &str) {
        if items.is_empty() {
            self.diags.push(
                Diagnostic::error(format!("this {kind} is empty"))
                    .at(at.clone())
                    .hint("list at least one message id, e.g. `[first-item, second-item]`"),
            );
        }
    }

    fn expand_use(
        &mut self,
        name: &Spanned<String>,
        with: Option<&BTreeMap<String, Spanned<String>>>,
        file: &Path,
        owner: &Owner,
        args: &Arc<BTreeMap<String, MessageRef>>,
        out: &mut Vec<ResolvedBlock>,
    ) {
        let at = span_location(file, name);
        let project = self.project;
        let Some(shared) = project.shared.get(&name.value) else {
            let mut d =
                Diagnostic::error(format!("unknown shared block \"{}\"", name.value)).at(at);
            d = match did_you_mean(&name.value, project.shared.keys().map(String::as_str)) {
                Some(hint) => d.hint(hint),
                None => d.hint(format!(
                    "shared blocks are the files in leaflets/{SHARED_DIR}/; create leaflets/{SHARED_DIR}/{}.yaml",
                    name.value
                )),
            };
            self.diags.push(d);
            return;
        };
        if let Some(start) = self.stack.iter().position(|s| s == &name.value) {
            let mut chain: Vec<&str> = self.stack[start..].iter().map(String::as_str).collect();
            chain.push(&name.value);
            self.diags.push(
                Diagnostic::error(format!(
                    "shared block \"{}\" uses itself: {}",
                    name.value,
                    chain.join(" → ")
                ))
                .at(at)
                .hint("a shared block cannot use a block that uses it back; remove one of these `use:` lines"),
            );
            return;
        }
        // Arguments of this use: inherited ones, overridden by its own `with:`. Their messages
        // are looked up where the `with:` is written (the using leaflet or block).
        let mut scoped = (**args).clone();
        for (arg, message) in with.into_iter().flatten() {
            let reference = self.message(message, file, owner, args);
            scoped.insert(arg.clone(), reference);
        }
        let scoped = Arc::new(scoped);
        self.shared_used.insert(shared.name.clone());
        self.stack.push(shared.name.clone());
        let Shared { path, source, .. } = shared;
        let inner_owner = Owner::Shared(shared.name.clone());
        self.expand_body(&source.body, path, &inner_owner, &scoped, out);
        self.stack.pop();
    }
}

/// Headings may not skip a level (WCAG 1.3.1): the title is level 1, so a `subheading` (level
/// 3) needs a `heading` (level 2) before it — also across shared blocks.
fn check_heading_order(blocks: &[ResolvedBlock], diags: &mut Diagnostics) {
    let mut previous = 1;
    for block in blocks {
        if let ResolvedBlock::Heading { level, message } = block {
            if *level > previous + 1 {
                diags.push(
                    Diagnostic::error(format!(
                        "the subheading \"{}\" comes before any heading",
                        message.id
                    ))
                    .at(message.at.clone())
                    .hint("screen-reader users navigate by heading levels; put a `heading:` before it, or make it a `heading:`"),
                );
            }
            previous = *level;
        }
    }
}

fn lookup_contact(
    key: &Spanned<String>,
    file: &Path,
    contacts: &BTreeMap<String, Arc<ContactInfo>>,
    diags: &mut Diagnostics,
) -> Option<Arc<ContactInfo>> {
    if let Some(contact) = contacts.get(&key.value) {
        return Some(contact.clone());
    }
    let mut d = Diagnostic::error(format!("unknown contact \"{}\"", key.value))
        .at(span_location(file, key));
    d = match did_you_mean(&key.value, contacts.keys().map(String::as_str)) {
        Some(hint) => d.hint(hint),
        None => d.hint("contacts are written in site.yaml as `organizations: <org>: contacts: <name>`; refer to one as org/name"),
    };
    diags.push(d);
    None
}

fn parse_date(file: &Path, value: &Spanned<String>, diags: &mut Diagnostics) -> Option<Date> {
    match value.value.parse::<Date>() {
        Ok(date) => Some(date),
        Err(_) => {
            diags.push(
                Diagnostic::error(format!("\"{}\" is not a date", value.value))
                    .at(span_location(file, value))
                    .hint("write dates as YYYY-MM-DD, e.g. 2026-03-01"),
            );
            None
        }
    }
}

/// Lower-case letters, digits and single hyphens: safe in a URL and a file name everywhere.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Suggests a slug for a name that is not one: "Neuro Pijn" → "neuro-pijn".
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn check_slug(id: &str, file: &Path, what: &str, diags: &mut Diagnostics) {
    if !is_slug(id) {
        let suggestion = slugify(id);
        diags.push(
            Diagnostic::error(format!(
                "{what} \"{id}\" is not a slug (only a-z, 0-9 and single hyphens)"
            ))
            .at(Location::file_start(file))
            .hint(format!(
                "the id is the file name; rename {} to {}.yaml",
                file.display(),
                if suggestion.is_empty() {
                    "a-name-like-this"
                } else {
                    &suggestion
                }
            )),
        );
    }
}

/// Fluent message ids: a letter, then letters, digits, `-` or `_`.
fn check_message_id(id: &Spanned<String>, file: &Path, diags: &mut Diagnostics) {
    let mut chars = id.value.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok {
        diags.push(
            Diagnostic::error(format!("\"{}\" is not a message id", id.value))
                .at(span_location(file, id))
                .hint("message ids start with a letter and hold only letters, digits and -, e.g. intro-title; the text itself goes in the .ftl file"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{SharedSource, load_project};

    fn minimal() -> (Project, Diagnostics) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let mut diags = Diagnostics::new();
        let project = load_project(&root, &mut diags).expect("fixture loads");
        (project, diags)
    }

    #[test]
    fn shared_blocks_expand_in_place_with_their_arguments() {
        let (project, mut diags) = minimal();
        let resolved = resolve_project(&project, &mut diags).unwrap();
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
                ResolvedBlock::ContactCard(c) => format!("card {}", c.key),
                ResolvedBlock::Image(i) => format!("image {}", i.file),
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
                "card demo/poli",
            ]
        );
        // `with: { wound: wound-name }` reaches the nested block, owned by the leaflet.
        let ResolvedBlock::Paragraph(phone) = &leaflet.blocks[5] else {
            panic!()
        };
        assert_eq!(phone.owner, Owner::Shared("phone-hours".into()));
        let wound = &phone.args["wound"];
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
        resolve_project(&project, &mut diags);
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
