//! Review dates: a leaflet is checked by its owner before its `review_by` date. Within the
//! warning window (default 60 days) that is a warning; after the date an error, unless the
//! site publishes expired leaflets with a visible "being reviewed" notice. "Today" comes from
//! the command line (`--today`, `LEAFLET_TODAY`) or the clock, never from the output, so a
//! build is byte-identical for the same sources and the same day.

use jiff::civil::Date;

use super::ReviewPolicy;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{ExpiredPolicy, Leaflet, span_location};

/// Checks one leaflet's review date against `today`; returns whether it is past it (and so
/// published with the notice, when the policy allows).
pub(super) fn check_review(
    leaflet: &Leaflet,
    reviewed: Date,
    review_by: Date,
    today: Date,
    policy: &ReviewPolicy,
    diags: &mut Diagnostics,
) -> bool {
    // A check that has not happened yet: the date was mistyped, or written ahead of the review.
    if reviewed > today {
        diags.push(
            Diagnostic::error(format!(
                "leaflet \"{}\" says it was reviewed on {reviewed}, which is after today ({today})",
                leaflet.id
            ))
            .at(span_location(&leaflet.path, &leaflet.source.reviewed))
            .hint("set `reviewed:` to the day its owner checked it; a review that has not happened yet does not count"),
        );
    }
    let at = span_location(&leaflet.path, &leaflet.source.review_by);
    let days_left = (review_by - today).get_days();
    if review_by < today {
        let days = -days_left;
        let message = format!(
            "leaflet \"{}\" should have been reviewed by {review_by}, {days} day{} ago",
            leaflet.id,
            if days == 1 { "" } else { "s" }
        );
        match policy.expired {
            ExpiredPolicy::Error => diags.push(
                Diagnostic::error(message).at(at).hint(
                    "have the owner check the leaflet, then set `reviewed:` to the day of the check and `review_by:` to the next; to publish it meanwhile with a visible notice, set `review: { expired: notice }` in site.yaml",
                ),
            ),
            ExpiredPolicy::Notice => diags.push(
                Diagnostic::warning(message)
                    .at(at)
                    .hint("it is published with the notice that it is being reviewed (review: { expired: notice } in site.yaml)"),
            ),
        }
        return true;
    }
    if days_left <= i32::try_from(policy.warn_days).unwrap_or(i32::MAX) {
        diags.push(
            Diagnostic::warning(format!(
                "leaflet \"{}\" is due for review by {review_by}, in {days_left} day{}",
                leaflet.id,
                if days_left == 1 { "" } else { "s" }
            ))
            .at(at)
            .hint(format!(
                "ask its owner ({}) to check it; after {review_by} it is an error",
                leaflet.source.owner.value
            )),
        );
    }
    false
}
