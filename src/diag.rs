//! Diagnostics: every problem a run finds, as a value.
//!
//! Stages never print and never stop at the first problem: they push a [`Diagnostic`] (severity,
//! file, line:col, message, hint) into a [`Diagnostics`] list and keep going where they can. The
//! command prints the whole list once, sorted, at the end, and derives the exit code from it.
//! Source excerpts with a caret are drawn by `codespan-reporting`, not by hand.

use std::fmt;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use serde::{Deserialize, Serialize};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    Error,
    Warning,
}

/// Whose problem it is: the sources (exit code 1), the machine the tool runs on (exit code 2),
/// or leaflet itself (exit code 3: a bug to report).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Class {
    Content,
    Environment,
    Internal,
}

/// A position in a project file. `file` is relative to the project root; line and column count
/// from 1, the column in characters (as editors show it).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn new(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            file: file.into(),
            line: line.max(1),
            column: column.max(1),
        }
    }

    /// The start of a file, for problems that belong to a whole file (such as its name).
    pub fn file_start(file: impl Into<PathBuf>) -> Self {
        Location::new(file, 1, 1)
    }

    /// The position of byte `offset` in `text`.
    pub fn from_offset(file: impl Into<PathBuf>, text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Location::new(file, line, column)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// One problem found in a run (serialisable: a build that changed nothing shows the last
/// build's warnings again, see `render::uptodate`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub class: Class,
    pub message: String,
    pub location: Option<Location>,
    pub hint: Option<Box<str>>,
    /// Extra lines shown under the message, such as the output of `typst`.
    pub notes: Vec<String>,
    /// A warning that is one of many of its kind (messages not translated into `ar`, file by
    /// file): shown as one line per kind and language unless `--verbose`. Errors never are.
    /// (Boxed: most diagnostics have none, and the type travels in `Result`s.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Box<Group>>,
}

