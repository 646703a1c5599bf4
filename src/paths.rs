//! Paths: the one place that knows where every source file lives and where every output goes.
//!
//! Sources: `site.yaml`, `leaflets/<id>.yaml`, `leaflets/shared/<name>.yaml`,
//! `locales/<lang>/<key>.ftl`, `locales/<lang>/translations.lock.yaml`, `images/`, `templates/`.
//! Output, relative to `dist/`: `<lang>/<id>/index.html` with `<id>-<lang>.pdf` (and
//! `<id>-<lang>-<profile>.pdf` for the other print profiles) beside it, `<lang>/index.html`,
//! `assets/…`, `team/…`. Zola computes a page's permalink once; so does this module. Every
//! other module asks here instead of spelling a path, so the scheme cannot drift between the
//! pages, the PDFs, the sitemap and the QR codes. Nothing here touches the disk.

use std::path::{Path, PathBuf};

pub const SITE_FILE: &str = "site.yaml";
pub const LEAFLETS_DIR: &str = "leaflets";
pub const SHARED_DIR: &str = "shared";
pub const LOCALES_DIR: &str = "locales";
pub const IMAGES_DIR: &str = "images";
pub const TEMPLATES_DIR: &str = "templates";
/// The JSON Schemas of the YAML files, for editors (`schema.rs`).
pub const SCHEMAS_DIR: &str = "schemas";
pub const LOCK_FILE: &str = "translations.lock.yaml";
/// The content fingerprint of every leaflet version, written by `leaflet build`.
pub const VERSIONS_LOCK_FILE: &str = "versions.lock.yaml";

/// The Fluent file key of the site's own texts (`locales/<lang>/site.ftl`).
pub const SITE_FTL_KEY: &str = "site";

/// `leaflets/<id>.yaml`.
pub fn leaflet_file(id: &str) -> PathBuf {
    Path::new(LEAFLETS_DIR).join(format!("{id}.yaml"))
}

/// The key of a shared block's Fluent file inside `locales/<lang>/`: `shared/<name>`.
pub fn shared_ftl_key(name: &str) -> String {
    format!("{SHARED_DIR}/{name}")
}

/// `locales/<locale>/<key>.ftl`: where the Fluent file of a key lives.
pub fn ftl_path(locale: &str, key: &str) -> PathBuf {
    locale_dir(locale).join(format!("{key}.ftl"))
}

/// `locales/<locale>/`.
pub fn locale_dir(locale: &str) -> PathBuf {
    Path::new(LOCALES_DIR).join(locale)
}

/// `locales/<lang>/translations.lock.yaml`, written by `leaflet translations confirm`.
pub fn lock_path(locale: &str) -> PathBuf {
    locale_dir(locale).join(LOCK_FILE)
}

/// The folder of a leaflet page inside `dist/`, as a URL path: `<lang>/<id>/`.
pub fn page_dir(locale: &str, id: &str) -> String {
    format!("{locale}/{id}/")
}

/// `<lang>/<id>/index.html`.
pub fn page_file(locale: &str, id: &str) -> PathBuf {
    PathBuf::from(format!("{}index.html", page_dir(locale, id)))
}

/// The folder of a language's index inside `dist/`, as a URL path: `<lang>/`.
pub fn locale_index_dir(locale: &str) -> String {
    format!("{locale}/")
}

/// `<lang>/index.html`.
pub fn locale_index_file(locale: &str) -> PathBuf {
    PathBuf::from(format!("{}index.html", locale_index_dir(locale)))
}

/// A leaflet's page linked from its language's index: `<id>/index.html`.
pub fn page_from_locale_index(id: &str) -> String {
    format!("{id}/index.html")
}

/// A link from a page to the page in folder `dir` (`en/x/`), `up` being the way from the
/// linking page back to the root of `dist/` (`../../`).
pub fn relative_link(up: &str, dir: &str) -> String {
    format!("{up}{dir}index.html")
}

/// A link from one leaflet page to another's, in any language: `../../<lang>/<id>/index.html`
/// (leaflet pages are all two folders below the root of `dist/`).
pub fn leaflet_page_link(locale: &str, id: &str) -> String {
    relative_link("../../", &page_dir(locale, id))
}

/// The root language choice page.
pub const ROOT_INDEX: &str = "index.html";
/// Folder of the style sheet, fonts and pictures inside `dist/`.
pub const ASSETS_DIR: &str = "assets";
/// The translation report for the team, not linked from any patient page.
pub const TEAM_STATUS_FILE: &str = "team/translation-status.html";
/// The governance report for the team, not linked from any patient page either.
pub const TEAM_REPORT_FILE: &str = "team/report.html";
pub const SITEMAP_FILE: &str = "sitemap.xml";
/// The README that marks an output folder as made by leaflet.
pub const DIST_README_FILE: &str = "README.md";
/// The file that marks a folder as a part made by `leaflet build --shard`, with its number.
pub const PART_MARKER_FILE: &str = "leaflet-part.json";

/// `assets/<name>`.
pub fn asset(name: &str) -> PathBuf {
    Path::new(ASSETS_DIR).join(name)
}

/// `assets/fonts/<name>`.
pub fn font_asset(name: &str) -> PathBuf {
    Path::new(ASSETS_DIR).join("fonts").join(name)
}

/// `assets/images/<path inside images/>`: the same path as in the project's `images/`.
pub fn image_asset(inside_images: &Path) -> PathBuf {
    Path::new(ASSETS_DIR).join(IMAGES_DIR).join(inside_images)
}

/// The file name of a leaflet's PDF: `<id>-<lang>.pdf` for the website's profile,
/// `<id>-<lang>-<profile>.pdf` for the others.
pub fn pdf_file_name(id: &str, locale: &str, profile: Option<&str>) -> String {
    match profile {
        None => format!("{id}-{locale}.pdf"),
        Some(profile) => format!("{id}-{locale}-{profile}.pdf"),
    }
}

/// Where a PDF goes inside `dist/`: beside its page.
pub fn pdf_file(id: &str, locale: &str, profile: Option<&str>) -> PathBuf {
    PathBuf::from(page_dir(locale, id)).join(pdf_file_name(id, locale, profile))
}

/// The absolute address of a path inside `dist/`, for a site with a `base_url`.
pub fn web_url(base_url: &str, path_in_dist: &str) -> String {
    format!("{base_url}/{path_in_dist}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme() {
        assert_eq!(page_file("nl", "x"), PathBuf::from("nl/x/index.html"));
        assert_eq!(pdf_file("x", "en", None), PathBuf::from("en/x/x-en.pdf"));
        assert_eq!(
            pdf_file("x", "en", Some("print-shop")),
            PathBuf::from("en/x/x-en-print-shop.pdf")
        );
        assert_eq!(
            web_url("https://a.nl", &page_dir("ar", "x")),
            "https://a.nl/ar/x/"
        );
        assert_eq!(leaflet_page_link("nl", "x"), "../../nl/x/index.html");
        assert_eq!(
            ftl_path("tr", "shared/contact"),
            PathBuf::from("locales/tr/shared/contact.ftl")
        );
    }
}
