//! How long a cold start's INIT phase takes.
//!
//! # Formula
//!
//! INIT duration is lognormal, fitted to a median `p50` and 90th percentile `p90` [ms]:
//!
//! ```text
//! mu    = ln(p50)
//! sigma = ln(p90 / p50) / z90,   z90 = 1.2815515655446004 (the standard normal 0.9 quantile)
//! init  = min(exp(mu + sigma·Z), 10,000 ms),   Z ~ N(0, 1)
//! ```
//!
//! The cap is the 10 s INIT limit of on-demand functions (Lambda developer guide, "Lambda execution environment
//! lifecycle"). INIT does not depend on memory (maxday/lambda-perf: hello-world INIT is flat from 128 to 1,024 MB).
//! Per-runtime defaults come from maxday/lambda-perf's data, 2026-07-01 … 2026-08-22, hello-world functions. Real functions with
//! large packages or heavy imports start slower: give their own p50/p90 when known.

use std::fmt;
use std::str::FromStr;

use rand::Rng;
use rand_distr::StandardNormal;
use serde::{Deserialize, Serialize};

use crate::Architecture;

/// The standard normal quantile at 0.9.
const Z90: f64 = 1.281_551_565_544_600_4;
/// Longest INIT of an on-demand function [µs] (Lambda developer guide: the INIT phase is limited to 10 s).
pub const INIT_LIMIT_US: u64 = 10_000_000;

/// A parameter of [`InitModel::from_p50_p90`] was out of range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InitError {
    /// `p50` was NaN, infinite, zero or negative.
    #[error("init p50 must be a finite number > 0 ms")]
    P50Invalid,
    /// `p90` was NaN, infinite or below `p50`.
    #[error("init p90 must be a finite number >= p50 ms")]
    P90Invalid,
}

/// The INIT (cold start) duration of a function. See the [module docs](self) for the formula.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InitModel {
    /// Median INIT duration [µs]; 0 means a cold start adds no time.
    median_us: f64,
    /// Scale of the log of the INIT duration [-], ≥ 0.
    sigma: f64,
}

impl InitModel {
    /// Lognormal INIT with median `p50_ms` and 90th percentile `p90_ms` [ms]. `p90_ms == p50_ms` gives a constant.
    ///
    /// # Errors
    ///
    /// [`InitError::P50Invalid`] unless `0 < p50_ms < ∞`; [`InitError::P90Invalid`] unless `p50_ms ≤ p90_ms < ∞`.
    ///
    /// # Examples
    ///
    /// ```
    /// use costsim::workload::InitModel;
    /// let init = InitModel::from_p50_p90(84.0, 101.0)?; // python3.12, zip, x86_64
    /// assert!((init.p90_ms() - 101.0).abs() < 1e-9);
    /// # Ok::<(), costsim::workload::InitError>(())
    /// ```
    pub fn from_p50_p90(p50_ms: f64, p90_ms: f64) -> Result<Self, InitError> {
        if !(p50_ms.is_finite() && p50_ms > 0.0) {
            return Err(InitError::P50Invalid);
        }
        if !(p90_ms.is_finite() && p90_ms >= p50_ms) {
            return Err(InitError::P90Invalid);
        }
        Ok(Self { median_us: p50_ms * 1000.0, sigma: (p90_ms / p50_ms).ln() / Z90 })
    }

    /// A cold start that takes no time (a cold start still needs a new environment and a scaling token).
    pub fn none() -> Self {
        Self { median_us: 0.0, sigma: 0.0 }
    }

    /// The default for `runtime` packaged as `packaging` on `arch` (maxday/lambda-perf, hello-world functions).
    pub fn for_runtime(runtime: Runtime, packaging: Packaging, arch: Architecture) -> Self {
        let (p50, p90) = runtime.init_p50_p90_ms(packaging, arch);
        Self::from_p50_p90(p50, p90).expect("the built-in table has 0 < p50 <= p90")
    }

    /// Median INIT duration [ms], before the 10 s cap.
    pub fn p50_ms(&self) -> f64 {
        self.median_us / 1000.0
    }

    /// 90th percentile of the INIT duration [ms], before the 10 s cap.
    pub fn p90_ms(&self) -> f64 {
        self.p50_ms() * (self.sigma * Z90).exp()
    }

