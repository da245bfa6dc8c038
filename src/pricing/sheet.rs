//! The budgeting sheet: a CSV with one function per row, priced together as one account.
//!
//! Required columns: `name, region, architecture, memory_mb, monthly_requests, avg_duration_ms`.
//! Optional: `cold_start_ratio, init_ms, provisioned, provisioned_hours` or `provisioned_window` (a daily
//! `HH:MM-HH:MM`), `provisioned_traffic_share, ephemeral_mb, snapstart, package`, and
//! the event sources: `sqs_requests, sqs_fifo, sqs_payload_kb, api_requests, api_kind, api_payload_kb,
//! scheduler_invocations, schedule_kind`.
//! The first row is the header, recognised by its column names; each column appears once, and every row has
//! a field for each header column. Every problem is reported as `file:ROW:COLUMN: what is wrong, what is
//! allowed`, quoting at most a short, escaped excerpt of what the file says.
//!
//! The sheet is read as a stream, up to [`MAX_SHEET_BYTES`] and [`MAX_ROWS`] function rows: the bill holds a few
//! lines per function, so rows, not bytes, decide the memory (about 1.8 KB a row when priced to CSV: under
//! 200 MB for the largest sheet).

use std::io::Read;

use rust_decimal::Decimal;

use super::catalog::Catalog;
use super::estimate::{EstimateError, FunctionEstimate, HOURS_PER_MONTH};
use super::events::{ApiKind, EventSources, ScheduleKind};
use super::provisioned::Window;
use super::PackageType;
use crate::diagnostic::{did_you_mean, Location};
use crate::quantity;
use crate::Architecture;

/// Columns every row must have.
pub const REQUIRED: [&str; 6] = ["name", "region", "architecture", "memory_mb", "monthly_requests", "avg_duration_ms"];
/// Columns a sheet may add.
pub const OPTIONAL: [&str; 17] = [
    "cold_start_ratio",
    "init_ms",
    "provisioned",
    "provisioned_hours",
    "provisioned_window",
    "provisioned_traffic_share",
    "ephemeral_mb",
    "snapstart",
    "package",
    "sqs_requests",
    "sqs_fifo",
    "sqs_payload_kb",
    "api_requests",
    "api_kind",
    "api_payload_kb",
    "scheduler_invocations",
    "schedule_kind",
];

/// Largest sheet read by default [bytes]: 32 MiB, room for [`MAX_ROWS`] rows with long names (`--max-input-mb`
/// raises it, see [`crate::limits`]; the row limit stays).
pub const MAX_SHEET_BYTES: u64 = 32 * 1024 * 1024;
/// Most function rows in one sheet: 100,000 price in under 200 MB. Split larger accounts into several sheets.
pub const MAX_ROWS: usize = 100_000;
/// Longest field [characters]: names are at most 256 characters, numbers and codes much shorter.
pub const MAX_FIELD_CHARS: usize = 256;
/// Problems kept with their message; the rest are counted in [`Sheet::more_errors`].
pub const MAX_ERRORS: usize = 100;
/// Characters of the file quoted in a message at most.
const EXCERPT_CHARS: usize = 40;

/// One problem in the sheet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct SheetError {
    /// File, row (line) and column (1-based).
    pub location: Location,
    /// What is wrong and what is allowed.
    pub message: String,
}

/// The rows that parsed, and the problems found in the others.
#[derive(Debug, Default)]
pub struct Sheet {
    /// The file, as messages name it.
    pub path: String,
    /// The header's column names, in file order.
    pub header: Vec<String>,
    /// Valid functions, in file order.
    pub functions: Vec<FunctionEstimate>,
    /// The line of each of `functions` in the file.
    pub rows: Vec<usize>,
    /// Problems, in file order (the first [`MAX_ERRORS`]); a row with a problem is not in `functions`.
    pub errors: Vec<SheetError>,
    /// Problems found beyond the first [`MAX_ERRORS`].
    pub more_errors: usize,
}

impl Sheet {
    /// Number of problems found.
    pub fn error_count(&self) -> usize {
        self.errors.len() + self.more_errors
    }

    /// Where function `function`'s `field` is (its row, and the column of `field`, or 1 if the sheet has none).
    pub fn location(&self, function: usize, field: &str) -> Location {
        let column = self.header.iter().position(|h| h == field).map_or(1, |i| i + 1);
        Location { path: self.path.clone(), line: self.rows.get(function).copied().unwrap_or(1), column }
    }

