//! Every example PDF: tagged PDF/UA-1 (+ PDF/A-2a), embedded fonts, its language, the footer on
//! every page, reading order, the QR code, and the print-shop page boxes.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use crate::common::{Project, copy_tree, require_typst};
use scraper::{Html, Selector};

/// The one line poppler prints on every PDF typst writes, for the valid `/MarkInfo <<
/// /Suspects false >>`: a bug of poppler 22.12's catalog reader, not of the file (see
/// ARCHITECTURE.md, "PDF checks and poppler's Suspects message"). Tolerated, and only it.
pub(crate) const POPPLER_SUSPECTS_QUIRK: &str =
    "Syntax Error: Suspects object is wrong type (boolean)";

/// Runs a tool on a file and returns its standard output. A PDF tool (poppler's, qpdf) must
/// succeed and say nothing on stderr, except poppler's Suspects quirk; zbarimg's stderr is its
/// own business (it talks of D-Bus where there is none).
pub(crate) fn tool(name: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(name).args(args).arg(file).output().unwrap_or_else(|_| {
        panic!("{name} is needed: apt-get install poppler-utils qpdf zbar-tools (or run .ci/install-test-tools)")
    });
    if name == "zbarimg" {
        return String::from_utf8_lossy(&out.stdout).into_owned();
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let unexpected: Vec<&str> = stderr
        .lines()
        .filter(|line| !line.trim().is_empty() && *line != POPPLER_SUSPECTS_QUIRK)
        .collect();
    assert!(
        out.status.success() && unexpected.is_empty(),
        "{name} {args:?} {} reported: {unexpected:?}",
        file.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `pdftotext [args] FILE -`: the text on standard output.
pub(crate) fn pdftotext(args: &[&str], file: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(args)
        .arg(file)
        .arg("-")
        .output()
        .expect("pdftotext is needed: apt-get install poppler-utils");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdfs(project: &Project) -> Vec<(String, String, std::path::PathBuf)> {
    let mut found = Vec::new();
    for lang in ["nl", "en"] {
        for id in [
            "neuromodulatie-chronische-pijn",
            "sacrale-neuromodulatie-darm",
            "sacrale-neuromodulatie-testperiode",
        ] {
            for suffix in ["", "-print-shop"] {
                let path = project.path(&format!("dist/{lang}/{id}/{id}-{lang}{suffix}.pdf"));
                assert!(path.exists(), "{} is missing", path.display());
                found.push((lang.to_string(), id.to_string(), path));
            }
        }
    }
    found
}

/// The example built with `--typst-per-pdf`, without a cache (so that typst really makes each
/// PDF in a run of its own), once per test run: the PDF checks run on it as on a build in
/// bundles, the default.
pub(crate) fn per_pdf_example() -> &'static Project {
    static BUILT: OnceLock<Project> = OnceLock::new();
    BUILT.get_or_init(|| {
        require_typst();
        let project = Project::example_cold();
        project
            .leaflet(&["build", "--typst-per-pdf", "-v"])
            .assert_code(0);
        project
    })
}

fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_example_pdf_is_tagged_embedded_and_in_its_language() {
    require_typst();
    let project = Project::example();
    project.build().assert_code(0);
    tagged_embedded_and_in_its_language(&project);
}

#[test]
fn every_example_pdf_is_tagged_embedded_and_in_its_language_with_a_typst_run_per_pdf() {
    tagged_embedded_and_in_its_language(per_pdf_example());
}

fn tagged_embedded_and_in_its_language(project: &Project) {
    for (lang, id, pdf) in pdfs(project) {
        let info = tool("pdfinfo", &[], &pdf);
        // qpdf finds nothing wrong in the file poppler complains about.
        let check = tool("qpdf", &["--check"], &pdf);
        assert!(
            check.contains("No syntax or stream encoding errors found"),
            "{check}"
        );
        assert!(
            info.contains("Tagged:          yes"),
            "{}: {info}",
            pdf.display()
        );
        let page = project.read(&format!("dist/{lang}/{id}/index.html"));
        let h1 = {
            let doc = Html::parse_document(&page);
            let sel = Selector::parse("h1").unwrap();
            doc.select(&sel).next().unwrap().text().collect::<String>()
        };
        assert!(
            info.contains(&format!("Title:           {}", h1.trim())),
            "{info}"
        );

        let meta = tool("pdfinfo", &["-meta"], &pdf);
        assert!(
            meta.contains("<pdfuaid:part>1</pdfuaid:part>"),
            "PDF/UA-1 id: {}",
            pdf.display()
        );
        assert!(meta.contains("<pdfaid:part>2</pdfaid:part>"), "PDF/A-2 id");
        assert!(meta.contains("<pdfaid:conformance>A</pdfaid:conformance>"));
        assert!(
            meta.contains(&format!("<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li>")),
            "{meta}"
        );

        let json = tool("qpdf", &["--json=2"], &pdf);
        assert!(
            json.contains(&format!("\"/Lang\": \"u:{lang}\"")),
            "/Lang of {}",
            pdf.display()
        );

        let fonts = tool("pdffonts", &[], &pdf);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty());
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type [encoding…] emb sub uni object ID: "emb" is the 5th column from the end.
            let emb = cols[cols.len() - 5];
            assert_eq!(emb, "yes", "font not embedded in {}: {row}", pdf.display());
        }
    }
}

#[test]
fn every_page_has_the_footer_and_the_text_reads_in_order() {
    require_typst();
    let project = Project::example();
    project.build().assert_code(0);
    footer_and_reading_order(&project);
}

#[test]
fn every_page_has_the_footer_and_the_text_reads_in_order_with_a_typst_run_per_pdf() {
    footer_and_reading_order(per_pdf_example());
}

fn footer_and_reading_order(project: &Project) {
    for (lang, id, pdf) in pdfs(project) {
        let text = pdftotext(&["-layout"], &pdf);
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        let total = pages.len();
        assert!(total >= 2, "{}", pdf.display());
        let code = match id.as_str() {
            "neuromodulatie-chronische-pijn" => "PIJN-012",
            "sacrale-neuromodulatie-darm" => "CHI-SNM-01",
            _ => "CHI-SNM-02",
        };
        for (index, page) in pages.iter().enumerate() {
            let n = index + 1;
            let page_of = if lang == "nl" {
                format!("Pagina {n} van {total}")
            } else {
                format!("Page {n} of {total}")
            };
            // Copied text is what a reader pastes into a search or a message: no invisible
            // isolation marks where no direction changes ("Pagina 1 van 4", not with marks).
            assert!(
                !page.contains(['\u{2068}', '\u{2069}']),
                "{} page {n}: isolation marks in the text: {page:?}",
                pdf.display()
            );
            let flat = normalize(page);
            assert!(flat.contains(code), "{} page {n}: no code", pdf.display());
            assert!(
                flat.contains(&page_of),
                "{} page {n}: no '{page_of}': {flat}",
                pdf.display()
            );
            let version = if lang == "nl" { "Versie" } else { "Version" };
            assert!(
                flat.contains(version),
                "{} page {n}: no version",
                pdf.display()
            );
        }

        // Reading order: the headings come in the same order as on the web page.
        let html = project.read(&format!("dist/{lang}/{id}/index.html"));
        let doc = Html::parse_document(&html);
        let sel = Selector::parse("article h2:not(.small-heading)").unwrap();
        let headings: Vec<String> = doc
            .select(&sel)
            .map(|h| normalize(&h.text().collect::<String>()))
            .collect();
        assert!(headings.len() >= 4);
        assert!(
            !html.contains(['\u{2068}', '\u{2069}']),
            "isolation marks in {lang}/{id}"
        );
        let plain = normalize(&pdftotext(&[], &pdf));
        let mut from = 0;
        for heading in &headings {
            let found = plain[from..].find(heading.as_str()).unwrap_or_else(|| {
                panic!(
                    "{}: heading {heading:?} missing or out of order",
                    pdf.display()
                )
            });
            from += found + heading.len();
        }
    }
}

#[test]
fn the_qr_code_leads_to_the_same_page_on_the_web() {
    require_typst();
    let project = Project::example();
    project.build().assert_code(0);
    qr_code_leads_to_the_page(&project);
}

#[test]
fn the_qr_code_leads_to_the_same_page_on_the_web_with_a_typst_run_per_pdf() {
    qr_code_leads_to_the_page(per_pdf_example());
}

fn qr_code_leads_to_the_page(project: &Project) {
    let out = tempfile::tempdir().unwrap();
    for (lang, id, pdf) in pdfs(project) {
        let pages = normalize(&tool("pdfinfo", &[], &pdf))
            .split("Pages: ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap();
        // The QR code's page: the last that prints the address beside it (the leaflet's
        // questions box may come after it).
        let page = (1..=pages)
            .rev()
            .map(|n| n.to_string())
            .find(|n| {
                normalize(&pdftotext(&["-f", n, "-l", n], &pdf))
                    .contains(&format!("folders.example.org/{lang}/"))
            })
            .unwrap_or_else(|| panic!("{}: no page with the web address", pdf.display()));
        let prefix = out.path().join(format!("{id}-{lang}"));
        let status = Command::new("pdftoppm")
            .args(["-png", "-r", "150", "-f", &page, "-l", &page])
            .arg(&pdf)
            .arg(&prefix)
            .status()
            .expect("pdftoppm (poppler-utils) is needed");
        assert!(status.success());
        let png = std::fs::read_dir(out.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&format!("{id}-{lang}-"))
            })
            .unwrap();
        let decoded = tool("zbarimg", &["-q", "--raw"], &png);
        assert_eq!(
            decoded.trim(),
            format!("https://folders.example.org/{lang}/{id}/"),
            "{}",
            pdf.display()
        );
        std::fs::remove_file(png).unwrap();
    }
}

