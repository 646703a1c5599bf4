//! leaflet: patient leaflets from deduplicated YAML + Fluent sources to an accessible static
//! site and print-ready PDFs. See ARCHITECTURE.md for the pipeline.
//!
//! Layers only point down (a module may use the ones listed after it, never those before):
//! `cmd` → `import` → `cli`, `preview` → `pipeline` → `render` → `governance` → `publish`, `versions` → `translations` →
//! `l10n` → `ftl` → `resolve`, `schema` → `load` → `paths`, `document`, `format`, `diag`, `starter`,
//! `scratch`. The test at the end of this file reads every `use crate::…` and fails on an arrow
//! that points up.

pub mod cli;
pub mod cmd;
pub mod diag;
pub mod document;
pub mod format;
pub mod ftl;
pub mod governance;
pub mod import;
pub mod l10n;
pub mod load;
pub mod paths;
pub mod pipeline;
pub mod preview;
pub mod publish;
pub mod render;
pub mod resolve;
pub mod schema;
pub mod scratch;
pub mod starter;
pub mod translations;
pub mod versions;

#[cfg(test)]
mod layers {
    use std::path::Path;

    /// Top to bottom; a module may only use modules of a lower layer (or its own module).
    const LAYERS: &[&[&str]] = &[
        &["main"],
        &["cmd"],
        &["import"],
        &["cli", "preview"],
        &["pipeline"],
        &["render"],
        &["governance"],
        &["publish", "versions"],
        &["translations"],
        &["l10n"],
        &["ftl"],
        &["resolve", "schema"],
        &["load"],
        &["paths", "document", "format", "diag", "starter", "scratch"],
    ];

    fn layer_of(module: &str) -> usize {
        LAYERS
            .iter()
            .position(|layer| layer.contains(&module))
            .unwrap_or_else(|| panic!("module {module} is not in LAYERS; give it a layer"))
    }

    /// The top-level module names a line of Rust imports from the crate.
    fn imported(line: &str) -> Vec<String> {
        let mut found = Vec::new();
        for prefix in ["crate::", "leaflet::"] {
            let mut rest = line;
            while let Some(i) = rest.find(prefix) {
                rest = &rest[i + prefix.len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.push(name);
                }
            }
        }
        found
    }

    #[test]
    fn layers_only_point_down() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut violations = Vec::new();
        for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
            let entry = entry.expect("src/ is readable");
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&src).expect("inside src");
            let module = rel
                .components()
                .next()
                .and_then(|c| c.as_os_str().to_str())
                .map(|s| s.trim_end_matches(".rs").to_string())
                .expect("a file name");
            if module == "lib" {
                continue;
            }
            let text = std::fs::read_to_string(path).expect("readable source");
            // Tests may reach up to build their inputs; the product code may not.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for (number, line) in code.lines().enumerate() {
                if line.trim_start().starts_with("//") {
                    continue;
                }
                for target in imported(line) {
                    if target == module {
                        continue;
                    }
                    if layer_of(&target) <= layer_of(&module) {
                        violations.push(format!(
                            "src/{}:{}: {module} uses {target}, which is not below it",
                            rel.display(),
                            number + 1
                        ));
                    }
                }
            }
        }
        assert!(violations.is_empty(), "{}", violations.join("\n"));
    }
}
