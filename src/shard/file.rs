//! The shard file: one self-describing JSON document per shard, written completely or not at all.
//!
//! It says what was computed (the input's path and content hash, the catalog's hash, the command-line options,
//! seed and billing date, costsim's version), which share (shard K of N, out of how many units) and the results
//! of its units: each unit's sweep point and its first replication's timeline, serialised losslessly (decimals
//! as written, `f64` in the shortest form that reads back to the same bits), so that the merge feeds the report
//! builder exactly what a one-machine run would.

use std::io::{self, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ShardError;
use crate::sim::Timeline;
use crate::sweep::Point;

/// The `format` of a shard file.
pub const SHARD_FORMAT: &str = "costsim.shard";
/// Version of the shard file's layout: a merge refuses any other.
pub const SHARD_FORMAT_VERSION: u32 = 1;

/// What a shard was computed from: a single scenario or an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// A scenario file: its sweep's settings are the units.
    Scenario,
    /// An application file: each function's sweep settings are the units.
    Application,
}

/// The input of a shard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputInfo {
    /// Scenario or application.
    pub kind: InputKind,
    /// The path given to `costsim run`, read again by `costsim merge` (relative paths from the same folder).
    pub path: PathBuf,
    /// SHA-256 of the input's files (see [`crate::shard::hash`]), lowercase hex.
    pub sha256: String,
}

/// The catalog a shard was priced with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogIdentity {
    /// Where it was read from.
    pub origin: String,
    /// SHA-256 of its text, lowercase hex.
    pub sha256: String,
}

/// The options of `costsim run` that change what is computed or what the report says, as given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunOptions {
    /// `--seed`.
    pub seed: Option<u64>,
    /// `--memory`.
    pub memory: Option<String>,
    /// `--arch`.
    pub arch: Option<String>,
    /// `--replications`.
    pub replications: Option<u32>,
    /// `--horizon-hours`.
    pub horizon_hours: Option<u32>,
    /// `--date`.
    pub date: Option<String>,
    /// `--pricing`.
    pub pricing: Option<PathBuf>,
    /// `--allow-path`.
    pub allow_path: Vec<PathBuf>,
}

/// One unit's result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnitResult {
    /// Index in the input's unit list.
    pub index: usize,
    /// Its name, e.g. `api/x86_64/1024MB` (`…/today` for today's setting).
    pub id: String,
    /// Its expected work, as the split weighed it [invocations].
    pub weight: u64,
    /// The sweep point.
    pub point: Point,
    /// The point's timeline (not part of a point's own JSON), written as one array per bucket (see
    /// [`compact_timeline`]).
    #[serde(with = "compact_timeline")]
    pub timeline: Timeline,
}

/// A timeline as `{"bucket_us": …, "buckets": [[max_busy, cold_starts, throttled, pc_level, backlog,
/// oldest_age_ms], …]}`: the same numbers as the report's named fields, about a seventh of the bytes (up to 1,440
/// buckets per unit, most of them zeros, were 140 KB of a shard's 145 KB per unit).
pub(super) mod compact_timeline {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::sim::{Timeline, TimelineBucket};

    #[derive(Serialize, Deserialize)]
    struct Compact {
        bucket_us: u64,
        buckets: Vec<(u32, u32, u32, u32, u64, u64)>,
    }

    pub(in crate::shard) fn serialize<S: Serializer>(t: &Timeline, s: S) -> Result<S::Ok, S::Error> {
        let buckets =
            t.buckets.iter().map(|b| (b.max_busy, b.cold_starts, b.throttled, b.pc_level, b.backlog, b.oldest_age_ms));
        Compact { bucket_us: t.bucket_us, buckets: buckets.collect() }.serialize(s)
    }

    pub(in crate::shard) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timeline, D::Error> {
        let c = Compact::deserialize(d)?;
        let buckets = c
            .buckets
            .into_iter()
            .map(|(max_busy, cold_starts, throttled, pc_level, backlog, oldest_age_ms)| TimelineBucket {
                max_busy,
                cold_starts,
                throttled,
                pc_level,
                backlog,
                oldest_age_ms,
            })
            .collect();
        Ok(Timeline { bucket_us: c.bucket_us, buckets })
    }
}

/// Everything one shard says about itself, without its results: what a merge compares across files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardHeader {
    /// Always [`SHARD_FORMAT`].
    pub format: String,
    /// [`SHARD_FORMAT_VERSION`].
    pub format_version: u32,
    /// costsim's version.
    pub costsim_version: String,
    /// The input.
    pub input: InputInfo,
    /// The catalog.
    pub catalog: CatalogIdentity,
    /// The options of the run.
    pub options: RunOptions,
    /// The seed the input ran with (its own, or `--seed`).
    pub seed: u64,
    /// The billing date the units were priced on.
    pub date: NaiveDate,
    /// N: how many shards the units were split into.
    pub shards: u32,
    /// K: this shard's index, 0 ≤ K < N.
    pub shard: u32,
    /// Units of the whole input.
    pub total_units: usize,
}

