//! Passages written more than once: in two leaflets, in a leaflet and a shared block, or twice
//! in one leaflet (the seed leaflets print whole sections twice). Each message of the default
//! language is a passage; passages are compared by `similarity` (Jaccard of word shingles), and
//! alike passages form groups (transitively: A like B and B like C puts all three together).
//! Groups whose places follow each other in every file — a whole section repeated — are joined
//! into one group of several messages per place, so the report names the section once. Each
//! group gets a suggested name for the shared block that would replace it: the slug of its
//! first message id without the item numbers.
//!
//! Used by `leaflet duplicates` (over the project) and by `leaflet import` (over the draft,
//! before anything is written).

use std::collections::BTreeMap;

use serde::Serialize;

use super::similarity::{pairs_above, shingles, words};

/// Passages with fewer words are not compared: "Hoe werkt het?" is in every leaflet and says
/// nothing about duplicated content.
pub const MIN_WORDS: usize = 5;

/// One passage: a message (or a paragraph of an imported file).
#[derive(Debug, Clone)]
pub struct Passage {
    /// The file it is in, as shown to the user.
    pub file: String,
    pub line: usize,
    /// Whose it is: `leaflet <id>`, `shared block <name>`, or the imported file.
    pub owner: String,
    /// The message id (empty for an imported paragraph).
    pub id: String,
    pub text: String,
}

/// One place of a group: consecutive passages of one file.
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub owner: String,
    /// How many passages in a row.
    pub count: usize,
    pub messages: Vec<String>,
}

/// Passages that say (nearly) the same, at two or more places.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub suggested_block: String,
    /// The lowest similarity between two alike passages of the group (0 to 1).
    pub similarity: f64,
    pub places: Vec<Place>,
    /// The start of the first passage.
    pub excerpt: String,
}

/// Groups of passages at least `threshold` alike, in the order of their first place.
pub fn find(passages: &[Passage], threshold: f64) -> Vec<Group> {
    let eligible: Vec<usize> = (0..passages.len())
        .filter(|&i| words(&passages[i].text).len() >= MIN_WORDS)
        .collect();
    let sets: Vec<_> = eligible
        .iter()
        .map(|&i| shingles(&passages[i].text))
        .collect();
    let pairs = pairs_above(&sets, threshold);
    // Union-find over the eligible passages.
    let mut parent: Vec<usize> = (0..eligible.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut lowest: BTreeMap<usize, f64> = BTreeMap::new();
    for &(a, b, s) in &pairs {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent[rb] = ra;
        }
        let low = lowest
            .remove(&rb)
            .into_iter()
            .chain(lowest.remove(&ra))
            .fold(s, f64::min);
        lowest.insert(ra, low);
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, &passage) in eligible.iter().enumerate() {
        let r = root(&mut parent, k);
        members.entry(r).or_default().push(passage);
    }
    // Groups of passage indexes (in passage order), with their lowest similarity.
    let mut groups: Vec<(Vec<Vec<usize>>, f64)> = members
        .into_iter()
        .filter(|(_, m)| m.len() > 1)
        .map(|(r, m)| {
            let low = lowest.get(&r).copied().unwrap_or(1.0);
            (m.into_iter().map(|i| vec![i]).collect(), low)
        })
        .collect();
    groups.sort_by_key(|(places, _)| places[0][0]);
    // A group whose every place follows a place of the group before (with only short
    // passages between, such as "Call us if:") continues that section; a heading (a `…-title`
    // message) ends it, since a shared block is a section.
    let short = |i: usize| {
        words(&passages[i].text).len() < MIN_WORDS && !passages[i].id.ends_with("-title")
    };
    let mut joined: Vec<(Vec<Vec<usize>>, f64)> = Vec::new();
    for (places, low) in groups {
        if let Some((previous, previous_low)) = joined.last_mut()
            && previous.len() == places.len()
            && previous.iter().zip(&places).all(|(run, next)| {
                let last = *run.last().expect("a run has a passage");
                next[0] > last
                    && passages[next[0]].file == passages[last].file
                    && (last + 1..next[0]).all(short)
            })
        {
            for (run, next) in previous.iter_mut().zip(places) {
                run.extend(next);
            }
            *previous_low = previous_low.min(low);
            continue;
        }
        joined.push((places, low));
    }
    joined
        .into_iter()
        .map(|(places, similarity)| {
            let first = &passages[places[0][0]];
            let excerpt: String = first.text.chars().take(80).collect();
            Group {
                suggested_block: suggested_name(passages, &places),
                similarity: (similarity * 100.0).round() / 100.0,
                places: places
                    .iter()
                    .map(|run| {
                        let p = &passages[run[0]];
                        Place {
                            file: p.file.clone(),
                            line: p.line,
                            owner: p.owner.clone(),
                            count: run.len(),
                            messages: run
                                .iter()
                                .map(|&i| passages[i].id.clone())
                                .filter(|id| !id.is_empty())
                                .collect(),
                        }
                    })
                    .collect(),
                excerpt: if first.text.chars().count() > 80 {
                    format!("{}…", excerpt.trim_end())
                } else {
                    excerpt
                },
            }
        })
        .collect()
}

