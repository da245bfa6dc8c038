//! The report as versioned JSON, and reading it back.

use super::RunReport;
use crate::diagnostic::{excerpt, LocatedError, Location};

/// Version of the run report's JSON layout; bumped on any incompatible change.
/// Version 4: recommendations are structured (`versus`, `slo_unmet.closest_ms`, `infeasible` sizes) and carry
/// no sentences; the report writes those when it renders.
pub const REPORT_SCHEMA_VERSION: u32 = 4;
/// The oldest layout still read. Version 3's recommendations were sentences, which cannot be read back as the
/// numbers version 4 keeps: a version-3 report is refused with the advice to re-run.
pub const OLDEST_READ_SCHEMA_VERSION: u32 = 4;
/// `schema_version 4`, or `schema_version 2 to 4` when older layouts are read too.
fn readable_versions() -> String {
    if OLDEST_READ_SCHEMA_VERSION == REPORT_SCHEMA_VERSION {
        format!("schema_version {REPORT_SCHEMA_VERSION}")
    } else {
        format!("schema_version {OLDEST_READ_SCHEMA_VERSION} to {REPORT_SCHEMA_VERSION}")
    }
}

/// The `kind` of a run report.
pub const REPORT_KIND: &str = "costsim.run";

/// Largest report.json read by default [bytes]: 64 MiB (`--max-input-mb` raises it, see [`crate::limits`]). A report of the largest sweep costsim runs is a few MB; reading
/// needs about three times the file's size in memory, so a report.json that is not one cannot exhaust it.
pub const MAX_REPORT_BYTES: u64 = 64 * 1024 * 1024;

