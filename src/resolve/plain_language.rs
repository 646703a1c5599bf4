//! Plain-language settings: the limits of the readability figures and the words to avoid per
//! language, checked and given their defaults. Measuring is `governance`'s job; this only
//! carries the settings.

use std::collections::BTreeMap;
use std::path::Path;

use serde_saphyr::Spanned;

use super::ReadabilityLimits;
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::load::{ReadabilitySettings, span_location};

impl ReadabilityLimits {
    /// Chosen against measurements: the example leaflets (8 words a sentence, none over 20,
    /// Flesch–Douma 76–81, Flesch 86–88, Turkish LIX 52) pass with room to spare, a leaflet of
    /// long, hard sentences (18 words, 43 % over 20, Flesch–Douma 7) does not (README: "Plain
    /// language").
    pub const DEFAULT: ReadabilityLimits = ReadabilityLimits {
        max_average_sentence_words: 15.0,
        max_long_sentence_share: 0.2,
        min_douma: 60.0,
        min_flesch: 60.0,
        max_lix: 55.0,
    };
}

pub(super) fn resolve_readability(
    file: &Path,
    settings: &ReadabilitySettings,
    diags: &mut Diagnostics,
) -> ReadabilityLimits {
    let defaults = ReadabilityLimits::DEFAULT;
    let mut limit = |value: &Option<Spanned<f64>>,
                     name: &str,
                     range: (f64, f64),
                     default: f64,
                     hint: &str| match value {
        Some(v) if v.value.is_finite() && v.value >= range.0 && v.value <= range.1 => v.value,
        Some(v) => {
            diags.push(
                Diagnostic::error(format!(
                    "checks.readability.{name} of {} is out of range",
                    v.value
                ))
                .at(span_location(file, v))
                .hint(format!("{hint}; the default is {default}")),
            );
            default
        }
        None => default,
    };
    ReadabilityLimits {
        max_average_sentence_words: limit(
            &settings.max_average_sentence_words,
            "max_average_sentence_words",
            (1.0, 1000.0),
            defaults.max_average_sentence_words,
            "use a number of words from 1 to 1000",
        ),
        max_long_sentence_share: limit(
            &settings.max_long_sentence_share,
            "max_long_sentence_share",
            (0.0, 1.0),
            defaults.max_long_sentence_share,
            "use a share from 0 to 1 (0.25 means a quarter of the sentences)",
        ),
        min_douma: limit(
            &settings.min_douma,
            "min_douma",
            (-1000.0, 207.0),
            defaults.min_douma,
            "use a score up to 207 (higher is easier)",
        ),
        min_flesch: limit(
            &settings.min_flesch,
            "min_flesch",
            (-1000.0, 207.0),
            defaults.min_flesch,
            "use a score up to 207 (higher is easier)",
        ),
        max_lix: limit(
            &settings.max_lix,
            "max_lix",
            (0.0, 1000.0),
            defaults.max_lix,
            "use a number from 0 to 1000 (lower is easier)",
        ),
    }
}

/// The words to avoid, by locale, keyed in lower case. A language the site does not have, an
/// empty word or an empty suggestion is an error.
pub(super) fn resolve_avoid(
    file: &Path,
    avoid: &BTreeMap<String, BTreeMap<String, Spanned<String>>>,
    locales: &[String],
    diags: &mut Diagnostics,
) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for (locale, words) in avoid {
        let first = words.values().next().map(|v| span_location(file, v));
        if !locales.contains(locale) {
            let mut d = Diagnostic::error(format!(
                "checks.avoid lists words for \"{locale}\", which is not a language of the site"
            ))
            .at_opt(first);
            d = match did_you_mean(locale, locales.iter().map(String::as_str)) {
                Some(hint) => d.hint(hint),
                None => d.hint(format!("the site's languages are: {}", locales.join(", "))),
            };
            diags.push(d);
            continue;
        }
        let mut list = BTreeMap::new();
        for (word, suggestion) in words {
            if word.trim().is_empty() || suggestion.value.trim().is_empty() {
                diags.push(
                    Diagnostic::error(format!(
                        "checks.avoid.{locale}: \"{word}\" needs a word and the plain words to write instead"
                    ))
                    .at(span_location(file, suggestion))
                    .hint("write it as `anesthesioloog: \"de arts die u verdooft (anesthesioloog)\"`"),
                );
                continue;
            }
            list.insert(
                word.trim().to_lowercase(),
                suggestion.value.trim().to_string(),
            );
        }
        out.insert(locale.clone(), list);
    }
    out
}