/// A message id without its item, step and paragraph numbers ("risks-item-2" → "risks").
fn stripped(id: &str) -> String {
    let mut parts: Vec<&str> = id.split('-').filter(|p| !p.is_empty()).collect();
    while parts.last().is_some_and(|p| {
        p.chars().all(|c| c.is_ascii_digit()) || ["item", "step", "title"].contains(p)
    }) {
        parts.pop();
    }
    parts.join("-")
}

/// The name of the section heading right before one of the places (its `…-title` message), else
/// the first place's message id without numbers, else the slug of an imported paragraph.
fn suggested_name(passages: &[Passage], places: &[Vec<usize>]) -> String {
    for run in places {
        let i = run[0];
        let name = stripped(&passages[i].id);
        let Some(before) = i.checked_sub(1).map(|b| &passages[b]) else {
            continue;
        };
        if !name.is_empty() && before.id == format!("{name}-title") {
            return name;
        }
        // An imported paragraph under its heading: the heading's words.
        if name.is_empty() && before.id.ends_with("-title") && before.file == passages[i].file {
            return super::plan::slug(&before.text);
        }
    }
    let first = &passages[places[0][0]];
    match stripped(&first.id) {
        name if name.is_empty() => super::plan::slug(&first.text),
        name => name,
    }
}

/// The human table of `groups`.
pub fn table(groups: &[Group]) -> String {
    if groups.is_empty() {
        return "no passage is written twice\n".into();
    }
    let mut out = format!(
        "{} passage{} written more than once:\n",
        groups.len(),
        if groups.len() == 1 { " is" } else { "s are" }
    );
    for (n, group) in groups.iter().enumerate() {
        let messages = group.places[0].count;
        out.push_str(&format!(
            "\n{}. {} alike{}, at {} places — suggested shared block: {}\n",
            n + 1,
            percent(group.similarity),
            if messages > 1 {
                format!(", {messages} texts in a row")
            } else {
                String::new()
            },
            group.places.len(),
            group.suggested_block
        ));
        for place in &group.places {
            let messages = match place.messages.as_slice() {
                [] => String::new(),
                [one] => format!(" {one}"),
                [first, .., last] => format!(" {first} … {last}"),
            };
            out.push_str(&format!(
                "   {}:{}  {}{messages}\n",
                place.file, place.line, place.owner
            ));
        }
        out.push_str(&format!("   \"{}\"\n", group.excerpt));
    }
    out.push_str("\nwrite each once as a shared block (README: \"How to add a shared block\") and `use:` it where it was\n");
    out
}

pub fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(line: usize, id: &str, text: &str) -> Passage {
        Passage {
            file: "a.ftl".into(),
            line,
            owner: "leaflet a".into(),
            id: id.into(),
            text: text.into(),
        }
    }

    #[test]
    fn a_repeated_section_is_one_group() {
        let passages = vec![
            passage(
                1,
                "risks-item-1",
                "wondpijn, hiervoor krijgt u pijnstillers mee",
            ),
            passage(
                2,
                "risks-item-2",
                "nabloeding, meestal gaat het om een bloeduitstorting",
            ),
            passage(3, "other", "iets heel anders dat hier maar een keer staat"),
            passage(
                4,
                "again-item-1",
                "wondpijn. Hiervoor krijgt u pijnstillers mee.",
            ),
            passage(
                5,
                "again-item-2",
                "nabloeding. Meestal gaat het om een bloeduitstorting.",
            ),
        ];
        let groups = find(&passages, 0.7);
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert_eq!(
            groups[0].places[0].messages,
            ["risks-item-1", "risks-item-2"]
        );
        assert_eq!(groups[0].places[1].line, 4);
        assert_eq!(groups[0].suggested_block, "risks");
        assert_eq!(groups[0].similarity, 1.0);
    }
}
