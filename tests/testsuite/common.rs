//! Test helpers: copy a fixture project into a temporary folder, change it, run the real binary.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

/// The day the tests run on, as far as review dates are concerned.
pub const TODAY: &str = "2026-06-01";

pub const TYPST_INSTALL: &str = "cargo install --locked typst-cli@0.15.1";

/// Fails loudly, with the install command, when typst 0.15 is missing: these tests never skip.
pub fn require_typst() {
    let typst = std::env::var("LEAFLET_TYPST").unwrap_or_else(|_| "typst".into());
    let output = Command::new(&typst).arg("--version").output();
    match output {
        Ok(out) if String::from_utf8_lossy(&out.stdout).starts_with("typst 0.15.") => {}
        _ => panic!(
            "this test needs typst 0.15.x on PATH (or LEAFLET_TYPST); install it with: {TYPST_INSTALL}"
        ),
    }
}

pub struct Project {
    _tmp: tempfile::TempDir,
    pub root: PathBuf,
}

fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

impl Project {
    /// A private copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Project {
        Self::copy_of(&fixture_dir(name))
    }

    /// A private copy of the repository's own example content, with the PDF cache of a build
    /// of it (made once per test run): a test that builds the example unchanged reuses its
    /// PDFs, and one that changes a leaflet makes only that leaflet's again. The cache checks
    /// every entry against everything typst would read, so the PDFs are exactly those a cold
    /// build makes (tests/testsuite/incremental.rs proves it).
    pub fn example() -> Project {
        let project = Project::example_cold();
        if let Some(cache) = example_pdf_cache() {
            copy_tree(cache, &project.path(".leaflet-cache/pdf"));
        }
        project
    }

    /// The example without a PDF cache, for tests that count what typst makes.
    pub fn example_cold() -> Project {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().join("project");
        for part in ["site.yaml", "leaflets", "locales", "templates", "images"] {
            copy_tree(&repo.join(part), &root.join(part));
        }
        Project { _tmp: tmp, root }
    }

    fn copy_of(source: &Path) -> Project {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().join("project");
        copy_tree(source, &root);
        Project { _tmp: tmp, root }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Replaces `from` by `to` in a file; the text must be there, so a test cannot pass vacuously.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Removes a file, or a folder with everything in it.
    pub fn remove(&self, rel: &str) {
        let path = self.path(rel);
        if path.is_dir() {
            std::fs::remove_dir_all(path).unwrap();
        } else {
            std::fs::remove_file(path).unwrap();
        }
    }

    pub fn rename(&self, from: &str, to: &str) {
        std::fs::rename(self.path(from), self.path(to)).unwrap();
    }

    /// Runs the real binary on this project: `leaflet ARGS --root ROOT`.
    pub fn leaflet(&self, args: &[&str]) -> Run {
        self.leaflet_with_env(args, &[])
    }

    /// Runs the binary as if today were `day` (`YYYY-MM-DD`): the clock and the day review
    /// dates are compared with.
    pub fn leaflet_on(&self, day: &str, args: &[&str]) -> Run {
        let day = Path::new(day);
        self.leaflet_with_env(args, &[("LEAFLET_TODAY", day), ("LEAFLET_CLOCK", day)])
    }

    /// Runs the real binary with extra environment variables, such as `LEAFLET_TYPST`. The output is
    /// plain text, as in a pipe: `NO_COLOR` is set even though stderr is not a terminal anyway.
    pub fn leaflet_with_env(&self, args: &[&str], env: &[(&str, &Path)]) -> Run {
        let mut cmd = Command::cargo_bin("leaflet").expect("binary");
        cmd.args(args)
            .arg("--root")
            .arg(&self.root)
            .env("NO_COLOR", "1")
            // Review dates are compared with a fixed day, so no test changes with the calendar.
            .env("LEAFLET_TODAY", TODAY)
            // The clock too: a publication may not be made as of a day before the clock's.
            .env("LEAFLET_CLOCK", TODAY);
        for (name, value) in env {
            cmd.env(name, value);
        }
        let output = cmd.output().expect("run leaflet");
        let roots = self.roots();
        let mut command: Vec<String> = env
            .iter()
            .map(|(name, value)| format!("{name}={}", value.display()))
            .collect();
        command.push("leaflet".into());
        command.extend(args.iter().map(|arg| arg.to_string()));
        let mut command = command.join(" ");
        for root in &roots {
            command = command.replace(root.as_str(), "[ROOT]");
        }
        Run {
            code: output.status.code().unwrap_or(-1),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            command,
            roots,
        }
    }

    /// The project folder as the binary may print it: as given, and with symbolic links resolved
    /// (the temporary folder is a link on some systems).
    fn roots(&self) -> Vec<String> {
        let mut roots = vec![self.root.display().to_string()];
        if let Ok(canonical) = self.root.canonicalize() {
            let canonical = canonical.display().to_string();
            if !roots.contains(&canonical) {
                roots.push(canonical);
            }
        }
        roots
    }

    /// Writes `text` as `ui-unreviewed-translation` in `locale`'s `site.ftl` (the notice every
    /// page of a translation not yet reviewed shows, which must be in the page's language) and
    /// confirms it.
    pub fn set_unreviewed_notice(&self, locale: &str, text: &str) {
        let file = format!("locales/{locale}/site.ftl");
        let lines: Vec<String> = self
            .read(&file)
            .lines()
            .map(|line| {
                let bare = line.strip_prefix("# ").unwrap_or(line);
                if bare.starts_with("ui-unreviewed-translation = ") {
                    format!("ui-unreviewed-translation = {text}")
                } else {
                    line.to_string()
                }
            })
            .collect();
        self.write(&file, &format!("{}\n", lines.join("\n")));
        self.leaflet(&[
            "translations",
            "confirm",
            locale,
            "site:ui-unreviewed-translation",
        ])
        .assert_code(0);
    }

    pub fn build(&self) -> Run {
        self.leaflet(&["build"])
    }

    /// Every file under dist/ with its bytes.
    pub fn dist(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        tree(&self.path("dist"))
    }
}

