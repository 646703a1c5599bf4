//! Localize: format every message of every leaflet in every language with Fluent.
//!
//! Receives the resolved leaflets (message references) and the project's `.ftl` files. Parses
//! each Fluent file once (a syntax error is a diagnostic at its line:col), then for each leaflet ×
//! locale builds one bundle per language of the fallback chain (the locale, then the default
//! locale): site messages + the shared blocks' messages + the leaflet's own. Each message is
//! formatted with the contact's data (`$phone`, `$opens` …) and the block's `with:` arguments,
//! parsed as inline Markdown by pulldown-cmark (block-level Markdown is an error), and phone
//! numbers become `tel:` links. A message found only in a fallback language keeps that language
//! and a visible note; it is never passed off as a translation. Hands on [`Document`]s.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_bundle::resolver::ResolverError;
use fluent_bundle::resolver::errors::ReferenceKind;
use fluent_bundle::{FluentArgs, FluentBundle, FluentError, FluentResource, FluentValue};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use unic_langid::{CharacterDirection, LanguageIdentifier};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::document::{Block, ContactCard, Direction, Document, Image, Label, Span, Text};
use crate::load::Project;
use crate::resolve::{
    ContactInfo, MessageRef, Owner, ResolvedBlock, ResolvedImage, ResolvedLeaflet, ResolvedSite,
};

/// Interface strings every `site.ftl` of the default locale must have; templates use them.
pub const UI_LABELS: &[&str] = &[
    "site-name",
    "language-self-name",
    "ui-skip-link",
    "ui-index-title",
    "ui-index-intro",
    "ui-choose-language",
    "ui-other-languages",
    "ui-download-pdf",
    "ui-document-control",
    "ui-code",
    "ui-version",
    "ui-reviewed",
    "ui-review-by",
    "ui-contact-phone",
    "ui-contact-after-hours",
    "ui-breadcrumb",
    "ui-main-nav",
    "ui-qr-code",
    "ui-footer-contacts",
    "ui-not-available",
    "ui-search-label",
    "ui-search-button",
    "ui-search-found",
    "ui-search-none",
];
/// "Page { $page } of { $total }": formatted with these placeholders, which the PDF template
/// replaces with its counters.
pub const PAGE_OF: &str = "ui-page-of";
const FALLBACK_NOTE: &str = "ui-fallback-note";
const CONTACT_HOURS: &str = "ui-contact-hours";

/// Every site.ftl message the site's pages use, whatever the leaflets say: the labels, the
/// ones formatted with arguments, and the default language's name (in the fallback note).
pub fn interface_message_ids(default_locale: &str) -> BTreeSet<String> {
    let mut ids: BTreeSet<String> = UI_LABELS.iter().map(|s| s.to_string()).collect();
    ids.extend([PAGE_OF, FALLBACK_NOTE, CONTACT_HOURS].map(String::from));
    ids.insert(format!("lang-{default_locale}"));
    ids
}

/// Arguments that hold a time of day ("08:30"), formatted per language.
const TIME_ARGS: &[&str] = &["opens", "closes"];

/// Fluent's isolation marks around placeables (FSI … PDI).
const ISOLATES: [char; 2] = ['\u{2068}', '\u{2069}'];

/// Every parsed Fluent file, by locale and key (`site`, `<leaflet-id>`, `shared/<name>`).
pub struct Resources<'p> {
    project: &'p Project,
    parsed: BTreeMap<(String, String), FluentResource>,
}

/// A locale's interface strings and direction, for pages that are not a leaflet (the indexes).
#[derive(Debug, Clone, serde::Serialize)]
pub struct SiteLocale {
    pub locale: String,
    pub dir: Direction,
    pub labels: BTreeMap<String, Label>,
    pub logo: Option<Image>,
    pub footer_contacts: Vec<ContactCard>,
}

pub struct Localized {
    pub documents: Vec<Document>,
    pub site_locales: Vec<SiteLocale>,
}

/// Parses every `.ftl` file of the project; syntax errors become diagnostics with line:col.
pub fn parse_resources<'p>(project: &'p Project, diags: &mut Diagnostics) -> Resources<'p> {
    let mut parsed = BTreeMap::new();
    for (locale, files) in &project.ftl {
        for (key, file) in files {
            let resource = match FluentResource::try_new(file.text.clone()) {
                Ok(resource) => resource,
                Err((resource, errors)) => {
                    for error in errors {
                        diags.push(
                            Diagnostic::error(format!(
                                "Fluent syntax error in {}: {}",
                                file.path.display(),
                                lowercase_first(&error.kind.to_string())
                            ))
                            .at(syntax_error_location(&file.path, &file.text, error.pos.start))
                            .hint("a message is `id = text`; continuation lines start with spaces; a `{` in text is written {\"{\"}"),
                        );
                    }
                    resource
                }
            };
            parsed.insert((locale.clone(), key.clone()), resource);
        }
    }
    Resources { project, parsed }
}

