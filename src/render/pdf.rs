//! PDF: Documents to print-ready PDFs with the `typst` CLI.
//!
//! Receives Documents and the theme. Finds `typst` (`LEAFLET_TYPST` or `PATH`) and checks it is
//! the pinned 0.15 series; writes the theme's `leaflet.typ`, the fonts and one JSON file per
//! Document into a private work folder used as Typst's `--root`, and runs one `typst compile` per
//! Document, several at once. Text reaches Typst only as JSON data, never as markup. Typst runs
//! with only the vendored fonts (`--ignore-system-fonts`) and a fixed `SOURCE_DATE_EPOCH`, so the
//! same sources give the same bytes. Its errors are reported against the leaflet and language.
//! Every run has a deadline; every PDF is checked (`verify`) before the site may use it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, Location, Severity};
use crate::document::Document;
use crate::paths::IMAGES_DIR;
use crate::publish::{Reuse, write_new};
use crate::render::cache::{Key, KeyHasher, PdfCache};
use crate::render::process::{self, RunError, clean_line};
use crate::render::progress::Progress;
use crate::render::theme::Theme;
use crate::render::verify::{verify_pdf, verify_pdf_bytes};
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
/// and the leaflets (their YAML files) whose PDFs had to be made: what changed since; with
/// [`TypstMode::Bundle`], how many bundles ran, how many PDFs had to be made again one per
/// run, and why (for `-v`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PdfStats {
    pub made: usize,
    pub reused: usize,
    pub made_for: std::collections::BTreeSet<PathBuf>,
    pub bundles: usize,
    pub redone: usize,
    pub notes: Vec<String>,
}

/// One job, ready for typst: its data files and arguments, and its cache key.
struct Prepared {
    data_name: String,
    /// The QR code of the web address: file name and address, and the SVG, made only for a
    /// PDF typst makes (the key has the address: the code is a function of it).
    qr: Option<(String, String)>,
    qr_svg: std::sync::OnceLock<String>,
    key: Key,
}

/// How [`qr_svg`] draws a code, as it enters a cache key with the address: change it with the
/// drawing (and the qrcode version, which a test compares with `Cargo.lock`).
const QR_STYLE: &str = "qrcode 0.14.1, level M, svg, at least 240 x 240, quiet zone";

impl Prepared {
    /// Makes the QR code's SVG (once), for the work folder.
    fn make_qr(&self, job: &PdfJob<'_>) -> Result<(), Diagnostic> {
        let Some((_, url)) = &self.qr else {
            return Ok(());
        };
        if self.qr_svg.get().is_some() {
            return Ok(());
        }
        let svg = qr_svg(url).map_err(|err| {
            Diagnostic::error(format!(
                "cannot make a QR code of {url} for {} ({err})",
                what(job)
            ))
        })?;
        let _ = self.qr_svg.set(svg);
        Ok(())
    }
}

/// The work folder's path as it enters a cache key: the real one is random.
const WORK_IN_KEY: &str = "/leaflet-typst-work";

