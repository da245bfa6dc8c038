//! CloudWatch Logs Insights CSV exports (CloudWatch Logs Insights' CSV export).
//!
//! The header names the fields of the query: `@timestamp, @requestId, @duration, @billedDuration, @memorySize,
//! @maxMemoryUsed, @initDuration` (with or without the `@`; `@message` alone works too, each message read as a log
//! line). Insights returns memory in units of 10^6 bytes: `1024000000` and `1.28E8` are 1,024 MB and 128 MB. A
//! memory value below 10^6 is taken to be in MB already (a query that converted it). Rows without a duration are
//! log lines that are not reports (Insights leaves report fields empty there): skipped.

use std::io::{self, Read};

use super::{checked, classify, deliver, Field, LogForm, LogSummary, Message, Place, Report};
use crate::diagnostic::{excerpt, number};

/// Bytes in Insights' memory unit (10^6, not 2^20).
const INSIGHTS_MEMORY_UNIT: f64 = 1e6;

/// Whether the first line of an input is an Insights CSV header.
pub(super) fn is_header(line: &str) -> bool {
    let names = columns(line);
    let has = |n: &str| names.iter().any(|c| c == n);
    names.len() >= 2 && (has("duration") || (has("message") && has("timestamp")))
}

fn columns(line: &str) -> Vec<String> {
    line.trim_start_matches('\u{feff}')
        .trim()
        .split(',')
        .map(|c| c.trim().trim_matches('"').trim_start_matches('@').to_ascii_lowercase())
        .collect()
}

#[derive(Default)]
struct Columns {
    time: Option<usize>,
    message: Option<usize>,
    duration: Option<usize>,
    billed: Option<usize>,
    memory: Option<usize>,
    max_memory: Option<usize>,
    init: Option<usize>,
    restore: Option<usize>,
    billed_restore: Option<usize>,
}

pub(super) fn read<R: Read>(input: R, summary: &mut LogSummary, on_report: &mut impl FnMut(Report)) -> io::Result<()> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(input);
    let mut cols = Columns::default();
    let mut record = csv::StringRecord::new();
    let mut first = true;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => match e.kind() {
                csv::ErrorKind::Io(_) => return Err(io::Error::other(e.to_string())),
                _ => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    summary.bad(line, 1, format!("not a CSV row: {e}"));
                    continue;
                }
            },
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        if first {
            first = false;
            for (i, name) in record.iter().enumerate() {
                let name = name.trim().trim_start_matches('\u{feff}').trim_start_matches('@').to_ascii_lowercase();
                let slot = match name.as_str() {
                    "timestamp" => &mut cols.time,
                    "message" => &mut cols.message,
                    "duration" => &mut cols.duration,
                    "billedduration" => &mut cols.billed,
                    "memorysize" => &mut cols.memory,
                    "maxmemoryused" => &mut cols.max_memory,
                    "initduration" => &mut cols.init,
                    "restoreduration" => &mut cols.restore,
                    "billedrestoreduration" => &mut cols.billed_restore,
                    _ => continue,
                };
                slot.get_or_insert(i);
            }
            summary.skipped += 1;
            continue;
        }
        row(&record, &cols, line, summary, on_report);
    }
    Ok(())
}

/// The character column where field `i` of `record` starts (exact for unquoted fields, as Insights writes them).
fn column_of(record: &csv::StringRecord, i: usize) -> usize {
    1 + record.iter().take(i).map(|f| f.chars().count() + 1).sum::<usize>()
}

fn row(
    record: &csv::StringRecord,
    cols: &Columns,
    line: usize,
    summary: &mut LogSummary,
    on_report: &mut impl FnMut(Report),
) {
    let get = |c: Option<usize>| c.and_then(|i| record.get(i)).map(str::trim).filter(|s| !s.is_empty());
    let time = get(cols.time).and_then(super::parse_time_ms);
    let place = Place { line, text: "", base: 0 };
    let Some(duration) = get(cols.duration) else {
        // No report fields: a message column may still hold the REPORT line.
        return match get(cols.message) {
            Some(m) => match classify(m) {
                Message::Bad(_, e) => summary.bad(line, column_of(record, cols.message.unwrap_or(0)), e),
                other => deliver(other, time, LogForm::InsightsCsv, &place, summary, on_report),
            },
            None => summary.skipped += 1,
        };
    };
    // A fault names the column index of its field, for the location.
    let col = |c: Option<usize>| c.unwrap_or(0);
    let parsed = (|| -> Result<Report, (usize, String)> {
        let num = |name: &str, c: Option<usize>, v: Option<&str>| -> Result<Option<f64>, (usize, String)> {
            v.map(|s| s.parse::<f64>().map_err(|_| (col(c), format!("@{name} '{}' is not a number", excerpt(s)))))
                .transpose()
        };
        let required = |name: &str, c: Option<usize>| -> Result<f64, (usize, String)> {
            num(name, c, get(c))?.ok_or_else(|| (col(c), format!("row with @duration but no @{name}")))
        };
        let whole = |name: &str, c: Option<usize>, x: f64| -> Result<u64, (usize, String)> {
            if (0.0..1e15).contains(&x) {
                Ok(x.round() as u64)
            } else {
                Err((col(c), format!("@{name} must be a number ≥ 0 (got {})", number(x))))
            }
        };
        let mb = |name: &str, c: Option<usize>, x: f64| -> Result<u32, (usize, String)> {
            let mb = if x >= INSIGHTS_MEMORY_UNIT { x / INSIGHTS_MEMORY_UNIT } else { x };
            u32::try_from(whole(name, c, mb)?).map_err(|_| (col(c), format!("@{name} is out of range")))
        };
        let report = Report {
            line,
            time_ms: time,
            duration_ms: num("duration", cols.duration, Some(duration))?.unwrap_or_default(),
            billed_duration_ms: whole("billedDuration", cols.billed, required("billedDuration", cols.billed)?)?,
            memory_size_mb: mb("memorySize", cols.memory, required("memorySize", cols.memory)?)?,
            max_memory_used_mb: mb("maxMemoryUsed", cols.max_memory, required("maxMemoryUsed", cols.max_memory)?)?,
            init_duration_ms: num("initDuration", cols.init, get(cols.init))?,
            restore_duration_ms: num("restoreDuration", cols.restore, get(cols.restore))?,
            billed_restore_duration_ms: num("billedRestoreDuration", cols.billed_restore, get(cols.billed_restore))?
                .map(|x| whole("billedRestoreDuration", cols.billed_restore, x))
                .transpose()?,
        };
        checked(report).map_err(|(field, e)| {
            let c = match field {
                Field::Duration => cols.duration,
                Field::BilledDuration => cols.billed,
                Field::MemorySize => cols.memory,
                Field::Init => cols.init,
                Field::Restore => cols.restore,
                Field::BilledRestore => cols.billed_restore,
            };
            (col(c), e)
        })
    })();
    match parsed {
        Ok(r) => deliver(
            Message::Report(Box::new(r), LogForm::InsightsCsv),
            time,
            LogForm::InsightsCsv,
            &place,
            summary,
            on_report,
        ),
        Err((c, e)) => summary.bad(line, column_of(record, c), e),
    }
}
