//! The editors' JSON Schemas (`schemas/`): shipped as generated, right about the example
//! leaflets, strict about unknown keys, and pointed at by the files `leaflet new` writes.

use std::path::{Path, PathBuf};

use leaflet::schema::YamlKind;

use crate::common::Project;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn validator(kind: YamlKind) -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&kind.schema_json()).expect("the schema is JSON");
    jsonschema::draft7::new(&schema).expect("the schema is a valid draft-7 schema")
}

/// The YAML file as the JSON value an editor's language server validates.
fn yaml_value(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn problems(kind: YamlKind, value: &serde_json::Value) -> Vec<String> {
    validator(kind)
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// The example project's YAML files with their kind.
fn example_files() -> Vec<(YamlKind, PathBuf)> {
    let mut files = vec![(YamlKind::Site, repo().join("site.yaml"))];
    for (dir, kind) in [
        ("leaflets", YamlKind::Leaflet),
        ("leaflets/shared", YamlKind::SharedBlock),
    ] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(repo().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        found.sort();
        assert!(!found.is_empty(), "no YAML files in {dir}");
        files.extend(found.into_iter().map(|p| (kind, p)));
    }
    files
}

#[test]
fn the_shipped_schemas_are_the_generated_ones() {
    for kind in YamlKind::ALL {
        let shipped = repo().join("schemas").join(kind.file_name());
        let shipped = std::fs::read_to_string(&shipped).unwrap_or_default();
        assert!(
            shipped == kind.schema_json(),
            "schemas/{} differs from the source types; regenerate with: cargo run -- schema",
            kind.file_name()
        );
    }
}

#[test]
fn every_example_file_is_valid_and_names_its_schema() {
    for (kind, path) in example_files() {
        let rel = path.strip_prefix(repo()).unwrap();
        let found = problems(kind, &yaml_value(&path));
        assert!(found.is_empty(), "{}: {found:#?}", rel.display());
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.lines().next(),
            Some(kind.modeline(rel).as_str()),
            "{} must start with its schema line",
            rel.display()
        );
        // The line points at a file that exists.
        let target = kind.modeline(rel);
        let target = target.split("$schema=").nth(1).unwrap();
        assert!(
            path.parent().unwrap().join(target).is_file(),
            "{target} from {}",
            rel.display()
        );
    }
}

#[test]
fn the_schema_refuses_what_leaflet_refuses() {
    let leaflet = yaml_value(&repo().join("leaflets/neuromodulatie-chronische-pijn.yaml"));

    // A typo in a key (leaflet: unknown field) …
    let mut typo = leaflet.clone();
    typo["titel"] = "title".into();
    assert!(!problems(YamlKind::Leaflet, &typo).is_empty());
    // … a missing required key, a block with a misspelt kind, a care level that does not exist.
    let mut missing = leaflet.clone();
    missing.as_object_mut().unwrap().remove("owner");
    assert!(!problems(YamlKind::Leaflet, &missing).is_empty());
    let mut block = leaflet.clone();
    block["body"][0] = serde_json::json!({ "heding": "intro" });
    assert!(!problems(YamlKind::Leaflet, &block).is_empty());
    let mut level = leaflet;
    level["body"][0] = serde_json::json!({ "callout": { "level": "urgnt", "text": "x" } });
    assert!(!problems(YamlKind::Leaflet, &level).is_empty());

    let mut site = yaml_value(&repo().join("site.yaml"));
    site["locale"] = "nl".into();
    assert!(!problems(YamlKind::Site, &site).is_empty());
}

#[test]
fn leaflet_new_writes_the_schema_line_and_the_schemas() {
    let project = Project::example();
    project.leaflet(&["new", "knee-replacement"]).assert_code(0);
    let text = project.read("leaflets/knee-replacement.yaml");
    assert_eq!(
        text.lines().next(),
        Some("# yaml-language-server: $schema=../schemas/leaflet.schema.json")
    );
    for kind in YamlKind::ALL {
        assert_eq!(
            project.read(&format!("schemas/{}", kind.file_name())),
            kind.schema_json()
        );
    }
    // What `new` writes is valid against the schema it names.
    let found = problems(
        YamlKind::Leaflet,
        &yaml_value(&project.path("leaflets/knee-replacement.yaml")),
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn leaflet_schema_writes_the_schemas_once() {
    let project = Project::fixture("minimal");
    project
        .leaflet(&["schema"])
        .assert_code(0)
        .assert_stderr("wrote schemas/site.schema.json");
    project
        .leaflet(&["schema"])
        .assert_code(0)
        .assert_stderr("the schemas in schemas/ are up to date");
}

/// A `schemas` link that leads out of the project had the schemas written there (hostile
/// review): refused, and nothing is written at its end.
#[test]
fn a_schemas_link_out_of_the_project_is_refused() {
    let project = Project::fixture("minimal");
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), project.path("schemas")).unwrap();
    let run = project.leaflet(&["schema"]);
    run.assert_stderr("schemas is a link that leads out of the project");
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}
