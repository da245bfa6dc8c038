//! The text `REPORT` line (Lambda developer guide, "Working with Lambda function logs") and the timestamps that may precede it.
//!
//! Fields are read as `Key: number unit` pairs in any order, separated by tabs or spaces (some tools turn the tabs
//! into spaces, some write a space before the tab); unknown keys are ignored, so fields AWS adds later do not
//! break the parser. `Duration` may have decimals or not (Power Tuning's regex requires them; this one does not).

use chrono::{DateTime, NaiveDateTime};

use super::{checked, offset_in, Field, LogForm, Message, Report};
use crate::diagnostic::excerpt;

const MARKER: &str = "REPORT RequestId:";

/// Parses one line: a report, something else, or a malformed report (with the byte offset of its fault).
pub(super) fn line(line: &str) -> Message {
    let Some(at) = line.find(MARKER) else {
        return Message::Other;
    };
    let time_ms = line[..at].split_whitespace().find_map(parse_time_ms);
    match fields(line, &line[at + MARKER.len()..]) {
        Ok((mut r, keys)) => {
            r.time_ms = time_ms;
            match checked(r) {
                Ok(r) => Message::Report(Box::new(r), LogForm::Text),
                Err((field, e)) => Message::Bad(keys.of(field).unwrap_or(at), e),
            }
        }
        Err((offset, e)) => Message::Bad(offset, e),
    }
}

#[derive(Default)]
struct Fields {
    duration: Option<f64>,
    billed: Option<u64>,
    memory: Option<u32>,
    max_memory: Option<u32>,
    init: Option<f64>,
    restore: Option<f64>,
    billed_restore: Option<u64>,
}

/// Where each field's value is in the line [bytes], to place a fault found after parsing.
#[derive(Default)]
struct Keys(Vec<(Field, usize)>);

impl Keys {
    fn of(&self, field: Field) -> Option<usize> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, o)| *o)
    }
}

/// The fields after `REPORT RequestId:` (`rest`, a slice of `line`); a fault comes with its byte offset in `line`.
fn fields(line: &str, rest: &str) -> Result<(Report, Keys), (usize, String)> {
    let rest = rest.trim_start();
    // The request id runs to the first tab or space.
    let id_end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
    let mut s = &rest[id_end..];
    let mut f = Fields::default();
    let mut keys = Keys::default();
    loop {
        s = s.trim_start();
        if s.is_empty() {
            break;
        }
        let here = offset_in(line, s);
        let Some(colon) = s.find(':') else {
            return Err((here, format!("unexpected text '{}' (expected 'Key: value unit')", excerpt(s))));
        };
        let key = s[..colon].trim();
        s = s[colon + 1..].trim_start();
        let value_at = offset_in(line, s);
        let (want, field) = match key {
            "Duration" => ("ms", Field::Duration),
            "Billed Duration" => ("ms", Field::BilledDuration),
            "Init Duration" => ("ms", Field::Init),
            "Restore Duration" => ("ms", Field::Restore),
            "Billed Restore Duration" => ("ms", Field::BilledRestore),
            "Memory Size" => ("MB", Field::MemorySize),
            "Max Memory Used" => ("MB", Field::MemorySize),
            _ => {
                // A field this parser does not use (`Status: timeout`, `Error Type: …`): skip to the next tab.
                s = s.find('\t').map_or("", |t| &s[t..]);
                continue;
            }
        };
        if key != "Max Memory Used" {
            keys.0.push((field, value_at));
        }
        let num_end = s.find(char::is_whitespace).unwrap_or(s.len());
        let number = &s[..num_end];
        s = s[num_end..].trim_start_matches([' ']);
        let unit_end = s.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(s.len());
        let unit = &s[..unit_end];
        s = &s[unit_end..];
        let bad = |m: String| (value_at, m);
        let float = || number.parse::<f64>().map_err(|_| bad(format!("{key}: '{}' is not a number", excerpt(number))));
        float()?;
        if unit != want {
            return Err(bad(format!(
                "{key}: expected a number in {want} (got '{}')",
                excerpt(&format!("{number} {unit}"))
            )));
        }
        let int =
            || number.parse::<u64>().map_err(|_| bad(format!("{key}: '{}' is not a whole number", excerpt(number))));
        let mb = || -> Result<u32, (usize, String)> {
            int()?.try_into().map_err(|_| bad(format!("{key}: {} MB is out of range", excerpt(number))))
        };
        match key {
            "Duration" => f.duration = Some(float()?),
            "Billed Duration" => f.billed = Some(int()?),
            "Memory Size" => f.memory = Some(mb()?),
            "Max Memory Used" => f.max_memory = Some(mb()?),
            "Init Duration" => f.init = Some(float()?),
            "Restore Duration" => f.restore = Some(float()?),
            _ => f.billed_restore = Some(int()?),
        }
    }
    let missing: Vec<&str> = [
        ("Duration", f.duration.is_none()),
        ("Billed Duration", f.billed.is_none()),
        ("Memory Size", f.memory.is_none()),
        ("Max Memory Used", f.max_memory.is_none()),
    ]
    .into_iter()
    .filter_map(|(k, m)| m.then_some(k))
    .collect();
    if !missing.is_empty() {
        return Err((offset_in(line, rest), format!("REPORT line without {}", missing.join(", "))));
    }
    let report = Report {
        line: 0,
        time_ms: None,
        duration_ms: f.duration.unwrap_or_default(),
        billed_duration_ms: f.billed.unwrap_or_default(),
        memory_size_mb: f.memory.unwrap_or_default(),
        max_memory_used_mb: f.max_memory.unwrap_or_default(),
        init_duration_ms: f.init,
        restore_duration_ms: f.restore,
        billed_restore_duration_ms: f.billed_restore,
    };
    Ok((report, keys))
}

/// A timestamp as logs write it, in ms since 1970-01-01 UTC: RFC 3339 (`2024-01-15T10:00:00.123Z`), Logs Insights'
/// `2024-01-15 10:00:00.123` (UTC), or a number of ms since the epoch (`1705312800123`, as CloudWatch's API).
pub fn parse_time_ms(s: &str) -> Option<i64> {
    let s = s.trim().trim_matches('"');
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        // Epoch milliseconds: 13 digits from 2001 to 2286.
        return (s.len() == 13).then(|| s.parse().ok()).flatten();
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp_millis());
    }
    for fmt in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(t.and_utc().timestamp_millis());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_in_every_form() {
        // 2024-01-15T10:00:00Z = 1,705,312,800 s since the epoch.
        assert_eq!(parse_time_ms("2024-01-15T10:00:00.123Z"), Some(1_705_312_800_123));
        assert_eq!(parse_time_ms("2024-01-15T10:00:00.123000+00:00"), Some(1_705_312_800_123));
        assert_eq!(parse_time_ms("2024-01-15 10:00:00.123"), Some(1_705_312_800_123));
        assert_eq!(parse_time_ms("1705312800123"), Some(1_705_312_800_123));
        assert_eq!(parse_time_ms("12"), None);
        assert_eq!(parse_time_ms("2024/01/15/[$LATEST]abc"), None);
    }
}
