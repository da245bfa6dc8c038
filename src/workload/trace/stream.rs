//! Reading a trace's rows, and streaming its arrivals to a simulation run.

use super::*;

/// How a timestamps trace writes its times: decided by its first row, so later rows are parsed one way only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TimeKind {
    /// Seconds as a number (`12.5`).
    Seconds,
    /// A date-time (`2024-01-15T10:00:00Z`).
    DateTime,
}

impl TimeKind {
    /// The time written `s` [µs].
    fn parse(self, s: &str) -> Option<f64> {
        match self {
            TimeKind::Seconds => match seconds_us(s) {
                Some(us) => Some(us as f64),
                None => s.parse::<f64>().ok().map(|x| x * US_PER_S).filter(|x| x.is_finite()),
            },
            TimeKind::DateTime => crate::logs::parse_time_ms(s).map(|ms| ms as f64 * 1000.0),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            TimeKind::Seconds => "a time in seconds, as the first row",
            TimeKind::DateTime => "a date-time such as 2024-01-15T10:00:00Z, as the first row",
        }
    }
}

/// Seconds written `[-]d…d[.d…d]` with at most 10 integer digits and 6 decimals, as exact microseconds; `None`
/// for anything else (exponents, more decimals), which the general float parser then reads. The common case of a
/// timestamps trace, and 3× cheaper than the general parser, which dominated the cost of a replayed request.
fn seconds_us(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let (negative, b) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, b),
    };
    let int_len = b.iter().position(|c| !c.is_ascii_digit()).unwrap_or(b.len());
    if int_len == 0 || int_len > 10 {
        return None;
    }
    let mut us: i64 = 0;
    for &c in &b[..int_len] {
        us = us * 10 + i64::from(c - b'0');
    }
    let mut frac: i64 = 0;
    let mut decimals = 0;
    if let Some((&dot, rest)) = b[int_len..].split_first() {
        if dot != b'.' || rest.len() > 6 || !rest.iter().all(u8::is_ascii_digit) {
            return None;
        }
        for &c in rest {
            frac = frac * 10 + i64::from(c - b'0');
        }
        decimals = rest.len() as u32;
    }
    let us = us * 1_000_000 + frac * 10_i64.pow(6 - decimals);
    Some(if negative { -us } else { us })
}

/// A column name: a letter, `_` or `@` first, then letters, digits and `_-. ()[]/@`.
fn is_name(field: &str) -> bool {
    let mut chars = field.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_' || c == '@')
        && chars.all(|c| c.is_alphanumeric() || "_-. ()[]/@".contains(c))
}

/// A header: every column is a name. Recognised by what it is, not by failing to parse as data.
fn is_header(line: &str) -> bool {
    line.split(',').all(|f| is_name(f.trim()))
}

/// The 1-based column of byte `start` of `line`, past the field's leading blanks.
fn column(line: &str, start: usize) -> usize {
    let field = &line[start..];
    let blanks = field.len() - field.trim_start().len();
    line[..start + blanks].chars().count() + 1
}

/// Up to three fields of a CSV line without allocating: (byte start, trimmed text), and how many fields it has.
fn split3(line: &str) -> ([(usize, &str); 3], usize) {
    let mut out = [(0, ""); 3];
    let mut n = 0;
    let mut start = 0;
    for f in line.split(',') {
        if n < 3 {
            out[n] = (start, f.trim());
        }
        n += 1;
        start += f.len() + 1;
    }
    (out, n)
}

/// Turns lines into rows for one format, skipping a header, blank lines and comments. Cloning gives a reader at
/// the same point (the file position lives in [`Lines`]).
#[derive(Debug, Clone)]
pub(super) struct RowReader {
    format: TraceFormat,
    /// The first line that is not blank or a comment has been seen (it may be a header).
    started: bool,
    /// A data row has been read: the file is a trace of this format, and errors may quote short excerpts of it.
    proven: bool,
    /// timestamps: how times are written (from the first row).
    time_kind: Option<TimeKind>,
    /// per_minute: columns per row, 1 (`count`) or 2 (`minute,count`), from the header or the first row.
    columns: Option<usize>,
    /// per_minute with one column: the next minute.
    next_minute: u64,
    /// azure2019: the row's minute counts, and how many were read.
    azure: Option<(String, usize, usize)>,
}

impl RowReader {
    pub(super) fn new(format: TraceFormat) -> Self {
        Self { format, started: false, proven: false, time_kind: None, columns: None, next_minute: 0, azure: None }
    }

    pub(super) fn azure_done(&self) -> bool {
        self.azure.as_ref().is_some_and(|a| a.2 >= AZURE_MINUTES)
    }

