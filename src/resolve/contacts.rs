//! Contacts: each organisation's phone numbers and opening hours from `site.yaml`, checked,
//! and looked up by the `org/contact` key leaflets use.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde_saphyr::Spanned;

use super::images::resolve_image;
use super::validate::check_message_id;
use super::{ContactInfo, MessageRef, Owner};
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::load::{Project, span_location};

pub(super) fn collect_contacts(
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
                    key: key.clone(),
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

pub(super) fn lookup_contact(
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
        None => d.hint(format!(
            "choose one of the contacts in site.yaml: {}",
            contacts
                .keys()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    };
    diags.push(d);
    None
}
