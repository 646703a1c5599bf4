//! The edit loop: `build --no-pdf`, the PDF cache (an incremental build's `dist/` is byte for
//! byte a cold build's), progress and counts, shards.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::common::{Project, require_typst, tree};

/// The paths of a tree, for a readable failure.
fn differences(
    left: &BTreeMap<PathBuf, Vec<u8>>,
    right: &BTreeMap<PathBuf, Vec<u8>>,
) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in left {
        match right.get(path) {
            None => found.push(format!("only in the first: {}", path.display())),
            Some(other) if other != bytes => found.push(format!("differs: {}", path.display())),
            Some(_) => {}
        }
    }
    for path in right.keys().filter(|p| !left.contains_key(*p)) {
        found.push(format!("only in the second: {}", path.display()));
    }
    found
}

#[test]
fn no_pdf_builds_the_site_without_typst_and_without_pdf_links() {
    let project = Project::fixture("minimal");
    let nowhere = project.path("no-such-typst");
    let run = project.leaflet_with_env(&["build", "--no-pdf"], &[("LEAFLET_TYPST", &nowhere)]);
    run.assert_code(0)
        .assert_stderr("built 1 leaflet in 2 languages (2 pages, no PDFs) into");
    let dist = project.dist();
    assert!(dist.contains_key(&PathBuf::from("nl/test-folder/index.html")));
    assert!(
        !dist
            .keys()
            .any(|p| p.extension().is_some_and(|e| e == "pdf")),
        "{:?}",
        dist.keys().collect::<Vec<_>>()
    );
    // No page links to a PDF that is not there.
    for (path, bytes) in &dist {
        if path.extension().is_some_and(|e| e == "html") {
            let html = String::from_utf8_lossy(bytes);
            assert!(!html.contains(".pdf\""), "{} links a PDF", path.display());
            assert!(!html.contains("pdf-link"), "{}", path.display());
        }
    }
    // Not a publication: the versions are not recorded.
    assert!(!project.path("versions.lock.yaml").exists());
}

/// How many PDFs typst made in a `build -v`, and how many came from the cache.
fn made_and_reused(stderr: &str) -> (usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.contains("made with typst"))
        .unwrap_or_else(|| panic!("no PDF counts in:\n{stderr}"));
    let numbers: Vec<usize> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

/// Appends `words` to the message `id` of a Fluent file (its first line).
fn edit_message(project: &Project, rel: &str, id: &str, words: &str) {
    let text = project.read(rel);
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{id} = ")))
        .unwrap_or_else(|| panic!("no message {id} in {rel}"));
    project.edit(rel, line, &format!("{line} {words}"));
}

/// One change a communications team makes between two builds.
#[derive(Debug, Clone, Copy)]
enum Edit {
    Leaflet,
    SharedBlock,
    Translation,
    SiteSetting,
    Template,
    Image,
    Deletion,
}

/// A published leaflet whose content changes needs a new version (an error otherwise), as
/// an editor would write it: `version:` one up, when the leaflet is still there.
fn raise_version(project: &Project, id: &str) {
    let file = format!("leaflets/{id}.yaml");
    if !project.path(&file).exists() {
        return;
    }
    let yaml = project.read(&file);
    let line = yaml
        .lines()
        .find(|l| l.starts_with("version: "))
        .expect("a version line");
    let version: u32 = line["version: ".len()..].trim().parse().expect("a number");
    project.edit(&file, line, &format!("version: {}", version + 1));
}

