//! The way back for review: one leaflet in one language (a localized `Document`, as the pages
//! and PDFs show it) as a Word file a doctor can read and mark up with track changes. Headings,
//! paragraphs, lists, numbered steps, callouts, the contact card and tables keep their form;
//! bold, italic and web links too. A picture is shown as its description in brackets, with its
//! caption: the review is of the words. Every run carries `w:lang` of the language its text is
//! in (a fallback text's, a `with:` argument's), right-to-left text `w:bidi`/`w:rtl` (numbers
//! and e-mail addresses not), and text shown in the default language is shaded with the site's
//! "not translated yet" note after it, in a character style `import` leaves out.
//!
//! XML is written with `quick-xml`'s writer (text and attribute values escaped by it), the
//! package with `zip` with a fixed date, so the same leaflet gives the same bytes. The file is
//! one that `leaflet import` reads back.

use std::io::Write;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use sha2::{Digest, Sha256};

use super::draft::{Inline, Run};
use crate::document::{Block, Direction, Document, Text};
use crate::l10n::direction;
use crate::resolve::{MessageRef, Owner, ResolvedBlock, ResolvedLeaflet};

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

type Xml = Writer<Vec<u8>>;

fn start(xml: &mut Xml, name: &str, attributes: &[(&str, &str)]) {
    let element = BytesStart::new(name).with_attributes(attributes.iter().copied());
    xml.write_event(Event::Start(element))
        .expect("writing to memory cannot fail");
}

fn end(xml: &mut Xml, name: &str) {
    xml.write_event(Event::End(BytesEnd::new(name)))
        .expect("writing to memory cannot fail");
}

fn empty(xml: &mut Xml, name: &str, attributes: &[(&str, &str)]) {
    let element = BytesStart::new(name).with_attributes(attributes.iter().copied());
    xml.write_event(Event::Empty(element))
        .expect("writing to memory cannot fail");
}

fn text(xml: &mut Xml, content: &str) {
    xml.write_event(Event::Text(BytesText::new(content)))
        .expect("writing to memory cannot fail");
}

fn new_xml() -> Xml {
    let mut xml = Writer::new(Vec::new());
    xml.write_event(Event::Decl(BytesDecl::new(
        "1.0",
        Some("UTF-8"),
        Some("yes"),
    )))
    .expect("writing to memory cannot fail");
    xml
}

struct Body {
    xml: Xml,
    /// External links: relationship id → address.
    links: Vec<(String, String)>,
    /// How many numbered lists: each restarts at 1 with a numbering instance of its own.
    step_lists: usize,
    /// The language of the document, and its direction.
    locale: String,
    dir: Direction,
    /// Per paragraph of the body, in order: the leaflet's own message it shows, if any, and
    /// where it is.
    paragraphs: Vec<Exported>,
}

/// One paragraph of an export, as `leaflet import --update` needs to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The leaflet's own message the paragraph shows, if any.
    pub message: Option<String>,
    /// Where the paragraph is, for a person looking at the Word file: "paragraph 12", "the
    /// table row \"Na 1 week\"".
    pub place: String,
    pub form: Form,
}

/// How a paragraph shows its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    /// As it is written.
    Text,
    /// As a heading with its section number before it ("4.", "2.1").
    Heading(String),
    /// As step `n` of a numbered list, the number made by Word.
    Step(usize),
    /// As a picture's description, in brackets and italics.
    Description,
}

/// The character style of the note on text shown in the default language ("This part has not
/// been translated yet …"); `leaflet import` leaves runs in it out.
pub const FALLBACK_NOTE_STYLE: &str = "FallbackNote";
/// The character style of text shown in the default language: shaded, as the site shades it.
pub const FALLBACK_STYLE: &str = "Fallback";

/// The paragraph style, and the numbering instance of a list item.
#[derive(Clone, Copy)]
struct Para<'a> {
    style: Option<&'a str>,
    numbering: Option<usize>,
    bold: bool,
    italic: bool,
}

const PLAIN: Para<'static> = Para {
    style: None,
    numbering: None,
    bold: false,
    italic: false,
};

/// How one run of text is written: its language (`w:lang`, which Word's spelling checker and
/// screen readers follow), its direction, and its character style.
struct RunLook<'a> {
    lang: &'a str,
    rtl: bool,
    style: Option<&'a str>,
    bold: bool,
    italic: bool,
}

