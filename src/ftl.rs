//! Fluent files, parsed once: the resources and where each message is written.
//!
//! Receives the `.ftl` texts that `load` read. Parses each file once with fluent-bundle (a syntax
//! error is a diagnostic at its line:col) and keeps the text, so later stages can point at the
//! line of a message or of a `{ $variable }` inside it. Both localization (which formats the
//! messages) and the translation checks (which compare them) read from here; this module knows
//! nothing of leaflets, bundles or languages beyond the file keys.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use fluent_bundle::FluentResource;
use fluent_syntax::ast;
use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::load::FtlFile;

/// Every parsed Fluent file, by locale and key (`site`, `<leaflet-id>`, `shared/<name>`).
pub struct Resources {
    /// (locale, key) → file and resource, sorted by (locale, key).
    files: Vec<((String, String), (FtlFile, FluentResource))>,
    /// locale → key → place in `files`: looked up by `&str`, without making a key.
    index: HashMap<String, HashMap<String, usize>>,
}

/// A Fluent syntax error as people read it. A text line that begins with `*`, `[` or `.` is the
/// usual cause for people who write text rather than Fluent: Fluent reads such a line as a
/// variant or an attribute, and its own message ("expected one of a-zA-Z") says nothing of that.
fn syntax_error(file: &FtlFile, error: &fluent_syntax::parser::ParserError) -> Diagnostic {
    let mut line = file.text[..error.pos.start.min(file.text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    // `id =` alone on its line, the text below it: Fluent points at the id ("expected a message
    // field") when that first text line is the one that starts with `*`, `[` or `.`.
    let raw = &file.text[line..];
    let end = raw.find('\n');
    let this = raw[..end.unwrap_or(raw.len())].trim_end();
    if let Some(end) = end
        && this.ends_with('=')
        && !this.starts_with([' ', '\t', '#'])
    {
        let next = line + end + 1;
        if let Some(below) = file.text.get(next..) {
            let trimmed = below.trim_start_matches([' ', '\t']);
            if below.starts_with([' ', '\t']) && trimmed.starts_with(['*', '[', '.']) {
                line = next;
            }
        }
    }
    let rest = &file.text[line..];
    let text = rest[..rest.find('\n').unwrap_or(rest.len())].trim_start();
    let indented = rest.starts_with([' ', '\t']);
    let first_char = line + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    let at = |offset| syntax_error_location(&file.path, &file.text, offset);
    let (what, hint) = match text.chars().next() {
        Some(c @ ('*' | '[')) if indented => (
            format!("a line of text starts with `{c}`, which Fluent reads as a choice between variants ([one] … *[other]), not as text"),
            format!("start the text on the `id =` line itself (`id = **Bold words** …`), or write {{\"{c}\"}} instead of the first {c}; for a list, give each item its own message in a `list:` block of the leaflet"),
        ),
        Some('.') if indented => (
            "a line of text starts with `.`, which Fluent reads as an attribute (.name = …), not as text".to_string(),
            "join the line to the one before, or write {\".\"} instead of the first .".to_string(),
        ),
        _ => (
            lowercase_first(&error.kind.to_string()),
            "a message is `id = text`; continuation lines start with spaces; a `{` in text is written {\"{\"}".to_string(),
        ),
    };
    let offset = if indented && text.starts_with(['*', '[', '.']) {
        first_char
    } else {
        error.pos.start
    };
    Diagnostic::error(format!(
        "Fluent syntax error in {}: {what}",
        file.path.display()
    ))
    .at(at(offset))
    .hint(hint)
}

/// Parses every `.ftl` file; syntax errors become diagnostics with line:col.
pub fn parse_resources(
    ftl: BTreeMap<String, BTreeMap<String, FtlFile>>,
    diags: &mut Diagnostics,
) -> Resources {
    // Each file on its own (rayon), its problems in a list of its own, taken in the files' order.
    let each: Vec<(String, String, FtlFile)> = ftl
        .into_iter()
        .flat_map(|(locale, by_key)| {
            by_key
                .into_iter()
                .map(move |(key, file)| (locale.clone(), key, file))
        })
        .collect();
    let parsed: Vec<_> = each
        .into_par_iter()
        .map(|(locale, key, file)| {
            let mut found = Diagnostics::new();
            let resource = match FluentResource::try_new(file.text.clone()) {
                Ok(resource) => resource,
                Err((resource, errors)) => {
                    for error in errors {
                        found.push(syntax_error(&file, &error));
                    }
                    resource
                }
            };
            check_lengths(&file, &resource, &mut found);
            check_escapes_and_depth(&file, &mut found);
            check_no_references(&file, &resource, &mut found);
            check_import_todos(&file, &mut found);
            ((locale, key), (file, resource), found)
        })
        .collect();
    let mut sorted = BTreeMap::new();
    for (at, file, found) in parsed {
        diags.extend(found);
        sorted.insert(at, file);
    }
    let files: Vec<_> = sorted.into_iter().collect();
    let mut index: HashMap<String, HashMap<String, usize>> = HashMap::new();
    for (place, ((locale, key), _)) in files.iter().enumerate() {
        index
            .entry(locale.clone())
            .or_default()
            .insert(key.clone(), place);
    }
    Resources { files, index }
}

/// Every to-do `leaflet import` wrote into the file (`# TO DO (leaflet import): …`) is an error
/// at its line until a person has done it and deleted the line: an imported leaflet is not
/// published with its summary unchecked, a passage written twice or a sentence too long.
fn check_import_todos(file: &FtlFile, diags: &mut Diagnostics) {
    for (index, line) in file.text.lines().enumerate() {
        // Its start is enough: a mark broken over two lines of a message is found too.
        if let Some(column) = line.find("(TO DO:") {
            diags.push(
                Diagnostic::error("a text still has the mark `leaflet import` put where something could not come in as text")
                    .at(Location::new(&file.path, index + 1, line[..column].chars().count() + 1))
                    .hint(format!(
                        "type there what the imported file shows (such as ≥, ±, μ, or a sum written out) in place of {}",
                        crate::starter::TODO_IN_TEXT
                    )),
            );
        }
        if !line.starts_with(crate::starter::TODO_MARK) {
            continue;
        }
        diags.push(
            Diagnostic::error("an import to-do is not done yet")
                .at(Location::new(&file.path, index + 1, 1))
                .hint(
                    "do what the line says, then delete the line (`leaflet import` wrote it there)",
                ),
        );
    }
}

/// The longest text one message may have: a paragraph for patients is far shorter. Bounds the
/// work of everything after (Fluent, Markdown, typst) whatever a file holds.
pub const MAX_MESSAGE_CHARS: usize = 5_000;
/// The longest title (the `title` of a leaflet, shown on every page's tab and PDF cover).
pub const MAX_TITLE_CHARS: usize = 200;

/// How long a message is, as the limits count: its characters of text, one for each
/// placeable.
pub fn message_chars(message: &ast::Message<&str>) -> usize {
    message
        .value
        .iter()
        .chain(message.attributes.iter().map(|a| &a.value))
        .flat_map(|pattern| &pattern.elements)
        .map(|element| match element {
            ast::PatternElement::TextElement { value } => value.chars().count(),
            ast::PatternElement::Placeable { .. } => 1,
        })
        .sum()
}

/// How long the messages of a piece of Fluent (`id = …`) are together, as the limits count.
pub fn serialized_chars(fluent: &str) -> usize {
    let resource = match fluent_syntax::parser::parse(fluent) {
        Ok(resource) | Err((resource, _)) => resource,
    };
    resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            ast::Entry::Message(message) => Some(message_chars(message)),
            _ => None,
        })
        .sum()
}

