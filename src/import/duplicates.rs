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
    /// Every place is in the same leaflet (or file): the fix is to delete a copy, not a
    /// shared block, which is for text several leaflets share.
    pub within_one_leaflet: bool,
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
    for (places, _) in &mut joined {
        with_short_lines(passages, places);
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
                within_one_leaflet: places.iter().all(|run| {
                    let p = &passages[run[0]];
                    let q = &passages[places[0][0]];
                    p.owner == q.owner && p.file == q.file
                }),
            }
        })
        .collect()
}

/// The short lines of a repeated section belong to it: those between its long passages, and
/// those right before and after it that read the same at every place ("Bel ons:", the phone
/// line, "Ma–vr 8–17 uur"), which are too short to be compared on their own. A heading ends
/// the section.
fn with_short_lines(passages: &[Passage], places: &mut [Vec<usize>]) {
    let short = |i: usize| {
        words(&passages[i].text).len() < MIN_WORDS && !passages[i].id.ends_with("-title")
    };
    let normal = |i: usize| words(&passages[i].text).join(" ");
    for run in places.iter_mut() {
        let (first, last) = (run[0], *run.last().expect("a run has a passage"));
        *run = (first..=last).collect();
    }
    // After the section, then before it: one passage at a time while every place has the
    // same short line there.
    loop {
        let next: Vec<Option<usize>> = places
            .iter()
            .map(|run| {
                let last = *run.last().expect("a run has a passage");
                Some(last + 1).filter(|&n| {
                    n < passages.len() && passages[n].file == passages[last].file && short(n)
                })
            })
            .collect();
        let Some(Some(first)) = next.first().copied() else {
            break;
        };
        if next.iter().any(|n| {
            n.is_none_or(|n| normal(n) != normal(first) || places.iter().any(|r| r.contains(&n)))
        }) {
            break;
        }
        for (run, n) in places.iter_mut().zip(next) {
            run.extend(n);
        }
    }
    loop {
        let before: Vec<Option<usize>> = places
            .iter()
            .map(|run| {
                run[0]
                    .checked_sub(1)
                    .filter(|&b| passages[b].file == passages[run[0]].file && short(b))
            })
            .collect();
        let Some(Some(first)) = before.first().copied() else {
            break;
        };
        if before.iter().any(|b| {
            b.is_none_or(|b| normal(b) != normal(first) || places.iter().any(|r| r.contains(&b)))
        }) {
            break;
        }
        for (run, b) in places.iter_mut().zip(before) {
            run.extend(b);
            run.rotate_right(1);
        }
    }
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
        let fix = if group.within_one_leaflet {
            format!(
                "all in {}: delete {} (a shared block is for text several leaflets share)",
                group.places[0].owner,
                if group.places.len() == 2 {
                    "one copy".to_string()
                } else {
                    "all copies but one".to_string()
                }
            )
        } else {
            format!("suggested shared block: {}", group.suggested_block)
        };
        out.push_str(&format!(
            "\n{}. {} alike{}, at {} places — {fix}\n",
            n + 1,
            percent(group.similarity),
            if messages > 1 {
                format!(", {messages} texts in a row")
            } else {
                String::new()
            },
            group.places.len(),
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
    if groups.iter().any(|g| !g.within_one_leaflet) {
        out.push_str("\nwrite each passage of several leaflets once as a shared block (README: \"How to add a shared block\") and `use:` it where it was\n");
    }
    if groups.iter().any(|g| g.within_one_leaflet) {
        out.push_str("\na passage written twice in one leaflet: delete one copy, its texts in the .ftl file and their names in the leaflet's .yaml file\n");
    }
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
        assert!(groups[0].within_one_leaflet);
    }

    /// The short lines of a repeated "when to call" section (a phone line, the hours) are part
    /// of the section, not left behind because they are too short to compare.
    #[test]
    fn the_short_lines_of_a_repeated_section_belong_to_it() {
        let mut passages = vec![
            passage(1, "call-title", "Wanneer belt u ons?"),
            passage(2, "call-item-1", "u koorts heeft van meer dan 38,5 graden"),
            passage(3, "call-item-2", "Bel { $phone }."),
            passage(4, "call-item-3", "Ma-vr 8-17 uur."),
            passage(5, "tips-title", "Tips"),
            passage(6, "again-title", "Nog een keer bellen"),
            passage(7, "again-item-1", "u koorts heeft van meer dan 38,5 graden"),
            passage(8, "again-item-2", "Bel { $phone }."),
            passage(9, "again-item-3", "Ma-vr 8-17 uur."),
        ];
        let groups = find(&passages, 0.7);
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert_eq!(
            groups[0].places[1].messages,
            ["again-item-1", "again-item-2", "again-item-3"]
        );
        // A short line that differs is not taken along.
        passages[8].text = "Ma-vr 9-16 uur.".into();
        let groups = find(&passages, 0.7);
        assert_eq!(
            groups[0].places[1].messages,
            ["again-item-1", "again-item-2"]
        );
        // In two leaflets: a shared block.
        passages[6].file = "b.ftl".into();
        passages[6].owner = "leaflet b".into();
        let groups = find(&passages, 0.7);
        assert!(!groups[0].within_one_leaflet);
    }
}