    /// `'value'`, shortened and escaped, once the file has shown it is a trace; before that, nothing of it.
    fn quote(&self, value: &str) -> String {
        if self.proven {
            format!("'{}'", excerpt(value))
        } else {
            "the value".to_string()
        }
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
            let first = !std::mem::replace(&mut self.started, true);
            if first && is_header(line) {
                if self.format == TraceFormat::PerMinute {
                    let n = line.split(',').count();
                    if n > 2 {
                        return Err(err(
                            line_no,
                            1,
                            format!("a per_minute trace has 1 column (count) or 2 (minute,count); this header has {n}"),
                        ));
                    }
                    self.columns = Some(n);
                }
                continue;
            }
            let row = match self.format {
                TraceFormat::Timestamps => self.time_row(line, line_no, first)?,
                _ => self.minute_row(line, line_no, first)?,
            };
            self.proven = true;
            return Ok(Some(row));
        }
    }

    fn time_row(&mut self, line: &str, line_no: usize, first: bool) -> Result<(Row, usize, usize), TraceError> {
        let end = line.as_bytes().iter().position(|&c| c == b',').unwrap_or(line.len());
        let v = line[..end].trim_ascii();
        let c = column(line, 0);
        let parsed = match self.time_kind {
            Some(kind) => kind.parse(v),
            None => {
                let kind = [TimeKind::Seconds, TimeKind::DateTime].into_iter().find(|k| k.parse(v).is_some());
                self.time_kind = kind;
                kind.and_then(|k| k.parse(v))
            }
        };
        match parsed {
            Some(s) => Ok((Row::Time(s), line_no, c)),
            None if first => Err(err(
                line_no,
                c,
                "the first row is neither a header (column names) nor a time (seconds, or a date-time such as \
                 2024-01-15T10:00:00Z): not a timestamps trace",
            )),
            None => Err(err(
                line_no,
                c,
                format!("{} is not {}", self.quote(v), self.time_kind.map_or("a time", TimeKind::describe)),
            )),
        }
    }

    fn minute_row(&mut self, line: &str, line_no: usize, first: bool) -> Result<(Row, usize, usize), TraceError> {
        let (cols, n) = split3(line);
        if first && n > 2 {
            return Err(err(
                line_no,
                1,
                "the first row is neither a header (count, or minute,count) nor 1 or 2 columns: not a per_minute trace",
            ));
        }
        let expected = *self.columns.get_or_insert(n);
        if n != expected {
            let at = if n > expected { column(line, cols[expected.min(2)].0) } else { column(line, 0) };
            return Err(err(
                line_no,
                at,
                format!(
                    "this row has {n} column(s); the trace's rows have {expected} ({})",
                    if expected == 1 { "count" } else { "minute,count" }
                ),
            ));
        }
        let (start, v) = cols[expected - 1];
        let c = column(line, start);
        let Ok(count) = v.parse::<u64>() else {
            if first {
                return Err(err(
                    line_no,
                    c,
                    "the first row is neither a header (count, or minute,count) nor a count of requests (a whole \
                     number ≥ 0): not a per_minute trace",
                ));
            }
            return Err(err(line_no, c, format!("{} is not a count of requests (a whole number ≥ 0)", self.quote(v))));
        };
        let minute = if expected == 2 {
            let (ms, mv) = cols[0];
            let mc = column(line, ms);
            let m = mv
                .parse::<u64>()
                .map_err(|_| err(line_no, mc, format!("{} is not a minute number (0, 1, 2, …)", self.quote(mv))))?;
            if m < self.next_minute {
                return Err(err(
                    line_no,
                    mc,
                    format!("minute {m} comes after minute {}: minutes must increase", self.next_minute - 1),
                ));
            }
            m
        } else {
            self.next_minute
        };
        self.next_minute = minute.saturating_add(1);
        Ok((Row::Minute { minute, count }, line_no, c))
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
        let count = v.parse::<u64>().map_err(|_| {
            err(line_no, column, format!("minute {}: '{}' is not a count of requests", *minute + 1, excerpt(v)))
        })?;
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
    rows: RowReader,
    /// The current minute's window and the requests left in it [µs].
    cur_us: f64,
    end_us: f64,
    remaining: u64,
    done: bool,
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
        let rows = RowReader::new(trace.format);
        Self { trace, lines: None, offset, line_no: 0, rows, cur_us: 0.0, end_us: 0.0, remaining: 0, done: false }
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
                Ok(Some(Row::Time(us))) => {
                    return Some(crate::workload::nearest_us(((us - self.trace.origin_us) * self.trace.scale).max(0.0)))
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
        Ok(self.rows.next(lines)?.map(|(r, ..)| r))
    }
}

#[cfg(test)]
mod tests {
    use super::seconds_us;

    #[test]
    fn seconds_are_read_as_exact_microseconds() {
        assert_eq!(seconds_us("12.5"), Some(12_500_000));
        assert_eq!(seconds_us("0.000001"), Some(1));
        assert_eq!(seconds_us("-3"), Some(-3_000_000));
        assert_eq!(seconds_us("1700000000.123456"), Some(1_700_000_000_123_456));
        assert_eq!(seconds_us("7."), Some(7_000_000));
        // Left to the general parser: exponents, 7 decimals, 11 integer digits; and not numbers at all.
        for s in ["1e3", "0.0000001", "12345678901", "", "-", ".5", "5x", "1.2.3"] {
            assert_eq!(seconds_us(s), None, "{s}");
        }
    }
}
