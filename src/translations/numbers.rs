//! Numbers and facts: what a translation must say exactly as its source does.
//!
//! A translated leaflet that says 10 tablets where the Dutch says 2, or 09:00 where it says
//! 08:30, is worse than no translation. Like Translate Toolkit's `numbers` check and
//! compare-locales' variable check, this module extracts from a message (all its text, every
//! variant of a select, every attribute) the numbers — digits in any script mapped to 0–9,
//! decimal and thousands separators read the way the message's language writes them, times of
//! day (also "8u30"), dates as one fact ("1-3-2026" is 2026-03-01), fractions ("½", "1/2"),
//! percentages (as their number: "%50" and "50 %" alike), and units that are the same in
//! every language (mg, ml, kg, °C, mg/kg …), all read in the text as it is shown (Markdown
//! marks and invisible characters left out) — plus a
//! few number words per language where a small table is reliable ("twee", "two", "iki"), and the
//! `$variables`. A translation must have the same multiset of numbers and the same variables as
//! its source.
//!
//! Not covered (documented in the README): number words beyond the table, and one ("een",
//! "één", "one", "once"), which is also an article or a conjunction; Arabic number words and
//! dual forms; a unit of time said in other words than a number and the unit ("a
//! fortnight"): units of time are compared only where both texts give the number one
//! (`Facts::periods`); and the order of the numbers, which word order may change. Numbers in
//! `{ "…" }` literals are text like any other, and each character is compared in its
//! compatibility form (² is 2, ½ is 1⁄2). A translation that says these differently is
//! confirmed with `--numbers-differ "<why>"`, which the lock file records.

use std::collections::BTreeSet;

use fluent_syntax::ast;
use unicode_normalization::UnicodeNormalization;

/// What must match between a message and its translation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Canonical numbers ("2", "2.5", "1000", "8:30", "500 mg"), sorted.
    pub numbers: Vec<String>,
    pub variables: BTreeSet<String>,
    /// Messages and terms the text pulls in (`{ other }`, `{ -term }`): a translation may not
    /// bring in text (and numbers) its source does not have.
    pub references: BTreeSet<String>,
    /// Each choice (select expression) of the message, in order: the child's dose and the
    /// adult's swapped have the same numbers in all, not in each variant.
    pub choices: Vec<Choice>,
    /// Numbers with a unit of time after them ("2 weken": ("2", "week")) and doses per a
    /// time ("5 mg per uur": ("5 mg", "per hour")), sorted. Compared only where both texts
    /// give the same number a unit of time, and different ones: "2 weeks" against "2 days".
    /// A translation that says it another way ("a fortnight", "twice daily") is not held to
    /// it, as the words for time differ too much between languages for a table to be sure.
    pub periods: Vec<(String, &'static str)>,
}

/// One choice of a message: its selector (`$wie`) and the numbers of each variant (sorted),
/// by key, with the default variant marked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choice {
    pub selector: String,
    pub variants: Vec<(String, Vec<String>, bool)>,
}

impl Choice {
    /// The variant Fluent shows for `key`: that key's, or the default.
    fn shown_for(&self, key: &str) -> Option<&(String, Vec<String>, bool)> {
        self.variants
            .iter()
            .find(|(k, _, _)| k == key)
            .or_else(|| self.variants.iter().find(|(_, _, default)| *default))
    }
}

/// Units written the same in every language; a number's unit is part of the fact.
const UNITS: &[&str] = &[
    "mg", "µg", "g", "kg", "ml", "cl", "dl", "l", "mmol", "cm", "mm", "km", "°c", "mmhg", "iu",
];

/// Other ways of writing the units (in lower case), with the unit each is: `mcg` and `µg`,
/// the international units (nl, de `IE`, fr `UI`, en `IU`, uk `МО`, ru `МЕ`), and the units in the
/// Cyrillic (uk, ru, bg) and Arabic scripts. A Ukrainian `500 мг` is the source's `500 mg`.
const UNIT_SPELLINGS: &[(&str, &str)] = &[
    ("mcg", "µg"),
    ("ie", "iu"),
    ("ui", "iu"),
    // Cyrillic.
    ("мг", "mg"),
    ("мкг", "µg"),
    ("г", "g"),
    ("кг", "kg"),
    ("мл", "ml"),
    ("дл", "dl"),
    ("сл", "cl"),
    ("л", "l"),
    ("ммоль", "mmol"),
    ("см", "cm"),
    ("мм", "mm"),
    ("км", "km"),
    ("°с", "°c"),
    ("мо", "iu"),
    ("ме", "iu"),
    // Arabic.
    ("ملغ", "mg"),
    ("ملغم", "mg"),
    ("مغ", "mg"),
    ("مكغ", "µg"),
    ("غ", "g"),
    ("غم", "g"),
    ("كغ", "kg"),
    ("كلغ", "kg"),
    ("كجم", "kg"),
    ("كغم", "kg"),
    ("مل", "ml"),
    ("لتر", "l"),
    ("مليمول", "mmol"),
    ("سم", "cm"),
    ("مم", "mm"),
    ("ملم", "mm"),
    ("كم", "km"),
];

/// Units written out, as the start of a word: "liter", "litres", "грамів", "kilogramów" (a
/// stem and at most four more letters, its endings; in Arabic the word, its plural or its
/// accusative form). Longer stems first: "kilometr" is not
/// "kilo" and "litre" not "litr".
const UNIT_WORDS: &[(&str, &str)] = &[
    // Latin script (nl, en, de, fr, pl, tr …).
    ("microgramme", "µg"),
    ("milligramme", "mg"),
    ("kilogramme", "kg"),
    ("centimètre", "cm"),
    ("millimètre", "mm"),
    ("kilomètre", "km"),
    ("millilitre", "ml"),
    ("milliliter", "ml"),
    ("centimeter", "cm"),
    ("centimetre", "cm"),
    ("millimeter", "mm"),
    ("millimetre", "mm"),
    ("santimetre", "cm"),
    ("kilometer", "km"),
    ("kilometre", "km"),
    ("microgram", "µg"),
    ("mikrogram", "µg"),
    ("milligram", "mg"),
    ("centymetr", "cm"),
    ("mililitre", "ml"),
    ("milimetre", "mm"),
    ("kilometr", "km"),
    ("milimetr", "mm"),
    ("mililitr", "ml"),
    ("miligram", "mg"),
    ("kilogram", "kg"),
    ("gramme", "g"),
    ("liter", "l"),
    ("litre", "l"),
    ("gram", "g"),
    ("litr", "l"),
    ("kilo", "kg"),
    // Cyrillic (uk, ru, bg).
    ("миллилитр", "ml"),
    ("миллиграм", "mg"),
    ("микрограм", "µg"),
    ("миллиметр", "mm"),
    ("сантиметр", "cm"),
    ("мілілітр", "ml"),
    ("міліграм", "mg"),
    ("мікрограм", "µg"),
    ("міліметр", "mm"),
    ("килограм", "kg"),
    ("кілограм", "kg"),
    ("километр", "km"),
    ("кілометр", "km"),
    ("грам", "g"),
    ("литр", "l"),
    ("літр", "l"),
    // Arabic (whole words).
    ("ميكروغرام", "µg"),
    ("ملليغرام", "mg"),
    ("ملليجرام", "mg"),
    ("كيلوغرام", "kg"),
    ("كيلوجرام", "kg"),
    ("مليغرام", "mg"),
    ("ملليلتر", "ml"),
    ("كيلومتر", "km"),
    ("سنتيمتر", "cm"),
    ("مليلتر", "ml"),
    ("مليمتر", "mm"),
    ("غرام", "g"),
    ("جرام", "g"),
    ("كيلو", "kg"),
    ("ملل", "ml"),
];

/// The unit `word` (in lower case) is, in the way [`UNITS`] writes it: a unit, another way of
/// writing one, or one written out.
fn unit(word: &str) -> Option<&'static str> {
    let bare = without_arabic_marks(word);
    let word = bare.as_str();
    if let Some(unit) = UNITS.iter().find(|u| **u == word) {
        return Some(unit);
    }
    if let Some((_, unit)) = UNIT_SPELLINGS
        .iter()
        .find(|(spelling, _)| *spelling == word)
    {
        return Some(unit);
    }
    let arabic = word
        .chars()
        .next()
        .is_some_and(|c| ('\u{600}'..='\u{6ff}').contains(&c));
    UNIT_WORDS
        .iter()
        .find(|(stem, _)| {
            word.strip_prefix(stem).is_some_and(|rest| {
                // Arabic: the word, or its plural (كيلوغرامات) or accusative (غراما) form.
                if arabic {
                    matches!(rest, "" | "ات" | "ا")
                } else {
                    rest.chars().count() <= 4
                }
            })
        })
        .map(|(_, unit)| *unit)
}

/// The units that count even without a number before them ("per kg", "Kg başına", "for
/// every kilogram", "the dose in mg"), however they are written (`unit`): so a translation
/// that adds "per kilo" to a dose is not the same dose. Not the one-letter units (French
/// "l'"), nor centimetres and the like, whose short forms are other words (`см` is Russian
/// "see", `كم` Arabic "how many").
const UNITS_ON_THEIR_OWN: &[&str] = &["mg", "µg", "kg", "ml", "mmol"];

/// Whether `c` can start a unit of [`UNITS_ON_THEIR_OWN`] in any spelling: a quick test
/// before the tables, as most words are no unit (a test checks every spelling).
fn may_start_unit_alone(c: char) -> bool {
    matches!(
        c.to_lowercase().next(),
        Some('m' | 'µ' | 'k' | 'м' | 'к' | 'م' | 'ك')
    )
}

/// Whether `raw` (a number read so far, separators normalised) can go on with a group of
/// three digits after a space: one to three digits, then groups of three after spaces.
fn space_grouped(raw: &str) -> bool {
    let mut groups = raw.split(' ');
    let first = groups.next().unwrap_or_default();
    (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        // "0 125 mg" is a typo for 0,125, not 125 mg.
        && !first.starts_with('0')
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// Languages that group thousands with a space (`10 000`), typed as a plain one too.
fn space_groups(locale: &str) -> bool {
    matches!(
        language(locale),
        "fr" | "pl"
            | "uk"
            | "ru"
            | "be"
            | "bg"
            | "cs"
            | "sk"
            | "sv"
            | "nb"
            | "nn"
            | "no"
            | "fi"
            | "et"
            | "lv"
            | "lt"
            | "hu"
            | "pt"
            | "kk"
    )
}

/// Number words per language that cannot be mistaken for something else.
fn number_words(locale: &str) -> &'static [(&'static str, u32)] {
    match language(locale) {
        "nl" => &[
            ("twee", 2),
            ("tweemaal", 2),
            ("driemaal", 3),
            ("viermaal", 4),
            ("drie", 3),
            ("vier", 4),
            ("vijf", 5),
            ("zes", 6),
            ("zeven", 7),
            ("acht", 8),
            ("negen", 9),
            ("tien", 10),
            ("elf", 11),
            ("twaalf", 12),
        ],
        "en" => &[
            ("twice", 2),
            ("two", 2),
            ("three", 3),
            ("four", 4),
            ("five", 5),
            ("six", 6),
            ("seven", 7),
            ("eight", 8),
            ("nine", 9),
            ("ten", 10),
            ("eleven", 11),
            ("twelve", 12),
        ],
        "tr" => &[
            ("iki", 2),
            ("üç", 3),
            ("dört", 4),
            ("beş", 5),
            ("yedi", 7),
            ("sekiz", 8),
            ("dokuz", 9),
        ],
        _ => &[],
    }
}

/// The number `word` is in `table` (of [`number_words`]), in any case.
fn number_word(table: &[(&str, u32)], word: &[char]) -> Option<u32> {
    // No number word is longer than eight letters: most words are not looked up at all.
    if table.is_empty() || word.len() > 8 {
        return None;
    }
    // Turkish "İki" lowercases to "i̇ki" (with a combining dot): drop the dot.
    let lower: String = word
        .iter()
        .flat_map(|c| c.to_lowercase())
        .filter(|c| *c != '\u{307}')
        .collect();
    table.iter().find(|(w, _)| *w == lower).map(|(_, n)| *n)
}

/// Whether the language writes decimals with a comma (2,5) rather than a point (2.5). Arabic
/// written with Latin digits, as leaflets' Arabic is, writes a point (CLDR); its own decimal
/// separator ٫ is read as the decimal separator in every language.
fn decimal_comma(locale: &str) -> bool {
    !matches!(
        language(locale),
        "en" | "ja" | "zh" | "ko" | "he" | "th" | "ar"
    )
}

/// The value of a decimal digit in any script (Arabic-Indic ٣, Persian ۳, Devanagari ३ …).
pub(super) fn digit_value(c: char) -> Option<u32> {
    if c.is_ascii() {
        return c.to_digit(10);
    }
    // Unicode's decimal digits come in runs of ten, starting at zero.
    const ZEROS: &[u32] = &[
        0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
        0x0D66, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0xFF10,
    ];
    let code = c as u32;
    ZEROS
        .iter()
        .find(|zero| (**zero..**zero + 10).contains(&code))
        .map(|zero| code - zero)
}

/// The facts of one message in `locale`.
pub fn facts(message: &ast::Message<&str>, locale: &str) -> Facts {
    let mut c = Collected::default();
    let patterns = message
        .value
        .iter()
        .chain(message.attributes.iter().map(|a| &a.value));
    for pattern in patterns {
        collect_pattern(pattern, &mut c);
        // The value and each attribute are texts of their own: "Neem 2" and ".hint = 50 mg"
        // are not 250 mg (hostile review). A bar on a line of its own joins nothing, as
        // typed or once Markdown is read.
        c.text.push_str(PART_END);
    }
    let Collected {
        text,
        mut vars,
        choices: collected,
    } = c;
    // The spans of the choices that are not inside another choice's variant.
    let spans: Vec<std::ops::Range<usize>> = collected
        .iter()
        .map(|(_, variants)| {
            let start = variants.iter().map(|(_, r, _)| r.start).min().unwrap_or(0);
            let end = variants.iter().map(|(_, r, _)| r.end).max().unwrap_or(0);
            start..end
        })
        .collect();
    let top: Vec<bool> = spans
        .iter()
        .enumerate()
        .map(|(i, span)| {
            !spans.iter().enumerate().any(|(j, other)| {
                j != i
                    && other.start <= span.start
                    && span.end <= other.end
                    && (other.start, other.end) != (span.start, span.end)
            })
        })
        .collect();
    let (mut numbers, mut periods) = numbers_in(&text, locale);
    periods.sort();
    let choices: Vec<Choice> = collected
        .into_iter()
        .map(|(selector, variants)| Choice {
            selector,
            variants: variants
                .into_iter()
                .map(|(key, range, default)| {
                    let (mut numbers, _) = numbers_in(&text[range], locale);
                    numbers.sort();
                    (key, numbers, default)
                })
                .collect(),
        })
        .collect();
    // The message's numbers, with what its choices repeat taken out: of each choice, what
    // one variant may show counts (each number as often as the variant that has it most
    // often). A plural form repeats the dose in each of a language's forms (four in Polish,
    // six in Arabic): that is one dose. The "1" of a `[one]` variant is its plural form's own
    // number, which a language without that form writes as `{ $n }`.
    for (choice, _) in choices.iter().zip(&top).filter(|(_, top)| **top) {
        let mut all: Vec<String> = Vec::new();
        let mut most: Vec<String> = Vec::new();
        for (key, variant, _) in &choice.variants {
            all.extend(variant.iter().cloned());
            let kept = plural_one(key, variant);
            let shown: Vec<&String> = kept.iter().collect();
            for number in &shown {
                let here = shown.iter().filter(|n| *n == number).count();
                let have = most.iter().filter(|n| n == number).count();
                for _ in have..here {
                    most.push((*number).clone());
                }
            }
        }
        numbers = multiset_minus(&numbers, &multiset_minus(&all, &most));
    }
    numbers.sort();
    let references = vars
        .iter()
        .filter_map(|v| v.strip_prefix('\u{1}'))
        .map(str::to_string)
        .collect();
    vars.retain(|v| !v.starts_with('\u{1}'));
    Facts {
        numbers,
        variables: vars,
        references,
        choices,
        periods,
    }
}

/// What the `collect_*` functions gather: the text, the variables (references marked with
/// `\u{1}`), and each choice: its selector, and where each variant's text is in the text,
/// with its key and whether it is the default.
#[derive(Default)]
struct Collected {
    text: String,
    vars: BTreeSet<String>,
    choices: Vec<(String, Vec<VariantText>)>,
}

