//! SVG pictures are documents, not just pixels: opened on their own (a reader who follows the
//! picture's address, a search engine) they can run script, and they can load files from other
//! sites. A published SVG must be a picture and nothing more: no script, no event handlers, no
//! embedded HTML, no references outside the file but embedded PNG/JPEG data, and no DTD (whose
//! entities can blow up a parser). Checked with a real XML parser (`roxmltree`), at the line
//! and column of the SVG where the problem is.

use std::path::Path;

use crate::diag::{Diagnostic, Location};

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// The SVG elements a picture may have: shapes, text, grouping, paint servers, clipping,
/// masks, markers and filters. Everything else — script, foreignObject, animation (which can
/// rewrite any attribute after the check), audio, video, iframes, and whatever a later SVG
/// version adds — is refused. An allowlist, so a new trick needs a new element name here.
const ALLOWED_ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "title",
    "desc",
    "metadata",
    "style",
    "switch",
    "view",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "a",
    "image",
    "linearGradient",
    "radialGradient",
    "stop",
    "pattern",
    "clipPath",
    "mask",
    "marker",
    "filter",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
];

/// Namespaces drawing programs write their own bookkeeping in (Inkscape, Sodipodi, the RDF
/// licence block). Browsers do not run or show elements of these; any other namespace —
/// XHTML above all, whose `<html:script>` would run — is refused.
const EDITOR_NAMESPACES: &[&str] = &[
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
    "http://ns.adobe.com/Extensibility/1.0/",
    "http://ns.adobe.com/Graphs/1.0/",
    "http://ns.adobe.com/Variables/1.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/",
    "http://ns.adobe.com/xap/1.0/",
];

