//! HTML: Documents to web pages with Tera.
//!
//! Receives Documents and the per-locale interface strings; renders the leaflet pages, the
//! per-language indexes and the root language choice from the theme's Tera templates, with
//! autoescaping on for every `.html` template, so no message can inject markup or script. Links
//! are relative (`../../en/x/index.html`) so `dist/` works under any path and from `file://`.
//! Returns page texts; writing them is `publish`'s job.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Context, Tera};

use crate::diag::Diagnostic;
use crate::document::{Direction, Document, Label, Text};
use crate::l10n::SiteLocale;
use crate::render::theme::{TEMPLATES_DIR, Theme};

/// A link to the same page in another language.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub locale: String,
    pub dir: Direction,
    /// The language's name in itself ("Nederlands", "English").
    pub name: String,
    /// "Choose your language" in that language, for the root page.
    pub choose: String,
    pub href: String,
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
}

#[derive(Debug, Serialize)]
struct DepartmentGroup<'a> {
    name: &'a Text,
    leaflets: Vec<IndexEntry<'a>>,
}

pub struct HtmlRenderer {
    tera: Tera,
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
    pub fn new(theme: &Theme) -> Result<Self, Diagnostic> {
        let mut tera = Tera::new();
        tera.add_raw_templates(theme.html_templates())
            .map_err(|err| tera_error("the HTML templates do not compile", &err))?;
        Ok(HtmlRenderer { tera })
    }

    fn render(&self, template: &str, context: &Context, what: &str) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|err| tera_error(&format!("failed to render {what} with {template}"), &err))
    }

    fn base_context(
        locale: &str,
        dir: Direction,
        labels: &BTreeMap<String, Label>,
        root: &str,
    ) -> Context {
        let mut context = Context::new();
        context.insert("lang", locale);
        context.insert("dir", &dir);
        context.insert("labels", labels);
        context.insert("root", root);
        context
    }

    /// `dist/<lang>/<id>/index.html`.
    pub fn leaflet_page(
        &self,
        doc: &Document,
        alternates: &[Alternate],
        pdf: Option<&PdfLink>,
    ) -> Result<String, Diagnostic> {
        let mut context = Self::base_context(&doc.locale, doc.dir, &doc.labels, "../../");
        context.insert("doc", doc);
        context.insert("alternates", alternates);
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
        site_locale: &SiteLocale,
        documents: &[&Document],
        alternates: &[Alternate],
    ) -> Result<String, Diagnostic> {
        let mut groups: BTreeMap<&str, DepartmentGroup<'_>> = BTreeMap::new();
        for doc in documents {
            groups
                .entry(doc.department.plain.as_str())
                .or_insert_with(|| DepartmentGroup {
                    name: &doc.department,
                    leaflets: Vec::new(),
                })
                .leaflets
                .push(IndexEntry {
                    title: &doc.title,
                    summary: &doc.summary,
                    href: format!("{}/index.html", doc.id),
                });
        }
        let mut departments: Vec<DepartmentGroup<'_>> = groups.into_values().collect();
        for group in &mut departments {
            group
                .leaflets
                .sort_by(|a, b| a.title.plain.cmp(&b.title.plain));
        }
        let mut context = Self::base_context(
            &site_locale.locale,
            site_locale.dir,
            &site_locale.labels,
            "../",
        );
        context.insert("departments", &departments);
        context.insert("alternates", alternates);
        self.render(
            "index.html",
            &context,
            &format!("the {} index", site_locale.locale),
        )
    }

    /// `dist/index.html`: the choice of language, in the default locale's frame.
    pub fn language_choice(
        &self,
        default: &SiteLocale,
        alternates: &[Alternate],
    ) -> Result<String, Diagnostic> {
        let mut context = Self::base_context(&default.locale, default.dir, &default.labels, "");
        context.insert("alternates", alternates);
        self.render("languages.html", &context, "the language choice")
    }
}

/// "123 kB": sizes as people read them next to a download link.
pub fn human_size(bytes: u64) -> String {
    if bytes < 1000 {
        format!("{bytes} B")
    } else if bytes < 1_000_000 {
        format!("{} kB", (bytes + 500) / 1000)
    } else {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    }
}
