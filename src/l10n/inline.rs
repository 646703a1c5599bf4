//! Inline Markdown inside a message (`**bold**`, `*italic*`, links) parsed by pulldown-cmark
//! into spans; block-level Markdown, HTML and non-web links are refused. Known phone numbers
//! and e-mail addresses become `tel:` and `mailto:` links kept left to right, known times get
//! their machine-readable value, and text in another language its `lang`.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use unicode_bidi::{BidiClass, bidi_class};

use crate::document::{Direction, Span};

/// Fluent's isolation marks around placeables (FSI … PDI).
const ISOLATES: [char; 2] = ['\u{2068}', '\u{2069}'];

/// Drops Fluent's isolation marks (FSI … PDI) around placeables whose text has no letter of the
/// other direction than the message's language: there they change nothing on screen, but they
/// stay in copied text ("Pagina 1 van 4" with invisible marks around 1 and 4), in search indexes and in what a PDF reader
/// extracts. Where text of the other direction does meet — an English name in an Arabic
/// sentence — the marks stay, so the name's punctuation and digits keep their order.
pub fn drop_needless_isolates(text: &str, message_dir: Direction) -> String {
    let chars: Vec<char> = text.chars().collect();
    let opposite = |c: char| match bidi_class(c) {
        BidiClass::L => message_dir == Direction::Rtl,
        BidiClass::R | BidiClass::AL => message_dir == Direction::Ltr,
        _ => false,
    };
    let mut drop = vec![false; chars.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == ISOLATES[0] {
            open.push(i);
        } else if c == ISOLATES[1]
            && let Some(start) = open.pop()
            && !chars[start + 1..i].iter().any(|&c| opposite(c))
        {
            drop[start] = true;
            drop[i] = true;
        }
    }
    chars
        .iter()
        .zip(drop)
        .filter(|(_, dropped)| !dropped)
        .map(|(c, _)| c)
        .collect()
}

/// `tel:` link for a phone number as written in site.yaml: digits and a leading `+` only. An
/// international number is written the way libphonenumber dials it (E.164), so the "(0)" of
/// "+31 (0)50 …", which must not be dialled after the country code, is left out.
pub fn tel_href(phone: &str) -> String {
    if phone.trim_start().starts_with('+')
        && let Ok(number) = phonenumber::parse(None, phone)
        && phonenumber::is_valid(&number)
    {
        return format!("tel:{}", number.format().mode(phonenumber::Mode::E164));
    }
    let digits: String = phone
        .chars()
        .enumerate()
        .filter(|(i, c)| c.is_ascii_digit() || (*i == 0 && *c == '+'))
        .map(|(_, c)| c)
        .collect();
    format!("tel:{digits}")
}

/// The scheme of a link to another leaflet: `[text](leaflet:<id>)`.
pub const LEAFLET_SCHEME: &str = "leaflet:";

/// Why a message is not inline Markdown: the reason (after `message "id" `) and, when the cause
/// is a character Markdown gives a meaning at the start of a line, the hint that names it; when a
/// link was the cause, its target (for a hint that fits it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineError {
    pub reason: String,
    pub hint: Option<String>,
    pub link: Option<String>,
}

impl From<String> for InlineError {
    fn from(reason: String) -> Self {
        InlineError {
            reason,
            hint: None,
            link: None,
        }
    }
}

impl From<&str> for InlineError {
    fn from(reason: &str) -> Self {
        reason.to_string().into()
    }
}

