//! Governance: plain language is measured (warnings above the site's limits, words to avoid at
//! their position), `check --format json` gives scripts every diagnostic and figure, and
//! `leaflet report` and the team page tell the communications team who owns what, when it is
//! due, how far its translations are, and what a change to a shared block or contact touches.

use std::collections::BTreeSet;

use crate::common::{Project, require_typst};
use serde_json::Value;

const NL: &str = "locales/nl/test-folder.ftl";

/// The minimal fixture's Dutch leaflet rewritten in long sentences of long words, as a
/// specialist might write for colleagues.
fn hard_leaflet() -> Project {
    let project = Project::fixture("minimal");
    project.edit(
        NL,
        "intro = Dit is de **eerste** alinea. Kijk ook op [de site](https://example.org).",
        "intro = Patiënten die in aanmerking komen voor een percutane implantatie van een neurostimulatiesysteem ondergaan voorafgaand aan de definitieve implantatie een uitgebreide multidisciplinaire screeningsprocedure, waarbij de anesthesioloog, de neurochirurg en de klinisch psycholoog gezamenlijk beoordelen of de verwachte therapeutische effectiviteit opweegt tegen de potentiële complicaties.",
    );
    project.edit(
        NL,
        "step-one = **Stap een.** U komt langs.",
        "step-one = Gedurende de postoperatieve herstelperiode dient de patiënt zich te onthouden van excessieve lichamelijke inspanning, aangezien migratie van de elektrode een frequent voorkomende complicatie betreft die een chirurgische revisie noodzakelijk kan maken.",
    );
    project.edit(
        NL,
        "step-two = **Stap twee.** U gaat naar huis.",
        "step-two = Indien zich na ontslag symptomen voordoen die kunnen wijzen op een infectie van het implantatiegebied, zoals toenemende roodheid, zwelling of temperatuurverhoging, wordt de patiënt verzocht onverwijld contact op te nemen met de behandelend specialist.",
    );
    project
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

fn keys(value: &Value) -> Vec<String> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn sorted(list: &[&str]) -> Vec<String> {
    list.iter()
        .map(|s| s.to_string())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[test]
fn the_example_leaflets_are_plain_enough_in_dutch_and_english() {
    let project = Project::example();
    let run = project.leaflet(&["check", "--format", "json"]);
    run.assert_code(0);
    assert!(!run.stderr.contains("hard to read"), "{}", run.stderr);
    let report = json(&run.stdout);
    let figures = report["readability"].as_array().unwrap();
    for leaflet in [
        "neuromodulatie-chronische-pijn",
        "sacrale-neuromodulatie-darm",
    ] {
        for (locale, index) in [("nl", "flesch-douma"), ("en", "flesch")] {
            let f = figures
                .iter()
                .find(|f| f["leaflet"] == leaflet && f["locale"] == locale)
                .unwrap_or_else(|| panic!("no figures for {leaflet} ({locale})"));
            assert_eq!(f["index"], index);
            assert!(f["average_sentence_words"].as_f64().unwrap() <= 15.0, "{f}");
            assert!(f["score"].as_f64().unwrap() >= 60.0, "{f}");
            assert!(f["syllables_per_word"].as_f64().is_some(), "{f}");
        }
    }
    // Arabic has no hyphenation patterns: no syllables, LIX is its index.
    let ar = figures
        .iter()
        .find(|f| f["locale"] == "ar")
        .expect("Arabic figures");
    assert_eq!(ar["index"], "lix");
    assert_eq!(ar["syllables_per_word"], Value::Null);
}

#[test]
fn a_leaflet_of_long_hard_sentences_gets_a_warning_naming_its_figures() {
    let project = hard_leaflet();
    project
        .leaflet(&["check"])
        .assert_code(0)
        .assert_stderr("warning: leaflet \"test-folder\" is hard to read in nl: sentences of ")
        .assert_stderr("words on average (at most 15)")
        .assert_stderr("of the sentences over 20 words (at most 20 %)")
        .assert_stderr("Flesch–Douma ")
        .assert_stderr("(at least 60)")
        .assert_stderr("┌─ locales/nl/test-folder.ftl:1:1")
        .assert_stderr("= longest sentence (")
        .assert_stderr("Patiënten die in aanmerking komen")
        .assert_stderr("`checks: readability:` in site.yaml");
    // The English leaflet was not changed and stays plain.
    let run = project.leaflet(&["check"]);
    assert!(!run.stderr.contains("hard to read in en"), "{}", run.stderr);
    // A warning: --strict makes it fail.
    project
        .leaflet(&["check", "--strict"])
        .assert_code(1)
        .assert_stderr("hard to read in nl");
}

#[test]
fn the_limits_are_set_in_site_yaml() {
    let project = hard_leaflet();
    let site = project.read("site.yaml");
    project.write(
        "site.yaml",
        &format!(
            "{site}checks:\n  readability: {{ max_average_sentence_words: 60, max_long_sentence_share: 1, min_douma: -100 }}\n"
        ),
    );
    let run = project.leaflet(&["check"]);
    run.assert_code(0);
    assert!(!run.stderr.contains("hard to read"), "{}", run.stderr);

    // A stricter limit makes the plain example warn; a share above 1 is a mistake.
    let example = Project::example();
    let site = example.read("site.yaml");
    example.write(
        "site.yaml",
        &format!("{site}\nchecks:\n  readability: {{ min_flesch: 95 }}\n"),
    );
    example
        .leaflet(&["check"])
        .assert_code(0)
        .assert_stderr("is hard to read in en: Flesch reading ease ")
        .assert_stderr("(at least 95)");
    example.write(
        "site.yaml",
        &format!("{site}\nchecks:\n  readability: {{ max_long_sentence_share: 20 }}\n"),
    );
    example
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("error: checks.readability.max_long_sentence_share of 20 is out of range")
        .assert_stderr("0.25 means a quarter of the sentences");
}

#[test]
fn an_avoided_word_is_a_warning_at_its_position_naming_the_plain_words() {
    let project = Project::fixture("minimal");
    let site = project.read("site.yaml");
    project.write(
        "site.yaml",
        &format!(
            "{site}checks:\n  avoid:\n    nl:\n      anesthesioloog: \"de arts die u verdooft (anesthesioloog)\"\n      in verband met: door\n"
        ),
    );
    project.edit(
        NL,
        "step-one = **Stap een.** U komt langs.",
        "step-one = **Stap een.** U praat met de Anesthesioloog.",
    );
    project.edit(
        NL,
        "step-two = **Stap twee.** U gaat naar huis.",
        "step-two = **Stap twee.** U blijft een nacht in verband met de pijn.",
    );
    project
        .leaflet(&["check"])
        .assert_code(0)
        .assert_stderr(
            "warning: \"Anesthesioloog\" is on the list of words to avoid in nl (message \"step-one\")\n  ┌─ locales/nl/test-folder.ftl:5:41",
        )
        .assert_stderr("hint: write \"de arts die u verdooft (anesthesioloog)\" instead")
        .assert_stderr(
            "warning: \"in verband met\" is on the list of words to avoid in nl (message \"step-two\")\n  ┌─ locales/nl/test-folder.ftl:6:46",
        )
        .assert_stderr("hint: write \"door\" instead");

    // Where the message explains the word with the suggested text, it passes; a longer word
    // that merely starts with it is another word.
    project.edit(
        NL,
        "U praat met de Anesthesioloog.",
        "U praat met de arts die u verdooft (anesthesioloog). Hij werkt met anesthesiologen.",
    );
    let run = project.leaflet(&["check"]);
    run.assert_code(0);
    assert!(!run.stderr.contains("Anesthesioloog"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("\"anesthesiologen\""),
        "{}",
        run.stderr
    );

    // A language the site does not have is a mistake in the list.
    project.write(
        "site.yaml",
        &format!("{site}checks:\n  avoid:\n    nll:\n      anesthesioloog: \"de arts\"\n"),
    );
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("checks.avoid lists words for \"nll\", which is not a language of the site")
        .assert_stderr("did you mean \"nl\"?");
}

#[test]
fn check_json_lists_every_diagnostic_and_the_figures_with_stable_keys() {
    let project = hard_leaflet();
    let run = project.leaflet(&["check", "--format", "json"]);
    run.assert_code(0);
    let report = json(&run.stdout);
    assert_eq!(
        keys(&report),
        sorted(&[
            "exit_code",
            "errors",
            "warnings",
            "diagnostics",
            "readability"
        ])
    );
    // The keys come in a fixed order, so a diff of two runs shows only what changed.
    let order: Vec<usize> = [
        "\"exit_code\"",
        "\"errors\"",
        "\"warnings\"",
        "\"diagnostics\"",
        "\"readability\"",
    ]
    .iter()
    .map(|k| run.stdout.find(k).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{}", run.stdout);
    assert_eq!(report["exit_code"], 0);
    assert_eq!(report["errors"], 0);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(
        report["warnings"].as_u64().unwrap() as usize,
        diagnostics.len()
    );
    for d in diagnostics {
        assert_eq!(
            keys(d),
            sorted(&[
                "severity", "class", "message", "file", "line", "column", "hint", "notes"
            ]),
            "{d}"
        );
    }
    let hard = diagnostics
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .starts_with("leaflet \"test-folder\" is hard to read in nl")
        })
        .expect("the readability warning");
    assert_eq!(hard["severity"], "warning");
    assert_eq!(hard["class"], "content");
    assert_eq!(hard["file"], "locales/nl/test-folder.ftl");
    assert_eq!(
        (hard["line"].as_u64(), hard["column"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(
        hard["hint"]
            .as_str()
            .unwrap()
            .contains("checks: readability:")
    );
    assert!(
        hard["notes"][0]
            .as_str()
            .unwrap()
            .starts_with("longest sentence (")
    );

    let figures = report["readability"].as_array().unwrap();
    assert_eq!(figures.len(), 2, "nl and en");
    let nl = &figures[0];
    assert_eq!(
        keys(nl),
        sorted(&[
            "leaflet",
            "locale",
            "sentences",
            "words",
            "average_sentence_words",
            "longest_sentence_words",
            "long_sentence_share",
            "long_word_share",
            "syllables_per_word",
            "index",
            "score",
            "lix"
        ])
    );
    assert_eq!(
        (&nl["leaflet"], &nl["locale"]),
        (&"test-folder".into(), &"nl".into())
    );
    assert_eq!(nl["index"], "flesch-douma");
    assert!(nl["score"].as_f64().unwrap() < 60.0, "{nl}");
    assert!(nl["longest_sentence_words"].as_u64().unwrap() > 30, "{nl}");

    // A broken project still prints JSON, with its errors, and the exit code it ends with.
    project.edit("leaflets/test-folder.yaml", "version: 2", "version: two");
    let run = project.leaflet(&["check", "--format", "json"]);
    run.assert_code(1);
    let report = json(&run.stdout);
    assert_eq!(report["exit_code"], 1);
    assert!(report["errors"].as_u64().unwrap() >= 1);
    let error = &report["diagnostics"][0];
    assert_eq!(error["severity"], "error");
    assert_eq!(error["file"], "leaflets/test-folder.yaml");
}

/// The minimal fixture with a second contact shown only in a contact card of a shared block
/// that another shared block uses, and a shared block no leaflet uses.
fn with_nested_contact() -> Project {
    let project = Project::fixture("minimal");
    project.edit(
        "site.yaml",
        "        after_hours: \"050 999 99 99\"\n",
        "        after_hours: \"050 999 99 99\"\n      spoed:\n        name: contact-demo-spoed\n        phone: \"050 345 00 00\"\n      ongebruikt:\n        name: contact-demo-poli\n        phone: \"050 345 11 11\"\n",
    );
    for locale in ["nl", "en"] {
        let site = project.read(&format!("locales/{locale}/site.ftl"));
        project.write(
            &format!("locales/{locale}/site.ftl"),
            &format!("{site}contact-demo-spoed = Spoed\n"),
        );
    }
    project.write(
        "leaflets/shared/emergency.yaml",
        "body:\n  - contact_card: demo/spoed\n",
    );
    project.edit(
        "leaflets/shared/when-to-call.yaml",
        "  - use: phone-hours",
        "  - use: phone-hours\n  - use: emergency",
    );
    project.write("leaflets/shared/unused.yaml", "body:\n  - contact_card:\n");
    project
}

#[test]
fn report_json_gives_owners_days_left_languages_figures_and_where_used() {
    let project = with_nested_contact();
    let run = project.leaflet(&["report", "--format", "json", "--today", "2026-12-01"]);
    run.assert_code(0);
    let report = json(&run.stdout);
    assert_eq!(
        keys(&report),
        sorted(&[
            "today",
            "default_locale",
            "locales",
            "review_warn_days",
            "readability_limits",
            "leaflets",
            "shared_blocks",
            "contacts",
            "numbers_differ"
        ])
    );
    assert_eq!(report["today"], "2026-12-01");
    assert_eq!(report["numbers_differ"], serde_json::json!([]));
    assert_eq!(
        report["readability_limits"]["max_average_sentence_words"],
        15.0
    );
    let leaflet = &report["leaflets"][0];
    assert_eq!(leaflet["id"], "test-folder");
    assert_eq!(leaflet["title"], "Testfolder");
    assert_eq!(leaflet["owner"], "Demo poli");
    assert_eq!(leaflet["version"], 2);
    assert_eq!(leaflet["reviewed"], "2026-01-15");
    assert_eq!(leaflet["review_by"], "2027-01-15");
    assert_eq!(leaflet["days_left"], 45);
    assert_eq!(leaflet["review"], "due");
    assert_eq!(
        leaflet["languages"],
        serde_json::json!([
            { "locale": "nl", "state": "source", "missing": 0, "stale": 0 },
            // The new contact's name is written in English but not yet confirmed.
            { "locale": "en", "state": "incomplete", "missing": 0, "stale": 1 }
        ])
    );
    let figures = leaflet["readability"].as_array().unwrap();
    assert_eq!(figures.len(), 2);
    assert_eq!(
        (&figures[0]["locale"], &figures[1]["locale"]),
        (&"nl".into(), &"en".into())
    );

    assert_eq!(
        report["shared_blocks"],
        serde_json::json!([
            { "name": "contact", "leaflets": ["test-folder"] },
            { "name": "emergency", "leaflets": ["test-folder"] },
            { "name": "phone-hours", "leaflets": ["test-folder"] },
            { "name": "unused", "leaflets": [] },
            { "name": "when-to-call", "leaflets": ["test-folder"] }
        ])
    );
    assert_eq!(
        report["contacts"],
        serde_json::json!([
            { "name": "demo/ongebruikt", "leaflets": [], "site_footer": false },
            { "name": "demo/poli", "leaflets": ["test-folder"], "site_footer": false },
            { "name": "demo/spoed", "leaflets": ["test-folder"], "site_footer": false }
        ])
    );

    // Past its date (published with a notice), the days left are negative.
    let site = project.read("site.yaml");
    project.write(
        "site.yaml",
        &format!("{site}review: {{ expired: notice }}\n"),
    );
    let run = project.leaflet(&["report", "--format", "json", "--today", "2027-01-20"]);
    run.assert_code(0);
    let report = json(&run.stdout);
    assert_eq!(report["leaflets"][0]["days_left"], -5);
    assert_eq!(report["leaflets"][0]["review"], "expired");
}

#[test]
fn report_table_is_for_people() {
    let project = with_nested_contact();
    let run = project.leaflet(&["report", "--today", "2026-12-01"]);
    run.assert_code(0);
    let out = &run.stdout;
    assert!(out.starts_with("review dates as of 2026-12-01\n"), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    let header = lines[1];
    for column in [
        "leaflet",
        "owner",
        "version",
        "reviewed",
        "review by",
        "days left",
        "nl",
        "en",
    ] {
        assert!(header.contains(column), "{header}");
    }
    let row = lines[2];
    assert!(row.starts_with("test-folder "), "{row}");
    for cell in [
        "Demo poli",
        "2026-01-15",
        "2027-01-15",
        "45 (due)",
        "source",
        "1 stale",
    ] {
        assert!(row.contains(cell), "{cell} not in {row}");
    }
    assert!(out.contains("test-folder (nl) "), "{out}");
    assert!(out.contains("Flesch–Douma "), "{out}");
    assert!(out.contains("test-folder (en) "), "{out}");
    assert!(out.contains("Flesch reading ease "), "{out}");
    let used = |name: &str| {
        lines
            .iter()
            .find(|l| l.split_whitespace().next() == Some(name))
            .map(|l| l[name.len()..].trim().to_string())
            .unwrap_or_else(|| panic!("no line for {name}:\n{out}"))
    };
    assert_eq!(used("emergency"), "test-folder");
    assert_eq!(used("unused"), "(no leaflet)");
    assert_eq!(used("demo/spoed"), "test-folder");
    assert_eq!(used("demo/ongebruikt"), "(no leaflet)");
}

#[test]
fn the_build_writes_the_team_report_which_no_patient_page_links_to() {
    require_typst();
    let project = Project::example();
    project.build().assert_code(0);
    let page = project.read("dist/team/report.html");
    for needle in [
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';",
        "<meta name=\"referrer\" content=\"no-referrer\">",
        "<meta name=\"robots\" content=\"noindex\">",
        "Pijncentrum UMCG, team neuromodulatie",
        "Review dates are counted from 2026-06-01",
        "<td class=\"review-ok\">639</td>",
        "Flesch–Douma",
        "<th scope=\"row\">implant-risks</th><td>neuromodulatie-chronische-pijn</td>",
        "<th scope=\"row\">umcg/pijncentrum</th><td>neuromodulatie-chronische-pijn; every page footer</td>",
    ] {
        assert!(
            page.contains(needle),
            "team/report.html lacks {needle}:\n{page}"
        );
    }
    for (path, bytes) in project.dist() {
        let is_patient_page =
            path.extension().is_some_and(|e| e == "html") && !path.starts_with("team");
        if is_patient_page {
            let html = String::from_utf8_lossy(&bytes);
            assert!(
                !html.contains("team/"),
                "{} links to the team pages",
                path.display()
            );
        }
    }
}
