//! `leaflet check`: every check of a build (sources, translations, templates), writing nothing
//! and without typst.

use crate::cli::CommonArgs;
use crate::cmd::{Report, html_renderer};
use crate::diag::Diagnostics;
use crate::pipeline::{Timer, read_sources};
use crate::render::site::render_site;
use crate::render::theme::Theme;

pub fn run(args: &CommonArgs) -> Report {
    let mut report = Report::new(args.root.clone(), args.strict, "check failed");
    report.done = check(args, &mut report.diags);
    report
}

fn check(args: &CommonArgs, diags: &mut Diagnostics) -> Option<String> {
    let mut timer = Timer::new(args.verbose);
    let sources = read_sources(&args.root, args.today, &mut timer, diags);
    let theme = Theme::load(&args.root, diags);
    let sources = sources?;
    let locales = sources.select_locales(&args.locales, diags)?;
    sources.check_translations(&locales, diags);
    sources.check_versions(diags);
    let localized = sources.localize(&locales, diags);
    timer.done("localize");
    let html = html_renderer(&theme, &sources, diags)?;
    // Render everything (templates can fail on any page) and throw it away.
    let images = sources.images();
    let status = (locales.len() > 1).then(|| sources.status_report());
    let content = sources.site_content(&localized, &locales, status.as_ref(), &images);
    render_site(&content, &theme, &html, None, diags, &mut |_, _| {});
    timer.done("html");
    Some(format!(
        "checked {} leaflets in {} languages: no problems that stop a build",
        sources.leaflets.len(),
        locales.len()
    ))
}
