//! The translator's workflow: stale translations are caught and shown in Dutch until
//! confirmed, the status report, consistency checks, and the scaffolding commands.

use crate::common::{Project, assert_run_snapshot, require_typst};

const PAIN: &str = "neuromodulatie-chronische-pijn";

fn status_json(project: &Project) -> serde_json::Value {
    let run = project.leaflet(&["translations", "status", "--format", "json"]);
    run.assert_code(0);
    serde_json::from_str(&run.stdout).expect("status --format json prints JSON")
}

#[test]
fn a_changed_dutch_sentence_makes_its_translations_stale_until_confirmed() {
    require_typst();
    let project = Project::example();
    let before = status_json(&project);
    assert_eq!(before["leaflets"][0]["id"], PAIN);
    assert_eq!(before["leaflets"][0]["locales"]["en"]["state"], "complete");
    assert_eq!(before["leaflets"][0]["locales"]["ar"]["state"], "complete");
    assert_eq!(
        before["leaflets"][0]["locales"]["tr"]["state"],
        "not-started"
    );

    // A new risk appears in the Dutch text of a shared block.
    let file = "locales/nl/shared/implant-risks.ftl";
    let text = project.read(file);
    let line = text
        .lines()
        .find(|l| l.starts_with("implant-risks-infection ="))
        .unwrap();
    project.edit(file, line, &format!("{line} Dit is nieuw."));

    let after = status_json(&project);
    for lang in ["en", "ar"] {
        let coverage = &after["leaflets"][0]["locales"][lang];
        assert_eq!(coverage["state"], "incomplete", "{lang}");
        assert_eq!(
            coverage["stale"],
            serde_json::json!(["implant-risks-infection"]),
            "{lang}"
        );
        assert_eq!(coverage["missing"], serde_json::json!([]), "{lang}");
    }
    let table = project.leaflet(&["translations", "status"]);
    assert!(table.stdout.contains("1 stale"), "{}", table.stdout);

    // check lists it, and the English page shows the new Dutch text, marked as Dutch.
    project
        .leaflet(&["check"])
        .assert_code(0)
        .assert_stderr("1 translation in en may be out of date")
        .assert_stderr(&format!(
            "locales/en/shared/implant-risks.ftl:{}:1",
            project
                .read("locales/en/shared/implant-risks.ftl")
                .lines()
                .position(|l| l.starts_with("implant-risks-infection ="))
                .unwrap()
                + 1
        ))
        .assert_stderr(
            "leaflet translations confirm en shared/implant-risks:implant-risks-infection",
        );
    project.build().assert_code(0);
    let page = project.read(&format!("dist/en/{PAIN}/index.html"));
    assert!(
        page.contains("Dit is nieuw."),
        "the stale English text is not shown"
    );
    assert!(
        page.contains("<li lang=\"nl\""),
        "the Dutch text is marked as Dutch"
    );

    // The translator checks it and confirms: nothing is stale any more.
    project
        .leaflet(&["translations", "confirm", "en", "implant-risks-infection"])
        .assert_code(0)
        .assert_stderr("confirmed 1 translation in en; locales/en/translations.lock.yaml updated");
    let confirmed = status_json(&project);
    assert_eq!(
        confirmed["leaflets"][0]["locales"]["en"]["state"],
        "complete"
    );
    assert_eq!(
        confirmed["leaflets"][0]["locales"]["ar"]["state"],
        "incomplete"
    );
    project.build().assert_code(0);
    assert!(
        !project
            .read(&format!("dist/en/{PAIN}/index.html"))
            .contains("Dit is nieuw.")
    );
}

