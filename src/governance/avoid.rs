//! Words to avoid: a per-language list in `site.yaml` (`checks: { avoid: { nl: { word:
//! suggestion } } }`) of jargon and the plain words to write instead. Every message of every
//! Fluent file of a listed language is read word by word (Unicode word boundaries, so
//! "anesthesioloog" does not match inside "anesthesiologen" and case does not matter); a match
//! is a warning at its line:col naming the suggestion. A message that already contains the
//! suggestion is where the word is explained, and passes.

use std::collections::BTreeMap;

use fluent_syntax::ast;
use unicode_segmentation::UnicodeSegmentation;

use crate::diag::{Diagnostic, Diagnostics};
use crate::ftl::{self, Resources};
use crate::paths;

/// Warns about every avoided word in the files of `locales`.
pub fn check_avoided_words(
    resources: &Resources,
    avoid: &BTreeMap<String, BTreeMap<String, String>>,
    locales: &[String],
    diags: &mut Diagnostics,
) {
    let lists: BTreeMap<&str, Vec<Avoided<'_>>> = avoid
        .iter()
        .filter(|(locale, _)| locales.contains(locale))
        .map(|(locale, words)| {
            let list = words
                .iter()
                .map(|(word, suggestion)| Avoided {
                    words: lower_words(word),
                    word,
                    suggestion,
                })
                .filter(|avoided| !avoided.words.is_empty())
                .collect();
            (locale.as_str(), list)
        })
        .collect();
    for ((locale, key), resource) in resources.all() {
        let Some(list) = lists.get(locale.as_str()) else {
            continue;
        };
        let keys = [key.clone()];
        for message in ftl::messages(resource) {
            let id = message.id.name;
            let mut chunks = Vec::new();
            for pattern in message
                .value
                .iter()
                .chain(message.attributes.iter().map(|a| &a.value))
            {
                pattern_texts(pattern, &mut chunks);
            }
            let whole = chunks.concat().to_lowercase();
            for Avoided {
                words,
                word,
                suggestion,
            } in list
            {
                if whole.contains(&suggestion.to_lowercase()) {
                    continue;
                }
                let Some(found) = chunks.iter().find_map(|chunk| find_words(chunk, words)) else {
                    continue;
                };
                let at = resources
                    .text_use(locale, &keys, id, found)
                    .or_else(|| resources.definition(locale, &keys, id))
                    .unwrap_or_else(|| {
                        crate::diag::Location::file_start(paths::ftl_path(locale, key))
                    });
                diags.push(
                    Diagnostic::warning(format!(
                        "\"{found}\" is on the list of words to avoid in {locale} (message \"{id}\")"
                    ))
                    .at(at)
                    .hint(format!(
                        "write \"{suggestion}\" instead (a message that says so passes, so the word can be explained where it first appears); the list is `checks: avoid: {locale}: {word}` in site.yaml"
                    )),
                );
            }
        }
    }
}

/// A word or phrase to avoid: its words in lower case, as listed, and what to write instead.
struct Avoided<'a> {
    words: Vec<String>,
    word: &'a str,
    suggestion: &'a str,
}

/// The words of a word or phrase, in lower case.
fn lower_words(text: &str) -> Vec<String> {
    text.unicode_words().map(str::to_lowercase).collect()
}

/// The part of `text` where the words `wanted` follow each other, as written.
fn find_words<'t>(text: &'t str, wanted: &[String]) -> Option<&'t str> {
    let words: Vec<(usize, &str)> = text.unicode_word_indices().collect();
    words.windows(wanted.len()).find_map(|window| {
        let matches = window
            .iter()
            .zip(wanted)
            .all(|((_, word), want)| word.to_lowercase() == *want);
        let (start, _) = window.first()?;
        let (last, last_word) = window.last()?;
        matches.then(|| &text[*start..last + last_word.len()])
    })
}

/// The literal text of a pattern, including the variants of select expressions.
fn pattern_texts<'a>(pattern: &ast::Pattern<&'a str>, out: &mut Vec<&'a str>) {
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => out.push(value),
            ast::PatternElement::Placeable { expression } => expression_texts(expression, out),
        }
    }
}

fn expression_texts<'a>(expression: &ast::Expression<&'a str>, out: &mut Vec<&'a str>) {
    match expression {
        ast::Expression::Select { variants, .. } => {
            for variant in variants {
                pattern_texts(&variant.value, out);
            }
        }
        ast::Expression::Inline(ast::InlineExpression::Placeable { expression }) => {
            expression_texts(expression, out)
        }
        ast::Expression::Inline(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_in_any_case() {
        let want = lower_words("anesthesioloog");
        assert_eq!(
            find_words("U praat met de Anesthesioloog.", &want),
            Some("Anesthesioloog")
        );
        assert_eq!(find_words("de anesthesiologen", &want), None);
        let phrase = lower_words("in verband met");
        assert_eq!(
            find_words("Dit is In  verband met de wond.", &phrase),
            Some("In  verband met")
        );
    }
}