impl Resources<'_> {
    /// Every parsed file: (locale, key) → resource, in a stable order.
    pub fn all(&self) -> impl Iterator<Item = (&(String, String), &FluentResource)> {
        self.parsed.iter()
    }

    pub fn get(&self, locale: &str, key: &str) -> Option<&FluentResource> {
        self.parsed.get(&(locale.to_string(), key.to_string()))
    }

    /// Where message `id` is defined among the files `keys` of `locale`.
    pub fn definition(&self, locale: &str, keys: &[String], id: &str) -> Option<Location> {
        keys.iter().find_map(|key| {
            let file = self.project.ftl.get(locale)?.get(key)?;
            let mut offset = 0;
            for line in file.text.split_inclusive('\n') {
                if let Some(rest) = line.strip_prefix(id)
                    && rest.trim_start().starts_with('=')
                {
                    return Some(Location::from_offset(&file.path, &file.text, offset));
                }
                offset += line.len();
            }
            None
        })
    }

    /// The position of `{ $var }` inside the definition of `id`, or the definition itself.
    pub fn variable_use(
        &self,
        locale: &str,
        keys: &[String],
        id: &str,
        var: &str,
    ) -> Option<Location> {
        let start = self.definition(locale, keys, id)?;
        let file = keys
            .iter()
            .filter_map(|k| self.project.ftl.get(locale)?.get(k))
            .find(|f| f.path == start.file)?;
        let def_offset: usize = file
            .text
            .split_inclusive('\n')
            .take(start.line - 1)
            .map(str::len)
            .sum();
        let needle = format!("${var}");
        let after = &file.text[def_offset..];
        // Only look inside this message: up to the next line that starts a new entry.
        let end = after
            .split_inclusive('\n')
            .enumerate()
            .skip(1)
            .find(|(_, l)| !l.starts_with(' ') && !l.trim().is_empty())
            .map_or(after.len(), |(i, _)| {
                after.split_inclusive('\n').take(i).map(str::len).sum()
            });
        let found = after[..end].find(&needle)?;
        Some(Location::from_offset(
            &file.path,
            &file.text,
            def_offset + found,
        ))
    }
}

type Bundle<'r> = FluentBundle<&'r FluentResource>;

/// The bundles of one leaflet × locale: the locale's first, then each fallback.
struct Chain<'r> {
    page_locale: String,
    keys: Vec<String>,
    links: Vec<(String, Bundle<'r>)>,
    /// Messages of the page's own language not to use: stale translations.
    skip: BTreeSet<String>,
}

impl Chain<'_> {
    /// The last language of the chain: the site's default locale.
    fn default_locale(&self) -> &str {
        self.links.last().map_or("", |l| l.0.as_str())
    }
}

fn language_id(locale: &str) -> LanguageIdentifier {
    locale.parse().unwrap_or_default()
}

pub fn direction(locale: &str) -> Direction {
    match language_id(locale).character_direction() {
        CharacterDirection::RTL => Direction::Rtl,
        _ => Direction::Ltr,
    }
}

fn build_chain<'r>(
    resources: &'r Resources<'_>,
    site: &ResolvedSite,
    locale: &str,
    keys: Vec<String>,
    stale: &BTreeMap<String, BTreeSet<String>>,
    diags: &mut Diagnostics,
) -> Chain<'r> {
    let mut chain_locales = vec![locale.to_string()];
    if locale != site.default_locale {
        chain_locales.push(site.default_locale.clone());
    }
    let links = chain_locales
        .into_iter()
        .map(|loc| {
            let mut bundle = FluentBundle::new(vec![language_id(&loc)]);
            crate::format::add_functions(&mut bundle, &loc);
            for key in &keys {
                let Some(resource) = resources.parsed.get(&(loc.clone(), key.clone())) else {
                    continue;
                };
                if let Err(errors) = bundle.add_resource(resource) {
                    for error in errors {
                        if let FluentError::Overriding { id, .. } = error {
                            let file = crate::resolve::ftl_path(&loc, key);
                            diags.push(
                                Diagnostic::error(format!(
                                    "message \"{id}\" is defined twice for the same leaflet ({} and another file of its bundle)",
                                    file.display()
                                ))
                                .at_opt(resources.definition(&loc, std::slice::from_ref(key), &id))
                                .hint("a leaflet's own messages, its shared blocks' messages and site.ftl share one namespace; rename one (shared blocks usually prefix their ids with the block name)"),
                            );
                        }
                    }
                }
            }
            (loc, bundle)
        })
        .collect();
    Chain {
        page_locale: locale.to_string(),
        links,
        skip: if locale == site.default_locale {
            BTreeSet::new()
        } else {
            keys.iter()
                .filter_map(|key| stale.get(key))
                .flatten()
                .cloned()
                .collect()
        },
        keys,
    }
}

/// What one formatting pass found, besides the text.
#[derive(Default)]
struct Tally {
    /// Messages shown in a fallback language, by owner.
    fallbacks: BTreeMap<Owner, BTreeSet<String>>,
}

struct Formatter<'a, 'r> {
    resources: &'a Resources<'r>,
    chain: &'a Chain<'a>,
    base_args: Vec<(String, String)>,
    phones: Vec<(String, String)>,
    fallback_note: Option<String>,
    tally: Tally,
    leaflet: Option<&'a ResolvedLeaflet>,
    /// `with:` arguments formatted in a fallback language: (text, language), for marking.
    foreign_args: Vec<(String, String)>,
}

