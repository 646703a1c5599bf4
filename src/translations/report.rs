//! What translators are told on every run: translations not shown because they are not
//! confirmed (never, or against an older source, with the source then and now), and shown
//! translations whose numbers differ from their source's.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::{Standing, Translations, display_text};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::ftl::{Resources, messages};
use crate::paths;

/// Warnings per locale file for translations not shown because they are not confirmed against
/// the current source: those never confirmed ("written, not yet confirmed") apart from those
/// whose source changed since, each of these with the old and the new source text.
pub fn report_stale(
    translations: &Translations,
    resources: &Resources,
    locales: &[String],
    shown: bool,
    broken: &BTreeSet<PathBuf>,
    diags: &mut Diagnostics,
) {
    let default = &translations.default_locale;
    let consequence = if shown {
        "shown anyway (translations.stale: show)".to_string()
    } else {
        format!("shown in {default} until confirmed")
    };
    for locale in locales {
        for (key, ids) in translations.stale(locale) {
            let file = paths::ftl_path(locale, key);
            let of = |wanted: fn(&Standing) -> bool| -> Vec<&String> {
                ids.iter()
                    .filter(|id| wanted(&translations.standing(locale, key, id)))
                    .collect()
            };
            let unconfirmed = of(|s| *s == Standing::Unconfirmed);
            let edited = of(|s| *s == Standing::Edited);
            let changed = of(|s| matches!(s, Standing::Changed { .. }));
            let at = |ids: &[&String]| {
                ids.first()
                    .and_then(|id| resources.definition(locale, std::slice::from_ref(key), id))
                    .unwrap_or_else(|| Location::file_start(&file))
            };
            // A few messages by name; more than that, the file as a whole (a command one
            // can read before running it).
            let command = |ids: &[&String]| {
                if ids.len() > 3 {
                    format!("leaflet translations confirm {locale} {key}")
                } else {
                    format!(
                        "leaflet translations confirm {locale} {}",
                        ids.iter()
                            .map(|id| format!("{key}:{id}"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    )
                }
            };
            let list = |ids: &[&String]| {
                ids.iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if !unconfirmed.is_empty() {
                diags.push(
                    Diagnostic::warning(format!(
                        "{} {} in {locale} {} written but not yet confirmed against the {default} text; {consequence}: {}",
                        unconfirmed.len(),
                        if unconfirmed.len() == 1 { "translation" } else { "translations" },
                        if unconfirmed.len() == 1 { "is" } else { "are" },
                        list(&unconfirmed)
                    ))
                    .at(at(&unconfirmed))
                    .hint(format!(
                        "once someone has checked each against the {default} text, run: {}",
                        command(&unconfirmed)
                    )),
                );
            }
            if !edited.is_empty() {
                diags.push(
                    Diagnostic::warning(format!(
                        "{} {} in {locale} {} edited after {} confirmed; shown in {default} until confirmed again: {}",
                        edited.len(),
                        if edited.len() == 1 { "translation" } else { "translations" },
                        if edited.len() == 1 { "was" } else { "were" },
                        if edited.len() == 1 { "it was" } else { "they were" },
                        list(&edited)
                    ))
                    .at(at(&edited))
                    .hint(format!(
                        "once someone has checked the new wording against the {default} text, run: {}",
                        command(&edited)
                    )),
                );
            }
            // A source file with a syntax error reads as changed text: its error is the news,
            // not "update each translation".
            if !changed.is_empty() && !broken.contains(&paths::ftl_path(default, key)) {
                let mut d = Diagnostic::warning(format!(
                    "{} {} in {locale} may be out of date: the {default} text changed since {} confirmed; {consequence}: {}",
                    changed.len(),
                    if changed.len() == 1 { "translation" } else { "translations" },
                    if changed.len() == 1 { "it was" } else { "they were" },
                    list(&changed)
                ))
                .at(at(&changed))
                .hint(format!(
                    "update each translation to the new {default} text, then run: {}",
                    command(&changed)
                ));
                for id in &changed {
                    let now = translations
                        .source_texts
                        .get(key)
                        .and_then(|t| t.get(*id))
                        .map_or("", String::as_str);
                    d = d.note(match translations.standing(locale, key, id) {
                        Standing::Changed { was: Some(was) } => {
                            format!("{id}: {default} changed: \"{}\"", changed_words(was, now))
                        }
                        _ => format!(
                            "{id}: {default} is now \"{now}\" (its text before is not recorded by this lock file's version)"
                        ),
                    });
                }
                diags.push(d);
            }
        }
    }
}

/// What changed between two versions of a source text, as a translator reads it: the words
/// that changed in brackets (`[old → new]`, `[+ added]`, `[− removed]`) with a few words
/// around each, the rest left out ("…"). A short text is shown whole. Words are what spaces
/// separate (so a `{ $variable }` or a link changes as a whole word), changes with only spaces
/// or punctuation between them are one change, and punctuation both ends share stays outside
/// the brackets ("08:30." to "09:00." is `[08:30 → 09:00].`).
pub fn changed_words(was: &str, now: &str) -> String {
    use similar::{ChangeTag, TextDiff};
    /// Words kept on each side of a change, and the length of a text shown whole.
    const AROUND: usize = 4;
    const WHOLE: usize = 16;
    enum Piece<'a> {
        Same(Vec<&'a str>),
        Changed(String, String),
    }
    let diff = TextDiff::from_words(was, now);
    let mut pieces: Vec<Piece> = Vec::new();
    for change in diff.iter_all_changes() {
        let token = change.value();
        match (change.tag(), pieces.last_mut()) {
            (ChangeTag::Equal, Some(Piece::Same(tokens))) => tokens.push(token),
            (ChangeTag::Equal, _) => pieces.push(Piece::Same(vec![token])),
            (tag, last) => {
                if !matches!(last, Some(Piece::Changed(..))) {
                    pieces.push(Piece::Changed(String::new(), String::new()));
                }
                if let Some(Piece::Changed(old, new)) = pieces.last_mut() {
                    match tag {
                        ChangeTag::Delete => old.push_str(token),
                        _ => new.push_str(token),
                    }
                }
            }
        }
    }
    // Only spaces or punctuation between two changes: one change.
    let mut merged: Vec<Piece> = Vec::new();
    for piece in pieces {
        match (piece, merged.as_mut_slice()) {
            (Piece::Changed(old, new), [.., Piece::Changed(o, n), Piece::Same(between)])
                if !between.iter().any(|t| t.chars().any(char::is_alphanumeric)) =>
            {
                let between = between.concat();
                o.push_str(&between);
                o.push_str(&old);
                n.push_str(&between);
                n.push_str(&new);
                merged.pop();
            }
            (piece, _) => merged.push(piece),
        }
    }
    // A change that opens or closes a bracket of a link or a `{ $variable }` without the other
    // takes the words beside it until it has both: `[[de site](x) → [de site](y)]`, not
    // `[de [site](x) → site](y)]`.
    // Which way a text's brackets are open: a closing one without its opening (the words
    // before complete it), or the other way round.
    let open = |t: &str| {
        let pairs = [('[', ']'), ('(', ')'), ('{', '}')];
        let count = |c: char| t.matches(c).count();
        (
            pairs.iter().any(|(o, c)| count(*c) > count(*o)),
            pairs.iter().any(|(o, c)| count(*o) > count(*c)),
        )
    };
    for i in 0..merged.len() {
        for _ in 0..8 {
            let Piece::Changed(old, new) = &merged[i] else {
                break;
            };
            let ((old_left, old_right), (new_left, new_right)) = (open(old), open(new));
            let (left, right) = (old_left || new_left, old_right || new_right);
            if !left && !right {
                break;
            }
            let before = match i.checked_sub(1).map(|j| &mut merged[j]) {
                Some(Piece::Same(tokens)) if left => tokens.pop(),
                _ => None,
            };
            let after = match merged.get_mut(i + 1) {
                Some(Piece::Same(tokens)) if right && before.is_none() && !tokens.is_empty() => {
                    Some(tokens.remove(0))
                }
                _ => None,
            };
            let Piece::Changed(old, new) = &mut merged[i] else {
                break;
            };
            match (before, after) {
                (Some(token), _) => {
                    old.insert_str(0, token);
                    new.insert_str(0, token);
                }
                (_, Some(token)) => {
                    old.push_str(token);
                    new.push_str(token);
                }
                _ => break,
            }
        }
    }
    let words = |tokens: &[&str]| tokens.iter().filter(|t| is_word(t)).count();
    let whole = words(diff.old_slices()).max(words(diff.new_slices())) <= WHOLE;
    let last = merged.len().saturating_sub(1);
    let mut out = String::new();
    for (i, piece) in merged.iter().enumerate() {
        match piece {
            // Only spaces changed (a text wrapped anew): nothing to show but a space.
            Piece::Changed(old, new) if old.trim().is_empty() && new.trim().is_empty() => {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            Piece::Changed(old, new) => {
                // The spaces at either end of a change stay outside its brackets.
                let space = |at: fn(&str) -> Option<char>| {
                    [old, new]
                        .iter()
                        .any(|t| at(t).is_some_and(char::is_whitespace))
                };
                if space(|t| t.chars().next()) && !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
                let (head, old, new, tail) = shared_punctuation(old.trim(), new.trim());
                let (old, new) = match whole {
                    true => (old.into(), new.into()),
                    false => (shortened(old), shortened(new)),
                };
                out.push_str(head);
                out.push_str(&match (old.is_empty(), new.is_empty()) {
                    (true, _) => format!("[+ {new}]"),
                    (_, true) => format!("[− {old}]"),
                    _ => format!("[{old} → {new}]"),
                });
                out.push_str(tail);
                let next_space = match merged.get(i + 1) {
                    Some(Piece::Same(tokens)) => tokens
                        .first()
                        .is_some_and(|t| t.starts_with(char::is_whitespace)),
                    _ => true,
                };
                if space(|t| t.chars().last()) && !next_space {
                    out.push(' ');
                }
            }
            Piece::Same(tokens) => {
                let kept = |tokens: &[&str]| tokens.concat();
                // The token index after the first `n` words, and before the last `n`.
                let words_at = |t: &(usize, &&str)| is_word(t.1);
                let after = |n: usize| {
                    let mut found = tokens.iter().enumerate().filter(words_at);
                    found.nth(n).map_or(tokens.len(), |(i, _)| i)
                };
                let before = |n: usize| {
                    let mut found = tokens.iter().enumerate().rev().filter(words_at);
                    found.nth(n).map_or(0, |(i, _)| i + 1)
                };
                let text = if whole || words(tokens) <= 2 * AROUND {
                    kept(tokens)
                } else if i == 0 {
                    format!("… {}", kept(&tokens[before(AROUND)..]).trim_start())
                } else if i == last {
                    format!("{} …", kept(&tokens[..after(AROUND)]).trim_end())
                } else {
                    format!(
                        "{} … {}",
                        kept(&tokens[..after(AROUND)]).trim_end(),
                        kept(&tokens[before(AROUND)..]).trim_start()
                    )
                };
                out.push_str(&text);
            }
        }
    }
    out
}

/// Whether a token between spaces is a word (has a letter or digit): a `{`, `}` or dash alone
/// is not, when words are counted.
fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// The words of one side of a change, their middle left out when they are many: a rewritten
/// paragraph shows how it begins and ends, not all of it. Words are counted as in
/// [`changed_words`] (a `{`, `}` or dash alone is not one), and the cut never falls inside a
/// link or a `{ $variable }`: the part kept at each end is widened until its brackets close.
fn shortened(text: &str) -> std::borrow::Cow<'_, str> {
    const MOST: usize = 16;
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tokens.iter().filter(|t| is_word(t)).count() <= MOST {
        return text.into();
    }
    // How far brackets are open (opening minus closing) over some tokens.
    let depth = |tokens: &[&str]| -> i64 {
        tokens
            .iter()
            .flat_map(|t| t.chars())
            .map(|c| match c {
                '[' | '(' | '{' => 1,
                ']' | ')' | '}' => -1,
                _ => 0,
            })
            .sum()
    };
    // The first MOST / 2 words, and the last MOST / 4, as token counts.
    let words_from = |tokens: &mut dyn Iterator<Item = &&str>, n: usize| {
        let mut seen = 0;
        tokens
            .take_while(|t| {
                seen += usize::from(is_word(t));
                seen <= n
            })
            .count()
    };
    let mut head = words_from(&mut tokens.iter(), MOST / 2);
    while head < tokens.len() && depth(&tokens[..head]) > 0 {
        head += 1;
    }
    let mut tail = tokens.len() - words_from(&mut tokens.iter().rev(), MOST / 4);
    while tail > 0 && depth(&tokens[tail..]) < 0 {
        tail -= 1;
    }
    if head >= tail {
        return text.into();
    }
    format!(
        "{} … {}",
        tokens[..head].join(" "),
        tokens[tail..].join(" ")
    )
    .into()
}

/// Sentence punctuation that both sides of a change end with, taken out of it: (before, old,
/// new, after). Nothing is taken when a side is empty or would become so.
fn shared_punctuation<'a>(old: &'a str, new: &'a str) -> (&'a str, &'a str, &'a str, &'a str) {
    let punctuation = |c: char| ".,;:!?…".contains(c);
    let head = 0;
    let tail: usize = old[head..]
        .chars()
        .rev()
        .zip(new[head..].chars().rev())
        .take_while(|(a, b)| a == b && punctuation(*a))
        .map(|(a, _)| a.len_utf8())
        .sum();
    if old.is_empty() || new.is_empty() || head + tail >= old.len().min(new.len()) {
        return ("", old, new, "");
    }
    (
        &old[..head],
        &old[head..old.len() - tail],
        &new[head..new.len() - tail],
        &old[old.len() - tail..],
    )
}

/// Errors for every translation that patients see, or that was edited after its confirmation,
/// whose numbers or variables differ from its source: a dose, a time, a percentage, a phone
/// number variable. Other translations not yet shown (stale) are caught when they are confirmed.
pub fn check_numbers(
    translations: &Translations,
    resources: &Resources,
    locales: &[String],
    show_stale: bool,
    diags: &mut Diagnostics,
) {
    let default = &translations.default_locale;
    for locale in locales.iter().filter(|l| *l != default) {
        for (key, ids) in translations.present.get(locale).into_iter().flatten() {
            for id in ids {
                let standing = translations.standing(locale, key, id);
                let checked = match standing {
                    Standing::Confirmed(c) => c
                        .numbers_differ(translations.message_fingerprint(locale, key, id))
                        .is_none(),
                    // Edited after its confirmation: a number changed by that edit is a
                    // mistake to report now, not only when someone confirms it again.
                    Standing::Edited => true,
                    _ => show_stale,
                };
                if !checked {
                    continue;
                }
                let mut found = translations.fact_differences(locale, key, id);
                // A variable the source does not have is already an error of the consistency
                // check (with "did you mean"); one typo gives one error, not two.
                if found
                    .iter()
                    .any(|f| f.starts_with("the translation adds $"))
                {
                    found.retain(|f| !f.contains(" $"));
                }
                if found.is_empty() {
                    continue;
                }
                let keys = [key.clone()];
                let translation = resources
                    .get(locale, key)
                    .and_then(|r| messages(r).find(|m| m.id.name == id))
                    .map(display_text)
                    .unwrap_or_default();
                let source = translations
                    .source_texts
                    .get(key)
                    .and_then(|t| t.get(id))
                    .map_or("", String::as_str);
                diags.push(
                    Diagnostic::error(format!(
                        "the {locale} translation of \"{id}\" does not say the same numbers as the {default} text: {}",
                        found.join("; ")
                    ))
                    .at_opt(resources.definition(locale, &keys, id))
                    .note(format!("{default}: {source}"))
                    .note(format!("{locale}: {translation}"))
                    .hint(format!(
                        "correct the translation; if the numbers really may differ (a dose written as a word), confirm it with: leaflet translations confirm {locale} {key}:{id} --numbers-differ \"<why>\""
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::changed_words;

    #[test]
    fn a_short_text_is_shown_whole_with_the_change_in_brackets() {
        assert_eq!(
            changed_words(
                "Neem 2 tabletten van 500 mg om 08:30.",
                "Neem 2 tabletten van 500 mg om 09:00."
            ),
            "Neem 2 tabletten van 500 mg om [08:30 → 09:00]."
        );
        assert_eq!(
            changed_words("U komt langs.", "U komt morgen langs."),
            "U komt [+ morgen] langs."
        );
        assert_eq!(
            changed_words("U komt morgen langs.", "U komt langs."),
            "U komt [− morgen] langs."
        );
        assert_eq!(
            changed_words("U komt  morgen langs.", "U komt morgen\nlangs."),
            "U komt morgen langs."
        );
        assert_eq!(
            changed_words(
                "Sacrale neuromodulatie bij darmklachten",
                "Sacrale neuromodulatie bij klachten van de darm"
            ),
            "Sacrale neuromodulatie bij [darmklachten → klachten van de darm]"
        );
    }

    #[test]
    fn a_variable_or_a_link_changes_as_a_whole() {
        assert_eq!(
            changed_words(
                "u koorts heeft en uw { $wound } rood is",
                "u koorts heeft en uw { $wond } rood is"
            ),
            "u koorts heeft en uw { [$wound → $wond] } rood is"
        );
        assert_eq!(
            changed_words(
                "Kijk ook op [de site](https://example.org).",
                "Kijk ook op <leaflet:part-two>."
            ),
            "Kijk ook op [[de site](https://example.org) → <leaflet:part-two>]."
        );
        assert_eq!(
            changed_words(
                "Kijk ook op [de site](https://example.org).",
                "Kijk ook op [de site](../part-two/index.html)."
            ),
            "Kijk ook op [[de site](https://example.org) → [de site](../part-two/index.html)]."
        );
        assert_eq!(
            changed_words(
                "Lees [de folder](leaflet:a) goed.",
                "Lees [het boekje](leaflet:a) goed."
            ),
            "Lees [[de folder](leaflet:a) → [het boekje](leaflet:a)] goed."
        );
    }

    #[test]
    fn a_long_text_keeps_four_words_around_each_change() {
        let was = "een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien zeventien achttien";
        let now = was
            .replace("zeventien", "ZEVENTIEN")
            .replace("een twee", "EEN twee");
        assert_eq!(
            changed_words(was, &now),
            "[een → EEN] twee drie vier vijf … dertien veertien vijftien zestien [zeventien → ZEVENTIEN] achttien"
        );
        let now = format!("{was} negentien");
        assert_eq!(
            changed_words(was, &now),
            "… vijftien zestien zeventien achttien [+ negentien]"
        );
    }

    #[test]
    fn a_long_change_shows_how_it_begins_and_ends() {
        let was = "Kort.";
        let now = "een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien zeventien achttien.";
        assert_eq!(
            changed_words(was, now),
            "[Kort → een twee drie vier vijf zes zeven acht … vijftien zestien zeventien achttien]."
        );
    }

    #[test]
    fn a_change_of_sixteen_words_is_shown_whole_and_a_cut_keeps_brackets_together() {
        // Sixteen words (a `{`, `}` or dash alone is not a word): shown whole.
        let now = "De testperiode: bel { $organization } of – bij spoed, koorts of veel bloed – de huisartsenpost, dag en nacht.";
        assert_eq!(
            changed_words("De testperiode", now),
            "De [testperiode → testperiode: bel { $organization } of – bij spoed, koorts of veel bloed – de huisartsenpost, dag en nacht.]"
        );
        // Longer: the cut is outside the variable and the link.
        let now = "Bel { $phone } of – bij spoed, koorts of veel bloed – { $emergency }, dag en nacht, ook in het weekend en op feestdagen, zegt [de site](https://x.nl).";
        let note = changed_words("Bel ons.", now);
        assert_eq!(
            note,
            "Bel [ons → { $phone } of – bij spoed, koorts of veel bloed – { $emergency }, … feestdagen, zegt [de site](https://x.nl)]."
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Whatever the two texts (brackets, variables, characters of several bytes), the note
        /// is made; two texts that differ only in their spaces show no change.
        #[test]
        fn changed_words_never_panics(
            was in "[a-z{}\\[\\]() $.,é٨-]{0,60}",
            now in "[a-z{}\\[\\]() $.,é٨-]{0,60}",
        ) {
            let note = changed_words(&was, &now);
            // Texts that differ only in their spaces show no change at all.
            let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
            if words(&was) == words(&now) {
                proptest::prop_assert!(
                    !note.contains(" → ") && !note.contains("[+ ") && !note.contains("[− "),
                    "{note}"
                );
            }
        }
    }
}
