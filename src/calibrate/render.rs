//! The calibration as text for the terminal, and the list of assumptions shared with the scenario's comments.

use std::fmt::Write;

use super::fit::{cpu_factor, Basis, Z975};
use super::{Calibration, ScenarioOptions, DEFAULT_CV};

/// Memory sizes at which predictions are printed [MB].
const PREDICT_MB: [u32; 9] = [128, 256, 512, 1024, 1536, 1769, 2048, 3008, 10_240];

/// Every assumption the scenario rests on, one sentence each.
pub(crate) fn assumptions(cal: &Calibration, o: &ScenarioOptions) -> Vec<String> {
    let d = &cal.duration;
    let mut out = Vec::new();
    let sizes: Vec<String> = cal.sizes.iter().map(|s| format!("{} MB", s.memory_mb)).collect();
    match &d.basis {
        Basis::AssumedCpuFraction { cpu_fraction, memory_mb } => {
            let at = cal.sizes.iter().find(|s| s.memory_mb == *memory_mb).map_or(0.0, |s| s.mean_ms);
            let g = cpu_factor(*memory_mb, 1);
            out.push(format!(
                "ONE memory size was measured ({memory_mb} MB), so I/O and CPU cannot be told apart: {:.0}% of its \
                 {at:.1} ms mean is ASSUMED to be CPU work (--cpu-fraction {cpu_fraction}). Every prediction at \
                 another size rests on this. At 1,024 MB all-I/O code would take {at:.1} ms and all-CPU code {:.1} ms; \
                 measure a second size (e.g. with Power Tuning) to replace the assumption.",
                cpu_fraction * 100.0,
                at * cpu_factor(1024, 1) / g,
            ));
            out.push("Single-threaded code assumed (threads = 1): no data says otherwise.".into());
        }
        Basis::Fitted { threads_identified } => {
            out.push(format!(
                "Durations follow costsim's model io_ms + cpu_ms / min(M/1769, 6, threads), fitted at {}; \
                 predictions outside {}–{} MB extrapolate it.",
                sizes.join(", "),
                cal.sizes[0].memory_mb,
                cal.sizes[cal.sizes.len() - 1].memory_mb
            ));
            if !threads_identified {
                out.push(
                    "No size above 1,769 MB was measured, where thread counts differ: threads = 1 assumed, so \
                     durations stop falling above 1,769 MB."
                        .into(),
                );
            }
        }
    }
    out.push(format!(
        "Measured on {}; arm64 is assumed as fast as x86_64 per vCPU (arm64_cpu_speed = 1.0), not measured.",
        o.measured_arch
    ));
    if cal.cv.is_none() {
        out.push(format!("The inputs give no spread of durations: cv = {DEFAULT_CV} assumed."));
    }
    if o.from_power_tuning {
        out.push(
            "Power Tuning's averages are trimmed means (20% cut at each end by default) of duration + INIT; they are \
             taken as the mean warm duration."
                .into(),
        );
    }
    if cal.init.is_none() && cal.restore.is_none() {
        out.push(match &o.runtime {
            Some(r) => format!("No cold start in the inputs: INIT durations are {r}'s published hello-world values."),
            None => "No cold start in the inputs: INIT percentiles are placeholders (200 / 400 ms).".into(),
        });
    }
    out.push(format!(
        "Cold starts are simulated from the traffic and a 600 s keep-alive, not copied from the logs{}.",
        cal.cold_start_ratio().map_or(String::new(), |r| format!(" (measured ratio {:.3}%, to compare)", r * 100.0))
    ));
    if let (Some(f), Some(u)) = (cal.memory_floor_mb, cal.max_memory_used_mb) {
        out.push(format!(
            "Memory floor {f} MB = {u} MB max used × (1 + {:.0}% headroom); less memory is treated as out of memory.",
            cal.headroom * 100.0
        ));
    }
    if cal.untimely_records > 0 {
        out.push(format!(
            "{} record(s) carry a time before 2014-11-13 (Lambda's launch) or after 2100: left out of the rate.",
            cal.untimely_records
        ));
    }
    match (&o.requests_per_second, &cal.traffic) {
        (Some(_), _) => {}
        (None, Some(tr)) if !(tr.rate_per_s.is_finite() && tr.rate_per_s > 0.0 && tr.rate_per_s <= 1e6) => {
            out.push(format!(
                "The rate seen in the logs' timestamps ({} requests/s) is outside what a scenario accepts (above 0, \
                 at most 1,000,000 requests/s): requests_per_second is a placeholder.",
                crate::diagnostic::number(tr.rate_per_s)
            ))
        }
        (None, Some(_)) => out.push("Traffic is the rate seen in the logs' timestamps, Poisson around it.".into()),
        (None, None) => out.push("The inputs carry no usable timestamps: requests_per_second is a placeholder.".into()),
    }
    out.push(
        "The account's free tier is not applied (free_tier = false): it is assumed to go to other functions, so \
         the costs are this function's own. Set free_tier = true for a lone function."
            .into(),
    );
    if o.timeout_s.is_none() {
        out.push(format!(
            "Timeout {} s: the smallest ≥ 3 s covering the longest measured duration; the real one is not in the logs.",
            o.timeout_for(cal)
        ));
    }
    out
}

