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

mod chain;
mod contact;
mod inline;
mod labels;
mod links;
mod message;
mod table;

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, Diagnostics, GroupKind, Location};
use crate::document::{
    Block, CareLevel, Contents, ContentsEntry, Document, Feedback, Image, Label, SiteLocale,
    SourceItem, Text,
};
use crate::ftl::Resources;
use crate::paths;
use crate::resolve::{
    MessageRef, Owner, ResolvedBlock, ResolvedImage, ResolvedLeaflet, ResolvedSite, SeriesPlace,
};

use chain::{Chain, build_chain};
pub use chain::{direction, script};
pub use contact::FIELDS as CONTACT_FIELDS;
use contact::{contact_args, localize_contact};
pub use inline::{allowed_link, parse_inline, tel_href};
pub use labels::{PAGE_OF, UI_LABELS, interface_message_ids};
use links::{LinkTargets, fill_series_titles};
use message::{ArgValue, Formatter, report_fallbacks};

/// Stale translations of one locale: Fluent file key → message ids.
pub type StaleByFile = BTreeMap<String, BTreeSet<String>>;

/// What localize knows of the translations, as plain values.
pub struct TranslationState<'a> {
    /// Per locale, the translations not confirmed against their current source; they are not
    /// shown (unless the site says `stale: show`, which the caller applies by passing none).
    pub stale: &'a BTreeMap<String, StaleByFile>,
    /// Per locale, the stale translations edited after their confirmation: not shown, but
    /// formatted too, so a broken edit (markup, a missing variable) is an error now.
    pub edited: &'a BTreeMap<String, StaleByFile>,
    /// (locale, file key) pairs with at least one translated message: a leaflet whose own file
    /// is not started in a language is left out of that language.
    pub started: &'a BTreeSet<(String, String)>,
    /// Locales whose translation a medical translator has reviewed (the lock files say so).
    pub reviewed: &'a BTreeSet<String>,
}

/// Every Document of a run, and the interface of each language for the index pages.
pub struct Localized {
    pub documents: Vec<Document>,
    pub site_locales: Vec<SiteLocale>,
}

