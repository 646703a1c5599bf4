//! The draft: what a reader (`text`, `markdown`, `html`, `docx`) makes of an existing leaflet,
//! before it becomes YAML and Fluent. Every reader hands on the same plain values — headings,
//! paragraphs, lists, tables, pictures, each made of styled runs of text — so recognition and
//! writing do not know which format a leaflet came from.
//!
//! Text stays text here: a run holds the characters the reader saw, never Markdown or HTML.
//! Only [`Inline::markdown`] turns runs into the inline Markdown a message holds, escaping every
//! character Markdown would read as markup, so `<script>` in a Word file stays the words
//! "<script>" on the page and `**` typed by someone stays two asterisks.

/// How a run of text looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
}

/// A piece of a paragraph: text in one style, a link, or a variable the recognition put in
/// place of a phone number or time (`$phone`, `$opens` …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    Text { text: String, style: Style },
    Link { text: String, url: String },
    Variable(String),
}

/// A paragraph, heading, list item or table cell: its runs, and the line of the source file it
/// starts on (0 when the format has no lines to speak of, as a Word file).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline {
    pub runs: Vec<Run>,
    pub line: usize,
}

/// A picture found in the source: its bytes, its file extension and, when the source had one,
/// its description (Word's "alt text", HTML's `alt`).
#[derive(Debug, Clone)]
pub struct Picture {
    pub bytes: Vec<u8>,
    pub extension: String,
    pub alt: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Block {
    /// Level 1 is the leaflet's title; 2 a heading; 3 and lower a subheading.
    Heading {
        level: u8,
        text: Inline,
    },
    Paragraph(Inline),
    List {
        ordered: bool,
        items: Vec<Inline>,
    },
    /// The first row is the header; the caption when the source gave one (HTML's
    /// `<caption>`, a Word paragraph in the "Caption" style right before the table).
    Table {
        caption: Option<Inline>,
        rows: Vec<Vec<Inline>>,
    },
    /// An index into [`Draft::pictures`].
    Picture(usize),
    /// A shared block recognised in place of what the source said here.
    Use {
        name: String,
        line: usize,
    },
}

/// One imported document.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub blocks: Vec<Block>,
    pub pictures: Vec<Picture>,
    /// What a human should look at that the reader noticed (a list item that had several
    /// paragraphs, joined into one), with its place in the source.
    pub notes: Vec<(Spot, String)>,
    /// The source as text (a text file, Markdown, a web page), to find the column of what the
    /// report names; `None` for a Word file.
    pub source: Option<String>,
    /// Invisible characters left out of the text (zero width spaces, soft hyphens …).
    pub invisible: usize,
}

/// A place in the imported file, as the report names it: a line, and a column where the
/// report could find one (counted in characters, as editors do). Line 0 is no place (a Word
/// file has no lines).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Spot {
    pub line: usize,
    pub column: Option<usize>,
}

impl Spot {
    pub fn line(line: usize) -> Spot {
        Spot { line, column: None }
    }
}

/// "line 3, column 17: ", "line 3: ", or nothing: the start of a report line.
impl std::fmt::Display for Spot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (0, _) => Ok(()),
            (line, Some(column)) => write!(f, "line {line}, column {column}: "),
            (line, None) => write!(f, "line {line}: "),
        }
    }
}

impl Draft {
    /// Whether any heading, paragraph, list item or table cell has text.
    pub fn has_text(&self) -> bool {
        self.blocks.iter().any(|block| match block {
            Block::Heading { text, .. } | Block::Paragraph(text) => !text.is_empty(),
            Block::List { items, .. } => items.iter().any(|i| !i.is_empty()),
            Block::Table { caption, rows } => {
                caption.as_ref().is_some_and(|c| !c.is_empty())
                    || rows.iter().flatten().any(|c| !c.is_empty())
            }
            Block::Picture(_) | Block::Use { .. } => false,
        })
    }

    /// Where `needle` stands in the source: the first place at or after the start of line
    /// `line` (of the file when the format has no lines) and at or after `cursor`, which then
    /// moves past it. White space in `needle` matches any run of white space, so a number
    /// wrapped onto the next line is found too. Without a source, or when the source writes
    /// it otherwise (an HTML entity), only the line.
    pub fn locate(&self, line: usize, needle: &str, cursor: &mut usize) -> Spot {
        let Some(source) = &self.source else {
            return Spot::line(line);
        };
        let line_start = if line > 1 {
            source
                .match_indices('\n')
                .nth(line - 2)
                .map_or(source.len(), |(i, _)| i + 1)
        } else {
            0
        };
        let from = line_start.max(*cursor).min(source.len());
        match find_spaced(source, from, needle) {
            Some((start, end)) => {
                *cursor = end;
                let place = crate::diag::Location::from_offset("", source, start);
                Spot {
                    line: place.line,
                    column: Some(place.column),
                }
            }
            None => Spot::line(line),
        }
    }
}

