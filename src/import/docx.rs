//! A Word file (`.docx`, Office Open XML) → a draft. The package is a zip archive (read with the
//! `zip` crate) of XML parts (read with `roxmltree`, which refuses DTDs, so no entity expansion):
//! `word/document.xml` holds the text, `styles.xml` which paragraph styles are headings,
//! `numbering.xml` which lists are numbered, `document.xml.rels` where links and pictures point.
//!
//! A zip archive says how large its parts are, but may lie: every part is read through a limit
//! on the bytes actually unpacked, and the number of parts and their declared total are
//! checked first, so a "zip bomb" costs bounded time and memory. A password-protected Word
//! file is not a zip at all but an encrypted compound file; it is recognised by its first bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};
use std::path::Path;

use roxmltree::{Document, Node, ParsingOptions};

use super::ImportError;
use super::draft::{Block, Draft, Inline, Picture, Spot, Style};
use super::pictures::{MAX_PICTURE_BYTES, picture_extension};
use crate::diag::{Diagnostic, Location};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";

/// Most parts a Word file may have.
pub const MAX_ENTRIES: usize = 5_000;
/// Most bytes one XML part may unpack to.
pub const MAX_PART_BYTES: u64 = 20 * 1024 * 1024;
/// Most bytes all parts together may declare.
pub const MAX_TOTAL_BYTES: u64 = 200 * 1024 * 1024;
/// Most XML nodes of one part.
const MAX_NODES: u32 = 2_000_000;

/// The first bytes of an OLE compound file: how Word stores a password-protected document (and
/// the old `.doc` format).
const COMPOUND_FILE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn refuse(file: &Path, message: String, hint: &str) -> ImportError {
    ImportError::content(
        Diagnostic::error(message)
            .at(Location::file_start(file))
            .hint(format!("{hint}; nothing was written")),
    )
}

struct Package<'a> {
    file: &'a Path,
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
}

impl Package<'_> {
    /// A part's bytes, or `None` when the package has no such part.
    fn part(&mut self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, ImportError> {
        let file = self.file;
        let entry = match self.archive.by_name(name) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(err) => {
                return Err(refuse(
                    file,
                    format!(
                        "{} is damaged: its part {name} cannot be read ({err})",
                        file.display()
                    ),
                    "open it in Word and save it again as a .docx",
                ));
            }
        };
        if entry.encrypted() {
            return Err(refuse(
                file,
                format!("{} is password-protected", file.display()),
                "remove the password in Word (File → Info → Protect document) and save it again",
            ));
        }
        let mut bytes = Vec::new();
        entry
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|err| {
                refuse(
                    file,
                    format!(
                        "{} is damaged: its part {name} cannot be unpacked ({err})",
                        file.display()
                    ),
                    "open it in Word and save it again as a .docx",
                )
            })?;
        if bytes.len() as u64 > limit {
            return Err(refuse(
                file,
                format!(
                    "{} unpacks to more than {} MB in its part {name}; it is not read",
                    file.display(),
                    limit / 1024 / 1024
                ),
                "a leaflet is far smaller: check where the file came from, or save it again from Word",
            ));
        }
        Ok(Some(bytes))
    }

    fn xml(&mut self, name: &str) -> Result<Option<String>, ImportError> {
        let Some(bytes) = self.part(name, MAX_PART_BYTES)? else {
            return Ok(None);
        };
        let bytes = bytes
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(&bytes)
            .to_vec();
        String::from_utf8(bytes).map(Some).map_err(|_| {
            refuse(
                self.file,
                format!(
                    "{} is damaged: its part {name} is not UTF-8 XML",
                    self.file.display()
                ),
                "open it in Word and save it again as a .docx",
            )
        })
    }
}

fn parse<'x>(file: &Path, name: &str, text: &'x str) -> Result<Document<'x>, ImportError> {
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    let document = Document::parse_with_options(text, options).map_err(|err| {
        refuse(
            file,
            format!(
                "{} is damaged: its part {name} is not valid XML ({err})",
                file.display()
            ),
            "open it in Word and save it again as a .docx",
        )
    })?;
    // The readers below walk the tree recursively: a part nested deeper than any document
    // Word writes would exhaust the stack (hostile review: 5,000 nested hyperlinks).
    // Nodes come in document order, a parent before its children: each node's depth is its
    // parent's plus one.
    let mut depths = vec![0usize; document.descendants().count() + 1];
    for node in document.root().descendants().skip(1) {
        let parent = node.parent().map_or(0, |p| depths[p.id().get_usize()]);
        let depth = parent + 1;
        depths[node.id().get_usize()] = depth;
        if depth > MAX_DEPTH {
            return Err(refuse(
                file,
                format!(
                    "{} nests its part {name} more than {MAX_DEPTH} levels deep; it is not read",
                    file.display()
                ),
                "open it in Word and save it again as a .docx, or copy its text into a new document",
            ));
        }
    }
    Ok(document)
}

/// How deep elements may nest in a part (Word's own documents stay far below this).
pub const MAX_DEPTH: usize = 400;

fn w_attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute((W, name))
}

fn child<'a, 'x>(node: Node<'a, 'x>, name: &str) -> Option<Node<'a, 'x>> {
    node.children().find(|c| {
        c.is_element() && c.tag_name().name() == name && c.tag_name().namespace() == Some(W)
    })
}

