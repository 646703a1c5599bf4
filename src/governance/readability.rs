//! Readability: plain-language figures of one leaflet in one language, measured on its
//! localized [`Document`].
//!
//! What is measured is the running text a patient reads: paragraphs, list items, steps and the
//! text and items of callouts. Headings, the title and summary, picture descriptions and contact
//! cards are left out (they are labels, not sentences), and so is every text shown in a fallback
//! language (it is not in the page's language). Numbers are not words here: a phone number or a
//! time would otherwise count as four or two.
//!
//! Sentences and words come from `unicode-segmentation` (the Unicode rules of UAX #29, which
//! know that "bijv. de" does not end a sentence); syllables from the hyphenation patterns of
//! `hypher` (the TeX patterns, per language). Where hypher has no patterns (Arabic), there are
//! no syllable figures, and LIX, which needs none, is the index.

use std::collections::HashMap;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::document::{Block, Document, Text};

/// A sentence with more words than this is "long" (the Dutch B1 guidance and most plain-language
/// guides draw the line here).
pub const LONG_SENTENCE_WORDS: usize = 20;
/// A word with more letters than this is "long" (as LIX counts them).
pub const LONG_WORD_LETTERS: usize = 6;

/// The readability index that fits a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Index {
    /// Flesch–Douma, for Dutch: higher is easier.
    FleschDouma,
    /// Flesch reading ease, for English: higher is easier.
    Flesch,
    /// Läsbarhetsindex, for languages without a formula of their own: lower is easier.
    Lix,
}

impl Index {
    pub fn for_locale(locale: &str) -> Index {
        match primary_language(locale) {
            "nl" => Index::FleschDouma,
            "en" => Index::Flesch,
            _ => Index::Lix,
        }
    }

    /// The name people know it by.
    pub fn name(self) -> &'static str {
        match self {
            Index::FleschDouma => "Flesch–Douma",
            Index::Flesch => "Flesch reading ease",
            Index::Lix => "LIX",
        }
    }
}

/// The figures of one leaflet in one language. Shares are from 0 to 1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub leaflet: String,
    pub locale: String,
    pub sentences: usize,
    pub words: usize,
    pub average_sentence_words: f64,
    pub longest_sentence_words: usize,
    /// Share of sentences over [`LONG_SENTENCE_WORDS`] words.
    pub long_sentence_share: f64,
    /// Share of words over [`LONG_WORD_LETTERS`] letters.
    pub long_word_share: f64,
    /// `None` where hypher has no hyphenation patterns for the language.
    pub syllables_per_word: Option<f64>,
    /// The index that fits the language, and its score.
    pub index: Index,
    pub score: f64,
    /// LIX, for every language: comparable across languages, though only checked where it is
    /// the index.
    pub lix: f64,
    /// The longest sentence itself, to quote in a warning.
    #[serde(skip)]
    pub longest_sentence: String,
}

/// Counts gathered over a document's texts.
#[derive(Default)]
struct Tally {
    sentences: usize,
    words: usize,
    long_sentences: usize,
    long_words: usize,
    syllables: usize,
    longest: usize,
    longest_sentence: String,
}

/// Syllables by word, per locale: texts use the same words again and again, within a leaflet
/// and across the leaflets of a site. Each thread of [`super::measure_all`] has its own.
#[derive(Default)]
pub struct Syllables(HashMap<String, HashMap<String, usize>>);

#[cfg(test)]
fn measure(doc: &Document) -> Option<Figures> {
    measure_with(doc, &mut Syllables::default())
}

/// Measures one Document; `None` when it has no running text in its own language. The
/// syllables of words seen before are taken from `known`.
pub fn measure_with(doc: &Document, known: &mut Syllables) -> Option<Figures> {
    let hyphenation = hyphenation_lang(&doc.locale);
    let mut tally = Tally::default();
    let syllables = known.0.entry(doc.locale.clone()).or_default();
    let plains: Vec<_> = running_texts(doc).map(Text::plain).collect();
    for plain in &plains {
        for sentence in plain.unicode_sentences() {
            let words: Vec<&str> = sentence
                .unicode_words()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .collect();
            if words.is_empty() {
                continue;
            }
            tally.sentences += 1;
            tally.words += words.len();
            if words.len() > LONG_SENTENCE_WORDS {
                tally.long_sentences += 1;
            }
            if words.len() > tally.longest {
                tally.longest = words.len();
                tally.longest_sentence = sentence.trim().to_string();
            }
            for word in words {
                if word.chars().filter(|c| c.is_alphabetic()).count() > LONG_WORD_LETTERS {
                    tally.long_words += 1;
                }
                if let Some(lang) = hyphenation {
                    tally.syllables += match syllables.get(word) {
                        Some(count) => *count,
                        None => {
                            let count = hypher::hyphenate(word, lang).count();
                            syllables.insert(word.to_string(), count);
                            count
                        }
                    };
                }
            }
        }
    }
    if tally.sentences == 0 {
        return None;
    }
    let words = tally.words as f64;
    let words_per_sentence = words / tally.sentences as f64;
    let syllables_per_word = hyphenation.map(|_| tally.syllables as f64 / words);
    let lix = words_per_sentence + 100.0 * tally.long_words as f64 / words;
    let index = Index::for_locale(&doc.locale);
    let score = match (index, syllables_per_word) {
        (Index::FleschDouma, Some(spw)) => {
            206.84 - 0.77 * (100.0 * spw) - 0.93 * words_per_sentence
        }
        (Index::Flesch, Some(spw)) => 206.835 - 1.015 * words_per_sentence - 84.6 * spw,
        _ => lix,
    };
    Some(Figures {
        leaflet: doc.id.clone(),
        locale: doc.locale.clone(),
        sentences: tally.sentences,
        words: tally.words,
        average_sentence_words: round(words_per_sentence, 1),
        longest_sentence_words: tally.longest,
        long_sentence_share: round(tally.long_sentences as f64 / tally.sentences as f64, 3),
        long_word_share: round(tally.long_words as f64 / words, 3),
        syllables_per_word: syllables_per_word.map(|s| round(s, 2)),
        index,
        score: round(score, 1),
        lix: round(lix, 1),
        longest_sentence: tally.longest_sentence,
    })
}

