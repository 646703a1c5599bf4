//! Document: the one intermediate representation both renderers read.
//!
//! A [`Document`] is one leaflet in one language, fully localized: title, document control,
//! direction, and blocks of inline spans. It is plain data (`Serialize`), handed to Tera as the
//! template context and to Typst as JSON. It holds no rendering logic and no markup: every string
//! in it is text, escaped by whichever renderer writes it. [`SiteLocale`] is the same for the
//! pages that are not a leaflet.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

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
    /// Set when the span is (part of) a link to another leaflet, `[text](leaflet:<id>)`;
    /// `href` is then the relative link to that leaflet's page. Boxed: most spans are not
    /// links, and a span is the unit a Document has hundreds of (it is serialized the same).
    pub leaflet: Option<Box<LeafletLink>>,
}

/// A link to another leaflet's page: from a message (`[text](leaflet:<id>)`) or to the part
/// before or after this one in a series. The page linked to is in the page's language when the
/// leaflet is published in it, else in the default language, which is then marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeafletLink {
    pub id: String,
    /// The language of the page linked to.
    pub locale: String,
    /// Set when the page linked to is in another language than the link's text (`hreflang`).
    pub hreflang: Option<String>,
    /// The page relative to a leaflet page (`../../nl/x/index.html`), so `dist/` works under
    /// any path and from `file://`; in a preview of some languages that lacks that page, its
    /// absolute address when the site has one.
    pub href: String,
    /// Its absolute address, when the site has a `base_url`: what the PDF prints.
    pub url: Option<String>,
    /// Its document code, which the PDF prints when there is no address to print.
    pub code: String,
    /// "in Dutch", in the page's language: set when the page linked to is not in the page's
    /// language (the leaflet is not published in it).
    pub note: Option<Label>,
    /// The last span of the link: where the note and, in the PDF, the address are shown (once
    /// for a link whose text changes between bold and plain).
    pub end: bool,
}

/// A leaflet's place in its series, with links to the parts before and after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Series {
    pub part: usize,
    pub total: usize,
    /// "Part 1 of 2 in this series", in the page's language: the navigation's name.
    pub label: Label,
    pub previous: Option<SeriesLink>,
    pub next: Option<SeriesLink>,
}

/// The part before or after this one: its title, in the language of the page linked to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeriesLink {
    pub title: String,
    /// Set when the title is not in the page's language.
    pub lang: Option<String>,
    pub dir: Option<Direction>,
    pub link: LeafletLink,
}

impl Span {
    /// Text with no formatting, link or mark.
    pub fn plain(text: String) -> Span {
        Span {
            text,
            strong: false,
            emphasis: false,
            href: None,
            datetime: None,
            ltr: false,
            lang: None,
            leaflet: None,
        }
    }
}

/// A localized message: spans, plus the language it is in when that differs from the page's
/// (a fallback), with the visible note that says so in the page's language. Serialized with
/// `plain` (see [`Text::plain`]) after the spans, for the templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub spans: Vec<Span>,
    /// Set only when the text came from a fallback language: that language's code.
    pub lang: Option<String>,
    pub dir: Option<Direction>,
    /// Set with `lang`: "This part has not been translated yet …" in the page's language, or,
    /// when that note is itself not translated, in the language it fell back to (its `lang`),
    /// so the renderers never mark it as the page's language when it is not. One note per
    /// language, shared by its texts (a large catalogue has hundreds of thousands of texts).
    pub note: Option<Arc<Label>>,
}

impl Text {
    pub fn from_spans(mut spans: Vec<Span>) -> Self {
        // Spans are pushed one at a time, and a vector that grows holds room for at least
        // four: most texts are one span, and a large catalogue has hundreds of thousands.
        spans.shrink_to_fit();
        Text {
            spans,
            lang: None,
            dir: None,
            note: None,
        }
    }

    /// All span texts joined, for `<title>`, meta tags and PDF metadata. Made when asked for,
    /// not held: a Document would otherwise hold each of its words twice.
    pub fn plain(&self) -> Cow<'_, str> {
        match self.spans.as_slice() {
            [] => Cow::Borrowed(""),
            [span] => Cow::Borrowed(&span.text),
            spans => Cow::Owned(spans.iter().map(|s| s.text.as_str()).collect()),
        }
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut text = serializer.serialize_struct("Text", 5)?;
        text.serialize_field("spans", &self.spans)?;
        text.serialize_field("plain", &self.plain())?;
        text.serialize_field("lang", &self.lang)?;
        text.serialize_field("dir", &self.dir)?;
        text.serialize_field("note", &self.note)?;
        text.end()
    }
}

/// A user-interface string of the site (labels, notes), with its language if it fell back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub text: String,
    pub lang: Option<String>,
}

/// How soon a reader must act on a callout, after the NHS "when and where to get care" cards:
/// each level has its own heading text (in `site.ftl`), colour and icon, so it never rests on
/// colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CareLevel {
    /// Good to know: no action needed at once (a callout without `level:`).
    Info,
    /// Call the hospital today.
    Urgent,
    /// Call the emergency number (site.yaml) now.
    Emergency,
}

impl CareLevel {
    pub const ALL: [CareLevel; 3] = [CareLevel::Info, CareLevel::Urgent, CareLevel::Emergency];

