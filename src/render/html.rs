//! HTML: Documents to web pages with Tera.
//!
//! Receives Documents and the per-locale site strings; renders the leaflet pages, the
//! per-language indexes, the root language choice and (with a `base_url`) the sitemap from the
//! theme's Tera templates. Autoescaping is on for every `.html` and `.xml` template, so no message
//! can inject markup or script. Links between pages are relative (`../../en/x/index.html`), so
//! `dist/` works under any path and from `file://`; only canonical, Open Graph and sitemap links
//! are absolute, and only when `base_url` is set. Returns texts; writing them is `publish`'s job.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Context, Tera};

use crate::diag::Diagnostic;
use crate::document::{Direction, Document, SiteLocale, Text};
use crate::governance::report::{GovernanceReport, LanguageState, ReviewState};
use crate::governance::{beyond_limits, percent};
use crate::paths::{self, TEMPLATES_DIR};
use crate::render::theme::Theme;
use crate::translations::status::{Row, StatusReport};

/// The same page in one language, for language switchers and `hreflang` links.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub locale: String,
    pub dir: Direction,
    /// The language's name in itself ("Nederlands", "English").
    pub name: String,
    /// "Choose your language" in that language, for the root page.
    pub choose: String,
    /// Relative link from the current page.
    pub href: String,
    /// Absolute address, when the site has a `base_url`.
    pub url: Option<String>,
}

/// The PDF beside a leaflet page.
#[derive(Debug, Clone, Serialize)]
pub struct PdfLink {
    pub href: String,
    pub size: String,
}

#[derive(Debug, Serialize)]
struct IndexEntry<'a> {
    title: &'a Text,
    summary: &'a Text,
    href: String,
    /// The hospital the leaflet is from: departments of several hospitals share one list.
    organization: &'a str,
}

#[derive(Debug, Serialize)]
struct DepartmentGroup<'a> {
    name: &'a Text,
    leaflets: Vec<IndexEntry<'a>>,
}

/// One `<url>` of the sitemap, with its language alternates.
#[derive(Debug, Serialize)]
pub struct SitemapEntry {
    pub url: String,
    pub alternates: Vec<Alternate>,
}

/// A leaflet's line of the team report, with its cells written out.
#[derive(Debug, Serialize)]
struct TeamLeafletRow<'a> {
    id: &'a str,
    title: Option<&'a str>,
    owner: &'a str,
    version: u32,
    reviewed: &'a str,
    review_by: &'a str,
    review: ReviewState,
    days_left: String,
    languages: Vec<TeamLanguage>,
}

#[derive(Debug, Serialize)]
struct TeamLanguage {
    state: LanguageState,
    summary: String,
}

/// A leaflet × language line of the team report's readability table.
#[derive(Debug, Serialize)]
struct TeamReadabilityRow<'a> {
    leaflet: &'a str,
    locale: &'a str,
    sentences: usize,
    average: f64,
    longest: usize,
    long_sentences: String,
    long_words: String,
    index: String,
    /// What is beyond the site's limits, in words; empty when within them.
    beyond: Vec<String>,
}

/// Site-wide settings every page needs.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SiteSettings {
    pub base_url: Option<String>,
    pub primary_color: Option<String>,
    pub default_locale: String,
}

pub struct HtmlRenderer {
    tera: Tera,
    settings: SiteSettings,
}

fn tera_error(what: &str, err: &tera::Error) -> Diagnostic {
    let mut reason = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        reason.push_str(&format!(": {inner}"));
        source = inner.source();
    }
    Diagnostic::error(format!("{what}: {reason}")).hint(format!(
        "check the Tera templates in {TEMPLATES_DIR}/ (or remove your copy to use the default)"
    ))
}

impl HtmlRenderer {
    pub fn new(theme: &Theme, settings: SiteSettings) -> Result<Self, Diagnostic> {
        let mut tera = Tera::new();
        tera.add_raw_templates(theme.html_templates())
            .map_err(|err| tera_error("the HTML templates do not compile", &err))?;
        Ok(HtmlRenderer { tera, settings })
    }

