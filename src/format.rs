//! Dates, times and days of the week in each language's own way, with ICU4X.
//!
//! fluent-bundle's built-in `NUMBER` does not localize and `DATETIME` is missing, so leaflet
//! formats times ("16:30" → "4:30 PM" in American English, "16:30" in British), days
//! ("Monday", "ma") and dates ("2026-03-01" → "1 maart 2026") itself with the CLDR data compiled
//! into ICU4X, and offers the same as the Fluent functions `TIME()` and `DATE()` for
//! translators. The locale passed in is the one whose customs to follow: the page's language in
//! a region (`en-NL`, `en-GB`), see `ResolvedSite::format_locale`. Dates are always in the
//! Gregorian calendar: review dates are administrative, not religious.

use std::sync::{Arc, Mutex};

use fluent_bundle::{FluentArgs, FluentValue};
use icu_calendar::types::Weekday;
use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::{E, T, YMD};
use icu_datetime::input::Time;
use icu_datetime::{FixedCalendarDateTimeFormatter, NoCalendarFormatter};
use icu_locale_core::Locale;
use icu_locale_core::subtags::Region;

fn locale(code: &str) -> Locale {
    code.parse().unwrap_or(Locale::UNKNOWN)
}

/// `locale` as written in `country` when it names no region of its own: `en` on a Dutch site
/// is `en-NL` (CLDR: 24-hour clock, "1 March 2026"). ICU4X falls back to the nearest data it
/// has (`en-NL` → `en-150` → `en`), so any country gives a working locale.
pub fn in_country(locale_code: &str, country: &str) -> String {
    let Ok(mut parsed) = locale_code.parse::<Locale>() else {
        return locale_code.to_string();
    };
    if parsed.id.region.is_none()
        && let Ok(region) = country.to_ascii_uppercase().parse::<Region>()
    {
        parsed.id.region = Some(region);
    }
    parsed.to_string()
}

/// `written` (from `formats:` in site.yaml) when it is a way of writing `locale`: a valid locale
/// of the same language, e.g. `en-GB` for `en`, or `ar-u-hc-h23` (Arabic with a 24-hour clock).
pub fn regional_variant(locale_code: &str, written: &str) -> Option<String> {
    let language = locale_code.parse::<Locale>().ok()?.id.language;
    let variant = written.trim().parse::<Locale>().ok()?;
    (variant.id.language == language).then(|| variant.to_string())
}

/// Results of a formatting function by its arguments. Making an ICU4X formatter looks its
/// locale up in the compiled CLDR data, which costs far more than formatting: a catalogue
/// writes the same few times, days and dates thousands of times (the profile of `check` had
/// these lookups on top), so each is made once per run.
struct Memo<K>(std::sync::Mutex<Option<std::collections::HashMap<K, Option<String>>>>);

impl<K: std::hash::Hash + Eq> Memo<K> {
    const fn new() -> Memo<K> {
        Memo(std::sync::Mutex::new(None))
    }

    fn get(&self, key: K, make: impl FnOnce() -> Option<String>) -> Option<String> {
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let map = map.get_or_insert_with(std::collections::HashMap::new);
        if let Some(found) = map.get(&key) {
            return found.clone();
        }
        let made = make();
        map.insert(key, made.clone());
        made
    }
}

/// "08:30" (24-hour, as written in site.yaml) in the custom of `locale`.
pub fn time(locale_code: &str, hhmm: &str) -> Option<String> {
    static MEMO: Memo<(String, String)> = Memo::new();
    MEMO.get((locale_code.to_string(), hhmm.to_string()), || {
        time_uncached(locale_code, hhmm)
    })
}

fn time_uncached(locale_code: &str, hhmm: &str) -> Option<String> {
    let time = parse_time(hhmm)?;
    let formatter = NoCalendarFormatter::try_new(locale(locale_code).into(), T::hm()).ok()?;
    Some(formatter.format(&time).to_string())
}

