//! Small checks every source value goes through: ids are slugs, message ids are Fluent
//! identifiers, dates are dates.

use std::path::Path;

use jiff::civil::Date;
use serde_saphyr::Spanned;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::load::span_location;

pub(super) fn parse_date(
    file: &Path,
    value: &Spanned<String>,
    diags: &mut Diagnostics,
) -> Option<Date> {
    match value.value.parse::<Date>() {
        Ok(date) => Some(date),
        Err(_) => {
            diags.push(
                Diagnostic::error(format!("\"{}\" is not a date", value.value))
                    .at(span_location(file, value))
                    .hint("write dates as YYYY-MM-DD, e.g. 2026-03-01"),
            );
            None
        }
    }
}

/// Lower-case letters, digits and single hyphens: safe in a URL and a file name everywhere.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Suggests a slug for a name that is not one: "Neuro Pijn" → "neuro-pijn".
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

pub(super) fn check_slug(id: &str, file: &Path, what: &str, diags: &mut Diagnostics) {
    if !is_slug(id) {
        let suggestion = slugify(id);
        diags.push(
            Diagnostic::error(format!(
                "{what} \"{id}\" is not a slug (only a-z, 0-9 and single hyphens)"
            ))
            .at(Location::file_start(file))
            .hint(format!(
                "the id is the file name; rename {} to {}.yaml",
                file.display(),
                if suggestion.is_empty() {
                    "a-name-like-this"
                } else {
                    &suggestion
                }
            )),
        );
    }
}

/// Fluent message ids: a letter, then letters, digits, `-` or `_`.
pub(super) fn check_message_id(id: &Spanned<String>, file: &Path, diags: &mut Diagnostics) {
    let mut chars = id.value.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok {
        diags.push(
            Diagnostic::error(format!("\"{}\" is not a message id", id.value))
                .at(span_location(file, id))
                .hint("message ids start with a letter and hold only letters, digits and -, e.g. intro-title; the text itself goes in the .ftl file"),
        );
    }
}
