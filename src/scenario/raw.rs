//! The scenario file as written: serde structs with spans, so that every later check can point at its value.

use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScenario {
    pub scenario: RawMeta,
    pub function: RawFunction,
    pub traffic: Spanned<RawTraffic>,
    #[serde(default)]
    pub platform: RawPlatform,
    #[serde(default)]
    pub sweep: RawSweep,
    #[serde(default)]
    pub recommend: RawRecommend,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMeta {
    pub name: Spanned<String>,
    pub description: Option<String>,
    pub region: Option<Spanned<String>>,
    pub date: Option<Spanned<String>>,
    pub seed: Option<u64>,
    pub horizon_hours: Option<Spanned<u32>>,
    pub replications: Option<Spanned<u32>>,
    pub free_tier: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFunction {
    pub runtime: Option<Spanned<String>>,
    pub package: Option<Spanned<String>>,
    pub io_ms: Spanned<f64>,
    pub cpu_ms: Spanned<f64>,
    pub threads: Option<Spanned<u32>>,
    pub cv: Option<Spanned<f64>>,
    pub arm64_cpu_speed: Option<Spanned<f64>>,
    pub required_memory_mb: Option<Spanned<u32>>,
    pub timeout_s: Option<Spanned<u32>>,
    pub ephemeral_mb: Option<Spanned<u32>>,
    pub init_p50_ms: Option<Spanned<f64>>,
    pub init_p90_ms: Option<Spanned<f64>>,
}

/// A count written as a number or as text with a suffix (`"50M"`).
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum RawCount {
    Int(u64),
    Float(f64),
    Text(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTraffic {
    pub monthly_requests: Option<Spanned<RawCount>>,
    pub requests_per_second: Option<Spanned<f64>>,
    pub hourly_weights: Option<Spanned<Vec<f64>>>,
    pub diurnal: Option<Spanned<RawDiurnal>>,
    pub bursts: Option<Spanned<RawBursts>>,
    pub trace: Option<Spanned<RawTrace>>,
}

/// `trace = { path, format, function, scale }` (issue 5).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTrace {
    pub path: Spanned<String>,
    pub format: Spanned<String>,
    pub function: Option<Spanned<String>>,
    pub scale: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDiurnal {
    pub peak_hour: Spanned<u32>,
    pub peak_to_trough: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBursts {
    pub size: Spanned<u32>,
    pub spread_ms: Spanned<f64>,
    pub every_minutes: Spanned<f64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPlatform {
    pub keep_alive_s: Option<Spanned<f64>>,
    pub routing: Option<Spanned<String>>,
    pub concurrency_limit: Option<Spanned<u32>>,
    pub scaling_rate: Option<bool>,
    pub provisioned: Option<Spanned<u32>>,
    pub provisioned_by_hour: Option<Spanned<Vec<u32>>>,
}

/// Memory sizes: a list, or text such as `"128..=3008 step 64"`.
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum RawMemory {
    List(Vec<u32>),
    Text(String),
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSweep {
    pub memory_mb: Option<Spanned<RawMemory>>,
    pub architectures: Option<Spanned<Vec<String>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRecommend {
    pub balanced_weight: Option<Spanned<f64>>,
    pub slo_percentile: Option<Spanned<f64>>,
    pub slo_ms: Option<Spanned<f64>>,
    pub max_error_ratio: Option<Spanned<f64>>,
    pub max_throttle_ratio: Option<Spanned<f64>>,
}
