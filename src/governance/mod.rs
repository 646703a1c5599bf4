//! Governance: what the communications team needs to keep the leaflets trustworthy, beyond
//! "does it build".
//!
//! Receives plain values from the stages below: the localized [`Document`]s, the resolved
//! leaflets and site, the parsed Fluent files and the translation status. Measures plain
//! language ([`readability`]: sentence and word lengths and the index that fits each language),
//! finds words the site wants avoided ([`avoid`]), and assembles the team's report
//! ([`report`]: owner, version, review dates with days left, languages and their state,
//! readability, and where every shared block and contact is used). Figures above the site's
//! limits become warnings, never errors: a long sentence can be right, a wrong dose never is.
//! Nothing here renders or prints; `render` makes the team page, `cmd` the table and JSON.

pub mod avoid;
pub mod readability;
pub mod report;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::document::Document;
use crate::paths;
use crate::resolve::ReadabilityLimits;

pub use avoid::check_avoided_words;
pub use readability::{Figures, Index};
pub use report::{GovernanceReport, NumbersDiffer, ReportInput, governance_report, render_table};

/// The figures of every Document that has running text in its own language, in the order of
/// the Documents.
pub fn measure_all(documents: &[Document]) -> Vec<Figures> {
    use rayon::prelude::*;
    // In the documents' order, whichever thread measures which.
    documents
        .par_iter()
        .map_init(readability::Syllables::default, |known, doc| {
            readability::measure_with(doc, known)
        })
        .flatten()
        .collect()
}

/// What in `f` is beyond `limits`, in words ("sentences of 17.2 words on average (at most
/// 15)"); empty when the leaflet is within them.
pub fn beyond_limits(f: &Figures, limits: &ReadabilityLimits) -> Vec<String> {
    let mut over = Vec::new();
    if f.average_sentence_words > limits.max_average_sentence_words {
        over.push(format!(
            "sentences of {} words on average (at most {})",
            f.average_sentence_words, limits.max_average_sentence_words
        ));
    }
    if f.long_sentence_share > limits.max_long_sentence_share {
        over.push(format!(
            "{} of the sentences over {} words (at most {})",
            percent(f.long_sentence_share),
            readability::LONG_SENTENCE_WORDS,
            percent(limits.max_long_sentence_share)
        ));
    }
    let index_limit = match f.index {
        Index::FleschDouma if f.score < limits.min_douma => {
            Some(format!("at least {}", limits.min_douma))
        }
        Index::Flesch if f.score < limits.min_flesch => {
            Some(format!("at least {}", limits.min_flesch))
        }
        Index::Lix if f.score > limits.max_lix => Some(format!("at most {}", limits.max_lix)),
        _ => None,
    };
    if let Some(limit) = index_limit {
        over.push(format!("{} {} ({limit})", f.index.name(), f.score));
    }
    over
}

/// A warning for every leaflet × language whose figures are beyond `limits`, at the leaflet's
/// Fluent file of that language, quoting its longest sentence.
pub fn check_readability(figures: &[Figures], limits: &ReadabilityLimits, diags: &mut Diagnostics) {
    for f in figures {
        let over = beyond_limits(f, limits);
        if over.is_empty() {
            continue;
        }
        let file = paths::ftl_path(&f.locale, &f.leaflet);
        diags.push(
            Diagnostic::warning(format!(
                "leaflet \"{}\" is hard to read in {}: {}",
                f.leaflet,
                f.locale,
                over.join("; ")
            ))
            .at(Location::file_start(file))
            .note(format!(
                "longest sentence ({} words): {}",
                f.longest_sentence_words, f.longest_sentence
            ))
            .hint(
                "write short sentences (one message per point, about 10 to 15 words a sentence) and everyday words; the limits are `checks: readability:` in site.yaml",
            ),
        );
    }
}

/// "25 %": shares as the team reads them.
pub fn percent(share: f64) -> String {
    format!("{} %", (share * 100.0).round())
}
