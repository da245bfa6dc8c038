//! The fits: the duration model over memory sizes, the noise, the INIT distribution.
//!
//! # Duration model
//!
//! costsim's model (`workload::duration`) is linear in its two work parameters once the thread count `t` is fixed:
//!
//! ```text
//! mean(M) = io_ms + cpu_ms · g_t(M),   g_t(M) = 1 / min(M / 1769, 6, t)
//! ```
//!
//! For each `t` in 1..=6, `io_ms` and `cpu_ms` are fitted by weighted least squares over the measured sizes, each
//! size's mean weighted by `1 / SE²` (SE = standard error of the mean warm duration; equal weights when only means
//! are known, as with Power Tuning). Both must be ≥ 0: if the unconstrained solution has a negative one, the
//! better of the two one-parameter fits on the boundary is taken. The thread count with the smallest weighted sum
//! of squares wins; on a near-tie (within 1 unit of χ² or 2%) the fewer threads win, as the simpler explanation.
//!
//! Standard errors come from the inverse normal matrix, scaled by the reduced χ² when it is above 1 (the model
//! does not explain the means to within their SEs: the parameters are less certain than the SEs alone say).
//! R² and RMSE compare fitted and measured means over the sizes, unweighted [ms].
//!
//! With one memory size, I/O and CPU cannot be told apart: `cpu_fraction` of the measured mean is taken to be CPU
//! work at that size, and every prediction at another size rests on that assumption.

use crate::workload::{MAX_VCPU, MB_PER_VCPU};

/// The standard normal quantile at 0.9.
const Z90: f64 = 1.281_551_565_544_600_4;
/// The standard normal quantile at 0.975 (two-sided 95%).
pub const Z975: f64 = 1.959_963_984_540_054;
/// Thread counts tried.
const MAX_THREADS: u32 = 6;

/// What one memory size's measurements say.
#[derive(Debug, Clone, PartialEq)]
pub struct SizeStats {
    /// Configured memory [MB].
    pub memory_mb: u32,
    /// Warm invocations measured (0 when only a mean is known).
    pub n: u64,
    /// Mean warm duration [ms].
    pub mean_ms: f64,
    /// Standard error of the mean [ms]; `None` when only a mean is known.
    pub se_ms: Option<f64>,
    /// Coefficient of variation of the warm durations.
    pub cv: Option<f64>,
    /// Delta-method standard error of the CV.
    pub cv_se: Option<f64>,
}

impl SizeStats {
    /// Statistics of `samples` [ms] at `memory_mb`; `None` if there are none.
    ///
    /// The CV's standard error is the delta method on the sample moments:
    /// `Var(CV) ≈ (σ⁴/m⁴ + (μ₄ − σ⁴)/(4σ²m²) − μ₃/m³) / n`.
    pub fn from_samples(memory_mb: u32, samples: &[f64]) -> Option<SizeStats> {
        let n = samples.len();
        if n == 0 {
            return None;
        }
        let nf = n as f64;
        let mean = samples.iter().sum::<f64>() / nf;
        if n == 1 {
            return Some(SizeStats { memory_mb, n: 1, mean_ms: mean, se_ms: None, cv: None, cv_se: None });
        }
        let (mut m2, mut m3, mut m4) = (0.0, 0.0, 0.0);
        for x in samples {
            let d = x - mean;
            let d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        let var = m2 / (nf - 1.0);
        let (mu3, mu4, s2) = (m3 / nf, m4 / nf, m2 / nf);
        let sd = var.sqrt();
        let cv = if mean > 0.0 { Some(sd / mean) } else { None };
        let cv_se = cv.and_then(|_| {
            let v = (s2 * s2 / mean.powi(4) + (mu4 - s2 * s2) / (4.0 * s2 * mean * mean) - mu3 / mean.powi(3)) / nf;
            (v.is_finite() && v >= 0.0).then(|| v.sqrt())
        });
        Some(SizeStats { memory_mb, n: n as u64, mean_ms: mean, se_ms: Some(sd / nf.sqrt()), cv, cv_se })
    }
}

/// `g_t(M) = 1 / min(M / 1769, 6, t)`: how many 1-vCPU milliseconds one ms of CPU work takes at `memory_mb`.
pub fn cpu_factor(memory_mb: u32, threads: u32) -> f64 {
    1.0 / (f64::from(memory_mb) / MB_PER_VCPU).min(MAX_VCPU).min(f64::from(threads))
}

/// Where the duration parameters come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Basis {
    /// Fitted over several memory sizes.
    Fitted {
        /// Whether the thread count could be told from the data (some size above 1,769 MB).
        threads_identified: bool,
    },
    /// One memory size: the split between I/O and CPU is assumed.
    AssumedCpuFraction {
        /// Share of the mean duration at the measured size taken to be CPU work.
        cpu_fraction: f64,
        /// The measured size [MB].
        memory_mb: u32,
    },
}