/// A variant's key, where its text is in the collected text, and whether it is the default.
type VariantText = (String, std::ops::Range<usize>, bool);

/// What ends a part of a message (its value, an attribute, a variant) in the text whose
/// numbers are read: nothing reads across it.
const PART_END: &str = "\n|\n";

fn collect_pattern(pattern: &ast::Pattern<&str>, c: &mut Collected) {
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => c.text.push_str(value),
            // A literal is text as the reader sees it: `5{ "00" } mg` says 500 mg.
            ast::PatternElement::Placeable { expression } if literal(expression).is_some() => {
                c.text.push_str(&literal(expression).unwrap_or_default());
            }
            ast::PatternElement::Placeable { expression } => {
                // A placeable separates words: "{ $n }mg" must not glue to the text around it.
                c.text.push(' ');
                collect_expression(expression, c);
                c.text.push(' ');
            }
        }
    }
}

/// The text of a placeable that is only a string or number literal (`{ "500" }`, `{ 500 }`,
/// `{ "\\u0035" }`), escapes resolved: what a reader sees in its place.
pub(super) fn literal(expression: &ast::Expression<&str>) -> Option<String> {
    match expression {
        ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }) => {
            Some(fluent_syntax::unicode::unescape_unicode_to_string(value).into_owned())
        }
        ast::Expression::Inline(ast::InlineExpression::NumberLiteral { value }) => {
            Some(value.to_string())
        }
        ast::Expression::Inline(ast::InlineExpression::Placeable { expression }) => {
            literal(expression)
        }
        _ => None,
    }
}

fn collect_expression(expression: &ast::Expression<&str>, c: &mut Collected) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            collect_inline(selector, c);
            let name = match selector {
                ast::InlineExpression::VariableReference { id } => format!("${}", id.name),
                // `NUMBER($n)` chooses by `$n` as `$n` does: a translation may write either.
                ast::InlineExpression::FunctionReference { id, arguments } => {
                    match arguments.positional.first() {
                        // Not `NUMBER($n, type: "ordinal")`: its categories are other ones.
                        Some(ast::InlineExpression::VariableReference { id: var })
                            if id.name == "NUMBER"
                                && !arguments.named.iter().any(|arg| {
                                    arg.name.name == "type"
                                        && matches!(
                                            arg.value,
                                            ast::InlineExpression::StringLiteral { value } if value == "ordinal"
                                        )
                                }) =>
                        {
                            format!("${}", var.name)
                        }
                        _ => format!("{}()", id.name),
                    }
                }
                _ => String::new(),
            };
            let mut ranges = Vec::new();
            for variant in variants {
                // "[kind] 5" and "*[volwassen] 500" are two doses, not 5500.
                c.text.push_str(PART_END);
                let start = c.text.len();
                collect_pattern(&variant.value, c);
                let key = match &variant.key {
                    ast::VariantKey::Identifier { name } => name.to_string(),
                    ast::VariantKey::NumberLiteral { value } => value.to_string(),
                };
                ranges.push((key, start..c.text.len(), variant.default));
            }
            c.choices.push((name, ranges));
        }
        ast::Expression::Inline(inline) => collect_inline(inline, c),
    }
}

fn collect_inline(inline: &ast::InlineExpression<&str>, c: &mut Collected) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            c.vars.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { id, arguments } => {
            // TIME("08:30") and DATE("2026-03-01") hold facts in their string arguments.
            for arg in &arguments.positional {
                match arg {
                    ast::InlineExpression::StringLiteral { value }
                        if id.name == "TIME" || id.name == "DATE" =>
                    {
                        c.text.push(' ');
                        c.text.push_str(value);
                        c.text.push(' ');
                    }
                    other => collect_inline(other, c),
                }
            }
        }
        ast::InlineExpression::Placeable { expression } => collect_expression(expression, c),
        // A literal inside a selector or a function call is still text to compare.
        ast::InlineExpression::StringLiteral { value } => {
            c.text.push(' ');
            c.text
                .push_str(&fluent_syntax::unicode::unescape_unicode_to_string(value));
            c.text.push(' ');
        }
        ast::InlineExpression::NumberLiteral { value } => {
            c.text.push(' ');
            c.text.push_str(value);
            c.text.push(' ');
        }
        // Marked with U+0001 and sorted out in `facts`: one walk collects both.
        ast::InlineExpression::MessageReference { id, .. } => {
            c.vars.insert(format!("\u{1}{}", id.name));
        }
        ast::InlineExpression::TermReference { id, .. } => {
            c.vars.insert(format!("\u{1}-{}", id.name));
        }
    }
}

/// The text without web addresses and Markdown link targets (`[text](https://…/2024/x)`):
/// numbers in addresses are not facts a reader compares.
fn without_addresses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("](") {
            let end = after.find(')').map_or(after.len(), |i| i + 1);
            out.push_str("] ");
            rest = &after[end..];
            continue;
        }
        let is_scheme = |scheme: &str| {
            rest.as_bytes()
                .get(..scheme.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(scheme.as_bytes()))
        };
        if ["http://", "https://", "mailto:", "tel:"]
            .into_iter()
            .any(is_scheme)
        {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            out.push(' ');
            rest = &rest[end..];
            continue;
        }
        let c = rest.chars().next().expect("not empty");
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Every number in `text`, canonical (see [`Facts::numbers`]), and the numbers and doses
/// with a unit of time ([`Facts::periods`]).
fn numbers_in(text: &str, locale: &str) -> (Vec<String>, Vec<(String, &'static str)>) {
    // The text as it is shown: "1*5*" reads 15 on the page, whatever the marks around the 5.
    let shown = if super::content::shows_as_typed(text) {
        text.to_string()
    } else {
        super::content::as_read(text).0
    };
    let text = without_addresses(&shown);
    let chars = folded(&text);
    let decimal = if decimal_comma(locale) { ',' } else { '.' };
    let words = number_words(locale);
    let mut out = Vec::new();
    let mut periods = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // "COVID19", "H2O": digits glued to Latin letters are part of a name. Arabic glues "and"
        // (و) to the next word, so a digit after a letter of another script starts a number.
        // Cyrillic letters glue too ("В12" is vitamin B12). But "2x500 mg" and "3dd1" (the
        // prescriber's "three times a day one") are numbers after a number's "x" or "dd".
        let glued = i > 0
            && (chars[i - 1].is_ascii_alphanumeric()
                || chars[i - 1] == '_'
                || ('\u{400}'..='\u{4ff}').contains(&chars[i - 1]))
            && !times_sign_before(&chars, i);
        // ".5 mg" is 0.5 mg: a point or comma before digits, not after a word or a number.
        let leading = matches!(c, '.' | ',')
            && chars.get(i + 1).and_then(|c| digit_value(*c)).is_some()
            && (i == 0 || !(is_word_char(chars[i - 1]) || is_separator(chars[i - 1])));
        let digit = digit_value(c).is_some();
        if digit
            && !glued
            && let Some((date, end)) = date_at(&chars, i)
                .or_else(|| named_month_date_at(&chars, i, locale))
                .or_else(|| {
                    // German "am 14.3.", "vom 1.4. bis": not "Kapitel 4.2." nor "um 8.10.".
                    (language(locale) == "de"
                        && matches!(
                            word_before(&chars, i).to_lowercase().as_str(),
                            "am" | "vom" | "bis" | "ab" | "zum" | "seit" | "den" | "dem"
                        ))
                    .then(|| day_month_at(&chars, i))
                    .flatten()
                })
        {
            // "1-3-2026" and DATE("2026-03-01") are one fact: a day and month swapped is a
            // different date, not the same three numbers.
            out.push(date);
            i = end;
        } else if (digit || leading) && !glued {
            // Digits with separators between them: "1.000", "2,5", "08:30", "1 000".
            let mut raw = String::new();
            let mut j = i;
            if leading {
                raw.push(decimal);
                j += 1;
            }
            while j < chars.len() {
                if let Some(d) = digit_value(chars[j]) {
                    raw.push(char::from_digit(d, 10).expect("a digit"));
                    j += 1;
                // A plain or no-break space groups thousands only in the languages that write
                // "10 000" (and a no-break one in Dutch and German too, which allow it): in
                // English "1\u{a0}500 mg tablet" is one tablet of 500 mg.
                } else if (is_separator(chars[j]) && chars[j] != '\u{a0}'
                    || (chars[j] == ' ' && space_groups(locale))
                    || (chars[j] == '\u{a0}'
                        && (space_groups(locale) || matches!(language(locale), "nl" | "de"))))
                    && chars.get(j + 1).and_then(|c| digit_value(*c)).is_some()
                    && !raw.is_empty()
                    // A space groups thousands only before three digits ("1 5" is two numbers),
                    // and only digits grouped so far: "8:00 250 ml", "2,5 100 mg" and
                    // "2026 100" are two numbers each.
                    && (normal_separator(chars[j], decimal) != ' '
                        || (digits_at(&chars, j + 1) == 3 && space_grouped(&raw)))
                {
                    raw.push(normal_separator(chars[j], decimal));
                    j += 1;
                } else {
                    break;
                }
            }
            let plain = raw.len() <= 3 && raw.bytes().all(|b| b.is_ascii_digit());
            if let Some((mut fraction, end)) = plain.then(|| fraction_at(&raw, &chars, j)).flatten()
            {
                // "½", "1⁄2" and "1/2" are one half, not a 1 and a 2; "½ mg" is not "½ g".
                let mut end = end;
                if let Some((unit, unit_end)) = unit_at(&chars, after_spaces(&chars, end)) {
                    fraction.push(' ');
                    fraction.push_str(&unit);
                    end = unit_end;
                }
                out.push(fraction);
                i = end;
                continue;
            }
            // "8.30 uur", "16.00 u", "8.30 pm", "08.30'da": a time written with a point, as
            // Dutch and Turkish write times (before such a word, not a decimal 8.3).
            if let Some(time) = dotted_time(&raw, &chars, j).or_else(|| {
                // "om 8.30", "O godz. 8.30", "В 8.30": after a word for "at" (o'clock), with a
                // point (a comma is a decimal: "o 2,25 mg"), and no unit or sign after it ("at
                // 1.25 mg", "в 2.25 раза" are amounts).
                let k = after_spaces(&chars, j);
                let after = word_at(&chars, k);
                let clock_after = matches!(after.as_str(), "uur" | "u" | "uhr" | "h" | "godz")
                    || day_part("8:00", &chars, k).is_some()
                    || crate::format::ampm(&chars[k..].iter().take(6).collect::<String>(), 0)
                        .is_some();
                let plain_after = chars
                    .get(k)
                    .is_none_or(|c| !c.is_alphanumeric() && *c != '%');
                (at_clock(&chars, i) && raw.contains('.') && (clock_after || plain_after))
                    .then(|| hours_dot_minutes(&raw))
                    .flatten()
            }) {
                raw = time;
            }
            if let Some((time, end)) = plain.then(|| hours_minutes_at(&raw, &chars, j)).flatten() {
                // "8u30", "8h30": the Flemish and French way of writing 8:30.
                out.push(canonical(&time, locale));
                i = end;
                continue;
            }
            let mut number = canonical(&raw, locale);
            // "half 9" (Dutch, German "halb 9") is 8:30; "half past 9" 9:30; "kwart voor 8" 7:45.
            if plain && let Some(time) = told_time(&number, &chars, i, j, locale) {
                number = time;
            }
            // A percent sign or a unit right after the number belongs to it.
            // "500-mg tablets": the unit after a hyphen is the number's too.
            let k = if chars.get(j) == Some(&'-')
                && chars.get(j + 1).is_some_and(|c| c.is_alphabetic())
            {
                j + 1
            } else {
                after_spaces(&chars, j)
            };
            // A percent sign (before, as Turkish writes it, or after) is not part of the fact:
            // "70 tot 80%" says 70% as well, and a dropped percentage is a dropped number.
            let percent =
                chars.get(j) == Some(&'%') || chars.get(k).is_some_and(|c| matches!(c, '%' | '٪'));
            let mut end = j;
            if let Some(time) =
                twelve_hour(&number, &chars[k..]).or_else(|| day_part(&number, &chars, k))
            {
                // "4:30 pm" and "4:30 مساءً" are the 16:30 of the source.
                number = time;
            } else if percent {
                // Nothing to add; the unit after the sign is not looked for.
            } else if let Some((unit, unit_end)) = unit_at(&chars, k)
                // "2026 г." is the year 2026 (Russian "год"), not 2026 grams.
                .filter(|(unit, unit_end)| {
                    !(unit == "g"
                        && chars.get(*unit_end) == Some(&'.')
                        && number.len() == 4
                        && number
                            .parse::<u32>()
                            .is_ok_and(|y| (1900..=2100).contains(&y))
                        && word_at(&chars, k) == "г")
                })
            {
                number.push(' ');
                number.push_str(&unit);
                // The unit is read with its number, not again on its own.
                end = unit_end;
                // "5 mg per uur", "5 mg/dag": a dose per a time.
                if let Some(per) = per_time_after(&chars, end, locale) {
                    periods.push((number.clone(), per));
                }
            } else if let Some(time) =
                time_unit(&word_at(&chars, k), locale).filter(|_| !number.contains(':'))
            {
                // "2 weken", "30 minutes": a number of a unit of time.
                periods.push((number.clone(), time));
            } else if let Some(per) =
                per_time_after(&chars, j, locale).filter(|_| !number.contains(':'))
            {
                // "2 keer per dag" is not "2 times a week" (methotrexate is taken weekly).
                periods.push((number.clone(), per));
            }
            out.push(number);
            i = end;
        } else if c.is_alphabetic() && (i == 0 || !is_word_char(chars[i - 1])) {
            let letters = chars[i..].iter().take_while(|c| c.is_alphabetic()).count();
            let word = &chars[i..i + letters];
            if let Some((date, end)) = month_first_date_at(&chars, i, locale) {
                // "March 1, 2026", "maart 2026".
                out.push(date);
                i = end;
                continue;
            }
            if let Some(n) = number_word(words, word) {
                // "in acht nemen" (to heed) holds no eight.
                let heed = language(locale) == "nl"
                    && word_before(&chars, i).eq_ignore_ascii_case("in")
                    && word.iter().collect::<String>().eq_ignore_ascii_case("acht")
                    && {
                        // "in acht nemen", "neem dit in acht.": nemen follows, or the clause ends.
                        let next = after_spaces(&chars, i + letters);
                        chars.get(next).is_none_or(|c| !c.is_alphanumeric())
                            || matches!(
                                word_at(&chars, next).as_str(),
                                "neem" | "neemt" | "nemen" | "nam" | "namen" | "genomen" | "te"
                            )
                    };
                if let Some(time) = told_time(&n.to_string(), &chars, i, i + letters, locale) {
                    // "half negen": 8:30.
                    out.push(time);
                } else if !heed {
                    out.push(n.to_string());
                    // "twee weken", "two weeks", "twice a week".
                    let next = after_spaces(&chars, i + letters);
                    if let Some(time) = time_unit(&word_at(&chars, next), locale) {
                        periods.push((n.to_string(), time));
                    } else if let Some(per) = per_time_after(&chars, i + letters, locale) {
                        periods.push((n.to_string(), per));
                    }
                }
            } else if chars.get(i + letters).is_none_or(|c| !is_word_char(*c))
                // "Mg" is magnesium.
                && word != ['M', 'g']
                && word.first().is_some_and(|c| may_start_unit_alone(*c))
                && let Some(alone) = unit(&word_at(&chars, i)).filter(|u| UNITS_ON_THEIR_OWN.contains(u))
            {
                out.push(alone.to_string());
            }
            i += letters.max(1);
        } else {
            i += 1;
        }
    }
    (out, periods)
}

/// The units of time, as [`time_unit`] names them.
const SECOND: &str = "second";
const MINUTE: &str = "minute";
const HOUR: &str = "hour";
const DAY: &str = "day";
const WEEK: &str = "week";
const MONTH: &str = "month";
const YEAR: &str = "year";

