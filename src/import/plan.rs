//! A recognised draft → the files of a leaflet in the project's own formats: `leaflets/<id>.yaml`
//! (the structure, with the scaffold marker of `leaflet new` and its placeholders for what only
//! a person can choose, so `check` stops until they are done), `locales/<L>/<id>.ftl` (one
//! message per heading, paragraph, list item and cell) and the pictures in `images/`.
//!
//! Message ids are readable slugs of the heading a text is under ("Hoe werkt het?" →
//! `hoe-werkt-het-title`, `hoe-werkt-het`, `hoe-werkt-het-2`, `hoe-werkt-het-item-1`), never
//! the same as an id of `site.ftl` or of a shared block, since they share one Fluent bundle.
//! A picture's description and a table's caption, which the source rarely has, are left
//! undefined with a to-do comment where they belong, so `check` reports them as missing.

use std::collections::BTreeSet;
use std::path::PathBuf;

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use super::draft::{Block, Draft, Inline, Spot};
use super::fluent::{self, Entry};
use super::recognise::Recognised;
use crate::governance::readability::LONG_SENTENCE_WORDS;
use crate::paths;
use crate::starter::{CHOOSE_CONTACT, CHOOSE_DEPARTMENT, CHOOSE_OWNER, MARKER};

/// What the plan needs to know of the project.
pub struct Context<'a> {
    pub id: &'a str,
    pub locale: &'a str,
    pub default_locale: &'a str,
    /// The imported file, as the user named it.
    pub source: &'a str,
    pub today: jiff::civil::Date,
    /// Message ids of `site.ftl` and the shared blocks.
    pub taken: &'a BTreeSet<String>,
    pub departments: &'a [String],
    pub contacts: &'a [String],
}

/// The files of one imported leaflet and what a person must still do.
pub struct Plan {
    pub id: String,
    /// (path relative to the project, bytes), the YAML file first.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    pub messages: usize,
    pub todos: Vec<Todo>,
}

/// A to-do found before the plan (by the reader, the cleaning, the recognition, the duplicate
/// finder), at its place in the source. The plan writes it above the message that text became.
pub struct Note {
    pub spot: Spot,
    pub text: String,
    /// Another line of the source the text speaks of: `{earlier}` in the text becomes the
    /// message that line became (`message "hoe-werkt-het"`).
    pub earlier: Option<usize>,
}

/// What a person must still do: written as a `# TO DO (leaflet import):` line into the `.ftl`
/// file (which `check` reports until the line is gone), at `line`, above `message`.
pub struct Todo {
    pub file: PathBuf,
    pub line: usize,
    pub message: Option<String>,
    pub text: String,
    /// Where in the imported file it came from (line 0: nowhere in particular).
    pub source: Spot,
}

/// Lower-case ASCII words of a text, accents taken off ("patiënt" → "patient").
pub fn slug_words(text: &str) -> Vec<String> {
    // "risico's" is one word.
    let folded: String = text
        .replace(['\'', '’'], "")
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect();
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// A slug of at most four words and 32 characters that starts with a letter.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for word in slug_words(text).into_iter().take(4) {
        if !out.is_empty() && out.len() + word.len() + 1 > 32 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word[..word.len().min(32)]);
    }
    if out.is_empty() {
        return "part".into();
    }
    if !out.starts_with(|c: char| c.is_ascii_lowercase()) {
        out.insert_str(0, "part-");
    }
    out
}

struct Writer<'a> {
    ctx: &'a Context<'a>,
    used: BTreeSet<String>,
    entries: Vec<Entry>,
    /// The place in the source of each entry (line 0 when it has none).
    spots: Vec<Spot>,
    /// Whether a to-do entry is about the message below it (not when a note's place in the
    /// source became no message the plan knows the line of: then it is put at the top).
    about_next: Vec<bool>,
    yaml: Vec<String>,
    messages: usize,
    pictures: Vec<(PathBuf, Vec<u8>)>,
}

