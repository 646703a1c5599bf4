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

use crate::diag::{Diagnostic, Diagnostics, Location, Severity};
use crate::document::Document;
use crate::paths::IMAGES_DIR;
use crate::render::cache::{Key, KeyHasher, PdfCache};
use crate::render::process::{self, RunError, clean_line};
use crate::render::progress::Progress;
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
    /// What tells this typst from another, for the PDF cache: its whole `--version` line
    /// ("typst 0.15.1 (commit)"). Not its path: a cache (or a shard's part) made on another
    /// machine with the same typst is as good as one made here.
    pub identity: String,
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
    let identity = text.trim().to_string();
    Ok(Typst {
        program,
        version,
        identity,
    })
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

/// What the PDFs of a run took: how many typst made and how many were reused from the cache,
/// and the leaflets (their YAML files) whose PDFs had to be made: what changed since.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PdfStats {
    pub made: usize,
    pub reused: usize,
    pub made_for: std::collections::BTreeSet<PathBuf>,
}

/// One job, ready for typst: its data files and arguments, and its cache key.
struct Prepared {
    data_name: String,
    data: Vec<u8>,
    /// The QR code of the web address: file name and SVG.
    qr: Option<(String, String)>,
    key: Key,
}

/// The work folder's path as it enters a cache key: the real one is random.
const WORK_IN_KEY: &str = "/leaflet-typst-work";

/// Compiles every job, several at once (rayon, one typst process per job); a failure is a
/// diagnostic for that leaflet, the others go on. `images` are the pictures Typst may read:
/// (path inside `images/`, file to copy). A job whose inputs are all the same as a PDF in
/// `cache` reuses that PDF (and shows its warnings again); every PDF made without errors is
/// stored there.
#[allow(clippy::too_many_arguments)]
pub fn compile_all(
    typst: &Typst,
    theme: &Theme,
    images: &[(PathBuf, PathBuf)],
    jobs: &[PdfJob<'_>],
    limits: PdfLimits,
    cache: &PdfCache,
    progress: &Progress,
    diags: &mut Diagnostics,
) -> PdfStats {
    let mut stats = PdfStats::default();
    if jobs.is_empty() {
        return stats;
    }
    let inputs = match WorkInputs::read(theme, images) {
        Ok(inputs) => inputs,
        Err(err) => {
            diags.push(Diagnostic::environment(format!(
                "failed to prepare a folder for typst ({err})"
            )));
            return stats;
        }
    };
    let shared = inputs.key_part(typst, limits);
    let prepared: Vec<Result<Prepared, Diagnostic>> = jobs
        .par_iter()
        .map(|job| prepare(typst, job, &shared, &inputs.pictures))
        .collect();

    // Reused PDFs first: they need no work folder and no typst.
    progress.start(prepared.iter().filter(|p| p.is_ok()).count());
    let reused: Vec<(bool, Vec<Diagnostic>)> = jobs
        .par_iter()
        .zip(&prepared)
        .map(|(job, prepared)| match prepared {
            Err(d) => (true, vec![d.clone()]),
            Ok(prepared) => match cache.fetch(&prepared.key) {
                Some(hit) => {
                    let found = match std::fs::write(&job.output, &hit.pdf) {
                        Ok(()) => warnings(job, &hit.warnings),
                        Err(err) => vec![Diagnostic::environment(format!(
                            "failed to write {} ({err})",
                            job.output.display()
                        ))],
                    };
                    progress.reused();
                    (true, found)
                }
                None => (false, Vec::new()),
            },
        })
        .collect();
    let mut to_make = Vec::new();
    for ((job, prepared), (done, found)) in jobs.iter().zip(&prepared).zip(reused) {
        if !done {
            stats.made_for.insert(job.source.clone());
        }
        for diagnostic in found {
            diags.push(diagnostic);
        }
        match (done, prepared) {
            (false, Ok(prepared)) => to_make.push((job, prepared)),
            (true, Ok(_)) => stats.reused += 1,
            _ => {}
        }
    }
    if to_make.is_empty() {
        progress.finish();
        return stats;
    }

    progress.making(to_make.len());
    let work = match inputs.write_work_dir() {
        Ok(work) => work,
        Err(err) => {
            progress.finish();
            diags.push(Diagnostic::environment(format!(
                "failed to prepare a folder for typst ({err})"
            )));
            return stats;
        }
    };
    // After a run that had to be stopped, start no new ones: the build fails anyway, and a
    // typst that hangs on one document tends to hang on the next.
    let stopped = AtomicBool::new(false);
    let skipped = AtomicUsize::new(0);
    let made = AtomicUsize::new(0);
    let found: Vec<Vec<Diagnostic>> = to_make
        .par_iter()
        .map(|(job, prepared)| {
            if stopped.load(Ordering::SeqCst) {
                skipped.fetch_add(1, Ordering::SeqCst);
                return Vec::new();
            }
            let compiled = compile_one(typst, work.path(), job, prepared, limits);
            made.fetch_add(1, Ordering::SeqCst);
            progress.made();
            if compiled.timed_out {
                stopped.store(true, Ordering::SeqCst);
            }
            if compiled.found.iter().all(|d| d.severity != Severity::Error) {
                // A PDF that cannot be stored is simply made again next time.
                let _ = std::fs::read(&job.output)
                    .and_then(|pdf| cache.store(&prepared.key, &pdf, &compiled.warnings));
            }
            compiled.found
        })
        .collect();
    progress.finish();
    for diagnostic in found.into_iter().flatten() {
        diags.push(diagnostic);
    }
    stats.made = made.into_inner();
    let skipped = skipped.into_inner();
    if skipped > 0 {
        diags.push(Diagnostic::environment(format!(
            "{skipped} PDF{} not made, because a typst run had to be stopped",
            if skipped == 1 { " was" } else { "s were" }
        )));
    }
    stats
}

/// What typst may read besides a job's own data: the template, the fonts and the pictures.
struct WorkInputs<'a> {
    template: &'a [u8],
    fonts: Vec<(&'a str, &'a [u8])>,
    pictures: Vec<Picture>,
}

