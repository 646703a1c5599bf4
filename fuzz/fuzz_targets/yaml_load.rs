//! Any bytes as a leaflet, a shared block and `site.yaml`: the text check (BOM, UTF-8, refused
//! characters, YAML escapes), serde-saphyr and the NFC pass must never panic.
#![no_main]

use std::path::Path;

use leaflet::diag::Diagnostics;
use leaflet::load::{LeafletSource, Normalize, SharedSource, Site, parse_yaml_bytes};
use libfuzzer_sys::fuzz_target;

fn parse<T: serde::de::DeserializeOwned + Normalize>(rel: &str, data: &[u8]) {
    let mut diags = Diagnostics::new();
    if let Some(mut value) = parse_yaml_bytes::<T>(Path::new(rel), data, &mut diags) {
        value.normalize();
    }
    // Every diagnostic has a position inside the file, or none.
    for d in diags.iter() {
        if let Some(location) = &d.location {
            assert!(location.line >= 1 && location.column >= 1);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    parse::<LeafletSource>("leaflets/fuzz.yaml", data);
    parse::<SharedSource>("leaflets/shared/fuzz.yaml", data);
    parse::<Site>("site.yaml", data);
});