impl Edit {
    fn apply(self, project: &Project) {
        match self {
            Edit::Leaflet => {
                project.edit(
                    "leaflets/sacrale-neuromodulatie-darm.yaml",
                    "  - text: diary\n",
                    "  - text: diary\n  - text: background\n",
                );
                raise_version(project, "sacrale-neuromodulatie-darm");
            }
            Edit::SharedBlock => {
                edit_message(
                    project,
                    "locales/nl/shared/implant-risks.ftl",
                    "implant-risks-intro",
                    "Echt.",
                );
                raise_version(project, "neuromodulatie-chronische-pijn");
            }
            // Not the title: the next part of the series shows it.
            Edit::Translation => edit_message(
                project,
                "locales/en/sacrale-neuromodulatie-darm.ftl",
                "how-title",
                "(edited)",
            ),
            Edit::SiteSetting => project.edit(
                "site.yaml",
                "primary_color: \"#005a8c\"",
                "primary_color: \"#00507d\"",
            ),
            Edit::Template => {
                let template = project.read("templates/leaflet.typ");
                project.write(
                    "templates/leaflet.typ",
                    &format!("{template}\n// edited by the test\n"),
                );
            }
            Edit::Image => {
                project.edit(
                    "images/stimulator.svg",
                    "<rect width=\"200\" height=\"260\" fill=\"#ffffff\"/>",
                    "<rect width=\"200\" height=\"260\" fill=\"#fefefe\"/>",
                );
                // A new drawing under the same file name is new content of the leaflet.
                raise_version(project, "neuromodulatie-chronische-pijn");
            }
            Edit::Deletion => {
                project.remove("leaflets/neuromodulatie-chronische-pijn.yaml");
                for lang in ["nl", "en", "ar"] {
                    project.remove(&format!(
                        "locales/{lang}/neuromodulatie-chronische-pijn.ftl"
                    ));
                }
            }
        }
    }
}

/// A permutation of the edits from a seed (printed, and taken from LEAFLET_TEST_SEED to repeat
/// a failure).
fn shuffled(mut edits: Vec<Edit>, seed: u64) -> Vec<Edit> {
    let mut state = seed | 1;
    for i in (1..edits.len()).rev() {
        // xorshift64: good enough to vary the order between runs.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        edits.swap(i, (state % (i as u64 + 1)) as usize);
    }
    edits
}

#[test]
fn after_any_edit_an_incremental_build_is_byte_identical_to_a_cold_one() {
    after_any_edit_incremental_is_cold(&[]);
}

/// The same with `--typst-per-pdf`: the PDFs left to make are made by a typst run each, and the
/// cache (whose PDFs a run per PDF makes byte for byte as a bundle does) still gives a cold
/// build's bytes.
#[test]
fn after_any_edit_an_incremental_build_with_a_typst_run_per_pdf_is_byte_identical_to_a_cold_one() {
    after_any_edit_incremental_is_cold(&["--typst-per-pdf"]);
}

/// Random edits, each followed by an incremental build with `mode` and a cold one.
fn after_any_edit_incremental_is_cold(mode: &[&str]) {
    require_typst();
    let args = |more: &[&'static str]| {
        let mut args = vec!["build", "-v"];
        args.extend(mode);
        args.extend(more);
        args
    };
    let seed = std::env::var("LEAFLET_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    let edits = shuffled(
        vec![
            Edit::Leaflet,
            Edit::SharedBlock,
            Edit::Translation,
            Edit::SiteSetting,
            Edit::Template,
            Edit::Image,
            Edit::Deletion,
        ],
        seed,
    );
    eprintln!("LEAFLET_TEST_SEED={seed}: {edits:?}");
    let project = Project::example_cold();
    let first = project.leaflet(&args(&[]));
    first.assert_code(0);
    assert_eq!(made_and_reused(&first.stderr), (16, 0));

    // Nothing changed: typst does not run at all.
    let again = project.leaflet(&args(&[]));
    again.assert_code(0);
    assert_eq!(made_and_reused(&again.stderr), (0, 16));

    for edit in edits {
        edit.apply(&project);
        let incremental = project.leaflet(&args(&[]));
        incremental.assert_code(0);
        let (made, reused) = made_and_reused(&incremental.stderr);
        let incremental_dist = project.dist();
        let cold = project.leaflet(&args(&["--no-cache"]));
        cold.assert_code(0);
        let (cold_made, cold_reused) = made_and_reused(&cold.stderr);
        assert_eq!(cold_reused, 0, "--no-cache reuses nothing");
        assert_eq!(made + reused, cold_made, "after {edit:?}");
        for run in [&incremental, &cold] {
            assert!(
                !run.stderr.contains("note: typst bundle"),
                "a bundle failed after {edit:?}:\n{}",
                run.stderr
            );
        }
        let found = differences(&incremental_dist, &project.dist());
        assert!(
            found.is_empty(),
            "after {edit:?} (LEAFLET_TEST_SEED={seed}), the incremental build differs from a cold one:\n{}",
            found.join("\n")
        );
        match edit {
            // Only the English PDFs of that leaflet (both print profiles).
            Edit::Translation => assert_eq!(made, 2, "{edit:?}"),
            // Only the leaflet that uses the block, in the languages that show the text.
            Edit::SharedBlock => assert!(made <= 6, "{edit:?}: {made} made"),
            Edit::Leaflet => assert!(made <= 8, "{edit:?}: {made} made"),
            // Nothing is left to make: the other PDFs are as they were.
            Edit::Deletion => assert_eq!(made, 0, "{edit:?}"),
            Edit::SiteSetting | Edit::Template => assert_eq!(reused, 0, "{edit:?}"),
            Edit::Image => {}
        }
    }
}