/// Messages over the length limits are errors at their definition.
fn check_lengths(file: &FtlFile, resource: &FluentResource, diags: &mut Diagnostics) {
    for message in messages(resource) {
        let id = message.id.name;
        let text_chars = message_chars(message);
        let limit = if id == "title" {
            MAX_TITLE_CHARS
        } else {
            MAX_MESSAGE_CHARS
        };
        if text_chars > limit {
            diags.push(
                Diagnostic::error(format!(
                    "message \"{id}\" is {text_chars} characters long; the limit is {limit}"
                ))
                .at_opt(
                    definition_offset(&file.text, id)
                        .map(|offset| Location::from_offset(&file.path, &file.text, offset)),
                )
                .hint("one message is one paragraph, list item or heading; split long text into several messages"),
            );
        }
    }
}

/// Refuses Fluent terms (`-name = …`, `{ -name }`) and messages that include other messages
/// (`{ other-message }`). Each message is fingerprinted, confirmed and checked for its numbers and
/// phone numbers on its own: text pulled in from elsewhere could change (or stay an unconfirmed
/// translation) while the message around it still counts as confirmed. Text that recurs is a
/// shared block or a contact's `$variable` instead, which the checks follow.
fn check_no_references(file: &FtlFile, resource: &FluentResource, diags: &mut Diagnostics) {
    let base = resource.source().as_ptr() as usize;
    // A term's name is stored without its dash: `back` steps onto it.
    let at = |name: &str, back: usize| {
        let offset = (name.as_ptr() as usize)
            .saturating_sub(base)
            .saturating_sub(back);
        Location::from_offset(&file.path, &file.text, offset.min(file.text.len()))
    };
    const HINT: &str = "each message is checked and confirmed on its own, so text pulled in from elsewhere could change unseen; write the words in the message itself, or put text that recurs in a shared block (README, \"How to add a shared block\") or a contact's $variable";
    let mut found = Vec::new();
    for entry in resource.entries() {
        match entry {
            ast::Entry::Message(message) => {
                for pattern in message
                    .value
                    .iter()
                    .chain(message.attributes.iter().map(|a| &a.value))
                {
                    references_in_pattern(pattern, &mut |reference| {
                        found.push((message.id.name, reference))
                    });
                }
            }
            ast::Entry::Term(term) => {
                let location = at(term.id.name, 1);
                diags.push(
                    Diagnostic::error(format!(
                        "Fluent term \"-{}\" is defined; leaflet texts do not use terms",
                        term.id.name
                    ))
                    .at(location)
                    .hint(HINT),
                );
            }
            _ => {}
        }
    }
    for (id, reference) in found {
        let (what, name) = match reference {
            ast::InlineExpression::TermReference { id: r, .. } => {
                ("uses the Fluent term", format!("-{}", r.name))
            }
            ast::InlineExpression::MessageReference { id: r, attribute } => (
                "includes the message",
                match attribute {
                    Some(a) => format!("{}.{}", r.name, a.name),
                    None => r.name.to_string(),
                },
            ),
            _ => continue,
        };
        let location = match reference {
            ast::InlineExpression::TermReference { id: r, .. } => at(r.name, 1),
            ast::InlineExpression::MessageReference { id: r, .. } => at(r.name, 0),
            _ => continue,
        };
        diags.push(
            Diagnostic::error(format!("message \"{id}\" {what} \"{name}\""))
                .at(location)
                .hint(HINT),
        );
    }
}