/// The fitted duration model.
#[derive(Debug, Clone, PartialEq)]
pub struct DurationFit {
    /// I/O part [ms].
    pub io_ms: f64,
    /// Standard error of `io_ms` [ms].
    pub io_se_ms: Option<f64>,
    /// CPU part at 1 vCPU [ms].
    pub cpu_ms: f64,
    /// Standard error of `cpu_ms` [ms].
    pub cpu_se_ms: Option<f64>,
    /// Usable threads.
    pub threads: u32,
    /// R² of fitted against measured means over sizes; `None` with fewer than 3 sizes.
    pub r2: Option<f64>,
    /// Root-mean-square difference between fitted and measured means [ms]; `None` with one size.
    pub rmse_ms: Option<f64>,
    /// How the parameters were obtained.
    pub basis: Basis,
}

impl DurationFit {
    /// Mean duration at `memory_mb` under the fit [ms].
    pub fn mean_ms(&self, memory_mb: u32) -> f64 {
        self.io_ms + self.cpu_ms * cpu_factor(memory_mb, self.threads)
    }
}

/// One weighted least-squares fit for a fixed thread count.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    threads: u32,
    io: f64,
    cpu: f64,
    /// Variances of io and cpu before scaling by the residual variance.
    var_io: f64,
    var_cpu: f64,
    chi2: f64,
}

fn wls(points: &[(f64, f64, f64)], threads: u32) -> Option<Candidate> {
    // points: (g, y, w)
    let (mut sw, mut swg, mut swgg, mut swy, mut swgy) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for &(g, y, w) in points {
        sw += w;
        swg += w * g;
        swgg += w * g * g;
        swy += w * y;
        swgy += w * g * y;
    }
    let chi2 = |io: f64, cpu: f64| points.iter().map(|&(g, y, w)| w * (y - io - cpu * g).powi(2)).sum::<f64>();
    let det = sw * swgg - swg * swg;
    // g is the same at every size (all at or above this thread count's vCPUs): I/O and CPU cannot be separated.
    if det.is_nan() || det <= 1e-12 * sw * swgg {
        return None;
    }
    let io = (swgg * swy - swg * swgy) / det;
    let cpu = (sw * swgy - swg * swy) / det;
    if io >= 0.0 && cpu >= 0.0 {
        return Some(Candidate { threads, io, cpu, var_io: swgg / det, var_cpu: sw / det, chi2: chi2(io, cpu) });
    }
    // On the boundary: all CPU (io = 0) or all I/O (cpu = 0), whichever fits better.
    let cpu_only = Candidate { threads, io: 0.0, cpu: swgy / swgg, var_io: 0.0, var_cpu: 1.0 / swgg, chi2: 0.0 };
    let io_only = Candidate { threads, io: swy / sw, cpu: 0.0, var_io: 1.0 / sw, var_cpu: 0.0, chi2: 0.0 };
    let a = Candidate { chi2: chi2(cpu_only.io, cpu_only.cpu), ..cpu_only };
    let b = Candidate { chi2: chi2(io_only.io, io_only.cpu), ..io_only };
    Some(if a.chi2 <= b.chi2 { a } else { b })
}

