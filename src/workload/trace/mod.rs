//! Replayed traffic traces, streamed from their files: per-request timestamps, per-minute counts, and the Azure
//! Functions 2019 public trace (Azure/AzurePublicDataset, `AzureFunctionsDataset2019.md`).
//!
//! # Formats
//!
//! - `timestamps`: a CSV whose first column is each request's time, one row per request, in non-decreasing order:
//!   seconds as a number (`12.5`), or a date-time (`2024-01-15T10:00:00.123Z`, `2024-01-15 10:00:00.123`).
//!   The first request arrives at simulated time 0.
//! - `per_minute`: a CSV of requests per minute, either one column (`count`: row `i` is minute `i`) or two
//!   (`minute,count`: minutes from 0, increasing, gaps are minutes without requests).
//! - `azure2019`: a file `invocations_per_function_md.anon.dNN.csv` of the Azure Functions 2019 trace
//!   (`HashOwner,HashApp,HashFunction,Trigger,1,…,1440`); `function` selects the row by `HashFunction`, or by
//!   `HashApp/HashFunction` when a function hash is not unique.
//!
//! Blank lines and lines starting with `#` are ignored. A header is recognised by its column names: a first line
//! whose every column is a name (a letter, `_` or `@` first); a first line that is neither a header nor data is an
//! error, never a dropped row. Every `per_minute` row has as many columns as the first.
//!
//! # Limits
//!
//! A trace must be a regular file of at most [`MAX_TRACE_BYTES`], with lines of at most [`MAX_LINE_BYTES`] (so a
//! device such as `/dev/zero` is refused and a file without line ends is not read into memory); at most
//! [`MAX_REQUESTS_PER_MINUTE`] in a minute and [`MAX_TRACE_REQUESTS`] in all; spanning at most [`MAX_SPAN_US`]
//! after scaling. Times are converted to microseconds with these checks, never by a saturating cast. Errors quote
//! at most a short escaped excerpt of a value, and nothing from a file whose first row already fails (see
//! [`crate::diagnostic::excerpt`]).
//!
//! # Replay
//!
//! Times are multiplied by `scale` (0.5 plays the trace twice as fast). A minute's `k` requests are spread
//! uniformly at random inside the (scaled) minute, drawn from the simulation's seeded traffic stream, so a run is
//! deterministic and simulates exactly the trace's total. They come out in time order without being stored: the
//! next of `k` remaining uniforms on `[cur, end)` is `cur + (end − cur)·(1 − V^(1/k))`, `V ~ U(0, 1]`.
//!
//! The file is read once when the scenario loads (every row checked, the total counted) and then streamed by each
//! simulation run, a line at a time: memory does not depend on the trace's size. Should the file change or vanish
//! between the two, the run stops replaying and [`Trace::stream_error`] says why.

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rand::Rng;

use crate::diagnostic::excerpt;

/// Microseconds per second.
const US_PER_S: f64 = 1e6;
/// Seconds per minute.
const S_PER_MIN: f64 = 60.0;
/// Minutes in one day's file of the Azure 2019 trace.
const AZURE_MINUTES: usize = 1440;
/// Columns before the minute counts in the Azure 2019 trace.
const AZURE_KEY_COLUMNS: usize = 4;

/// Largest trace file by default [bytes]: traces are streamed, but a file must end (`--max-input-mb` raises it,
/// see [`crate::limits`]).
pub const MAX_TRACE_BYTES: u64 = 16 * 1024 * 1024 * 1024;
/// Longest line [bytes]: an Azure 2019 row of 1,440 counts is about 10 KB.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;
/// Most requests in one minute of a trace: 1,000,000 requests/s, the generated traffic's largest mean rate.
pub const MAX_REQUESTS_PER_MINUTE: u64 = 60_000_000;
/// Most requests in a trace: every replication replays all of them (the scenario's per-replication bound).
pub const MAX_TRACE_REQUESTS: u64 = crate::scenario::MAX_REQUESTS_PER_REPLICATION;
/// Longest span of a trace after scaling [µs]: a 730-hour month, the longest horizon.
pub const MAX_SPAN_US: f64 = 730.0 * 3.6e9;

/// How a trace file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TraceFormat {
    /// One row per request, its time in the first column.
    Timestamps,
    /// Requests per minute: `count` or `minute,count`.
    PerMinute,
    /// The Azure Functions 2019 per-minute invocation counts, one function's row.
    Azure2019,
}

