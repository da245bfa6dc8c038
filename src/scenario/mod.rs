//! Scenario files: a function, its traffic, the platform settings and the sweep, in TOML.
//!
//! The format is documented in `scenarios/README.md`. A scenario is checked once, when it is loaded: unknown keys
//! are errors with a "did you mean" hint, every value is range-checked, and every error names
//! `file:line:column`. After that, the [`Scenario`] only holds values that the simulator accepts.

pub mod application;
mod build;
mod limits;
mod raw;

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Location;
use crate::pricing::{Catalog, PackageType};
use crate::sim::Platform;
use crate::trigger::Trigger;
use crate::workload::{DurationModel, Function, InitModel, Packaging, Runtime, TraceFormat, Traffic};
use crate::Architecture;

pub use application::{AppFunction, Application, Objective};
pub use build::{parse_memory_sizes, ScheduleSummary};
pub use limits::{
    MAX_BURST_OVERLAP, MAX_REQUESTS_PER_REPLICATION, MAX_SCENARIO_BYTES, MAX_SIMULATED_REQUESTS, MAX_WEIGHT,
};

/// A scenario that failed to load: where, and what is wrong and allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("cannot read scenario '{path}': {message}")]
    Io {
        /// The file.
        path: String,
        /// The operating-system error.
        message: String,
    },
    /// The file is not a valid scenario.
    #[error("{location}: {message}")]
    Invalid {
        /// Where.
        location: Location,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// A command-line override failed the check its key gets in the file.
    #[error("{flag}: {message}")]
    Flag {
        /// The flag and its value as given, e.g. `--horizon-hours 1`.
        flag: String,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// Several problems of one file (two or more), each on its own line, in the order found.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Several(Vec<ScenarioError>),
    /// The file is larger than a scenario may be: refused before reading it.
    #[error(
        "scenario '{path}' is larger than {limit} bytes, the limit for a scenario (a short TOML file, see \
         scenarios/README.md); {flag} MB raises the limit",
        flag = crate::limits::FLAG
    )]
    TooLarge {
        /// The file.
        path: String,
        /// The limit [bytes].
        limit: u64,
    },
}

impl ScenarioError {
    /// `errors` as one error: the error itself when there is one, else [`ScenarioError::Several`] (nested ones
    /// flattened).
    pub fn all(errors: Vec<ScenarioError>) -> ScenarioError {
        let mut flat = Vec::with_capacity(errors.len());
        for e in errors {
            match e {
                ScenarioError::Several(inner) => flat.extend(inner),
                e => flat.push(e),
            }
        }
        // In file order, as an editor lists them: command-line flags first, then by file, line and column.
        flat.sort_by(|a, b| a.order().cmp(&b.order()));
        if flat.len() == 1 {
            flat.remove(0)
        } else {
            ScenarioError::Several(flat)
        }
    }

    /// Where this error sorts among a file's: flags, then located errors by place, then the others.
    fn order(&self) -> (u8, &str, usize, usize) {
        match self {
            ScenarioError::Flag { .. } => (0, "", 0, 0),
            ScenarioError::Invalid { location: l, .. } => (1, l.path.as_str(), l.line, l.column),
            _ => (2, "", 0, 0),
        }
    }

    /// `errors` as one error, in the order given (toml's: a table's missing key after what was wrong in it).
    pub fn as_found(errors: Vec<ScenarioError>) -> ScenarioError {
        match <[ScenarioError; 1]>::try_from(errors) {
            Ok([one]) => one,
            Err(many) => ScenarioError::Several(many),
        }
    }

    /// Each problem, one per element (one for every error but [`ScenarioError::Several`]).
    pub fn problems(&self) -> Vec<&ScenarioError> {
        match self {
            ScenarioError::Several(all) => all.iter().collect(),
            e => vec![e],
        }
    }
}

