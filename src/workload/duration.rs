//! How long one invocation runs, as a function of memory size and architecture.
//!
//! # Formula
//!
//! Lambda gives a function CPU in proportion to its memory: 1,769 MB is one vCPU of credits, capped at 6 vCPUs
//! (Lambda developer guide, "Configuring Lambda function memory"). A function does `io_ms` of waiting that no CPU speeds up and `cpu_ms` of work measured at
//! exactly one vCPU on x86_64, spread over at most `threads` threads:
//!
//! ```text
//! vcpu(M)     = min(M / 1769, 6)                       [vCPU]
//! usable(M)   = min(vcpu(M), threads)                  [vCPU]   (below 1 vCPU the CPU part is slower)
//! speed(a)    = 1 on x86_64, arm64_cpu_speed on arm64
//! mean(M, a)  = io_ms + cpu_ms / usable(M) / speed(a)  [ms]
//! ```
//!
//! One invocation lasts `mean(M, a) × X`, where `X` is lognormal noise with mean 1 and coefficient of variation
//! `cv`: `sigma² = ln(1 + cv²)`, `mu = −sigma² / 2` (so `E[X] = exp(mu + sigma²/2) = 1`). `cv = 0` gives exactly
//! the mean. The simulator resolves each sample to the nearest whole microsecond.

use rand::Rng;
use rand_distr::{Exp1, StandardNormal};

use crate::Architecture;

/// Memory that buys one vCPU of CPU credits [MB] (Lambda developer guide, "Configuring Lambda function memory").
pub const MB_PER_VCPU: f64 = 1769.0;
/// Most vCPUs a function can get [vCPU] (Lambda developer guide, "Configuring Lambda function memory").
pub const MAX_VCPU: f64 = 6.0;
/// Microseconds per millisecond.
const US_PER_MS: f64 = 1000.0;

/// A parameter of [`DurationModel::new`] was out of range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DurationError {
    /// `io_ms` was NaN, infinite or negative.
    #[error("io_ms must be a finite number >= 0 ms")]
    IoInvalid,
    /// `cpu_ms` was NaN, infinite or negative.
    #[error("cpu_ms must be a finite number >= 0 ms")]
    CpuInvalid,
    /// `io_ms + cpu_ms` was zero.
    #[error("io_ms + cpu_ms must be > 0 ms")]
    NoWork,
    /// `threads` was zero.
    #[error("threads must be >= 1")]
    ThreadsInvalid,
    /// `cv` was NaN, infinite or negative.
    #[error("cv (coefficient of variation) must be a finite number >= 0")]
    CvInvalid,
    /// `arm64_cpu_speed` was NaN, infinite, zero or negative.
    #[error("arm64_cpu_speed must be a finite number > 0 (1.0 = as fast as x86_64)")]
    ArmSpeedInvalid,
}

/// The duration of one invocation: I/O wait plus CPU work that scales with the vCPUs that memory buys.
///
/// See the [module docs](self) for the formula.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DurationModel {
    /// Waiting time that CPU does not speed up [ms].
    io_ms: f64,
    /// CPU work at exactly 1 vCPU on x86_64 [ms].
    cpu_ms: f64,
    /// Threads the code can keep busy at once [threads], ≥ 1.
    threads: u32,
    /// Coefficient of variation of the multiplicative lognormal noise [-], ≥ 0.
    cv: f64,
    /// CPU speed of arm64 relative to x86_64 [-], > 0.
    arm64_cpu_speed: f64,
    /// Waiting time per item of a batch (an SQS message), on top of `io_ms` [ms].
    item_io_ms: f64,
    /// CPU work per item of a batch at 1 vCPU on x86_64, on top of `cpu_ms` [ms].
    item_cpu_ms: f64,
    /// Exponential instead of lognormal noise (cv is then 1): for checks against M/M/c queueing formulas.
    exponential: bool,
}

