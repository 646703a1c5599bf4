//! A web page (`.html`) → a draft, parsed by html5ever (through `scraper`) as a browser would.
//! Only the main content is taken: the `<main>` element (or `role="main"`, or the first
//! `<article>`, or else `<body>`), without navigation, header, footer, side bars, forms, scripts
//! and styles. Scripts are never text: their content is dropped with the element. Content the
//! page hides (`hidden`, `aria-hidden="true"`, a `style` with `display: none` or `visibility:
//! hidden`, read with `cssparser`) is left out too, each with a to-do naming what it said.

use std::borrow::Cow;
use std::path::Path;

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node, Selector};

use super::draft::{Block, Draft, Inline, Spot, Style};
use super::pictures::read_local_picture;

/// Elements whose whole content is left out.
pub const DROPPED: &[&str] = &[
    "nav", "header", "footer", "aside", "script", "style", "noscript", "template", "form",
    "iframe", "svg", "math", "button", "object", "embed", "select", "textarea", "dialog", "head",
];

struct Reader<'a> {
    folder: &'a Path,
    /// The page's source, to find the line of what is left out.
    source: &'a str,
    draft: Draft,
    inline: Inline,
    scripts: usize,
}

/// `<!DOCTYPE x [ <!ENTITY …> ]>`: an XML document type with an internal subset, which some
/// editors and old XHTML tools write. HTML has no such thing: the HTML5 parser ends such a
/// (bogus) doctype at the first `>` inside the subset and reads the rest, `]>` and whatever
/// declarations follow, as text of the page. The subset is blanked out before the page is
/// parsed — its line breaks kept, so every line stays where it is — and its entities are not
/// expanded, as a browser would not expand them either.
pub fn without_internal_subset(source: &str) -> Cow<'_, str> {
    let lower = source.to_ascii_lowercase();
    let Some(start) = lower.find("<!doctype") else {
        return Cow::Borrowed(source);
    };
    // Only a doctype before any element: `<!doctype` later is text or a comment's.
    let before = &source[..start];
    if before
        .char_indices()
        .any(|(i, c)| c == '<' && before[i + 1..].starts_with(|n: char| n.is_ascii_alphabetic()))
    {
        return Cow::Borrowed(source);
    }
    let Some(end) = source[start..].find('>').map(|e| start + e) else {
        return Cow::Borrowed(source);
    };
    let Some(open) = source[start..end].find('[').map(|o| start + o) else {
        return Cow::Borrowed(source);
    };
    // The subset ends at `]`, optional white space and `>`.
    let close = source[open..].match_indices(']').find_map(|(i, _)| {
        let after = &source[open + i + 1..];
        let gap = after.len() - after.trim_start().len();
        after[gap..].starts_with('>').then_some(open + i + 1 + gap)
    });
    let Some(close) = close else {
        return Cow::Borrowed(source);
    };
    let blank: String = source[open..close]
        .chars()
        .map(|c| if c == '\n' { '\n' } else { ' ' })
        .collect();
    Cow::Owned(format!("{}{blank}{}", &source[..open], &source[close..]))
}

pub fn read(text: &str, folder: &Path) -> Draft {
    let document = Html::parse_document(text);
    let scripts = Selector::parse("script").expect("a valid selector");
    let script_count = document.select(&scripts).count();
    let root = ["main", "[role=main]", "article", "body"]
        .iter()
        .find_map(|s| {
            let selector = Selector::parse(s).expect("a valid selector");
            document.select(&selector).next()
        })
        .unwrap_or_else(|| document.root_element());
    let mut reader = Reader {
        folder,
        source: text,
        draft: Draft::default(),
        inline: Inline::default(),
        scripts: script_count,
    };
    reader.block_children(*root);
    reader.flush();
    if reader.scripts > 0 {
        reader.draft.notes.push((
            Spot::line(0),
            format!(
                "{} script{} left out; messages hold text only",
                reader.scripts,
                if reader.scripts == 1 {
                    " was"
                } else {
                    "s were"
                }
            ),
        ));
    }
    reader.draft
}

