//! JSON forms: the `platform.report` record (Lambda developer guide, "Configuring JSON and plain text log formats") and `aws logs filter-log-events` output.

use serde_json::{Map, Value};

use super::{checked, classify, deliver, Field, LogForm, LogSummary, Message, Place, Report};
use crate::diagnostic::{json_error_message, json_error_offset, json_pointer_offset, number};

/// Parses a JSON log record: a `platform.report`, something else, or a malformed report.
pub(super) fn record(text: &str) -> Message {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(obj)) => platform_report(&obj, text),
        Ok(_) => Message::Other,
        Err(e) if text.contains("platform.report") => Message::Bad(
            json_error_offset(text, &e),
            format!("platform.report record is not JSON: {}", json_error_message(&e)),
        ),
        Err(_) => Message::Other,
    }
}

/// The JSON key of a field in `record.metrics`.
fn metric(field: Field) -> &'static str {
    match field {
        Field::Duration => "durationMs",
        Field::BilledDuration => "billedDurationMs",
        Field::MemorySize => "memorySizeMB",
        Field::Init => "initDurationMs",
        Field::Restore => "restoreDurationMs",
        Field::BilledRestore => "billedRestoreDurationMs",
    }
}

/// `obj`, parsed from `text`: a `platform.report`, something else, or a malformed report placed at the metric.
fn platform_report(obj: &Map<String, Value>, text: &str) -> Message {
    if obj.get("type").and_then(Value::as_str) != Some("platform.report") {
        return Message::Other;
    }
    let at = |pointer: &str| json_pointer_offset(text, pointer).unwrap_or(0);
    let metrics = obj.get("record").and_then(|r| r.get("metrics")).and_then(Value::as_object);
    let Some(m) = metrics else {
        return Message::Bad(at("/record"), "platform.report record without record.metrics".into());
    };
    let mut missing = Vec::new();
    let mut wrong = Vec::new();
    let mut float = |key: &'static str, required: bool| -> Option<f64> {
        match m.get(key) {
            None | Some(Value::Null) => {
                if required {
                    missing.push(key);
                }
                None
            }
            Some(v) => {
                let x = v.as_f64();
                if x.is_none() {
                    wrong.push(key);
                }
                x
            }
        }
    };
    let duration = float("durationMs", true);
    let billed = float("billedDurationMs", true);
    let memory = float("memorySizeMB", true);
    let max_memory = float("maxMemoryUsedMB", true);
    let init = float("initDurationMs", false);
    let restore = float("restoreDurationMs", false);
    let billed_restore = float("billedRestoreDurationMs", false);
    if !missing.is_empty() {
        return Message::Bad(
            at("/record/metrics"),
            format!("platform.report without metrics.{}", missing.join(", metrics.")),
        );
    }
    if !wrong.is_empty() {
        return Message::Bad(
            at(&format!("/record/metrics/{}", wrong[0])),
            format!("platform.report metrics.{} must be numbers", wrong.join(", metrics.")),
        );
    }
    let whole = |x: f64, key: &'static str| -> Result<u64, (&'static str, String)> {
        if (0.0..1e15).contains(&x) && x.fract() == 0.0 {
            Ok(x as u64)
        } else {
            Err((key, format!("metrics.{key} must be a whole number ≥ 0 (got {})", number(x))))
        }
    };
    let build = || -> Result<Report, (&'static str, String)> {
        let mb = |x: f64, key: &'static str| -> Result<u32, (&'static str, String)> {
            u32::try_from(whole(x, key)?).map_err(|_| (key, format!("metrics.{key} is out of range")))
        };
        Ok(Report {
            line: 0,
            time_ms: obj.get("time").and_then(Value::as_str).and_then(super::parse_time_ms),
            duration_ms: duration.unwrap_or_default(),
            billed_duration_ms: whole(billed.unwrap_or_default(), "billedDurationMs")?,
            memory_size_mb: mb(memory.unwrap_or_default(), "memorySizeMB")?,
            max_memory_used_mb: mb(max_memory.unwrap_or_default(), "maxMemoryUsedMB")?,
            init_duration_ms: init,
            restore_duration_ms: restore,
            billed_restore_duration_ms: billed_restore.map(|x| whole(x, "billedRestoreDurationMs")).transpose()?,
        })
    };
    match build().and_then(|r| checked(r).map_err(|(f, e)| (metric(f), e))) {
        Ok(r) => Message::Report(Box::new(r), LogForm::Json),
        Err((key, e)) => Message::Bad(at(&format!("/record/metrics/{key}")), e),
    }
}

