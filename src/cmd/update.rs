//! `leaflet import --update FILE.docx`: a Word file made by `leaflet export` and edited by a
//! reviewer, brought back as changes to the leaflet's own texts in the default language.
//!
//! The export records which of the leaflet's messages each paragraph shows (custom document
//! properties, `import::export`). The update makes the same export of the leaflet as it is now
//! and compares the two paragraph by paragraph (`import::docx::paragraphs`: text deleted with
//! track changes left out, inserted text in): a paragraph that differs is a changed message.
//! Its new text goes through the import's cleaning and recognition (the contact's number
//! becomes `{ $phone }` again) and replaces the message in the `.ftl` file; the rest of the
//! file is left as it is, which is checked by parsing it again. Translations of a changed
//! message become out of date as after any edit (the translations lock compares texts).
//!
//! Refused, writing nothing: a file not made by `export`, an export of another language, a
//! leaflet whose structure changed since the export, a file with paragraphs added or removed.
//! Not brought back, but listed: changes to text that is not the leaflet's own (a shared block,
//! the contact's details), and to messages Word cannot show as they are written (a choice, a
//! `with:` argument).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::cli::ImportArgs;
use crate::cmd::stop;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::import::draft::{Block, Draft, Inline, Run};
use crate::import::export::{EXPORT_PROPERTY, MESSAGES_PROPERTY};
use crate::import::{self, clean, docx, fluent, recognise};
use crate::{load, paths, resolve};

/// The variables a message may hold for `--update` to rewrite it: the contact's, which the
/// recognition puts back.
const RECOGNISED: [&str; 4] = ["phone", "after_hours", "opens", "closes"];