#[test]
fn the_print_shop_profile_is_a5_with_3mm_bleed() {
    require_typst();
    let project = Project::example();
    project.build().assert_code(0);
    let pdf = project.path(
        "dist/nl/neuromodulatie-chronische-pijn/neuromodulatie-chronische-pijn-nl-print-shop.pdf",
    );
    let boxes = tool("pdfinfo", &["-box"], &pdf);
    let numbers = |name: &str| -> Vec<f64> {
        let line = boxes.lines().find(|l| l.starts_with(name)).unwrap();
        line.split_whitespace()
            .skip(1)
            .map(|n| n.parse().unwrap())
            .collect()
    };
    let mm = |pt: f64| pt * 25.4 / 72.0;
    let media = numbers("MediaBox:");
    assert!((mm(media[2] - media[0]) - 154.0).abs() < 0.1, "{boxes}");
    assert!((mm(media[3] - media[1]) - 216.0).abs() < 0.1, "{boxes}");
    let trim = numbers("TrimBox:");
    for (t, m) in trim[..2].iter().zip(&media[..2]) {
        assert!(
            (mm(t - m) - 3.0).abs() < 0.1,
            "trim box 3 mm inside: {boxes}"
        );
    }
    assert!((mm(media[2] - trim[2]) - 3.0).abs() < 0.1, "{boxes}");
    // The office profile stays A4 without bleed.
    let office = tool(
        "pdfinfo",
        &[],
        &project
            .path("dist/nl/neuromodulatie-chronische-pijn/neuromodulatie-chronische-pijn-nl.pdf"),
    );
    assert!(office.contains("(A4)"), "{office}");
}

