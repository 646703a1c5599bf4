//! Document: the one intermediate representation both renderers read.
//!
//! A [`Document`] is one leaflet in one language, fully localized: title, document control,
//! direction, and blocks of inline spans. It is plain data (`Serialize`), handed to Tera as the
//! template context and to Typst as JSON. It holds no rendering logic and no markup: every string
//! in it is text, escaped by whichever renderer writes it. [`SiteLocale`] is the same for the
//! pages that are not a leaflet.

use std::collections::BTreeMap;

use serde::Serialize;

/// Writing direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

/// A run of text with one formatting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    pub strong: bool,
    pub emphasis: bool,
    /// Link target: `https:`, `http:`, `mailto:` or `tel:` only.
    pub href: Option<String>,
    /// A time of day as `HH:MM`, when this span shows one (for `<time datetime>`).
    pub datetime: Option<String>,
    /// Always laid out left to right, even inside right-to-left text: phone numbers, whose
    /// digit groups the bidirectional algorithm would otherwise put in reverse order.
    pub ltr: bool,
    /// The language of this span when it differs from its text's: a `with:` argument that is
    /// shown in a fallback language inside a translated sentence.
    pub lang: Option<String>,
}

/// A localized message: spans, plus the language it is in when that differs from the page's
/// (a fallback), with the visible note that says so in the page's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    pub spans: Vec<Span>,
    /// All span texts joined, for `<title>`, meta tags and PDF metadata.
    pub plain: String,
    /// Set only when the text came from a fallback language: that language's code.
    pub lang: Option<String>,
    pub dir: Option<Direction>,
    /// Set with `lang`: "This part has not been translated yet …" in the page's language.
    pub note: Option<String>,
}

impl Text {
    pub fn from_spans(spans: Vec<Span>) -> Self {
        let plain = spans.iter().map(|s| s.text.as_str()).collect();
        Text {
            spans,
            plain,
            lang: None,
            dir: None,
            note: None,
        }
    }
}

/// A user-interface string of the site (labels, notes), with its language if it fell back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub text: String,
    pub lang: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Heading {
        level: u8,
        text: Text,
    },
    Paragraph {
        text: Text,
    },
    List {
        items: Vec<Text>,
    },
    Steps {
        items: Vec<Text>,
    },
    /// "Call us at once if …": shown as a box with a border and a heading, not by colour alone.
    Callout {
        heading: Option<Text>,
        text: Option<Text>,
        items: Vec<Text>,
    },
    ContactCard(ContactCard),
    Image(Image),
}

/// A picture: its file name under `images/` (the same path in `dist/assets/images/`) and what it
/// shows, for people who cannot see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Image {
    pub file: String,
    pub alt: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactCard {
    pub name: Text,
    pub organization: String,
    pub phone: String,
    pub phone_href: String,
    /// Opening hours as a sentence ("Monday to Friday, 08:00 to 16:30").
    pub hours: Option<Text>,
    pub after_hours: Option<String>,
    pub after_hours_href: Option<String>,
}

/// One leaflet in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub id: String,
    pub locale: String,
    pub dir: Direction,
    /// The language's script (ISO 15924: `Latn`, `Cyrl`, `Arab` …): the renderers choose the
    /// typeface by it, so that a line is in one typeface (see `l10n::script`).
    pub script: String,
    pub title: Text,
    pub summary: Text,
    pub department: Text,
    pub organization: String,
    /// The organisation's logo for the PDF cover, if it has one.
    pub logo: Option<Image>,
    /// Absolute address of this page, when the site has a `base_url` (for the QR code).
    pub web_url: Option<String>,
    pub code: String,
    pub version: u32,
    /// ISO dates (YYYY-MM-DD), and the same written out in the page's language.
    pub reviewed: String,
    pub review_by: String,
    pub reviewed_text: String,
    pub review_by_text: String,
    pub blocks: Vec<Block>,
    /// The site's interface strings in this language, by message id.
    pub labels: BTreeMap<String, Label>,
    /// Past its review date, published with the notice that it is being reviewed.
    pub under_review: bool,
    /// A translation not yet reviewed by a medical translator: carries a note saying so.
    pub unreviewed_translation: bool,
    /// Where the leaflet's facts come from.
    pub sources: Vec<SourceItem>,
    /// Where readers send remarks, if the site has a route.
    pub feedback: Option<Feedback>,
}

/// A source of a leaflet's facts, as cited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceItem {
    pub title: String,
    pub url: Option<String>,
    /// Titles are cited as written, in the default language: set when the page's differs.
    pub lang: Option<String>,
    pub dir: Option<Direction>,
}

/// The feedback route: an e-mail address (with its `mailto:` link) and/or a web form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Feedback {
    pub email: Option<String>,
    pub email_href: Option<String>,
    pub url: Option<String>,
}

/// A language's interface strings, direction, logo and footer contacts: what the pages that are
/// not a leaflet (the indexes, the language choice) are made of.
#[derive(Debug, Clone, Serialize)]
pub struct SiteLocale {
    pub locale: String,
    pub dir: Direction,
    /// The language's script, as [`Document::script`].
    pub script: String,
    pub labels: BTreeMap<String, Label>,
    pub logo: Option<Image>,
    pub footer_contacts: Vec<ContactCard>,
    pub feedback: Option<Feedback>,
}
