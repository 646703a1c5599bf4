//! Theme: the templates, style sheet and fonts the renderers use.
//!
//! The defaults are compiled into the binary (from this repository's `templates/`), so a project
//! needs no copy of them. Any file a project puts in its own `templates/` folder with the same
//! name replaces the default; new files (more fonts, a logo) are added. Nothing here renders.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::Diagnostics;
use crate::paths::TEMPLATES_DIR;

macro_rules! defaults {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/", $name)) as &[u8])),*]
    };
}

/// The default theme, as shipped.
const DEFAULTS: &[(&str, &[u8])] = defaults!(
    "base.html",
    "components.html",
    "head.html",
    "index.html",
    "languages.html",
    "leaflet.html",
    "reader-tools.html",
    "report.html",
    "sitemap.xml",
    "translation-status.html",
    "favicon.svg",
    "search.js",
    "reader-tools.js",
    "style.css",
    "leaflet.typ",
    "fonts/atkinson-hyperlegible-next/AtkinsonHyperlegibleNext_400Regular.ttf",
    "fonts/atkinson-hyperlegible-next/AtkinsonHyperlegibleNext_400Regular_Italic.ttf",
    "fonts/atkinson-hyperlegible-next/AtkinsonHyperlegibleNext_700Bold.ttf",
    "fonts/atkinson-hyperlegible-next/AtkinsonHyperlegibleNext_700Bold_Italic.ttf",
    "fonts/atkinson-hyperlegible-next/OFL.txt",
    "fonts/noto/NotoSans-Regular.ttf",
    "fonts/noto/NotoSans-Bold.ttf",
    "fonts/noto/NotoSans-Italic.ttf",
    "fonts/noto/NotoSans-BoldItalic.ttf",
    "fonts/noto/NotoSansArabic-Regular.ttf",
    "fonts/noto/NotoSansArabic-Bold.ttf",
    "fonts/noto/OFL.txt",
);

/// Theme files by their path inside `templates/` (with `/` separators).
pub struct Theme {
    files: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// The defaults, with the project's own `templates/` files laid over them.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Theme {
        let mut files: BTreeMap<String, Vec<u8>> = DEFAULTS
            .iter()
            .map(|(name, bytes)| ((*name).to_string(), bytes.to_vec()))
            .collect();
        // Links are followed like the sources' (`load::walk`): a template linked from outside
        // the project is an error at the link, never left out in silence (the default would
        // take its place unnoticed).
        let project = crate::load::walk::ProjectFiles::new(root);
        for rel in project.all_files(TEMPLATES_DIR, diags).unwrap_or_default() {
            let Ok(inside) = rel.strip_prefix(TEMPLATES_DIR) else {
                continue;
            };
            let name = inside.to_string_lossy().replace('\\', "/");
            match project.read(&rel) {
                Ok(bytes) => {
                    files.insert(name, bytes);
                }
                Err(problem) => diags.push(problem),
            }
        }
        Theme { files }
    }

    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.files.get(name).map(Vec::as_slice)
    }

    /// Tera templates: every `*.html` and `*.xml` file at the top of the theme.
    pub fn html_templates(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().filter_map(|(name, bytes)| {
            let is_template =
                (name.ends_with(".html") || name.ends_with(".xml")) && !name.contains('/');
            let text = std::str::from_utf8(bytes).ok()?;
            is_template.then_some((name.as_str(), text))
        })
    }

    /// Font files (`.ttf`, `.otf`, `.woff2`), by file name without folders.
    pub fn fonts(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().filter_map(|(name, bytes)| {
            let file = name.strip_prefix("fonts/")?;
            let base = file.rsplit('/').next()?;
            let is_font = [".ttf", ".otf", ".woff2", ".woff"]
                .iter()
                .any(|ext| base.to_ascii_lowercase().ends_with(ext));
            is_font.then_some((base, bytes.as_slice()))
        })
    }

    /// Licence texts of the fonts, as `folder-OFL.txt`, to ship beside them.
    pub fn font_licences(&self) -> impl Iterator<Item = (String, &[u8])> {
        self.files.iter().filter_map(|(name, bytes)| {
            let file = name.strip_prefix("fonts/")?;
            let (folder, base) = file.rsplit_once('/')?;
            let is_licence = base.to_ascii_uppercase().contains("OFL")
                || base.to_ascii_uppercase().contains("LICEN");
            is_licence.then(|| {
                (
                    format!("{}-{base}", folder.replace('/', "-")),
                    bytes.as_slice(),
                )
            })
        })
    }
}
