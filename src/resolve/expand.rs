//! Expansion: a leaflet's body with every `use:` of a shared block replaced by the block's own
//! body (nested uses allowed; unknown names and cycles are errors), `with:` arguments scoped to
//! the blocks they are passed to, and heading levels checked across the result.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use serde_saphyr::Spanned;

use super::contacts::lookup_contact;
use super::images::resolve_figure;
use super::tables::resolve_table;
use super::validate::{check_message_id, check_slug, parse_date};
use super::{Arg, ContactInfo, Limits, MessageRef, Owner, ResolvedBlock, ResolvedLeaflet};
use crate::diag::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::document::CareLevel;
use crate::load::{BlockSource, Leaflet, Project, Shared, span_location};
use crate::paths::SHARED_DIR;

/// Deepest chain of shared blocks using shared blocks.
const MAX_USE_DEPTH: usize = 16;

/// State of one leaflet's expansion.
struct Expander<'a> {
    project: &'a Project,
    contacts: &'a BTreeMap<String, Arc<ContactInfo>>,
    own_contact: Option<Arc<ContactInfo>>,
    /// Shared blocks being expanded, outermost first, to find cycles.
    stack: Vec<String>,
    shared_used: BTreeSet<String>,
    /// Contacts passed by `with:`, for the where-used report.
    contacts_named: BTreeSet<String>,
    diags: &'a mut Diagnostics,
}

pub(super) fn resolve_leaflet(
    project: &Project,
    leaflet: &Leaflet,
    contacts: &BTreeMap<String, Arc<ContactInfo>>,
    diags: &mut Diagnostics,
) -> Option<ResolvedLeaflet> {
    let file = &leaflet.path;
    let source = &leaflet.source;
    check_slug(&leaflet.id, file, "leaflet id", diags);

    let reviewed = parse_date(file, &source.reviewed, diags);
    let review_by = parse_date(file, &source.review_by, diags);
    if let (Some(a), Some(b)) = (reviewed, review_by)
        && b <= a
    {
        diags.push(
            Diagnostic::error(format!("review_by ({b}) is not after reviewed ({a})"))
                .at(span_location(file, &source.review_by))
                .hint("review_by is the date of the next check, after the last one"),
        );
    }
    check_scaffold(project, leaflet, diags);
    let own_contact = lookup_contact(&source.contact, file, contacts, diags);
    check_message_id(&source.department, file, diags);

    let no_args = Arc::new(BTreeMap::new());
    let owner = Owner::Leaflet(leaflet.id.clone());
    let mut expander = Expander {
        project,
        contacts,
        own_contact: own_contact.clone(),
        stack: Vec::new(),
        shared_used: BTreeSet::new(),
        contacts_named: BTreeSet::new(),
        diags,
    };
    // The leaflet's own `with:` holds for every message of it, its shared blocks' too.
    let args = expander.arguments(source.with.as_ref(), file, &owner, &no_args);
    let mut blocks = Vec::new();
    expander.expand_body(&source.body, file, &owner, &args, &mut blocks);
    let shared_used = expander.shared_used;
    let contacts_named = expander.contacts_named;
    check_heading_order(&blocks, diags);

    Some(ResolvedLeaflet {
        id: leaflet.id.clone(),
        path: file.clone(),
        code: check_code(file, &source.code, diags)?,
        version: source.version.value,
        version_at: span_location(file, &source.version),
        reviewed: reviewed?,
        review_by: review_by?,
        department: MessageRef {
            id: source.department.value.clone(),
            at: span_location(file, &source.department),
            owner: Owner::Site,
            args: no_args,
        },
        contact: own_contact?,
        blocks,
        shared_used,
        contacts_named,
        owner: check_owner(file, &source.owner, diags)?,
        sources: source
            .sources
            .iter()
            .filter_map(|s| check_source(file, s, diags))
            .collect(),
        under_review: false,
        numbering: source.numbering.as_ref().is_some_and(|n| n.value),
        questions_box: source.questions_box.as_ref().is_some_and(|q| q.value),
    })
}

