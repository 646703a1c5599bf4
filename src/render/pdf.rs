//! PDF: Documents to print-ready PDFs with the `typst` CLI.
//!
//! Receives Documents and the theme. Finds `typst` (`LEAFLET_TYPST` or `PATH`) and checks it is
//! the pinned 0.15 series; writes the theme's `leaflet.typ`, the fonts and one JSON file per
//! Document into a private work folder used as Typst's `--root`, and runs one `typst compile` per
//! Document, several at once. Text reaches Typst only as JSON data, never as markup. Typst runs
//! with only the vendored fonts (`--ignore-system-fonts`) and a fixed `SOURCE_DATE_EPOCH`, so the
//! same sources give the same bytes. Its errors are reported against the leaflet and language.
//! Every run has a deadline; every PDF is checked (`verify`) before the site may use it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::document::Document;
use crate::paths::IMAGES_DIR;
use crate::render::process::{self, RunError, clean_line};
use crate::render::theme::Theme;
use crate::render::verify::verify_pdf;
use crate::resolve::PrintProfile;

pub const TYPST_SERIES: &str = "0.15";
pub const TYPST_VERSION: &str = "0.15.1";
pub const INSTALL_HINT: &str = "install it with: cargo install --locked typst-cli@0.15.1";

/// A checked `typst` executable.
#[derive(Debug, Clone)]
pub struct Typst {
    pub program: PathBuf,
    pub version: String,
}

/// How long `typst --version` may take.
const VERSION_TIMEOUT: Duration = Duration::from_secs(30);

/// Finds `typst` and checks its version. Problems are environment errors (exit code 2).
pub fn find_typst() -> Result<Typst, Diagnostic> {
    let program = std::env::var_os("LEAFLET_TYPST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("typst"));
    let output = process::run(Command::new(&program).arg("--version"), VERSION_TIMEOUT).map_err(
        |err| {
            let why = match err {
                RunError::Spawn(err) if err.kind() == std::io::ErrorKind::NotFound => {
                    "it is not installed or not on PATH".to_string()
                }
                RunError::Spawn(err) => err.to_string(),
                RunError::TimedOut => format!(
                    "`typst --version` did not answer within {} seconds",
                    VERSION_TIMEOUT.as_secs()
                ),
            };
            Diagnostic::environment(format!(
                "cannot run typst ({}): {why}",
                program.display()
            ))
            .hint(format!("leaflet needs typst {TYPST_VERSION} to make PDFs; {INSTALL_HINT} (or set LEAFLET_TYPST to its path)"))
        },
    )?;
    let text = clean_line(output.stdout.lines().next().unwrap_or_default());
    let version = text
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_string();
    let series_ok = version == TYPST_SERIES
        || version
            .strip_prefix(TYPST_SERIES)
            .is_some_and(|rest| rest.starts_with('.'));
    if !output.status.success() || !series_ok {
        return Err(Diagnostic::environment(format!(
            "typst {TYPST_SERIES}.x is needed, but {} says \"{}\"",
            program.display(),
            text.trim()
        ))
        .hint(format!(
            "PDFs are only checked with typst {TYPST_VERSION}; {INSTALL_HINT}"
        )));
    }
    Ok(Typst { program, version })
}

/// Bounds on every typst run.
#[derive(Debug, Clone, Copy)]
pub struct PdfLimits {
    pub timeout: Duration,
    pub max_pages: u32,
}

/// One PDF to make.
pub struct PdfJob<'a> {
    pub doc: &'a Document,
    /// The leaflet's YAML file, where problems are reported.
    pub source: PathBuf,
    /// `SOURCE_DATE_EPOCH`: the leaflet's review date, never the clock.
    pub epoch: i64,
    pub profile: &'a PrintProfile,
    /// The theme's main colour (`#rrggbb`), for the PDF's frames and rules.
    pub primary_color: Option<&'a str>,
    pub output: PathBuf,
}

