//! Reading a trace's rows, and streaming its arrivals to a simulation run.

use super::*;

/// Turns lines into rows for one format, skipping headers, blank lines and comments.
pub(super) struct RowReader {
    format: TraceFormat,
    first: bool,
    /// per_minute with one column: the next minute.
    next_minute: u64,
    /// azure2019: the row's minute counts, and how many were read.
    azure: Option<(String, usize, usize)>,
}

impl RowReader {
    pub(super) fn new(format: TraceFormat) -> Self {
        Self { format, first: true, next_minute: 0, azure: None }
    }

    pub(super) fn azure_done(&self) -> bool {
        self.azure.as_ref().is_some_and(|a| a.2 >= AZURE_MINUTES)
    }

    /// The next row with its line and column; `None` at the end.
    pub(super) fn next(&mut self, lines: &mut Lines) -> Result<Option<(Row, usize, usize)>, TraceError> {
        if self.format == TraceFormat::Azure2019 {
            return self.next_azure(lines);
        }
        loop {
            let line_no = lines.line_no + 1;
            let Some(line) = lines.next_line()? else { return Ok(None) };
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let first = std::mem::replace(&mut self.first, false);
            let cols: Vec<(usize, &str)> = fields(line).collect();
            match self.format {
                TraceFormat::Timestamps => {
                    let (c, v) = cols[0];
                    match parse_time_s(v) {
                        Some(s) => return Ok(Some((Row::Time(s), line_no, c))),
                        None if first => continue, // a header
                        None => {
                            return Err(err(
                                line_no,
                                c,
                                format!("'{v}' is not a time (seconds, or a date-time such as 2024-01-15T10:00:00Z)"),
                            ))
                        }
                    }
                }
                _ => {
                    let count_col = cols.len().min(2) - 1;
                    let (c, v) = cols[count_col];
                    let Ok(count) = v.parse::<u64>() else {
                        if first {
                            continue;
                        }
                        return Err(err(line_no, c, format!("'{v}' is not a count of requests (a whole number ≥ 0)")));
                    };
                    let minute = if count_col == 1 {
                        let (mc, mv) = cols[0];
                        let m = mv
                            .parse::<u64>()
                            .map_err(|_| err(line_no, mc, format!("'{mv}' is not a minute number (0, 1, 2, …)")))?;
                        if m < self.next_minute {
                            return Err(err(
                                line_no,
                                mc,
                                format!(
                                    "minute {m} comes after minute {}: minutes must increase",
                                    self.next_minute - 1
                                ),
                            ));
                        }
                        m
                    } else {
                        self.next_minute
                    };
                    self.next_minute = minute + 1;
                    return Ok(Some((Row::Minute { minute, count }, line_no, c)));
                }
            }
        }
    }

    fn next_azure(&mut self, lines: &mut Lines) -> Result<Option<(Row, usize, usize)>, TraceError> {
        if self.azure.is_none() {
            let Some(line) = lines.next_line()? else {
                return Ok(None);
            };
            // Skip the key columns: HashOwner, HashApp, HashFunction, Trigger.
            let mut pos = 0;
            for _ in 0..AZURE_KEY_COLUMNS {
                pos = line[pos..].find(',').map_or(line.len(), |i| pos + i + 1);
            }
            self.azure = Some((line.to_string(), pos, 0));
        }
        let line_no = lines.line_no;
        let (row, pos, minute) = self.azure.as_mut().expect("just set");
        if *minute >= AZURE_MINUTES {
            return Ok(None);
        }
        if *pos >= row.len() {
            return Err(err(
                line_no,
                row.chars().count() + 1,
                format!("the row ends after {minute} of 1440 minute counts"),
            ));
        }
        let end = row[*pos..].find(',').map_or(row.len(), |i| *pos + i);
        let v = row[*pos..end].trim();
        let column = row[..*pos].chars().count() + 1;
        let count = v
            .parse::<u64>()
            .map_err(|_| err(line_no, column, format!("minute {}: '{v}' is not a count of requests", *minute + 1)))?;
        let m = *minute as u64;
        *minute += 1;
        *pos = end + 1;
        Ok(Some((Row::Minute { minute: m, count }, line_no, column)))
    }
}

