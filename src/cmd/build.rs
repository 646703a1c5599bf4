//! `leaflet build`: sources → Documents → PDFs and pages in a staging folder → swapped into
//! `dist/` only when nothing failed.
//!
//! The output is taken first: checked, locked against a second build, cleared of what killed
//! builds left (see `publish`). Only then does the work start.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::cli::BuildArgs;
use crate::cmd::{Report, html_renderer, proceed, stop};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::paths;
use crate::l10n::Localized;
use crate::pipeline::{Sources, Timer, read_sources};
use crate::publish::{self, CommitError, Output, OutputLock, Staging};
use crate::render::cache::PdfCache;
use crate::render::pdf::{self, PdfJob, PdfLimits};
use crate::render::progress::{Progress, ProgressMode};
use crate::render::site::render_site;
use crate::render::theme::Theme;
use crate::scratch;

pub fn run(args: &BuildArgs) -> Report {
    let root = &args.common.root;
    let out = args.out.clone().unwrap_or_else(|| root.join("dist"));
    let options = BuildOptions {
        today: args.common.today,
        locales: args.common.locales.clone(),
        strict: args.common.strict,
        verbose: args.common.verbose,
        no_pdf: args.no_pdf,
        no_cache: args.no_cache,
        progress: if args.quiet {
            ProgressMode::Quiet
        } else {
            ProgressMode::Auto
        },
        typst_timeout: args.typst_timeout,
        publication: args.out.is_none(),
    };
    build_into(root, &out, &options)
}

/// How to build. `leaflet build` fills it from its arguments; a preview (`leaflet serve`) makes
/// its own and calls [`build_into`] with a folder of its own.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The day review dates are compared with; today when `None`.
    pub today: Option<jiff::civil::Date>,
    /// Only these languages; all of the site's when empty.
    pub locales: Vec<String>,
    /// Warnings stop the build.
    pub strict: bool,
    /// Timings per stage, and what typst did, on stderr.
    pub verbose: bool,
    /// The website only: no typst, no PDFs, and no PDF links on the pages.
    pub no_pdf: bool,
    /// Make every PDF afresh, reusing nothing from the cache (what is made is still stored).
    pub no_cache: bool,
    /// A progress bar or lines for the typst work, or nothing.
    pub progress: ProgressMode,
    /// Seconds one typst run may take; site.yaml's `limits.typst_timeout_s` when `None`.
    pub typst_timeout: Option<u64>,
    /// The output is the project's own `dist/`, the site as published: it must hold every
    /// language, and a full build of it records the leaflet versions in `versions.lock.yaml`.
    /// `false` for `--out DIR` and for a preview.
    pub publication: bool,
}

/// Builds the project at `root` into `out` (replaced in one step, only when everything
/// succeeded) and returns the report to print: the entry point of every build.
pub fn build_into(root: &Path, out: &Path, options: &BuildOptions) -> Report {
    let mut report = Report::new(root.to_path_buf(), options.strict, String::new());
    let mut left = Left::AsItWas;
    report.done = build(root, out, options, &mut report.diags, &mut left);
    report.failed = left.failed_line(&out.display().to_string());
    report
}

/// What a build that did not finish left in the output's place: its closing line must be true.
enum Left {
    AsItWas,
    /// There was no output, and there still is none.
    NotCreated,
    /// The two-rename swap moved the previous output aside and could not put it back.
    MovedAside(PathBuf),
}

impl Left {
    fn of(output: &Output) -> Left {
        if output.exists() {
            Left::AsItWas
        } else {
            Left::NotCreated
        }
    }

    fn failed_line(&self, out_name: &str) -> String {
        match self {
            Left::AsItWas => format!("build failed; {out_name} was left as it was"),
            Left::NotCreated => format!("build failed; {out_name} was not created"),
            Left::MovedAside(old) => format!(
                "build failed; the previous {out_name} is at {}, and the next build puts it back",
                old.display()
            ),
        }
    }

    fn interrupted_line(&self, out_name: &str) -> String {
        self.failed_line(out_name)
            .replacen("build failed", "build interrupted", 1)
    }
}