/// `<w:b/>` and `<w:b w:val="true"/>` are on, `<w:b w:val="0"/>` is off.
fn toggle(node: Option<Node<'_, '_>>) -> bool {
    node.is_some_and(|n| !matches!(w_attr(n, "val"), Some("0" | "false" | "off")))
}

/// Fonts whose characters are the font's own numbering, not Unicode text.
fn symbol_font(name: &str) -> bool {
    // "MT Symbol", "Wingdings 2", "Wingdings2", "ITC Zapf Dingbats": the name, spaces aside.
    let name = name.to_ascii_lowercase().replace(char::is_whitespace, "");
    [
        "symbol",
        "wingdings",
        "webdings",
        "zapfdingbats",
        "mtextra",
        "marlett",
        "monotypesorts",
    ]
    .iter()
    .any(|font| name.contains(font))
        // Unicode fonts with symbols in their name ("Segoe UI Symbol", "Noto Sans Symbols").
        && !["segoe", "noto", "unicode", "cambria", "dejavu", "symbola"]
            .iter()
            .any(|unicode| name.contains(unicode))
}

/// The first 60 characters of the text under `node` (its `w:t`, joined by spaces), to quote it.
fn first_words(node: Node<'_, '_>) -> String {
    let words = node
        .descendants()
        .filter(|t| t.tag_name().name() == "t")
        .filter_map(|t| t.text())
        .collect::<Vec<_>>()
        .join(" ");
    words
        .chars()
        .take(60)
        .collect::<String>()
        .trim()
        .to_string()
}

/// The branch of `mc:AlternateContent` that is read: its first `mc:Choice` (the newer way),
/// else its `mc:Fallback`.
fn alternative<'a, 'x>(node: Node<'a, 'x>) -> Option<Node<'a, 'x>> {
    let branch = |name: &str| {
        node.children()
            .find(|c| c.is_element() && c.tag_name().name() == name)
    };
    branch("Choice").or_else(|| branch("Fallback"))
}

/// An `mc:Choice` or `mc:Fallback` that [`alternative`] does not read.
fn not_chosen(node: Node<'_, '_>) -> bool {
    matches!(node.tag_name().name(), "Choice" | "Fallback")
        && node
            .parent()
            .and_then(alternative)
            .is_some_and(|chosen| chosen != node)
}

/// The package of a Word file, after the checks every Word file passes (not encrypted, not too
/// many parts, not unpacking to too much).
fn open<'a>(file: &'a Path, bytes: &'a [u8]) -> Result<Package<'a>, ImportError> {
    if bytes.starts_with(COMPOUND_FILE) {
        return Err(refuse(
            file,
            format!(
                "{} is password-protected, or is an old Word 97–2003 file",
                file.display()
            ),
            "remove the password in Word (File → Info → Protect document), or save it as a Word document (.docx)",
        ));
    }
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|err| {
        refuse(
            file,
            format!(
                "{} is not a Word file (.docx) or is damaged ({err})",
                file.display()
            ),
            "open it in Word and save it again as a Word document (.docx)",
        )
    })?;
    if archive.len() > MAX_ENTRIES {
        return Err(refuse(
            file,
            format!(
                "{} has {} parts, more than the {MAX_ENTRIES} a Word file may have here; it is not read",
                file.display(),
                archive.len()
            ),
            "check where the file came from, or save it again from Word",
        ));
    }
    let mut package = Package { file, archive };
    let declared: u64 = (0..package.archive.len())
        .filter_map(|i| package.archive.by_index_raw(i).ok().map(|e| e.size()))
        .fold(0u64, u64::saturating_add);
    if declared > MAX_TOTAL_BYTES {
        return Err(refuse(
            file,
            format!(
                "{} unpacks to more than {} MB; it is not read",
                file.display(),
                MAX_TOTAL_BYTES / 1024 / 1024
            ),
            "a leaflet is far smaller: check where the file came from, or save it again from Word",
        ));
    }
    Ok(package)
}

fn document_part(file: &Path, package: &mut Package<'_>) -> Result<String, ImportError> {
    match package.xml("word/document.xml")? {
        Some(document) => Ok(document),
        None => Err(refuse(
            file,
            format!(
                "{} is not a Word document: it has no word/document.xml",
                file.display()
            ),
            "open it in Word and save it again as a Word document (.docx)",
        )),
    }
}

pub fn read(file: &Path, bytes: &[u8]) -> Result<Draft, ImportError> {
    let mut package = open(file, bytes)?;
    let Some(document) = package.xml("word/document.xml")? else {
        return Err(refuse(
            file,
            format!(
                "{} is not a Word document: it has no word/document.xml",
                file.display()
            ),
            "open it in Word and save it again as a Word document (.docx)",
        ));
    };
    let styles = package.xml("word/styles.xml")?.unwrap_or_default();
    let numbering = package.xml("word/numbering.xml")?.unwrap_or_default();
    let rels = package
        .xml("word/_rels/document.xml.rels")?
        .unwrap_or_default();

    let (headings, captions) = heading_styles(file, &styles)?;
    let hidden = hidden_styles(file, &styles)?;
    let ordered = numbered_lists(file, &numbering)?;
    let targets = relationships(file, &rels)?;
    let doc = parse(file, "word/document.xml", &document)?;
    let body = doc
        .root_element()
        .children()
        .find(|c| c.tag_name().name() == "body");
    let mut reader = Reader {
        package: &mut package,
        headings,
        ordered,
        targets,
        draft: Draft::default(),
        list: None,
        captions,
        last_was_caption: false,
        hidden,
        not_text: Vec::new(),
        after_list: Vec::new(),
    };
    if let Some(body) = body {
        reader.blocks(body)?;
    }
    reader.end_list();
    Ok(reader.draft)
}

