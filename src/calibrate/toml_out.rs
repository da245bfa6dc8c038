//! The calibrated scenario as TOML that `costsim run` accepts, every assumption written beside its value.

use std::fmt::Write;

use super::{render::assumptions, Calibration};
use crate::Architecture;

/// Power Tuning's default memory sizes plus 1,769 MB (1 vCPU) [MB]: the sweep of a calibrated scenario, with the
/// measured sizes added.
const SWEEP_MB: [u32; 8] = [128, 256, 512, 1024, 1536, 1769, 2048, 3008];
/// AWS's default timeout of a new function [s].
const AWS_DEFAULT_TIMEOUT_S: u32 = 3;
/// INIT percentiles written when neither the logs nor `--runtime` tell [ms].
const PLACEHOLDER_INIT_MS: (f64, f64) = (200.0, 400.0);

/// What the scenario needs beyond the fit.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioOptions {
    /// Scenario name (names the report folder); characters other than letters, digits, `-_.` become `-`.
    pub name: String,
    /// What was read, one entry per input, for the header comment.
    pub inputs: Vec<String>,
    /// The architecture the measurements ran on.
    pub measured_arch: Architecture,
    /// The function's timeout [s]; `None`: the smallest consistent with the longest measured duration, at least 3 s.
    pub timeout_s: Option<u32>,
    /// Request rate to write instead of the observed one [requests/s].
    pub requests_per_second: Option<f64>,
    /// Runtime name for INIT defaults when the logs have no cold start (e.g. `python3.12`).
    pub runtime: Option<String>,
    /// The share of CPU work assumed with one memory size (for the comments).
    pub cpu_fraction: f64,
    /// The measurements are Power Tuning averages, not REPORT records.
    pub from_power_tuning: bool,
}

impl ScenarioOptions {
    /// The timeout written [s].
    pub fn timeout_for(&self, cal: &Calibration) -> u32 {
        self.timeout_s
            .unwrap_or_else(|| ((cal.max_duration_ms / 1000.0).ceil() as u32).max(AWS_DEFAULT_TIMEOUT_S))
            .clamp(1, 900)
    }

    /// The scenario name, made valid.
    pub fn safe_name(&self) -> String {
        let s: String =
            self.name.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '-' }).collect();
        let s = s.trim_start_matches('.').to_string();
        if s.is_empty() {
            "calibrated".into()
        } else {
            s
        }
    }
}

/// A complete scenario from the fit, with comments stating every assumption.
pub fn scenario_toml(cal: &Calibration, o: &ScenarioOptions) -> String {
    let mut t = String::new();
    let d = &cal.duration;
    let _ = writeln!(t, "# Calibrated by `costsim calibrate` from:");
    for input in &o.inputs {
        let _ = writeln!(t, "#   {input}");
    }
    let _ = writeln!(t, "#\n# Assumptions (every prediction at a size or setting not measured rests on these):");
    for a in assumptions(cal, o) {
        let mut first = true;
        for line in wrap(&a, 110) {
            let _ = writeln!(t, "#   {} {line}", if first { "-" } else { " " });
            first = false;
        }
    }
    let _ = writeln!(t, "\n[scenario]\nname = {:?}", o.safe_name());
    let _ = writeln!(t, "description = {:?}", format!("calibrated from {}", measured_count(cal)));
    let _ = writeln!(t, "horizon_hours = 24  # one representative day, scaled to a 730-hour month");
    let _ = writeln!(t, "free_tier = false  # ASSUMED: the account's free tier goes to its other functions");
    let _ = writeln!(t, "\n[function]");
    if let Some(r) = &o.runtime {
        let _ = writeln!(t, "runtime = {r:?}");
    }
    let se = |x: Option<f64>| x.map_or_else(|| "unknown".into(), |v| format!("{v:.3}"));
    let (io_ms, cpu_ms) = written_work_ms(d.io_ms, d.cpu_ms);
    let _ = writeln!(t, "io_ms = {io_ms:.3}  # ± {} ms (1 SE)", se(d.io_se_ms));
    let _ = writeln!(t, "cpu_ms = {cpu_ms:.3}  # ± {} ms (1 SE), CPU work at 1 vCPU", se(d.cpu_se_ms));
    let _ = writeln!(t, "threads = {}", d.threads);
    match cal.cv {
        Some((cv, cv_se)) => {
            let _ = writeln!(
                t,
                "cv = {:.4}  # ± {} (1 SE), pooled over sizes",
                cal.cv_or_default(),
                se(cv_se).replace("unknown", "?")
            );
            let _ = cv;
        }
        None => {
            let _ = writeln!(t, "cv = {:.2}  # ASSUMED: the measurements give no spread", cal.cv_or_default());
        }
    }
    let _ = writeln!(t, "arm64_cpu_speed = 1.0  # ASSUMED: not measured (measured on {})", o.measured_arch);
    match (cal.memory_floor_mb, cal.max_memory_used_mb) {
        (Some(f), Some(u)) => {
            let _ = writeln!(
                t,
                "required_memory_mb = {f}  # {u} MB max used × {:.2} headroom, rounded up",
                1.0 + cal.headroom
            );
        }
        _ => {
            let _ = writeln!(t, "required_memory_mb = 0  # UNKNOWN: no Max Memory Used in the inputs");
        }
    }
    let _ = writeln!(
        t,
        "timeout_s = {}  # {}",
        o.timeout_for(cal),
        if o.timeout_s.is_some() {
            "given with --timeout-s"
        } else {
            "ASSUMED: the smallest ≥ 3 s that covers the longest measured duration; set the real one"
        }
    );
    match cal.init_p50_p90() {
        Some((p50, p90)) => {
            let what = if cal.init.is_some() { "Init Duration" } else { "Restore Duration (SnapStart)" };
            let n = cal.init.as_ref().or(cal.restore.as_ref()).map_or(0, |f| f.n);
            let _ = writeln!(t, "init_p50_ms = {p50:.2}  # lognormal fitted to {n} {what} samples");
            let _ = writeln!(t, "init_p90_ms = {p90:.2}");
        }
        None if o.runtime.is_some() => {
            let _ = writeln!(t, "# no cold start in the inputs: the runtime's published INIT durations apply");
        }
        None => {
            let _ = writeln!(
                t,
                "init_p50_ms = {:.1}  # PLACEHOLDER: no cold start in the inputs; give --runtime or real values",
                PLACEHOLDER_INIT_MS.0
            );
            let _ = writeln!(t, "init_p90_ms = {:.1}  # PLACEHOLDER", PLACEHOLDER_INIT_MS.1);
        }
    }
    traffic(&mut t, cal, o);
    let _ = writeln!(t, "\n[platform]\nkeep_alive_s = 600  # ASSUMED: idle environments live 10 minutes (measured in 2019; AWS does not document it)");
    let mut sweep: Vec<u32> = SWEEP_MB.to_vec();
    sweep.extend(cal.sizes.iter().map(|s| s.memory_mb));
    sweep.sort_unstable();
    sweep.dedup();
    let list: Vec<String> = sweep.iter().map(u32::to_string).collect();
    let _ = writeln!(
        t,
        "\n[sweep]\nmemory_mb = [{}]  # Power Tuning's defaults, 1 vCPU and the measured sizes",
        list.join(", ")
    );
    let _ = writeln!(t, "architectures = [\"x86_64\", \"arm64\"]");
    t
}