#[test]
fn status_json_has_a_stable_documented_shape() {
    let project = Project::example();
    let json = status_json(&project);
    assert_eq!(json["default_locale"], "nl");
    assert_eq!(json["locales"], serde_json::json!(["en", "ar", "tr"]));
    assert_eq!(json["reviewed_by_medical_translator"]["ar"], false);
    let row = &json["leaflets"][1];
    assert_eq!(row["id"], "sacrale-neuromodulatie-darm");
    assert!(row["messages"].as_u64().unwrap() > 20);
    assert_eq!(row["locales"]["tr"]["state"], "incomplete");
    assert!(
        !row["locales"]["tr"]["missing"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(json["site"]["id"], "site");
    // Two runs print the same bytes.
    let again = project.leaflet(&["translations", "status", "--format", "json"]);
    assert_eq!(
        again.stdout,
        project
            .leaflet(&["translations", "status", "--format", "json"])
            .stdout
    );
}

/// What a translator reads: the table and the JSON of the example, byte for byte.
#[test]
fn the_status_report_of_the_example() {
    let project = Project::example();
    let table = project.leaflet(&["translations", "status"]);
    table.assert_code(0);
    assert_run_snapshot!("status_table", table.stdout);
    let json = project.leaflet(&["translations", "status", "--format", "json"]);
    json.assert_code(0);
    assert_run_snapshot!("status_json", json.stdout);
    assert_eq!((table.stderr.as_str(), json.stderr.as_str()), ("", ""));
}

#[test]
fn a_misspelt_variable_in_a_translation_is_an_error_with_position() {
    let project = Project::example();
    let file = "locales/en/shared/phone-hours.ftl";
    project.edit(file, "{ $phone }", "{ $phon }");
    let run = project.leaflet(&["check"]);
    run.assert_code(1)
        .assert_stderr("message \"phone-hours\" in en uses the variable $phon, which its nl source does not have")
        .assert_stderr("hint: did you mean \"$phone\"?");
    let text = project.read(file);
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            l.find("$phon }")
                .map(|c| (i + 1, l[..c].chars().count() + 1))
        })
        .unwrap();
    run.assert_stderr(&format!("{file}:{line}:{col}"));
    assert_run_snapshot!(run.stderr);
}

