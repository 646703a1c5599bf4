//! Contacts as patients meet them: the contact card with its address, e-mail and every day's
//! opening hours (page and PDF), the short summary in the page footers, a second contact's
//! number inside a sentence (still written once, in site.yaml), and times written the way the
//! page's language writes them in the site's region, each with its `<time datetime>`.

use scraper::{ElementRef, Html, Selector};

use crate::common::{Project, require_typst};

const PAIN: &str = "neuromodulatie-chronische-pijn";
const NL: &str = "locales/nl/test-folder.ftl";
const EN: &str = "locales/en/test-folder.ftl";

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap();
    doc.select(&selector).collect()
}

fn text(element: &ElementRef<'_>) -> String {
    element.text().collect::<String>()
}

pub(crate) fn pdf_text(project: &Project, pdf: &str) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(project.path(pdf))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "pdftotext failed on {pdf}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_contact_card_gives_address_email_and_every_days_hours() {
    require_typst();
    let project = Project::example();
    project.build().assert_code(0);
    let page = Html::parse_document(&project.read(&format!("dist/en/{PAIN}/index.html")));
    let cards = select(&page, "article address.contact-card");
    assert_eq!(cards.len(), 1, "one contact card in the leaflet");
    let card = Html::parse_fragment(&cards[0].html());
    // Every day of the week, Monday first, the closed days in words.
    let days: Vec<String> = select(&card, "dl.hours > div")
        .iter()
        .map(|d| {
            let day = Html::parse_fragment(&d.html());
            format!(
                "{} {}",
                text(&select(&day, "dt")[0]),
                text(&select(&day, "dd")[0])
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            "Monday 08:00–16:30",
            "Tuesday 08:00–16:30",
            "Wednesday 08:00–16:30",
            "Thursday 08:00–16:30",
            "Friday 08:00–16:30",
            "Saturday closed",
            "Sunday closed",
        ]
    );
    let times: Vec<String> = select(&card, "dl.hours time")
        .iter()
        .map(|t| t.value().attr("datetime").unwrap().to_string())
        .collect();
    assert_eq!(times.len(), 10);
    assert_eq!(times[..2], ["08:00", "16:30"]);
    // The after-hours number is the general number, written once in site.yaml at its contact.
    let links: Vec<(String, String)> = select(&card, "a")
        .iter()
        .map(|a| (a.value().attr("href").unwrap().to_string(), text(a)))
        .collect();
    assert!(links.contains(&("tel:0503614886".into(), "050 361 48 86".into())));
    assert!(links.contains(&("tel:0503616161".into(), "050 361 61 61".into())));
    assert!(links.contains(&(
        "mailto:pijncentrum@example.org".into(),
        "pijncentrum@example.org".into()
    )));
    let address = select(&card, "dd.postal-address");
    assert_eq!(
        text(&address[0]),
        "Voorbeeldstraat 19700 AA Groningen",
        "street, then postcode and city on a line of their own"
    );
    assert_eq!(select(&card, "dd.postal-address br").len(), 1);

    // The second contact's number inside a sentence: a tap-to-call link like the first.
    let html = project.read(&format!("dist/en/{PAIN}/index.html"));
    assert!(
        html.contains("<p>Is it evening, night or the weekend? Then the Pain Centre is closed. Call the UMCG general number instead: <a href=\"tel:0503616161\" dir=\"ltr\">050 361 61 61</a>.</p>"),
        "{html}"
    );

    // The index pages' footer: the short summary of the open days, times marked.
    let index = Html::parse_document(&project.read("dist/nl/index.html"));
    let footer_hours: Vec<String> = select(&index, ".footer-contacts dd")
        .iter()
        .filter(|dd| !select(&Html::parse_fragment(&dd.html()), "time").is_empty())
        .map(|dd| dd.inner_html())
        .collect();
    assert_eq!(
        footer_hours,
        [
            "ma–vr <time datetime=\"08:00\">08:00</time>–<time datetime=\"16:30\">16:30</time>",
            "ma–vr <time datetime=\"08:30\">08:30</time>–<time datetime=\"16:30\">16:30</time>",
        ]
    );

    // The PDF has the same card: every day, the address, the e-mail, and the sentence.
    let pdf = pdf_text(&project, &format!("dist/en/{PAIN}/{PAIN}-en.pdf"));
    let squeezed: String = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Opening hours: Monday 08:00–16:30",
        "Friday 08:00–16:30 Saturday closed Sunday closed",
        "Outside these hours: 050 361 61 61",
        "Email: pijncentrum@example.org",
        "Address: Voorbeeldstraat 1 9700 AA Groningen",
        "Call the UMCG general number instead: 050 361 61 61.",
    ] {
        assert!(
            squeezed.contains(expected),
            "{expected:?} not in the PDF:\n{pdf}"
        );
    }
    // Dutch: the day names of the Dutch calendar, and the Dutch labels.
    let pdf = pdf_text(&project, &format!("dist/nl/{PAIN}/{PAIN}-nl.pdf"));
    let squeezed: String = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        squeezed.contains("Openingstijden: Maandag 08:00–16:30"),
        "{pdf}"
    );
    assert!(squeezed.contains("Zaterdag gesloten"), "{pdf}");
}

