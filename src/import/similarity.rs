//! How alike two passages are: the Jaccard index of their word shingles.
//!
//! A passage is normalised first — letters lower-cased, accents kept, punctuation and white
//! space dropped, Fluent variables kept as words (`$phone`) — and cut into *shingles*: every run
//! of [`SHINGLE_WORDS`] consecutive words (a passage shorter than that is one shingle of all its
//! words). The similarity of two passages is |A ∩ B| / |A ∪ B| over their sets of shingles
//! (Broder, "On the resemblance and containment of documents", 1997): 1 for the same words in the
//! same order, 0 for nothing in common. Three-word shingles make a changed word cost only the
//! shingles around it, so a section copied with a few words edited still scores high, while two
//! texts that merely use the same words in another order score low.
//!
//! Exact sets rather than MinHash sketches: a hospital's catalogue has some thousands of
//! messages, and [`pairs_above`] only compares passages that share a shingle (an inverted
//! index), so exact figures are cheap and nobody has to explain an estimate.

use std::collections::{BTreeMap, BTreeSet};

use unicode_segmentation::UnicodeSegmentation;

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 3;

/// The words of a text as compared: lower case, without punctuation; `{ $phone }` is `$phone`.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut variable = false;
    for word in text.split_word_bounds() {
        if word == "$" {
            variable = true;
            continue;
        }
        if word.chars().any(char::is_alphanumeric) {
            let word = word.to_lowercase();
            out.push(if variable { format!("${word}") } else { word });
        }
        variable = false;
    }
    out
}

/// The text normalised for an exact comparison: its words joined by single spaces.
pub fn normalised(text: &str) -> String {
    words(text).join(" ")
}

/// The shingles of a passage.
pub fn shingles(text: &str) -> BTreeSet<String> {
    let words = words(text);
    if words.len() <= SHINGLE_WORDS {
        return BTreeSet::from([words.join(" ")])
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
    }
    words.windows(SHINGLE_WORDS).map(|w| w.join(" ")).collect()
}

/// |A ∩ B| / |A ∪ B|; 0 when both are empty.
pub fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

/// Every pair (i, j), i < j, of `passages` whose similarity is at least `threshold`, with it.
/// Only passages that share a shingle are compared.
pub fn pairs_above(passages: &[BTreeSet<String>], threshold: f64) -> Vec<(usize, usize, f64)> {
    let mut index: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, set) in passages.iter().enumerate() {
        for shingle in set {
            index.entry(shingle.as_str()).or_default().push(i);
        }
    }
    let mut candidates = BTreeSet::new();
    for holders in index.values() {
        for (k, &i) in holders.iter().enumerate() {
            for &j in &holders[k + 1..] {
                candidates.insert((i, j));
            }
        }
    }
    candidates
        .into_iter()
        .filter_map(|(i, j)| {
            let s = jaccard(&passages[i], &passages[j]);
            (s >= threshold).then_some((i, j, s))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_words_same_order_is_one() {
        let a = shingles("Bel ons als u een ernstige nabloeding heeft.");
        let b = shingles("bel ons, als u een ernstige nabloeding heeft");
        assert_eq!(jaccard(&a, &b), 1.0);
    }

    #[test]
    fn one_word_changed_scores_high_other_order_low() {
        let a = shingles("Na de operatie krijgt u een pijndagboek mee naar huis");
        let edited = shingles("Na de operatie krijgt u een dagboek mee naar huis");
        let shuffled = shingles("huis naar mee pijndagboek een u krijgt operatie de na");
        assert!(jaccard(&a, &edited) > 0.4, "{}", jaccard(&a, &edited));
        assert_eq!(jaccard(&a, &shuffled), 0.0);
    }

    #[test]
    fn variables_are_words() {
        assert_eq!(normalised("Bel { $phone }."), "bel $phone");
    }
}