/// The I/O and CPU work written to the scenario [ms], as printed with three decimals. A scenario needs
/// `io_ms + cpu_ms > 0`, so work measured below 0.001 ms in all (a 1 ms billed duration fitted to zero) is
/// written as 0.001 ms of I/O: the nearest value the scenario accepts, and below any billing granularity.
fn written_work_ms(io_ms: f64, cpu_ms: f64) -> (f64, f64) {
    let io = io_ms.clamp(0.0, 900_000.0);
    let cpu = cpu_ms.clamp(0.0, 900_000.0);
    if (io * 1000.0).round() + (cpu * 1000.0).round() < 1.0 {
        (0.001, cpu)
    } else {
        (io, cpu)
    }
}

fn measured_count(cal: &Calibration) -> String {
    if cal.reports > 0 {
        format!("{} REPORT records at {} memory size(s)", cal.reports, cal.sizes.len())
    } else {
        format!("Power Tuning averages at {} memory size(s)", cal.sizes.len())
    }
}

fn traffic(t: &mut String, cal: &Calibration, o: &ScenarioOptions) {
    let _ = writeln!(t, "\n[traffic]");
    if let Some(r) = o.requests_per_second {
        let _ = writeln!(t, "requests_per_second = {r}  # given with --requests-per-second");
        return;
    }
    match &cal.traffic {
        Some(tr) if tr.rate_per_s.is_finite() && tr.rate_per_s > 0.0 && tr.rate_per_s <= 1e6 => {
            let _ = writeln!(
                t,
                "requests_per_second = {}  # observed: {} records over {:.1} h (assumes the logs hold every invocation)",
                rate_text(tr.rate_per_s),
                tr.requests,
                tr.span_s / 3600.0
            );
            if let Some(w) = tr.hourly_weights {
                let list: Vec<String> = w.iter().map(|x| format!("{x:.3}")).collect();
                let _ = writeln!(t, "# Requests by hour of day (UTC) in the logs, relative:");
                let _ = writeln!(t, "hourly_weights = [{}]", list.join(", "));
            }
        }
        _ => {
            let _ = writeln!(
                t,
                "requests_per_second = 1.0  # PLACEHOLDER: the inputs carry no usable timestamps; set your real rate"
            );
        }
    }
}

/// A rate as TOML with 6 significant digits, so that a low rate is not written as `0.000000` (which the
/// scenario refuses): `3.250000`, `2.3148e-5`.
fn rate_text(rate: f64) -> String {
    if rate >= 0.001 {
        format!("{rate:.6}")
    } else {
        format!("{rate:.5e}")
    }
}

/// Splits `text` into lines of at most `width` characters at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split(' ') {
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod work_tests {
    use super::written_work_ms;

    #[test]
    fn work_that_rounds_to_zero_is_written_as_the_smallest_accepted_value() {
        // 0.0004 + 0.0004 ms each print as 0.000 with three decimals; the scenario refuses 0 + 0.
        assert_eq!(written_work_ms(0.0004, 0.0004), (0.001, 0.0004));
        assert_eq!(written_work_ms(0.0, 0.0), (0.001, 0.0));
        assert_eq!(written_work_ms(-3.0, f64::NAN.max(0.0)), (0.001, 0.0));
        // 0.0006 ms prints as 0.001: kept.
        assert_eq!(written_work_ms(0.0006, 0.0), (0.0006, 0.0));
        assert_eq!(written_work_ms(12.5, 3.25), (12.5, 3.25));
    }
}
