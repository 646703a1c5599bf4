//! The source types: what `site.yaml`, a leaflet and a shared block may hold, as serde reads
//! them (unknown keys are errors, positions kept with `Spanned`).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

/// `site.yaml`: languages, organisations and their contacts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub default_locale: Spanned<String>,
    pub locales: Vec<Spanned<String>>,
    /// Absolute address the site will be published at; without it every link is relative.
    #[serde(default)]
    pub base_url: Option<Spanned<String>>,
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
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslationSettings {
    /// What patients see of a translation whose Dutch source changed since it was confirmed.
    #[serde(default)]
    pub stale: StalePolicy,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StalePolicy {
    /// The default-locale text, marked with its language (safe: nothing outdated is shown).
    #[default]
    Fallback,
    /// The stale translation itself (a warning is still printed).
    Show,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeSettings {
    /// Main colour of links and the header, as `#rrggbb`; must reach 4.5:1 against white.
    #[serde(default)]
    pub primary_color: Option<Spanned<String>>,
    /// The site's logo, shown in every page header.
    #[serde(default)]
    pub logo: Option<Spanned<ImageSource>>,
    /// Contacts listed in every page footer (`org/contact`).
    #[serde(default)]
    pub footer_contacts: Vec<Spanned<String>>,
}

/// An image file (under `images/`) and the message id of its text alternative.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageSource {
    pub file: Spanned<String>,
    #[serde(default)]
    pub alt: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintSettings {
    /// The profile of the PDF the website links to.
    pub web: Spanned<String>,
    pub profiles: BTreeMap<String, Spanned<PrintProfileSource>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintProfileSource {
    #[serde(default)]
    pub paper: Option<Spanned<String>>,
    #[serde(default)]
    pub margin_mm: Option<Spanned<f64>>,
    #[serde(default)]
    pub bleed_mm: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// Short name, the same in every language (a proper noun such as "UMCG").
    pub name: String,
    #[serde(default)]
    pub portal: Option<Portal>,
    /// Logo on the cover of this organisation's PDFs.
    #[serde(default)]
    pub logo: Option<Spanned<ImageSource>>,
    #[serde(default)]
    pub contacts: BTreeMap<String, Contact>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Portal {
    pub name: String,
    pub url: Spanned<String>,
}

/// A department's phone number and opening hours: the one place these are written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Message id (in `locales/<lang>/site.ftl`) of the contact's name.
    pub name: Spanned<String>,
    pub phone: Spanned<String>,
    #[serde(default)]
    pub hours: Option<Hours>,
    #[serde(default)]
    pub after_hours: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hours {
    pub opens: Spanned<String>,
    pub closes: Spanned<String>,
}

/// `leaflets/<id>.yaml`: one leaflet's structure. Its texts are Fluent messages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeafletSource {
    /// Document-control code printed on every page, e.g. `PIJN-012`.
    pub code: String,
    pub version: Spanned<u32>,
    pub reviewed: Spanned<String>,
    pub review_by: Spanned<String>,
    /// Message id (site.ftl) of the department the leaflet is listed under.
    pub department: Spanned<String>,
    /// `organisation/contact` from `site.yaml`; fills `$phone`, `$opens` … in every message.
    pub contact: Spanned<String>,
    pub body: Vec<Spanned<BlockSource>>,
}

/// `leaflets/shared/<name>.yaml`: a block written once and used by reference.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedSource {
    pub body: Vec<Spanned<BlockSource>>,
}

/// One entry of a `body:` list. Exactly one of the kind keys is set; `resolve` checks that, so the
/// message can name the keys instead of serde's "data did not match any variant".
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockSource {
    #[serde(default)]
    pub heading: Option<Spanned<String>>,
    #[serde(default)]
    pub subheading: Option<Spanned<String>>,
    #[serde(default)]
    pub text: Option<Spanned<String>>,
    #[serde(default)]
    pub list: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub steps: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub callout: Option<CalloutSource>,
    /// `contact_card:` alone shows the leaflet's contact; `contact_card: org/contact` another one.
    #[serde(default, deserialize_with = "present")]
    pub contact_card: Option<Option<Spanned<String>>>,
    /// A picture from `images/` with its text alternative (`alt:` is a message id).
    #[serde(default)]
    pub image: Option<ImageSource>,
    #[serde(rename = "use", default)]
    pub use_block: Option<Spanned<String>>,
    /// Arguments for a used block: argument name → message id whose text is passed in.
    #[serde(default)]
    pub with: Option<BTreeMap<String, Spanned<String>>>,
}

/// "Call us at once if …": an emphasised box with an optional heading, text and list.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalloutSource {
    #[serde(default)]
    pub heading: Option<Spanned<String>>,
    #[serde(default)]
    pub text: Option<Spanned<String>>,
    #[serde(default)]
    pub list: Vec<Spanned<String>>,
}

/// Tells a key written with an empty value (`contact_card:`) from a missing key.
fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}