/// Compiles every job, several at once (rayon, one typst process per job); a failure is a
/// diagnostic for that leaflet, the others go on. `images` are the pictures Typst may read:
/// (path inside `images/`, file to copy).
pub fn compile_all(
    typst: &Typst,
    theme: &Theme,
    images: &[(PathBuf, PathBuf)],
    jobs: &[PdfJob<'_>],
    limits: PdfLimits,
    diags: &mut Diagnostics,
) {
    if jobs.is_empty() {
        return;
    }
    let work = match prepare_work_dir(theme, images) {
        Ok(work) => work,
        Err(err) => {
            diags.push(Diagnostic::environment(format!(
                "failed to prepare a folder for typst ({err})"
            )));
            return;
        }
    };
    // After a run that had to be stopped, start no new ones: the build fails anyway, and a
    // typst that hangs on one document tends to hang on the next.
    let stopped = AtomicBool::new(false);
    let skipped = AtomicUsize::new(0);
    let found: Vec<Vec<Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            if stopped.load(Ordering::SeqCst) {
                skipped.fetch_add(1, Ordering::SeqCst);
                return Vec::new();
            }
            let (found, timed_out) = compile_one(typst, work.path(), job, limits);
            if timed_out {
                stopped.store(true, Ordering::SeqCst);
            }
            found
        })
        .collect();
    for diagnostic in found.into_iter().flatten() {
        diags.push(diagnostic);
    }
    let skipped = skipped.into_inner();
    if skipped > 0 {
        diags.push(Diagnostic::environment(format!(
            "{skipped} PDF{} not made, because a typst run had to be stopped",
            if skipped == 1 { " was" } else { "s were" }
        )));
    }
}

fn prepare_work_dir(
    theme: &Theme,
    images: &[(PathBuf, PathBuf)],
) -> std::io::Result<tempfile::TempDir> {
    // Named after this process and removed on Ctrl-C too; a later build removes a killed one's.
    let work = crate::scratch::typst_work_dir()?;
    let template = theme.get("leaflet.typ").unwrap_or_default();
    std::fs::write(work.path().join("leaflet.typ"), template)?;
    let fonts = work.path().join("fonts");
    std::fs::create_dir_all(&fonts)?;
    for (name, bytes) in theme.fonts() {
        std::fs::write(fonts.join(name), bytes)?;
    }
    std::fs::create_dir_all(work.path().join("data"))?;
    std::fs::create_dir_all(work.path().join("qr"))?;
    // Pictures are read by Typst from inside its --root only: copy them in.
    for (inside, path) in images {
        let target = work.path().join(IMAGES_DIR).join(inside);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(path, &target)?;
    }
    Ok(work)
}

