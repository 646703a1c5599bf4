//! Opening hours: a contact's `hours:` from `site.yaml` read into a week, Monday first.
//!
//! Receives the keys and values as written (`mon-fri: "08:00-16:30"`, `sun: closed`, or the
//! older `{ opens, closes }`, which means Monday to Friday) and hands on [`WeeklyHours`]: for
//! each day its opening and closing time as `HH:MM`, or closed. A day not named is closed.
//! Every mistake is an error at the key or value that holds it: an unknown day (with a "did you
//! mean"), a day named twice, a time that is not one, a closing time before the opening time.
//! Nothing here knows a language: names of days are the next stage's (ICU4X in `format`).

use std::path::Path;

use serde_saphyr::Spanned;

use super::{OpeningTimes, WeeklyHours};
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::load::{HoursSource, span_location};

/// The days as `site.yaml` writes them, Monday first.
pub const DAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

const FORMAT_HINT: &str =
    "write the opening and closing time on a 24-hour clock, e.g. \"08:00-16:30\", or `closed`";

/// Reads `hours:`; `None` when it has an error (reported).
pub(super) fn resolve_hours(
    file: &Path,
    hours: &Spanned<HoursSource>,
    diags: &mut Diagnostics,
) -> Option<WeeklyHours> {
    let entries = &hours.value.entries;
    let legacy = |name: &str| entries.iter().find(|(key, _)| key.value == name);
    let (opens, closes) = (legacy("opens"), legacy("closes"));
    if opens.is_some() || closes.is_some() {
        return resolve_opens_closes(file, hours, opens, closes, diags);
    }
    let mut week = WeeklyHours::default();
    // Where each day was given, to name the first place when it is given again.
    let mut given: [Option<&Spanned<String>>; 7] = [None; 7];
    let mut ok = true;
    for (key, value) in entries {
        let Some(days) = parse_days(file, key, diags) else {
            ok = false;
            continue;
        };
        let times = parse_times(file, value, diags);
        for day in days {
            if let Some(first) = given[day] {
                diags.push(
                    Diagnostic::error(format!(
                        "{} is given twice in these opening hours (also at line {})",
                        DAY_KEYS[day],
                        first.referenced.line()
                    ))
                    .at(span_location(file, key))
                    .hint("give each day once; a range such as mon-fri counts for every day in it"),
                );
                ok = false;
                continue;
            }
            given[day] = Some(key);
            match &times {
                Ok(open) => week.days[day] = open.clone(),
                Err(()) => ok = false,
            }
        }
    }
    if ok && week.days.iter().all(Option::is_none) {
        diags.push(
            Diagnostic::error("these opening hours have no day on which the contact is open")
                .at(span_location(file, hours))
                .hint("leave `hours:` out for a contact without opening hours, or give a day with its times, e.g. mon-fri: \"08:00-16:30\""),
        );
        ok = false;
    }
    ok.then_some(week)
}

/// `{ opens: "08:00", closes: "16:30" }`: Monday to Friday, as before days could be named.
fn resolve_opens_closes(
    file: &Path,
    hours: &Spanned<HoursSource>,
    opens: Option<&(Spanned<String>, Spanned<String>)>,
    closes: Option<&(Spanned<String>, Spanned<String>)>,
    diags: &mut Diagnostics,
) -> Option<WeeklyHours> {
    let mut ok = true;
    for (key, _) in &hours.value.entries {
        if key.value != "opens" && key.value != "closes" {
            diags.push(
                Diagnostic::error(format!(
                    "\"{}\" cannot stand beside `opens` and `closes`",
                    key.value
                ))
                .at(span_location(file, key))
                .hint("write either `opens` and `closes` (which mean Monday to Friday) or days with their times, e.g. { mon-fri: \"08:00-16:30\", sat: \"10:00-12:00\" }"),
            );
            ok = false;
        }
    }
    let (Some((_, opens)), Some((_, closes))) = (opens, closes) else {
        let missing = if opens.is_none() { "opens" } else { "closes" };
        diags.push(
            Diagnostic::error(format!("these opening hours have no `{missing}`"))
                .at(span_location(file, hours))
                .hint("write both, e.g. { opens: \"08:00\", closes: \"16:30\" }, or days with their times, e.g. { mon-fri: \"08:00-16:30\" }"),
        );
        return None;
    };
    let (opens_at, closes_at) = (
        parse_time(file, opens, diags),
        parse_time(file, closes, diags),
    );
    let (Some(opens_at), Some(closes_at)) = (opens_at, closes_at) else {
        return None;
    };
    let open = check_order(file, closes, opens_at, closes_at, diags)?;
    let mut week = WeeklyHours::default();
    for day in &mut week.days[..5] {
        *day = Some(open.clone());
    }
    ok.then_some(week)
}

