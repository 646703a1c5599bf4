//! Commands: thin wiring of the pipeline stages, no logic of their own.
//!
//! Each command returns a [`Report`]: the diagnostics it collected and the line to end with.
//! `main` prints the report once and turns it into the exit code, as typst-cli's `dispatch()`
//! hands its error to `print_error`. Inside a command, a stage that failed ends it with `?`
//! (see [`proceed`]), so no command prints or decides an exit code itself.

pub mod build;
pub mod check;
pub mod duplicates;
pub mod export;
pub mod import;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod translations;
pub mod update;

use std::path::PathBuf;

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::pipeline::Sources;
use crate::render::html::{HtmlRenderer, SiteSettings};
use crate::render::theme::Theme;

/// How a command ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// Problems in the sources: exit code 1.
    ContentErrors,
    /// Bad usage or a problem with the machine (typst missing): exit code 2.
    EnvironmentErrors,
    /// A bug in leaflet: exit code 3.
    InternalError,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::ContentErrors => 1,
            Outcome::EnvironmentErrors => 2,
            Outcome::InternalError => 3,
        }
    }

    pub fn from_diagnostics(diags: &Diagnostics, strict: bool) -> Outcome {
        if diags.has_internal_errors() {
            Outcome::InternalError
        } else if diags.has_environment_errors() {
            Outcome::EnvironmentErrors
        } else if diags.has_errors() || (strict && diags.has_warnings()) {
            Outcome::ContentErrors
        } else {
            Outcome::Success
        }
    }
}

/// What a command hands back to `main`: its diagnostics and how to sum them up.
pub struct Report {
    pub diags: Diagnostics,
    /// The project root, which diagnostic locations are relative to.
    pub root: PathBuf,
    pub strict: bool,
    /// Every warning on its own (`--verbose`), rather than those of one kind summed up.
    pub verbose: bool,
    /// The closing line when the command succeeded (`None` when it stopped early).
    pub done: Option<String>,
    /// The closing line when it failed.
    pub failed: String,
}

impl Report {
    pub fn new(root: PathBuf, strict: bool, failed: impl Into<String>) -> Report {
        Report {
            diags: Diagnostics::new(),
            root,
            strict,
            verbose: false,
            done: None,
            failed: failed.into(),
        }
    }

    pub fn outcome(&self) -> Outcome {
        let outcome = Outcome::from_diagnostics(&self.diags, self.strict);
        match (outcome, &self.done) {
            // A command that stopped without saying why would exit 0 on nothing: never.
            (Outcome::Success, None) if !self.diags.has_errors() => Outcome::ContentErrors,
            _ => outcome,
        }
    }

    /// Prints every diagnostic, then one summary line, to stderr (coloured on a terminal that is
    /// not `NO_COLOR`); returns the outcome.
    pub fn print(&self) -> Outcome {
        use std::io::{IsTerminal, Write};
        let outcome = self.outcome();
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        // Without --verbose, many warnings of one kind (a language's untranslated messages,
        // file by file) are one line each; the counts below and `--format json` keep them all.
        let summarised = (!self.verbose).then(|| self.diags.summarised());
        let shown = summarised.as_ref().unwrap_or(&self.diags);
        let mut out = shown.render_styled(&self.root, color);
        let errors = self.diags.count(Severity::Error);
        let warnings = self.diags.count(Severity::Warning);
        let parts = plural_counts(errors, warnings);
        let counts = if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join(", "))
        };
        let line = match (outcome, &self.done) {
            (Outcome::Success, Some(done)) if done.is_empty() && counts.is_empty() => None,
            (Outcome::Success, Some(done)) => Some(format!("{done}{counts}")),
            _ => {
                let strict_note = if self.strict && errors == 0 {
                    "; --strict makes warnings fail"
                } else {
                    ""
                };
                Some(format!("{}{counts}{strict_note}", self.failed))
            }
        };
        // A long report ends with where the problems are, one line per file.
        if shown.sorted().len() > SUMMARY_AFTER {
            let mut summary = String::from("problems by file:\n");
            for (file, errors, warnings) in shown.count_by_file() {
                summary.push_str(&format!(
                    "  {file}: {}\n",
                    plural_counts(errors, warnings).join(", ")
                ));
            }
            out.extend_from_slice(summary.as_bytes());
        }
        if let Some(line) = line {
            out.extend_from_slice(line.trim_start().as_bytes());
            out.push(b'\n');
        }
        let _ = std::io::stderr().write_all(&out);
        outcome
    }
}

/// Reports with more diagnostics than this end with a summary per file.
const SUMMARY_AFTER: usize = 10;

/// "2 errors", "1 warning": the non-zero counts.
fn plural_counts(errors: usize, warnings: usize) -> Vec<String> {
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(format!(
            "{errors} error{}",
            if errors == 1 { "" } else { "s" }
        ));
    }
    if warnings > 0 {
        parts.push(format!(
            "{warnings} warning{}",
            if warnings == 1 { "" } else { "s" }
        ));
    }
    parts
}

/// `Some(())` while nothing stops the command: no errors (and no warnings with `--strict`).
pub fn proceed(diags: &Diagnostics, strict: bool) -> Option<()> {
    (Outcome::from_diagnostics(diags, strict) == Outcome::Success).then_some(())
}

/// Writes `text` to stdout. A reader that stopped reading (`leaflet check --format json | head`)
/// is no failure: the rest was not wanted. (`print!` would panic there.)
pub fn print_out(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(err) = out.write_all(text.as_bytes()).and_then(|()| out.flush())
        && err.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("failed to write the output ({err})");
    }
}

/// Prints a report on stdout as the table for people or as JSON for scripts; `what` names it in
/// the (internal) error if it cannot be written as JSON.
pub fn print_as<T: serde::Serialize>(
    format: crate::cli::Format,
    table: impl FnOnce() -> String,
    value: &T,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<String> {
    match format {
        crate::cli::Format::Human => print_out(&table()),
        crate::cli::Format::Json => match serde_json::to_string_pretty(value) {
            Ok(json) => print_out(&format!("{json}\n")),
            Err(err) => {
                return stop(
                    diags,
                    Diagnostic::internal(format!("failed to write {what} as JSON ({err})")),
                );
            }
        },
    }
    Some(String::new())
}

/// Records a diagnostic and stops the command.
pub fn stop<T>(diags: &mut Diagnostics, diagnostic: Diagnostic) -> Option<T> {
    diags.push(diagnostic);
    None
}

/// The HTML renderer with the site's settings.
pub fn html_renderer(
    theme: &Theme,
    sources: &Sources,
    diags: &mut Diagnostics,
) -> Option<HtmlRenderer> {
    let settings = SiteSettings {
        base_url: sources.site.base_url.clone(),
        primary_color: sources.site.primary_color.clone(),
        default_locale: sources.site.default_locale.clone(),
    };
    HtmlRenderer::new(theme, settings)
        .map_err(|d| diags.push(d))
        .ok()
}
