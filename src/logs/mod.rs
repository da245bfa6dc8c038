//! Lambda `REPORT` records from logs: one streaming reader for every form they come in (facts §4).
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
    /// What is wrong.
    pub message: String,
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

    fn bad(&mut self, line: usize, message: impl Into<String>) {
        self.malformed_count += 1;
        if self.malformed.len() < MAX_KEPT_MALFORMED {
            self.malformed.push(Malformed { line, message: message.into() });
        }
    }
}

/// What one log message (a line, a JSON event's message, a CSV row's `@message`) turned out to be.
enum Message {
    /// Not a report.
    Other,
    /// A report (time may be filled in by the caller).
    Report(Box<Report>, LogForm),
    /// A report that could not be read.
    Bad(String),
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
    if input.read_until(b'\n', &mut buf)? == 0 {
        return Ok(summary);
    }
    let first = String::from_utf8_lossy(&buf).into_owned();
    if csv_export::is_header(&first) {
        let chained = io::Cursor::new(buf).chain(input);
        csv_export::read(chained, &mut summary, &mut on_report)?;
        return Ok(summary);
    }
    let mut state = json::FilterState::default();
    let mut line_no = 1;
    let mut line = first;
    loop {
        read_line(&line, line_no, &mut state, &mut summary, &mut on_report);
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        line_no += 1;
        line.clear();
        line.push_str(&String::from_utf8_lossy(&buf));
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
    let line = raw.trim_end_matches(['\n', '\r']).trim_start_matches('\u{feff}');
    let trimmed = line.trim();
    // Pretty-printed filter-log-events output: one key per line.
    if let Some(handled) = state.line(trimmed) {
        match handled {
            json::FilterLine::Structure => summary.skipped += 1,
            json::FilterLine::Message(message) => {
                let time = state.timestamp();
                deliver(classify(&message, line_no), time, LogForm::FilterLogEvents, line_no, summary, on_report);
            }
            json::FilterLine::Bad(msg) => summary.bad(line_no, msg),
        }
        return;
    }
    if trimmed.starts_with('{') {
        json::object_line(trimmed, line_no, summary, on_report);
        return;
    }
    deliver(classify(line, line_no), None, LogForm::Text, line_no, summary, on_report);
}

/// Hands a classified message on, filling in the time from its envelope and the form it arrived in.
fn deliver(
    message: Message,
    envelope_time_ms: Option<i64>,
    envelope: LogForm,
    line_no: usize,
    summary: &mut LogSummary,
    on_report: &mut impl FnMut(Report),
) {
    match message {
        Message::Other => summary.skipped += 1,
        Message::Bad(msg) => summary.bad(line_no, msg),
        Message::Report(mut r, form) => {
            r.line = line_no;
            r.time_ms = r.time_ms.or(envelope_time_ms);
            summary.reports += 1;
            summary.saw(if envelope == LogForm::Text { form } else { envelope });
            on_report(*r);
        }
    }
}

/// What one log message is: a text REPORT line, a JSON record, or something else.
fn classify(message: &str, line_no: usize) -> Message {
    let t = message.trim();
    if t.starts_with('{') {
        return json::record(t, line_no);
    }
    text::line(message)
}

/// Checks the values every form shares; returns the report or what is wrong.
fn checked(r: Report) -> Result<Report, String> {
    let finite = |x: f64| x.is_finite() && x >= 0.0;
    if !finite(r.duration_ms) {
        return Err(format!("Duration must be a number ≥ 0 ms (got {})", r.duration_ms));
    }
    if let Some(i) = r.init_duration_ms.filter(|x| !finite(*x)) {
        return Err(format!("Init Duration must be a number ≥ 0 ms (got {i})"));
    }
    if let Some(i) = r.restore_duration_ms.filter(|x| !finite(*x)) {
        return Err(format!("Restore Duration must be a number ≥ 0 ms (got {i})"));
    }
    if !(crate::workload::MIN_MEMORY_MB..=crate::workload::MAX_MEMORY_MB).contains(&r.memory_size_mb) {
        return Err(format!("Memory Size must be between 128 and 10240 MB (got {})", r.memory_size_mb));
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