/// Localizes every leaflet (or only those in `only`) into every locale in `locales`.
pub fn localize(
    resources: &Resources,
    site: &ResolvedSite,
    leaflets: &[ResolvedLeaflet],
    locales: &[String],
    translations: &TranslationState<'_>,
    only: Option<&BTreeSet<String>>,
    diags: &mut Diagnostics,
) -> Localized {
    let mut documents = Vec::new();
    let mut site_locales = Vec::new();
    let no_stale = StaleByFile::new();
    // Stale translations, by file: each chain skips those of its own files only.
    // `stale: show` shows translations whose source changed, never one edited after its
    // confirmation: that wording was checked by nobody.
    let stale_in = |locale: &str, keys: &[String]| {
        let edited_only = translations.edited.get(locale).unwrap_or(&no_stale);
        let (stale, edited) = if site.show_stale {
            (edited_only, edited_only)
        } else {
            (
                translations.stale.get(locale).unwrap_or(&no_stale),
                edited_only,
            )
        };
        let ids_in = |by_file: &StaleByFile| -> BTreeSet<String> {
            keys.iter()
                .filter_map(|key| by_file.get(key))
                .flatten()
                .cloned()
                .collect()
        };
        (ids_in(stale), ids_in(edited))
    };
    let site_keys = vec![Owner::Site.ftl_key()];
    let unreviewed =
        |locale: &str| locale != site.default_locale && !translations.reviewed.contains(locale);
    // Each language's interface (its site chain and labels), made once: the labels tell which
    // notices a language would show in another language (`site.ftl` not translated yet).
    let interfaces: Vec<_> = locales
        .iter()
        .map(|locale| {
            let chain = build_chain(
                resources,
                &site.formats,
                &site.default_locale,
                locale,
                site_keys.clone(),
                stale_in(locale, &site_keys),
                diags,
            );
            let mut tally = message::Tally::default();
            let labels = labels::site_labels(resources, &chain, site, &mut tally, diags);
            (chain, tally, labels)
        })
        .collect();
    // A page that must show such a notice is left out of that language, as an untranslated
    // leaflet is, until the notice is translated.
    let unreadable: BTreeMap<&str, BTreeSet<&'static str>> = locales
        .iter()
        .zip(&interfaces)
        .filter_map(|(locale, (_, _, labels))| {
            let (labels, _) = labels.as_ref()?;
            Some((locale.as_str(), labels::unreadable_notices(labels, locale)))
        })
        .collect();
    let unreadable_for = |locale: &str, leaflet: &ResolvedLeaflet| -> Vec<&'static str> {
        let needed = [
            (unreviewed(locale), labels::UNREVIEWED_NOTICE),
            (leaflet.under_review, labels::UNDER_REVIEW_NOTICE),
        ];
        needed
            .into_iter()
            .filter(|(shown, id)| *shown && unreadable.get(locale).is_some_and(|u| u.contains(id)))
            .map(|(_, id)| id)
            .collect()
    };
    // A leaflet whose own file does not exist in a language is "not started": it is left out
    // of that language's site (its pages say which languages it lacks), rather than shown
    // entirely in the default language. Known before any Document is made, so links between
    // leaflets know which pages there will be.
    let published: BTreeSet<(String, String)> = locales
        .iter()
        .flat_map(|locale| {
            leaflets
                .iter()
                .filter(move |leaflet| {
                    locale == &site.default_locale
                        || translations.started.contains(&(
                            locale.clone(),
                            Owner::Leaflet(leaflet.id.clone()).ftl_key(),
                        ))
                })
                .map(move |leaflet| (locale.clone(), leaflet.id.clone()))
        })
        .collect();
    // Started but held back by a notice its readers could not read: one warning per notice
    // and language, naming the leaflets.
    let mut held_back: BTreeMap<(&str, &'static str), Vec<&str>> = BTreeMap::new();
    for leaflet in leaflets {
        for locale in locales {
            if published.contains(&(locale.clone(), leaflet.id.clone())) {
                for id in unreadable_for(locale, leaflet) {
                    held_back.entry((locale, id)).or_default().push(&leaflet.id);
                }
            }
        }
    }
    for ((locale, id), ids) in &held_back {
        let file = Owner::Site.ftl_path(locale);
        let what = if *id == labels::UNREVIEWED_NOTICE {
            "that a medical translator has not checked the translation yet"
        } else {
            "that the leaflet is being reviewed"
        };
        let named = if ids.len() > 10 {
            format!("{} and {} more", ids[..10].join(", "), ids.len() - 10)
        } else {
            ids.join(", ")
        };
        diags.push(
            Diagnostic::warning(format!(
                "the {locale} site leaves out {} ({named}): {} must tell readers {what}, and that notice ({id}) is not translated into {locale} (or has no words), so they could not read it",
                if ids.len() == 1 { "1 leaflet".to_string() } else { format!("{} leaflets", ids.len()) },
                if ids.len() == 1 { "its page" } else { "their pages" },
            ))
            .at(Location::file_start(&file))
            .hint(format!(
                "translate `{id}` in {}, then confirm it: leaflet translations confirm {locale} {}:{id}",
                file.display(),
                paths::SITE_FTL_KEY
            )),
        );
    }
    let held: BTreeSet<(String, String)> = held_back
        .iter()
        .flat_map(|((locale, _), ids)| ids.iter().map(|id| (locale.to_string(), id.to_string())))
        .collect();
    let published: BTreeSet<(String, String)> = published.difference(&held).cloned().collect();
    let link_targets = LinkTargets::new(site, leaflets, &published);
    for (locale, (site_chain, label_tally, labels)) in locales.iter().zip(interfaces) {
        let stale_in = |keys: &[String]| stale_in(locale, keys);
        let Some((labels, fallback_note)) = labels else {
            report_fallbacks(&label_tally, &site_chain, resources, diags);
            continue;
        };
        let mut site_formatter = Formatter::new(resources, &site_chain, None);
        site_formatter.tally = label_tally;
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
        report_fallbacks(&site_formatter.tally, &site_chain, resources, diags);
        let feedback = site.feedback.as_ref().map(|f| Feedback {
            email: f.email.clone(),
            email_href: f.email.as_ref().map(|e| format!("mailto:{e}")),
            url: f.url.clone(),
        });
        site_locales.push(SiteLocale {
            locale: locale.clone(),
            dir: direction(locale),
            script: script(locale),
            labels: labels.clone(),
            logo,
            footer_contacts,
            feedback: feedback.clone(),
        });
        let shared_labels = std::sync::Arc::new(labels);
        let unreviewed_translation = unreviewed(locale);
        // Each leaflet on its own (rayon), its problems in a list of its own; the Documents
        // and problems are then taken in the leaflets' order, so the output does not depend
        // on which thread finished first.
        let localized: Vec<(Option<Document>, Diagnostics)> = leaflets
            .par_iter()
            .filter(|leaflet| only.is_none_or(|ids| ids.contains(&leaflet.id)))
            .map(|leaflet| {
            let mut found = Diagnostics::new();
            let diags = &mut found;
            let own_key = Owner::Leaflet(leaflet.id.clone()).ftl_key();
            if held.contains(&(locale.clone(), leaflet.id.clone())) {
                // Told above, once for all such leaflets.
                return (None, found);
            }
            if !published.contains(&(locale.clone(), leaflet.id.clone())) {
                let file = paths::ftl_path(locale, &own_key);
                let translated = resources
                    .get(locale, &own_key)
                    .is_some_and(|r| crate::ftl::messages(r).next().is_some());
                // Translated but unconfirmed is not "not translated": the translator's work is
                // there, only the check is missing.
                let headline = if translated {
                    format!(
                        "leaflet \"{}\" is translated into {locale}, but the translation is waiting for confirmation, so the {locale} site leaves it out for now",
                        leaflet.id
                    )
                } else {
                    format!(
                        "leaflet \"{}\" is not translated into {locale} yet, so the {locale} site leaves it out",
                        leaflet.id
                    )
                };
                diags.push(
                    Diagnostic::warning(headline)
                    .at(Location::file_start(&leaflet.path))
                    .hint(if translated {
                        // Translated, waiting for its confirmation.
                        format!(
                            "{} has translations that are not confirmed yet; once someone has checked them against the {} text, run: leaflet translations confirm {locale} {}",
                            file.display(),
                            site.default_locale,
                            leaflet.id
                        )
                    } else if resources.get(locale, &own_key).is_some() {
                        // `leaflet locale add` wrote it with the default texts as comments.
                        format!(
                            "{} is there with every {} text commented out: remove the \"# \" in front of a message's lines, translate its text, then confirm it (leaflet translations confirm {locale} …)",
                            file.display(),
                            site.default_locale
                        )
                    } else {
                        format!(
                            "create {} and translate at least one of its messages, then confirm it (leaflet translations confirm {locale} …); `leaflet locale add {locale}` writes the file for you",
                            file.display()
                        )
                    })
                    .grouped(GroupKind::LeafletLeftOut, locale.as_str(), 1),
                );
                return (None, found);
            }
            let keys = leaflet.ftl_keys();
            let skip = stale_in(&keys);
            let chain = build_chain(
                resources,
                &site.formats,
                &site.default_locale,
                locale,
                keys,
                skip,
                diags,
            );
            let page = Page {
                labels: &shared_labels,
                fallback_note: &fallback_note,
                links: &link_targets,
                series: site.series.get(&leaflet.id),
            };
            let doc = localize_leaflet(resources, &chain, site, leaflet, page, diags).map(|mut doc| {
                doc.unreviewed_translation = unreviewed_translation;
                doc.feedback = feedback.clone();
                doc
            });
            (doc, found)
        })
            .collect();
        for (doc, found) in localized {
            diags.extend(found);
            documents.extend(doc);
        }
    }
    fill_series_titles(&mut documents);
    // A language with no leaflet on its site yet is not offered (language choice, switchers,
    // "not yet in", sitemap) and gets no index page: each would lead to an empty page.
    site_locales.retain(|s| {
        s.locale == site.default_locale || published.iter().any(|(locale, _)| *locale == s.locale)
    });
    Localized {
        documents,
        site_locales,
    }
}