/// A saved report that cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Not JSON, not a costsim run report, or a value out of range: where, and what is wrong.
    #[error("{0}")]
    Invalid(LocatedError),
    /// Larger than the limit ([`MAX_REPORT_BYTES`] unless raised).
    #[error(
        "{path}: {bytes} bytes is larger than a costsim report.json can be ({limit} bytes): not read; \
         {flag} MB raises the limit",
        flag = crate::limits::FLAG
    )]
    TooLarge {
        /// The file.
        path: String,
        /// Its size [bytes].
        bytes: u64,
        /// The limit [bytes].
        limit: u64,
    },
    /// Written by a costsim with another report layout.
    #[error("{location}: report schema_version {found} (written by costsim {writer}); this costsim {ours} reads {reads}: {advice}", reads = readable_versions())]
    Version {
        /// Where the version is written.
        location: Location,
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
    let mut out = Vec::new();
    super::write_pretty(&mut out, report).expect("report of plain values, written to memory");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// A JSON document as costsim writes its reports: pretty, with rows of plain values on one line.
pub(crate) fn pretty(value: &serde_json::Value) -> String {
    let mut text = String::new();
    write_value(&mut text, value, 0);
    text.push('\n');
    text
}

/// Pretty JSON with one difference from serde_json's: arrays of plain values, and small objects of plain values deep
/// in the tree (timeline buckets, bill lines), stay on one line, so that they read as rows.
pub(super) fn write_value(out: &mut String, v: &serde_json::Value, depth: usize) {
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

pub(super) fn is_flat_array(v: &serde_json::Value) -> bool {
    v.as_array()
        .is_some_and(|a| a.iter().all(|x| !matches!(x, serde_json::Value::Array(_) | serde_json::Value::Object(_))))
}

impl RunReport {
    /// Reads a report written by `costsim run` (`report.json`) and checks it (indices in range, `points` not empty,
    /// every number finite and in its range); `path` names it in messages, which say `path:line:col`.
    ///
    /// # Errors
    /// [`ReportError::Version`] for another schema version (older or newer), [`ReportError::TooLarge`] above
    /// the limit ([`MAX_REPORT_BYTES`] unless raised), [`ReportError::Invalid`] otherwise.
    pub fn from_json(path: &str, text: &str) -> Result<RunReport, ReportError> {
        let limit = crate::limits::max_bytes(crate::limits::InputKind::Report);
        if text.len() as u64 > limit {
            return Err(ReportError::TooLarge { path: path.to_string(), bytes: text.len() as u64, limit });
        }
        let at = |pointer: &str, message: String| {
            ReportError::Invalid(LocatedError::at_pointer(
                path,
                text,
                pointer,
                format!("not a costsim run report: {message}"),
            ))
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            let mut located = LocatedError::from_json(path, text, &e);
            located.message = format!("not valid JSON: {}", located.message);
            ReportError::Invalid(located)
        })?;
        match value.get("kind") {
            Some(serde_json::Value::String(k)) if k == REPORT_KIND => {}
            Some(k) => {
                return Err(at(
                    "/kind",
                    format!(
                        "its \"kind\" is {}, not \"{REPORT_KIND}\" (nor an application's \"{}\")",
                        shown(k),
                        crate::report::fleet::FLEET_KIND
                    ),
                ))
            }
            None if value.is_object() => return Err(at("", format!("it has no \"kind\" (\"{REPORT_KIND}\")"))),
            None => return Err(at("", "it is not a JSON object".into())),
        }
        let found = value
            .get("schema_version")
            .and_then(|v| v.as_u64())
            .ok_or_else(|| at("/schema_version", "no schema_version (a whole number)".into()))?;
        if !(u64::from(OLDEST_READ_SCHEMA_VERSION)..=u64::from(REPORT_SCHEMA_VERSION)).contains(&found) {
            let writer = value.get("costsim_version").and_then(|v| v.as_str()).map_or("unknown".into(), excerpt);
            let advice = if found > u64::from(REPORT_SCHEMA_VERSION) {
                "upgrade costsim to render it"
            } else {
                "re-run the scenario with this costsim to get a current report"
            };
            let offset = crate::diagnostic::json_pointer_offset(text, "/schema_version").unwrap_or(0);
            return Err(ReportError::Version {
                location: Location::at_offset(path, text, offset),
                found,
                writer,
                ours: env!("CARGO_PKG_VERSION"),
                advice,
            });
        }
        // Every number finite and of a size costsim writes, whatever field it is in: serde would read 1e400 as
        // inf into an f64, and `render --format json` would write it back as null; a Decimal of 1e25 would be
        // written back as an integer that no longer reads.
        if let Some((pointer, number, fault)) = super::validate::first_bad_number(&value, &mut String::new()) {
            // Quoted as written (serde_json would show 1e400 as 1e+400).
            let written = crate::diagnostic::json_pointer_offset(text, &pointer)
                .map(|o| &text[o..])
                .and_then(|t| t.split(|c: char| matches!(c, ',' | ']' | '}') || c.is_whitespace()).next())
                .unwrap_or(&number);
            let what = match fault {
                super::validate::BadNumber::NonFinite => "is not a finite number",
                super::validate::BadNumber::TooLarge => "is too large: no figure in a costsim report exceeds 10^18",
            };
            return Err(at(&pointer, format!("{} {what}", excerpt(written))));
        }
        // From the value: its numbers are the text's digits (arbitrary_precision), read exactly, so the report
        // renders back byte for byte (serde_json's direct f64 parsing can be one ulp off). Only on an error is the
        // text parsed again, for the error's location.
        let report: RunReport = serde_json::from_value(value).map_err(|e| {
            let located = match serde_json::from_str::<RunReport>(text) {
                Err(e) => LocatedError::from_json(path, text, &e),
                Ok(_) => LocatedError::new(Location::at_offset(path, text, 0), e.to_string()),
            };
            ReportError::Invalid(LocatedError {
                message: format!("not a costsim run report: {}", located.message),
                ..located
            })
        })?;
        super::validate::check(&report).map_err(|(pointer, message)| at(&pointer, message))?;
        // An older layout, read with its defaults, is written back in this one.
        Ok(RunReport { schema_version: REPORT_SCHEMA_VERSION, ..report })
    }
}

/// A JSON value as a message shows it: short and escaped.
fn shown(v: &serde_json::Value) -> String {
    excerpt(&v.to_string())
}
