//! Recognising what the site already knows in an imported draft:
//!
//! - **phone numbers** (found by `translations::content::phone_numbers`, libphonenumber for the
//!   site's country, the same finder `check` uses) that equal a contact's number in
//!   `site.yaml`, compared as digits: the leaflet's contact becomes the contact whose number
//!   comes first; its number becomes `{ $phone }`, its after-hours number `{ $after_hours }`,
//!   another contact's number `{ $<name>_phone }` with `with: { <name>: org/contact }`.
//!   Unknown numbers stay in the text (so `check` stops on them) and are listed.
//! - **opening hours**: in a text that gives both the contact's opening and closing time
//!   ("tussen 8.00 en 16.30 uur"), the times become `{ $opens }` and `{ $closes }`.
//! - **shared blocks**: a section (a heading and what follows it up to the next heading) or a
//!   single paragraph whose words equal a shared block's default-language text (normalised:
//!   case, punctuation and spacing ignored, see `similarity`) becomes `use:` of that block;
//!   one that is only alike is reported with its similarity.

use std::collections::BTreeMap;

use super::draft::{Block, Draft, Inline, Run, Spot, Style};
use super::similarity::{jaccard, normalised, shingles};
use crate::translations::content::phone_numbers;

/// A contact of site.yaml as recognition needs it.
#[derive(Debug, Clone)]
pub struct KnownContact {
    /// `org/contact`.
    pub key: String,
    pub phone: String,
    pub after_hours: Option<String>,
    /// Opening and closing time (`HH:MM`) when every open day has the same.
    pub times: Option<(String, String)>,
}

/// A shared block as recognition needs it: its name and its default-language text.
#[derive(Debug, Clone)]
pub struct KnownBlock {
    pub name: String,
    pub text: String,
    /// Variables its texts use that are not a contact's: arguments a leaflet passes by `with:`.
    pub arguments: Vec<String>,
}

/// What the site knows.
pub struct Knowledge {
    pub contacts: Vec<KnownContact>,
    pub country: Option<phonenumber::country::Id>,
    pub blocks: Vec<KnownBlock>,
}

/// What was recognised, for the leaflet file and the report.
#[derive(Debug, Default)]
pub struct Recognised {
    /// The leaflet's contact, when a number of one was found.
    pub contact: Option<String>,
    /// `with:` contacts: variable prefix → `org/contact`.
    pub with: BTreeMap<String, String>,
    /// (line, number as written, what it became).
    pub numbers: Vec<(usize, String, String)>,
    /// (place in the source, number as written): not a contact's.
    pub unknown_numbers: Vec<(Spot, String)>,
    /// Whether opening hours became variables somewhere.
    pub hours: usize,
    /// (place, to-do): a contact's opening hours in a leaflet whose contact is not known.
    pub hour_notes: Vec<(Spot, String)>,
    /// (line, block, arguments it needs).
    pub blocks_used: Vec<(usize, String, Vec<String>)>,
    /// (line, what, block, similarity): alike but not the same.
    pub near_blocks: Vec<(usize, String, String, f64)>,
}

/// Sections whose similarity to a block is at least this are reported as near matches.
pub const NEAR: f64 = 0.4;

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

pub fn recognise(draft: &mut Draft, known: &Knowledge) -> Recognised {
    let mut found = Recognised::default();
    recognise_numbers(draft, known, &mut found);
    recognise_blocks(draft, known, &mut found);
    found
}