/// The words for units of time after a number, in lower case, in the languages a hospital
/// translates into first (nl, en, de, fr, tr, pl, uk, ru, ar), with the unit each is. Whole
/// words, with their plural and case forms; not "Uhr" (German for o'clock). Dutch "uur" and
/// French "heures" are also clock times ("om 8 uur"): as hours they only meet other hours.
const TIME_WORDS: &[(&str, &str)] = &[
    // Seconds.
    ("seconde", SECOND),
    ("seconden", SECOND),
    ("second", SECOND),
    ("seconds", SECOND),
    ("sec", SECOND),
    ("secs", SECOND),
    ("sekunde", SECOND),
    ("sekunden", SECOND),
    ("sek", SECOND),
    ("secondes", SECOND),
    ("saniye", SECOND),
    ("sekunda", SECOND),
    ("sekundy", SECOND),
    ("sekund", SECOND),
    ("sekundę", SECOND),
    ("sekundach", SECOND),
    ("секунда", SECOND),
    ("секунди", SECOND),
    ("секунды", SECOND),
    ("секунд", SECOND),
    ("секунду", SECOND),
    ("сек", SECOND),
    ("ثانية", SECOND),
    ("ثوان", SECOND),
    ("ثواني", SECOND),
    // Minutes.
    ("minuut", MINUTE),
    ("minuten", MINUTE),
    ("minute", MINUTE),
    ("minutes", MINUTE),
    ("min", MINUTE),
    ("mins", MINUTE),
    ("dakika", MINUTE),
    ("minuta", MINUTE),
    ("minuty", MINUTE),
    ("minut", MINUTE),
    ("minutę", MINUTE),
    ("minutach", MINUTE),
    ("хвилина", MINUTE),
    ("хвилини", MINUTE),
    ("хвилин", MINUTE),
    ("хвилину", MINUTE),
    ("хв", MINUTE),
    ("минута", MINUTE),
    ("минуты", MINUTE),
    ("минут", MINUTE),
    ("минуту", MINUTE),
    ("мин", MINUTE),
    ("دقيقة", MINUTE),
    ("دقائق", MINUTE),
    // Hours.
    ("uur", HOUR),
    ("uren", HOUR),
    ("hour", HOUR),
    ("hours", HOUR),
    ("hr", HOUR),
    ("hrs", HOUR),
    ("h", HOUR),
    ("stunde", HOUR),
    ("stunden", HOUR),
    ("std", HOUR),
    ("heure", HOUR),
    ("heures", HOUR),
    ("saat", HOUR),
    ("godzina", HOUR),
    ("godziny", HOUR),
    ("godzin", HOUR),
    ("godzinę", HOUR),
    ("godz", HOUR),
    ("ч", HOUR),
    ("godzinach", HOUR),
    ("година", HOUR),
    ("години", HOUR),
    ("годин", HOUR),
    ("годину", HOUR),
    ("год", HOUR),
    ("час", HOUR),
    ("часа", HOUR),
    ("часов", HOUR),
    ("ساعة", HOUR),
    ("ساعات", HOUR),
    // Days.
    ("dag", DAY),
    ("dagen", DAY),
    ("day", DAY),
    ("days", DAY),
    ("tag", DAY),
    ("tage", DAY),
    ("tagen", DAY),
    ("jour", DAY),
    ("jours", DAY),
    ("gün", DAY),
    ("dzień", DAY),
    ("doba", DAY),
    ("dobę", DAY),
    ("добу", DAY),
    ("доба", DAY),
    ("doby", DAY),
    ("dni", DAY),
    ("dniach", DAY),
    ("сут", DAY),
    ("суток", DAY),
    ("сутки", DAY),
    ("dnia", DAY),
    ("день", DAY),
    ("дні", DAY),
    ("днів", DAY),
    ("дня", DAY),
    ("дней", DAY),
    ("днi", DAY),
    ("يوم", DAY),
    ("يوما", DAY),
    ("أيام", DAY),
    ("ايام", DAY),
    // Weeks.
    ("week", WEEK),
    ("weken", WEEK),
    ("weeks", WEEK),
    ("woche", WEEK),
    ("wochen", WEEK),
    ("semaine", WEEK),
    ("semaines", WEEK),
    ("hafta", WEEK),
    ("tydzień", WEEK),
    ("tygodnie", WEEK),
    ("tygodni", WEEK),
    ("tygodnia", WEEK),
    ("tygodniu", WEEK),
    ("wk", WEEK),
    ("wkn", WEEK),
    ("нед", WEEK),
    ("أسبوعا", WEEK),
    ("tygodniach", WEEK),
    ("тиждень", WEEK),
    ("тижні", WEEK),
    ("тижнів", WEEK),
    ("тижня", WEEK),
    ("неделя", WEEK),
    ("недели", WEEK),
    ("недель", WEEK),
    ("неделю", WEEK),
    ("أسبوع", WEEK),
    ("اسبوع", WEEK),
    ("أسابيع", WEEK),
    ("اسابيع", WEEK),
    // Months.
    ("maand", MONTH),
    ("maanden", MONTH),
    ("month", MONTH),
    ("months", MONTH),
    ("monat", MONTH),
    ("monate", MONTH),
    ("monaten", MONTH),
    ("mois", MONTH),
    ("miesiąc", MONTH),
    ("miesiące", MONTH),
    ("miesięcy", MONTH),
    ("miesiąca", MONTH),
    ("mnd", MONTH),
    ("мес", MONTH),
    ("miesiącach", MONTH),
    ("місяць", MONTH),
    ("місяці", MONTH),
    ("місяців", MONTH),
    ("місяця", MONTH),
    ("месяц", MONTH),
    ("месяца", MONTH),
    ("месяцев", MONTH),
    ("شهر", MONTH),
    ("شهرا", MONTH),
    ("أشهر", MONTH),
    ("اشهر", MONTH),
    ("شهور", MONTH),
    // Years.
    ("jaar", YEAR),
    ("jaren", YEAR),
    ("year", YEAR),
    ("years", YEAR),
    ("jahr", YEAR),
    ("jahre", YEAR),
    ("jahren", YEAR),
    ("année", YEAR),
    ("années", YEAR),
    ("yıl", YEAR),
    ("sene", YEAR),
    ("rok", YEAR),
    ("lata", YEAR),
    ("lat", YEAR),
    ("latach", YEAR),
    ("roku", YEAR),
    ("рік", YEAR),
    ("роки", YEAR),
    ("років", YEAR),
    ("року", YEAR),
    ("года", YEAR),
    ("лет", YEAR),
    ("سنة", YEAR),
    ("سنوات", YEAR),
    ("عام", YEAR),
    ("أعوام", YEAR),
    ("عاما", YEAR),
];

/// The unit of time `word` (in lower case) is, after a number in `locale`. Turkish adds its
/// endings to the word ("3 günde", "2 haftadır", "6 aylık"); French "an"/"ans" (years) and
/// Turkish "ay" (months) are other words elsewhere. Russian "год" is a year, Ukrainian
/// "год." hours.
fn time_unit(word: &str, locale: &str) -> Option<&'static str> {
    let bare = without_arabic_marks(word);
    // Arabic writes the article on the word: "في اليوم", per the day.
    let word = bare
        .strip_prefix("ال")
        .filter(|w| w.chars().count() > 1)
        .unwrap_or(&bare);
    let language = language(locale);
    match (language, word) {
        ("fr", "an" | "ans") => return Some(YEAR),
        ("fr", "j") => return Some(DAY),
        // Dutch "ml/u", "24 u": hours.
        ("nl", "u") => return Some(HOUR),
        (_, "d") => return Some(DAY),
        ("ru", "год") => return Some(YEAR),
        ("tr", _) => {
            let stems: &[(&str, &str)] = &[
                ("saniye", SECOND),
                ("dakika", MINUTE),
                ("saat", HOUR),
                ("gün", DAY),
                ("hafta", WEEK),
                ("ay", MONTH),
                ("yıl", YEAR),
                ("sene", YEAR),
            ];
            if let Some((_, unit)) = stems.iter().find(|(stem, _)| {
                word.strip_prefix(stem).is_some_and(|rest| {
                    // "ay" only with the endings of a time: "aylık", "ayda", not "ayrıca".
                    if *stem == "ay" {
                        matches!(rest, "" | "da" | "dan" | "lık" | "ı" | "dır" | "tır")
                    } else {
                        rest.chars().count() <= 5
                    }
                })
            }) {
                return Some(unit);
            }
        }
        _ => {}
    }
    // Looked up after every number: a map, not a walk through the table.
    static BY_WORD: std::sync::LazyLock<std::collections::HashMap<&str, &str>> =
        std::sync::LazyLock::new(|| TIME_WORDS.iter().copied().collect());
    BY_WORD.get(word).copied()
}

/// [`per_time_at`] after `at` or after up to three words more: "2 keer per dag", "2x per
/// week", "1 tablet per dag", "twice a week", "2 fois par semaine". Not past a number or a
/// sign: "2 tabletten van 500 mg per dag" gives the 2 no "per day".
fn per_time_after(chars: &[char], at: usize, locale: &str) -> Option<&'static str> {
    let mut at = at;
    for _ in 0..4 {
        if let Some(per) = per_time_at(chars, at, locale) {
            return Some(per);
        }
        let next = after_spaces(chars, at);
        let len = word_len(chars, next);
        if len == 0 {
            return None;
        }
        // "2 razy dziennie", "2-mal täglich", "2 tablets daily", "2 مرات يوميا".
        match without_arabic_marks(&word_at(chars, next)).as_str() {
            "dagelijks" | "daags" | "daily" | "täglich" | "quotidiennement" | "dziennie"
            | "ежедневно" | "щодня" | "щоденно" | "يوميا" | "günlük" => {
                return Some("per day");
            }
            "wekelijks"
            | "weekly"
            | "wöchentlich"
            | "tygodniowo"
            | "еженедельно"
            | "щотижня"
            | "أسبوعيا"
            | "haftalık" => return Some("per week"),
            _ => {}
        }
        at = next + len;
    }
    None
}

/// The words for "per" between two units: "per" (nl, en), "par" (fr), "pro", "je" (de), "na"
/// (pl), "на" (uk, ru), "لكل" (ar).
const PER_WORDS: &[&str] = &["per", "par", "pro", "je", "na", "на", "لكل"];

/// The words for "per" before a unit of time: those of [`PER_WORDS`], and "a day", "am Tag",
/// "в день", "w tygodniu", "في اليوم", "each day", "elke dag".
const PER_TIME_WORDS: &[&str] = &[
    "per", "par", "pro", "je", "na", "на", "لكل", "в", "w", "am", "في", "a", "an", "each", "every",
    "elke", "ieder", "iedere",
];

/// Where the second part of "a per b" starts after `at` (the end of a): after a slash (`/`,
/// `∕`) or after one of `words` (spaces on both sides), spaces skipped.
fn after_per(chars: &[char], at: usize, words: &[&str]) -> Option<usize> {
    let next = after_spaces(chars, at);
    if matches!(chars.get(next), Some('/' | '\u{2215}')) {
        return Some(after_spaces(chars, next + 1));
    }
    (next > at && words.contains(&word_at(chars, next).as_str()))
        .then(|| after_spaces(chars, next + word_len(chars, next)))
}

/// "per uur", "/dag", "a day", "par jour", "pro Tag", "на день", "günde" … after a dose that
/// ends at `at`: the dose is per that time ("per hour", "per day" …).
fn per_time_at(chars: &[char], at: usize, locale: &str) -> Option<&'static str> {
    let time_at = after_per(chars, at, PER_TIME_WORDS)?;
    let unit = time_unit(&word_at(chars, time_at), locale)?;
    Some(match unit {
        SECOND => "per second",
        MINUTE => "per minute",
        HOUR => "per hour",
        DAY => "per day",
        WEEK => "per week",
        MONTH => "per month",
        _ => "per year",
    })
}

/// The names of the months, in lower case, in the languages a hospital translates into first
/// (nl, en, de, fr, tr, pl, uk, ru, ar), with the forms a date uses ("1 marca", "1 марта")
/// and the usual abbreviations. Arabic has two sets (the Levantine names of two words are
/// read by `month_at`).
const MONTH_NAMES: &[(&str, u32)] = &[
    ("januari", 1),
    ("january", 1),
    ("januar", 1),
    ("jänner", 1),
    ("janvier", 1),
    ("ocak", 1),
    ("styczeń", 1),
    ("stycznia", 1),
    ("січень", 1),
    ("січня", 1),
    ("январь", 1),
    ("января", 1),
    ("يناير", 1),
    ("جانفي", 1),
    ("jan", 1),
    ("janv", 1),
    ("sty", 1),
    ("янв", 1),
    ("січ", 1),
    ("februari", 2),
    ("february", 2),
    ("februar", 2),
    ("février", 2),
    ("şubat", 2),
    ("luty", 2),
    ("lutego", 2),
    ("лютий", 2),
    ("лютого", 2),
    ("февраль", 2),
    ("февраля", 2),
    ("فبراير", 2),
    ("فيفري", 2),
    ("شباط", 2),
    ("feb", 2),
    ("févr", 2),
    ("lut", 2),
    ("фев", 2),
    ("лют", 2),
    ("febr", 2),
    ("maart", 3),
    ("march", 3),
    ("märz", 3),
    ("mars", 3),
    ("mart", 3),
    ("marzec", 3),
    ("marca", 3),
    ("березень", 3),
    ("березня", 3),
    ("март", 3),
    ("марта", 3),
    ("مارس", 3),
    ("آذار", 3),
    ("اذار", 3),
    ("mrt", 3),
    ("mrz", 3),
    ("мар", 3),
    ("бер", 3),
    ("mar", 3),
    ("mär", 3),
    ("april", 4),
    ("avril", 4),
    ("nisan", 4),
    ("kwiecień", 4),
    ("kwietnia", 4),
    ("квітень", 4),
    ("квітня", 4),
    ("апрель", 4),
    ("апреля", 4),
    ("أبريل", 4),
    ("ابريل", 4),
    ("إبريل", 4),
    ("أفريل", 4),
    ("افريل", 4),
    ("نيسان", 4),
    ("apr", 4),
    ("kwi", 4),
    ("апр", 4),
    ("квіт", 4),
    ("avr", 4),
    ("mei", 5),
    ("may", 5),
    ("mai", 5),
    ("mayıs", 5),
    ("maj", 5),
    ("maja", 5),
    ("травень", 5),
    ("травня", 5),
    ("май", 5),
    ("мая", 5),
    ("مايو", 5),
    ("ماي", 5),
    ("أيار", 5),
    ("ايار", 5),
    ("juni", 6),
    ("june", 6),
    ("juin", 6),
    ("haziran", 6),
    ("czerwiec", 6),
    ("czerwca", 6),
    ("червень", 6),
    ("червня", 6),
    ("июнь", 6),
    ("июня", 6),
    ("يونيو", 6),
    ("يونيه", 6),
    ("حزيران", 6),
    ("جوان", 6),
    ("jun", 6),
    ("cze", 6),
    ("июн", 6),
    ("черв", 6),
    ("juli", 7),
    ("july", 7),
    ("juillet", 7),
    ("temmuz", 7),
    ("lipiec", 7),
    ("lipca", 7),
    ("липень", 7),
    ("липня", 7),
    ("июль", 7),
    ("июля", 7),
    ("يوليو", 7),
    ("يوليه", 7),
    ("تموز", 7),
    ("جويلية", 7),
    ("jul", 7),
    ("lip", 7),
    ("июл", 7),
    ("juil", 7),
    ("augustus", 8),
    ("august", 8),
    ("août", 8),
    ("ağustos", 8),
    ("sierpień", 8),
    ("sierpnia", 8),
    ("серпень", 8),
    ("серпня", 8),
    ("август", 8),
    ("августа", 8),
    ("أغسطس", 8),
    ("أوت", 8),
    ("اغسطس", 8),
    ("آب", 8),
    ("aug", 8),
    ("sie", 8),
    ("авг", 8),
    ("серп", 8),
    ("september", 9),
    ("septembre", 9),
    ("eylül", 9),
    ("wrzesień", 9),
    ("września", 9),
    ("вересень", 9),
    ("вересня", 9),
    ("сентябрь", 9),
    ("сентября", 9),
    ("سبتمبر", 9),
    ("أيلول", 9),
    ("ايلول", 9),
    ("sep", 9),
    ("wrz", 9),
    ("сен", 9),
    ("сент", 9),
    ("sept", 9),
    ("oktober", 10),
    ("october", 10),
    ("octobre", 10),
    ("ekim", 10),
    ("październik", 10),
    ("października", 10),
    ("жовтень", 10),
    ("жовтня", 10),
    ("октябрь", 10),
    ("октября", 10),
    ("أكتوبر", 10),
    ("اكتوبر", 10),
    ("okt", 10),
    ("paź", 10),
    ("окт", 10),
    ("жовт", 10),
    ("oct", 10),
    ("november", 11),
    ("novembre", 11),
    ("kasım", 11),
    ("listopad", 11),
    ("listopada", 11),
    ("листопад", 11),
    ("листопада", 11),
    ("ноябрь", 11),
    ("ноября", 11),
    ("نوفمبر", 11),
    ("nov", 11),
    ("lis", 11),
    ("ноя", 11),
    ("лист", 11),
    ("december", 12),
    ("dezember", 12),
    ("décembre", 12),
    ("aralık", 12),
    ("grudzień", 12),
    ("grudnia", 12),
    ("грудень", 12),
    ("грудня", 12),
    ("декабрь", 12),
    ("декабря", 12),
    ("ديسمبر", 12),
    ("dec", 12),
    ("gru", 12),
    ("дек", 12),
    ("груд", 12),
    ("dez", 12),
    ("déc", 12),
];