/// A Word file as `leaflet import --update` reads it: its custom document properties (name →
/// text), and every paragraph of its body in order — those in table cells too, one each — as
/// runs of text. Text deleted with track changes is left out, inserted text is in.
pub fn paragraphs(
    file: &Path,
    bytes: &[u8],
) -> Result<(BTreeMap<String, String>, Vec<Inline>), ImportError> {
    let mut package = open(file, bytes)?;
    let document = document_part(file, &mut package)?;
    let rels = package
        .xml("word/_rels/document.xml.rels")?
        .unwrap_or_default();
    let custom = package.xml("docProps/custom.xml")?.unwrap_or_default();
    let styles = package.xml("word/styles.xml")?.unwrap_or_default();
    let hidden = hidden_styles(file, &styles)?;
    let targets = relationships(file, &rels)?;
    let mut properties = BTreeMap::new();
    if !custom.is_empty() {
        let doc = parse(file, "docProps/custom.xml", &custom)?;
        for property in doc
            .descendants()
            .filter(|n| n.tag_name().name() == "property")
        {
            if let Some(name) = property.attribute("name") {
                let value: String = property
                    .descendants()
                    .filter(|n| n.is_text())
                    .filter_map(|n| n.text())
                    .collect();
                properties.insert(name.to_string(), value);
            }
        }
    }
    let doc = parse(file, "word/document.xml", &document)?;
    let mut reader = Reader {
        package: &mut package,
        headings: BTreeMap::new(),
        ordered: BTreeMap::new(),
        targets,
        draft: Draft::default(),
        list: None,
        captions: Vec::new(),
        last_was_caption: false,
        hidden,
        not_text: Vec::new(),
        after_list: Vec::new(),
    };
    let mut out = Vec::new();
    let body = doc
        .root_element()
        .children()
        .find(|c| c.tag_name().name() == "body");
    for p in body
        .into_iter()
        .flat_map(|b| b.descendants())
        .filter(|n| n.tag_name().name() == "p" && n.tag_name().namespace() == Some(W))
    {
        let mut inline = Inline::default();
        let mut pictures = Vec::new();
        reader.runs(p, Style::default(), None, &mut inline, &mut pictures)?;
        out.push(inline.trimmed());
    }
    // What cannot come back as text (a symbol of a symbol font, an equation) would leave the
    // sentence without it; a text box's paragraphs would be taken for the body's, which are
    // matched by their place.
    if let Some(what) = reader.not_text.first() {
        return Err(refuse(
            file,
            format!(
                "{} has {what}, which cannot come back as text",
                file.display()
            ),
            "type it as plain text in Word (such as ≥ or ±, or with the (normal text) font in Insert Symbol; a sum written out) and run the update again",
        ));
    }
    if let Some(text_box) = body
        .into_iter()
        .flat_map(|b| b.descendants())
        .find(|n| n.tag_name().name() == "txbxContent")
    {
        return Err(refuse(
            file,
            format!(
                "{} has a text box (\"{}\"), which an update cannot place among the leaflet's texts",
                file.display(),
                first_words(text_box)
            ),
            "move its text into the document's own paragraphs in Word, delete the box, and run the update again",
        ));
    }
    Ok((properties, out))
}

/// Paragraph style id → heading level, from each style's name ("heading 1", "Title"); and the
/// ids of caption styles.
fn heading_styles(file: &Path, styles: &str) -> Result<HeadingStyles, ImportError> {
    let mut out = BTreeMap::new();
    let mut captions = Vec::new();
    if styles.is_empty() {
        return Ok((out, captions));
    }
    let doc = parse(file, "word/styles.xml", styles)?;
    for style in doc.descendants().filter(|n| n.tag_name().name() == "style") {
        let (Some(id), Some(name)) = (
            w_attr(style, "styleId"),
            child(style, "name").and_then(|n| w_attr(n, "val")),
        ) else {
            continue;
        };
        if let Some(level) = heading_level(name) {
            out.insert(id.to_string(), level);
        } else if name.eq_ignore_ascii_case("caption") {
            captions.push(id.to_string());
        }
    }
    Ok((out, captions))
}

type HeadingStyles = (BTreeMap<String, u8>, Vec<String>);