    fn error(&mut self, line: usize, column: usize, message: String) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(SheetError { location: Location { path: self.path.clone(), line, column }, message });
        } else {
            self.more_errors += 1;
        }
    }
}

/// Parses a sheet's `text`; `path` names it in messages. Regions are checked against `catalog`.
pub fn parse(path: &str, text: &str, catalog: &Catalog) -> Sheet {
    read(path, text.as_bytes(), catalog)
}

/// Reads a sheet from `input` as a stream, at most [`MAX_SHEET_BYTES`] (unless raised); `path` names it in messages.
pub fn read(path: &str, input: impl Read, catalog: &Catalog) -> Sheet {
    let mut sheet = Sheet { path: path.to_string(), ..Sheet::default() };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .flexible(true)
        .has_headers(false)
        .from_reader(Limited::new(input, crate::limits::max_bytes(crate::limits::InputKind::Sheet)));
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => {}
        Ok(false) => {
            let message = format!("the sheet is empty; the first row must name the columns ({})", REQUIRED.join(", "));
            sheet.error(1, 1, message);
            return sheet;
        }
        Err(e) => {
            let line = e.position().map_or(1, |p| p.line() as usize);
            sheet.error(line, 1, format!("cannot read the header row: {}", csv_problem(&e)));
            return sheet;
        }
    }
    let header_line = record.position().map_or(1, |p| p.line() as usize);
    let Some(columns) = header(&mut sheet, &record, header_line) else { return sheet };
    let mut rows = 0usize;
    loop {
        let result = reader.read_record(&mut record);
        if !matches!(result, Ok(false)) {
            rows += 1;
        }
        if rows > MAX_ROWS {
            let line = record.position().map_or_else(|| reader.position().line() as usize, |p| p.line() as usize);
            let message = format!(
                "the sheet has more than {MAX_ROWS} function rows, the limit for a budgeting sheet; split it into \
                 several sheets"
            );
            sheet.error(line, 1, message);
            break;
        }
        match result {
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or_else(|| reader.position().line() as usize, |p| p.line() as usize);
                sheet.error(line, 1, format!("malformed row: {}", csv_problem(&e)));
                // A row that is not UTF-8 is skipped; an I/O error (or the size limit) ends the sheet.
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
            }
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line() as usize);
                let row = Row { columns: &columns, header: &sheet.header, record: &record };
                match row.function(catalog) {
                    Ok(f) => {
                        sheet.functions.push(f);
                        sheet.rows.push(line);
                    }
                    Err((column, message)) => sheet.error(line, column, message),
                }
            }
        }
    }
    sheet
}

/// A reader that fails with [`TooLarge`] past `left` bytes, so that no input makes the sheet grow unbounded
/// (a field is buffered whole, whatever its length).
struct Limited<R> {
    inner: R,
    /// Bytes that may still be read.
    left: u64,
    /// The limit [bytes], for the message.
    limit: u64,
}

impl<R> Limited<R> {
    fn new(inner: R, limit: u64) -> Limited<R> {
        Limited { inner, left: limit, limit }
    }
}

/// The sheet is longer than its limit [bytes].
#[derive(Debug, thiserror::Error)]
#[error(
    "the sheet is larger than {}, the limit for a budgeting sheet ({bytes} bytes); split it into several sheets, \
     or raise the limit with {flag} MB",
    crate::limits::mib(*.0),
    bytes = .0,
    flag = crate::limits::FLAG
)]
struct TooLarge(u64);

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            // Exactly at the limit: fine if the input ends here.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(std::io::Error::other(TooLarge(self.limit))),
            };
        }
        let max = buf.len().min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..max])?;
        self.left -= n as u64;
        Ok(n)
    }
}

/// The csv crate's message without its own position (the location says it).
fn csv_problem(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8 text; save the sheet as UTF-8".into(),
        csv::ErrorKind::Io(io) => match io.get_ref().and_then(|e| e.downcast_ref::<TooLarge>()) {
            Some(too_large) => too_large.to_string(),
            None => format!("cannot read: {io}"),
        },
        _ => e.to_string(),
    }
}