impl TraceFormat {
    /// Every format, as written in scenarios.
    pub const NAMES: [&'static str; 3] = ["timestamps", "per_minute", "azure2019"];

    /// Parses a format name.
    pub fn parse(name: &str) -> Option<TraceFormat> {
        match name {
            "timestamps" => Some(TraceFormat::Timestamps),
            "per_minute" => Some(TraceFormat::PerMinute),
            "azure2019" => Some(TraceFormat::Azure2019),
            _ => None,
        }
    }
}

/// A problem in a trace file, at a line and column (1-based), or with the file itself (line 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceError {
    /// Line, 1-based; 0 when the file could not be read at all.
    pub line: usize,
    /// Column in characters, 1-based.
    pub column: usize,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl fmt::Display for TraceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A checked trace: where it is, how to read it, how many requests it holds and for how long.
#[derive(Debug)]
pub struct Trace {
    path: PathBuf,
    format: TraceFormat,
    scale: f64,
    /// Requests in the trace.
    total: u64,
    /// Time of the last request, or the end of the last minute, after scaling [µs].
    duration_us: u64,
    /// `timestamps`: the first request's time [µs]; it becomes time 0.
    origin_us: f64,
    /// `azure2019`: byte offset of the selected row.
    row_offset: u64,
    /// The first error met while streaming, if any.
    stream_error: Mutex<Option<String>>,
}

impl PartialEq for Trace {
    fn eq(&self, o: &Self) -> bool {
        (&self.path, self.format, self.scale, self.total, self.row_offset)
            == (&o.path, o.format, o.scale, o.total, o.row_offset)
    }
}

/// One data row of a per-minute trace, or one request of a timestamps trace.
enum Row {
    /// A request's time as written [µs] (whole microseconds when written in seconds with at most 6 decimals).
    Time(f64),
    Minute {
        minute: u64,
        count: u64,
    },
}

/// A line-by-line reader that knows its byte offset and line number; lines are at most [`MAX_LINE_BYTES`].
struct Lines {
    reader: BufReader<File>,
    offset: u64,
    line_no: usize,
    buf: Vec<u8>,
}

impl Lines {
    fn open(path: &Path, offset: u64, line_no: usize) -> std::io::Result<Lines> {
        let mut f = File::open(path)?;
        f.seek(SeekFrom::Start(offset))?;
        Ok(Lines { reader: BufReader::with_capacity(1 << 16, f), offset, line_no, buf: Vec::new() })
    }

    /// The next line without its end; `None` at the end of the file. Reads at most [`MAX_LINE_BYTES`] + 1 bytes:
    /// a longer line is an error, not a growing buffer.
    fn next_line(&mut self) -> Result<Option<&str>, TraceError> {
        self.buf.clear();
        let line = self.line_no + 1;
        let n = (&mut self.reader)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| err(line, 1, format!("cannot read the trace: {e}")))?;
        if n == 0 {
            return Ok(None);
        }
        if n > MAX_LINE_BYTES && self.buf.last() != Some(&b'\n') {
            return Err(err(line, 1, format!("the line is longer than {MAX_LINE_BYTES} bytes: not a trace")));
        }
        self.offset += n as u64;
        self.line_no += 1;
        let text = std::str::from_utf8(&self.buf).map_err(|_| err(line, 1, "the line is not UTF-8 text"))?;
        Ok(Some(text.trim_end_matches(['\n', '\r'])))
    }
}

fn err(line: usize, column: usize, message: impl Into<String>) -> TraceError {
    TraceError { line, column, message: message.into() }
}

/// Checks that `path` is a regular file (not a device, pipe or folder) of at most [`MAX_TRACE_BYTES`].
fn check_file(path: &Path) -> Result<(), TraceError> {
    let meta = std::fs::metadata(path).map_err(|e| err(0, 0, format!("cannot read the trace: {e}")))?;
    if !meta.is_file() {
        return Err(err(0, 0, "a trace must be a regular file (not a device, a pipe or a folder)"));
    }
    let limit = crate::limits::max_bytes(crate::limits::InputKind::Trace);
    if meta.len() > limit {
        let flag = crate::limits::FLAG;
        return Err(err(
            0,
            0,
            format!("the trace is larger than the limit of {limit} bytes; {flag} MB raises the limit"),
        ));
    }
    Ok(())
}

/// `span_us` [µs] checked against [`MAX_SPAN_US`] (NaN and infinities included), for the row at `line`:`col`.
fn check_span(span_us: f64, scale: f64, line: usize, col: usize) -> Result<(), TraceError> {
    if span_us.is_finite() && span_us <= MAX_SPAN_US {
        return Ok(());
    }
    Err(err(
        line,
        col,
        format!(
            "this row is more than 730 h after the trace's start (at scale {scale}): a trace may span at most a \
             730-hour month"
        ),
    ))
}