/// Makes one PDF and checks it. Returns the problems and whether typst had to be stopped.
fn compile_one(
    typst: &Typst,
    work: &Path,
    job: &PdfJob<'_>,
    limits: PdfLimits,
) -> (Vec<Diagnostic>, bool) {
    let problems = |found: Vec<Diagnostic>| (found, false);
    let doc = job.doc;
    let profile = job.profile;
    let what = format!("the {} PDF of {} ({})", profile.name, doc.id, doc.locale);
    // One file per job: two profiles of one document compile at the same time.
    let data_name = format!("data/{}-{}-{}.json", doc.id, doc.locale, profile.name);
    let json = match serde_json::to_vec_pretty(doc) {
        Ok(json) => json,
        Err(err) => {
            return problems(vec![Diagnostic::internal(format!(
                "failed to prepare {what} ({err})"
            ))]);
        }
    };
    if let Err(err) = std::fs::write(work.join(&data_name), json) {
        return problems(vec![Diagnostic::environment(format!(
            "failed to prepare {what} ({err})"
        ))]);
    }
    let mut command = Command::new(&typst.program);
    command.arg("compile");
    if let Some(url) = &doc.web_url {
        let qr_name = format!("qr/{}-{}-{}.svg", doc.id, doc.locale, profile.name);
        match qr_svg(url) {
            Ok(svg) => {
                if let Err(err) = std::fs::write(work.join(&qr_name), svg) {
                    return problems(vec![Diagnostic::environment(format!(
                        "failed to prepare {what} ({err})"
                    ))]);
                }
                command.arg("--input").arg(format!("qr={qr_name}"));
            }
            Err(err) => {
                return problems(vec![Diagnostic::error(format!(
                    "cannot make a QR code of {url} for {what} ({err})"
                ))]);
            }
        }
    }
    command
        .arg("--root")
        .arg(work)
        .arg("--font-path")
        .arg(work.join("fonts"))
        .arg("--ignore-system-fonts")
        .arg("--pdf-standard")
        .arg("ua-1,a-2a")
        // `pdf.header-cell`: the first cell of a table row is tagged as that row's header
        // (TH, scope Row), as `<th scope="row">` on the page. Typst 0.15 keeps this function
        // behind a feature flag; the version is pinned, so the flag is there.
        .arg("--features")
        .arg("a11y-extras")
        .arg("--diagnostic-format")
        .arg("short")
        .arg("--input")
        .arg(format!("data={data_name}"))
        .arg("--input")
        .arg(format!("paper={}", profile.paper))
        .arg("--input")
        .arg(format!("margin-mm={}", profile.margin_mm))
        .arg("--input")
        .arg(format!("bleed-mm={}", profile.bleed_mm))
        .arg("--input")
        .arg(format!(
            "primary={}",
            job.primary_color.unwrap_or("#005a8c")
        ))
        .arg(work.join("leaflet.typ"))
        .arg(&job.output)
        .env("SOURCE_DATE_EPOCH", job.epoch.to_string())
        .current_dir(work);
    let at = Location::file_start(&job.source);
    let output = match process::run(&mut command, limits.timeout) {
        Ok(output) => output,
        Err(RunError::Spawn(err)) => {
            return problems(vec![
                Diagnostic::environment(format!("failed to run typst for {what} ({err})"))
                    .hint(INSTALL_HINT),
            ]);
        }
        Err(RunError::TimedOut) => {
            let d = Diagnostic::environment(format!(
                "typst took longer than {} seconds to make {what} and was stopped",
                limits.timeout.as_secs()
            ))
            .at(at)
            .hint("a leaflet needs well under a second; if the machine is just slow, raise limits.typst_timeout_s in site.yaml or set LEAFLET_TYPST_TIMEOUT (seconds)");
            return (vec![d], true);
        }
    };
    let typst_lines: Vec<String> = output
        .stderr
        .lines()
        .map(|line| tidy_typst_line(&clean_line(line), work))
        .filter(|l| !l.trim().is_empty())
        .collect();
    let mut found = Vec::new();
    if !output.status.success() {
        // typst's own diagnostics ("file:line:col: error: …") point at the layout: a problem in
        // the template. A crash, or output we cannot read, is a problem with typst itself.
        let understood = typst_lines.iter().any(|l| l.contains(": error:"));
        let mut d = if understood {
            Diagnostic::error(format!("typst failed to make {what}"))
                .at(at)
                .hint("the layout is templates/leaflet.typ; if you changed it, compare with the default, else report this with the lines above")
        } else {
            let how = match output.status.code() {
                Some(code) => format!("exited with code {code}"),
                None => "was killed or crashed".to_string(),
            };
            Diagnostic::environment(format!(
                "typst {how} while making {what}, without an error message leaflet understands"
            ))
            .at(at)
            .hint(format!(
                "check that typst works (typst --version); {INSTALL_HINT}"
            ))
        };
        for line in typst_lines.iter().take(40) {
            d = d.note(format!("typst: {line}"));
        }
        found.push(d);
        return problems(found);
    }
    for line in typst_lines.iter().filter(|l| l.contains("warning:")) {
        found.push(
            Diagnostic::warning(format!("typst warns while making {what}: {line}")).at(at.clone()),
        );
    }
    if let Err(problem) = verify_pdf(&job.output, limits.max_pages, &job.doc.locale) {
        let message = format!("{what}: {}", problem.describe());
        found.push(if problem.is_content() {
            Diagnostic::error(message)
                .at(at)
                .hint("split the leaflet into two, or raise limits.max_pages in site.yaml")
        } else {
            Diagnostic::environment(message)
                .at(at)
                .hint(format!("typst did not make a usable PDF; {INSTALL_HINT}"))
        });
    }
    problems(found)
}

/// The QR code of a web address, as SVG (black on white, with the standard quiet zone).
pub fn qr_svg(url: &str) -> Result<String, qrcode::types::QrError> {
    let code = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M)?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build())
}

/// Typst's short diagnostics name files in our private work folder; show them by theme name.
fn tidy_typst_line(line: &str, work: &Path) -> String {
    let work = work.display().to_string();
    let line = line
        .replace(&format!("{work}/"), "templates/")
        .replace(&work, "templates");
    match line.strip_prefix('/').unwrap_or(&line) {
        rest if rest.starts_with("leaflet.typ:") => format!("templates/{rest}"),
        _ => line,
    }
}