/// Fits the duration model to per-size statistics (ascending memory, distinct sizes). With one size, or sizes
/// that cannot separate I/O from CPU, `cpu_fraction` (0–1) splits the mean of the smallest size.
pub fn fit_duration(sizes: &[SizeStats], cpu_fraction: f64) -> DurationFit {
    // Weights 1/SE² only when every one is a finite positive number: an SE of 0 (identical durations) or one so
    // small its weight overflows would make the fit NaN.
    let weighted = sizes.iter().all(|s| s.se_ms.is_some_and(|se| se > 0.0 && (1.0 / (se * se)).is_finite()));
    let mut best: Option<Candidate> = None;
    let mut last_g: Option<Vec<f64>> = None;
    for t in 1..=MAX_THREADS {
        let g: Vec<f64> = sizes.iter().map(|s| cpu_factor(s.memory_mb, t)).collect();
        if last_g.as_ref() == Some(&g) {
            continue; // the same design as fewer threads: indistinguishable, keep the fewer
        }
        let points: Vec<(f64, f64, f64)> = sizes
            .iter()
            .zip(&g)
            .map(|(s, &g)| (g, s.mean_ms, if weighted { 1.0 / s.se_ms.unwrap_or(1.0).powi(2) } else { 1.0 }))
            .collect();
        last_g = Some(g);
        let Some(c) = wls(&points, t) else { continue };
        best = match best {
            Some(b) if c.chi2 >= b.chi2 - near_tie(b.chi2, weighted) => Some(b),
            _ => Some(c),
        };
    }
    match best {
        Some(c) if sizes.len() >= 2 => fitted(sizes, c, weighted),
        _ => assumed(&sizes[0], cpu_fraction),
    }
}

/// How much smaller a χ² must be to beat a fit with fewer threads: 1 unit of χ² (one standard error) or 2%,
/// whichever is larger, with known weights; 2% without.
fn near_tie(chi2: f64, weighted: bool) -> f64 {
    if weighted {
        (0.02 * chi2).max(1.0)
    } else {
        0.02 * chi2 + 1e-12
    }
}

fn fitted(sizes: &[SizeStats], c: Candidate, weighted: bool) -> DurationFit {
    let k = sizes.len();
    let free = [c.io > 0.0, c.cpu > 0.0].iter().filter(|x| **x).count().max(1);
    let dof = k.saturating_sub(free);
    // Residual variance: known weights need scaling only if the fit is worse than they say; equal weights
    // get it from the residuals (unknown without spare sizes).
    let scale = match (weighted, dof) {
        (true, 0) => Some(1.0),
        (true, d) => Some((c.chi2 / d as f64).max(1.0)),
        (false, 0) => None,
        (false, d) => Some(c.chi2 / d as f64),
    };
    let se = |v: f64| scale.map(|s| (v * s).sqrt()).filter(|x| x.is_finite());
    let fit = DurationFit {
        io_ms: c.io,
        io_se_ms: se(c.var_io),
        cpu_ms: c.cpu,
        cpu_se_ms: se(c.var_cpu),
        threads: c.threads,
        r2: None,
        rmse_ms: None,
        basis: Basis::Fitted { threads_identified: sizes.iter().any(|s| f64::from(s.memory_mb) > MB_PER_VCPU) },
    };
    let resid: Vec<f64> = sizes.iter().map(|s| s.mean_ms - fit.mean_ms(s.memory_mb)).collect();
    let ss_res: f64 = resid.iter().map(|r| r * r).sum();
    let mean_y = sizes.iter().map(|s| s.mean_ms).sum::<f64>() / k as f64;
    let ss_tot: f64 = sizes.iter().map(|s| (s.mean_ms - mean_y).powi(2)).sum();
    DurationFit {
        r2: (k >= 3 && ss_tot > 0.0).then(|| 1.0 - ss_res / ss_tot).filter(|x| x.is_finite()),
        rmse_ms: Some((ss_res / k as f64).sqrt()).filter(|x| x.is_finite()),
        ..fit
    }
}