impl Trace {
    /// Opens and checks a trace: reads it once, row by row, counting requests.
    ///
    /// `function` selects the Azure 2019 row (`HashFunction` or `HashApp/HashFunction`); `scale` multiplies times.
    ///
    /// # Errors
    /// [`TraceError`] at the line and column of the first bad row, or (line 0) when the file cannot be read.
    pub fn open(path: &Path, format: TraceFormat, function: Option<&str>, scale: f64) -> Result<Trace, TraceError> {
        check_file(path)?;
        let mut lines = Lines::open(path, 0, 0).map_err(|e| err(0, 0, format!("cannot read the trace: {e}")))?;
        let mut t = Trace {
            path: path.to_path_buf(),
            format,
            scale,
            total: 0,
            duration_us: 0,
            origin_us: 0.0,
            row_offset: 0,
            stream_error: Mutex::new(None),
        };
        if format == TraceFormat::Azure2019 {
            let wanted = function.ok_or_else(|| err(0, 0, "azure2019 traces need `function`"))?;
            t.row_offset = azure_row(path, &mut lines, wanted)?;
        }
        let mut rows = RowReader::new(format);
        let (mut last_time, mut last_minute): (Option<f64>, Option<u64>) = (None, None);
        while let Some((row, line, col)) = rows.next(&mut lines)? {
            match row {
                Row::Time(us) => {
                    if last_time.is_some_and(|p| us < p) {
                        return Err(err(line, col, "timestamps must not decrease (sort the trace by time)"));
                    }
                    if last_time.is_none() {
                        t.origin_us = us;
                    }
                    check_span((us - t.origin_us) * scale, scale, line, col)?;
                    last_time = Some(us);
                    t.total += 1;
                }
                Row::Minute { minute, count } => {
                    if count > MAX_REQUESTS_PER_MINUTE {
                        return Err(err(
                            line,
                            col,
                            format!(
                                "{count} requests in one minute: at most {MAX_REQUESTS_PER_MINUTE} \
                                 (1,000,000 requests/s)"
                            ),
                        ));
                    }
                    check_span((minute as f64 + 1.0) * S_PER_MIN * scale * US_PER_S, scale, line, col)?;
                    t.total += count;
                    last_minute = Some(minute);
                }
            }
            if t.total > MAX_TRACE_REQUESTS {
                return Err(err(
                    line,
                    col,
                    format!(
                        "the trace holds more than {MAX_TRACE_REQUESTS} requests by this row: the limit per \
                         replication (see scenarios/README.md)"
                    ),
                ));
            }
            if format == TraceFormat::Azure2019 && rows.azure_done() {
                break;
            }
        }
        // Checked against MAX_SPAN_US row by row above, so the conversions below cannot saturate.
        let span_us = match (last_time, last_minute) {
            (Some(l), _) => (l - t.origin_us) * scale,
            (None, Some(m)) => (m + 1) as f64 * S_PER_MIN * scale * US_PER_S,
            (None, None) => 0.0,
        };
        t.duration_us = span_us.ceil() as u64;
        if t.total == 0 {
            return Err(err(0, 0, "the trace holds no request"));
        }
        Ok(t)
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The format.
    pub fn format(&self) -> TraceFormat {
        self.format
    }

    /// The time scale (simulated time = trace time × scale).
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// Requests in the trace: exactly what a run replays if the horizon covers [`Trace::duration_us`].
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Simulated time the trace spans, scaled [µs]: to the last request, or to the end of the last minute.
    pub fn duration_us(&self) -> u64 {
        self.duration_us
    }

    /// The shortest horizon that replays every request [µs] (a request exactly at the horizon is not simulated).
    pub fn horizon_needed_us(&self) -> u64 {
        match self.format {
            TraceFormat::Timestamps => self.duration_us + 1,
            _ => self.duration_us.max(1),
        }
    }

    /// The first error met while streaming the trace in a run, if any.
    pub fn stream_error(&self) -> Option<String> {
        self.stream_error.lock().ok().and_then(|e| e.clone())
    }

    fn fail(&self, e: TraceError) {
        if let Ok(mut slot) = self.stream_error.lock() {
            slot.get_or_insert_with(|| format!("{}:{}:{}: {}", self.path.display(), e.line, e.column, e.message));
        }
    }
}

/// Finds the Azure 2019 row of `wanted`; returns its byte offset.
fn azure_row(path: &Path, lines: &mut Lines, wanted: &str) -> Result<u64, TraceError> {
    let (app, func) = match wanted.split_once('/') {
        Some((a, f)) => (Some(a), f),
        None => (None, wanted),
    };
    let mut found: Vec<(u64, usize)> = Vec::new();
    let mut header_seen = false;
    loop {
        let offset = lines.offset;
        let Some(line) = lines.next_line()? else { break };
        let mut f = line.split(',');
        let (_owner, a, h) = (f.next(), f.next().unwrap_or(""), f.next().unwrap_or(""));
        if !header_seen {
            header_seen = true;
            if h.trim() == "HashFunction" {
                continue;
            }
        }
        if h.trim() == func && app.is_none_or(|x| x == a.trim()) {
            found.push((offset, lines.line_no));
        }
    }
    match found.as_slice() {
        [] => Err(err(
            0,
            0,
            format!(
                "no row has HashFunction '{}'{}",
                excerpt(func),
                app.map_or(String::new(), |a| format!(" in app '{}'", excerpt(a)))
            ),
        )),
        [(offset, _)] => {
            *lines = Lines::open(path, *offset, found[0].1 - 1)
                .map_err(|e| err(0, 0, format!("cannot read the trace: {e}")))?;
            Ok(*offset)
        }
        many => Err(err(
            many[1].1,
            1,
            format!(
                "{} rows have HashFunction '{}' (lines {}); write function = \"<HashApp>/<HashFunction>\"",
                many.len(),
                excerpt(func),
                many.iter().map(|m| m.1.to_string()).collect::<Vec<_>>().join(", ")
            ),
        )),
    }
}

mod stream;

use stream::RowReader;
pub use stream::TraceSource;