impl Body {
    fn paragraph(&mut self, para: Para<'_>, content: &Text, message: Option<String>) {
        self.paragraphs.push(Exported {
            message,
            place: format!("paragraph {}", self.paragraphs.len() + 1),
            form: Form::Text,
        });
        // Text shown in the default language because it is not translated yet is in that
        // language, and marked as the site marks it: shaded, with the note after it.
        let text_lang = content.lang.clone().unwrap_or_else(|| self.locale.clone());
        let text_dir = content.dir.unwrap_or_else(|| direction(&text_lang));
        let fallback = content.lang.is_some();
        start(&mut self.xml, "w:p", &[]);
        let rtl_paragraph = text_dir == Direction::Rtl;
        if para.style.is_some() || para.numbering.is_some() || rtl_paragraph {
            start(&mut self.xml, "w:pPr", &[]);
            if let Some(style) = para.style {
                empty(&mut self.xml, "w:pStyle", &[("w:val", style)]);
            }
            if let Some(num) = para.numbering {
                start(&mut self.xml, "w:numPr", &[]);
                empty(&mut self.xml, "w:ilvl", &[("w:val", "0")]);
                empty(&mut self.xml, "w:numId", &[("w:val", &num.to_string())]);
                end(&mut self.xml, "w:numPr");
            }
            if rtl_paragraph {
                empty(&mut self.xml, "w:bidi", &[]);
            }
            end(&mut self.xml, "w:pPr");
        }
        for span in &content.spans {
            let link = span.href.as_deref().filter(|h| {
                h.starts_with("https://") || h.starts_with("http://") || h.starts_with("mailto:")
            });
            let id = link.map(|href| {
                let id = format!("rIdLink{}", self.links.len() + 1);
                self.links.push((id.clone(), href.to_string()));
                id
            });
            if let Some(id) = &id {
                start(&mut self.xml, "w:hyperlink", &[("r:id", id)]);
            }
            // A `with:` argument can be in another language than the sentence around it; a
            // phone number is always left to right.
            let lang = span.lang.as_deref().unwrap_or(&text_lang);
            let style = if id.is_some() {
                Some("Hyperlink")
            } else if fallback {
                Some(FALLBACK_STYLE)
            } else {
                None
            };
            self.run(
                &RunLook {
                    lang,
                    rtl: !span.ltr && direction(lang) == Direction::Rtl,
                    style,
                    bold: para.bold || span.strong,
                    italic: para.italic || span.emphasis,
                },
                &span.text,
            );
            if id.is_some() {
                end(&mut self.xml, "w:hyperlink");
            }
        }
        if let (true, Some(note)) = (fallback, &content.note) {
            // The note is in the document's language, after the text, as on the site (or in
            // the language it fell back to, when the note itself is not translated yet).
            let locale = note.lang.clone().unwrap_or_else(|| self.locale.clone());
            let rtl = match &note.lang {
                Some(lang) => crate::l10n::direction(lang) == Direction::Rtl,
                None => self.dir == Direction::Rtl,
            };
            self.run(
                &RunLook {
                    lang: &locale,
                    rtl,
                    style: Some(FALLBACK_NOTE_STYLE),
                    bold: false,
                    italic: false,
                },
                &format!(" ({})", note.text),
            );
        }
        end(&mut self.xml, "w:p");
    }

    fn run(&mut self, look: &RunLook<'_>, words: &str) {
        start(&mut self.xml, "w:r", &[]);
        start(&mut self.xml, "w:rPr", &[]);
        if let Some(style) = look.style {
            empty(&mut self.xml, "w:rStyle", &[("w:val", style)]);
        }
        if look.bold {
            empty(&mut self.xml, "w:b", &[]);
            empty(&mut self.xml, "w:bCs", &[]);
        }
        if look.italic {
            empty(&mut self.xml, "w:i", &[]);
            empty(&mut self.xml, "w:iCs", &[]);
        }
        if look.rtl {
            empty(&mut self.xml, "w:rtl", &[]);
        }
        // `w:val` for text in Latin and other scripts, `w:bidi` for Arabic and Hebrew script.
        empty(
            &mut self.xml,
            "w:lang",
            &[("w:val", look.lang), ("w:bidi", look.lang)],
        );
        end(&mut self.xml, "w:rPr");
        start(&mut self.xml, "w:t", &[("xml:space", "preserve")]);
        text(&mut self.xml, words);
        end(&mut self.xml, "w:t");
        end(&mut self.xml, "w:r");
    }

