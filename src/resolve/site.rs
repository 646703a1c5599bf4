//! Site settings: languages, base address, theme colour (with its contrast), logo, footer
//! contacts and print profiles, checked against what the renderers can do.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use serde_saphyr::Spanned;
use unic_langid::LanguageIdentifier;

use super::images::resolve_image;
use super::validate::is_slug;
use super::{ContactInfo, FeedbackRoute, Limits, Owner, PrintProfile, ResolvedSite, ReviewPolicy};
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::load::{ImageSource, Project, span_location};

pub(super) fn resolve_site(
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
        .filter_map(|key| super::contacts::lookup_contact(key, file, contacts, diags))
        .collect();
    let print_profiles = resolve_print(file, site.print.as_ref(), diags);
    let limits = resolve_limits(file, &site.limits, diags);
    let review = ReviewPolicy {
        warn_days: match &site.review.warn_days {
            Some(days) if days.value <= 730 => days.value,
            Some(days) => {
                diags.push(
                    Diagnostic::error(format!(
                        "review.warn_days of {} is out of range",
                        days.value
                    ))
                    .at(span_location(file, days))
                    .hint("use a number of days from 0 to 730; the default is 60"),
                );
                60
            }
            None => 60,
        },
        expired: site.review.expired,
    };
    let feedback = site
        .feedback
        .as_ref()
        .and_then(|f| resolve_feedback(file, f, diags));
    let allowed_numbers = site
        .checks
        .allowed_numbers
        .iter()
        .map(|n| n.value.clone())
        .collect();
    let phone_country = match &site.checks.country {
        Some(country) if country.value.parse::<phonenumber::country::Id>().is_ok() => {
            country.value.clone()
        }
        Some(country) => {
            diags.push(
                Diagnostic::error(format!(
                    "checks.country \"{}\" is not a country code",
                    country.value
                ))
                .at(span_location(file, country))
                .hint("use the two-letter ISO code of the hospital's country, e.g. NL or BE"),
            );
            "NL".to_string()
        }
        None => "NL".to_string(),
    };
    let emergency_number = site
        .emergency_number
        .as_ref()
        .and_then(|number| check_emergency_number(file, number, diags));
    if !ok {
        return None;
    }
    let avoid = super::plain_language::resolve_avoid(file, &site.checks.avoid, &locales, diags);
    let formats = resolve_formats(file, &site.formats, &locales, &phone_country, diags);
    locales.retain(|l| l != &default.value);
    locales.insert(0, default.value.clone());
    let leaflet_ids = super::series::leaflet_ids(project);
    let series = super::series::resolve_series(project, &leaflet_ids, diags);
    Some(ResolvedSite {
        default_locale: default.value.clone(),
        locales,
        base_url,
        primary_color,
        logo,
        footer_contacts,
        print_profiles,
        limits,
        review,
        feedback,
        allowed_numbers,
        phone_country,
        show_stale: site.translations.stale == crate::load::StalePolicy::Show,
        site_message_ids: site_message_ids(site),
        readability: super::plain_language::resolve_readability(
            file,
            &site.checks.readability,
            diags,
        ),
        avoid,
        emergency_number,
        leaflet_ids,
        series,
        formats,
    })
}

/// How each language writes times and dates: `formats:` where given (checked), else the
/// language in the site's country, so that English on a Dutch site writes 16:30 and
/// "1 March 2026" (`en-NL`) rather than the American 4:30 PM.
fn resolve_formats(
    file: &Path,
    written: &BTreeMap<String, Spanned<String>>,
    locales: &[String],
    country: &str,
    diags: &mut Diagnostics,
) -> BTreeMap<String, String> {
    for (locale, value) in written {
        if !locales.contains(locale) {
            let mut d = Diagnostic::error(format!(
                "`formats` names \"{locale}\", which is not a language of the site"
            ))
            .at(span_location(file, value));
            d = match did_you_mean(locale, locales.iter().map(String::as_str)) {
                Some(hint) => d.hint(hint),
                None => d.hint(format!(
                    "the site's languages are {}; add the language to `locales` first",
                    locales.join(", ")
                )),
            };
            diags.push(d);
        }
    }
    locales
        .iter()
        .map(|locale| {
            let format = match written.get(locale) {
                Some(value) => match crate::format::regional_variant(locale, &value.value) {
                    Some(format) => format,
                    None => {
                        diags.push(
                            Diagnostic::error(format!(
                                "\"{}\" is not a way of writing the language \"{locale}\"",
                                value.value
                            ))
                            .at(span_location(file, value))
                            .hint(format!(
                                "write the language code with a region, e.g. {locale}-GB; en-GB writes 16:30 and 1 March 2026, en-US 4:30 PM and March 1, 2026"
                            )),
                        );
                        locale.clone()
                    }
                },
                None => crate::format::in_country(locale, country),
            };
            (locale.clone(), format)
        })
        .collect()
}

