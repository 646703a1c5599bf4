//! The source types: what `site.yaml`, a leaflet and a shared block may hold, as serde reads
//! them (unknown keys are errors, positions kept with `Spanned`). Their Unicode normalisation is
//! in `normalize.rs`.
//!
//! Every string value is put in NFC after parsing ([`super::normalize::Normalize`]), so "é" typed as one code point
//! and "é" typed as e + U+0301 are the same code, name or id, and what is published is composed.
//! Values are normalised, never the file's text: a `Spanned` value keeps the position it was
//! read at, so diagnostics still point at the right column of the file as it is on disk.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

/// `site.yaml`: languages, organisations and their contacts.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// The language of the original texts, e.g. `nl`; every other language falls back to it.
    #[schemars(with = "String")]
    pub default_locale: Spanned<String>,
    /// Every language of the site, the default one included, e.g. `[nl, en]`.
    #[schemars(with = "Vec<String>")]
    pub locales: Vec<Spanned<String>>,
    /// Absolute address the site will be published at; without it every link is relative.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub base_url: Option<Spanned<String>>,
    /// Organisations with their contacts, by short key (`umcg`).
    #[serde(default)]
    pub organizations: BTreeMap<String, Organization>,
    /// Look of the website: colour, logo, footer contacts.
    #[serde(default)]
    pub theme: ThemeSettings,
    /// PDF page profiles.
    #[serde(default)]
    pub print: Option<PrintSettings>,
    #[serde(default)]
    pub translations: TranslationSettings,
    /// Bounds that keep a build finite: typst time per PDF, pages per PDF.
    #[serde(default)]
    pub limits: LimitSettings,
    /// When leaflets are due for review, and what happens after their review date.
    #[serde(default)]
    pub review: ReviewSettings,
    /// Where readers send remarks on a leaflet: shown on every page and PDF.
    #[serde(default)]
    #[schemars(with = "Option<Feedback>")]
    pub feedback: Option<Spanned<Feedback>>,
    /// Settings of the patient-safety checks.
    #[serde(default)]
    pub checks: CheckSettings,
    /// The number to call in an emergency (e.g. 112), shown by callouts of level `emergency`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub emergency_number: Option<Spanned<String>>,
    /// Series of leaflets read in order (part 1 of 2 …): series name → leaflet ids, the
    /// first part first. The order gives the part numbers, so none is typed.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Vec<String>>")]
    pub series: BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
    /// How each language writes times and dates: language → the language in a region
    /// (`en: en-GB`). Without it, the language in the site's country (`checks.country`).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub formats: BTreeMap<String, Spanned<String>>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewSettings {
    /// Days before `review_by` from which a leaflet is reported as due (default 60).
    #[serde(default)]
    #[schemars(with = "Option<u32>")]
    pub warn_days: Option<Spanned<u32>>,
    /// After `review_by`: `error` (default, the build stops) or `notice` (published with a
    /// visible "being reviewed" notice).
    #[serde(default)]
    pub expired: ExpiredPolicy,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExpiredPolicy {
    #[default]
    Error,
    Notice,
}

/// A way for readers to give feedback: an e-mail address, a web form, or both.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub email: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckSettings {
    /// Numbers that may be written in a message although they look like phone numbers (e.g.
    /// a national information line); everything else must come from a contact.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub allowed_numbers: Vec<Spanned<String>>,
    /// The country whose phone numbers are looked for in messages (ISO 3166 code, default NL).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub country: Option<Spanned<String>>,
    /// Limits of the plain-language figures; above them a leaflet gets a warning.
    #[serde(default)]
    pub readability: ReadabilitySettings,
    /// Words to avoid, per language: word or phrase → the plain words to write instead.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, BTreeMap<String, String>>")]
    pub avoid: BTreeMap<String, BTreeMap<String, Spanned<String>>>,
}