    /// A paragraph of a phone number or e-mail address: left to right in any language.
    fn left_to_right(&mut self, words: &str) {
        let mut span = crate::document::Span::plain(words.to_string());
        span.ltr = true;
        self.paragraph(PLAIN, &Text::from_spans(vec![span]), None);
    }

    fn list(&mut self, items: &[Text], numbered: bool, messages: &[Option<String>]) {
        let numbering = if numbered {
            self.step_lists += 1;
            // Instance 1 is the bullets; numbered lists are 2, 3 …
            1 + self.step_lists
        } else {
            1
        };
        for (n, item) in items.iter().enumerate() {
            self.paragraph(
                Para {
                    numbering: Some(numbering),
                    ..PLAIN
                },
                item,
                messages.get(n).cloned().flatten(),
            );
            if numbered {
                self.mark(Form::Step(n + 1), None);
            }
        }
    }

    /// Sets how the last paragraph shows its message, and where it is.
    fn mark(&mut self, form: Form, place: Option<String>) {
        if let Some(last) = self.paragraphs.last_mut() {
            last.form = form;
            if let Some(place) = place {
                last.place = place;
            }
        }
    }

    fn table(&mut self, header: &[Text], rows: &[Vec<Text>], messages: &[Vec<Option<String>>]) {
        start(&mut self.xml, "w:tbl", &[]);
        start(&mut self.xml, "w:tblPr", &[]);
        empty(&mut self.xml, "w:tblStyle", &[("w:val", "TableGrid")]);
        empty(
            &mut self.xml,
            "w:tblW",
            &[("w:w", "5000"), ("w:type", "pct")],
        );
        start(&mut self.xml, "w:tblBorders", &[]);
        for side in [
            "w:top",
            "w:left",
            "w:bottom",
            "w:right",
            "w:insideH",
            "w:insideV",
        ] {
            empty(
                &mut self.xml,
                side,
                &[
                    ("w:val", "single"),
                    ("w:sz", "4"),
                    ("w:space", "0"),
                    ("w:color", "auto"),
                ],
            );
        }
        end(&mut self.xml, "w:tblBorders");
        end(&mut self.xml, "w:tblPr");
        for (index, row) in std::iter::once(header)
            .chain(rows.iter().map(Vec::as_slice))
            .enumerate()
        {
            start(&mut self.xml, "w:tr", &[]);
            if index == 0 {
                start(&mut self.xml, "w:trPr", &[]);
                empty(&mut self.xml, "w:tblHeader", &[]);
                end(&mut self.xml, "w:trPr");
            }
            for (c, cell) in row.iter().enumerate() {
                start(&mut self.xml, "w:tc", &[]);
                // The header row is marked as such (repeated on every page), not made bold:
                // bold is the text's own, and reads back as `**…**`.
                let message = messages
                    .get(index)
                    .and_then(|r| r.get(c))
                    .cloned()
                    .flatten();
                self.paragraph(PLAIN, cell, message);
                let first: String = row.first().map(plain).unwrap_or_default();
                let place = if index == 0 {
                    format!("the header row of the table (\"{}\")", short(&first))
                } else {
                    format!("the table row \"{}\"", short(&first))
                };
                self.mark(Form::Text, Some(place));
                end(&mut self.xml, "w:tc");
            }
            end(&mut self.xml, "w:tr");
        }
        end(&mut self.xml, "w:tbl");
    }
}

/// The leaflet's own messages a resolved block shows, in the order the Word file has their
/// paragraphs; `None` for the texts of a shared block, the site or a contact.
struct Messages<'a> {
    leaflet: &'a str,
}

impl Messages<'_> {
    fn own(&self, message: &MessageRef) -> Option<String> {
        matches!(&message.owner, Owner::Leaflet(id) if id == self.leaflet)
            .then(|| message.id.clone())
    }

    fn all(&self, messages: &[MessageRef]) -> Vec<Option<String>> {
        messages.iter().map(|m| self.own(m)).collect()
    }
}

/// The parts of the Word file, in a zip archive. With the leaflet the document was made
/// of, the file records which of the leaflet's messages each paragraph shows (custom document
/// properties, which Word keeps), for `leaflet import --update`.
pub fn docx(doc: &Document, leaflet: Option<&ResolvedLeaflet>) -> Vec<u8> {
    build(doc, leaflet).0
}

/// The Word file of `doc` made of `leaflet`, and per paragraph the leaflet's own message it
/// shows, where it is and how it shows it.
pub fn with_paragraphs(doc: &Document, leaflet: &ResolvedLeaflet) -> (Vec<u8>, Vec<Exported>) {
    build(doc, Some(leaflet))
}