    /// One INIT duration, rounded to the nearest microsecond and capped at 10 s [µs].
    /// Draws no random number when the duration is constant.
    #[inline]
    pub fn sample_us<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        if self.sigma == 0.0 {
            return super::nearest_us(self.median_us).min(INIT_LIMIT_US);
        }
        let z: f64 = rng.sample(StandardNormal);
        super::nearest_us(self.median_us * (self.sigma * z).exp()).min(INIT_LIMIT_US)
    }
}

/// How the function is deployed. INIT is slower from a container image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Packaging {
    /// A .zip archive on a managed or OS-only runtime.
    Zip,
    /// A container image.
    Image,
}

macro_rules! runtimes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal:
        [$zx50:literal / $zx90:literal, $za50:literal / $za90:literal,
         $ix50:literal / $ix90:literal, $ia50:literal / $ia90:literal] ),* $(,)?) => {
        /// A Lambda runtime with a default INIT duration (maxday/lambda-perf).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[non_exhaustive]
        pub enum Runtime {
            $( $(#[$doc])* #[serde(rename = $name)] $variant, )*
        }

        impl Runtime {
            /// Every runtime in the table.
            pub const ALL: &'static [Runtime] = &[$(Runtime::$variant),*];

            /// The runtime's name, as AWS writes it where it can (`python3.12`, `go (provided.al2023)` is `go`).
            pub fn as_str(self) -> &'static str {
                match self { $(Runtime::$variant => $name,)* }
            }

            /// Hello-world INIT `(p50, p90)` [ms] (maxday/lambda-perf `data/`, 2026-07-01 … 08-22).
            pub fn init_p50_p90_ms(self, packaging: Packaging, arch: Architecture) -> (f64, f64) {
                use Architecture::{Arm64, X86_64};
                use Packaging::{Image, Zip};
                match self {
                    $(Runtime::$variant => match (packaging, arch) {
                        (Zip, X86_64) => ($zx50 as f64, $zx90 as f64),
                        (Zip, Arm64) => ($za50 as f64, $za90 as f64),
                        (Image, X86_64) => ($ix50 as f64, $ix90 as f64),
                        (Image, Arm64) => ($ia50 as f64, $ia90 as f64),
                    },)*
                }
            }
        }
    };
}

// Columns: zip x86, zip arm, image x86, image arm; each p50 / p90 [ms]. From maxday/lambda-perf `data/`, 2026-07-01 … 2026-08-22.
runtimes! {
    /// Node.js 20.
    Nodejs20 = "nodejs20.x": [142 / 162, 131 / 140, 265 / 557, 227 / 263],
    /// Node.js 22.
    Nodejs22 = "nodejs22.x": [141 / 164, 129 / 137, 295 / 579, 237 / 581],
    /// Node.js 24.
    Nodejs24 = "nodejs24.x": [135 / 156, 123 / 133, 273 / 566, 228 / 662],
    /// Python 3.9.
    Python39 = "python3.9": [76 / 91, 74 / 89, 143 / 269, 124 / 256],
    /// Python 3.11.
    Python311 = "python3.11": [78 / 94, 73 / 79, 145 / 262, 121 / 228],
    /// Python 3.12.
    Python312 = "python3.12": [84 / 101, 81 / 88, 152 / 283, 130 / 254],
    /// Python 3.13.
    Python313 = "python3.13": [85 / 106, 80 / 92, 154 / 292, 130 / 255],
    /// Python 3.14.
    Python314 = "python3.14": [110 / 147, 102 / 114, 175 / 338, 157 / 298],
    /// Java 11.
    Java11 = "java11": [277 / 374, 283 / 528, 366 / 637, 336 / 655],
    /// Java 17.
    Java17 = "java17": [205 / 233, 217 / 232, 304 / 477, 294 / 462],
    /// Java 21.
    Java21 = "java21": [239 / 280, 248 / 268, 341 / 619, 313 / 548],
    /// Java 25.
    Java25 = "java25": [191 / 301, 196 / 228, 239 / 480, 243 / 413],
    /// .NET 8.
    Dotnet8 = "dotnet8": [253 / 346, 297 / 575, 401 / 675, 428 / 669],
    /// .NET 10.
    Dotnet10 = "dotnet10": [254 / 584, 253 / 598, 392 / 709, 365 / 663],
    /// .NET 8 native AOT on provided.al2023.
    Dotnet8Aot = "dotnet8-aot": [87 / 98, 77 / 84, 61 / 106, 55 / 91],
    /// Ruby 3.4.
    Ruby34 = "ruby3.4": [225 / 389, 235 / 394, 262 / 384, 268 / 341],
    /// Go on provided.al2023.
    Go = "go": [50 / 53, 43 / 44, 46 / 86, 39 / 64],
    /// Rust on provided.al2023.
    Rust = "rust": [16 / 22, 14 / 16, 35 / 63, 30 / 45],
    /// LLRT on provided.al2023.
    Llrt = "llrt": [68 / 74, 62 / 69, 58 / 125, 47 / 94],
    /// GraalVM native Java 21 on provided.al2023.
    GraalvmJava21 = "graalvm-java21": [152 / 168, 127 / 135, 88 / 198, 76 / 151],
    /// Bun on provided.al2.
    Bun = "bun": [346 / 373, 296 / 318, 159 / 384, 142 / 266],
}

