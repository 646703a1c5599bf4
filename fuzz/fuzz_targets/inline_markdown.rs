//! Any text as a formatted message: inline Markdown must never panic, and a link it keeps is a
//! web, mail or phone address, or a `leaflet:` link, which localize resolves to a page.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(spans) = leaflet::l10n::parse_inline(text) {
        for span in spans {
            if let Some(href) = span.href {
                assert!(
                    ["https://", "http://", "mailto:", "tel:", "leaflet:"]
                        .iter()
                        .any(|scheme| href.starts_with(scheme)),
                    "unsafe link {href:?}"
                );
            }
        }
    }
});