/// `checks: { readability: … }`: each limit is optional and has a default (README: "Plain
/// language").
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadabilitySettings {
    /// Most words a sentence may have on average.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub max_average_sentence_words: Option<Spanned<f64>>,
    /// Largest share (0 to 1) of sentences over 20 words.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub max_long_sentence_share: Option<Spanned<f64>>,
    /// Lowest Flesch–Douma score (Dutch).
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub min_douma: Option<Spanned<f64>>,
    /// Lowest Flesch reading ease (English).
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub min_flesch: Option<Spanned<f64>>,
    /// Highest LIX (languages without a formula of their own).
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub max_lix: Option<Spanned<f64>>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitSettings {
    /// Seconds one typst run may take before it is stopped (default 120).
    #[serde(default)]
    #[schemars(with = "Option<u64>")]
    pub typst_timeout_s: Option<Spanned<u64>>,
    /// Most pages one PDF may have (default 40).
    #[serde(default)]
    #[schemars(with = "Option<u32>")]
    pub max_pages: Option<Spanned<u32>>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslationSettings {
    /// What patients see of a translation whose Dutch source changed since it was confirmed.
    #[serde(default)]
    pub stale: StalePolicy,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum StalePolicy {
    /// The default-locale text, marked with its language (safe: nothing outdated is shown).
    #[default]
    Fallback,
    /// The stale translation itself (a warning is still printed).
    Show,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeSettings {
    /// Main colour of links and the header, as `#rrggbb`; must reach 4.5:1 against white.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub primary_color: Option<Spanned<String>>,
    /// The site's logo, shown in every page header.
    #[serde(default)]
    #[schemars(with = "Option<ImageSource>")]
    pub logo: Option<Spanned<ImageSource>>,
    /// Contacts listed in every page footer (`org/contact`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub footer_contacts: Vec<Spanned<String>>,
}

/// An image file (under `images/`) and the message id of its text alternative.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageSource {
    #[schemars(with = "String")]
    pub file: Spanned<String>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub alt: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrintSettings {
    /// The profile of the PDF the website links to.
    #[schemars(with = "String")]
    pub web: Spanned<String>,
    /// Page set-ups by name: a PDF is made of every leaflet in each.
    #[schemars(with = "BTreeMap<String, PrintProfileSource>")]
    pub profiles: BTreeMap<String, Spanned<PrintProfileSource>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrintProfileSource {
    /// Paper size, e.g. `a4` or `a5`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub paper: Option<Spanned<String>>,
    /// Margin in millimetres.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub margin_mm: Option<Spanned<f64>>,
    /// Bleed for a print shop, in millimetres.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub bleed_mm: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// Short name, the same in every language (a proper noun such as "UMCG").
    pub name: String,
    #[serde(default)]
    pub portal: Option<Portal>,
    /// Logo on the cover of this organisation's PDFs.
    #[serde(default)]
    #[schemars(with = "Option<ImageSource>")]
    pub logo: Option<Spanned<ImageSource>>,
    #[serde(default)]
    pub contacts: BTreeMap<String, Contact>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Portal {
    pub name: String,
    #[schemars(with = "String")]
    pub url: Spanned<String>,
}

/// A department's phone numbers, opening hours, e-mail and address: the one place these are
/// written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Message id (in `locales/<lang>/site.ftl`) of the contact's name.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// The phone number, as patients dial it.
    #[schemars(with = "String")]
    pub phone: Spanned<String>,
    #[serde(default)]
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub hours: Option<Spanned<HoursSource>>,
    /// A phone number, or another contact (`org/contact`) whose number it is, so that a number
    /// two contacts share is still written once.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub after_hours: Option<Spanned<String>>,
    /// E-mail address shown on the contact card.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub email: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<AddressSource>")]
    pub address: Option<Spanned<AddressSource>>,
}

/// A postal address, written as the post delivers it in the hospital's country.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressSource {
    #[schemars(with = "String")]
    pub street: Spanned<String>,
    #[schemars(with = "String")]
    pub postcode: Spanned<String>,
    #[schemars(with = "String")]
    pub city: Spanned<String>,
}

/// `hours:` as written, each key and value with its position, in the order of the file: a day
/// or a range of days (`mon`, `mon-fri`) → `"08:00-16:30"` or `closed`; or the older form
/// `{ opens: "08:00", closes: "16:30" }`, which means Monday to Friday. `resolve` reads the
/// keys, so that an unknown day is an error at the key with a "did you mean".
#[derive(Debug, Default)]
pub struct HoursSource {
    pub entries: Vec<(Spanned<String>, Spanned<String>)>,
}

impl<'de> Deserialize<'de> for HoursSource {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = HoursSource;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("days with their hours, e.g. { mon-fri: \"08:00-16:30\" }")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<HoursSource, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    entries.push((key, map.next_value::<Spanned<String>>()?));
                }
                Ok(HoursSource { entries })
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

/// `leaflets/<id>.yaml`: one leaflet's structure. Its texts are Fluent messages.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LeafletSource {
    /// Document-control code printed on every page, e.g. `PIJN-012`.
    #[schemars(with = "String")]
    pub code: Spanned<String>,
    /// Version number; raise it by one when the content changes.
    #[schemars(with = "u32")]
    pub version: Spanned<u32>,
    /// Date of the last review, YYYY-MM-DD.
    #[schemars(with = "String")]
    pub reviewed: Spanned<String>,
    /// Date of the next review, YYYY-MM-DD.
    #[schemars(with = "String")]
    pub review_by: Spanned<String>,
    /// Message id (site.ftl) of the department the leaflet is listed under.
    #[schemars(with = "String")]
    pub department: Spanned<String>,
    /// `organisation/contact` from `site.yaml`; fills `$phone`, `$opens` … in every message.
    #[schemars(with = "String")]
    pub contact: Spanned<String>,
    /// Arguments for every message of the leaflet, its shared blocks' too: argument name → a
    /// message id, or another contact (`org/contact`) whose data the texts name as
    /// `$name_phone`, `$name_hours` ….
    #[serde(default)]
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub with: Option<BTreeMap<String, Spanned<String>>>,
    /// Who answers for the content: a role or team ("Pijncentrum, verpleegkundig specialist"),
    /// never a person's private data.
    #[schemars(with = "String")]
    pub owner: Spanned<String>,
    /// Where the medical facts come from, listed at the end of the leaflet.
    #[serde(default)]
    #[schemars(with = "Vec<SourceReference>")]
    pub sources: Vec<Spanned<SourceReference>>,
    /// Number the headings (1, 1.1, 2 …) on the page, in the contents and in the PDF.
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub numbering: Option<Spanned<bool>>,
    /// `true`: the PDF ends with a lined "your questions" box for the reader's own notes.
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub questions_box: Option<Spanned<bool>>,
    /// The blocks of the leaflet, in order: `heading`, `text`, `list`, `steps`, `callout`,
    /// `contact_card`, `image`, `table` or `use` (a shared block).
    #[schemars(with = "Vec<BlockSource>")]
    pub body: Vec<Spanned<BlockSource>>,
}

/// A source of the leaflet's facts: a guideline, an article, a website.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceReference {
    /// As cited (titles of guidelines are not translated).
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
}

/// `leaflets/shared/<name>.yaml`: a block written once and used by reference.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SharedSource {
    /// The blocks of the shared block, in order, as in a leaflet's `body`.
    #[schemars(with = "Vec<BlockSource>")]
    pub body: Vec<Spanned<BlockSource>>,
}

/// One entry of a `body:` list. Exactly one of the kind keys is set; `resolve` checks that, so the
/// message can name the keys instead of serde's "data did not match any variant".
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(
    description = "One block: one of heading, subheading, text, list, steps, callout, \
    contact_card, image, table or use (with its `with:`)."
)]
#[serde(deny_unknown_fields)]
pub struct BlockSource {
    /// A heading: the id of its message.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub heading: Option<Spanned<String>>,
    /// A heading under a `heading`: the id of its message.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub subheading: Option<Spanned<String>>,
    /// A paragraph: the id of its message.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub text: Option<Spanned<String>>,
    /// A bulleted list: the id of each item's message.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub list: Option<Vec<Spanned<String>>>,
    /// Numbered steps: the id of each step's message.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub steps: Option<Vec<Spanned<String>>>,
    /// "Call us at once if …": an emphasised box with an optional heading, text and list.
    #[serde(default)]
    pub callout: Option<CalloutSource>,
    /// `contact_card:` alone shows the leaflet's contact; `contact_card: org/contact` another one.
    #[serde(default, deserialize_with = "present")]
    #[schemars(with = "Option<String>")]
    pub contact_card: Option<Option<Spanned<String>>>,
    /// A picture from `images/` with its text alternative (`alt:` is a message id) and an
    /// optional caption shown under it.
    #[serde(default)]
    pub image: Option<ImageBlockSource>,
    /// A table: a caption, a header row and rows of cells, every one a message id.
    #[serde(default)]
    pub table: Option<TableSource>,
    #[serde(rename = "use", default)]
    #[schemars(with = "Option<String>")]
    pub use_block: Option<Spanned<String>>,
    /// Arguments for a used block: argument name → message id whose text is passed in, or a
    /// contact (`org/contact`).
    #[serde(default)]
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub with: Option<BTreeMap<String, Spanned<String>>>,
}

