//! `leaflet build`: sources → Documents → PDFs and pages in a staging folder → swapped into
//! `dist/` only when nothing failed.
//!
//! The output is taken first: checked, locked against a second build, cleared of what killed
//! builds left (see `publish`). Only then does the work start.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::cli::{BuildArgs, Shard};
use crate::cmd::{Report, html_renderer, proceed, stop};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::l10n::Localized;
use crate::paths;
use crate::pipeline::{Sources, Timer, read_sources};
use crate::publish::{self, CommitError, Output, OutputLock, Staging};
use crate::render::cache::PdfCache;
use crate::render::pdf::{self, PdfJob, PdfLimits, TypstMode};
use crate::render::progress::{Progress, ProgressMode};
use crate::render::site::{render_site, search_files};
use crate::render::theme::Theme;
use crate::render::uptodate;
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
        no_search: false,
        preview: false,
        typst_mode: if args.typst_per_pdf {
            TypstMode::PerProcess
        } else {
            TypstMode::Bundle
        },
        progress: if args.quiet {
            ProgressMode::Quiet
        } else {
            ProgressMode::Auto
        },
        typst_timeout: args.typst_timeout,
        // `--out dist` (or the folder `dist` links to) is the site as published, named again:
        // it records versions like a plain build, or a version could be published twice with
        // different words.
        publication: args.out.is_none() || same_folder(&out, &root.join("dist")),
        shard: args.shard,
        parts: args.assemble.clone(),
        focus: None,
    };
    build_into(root, &out, &options)
}

/// Whether two paths name the same folder, once links, `.` and `..` are followed, also where
/// the folder (or a link to it) is not made yet.
fn same_folder(a: &Path, b: &Path) -> bool {
    match (real_path(a, 0), real_path(b, 0)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// `path` from the root with every link followed and every `.` and `..` taken away, as the
/// file system would take it, for parts that do not exist yet as well (`realpath -m`).
fn real_path(path: &Path, depth: u32) -> Option<PathBuf> {
    use std::path::Component;
    // A loop of links.
    if depth > 40 {
        return None;
    }
    let path = std::path::absolute(path).ok()?;
    let mut real = PathBuf::new();
    for part in path.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => real.push(part.as_os_str()),
            Component::CurDir => {}
            // `real` has no links left: its parent is the one `..` goes to.
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(name) => {
                let next = real.join(name);
                real = match std::fs::read_link(&next) {
                    Ok(target) => real_path(&real.join(target), depth + 1)?,
                    Err(_) => next,
                };
            }
        }
    }
    Some(real)
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
    /// Leave out the search index (a second of work for a large site): only for the preview's
    /// quick pages, whose full build follows with the index.
    pub no_search: bool,
    /// The output is a preview's folder inside its private temporary folder: its files are not
    /// flushed to the disk before the swap (a power cut takes the whole folder away).
    pub preview: bool,
    /// Bundles of many PDFs per typst run (the default), or one run per PDF (`--typst-per-pdf`).
    pub typst_mode: TypstMode,
    /// A progress bar or lines for the typst work, or nothing.
    pub progress: ProgressMode,
    /// Seconds one typst run may take; site.yaml's `limits.typst_timeout_s` when `None`.
    pub typst_timeout: Option<u64>,
    /// The output is the project's own `dist/`, the site as published: it must hold every
    /// language, and a full build of it records the leaflet versions in `versions.lock.yaml`.
    /// `false` for `--out DIR` and for a preview.
    pub publication: bool,
    /// Only this part of the PDFs, into the output folder as cache entries (`--shard K/N`).
    pub shard: Option<Shard>,
    /// Folders of parts to take PDFs from (`--assemble`).
    pub parts: Vec<PathBuf>,
    /// A preview's quick look after a change of these files (paths inside the project): when
    /// they are all leaflets' own files, only those leaflets' pages are made, and the rest of
    /// the previous output is kept. Only with `preview` and `no_pdf`; a whole build follows.
    pub focus: Option<Vec<PathBuf>>,
}

