//! Reader tools as the built files hold them: the print, text-size and read-aloud buttons on a
//! leaflet page (real buttons, named in the page's language, hidden until the script shows
//! them, a missing label visibly in the default language), the script as a file of the site and
//! never inline, the hospital named on the language index and on the page, and the PDF's
//! "your questions" box. What the tools do in a browser is checked by
//! tests/browser/check-pages.mjs (see `pages`).

use std::path::Path;
use std::process::Command;

use scraper::{ElementRef, Html, Selector};

use crate::common::{Project, require_typst};

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel).collect()
}

fn text(element: &ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .replace(['\u{2068}', '\u{2069}'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The visible names of the tool buttons, in the order of the page.
fn tool_names(doc: &Html) -> Vec<String> {
    select(doc, "#reader-tools button")
        .iter()
        .map(text)
        .collect()
}

#[test]
fn the_tools_are_buttons_named_in_the_page_language_and_hidden_until_the_script_shows_them() {
    require_typst();
    let project = Project::example();
    project.build().assert_code(0);
    let names = [
        (
            "nl",
            "neuromodulatie-chronische-pijn",
            [
                "Afdrukken",
                "Normaal",
                "Groot",
                "Groter",
                "Voorlezen",
                "Pauzeren",
                "Verder voorlezen",
                "Stoppen",
            ],
        ),
        (
            "en",
            "sacrale-neuromodulatie-darm",
            [
                "Print",
                "Normal",
                "Large",
                "Larger",
                "Read aloud",
                "Pause",
                "Continue reading",
                "Stop",
            ],
        ),
        (
            "ar",
            "neuromodulatie-chronische-pijn",
            [
                "طباعة",
                "عادي",
                "كبير",
                "أكبر",
                "القراءة بصوت عالٍ",
                "إيقاف مؤقت",
                "متابعة القراءة",
                "إيقاف",
            ],
        ),
        (
            "tr",
            "sacrale-neuromodulatie-darm",
            [
                "Yazdır",
                "Normal",
                "Büyük",
                "Daha büyük",
                "Sesli oku",
                "Duraklat",
                "Okumaya devam et",
                "Durdur",
            ],
        ),
    ];
    for (lang, id, expected) in names {
        let page = project.read(&format!("dist/{lang}/{id}/index.html"));
        let doc = Html::parse_document(&page);
        let where_ = format!("{lang}/{id}");

        let tools = select(&doc, "#reader-tools");
        assert_eq!(tools.len(), 1, "{where_}");
        let tools = tools[0].value();
        assert!(tools.attr("hidden").is_some(), "{where_}: tools not hidden");
        assert!(tools.attr("data-pagefind-ignore").is_some(), "{where_}");
        // Inside the leaflet's article (under its title), outside the text that is searched.
        assert_eq!(select(&doc, "article #reader-tools").len(), 1, "{where_}");
        for part in ["#print-page", "#text-size", "#read-aloud"] {
            let found = select(&doc, part);
            assert_eq!(found.len(), 1, "{where_}: {part}");
            assert!(
                found[0].value().attr("hidden").is_some(),
                "{where_}: {part}"
            );
        }

        assert_eq!(tool_names(&doc), expected, "{where_}: button names");
        for button in select(&doc, "#reader-tools button") {
            assert_eq!(button.value().attr("type"), Some("button"), "{where_}");
        }
        // Translated: no label fell back to another language.
        assert!(select(&doc, "#reader-tools [lang]").is_empty(), "{where_}");
        // Pause, resume and stop only show while reading.
        for state in ["pause", "resume", "stop"] {
            let button = select(&doc, &format!("button[data-read=\"{state}\"]"));
            assert!(button[0].value().attr("hidden").is_some(), "{where_}");
        }
        // The size buttons form a group named by its visible label, one of them pressed.
        let group = select(&doc, "#text-size[role=group]");
        let label_id = group[0].value().attr("aria-labelledby").unwrap();
        let label = select(&doc, &format!("#{label_id}"));
        assert_eq!(text(&label[0]), expected_size_label(lang), "{where_}");
        let pressed = select(&doc, "#text-size button[aria-pressed=true]");
        assert_eq!(pressed.len(), 1, "{where_}");
        assert_eq!(
            select(&doc, "#text-size button[aria-pressed]").len(),
            3,
            "{where_}"
        );
    }

    // The script is a file of the site, loaded by every page from <head>; no page has inline
    // script (the Content-Security-Policy forbids it).
    let shipped = std::fs::read(project.path("dist/assets/reader-tools.js")).unwrap();
    let source =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/reader-tools.js"))
            .unwrap();
    assert_eq!(shipped, source);
    for (path, bytes) in project.dist() {
        if path.extension().is_none_or(|e| e != "html") || path.starts_with("team") {
            continue;
        }
        let page = String::from_utf8(bytes).unwrap();
        let doc = Html::parse_document(&page);
        let scripts = select(&doc, "script");
        assert!(
            scripts.iter().all(|s| s.value().attr("src").is_some()),
            "{}: inline script",
            path.display()
        );
        let tools = select(&doc, "head script[src$=\"assets/reader-tools.js\"]");
        assert_eq!(tools.len(), 1, "{}", path.display());
        assert!(tools[0].value().attr("defer").is_none());
    }
}

fn expected_size_label(lang: &str) -> &'static str {
    match lang {
        "nl" => "Tekstgrootte",
        "en" => "Text size",
        "ar" => "حجم النص",
        _ => "Yazı boyutu",
    }
}

#[test]
fn a_missing_tool_label_is_shown_in_the_default_language_marked_as_such() {
    require_typst();
    let project = Project::fixture("minimal");
    project.edit("locales/en/site.ftl", "ui-read-aloud = Read aloud\n", "");
    let run = project.build();
    run.assert_code(0).assert_stderr("ui-read-aloud");
    let doc = Html::parse_document(&project.read("dist/en/test-folder/index.html"));
    let start = select(&doc, "button[data-read=start]");
    assert_eq!(
        start[0].inner_html(),
        "<span lang=\"nl\">Voorlezen</span>",
        "the Dutch label, marked as Dutch"
    );
    // The others stay English.
    let print = select(&doc, "#print-page");
    assert_eq!(print[0].inner_html(), "Print");
}

#[test]
fn the_language_index_and_the_page_name_the_leaflets_hospital() {
    require_typst();
    let project = Project::example();
    project.build().assert_code(0);
    for lang in ["nl", "en"] {
        let doc = Html::parse_document(&project.read(&format!("dist/{lang}/index.html")));
        let items = select(&doc, "main .leaflet-list > li");
        assert!(items.len() >= 2, "{lang}");
        let mut seen = std::collections::BTreeSet::new();
        for item in items {
            let href = select_in(&item, "a")[0]
                .value()
                .attr("href")
                .unwrap()
                .to_string();
            let id = href.split('/').next().unwrap();
            // The leaflet's contact is `<organisation>/<contact>`: UMCG's or ZGT's.
            let source = project.read(&format!("leaflets/{id}.yaml"));
            let expected = if source.contains("\ncontact: umcg/") {
                "UMCG"
            } else {
                assert!(source.contains("\ncontact: zgt/"), "{id}");
                "ZGT"
            };
            let organization = text(&select_in(&item, ".organization")[0]);
            assert_eq!(organization, expected, "{lang} index: {href}");
            seen.insert(organization);
        }
        assert_eq!(seen.len(), 2, "{lang}: leaflets of both hospitals");
        for (id, organization) in [
            ("neuromodulatie-chronische-pijn", "UMCG"),
            ("sacrale-neuromodulatie-darm", "ZGT"),
        ] {
            let doc = Html::parse_document(&project.read(&format!("dist/{lang}/{id}/index.html")));
            let line = text(&select(&doc, "article .department")[0]);
            assert!(
                line.ends_with(&format!("· {organization}")),
                "{lang}/{id}: {line}"
            );
        }
    }
}

fn select_in<'a>(element: &ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let sel = Selector::parse(css).unwrap();
    element.select(&sel).collect()
}

fn pdf_tool(name: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(name)
        .args(args)
        .arg(file)
        .args(if name == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|_| panic!("{name} is needed: apt-get install poppler-utils"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn page_count(pdf: &Path) -> u32 {
    crate::pdf::tool("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo names the pages")
}

fn flat(text: &str) -> String {
    text.replace(['\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_pdf_ends_with_the_questions_box_when_the_leaflet_asks_for_it() {
    require_typst();
    let project = Project::example();
    project.build().assert_code(0);
    for (lang, heading, intro) in [
        (
            "nl",
            "Uw vragen",
            "Schrijf hier uw vragen op. Neem deze folder mee naar uw afspraak.",
        ),
        (
            "en",
            "Your questions",
            "Write your questions here. Take this leaflet with you to your appointment.",
        ),
    ] {
        for suffix in ["", "-print-shop"] {
            let id = "neuromodulatie-chronische-pijn";
            let pdf = project.path(&format!("dist/{lang}/{id}/{id}-{lang}{suffix}.pdf"));
            let last = page_count(&pdf).to_string();
            let last_page = flat(&pdf_tool("pdftotext", &["-f", &last, "-l", &last], &pdf));
            // On the last page, after everything else: the box ends the leaflet, and that page
            // is not empty.
            let at = last_page.find(heading).unwrap_or_else(|| {
                panic!(
                    "{}: no {heading:?} on the last page: {last_page}",
                    pdf.display()
                )
            });
            let after = &last_page[at + heading.len()..];
            assert!(
                after.trim_start().starts_with(intro),
                "{}: {after}",
                pdf.display()
            );
            let whole = flat(&pdf_tool("pdftotext", &[], &pdf));
            assert_eq!(whole.matches(heading).count(), 1, "{}", pdf.display());

            // Tagged as a heading and a paragraph; the lines are artifacts (no text, no tags).
            let tags = pdf_tool("pdfinfo", &["-struct-text"], &pdf);
            let h2 = format!("H2 \"{heading}\"");
            let at = tags
                .find(&h2)
                .unwrap_or_else(|| panic!("{}: no {h2}:\n{tags}", pdf.display()));
            let rest: Vec<&str> = tags[at..].lines().map(str::trim).collect();
            assert_eq!(
                rest.get(1),
                Some(&format!("\"{heading}\"").as_str()),
                "{rest:?}"
            );
            assert_eq!(rest.get(2), Some(&"P (block)"), "{rest:?}");
            // The paragraph's text (in pieces, one per line), and no other tag after the box.
            let paragraph: Vec<&str> = rest[3..]
                .iter()
                .map(|l| {
                    l.strip_prefix('"')
                        .and_then(|l| l.strip_suffix('"'))
                        .unwrap_or_else(|| panic!("a tag after the box: {l}"))
                })
                .collect();
            assert_eq!(paragraph.concat(), intro, "{rest:?}");
        }
        // A leaflet that does not ask for it has none.
        let id = "sacrale-neuromodulatie-darm";
        let pdf = project.path(&format!("dist/{lang}/{id}/{id}-{lang}.pdf"));
        assert!(!flat(&pdf_tool("pdftotext", &[], &pdf)).contains(heading));
    }
}