impl Reader<'_> {
    fn flush(&mut self) {
        let inline = std::mem::take(&mut self.inline).trimmed();
        if !inline.is_empty() {
            self.draft.blocks.push(Block::Paragraph(inline));
        }
    }

    fn block_children(&mut self, node: NodeRef<'_, Node>) {
        for child in node.children() {
            self.block(child);
        }
    }

    fn block(&mut self, node: NodeRef<'_, Node>) {
        let Some(element) = ElementRef::wrap(node) else {
            if let Node::Text(text) = node.value() {
                self.inline.push_text(text, Style::default());
            }
            return;
        };
        let name = element.value().name();
        if DROPPED.contains(&name) || self.left_out_hidden(element) {
            return;
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let level = name[1..].parse::<u8>().unwrap_or(2).min(3);
                let text = self.inline_of(node);
                if !text.is_empty() {
                    self.draft.blocks.push(Block::Heading { level, text });
                }
            }
            "p" | "blockquote" | "figcaption" | "dd" | "dt" | "address" | "pre" => {
                self.flush();
                self.inline_children(node, Style::default(), None);
                self.flush();
            }
            "ul" | "ol" => {
                self.flush();
                let ordered = name == "ol";
                let mut items = Vec::new();
                self.list_items(node, &mut items);
                if !items.is_empty() {
                    self.draft.blocks.push(Block::List { ordered, items });
                }
            }
            "table" => {
                self.flush();
                let rows = self.table_rows(element);
                let caption = Selector::parse("caption").expect("a valid selector");
                let caption = element
                    .select(&caption)
                    .next()
                    .map(|c| self.inline_of(*c))
                    .filter(|c| !c.is_empty());
                if !rows.is_empty() {
                    self.draft.blocks.push(Block::Table { caption, rows });
                }
            }
            "img" => {
                self.flush();
                self.picture(element);
            }
            "br" => self.inline.push_text(" ", Style::default()),
            "strong" | "b" | "em" | "i" | "a" | "span" | "small" | "sup" | "sub" | "abbr"
            | "time" | "mark" | "u" | "code" => {
                self.inline_element(node, Style::default(), None);
            }
            _ => {
                // div, section, figure, li outside a list …: their children are blocks.
                self.flush();
                self.block_children(node);
                self.flush();
            }
        }
    }

    /// Whether the page hides `element` from its readers; if so, a to-do says what it held.
    fn left_out_hidden(&mut self, element: ElementRef<'_>) -> bool {
        let value = element.value();
        let hidden = value.attr("hidden").is_some()
            || value
                .attr("aria-hidden")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
            || value.attr("style").is_some_and(style_hides);
        if !hidden {
            return false;
        }
        let words = element.text().collect::<String>();
        let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
        if !words.is_empty() {
            // Its first piece of text as the source has it (line 0, no place, when the source
            // writes it with an entity).
            let first = element
                .text()
                .map(str::trim)
                .find(|t| !t.is_empty())
                .unwrap_or_default();
            let line = self
                .source
                .find(first)
                .map_or(0, |offset| self.source[..offset].matches('\n').count() + 1);
            let shown: String = if words.chars().count() > 60 {
                format!("{}…", words.chars().take(57).collect::<String>().trim_end())
            } else {
                words
            };
            self.draft.notes.push((
                Spot::line(line),
                format!("text the page hides was left out (\"{shown}\"); if readers should see it, add it by hand"),
            ));
        }
        true
    }

    fn list_items(&mut self, node: NodeRef<'_, Node>, items: &mut Vec<Inline>) {
        for child in node.children() {
            let Some(element) = ElementRef::wrap(child) else {
                continue;
            };
            if element.value().name() != "li" {
                continue;
            }
            let mut item = Inline::default();
            std::mem::swap(&mut item, &mut self.inline);
            for part in child.children() {
                match ElementRef::wrap(part).map(|e| e.value().name()) {
                    // A list inside an item: its items follow (leaflets have one level).
                    Some("ul" | "ol") => {
                        let own = std::mem::take(&mut self.inline).trimmed();
                        if !own.is_empty() {
                            items.push(own);
                        }
                        self.list_items(part, items);
                    }
                    // A second paragraph of an item continues it, after a space ("uw pas"
                    // and "Zonder pas …" ran together), and is a to-do to check.
                    Some("p" | "div") => {
                        if !self.inline.plain_text().trim().is_empty() {
                            self.inline.push_text(" ", Style::default());
                            self.draft.notes.push((
                                Spot::line(0),
                                format!(
                                    "check this list: item {} has more than one paragraph, joined into one text; if a paragraph is not part of it, make it a text after the list",
                                    items.len() + 1
                                ),
                            ));
                        }
                        self.inline_node(part, Style::default(), None);
                    }
                    _ => self.inline_node(part, Style::default(), None),
                }
            }
            std::mem::swap(&mut item, &mut self.inline);
            let item = item.trimmed();
            if !item.is_empty() {
                items.push(item);
            }
        }
    }

    fn table_rows(&mut self, table: ElementRef<'_>) -> Vec<Vec<Inline>> {
        let rows = Selector::parse("tr").expect("a valid selector");
        let cells = Selector::parse("th, td").expect("a valid selector");
        table
            .select(&rows)
            .map(|row| {
                row.select(&cells)
                    .map(|cell| self.inline_of(*cell))
                    .collect()
            })
            .filter(|row: &Vec<Inline>| !row.is_empty())
            .collect()
    }

    fn picture(&mut self, element: ElementRef<'_>) {
        let src = element.value().attr("src").unwrap_or("");
        let alt = element.value().attr("alt").map(str::to_string);
        match read_local_picture(self.folder, src, alt) {
            Ok(picture) => {
                self.draft.pictures.push(picture);
                let index = self.draft.pictures.len() - 1;
                self.draft.blocks.push(Block::Picture(index));
            }
            Err(why) => self.draft.notes.push((Spot::line(0), why)),
        }
    }

    /// The inline content of `node` as one paragraph.
    fn inline_of(&mut self, node: NodeRef<'_, Node>) -> Inline {
        let saved = std::mem::take(&mut self.inline);
        self.inline_children(node, Style::default(), None);
        std::mem::replace(&mut self.inline, saved).trimmed()
    }

    fn inline_children(&mut self, node: NodeRef<'_, Node>, style: Style, link: Option<&str>) {
        for child in node.children() {
            self.inline_node(child, style, link);
        }
    }

    fn inline_node(&mut self, node: NodeRef<'_, Node>, style: Style, link: Option<&str>) {
        match node.value() {
            Node::Text(text) => match link {
                Some(url) => self.inline.push_link(text, url),
                None => self.inline.push_text(text, style),
            },
            Node::Element(_) => self.inline_element(node, style, link),
            _ => {}
        }
    }

    fn inline_element(&mut self, node: NodeRef<'_, Node>, style: Style, link: Option<&str>) {
        let Some(element) = ElementRef::wrap(node) else {
            return;
        };
        let name = element.value().name();
        if DROPPED.contains(&name) || self.left_out_hidden(element) {
            return;
        }
        let mut style = style;
        match name {
            "strong" | "b" => style.bold = true,
            "em" | "i" => style.italic = true,
            "br" => {
                self.inline.push_text(" ", style);
                return;
            }
            "img" => {
                self.picture(element);
                return;
            }
            // Raised or lowered digits ("10<sup>9</sup>/l", "cm<sup>2</sup>") are other numbers
            // when read flat (109, cm2): they come in as superscript or subscript characters.
            "sup" | "sub" if link.is_none() => {
                let text = element.text().collect::<String>();
                let position = if name == "sup" {
                    "superscript"
                } else {
                    "subscript"
                };
                if let Some(shifted) = super::draft::shift(&text, position) {
                    self.inline.push_text(&shifted, style);
                    return;
                }
            }
            "a" => {
                let href = element.value().attr("href").unwrap_or("");
                // Every address is kept here; `clean` leaves out the ones a leaflet may not
                // link to, and says so.
                if link.is_none() && !href.trim().is_empty() {
                    let label = element.text().collect::<String>();
                    self.inline.push_link(&label, href);
                    return;
                }
            }
            _ => {}
        }
        self.inline_children(node, style, link);
    }
}