impl<'a, 'r> Formatter<'a, 'r> {
    fn new(
        resources: &'a Resources<'r>,
        chain: &'a Chain<'a>,
        leaflet: Option<&'a ResolvedLeaflet>,
    ) -> Self {
        Formatter {
            resources,
            chain,
            base_args: Vec::new(),
            phones: Vec::new(),
            fallback_note: None,
            tally: Tally::default(),
            leaflet,
            foreign_args: Vec::new(),
        }
    }
}

impl Formatter<'_, '_> {
    /// Formats `message` to text: the first language of the chain that has it.
    fn format(&mut self, message: &MessageRef, diags: &mut Diagnostics) -> Option<Text> {
        let foreign_from = self.foreign_args.len();
        let (raw, fallback_locale) = self.format_raw(message, diags)?;
        let foreign: Vec<(String, String)> = self.foreign_args.drain(foreign_from..).collect();
        // The language the text is actually in: the page's, or the fallback's.
        let shown_in = fallback_locale
            .as_deref()
            .unwrap_or(&self.chain.page_locale)
            .to_string();
        let spans = match parse_inline(&raw) {
            Ok(spans) => spans,
            Err(reason) => {
                diags.push(
                    Diagnostic::error(format!("message \"{}\" {reason}", message.id))
                        .at_opt(self.resources.definition(&shown_in, &self.chain.keys, &message.id))
                        .hint("one message is one paragraph, list item or heading, with only **bold**, *italic* and [links](https://…) inside; split longer text into several messages"),
                );
                return None;
            }
        };
        let mut found: Vec<(String, String, Mark)> = self
            .phones
            .iter()
            .map(|(number, href)| (number.clone(), href.clone(), Mark::Phone))
            .collect();
        for (name, value) in &self.base_args {
            if TIME_ARGS.contains(&name.as_str()) {
                let shown = crate::format::time(&shown_in, value).unwrap_or_else(|| value.clone());
                found.push((shown, value.clone(), Mark::Time));
            }
        }
        for (arg_text, lang) in foreign {
            if fallback_locale.as_deref() != Some(lang.as_str()) {
                found.push((arg_text, lang, Mark::Lang));
            }
        }
        let mut text = Text::from_spans(mark_spans(spans, &found));
        if let Some(locale) = fallback_locale {
            let dir = direction(&locale);
            text.dir = (dir != direction(&self.chain.page_locale)).then_some(dir);
            text.lang = Some(locale);
            text.note = self.fallback_note.clone();
        }
        Some(text)
    }

    /// Formats `message` to a string and tells which fallback language it came from, if any.
    fn format_raw(
        &mut self,
        message: &MessageRef,
        diags: &mut Diagnostics,
    ) -> Option<(String, Option<String>)> {
        let chain = self.chain;
        let Some((index, (locale, bundle, pattern))) =
            chain
                .links
                .iter()
                .enumerate()
                .find_map(|(i, (loc, bundle))| {
                    if i == 0 && chain.skip.contains(&message.id) {
                        return None; // a stale translation: use the next language
                    }
                    let msg = bundle.get_message(&message.id)?;
                    Some((i, (loc, bundle, msg.value())))
                })
        else {
            let default = chain.default_locale();
            let file = message.owner.ftl_path(default);
            let mut d = Diagnostic::error(format!(
                "message \"{}\" is missing in the default language ({default})",
                message.id
            ))
            .at(message.at.clone())
            .hint(format!("add `{} = …` to {}", message.id, file.display()));
            if let Some(leaflet) = self.leaflet
                && !message.at.file.starts_with(&leaflet.path)
                && message.at.file != leaflet.path
            {
                d = d.note(format!("used by leaflet {}", leaflet.path.display()));
            }
            diags.push(d);
            return None;
        };
        let Some(pattern) = pattern else {
            diags.push(
                Diagnostic::error(format!(
                    "message \"{}\" has no text, only attributes",
                    message.id
                ))
                .at_opt(self.resources.definition(locale, &chain.keys, &message.id))
                .hint("write the text after the `=`"),
            );
            return None;
        };

        let mut args = FluentArgs::new();
        for (name, value) in &self.base_args {
            // Times as written in site.yaml ("08:30"), shown as the language writes them.
            let value = if TIME_ARGS.contains(&name.as_str()) {
                crate::format::time(locale, value).unwrap_or_else(|| value.clone())
            } else {
                value.clone()
            };
            args.set(name.clone(), FluentValue::from(value));
        }
        for (name, reference) in message.args.iter() {
            let text = self.format(reference, diags)?;
            if let Some(lang) = &text.lang {
                self.foreign_args.push((text.plain.clone(), lang.clone()));
            }
            args.set(name.clone(), FluentValue::from(text.plain));
        }
        let mut errors = Vec::new();
        let formatted = bundle.format_pattern(pattern, Some(&args), &mut errors);
        for error in errors {
            let with_args: Vec<&str> = message.args.keys().map(String::as_str).collect();
            diags.push(self.fluent_error(locale, &message.id, &with_args, &error));
        }
        let fallback = (index > 0).then(|| locale.clone());
        // Stale translations are reported by `translations`, not as untranslated.
        if fallback.is_some() && !chain.skip.contains(&message.id) {
            self.tally
                .fallbacks
                .entry(message.owner.clone())
                .or_default()
                .insert(message.id.clone());
        }
        Some((formatted.into_owned(), fallback))
    }