/// The calibration for the terminal: measurements, fitted parameters with uncertainty and fit quality, cold
/// starts, memory, traffic, predictions and assumptions.
pub fn render_text(cal: &Calibration, o: &ScenarioOptions) -> String {
    let mut t = String::new();
    let d = &cal.duration;
    let _ = writeln!(t, " Measured durations (warm invocations)");
    let _ = writeln!(t, "   memory          n          mean ±95%      CV     fitted  residual");
    for s in &cal.sizes {
        let ci = s.se_ms.map_or_else(|| "        ".into(), |se| format!("±{:<7.2}", Z975 * se));
        let cv = s.cv.map_or_else(|| "   –".into(), |c| format!("{c:.3}"));
        let fitted = d.mean_ms(s.memory_mb);
        let _ = writeln!(
            t,
            " {:>6} MB  {:>9}  {:>10.2} ms {ci} {cv:>6} {fitted:>8.2} ms {:>+8.2} ms",
            s.memory_mb,
            if s.n == 0 { "mean".to_string() } else { s.n.to_string() },
            s.mean_ms,
            s.mean_ms - fitted
        );
    }
    let _ = writeln!(t, "\n Duration model   mean(M) = io_ms + cpu_ms / min(M/1769, 6, threads)");
    let se = |x: Option<f64>| {
        x.map_or_else(|| "(no SE: as many parameters as sizes)".into(), |v| format!("± {v:.3} ms (1 SE)"))
    };
    let _ = writeln!(t, "   io_ms     {:>10.3} ms  {}", d.io_ms, se(d.io_se_ms));
    let _ = writeln!(t, "   cpu_ms    {:>10.3} ms  {}", d.cpu_ms, se(d.cpu_se_ms));
    let _ = writeln!(t, "   threads   {:>10}", d.threads);
    match cal.cv {
        Some((cv, cv_se)) => {
            let _ = writeln!(
                t,
                "   cv        {cv:>10.4}     {}",
                cv_se.map_or_else(String::new, |s| format!("± {s:.4} (1 SE)"))
            );
        }
        None => {
            let _ = writeln!(t, "   cv        {DEFAULT_CV:>10.4}     assumed (no spread in the inputs)");
        }
    }
    let quality = match (&d.basis, d.r2, d.rmse_ms) {
        (Basis::AssumedCpuFraction { .. }, ..) => "none: one size, the split between I/O and CPU is assumed".into(),
        (_, Some(r2), Some(rmse)) => format!("R² {r2:.4}, RMSE {rmse:.2} ms over {} sizes", cal.sizes.len()),
        (_, None, Some(rmse)) if cal.sizes.len() >= 3 => format!(
            "R² n/a: the measured means do not vary across the {} sizes, so there is nothing to explain; RMSE {rmse:.2} ms",
            cal.sizes.len()
        ),
        (_, None, Some(rmse)) => {
            format!("RMSE {rmse:.2} ms; 2 sizes, 2 parameters: nothing left to test the model's shape")
        }
        _ => "n/a: the fit's residuals are not finite numbers".into(),
    };
    let _ = writeln!(t, "   fit       {quality}");
    cold_and_memory(&mut t, cal);
    predictions(&mut t, cal);
    let _ = writeln!(t, "\n Assumptions");
    for a in assumptions(cal, o) {
        let _ = writeln!(t, "   - {a}");
    }
    t
}

