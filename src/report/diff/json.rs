//! The diff as versioned JSON: the structured [`Diff`] itself, with its kind, version and the guardrail.
//!
//! Money is written as the reports hold it: exact decimal numbers (every digit, no rounding, no float), in the
//! currency named once at the top, so `total.change` is exactly `total.head − total.base`. Ratios are fractions
//! (0–1), latencies milliseconds, percents percent.

use serde_json::{json, Map, Value};

use crate::diff::{Diff, Verdict};
use crate::report::run::pretty;

/// Version of the diff's JSON layout; bumped on any incompatible change.
pub const DIFF_SCHEMA_VERSION: u32 = 1;
/// The `kind` of a diff.
pub const DIFF_KIND: &str = "costsim.diff";

pub(super) fn render(diff: &Diff, verdict: Option<&Verdict>) -> String {
    let mut top = Map::new();
    top.insert("schema_version".into(), json!(DIFF_SCHEMA_VERSION));
    top.insert("kind".into(), json!(DIFF_KIND));
    top.insert("costsim_version".into(), json!(env!("CARGO_PKG_VERSION")));
    if let Value::Object(fields) = serde_json::to_value(diff).expect("a diff of plain values") {
        top.extend(fields);
    }
    top.insert("unchanged".into(), json!(diff.unchanged()));
    top.insert("gate".into(), serde_json::to_value(verdict).expect("a verdict of plain values"));
    pretty(&Value::Object(top))
}