#[test]
fn pictures_and_logos_carry_their_text_in_page_and_pdf() {
    require_typst();
    let project = crate::common::Project::fixture("minimal");
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\"/></svg>";
    project.write("images/logo.svg", svg);
    project.write("images/wound.svg", svg);
    project.edit(
        "site.yaml",
        "    name: Demo\n",
        "    name: Demo\n    logo: { file: images/logo.svg, alt: demo-logo }\n",
    );
    project.edit(
        "leaflets/test-folder.yaml",
        "  - text: intro\n",
        "  - text: intro\n  - image: { file: images/wound.svg, alt: wound-picture }\n",
    );
    for (lang, logo, wound) in [
        ("nl", "Logo van Demo", "Tekening van een wond"),
        ("en", "Demo logo", "Drawing of a wound"),
    ] {
        let site = project.read(&format!("locales/{lang}/site.ftl"));
        project.write(
            &format!("locales/{lang}/site.ftl"),
            &format!("{site}demo-logo = {logo}\n"),
        );
        let own = project.read(&format!("locales/{lang}/test-folder.ftl"));
        project.write(
            &format!("locales/{lang}/test-folder.ftl"),
            &format!("{own}wound-picture = {wound}\n"),
        );
    }
    project
        .leaflet(&["translations", "confirm", "en"])
        .assert_code(0);
    project.build().assert_code(0);
    let page = project.read("dist/en/test-folder/index.html");
    assert!(
        page.contains("<img src=\"../../assets/images/wound.svg\" alt=\"Drawing of a wound\">"),
        "{page}"
    );
    assert!(project.path("dist/assets/images/wound.svg").exists());
    let json = tool(
        "qpdf",
        &["--json=2"],
        &project.path("dist/en/test-folder/test-folder-en.pdf"),
    );
    assert!(
        json.contains("\"/Alt\": \"u:Demo logo\""),
        "the cover logo is tagged with its text"
    );
    assert!(json.contains("\"/Alt\": \"u:Drawing of a wound\""));
}