    fn fluent_error(
        &self,
        locale: &str,
        id: &str,
        with_args: &[&str],
        error: &FluentError,
    ) -> Diagnostic {
        let keys = &self.chain.keys;
        let for_leaflet = self
            .leaflet
            .map(|l| format!(" (leaflet {}, {locale})", l.id))
            .unwrap_or_default();
        match error {
            FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Variable {
                id: var,
            })) => {
                let mut names: Vec<&str> = self.base_args.iter().map(|(n, _)| n.as_str()).collect();
                names.extend(with_args);
                names.sort();
                names.dedup();
                let known: Vec<String> = names.iter().map(|n| format!("${n}")).collect();
                Diagnostic::error(format!(
                    "message \"{id}\" uses the variable ${var}, which is not given here{for_leaflet}"
                ))
                .at_opt(self.resources.variable_use(locale, keys, id, var))
                .hint(format!(
                    "{} The variables known here are {}; a shared block gets more through `with:` in the leaflet",
                    crate::diag::did_you_mean(var, names.iter().copied())
                        .map(|s| s.replace("did you mean \"", "did you mean \"$"))
                        .unwrap_or_else(|| "Check the spelling.".into()),
                    known.join(", ")
                ))
            }
            other => Diagnostic::error(format!(
                "message \"{id}\" cannot be formatted{for_leaflet}: {}",
                lowercase_first(&other.to_string())
            ))
            .at_opt(self.resources.definition(locale, keys, id))
            .hint("check the references inside the message ({ other-message }, { -term }, { $variable })"),
        }
    }
}

/// Localizes every leaflet into every locale in `locales` (all of the site's when empty).
pub fn localize(
    resources: &Resources<'_>,
    site: &ResolvedSite,
    leaflets: &[ResolvedLeaflet],
    locales: &[String],
    translations: &crate::translations::Translations,
    diags: &mut Diagnostics,
) -> Localized {
    let mut documents = Vec::new();
    let mut site_locales = Vec::new();
    for locale in locales {
        // Stale translations, by file: each chain skips those of its own files only.
        let stale = if site.show_stale {
            BTreeMap::new()
        } else {
            translations.stale(locale)
        };
        let site_chain = build_chain(resources, site, locale, vec!["site".into()], &stale, diags);
        let Some((labels, fallback_note)) = site_labels(resources, &site_chain, site, diags) else {
            continue;
        };
        let mut site_formatter = Formatter::new(resources, &site_chain, None);
        site_formatter.fallback_note = fallback_note.clone();
        let logo = site
            .logo
            .as_ref()
            .and_then(|image| localize_image(&mut site_formatter, image, diags));
        let footer_contacts = site
            .footer_contacts
            .iter()
            .filter_map(|contact| localize_contact(&mut site_formatter, contact, diags))
            .collect();
        report_fallbacks(&site_formatter.tally, &site_chain, diags);
        site_locales.push(SiteLocale {
            locale: locale.clone(),
            dir: direction(locale),
            labels: labels.clone(),
            logo,
            footer_contacts,
        });
        for leaflet in leaflets {
            // A leaflet whose own file does not exist in this language is "not started": it is
            // left out of that language's site (its pages say which languages it lacks), rather
            // than shown entirely in the default language.
            let started =
                locale == &site.default_locale || translations.has_messages(locale, &leaflet.id);
            if !started {
                let file = Owner::Leaflet(leaflet.id.clone()).ftl_path(locale);
                diags.push(
                    Diagnostic::warning(format!(
                        "leaflet \"{}\" is not translated into {locale} yet, so the {locale} site leaves it out",
                        leaflet.id
                    ))
                    .at(Location::file_start(&leaflet.path))
                    .hint(format!("create {} to start its translation", file.display())),
                );
                continue;
            }
            let chain = build_chain(resources, site, locale, leaflet.ftl_keys(), &stale, diags);
            let web_url = site
                .base_url
                .as_ref()
                .map(|base| format!("{base}/{locale}/{}/", leaflet.id));
            if let Some(doc) = localize_leaflet(
                resources,
                &chain,
                leaflet,
                &labels,
                &fallback_note,
                web_url,
                diags,
            ) {
                documents.push(doc);
            }
        }
    }
    Localized {
        documents,
        site_locales,
    }
}