pub fn update(args: &ImportArgs, diags: &mut Diagnostics) -> Option<String> {
    let root = &args.project.root;
    let [file] = args.files.as_slice() else {
        return stop(
            diags,
            Diagnostic::environment("--update takes one Word file made by `leaflet export`")
                .hint("bring reviewed files back one at a time"),
        );
    };
    let shown = super::import::shown(root, file);
    if import::Format::of(file) != Some(import::Format::Docx) {
        return stop(
            diags,
            Diagnostic::environment(format!(
                "--update {}: only a Word file (.docx) made by `leaflet export` can be brought back",
                shown.display()
            ))
            .hint("import other files as a new leaflet, without --update"),
        );
    }
    let read = import::read_bounded(file, &shown).and_then(|b| docx::paragraphs(&shown, &b));
    let (properties, edited) = match read {
        Ok(read) => read,
        Err(err) => return stop(diags, err.0),
    };
    let not_ours = |why: &str| {
        Diagnostic::error(format!(
            "{} was not made by `leaflet export`{why}; nothing was written",
            shown.display()
        ))
        .at(Location::file_start(&shown))
        .hint("--update brings back only a Word file written by `leaflet export`, which records which text each paragraph is; import other files as a new leaflet, without --update")
    };
    let Some((id, locale)) = properties
        .get(EXPORT_PROPERTY)
        .and_then(|mark| mark.split_once(' '))
        .filter(|(id, _)| resolve::is_slug(id))
    else {
        return stop(diags, not_ours(""));
    };
    let mut recorded: Vec<Option<String>> = Vec::new();
    for n in 1.. {
        let Some(chunk) = properties.get(&format!("{MESSAGES_PROPERTY}{n}")) else {
            break;
        };
        recorded.extend(chunk.split(' ').map(|m| (m != "-").then(|| m.to_string())));
    }
    if recorded.is_empty() {
        return stop(diags, not_ours(" (its list of texts is missing)"));
    }

    let mut project_diags = Diagnostics::new();
    let Some(project) = load::load_project(root, &mut project_diags) else {
        diags.extend(project_diags);
        return None;
    };
    let default = project.site.default_locale.value.clone();
    if locale != default {
        return stop(
            diags,
            Diagnostic::error(format!(
                "{} is the {locale} text of leaflet \"{id}\"; --update brings back the default language ({default}) only; nothing was written",
                shown.display()
            ))
            .at(Location::file_start(&shown))
            .hint(format!(
                "copy the changes into {} by hand; a review in Word is of the {default} text, which the translations follow",
                paths::ftl_path(locale, id).display()
            )),
        );
    }
    let (current_bytes, current_messages, _, contact) =
        super::export::current_export(root, args.project.today, id, Some(locale), diags)?;
    let ftl_rel = paths::ftl_path(locale, id);
    if current_messages != recorded {
        return stop(
            diags,
            Diagnostic::error(format!(
                "leaflet \"{id}\" has changed since {} was exported: its texts are no longer in the same places; nothing was written",
                shown.display()
            ))
            .at(Location::file_start(&shown))
            .hint(format!(
                "export it again (`leaflet export {id}`), copy the reviewer's changes into the new file, and bring that one back; or copy them into {} by hand",
                ftl_rel.display()
            )),
        );
    }
    let current = match docx::paragraphs(&shown, &current_bytes) {
        Ok((_, paragraphs)) => paragraphs,
        Err(err) => return stop(diags, err.0),
    };
    if edited.len() != current.len() {
        return stop(
            diags,
            Diagnostic::error(format!(
                "{} has {}, the export had {}: paragraphs were added or removed; nothing was written",
                shown.display(),
                crate::diag::counted(edited.len(), "paragraph", "paragraphs"),
                current.len()
            ))
            .at(Location::file_start(&shown))
            .hint(format!(
                "--update brings back changes inside paragraphs; add or remove texts in leaflets/{id}.yaml and {} by hand (or undo those changes in Word and bring it back again)",
                ftl_rel.display()
            )),
        );
    }

    // The reviewer's text, cleaned as any import.
    let mut draft = Draft {
        blocks: edited.into_iter().map(Block::Paragraph).collect(),
        ..Draft::default()
    };
    clean::clean(&mut draft);
    let edited: Vec<Inline> = draft
        .blocks
        .into_iter()
        .map(|b| match b {
            Block::Paragraph(inline) => inline,
            _ => Inline::default(),
        })
        .collect();
    let mut notes: Vec<String> = draft.notes.into_iter().map(|(_, n)| n).collect();

    // Only the leaflet's own contact is recognised: `$phone` is its number.
    let contacts = resolve::site_contacts(&project, &mut Diagnostics::new());
    let mut knowledge = import::knowledge(&project, &contacts, locale);
    knowledge.contacts.retain(|c| c.key == contact);
    knowledge.blocks.clear();

    let ftl_path = root.join(&ftl_rel);
    let original = match std::fs::read_to_string(&ftl_path) {
        Ok(text) => text,
        Err(err) => {
            return stop(
                diags,
                Diagnostic::environment(format!("failed to read {} ({err})", ftl_rel.display())),
            );
        }
    };
    let resource = match fluent_syntax::parser::parse(original.as_str()) {
        Ok(resource) => resource,
        Err(_) => {
            return stop(
                diags,
                Diagnostic::error(format!(
                    "{} has Fluent errors; nothing was written",
                    ftl_rel.display()
                ))
                .at(Location::file_start(&ftl_rel))
                .hint("run `leaflet check`, correct the file, then bring the Word file back again"),
            );
        }
    };
    let mut text = original.clone();
    let mut changes: Vec<(String, usize, String)> = Vec::new();
    let mut changed_ids = BTreeSet::new();
    let mut new_texts: BTreeMap<String, String> = BTreeMap::new();
    for (index, (now, before)) in edited.iter().zip(&current).enumerate() {
        if same(now, before) {
            continue;
        }
        let shown_before = short(&without_section_number(before, before).plain_text());
        let Some(id_of) = &recorded[index] else {
            notes.push(format!(
                "paragraph {} (\"{shown_before}\") is not one of the leaflet's own texts (a shared block, the contact's details or the site's words): change it where it is written",
                index + 1
            ));
            continue;
        };
        let message = resource.body.iter().find_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) if m.id.name == id_of.as_str() => Some(m),
            _ => None,
        });
        let Some(message) = message else {
            notes.push(format!(
                "message \"{id_of}\" is not in {}: change it by hand",
                ftl_rel.display()
            ));
            continue;
        };
        if let Some(why) = not_rewritable(message) {
            notes.push(format!(
                "message \"{id_of}\" {why}, which Word cannot show: copy the change (\"{}\") into {} by hand",
                short(&now.plain_text()),
                ftl_rel.display()
            ));
            continue;
        }
        if now.is_empty() {
            notes.push(format!(
                "the text of message \"{id_of}\" (\"{shown_before}\") was deleted in Word: take it out of leaflets/{id}.yaml and {} by hand",
                ftl_rel.display()
            ));
            continue;
        }
        let mut one = Draft {
            blocks: vec![Block::Paragraph(without_section_number(now, before))],
            ..Draft::default()
        };
        let found = recognise::recognise(&mut one, &knowledge);
        for (_, number) in &found.unknown_numbers {
            notes.push(format!(
                "message \"{id_of}\": the number {number} is not the contact's; `leaflet check` will ask for it to be a contact of site.yaml"
            ));
        }
        let Some(Block::Paragraph(new)) = one.blocks.pop() else {
            continue;
        };
        // A message shown in several places (a table cell repeated in two rows) comes back
        // once; two different edits of it are for a person to choose between.
        if let Some(earlier) = new_texts.get(id_of) {
            if *earlier != new.markdown() {
                notes.push(format!(
                    "message \"{id_of}\" is shown in more than one place and was changed differently (paragraph {}: \"{}\"): the first change was brought back; choose in {} by hand",
                    index + 1,
                    short(&new.plain_text()),
                    ftl_rel.display()
                ));
            }
            continue;
        }
        new_texts.insert(id_of.clone(), new.markdown());
        let Some(replaced) =
            replace_message(&text, id_of, &fluent::message(id_of, &new.markdown()))
        else {
            notes.push(format!(
                "message \"{id_of}\" could not be found as a line of its own in {}: change it by hand",
                ftl_rel.display()
            ));
            continue;
        };
        text = replaced;
        let line = Location::from_offset(&ftl_rel, &original, offset_of(&original, id_of)).line;
        changes.push((
            id_of.clone(),
            line,
            in_context(
                &without_section_number(before, before).plain_text(),
                &new.plain_text(),
            ),
        ));
        changed_ids.insert(id_of.clone());
    }
    if !same_elsewhere(&original, &text, &changed_ids) {
        return stop(
            diags,
            Diagnostic::internal(format!(
                "bringing back {} would have changed other texts of {}; nothing was written",
                shown.display(),
                ftl_rel.display()
            )),
        );
    }

    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} → leaflet \"{id}\" ({locale}, {})",
        shown.display(),
        ftl_rel.display()
    );
    if changes.is_empty() {
        let _ = writeln!(out, "  no text of the leaflet changed");
    } else {
        let _ = writeln!(out, "  changed:");
        for (message, line, change) in &changes {
            let _ = writeln!(out, "    {message} (line {line})");
            let _ = writeln!(out, "      {change}");
        }
    }
    if !notes.is_empty() {
        let _ = writeln!(out, "  not brought back, to do by hand:");
        for note in &notes {
            let _ = writeln!(out, "    - {note}");
        }
    }
    if changes.is_empty() {
        let _ = writeln!(out, "  then run: leaflet check\n");
    } else {
        // What comes after a change of a leaflet's texts, in the order to do it.
        let _ = writeln!(out, "  next:");
        let _ = writeln!(
            out,
            "    1. leaflet check (the changed texts are checked like any other)"
        );
        let others: Vec<&str> = project
            .site
            .locales
            .iter()
            .map(|l| l.value.as_str())
            .filter(|l| *l != default)
            .collect();
        if !others.is_empty() {
            let first = &changes[0].0;
            let _ = writeln!(
                out,
                "    2. the translations of the changed texts are now out of date: the site shows them in {default} until they are translated again and confirmed (`leaflet translations status` lists them; then e.g. `leaflet translations confirm {} {id}:{first}`)",
                others[0]
            );
        }
        let published = crate::versions::read_lock(root, &mut Diagnostics::new())
            .leaflets
            .get(id)
            .and_then(|versions| versions.keys().max().copied());
        let step = if others.is_empty() { 2 } else { 3 };
        match published {
            Some(version) => {
                let _ = writeln!(
                    out,
                    "    {step}. version {version} of leaflet \"{id}\" is published: set `version: {}` in leaflets/{id}.yaml (a printed leaflet never changes under the same version; check stops until you do)",
                    version + 1
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "    {step}. leaflet \"{id}\" has not been published yet: its version may stay as it is"
                );
            }
        }
        let _ = writeln!(
            out,
            "    {}. leaflet build: publishes the changed leaflet into dist/ (the site and the PDFs)\n",
            step + 1
        );
    }
    if args.dry_run {
        print!("{out}");
        return Some(format!(
            "dry run: nothing was written; run the same command without --dry-run to bring back {} change{}",
            changes.len(),
            if changes.len() == 1 { "" } else { "s" }
        ));
    }
    if !changes.is_empty()
        && let Err(err) = crate::scratch::replace_file(&ftl_path, text.as_bytes())
    {
        return stop(
            diags,
            Diagnostic::environment(format!(
                "failed to write {} ({err}); nothing was written",
                ftl_rel.display()
            )),
        );
    }
    print!("{out}");
    Some(format!(
        "brought back {} change{} from {}",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" },
        shown.display()
    ))
}