/// A picture of the work folder, with what a cache key needs to know of it.
struct Picture {
    inside: PathBuf,
    bytes: Vec<u8>,
    /// Its path inside `images/`, as it appears in a Document's JSON or in the template.
    name: String,
    /// A hash of its bytes.
    digest: Key,
    /// The template names it itself (a logo drawn on every page): every PDF depends on it.
    in_template: bool,
}

impl Picture {
    /// Whether a job with this JSON can read the picture: the template reads pictures by the
    /// names the Document gives (`image("/images/" + img.file)`), or names them itself.
    fn read_by(&self, data: &[u8]) -> bool {
        let name = self.name.as_bytes();
        self.in_template || (!name.is_empty() && data.windows(name.len()).any(|w| w == name))
    }
}

impl<'a> WorkInputs<'a> {
    fn read(theme: &'a Theme, images: &[(PathBuf, PathBuf)]) -> std::io::Result<WorkInputs<'a>> {
        let template = theme.get("leaflet.typ").unwrap_or_default();
        let mut pictures = Vec::new();
        for (inside, path) in images {
            let bytes = std::fs::read(path)?;
            let name = inside.to_string_lossy().replace('\\', "/");
            let mut digest = KeyHasher::default();
            digest.part(name.as_bytes()).part(&bytes);
            pictures.push(Picture {
                in_template: template
                    .windows(name.len().max(1))
                    .any(|w| w == name.as_bytes()),
                inside: inside.clone(),
                bytes,
                name,
                digest: digest.finish(),
            });
        }
        Ok(WorkInputs {
            template,
            fonts: theme.fonts().collect(),
            pictures,
        })
    }

    /// The part of every job's cache key that all jobs share: typst's version, the limit each
    /// PDF is checked against, the template and the fonts. The pictures a job can read are
    /// added per job ([`Picture::read_by`]), so a changed picture remakes only the PDFs that
    /// show it.
    fn key_part(&self, typst: &Typst, limits: PdfLimits) -> KeyHasher {
        let mut hasher = KeyHasher::default();
        hasher
            .part(typst.identity.as_bytes())
            .part(&limits.max_pages.to_le_bytes())
            .part(self.template);
        for (name, bytes) in &self.fonts {
            hasher.part(name.as_bytes()).part(bytes);
        }
        hasher
    }

    fn write_work_dir(&self) -> std::io::Result<tempfile::TempDir> {
        // Named after this process and removed on Ctrl-C too; a later build removes a killed one's.
        let work = crate::scratch::typst_work_dir()?;
        std::fs::write(work.path().join("leaflet.typ"), self.template)?;
        let fonts = work.path().join("fonts");
        std::fs::create_dir_all(&fonts)?;
        for (name, bytes) in &self.fonts {
            std::fs::write(fonts.join(name), bytes)?;
        }
        std::fs::create_dir_all(work.path().join("data"))?;
        std::fs::create_dir_all(work.path().join("qr"))?;
        // Pictures are read by Typst from inside its --root only: copy them in.
        for Picture { inside, bytes, .. } in &self.pictures {
            let target = work.path().join(IMAGES_DIR).join(inside);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&target, bytes)?;
        }
        Ok(work)
    }
}

