//! Site assembly: every page and file of `dist/`, from the Documents and the per-language
//! interface.
//!
//! Receives the localized Documents, the languages of this run, the translation report and the
//! theme; computes the language alternates of each page, renders the leaflet pages (in parallel,
//! written in a fixed order so the output stays byte-identical), the language indexes, the
//! language choice, the team page, the sitemap, the search index, and lists the assets. Hands
//! each file, by its path inside `dist/`, to a writer: `build` writes them into its staging
//! folder, `check` renders everything and throws it away (so template errors are found without
//! typst). Paths come from [`crate::paths`].

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::document::{Document, SiteLocale};
use crate::governance::GovernanceReport;
use crate::load::io_reason;
use crate::paths;
use crate::publish::DIST_README;
use crate::render::html::{Alternate, HtmlRenderer, PdfLink, SitemapEntry, human_size};
use crate::render::search::{self, PageHtml, Searchable};
use crate::render::theme::Theme;
use crate::translations::status::StatusReport;

/// A rendered leaflet page: its path in `dist/`, the HTML (or why it failed), its language
/// alternates (for the sitemap) and its Document.
type RenderedPage<'a> = (
    PathBuf,
    Result<String, Diagnostic>,
    Vec<Alternate>,
    &'a Document,
);

/// Leaflet pages rendered at a time (in parallel) before they are written.
const PAGE_BATCH: usize = 64;

/// What the site is made of.
pub struct SiteContent<'a> {
    pub documents: &'a [Document],
    pub site_locales: &'a [SiteLocale],
    /// The languages of this run, the default first.
    pub locales: &'a [String],
    pub base_url: Option<&'a str>,
    /// The theme colour (`#rrggbb`, checked), written as `assets/theme.css`: a file, not an
    /// inline style, so the pages' Content-Security-Policy can forbid inline styles.
    pub primary_color: Option<&'a str>,
    /// The translation report for the team page; `None` for a site of one language.
    pub status: Option<&'a StatusReport>,
    /// Pictures to publish: (path inside `images/`, file to read).
    pub images: &'a [(PathBuf, PathBuf)],
    /// The team's governance report, for `team/report.html`.
    pub governance: GovernanceReport,
}

/// Renders every page and asset and hands each to `write` (path relative to the output folder).
/// `pdf_sizes` (by path inside `dist/`) is `None` when no PDFs are made (`leaflet check`).
/// With `written_to` (the folder `write` puts the files in), returns the leaflet pages, for
/// the search index: the caller makes it with [`search_files`] once it has let go of the
/// Documents (the index takes more memory than anything else in a build, so nothing else
/// should be held while it is made). The pages are not held: the index reads them back from
/// their files. Without, none (`check`, a quick look).
pub fn render_site<'a>(
    content: &SiteContent<'a>,
    theme: &Theme,
    html: &HtmlRenderer,
    pdf_sizes: Option<&BTreeMap<PathBuf, u64>>,
    written_to: Option<&std::path::Path>,
    diags: &mut Diagnostics,
    write: &mut dyn FnMut(PathBuf, Vec<u8>),
) -> Vec<Searchable> {
    let documents = content.documents;
    let base_url = content.base_url;
    // `path` is the page's folder relative to dist/ ("en/x/"), `up` the way back to dist/.
    let alternate = |locale: &str, up: &str, path: &str| alternate(content, locale, up, path);
    let made: std::collections::HashSet<(&str, &str)> = documents
        .iter()
        .map(|d| (d.id.as_str(), d.locale.as_str()))
        .collect();
    let exists = |id: &str, locale: &str| made.contains(&(id, locale));

    // Leaflet pages: independent of each other, so rendered in parallel, a batch at a time
    // (a large site's pages are not all held at once), written in order.
    let render = |doc: &'a Document| {
        let site_locale = content
            .site_locales
            .iter()
            .find(|s| s.locale == doc.locale)?;
        let alternates: Vec<Alternate> = content
            .locales
            .iter()
            .filter(|l| exists(&doc.id, l))
            .filter_map(|l| alternate(l, "../../", &paths::page_dir(l, &doc.id)))
            .collect();
        let unavailable: Vec<Alternate> = content
            .locales
            .iter()
            .filter(|l| !exists(&doc.id, l))
            .filter_map(|l| alternate(l, "../../", &paths::locale_index_dir(l)))
            .collect();
        let pdf = pdf_sizes.map(|sizes| PdfLink {
            href: paths::pdf_file_name(&doc.id, &doc.locale, None),
            size: human_size(
                sizes
                    .get(&paths::pdf_file(&doc.id, &doc.locale, None))
                    .copied()
                    .unwrap_or(0),
            ),
        });
        let page = html.leaflet_page(doc, site_locale, &alternates, &unavailable, pdf.as_ref());
        Some((
            paths::page_file(&doc.locale, &doc.id),
            page,
            alternates,
            doc,
        ))
    };
    let mut sitemap = Vec::new();
    let mut searchable = Vec::new();
    for batch in documents.chunks(PAGE_BATCH) {
        let pages: Vec<RenderedPage<'_>> = batch.par_iter().filter_map(render).collect();
        for (path, page, alternates, doc) in pages {
            match page {
                Ok(page) => {
                    if let Some(folder) = written_to {
                        searchable.push(Searchable {
                            path: path.to_string_lossy().replace('\\', "/"),
                            locale: doc.locale.clone(),
                            html: PageHtml::Written(folder.join(&path)),
                        });
                    }
                    write(path, page.into_bytes());
                }
                Err(d) => diags.push(d),
            }
            if let Some(base) = base_url {
                sitemap.push(SitemapEntry {
                    url: paths::web_url(base, &paths::page_dir(&doc.locale, &doc.id)),
                    alternates,
                });
            }
        }
    }
    write_the_rest(content, theme, html, &mut sitemap, diags, write);
    searchable
}