/// What a warning counts, to be summed with the others of its kind and key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub kind: GroupKind,
    /// What the warnings of one line share: the language.
    pub key: String,
    /// How many things this one warning is about (messages of a file).
    pub count: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum GroupKind {
    /// Messages of a file not translated into a language, shown in the default one.
    Untranslated,
    /// A leaflet a language's site leaves out, not (or not yet confirmed) translated.
    LeafletLeftOut,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            class: Class::Content,
            message: message.into(),
            location: None,
            hint: None,
            notes: Vec::new(),
            group: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// A problem with the machine rather than the sources: a missing program, a full disk.
    pub fn environment(message: impl Into<String>) -> Self {
        Diagnostic {
            class: Class::Environment,
            ..Diagnostic::error(message)
        }
    }

    /// A bug in leaflet itself: something that cannot happen with any sources.
    pub fn internal(message: impl Into<String>) -> Self {
        Diagnostic {
            class: Class::Internal,
            hint: Some(
                "this is a bug in leaflet, not in your files; please report it with the command you ran and this message".into(),
            ),
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn at_opt(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into().into_boxed_str());
        self
    }

    /// Marks a warning as one of many of its kind (see [`Group`]).
    pub fn grouped(mut self, kind: GroupKind, key: impl Into<String>, count: usize) -> Self {
        self.group = Some(Box::new(Group {
            kind,
            key: key.into(),
            count,
        }));
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
}

/// All problems of one run.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn has_warnings(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Warning)
    }

    pub fn has_environment_errors(&self) -> bool {
        self.has_class(Class::Environment)
    }

    pub fn has_internal_errors(&self) -> bool {
        self.has_class(Class::Internal)
    }

    fn has_class(&self, class: Class) -> bool {
        self.items
            .iter()
            .any(|d| d.severity == Severity::Error && d.class == class)
    }

    /// How many distinct diagnostics of this severity there are (as `render` shows them).
    pub fn count(&self, severity: Severity) -> usize {
        self.sorted()
            .into_iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// The diagnostics as a person reads them without `--verbose`: warnings of one kind and
    /// key, when there are two or more, become one line that sums them up (how many, in how
    /// many files, the command for the list); errors and every other warning stay as they are.
    pub fn summarised(&self) -> Diagnostics {
        let mut groups: std::collections::BTreeMap<(GroupKind, String), (usize, usize)> =
            std::collections::BTreeMap::new();
        for d in self.sorted() {
            if let (Severity::Warning, Some(g)) = (d.severity, &d.group) {
                let entry = groups.entry((g.kind, g.key.clone())).or_default();
                entry.0 += g.count;
                entry.1 += 1;
            }
        }
        let mut out = Diagnostics::new();
        for d in self.sorted() {
            let summed = match (d.severity, &d.group) {
                (Severity::Warning, Some(g)) => groups[&(g.kind, g.key.clone())].1 > 1,
                _ => false,
            };
            if !summed {
                out.push(d.clone());
            }
        }
        for ((kind, key), (count, places)) in groups {
            if places < 2 {
                continue;
            }
            let (message, hint) = match kind {
                GroupKind::Untranslated => (
                    format!(
                        "{key}: {} not yet translated in {}; shown in the default language with a note",
                        counted(count, "message", "messages"),
                        counted(places, "file", "files")
                    ),
                    "run `leaflet translations status` for the list, or add --verbose to see each file",
                ),
                GroupKind::LeafletLeftOut => (
                    format!(
                        "{key}: {} not translated (or not yet confirmed), so the {key} site leaves them out",
                        counted(places, "leaflet", "leaflets")
                    ),
                    "run `leaflet translations status` for the list, or add --verbose to see each leaflet",
                ),
            };
            out.push(Diagnostic::warning(message).hint(hint));
        }
        out
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Errors first, then by file and position (what `--format json` lists and the counts use;
    /// a printed report shows them in [`Diagnostics::reading_order`]).
    /// Identical diagnostics (the same message at the same place) are shown once.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| {
            (a.severity, &a.location, &a.message).cmp(&(b.severity, &b.location, &b.message))
        });
        items.dedup();
        items
    }

    /// The order a report is printed in: the warnings, then the errors, each by file and
    /// position. A terminal shows the end of a long report, so what stopped the command comes
    /// last, just above its closing line, and is not scrolled away by hundreds of warnings.
    pub fn reading_order(&self) -> Vec<&Diagnostic> {
        let (mut errors, mut order): (Vec<&Diagnostic>, Vec<&Diagnostic>) = self
            .sorted()
            .into_iter()
            .partition(|d| d.severity == Severity::Error);
        order.append(&mut errors);
        order
    }

    /// Per file, how many errors and warnings: for the closing summary of a long report.
    /// Problems without a file are counted under "(no file)".
    pub fn count_by_file(&self) -> Vec<(String, usize, usize)> {
        let mut by_file: std::collections::BTreeMap<String, (usize, usize)> =
            std::collections::BTreeMap::new();
        for d in self.sorted() {
            let file = d
                .location
                .as_ref()
                .map_or_else(|| "(no file)".to_string(), |l| l.file.display().to_string());
            let entry = by_file.entry(file).or_default();
            match d.severity {
                Severity::Error => entry.0 += 1,
                Severity::Warning => entry.1 += 1,
            }
        }
        // Files with errors last, as in the report above: nearest to its closing line.
        let mut list: Vec<(String, usize, usize)> =
            by_file.into_iter().map(|(f, (e, w))| (f, e, w)).collect();
        list.sort_by(|a, b| (a.1 > 0).cmp(&(b.1 > 0)).then_with(|| a.0.cmp(&b.0)));
        list
    }

    /// Renders every diagnostic with its source excerpt, as plain text. `root` is the project
    /// root the locations are relative to.
    pub fn render(&self, root: &Path) -> String {
        String::from_utf8_lossy(&self.render_styled(root, false)).into_owned()
    }

    /// The same, with terminal colours when `color` is set (for a terminal that is not
    /// `NO_COLOR`; files and pipes get plain text).
    pub fn render_styled(&self, root: &Path, color: bool) -> Vec<u8> {
        let mut files = SimpleFiles::new();
        let config = term::Config::default();
        let styles = term::Styles::default();
        let mut buffer = if color {
            termcolor::Buffer::ansi()
        } else {
            termcolor::Buffer::no_color()
        };
        // Each file is read (and its lines counted) once, however many problems it has:
        // thousands of warnings in one large file must not each hold a copy of it.
        let mut read = std::collections::HashMap::new();
        for diagnostic in self.reading_order() {
            let cs_diag = to_codespan(diagnostic, root, &mut files, &mut read);
            let mut writer = term::StylesWriter::new(&mut buffer, &styles);
            if term::emit_to_write_style(&mut writer, &config, &files, &cs_diag).is_err() {
                let line = format!("{}: {}\n", severity_word(diagnostic), diagnostic.message);
                std::io::Write::write_all(&mut buffer, line.as_bytes()).ok();
            }
        }
        buffer.into_inner()
    }
}

