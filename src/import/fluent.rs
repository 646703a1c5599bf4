//! Messages of an imported leaflet as a Fluent file, written through `fluent-syntax`'s own AST
//! and serializer rather than by pasting strings: braces in the text become string literals
//! (`{"{"}`), variables become placeables, and a message of several sentences is spread over
//! indented lines, one sentence a line, as the example leaflets are written.

use fluent_syntax::ast;
use unicode_segmentation::UnicodeSegmentation;

use super::draft::{VARIABLE_END, VARIABLE_START};

/// One entry of the file: a message with its inline Markdown, or a comment line.
pub enum Entry {
    Message {
        id: String,
        markdown: String,
    },
    Comment(String),
    /// A to-do for a person, one line: `# TO DO (leaflet import): …`, which `check` reports.
    Todo(String),
    Blank,
}

/// The Fluent file of `entries`, with `header` as its first comment lines.
pub fn serialize(header: &[String], entries: &[Entry]) -> String {
    let mut out = String::new();
    for line in header {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    for entry in entries {
        match entry {
            Entry::Message { id, markdown } => out.push_str(&message(id, markdown)),
            Entry::Comment(text) => {
                for line in text.lines() {
                    out.push_str("# ");
                    out.push_str(line);
                    out.push('\n');
                }
            }
            Entry::Todo(text) => {
                out.push_str(crate::starter::TODO_MARK);
                out.push(' ');
                out.push_str(&text.split_whitespace().collect::<Vec<_>>().join(" "));
                out.push('\n');
            }
            Entry::Blank => out.push('\n'),
        }
    }
    out
}

/// One message as Fluent text (`id = …`, sentences on indented lines), ending in a line break.
///
/// fluent-syntax starts a text of several lines on the line below `id =`, indented. An
/// indented line that starts with `*`, `[` or `.` is not text in Fluent (a variant, an
/// attribute), so a message that starts with bold words (`**Stap 1.** …`), a link or dots would
/// not parse again (and the serializer's own way out for a leading `.` leaves the next lines
/// unindented). Such a first line stays beside the `=`, where Fluent reads any character as
/// text, as the example leaflets write it: the pattern is serialized with a stand-in letter in
/// front, which is then taken out together with the line break before it.
pub fn message(id: &str, markdown: &str) -> String {
    const STAND_IN: char = 'X';
    let mut value = pattern(markdown);
    let several_lines = value.elements.iter().any(|element| {
        matches!(element, ast::PatternElement::TextElement { value } if value.contains('\n'))
    });
    let stand_in = match value.elements.first_mut() {
        Some(ast::PatternElement::TextElement { value: first })
            if several_lines && first.starts_with(['*', '[', '.']) =>
        {
            first.insert(0, STAND_IN);
            true
        }
        _ => false,
    };
    let resource = ast::Resource {
        body: vec![ast::Entry::Message(ast::Message {
            id: ast::Identifier {
                name: id.to_string(),
            },
            value: Some(value),
            attributes: Vec::new(),
            comment: None,
        })],
    };
    let serialized = fluent_syntax::serializer::serialize(&resource);
    let head = format!("{id} =\n    {STAND_IN}");
    match serialized.strip_prefix(&head) {
        Some(rest) if stand_in => format!("{id} = {rest}"),
        _ => serialized,
    }
}

/// The pattern of a message: sentences on lines of their own, `{` and `}` as string literals,
/// variable marks as variable references.
fn pattern(markdown: &str) -> ast::Pattern<String> {
    let mut elements = Vec::new();
    let lines = lines(markdown);
    let count = lines.len();
    for (index, line) in lines.into_iter().enumerate() {
        let mut text = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '{' | '}' => {
                    flush(&mut text, &mut elements);
                    elements.push(ast::PatternElement::Placeable {
                        expression: ast::Expression::Inline(ast::InlineExpression::StringLiteral {
                            value: c.to_string(),
                        }),
                    });
                }
                VARIABLE_START => {
                    flush(&mut text, &mut elements);
                    let name: String = chars.by_ref().take_while(|&c| c != VARIABLE_END).collect();
                    elements.push(ast::PatternElement::Placeable {
                        expression: ast::Expression::Inline(
                            ast::InlineExpression::VariableReference {
                                id: ast::Identifier { name },
                            },
                        ),
                    });
                }
                c => text.push(c),
            }
        }
        if index + 1 < count {
            // The serializer indents what follows a text that ends with a line break.
            text.push('\n');
        }
        flush(&mut text, &mut elements);
    }
    ast::Pattern { elements }
}

fn flush(text: &mut String, elements: &mut Vec<ast::PatternElement<String>>) {
    if !text.is_empty() {
        elements.push(ast::PatternElement::TextElement {
            value: std::mem::take(text),
        });
    }
}

