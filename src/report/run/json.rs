//! The report as versioned JSON, and reading it back.

use super::RunReport;

/// Version of the run report's JSON layout; bumped on any incompatible change.
pub const REPORT_SCHEMA_VERSION: u32 = 1;
/// The `kind` of a run report.
pub const REPORT_KIND: &str = "costsim.run";

/// A saved report that cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Not JSON, or not a costsim run report.
    #[error("{path}: not a costsim run report: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// Written by a costsim with another report layout.
    #[error("{path}: report schema_version {found} (written by costsim {writer}); this costsim {ours} reads schema_version {REPORT_SCHEMA_VERSION}: {advice}")]
    Version {
        /// The file.
        path: String,
        /// The version found.
        found: u64,
        /// The costsim version that wrote it.
        writer: String,
        /// This costsim's version.
        ours: &'static str,
        /// What to do.
        advice: &'static str,
    },
}

pub(super) fn render(report: &RunReport) -> String {
    let value = serde_json::to_value(report).expect("report of plain values");
    let mut text = String::new();
    write_value(&mut text, &value, 0);
    text.push('\n');
    text
}

/// Pretty JSON with one difference from serde_json's: arrays of plain values, and small objects of plain values deep
/// in the tree (timeline buckets, bill lines), stay on one line, so that they read as rows.
fn write_value(out: &mut String, v: &serde_json::Value, depth: usize) {
    use serde_json::Value;
    let pad = |n: usize| "  ".repeat(n);
    let flat = |v: &Value| !matches!(v, Value::Array(_) | Value::Object(_));
    match v {
        Value::Object(map) if !(map.is_empty() || depth > 2 && map.len() <= 10 && map.values().all(flat)) => {
            out.push_str("{\n");
            for (i, (k, val)) in map.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                out.push_str(&serde_json::to_string(k).expect("a string key"));
                out.push_str(": ");
                write_value(out, val, depth + 1);
                out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() && !items.iter().all(|x| flat(x) || is_flat_array(x)) => {
            out.push_str("[\n");
            for (i, val) in items.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                write_value(out, val, depth + 1);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push(']');
        }
        other => out.push_str(&serde_json::to_string(other).expect("plain JSON")),
    }
}

fn is_flat_array(v: &serde_json::Value) -> bool {
    v.as_array()
        .is_some_and(|a| a.iter().all(|x| !matches!(x, serde_json::Value::Array(_) | serde_json::Value::Object(_))))
}

impl RunReport {
    /// Reads a report written by `costsim run` (`report.json`); `path` names it in messages.
    ///
    /// # Errors
    /// [`ReportError::Version`] for another schema version (older or newer), [`ReportError::Invalid`] otherwise.
    pub fn from_json(path: &str, text: &str) -> Result<RunReport, ReportError> {
        let invalid = |message: String| ReportError::Invalid { path: path.to_string(), message };
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
        if value.get("kind").and_then(|k| k.as_str()) != Some(REPORT_KIND) {
            return Err(invalid(format!("its \"kind\" is not \"{REPORT_KIND}\"")));
        }
        let found =
            value.get("schema_version").and_then(|v| v.as_u64()).ok_or_else(|| invalid("no schema_version".into()))?;
        if found != u64::from(REPORT_SCHEMA_VERSION) {
            let writer = value.get("costsim_version").and_then(|v| v.as_str()).unwrap_or("unknown").to_string();
            let advice = if found > u64::from(REPORT_SCHEMA_VERSION) {
                "upgrade costsim to render it"
            } else {
                "re-run the scenario with this costsim to get a current report"
            };
            return Err(ReportError::Version {
                path: path.into(),
                found,
                writer,
                ours: env!("CARGO_PKG_VERSION"),
                advice,
            });
        }
        serde_json::from_value(value).map_err(|e| invalid(e.to_string()))
    }
}
