//! dist/ must never vanish: builds killed at any moment, `dist` as a link to a web root, two
//! builds at once, what killed builds leave behind, and the closing line of a failed build.
//!
//! The builds run as child processes of this test in their own process group, with a private
//! temp folder (`TMPDIR`) so their typst work folders can be counted. `LEAFLET_TEST_PAUSE` stops a
//! build at a named point, where the test kills it.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Project, Run, require_typst, tree};
use rustix::process::{Pid, Signal, kill_process, kill_process_group};

/// The tests of this file take turns: the kill test counts against the clock, and the others'
/// builds on the same two cores would make it count fewer kills.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());
    TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Starts `leaflet build` on `project`, its typst work folders in `temp`.
fn start(project: &Project, temp: &Path, env: &[(&str, &str)]) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_leaflet"));
    command
        .arg("build")
        .arg("--root")
        .arg(&project.root)
        .env("TMPDIR", temp)
        .env("LEAFLET_TODAY", crate::common::TODAY)
        .env("LEAFLET_CLOCK", crate::common::TODAY)
        .env_remove("LEAFLET_TEST_PAUSE")
        .env_remove("LEAFLET_TEST_SWAP")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        // Its own group, so a kill can take typst with it, as a power cut would.
        .process_group(0);
    // A build that is to pause where typst works must run typst: the PDF cache could have
    // every PDF already.
    if env.contains(&("LEAFLET_TEST_PAUSE", "in-pdf")) {
        command.arg("--no-cache");
    }
    for (key, value) in env {
        command.env(key, value);
    }
    command.spawn().expect("start leaflet")
}

/// Reads the build's stderr until it says it paused; the reader keeps the pipe open.
fn wait_for_pause(child: &mut Child, point: &str) -> BufReader<ChildStderr> {
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr is piped"));
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        let read = stderr.read_line(&mut line).expect("read stderr");
        assert!(
            read > 0,
            "the build ended without pausing at {point}:\n{seen}"
        );
        if line.contains(&format!("paused at {point}")) {
            return stderr;
        }
        seen.push_str(&line);
    }
}

/// Runs a build to its end (no pause) with its temp folder in `temp`.
fn build_in(project: &Project, temp: &Path, env: &[(&str, &str)]) -> Run {
    let child = start(project, temp, env);
    Run::from(child.wait_with_output().expect("wait for leaflet"))
}

fn pid(child: &Child) -> Pid {
    Pid::from_raw(child.id() as i32).expect("a child has a pid")
}

/// The names in `dir` that start with `prefix`.
fn names_starting(dir: &Path, prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    names
}

/// Whether a process runs (a zombie waiting for its parent to read its status does not).
fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        let state = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .unwrap_or("");
        state != "Z" && state != "X"
    })
}

/// The nl summary of the fixture, in two versions, so that a new build differs from the old.
const SUMMARY: &str = "summary = Een korte folder om mee te testen.";

/// Gives the summary its text number `version`. These tests are about the output folder, not
/// about version discipline, and go back and forth between two builds: the record of published
/// versions is dropped, or the second text under the same `version:` would be refused.
fn set_version(project: &Project, version: usize) {
    let lock = project.path("versions.lock.yaml");
    if lock.exists() {
        std::fs::remove_file(lock).unwrap();
    }
    let text = project.read("locales/nl/test-folder.ftl");
    let line = format!("{SUMMARY} (versie {version})");
    let (start, end) = text
        .find(SUMMARY)
        .map(|at| (at, at + text[at..].find('\n').unwrap()))
        .expect("the summary line");
    project.write(
        "locales/nl/test-folder.ftl",
        &format!("{}{line}{}", &text[..start], &text[end..]),
    );
}

/// A small deterministic generator, so a failing run can be repeated (the seed is printed).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