/// Builds the project at `root` into `out` (replaced in one step, only when everything
/// succeeded) and returns the report to print: the entry point of every build.
pub fn build_into(root: &Path, out: &Path, options: &BuildOptions) -> Report {
    let mut report = Report::new(root.to_path_buf(), options.strict, String::new());
    report.verbose = options.verbose;
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
    if let Some(shard) = options.shard {
        return build_part(root, out, options, shard, diags);
    }
    let parts = match read_parts(&options.parts) {
        Ok(parts) => parts,
        Err(d) => return stop(diags, d),
    };
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

    // A publication is made as of today. A day left in LEAFLET_TODAY (or given with --today)
    // from a look at another day would publish a leaflet past its review date as current (a
    // day before today), or put "being reviewed" on leaflets that are not due and date the
    // team report ahead (a day after).
    let clock = crate::format::clock_today();
    if let Some(given) = options.today
        && given != clock
    {
        if !options.publication {
            // Elsewhere another day is a look at the site as it was or will be: said, so that
            // such a folder is not put online by mistake.
            diags.push(
                Diagnostic::warning(format!(
                    "this site shows the leaflets as on {given} (--today or LEAFLET_TODAY), not as today ({clock}): a look at another day, not for patients"
                ))
                .hint("to publish, build into dist/ with --today left out and LEAFLET_TODAY unset"),
            );
        } else {
            let risk = if given < clock {
                "a leaflet past its review date could be published as current"
            } else {
                "leaflets not yet due could be published as past their review date, and the dates would be wrong"
            };
            return stop(
                diags,
                Diagnostic::environment(format!(
                    "review dates would be compared with {given} (--today or LEAFLET_TODAY), which is not today ({clock}): {risk}"
                ))
                .hint("to publish, leave out --today and unset LEAFLET_TODAY (`unset LEAFLET_TODAY`); to see the site as on another day, build it elsewhere: add --out DIR"),
            );
        }
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
    // The site with its PDFs may be what the hospital serves (dist/, or the web folder given
    // with --out): a quick look without them must not take the patients' printable leaflets
    // off it. Asked once the output is ours and a stopped build's leftovers are back in place.
    // The preview's own folder is the preview's business.
    if options.no_pdf && !options.preview && lock.is_some() && may_hold_pdfs(out) {
        return stop(
            diags,
            Diagnostic::environment(format!(
                "--no-pdf makes a site without PDFs, which would take the PDFs in {out_name} off the site"
            ))
            .hint("look at the pages with `leaflet serve --no-pdf`, or build them into another folder: add --out DIR"),
        );
    }

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
    // Nothing changed since the last build of this output: say what it said, and stop.
    let inputs = match (&lock, &typst) {
        (Some(_), None | Some(Some(_))) if diags.is_empty() && may_record(options) => {
            let typst = typst.as_ref().and_then(|t| t.as_ref());
            build_settings(options, &output, typst)
                .and_then(|settings| uptodate::inputs_key(root, &output, &settings))
        }
        _ => None,
    };
    if let Some(record) = inputs
        .as_ref()
        .filter(|_| !options.no_cache)
        .and_then(|key| uptodate::unchanged(root, &output, key))
    {
        if let (true, Some(pdfs)) = (options.verbose, record.pdfs) {
            eprintln!(
                "{:>12}  0 made with typst, {pdfs} kept in {out_name}",
                "pdfs"
            );
        }
        for warning in record.warnings {
            diags.push(warning);
        }
        return Some(format!(
            "nothing changed since the last build, so {out_name} was left as it is: {}",
            record.summary
        ));
    }
    let mut timer = Timer::new(options.verbose);
    let sources = read_sources(root, options.today, &mut timer, diags);
    let theme = Theme::load(root, diags);
    let sources = sources?;
    let locales = sources.select_locales(&options.locales, diags)?;
    let (old_versions, new_versions) = sources.check_all(&locales, diags);
    timer.done("checks");
    // A preview's quick look: the pages of the leaflets the change touched, the rest of the
    // previous output kept as it is (a whole build follows).
    let focus = options
        .focus
        .as_deref()
        .filter(|_| options.preview && options.no_pdf && output.exists())
        .and_then(|changed| sources.leaflets_of(changed));
    if options.focus.is_some() && focus.is_none() {
        // Not a change a quick look can show: the whole build that follows does it.
        return None;
    }
    let focus_dirs: Option<Vec<PathBuf>> = focus.as_ref().map(|ids| {
        locales
            .iter()
            .flat_map(|locale| {
                ids.iter()
                    .map(|id| PathBuf::from(paths::page_dir(locale, id)))
            })
            .collect()
    });
    let in_focus = |rel: &Path| {
        focus_dirs
            .as_ref()
            .is_none_or(|dirs| dirs.iter().any(|dir| rel.starts_with(dir)))
    };
    let (localized, figures) = sources.localize_some(&locales, focus.as_ref(), diags);
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
        Ok(staging) if options.preview => staging.without_flush(),
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
    let mut pdf_work = None;
    let sizes = typst.map(|typst| {
        let pdfs = PdfRun {
            typst: &typst,
            theme: &theme,
            sources: &sources,
            localized: &localized,
            images: &images,
            out_dir: staging.path(),
            staging: Some(&staging),
            options,
        };
        let cache = PdfCache::new(root, !options.no_cache).reading(parts.clone());
        let (sizes, stats, _) = pdfs.make(&cache, diags);
        if !parts.is_empty() && stats.made > 0 && options.progress != ProgressMode::Quiet {
            eprintln!(
                "{} PDF{} not in the parts, so made here",
                stats.made,
                if stats.made == 1 { " was" } else { "s were" }
            );
        }
        pdf_work = Some(stats);
        sizes
    });
    if sizes.is_some() {
        timer.done("pdf");
    }

    let status = (locales.len() > 1).then(|| sources.status_report());
    let cache_dir = root.join(crate::render::cache::CACHE_DIR);
    let content = sources.site_content(&localized, &figures, &locales, status.as_ref(), &images);
    let mut write_error = None;
    let mut write = |rel: PathBuf, bytes: Vec<u8>| {
        if !in_focus(&rel) {
            return;
        }
        if let Err(err) = staging.write(&rel, bytes)
            && write_error.is_none()
        {
            write_error = Some(format!("failed to write {} ({err})", rel.display()));
        }
    };
    let search = !options.no_search && focus.is_none();
    let pages = render_site(
        &content,
        &theme,
        &html,
        sizes.as_ref(),
        search.then(|| staging.path()),
        diags,
        &mut write,
    );
    // What the closing line counts; then the search index, with nothing else held: the texts,
    // the Documents and the resolved leaflets are let go first (the index is the peak of a
    // build's memory).
    let (leaflets, documents) = (sources.leaflets.len(), localized.documents.len());
    drop(content);
    drop((localized, figures, status, sources));
    crate::scratch::give_back_memory();
    // A quick look wrote only the pages of its leaflets: the rest of the previous output (the
    // other pages, the style sheet, the search index) stays as it is. (A quick look makes no
    // search index: nothing is written after this.)
    let not_kept = match focus {
        Some(_) => staging.keep_previous(|rel| in_focus(rel)).err(),
        None => None,
    };
    timer.done("html");
    if search {
        let cache = (!options.no_cache).then_some(cache_dir.as_path());
        search_files(&pages, cache, diags, &mut write);
        timer.done("search");
    }
    drop(pages);
    if let Some(err) = not_kept {
        write_error.get_or_insert(format!("failed to keep the previous pages ({err})"));
    }
    if let Some(message) = write_error {
        diags.push(Diagnostic::environment(message));
    }

    proceed(diags, strict)?;
    // The record of the last build must never describe the output this one puts in its place.
    let inputs = inputs.filter(|_| uptodate::forget(root, &output).is_ok());
    // The versions this site shows are recorded BEFORE it goes out: a build killed (kill -9, a
    // crash, a power cut) just after the swap must not leave a published version unrecorded,
    // or the same version could later show other words. Killed before the swap, a version is
    // recorded that was not published: harmless. A publication without its PDFs, or a build
    // elsewhere (`--out`: a preview, a draft) records nothing.
    let lock_path = root.join(crate::paths::VERSIONS_LOCK_FILE);
    let previous_lock = std::fs::read(&lock_path).ok();
    let record = if options.publication && !options.no_pdf {
        crate::versions::write_lock(root, &old_versions, &new_versions)
    } else {
        Ok(false)
    };
    let recorded = match record {
        Ok(recorded) => recorded,
        Err(err) => {
            return stop(
                diags,
                Diagnostic::environment(format!(
                    "failed to write {} ({err}), so {out_name} was left as it is",
                    crate::paths::VERSIONS_LOCK_FILE
                ))
                .hint("a published site's versions must be recorded: check that the project folder can be written"),
            );
        }
    };
    let committed = staging.commit(&format!(
        "build interrupted; {out_name} already holds the new build"
    ));
    timer.done("publish");
    match committed {
        Ok(None) => {}
        Ok(Some(note)) => diags.push(Diagnostic::warning(note)),
        Err(CommitError::Untouched(err)) => {
            // Nothing was published: the record goes back to what it was.
            if recorded {
                let _ = match &previous_lock {
                    Some(bytes) => crate::scratch::replace_file(&lock_path, bytes.clone()),
                    None => std::fs::remove_file(&lock_path),
                };
            }
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
    let sources_unchanged = !recorded;
    let recorded_note = if recorded {
        recorded_versions(&old_versions, &new_versions)
    } else {
        String::new()
    };
    let pdfs = match &sizes {
        Some(sizes) => format!(" and {} PDFs", sizes.len()),
        None => ", no PDFs".to_string(),
    };
    let summary = format!(
        "{leaflets} leaflet{} in {} language{} ({documents} pages{pdfs})",
        if leaflets == 1 { "" } else { "s" },
        locales.len(),
        if locales.len() == 1 { "" } else { "s" },
    );
    // A build that wrote versions.lock.yaml changed a source: the next one must run.
    if let (Some(key), true) = (inputs, sources_unchanged) {
        let warnings = diags.iter().cloned().collect();
        let pdfs = sizes.as_ref().map(BTreeMap::len);
        // Without a record the next build simply runs.
        let _ = uptodate::record(root, &output, key, warnings, summary.clone(), pdfs);
    }
    Some(format!(
        "built {summary} into {out_name}{}{recorded_note}",
        pdf_work.as_ref().map(why_work).unwrap_or_default()
    ))
}

/// The closing line's word on `versions.lock.yaml` when this build wrote it: which versions it
/// recorded, and that the file belongs with the sources (the team commits it, or the next
/// clone refuses nothing it should).
fn recorded_versions(
    old: &crate::versions::VersionLock,
    new: &crate::versions::VersionLock,
) -> String {
    let added: Vec<String> = new
        .leaflets
        .iter()
        .flat_map(|(id, versions)| {
            versions
                .iter()
                .filter(move |(version, fingerprint)| {
                    old.leaflets.get(id).and_then(|v| v.get(version)) != Some(fingerprint)
                })
                .map(move |(version, _)| format!("{id} version {version}"))
        })
        .collect();
    let what = match added.len() {
        0 => "the leaflets' versions".to_string(),
        1..=3 => added.join(", "),
        n => format!("{n} leaflet versions"),
    };
    format!(
        "; recorded {what} in {} (commit that file with the sources)",
        crate::paths::VERSIONS_LOCK_FILE
    )
}

/// Whether the output folder (followed if it is a link) holds a PDF, or may: a part of it
/// that cannot be read counts as holding one.
fn may_hold_pdfs(out: &Path) -> bool {
    for entry in walkdir::WalkDir::new(out) {
        match entry {
            Ok(entry) => {
                let name = entry.file_name().to_string_lossy().to_lowercase();
                if name.ends_with(".pdf") {
                    return true;
                }
            }
            Err(err) if err.depth() == 0 && !out.exists() => return false,
            Err(_) => return true,
        }
    }
    false
}

/// Why the build did the typst work it did, for its closing line: the leaflets whose PDFs had
/// to be made again (a text, the version, the review date, a picture, the template or a
/// setting they show changed since they were last made), how many typst made and how many
/// were reused. A build after a version bump makes that leaflet's PDFs and says so.
fn why_work(stats: &pdf::PdfStats) -> String {
    use crate::diag::counted;
    if stats.made == 0 {
        return match stats.reused {
            0 => String::new(),
            n => format!(": nothing changed for the PDFs, all {n} reused"),
        };
    }
    let changed = stats.made_for.len();
    let mut out = format!(
        ": {} new or changed since {} PDFs were last made, {} made with typst",
        counted(changed, "leaflet", "leaflets"),
        if changed == 1 { "its" } else { "their" },
        counted(stats.made, "PDF", "PDFs")
    );
    if stats.reused > 0 {
        out.push_str(&format!(", {} reused", stats.reused));
    }
    if changed <= 3 {
        let names: Vec<String> = stats
            .made_for
            .iter()
            .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .collect();
        out.push_str(&format!(" ({})", names.join(", ")));
    }
    out
}

/// Whether this build's inputs are recorded, so that the next build can do nothing when they
/// did not change: not for a build put together from parts, and not while a test stops builds
/// at chosen moments. (`--no-cache` builds are recorded, but never skipped.)
fn may_record(options: &BuildOptions) -> bool {
    options.parts.is_empty()
        && options.focus.is_none()
        && options.shard.is_none()
        && std::env::var_os("LEAFLET_TEST_PAUSE").is_none()
        && std::env::var_os("LEAFLET_TEST_SWAP").is_none()
}

/// Everything a build depends on besides the project's files: this leaflet (its version and
/// its executable, so a rebuilt leaflet runs again), typst, the day review dates are compared
/// with, the options that change the output, and the output's place.
fn build_settings(
    options: &BuildOptions,
    output: &Output,
    typst: Option<&pdf::Typst>,
) -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(&exe).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    // The day the build used, from the same place the build takes it.
    let today = crate::format::today(options.today);
    Some(format!(
        "leaflet {} {} {} {modified}\ntypst {:?}\ntoday {today}\nlocales {:?}\nstrict {}\nno-pdf {}\nno-search {}\ntypst-timeout {:?}\npublication {}\nout {}",
        env!("CARGO_PKG_VERSION"),
        exe.display(),
        meta.len(),
        typst.map(|t| (&t.identity, &t.program)),
        options.locales,
        options.strict,
        options.no_pdf,
        options.no_search,
        options.typst_timeout,
        options.publication,
        output.folder.display(),
    ))
}

/// The PDFs of one build, made into its staging folder (or a shard's scratch folder).
struct PdfRun<'a> {
    typst: &'a pdf::Typst,
    theme: &'a Theme,
    sources: &'a Sources,
    localized: &'a Localized,
    images: &'a [(PathBuf, PathBuf)],
    out_dir: &'a Path,
    /// The staging folder, when `out_dir` is one (its folders are made under its lock).
    staging: Option<&'a Staging>,
    options: &'a BuildOptions,
}

impl PdfRun<'_> {
    /// Makes the PDFs of the run (with `--shard`, only that part's); returns their sizes by
    /// path inside `dist/` (for the pages' links), what typst did, and how many PDFs the whole
    /// site has.
    fn make(
        &self,
        cache: &PdfCache,
        diags: &mut Diagnostics,
    ) -> (BTreeMap<PathBuf, u64>, pdf::PdfStats, usize) {
        let sources = self.sources;
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
                    output: self
                        .out_dir
                        .join(paths::pdf_file(&doc.id, &doc.locale, name)),
                });
            }
        }
        let total = jobs.len();
        if let Some(shard) = self.options.shard {
            jobs = in_part(jobs, shard);
        }
        for job in &jobs {
            let made = match (self.staging, job.output.parent()) {
                (Some(staging), _) => staging.make_parent(&job.output),
                (None, Some(parent)) => std::fs::create_dir_all(parent),
                (None, None) => Ok(()),
            };
            if let Err(err) = made {
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
        let progress = Progress::new(self.options.progress);
        let errors_before = diags.count(Severity::Error);
        let stats = pdf::compile_all(
            self.typst,
            self.theme,
            self.images,
            &jobs,
            limits,
            self.options.typst_mode,
            cache,
            self.staging.and_then(Staging::reuse),
            &progress,
            diags,
        );
        // The cache keeps what the last whole build used: a build of some languages or of one
        // part keeps the rest too.
        let whole = self.options.locales.is_empty() && self.options.shard.is_none();
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
            if self.options.typst_mode == TypstMode::Bundle && stats.bundles > 0 {
                eprintln!(
                    "{:>12}  {} typst bundle run{}; {} PDF{} made again one per run",
                    "",
                    stats.bundles,
                    if stats.bundles == 1 { "" } else { "s" },
                    stats.redone,
                    if stats.redone == 1 { "" } else { "s" },
                );
            }
            for note in &stats.notes {
                eprintln!("{:>12}  note: {note}", "");
            }
        }
        let sizes = jobs
            .iter()
            .filter_map(|job| {
                let rel = job.output.strip_prefix(self.out_dir).ok()?.to_path_buf();
                Some((rel, std::fs::metadata(&job.output).ok()?.len()))
            })
            .collect();
        (sizes, stats, total)
    }
}

