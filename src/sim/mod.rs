//! Discrete-event simulation of one (memory, architecture) point of a function on AWS Lambda.
//!
//! ```
//! use costsim::sim::{self, Platform, SimConfig};
//! use costsim::workload::{DurationModel, Function, InitModel, Packaging, Runtime, Traffic};
//! use costsim::Architecture;
//!
//! let duration = DurationModel::new(20.0, 80.0, 1, 0.3, 1.0)?;
//! let init = InitModel::for_runtime(Runtime::Python312, Packaging::Zip, Architecture::Arm64);
//! let function = Function::new(duration, init, 256, 3_000)?;
//! let traffic = Traffic::poisson(5.0)?;
//! let platform = Platform::default().with_concurrency_limit(Some(1_000));
//! let hour_us = 3_600_000_000;
//! let cfg = SimConfig::new(function, traffic, platform, 1_024, Architecture::Arm64, hour_us, 42)?;
//! let result = sim::run(&cfg);
//! assert_eq!(result.counts.arrivals, result.counts.served() + result.counts.throttled());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Model
//!
//! Time is an integer number of microseconds from midnight (hour-of-day rules use `t / 1 h mod 24`). Requests
//! arriving before the horizon are simulated; each is, in this order:
//!
//! 1. served by a **provisioned** environment if one is free (pre-initialised: no cold start);
//! 2. else **throttled** if on-demand busy + provisioned environments (configured, or busy while a lowered level
//!    drains) already reach the **concurrency limit**;
//! 3. else served **warm** by an idle on-demand environment chosen by the [`Routing`] rule;
//! 4. else **throttled** if the [`ScalingRate`] bucket holds less than one token;
//! 5. else a **cold start**: a new environment runs INIT (a sample of the [`InitModel`](crate::workload::InitModel),
//!    ≤ 10 s), then the invocation.
//!
//! Throttled requests are counted, not billed and not retried. The invoke duration is a sample of the
//! [`DurationModel`](crate::workload::DurationModel) at the configured memory and architecture, rounded to 1 µs.
//! Below the function's memory floor every invocation is an out-of-memory error (billed for its sampled duration,
//! at most the timeout); a duration past the timeout is stopped there, billed for the timeout and counted as a
//! timeout. The caller's latency is INIT (if cold) + invoke duration; the environment is busy for that long.
//! An idle on-demand environment expires `keep_alive` after the end of its last invocation; one whose expiry
//! falls exactly on an arrival's time has already expired. When the provisioned level drops at the top of an
//! hour, busy provisioned environments finish their request first. Provisioned allocation delay and periodic
//! recycling are not modelled.
//!
//! Billing counters are exact integers (see [`Billing`]); statistics stream in constant memory (HDR histogram,
//! running integer integrals, a timeline of at most 1,440 buckets): memory is O(peak environments), never
//! O(invocations) nor O(rate × keep-alive). Integrals cover `[0, horizon)`; invocations still running at
//! the horizon are billed in full (their duration is known when they start).
//!
//! # Randomness and determinism
//!
//! [`SimConfig::seed`] seeds three independent `Pcg64Mcg` streams: arrivals, invoke durations, and INIT plus random
//! routing. Arrivals thus do not depend on memory or architecture: for one seed every point of a memory sweep sees
//! the same requests (common random numbers, which makes differences between points much less noisy). Events are
//! ordered by `(time, insertion counter)`, except that the start of an hour comes before everything else at that
//! instant (a request exactly on the hour sees that hour's provisioned level), so the same configuration and seed
//! give an identical [`SimResult`]. The counter also decides between an invocation that ends and a request that
//! arrives at the same microsecond (whether that environment is free for it): rare with random durations, and left
//! as it is.
//!
//! # Engine
//!
//! A hand-written loop over a `BinaryHeap` of 24-byte `Copy` events (end of an invocation, hourly provisioned-level
//! change) keyed by `(time, insertion counter)`. Each traffic source keeps exactly one pending arrival, numbered
//! from the same counter and merged with the heap's first event (a k-way merge over 1–3 sources), which saves a
//! heap push and pop per request. Keep-alive expiry needs no events: with a fixed keep-alive the next idle
//! environment to expire is the one released longest ago, so idle environments sit in a release-ordered deque
//! checked before each event; environments taken out of its middle (newest-created or random routing) are
//! detected by generation counters, and the deque is compacted when it holds more than 4 entries per idle
//! environment, so it stays within 4 × the peak idle count + 32 entries. Nothing is allocated per event once the
//! heap and deque have grown.
//!
//! # Performance
//!
//! `cargo bench --bench sim -- --quick` on one core of the 2-vCPU development machine, 100 req/s Poisson, 100 ms
//! mean lognormal duration, one day (8.64 M invocations per run): **13.9 M invocations/s** on the warm path
//! (0.62 s per simulated day) and 10.5 M/s when every request is a cold start. The profile is then spread over
//! the heap (≈ 25 %), arrival generation (≈ 15 %), `exp` for the lognormal noise (≈ 9 %) and the histogram (≈ 6 %).

// Units are written in brackets ([ms], [µs], [MB], facts markers [A]/[S]) as style.md asks; rustdoc would
// otherwise read each one as a broken intra-doc link.

mod account;
mod config;
mod engine;
mod pool;
mod result;

pub use account::{background_step_us, run_account, run_with_background, AccountResult, Member, BACKGROUND_STEPS};
pub use config::{
    Platform, Routing, ScalingRate, SimConfig, SimError, DEFAULT_KEEP_ALIVE_MS, DEFAULT_TIMELINE_BUCKETS,
    MAX_HORIZON_US,
};
pub use result::{
    ratio, Billing, Counts, Delivery, EnvironmentStats, LatencyStats, SimResult, Timeline, TimelineBucket,
};

/// Simulates one configuration. Deterministic: the same configuration (seed included) gives an equal result.
pub fn run(cfg: &SimConfig) -> SimResult {
    use crate::trigger::Trigger;
    match cfg.trigger() {
        Trigger::Sync(_) => engine::Engine::<{ engine::SYNC }>::new(cfg).run(),
        Trigger::Async(_) | Trigger::Schedule(_) => engine::Engine::<{ engine::ASYNC }>::new(cfg).run(),
        Trigger::Sqs(_) => engine::Engine::<{ engine::SQS }>::new(cfg).run(),
    }
}

/// SplitMix64: a well-mixed 64-bit value from `z`, for deriving independent RNG seeds from one seed.
pub fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
