//! What a leaflet may not hold, taken out of a draft before it is planned, with what the
//! report says about it:
//!
//! - **invisible characters** that come along when text is copied out of Word, a web page or a
//!   PDF — U+200B ZERO WIDTH SPACE, a byte order mark inside the text, U+2060 WORD JOINER,
//!   U+00AD SOFT HYPHEN and the other invisible format characters `check` refuses — are left
//!   out and counted: nobody meant them, and without them the text reads the same;
//! - **direction controls** (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates,
//!   U+200E/U+200F marks) are left out too, but each is a to-do at its place in the source:
//!   they change the order in which text is shown, so a person checks that the text reads
//!   right without them (`check` refuses the embeddings and overrides in any case, and the site
//!   lays out right-to-left text without them);
//! - **links** to anything but what a message may link to (`l10n::allowed_link`: https, http,
//!   mailto, tel and leaflet) — `javascript:`, `data:`, `vbscript:`, `file:`, a page of the old
//!   site given as `/folders/knie.html` — lose their address and keep their words, and each is
//!   a to-do at its place. A link to a place on the same page (`#top`) just becomes its words.

use super::draft::{Block, Draft, Inline, Run, Spot};

/// Whether `c` is a direction control.
pub fn is_direction_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}'
    )
}

/// Whether `c` is an invisible character with no use in patient text: the ones `check`
/// refuses as invisible (see `load::text`), and the soft hyphen.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'
            | '\u{00AD}'
            | '\u{2060}'..='\u{2065}'
            | '\u{206A}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// A character left out of `text` (byte offset in the cleaned text, the character).
struct Dropped {
    offset: usize,
    ch: char,
}

/// `text` without invisible characters and direction controls; the number of invisible ones,
/// and the direction controls with where they stood. Spaces that meet where a character was
/// taken out become one.
fn strip(text: &str) -> (String, usize, Vec<Dropped>) {
    let mut out = String::with_capacity(text.len());
    let mut invisible = 0;
    let mut controls = Vec::new();
    let mut removed = false;
    for c in text.chars() {
        if is_invisible(c) {
            invisible += 1;
            removed = true;
        } else if is_direction_control(c) {
            controls.push(Dropped {
                offset: out.len(),
                ch: c,
            });
            removed = true;
        } else {
            if removed && c == ' ' && out.ends_with(' ') {
                continue;
            }
            removed = false;
            out.push(c);
        }
    }
    (out, invisible, controls)
}

/// Where in `text` byte `offset` is, in words: "before \"nu.\"", or "after \"… in\"" at
/// the end, to find the place in a file without lines.
fn around(text: &str, offset: usize) -> String {
    let after: String = text[offset..].chars().take(25).collect();
    if !after.trim().is_empty() {
        return format!("before \"{}\"", after.trim());
    }
    let chars: Vec<char> = text[..offset].chars().collect();
    let before: String = chars[chars.len().saturating_sub(25)..].iter().collect();
    format!("after \"{}\"", before.trim())
}

/// Every paragraph of the draft, in reading order.
fn inlines_mut(blocks: &mut [Block]) -> Vec<&mut Inline> {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Heading { text, .. } | Block::Paragraph(text) => out.push(text),
            Block::List { items, .. } => out.extend(items.iter_mut()),
            Block::Table { caption, rows } => {
                out.extend(caption.iter_mut());
                out.extend(rows.iter_mut().flatten());
            }
            Block::Picture(_) | Block::Use { .. } => {}
        }
    }
    out
}

