//! The built site as patients and browsers meet it: every page passes the W3C Nu HTML Checker
//! and axe-core (WCAG 2.2 A/AA) in headless Chromium, requests nothing outside dist/, works under
//! a sub-path and from file://, and links its languages to each other both ways.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use crate::common::{Project, require_typst};
use scraper::{Html, Selector};

/// The leaflet pages of the `minimal` fixture.
pub(crate) const FOLDER_PAGES: [&str; 2] =
    ["nl/test-folder/index.html", "en/test-folder/index.html"];

/// Runs tests/browser/check-pages.mjs (vnu + axe + network + layout + links) on a built site.
pub(crate) fn check_pages(dist: &std::path::Path) {
    check_pages_of(dist, &[]);
}

/// The same checks on some pages of a built site only (paths under `dist`, e.g.
/// `en/test-folder/index.html`): for a test that changes one leaflet of a site whose other pages
/// are checked by another test. No pages: every page.
pub(crate) fn check_pages_of(dist: &std::path::Path, pages: &[&str]) {
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/check-pages.mjs");
    let out = Command::new("node")
        .arg(&script)
        .arg(dist)
        .args(pages.iter().flat_map(|page| ["--only", page]))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("node is needed for the page checks (Debian: apt-get install nodejs npm)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(0) => assert!(stdout.contains(": 0 findings"), "{stdout}"),
        Some(2) => panic!(
            "the page checker cannot run; install its tools with .ci/install-browser-tools (chromium, Java, npm ci):\n{stdout}{stderr}"
        ),
        _ => panic!("page check findings:\n{stdout}{stderr}"),
    }
}

#[test]
fn every_example_page_passes_vnu_and_axe_and_stays_inside_dist() {
    require_typst();
    let project = Project::example();
    project.build().assert_code(0);
    check_pages(&project.path("dist"));
}

fn attr_values(html: &str, css: &str, attr: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

#[test]
fn languages_link_to_each_other_both_ways() {
    require_typst();
    let project = Project::example();
    project.build().assert_code(0);
    let base = "https://folders.example.org";
    // page URL → (its own language, the URLs it names as alternates)
    let mut alternates: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for lang in ["nl", "en", "ar", "tr"] {
        for page in [
            "",
            "neuromodulatie-chronische-pijn/",
            "sacrale-neuromodulatie-darm/",
            "sacrale-neuromodulatie-testperiode/",
        ] {
            let path = project.path(&format!("dist/{lang}/{page}index.html"));
            let Ok(html) = std::fs::read_to_string(&path) else {
                assert!(lang == "ar" || lang == "tr", "{lang}/{page} is missing");
                continue;
            };
            let url = format!("{base}/{lang}/{page}");
            let canonical = attr_values(&html, "link[rel=canonical]", "href");
            assert_eq!(canonical, vec![url.clone()]);
            let hrefs: BTreeSet<String> =
                attr_values(&html, "link[rel=alternate][hreflang]", "href")
                    .into_iter()
                    .collect();
            let langs = attr_values(&html, "link[rel=alternate]", "hreflang");
            assert!(
                langs.contains(&"x-default".to_string()),
                "{url}: no x-default"
            );
            assert!(hrefs.contains(&url), "{url} does not list itself");
            alternates.insert(url, hrefs);
            // From every other language, the visible switcher links to the Dutch page.
            if lang != "nl" {
                let visible = attr_values(&html, "a[hreflang]", "href");
                assert!(visible.iter().any(|h| h.contains("nl/")), "{lang}/{page}");
            }
        }
    }
    for (url, hrefs) in &alternates {
        for other in hrefs {
            let back = alternates
                .get(other)
                .unwrap_or_else(|| panic!("{url} → unknown {other}"));
            assert!(back.contains(url), "{other} does not link back to {url}");
        }
    }

    // The sitemap lists the same pages with the same alternates.
    let xml = project.read("dist/sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml is well-formed XML");
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert_eq!(doc.root_element().tag_name().namespace(), Some(ns));
    let mut listed = BTreeMap::new();
    for url in doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name((ns, "url")))
    {
        let loc = url
            .children()
            .find(|n| n.has_tag_name((ns, "loc")))
            .and_then(|n| n.text())
            .unwrap()
            .to_string();
        let links: BTreeSet<String> = url
            .children()
            .filter(|n| n.has_tag_name(("http://www.w3.org/1999/xhtml", "link")))
            .filter_map(|n| n.attribute("href").map(str::to_string))
            .collect();
        assert!(loc.starts_with("https://"), "{loc}");
        listed.insert(loc, links);
    }
    assert_eq!(listed, alternates);
}

#[test]
fn without_base_url_links_stay_relative_and_there_is_no_sitemap() {
    require_typst();
    let project = Project::fixture("minimal");
    project.build().assert_code(0);
    assert!(!project.path("dist/sitemap.xml").exists());
    for (path, bytes) in project.dist() {
        if path.extension().is_some_and(|e| e == "html") {
            let html = String::from_utf8(bytes).unwrap();
            assert!(!html.contains("rel=\"canonical\""), "{}", path.display());
            for attr in ["href", "src"] {
                for value in attr_values(&html, &format!("[{attr}]"), attr) {
                    let external =
                        value.starts_with("https://example.org") || value.starts_with("tel:");
                    assert!(
                        external || !(value.starts_with('/') || value.contains("://")),
                        "{}: {attr}={value} is not relative",
                        path.display()
                    );
                }
            }
        }
    }
    check_pages(&project.path("dist"));
}

/// An urgent callout whose level heading is not translated into English: the band shows the
/// Dutch heading, marked as Dutch, with the note in English. It must stay readable in the
/// band's colours (axe's contrast check, light and dark): the pale "fallback" tint and the
/// note's body-text colour are for running text, not for the band.
#[test]
fn an_untranslated_urgent_callout_heading_stays_readable_in_its_band() {
    require_typst();
    let project = Project::fixture("minimal");
    project.edit(
        "leaflets/shared/when-to-call.yaml",
        "  - callout:\n",
        "  - callout:\n      level: urgent\n",
    );
    project.edit(
        "locales/en/site.ftl",
        "ui-callout-urgent = Urgent: call us today\n",
        "",
    );
    project.build().assert_code(0);
    let page = project.read("dist/en/test-folder/index.html");
    let doc = Html::parse_document(&page);
    let found = |css: &str| doc.select(&Selector::parse(css).unwrap()).count();
    assert_eq!(
        found(".callout-urgent .callout-level strong.fallback[lang=nl]"),
        1,
        "{page}"
    );
    assert_eq!(
        found(".callout-urgent .callout-level .fallback-note[lang=en]"),
        1,
        "{page}"
    );
    // Only the leaflet's pages change here: the rest of this site is checked by
    // `without_base_url_links_stay_relative_and_there_is_no_sitemap`.
    check_pages_of(&project.path("dist"), &FOLDER_PAGES);
}
