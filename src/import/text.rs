//! Plain text (`.txt`) → a draft. Text has no markup, so its structure is guessed:
//!
//! - **Paragraphs** are separated by empty lines. Text copied out of a PDF often has an empty
//!   line after *every* line and its real paragraph breaks as longer gaps; when nearly no two
//!   lines of text touch and the lines are wrapped at a width, a single empty line is read as a
//!   line break and only longer gaps (or lines of spaces) as paragraph breaks.
//! - **Wrapped lines** (a text whose lines all end near one width) are joined while a line is
//!   long; a clearly shorter line ends its paragraph.
//! - **Lists**: a line starting with a bullet (`•`, `-`, `*`, `–`, Word's symbol bullet), a
//!   number (`1.`, `2)`) or a step ("Stap 3:", "Step 3." with text after it), then a space or
//!   a tab, is an item, also on the line right after another one; items in a row make a list. Paragraphs between item *n* and
//!   item *n + 1* of a numbered list belong to item *n* (joined, noted for a human), so the
//!   numbers patients read stay those of the source.
//! - **Headings**: a paragraph of one short line without closing punctuation (a question mark is
//!   allowed: "Hoe werkt het?"), followed by text. The first one before any text is the title.
//!
//! Bytes that are not UTF-8 are an error at the first bad byte: guessing an encoding could turn
//! "patiënt" into "patiÃ«nt" in a leaflet.

use std::path::Path;

use super::ImportError;
use super::draft::{Block, Draft, Inline, Spot, Style};
use crate::diag::{Diagnostic, Location};

/// The bytes as UTF-8 text without a byte order mark, or the error at the first bad byte.
pub fn decode(file: &Path, bytes: &[u8]) -> Result<String, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ImportError::content(
            Diagnostic::error(format!("{} is UTF-16 text, not UTF-8", file.display()))
                .at(Location::new(file, 1, 1))
                .hint("open it in a text editor and save it as \"UTF-8\"; nothing was written"),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.replace("\r\n", "\n").replace('\r', "\n")),
        Err(err) => {
            let good = &bytes[..err.valid_up_to()];
            let valid = std::str::from_utf8(good).expect("valid up to here");
            Err(ImportError::content(
                Diagnostic::error(format!(
                    "{} is not UTF-8 text: byte 0x{:02X} cannot be read",
                    file.display(),
                    bytes[err.valid_up_to()]
                ))
                .at(Location::from_offset(file, valid, valid.len()))
                .hint("open it in a text editor and save it as \"UTF-8\" (Word: Save as → Plain text → Unicode (UTF-8)); nothing was written"),
            ))
        }
    }
}

/// A line of text with its number (1-based) and whether it begins a paragraph.
#[derive(Debug)]
struct Line {
    number: usize,
    text: String,
}

/// Paragraphs of the text: each a list of lines.
fn paragraphs(text: &str) -> Vec<Vec<Line>> {
    let raw: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end()))
        .collect();
    let content: Vec<&str> = raw
        .iter()
        .map(|(_, l)| *l)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let widest = content.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let near_width = content
        .iter()
        .filter(|l| l.chars().count() * 10 >= widest * 8)
        .count();
    let wrapped = widest <= 130 && content.len() >= 4 && near_width * 10 >= content.len() * 3;
    // Double spacing: an empty line after nearly every line of text.
    let touching = raw
        .windows(2)
        .filter(|w| !w[0].1.trim().is_empty() && !w[1].1.trim().is_empty())
        .count();
    let double_spaced = wrapped && touching * 10 <= content.len();

    let mut out: Vec<Vec<Line>> = Vec::new();
    let mut current: Vec<Line> = Vec::new();
    let mut gap: Vec<&str> = Vec::new();
    for (number, line) in &raw {
        if line.trim().is_empty() {
            gap.push(line);
            continue;
        }
        let soft = double_spaced && gap.len() == 1 && gap[0].is_empty();
        let breaks = !gap.is_empty() && !soft;
        gap.clear();
        if breaks && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        current.push(Line {
            number: *number,
            text: line.to_string(),
        });
    }
    if !current.is_empty() {
        out.push(current);
    }
    // Split each paragraph where a line is an item, or where a wrapped line is clearly short.
    let mut split = Vec::new();
    for paragraph in out {
        let mut part: Vec<Line> = Vec::new();
        for line in paragraph {
            let starts_item = item_marker(&line.text).is_some();
            let previous_short = part.last().is_some_and(|last: &Line| {
                !wrapped || last.text.trim().chars().count() * 10 < widest * 7
            });
            if !part.is_empty() && (starts_item || previous_short) {
                split.push(std::mem::take(&mut part));
            }
            part.push(line);
        }
        if !part.is_empty() {
            split.push(part);
        }
    }
    split
}