/// A picture in a leaflet's body: like a logo ([`ImageSource`]), plus a caption that everyone
/// sees under it. The caption is no replacement for `alt`, which says what the picture shows.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageBlockSource {
    #[schemars(with = "String")]
    pub file: Spanned<String>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub alt: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub caption: Option<Spanned<String>>,
}

/// `table:` — every cell is a message id, so a table is translated like any text. All three
/// keys are optional here so that `resolve` can say which one is missing, with an example.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableSource {
    /// What the table shows, announced by screen readers when they reach it.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub caption: Option<Spanned<String>>,
    /// One message per column, naming what the column holds.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub header: Option<Spanned<TableRowSource>>,
    /// Each row a list of message ids, one per column of the header.
    #[serde(default)]
    #[schemars(with = "Option<Vec<Vec<String>>>")]
    pub rows: Option<Spanned<Vec<Spanned<TableRowSource>>>>,
}

/// A row of a table: message ids, one per column, with their positions.
pub type TableRowSource = Vec<Spanned<String>>;

/// "Call us at once if …": an emphasised box with an optional heading, text and list.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalloutSource {
    /// How soon to act: `info` (the default), `urgent` or `emergency`; checked by `resolve`, so
    /// that a typo gets a "did you mean" and the rest of the file is still checked.
    #[serde(default)]
    #[schemars(with = "Option<CareLevelName>")]
    pub level: Option<Spanned<String>>,
    /// The box's heading: the id of its message.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub heading: Option<Spanned<String>>,
    /// The box's text: the id of its message.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub text: Option<Spanned<String>>,
    /// A list in the box: the id of each item's message.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub list: Vec<Spanned<String>>,
}