#[test]
fn a_language_in_another_script_is_in_one_typeface_on_the_page_and_in_the_pdf() {
    require_typst();
    let project = Project::example();
    project.build().assert_code(0);
    one_typeface_per_script(&project);
}

#[test]
fn a_language_in_another_script_is_in_one_typeface_on_the_page_and_in_the_pdf_with_a_typst_run_per_pdf()
 {
    one_typeface_per_script(per_pdf_example());
}

fn one_typeface_per_script(project: &Project) {
    let id = "neuromodulatie-chronische-pijn";
    let fonts = |lang: &str| {
        tool(
            "pdffonts",
            &[],
            &project.path(&format!("dist/{lang}/{id}/{id}-{lang}.pdf")),
        )
    };
    // Dutch: Atkinson Hyperlegible Next. Arabic: Noto Sans Arabic, and Noto Sans for the Latin
    // words ("UMCG", "PDF") rather than Atkinson in the middle of an Arabic line.
    assert!(
        fonts("nl").contains("AtkinsonHyperlegibleNext"),
        "{}",
        fonts("nl")
    );
    let arabic = fonts("ar");
    assert!(arabic.contains("NotoSansArabic"), "{arabic}");
    assert!(!arabic.contains("Atkinson"), "{arabic}");
    let page = |lang: &str| project.read(&format!("dist/{lang}/{id}/index.html"));
    assert!(page("nl").contains("<html lang=\"nl\" dir=\"ltr\" data-script=\"Latn\">"));
    assert!(page("ar").contains("<html lang=\"ar\" dir=\"rtl\" data-script=\"Arab\">"));
    let css = project.read("dist/assets/style.css");
    assert!(css.contains("html:not([data-script=\"Latn\"]) body { font-family: \"Noto Sans\""));
}

/// A language with a region (`nl-be`, `pt-br`): typst takes only "nl" as its language, so the
/// layout passes the region apart; the PDF declares "nl-BE". (The benchmark found a site with
/// such a language failed to make any PDF.)
#[test]
fn a_language_with_a_region_makes_pdfs_in_that_language() {
    require_typst();
    let project = Project::example();
    copy_tree(&project.path("locales/nl"), &project.path("locales/nl-be"));
    project.edit(
        "site.yaml",
        "locales: [nl, en, ar, tr]",
        "locales: [nl, en, ar, tr, nl-be]",
    );
    project
        .leaflet(&["translations", "confirm", "nl-be"])
        .assert_code(0);
    let out = project.path("flemish");
    project
        .leaflet(&["build", "--locale", "nl-be", "--out", out.to_str().unwrap()])
        .assert_code(0);
    let pdf = project
        .path("flemish/nl-be/sacrale-neuromodulatie-darm/sacrale-neuromodulatie-darm-nl-be.pdf");
    let json = tool("qpdf", &["--json=2"], &pdf);
    assert!(
        json.contains("\"/Lang\": \"u:nl-BE\""),
        "/Lang of {}",
        pdf.display()
    );
    let page = project.read("flemish/nl-be/sacrale-neuromodulatie-darm/index.html");
    assert!(page.contains("lang=\"nl-be\""), "{page}");
}