/// Parses a formatted message as inline Markdown into spans. Block-level Markdown, HTML and
/// images are refused with a reason; link targets must be web, mail or phone addresses, or
/// another leaflet (`leaflet:<id>`, kept as written for localize to check and resolve).
pub fn parse_inline(text: &str) -> Result<Vec<Span>, InlineError> {
    let mut spans: Vec<Span> = Vec::new();
    let (mut strong, mut emphasis) = (0u32, 0u32);
    let mut link: Option<String> = None;
    let mut paragraphs = 0;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph) => {
                paragraphs += 1;
                if paragraphs > 1 {
                    return Err("has more than one paragraph (an empty line)".into());
                }
            }
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            Event::Start(Tag::Emphasis) => emphasis += 1,
            Event::End(TagEnd::Emphasis) => emphasis = emphasis.saturating_sub(1),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let url: String = dest_url.chars().filter(|c| !ISOLATES.contains(c)).collect();
                if !allowed_link(&url) {
                    return Err(InlineError {
                        reason: format!(
                            "links to \"{url}\"; only https://, http://, mailto:, tel: and leaflet: links are allowed"
                        ),
                        hint: None,
                        link: Some(url),
                    });
                }
                if link_type == LinkType::Autolink && is_leaflet_link(&url) {
                    // `<leaflet:x>` would show "leaflet:x" to patients as the link's text.
                    return Err(InlineError {
                        reason: format!("links to \"{url}\" without a link text"),
                        hint: None,
                        link: Some(url),
                    });
                }
                link = Some(url);
            }
            Event::End(TagEnd::Link) => link = None,
            Event::Text(t) | Event::Code(t) => push_span(&mut spans, &t, strong, emphasis, &link),
            Event::SoftBreak | Event::HardBreak => {
                push_span(&mut spans, " ", strong, emphasis, &link)
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                return Err("contains HTML, which is not allowed in a message".into());
            }
            Event::Start(Tag::Image { .. }) => {
                return Err("contains an image, which is not allowed inside a message".into());
            }
            Event::Start(tag) => {
                if let Some(error) = line_start_marker(&tag, &text[range.start..]) {
                    return Err(error);
                }
                return Err(format!(
                    "contains block-level Markdown ({}), which is not allowed inside a message",
                    describe_tag(&tag)
                )
                .into());
            }
            Event::Rule => return Err("contains a horizontal rule (---)".into()),
            _ => {}
        }
    }
    Ok(spans)
}

/// Text such as "1." or "-" at the start of a line is, to Markdown, a list (or a heading, a
/// quote), although the writer meant the characters themselves. Names the characters and how to
/// keep them as text, rather than a general rule about messages. `source` is the message from
/// where the block starts.
fn line_start_marker(tag: &Tag<'_>, source: &str) -> Option<InlineError> {
    let line = source.trim_start_matches(' ');
    let (marker, what, instead) = match tag {
        Tag::List(Some(_)) => {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            let marker = line.get(..digits + 1)?;
            let what = "a numbered list";
            let instead = "for numbered steps use a `steps:` block, for numbered headings `numbering: true` in the leaflet";
            (marker, what, instead)
        }
        Tag::List(None) => (
            line.get(..1)?,
            "a bulleted list",
            "for a list use a `list:` block, one message per item",
        ),
        Tag::Heading { .. } if line.starts_with('#') => (
            &line[..line.chars().take_while(|&c| c == '#').count()],
            "a heading",
            "for a heading use a `heading:` block",
        ),
        Tag::BlockQuote(_) if line.starts_with('>') => {
            (">", "a quote", "a message cannot hold a quote")
        }
        _ => return None,
    };
    // The backslash goes before the character that makes the list: "1\." or "\-".
    let (before, last) = marker.split_at(marker.len() - 1);
    let escaped = if before.is_empty() || last == "#" {
        format!("\\{marker}")
    } else {
        format!("{before}\\{last}")
    };
    Some(InlineError {
        reason: format!("starts a line with \"{marker}\", which Markdown reads as {what}"),
        hint: Some(format!(
            "to show \"{marker}\" as text, write it with a backslash: \"{escaped}\"; {instead}"
        )),
        link: None,
    })
}

/// The leaflet id of a `leaflet:<id>` link target.
pub fn leaflet_link_id(url: &str) -> Option<&str> {
    url.get(..LEAFLET_SCHEME.len())
        .filter(|scheme| scheme.eq_ignore_ascii_case(LEAFLET_SCHEME))
        .map(|_| &url[LEAFLET_SCHEME.len()..])
}

fn is_leaflet_link(url: &str) -> bool {
    leaflet_link_id(url).is_some()
}