impl DurationModel {
    /// Builds a duration model.
    ///
    /// - `io_ms`: waiting time that CPU does not speed up [ms], finite, ≥ 0;
    /// - `cpu_ms`: CPU work at exactly 1 vCPU on x86_64 [ms], finite, ≥ 0 (and `io_ms + cpu_ms > 0`);
    /// - `threads`: threads the code can keep busy [threads], ≥ 1;
    /// - `cv`: coefficient of variation of the lognormal noise [-], finite, ≥ 0;
    /// - `arm64_cpu_speed`: CPU speed of arm64 relative to x86_64 [-], finite, > 0.
    ///
    /// # Errors
    ///
    /// A [`DurationError`] naming the first parameter out of range.
    ///
    /// # Examples
    ///
    /// ```
    /// use costsim::workload::DurationModel;
    /// use costsim::Architecture;
    ///
    /// let d = DurationModel::new(20.0, 80.0, 1, 0.0, 1.0)?;
    /// // 884 MB is about half a vCPU: 80 ms of CPU work takes about 160 ms.
    /// assert!((d.mean_ms(884, Architecture::X86_64) - 180.0).abs() < 0.2);
    /// assert_eq!(d.mean_ms(1769, Architecture::X86_64), 100.0);
    /// # Ok::<(), costsim::workload::DurationError>(())
    /// ```
    pub fn new(io_ms: f64, cpu_ms: f64, threads: u32, cv: f64, arm64_cpu_speed: f64) -> Result<Self, DurationError> {
        if !(io_ms.is_finite() && io_ms >= 0.0) {
            return Err(DurationError::IoInvalid);
        }
        if !(cpu_ms.is_finite() && cpu_ms >= 0.0) {
            return Err(DurationError::CpuInvalid);
        }
        if io_ms + cpu_ms <= 0.0 {
            return Err(DurationError::NoWork);
        }
        if threads == 0 {
            return Err(DurationError::ThreadsInvalid);
        }
        if !(cv.is_finite() && cv >= 0.0) {
            return Err(DurationError::CvInvalid);
        }
        if !(arm64_cpu_speed.is_finite() && arm64_cpu_speed > 0.0) {
            return Err(DurationError::ArmSpeedInvalid);
        }
        Ok(Self { io_ms, cpu_ms, threads, cv, arm64_cpu_speed, item_io_ms: 0.0, item_cpu_ms: 0.0, exponential: false })
    }

    /// Adds per-item work: an invocation with a batch of `n` items then takes the fixed part (`io_ms`,
    /// `cpu_ms`) plus `n` times this part, both scaling with vCPUs as the fixed part does. Without it, every
    /// invocation is the fixed part whatever its batch size (today's per-invocation form).
    ///
    /// # Errors
    ///
    /// [`DurationError::IoInvalid`] / [`DurationError::CpuInvalid`] unless both are finite and ≥ 0.
    pub fn with_per_item(mut self, io_ms: f64, cpu_ms: f64) -> Result<Self, DurationError> {
        if !(io_ms.is_finite() && io_ms >= 0.0) {
            return Err(DurationError::IoInvalid);
        }
        if !(cpu_ms.is_finite() && cpu_ms >= 0.0) {
            return Err(DurationError::CpuInvalid);
        }
        self.item_io_ms = io_ms;
        self.item_cpu_ms = cpu_ms;
        Ok(self)
    }

    /// The same model with exponentially distributed noise of mean 1 (so cv = 1) instead of lognormal: what
    /// M/M/c formulas assume.
    pub fn with_exponential_noise(mut self) -> Self {
        self.exponential = true;
        self.cv = 1.0;
        self
    }

    /// Whether the noise is exponential rather than lognormal.
    pub fn exponential_noise(&self) -> bool {
        self.exponential
    }

    /// Per-item waiting and CPU work [ms], zero unless set by [`DurationModel::with_per_item`].
    pub fn per_item_ms(&self) -> (f64, f64) {
        (self.item_io_ms, self.item_cpu_ms)
    }

    /// A duration that does not depend on memory: `io_ms` of waiting, no CPU work, noise `cv`.
    ///
    /// # Errors
    ///
    /// As [`DurationModel::new`].
    pub fn fixed(io_ms: f64, cv: f64) -> Result<Self, DurationError> {
        Self::new(io_ms, 0.0, 1, cv, 1.0)
    }

    /// Coefficient of variation of the noise [-].
    pub fn cv(&self) -> f64 {
        self.cv
    }

    /// Mean duration at `memory_mb` on `arch` [ms].
    ///
    /// # Formula
    ///
    /// `io_ms + cpu_ms / min(memory_mb / 1769, 6, threads) / speed(arch)`.
    pub fn mean_ms(&self, memory_mb: u32, arch: Architecture) -> f64 {
        self.mean_batch_ms(memory_mb, arch, 1)
    }

    /// Mean duration of an invocation with `items` items at `memory_mb` on `arch` [ms]: the fixed part plus
    /// `items` × the per-item part (which is zero unless set).
    pub fn mean_batch_ms(&self, memory_mb: u32, arch: Architecture, items: u32) -> f64 {
        let (base, item) = self.parts_ms(memory_mb, arch);
        base + f64::from(items) * item
    }