/// What starts a list item: `Some(None)` for a bullet, `Some(Some(n))` for the number `n`;
/// with the text after the marker. A marker is followed by a space or a tab (Word's "save as
/// text" puts a tab after a list's number or bullet); "Stap 2: …" and "Step 2. …" with text on
/// the same line are item 2 of a numbered list too.
fn item_marker(line: &str) -> Option<(Option<u32>, &str)> {
    let trimmed = line.trim_start();
    let mut chars = trimmed.char_indices();
    let (_, first) = chars.next()?;
    let after_first = &trimmed[first.len_utf8()..];
    if matches!(
        first,
        '•' | '●' | '▪' | '◦' | '–' | '·' | '\u{F0B7}' | '\u{F0A7}'
    ) || (matches!(first, '-' | '*' | 'o') && after_first.starts_with(char::is_whitespace))
    {
        let rest = after_first.trim_start();
        return (!rest.is_empty()).then_some((None, rest));
    }
    let digits: String = trimmed.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() && digits.len() <= 2 {
        let after = &trimmed[digits.len()..];
        if let Some(rest) = after.strip_prefix(['.', ')'])
            && rest.starts_with(char::is_whitespace)
        {
            let rest = rest.trim_start();
            return (!rest.is_empty()).then(|| (digits.parse().ok(), rest));
        }
    }
    step_marker(trimmed)
}

/// The words that name a step: "Stap 1:", "Step 2.", "Fase 3 –".
const STEP_WORDS: [&str; 4] = ["stap", "step", "fase", "stage"];

/// "Stap 2: Neem de tablet in." → (2, "Neem de tablet in."); `None` when no text follows.
fn step_marker(line: &str) -> Option<(Option<u32>, &str)> {
    let word_end = line.find(char::is_whitespace)?;
    if !STEP_WORDS.contains(&line[..word_end].to_lowercase().as_str()) {
        return None;
    }
    let after_word = line[word_end..].trim_start();
    let digits = after_word
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(after_word.len());
    if digits == 0 || digits > 2 {
        return None;
    }
    let number = after_word[..digits].parse().ok()?;
    let after_number = &after_word[digits..];
    let rest = if let Some(rest) = after_number.strip_prefix([':', '.', ')']) {
        rest
    } else {
        after_number
            .trim_start()
            .strip_prefix(['-', '–'])
            .filter(|_| after_number.starts_with(char::is_whitespace))?
    };
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    (!rest.is_empty()).then_some((Some(number), rest))
}

enum Chunk {
    Text(Inline),
    Item { number: Option<u32>, text: Inline },
}

fn joined(lines: &[Line]) -> Inline {
    let text = lines
        .iter()
        .map(|l| l.text.trim())
        .collect::<Vec<_>>()
        .join(" ");
    let line = lines.first().map_or(0, |l| l.number);
    // A web address on its own is a link to it.
    if !text.contains(char::is_whitespace)
        && (text.starts_with("https://") || text.starts_with("http://"))
    {
        let mut inline = Inline {
            runs: Vec::new(),
            line,
        };
        inline.push_link(&text, &text);
        return inline;
    }
    Inline::plain(&text, line)
}

