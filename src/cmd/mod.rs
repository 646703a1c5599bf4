//! Commands: thin wiring of the pipeline stages, no logic of their own.

pub mod build;
pub mod check;
pub mod scaffold;
pub mod translations;

use std::path::Path;

use crate::cli::CommonArgs;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::l10n::{self, Localized};
use crate::load;
use crate::resolve::{self, ResolvedLeaflet, ResolvedSite};
use crate::translations::Translations;

/// How a command ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// Problems in the sources: exit code 1.
    ContentErrors,
    /// Bad usage or a problem with the machine (typst missing): exit code 2.
    EnvironmentErrors,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::ContentErrors => 1,
            Outcome::EnvironmentErrors => 2,
        }
    }

    pub fn from_diagnostics(diags: &Diagnostics, strict: bool) -> Outcome {
        if diags.has_environment_errors() {
            Outcome::EnvironmentErrors
        } else if diags.has_errors() || (strict && diags.has_warnings()) {
            Outcome::ContentErrors
        } else {
            Outcome::Success
        }
    }
}

/// Everything up to the Documents: load, resolve, localize.
pub struct Pipeline {
    pub root: std::path::PathBuf,
    pub site: ResolvedSite,
    pub leaflets: Vec<ResolvedLeaflet>,
    pub localized: Localized,
    pub translations: Translations,
    /// The locales this run builds, the default first.
    pub locales: Vec<String>,
}

/// Prints a timing line per stage with `--verbose` (to stderr; never part of the output).
pub struct Timer {
    verbose: bool,
    last: std::time::Instant,
}

impl Timer {
    pub fn new(verbose: bool) -> Timer {
        Timer {
            verbose,
            last: std::time::Instant::now(),
        }
    }

    pub fn done(&mut self, stage: &str) {
        let now = std::time::Instant::now();
        if self.verbose {
            eprintln!(
                "{stage:>12}  {:>6.1} ms",
                (now - self.last).as_secs_f64() * 1000.0
            );
        }
        self.last = now;
    }
}

pub fn run_pipeline(
    args: &CommonArgs,
    timer: &mut Timer,
    diags: &mut Diagnostics,
) -> Option<Pipeline> {
    let root = &args.root;
    let project = load::load_project(root, diags)?;
    timer.done("load");
    let resolved = resolve::resolve_project(&project, diags)?;
    let locales = selected_locales(&resolved.site, &args.locales, diags)?;
    timer.done("resolve");
    let resources = l10n::parse_resources(&project, diags);
    let translations = Translations::load(&project, &resources, &resolved.site, diags);
    crate::translations::check_consistency(
        &resources,
        &resolved.site,
        &resolved.leaflets,
        &resolved.site.site_message_ids,
        diags,
    );
    crate::translations::report_stale(
        &translations,
        &resources,
        &locales,
        resolved.site.show_stale,
        diags,
    );
    let localized = l10n::localize(
        &resources,
        &resolved.site,
        &resolved.leaflets,
        &locales,
        &translations,
        diags,
    );
    timer.done("localize");
    Some(Pipeline {
        root: root.clone(),
        site: resolved.site,
        leaflets: resolved.leaflets,
        localized,
        translations,
        locales,
    })
}

fn selected_locales(
    site: &ResolvedSite,
    wanted: &[String],
    diags: &mut Diagnostics,
) -> Option<Vec<String>> {
    if wanted.is_empty() {
        return Some(site.locales.clone());
    }
    let mut ok = true;
    for locale in wanted {
        if !site.locales.contains(locale) {
            diags.push(
                Diagnostic::environment(format!(
                    "--locale {locale}: the site has no such language"
                ))
                .hint(format!(
                    "the site's languages are: {}",
                    site.locales.join(", ")
                )),
            );
            ok = false;
        }
    }
    ok.then(|| {
        site.locales
            .iter()
            .filter(|l| wanted.contains(l))
            .cloned()
            .collect()
    })
}

/// The HTML renderer with the site's settings.
pub fn html_renderer(
    theme: &crate::render::theme::Theme,
    pipeline: &Pipeline,
) -> Result<crate::render::html::HtmlRenderer, Diagnostic> {
    let settings = crate::render::html::SiteSettings {
        base_url: pipeline.site.base_url.clone(),
        primary_color: pipeline.site.primary_color.clone(),
        default_locale: pipeline.site.default_locale.clone(),
    };
    crate::render::html::HtmlRenderer::new(theme, settings)
}

/// Prints every diagnostic, then one summary line, to stderr.
pub fn report(diags: &Diagnostics, root: &Path, strict: bool, done: &str, failed: &str) -> Outcome {
    let outcome = Outcome::from_diagnostics(diags, strict);
    use std::io::{IsTerminal, Write};
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = diags.render_styled(root, color);
    let mut text = String::new();
    let errors = diags.count(Severity::Error);
    let warnings = diags.count(Severity::Warning);
    let counts = match (errors, warnings) {
        (0, 0) => String::new(),
        (e, w) => {
            let mut parts = Vec::new();
            if e > 0 {
                parts.push(format!("{e} error{}", if e == 1 { "" } else { "s" }));
            }
            if w > 0 {
                parts.push(format!("{w} warning{}", if w == 1 { "" } else { "s" }));
            }
            format!(" ({})", parts.join(", "))
        }
    };
    match outcome {
        Outcome::Success => text.push_str(&format!("{done}{counts}\n")),
        _ => {
            let strict_note = if strict && errors == 0 {
                "; --strict makes warnings fail"
            } else {
                ""
            };
            text.push_str(&format!("{failed}{counts}{strict_note}\n"));
        }
    }
    out.extend_from_slice(text.as_bytes());
    let _ = std::io::stderr().write_all(&out);
    outcome
}