/// The search index of `pages` (as [`render_site`] returns them), handed to `write`. With
/// `cache` (the project's `.leaflet-cache/`; `None` with `--no-cache`), a language whose pages
/// did not change reuses its files.
pub fn search_files(
    pages: &[Searchable],
    cache: Option<&std::path::Path>,
    diags: &mut Diagnostics,
    write: &mut dyn FnMut(PathBuf, Vec<u8>),
) {
    match search::build_index(pages, cache) {
        Ok(files) => {
            for (path, bytes) in files {
                write(path, bytes);
            }
        }
        Err(err) => diags.push(Diagnostic::error(format!(
            "failed to build the search index ({err})"
        ))),
    }
}

/// The page at `path` (a folder inside `dist/`) in `locale`, linked from a page `up` below `dist/`.
fn alternate(content: &SiteContent<'_>, locale: &str, up: &str, path: &str) -> Option<Alternate> {
    let site_locale = content.site_locales.iter().find(|s| s.locale == locale)?;
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
        href: paths::relative_link(up, path),
        url: content.base_url.map(|base| paths::web_url(base, path)),
    })
}

/// Every file of the site but the leaflet pages and the search index: the language indexes and
/// choice, the team pages, the sitemap, the assets and pictures.
fn write_the_rest(
    content: &SiteContent<'_>,
    theme: &Theme,
    html: &HtmlRenderer,
    sitemap: &mut Vec<SitemapEntry>,
    diags: &mut Diagnostics,
    write: &mut dyn FnMut(PathBuf, Vec<u8>),
) {
    let documents = content.documents;
    let base_url = content.base_url;
    let alternate = |locale: &str, up: &str, path: &str| alternate(content, locale, up, path);
    let language_alternates = |up: &str| -> Vec<Alternate> {
        content
            .locales
            .iter()
            .filter_map(|l| alternate(l, up, &paths::locale_index_dir(l)))
            .collect()
    };
    for site_locale in content.site_locales {
        let alternates = language_alternates("../");
        let docs: Vec<&Document> = documents
            .iter()
            .filter(|d| d.locale == site_locale.locale)
            .collect();
        match html.locale_index(site_locale, &docs, &alternates) {
            Ok(page) => write(
                paths::locale_index_file(&site_locale.locale),
                page.into_bytes(),
            ),
            Err(d) => diags.push(d),
        }
        if let Some(base) = base_url {
            sitemap.push(SitemapEntry {
                url: paths::web_url(base, &paths::locale_index_dir(&site_locale.locale)),
                alternates,
            });
        }
    }

    if let Some(default) = content.site_locales.first() {
        match html.language_choice(default, &language_alternates("")) {
            Ok(page) => write(PathBuf::from(paths::ROOT_INDEX), page.into_bytes()),
            Err(d) => diags.push(d),
        }
    }

    if let Some(report) = content.status {
        match html.translation_status(report) {
            Ok(page) => write(PathBuf::from(paths::TEAM_STATUS_FILE), page.into_bytes()),
            Err(d) => diags.push(d),
        }
    }

    match html.governance_report(&content.governance) {
        Ok(page) => write(PathBuf::from(paths::TEAM_REPORT_FILE), page.into_bytes()),
        Err(d) => diags.push(d),
    }

    if base_url.is_some() {
        sitemap.sort_by(|a, b| a.url.cmp(&b.url));
        match html.sitemap(sitemap) {
            Ok(xml) => write(PathBuf::from(paths::SITEMAP_FILE), xml.into_bytes()),
            Err(d) => diags.push(d),
        }
    }

    for asset in ["style.css", "favicon.svg", "search.js", "reader-tools.js"] {
        if let Some(bytes) = theme.get(asset) {
            write(paths::asset(asset), bytes.to_vec());
        }
    }
    if let Some(color) = content.primary_color {
        write(
            paths::asset("theme.css"),
            format!(":root {{ --primary: {color}; }}\n").into_bytes(),
        );
    }
    for (name, bytes) in theme.fonts() {
        write(paths::font_asset(name), bytes.to_vec());
    }
    for (name, bytes) in theme.font_licences() {
        write(paths::font_asset(&name), bytes.to_vec());
    }
    write(
        PathBuf::from(paths::DIST_README_FILE),
        DIST_README.as_bytes().to_vec(),
    );
    for (inside, path) in content.images {
        match std::fs::read(path) {
            Ok(bytes) => write(paths::image_asset(inside), bytes),
            Err(err) => diags.push(Diagnostic::error(format!(
                "failed to read {} ({})",
                path.display(),
                io_reason(Some(&err))
            ))),
        }
    }
}
