//! `leaflet serve`: a live preview while writing. Wires the file watcher, the build and the
//! preview server together; the work is theirs (`preview::watch`, `cmd::build`,
//! `preview::server`).
//!
//! Every change is built twice, into two folders of a private temporary folder (never `dist/`):
//! first the pages alone, which takes a moment, so the browser reloads quickly; then, on a
//! thread of its own, the full build with the PDFs (unchanged ones from the project's
//! `.leaflet-cache/`, as in any build), which follows behind and is served when it is done (until then a page has no PDF link, and an older PDF is still served). Both are
//! ordinary builds (`build::build_into`, options of its own): the same checks, lock and atomic swap, so the
//! server never sees a half-written folder and a failed build leaves the last good one. The
//! problems of a failed build are printed as `leaflet build` prints them and sent to the open
//! pages as an overlay. Ctrl-C (or SIGTERM) stops typst, removes the temporary folder and ends.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use crate::cli::ServeArgs;
use crate::cmd::build::{BuildOptions, build_into};
use crate::cmd::{Report, stop};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::paths;
use crate::preview::watch::{SourceWatch, Woken};
use crate::preview::{Preview, Problems, Serving, server};
use crate::render::progress::ProgressMode;
use crate::scratch::{self, ScratchDir};

/// What the watcher looks at: every source a build reads.
const WATCHED_FOLDERS: &[&str] = &[
    paths::LEAFLETS_DIR,
    paths::LOCALES_DIR,
    paths::TEMPLATES_DIR,
    paths::IMAGES_DIR,
];
const WATCHED_FILES: &[&str] = &[paths::SITE_FILE, paths::VERSIONS_LOCK_FILE];

const STOPPED: &str = "stopped the preview";

pub fn run(args: &ServeArgs) -> Report {
    let root = args.common.root.clone();
    let mut report = Report::new(root, args.common.strict, "the preview stopped");
    report.done = serve(args, &mut report.diags);
    report
}

fn serve(args: &ServeArgs, diags: &mut Diagnostics) -> Option<String> {
    let root = &args.common.root;
    let address = SocketAddr::new(args.bind, args.port);
    let listener = match server::bind(address) {
        Ok(listener) => listener,
        Err(err) => {
            return stop(
                diags,
                Diagnostic::environment(format!("cannot serve the preview on {address} ({err})"))
                    .hint("another program uses this port: choose another one with --port N"),
            );
        }
    };
    let prefix = format!("{}{}-", scratch::SERVE_PREFIX, std::process::id());
    let folder = match ScratchDir::new_in(&std::env::temp_dir(), &prefix) {
        Ok(folder) => folder,
        Err(err) => {
            return stop(
                diags,
                Diagnostic::environment(format!(
                    "failed to create the preview's folder in {} ({err})",
                    std::env::temp_dir().display()
                )),
            );
        }
    };
    scratch::critical(|registry| registry.hold_note(STOPPED));
    if let Err(err) = scratch::on_interrupt(STOPPED) {
        diags.push(Diagnostic::warning(format!(
            "cannot catch Ctrl-C ({err}); stopping leaves the preview's folder {}",
            folder.path().display()
        )));
    }
    let watch = match SourceWatch::start(root, WATCHED_FOLDERS, WATCHED_FILES) {
        Ok(watch) => watch,
        Err(err) => {
            return stop(
                diags,
                Diagnostic::environment(format!("cannot watch the sources for changes ({err})"))
                    .hint("on Linux, more watches are allowed with: sysctl fs.inotify.max_user_watches=524288"),
            );
        }
    };

    let preview = Arc::new(Preview::new(
        folder.path().join("pages"),
        folder.path().join("full"),
    ));
    {
        let preview = Arc::clone(&preview);
        std::thread::spawn(move || run_server(listener, preview));
    }
    eprintln!(
        "serving a preview at http://{address}/ — it follows every saved change; Ctrl-C stops"
    );

    // Which change the newest pages build is of: a full build of an older one is not served.
    let generation = Arc::new(AtomicU64::new(0));
    let full_builds = args.pdfs().then(|| {
        let (sender, requests) = mpsc::channel::<()>();
        let worker = FullBuilds {
            build: PreviewBuild::new(args, &preview.full_dir, true),
            preview: Arc::clone(&preview),
            generation: Arc::clone(&generation),
        };
        std::thread::spawn(move || worker.run(requests));
        sender
    });

    let pages = PreviewBuild::new(args, &preview.pages_dir, false);
    // The files of the last change, for a quick look at its pages first.
    let mut focus: Option<Vec<PathBuf>> = None;
    loop {
        let started = Instant::now();
        if let Some(changed) = focus.take() {
            // Only the pages of the leaflets changed (when only leaflets' own files changed),
            // the others as they were: the open page reloads at once. Its problems are the
            // whole build's, which follows and prints them; a quick look that fails shows
            // nothing, so the last good page stays until that build says why.
            if let (Some(_), _) = pages.run_focused(changed) {
                preview.built(Serving::Pages);
                if args.common.verbose {
                    eprintln!(
                        "the changed leaflet's pages ready in {:.2} s; the whole site follows",
                        started.elapsed().as_secs_f64()
                    );
                }
            }
        }
        let (built, build_diags) = pages.run();
        match built {
            Some(_) => {
                preview.built(Serving::Pages);
                let line = format!(
                    "pages ready in {:.2} s{}",
                    started.elapsed().as_secs_f64(),
                    if full_builds.is_some() {
                        "; making the PDFs"
                    } else {
                        ""
                    }
                );
                print_build(root, build_diags, Ok(line));
                if let Some(full) = &full_builds {
                    let _ = full.send(());
                }
            }
            None => {
                let problems = problems_of(root, &build_diags);
                print_build(root, build_diags, Err("build failed".into()));
                preview.failed(problems);
            }
        }

        let mut changed = match watch.next() {
            Woken::Changed(paths) => paths,
            Woken::Failed(err) => {
                eprintln!("warning: watching the sources failed ({err}); rebuilding to be safe");
                Vec::new()
            }
            Woken::Closed => {
                return stop(
                    diags,
                    Diagnostic::environment("the watch of the sources ended unexpectedly"),
                );
            }
        };
        changed.extend(watch.drain());
        changed.sort();
        changed.dedup();
        generation.fetch_add(1, Ordering::SeqCst);
        eprintln!("\n{} changed; rebuilding", names(&changed));
        focus = (!changed.is_empty() && changed.iter().all(|path| leaflet_own_file(path)))
            .then_some(changed);
    }
}

