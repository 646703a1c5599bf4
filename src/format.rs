//! Dates and times in each language's own way, with ICU4X.
//!
//! fluent-bundle's built-in `NUMBER` does not localize and `DATETIME` is missing, so leaflet
//! formats times ("08:00" → "8:00 AM" in English, Arabic digits in Arabic) and dates
//! ("2026-03-01" → "1 maart 2026") itself with the CLDR data compiled into ICU4X, and offers the
//! same as the Fluent functions `TIME()` and `DATE()` for translators. Dates are always in the
//! Gregorian calendar: review dates are administrative, not religious.

use fluent_bundle::{FluentArgs, FluentValue};
use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::{T, YMD};
use icu_datetime::input::Time;
use icu_datetime::{FixedCalendarDateTimeFormatter, NoCalendarFormatter};
use icu_locale_core::Locale;

fn locale(code: &str) -> Locale {
    code.parse().unwrap_or(Locale::UNKNOWN)
}

/// "08:30" (24-hour, as written in site.yaml) in the custom of `locale`.
pub fn time(locale_code: &str, hhmm: &str) -> Option<String> {
    let (h, m) = hhmm.split_once(':')?;
    let time = Time::try_new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()?;
    let formatter = NoCalendarFormatter::try_new(locale(locale_code).into(), T::hm()).ok()?;
    Some(formatter.format(&time).to_string())
}

/// A date written out in full ("1 maart 2026", "March 1, 2026").
pub fn date(locale_code: &str, date: jiff::civil::Date) -> Option<String> {
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

/// Adds `TIME("08:30")` and `DATE("2026-03-01")` to a Fluent bundle of `locale_code`.
pub fn add_functions<R>(bundle: &mut fluent_bundle::FluentBundle<R>, locale_code: &str) {
    let for_time = locale_code.to_string();
    let _ = bundle.add_function(
        "TIME",
        move |positional: &[FluentValue<'_>], _: &FluentArgs<'_>| match positional.first() {
            Some(FluentValue::String(s)) => time(&for_time, s)
                .map(FluentValue::from)
                .unwrap_or_else(|| FluentValue::from(s.to_string())),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_follow_the_language() {
        assert_eq!(time("nl", "08:30").as_deref(), Some("08:30"));
        assert_eq!(time("en", "16:30").as_deref(), Some("4:30\u{202f}PM"));
        // CLDR's default for Arabic without a region is Latin digits, with the Arabic AM marker.
        let ar = time("ar", "08:00").unwrap();
        assert!(ar.starts_with("8:00") && ar.ends_with('ص'), "{ar:?}");
        assert_eq!(time("nl", "8h"), None);
    }

    #[test]
    fn dates_are_written_out() {
        let d: jiff::civil::Date = "2026-03-01".parse().unwrap();
        assert_eq!(date("nl", d).as_deref(), Some("1 maart 2026"));
        assert_eq!(date("en", d).as_deref(), Some("March 1, 2026"));
        assert_eq!(date("tr", d).as_deref(), Some("1 Mart 2026"));
    }
}
