//! Source text: the bytes of a YAML or Fluent file turned into the text every later stage reads,
//! and the characters that text may not hold.
//!
//! Receives a file's bytes and its path (for positions). Strips one leading byte order mark, so
//! a BOM means the same in YAML and Fluent. Bytes that are not UTF-8 give one error at the
//! line:col of the first of them, and the file is read on with U+FFFD in their place, so its
//! messages still exist and nothing else fails because of it. Then every character is checked
//! against the ones patient text has no use for (bidirectional overrides, invisible format
//! characters, control characters): each is an error at its own line:col naming the code point.
//! Hands on the text itself, unnormalised: positions in later diagnostics are counted in it, so
//! it must stay the file as an editor shows it (NFC happens on values, see `source.rs` and
//! `l10n/message.rs`). Never fails and never panics, whatever the bytes.

use std::path::Path;

use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle};

use crate::diag::{Diagnostic, Diagnostics, Location};

/// The UTF-8 byte order mark some Windows editors write at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One file reports this many refused characters at most, then one line with how many more.
const MAX_REPORTED_PER_FILE: usize = 10;

/// What a source file is written in: the checks are the same, the hints differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Yaml,
    Fluent,
}

/// The text of a source file, every problem with it pushed to `diags`.
pub fn source_text(rel: &Path, bytes: &[u8], kind: SourceKind, diags: &mut Diagnostics) -> String {
    let text = decode(rel, bytes, diags);
    report_refused(rel, &text, kind, diags);
    if kind == SourceKind::Yaml {
        report_yaml_escapes(rel, &text, diags);
    }
    text
}

/// Whether `bytes` are UTF-16 (little or big endian) rather than UTF-8: a UTF-16 byte order
/// mark, or the zero bytes that UTF-16 puts beside every Latin letter. Notepad's "Unicode"
/// encoding, and Word's "Unicode text", write this.
fn utf16_endianness(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(true),
        [0xFE, 0xFF, ..] => Some(false),
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => Some(true),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => Some(false),
        _ => None,
    }
}

/// UTF-8 without its leading BOM; bytes that are not UTF-8 become U+FFFD and one error. A
/// UTF-16 file is one error too, and is read as UTF-16 so that the other checks still see its
/// text rather than a NUL between every letter.
fn decode(rel: &Path, bytes: &[u8], diags: &mut Diagnostics) -> String {
    if let Some(little) = utf16_endianness(bytes) {
        let body = bytes
            .strip_prefix(&[0xFF, 0xFE])
            .or_else(|| bytes.strip_prefix(&[0xFE, 0xFF]))
            .unwrap_or(bytes);
        let units = body.chunks(2).map(|pair| match (pair, little) {
            ([a, b], true) => u16::from_le_bytes([*a, *b]),
            ([a, b], false) => u16::from_be_bytes([*a, *b]),
            _ => 0xFFFD, // an odd last byte
        });
        diags.push(
            Diagnostic::error(format!("{} is UTF-16 text, not UTF-8", rel.display()))
                .at(Location::file_start(rel))
                .hint(
                    "save the file with the encoding UTF-8 (in most editors: Save As, then \
                     Encoding: UTF-8; in Notepad not \"Unicode\"); it was read as UTF-16 so that \
                     the other checks could run, but nothing is published until it is UTF-8",
                ),
        );
        return char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
    }
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let err = match std::str::from_utf8(bytes) {
        Ok(text) => return text.to_string(),
        Err(err) => err,
    };
    let text = String::from_utf8_lossy(bytes).into_owned();
    let first_bad = err.valid_up_to();
    // Up to the first bad byte the lossy text is the file itself, so its position is exact.
    let location = Location::from_offset(rel, &text, first_bad);
    let bad_runs = bytes
        .utf8_chunks()
        .filter(|chunk| !chunk.invalid().is_empty())
        .count();
    let more = match bad_runs {
        0 | 1 => String::new(),
        2 => " (and 1 more place further on)".to_string(),
        n => format!(" (and {} more places further on)", n - 1),
    };
    diags.push(
        Diagnostic::error(format!(
            "{} is not UTF-8 text: byte 0x{:02X} is not a character{more}",
            rel.display(),
            bytes[first_bad]
        ))
        .at(location)
        .hint(
            "save the file with the encoding UTF-8 (in most editors: Save As, then Encoding: \
             UTF-8); until then each such byte is read as \u{FFFD}",
        ),
    );
    text
}