/// The care levels a callout may have, for the editors' schema only: `resolve` reads `level` as
/// a string, so a typo gets a "did you mean" instead of serde's list of variants.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum CareLevelName {
    Info,
    Urgent,
    Emergency,
}

/// Tells a key written with an empty value (`contact_card:`) from a missing key.
fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Normalize;

    #[test]
    fn values_and_keys_are_composed_and_keep_their_position() {
        let yaml = "name: De\u{301}mo\nportal: { name: \"Mijn Ame\u{301}\", url: \"https://x\" }\n\
                    contacts:\n  poli\u{308}:\n    name: n\n    phone: \"1\"\n";
        let mut org: Organization = serde_saphyr::from_str(yaml).unwrap();
        org.normalize();
        assert_eq!(org.name, "Démo");
        assert_eq!(org.portal.unwrap().name, "Mijn Amé");
        assert!(org.contacts.contains_key("polï"));
    }

    #[test]
    fn a_spanned_value_keeps_the_column_of_the_file() {
        let mut source: BlockSource =
            serde_saphyr::from_str("text: \"e\u{301}e\u{301}\"\n").unwrap();
        let text = source.text.as_mut().unwrap();
        text.normalize();
        assert_eq!(text.value, "éé");
        assert_eq!(text.referenced.column(), 7);
    }
}