/// Compiles every job, several at once (rayon, one typst process per job); a failure is a
/// diagnostic for that leaflet, the others go on. `images` are the pictures Typst may read:
/// (path inside `images/`, file to copy). A job whose inputs are all the same as a PDF in
/// `cache` reuses that PDF (and shows its warnings again); every PDF made without errors is
/// stored there. A reused PDF that the previous output (`reuse`) holds already is linked from
/// there, not written again.
#[allow(clippy::too_many_arguments)]
pub fn compile_all(
    typst: &Typst,
    theme: &Theme,
    images: &[(PathBuf, PathBuf)],
    jobs: &[PdfJob<'_>],
    limits: PdfLimits,
    mode: TypstMode,
    cache: &PdfCache,
    reuse: Option<&Reuse>,
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
                // The PDF the previous output published at this place, byte for byte (checked
                // when it was published): kept.
                Some(hit) if reuse.is_some_and(|reuse| reuse.keep_same(&job.output, &hit.pdf)) => {
                    progress.reused();
                    (true, warnings(job, &hit.warnings))
                }
                // Any other PDF from the cache (or a part) is checked like one typst just made:
                // an entry whose hashes are right can still hold another PDF (someone wrote
                // both). One that fails is made again.
                Some(hit)
                    if verify_pdf_bytes(&hit.pdf, limits.max_pages, &job.doc.locale).is_ok() =>
                {
                    let written = write_new(&job.output, &hit.pdf);
                    let found = match written {
                        Ok(()) => warnings(job, &hit.warnings),
                        Err(err) => vec![Diagnostic::environment(format!(
                            "failed to write {} ({err})",
                            job.output.display()
                        ))],
                    };
                    progress.reused();
                    (true, found)
                }
                _ => (false, Vec::new()),
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
    // The QR codes of the PDFs to make (a reused PDF needs none).
    let qr_codes: Vec<Result<(), Diagnostic>> = to_make
        .par_iter()
        .map(|(job, prepared)| prepared.make_qr(job))
        .collect();
    let mut qr_codes = qr_codes.into_iter();
    to_make.retain(|_| match qr_codes.next() {
        Some(Err(d)) => {
            diags.push(d);
            false
        }
        _ => true,
    });
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
    // What each job to make gave, in the order of the jobs: filled by the bundles first, then
    // by one typst run per job for the rest (a bundle's jobs again when the bundle failed).
    let mut found: Vec<Option<Vec<Diagnostic>>> = vec![None; to_make.len()];
    if mode == TypstMode::Bundle {
        if !has_layout_function(inputs.template) {
            stats.notes.push(
                "templates/leaflet.typ has no leaflet(inputs) function (an older layout): each PDF is made by a typst run of its own".to_string(),
            );
        } else {
            let epochs: Vec<i64> = to_make.iter().map(|(job, _)| job.epoch).collect();
            let plan = plan_bundles(&epochs, rayon::current_num_threads());
            stats.bundles = plan.len();
            let outcomes: Vec<BundleOutcome> = plan
                .par_iter()
                .enumerate()
                .map(|(number, members)| {
                    if stopped.load(Ordering::SeqCst) {
                        return BundleOutcome::Redo(String::new());
                    }
                    let members: Vec<(&PdfJob<'_>, &Prepared)> = members
                        .iter()
                        .map(|&i| (to_make[i].0, to_make[i].1))
                        .collect();
                    let outcome = compile_bundle(typst, work.path(), number, &members, limits);
                    if let BundleOutcome::Made(results) = &outcome {
                        for ((job, prepared), result) in members.iter().zip(results) {
                            made.fetch_add(1, Ordering::SeqCst);
                            progress.made();
                            if result.iter().all(|d| d.severity != Severity::Error) {
                                // typst printed no warning: a bundle that warns is redone.
                                let _ = std::fs::read(&job.output)
                                    .and_then(|pdf| cache.store(&prepared.key, &pdf, &[]));
                            }
                        }
                    }
                    outcome
                })
                .collect();
            for ((number, members), outcome) in plan.iter().enumerate().zip(outcomes) {
                match outcome {
                    BundleOutcome::Made(results) => {
                        for (&i, result) in members.iter().zip(results) {
                            found[i] = Some(result);
                        }
                    }
                    BundleOutcome::Redo(why) => {
                        stats.redone += members.len();
                        if !why.is_empty() {
                            stats.notes.push(format!(
                                "typst bundle {} of {} ({} PDFs) failed ({why}): its PDFs are made again one per typst run",
                                number + 1,
                                plan.len(),
                                members.len()
                            ));
                        }
                    }
                }
            }
        }
    }
    let one_by_one: Vec<usize> = (0..to_make.len()).filter(|&i| found[i].is_none()).collect();
    let made_one_by_one: Vec<(usize, Vec<Diagnostic>)> = one_by_one
        .par_iter()
        .map(|&i| {
            let (job, prepared) = to_make[i];
            if stopped.load(Ordering::SeqCst) {
                skipped.fetch_add(1, Ordering::SeqCst);
                return (i, Vec::new());
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
            (i, compiled.found)
        })
        .collect();
    for (i, result) in made_one_by_one {
        found[i] = Some(result);
    }
    progress.finish();
    for diagnostic in found.into_iter().flatten().flatten() {
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

/// How typst is run for the PDFs that are not in the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TypstMode {
    /// One `typst compile` per PDF, as many at once as there are cores
    /// (`leaflet build --typst-per-pdf`).
    PerProcess,
    /// A few typst runs that make many PDFs each (typst's bundle export), as many at once as
    /// there are cores: the default, about a quarter faster for the same PDFs.
    #[default]
    Bundle,
}

/// Whether a layout can be called once per PDF in a bundle: the default `leaflet.typ` defines
/// `leaflet(inputs)`. A hospital's older layout reads `sys.inputs` itself and is run once per
/// PDF. (A layout that names the function but cannot be imported makes its bundles fail; their
/// PDFs are then made one per run, with typst's messages for the right leaflet.)
fn has_layout_function(template: &[u8]) -> bool {
    String::from_utf8_lossy(template)
        .lines()
        .any(|line| line.trim_start().starts_with("#let leaflet("))
}

/// The most PDFs one bundle makes. typst keeps every document of a run in memory until the
/// end (measured: about 3.5 MB per leaflet PDF, 541 MB for a bundle of 151), so a large
/// catalogue is cut into many bundles, run as many at once as there are cores; a bundle of 32
/// needs some 120 MB and already shares the start-up and the fonts over many PDFs.
const MAX_BUNDLE: usize = 32;

/// Which jobs go into which bundle, by their index in `epochs`. A typst run has one
/// `SOURCE_DATE_EPOCH` (the PDF's date), so a bundle holds jobs of one epoch only; the jobs
/// of an epoch are cut into pieces of at most `ceil(jobs / threads)` (and [`MAX_BUNDLE`]), as
/// equal as they can be, keeping the jobs' order (a leaflet's languages and profiles stay
/// together, which typst's caches like). With one epoch and few jobs that is `threads` bundles
/// of nearly the same size. Depends on nothing but its arguments, so the same jobs always give
/// the same bundles.
fn plan_bundles(epochs: &[i64], threads: usize) -> Vec<Vec<usize>> {
    if epochs.is_empty() {
        return Vec::new();
    }
    let size = epochs.len().div_ceil(threads.max(1)).min(MAX_BUNDLE);
    let mut by_epoch: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for (index, epoch) in epochs.iter().enumerate() {
        by_epoch.entry(*epoch).or_default().push(index);
    }
    let mut plan = Vec::new();
    for members in by_epoch.into_values() {
        let pieces = members.len().div_ceil(size);
        let (base, extra) = (members.len() / pieces, members.len() % pieces);
        let mut rest = members.as_slice();
        for piece in 0..pieces {
            let (this, next) = rest.split_at(base + usize::from(piece < extra));
            plan.push(this.to_vec());
            rest = next;
        }
    }
    plan
}

/// What one bundle run gave: per member, its problems (its PDF is in place); or why the bundle
/// is not used, and its members are made one per typst run (empty: not run, a run was stopped).
enum BundleOutcome {
    Made(Vec<Vec<Diagnostic>>),
    Redo(String),
}

/// typst's own warning that bundle export is experimental, the one line a good bundle prints.
const BUNDLE_WARNING: &str = "warning: bundle export is experimental";

/// Makes the PDFs of `members` (all of one epoch) in one typst run: the entry
/// `bundle-N.typ` imports the layout and calls it once per PDF with that PDF's inputs, read
/// from `bundles/N.json`; typst writes the PDFs into `out-N/`, from where they are moved to
/// their place and checked like a PDF made alone. Anything but a clean run (an error, a
/// warning: neither can be told apart per leaflet; a stop at the deadline; a missing file)
/// means the bundle is redone one PDF per run, which names the leaflet as without bundles.
fn compile_bundle(
    typst: &Typst,
    work: &Path,
    number: usize,
    members: &[(&PdfJob<'_>, &Prepared)],
    limits: PdfLimits,
) -> BundleOutcome {
    let Some((first, _)) = members.first() else {
        return BundleOutcome::Made(Vec::new());
    };
    let documents: Vec<serde_json::Value> = members
        .iter()
        .enumerate()
        .map(|(k, (job, prepared))| {
            let inputs: serde_json::Map<String, serde_json::Value> = typst_inputs(job, prepared)
                .into_iter()
                .map(|(name, value)| (name.to_string(), value.into()))
                .collect();
            serde_json::json!({ "output": format!("{k}.pdf"), "inputs": inputs })
        })
        .collect();
    let manifest = format!("bundles/{number}.json");
    let entry = work.join(format!("bundle-{number}.typ"));
    let out = work.join(format!("out-{number}"));
    let written = (|| -> std::io::Result<()> {
        for (job, prepared) in members {
            write_job_files(work, job, prepared)?;
        }
        std::fs::create_dir_all(work.join("bundles"))?;
        let json = serde_json::to_vec(&documents).map_err(std::io::Error::other)?;
        std::fs::write(work.join(&manifest), json)?;
        // Our own file names only: every text reaches typst as JSON data.
        std::fs::write(
            &entry,
            format!(
                "#import \"/leaflet.typ\": leaflet\n#for job in json(\"/{manifest}\") {{ document(job.output, leaflet(job.inputs)) }}\n"
            ),
        )
    })();
    if let Err(err) = written {
        return BundleOutcome::Redo(format!("its files could not be written: {err}"));
    }
    let mut command = Command::new(&typst.program);
    command.arg("compile");
    common_args(&mut command, work);
    command
        .arg("--features")
        .arg(format!("{FEATURES},bundle"))
        .arg("--format")
        .arg("bundle")
        .arg(&entry)
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", first.epoch.to_string())
        .current_dir(work);
    // As long as its PDFs would be given one by one.
    let deadline = limits
        .timeout
        .saturating_mul(u32::try_from(members.len()).unwrap_or(u32::MAX));
    let output = match process::run(&mut command, deadline) {
        Ok(output) => output,
        Err(RunError::Spawn(err)) => {
            return BundleOutcome::Redo(format!("typst did not start: {err}"));
        }
        Err(RunError::TimedOut) => {
            return BundleOutcome::Redo(format!("stopped after {} seconds", deadline.as_secs()));
        }
    };
    let lines: Vec<String> = output
        .stderr
        .lines()
        .map(|line| tidy_typst_line(&clean_line(line), work))
        .filter(|line| !line.trim().is_empty() && line.trim() != BUNDLE_WARNING)
        .collect();
    if !output.status.success() {
        let how = match output.status.code() {
            Some(code) => format!("exit code {code}"),
            None => "killed or crashed".to_string(),
        };
        let first_line = lines.first().map(|l| format!(": {l}")).unwrap_or_default();
        return BundleOutcome::Redo(format!("{how}{first_line}"));
    }
    if let Some(line) = lines.first() {
        return BundleOutcome::Redo(format!("typst printed {line}"));
    }
    for (k, (job, _)) in members.iter().enumerate() {
        let made = out.join(format!("{k}.pdf"));
        let moved = std::fs::rename(&made, &job.output).or_else(|_| {
            std::fs::copy(&made, &job.output).and_then(|_| std::fs::remove_file(&made))
        });
        if let Err(err) = moved {
            return BundleOutcome::Redo(format!("the PDF of {} was not there: {err}", what(job)));
        }
    }
    BundleOutcome::Made(
        members
            .iter()
            .map(|(job, _)| check_pdf(job, limits).into_iter().collect())
            .collect(),
    )
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
        self.in_template || (!name.is_empty() && memchr::memmem::find(data, name).is_some())
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
                in_template: !name.is_empty()
                    && memchr::memmem::find(template, name.as_bytes()).is_some(),
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

/// A job's file names and its cache key: the shared part, then exactly what its typst run gets
/// (arguments with the work folder's path left out, `SOURCE_DATE_EPOCH`, its files). The
/// Document's JSON is not kept (1,400 of them are 70 MB): [`write_job_files`] writes it again,
/// the same bytes, for the PDFs typst makes.
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
    let qr = doc.web_url.as_ref().map(|url| {
        (
            format!("qr/{}-{}-{}.svg", doc.id, doc.locale, profile.name),
            url.clone(),
        )
    });
    let mut prepared = Prepared {
        data_name,
        qr,
        qr_svg: std::sync::OnceLock::new(),
        key: KeyHasher::default().finish(),
    };
    let mut hasher = shared.clone();
    let mut command = Command::new(&typst.program);
    typst_args(&mut command, Path::new(WORK_IN_KEY), job, &prepared);
    for arg in command.get_args() {
        hasher.part(arg.to_string_lossy().as_bytes());
    }
    hasher.part(job.epoch.to_string().as_bytes()).part(&data);
    if let Some((_, url)) = &prepared.qr {
        hasher.part(QR_STYLE.as_bytes()).part(url.as_bytes());
    }
    for picture in pictures.iter().filter(|p| p.read_by(&data)) {
        hasher.part(picture.digest.as_str().as_bytes());
    }
    prepared.key = hasher.finish();
    Ok(prepared)
}

/// The inputs of one job's layout (`sys.inputs` when typst makes one PDF, the dictionary given
/// to `leaflet(inputs)` in a bundle): the names of its data files and its print profile.
fn typst_inputs(job: &PdfJob<'_>, prepared: &Prepared) -> Vec<(&'static str, String)> {
    let profile = job.profile;
    let mut inputs = Vec::new();
    if let Some((qr_name, _)) = &prepared.qr {
        inputs.push(("qr", qr_name.clone()));
    }
    inputs.push(("data", prepared.data_name.clone()));
    inputs.push(("paper", profile.paper.to_string()));
    inputs.push(("margin-mm", profile.margin_mm.to_string()));
    inputs.push(("bleed-mm", profile.bleed_mm.to_string()));
    inputs.push((
        "primary",
        job.primary_color.unwrap_or("#005a8c").to_string(),
    ));
    inputs
}

/// typst's arguments for any run: the sandbox, the fonts, the PDF standards and features.
fn common_args(command: &mut Command, work: &Path) {
    command
        .arg("--root")
        .arg(work)
        .arg("--font-path")
        .arg(work.join("fonts"))
        .arg("--ignore-system-fonts")
        .arg("--pdf-standard")
        .arg("ua-1,a-2a")
        .arg("--diagnostic-format")
        .arg("short");
}

/// `pdf.header-cell`: the first cell of a table row is tagged as that row's header (TH, scope
/// Row), as `<th scope="row">` on the page. Typst 0.15 keeps this function behind a feature
/// flag; the version is pinned, so the flag is there.
const FEATURES: &str = "a11y-extras";

/// typst's arguments for one job, all but the output file.
fn typst_args(command: &mut Command, work: &Path, job: &PdfJob<'_>, prepared: &Prepared) {
    command.arg("compile");
    common_args(command, work);
    command.arg("--features").arg(FEATURES);
    for (name, value) in typst_inputs(job, prepared) {
        command.arg("--input").arg(format!("{name}={value}"));
    }
    command.arg(work.join("leaflet.typ"));
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
    if let Err(err) = write_job_files(work, job, prepared) {
        return problems(vec![Diagnostic::environment(format!(
            "failed to prepare {what} ({err})"
        ))]);
    }
    // typst writes into a file already there: a name left in the staging folder must not be a
    // link to the previous output's file (see `publish::Reuse`).
    if let Err(err) = std::fs::remove_file(&job.output)
        && err.kind() != std::io::ErrorKind::NotFound
    {
        return problems(vec![Diagnostic::environment(format!(
            "failed to prepare {what} ({err})"
        ))]);
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
    found.extend(check_pdf(job, limits));
    Compiled {
        found,
        timed_out: false,
        warnings: warning_lines,
    }
}

/// Writes a job's data files (its Document's JSON, its QR code) into the work folder.
fn write_job_files(work: &Path, job: &PdfJob<'_>, prepared: &Prepared) -> std::io::Result<()> {
    let data = serde_json::to_vec_pretty(job.doc).map_err(std::io::Error::other)?;
    std::fs::write(work.join(&prepared.data_name), data)?;
    if let Some((qr_name, url)) = &prepared.qr {
        let svg = prepared
            .qr_svg
            .get()
            .ok_or_else(|| std::io::Error::other(format!("no QR code made of {url}")))?;
        std::fs::write(work.join(qr_name), svg)?;
    }
    Ok(())
}

/// The problems of a PDF typst made without complaint: too many pages, or not a usable PDF.
fn check_pdf(job: &PdfJob<'_>, limits: PdfLimits) -> Option<Diagnostic> {
    let problem = verify_pdf(&job.output, limits.max_pages, &job.doc.locale).err()?;
    let at = Location::file_start(&job.source);
    let message = format!("{}: {}", what(job), problem.describe());
    Some(if problem.is_content() {
        Diagnostic::error(message)
            .at(at)
            .hint("split the leaflet into two, or raise limits.max_pages in site.yaml")
    } else {
        Diagnostic::environment(message)
            .at(at)
            .hint(format!("typst did not make a usable PDF; {INSTALL_HINT}"))
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The QR code enters the cache key as its address and [`QR_STYLE`]: the style must name
    /// the qrcode version compiled in, so another version's codes are never reused.
    #[test]
    fn the_qr_style_in_the_keys_names_the_qrcode_compiled_in() {
        let version = crate::render::cache::locked_version("qrcode");
        assert!(
            QR_STYLE.starts_with(&format!("qrcode {version},")),
            "{QR_STYLE} vs {version}"
        );
    }

    #[test]
    fn one_epoch_is_cut_into_as_many_nearly_equal_bundles_as_threads() {
        let plan = plan_bundles(&[7; 10], 3);
        assert_eq!(plan, vec![vec![0, 1, 2, 3], vec![4, 5, 6], vec![7, 8, 9]]);
        assert_eq!(plan_bundles(&[7; 2], 4), vec![vec![0], vec![1]]);
        assert!(plan_bundles(&[], 2).is_empty());
    }

    #[test]
    fn no_bundle_is_larger_than_the_maximum() {
        let plan = plan_bundles(&[1; 100], 2);
        // 100 jobs in pieces of at most 32: four of 25.
        assert_eq!(plan.len(), 4);
        assert!(plan.iter().all(|bundle| bundle.len() == 25));
    }

    #[test]
    fn a_bundle_holds_one_epoch_and_no_bundle_is_larger_than_an_even_share() {
        let epochs = [2, 1, 2, 2, 1, 3, 2, 2];
        let plan = plan_bundles(&epochs, 2);
        // Four per bundle at most; epoch 1, then 2 (five jobs: three and two), then 3.
        assert_eq!(plan, vec![vec![1, 4], vec![0, 2, 3], vec![6, 7], vec![5]]);
        let mut all: Vec<usize> = plan.iter().flatten().copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..epochs.len()).collect::<Vec<_>>());
        for bundle in &plan {
            assert!(bundle.iter().all(|&i| epochs[i] == epochs[bundle[0]]));
        }
        assert_eq!(plan, plan_bundles(&epochs, 2), "not deterministic");
    }

    #[test]
    fn the_default_layout_has_the_function_and_an_older_one_does_not() {
        assert!(has_layout_function(include_bytes!(
            "../../templates/leaflet.typ"
        )));
        assert!(!has_layout_function(
            b"#let doc = json(\"/\" + sys.inputs.data)\n= Title\n"
        ));
    }
}
