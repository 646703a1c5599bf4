//! `leaflet import`: existing leaflets (Word, web pages, Markdown, plain text) → the project's
//! YAML structure and Fluent texts. The stages, one module each:
//!
//! 1. a reader (`text`, `markdown`, `html`, `docx`) turns the file into a [`Draft`] of headings,
//!    paragraphs, lists, tables and pictures made of styled runs of text — never markup;
//! 2. `recognise` puts the site's contacts (`{ $phone }`, `{ $opens }` …) and shared blocks
//!    (`use:`) in place of what the source wrote out;
//! 3. `plan` writes the draft as a leaflet's files, with readable message ids and to-dos that
//!    `check` stops on; `fluent` writes the messages through fluent-syntax's serializer.
//!
//! `duplicates` (also used by `leaflet duplicates`) and `similarity` find passages written
//! twice. This module reads the project through `pipeline`, `load` and `resolve` and is used by
//! `cmd` only. Writing happens in [`write_all_or_nothing`], never elsewhere: a problem with any
//! input means nothing is written.

pub mod clean;
pub mod docx;
pub mod draft;
pub mod duplicates;
pub mod export;
pub mod fluent;
pub mod html;
pub mod markdown;
pub mod pictures;
pub mod plan;
pub mod recognise;
pub mod similarity;
pub mod text;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Location};
pub use draft::Draft;

/// The largest file `leaflet import` reads (bytes).
pub const MAX_INPUT_BYTES: u64 = 50 * 1024 * 1024;
/// The largest text, Markdown or web page file (bytes).
pub const MAX_TEXT_BYTES: u64 = 2 * 1024 * 1024;

/// Why a file cannot be imported: one diagnostic (its class decides the exit code).
#[derive(Debug)]
pub struct ImportError(pub Diagnostic);

impl ImportError {
    pub fn content(diagnostic: Diagnostic) -> ImportError {
        ImportError(diagnostic)
    }
}

/// The formats `leaflet import` reads, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Docx,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }
}

/// Reads `path` (named `shown` in messages) into a draft.
pub fn read_document(path: &Path, shown: &Path) -> Result<Draft, ImportError> {
    let Some(format) = Format::of(path) else {
        let doc = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("doc"));
        return Err(ImportError(
            Diagnostic::environment(format!(
                "{} cannot be imported: leaflet reads .docx, .html, .md and .txt files",
                shown.display()
            ))
            .hint(if doc {
                "open it in Word and save it as a Word document (.docx)"
            } else {
                "save it from its program as a Word document (.docx), a web page (.html) or plain text (.txt)"
            }),
        ));
    };
    let bytes = read_bounded(path, shown)?;
    // Text, Markdown and web pages carry no pictures inside: a leaflet's text is a few tens of
    // kilobytes, and reading tens of megabytes would take minutes (hostile review).
    if !matches!(format, Format::Docx) && bytes.len() as u64 > MAX_TEXT_BYTES {
        return Err(ImportError(
            Diagnostic::error(format!(
                "{} is larger than {} MB of text; it is not read",
                shown.display(),
                MAX_TEXT_BYTES / 1024 / 1024
            ))
            .at(Location::file_start(shown))
            .hint("a leaflet's text is far smaller: import the leaflet's own part of the file"),
        ));
    }
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut draft = match format {
        Format::Text => {
            let source = text::decode(shown, &bytes)?;
            Draft {
                source: Some(source.clone()),
                ..text::read(&source)
            }
        }
        Format::Markdown => {
            let source = text::decode(shown, &bytes)?;
            Draft {
                source: Some(source.clone()),
                ..markdown::read(&source, folder)
            }
        }
        Format::Html => {
            let source = html::without_internal_subset(&text::decode(shown, &bytes)?).into_owned();
            refuse_active_content(shown, &source)?;
            Draft {
                source: Some(source.clone()),
                ..html::read(&source, folder)
            }
        }
        Format::Docx => docx::read(shown, &bytes)?,
    };
    clean::clean(&mut draft);
    drop_section_numbers(&mut draft);
    if !draft.has_text() {
        return Err(ImportError(
            Diagnostic::error(format!("{} has no text to import", shown.display()))
                .at(Location::file_start(shown))
                .hint(match format {
                    Format::Docx => "open it in Word to check it is the right file; text that is only in pictures or the page header is not read, so copy it into the document itself; nothing was written",
                    Format::Html => "open it in a browser to check it is the right page; only the page's main content is read (not its menu, header or footer); nothing was written",
                    Format::Markdown | Format::Text => "open it to check it is the right file; nothing was written",
                }),
        ));
    }
    Ok(draft)
}