/// What a leaflet's page needs besides its own texts.
struct Page<'a> {
    labels: &'a std::sync::Arc<BTreeMap<String, Label>>,
    fallback_note: &'a labels::FallbackNote,
    links: &'a LinkTargets<'a>,
    series: Option<&'a SeriesPlace>,
}

fn localize_leaflet(
    resources: &Resources,
    chain: &Chain<'_>,
    site: &ResolvedSite,
    leaflet: &ResolvedLeaflet,
    page: Page<'_>,
    diags: &mut Diagnostics,
) -> Option<Document> {
    let Page {
        labels,
        fallback_note,
        links,
        series,
    } = page;
    let web_url = site
        .base_url
        .as_ref()
        .map(|base| paths::web_url(base, &paths::page_dir(&chain.page_locale, &leaflet.id)));
    let mut local = Diagnostics::new();
    let contact = &leaflet.contact;
    let mut f = Formatter::new(resources, chain, Some(leaflet));
    f.set_base_args(contact_args(contact, None));
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
    // Links to other leaflets work on the leaflet's own page (and its PDF) only: from here on.
    f.links = Some(links);
    f.link_note = labels.get(labels::LINK_LANGUAGE).cloned();
    let series = series.and_then(|place| {
        let label = series_label(&mut f, place, &mut local)?;
        Some(links.series(place, &chain.page_locale, label, f.link_note.as_ref()))
    });
    let mut blocks = Vec::with_capacity(leaflet.blocks.len());
    let emergency = site.emergency_number.as_deref();
    for block in &leaflet.blocks {
        if let Some(b) = localize_block(&mut f, block, emergency, &mut local) {
            blocks.push(b);
        }
    }
    number_headings(&mut blocks, leaflet.numbering);
    let contents = table_of_contents(&blocks);
    crate::document::one_note_per_fallback_run(&mut blocks);
    report_fallbacks(&f.tally, chain, resources, diags);
    let failed = local.has_errors();
    diags.extend(local);
    if failed {
        return None;
    }
    Some(Document {
        id: leaflet.id.clone(),
        locale: chain.page_locale.clone(),
        dir: direction(&chain.page_locale),
        script: script(&chain.page_locale),
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
        reviewed_text: crate::format::date(
            chain.format_locale(&chain.page_locale),
            leaflet.reviewed,
        )
        .unwrap_or_else(|| leaflet.reviewed.to_string()),
        review_by_text: crate::format::date(
            chain.format_locale(&chain.page_locale),
            leaflet.review_by,
        )
        .unwrap_or_else(|| leaflet.review_by.to_string()),
        blocks,
        labels: labels.clone(),
        under_review: leaflet.under_review,
        unreviewed_translation: false,
        sources: leaflet
            .sources
            .iter()
            .map(|(title, url)| {
                let default = chain.default_locale();
                let foreign = default != chain.page_locale;
                SourceItem {
                    title: title.clone(),
                    url: url.clone(),
                    lang: foreign.then(|| default.to_string()),
                    dir: foreign.then(|| direction(default)),
                }
            })
            .collect(),
        feedback: None,
        series,
        contents,
        questions_box: leaflet.questions_box,
    })
}