/// "8:30" or "08:30" → the time, and its machine-readable form "08:30" (`<time datetime>`).
fn parse_time(hhmm: &str) -> Option<Time> {
    let (h, m) = hhmm.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    Time::try_new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
}

/// `HH:MM` of a time as written ("8:30" → "08:30"), or `None` when it is none.
pub fn iso_time(hhmm: &str) -> Option<String> {
    let time = parse_time(hhmm)?;
    Some(format!(
        "{:02}:{:02}",
        time.hour.number(),
        time.minute.number()
    ))
}

/// The name of a day of the week (Monday = 0) in `locale`: in full ("maandag", "Monday") or
/// abbreviated ("ma", "Mon") as CLDR has it for a day on its own.
pub fn weekday(locale_code: &str, day: usize, abbreviated: bool) -> Option<String> {
    static MEMO: Memo<(String, usize, bool)> = Memo::new();
    MEMO.get((locale_code.to_string(), day, abbreviated), || {
        weekday_uncached(locale_code, day, abbreviated)
    })
}

fn weekday_uncached(locale_code: &str, day: usize, abbreviated: bool) -> Option<String> {
    const WEEK: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];
    let length = if abbreviated { E::medium() } else { E::long() };
    let formatter =
        FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(locale(locale_code).into(), length)
            .ok()?;
    Some(formatter.format(WEEK.get(day)?).to_string())
}

/// The times `TIME()` wrote while messages were formatted, as (text as shown, `HH:MM`): the
/// formatter marks them up as `<time datetime>` like the contact's own times. Only ever grows;
/// a reader takes what came after the length it noted before formatting.
#[derive(Debug, Clone, Default)]
pub struct TimeLog(Arc<Mutex<Vec<(String, String)>>>);