impl Writer<'_> {
    /// `base`, or `base-2`, `base-3` … : an id no other message has.
    fn unique(&mut self, base: &str) -> String {
        let mut candidate = base.to_string();
        let mut n = 2;
        while self.used.contains(&candidate) || self.ctx.taken.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.used.insert(candidate.clone());
        candidate
    }

    fn push(&mut self, entry: Entry, spot: Spot) {
        self.entries.push(entry);
        self.spots.push(spot);
        self.about_next.push(true);
    }

    fn message(&mut self, base: &str, text: &Inline) -> String {
        let id = self.unique(base);
        self.long_sentences(text);
        self.push(
            Entry::Message {
                id: id.clone(),
                markdown: text.markdown(),
            },
            Spot::line(text.line),
        );
        self.messages += 1;
        id
    }

    /// A to-do above the entry that comes next.
    fn todo(&mut self, text: String, spot: Spot) {
        self.push(Entry::Todo(text), spot);
    }

    /// A message left undefined (commented out), with the to-do that says what to write.
    fn todo_message(&mut self, base: &str, what: &str) -> String {
        let id = self.unique(base);
        self.todo(
            format!("{what}; write it after the = of the next line, delete the \"# \" in front of that line, and delete this line"),
            Spot::default(),
        );
        self.push(Entry::Comment(format!("{id} =")), Spot::default());
        id
    }

    fn long_sentences(&mut self, text: &Inline) {
        for sentence in text.plain_text().unicode_sentences() {
            let words = sentence
                .unicode_words()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .count();
            if words > LONG_SENTENCE_WORDS {
                let start: String = sentence.chars().take(60).collect();
                self.todo(
                    format!(
                        "a sentence of {words} words (\"{}…\"); split it into shorter ones",
                        start.trim()
                    ),
                    Spot::line(text.line),
                );
            }
        }
    }
}

fn flow_list(ids: &[String]) -> String {
    format!("[{}]", ids.join(", "))
}