/// Gives every heading a unique anchor and, when the leaflet asks for `numbering`, its number:
/// "1", "2" for headings, "2.1" for the subheadings under the second.
fn number_headings(blocks: &mut [Block], numbering: bool) {
    let mut anchors = BTreeSet::new();
    let (mut section, mut subsection) = (0, 0);
    for block in blocks {
        let Block::Heading {
            level,
            anchor,
            number,
            ..
        } = block
        else {
            continue;
        };
        // A heading message used twice (a shared block used twice) still gets its own anchor.
        let base = anchor.clone();
        let mut n = 2;
        while !anchors.insert(anchor.clone()) {
            *anchor = format!("{base}-{n}");
            n += 1;
        }
        if !numbering {
            continue;
        }
        // `resolve` made sure a subheading (level 3) always follows a heading.
        if *level == 2 {
            section += 1;
            subsection = 0;
            *number = Some(section.to_string());
        } else {
            subsection += 1;
            *number = Some(format!("{section}.{subsection}"));
        }
    }
}

/// The table of contents, for leaflets with enough headings to need one: headings, with their
/// subheadings nested under them.
fn table_of_contents(blocks: &[Block]) -> Option<Contents> {
    let mut entries: Vec<ContentsEntry> = Vec::new();
    let mut before = None;
    for (index, block) in blocks.iter().enumerate() {
        let Block::Heading {
            level,
            text,
            anchor,
            number,
        } = block
        else {
            continue;
        };
        before.get_or_insert(index);
        let entry = ContentsEntry {
            anchor: anchor.clone(),
            number: number.clone(),
            text: text.clone(),
            entries: Vec::new(),
        };
        match entries.last_mut() {
            Some(parent) if *level > 2 => parent.entries.push(entry),
            _ => entries.push(entry),
        }
    }
    (entries.len() >= Contents::MIN_SECTIONS).then(|| Contents {
        before: before.unwrap_or(0),
        entries,
    })
}