fn to_codespan(
    diagnostic: &Diagnostic,
    root: &Path,
    files: &mut SimpleFiles<String, String>,
    read: &mut std::collections::HashMap<PathBuf, Option<usize>>,
) -> cs::Diagnostic<usize> {
    let mut cs_diag = match diagnostic.severity {
        Severity::Error => cs::Diagnostic::error(),
        Severity::Warning => cs::Diagnostic::warning(),
    }
    .with_message(&diagnostic.message);
    let mut notes = diagnostic.notes.clone();
    if let Some(hint) = &diagnostic.hint {
        notes.push(format!("hint: {hint}"));
    }
    if let Some(location) = &diagnostic.location {
        let id = *read.entry(location.file.clone()).or_insert_with(|| {
            excerpt_text(root, &location.file)
                .map(|text| files.add(location.file.display().to_string(), text))
        });
        let text = id
            .and_then(|id| files.get(id).ok())
            .map(|file| file.source());
        match (id, text) {
            (Some(id), Some(text)) => {
                let range = byte_range(text, location.line, location.column);
                cs_diag = cs_diag.with_labels(vec![cs::Label::primary(id, range)]);
            }
            // The file is gone, unreadable or elsewhere: still name the position, without an
            // excerpt.
            _ => notes.insert(0, format!("at {location}")),
        }
    }
    cs_diag.with_notes(notes)
}

/// The text of a project file, for an excerpt. Never read through a link that leaves the
/// project: the error about such a link points at it, and its excerpt would print a line of
/// whatever file it names (a key, a password file) into a terminal or a CI log.
fn excerpt_text(root: &Path, file: &Path) -> Option<String> {
    let real = std::fs::canonicalize(root.join(file)).ok()?;
    let real_root = std::fs::canonicalize(root).ok()?;
    real.starts_with(real_root)
        .then(|| std::fs::read_to_string(real).ok())
        .flatten()
}

fn severity_word(diagnostic: &Diagnostic) -> &'static str {
    match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The byte range of the character at `line`:`column` (1-based), clamped into the text.
fn byte_range(text: &str, line: usize, column: usize) -> std::ops::Range<usize> {
    let line_start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>()
        .min(text.len());
    let rest = &text[line_start..];
    let line_text = rest.split('\n').next().unwrap_or("");
    let start = line_start
        + line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i);
    // Underline the whole word or value that starts there (up to a space or YAML/Fluent
    // punctuation), so the caret marks `when-to-cal`, not just its `w`.
    let token: usize = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && !",]}#:=".contains(*c))
        .map(char::len_utf8)
        .sum();
    let len = token.max(text[start..].chars().next().map_or(0, char::len_utf8));
    start..start + len
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The closest known name to `wanted`, for "did you mean" hints.
pub fn did_you_mean<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    known
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(wanted, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| format!("did you mean \"{candidate}\"?"))
}

/// A count with its noun in the singular or plural, for the tool's own (English) messages:
/// "1 more paragraph", "5 more paragraphs". Not for patient text, which Fluent words per
/// language.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_line_and_character_column() {
        let text = "a: 1\nbé: x\n";
        let loc = Location::from_offset("f.yaml", text, text.find('x').unwrap());
        assert_eq!((loc.line, loc.column), (2, 5));
    }

    #[test]
    fn byte_range_points_at_the_character() {
        let text = "ab\ncé d\n";
        assert_eq!(&text[byte_range(text, 2, 4)], "d");
        assert_eq!(&text[byte_range(text, 2, 2)], "é");
        let yaml = "  - use: when-to-cal\n  - with: { a: b }\n";
        assert_eq!(&yaml[byte_range(yaml, 1, 10)], "when-to-cal");
        assert_eq!(&yaml[byte_range(yaml, 2, 13)], "a");
    }

    #[test]
    fn suggests_close_names_only() {
        let known = ["when-to-call", "implant-risks"];
        assert_eq!(
            did_you_mean("when-to-cal", known).as_deref(),
            Some("did you mean \"when-to-call\"?")
        );
        assert_eq!(did_you_mean("zzz", known), None);
    }
}