#[test]
fn a_misspelt_translation_id_gets_a_guess_and_a_missing_file_how_to_make_it() {
    let project = Project::fixture("minimal");
    // The English "intro" under a misspelt id: the page shows the Dutch with a note, and the
    // warning guesses the id the translation was meant for.
    project.edit("locales/en/test-folder.ftl", "intro =", "intr =");
    // A shared block added after English: no English file for it yet.
    project.write(
        "leaflets/shared/parking.yaml",
        "body:\n  - text: parking-text\n",
    );
    project.write(
        "locales/nl/shared/parking.ftl",
        "parking-text = U parkeert bij ingang 2.\n",
    );
    project.edit(
        "leaflets/test-folder.yaml",
        "  - use: contact",
        "  - use: contact\n  - use: parking",
    );
    let run = project.leaflet(&["check", "--verbose"]);
    run.assert_code(0)
        .assert_stderr("message \"intr\" in en has no nl source in the same file")
        .assert_stderr(
            "hint: did you mean \"intro\"? (locales/nl/test-folder.ftl has it, and this file does not translate it yet): if so, correct the id here",
        )
        .assert_stderr("1 message is not translated into en; shown in nl with a note: parking-text")
        .assert_stderr(
            "hint: locales/en/shared/parking.ftl does not exist yet: `leaflet locale add en` writes it",
        );
    assert!(
        !run.stderr.contains("locales/en/shared/parking.ftl:1:1"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr
            .contains("translate them in locales/en/shared/parking.ftl"),
        "{}",
        run.stderr
    );
}

#[test]
fn translations_are_checked_against_their_source() {
    let project = Project::fixture("minimal");
    let text = project.read("locales/en/test-folder.ftl");
    project.write(
        "locales/en/test-folder.ftl",
        &format!("{text}steps-title2 = Stray\nstep-one2 = See {{ missing-message }}\n"),
    );
    let run = project.leaflet(&["check"]);
    run.assert_code(1)
        .assert_stderr("message \"steps-title2\" in en has no nl source in the same file")
        .assert_stderr("message \"step-one2\" includes the message \"missing-message\"");
    assert_run_snapshot!("translation_without_source", run.stderr);
    let nl = project.read("locales/nl/test-folder.ftl");
    project.write(
        "locales/nl/test-folder.ftl",
        &format!("{nl}unused-text = Niemand gebruikt dit.\n"),
    );
    let run = project.leaflet(&["check"]);
    run.assert_stderr("warning: message \"unused-text\" is not used by any leaflet");
    assert_run_snapshot!("source_without_use", run.stderr);
}

#[test]
fn stale_show_keeps_the_old_translation_visible() {
    require_typst();
    let project = Project::fixture("minimal");
    project.edit(
        "locales/nl/test-folder.ftl",
        "U gaat naar huis.",
        "U mag naar huis.",
    );
    let site = project.read("site.yaml");
    project.write(
        "site.yaml",
        &format!("{site}translations:\n  stale: show\n"),
    );
    project
        .build()
        .assert_code(0)
        .assert_stderr("shown anyway (translations.stale: show)");
    assert!(
        project
            .read("dist/en/test-folder/index.html")
            .contains("You go home.")
    );
    // A translation edited after its confirmation is not an old text waiting for its
    // translator but a new one nobody checked: `stale: show` does not show it.
    project.edit(
        "locales/en/test-folder.ftl",
        "You come to see us.",
        "You do not come to see us.",
    );
    project
        .build()
        .assert_code(0)
        .assert_stderr("1 translation in en was edited after it was confirmed");
    let page = project.read("dist/en/test-folder/index.html");
    assert!(
        !page.contains("You do not come"),
        "edited translation shown"
    );
    assert!(
        page.contains("U komt langs."),
        "its Dutch source not shown instead"
    );
    // Edited while its Dutch changed as well (hostile review): still nobody checked it. (A new
    // Dutch text of a published leaflet is a new version.)
    project.edit(
        "locales/nl/test-folder.ftl",
        "U komt langs.",
        "U komt op bezoek.",
    );
    project.edit("leaflets/test-folder.yaml", "version: 2", "version: 3");
    project.build().assert_code(0);
    let page = project.read("dist/en/test-folder/index.html");
    assert!(
        !page.contains("You do not come"),
        "edited translation shown"
    );
    assert!(
        page.contains("U komt op bezoek."),
        "its Dutch source not shown instead"
    );
}

#[test]
fn confirm_refuses_unknown_messages_and_the_default_language() {
    let project = Project::fixture("minimal");
    let run = project.leaflet(&["translations", "confirm", "en", "step-onee"]);
    run.assert_code(1)
        .assert_stderr("en has no translation of \"step-onee\" (did you mean \"step-one\"?)");
    assert_run_snapshot!("confirm_unknown_message", run.stderr);
    let example = Project::example();
    let run = example.leaflet(&["translations", "confirm", "en", "title"]);
    run.assert_code(1)
        .assert_stderr("\"title\" is translated in several files; name one: neuromodulatie-chronische-pijn:title, sacrale-neuromodulatie-darm:title");
    assert_run_snapshot!("confirm_ambiguous_message", run.stderr);
    example
        .leaflet(&[
            "translations",
            "confirm",
            "en",
            "sacrale-neuromodulatie-darm:title",
        ])
        .assert_code(0)
        .assert_stderr("confirmed 1 translation in en");
    let run = project.leaflet(&["translations", "confirm", "nl"]);
    run.assert_code(2)
        .assert_stderr("nl is the default language");
    assert_run_snapshot!("confirm_the_default_language", run.stderr);
    let run = project.leaflet(&["translations", "confirm", "fr"]);
    run.assert_code(2)
        .assert_stderr("the site has no language \"fr\"");
    assert_run_snapshot!("confirm_an_unknown_language", run.stderr);
}

#[test]
fn new_creates_a_leaflet_that_checks_and_refuses_to_overwrite() {
    let project = Project::example();
    project
        .leaflet(&["new", "knee-replacement"])
        .assert_code(0)
        .assert_stderr(
            "created leaflets/knee-replacement.yaml and locales/nl/knee-replacement.ftl",
        );
    let yaml = project.read("leaflets/knee-replacement.yaml");
    assert!(yaml.contains("  - use: contact"));
    assert!(
        project
            .read("locales/nl/knee-replacement.ftl")
            .contains("title = ")
    );
    // Until the editor has filled it in, the new leaflet cannot be published.
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("still has the placeholders of `leaflet new`");
    // The editor chooses the department, contact and owner from the lists in the file.
    assert!(
        yaml.contains("# contacts: umcg/algemeen, umcg/pijncentrum, zgt/polikliniek-chirurgie"),
        "{yaml}"
    );
    let yaml: String = yaml
        .lines()
        .filter(|l| !l.starts_with("# leaflet new:"))
        .map(|l| match l.split_once(": ") {
            Some(("department", _)) => "department: department-surgery\n".to_string(),
            Some(("contact", _)) => "contact: zgt/polikliniek-chirurgie\n".to_string(),
            Some(("owner", _)) => "owner: Polikliniek Orthopedie\n".to_string(),
            _ => format!("{l}\n"),
        })
        .collect();
    project.write("leaflets/knee-replacement.yaml", &yaml);
    let ftl: String = project
        .read("locales/nl/knee-replacement.ftl")
        .lines()
        .map(|l| match l.split_once(" = ") {
            Some((id, _)) if !l.starts_with('#') => format!("{id} = Eigen tekst voor {id}.\n"),
            _ => format!("{l}\n"),
        })
        .collect();
    project.write("locales/nl/knee-replacement.ftl", &ftl);
    project.leaflet(&["check"]).assert_code(0);
    let run = project.leaflet(&["new", "knee-replacement"]);
    run.assert_code(1)
        .assert_stderr("leaflets/knee-replacement.yaml already exists; nothing was written");
    assert_run_snapshot!("new_leaflet_that_exists", run.stderr);
    let run = project.leaflet(&["new", "Knee Replacement"]);
    run.assert_code(1).assert_stderr("try knee-replacement");
    assert_run_snapshot!("new_leaflet_id_not_a_slug", run.stderr);
}

#[test]
fn locale_add_registers_the_language_and_prepares_files_for_the_translator() {
    require_typst();
    let project = Project::fixture("minimal");
    project
        .leaflet(&["locale", "add", "pl"])
        .assert_code(0)
        .assert_stderr("added pl to site.yaml");
    assert!(project.read("site.yaml").contains("locales: [nl, en, pl]"));
    let site = project.read("locales/pl/site.ftl");
    assert!(site.contains("# site-name = Folders"), "{site}");
    assert!(project.path("locales/pl/shared/when-to-call.ftl").exists());
    // Nothing translated yet: the leaflet is not in the Polish site, the build still works.
    project
        .build()
        .assert_code(0)
        .assert_stderr("leaflet \"test-folder\" is not translated into pl yet");
    // With no leaflet yet, Polish is not offered at all (no empty index page).
    assert!(!project.path("dist/pl").exists());
    // Again, after a new leaflet: only the file it lacks is written; a translation already
    // made is kept, and site.yaml is left alone.
    let site_yaml = project.read("site.yaml");
    project.write("locales/pl/site.ftl", "site-name = Ulotki\n");
    project.remove("locales/pl/test-folder.ftl");
    project
        .leaflet(&["locale", "add", "pl"])
        .assert_code(0)
        .assert_stderr("pl is already a language of the site; created the file it lacked, with every nl text as a comment to translate: locales/pl/test-folder.ftl");
    assert_eq!(project.read("locales/pl/site.ftl"), "site-name = Ulotki\n");
    assert_eq!(project.read("site.yaml"), site_yaml);
    assert!(
        project
            .read("locales/pl/test-folder.ftl")
            .contains("# title = ")
    );
    project
        .leaflet(&["locale", "add", "pl"])
        .assert_code(0)
        .assert_stderr("nothing was written");
    // The default language is not a translation.
    let run = project.leaflet(&["locale", "add", "nl"]);
    run.assert_code(1)
        .assert_stderr("\"nl\" is the site's default language");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn dates_and_times_are_written_the_way_each_language_writes_them() {
    require_typst();
    let project = Project::example();
    project.build().assert_code(0);
    let page = |lang: &str| project.read(&format!("dist/{lang}/{PAIN}/index.html"));
    let (nl, en, ar) = (page("nl"), page("en"), page("ar"));
    // The footer's review date.
    assert!(
        nl.contains("<time datetime=\"2026-03-01\">1 maart 2026</time>"),
        "nl date"
    );
    // English on a Dutch site follows the Dutch customs (en-NL), as `formats:` can change.
    assert!(
        en.contains("<time datetime=\"2026-03-01\">1 March 2026</time>"),
        "en date"
    );
    // The opening hours in the when-to-call block (phone-hours) and on the contact card.
    assert!(
        nl.contains("<time datetime=\"08:00\">08:00</time>"),
        "nl time"
    );
    assert!(
        en.contains("<time datetime=\"16:30\">16:30</time>"),
        "en time"
    );
    assert!(
        ar.contains("<time datetime=\"16:30\">4:30 م</time>"),
        "ar time"
    );
    // Phone numbers stay left to right in Arabic text, so their digit groups keep their order.
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\" data-script=\"Arab\">"));
    assert!(
        ar.contains("<a href=\"tel:0503614886\" dir=\"ltr\">050 361 48 86</a>"),
        "{ar}"
    );
    let pdf = std::process::Command::new("pdftotext")
        .arg(project.path(&format!("dist/en/{PAIN}/{PAIN}-en.pdf")))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&pdf.stdout);
    assert!(text.contains("Checked on 1 March 2026"), "{text}");
}