#[test]
fn a_damaged_or_foreign_cache_entry_is_ignored() {
    require_typst();
    let project = Project::fixture("minimal");
    project.build().assert_code(0);
    let cold = project.dist();
    let entries = tree(&project.path(".leaflet-cache/pdf"));
    assert_eq!(entries.len(), 4, "two PDFs, each with its description");
    // Damage every PDF in the cache: same length, one byte changed.
    for (rel, bytes) in &entries {
        if rel.extension().is_some_and(|e| e == "pdf") {
            let mut damaged = bytes.clone();
            let middle = damaged.len() / 2;
            damaged[middle] ^= 0x20;
            std::fs::write(project.path(".leaflet-cache/pdf").join(rel), damaged).unwrap();
        }
    }
    // (The first build recorded the leaflet versions, so this one runs anyway.)
    let run = project.leaflet(&["build", "-v"]);
    run.assert_code(0);
    assert_eq!(made_and_reused(&run.stderr), (2, 0));
    assert!(differences(&cold, &project.dist()).is_empty());
    // Repaired: the next build reuses both.
    let run = project.leaflet(&["build", "-v"]);
    assert_eq!(made_and_reused(&run.stderr), (0, 2));

    // A typst of another version never reuses the PDFs of this one.
    let typst = which_typst();
    let wrapper = project.path("other-typst");
    project.write(
        "other-typst",
        &format!(
            "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'typst 0.15.9 (0000000)'; exit 0; fi\nexec {} \"$@\"\n",
            typst.display()
        ),
    );
    make_executable(&wrapper);
    let run = project.leaflet_with_env(&["build", "-v"], &[("LEAFLET_TYPST", &wrapper)]);
    run.assert_code(0);
    assert_eq!(made_and_reused(&run.stderr), (2, 0));
}

