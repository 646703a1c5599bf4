//! Checking a PDF before it is published: it exists, is not empty, parses as PDF (with the
//! `lopdf` crate, not by looking at bytes), has between one and the allowed number of pages, and
//! is tagged for screen readers with a document language. A typst that exits 0 but wrote
//! nothing, an empty file or garbage must never replace a good site.

use std::path::Path;

use lopdf::{Dictionary, Document, Object};

/// What is wrong with a PDF.
#[derive(Debug, PartialEq, Eq)]
pub enum PdfProblem {
    Missing,
    Empty,
    Unreadable(String),
    NoPages,
    TooManyPages {
        pages: u32,
        limit: u32,
    },
    NotTagged(&'static str),
    /// The document language is another than the leaflet's: a screen reader would read it
    /// with the wrong voice.
    WrongLanguage {
        found: String,
        expected: String,
    },
}

impl PdfProblem {
    /// Whether the sources can fix it (too long a leaflet); all others mean typst misbehaved.
    pub fn is_content(&self) -> bool {
        matches!(self, PdfProblem::TooManyPages { .. })
    }

    pub fn describe(&self) -> String {
        match self {
            PdfProblem::Missing => "typst reported success but wrote no file".into(),
            PdfProblem::Empty => "typst wrote an empty file".into(),
            PdfProblem::Unreadable(why) => {
                format!("the file typst wrote is not a readable PDF ({why})")
            }
            PdfProblem::NoPages => "the PDF has no pages".into(),
            PdfProblem::TooManyPages { pages, limit } => {
                format!("the PDF has {pages} pages; the limit is {limit}")
            }
            PdfProblem::NotTagged(what) => {
                format!("the PDF is not tagged for screen readers ({what})")
            }
            PdfProblem::WrongLanguage { found, expected } => {
                format!("the PDF says its language is \"{found}\", not \"{expected}\"")
            }
        }
    }
}

/// Checks the PDF at `path`, which must be in the language `lang`; returns its number of pages.
pub fn verify_pdf(path: &Path, max_pages: u32, lang: &str) -> Result<u32, PdfProblem> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(PdfProblem::Missing);
        }
        Err(err) => return Err(PdfProblem::Unreadable(err.to_string())),
    };
    verify_pdf_bytes(&bytes, max_pages, lang)
}

/// [`verify_pdf`] of a PDF's bytes (one found in the cache, before it is published).
pub fn verify_pdf_bytes(bytes: &[u8], max_pages: u32, lang: &str) -> Result<u32, PdfProblem> {
    if bytes.is_empty() {
        return Err(PdfProblem::Empty);
    }
    let doc = Document::load_mem(bytes).map_err(|e| PdfProblem::Unreadable(e.to_string()))?;
    let pages = u32::try_from(doc.get_pages().len()).unwrap_or(u32::MAX);
    if pages == 0 {
        return Err(PdfProblem::NoPages);
    }
    if pages > max_pages {
        return Err(PdfProblem::TooManyPages {
            pages,
            limit: max_pages,
        });
    }
    let catalog = doc
        .catalog()
        .map_err(|e| PdfProblem::Unreadable(e.to_string()))?;
    let marked = entry(&doc, catalog, b"MarkInfo")
        .and_then(|o| o.as_dict().ok())
        .and_then(|d| d.get(b"Marked").ok())
        .and_then(|o| o.as_bool().ok());
    if marked != Some(true) {
        return Err(PdfProblem::NotTagged("no /MarkInfo /Marked true"));
    }
    if entry(&doc, catalog, b"StructTreeRoot").is_none() {
        return Err(PdfProblem::NotTagged("no structure tree"));
    }
    let Some(found) = entry(&doc, catalog, b"Lang") else {
        return Err(PdfProblem::NotTagged("no document language"));
    };
    let found = lopdf::decode_text_string(found).unwrap_or_default();
    // The language must match; a region (`en-GB` for `en`) may be added or left out.
    let primary = |tag: &str| {
        tag.split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    if primary(&found) != primary(lang) {
        return Err(PdfProblem::WrongLanguage {
            found,
            expected: lang.to_string(),
        });
    }
    Ok(pages)
}

/// A catalog entry, following an indirect reference.
fn entry<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let object = dict.get(key).ok()?;
    doc.dereference(object).ok().map(|(_, o)| o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_empty_and_garbage_files_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("x.pdf");
        assert_eq!(verify_pdf(&path, 40, "nl"), Err(PdfProblem::Missing));
        std::fs::write(&path, b"").unwrap();
        assert_eq!(verify_pdf(&path, 40, "nl"), Err(PdfProblem::Empty));
        std::fs::write(&path, b"%PDF-1.7\nnot really\n").unwrap();
        assert!(matches!(
            verify_pdf(&path, 40, "nl"),
            Err(PdfProblem::Unreadable(_))
        ));
    }

    fn dict(entries: Vec<(&str, Object)>) -> Dictionary {
        let mut d = Dictionary::new();
        for (key, value) in entries {
            d.set(key, value);
        }
        d
    }

    fn name(n: &str) -> Object {
        Object::Name(n.as_bytes().to_vec())
    }

    #[test]
    fn an_untagged_pdf_is_refused() {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let page_id = doc.add_object(dict(vec![
            ("Type", name("Page")),
            ("Parent", Object::Reference(pages_id)),
            (
                "MediaBox",
                Object::Array(vec![0.into(), 0.into(), 595.into(), 842.into()]),
            ),
        ]));
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dict(vec![
                ("Type", name("Pages")),
                ("Kids", Object::Array(vec![Object::Reference(page_id)])),
                ("Count", 1.into()),
            ])),
        );
        let catalog_id = doc.add_object(dict(vec![
            ("Type", name("Catalog")),
            ("Pages", Object::Reference(pages_id)),
        ]));
        doc.trailer.set("Root", Object::Reference(catalog_id));
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("x.pdf");
        doc.save(&path).unwrap();
        assert_eq!(
            verify_pdf(&path, 40, "nl"),
            Err(PdfProblem::NotTagged("no /MarkInfo /Marked true"))
        );
        assert_eq!(
            verify_pdf(&path, 0, "nl"),
            Err(PdfProblem::TooManyPages { pages: 1, limit: 0 })
        );

        // Tagged, in English: right for an English leaflet, wrong for a Dutch one.
        let tree = doc.add_object(dict(vec![("Type", name("StructTreeRoot"))]));
        let catalog = doc
            .get_object_mut(catalog_id)
            .and_then(Object::as_dict_mut)
            .unwrap();
        catalog.set("MarkInfo", dict(vec![("Marked", Object::Boolean(true))]));
        catalog.set("StructTreeRoot", Object::Reference(tree));
        catalog.set("Lang", Object::string_literal("en-GB"));
        doc.save(&path).unwrap();
        assert_eq!(verify_pdf(&path, 40, "en"), Ok(1));
        assert_eq!(
            verify_pdf(&path, 40, "nl"),
            Err(PdfProblem::WrongLanguage {
                found: "en-GB".into(),
                expected: "nl".into()
            })
        );
    }
}