/// Checks the SVG `text` of the file `rel` (as shown in messages).
pub fn check_svg(rel: &Path, text: &str) -> Result<(), Diagnostic> {
    let hint = "export the picture again as plain SVG (in Inkscape: Save as → Optimized SVG or Plain SVG), or as PNG";
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = match roxmltree::Document::parse_with_options(text, options) {
        Ok(doc) => doc,
        Err(err) => {
            let pos = err.pos();
            return Err(Diagnostic::error(format!(
                "picture {} is not a readable SVG file ({err})",
                rel.display()
            ))
            .at(Location::new(rel, pos.row as usize, pos.col as usize))
            .hint(hint));
        }
    };
    let at = |pos: usize| {
        let p = doc.text_pos_at(pos);
        Location::new(rel, p.row as usize, p.col as usize)
    };
    let refuse = |pos: usize, what: String| {
        Err(Diagnostic::error(format!(
            "picture {} {what}, which is not allowed in a published picture",
            rel.display()
        ))
        .at(at(pos))
        .hint(hint))
    };
    let root = doc.root_element();
    if root.tag_name().name() != "svg" || root.tag_name().namespace() != Some(SVG_NS) {
        return refuse(
            root.range().start,
            format!(
                "is not an SVG picture (its outer element is <{}>)",
                root.tag_name().name()
            ),
        );
    }
    // Bidirectional overrides and isolates reorder what the picture shows ("12" as "21"),
    // as they would in a text: refused in pictures too.
    if let Some((offset, c)) = text
        .char_indices()
        .find(|(_, c)| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
    {
        return refuse(
            offset,
            format!(
                "has an invisible direction control character (U+{:04X})",
                c as u32
            ),
        );
    }
    for node in doc.descendants() {
        // `<?xml-stylesheet href="https://…"?>` loads a style sheet from elsewhere.
        if node.is_pi() {
            return refuse(
                node.range().start,
                "has a processing instruction (<?…?>)".to_string(),
            );
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name();
        match node.tag_name().namespace() {
            Some(SVG_NS) if ALLOWED_ELEMENTS.contains(&name) => {}
            Some(ns) if EDITOR_NAMESPACES.contains(&ns) => {
                // Bookkeeping of a drawing program: inert, as long as it holds no SVG of its own.
                if let Some(inner) = node
                    .descendants()
                    .skip(1)
                    .find(|n| n.is_element() && n.tag_name().namespace() == Some(SVG_NS))
                {
                    return refuse(
                        inner.range().start,
                        format!(
                            "hides an SVG <{}> inside editor data",
                            inner.tag_name().name()
                        ),
                    );
                }
                continue;
            }
            _ => {
                return refuse(node.range().start, format!("contains a <{name}> element"));
            }
        }
        // The whole text of the style sheet: an XML comment or CDATA section in the middle
        // (`@im<!-- -->port`) splits it into several text nodes that a browser joins.
        let sheet = || -> String {
            node.descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect()
        };
        if name == "style"
            && let Some(problem) = css_problem(&sheet())
        {
            return refuse(
                node.range().start,
                format!("has a style sheet that {problem}"),
            );
        }
        for attribute in node.attributes() {
            let attr = attribute.name();
            let value = attribute.value().trim();
            let foreign = attribute.namespace().is_some_and(|ns| {
                ns != "http://www.w3.org/1999/xlink" && !EDITOR_NAMESPACES.contains(&ns)
            });
            if foreign {
                return refuse(
                    attribute.range().start,
                    format!("has an attribute {attr} from another namespace"),
                );
            }
            if attr.to_ascii_lowercase().starts_with("on") {
                return refuse(
                    attribute.range().start,
                    format!("has an event handler ({attr}=\"…\")"),
                );
            }
            if (attr == "href" || attr == "src") && !local_reference(value) {
                return refuse(
                    attribute.range().start,
                    format!(
                        "refers to something outside the picture ({attr}=\"{}\")",
                        shorten(value)
                    ),
                );
            }
            // `style`, and presentation attributes whose value is CSS (`fill="url(…)"`,
            // `filter`, `cursor`, `mask` …): every url in them must stay inside the picture.
            if let Some(problem) = css_problem(value) {
                return refuse(
                    attribute.range().start,
                    format!("has a {attr} that {problem}"),
                );
            }
        }
    }
    Ok(())
}

/// A link inside the picture (`#gradient`) or an embedded bitmap (`data:image/png;base64,…`).
fn local_reference(value: &str) -> bool {
    let lower = value.trim().to_ascii_lowercase();
    lower.starts_with('#')
        || lower.starts_with("data:image/png")
        || lower.starts_with("data:image/jpeg")
}

/// What is wrong with a piece of CSS in a picture: an at-rule that loads something
/// (`@import`, `@font-face`, `@namespace` …), a `url(…)`, `src(…)` or `image-set(…)` that is
/// not inside the picture. Read with a real CSS tokenizer (`cssparser`, Servo's), so escapes
/// (`u\72 l(`) and comments (`@im/**/port` is two tokens, not one) are read the way a browser
/// reads them.
fn css_problem(css: &str) -> Option<String> {
    let mut parser = cssparser::Parser::new(css);
    css_tokens(&mut parser, None)
}

fn css_tokens(parser: &mut cssparser::Parser<'_>, function: Option<&str>) -> Option<String> {
    use cssparser::Token;
    loop {
        let token = match parser.next_including_whitespace_and_comments() {
            Ok(token) => token.clone(),
            Err(_) => return None,
        };
        let nested = match &token {
            Token::AtKeyword(name) => {
                let name = name.to_ascii_lowercase();
                // No @keyframes: a picture that moves or flashes is refused like SMIL animation.
                if !matches!(name.as_str(), "media" | "supports") {
                    return Some(format!("has the rule @{name}"));
                }
                None
            }
            Token::UnquotedUrl(url) if !local_reference(url) => {
                return Some(format!("loads {}", shorten(&format!("url({url})"))));
            }
            Token::QuotedString(url) if function.is_some() && !local_reference(url) => {
                return Some(format!(
                    "loads {}",
                    shorten(&format!("{}(\"{url}\")", function.unwrap_or_default()))
                ));
            }
            Token::Function(name) => {
                let name = name.to_ascii_lowercase();
                let loads = matches!(name.as_str(), "url" | "src")
                    || name.ends_with("image-set")
                    || name == "image";
                Some(if loads {
                    Some(name)
                } else {
                    function.map(str::to_string)
                })
            }
            Token::ParenthesisBlock | Token::SquareBracketBlock | Token::CurlyBracketBlock => {
                Some(function.map(str::to_string))
            }
            _ => None,
        };
        if let Some(inner) = nested {
            let found = parser.parse_nested_block(|p| {
                let problem = css_tokens(p, inner.as_deref());
                // The block must be read to its end, or cssparser reports it unfinished.
                while p.next_including_whitespace_and_comments().is_ok() {}
                Ok::<_, cssparser::ParseError<()>>(problem)
            });
            if let Ok(Some(problem)) = found {
                return Some(problem);
            }
        }
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(svg: &str) -> Result<(), String> {
        check_svg(Path::new("images/x.svg"), svg).map_err(|d| {
            let at = d
                .location
                .as_ref()
                .map(|l| (l.line, l.column))
                .unwrap_or_default();
            format!("{} at {}:{}", d.message, at.0, at.1)
        })
    }

    const OPEN: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">"#;

    #[test]
    fn a_plain_picture_passes() {
        let svg = format!(
            r##"{OPEN}<defs><linearGradient id="g"/></defs><style>.a {{ fill: url(#g); }}</style><rect class="a" width="10" height="10" style="fill:url('#g')"/><use href="#g"/><image href="data:image/png;base64,AAAA"/></svg>"##
        );
        assert_eq!(check(&svg), Ok(()));
        // What Inkscape writes around a drawing is inert bookkeeping.
        let inkscape = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" inkscape:version="1.3" viewBox="0 0 10 10"><sodipodi:namedview id="n" inkscape:zoom="1"/><g inkscape:label="Layer 1" inkscape:groupmode="layer"><path d="M0 0h10" style="fill:none;stroke:#000"/></g></svg>"##;
        assert_eq!(check(inkscape), Ok(()));
    }

    #[test]
    fn script_handlers_html_outside_references_and_dtds_are_refused() {
        for (svg, expected) in [
            (format!("{OPEN}\n<script>alert(1)</script></svg>"), "contains a <script> element, which is not allowed in a published picture at 2:1"),
            (format!(r#"{OPEN}<rect onclick="alert(1)"/></svg>"#), "has an event handler (onclick"),
            (format!("{OPEN}<foreignObject><p>x</p></foreignObject></svg>"), "<foreignObject>"),
            (format!(r#"{OPEN}<image href="https://tracker.example/x.png"/></svg>"#), "refers to something outside the picture"),
            (format!(r#"{OPEN}<a xlink:href="javascript:alert(1)"><rect/></a></svg>"#), "refers to something outside the picture"),
            (format!(r#"{OPEN}<style>@import url(https://x.example/a.css);</style></svg>"#), "has the rule @import"),
            (format!(r#"{OPEN}<rect style="fill: url(https://x.example/p.svg#a)"/></svg>"#), "loads url(https://x.example"),
            (format!(r##"{OPEN}<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a></svg>"##), "contains a <set> element"),
            (r#"<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>"#.to_string(), "is not a readable SVG file"),
            ("<html><body/></html>".to_string(), "is not an SVG picture"),
            // Found by the hostile review, each a way past the earlier list of refused things.
            (format!("<?xml-stylesheet href=\"https://x.example/a.css\"?>{OPEN}<rect/></svg>"), "has a processing instruction"),
            (format!(r#"{OPEN}<rect fill="url(https://x.example/p.svg#a)"/></svg>"#), "has a fill that loads url(https://x.example"),
            (format!(r#"{OPEN}<rect filter="url('https://x.example/f.svg#f')"/></svg>"#), "has a filter that loads"),
            (format!(r#"{OPEN}<rect cursor="url(https://x.example/c.cur), auto"/></svg>"#), "has a cursor that loads"),
            (format!(r##"{OPEN}<rect><set attributeName="style" to="fill:url(https://x.example/a)"/></rect></svg>"##), "contains a <set> element"),
            (format!(r##"{OPEN}<rect><animate attributeName="fill" to="red"/></rect></svg>"##), "contains a <animate> element"),
            (format!(r#"{OPEN}<style>rect {{ fill: u\72 l(https://x.example/a) }}</style></svg>"#), "loads url(https://x.example"),
            (format!(r#"{OPEN}<style>rect {{ fill: \75 rl("https://x.example/a") }}</style></svg>"#), "loads url(\"https://x.example"),
            (format!(r#"{OPEN}<rect style="background: image-set('https://x.example/a.png' 1x)"/></svg>"#), "loads image-set(\"https://x.example"),
            (format!(r#"{OPEN}<style>@font-face {{ src: local(x) }}</style></svg>"#), "has the rule @font-face"),
            (format!(r#"{OPEN}<style>@\69mport 'https://x.example/a.css';</style></svg>"#), "has the rule @import"),
            (format!(r#"{OPEN}<html:script xmlns:html="http://www.w3.org/1999/xhtml">alert(1)</html:script></svg>"#), "contains a <script> element"),
            (format!(r#"{OPEN}<style>@im<!-- x -->port 'https://x.example/a.css';</style></svg>"#), "has the rule @import"),
            (format!(r#"{OPEN}<style>rect {{ fill: u<![CDATA[rl(https://x.example/a)]]> }}</style></svg>"#), "loads url(https://x.example"),
            (format!("{OPEN}<text>\u{202e} 12</text></svg>"), "invisible direction control character (U+202E)"),
            (format!(r#"{OPEN}<style>@keyframes spin {{ to {{ transform: rotate(360deg) }} }}</style></svg>"#), "has the rule @keyframes"),
            (format!(r#"{OPEN}<marquee/></svg>"#), "contains a <marquee> element"),
            (format!(r#"{OPEN}<feImage href="https://x.example/a.png"/></svg>"#), "refers to something outside the picture"),
        ] {
            let found = check(&svg).expect_err(&svg);
            assert!(found.contains(expected), "{found} (expected {expected})");
        }
    }
}