/// Every paragraph of the draft, in reading order, mutable.
fn inlines_mut(draft: &mut Draft) -> Vec<&mut Inline> {
    let mut out = Vec::new();
    for block in &mut draft.blocks {
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

fn recognise_numbers(draft: &mut Draft, known: &Knowledge, found: &mut Recognised) {
    let by_digits = |number: &str| {
        let d = digits(number);
        known.contacts.iter().find(|c| digits(&c.phone) == d)
    };
    // The leaflet's contact: the first whose own number the text gives.
    'outer: for inline in inlines_mut(draft) {
        for run in &inline.runs {
            if let Run::Text { text, .. } = run {
                for number in phone_numbers(text, known.country) {
                    if let Some(contact) = by_digits(&number) {
                        found.contact = Some(contact.key.clone());
                        break 'outer;
                    }
                }
            }
        }
    }
    let own = found
        .contact
        .as_ref()
        .and_then(|key| known.contacts.iter().find(|c| &c.key == key))
        .cloned();
    let mut unknown = Vec::new();
    for inline in inlines_mut(draft) {
        let line = inline.line;
        let mut runs = Vec::new();
        for run in std::mem::take(&mut inline.runs) {
            let Run::Text { text, style } = run else {
                runs.push(run);
                continue;
            };
            let mut rest = text.as_str();
            for number in phone_numbers(&text, known.country) {
                let Some(at) = rest.find(&number) else {
                    continue;
                };
                let d = digits(&number);
                let variable = match &own {
                    Some(own) if digits(&own.phone) == d => Some("phone".to_string()),
                    Some(own) if own.after_hours.as_deref().map(digits) == Some(d.clone()) => {
                        Some("after_hours".to_string())
                    }
                    _ => by_digits(&number).map(|other| {
                        let alias = other
                            .key
                            .rsplit('/')
                            .next()
                            .unwrap_or(&other.key)
                            .replace('-', "_");
                        found.with.insert(alias.clone(), other.key.clone());
                        format!("{alias}_phone")
                    }),
                };
                match variable {
                    Some(variable) => {
                        push_text(&mut runs, &rest[..at], style);
                        runs.push(Run::Variable(variable.clone()));
                        found
                            .numbers
                            .push((line, number.clone(), format!("{{ ${variable} }}")));
                        rest = &rest[at + number.len()..];
                    }
                    None => unknown.push((line, number.clone())),
                }
            }
            push_text(&mut runs, rest, style);
        }
        inline.runs = runs;
        // The contact's hours in any sentence, with or without its number beside them (a
        // text file wraps a sentence over paragraphs a Word file keeps together).
        if let Some((opens, closes)) = own.as_ref().and_then(|c| c.times.clone()) {
            found.hours += replace_times(inline, &opens, &closes);
        } else if let Some(contact) = known.contacts.iter().find(|c| {
            c.times
                .as_ref()
                .is_some_and(|(opens, closes)| gives_both(inline, opens, closes))
        }) {
            let (opens, closes) = contact.times.clone().unwrap_or_default();
            found.hour_notes.push((
                Spot::line(line),
                format!(
                    "the times {opens} and {closes} are the opening hours of the contact {}: when it is this leaflet's contact, write {{ $opens }} and {{ $closes }} instead",
                    contact.key
                ),
            ));
        }
    }
    // Each number at its own line and column, not at the start of its paragraph.
    let mut cursor = 0;
    found.unknown_numbers = unknown
        .into_iter()
        .map(|(line, number)| (draft.locate(line, &number, &mut cursor), number))
        .collect();
}

fn push_text(runs: &mut Vec<Run>, text: &str, style: Style) {
    if !text.is_empty() {
        runs.push(Run::Text {
            text: text.to_string(),
            style,
        });
    }
}

/// Whether a paragraph gives both the opening and the closing time.
fn gives_both(inline: &Inline, opens: &str, closes: &str) -> bool {
    let times: Vec<String> = inline
        .runs
        .iter()
        .filter_map(|r| match r {
            Run::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .flat_map(crate::format::clock_times)
        .map(|t| t.2)
        .collect();
    times.iter().any(|t| t == opens) && times.iter().any(|t| t == closes)
}

/// Replaces the contact's opening and closing time in a paragraph that gives both.
fn replace_times(inline: &mut Inline, opens: &str, closes: &str) -> usize {
    if !gives_both(inline, opens, closes) {
        return 0;
    }
    let mut count = 0;
    let mut runs = Vec::new();
    for run in std::mem::take(&mut inline.runs) {
        let Run::Text { text, style } = run else {
            runs.push(run);
            continue;
        };
        let mut last = 0;
        for (start, end, time) in crate::format::clock_times(&text) {
            let variable = if time == opens {
                "opens"
            } else if time == closes {
                "closes"
            } else {
                continue;
            };
            push_text(&mut runs, &text[last..start], style);
            runs.push(Run::Variable(variable.into()));
            last = end;
            count += 1;
        }
        push_text(&mut runs, &text[last..], style);
    }
    inline.runs = runs;
    count
}

/// The text of a run of blocks, for comparison with a shared block.
fn blocks_text(blocks: &[Block]) -> String {
    let mut parts = Vec::new();
    for block in blocks {
        match block {
            Block::Heading { text, .. } | Block::Paragraph(text) => parts.push(text.plain_text()),
            Block::List { items, .. } => parts.extend(items.iter().map(Inline::plain_text)),
            Block::Table { rows, .. } => {
                parts.extend(rows.iter().flatten().map(Inline::plain_text))
            }
            Block::Picture(_) | Block::Use { .. } => {}
        }
    }
    parts.join(" ")
}

fn first_line(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .find_map(|b| match b {
            Block::Heading { text, .. } | Block::Paragraph(text) => Some(text.line),
            Block::List { items, .. } => items.first().map(|i| i.line),
            _ => None,
        })
        .unwrap_or(0)
}

fn recognise_blocks(draft: &mut Draft, known: &Knowledge, found: &mut Recognised) {
    if known.blocks.is_empty() {
        return;
    }
    let prepared: Vec<(&KnownBlock, String, _)> = known
        .blocks
        .iter()
        .map(|b| (b, normalised(&b.text), shingles(&b.text)))
        .filter(|(_, n, _)| !n.is_empty())
        .collect();
    // Candidate passages: each section (heading to next heading) and each single block.
    let mut index = 0;
    // A section reported as like a block is not reported again paragraph by paragraph.
    let mut reported_until = 0;
    let mut out: Vec<Block> = Vec::new();
    let blocks = std::mem::take(&mut draft.blocks);
    while index < blocks.len() {
        let section_end = if matches!(blocks[index], Block::Heading { .. }) {
            blocks[index + 1..]
                .iter()
                .position(|b| matches!(b, Block::Heading { .. }))
                .map_or(blocks.len(), |p| index + 1 + p)
        } else {
            index + 1
        };
        let mut matched = false;
        // Longest first: the whole section, then the block alone.
        let ends = if section_end > index + 1 {
            vec![section_end, index + 1]
        } else {
            vec![index + 1]
        };
        for end in ends {
            let passage = &blocks[index..end];
            let text = blocks_text(passage);
            let norm = normalised(&text);
            if norm.split(' ').count() < 4 {
                continue;
            }
            let set = shingles(&text);
            let best = prepared
                .iter()
                .map(|(block, n, s)| (block, *n == norm, jaccard(&set, s)))
                .max_by(|a, b| a.2.total_cmp(&b.2));
            let Some((block, equal, score)) = best else {
                continue;
            };
            let line = first_line(passage);
            if equal {
                found
                    .blocks_used
                    .push((line, block.name.clone(), block.arguments.clone()));
                out.push(Block::Use {
                    name: block.name.clone(),
                    line,
                });
                index = end;
                matched = true;
                break;
            } else if score >= NEAR && end == section_end && index >= reported_until {
                reported_until = section_end;
                let what = match &passage[0] {
                    Block::Heading { text, .. } => format!("the section \"{}\"", text.plain_text()),
                    _ => "a paragraph".to_string(),
                };
                found
                    .near_blocks
                    .push((line, what, block.name.clone(), score));
            }
        }
        if !matched {
            out.push(blocks[index].clone());
            index += 1;
        }
    }
    draft.blocks = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn knowledge() -> Knowledge {
        Knowledge {
            contacts: vec![
                KnownContact {
                    key: "umcg/pijncentrum".into(),
                    phone: "050 361 48 86".into(),
                    after_hours: Some("050 361 61 61".into()),
                    times: Some(("08:00".into(), "16:30".into())),
                },
                KnownContact {
                    key: "zgt/polikliniek-chirurgie".into(),
                    phone: "088 708 52 31".into(),
                    after_hours: None,
                    times: None,
                },
            ],
            country: "NL".parse().ok(),
            blocks: vec![KnownBlock {
                name: "call".into(),
                text: "Bel ons als u koorts heeft. Ons nummer is { $phone }.".into(),
                arguments: vec![],
            }],
        }
    }

    #[test]
    fn numbers_and_hours_become_variables() {
        let mut draft = Draft {
            blocks: vec![Block::Paragraph(Inline::plain(
                "Bel maandag tot vrijdag tussen 8.00 en 16.30 uur: (050) 361 48 86. 's Nachts 050-3616161. Of ZGT 088 708 52 31, niet 020 123 45 67.",
                3,
            ))],
            ..Draft::default()
        };
        let found = recognise(&mut draft, &knowledge());
        assert_eq!(found.contact.as_deref(), Some("umcg/pijncentrum"));
        let Block::Paragraph(text) = &draft.blocks[0] else {
            panic!()
        };
        assert_eq!(
            text.plain_text(),
            "Bel maandag tot vrijdag tussen { $opens } en { $closes } uur: { $phone }. 's Nachts { $after_hours }. Of ZGT { $polikliniek_chirurgie_phone }, niet 020 123 45 67."
        );
        assert_eq!(
            found.unknown_numbers,
            vec![(Spot::line(3), "020 123 45 67".to_string())]
        );
        assert_eq!(
            found.with["polikliniek_chirurgie"],
            "zgt/polikliniek-chirurgie"
        );
    }

    #[test]
    fn a_paragraph_equal_to_a_block_becomes_its_use() {
        let mut draft = Draft {
            blocks: vec![
                Block::Paragraph(Inline::plain("Eerst iets anders, met genoeg woorden.", 1)),
                Block::Paragraph(Inline::plain(
                    "Bel ons als u koorts heeft! Ons nummer is 050 361 48 86",
                    3,
                )),
            ],
            ..Draft::default()
        };
        let found = recognise(&mut draft, &knowledge());
        assert!(matches!(&draft.blocks[1], Block::Use { name, .. } if name == "call"));
        assert_eq!(found.blocks_used.len(), 1);
    }
}