/// Builds with the PDFs whenever asked, one at a time; asks that came in meanwhile are
/// answered by one more build.
struct FullBuilds {
    build: PreviewBuild,
    preview: Arc<Preview>,
    generation: Arc<AtomicU64>,
}

impl FullBuilds {
    fn run(self, requests: mpsc::Receiver<()>) {
        // A pool of its own: typst jobs waiting on their processes must not hold up the
        // pages' rendering on the global pool.
        let pool = match rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("leaflet-serve-pdf-{i}"))
            .build()
        {
            Ok(pool) => pool,
            Err(err) => {
                eprintln!("error: cannot start the PDF builds ({err}); the preview has no PDFs");
                return;
            }
        };
        let root = self.build.root.clone();
        while requests.recv().is_ok() {
            while requests.try_recv().is_ok() {}
            let of = self.generation.load(Ordering::SeqCst);
            let started = Instant::now();
            let (built, diags) = pool.install(|| self.build.run());
            if self.generation.load(Ordering::SeqCst) != of {
                // The sources changed while it ran: the next build is already asked for.
                continue;
            }
            match built {
                Some(_) => {
                    self.preview.built(Serving::Full);
                    let line = format!("PDFs ready in {:.2} s", started.elapsed().as_secs_f64());
                    print_build(&root, without_warnings(diags), Ok(line));
                }
                None => {
                    let mut problems = problems_of(&root, &diags);
                    problems.summary = format!("the PDFs could not be made ({})", problems.summary);
                    print_build(
                        &root,
                        without_warnings(diags),
                        Err("the PDFs could not be made".into()),
                    );
                    self.preview.failed(problems);
                }
            }
        }
    }
}

fn run_server(listener: std::net::TcpListener, preview: Arc<Preview>) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build();
    let result = match runtime {
        Ok(runtime) => runtime.block_on(server::serve(listener, preview)),
        Err(err) => Err(err),
    };
    if let Err(err) = result {
        eprintln!("error: the preview server stopped ({err})");
        // Through the interrupt handler's way out, so the temporary folder goes too.
        scratch::remove_registered();
        std::process::exit(2);
    }
}

/// One of the preview's two builds: the project into a folder of the preview's own.
struct PreviewBuild {
    root: PathBuf,
    out: PathBuf,
    options: BuildOptions,
}