#[test]
fn a_cache_entry_made_to_look_right_is_checked_like_a_new_pdf() {
    use sha2::Digest;
    require_typst();
    let project = Project::fixture("minimal");
    project.build().assert_code(0);
    let cold = project.dist();
    let dir = project.path(".leaflet-cache/pdf");
    let mut keys: Vec<String> = tree(&dir)
        .into_keys()
        .filter(|rel| rel.extension().is_some_and(|e| e == "pdf"))
        .map(|rel| rel.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    keys.sort();
    assert_eq!(keys.len(), 2);
    // Whoever can write the cache can also write the hashes that vouch for its PDFs: the
    // first entry gets bytes that are no PDF, with their right SHA-256 …
    let forged = b"not a pdf".to_vec();
    let describe = |key: &str, bytes: &[u8]| {
        let path = dir.join(format!("{key}.json"));
        let mut info: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let digest: String = sha2::Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        info["pdf_sha256"] = serde_json::Value::String(digest);
        std::fs::write(&path, serde_json::to_vec(&info).unwrap()).unwrap();
    };
    std::fs::write(dir.join(format!("{}.pdf", keys[0])), &forged).unwrap();
    describe(&keys[0], &forged);
    // … and the second is a link to a file elsewhere (here a copy of its own PDF).
    let second = dir.join(format!("{}.pdf", keys[1]));
    let elsewhere = project.path("elsewhere.pdf");
    std::fs::rename(&second, &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &second).unwrap();
    // Into a new folder (no previous PDF to compare with) and into dist/ (whose PDFs differ
    // from the forged one): both are made again, and the output is a cold build's.
    let out = project.path("../fresh-out");
    let run = project.leaflet(&["build", "-v", "--out", out.to_str().unwrap()]);
    run.assert_code(0);
    assert_eq!(made_and_reused(&run.stderr), (2, 0), "{}", run.stderr);
    assert!(differences(&cold, &tree(&out)).is_empty());
    std::fs::write(dir.join(format!("{}.pdf", keys[0])), &forged).unwrap();
    describe(&keys[0], &forged);
    project.remove(".leaflet-cache/builds");
    let run = project.leaflet(&["build", "-v"]);
    run.assert_code(0);
    assert_eq!(made_and_reused(&run.stderr), (1, 1), "{}", run.stderr);
    assert!(differences(&cold, &project.dist()).is_empty());
}

fn which_typst() -> PathBuf {
    if let Some(typst) = std::env::var_os("LEAFLET_TYPST") {
        return PathBuf::from(typst);
    }
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|dir| dir.join("typst"))
        .find(|p| p.is_file())
        .expect("typst on PATH")
}