fn references_in_pattern<'a>(
    pattern: &'a ast::Pattern<&'a str>,
    found: &mut dyn FnMut(&'a ast::InlineExpression<&'a str>),
) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            references_in_expression(expression, found);
        }
    }
}

fn references_in_expression<'a>(
    expression: &'a ast::Expression<&'a str>,
    found: &mut dyn FnMut(&'a ast::InlineExpression<&'a str>),
) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            references_in_inline(selector, found);
            for variant in variants {
                references_in_pattern(&variant.value, found);
            }
        }
        ast::Expression::Inline(inline) => references_in_inline(inline, found),
    }
}

fn references_in_inline<'a>(
    inline: &'a ast::InlineExpression<&'a str>,
    found: &mut dyn FnMut(&'a ast::InlineExpression<&'a str>),
) {
    match inline {
        ast::InlineExpression::TermReference { arguments, .. } => {
            found(inline);
            if let Some(arguments) = arguments {
                references_in_arguments(arguments, found);
            }
        }
        ast::InlineExpression::MessageReference { .. } => found(inline),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            references_in_arguments(arguments, found)
        }
        ast::InlineExpression::Placeable { expression } => {
            references_in_expression(expression, found)
        }
        ast::InlineExpression::VariableReference { .. }
        | ast::InlineExpression::StringLiteral { .. }
        | ast::InlineExpression::NumberLiteral { .. } => {}
    }
}

fn references_in_arguments<'a>(
    arguments: &'a ast::CallArguments<&'a str>,
    found: &mut dyn FnMut(&'a ast::InlineExpression<&'a str>),
) {
    for positional in &arguments.positional {
        references_in_inline(positional, found);
    }
    for named in &arguments.named {
        references_in_inline(&named.value, found);
    }
}

/// Deepest nesting of `{ … }` a message may have; deeper would exhaust the parser's stack.
pub const MAX_PLACEABLE_DEPTH: usize = 16;