/// The interface strings of one locale, and its fallback note.
fn site_labels(
    resources: &Resources<'_>,
    chain: &Chain<'_>,
    site: &ResolvedSite,
    diags: &mut Diagnostics,
) -> Option<(BTreeMap<String, Label>, Option<String>)> {
    let mut formatter = Formatter::new(resources, chain, None);
    let site_file = Owner::Site.ftl_path(&site.default_locale);
    let mut labels = BTreeMap::new();
    let mut ok = true;
    let label = |formatter: &mut Formatter<'_, '_>,
                 id: &str,
                 args: Vec<(String, String)>,
                 diags: &mut Diagnostics| {
        formatter.base_args = args;
        let reference = MessageRef {
            id: id.to_string(),
            at: Location::file_start(&site_file),
            owner: Owner::Site,
            args: Default::default(),
        };
        formatter
            .format_raw(&reference, diags)
            .map(|(text, lang)| Label { text, lang })
    };
    for id in UI_LABELS {
        match label(&mut formatter, id, Vec::new(), diags) {
            Some(l) => {
                labels.insert((*id).to_string(), l);
            }
            None => ok = false,
        }
    }
    let page_args = vec![
        ("page".into(), "{page}".into()),
        ("total".into(), "{total}".into()),
    ];
    match label(&mut formatter, PAGE_OF, page_args, diags) {
        Some(l) => {
            labels.insert(PAGE_OF.to_string(), l);
        }
        None => ok = false,
    }
    // The note on fallback text names the default language in the page's language.
    let mut fallback_note = None;
    if chain.page_locale != site.default_locale {
        let name = label(
            &mut formatter,
            &format!("lang-{}", site.default_locale),
            Vec::new(),
            diags,
        );
        let note = name.and_then(|name| {
            label(
                &mut formatter,
                FALLBACK_NOTE,
                vec![("language".into(), name.text)],
                diags,
            )
        });
        match note {
            Some(note) => fallback_note = Some(note.text),
            None => ok = false,
        }
    }
    report_fallbacks(&formatter.tally, chain, diags);
    ok.then_some((labels, fallback_note))
}

fn contact_args(contact: &ContactInfo) -> Vec<(String, String)> {
    let mut args = vec![
        ("phone".to_string(), contact.phone.clone()),
        ("organization".to_string(), contact.organization.clone()),
        (
            "has_after_hours".to_string(),
            if contact.after_hours.is_some() {
                "yes"
            } else {
                "no"
            }
            .to_string(),
        ),
    ];
    if let Some(opens) = &contact.opens {
        args.push(("opens".into(), opens.clone()));
    }
    if let Some(closes) = &contact.closes {
        args.push(("closes".into(), closes.clone()));
    }
    if let Some(after) = &contact.after_hours {
        args.push(("after_hours".into(), after.clone()));
    }
    if let Some((name, url)) = &contact.portal {
        args.push(("portal".into(), name.clone()));
        args.push(("portal_url".into(), url.clone()));
    }
    args
}

fn localize_leaflet(
    resources: &Resources<'_>,
    chain: &Chain<'_>,
    leaflet: &ResolvedLeaflet,
    labels: &BTreeMap<String, Label>,
    fallback_note: &Option<String>,
    web_url: Option<String>,
    diags: &mut Diagnostics,
) -> Option<Document> {
    let mut local = Diagnostics::new();
    let contact = &leaflet.contact;
    let mut phones = vec![(contact.phone.clone(), tel_href(&contact.phone))];
    if let Some(after) = &contact.after_hours {
        phones.push((after.clone(), tel_href(after)));
    }
    let mut f = Formatter::new(resources, chain, Some(leaflet));
    f.base_args = contact_args(contact);
    f.phones = phones;
    f.fallback_note = fallback_note.clone();
    let owner = Owner::Leaflet(leaflet.id.clone());
    let own = |id: &str| MessageRef {
        id: id.to_string(),
        at: Location::file_start(&leaflet.path),
        owner: owner.clone(),
        args: Default::default(),
    };
    let title = f.format(&own("title"), &mut local);
    let summary = f.format(&own("summary"), &mut local);
    let department = f.format(&leaflet.department, &mut local);
    // A failure here is in `local` and fails the leaflet below, like any other message.
    let logo = contact
        .logo
        .as_ref()
        .and_then(|image| localize_image(&mut f, image, &mut local));
    let mut blocks = Vec::new();
    for block in &leaflet.blocks {
        if let Some(b) = localize_block(&mut f, block, &mut local) {
            blocks.push(b);
        }
    }
    let fallback_count = f.tally.fallbacks.values().map(BTreeSet::len).sum();
    report_fallbacks(&f.tally, chain, diags);
    let failed = local.has_errors();
    diags.extend(local);
    if failed {
        return None;
    }
    Some(Document {
        id: leaflet.id.clone(),
        locale: chain.page_locale.clone(),
        dir: direction(&chain.page_locale),
        title: title?,
        summary: summary?,
        department: department?,
        organization: contact.organization.clone(),
        logo,
        web_url,
        code: leaflet.code.clone(),
        version: leaflet.version,
        reviewed: leaflet.reviewed.to_string(),
        review_by: leaflet.review_by.to_string(),
        reviewed_text: crate::format::date(&chain.page_locale, leaflet.reviewed)
            .unwrap_or_else(|| leaflet.reviewed.to_string()),
        review_by_text: crate::format::date(&chain.page_locale, leaflet.review_by)
            .unwrap_or_else(|| leaflet.review_by.to_string()),
        blocks,
        labels: labels.clone(),
        fallback_count,
    })
}