/// "Part 1 of 2 in this series" in the page's language.
fn series_label(
    f: &mut Formatter<'_>,
    place: &SeriesPlace,
    diags: &mut Diagnostics,
) -> Option<Label> {
    let saved = f.set_base_args(vec![
        ("part".into(), ArgValue::Text(place.part.to_string())),
        ("total".into(), ArgValue::Text(place.total.to_string())),
    ]);
    let reference = MessageRef {
        id: labels::SERIES_PART.into(),
        at: Location::file_start(Owner::Site.ftl_path(f.chain.default_locale())),
        owner: Owner::Site,
        args: Default::default(),
    };
    let label = f.format_raw(&reference, diags);
    f.set_base_args(saved);
    label.map(|(text, lang)| Label { text, lang })
}

fn localize_block(
    f: &mut Formatter<'_>,
    block: &ResolvedBlock,
    emergency_number: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<Block> {
    let all = |f: &mut Formatter<'_>, items: &[MessageRef], diags: &mut Diagnostics| {
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
            anchor: format!("section-{}", message.id),
            number: None,
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
            level,
            at,
            heading,
            text,
            items,
        } => {
            let level_text = care_level_text(f, *level, at, emergency_number, diags);
            let heading = heading.as_ref().map(|m| f.format(m, diags));
            let text = text.as_ref().map(|m| f.format(m, diags));
            let items = all(f, items, diags)?;
            Block::Callout {
                level: *level,
                level_text: level_text?,
                heading: heading.map_or(Some(None), |h| h.map(Some))?,
                text: text.map_or(Some(None), |t| t.map(Some))?,
                items,
            }
        }
        ResolvedBlock::ContactCard(contact) => {
            Block::ContactCard(localize_contact(f, contact, diags)?)
        }
        ResolvedBlock::Image(image) => Block::Image(localize_image(f, image, diags)?),
        ResolvedBlock::Table(t) => Block::Table(table::localize_table(f, t, diags)?),
    })
}