/// Why a character may not be in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// U+202A–U+202E: embeddings and overrides, which reorder the text that follows.
    Reorders,
    /// An isolate (U+2066–U+2068) not closed on its line.
    UnclosedIsolate,
    /// U+2069 POP DIRECTIONAL ISOLATE with no isolate open on its line.
    UnopenedIsolate,
    /// Invisible format characters with no use in patient text.
    Invisible,
    /// Control characters other than tab and line ends, and the Unicode line separators.
    Control,
    /// A private-use character (U+E000–U+F8FF, planes 15 and 16): in patient text, a symbol
    /// font's own code for a character ("≥" pasted from Word's Symbol font as U+F0B3), which
    /// shows as that character in one font and as nothing or a box in another.
    PrivateUse,
}

/// A refused character at byte `offset` of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    pub offset: usize,
    pub ch: char,
    pub why: Refusal,
}

/// The characters refused wherever they stand. Not here, because right-to-left languages need
/// them: U+200E/U+200F/U+061C (LRM, RLM, ALM) and U+200C/U+200D (ZWNJ, ZWJ, which Persian and
/// Arabic spelling and many emoji use); nor U+00AD SOFT HYPHEN, which long Dutch words use.
fn always_refused(ch: char) -> Option<Refusal> {
    match ch {
        '\t' | '\n' | '\r' => None,
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{2028}' | '\u{2029}' => {
            Some(Refusal::Control)
        }
        '\u{202A}'..='\u{202E}' => Some(Refusal::Reorders),
        '\u{200B}'
        | '\u{2060}'..='\u{2065}'
        | '\u{206A}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E007F}' => Some(Refusal::Invisible),
        '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}' => Some(Refusal::PrivateUse),
        _ => None,
    }
}

const ISOLATE_OPENERS: [char; 3] = ['\u{2066}', '\u{2067}', '\u{2068}'];
const ISOLATE_CLOSER: char = '\u{2069}';

/// Every refused character of `text`, in order. Isolates are allowed when they are balanced on
/// one line, which is one value in YAML and one line of a message in Fluent: that is how
/// right-to-left text legitimately keeps a number or a name in its own direction.
pub fn refused_characters(text: &str) -> Vec<Refused> {
    let mut found = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let mut open: Vec<(usize, char)> = Vec::new();
        for (i, ch) in line.char_indices() {
            let offset = line_start + i;
            if let Some(why) = always_refused(ch) {
                found.push(Refused { offset, ch, why });
            } else if ISOLATE_OPENERS.contains(&ch) {
                open.push((offset, ch));
            } else if ch == ISOLATE_CLOSER && open.pop().is_none() {
                found.push(Refused {
                    offset,
                    ch,
                    why: Refusal::UnopenedIsolate,
                });
            }
        }
        found.extend(open.into_iter().map(|(offset, ch)| Refused {
            offset,
            ch,
            why: Refusal::UnclosedIsolate,
        }));
        line_start += line.len();
    }
    found.sort_by_key(|r| r.offset);
    found
}

/// "U+202E RIGHT-TO-LEFT OVERRIDE": the code point and, where it has one, its name.
pub fn describe(ch: char) -> String {
    let code = format!("U+{:04X}", ch as u32);
    let name = match ch {
        '\u{0}' => "NULL",
        '\u{7}' => "BELL",
        '\u{8}' => "BACKSPACE",
        '\u{B}' => "LINE TABULATION",
        '\u{C}' => "FORM FEED",
        '\u{1B}' => "ESCAPE",
        '\u{7F}' => "DELETE",
        '\u{85}' => "NEXT LINE",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2061}' => "FUNCTION APPLICATION",
        '\u{2062}' => "INVISIBLE TIMES",
        '\u{2063}' => "INVISIBLE SEPARATOR",
        '\u{2064}' => "INVISIBLE PLUS",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{206A}' => "INHIBIT SYMMETRIC SWAPPING",
        '\u{206B}' => "ACTIVATE SYMMETRIC SWAPPING",
        '\u{206C}' => "INHIBIT ARABIC FORM SHAPING",
        '\u{206D}' => "ACTIVATE ARABIC FORM SHAPING",
        '\u{206E}' => "NATIONAL DIGIT SHAPES",
        '\u{206F}' => "NOMINAL DIGIT SHAPES",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE (byte order mark)",
        '\u{FFF9}' => "INTERLINEAR ANNOTATION ANCHOR",
        '\u{FFFA}' => "INTERLINEAR ANNOTATION SEPARATOR",
        '\u{FFFB}' => "INTERLINEAR ANNOTATION TERMINATOR",
        '\u{E0001}' => "LANGUAGE TAG",
        '\u{E007F}' => "CANCEL TAG",
        '\u{E0000}'..='\u{E007F}' => "(a tag character)",
        c if c.is_control() => "(a control character)",
        _ => "(an invisible character)",
    };
    format!("{code} {name}")
}