fn localize_block(
    f: &mut Formatter<'_, '_>,
    block: &ResolvedBlock,
    diags: &mut Diagnostics,
) -> Option<Block> {
    let all = |f: &mut Formatter<'_, '_>, items: &[MessageRef], diags: &mut Diagnostics| {
        items
            .iter()
            .map(|m| f.format(m, diags))
            .collect::<Vec<_>>()
            .into_iter()
            .collect::<Option<Vec<Text>>>()
    };
    Some(match block {
        ResolvedBlock::Heading { level, message } => Block::Heading {
            level: *level,
            text: f.format(message, diags)?,
        },
        ResolvedBlock::Paragraph(message) => Block::Paragraph {
            text: f.format(message, diags)?,
        },
        ResolvedBlock::List(items) => Block::List {
            items: all(f, items, diags)?,
        },
        ResolvedBlock::Steps(items) => Block::Steps {
            items: all(f, items, diags)?,
        },
        ResolvedBlock::Callout {
            heading,
            text,
            items,
        } => {
            let heading = heading.as_ref().map(|m| f.format(m, diags));
            let text = text.as_ref().map(|m| f.format(m, diags));
            let items = all(f, items, diags)?;
            Block::Callout {
                heading: heading.map_or(Some(None), |h| h.map(Some))?,
                text: text.map_or(Some(None), |t| t.map(Some))?,
                items,
            }
        }
        ResolvedBlock::ContactCard(contact) => {
            Block::ContactCard(localize_contact(f, contact, diags)?)
        }
        ResolvedBlock::Image(image) => Block::Image(localize_image(f, image, diags)?),
    })
}

fn localize_image(
    f: &mut Formatter<'_, '_>,
    image: &ResolvedImage,
    diags: &mut Diagnostics,
) -> Option<Image> {
    Some(Image {
        file: image.file.clone(),
        alt: f.format(&image.alt, diags)?,
    })
}

/// A contact's card: its name, phone links and opening hours in the page's language.
fn localize_contact(
    f: &mut Formatter<'_, '_>,
    contact: &ContactInfo,
    diags: &mut Diagnostics,
) -> Option<ContactCard> {
    let name = f.format(&contact.name, diags)?;
    let hours = match (&contact.opens, &contact.closes) {
        (Some(opens), Some(closes)) => {
            let saved = std::mem::replace(
                &mut f.base_args,
                vec![
                    ("opens".into(), opens.clone()),
                    ("closes".into(), closes.clone()),
                ],
            );
            let reference = MessageRef {
                id: CONTACT_HOURS.into(),
                at: contact.name.at.clone(),
                owner: Owner::Site,
                args: Default::default(),
            };
            let hours = f.format(&reference, diags);
            f.base_args = saved;
            Some(hours?)
        }
        _ => None,
    };
    Some(ContactCard {
        name,
        organization: contact.organization.clone(),
        phone: contact.phone.clone(),
        phone_href: tel_href(&contact.phone),
        hours,
        opens: contact.opens.clone(),
        closes: contact.closes.clone(),
        after_hours: contact.after_hours.clone(),
        after_hours_href: contact.after_hours.as_deref().map(tel_href),
    })
}

/// One warning per locale file with untranslated messages: visible, but not a failure.
fn report_fallbacks(tally: &Tally, chain: &Chain<'_>, diags: &mut Diagnostics) {
    let locale = &chain.page_locale;
    let default = chain.default_locale();
    for (owner, ids) in &tally.fallbacks {
        let file = owner.ftl_path(locale);
        let list: Vec<&str> = ids.iter().map(String::as_str).collect();
        diags.push(
            Diagnostic::warning(format!(
                "{} {} not translated into {locale}; shown in {} with a note: {}",
                ids.len(),
                if ids.len() == 1 {
                    "message is"
                } else {
                    "messages are"
                },
                default,
                list.join(", ")
            ))
            .at(Location::file_start(file.clone()))
            .hint(format!("translate them in {}", file.display())),
        );
    }
}

/// `tel:` link for a phone number as written in site.yaml: digits and a leading `+` only.
pub fn tel_href(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .enumerate()
        .filter(|(i, c)| c.is_ascii_digit() || (*i == 0 && *c == '+'))
        .map(|(_, c)| c)
        .collect();
    format!("tel:{digits}")
}

