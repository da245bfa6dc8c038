//! The baseline file: today's account of an application, simulated once by `costsim run --baseline-only` and
//! read by every `costsim run --shard K/N --baseline FILE` and by `costsim merge --baseline FILE` instead of
//! simulating it again.
//!
//! It says what it was computed from as a shard file does (the input's content hash, the catalog's, the
//! options, seed and billing date, costsim's version): a baseline is used only by a run of exactly that, so the
//! report stays byte-identical to a one-machine run. The [`Baseline`] itself is written losslessly (see
//! `fleet::stored`).

use std::io::{self, Write};
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::file::{CatalogIdentity, InputInfo, RunOptions};
use super::{ShardError, ShardHeader};
use crate::fleet::Baseline;

/// The `format` of a baseline file.
pub const BASELINE_FORMAT: &str = "costsim.baseline";
/// Version of the baseline file's layout: a run refuses any other.
pub const BASELINE_FORMAT_VERSION: u32 = 1;

/// What a baseline was computed from: the fields of a [`ShardHeader`] that make two runs the same run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineHeader {
    /// Always [`BASELINE_FORMAT`].
    pub format: String,
    /// [`BASELINE_FORMAT_VERSION`].
    pub format_version: u32,
    /// costsim's version.
    pub costsim_version: String,
    /// The input (always an application).
    pub input: InputInfo,
    /// The catalog.
    pub catalog: CatalogIdentity,
    /// The options of the run.
    pub options: RunOptions,
    /// The seed the input ran with (its own, or `--seed`).
    pub seed: u64,
    /// The billing date of the run.
    pub date: NaiveDate,
}

impl BaselineHeader {
    /// The header a baseline for the run of `shard` must have.
    pub fn of(shard: &ShardHeader) -> BaselineHeader {
        BaselineHeader {
            format: BASELINE_FORMAT.to_string(),
            format_version: BASELINE_FORMAT_VERSION,
            costsim_version: shard.costsim_version.clone(),
            input: shard.input.clone(),
            catalog: shard.catalog.clone(),
            options: shard.options.clone(),
            seed: shard.seed,
            date: shard.date,
        }
    }

    /// Refuses a baseline (`self`, read from `shown`) of another run than `wanted`'s, saying what differs (the
    /// billing date before the options that may have set it, as the more telling difference). The input's path
    /// is not compared: the same files under another folder are the same input.
    ///
    /// # Errors
    /// [`ShardError::Invalid`] naming the file and what differs.
    pub fn check(&self, shown: &str, wanted: &BaselineHeader) -> Result<(), ShardError> {
        let differs = |what: &str, file: String, run: String| {
            ShardError::Invalid(format!(
                "the baseline '{shown}' is not of this run: {what} differ ({file} in the baseline, {run} here); \
                 compute it with `costsim run --baseline-only` and the same input, options, catalog, seed and costsim"
            ))
        };
        let (a, b) = (self, wanted);
        if a.costsim_version != b.costsim_version {
            return Err(differs("the costsim versions", a.costsim_version.clone(), b.costsim_version.clone()));
        }
        if a.input.kind != b.input.kind || a.input.sha256 != b.input.sha256 {
            return Err(differs(
                "the inputs' contents",
                format!("'{}' sha256 {}", a.input.path.display(), a.input.sha256),
                format!("'{}' sha256 {}", b.input.path.display(), b.input.sha256),
            ));
        }
        if a.catalog != b.catalog {
            let show = |c: &CatalogIdentity| format!("'{}' sha256 {}", c.origin, c.sha256);
            return Err(differs("the pricing catalogs", show(&a.catalog), show(&b.catalog)));
        }
        if a.seed != b.seed {
            return Err(differs("the seeds", a.seed.to_string(), b.seed.to_string()));
        }
        if a.date != b.date {
            return Err(differs("the billing dates (give the same --date)", a.date.to_string(), b.date.to_string()));
        }
        if a.options != b.options {
            return Err(differs("the command-line options", format!("{:?}", a.options), format!("{:?}", b.options)));
        }
        Ok(())
    }
}

/// A baseline file: its header and today's account.
#[derive(Serialize, Deserialize)]
pub struct BaselineFile {
    /// What it was computed from.
    pub header: BaselineHeader,
    /// Today's account, and the coupling it shows.
    pub baseline: Baseline,
}

/// Only the header's `format` and version: read first, so that a file of another version is refused by name
/// rather than by the first field it lacks.
#[derive(Deserialize)]
struct Probe {
    header: ProbeHeader,
}

#[derive(Deserialize)]
struct ProbeHeader {
    format: String,
    format_version: u32,
}

impl BaselineFile {
    /// Writes the file's JSON, with a final newline.
    ///
    /// # Errors
    /// The writer's, or a header that JSON cannot hold (a path that is not UTF-8).
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer(&mut *out, self).map_err(io::Error::from)?;
        out.write_all(b"\n")
    }

    /// Reads the baseline file at `path`.
    ///
    /// # Errors
    /// [`ShardError::Io`] when it cannot be read; [`ShardError::Invalid`] when it is not a baseline file of this
    /// format version (`file:line:col` for JSON it cannot parse).
    pub fn read(path: &Path) -> Result<BaselineFile, ShardError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| ShardError::Io { path: shown.clone(), message: e.to_string() })?;
        BaselineFile::parse(&shown, &bytes)
    }

    /// Parses the bytes of a baseline file; `shown` names it in messages.
    ///
    /// # Errors
    /// As [`BaselineFile::read`].
    pub fn parse(shown: &str, bytes: &[u8]) -> Result<BaselineFile, ShardError> {
        let probe: Probe = serde_json::from_slice(bytes).map_err(|e| not_baseline(shown, &e))?;
        if probe.header.format != BASELINE_FORMAT {
            return Err(ShardError::Invalid(format!(
                "'{shown}' is not a baseline file: its format is '{}', not '{BASELINE_FORMAT}'",
                crate::diagnostic::excerpt(&probe.header.format)
            )));
        }
        if probe.header.format_version != BASELINE_FORMAT_VERSION {
            return Err(ShardError::Invalid(format!(
                "'{shown}' is a baseline file of format version {}; this costsim ({}) reads version \
                 {BASELINE_FORMAT_VERSION}: compute the baseline, the shards and the merge with the same costsim",
                probe.header.format_version,
                env!("CARGO_PKG_VERSION")
            )));
        }
        serde_json::from_slice(bytes).map_err(|e| not_baseline(shown, &e))
    }
}

/// A parse error as `file:line:col: …`, as every parser's errors.
fn not_baseline(shown: &str, e: &serde_json::Error) -> ShardError {
    ShardError::Invalid(format!(
        "{}: not a baseline file written by `costsim run --baseline-only`: {}",
        crate::diagnostic::Location::at_line(shown, e.line(), e.column()),
        crate::diagnostic::json_error_message(e)
    ))
}
