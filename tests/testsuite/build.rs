//! End-to-end: the real binary builds real projects (the repository's examples and small
//! fixtures) with the real typst.

use std::process::Command;

use crate::common::{Project, assert_run_snapshot, require_typst, tree};
use scraper::{Html, Selector};

fn select(html: &str, css: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let selector = Selector::parse(css).unwrap();
    doc.select(&selector).map(|e| e.html()).collect()
}

fn html_lang(html: &str) -> String {
    let doc = Html::parse_document(html);
    let selector = Selector::parse("html").unwrap();
    let el = doc.select(&selector).next().unwrap();
    el.value().attr("lang").unwrap_or_default().to_string()
}

const LEAFLETS: [&str; 3] = [
    "neuromodulatie-chronische-pijn",
    "sacrale-neuromodulatie-darm",
    "sacrale-neuromodulatie-testperiode",
];

#[test]
fn the_example_site_builds_in_dutch_and_english() {
    require_typst();
    let project = Project::example();
    // The copy leaves out the example's versions.lock.yaml (other tests edit texts without a
    // new version); this one builds the example as a fresh clone has it.
    let lock = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("versions.lock.yaml"),
    )
    .unwrap();
    project.write("versions.lock.yaml", &lock);
    let run = project.build();
    run.assert_code(0)
        .assert_stderr("built 3 leaflets in 4 languages (8 pages and 16 PDFs)");
    // The example as shipped is up to date: building it changes none of its sources (a fresh
    // clone's first build once rewrote versions.lock.yaml in a newer format).
    assert_eq!(project.read("versions.lock.yaml"), lock, "{}", run.stderr);
    assert!(!run.stderr.contains("versions.lock.yaml"), "{}", run.stderr);
    // Dutch and English are complete; Arabic and Turkish are partial on purpose.
    for lang in ["nl", "en"] {
        assert!(
            !run.stderr.contains(&format!("into {lang}")),
            "{}",
            run.stderr
        );
    }
    run.assert_stderr(
        "ar: 2 leaflets not translated (or not yet confirmed), so the ar site leaves them out",
    );

    for lang in ["nl", "en"] {
        let index = project.read(&format!("dist/{lang}/index.html"));
        assert_eq!(html_lang(&index), lang);
        for id in LEAFLETS {
            let page = project.read(&format!("dist/{lang}/{id}/index.html"));
            assert_eq!(html_lang(&page), lang, "{lang}/{id}");
            assert_eq!(select(&page, "h1").len(), 1);
            let pdf = project.path(&format!("dist/{lang}/{id}/{id}-{lang}.pdf"));
            let info = crate::pdf::tool("pdfinfo", &[], &pdf);
            assert!(info.contains("Tagged:          yes"), "{info}");
            assert!(info.contains("Pages:"), "{info}");
            // The page links to its PDF and to the other language.
            assert!(page.contains(&format!("href=\"{id}-{lang}.pdf\"")));
            let other = if lang == "nl" { "en" } else { "nl" };
            assert!(page.contains(&format!("href=\"../../{other}/{id}/index.html\"")));
        }
    }
    // In Arabic, "(PDF, 122 kB، العربية)" keeps its order: the Latin part is isolated, and the
    // comma after it is the Arabic one.
    let arabic = project.read("dist/ar/neuromodulatie-chronische-pijn/index.html");
    let meta = select(&arabic, ".pdf-meta");
    assert!(
        meta.len() == 1 && meta[0].contains("(<bdi>PDF, ") && meta[0].contains("</bdi>، العربية)"),
        "{meta:?}"
    );
    // The size and its unit stay on one line: "122\u{a0}kB".
    assert!(
        arabic.contains("\u{a0}kB</bdi>") && !arabic.contains(" kB</bdi>"),
        "{meta:?}"
    );
    let root = project.read("dist/index.html");
    assert!(root.contains("href=\"nl/index.html\"") && root.contains("href=\"en/index.html\""));
    assert!(project.path("dist/assets/style.css").exists());
    assert!(project.path("dist/README.md").exists());
}