/// `mon` or `mon-fri` (any case; a hyphen or an en dash) → the days' indexes, Monday 0.
fn parse_days(file: &Path, key: &Spanned<String>, diags: &mut Diagnostics) -> Option<Vec<usize>> {
    let written = key.value.trim().to_lowercase();
    let day = |name: &str| DAY_KEYS.iter().position(|d| *d == name.trim());
    let days = match written.split_once(['-', '–']) {
        None => day(&written).map(|d| vec![d]),
        Some((first, last)) => match (day(first), day(last)) {
            (Some(first), Some(last)) if first < last => Some((first..=last).collect()),
            (Some(_), Some(_)) => {
                diags.push(
                    Diagnostic::error(format!(
                        "the days \"{}\" do not run from Monday towards Sunday",
                        key.value
                    ))
                    .at(span_location(file, key))
                    .hint("write the earlier day first, e.g. mon-fri or sat-sun; give a week that runs past Sunday as two entries"),
                );
                return None;
            }
            _ => None,
        },
    };
    if days.is_none() {
        let mut candidates: Vec<String> = DAY_KEYS.iter().map(|d| d.to_string()).collect();
        for (i, first) in DAY_KEYS.iter().enumerate() {
            for last in &DAY_KEYS[i + 1..] {
                candidates.push(format!("{first}-{last}"));
            }
        }
        let how = format!(
            "a day as {} or a range such as mon-fri",
            DAY_KEYS.join(", ")
        );
        // Dutch day names are the likeliest slip for a Dutch team: read them as what they mean.
        let english = written
            .split(['-', '–'])
            .map(|part| dutch_day(part.trim()).unwrap_or(part.trim()))
            .collect::<Vec<_>>()
            .join("-");
        let hint = match did_you_mean(&english, candidates.iter().map(String::as_str)) {
            Some(suggestion) => format!("{suggestion} Write {how}"),
            None => format!("write {how}"),
        };
        diags.push(
            Diagnostic::error(format!("unknown day \"{}\" in opening hours", key.value))
                .at(span_location(file, key))
                .hint(hint),
        );
    }
    days
}

/// The key of a day written in Dutch, in full or abbreviated ("ma", "vrijdag").
fn dutch_day(name: &str) -> Option<&'static str> {
    const DUTCH: [(&str, &str); 7] = [
        ("ma", "maandag"),
        ("di", "dinsdag"),
        ("wo", "woensdag"),
        ("do", "donderdag"),
        ("vr", "vrijdag"),
        ("za", "zaterdag"),
        ("zo", "zondag"),
    ];
    DUTCH
        .iter()
        .position(|(short, full)| name == *short || name == *full)
        .map(|day| DAY_KEYS[day])
}

/// `"08:00-16:30"` → open then; `closed` → `None`. `Err` when it is neither (reported).
fn parse_times(
    file: &Path,
    value: &Spanned<String>,
    diags: &mut Diagnostics,
) -> Result<Option<OpeningTimes>, ()> {
    let written = value.value.trim();
    if written.eq_ignore_ascii_case("closed") {
        return Ok(None);
    }
    let Some((opens, closes)) = written.split_once(['-', '–']) else {
        diags.push(
            Diagnostic::error(format!("\"{}\" is not an opening time", value.value))
                .at(span_location(file, value))
                .hint(FORMAT_HINT),
        );
        return Err(());
    };
    let at = |text: &str| Spanned::new(text.trim().to_string(), value.referenced, value.defined);
    let (opens_at, closes_at) = (
        parse_time(file, &at(opens), diags),
        parse_time(file, &at(closes), diags),
    );
    let (Some(opens_at), Some(closes_at)) = (opens_at, closes_at) else {
        return Err(());
    };
    check_order(file, value, opens_at, closes_at, diags)
        .map(Some)
        .ok_or(())
}

fn parse_time(
    file: &Path,
    value: &Spanned<String>,
    diags: &mut Diagnostics,
) -> Option<jiff::civil::Time> {
    match jiff::civil::Time::strptime("%H:%M", value.value.trim()) {
        Ok(time) => Some(time),
        Err(_) => {
            let how = "write times as HH:MM on a 24-hour clock, e.g. \"08:30\"";
            diags.push(
                Diagnostic::error(format!("\"{}\" is not a time", value.value))
                    .at(span_location(file, value))
                    .hint(match likely_time(&value.value) {
                        Some(time) => format!("did you mean \"{time}\"? W{}", &how[1..]),
                        None => how.to_string(),
                    }),
            );
            None
        }
    }
}

/// The time someone most likely meant by a time written the Dutch way ("8.00", "8u30") or
/// without its colon ("0800"), as `HH:MM`.
fn likely_time(written: &str) -> Option<String> {
    let mut text: String = written.trim().replace(['.', 'u', 'h'], ":");
    if !text.contains(':') && text.len() == 4 && text.chars().all(|c| c.is_ascii_digit()) {
        text.insert(2, ':');
    }
    let time = jiff::civil::Time::strptime("%H:%M", &text).ok()?;
    Some(time.strftime("%H:%M").to_string())
}