    /// The word leaflets write after `level:`.
    pub fn name(self) -> &'static str {
        match self {
            CareLevel::Info => "info",
            CareLevel::Urgent => "urgent",
            CareLevel::Emergency => "emergency",
        }
    }

    pub fn from_name(name: &str) -> Option<CareLevel> {
        Self::ALL.into_iter().find(|level| level.name() == name)
    }

    /// The `site.ftl` message with this level's heading ("Urgent: call us today").
    pub fn label_id(self) -> String {
        format!("ui-callout-{}", self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Heading {
        level: u8,
        text: Text,
        /// `section-<message id>`: the target of the contents' links, the same in every language.
        anchor: String,
        /// "2" or "2.1" when the leaflet asks for `numbering: true`.
        number: Option<String>,
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
    /// "Call us at once if …": shown as a box with a border and its level's heading and icon,
    /// not by colour alone.
    Callout {
        level: CareLevel,
        /// The level's heading from `site.ftl`; the emergency number in it is a `tel:` link.
        level_text: Text,
        heading: Option<Text>,
        text: Option<Text>,
        items: Vec<Text>,
    },
    ContactCard(ContactCard),
    Image(Image),
    Table(Table),
}

impl Block {
    /// The texts a reader sees, in reading order (not a picture's alt text, which only a
    /// screen reader reads, on its own).
    fn visible_texts_mut(&mut self) -> Vec<&mut Text> {
        match self {
            Block::Heading { text, .. } | Block::Paragraph { text } => vec![text],
            Block::List { items } | Block::Steps { items } => items.iter_mut().collect(),
            Block::Callout {
                level_text,
                heading,
                text,
                items,
                ..
            } => std::iter::once(level_text)
                .chain(heading.iter_mut())
                .chain(text.iter_mut())
                .chain(items.iter_mut())
                .collect(),
            Block::ContactCard(card) => vec![&mut card.name],
            Block::Image(image) => image.caption.iter_mut().collect(),
            Block::Table(table) => std::iter::once(&mut table.caption)
                .chain(table.header.iter_mut())
                .chain(table.rows.iter_mut().flatten())
                .collect(),
        }
    }
}

/// Keeps the visible "not translated yet" note only on the first text of each run of texts
/// shown in the same fallback language: an untranslated shared block of six paragraphs says
/// so once, where it starts, not six times. Each text keeps its own `lang`.
pub fn one_note_per_fallback_run(blocks: &mut [Block]) {
    let mut previous: Option<String> = None;
    for block in blocks {
        for text in block.visible_texts_mut() {
            if text.lang.is_some() && text.lang == previous {
                text.note = None;
            }
            previous = text.lang.clone();
        }
    }
}

/// A picture: its file name under `images/` (the same path in `dist/assets/images/`), what it
/// shows, for people who cannot see it, and the caption everyone reads under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Image {
    pub file: String,
    pub alt: Text,
    pub caption: Option<Text>,
}

/// A table: its caption, the header row (column headers) and the rows, whose first cell is the
/// row's header. Every row has as many cells as the header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub caption: Text,
    pub header: Vec<Text>,
    pub rows: Vec<Vec<Text>>,
    /// Per column: every cell below the header is a number (a dose, a time, a day), so the
    /// column is aligned to the end, where units and tens line up.
    pub numeric: Vec<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactCard {
    pub name: Text,
    pub organization: String,
    pub phone: String,
    pub phone_href: String,
    pub hours: Option<Box<OpeningHours>>,
    pub after_hours: Option<String>,
    pub after_hours_href: Option<String>,
    pub email: Option<String>,
    /// `mailto:` and the address.
    pub email_href: Option<String>,
    /// The postal address (`<address>` on the page, its own lines in the PDF).
    pub address: Option<Box<Address>>,
}

/// Opening hours in the page's language: a short summary of the open days ("ma–vr
/// 08:00–16:30") and every day of the week, Monday first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpeningHours {
    pub summary: Text,
    pub days: Vec<DayHours>,
}

/// One day of the week: its name in full and its hours, or none when closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayHours {
    pub day: String,
    pub times: Option<TimeRange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeRange {
    pub opens: TimeOfDay,
    pub closes: TimeOfDay,
}

/// A time of day as the language writes it, and as `HH:MM` for `<time datetime>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeOfDay {
    pub text: String,
    pub datetime: String,
}

impl TimeOfDay {
    /// The time as a span of text that carries its machine-readable value.
    pub fn span(&self) -> Span {
        Span {
            datetime: Some(self.datetime.clone()),
            ..Span::plain(self.text.clone())
        }
    }
}

/// A postal address as the post delivers it: street and number, then postcode and city.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Address {
    pub street: String,
    pub postcode: String,
    pub city: String,
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
    /// The site's interface strings in this language, by message id: one map per language,
    /// shared by its Documents (serialized as the map itself).
    pub labels: std::sync::Arc<BTreeMap<String, Label>>,
    /// Past its review date, published with the notice that it is being reviewed.
    pub under_review: bool,
    /// A translation not yet reviewed by a medical translator: carries a note saying so.
    pub unreviewed_translation: bool,
    /// Where the leaflet's facts come from.
    pub sources: Vec<SourceItem>,
    /// Where readers send remarks, if the site has a route.
    pub feedback: Option<Feedback>,
    /// Its place in a series of leaflets, if it is part of one.
    pub series: Option<Series>,
    /// The table of contents of the web page, for leaflets with at least
    /// [`Contents::MIN_SECTIONS`] headings.
    pub contents: Option<Contents>,
    /// The PDF ends with a lined box, headed "Your questions", for the reader's own notes.
    pub questions_box: bool,
}

/// A leaflet's table of contents: its headings, subheadings nested under them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contents {
    /// Shown before this block (the first heading), after the introduction.
    pub before: usize,
    pub entries: Vec<ContentsEntry>,
}

impl Contents {
    /// Below this many headings a reader sees the whole leaflet at a glance; from it on, the
    /// page starts with a list of its parts.
    pub const MIN_SECTIONS: usize = 4;
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContentsEntry {
    pub anchor: String,
    pub number: Option<String>,
    pub text: Text,
    pub entries: Vec<ContentsEntry>,
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