fn assumed(s: &SizeStats, cpu_fraction: f64) -> DurationFit {
    let g = cpu_factor(s.memory_mb, 1);
    DurationFit {
        io_ms: (1.0 - cpu_fraction) * s.mean_ms,
        io_se_ms: s.se_ms.map(|se| (1.0 - cpu_fraction) * se),
        cpu_ms: cpu_fraction * s.mean_ms / g,
        cpu_se_ms: s.se_ms.map(|se| cpu_fraction * se / g),
        threads: 1,
        r2: None,
        rmse_ms: None,
        basis: Basis::AssumedCpuFraction { cpu_fraction, memory_mb: s.memory_mb },
    }
}

/// Pooled coefficient of variation over sizes (weighted by invocations) and its standard error.
pub fn pooled_cv(sizes: &[SizeStats]) -> Option<(f64, Option<f64>)> {
    let with: Vec<&SizeStats> = sizes.iter().filter(|s| s.cv.is_some()).collect();
    let n: f64 = with.iter().map(|s| s.n as f64).sum();
    if with.is_empty() || n <= 0.0 {
        return None;
    }
    let cv = with.iter().map(|s| s.n as f64 * s.cv.unwrap_or_default()).sum::<f64>() / n;
    let var: Option<f64> = with.iter().map(|s| s.cv_se.map(|se| (s.n as f64 * se).powi(2))).sum();
    Some((cv, var.map(|v| v.sqrt() / n)))
}

/// A lognormal fitted to INIT (or restore) durations.
#[derive(Debug, Clone, PartialEq)]
pub struct InitFit {
    /// Samples used.
    pub n: usize,
    /// Fitted median: `exp(mean of ln x)` [ms].
    pub p50_ms: f64,
    /// Fitted 90th percentile: `exp(mean + 1.2816 · sd of ln x)` [ms].
    pub p90_ms: f64,
    /// 95% confidence interval of the median: `exp(mean ± 1.96 · sd / √n)` [ms].
    pub p50_ci95_ms: (f64, f64),
    /// Sample median (nearest rank) [ms], to check the lognormal against.
    pub empirical_p50_ms: f64,
    /// Sample 90th percentile (nearest rank) [ms].
    pub empirical_p90_ms: f64,
}