fn make_executable(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn quiet_prints_no_progress_and_a_log_gets_one_line() {
    require_typst();
    let project = Project::fixture("minimal");
    let run = project.build();
    run.assert_code(0)
        .assert_stderr("making 2 PDFs with typst\n");
    let run = project.leaflet(&["build", "--quiet", "--no-cache"]);
    run.assert_code(0);
    assert!(!run.stderr.contains("making"), "{}", run.stderr);
    // One PDF fewer in the cache: one made, one reused.
    let (_, info) = tree(&project.path(".leaflet-cache/pdf"))
        .into_iter()
        .find(|(rel, _)| rel.extension().is_some_and(|e| e == "json"))
        .map(|(rel, bytes)| (bytes, rel))
        .expect("a cache entry");
    project.remove(&format!(".leaflet-cache/pdf/{}", info.display()));
    // dist/ is as the last build left it, so the build would do nothing: forget that build.
    project.remove(".leaflet-cache/builds");
    project
        .build()
        .assert_stderr("making 1 PDF with typst; 1 reused from the cache\n");
}

#[test]
fn shards_built_apart_assemble_into_the_same_dist_as_one_build() {
    require_typst();
    // Three machines of a CI matrix: two make a part each, the third puts them together.
    let first = Project::example();
    let second = Project::example();
    let assembler = Project::example_cold();
    let part_1 = first.path("../part-1");
    let part_2 = second.path("../part-2");
    let run = first.leaflet(&["build", "--shard", "1/2", "--out", part_1.to_str().unwrap()]);
    run.assert_code(0)
        .assert_stderr("made part 1 of 2: 8 of the site's 16 PDFs into");
    second
        .leaflet(&["build", "--shard", "2/2", "--out", part_2.to_str().unwrap()])
        .assert_code(0);
    // A part is no site.
    assert!(!first.path("dist").exists() && !part_1.join("index.html").exists());
    let entries_1 = tree(&part_1.join("pdf"));
    let entries_2 = tree(&part_2.join("pdf"));
    assert_eq!(
        (entries_1.len(), entries_2.len()),
        (16, 16),
        "8 PDFs each, with descriptions"
    );
    assert!(
        entries_1.keys().all(|k| !entries_2.contains_key(k)),
        "the parts overlap"
    );

    // Only one part: refused, nothing written.
    let run = assembler.leaflet(&["build", "--assemble", part_1.to_str().unwrap()]);
    run.assert_code(2)
        .assert_stderr("part 2 of 2 is missing from --assemble");
    assert!(!assembler.path("dist").exists());
    // A folder that is not a part.
    let run = assembler.leaflet(&[
        "build",
        "--assemble",
        assembler.path("images").to_str().unwrap(),
    ]);
    run.assert_code(2)
        .assert_stderr("is not a part made by leaflet build --shard");
    // A part marker that no --shard writes (a typo, or a forged number of parts that would
    // take the memory of the machine to list): refused at once, and so is such a --shard.
    let forged = assembler.path("../forged-part");
    std::fs::create_dir_all(&forged).unwrap();
    std::fs::write(
        forged.join("leaflet-part.json"),
        r#"{"part":1,"of":18446744073709551615}"#,
    )
    .unwrap();
    let run = assembler.leaflet(&["build", "--assemble", forged.to_str().unwrap()]);
    run.assert_code(2)
        .assert_stderr("which no leaflet build --shard makes");
    let run = assembler.leaflet(&["build", "--shard", "1/1001", "--out", "../p"]);
    run.assert_code(2).assert_stderr("at most 1000 parts");

    let run = assembler.leaflet(&[
        "build",
        "-v",
        "--assemble",
        part_1.to_str().unwrap(),
        part_2.to_str().unwrap(),
    ]);
    run.assert_code(0);
    assert_eq!(made_and_reused(&run.stderr), (0, 16), "{}", run.stderr);
    let assembled = assembler.dist();
    let cold = Project::example();
    cold.leaflet(&["build", "--no-cache"]).assert_code(0);
    let found = differences(&assembled, &cold.dist());
    assert!(found.is_empty(), "{}", found.join("\n"));

    // A part that lost a PDF: the assembler makes it itself and says so.
    let (lost, _) = entries_2
        .iter()
        .find(|(rel, _)| rel.extension().is_some_and(|e| e == "json"))
        .unwrap();
    std::fs::remove_file(part_2.join("pdf").join(lost)).unwrap();
    let fresh = Project::example_cold();
    let run = fresh.leaflet(&[
        "build",
        "--assemble",
        part_1.to_str().unwrap(),
        part_2.to_str().unwrap(),
    ]);
    run.assert_code(0)
        .assert_stderr("1 PDF was not in the parts, so made here");
    assert!(differences(&fresh.dist(), &cold.dist()).is_empty());
}

/// The last line of a run's stderr.
fn closing_line(stderr: &str) -> &str {
    stderr.lines().last().unwrap_or_default()
}

/// Every file of dist/ with its modification time: a build that did nothing rewrites nothing.
fn modified_times(project: &Project) -> Vec<(PathBuf, std::time::SystemTime)> {
    walkdir::WalkDir::new(project.path("dist"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.path().to_path_buf(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_build_with_nothing_changed_does_nothing_and_says_what_the_last_one_said() {
    require_typst();
    let project = Project::example();
    // The first build records the leaflet versions (versions.lock.yaml, a source): the second
    // reads them, and runs too.
    project.build().assert_code(0);
    let first = project.build();
    first.assert_code(0);
    assert!(
        closing_line(&first.stderr).starts_with("built "),
        "{}",
        first.stderr
    );
    let dist = project.dist();
    let times = modified_times(&project);

    let again = project.build();
    again.assert_code(0);
    let line = closing_line(&again.stderr);
    assert!(
        line.starts_with("nothing changed since the last build, so ")
            && line.contains("3 leaflets in 4 languages (8 pages and 16 PDFs)"),
        "{line}"
    );
    // The same warnings, in the same words; dist/ not touched at all.
    fn without_last(s: &str) -> Vec<&str> {
        s.lines().rev().skip(1).collect()
    }
    assert!(
        first.stderr.contains("warning:"),
        "the example has warnings to show again"
    );
    assert_eq!(without_last(&first.stderr), without_last(&again.stderr));
    assert_eq!(times, modified_times(&project));
    assert!(differences(&dist, &project.dist()).is_empty());

    // A source changed: the build runs.
    edit_message(
        &project,
        "locales/en/sacrale-neuromodulatie-darm.ftl",
        "how-title",
        "(edited)",
    );
    let edited = project.build();
    edited.assert_code(0);
    assert!(
        closing_line(&edited.stderr).starts_with("built "),
        "{}",
        edited.stderr
    );
    // (An edited translation waits for confirmation: the page shows the Dutch text again.)
    assert!(!differences(&dist, &project.dist()).is_empty());

    // A source that breaks the build, then is put back: dist/ is still that build's.
    let good = project.read("site.yaml");
    project.write("site.yaml", &format!("{good}\nnot a key at all\n"));
    project.build().assert_code(1);
    project.write("site.yaml", &good);
    let back = project.build();
    back.assert_code(0);
    assert!(
        closing_line(&back.stderr).starts_with("nothing changed"),
        "{}",
        back.stderr
    );
}

#[test]
fn a_changed_output_another_day_or_other_options_make_the_build_run() {
    require_typst();
    let project = Project::fixture("minimal");
    project.build().assert_code(0);
    let cold = project.dist();
    let runs = |run: &crate::common::Run| closing_line(&run.stderr).starts_with("built ");
    assert!(
        runs(&project.build()),
        "the versions recorded by the first build are read"
    );
    assert!(!runs(&project.build()));

    // A file of dist/ removed, edited or added by hand: the build puts dist/ right.
    let pdf = cold
        .keys()
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap()
        .clone();
    std::fs::remove_file(project.path("dist").join(&pdf)).unwrap();
    assert!(runs(&project.build()));
    assert!(differences(&cold, &project.dist()).is_empty());
    let page = cold
        .keys()
        .find(|p| p.ends_with("index.html") && p.components().count() == 3)
        .unwrap()
        .clone();
    std::fs::write(project.path("dist").join(&page), "<p>defaced</p>").unwrap();
    assert!(runs(&project.build()));
    assert!(differences(&cold, &project.dist()).is_empty());
    project.write("dist/nl/extra.html", "");
    assert!(runs(&project.build()));
    assert!(differences(&cold, &project.dist()).is_empty());
    assert!(!runs(&project.build()), "and then nothing changed");
    // Edited in place, same size, with its modification time put back (`touch -r`): the
    // change time still tells.
    let file = project.path("dist").join(&page);
    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes.len() / 2;
    bytes[at] = if bytes[at] == b'x' { b'y' } else { b'x' };
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    {
        use std::io::Write;
        let mut open = std::fs::OpenOptions::new().write(true).open(&file).unwrap();
        open.write_all(&bytes).unwrap();
        open.set_modified(modified).unwrap();
    }
    assert!(runs(&project.build()), "an edit with its old time put back");
    assert!(differences(&cold, &project.dist()).is_empty());

    // Another day (review dates), another typst, other options, a damaged record.
    let run = project.leaflet_on("2026-06-02", &["build"]);
    assert!(runs(&run), "{}", run.stderr);
    assert!(runs(&project.build()), "back to the usual day");
    // A site without PDFs does not replace one with them: refused, dist/ as it was.
    project
        .leaflet(&["build", "--no-pdf"])
        .assert_code(2)
        .assert_stderr("--no-pdf makes a site without PDFs, which would take the PDFs in");
    // Nor into the same folder named with --out, or through a link to it.
    let dist = project.path("dist");
    std::os::unix::fs::symlink(&dist, project.path("web")).unwrap();
    for out in [
        format!("{}/", dist.display()),
        project.path("web").display().to_string(),
    ] {
        project
            .leaflet(&["build", "--no-pdf", "--out", &out])
            .assert_code(2)
            .assert_stderr("which would take the PDFs in");
    }
    std::fs::remove_file(project.path("web")).unwrap();
    assert!(differences(&cold, &project.dist()).is_empty());
    assert!(!runs(&project.build()), "the refused build changed nothing");
    assert!(runs(&project.leaflet(&["build", "--strict"])));
    assert!(runs(&project.leaflet(&["build", "--no-cache"])));
    assert!(
        runs(&project.leaflet(&["build", "--no-cache"])),
        "--no-cache always builds"
    );
    assert!(!runs(&project.build()));
    for entry in std::fs::read_dir(project.path(".leaflet-cache/builds")).unwrap() {
        std::fs::write(entry.unwrap().path(), "{").unwrap();
    }
    assert!(runs(&project.build()));
    // A draft elsewhere has its own record and leaves dist/'s alone.
    let draft = project.path("draft");
    let draft = draft.to_str().unwrap();
    assert!(runs(&project.leaflet(&["build", "--out", draft])));
    assert!(!runs(&project.leaflet(&["build", "--out", draft])));
    assert!(!runs(&project.build()));
    assert!(differences(&cold, &project.dist()).is_empty());
}

/// A build says why it did the typst work it did: after a version bump, the leaflet whose PDFs
/// were made again (the version is printed on them), how many typst made and how many were
/// reused; a build whose PDFs all came from the cache says so.
#[test]
fn the_closing_line_says_which_leaflets_made_pdfs_and_how_many_were_reused() {
    require_typst();
    let project = Project::example();
    project.build().assert_code(0);
    raise_version(&project, "neuromodulatie-chronische-pijn");
    let bumped = project.build();
    bumped.assert_code(0);
    let line = closing_line(&bumped.stderr);
    // Its 3 languages × 2 print profiles made again, the other leaflets' 10 PDFs reused.
    assert!(
        line.starts_with("built 3 leaflets in 4 languages (8 pages and 16 PDFs) into ")
            && line.contains("/dist: 1 leaflet new or changed since its PDFs were last made, 6 PDFs made with typst, 10 reused (neuromodulatie-chronische-pijn)"),
        "{line}"
    );

    // Another folder, the same sources: every PDF from the cache.
    let elsewhere = project.path("draft").display().to_string();
    let run = project.leaflet(&["build", "--out", &elsewhere]);
    run.assert_code(0);
    assert!(
        closing_line(&run.stderr).contains(": nothing changed for the PDFs, all 16 reused"),
        "{}",
        run.stderr
    );
}

/// The search index of a build (each language indexed apart, the unchanged ones from the cache)
/// is the bundle one Pagefind run over all leaflet pages makes; after an edit of one language's
/// text, too.
#[test]
fn the_search_index_is_the_one_a_single_pagefind_run_makes_also_from_the_cache() {
    let project = Project::example_cold();
    let at_once = |dist: &BTreeMap<PathBuf, Vec<u8>>| {
        let pages: Vec<leaflet::render::search::Searchable> = dist
            .iter()
            .filter(|(path, _)| path.components().count() == 3 && path.ends_with("index.html"))
            .map(|(path, html)| leaflet::render::search::Searchable {
                path: path.to_string_lossy().into_owned(),
                locale: path
                    .components()
                    .next()
                    .unwrap()
                    .as_os_str()
                    .to_string_lossy()
                    .into_owned(),
                html: leaflet::render::search::PageHtml::Held(
                    String::from_utf8(html.clone()).unwrap(),
                ),
            })
            .collect();
        assert!(pages.len() > 4, "{} leaflet pages", pages.len());
        leaflet::render::search::build_index_at_once(&pages)
            .unwrap()
            .into_iter()
            .collect::<BTreeMap<_, _>>()
    };
    let bundle = |dist: &BTreeMap<PathBuf, Vec<u8>>| {
        dist.iter()
            .filter(|(path, _)| path.starts_with("pagefind"))
            .map(|(path, bytes)| (path.clone(), bytes.clone()))
            .collect::<BTreeMap<_, _>>()
    };
    project.leaflet(&["build", "--no-pdf"]).assert_code(0);
    let dist = project.dist();
    let found = differences(&bundle(&dist), &at_once(&dist));
    assert!(found.is_empty(), "{found:?}");
    assert!(project.path(".leaflet-cache/search").is_dir());

    // One English text changed: English is indexed again, the other languages come from the
    // cache, and the bundle is still the one of a single run.
    project.edit(
        "locales/en/neuromodulatie-chronische-pijn.ftl",
        "title = ",
        "title = Updated: ",
    );
    project.leaflet(&["build", "--no-pdf"]).assert_code(0);
    let edited = project.dist();
    assert_ne!(bundle(&edited), bundle(&dist), "the index did not change");
    let found = differences(&bundle(&edited), &at_once(&edited));
    assert!(found.is_empty(), "{found:?}");
}
