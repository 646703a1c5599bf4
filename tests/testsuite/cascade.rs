//! One broken file gives its own diagnostics, not a cascade of follow-ups; long reports end with
//! a line per file.

use std::path::Path;

use crate::common::Project;

#[test]
fn a_leaflet_that_does_not_load_gives_one_error_not_unused_message_warnings() {
    let project = Project::example();
    project.edit(
        "leaflets/neuromodulatie-chronische-pijn.yaml",
        "version:",
        "versoin:",
    );
    let run = project.leaflet(&["check"]);
    run.assert_code(1)
        .assert_stderr("unknown field `versoin`")
        .assert_stderr("check failed (1 error,");
    assert!(
        !run.stderr.contains("is not used by any leaflet"),
        "{}",
        run.stderr
    );
}

#[test]
fn unused_messages_are_still_reported_when_everything_loads() {
    let project = Project::fixture("minimal");
    let text = project.read("locales/nl/test-folder.ftl");
    project.write(
        "locales/nl/test-folder.ftl",
        &format!("{text}\nleftover = Niet gebruikt.\n"),
    );
    project
        .leaflet(&["check"])
        .assert_code(0)
        .assert_stderr("warning: message \"leftover\" is not used by any leaflet");
}

#[test]
fn a_long_report_ends_with_a_line_per_file() {
    let project = Project::fixture("minimal");
    let mut text = project.read("locales/nl/test-folder.ftl");
    for i in 0..12 {
        text.push_str(&format!("unused-{i} = Niet gebruikt.\n"));
    }
    project.write("locales/nl/test-folder.ftl", &text);
    project
        .leaflet(&["check"])
        .assert_code(0)
        .assert_stderr("problems by file:\n  locales/nl/test-folder.ftl: 12 warnings\n");
}

#[test]
fn the_errors_come_last_after_many_warnings_just_above_the_closing_line() {
    let project = Project::fixture("minimal");
    let mut text = project.read("locales/nl/test-folder.ftl");
    for i in 0..12 {
        text.push_str(&format!("unused-{i} = Niet gebruikt.\n"));
    }
    project.write("locales/nl/test-folder.ftl", &text);
    let text = project.read("locales/en/test-folder.ftl");
    project.write(
        "locales/en/test-folder.ftl",
        &format!("{text}\nbroken = {{ $\n"),
    );
    let run = project.leaflet(&["check"]);
    run.assert_code(1);
    let stderr = &run.stderr;
    let last_warning = stderr.rfind("warning:").expect("warnings");
    let first_error = stderr.find("error:").expect("an error");
    assert!(last_warning < first_error, "{stderr}");
    // The summary per file ends with the file that has the error.
    let summary = &stderr[stderr.find("problems by file:").expect("summary")..];
    let lines: Vec<&str> = summary.lines().collect();
    assert!(
        lines[lines.len() - 2].contains("locales/en/test-folder.ftl: 1 error"),
        "{summary}"
    );
    assert!(
        lines[lines.len() - 1].starts_with("check failed"),
        "{summary}"
    );
}

/// The example as published: with its record of the published versions.
fn published_example() -> Project {
    let project = Project::example();
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("versions.lock.yaml");
    project.write(
        "versions.lock.yaml",
        &std::fs::read_to_string(lock).unwrap(),
    );
    project
}

/// The follow-ups a mistake in a published leaflet used to bring: "set the next version" for a
/// leaflet that only reads as changed because of the mistake, and "update each translation" for
/// texts whose Dutch only looks changed.
fn assert_no_follow_ups(run: &crate::common::Run) {
    for follow_up in [
        "changed since version",
        "may be out of date",
        "correct the id here",
    ] {
        assert!(
            !run.stderr.contains(follow_up),
            "{follow_up}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_misspelt_message_id_in_a_published_leaflet_is_one_error_not_a_new_version() {
    let project = published_example();
    let yaml = "leaflets/sacrale-neuromodulatie-testperiode.yaml";
    project.edit(yaml, "  - text: intro\n", "  - text: intor\n");
    let run = project.leaflet(&["check"]);
    run.assert_code(1)
        .assert_stderr("message \"intor\" is missing in the default language (nl)")
        .assert_stderr("check failed (1 error,");
    assert_no_follow_ups(&run);
    // Mended, the version check is back: a real change still needs the next version.
    project.edit(
        yaml,
        "  - text: intor\n",
        "  - text: test-start\n  - text: intro\n",
    );
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("changed since version 1 was published");
}

#[test]
fn a_fluent_syntax_error_in_the_dutch_is_one_error_not_stale_translations() {
    let project = published_example();
    let ftl = "locales/nl/sacrale-neuromodulatie-testperiode.ftl";
    project.edit(
        ftl,
        "\n    Hoe de behandeling werkt,",
        "\nHoe de behandeling werkt,",
    );
    let run = project.leaflet(&["check"]);
    run.assert_code(1)
        .assert_stderr("Fluent syntax error in locales/nl/sacrale-neuromodulatie-testperiode.ftl")
        .assert_stderr("check failed (1 error,");
    assert_no_follow_ups(&run);
}

#[test]
fn a_misspelt_id_in_the_dutch_does_not_ask_translations_to_copy_it() {
    let project = published_example();
    let ftl = "locales/nl/sacrale-neuromodulatie-testperiode.ftl";
    project.edit(ftl, "\ntest-start =", "\ntest-satrt =");
    let run = project.leaflet(&["check"]);
    run.assert_code(1)
        .assert_stderr("did you mean \"test-satrt\"")
        .assert_stderr("the leaflets use \"test-start\", so this id is right: locales/nl/sacrale-neuromodulatie-testperiode.ftl lacks it");
    assert_no_follow_ups(&run);
}

/// Thousands of warnings in one large file are shown with one copy of that file, not one per
/// warning (8,000 took 3.4 GB before): the run stays within 1 GB of address space.
#[cfg(unix)]
#[test]
fn thousands_of_warnings_in_one_large_file_stay_within_bounded_memory() {
    let project = Project::fixture("minimal");
    let ftl = "locales/nl/test-folder.ftl";
    let mut text = project.read(ftl);
    for n in 0..8000 {
        text.push_str(&format!(
            "unused-{n} = Een tekst die geen folder gebruikt, nummer {n}.\n"
        ));
    }
    project.write(ftl, &text);
    let binary = assert_cmd::cargo::cargo_bin("leaflet");
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1000000 && exec \"$0\" check --root \"$1\"")
        .arg(&binary)
        .arg(project.path(""))
        .env("NO_COLOR", "1")
        .env("LEAFLET_TODAY", "2026-06-01")
        .env("LEAFLET_CLOCK", "2026-06-01")
        .output()
        .expect("run leaflet");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("locales/nl/test-folder.ftl: 8000 warnings"),
        "{stderr}"
    );
}

/// A misspelt interface id in a translation is still a typo there: "did you mean" points at the
/// source's id, and the translation is not told that its id is right.
#[test]
fn a_misspelt_interface_id_in_a_translation_is_a_typo_there() {
    let project = published_example();
    project.edit(
        "locales/en/site.ftl",
        "\nui-skip-link =",
        "\nui-skip-lnik =",
    );
    let run = project.leaflet(&["check"]);
    run.assert_stderr("message \"ui-skip-lnik\" in en has no nl source in the same file")
        .assert_stderr("did you mean \"ui-skip-link\"");
    assert!(
        !run.stderr.contains("so this id is right"),
        "{}",
        run.stderr
    );
}