/// Every piece of text a PDF shows, in content order, with the language a screen reader reads
/// it in: the `/Lang` of its marked content, else of its structure element (or the nearest
/// element above it that has one), else the document's; "artifact" for text a screen reader
/// skips (the page footer). Text in form XObjects is not read.
fn text_languages(pdf: &Path) -> Vec<(String, String)> {
    use lopdf::content::Content;
    use lopdf::{Dictionary, Document, Object, ObjectId};

    let doc = Document::load(pdf).expect("a PDF lopdf reads");
    let catalog = doc.catalog().expect("a catalog");
    let lang_of = |d: &Dictionary| {
        d.get(b"Lang")
            .ok()
            .and_then(|l| l.as_str().ok())
            .map(|b| String::from_utf8_lossy(b).into_owned())
    };
    let document_lang = lang_of(catalog).expect("the document's /Lang");
    let deref = |o: &'_ Object| -> Object {
        match o {
            Object::Reference(id) => doc.get_object(*id).expect("a reachable object").clone(),
            other => other.clone(),
        }
    };
    // (page, MCID) → the language of its structure element.
    let mut mcid_lang: std::collections::BTreeMap<(ObjectId, i64), String> = Default::default();
    fn walk(
        node: &Object,
        page: Option<ObjectId>,
        lang: &str,
        deref: &dyn Fn(&Object) -> Object,
        lang_of: &dyn Fn(&Dictionary) -> Option<String>,
        out: &mut std::collections::BTreeMap<(ObjectId, i64), String>,
    ) {
        match deref(node) {
            Object::Array(items) => {
                for item in &items {
                    walk(item, page, lang, deref, lang_of, out);
                }
            }
            Object::Integer(mcid) => {
                if let Some(page) = page {
                    out.insert((page, mcid), lang.to_string());
                }
            }
            Object::Dictionary(d) => {
                let page = d
                    .get(b"Pg")
                    .ok()
                    .and_then(|p| p.as_reference().ok())
                    .or(page);
                if let Ok(mcid) = d.get(b"MCID").and_then(Object::as_i64) {
                    if let Some(page) = page {
                        out.insert((page, mcid), lang.to_string());
                    }
                    return;
                }
                let own = lang_of(&d);
                let lang = own.as_deref().unwrap_or(lang);
                if let Ok(kids) = d.get(b"K") {
                    walk(kids, page, lang, deref, lang_of, out);
                }
            }
            _ => {}
        }
    }
    let root = catalog.get(b"StructTreeRoot").expect("a structure tree");
    walk(root, None, &document_lang, &deref, &lang_of, &mut mcid_lang);

    let mut found = Vec::new();
    for page in doc.get_pages().into_values() {
        let encodings: std::collections::BTreeMap<Vec<u8>, lopdf::Encoding> = doc
            .get_page_fonts(page)
            .expect("the page's fonts")
            .into_iter()
            .filter_map(|(name, font)| font.get_font_encoding(&doc).ok().map(|e| (name, e)))
            .collect();
        let content = Content::decode(&doc.get_page_content(page)).expect("a content stream");
        let mut stack: Vec<String> = vec![document_lang.clone()];
        let mut encoding = None;
        for op in &content.operations {
            match op.operator.as_str() {
                // Artifacts (page headers and footers, decorations) are not read at all.
                "BDC" | "BMC"
                    if op.operands.first().and_then(|t| t.as_name().ok()) == Some(b"Artifact") =>
                {
                    stack.push("artifact".into());
                }
                "BDC" | "BMC" => {
                    let outer = stack.last().cloned().unwrap_or_default();
                    let props = op.operands.get(1).map(&deref);
                    let props = props.as_ref().and_then(|p| p.as_dict().ok());
                    let lang = props
                        .and_then(lang_of)
                        .or_else(|| {
                            let mcid = props?.get(b"MCID").ok()?.as_i64().ok()?;
                            mcid_lang.get(&(page, mcid)).cloned()
                        })
                        .unwrap_or(outer);
                    stack.push(lang);
                }
                "EMC" => {
                    stack.pop();
                }
                "Tf" => {
                    encoding = op
                        .operands
                        .first()
                        .and_then(|f| f.as_name().ok())
                        .and_then(|f| encodings.get(f));
                }
                "Tj" | "TJ" => {
                    let Some(encoding) = encoding else { continue };
                    let strings: Vec<&Object> = match op.operands.first() {
                        Some(Object::Array(items)) => items.iter().collect(),
                        Some(other) => vec![other],
                        None => Vec::new(),
                    };
                    let mut text = String::new();
                    for s in strings {
                        if let Object::String(bytes, _) = s {
                            text.push_str(
                                &Document::decode_text(encoding, bytes).unwrap_or_default(),
                            );
                        }
                    }
                    found.push((text, stack.last().cloned().unwrap_or_default()));
                }
                _ => {}
            }
        }
    }
    found
}

