//! Content checks on every message, whatever its language: text still as `leaflet new` wrote
//! it (the scaffold marker in the YAML is resolve's), and phone numbers typed into a
//! message instead of taken from `site.yaml` (the README promises every number is written
//! once). Phone numbers are recognised with the `phonenumber` crate (Google's libphonenumber
//! metadata), for the site's country.

use fluent_bundle::FluentResource;
use fluent_syntax::ast;
use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

use crate::diag::{Diagnostic, Diagnostics};
use crate::ftl::{Resources, messages};
use crate::resolve::ResolvedSite;
use crate::starter;

/// Errors for placeholders left from `leaflet new`, for hand-typed phone numbers and for a
/// contact's opening hours typed into a message. `hours` are the contacts' opening and closing
/// times (`HH:MM`, with the contact's key) where every open day has the same.
pub fn check_content(
    resources: &Resources,
    site: &ResolvedSite,
    hours: &[(String, String, String)],
    diags: &mut Diagnostics,
) {
    let default = &site.default_locale;
    let starter_texts = starter::sections(default);
    let country = site.phone_country.parse::<phonenumber::country::Id>().ok();
    let allowed: Vec<String> = site.allowed_numbers.iter().map(|n| digits(n)).collect();
    let rules = ContentRules {
        default,
        starter_texts: &starter_texts,
        country,
        allowed: &allowed,
        hours,
    };
    // Each file on its own (rayon), its problems in a list of its own, taken in the files'
    // order: the same output whichever thread finished first.
    let files: Vec<_> = resources.all().collect();
    let found: Vec<Diagnostics> = files
        .par_iter()
        .map(|((locale, key), resource)| {
            let mut found = Diagnostics::new();
            check_file(locale, key, resource, resources, &rules, &mut found);
            found
        })
        .collect();
    for found in found {
        diags.extend(found);
    }
}

/// What [`check_content`] compares each file with.
struct ContentRules<'a> {
    default: &'a str,
    starter_texts: &'a [(&'static str, &'static str)],
    country: Option<phonenumber::country::Id>,
    allowed: &'a [String],
    hours: &'a [(String, String, String)],
}

/// [`check_content`] of one file.
fn check_file(
    locale: &str,
    key: &str,
    resource: &FluentResource,
    resources: &Resources,
    rules: &ContentRules<'_>,
    diags: &mut Diagnostics,
) {
    let ContentRules {
        default,
        starter_texts,
        country,
        allowed,
        hours,
    } = *rules;
    let keys = [key.to_string()];
    for message in messages(resource) {
        let id = message.id.name;
        let text = plain_text(message);
        // Where `typed` stands in the message's text, or the message itself.
        let where_typed = |typed: &str| {
            resources
                .text_use(locale, &keys, id, typed)
                .or_else(|| resources.definition(locale, &keys, id))
        };
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
        // As typed, and as the reader sees it once Markdown is read: `**050 361** 48 86`
        // and `050 [361 48 86](…)` show a whole number too (hostile review).
        let marked = !shows_as_typed(&text);
        let (shown, targets) = if marked {
            as_read(&text)
        } else {
            Default::default()
        };
        for target in targets
            .iter()
            .filter(|t| t.trim_start().to_ascii_lowercase().starts_with("tel:"))
        {
            diags.push(
                Diagnostic::error(format!(
                    "message \"{id}\" in {locale} has a phone link typed into it ({target})"
                ))
                .at_opt(where_typed(target))
                .hint("write { $phone } (or another contact's number variable): it becomes a link to the number in site.yaml by itself"),
            );
        }
        // Opening hours live in site.yaml as numbers do: a message that gives a contact's
        // opening and closing time as typed text would not follow a change there.
        let times = crate::format::clock_times(&text);
        let typed = |time: &str| {
            times
                .iter()
                .find(|(_, _, t)| t == time)
                .map(|(start, end, _)| text[*start..*end].to_string())
        };
        if let Some((key, opens, closes, first)) = hours.iter().find_map(|(key, opens, closes)| {
            Some((key, opens, closes, typed(opens)?)).filter(|_| typed(closes).is_some())
        }) {
            diags.push(
                Diagnostic::error(format!(
                    "message \"{id}\" in {locale} has the opening hours of {key} ({opens}–{closes}) typed into its text"
                ))
                .at_opt(where_typed(&first))
                .hint("write { $opens } and { $closes } for the opening and closing time of the leaflet's contact: they come from its hours in site.yaml, so a change there reaches every leaflet"),
            );
        }
        let mut seen = Vec::new();
        let found = phone_numbers(&text, country).into_iter().chain(
            marked
                .then(|| phone_numbers(&shown, country))
                .into_iter()
                .flatten(),
        );
        for number in found {
            if allowed.contains(&digits(&number)) || seen.contains(&digits(&number)) {
                continue;
            }
            seen.push(digits(&number));
            diags.push(
                Diagnostic::error(format!(
                    "message \"{id}\" in {locale} has the phone number {number} typed into its text"
                ))
                .at_opt(where_typed(&number))
                .hint("write { $phone } for the number of the leaflet's contact ({ $after_hours } if that contact has an after_hours number in site.yaml), or another contact's number as { $name_phone } after `with: { name: org/contact }` in the leaflet; numbers live only in site.yaml. A number that really belongs in the text (a national line) goes in site.yaml under checks.allowed_numbers"),
            );
        }
    }
}