    /// (fixed part, per-item part) of the mean at one point [ms].
    fn parts_ms(&self, memory_mb: u32, arch: Architecture) -> (f64, f64) {
        let vcpu = (f64::from(memory_mb) / MB_PER_VCPU).min(MAX_VCPU);
        let usable = vcpu.min(f64::from(self.threads));
        let speed = match arch {
            Architecture::X86_64 => 1.0,
            Architecture::Arm64 => self.arm64_cpu_speed,
        };
        (self.io_ms + self.cpu_ms / usable / speed, self.item_io_ms + self.item_cpu_ms / usable / speed)
    }

    /// A sampler of durations at one (memory, architecture) point, with the mean and noise parameters precomputed.
    pub fn sampler(&self, memory_mb: u32, arch: Architecture) -> DurationSampler {
        let (base, item) = self.parts_ms(memory_mb, arch);
        let mut s = DurationSampler::lognormal(base, self.cv);
        s.item_us = item * US_PER_MS;
        s.exponential = self.exponential;
        s
    }
}

/// Draws durations with a fixed mean and multiplicative lognormal noise. Built by [`DurationModel::sampler`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DurationSampler {
    /// Mean duration of the fixed part [µs].
    mean_us: f64,
    /// Mean duration per item of a batch [µs]; 0 unless the model has per-item work.
    item_us: f64,
    /// Exponential noise of mean 1 instead of lognormal.
    exponential: bool,
    /// Location of the log of the noise.
    mu: f64,
    /// Scale of the log of the noise; 0 means no noise.
    sigma: f64,
}

impl DurationSampler {
    /// Mean `mean_ms`, lognormal noise with mean 1 and coefficient of variation `cv`. Inputs are already valid.
    pub(crate) fn lognormal(mean_ms: f64, cv: f64) -> Self {
        let sigma2 = (cv * cv + 1.0).ln();
        Self { mean_us: mean_ms * US_PER_MS, item_us: 0.0, exponential: false, mu: -sigma2 / 2.0, sigma: sigma2.sqrt() }
    }

    /// Mean duration of a one-item invocation [ms].
    pub fn mean_ms(&self) -> f64 {
        (self.mean_us + self.item_us) / US_PER_MS
    }

