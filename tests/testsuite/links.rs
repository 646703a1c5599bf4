//! Links between leaflets (`[text](leaflet:<id>)`) and series (part n of m, previous and next):
//! where they go on the built pages and what the PDFs print, and every way to get them wrong.

use std::path::{Component, Path, PathBuf};
use std::process::Command;

use scraper::{ElementRef, Html, Selector};

use crate::bad_input::{broken_build_and_check, checked};
use crate::common::{Project, assert_run_snapshot, require_typst};

/// Adds a second leaflet, `part-two` (Dutch only), to the minimal fixture.
fn with_part_two(p: &Project) {
    p.write(
        "leaflets/part-two.yaml",
        &p.read("leaflets/test-folder.yaml")
            .replace("TEST-1", "TEST-2"),
    );
    p.write(
        "locales/nl/part-two.ftl",
        &p.read("locales/nl/test-folder.ftl")
            .replace("title = Testfolder", "title = Testfolder deel twee"),
    );
}

/// The fixture as a series of two: test-folder, then part-two.
fn as_series(p: &Project) {
    with_part_two(p);
    let site = p.read("site.yaml");
    p.write(
        "site.yaml",
        &format!("{site}series:\n  demo-series:\n    - test-folder\n    - part-two\n"),
    );
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap();
    doc.select(&selector).collect()
}