/// A scenario or application file's text, read through the scenario size limit (a device or a pipe that never
/// ends is cut there, then refused).
fn read_text(path: &Path) -> Result<String, ScenarioError> {
    let shown = path.display().to_string();
    let io = |e: std::io::Error| ScenarioError::Io { path: shown.clone(), message: e.to_string() };
    let file = std::fs::File::open(path).map_err(io)?;
    let limit = crate::limits::max_bytes(crate::limits::InputKind::Scenario);
    let too_large = || ScenarioError::TooLarge { path: shown.clone(), limit };
    if file.metadata().map_err(io)?.len() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        ScenarioError::Invalid {
            location: Location::at_offset(&shown, &text, at),
            message: "the file is not UTF-8 text".into(),
        }
    })?;
    Ok(text)
}

/// Command-line values that replace the file's (`costsim run --seed …`). They are applied to the specification
/// as written and checked by the same code as the file's values, before anything is validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `--seed`.
    pub seed: Option<u64>,
    /// `--memory`, as written: `"128,512"` or `"128..=3008 step 64"`.
    pub memory: Option<String>,
    /// `--arch`, as written: `"x86_64,arm64"`.
    pub architectures: Option<String>,
    /// `--replications`.
    pub replications: Option<u32>,
    /// `--horizon-hours`.
    pub horizon_hours: Option<u32>,
    /// An application's region for the function (replaces `[scenario] region`).
    pub region: Option<String>,
    /// An application's billing date (replaces `[scenario] date`).
    pub date: Option<NaiveDate>,
    /// An application's free-tier choice (replaces `[scenario] free_tier`): its functions are priced without
    /// it, as the account's one free tier is applied to the account's bill.
    pub free_tier: Option<bool>,
    /// An application's account concurrency (replaces `[platform] concurrency_limit`).
    pub concurrency_limit: Option<u32>,
    /// Where the values above came from, when not from flags: the application file, for messages.
    pub origin: Option<String>,
}

impl Overrides {
    /// The overrides as the user wrote them, for the report (`--seed 7`, …).
    pub fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(s) = self.seed {
            out.push(format!("--seed {s}"));
        }
        if let Some(m) = &self.memory {
            out.push(format!("--memory {m}"));
        }
        if let Some(a) = &self.architectures {
            out.push(format!("--arch {a}"));
        }
        if let Some(r) = self.replications {
            out.push(format!("--replications {r}"));
        }
        if let Some(h) = self.horizon_hours {
            out.push(format!("--horizon-hours {h}"));
        }
        out
    }
}

/// How a scenario is loaded: the command-line overrides, and where the files it names may be.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Values replacing the file's.
    pub overrides: Overrides,
    /// Directories that files named by the scenario (traces) may also be in, besides the scenario file's own
    /// (`--allow-path`, repeatable).
    pub allowed_dirs: Vec<PathBuf>,
}

/// How cold starts' INIT durations are drawn.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum InitSpec {
    /// The runtime's published defaults, which differ by architecture and packaging.
    Runtime {
        /// The runtime.
        runtime: Runtime,
    },
    /// A lognormal with this median and 90th percentile [ms].
    Percentiles {
        /// Median INIT [ms].
        p50_ms: f64,
        /// 90th-percentile INIT [ms].
        p90_ms: f64,
    },
}

/// The duration model's parameters, as the report records them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DurationSpec {
    /// Waiting (I/O) time, unaffected by CPU [ms].
    pub io_ms: f64,
    /// CPU work at exactly 1 vCPU on x86_64 [ms].
    pub cpu_ms: f64,
    /// Threads that can run at once.
    pub threads: u32,
    /// Coefficient of variation of the multiplicative lognormal noise.
    pub cv: f64,
    /// CPU speed of arm64 relative to x86_64.
    pub arm64_cpu_speed: f64,
    /// SQS: waiting time added per message of a batch [ms].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_message_io_ms: Option<f64>,
    /// SQS: CPU work added per message of a batch, at 1 vCPU on x86_64 [ms].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_message_cpu_ms: Option<f64>,
}

/// A replayed traffic trace, as the report records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceSummary {
    /// The file, resolved against the scenario's folder.
    pub path: String,
    /// How it is written.
    pub format: TraceFormat,
    /// The Azure 2019 function selected, if any.
    pub function: Option<String>,
    /// Simulated time = trace time × scale.
    pub scale: f64,
    /// Requests in the trace: every run replays exactly this many.
    pub requests: u64,
    /// Simulated time the trace spans [h].
    pub duration_hours: f64,
}