impl fmt::Display for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text given was not a runtime in the INIT table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown runtime '{0}' (allowed: nodejs20.x … nodejs24.x, python3.9 … python3.14, java11 … java25, dotnet8, dotnet10, dotnet8-aot, ruby3.4, go, rust, llrt, graalvm-java21, bun)")]
pub struct UnknownRuntime(pub String);

impl FromStr for Runtime {
    type Err = UnknownRuntime;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        Runtime::ALL.iter().copied().find(|r| r.as_str() == wanted).ok_or_else(|| UnknownRuntime(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_pcg::Pcg64Mcg;

    #[test]
    fn rejects_invalid_percentiles() {
        for p50 in [f64::NAN, 0.0, -1.0, f64::INFINITY] {
            assert_eq!(InitModel::from_p50_p90(p50, 100.0), Err(InitError::P50Invalid), "{p50}");
        }
        for p90 in [f64::NAN, 99.0, f64::INFINITY, -1.0] {
            assert_eq!(InitModel::from_p50_p90(100.0, p90), Err(InitError::P90Invalid), "{p90}");
        }
        assert!(InitModel::from_p50_p90(100.0, 100.0).is_ok());
    }

    #[test]
    fn fit_reproduces_percentiles_and_cap() {
        let init = InitModel::from_p50_p90(100.0, 200.0).unwrap();
        let mut rng = Pcg64Mcg::seed_from_u64(1);
        let mut s: Vec<u64> = (0..100_000).map(|_| init.sample_us(&mut rng)).collect();
        s.sort_unstable();
        // Binomial SE of a quantile estimate at n = 1e5 is ~0.3% of the rank; 3% is loose.
        assert!((s[50_000] as f64 / 100_000.0 - 1.0).abs() < 0.03);
        assert!((s[90_000] as f64 / 200_000.0 - 1.0).abs() < 0.03);
        let slow = InitModel::from_p50_p90(9_000.0, 20_000.0).unwrap();
        assert!((0..10_000).all(|_| slow.sample_us(&mut rng) <= INIT_LIMIT_US));
        assert_eq!(InitModel::none().sample_us(&mut rng), 0);
        assert_eq!(InitModel::from_p50_p90(250.3, 250.3).unwrap().sample_us(&mut rng), 250_300);
    }

    #[test]
    fn runtime_table_is_valid_and_parses() {
        for &r in Runtime::ALL {
            for p in [Packaging::Zip, Packaging::Image] {
                for a in Architecture::ALL {
                    let (p50, p90) = r.init_p50_p90_ms(p, a);
                    assert!(0.0 < p50 && p50 <= p90, "{r} {p:?} {a}");
                    let _ = InitModel::for_runtime(r, p, a);
                }
            }
            assert_eq!(r.as_str().parse::<Runtime>(), Ok(r));
        }
        assert_eq!(Runtime::Python312.init_p50_p90_ms(Packaging::Zip, Architecture::X86_64), (84.0, 101.0));
        assert_eq!(Runtime::Rust.init_p50_p90_ms(Packaging::Image, Architecture::Arm64), (30.0, 45.0));
        assert!("cobol".parse::<Runtime>().is_err());
    }
}