/// A leaflet as `leaflet new` wrote it: its marker line still there, or its department not yet
/// chosen. Read from the file, since the marker is a comment.
fn check_scaffold(project: &Project, leaflet: &Leaflet, diags: &mut Diagnostics) {
    let file = &leaflet.path;
    if let Ok(text) = std::fs::read_to_string(project.root.join(file))
        && let Some(line) = text
            .lines()
            .position(|l| l.trim_start().starts_with(crate::starter::MARKER))
    {
        diags.push(
            Diagnostic::error(format!(
                "leaflet \"{}\" still has the placeholders of `leaflet new`",
                leaflet.id
            ))
            .at(Location::new(file, line + 1, 1))
            .hint("check its code, department, contact and owner, set reviewed to the day the content was checked, then delete this line"),
        );
    }
    let department = &leaflet.source.department;
    if department.value == crate::starter::CHOOSE_DEPARTMENT {
        diags.push(
            Diagnostic::error("the department is not chosen yet")
                .at(span_location(file, department))
                .hint("write one of the departments listed in the comment above it, e.g. `department: department-surgery`; they are the department-… messages of site.ftl"),
        );
    }
}

/// The owner is a role or team, on one line.
fn check_owner(file: &Path, owner: &Spanned<String>, diags: &mut Diagnostics) -> Option<String> {
    let value = owner.value.trim();
    if value == crate::starter::CHOOSE_OWNER {
        diags.push(
            Diagnostic::error("the owner is still the one `leaflet new` wrote")
                .at(span_location(file, owner))
                .hint("write who answers for the content, e.g. `owner: Polikliniek Orthopedie, verpleegkundigen`"),
        );
        return None;
    }
    if value.is_empty() || value.chars().any(char::is_control) || value.chars().count() > 120 {
        diags.push(
            Diagnostic::error("the owner must be a role or team on one line")
                .at(span_location(file, owner))
                .hint("write who answers for the content, e.g. `owner: Pijncentrum, verpleegkundig specialisten`; not a person's private data"),
        );
        return None;
    }
    Some(value.to_string())
}

/// A source: a title, and a web address if it has one.
fn check_source(
    file: &Path,
    source: &Spanned<crate::load::SourceReference>,
    diags: &mut Diagnostics,
) -> Option<(String, Option<String>)> {
    let title = source.value.title.value.trim();
    if title.is_empty() {
        diags.push(
            Diagnostic::error("this source has no title")
                .at(span_location(file, &source.value.title))
                .hint("write the source as it is cited, e.g. the guideline's name and year"),
        );
        return None;
    }
    let url = match &source.value.url {
        Some(url) if url.value.starts_with("https://") || url.value.starts_with("http://") => {
            Some(url.value.clone())
        }
        Some(url) => {
            diags.push(
                Diagnostic::error(format!(
                    "source address \"{}\" is not a web address",
                    url.value
                ))
                .at(span_location(file, url))
                .hint("write the full address, starting with https://"),
            );
            return None;
        }
        None => None,
    };
    Some((title.to_string(), url))
}

/// The document code is printed on every page: short, and on one line.
fn check_code(file: &Path, code: &Spanned<String>, diags: &mut Diagnostics) -> Option<String> {
    let length = code.value.chars().count();
    let problem = if code.value.trim().is_empty() {
        Some("the document code is empty".to_string())
    } else if length > Limits::MAX_CODE_CHARS {
        Some(format!(
            "the document code is {length} characters long; the limit is {}",
            Limits::MAX_CODE_CHARS
        ))
    } else if code.value.chars().any(char::is_control) {
        Some("the document code holds a line break or another control character".to_string())
    } else {
        None
    };
    match problem {
        Some(message) => {
            diags.push(
                Diagnostic::error(message)
                    .at(span_location(file, code))
                    .hint("write the code as your document control system has it, e.g. PIJN-012"),
            );
            None
        }
        None => Some(code.value.clone()),
    }
}