/// Fits a lognormal to `samples` [ms] (values ≤ 0 or not finite are left out); `None` without samples.
pub fn fit_init(samples: &[f64]) -> Option<InitFit> {
    let mut xs: Vec<f64> = samples.iter().copied().filter(|x| x.is_finite() && *x > 0.0).collect();
    if xs.is_empty() {
        return None;
    }
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    let logs: Vec<f64> = xs.iter().map(|x| x.ln()).collect();
    let mu = logs.iter().sum::<f64>() / n as f64;
    let sd = if n > 1 { (logs.iter().map(|l| (l - mu).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt() } else { 0.0 };
    let half = Z975 * sd / (n as f64).sqrt();
    let rank = |q: f64| xs[((q * n as f64).ceil() as usize).clamp(1, n) - 1];
    Some(InitFit {
        n,
        p50_ms: mu.exp(),
        p90_ms: (mu + Z90 * sd).exp(),
        p50_ci95_ms: ((mu - half).exp(), (mu + half).exp()),
        empirical_p50_ms: rank(0.5),
        empirical_p90_ms: rank(0.9),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mean_only(memory_mb: u32, mean_ms: f64) -> SizeStats {
        SizeStats { memory_mb, n: 0, mean_ms, se_ms: None, cv: None, cv_se: None }
    }

    #[test]
    fn sample_statistics() {
        // 1, 2, 3, 4: mean 2.5, sample variance 5/3, SE = √(5/3)/2 = 0.645497; CV = 1.290994/2.5 = 0.516398.
        let s = SizeStats::from_samples(512, &[1.0, 2.0, 3.0, 4.0]).unwrap();
        assert_eq!((s.n, s.mean_ms), (4, 2.5));
        assert!((s.se_ms.unwrap() - 0.645_497).abs() < 1e-6);
        assert!((s.cv.unwrap() - 0.516_398).abs() < 1e-6);
        assert!(SizeStats::from_samples(512, &[]).is_none());
        assert_eq!(SizeStats::from_samples(512, &[7.0]).unwrap().se_ms, None);
    }

    #[test]
    fn exact_means_give_back_the_model() {
        // io 20, cpu 100, 2 threads: 256 MB → 20 + 100·1769/256 = 711.015625; 1769 → 120; 3538 → 70;
        // 5307 → still 2 threads: 70.
        let truth = |m: u32| 20.0 + 100.0 * cpu_factor(m, 2);
        assert!((truth(256) - 711.015_625).abs() < 1e-9 && truth(3538) == 70.0 && truth(5307) == 70.0);
        let sizes: Vec<SizeStats> = [256, 1769, 3538, 5307].iter().map(|&m| mean_only(m, truth(m))).collect();
        let f = fit_duration(&sizes, 0.5);
        assert_eq!(f.threads, 2);
        assert!((f.io_ms - 20.0).abs() < 1e-6 && (f.cpu_ms - 100.0).abs() < 1e-6, "{f:?}");
        assert!(f.rmse_ms.unwrap() < 1e-6 && (f.r2.unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(f.basis, Basis::Fitted { threads_identified: true });
        // Below 1,769 MB every thread count predicts the same: one thread, and it is said.
        let low: Vec<SizeStats> = [128, 512, 1024].iter().map(|&m| mean_only(m, truth(m))).collect();
        let f = fit_duration(&low, 0.5);
        assert_eq!((f.threads, f.basis.clone()), (1, Basis::Fitted { threads_identified: false }));
    }

    #[test]
    fn negative_parts_are_fitted_on_the_boundary() {
        // Means that grow with memory would need cpu < 0: the I/O-only fit, the mean of the means, wins.
        let f = fit_duration(&[mean_only(512, 10.0), mean_only(1024, 12.0)], 0.5);
        assert_eq!((f.io_ms, f.cpu_ms), (11.0, 0.0));
    }

    #[test]
    fn one_size_splits_by_the_assumed_fraction() {
        // 512 MB, mean 100 ms, 30% CPU: io = 70 ms; the CPU part 30 ms at 512/1769 vCPU is 30·512/1769 ms at 1 vCPU.
        let f = fit_duration(&[mean_only(512, 100.0)], 0.3);
        assert!((f.io_ms - 70.0).abs() < 1e-12);
        assert!((f.cpu_ms - 30.0 * 512.0 / 1769.0).abs() < 1e-12);
        assert!((f.mean_ms(512) - 100.0).abs() < 1e-9);
        // At 1,024 MB the CPU part halves: 70 + 15.
        assert!((f.mean_ms(1024) - 85.0).abs() < 1e-9);
    }

    #[test]
    fn init_lognormal() {
        // ln x = 4, 5, 6 (x = e^4, e^5, e^6): mean 5, sd 1; p50 = e^5, p90 = e^(5 + 1.28155).
        let xs = [4f64.exp(), 5f64.exp(), 6f64.exp()];
        let f = fit_init(&xs).unwrap();
        assert!((f.p50_ms - 5f64.exp()).abs() < 1e-9);
        assert!((f.p90_ms - (5.0 + Z90).exp()).abs() < 1e-9);
        assert_eq!((f.empirical_p50_ms, f.empirical_p90_ms), (xs[1], xs[2]));
        assert!(fit_init(&[0.0, f64::NAN]).is_none());
    }
}
