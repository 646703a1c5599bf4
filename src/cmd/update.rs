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
//! The export also records a fingerprint of what each paragraph said (`export::fingerprint`):
//! a paragraph the reviewer did not touch is left alone even when its text changed in the
//! `.ftl` file since, so nothing done in the project is undone; one changed in both places is
//! refused. A message the leaflet shows in several places changes once, for all of them.
//!
//! Refused, writing nothing: a file not made by `export`, an export of another language, a
//! leaflet whose structure changed since the export, a file with paragraphs added or removed,
//! a text changed both in Word and in the `.ftl` file since the export, a message changed
//! differently in two of its places, a text longer than `check` allows.
//! Not brought back, but listed: changes to text that is not the leaflet's own (a shared block,
//! the contact's details), and to messages Word cannot show as they are written (a choice, a
//! `with:` argument).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::cli::ImportArgs;
use crate::cmd::stop;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::import::draft::{Block, Draft, Inline, Run};
use crate::import::export::{
    self, EXPORT_PROPERTY, FINGERPRINTS_PROPERTY, Form, MESSAGES_PROPERTY, fingerprint,
};
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
    let recorded: Vec<Option<String>> = export::read_listed(&properties, MESSAGES_PROPERTY)
        .into_iter()
        .map(|m| (m != "-").then_some(m))
        .collect();
    if recorded.is_empty() {
        return stop(diags, not_ours(" (its list of texts is missing)"));
    }
    // What each paragraph said when it was exported; an export made before this was recorded
    // has none, and a change made in the .ftl file since cannot be told from the reviewer's.
    let fingerprints = Some(export::read_listed(&properties, FINGERPRINTS_PROPERTY))
        .filter(|f| f.len() == recorded.len());

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
    let (current_bytes, exported, _, contact) =
        super::export::current_export(root, args.project.today, id, Some(locale), diags)?;
    let ftl_rel = paths::ftl_path(locale, id);
    let current_messages: Vec<Option<String>> =
        exported.iter().map(|p| p.message.clone()).collect();
    // An export made before fingerprints were recorded did not record pictures' descriptions
    // either: a paragraph it marks as none of the leaflet's own stays so.
    let fits = current_messages == recorded
        || (fingerprints.is_none()
            && current_messages.len() == recorded.len()
            && recorded
                .iter()
                .zip(&current_messages)
                .all(|(r, c)| r.is_none() || r == c));
    if !fits {
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
    // A picture's description, which an older export did not record, is its message still.
    let recorded: Vec<Option<String>> = recorded
        .into_iter()
        .zip(&exported)
        .map(|(r, p)| r.or_else(|| p.message.clone().filter(|_| p.form == Form::Description)))
        .collect();
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
    let raw = edited.clone();
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
    if fingerprints.is_none() {
        notes.push(format!(
            "{} was exported by an older `leaflet export`, which did not record what each paragraph said: whether a text was also changed in {} after the export could not be checked, so each changed text has a to-do that `leaflet check` reports until you have compared it and deleted the line",
            shown.display(),
            ftl_rel.display()
        ));
    }
    let mut text = original.clone();
    let mut changes: Vec<(String, usize, String, usize)> = Vec::new();
    let mut changed_ids = BTreeSet::new();
    // Everything that stops the update; nothing is written when there is any.
    let mut refusals: Vec<Diagnostic> = Vec::new();
    let message_location =
        |message: &str| Location::from_offset(&ftl_rel, &original, offset_of(&original, message));
    // Per message, in the order of its first paragraph: the new text of each place changed.
    let mut proposed: Vec<(String, Vec<(usize, Inline)>)> = Vec::new();
    for (index, (now, before)) in edited.iter().zip(&current).enumerate() {
        let form = &exported[index].form;
        let (now_text, now_number) = as_message(now, before, form);
        let (before_text, _) = as_message(before, before, form);
        let shown_before = short(&before_text.plain_text());
        if let Some(number) = &now_number {
            let own = match form {
                Form::Heading(own) => own.clone(),
                Form::Step(n) => format!("{n}."),
                _ => String::new(),
            };
            notes.push(format!(
                "{} (\"{shown_before}\"): its number was changed from {own} to {number} in Word, which was left out; `leaflet` numbers headings and steps itself: to change their order, move them in leaflets/{id}.yaml",
                exported[index].place
            ));
        }
        if export::reads_the_same(&now_text, &before_text) {
            continue;
        }
        if let Some(fingerprints) = &fingerprints {
            let as_exported = &fingerprints[index];
            if fingerprint(&raw[index]) == *as_exported || fingerprint(now) == *as_exported {
                // Not touched in Word: the text changed in the project since the export.
                continue;
            }
            if fingerprint(before) != *as_exported
                && let Some(message) = &recorded[index]
            {
                refusals.push(
                    Diagnostic::error(format!(
                        "message \"{message}\" was changed in {} after {} was exported, and in Word too; nothing was written",
                        ftl_rel.display(),
                        shown.display()
                    ))
                    .at(message_location(message))
                    .note(format!("in {} now: {}", ftl_rel.display(), before_text.plain_text()))
                    .note(format!("in Word ({}): {}", exported[index].place, now_text.plain_text()))
                    .hint(format!(
                        "decide which text to keep and write it in {} by hand; or export the leaflet again (`leaflet export {id}`), copy the reviewer's changes into the new file and bring that one back",
                        ftl_rel.display()
                    )),
                );
                continue;
            }
        }
        let Some(id_of) = &recorded[index] else {
            notes.push(format!(
                "{} is not one of the leaflet's own texts and was left as it is. To make the reviewer's change, edit the text where it is written (a shared block's text in locales/{default}/shared/, a contact's details in site.yaml, the site's words in locales/{default}/site.ftl): {}",
                exported[index].place,
                in_context(&before_text.plain_text(), &now_text.plain_text()),
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
                short(&now_text.plain_text()),
                ftl_rel.display()
            ));
            continue;
        }
        if now_text.is_empty() {
            notes.push(format!(
                "the text of message \"{id_of}\" (\"{shown_before}\") was deleted in Word: take it out of leaflets/{id}.yaml and {} by hand",
                ftl_rel.display()
            ));
            continue;
        }
        let mut one = Draft {
            blocks: vec![Block::Paragraph(now_text)],
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
        match proposed.iter_mut().find(|(m, _)| m == id_of) {
            Some((_, places)) => places.push((index, new)),
            None => proposed.push((id_of.clone(), vec![(index, new)])),
        }
    }
    for (id_of, places) in proposed {
        let in_leaflet = recorded
            .iter()
            .filter(|m| m.as_deref() == Some(id_of.as_str()))
            .count();
        let texts: BTreeSet<String> = places.iter().map(|(_, new)| new.markdown()).collect();
        if texts.len() > 1 {
            let mut refusal = Diagnostic::error(format!(
                "message \"{id_of}\" is shown in {in_leaflet} places of the leaflet, and they were changed differently in Word; nothing was written"
            ))
            .at(message_location(&id_of));
            for (index, new) in &places {
                refusal = refusal.note(format!("{}: {}", exported[*index].place, new.plain_text()));
            }
            refusals.push(refusal.hint(format!(
                "one message is the same text wherever the leaflet shows it: make the places say the same in Word and bring it back again, or give a place a message of its own in leaflets/{id}.yaml and {}",
                ftl_rel.display()
            )));
            continue;
        }
        let (index, new) = &places[0];
        let serialized = fluent::message(&id_of, &new.markdown());
        let limit = if id_of == "title" {
            crate::ftl::MAX_TITLE_CHARS
        } else {
            crate::ftl::MAX_MESSAGE_CHARS
        };
        let chars = crate::ftl::serialized_chars(&serialized);
        if chars > limit {
            refusals.push(
                Diagnostic::error(format!(
                    "message \"{id_of}\" would be {chars} characters long; the limit is {limit}; nothing was written"
                ))
                .at(message_location(&id_of))
                .note(format!("in Word: {}", exported[*index].place))
                .hint("one message is one paragraph, list item or heading: shorten the text in Word, or split it into several messages in the leaflet by hand"),
            );
            continue;
        }
        // Without fingerprints a change made in the .ftl after the export looks like the
        // reviewer's: the text comes back with a to-do that `check` reports until someone has
        // compared it (found by the hostile review: a later correction was undone silently).
        let serialized = if fingerprints.is_none() {
            format!(
                "{} brought back from a Word file that an older `leaflet export` made, which cannot show whether this text was changed here after the export: compare it with the text before (git diff) and delete this line\n{serialized}",
                crate::starter::TODO_MARK
            )
        } else {
            serialized
        };
        let Some(replaced) = replace_message(&text, &id_of, &serialized) else {
            notes.push(format!(
                "message \"{id_of}\" could not be found as a line of its own in {}: change it by hand",
                ftl_rel.display()
            ));
            continue;
        };
        text = replaced;
        let line = message_location(&id_of).line;
        let (before_text, _) =
            as_message(&current[*index], &current[*index], &exported[*index].form);
        changes.push((
            id_of.clone(),
            line,
            in_context(&before_text.plain_text(), &new.plain_text()),
            in_leaflet,
        ));
        changed_ids.insert(id_of);
    }
    if !refusals.is_empty() {
        refusals.into_iter().for_each(|d| diags.push(d));
        return None;
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
        for (message, line, change, places) in &changes {
            let _ = writeln!(out, "    {message} (line {line})");
            let _ = writeln!(out, "      {change}");
            if *places > 1 {
                let _ = writeln!(
                    out,
                    "      changes {places} places: the leaflet shows this text {places} times"
                );
            }
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
        // The languages with a translation of a changed text: each is now out of date.
        let translated: Vec<&str> = others
            .iter()
            .copied()
            .filter(|locale| {
                project
                    .ftl
                    .get(*locale)
                    .and_then(|files| files.get(id))
                    .is_some_and(|file| defines_any(&file.text, &changed_ids))
            })
            .collect();
        if let Some(first_locale) = translated.first() {
            // The example names a message that language does translate.
            let file = project
                .ftl
                .get(*first_locale)
                .and_then(|files| files.get(id));
            let first = changes
                .iter()
                .map(|change| &change.0)
                .find(|message| {
                    file.is_some_and(|file| {
                        defines_any(&file.text, &BTreeSet::from([(*message).clone()]))
                    })
                })
                .unwrap_or(&changes[0].0);
            let languages = match translated.split_last() {
                Some((last, [])) => last.to_string(),
                Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                None => String::new(),
            };
            let _ = writeln!(
                out,
                "    2. the {languages} translation{} of the changed texts {} now out of date: the site shows them in {default} until they are translated again and confirmed (`leaflet translations status` lists them; then e.g. `leaflet translations confirm {first_locale} {id}:{first}`)",
                if translated.len() == 1 { "" } else { "s" },
                if translated.len() == 1 { "is" } else { "are" },
            );
        }
        let published = crate::versions::read_lock(root, &mut Diagnostics::new())
            .leaflets
            .get(id)
            .and_then(|versions| versions.keys().max().copied());
        let step = if translated.is_empty() { 2 } else { 3 };
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
        super::print_out(&out);
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
    super::print_out(&out);
    Some(format!(
        "brought back {} change{} from {}",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" },
        shown.display()
    ))
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

/// A paragraph as the text of its message, and the number Word shows before it when that is
/// text: a heading's section number ("4. ", which the export writes when the paragraph of the
/// export had it — any number typed in its place is taken off too), a step's number typed
/// where Word's numbering was, a picture's description without its brackets and italics.
fn as_message(now: &Inline, before: &Inline, form: &Form) -> (Inline, Option<String>) {
    let mut now = now.clone();
    let mut number = None;
    match form {
        Form::Description => {
            for run in &mut now.runs {
                if let Run::Text { style, .. } = run {
                    style.italic = false;
                }
            }
            if let Some(Run::Text { text, .. }) = now.runs.first_mut()
                && let Some(rest) = text.trim_start().strip_prefix('[')
            {
                *text = rest.to_string();
            }
            if let Some(Run::Text { text, .. }) = now.runs.last_mut()
                && let Some(rest) = text.trim_end().strip_suffix(']')
            {
                *text = rest.to_string();
            }
        }
        Form::Text => {}
        Form::Heading(_) | Form::Step(_) => {
            // Only a number as Word writes one: "2." or "2.1" before a heading (so a heading
            // "3 tips" whose section number was deleted keeps its 3), "2." or "2)" before a
            // step whose own text does not start with a number.
            let typed = |found: &str| match form {
                Form::Step(_) => {
                    found.ends_with(['.', ')'])
                        && found[..found.len() - 1].chars().all(|c| c.is_ascii_digit())
                        && leading_number(&before.plain_text()).is_none()
                }
                _ => found.contains('.'),
            };
            if let Some(Run::Text { text, .. }) = now.runs.first_mut()
                && let Some((found, length)) = leading_number(text)
                && typed(&found)
            {
                *text = text[length..].to_string();
                number = Some(found);
            }
        }
    }
    // The number the export wrote, or a step's own number, is not a change.
    let own = match form {
        Form::Heading(own) => Some(own.clone()),
        Form::Step(n) => Some(format!("{n}.")),
        _ => None,
    };
    let number = number.filter(|found| {
        own.as_deref().map(|o| o.trim_end_matches('.')) != Some(found.trim_end_matches(['.', ')']))
    });
    (now, number)
}

/// The number at the start of a text ("4. ", "2.1 ", "3) "): the number, and the length of it
/// with the white space after it.
fn leading_number(text: &str) -> Option<(String, usize)> {
    let trimmed = text.trim_start();
    let skipped = text.len() - trimmed.len();
    let number: String = trimmed
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | ')'))
        .collect();
    if !number.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let rest = &trimmed[number.len()..];
    let space = rest.len() - rest.trim_start().len();
    let length = skipped + number.len() + space;
    (space > 0).then_some((number, length))
}

/// What changed in a message, with the words around each change (the notation of the
/// stale-translation notes, so an editor reads one kind of change note everywhere).
fn in_context(was: &str, now: &str) -> String {
    if was.split_whitespace().eq(now.split_whitespace()) {
        // Only white space or styles changed.
        return format!(
            "{} (the words are the same; their style or spacing changed)",
            short(now)
        );
    }
    crate::translations::changed_words(was, now)
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

/// Whether the Fluent text defines a message with one of `ids` (a text with syntax errors is
/// read as far as it parses).
fn defines_any(text: &str, ids: &BTreeSet<String>) -> bool {
    let resource = fluent_syntax::parser::parse(text).unwrap_or_else(|(resource, _)| resource);
    resource.body.iter().any(|entry| {
        matches!(entry, fluent_syntax::ast::Entry::Message(message) if ids.contains(message.id.name))
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
            "… roesje. Daardoor bent u [half → een beetje] wakker. Zo kunnen we … duurt de test wat [langer → langer, tot twee weken]."
        );
        assert_eq!(
            in_context(
                "Draai en rek niet met uw lichaam.",
                "Draai en rek uw lichaam."
            ),
            "Draai en rek [− niet met] uw lichaam."
        );
        assert_eq!(
            in_context(
                "Til niet meer dan 3 kilo.",
                "Til niet meer dan 3 kilo. Ook geen boodschappen."
            ),
            "Til niet meer dan 3 kilo. [+ Ook geen boodschappen.]"
        );
        // Only the style changed (the plain words are the same).
        assert_eq!(
            in_context("Bel  ons.", "Bel ons."),
            "Bel ons. (the words are the same; their style or spacing changed)"
        );
    }

    #[test]
    fn numbers_and_brackets_are_not_the_text() {
        let p = |text: &str| Inline::plain(text, 0);
        let read = |now: &str, before: &str, form: Form| {
            let (inline, number) = as_message(&p(now), &p(before), &form);
            (inline.plain_text(), number)
        };
        let heading = || Form::Heading("2.".into());
        assert_eq!(
            read("2. Thuis", "2. Thuis", heading()),
            ("Thuis".into(), None)
        );
        assert_eq!(
            read("3. Thuis", "2. Thuis", heading()),
            ("Thuis".into(), Some("3.".into()))
        );
        // The section number deleted: the heading's own number stays.
        assert_eq!(
            read("3 tips", "2. 3 tips", heading()),
            ("3 tips".into(), None)
        );
        // A step's number typed where Word's numbering was.
        assert_eq!(
            read("4. Rust uit.", "Rust uit.", Form::Step(4)),
            ("Rust uit.".into(), None)
        );
        assert_eq!(
            read("5) Rust uit.", "Rust uit.", Form::Step(4)),
            ("Rust uit.".into(), Some("5)".into()))
        );
        assert_eq!(
            read("3 dagen rust.", "Rust uit.", Form::Step(4)),
            ("3 dagen rust.".into(), None)
        );
        assert_eq!(
            read("2. keer per dag.", "2. keer per dag.", Form::Step(1)),
            ("2. keer per dag.".into(), None)
        );
        assert_eq!(
            read("[Een tekening.]", "[Een tekening.]", Form::Description),
            ("Een tekening.".into(), None)
        );
        assert_eq!(
            read("4. Tekst", "4. Tekst", Form::Text),
            ("4. Tekst".into(), None)
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
