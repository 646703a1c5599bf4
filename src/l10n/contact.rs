//! Contacts in a language: the variables a message gets from a contact (`$phone`, `$hours`,
//! `$email` …, or `$general_phone` … for a contact passed by `with:`), opening hours as a
//! short summary ("ma–vr 08:00–16:30") and as a list of every day (ICU4X names of days and
//! times, in the customs of `ResolvedSite::format_locale`), and the contact card.

use super::message::{ArgValue, Formatter};
use crate::diag::Diagnostics;
use crate::document::{ContactCard, DayHours, OpeningHours, Span, Text, TimeOfDay, TimeRange};
use crate::l10n::tel_href;
use crate::resolve::{ContactInfo, OpeningTimes, WeeklyHours};

/// Every variable a contact can give a message. The ones a contact has no data for (no
/// `email:` in site.yaml) are not given, and using one is an error that says so.
pub const FIELDS: &[&str] = &[
    "phone",
    "after_hours",
    "has_after_hours",
    "email",
    "has_email",
    "hours",
    "has_hours",
    "opens",
    "closes",
    "address",
    "has_address",
    "organization",
    "portal",
    "portal_url",
];

/// The `has_…` variable that tells whether a contact has `field`, for a sentence only some
/// contacts have.
pub fn presence_variable(field: &str) -> Option<&'static str> {
    match field {
        "after_hours" => Some("has_after_hours"),
        "email" => Some("has_email"),
        "hours" | "opens" | "closes" => Some("has_hours"),
        "address" => Some("has_address"),
        _ => None,
    }
}

/// What `field` needs in site.yaml, for the error when a contact lacks it.
pub fn field_source(field: &str) -> &'static str {
    match field {
        "after_hours" => "after_hours",
        "email" => "email",
        "hours" => "hours",
        "opens" | "closes" => "hours with the same times on every open day",
        "address" => "address",
        "portal" | "portal_url" => "portal (of its organisation)",
        _ => "that field",
    }
}

/// The variables of `contact`, named `field` (the leaflet's own contact) or `prefix_field` (a
/// contact passed as `with: { prefix: org/contact }`).
pub(super) fn contact_args(contact: &ContactInfo, prefix: Option<&str>) -> Vec<(String, ArgValue)> {
    let name = |field: &str| match prefix {
        Some(prefix) => format!("{prefix}_{field}"),
        None => field.to_string(),
    };
    let yes_no = |present: bool| ArgValue::Text(if present { "yes" } else { "no" }.into());
    let mut args = vec![
        (name("phone"), ArgValue::Phone(contact.phone.clone())),
        (
            name("organization"),
            ArgValue::Text(contact.organization.clone()),
        ),
        (
            name("has_after_hours"),
            yes_no(contact.after_hours.is_some()),
        ),
        (name("has_email"), yes_no(contact.email.is_some())),
        (name("has_hours"), yes_no(contact.hours.is_some())),
        (name("has_address"), yes_no(contact.address.is_some())),
    ];
    if let Some(hours) = &contact.hours {
        args.push((name("hours"), ArgValue::Hours(Box::new(hours.clone()))));
        if let Some(times) = hours.single_times() {
            args.push((name("opens"), ArgValue::Time(times.opens.clone())));
            args.push((name("closes"), ArgValue::Time(times.closes.clone())));
        }
    }
    if let Some(after) = &contact.after_hours {
        args.push((name("after_hours"), ArgValue::Phone(after.clone())));
    }
    if let Some(email) = &contact.email {
        args.push((name("email"), ArgValue::Email(email.clone())));
    }
    if let Some(address) = &contact.address {
        let line = format!("{}, {} {}", address.street, address.postcode, address.city);
        args.push((name("address"), ArgValue::Text(line)));
    }
    if let Some((portal, url)) = &contact.portal {
        args.push((name("portal"), ArgValue::Text(portal.clone())));
        args.push((name("portal_url"), ArgValue::Text(url.clone())));
    }
    args
}

fn time_of_day(format_locale: &str, hhmm: &str) -> TimeOfDay {
    TimeOfDay {
        text: crate::format::time(format_locale, hhmm).unwrap_or_else(|| hhmm.to_string()),
        datetime: hhmm.to_string(),
    }
}

fn time_range(format_locale: &str, times: &OpeningTimes) -> TimeRange {
    TimeRange {
        opens: time_of_day(format_locale, &times.opens),
        closes: time_of_day(format_locale, &times.closes),
    }
}

/// Every opening and closing time of `hours` as (shown, `HH:MM`), to mark them in a text.
pub(super) fn shown_times(format_locale: &str, hours: &WeeklyHours) -> Vec<(String, String)> {
    let mut times: Vec<(String, String)> = hours
        .days
        .iter()
        .flatten()
        .flat_map(|t| [&t.opens, &t.closes])
        .map(|hhmm| {
            let time = time_of_day(format_locale, hhmm);
            (time.text, time.datetime)
        })
        .collect();
    times.sort();
    times.dedup();
    times
}