    fn render(&self, template: &str, context: &Context, what: &str) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|err| tera_error(&format!("failed to render {what} with {template}"), &err))
    }

    /// What every page template gets: language, direction, strings, site, and the relative
    /// path back to the root of `dist/`.
    fn base_context(&self, site: &SiteLocale, root: &str, path: &str) -> Context {
        let mut context = Context::new();
        context.insert("lang", &site.locale);
        context.insert("dir", &site.dir);
        context.insert("script", &site.script);
        context.insert("labels", &site.labels);
        context.insert("site", site);
        context.insert("settings", &self.settings);
        context.insert("root", root);
        let url = self
            .settings
            .base_url
            .as_ref()
            .map(|base| paths::web_url(base, path));
        context.insert("canonical", &url);
        context
    }

    /// `dist/<lang>/<id>/index.html`.
    pub fn leaflet_page(
        &self,
        doc: &Document,
        site: &SiteLocale,
        alternates: &[Alternate],
        unavailable: &[Alternate],
        pdf: Option<&PdfLink>,
    ) -> Result<String, Diagnostic> {
        let path = paths::page_dir(&doc.locale, &doc.id);
        let mut context = self.base_context(site, "../../", &path);
        context.insert("doc", doc);
        context.insert("alternates", alternates);
        context.insert("unavailable", unavailable);
        context.insert("pdf", &pdf);
        self.render(
            "leaflet.html",
            &context,
            &format!("{} ({})", doc.id, doc.locale),
        )
    }

    /// `dist/<lang>/index.html`: every leaflet of the language, grouped by department.
    pub fn locale_index(
        &self,
        site: &SiteLocale,
        documents: &[&Document],
        alternates: &[Alternate],
    ) -> Result<String, Diagnostic> {
        let mut groups: BTreeMap<Cow<'_, str>, DepartmentGroup<'_>> = BTreeMap::new();
        for doc in documents {
            groups
                .entry(doc.department.plain())
                .or_insert_with(|| DepartmentGroup {
                    name: &doc.department,
                    leaflets: Vec::new(),
                })
                .leaflets
                .push(IndexEntry {
                    title: &doc.title,
                    summary: &doc.summary,
                    href: paths::page_from_locale_index(&doc.id),
                    organization: &doc.organization,
                });
        }
        let mut departments: Vec<DepartmentGroup<'_>> = groups.into_values().collect();
        for group in &mut departments {
            group
                .leaflets
                .sort_by(|a, b| a.title.plain().cmp(&b.title.plain()));
        }
        let mut context = self.base_context(site, "../", &paths::locale_index_dir(&site.locale));
        context.insert("departments", &departments);
        context.insert("alternates", alternates);
        self.render(
            "index.html",
            &context,
            &format!("the {} index", site.locale),
        )
    }

    /// `dist/index.html`: the choice of language, framed in the default locale.
    pub fn language_choice(
        &self,
        default: &SiteLocale,
        alternates: &[Alternate],
    ) -> Result<String, Diagnostic> {
        let mut context = self.base_context(default, "", "");
        context.insert("alternates", alternates);
        self.render("languages.html", &context, "the language choice")
    }

    /// `dist/team/translation-status.html`: the translation report for the team.
    pub fn translation_status(&self, report: &StatusReport) -> Result<String, Diagnostic> {
        let mut context = Context::new();
        let rows: Vec<&Row> = report
            .leaflets
            .iter()
            .chain(std::iter::once(&report.site))
            .collect();
        context.insert("report", report);
        context.insert("rows", &rows);
        self.render(
            "translation-status.html",
            &context,
            "the translation status",
        )
    }

    /// `dist/team/report.html`: the governance report for the team.
    pub fn governance_report(&self, report: &GovernanceReport) -> Result<String, Diagnostic> {
        let rows: Vec<TeamLeafletRow<'_>> = report
            .leaflets
            .iter()
            .map(|l| TeamLeafletRow {
                id: &l.id,
                title: l.title.as_deref(),
                owner: &l.owner,
                version: l.version,
                reviewed: &l.reviewed,
                review_by: &l.review_by,
                review: l.review,
                days_left: match l.review {
                    ReviewState::Ok => l.days_left.to_string(),
                    ReviewState::Due => format!("{} (due)", l.days_left),
                    ReviewState::Expired => format!("{} (expired)", l.days_left),
                },
                languages: l
                    .languages
                    .iter()
                    .map(|language| TeamLanguage {
                        state: language.state,
                        summary: language.summary(),
                    })
                    .collect(),
            })
            .collect();
        let readability: Vec<TeamReadabilityRow<'_>> = report
            .leaflets
            .iter()
            .flat_map(|l| &l.readability)
            .map(|f| TeamReadabilityRow {
                leaflet: &f.leaflet,
                locale: &f.locale,
                sentences: f.sentences,
                average: f.average_sentence_words,
                longest: f.longest_sentence_words,
                long_sentences: percent(f.long_sentence_share),
                long_words: percent(f.long_word_share),
                index: format!("{} {}", f.index.name(), f.score),
                beyond: beyond_limits(f, &report.readability_limits),
            })
            .collect();
        let mut context = Context::new();
        context.insert("report", report);
        context.insert("rows", &rows);
        context.insert("readability", &readability);
        self.render("report.html", &context, "the governance report")
    }

    /// `dist/sitemap.xml`, with `xhtml:link` alternates; only for a site with a `base_url`.
    pub fn sitemap(&self, entries: &[SitemapEntry]) -> Result<String, Diagnostic> {
        let mut context = Context::new();
        context.insert("entries", entries);
        context.insert("settings", &self.settings);
        self.render("sitemap.xml", &context, "the sitemap")
    }
}

/// "123 kB": sizes as people read them next to a download link, with a non-breaking space, so a
/// narrow screen never puts the number and its unit on two lines.
pub fn human_size(bytes: u64) -> String {
    if bytes < 1000 {
        format!("{bytes}\u{a0}B")
    } else if bytes < 1_000_000 {
        format!("{}\u{a0}kB", (bytes + 500) / 1000)
    } else {
        format!("{:.1}\u{a0}MB", bytes as f64 / 1_000_000.0)
    }
}