fn build(
    root: &Path,
    out: &Path,
    options: &BuildOptions,
    diags: &mut Diagnostics,
    left: &mut Left,
) -> Option<String> {
    let strict = options.strict;
    let out_name = out.display().to_string();
    if !options.locales.is_empty() && options.publication {
        // A site of one language in place of the real one takes the others off the web.
        return stop(
            diags,
            Diagnostic::environment(format!(
                "--locale makes a site of only {}, which would replace the whole of {out_name}",
                options.locales.join(", ")
            ))
            .hint("build one language into another folder: add --out DIR"),
        );
    }

    let output = match Output::resolve(out) {
        Ok(output) => output,
        Err(err) => {
            return stop(
                diags,
                Diagnostic::environment(format!(
                    "cannot use {out_name} as the output folder ({err})"
                )),
            );
        }
    };
    *left = Left::of(&output);
    // A refused output is reported with every problem of the sources; a locked one at once.
    let lock = match publish::check_output_folder(&output, root) {
        Err(why) => {
            diags.push(
                Diagnostic::environment(format!("refusing to write the site into {out_name}: {why}"))
                    .hint("choose an empty folder, or a folder a previous leaflet build made, with --out DIR"),
            );
            None
        }
        Ok(()) => Some(take_output(&output, diags, left)?),
    };

    // Without PDFs, typst is not needed at all.
    let typst = if options.no_pdf {
        None
    } else {
        Some(pdf::find_typst().map_err(|d| diags.push(d)).ok())
    };
    if let (Some(Some(typst)), true) = (&typst, options.verbose) {
        eprintln!(
            "using typst {} ({})",
            typst.version,
            typst.program.display()
        );
    }
    let mut timer = Timer::new(options.verbose);
    let sources = read_sources(root, options.today, &mut timer, diags);
    let theme = Theme::load(root, diags);
    let sources = sources?;
    let locales = sources.select_locales(&options.locales, diags)?;
    sources.check_translations(&locales, diags);
    let (old_versions, new_versions) = sources.check_versions(diags);
    let localized = sources.localize(&locales, diags);
    timer.done("localize");
    let html = html_renderer(&theme, &sources, diags);
    let typst = match typst {
        Some(found) => Some(found?),
        None => None,
    };
    let html = html?;
    proceed(diags, strict)?;

    let _lock = lock?;
    let staging = match Staging::new(&output) {
        Ok(staging) => staging,
        Err(err) => {
            return stop(
                diags,
                Diagnostic::environment(format!(
                    "failed to create a build folder beside {out_name} ({err})"
                )),
            );
        }
    };

    // PDFs first: the pages show their sizes. Without PDFs the pages have no PDF link, so none
    // points at a file that is not there.
    let images = sources.images();
    let sizes = typst.map(|typst| {
        let pdfs = PdfRun {
            typst: &typst,
            theme: &theme,
            sources: &sources,
            localized: &localized,
            images: &images,
            staging: &staging,
            options,
        };
        pdfs.make(diags)
    });
    if sizes.is_some() {
        timer.done("pdf");
    }

    let status = (locales.len() > 1).then(|| sources.status_report());
    let content = sources.site_content(&localized, &locales, status.as_ref(), &images);
    let mut write_error = None;
    render_site(
        &content,
        &theme,
        &html,
        sizes.as_ref(),
        diags,
        &mut |rel, bytes| {
            if let Err(err) = staging.write(&rel, bytes)
                && write_error.is_none()
            {
                write_error = Some(format!("failed to write {} ({err})", rel.display()));
            }
        },
    );
    timer.done("html");
    if let Some(message) = write_error {
        diags.push(Diagnostic::environment(message));
    }

    proceed(diags, strict)?;
    let committed = staging.commit(&format!(
        "build interrupted; {out_name} already holds the new build"
    ));
    timer.done("publish");
    match committed {
        Ok(None) => {}
        Ok(Some(note)) => diags.push(Diagnostic::warning(note)),
        Err(CommitError::Untouched(err)) => {
            return stop(
                diags,
                Diagnostic::environment(format!("failed to replace {out_name} ({err})")),
            );
        }
        Err(CommitError::MovedAside { err, old }) => {
            *left = Left::MovedAside(old);
            return stop(
                diags,
                Diagnostic::environment(format!("failed to replace {out_name} ({err})")),
            );
        }
    }
    // The site is out: record the versions it shows. A build elsewhere (`--out`: a preview, a
    // draft) is not a publication and records nothing; nor is a site without its PDFs.
    let record = if options.publication && !options.no_pdf {
        crate::versions::write_lock(root, &old_versions, &new_versions)
    } else {
        Ok(false)
    };
    match record {
        Ok(true) if options.verbose => eprintln!(
            "recorded new leaflet versions in {}",
            crate::paths::VERSIONS_LOCK_FILE
        ),
        Ok(_) => {}
        Err(err) => diags.push(Diagnostic::warning(format!(
            "failed to write {} ({err})",
            crate::paths::VERSIONS_LOCK_FILE
        ))),
    }
    let leaflets = sources.leaflets.len();
    let documents = localized.documents.len();
    let pdfs = match &sizes {
        Some(sizes) => format!(" and {} PDFs", sizes.len()),
        None => ", no PDFs".to_string(),
    };
    Some(format!(
        "built {leaflets} leaflet{} in {} language{} ({documents} pages{pdfs}) into {out_name}",
        if leaflets == 1 { "" } else { "s" },
        locales.len(),
        if locales.len() == 1 { "" } else { "s" },
    ))
}

