//! Any bytes as a Fluent file: the text check, parsing with positions, finding definitions and
//! variables, formatting every message and attribute with the contact's arguments, and inline
//! Markdown of the result must never panic.
#![no_main]

use std::collections::BTreeMap;

use fluent_bundle::{FluentArgs, FluentBundle, FluentValue};
use leaflet::diag::Diagnostics;
use leaflet::ftl::{messages, parse_resources};
use leaflet::load::{FtlFile, SourceKind, source_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = std::path::PathBuf::from("locales/nl/fuzz.ftl");
    let mut diags = Diagnostics::new();
    let text = source_text(&path, data, SourceKind::Fluent, &mut diags);
    let file = FtlFile { path, text };
    let files = BTreeMap::from([(
        "nl".to_string(),
        BTreeMap::from([("fuzz".to_string(), file)]),
    )]);
    let resources = parse_resources(files, &mut diags);
    let Some(resource) = resources.get("nl", "fuzz") else {
        return;
    };
    let keys = ["fuzz".to_string()];
    let nl: unic_langid::LanguageIdentifier = "nl".parse().expect("a valid language tag");
    let mut bundle = FluentBundle::new(vec![nl]);
    bundle.add_resource_overriding(resource);
    let mut args = FluentArgs::new();
    for (name, value) in [
        ("phone", "050 361 48 86"),
        ("opens", "08:00"),
        ("closes", "17:00"),
    ] {
        args.set(name, FluentValue::from(value));
    }
    for message in messages(resource) {
        let id = message.id.name;
        resources.definition("nl", &keys, id);
        for var in ["phone", "opens", "closes", "x"] {
            resources.variable_use("nl", &keys, id, var);
        }
        let Some(found) = bundle.get_message(id) else {
            continue;
        };
        let patterns = found
            .value()
            .into_iter()
            .chain(found.attributes().map(|a| a.value()));
        for pattern in patterns {
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
            let _ = leaflet::l10n::parse_inline(&text);
        }
    }
});
