//! Markdown (`.md`) → a draft, read with pulldown-cmark (CommonMark with tables). Headings,
//! paragraphs, lists, bold, italic, links, tables and pictures carry over; HTML inside the
//! Markdown is left out (and noted), never copied into a message — with what an inline
//! `<script>…</script>` (or another element a web page's import drops whole) holds.

use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::draft::{Block, Draft, Inline, Spot, Style};
use super::pictures::read_local_picture;

#[derive(Default)]
struct State {
    draft: Draft,
    inline: Option<Inline>,
    strong: u32,
    emphasis: u32,
    link: Option<(String, String)>,
    heading: Option<u8>,
    lists: Vec<(bool, Vec<Inline>)>,
    list_depth: usize,
    table: Option<Vec<Vec<Inline>>>,
    image: Option<(String, String)>,
    html_dropped: Option<usize>,
    /// Inside inline HTML whose content is not text (`<script>` …): its name, and how many of
    /// it are open.
    inside: Option<(String, usize)>,
}

impl State {
    fn style(&self) -> Style {
        Style {
            bold: self.strong > 0,
            italic: self.emphasis > 0,
        }
    }

    fn text(&mut self, text: &str, line: usize) {
        if let Some((label, _)) = &mut self.image {
            label.push_str(text);
            return;
        }
        if let Some((label, _)) = &mut self.link {
            label.push_str(text);
            return;
        }
        let style = self.style();
        self.inline
            .get_or_insert_with(|| Inline {
                runs: Vec::new(),
                line,
            })
            .push_text(text, style);
    }

    /// The paragraph collected so far goes where it belongs: the open list item, the table
    /// cell, the heading or a paragraph of its own.
    fn flush(&mut self) {
        let Some(inline) = self.inline.take().map(Inline::trimmed) else {
            return;
        };
        if inline.is_empty() {
            return;
        }
        if let Some((_, items)) = self.lists.last_mut() {
            match items.last_mut() {
                Some(item) if !item.is_empty() => item.append(inline),
                Some(item) => *item = inline,
                None => items.push(inline),
            }
        } else if let Some(rows) = &mut self.table {
            if let Some(row) = rows.last_mut() {
                row.push(inline);
            }
        } else if let Some(level) = self.heading {
            self.draft.blocks.push(Block::Heading {
                level,
                text: inline,
            });
        } else {
            self.draft.blocks.push(Block::Paragraph(inline));
        }
    }
}

/// Which dropped element the text after an inline HTML tag is inside. pulldown-cmark hands
/// each inline tag over on its own (`<script>`, then the text, then `</script>`), so only its
/// name is read here: after `<`, an optional `/`, letters and digits.
fn inside_after(inside: Option<(String, usize)>, tag: &str) -> Option<(String, usize)> {
    let Some(rest) = tag.trim().strip_prefix('<') else {
        return inside;
    };
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let name: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let self_closing = tag.trim_end().ends_with("/>");
    match inside {
        Some((open, depth)) if open == name && closing => (depth > 1).then(|| (open, depth - 1)),
        Some((open, depth)) if open == name && !self_closing => Some((open, depth + 1)),
        Some(other) => Some(other),
        None if !closing && !self_closing && super::html::DROPPED.contains(&name.as_str()) => {
            Some((name, 1))
        }
        None => None,
    }
}