#[test]
fn dist_is_always_a_whole_build_whatever_moment_a_build_is_killed() {
    let _turn = one_at_a_time();
    require_typst();
    let project = Project::fixture("minimal");
    let temp = tempfile::tempdir().unwrap();

    // The two complete builds dist/ may ever be equal to.
    let mut builds: Vec<BTreeMap<PathBuf, Vec<u8>>> = Vec::new();
    let mut full = Duration::ZERO;
    for version in 0..2 {
        set_version(&project, version);
        let started = Instant::now();
        build_in(&project, temp.path(), &[]).assert_code(0);
        full = full.max(started.elapsed());
        builds.push(project.dist());
    }
    assert!(builds[0] != builds[1], "the two versions build the same");
    let mut current = 1;

    let points = ["locked", "in-pdf", "before-swap", "after-swap"];
    let seed = 20_260_501;
    let mut random = Lcg(seed);
    let mut kills = 0;
    let mut finished_first = 0;
    let mut by_point: BTreeMap<String, usize> = BTreeMap::new();
    let started = Instant::now();
    // Bounded: 50 kills are required, up to 60 are made while the time lasts (more only
    // lengthen CI; LEAFLET_KILLS raises the number for a longer run by hand).
    let most: usize = std::env::var("LEAFLET_KILLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(60);
    let budget = Duration::from_secs(40);
    // A hang shows as running far past the time 50 kills take. Measured in whole builds, so
    // a busy machine (CI with other jobs, several test binaries at once) does not fail it.
    let deadline = Duration::from_secs(55).max(full * 75);
    let mut round = 0;
    while kills < most && (started.elapsed() < budget || kills < 50) {
        assert!(
            started.elapsed() < deadline,
            "only {kills} kills in {} s (a whole build took {} ms)",
            deadline.as_secs(),
            full.as_millis()
        );
        let new = 1 - current;
        set_version(&project, new);
        let point = (round % 2 == 0).then(|| points[(round / 2) % points.len()]);
        let (mut child, _stderr) = match point {
            Some(point) => {
                let mut child = start(&project, temp.path(), &[("LEAFLET_TEST_PAUSE", point)]);
                let stderr = wait_for_pause(&mut child, point);
                (child, Some(stderr))
            }
            None => {
                let child = start(&project, temp.path(), &[]);
                // Anywhere from the start to the end of a whole build.
                let upto = full.as_micros() as u64;
                std::thread::sleep(Duration::from_micros(random.below(upto)));
                (child, None)
            }
        };
        // Most kills take the whole group (typst too); every third one only leaflet, which
        // leaves typst running for the next build to cope with.
        if round % 3 == 2 {
            let _ = kill_process(pid(&child), Signal::KILL);
        } else {
            let _ = kill_process_group(pid(&child), Signal::KILL);
        }
        let status = child.wait().unwrap();
        let what = match point {
            Some(point) => point.to_string(),
            None => "a random moment".to_string(),
        };
        if status.signal() == Some(9) {
            kills += 1;
            *by_point.entry(what.clone()).or_default() += 1;
        } else {
            assert_eq!(status.code(), Some(0), "a build that was not killed failed");
            finished_first += 1;
        }

        let dist = project.path("dist");
        assert!(
            dist.is_dir(),
            "round {round} (seed {seed}): dist/ is missing after a kill at {what}"
        );
        let now = project.dist();
        current = if now == builds[current] {
            current
        } else if now == builds[new] {
            new
        } else {
            panic!(
                "round {round} (seed {seed}): after a kill at {what} dist/ is neither the previous nor the new build"
            );
        };
        round += 1;
    }
    let elapsed = started.elapsed();

    // One more build cleans up after all of them.
    let last = 1 - current;
    set_version(&project, last);
    build_in(&project, temp.path(), &[]).assert_code(0);
    assert!(project.dist() == builds[last], "the last build is complete");
    assert_eq!(
        names_starting(&project.root, ".dist"),
        Vec::<String>::new(),
        "leftovers beside dist/"
    );
    // Every build that made them was killed, and the last one removed its own.
    assert_eq!(
        names_starting(temp.path(), "leaflet-typst-"),
        Vec::<String>::new(),
        "typst work folders of dead builds"
    );
    eprintln!(
        "{kills} kills ({by_point:?}) and {finished_first} builds that finished before their kill, in {:.1} s (a whole build: {:.2} s; seed {seed})",
        elapsed.as_secs_f64(),
        full.as_secs_f64()
    );
    assert!(kills >= 50, "only {kills} kills");
}

#[test]
fn a_dist_that_links_to_a_web_root_stays_a_link_and_the_web_root_is_updated() {
    let _turn = one_at_a_time();
    require_typst();
    let project = Project::fixture("minimal");
    let www = tempfile::tempdir().unwrap();
    let site = www.path().join("site");
    std::fs::create_dir(&site).unwrap();
    let dist = project.path("dist");
    std::os::unix::fs::symlink(&site, &dist).unwrap();

    project.build().assert_code(0);
    let first = tree(&site);
    assert!(first.contains_key(Path::new("nl/test-folder/index.html")));
    set_version(&project, 1);
    project.build().assert_code(0);

    assert!(
        dist.symlink_metadata().unwrap().is_symlink(),
        "still a link"
    );
    assert_eq!(std::fs::read_link(&dist).unwrap(), site);
    let second = tree(&site);
    assert!(second != first, "the web root was not updated");
    let page = String::from_utf8(second[Path::new("nl/test-folder/index.html")].clone()).unwrap();
    assert!(page.contains("(versie 1)"));
    assert_eq!(
        names_starting(www.path(), ""),
        ["site"],
        "nothing left beside the web root"
    );
    assert_eq!(names_starting(&project.root, ".dist"), Vec::<String>::new());

    // A web root leaflet cannot write beside is refused, with the way to deploy instead.
    std::fs::remove_file(&dist).unwrap();
    std::os::unix::fs::symlink("/sys/leaflet-web-root", &dist).unwrap();
    project
        .build()
        .assert_code(2)
        .assert_stderr("cannot write in /sys, beside /sys/leaflet-web-root that")
        .assert_stderr("make the web server's folder a link to it (README: \"The output folder\")");
    assert!(dist.symlink_metadata().unwrap().is_symlink());
}

#[test]
fn a_second_build_of_the_same_output_is_refused_naming_the_first() {
    let _turn = one_at_a_time();
    require_typst();
    let project = Project::fixture("minimal");
    let temp = tempfile::tempdir().unwrap();
    project.build().assert_code(0);
    let before = project.dist();
    set_version(&project, 1);

    let mut first = start(
        &project,
        temp.path(),
        &[("LEAFLET_TEST_PAUSE", "before-swap")],
    );
    let mut stderr = wait_for_pause(&mut first, "before-swap");
    let started = Instant::now();
    project
        .build()
        .assert_code(2)
        .assert_stderr(&format!(
            "another leaflet build is writing {}",
            project.path("dist").display()
        ))
        .assert_stderr(&format!("(pid {}, started ", first.id()))
        .assert_stderr("was left as it was");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "refused at once"
    );

    // SIGTERM ends the first one cleanly: its temporary folders go, dist/ is the old build.
    kill_process(pid(&first), Signal::TERM).unwrap();
    let status = first.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(
        rest.contains("build interrupted; ") && rest.contains("was left as it was"),
        "{rest}"
    );
    assert!(project.dist() == before);
    assert_eq!(names_starting(&project.root, ".dist"), Vec::<String>::new());
    assert_eq!(
        names_starting(temp.path(), "leaflet-typst-"),
        Vec::<String>::new()
    );
}