/// Streams one run's arrivals from a [`Trace`] (see the module docs). Cloning gives an independent source at the
/// same point of the trace.
#[derive(Debug)]
pub struct TraceSource {
    trace: Arc<Trace>,
    lines: Option<LinesState>,
    /// Where to resume reading [bytes] and the line number there.
    offset: u64,
    line_no: usize,
    rows: RowState,
    /// The current minute's window and the requests left in it [µs].
    cur_us: f64,
    end_us: f64,
    remaining: u64,
    done: bool,
}

#[derive(Debug, Clone)]
struct RowState {
    first: bool,
    next_minute: u64,
    azure: Option<(String, usize, usize)>,
}

struct LinesState(Lines);

impl fmt::Debug for LinesState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lines {{ offset: {} }}", self.0.offset)
    }
}

impl Clone for TraceSource {
    fn clone(&self) -> Self {
        let (offset, line_no) = self.lines.as_ref().map_or((self.offset, self.line_no), |l| (l.0.offset, l.0.line_no));
        Self { trace: Arc::clone(&self.trace), lines: None, offset, line_no, rows: self.rows.clone(), ..*self }
    }
}

impl TraceSource {
    /// A source at the start of `trace`.
    pub fn new(trace: Arc<Trace>) -> Self {
        let offset = trace.row_offset;
        Self {
            trace,
            lines: None,
            offset,
            line_no: 0,
            rows: RowState { first: true, next_minute: 0, azure: None },
            cur_us: 0.0,
            end_us: 0.0,
            remaining: 0,
            done: false,
        }
    }

    /// The next arrival [µs], or `None` when the trace is exhausted (or cannot be read: see
    /// [`Trace::stream_error`]).
    pub fn next<R: Rng + ?Sized>(&mut self, rng: &mut R) -> Option<u64> {
        loop {
            if self.done {
                return None;
            }
            if self.remaining > 0 {
                let v = 1.0 - rng.gen::<f64>(); // (0, 1]
                let t = self.cur_us + (self.end_us - self.cur_us) * (1.0 - v.powf(1.0 / self.remaining as f64));
                self.cur_us = t;
                self.remaining -= 1;
                // Rounding must not carry a request past its minute: the horizon may end exactly there.
                return Some(crate::workload::nearest_us(t).min((self.end_us.ceil() as u64).saturating_sub(1)));
            }
            match self.next_row() {
                Ok(Some(Row::Time(s))) => {
                    return Some(crate::workload::nearest_us(
                        ((s - self.trace.origin_s) * self.trace.scale * US_PER_S).max(0.0),
                    ))
                }
                Ok(Some(Row::Minute { minute, count })) => {
                    let minute_us = S_PER_MIN * US_PER_S * self.trace.scale;
                    self.cur_us = minute as f64 * minute_us;
                    self.end_us = self.cur_us + minute_us;
                    self.remaining = count;
                }
                Ok(None) => self.done = true,
                Err(e) => {
                    self.trace.fail(e);
                    self.done = true;
                }
            }
        }
    }

    fn next_row(&mut self) -> Result<Option<Row>, TraceError> {
        if self.lines.is_none() {
            let lines = Lines::open(&self.trace.path, self.offset, self.line_no)
                .map_err(|e| err(self.line_no, 1, format!("cannot read the trace: {e}")))?;
            self.lines = Some(LinesState(lines));
        }
        let lines = &mut self.lines.as_mut().expect("just opened").0;
        let mut reader = RowReader {
            format: self.trace.format,
            first: self.rows.first,
            next_minute: self.rows.next_minute,
            azure: self.rows.azure.take(),
        };
        let row = reader.next(lines);
        self.rows = RowState { first: reader.first, next_minute: reader.next_minute, azure: reader.azure };
        Ok(row?.map(|(r, ..)| r))
    }
}
