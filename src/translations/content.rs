//! Content checks on every message, whatever its language: text still as `leaflet new` wrote
//! it (the scaffold marker in the YAML is resolve's), and phone numbers typed into a
//! message instead of taken from `site.yaml` (the README promises every number is written
//! once). Phone numbers are recognised with the `phonenumber` crate (Google's libphonenumber
//! metadata), for the site's country.

use fluent_syntax::ast;

use crate::diag::{Diagnostic, Diagnostics};
use crate::ftl::{Resources, messages};
use crate::resolve::ResolvedSite;
use crate::starter;

/// Errors for placeholders left from `leaflet new` and for hand-typed phone numbers.
pub fn check_content(resources: &Resources, site: &ResolvedSite, diags: &mut Diagnostics) {
    let default = &site.default_locale;
    let starter_texts = starter::sections(default);
    let country = site.phone_country.parse::<phonenumber::country::Id>().ok();
    let allowed: Vec<String> = site.allowed_numbers.iter().map(|n| digits(n)).collect();
    for ((locale, key), resource) in resources.all() {
        let keys = [key.clone()];
        for message in messages(resource) {
            let id = message.id.name;
            let text = plain_text(message);
            if locale == default
                && starter::is_placeholder(id)
                && let Some((_, starter)) = starter_texts.iter().find(|(s, _)| *s == id)
                && text.trim() == *starter
            {
                diags.push(
                    Diagnostic::error(format!(
                        "message \"{id}\" still has the text that `leaflet new` wrote"
                    ))
                    .at_opt(resources.definition(locale, &keys, id))
                    .hint("write the leaflet's own text here, or remove the message and its block"),
                );
            }
            for number in phone_numbers(&text, country) {
                if allowed.contains(&digits(&number)) {
                    continue;
                }
                diags.push(
                    Diagnostic::error(format!(
                        "message \"{id}\" in {locale} has the phone number {number} typed into its text"
                    ))
                    .at_opt(
                        resources
                            .text_use(locale, &keys, id, &number)
                            .or_else(|| resources.definition(locale, &keys, id)),
                    )
                    .hint("write { $phone } or { $after_hours } (the leaflet's contact), or another contact's number as { $name_phone } after `with: { name: org/contact }` in the leaflet; numbers live only in site.yaml. A number that really belongs in the text (a national line) goes in site.yaml under checks.allowed_numbers"),
                );
            }
        }
    }
}

/// The text of a message (all variants and attributes), placeables left out.
fn plain_text(message: &ast::Message<&str>) -> String {
    fn pattern(p: &ast::Pattern<&str>, out: &mut String) {
        for element in &p.elements {
            match element {
                ast::PatternElement::TextElement { value } => out.push_str(value),
                // `050 { "361" } 48 86` shows a whole number: literals are text.
                ast::PatternElement::Placeable { expression }
                    if super::numbers::literal(expression).is_some() =>
                {
                    out.push_str(&super::numbers::literal(expression).unwrap_or_default());
                }
                ast::PatternElement::Placeable { expression } => {
                    out.push(' ');
                    if let ast::Expression::Select { variants, .. } = expression {
                        for variant in variants {
                            pattern(&variant.value, out);
                            out.push(' ');
                        }
                    }
                }
            }
        }
    }
    let mut out = String::new();
    for p in message
        .value
        .iter()
        .chain(message.attributes.iter().map(|a| &a.value))
    {
        pattern(p, &mut out);
    }
    out
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Runs of text that libphonenumber accepts as a valid phone number of `country`: digits (of
/// any script: full-width ０５０ and Arabic-Indic ٠٥٠ too) with spaces of any width, hyphens,
/// dashes, dots, slashes, parentheses and a leading `+`, at least six digits (shorter ones,
/// such as 112, are not numbers to look up).
pub fn phone_numbers(text: &str, country: Option<phonenumber::country::Id>) -> Vec<String> {
    let original: Vec<char> = text.chars().collect();
    // The same text with every digit as an ASCII digit, one character for one.
    let chars: Vec<char> = original
        .iter()
        .map(|&c| {
            super::numbers::digit_value(c)
                .and_then(|d| char::from_digit(d, 10))
                .unwrap_or(c)
        })
        .collect();
    let separator = |c: char| {
        matches!(
            c,
            ' ' | '-'
                | '('
                | ')'
                | '+'
                | '.'
                | '/'
                | '\u{a0}'
                | '\u{2007}'
                | '\u{2009}'
                | '\u{202f}'
                | '\u{2010}'
                | '\u{2011}'
                | '\u{2012}'
                | '\u{2013}'
        )
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit() || chars[i] == '+' || chars[i] == '(';
        let glued = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '.');
        if !starts || glued {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && (chars[j].is_ascii_digit() || separator(chars[j])) {
            j += 1;
        }
        // Trailing separators ("… 86." at the end of a sentence) are not part of the number.
        let mut end = j;
        while end > i && !chars[end - 1].is_ascii_digit() && chars[end - 1] != ')' {
            end -= 1;
        }
        // libphonenumber reads spaces, hyphens, dots, slashes and brackets; other spaces and
        // dashes are read as the ones it knows.
        let candidate: String = chars[i..end]
            .iter()
            .map(|&c| match c {
                '\u{a0}' | '\u{2007}' | '\u{2009}' | '\u{202f}' => ' ',
                '\u{2010}'..='\u{2013}' => '-',
                c => c,
            })
            .collect();
        let count = candidate.chars().filter(char::is_ascii_digit).count();
        let valid = (6..=15).contains(&count)
            && phonenumber::parse(country, &candidate).is_ok_and(|n| phonenumber::is_valid(&n));
        if valid {
            found.push(
                original[i..end]
                    .iter()
                    .collect::<String>()
                    .trim()
                    .to_string(),
            );
        }
        i = j.max(i + 1);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_phone_numbers_are_found_and_other_numbers_are_not() {
        let nl = "NL".parse().ok();
        assert_eq!(
            phone_numbers("Bel 050 361 48 86 of +31 50 361 61 61.", nl),
            ["050 361 48 86", "+31 50 361 61 61"]
        );
        assert_eq!(
            phone_numbers("Bel 0800-0123456 gratis.", nl),
            ["0800-0123456"]
        );
        assert!(phone_numbers("Bel 112. Neem 2 x 500 mg op 2026-03-01 om 08:30.", nl).is_empty());
        assert!(phone_numbers("na 1, 3, 6 en 12 maanden; 70 tot 80%", nl).is_empty());
        // Other ways of typing the same number.
        for typed in [
            "050.361.48.86",
            "050/361 48 86",
            "050\u{a0}361\u{a0}48\u{a0}86",
            "050\u{2011}3614886",
            "０５０ ３６１ ４８ ８６",
            "٠٥٠ ٣٦١ ٤٨ ٨٦",
        ] {
            assert_eq!(
                phone_numbers(&format!("Bel {typed}."), nl),
                [typed],
                "{typed}"
            );
        }
        // Dates and decimals with dots are not phone numbers.
        assert!(phone_numbers("Op 01.03.2026 om 08.30 uur; 2.5 mg.", nl).is_empty());
    }
}