    /// One duration [ms].
    pub fn sample_ms<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.sample_f64_us(rng) / US_PER_MS
    }

    /// One duration, rounded to the nearest microsecond [µs]. Draws no random number when `cv = 0`.
    #[inline]
    pub fn sample_us<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        // `as` saturates, so an absurdly long sample becomes u64::MAX µs; callers cap it at the timeout.
        super::nearest_us(self.sample_f64_us(rng))
    }

    /// One duration of an invocation with `items` items, rounded to the nearest microsecond [µs]. The batch
    /// shares one noise draw (its items wait on the same downstream), so its coefficient of variation is `cv`.
    #[inline]
    pub fn sample_batch_us<R: Rng + ?Sized>(&self, rng: &mut R, items: u32) -> u64 {
        super::nearest_us(self.noisy(rng, self.mean_us + f64::from(items) * self.item_us))
    }

    #[inline]
    fn sample_f64_us<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.noisy(rng, self.mean_us + self.item_us)
    }

    #[inline]
    fn noisy<R: Rng + ?Sized>(&self, rng: &mut R, mean_us: f64) -> f64 {
        if self.exponential {
            let e: f64 = rng.sample(Exp1);
            return mean_us * e;
        }
        if self.sigma == 0.0 {
            return mean_us;
        }
        let z: f64 = rng.sample(StandardNormal);
        mean_us * (self.sigma * z + self.mu).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_pcg::Pcg64Mcg;

    #[test]
    fn rejects_invalid_parameters() {
        use DurationError::*;
        let bad = [
            ((f64::NAN, 1.0, 1, 0.0, 1.0), IoInvalid),
            ((-1.0, 1.0, 1, 0.0, 1.0), IoInvalid),
            ((f64::INFINITY, 1.0, 1, 0.0, 1.0), IoInvalid),
            ((1.0, f64::NAN, 1, 0.0, 1.0), CpuInvalid),
            ((1.0, -0.5, 1, 0.0, 1.0), CpuInvalid),
            ((0.0, 0.0, 1, 0.0, 1.0), NoWork),
            ((1.0, 1.0, 0, 0.0, 1.0), ThreadsInvalid),
            ((1.0, 1.0, 1, f64::NAN, 1.0), CvInvalid),
            ((1.0, 1.0, 1, -0.1, 1.0), CvInvalid),
            ((1.0, 1.0, 1, 0.0, 0.0), ArmSpeedInvalid),
            ((1.0, 1.0, 1, 0.0, -1.0), ArmSpeedInvalid),
            ((1.0, 1.0, 1, 0.0, f64::NAN), ArmSpeedInvalid),
        ];
        for ((io, cpu, th, cv, arm), want) in bad {
            assert_eq!(DurationModel::new(io, cpu, th, cv, arm), Err(want), "{io} {cpu} {th} {cv} {arm}");
        }
        assert!(DurationModel::new(0.0, 1.0, 1, 0.0, 1.0).is_ok());
        assert!(DurationModel::new(1.0, 0.0, 1, 0.0, 1.0).is_ok());
    }

    #[test]
    fn mean_follows_vcpu_formula() {
        let d = DurationModel::new(10.0, 100.0, 2, 0.0, 1.25).unwrap();
        let x = Architecture::X86_64;
        // 128 MB: vcpu = 128/1769 = 0.072357, cpu part = 100 / 0.072357 = 1382.03 ms.
        assert!((d.mean_ms(128, x) - (10.0 + 100.0 * 1769.0 / 128.0)).abs() < 1e-9);
        // 3538 MB = 2 vCPU: 10 + 50.
        assert!((d.mean_ms(3538, x) - 60.0).abs() < 1e-12);
        // 10,240 MB = 5.79 vCPU, but only 2 threads.
        assert!((d.mean_ms(10_240, x) - 60.0).abs() < 1e-12);
        // arm64 1.25× faster: 10 + 50 / 1.25.
        assert!((d.mean_ms(3538, Architecture::Arm64) - 50.0).abs() < 1e-12);
        // Many threads: capped by credits, 10,240 / 1769 vCPU.
        let d = DurationModel::new(0.0, 100.0, 64, 0.0, 1.0).unwrap();
        assert!((d.mean_ms(10_240, x) - 100.0 * 1769.0 / 10_240.0).abs() < 1e-9);
    }

    #[test]
    fn per_item_work_adds_to_the_fixed_part() {
        let d = DurationModel::new(10.0, 20.0, 1, 0.0, 1.0).unwrap().with_per_item(2.0, 4.0).unwrap();
        let x = Architecture::X86_64;
        // 1769 MB = 1 vCPU: fixed 10 + 20 = 30 ms, per item 2 + 4 = 6 ms; a batch of 10 = 30 + 60 = 90 ms.
        assert!((d.mean_batch_ms(1769, x, 10) - 90.0).abs() < 1e-12);
        assert!((d.mean_ms(1769, x) - 36.0).abs() < 1e-12);
        let s = d.sampler(1769, x);
        let mut rng = Pcg64Mcg::seed_from_u64(1);
        assert_eq!(s.sample_batch_us(&mut rng, 10), 90_000);
        assert_eq!(s.sample_batch_us(&mut rng, 0), 30_000);
        assert_eq!(s.sample_us(&mut rng), 36_000);
        assert!(d.with_per_item(-1.0, 0.0).is_err() && d.with_per_item(0.0, f64::NAN).is_err());
        // Without per-item work a batch takes the fixed part, as before.
        let plain = DurationModel::new(10.0, 20.0, 1, 0.0, 1.0).unwrap().sampler(1769, x);
        assert_eq!(plain.sample_batch_us(&mut rng, 500), 30_000);
    }

    #[test]
    fn zero_cv_gives_exact_mean_and_noise_has_mean_one() {
        let mut rng = Pcg64Mcg::seed_from_u64(7);
        let s = DurationModel::new(100.0, 0.0, 1, 0.0, 1.0).unwrap().sampler(128, Architecture::X86_64);
        assert_eq!(s.sample_us(&mut rng), 100_000);
        let s = DurationModel::fixed(100.0, 1.0).unwrap().sampler(128, Architecture::X86_64);
        let n = 200_000;
        let samples: Vec<f64> = (0..n).map(|_| s.sample_ms(&mut rng)).collect();
        let mean = samples.iter().sum::<f64>() / n as f64;
        let var = samples.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        // cv = 1: SD of the mean = 100/sqrt(2e5) = 0.22 ms; allow 5 SD.
        assert!((mean - 100.0).abs() < 1.2, "mean {mean}");
        let cv = var.sqrt() / mean;
        assert!((cv - 1.0).abs() < 0.05, "cv {cv}");
    }
}
