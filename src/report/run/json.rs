//! The report as versioned JSON.

use serde_json::json;

use super::RunReport;

/// Version of the run report's JSON layout; bumped on any incompatible change.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

pub(super) fn render(report: &RunReport) -> String {
    let mut v = json!({
        "schema_version": REPORT_SCHEMA_VERSION,
        "kind": "costsim.run",
    });
    let body = serde_json::to_value(report).expect("report of plain values");
    if let (Some(top), serde_json::Value::Object(body)) = (v.as_object_mut(), body) {
        top.extend(body);
    }
    let mut text = serde_json::to_string_pretty(&v).expect("JSON of plain values");
    text.push('\n');
    text
}