impl Expander<'_> {
    fn expand_body(
        &mut self,
        body: &[Spanned<BlockSource>],
        file: &Path,
        owner: &Owner,
        args: &Arc<BTreeMap<String, Arg>>,
        out: &mut Vec<ResolvedBlock>,
    ) {
        for block in body {
            self.expand_block(block, file, owner, args, out);
        }
    }

    fn message(
        &mut self,
        spanned: &Spanned<String>,
        file: &Path,
        owner: &Owner,
        args: &Arc<BTreeMap<String, Arg>>,
    ) -> MessageRef {
        check_message_id(spanned, file, self.diags);
        MessageRef {
            id: spanned.value.clone(),
            at: span_location(file, spanned),
            owner: owner.clone(),
            args: args.clone(),
        }
    }

    fn messages(
        &mut self,
        list: &[Spanned<String>],
        file: &Path,
        owner: &Owner,
        args: &Arc<BTreeMap<String, Arg>>,
    ) -> Vec<MessageRef> {
        list.iter()
            .map(|m| self.message(m, file, owner, args))
            .collect()
    }

    fn expand_block(
        &mut self,
        block: &Spanned<BlockSource>,
        file: &Path,
        owner: &Owner,
        args: &Arc<BTreeMap<String, Arg>>,
        out: &mut Vec<ResolvedBlock>,
    ) {
        let at = span_location(file, block);
        let b = &block.value;
        let kinds: Vec<&str> = [
            ("heading", b.heading.is_some()),
            ("subheading", b.subheading.is_some()),
            ("text", b.text.is_some()),
            ("list", b.list.is_some()),
            ("steps", b.steps.is_some()),
            ("callout", b.callout.is_some()),
            ("contact_card", b.contact_card.is_some()),
            ("image", b.image.is_some()),
            ("table", b.table.is_some()),
            ("use", b.use_block.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, set)| set.then_some(name))
        .collect();
        if kinds.len() != 1 {
            let message = if kinds.is_empty() {
                "this block has no content".to_string()
            } else {
                format!(
                    "this block has {} kinds at once: {}",
                    kinds.len(),
                    kinds.join(", ")
                )
            };
            self.diags.push(Diagnostic::error(message).at(at.clone()).hint(
                "give each block one of: heading, subheading, text, list, steps, callout, contact_card, image, table, use (start each with its own `- `)",
            ));
            return;
        }
        if b.with.is_some() && b.use_block.is_none() {
            self.diags.push(
                Diagnostic::error("`with:` only goes with `use:`")
                    .at(at.clone())
                    .hint("put `with:` under the `use:` of a shared block, or remove it"),
            );
        }
        if let Some(m) = &b.heading {
            let message = self.message(m, file, owner, args);
            out.push(ResolvedBlock::Heading { level: 2, message });
        } else if let Some(m) = &b.subheading {
            let message = self.message(m, file, owner, args);
            out.push(ResolvedBlock::Heading { level: 3, message });
        } else if let Some(m) = &b.text {
            out.push(ResolvedBlock::Paragraph(self.message(m, file, owner, args)));
        } else if let Some(items) = &b.list {
            self.check_not_empty(items, &at, "list");
            out.push(ResolvedBlock::List(self.messages(items, file, owner, args)));
        } else if let Some(items) = &b.steps {
            self.check_not_empty(items, &at, "steps");
            out.push(ResolvedBlock::Steps(
                self.messages(items, file, owner, args),
            ));
        } else if let Some(callout) = &b.callout {
            if callout.heading.is_none() && callout.text.is_none() && callout.list.is_empty() {
                self.diags.push(
                    Diagnostic::error("this callout is empty")
                        .at(at.clone())
                        .hint("give it a heading, a text or a list"),
                );
            }
            let heading = callout
                .heading
                .as_ref()
                .map(|m| self.message(m, file, owner, args));
            let text = callout
                .text
                .as_ref()
                .map(|m| self.message(m, file, owner, args));
            let items = self.messages(&callout.list, file, owner, args);
            let level = match &callout.level {
                Some(level) => self.care_level(level, file),
                None => CareLevel::Info,
            };
            out.push(ResolvedBlock::Callout {
                level,
                at,
                heading,
                text,
                items,
            });
        } else if let Some(which) = &b.contact_card {
            let contact = match which {
                Some(key) => lookup_contact(key, file, self.contacts, self.diags),
                None => self.own_contact.clone(),
            };
            if let Some(contact) = contact {
                out.push(ResolvedBlock::ContactCard(contact));
            }
        } else if let Some(image) = &b.image {
            let spanned = Spanned::new(
                crate::load::ImageBlockSource {
                    file: image.file.clone(),
                    alt: image.alt.clone(),
                    caption: image.caption.clone(),
                },
                block.referenced,
                block.defined,
            );
            if let Some(resolved) = resolve_figure(self.project, file, &spanned, owner, self.diags)
            {
                out.push(ResolvedBlock::Image(resolved));
            }
        } else if let Some(table) = &b.table {
            if let Some(resolved) = resolve_table(table, &at, file, owner, args, self.diags) {
                out.push(ResolvedBlock::Table(resolved));
            }
        } else if let Some(name) = &b.use_block {
            self.expand_use(name, b.with.as_ref(), file, owner, args, out);
        }
    }

    /// A callout's `level:`; an emergency needs the number to call, from site.yaml.
    fn care_level(&mut self, level: &Spanned<String>, file: &Path) -> CareLevel {
        let at = span_location(file, level);
        let names = CareLevel::ALL.map(CareLevel::name);
        let Some(found) = CareLevel::from_name(&level.value) else {
            let choices = "a callout's level is info (the default), urgent or emergency";
            let hint = match did_you_mean(&level.value, names) {
                Some(suggestion) => format!("{suggestion} A{}", &choices[1..]),
                None => choices.to_string(),
            };
            self.diags.push(
                Diagnostic::error(format!("unknown callout level \"{}\"", level.value))
                    .at(at)
                    .hint(hint),
            );
            return CareLevel::Info;
        };
        if found == CareLevel::Emergency && self.project.site.emergency_number.is_none() {
            self.diags.push(
                Diagnostic::error("an emergency callout needs the emergency number, and site.yaml has none")
                    .at(at)
                    .hint("add the number people call in an emergency to site.yaml, e.g. `emergency_number: \"112\"` (the Netherlands and the rest of Europe)"),
            );
        }
        found
    }

    /// Arguments in scope after a `with:`: the inherited ones, overridden by its own. A value
    /// with a `/` is a contact (`org/contact`: message ids have none); any other is a message,
    /// looked up where the `with:` is written (the using leaflet or block).
    fn arguments(
        &mut self,
        with: Option<&BTreeMap<String, Spanned<String>>>,
        file: &Path,
        owner: &Owner,
        args: &Arc<BTreeMap<String, Arg>>,
    ) -> Arc<BTreeMap<String, Arg>> {
        let Some(with) = with else {
            return args.clone();
        };
        let mut scoped = (**args).clone();
        for (name, value) in with {
            if value.value.contains('/') {
                check_argument_name(name, value, file, self.diags);
                if let Some(contact) = lookup_contact(value, file, self.contacts, self.diags) {
                    self.contacts_named.insert(contact.key.clone());
                    scoped.insert(name.clone(), Arg::Contact(contact));
                }
            } else {
                let reference = self.message(value, file, owner, args);
                scoped.insert(name.clone(), Arg::Message(reference));
            }
        }
        Arc::new(scoped)
    }

    fn check_not_empty(&mut self, items: &[Spanned<String>], at: &Location, kind: &str) {
        if items.is_empty() {
            self.diags.push(
                Diagnostic::error(format!("this {kind} is empty"))
                    .at(at.clone())
                    .hint("list at least one message id, e.g. `[first-item, second-item]`"),
            );
        }
    }

    fn expand_use(
        &mut self,
        name: &Spanned<String>,
        with: Option<&BTreeMap<String, Spanned<String>>>,
        file: &Path,
        owner: &Owner,
        args: &Arc<BTreeMap<String, Arg>>,
        out: &mut Vec<ResolvedBlock>,
    ) {
        let at = span_location(file, name);
        let project = self.project;
        let Some(shared) = project.shared.get(&name.value) else {
            let mut d =
                Diagnostic::error(format!("unknown shared block \"{}\"", name.value)).at(at);
            d = match did_you_mean(&name.value, project.shared.keys().map(String::as_str)) {
                Some(hint) => d.hint(hint),
                None => d.hint(format!(
                    "shared blocks are the files in leaflets/{SHARED_DIR}/; create leaflets/{SHARED_DIR}/{}.yaml",
                    name.value
                )),
            };
            self.diags.push(d);
            return;
        };
        if self.stack.len() >= MAX_USE_DEPTH {
            self.diags.push(
                Diagnostic::error(format!(
                    "shared blocks are nested more than {MAX_USE_DEPTH} deep here"
                ))
                .at(at)
                .hint("a shared block that uses another is fine; a chain this long is a mistake"),
            );
            return;
        }
        if let Some(start) = self.stack.iter().position(|s| s == &name.value) {
            let mut chain: Vec<&str> = self.stack[start..].iter().map(String::as_str).collect();
            chain.push(&name.value);
            self.diags.push(
                Diagnostic::error(format!(
                    "shared block \"{}\" uses itself: {}",
                    name.value,
                    chain.join(" → ")
                ))
                .at(at)
                .hint("a shared block cannot use a block that uses it back; remove one of these `use:` lines"),
            );
            return;
        }
        let scoped = self.arguments(with, file, owner, args);
        self.shared_used.insert(shared.name.clone());
        self.stack.push(shared.name.clone());
        let Shared { path, source, .. } = shared;
        let inner_owner = Owner::Shared(shared.name.clone());
        self.expand_body(&source.body, path, &inner_owner, &scoped, out);
        self.stack.pop();
    }
}