/// Why the character is refused, after "is not allowed in <file>: ".
fn reason(why: Refusal) -> &'static str {
    match why {
        Refusal::Reorders => "it changes the order in which the text after it is shown",
        Refusal::UnclosedIsolate => {
            "it is not closed on the same line, so the rest of the line is laid out in its \
             direction"
        }
        Refusal::UnopenedIsolate => "it closes an isolate that was not opened on the same line",
        Refusal::Invisible => "it is invisible, so nobody reading the file can see it",
        Refusal::Control => "it is a control character, which has no place in text",
        Refusal::PrivateUse => {
            "it is a private-use character: a symbol font's own code (such as ≥ or μ pasted from Word's Symbol font), which shows as that symbol in one font and as nothing in another"
        }
    }
}

fn hint(ch: char, why: Refusal, kind: SourceKind) -> String {
    let what = match why {
        Refusal::UnclosedIsolate => {
            "close it with U+2069 POP DIRECTIONAL ISOLATE on the same line, or delete it".into()
        }
        Refusal::UnopenedIsolate => {
            "delete it, or open the isolate on the same line (U+2066, U+2067 or U+2068)".into()
        }
        Refusal::Reorders => {
            "delete it: right-to-left text needs no such character, the page's direction and \
             Fluent's isolation around { $variables } lay it out"
                .to_string()
        }
        Refusal::Invisible | Refusal::Control => {
            "delete it; it usually comes with text copied from a web page or a word processor"
                .to_string()
        }
        Refusal::PrivateUse => {
            "type the character it stands for (look at the original document) in its place"
                .to_string()
        }
    };
    let find = "(an editor shows it with \"show invisible characters\")";
    match kind {
        SourceKind::Fluent if ('\u{202A}'..='\u{202E}').contains(&ch) => format!(
            "{what} {find}. Remove it: it reverses or reorders the text after it, so a dose or a phone number could read differently"
        ),
        SourceKind::Fluent => format!(
            "{what} {find}. Where it is truly meant, write it as an escape a reviewer can see: \
             {{\"\\u{:04X}\"}}",
            ch as u32
        ),
        SourceKind::Yaml => {
            let what = match why {
                Refusal::UnclosedIsolate | Refusal::UnopenedIsolate => what,
                _ => "delete it".to_string(),
            };
            format!("{what} {find}. {YAML_HOLDS}")
        }
    }
}

const YAML_HOLDS: &str = "YAML holds ids, codes and settings, which never need it; patient text belongs in the .ftl files";

fn refused_diagnostic(rel: &Path, text: &str, found: &Refused, kind: SourceKind) -> Diagnostic {
    Diagnostic::error(format!(
        "character {} is not allowed in {}: {}",
        describe(found.ch),
        rel.display(),
        reason(found.why)
    ))
    .at(Location::from_offset(rel, text, found.offset))
    .hint(hint(found.ch, found.why, kind))
}

/// One error per refused character, comments included: a comment is read by the reviewer who
/// must be able to trust what they see, and a "Trojan Source" trick hides code in comments.
fn report_refused(rel: &Path, text: &str, kind: SourceKind, diags: &mut Diagnostics) {
    let found = refused_characters(text);
    for refused in found.iter().take(MAX_REPORTED_PER_FILE) {
        diags.push(refused_diagnostic(rel, text, refused, kind));
    }
    if let Some(next) = found.get(MAX_REPORTED_PER_FILE) {
        let more = found.len() - MAX_REPORTED_PER_FILE;
        diags.push(
            Diagnostic::error(format!(
                "{more} more {} not allowed in {} from here on",
                if more == 1 {
                    "character that is"
                } else {
                    "characters that are"
                },
                rel.display()
            ))
            .at(Location::from_offset(rel, text, next.offset))
            .hint("the errors above say which characters and why; delete them all"),
        );
    }
}

