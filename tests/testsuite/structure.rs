//! How a leaflet is structured for its reader: callouts by care level (info, urgent,
//! emergency) with their own words, colour and icon; numbered headings, the contents and the
//! PDF's bookmarks; and page breaks in the PDF that keep a heading with its contact card and
//! never leave the QR code alone on the last page.

use scraper::{ElementRef, Html, Selector};

use crate::common::{Project, require_typst};
use crate::pages::{FOLDER_PAGES, check_pages_of};
use crate::pdf::{pdftotext, tool};

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap();
    doc.select(&selector).collect()
}

/// The text of an element (or a PDF's), spaces collapsed and Fluent's isolation marks removed.
fn flat(text: &str) -> String {
    text.replace(['\u{2068}', '\u{2069}'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn text_of(element: &ElementRef<'_>) -> String {
    flat(&element.text().collect::<String>())
}

/// The minimal fixture with a callout of each level: the emergency one in the shared block
/// (so the emergency number comes from site.yaml), an urgent one with its own heading, and an
/// info one whose text starts with a bold lead-in.
fn fixture_with_every_care_level() -> Project {
    let project = Project::fixture("minimal");
    project.edit(
        "site.yaml",
        "locales: [nl, en]\n",
        "locales: [nl, en]\nemergency_number: \"112\"\n",
    );
    project.edit(
        "leaflets/shared/when-to-call.yaml",
        "      text: when-to-call-intro",
        "      level: emergency\n      text: when-to-call-intro",
    );
    project.edit(
        "leaflets/test-folder.yaml",
        "  - steps: [step-one, step-two]\n",
        "  - steps: [step-one, step-two]\n  \
         - callout: { level: urgent, heading: urgent-title, list: [urgent-fever] }\n  \
         - callout: { text: info-text }\n",
    );
    for (lang, texts) in [
        (
            "nl",
            "urgent-title = Als u koorts krijgt\n\
             urgent-fever = u heeft koorts\n\
             info-text = **Let op:** neem uw medicijnen mee.\n",
        ),
        (
            "en",
            "urgent-title = If you get a fever\n\
             urgent-fever = you have a fever\n\
             info-text = **Please note:** bring your medicines.\n",
        ),
    ] {
        let file = format!("locales/{lang}/test-folder.ftl");
        let own = project.read(&file);
        project.write(&file, &format!("{own}{texts}"));
    }
    project
        .leaflet(&["translations", "confirm", "en"])
        .assert_code(0);
    project
}

#[test]
fn care_levels_have_their_own_words_icon_and_colour_on_the_page_and_in_the_pdf() {
    require_typst();
    let project = fixture_with_every_care_level();
    project.build().assert_code(0);

    for (lang, words) in [
        (
            "nl",
            [
                ("emergency", "Spoed: bel meteen 112"),
                ("urgent", "Dringend: bel ons vandaag"),
                ("info", "Goed om te weten"),
            ],
        ),
        (
            "en",
            [
                ("emergency", "Emergency: call 112 now"),
                ("urgent", "Urgent: call us today"),
                ("info", "Good to know"),
            ],
        ),
    ] {
        let html = project.read(&format!("dist/{lang}/test-folder/index.html"));
        let doc = Html::parse_document(&html);
        for (level, expected) in words {
            let callouts = select(&doc, &format!("div.callout.callout-{level}[role=note]"));
            assert_eq!(callouts.len(), 1, "{lang}: one {level} callout");
            let callout = callouts[0];
            // Named by its level's words, which sit next to a decorative icon: never colour alone.
            let name = callout.value().attr("aria-labelledby").unwrap();
            let band = select(&doc, &format!("p.callout-level#{name}"));
            assert_eq!(
                band.len(),
                1,
                "{lang} {level}: aria-labelledby names the band"
            );
            assert_eq!(text_of(&band[0]), expected);
            let icon = select(&doc, &format!("#{name} > svg.care-icon[aria-hidden=true]"));
            assert_eq!(icon.len(), 1, "{lang} {level}: an icon beside the words");
        }
        // The emergency number is a phone link, read left to right in every language.
        let tel = select(
            &doc,
            ".callout-emergency .callout-level a[href=\"tel:112\"][dir=ltr]",
        );
        assert_eq!(tel.len(), 1, "{lang}: {html}");
        // The callout's own heading and text stay inside it, after the band.
        let urgent = select(&doc, ".callout-urgent .callout-heading p");
        assert_eq!(urgent.len(), 1);
        // Only a leaflet with four or more headings gets contents; every heading an anchor.
        assert!(
            select(&doc, "nav.contents").is_empty(),
            "{lang}: three headings"
        );
        for heading in select(&doc, "article h2:not(.small-heading)") {
            assert!(
                heading
                    .value()
                    .attr("id")
                    .is_some_and(|id| id.starts_with("section-"))
            );
            assert!(
                select(&doc, "article .heading-number").is_empty(),
                "not numbered"
            );
        }
    }

    let pdf = project.path("dist/en/test-folder/test-folder-en.pdf");
    let text = flat(&pdftotext(&[], &pdf));
    for words in [
        "Emergency: call 112 now",
        "Urgent: call us today",
        "Good to know",
    ] {
        assert!(text.contains(words), "{words:?} not in the PDF: {text}");
    }
    // The icons are drawn, so copying the words copies no stray "!".
    assert!(!text.contains('!'), "{text}");
    // In the PDF only a callout's heading is bold, so a bold lead-in in its text stands out.
    let xml = tool("pdftohtml", &["-xml", "-stdout", "-i"], &pdf);
    assert!(xml.contains("<b>If you get a fever</b>"), "{xml}");
    assert!(xml.contains("<b>Please note:</b>"), "{xml}");
    let rest = xml
        .lines()
        .find(|l| l.contains("bring your medicines"))
        .unwrap();
    assert!(
        !rest.contains("<b> bring"),
        "the text after the lead-in is not bold: {rest}"
    );

    // Every level passes vnu and axe (contrast included) in light and dark mode, at 320 px.
    // Only the leaflet's pages change here: the rest of this site is checked by
    // `without_base_url_links_stay_relative_and_there_is_no_sitemap`.
    check_pages_of(&project.path("dist"), &FOLDER_PAGES);
}

#[test]
fn an_emergency_number_reads_left_to_right_on_an_arabic_page() {
    require_typst();
    let project = Project::example();
    project.edit(
        "leaflets/shared/when-to-call.yaml",
        "level: urgent",
        "level: emergency",
    );
    project.build().assert_code(0);
    let id = "neuromodulatie-chronische-pijn";
    let html = project.read(&format!("dist/ar/{id}/index.html"));
    let doc = Html::parse_document(&html);
    let band = select(&doc, ".callout-emergency .callout-level");
    assert_eq!(band.len(), 1);
    let tel = select(
        &doc,
        ".callout-emergency .callout-level a[href=\"tel:112\"][dir=ltr]",
    );
    assert_eq!(tel.len(), 1, "{}", band[0].html());
    let pdf = project.path(&format!("dist/ar/{id}/{id}-ar.pdf"));
    let text = pdftotext(&[], &pdf);
    assert!(text.contains("112") && !text.contains("211"), "{text}");
}

#[test]
fn numbered_headings_the_contents_and_the_pdf_bookmarks_agree() {
    require_typst();
    let project = Project::example();
    project.build().assert_code(0);
    let numbered = project.read("leaflets/neuromodulatie-chronische-pijn.yaml");
    assert!(
        numbered.contains("\nnumbering: true"),
        "the example asks for numbers"
    );

    for (id, lang, numbers) in [
        ("neuromodulatie-chronische-pijn", "nl", true),
        ("neuromodulatie-chronische-pijn", "en", true),
        ("sacrale-neuromodulatie-darm", "nl", false),
    ] {
        let html = project.read(&format!("dist/{lang}/{id}/index.html"));
        let doc = Html::parse_document(&html);
        let headings = select(&doc, "article h2[id^=section-], article h3[id^=section-]");
        assert!(headings.len() >= 4, "{id}: enough headings for contents");
        let texts: Vec<String> = headings.iter().map(text_of).collect();
        if numbers {
            // 1, 2, 3 … in order, done by the renderer.
            let shown: Vec<String> = headings
                .iter()
                .filter_map(|h| select_in(h, ".heading-number").first().map(text_of))
                .collect();
            let expected: Vec<String> = (1..=headings.len()).map(|n| n.to_string()).collect();
            assert_eq!(shown, expected, "{id} {lang}");
        } else {
            assert!(select(&doc, ".heading-number").is_empty());
        }

        // The contents: a named <nav> whose links lead to the headings, in order.
        let nav = select(&doc, "nav.contents[aria-labelledby=contents-title]");
        assert_eq!(nav.len(), 1, "{id} {lang}");
        let title = select(&doc, "nav.contents h2#contents-title");
        assert_eq!(
            text_of(&title[0]),
            if lang == "nl" { "Inhoud" } else { "Contents" }
        );
        let links = select_in(&nav[0], "a");
        let targets: Vec<&str> = links
            .iter()
            .map(|a| a.value().attr("href").unwrap().trim_start_matches('#'))
            .collect();
        let ids: Vec<&str> = headings
            .iter()
            .map(|h| h.value().attr("id").unwrap())
            .collect();
        assert_eq!(targets, ids, "{id} {lang}: a link to every heading");
        let link_texts: Vec<String> = links.iter().map(text_of).collect();
        assert_eq!(link_texts, texts);

        // The PDF has a bookmark for every heading, numbers included, under the title.
        let pdf = project.path(&format!("dist/{lang}/{id}/{id}-{lang}.pdf"));
        let json = tool("qpdf", &["--json", "--json-key=outlines"], &pdf);
        let outlines: serde_json::Value = serde_json::from_str(&json).unwrap();
        let top = &outlines["outlines"];
        assert_eq!(top.as_array().unwrap().len(), 1, "the title: {json}");
        let h1 = text_of(&select(&doc, "h1")[0]);
        assert_eq!(flat(top[0]["title"].as_str().unwrap()), h1);
        let bookmarks: Vec<String> = top[0]["kids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| flat(k["title"].as_str().unwrap()))
            .collect();
        // Then the series (part 1 of 2, previous and next) and "Sources", which the page
        // shows too but does not number, and the questions box at the end of the PDF of a
        // leaflet that asks for one (reader_tools.rs).
        assert_eq!(&bookmarks[..texts.len()], &texts[..], "{id} {lang}");
        let series = select(&doc, "nav.series h2");
        let mut after: Vec<String> = series.iter().map(text_of).collect();
        after.push(text_of(&select(&doc, "article > h2:last-of-type")[0]));
        let questions_box = project
            .read(&format!("leaflets/{id}.yaml"))
            .contains("\nquestions_box: true");
        if questions_box {
            after.push(
                if lang == "nl" {
                    "Uw vragen"
                } else {
                    "Your questions"
                }
                .to_string(),
            );
        }
        assert_eq!(&bookmarks[texts.len()..], &after[..], "{bookmarks:?}");
    }
}

fn select_in<'a>(element: &ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap();
    element.select(&selector).collect()
}

/// Every example PDF, in both page sizes: the heading "Any questions?" is on the page of the
/// contact card it introduces, and the QR code at the end shares its page with the block before
/// it (the feedback route). Both depend on where pages break, so every PDF is checked.
#[test]
fn pdf_pages_keep_a_heading_with_its_card_and_never_end_with_the_qr_code_alone() {
    require_typst();
    let project = Project::example();
    project.build().assert_code(0);
    let mut checked = 0;
    for (lang, questions, phone, remark, scan, box_heading) in [
        (
            "nl",
            "Heeft u nog vragen?",
            "Telefoon:",
            "Heeft u een opmerking over onze folders?",
            "Scan deze code",
            "Uw vragen",
        ),
        (
            "en",
            "Do you have any questions?",
            "Phone:",
            "Do you have a remark about our leaflets?",
            "Scan this code",
            "Your questions",
        ),
    ] {
        for entry in std::fs::read_dir(project.path(&format!("dist/{lang}"))).unwrap() {
            let dir = entry.unwrap().path();
            for file in std::fs::read_dir(&dir).into_iter().flatten() {
                let pdf = file.unwrap().path();
                if pdf.extension().is_none_or(|e| e != "pdf") {
                    continue;
                }
                let text = pdftotext(&[], &pdf);
                let pages: Vec<String> = text
                    .split('\u{c}')
                    .filter(|p| !p.trim().is_empty())
                    .map(flat)
                    .collect();
                let card_page = pages
                    .iter()
                    .position(|p| p.contains(questions))
                    .unwrap_or_else(|| panic!("{}: no {questions:?}", pdf.display()));
                assert!(
                    pages[card_page].contains(phone),
                    "{}: {questions:?} ends page {} but its card starts the next",
                    pdf.display(),
                    card_page + 1
                );
                // The QR code ends the leaflet, unless the leaflet's questions box follows it
                // (reader_tools.rs); either way it shares its page with the block before it.
                let qr_page = pages
                    .iter()
                    .rposition(|p| p.contains(scan))
                    .unwrap_or_else(|| panic!("{}: the QR code", pdf.display()));
                assert!(
                    qr_page + 1 == pages.len()
                        || pages[qr_page + 1..].iter().all(|p| p.contains(box_heading)),
                    "{}: the QR code is not at the end",
                    pdf.display()
                );
                let last = &pages[qr_page];
                assert!(
                    last.contains(remark),
                    "{}: the QR code is alone on its page: {last}",
                    pdf.display()
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked >= 8,
        "two leaflets × two languages × two page sizes"
    );
}