/// The jobs of one part: every N-th, starting at the K-th. Jobs come in the order of leaflets,
/// languages and print profiles, the same on every machine, so the parts are the same
/// everywhere, do not overlap, together hold every job, and differ in size by one job at most
/// (leaflets of one project are alike in length, so in time too).
fn in_part(jobs: Vec<PdfJob<'_>>, shard: Shard) -> Vec<PdfJob<'_>> {
    jobs.into_iter()
        .enumerate()
        .filter(|(index, _)| index % shard.count == shard.index - 1)
        .map(|(_, job)| job)
        .collect()
}

#[derive(serde::Serialize, serde::Deserialize)]
struct PartMarker {
    part: usize,
    of: usize,
}

/// `--shard K/N`: every check of a build, then the PDFs of part K only, into `out` as cache
/// entries (`out/pdf/`) with a marker. No site, no swap: the part is an input of `--assemble`.
fn build_part(
    root: &Path,
    out: &Path,
    options: &BuildOptions,
    shard: Shard,
    diags: &mut Diagnostics,
) -> Option<String> {
    let out_name = out.display().to_string();
    let typst = pdf::find_typst().map_err(|d| diags.push(d)).ok();
    let mut timer = Timer::new(options.verbose);
    let sources = read_sources(root, options.today, &mut timer, diags);
    let theme = Theme::load(root, diags);
    let sources = sources?;
    let locales = sources.select_locales(&options.locales, diags)?;
    sources.check_all(&locales, diags);
    timer.done("checks");
    let (localized, _) = sources.localize(&locales, diags);
    timer.done("localize");
    // The templates are checked as in every build: a part of a build that cannot succeed
    // fails at once.
    let html = html_renderer(&theme, &sources, diags);
    let typst = typst?;
    html?;
    proceed(diags, options.strict)?;

    if let Err(why) = clear_part_folder(out) {
        return stop(
            diags,
            Diagnostic::environment(format!("refusing to write a part into {out_name}: {why}"))
                .hint("give --out an empty folder, or the folder of an earlier part"),
        );
    }
    let scratch = match scratch::ScratchDir::new_in(&std::env::temp_dir(), "leaflet-part-") {
        Ok(scratch) => scratch,
        Err(err) => {
            return stop(
                diags,
                Diagnostic::environment(format!("failed to create a temporary folder ({err})")),
            );
        }
    };
    let images = sources.images();
    let pdfs = PdfRun {
        typst: &typst,
        theme: &theme,
        sources: &sources,
        localized: &localized,
        images: &images,
        out_dir: scratch.path(),
        staging: None,
        options,
    };
    let cache = PdfCache::new(root, !options.no_cache).exporting_to(out.join("pdf"));
    let (sizes, _, total) = pdfs.make(&cache, diags);
    timer.done("pdf");
    proceed(diags, options.strict)?;
    let marker = PartMarker {
        part: shard.index,
        of: shard.count,
    };
    let written = serde_json::to_vec_pretty(&marker)
        .map_err(std::io::Error::other)
        .and_then(|json| std::fs::write(out.join(paths::PART_MARKER_FILE), json));
    if let Err(err) = written {
        return stop(
            diags,
            Diagnostic::environment(format!(
                "failed to write {} ({err})",
                out.join(paths::PART_MARKER_FILE).display()
            )),
        );
    }
    Some(format!(
        "made part {} of {}: {} of the site's {total} PDFs into {out_name}; put the parts together with leaflet build --assemble",
        shard.index,
        shard.count,
        sizes.len()
    ))
}

/// An output folder for a part: missing, empty, or an earlier part (which is cleared).
fn clear_part_folder(out: &Path) -> Result<(), String> {
    if out.join(paths::PART_MARKER_FILE).is_file() {
        std::fs::remove_dir_all(out).map_err(|err| err.to_string())?;
    } else if std::fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err("it holds other files".into());
    }
    std::fs::create_dir_all(out).map_err(|err| err.to_string())
}

