//! Lambda `REPORT` records from logs: one streaming reader for every form they come in (Lambda developer guide, "Working with Lambda function logs").
//!
//! Accepted, and told apart line by line (a file may mix them):
//!
//! - the text line `REPORT RequestId: <id>\tDuration: 8.40 ms\tBilled Duration: 9 ms\tMemory Size: 128 MB\t
//!   Max Memory Used: 66 MB\t[Restore Duration: … ms\tBilled Restore Duration: … ms\t][Init Duration: … ms\t]`,
//!   alone or after a timestamp (`aws logs tail`, console copies); tabs or spaces between fields;
//! - the JSON log format's `{"type": "platform.report", "record": {"metrics": {…}}}`, one object per line;
//! - the output of `aws logs filter-log-events` (pretty-printed or compact JSON with `events[].message` and
//!   `events[].timestamp`), whose messages are either of the two forms above;
//! - a CloudWatch Logs Insights CSV export, recognised by its header line (`@timestamp,@duration,…` or
//!   `@timestamp,@message`); Insights gives memory in units of 10^6 bytes (`1.28E8` = 128 MB).
//!
//! Lines that are not reports (START, END, XRAY, the function's own output, other JSON records) are skipped and
//! counted. A line that is a report but cannot be read (a missing field, a number that is not a number) is
//! *malformed*: counted, and kept with its line number and what is wrong. Nothing here panics on bad input.
//!
//! Records are handed to a callback as they are read, so a log of any size is read in constant memory.

mod csv_export;
mod json;
mod text;

use std::io::{self, BufRead, Read};

use crate::diagnostic::{number, LocatedError, Location};

pub use text::parse_time_ms;

/// How many malformed records are kept with their messages; the rest are only counted.
pub const MAX_KEPT_MALFORMED: usize = 100;

/// One invocation's `REPORT` record.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Line of the input where the record is (1-based).
    pub line: usize,
    /// When the record was logged, if the input says [ms since 1970-01-01 UTC].
    pub time_ms: Option<i64>,
    /// `Duration`: the invoke phase [ms].
    pub duration_ms: f64,
    /// `Billed Duration` [ms].
    pub billed_duration_ms: u64,
    /// `Memory Size`: configured memory [MB].
    pub memory_size_mb: u32,
    /// `Max Memory Used` [MB].
    pub max_memory_used_mb: u32,
    /// `Init Duration`, on cold starts only [ms].
    pub init_duration_ms: Option<f64>,
    /// `Restore Duration`, on SnapStart restores only [ms].
    pub restore_duration_ms: Option<f64>,
    /// `Billed Restore Duration`, on SnapStart restores only [ms].
    pub billed_restore_duration_ms: Option<u64>,
}

impl Report {
    /// A cold start: the record carries an `Init Duration` or a `Restore Duration`.
    pub fn is_cold(&self) -> bool {
        self.init_duration_ms.is_some() || self.restore_duration_ms.is_some()
    }
}

/// A record that looked like a report but could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// Line of the input (1-based).
    pub line: usize,
    /// Column of the line where the fault is, in characters (1-based): the field at fault, or the record's start.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl Malformed {
    /// Where it is in the input named `path`.
    pub fn location(&self, path: &str) -> Location {
        Location::at_line(path, self.line, self.column)
    }

    /// The record as an error naming `path:line:col`.
    pub fn located(&self, path: &str) -> LocatedError {
        LocatedError::new(self.location(path), self.message.clone())
    }
}

/// Longest line read [bytes]: 16 MiB. A REPORT line is under 1 KB; a whole `filter-log-events` document compacted
/// onto one line can be long, but a longer line is no log costsim reads, and is counted malformed unread.
pub const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

/// Longest duration Lambda runs: the 900 s (15 min) maximum timeout [ms].
pub const MAX_DURATION_MS: f64 = crate::workload::MAX_TIMEOUT_MS as f64;

/// The fields every form shares, to say which one a check refused (the form locates it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Duration,
    BilledDuration,
    MemorySize,
    Init,
    Restore,
    BilledRestore,
}

/// The forms a log can come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LogForm {
    /// `REPORT RequestId: …` text lines.
    Text,
    /// JSON `platform.report` records.
    Json,
    /// `aws logs filter-log-events` JSON output.
    FilterLogEvents,
    /// CloudWatch Logs Insights CSV export.
    InsightsCsv,
}

impl LogForm {
    /// A short description for messages.
    pub fn describe(self) -> &'static str {
        match self {
            LogForm::Text => "text REPORT lines",
            LogForm::Json => "JSON platform.report records",
            LogForm::FilterLogEvents => "aws logs filter-log-events output",
            LogForm::InsightsCsv => "Logs Insights CSV export",
        }
    }
}

/// What reading one input found, besides the reports themselves.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogSummary {
    /// Reports read.
    pub reports: u64,
    /// Lines (or CSV rows) that are not reports.
    pub skipped: u64,
    /// Malformed records, counted.
    pub malformed_count: u64,
    /// The first [`MAX_KEPT_MALFORMED`] malformed records.
    pub malformed: Vec<Malformed>,
    /// The forms seen, in order of first appearance.
    pub forms: Vec<LogForm>,
}