/// The byte range of the first occurrence of `needle` in `text` at or after `from`, where each
/// run of white space in `needle` matches one or more white space characters.
fn find_spaced(text: &str, from: usize, needle: &str) -> Option<(usize, usize)> {
    let pieces: Vec<&str> = needle.split_whitespace().collect();
    let first = *pieces.first()?;
    let mut search = from;
    while let Some(found) = text.get(search..)?.find(first) {
        let start = search + found;
        let mut end = start + first.len();
        let matched = pieces[1..].iter().all(|piece| {
            let rest = &text[end..];
            let gap = rest.len() - rest.trim_start().len();
            if gap == 0 || !rest[gap..].starts_with(piece) {
                return false;
            }
            end += gap + piece.len();
            true
        });
        if matched {
            return Some((start, end));
        }
        search = start + first.chars().next().map_or(1, char::len_utf8);
    }
    None
}

impl Inline {
    pub fn plain(text: &str, line: usize) -> Inline {
        let mut inline = Inline {
            runs: Vec::new(),
            line,
        };
        inline.push_text(text, Style::default());
        inline
    }

    /// Adds text in a style, joined to the run before when it has the same style. Control
    /// characters are left out; a private-use character (also U+E000 and U+E001, which mark a
    /// variable only in [`Inline::markdown`]'s output) becomes [`crate::starter::TODO_IN_TEXT`];
    /// runs of white space become one space.
    pub fn push_text(&mut self, text: &str, style: Style) {
        let mut clean = String::with_capacity(text.len());
        for c in text.chars() {
            if c.is_whitespace() {
                if !clean.ends_with(' ') {
                    clean.push(' ');
                }
            } else if ('\u{E000}'..='\u{F8FF}').contains(&c) || c >= '\u{F0000}' {
                // A symbol font's character as its private-use code (U+F0B3 for ≥, U+F06D for
                // μ) means nothing of its own: the place is marked for a person, and `check`
                // reports the mark until it is replaced.
                if !clean.is_empty() && !clean.ends_with(' ') {
                    clean.push(' ');
                }
                clean.push_str(crate::starter::TODO_IN_TEXT);
                clean.push(' ');
            } else if !c.is_control() {
                clean.push(c);
            }
        }
        if clean.is_empty() {
            return;
        }
        if let Some(Run::Text { text, style: last }) = self.runs.last_mut()
            && *last == style
        {
            if text.ends_with(' ') && clean.starts_with(' ') {
                clean.remove(0);
            }
            text.push_str(&clean);
            return;
        }
        self.runs.push(Run::Text { text: clean, style });
    }

    pub fn push_link(&mut self, text: &str, url: &str) {
        let mut label = Inline::default();
        label.push_text(text, Style::default());
        let text = label.plain_text().trim().to_string();
        if text.is_empty() {
            return;
        }
        self.runs.push(Run::Link {
            text,
            url: url.trim().to_string(),
        });
    }

    /// The text as a reader sees it, variables as `{ $name }`.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for run in &self.runs {
            match run {
                Run::Text { text, .. } | Run::Link { text, .. } => out.push_str(text),
                Run::Variable(name) => {
                    out.push_str("{ $");
                    out.push_str(name);
                    out.push_str(" }");
                }
            }
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.plain_text().trim().is_empty()
    }

    /// Leading and trailing spaces of the whole paragraph removed.
    pub fn trimmed(mut self) -> Inline {
        if let Some(Run::Text { text, .. }) = self.runs.first_mut() {
            *text = text.trim_start().to_string();
        }
        if let Some(Run::Text { text, .. }) = self.runs.last_mut() {
            *text = text.trim_end().to_string();
        }
        self.runs
            .retain(|r| !matches!(r, Run::Text { text, .. } if text.is_empty()));
        self
    }

    /// Appends another paragraph's runs after a space.
    pub fn append(&mut self, other: Inline) {
        if !self.is_empty() {
            self.push_text(" ", Style::default());
        }
        self.append_runs(other);
    }

    /// Appends runs as they are (a link's label that turned out not to be a link).
    pub fn append_runs(&mut self, other: Inline) {
        for run in other.runs {
            match run {
                Run::Text { text, style } => self.push_text(&text, style),
                other => self.runs.push(other),
            }
        }
    }

    /// The inline Markdown of a message, with every variable as [`VARIABLE_START`] name
    /// [`VARIABLE_END`] for the Fluent writer to make a placeable of.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for run in &self.trimmed_clone().runs {
            match run {
                Run::Text { text, style } => {
                    // Emphasis markers must touch the text: `** bold**` is not bold.
                    let lead = &text[..text.len() - text.trim_start().len()];
                    let tail = &text[text.trim_end().len()..];
                    let core = text.trim();
                    let marker = match (style.bold, style.italic) {
                        (true, true) => "***",
                        (true, false) => "**",
                        (false, true) => "*",
                        (false, false) => "",
                    };
                    out.push_str(lead);
                    if !core.is_empty() {
                        out.push_str(marker);
                        escape_into(core, &mut out);
                        out.push_str(marker);
                    }
                    if !(lead == tail && core.is_empty()) {
                        out.push_str(tail);
                    }
                }
                Run::Link { text, url } => {
                    out.push('[');
                    escape_into(text, &mut out);
                    out.push_str("](<");
                    // Inside <…> only `<`, `>` and line ends end the address: percent-encode them.
                    for c in url.chars() {
                        match c {
                            '<' => out.push_str("%3C"),
                            '>' => out.push_str("%3E"),
                            '\\' => out.push_str("%5C"),
                            c if c.is_whitespace() => out.push_str("%20"),
                            c => out.push(c),
                        }
                    }
                    out.push_str(">)");
                }
                Run::Variable(name) => {
                    out.push(VARIABLE_START);
                    out.push_str(name);
                    out.push(VARIABLE_END);
                }
            }
        }
        escape_line_start(&out)
    }

    fn trimmed_clone(&self) -> Inline {
        self.clone().trimmed()
    }
}