/// "2.1 Na de operatie", "3. Thuis" → "Na de operatie", "Thuis": the site numbers headings itself
/// (`numbering: true`), so a number typed into a heading would be shown twice.
fn drop_section_numbers(draft: &mut Draft) {
    for block in &mut draft.blocks {
        let draft::Block::Heading { text, .. } = block else {
            continue;
        };
        let Some(draft::Run::Text { text: first, .. }) = text.runs.first_mut() else {
            continue;
        };
        let trimmed = first.trim_start();
        let number: String = trimmed
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let rest = &trimmed[number.len()..];
        // "3 dagen na de operatie" keeps its number: only "3." and "2.1" are section numbers.
        if number.starts_with(|c: char| c.is_ascii_digit())
            && number.contains('.')
            && rest.starts_with(' ')
            && rest.trim_start().starts_with(char::is_alphabetic)
        {
            *first = rest.trim_start().to_string();
        }
    }
}

/// The bytes of `path` (named `shown` in messages), at most [`MAX_INPUT_BYTES`].
pub fn read_bounded(path: &Path, shown: &Path) -> Result<Vec<u8>, ImportError> {
    let file = std::fs::File::open(path).map_err(|err| {
        ImportError(
            Diagnostic::environment(format!(
                "failed to read {} ({})",
                shown.display(),
                crate::load::io_reason(Some(&err))
            ))
            .hint("check the file's name and folder; nothing was written"),
        )
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| {
            ImportError(Diagnostic::environment(format!(
                "failed to read {} ({err})",
                shown.display()
            )))
        })?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(ImportError(
            Diagnostic::error(format!(
                "{} is larger than {} MB; it is not read",
                shown.display(),
                MAX_INPUT_BYTES / 1024 / 1024
            ))
            .at(Location::file_start(shown))
            .hint("a leaflet is far smaller: save only the leaflet's text, without embedded videos or scans"),
        ));
    }
    Ok(bytes)
}

/// A web page whose main content runs scripts is refused: what a script would have shown is not
/// in the file, so the import would be incomplete without anyone noticing. Scripts outside the
/// main content (analytics, menus) go with the navigation and footer that are left out anyway.
fn refuse_active_content(shown: &Path, source: &str) -> Result<(), ImportError> {
    let document = scraper::Html::parse_document(source);
    // The reader walks the page recursively: refuse nesting no real page has (hostile
    // review: 8,000 nested <div>s overflowed the stack).
    let mut depth = 0usize;
    for edge in document.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(_) => {
                depth += 1;
                if depth > docx::MAX_DEPTH {
                    return Err(ImportError(
                        Diagnostic::error(format!(
                            "{} nests its elements more than {} levels deep; it is not read",
                            shown.display(),
                            docx::MAX_DEPTH
                        ))
                        .at(Location::file_start(shown))
                        .hint(
                            "save the page again from a browser, or copy its text into a .txt file",
                        ),
                    ));
                }
            }
            ego_tree::iter::Edge::Close(_) => depth -= 1,
        }
    }
    let main = ["main", "[role=main]", "article", "body"]
        .iter()
        .find_map(|s| {
            let selector = scraper::Selector::parse(s).expect("a valid selector");
            document.select(&selector).next()
        });
    let Some(main) = main else {
        return Ok(());
    };
    // A link to `javascript:` runs nothing until it is clicked, and the import keeps only its
    // words (a to-do, as in Markdown); a script element or an event handler is refused.
    let active = main
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
        .find(|e| {
            let element = e.value();
            let link = matches!(element.name(), "a" | "area");
            element.name() == "script"
                || element.attrs().any(|(name, value)| {
                    name.to_ascii_lowercase().starts_with("on")
                        || (!(link && name.eq_ignore_ascii_case("href"))
                            && value
                                .trim_start()
                                .to_ascii_lowercase()
                                .starts_with("javascript:"))
                })
        });
    let Some(active) = active else {
        return Ok(());
    };
    // The place in the file: the first occurrence of the element's tag or handler.
    let needle = if active.value().name() == "script" {
        "<script".to_string()
    } else {
        active
            .value()
            .attrs()
            .map(|(name, _)| name.to_string())
            .next()
            .unwrap_or_default()
    };
    let lower = source.to_ascii_lowercase();
    let offset = lower.find(&needle.to_ascii_lowercase()).unwrap_or(0);
    Err(ImportError(
        Diagnostic::error(format!(
            "{} runs a script inside its main content; it is not imported",
            shown.display()
        ))
        .at(Location::from_offset(shown, source, offset))
        .hint("what a script shows is not in the file: open the page in a browser, save it as \"Web page, HTML only\" or copy its text into a .txt file, then import that; nothing was written"),
    ))
}