impl LogSummary {
    fn saw(&mut self, form: LogForm) {
        if !self.forms.contains(&form) {
            self.forms.push(form);
        }
    }

    /// A malformed record at character `column` of `line`.
    fn bad(&mut self, line: usize, column: usize, message: impl Into<String>) {
        self.malformed_count += 1;
        if self.malformed.len() < MAX_KEPT_MALFORMED {
            self.malformed.push(Malformed { line, column: column.max(1), message: message.into() });
        }
    }

    /// A malformed record at byte `offset` of the line `text`.
    fn bad_at(&mut self, line: usize, text: &str, offset: usize, message: impl Into<String>) {
        self.bad(line, Location::at_offset("", text, offset).column, message);
    }
}

/// What one log message (a line, a JSON event's message, a CSV row's `@message`) turned out to be.
enum Message {
    /// Not a report.
    Other,
    /// A report (time may be filled in by the caller).
    Report(Box<Report>, LogForm),
    /// A report that could not be read: the byte offset in the message of the fault, and what it is.
    Bad(usize, String),
}

/// Where `inner`, a slice of `outer`, starts in it [bytes].
fn offset_in(outer: &str, inner: &str) -> usize {
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize).min(outer.len())
}

/// Reads one line into `buf` (cleared), keeping at most `limit` bytes of it and its newline; returns the bytes read (0 at the end)
/// and whether the line was longer than `limit` (the rest is read and dropped, so memory stays bounded).
fn read_line_bounded<R: BufRead>(input: &mut R, buf: &mut Vec<u8>, limit: usize) -> io::Result<(usize, bool)> {
    buf.clear();
    let (mut total, mut content) = (0, 0);
    loop {
        let chunk = match input.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok((total, content > limit));
        }
        let newline = chunk.iter().position(|&b| b == b'\n');
        let part = &chunk[..newline.unwrap_or(chunk.len())];
        content += part.len();
        let room = limit.saturating_sub(buf.len()).min(part.len());
        buf.extend_from_slice(&part[..room]);
        let used = newline.map_or(chunk.len(), |i| i + 1);
        input.consume(used);
        total += used;
        if newline.is_some() {
            // The newline is kept, as read_until keeps it: the CSV reader is handed the first line back whole.
            buf.push(b'\n');
            return Ok((total, content > limit));
        }
    }
}

/// Reads every report of `input`, calling `on_report` for each in input order.
///
/// # Errors
/// Only I/O errors of `input`. Bad content is counted in the summary, never an error.
///
/// # Examples
///
/// ```
/// let log = "START RequestId: 1 Version: $LATEST\n\
///            REPORT RequestId: 1\tDuration: 8.40 ms\tBilled Duration: 9 ms\tMemory Size: 128 MB\tMax Memory Used: 66 MB\t\n";
/// let mut durations = Vec::new();
/// let summary = costsim::logs::read_reports(log.as_bytes(), |r| durations.push(r.duration_ms))?;
/// assert_eq!((durations, summary.skipped), (vec![8.40], 1));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn read_reports<R: BufRead>(mut input: R, mut on_report: impl FnMut(Report)) -> io::Result<LogSummary> {
    let mut summary = LogSummary::default();
    let mut buf = Vec::new();
    let (n, long) = read_line_bounded(&mut input, &mut buf, MAX_LINE_BYTES)?;
    if n == 0 {
        return Ok(summary);
    }
    let first = if long { String::new() } else { String::from_utf8_lossy(&buf).into_owned() };
    if csv_export::is_header(&first) {
        let chained = io::Cursor::new(buf).chain(input);
        csv_export::read(chained, &mut summary, &mut on_report)?;
        return Ok(summary);
    }
    let mut state = json::FilterState::default();
    let mut line_no = 1;
    let mut line = first;
    let mut too_long = long;
    loop {
        if too_long {
            summary.bad(line_no, 1, format!("a line longer than {MAX_LINE_BYTES} bytes is no log line: not read"));
        } else {
            read_line(&line, line_no, &mut state, &mut summary, &mut on_report);
        }
        let (n, long) = read_line_bounded(&mut input, &mut buf, MAX_LINE_BYTES)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        too_long = long;
        line.clear();
        if !long {
            line.push_str(&String::from_utf8_lossy(&buf));
        }
    }
    Ok(summary)
}

/// Reads the reports in `text`, keeping them: for tests and small inputs.
pub fn parse_str(text: &str) -> (Vec<Report>, LogSummary) {
    let mut out = Vec::new();
    let summary = read_reports(text.as_bytes(), |r| out.push(r)).expect("reading from memory does not fail");
    (out, summary)
}