pub fn plan(draft: &Draft, found: &Recognised, notes: &[Note], ctx: &Context<'_>) -> Plan {
    let mut w = Writer {
        ctx,
        used: BTreeSet::new(),
        entries: Vec::new(),
        spots: Vec::new(),
        about_next: Vec::new(),
        yaml: Vec::new(),
        messages: 0,
        pictures: Vec::new(),
    };
    let id = ctx.id;
    // The title: the first level-1 heading, else the file name.
    let title_block = draft
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Heading { level: 1, .. }));
    let title = match title_block.map(|i| &draft.blocks[i]) {
        Some(Block::Heading { text, .. }) => text.clone(),
        _ => {
            w.todo(
                "the source has no title: write the leaflet's title in the message below".into(),
                Spot::default(),
            );
            Inline::plain(&id.replace('-', " "), 0)
        }
    };
    if ctx.locale != ctx.default_locale {
        w.todo(
            format!(
                "the texts are in {}: every leaflet needs its texts in the site's default language too; write {} (same message names), then confirm the translation",
                ctx.locale,
                paths::ftl_path(ctx.default_locale, id).display()
            ),
            Spot::default(),
        );
    }
    w.used.insert("title".into());
    w.used.insert("summary".into());
    w.push(
        Entry::Message {
            id: "title".into(),
            markdown: title.markdown(),
        },
        Spot::line(title.line),
    );
    // The summary: the first sentence of the first paragraph, for the list of leaflets. Not
    // one holding a recognised phone number or time: the summary is plain text, where
    // `{ $phone }` would reach readers as those very characters (hostile review).
    let first_sentence = draft
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(text) => Some(text.plain_text()),
            _ => None,
        })
        .flat_map(|text| {
            text.unicode_sentences()
                .map(|s| s.trim().to_string())
                .collect::<Vec<_>>()
        })
        .find(|s| !s.is_empty() && !s.contains('$') && !s.contains('{'))
        .unwrap_or_default();
    w.todo(
        "check the summary below: one short sentence for the list of leaflets (the import took the first sentence)"
            .into(),
        Spot::default(),
    );
    w.push(
        Entry::Message {
            id: "summary".into(),
            markdown: Inline::plain(&first_sentence, 0).markdown(),
        },
        Spot::default(),
    );
    w.messages += 2;

    let mut base = "intro".to_string();
    let mut picture_number = 0;
    for (index, block) in draft.blocks.iter().enumerate() {
        if Some(index) == title_block {
            continue;
        }
        match block {
            Block::Heading { level, text } => {
                base = slug(&text.plain_text());
                w.push(Entry::Blank, Spot::default());
                let message = w.message(&format!("{base}-title"), text);
                let kind = if *level <= 2 { "heading" } else { "subheading" };
                w.yaml.push(format!("  - {kind}: {message}"));
            }
            Block::Paragraph(text) => {
                let message = w.message(&base.clone(), text);
                w.yaml.push(format!("  - text: {message}"));
            }
            Block::List { ordered, items } => {
                let kind = if *ordered { "step" } else { "item" };
                let ids: Vec<String> = items
                    .iter()
                    .enumerate()
                    .map(|(n, item)| w.message(&format!("{base}-{kind}-{}", n + 1), item))
                    .collect();
                let key = if *ordered { "steps" } else { "list" };
                w.yaml.push(format!("  - {key}: {}", flow_list(&ids)));
            }
            Block::Table { caption, rows } => {
                let width = rows.iter().map(Vec::len).max().unwrap_or(0);
                let table = w.unique(&format!("{base}-table"));
                if rows.len() < 2 {
                    w.todo(
                        format!("the table \"{table}\" has only a header row; add rows or make it a list"),
                        Spot::default(),
                    );
                }
                let caption = match caption {
                    Some(caption) => w.message(&format!("{table}-caption"), caption),
                    None => w.todo_message(
                        &format!("{table}-caption"),
                        "the table has no caption: say in a few words what it shows",
                    ),
                };
                let mut empty: Option<String> = None;
                let mut lines = Vec::new();
                for (r, row) in rows.iter().enumerate() {
                    let mut cells = Vec::new();
                    for c in 0..width {
                        match row.get(c).filter(|cell| !cell.is_empty()) {
                            Some(cell) => {
                                cells.push(w.message(&format!("{table}-{}-{}", r + 1, c + 1), cell))
                            }
                            None => {
                                let id = match &empty {
                                    Some(id) => id.clone(),
                                    None => {
                                        let id = w.message(
                                            &format!("{table}-empty"),
                                            &Inline::plain("–", 0),
                                        );
                                        empty = Some(id.clone());
                                        id
                                    }
                                };
                                cells.push(id);
                            }
                        }
                    }
                    lines.push(cells);
                }
                let mut rows_iter = lines.into_iter();
                let header = rows_iter.next().unwrap_or_default();
                w.yaml.push("  - table:".into());
                w.yaml.push(format!("      caption: {caption}"));
                w.yaml.push(format!("      header: {}", flow_list(&header)));
                w.yaml.push("      rows:".into());
                for row in rows_iter {
                    w.yaml.push(format!("        - {}", flow_list(&row)));
                }
            }
            Block::Picture(number) => {
                let Some(picture) = draft.pictures.get(*number) else {
                    continue;
                };
                picture_number += 1;
                let file = PathBuf::from("images")
                    .join(format!("{id}-{picture_number}.{}", picture.extension));
                let alt = match &picture.alt {
                    Some(alt) => {
                        w.todo(
                            format!(
                                "check the picture's description below: it came with the source; it must say what {} shows",
                                file.display()
                            ),
                            Spot::default(),
                        );
                        w.message(
                            &format!("{base}-picture-{picture_number}"),
                            &Inline::plain(alt, 0),
                        )
                    }
                    None => w.todo_message(
                        &format!("{base}-picture-{picture_number}"),
                        &format!(
                            "say in words what {} shows, for readers who cannot see it",
                            file.display()
                        ),
                    ),
                };
                w.yaml.push(format!(
                    "  - image: {{ file: {}, alt: {alt} }}",
                    file.display()
                ));
                w.pictures.push((file, picture.bytes.clone()));
            }
            Block::Use { name, .. } => {
                w.yaml.push(format!("  - use: {name}"));
                if let Some((_, _, arguments)) =
                    found.blocks_used.iter().find(|(_, n, _)| n == name)
                    && !arguments.is_empty()
                {
                    let mut with = Vec::new();
                    for argument in arguments {
                        let message = w.todo_message(
                            &format!("{name}-{argument}"),
                            &format!("the shared block {name} says {{ ${argument} }}: write the words it stands for in this leaflet"),
                        );
                        with.push(format!("{argument}: {message}"));
                    }
                    w.yaml.push(format!("    with: {{ {} }}", with.join(", ")));
                }
            }
        }
    }

    let ftl_path = paths::ftl_path(ctx.locale, id);
    let yaml_path = paths::leaflet_file(id);
    let review_by = ctx.today.saturating_add(jiff::Span::new().years(2));
    let code: String = id
        .split('-')
        .filter_map(|w| w.chars().next())
        .collect::<String>()
        .to_uppercase();
    let mut yaml = format!(
        "{MARKER} imported by `leaflet import`: choose the code, department, contact and owner below, set reviewed to the day the content was checked, then delete this line.\n# {id}: imported from {}. Its texts are in {}.\ncode: {code}-1\nversion: 1\nreviewed: {}\nreview_by: {review_by}\n# departments: {}\ndepartment: {CHOOSE_DEPARTMENT}\n",
        yaml_comment(ctx.source),
        ftl_path.display(),
        ctx.today,
        ctx.departments.join(", "),
    );
    match &found.contact {
        Some(contact) => yaml.push_str(&format!(
            "# recognised from its phone number; the contacts: {}\ncontact: {contact}\n",
            ctx.contacts.join(", ")
        )),
        None => yaml.push_str(&format!(
            "# contacts: {}\ncontact: {CHOOSE_CONTACT}\n",
            ctx.contacts.join(", ")
        )),
    }
    if !found.with.is_empty() {
        let with: Vec<String> = found
            .with
            .iter()
            .map(|(alias, key)| format!("{alias}: {key}"))
            .collect();
        yaml.push_str(&format!("with: {{ {} }}\n", with.join(", ")));
    }
    yaml.push_str(&format!("owner: {CHOOSE_OWNER}\nbody:\n"));
    for line in &w.yaml {
        yaml.push_str(line);
        yaml.push('\n');
    }
    let header = vec![
        format!(
            "Texts of the leaflet {id} ({}), imported from {}.",
            ctx.locale,
            ctx.source.replace('\n', " ")
        ),
        format!(
            "Structure: {}. Lines starting with \"TO DO\" need you: `leaflet check` reports them until they are done and deleted.",
            yaml_path.display()
        ),
    ];
    place_notes(&mut w, notes);
    let ftl = fluent::serialize(&header, &w.entries);
    let todos = todos_of(&w, &ftl, &ftl_path);
    let mut files = vec![(yaml_path, yaml.into_bytes()), (ftl_path, ftl.into_bytes())];
    files.extend(w.pictures);
    Plan {
        id: id.to_string(),
        files,
        messages: w.messages,
        todos,
    }
}