/// Whether two paragraphs read the same: the same words in the same styles and links, white
/// space aside.
fn same(a: &Inline, b: &Inline) -> bool {
    fn key(inline: &Inline) -> Vec<(String, String)> {
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
    key(a) == key(b)
}

/// Why `message` cannot be rewritten from a paragraph of Word: a choice, an attribute, a term
/// or message reference, or a variable the recognition does not put back.
fn not_rewritable(message: &fluent_syntax::ast::Message<&str>) -> Option<String> {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    if !message.attributes.is_empty() {
        return Some("has attributes".into());
    }
    let value = message.value.as_ref()?;
    for element in &value.elements {
        let PatternElement::Placeable { expression } = element else {
            continue;
        };
        match expression {
            Expression::Select { .. } => return Some("has a choice ({ … -> … })".into()),
            Expression::Inline(InlineExpression::VariableReference { id })
                if RECOGNISED.contains(&id.name) => {}
            Expression::Inline(InlineExpression::StringLiteral { .. }) => {}
            Expression::Inline(InlineExpression::VariableReference { id }) => {
                return Some(format!("has {{ ${} }}", id.name));
            }
            Expression::Inline(_) => return Some("refers to another text".into()),
        }
    }
    None
}

/// The edited paragraph without the section number the export put before a heading ("4. "),
/// when the paragraph of the export had it too.
fn without_section_number(now: &Inline, before: &Inline) -> Inline {
    let before_text = before.plain_text();
    let number: String = before_text
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let mut now = now.clone();
    if number.is_empty() || !before_text[number.len()..].starts_with(' ') {
        return now;
    }
    let prefix = format!("{number} ");
    if let Some(Run::Text { text, .. }) = now.runs.first_mut()
        && let Some(rest) = text.strip_prefix(&prefix)
    {
        *text = rest.to_string();
    }
    now
}

/// The words that differ between `was` and `now`, in brackets, with a few words before and
/// after them: `…bent u [half → een beetje] wakker. Zo kunnen…`, `[deleted: …]`,
/// `[added: …]`. However long the text, the change itself is what the report shows.
fn in_context(was: &str, now: &str) -> String {
    use similar::DiffOp;
    const AROUND: usize = 6;
    let old: Vec<&str> = was.split_whitespace().collect();
    let new: Vec<&str> = now.split_whitespace().collect();
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &old, &new);
    let groups = similar::group_diff_ops(ops, AROUND);
    let mut out = String::new();
    for (index, group) in groups.iter().enumerate() {
        let mut parts: Vec<String> = Vec::new();
        for op in group {
            let (removed, added) = (&old[op.old_range()], &new[op.new_range()]);
            parts.push(match op {
                DiffOp::Equal { .. } => removed.join(" "),
                DiffOp::Delete { .. } => format!("[deleted: {}]", shortened(removed)),
                DiffOp::Insert { .. } => format!("[added: {}]", shortened(added)),
                DiffOp::Replace { .. } => {
                    format!("[{} → {}]", shortened(removed), shortened(added))
                }
            });
        }
        let starts = group.first().is_some_and(|op| op.old_range().start == 0);
        let ends = group
            .last()
            .is_some_and(|op| op.old_range().end == old.len());
        if index > 0 {
            out.push_str(" … ");
        } else if !starts {
            out.push('…');
        }
        out.push_str(&parts.join(" "));
        if !ends && index + 1 == groups.len() {
            out.push('…');
        }
    }
    if out.is_empty() {
        // Only white space or styles changed.
        return format!(
            "{} (the words are the same; their style or spacing changed)",
            short(now)
        );
    }
    out
}

