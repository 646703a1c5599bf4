//! Contacts: each organisation's phone numbers, opening hours (`hours.rs`), e-mail and postal
//! address from `site.yaml`, checked, and looked up by the `org/contact` key leaflets use. An
//! `after_hours` may name another contact instead of a number, so that a number two contacts
//! share is still written once.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde_saphyr::Spanned;

use super::hours::resolve_hours;
use super::images::resolve_image;
use super::validate::check_message_id;
use super::{ContactInfo, MessageRef, Owner, PostalAddress};
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::load::{AddressSource, Project, span_location};

/// Every contact of site.yaml by `org/contact`, and whether all are without error (each error
/// is reported). With one broken, no leaflet is checked against half a contact: "$opens is not
/// given" after a broken `hours:` would only repeat the error.
pub(super) fn collect_contacts(
    project: &Project,
    diags: &mut Diagnostics,
) -> (BTreeMap<String, Arc<ContactInfo>>, bool) {
    let errors_before = diags.count(crate::diag::Severity::Error);
    let file = &project.site_path;
    let no_args = Arc::new(BTreeMap::new());
    // Every contact's own number, for an `after_hours` that names another contact.
    let numbers: BTreeMap<String, String> = project
        .site
        .organizations
        .iter()
        .flat_map(|(org, o)| {
            o.contacts
                .iter()
                .map(move |(key, c)| (format!("{org}/{key}"), c.phone.value.clone()))
        })
        .collect();
    // The site's country (checks.country, checked in `site.rs`), for numbers without +.
    let country = project
        .site
        .checks
        .country
        .as_ref()
        .and_then(|c| c.value.parse::<phonenumber::country::Id>().ok())
        .unwrap_or(phonenumber::country::Id::NL);
    let mut out = BTreeMap::new();
    for (org_key, org) in &project.site.organizations {
        let logo = org
            .logo
            .as_ref()
            .and_then(|logo| resolve_image(project, file, logo, &Owner::Site, diags));
        for (contact_key, contact) in &org.contacts {
            check_message_id(&contact.name, file, diags);
            let hours = contact
                .hours
                .as_ref()
                .and_then(|hours| resolve_hours(file, hours, diags));
            check_phone_number(file, &contact.phone, false, country, diags);
            let (after_hours, after_hours_contact) = match &contact.after_hours {
                // Another contact's number: written once, at that contact.
                Some(other) if other.value.contains('/') => match numbers.get(other.value.trim()) {
                    Some(number) => (Some(number.clone()), Some(other.value.trim().to_string())),
                    None => {
                        unknown_contact(other, file, numbers.keys(), diags);
                        (None, None)
                    }
                },
                Some(number) => {
                    check_phone_number(file, number, true, country, diags);
                    (Some(number.value.clone()), None)
                }
                None => (None, None),
            };
            if let Some(email) = &contact.email {
                check_email(file, email, diags);
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
            let address = contact
                .address
                .as_ref()
                .and_then(|address| check_address(file, address, diags));
            let key = format!("{org_key}/{contact_key}");
            out.insert(
                key.clone(),
                Arc::new(ContactInfo {
                    key: key.clone(),
                    organization: org.name.clone(),
                    name: MessageRef {
                        id: contact.name.value.clone(),
                        at: span_location(file, &contact.name),
                        owner: Owner::Site,
                        args: no_args.clone(),
                    },
                    phone: contact.phone.value.clone(),
                    hours,
                    after_hours,
                    after_hours_contact,
                    email: contact.email.as_ref().map(|e| e.value.trim().to_string()),
                    address,
                    portal: org
                        .portal
                        .as_ref()
                        .map(|p| (p.name.clone(), p.url.value.clone())),
                    logo: logo.clone(),
                }),
            );
        }
    }
    let ok = diags.count(crate::diag::Severity::Error) == errors_before;
    (out, ok)
}

/// Digits, spaces, `+-()`, and a number that Google's libphonenumber metadata (the
/// `phonenumber` crate) knows as valid for `country` — a digit too few or too many, or an
/// area code that does not exist, is caught here, before it is printed on every leaflet.
/// `after_hours` may also name a contact, which its hint says.
fn check_phone_number(
    file: &Path,
    number: &Spanned<String>,
    after_hours: bool,
    country: phonenumber::country::Id,
    diags: &mut Diagnostics,
) {
    let digits = number.value.chars().filter(char::is_ascii_digit).count();
    let allowed = number
        .value
        .chars()
        .all(|c| c.is_ascii_digit() || " +-()".contains(c));
    if !allowed || digits < 3 {
        diags.push(
            Diagnostic::error(format!("\"{}\" is not a phone number", number.value))
                .at(span_location(file, number))
                .hint(if after_hours {
                    "write digits, spaces and an optional leading +, e.g. \"050 361 48 86\", or the contact whose number it is, as organisation/contact"
                } else {
                    "write digits, spaces and an optional leading +, e.g. \"050 361 48 86\""
                }),
        );
        return;
    }
    let valid = phonenumber::parse(Some(country), number.value.trim())
        .is_ok_and(|parsed| phonenumber::is_valid(&parsed));
    if !valid {
        diags.push(
            Diagnostic::error(format!(
                "\"{}\" is not a valid phone number in {country:?} ({digits} digits)",
                number.value
            ))
            .at(span_location(file, number))
            .hint("check the number digit by digit against the department's own listing (a Dutch number has 10 digits, starting with 0); a number abroad starts with + and its country code; checks.country in site.yaml sets the country"),
        );
    }
}

/// An e-mail address as RFC 5322 has it (the `email_address` crate), with a domain that has a
/// dot: no display names ("Pijncentrum <…>") and no IP addresses, which a `mailto:` link to a
/// department never needs.
fn check_email(file: &Path, email: &Spanned<String>, diags: &mut Diagnostics) {
    let options = email_address::Options {
        minimum_sub_domains: 2,
        allow_domain_literal: false,
        allow_display_text: false,
        allow_long_local_parts: false,
    };
    if email_address::EmailAddress::parse_with_options(email.value.trim(), options).is_err() {
        diags.push(
            Diagnostic::error(format!("\"{}\" is not an e-mail address", email.value))
                .at(span_location(file, email))
                .hint("write the address alone, e.g. pijncentrum@hospital.nl"),
        );
    }
}

/// Street, postcode and city are each one line of text.
fn check_address(
    file: &Path,
    address: &Spanned<AddressSource>,
    diags: &mut Diagnostics,
) -> Option<PostalAddress> {
    let AddressSource {
        street,
        postcode,
        city,
    } = &address.value;
    let mut ok = true;
    for (part, value) in [("street", street), ("postcode", postcode), ("city", city)] {
        let text = value.value.trim();
        if text.is_empty() || text.chars().any(char::is_control) || text.chars().count() > 100 {
            diags.push(
                Diagnostic::error(format!("the address's {part} is empty, too long or more than one line"))
                    .at(span_location(file, value))
                    .hint("write each part on one line, e.g. { street: \"Hanzeplein 1\", postcode: \"9713 GZ\", city: Groningen }"),
            );
            ok = false;
        }
    }
    ok.then(|| PostalAddress {
        street: street.value.trim().to_string(),
        postcode: postcode.value.trim().to_string(),
        city: city.value.trim().to_string(),
    })
}

pub(super) fn lookup_contact(
    key: &Spanned<String>,
    file: &Path,
    contacts: &BTreeMap<String, Arc<ContactInfo>>,
    diags: &mut Diagnostics,
) -> Option<Arc<ContactInfo>> {
    if let Some(contact) = contacts.get(&key.value) {
        return Some(contact.clone());
    }
    unknown_contact(key, file, contacts.keys(), diags);
    None
}

/// "unknown contact", with a "did you mean" or the list of contacts.
fn unknown_contact<'a>(
    key: &Spanned<String>,
    file: &Path,
    known: impl Iterator<Item = &'a String> + Clone,
    diags: &mut Diagnostics,
) {
    let mut d = Diagnostic::error(format!("unknown contact \"{}\"", key.value))
        .at(span_location(file, key));
    d = match did_you_mean(&key.value, known.clone().map(String::as_str)) {
        Some(hint) => d.hint(hint),
        None => d.hint(format!(
            "choose one of the contacts in site.yaml: {}",
            known.map(String::as_str).collect::<Vec<_>>().join(", ")
        )),
    };
    diags.push(d);
}