/// The emergency number is dialled as written: digits only (spaces allowed), as short as 112.
fn check_emergency_number(
    file: &Path,
    number: &Spanned<String>,
    diags: &mut Diagnostics,
) -> Option<String> {
    let value = number.value.trim();
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if value.chars().all(|c| c.is_ascii_digit() || c == ' ') && (2..=15).contains(&digits) {
        return Some(value.to_string());
    }
    diags.push(
        Diagnostic::error(format!(
            "emergency_number \"{}\" is not a phone number",
            number.value
        ))
        .at(span_location(file, number))
        .hint("write the digits people dial in an emergency, e.g. `emergency_number: \"112\"`"),
    );
    None
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

fn resolve_feedback(
    file: &Path,
    feedback: &Spanned<crate::load::Feedback>,
    diags: &mut Diagnostics,
) -> Option<FeedbackRoute> {
    let f = &feedback.value;
    let mut ok = true;
    if let Some(email) = &f.email {
        let valid = email.value.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !email.value.contains(char::is_whitespace)
        });
        if !valid {
            diags.push(
                Diagnostic::error(format!(
                    "feedback email \"{}\" is not an e-mail address",
                    email.value
                ))
                .at(span_location(file, email))
                .hint("write it as name@hospital.nl"),
            );
            ok = false;
        }
    }
    if let Some(url) = &f.url
        && !url.value.starts_with("https://")
    {
        diags.push(
            Diagnostic::error(format!(
                "feedback url \"{}\" is not a secure web address",
                url.value
            ))
            .at(span_location(file, url))
            .hint("write the full address of the form, starting with https://"),
        );
        ok = false;
    }
    if f.email.is_none() && f.url.is_none() {
        diags.push(
            Diagnostic::error("feedback needs an email or a url")
                .at(span_location(file, feedback))
                .hint("e.g. `feedback: { email: folders@hospital.nl }` or `feedback: { url: https://… }`"),
        );
        ok = false;
    }
    ok.then(|| FeedbackRoute {
        email: f.email.as_ref().map(|e| e.value.clone()),
        url: f.url.as_ref().map(|u| u.value.clone()),
    })
}

fn resolve_limits(
    file: &Path,
    limits: &crate::load::LimitSettings,
    diags: &mut Diagnostics,
) -> Limits {
    let mut out = Limits::DEFAULT;
    if let Some(timeout) = &limits.typst_timeout_s {
        if (1..=3600).contains(&timeout.value) {
            out.typst_timeout_s = timeout.value;
        } else {
            diags.push(
                Diagnostic::error(format!(
                    "limits.typst_timeout_s of {} seconds is out of range",
                    timeout.value
                ))
                .at(span_location(file, timeout))
                .hint("use a number of seconds from 1 to 3600; the default is 120"),
            );
        }
    }
    if let Some(pages) = &limits.max_pages {
        if (1..=500).contains(&pages.value) {
            out.max_pages = pages.value;
        } else {
            diags.push(
                Diagnostic::error(format!(
                    "limits.max_pages of {} is out of range",
                    pages.value
                ))
                .at(span_location(file, pages))
                .hint("use a number of pages from 1 to 500; the default is 40"),
            );
        }
    }
    out
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