/// A shard file: its header and its units' results, in unit order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShardFile {
    /// What the shard is.
    pub header: ShardHeader,
    /// Its units.
    pub units: Vec<UnitResult>,
}

/// Only the header's `format` and version: read first, so that a file of another version is refused by name
/// rather than by the first field it lacks.
#[derive(Deserialize)]
struct Probe {
    header: ProbeHeader,
}

#[derive(Deserialize)]
pub(super) struct ProbeHeader {
    format: String,
    format_version: u32,
}

/// The refusal of a file that is not of [`SHARD_FORMAT`], or of another [`SHARD_FORMAT_VERSION`].
///
/// # Errors
/// [`ShardError::Invalid`] naming the file (`shown`) and what it is.
pub(super) fn check_probe(shown: &str, probe: &ProbeHeader) -> Result<(), ShardError> {
    if probe.format != SHARD_FORMAT {
        return Err(ShardError::Invalid(format!(
            "'{shown}' is not a shard file: its format is '{}', not '{SHARD_FORMAT}'",
            crate::diagnostic::excerpt(&probe.format)
        )));
    }
    if probe.format_version != SHARD_FORMAT_VERSION {
        return Err(ShardError::Invalid(format!(
            "'{shown}' is a shard file of format version {}; this costsim ({}) reads version \
             {SHARD_FORMAT_VERSION}: run every shard and the merge with the same costsim",
            probe.format_version,
            env!("CARGO_PKG_VERSION")
        )));
    }
    Ok(())
}

/// A parse error as `file:line:col: …`, as every parser's errors (serde_json's own " at line L column C" left
/// out).
pub(super) fn not_shard(shown: &str, e: &serde_json::Error) -> ShardError {
    ShardError::Invalid(format!(
        "{}: not a shard file written by `costsim run --shard`: {}",
        crate::diagnostic::Location::at_line(shown, e.line(), e.column()),
        crate::diagnostic::json_error_message(e)
    ))
}

/// A shard file written as its units are computed: the header, then each unit's JSON in order, then the end.
/// The bytes are [`ShardFile::to_json`]'s, without every unit held at once.
pub struct ShardWriter<'w> {
    out: &'w mut dyn Write,
    units: usize,
}

impl<'w> ShardWriter<'w> {
    /// Starts the file with `header`.
    ///
    /// # Errors
    /// The writer's, or a header that JSON cannot hold (a path that is not UTF-8).
    pub fn new(out: &'w mut dyn Write, header: &ShardHeader) -> io::Result<ShardWriter<'w>> {
        out.write_all(b"{\"header\":")?;
        serde_json::to_writer(&mut *out, header).map_err(io::Error::from)?;
        out.write_all(b",\"units\":[")?;
        Ok(ShardWriter { out, units: 0 })
    }

    /// Appends one unit's JSON, as [`unit_json`] wrote it.
    ///
    /// # Errors
    /// The writer's.
    pub fn push(&mut self, unit_json: &[u8]) -> io::Result<()> {
        if self.units > 0 {
            self.out.write_all(b",")?;
        }
        self.units += 1;
        self.out.write_all(unit_json)
    }

    /// Ends the file: closes the units and the object, and the final newline.
    ///
    /// # Errors
    /// The writer's.
    pub fn finish(self) -> io::Result<()> {
        self.out.write_all(b"]}\n")
    }
}

/// One unit's JSON as it stands in a shard file.
///
/// # Errors
/// [`ShardError::Invalid`] when a value cannot be written as JSON.
pub fn unit_json(unit: &UnitResult) -> Result<Vec<u8>, ShardError> {
    serde_json::to_vec(unit).map_err(|e| ShardError::Invalid(format!("cannot write the shard file as JSON: {e}")))
}

impl ShardFile {
    /// The file's JSON.
    ///
    /// # Errors
    /// [`ShardError::Invalid`] when a value cannot be written as JSON (a path that is not UTF-8).
    pub fn to_json(&self) -> Result<Vec<u8>, ShardError> {
        let mut out = serde_json::to_vec(self)
            .map_err(|e| ShardError::Invalid(format!("cannot write the shard file as JSON: {e}")))?;
        out.push(b'\n');
        Ok(out)
    }

    /// Parses the bytes of a shard file; `shown` names it in messages.
    ///
    /// # Errors
    /// [`ShardError::Invalid`] for JSON that is not a shard file of this format version.
    pub fn parse(shown: &str, bytes: &[u8]) -> Result<ShardFile, ShardError> {
        let probe: Probe = serde_json::from_slice(bytes).map_err(|e| not_shard(shown, &e))?;
        check_probe(shown, &probe.header)?;
        serde_json::from_slice(bytes).map_err(|e| not_shard(shown, &e))
    }
}