fn cold_and_memory(t: &mut String, cal: &Calibration) {
    let _ = writeln!(t, "\n Cold starts");
    match cal.cold_start_ratio() {
        Some(r) => {
            let _ = writeln!(
                t,
                "   ratio     {:.3}% ({} of {} records carry Init or Restore Duration)",
                r * 100.0,
                cal.cold,
                cal.reports
            );
        }
        None => {
            let _ = writeln!(t, "   ratio     unknown (no REPORT records)");
        }
    }
    for (name, f) in [("INIT", &cal.init), ("restore", &cal.restore)] {
        if let Some(f) = f {
            let _ = writeln!(
                t,
                "   {name:<9} lognormal p50 {:.1} ms (95% CI {:.1}–{:.1}), p90 {:.1} ms; sample p50 {:.1}, p90 {:.1} (n = {})",
                f.p50_ms, f.p50_ci95_ms.0, f.p50_ci95_ms.1, f.p90_ms, f.empirical_p50_ms, f.empirical_p90_ms, f.n
            );
        }
    }
    let _ = writeln!(
        t,
        "   The scenario gets the INIT distribution, not the ratio: the simulator makes cold starts itself from the\n   \
         traffic and keep_alive_s. Compare the measured ratio with the sweep's `cold` column."
    );
    let _ = writeln!(t, "\n Memory");
    match (cal.memory_floor_mb, cal.max_memory_used_mb) {
        (Some(f), Some(u)) => {
            let _ = writeln!(t, "   floor     {f} MB = ceil({u} MB max used × {:.2})", 1.0 + cal.headroom);
        }
        _ => {
            let _ = writeln!(t, "   floor     unknown (no Max Memory Used in the inputs)");
        }
    }
    if let Some(tr) = &cal.traffic {
        let _ = writeln!(
            t,
            "\n Traffic\n   rate      {:.4} requests/s ({} timed records over {:.2} h)",
            tr.rate_per_s,
            tr.requests,
            tr.span_s / 3600.0
        );
    }
}

fn predictions(t: &mut String, cal: &Calibration) {
    let d = &cal.duration;
    let mut sizes: Vec<u32> = PREDICT_MB.to_vec();
    sizes.extend(cal.sizes.iter().map(|s| s.memory_mb));
    sizes.sort_unstable();
    sizes.dedup();
    let bounds = match d.basis {
        Basis::AssumedCpuFraction { memory_mb, .. } => {
            let at = cal.sizes.iter().find(|s| s.memory_mb == memory_mb).map_or(0.0, |s| s.mean_ms);
            Some((at, memory_mb))
        }
        Basis::Fitted { .. } => None,
    };
    let _ = writeln!(t, "\n Predicted mean warm duration (x86_64)");
    match bounds {
        Some(_) => {
            let _ = writeln!(t, "   memory    predicted    if all I/O    if all CPU");
        }
        None => {
            let _ = writeln!(t, "   memory    predicted");
        }
    }
    for m in sizes {
        let mark = if cal.sizes.iter().any(|s| s.memory_mb == m) { "  (measured)" } else { "" };
        match bounds {
            Some((at, m0)) => {
                let cpu = at * cpu_factor(m, 1) / cpu_factor(m0, 1);
                let _ = writeln!(t, " {m:>6} MB  {:>9.1} ms  {at:>9.1} ms  {cpu:>9.1} ms{mark}", d.mean_ms(m));
            }
            None => {
                let _ = writeln!(t, " {m:>6} MB  {:>9.1} ms{mark}", d.mean_ms(m));
            }
        }
    }
}