fn text(element: &ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `path` inside dist/, with `href` relative to the page at `page` (also inside dist/).
fn resolve(page: &Path, href: &str) -> PathBuf {
    let href = href.split(['#', '?']).next().unwrap_or_default();
    let mut out = PathBuf::new();
    for part in page.parent().unwrap().join(href).components() {
        match part {
            Component::ParentDir => {
                assert!(out.pop(), "{href} from {} leaves dist/", page.display())
            }
            Component::Normal(name) => out.push(name),
            _ => {}
        }
    }
    out
}

/// Every relative `href` of every page resolves to a file that exists in dist/.
fn assert_relative_links_resolve(project: &Project) {
    let dist = project.dist();
    let mut leaflet_links = 0;
    for (path, bytes) in &dist {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let page = Html::parse_document(&String::from_utf8_lossy(bytes));
        for a in select(&page, "a[href]") {
            let href = a.value().attr("href").unwrap();
            if href.contains(':') || href.starts_with('#') {
                continue;
            }
            let target = resolve(path, href);
            assert!(
                dist.contains_key(&target),
                "{}: {href} → {} is not in dist/",
                path.display(),
                target.display()
            );
            leaflet_links += usize::from(a.value().attr("rel").is_some());
        }
    }
    assert!(leaflet_links > 0, "no series links at all");
}

fn pdftotext(file: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(file)
        .arg("-")
        .output()
        .expect("pdftotext is needed: apt-get install poppler-utils");
    // An address broken after a "/" at a line end is one address to a reader, and so is a word
    // hyphenated at a line end.
    String::from_utf8_lossy(&out.stdout)
        .replace("/\n", "/")
        .replace("\u{ad}\n", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_example_series_links_its_parts_in_every_language_on_the_page_and_in_the_pdf() {
    require_typst();
    let project = Project::example();
    project.build().assert_code(0);
    assert_relative_links_resolve(&project);
    let base = "https://folders.example.org";
    let part1 = "sacrale-neuromodulatie-darm";
    let part2 = "sacrale-neuromodulatie-testperiode";

    // Dutch and English: the message link and "next" go to the same language's part 2.
    for (lang, name, next) in [
        ("nl", "Deel 1 van 2 in deze reeks", "Volgend deel"),
        ("en", "Part 1 of 2 in this series", "Next part"),
    ] {
        let page = Html::parse_document(&project.read(&format!("dist/{lang}/{part1}/index.html")));
        let nav = select(&page, "nav.series");
        assert_eq!(nav.len(), 1, "{lang}: one series navigation");
        let heading = nav[0].value().attr("aria-labelledby").unwrap();
        let label = select(&page, &format!("#{heading}"));
        assert_eq!(text(&label[0]), name, "{lang}: the navigation's name");
        let links = select(&page, "nav.series a[rel=next]");
        assert_eq!(links.len(), 1);
        assert_eq!(
            links[0].value().attr("href"),
            Some(format!("../../{lang}/{part2}/index.html").as_str())
        );
        assert_eq!(
            links[0].value().attr("hreflang"),
            None,
            "{lang}: same language"
        );
        assert!(text(&links[0]).starts_with(next), "{}", text(&links[0]));
        assert!(
            select(&page, "nav.series a[rel=prev]").is_empty(),
            "part 1 has no previous"
        );
        let in_text: Vec<_> = select(&page, "article ol.steps a")
            .into_iter()
            .filter(|a| a.value().attr("href").unwrap().contains(part2))
            .collect();
        assert_eq!(in_text.len(), 1, "{lang}: the link in step 2");
        assert_eq!(
            in_text[0].value().attr("href"),
            Some(format!("../../{lang}/{part2}/index.html").as_str())
        );
        assert_eq!(select(&page, ".series-part").len(), 1);

        let page2 = Html::parse_document(&project.read(&format!("dist/{lang}/{part2}/index.html")));
        let prev = select(&page2, "nav.series a[rel=prev]");
        assert_eq!(
            prev[0].value().attr("href"),
            Some(format!("../../{lang}/{part1}/index.html").as_str())
        );
        assert!(
            select(&page2, "nav.series a[rel=next]").is_empty(),
            "part 2 is the last"
        );

        // The PDF prints where the link goes, as an address a reader can type.
        let pdf = pdftotext(&project.path(&format!("dist/{lang}/{part1}/{part1}-{lang}.pdf")));
        let url = format!("{base}/{lang}/{part2}/");
        assert!(pdf.contains(&format!("({url})")), "{lang}: {pdf}");
        assert!(pdf.contains(name), "{lang}: the series in the PDF");
        assert!(
            pdf.contains(&format!("{next}:")),
            "{lang}: 'next' in the PDF"
        );
        let pdf2 = pdftotext(&project.path(&format!("dist/{lang}/{part2}/{part2}-{lang}.pdf")));
        assert!(
            pdf2.contains(&format!("({base}/{lang}/{part1}/)")),
            "{pdf2}"
        );
    }

    // Turkish has part 1 but not part 2: "next" goes to the Dutch page, which it says, in
    // Turkish, with hreflang and the Dutch title marked as Dutch.
    assert!(!project.path(&format!("dist/tr/{part2}")).exists());
    let tr = Html::parse_document(&project.read(&format!("dist/tr/{part1}/index.html")));
    let next = select(&tr, "nav.series a[rel=next]");
    assert_eq!(
        next[0].value().attr("href"),
        Some(format!("../../nl/{part2}/index.html").as_str())
    );
    assert_eq!(next[0].value().attr("hreflang"), Some("nl"));
    let title = select(&tr, "nav.series a[rel=next] .series-title");
    assert_eq!(title[0].value().attr("lang"), Some("nl"));
    let note = select(&tr, "nav.series a[rel=next] .link-language");
    assert_eq!(text(&note[0]), "(Hollandaca)");
    let label = select(&tr, "#series-heading");
    assert_eq!(text(&label[0]), "Broşür dizisi: bölüm 1 / 2");
    let pdf = pdftotext(&project.path(&format!("dist/tr/{part1}/{part1}-tr.pdf")));
    assert!(
        pdf.contains(&format!("(Hollandaca, {base}/nl/{part2}/)")),
        "{pdf}"
    );

    // A preview of Turkish alone has no Dutch part 2 to link to: the published site's page.
    let preview = project.path("preview-tr");
    project
        .leaflet(&[
            "build",
            "--locale",
            "tr",
            "--out",
            preview.to_str().unwrap(),
        ])
        .assert_code(0);
    let tr = Html::parse_document(&project.read(&format!("preview-tr/tr/{part1}/index.html")));
    let next = select(&tr, "nav.series a[rel=next]");
    assert_eq!(
        next[0].value().attr("href"),
        Some(format!("{base}/nl/{part2}/").as_str())
    );

    // Part 2 is listed, found and mapped like every page.
    let index = project.read("dist/nl/index.html");
    assert!(index.contains(&format!("href=\"{part2}/index.html\"")));
    let sitemap = project.read("dist/sitemap.xml");
    for lang in ["nl", "en"] {
        assert!(sitemap.contains(&format!("<loc>{base}/{lang}/{part2}/</loc>")));
    }
}

#[test]
fn without_base_url_the_pdf_prints_the_code_and_other_languages_are_marked() {
    require_typst();
    let project = Project::fixture("minimal");
    as_series(&project);
    project.edit(
        "locales/nl/test-folder.ftl",
        "Kijk ook op [de site](https://example.org).",
        "Lees ook [deel twee](leaflet:part-two).",
    );
    project.edit(
        "locales/en/test-folder.ftl",
        "See also [the site](https://example.org).",
        "Also read [part two](leaflet:part-two).",
    );
    project
        .leaflet(&["translations", "confirm", "en", "test-folder:intro"])
        .assert_code(0);
    project.build().assert_code(0);
    assert_relative_links_resolve(&project);

    // Dutch: both in Dutch, no marks. The PDF has no address to print: the leaflet code.
    let nl = Html::parse_document(&project.read("dist/nl/test-folder/index.html"));
    let link = select(&nl, "article p a[href*=part-two]");
    assert_eq!(
        link[0].value().attr("href"),
        Some("../../nl/part-two/index.html")
    );
    assert_eq!(link[0].value().attr("hreflang"), None);
    let pdf = pdftotext(&project.path("dist/nl/test-folder/test-folder-nl.pdf"));
    assert!(pdf.contains("Lees ook deel twee (Code TEST-2)."), "{pdf}");
    assert!(
        pdf.contains("Volgend deel: Testfolder deel twee (Code TEST-2)"),
        "{pdf}"
    );

    // English: part two exists only in Dutch. The link says so, in English.
    let en = Html::parse_document(&project.read("dist/en/test-folder/index.html"));
    let link = select(&en, "article p a[href*=part-two]");
    assert_eq!(
        link[0].value().attr("href"),
        Some("../../nl/part-two/index.html")
    );
    assert_eq!(link[0].value().attr("hreflang"), Some("nl"));
    assert_eq!(text(&link[0]), "part two (in Dutch)");
    let next = select(&en, "nav.series a[rel=next]");
    assert_eq!(next[0].value().attr("hreflang"), Some("nl"));
    assert_eq!(text(&next[0]), "Next part Testfolder deel twee (in Dutch)");
    let pdf = pdftotext(&project.path("dist/en/test-folder/test-folder-en.pdf"));
    assert!(
        pdf.contains("Also read part two (in Dutch, Code TEST-2)."),
        "{pdf}"
    );
    // The Dutch part two points back at the Dutch part one.
    let two = Html::parse_document(&project.read("dist/nl/part-two/index.html"));
    let prev = select(&two, "nav.series a[rel=prev]");
    assert_eq!(
        prev[0].value().attr("href"),
        Some("../../nl/test-folder/index.html")
    );
}

#[test]
fn a_link_to_an_unknown_leaflet() {
    let run = broken_build_and_check(|p| {
        with_part_two(p);
        p.edit(
            "locales/nl/test-folder.ftl",
            "Kijk ook op [de site](https://example.org).",
            "Lees ook [deel twee](leaflet:part-tow).",
        );
    });
    run.assert_code(1)
        .assert_stderr("message \"intro\" links to leaflet \"part-tow\", which does not exist")
        .assert_stderr("locales/nl/test-folder.ftl:3:59")
        .assert_stderr("did you mean \"part-two\"?");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn a_leaflet_link_in_a_title() {
    let run = checked(|p| {
        with_part_two(p);
        p.edit(
            "locales/nl/test-folder.ftl",
            "title = Testfolder",
            "title = Testfolder, zie [deel twee](leaflet:part-two)",
        );
    });
    run.assert_code(1)
        .assert_stderr("message \"title\" links to leaflet \"part-two\", but it is shown outside this leaflet's page")
        .assert_stderr("locales/nl/test-folder.ftl:1:");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn a_relative_link_is_refused_with_the_links_that_are_allowed() {
    let run = checked(|p| {
        with_part_two(p);
        p.edit(
            "locales/nl/test-folder.ftl",
            "(https://example.org)",
            "(../part-two/index.html)",
        );
    });
    run.assert_code(1)
        .assert_stderr("links to \"../part-two/index.html\"; only https://, http://, mailto:, tel: and leaflet: links are allowed")
        .assert_stderr("locales/nl/test-folder.ftl:3:")
        .assert_stderr("[text](leaflet:part-two)");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn a_leaflet_link_without_a_text() {
    let run = checked(|p| {
        with_part_two(p);
        p.edit(
            "locales/nl/test-folder.ftl",
            "[de site](https://example.org)",
            "<leaflet:part-two>",
        );
    });
    run.assert_code(1)
        .assert_stderr("links to \"leaflet:part-two\" without a link text");
    assert_run_snapshot!(run.stderr);
}

/// `series:` in site.yaml, with part-two added to the fixture.
fn with_series(yaml: &'static str) -> impl FnOnce(&Project) {
    move |p: &Project| {
        with_part_two(p);
        let site = p.read("site.yaml");
        p.write("site.yaml", &format!("{site}series:\n{yaml}"));
    }
}

#[test]
fn a_series_names_an_unknown_leaflet() {
    let run = checked(with_series("  demo:\n    - test-folder\n    - part-tow\n"));
    run.assert_code(1)
        .assert_stderr("series \"demo\" lists \"part-tow\", which is not a leaflet")
        .assert_stderr("site.yaml:15:7")
        .assert_stderr("did you mean \"part-two\"?");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn a_leaflet_listed_twice_in_one_series() {
    let run = checked(with_series(
        "  demo:\n    - test-folder\n    - part-two\n    - test-folder\n",
    ));
    run.assert_code(1)
        .assert_stderr("leaflet \"test-folder\" is listed twice in series \"demo\" (parts 1 and 3)")
        .assert_stderr("site.yaml:16:7");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn a_leaflet_in_two_series() {
    let run = checked(with_series(
        "  demo:\n    - test-folder\n    - part-two\n  other:\n    - part-two\n    - test-folder\n",
    ));
    run.assert_code(1).assert_stderr(
        "leaflet \"part-two\" is in two series: \"demo\" (part 2) and \"other\" (part 1)",
    );
    assert_run_snapshot!(run.stderr);
}

#[test]
fn a_series_of_one_leaflet() {
    let run = checked(with_series("  demo: [test-folder]\n"));
    run.assert_code(1)
        .assert_stderr("series \"demo\" has 1 leaflet; a series has two parts or more")
        .assert_stderr("site.yaml:13:9");
    assert_run_snapshot!(run.stderr);
}
