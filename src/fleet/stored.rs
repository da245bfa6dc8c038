//! A [`Baseline`] as JSON, for `costsim run --baseline-only`: every number the sweep and the review read from
//! today's account, written so that it reads back to the same bits (integers exactly, `f64` in the shortest form
//! that reads back to the same value, each latency histogram as its recorded buckets).
//!
//! The simulator's own types keep their report JSON (histograms are left out of it); the mirrors here add the
//! histograms, which the review's percentiles of today's account are computed from.

use hdrhistogram::Histogram;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use super::{Baseline, CouplingInfo};
use crate::sim::{AccountResult, Billing, Counts, Delivery, EnvironmentStats, LatencyStats, SimResult, Timeline};
use crate::Architecture;

/// A histogram as its bounds and its non-empty buckets: `[value, count]` with `value` the highest value of the
/// bucket [µs], which records into the same bucket again.
#[derive(Serialize, Deserialize)]
struct StoredHistogram {
    low: u64,
    high: u64,
    sigfig: u8,
    buckets: Vec<(u64, u64)>,
}

impl StoredHistogram {
    fn of(h: &Histogram<u64>) -> StoredHistogram {
        let buckets = h.iter_recorded().map(|v| (v.value_iterated_to(), v.count_at_value())).collect();
        StoredHistogram { low: h.low(), high: h.high(), sigfig: h.sigfig(), buckets }
    }

    /// The histogram again: the same buckets with the same counts, hence the same percentiles.
    fn restore<E: de::Error>(self) -> Result<Histogram<u64>, E> {
        let mut h = Histogram::new_with_bounds(self.low, self.high, self.sigfig)
            .map_err(|e| E::custom(format!("a histogram's bounds are invalid: {e:?}")))?;
        for (value, count) in self.buckets {
            h.record_n(value, count)
                .map_err(|e| E::custom(format!("a histogram's value {value} is out of range: {e:?}")))?;
        }
        Ok(h)
    }
}

/// [`SimResult`] with its histograms.
#[derive(Serialize, Deserialize)]
struct StoredResult {
    memory_mb: u32,
    arch: Architecture,
    horizon_us: u64,
    seed: u64,
    counts: Counts,
    billing: Billing,
    latency: LatencyStats,
    latency_histogram: StoredHistogram,
    environments: EnvironmentStats,
    timeline: Timeline,
    delivery: Delivery,
    wait_histogram: StoredHistogram,
    end_to_end_histogram: StoredHistogram,
}

impl StoredResult {
    fn of(r: &SimResult) -> StoredResult {
        StoredResult {
            memory_mb: r.memory_mb,
            arch: r.arch,
            horizon_us: r.horizon_us,
            seed: r.seed,
            counts: r.counts.clone(),
            billing: r.billing.clone(),
            latency: r.latency.clone(),
            latency_histogram: StoredHistogram::of(&r.latency_histogram),
            environments: r.environments.clone(),
            timeline: r.timeline.clone(),
            delivery: r.delivery.clone(),
            wait_histogram: StoredHistogram::of(&r.wait_histogram),
            end_to_end_histogram: StoredHistogram::of(&r.end_to_end_histogram),
        }
    }

    fn restore<E: de::Error>(self) -> Result<SimResult, E> {
        Ok(SimResult {
            memory_mb: self.memory_mb,
            arch: self.arch,
            horizon_us: self.horizon_us,
            seed: self.seed,
            counts: self.counts,
            billing: self.billing,
            latency: self.latency,
            latency_histogram: self.latency_histogram.restore()?,
            environments: self.environments,
            timeline: self.timeline,
            delivery: self.delivery,
            wait_histogram: self.wait_histogram.restore()?,
            end_to_end_histogram: self.end_to_end_histogram.restore()?,
        })
    }
}