/// Takes out of the draft what a leaflet may not hold; counts the invisible characters in
/// `draft.invisible` and puts a note for each direction control and link left out.
pub fn clean(draft: &mut Draft) {
    let mut blocks = std::mem::take(&mut draft.blocks);
    let mut notes: Vec<(Spot, String)> = Vec::new();
    let mut invisible = 0;
    // Searches in the source go forward: one cursor for the controls, one for the links.
    let (mut control_cursor, mut link_cursor) = (0, 0);
    for inline in inlines_mut(&mut blocks) {
        let line = inline.line;
        let mut runs = Vec::with_capacity(inline.runs.len());
        for run in std::mem::take(&mut inline.runs) {
            let run = match run {
                Run::Text { text, style } => {
                    let (text, n, controls) = strip(&text);
                    invisible += n;
                    for dropped in controls {
                        let spot = draft.locate(line, &dropped.ch.to_string(), &mut control_cursor);
                        notes.push((
                            spot,
                            control_note(dropped.ch, &around(&text, dropped.offset)),
                        ));
                    }
                    Run::Text { text, style }
                }
                Run::Link { text, url } => {
                    let (text, n, controls) = strip(&text);
                    let (url, m, url_controls) = strip(&url);
                    invisible += n + m;
                    for dropped in controls.iter().chain(&url_controls) {
                        let spot = draft.locate(line, &dropped.ch.to_string(), &mut control_cursor);
                        notes.push((
                            spot,
                            control_note(dropped.ch, &format!("in the link \"{text}\"")),
                        ));
                    }
                    if crate::l10n::allowed_link(&url) {
                        Run::Link { text, url }
                    } else if url.starts_with('#') {
                        // A place on the same page ("back to the top"): the leaflet's page
                        // has its own headings and table of contents.
                        Run::Text {
                            text,
                            style: Default::default(),
                        }
                    } else {
                        let spot = draft.locate(line, &url, &mut link_cursor);
                        notes.push((
                            spot,
                            format!(
                                "the link of \"{text}\" to \"{}\" was left out, its words stay: a leaflet links only to web pages (https://…), e-mail addresses (mailto:…), phone numbers (tel:…) and other leaflets (leaflet:<id>); add the right address if the link is needed",
                                shorten(&url)
                            ),
                        ));
                        Run::Text {
                            text,
                            style: Default::default(),
                        }
                    }
                }
                other => other,
            };
            runs.push(run);
        }
        // Joined again, so neighbouring runs of one style are one run.
        let mut cleaned = Inline {
            runs: Vec::new(),
            line,
        };
        cleaned.append_runs(Inline { runs, line });
        *inline = cleaned;
    }
    for picture in &mut draft.pictures {
        if let Some(alt) = &mut picture.alt {
            let (text, n, controls) = strip(alt);
            invisible += n;
            for dropped in controls {
                notes.push((
                    Spot::default(),
                    control_note(dropped.ch, &around(&text, dropped.offset)),
                ));
            }
            *alt = text;
        }
    }
    draft.blocks = blocks;
    draft.invisible += invisible;
    draft.notes.extend(notes);
}

fn control_note(ch: char, place: &str) -> String {
    let name = match ch {
        '\u{200E}' => "U+200E LEFT-TO-RIGHT MARK".to_string(),
        '\u{200F}' => "U+200F RIGHT-TO-LEFT MARK".to_string(),
        other => crate::load::describe(other),
    };
    format!(
        "{name} {place} was left out: it changes the order in which text is shown; check in the source that the text reads the same without it"
    )
}

/// A long address (a `data:` one can be a whole picture) cut to its start.
fn shorten(url: &str) -> String {
    if url.chars().count() <= 60 {
        return url.to_string();
    }
    let start: String = url.chars().take(57).collect();
    format!("{start}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::draft::Style;

    #[test]
    fn invisible_characters_go_and_controls_and_links_are_noted() {
        let mut paragraph = Inline::plain("x", 2);
        paragraph.runs = vec![
            Run::Text {
                text: "Neem\u{200B} de zet\u{00AD}pil \u{2060} in \u{202E}nu\u{202C}.\u{FEFF}"
                    .into(),
                style: Style::default(),
            },
            Run::Link {
                text: "klik".into(),
                url: "javascript:alert(1)".into(),
            },
            Run::Link {
                text: "site".into(),
                url: "https://example.org".into(),
            },
        ];
        let mut draft = Draft {
            blocks: vec![Block::Paragraph(paragraph)],
            source: Some(
                "Titel\n\nNeem\u{200B} de zet\u{00AD}pil \u{2060} in \u{202E}nu\u{202C}.\u{FEFF}[klik](javascript:alert(1))".into(),
            ),
            ..Draft::default()
        };
        // The inline starts on line 3 of the source.
        if let Block::Paragraph(p) = &mut draft.blocks[0] {
            p.line = 3;
        }
        clean(&mut draft);
        let Block::Paragraph(text) = &draft.blocks[0] else {
            panic!()
        };
        assert_eq!(text.plain_text(), "Neem de zetpil in nu.kliksite");
        assert_eq!(draft.invisible, 4);
        let notes: Vec<String> = draft
            .notes
            .iter()
            .map(|(spot, note)| format!("{spot}{}", note.split(" was left out").next().unwrap()))
            .collect();
        assert_eq!(
            notes,
            [
                "line 3, column 23: U+202E RIGHT-TO-LEFT OVERRIDE before \"nu.\"",
                "line 3, column 26: U+202C POP DIRECTIONAL FORMATTING before \".\"",
                "line 3, column 36: the link of \"klik\" to \"javascript:alert(1)\"",
            ]
        );
    }
}