/// A contact closes after it opens, on the same day.
fn check_order(
    file: &Path,
    at: &Spanned<String>,
    opens: jiff::civil::Time,
    closes: jiff::civil::Time,
    diags: &mut Diagnostics,
) -> Option<OpeningTimes> {
    let hhmm = |t: jiff::civil::Time| t.strftime("%H:%M").to_string();
    if closes <= opens {
        diags.push(
            Diagnostic::error(format!(
                "the closing time {} is not after the opening time {}",
                hhmm(closes),
                hhmm(opens)
            ))
            .at(span_location(file, at))
            .hint(format!(
                "did you mean \"{}-{}\"? Write the opening time first; hours past midnight cannot be written",
                hhmm(closes.min(opens)),
                hhmm(closes.max(opens))
            )),
        );
        return None;
    }
    Some(OpeningTimes {
        opens: hhmm(opens),
        closes: hhmm(closes),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> (Option<WeeklyHours>, Vec<String>) {
        let hours: Spanned<HoursSource> = serde_saphyr::from_str(yaml).unwrap();
        let mut diags = Diagnostics::new();
        let week = resolve_hours(Path::new("site.yaml"), &hours, &mut diags);
        let messages = diags
            .iter()
            .map(|d| format!("{} {}", d.message, d.hint.clone().unwrap_or_default()))
            .collect();
        (week, messages)
    }

    fn open(opens: &str, closes: &str) -> Option<OpeningTimes> {
        Some(OpeningTimes {
            opens: opens.into(),
            closes: closes.into(),
        })
    }

    #[test]
    fn days_ranges_and_closed_days() {
        let (week, messages) = read("mon-fri: 08:00-16:30\nwed: closed\nSat: \"10:00 – 12:00\"\n");
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("wed is given twice"), "{messages:?}");
        assert!(week.is_none());
        let (week, messages) =
            read("mon-tue: 08:00-16:30\nthu: 8:00-12:00\nSat: \"10:00 – 12:00\"\nsun: closed\n");
        assert!(messages.is_empty(), "{messages:?}");
        let week = week.unwrap();
        assert_eq!(week.days[0], open("08:00", "16:30"));
        assert_eq!(week.days[2], None);
        assert_eq!(week.days[3], open("08:00", "12:00"));
        assert_eq!(week.days[5], open("10:00", "12:00"));
        assert_eq!(week.days[6], None);
    }

    #[test]
    fn opens_and_closes_mean_monday_to_friday() {
        let (week, messages) = read("{ opens: \"08:00\", closes: \"16:30\" }");
        assert!(messages.is_empty());
        let week = week.unwrap();
        assert!(week.days[..5].iter().all(|d| *d == open("08:00", "16:30")));
        assert!(week.days[5..].iter().all(Option::is_none));
        assert_eq!(week.single_times(), open("08:00", "16:30").as_ref());
    }

    #[test]
    fn mistakes_are_named_with_a_hint() {
        let (_, m) = read("mnd-fri: 08:00-16:30\n");
        assert!(
            m[0].contains("unknown day \"mnd-fri\"") && m[0].contains("did you mean \"mon-fri\"?"),
            "{m:?}"
        );
        let (_, m) = read("ma-vr: 08:00-16:30\nzaterdag: closed\n");
        assert!(m[0].contains("did you mean \"mon-fri\"?"), "{m:?}");
        assert!(m[1].contains("did you mean \"sat\"?"), "{m:?}");
        let (_, m) = read("fri-mon: 08:00-16:30\n");
        assert!(m[0].contains("do not run from Monday"), "{m:?}");
        let (_, m) = read("mon: 16:30-08:00\n");
        assert!(
            m[0].contains("closing time 08:00 is not after the opening time 16:30"),
            "{m:?}"
        );
        assert!(m[0].contains("\"08:00-16:30\""), "{m:?}");
        let (_, m) = read("mon: 08:00-25:00\n");
        assert!(m[0].contains("\"25:00\" is not a time"), "{m:?}");
        assert!(!m[0].contains("did you mean"), "{m:?}");
        let (_, m) = read("mon: 8.00-1630\n");
        assert!(
            m[0].contains("\"8.00\" is not a time did you mean \"08:00\"?"),
            "{m:?}"
        );
        assert!(m[1].contains("did you mean \"16:30\"?"), "{m:?}");
        let (_, m) = read("mon: 8 to 4\n");
        assert!(m[0].contains("is not an opening time"), "{m:?}");
        let (_, m) = read("{ opens: \"16:30\", closes: \"08:00\" }");
        assert!(m[0].contains("is not after"), "{m:?}");
        let (_, m) = read("{ opens: \"08:00\" }");
        assert!(m[0].contains("no `closes`"), "{m:?}");
        let (_, m) = read("{ opens: \"08:00\", closes: \"16:30\", sat: closed }");
        assert!(m[0].contains("cannot stand beside"), "{m:?}");
        let (_, m) = read("sun: closed\n");
        assert!(m[0].contains("no day on which"), "{m:?}");
    }
}