/// The entry folders of the parts given to `--assemble`, checked to be parts 1 to N of one
/// split.
fn read_parts(dirs: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut found: BTreeMap<usize, usize> = BTreeMap::new();
    let mut count = None;
    for dir in dirs {
        let marker = std::fs::read(dir.join(paths::PART_MARKER_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<PartMarker>(&bytes).ok())
            .ok_or_else(|| {
                Diagnostic::environment(format!(
                    "{} is not a part made by leaflet build --shard",
                    dir.display()
                ))
                .hint("give --assemble the folders that the --shard K/N builds wrote (their --out)")
            })?;
        if marker.of == 0
            || marker.of > crate::cli::MAX_PARTS
            || marker.part == 0
            || marker.part > marker.of
        {
            return Err(Diagnostic::environment(format!(
                "{} says it is part {} of {}, which no leaflet build --shard makes",
                dir.display(),
                marker.part,
                marker.of
            ))
            .hint(format!(
                "build the parts again with --shard K/N (at most {} parts)",
                crate::cli::MAX_PARTS
            )));
        }
        if count.is_some_and(|n| n != marker.of) {
            return Err(Diagnostic::environment(format!(
                "the parts come from different splits ({} is part {} of {}, another is of {})",
                dir.display(),
                marker.part,
                marker.of,
                count.unwrap_or_default()
            ))
            .hint("build every part with the same --shard K/N count"));
        }
        count = Some(marker.of);
        *found.entry(marker.part).or_default() += 1;
    }
    if let Some(count) = count {
        let missing: Vec<String> = (1..=count)
            .filter(|k| !found.contains_key(k))
            .map(|k| k.to_string())
            .collect();
        if !missing.is_empty() {
            // Named up to ten; more are counted.
            let named = if missing.len() > 10 {
                format!(
                    "{} and {} more",
                    missing[..10].join(", "),
                    missing.len() - 10
                )
            } else {
                missing.join(", ")
            };
            return Err(Diagnostic::environment(format!(
                "part{} {named} of {count} {} missing from --assemble",
                if missing.len() == 1 { "" } else { "s" },
                if missing.len() == 1 { "is" } else { "are" },
            ))
            .hint("wait for every --shard job of the CI matrix and pass all their folders"));
        }
    }
    Ok(dirs.iter().map(|dir| dir.join("pdf")).collect())
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
            "failed to remove {problem}, a temporary folder of a build or preview that was stopped"
        )));
    }
    scratch::pause("locked");
    Some(lock)
}