/// Sentences (Unicode's sentence boundaries) one to a line. A sentence is kept on the line
/// before when starting a line with it would change its meaning: Fluent reads `[`, `*` and `.`
/// at the start of a line as syntax, Markdown reads `-`, `#`, `1.` … as a block, and a line
/// break inside a link's text or address would break the link.
fn lines(markdown: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for sentence in markdown.split_sentence_bounds() {
        let sentence_trimmed = sentence.trim();
        if sentence_trimmed.is_empty() {
            continue;
        }
        let join = match lines.last() {
            None => false,
            Some(last) => {
                starts_unsafely(sentence_trimmed)
                    || inside_link(last)
                    || last.trim_end().ends_with(VARIABLE_START)
            }
        };
        if join {
            let last = lines.last_mut().expect("checked above");
            last.push_str(sentence);
        } else {
            lines.push(sentence.to_string());
        }
    }
    lines
        .into_iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn starts_unsafely(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('[' | '*' | '.' | '-' | '+' | '#' | '>' | '=' | '\\' | '{' | '}') => true,
        Some(c) if c.is_ascii_digit() => true,
        Some(VARIABLE_START) => true,
        _ => false,
    }
}

/// Whether a link opened on this line is not closed yet: an unescaped `[` or `](<` without its
/// `>)`.
fn inside_link(line: &str) -> bool {
    let mut depth = 0i32;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' | '<' => depth += 1,
            ']' | '>' => depth -= 1,
            _ => {}
        }
    }
    depth > 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::draft::{Inline, Run, Style};

    /// Whatever the text, the written message parses, and formats back to the same text
    /// through the project's own inline Markdown reader.
    #[test]
    fn text_survives_fluent_and_markdown() {
        let samples = [
            "Een zin. [Nog] een zin. * ster. .punt. - streep. 1. een lijst? # kop",
            "Braces { $phone } and {\"x\"} stay text; so does <b>bold</b> & &amp;.",
            "Back\\slash, `code`, _under_ **strong** ~tilde~ |pipe| ![img](x)",
            "12) twaalf. 3. drie. = is. > quote.",
        ];
        for sample in samples {
            let inline = Inline::plain(sample, 1);
            let ftl = serialize(
                &[],
                &[Entry::Message {
                    id: "m".into(),
                    markdown: inline.markdown(),
                }],
            );
            let resource = fluent_bundle::FluentResource::try_new(ftl.clone())
                .unwrap_or_else(|_| panic!("parses: {ftl}"));
            let mut bundle = fluent_bundle::FluentBundle::new(vec![
                "nl".parse::<unic_langid::LanguageIdentifier>().unwrap(),
            ]);
            bundle.set_use_isolating(false);
            bundle.add_resource(resource).unwrap();
            let message = bundle.get_message("m").unwrap();
            let mut errors = Vec::new();
            let value = bundle
                .format_pattern(message.value().unwrap(), None, &mut errors)
                .to_string();
            assert!(errors.is_empty(), "{errors:?}");
            let spans =
                crate::l10n::parse_inline(&value).unwrap_or_else(|e| panic!("{ftl}: {e:?}"));
            let text: String = spans.iter().map(|s| s.text.as_str()).collect();
            let expected = sample.split_whitespace().collect::<Vec<_>>().join(" ");
            let got = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(got, expected, "{ftl}");
        }
    }

    /// A text of several sentences that starts with bold words or a link stays beside the `=`:
    /// on an indented line Fluent would read `*` or `[` as the start of a variant.
    #[test]
    fn a_text_of_several_lines_may_start_with_bold_words_or_a_link() {
        for markdown in [
            "**Stap 1.** U krijgt een brief. Daarin staat de dag.",
            "[Lees meer](https://www.umcg.nl). Of bel ons.",
            ". Een punt vooraan. En een zin.",
        ] {
            let ftl = message("m", markdown);
            let resource = fluent_syntax::parser::parse(ftl.as_str())
                .unwrap_or_else(|_| panic!("does not parse: {ftl}"));
            assert_eq!(resource.body.len(), 1, "{ftl}");
            assert!(ftl.lines().count() > 1, "{ftl}");
        }
    }

    #[test]
    fn variables_become_placeables() {
        let mut inline = Inline::plain("Bel ", 1);
        inline.runs.push(Run::Variable("phone".into()));
        inline.push_text(".", Style::default());
        let ftl = serialize(
            &[],
            &[Entry::Message {
                id: "m".into(),
                markdown: inline.markdown(),
            }],
        );
        assert_eq!(ftl, "\nm = Bel { $phone }.\n");
    }
}