/// Whether Markdown leaves `text` as it is typed: no inline marks (emphasis, escapes,
/// entities, code, links, autolinks) and no line that starts like a block whose marks are not
/// shown (a heading, quote, list item, rule or fence: `# `, `> `, `- `, `+ `, `===`, `~~~`,
/// `1. `, `2) `). Such a
/// text need not be read through pulldown-cmark to know what it shows.
pub(super) fn shows_as_typed(text: &str) -> bool {
    !text.contains(['*', '_', '\\', '&', '`', '[', '<'])
        && text.lines().all(|line| {
            let line = line.trim_start();
            let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            !(line.starts_with(['#', '>', '-', '+', '=', '~'])
                || (digits > 0 && line[digits..].starts_with(['.', ')'])))
        })
}

/// The text as a reader sees it once Markdown is read (pulldown-cmark): emphasis marks,
/// escapes and link syntax gone, and the links' targets.
pub(super) fn as_read(text: &str) -> (String, Vec<String>) {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut shown = String::with_capacity(text.len());
    let mut targets = Vec::new();
    for event in Parser::new(text) {
        match event {
            Event::Text(t) | Event::Code(t) => shown.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => shown.push(' '),
            Event::Start(Tag::Link { dest_url, .. }) => targets.push(dest_url.to_string()),
            _ => {}
        }
    }
    (shown, targets)
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

/// Whether `before` ends with a word for a phone number ("tel.", "T", "telefoon:"), written
/// right against the number.
fn after_phone_word(before: &[char]) -> bool {
    let mut end = before.len();
    if end > 0 && matches!(before[end - 1], '.' | ':') {
        end -= 1;
    }
    let start = before[..end]
        .iter()
        .rposition(|c| !c.is_alphabetic())
        .map_or(0, |p| p + 1);
    let word: String = before[start..end].iter().collect::<String>().to_lowercase();
    matches!(
        word.as_str(),
        "t" | "tel"
            | "tél"
            | "telnr"
            | "nr"
            | "telefoon"
            | "telefon"
            | "telephone"
            | "phone"
            | "ph"
            | "tlf"
            | "тел"
    )
}

/// Runs of text that libphonenumber accepts as a valid phone number of `country`. Each
/// character is first folded to its compatibility form (NFKC: full-width ０, mathematical 𝟎,
/// superscript ⁰, ideographic and other wide spaces become plain digits and spaces), and
/// digits of any script (Arabic-Indic ٠) count as digits. Between the digits may stand any
/// space, any dash or minus sign, soft hyphens, dots, middle dots, slashes, underscores,
/// brackets, a leading `+`, and commas with no space after them. At least six digits
/// (shorter ones, such as 112, are not numbers to look up).
pub fn phone_numbers(text: &str, country: Option<phonenumber::country::Id>) -> Vec<String> {
    let original: Vec<char> = text.chars().collect();
    // The folded text, each character with the index of the original character it came from.
    let mut chars: Vec<char> = Vec::with_capacity(original.len());
    let mut origin: Vec<usize> = Vec::with_capacity(original.len());
    for (index, &c) in original.iter().enumerate() {
        // ASCII is its own compatibility form, and its digits are digits (the quick case).
        if c.is_ascii() {
            chars.push(c);
            origin.push(index);
            continue;
        }
        for folded in std::iter::once(c).nfkc() {
            let folded = super::numbers::digit_value(folded)
                .and_then(|d| char::from_digit(d, 10))
                .unwrap_or(folded);
            chars.push(folded);
            origin.push(index);
        }
    }
    let separator = |i: usize| {
        let c = chars[i];
        c.is_whitespace()
            || is_dash(c)
            || matches!(
                c,
                '(' | ')'
                    | '+'
                    | '.'
                    | '/'
                    | '_'
                    | '*'
                    | '\u{b7}'
                    | '\u{2027}'
                    | '\u{2022}'
                    | '\u{ad}'
                    | '\u{200b}'
            )
            || (c == ',' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit() || chars[i] == '+' || chars[i] == '(';
        // Digits glued to a word or a point ("COVID19", "P0612345678", "v2.0") are not a
        // number to call, unless the word says it is one: "tel.050-3614886", "T050 361 48 86".
        // Letters of other scripts do not glue: Arabic writes "and" (و) and "by" (بـ) against
        // the word after them, a number too.
        let glued = || {
            i > 0
                && (chars[i - 1].is_ascii_alphanumeric() || chars[i - 1] == '.')
                && !after_phone_word(&chars[..i])
        };
        if !starts || glued() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && (chars[j].is_ascii_digit() || separator(j)) {
            j += 1;
        }
        // Trailing separators ("… 86." at the end of a sentence) are not part of the number.
        let mut end = j;
        while end > i && !chars[end - 1].is_ascii_digit() && chars[end - 1] != ')' {
            end -= 1;
        }
        // libphonenumber reads spaces, hyphens, dots, slashes and brackets: every other
        // separator is given to it as a space.
        let valid = |from: usize, to: usize| {
            let candidate: String = chars[from..to]
                .iter()
                .map(|&c| match c {
                    '0'..='9' | '(' | ')' | '+' | '-' | '.' | '/' => c,
                    _ => ' ',
                })
                .collect();
            let count = candidate.chars().filter(char::is_ascii_digit).count();
            (6..=15).contains(&count)
                && phonenumber::parse(country, &candidate).is_ok_and(|n| phonenumber::is_valid(&n))
        };
        let typed = |from: usize, to: usize| {
            original[origin[from]..=origin[to - 1]]
                .iter()
                .collect::<String>()
                .trim()
                .to_string()
        };
        if valid(i, end) {
            found.push(typed(i, end));
        } else {
            // Two numbers one after the other (a list: "- 050 361 48 86\n- 058 123 45 67")
            // read as one run, too long for a number: each valid part of it, the longest
            // first, made of whole groups of digits (with a "+" or "(" just before) and cut
            // where a list cuts (a line break, "/", ";", ",", a dash between spaces), so two
            // dates in a row are not a number.
            let mut groups: Vec<(usize, usize)> = Vec::new();
            for (k, c) in chars.iter().enumerate().take(end).skip(i) {
                if !c.is_ascii_digit() {
                    continue;
                }
                match groups.last_mut() {
                    Some((_, last)) if *last == k => *last = k + 1,
                    _ => {
                        let mut from = k;
                        while from > i && matches!(chars[from - 1], '+' | '(') {
                            from -= 1;
                        }
                        groups.push((from, k + 1));
                    }
                }
            }
            let cut_after = |g: usize| {
                g + 1 == groups.len() || {
                    let between = &chars[groups[g].1..groups[g + 1].0];
                    between.iter().any(|c| matches!(c, '\n' | '/' | ';' | ','))
                        || (between.iter().any(|c| is_dash(*c))
                            && between.first().is_some_and(|c| c.is_whitespace())
                            && between.last().is_some_and(|c| c.is_whitespace()))
                }
            };
            let digits = |from: usize, to: usize| {
                chars[from..to]
                    .iter()
                    .filter(|c| c.is_ascii_digit())
                    .count()
            };
            let total = digits(i, end);
            let mut first = 0;
            while total >= 12 && first < groups.len() {
                // At most 15 digits: a few ranges to try from each group.
                let mut ends = Vec::new();
                for last in first..groups.len() {
                    if digits(groups[first].0, groups[last].1) > 15 {
                        break;
                    }
                    if cut_after(last) {
                        ends.push(last);
                    }
                }
                let longest = ends
                    .into_iter()
                    .rev()
                    .find(|&last| valid(groups[first].0, groups[last].1));
                match longest {
                    Some(last) => {
                        found.push(typed(groups[first].0, groups[last].1));
                        first = last + 1;
                    }
                    // The next part starts after a cut.
                    None => {
                        first = (first..groups.len())
                            .find(|&g| cut_after(g))
                            .map_or(groups.len(), |g| g + 1);
                    }
                }
            }
        }
        i = j.max(i + 1);
    }
    found
}

/// Dashes of every kind (Unicode's dash punctuation) and the minus signs.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            ..='\u{2015}'
                | '\u{2212}'
                | '\u{2e3a}'
                | '\u{2e3b}'
                | '\u{fe58}'
                | '\u{fe63}'
                | '\u{ff0d}'
                | '\u{301c}'
                | '\u{30a0}'
    )
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
            // Found by the hostile review: every other space, dash and dot.
            "050\u{2014}361\u{2014}48\u{2014}86",
            "050\u{2002}361\u{2002}48\u{2002}86",
            "050\u{3000}361\u{3000}48\u{3000}86",
            "050\u{ad}361\u{ad}48\u{ad}86",
            "050\u{2212}361\u{2212}48\u{2212}86",
            "050\u{b7}361\u{b7}48\u{b7}86",
            "050,361,48,86",
            "050_361_48_86",
            "\u{1d7ce}\u{1d7d3}\u{1d7ce} 361 48 86",
            "⁰⁵⁰ ³⁶¹ ⁴⁸ ⁸⁶",
        ] {
            assert_eq!(
                phone_numbers(&format!("Bel {typed}."), nl),
                [typed],
                "{typed}"
            );
        }
        // Glued to a word or a point, as "tel." is often written: a whole number still counts;
        // a short run after a letter (a name, a code) does not.
        for (typed, found) in [
            ("tel.050-3614886", "050-3614886"),
            ("T050 361 48 86", "050 361 48 86"),
            ("tel:050 361 48 86", "050 361 48 86"),
        ] {
            assert_eq!(
                phone_numbers(&format!("Bel {typed}."), nl),
                [found],
                "{typed}"
            );
        }
        assert!(phone_numbers("de COVID19-prik, vitamine B12, H2O", nl).is_empty());
        assert_eq!(
            phone_numbers("Bel tel.0800-1234 gratis.", nl),
            ["0800-1234"]
        );
        assert!(phone_numbers("Patiëntnummer P0612345678.", nl).is_empty());
        for typed in [
            "Tel.nr.050-3614886",
            "telnr.0503614886",
            "тел.0503614886",
            "و0503614886",
        ] {
            assert_eq!(phone_numbers(typed, nl).len(), 1, "{typed}");
        }
        // Dates and decimals with dots are not phone numbers.
        assert!(phone_numbers("Op 01.03.2026 om 08.30 uur; 2.5 mg.", nl).is_empty());
        // Markdown read as the reader sees it.
        for typed in [
            "**050 361** 48 86",
            "050 *361* 48 86",
            "050 361 [48 86](https://example.org)",
            "050 \\*361 48 86",
        ] {
            let (shown, _) = as_read(typed);
            assert_eq!(phone_numbers(&shown, nl).len(), 1, "{typed}");
        }
        assert_eq!(as_read("[bel](tel:+31503614886)").1, ["tel:+31503614886"]);
        // Lists of numbers with a comma and a space are lists.
        assert!(phone_numbers("Na 0, 5, 10, 15, 20 en 30 dagen.", nl).is_empty());
        // Two numbers in a list are two numbers, not one run too long to be a number.
        assert_eq!(
            phone_numbers("Bel:\n- 050 361 48 86\n- 058 123 45 67", nl),
            ["050 361 48 86", "058 123 45 67"]
        );
        assert_eq!(
            phone_numbers("0503614886\n0581234567", nl),
            ["0503614886", "0581234567"]
        );
        assert_eq!(
            phone_numbers("+31 50 361 48 86 / +31 58 123 45 67", nl),
            ["+31 50 361 48 86", "+31 58 123 45 67"]
        );
        assert!(phone_numbers("Van 01-02-2026 – 03-04-2026.", nl).is_empty());
    }

    #[test]
    fn a_text_is_read_through_markdown_when_markdown_would_change_it() {
        for text in [
            "Bel ons:\n1. 050 361 48 86",
            "050 361\n> 48 86",
            "050 361\n# 48 86",
            "050 361\n~~~\n48 86",
            "Bel:\n  - 050 361 48 86",
            "**050** 361 48 86",
            "050 [361 48 86](https://example.org)",
        ] {
            assert!(!shows_as_typed(text), "{text}");
        }
        for text in [
            "Neem 2 tabletten\n3 keer per dag.",
            "Bel 050 361 48 86.",
            "1 tot 2",
        ] {
            assert!(shows_as_typed(text), "{text}");
        }
    }
}