/// The minimal fixture with a second contact, the desk, whose number a step names (the
/// general number of the seed leaflet's hospital, so that the phone-number check knows it as
/// a Dutch number).
fn with_desk() -> Project {
    let project = Project::fixture("minimal");
    project.edit(
        "site.yaml",
        "        after_hours: \"050 999 99 99\"\n",
        "        after_hours: \"050 999 99 99\"\n      \
         balie:\n        name: contact-demo-poli\n        phone: \"050 361 61 61\"\n        \
         hours: { mon-thu: \"09:00-12:00\", fri: closed }\n",
    );
    project.edit(
        "leaflets/test-folder.yaml",
        "contact: demo/poli\n",
        "contact: demo/poli\nwith: { desk: demo/balie }\n",
    );
    project.edit(
        NL,
        "step-two = **Stap twee.** U gaat naar huis.",
        "step-two = **Stap twee.** Vragen over uw afspraak? Bel de balie: { $desk_phone }, { $desk_hours }.",
    );
    project.edit(
        EN,
        "step-two = **Step two.** You go home.",
        "step-two = **Step two.** Questions about your appointment? Call the desk: { $desk_phone }, { $desk_hours }.",
    );
    project
        .leaflet(&["translations", "confirm", "en", "test-folder:step-two"])
        .assert_code(0);
    project.leaflet(&["check"]).assert_code(0);
    project
}

#[test]
fn a_second_contacts_number_and_hours_fill_a_sentence() {
    require_typst();
    let project = with_desk();
    project.build().assert_code(0);
    let page = project.read("dist/en/test-folder/index.html");
    assert!(
        page.contains(
            "Call the desk: <a href=\"tel:0503616161\" dir=\"ltr\">050 361 61 61</a>, \
             Mon–Thu <time datetime=\"09:00\">09:00</time>–<time datetime=\"12:00\">12:00</time>."
        ),
        "{page}"
    );
    let nl = project.read("dist/nl/test-folder/index.html");
    assert!(
        nl.contains(
            "ma–do <time datetime=\"09:00\">09:00</time>–<time datetime=\"12:00\">12:00</time>."
        ),
        "{nl}"
    );
}

#[test]
fn a_wrong_or_typed_number_for_the_second_contact_is_still_caught() {
    let project = with_desk();
    // A translation that names the leaflet's own number instead of the desk's.
    project.edit(EN, "{ $desk_phone }", "{ $phone }");
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("uses the variable $phone, which its nl source does not have");
    // The desk's number typed in, with a digit wrong: refused as a typed number, and as a
    // translation that lacks the variable.
    project.edit(EN, "{ $phone }", "050 361 61 62");
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("has the phone number 050 361 61 62 typed into its text")
        .assert_stderr("the translation lacks $desk_phone");
    // Typed correctly, it is refused all the same: a number lives only in site.yaml.
    project.edit(EN, "050 361 61 62", "050 361 61 61");
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("has the phone number 050 361 61 61 typed into its text")
        .assert_stderr("{ $name_phone } after `with: { name: org/contact }`");
}

#[test]
fn times_are_marked_and_follow_the_region_of_each_language() {
    require_typst();
    let project = Project::fixture("minimal");
    project.edit(
        NL,
        "step-one = **Stap een.** U komt langs.",
        "step-one = **Stap een.** U komt om { TIME(\"12:00\") } of om { TIME(\"08:30\") }.",
    );
    project.edit(
        EN,
        "step-one = **Step one.** You come to see us.",
        "step-one = **Step one.** You come at { TIME(\"12:00\") } or at { TIME(\"08:30\") }.",
    );
    project
        .leaflet(&["translations", "confirm", "en", "test-folder:step-one"])
        .assert_code(0);
    project.build().assert_code(0);
    let nl = project.read("dist/nl/test-folder/index.html");
    let en = project.read("dist/en/test-folder/index.html");
    // Noon has its <time> as any other time does (it once had none: only the contact's own
    // times were marked).
    for page in [&nl, &en] {
        assert!(
            page.contains("<time datetime=\"12:00\">12:00</time> ")
                && page.contains("<time datetime=\"08:30\">08:30</time>."),
            "{page}"
        );
    }
    // English on a Dutch site: the 24-hour clock, in the contact's hours too.
    assert!(en.contains(
        "between <time datetime=\"08:00\">08:00</time> and <time datetime=\"17:00\">17:00</time>"
    ));
    let pdf = pdf_text(&project, "dist/en/test-folder/test-folder-en.pdf");
    assert!(pdf.contains("You come at 12:00 or at 08:30."), "{pdf}");

    // The site chooses American English: 12-hour clock and month first, still marked.
    project.edit(
        "site.yaml",
        "locales: [nl, en]\n",
        "locales: [nl, en]\nformats: { en: en-US }\n",
    );
    project.build().assert_code(0);
    let en = project.read("dist/en/test-folder/index.html");
    assert!(
        en.contains("<time datetime=\"12:00\">12:00\u{202f}PM</time>")
            && en.contains("<time datetime=\"08:30\">8:30\u{202f}AM</time>")
            && en.contains("<time datetime=\"17:00\">5:00\u{202f}PM</time>"),
        "{en}"
    );
    assert!(
        en.contains("<time datetime=\"2026-01-15\">January 15, 2026</time>"),
        "{en}"
    );
    let nl = project.read("dist/nl/test-folder/index.html");
    assert!(nl.contains("<time datetime=\"12:00\">12:00</time>"));
}
