//! Bounds on what a scenario may ask for, checked when it loads (documented in `scenarios/README.md`).
//!
//! A scenario that passes validation must finish: every loop in the simulator is bounded by the number of
//! arrivals (and the number of hours), so bounding the expected arrivals bounds the work. The limits are far above
//! every shipped scenario and bench (`benches/billion.toml` is 10^9 invocations in one run, about a minute on one
//! core at the measured 15 M invocations/s).

/// Largest scenario file by default [bytes]: a scenario is a short TOML file; this is checked before reading it.
/// `--max-input-mb` raises it (see [`crate::limits`]).
pub const MAX_SCENARIO_BYTES: u64 = 1024 * 1024;

/// Largest expected number of requests in one replication (mean rate × horizon, bursts included; a trace's
/// total) [requests]: 10^10, about 11 minutes on one core.
pub const MAX_REQUESTS_PER_REPLICATION: u64 = 10_000_000_000;

/// Largest expected number of simulated requests in a whole run: sweep points × replications × requests per
/// replication [requests]: 10^11, about 2 hours on one core (1 hour on 2).
pub const MAX_SIMULATED_REQUESTS: u64 = 100_000_000_000;

/// Largest hourly weight: relative rates, so any scale works, but a bound keeps sums finite [1].
pub const MAX_WEIGHT: f64 = 1e12;

/// Most bursts in progress at once on average (`spread_ms` ÷ the mean interval): each arrival of a burst looks at
/// every burst in progress.
pub const MAX_BURST_OVERLAP: f64 = 100.0;
