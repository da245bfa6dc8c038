//! The scenario file as written: serde structs with spans, so that every later check can point at its value.

use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScenario {
    pub scenario: RawMeta,
    pub function: RawFunction,
    pub traffic: Option<Spanned<RawTraffic>>,
    pub trigger: Option<Spanned<RawTrigger>>,
    pub current: Option<Spanned<RawCurrent>>,
    #[serde(default)]
    pub platform: RawPlatform,
    #[serde(default)]
    pub sweep: RawSweep,
    #[serde(default)]
    pub recommend: RawRecommend,
}

#[derive(Deserialize, Clone)]
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

#[derive(Deserialize, Clone)]
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
    pub error_ratio: Option<Spanned<f64>>,
}

/// A count written as a number or as text with a suffix (`"50M"`).
#[derive(Deserialize, Clone)]
#[serde(untagged)]
pub(super) enum RawCount {
    Int(u64),
    Float(f64),
    Text(String),
}

#[derive(Deserialize, Clone)]
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
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTrace {
    pub path: Spanned<String>,
    pub format: Spanned<String>,
    pub function: Option<Spanned<String>>,
    pub scale: Option<Spanned<f64>>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDiurnal {
    pub peak_hour: Spanned<u32>,
    pub peak_to_trough: Spanned<f64>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBursts {
    pub size: Spanned<u32>,
    pub spread_ms: Spanned<f64>,
    pub every_minutes: Spanned<f64>,
}

#[derive(Deserialize, Default, Clone)]
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
#[derive(Deserialize, Clone)]
#[serde(untagged)]
pub(super) enum RawMemory {
    List(Vec<u32>),
    Text(String),
}

#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSweep {
    pub memory_mb: Option<Spanned<RawMemory>>,
    pub architectures: Option<Spanned<Vec<String>>>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRecommend {
    pub balanced_weight: Option<Spanned<f64>>,
    pub slo_percentile: Option<Spanned<f64>>,
    pub slo_ms: Option<Spanned<f64>>,
    pub max_error_ratio: Option<Spanned<f64>>,
    pub max_throttle_ratio: Option<Spanned<f64>>,
    pub max_dropped_ratio: Option<Spanned<f64>>,
}

/// `[trigger]`: how events reach the function (issue 9). One flat table: the keys a type does not use are refused
/// by name, so that a key copied from another pattern is never silently ignored.
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTrigger {
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    // sync
    pub source: Option<Spanned<String>>,
    pub integration_timeout_ms: Option<Spanned<u32>>,
    // async and schedule
    pub maximum_event_age_s: Option<Spanned<u32>>,
    pub maximum_retry_attempts: Option<Spanned<u32>>,
    pub retry_delays_s: Option<Spanned<Vec<u32>>>,
    pub backoff_factor: Option<Spanned<f64>>,
    // sqs
    pub queue: Option<Spanned<String>>,
    pub batch_size: Option<Spanned<u32>>,
    pub maximum_batching_window_s: Option<Spanned<u32>>,
    pub maximum_concurrency: Option<Spanned<u32>>,
    pub visibility_timeout_s: Option<Spanned<u32>>,
    pub max_receive_count: Option<Spanned<u32>>,
    pub report_batch_item_failures: Option<Spanned<bool>>,
    pub retention_s: Option<Spanned<u32>>,
    pub poller_scale_down_per_minute: Option<Spanned<u32>>,
    pub empty_receive_interval_s: Option<Spanned<u32>>,
    pub per_message_io_ms: Option<Spanned<f64>>,
    pub per_message_cpu_ms: Option<Spanned<f64>>,
    // schedule
    pub expression: Option<Spanned<String>>,
    pub timezone: Option<Spanned<String>>,
    pub per_firing: Option<Spanned<u32>>,
    pub flexible_window_minutes: Option<Spanned<u32>>,
}

/// `[current]`: the setting the function runs with today (issue 10).
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCurrent {
    pub memory_mb: Spanned<u32>,
    pub architecture: Spanned<String>,
    pub provisioned: Option<Spanned<u32>>,
    pub reserved_concurrency: Option<Spanned<u32>>,
}