fn what(job: &PdfJob<'_>) -> String {
    format!(
        "the {} PDF of {} ({})",
        job.profile.name, job.doc.id, job.doc.locale
    )
}

/// A job's data in memory and its cache key: the shared part, then exactly what its typst run
/// gets (arguments with the work folder's path left out, `SOURCE_DATE_EPOCH`, its files).
fn prepare(
    typst: &Typst,
    job: &PdfJob<'_>,
    shared: &KeyHasher,
    pictures: &[Picture],
) -> Result<Prepared, Diagnostic> {
    let doc = job.doc;
    let profile = job.profile;
    // One file per job: two profiles of one document compile at the same time.
    let data_name = format!("data/{}-{}-{}.json", doc.id, doc.locale, profile.name);
    let data = serde_json::to_vec_pretty(doc)
        .map_err(|err| Diagnostic::internal(format!("failed to prepare {} ({err})", what(job))))?;
    let qr = match &doc.web_url {
        Some(url) => {
            let svg = qr_svg(url).map_err(|err| {
                Diagnostic::error(format!(
                    "cannot make a QR code of {url} for {} ({err})",
                    what(job)
                ))
            })?;
            Some((
                format!("qr/{}-{}-{}.svg", doc.id, doc.locale, profile.name),
                svg,
            ))
        }
        None => None,
    };
    let mut prepared = Prepared {
        data_name,
        data,
        qr,
        key: KeyHasher::default().finish(),
    };
    let mut hasher = shared.clone();
    let mut command = Command::new(&typst.program);
    typst_args(&mut command, Path::new(WORK_IN_KEY), job, &prepared);
    for arg in command.get_args() {
        hasher.part(arg.to_string_lossy().as_bytes());
    }
    hasher
        .part(job.epoch.to_string().as_bytes())
        .part(&prepared.data);
    if let Some((_, svg)) = &prepared.qr {
        hasher.part(svg.as_bytes());
    }
    for picture in pictures.iter().filter(|p| p.read_by(&prepared.data)) {
        hasher.part(picture.digest.as_str().as_bytes());
    }
    prepared.key = hasher.finish();
    Ok(prepared)
}

/// typst's arguments for one job, all but the output file.
fn typst_args(command: &mut Command, work: &Path, job: &PdfJob<'_>, prepared: &Prepared) {
    let profile = job.profile;
    command.arg("compile");
    if let Some((qr_name, _)) = &prepared.qr {
        command.arg("--input").arg(format!("qr={qr_name}"));
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
        .arg(format!("data={}", prepared.data_name))
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
        .arg(work.join("leaflet.typ"));
}

/// typst's warnings for a job, as diagnostics at its leaflet.
fn warnings(job: &PdfJob<'_>, lines: &[String]) -> Vec<Diagnostic> {
    let at = Location::file_start(&job.source);
    lines
        .iter()
        .map(|line| {
            Diagnostic::warning(format!("typst warns while making {}: {line}", what(job)))
                .at(at.clone())
        })
        .collect()
}

/// What one typst run gave: its problems, whether it had to be stopped, its warning lines.
struct Compiled {
    found: Vec<Diagnostic>,
    timed_out: bool,
    warnings: Vec<String>,
}

/// Makes one PDF and checks it.
fn compile_one(
    typst: &Typst,
    work: &Path,
    job: &PdfJob<'_>,
    prepared: &Prepared,
    limits: PdfLimits,
) -> Compiled {
    let problems = |found: Vec<Diagnostic>| Compiled {
        found,
        timed_out: false,
        warnings: Vec::new(),
    };
    let what = what(job);
    let mut files = vec![(prepared.data_name.as_str(), prepared.data.as_slice())];
    if let Some((qr_name, svg)) = &prepared.qr {
        files.push((qr_name.as_str(), svg.as_bytes()));
    }
    for (name, bytes) in files {
        if let Err(err) = std::fs::write(work.join(name), bytes) {
            return problems(vec![Diagnostic::environment(format!(
                "failed to prepare {what} ({err})"
            ))]);
        }
    }
    let mut command = Command::new(&typst.program);
    typst_args(&mut command, work, job, prepared);
    command
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
            return Compiled {
                found: vec![d],
                timed_out: true,
                warnings: Vec::new(),
            };
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
    let warning_lines: Vec<String> = typst_lines
        .into_iter()
        .filter(|l| l.contains("warning:"))
        .collect();
    found.extend(warnings(job, &warning_lines));
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
    Compiled {
        found,
        timed_out: false,
        warnings: warning_lines,
    }
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