/// Refuses Fluent escapes of bidirectional embeddings and overrides (`{"\u202E"}`): written
/// around digits they make "12" display as "21", which no check of the text would see. Also
/// refuses placeables nested deeper than any message needs.
fn check_escapes_and_depth(file: &FtlFile, diags: &mut Diagnostics) {
    let text = &file.text;
    let lower = text.to_ascii_lowercase();
    for needle in [
        "\\u202a",
        "\\u202b",
        "\\u202c",
        "\\u202d",
        "\\u202e",
        "\\u00202a",
        "\\u00202b",
        "\\u00202c",
        "\\u00202d",
        "\\u00202e",
    ] {
        for (offset, _) in lower.match_indices(needle) {
            diags.push(
                Diagnostic::error(format!(
                    "a Fluent escape writes a bidirectional override or embedding ({})",
                    &text[offset..offset + needle.len()]
                ))
                .at(Location::from_offset(&file.path, text, offset))
                .hint("these reverse or reorder the text after them (a dose or a phone number could read differently); use {\"\\u2068\"}…{\"\\u2069\"} isolates if a direction really must be set"),
            );
        }
    }
    let mut depth = 0usize;
    for (offset, c) in text.char_indices() {
        match c {
            '{' => {
                depth += 1;
                if depth == MAX_PLACEABLE_DEPTH + 1 {
                    diags.push(
                        Diagnostic::error(format!(
                            "placeables are nested more than {MAX_PLACEABLE_DEPTH} deep"
                        ))
                        .at(Location::from_offset(&file.path, text, offset))
                        .hint("a message needs a few levels at most; write it more simply"),
                    );
                }
            }
            '}' => depth = depth.saturating_sub(1),
            '\n' if !text[offset + 1..].starts_with(' ') => depth = 0,
            _ => {}
        }
    }
}

/// Every variable a message refers to: value, attributes, selectors, variants, function
/// arguments.
pub fn message_variables<'a>(message: &ast::Message<&'a str>) -> BTreeSet<&'a str> {
    fn in_pattern<'a>(p: &ast::Pattern<&'a str>, vars: &mut BTreeSet<&'a str>) {
        for element in &p.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                in_expression(expression, vars);
            }
        }
    }
    fn in_expression<'a>(e: &ast::Expression<&'a str>, vars: &mut BTreeSet<&'a str>) {
        match e {
            ast::Expression::Select { selector, variants } => {
                in_inline(selector, vars);
                for variant in variants {
                    in_pattern(&variant.value, vars);
                }
            }
            ast::Expression::Inline(inline) => in_inline(inline, vars),
        }
    }
    fn in_inline<'a>(i: &ast::InlineExpression<&'a str>, vars: &mut BTreeSet<&'a str>) {
        match i {
            ast::InlineExpression::VariableReference { id } => {
                vars.insert(id.name);
            }
            ast::InlineExpression::FunctionReference { arguments, .. }
            | ast::InlineExpression::TermReference {
                arguments: Some(arguments),
                ..
            } => {
                for argument in &arguments.positional {
                    in_inline(argument, vars);
                }
                for named in &arguments.named {
                    in_inline(&named.value, vars);
                }
            }
            ast::InlineExpression::Placeable { expression } => in_expression(expression, vars),
            _ => {}
        }
    }
    let mut vars = BTreeSet::new();
    for pattern in message
        .value
        .iter()
        .chain(message.attributes.iter().map(|a| &a.value))
    {
        in_pattern(pattern, &mut vars);
    }
    vars
}

/// The messages (not terms or comments) of a resource.
pub fn messages(resource: &FluentResource) -> impl Iterator<Item = &ast::Message<&str>> {
    resource.entries().filter_map(|entry| match entry {
        ast::Entry::Message(message) => Some(message),
        _ => None,
    })
}

impl Resources {
    /// Every parsed file: (locale, key) → resource, in a stable order.
    pub fn all(&self) -> impl Iterator<Item = (&(String, String), &FluentResource)> {
        self.files.iter().map(|(k, (_, r))| (k, r))
    }

    pub fn get(&self, locale: &str, key: &str) -> Option<&FluentResource> {
        self.entry(locale, key).map(|(_, r)| r)
    }

    fn file(&self, locale: &str, key: &str) -> Option<&FtlFile> {
        self.entry(locale, key).map(|(f, _)| f)
    }

    fn entry(&self, locale: &str, key: &str) -> Option<&(FtlFile, FluentResource)> {
        let place = *self.index.get(locale)?.get(key)?;
        self.files.get(place).map(|(_, entry)| entry)
    }