/// The month named at `at` (one word, or the Levantine Arabic "كانون الثاني", "تشرين الأول"),
/// and where its name ends (after an abbreviation's point).
fn month_at(chars: &[char], at: usize) -> Option<(u32, usize)> {
    let len = word_len(chars, at);
    if len == 0 {
        return None;
    }
    let word = without_arabic_marks(&word_at(chars, at));
    // English "may" is a month only as "May": "children under 12 may take 5 ml".
    if word == "may" && chars[at] != 'M' {
        return None;
    }
    // Turkish in capitals or typed without its letters: "1 KASIM", "1 Mayis".
    let folded: String = word
        .chars()
        .filter(|c| *c != '\u{307}')
        .map(|c| if c == 'ı' { 'i' } else { c })
        .collect();
    let mut end = at + len;
    let month = match word.as_str() {
        "كانون" | "تشرين" => {
            let next = after_spaces(chars, end);
            let second = without_arabic_marks(&word_at(chars, next));
            let month = match (word.as_str(), second.as_str()) {
                ("كانون", "الثاني" | "ثاني") => 1,
                ("كانون", "الأول" | "الاول" | "أول" | "اول") => 12,
                ("تشرين", "الأول" | "الاول" | "أول" | "اول") => 10,
                ("تشرين", "الثاني" | "ثاني") => 11,
                _ => return None,
            };
            end = next + word_len(chars, next);
            month
        }
        _ => {
            // The names, and the Turkish ones without their letters ("kasim"), as a map.
            static BY_NAME: std::sync::LazyLock<std::collections::HashMap<String, u32>> =
                std::sync::LazyLock::new(|| {
                    let mut names: std::collections::HashMap<String, u32> = MONTH_NAMES
                        .iter()
                        .map(|(name, month)| (name.replace('ı', "i"), *month))
                        .collect();
                    names.extend(MONTH_NAMES.iter().map(|(name, m)| (name.to_string(), *m)));
                    names.insert("aout".to_string(), 8);
                    names
                });
            BY_NAME
                .get(&word)
                .or_else(|| BY_NAME.get(&folded))
                .copied()?
        }
    };
    if chars.get(end) == Some(&'.') && len <= 5 {
        end += 1;
    }
    Some((month, end))
}

/// A year of four digits at `at` (after spaces or a comma), and where it ends.
fn year_at(chars: &[char], at: usize) -> Option<(u32, usize)> {
    let mut k = after_spaces(chars, at);
    if matches!(chars.get(k), Some(',' | '،')) {
        k = after_spaces(chars, k + 1);
    }
    let (year, len, end) = number_at(chars, k)?;
    // "from 1 March 1000 mg": a dose, not the year 1000.
    // Arabic writes "م" (of the common era) after a year: "2026م".
    let era =
        chars.get(end) == Some(&'م') && chars.get(end + 1).is_none_or(|c| !c.is_alphanumeric());
    (len == 4
        && (1900..=2100).contains(&year)
        && (era || chars.get(end).is_none_or(|c| !c.is_alphanumeric())))
    .then_some((year, end + usize::from(era)))
}

/// The fact of a date with a named month: `2026-03-01` with a year, `--03-01` without.
fn date_fact(year: Option<u32>, month: u32, day: u32) -> String {
    match year {
        Some(year) => format!("{year:04}-{month:02}-{day:02}"),
        None => format!("--{month:02}-{day:02}"),
    }
}

/// A date whose month is named, day first: "1 maart 2026", "1er mai", "1. März", "1st of
/// March", "1 марта 2026 г.", "1 مارس" — the fact of [`date_fact`], and where it ends. The
/// same date as "1-3-2026".
fn named_month_date_at(chars: &[char], at: usize, locale: &str) -> Option<(String, usize)> {
    let (day, len, mut k) = number_at(chars, at)?;
    if len > 2 || !(1..=31).contains(&day) {
        return None;
    }
    // The ordinal's mark: "1." (German only: elsewhere a point ends the sentence, "under 12.
    // May cause …"), "1er", "1e", "1ste", "1st", "2nd", "3rd", "4th".
    if chars.get(k) == Some(&'.') {
        if language(locale) != "de" {
            return None;
        }
        k += 1;
    } else {
        let suffix = word_at(chars, k);
        if matches!(
            suffix.as_str(),
            "er" | "e" | "ste" | "de" | "st" | "nd" | "rd" | "th"
        ) {
            k += word_len(chars, k);
        }
    }
    let mut k = after_spaces(chars, k);
    if word_at(chars, k) == "of" {
        k = after_spaces(chars, k + 2);
    }
    let (month, end) = month_at(chars, k)?;
    Some(match year_at(chars, end) {
        Some((year, end)) => (date_fact(Some(year), month, day), end),
        None => (date_fact(None, month, day), end),
    })
}

/// A date whose month is named first: "March 1, 2026", "May 1st", or a month and year
/// without a day ("maart 2026": `2026-03`).
fn month_first_date_at(chars: &[char], at: usize, locale: &str) -> Option<(String, usize)> {
    // Most words are followed by no number: those are left at once (this runs for every word).
    let mut after = at + word_len(chars, at);
    if chars.get(after) == Some(&'.') {
        after += 1;
    }
    let next = after_spaces(chars, after);
    let levantine = matches!(chars.get(at), Some('ك' | 'ت'));
    if !levantine && (next == after || chars.get(next).is_none_or(|c| digit_value(*c).is_none())) {
        return None;
    }
    let (month, end) = month_at(chars, at)?;
    let k = after_spaces(chars, end);
    // The day after the month is English ("March 1"); in Dutch "vanaf maart 2 tabletten" the
    // 2 is a count.
    if k > end
        && language(locale) == "en"
        && let Some((day, len, mut day_end)) = number_at(chars, k)
        && len <= 2
        && (1..=31).contains(&day)
        && chars
            .get(day_end)
            .is_none_or(|c| !c.is_ascii_digit() && *c != ':')
        // "March 1." ends a sentence; "March 1.5" is no date.
        && !(chars.get(day_end) == Some(&'.')
            && chars.get(day_end + 1).is_some_and(|c| digit_value(*c).is_some()))
    {
        if matches!(word_at(chars, day_end).as_str(), "st" | "nd" | "rd" | "th") {
            day_end += 2;
        }
        return Some(match year_at(chars, day_end) {
            Some((year, end)) => (date_fact(Some(year), month, day), end),
            None => (date_fact(None, month, day), day_end),
        });
    }
    let (year, end) = year_at(chars, end).filter(|_| k > end)?;
    Some((format!("{year:04}-{month:02}"), end))
}

/// German "am 14.3.": a day and month with points and no year, the fact `--03-14`.
fn day_month_at(chars: &[char], at: usize) -> Option<(String, usize)> {
    let (day, day_len, dot) = number_at(chars, at)?;
    if chars.get(dot) != Some(&'.') {
        return None;
    }
    let (month, month_len, end) = number_at(chars, dot + 1)?;
    let closed = chars.get(end) == Some(&'.')
        && chars.get(end + 1).is_none_or(|c| digit_value(*c).is_none());
    (closed
        && day_len <= 2
        && month_len <= 2
        && (1..=31).contains(&day)
        && (1..=12).contains(&month))
    .then(|| (date_fact(None, month, day), end + 1))
}

/// A time told with words before the hour `hour` (from `at` to `end`): Dutch "half 9" and German "halb
/// 9" (8:30), "kwart over 8" / "Viertel nach 8" / "quarter past 8" (8:15), "kwart voor 8" /
/// "Viertel vor 8" / "quarter to 8" (7:45), "half past 9" (9:30).
fn told_time(hour: &str, chars: &[char], at: usize, end: usize, locale: &str) -> Option<String> {
    let hour: u32 = hour.parse().ok().filter(|h| (1..=12).contains(h))?;
    // Nothing after the hour but a word of the clock: "a quarter to 1 tablet" is an amount.
    let k = after_spaces(chars, end);
    let next = word_at(chars, k);
    let clock = next.is_empty()
        || matches!(
            next.as_str(),
            "uur" | "u" | "uhr" | "o" | "s" | "in" | "and" | "en" | "und"
        )
        || crate::format::ampm(&chars[k..].iter().take(6).collect::<String>(), 0).is_some();
    if !clock {
        return None;
    }
    let before = |h: u32| if h == 1 { 12 } else { h - 1 };
    let written = word_before(chars, at);
    let spaces = chars[..at]
        .iter()
        .rev()
        .take_while(|c| c.is_whitespace())
        .count();
    let start = at.saturating_sub(spaces + written.chars().count());
    let last = written.to_lowercase();
    let first = word_before(chars, start).to_lowercase();
    let (h, m) = match (language(locale), first.as_str(), last.as_str()) {
        ("nl", _, "half") | ("de", _, "halb") => (before(hour), 30),
        ("nl", "kwart", "over") | ("de", "viertel", "nach") | ("en", "quarter", "past") => {
            (hour, 15)
        }
        ("nl", "kwart", "voor") | ("de", "viertel", "vor") | ("en", "quarter", "to") => {
            (before(hour), 45)
        }
        ("en", "half", "past") => (hour, 30),
        _ => return None,
    };
    Some(format!("{h}:{m:02}"))
}

/// Whether the letters right before `at` are "x" or "dd" written straight after a number:
/// "2x500", "3dd1".
fn times_sign_before(chars: &[char], at: usize) -> bool {
    let start = chars[..at]
        .iter()
        .rposition(|c| !c.is_alphabetic())
        .map_or(0, |p| p + 1);
    let letters: String = chars[start..at].iter().collect::<String>().to_lowercase();
    // "х" is the Cyrillic letter Russian and Ukrainian write: "2х500 мг".
    start > 0
        && digit_value(chars[start - 1]).is_some()
        && matches!(letters.as_str(), "x" | "dd" | "х")
}

/// How many digits (of any script) follow one another from `at`.
fn digits_at(chars: &[char], at: usize) -> usize {
    chars[at.min(chars.len())..]
        .iter()
        .take_while(|c| digit_value(**c).is_some())
        .count()
}

/// The digits from `at` as a number, and where they end.
fn number_at(chars: &[char], at: usize) -> Option<(u32, usize, usize)> {
    // A caller may ask past the end ("8.30-10" at the end of a variant): no number there.
    let at = at.min(chars.len());
    let len = digits_at(chars, at);
    let value = chars[at..at + len].iter().try_fold(0u32, |n, c| {
        n.checked_mul(10)?.checked_add(digit_value(*c)?)
    })?;
    (len > 0).then_some((value, len, at + len))
}

