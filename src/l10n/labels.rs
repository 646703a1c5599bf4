//! Interface labels: the site's own texts (skip link, "page x of y", the fallback note …) that
//! every language's `site.ftl` provides and the templates use.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::chain::Chain;
use super::message::{ArgValue, Formatter, Tally};
use crate::diag::{Diagnostics, Location};
use crate::document::{CareLevel, Label};
use crate::ftl::Resources;
use crate::resolve::{MessageRef, Owner, ResolvedSite};

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
    "ui-contact-opening-hours",
    "ui-contact-closed",
    "ui-contact-email",
    "ui-contact-address",
    "ui-breadcrumb",
    "ui-main-nav",
    "ui-qr-code",
    "ui-footer-contacts",
    "ui-not-available",
    "ui-search-label",
    "ui-search-button",
    "ui-search-found",
    "ui-search-none",
    "ui-under-review",
    "ui-unreviewed-translation",
    "ui-feedback",
    "ui-feedback-email",
    "ui-feedback-form",
    "ui-sources",
    "ui-contents",
    "ui-series-previous",
    "ui-series-next",
    // Reader tools on the leaflet page (print, text size, read aloud) and the PDF's questions box.
    "ui-print",
    "ui-text-size",
    "ui-text-size-normal",
    "ui-text-size-large",
    "ui-text-size-larger",
    "ui-read-aloud",
    "ui-read-pause",
    "ui-read-resume",
    "ui-read-stop",
    "ui-questions-box",
    "ui-questions-box-intro",
];
/// "Page { $page } of { $total }": formatted with these placeholders, which the PDF template
/// replaces with its counters.
pub const PAGE_OF: &str = "ui-page-of";
pub const FALLBACK_NOTE: &str = "ui-fallback-note";
/// "Part { $part } of { $total } in this series": formatted per leaflet of a series.
pub const SERIES_PART: &str = "ui-series-part";
/// "in { $language }", after a link to a leaflet page in the default language: formatted with
/// the default language's name, in every other language.
pub const LINK_LANGUAGE: &str = "ui-link-language";

/// Every site.ftl message the site's pages use, whatever the leaflets say: the labels, the
/// ones formatted with arguments, and the default language's name (in the fallback note).
pub fn interface_message_ids(default_locale: &str) -> BTreeSet<String> {
    let mut ids: BTreeSet<String> = UI_LABELS.iter().map(|s| s.to_string()).collect();
    ids.extend([PAGE_OF, FALLBACK_NOTE, SERIES_PART, LINK_LANGUAGE].map(String::from));
    // The headings of the care levels, formatted per callout (the emergency one with `$number`).
    ids.extend(CareLevel::ALL.map(CareLevel::label_id));
    ids.insert(format!("lang-{default_locale}"));
    ids
}

/// A language's name in itself, for languages hospitals often add, until its `site.ftl` has
/// `language-self-name`.
pub fn own_name(locale: &str) -> Option<&'static str> {
    Some(match locale.split('-').next().unwrap_or(locale) {
        "nl" => "Nederlands",
        "en" => "English",
        "de" => "Deutsch",
        "fr" => "Français",
        "es" => "Español",
        "pt" => "Português",
        "it" => "Italiano",
        "pl" => "Polski",
        "uk" => "Українська",
        "ru" => "Русский",
        "ro" => "Română",
        "bg" => "Български",
        "tr" => "Türkçe",
        "ar" => "العربية",
        "fa" => "فارسی",
        "ti" => "ትግርኛ",
        "so" => "Soomaali",
        "am" => "አማርኛ",
        "zh" => "中文",
        "pap" => "Papiamentu",
        "fy" => "Frysk",
        _ => return None,
    })
}

/// "Not translated yet, shown in …": one per language, shared by every text that falls back.
pub(super) type FallbackNote = Option<Arc<Label>>;