    /// Where message `id` is defined among the files `keys` of `locale`.
    pub fn definition(&self, locale: &str, keys: &[String], id: &str) -> Option<Location> {
        keys.iter().find_map(|key| {
            let file = self.file(locale, key)?;
            definition_offset(&file.text, id)
                .map(|offset| Location::from_offset(&file.path, &file.text, offset))
        })
    }

    /// The position of `{ $var }` inside the definition of `id`.
    /// Whether `locale`'s message `id` (in the first of `keys` that has it) refers to the
    /// variable `$var` anywhere: value, attributes, selectors, variants, function arguments.
    pub fn uses_variable(&self, locale: &str, keys: &[String], id: &str, var: &str) -> bool {
        keys.iter()
            .filter_map(|key| self.get(locale, key))
            .flat_map(messages)
            .find(|m| m.id.name == id)
            .is_some_and(|m| message_variables(m).contains(var))
    }

    /// The variables of every message of `locale` (in the first of `keys` that has it), as
    /// [`Resources::uses_variable`] finds them: for many questions about the same files.
    pub fn variables_by_message(
        &self,
        locale: &str,
        keys: &[String],
    ) -> HashMap<&str, BTreeSet<&str>> {
        let mut found = HashMap::new();
        for message in keys
            .iter()
            .filter_map(|key| self.get(locale, key))
            .flat_map(messages)
        {
            found
                .entry(message.id.name)
                .or_insert_with(|| message_variables(message));
        }
        found
    }

    pub fn variable_use(
        &self,
        locale: &str,
        keys: &[String],
        id: &str,
        var: &str,
    ) -> Option<Location> {
        self.text_use(locale, keys, id, &format!("${var}"))
    }

    /// The position of `needle` inside the definition of `id`.
    pub fn text_use(
        &self,
        locale: &str,
        keys: &[String],
        id: &str,
        needle: &str,
    ) -> Option<Location> {
        let (file, def_offset) = keys.iter().find_map(|key| {
            let file = self.file(locale, key)?;
            Some((file, definition_offset(&file.text, id)?))
        })?;
        let after = &file.text[def_offset..];
        // Only look inside this message: up to the next line that starts a new entry.
        let end = after
            .split_inclusive('\n')
            .enumerate()
            .skip(1)
            .find(|(_, l)| !l.starts_with(' ') && !l.trim().is_empty())
            .map_or(after.len(), |(i, _)| {
                after.split_inclusive('\n').take(i).map(str::len).sum()
            });
        let found = after[..end].find(needle)?;
        Some(Location::from_offset(
            &file.path,
            &file.text,
            def_offset + found,
        ))
    }
}

/// The byte offset of the line that defines `id` (`id = …`), if any.
fn definition_offset(text: &str, id: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(id)
            && rest.trim_start().starts_with('=')
        {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// Fluent reports some errors at the start of the next line or at the end of the file; point at
/// the end of the last line with text instead, where the mistake is.
fn syntax_error_location(path: &Path, text: &str, offset: usize) -> Location {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text[..offset].trim_end();
    let line_is_blank = text[offset..]
        .split('\n')
        .next()
        .is_none_or(|l| l.trim().is_empty());
    if line_is_blank && !before.is_empty() {
        let last_char = before.chars().next_back().map_or(0, char::len_utf8);
        Location::from_offset(path, text, before.len() - last_char)
    } else {
        Location::from_offset(path, text, offset)
    }
}

/// Error texts of Fluent start with a capital; ours are lowercase, like typst's.
pub fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resources(text: &str) -> Resources {
        let file = FtlFile {
            path: "locales/nl/x.ftl".into(),
            text: text.into(),
        };
        let ftl = BTreeMap::from([("nl".to_string(), BTreeMap::from([("x".to_string(), file)]))]);
        parse_resources(ftl, &mut Diagnostics::new())
    }

    #[test]
    fn definitions_and_variables_are_found() {
        let r = resources("a = A\nb =\n    Bel { $phone }.\nc = { $phone }\n");
        let keys = ["x".to_string()];
        let def = r.definition("nl", &keys, "b").unwrap();
        assert_eq!((def.line, def.column), (2, 1));
        let var = r.variable_use("nl", &keys, "b", "phone").unwrap();
        assert_eq!((var.line, var.column), (3, 11));
        assert!(r.variable_use("nl", &keys, "a", "phone").is_none());
    }
}
