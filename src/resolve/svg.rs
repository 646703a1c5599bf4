//! SVG pictures are documents, not just pixels: opened on their own (a reader who follows the
//! picture's address, a search engine) they can run script, and they can load files from other
//! sites. A published SVG must be a picture and nothing more: no script, no event handlers, no
//! embedded HTML, no references outside the file but embedded PNG/JPEG data, and no DTD (whose
//! entities can blow up a parser). Checked with a real XML parser (`roxmltree`), at the line
//! and column of the SVG where the problem is.

use std::path::Path;

use crate::diag::{Diagnostic, Location};

/// Elements that run code or hold another document.
const REFUSED_ELEMENTS: &[&str] = &[
    "script",
    "foreignObject",
    "iframe",
    "embed",
    "object",
    "audio",
    "video",
    "handler",
    "listener",
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
    if doc.root_element().tag_name().name() != "svg" {
        return refuse(
            doc.root_element().range().start,
            format!(
                "is not an SVG picture (its outer element is <{}>)",
                doc.root_element().tag_name().name()
            ),
        );
    }
    for node in doc.descendants() {
        if node.is_element() {
            let name = node.tag_name().name();
            if REFUSED_ELEMENTS.contains(&name) {
                return refuse(node.range().start, format!("contains a <{name}> element"));
            }
            if name == "style"
                && let Some(css) = node.text()
                && let Some(problem) = css_problem(css)
            {
                return refuse(
                    node.range().start,
                    format!("has a style sheet that {problem}"),
                );
            }
            // An animation can set a link or an event: <set attributeName="href" to="javascript:…">.
            if matches!(name, "set" | "animate")
                && node.attribute("attributeName").is_some_and(|a| {
                    let a = a.to_ascii_lowercase();
                    a.starts_with("on") || a.ends_with("href")
                })
            {
                return refuse(
                    node.range().start,
                    format!("has an <{name}> that changes a link or an event"),
                );
            }
            for attribute in node.attributes() {
                let attr = attribute.name();
                let value = attribute.value().trim();
                if attr.to_ascii_lowercase().starts_with("on") {
                    return refuse(
                        attribute.range().start,
                        format!("has an event handler ({attr}=\"…\")"),
                    );
                }
                if attr == "href" && !local_reference(value) {
                    return refuse(
                        attribute.range().start,
                        format!(
                            "refers to something outside the picture ({attr}=\"{}\")",
                            shorten(value)
                        ),
                    );
                }
                if attr == "style"
                    && let Some(problem) = css_problem(value)
                {
                    return refuse(
                        attribute.range().start,
                        format!("has a style that {problem}"),
                    );
                }
            }
        }
    }
    Ok(())
}

/// A link inside the picture (`#gradient`) or an embedded bitmap (`data:image/png;base64,…`).
fn local_reference(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    value.starts_with('#')
        || lower.starts_with("data:image/png")
        || lower.starts_with("data:image/jpeg")
}

/// What is wrong with a piece of CSS in a picture: an import, or a `url(…)` that is not inside
/// the picture.
fn css_problem(css: &str) -> Option<String> {
    let lower = css.to_ascii_lowercase();
    if lower.contains("@import") {
        return Some("imports another style sheet".to_string());
    }
    let mut rest = lower.as_str();
    while let Some(start) = rest.find("url(") {
        let inner = rest[start + 4..]
            .trim_start()
            .trim_start_matches(['"', '\''])
            .to_string();
        if !local_reference(&inner) {
            return Some(format!("loads {}", shorten(&format!("url({inner}"))));
        }
        rest = &rest[start + 4..];
    }
    None
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
    }

    #[test]
    fn script_handlers_html_outside_references_and_dtds_are_refused() {
        for (svg, expected) in [
            (format!("{OPEN}\n<script>alert(1)</script></svg>"), "contains a <script> element, which is not allowed in a published picture at 2:1"),
            (format!(r#"{OPEN}<rect onclick="alert(1)"/></svg>"#), "has an event handler (onclick"),
            (format!("{OPEN}<foreignObject><p>x</p></foreignObject></svg>"), "<foreignObject>"),
            (format!(r#"{OPEN}<image href="https://tracker.example/x.png"/></svg>"#), "refers to something outside the picture"),
            (format!(r#"{OPEN}<a xlink:href="javascript:alert(1)"><rect/></a></svg>"#), "refers to something outside the picture"),
            (format!(r#"{OPEN}<style>@import url(https://x.example/a.css);</style></svg>"#), "imports another style sheet"),
            (format!(r#"{OPEN}<rect style="fill: url(https://x.example/p.svg#a)"/></svg>"#), "loads url(https://x.example"),
            (format!(r##"{OPEN}<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a></svg>"##), "changes a link or an event"),
            (r#"<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>"#.to_string(), "is not a readable SVG file"),
            ("<html><body/></html>".to_string(), "is not an SVG picture"),
        ] {
            let found = check(&svg).expect_err(&svg);
            assert!(found.contains(expected), "{found} (expected {expected})");
        }
    }
}