/// `text` in superscript or subscript characters (`vert_align` is Word's `superscript` or
/// `subscript`), when every character has one (digits, signs, brackets); `None` when not
/// shifted, or when some character has none (a superscript "st").
pub fn shift(text: &str, vert_align: &str) -> Option<String> {
    const SUPER: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    const SUB: [char; 10] = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
    let (digits, signs) = match vert_align {
        "superscript" => (SUPER, ['⁺', '⁻', '⁼', '⁽', '⁾']),
        "subscript" => (SUB, ['₊', '₋', '₌', '₍', '₎']),
        _ => return None,
    };
    if !text.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    text.chars()
        .map(|c| match c {
            '0'..='9' => Some(digits[c as usize - '0' as usize]),
            '+' => Some(signs[0]),
            '-' | '−' => Some(signs[1]),
            '=' => Some(signs[2]),
            '(' => Some(signs[3]),
            ')' => Some(signs[4]),
            _ => None,
        })
        .collect()
}

/// Marks a variable inside [`Inline::markdown`]; private-use characters, which readers drop
/// from the text they read, so no imported text can spell one.
pub const VARIABLE_START: char = '\u{E000}';
pub const VARIABLE_END: char = '\u{E001}';

/// CommonMark lets a backslash escape any ASCII punctuation; these are the ones that can start
/// or end inline markup (emphasis, code, links, HTML, entities) anywhere in a line.
fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '|' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// A message whose first characters Markdown reads as a block (`# `, `- `, `+ `, `> `, `1. `,
/// `1) `, `=`) gets that character escaped, so it stays a paragraph.
pub fn escape_line_start(text: &str) -> String {
    let body = text.trim_start();
    let indent = &text[..text.len() - body.len()];
    let mut chars = body.char_indices();
    match chars.next() {
        Some((_, '#' | '-' | '+' | '>' | '=')) => format!("{indent}\\{body}"),
        Some((_, c)) if c.is_ascii_digit() => {
            let digits = body.chars().take_while(char::is_ascii_digit).count();
            match body[digits..].chars().next() {
                Some('.' | ')') => format!("{indent}{}\\{}", &body[..digits], &body[digits..]),
                _ => text.to_string(),
            }
        }
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_keeps_text_as_text() {
        let mut inline = Inline::plain("1. Take <script>alert(1)</script> & *not* [this] ", 1);
        inline.push_text(
            "bold",
            Style {
                bold: true,
                italic: false,
            },
        );
        inline.push_link("the site", "https://example.org/a b");
        let md = inline.markdown();
        assert_eq!(
            md,
            "1\\. Take \\<script\\>alert(1)\\</script\\> \\& \\*not\\* \\[this\\] **bold**[the site](<https://example.org/a%20b>)"
        );
    }

    #[test]
    fn locate_finds_the_line_and_column() {
        let draft = Draft {
            source: Some("Kop\n\nBel ons op 020 123\n 45 67 of 020 123 45 67.\n".into()),
            ..Draft::default()
        };
        let mut cursor = 0;
        assert_eq!(
            draft.locate(3, "020 123 45 67", &mut cursor),
            Spot {
                line: 3,
                column: Some(12)
            }
        );
        assert_eq!(
            draft.locate(3, "020 123 45 67", &mut cursor),
            Spot {
                line: 4,
                column: Some(11)
            }
        );
        assert_eq!(draft.locate(3, "nergens", &mut cursor), Spot::line(3));
        assert_eq!(Spot::line(0).to_string(), "");
    }

    #[test]
    fn runs_of_the_same_style_join() {
        let mut inline = Inline::default();
        inline.push_text("a  ", Style::default());
        inline.push_text(" b", Style::default());
        assert_eq!(inline.runs.len(), 1);
        assert_eq!(inline.plain_text(), "a b");
    }
}
