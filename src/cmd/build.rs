//! `leaflet build`: sources → Documents → PDFs and pages in a staging folder → swapped into
//! `dist/` only when nothing failed.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::cli::BuildArgs;
use crate::cmd::{Outcome, Pipeline, Timer, html_renderer, report, run_pipeline};
use crate::diag::{Diagnostic, Diagnostics};
use crate::document::Document;
use crate::publish::Staging;
use crate::render::html::{Alternate, HtmlRenderer, PdfLink, SitemapEntry, human_size};
use crate::render::pdf::{self, PdfJob};
use crate::render::search;
use crate::render::theme::Theme;

use crate::publish::DIST_README;

pub fn run(args: &BuildArgs) -> Outcome {
    let root = &args.common.root;
    let out = args.out.clone().unwrap_or_else(|| root.join("dist"));
    let out_name = out.display().to_string();
    let failed = format!("build failed; {out_name} was left as it was");
    let mut diags = Diagnostics::new();
    if !args.common.locales.is_empty() && args.out.is_none() {
        diags.push(
            Diagnostic::warning(format!(
                "--locale makes a site of only {}; it replaces the whole of {out_name}",
                args.common.locales.join(", ")
            ))
            .hint("to try one language without touching dist/, add --out DIR"),
        );
    }

    let typst = pdf::find_typst().map_err(|d| diags.push(d)).ok();
    if let (Some(typst), true) = (&typst, args.common.verbose) {
        eprintln!(
            "using typst {} ({})",
            typst.version,
            typst.program.display()
        );
    }
    let mut timer = Timer::new(args.common.verbose);
    let pipeline = run_pipeline(&args.common, &mut timer, &mut diags);
    let theme = Theme::load(root, &mut diags);
    let html = pipeline
        .as_ref()
        .and_then(|p| html_renderer(&theme, p).map_err(|d| diags.push(d)).ok());
    let (Some(typst), Some(pipeline), Some(html)) = (typst, pipeline, html) else {
        return report(&diags, root, args.common.strict, "", &failed);
    };
    if Outcome::from_diagnostics(&diags, args.common.strict) != Outcome::Success {
        return report(&diags, root, args.common.strict, "", &failed);
    }

    if let Err(why) = crate::publish::check_output_folder(&out, root) {
        diags.push(
            Diagnostic::environment(format!("refusing to write the site into {out_name}: {why}"))
                .hint("choose an empty folder, or a folder a previous leaflet build made, with --out DIR"),
        );
        return report(&diags, root, args.common.strict, "", &failed);
    }
    let staging = match Staging::new(&out) {
        Ok(staging) => staging,
        Err(err) => {
            diags.push(Diagnostic::environment(format!(
                "failed to create a build folder beside {out_name} ({err})"
            )));
            return report(&diags, root, args.common.strict, "", &failed);
        }
    };

    // PDFs first: the pages show their sizes.
    let profiles = &pipeline.site.print_profiles;
    let mut jobs: Vec<PdfJob<'_>> = Vec::new();
    for doc in &pipeline.localized.documents {
        let Some(leaflet) = pipeline.leaflets.iter().find(|l| l.id == doc.id) else {
            continue;
        };
        let epoch = leaflet
            .reviewed
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .map_or(0, |z| z.timestamp().as_second());
        for (index, profile) in profiles.iter().enumerate() {
            let rel = if index == 0 {
                pdf_path(doc)
            } else {
                pdf_path(doc)
                    .with_file_name(format!("{}-{}-{}.pdf", doc.id, doc.locale, profile.name))
            };
            jobs.push(PdfJob {
                doc,
                source: leaflet.path.clone(),
                epoch,
                profile,
                primary_color: pipeline.site.primary_color.as_deref(),
                output: staging.path().join(rel),
            });
        }
    }
    for job in &jobs {
        if let Some(parent) = job.output.parent()
            && let Err(err) = std::fs::create_dir_all(parent)
        {
            diags.push(Diagnostic::environment(format!(
                "failed to create {} ({err})",
                parent.display()
            )));
        }
    }
    pdf::compile_all(&typst, &theme, root, &jobs, &mut diags);
    timer.done("pdf");
    let sizes: BTreeMap<PathBuf, u64> = jobs
        .iter()
        .filter_map(|job| {
            let rel = job.output.strip_prefix(staging.path()).ok()?.to_path_buf();
            Some((rel, std::fs::metadata(&job.output).ok()?.len()))
        })
        .collect();

    let mut write_error = None;
    render_site(
        &pipeline,
        &theme,
        &html,
        Some(&sizes),
        &mut diags,
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

    if Outcome::from_diagnostics(&diags, args.common.strict) != Outcome::Success {
        return report(&diags, root, args.common.strict, "", &failed);
    }
    let committed = staging.commit();
    timer.done("publish");
    match committed {
        Ok(None) => {}
        Ok(Some(note)) => diags.push(Diagnostic::warning(note)),
        Err(err) => {
            diags.push(Diagnostic::environment(format!(
                "failed to replace {out_name} ({err})"
            )));
            return report(&diags, root, args.common.strict, "", &failed);
        }
    }
    let leaflets = pipeline.leaflets.len();
    let documents = pipeline.localized.documents.len();
    let pdfs = sizes.len();
    let done = format!(
        "built {leaflets} leaflet{} in {} language{} ({documents} pages and {pdfs} PDFs) into {out_name}",
        if leaflets == 1 { "" } else { "s" },
        pipeline.locales.len(),
        if pipeline.locales.len() == 1 { "" } else { "s" },
    );
    report(&diags, root, args.common.strict, &done, &failed)
}

/// `<lang>/<id>/<id>-<lang>.pdf`, relative to the output folder.
fn pdf_path(doc: &Document) -> PathBuf {
    PathBuf::from(&doc.locale)
        .join(&doc.id)
        .join(format!("{}-{}.pdf", doc.id, doc.locale))
}

/// Renders every page and asset and hands each to `write` (path relative to the output folder).
/// `pdf_sizes` is `None` when no PDFs are made (`leaflet check`).
pub fn render_site(
    pipeline: &Pipeline,
    theme: &Theme,
    html: &HtmlRenderer,
    pdf_sizes: Option<&BTreeMap<PathBuf, u64>>,
    diags: &mut Diagnostics,
    write: &mut dyn FnMut(PathBuf, Vec<u8>),
) {
    let documents = &pipeline.localized.documents;
    let site_locales = &pipeline.localized.site_locales;
    let base_url = pipeline.site.base_url.as_deref();
    // `path` is the page's folder relative to dist/ ("en/x/"), `up` the way back to dist/.
    let alternate = |locale: &str, up: &str, path: &str| -> Option<Alternate> {
        let site_locale = site_locales.iter().find(|s| s.locale == locale)?;
        let label = |id: &str| {
            site_locale
                .labels
                .get(id)
                .map(|l| l.text.clone())
                .unwrap_or_default()
        };
        Some(Alternate {
            locale: locale.to_string(),
            dir: site_locale.dir,
            name: label("language-self-name"),
            choose: label("ui-choose-language"),
            href: format!("{up}{path}index.html"),
            url: base_url.map(|base| format!("{base}/{path}")),
        })
    };
    let mut sitemap = Vec::new();
    let mut searchable = Vec::new();

    for doc in documents {
        let Some(site_locale) = site_locales.iter().find(|s| s.locale == doc.locale) else {
            continue;
        };
        let alternates: Vec<Alternate> = pipeline
            .locales
            .iter()
            .filter(|l| documents.iter().any(|d| d.id == doc.id && &d.locale == *l))
            .filter_map(|l| alternate(l, "../../", &format!("{l}/{}/", doc.id)))
            .collect();
        let unavailable: Vec<Alternate> = pipeline
            .locales
            .iter()
            .filter(|l| !documents.iter().any(|d| d.id == doc.id && &d.locale == *l))
            .filter_map(|l| alternate(l, "../../", &format!("{l}/")))
            .collect();
        let pdf = pdf_sizes.map(|sizes| PdfLink {
            href: format!("{}-{}.pdf", doc.id, doc.locale),
            size: human_size(sizes.get(&pdf_path(doc)).copied().unwrap_or(0)),
        });
        match html.leaflet_page(doc, site_locale, &alternates, &unavailable, pdf.as_ref()) {
            Ok(page) => {
                let path = format!("{}/{}/index.html", doc.locale, doc.id);
                searchable.push((path.clone(), page.clone()));
                write(PathBuf::from(path), page.into_bytes());
            }
            Err(d) => diags.push(d),
        }
        if let Some(base) = base_url {
            sitemap.push(SitemapEntry {
                url: format!("{base}/{}/{}/", doc.locale, doc.id),
                alternates,
            });
        }
    }

    for site_locale in site_locales {
        let alternates: Vec<Alternate> = pipeline
            .locales
            .iter()
            .filter_map(|l| alternate(l, "../", &format!("{l}/")))
            .collect();
        let docs: Vec<&Document> = documents
            .iter()
            .filter(|d| d.locale == site_locale.locale)
            .collect();
        match html.locale_index(site_locale, &docs, &alternates) {
            Ok(page) => write(
                PathBuf::from(&site_locale.locale).join("index.html"),
                page.into_bytes(),
            ),
            Err(d) => diags.push(d),
        }
        if let Some(base) = base_url {
            sitemap.push(SitemapEntry {
                url: format!("{base}/{}/", site_locale.locale),
                alternates,
            });
        }
    }

    if let Some(default) = site_locales.first() {
        let alternates: Vec<Alternate> = pipeline
            .locales
            .iter()
            .filter_map(|l| alternate(l, "", &format!("{l}/")))
            .collect();
        match html.language_choice(default, &alternates) {
            Ok(page) => write(PathBuf::from("index.html"), page.into_bytes()),
            Err(d) => diags.push(d),
        }
    }

    if pipeline.locales.len() > 1 {
        let report = crate::cmd::translations::status_report(
            &pipeline.site,
            &pipeline.leaflets,
            &pipeline.translations,
        );
        match html.translation_status(&report) {
            Ok(page) => write(
                PathBuf::from("team/translation-status.html"),
                page.into_bytes(),
            ),
            Err(d) => diags.push(d),
        }
    }

    if base_url.is_some() {
        sitemap.sort_by(|a, b| a.url.cmp(&b.url));
        match html.sitemap(&sitemap) {
            Ok(xml) => write(PathBuf::from("sitemap.xml"), xml.into_bytes()),
            Err(d) => diags.push(d),
        }
    }

    match search::build_index(&searchable) {
        Ok(files) => {
            for (path, bytes) in files {
                write(path, bytes);
            }
        }
        Err(err) => diags.push(Diagnostic::error(format!(
            "failed to build the search index ({err})"
        ))),
    }

    for asset in ["style.css", "favicon.svg", "search.js"] {
        if let Some(bytes) = theme.get(asset) {
            write(PathBuf::from("assets").join(asset), bytes.to_vec());
        }
    }
    for (name, bytes) in theme.fonts() {
        write(PathBuf::from("assets/fonts").join(name), bytes.to_vec());
    }
    for (name, bytes) in theme.font_licences() {
        write(PathBuf::from("assets/fonts").join(name), bytes.to_vec());
    }
    write(PathBuf::from("README.md"), DIST_README.as_bytes().to_vec());
    copy_images(&pipeline.root, diags, write);
}

/// The project's pictures, to `assets/images/`.
fn copy_images(
    root: &std::path::Path,
    diags: &mut Diagnostics,
    write: &mut dyn FnMut(PathBuf, Vec<u8>),
) {
    for (inside, path) in crate::resolve::image_files(root) {
        match std::fs::read(&path) {
            Ok(bytes) => write(PathBuf::from("assets/images").join(inside), bytes),
            Err(err) => diags.push(Diagnostic::error(format!(
                "failed to read {} ({})",
                path.display(),
                crate::load::io_reason(Some(&err))
            ))),
        }
    }
}