fn describe_tag(tag: &Tag<'_>) -> &'static str {
    match tag {
        Tag::Heading { .. } => "a heading",
        Tag::List(_) | Tag::Item => "a list",
        Tag::BlockQuote(_) => "a quote",
        Tag::CodeBlock(_) => "a code block; lines indented by four spaces count as one",
        Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell => "a table",
        _ => "a block",
    }
}

/// Whether a message may link to `url`: a web page, an e-mail address, a phone number or
/// another leaflet. `leaflet import` leaves out every other link by the same rule.
pub fn allowed_link(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["https://", "http://", "mailto:", "tel:", LEAFLET_SCHEME]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

fn push_span(spans: &mut Vec<Span>, text: &str, strong: u32, emphasis: u32, link: &Option<String>) {
    let (strong, emphasis) = (strong > 0, emphasis > 0);
    if let Some(last) = spans.last_mut()
        && last.strong == strong
        && last.emphasis == emphasis
        && &last.href == link
    {
        last.text.push_str(text);
        return;
    }
    spans.push(Span {
        text: text.to_string(),
        strong,
        emphasis,
        href: link.clone(),
        datetime: None,
        ltr: false,
        lang: None,
        leaflet: None,
    });
}

/// What a recognised piece of text becomes: a phone number a `tel:` link, a time a `<time>`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    Phone,
    /// An e-mail address from site.yaml: a `mailto:` link, kept left to right.
    Email,
    Time,
    /// Text in another language: the value is its language code.
    Lang,
}

/// Splits spans so that each known phone number becomes its own `tel:` link and each known
/// (formatted) opening time its own span with a machine-readable time. `found` lists
/// (text as shown, link or ISO value, kind).
pub(super) fn mark_spans(spans: Vec<Span>, found: &[(String, String, Mark)]) -> Vec<Span> {
    let mut out = Vec::new();
    for span in spans {
        if span.href.is_some() {
            out.push(span);
            continue;
        }
        let mut rest = span.text.as_str();
        loop {
            let next = found
                .iter()
                .filter(|(shown, _, _)| !shown.is_empty())
                .filter_map(|(shown, value, kind)| {
                    rest.find(shown.as_str()).map(|i| (i, shown, value, kind))
                })
                .min_by_key(|(i, shown, _, _)| (*i, usize::MAX - shown.len()));
            let Some((i, shown, value, kind)) = next else {
                break;
            };
            if i > 0 {
                out.push(Span {
                    text: rest[..i].to_string(),
                    ..span.clone()
                });
            }
            let mut marked = Span {
                text: shown.clone(),
                ..span.clone()
            };
            match kind {
                Mark::Phone | Mark::Email => {
                    marked.href = Some(value.clone());
                    marked.ltr = true;
                }
                Mark::Time => marked.datetime = Some(value.clone()),
                Mark::Lang => marked.lang = Some(value.clone()),
            }
            out.push(marked);
            rest = &rest[i + shown.len()..];
        }
        if !rest.is_empty() {
            out.push(Span {
                text: rest.to_string(),
                ..span.clone()
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markdown_becomes_spans() {
        let spans = parse_inline("Call **now** or see [the site](https://x.nl).").unwrap();
        assert_eq!(spans.len(), 5);
        assert!(spans[1].strong);
        assert_eq!(spans[3].href.as_deref(), Some("https://x.nl"));
    }

    #[test]
    fn block_markdown_html_and_script_links_are_refused() {
        let reason = |text: &str| parse_inline(text).unwrap_err().reason;
        assert!(reason("- a list").contains("a bulleted list"));
        assert!(reason("one\n\ntwo").contains("paragraph"));
        assert!(reason("a <script>x</script>").contains("HTML"));
        assert!(reason("    code").contains("code block"));
        let refused = parse_inline("[x](javascript:alert(1))").unwrap_err();
        assert_eq!(refused.link.as_deref(), Some("javascript:alert(1)"));
        let relative = parse_inline("[x](../other/index.html)").unwrap_err();
        assert_eq!(relative.link.as_deref(), Some("../other/index.html"));
    }

    #[test]
    fn leaflet_links_are_kept_for_localize_and_need_a_text() {
        let spans = parse_inline("See [part 2](leaflet:part-two).").unwrap();
        assert_eq!(spans[1].href.as_deref(), Some("leaflet:part-two"));
        assert_eq!(leaflet_link_id("leaflet:part-two"), Some("part-two"));
        assert_eq!(leaflet_link_id("Leaflet:x"), Some("x"));
        assert_eq!(leaflet_link_id("https://x"), None);
        let bare = parse_inline("See <leaflet:part-two>.").unwrap_err();
        assert!(bare.reason.contains("without a link text"), "{bare:?}");
    }

    #[test]
    fn isolation_marks_stay_only_where_directions_meet() {
        let (fsi, pdi) = ('\u{2068}', '\u{2069}');
        // Same direction: nothing to isolate.
        assert_eq!(
            drop_needless_isolates(
                &format!("Pagina {fsi}1{pdi} van {fsi}4{pdi}"),
                Direction::Ltr
            ),
            "Pagina 1 van 4"
        );
        assert_eq!(
            drop_needless_isolates(&format!("صفحة {fsi}1{pdi} من {fsi}4{pdi}"), Direction::Rtl),
            "صفحة 1 من 4"
        );
        // An English name in Arabic, an Arabic name in English: kept.
        let mixed = format!("اتصل بـ {fsi}UMCG (050){pdi} الآن");
        assert_eq!(drop_needless_isolates(&mixed, Direction::Rtl), mixed);
        let mixed = format!("In {fsi}العربية{pdi}, please.");
        assert_eq!(drop_needless_isolates(&mixed, Direction::Ltr), mixed);
        // Nested: the outer pair is kept for the inner Arabic, the inner Latin one dropped.
        assert_eq!(
            drop_needless_isolates(&format!("A {fsi}b {fsi}c{pdi} عربي{pdi} d"), Direction::Ltr),
            format!("A {fsi}b c عربي{pdi} d")
        );
        // A mark without its partner is left alone.
        assert_eq!(
            drop_needless_isolates(&format!("a {pdi}b"), Direction::Ltr),
            format!("a {pdi}b")
        );
    }

    #[test]
    fn text_that_markdown_reads_as_a_list_names_the_characters_and_their_escape() {
        let error = parse_inline("1. Neem uw medicijnen in.").unwrap_err();
        assert_eq!(
            error.reason,
            "starts a line with \"1.\", which Markdown reads as a numbered list"
        );
        let hint = error.hint.unwrap();
        assert!(hint.starts_with("to show \"1.\" as text, write it with a backslash: \"1\\.\""));
        assert!(hint.contains("numbering: true"), "{hint}");
        // The escape the hint gives is text.
        assert_eq!(parse_inline("1\\. Neem").unwrap()[0].text, "1. Neem");
        assert_eq!(parse_inline("12\\) Neem").unwrap()[0].text, "12) Neem");

        let on_a_later_line = parse_inline("Bel ons als:\n- u koorts heeft").unwrap_err();
        assert!(on_a_later_line.hint.unwrap().contains("\"\\-\""));
        let heading = parse_inline("## Vragen").unwrap_err();
        assert_eq!(
            heading.reason,
            "starts a line with \"##\", which Markdown reads as a heading"
        );
        assert!(heading.hint.unwrap().contains("\"\\##\""));
        // "1." inside a sentence is text already.
        assert!(parse_inline("Stap 1. Daarna stap 2.").is_ok());
    }

    #[test]
    fn isolation_marks_are_removed_from_link_targets() {
        let spans = parse_inline("[site](\u{2068}https://x.nl\u{2069})").unwrap();
        assert_eq!(spans[0].href.as_deref(), Some("https://x.nl"));
    }

    #[test]
    fn tel_links_dial_what_the_number_says() {
        assert_eq!(tel_href("050 361 48 86"), "tel:0503614886");
        assert_eq!(tel_href("+31 50 361 48 86"), "tel:+31503614886");
        // The trunk 0 in brackets is not dialled after the country code (hostile review).
        assert_eq!(tel_href("+31 (0)50 361 48 86"), "tel:+31503614886");
        assert_eq!(tel_href("+31 0 50 361 4886"), "tel:+31503614886");
        assert_eq!(tel_href("112"), "tel:112");
    }

    #[test]
    fn phone_numbers_become_links_and_times_get_their_value() {
        let spans = vec![Span::plain(
            "Call \u{2068}050 361 48 86\u{2069} from \u{2068}8:30\u{202f}AM\u{2069}".into(),
        )];
        let found = [
            (
                "050 361 48 86".to_string(),
                tel_href("050 361 48 86"),
                Mark::Phone,
            ),
            (
                "8:30\u{202f}AM".to_string(),
                "08:30".to_string(),
                Mark::Time,
            ),
        ];
        let out = mark_spans(spans, &found);
        assert_eq!(out.len(), 5);
        assert_eq!(out[1].href.as_deref(), Some("tel:0503614886"));
        assert_eq!(out[1].text, "050 361 48 86");
        assert!(out[1].ltr);
        assert_eq!(out[3].datetime.as_deref(), Some("08:30"));
        assert_eq!(out[3].href, None);
    }
}