pub fn read(text: &str, folder: &Path) -> Draft {
    let mut state = State::default();
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        let line = line_of(range.start);
        // Inline HTML lives inside its paragraph: an unclosed `<script>` ends with it.
        if let Event::End(
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
        ) = event
        {
            state.inside = None;
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                state.flush();
                state.heading = Some(match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    _ => 3,
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                state.flush();
                state.heading = None;
            }
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
                if state.table.is_none() =>
            {
                state.flush();
            }
            Event::Start(Tag::List(start)) => {
                state.flush();
                state.list_depth += 1;
                if state.lists.is_empty() {
                    state.lists.push((start.is_some(), Vec::new()));
                } else {
                    // Lists inside lists are flattened: leaflets have one level.
                    state.draft.notes.push((
                        Spot::line(line),
                        "a list inside a list was made one list; check the order".into(),
                    ));
                }
            }
            Event::Start(Tag::Item) => {
                state.flush();
                if let Some((_, items)) = state.lists.last_mut() {
                    items.push(Inline {
                        runs: Vec::new(),
                        line,
                    });
                }
            }
            Event::End(TagEnd::Item) => state.flush(),
            Event::End(TagEnd::List(_)) => {
                state.flush();
                state.list_depth = state.list_depth.saturating_sub(1);
                // Only the outermost list ends a block (nested ones were flattened into it).
                if state.list_depth == 0
                    && let Some((ordered, items)) = state.lists.pop()
                {
                    let items: Vec<Inline> = items.into_iter().filter(|i| !i.is_empty()).collect();
                    if !items.is_empty() {
                        state.draft.blocks.push(Block::List { ordered, items });
                    }
                }
            }
            Event::Start(Tag::Table(_)) => {
                state.flush();
                state.table = Some(Vec::new());
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                if let Some(rows) = &mut state.table {
                    rows.push(Vec::new());
                }
            }
            Event::End(TagEnd::TableCell) => {
                let cell = state.inline.take().map(Inline::trimmed).unwrap_or_default();
                if let Some(row) = state.table.as_mut().and_then(|rows| rows.last_mut()) {
                    row.push(cell);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(rows) = state.table.take() {
                    state.draft.blocks.push(Block::Table {
                        caption: None,
                        rows,
                    });
                }
            }
            Event::Start(Tag::Strong) => state.strong += 1,
            Event::End(TagEnd::Strong) => state.strong = state.strong.saturating_sub(1),
            Event::Start(Tag::Emphasis) => state.emphasis += 1,
            Event::End(TagEnd::Emphasis) => state.emphasis = state.emphasis.saturating_sub(1),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                // `<info@example.org>` is a link to the address without its `mailto:`.
                let url = if link_type == pulldown_cmark::LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                state.link = Some((String::new(), url));
            }
            Event::End(TagEnd::Link) => {
                if let Some((label, url)) = state.link.take() {
                    state
                        .inline
                        .get_or_insert_with(|| Inline {
                            runs: Vec::new(),
                            line,
                        })
                        .push_link(&label, &url);
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                state.image = Some((String::new(), dest_url.to_string()));
            }
            Event::End(TagEnd::Image) => {
                if let Some((alt, url)) = state.image.take() {
                    state.flush();
                    match read_local_picture(folder, &url, Some(alt)) {
                        Ok(picture) => {
                            state.draft.pictures.push(picture);
                            let index = state.draft.pictures.len() - 1;
                            state.draft.blocks.push(Block::Picture(index));
                        }
                        Err(why) => state.draft.notes.push((Spot::line(line), why)),
                    }
                }
            }
            Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak
                if state.inside.is_some() => {}
            Event::Text(t) | Event::Code(t) => state.text(&t, line),
            Event::SoftBreak | Event::HardBreak => state.text(" ", line),
            Event::InlineHtml(tag) => {
                state.html_dropped.get_or_insert(line);
                state.inside = inside_after(state.inside.take(), &tag);
            }
            Event::Html(_) => {
                state.html_dropped.get_or_insert(line);
            }
            _ => {}
        }
    }
    state.flush();
    if let Some(line) = state.html_dropped {
        state.draft.notes.push((
            Spot::line(line),
            "HTML inside the Markdown was left out; messages hold text only".into(),
        ));
    }
    state.draft
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_an_inline_script_holds_is_left_out() {
        let draft = read(
            "Tekst <script>alert(1)</script> en <b>vet</b> <style>p{}</style>eind.\n\nNa <script>open\n\nVolgende.\n",
            Path::new("."),
        );
        let texts: Vec<String> = draft
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(inline) => Some(inline.plain_text()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["Tekst en vet eind.", "Na", "Volgende."]);
    }
}