fn build(doc: &Document, leaflet: Option<&ResolvedLeaflet>) -> (Vec<u8>, Vec<Exported>) {
    let mut body = Body {
        xml: new_xml(),
        links: Vec::new(),
        step_lists: 0,
        locale: doc.locale.clone(),
        dir: doc.dir,
        paragraphs: Vec::new(),
    };
    let names = Messages { leaflet: &doc.id };
    // A document is made of every block of its leaflet, one for one.
    let resolved: Vec<Option<&ResolvedBlock>> = match leaflet {
        Some(l) if l.blocks.len() == doc.blocks.len() => l.blocks.iter().map(Some).collect(),
        _ => vec![None; doc.blocks.len()],
    };
    let recorded = leaflet.is_some_and(|l| l.blocks.len() == doc.blocks.len());
    start(
        &mut body.xml,
        "w:document",
        &[("xmlns:w", W_NS), ("xmlns:r", R_NS)],
    );
    start(&mut body.xml, "w:body", &[]);
    body.paragraph(
        Para {
            style: Some("Title"),
            ..PLAIN
        },
        &doc.title,
        recorded.then(|| "title".to_string()),
    );
    for (block, source) in doc.blocks.iter().zip(resolved) {
        match block {
            Block::Heading {
                level,
                text,
                number,
                ..
            } => {
                let style = if *level <= 2 { "Heading1" } else { "Heading2" };
                let mut text = text.clone();
                let mut form = Form::Text;
                if let Some(number) = number {
                    // "4." and "2.1", which `leaflet import` knows for section numbers.
                    let dot = if number.contains('.') { "" } else { "." };
                    text.spans
                        .insert(0, crate::document::Span::plain(format!("{number}{dot} ")));
                    form = Form::Heading(format!("{number}{dot}"));
                }
                let message = match source {
                    Some(ResolvedBlock::Heading { message, .. }) => names.own(message),
                    _ => None,
                };
                body.paragraph(
                    Para {
                        style: Some(style),
                        ..PLAIN
                    },
                    &text,
                    message,
                );
                body.mark(form, None);
            }
            Block::Paragraph { text } => {
                let message = match source {
                    Some(ResolvedBlock::Paragraph(message)) => names.own(message),
                    _ => None,
                };
                body.paragraph(PLAIN, text, message);
            }
            Block::List { items } => {
                let messages = match source {
                    Some(ResolvedBlock::List(messages)) => names.all(messages),
                    _ => Vec::new(),
                };
                body.list(items, false, &messages);
            }
            Block::Steps { items } => {
                let messages = match source {
                    Some(ResolvedBlock::Steps(messages)) => names.all(messages),
                    _ => Vec::new(),
                };
                body.list(items, true, &messages);
            }
            Block::Callout {
                level_text,
                heading,
                text,
                items,
                ..
            } => {
                let (heading_message, text_message, item_messages) = match source {
                    Some(ResolvedBlock::Callout {
                        heading: h,
                        text: t,
                        items: i,
                        ..
                    }) => (
                        h.as_ref().and_then(|m| names.own(m)),
                        t.as_ref().and_then(|m| names.own(m)),
                        names.all(i),
                    ),
                    _ => (None, None, Vec::new()),
                };
                body.paragraph(
                    Para {
                        bold: true,
                        ..PLAIN
                    },
                    level_text,
                    None,
                );
                if let Some(heading) = heading {
                    body.paragraph(
                        Para {
                            style: Some("Heading2"),
                            ..PLAIN
                        },
                        heading,
                        heading_message,
                    );
                }
                if let Some(text) = text {
                    body.paragraph(PLAIN, text, text_message);
                }
                body.list(items, false, &item_messages);
            }
            Block::ContactCard(card) => {
                body.paragraph(
                    Para {
                        bold: true,
                        ..PLAIN
                    },
                    &card.name,
                    None,
                );
                // Numbers and e-mail addresses read left to right in any language.
                body.left_to_right(&card.phone);
                if let Some(hours) = &card.hours {
                    body.paragraph(PLAIN, &hours.summary, None);
                }
                if let Some(after_hours) = &card.after_hours {
                    body.left_to_right(after_hours);
                }
                if let Some(email) = &card.email {
                    body.left_to_right(email);
                }
            }
            Block::Image(image) => {
                let mut alt = image.alt.clone();
                alt.spans
                    .insert(0, crate::document::Span::plain("[".into()));
                alt.spans.push(crate::document::Span::plain("]".into()));
                // The description is shown in brackets and italics; `--update` takes them off.
                let message = match source {
                    Some(ResolvedBlock::Image(image)) => names.own(&image.alt),
                    _ => None,
                };
                body.paragraph(
                    Para {
                        italic: true,
                        ..PLAIN
                    },
                    &alt,
                    message,
                );
                body.mark(Form::Description, None);
                if let Some(caption) = &image.caption {
                    let message = match source {
                        Some(ResolvedBlock::Image(image)) => {
                            image.caption.as_ref().and_then(|m| names.own(m))
                        }
                        _ => None,
                    };
                    body.paragraph(
                        Para {
                            style: Some("Caption"),
                            ..PLAIN
                        },
                        caption,
                        message,
                    );
                }
            }
            Block::Table(table) => {
                let (caption, cells) = match source {
                    Some(ResolvedBlock::Table(t)) => (
                        names.own(&t.caption),
                        std::iter::once(&t.header)
                            .chain(&t.rows)
                            .map(|row| names.all(row))
                            .collect(),
                    ),
                    _ => (None, Vec::new()),
                };
                body.paragraph(
                    Para {
                        style: Some("Caption"),
                        ..PLAIN
                    },
                    &table.caption,
                    caption,
                );
                body.table(&table.header, &table.rows, &cells);
            }
        }
    }
    // The code, version and date go in the page header: on every page for the reviewer, and
    // not part of the text when the file is imported again.
    start(&mut body.xml, "w:sectPr", &[]);
    empty(
        &mut body.xml,
        "w:headerReference",
        &[("w:type", "default"), ("r:id", "rIdHeader")],
    );
    end(&mut body.xml, "w:sectPr");
    end(&mut body.xml, "w:body");
    end(&mut body.xml, "w:document");

    let paragraphs = std::mem::take(&mut body.paragraphs);
    let mut parts: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", content_types(recorded)),
        ("_rels/.rels", package_rels(recorded)),
        ("word/_rels/document.xml.rels", document_rels(&body.links)),
        ("word/styles.xml", styles(&doc.locale)),
        ("word/numbering.xml", numbering(body.step_lists)),
        ("word/document.xml", body.xml.into_inner()),
        (
            "word/header1.xml",
            header(&format!(
                "{} · {} · {}",
                doc.code, doc.version, doc.reviewed_text
            )),
        ),
    ];
    if recorded {
        // What each paragraph says, as `import --update` reads it back: the file read as the
        // reviewer's copy is read, so an untouched paragraph has the same fingerprint.
        let fingerprints =
            super::docx::paragraphs(std::path::Path::new("export.docx"), &zip(&parts))
                .ok()
                .map(|(_, read)| read.iter().map(fingerprint).collect::<Vec<_>>())
                .filter(|f| f.len() == paragraphs.len())
                .unwrap_or_default();
        let messages: Vec<Option<String>> = paragraphs.iter().map(|p| p.message.clone()).collect();
        parts.push((
            "docProps/custom.xml",
            custom_properties(doc, &messages, &fingerprints),
        ));
    }
    (zip(&parts), paragraphs)
}

