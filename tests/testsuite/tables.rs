//! Tables and captioned pictures, as a patient meets them: on the page (`<table>` with its
//! `<caption>` and header cells, in a labelled region that scrolls by itself on a phone, never
//! the page), in the PDF (a tagged Table with TH cells whose header row comes back on every
//! page the table runs onto), in every language (Arabic mirrored), and with the numbers in their
//! cells held to the same checks as any translated text.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use crate::common::{Project, require_typst};
use crate::pages::{FOLDER_PAGES, check_pages_of};

const NL: &str = "locales/nl/test-folder.ftl";
const EN: &str = "locales/en/test-folder.ftl";

/// Rows of the long table: enough to run over a page of the PDF.
const LONG_ROWS: usize = 40;

/// The minimal fixture with a captioned picture, a long table of doses (test data) whose
/// "tablets" and "time" columns hold only numbers, and a table too wide for a phone; the
/// English confirmed.
fn with_tables() -> Project {
    let project = Project::fixture("minimal");
    project.write(
        "images/wound.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\"/></svg>",
    );
    let mut rows = String::new();
    for row in 0..LONG_ROWS {
        rows.push_str(if row % 2 == 0 {
            "        - [dose-morning, dose-one, dose-at-8, dose-call]\n"
        } else {
            "        - [dose-evening, dose-twelve, dose-at-20, dose-call]\n"
        });
    }
    project.edit(
        "leaflets/test-folder.yaml",
        "  - text: intro\n",
        &format!(
            "  - text: intro
  - image: {{ file: images/wound.svg, alt: wound-picture, caption: wound-caption }}
  - table:
      caption: dose-caption
      header: [dose-moment, dose-tablets, dose-time, dose-questions]
      rows:
{rows}  - table:
      caption: wide-caption
      header: [wide-1, wide-2, wide-3, wide-4, wide-5, wide-6]
      rows:
        - [wide-1, wide-2, wide-3, wide-4, wide-5, wide-6]
"
        ),
    );
    let texts = [
        (
            NL,
            "wound-picture = Tekening van een wond met een pleister erop.
wound-caption = Houd de pleister droog.
dose-caption = Voorbeeldschema voor pijnstillers (testgegevens)
dose-moment = Moment
dose-tablets = Tabletten
dose-time = Tijd
dose-questions = Vragen
dose-morning = Ochtend
dose-evening = Avond
dose-one = 7
dose-twelve = 17
dose-at-8 = { TIME(\"08:00\") }
dose-at-20 = { TIME(\"20:30\") }
dose-call = Bel { $phone }.
wide-caption = Een brede tabel
wide-1 = Ontstekingsremmers
wide-2 = Bloedverdunners
wide-3 = Maagbeschermers
wide-4 = Slaapmiddelen
wide-5 = Antibioticakuren
wide-6 = Voedingssupplementen
",
        ),
        (
            EN,
            "wound-picture = Drawing of a wound with a plaster on it.
wound-caption = Keep the plaster dry.
dose-caption = Example schedule for painkillers (test data)
dose-moment = Moment
dose-tablets = Tablets
dose-time = Time
dose-questions = Questions
dose-morning = Morning
dose-evening = Evening
dose-one = 7
dose-twelve = 17
dose-at-8 = { TIME(\"08:00\") }
dose-at-20 = { TIME(\"20:30\") }
dose-call = Call { $phone }.
wide-caption = A wide table
wide-1 = Anti-inflammatories
wide-2 = Anticoagulants
wide-3 = Stomach-protectors
wide-4 = Sleeping-tablets
wide-5 = Antibiotic-courses
wide-6 = Nutritional-supplements
",
        ),
    ];
    for (file, text) in texts {
        let own = project.read(file);
        project.write(file, &format!("{own}{text}"));
    }
    project
        .leaflet(&["translations", "confirm", "en"])
        .assert_code(0);
    project
}

fn select<'a>(element: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap();
    element.select(&selector).collect()
}

fn text(element: &ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The tables of a page: (caption, header cells, rows of cells), after checking that each sits
/// in a focusable region named by its caption, with `th scope="col"` over its columns and
/// `th scope="row"` at the start of each row.
fn tables(html: &str) -> Vec<(String, Vec<String>, Vec<Vec<String>>)> {
    let doc = Html::parse_document(html);
    let mut found = Vec::new();
    for region in select(doc.root_element(), "div.table-scroll") {
        assert_eq!(region.value().attr("role"), Some("region"));
        assert_eq!(region.value().attr("tabindex"), Some("0"));
        let label = region.value().attr("aria-labelledby").unwrap();
        let caption = select(region, "table > caption");
        assert_eq!(caption.len(), 1);
        assert_eq!(caption[0].value().attr("id"), Some(label));
        let header = select(region, "thead > tr > th");
        assert!(
            header
                .iter()
                .all(|th| th.value().attr("scope") == Some("col"))
        );
        let mut rows = Vec::new();
        for row in select(region, "tbody > tr") {
            let cells = select(row, "th, td");
            assert_eq!(cells[0].value().name(), "th");
            assert_eq!(cells[0].value().attr("scope"), Some("row"));
            assert!(cells[1..].iter().all(|c| c.value().name() == "td"));
            assert_eq!(cells.len(), header.len(), "a row as wide as the header");
            rows.push(cells.iter().map(text).collect());
        }
        found.push((text(&caption[0]), header.iter().map(text).collect(), rows));
    }
    found
}

fn tool(name: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(name)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|_| panic!("{name} is needed: apt-get install poppler-utils qpdf"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `pdftotext ARGS FILE -`: the text on standard output.
fn pdftotext(args: &[&str], file: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(args)
        .arg(file)
        .arg("-")
        .output()
        .expect("pdftotext is needed: apt-get install poppler-utils");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The structure elements of a tagged PDF, from `qpdf --json=2`: object id → dictionary.
fn structure(pdf: &Path) -> BTreeMap<String, Value> {
    let json: Value = serde_json::from_str(&tool("qpdf", &["--json=2"], pdf)).unwrap();
    let objects = json["qpdf"][1].as_object().unwrap();
    objects
        .iter()
        .filter_map(|(id, object)| {
            let value = object.get("value")?;
            value.get("/S")?;
            Some((id.trim_start_matches("obj:").to_string(), value.clone()))
        })
        .collect()
}

/// The tag names of the structure elements, and how many of each.
fn tags(elements: &BTreeMap<String, Value>) -> BTreeMap<String, usize> {
    let mut count = BTreeMap::new();
    for element in elements.values() {
        *count
            .entry(
                element["/S"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches('/')
                    .to_string(),
            )
            .or_default() += 1;
    }
    count
}

/// The `/Scope` a TH element declares (`/Column`, `/Row`).
fn scope(element: &Value) -> Option<&str> {
    element["/A"]
        .as_array()?
        .iter()
        .find_map(|attributes| attributes.get("/Scope")?.as_str())
}

#[test]
fn a_table_and_a_captioned_picture_on_the_page_and_in_the_pdf() {
    require_typst();
    let project = with_tables();
    project.build().assert_code(0);

    // The page: the picture keeps its alt, the caption is its figcaption.
    let html = project.read("dist/en/test-folder/index.html");
    let doc = Html::parse_document(&html);
    let figure = select(doc.root_element(), "figure.picture");
    assert_eq!(figure.len(), 1);
    let img = select(figure[0], "img");
    assert_eq!(
        img[0].value().attr("alt"),
        Some("Drawing of a wound with a plaster on it.")
    );
    let figcaption = select(figure[0], "figcaption");
    assert_eq!(text(&figcaption[0]), "Keep the plaster dry.");

    // The tables: every cell translated, variables and TIME() filled in.
    let found = tables(&html);
    assert_eq!(found.len(), 2);
    let (caption, header, rows) = &found[0];
    assert_eq!(caption, "Example schedule for painkillers (test data)");
    assert_eq!(header, &["Moment", "Tablets", "Time", "Questions"]);
    assert_eq!(rows.len(), LONG_ROWS);
    // English on a Dutch site writes the 24-hour clock (README: "Times and dates in each language").
    assert_eq!(rows[0], ["Morning", "7", "08:00", "Call 050 345 67 89."]);
    assert_eq!(rows[1][2], "20:30");
    // The columns of numbers (tablets, time) are aligned to the end; the others are not.
    let numeric = |row: usize| -> Vec<bool> {
        let row = select(doc.root_element(), "table.data-table tbody tr")[row];
        select(row, "th, td")
            .iter()
            .map(|cell| cell.value().attr("class") == Some("num"))
            .collect()
    };
    assert_eq!(numeric(0), [false, true, true, false]);
    assert_eq!(numeric(1), [false, true, true, false]);
    let header_numeric: Vec<bool> = select(doc.root_element(), "table.data-table thead th")[..4]
        .iter()
        .map(|cell| cell.value().attr("class") == Some("num"))
        .collect();
    assert_eq!(header_numeric, [false, true, true, false]);
    let time = select(doc.root_element(), "td.num time");
    assert_eq!(time[0].value().attr("datetime"), Some("08:00"));

    // The PDF: a tagged Table with its caption, TH cells over the columns and at the start of
    // every row, TD cells for the rest.
    let pdf = project.path("dist/en/test-folder/test-folder-en.pdf");
    let elements = structure(&pdf);
    let count = tags(&elements);
    assert_eq!(count.get("Table"), Some(&2), "{count:?}");
    let th: Vec<&Value> = elements.values().filter(|e| e["/S"] == "/TH").collect();
    let columns = th.iter().filter(|e| scope(e) == Some("/Column")).count();
    let row_headers = th.iter().filter(|e| scope(e) == Some("/Row")).count();
    assert_eq!(columns, 4 + 6, "a TH per column header");
    assert_eq!(row_headers, LONG_ROWS + 1, "a TH at the start of each row");
    assert_eq!(count.get("TD"), Some(&(LONG_ROWS * 3 + 5)));
    // Each table's caption is a Caption inside its Table, the picture's inside its figure.
    let parent_tag = |element: &Value| -> String {
        let parent = element["/P"].as_str().unwrap().trim_end_matches(" 0 R");
        elements[&format!("{parent} 0 R")]["/S"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let mut caption_parents: Vec<String> = elements
        .values()
        .filter(|e| e["/S"] == "/Caption")
        .map(parent_tag)
        .collect();
    caption_parents.sort();
    assert_eq!(caption_parents, ["/Div", "/Table", "/Table"]);
    let json = tool("qpdf", &["--json=2"], &pdf);
    assert!(json.contains("\"/Alt\": \"u:Drawing of a wound with a plaster on it.\""));
    let plain = pdftotext(&["-layout"], &pdf);
    assert!(plain.contains("Keep the plaster dry."));

    // The long table runs over pages; its header row comes back at the top of each of them.
    let pages: Vec<&str> = plain.split('\u{c}').collect();
    let with_rows: Vec<&&str> = pages
        .iter()
        .filter(|page| page.contains("Evening"))
        .collect();
    assert!(with_rows.len() >= 2, "the long table fits one page");
    for page in with_rows {
        let header = page
            .lines()
            .find(|l| l.contains("Moment"))
            .unwrap_or_else(|| panic!("no header row on a page of the table:\n{page}"));
        assert!(header.contains("Tablets") && header.contains("Time"));
    }

    // Numbers end at the same place in their column: "7" under "17".
    let bbox = pdftotext(&["-bbox"], &pdf);
    let right_edges = |word: &str| -> Vec<f64> {
        bbox.lines()
            .filter(|l| l.trim_end().ends_with(&format!(">{word}</word>")))
            .map(|l| {
                let x = l.split("xMax=\"").nth(1).unwrap();
                x[..x.find('"').unwrap()].parse().unwrap()
            })
            .collect()
    };
    let sevens = right_edges("7");
    let seventeens = right_edges("17");
    assert_eq!(sevens.len() + seventeens.len(), LONG_ROWS);
    for x in sevens.iter().chain(&seventeens) {
        assert!(
            (x - seventeens[0]).abs() < 0.5,
            "the numbers are not aligned at their end: {sevens:?} {seventeens:?}"
        );
    }

    // vnu, axe (light and dark) and no page scroll at 320 px, with the wide table too.
    // Only the leaflet's pages change here: the rest of this site is checked by
    // `without_base_url_links_stay_relative_and_there_is_no_sitemap`.
    check_pages_of(&project.path("dist"), &FOLDER_PAGES);
}

#[test]
fn the_example_table_is_translated_and_mirrored_in_arabic() {
    require_typst();
    let project = Project::example();
    project.build().assert_code(0);
    let id = "neuromodulatie-chronische-pijn";
    let page = |lang: &str| project.read(&format!("dist/{lang}/{id}/index.html"));
    let captions = [
        ("nl", "Wanneer komt u op controle?", "Proefweek, dag 3"),
        (
            "en",
            "When do you come for a check-up?",
            "Trial week, day 3",
        ),
        ("ar", "متى تأتي للمراجعة؟", "أسبوع التجربة، اليوم 3"),
    ];
    for (lang, caption, first) in captions {
        let html = page(lang);
        let found = tables(&html);
        assert_eq!(found.len(), 1, "{lang}");
        let (found_caption, header, rows) = &found[0];
        assert_eq!(found_caption, caption);
        assert_eq!(header.len(), 2);
        assert_eq!(rows.len(), 8);
        assert_eq!(rows[0][0], first);
        // No fallback: every cell is in the page's language.
        assert!(!html.contains("class=\"fallback\""), "{lang}");
        // The picture has its caption, distinct from its alt.
        let doc = Html::parse_document(&html);
        let figure = select(doc.root_element(), "figure.picture")[0];
        let alt = select(figure, "img")[0]
            .value()
            .attr("alt")
            .unwrap()
            .to_string();
        let figcaption = text(&select(figure, "figcaption")[0]);
        assert!(!figcaption.is_empty() && figcaption != alt, "{lang}");

        let pdf = project.path(&format!("dist/{lang}/{id}/{id}-{lang}.pdf"));
        let elements = structure(&pdf);
        let count = tags(&elements);
        assert_eq!(count.get("Table"), Some(&1), "{lang}: {count:?}");
        assert_eq!(count.get("TH"), Some(&(2 + 8)), "{lang}: {count:?}");
        assert_eq!(count.get("TD"), Some(&8), "{lang}: {count:?}");
    }
    // The Arabic page runs right to left, and so does its table: the row headers come first in
    // reading order, on the right.
    assert!(page("ar").contains("<html lang=\"ar\" dir=\"rtl\""));
    let layout = pdftotext(
        &["-layout"],
        &project.path(&format!("dist/ar/{id}/{id}-ar.pdf")),
    );
    // pdftotext lays the words out where they are on the page: the row's header ("trial week,
    // day 3") on the right, what happens then ("we examine the wound") on its left.
    let row = layout
        .lines()
        .find(|l| l.contains("أسبوع التجربة") && l.contains("نفحص الجرح"))
        .unwrap_or_else(|| panic!("the first row is not on one line:\n{layout}"));
    assert!(
        row.find("نفحص الجرح") < row.find("أسبوع التجربة"),
        "the Arabic table is not mirrored: {row}"
    );
}

#[test]
fn a_number_in_a_table_cell_is_checked_like_any_other_text() {
    let project = with_tables();
    project.leaflet(&["check"]).assert_code(0);
    project.edit(EN, "dose-twelve = 17", "dose-twelve = 7");
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr(
            "error: the en translation of \"dose-twelve\" does not say the same numbers as the nl text: the translation lacks 17; the translation adds 7",
        );
}

#[test]
fn a_caption_that_says_what_the_alt_says_is_a_warning() {
    let project = with_tables();
    project.edit(
        EN,
        "wound-caption = Keep the plaster dry.",
        "wound-caption = Drawing of a wound with a plaster on it.",
    );
    project
        .leaflet(&["translations", "confirm", "en"])
        .assert_code(0);
    project
        .leaflet(&["check"])
        .assert_code(0)
        .assert_stderr("warning: the caption of image \"images/wound.svg\" says the same as its text alternative (alt) in en")
        .assert_stderr("leaflets/test-folder.yaml:9:67");
    project.leaflet(&["check", "--strict"]).assert_code(1);
}
