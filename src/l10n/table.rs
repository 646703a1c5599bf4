//! A table in one language: every cell formatted like any other message, and which columns hold
//! only numbers, so the renderers can align those to the end with figures of equal width.

use crate::diag::Diagnostics;
use crate::document::{Table, Text};
use crate::resolve::{MessageRef, ResolvedTable};

use super::message::Formatter;

pub(super) fn localize_table(
    f: &mut Formatter<'_>,
    table: &ResolvedTable,
    diags: &mut Diagnostics,
) -> Option<Table> {
    // Every cell is formatted, even after a failure, so one run reports all of them.
    let mut all = |messages: &[MessageRef]| -> Option<Vec<Text>> {
        let texts: Vec<Option<Text>> = messages.iter().map(|m| f.format(m, diags)).collect();
        texts.into_iter().collect()
    };
    let caption = all(std::slice::from_ref(&table.caption));
    let header = all(&table.header);
    let rows: Vec<Option<Vec<Text>>> = table.rows.iter().map(|row| all(row)).collect();
    let rows: Vec<Vec<Text>> = rows.into_iter().collect::<Option<_>>()?;
    let header = header?;
    let numeric = (0..header.len())
        .map(|column| {
            rows.iter()
                .all(|row| row.get(column).is_some_and(is_number))
        })
        .collect();
    Some(Table {
        caption: caption?.pop()?,
        header,
        rows,
        numeric,
    })
}

/// Whether a cell says a number and nothing else: digits of any script with their separators,
/// a sign, a percentage, a range ("2–3"), or a time of day as `TIME()` writes it, with its
/// day period where the language has one ("8:30 PM", "٨:٣٠ م").
fn is_number(text: &Text) -> bool {
    if !text.spans.is_empty() && text.spans.iter().all(|s| s.datetime.is_some()) {
        return true;
    }
    let plain = text.plain();
    let mut words: Vec<&str> = plain.split_whitespace().collect();
    let numeric = |word: &str| word.chars().all(|c| c.is_numeric() || is_number_mark(c));
    let is_time = |word: &str| {
        numeric(word) && {
            let mut parts = word.split(':');
            parts
                .next()
                .is_some_and(|h| h.chars().any(char::is_numeric))
                && parts
                    .next()
                    .is_some_and(|m| m.chars().any(char::is_numeric))
        }
    };
    let day_period = |word: &str| {
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        (1..=4).contains(&letters) && word.chars().all(|c| c.is_alphabetic() || c == '.')
    };
    // "8:30 PM": the day period after a time, as the language writes it.
    if let [.., time, period] = words[..]
        && is_time(time)
        && day_period(period)
    {
        words.pop();
    }
    words.iter().any(|w| w.chars().any(char::is_numeric)) && words.iter().all(|w| numeric(w))
}

/// Separators, signs and the invisible direction marks that may sit between a number's digits.
fn is_number_mark(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ':' | '/' | '-' | '–' | '−' | '+' | '±' | '%' | '‰' | '<' | '>' | '≤' | '≥'
            | '\'' | '’' | '\u{066b}' | '\u{066c}' | '\u{066a}' // Arabic decimal, thousands, percent
            | '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{2066}'..='\u{2069}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;

    fn text(s: &str) -> Text {
        Text::from_spans(vec![Span::plain(s.into())])
    }

    #[test]
    fn numbers_in_any_script_with_their_separators() {
        for number in [
            "3", "12", "2,5", "1.000", "08:30", "30%", "%50", "2–3", "٣", "١٢٫٥", "< 5",
        ] {
            assert!(is_number(&text(number)), "{number}");
        }
        for words in ["dag 3", "1 week", "3 maanden", "", "–", "twee", "500 mg"] {
            assert!(!is_number(&text(words)), "{words}");
        }
    }

    #[test]
    fn a_time_of_day_is_a_number_with_its_day_period() {
        for time in ["8:30\u{202f}AM", "8:30 p.m.", "٨:٣٠ م", "20:30"] {
            assert!(is_number(&text(time)), "{time}");
        }
        for words in ["8:30 uur en later", "3 dagen", "om 8:30"] {
            assert!(!is_number(&text(words)), "{words}");
        }
        let mut marked = text("8 h 30");
        marked.spans[0].datetime = Some("08:30".into());
        assert!(is_number(&marked));
    }
}