/// The parts as a zip archive, with a fixed date: the same parts give the same bytes.
fn zip(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for (name, bytes) in parts {
            zip.start_file(*name, options)
                .and_then(|()| zip.write_all(bytes).map_err(Into::into))
                .expect("writing a zip archive to memory cannot fail");
        }
        zip.finish()
            .expect("writing a zip archive to memory cannot fail");
    }
    out.into_inner()
}

/// What a paragraph read back from Word says, for comparing: its words (white space aside),
/// their styles and links.
fn reading(inline: &Inline) -> Vec<(String, String)> {
    let mut normal = Inline::default();
    normal.append_runs(inline.clone());
    normal
        .trimmed()
        .runs
        .iter()
        .map(|run| match run {
            Run::Text { text, style } => (
                text.split_whitespace().collect::<Vec<_>>().join(" "),
                format!("{style:?}"),
            ),
            Run::Link { text, url } => (text.clone(), url.clone()),
            Run::Variable(name) => (name.clone(), "variable".into()),
        })
        .filter(|(text, _)| !text.is_empty())
        .collect()
}

/// Whether two paragraphs read the same: the same words in the same styles and links, white
/// space aside.
pub fn reads_the_same(a: &Inline, b: &Inline) -> bool {
    reading(a) == reading(b)
}