/// A date at `at`: day-month-year (`1-3-2026`, `01/03/2026`, `1.3.2026`, `1-3-26`, the way
/// every language of the site writes it) or year-month-day (`2026-03-01`, as `DATE()` takes
/// it; `2026/3/1`), as the fact `2026-03-01`, and where it ends.
fn date_at(chars: &[char], at: usize) -> Option<(String, usize)> {
    let (first, first_len, after_first) = number_at(chars, at)?;
    let sep = *chars.get(after_first)?;
    if !matches!(sep, '-' | '\u{2010}' | '/' | '.') {
        return None;
    }
    let (second, second_len, after_second) = number_at(chars, after_first + 1)?;
    if chars.get(after_second) != Some(&sep) {
        return None;
    }
    let (third, third_len, end) = number_at(chars, after_second + 1)?;
    if chars.get(end).is_some_and(|c| digit_value(*c).is_some()) {
        return None;
    }
    let (year, month, day) = match (first_len, second_len, third_len) {
        (1 | 2, 1 | 2, 4) => (third, second, first),
        // "1-3-26": a year of two digits is this century's.
        (1 | 2, 1 | 2, 2) => (2000 + third, second, first),
        // Year first: ISO (as DATE() takes it), and as Arabic often writes it (2026/3/1).
        (4, 1 | 2, 1 | 2) => (first, second, third),
        _ => return None,
    };
    ((1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| (format!("{year:04}-{month:02}-{day:02}"), end))
}

/// A fraction after the digits `numerator` (ending at `at`): `1⁄2` (a fraction slash, as ½
/// is folded) or `1/2`, `2/3`, `3/4` (halves, thirds and quarters: not "24/7", nor a score
/// "7/10" that a translation may write "7 out of 10"), as the fact `1/2`.
fn fraction_at(numerator: &str, chars: &[char], at: usize) -> Option<(String, usize)> {
    let slash = *chars.get(at)?;
    if !matches!(slash, '/' | '\u{2044}') {
        return None;
    }
    let (denominator, len, end) = number_at(chars, at + 1)?;
    let numerator: u32 = numerator.parse().ok()?;
    let small = numerator >= 1 && numerator < denominator && denominator <= 4;
    (len <= 3 && (slash == '\u{2044}' || small))
        .then(|| (format!("{numerator}/{denominator}"), end))
}

/// `raw` ("8.30", ending at `at`) as the time "8:30" when a word for hours, am/pm or a Turkish
/// suffix follows it.
fn dotted_time(raw: &str, chars: &[char], at: usize) -> Option<String> {
    let time = hours_dot_minutes(raw)?;
    if matches!(chars.get(at), Some('\'' | '’')) {
        return Some(time);
    }
    let k = after_spaces(chars, at);
    let after: String = chars[k.min(chars.len())..].iter().take(6).collect();
    if crate::format::ampm(&after, 0).is_some() {
        return Some(time);
    }
    let first = word_at(chars, k);
    if matches!(first.as_str(), "uur" | "u" | "h" | "uhr" | "hours" | "saat") {
        return Some(time);
    }
    // "van 8.30 tot 17.00 uur": the first time of a range, before another time.
    let dash = matches!(chars.get(k), Some('-' | '–'));
    if dash || matches!(first.as_str(), "tot" | "to" | "until" | "bis" | "à" | "a") {
        let next = after_spaces(
            chars,
            if dash {
                k + 1
            } else {
                k + first.chars().count()
            },
        );
        let (h, _, dot) = number_at(chars, next)?;
        let (m, len, _) = number_at(chars, dot + 1)?;
        let dotted = matches!(chars.get(dot), Some('.' | ':'));
        return (dotted && h <= 24 && m <= 59 && len == 2).then_some(time);
    }
    None
}

/// Whether the word before `at` says a clock time follows: "om", "at", "um", "à", "o", "в",
/// "о", "saat", "الساعة", or the Polish "godz." (o'clock).
fn at_clock(chars: &[char], at: usize) -> bool {
    let mut end = at;
    while end > 0 && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    if end > 0 && chars[end - 1] == '.' {
        return word_before(chars, end - 1).eq_ignore_ascii_case("godz");
    }
    let word = without_arabic_marks(&word_before(chars, end).to_lowercase());
    matches!(
        word.as_str(),
        "om" | "at" | "um" | "à" | "o" | "в" | "о" | "saat" | "الساعة"
    )
}

/// `raw` ("8.30") as the time "8:30" when it can be one: an hour of one or two digits and
/// two digits of minutes.
fn hours_dot_minutes(raw: &str) -> Option<String> {
    let (hour, minutes) = raw.split_once(['.', ','])?;
    let fits = (1..=2).contains(&hour.len())
        && minutes.len() == 2
        && hour.parse::<u32>().is_ok_and(|h| h <= 24)
        && minutes.parse::<u32>().is_ok_and(|m| m <= 59);
    fits.then(|| format!("{hour}:{minutes}"))
}

/// Where the text goes on after the spaces (plain, no-break, narrow no-break) from `at`.
fn after_spaces(chars: &[char], at: usize) -> usize {
    let mut k = at;
    while chars
        .get(k)
        .is_some_and(|c| matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
    {
        k += 1;
    }
    k
}

/// The word (letters, and the ° and µ of units) from `at`, in lower case.
fn word_at(chars: &[char], at: usize) -> String {
    let at = at.min(chars.len());
    chars[at..at + word_len(chars, at)]
        .iter()
        .collect::<String>()
        .to_lowercase()
}

/// How many characters the word at `at` has, as written (lower case can be longer: `İ`).
fn word_len(chars: &[char], at: usize) -> usize {
    chars[at.min(chars.len())..]
        .iter()
        .take_while(|c| c.is_alphabetic() || **c == '°' || **c == 'µ')
        .count()
}

/// `word` without the Arabic vowel marks and the stretching stroke (tatweel) some texts
/// write: "مِلغ" and "مـل" are ملغ and مل.
fn without_arabic_marks(word: &str) -> String {
    word.chars()
        .filter(|c| !matches!(c, '\u{640}' | '\u{64b}'..='\u{65f}' | '\u{670}'))
        .collect()
}

/// The word that ends before `at` (spaces skipped), as written.
fn word_before(chars: &[char], at: usize) -> String {
    let end = chars[..at]
        .iter()
        .rposition(|c| !c.is_whitespace())
        .map_or(0, |p| p + 1);
    let start = chars[..end]
        .iter()
        .rposition(|c| !c.is_alphabetic())
        .map_or(0, |p| p + 1);
    chars[start..end].iter().collect()
}

/// The language of a locale: `nl` of `nl-BE`.
fn language(locale: &str) -> &str {
    locale.split('-').next().unwrap_or(locale)
}

/// `8u30` or `8h30` after the hour `hour` (ending at `at`): the time `8:30`, and where it ends.
fn hours_minutes_at(hour: &str, chars: &[char], at: usize) -> Option<(String, usize)> {
    if !matches!(chars.get(at)?, 'u' | 'h' | 'U' | 'H') || hour.len() > 2 {
        return None;
    }
    let (minutes, len, end) = number_at(chars, at + 1)?;
    let hours: u32 = hour.parse().ok()?;
    let alone = chars.get(end).is_none_or(|c| !c.is_alphanumeric());
    (len == 2 && alone && hours <= 24 && minutes <= 59)
        .then(|| (format!("{hours}:{minutes:02}"), end))
}

/// A unit right after a number (`mg`, `°C`, `mg/kg`), in lower case, and where it ends.
fn unit_at(chars: &[char], at: usize) -> Option<(String, usize)> {
    let word = |from: usize| word_at(chars, from);
    // French "l'", "par l'intermédiaire": an article, not a litre.
    let article = |from: usize| {
        word_len(chars, from) == 1 && matches!(chars.get(from + 1), Some('\'' | '\u{2019}'))
    };
    let first = unit(&word(at)).filter(|_| !article(at))?;
    // "140 mm Hg", "140 мм рт. ст.", "140 ملم زئبق" are 140 mmHg.
    let after_first = at + word_len(chars, at);
    let mercury = after_spaces(chars, after_first);
    if first == "mm" && matches!(word(mercury).as_str(), "hg" | "рт" | "زئبق") {
        let mut end = mercury + word_len(chars, mercury);
        if word(mercury) == "рт" {
            // "рт. ст.": of the mercury column.
            let column = after_spaces(chars, end + 1);
            if chars.get(end) == Some(&'.') && word(column) == "ст" {
                end = column + 2 + usize::from(chars.get(column + 2) == Some(&'.'));
            }
        }
        return Some(("mmhg".to_string(), end));
    }
    // "1 mg/kg" (or "1 mg per kg", "1 mg / kg") is not "1 mg": a unit per unit is one unit.
    let after = at + word_len(chars, at);
    if let Some(per_at) = after_per(chars, after, PER_WORDS) {
        // "75 mg/m²" (per square metre of body surface; ² is read as 2).
        if word(per_at) == "m" && chars.get(per_at + 1) == Some(&'2') {
            return Some((format!("{first}/m²"), per_at + 2));
        }
        if let Some(per) = unit(&word(per_at)).filter(|_| !article(per_at)) {
            return Some((format!("{first}/{per}"), per_at + word_len(chars, per_at)));
        }
    }
    Some((first.to_string(), after))
}

/// The 24-hour time of `number` (canonical: "8:00", "8") followed at `at` by a word for the
/// part of the day: Arabic "8:00 مساءً" is 20:00 and "8:00 صباحًا" 8:00; Russian and Ukrainian
/// "8 вечера", "8 вечора" are 20 ("утра", "ранку": the morning), with or without minutes, as
/// those words only follow clock hours. The Arabic and Polish words also say when a dose is
/// taken ("1 rano i 1 wieczorem"), and "م"/"ص" are also metres and pages: those count only
/// after hours and minutes. Twelve with a day-part word is noon or midnight, whichever the
/// writer meant: it matches neither.
fn day_part(number: &str, chars: &[char], at: usize) -> Option<String> {
    let word = without_arabic_marks(&word_at(chars, at));
    let with_minutes = number.contains(':');
    let (pm, clock_word) = match word.as_str() {
        "вечера" | "вечора" => (true, true),
        "утра" | "ранку" => (false, true),
        "مساء" | "م" | "wieczorem" => (true, false),
        "صباحا" | "صباح" | "ص" | "rano" => (false, false),
        _ => return None,
    };
    if !clock_word && !with_minutes {
        return None;
    }
    let (hour, minutes) = clock_12(number)?;
    if hour == 12 {
        return Some(format!("{number} (unclear: noon or midnight?)"));
    }
    let hour = crate::format::hour_24(hour, pm);
    Some(if with_minutes {
        format!("{hour}:{minutes}")
    } else {
        hour.to_string()
    })
}

/// A time on the twelve-hour clock, as the 24-hour time the source writes: `number` (already
/// canonical: "4:30", "5") followed by `after` starting with "am", "pm", "a.m." or "p.m."
/// (any case). `None` when it is not one.
fn twelve_hour(number: &str, after: &[char]) -> Option<String> {
    let after: String = after.iter().take(6).collect();
    let (_, pm) = crate::format::ampm(&after, 0)?;
    let (hour, minutes) = clock_12(number)?;
    Some(format!("{}:{minutes}", crate::format::hour_24(hour, pm)))
}

/// The hour (1–12) and minutes ("00" when none) of `number` on a twelve-hour clock.
fn clock_12(number: &str) -> Option<(u32, &str)> {
    let (hour, minutes) = number.split_once(':').unwrap_or((number, "00"));
    let hour: u32 = hour.parse().ok().filter(|h| (1..=12).contains(h))?;
    (minutes.len() == 2 && minutes.bytes().all(|b| b.is_ascii_digit())).then_some((hour, minutes))
}

/// The text with each character in its compatibility form (NFKC), so that a number written
/// with other characters is the same number: superscript ² and mathematical 𝟐 are 2, ½ is
/// 1⁄2 (one fraction, as "1/2" is: see `fraction_at`), ℃ is °C. The spaces that group
/// thousands (no-break, narrow no-break, thin) stay as they are, and the Greek mu NFKC makes
/// of the micro sign goes back to µ, which the units are written with.
fn folded(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        // ASCII is its own compatibility form (the usual case, and the quick one).
        if c.is_ascii() || matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}') {
            out.push(c);
            continue;
        }
        // Invisible in print (a soft hyphen, joiners, direction marks): "1\u{ad}5" is shown
        // as 15.
        if matches!(
            c,
            '\u{ad}'
                | '\u{34f}'
                | '\u{61c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2069}'
                | '\u{feff}'
                // Blank in print too: the Mongolian vowel separator and the Hangul fillers.
                | '\u{180e}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{3164}'
                | '\u{ffa0}'
        ) {
            continue;
        }
        // "1½" is one and a half: the fraction is set apart from the digits before it (a
        // fraction slash typed between digits, "1⁄2", is one fraction as it is).
        if c != '\u{2044}' && std::iter::once(c).nfkc().any(|f| f == '\u{2044}') {
            out.push(' ');
        }
        out.extend(
            std::iter::once(c)
                .nfkc()
                .map(|f| if f == '\u{3bc}' { '\u{b5}' } else { f }),
        );
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ':' | '\'' | '٫' | '٬' | '\u{a0}' | '\u{202f}' | '\u{2009}'
    )
}

fn normal_separator(c: char, decimal: char) -> char {
    match c {
        '٫' => decimal, // the Arabic decimal separator
        '٬' | '\'' | '\u{a0}' | '\u{202f}' | '\u{2009}' => ' ',
        other => other,
    }
}

/// "08:30" → "8:30"; "1.000" (nl) → "1000"; "2,5" (nl) → "2.5"; "2.50" (en) → "2.5"; "2.5"
/// (nl) → "2.5"; ",5" → "0.5".
fn canonical(raw: &str, locale: &str) -> String {
    if raw.contains(':') {
        let parts: Vec<String> = raw
            .split(':')
            .map(|p| p.trim_start_matches('0').to_string())
            .map(|p| if p.is_empty() { "0".to_string() } else { p })
            .collect();
        // Minutes keep two digits: 8:05.
        return parts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if i > 0 && p.len() == 1 {
                    format!("0{p}")
                } else {
                    p.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(":");
    }
    let (decimal, thousands) = if decimal_comma(locale) {
        (',', '.')
    } else {
        ('.', ',')
    };
    // Arabic is written with a decimal point in most countries and a decimal comma in the
    // Maghreb: before three digits either mark could be either, so one such mark alone makes
    // the number unclear (below); before any other number of digits it is a decimal.
    let either = language(locale) == "ar";
    let mut integer = String::new();
    let mut fraction = String::new();
    let mut in_fraction = false;
    let chars: Vec<char> = raw.chars().collect();
    let marks = chars.iter().filter(|c| matches!(c, '.' | ',')).count();
    for (at, &c) in chars.iter().enumerate() {
        // A thousands separator stands before three digits: "1.000" (nl) is a thousand, but
        // "2.5" and "1,0" can only be decimals, whichever the language's own decimal
        // separator is (a translator who writes 2.5 in Dutch means two and a half, not 25).
        let group = chars[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
            == 3;
        let mark = c == decimal || c == thousands;
        // "0.125" and ".125" are decimals whatever the mark: no number groups its thousands
        // after a zero.
        let after_zero = integer.bytes().all(|b| b == b'0');
        if either && mark && group && marks == 1 && !after_zero {
            // "2.500" in Arabic: 2500 or 2.5. Read as neither, so it never matches a source
            // by chance: the translation says 2500 or 2.5 without a mark, or its translator
            // confirms it with a reason.
            return format!("{raw} (unclear: thousands or decimals?)");
        }
        let decimal_here = if c == decimal && !either {
            true
        } else {
            !group || after_zero
        };
        if mark && decimal_here && !in_fraction {
            in_fraction = true;
        } else if mark || c == ' ' {
            continue;
        } else if c.is_ascii_digit() {
            if in_fraction {
                fraction.push(c);
            } else {
                integer.push(c);
            }
        }
    }
    let integer = integer.trim_start_matches('0');
    let integer = if integer.is_empty() { "0" } else { integer };
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        integer.to_string()
    } else {
        format!("{integer}.{fraction}")
    }
}

/// "2 (twice), 5": a number missing twice is named once, with how often, in the order the
/// numbers first come.
fn counted(items: &[String]) -> String {
    let mut out: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if items[..i].contains(item) {
            continue;
        }
        out.push(match items.iter().filter(|other| *other == item).count() {
            1 => item.clone(),
            2 => format!("{item} (twice)"),
            n => format!("{item} ({n} times)"),
        });
    }
    out.join(", ")
}

/// What differs between a source's facts and its translation's, in words for the diagnostic.
pub fn differences(source: &Facts, translation: &Facts) -> Vec<String> {
    let mut out = Vec::new();
    let missing = multiset_minus(&source.numbers, &translation.numbers);
    let extra = multiset_minus(&translation.numbers, &source.numbers);
    if !missing.is_empty() {
        out.push(format!("the translation lacks {}", counted(&missing)));
    }
    if !extra.is_empty() {
        out.push(format!("the translation adds {}", counted(&extra)));
    }
    // The same numbers in all can still be in the wrong variants: the child's dose under
    // [volwassen], or under a renamed key, where Fluent shows the default. Each choice is
    // compared with the translation's choice on the same selector (the first with the first),
    // key by key as Fluent picks the variant; a plural category the translation lacks is not
    // compared (languages have different plural forms).
    let mut used = vec![false; translation.choices.len()];
    let mut unpaired = Vec::new();
    for choice in &source.choices {
        let Some(at) = (0..translation.choices.len())
            .find(|&t| !used[t] && translation.choices[t].selector == choice.selector)
        else {
            unpaired.push(&choice.selector);
            continue;
        };
        used[at] = true;
        let theirs = &translation.choices[at];
        for (key, numbers, _) in &choice.variants {
            let plural = matches!(
                key.as_str(),
                "zero" | "one" | "two" | "few" | "many" | "other"
            );
            if plural && !theirs.variants.iter().any(|(k, _, _)| k == key) {
                continue;
            }
            let Some((shown, their_numbers, _)) = theirs.shown_for(key) else {
                continue;
            };
            if same_numbers(key, numbers, shown, their_numbers) {
                continue;
            }
            let which = if shown == key {
                format!("the [{key}] variant of the translation")
            } else {
                format!("for [{key}], the translation (its [{shown}] variant)")
            };
            out.push(format!(
                "{which} says {} where the source says {}",
                or_nothing(their_numbers),
                or_nothing(numbers)
            ));
        }
        // A variant the source does not have shows where the source shows another: a plural
        // form of the language (Polish [few] and [many], Arabic [zero] and [two]) or a key of
        // its own ([zuigeling], a default moved to *[other]) where the source shows its
        // default, and [1] where it shows [one]. Each is compared with that variant.
        for (key, their_numbers, _) in &theirs.variants {
            if choice.variants.iter().any(|(k, _, _)| k == key) {
                continue;
            }
            let of_source = if key == "1" {
                choice
                    .variants
                    .iter()
                    .find(|(k, _, _)| k == "one")
                    .or_else(|| choice.shown_for(key))
            } else {
                choice.shown_for(key)
            };
            let Some((shown, numbers, _)) = of_source else {
                continue;
            };
            if same_numbers(shown, numbers, key, their_numbers) {
                continue;
            }
            out.push(format!(
                "the [{key}] variant of the translation says {} where the source (its [{shown}] variant) says {}",
                or_nothing(their_numbers),
                or_nothing(numbers)
            ));
        }
    }
    // A choice made by another selector ($n in the source, an ordinal NUMBER() in the
    // translation) cannot be compared variant by variant: that is a difference of its own.
    let theirs_unpaired: Vec<&String> = (0..translation.choices.len())
        .filter(|&t| !used[t])
        .map(|t| &translation.choices[t].selector)
        .collect();
    if let (Some(ours), Some(theirs)) = (unpaired.first(), theirs_unpaired.first()) {
        out.push(format!(
            "the translation chooses by {theirs} where the source chooses by {ours}"
        ));
    }
    // A number or dose with another unit of time: "2 weeks" for the source's "2 days", "5 mg
    // per hour" for "5 mg per day". Only where the translation gives that number a unit of
    // time too; one it says in other words is not compared (see `Facts::periods`).
    let mut extra: Vec<&(String, &str)> = translation.periods.iter().collect();
    let mut missing = Vec::new();
    for ours in &source.periods {
        match extra.iter().position(|p| *p == ours) {
            Some(at) => {
                extra.remove(at);
            }
            None => missing.push(ours),
        }
    }
    for ours in missing {
        if let Some(at) = extra.iter().position(|(number, _)| *number == ours.0) {
            let theirs = extra.remove(at);
            out.push(format!(
                "the translation says {} where the source says {}",
                period(theirs),
                period(ours)
            ));
        }
    }
    for var in source.variables.difference(&translation.variables) {
        out.push(format!("the translation lacks ${var}"));
    }
    for var in translation.variables.difference(&source.variables) {
        out.push(format!("the translation adds ${var}"));
    }
    for reference in translation.references.difference(&source.references) {
        out.push(format!("the translation adds {{ {reference} }}"));
    }
    out
}