#[test]
fn each_phone_number_is_written_once_and_shown_on_both_pages() {
    require_typst();
    let project = Project::example();
    let mut places = Vec::new();
    for (path, bytes) in tree(&project.root) {
        let text = String::from_utf8_lossy(&bytes);
        for (n, line) in text.lines().enumerate() {
            if line.contains("050 361 48 86") {
                places.push(format!("{}:{}", path.display(), n + 1));
            }
        }
    }
    assert_eq!(
        places.len(),
        1,
        "the number must be in one place: {places:?}"
    );
    assert!(places[0].starts_with("site.yaml:"), "{places:?}");

    project.build().assert_code(0);
    for lang in ["nl", "en"] {
        let page = project.read(&format!(
            "dist/{lang}/neuromodulatie-chronische-pijn/index.html"
        ));
        assert!(page.contains("050 361 48 86"), "{lang}");
        assert!(
            page.contains("href=\"tel:0503614886\""),
            "{lang}: tel: link"
        );
    }
}

#[test]
fn a_missing_translation_falls_back_visibly() {
    require_typst();
    let project = Project::example();
    project.edit(
        "locales/en/neuromodulatie-chronische-pijn.ftl",
        "how-title = How does it work?\n",
        "",
    );
    let run = project.build();
    run.assert_code(0)
        .assert_stderr(
            "warning: 1 message is not translated into en; shown in nl with a note: how-title",
        )
        .assert_stderr("locales/en/neuromodulatie-chronische-pijn.ftl");
    let page = project.read("dist/en/neuromodulatie-chronische-pijn/index.html");
    let fallback = select(&page, "h2[lang=nl]");
    assert_eq!(fallback.len(), 1, "{page}");
    assert!(fallback[0].contains("Hoe werkt het?"));
    let note = select(&page, "h2[lang=nl] .fallback-note[lang=en]");
    assert_eq!(note.len(), 1, "{page}");
    assert!(note[0].contains("This part has not been translated yet"));

    // A whole shared block untranslated: each text is marked Dutch, the note comes once,
    // where the Dutch starts, not after every line.
    project.remove("locales/en/shared/when-to-call.ftl");
    project.build().assert_code(0);
    let page = project.read("dist/en/neuromodulatie-chronische-pijn/index.html");
    let dutch = select(&page, ".fallback[lang=nl]");
    assert!(
        dutch.len() >= 4,
        "the block's texts are marked nl: {dutch:?}"
    );
    let notes = select(&page, ".fallback-note");
    // Three runs: "How does it work?", and the block, whose English "Call us today" band
    // (a label of the site, translated) comes between its heading and its text.
    assert_eq!(notes.len(), 3, "one note per run of Dutch: {notes:?}");
    assert!(
        select(&page, "h2[lang=nl] .fallback-note")
            .iter()
            .any(|n| n.contains("This part has not been translated yet")),
        "the block's note is on its heading"
    );
    let pdf = crate::contacts::pdf_text(
        &project,
        "dist/en/neuromodulatie-chronische-pijn/neuromodulatie-chronische-pijn-en.pdf",
    );
    let in_pdf = pdf.matches("This part has not been translated yet").count();
    assert_eq!(in_pdf, 3, "the PDF has the same notes as the page:\n{pdf}");
    assert!(!pdf.contains("(none)"), "{pdf}");
    // The Dutch sentence gets its `with:` argument in Dutch too, not "surgical wound" in the
    // middle of it; and the argument is not reported as untranslated itself.
    assert!(page.contains("uw operatiewond rood en dik is"), "{page}");
    assert!(!page.contains("uw surgical wound"), "{page}");
    project.write(
        "locales/en/shared/when-to-call.ftl",
        &Project::example().read("locales/en/shared/when-to-call.ftl"),
    );

    // --strict turns the warning into a failure and keeps the previous dist/.
    let before = project.dist();
    let run = project.leaflet(&["build", "--strict"]);
    run.assert_code(1).assert_stderr("--strict");
    assert!(project.dist() == before);
    assert_run_snapshot!(run.stderr);
}

