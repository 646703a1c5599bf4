//! JSON Schemas of the YAML sources — `site.yaml`, a leaflet, a shared block — for editors:
//! autocompletion, hover help and red squiggles while typing (README: "Help from your editor").
//!
//! The schemas are generated from the very types `load` reads the files into (`schemars` on
//! `load::source`), so they cannot describe another format than the one leaflet accepts: the
//! doc comments become the hover texts, `deny_unknown_fields` becomes `additionalProperties:
//! false`, `#[serde(default)]` makes a key optional. The repository ships them under
//! `schemas/` (a test compares them with what this module generates); `leaflet schema` writes
//! them into a project, and `leaflet new` does so when they are missing or out of date.
//!
//! A schema is advice for the editor, never a check of its own: what the schema allows that
//! leaflet refuses (an unknown message id, a wrong date) `leaflet check` still reports, with
//! file:line:col. Draft 7 is used because every YAML editor plugin reads it.

use std::path::{Component, Path, PathBuf};

use schemars::generate::SchemaSettings;

use crate::load::{LeafletSource, SharedSource, Site};
use crate::paths::SCHEMAS_DIR;

/// The kinds of YAML file a project has, each with its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YamlKind {
    Site,
    Leaflet,
    SharedBlock,
}

impl YamlKind {
    pub const ALL: [YamlKind; 3] = [YamlKind::Site, YamlKind::Leaflet, YamlKind::SharedBlock];

    /// The schema's file name inside `schemas/`.
    pub fn file_name(self) -> &'static str {
        match self {
            YamlKind::Site => "site.schema.json",
            YamlKind::Leaflet => "leaflet.schema.json",
            YamlKind::SharedBlock => "shared-block.schema.json",
        }
    }

    fn title(self) -> &'static str {
        match self {
            YamlKind::Site => "leaflet site settings (site.yaml)",
            YamlKind::Leaflet => "leaflet: one patient leaflet (leaflets/<id>.yaml)",
            YamlKind::SharedBlock => "leaflet: a shared block (leaflets/shared/<name>.yaml)",
        }
    }

    /// The schema as pretty-printed JSON with a final newline, the same bytes on every run.
    pub fn schema_json(self) -> String {
        let generator = SchemaSettings::draft07().into_generator();
        let mut schema = match self {
            YamlKind::Site => generator.into_root_schema_for::<Site>(),
            YamlKind::Leaflet => generator.into_root_schema_for::<LeafletSource>(),
            YamlKind::SharedBlock => generator.into_root_schema_for::<SharedSource>(),
        };
        schema.insert("title".into(), self.title().into());
        let mut json = serde_json::to_string_pretty(&schema)
            .expect("a schema is plain JSON values and always serialises");
        json.push('\n');
        json
    }

    /// The first line that points an editor (yaml-language-server: VS Code, Neovim, Helix, Zed,
    /// JetBrains IDEs) at the schema, for a file at `rel` (relative to the project root). The
    /// path is relative, so it works wherever the project is checked out.
    pub fn modeline(self, rel: &Path) -> String {
        let depth = rel.parent().map_or(0, |p| {
            p.components()
                .filter(|c| matches!(c, Component::Normal(_)))
                .count()
        });
        let mut schema = PathBuf::new();
        for _ in 0..depth {
            schema.push("..");
        }
        schema.push(SCHEMAS_DIR);
        schema.push(self.file_name());
        // Forward slashes on every system: the line is a URI reference, not a native path.
        let schema = schema
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        format!("# yaml-language-server: $schema={schema}")
    }
}

/// Writes every schema into `<root>/schemas/` whose file is missing or differs; returns the
/// paths written (relative to the root), none when all were up to date.
pub fn write_schemas(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    // A `schemas` link that leads out of the project would have files written elsewhere.
    let dir = root.join(SCHEMAS_DIR);
    if let (Ok(real_dir), Ok(real_root)) =
        (std::fs::canonicalize(&dir), std::fs::canonicalize(root))
        && !real_dir.starts_with(&real_root)
    {
        return Err(std::io::Error::other(format!(
            "{SCHEMAS_DIR} is a link that leads out of the project, to {}; nothing is written there",
            real_dir.display()
        )));
    }
    let mut written = Vec::new();
    for kind in YamlKind::ALL {
        let rel = Path::new(SCHEMAS_DIR).join(kind.file_name());
        let path = root.join(&rel);
        let json = kind.schema_json();
        if std::fs::read_to_string(&path).is_ok_and(|old| old == json) {
            continue;
        }
        std::fs::create_dir_all(root.join(SCHEMAS_DIR))?;
        crate::scratch::replace_file(&path, &json)?;
        written.push(rel);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_modeline_is_relative_to_the_file() {
        assert_eq!(
            YamlKind::Site.modeline(Path::new("site.yaml")),
            "# yaml-language-server: $schema=schemas/site.schema.json"
        );
        assert_eq!(
            YamlKind::Leaflet.modeline(Path::new("leaflets/knee.yaml")),
            "# yaml-language-server: $schema=../schemas/leaflet.schema.json"
        );
        assert_eq!(
            YamlKind::SharedBlock.modeline(Path::new("leaflets/shared/contact.yaml")),
            "# yaml-language-server: $schema=../../schemas/shared-block.schema.json"
        );
    }

    #[test]
    fn unknown_keys_are_refused_by_the_schema_too() {
        let json: serde_json::Value =
            serde_json::from_str(&YamlKind::Leaflet.schema_json()).unwrap();
        assert_eq!(json["additionalProperties"], false);
        assert_eq!(json["$schema"], "http://json-schema.org/draft-07/schema#");
    }
}