/// A short fingerprint of what a paragraph says (SHA-256 of [`reading`], its first 16 hex
/// digits): recorded in the export for each paragraph, so `import --update` can tell a
/// paragraph the reviewer changed from one whose text changed in the project since.
pub fn fingerprint(inline: &Inline) -> String {
    let mut hasher = Sha256::new();
    for (text, how) in reading(inline) {
        for part in [text, how] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
    }
    hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The name of the custom document property that marks a file made by `leaflet export`:
/// "<leaflet id> <language>".
pub const EXPORT_PROPERTY: &str = "leaflet-export";
/// The custom properties `leaflet-messages-1`, `-2` … hold, space-separated, the message of
/// each paragraph (`-` for none); Word keeps a property's text up to 255 characters.
pub const MESSAGES_PROPERTY: &str = "leaflet-messages-";
/// The custom properties `leaflet-fingerprints-1`, `-2` … hold, space-separated, the
/// [`fingerprint`] of each paragraph as exported.
pub const FINGERPRINTS_PROPERTY: &str = "leaflet-fingerprints-";
const PROPERTY_CHARS: usize = 255;

/// `words` space-separated in properties `<prefix>1`, `<prefix>2` … of at most
/// [`PROPERTY_CHARS`] characters each.
fn listed(prefix: &str, words: &[&str]) -> Vec<(String, String)> {
    let mut values = Vec::new();
    let mut chunk = String::new();
    for word in words {
        if !chunk.is_empty() && chunk.len() + 1 + word.len() > PROPERTY_CHARS {
            values.push((
                format!("{prefix}{}", values.len() + 1),
                std::mem::take(&mut chunk),
            ));
        }
        if !chunk.is_empty() {
            chunk.push(' ');
        }
        chunk.push_str(word);
    }
    values.push((format!("{prefix}{}", values.len() + 1), chunk));
    values
}

/// The words of properties `<prefix>1`, `<prefix>2` … (see [`listed`]), in order.
pub fn read_listed(
    properties: &std::collections::BTreeMap<String, String>,
    prefix: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    for n in 1.. {
        let Some(chunk) = properties.get(&format!("{prefix}{n}")) else {
            break;
        };
        out.extend(chunk.split(' ').map(str::to_string));
    }
    out
}

/// The custom document properties (`docProps/custom.xml`): the leaflet and language, the
/// message of every paragraph and the fingerprint of what it said.
fn custom_properties(
    doc: &Document,
    messages: &[Option<String>],
    fingerprints: &[String],
) -> Vec<u8> {
    let mut values = vec![(
        EXPORT_PROPERTY.to_string(),
        format!("{} {}", doc.id, doc.locale),
    )];
    let words: Vec<&str> = messages
        .iter()
        .map(|m| m.as_deref().unwrap_or("-"))
        .collect();
    values.extend(listed(MESSAGES_PROPERTY, &words));
    if !fingerprints.is_empty() {
        let words: Vec<&str> = fingerprints.iter().map(String::as_str).collect();
        values.extend(listed(FINGERPRINTS_PROPERTY, &words));
    }
    let mut xml = new_xml();
    start(
        &mut xml,
        "Properties",
        &[
            (
                "xmlns",
                "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
            ),
            (
                "xmlns:vt",
                "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
            ),
        ],
    );
    for (n, (name, value)) in values.iter().enumerate() {
        start(
            &mut xml,
            "property",
            &[
                // The format id every custom property of Office documents has.
                ("fmtid", "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"),
                ("pid", &(n + 2).to_string()),
                ("name", name),
            ],
        );
        start(&mut xml, "vt:lpwstr", &[]);
        text(&mut xml, value);
        end(&mut xml, "vt:lpwstr");
        end(&mut xml, "property");
    }
    end(&mut xml, "Properties");
    xml.into_inner()
}

fn header(line: &str) -> Vec<u8> {
    let mut xml = new_xml();
    start(&mut xml, "w:hdr", &[("xmlns:w", W_NS), ("xmlns:r", R_NS)]);
    start(&mut xml, "w:p", &[]);
    start(&mut xml, "w:r", &[]);
    start(&mut xml, "w:t", &[("xml:space", "preserve")]);
    text(&mut xml, line);
    end(&mut xml, "w:t");
    end(&mut xml, "w:r");
    end(&mut xml, "w:p");
    end(&mut xml, "w:hdr");
    xml.into_inner()
}

fn content_types(custom: bool) -> Vec<u8> {
    let mut xml = new_xml();
    let ns = "http://schemas.openxmlformats.org/package/2006/content-types";
    start(&mut xml, "Types", &[("xmlns", ns)]);
    empty(
        &mut xml,
        "Default",
        &[
            ("Extension", "rels"),
            (
                "ContentType",
                "application/vnd.openxmlformats-package.relationships+xml",
            ),
        ],
    );
    empty(
        &mut xml,
        "Default",
        &[("Extension", "xml"), ("ContentType", "application/xml")],
    );
    let main = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    for (part, kind) in [
        ("/word/document.xml", "document.main+xml"),
        ("/word/styles.xml", "styles+xml"),
        ("/word/numbering.xml", "numbering+xml"),
        ("/word/header1.xml", "header+xml"),
    ] {
        empty(
            &mut xml,
            "Override",
            &[
                ("PartName", part),
                ("ContentType", &format!("{main}.{kind}")),
            ],
        );
    }
    if custom {
        empty(
            &mut xml,
            "Override",
            &[
                ("PartName", "/docProps/custom.xml"),
                (
                    "ContentType",
                    "application/vnd.openxmlformats-officedocument.custom-properties+xml",
                ),
            ],
        );
    }
    end(&mut xml, "Types");
    xml.into_inner()
}

const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const REL_TYPE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn package_rels(custom: bool) -> Vec<u8> {
    let mut xml = new_xml();
    start(&mut xml, "Relationships", &[("xmlns", RELS_NS)]);
    empty(
        &mut xml,
        "Relationship",
        &[
            ("Id", "rId1"),
            ("Type", &format!("{REL_TYPE}/officeDocument")),
            ("Target", "word/document.xml"),
        ],
    );
    if custom {
        empty(
            &mut xml,
            "Relationship",
            &[
                ("Id", "rIdCustom"),
                ("Type", &format!("{REL_TYPE}/custom-properties")),
                ("Target", "docProps/custom.xml"),
            ],
        );
    }
    end(&mut xml, "Relationships");
    xml.into_inner()
}

fn document_rels(links: &[(String, String)]) -> Vec<u8> {
    let mut xml = new_xml();
    start(&mut xml, "Relationships", &[("xmlns", RELS_NS)]);
    empty(
        &mut xml,
        "Relationship",
        &[
            ("Id", "rIdStyles"),
            ("Type", &format!("{REL_TYPE}/styles")),
            ("Target", "styles.xml"),
        ],
    );
    empty(
        &mut xml,
        "Relationship",
        &[
            ("Id", "rIdNumbering"),
            ("Type", &format!("{REL_TYPE}/numbering")),
            ("Target", "numbering.xml"),
        ],
    );
    empty(
        &mut xml,
        "Relationship",
        &[
            ("Id", "rIdHeader"),
            ("Type", &format!("{REL_TYPE}/header")),
            ("Target", "header1.xml"),
        ],
    );
    for (id, href) in links {
        empty(
            &mut xml,
            "Relationship",
            &[
                ("Id", id),
                ("Type", &format!("{REL_TYPE}/hyperlink")),
                ("Target", href),
                ("TargetMode", "External"),
            ],
        );
    }
    end(&mut xml, "Relationships");
    xml.into_inner()
}

fn styles(locale: &str) -> Vec<u8> {
    let mut xml = new_xml();
    start(&mut xml, "w:styles", &[("xmlns:w", W_NS)]);
    start(&mut xml, "w:docDefaults", &[]);
    start(&mut xml, "w:rPrDefault", &[]);
    start(&mut xml, "w:rPr", &[]);
    empty(&mut xml, "w:sz", &[("w:val", "24")]);
    empty(&mut xml, "w:lang", &[("w:val", locale), ("w:bidi", locale)]);
    end(&mut xml, "w:rPr");
    end(&mut xml, "w:rPrDefault");
    end(&mut xml, "w:docDefaults");
    for (id, name, size, bold) in [
        ("Title", "Title", "40", true),
        ("Heading1", "heading 1", "32", true),
        ("Heading2", "heading 2", "28", true),
        ("Caption", "caption", "22", false),
    ] {
        start(
            &mut xml,
            "w:style",
            &[("w:type", "paragraph"), ("w:styleId", id)],
        );
        empty(&mut xml, "w:name", &[("w:val", name)]);
        empty(&mut xml, "w:qFormat", &[]);
        start(&mut xml, "w:pPr", &[]);
        empty(&mut xml, "w:keepNext", &[]);
        empty(
            &mut xml,
            "w:spacing",
            &[("w:before", "240"), ("w:after", "120")],
        );
        end(&mut xml, "w:pPr");
        start(&mut xml, "w:rPr", &[]);
        if bold {
            empty(&mut xml, "w:b", &[]);
        } else {
            empty(&mut xml, "w:i", &[]);
        }
        empty(&mut xml, "w:sz", &[("w:val", size)]);
        end(&mut xml, "w:rPr");
        end(&mut xml, "w:style");
    }
    start(
        &mut xml,
        "w:style",
        &[("w:type", "character"), ("w:styleId", "Hyperlink")],
    );
    empty(&mut xml, "w:name", &[("w:val", "Hyperlink")]);
    start(&mut xml, "w:rPr", &[]);
    empty(&mut xml, "w:color", &[("w:val", "005A8C")]);
    empty(&mut xml, "w:u", &[("w:val", "single")]);
    end(&mut xml, "w:rPr");
    end(&mut xml, "w:style");
    // Text not translated yet, shaded as on the site (`--note-background`), and its note in
    // italics (bold in Arabic script, which has no italics, as on the site).
    for (id, name) in [
        (FALLBACK_STYLE, "Not translated yet"),
        (FALLBACK_NOTE_STYLE, "Not translated yet note"),
    ] {
        start(
            &mut xml,
            "w:style",
            &[("w:type", "character"), ("w:styleId", id)],
        );
        empty(&mut xml, "w:name", &[("w:val", name)]);
        start(&mut xml, "w:rPr", &[]);
        if id == FALLBACK_NOTE_STYLE {
            if direction(locale) == Direction::Rtl {
                empty(&mut xml, "w:b", &[]);
                empty(&mut xml, "w:bCs", &[]);
            } else {
                empty(&mut xml, "w:i", &[]);
            }
        }
        empty(
            &mut xml,
            "w:shd",
            &[
                ("w:val", "clear"),
                ("w:color", "auto"),
                ("w:fill", "FFF7D6"),
            ],
        );
        end(&mut xml, "w:rPr");
        end(&mut xml, "w:style");
    }
    end(&mut xml, "w:styles");
    xml.into_inner()
}

/// Bullets (instance 1) and one numbered instance per numbered list, each starting at 1.
fn numbering(step_lists: usize) -> Vec<u8> {
    let mut xml = new_xml();
    start(&mut xml, "w:numbering", &[("xmlns:w", W_NS)]);
    for (id, format, label) in [("0", "bullet", "•"), ("1", "decimal", "%1.")] {
        start(&mut xml, "w:abstractNum", &[("w:abstractNumId", id)]);
        start(&mut xml, "w:lvl", &[("w:ilvl", "0")]);
        empty(&mut xml, "w:start", &[("w:val", "1")]);
        empty(&mut xml, "w:numFmt", &[("w:val", format)]);
        empty(&mut xml, "w:lvlText", &[("w:val", label)]);
        start(&mut xml, "w:pPr", &[]);
        empty(
            &mut xml,
            "w:ind",
            &[("w:left", "720"), ("w:hanging", "360")],
        );
        end(&mut xml, "w:pPr");
        end(&mut xml, "w:lvl");
        end(&mut xml, "w:abstractNum");
    }
    start(&mut xml, "w:num", &[("w:numId", "1")]);
    empty(&mut xml, "w:abstractNumId", &[("w:val", "0")]);
    end(&mut xml, "w:num");
    for n in 0..step_lists {
        start(&mut xml, "w:num", &[("w:numId", &(n + 2).to_string())]);
        empty(&mut xml, "w:abstractNumId", &[("w:val", "1")]);
        start(&mut xml, "w:lvlOverride", &[("w:ilvl", "0")]);
        empty(&mut xml, "w:startOverride", &[("w:val", "1")]);
        end(&mut xml, "w:lvlOverride");
        end(&mut xml, "w:num");
    }
    end(&mut xml, "w:numbering");
    xml.into_inner()
}

/// The words of a text, for naming a place.
fn plain(text: &Text) -> String {
    text.spans.iter().map(|s| s.text.as_str()).collect()
}

/// The first words of a text.
fn short(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= 40 {
        return text;
    }
    let start: String = text.chars().take(37).collect();
    format!("{}…", start.trim_end())
}
