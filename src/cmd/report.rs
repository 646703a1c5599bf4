//! `leaflet report`: the team's governance report (owners, review dates with days left,
//! languages, readability, where shared blocks and contacts are used), as a table or JSON.
//!
//! Leaflets that cannot be read (an error, such as a review date long past) are not in it; their
//! errors are printed as by `check` and the command exits 1, so a report never looks complete
//! when it is not.

use crate::cli::ReportArgs;
use crate::cmd::{Report, print_as};
use crate::diag::{Diagnostics, Severity};
use crate::governance::render_table;
use crate::pipeline::{Timer, read_sources};

pub fn run(args: &ReportArgs) -> Report {
    let mut report = Report::new(
        args.project.root.clone(),
        false,
        "the report leaves out the leaflets with errors",
    );
    report.done = print_report(args, &mut report.diags);
    report
}

fn print_report(args: &ReportArgs, diags: &mut Diagnostics) -> Option<String> {
    let sources = read_sources(
        &args.project.root,
        args.project.today,
        &mut Timer::new(false),
        diags,
    )?;
    let locales = sources.site.locales.clone();
    // Texts shown in a fallback language are the translation status's business, not this
    // report's: only errors of localizing (which leave a page out) are kept.
    let mut localize_diags = Diagnostics::new();
    let localized = sources.localize_only(&locales, &mut localize_diags);
    for d in localize_diags.iter() {
        if d.severity == Severity::Error {
            diags.push(d.clone());
        }
    }
    let status = sources.status_report();
    let governance = sources.governance_report(
        &localized,
        &crate::governance::measure_all(&localized.documents),
        &status,
    );
    print_as(
        args.format,
        || render_table(&governance),
        &governance,
        "the report",
        diags,
    )
}