#[test]
fn a_stale_message_affects_only_its_own_file() {
    require_typst();
    let project = Project::example();
    // Both leaflets have a message `title`; only the pain leaflet's Dutch title changes.
    let file = format!("locales/nl/{PAIN}.ftl");
    let text = project.read(&file);
    let line = text.lines().find(|l| l.starts_with("title =")).unwrap();
    project.edit(&file, line, "title = Neuromodulatie bij langdurige pijn");
    project.build().assert_code(0);
    let pain = project.read(&format!("dist/en/{PAIN}/index.html"));
    assert!(
        pain.contains("<h1 lang=\"nl\""),
        "the stale title is shown in Dutch"
    );
    let bowel = project.read("dist/en/sacrale-neuromodulatie-darm/index.html");
    assert!(
        bowel.contains("<h1>"),
        "the other leaflet's title stays English"
    );
    let json = status_json(&project);
    assert_eq!(
        json["leaflets"][0]["locales"]["en"]["stale"],
        serde_json::json!(["title"])
    );
    assert_eq!(json["leaflets"][1]["locales"]["en"]["state"], "complete");
}

/// A translator who checked one leaflet confirms that leaflet, not every pending text of the
/// language: naming the file confirms its translations only.
#[test]
fn confirm_takes_a_whole_leaflet() {
    let project = Project::example();
    project.edit(
        "locales/en/neuromodulatie-chronische-pijn.ftl",
        "how-title = How does it work?",
        "how-title = How does the treatment work?",
    );
    project.edit(
        "locales/en/sacrale-neuromodulatie-darm.ftl",
        "title = ",
        "title = The ",
    );
    let run = project.leaflet(&["check"]);
    run.assert_stderr("edited after it was confirmed");
    project
        .leaflet(&[
            "translations",
            "confirm",
            "en",
            "neuromodulatie-chronische-pijn",
        ])
        .assert_code(0)
        .assert_stderr("confirmed ");
    let run = project.leaflet(&["check"]);
    run.assert_stderr("1 translation in en was edited after it was confirmed; shown in nl until confirmed again: title");
    let lock = project.read("locales/en/translations.lock.yaml");
    assert!(lock.contains("neuromodulatie-chronische-pijn"), "{lock}");
    // The other leaflet's edit is still waiting for its own confirmation.
    project
        .leaflet(&[
            "translations",
            "confirm",
            "en",
            "sacrale-neuromodulatie-darm:",
        ])
        .assert_code(0);
    let run = project.leaflet(&["check"]);
    assert!(!run.stderr.contains("edited after"), "{}", run.stderr);
}

