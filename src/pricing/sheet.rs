//! The budgeting sheet: a CSV with one function per row, priced together as one account.
//!
//! Required columns: `name, region, architecture, memory_mb, monthly_requests, avg_duration_ms`.
//! Optional: `cold_start_ratio, init_ms, provisioned, provisioned_hours, ephemeral_mb, snapstart, package`.
//! Every problem is reported as `file:ROW:COLUMN: what is wrong, what is allowed`.

use rust_decimal::Decimal;

use super::catalog::Catalog;
use super::estimate::{EstimateError, FunctionEstimate, HOURS_PER_MONTH};
use super::PackageType;
use crate::diagnostic::{did_you_mean, Location};
use crate::quantity;
use crate::Architecture;

/// Columns every row must have.
pub const REQUIRED: [&str; 6] = ["name", "region", "architecture", "memory_mb", "monthly_requests", "avg_duration_ms"];
/// Columns a sheet may add.
pub const OPTIONAL: [&str; 7] =
    ["cold_start_ratio", "init_ms", "provisioned", "provisioned_hours", "ephemeral_mb", "snapstart", "package"];

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
    /// Valid functions, in file order.
    pub functions: Vec<FunctionEstimate>,
    /// Problems, in file order; a row with a problem is not in `functions`.
    pub errors: Vec<SheetError>,
}

/// Parses a sheet's `text`; `path` names it in messages. Regions are checked against `catalog`.
pub fn parse(path: &str, text: &str, catalog: &Catalog) -> Sheet {
    let mut sheet = Sheet::default();
    let at = |line: usize, column: usize, message: String| SheetError {
        location: Location { path: path.to_string(), line, column },
        message,
    };
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).comment(Some(b'#')).from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => {
            sheet.errors.push(at(1, 1, format!("cannot read the header row: {e}")));
            return sheet;
        }
    };
    let known: Vec<&str> = REQUIRED.iter().chain(OPTIONAL.iter()).copied().collect();
    for (i, name) in header.iter().enumerate() {
        if !known.contains(&name.as_str()) {
            let hint = did_you_mean(name, known.iter().copied());
            sheet.errors.push(at(1, i + 1, format!("unknown column '{name}'{hint}; allowed: {}", known.join(", "))));
        }
    }
    for required in REQUIRED {
        if !header.iter().any(|h| h == required) {
            sheet.errors.push(at(
                1,
                1,
                format!("missing required column '{required}' (required: {})", REQUIRED.join(", ")),
            ));
        }
    }
    if !sheet.errors.is_empty() {
        return sheet;
    }
    for record in reader.records() {
        match record {
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                sheet.errors.push(at(line, 1, format!("malformed row: {e}")));
            }
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line() as usize);
                let row = Row { header: &header, record: &record };
                match row.function(catalog) {
                    Ok(f) => sheet.functions.push(f),
                    Err((column, message)) => sheet.errors.push(at(line, column, message)),
                }
            }
        }
    }
    sheet
}

struct Row<'a> {
    header: &'a [String],
    record: &'a csv::StringRecord,
}

/// A problem in a row: 1-based column and message.
type RowError = (usize, String);

impl Row<'_> {
    fn column(&self, name: &str) -> usize {
        self.header.iter().position(|h| h == name).map_or(1, |i| i + 1)
    }

    fn cell(&self, name: &str) -> Option<&str> {
        let i = self.header.iter().position(|h| h == name)?;
        self.record.get(i).filter(|v| !v.is_empty())
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
        if let Some(n) = self.whole("provisioned")? {
            let hours = self.number("provisioned_hours")?.unwrap_or(Decimal::from(HOURS_PER_MONTH));
            f = f.with_provisioned(n, hours).map_err(|e| self.estimate_err(e))?;
        }
        if let Some(mb) = self.whole("ephemeral_mb")? {
            f = f.with_ephemeral_mb(mb).map_err(|e| self.estimate_err(e))?;
        }
        let snapstart = match self.cell("snapstart") {
            None => false,
            Some(v) => parse_bool(v)
                .ok_or_else(|| (self.column("snapstart"), format!("snapstart must be true or false (got '{v}')")))?,
        };
        let package = match self.cell("package") {
            None => PackageType::Zip,
            Some(v) => v.parse().map_err(|m: String| (self.column("package"), m))?,
        };
        f.with_packaging(package, snapstart).map_err(|e| self.estimate_err(e))
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}
