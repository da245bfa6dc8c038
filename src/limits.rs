//! Size limits of whole input files, and the one flag that raises them (`--max-input-mb MB`).
//!
//! Every input read whole is checked against [`max_bytes`] before it is read (its size, then a read of at most the
//! limit + 1 bytes, so that a device or a pipe that never ends is cut there). Streamed inputs (logs, trace lines)
//! have line limits instead; those and the bounds on simulated work are not raised by the flag.

use std::sync::atomic::{AtomicU64, Ordering};

/// The command-line flag that raises every limit of [`InputKind`].
pub const FLAG: &str = "--max-input-mb";

/// A kind of input file with a size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A scenario TOML file.
    Scenario,
    /// A pricing catalog (`--pricing FILE`).
    Catalog,
    /// A budgeting sheet (`costsim price --input`).
    Sheet,
    /// A saved report.json (`costsim render`).
    Report,
    /// A Power Tuning result (`costsim calibrate`).
    PowerTuning,
    /// A traffic trace (streamed; the file must still end).
    Trace,
    /// A file of infrastructure code (`costsim import`): a `.tf` file, a template, a plan's JSON.
    Infrastructure,
}

impl InputKind {
    /// Every kind, in the order of the README's table.
    pub const ALL: [InputKind; 7] = [
        InputKind::Scenario,
        InputKind::Catalog,
        InputKind::Sheet,
        InputKind::Report,
        InputKind::PowerTuning,
        InputKind::Trace,
        InputKind::Infrastructure,
    ];

    /// The limit without the flag [bytes].
    pub const fn default_bytes(self) -> u64 {
        match self {
            InputKind::Scenario => crate::scenario::MAX_SCENARIO_BYTES,
            InputKind::Catalog => crate::pricing::MAX_CATALOG_BYTES,
            InputKind::Sheet => crate::pricing::sheet::MAX_SHEET_BYTES,
            InputKind::Report => crate::report::run::MAX_REPORT_BYTES,
            InputKind::PowerTuning => crate::calibrate::MAX_POWER_TUNING_BYTES,
            InputKind::Trace => crate::workload::trace::MAX_TRACE_BYTES,
            InputKind::Infrastructure => crate::iac::MAX_IAC_BYTES,
        }
    }

    /// What the kind is called in messages.
    pub const fn name(self) -> &'static str {
        match self {
            InputKind::Scenario => "a scenario",
            InputKind::Catalog => "a pricing catalog",
            InputKind::Sheet => "a budgeting sheet",
            InputKind::Report => "a report.json",
            InputKind::PowerTuning => "a Power Tuning result",
            InputKind::Trace => "a trace",
            InputKind::Infrastructure => "a file of infrastructure code",
        }
    }
}

/// The size every limit is raised to [bytes]; 0 when the flag is not given.
///
/// Process-wide because the limits are checked deep in library code (scenario, catalog, sheet, report loaders)
/// that would otherwise need a limits argument on every call; it is set once by the command layer before any input
/// is read, and only ever raises a limit, so a library user who never sets it gets the documented defaults.
static RAISED_BYTES: AtomicU64 = AtomicU64::new(0);

/// Raises every limit of [`InputKind`] to at least `mb` MiB for the rest of the process (`--max-input-mb MB`).
pub fn raise_to_mb(mb: u64) {
    RAISED_BYTES.store(mb.saturating_mul(1024 * 1024), Ordering::Relaxed);
}

/// The largest file of `kind` read [bytes]: its default, or the raised value when that is larger.
pub fn max_bytes(kind: InputKind) -> u64 {
    kind.default_bytes().max(RAISED_BYTES.load(Ordering::Relaxed))
}

/// The end of every "too large" message: the limit and how to raise it.
pub fn advice(kind: InputKind) -> String {
    let limit = max_bytes(kind);
    format!("{} may be at most {limit} bytes ({}); {FLAG} MB raises the limit", kind.name(), mib(limit))
}

/// `bytes` in MiB for messages, rounded up ("32 MiB").
pub fn mib(bytes: u64) -> String {
    format!("{} MiB", bytes.div_ceil(1024 * 1024))
}