impl PreviewBuild {
    /// The serve command's settings; `pdfs` false makes the pages only (and no search index
    /// when a full build follows with it). Not a publication: no versions are recorded, and no
    /// progress bar runs between the preview's messages.
    fn new(args: &ServeArgs, out: &Path, pdfs: bool) -> PreviewBuild {
        let common = &args.common;
        PreviewBuild {
            root: common.root.clone(),
            out: out.to_path_buf(),
            options: BuildOptions {
                today: common.today,
                locales: common.locales.clone(),
                strict: common.strict,
                verbose: common.verbose,
                no_pdf: !pdfs,
                no_search: !pdfs && args.pdfs(),
                preview: true,
                typst_timeout: args.typst_timeout,
                progress: ProgressMode::Quiet,
                publication: false,
                ..BuildOptions::default()
            },
        }
    }

    /// The closing line (`None` when it failed: the folder is then as it was) and the problems.
    fn run(&self) -> (Option<String>, Diagnostics) {
        let report = build_into(&self.root, &self.out, &self.options);
        (report.done, report.diags)
    }

    /// [`PreviewBuild::run`] for the pages of the leaflets whose files `changed` (see
    /// `BuildOptions::focus`).
    fn run_focused(&self, changed: Vec<PathBuf>) -> (Option<String>, Diagnostics) {
        let options = BuildOptions {
            focus: Some(changed),
            ..self.options.clone()
        };
        let report = build_into(&self.root, &self.out, &options);
        (report.done, report.diags)
    }
}

/// The overlay's text: the errors as the terminal shows them, without colour (the warnings
/// stay in the terminal; on the page they would hide what stops the build).
fn problems_of(root: &Path, diags: &Diagnostics) -> Problems {
    let mut errors = Diagnostics::new();
    for diag in diags.iter().filter(|d| d.severity != Severity::Warning) {
        errors.push(diag.clone());
    }
    let summary = match errors.count(Severity::Error) {
        0 | 1 => "the build failed".to_string(),
        n => format!("the build failed: {n} errors"),
    };
    Problems {
        summary,
        details: errors.render(root),
    }
}

/// The full build's own diagnostics: the warnings are the pages build's too, printed already.
fn without_warnings(diags: Diagnostics) -> Diagnostics {
    let mut kept = Diagnostics::new();
    for diag in diags.iter().filter(|d| d.severity != Severity::Warning) {
        kept.push(diag.clone());
    }
    kept
}

/// Prints a build's diagnostics and its closing line as every command does.
fn print_build(root: &Path, diags: Diagnostics, result: Result<String, String>) {
    let mut report = Report::new(root.to_path_buf(), false, "");
    report.diags = diags;
    match result {
        Ok(line) => report.done = Some(line),
        Err(what) => report.failed = format!("{what}; the preview shows the last good version"),
    }
    report.print();
}

/// Whether `path` (inside the project) can be a leaflet's own file: `leaflets/<id>.yaml` or
/// `locales/<lang>/<id>.ftl`, not a shared block's or the site's. The build decides by the
/// leaflets it reads.
fn leaflet_own_file(path: &Path) -> bool {
    let parts: Vec<&str> = path.iter().filter_map(|part| part.to_str()).collect();
    match parts.as_slice() {
        [paths::LEAFLETS_DIR, .., file] => file.ends_with(".yaml") && parts[1] != "shared",
        [paths::LOCALES_DIR, _, file] => file.ends_with(".ftl") && *file != "site.ftl",
        _ => false,
    }
}

fn names(changed: &[PathBuf]) -> String {
    match changed {
        [] => "the sources".to_string(),
        [one] => one.display().to_string(),
        [first, rest @ ..] => format!("{} and {} more", first.display(), rest.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_leaflets_own_files_allow_a_quick_look() {
        for own in [
            "leaflets/a.yaml",
            "leaflets/real/a.yaml",
            "locales/nl/a.ftl",
            "locales/en/a.ftl",
        ] {
            assert!(leaflet_own_file(Path::new(own)), "{own}");
        }
        for other in [
            "site.yaml",
            "versions.lock.yaml",
            "leaflets/shared/contact.yaml",
            "locales/nl/site.ftl",
            "locales/nl/shared/contact.ftl",
            "locales/nl/translations.lock.yaml",
            "templates/page.html",
            "images/a.png",
        ] {
            assert!(!leaflet_own_file(Path::new(other)), "{other}");
        }
    }
}