/// What counts as a good setting, beyond cost and speed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecommendSpec {
    /// Weight of cost in the balanced score, 0–1 (1 = cost only).
    pub balanced_weight: f64,
    /// Latency objective: this percentile of caller latency [%] must be at most `slo_ms`.
    pub slo_percentile: f64,
    /// Latency objective [ms]; `None` = no objective.
    pub slo_ms: Option<f64>,
    /// Largest acceptable share of errors (timeouts, out of memory), 0–1.
    pub max_error_ratio: f64,
    /// Largest acceptable share of throttled requests, 0–1 (synchronous triggers: a throttle is a failed request).
    pub max_throttle_ratio: f64,
    /// Largest acceptable share of events or messages dropped (too old, retries exhausted, dead-lettered), 0–1
    /// (asynchronous, schedule and SQS triggers, where a throttle is a delay).
    #[serde(default)]
    pub max_dropped_ratio: f64,
}

/// The setting the function runs with today (`[current]`): always simulated, and every recommendation is compared
/// with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CurrentSetting {
    /// Memory [MB].
    pub memory_mb: u32,
    /// Architecture.
    pub architecture: Architecture,
    /// The platform it runs on: the scenario's, with today's provisioned and reserved concurrency.
    pub platform: Platform,
    /// Reserved concurrency, when the function has some [environments]: its own share of the account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserved_concurrency: Option<u32>,
}

/// A validated scenario: immutable, read through its accessors.
#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    name: String,
    description: String,
    path: String,
    #[serde(skip)]
    source: String,
    region: String,
    date: Option<NaiveDate>,
    seed: u64,
    horizon_hours: u32,
    replications: u32,
    free_tier: bool,
    package: PackageType,
    ephemeral_mb: u32,
    duration_spec: DurationSpec,
    #[serde(skip)]
    duration: DurationModel,
    init: InitSpec,
    required_memory_mb: u32,
    timeout_ms: u32,
    /// Probability that the code fails on one event or message [-].
    error_ratio: f64,
    trigger: Trigger,
    #[serde(skip)]
    traffic: Traffic,
    mean_rate_per_s: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    trace: Option<TraceSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    schedule: Option<ScheduleSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    current: Option<CurrentSetting>,
    platform: Platform,
    memory_mb: Vec<u32>,
    architectures: Vec<Architecture>,
    recommend: RecommendSpec,
}

impl Scenario {
    /// Loads and validates a scenario file; regions are checked against `catalog`.
    ///
    /// # Errors
    /// [`ScenarioError`] naming the file, line and column of each problem ([`ScenarioError::Several`] when there
    /// are more than one).
    pub fn load(path: &Path, catalog: &Catalog) -> Result<Scenario, ScenarioError> {
        Scenario::load_with(path, catalog, &LoadOptions::default())
    }

    /// As [`Scenario::load`], with command-line overrides and extra allowed directories.
    ///
    /// The file is refused unread when it is larger than [`max_bytes`](crate::limits::max_bytes) of a scenario
    /// ([`MAX_SCENARIO_BYTES`] unless raised), and read through that limit
    /// (a device or a pipe that never ends is cut there, then refused).
    ///
    /// # Errors
    /// [`ScenarioError`]: the file's problems at their lines and columns, or the override that fails.
    pub fn load_with(path: &Path, catalog: &Catalog, options: &LoadOptions) -> Result<Scenario, ScenarioError> {
        let shown = path.display().to_string();
        let text = read_text(path)?;
        Scenario::parse_with(&shown, &text, catalog, options)
    }

    /// Parses scenario `text`; `path` names it in messages.
    ///
    /// # Errors
    /// [`ScenarioError::Invalid`] naming the line and column of the problem, or [`ScenarioError::Several`].
    pub fn parse(path: &str, text: &str, catalog: &Catalog) -> Result<Scenario, ScenarioError> {
        Scenario::parse_with(path, text, catalog, &LoadOptions::default())
    }

    /// As [`Scenario::parse`], with command-line overrides and extra allowed directories.
    ///
    /// # Errors
    /// As [`Scenario::load_with`].
    pub fn parse_with(
        path: &str,
        text: &str,
        catalog: &Catalog,
        options: &LoadOptions,
    ) -> Result<Scenario, ScenarioError> {
        let limit = crate::limits::max_bytes(crate::limits::InputKind::Scenario);
        if text.len() as u64 > limit {
            return Err(ScenarioError::TooLarge { path: path.to_string(), limit });
        }
        build::Builder { path, text, catalog, options }.scenario()
    }

