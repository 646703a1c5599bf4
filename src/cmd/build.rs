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
use crate::diag::{Diagnostic, Diagnostics};
use crate::paths;
use crate::pipeline::{Timer, read_sources};
use crate::publish::{self, CommitError, Output, OutputLock, Staging};
use crate::render::pdf::{self, PdfJob, PdfLimits};
use crate::render::site::render_site;
use crate::render::theme::Theme;
use crate::scratch;

pub fn run(args: &BuildArgs) -> Report {
    let root = &args.common.root;
    let out = args.out.clone().unwrap_or_else(|| root.join("dist"));
    let mut report = Report::new(root.clone(), args.common.strict, String::new());
    let mut left = Left::AsItWas;
    report.done = build(args, &out, &mut report.diags, &mut left);
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

fn build(args: &BuildArgs, out: &Path, diags: &mut Diagnostics, left: &mut Left) -> Option<String> {
    let common = &args.common;
    let root = &common.root;
    let strict = common.strict;
    let out_name = out.display().to_string();
    if !common.locales.is_empty() && args.out.is_none() {
        // A site of one language in place of the real one takes the others off the web.
        return stop(
            diags,
            Diagnostic::environment(format!(
                "--locale makes a site of only {}, which would replace the whole of {out_name}",
                common.locales.join(", ")
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

    let typst = pdf::find_typst().map_err(|d| diags.push(d)).ok();
    if let (Some(typst), true) = (&typst, common.verbose) {
        eprintln!(
            "using typst {} ({})",
            typst.version,
            typst.program.display()
        );
    }
    let mut timer = Timer::new(common.verbose);
    let sources = read_sources(root, common.today, &mut timer, diags);
    let theme = Theme::load(root, diags);
    let sources = sources?;
    let locales = sources.select_locales(&common.locales, diags)?;
    sources.check_translations(&locales, diags);
    let (old_versions, new_versions) = sources.check_versions(diags);
    let localized = sources.localize(&locales, diags);
    timer.done("localize");
    let html = html_renderer(&theme, &sources, diags);
    let (typst, html) = (typst?, html?);
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

    // PDFs first: the pages show their sizes.
    let images = sources.images();
    let profiles = &sources.site.print_profiles;
    let mut jobs: Vec<PdfJob<'_>> = Vec::new();
    for doc in &localized.documents {
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
            args.typst_timeout
                .unwrap_or(sources.site.limits.typst_timeout_s),
        ),
        max_pages: sources.site.limits.max_pages,
    };
    pdf::compile_all(&typst, &theme, &images, &jobs, limits, diags);
    timer.done("pdf");
    let sizes: BTreeMap<PathBuf, u64> = jobs
        .iter()
        .filter_map(|job| {
            let rel = job.output.strip_prefix(staging.path()).ok()?.to_path_buf();
            Some((rel, std::fs::metadata(&job.output).ok()?.len()))
        })
        .collect();

    let status = (locales.len() > 1).then(|| sources.status_report());
    let content = sources.site_content(&localized, &locales, status.as_ref(), &images);
    let mut write_error = None;
    render_site(
        &content,
        &theme,
        &html,
        Some(&sizes),
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
    // draft) is not a publication and records nothing.
    let record = if args.out.is_none() {
        crate::versions::write_lock(root, &old_versions, &new_versions)
    } else {
        Ok(false)
    };
    match record {
        Ok(true) if common.verbose => eprintln!(
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
    Some(format!(
        "built {leaflets} leaflet{} in {} language{} ({documents} pages and {} PDFs) into {out_name}",
        if leaflets == 1 { "" } else { "s" },
        locales.len(),
        if locales.len() == 1 { "" } else { "s" },
        sizes.len(),
    ))
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