/// A whole JSON object on one line: a `platform.report`, a log event with a `message` (one event of
/// filter-log-events output, compacted), or a compact filter-log-events document with `events`.
pub(super) fn object_line(text: &str, at: &Place<'_>, summary: &mut LogSummary, on_report: &mut impl FnMut(Report)) {
    let obj = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(obj)) => obj,
        Ok(_) => return summary.skipped += 1,
        Err(e) if text.contains("REPORT RequestId") || text.contains("platform.report") => {
            let message = format!("a JSON line holding a report is not valid JSON: {}", json_error_message(&e));
            return summary.bad_at(at.line, at.text, at.base + json_error_offset(text, &e), message);
        }
        Err(_) => return summary.skipped += 1,
    };
    let within = |pointer: &str| Place { base: at.base + json_pointer_offset(text, pointer).unwrap_or(0), ..*at };
    if let Some(events) = obj.get("events").and_then(Value::as_array) {
        for (k, event) in events.iter().enumerate() {
            event_object(event, &within(&format!("/events/{k}/message")), summary, on_report);
        }
        return;
    }
    if obj.contains_key("message") {
        return event_object(&Value::Object(obj), &within("/message"), summary, on_report);
    }
    deliver(platform_report(&obj, text), None, LogForm::Json, at, summary, on_report);
}

fn event_object(event: &Value, at: &Place<'_>, summary: &mut LogSummary, on_report: &mut impl FnMut(Report)) {
    let Some(message) = event.get("message").and_then(Value::as_str) else {
        return summary.skipped += 1;
    };
    let time = event.get("timestamp").and_then(Value::as_i64);
    // The message was a JSON string: offsets inside it are not the line's, so faults are placed at its start.
    deliver(classify(message).whole(), time, LogForm::FilterLogEvents, at, summary, on_report);
}

/// What a line of pretty-printed filter-log-events output is.
pub(super) enum FilterLine {
    /// Brackets, other keys: not a message.
    Structure,
    /// An event's message, decoded.
    Message(String),
    /// A `"message":` line whose string cannot be decoded.
    Bad(String),
}

/// Where the reader is in pretty-printed `aws logs filter-log-events` output (the AWS CLI writes one key per line,
/// each event's `timestamp` before its `message`).
#[derive(Debug, Default)]
pub(super) struct FilterState {
    in_events: bool,
    timestamp_ms: Option<i64>,
}

impl FilterState {
    /// The current event's timestamp [ms since the epoch].
    pub fn timestamp(&self) -> Option<i64> {
        self.timestamp_ms
    }

    /// `Some` when the line belongs to filter-log-events output, `None` when it is an ordinary log line.
    pub fn line(&mut self, t: &str) -> Option<FilterLine> {
        if !self.in_events {
            if t.starts_with("\"events\"") && t.ends_with('[') {
                self.in_events = true;
                return Some(FilterLine::Structure);
            }
            return None;
        }
        if t == "]" || t == "]," {
            self.in_events = false;
            return Some(FilterLine::Structure);
        }
        if t == "{" {
            self.timestamp_ms = None;
            return Some(FilterLine::Structure);
        }
        if let Some(v) = t.strip_prefix("\"timestamp\":") {
            self.timestamp_ms = v.trim().trim_end_matches(',').parse().ok();
            return Some(FilterLine::Structure);
        }
        if let Some(v) = t.strip_prefix("\"message\":") {
            let v = v.trim().trim_end_matches(',');
            return Some(match serde_json::from_str::<String>(v) {
                Ok(m) => FilterLine::Message(m),
                Err(e) if v.contains("REPORT") || v.contains("platform.report") => {
                    FilterLine::Bad(format!("the event's message is not a JSON string: {e}"))
                }
                Err(_) => FilterLine::Structure,
            });
        }
        Some(FilterLine::Structure)
    }
}