/// Words of a change, their middle left out when they are many.
fn shortened(words: &[&str]) -> String {
    const MOST: usize = 16;
    if words.len() <= MOST {
        return words.join(" ");
    }
    format!(
        "{} … {}",
        words[..MOST / 2].join(" "),
        words[words.len() - MOST / 4..].join(" ")
    )
}

/// The first words of a text, for the report.
fn short(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= 70 {
        return text;
    }
    let start: String = text.chars().take(67).collect();
    format!("{}…", start.trim_end())
}

/// The byte offset of the line `id = …` in a Fluent file (0 when there is none).
fn offset_of(text: &str, id: &str) -> usize {
    definition_line(text, id).map_or(0, |(offset, _)| offset)
}

/// The offset and index of the line that starts the definition of `id`.
fn definition_line(text: &str, id: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if let Some(rest) = line.strip_prefix(id)
            && rest.trim_start().starts_with('=')
        {
            return Some((offset, index));
        }
        offset += line.len();
    }
    None
}

/// `text` with the definition of `id` — its line and the indented lines after it — replaced by
/// `serialized`; the comment above it and everything else stay. Whether only that message
/// changed is checked by [`same_elsewhere`] with Fluent's parser.
fn replace_message(text: &str, id: &str, serialized: &str) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let (_, first) = definition_line(text, id)?;
    let mut end = first + 1;
    let mut last = first + 1;
    while end < lines.len() {
        let line = lines[end];
        if line.trim().is_empty() {
            end += 1;
        } else if line.starts_with([' ', '\t']) {
            end += 1;
            last = end;
        } else {
            break;
        }
    }
    let mut out: String = lines[..first].concat();
    out.push_str(serialized);
    if !serialized.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&lines[last..].concat());
    Some(out)
}