impl TimeLog {
    pub fn len(&self) -> usize {
        self.entries().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What was written after the first `from` entries.
    pub fn since(&self, from: usize) -> Vec<(String, String)> {
        self.entries()
            .get(from..)
            .map(<[_]>::to_vec)
            .unwrap_or_default()
    }

    fn record(&self, shown: &str, hhmm: String) {
        self.entries().push((shown.to_string(), hhmm));
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, Vec<(String, String)>> {
        // A panic while the lock was held leaves a plain list: still usable.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// "Today" for every command: the date given (`--today`, or `LEAFLET_TODAY`, which clap reads
/// into the same argument), else the machine's date in its time zone. One source, so review
/// dates, the version checks and the dates `leaflet new` writes agree.
pub fn today(given: Option<jiff::civil::Date>) -> jiff::civil::Date {
    given.unwrap_or_else(clock_today)
}

/// The machine's date in its time zone: the day a publication is made. `LEAFLET_CLOCK`
/// (YYYY-MM-DD; not in `--help`) stands in for the clock in the tests and the benchmark, which
/// must not change with the calendar; it is for them only.
pub fn clock_today() -> jiff::civil::Date {
    std::env::var("LEAFLET_CLOCK")
        .ok()
        .and_then(|day| day.parse().ok())
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date())
}

/// A date written out in full ("1 maart 2026", "March 1, 2026").
pub fn date(locale_code: &str, date: jiff::civil::Date) -> Option<String> {
    static MEMO: Memo<(String, jiff::civil::Date)> = Memo::new();
    MEMO.get((locale_code.to_string(), date), || {
        date_uncached(locale_code, date)
    })
}

fn date_uncached(locale_code: &str, date: jiff::civil::Date) -> Option<String> {
    let month = u8::try_from(date.month()).ok()?;
    let day = u8::try_from(date.day()).ok()?;
    let date = Date::try_new_gregorian(i32::from(date.year()), month, day).ok()?;
    let formatter = FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(
        locale(locale_code).into(),
        YMD::long(),
    )
    .ok()?;
    Some(formatter.format(&date).to_string())
}

/// Adds `TIME("08:30")` and `DATE("2026-03-01")` to a Fluent bundle, formatting in the
/// customs of `locale_code`; each time `TIME()` writes is recorded in `times`.
pub fn add_functions<R>(
    bundle: &mut fluent_bundle::FluentBundle<R>,
    locale_code: &str,
    times: &TimeLog,
) {
    let for_time = locale_code.to_string();
    let log = times.clone();
    let _ = bundle.add_function(
        "TIME",
        move |positional: &[FluentValue<'_>], _: &FluentArgs<'_>| match positional.first() {
            Some(FluentValue::String(s)) => match (time(&for_time, s), iso_time(s)) {
                (Some(shown), Some(hhmm)) => {
                    log.record(&shown, hhmm);
                    FluentValue::from(shown)
                }
                _ => FluentValue::from(s.to_string()),
            },
            _ => FluentValue::Error,
        },
    );
    let for_date = locale_code.to_string();
    let _ = bundle.add_function(
        "DATE",
        move |positional: &[FluentValue<'_>], _: &FluentArgs<'_>| match positional.first() {
            Some(FluentValue::String(s)) => s
                .parse::<jiff::civil::Date>()
                .ok()
                .and_then(|d| date(&for_date, d))
                .map(FluentValue::from)
                .unwrap_or_else(|| FluentValue::from(s.to_string())),
            _ => FluentValue::Error,
        },
    );
}

/// Clock times in a text, as `HH:MM`, with their byte range: what the import turns into
/// `{ $opens }`/`{ $closes }` and `check` looks for in messages. Read: `8.00`, `08:30`, with
/// `am`/`pm` (`4:30 pm`, `5 PM`, `8 a.m.`), the Flemish and French `8u30`, `8h30`, and the
/// first hour of a range whose second is one of these (`8 tot 16.30 uur`, `8 to 5 pm`). Whole
/// hours (`17 uur`, `17u`, `8h`) are more often a duration ("om de 8 uur", "6u nuchter"), so
/// they are read only in a range that a time word opens (`van 8 tot 17 uur`, `tussen 8u en
/// 17u`, `maandag 8-17 uur`) or that a time begins (`8.30 tot 17 uur`). A bare number is never
/// a time.
pub fn clock_times(text: &str) -> Vec<(usize, usize, String)> {
    let bytes = text.as_bytes();
    let mut out: Vec<(usize, usize, String)> = Vec::new();
    // An hour without minutes (bare or whole), waiting for what follows it to say whether it
    // starts a range of times: (start, end, hour).
    let mut pending: Option<(usize, usize, u32)> = None;
    // The end of the last time found: a whole hour after it and a range word is its range's end.
    let mut last_end: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        // (`i` is at a digit, so at a character boundary, before `text[..i]` is read.)
        if !bytes[i].is_ascii_digit()
            || text[..i]
                .chars()
                .next_back()
                .is_some_and(|before| before.is_alphanumeric() || matches!(before, '.' | ':' | ','))
        {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        let Some((end, hour, minutes, sure)) = time_at(text, i, j) else {
            pending = (j - i <= 2)
                .then(|| text[i..j].parse().ok())
                .flatten()
                .filter(|h: &u32| *h < 24)
                .map(|h| (i, j, h));
            i = j;
            continue;
        };
        let first = pending
            .take()
            .filter(|(_, stop, _)| range_word(&text[*stop..i]));
        let after_time = last_end.is_some_and(|stop| range_word(&text[stop..i]));
        let opened = first.is_some_and(|(start, _, _)| opened_by_time_word(&text[..start]));
        if sure || opened || after_time {
            // "van 8 tot 17 uur": the 8 is a time because the 17 is.
            if let Some((start, stop, first)) = first {
                let first = match explicit_pm(text, j, end) {
                    Some(true) if first < 12 && first + 12 <= hour => first + 12,
                    _ => first,
                };
                out.push((start, stop, format!("{first:02}:00")));
            }
            out.push((i, end, format!("{hour:02}:{minutes}")));
            last_end = Some(end);
        } else {
            // A whole hour by itself: perhaps the start of a range ("van 8u tot 17u").
            pending = Some((i, end, hour));
        }
        i = end;
    }
    out
}

/// Whether the word just before a range of whole hours makes it a range of clock times: "van",
/// "tussen", "from", "between", "open", a day of the week ("maandag 8-17 uur", "ma-vr").
fn opened_by_time_word(before: &str) -> bool {
    let word: String = before
        .trim_end()
        .trim_end_matches([':', ','])
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<String>()
        .to_lowercase();
    const WORDS: &[&str] = &[
        "van",
        "tussen",
        "vanaf",
        "open",
        "geopend",
        "bereikbaar",
        "from",
        "between",
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
        "ma",
        "di",
        "wo",
        "vr",
        "za",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
    ];
    WORDS.contains(&word.as_str())
}

/// The time that starts with the digits `text[start..digits_end]`: (its end, hour, minutes,
/// whether it is surely a time — with minutes or am/pm — rather than a whole hour that may be
/// a duration).
fn time_at(text: &str, start: usize, digits_end: usize) -> Option<(usize, u32, String, bool)> {
    let bytes = text.as_bytes();
    let digits = &text[start..digits_end];
    if !(1..=2).contains(&digits.len()) {
        return None;
    }
    let hour: u32 = digits.parse().ok()?;
    let rest = &text[digits_end..];
    let two_digits = |s: &str| {
        let b = s.as_bytes();
        b.len() >= 2
            && b[0].is_ascii_digit()
            && b[1].is_ascii_digit()
            && !b.get(2).is_some_and(u8::is_ascii_digit)
    };
    let word_ends = |at: usize| !text[at..].chars().next().is_some_and(char::is_alphanumeric);
    // 8.00, 08:30, 8u30, 8h30; 17u, 8h
    let (mut end, minutes) = match bytes.get(digits_end) {
        Some(b'.' | b':') if two_digits(&rest[1..]) => (digits_end + 3, rest[1..3].to_string()),
        Some(b'u' | b'h') if two_digits(&rest[1..]) && word_ends(digits_end + 3) => {
            (digits_end + 3, rest[1..3].to_string())
        }
        Some(b'u' | b'h') if word_ends(digits_end + 1) => (digits_end + 1, String::new()),
        _ => (digits_end, String::new()),
    };
    let mut hour = hour;
    let mut sure = !minutes.is_empty();
    let whole = end > digits_end && minutes.is_empty();
    match ampm(text, end) {
        Some((after, pm)) if (1..=12).contains(&hour) && !whole => {
            hour = hour_24(hour, pm);
            end = after;
            sure = true;
        }
        _ if end > digits_end => {}
        // "17 uur": a whole hour.
        _ if text[end..].starts_with(" uur") && word_ends(end + 4) => {}
        _ => return None,
    }
    let minutes = if minutes.is_empty() {
        "00".to_string()
    } else {
        minutes
    };
    (hour < 24 && minutes.as_str() < "60").then_some((end, hour, minutes, sure))
}

/// "am"/"pm" (also "a.m.", "PM") at `at`, after at most one space: (its end, whether pm).
pub fn ampm(text: &str, at: usize) -> Option<(usize, bool)> {
    let rest = &text[at..];
    let skipped = rest.len() - rest.trim_start_matches(' ').len();
    if skipped > 1 {
        return None;
    }
    let word = &rest[skipped..];
    for (form, pm) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)] {
        if word
            .get(..form.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(form))
            && !word[form.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        {
            return Some((at + skipped + form.len(), pm));
        }
    }
    None
}

/// An hour of the twelve-hour clock (1–12) on the 24-hour clock: 12 am is 0, 12 pm is 12.
pub fn hour_24(hour: u32, pm: bool) -> u32 {
    match (pm, hour) {
        (false, 12) => 0,
        (true, 12) => 12,
        (true, h) => h + 12,
        (false, h) => h,
    }
}

/// Whether the time ending at `end` (its digits end at `digits_end`) has "pm".
fn explicit_pm(text: &str, digits_end: usize, end: usize) -> Option<bool> {
    let mut at = digits_end;
    if matches!(text.as_bytes().get(at), Some(b'.' | b':')) {
        at += 3;
    }
    (at <= end)
        .then(|| ampm(text, at).map(|(_, pm)| pm))
        .flatten()
}

/// The words between the two hours of a range: "tot", "en", "-", "to", "until" …
fn range_word(between: &str) -> bool {
    // "van 8 uur tot 17 uur": the first hour's "uur" comes before the word.
    let between = between.trim();
    let between = between.strip_prefix("uur ").unwrap_or(between);
    matches!(
        between.trim().to_lowercase().as_str(),
        "-" | "–" | "—" | "tot" | "en" | "tot en met" | "to" | "and" | "until" | "till"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_in_the_forms_people_type() {
        let times =
            |text: &str| -> Vec<String> { clock_times(text).into_iter().map(|t| t.2).collect() };
        assert_eq!(times("tussen 8.00 en 16.30 uur"), ["08:00", "16:30"]);
        assert_eq!(times("van 8 tot 17 uur"), ["08:00", "17:00"]);
        assert_eq!(
            times("open 8-17 uur; maandag t/m vrijdag: 8 – 17 uur"),
            ["08:00", "17:00", "08:00", "17:00"]
        );
        assert_eq!(times("van 8u30 tot 17u"), ["08:30", "17:00"]);
        assert_eq!(times("tussen 8u en 17u"), ["08:00", "17:00"]);
        assert_eq!(times("van 8 uur tot 17 uur"), ["08:00", "17:00"]);
        assert_eq!(times("8h30 tot 17h"), ["08:30", "17:00"]);
        assert_eq!(times("8 tot 16.30 uur"), ["08:00", "16:30"]);
        assert_eq!(times("from 8:00 am to 4:30 pm"), ["08:00", "16:30"]);
        assert_eq!(times("from 8 AM until 5 PM"), ["08:00", "17:00"]);
        assert_eq!(
            times("8 a.m. to 12 p.m., 12 am"),
            ["08:00", "12:00", "00:00"]
        );
        assert_eq!(times("from 9 to 5 pm"), ["09:00", "17:00"]);
        assert_eq!(times("from 1 to 5 pm"), ["13:00", "17:00"]);
        // The range is only read from its byte positions: the 8 is "8", the 17 uur is "17".
        let text = "van 8 tot 17 uur";
        let found = clock_times(text);
        assert_eq!(&text[found[0].0..found[0].1], "8");
        assert_eq!(&text[found[1].0..found[1].1], "17");
        let text = "until 4:30 pm.";
        assert_eq!(
            &text[clock_times(text)[0].0..clock_times(text)[0].1],
            "4:30 pm"
        );
        // Not times: bare numbers, durations, doses, dates, phone numbers, "u" (you).
        for text in [
            "Neem 2 tabletten van 500 mg.",
            "na 2 dagen, 3 tot 4 weken",
            "Bel 088 123 45 67 of 112.",
            "op 12.3.2026",
            "Stap 1 u belt ons",
            "2 uren",
            "8:75 en 25:00",
            "1.000 mensen",
            // Durations, not times.
            "Neem om de 8 uur een tablet; de pijn zakt binnen 12 uur.",
            "Dat duurt 2 tot 3 uur, of tussen de 8 en 12 uur.",
            "U blijft 6u nuchter; toutes les 8h; na 8 uur.",
            "8 tot 12 uur na de operatie",
        ] {
            assert_eq!(times(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn times_follow_the_language() {
        assert_eq!(time("nl", "08:30").as_deref(), Some("08:30"));
        assert_eq!(time("en", "16:30").as_deref(), Some("4:30\u{202f}PM"));
        // CLDR's default for Arabic without a region is Latin digits, with the Arabic AM marker.
        let ar = time("ar", "08:00").unwrap();
        assert!(ar.starts_with("8:00") && ar.ends_with('ص'), "{ar:?}");
        assert_eq!(time("nl", "8h"), None);
        assert_eq!(iso_time("8:30").as_deref(), Some("08:30"));
        assert_eq!(iso_time("12:00").as_deref(), Some("12:00"));
        assert_eq!(iso_time("12:0"), None);
    }

    #[test]
    fn a_language_in_the_sites_country_keeps_its_words_and_takes_its_clock() {
        assert_eq!(in_country("en", "NL"), "en-NL");
        assert_eq!(in_country("pt-BR", "NL"), "pt-BR");
        assert_eq!(time("en-NL", "16:30").as_deref(), Some("16:30"));
        let d: jiff::civil::Date = "2026-03-01".parse().unwrap();
        assert_eq!(date("en-NL", d).as_deref(), Some("1 March 2026"));
        assert_eq!(time("nl-NL", "08:00").as_deref(), Some("08:00"));
        assert_eq!(regional_variant("en", "en-GB").as_deref(), Some("en-GB"));
        assert_eq!(regional_variant("en", "nl-NL"), None);
        assert_eq!(regional_variant("en", "english"), None);
        assert_eq!(time("en-US", "16:30").as_deref(), Some("4:30\u{202f}PM"));
    }

    #[test]
    fn weekdays_in_full_and_short() {
        assert_eq!(weekday("nl", 0, false).as_deref(), Some("maandag"));
        assert_eq!(weekday("en", 4, true).as_deref(), Some("Fri"));
        assert_eq!(weekday("tr", 6, false).as_deref(), Some("Pazar"));
        assert_eq!(weekday("nl", 7, false), None);
    }

    #[test]
    fn time_records_what_it_wrote() {
        let log = TimeLog::default();
        let resource = fluent_bundle::FluentResource::try_new(
            "m = Kom om { TIME(\"12:00\") } of { TIME(\"8:30\") }.\n".to_string(),
        )
        .unwrap();
        let mut bundle = fluent_bundle::FluentBundle::new(vec!["en".parse().unwrap()]);
        bundle.set_use_isolating(false);
        add_functions(&mut bundle, "en-US", &log);
        bundle.add_resource(&resource).unwrap();
        let pattern = bundle.get_message("m").unwrap().value().unwrap();
        let text = bundle.format_pattern(pattern, None, &mut Vec::new());
        assert_eq!(text, "Kom om 12:00\u{202f}PM of 8:30\u{202f}AM.");
        assert_eq!(
            log.since(0),
            [
                ("12:00\u{202f}PM".to_string(), "12:00".to_string()),
                ("8:30\u{202f}AM".to_string(), "08:30".to_string())
            ]
        );
        assert_eq!(log.since(1).len(), 1);
    }

    #[test]
    fn dates_are_written_out() {
        let d: jiff::civil::Date = "2026-03-01".parse().unwrap();
        assert_eq!(date("nl", d).as_deref(), Some("1 maart 2026"));
        assert_eq!(date("en", d).as_deref(), Some("March 1, 2026"));
        assert_eq!(date("tr", d).as_deref(), Some("1 Mart 2026"));
    }

    /// Texts made of the pieces times are made of, and of characters of several bytes.
    fn time_like() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop::collection::vec(
            prop::sample::select(vec![
                "8",
                "17",
                "08",
                "4",
                "12",
                "99",
                "1000",
                ".",
                ":",
                "00",
                "30",
                "u",
                "h",
                " ",
                "uur",
                "am",
                "PM",
                "a.m.",
                "p.m.",
                "tot",
                "-",
                "–",
                "to",
                "é",
                "٨",
                "８",
                "\u{202f}",
                "مرحبا",
            ]),
            0..24,
        )
        .prop_map(|pieces| pieces.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        #[test]
        fn clock_times_never_panic_and_give_real_times_at_character_boundaries(text in time_like()) {
            for (start, end, time) in clock_times(&text) {
                proptest::prop_assert!(start < end && text.is_char_boundary(start) && text.is_char_boundary(end));
                proptest::prop_assert!(text[start..end].starts_with(|c: char| c.is_ascii_digit()));
                proptest::prop_assert!(iso_time(&time).as_deref() == Some(time.as_str()), "{time}");
            }
        }
    }
}