/// Parses a formatted message as inline Markdown into spans. Block-level Markdown, HTML and
/// images are refused with a reason; link targets must be web, mail or phone addresses.
pub fn parse_inline(text: &str) -> Result<Vec<Span>, String> {
    let mut spans: Vec<Span> = Vec::new();
    let (mut strong, mut emphasis) = (0u32, 0u32);
    let mut link: Option<String> = None;
    let mut paragraphs = 0;
    for event in Parser::new_ext(text, Options::empty()) {
        match event {
            Event::Start(Tag::Paragraph) => {
                paragraphs += 1;
                if paragraphs > 1 {
                    return Err("has more than one paragraph (an empty line)".into());
                }
            }
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            Event::Start(Tag::Emphasis) => emphasis += 1,
            Event::End(TagEnd::Emphasis) => emphasis = emphasis.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let url: String = dest_url.chars().filter(|c| !ISOLATES.contains(c)).collect();
                if !allowed_link(&url) {
                    return Err(format!(
                        "links to \"{url}\"; only https://, http://, mailto: and tel: links are allowed"
                    ));
                }
                link = Some(url);
            }
            Event::End(TagEnd::Link) => link = None,
            Event::Text(t) | Event::Code(t) => push_span(&mut spans, &t, strong, emphasis, &link),
            Event::SoftBreak | Event::HardBreak => {
                push_span(&mut spans, " ", strong, emphasis, &link)
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                return Err("contains HTML, which is not allowed in a message".into());
            }
            Event::Start(Tag::Image { .. }) => {
                return Err("contains an image, which is not allowed inside a message".into());
            }
            Event::Start(tag) => {
                return Err(format!(
                    "contains block-level Markdown ({}), which is not allowed inside a message",
                    describe_tag(&tag)
                ));
            }
            Event::Rule => return Err("contains a horizontal rule (---)".into()),
            _ => {}
        }
    }
    Ok(spans)
}

