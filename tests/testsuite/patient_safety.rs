//! Patient safety: a translation must say the same numbers as its source (doses, times,
//! percentages, phone variables), confirming cannot hide a mismatch without a recorded reason,
//! and a stale translation shows what changed in the source.

use crate::common::{Project, require_typst};

const NL: &str = "locales/nl/test-folder.ftl";
const EN: &str = "locales/en/test-folder.ftl";

/// The minimal fixture with a dose, a time, a percentage and a variable in one message, in
/// Dutch and English, the English confirmed.
fn with_dose() -> Project {
    let project = Project::fixture("minimal");
    project.edit(
        NL,
        "step-one = **Stap een.** U komt langs.",
        "step-one = Neem 2 tabletten van 500 mg om 08:30. Dat helpt bij 30% van de mensen. Bel { $phone }.",
    );
    project.edit(
        EN,
        "step-one = **Step one.** You come to see us.",
        "step-one = Take two 500 mg tablets at 8:30. This helps 30% of people. Call { $phone }.",
    );
    project
        .leaflet(&["translations", "confirm", "en", "test-folder:step-one"])
        .assert_code(0)
        .assert_stderr("confirmed 1 translation in en");
    project.leaflet(&["check"]).assert_code(0);
    project
}

fn tamper(project: &Project, from: &str, to: &str) -> crate::common::Run {
    project.edit(EN, from, to);
    project.leaflet(&["check"])
}

#[test]
fn a_changed_dose_in_a_confirmed_translation_is_an_error_with_both_texts() {
    let project = with_dose();
    tamper(&project, "Take two 500 mg", "Take 10 5000 mg")
        .assert_code(1)
        .assert_stderr("error: the en translation of \"step-one\" does not say the same numbers as the nl text: the translation lacks 2, 500 mg; the translation adds 10, 5000 mg")
        .assert_stderr("locales/en/test-folder.ftl:5:1")
        .assert_stderr("= nl: Neem 2 tabletten van 500 mg om 08:30.")
        .assert_stderr("= en: Take 10 5000 mg tablets at 8:30.")
        .assert_stderr("--numbers-differ");
}

#[test]
fn a_changed_time_a_dropped_percentage_and_a_changed_variable_are_errors() {
    let project = with_dose();
    tamper(&project, "at 8:30", "at 09:00")
        .assert_code(1)
        .assert_stderr("the translation lacks 8:30; the translation adds 9:00");
    project.edit(EN, "at 09:00", "at 8:30");
    tamper(&project, "This helps 30% of people. ", "")
        .assert_code(1)
        .assert_stderr("the translation lacks 30");
    project.edit(
        EN,
        "Call { $phone }.",
        "This helps 30% of people. Call { $phone }.",
    );
    // A swapped variable is one error, from the consistency check (with its position).
    tamper(&project, "Call { $phone }", "Call { $organization }")
        .assert_code(1)
        .assert_stderr("message \"step-one\" in en uses the variable $organization, which its nl source does not have");
    // A dropped one is the numbers check's.
    project.edit(EN, "Call { $organization }", "Call us");
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("the translation lacks $phone");
}

#[test]
fn a_mismatch_fails_the_build_and_leaves_dist_untouched() {
    require_typst();
    let project = with_dose();
    project.build().assert_code(0);
    let before = project.dist();
    project.edit(EN, "Take two 500 mg", "Take 10 5000 mg");
    project
        .build()
        .assert_code(1)
        .assert_stderr("does not say the same numbers")
        .assert_stderr("was left as it was");
    assert!(project.dist() == before);
}

