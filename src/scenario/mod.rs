//! Scenario files: a function, its traffic, the platform settings and the sweep, in TOML.
//!
//! The format is documented in `scenarios/README.md`. A scenario is checked once, when it is loaded: unknown keys
//! are errors with a "did you mean" hint, every value is range-checked, and every error names
//! `file:line:column`. After that, the [`Scenario`] only holds values that the simulator accepts.

mod build;
mod raw;

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Location;
use crate::pricing::{Catalog, PackageType};
use crate::sim::Platform;
use crate::workload::{DurationModel, Function, InitModel, Packaging, Runtime, TraceFormat, Traffic};
use crate::Architecture;

pub use build::parse_memory_sizes;

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
    /// Largest acceptable share of throttled requests, 0–1.
    pub max_throttle_ratio: f64,
}

/// A validated scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    /// Short name; the report folder is `reports/<name>/`.
    pub name: String,
    /// One line saying what the scenario models.
    pub description: String,
    /// The file it came from.
    pub path: String,
    /// AWS region, priced by the catalog.
    pub region: String,
    /// Billing date: which prices and rules apply (`None` = today).
    pub date: Option<NaiveDate>,
    /// Seed of the first replication.
    pub seed: u64,
    /// Simulated time per replication [h]; results are scaled to a 730-hour month.
    pub horizon_hours: u32,
    /// Independent replications per sweep point.
    pub replications: u32,
    /// Whether the account's free tier is applied to this function.
    pub free_tier: bool,
    /// Packaging, for INIT durations and INIT billing.
    pub package: PackageType,
    /// Ephemeral storage [MB].
    pub ephemeral_mb: u32,
    /// Invoke duration model, as written in the file.
    pub duration_spec: DurationSpec,
    /// Invoke duration model.
    #[serde(skip)]
    pub duration: DurationModel,
    /// INIT duration model.
    pub init: InitSpec,
    /// Below this memory the function runs out of memory [MB].
    pub required_memory_mb: u32,
    /// Invocation timeout [ms].
    pub timeout_ms: u32,
    /// Arrivals.
    #[serde(skip)]
    pub traffic: Traffic,
    /// Mean arrival rate [requests/s].
    pub mean_rate_per_s: f64,
    /// The replayed trace, when `[traffic]` has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<TraceSummary>,
    /// Keep-alive, routing, limits and provisioned concurrency.
    pub platform: Platform,
    /// Memory sizes to sweep [MB], ascending.
    pub memory_mb: Vec<u32>,
    /// Architectures to sweep.
    pub architectures: Vec<Architecture>,
    /// Recommendation settings.
    pub recommend: RecommendSpec,
}

impl Scenario {
    /// Loads and validates a scenario file; regions are checked against `catalog`.
    ///
    /// # Errors
    /// [`ScenarioError`] naming the file, line and column of the first problem.
    pub fn load(path: &Path, catalog: &Catalog) -> Result<Scenario, ScenarioError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| ScenarioError::Io { path: shown.clone(), message: e.to_string() })?;
        Scenario::parse(&shown, &text, catalog)
    }

    /// Parses scenario `text`; `path` names it in messages.
    ///
    /// # Errors
    /// [`ScenarioError::Invalid`] naming the line and column of the first problem.
    pub fn parse(path: &str, text: &str, catalog: &Catalog) -> Result<Scenario, ScenarioError> {
        build::Builder { path, text, catalog }.scenario()
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
            .expect("checked when the scenario was loaded")
    }
}
