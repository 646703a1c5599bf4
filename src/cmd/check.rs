//! `leaflet check`: every check of a build (sources, translations, plain language, templates),
//! writing nothing and without typst. With `--format json` it also prints every diagnostic and
//! the readability figures to stdout, for scripts (README: "check --format json").

use serde::Serialize;

use crate::cli::{CheckArgs, CommonArgs, Format};
use crate::cmd::{Report, html_renderer};
use crate::diag::{Class, Diagnostic, Diagnostics, Severity};
use crate::governance::Figures;
use crate::pipeline::{Timer, read_sources};
use crate::render::site::render_site;
use crate::render::theme::Theme;

pub fn run(args: &CheckArgs) -> Report {
    let common = &args.common;
    let mut report = Report::new(common.root.clone(), common.strict, "check failed");
    report.verbose = common.verbose;
    let mut figures = Vec::new();
    report.done = check(common, &mut report.diags, &mut figures);
    if args.format == Format::Json {
        let json = CheckJson {
            exit_code: report.outcome().exit_code(),
            errors: report.diags.count(Severity::Error),
            warnings: report.diags.count(Severity::Warning),
            diagnostics: report
                .diags
                .sorted()
                .into_iter()
                .map(DiagnosticJson::from)
                .collect(),
            readability: &figures,
        };
        match serde_json::to_string_pretty(&json) {
            Ok(text) => super::print_out(&format!("{text}\n")),
            Err(err) => report.diags.push(Diagnostic::internal(format!(
                "failed to write the check as JSON ({err})"
            ))),
        }
    }
    report
}

fn check(args: &CommonArgs, diags: &mut Diagnostics, figures: &mut Vec<Figures>) -> Option<String> {
    let mut timer = Timer::new(args.verbose);
    let sources = read_sources(&args.root, args.today, &mut timer, diags);
    let theme = Theme::load(&args.root, diags);
    let sources = sources?;
    let locales = sources.select_locales(&args.locales, diags)?;
    sources.check_all(&locales, diags);
    timer.done("checks");
    let (localized, measured) = sources.localize(&locales, diags);
    timer.done("localize");
    let html = html_renderer(&theme, &sources, diags)?;
    // Render everything (templates can fail on any page) and throw it away.
    let images = sources.images();
    let status = (locales.len() > 1).then(|| sources.status_report());
    let content = sources.site_content(&localized, &measured, &locales, status.as_ref(), &images);
    render_site(&content, &theme, &html, None, None, diags, &mut |_, _| {});
    timer.done("html");
    *figures = measured;
    let (leaflets, languages) = (sources.leaflets.len(), locales.len());
    Some(format!(
        "checked {leaflets} leaflet{} in {languages} language{}: no problems that stop a build",
        if leaflets == 1 { "" } else { "s" },
        if languages == 1 { "" } else { "s" },
    ))
}

/// What `check --format json` prints. The keys and their order are stable.
#[derive(Serialize)]
struct CheckJson<'a> {
    exit_code: u8,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<DiagnosticJson<'a>>,
    readability: &'a [Figures],
}

#[derive(Serialize)]
struct DiagnosticJson<'a> {
    severity: &'static str,
    class: &'static str,
    message: &'a str,
    /// Relative to the project root; `null` for problems of no one file.
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    hint: Option<&'a str>,
    notes: &'a [String],
}

impl<'a> From<&'a Diagnostic> for DiagnosticJson<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        DiagnosticJson {
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            class: match d.class {
                Class::Content => "content",
                Class::Environment => "environment",
                Class::Internal => "internal",
            },
            message: &d.message,
            file: d
                .location
                .as_ref()
                .map(|l| l.file.to_string_lossy().replace('\\', "/")),
            line: d.location.as_ref().map(|l| l.line),
            column: d.location.as_ref().map(|l| l.column),
            hint: d.hint.as_deref(),
            notes: &d.notes,
        }
    }
}