/// The short summary: the open days, runs of days with the same hours together, abbreviated
/// as CLDR has them: "ma–vr 08:00–16:30", "Mon–Fri 08:00–16:30, Sat 10:00–12:00". Closed days
/// are left out (the full list names them). Times are spans with their `HH:MM`.
pub(super) fn hours_summary(format_locale: &str, hours: &WeeklyHours) -> Vec<Span> {
    let day = |d: usize| crate::format::weekday(format_locale, d, true).unwrap_or_default();
    let plain = |text: String| Span::plain(text);
    let mut spans = Vec::new();
    for (first, last, times) in hours.runs() {
        let Some(times) = times else { continue };
        if !spans.is_empty() {
            spans.push(plain(", ".into()));
        }
        let days = if first == last {
            day(first)
        } else {
            format!("{}–{}", day(first), day(last))
        };
        let range = time_range(format_locale, times);
        spans.push(plain(format!("{days} ")));
        spans.push(range.opens.span());
        spans.push(plain("–".into()));
        spans.push(range.closes.span());
    }
    merge_plain(spans)
}

/// Neighbouring plain spans joined, so the summary is as few spans as it can be.
fn merge_plain(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for span in spans {
        match out.last_mut() {
            Some(last) if last.datetime.is_none() && span.datetime.is_none() => {
                last.text.push_str(&span.text)
            }
            _ => out.push(span),
        }
    }
    out
}

/// Every day of the week, Monday first, with its hours or none (closed); the day's name in
/// full, with a capital as at the start of a line.
fn hours_list(format_locale: &str, hours: &WeeklyHours) -> Vec<DayHours> {
    hours
        .days
        .iter()
        .enumerate()
        .map(|(d, times)| {
            let name = crate::format::weekday(format_locale, d, false).unwrap_or_default();
            let mut chars = name.chars();
            let day = chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
            DayHours {
                day,
                times: times.as_ref().map(|t| time_range(format_locale, t)),
            }
        })
        .collect()
}

/// A contact's card: its name, phone links, opening hours (summary and list), e-mail and
/// address in the page's language. The words around them ("Opening hours", "closed") are
/// interface labels the templates take from `site.ftl`.
pub(super) fn localize_contact(
    f: &mut Formatter<'_>,
    contact: &ContactInfo,
    diags: &mut Diagnostics,
) -> Option<ContactCard> {
    let name = f.format(&contact.name, diags)?;
    let format_locale = f.chain.format_locale(&f.chain.page_locale).to_string();
    let hours = contact.hours.as_ref().map(|hours| {
        Box::new(OpeningHours {
            summary: Text::from_spans(hours_summary(&format_locale, hours)),
            days: hours_list(&format_locale, hours),
        })
    });
    Some(ContactCard {
        name,
        organization: contact.organization.clone(),
        phone: contact.phone.clone(),
        phone_href: tel_href(&contact.phone),
        hours,
        after_hours: contact.after_hours.clone(),
        after_hours_href: contact.after_hours.as_deref().map(tel_href),
        email: contact.email.clone(),
        email_href: contact.email.as_ref().map(|e| format!("mailto:{e}")),
        address: contact.address.as_ref().map(|a| {
            Box::new(crate::document::Address {
                street: a.street.clone(),
                postcode: a.postcode.clone(),
                city: a.city.clone(),
            })
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(days: &[(usize, &str, &str)]) -> WeeklyHours {
        let mut week = WeeklyHours::default();
        for (day, opens, closes) in days {
            week.days[*day] = Some(OpeningTimes {
                opens: opens.to_string(),
                closes: closes.to_string(),
            });
        }
        week
    }

    fn plain(spans: &[Span]) -> String {
        spans.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn the_summary_joins_days_with_the_same_hours() {
        let office = week(&[
            (0, "08:00", "16:30"),
            (1, "08:00", "16:30"),
            (2, "08:00", "16:30"),
            (3, "08:00", "16:30"),
            (4, "08:00", "16:30"),
            (5, "10:00", "12:00"),
        ]);
        assert_eq!(
            plain(&hours_summary("nl-NL", &office)),
            "ma–vr 08:00–16:30, za 10:00–12:00"
        );
        assert_eq!(
            plain(&hours_summary("en-NL", &office)),
            "Mon–Fri 08:00–16:30, Sat 10:00–12:00"
        );
        let spans = hours_summary("en-US", &office);
        assert_eq!(plain(&spans[..4]), "Mon–Fri 8:00\u{202f}AM–4:30\u{202f}PM");
        assert_eq!(spans[1].datetime.as_deref(), Some("08:00"));
        assert_eq!(spans[3].datetime.as_deref(), Some("16:30"));
        // A closed day between two open ones splits the runs.
        let gap = week(&[(0, "09:00", "12:00"), (2, "09:00", "12:00")]);
        assert_eq!(
            plain(&hours_summary("en-GB", &gap)),
            "Mon 09:00–12:00, Wed 09:00–12:00"
        );
    }

    #[test]
    fn the_list_names_every_day() {
        let office = week(&[(0, "08:00", "16:30"), (4, "08:00", "12:00")]);
        let list = hours_list("nl-NL", &office);
        assert_eq!(list.len(), 7);
        assert_eq!(list[0].day, "Maandag");
        assert_eq!(list[0].times.as_ref().unwrap().closes.text, "16:30");
        assert!(list[1].times.is_none());
        assert_eq!(list[6].day, "Zondag");
    }
}