/// A contact argument's name starts the names of its variables (`general` → `$general_phone`),
/// so it must be a Fluent identifier: a letter, then letters, digits, `-` or `_`.
fn check_argument_name(name: &str, value: &Spanned<String>, file: &Path, diags: &mut Diagnostics) {
    let mut chars = name.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        diags.push(
            Diagnostic::error(format!(
                "\"{name}\" cannot name a contact: texts could not use it as a variable"
            ))
            .at(span_location(file, value))
            .hint("start the name with a letter and use only letters, digits, - and _, e.g. `with: { general: umcg/algemeen }`"),
        );
    }
}

/// Headings may not skip a level (WCAG 1.3.1): the title is level 1, so a `subheading` (level
/// 3) needs a `heading` (level 2) before it — also across shared blocks.
fn check_heading_order(blocks: &[ResolvedBlock], diags: &mut Diagnostics) {
    let mut previous = 1;
    for block in blocks {
        if let ResolvedBlock::Heading { level, message } = block {
            if *level > previous + 1 {
                diags.push(
                    Diagnostic::error(format!(
                        "the subheading \"{}\" comes before any heading",
                        message.id
                    ))
                    .at(message.at.clone())
                    .hint("screen-reader users navigate by heading levels; put a `heading:` before it, or make it a `heading:`"),
                );
            }
            previous = *level;
        }
    }
}