/// Many warnings of one kind (a language's untranslated messages, file by file; the leaflets a
/// language's site leaves out) are one line per kind and language, with the command for the
/// list; `--verbose` shows each, and `--format json` always has them all.
#[test]
fn warnings_of_one_kind_are_summed_up_per_language_unless_verbose() {
    let project = Project::example();
    let run = project.leaflet(&["check"]);
    run.assert_code(0);
    assert_run_snapshot!("summed_up_warnings", run.stderr);
    assert!(
        !run.stderr.contains("is not translated into ar yet"),
        "{}",
        run.stderr
    );

    let verbose = project.leaflet(&["check", "--verbose"]);
    verbose.assert_code(0);
    for each in [
        "leaflet \"sacrale-neuromodulatie-darm\" is not translated into ar yet",
        "leaflet \"sacrale-neuromodulatie-testperiode\" is not translated into ar yet",
        "messages are not translated into tr; shown in nl with a note: contact-questions, contact-title",
    ] {
        assert!(verbose.stderr.contains(each), "{each}\n{}", verbose.stderr);
    }
    // Both end with the same count: every warning is counted, summed up or not.
    let last = |s: &str| s.lines().last().unwrap_or_default().to_string();
    assert_eq!(last(&run.stderr), last(&verbose.stderr));

    let json = project.leaflet(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let warnings = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "warning")
        .count();
    assert_eq!(report["warnings"], warnings);
    assert!(
        json.stdout
            .contains("leaflet \\\"sacrale-neuromodulatie-darm\\\" is not translated into ar yet"),
        "{}",
        json.stdout
    );
}