/// "Stap 2:" on a line of its own, followed by text, is item 2 of a numbered list.
fn step_label(text: &str) -> Option<u32> {
    let mut words = text.trim().trim_end_matches(':').split_whitespace();
    let label = words.next()?.to_lowercase();
    let number = words.next()?.parse().ok()?;
    (words.next().is_none() && STEP_WORDS.contains(&label.as_str())).then_some(number)
}

/// (The chunks come with the indent of their first line.)
fn numbered_labels(chunks: Vec<(Chunk, usize)>) -> Vec<(Chunk, usize)> {
    let mut out = Vec::new();
    let mut chunks = chunks.into_iter().peekable();
    while let Some((chunk, indent)) = chunks.next() {
        if let Chunk::Text(label) = &chunk
            && let Some(number) = step_label(&label.plain_text())
            && matches!(chunks.peek(), Some((Chunk::Text(_), _)))
            && let Some((Chunk::Text(mut text), _)) = chunks.next()
        {
            text.line = label.line;
            out.push((
                Chunk::Item {
                    number: Some(number),
                    text,
                },
                indent,
            ));
            continue;
        }
        out.push((chunk, indent));
    }
    out
}

/// A paragraph that reads as a heading: one short line, no closing punctuation but `?`.
fn looks_like_heading(text: &str) -> bool {
    let text = text.trim();
    let words = text.split_whitespace().count();
    !text.is_empty()
        && text.chars().count() <= 80
        && words <= 12
        && !text.ends_with(['.', ':', ';', ',', '!'])
        && text.chars().next().is_some_and(char::is_alphabetic)
}