/// The texts a patient reads as sentences, in the page's own language.
fn running_texts(doc: &Document) -> impl Iterator<Item = &Text> {
    doc.blocks
        .iter()
        .flat_map(|block| -> Vec<&Text> {
            match block {
                Block::Paragraph { text } => vec![text],
                Block::List { items } | Block::Steps { items } => items.iter().collect(),
                Block::Callout { text, items, .. } => text.iter().chain(items).collect(),
                Block::Heading { .. }
                | Block::ContactCard(_)
                | Block::Image(_)
                | Block::Table(_) => Vec::new(),
            }
        })
        .filter(|text| text.lang.is_none())
}

/// hypher's patterns for a locale (`pt-br` → Portuguese), if it has them.
fn hyphenation_lang(locale: &str) -> Option<hypher::Lang> {
    let code: [u8; 2] = primary_language(locale).as_bytes().try_into().ok()?;
    hypher::Lang::from_iso(code)
}

fn primary_language(locale: &str) -> &str {
    locale.split(['-', '_']).next().unwrap_or(locale)
}

fn round(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    (value * factor).round() / factor
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Direction, Span};

    fn text(plain: &str) -> Text {
        Text::from_spans(vec![Span::plain(plain.into())])
    }

    fn doc(locale: &str, paragraphs: &[&str]) -> Document {
        let t = text("x");
        Document {
            id: "x".into(),
            locale: locale.into(),
            dir: Direction::Ltr,
            script: "Latn".into(),
            title: t.clone(),
            summary: t.clone(),
            department: t,
            organization: String::new(),
            logo: None,
            web_url: None,
            code: String::new(),
            version: 1,
            reviewed: String::new(),
            review_by: String::new(),
            reviewed_text: String::new(),
            review_by_text: String::new(),
            blocks: paragraphs
                .iter()
                .map(|p| Block::Paragraph { text: text(p) })
                .collect(),
            labels: Default::default(),
            under_review: false,
            unreviewed_translation: false,
            sources: Vec::new(),
            feedback: None,
            contents: None,
            series: None,
            questions_box: false,
        }
    }

    #[test]
    fn sentences_words_and_numbers() {
        let d = doc(
            "nl",
            &["Bel ons op 050 361 48 86. Wij zijn er van 08:30 tot 16:30 uur, bijv. op maandag."],
        );
        let f = measure(&d).unwrap();
        assert_eq!(f.sentences, 2, "{f:?}");
        // "Bel ons op" and "Wij zijn er van tot uur bijv op maandag": numbers are not words.
        assert_eq!(f.words, 3 + 9, "{f:?}");
        assert_eq!(f.index, Index::FleschDouma);
        assert!(f.syllables_per_word.is_some());
    }

    #[test]
    fn english_uses_flesch_and_arabic_lix_without_syllables() {
        let en = measure(&doc("en", &["The cat sat on the mat."])).unwrap();
        assert_eq!(en.index, Index::Flesch);
        assert!(en.score > 90.0, "{en:?}");
        let ar = measure(&doc("ar", &["اتصل بنا إذا كان لديك نزيف."])).unwrap();
        assert_eq!(ar.index, Index::Lix);
        assert_eq!(ar.syllables_per_word, None);
        assert_eq!(ar.score, ar.lix);
    }

    #[test]
    fn fallback_text_and_headings_are_not_measured() {
        let mut d = doc("en", &[]);
        let mut dutch = text("Dit is Nederlands.");
        dutch.lang = Some("nl".into());
        d.blocks = vec![
            Block::Heading {
                level: 2,
                text: text("A heading"),
                anchor: "section-a-heading".into(),
                number: None,
            },
            Block::Paragraph { text: dutch },
        ];
        assert_eq!(measure(&d), None);
    }
}