/// Whether two variants (keys and numbers) say the same numbers. Where one is a `[one]` form,
/// one "1" more on either side is that form's own number ("1 tablet" against "{ $n } tablet").
fn same_numbers(key: &str, numbers: &[String], their_key: &str, theirs: &[String]) -> bool {
    let equal = |a: &[String], b: &[String]| {
        multiset_minus(a, b).is_empty() && multiset_minus(b, a).is_empty()
    };
    if equal(numbers, theirs) {
        return true;
    }
    if key != "one" && their_key != "one" {
        return false;
    }
    let ones = |list: &[String]| list.iter().filter(|n| *n == "1").count();
    match ones(numbers).cmp(&ones(theirs)) {
        std::cmp::Ordering::Greater => equal(&plural_one("one", numbers), theirs),
        std::cmp::Ordering::Less => equal(numbers, &plural_one("one", theirs)),
        std::cmp::Ordering::Equal => false,
    }
}

/// The numbers of a variant with key `key`, without the "1" of a `[one]` form: that is the
/// form's own number ("1 tablet", or "{ $n } tablet" in a language whose `[one]` covers 21 as
/// well). Only one "1": "1 tablet, 1 uur voor" keeps its hour.
fn plural_one(key: &str, numbers: &[String]) -> Vec<String> {
    let mut out = numbers.to_vec();
    if key == "one"
        && let Some(at) = out.iter().position(|n| n == "1")
    {
        out.remove(at);
    }
    out
}

/// A number with its unit of time, or a dose per a time, in words: "2 weeks", "1 day", "5 mg
/// per hour".
fn period((number, unit): &(String, &str)) -> String {
    if unit.starts_with("per ") || number == "1" {
        format!("{number} {unit}")
    } else {
        format!("{number} {unit}s")
    }
}

/// Numbers as a list for a message, or "no number".
fn or_nothing(numbers: &[String]) -> String {
    if numbers.is_empty() {
        "no number".to_string()
    } else {
        numbers.join(", ")
    }
}

