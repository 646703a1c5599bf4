//! Tables: a caption, a header row and rows of cells, every one a message id, checked for a
//! shape a screen reader and a phone can follow: a caption, a header, at least one row, and
//! every row as wide as the header.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde_saphyr::Spanned;

use super::validate::check_message_id;
use super::{Arg, MessageRef, Owner, ResolvedTable};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::load::{TableSource, span_location};

/// What a table looks like in a leaflet, for the hints.
const EXAMPLE: &str = "caption: checkups-caption\n    header: [checkups-when, checkups-what]\n    rows:\n      - [checkups-day-3, checkups-wound]";

/// Checks a `table:` block; its cells become message references with the arguments in scope.
/// Returns `None` (after saying why) when the table has no caption, header or rows, or a row
/// of the wrong width: a table with a hole would pair cells with the wrong header.
pub(super) fn resolve_table(
    table: &TableSource,
    at: &Location,
    file: &Path,
    owner: &Owner,
    args: &Arc<BTreeMap<String, Arg>>,
    diags: &mut Diagnostics,
) -> Option<ResolvedTable> {
    let TableSource {
        caption,
        header,
        rows,
    } = table;
    let message = |id: &Spanned<String>, diags: &mut Diagnostics| {
        check_message_id(id, file, diags);
        MessageRef {
            id: id.value.clone(),
            at: span_location(file, id),
            owner: owner.clone(),
            args: args.clone(),
        }
    };
    if caption.is_none() && header.is_none() && rows.is_none() {
        diags.push(
            Diagnostic::error("this table is empty")
                .at(at.clone())
                .hint(format!(
                    "give it a caption, a header row and rows, each cell a message id:\n  table:\n    {EXAMPLE}"
                )),
        );
        return None;
    }
    let mut ok = true;
    let caption = match caption {
        Some(id) => Some(message(id, diags)),
        None => {
            diags.push(
                Diagnostic::error("this table has no caption")
                    .at(at.clone())
                    .hint("add `caption: <message-id>`, a short title saying what the table shows; screen readers announce it when they reach the table"),
            );
            ok = false;
            None
        }
    };
    let columns = match header {
        Some(cells) if !cells.value.is_empty() => Some(cells),
        Some(cells) => {
            diags.push(
                Diagnostic::error("the header row of this table is empty")
                    .at(span_location(file, cells))
                    .hint("list one message id per column, naming what the column holds, e.g. `header: [checkups-when, checkups-what]`"),
            );
            None
        }
        None => {
            diags.push(
                Diagnostic::error("this table has no header row")
                    .at(at.clone())
                    .hint("add `header: [first-column, second-column]`: one message id per column, naming what the column holds; screen readers read it with every cell"),
            );
            None
        }
    };
    let header: Vec<MessageRef> = columns
        .map(|cells| cells.value.iter().map(|id| message(id, diags)).collect())
        .unwrap_or_default();
    let rows = match rows {
        Some(rows) if !rows.value.is_empty() => &rows.value[..],
        Some(rows) => {
            diags.push(
                Diagnostic::error("this table has no rows")
                    .at(span_location(file, rows))
                    .hint("add a row per line under `rows:`, one message id per column, e.g. `- [checkups-day-3, checkups-wound]`"),
            );
            &[]
        }
        None => {
            diags.push(
                Diagnostic::error("this table has no rows")
                    .at(at.clone())
                    .hint("add `rows:` with a row per line, one message id per column, e.g. `- [checkups-day-3, checkups-wound]`"),
            );
            &[]
        }
    };
    ok &= !header.is_empty() && !rows.is_empty();
    let mut resolved_rows = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let cells = row.value.len();
        if !header.is_empty() && cells != header.len() {
            let plural =
                |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            diags.push(
                Diagnostic::error(format!(
                    "row {} of this table has {}, but its header has {}",
                    index + 1,
                    plural(cells, "cell"),
                    plural(header.len(), "column"),
                ))
                .at(span_location(file, row))
                .hint(format!(
                    "give every row one message id per column ({}), in the order of the header; a cell with nothing to say still needs a message, e.g. one that says \"–\"",
                    header.len()
                )),
            );
            ok = false;
        }
        resolved_rows.push(row.value.iter().map(|id| message(id, diags)).collect());
    }
    if !ok {
        return None;
    }
    Some(ResolvedTable {
        caption: caption?,
        header,
        rows: resolved_rows,
    })
}
