//! Calibration: from measured invocations (REPORT records, or Power Tuning results) to a scenario.
//!
//! [`Measurements`] collects what the fits need while the logs stream by (warm durations per memory size, INIT and
//! restore durations, the largest memory used, arrival times); [`calibrate`] fits:
//!
//! - the duration model (`io_ms`, `cpu_ms`, `threads`) by weighted least squares over memory sizes, and the
//!   noise `cv` pooled over sizes ([`fit`]);
//! - the INIT distribution, a lognormal from `Init Duration` (or, for SnapStart, `Restore Duration`) samples;
//! - the cold-start ratio (reports with INIT or restore ÷ all reports), printed for comparison only: the simulator
//!   produces cold starts itself from the traffic and the keep-alive;
//! - the memory floor: the largest `Max Memory Used` × (1 + headroom), rounded up to a whole MB;
//! - the observed request rate, when the records carry times.
//!
//! [`scenario_toml`] writes the result as a scenario that `costsim run` accepts, every assumption in a comment;
//! [`chart`] draws measured against fitted durations; [`powertuning`] reads AWS Lambda Power Tuning results.

// Units are written in brackets ([ms], [MB]) as style.md asks; rustdoc would read them as links.

pub mod chart;
pub mod fit;
pub mod powertuning;
mod render;
mod toml_out;

use std::collections::BTreeMap;

/// Largest Power Tuning JSON read whole by default [bytes]: 64 MiB; a result of every memory size is a few KB.
/// `--max-input-mb` raises it (see [`crate::limits`]).
pub const MAX_POWER_TUNING_BYTES: u64 = 64 * 1024 * 1024;

pub use fit::{Basis, DurationFit, InitFit, SizeStats};
pub use render::render_text;
pub use toml_out::{scenario_toml, ScenarioOptions};

use crate::logs::Report;

/// Noise assumed when only mean durations are known (the scenario format's default) [-].
pub const DEFAULT_CV: f64 = 0.3;
/// Default headroom on the largest memory used [-]: 20%.
pub const DEFAULT_HEADROOM: f64 = 0.2;
/// Default share of the mean duration taken to be CPU work when one memory size is measured [-].
pub const DEFAULT_CPU_FRACTION: f64 = 0.5;
/// Milliseconds per hour.
const MS_PER_HOUR: i64 = 3_600_000;
/// Shortest span of timestamps from which a rate is estimated [ms].
const MIN_RATE_SPAN_MS: i64 = 60_000;
/// Earliest time a Lambda log can carry: 2014-11-13T00:00:00Z, the day AWS Lambda was announced [ms since 1970].
pub const EARLIEST_LOG_MS: i64 = 1_415_836_800_000;
/// Latest time taken for a log's: 2100-01-01T00:00:00Z [ms since 1970]. Later times (9999-…) are typos or
/// placeholders; with them the span of the logs, and so the rate, would mean nothing.
pub const LATEST_LOG_MS: i64 = 4_102_444_800_000;

#[derive(Debug, Default, Clone)]
struct SizeData {
    warm: Vec<f64>,
    cold: Vec<f64>,
    /// Mean duration from a summary (Power Tuning) [ms].
    mean_only: Option<f64>,
}

/// What the fits need, collected one record at a time. Memory: one `f64` per invocation duration.
#[derive(Debug, Default, Clone)]
pub struct Measurements {
    sizes: BTreeMap<u32, SizeData>,
    reports: u64,
    cold: u64,
    init: Vec<f64>,
    restore: Vec<f64>,
    max_memory_used_mb: Option<u32>,
    max_duration_ms: f64,
    first_ms: Option<i64>,
    last_ms: Option<i64>,
    timed: u64,
    /// Records whose time is outside [`EARLIEST_LOG_MS`, `LATEST_LOG_MS`]: left out of the rate.
    untimely: u64,
    hourly: [u64; 24],
}

impl Measurements {
    /// Adds one REPORT record.
    pub fn add_report(&mut self, r: &Report) {
        self.reports += 1;
        let size = self.sizes.entry(r.memory_size_mb).or_default();
        if r.is_cold() {
            self.cold += 1;
            size.cold.push(r.duration_ms);
        } else {
            size.warm.push(r.duration_ms);
        }
        if let Some(i) = r.init_duration_ms {
            self.init.push(i);
        }
        if let Some(i) = r.restore_duration_ms {
            self.restore.push(i);
        }
        self.max_memory_used_mb = self.max_memory_used_mb.max(Some(r.max_memory_used_mb));
        self.max_duration_ms = self.max_duration_ms.max(r.duration_ms);
        match r.time_ms {
            Some(t) if !(EARLIEST_LOG_MS..=LATEST_LOG_MS).contains(&t) => self.untimely += 1,
            Some(t) => {
                self.timed += 1;
                self.first_ms = Some(self.first_ms.map_or(t, |f| f.min(t)));
                self.last_ms = Some(self.last_ms.map_or(t, |l| l.max(t)));
                self.hourly[t.div_euclid(MS_PER_HOUR).rem_euclid(24) as usize] += 1;
            }
            None => {}
        }
    }