/// Whether a `style` attribute hides its element: its last `display` is `none`, or its last
/// `visibility` is `hidden` or `collapse`. Declarations are read with cssparser.
fn style_hides(style: &str) -> bool {
    use cssparser::{CowRcStr, ParseError, Parser, ParserState, RuleBodyParser};
    struct Declarations;
    impl<'i> cssparser::DeclarationParser<'i> for Declarations {
        type Declaration = (String, String);
        type Error = ();
        fn parse_value(
            &mut self,
            name: CowRcStr<'i>,
            input: &mut Parser<'i>,
            _start: &ParserState,
        ) -> Result<(String, String), ParseError<()>> {
            let value = input.expect_ident()?.to_ascii_lowercase();
            while input.next().is_ok() {}
            Ok((name.to_ascii_lowercase(), value))
        }
    }
    impl<'i> cssparser::AtRuleParser<'i> for Declarations {
        type Prelude = ();
        type AtRule = (String, String);
        type Error = ();
    }
    impl<'i> cssparser::QualifiedRuleParser<'i> for Declarations {
        type Prelude = ();
        type QualifiedRule = (String, String);
        type Error = ();
    }
    impl<'i> cssparser::RuleBodyItemParser<'i, (String, String), ()> for Declarations {
        fn parse_declarations(&self) -> bool {
            true
        }
        fn parse_qualified(&self) -> bool {
            false
        }
    }
    let mut parser = Parser::new(style);
    let mut display = None;
    let mut visibility = None;
    for (name, value) in RuleBodyParser::new(&mut parser, &mut Declarations).flatten() {
        match name.as_str() {
            "display" => display = Some(value),
            "visibility" => visibility = Some(value),
            _ => {}
        }
    }
    display.as_deref() == Some("none")
        || matches!(visibility.as_deref(), Some("hidden" | "collapse"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_style_that_hides_is_read_as_css() {
        assert!(style_hides("display:none"));
        assert!(style_hides("color: red; DISPLAY : None !important"));
        assert!(style_hides("visibility: hidden"));
        assert!(!style_hides("display: none; display: block"));
        assert!(!style_hides("/* display: none */ color: red"));
        assert!(!style_hides("display: nonesuch"));
        assert!(!style_hides(""));
    }

    #[test]
    fn an_internal_subset_is_blanked_out() {
        let page = "<!DOCTYPE html [\n  <!ENTITY zin \"een > zin\">\n]>\n<html><body><p>Tekst.</p></body></html>";
        let cleaned = without_internal_subset(page);
        assert!(cleaned.starts_with("<!DOCTYPE html  \n   "), "{cleaned}");
        assert!(
            !cleaned.contains("ENTITY") && !cleaned.contains(']'),
            "{cleaned}"
        );
        assert!(cleaned.ends_with(" >\n<html><body><p>Tekst.</p></body></html>"));
        assert_eq!(cleaned.lines().count(), page.lines().count());
        let plain = "<!doctype html><p>[a]></p>";
        assert!(matches!(without_internal_subset(plain), Cow::Borrowed(_)));
    }
}