/// The PDFs of one build, made into its staging folder.
struct PdfRun<'a> {
    typst: &'a pdf::Typst,
    theme: &'a Theme,
    sources: &'a Sources,
    localized: &'a Localized,
    images: &'a [(PathBuf, PathBuf)],
    staging: &'a Staging,
    options: &'a BuildOptions,
}

impl PdfRun<'_> {
    /// Makes every PDF of the run; returns their sizes by path inside `dist/`, for the pages'
    /// links.
    fn make(&self, diags: &mut Diagnostics) -> BTreeMap<PathBuf, u64> {
        let sources = self.sources;
        let staging = self.staging;
        let profiles = &sources.site.print_profiles;
        let mut jobs: Vec<PdfJob<'_>> = Vec::new();
        for doc in &self.localized.documents {
            let Some(leaflet) = sources.leaflets.iter().find(|l| l.id == doc.id) else {
                continue;
            };
            let epoch = leaflet
                .reviewed
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .map_or(0, |z| z.timestamp().as_second());
            for (index, profile) in profiles.iter().enumerate() {
                // The first profile is the website's: its PDF has the plain name.
                let name = (index > 0).then_some(profile.name.as_str());
                jobs.push(PdfJob {
                    doc,
                    source: leaflet.path.clone(),
                    epoch,
                    profile,
                    primary_color: sources.site.primary_color.as_deref(),
                    output: staging
                        .path()
                        .join(paths::pdf_file(&doc.id, &doc.locale, name)),
                });
            }
        }
        for job in &jobs {
            if let Err(err) = staging.make_parent(&job.output) {
                diags.push(Diagnostic::environment(format!(
                    "failed to create the folder of {} ({err})",
                    job.output.display()
                )));
            }
        }
        let limits = PdfLimits {
            timeout: Duration::from_secs(
                self.options
                    .typst_timeout
                    .unwrap_or(sources.site.limits.typst_timeout_s),
            ),
            max_pages: sources.site.limits.max_pages,
        };
        let cache = PdfCache::new(&sources.root, !self.options.no_cache);
        let progress = Progress::new(self.options.progress);
        let errors_before = diags.count(Severity::Error);
        let stats = pdf::compile_all(
            self.typst, self.theme, self.images, &jobs, limits, &cache, &progress, diags,
        );
        // The cache keeps what the last whole build used: a build of some languages only
        // keeps the rest too.
        let whole = self.options.locales.is_empty();
        let pruned = if whole && diags.count(Severity::Error) == errors_before {
            cache.prune()
        } else {
            0
        };
        if self.options.verbose {
            eprintln!(
                "{:>12}  {} made with typst, {} reused from the cache, {pruned} old removed from it",
                "pdfs", stats.made, stats.reused
            );
        }
        jobs.iter()
            .filter_map(|job| {
                let rel = job.output.strip_prefix(staging.path()).ok()?.to_path_buf();
                Some((rel, std::fs::metadata(&job.output).ok()?.len()))
            })
            .collect()
    }
}

/// Takes the output for this build: the lock (a second build stops here), the interrupt handler
/// (which removes the temporary folders), and the removal of what killed builds left.
fn take_output(output: &Output, diags: &mut Diagnostics, left: &mut Left) -> Option<OutputLock> {
    let lock = OutputLock::acquire(output)
        .map_err(|d| diags.push(d))
        .ok()?;
    for leftover in publish::remove_leftovers(output) {
        diags.push(leftover);
    }
    *left = Left::of(output);
    let out_name = output.given.display().to_string();
    if let Err(err) = scratch::on_interrupt(left.interrupted_line(&out_name)) {
        diags.push(Diagnostic::warning(format!(
            "cannot catch Ctrl-C ({err}); an interrupted build leaves temporary folders, which the next build removes"
        )));
    }
    for problem in scratch::remove_dead_work_dirs() {
        diags.push(Diagnostic::warning(format!(
            "failed to remove {problem}, a typst work folder of a build that was stopped"
        )));
    }
    scratch::pause("locked");
    Some(lock)
}