/// The ids of the styles that hide their text (`w:vanish` or `w:specVanish` in the style, or in
/// a style it is based on, unless switched off on the way).
fn hidden_styles(file: &Path, styles: &str) -> Result<BTreeSet<String>, ImportError> {
    if styles.is_empty() {
        return Ok(BTreeSet::new());
    }
    let doc = parse(file, "word/styles.xml", styles)?;
    // id → (hidden by the style itself: yes, no or not said; the style it is based on)
    let mut own: BTreeMap<String, (Option<bool>, Option<String>)> = BTreeMap::new();
    for style in doc.descendants().filter(|n| n.tag_name().name() == "style") {
        let Some(id) = w_attr(style, "styleId") else {
            continue;
        };
        let said = child(style, "rPr")
            .and_then(|r| child(r, "vanish").or_else(|| child(r, "specVanish")))
            .map(|v| toggle(Some(v)));
        let based_on = child(style, "basedOn")
            .and_then(|b| w_attr(b, "val"))
            .map(str::to_string);
        own.insert(id.to_string(), (said, based_on));
    }
    type Styles = BTreeMap<String, (Option<bool>, Option<String>)>;
    fn hidden<'a>(own: &'a Styles, mut id: &'a str) -> bool {
        // A chain of styles based on each other, cut off where it loops.
        for _ in 0..32 {
            match own.get(id) {
                Some((Some(said), _)) => return *said,
                Some((None, Some(base))) => id = base.as_str(),
                _ => return false,
            }
        }
        false
    }
    Ok(own.keys().filter(|id| hidden(&own, id)).cloned().collect())
}

/// "heading 2" → 2, "Title" → 1.
fn heading_level(name: &str) -> Option<u8> {
    let name = name.to_lowercase();
    if name == "title" {
        return Some(1);
    }
    let level = name.strip_prefix("heading")?.trim().parse::<u8>().ok()?;
    Some(level.clamp(1, 3))
}

/// numId → whether its first level is numbered (anything but bullets).
fn numbered_lists(file: &Path, numbering: &str) -> Result<BTreeMap<String, bool>, ImportError> {
    let mut out = BTreeMap::new();
    if numbering.is_empty() {
        return Ok(out);
    }
    let doc = parse(file, "word/numbering.xml", numbering)?;
    let mut abstract_ordered = BTreeMap::new();
    for abs in doc
        .descendants()
        .filter(|n| n.tag_name().name() == "abstractNum")
    {
        let Some(id) = w_attr(abs, "abstractNumId") else {
            continue;
        };
        let format = abs
            .children()
            .find(|l| l.tag_name().name() == "lvl" && w_attr(*l, "ilvl") == Some("0"))
            .and_then(|l| child(l, "numFmt"))
            .and_then(|f| w_attr(f, "val"))
            .unwrap_or("bullet");
        abstract_ordered.insert(id.to_string(), !matches!(format, "bullet" | "none"));
    }
    for num in doc.descendants().filter(|n| n.tag_name().name() == "num") {
        if let (Some(id), Some(abs)) = (
            w_attr(num, "numId"),
            child(num, "abstractNumId").and_then(|a| w_attr(a, "val")),
        ) {
            out.insert(
                id.to_string(),
                abstract_ordered.get(abs).copied().unwrap_or(false),
            );
        }
    }
    Ok(out)
}

/// Relationship id → (target, external).
fn relationships(file: &Path, rels: &str) -> Result<BTreeMap<String, (String, bool)>, ImportError> {
    let mut out = BTreeMap::new();
    if rels.is_empty() {
        return Ok(out);
    }
    let doc = parse(file, "word/_rels/document.xml.rels", rels)?;
    for rel in doc
        .descendants()
        .filter(|n| n.tag_name().name() == "Relationship")
    {
        if let (Some(id), Some(target)) = (rel.attribute("Id"), rel.attribute("Target")) {
            let external = rel.attribute("TargetMode") == Some("External");
            out.insert(id.to_string(), (target.to_string(), external));
        }
    }
    Ok(out)
}

struct Reader<'p, 'b> {
    package: &'p mut Package<'b>,
    headings: BTreeMap<String, u8>,
    ordered: BTreeMap<String, bool>,
    targets: BTreeMap<String, (String, bool)>,
    draft: Draft,
    list: Option<(bool, Vec<Inline>)>,
    /// Style ids named "caption".
    captions: Vec<String>,
    /// The last block came from a paragraph in a caption style.
    last_was_caption: bool,
    /// Style ids that hide their text.
    hidden: BTreeSet<String>,
    /// What could not come in as text, and where ([`Reader::left_out`], a box or table in a
    /// cell): `import --update` refuses a file with any of it.
    not_text: Vec<String>,
    /// Text boxes anchored in the items of the list being read: they come after the list,
    /// which a box between its items would cut in two (step 3 becoming step 1 of a new list).
    after_list: Vec<Block>,
}

impl Reader<'_, '_> {
    /// Whether the run `run` (with its properties `props`) is hidden text: said on the run
    /// itself, or else by its character style or its paragraph's style.
    fn is_hidden(&self, run: Node<'_, '_>, props: Option<Node<'_, '_>>) -> bool {
        let said = props.and_then(|p| child(p, "vanish").or_else(|| child(p, "specVanish")));
        if said.is_some() {
            return toggle(said);
        }
        let char_style = props
            .and_then(|p| child(p, "rStyle"))
            .and_then(|s| w_attr(s, "val"));
        let para_style = run
            .ancestors()
            .find(|a| a.tag_name().name() == "p")
            .and_then(|p| child(p, "pPr"))
            .and_then(|pr| child(pr, "pStyle"))
            .and_then(|s| w_attr(s, "val"));
        [char_style, para_style]
            .into_iter()
            .flatten()
            .any(|style| self.hidden.contains(style))
    }