/// [`AccountResult`], its members' results with their histograms.
#[derive(Serialize, Deserialize)]
struct StoredAccount {
    functions: Vec<StoredResult>,
    peak_in_use: u64,
    bucket_us: u64,
    in_use: Vec<u64>,
    step_us: u64,
    held: Vec<Vec<u32>>,
}

impl StoredAccount {
    fn of(a: &AccountResult) -> StoredAccount {
        StoredAccount {
            functions: a.functions.iter().map(StoredResult::of).collect(),
            peak_in_use: a.peak_in_use,
            bucket_us: a.bucket_us,
            in_use: a.in_use.clone(),
            step_us: a.step_us,
            held: a.held.clone(),
        }
    }

    fn restore<E: de::Error>(self) -> Result<AccountResult, E> {
        let functions = self.functions.into_iter().map(StoredResult::restore).collect::<Result<_, E>>()?;
        Ok(AccountResult {
            functions,
            peak_in_use: self.peak_in_use,
            bucket_us: self.bucket_us,
            in_use: self.in_use,
            step_us: self.step_us,
            held: self.held,
        })
    }
}

/// [`Baseline`]'s fields, as JSON.
#[derive(Serialize, Deserialize)]
struct StoredBaseline {
    regions: Vec<(String, Vec<usize>)>,
    runs: Vec<Vec<StoredAccount>>,
    coupled: Vec<bool>,
    coupling: Vec<CouplingInfo>,
}

impl Serialize for Baseline {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // A copy of the plain numbers (a few megabytes for a day's account), so that the mirror can own them.
        let runs = self.runs.iter().map(|region| region.iter().map(StoredAccount::of).collect()).collect();
        StoredBaseline {
            regions: self.regions.clone(),
            runs,
            coupled: self.coupled.clone(),
            coupling: self.coupling.clone(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Baseline {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Baseline, D::Error> {
        let b = StoredBaseline::deserialize(d)?;
        let runs = b
            .runs
            .into_iter()
            .map(|region| region.into_iter().map(StoredAccount::restore).collect::<Result<Vec<_>, _>>())
            .collect::<Result<_, _>>()?;
        Ok(Baseline { regions: b.regions, runs, coupled: b.coupled, coupling: b.coupling })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Application;

    fn tiny() -> Application {
        let catalog = crate::pricing::Catalog::built_in();
        let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/apps/tiny.toml"));
        Application::load_with(path, &catalog, &Default::default()).unwrap()
    }

    #[test]
    fn a_baseline_reads_back_to_the_same_runs_and_histograms() {
        let app = tiny();
        let base = super::super::baseline(&app);
        let json = serde_json::to_vec(&base).unwrap();
        let back: Baseline = serde_json::from_slice(&json).unwrap();
        assert_eq!(serde_json::to_vec(&back).unwrap(), json, "written again, the same bytes");
        assert!(back.fits(&app).is_ok());
        let (a, b) = (&base.runs[0][0].functions[0], &back.runs[0][0].functions[0]);
        assert!(!a.latency_histogram.is_empty(), "the histogram holds the run's requests");
        for q in [0.0, 0.5, 0.9, 0.99, 0.999, 1.0] {
            assert_eq!(a.latency_histogram.value_at_quantile(q), b.latency_histogram.value_at_quantile(q), "q {q}");
        }
        assert_eq!(a.latency_histogram.len(), b.latency_histogram.len());
        assert_eq!(a.latency_histogram.max(), b.latency_histogram.max());
        assert_eq!((a.counts.clone(), a.timeline.clone()), (b.counts.clone(), b.timeline.clone()));
    }

    #[test]
    fn a_histogram_value_out_of_its_bounds_is_an_error_not_a_panic() {
        let stored = StoredHistogram { low: 1, high: 1000, sigfig: 3, buckets: vec![(u64::MAX, 1)] };
        assert!(stored.restore::<serde_json::Error>().is_err());
        let stored = StoredHistogram { low: 0, high: 1000, sigfig: 9, buckets: vec![] };
        assert!(stored.restore::<serde_json::Error>().is_err());
    }
}