fn describe_tag(tag: &Tag<'_>) -> &'static str {
    match tag {
        Tag::Heading { .. } => "a heading",
        Tag::List(_) | Tag::Item => "a list",
        Tag::BlockQuote(_) => "a quote",
        Tag::CodeBlock(_) => "a code block; lines indented by four spaces count as one",
        Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell => "a table",
        _ => "a block",
    }
}

fn allowed_link(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["https://", "http://", "mailto:", "tel:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

fn push_span(spans: &mut Vec<Span>, text: &str, strong: u32, emphasis: u32, link: &Option<String>) {
    let (strong, emphasis) = (strong > 0, emphasis > 0);
    if let Some(last) = spans.last_mut()
        && last.strong == strong
        && last.emphasis == emphasis
        && &last.href == link
    {
        last.text.push_str(text);
        return;
    }
    spans.push(Span {
        text: text.to_string(),
        strong,
        emphasis,
        href: link.clone(),
        datetime: None,
        ltr: false,
        lang: None,
    });
}

/// What a recognised piece of text becomes: a phone number a `tel:` link, a time a `<time>`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Phone,
    Time,
    /// Text in another language: the value is its language code.
    Lang,
}

/// Splits spans so that each known phone number becomes its own `tel:` link and each known
/// (formatted) opening time its own span with a machine-readable time. `found` lists
/// (text as shown, link or ISO value, kind).
fn mark_spans(spans: Vec<Span>, found: &[(String, String, Mark)]) -> Vec<Span> {
    let mut out = Vec::new();
    for span in spans {
        if span.href.is_some() {
            out.push(span);
            continue;
        }
        let mut rest = span.text.as_str();
        loop {
            let next = found
                .iter()
                .filter(|(shown, _, _)| !shown.is_empty())
                .filter_map(|(shown, value, kind)| {
                    rest.find(shown.as_str()).map(|i| (i, shown, value, kind))
                })
                .min_by_key(|(i, shown, _, _)| (*i, usize::MAX - shown.len()));
            let Some((i, shown, value, kind)) = next else {
                break;
            };
            if i > 0 {
                out.push(Span {
                    text: rest[..i].to_string(),
                    ..span.clone()
                });
            }
            let mut marked = Span {
                text: shown.clone(),
                ..span.clone()
            };
            match kind {
                Mark::Phone => {
                    marked.href = Some(value.clone());
                    marked.ltr = true;
                }
                Mark::Time => marked.datetime = Some(value.clone()),
                Mark::Lang => marked.lang = Some(value.clone()),
            }
            out.push(marked);
            rest = &rest[i + shown.len()..];
        }
        if !rest.is_empty() {
            out.push(Span {
                text: rest.to_string(),
                ..span.clone()
            });
        }
    }
    out
}

/// Fluent reports some errors at the start of the next line or at the end of the file; point at
/// the end of the last line with text instead, where the mistake is.
fn syntax_error_location(path: &Path, text: &str, offset: usize) -> Location {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text[..offset].trim_end();
    let line_is_blank = text[offset..]
        .split('\n')
        .next()
        .is_none_or(|l| l.trim().is_empty());
    if line_is_blank && !before.is_empty() {
        let last_char = before.chars().next_back().map_or(0, char::len_utf8);
        Location::from_offset(path, text, before.len() - last_char)
    } else {
        Location::from_offset(path, text, offset)
    }
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markdown_becomes_spans() {
        let spans = parse_inline("Call **now** or see [the site](https://x.nl).").unwrap();
        assert_eq!(spans.len(), 5);
        assert!(spans[1].strong);
        assert_eq!(spans[3].href.as_deref(), Some("https://x.nl"));
    }

    #[test]
    fn block_markdown_html_and_script_links_are_refused() {
        assert!(parse_inline("- a list").unwrap_err().contains("a list"));
        assert!(
            parse_inline("one\n\ntwo")
                .unwrap_err()
                .contains("paragraph")
        );
        assert!(
            parse_inline("a <script>x</script>")
                .unwrap_err()
                .contains("HTML")
        );
        assert!(parse_inline("[x](javascript:alert(1))").is_err());
    }

    #[test]
    fn isolation_marks_are_removed_from_link_targets() {
        let spans = parse_inline("[site](\u{2068}https://x.nl\u{2069})").unwrap();
        assert_eq!(spans[0].href.as_deref(), Some("https://x.nl"));
    }

    #[test]
    fn phone_numbers_become_links_and_times_get_their_value() {
        let spans = vec![Span {
            text: "Call \u{2068}050 361 48 86\u{2069} from \u{2068}8:30\u{202f}AM\u{2069}".into(),
            strong: false,
            emphasis: false,
            href: None,
            datetime: None,
            ltr: false,
            lang: None,
        }];
        let found = [
            (
                "050 361 48 86".to_string(),
                tel_href("050 361 48 86"),
                Mark::Phone,
            ),
            (
                "8:30\u{202f}AM".to_string(),
                "08:30".to_string(),
                Mark::Time,
            ),
        ];
        let out = mark_spans(spans, &found);
        assert_eq!(out.len(), 5);
        assert_eq!(out[1].href.as_deref(), Some("tel:0503614886"));
        assert_eq!(out[1].text, "050 361 48 86");
        assert!(out[1].ltr);
        assert_eq!(out[3].datetime.as_deref(), Some("08:30"));
        assert_eq!(out[3].href, None);
    }

    fn localize_minimal(change: impl FnOnce(&mut Project)) -> (Localized, Diagnostics) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let mut diags = Diagnostics::new();
        let mut project = crate::load::load_project(&root, &mut diags).unwrap();
        change(&mut project);
        let resolved = crate::resolve::resolve_project(&project, &mut diags).unwrap();
        let resources = parse_resources(&project, &mut diags);
        let locales = resolved.site.locales.clone();
        let translations = crate::translations::Translations::load(
            &project,
            &resources,
            &resolved.site,
            &mut diags,
        );
        let localized = localize(
            &resources,
            &resolved.site,
            &resolved.leaflets,
            &locales,
            &translations,
            &mut diags,
        );
        (localized, diags)
    }

    fn paragraph(doc: &Document, index: usize) -> &Text {
        match &doc.blocks[index] {
            Block::Paragraph { text } => text,
            other => panic!("not a paragraph: {other:?}"),
        }
    }

    #[test]
    fn messages_get_contact_data_and_with_arguments() {
        let (localized, diags) = localize_minimal(|_| {});
        assert!(!diags.has_errors() && !diags.has_warnings());
        let en = localized
            .documents
            .iter()
            .find(|d| d.locale == "en")
            .unwrap();
        assert_eq!(en.title.plain, "Test leaflet");
        let phone = paragraph(en, 5);
        assert_eq!(
            phone.plain,
            "Call \u{2068}012 345 67 89\u{2069} between \u{2068}8:00\u{202f}AM\u{2069} and \u{2068}5:00\u{202f}PM\u{2069}.\u{2068} After that, call \u{2068}012 999 99 99\u{2069}.\u{2069}"
        );
        assert!(
            phone
                .spans
                .iter()
                .any(|s| s.href.as_deref() == Some("tel:0123456789"))
        );
        let Block::Callout { items, .. } = &en.blocks[4] else {
            panic!()
        };
        assert_eq!(
            items[0].plain,
            "you have a fever and your \u{2068}surgical wound\u{2069} is red"
        );
        assert_eq!(phone.lang, None);
    }

    #[test]
    fn a_missing_translation_keeps_its_language_and_note() {
        let (localized, diags) = localize_minimal(|project| {
            let file = project
                .ftl
                .get_mut("en")
                .unwrap()
                .get_mut("test-folder")
                .unwrap();
            file.text = file
                .text
                .replace("intro = This is", "# intro removed\nx-intro = This is");
        });
        assert!(!diags.has_errors());
        assert_eq!(diags.count(crate::diag::Severity::Warning), 1);
        let en = localized
            .documents
            .iter()
            .find(|d| d.locale == "en")
            .unwrap();
        let intro = paragraph(en, 0);
        assert_eq!(intro.lang.as_deref(), Some("nl"));
        assert!(intro.plain.starts_with("Dit is de eerste alinea"));
        assert_eq!(
            intro.note.as_deref(),
            Some("Not translated yet; shown in \u{2068}Dutch\u{2069}.")
        );
        assert_eq!(en.fallback_count, 1);
        let nl = localized
            .documents
            .iter()
            .find(|d| d.locale == "nl")
            .unwrap();
        assert_eq!(paragraph(nl, 0).lang, None);
    }

    #[test]
    fn arabic_is_right_to_left() {
        assert_eq!(direction("ar"), Direction::Rtl);
        assert_eq!(direction("nl"), Direction::Ltr);
    }
}