/// The interface strings of one locale, and its fallback note. The labels shown in the
/// default language are added to `tally`, which the caller reports together with the site's
/// other texts (one warning per file).
pub(super) fn site_labels(
    resources: &Resources,
    chain: &Chain<'_>,
    site: &ResolvedSite,
    tally: &mut Tally,
    diags: &mut Diagnostics,
) -> Option<(BTreeMap<String, Label>, FallbackNote)> {
    let mut formatter = Formatter::new(resources, chain, None);
    let site_file = Owner::Site.ftl_path(&site.default_locale);
    let mut labels = BTreeMap::new();
    let mut ok = true;
    let label = |formatter: &mut Formatter<'_>,
                 id: &str,
                 args: Vec<(String, String)>,
                 diags: &mut Diagnostics| {
        formatter.set_base_args(
            args.into_iter()
                .map(|(name, value)| (name, ArgValue::Text(value)))
                .collect(),
        );
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
            // A language's own name in the default language ("Nederlands" for Polish) would
            // send readers to the wrong language: use its name in itself, or its code.
            Some(l) if *id == "language-self-name" && l.lang.is_some() => {
                let own = own_name(&chain.page_locale)
                    .map_or_else(|| chain.page_locale.clone(), str::to_string);
                labels.insert(
                    (*id).to_string(),
                    Label {
                        text: own,
                        lang: None,
                    },
                );
            }
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
        let note = name.as_ref().and_then(|name| {
            label(
                &mut formatter,
                FALLBACK_NOTE,
                vec![("language".into(), name.text.clone())],
                diags,
            )
        });
        match note {
            Some(note) => fallback_note = Some(Arc::new(note)),
            None => ok = false,
        }
        // A link to a leaflet not published in this language goes to the default language's
        // page, marked "in <that language>" (never needed in the default language itself).
        let link_language = name.and_then(|name| {
            label(
                &mut formatter,
                LINK_LANGUAGE,
                vec![("language".into(), name.text)],
                diags,
            )
        });
        match link_language {
            Some(l) => {
                labels.insert(LINK_LANGUAGE.to_string(), l);
            }
            None => ok = false,
        }
    }
    for (owner, ids) in std::mem::take(&mut formatter.tally.fallbacks) {
        tally.fallbacks.entry(owner).or_default().extend(ids);
    }
    ok.then_some((labels, fallback_note))
}

/// "A medical translator has not checked this translation yet": shown on every page of a
/// language whose translation is not reviewed.
pub const UNREVIEWED_NOTICE: &str = "ui-unreviewed-translation";
/// "We are checking this leaflet right now": shown on a leaflet past its review date whose
/// site says `expired: notice`.
pub const UNDER_REVIEW_NOTICE: &str = "ui-under-review";

/// Of the notices that warn a page's readers ([`UNREVIEWED_NOTICE`], [`UNDER_REVIEW_NOTICE`]),
/// those the labels of `locale` (from [`site_labels`]) show in another language than the
/// page's (Dutch on a Polish page), or without a word: a warning its readers cannot read warns
/// nobody. A regional variant's fallback to its own language (`nl-be` to `nl`) is readable.
pub(super) fn unreadable_notices(
    labels: &BTreeMap<String, Label>,
    locale: &str,
) -> BTreeSet<&'static str> {
    let language = |locale: &str| {
        locale
            .parse::<unic_langid::LanguageIdentifier>()
            .map(|id| id.language)
            .ok()
    };
    [UNREVIEWED_NOTICE, UNDER_REVIEW_NOTICE]
        .into_iter()
        .filter(|id| {
            labels.get(*id).is_none_or(|label| {
                // A notice without a word (`{ "" }`, a dot) tells nobody anything.
                !label.text.chars().any(char::is_alphabetic)
                    || label
                        .lang
                        .as_deref()
                        .is_some_and(|shown| language(shown) != language(locale))
            })
        })
        .collect()
}