/// `text` for a message: at most [`EXCERPT_CHARS`] characters, control characters and quotes escaped.
pub fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(EXCERPT_CHARS).flat_map(char::escape_debug).collect();
    if text.chars().nth(EXCERPT_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// Position of each known column in the header, by name.
struct Columns {
    index: Vec<(&'static str, usize)>,
}

impl Columns {
    fn get(&self, name: &str) -> Option<usize> {
        self.index.iter().find(|(n, _)| *n == name).map(|(_, i)| *i)
    }
}

/// Checks the header row: it must name known columns, each once, and all the required ones.
fn header(sheet: &mut Sheet, record: &csv::StringRecord, line: usize) -> Option<Columns> {
    let known: Vec<&'static str> = REQUIRED.iter().chain(OPTIONAL.iter()).copied().collect();
    let header: Vec<String> = record.iter().map(str::to_string).collect();
    if !header.iter().any(|h| known.contains(&h.as_str())) {
        sheet.error(
            line,
            1,
            format!(
                "the first row must be a header naming the columns (required: {}; optional: {}), not data such \
                 as '{}'",
                REQUIRED.join(", "),
                OPTIONAL.join(", "),
                excerpt(&header.join(","))
            ),
        );
        return None;
    }
    let mut index: Vec<(&'static str, usize)> = Vec::new();
    for (i, name) in header.iter().enumerate() {
        match known.iter().find(|k| **k == name.as_str()) {
            None => {
                let hint = did_you_mean(name, known.iter().copied());
                let message = format!("unknown column '{}'{hint}; allowed: {}", excerpt(name), known.join(", "));
                sheet.error(line, i + 1, message);
            }
            Some(k) => match index.iter().find(|(n, _)| n == k) {
                Some((_, first)) => sheet.error(
                    line,
                    i + 1,
                    format!(
                        "column '{k}' appears twice, as columns {} and {}; give each column once",
                        first + 1,
                        i + 1
                    ),
                ),
                None => index.push((k, i)),
            },
        }
    }
    for required in REQUIRED {
        if !index.iter().any(|(n, _)| *n == required) {
            sheet.error(line, 1, format!("missing required column '{required}' (required: {})", REQUIRED.join(", ")));
        }
    }
    sheet.header = header;
    sheet.errors.is_empty().then_some(Columns { index })
}

struct Row<'a> {
    columns: &'a Columns,
    header: &'a [String],
    record: &'a csv::StringRecord,
}

/// A problem in a row: 1-based column and message.
type RowError = (usize, String);

impl Row<'_> {
    fn column(&self, name: &str) -> usize {
        self.columns.get(name).map_or(1, |i| i + 1)
    }

    fn cell(&self, name: &str) -> Option<&str> {
        let i = self.columns.get(name)?;
        self.record.get(i).filter(|v| !v.is_empty())
    }

    /// Every row has one field per header column, none longer than [`MAX_FIELD_CHARS`].
    fn check_shape(&self) -> Result<(), RowError> {
        let (got, want) = (self.record.len(), self.header.len());
        if got < want {
            return Err((
                got + 1,
                format!(
                    "the row has {got} field(s) but the header has {want}: '{}' and any after it are missing; \
                     give every row a field for each column (leave optional ones empty)",
                    excerpt(&self.header[got])
                ),
            ));
        }
        if got > want {
            return Err((
                want + 1,
                format!("the row has {got} fields but the header has {want}; remove the extra field(s) or name them in the header"),
            ));
        }
        for (i, field) in self.record.iter().enumerate() {
            let chars = field.chars().count();
            if chars > MAX_FIELD_CHARS {
                return Err((
                    i + 1,
                    format!("the field has {chars} characters; at most {MAX_FIELD_CHARS} are allowed"),
                ));
            }
        }
        Ok(())
    }

    fn required(&self, name: &str) -> Result<&str, RowError> {
        self.cell(name).ok_or_else(|| (self.column(name), format!("{name} is empty; every row needs a value")))
    }

    fn number(&self, name: &str) -> Result<Option<Decimal>, RowError> {
        self.cell(name).map(|v| quantity::parse(v).map_err(|m| (self.column(name), format!("{name} {m}")))).transpose()
    }

    fn whole(&self, name: &str) -> Result<Option<u32>, RowError> {
        self.cell(name)
            .map(|v| quantity::parse_whole(v).map_err(|m| (self.column(name), format!("{name} {m}"))))
            .transpose()
    }

    fn estimate_err(&self, e: EstimateError) -> RowError {
        (self.column(e.field), e.to_string())
    }

    fn function(&self, catalog: &Catalog) -> Result<FunctionEstimate, RowError> {
        self.check_shape()?;
        let name = self.required("name")?;
        let region = self.required("region")?;
        catalog.check_region(region).map_err(|e| (self.column("region"), e.to_string()))?;
        let arch: Architecture = self
            .required("architecture")?
            .parse()
            .map_err(|e: crate::architecture::UnknownArchitecture| (self.column("architecture"), e.to_string()))?;
        let memory =
            self.whole("memory_mb")?.ok_or_else(|| (self.column("memory_mb"), "memory_mb is empty".to_string()))?;
        let requests = self.number("monthly_requests")?.unwrap_or_default();
        let duration = self
            .number("avg_duration_ms")?
            .ok_or_else(|| (self.column("avg_duration_ms"), "avg_duration_ms is empty".to_string()))?;
        let mut f =
            FunctionEstimate::new(name, region, arch, memory, requests, duration).map_err(|e| self.estimate_err(e))?;
        let ratio = self.number("cold_start_ratio")?.unwrap_or_default();
        let init = self.number("init_ms")?.unwrap_or_default();
        f = f.with_cold_starts(ratio, init).map_err(|e| self.estimate_err(e))?;
        f = self.provisioned(f)?;
        if let Some(mb) = self.whole("ephemeral_mb")? {
            f = f.with_ephemeral_mb(mb).map_err(|e| self.estimate_err(e))?;
        }
        let snapstart = self.flag("snapstart")?;
        let package = self.named("package", PackageType::Zip)?;
        let f = f.with_packaging(package, snapstart).map_err(|e| self.estimate_err(e))?;
        Ok(f.with_event_sources(self.event_sources()?))
    }

    /// The provisioned-concurrency columns: `provisioned` environments, enabled `provisioned_hours` a month or in a
    /// daily `provisioned_window`, with `provisioned_traffic_share` of the requests.
    fn provisioned(&self, f: FunctionEstimate) -> Result<FunctionEstimate, RowError> {
        const WHEN: [&str; 3] = ["provisioned_hours", "provisioned_window", "provisioned_traffic_share"];
        let Some(n) = self.whole("provisioned")? else {
            // Hours, a window or a share without environments would price nothing: say so rather than drop it.
            return match WHEN.into_iter().find(|c| self.cell(c).is_some()) {
                Some(c) => {
                    Err((self.column(c), format!("{c} needs provisioned (the number of environments) in the same row")))
                }
                None => Ok(f),
            };
        };
        let hours = self.number("provisioned_hours")?;
        let f = match self.cell("provisioned_window") {
            Some(_) if hours.is_some() => {
                return Err((
                    self.column("provisioned_window"),
                    "give provisioned_hours or provisioned_window, not both".to_string(),
                ))
            }
            Some(w) => {
                let window = Window::parse_daily(w).map_err(|m| {
                    (self.column("provisioned_window"), format!("provisioned_window: got '{}': {m}", excerpt(w)))
                })?;
                f.with_provisioned_window(n, window)
            }
            None => f.with_provisioned(n, hours.unwrap_or(Decimal::from(HOURS_PER_MONTH))),
        }
        .map_err(|e| self.estimate_err(e))?;
        match self.number("provisioned_traffic_share")? {
            Some(share) => f.with_provisioned_traffic_share(share).map_err(|e| self.estimate_err(e)),
            None => Ok(f),
        }
    }

    /// The SQS, API and schedule columns.
    fn event_sources(&self) -> Result<EventSources, RowError> {
        let count = |name| self.number(name).map(Option::unwrap_or_default);
        let (sqs, fifo, sqs_payload) = (count("sqs_requests")?, self.flag("sqs_fifo")?, self.number("sqs_payload_kb")?);
        let (api, api_kind, api_payload) =
            (count("api_requests")?, self.named("api_kind", ApiKind::None)?, self.number("api_payload_kb")?);
        let (schedule, schedule_kind) =
            (count("scheduler_invocations")?, self.named("schedule_kind", ScheduleKind::Scheduler)?);
        EventSources::default()
            .with_sqs(sqs, fifo, sqs_payload)
            .and_then(|e| e.with_api(api, api_kind, api_payload))
            .and_then(|e| e.with_schedule(schedule, schedule_kind))
            .map_err(|e| self.estimate_err(e))
    }

    /// A true/false column, false when empty.
    fn flag(&self, name: &str) -> Result<bool, RowError> {
        match self.cell(name) {
            None => Ok(false),
            Some(v) => parse_bool(v)
                .ok_or_else(|| (self.column(name), format!("{name} must be true or false (got '{}')", excerpt(v)))),
        }
    }

    /// A column of names (`package`, `api_kind`, …), `default` when empty.
    fn named<T: std::str::FromStr<Err = String>>(&self, name: &str, default: T) -> Result<T, RowError> {
        match self.cell(name) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|m: String| (self.column(name), m)),
        }
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}