/// Whether every message of `before` but `changed` reads the same in `after`, and `after`
/// parses without errors and has the same messages.
fn same_elsewhere(before: &str, after: &str, changed: &BTreeSet<String>) -> bool {
    let messages = |text: &str| -> Option<Vec<(String, String)>> {
        let resource = fluent_syntax::parser::parse(text).ok()?;
        Some(
            resource
                .body
                .iter()
                .filter_map(|entry| match entry {
                    fluent_syntax::ast::Entry::Message(m) => {
                        Some((m.id.name.to_string(), import::message_text(m)))
                    }
                    _ => None,
                })
                .collect(),
        )
    };
    let (Some(before), Some(after)) = (messages(before), messages(after)) else {
        return false;
    };
    before.len() == after.len()
        && before
            .iter()
            .zip(&after)
            .all(|((id_a, text_a), (id_b, text_b))| {
                id_a == id_b && (changed.contains(id_a) || text_a == text_b)
            })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_shown_with_the_words_around_it() {
        let was = "Proefplaatsing. U krijgt twee operaties. Bij de eerste operatie ligt u op uw buik. U krijgt een roesje. Daardoor bent u half wakker. Zo kunnen we samen zoeken waar de pijn zit. Soms duurt de test wat langer.";
        let now = was
            .replace("half wakker", "een beetje wakker")
            .replace("wat langer.", "wat langer, tot twee weken.");
        assert_eq!(
            in_context(was, &now),
            "…krijgt een roesje. Daardoor bent u [half → een beetje] wakker. Zo kunnen we samen zoeken … zit. Soms duurt de test wat [langer. → langer, tot twee weken.]"
        );
        assert_eq!(
            in_context(
                "Draai en rek niet met uw lichaam.",
                "Draai en rek uw lichaam."
            ),
            "Draai en rek [deleted: niet met] uw lichaam."
        );
        assert_eq!(
            in_context(
                "Til niet meer dan 3 kilo.",
                "Til niet meer dan 3 kilo. Ook geen boodschappen."
            ),
            "Til niet meer dan 3 kilo. [added: Ook geen boodschappen.]"
        );
    }

    #[test]
    fn a_message_is_replaced_and_nothing_else() {
        let text = "# Kop\nkop = Oud\n    en meer.\n\n# Tekst\ntekst = Blijft.\n";
        let new = replace_message(text, "kop", &fluent::message("kop", "Nieuw.")).unwrap();
        assert_eq!(new, "# Kop\nkop = Nieuw.\n\n# Tekst\ntekst = Blijft.\n");
        assert!(same_elsewhere(
            text,
            &new,
            &BTreeSet::from(["kop".to_string()])
        ));
        assert!(!same_elsewhere(text, &new, &BTreeSet::new()));
    }
}