/// Each note above the message its place in the source became: the last message that starts
/// at or before the note's line (after the to-dos already above it), else at the top.
fn place_notes(w: &mut Writer<'_>, notes: &[Note]) {
    let mut notes: Vec<&Note> = notes.iter().collect();
    notes.sort_by_key(|note| note.spot);
    let message_at = |w: &Writer<'_>, line: usize| {
        (0..w.entries.len()).rev().find(|&i| {
            matches!(w.entries[i], Entry::Message { .. })
                && w.spots[i].line > 0
                && w.spots[i].line <= line
        })
    };
    for note in notes.into_iter().rev() {
        let message = message_at(w, note.spot.line);
        let mut text = note.text.clone();
        if let Some(line) = note.earlier {
            let earlier = match message_at(w, line).map(|i| &w.entries[i]) {
                Some(Entry::Message { id, .. }) => format!("message \"{id}\""),
                _ => format!("line {line} of the source"),
            };
            text = text.replace("{earlier}", &earlier);
        }
        let at = match message {
            Some(mut at) => {
                while at > 0 && matches!(w.entries[at - 1], Entry::Todo(_)) {
                    at -= 1;
                }
                at
            }
            None => 0,
        };
        w.entries.insert(at, Entry::Todo(text));
        w.spots.insert(at, note.spot);
        w.about_next.insert(at, message.is_some());
    }
}

/// The to-dos as written: the line of each in the `.ftl` file and the message below it.
fn todos_of(w: &Writer<'_>, ftl: &str, ftl_path: &std::path::Path) -> Vec<Todo> {
    let mut lines = ftl
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with(crate::starter::TODO_MARK))
        .map(|(i, _)| i + 1);
    let mut out = Vec::new();
    for (index, entry) in w.entries.iter().enumerate() {
        let Entry::Todo(text) = entry else {
            continue;
        };
        let message = w.about_next[index]
            .then(|| {
                w.entries[index + 1..].iter().find_map(|next| match next {
                    Entry::Message { id, .. } => Some(id.clone()),
                    Entry::Comment(c) => c.strip_suffix(" =").map(str::to_string),
                    _ => None,
                })
            })
            .flatten();
        out.push(Todo {
            file: ftl_path.to_path_buf(),
            line: lines.next().unwrap_or(0),
            message,
            text: text.clone(),
            source: w.spots[index],
        });
    }
    out
}

/// A file name inside a YAML comment: on one line.
fn yaml_comment(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable() {
        assert_eq!(slug("Hoe werkt het?"), "hoe-werkt-het");
        assert_eq!(
            slug("Tips voor de patiënt thuis na de operatie"),
            "tips-voor-de-patient"
        );
        assert_eq!(slug("1. Eerste stap"), "part-1-eerste-stap");
        assert_eq!(slug("???"), "part");
    }
}