    /// The function as simulated on `arch` (INIT defaults differ by architecture).
    pub fn function(&self, arch: Architecture) -> Function {
        let init = match &self.init {
            InitSpec::Runtime { runtime } => {
                let packaging = if self.package == PackageType::Image { Packaging::Image } else { Packaging::Zip };
                InitModel::for_runtime(*runtime, packaging, arch)
            }
            InitSpec::Percentiles { p50_ms, p90_ms } => {
                InitModel::from_p50_p90(*p50_ms, *p90_ms).expect("checked when the scenario was loaded")
            }
        };
        Function::new(self.duration, init, self.required_memory_mb, self.timeout_ms)
            .and_then(|f| f.with_error_ratio(self.error_ratio))
            .expect("checked when the scenario was loaded")
    }

    /// Short name; the report folder is `reports/<name>/`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// One line saying what the scenario models.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The file it came from.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The file's text, as validated.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// AWS region, priced by the catalog.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// Billing date: which prices and rules apply (`None` = today).
    pub fn date(&self) -> Option<NaiveDate> {
        self.date
    }

    /// Seed of the first replication.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Simulated time per replication [h]; results are scaled to a 730-hour month.
    pub fn horizon_hours(&self) -> u32 {
        self.horizon_hours
    }

    /// Independent replications per sweep point.
    pub fn replications(&self) -> u32 {
        self.replications
    }

    /// Whether the account's free tier is applied to this function.
    pub fn free_tier(&self) -> bool {
        self.free_tier
    }

    /// Packaging, for INIT durations and INIT billing.
    pub fn package(&self) -> PackageType {
        self.package
    }

    /// Ephemeral storage [MB].
    pub fn ephemeral_mb(&self) -> u32 {
        self.ephemeral_mb
    }

    /// Invoke duration model, as written in the file.
    pub fn duration_spec(&self) -> &DurationSpec {
        &self.duration_spec
    }

    /// Invoke duration model.
    pub fn duration(&self) -> &DurationModel {
        &self.duration
    }

    /// INIT duration model.
    pub fn init(&self) -> &InitSpec {
        &self.init
    }

    /// Below this memory the function runs out of memory [MB].
    pub fn required_memory_mb(&self) -> u32 {
        self.required_memory_mb
    }

    /// Invocation timeout [ms].
    pub fn timeout_ms(&self) -> u32 {
        self.timeout_ms
    }

    /// Probability that the code fails on one event or message [-].
    pub fn error_ratio(&self) -> f64 {
        self.error_ratio
    }

    /// How events reach the function.
    pub fn trigger(&self) -> &Trigger {
        &self.trigger
    }

    /// Arrivals: requests, events or messages, as the trigger reads them.
    pub fn traffic(&self) -> &Traffic {
        &self.traffic
    }

    /// Mean arrival rate [requests/s].
    pub fn mean_rate_per_s(&self) -> f64 {
        self.mean_rate_per_s
    }

    /// The replayed trace, when `[traffic]` has one.
    pub fn trace(&self) -> Option<&TraceSummary> {
        self.trace.as_ref()
    }

    /// The schedule, when the trigger is one.
    pub fn schedule(&self) -> Option<&ScheduleSummary> {
        self.schedule.as_ref()
    }

    /// Today's setting, when the scenario states it.
    pub fn current(&self) -> Option<&CurrentSetting> {
        self.current.as_ref()
    }

    /// Keep-alive, routing, limits and provisioned concurrency.
    pub fn platform(&self) -> &Platform {
        &self.platform
    }

    /// Memory sizes to sweep [MB], ascending.
    pub fn memory_mb(&self) -> &[u32] {
        &self.memory_mb
    }

    /// Architectures to sweep.
    pub fn architectures(&self) -> &[Architecture] {
        &self.architectures
    }

    /// Recommendation settings.
    pub fn recommend(&self) -> &RecommendSpec {
        &self.recommend
    }
}