/// A Polish leaflet of which only the title and summary are translated, and the site's texts
/// not at all (not even the note "not translated yet"): every Dutch part of its PDF is read as
/// Dutch, as on its web page, and the note, itself Dutch, is not marked as Polish.
#[test]
fn every_dutch_part_of_a_polish_pdf_is_marked_as_dutch_like_the_page() {
    require_typst();
    let project = Project::example();
    project.leaflet(&["locale", "add", "pl"]).assert_code(0);
    let id = "neuromodulatie-chronische-pijn";
    let ftl = format!("locales/pl/{id}.ftl");
    let text = project.read(&ftl);
    let text = text
        .lines()
        .map(|line| {
            if line.starts_with("# title = ") {
                "title = Neuromodulacja w przewlekłym bólu".to_string()
            } else if line.starts_with("# summary = ") {
                "summary = Czym jest neuromodulacja i jak przebiega leczenie.".to_string()
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    project.write(&ftl, &text);
    project
        .leaflet(&["translations", "confirm", "pl", id])
        .assert_code(0);
    // The notice of an unreviewed translation must be Polish before a Polish page is shown.
    project.set_unreviewed_notice("pl", "Tłumacz medyczny nie sprawdził jeszcze tej ulotki.");
    project.build().assert_code(0);

    // The page: the note is Dutch (ui-fallback-note is not translated), and says so.
    let page = project.read(&format!("dist/pl/{id}/index.html"));
    let doc = Html::parse_document(&page);
    let notes: Vec<_> = doc
        .select(&Selector::parse(".fallback-note").unwrap())
        .map(|n| {
            (
                n.value().attr("lang").unwrap_or("").to_string(),
                n.text().collect::<String>(),
            )
        })
        .collect();
    assert!(!notes.is_empty(), "{page}");
    for (lang, text) in &notes {
        assert_eq!(lang, "nl", "a Dutch note marked as {lang}: {text}");
    }

    // The PDF: each piece of Dutch is read as Dutch, the Polish title as Polish.
    let pieces = text_languages(&project.path(&format!("dist/pl/{id}/{id}-pl.pdf")));
    let lang_of = |needle: &str| -> Vec<String> {
        pieces
            .iter()
            .filter(|(text, _)| text.contains(needle))
            .map(|(_, lang)| lang.clone())
            .collect()
    };
    let expect = |needle: &str, lang: &str| {
        let langs = lang_of(needle);
        assert!(
            !langs.is_empty() && langs.iter().all(|l| l == lang),
            "{needle:?} read as {langs:?}, not {lang}; every piece: {pieces:?}"
        );
    };
    expect("Neuromodulacja", "pl");
    for dutch in [
        "Pijncentrum",           // the department
        "Dit stuk is nog niet",  // the note, itself not translated
        "Hoe werkt het?",        // a heading
        "Bronnen",               // the heading of the sources (a label)
        "Heeft u een opmerking", // the feedback route (a label)
        "Telefoon",              // a contact card's label
        "Scan deze code",        // beside the QR code
    ] {
        expect(dutch, "nl");
    }
    // The footer is an artifact: screen readers skip it, so it has no language to read in.
    expect("Versie", "artifact");
}
