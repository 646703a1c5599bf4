//! Typst bundles (the default; `--typst-bundle` is still accepted): a few typst runs make many
//! PDFs each. The PDFs are byte for byte those of one run per PDF (`--typst-per-pdf`); a problem
//! is reported for the leaflet it belongs to, as without bundles; a hanging typst is stopped; an
//! older layout without the `leaflet(inputs)` function is run once per PDF. (The PDF checks
//! themselves run on builds of both kinds in `pdf`, and the incremental builds in `incremental`.)

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{Project, require_typst};
use crate::pdf::per_pdf_example;

#[test]
fn pdfs_from_a_bundle_are_byte_identical_to_pdfs_made_one_by_one() {
    require_typst();
    let bundled = Project::example_cold();
    bundled
        .leaflet(&["build", "-v"])
        .assert_code(0)
        .assert_stderr("; 0 PDFs made again one per run");
    let one_by_one = per_pdf_example();
    let (left, right) = (one_by_one.dist(), bundled.dist());
    assert_eq!(
        left.keys().collect::<Vec<_>>(),
        right.keys().collect::<Vec<_>>()
    );
    let pdfs = left
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .count();
    assert_eq!(pdfs, 16);
    for (path, bytes) in &left {
        assert!(right[path] == *bytes, "{} differs", path.display());
    }
}

/// A layout that fails for one leaflet in one language: its bundle fails, its PDFs are made
/// again one per run, and the error names that leaflet, word for word as without bundles.
#[test]
fn an_error_in_one_leaflet_names_that_leaflet_as_without_bundles() {
    require_typst();
    let project = Project::example_cold();
    project.edit(
        "templates/leaflet.typ",
        "#let labels = doc.labels\n",
        "#let labels = doc.labels\n#if doc.id == \"sacrale-neuromodulatie-darm\" and doc.locale == \"en\" { panic(\"broken for the test\") }\n",
    );
    let bundled = project.leaflet(&["build", "--typst-bundle", "--no-cache"]);
    bundled
        .assert_code(1)
        .assert_stderr(
            "error: typst failed to make the office PDF of sacrale-neuromodulatie-darm (en)",
        )
        .assert_stderr(
            "error: typst failed to make the print-shop PDF of sacrale-neuromodulatie-darm (en)",
        )
        .assert_stderr("broken for the test")
        .assert_stderr("leaflets/sacrale-neuromodulatie-darm.yaml:1:1");
    assert_eq!(bundled.stderr.matches("error: typst failed").count(), 2);
    assert!(!project.path("dist").exists());
    let one_by_one = project.leaflet(&["build", "--typst-per-pdf", "--no-cache"]);
    one_by_one.assert_code(1);
    assert_eq!(bundled.stderr, one_by_one.stderr);
    // With -v, the bundle that failed is named.
    project
        .leaflet(&["build", "--typst-bundle", "-v"])
        .assert_code(1)
        .assert_stderr("failed (exit code 1: ")
        .assert_stderr("its PDFs are made again one per typst run");
}

/// A hospital's layout from before the `leaflet(inputs)` function still works: each PDF is
/// made by a typst run of its own, with a note under -v.
#[test]
fn an_older_layout_without_the_function_is_run_once_per_pdf() {
    require_typst();
    let project = Project::fixture("minimal");
    project.write(
        "templates/leaflet.typ",
        "#let doc = json(\"/\" + sys.inputs.data)\n#set document(title: doc.title.plain)\n#set text(lang: doc.locale)\n= #doc.title.plain\n",
    );
    project
        .leaflet(&["build", "--typst-bundle", "-v"])
        .assert_code(0)
        .assert_stderr("note: templates/leaflet.typ has no leaflet(inputs) function (an older layout): each PDF is made by a typst run of its own")
        .assert_stderr("2 made with typst");
}

/// A typst that hangs: the bundle is stopped, its PDFs are tried one per run, and those are
/// stopped at the timeout as without bundles; the previous dist/ stays.
#[test]
fn a_hanging_typst_in_a_bundle_is_stopped() {
    require_typst();
    let project = Project::fixture("minimal");
    project.build().assert_code(0);
    let before = project.dist();
    let fake = project.root.parent().unwrap().join("hanging-typst");
    std::fs::write(
        &fake,
        "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'typst 0.15.1 (fake)'; exit 0; fi\nsleep 60\n",
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let started = Instant::now();
    let run = project.leaflet_with_env(
        &["build", "--typst-bundle", "--typst-timeout", "2", "-v"],
        &[("LEAFLET_TYPST", Path::new(&fake))],
    );
    run.assert_code(2)
        .assert_stderr("(stopped after 2 seconds)")
        .assert_stderr("typst took longer than 2 seconds to make")
        .assert_stderr("was left as it was");
    assert!(
        started.elapsed() < Duration::from_secs(40),
        "the build waited for the hanging typst"
    );
    assert!(project.dist() == before, "dist/ changed");
}
