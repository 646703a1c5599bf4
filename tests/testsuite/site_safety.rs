//! Never break or leak the published site: pictures only from inside the project and only when
//! used, a typst that hangs, crashes or writes broken PDFs, limits on sizes, hardening headers.
//! Each failing case leaves the previous dist/ byte for byte as it was.

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use crate::common::{Project, Run, require_typst};

/// A shell script standing in for typst: answers `--version` like 0.15.1, then runs `compile`.
fn fake_typst(project: &Project, compile: &str) -> std::path::PathBuf {
    let path = project.root.parent().unwrap().join("fake-typst");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'typst 0.15.1 (fake)'; exit 0; fi\n{compile}\n"
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// Builds once with the real typst, then again with `typst` (and extra env) and checks that the
/// failure left dist/ exactly as it was.
fn failing_build(project: &Project, typst: &std::path::Path, env: &[(&str, &str)]) -> Run {
    require_typst();
    project.build().assert_code(0);
    let before = project.dist();
    let mut cmd = assert_cmd::Command::cargo_bin("leaflet").unwrap();
    cmd.env("LEAFLET_TODAY", crate::common::TODAY);
    cmd.env("LEAFLET_CLOCK", crate::common::TODAY);
    cmd.args(["build", "--root"])
        .arg(&project.root)
        .env("LEAFLET_TYPST", typst)
        .env("NO_COLOR", "1");
    for (key, value) in env {
        cmd.env(key, value);
    }
    let run = Run::from(cmd.output().unwrap());
    assert!(project.dist() == before, "dist/ changed:\n{}", run.stderr);
    run.assert_stderr("was left as it was");
    run
}

#[test]
fn a_typst_that_writes_empty_pdfs_fails_the_build() {
    let project = Project::fixture("minimal");
    // Writes a 0-byte file at the output path (the last argument) and says all is well.
    let typst = fake_typst(&project, "for last; do :; done; : > \"$last\"; exit 0");
    failing_build(&project, &typst, &[])
        .assert_code(2)
        .assert_stderr("the office PDF of test-folder (nl): typst wrote an empty file");
}

#[test]
fn a_typst_that_writes_nothing_or_garbage_fails_the_build() {
    let project = Project::fixture("minimal");
    let typst = fake_typst(&project, "exit 0");
    failing_build(&project, &typst, &[])
        .assert_code(2)
        .assert_stderr("typst reported success but wrote no file");
    let typst = fake_typst(
        &project,
        "for last; do :; done; printf '%%PDF-1.7\\nnot a pdf\\n' > \"$last\"; exit 0",
    );
    failing_build(&project, &typst, &[])
        .assert_code(2)
        .assert_stderr("is not a readable PDF");
}

#[test]
fn a_hanging_typst_is_stopped_at_the_timeout() {
    let project = Project::fixture("minimal");
    let typst = fake_typst(&project, "sleep 60");
    let started = Instant::now();
    let run = failing_build(&project, &typst, &[("LEAFLET_TYPST_TIMEOUT", "2")]);
    run.assert_code(2)
        .assert_stderr("typst took longer than 2 seconds to make")
        .assert_stderr("LEAFLET_TYPST_TIMEOUT");
    assert!(
        started.elapsed() < Duration::from_secs(40),
        "the build waited for the hanging typst"
    );
}

#[test]
fn the_timeout_can_be_set_in_site_yaml() {
    let project = Project::fixture("minimal");
    project.edit(
        "site.yaml",
        "default_locale: nl\n",
        "default_locale: nl\nlimits: { typst_timeout_s: 1 }\n",
    );
    let typst = fake_typst(&project, "sleep 60");
    failing_build(&project, &typst, &[])
        .assert_code(2)
        .assert_stderr("typst took longer than 1 seconds");
}

#[test]
fn a_crashing_typst_is_an_environment_error_and_its_output_is_cleaned() {
    let project = Project::fixture("minimal");
    let typst = fake_typst(
        &project,
        "printf '\\033[31mboom\\033[0m \\342\\200\\256reversed\\007\\n' >&2; kill -SEGV $$",
    );
    let run = failing_build(&project, &typst, &[]);
    run.assert_code(2)
        .assert_stderr("typst was killed or crashed while making")
        .assert_stderr("typst: boom reversed");
    assert!(!run.stderr.contains('\u{1b}'), "escape sequence echoed");
    assert!(!run.stderr.contains('\u{202e}'), "bidi override echoed");
}

#[test]
fn a_leaflet_over_the_page_limit_fails_with_a_hint() {
    let project = Project::fixture("minimal");
    project.edit(
        "site.yaml",
        "default_locale: nl\n",
        "default_locale: nl\nlimits: { max_pages: 1 }\n",
    );
    // Longer texts, so the leaflet takes more than one page.
    let long = "Dit is een zin over de behandeling. ".repeat(60);
    for step in ["step-one", "step-two"] {
        let text = project.read("locales/nl/test-folder.ftl");
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{step} =")))
            .unwrap()
            .to_string();
        project.edit(
            "locales/nl/test-folder.ftl",
            &line,
            &format!("{step} = {long}"),
        );
    }
    require_typst();
    let run = project.build();
    run.assert_code(1)
        .assert_stderr("pages; the limit is 1")
        .assert_stderr("raise limits.max_pages in site.yaml");
    assert!(!project.path("dist").exists());
}

#[test]
fn an_unused_picture_is_not_published_even_through_a_link() {
    require_typst();
    let project = Project::fixture("minimal");
    std::fs::create_dir_all(project.path("images")).unwrap();
    std::fs::write(project.path("images/private.svg"), "<svg/>").unwrap();
    std::os::unix::fs::symlink("/etc/passwd", project.path("images/pw.svg")).unwrap();
    project.build().assert_code(0);
    let published: Vec<_> = project
        .dist()
        .into_keys()
        .filter(|p| p.starts_with("assets/images"))
        .collect();
    assert!(published.is_empty(), "published: {published:?}");
}

#[test]
fn a_used_picture_that_links_outside_the_project_is_refused() {
    let project = Project::fixture("minimal");
    std::fs::create_dir_all(project.path("images")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", project.path("images/pw.svg")).unwrap();
    project.edit(
        "leaflets/test-folder.yaml",
        "  - text: intro\n",
        "  - text: intro\n  - image: { file: images/pw.svg, alt: intro }\n",
    );
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("image \"images/pw.svg\" is a link to a file outside the project")
        .assert_stderr("leaflets/test-folder.yaml:9:20")
        .assert_stderr("copy the picture into the images/ folder");
}

#[test]
fn a_picture_linked_from_inside_the_project_is_published() {
    require_typst();
    let project = Project::fixture("minimal");
    std::fs::create_dir_all(project.path("images")).unwrap();
    std::fs::create_dir_all(project.path("branding")).unwrap();
    std::fs::write(
        project.path("branding/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
    )
    .unwrap();
    std::os::unix::fs::symlink("../branding/logo.svg", project.path("images/logo.svg")).unwrap();
    project.edit(
        "leaflets/test-folder.yaml",
        "  - text: intro\n",
        "  - text: intro\n  - image: { file: images/logo.svg, alt: intro }\n",
    );
    project.build().assert_code(0);
    assert!(project.path("dist/assets/images/logo.svg").is_file());
}

#[test]
fn a_code_or_message_over_the_limits_is_an_error_before_typst() {
    let project = Project::fixture("minimal");
    project.edit(
        "leaflets/test-folder.yaml",
        "code: TEST-1",
        &format!("code: {}", "X".repeat(100)),
    );
    let text = project.read("locales/nl/test-folder.ftl");
    let intro = text
        .lines()
        .find(|l| l.starts_with("intro ="))
        .unwrap()
        .to_string();
    project.edit(
        "locales/nl/test-folder.ftl",
        &intro,
        &format!("intro = {}", "lang ".repeat(2000)),
    );
    project
        .leaflet(&["check"])
        .assert_code(1)
        .assert_stderr("the document code is 100 characters long; the limit is 40")
        .assert_stderr("leaflets/test-folder.yaml:1:7")
        .assert_stderr("message \"intro\" is 9999 characters long; the limit is 5000")
        .assert_stderr("locales/nl/test-folder.ftl:");
}

#[test]
fn every_page_carries_a_content_security_policy() {
    require_typst();
    let project = Project::fixture("minimal");
    project.build().assert_code(0);
    let pages: Vec<_> = project
        .dist()
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .collect();
    assert!(pages.len() >= 4);
    for (path, bytes) in pages {
        let html = String::from_utf8(bytes).unwrap();
        assert!(
            html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"),
            "{} has no CSP",
            path.display()
        );
        assert!(html.contains("name=\"referrer\" content=\"no-referrer\""));
        assert!(
            !html.contains("<style"),
            "{} has an inline style",
            path.display()
        );
    }
}

#[test]
fn an_output_folder_with_our_readme_and_other_files_is_not_replaced() {
    let project = Project::fixture("minimal");
    let out = project.root.parent().unwrap().join("web");
    std::fs::create_dir_all(out.join(".git")).unwrap();
    std::fs::write(out.join("README.md"), "# dist/\n\nmade by leaflet\n").unwrap();
    std::fs::write(out.join("CNAME"), "folders.example.org\n").unwrap();
    project
        .leaflet(&["build", "--out", out.to_str().unwrap()])
        .assert_code(2)
        .assert_stderr(
            ".git, CNAME that a leaflet build does not make, which a build would delete",
        );
    assert!(out.join(".git").is_dir() && out.join("CNAME").is_file());
}
