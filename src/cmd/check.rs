//! `leaflet check`: every check of a build (sources, translations, templates), writing nothing
//! and without typst.

use crate::cli::CommonArgs;
use crate::cmd::build::render_site;
use crate::cmd::{Outcome, html_renderer, report, run_pipeline};
use crate::diag::Diagnostics;
use crate::render::theme::Theme;

pub fn run(args: &CommonArgs) -> Outcome {
    let root = &args.root;
    let mut diags = Diagnostics::new();
    let mut timer = super::Timer::new(args.verbose);
    let pipeline = run_pipeline(args, &mut timer, &mut diags);
    let theme = Theme::load(root, &mut diags);
    let html = pipeline
        .as_ref()
        .and_then(|p| html_renderer(&theme, p).map_err(|d| diags.push(d)).ok());
    if let (Some(pipeline), Some(html)) = (&pipeline, &html) {
        render_site(pipeline, &theme, html, None, &mut diags, &mut |_, _| {});
    }
    let done = match &pipeline {
        Some(p) => format!(
            "checked {} leaflets in {} languages: no problems that stop a build",
            p.leaflets.len(),
            p.locales.len()
        ),
        None => String::new(),
    };
    report(&diags, root, args.strict, &done, "check failed")
}