    /// Adds a mean duration measured at `memory_mb` without the invocations behind it (Power Tuning) [ms].
    pub fn add_mean(&mut self, memory_mb: u32, mean_ms: f64) {
        self.sizes.entry(memory_mb).or_default().mean_only = Some(mean_ms);
        self.max_duration_ms = self.max_duration_ms.max(mean_ms);
    }

    /// Reports added.
    pub fn reports(&self) -> u64 {
        self.reports
    }

    /// Memory sizes measured [MB], ascending.
    pub fn memory_sizes(&self) -> Vec<u32> {
        self.sizes.keys().copied().collect()
    }
}

/// Settings of the fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CalibrateOptions {
    /// Headroom on the largest memory used, ≥ 0 (0.2 = 20%).
    pub headroom: f64,
    /// With one memory size: the share of its mean duration that is CPU work, 0–1.
    pub cpu_fraction: f64,
}

impl Default for CalibrateOptions {
    fn default() -> Self {
        Self { headroom: DEFAULT_HEADROOM, cpu_fraction: DEFAULT_CPU_FRACTION }
    }
}

/// Request rate seen in the records' times.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservedTraffic {
    /// Records with a time.
    pub requests: u64,
    /// From the first to the last time [s].
    pub span_s: f64,
    /// `requests / span_s` [requests/s].
    pub rate_per_s: f64,
    /// Requests per hour of day (UTC), relative, when the times cover at least a day.
    pub hourly_weights: Option<[f64; 24]>,
}

/// Everything the fits found.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// Per memory size: warm duration statistics, ascending memory.
    pub sizes: Vec<SizeStats>,
    /// The duration model.
    pub duration: DurationFit,
    /// Pooled coefficient of variation and its standard error; `None` when no size had two or more invocations.
    pub cv: Option<(f64, Option<f64>)>,
    /// INIT lognormal from `Init Duration` samples.
    pub init: Option<InitFit>,
    /// Restore lognormal from `Restore Duration` samples (SnapStart).
    pub restore: Option<InitFit>,
    /// REPORT records used.
    pub reports: u64,
    /// Records with `Init Duration` or `Restore Duration`.
    pub cold: u64,
    /// Largest `Max Memory Used` [MB].
    pub max_memory_used_mb: Option<u32>,
    /// `ceil(max_memory_used_mb × (1 + headroom))`, at most 10,240 [MB].
    pub memory_floor_mb: Option<u32>,
    /// The headroom used (0.2 = 20%).
    pub headroom: f64,
    /// Longest measured duration [ms].
    pub max_duration_ms: f64,
    /// The request rate the records' times show.
    pub traffic: Option<ObservedTraffic>,
    /// Records whose time is before Lambda existed or after 2100, left out of the rate.
    pub untimely_records: u64,
}

impl Calibration {
    /// Cold starts ÷ reports; `None` without reports.
    pub fn cold_start_ratio(&self) -> Option<f64> {
        (self.reports > 0).then(|| self.cold as f64 / self.reports as f64)
    }

    /// The noise used in the scenario: the fitted CV, else [`DEFAULT_CV`].
    pub fn cv_or_default(&self) -> f64 {
        self.cv.map_or(DEFAULT_CV, |c| c.0).clamp(0.0, 5.0)
    }

    /// The INIT percentiles the scenario gets [ms]: from `Init Duration`, else from `Restore Duration`.
    pub fn init_p50_p90(&self) -> Option<(f64, f64)> {
        self.init.as_ref().or(self.restore.as_ref()).map(|f| {
            // 0.01 ms is the resolution of REPORT lines and of the scenario this is written into (two decimals):
            // a smaller median would be written as 0.00, which no scenario accepts.
            let p50 = f.p50_ms.clamp(0.01, 10_000.0);
            (p50, f.p90_ms.clamp(p50, 10_000.0))
        })
    }
}

/// No measurements to fit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no measurements to fit: the inputs hold no REPORT record and no Power Tuning result")]
pub struct NoMeasurements;

