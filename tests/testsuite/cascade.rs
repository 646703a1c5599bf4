//! One broken file gives its own diagnostics, not a cascade of follow-ups; long reports end with
//! a line per file.

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