fn read_line(
    raw: &str,
    line_no: usize,
    state: &mut json::FilterState,
    summary: &mut LogSummary,
    on_report: &mut impl FnMut(Report),
) {
    let raw = raw.trim_end_matches(['\n', '\r']);
    let line = raw.trim_start_matches('\u{feff}');
    let trimmed = line.trim();
    // Pretty-printed filter-log-events output: one key per line.
    if let Some(handled) = state.line(trimmed) {
        let at = Place { line: line_no, text: raw, base: offset_in(raw, trimmed) };
        match handled {
            json::FilterLine::Structure => summary.skipped += 1,
            json::FilterLine::Message(message) => {
                // The message is decoded from a JSON string: faults in it are placed at the string's start.
                let time = state.timestamp();
                let base =
                    raw.find("\"message\"").map_or(at.base, |i| i + raw[i + 9..].find('"').map_or(9, |j| j + 10));
                let at = Place { base, ..at };
                deliver(classify(&message).whole(), time, LogForm::FilterLogEvents, &at, summary, on_report);
            }
            json::FilterLine::Bad(msg) => summary.bad_at(line_no, raw, at.base, msg),
        }
        return;
    }
    let at = Place { line: line_no, text: raw, base: offset_in(raw, line) };
    if trimmed.starts_with('{') {
        json::object_line(trimmed, &Place { base: offset_in(raw, trimmed), ..at }, summary, on_report);
        return;
    }
    deliver(classify(line), None, LogForm::Text, &at, summary, on_report);
}

/// Where a message is: its line, the line's text, and the byte offset of the message in it.
pub(crate) struct Place<'a> {
    line: usize,
    text: &'a str,
    base: usize,
}

impl Message {
    /// The same message with any fault placed at the message's start (for messages decoded from a JSON string,
    /// whose offsets are not the line's).
    fn whole(self) -> Message {
        match self {
            Message::Bad(_, m) => Message::Bad(0, m),
            other => other,
        }
    }
}

/// Hands a classified message on, filling in the time from its envelope and the form it arrived in.
fn deliver(
    message: Message,
    envelope_time_ms: Option<i64>,
    envelope: LogForm,
    at: &Place<'_>,
    summary: &mut LogSummary,
    on_report: &mut impl FnMut(Report),
) {
    match message {
        Message::Other => summary.skipped += 1,
        Message::Bad(offset, msg) => summary.bad_at(at.line, at.text, at.base + offset, msg),
        Message::Report(mut r, form) => {
            r.line = at.line;
            r.time_ms = r.time_ms.or(envelope_time_ms);
            summary.reports += 1;
            summary.saw(if envelope == LogForm::Text { form } else { envelope });
            on_report(*r);
        }
    }
}

/// What one log message is: a text REPORT line, a JSON record, or something else.
fn classify(message: &str) -> Message {
    let t = message.trim();
    if t.starts_with('{') {
        return match json::record(t) {
            Message::Bad(o, m) => Message::Bad(o + offset_in(message, t), m),
            other => other,
        };
    }
    text::line(message)
}

/// Checks the values every form shares; returns the report, or the field at fault and what is wrong.
///
/// Durations are at most Lambda's 900 s maximum timeout (AWS Lambda Developer Guide, "Configure Lambda function
/// timeout"): a longer one is no Lambda invocation, and would overflow the fits and the charts downstream.
fn checked(r: Report) -> Result<Report, (Field, String)> {
    let ok = |x: f64| x.is_finite() && (0.0..=MAX_DURATION_MS).contains(&x);
    let limit = "a number from 0 to 900,000 ms (Lambda's 900 s maximum timeout)";
    if !ok(r.duration_ms) {
        return Err((Field::Duration, format!("Duration must be {limit} (got {})", number(r.duration_ms))));
    }
    if r.billed_duration_ms as f64 > MAX_DURATION_MS {
        return Err((Field::BilledDuration, format!("Billed Duration must be {limit} (got {})", r.billed_duration_ms)));
    }
    if let Some(i) = r.init_duration_ms.filter(|x| !ok(*x)) {
        return Err((Field::Init, format!("Init Duration must be {limit} (got {})", number(i))));
    }
    if let Some(i) = r.restore_duration_ms.filter(|x| !ok(*x)) {
        return Err((Field::Restore, format!("Restore Duration must be {limit} (got {})", number(i))));
    }
    if let Some(i) = r.billed_restore_duration_ms.filter(|x| *x as f64 > MAX_DURATION_MS) {
        return Err((Field::BilledRestore, format!("Billed Restore Duration must be {limit} (got {i})")));
    }
    if !(crate::workload::MIN_MEMORY_MB..=crate::workload::MAX_MEMORY_MB).contains(&r.memory_size_mb) {
        return Err((
            Field::MemorySize,
            format!("Memory Size must be between 128 and 10240 MB (got {})", r.memory_size_mb),
        ));
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_binary_input_do_not_fail() {
        let (r, s) = parse_str("");
        assert!(r.is_empty() && s == LogSummary::default());
        let mut bytes = vec![0xff, 0xfe, b'\n', 0x00];
        bytes.extend_from_slice(b"REPORT RequestId: \xff\tDuration: 1 ms\n");
        let mut n = 0;
        let s = read_reports(&bytes[..], |_| n += 1).unwrap();
        // Line 1 is junk (skipped); line 2 (a NUL, then a report without most fields) is a malformed report.
        assert_eq!((n, s.skipped, s.malformed_count), (0, 1, 1));
    }
}