/// A double-quoted YAML value can write any character as an escape (`"\u202E"`), which the
/// check of the file's characters cannot see. The values are checked after YAML has read its
/// escapes; one written that way is an error at the start of the value. YAML values are ids,
/// codes and settings, so unlike Fluent there is no escape that lets such a character in.
fn report_yaml_escapes(rel: &Path, text: &str, diags: &mut Diagnostics) {
    if !text.contains('\\') {
        return; // no escapes at all, the usual case
    }
    for event in Parser::new_from_str(text) {
        // A syntax error is reported by the real parse, with its own wording.
        let Ok((Event::Scalar(value, ScalarStyle::DoubleQuoted, ..), span)) = event else {
            continue;
        };
        let in_value = refused_characters(&value);
        let Some(first) = in_value.first() else {
            continue;
        };
        let written = match (span.start.byte_offset(), span.end.byte_offset()) {
            (Some(start), Some(end)) => text.get(start..end).unwrap_or(""),
            _ => "",
        };
        // Characters written as they are were reported at their own position already.
        if refused_characters(written).len() >= in_value.len() {
            continue;
        }
        let location = Location::new(rel, span.start.line(), span.start.col() + 1);
        diags.push(
            Diagnostic::error(format!(
                "character {} (written as an escape) is not allowed in {}: {}",
                describe(first.ch),
                rel.display(),
                reason(first.why)
            ))
            .at(location)
            .hint(format!(
                "remove the escape for U+{:04X} from this value: {YAML_HOLDS}",
                first.ch as u32
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_files_are_one_error_and_read_as_utf16() {
        let text = "title = Één\n";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be_without_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [le, be_without_bom] {
            let mut diags = Diagnostics::new();
            let read = source_text(Path::new("x.ftl"), &bytes, SourceKind::Fluent, &mut diags);
            assert_eq!(read, text);
            let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
            assert_eq!(messages, ["x.ftl is UTF-16 text, not UTF-8"]);
        }
        // UTF-8 with a stray NUL is not taken for UTF-16.
        let mut diags = Diagnostics::new();
        source_text(
            Path::new("x.ftl"),
            b"ab\0c\n",
            SourceKind::Fluent,
            &mut diags,
        );
        assert!(diags.iter().all(|d| !d.message.contains("UTF-16")));
    }
    use proptest::prelude::*;

    fn text_of(bytes: &[u8], kind: SourceKind) -> (String, Vec<Diagnostic>) {
        let mut diags = Diagnostics::new();
        let text = source_text(Path::new("f"), bytes, kind, &mut diags);
        (text, diags.iter().cloned().collect())
    }

    fn at(d: &Diagnostic) -> (usize, usize) {
        let loc = d.location.as_ref().expect("a position");
        (loc.line, loc.column)
    }

    #[test]
    fn a_leading_bom_is_dropped_and_a_later_one_refused() {
        let (text, diags) = text_of(b"\xEF\xBB\xBFa = b\n", SourceKind::Fluent);
        assert_eq!(text, "a = b\n");
        assert!(diags.is_empty());
        let (_, diags) = text_of("a = b\u{FEFF}c\n".as_bytes(), SourceKind::Fluent);
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("U+FEFF"), "{}", diags[0].message);
        assert_eq!(at(&diags[0]), (1, 6));
    }

    #[test]
    fn bytes_that_are_not_utf8_give_one_error_at_the_first() {
        let (text, diags) = text_of(b"a = 1\nb = Test\xE9 en \xFF\n", SourceKind::Fluent);
        assert_eq!(text, "a = 1\nb = Test\u{FFFD} en \u{FFFD}\n");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(at(&diags[0]), (2, 9));
        assert!(diags[0].message.contains("0xE9"), "{}", diags[0].message);
        assert!(
            diags[0].message.contains("1 more place"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn override_is_named_at_its_column() {
        let (_, diags) = text_of(
            "t = Bel \u{202E}112 05\u{202C}\n".as_bytes(),
            SourceKind::Fluent,
        );
        assert_eq!(diags.len(), 2);
        assert!(diags[0].message.contains("U+202E RIGHT-TO-LEFT OVERRIDE"));
        assert_eq!(at(&diags[0]), (1, 9));
        assert!(
            diags[1]
                .message
                .contains("U+202C POP DIRECTIONAL FORMATTING")
        );
        assert_eq!(at(&diags[1]), (1, 16));
        assert!(diags[0].hint.as_deref().unwrap().contains("Remove it"));
    }

    #[test]
    fn marks_and_joiners_that_languages_need_are_allowed() {
        let text = "a = \u{200F}\u{061C}\u{200E} مي\u{200C}خواهم \u{200D} soft\u{AD}hyphen\n";
        assert!(refused_characters(text).is_empty());
    }

    #[test]
    fn isolates_must_close_on_their_line() {
        assert!(refused_characters("a = \u{2067}x\u{2068}y\u{2069}\u{2069}\n").is_empty());
        let found = refused_characters("a = \u{2067}x\nb = y\u{2069}\n");
        let whys: Vec<Refusal> = found.iter().map(|r| r.why).collect();
        assert_eq!(
            whys,
            [Refusal::UnclosedIsolate, Refusal::UnopenedIsolate],
            "{found:?}"
        );
    }

    #[test]
    fn a_fluent_escape_is_plain_ascii_and_allowed() {
        let (_, diags) = text_of(br#"a = Bel {"\u202E"}112"#, SourceKind::Fluent);
        assert!(diags.is_empty());
    }

    #[test]
    fn a_yaml_escape_is_refused_at_the_value() {
        let (_, diags) = text_of(b"code: \"TEST-\\u202E1\"\nx: \"a\\tb\"\n", SourceKind::Yaml);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("written as an escape"));
        assert!(diags[0].message.contains("U+202E"));
        assert_eq!(at(&diags[0]), (1, 7));
        // Written as it is, it is reported once, at its own column.
        let (_, diags) = text_of("code: \"TEST-\u{202E}1\"\n".as_bytes(), SourceKind::Yaml);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(at(&diags[0]), (1, 13));
    }

    #[test]
    fn many_refused_characters_end_in_one_summary() {
        let text = "a = ".to_string() + &"x\u{200B}".repeat(25) + "\n";
        let (_, diags) = text_of(text.as_bytes(), SourceKind::Fluent);
        assert_eq!(diags.len(), MAX_REPORTED_PER_FILE + 1);
        assert!(
            diags[MAX_REPORTED_PER_FILE]
                .message
                .starts_with("15 more characters")
        );
    }

    /// Text built from pieces that stress the checks: markup, escapes, marks, isolates,
    /// combining characters, line ends and a few refused characters.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9 ]{0,6}",
            prop::sample::select(vec![
                "\n",
                "\r\n",
                "\t",
                "<",
                "&",
                "{",
                "}",
                "\\",
                "\"",
                "#",
                ":",
                "e\u{301}",
                "\u{200E}",
                "\u{200F}",
                "\u{200D}",
                "\u{2066}",
                "\u{2067}",
                "\u{2068}",
                "\u{2069}",
                "\u{202E}",
                "\u{200B}",
                "\u{FEFF}",
                "\u{0}",
                "\u{1B}",
                "\u{E0041}",
                "مرحبا",
                "\u{FFFD}",
            ])
            .prop_map(str::to_string),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_bytes_decode_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            let (text, diags) = text_of(&bytes, SourceKind::Yaml);
            let clean = bytes.strip_prefix(BOM).unwrap_or(&bytes);
            prop_assert_eq!(&text, &String::from_utf8_lossy(clean));
            let invalid = std::str::from_utf8(clean).is_err();
            let utf8_errors = diags.iter().filter(|d| d.message.contains("not UTF-8")).count();
            prop_assert_eq!(utf8_errors, usize::from(invalid));
        }

        #[test]
        fn every_refused_character_is_found_at_its_position(
            pieces in prop::collection::vec(piece(), 0..30)
        ) {
            let text: String = pieces.concat();
            let found = refused_characters(&text);
            for r in &found {
                prop_assert_eq!(text[r.offset..].chars().next(), Some(r.ch));
            }
            for (offset, ch) in text.char_indices() {
                if always_refused(ch).is_some() {
                    prop_assert!(found.iter().any(|r| r.offset == offset));
                }
            }
            // Whatever the text, the YAML and Fluent checks run to the end.
            text_of(text.as_bytes(), SourceKind::Yaml);
            text_of(text.as_bytes(), SourceKind::Fluent);
        }
    }
}