#[test]
fn confirm_refuses_a_mismatch_unless_a_reason_is_recorded() {
    let project = with_dose();
    project.edit(EN, "Take two 500 mg", "Take a pair of 500 mg");
    project
        .leaflet(&["translations", "confirm", "en", "test-folder:step-one"])
        .assert_code(1)
        .assert_stderr("not confirmed: the numbers or variables of test-folder:step-one in en differ from the nl text: the translation lacks 2")
        // At the translation's own line, with what to do.
        .assert_stderr("locales/en/test-folder.ftl:")
        .assert_stderr("write it in digits")
        .assert_stderr("leaflet translations confirm en test-folder:step-one --numbers-differ")
        .assert_stderr("nothing was confirmed (1 error");
    // A reason is for one translation: not for a whole leaflet or language at once, where it
    // would let every other wrong number through (hostile review).
    for whole in [&["test-folder"][..], &[][..]] {
        let mut args = vec!["translations", "confirm", "en"];
        args.extend_from_slice(whole);
        args.extend_from_slice(&["--numbers-differ", "a pair is two"]);
        project
            .leaflet(&args)
            .assert_code(1)
            .assert_stderr("--numbers-differ is a reason for one translation, not for");
    }
    project
        .leaflet(&[
            "translations",
            "confirm",
            "en",
            "test-folder:step-one",
            "--numbers-differ",
            "a pair is two",
        ])
        .assert_code(0);
    assert!(
        project
            .read("locales/en/translations.lock.yaml")
            .contains("numbers_differ: a pair is two")
    );
    project.leaflet(&["check"]).assert_code(0);
    // The exception stays in sight: the team report lists it with its reason.
    let json = project.leaflet(&["report", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        report["numbers_differ"],
        serde_json::json!([{ "locale": "en", "file": "test-folder", "message": "step-one", "reason": "a pair is two" }])
    );
    let table = project.leaflet(&["report"]);
    assert!(
        table.stdout.contains("numbers differ on purpose")
            && table.stdout.contains("test-folder:step-one")
            && table.stdout.contains("a pair is two"),
        "{}",
        table.stdout
    );
    crate::common::require_typst();
    project.build().assert_code(0);
    let page = project.read("dist/team/report.html");
    assert!(
        page.contains("<th scope=\"row\">test-folder:step-one</th><td>a pair is two</td>"),
        "{page}"
    );
    crate::pages::check_pages_of(&project.path("dist"), &["team/report.html"]);
    // The reason was for that translation: editing it again brings the check back.
    tamper(&project, "a pair of 500 mg", "a pair of 600 mg")
        .assert_code(1)
        .assert_stderr("the translation lacks 2, 500 mg; the translation adds 600 mg");
    // ... and the report no longer lists a reason that does not hold for the new text.
    let json = project.leaflet(&["report", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        report["numbers_differ"],
        serde_json::json!([]),
        "{}",
        json.stdout
    );
}

#[test]
fn a_stale_translation_shows_the_old_and_the_new_source() {
    let project = with_dose();
    project.edit(NL, "om 08:30", "om 09:00");
    project
        .leaflet(&["check"])
        .assert_code(0)
        .assert_stderr(
            "1 translation in en may be out of date: the nl text changed since it was confirmed",
        )
        .assert_stderr(
            "= step-one: nl changed: \"Neem 2 tabletten van 500 mg om [08:30 → 09:00]. Dat",
        );
    let run = project.leaflet(&["translations", "status", "--format", "json"]);
    let status: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let en = &status["leaflets"][0]["locales"]["en"];
    assert_eq!(en["stale"], serde_json::json!(["step-one"]));
    assert_eq!(en["unconfirmed"], serde_json::json!([]));
    assert_eq!(en["changed"][0]["id"], "step-one");
    assert!(
        en["changed"][0]["was"]
            .as_str()
            .unwrap()
            .contains("om 08:30")
    );
    assert!(
        en["changed"][0]["now"]
            .as_str()
            .unwrap()
            .contains("om 09:00")
    );
    let table = project.leaflet(&["translations", "status"]).stdout;
    assert!(
        table.contains("changed in nl since the translation was confirmed:"),
        "{table}"
    );
}

#[test]
fn a_translation_edited_after_its_confirmation_is_hidden_until_confirmed_again() {
    require_typst();
    let project = with_dose();
    // Same numbers, other words: no number check would catch a wrong instruction like this one.
    tamper(&project, "Take two 500 mg tablets", "Never take two 500 mg tablets")
        .assert_code(0)
        .assert_stderr("1 translation in en was edited after it was confirmed; shown in nl until confirmed again: step-one")
        .assert_stderr("locales/en/test-folder.ftl:5:1")
        .assert_stderr("leaflet translations confirm en test-folder:step-one");
    project.build().assert_code(0);
    let page = project.read("dist/en/test-folder/index.html");
    assert!(!page.contains("Never take"), "{page}");
    assert!(page.contains("Neem 2 tabletten"), "{page}");
    let table = project.leaflet(&["translations", "status"]).stdout;
    assert!(table.contains("1 not yet confirmed"), "{table}");

    // Once someone confirms the new wording, it is what patients read.
    project
        .leaflet(&["translations", "confirm", "en", "test-folder:step-one"])
        .assert_code(0);
    project.build().assert_code(0);
    let page = project.read("dist/en/test-folder/index.html");
    assert!(page.contains("Never take"), "{page}");
}

#[test]
fn a_broken_edit_of_a_confirmed_translation_is_an_error_at_once() {
    let project = with_dose();
    // Not shown (edited after its confirmation), but checked as if it were: the translator
    // learns of the mistake now, not after someone confirms it.
    tamper(
        &project,
        "Call { $phone }.",
        "Call [us](javascript:alert(1)) on { $phone }.",
    )
    .assert_code(1)
    .assert_stderr("links to \"javascript:alert(1)\"")
    .assert_stderr("locales/en/test-folder.ftl:5:1");
}

#[test]
fn a_confirmation_from_before_translations_were_fingerprinted_counts_as_edited() {
    let project = Project::fixture("minimal");
    // A lock file entry as leaflet wrote it before it recorded the translation's fingerprint.
    let lock = project.read("locales/en/translations.lock.yaml");
    let entry = lock
        .split("    steps-title:\n")
        .nth(1)
        .expect("steps-title is confirmed in the fixture");
    let translation_line = entry
        .lines()
        .find(|l| l.trim_start().starts_with("translation:"))
        .expect("the fixture records the translation's fingerprint");
    project.write(
        "locales/en/translations.lock.yaml",
        &lock.replacen(&format!("{translation_line}\n"), "", 1),
    );
    project.leaflet(&["check"]).assert_code(0).assert_stderr(
        "1 translation in en was edited after it was confirmed; shown in nl until confirmed again: steps-title",
    );
}

#[test]
fn a_translation_never_confirmed_says_so() {
    let project = Project::fixture("minimal");
    project.edit(EN, "steps-title = Steps", "steps-title = The steps");
    project.edit(
        "locales/en/translations.lock.yaml",
        "    steps-title:",
        "    old-steps-title:",
    );
    let run = project.leaflet(&["check"]);
    run.assert_code(0).assert_stderr(
        "1 translation in en is written but not yet confirmed against the nl text; shown in nl until confirmed: steps-title",
    );
    let table = project.leaflet(&["translations", "status"]).stdout;
    assert!(table.contains("1 not yet confirmed"), "{table}");
}

/// Runs `leaflet check` on `project` as if today were `today`.
fn check_on(project: &Project, today: &str) -> crate::common::Run {
    project.leaflet(&["check", "--today", today])
}

#[test]
fn a_review_date_close_by_is_a_warning_and_a_past_one_an_error() {
    let project = Project::fixture("minimal");
    // review_by is 2027-01-15.
    check_on(&project, "2026-06-01").assert_code(0);
    check_on(&project, "2026-12-01")
        .assert_code(0)
        .assert_stderr(
            "warning: leaflet \"test-folder\" is due for review by 2027-01-15, in 45 days",
        )
        .assert_stderr("leaflets/test-folder.yaml:4:12")
        .assert_stderr("ask its owner (Demo poli)");
    check_on(&project, "2027-02-01")
        .assert_code(1)
        .assert_stderr(
            "error: leaflet \"test-folder\" should have been reviewed by 2027-01-15, 17 days ago",
        )
        .assert_stderr("review: { expired: notice }");
    // The window is a setting.
    project.edit(
        "site.yaml",
        "default_locale: nl\n",
        "default_locale: nl\nreview: { warn_days: 10 }\n",
    );
    check_on(&project, "2026-12-01").assert_code(0);
    assert!(
        !check_on(&project, "2026-12-01")
            .stderr
            .contains("due for review")
    );
}

#[test]
fn an_expired_leaflet_fails_the_build_and_leaves_dist_untouched() {
    require_typst();
    let project = Project::fixture("minimal");
    project.build().assert_code(0);
    let before = project.dist();
    project
        .leaflet_on("2027-02-01", &["build"])
        .assert_code(1)
        .assert_stderr("should have been reviewed by 2027-01-15")
        .assert_stderr("was left as it was");
    assert!(project.dist() == before);
}

#[test]
fn with_expired_notice_the_page_and_the_pdf_say_it_is_being_reviewed() {
    require_typst();
    let project = Project::fixture("minimal");
    project.edit(
        "site.yaml",
        "default_locale: nl\n",
        "default_locale: nl\nreview: { expired: notice }\n",
    );
    project
        .leaflet_on("2027-02-01", &["build"])
        .assert_code(0)
        .assert_stderr("warning: leaflet \"test-folder\" should have been reviewed by 2027-01-15");
    let page = project.read("dist/nl/test-folder/index.html");
    assert!(
        page.contains(
            "<p class=\"notice\" role=\"note\">Wij controleren deze folder op dit moment."
        ),
        "{page}"
    );
    let text = std::process::Command::new("pdftotext")
        .arg(project.path("dist/nl/test-folder/test-folder-nl.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    assert!(
        String::from_utf8_lossy(&text.stdout)
            .contains("Wij controleren deze folder op dit moment.")
    );
    // The same sources on the same day give the same bytes.
    let first = project.dist();
    project.leaflet_on("2027-02-01", &["build"]).assert_code(0);
    assert!(project.dist() == first);
}

#[test]
fn every_leaflet_names_its_owner() {
    let project = Project::fixture("minimal");
    project.edit("leaflets/test-folder.yaml", "owner: Demo poli\n", "");
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("missing field `owner`");
    project.write(
        "leaflets/test-folder.yaml",
        &format!("{}owner: \"\"\n", project.read("leaflets/test-folder.yaml")),
    );
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("the owner must be a role or team on one line");
}

#[test]
fn unreviewed_translations_feedback_and_sources_reach_the_reader() {
    require_typst();
    let project = Project::fixture("minimal");
    project.edit(
        "site.yaml",
        "default_locale: nl\n",
        "default_locale: nl\nfeedback: { email: folders@example.org, url: \"https://example.org/form\" }\n",
    );
    project.edit(
        "leaflets/test-folder.yaml",
        "owner: Demo poli\n",
        "owner: Demo poli\nsources:\n  - { title: \"Richtlijn X (2024)\", url: \"https://example.org/richtlijn\" }\n",
    );
    project.build().assert_code(0);
    let en = project.read("dist/en/test-folder/index.html");
    assert!(
        en.contains("A medical translator has not yet checked this translation."),
        "{en}"
    );
    assert!(
        en.contains("<a href=\"mailto:folders@example.org\">"),
        "{en}"
    );
    assert!(
        en.contains("<a href=\"https://example.org/form\">Fill in the form</a>"),
        "{en}"
    );
    assert!(en.contains("<span lang=\"nl\" dir=\"ltr\"><a href=\"https://example.org/richtlijn\">Richtlijn X (2024)</a></span>"), "{en}");
    let nl = project.read("dist/nl/test-folder/index.html");
    assert!(
        !nl.contains("medisch vertaler"),
        "the source language has no such note"
    );
    let index = project.read("dist/en/index.html");
    assert!(
        index.contains("mailto:folders@example.org"),
        "feedback on the index too"
    );
    let pdf = std::process::Command::new("pdftotext")
        .arg(project.path("dist/en/test-folder/test-folder-en.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    let pdf = String::from_utf8_lossy(&pdf.stdout);
    for expected in [
        "A medical translator has not yet checked",
        "Richtlijn X (2024)",
        "folders@example.org",
        "Sources",
    ] {
        assert!(
            pdf.contains(expected),
            "{expected} missing from the PDF:\n{pdf}"
        );
    }
    // Once reviewed, the note goes.
    project.edit(
        "locales/en/translations.lock.yaml",
        "reviewed_by_medical_translator: false",
        "reviewed_by_medical_translator: true",
    );
    project.build().assert_code(0);
    assert!(
        !project
            .read("dist/en/test-folder/index.html")
            .contains("has not yet checked")
    );
}

#[test]
fn a_leaflet_left_as_leaflet_new_wrote_it_is_refused() {
    let project = Project::fixture("minimal");
    project.leaflet(&["new", "knee-replacement"]).assert_code(0);
    let run = project.leaflet(&["check"]);
    run.assert_code(1)
        .assert_stderr(
            "error: leaflet \"knee-replacement\" still has the placeholders of `leaflet new`",
        )
        .assert_stderr("leaflets/knee-replacement.yaml:2:1")
        .assert_stderr("error: message \"title\" still has the text that `leaflet new` wrote")
        .assert_stderr("locales/nl/knee-replacement.ftl:");
    // The dates are "today" as every command has it: LEAFLET_TODAY (2026-06-01) here, and
    // the review two years on; not the machine's clock.
    let yaml = project.read("leaflets/knee-replacement.yaml");
    assert!(
        yaml.contains(&format!("reviewed: {}\n", crate::common::TODAY))
            && yaml.contains("review_by: 2028-06-01\n"),
        "{yaml}"
    );
    // Headings the scaffold suggests may stay; instructions may not.
    assert!(
        !run.stderr.contains("message \"how-title\""),
        "{}",
        run.stderr
    );
}

#[test]
fn a_phone_number_typed_into_a_message_is_an_error() {
    let project = Project::fixture("minimal");
    project.edit(
        NL,
        "step-two = **Stap twee.** U gaat naar huis.",
        "step-two = **Stap twee.** U gaat naar huis. Vragen? Bel 050 361 48 86.",
    );
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("error: message \"step-two\" in nl has the phone number 050 361 48 86 typed into its text")
        .assert_stderr("locales/nl/test-folder.ftl:6:")
        .assert_stderr("{ $phone }");
    // A number the site allows (a national line) may stay; 112 is never taken for one.
    project.edit(
        "site.yaml",
        "default_locale: nl\n",
        "default_locale: nl\nchecks: { allowed_numbers: [\"050 361 48 86\"] }\n",
    );
    project.leaflet(&["check"]).assert_code(0);
    project.edit(NL, "Bel 050 361 48 86.", "Bel 112 bij nood.");
    project.leaflet(&["check"]).assert_code(0);
    // Hidden in a Fluent literal, or typed with full-width digits: still a typed number.
    project.edit(NL, "Bel 112 bij nood.", "Bel { \"050 361 61 61\" }.");
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("has the phone number 050 361 61 61 typed into its text");
    project.edit(
        NL,
        "Bel { \"050 361 61 61\" }.",
        "Bel ０５０-３６１６１６１.",
    );
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("has the phone number ０５０-３６１６１６１ typed into its text");
}

#[test]
fn a_leaflet_edited_without_a_new_version_is_reported() {
    require_typst();
    let project = Project::fixture("minimal");
    project.build().assert_code(0);
    let lock = project.read("versions.lock.yaml");
    assert!(lock.contains("test-folder:\n    2: "), "{lock}");
    // A changed shared text changes the leaflet's content too.
    project.edit(
        "locales/nl/shared/when-to-call.ftl",
        "when-to-call-title =",
        "when-to-call-title = Bel ons direct\nold-when-to-call-title =",
    );
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("error: leaflet \"test-folder\" changed since version 2 was published, but its version is still 2")
        .assert_stderr("leaflets/test-folder.yaml:2:10")
        .assert_stderr("what changed: its texts in nl or its blocks")
        .assert_stderr("set `version: 3` here");
    project.edit("leaflets/test-folder.yaml", "version: 2", "version: 3");
    let run = project.leaflet(&["check"]);
    assert!(
        !run.stderr.contains("changed since version"),
        "{}",
        run.stderr
    );
    // The closing line says that the lock file changed, and which version it recorded.
    project.build().assert_code(0).assert_stderr(
        "; recorded test-folder version 3 in versions.lock.yaml (commit that file with the sources)",
    );
    let lock = project.read("versions.lock.yaml");
    assert!(
        lock.contains("    2: ") && lock.contains("    3: "),
        "{lock}"
    );
    // Back to version 2 (a revert, a typo): versions only go up.
    project.edit("leaflets/test-folder.yaml", "version: 3", "version: 2");
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr(
            "error: leaflet \"test-folder\" is at version 2, but version 3 was published before",
        )
        .assert_stderr("leaflets/test-folder.yaml:")
        .assert_stderr("set `version:` to 4");
    let before = project.dist();
    project.build().assert_code(1);
    assert!(project.dist() == before, "dist/ changed by a refused build");
}

/// `--out dist`, or the project's `dist` named by its full path, is the published site under
/// another name: it records the versions as a plain build does. Otherwise a new version built
/// that way could be changed again and published under the same number.
#[test]
fn a_build_into_dist_named_with_out_records_the_versions_too() {
    require_typst();
    let project = Project::fixture("minimal");
    project.build().assert_code(0);
    project.edit(
        "locales/nl/shared/when-to-call.ftl",
        "when-to-call-title =",
        "when-to-call-title = Bel ons direct\nold-when-to-call-title =",
    );
    project.edit("leaflets/test-folder.yaml", "version: 2", "version: 3");
    // (The tests run in the repository's folder: the project's dist/ is named by its path.)
    let dist = |rel: &str| project.path(rel).to_str().unwrap().to_string();
    project
        .leaflet(&["build", "--quiet", "--out", &dist("dist")])
        .assert_code(0);
    let lock = project.read("versions.lock.yaml");
    assert!(lock.contains("    3: "), "version 3 not recorded: {lock}");
    // Changed again under version 3: refused, by whatever name dist/ is given.
    project.edit(
        "locales/nl/shared/when-to-call.ftl",
        "when-to-call-title = Bel ons direct",
        "when-to-call-title = Bel ons meteen",
    );
    let before = project.dist();
    for out in [
        dist("dist"),
        dist("./dist/"),
        dist("leaflets/../dist"),
        // Through a folder that is not there (the build would make it).
        dist("not-there/../dist"),
    ] {
        project
            .leaflet(&["build", "--quiet", "--out", &out])
            .assert_code(1)
            .assert_stderr("changed since version 3 was published");
    }
    assert!(project.dist() == before, "dist/ changed by a refused build");
    // A draft elsewhere still records nothing.
    project.edit("leaflets/test-folder.yaml", "version: 3", "version: 4");
    project
        .leaflet(&["build", "--quiet", "--out", &dist("draft")])
        .assert_code(0);
    assert!(!project.read("versions.lock.yaml").contains("    4: "));
}

/// The first publication, through a link to a `dist/` not made yet, records its versions too.
#[cfg(unix)]
#[test]
fn a_first_build_through_a_link_to_dist_records_the_versions() {
    require_typst();
    let project = Project::fixture("minimal");
    std::os::unix::fs::symlink("dist", project.path("site-link")).unwrap();
    let out = project.path("site-link");
    project
        .leaflet(&["build", "--quiet", "--out", out.to_str().unwrap()])
        .assert_code(0);
    assert!(project.path("dist/nl/test-folder/index.html").exists());
    let lock = project.read("versions.lock.yaml");
    assert!(lock.contains("test-folder:\n    2: "), "{lock}");
}

/// A phone number, opening hours or after-hours number changed in site.yaml changes every
/// printed leaflet that shows it: the same as a changed text, it needs a new version.
#[test]
fn contact_data_changed_in_site_yaml_without_a_new_version_is_an_error() {
    let run = crate::bad_input::broken_build_and_check(|p| {
        p.edit("site.yaml", "\"050 345 67 89\"", "\"050 345 67 80\"")
    });
    run.assert_code(1)
        .assert_stderr("error: leaflet \"test-folder\" changed since version 2 was published, but its version is still 2")
        .assert_stderr("leaflets/test-folder.yaml:2:10")
        .assert_stderr("what changed: what it shows from site.yaml")
        .assert_stderr("set `version: 3` here");
    crate::common::assert_run_snapshot!(run.stderr);

    require_typst();
    let project = Project::fixture("minimal");
    project.build().assert_code(0);
    let lock = project.read("versions.lock.yaml");
    let changed = |from: &str, to: &str| {
        project.edit("site.yaml", from, to);
        let run = project.leaflet(&["check"]);
        project.edit("site.yaml", to, from);
        run
    };
    for (from, to) in [
        ("opens: \"08:00\"", "opens: \"08:30\""),
        (
            "after_hours: \"050 999 99 99\"",
            "after_hours: \"050 999 99 90\"",
        ),
        ("name: Demo\n", "name: Demo Ziekenhuis\n"),
        (
            "default_locale: nl\n",
            "default_locale: nl\nfeedback: { email: folders@example.org }\n",
        ),
    ] {
        changed(from, to)
            .assert_code(1)
            .assert_stderr("what changed: what it shows from site.yaml");
    }
    // Data the leaflet does not show may change: another contact's number.
    changed(
        "        after_hours: \"050 999 99 99\"\n",
        "        after_hours: \"050 999 99 99\"\n      other:\n        name: contact-demo-poli\n        phone: \"050 111 22 33\"\n",
    )
    .assert_code(0);
    // A lock written before shown data was part of the fingerprint: the texts are compared,
    // and the next build completes the fingerprint.
    let legacy: String = lock
        .lines()
        .map(|line| line.split_once('+').map_or(line, |(texts, _)| texts))
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(legacy, lock.trim_end());
    project.write("versions.lock.yaml", &legacy);
    project.edit("site.yaml", "\"050 345 67 89\"", "\"050 345 67 80\"");
    project.leaflet(&["check"]).assert_code(0);
    project.build().assert_code(0);
    let completed = project.read("versions.lock.yaml");
    assert!(
        completed.contains("    2: ") && completed.contains('+'),
        "{completed}"
    );
    project.edit("site.yaml", "\"050 345 67 80\"", "\"050 345 67 89\"");
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("what changed: what it shows from site.yaml");
    // A new drawing under the same file name is new content too.
    let svg = |fill: &str| {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\" fill=\"{fill}\"/></svg>"
        )
    };
    project.write("images/wound.svg", &svg("#000000"));
    project.edit(
        "leaflets/test-folder.yaml",
        "  - text: intro\n",
        "  - text: intro\n  - image: { file: images/wound.svg, alt: wound-name }\n",
    );
    project.edit("leaflets/test-folder.yaml", "version: 2", "version: 3");
    project.build().assert_code(0);
    project.write("images/wound.svg", &svg("#ff0000"));
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("version 3 was published")
        .assert_stderr("its sources or its pictures");
}

#[test]
fn a_new_language_is_published_only_once_a_translation_is_confirmed_and_names_itself() {
    require_typst();
    let project = Project::fixture("minimal");
    project.leaflet(&["locale", "add", "pl"]).assert_code(0);
    // The file is there, commented out: the hint says so rather than "create it".
    project.leaflet(&["check"]).assert_code(0).assert_stderr(
        "locales/pl/test-folder.ftl is there with every nl text commented out: remove the \"# \"",
    );
    // Written, not confirmed: a Polish page would be all Dutch, so there is none.
    project.edit(
        "locales/pl/test-folder.ftl",
        "# title = Testfolder",
        "title = Folder testowy",
    );
    // Its own words: translated, waiting for confirmation — not "not translated".
    let build = project.build();
    build.assert_code(0).assert_stderr(
        "leaflet \"test-folder\" is translated into pl, but the translation is waiting for confirmation, so the pl site leaves it out for now",
    );
    assert!(
        !build
            .stderr
            .contains("\"test-folder\" is not translated into pl"),
        "{}",
        build.stderr
    );
    assert!(!project.path("dist/pl/test-folder").exists());
    // A language with no leaflet yet is not offered: no index page, no entry in the choice.
    assert!(!project.path("dist/pl").exists());
    let choice = project.read("dist/index.html");
    assert!(!choice.contains("hreflang=\"pl\""), "{choice}");
    let waiting = "missing), waiting for confirmation";
    let table = project.leaflet(&["translations", "status"]).stdout;
    assert!(
        table.contains("partly translated (") && table.contains(waiting),
        "{table}"
    );
    let json = project
        .leaflet(&["translations", "status", "--format", "json"])
        .stdout;
    assert!(
        json.contains("\"state\": \"waiting-for-confirmation\""),
        "{json}"
    );
    let report = project.leaflet(&["report"]).stdout;
    assert!(report.contains(waiting), "{report}");
    let team = project.read("dist/team/translation-status.html");
    assert!(team.contains(waiting), "{team}");
    project
        .leaflet(&["translations", "confirm", "pl", "test-folder:title"])
        .assert_code(0);
    // Confirmed, but the notice every page of an unreviewed translation shows ("a medical
    // translator has not checked this yet") would be in Dutch: a Polish reader could not read
    // the one warning meant for them, so the page is still held back — and said why.
    project.build().assert_code(0).assert_stderr(
        "the pl site leaves out 1 leaflet (test-folder): its page must tell readers that a medical translator has not checked the translation yet, and that notice (ui-unreviewed-translation) is not translated into pl",
    ).assert_stderr("leaflet translations confirm pl site:ui-unreviewed-translation");
    assert!(!project.path("dist/pl/test-folder").exists());
    let nl = project.read("dist/nl/test-folder/index.html");
    assert!(!nl.contains("hreflang=\"pl\""), "{nl}");
    // A notice without a word is no notice.
    project.set_unreviewed_notice("pl", "{ \" \" }.");
    project
        .build()
        .assert_code(0)
        .assert_stderr("the pl site leaves out 1 leaflet (test-folder)");
    assert!(!project.path("dist/pl/test-folder").exists());
    project.set_unreviewed_notice("pl", "Tłumacz medyczny nie sprawdził jeszcze tej ulotki.");
    let build = project.build();
    build.assert_code(0);
    assert!(
        !build.stderr.contains("the pl site leaves out"),
        "{}",
        build.stderr
    );
    assert!(project.path("dist/pl/test-folder/index.html").exists());
    assert!(project.path("dist/pl/index.html").exists());
    let choice = project.read("dist/index.html");
    assert!(choice.contains("hreflang=\"pl\""), "{choice}");
    let pl = project.read("dist/pl/test-folder/index.html");
    assert!(pl.contains("Tłumacz medyczny nie sprawdził"), "{pl}");
    // Polish has no `language-self-name` yet: the switcher says "Polski", not "Nederlands".
    let nl = project.read("dist/nl/test-folder/index.html");
    assert!(
        nl.contains("hreflang=\"pl\" lang=\"pl\" dir=\"ltr\">Polski</a>"),
        "{nl}"
    );
}

#[test]
fn a_changed_dutch_text_is_not_blocked_by_a_translation_waiting_for_its_translator() {
    let project = Project::fixture("minimal");
    // The Dutch drops a variable; the English (now stale, so not shown) still has it.
    project.edit(
        "locales/nl/shared/phone-hours.ftl",
        "tussen { $opens } en { $closes } uur",
        "op werkdagen",
    );
    let run = project.leaflet(&["check"]);
    run.assert_code(0)
        .assert_stderr("which its nl source does not have (not shown until it is confirmed)");
}

#[test]
fn a_translation_may_not_bring_in_terms_or_bidi_escapes() {
    let project = with_dose();
    project.edit(EN, "Take two 500 mg", "Take two 5{ -w } mg");
    project.write(EN, &format!("{}-w = 00\n", project.read(EN)));
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("the translation adds { -w }");
    let project = with_dose();
    project.edit(EN, "at 8:30", "at {\"\\u202E\"}8:30{\"\\u202C\"}");
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("a Fluent escape writes a bidirectional override or embedding (\\u202E)");
}

#[test]
fn locale_without_out_is_refused() {
    let project = Project::fixture("minimal");
    project
        .leaflet(&["build", "--locale", "en"])
        .assert_code(2)
        .assert_stderr("add --out DIR");
}

/// A Fluent term is text from outside the message: changing it (here 3 → 30 days) would not
/// change the confirmed message's fingerprint, its numbers or its phone check. Terms are refused
/// at their definition and at every use, in every language, and the build leaves dist/ alone.
#[test]
fn a_fluent_term_in_a_confirmed_translation_is_refused() {
    let project = with_dose();
    project.write(
        EN,
        &format!(
            "{}\n-days = 30\nlater = Come back after {{ -days }} days.\n",
            project.read(EN)
        ),
    );
    project.write(
        NL,
        &format!("{}\nlater = Kom na 3 dagen terug.\n", project.read(NL)),
    );
    let run = crate::bad_input::broken_build_and_check(|p| {
        for rel in [EN, NL, "locales/en/translations.lock.yaml"] {
            p.write(rel, &project.read(rel));
        }
    });
    run.assert_code(1)
        .assert_stderr("error: Fluent term \"-days\" is defined; leaflet texts do not use terms")
        .assert_stderr("error: message \"later\" uses the Fluent term \"-days\"")
        .assert_stderr("hint: each message is checked and confirmed on its own");
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("locales/en/test-folder.ftl:"))
        .collect();
    assert!(
        lines.iter().any(|l| l.contains(":9:1")) && lines.iter().any(|l| l.contains(":10:27")),
        "positions of the definition (9:1) and the use (10:27, the dash): {lines:?}"
    );
}

/// A message that includes another (`{ other }`) would show the other's text even when that one
/// is an unconfirmed translation: refused, with the position of the reference.
#[test]
fn a_message_that_includes_another_message_is_refused() {
    let project = with_dose();
    project.edit(EN, "steps-title = Steps", "steps-title = { title }: steps");
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("error: message \"steps-title\" includes the message \"title\"")
        .assert_stderr("locales/en/test-folder.ftl:4:17");
}

/// A phone number split by Markdown, or typed as a `tel:` link, still reaches the reader as a
/// number nobody keeps up to date in site.yaml (hostile review).
#[test]
fn a_phone_number_hidden_in_markdown_or_a_tel_link_is_refused() {
    let project = Project::fixture("minimal");
    project.edit(
        NL,
        "step-one = **Stap een.** U komt langs.",
        "step-one = **Stap een.** Bel **050 361** 48 86.",
    );
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("in nl has the phone number 050 361");
    project.edit(NL, "Bel **050 361** 48 86.", "[Bel ons](tel:+31503614886).");
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("has a phone link typed into it (tel:+31503614886)")
        .assert_stderr("locales/nl/test-folder.ftl:5:");
}

/// A day before today left in `LEAFLET_TODAY` (or given with `--today`) made a build into
/// `dist/` compare review dates with that day, so a leaflet past its review date was published
/// as current (hostile review); a day ahead, from a look at what will expire, put "being
/// reviewed" on leaflets not yet due (walkthrough). A publication is made as of today only; a
/// build elsewhere (a look at the site on another day) may use any day.
#[test]
fn a_publication_is_made_as_of_today_only() {
    let project = Project::example();
    project.leaflet(&["build"]).assert_code(0);
    let before = crate::common::tree(&project.path("dist"));
    let earlier = [("LEAFLET_TODAY", std::path::Path::new("2026-05-01"))];
    let run = project.leaflet_with_env(&["build"], &earlier);
    run.assert_code(2)
        .assert_stderr("review dates would be compared with 2026-05-01 (--today or LEAFLET_TODAY), which is not today (2026-06-01): a leaflet past its review date could be published as current")
        .assert_stderr("hint: to publish, leave out --today and unset LEAFLET_TODAY");
    assert!(
        crate::common::tree(&project.path("dist")) == before,
        "dist/ changed"
    );
    let named = project.path("dist").display().to_string();
    project
        .leaflet(&["build", "--today", "2026-05-31", "--out", &named])
        .assert_code(2);
    project
        .leaflet(&["build", "--today", "2027-06-01"])
        .assert_code(2)
        .assert_stderr("which is not today (2026-06-01): leaflets not yet due could be published as past their review date");
    assert!(
        crate::common::tree(&project.path("dist")) == before,
        "dist/ changed"
    );
    let elsewhere = project.path("as-in-may").display().to_string();
    project
        .leaflet_with_env(&["build", "--no-pdf", "--out", &elsewhere], &earlier)
        .assert_code(0)
        .assert_stderr("warning: this site shows the leaflets as on 2026-05-01 (--today or LEAFLET_TODAY), not as today (2026-06-01): a look at another day, not for patients");
    project
        .leaflet(&["build", "--today", "2026-06-01"])
        .assert_code(0);
}