    fn end_list(&mut self) {
        if let Some((ordered, items)) = self.list.take()
            && !items.is_empty()
        {
            self.draft.blocks.push(Block::List { ordered, items });
        }
        let boxes = std::mem::take(&mut self.after_list);
        self.draft.blocks.extend(boxes);
    }

    fn blocks(&mut self, parent: Node<'_, '_>) -> Result<(), ImportError> {
        for node in parent.children().filter(Node::is_element) {
            match node.tag_name().name() {
                "p" => self.paragraph(node)?,
                "tbl" => {
                    self.end_list();
                    let rows = self.table(node)?;
                    // A "Caption" paragraph right before the table is its caption.
                    let caption = match self.draft.blocks.last() {
                        Some(Block::Paragraph(text)) if self.last_was_caption => {
                            let text = text.clone();
                            self.draft.blocks.pop();
                            Some(text)
                        }
                        _ => None,
                    };
                    if !rows.is_empty() {
                        self.draft.blocks.push(Block::Table { caption, rows });
                    }
                }
                // Content controls and tracked insertions hold ordinary paragraphs.
                // Tracked insertions and moves count where they now stand (as Word shows the
                // text with every change accepted); deletions and the old place of a move
                // (`del`, `moveFrom`) do not.
                "sdt" | "sdtContent" | "ins" | "moveTo" | "customXml" => self.blocks(node)?,
                "AlternateContent" => {
                    if let Some(branch) = alternative(node) {
                        self.blocks(branch)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn paragraph(&mut self, p: Node<'_, '_>) -> Result<(), ImportError> {
        let props = child(p, "pPr");
        let style = props
            .and_then(|pr| child(pr, "pStyle"))
            .and_then(|s| w_attr(s, "val"))
            .unwrap_or("");
        let heading = self
            .headings
            .get(style)
            .copied()
            .or_else(|| heading_level(style));
        let list = props.and_then(|pr| child(pr, "numPr")).and_then(|n| {
            child(n, "numId")
                .and_then(|id| w_attr(id, "val"))
                .filter(|id| *id != "0")
                .map(|id| self.ordered.get(id).copied().unwrap_or(false))
        });
        let mut inline = Inline::default();
        let mut pictures = Vec::new();
        self.runs(p, Style::default(), None, &mut inline, &mut pictures)?;
        let inline = inline.trimmed();
        self.last_was_caption = self.captions.iter().any(|c| c == style) && !inline.is_empty();
        match (heading, list) {
            (Some(level), _) if !inline.is_empty() => {
                self.end_list();
                self.draft.blocks.push(Block::Heading {
                    level,
                    text: inline,
                });
            }
            (_, Some(ordered)) if !inline.is_empty() => {
                if self.list.as_ref().is_some_and(|(o, _)| *o != ordered) {
                    self.end_list();
                }
                self.list
                    .get_or_insert_with(|| (ordered, Vec::new()))
                    .1
                    .push(inline);
            }
            // A paragraph indented under a list item (Word's "List Paragraph" style or an
            // indent, without a bullet of its own) continues that item: the list is not cut in
            // two, leaving a list of one item after it. A person checks it.
            _ if !inline.is_empty() && self.list.is_some() && indented(props, style) => {
                if let Some((_, items)) = self.list.as_mut()
                    && let Some(item) = items.last_mut()
                {
                    item.append(inline);
                    let number = items.len();
                    self.draft.notes.push((
                        Spot::default(),
                        format!("check this list: the indented paragraph under item {number} was joined to it; if it is not part of that item, make it a text after the list"),
                    ));
                }
            }
            _ if !inline.is_empty() => {
                self.end_list();
                self.draft.blocks.push(Block::Paragraph(inline));
            }
            _ => {}
        }
        for picture in pictures {
            self.end_list();
            self.draft.pictures.push(picture);
            let index = self.draft.pictures.len() - 1;
            self.draft.blocks.push(Block::Picture(index));
        }
        self.text_boxes(p)
    }

    fn runs(
        &mut self,
        parent: Node<'_, '_>,
        style: Style,
        link: Option<&str>,
        inline: &mut Inline,
        pictures: &mut Vec<Picture>,
    ) -> Result<(), ImportError> {
        for node in parent.children().filter(Node::is_element) {
            match node.tag_name().name() {
                "r" => {
                    let props = child(node, "rPr");
                    // The note `leaflet export` puts after text not translated yet is the
                    // site's, not the leaflet's.
                    if props
                        .and_then(|p| child(p, "rStyle"))
                        .and_then(|s| w_attr(s, "val"))
                        == Some(super::export::FALLBACK_NOTE_STYLE)
                    {
                        continue;
                    }
                    // Hidden text is not what the reader of the Word file saw: a hidden "1"
                    // before "3 kilo" would otherwise come in as 13.
                    if self.is_hidden(node, props) {
                        continue;
                    }
                    let run_style = Style {
                        bold: style.bold || toggle(props.and_then(|p| child(p, "b"))),
                        italic: style.italic || toggle(props.and_then(|p| child(p, "i"))),
                    };
                    // Text set in a symbol font is the font's own numbering: an "m" in Symbol
                    // is a μ, a "³" a ≥. Read as letters it would change a dose ("50 μg" as
                    // "50 mg"), so it is left out with a to-do.
                    let font = props.and_then(|p| child(p, "rFonts")).and_then(|f| {
                        ["ascii", "hAnsi", "cs", "eastAsia"]
                            .into_iter()
                            .find_map(|which| w_attr(f, which).filter(|name| symbol_font(name)))
                    });
                    if let Some(font) = font {
                        let text: String = node
                            .descendants()
                            .filter(|n| n.tag_name().name() == "t")
                            .filter_map(|n| n.text())
                            .collect();
                        if !text.trim().is_empty() {
                            self.left_out(
                                format!("text in the symbol font {font} (\"{}\")", text.trim()),
                                inline,
                            );
                        }
                        // Insert Symbol may write its `w:sym` in a run set in that font.
                        for _ in node.children().filter(|c| c.tag_name().name() == "sym") {
                            self.left_out(
                                format!("a symbol put in with Insert Symbol (font {font})"),
                                inline,
                            );
                        }
                        continue;
                    }
                    self.run_parts(node, run_style, link, inline, pictures)?;
                }
                "hyperlink" => {
                    let url = node
                        .attribute((R, "id"))
                        .and_then(|id| self.targets.get(id))
                        // Every address is kept here; `clean` leaves out the ones a leaflet
                        // may not link to, and says so.
                        .filter(|(_, external)| *external)
                        .map(|(target, _)| target.clone());
                    // Each run of a link's text is joined into one link.
                    let mut label = Inline::default();
                    self.runs(node, style, None, &mut label, pictures)?;
                    match url {
                        Some(url) => inline.push_link(&label.plain_text(), &url),
                        None => inline.append_runs(label),
                    }
                }
                "smartTag" | "ins" | "moveTo" | "sdt" | "sdtContent" | "fldSimple"
                | "customXml" | "dir" | "bdo" => self.runs(node, style, link, inline, pictures)?,
                // An equation's parts (fractions, powers) have no plain text that says the
                // same: a person types it.
                "oMath" | "oMathPara" => self.left_out("an equation".to_string(), inline),
                "AlternateContent" => {
                    if let Some(branch) = alternative(node) {
                        self.runs(branch, style, link, inline, pictures)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// What one run `run` holds: its text, breaks, symbols and pictures.
    fn run_parts(
        &mut self,
        run: Node<'_, '_>,
        style: Style,
        link: Option<&str>,
        inline: &mut Inline,
        pictures: &mut Vec<Picture>,
    ) -> Result<(), ImportError> {
        for part in run.children().filter(Node::is_element) {
            match part.tag_name().name() {
                "t" => {
                    // Raised or lowered digits ("10⁹/l", "cm²", "10⁻³") are other numbers when
                    // read flat (109, cm2, 10-3): they come in as superscript or subscript
                    // characters.
                    let shifted = run
                        .children()
                        .find(|c| c.tag_name().name() == "rPr")
                        .and_then(|p| child(p, "vertAlign"))
                        .and_then(|v| w_attr(v, "val"))
                        .and_then(|val| super::draft::shift(part.text().unwrap_or(""), val));
                    let text = shifted.as_deref().unwrap_or(part.text().unwrap_or(""));
                    match link {
                        Some(url) => inline.push_link(text, url),
                        None => {
                            // A symbol font's character typed or pasted as its private-use
                            // code (U+F0B3 for ≥) has no meaning of its own.
                            let mut rest = text;
                            while let Some((at, c)) = rest
                                .char_indices()
                                .find(|(_, c)| ('\u{E000}'..='\u{F8FF}').contains(c))
                            {
                                inline.push_text(&rest[..at], style);
                                self.left_out(
                                    format!(
                                        "a character of a symbol font (U+{:04X})",
                                        u32::from(c)
                                    ),
                                    inline,
                                );
                                rest = &rest[at + c.len_utf8()..];
                            }
                            inline.push_text(rest, style);
                        }
                    }
                    if link.is_some()
                        && let Some(c) =
                            text.chars().find(|c| ('\u{E000}'..='\u{F8FF}').contains(c))
                    {
                        self.left_out(
                            format!(
                                "a character of a symbol font (U+{:04X}) in a link",
                                u32::from(c)
                            ),
                            inline,
                        );
                    }
                }
                "tab" | "br" | "cr" => inline.push_text(" ", style),
                // Word's non-breaking hyphen ("COVID-19", "050-3614886") is a hyphen.
                "noBreakHyphen" => inline.push_text("-", style),
                "sym" => self.symbol(part, style, inline),
                "drawing" | "pict" => self.drawing(part, pictures)?,
                // A newer way of writing a shape or text box and an older one beside it, for
                // older versions of Word: one of them is read, not both.
                "AlternateContent" => {
                    if let Some(branch) = alternative(part) {
                        self.run_parts(branch, style, link, inline, pictures)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A character put in with Word's Insert Symbol (`w:sym`). Any code in a symbol font
    /// (Symbol, Wingdings: the font's own numbering, `F0B3` or `B3`) or in the private-use
    /// area is no character of its own, so it is marked with a to-do naming the text before
    /// it: a "≥" or "±" that vanished in silence would change what a sentence says. Another
    /// font's plain hexadecimal code is the character.
    fn symbol(&mut self, sym: Node<'_, '_>, style: Style, inline: &mut Inline) {
        let font = w_attr(sym, "font").unwrap_or("?");
        let code = w_attr(sym, "char").unwrap_or("");
        let character = (!symbol_font(font)
            && (1..=6).contains(&code.len())
            && code.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| u32::from_str_radix(code, 16).ok())
        .flatten()
        .filter(|c| !(0xE000..=0xF8FF).contains(c) && c & 0xFFFE != 0xFFFE)
        .and_then(char::from_u32)
        .filter(|c| !c.is_control());
        match character {
            Some(c) => inline.push_text(&c.to_string(), style),
            None => self.left_out(
                format!("a symbol put in with Insert Symbol (font {font}, code {code})"),
                inline,
            ),
        }
    }

    /// Something the text had that cannot come in as text (`what`): a to-do naming the words
    /// before it, and for `import --update` a reason to refuse the file.
    fn left_out(&mut self, what: String, inline: &mut Inline) {
        let before = inline.plain_text();
        let before: String = before
            .chars()
            .rev()
            .take(40)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let place = if before.trim().is_empty() {
            "at the start of a paragraph, list item or table cell".to_string()
        } else {
            format!("after \"{}\"", before.trim())
        };
        self.not_text.push(format!("{what} {place}"));
        self.draft.notes.push((
            Spot::default(),
            format!(
                "{what} was left out {place}, and {} marks the place: type there what the Word file shows (such as ≥, ±, μ, °, or the sum written out), then delete this line",
                crate::starter::TODO_IN_TEXT
            ),
        ));
        // The place stays marked in the text itself: `check` reports the mark until it is
        // replaced, even when this to-do line is deleted.
        let mark = format!(" {} ", crate::starter::TODO_IN_TEXT);
        inline.push_text(&mark, Style::default());
    }

    /// The text boxes anchored in the paragraph `p` (not those inside another text box, which
    /// come with it): each comes in after the paragraph, as its paragraphs and tables, with a
    /// to-do, as a text box floats where the author put it and its place in the reading order
    /// is a guess.
    fn text_boxes(&mut self, p: Node<'_, '_>) -> Result<(), ImportError> {
        let boxes: Vec<Node<'_, '_>> = p
            .descendants()
            .filter(|n| n.tag_name().name() == "txbxContent" && n.tag_name().namespace() == Some(W))
            .filter(|n| {
                // Not inside another box, the branch not read, a deletion or the old place of
                // a move, nor a hidden run.
                !n.ancestors().skip(1).take_while(|a| *a != p).any(|a| {
                    matches!(a.tag_name().name(), "txbxContent" | "del" | "moveFrom")
                        || not_chosen(a)
                        || (a.tag_name().name() == "r" && self.is_hidden(a, child(a, "rPr")))
                })
            })
            .collect();
        for text_box in boxes {
            // Read on their own, the open list (if any) set aside meanwhile.
            let list = self.list.take();
            let waiting = std::mem::take(&mut self.after_list);
            let blocks = std::mem::take(&mut self.draft.blocks);
            self.blocks(text_box)?;
            self.end_list();
            let read = std::mem::replace(&mut self.draft.blocks, blocks);
            self.after_list = waiting;
            self.list = list;
            let place = if self.list.is_some() {
                "after the list its paragraph is in"
            } else {
                "after the paragraph it is anchored to"
            };
            let first = read.iter().find_map(|block| match block {
                Block::Paragraph(text) | Block::Heading { text, .. } => Some(text.plain_text()),
                Block::List { items, .. } => items.first().map(Inline::plain_text),
                Block::Table { rows, .. } => rows
                    .iter()
                    .flatten()
                    .map(Inline::plain_text)
                    .find(|t| !t.trim().is_empty()),
                _ => None,
            });
            if let Some(first) = first {
                let first: String = first.chars().take(60).collect();
                self.draft.notes.push((
                    Spot::default(),
                    format!(
                        "the text box starting \"{}\" came in {place}: check that this is where it belongs in the reading order; a warning in a box can become a callout (see the README), then delete this line",
                        first.trim()
                    ),
                ));
            }
            if self.list.is_some() {
                self.after_list.extend(read);
            } else {
                self.draft.blocks.extend(read);
            }
        }
        Ok(())
    }

    /// A picture: its bytes from `word/media/…` through the relationship its `a:blip` names,
    /// its description from `wp:docPr`.
    fn drawing(
        &mut self,
        node: Node<'_, '_>,
        pictures: &mut Vec<Picture>,
    ) -> Result<(), ImportError> {
        // A text box's text and pictures are read with it ([`Reader::text_boxes`]); a picture
        // beside it (a group of a picture and its caption box) is read here.
        let outside_boxes = |n: &Node<'_, '_>| {
            !n.ancestors()
                .take_while(|a| *a != node)
                .any(|a| a.tag_name().name() == "txbxContent")
        };
        let alt = node
            .descendants()
            .filter(outside_boxes)
            // The drawing's description, else (a picture in a group) the picture's own.
            .filter(|n| matches!(n.tag_name().name(), "docPr" | "cNvPr"))
            .filter_map(|d| d.attribute("descr"))
            .map(str::to_string)
            .find(|d| !d.trim().is_empty());
        // DrawingML names the picture in `a:blip` (`r:embed` a part of the file, `r:link` a
        // file outside it); the older VML of `w:pict` in `v:imagedata r:id`.
        let blip = node
            .descendants()
            .filter(outside_boxes)
            .find(|n| n.tag_name().name() == "blip" && n.tag_name().namespace() == Some(A));
        let (id, linked) = match blip {
            Some(blip) => match (blip.attribute((R, "embed")), blip.attribute((R, "link"))) {
                (Some(id), _) => (id, false),
                (None, Some(id)) => (id, true),
                (None, None) => return Ok(()),
            },
            None => match node
                .descendants()
                .filter(outside_boxes)
                .find(|n| n.tag_name().name() == "imagedata")
                .and_then(|n| n.attribute((R, "id")))
            {
                Some(id) => (id, false),
                None => return Ok(()),
            },
        };
        let alt = alt.or_else(|| {
            node.descendants()
                .find(|n| n.tag_name().name() == "shape")
                .and_then(|s| s.attribute("alt"))
                .map(str::to_string)
                .filter(|d| !d.trim().is_empty())
        });
        let Some((target, external)) = self.targets.get(id).cloned() else {
            return Ok(());
        };
        if linked || external {
            // "Link to file" in Word's Insert Picture: the picture is not in the document.
            let described = alt
                .as_ref()
                .map(|a| format!(" (described as \"{}\")", a.trim()))
                .unwrap_or_default();
            self.draft.notes.push((
                Spot::line(0),
                format!(
                    "picture linked to a file outside the document: {target}{described}; add it to images/ by hand"
                ),
            ));
            return Ok(());
        }
        let name = format!(
            "word/{}",
            target.trim_start_matches('/').trim_start_matches("word/")
        );
        let Some(bytes) = self.package.part(&name, MAX_PICTURE_BYTES)? else {
            self.draft.notes.push((
                Spot::line(0),
                format!("the picture {name} is missing from the Word file"),
            ));
            return Ok(());
        };
        match picture_extension(&bytes) {
            Some(extension) => pictures.push(Picture {
                bytes,
                extension: extension.to_string(),
                alt,
            }),
            None => self.draft.notes.push((
                Spot::line(0),
                format!("the picture {name} was left out: it is not PNG, JPEG or SVG; save it as PNG and add it by hand"),
            )),
        }
        Ok(())
    }

    fn table(&mut self, tbl: Node<'_, '_>) -> Result<Vec<Vec<Inline>>, ImportError> {
        let mut rows = Vec::new();
        for tr in within(tbl, "tr") {
            let mut row = Vec::new();
            for tc in within(tr, "tc") {
                let mut cell = Inline::default();
                let mut pictures = Vec::new();
                for p in within(tc, "p") {
                    let mut part = Inline::default();
                    self.runs(p, Style::default(), None, &mut part, &mut pictures)?;
                    cell.append(part.trimmed());
                }
                // A cell holds text, not blocks: a text box or a table inside it is a to-do
                // quoting its first words, never lost in silence.
                let nested = tc
                    .descendants()
                    .filter(|n| {
                        n.tag_name().namespace() == Some(W)
                            && matches!(n.tag_name().name(), "txbxContent" | "tbl")
                            && !n.ancestors().any(not_chosen)
                    })
                    .map(|n| {
                        let kind = if n.tag_name().name() == "tbl" {
                            "a table"
                        } else {
                            "a text box"
                        };
                        (kind, first_words(n))
                    })
                    .next();
                if let Some((kind, words)) = nested {
                    let what = format!("{kind} inside a table cell (\"{words}\")");
                    self.not_text.push(what.clone());
                    self.draft.notes.push((
                        Spot::line(0),
                        format!("{what} was left out: add its text to the cell or below the table by hand, then delete this line"),
                    ));
                }
                if !pictures.is_empty() {
                    self.draft.notes.push((
                        Spot::line(0),
                        "a picture inside a table was left out; add it below the table by hand"
                            .into(),
                    ));
                }
                row.push(cell.trimmed());
            }
            if !row.is_empty() {
                rows.push(row);
            }
        }
        Ok(rows)
    }
}

/// The children of `node` named `name`, also those inside a content control, a tracked
/// insertion or the new place of a move (as [`Reader::blocks`] reads them): a cell's text in a
/// content control is the cell's text ("500 mg" came in as an empty cell).
fn within<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
    let mut out = Vec::new();
    for child in node.children().filter(Node::is_element) {
        match child.tag_name().name() {
            found if found == name => out.push(child),
            "sdt" | "sdtContent" | "ins" | "moveTo" | "customXml" => {
                out.extend(within(child, name))
            }
            _ => {}
        }
    }
    out
}

/// Whether a paragraph is set in from the margin like a list item's text: Word's list paragraph
/// style, or a left indent of its own.
fn indented(props: Option<Node<'_, '_>>, style: &str) -> bool {
    let indent = props
        .and_then(|pr| child(pr, "ind"))
        .and_then(|ind| w_attr(ind, "left").or_else(|| w_attr(ind, "start")))
        .and_then(|v| v.parse::<i64>().ok())
        .is_some_and(|twips| twips > 0);
    indent || style.to_ascii_lowercase().contains("list")
}