/// Writes every file of every plan, or none: each file is new (an existing one is refused
/// beforehand by the command), written in one step (`scratch::replace_file`) and registered with
/// the interrupt handler until all are written, so Ctrl-C halfway removes the ones written. When
/// a write fails, the files already written are removed again.
pub fn write_all_or_nothing(root: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<(), Diagnostic> {
    let mut written: Vec<PathBuf> = Vec::new();
    let mut failure = None;
    for (rel, bytes) in files {
        let path = root.join(rel);
        let result = crate::scratch::critical(|registry| {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            crate::scratch::replace_file(&path, bytes)?;
            registry.add(&path);
            Ok::<(), std::io::Error>(())
        });
        match result {
            Ok(()) => written.push(path),
            Err(err) => {
                failure = Some(Diagnostic::environment(format!(
                    "failed to write {} ({err}); nothing was written",
                    rel.display()
                )));
                break;
            }
        }
    }
    crate::scratch::critical(|registry| {
        for path in &written {
            registry.forget(path);
            if failure.is_some() {
                let _ = std::fs::remove_file(path);
            }
        }
    });
    match failure {
        Some(diagnostic) => Err(diagnostic),
        None => Ok(()),
    }
}

/// The text of a Fluent message as compared and searched: its text, variables as `{ $name }`,
/// the text of every variant of a choice, string literals as their text.
pub fn message_text(message: &fluent_syntax::ast::Message<&str>) -> String {
    use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement};
    fn inline(e: &InlineExpression<&str>, out: &mut String) {
        match e {
            InlineExpression::StringLiteral { value } => out.push_str(value),
            InlineExpression::NumberLiteral { value } => out.push_str(value),
            InlineExpression::VariableReference { id } => {
                out.push_str("{ $");
                out.push_str(id.name);
                out.push_str(" }");
            }
            InlineExpression::Placeable { expression } => expression_text(expression, out),
            _ => out.push(' '),
        }
    }
    fn expression_text(e: &Expression<&str>, out: &mut String) {
        match e {
            Expression::Inline(i) => inline(i, out),
            Expression::Select { variants, .. } => {
                for variant in variants {
                    pattern(&variant.value, out);
                    out.push(' ');
                }
            }
        }
    }
    fn pattern(p: &Pattern<&str>, out: &mut String) {
        for element in &p.elements {
            match element {
                PatternElement::TextElement { value } => out.push_str(value),
                PatternElement::Placeable { expression } => expression_text(expression, out),
            }
        }
    }
    let mut out = String::new();
    if let Some(value) = &message.value {
        pattern(value, &mut out);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What `recognise` compares an imported text with: the contacts of site.yaml and the shared
/// blocks' texts in `locale` (with the blocks they use, in the order of their bodies).
pub fn knowledge(
    project: &crate::load::Project,
    contacts: &std::collections::BTreeMap<String, std::sync::Arc<crate::resolve::ContactInfo>>,
    locale: &str,
) -> recognise::Knowledge {
    use recognise::{Knowledge, KnownBlock, KnownContact};
    let contacts = contacts
        .values()
        .map(|c| KnownContact {
            key: c.key.clone(),
            phone: c.phone.clone(),
            after_hours: c.after_hours.clone(),
            times: c
                .hours
                .as_ref()
                .and_then(|h| h.single_times())
                .map(|t| (t.opens.clone(), t.closes.clone())),
        })
        .collect();
    let country = project
        .site
        .checks
        .country
        .as_ref()
        .map_or("NL", |c| c.value.as_str())
        .parse()
        .ok();
    let texts = |name: &str| -> Vec<(String, String)> {
        let key = format!("{}/{name}", crate::paths::SHARED_DIR);
        let Some(file) = project.ftl.get(locale).and_then(|files| files.get(&key)) else {
            return Vec::new();
        };
        let resource = match fluent_syntax::parser::parse(file.text.as_str()) {
            Ok(resource) => resource,
            Err((resource, _)) => resource,
        };
        resource
            .body
            .iter()
            .filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(m) => {
                    Some((m.id.name.to_string(), message_text(m)))
                }
                _ => None,
            })
            .collect()
    };
    fn block_text(
        project: &crate::load::Project,
        name: &str,
        texts: &dyn Fn(&str) -> Vec<(String, String)>,
        depth: usize,
        out: &mut Vec<String>,
    ) {
        let Some(shared) = project.shared.get(name) else {
            return;
        };
        let own = texts(name);
        let text_of = |id: &str| own.iter().find(|(i, _)| i == id).map(|(_, t)| t.clone());
        for block in &shared.source.body {
            let b = &block.value;
            let mut ids: Vec<&str> = Vec::new();
            ids.extend(
                b.heading
                    .iter()
                    .chain(&b.subheading)
                    .chain(&b.text)
                    .map(|s| s.value.as_str()),
            );
            for list in b.list.iter().chain(&b.steps) {
                ids.extend(list.iter().map(|s| s.value.as_str()));
            }
            if let Some(callout) = &b.callout {
                ids.extend(
                    callout
                        .heading
                        .iter()
                        .chain(&callout.text)
                        .map(|s| s.value.as_str()),
                );
                ids.extend(callout.list.iter().map(|s| s.value.as_str()));
            }
            out.extend(ids.into_iter().filter_map(text_of));
            if let Some(used) = &b.use_block
                && depth < 8
            {
                block_text(project, &used.value, texts, depth + 1, out);
            }
        }
    }
    let blocks = project
        .shared
        .keys()
        .map(|name| {
            let mut parts = Vec::new();
            block_text(project, name, &texts, 0, &mut parts);
            let text = parts.join(" ");
            let mut arguments: Vec<String> = Vec::new();
            for word in similarity::words(&text) {
                if let Some(variable) = word.strip_prefix('$')
                    && !crate::l10n::CONTACT_FIELDS.contains(&variable)
                    && !arguments.iter().any(|a| a == variable)
                {
                    arguments.push(variable.to_string());
                }
            }
            KnownBlock {
                name: name.clone(),
                text,
                arguments,
            }
        })
        .collect();
    Knowledge {
        contacts,
        country,
        blocks,
    }
}

/// Message ids an imported leaflet must not use in `locale`: those of `site.ftl` and of every
/// shared block, which share a Fluent bundle with it.
pub fn taken_ids(
    project: &crate::load::Project,
    locale: &str,
) -> std::collections::BTreeSet<String> {
    let mut taken = std::collections::BTreeSet::new();
    for files in [
        project.ftl.get(locale),
        project.ftl.get(&project.site.default_locale.value),
    ]
    .into_iter()
    .flatten()
    {
        for (key, file) in files {
            if key != crate::paths::SITE_FTL_KEY && !key.starts_with("shared/") {
                continue;
            }
            let resource = match fluent_syntax::parser::parse(file.text.as_str()) {
                Ok(resource) => resource,
                Err((resource, _)) => resource,
            };
            for entry in &resource.body {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    taken.insert(m.id.name.to_string());
                }
            }
        }
    }
    taken
}