pub fn read(text: &str) -> Draft {
    let chunks: Vec<(Chunk, usize)> = paragraphs(text)
        .into_iter()
        .map(|lines| {
            let indent = lines[0].text.len() - lines[0].text.trim_start().len();
            let chunk = match item_marker(&lines[0].text) {
                Some((number, rest)) => {
                    let first = Line {
                        number: lines[0].number,
                        text: rest.to_string(),
                    };
                    let mut all = vec![first];
                    all.extend(lines.into_iter().skip(1));
                    Chunk::Item {
                        number,
                        text: joined(&all),
                    }
                }
                None => Chunk::Text(joined(&lines)),
            };
            (chunk, indent)
        })
        .collect();
    let (chunks, indents): (Vec<Chunk>, Vec<usize>) = numbered_labels(chunks).into_iter().unzip();

    let mut draft = Draft::default();
    let mut index = 0;
    let mut seen_text = false;
    while index < chunks.len() {
        match &chunks[index] {
            Chunk::Text(text) => {
                let next_is_content = chunks.get(index + 1).is_some();
                let single_line = !text.plain_text().contains('\n');
                if looks_like_heading(&text.plain_text()) && single_line && next_is_content {
                    let level = if !seen_text && !has_title(&draft) {
                        1
                    } else {
                        2
                    };
                    draft.blocks.push(Block::Heading {
                        level,
                        text: text.clone(),
                    });
                } else {
                    seen_text = true;
                    draft.blocks.push(Block::Paragraph(text.clone()));
                }
                index += 1;
            }
            Chunk::Item { number, .. } => {
                let ordered = number.is_some();
                let mut items: Vec<Inline> = Vec::new();
                let mut expected = number.map(|n| n + 1);
                while let Some(Chunk::Item { number, text }) = chunks.get(index) {
                    if number.is_some() != ordered {
                        break;
                    }
                    items.push(text.clone());
                    index += 1;
                    if let Some(next) = expected {
                        // Paragraphs up to the next number belong to this item.
                        let ahead = chunks[index..].iter().position(
                            |c| matches!(c, Chunk::Item { number: Some(n), .. } if *n == next),
                        );
                        let between_is_text = ahead.is_some_and(|a| {
                            chunks[index..index + a]
                                .iter()
                                .all(|c| matches!(c, Chunk::Text(_)))
                        });
                        if let (Some(a), true) = (ahead, between_is_text)
                            && a > 0
                        {
                            let item = items.last_mut().expect("just pushed");
                            for chunk in &chunks[index..index + a] {
                                if let Chunk::Text(text) = chunk {
                                    append_part(item, text);
                                }
                            }
                            draft.notes.push((
                                Spot::line(item.line),
                                format!(
                                    "step {} had {} after it, joined into one text; split or shorten it (to split it into two steps, give the new step its own message and add its name to the steps: list)",
                                    next - 1,
                                    crate::diag::counted(a, "more paragraph", "more paragraphs")
                                ),
                            ));
                            index += a;
                        }
                        expected = Some(next + 1);
                    } else {
                        // A paragraph between two bullets, indented under the one before in
                        // the source, continues that item, rather than cutting the list in two
                        // and leaving a list of one item after it; a person checks it.
                        let item_indent = indents[index - 1];
                        let between = chunks[index..]
                            .iter()
                            .zip(&indents[index..])
                            .take_while(|(c, indent)| {
                                matches!(c, Chunk::Text(t) if !looks_like_heading(&t.plain_text()))
                                    && **indent > item_indent
                            })
                            .count();
                        if between > 0
                            && matches!(
                                chunks.get(index + between),
                                Some(Chunk::Item { number: None, .. })
                            )
                        {
                            let item = items.last_mut().expect("just pushed");
                            for chunk in &chunks[index..index + between] {
                                if let Chunk::Text(text) = chunk {
                                    item.append(text.clone());
                                }
                            }
                            draft.notes.push((
                                Spot::line(item.line),
                                format!(
                                    "check this list: {} under item {} {} joined to it; if {} not part of that item, make {} a text after the list",
                                    if between == 1 { "the indented paragraph".to_string() } else { format!("{between} indented paragraphs") },
                                    items.len(),
                                    if between == 1 { "was" } else { "were" },
                                    if between == 1 { "it is" } else { "they are" },
                                    if between == 1 { "it" } else { "them" },
                                ),
                            ));
                            index += between;
                        }
                    }
                }
                seen_text = true;
                // "The risks are:" as the first of several bullets introduces the others.
                if !ordered && items.len() > 1 && items[0].plain_text().trim_end().ends_with(':') {
                    let intro = items.remove(0);
                    draft.blocks.push(Block::Paragraph(intro));
                }
                draft.blocks.push(Block::List { ordered, items });
            }
        }
    }
    draft
}

fn has_title(draft: &Draft) -> bool {
    draft
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Heading { level: 1, .. }))
}