/// Fits everything to `m`.
///
/// # Errors
/// [`NoMeasurements`] when `m` holds no duration at all.
pub fn calibrate(m: &Measurements, options: &CalibrateOptions) -> Result<Calibration, NoMeasurements> {
    let sizes: Vec<SizeStats> = m
        .sizes
        .iter()
        .filter_map(|(&mem, d)| {
            let samples = if d.warm.is_empty() { &d.cold } else { &d.warm };
            SizeStats::from_samples(mem, samples).or_else(|| {
                d.mean_only.map(|mean_ms| SizeStats {
                    memory_mb: mem,
                    n: 0,
                    mean_ms,
                    se_ms: None,
                    cv: None,
                    cv_se: None,
                })
            })
        })
        .filter(|s| s.mean_ms.is_finite() && s.mean_ms > 0.0)
        .collect();
    if sizes.is_empty() {
        return Err(NoMeasurements);
    }
    let duration = fit::fit_duration(&sizes, options.cpu_fraction.clamp(0.0, 1.0));
    let floor = m.max_memory_used_mb.filter(|&x| x > 0).map(|x| {
        let f = (f64::from(x) * (1.0 + options.headroom.max(0.0))).ceil();
        f.min(f64::from(crate::workload::MAX_MEMORY_MB)) as u32
    });
    Ok(Calibration {
        cv: fit::pooled_cv(&sizes),
        duration,
        sizes,
        init: fit::fit_init(&m.init),
        restore: fit::fit_init(&m.restore),
        reports: m.reports,
        cold: m.cold,
        max_memory_used_mb: m.max_memory_used_mb,
        memory_floor_mb: floor,
        headroom: options.headroom.max(0.0),
        max_duration_ms: m.max_duration_ms,
        traffic: observed_traffic(m),
        untimely_records: m.untimely,
    })
}

fn observed_traffic(m: &Measurements) -> Option<ObservedTraffic> {
    let (first, last) = (m.first_ms?, m.last_ms?);
    let span_ms = last - first;
    if span_ms < MIN_RATE_SPAN_MS || m.timed < 2 {
        return None;
    }
    let span_s = span_ms as f64 / 1000.0;
    let hourly_weights = (span_ms >= 24 * MS_PER_HOUR && m.hourly.iter().any(|&c| c > 0))
        .then(|| std::array::from_fn(|h| m.hourly[h] as f64 / m.timed as f64 * 24.0));
    Some(ObservedTraffic { requests: m.timed, span_s, rate_per_s: m.timed as f64 / span_s, hourly_weights })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(mem: u32, d: f64, used: u32, init: Option<f64>, time_ms: Option<i64>) -> Report {
        Report {
            line: 1,
            time_ms,
            duration_ms: d,
            billed_duration_ms: d.ceil() as u64,
            memory_size_mb: mem,
            max_memory_used_mb: used,
            init_duration_ms: init,
            restore_duration_ms: None,
            billed_restore_duration_ms: None,
        }
    }

    #[test]
    fn ratio_floor_and_rate() {
        let mut m = Measurements::default();
        // 4 reports, one cold, over 120 s from 2024-01-15T10:00:00Z: 4 / 120 = 0.0333 requests/s.
        let t0 = 1_705_312_800_000;
        m.add_report(&report(512, 10.0, 100, Some(200.0), Some(t0)));
        m.add_report(&report(512, 12.0, 128, None, Some(t0 + 40_000)));
        m.add_report(&report(512, 14.0, 90, None, Some(t0 + 80_000)));
        m.add_report(&report(512, 16.0, 90, None, Some(t0 + 120_000)));
        let c = calibrate(&m, &CalibrateOptions::default()).unwrap();
        assert_eq!(c.cold_start_ratio(), Some(0.25));
        // 128 MB × 1.2 = 153.6 → 154 MB.
        assert_eq!((c.max_memory_used_mb, c.memory_floor_mb), (Some(128), Some(154)));
        let t = c.traffic.unwrap();
        assert!((t.rate_per_s - 4.0 / 120.0).abs() < 1e-12 && t.hourly_weights.is_none());
        // Warm mean (12 + 14 + 16) / 3 = 14; cold durations are left out.
        assert_eq!(c.sizes[0].mean_ms, 14.0);
        assert!(calibrate(&Measurements::default(), &CalibrateOptions::default()).is_err());
    }

    #[test]
    fn times_outside_lambdas_era_are_left_out_of_the_rate() {
        // 1970-01-01T00:00:01Z and 9999-01-01: neither is a Lambda log's time. With both, the span would be
        // ~8,000 years and the rate 2 / 2.5e11 s ≈ 8e-12 requests/s, written as 0 and refused by the scenario.
        let mut m = Measurements::default();
        m.add_report(&report(512, 10.0, 100, None, Some(1_000)));
        m.add_report(&report(512, 12.0, 100, None, Some(253_370_764_800_000)));
        let c = calibrate(&m, &CalibrateOptions::default()).unwrap();
        assert_eq!((c.traffic, c.untimely_records), (None, 2));
    }
}