#[test]
fn an_interrupted_build_removes_its_folders_and_stops_typst() {
    let _turn = one_at_a_time();
    require_typst();
    let project = Project::fixture("minimal");
    let temp = tempfile::tempdir().unwrap();
    project.build().assert_code(0);
    let before = project.dist();

    // A typst that announces itself and then takes its time.
    let fake = temp.path().join("slow-typst");
    let started_file = temp.path().join("started");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\ncase \"$1\" in --version) echo 'typst 0.15.1 (slow)'; exit 0;; esac\necho $$ >> '{}'\nexec sleep 30\n",
            started_file.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();

    let fake_path = fake.to_str().unwrap();
    let child = start(&project, temp.path(), &[("LEAFLET_TYPST", fake_path)]);
    let deadline = Instant::now() + Duration::from_secs(20);
    let typst_pids = loop {
        let pids: Vec<u32> = std::fs::read_to_string(&started_file)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .collect();
        if !pids.is_empty() {
            break pids;
        }
        assert!(Instant::now() < deadline, "typst was never started");
        std::thread::sleep(Duration::from_millis(20));
    };
    // Only leaflet gets the signal, as from a service manager that stops the main process.
    kill_process(pid(&child), Signal::TERM).unwrap();
    let run = Run::from(child.wait_with_output().unwrap());
    run.assert_code(130)
        .assert_stderr("build interrupted; ")
        .assert_stderr("was left as it was");
    let deadline = Instant::now() + Duration::from_secs(5);
    while typst_pids.iter().any(|&p| running(p)) {
        assert!(
            Instant::now() < deadline,
            "typst outlived the build: {typst_pids:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(project.dist() == before);
    assert_eq!(names_starting(&project.root, ".dist"), Vec::<String>::new());
    assert_eq!(
        names_starting(temp.path(), "leaflet-typst-"),
        Vec::<String>::new()
    );

    // Ctrl-C after the swap: the new build stays, the previous one is removed.
    set_version(&project, 1);
    let mut child = start(
        &project,
        temp.path(),
        &[("LEAFLET_TEST_PAUSE", "after-swap")],
    );
    let _stderr = wait_for_pause(&mut child, "after-swap");
    kill_process(pid(&child), Signal::INT).unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(130));
    assert!(
        project
            .read("dist/nl/test-folder/index.html")
            .contains("(versie 1)")
    );
    assert_eq!(names_starting(&project.root, ".dist"), Vec::<String>::new());
}

/// A build killed (kill -9, a crash, a power cut) just after its site went in has already
/// recorded the versions that site shows: the same version can never later show other words.
#[test]
fn a_build_killed_just_after_the_swap_has_recorded_the_versions_it_published() {
    let _turn = one_at_a_time();
    require_typst();
    let project = Project::fixture("minimal");
    let temp = tempfile::tempdir().unwrap();
    build_in(&project, temp.path(), &[]).assert_code(0);
    set_version(&project, 1);
    let mut child = start(
        &project,
        temp.path(),
        &[("LEAFLET_TEST_PAUSE", "after-swap")],
    );
    let _stderr = wait_for_pause(&mut child, "after-swap");
    kill_process_group(pid(&child), Signal::KILL).unwrap();
    assert_eq!(child.wait().unwrap().signal(), Some(9));
    assert!(
        project
            .read("dist/nl/test-folder/index.html")
            .contains("(versie 1)")
    );
    assert!(
        project.path("versions.lock.yaml").exists(),
        "the published version is not recorded"
    );

    // Other words under the same version: refused, and the published site stays.
    let text = project
        .read("locales/nl/test-folder.ftl")
        .replace("(versie 1)", "(versie 2)");
    project.write("locales/nl/test-folder.ftl", &text);
    build_in(&project, temp.path(), &[])
        .assert_code(1)
        .assert_stderr("leaflet \"test-folder\" changed since version");
    assert!(
        project
            .read("dist/nl/test-folder/index.html")
            .contains("(versie 1)")
    );
}

#[test]
fn what_killed_builds_left_is_removed_and_a_missing_dist_put_back() {
    let _turn = one_at_a_time();
    require_typst();
    let project = Project::fixture("minimal");
    let temp = tempfile::tempdir().unwrap();
    project.build().assert_code(0);
    let before = project.dist();

    // A crash as it looks afterwards: a staging folder, a swapped-out output, a lock file no
    // process holds, work folders of a dead and of a running process.
    for leftover in [".dist.staging-crash1", ".dist.old-crash2"] {
        project.write(&format!("{leftover}/en/index.html"), "half");
    }
    project.write(".dist.lock", "pid 4000000, started 2026-01-01 00:00:00 UTC");
    let mut gone = Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let alive = std::process::id();
    for pid in [dead, alive] {
        let work = temp.path().join(format!("leaflet-typst-{pid}-x"));
        std::fs::create_dir_all(work.join("data")).unwrap();
        std::fs::write(work.join("data/doc.json"), "{}").unwrap();
    }
    build_in(&project, temp.path(), &[]).assert_code(0);
    assert!(project.dist() == before);
    assert_eq!(names_starting(&project.root, ".dist"), Vec::<String>::new());
    assert_eq!(
        names_starting(temp.path(), "leaflet-typst-"),
        [format!("leaflet-typst-{alive}-x")],
        "only the work folder of a running process stays"
    );

    // The two-rename swap (where the exchange is not available) killed between its renames:
    // dist/ is missing for a moment, and the next build puts it back, even one that fails.
    set_version(&project, 1);
    let env = [
        ("LEAFLET_TEST_SWAP", "renames"),
        ("LEAFLET_TEST_PAUSE", "between-renames"),
    ];
    let mut child = start(&project, temp.path(), &env);
    let _stderr = wait_for_pause(&mut child, "between-renames");
    kill_process_group(pid(&child), Signal::KILL).unwrap();
    child.wait().unwrap();
    assert!(!project.path("dist").exists(), "the window of the fallback");
    assert_eq!(names_starting(&project.root, ".dist.old-").len(), 1);

    project.edit("leaflets/test-folder.yaml", "use: contact", "use: contakt");
    build_in(&project, temp.path(), &[])
        .assert_code(1)
        .assert_stderr("put back ")
        .assert_stderr("was left as it was");
    assert!(project.dist() == before);
    assert_eq!(names_starting(&project.root, ".dist"), Vec::<String>::new());

    // The fallback swap itself publishes as the exchange does.
    project.edit("leaflets/test-folder.yaml", "use: contakt", "use: contact");
    build_in(&project, temp.path(), &[("LEAFLET_TEST_SWAP", "renames")]).assert_code(0);
    assert!(
        project
            .read("dist/nl/test-folder/index.html")
            .contains("(versie 1)")
    );
    assert_eq!(names_starting(&project.root, ".dist"), Vec::<String>::new());
}

/// `--no-pdf` is refused when the output holds PDFs, also when the site with them waits in the
/// leftover of a swap killed between its renames: the build first puts it back (code review).
#[test]
fn no_pdf_is_refused_also_for_a_site_put_back_from_a_killed_swap() {
    let _turn = one_at_a_time();
    require_typst();
    let project = Project::fixture("minimal");
    project.build().assert_code(0);
    let before = project.dist();
    std::fs::rename(project.path("dist"), project.path(".dist.old-crash")).unwrap();
    project
        .leaflet(&["build", "--no-pdf"])
        .assert_code(2)
        .assert_stderr("which would take the PDFs in");
    assert!(project.dist() == before, "the site with its PDFs is back");
    assert_eq!(names_starting(&project.root, ".dist"), Vec::<String>::new());
}

#[test]
fn a_failed_build_says_what_dist_holds() {
    let _turn = one_at_a_time();
    require_typst();
    let project = Project::fixture("minimal");
    project.edit("leaflets/test-folder.yaml", "use: contact", "use: contakt");
    let dist = project.path("dist");
    project
        .build()
        .assert_code(1)
        .assert_stderr(&format!("build failed; {} was not created", dist.display()));
    assert!(!dist.exists());

    project.edit("leaflets/test-folder.yaml", "use: contakt", "use: contact");
    project.build().assert_code(0);
    let before = project.dist();
    project.edit("leaflets/test-folder.yaml", "use: contact", "use: contakt");
    project.build().assert_code(1).assert_stderr(&format!(
        "build failed; {} was left as it was",
        dist.display()
    ));
    assert!(project.dist() == before);
}

#[test]
fn unchanged_files_are_linked_from_the_previous_dist_which_never_changes() {
    use std::os::unix::fs::MetadataExt;
    let _turn = one_at_a_time();
    require_typst();
    let project = Project::fixture("minimal");
    project.build().assert_code(0);
    let inode = |rel: &str| std::fs::metadata(project.path(rel)).unwrap().ino();
    let (nl_page, nl_pdf) = (
        "dist/nl/test-folder/index.html",
        "dist/nl/test-folder/test-folder-nl.pdf",
    );
    let (nl_index, edited, private, backed_up, labelled) = (
        "dist/nl/index.html",
        "dist/index.html",
        "dist/README.md",
        "dist/en/test-folder/test-folder-en.pdf",
        "dist/assets/style.css",
    );
    let all = [
        nl_page, nl_pdf, nl_index, edited, private, backed_up, labelled,
    ];
    for rel in all {
        assert!(
            project.path(rel).is_file(),
            "{rel} is not in the fixture's dist/"
        );
    }
    let before: BTreeMap<&str, u64> = all.into_iter().map(|rel| (rel, inode(rel))).collect();
    // Someone edits a page by hand, keeps a hard link to a PDF elsewhere, and makes a file
    // private: none of the three may be taken over as it is.
    let edited_bytes = std::fs::read(project.path(edited)).unwrap();
    let mut changed = edited_bytes.clone();
    let at = changed.len() / 2;
    changed[at] = if changed[at] == b'x' { b'y' } else { b'x' };
    std::fs::write(project.path(edited), &changed).unwrap();
    let backup = project.path("backup.pdf");
    std::fs::hard_link(project.path(backed_up), &backup).unwrap();
    let backup_bytes = std::fs::read(&backup).unwrap();
    std::fs::set_permissions(
        project.path(private),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    // An extended attribute (as an ACL is one): a new file would not have it.
    rustix::fs::setxattr(
        project.path(labelled),
        "user.leaflet-test",
        b"kept?",
        rustix::fs::XattrFlags::empty(),
    )
    .expect("the temp folder's file system must allow user extended attributes");
    let mode = std::fs::metadata(project.path(nl_page)).unwrap().mode() & 0o7777;

    // A changed English text: the Dutch page and PDF are the same bytes as before.
    project.edit(
        "locales/en/test-folder.ftl",
        "intro = This is",
        "intro = Here is",
    );
    project.build().assert_code(0);
    assert_eq!(
        inode(nl_page),
        before[nl_page],
        "an unchanged page is linked"
    );
    assert_eq!(inode(nl_pdf), before[nl_pdf], "an unchanged PDF is linked");
    assert_eq!(inode(nl_index), before[nl_index]);
    for rel in [edited, private, backed_up, labelled] {
        assert_ne!(inode(rel), before[rel], "{rel} was taken over");
        let meta = std::fs::metadata(project.path(rel)).unwrap();
        assert_eq!(
            meta.mode() & 0o7777,
            mode,
            "{rel} has a new file's permissions"
        );
        assert_eq!(meta.nlink(), 1, "{rel}");
    }
    assert_eq!(std::fs::read(project.path(edited)).unwrap(), edited_bytes);
    assert_eq!(
        std::fs::read(&backup).unwrap(),
        backup_bytes,
        "the backup is untouched"
    );
    // Every file of dist/ has one name: the previous dist, the other names, is gone.
    assert_one_name_each(&project);
    // And it holds what a cold build makes.
    assert_as_cold(&project);

    // A build killed after it linked files (just before its swap) leaves the previous dist
    // byte for byte; the next build, failed or not, removes its folder, and dist/'s files
    // have one name again.
    let dist = project.dist();
    project.edit(
        "locales/en/test-folder.ftl",
        "intro = Here is",
        "intro = There is",
    );
    let temp = tempfile::tempdir().unwrap();
    let mut child = start(
        &project,
        temp.path(),
        &[("LEAFLET_TEST_PAUSE", "before-swap")],
    );
    let _stderr = wait_for_pause(&mut child, "before-swap");
    let staged = names_starting(&project.root, ".dist.staging-");
    assert_eq!(staged.len(), 1, "{staged:?}");
    let linked = project.path(&format!("{}/nl/test-folder/index.html", staged[0]));
    assert_eq!(std::fs::metadata(&linked).unwrap().ino(), before[nl_page]);
    kill_process_group(pid(&child), Signal::KILL).unwrap();
    child.wait().unwrap();
    assert!(project.dist() == dist, "a killed build changed dist/");
    project.edit("leaflets/test-folder.yaml", "use: contact", "use: contakt");
    build_in(&project, temp.path(), &[]).assert_code(1);
    assert!(project.dist() == dist, "a failed build changed dist/");
    assert_eq!(names_starting(&project.root, ".dist"), Vec::<String>::new());
    assert_one_name_each(&project);
}

#[test]
fn a_write_into_the_previous_dist_during_a_build_fails_the_build_instead_of_going_out() {
    let _turn = one_at_a_time();
    require_typst();
    let project = Project::fixture("minimal");
    project.build().assert_code(0);
    let page = project.path("dist/nl/test-folder/index.html");
    project.edit(
        "locales/en/test-folder.ftl",
        "intro = This is",
        "intro = Here is",
    );
    let temp = tempfile::tempdir().unwrap();
    let resume = temp.path().join("resume");
    let mut child = start(
        &project,
        temp.path(),
        &[
            ("LEAFLET_TEST_PAUSE", "before-swap"),
            ("LEAFLET_TEST_RESUME", resume.to_str().unwrap()),
        ],
    );
    let mut stderr = wait_for_pause(&mut child, "before-swap");
    // The unchanged Dutch page is linked into the new dist/ by now. Something (a sync tool, a
    // script) writes into the previous dist/'s file in place, same size.
    let mut bytes = std::fs::read(&page).unwrap();
    let at = bytes.len() / 2;
    bytes[at] = if bytes[at] == b'x' { b'y' } else { b'x' };
    {
        use std::io::Write;
        let mut file = std::fs::OpenOptions::new().write(true).open(&page).unwrap();
        file.write_all(&bytes).unwrap();
    }
    let dist = project.dist();
    std::fs::write(&resume, "").unwrap();
    let status = child.wait().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert_eq!(status.code(), Some(2), "{rest}");
    assert!(
        rest.contains(
            "nl/test-folder/index.html was changed in the previous output while this build ran"
        ),
        "{rest}"
    );
    assert!(rest.contains("was left as it was"), "{rest}");
    assert!(project.dist() == dist, "dist/ is as it was");
    assert_eq!(names_starting(&project.root, ".dist"), Vec::<String>::new());
    // The next build puts the page right.
    project.build().assert_code(0);
    assert_as_cold(&project);
}

#[test]
fn a_language_folder_without_its_page_is_named_as_such_when_the_build_refuses() {
    let _turn = one_at_a_time();
    require_typst();
    let project = Project::fixture("minimal");
    project.build().assert_code(0);
    std::fs::remove_file(project.path("dist/nl/index.html")).unwrap();
    let dist = project.dist();
    project
        .build()
        .assert_code(2)
        .assert_stderr("nl/ (a language folder without its index.html file)");
    assert!(project.dist() == dist, "dist/ is left as it is");
}

/// Every file of dist/ has one name: no link to a previous output is left.
fn assert_one_name_each(project: &Project) {
    use std::os::unix::fs::MetadataExt;
    for entry in walkdir::WalkDir::new(project.path("dist")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let links = entry.metadata().unwrap().nlink();
            assert_eq!(links, 1, "{}", entry.path().display());
        }
    }
}

/// dist/ holds what a build from scratch (`--no-cache`, into another folder) makes.
fn assert_as_cold(project: &Project) {
    let cold = project.path("cold");
    project
        .leaflet(&["build", "--no-cache", "--out", cold.to_str().unwrap()])
        .assert_code(0);
    assert!(
        tree(&cold) == project.dist(),
        "dist/ differs from a cold build"
    );
}