#[test]
fn two_builds_are_byte_identical() {
    require_typst();
    let project = Project::example();
    project.build().assert_code(0);
    let first = project.dist();
    project.build().assert_code(0);
    let second = project.dist();
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(
            bytes == &second[path],
            "{} differs between builds",
            path.display()
        );
    }
    // A second copy of the same sources in another folder gives the same bytes too.
    let elsewhere = Project::example();
    elsewhere.build().assert_code(0);
    assert!(
        elsewhere.dist() == first,
        "output depends on the project's location"
    );
}

#[test]
fn a_removed_leaflet_disappears_from_dist() {
    require_typst();
    let project = Project::fixture("minimal");
    project.build().assert_code(0);
    assert!(project.path("dist/nl/test-folder/index.html").exists());
    let copy = project.read("leaflets/test-folder.yaml");
    project.write(
        "leaflets/second.yaml",
        &copy.replace("code: TEST-1", "code: TEST-2"),
    );
    project.write(
        "locales/nl/second.ftl",
        &project.read("locales/nl/test-folder.ftl"),
    );
    project.build().assert_code(0);
    assert!(project.path("dist/nl/second/index.html").exists());
    project.remove("leaflets/second.yaml");
    project.build().assert_code(0);
    assert!(!project.path("dist/nl/second").exists());
}

#[test]
fn check_validates_without_writing_or_typst() {
    let project = Project::fixture("minimal");
    let nowhere = project.path("no-such-typst");
    project
        .leaflet_with_env(&["check"], &[("LEAFLET_TYPST", &nowhere)])
        .assert_code(0)
        .assert_stderr("checked 1 leaflet in 2 languages");
    assert!(!project.path("dist").exists());

    project.edit("leaflets/test-folder.yaml", "use: contact", "use: contakt");
    let run = project.leaflet(&["check"]);
    run.assert_code(1)
        .assert_stderr("unknown shared block \"contakt\"");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn out_and_locale_options() {
    require_typst();
    let project = Project::fixture("minimal");
    let out = project.path("elsewhere/site");
    project
        .leaflet(&["build", "--locale", "en", "--out", out.to_str().unwrap()])
        .assert_code(0);
    assert!(out.join("en/test-folder/index.html").exists());
    assert!(!out.join("nl").exists());
    assert!(!project.path("dist").exists());
}

#[test]
fn text_is_data_not_markup() {
    require_typst();
    let project = Project::fixture("minimal");
    project.edit(
        "locales/en/test-folder.ftl",
        "step-one = **Step one.** You come to see us.",
        // No digits: a confirmed translation must say the numbers its source says.
        "step-one = Take a > b & c < d tablets; #set page(fill: red) {\"{{ x }}\"}",
    );
    // Confirmed again, so that the edited translation is what patients see.
    project
        .leaflet(&["translations", "confirm", "en", "test-folder:step-one"])
        .assert_code(0);
    project.build().assert_code(0);
    let page = project.read("dist/en/test-folder/index.html");
    assert!(
        page.contains("Take a &gt; b &amp; c &lt; d tablets; #set page(fill: red) {{ x }}"),
        "{page}"
    );
    let text = Command::new("pdftotext")
        .arg(project.path("dist/en/test-folder/test-folder-en.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("#set page(fill: red)"), "{text}");
}

#[test]
fn an_untranslated_interface_label_is_a_warning_and_marked() {
    require_typst();
    let project = Project::fixture("minimal");
    project.edit(
        "locales/en/site.ftl",
        "ui-skip-link = Skip to the text\n",
        "",
    );
    project.build().assert_code(0).assert_stderr(
        "1 message is not translated into en; shown in nl with a note: ui-skip-link",
    );
    let page = project.read("dist/en/test-folder/index.html");
    assert!(
        page.contains("<span lang=\"nl\">Naar de tekst</span>"),
        "{page}"
    );
}

#[test]
fn an_untranslated_argument_inside_a_translated_sentence_keeps_its_language() {
    require_typst();
    let project = Project::fixture("minimal");
    project.edit(
        "locales/en/test-folder.ftl",
        "wound-name = surgical wound\n",
        "",
    );
    project
        .build()
        .assert_code(0)
        .assert_stderr("not translated into en; shown in nl with a note: wound-name");
    let page = project.read("dist/en/test-folder/index.html");
    assert!(
        page.contains("you have a fever and your <span lang=\"nl\">operatiewond</span> is red"),
        "{page}"
    );
}
