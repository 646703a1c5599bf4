//! Links between leaflets: `[text](leaflet:<id>)` in a message, and the previous and next part
//! of a series.
//!
//! A link goes to the page in the page's own language when that leaflet is published in it,
//! otherwise to the default language's page, which is then marked (`hreflang`, and "in Dutch"
//! in the page's language), as fallback text is. Hrefs are relative to a leaflet page, so
//! `dist/` works under any path and from `file://`; with a `base_url` the absolute address is
//! kept as well, for the PDF, which prints it so a reader of the paper can type it. Without a
//! `base_url` the PDF prints the leaflet's code instead. Which pages exist is known before any
//! Document is made (a leaflet is published in a language when it is started there), so a link
//! never waits for the other leaflet's Document; only the titles of a series' parts are filled
//! in once every Document exists.

use std::collections::{BTreeMap, BTreeSet};

use super::chain::direction;
use crate::document::{Document, Label, LeafletLink, Series, SeriesLink};
use crate::paths;
use crate::resolve::{ResolvedLeaflet, ResolvedSite, SeriesPlace};

/// Every page a link may go to in this run.
pub(super) struct LinkTargets<'a> {
    site: &'a ResolvedSite,
    /// (locale, leaflet id) of every leaflet page of this run (its languages only).
    published: &'a BTreeSet<(String, String)>,
    codes: BTreeMap<&'a str, &'a str>,
}

impl<'a> LinkTargets<'a> {
    pub fn new(
        site: &'a ResolvedSite,
        leaflets: &'a [ResolvedLeaflet],
        published: &'a BTreeSet<(String, String)>,
    ) -> Self {
        LinkTargets {
            site,
            published,
            codes: leaflets
                .iter()
                .map(|l| (l.id.as_str(), l.code.as_str()))
                .collect(),
        }
    }

    /// Whether `id` is a leaflet of the project (also one that failed to load: its own error
    /// is reported, and a link to it is not a second one).
    pub fn knows(&self, id: &str) -> bool {
        self.site.leaflet_ids.contains(id)
    }

    /// Every leaflet id, for "did you mean".
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.site.leaflet_ids.iter().map(String::as_str)
    }

    /// The link from a page in `page_locale` to leaflet `id`, inside text in `text_locale`
    /// (the page's language, or a fallback's). `note` is "in <default language>" in the page's
    /// language.
    pub fn link(
        &self,
        id: &str,
        page_locale: &str,
        text_locale: &str,
        note: Option<&Label>,
    ) -> LeafletLink {
        let in_page_language = self
            .published
            .contains(&(page_locale.to_string(), id.to_string()));
        let locale = if in_page_language {
            page_locale
        } else {
            self.site.default_locale.as_str()
        };
        let dir = paths::page_dir(locale, id);
        let url = self
            .site
            .base_url
            .as_ref()
            .map(|base| paths::web_url(base, &dir));
        // A preview of some languages (`--locale tr --out …`) may lack the page: then the
        // published site's address, where there is one, rather than a link to nothing.
        let built = self
            .published
            .contains(&(locale.to_string(), id.to_string()));
        let href = match &url {
            Some(url) if !built => url.clone(),
            _ => paths::leaflet_page_link(locale, id),
        };
        LeafletLink {
            id: id.to_string(),
            locale: locale.to_string(),
            hreflang: (locale != text_locale).then(|| locale.to_string()),
            href,
            url,
            code: self
                .codes
                .get(id)
                .map_or_else(String::new, |c| c.to_string()),
            // Text already in the default language (a fallback) needs no second mark.
            note: (locale != page_locale && text_locale == page_locale)
                .then(|| note.cloned())
                .flatten(),
            end: true,
        }
    }

    /// The series navigation of a page in `page_locale`. Titles are the ids until
    /// [`fill_series_titles`] puts in the real ones.
    pub fn series(
        &self,
        place: &SeriesPlace,
        page_locale: &str,
        label: Label,
        note: Option<&Label>,
    ) -> Series {
        let neighbour = |id: &Option<String>| {
            id.as_ref().map(|id| SeriesLink {
                title: id.clone(),
                lang: None,
                dir: None,
                link: self.link(id, page_locale, page_locale, note),
            })
        };
        Series {
            part: place.part,
            total: place.total,
            label,
            previous: neighbour(&place.previous),
            next: neighbour(&place.next),
        }
    }
}

/// Gives each series link the title of the page it goes to, in that page's language (marked
/// when it is not the linking page's).
pub(super) fn fill_series_titles(documents: &mut [Document]) {
    let titles: BTreeMap<(String, String), (String, Option<String>)> = documents
        .iter()
        .map(|d| {
            (
                (d.id.clone(), d.locale.clone()),
                (d.title.plain().into_owned(), d.title.lang.clone()),
            )
        })
        .collect();
    for doc in documents.iter_mut() {
        let page_dir = doc.dir;
        let page_locale = doc.locale.clone();
        let Some(series) = doc.series.as_mut() else {
            continue;
        };
        for neighbour in [series.previous.as_mut(), series.next.as_mut()]
            .into_iter()
            .flatten()
        {
            let key = (neighbour.link.id.clone(), neighbour.link.locale.clone());
            let Some((title, fallback)) = titles.get(&key) else {
                continue; // not built in this run (a preview of some languages): the id stays
            };
            neighbour.title = title.clone();
            // The title's own language: a fallback title keeps the language it came from.
            let lang = fallback
                .clone()
                .unwrap_or_else(|| neighbour.link.locale.clone());
            if lang != page_locale {
                let dir = direction(&lang);
                neighbour.dir = (dir != page_dir).then_some(dir);
                neighbour.lang = Some(lang);
            }
        }
    }
}