/// A paragraph joined into a list item; a heading-like one as a bold lead-in.
fn append_part(item: &mut Inline, part: &Inline) {
    if looks_like_heading(&part.plain_text()) {
        let mut bold = Inline::default();
        bold.push_text(
            part.plain_text().trim(),
            Style {
                bold: true,
                italic: false,
            },
        );
        item.append(bold);
    } else {
        item.append(part.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A paragraph under a bullet, with more bullets after it, continues that item (and is a
    /// to-do): the list is not cut into two, the second of one item.
    #[test]
    fn a_paragraph_between_bullets_continues_the_item_before() {
        let text = "Titel\n\nNeem mee:\n\n  - uw medicijnen\n  - uw pas\n\n    Zonder pas helpen we u niet.\n\n  - uw boek\n\nDaarna naar huis.\n";
        let draft = read(text);
        let lists: Vec<Vec<String>> = draft
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::List { items, .. } => Some(items.iter().map(Inline::plain_text).collect()),
                _ => None,
            })
            .collect();
        assert_eq!(
            lists,
            [[
                "uw medicijnen",
                "uw pas Zonder pas helpen we u niet.",
                "uw boek"
            ]]
        );
        assert_eq!(draft.notes.len(), 1, "{:?}", draft.notes);
        assert!(
            draft.notes[0].1.starts_with(
                "check this list: the indented paragraph under item 2 was joined to it"
            )
        );
    }

    #[test]
    fn headings_lists_and_steps() {
        let text = "Titel van de folder\n\nEen eerste alinea. Met twee zinnen.\n\nHoe werkt het?\n\nZo werkt het.\n\n • een\n • twee\n\n 1. Eerst dit.\n\n  Meer over stap een.\n\n 2. Dan dat.\n";
        let draft = read(text);
        let kinds: Vec<String> = draft
            .blocks
            .iter()
            .map(|b| match b {
                Block::Heading { level, text } => format!("h{level}:{}", text.plain_text()),
                Block::Paragraph(t) => format!("p:{}", t.plain_text()),
                Block::List { ordered, items } => format!(
                    "{}:{}",
                    if *ordered { "ol" } else { "ul" },
                    items
                        .iter()
                        .map(Inline::plain_text)
                        .collect::<Vec<_>>()
                        .join("|")
                ),
                _ => "other".into(),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "h1:Titel van de folder",
                "p:Een eerste alinea. Met twee zinnen.",
                "h2:Hoe werkt het?",
                "p:Zo werkt het.",
                "ul:een|twee",
                "ol:Eerst dit. Meer over stap een.|Dan dat."
            ]
        );
    }

    #[test]
    fn double_spaced_wrapped_text_is_joined() {
        let line = "woord ".repeat(14);
        let text = format!(
            " Titel \n\n{line}\n\n{line}\n\neinde.\n\n \n\nKop\n\n{line}\n\n{line}\n\nslot.\n"
        );
        let draft = read(&text);
        assert_eq!(draft.blocks.len(), 4, "{:?}", draft.blocks);
    }

    fn shape(text: &str) -> Vec<String> {
        read(text)
            .blocks
            .iter()
            .map(|b| match b {
                Block::Heading { level, text } => format!("h{level}:{}", text.plain_text()),
                Block::Paragraph(t) => format!("p:{}", t.plain_text()),
                Block::List { ordered, items } => format!(
                    "{}:{}",
                    if *ordered { "ol" } else { "ul" },
                    items
                        .iter()
                        .map(Inline::plain_text)
                        .collect::<Vec<_>>()
                        .join("|")
                ),
                _ => "other".into(),
            })
            .collect()
    }

    #[test]
    fn items_on_consecutive_lines_are_steps_and_lists() {
        assert_eq!(
            shape(
                "Titel\n\nInleiding hier.\nStap 1: Doe dit eerst.\nStap 2: Doe dat daarna.\nstep 3. Klaar.\n\nSlot.\n"
            ),
            [
                "h1:Titel",
                "p:Inleiding hier.",
                "ol:Doe dit eerst.|Doe dat daarna.|Klaar.",
                "p:Slot."
            ]
        );
        assert_eq!(
            shape(
                "Titel\n\nZo doet u het:\n1.\tDoe dit eerst.\n2)\tDoe dat daarna.\n\nDaarna:\n-\tdrink water\n•\teet iets\n* rust uit\n\nSlot.\n"
            ),
            [
                "h1:Titel",
                "p:Zo doet u het:",
                "ol:Doe dit eerst.|Doe dat daarna.",
                "p:Daarna:",
                "ul:drink water|eet iets|rust uit",
                "p:Slot."
            ]
        );
        // Not items: a decimal, a step word without a number or without text.
        assert_eq!(
            shape(
                "Titel\n\n1.5 liter water per dag is genoeg.\nStappen zijn er niet veel.\nStap 1:\n"
            ),
            [
                "h1:Titel",
                "p:1.5 liter water per dag is genoeg.",
                "p:Stappen zijn er niet veel.",
                "p:Stap 1:"
            ]
        );
    }
}