/// The heading of a care level from `site.ftl` ("Urgent: call us today"). The emergency one
/// gets the site's emergency number as `$number`, marked as a phone number: a `tel:` link, kept
/// left to right in right-to-left text. Only here: marking "112" everywhere would turn any
/// number that contains those digits into a link.
fn care_level_text(
    f: &mut Formatter<'_>,
    level: CareLevel,
    at: &Location,
    emergency_number: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<Text> {
    let reference = MessageRef {
        id: level.label_id(),
        at: at.clone(),
        owner: Owner::Site,
        args: Default::default(),
    };
    let number = emergency_number.filter(|_| level == CareLevel::Emergency);
    let Some(number) = number else {
        return f.format(&reference, diags);
    };
    // Given as a phone number, so that it is marked as one (link, left to right).
    let args = vec![("number".to_string(), ArgValue::Phone(number.to_string()))];
    let saved_args = f.set_base_args(args);
    let text = f.format(&reference, diags);
    f.set_base_args(saved_args);
    text
}

fn localize_image(
    f: &mut Formatter<'_>,
    image: &ResolvedImage,
    diags: &mut Diagnostics,
) -> Option<Image> {
    let alt = f.format(&image.alt, diags);
    let caption = image.caption.as_ref().map(|c| f.format(c, diags));
    let (alt, caption) = (alt?, caption.map_or(Some(None), |c| c.map(Some))?);
    if let (Some(text), Some(reference)) = (&caption, &image.caption)
        && text.plain().trim() == alt.plain().trim()
    {
        diags.push(
            Diagnostic::warning(format!(
                "the caption of image \"{}/{}\" says the same as its text alternative (alt) in {}",
                paths::IMAGES_DIR, image.file, f.chain.page_locale
            ))
            .at(reference.at.clone())
            .hint(format!(
                "a screen reader reads both, one after the other: let \"{}\" say what the picture shows and \"{}\" what it means",
                image.alt.id, reference.id
            )),
        );
    }
    Some(Image {
        file: image.file.clone(),
        alt,
        caption,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_language_knows_its_script() {
        for (locale, expected) in [
            ("nl", "Latn"),
            ("tr", "Latn"),
            ("pl", "Latn"),
            ("uk", "Cyrl"),
            ("ar", "Arab"),
            ("fa", "Arab"),
            ("ti", "Ethi"),
            ("zh", "Hans"),
            ("sr-Latn", "Latn"),
        ] {
            assert_eq!(script(locale), expected, "{locale}");
        }
    }

    use std::path::Path;

    use super::*;
    use crate::document::Direction;
    use crate::load::Project;

    fn localize_minimal(change: impl FnOnce(&mut Project)) -> (Localized, Diagnostics) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let mut diags = Diagnostics::new();
        let mut project = crate::load::load_project(&root, &mut diags).unwrap();
        change(&mut project);
        let resolved =
            crate::resolve::resolve_project(&project, jiff::civil::date(2026, 6, 1), &mut diags)
                .unwrap();
        let resources = crate::ftl::parse_resources(project.ftl.clone(), &mut diags);
        let locales = resolved.site.locales.clone();
        let translations =
            crate::translations::Translations::load(&root, &resources, &resolved.site, &mut diags);
        let started = translations.started(false);
        let reviewed = BTreeSet::new();
        let state = TranslationState {
            stale: translations.stale_by_locale(),
            edited: translations.edited_by_locale(),
            started: &started,
            reviewed: &reviewed,
        };
        let localized = localize(
            &resources,
            &resolved.site,
            &resolved.leaflets,
            &locales,
            &state,
            None,
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
        assert_eq!(en.title.plain(), "Test leaflet");
        let phone = paragraph(en, 5);
        assert_eq!(
            phone.plain(),
            "Call 050 345 67 89 between 08:00 and 17:00. After that, call 050 999 99 99."
        );
        // English on a Dutch site writes the 24-hour clock (en-NL); the times are marked.
        let times: Vec<&str> = phone
            .spans
            .iter()
            .filter_map(|s| s.datetime.as_deref())
            .collect();
        assert_eq!(times, ["08:00", "17:00"]);
        assert!(
            phone
                .spans
                .iter()
                .any(|s| s.href.as_deref() == Some("tel:0503456789"))
        );
        let Block::Callout { items, .. } = &en.blocks[4] else {
            panic!()
        };
        assert_eq!(
            items[0].plain(),
            "you have a fever and your surgical wound is red"
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
        assert!(intro.plain().starts_with("Dit is de eerste alinea"));
        assert_eq!(
            intro
                .note
                .as_ref()
                .map(|n| (n.text.as_str(), n.lang.as_deref())),
            Some(("Not translated yet; shown in Dutch.", None))
        );
        let nl = localized
            .documents
            .iter()
            .find(|d| d.locale == "nl")
            .unwrap();
        assert_eq!(paragraph(nl, 0).lang, None);
    }

    fn heading(level: u8, id: &str) -> Block {
        Block::Heading {
            level,
            text: Text::from_spans(parse_inline(id).unwrap()),
            anchor: format!("section-{id}"),
            number: None,
        }
    }

    fn numbers_and_anchors(blocks: &[Block]) -> Vec<(Option<&str>, &str)> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { number, anchor, .. } => Some((number.as_deref(), anchor.as_str())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn headings_are_numbered_by_level_and_anchored_once() {
        let paragraph = Block::Paragraph {
            text: Text::from_spans(parse_inline("text").unwrap()),
        };
        let mut blocks = vec![
            paragraph.clone(),
            heading(2, "how"),
            heading(3, "trial"),
            heading(3, "implant"),
            paragraph,
            heading(2, "risks"),
            heading(2, "how"),
        ];
        number_headings(&mut blocks, true);
        assert_eq!(
            numbers_and_anchors(&blocks),
            [
                (Some("1"), "section-how"),
                (Some("1.1"), "section-trial"),
                (Some("1.2"), "section-implant"),
                (Some("2"), "section-risks"),
                // The same heading used twice (a shared block used twice) gets its own anchor.
                (Some("3"), "section-how-2"),
            ]
        );
        let mut unnumbered = vec![heading(2, "how"), heading(3, "trial")];
        number_headings(&mut unnumbered, false);
        assert_eq!(
            numbers_and_anchors(&unnumbered),
            [(None, "section-how"), (None, "section-trial")]
        );
    }

    #[test]
    fn the_contents_list_headings_with_their_subheadings_from_four_headings_on() {
        let intro = Block::Paragraph {
            text: Text::from_spans(parse_inline("intro").unwrap()),
        };
        let mut blocks = vec![intro, heading(2, "a"), heading(3, "a1"), heading(2, "b")];
        blocks.push(heading(2, "c"));
        assert_eq!(
            table_of_contents(&blocks),
            None,
            "three headings: no contents"
        );
        blocks.push(heading(2, "d"));
        let contents = table_of_contents(&blocks).unwrap();
        assert_eq!(contents.before, 1, "shown after the introduction");
        let anchors: Vec<(&str, Vec<&str>)> = contents
            .entries
            .iter()
            .map(|e| {
                let sub = e.entries.iter().map(|s| s.anchor.as_str()).collect();
                (e.anchor.as_str(), sub)
            })
            .collect();
        assert_eq!(
            anchors,
            [
                ("section-a", vec!["section-a1"]),
                ("section-b", vec![]),
                ("section-c", vec![]),
                ("section-d", vec![]),
            ]
        );
    }

    #[test]
    fn arabic_is_right_to_left() {
        assert_eq!(direction("ar"), Direction::Rtl);
        assert_eq!(direction("nl"), Direction::Ltr);
    }
}