/// One run of the binary: what the user sees of it.
pub struct Run {
    pub code: i32,
    pub stderr: String,
    pub stdout: String,
    /// The command line, with `[ROOT]` for the project folder and the environment it was given
    /// first: `LEAFLET_TYPST=[ROOT]/old-typst leaflet build`.
    command: String,
    roots: Vec<String>,
}

/// A run of the binary started by hand (a fake typst, a kill): no command line to show.
impl From<std::process::Output> for Run {
    fn from(output: std::process::Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            command: String::new(),
            roots: Vec::new(),
        }
    }
}

impl Run {
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "exit code; stderr:\n{}", self.stderr);
        self
    }

    pub fn assert_stderr(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr does not contain {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    /// insta settings that make this run's output the same on every machine and in every run:
    /// the project folder becomes `[ROOT]`, a typst given by LEAFLET_TYPST `[TYPST]`, typst's
    /// private work folder `[TYPST-WORK]`, the system's temporary folder `[TMP]` and a timing
    /// `[TIME]`. The snapshot's description is the
    /// command line and its exit code, so that a snapshot file reads on its own.
    pub fn redactions(&self) -> insta::Settings {
        let mut settings = insta::Settings::clone_current();
        settings.set_description(format!("{} (exit code {})", self.command, self.code));
        for root in &self.roots {
            settings.add_filter(&regex::escape(root), "[ROOT]");
        }
        // The typst the tests use, when given by path (a bare name is a word in the messages),
        // and its exact version: only the pinned 0.15.x series matters.
        if let Ok(typst) = std::env::var("LEAFLET_TYPST")
            && typst.contains(std::path::MAIN_SEPARATOR)
        {
            settings.add_filter(&regex::escape(&typst), "[TYPST]");
        }
        settings.add_filter(r"typst 0\.15\.\d+ \([^)]*\)", "typst 0.15.x");
        settings.add_filter(r"\S*leaflet-typst-[[:alnum:]]+", "[TYPST-WORK]");
        let tmp = std::env::temp_dir().display().to_string();
        settings.add_filter(&regex::escape(tmp.trim_end_matches('/')), "[TMP]");
        settings.add_filter(r"\b\d+\.\d+ ?m?s\b", "[TIME]");
        settings
    }
}

/// Snapshots what the user reads, `run.stderr` or `run.stdout`, with `Run::redactions`, in
/// tests/testsuite/snapshots/. The snapshot is named after the test, or `name` for a test of
/// several runs.
macro_rules! assert_run_snapshot {
    ($run:ident . $stream:ident) => {{
        let _redactions = $run.redactions().bind_to_scope();
        insta::assert_snapshot!($run.$stream);
    }};
    ($name:expr, $run:ident . $stream:ident) => {{
        let _redactions = $run.redactions().bind_to_scope();
        insta::assert_snapshot!($name, $run.$stream);
    }};
}
pub(crate) use assert_run_snapshot;

/// Every file under `dir` with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// Every folder under `dir`, empty ones too: a run that leaves an empty staging folder changed
/// the project even if `tree` does not show it.
pub fn folders(dir: &Path) -> BTreeSet<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_dir())
        .map(|entry| entry.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}

/// The PDF cache entries of a build of the example, made on first use. `None` without typst
/// (the tests that need it fail on `require_typst` with the install command) or when that
/// build fails (the test's own build then shows why).
fn example_pdf_cache() -> Option<&'static Path> {
    static CACHE: std::sync::OnceLock<Option<tempfile::TempDir>> = std::sync::OnceLock::new();
    CACHE
        .get_or_init(|| {
            let typst = std::env::var("LEAFLET_TYPST").unwrap_or_else(|_| "typst".into());
            Command::new(typst).arg("--version").output().ok()?;
            let project = Project::example_cold();
            let out = project.path("dist");
            let run = project.leaflet(&["build", "--quiet", "--out", out.to_str()?]);
            if run.code != 0 {
                return None;
            }
            let keep = tempfile::tempdir().ok()?;
            copy_tree(&project.path(".leaflet-cache/pdf"), keep.path());
            Some(keep)
        })
        .as_ref()
        .map(|dir| dir.path())
}

pub fn copy_tree(from: &Path, to: &Path) {
    if from.is_file() {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
        return;
    }
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