fn multiset_minus(a: &[String], b: &[String]) -> Vec<String> {
    let mut rest: Vec<&String> = b.iter().collect();
    let mut out = Vec::new();
    for item in a {
        if let Some(pos) = rest.iter().position(|r| *r == item) {
            rest.remove(pos);
        } else {
            out.push(item.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_missing_twice_is_named_once_with_how_often() {
        let items: Vec<String> = ["2", "5", "2", "7", "7", "7"].map(String::from).to_vec();
        assert_eq!(counted(&items), "2 (twice), 5, 7 (3 times)");
    }

    /// What differs between the Dutch message `nl` and its translation `text` in `locale`.
    fn compare(nl: &str, text: &str, locale: &str) -> Vec<String> {
        differences(
            &of(&format!("a = {nl}\n"), "nl"),
            &of(&format!("a = {text}\n"), locale),
        )
    }

    fn of(source: &str, locale: &str) -> Facts {
        let resource = fluent_syntax::parser::parse(source).unwrap();
        match resource.body.into_iter().next().unwrap() {
            ast::Entry::Message(m) => facts(&m, locale),
            _ => panic!(),
        }
    }

    #[test]
    fn numbers_written_with_other_characters_are_the_same_numbers() {
        assert_eq!(
            of("a = Neem ½ tablet.\n", "nl").numbers,
            of("a = Take 1/2 a tablet.\n", "en").numbers
        );
        assert_eq!(of("a = 10 cm\u{b2}\n", "nl").numbers, ["10 cm"]);
        assert_eq!(of("a = Neem \u{1d7d0} tabletten.\n", "nl").numbers, ["2"]);
        assert_eq!(of("a = Neem \u{b2} tabletten.\n", "nl").numbers, ["2"]);
        assert_eq!(
            of("a = 5 \u{3bc}g en 5 \u{b5}g\n", "nl").numbers,
            ["5 µg", "5 µg"]
        );
        assert_eq!(of("a = 1\u{a0}000 mg\n", "nl").numbers, ["1000 mg"]);
    }

    #[test]
    fn numbers_in_fluent_literals_are_text() {
        assert_eq!(of("a = Neem 5{ \"00\" } mg.\n", "nl").numbers, ["500 mg"]);
        assert_eq!(of("a = Take { \"5000\" } mg.\n", "en").numbers, ["5000 mg"]);
        assert_eq!(of("a = Take { 5000 } mg.\n", "en").numbers, ["5000 mg"]);
        assert_eq!(of("a = Take { \"\\u0035\" } mg.\n", "en").numbers, ["5 mg"]);
    }

    #[test]
    fn numbers_are_read_the_way_each_language_writes_them() {
        assert_eq!(
            of("m = Neem 2 tabletten van 500 mg.\n", "nl").numbers,
            ["2", "500 mg"]
        );
        assert_eq!(
            of("m = Take two 500mg tablets.\n", "en").numbers,
            ["2", "500 mg"]
        );
        assert_eq!(
            of("m = 1.000 ml of 2,5 liter\n", "nl").numbers,
            ["1000 ml", "2.5 l"]
        );
        assert_eq!(
            of("m = 1,000 ml or 2.5 litres\n", "en").numbers,
            ["1000 ml", "2.5 l"]
        );
        assert_eq!(of("m = om 08:30 uur, 30 %\n", "nl").numbers, ["30", "8:30"]);
        assert_eq!(
            of("m = بعد 1 و3 و6 و12 شهرًا\n", "ar").numbers,
            ["1", "12", "3", "6"]
        );
        assert_eq!(of("m = ٢ أقراص\n", "ar").numbers, ["2"]);
        assert_eq!(
            of("m = yarıdan (%50) fazla, İki kez\n", "tr").numbers,
            ["2", "50"]
        );
        assert_eq!(of("m = { TIME(\"09:00\") }\n", "en").numbers, ["9:00"]);
    }

    #[test]
    fn a_changed_dose_time_percentage_or_variable_is_found() {
        let nl = of(
            "m = Neem 2 tabletten van 500 mg om 08:30, 30% { $phone }\n",
            "nl",
        );
        let ok = of(
            "m = Take two 500 mg tablets at 8:30, 30% { $phone }\n",
            "en",
        );
        assert!(
            differences(&nl, &ok).is_empty(),
            "{:?}",
            differences(&nl, &ok)
        );
        let dose = of(
            "m = Візьміть 10 таблеток по 5000 mg о 08:30, 30% { $phone }\n",
            "uk",
        );
        assert_eq!(
            differences(&nl, &dose),
            [
                "the translation lacks 2, 500 mg",
                "the translation adds 10, 5000 mg"
            ]
        );
        let time = of(
            "m = Take two 500 mg tablets at 09:00, 30% { $phone }\n",
            "en",
        );
        assert_eq!(
            differences(&nl, &time),
            ["the translation lacks 8:30", "the translation adds 9:00"]
        );
        // The twelve-hour clock says the same time.
        let pm = of("m = om 16:30 en 00:15 of 12:00 en 17:00\n", "nl");
        let en = of("m = at 4:30 PM and 12:15 a.m. or 12:00 pm and 5 pm\n", "en");
        assert_eq!(differences(&pm, &en), Vec::<String>::new());
        assert_eq!(en.numbers, ["0:15", "12:00", "16:30", "17:00"]);
        let percent = of("m = Take two 500 mg tablets at 8:30. { $phone }\n", "en");
        assert_eq!(differences(&nl, &percent), ["the translation lacks 30"]);
        let var = of(
            "m = Take two 500 mg tablets at 8:30, 30% { $after_hours }\n",
            "en",
        );
        assert_eq!(
            differences(&nl, &var),
            [
                "the translation lacks $phone",
                "the translation adds $after_hours"
            ]
        );
    }

    #[test]
    fn a_date_is_one_fact_so_a_swapped_day_and_month_is_found() {
        let nl = of("m = Kom op { DATE(\"2026-03-01\") }.\n", "nl");
        assert_eq!(nl.numbers, ["2026-03-01"]);
        let swapped = of("m = Come on { DATE(\"2026-01-03\") }.\n", "en");
        assert_eq!(
            differences(&nl, &swapped),
            [
                "the translation lacks 2026-03-01",
                "the translation adds 2026-01-03"
            ]
        );
        // Typed dates, day first as every language of the site writes them.
        for same in ["1-3-2026", "01/03/2026", "1.3.2026", "2026-03-01"] {
            let typed = of(&format!("m = Come on {same}.\n"), "en");
            assert!(differences(&nl, &typed).is_empty(), "{same}: {typed:?}");
        }
        let typed = of("m = Come on 3-1-2026.\n", "en");
        assert_eq!(typed.numbers, ["2026-01-03"]);
        // A range is not a date; neither is a month 13.
        assert_eq!(of("m = 1-2 tabletten\n", "nl").numbers, ["1", "2"]);
        assert_eq!(of("m = 1-13-2026\n", "en").numbers, ["1", "13", "2026"]);
    }

    #[test]
    fn a_point_or_comma_not_before_three_digits_is_a_decimal_in_every_language() {
        // Ten times the dose: 2.5 is not 25 in any language, nor 1,5 15, nor 1,0 10.
        assert_eq!(of("m = خذ 2.5 mg.\n", "ar").numbers, ["2.5 mg"]);
        assert_eq!(of("m = Neem 2.5 mg.\n", "nl").numbers, ["2.5 mg"]);
        assert_eq!(of("m = Take 1,5 mg.\n", "en").numbers, ["1.5 mg"]);
        assert_eq!(of("m = Take 1,0 ml.\n", "en").numbers, ["1 ml"]);
        assert_eq!(
            of("m = Take .5 mg (,5 ml).\n", "en").numbers,
            ["0.5 mg", "0.5 ml"]
        );
        // Arabic with Latin digits writes a point; ٫ is its decimal separator too.
        let nl = of("m = Neem 2,5 mg.\n", "nl");
        for ar in ["m = خذ 2.5 mg.\n", "m = خذ ٢٫٥ mg.\n"] {
            assert!(differences(&nl, &of(ar, "ar")).is_empty(), "{ar}");
        }
        // Before three digits, the language's own thousands separator.
        assert_eq!(of("m = 2.500 ml\n", "nl").numbers, ["2500 ml"]);
        assert_eq!(of("m = 2.500 ml\n", "en").numbers, ["2.5 ml"]);
        assert_eq!(of("m = 1\u{a0}5\n", "nl").numbers, ["1", "5"]);
    }

    #[test]
    fn fractions_times_units_and_what_is_shown_are_read_as_a_reader_reads_them() {
        let range = of("m = Neem 1 tot 2 tabletten.\n", "nl");
        assert_eq!(of("m = Take ½ tablet.\n", "en").numbers, ["1/2"]);
        assert!(!differences(&range, &of("m = Take ½ tablet.\n", "en")).is_empty());
        assert_eq!(of("m = Neem 1½ tablet.\n", "nl").numbers, ["1", "1/2"]);
        assert_eq!(of("m = 24/7 bereikbaar\n", "nl").numbers, ["24", "7"]);
        // The Flemish and French hours.
        assert_eq!(of("m = om 8u30\n", "nl").numbers, ["8:30"]);
        assert_eq!(of("m = à 8h45\n", "fr").numbers, ["8:45"]);
        assert_eq!(of("m = om 16u\n", "nl").numbers, ["16"]);
        // A unit per unit.
        assert_eq!(of("m = 1 mg/kg\n", "nl").numbers, ["1 mg/kg"]);
        // What the page shows: a soft hyphen is invisible, emphasis marks are not printed.
        assert_eq!(of("m = Take 1\u{ad}5 tablets\n", "en").numbers, ["15"]);
        assert_eq!(of("m = Take 1*5* tablets\n", "en").numbers, ["15"]);
        assert_eq!(of("m = Take **2** tablets\n", "en").numbers, ["2"]);
    }

    #[test]
    fn the_second_hostile_review_of_the_number_check() {
        // A fraction slash typed between digits is one fraction.
        assert_eq!(of("m = Neem 1\u{2044}2 tablet.\n", "nl").numbers, ["1/2"]);
        let half = of("m = Neem 1\u{2044}2 tablet.\n", "nl");
        assert!(!differences(&half, &of("m = Take 1 or 2 tablets.\n", "en")).is_empty());
        // Times with a point, as Dutch and Turkish write them, before a word for hours.
        assert_eq!(of("m = Om 8.30 uur.\n", "nl").numbers, ["8:30"]);
        assert_eq!(of("m = At 8.30 pm.\n", "en").numbers, ["20:30"]);
        assert_eq!(of("m = Saat 08.30'da.\n", "tr").numbers, ["8:30"]);
        let sixteen = of("m = Om 16.00 uur.\n", "nl");
        assert!(differences(&sixteen, &of("m = At 16:00.\n", "en")).is_empty());
        // Dates with a year of two digits, year first, other dashes, marks Word puts in.
        for same in [
            "1-3-26",
            "1/3/26",
            "01.03.26",
            "2026/3/1",
            "1\u{2011}3\u{2011}2026",
        ] {
            assert_eq!(
                of(&format!("m = Op {same}.\n"), "nl").numbers,
                ["2026-03-01"],
                "{same}"
            );
        }
        assert_eq!(
            of("m = في 1\u{200f}/3\u{200f}/2026\n", "ar").numbers,
            ["2026-03-01"]
        );
        assert_eq!(of("m = On 3-1-26.\n", "en").numbers, ["2026-01-03"]);
        // A score is two numbers, as "7 out of 10" has them.
        assert_eq!(of("m = Pijnscore 7/10.\n", "nl").numbers, ["10", "7"]);
        // Arabic groups thousands with either mark, and writes decimals with either: one mark
        // before three digits is unclear (see the code review's test), two are thousands.
        assert_eq!(
            of("m = 10.000 خطوة\n", "ar").numbers,
            ["10.000 (unclear: thousands or decimals?)"]
        );
        assert_eq!(of("m = 10.000.000 خطوة\n", "ar").numbers, ["10000000"]);
        assert_eq!(of("m = 2,5 mg\n", "ar").numbers, ["2.5 mg"]);
        // "per" between units.
        assert_eq!(of("m = 2 mg per kg\n", "en").numbers, ["2 mg/kg"]);
        // A direction mark is invisible: 1 and 5 read 15.
        assert_eq!(of("m = Take 1\u{200f}5 tablets\n", "en").numbers, ["15"]);
    }

    #[test]
    fn the_code_review_of_the_number_check() {
        // A zero before the mark: a decimal in every language, never a thousand.
        for (text, locale) in [("0.125 mg", "ar"), ("0,125 mg", "nl"), ("0.125 mg", "de")] {
            assert_eq!(
                of(&format!("m = {text}\n"), locale).numbers,
                ["0.125 mg"],
                "{text} {locale}"
            );
        }
        // Arabic "2.500": 2500 or 2.5; it matches neither, so someone looks.
        let unclear = of("m = 2.500 mg\n", "ar");
        assert!(!differences(&of("m = 2.500 mg\n", "nl"), &unclear).is_empty());
        assert!(!differences(&of("m = 2,5 mg\n", "nl"), &unclear).is_empty());
        assert_eq!(of("m = 1.000.000\n", "ar").numbers, ["1000000"]);
        // A fraction keeps its unit.
        assert_eq!(of("m = ½ mg\n", "nl").numbers, ["1/2 mg"]);
        assert!(!differences(&of("m = ½ mg\n", "nl"), &of("m = ½ g\n", "en")).is_empty());
        // "per" in other languages; the first time of a range; German "Uhr".
        assert_eq!(of("m = 2 mg par kg\n", "fr").numbers, ["2 mg/kg"]);
        assert_eq!(of("m = 2 mg pro kg\n", "de").numbers, ["2 mg/kg"]);
        assert_eq!(
            of("m = van 8.30 tot 17.00 uur\n", "nl").numbers,
            ["17:00", "8:30"]
        );
        assert_eq!(of("m = 8.30-17.00 uur\n", "nl").numbers, ["17:00", "8:30"]);
        assert_eq!(of("m = um 8.30 Uhr\n", "de").numbers, ["8:30"]);
    }

    #[test]
    fn words_and_articles() {
        // "een"/"één" and "one"/"once" are also "a" and "when": not counted as numbers.
        assert!(of("m = een tablet, één keer\n", "nl").numbers.is_empty());
        // Numbers inside words or ids are not facts of the text.
        assert!(of("m = de COVID19-prik\n", "nl").numbers.is_empty());
        // Nor are numbers in addresses.
        assert!(
            of(
                "m = Zie [de site](https://x.nl/2024/a) of https://y.nl/3.\n",
                "nl"
            )
            .numbers
            .is_empty()
        );
    }
    #[test]
    fn units_and_thousands_are_read_as_each_language_writes_them() {
        let nl = of(
            "a = Neem 500 mg, 5 ml, 1 mg/kg, 500 mcg en 10.000 IE; 36,6 °C.\n",
            "nl",
        );
        for (text, locale) in [
            (
                "a = Візьміть 500 мг, 5 мл, 1 мг/кг, 500 мкг і 10 000 МО; 36,6 °С.\n",
                "uk",
            ),
            (
                "a = Примите 500 мг, 5 мл, 1 мг на кг, 500 мкг и 10\u{a0}000 МЕ; 36,6 °C.\n",
                "ru",
            ),
            (
                "a = Weź 500 mg, 5 ml, 1 mg/kg, 500 µg i 10 000 IU; 36,6 °C.\n",
                "pl",
            ),
            (
                "a = Prenez 500 mg, 5 ml, 1 mg par kg, 500 µg et 10 000 UI ; 36,6 °C.\n",
                "fr",
            ),
            (
                "a = Take 500 mg, 5 ml, 1 mg/kg, 500 µg and 10,000 IU; 36.6 °C.\n",
                "en",
            ),
            (
                "a = تناول 500 ملغ و5 مل و1 ملغ/كغ و500 ميكروغرام و10000 IU؛ 36٫6 °C.\n",
                "ar",
            ),
        ] {
            assert_eq!(
                differences(&nl, &of(text, locale)),
                Vec::<String>::new(),
                "{locale}"
            );
        }
        // A unit is still a unit: milligrams are not millilitres in any script.
        assert_eq!(
            differences(
                &nl,
                &of(
                    "a = 500 мл, 5 мг, 1 мг/кг, 500 мкг, 10 000 МО, 36,6 °С\n",
                    "uk"
                )
            ),
            [
                "the translation lacks 5 ml, 500 mg",
                "the translation adds 5 mg, 500 ml"
            ]
        );
        assert_eq!(
            differences(&of("a = 5 mg\n", "nl"), &of("a = 5 مل\n", "ar")),
            ["the translation lacks 5 mg", "the translation adds 5 ml"]
        );
        // A space groups thousands only where the language does, and only before three digits.
        assert_eq!(
            of("a = 1 000 000 en 2 100 mg\n", "nl").numbers,
            ["0", "0", "1", "100 mg", "2"]
        );
        assert_eq!(
            of("a = 1 000 000 i 2 10 mg\n", "pl").numbers,
            ["10 mg", "1000000", "2"]
        );
    }
    #[test]
    fn what_the_second_hostile_review_found_is_a_difference() {
        let differ = |nl: &str, text: &str, locale: &str| {
            let d = differences(
                &of(&format!("a = {nl}\n"), "nl"),
                &of(&format!("a = {text}\n"), locale),
            );
            assert!(!d.is_empty(), "{nl} | {text} ({locale}) passed");
        };
        let same = |nl: &str, text: &str, locale: &str| {
            let d = differences(
                &of(&format!("a = {nl}\n"), "nl"),
                &of(&format!("a = {text}\n"), locale),
            );
            assert!(d.is_empty(), "{nl} | {text} ({locale}): {d:?}");
        };
        // "Per kilo" however it is written: 70 times the dose for a patient of 70 kg.
        for (text, locale) in [
            ("تناول 1 ملغ لكل كغ.", "ar"),
            ("Kg başına 1 mg alın.", "tr"),
            ("Примите 1 мг на килограмм.", "ru"),
            ("Prenez 1 mg par kilo.", "fr"),
            ("Weź 1 mg na kilogram masy ciała.", "pl"),
            ("Weź 1 mg / kg.", "pl"),
            ("تناول 1 ملغ / كغ.", "ar"),
            ("Примите 1 мг\u{2215}кг.", "ru"),
        ] {
            differ("Neem 1 mg.", text, locale);
            // Turkish puts "per kg" before the number: read as a dose and a unit on its own,
            // which its reviewer confirms with a reason (a false alarm, never a pass).
            if locale != "tr" {
                same("Neem 1 mg per kg.", text, locale);
            }
        }
        // The evening is not the morning.
        differ("Om 8:00 uur.", "في الساعة 8:00 مساءً.", "ar");
        differ("Om 8:00 uur.", "في الساعة 8:00 م.", "ar");
        differ("Om 8:00 uur.", "В 8:00 вечера.", "ru");
        same("Om 20:00 uur.", "في الساعة 8:00 مساءً.", "ar");
        same("Om 8:00 uur.", "في الساعة 8:00 صباحًا.", "ar");
        same("Om 20 uur.", "О 8 вечора.", "uk");
        same("Om 20:00 uur.", "О 8:00 вечора.", "uk");
        differ("Om 0:00 uur.", "في الساعة 12:00 مساءً.", "ar");
        differ("Om 12:00 uur.", "في الساعة 12:00 مساءً.", "ar");
        // A dose in the morning and one in the evening are doses, not times.
        same(
            "Neem 1 tablet 's ochtends en 1 's avonds.",
            "Weź 1 tabletkę rano i 1 wieczorem.",
            "pl",
        );
        // "Per kilogram" written out, and mg/m².
        for (text, locale) in [
            ("Kilogram başına 1 mg alın.", "tr"),
            ("Прийміть 1 мг на кожен кілограм маси тіла.", "uk"),
            ("Take 1 mg for every kilogram of body weight.", "en"),
            ("لكل كيلوغرام من الوزن تناول 1 ملغ.", "ar"),
            ("Take 1 mg/m² of body surface.", "en"),
        ] {
            differ("Neem 1 mg.", text, locale);
        }
        same(
            "Dosis: 75 mg/m² lichaamsoppervlak.",
            "Dose: 75 mg/m2 of body surface.",
            "en",
        );
        // A no-break space after a number in English is not a thousands separator.
        differ("Neem 1.500 mg.", "Take 1\u{a0}500 mg tablet.", "en");
        same("Neem 1.500 mg.", "Weź 1\u{a0}500 mg.", "pl");
        // Eight weeks are eight weeks; "in acht nemen" is to heed.
        differ(
            "Het litteken geneest in acht weken.",
            "The scar heals in a few weeks.",
            "en",
        );
        same("Neem de regels in acht.", "Follow the rules.", "en");
        same(
            "Houd er rekening mee en neem dit in acht nemen.",
            "Keep it in mind.",
            "en",
        );
        // French "l'" is an article; "Mg" is magnesium; "500-mg" is 500 mg.
        same(
            "Neem 500 mg via de sonde.",
            "Donnez 500 mg par l'intermédiaire de la sonde.",
            "fr",
        );
        same("Uw Mg-gehalte.", "Your magnesium level.", "en");
        same(
            "Neem twee tabletten van 500 mg.",
            "Take two 500-mg tablets.",
            "en",
        );
        same("De dosis in mg.", "The dose in milligrams.", "en");
        // "0 125 mg" is no 125 mg.
        differ("Neem 125 mg.", "Weź 0 125 mg.", "pl");
        differ("Om 15:00 uur.", "Через 3 дня.", "ru");
        // A unit written out is that unit.
        differ("Drink 2 liter.", "اشرب 2 مليلتر.", "ar");
        same("Drink 1,5 liter.", "Випийте 1,5 л.", "uk");
        same("Drink 2 liter.", "Drink 2 litres.", "en");
        same("Neem 500 milligram.", "Weź 500 mg.", "pl");
        same("Neem 500 mg.", "تناول 500 مليغرام.", "ar");
        same("Neem 5 ml en 5 mg.", "تناول 5 مـل و5 مِلغ.", "ar");
        same(
            "Til niet meer dan 3 kilo.",
            "لا ترفع أكثر من 3 كيلوغرامات.",
            "ar",
        );
        // The value and its attributes, and the variants of a choice, are apart.
        let nl = of("a = Neem 2\n    .hint = 50 mg\n", "nl");
        let pl = of("a = Weź 25\n    .hint = 0 mg\n", "pl");
        assert!(!differences(&nl, &pl).is_empty());
        assert_eq!(
            of(
                "a = { $n ->\n    [kind] 5\n   *[volwassen] 500\n} mg\n",
                "pl"
            )
            .numbers,
            ["5", "500 mg"]
        );
        // The child's dose and the adult's swapped: the same numbers, in the wrong variants.
        let nl = of(
            "a = { $wie ->\n    [kind] Neem 5 mg.\n   *[volwassen] Neem 500 mg.\n}\n",
            "nl",
        );
        let swapped = of(
            "a = { $wie ->\n    [kind] Take 500 mg.\n   *[volwassen] Take 5 mg.\n}\n",
            "en",
        );
        assert_eq!(
            differences(&nl, &swapped),
            [
                "the [kind] variant of the translation says 500 mg where the source says 5 mg",
                "the [volwassen] variant of the translation says 5 mg where the source says 500 mg"
            ]
        );
        let right = of(
            "a = { $wie ->\n    [kind] Take 5 mg.\n   *[volwassen] Take 500 mg.\n}\n",
            "en",
        );
        assert!(differences(&nl, &right).is_empty());
        // Renamed keys: for [kind] Fluent shows the translation's default, the adult's dose.
        let renamed = of(
            "a = { $wie ->\n    [child] Take 5 mg.\n   *[adult] Take 500 mg.\n}\n",
            "en",
        );
        assert_eq!(
            differences(&nl, &renamed),
            [
                "for [kind], the translation (its [adult] variant) says 500 mg where the source says 5 mg",
                "the [child] variant of the translation says 5 mg where the source (its [volwassen] variant) says 500 mg"
            ]
        );
        // A swap is shown beside another difference, not hidden behind it.
        let both = of(
            "a = { $wie ->\n    [kind] Take 500 mg.\n   *[volwassen] Take 5 mg, 8 times.\n}\n",
            "en",
        );
        assert_eq!(
            differences(&nl, &both).len(),
            3,
            "{:?}",
            differences(&nl, &both)
        );
        // Plural forms differ between languages: only the keys both have are compared, and
        // a dose repeated in each form is one dose.
        let plural = of(
            "a = { $n ->\n    [one] 1 таблетка 500 мг\n    [few] { $n } таблетки 500 мг\n   *[other] { $n } таблеток 500 мг\n}\n",
            "uk",
        );
        let nl_plural = of(
            "a = { $n ->\n    [one] 1 tablet van 500 mg\n   *[other] { $n } tabletten van 500 mg\n}\n",
            "nl",
        );
        assert!(
            differences(&nl_plural, &plural).is_empty(),
            "{:?}",
            differences(&nl_plural, &plural)
        );
        // Words that are numbers only sometimes.
        differ("Neem 6 tabletten.", "Dil altı bir tablet alın.", "tr");
        differ(
            "Neem 2 tabletten en neem de regels in acht.",
            "Take 8 tablets twice a day.",
            "en",
        );
        same("Neem acht tabletten.", "Take 8 tablets.", "en");
        // A space groups only a plain number.
        assert_eq!(
            of("a = O godz. 8:00 250 ml.\n", "pl").numbers,
            ["250 ml", "8:00"]
        );
        assert_eq!(
            of("a = W 2026 100 pacjentów, 2,5 100 mg\n", "pl").numbers,
            ["100", "100 mg", "2.5", "2026"]
        );
        assert_eq!(of("a = 0800 123 456\n", "fr").numbers, ["123456", "800"]);
        // "the dose in mg" says mg in every language, once.
        same("De dosis in mg.", "The dose in mg.", "en");
        same("Neem 5 mg.", "Take 5 mg.", "en");
    }

    #[test]
    fn every_spelling_of_a_unit_on_its_own_passes_the_quick_test() {
        let spellings = UNITS
            .iter()
            .map(|u| (*u, *u))
            .chain(UNIT_SPELLINGS.iter().copied())
            .chain(UNIT_WORDS.iter().copied());
        for (written, unit) in spellings {
            if UNITS_ON_THEIR_OWN.contains(&unit) {
                let first = written.chars().next().unwrap();
                assert!(may_start_unit_alone(first), "{written}");
            }
        }
    }

    #[test]
    fn a_number_with_another_unit_of_time_is_a_difference() {
        // The same number of another unit of time: two weeks are not two days.
        for (nl, text, locale) in [
            (
                "Niet in bad gedurende 2 weken.",
                "Do not take a bath for 2 days.",
                "en",
            ),
            (
                "Niet in bad gedurende 2 weken.",
                "Do not bathe for two days.",
                "en",
            ),
            (
                "Druk 30 seconden op de wond.",
                "Press on the wound for 30 minutes.",
                "en",
            ),
            (
                "Druk 30 seconden op de wond.",
                "Прижмите рану на 30 минут.",
                "ru",
            ),
            (
                "Druk 30 seconden op de wond.",
                "Притисніть рану на 30 хвилин.",
                "uk",
            ),
            ("Na 3 dagen.", "بعد 3 أسابيع.", "ar"),
            ("Na 3 dagen.", "3 hafta sonra.", "tr"),
            ("Na 6 maanden.", "Po 6 latach.", "pl"),
            ("Na 6 maanden.", "Nach 6 Jahren.", "de"),
            ("Na 6 maanden.", "Après 6 ans.", "fr"),
            ("Elke 4 uur.", "Co 4 dni.", "pl"),
            // A dose per another time: 24 times the dose.
            ("Maximaal 5 mg per uur.", "At most 5 mg a day.", "en"),
            ("Maximaal 5 mg per uur.", "At most 5 mg/day.", "en"),
            ("Maximaal 5 mg per uur.", "Не больше 5 мг в день.", "ru"),
            ("Maximaal 5 mg per uur.", "Maksymalnie 5 mg na dobę.", "pl"),
            (
                "Maximaal 5 mg per uur.",
                "في اليوم 5 ملغ كحد أقصى، 5 ملغ في اليوم.",
                "ar",
            ),
        ] {
            assert!(
                !compare(nl, text, locale).is_empty(),
                "{nl} | {text} ({locale}) passed"
            );
        }
        assert_eq!(
            compare(
                "Niet in bad gedurende 2 weken.",
                "Do not bathe for 2 days.",
                "en"
            ),
            ["the translation says 2 days where the source says 2 weeks"]
        );
        assert_eq!(
            compare("Maximaal 5 mg per uur.", "At most 5 mg a day.", "en"),
            ["the translation says 5 mg per day where the source says 5 mg per hour"]
        );
        // The same unit of time in every language, or none the table knows: no difference.
        for (nl, text, locale) in [
            (
                "Niet in bad gedurende 2 weken.",
                "Do not take a bath for two weeks.",
                "en",
            ),
            (
                "Niet in bad gedurende twee weken.",
                "Do not take a bath for 2 weeks.",
                "en",
            ),
            (
                "Druk 30 seconden op de wond.",
                "Прижмите рану на 30 секунд.",
                "ru",
            ),
            ("Na 3 dagen.", "بعد 3 أيام.", "ar"),
            ("Na 3 dagen.", "3 günde.", "tr"),
            ("Na 3 dagen.", "Po 3 dniach.", "pl"),
            ("Na 6 maanden.", "Через 6 місяців.", "uk"),
            ("Elke 4 uur.", "Co 4 godziny.", "pl"),
            ("Elke 4 uur.", "Toutes les 4 heures.", "fr"),
            ("Maximaal 5 mg per dag.", "At most 5 mg a day.", "en"),
            ("Maximaal 5 mg per dag.", "Maksymalnie 5 mg na dobę.", "pl"),
            // Said another way: not compared (the numbers still are).
            ("Maximaal 5 mg per dag.", "At most 5 mg daily.", "en"),
            ("Om 8 uur.", "At 8 o'clock.", "en"),
            ("Om 8 uur.", "Um 8 Uhr.", "de"),
            // A year is no gram.
            ("In 2026.", "В 2026 г.", "ru"),
        ] {
            let found = compare(nl, text, locale);
            assert!(found.is_empty(), "{nl} | {text} ({locale}): {found:?}");
        }
    }

    #[test]
    fn what_the_third_hostile_review_found() {
        // The prescriber's shorthand: the number after "x" or "dd" is a number too.
        assert_eq!(
            of("a = Neem 2x500 mg per dag.\n", "nl").numbers,
            ["2", "500 mg"]
        );
        assert_eq!(of("a = Gebruik: 3dd1 tablet.\n", "nl").numbers, ["1", "3"]);
        for (nl, text, locale) in [
            ("Neem 2x500 mg per dag.", "Take 2x50 mg per day.", "en"),
            ("Neem 2x500 mg per dag.", "Weź 2x5 mg.", "pl"),
            (
                "Neem 3x1 tablet per dag.",
                "Take 3x2 tablets per day.",
                "en",
            ),
            ("Gebruik: 3dd1 tablet.", "Use: 3dd2 tablets.", "en"),
        ] {
            assert!(!compare(nl, text, locale).is_empty(), "{text} passed");
        }
        assert!(compare("Neem 2x500 mg.", "Take 2 x 500 mg.", "en").is_empty());
        // Names stay names, in Cyrillic too.
        assert!(compare("Vitamine B12.", "Витамин В12.", "ru").is_empty());
        assert!(compare("Vitamine B12.", "Vitamin B12.", "en").is_empty());
        // NUMBER($n) chooses as $n does: a swap inside it is found.
        let nl = "{ $n ->\n    [one] 1 tablet van 5 mg\n   *[other] { $n } tabletten van 500 mg\n}";
        let swapped =
            "{ NUMBER($n) ->\n    [one] 1 tablet of 500 mg\n   *[other] { $n } tablets of 5 mg\n}";
        assert!(!compare(nl, swapped, "en").is_empty());
        let right =
            "{ NUMBER($n) ->\n    [one] 1 tablet of 5 mg\n   *[other] { $n } tablets of 500 mg\n}";
        assert!(
            compare(nl, right, "en").is_empty(),
            "{:?}",
            compare(nl, right, "en")
        );
        // A dose repeated in each plural form of a language is one dose; a language without
        // plural forms writes the number itself.
        let nl =
            "{ $n ->\n    [one] 1 tablet van 500 mg\n   *[other] { $n } tabletten van 500 mg\n}";
        for (text, locale) in [
            (
                "{ $n ->\n    [one] { $n } tabletka 500 mg\n    [few] { $n } tabletki 500 mg\n    [many] { $n } tabletek 500 mg\n   *[other] { $n } tabletki 500 mg\n}",
                "pl",
            ),
            (
                "{ $n ->\n    [zero] لا أقراص 500 ملغ\n    [one] قرص واحد 500 ملغ\n    [two] قرصان 500 ملغ\n    [few] { $n } أقراص 500 ملغ\n    [many] { $n } قرصًا 500 ملغ\n   *[other] { $n } قرص 500 ملغ\n}",
                "ar",
            ),
            ("{ $n } tablet 500 mg", "tr"),
        ] {
            let found = compare(nl, text, locale);
            assert!(found.is_empty(), "{locale}: {found:?}");
        }
        // But another dose in one form is still found.
        let wrong = "{ $n ->\n    [one] { $n } tabletka 500 mg\n    [few] { $n } tabletki 500 mg\n    [many] { $n } tabletek 50 mg\n   *[other] { $n } tabletki 500 mg\n}";
        assert!(!compare(nl, wrong, "pl").is_empty());
    }

    #[test]
    fn a_date_with_the_month_named_is_the_same_date_as_in_digits() {
        assert_eq!(
            of("a = Kom op 1 maart 2026 terug.\n", "nl").numbers,
            ["2026-03-01"]
        );
        for nl in [
            "Kom op 1 maart 2026 terug.",
            "Kom op 1-3-2026 terug.",
            "Kom op { DATE(\"2026-03-01\") } terug.",
        ] {
            for (text, locale) in [
                ("Come back on March 1, 2026.", "en"),
                ("Come back on 1 March 2026.", "en"),
                ("Come back on the 1st of March 2026.", "en"),
                ("Kommen Sie am 1. März 2026 wieder.", "de"),
                ("Revenez le 1er mars 2026.", "fr"),
                ("1 Mart 2026 tarihinde gelin.", "tr"),
                ("Proszę wrócić 1 marca 2026 r.", "pl"),
                ("Приходьте 1 березня 2026 року.", "uk"),
                ("Приходите 1 марта 2026 г.", "ru"),
                ("تعال في 1 مارس 2026.", "ar"),
                ("تعال في 1 آذار 2026.", "ar"),
            ] {
                let found = compare(nl, text, locale);
                assert!(found.is_empty(), "{nl} | {text}: {found:?}");
            }
        }
        // Another month is another date.
        for (text, locale) in [
            ("Come on May 1, 2026.", "en"),
            ("Revenez le 1er mai 2026.", "fr"),
            ("1 Nisan 2026 tarihinde gelin.", "tr"),
            ("Proszę wrócić 1 kwietnia 2026 r.", "pl"),
            ("تعال في 1 أبريل 2026.", "ar"),
            ("تعال في 1 كانون الثاني 2026.", "ar"),
            ("Kommen Sie am 1.4. wieder.", "de"),
        ] {
            assert!(
                !compare("Kom op 1 maart 2026 terug.", text, locale).is_empty(),
                "{text} passed"
            );
        }
        // Without a year, and a month with its year.
        assert!(compare("Op 14 maart.", "Am 14.3.", "de").is_empty());
        assert!(compare("Op 14 maart.", "On March 14th.", "en").is_empty());
        assert!(!compare("Op 14 maart.", "On April 14.", "en").is_empty());
        assert!(compare("Sinds maart 2026.", "Since March 2026.", "en").is_empty());
        assert!(!compare("Sinds maart 2026.", "Since May 2026.", "en").is_empty());
        // Levantine Arabic names of two words.
        assert_eq!(of("a = 5 تشرين الأول 2026\n", "ar").numbers, ["2026-10-05"]);
        // A point after a day is a German decimal only when no month follows it.
        assert_eq!(of("a = Nehmen Sie 2 Tabletten.\n", "de").numbers, ["2"]);
    }

    #[test]
    fn times_told_in_words_and_whole_hours_are_the_times_they_say() {
        // Dutch "half 9" is 8:30: "half past 9" is not.
        assert_eq!(of("a = Kom om half 9.\n", "nl").numbers, ["8:30"]);
        assert_eq!(of("a = Kom om half negen.\n", "nl").numbers, ["8:30"]);
        assert!(compare("Kom om half 9.", "Come at 8:30.", "en").is_empty());
        assert!(compare("Kom om half 9.", "Kommen Sie um halb 9.", "de").is_empty());
        assert!(!compare("Kom om half 9.", "Come at half past 9.", "en").is_empty());
        assert!(compare("Kom om kwart over 8.", "Come at quarter past 8.", "en").is_empty());
        assert!(!compare("Kom om kwart over 8.", "Come at quarter to 8.", "en").is_empty());
        assert!(compare("Kom om kwart voor 8.", "Come at 7:45.", "en").is_empty());
        // A whole hour written with minutes is a time, and a count is no time: 8 tablets at 1
        // is not 1 tablet at 8:00. (A whole hour without minutes, "om 8 uur", is its number:
        // "at 8 in the morning" says it as well, and "at 8:00" is a false alarm.)
        assert!(compare("Kom om 8:00 uur.", "Come at 8 am.", "en").is_empty());
        assert!(compare("Kom om 8 uur.", "Come at 8 in the morning.", "en").is_empty());
        assert_eq!(of("a = Om de 8 uur.\n", "nl").numbers, ["8"]);
        assert!(!compare("Neem 1 tablet om 8:00 uur.", "Take 8 tablets at 1.", "en").is_empty());
        assert!(
            !compare(
                "Neem 2 tabletten om 10:00 uur.",
                "Take 10 tablets at 2 am.",
                "en"
            )
            .is_empty()
        );
        assert!(!compare("Om 8:00 uur.", "At 9:00.", "en").is_empty());
        // The prescriber's "driemaal", deci- and centilitres, mm Hg, blank characters.
        assert!(
            !compare(
                "Neem driemaal daags 1 tablet.",
                "Nehmen Sie 2-mal täglich 1 Tablette.",
                "de"
            )
            .is_empty()
        );
        assert!(!compare("Drink 2 dl.", "Buvez 2 cl d'eau.", "fr").is_empty());
        assert!(compare("Boven 140 mm Hg.", "Above 140 mmHg.", "en").is_empty());
        assert!(!compare("Neem 1 tablet van 5 ml.", "Take 1\u{180e}5 ml.", "en").is_empty());
    }

    #[test]
    fn a_time_with_a_point_after_a_word_for_at_is_a_time() {
        for (text, locale) in [
            ("Kom om 8.30.", "nl"),
            ("O godz. 8.30.", "pl"),
            ("В 8.30.", "ru"),
            ("О 8.30.", "uk"),
            ("Come at 8.30.", "en"),
        ] {
            assert_eq!(
                of(&format!("a = {text}\n"), locale).numbers,
                ["8:30"],
                "{text}"
            );
        }
        assert_eq!(of("a = Neem 8.30 ml.\n", "en").numbers, ["8.3 ml"]);
    }

    #[test]
    fn what_the_reviews_of_the_new_rules_found() {
        // A plural form only the translation has is compared with the source's default form.
        let nl = "{ $n ->\n    [one] Neem 1 tablet van 5 mg.\n   *[other] Neem { $n } tabletten van 500 mg.\n}";
        for (text, locale) in [
            (
                "{ $n ->\n    [one] Weź 1 tabletkę 5 mg.\n    [few] Weź { $n } tabletki 5 mg.\n    [many] Weź { $n } tabletek 500 mg.\n   *[other] Weź { $n } tabletki 500 mg.\n}",
                "pl",
            ),
            (
                "{ $n ->\n    [one] Примите 1 таблетку 5 мг.\n    [few] Примите { $n } таблетки 500 мг.\n    [many] Примите { $n } таблеток.\n   *[other] Примите { $n } таблетки 500 мг.\n}",
                "ru",
            ),
        ] {
            assert!(!compare(nl, text, locale).is_empty(), "{locale} passed");
        }
        // Only the one "1" of [one] is the form's own.
        let hour = "{ $n ->\n    [one] Neem 1 tablet, 1 uur voor de operatie.\n   *[other] Neem { $n } tabletten, 1 uur voor de operatie.\n}";
        let ru = "{ $n ->\n    [one] Примите { $n } таблетку за { $n } час до операции.\n   *[other] Примите { $n } таблеток за 1 час до операции.\n}";
        assert!(!compare(hour, ru, "ru").is_empty());
        // Times a day against times a week (methotrexate), and Dutch "/u".
        for (text, locale) in [
            ("Take 2 times per week.", "en"),
            ("Take it twice a week.", "en"),
            ("2 mal pro Woche.", "de"),
            ("2 fois par semaine.", "fr"),
            ("2 раза в неделю.", "ru"),
            ("2 razy w tygodniu.", "pl"),
            ("2 مرات في الأسبوع.", "ar"),
        ] {
            assert!(
                !compare("Neem 2 keer per dag.", text, locale).is_empty(),
                "{text} passed"
            );
        }
        assert!(compare("Neem 2 keer per dag.", "Take it twice a day.", "en").is_empty());
        assert!(compare("Neem 2x per dag.", "2 razy dziennie.", "pl").is_empty());
        assert!(!compare("Maximaal 5 mg/u.", "At most 5 mg/day.", "en").is_empty());
        assert!(!compare("Neem 1 tablet per dag.", "Take 1 tablet per week.", "en").is_empty());
        // Read to the end without a panic: a time range at the end of a variant.
        let _ = of(
            "a = { $wie ->\n    [kind] Kom van 8.30-10\n   *[volwassen] Kom om 9 uur\n}\n",
            "nl",
        );
        // Amounts after a word for "at" stay amounts.
        assert_eq!(
            of("a = Zwiększ dawkę o 2,25 mg.\n", "pl").numbers,
            ["2.25 mg"]
        );
        assert_eq!(of("a = Start at 1.25 mg.\n", "en").numbers, ["1.25 mg"]);
        assert!(
            !of("a = Увеличьте в 2.25 раза.\n", "ru")
                .numbers
                .iter()
                .any(|n| n.contains(':'))
        );
        // Words that are months only sometimes, or times only sometimes.
        assert_eq!(
            of("a = Children under 12 may take 5 ml.\n", "en").numbers,
            ["12", "5 ml"]
        );
        assert_eq!(of("a = Take a quarter to 1 tablet.\n", "en").numbers, ["1"]);
        assert_eq!(of("a = Siehe Kapitel 4.2.\n", "de").numbers, ["4.2"]);
        assert_eq!(
            of("a = From 1 March 1000 mg.\n", "en").numbers,
            ["--03-01", "1000 mg"]
        );
        // The Cyrillic times sign, and ordinal choices.
        assert_eq!(of("a = Примите 2х500 мг.\n", "ru").numbers, ["2", "500 mg"]);
        let ordinal = of(
            "a = { NUMBER($n, type: \"ordinal\") ->\n    [one] {$n}st\n   *[other] {$n}th\n}\n",
            "en",
        );
        assert_ne!(ordinal.choices[0].selector, "$n");
        // Dates and units as more texts write them.
        for (nl, text, locale) in [
            ("Kom op 1 maart terug.", "Come back on March 1.", "en"),
            ("Op 1 november 2026.", "1 KASIM 2026.", "tr"),
            ("Op 1 augustus.", "Le 1er aout.", "fr"),
            ("Op 1 januari 2026.", "في 1 كانون ثاني 2026.", "ar"),
            ("Op 1 juli 2026.", "في 1 جويلية 2026.", "ar"),
            ("Boven 140 mm Hg.", "Выше 140 мм рт. ст.", "ru"),
            ("Boven 140 mm Hg.", "أعلى من 140 ملم زئبق.", "ar"),
            ("Drink 1 dl.", "Выпейте 1 дл.", "ru"),
        ] {
            let found = compare(nl, text, locale);
            assert!(found.is_empty(), "{text}: {found:?}");
        }
    }

    #[test]
    fn what_the_last_review_of_the_stop_found() {
        // A variant the source does not have: a key of its own, a moved default, [1].
        let wie = "{ $wie ->\n    [kind] 250 mg\n   *[volwassen] 500 mg\n}";
        for text in [
            "{ $wie ->\n    [kind] 250 mg\n    [zuigeling] 250 mg\n   *[volwassen] 500 mg\n}",
            "{ $wie ->\n    [kind] 250 mg\n    [volwassen] 500 mg\n   *[other] 250 mg\n}",
        ] {
            assert!(!compare(wie, text, "en").is_empty(), "{text} passed");
        }
        let n =
            "{ $n ->\n    [one] 1 tablet van 250 mg\n   *[other] { $n } tabletten van 500 mg\n}";
        let one = "{ $n ->\n    [1] { $n } tablet of 500 mg\n    [one] 1 tablet of 250 mg\n   *[other] { $n } tablets of 500 mg\n}";
        assert!(!compare(n, one, "en").is_empty());
        // Another selector is a difference of its own.
        let ordinal = "{ NUMBER($n, type: \"ordinal\") ->\n    [one] 500 mg\n   *[other] 250 mg\n}";
        assert!(
            !compare(
                "{ $n ->\n    [one] 250 mg\n   *[other] 500 mg\n}",
                ordinal,
                "en"
            )
            .is_empty()
        );
        // The [one] form's "1" next to another 1.
        let hour = "{ $n ->\n    [one] Neem 1 tablet, 1 uur voor de operatie.\n   *[other] Neem { $n } tabletten, 1 uur voor de operatie.\n}";
        let en = "{ $n ->\n    [one] Take { $n } tablet, 1 hour before the operation.\n   *[other] Take { $n } tablets, 1 hour before the operation.\n}";
        assert!(
            compare(hour, en, "en").is_empty(),
            "{:?}",
            compare(hour, en, "en")
        );
        // Per day against per week, said with "am", an adverb, or доба.
        for (text, locale) in [
            ("2 Mal am Tag.", "de"),
            ("2 razy dziennie.", "pl"),
            ("2 рази на добу.", "uk"),
            ("2 مرات يوميا.", "ar"),
        ] {
            assert!(
                !compare("Neem 2 keer per week.", text, locale).is_empty(),
                "{text} passed"
            );
        }
        // A count after a month, a sentence that ends after a number.
        assert!(
            compare(
                "Neem vanaf maart 2 tabletten.",
                "From March, take 2 tablets.",
                "en"
            )
            .is_empty()
        );
        assert_eq!(
            of("a = For children under 12. May cause drowsiness.\n", "en").numbers,
            ["12"]
        );
        // Abbreviated months, and the Arabic era after a year.
        for (text, locale) in [
            ("Am 1. Mrz. 2026.", "de"),
            ("Le 1er févr. 2026.", "fr"),
            ("1 sty 2026 r.", "pl"),
            ("1 янв. 2026 г.", "ru"),
            ("1 مارس ٢٠٢٦م", "ar"),
        ] {
            assert_eq!(
                of(&format!("a = {text}\n"), locale).numbers.len(),
                1,
                "{text}"
            );
        }
        assert!(compare("Op 1 maart 2026.", "1 مارس ٢٠٢٦م", "ar").is_empty());
    }
}
