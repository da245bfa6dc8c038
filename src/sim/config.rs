//! What one simulation run needs: the function, its traffic, the platform's rules, and the (memory, architecture)
//! point.

use serde::Serialize;

use crate::trigger::Trigger;
use crate::workload::{Function, Traffic, MAX_MEMORY_MB, MIN_MEMORY_MB};
use crate::Architecture;

/// Hours in a day.
const HOURS: usize = 24;
/// Default keep-alive [ms]: 10 minutes, the value measured in 2019 and assumed by the validation data set
/// (measured by third parties, e.g. mikhail.io's cold-start studies; AWS does not document it, later
/// measurements say 5–7 min).
pub const DEFAULT_KEEP_ALIVE_MS: u64 = 600_000;
/// Longest simulated time [µs]: 100 years of 365.25 days, far beyond any scenario and far from `u64` overflow.
pub const MAX_HORIZON_US: u64 = 36_525 * 86_400 * 1_000_000;
/// Default number of timeline buckets: one per minute of a day.
pub const DEFAULT_TIMELINE_BUCKETS: u32 = 1_440;

/// A simulation parameter was out of range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    /// Memory size outside 128 – 10,240 MB.
    #[error("memory_mb must be between 128 and 10240 MB (got {0})")]
    MemoryInvalid(u32),
    /// Horizon of zero or more than 100 years.
    #[error("horizon must be between 1 µs and 100 years (3155760000000000 µs)")]
    HorizonInvalid,
    /// Provisioned concurrency above the concurrency limit in some hour.
    #[error("provisioned concurrency {level} in hour {hour} exceeds the concurrency limit {limit}; lower it or raise the limit")]
    ProvisionedAboveLimit {
        /// Hour of day.
        hour: usize,
        /// Provisioned environments in that hour.
        level: u32,
        /// The concurrency limit.
        limit: u32,
    },
    /// Scaling-rate bucket of zero environments.
    #[error("scaling burst must be >= 1 environment")]
    ScalingBurstInvalid,
    /// Functions simulated as one account must share one clock.
    #[error("the functions of one account must be simulated over the same horizon and timeline")]
    AccountMismatch,
    /// Timeline with no buckets or more than 1,440.
    #[error("timeline buckets must be between 1 and 1440 (got {0})")]
    TimelineBucketsInvalid(u32),
    /// An SQS visibility timeout shorter than the function timeout, which Lambda refuses when the mapping is
    /// created (<https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html>).
    #[error("the queue's visibility timeout ({visibility_s} s) must be at least the function timeout ({timeout_s} s); AWS recommends 6 × the timeout")]
    VisibilityBelowTimeout {
        /// Visibility timeout [s].
        visibility_s: u32,
        /// Function timeout [s].
        timeout_s: u32,
    },
}

/// Which idle environment a request goes to when several are warm.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Routing {
    /// The idle environment released most recently (default).
    #[default]
    MostRecentlyUsed,
    /// The idle environment created most recently (SimFaaS's rule).
    NewestCreated,
    /// A uniformly random idle environment.
    Random,
}

/// How fast a function may add execution environments: a token bucket of `burst` tokens refilled continuously at
/// `per_second` tokens per second. Each new on-demand environment takes one token; a cold start that finds less
/// than one token is throttled. The bucket starts full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ScalingRate {
    /// Bucket capacity [environments], ≥ 1.
    burst: u32,
    /// Refill rate [environments/s].
    per_second: u32,
}

impl ScalingRate {
    /// AWS since 2023-11: +1,000 environments per 10 s per function, refilled continuously (Lambda developer guide, "Lambda scaling behavior"; AWS News blog, 2023-11).
    pub const AWS: ScalingRate = ScalingRate { burst: 1_000, per_second: 100 };

    /// A bucket of `burst` environments [≥ 1] refilled at `per_second` environments per second.
    ///
    /// # Errors
    ///
    /// [`SimError::ScalingBurstInvalid`] if `burst == 0`.
    pub fn new(burst: u32, per_second: u32) -> Result<Self, SimError> {
        if burst == 0 {
            return Err(SimError::ScalingBurstInvalid);
        }
        Ok(Self { burst, per_second })
    }

    /// Bucket capacity [environments].
    pub fn burst(&self) -> u32 {
        self.burst
    }

    /// Refill rate [environments/s].
    pub fn per_second(&self) -> u32 {
        self.per_second
    }
}

/// The platform's rules: keep-alive, routing, limits, scaling rate and provisioned concurrency.
///
/// Defaults: keep-alive 10 min ([`DEFAULT_KEEP_ALIVE_MS`]), most-recently-used routing, no concurrency limit
/// (AWS accounts start at 1,000; set it with [`Platform::with_concurrency_limit`]), AWS's scaling rate
/// ([`ScalingRate::AWS`]), no provisioned concurrency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Platform {
    /// An idle environment expires this long after the end of its last invocation [ms].
    keep_alive_ms: u64,
    routing: Routing,
    /// Most requests in flight at once, provisioned environments included [requests].
    concurrency_limit: Option<u32>,
    scaling: Option<ScalingRate>,
    /// Provisioned environments in each hour of the day [environments].
    provisioned: [u32; HOURS],
}

impl Default for Platform {
    fn default() -> Self {
        Self {
            keep_alive_ms: DEFAULT_KEEP_ALIVE_MS,
            routing: Routing::default(),
            concurrency_limit: None,
            scaling: Some(ScalingRate::AWS),
            provisioned: [0; HOURS],
        }
    }
}

impl Platform {
    /// Idle environments expire `ms` after the end of their last invocation [ms]. `u64::MAX` means never.
    pub fn with_keep_alive_ms(mut self, ms: u64) -> Self {
        self.keep_alive_ms = ms;
        self
    }

    /// Routing rule among idle environments.
    pub fn with_routing(mut self, routing: Routing) -> Self {
        self.routing = routing;
        self
    }

    /// Reserved or account concurrency [requests in flight], provisioned environments included; `None` for no
    /// limit. A request beyond it is throttled.
    pub fn with_concurrency_limit(mut self, limit: Option<u32>) -> Self {
        self.concurrency_limit = limit;
        self
    }

    /// Scaling-rate limit on new environments; `None` disables it (for validation against queueing formulas).
    pub fn with_scaling_rate(mut self, scaling: Option<ScalingRate>) -> Self {
        self.scaling = scaling;
        self
    }

    /// Provisioned environments in each hour of the day [environments]; all zero for none.
    pub fn with_provisioned(mut self, per_hour: [u32; HOURS]) -> Self {
        self.provisioned = per_hour;
        self
    }

    /// Keep-alive [ms].
    pub fn keep_alive_ms(&self) -> u64 {
        self.keep_alive_ms
    }

    /// Routing rule.
    pub fn routing(&self) -> Routing {
        self.routing
    }

    /// Concurrency limit [requests in flight], if any.
    pub fn concurrency_limit(&self) -> Option<u32> {
        self.concurrency_limit
    }

    /// Scaling-rate limit, if enabled.
    pub fn scaling_rate(&self) -> Option<ScalingRate> {
        self.scaling
    }

    /// Provisioned environments per hour of day.
    pub fn provisioned(&self) -> &[u32; HOURS] {
        &self.provisioned
    }
}

/// Everything one simulation run needs. Built by [`SimConfig::new`], always valid.
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub(crate) function: Function,
    pub(crate) traffic: Traffic,
    pub(crate) platform: Platform,
    /// Configured memory [MB].
    pub(crate) memory_mb: u32,
    pub(crate) arch: Architecture,
    /// Simulated time [µs]; time 0 is midnight.
    pub(crate) horizon_us: u64,
    pub(crate) seed: u64,
    pub(crate) timeline_buckets: u32,
    pub(crate) trigger: Trigger,
}

impl SimConfig {
    /// One (memory, architecture) point of a function under a traffic and platform, simulated for `horizon_us`
    /// [µs] from midnight with random seed `seed`.
    ///
    /// # Errors
    ///
    /// [`SimError::MemoryInvalid`] unless 128 ≤ `memory_mb` ≤ 10,240; [`SimError::HorizonInvalid`] unless
    /// 1 µs ≤ `horizon_us` ≤ [`MAX_HORIZON_US`]; [`SimError::ProvisionedAboveLimit`] if some hour provisions more environments than the
    /// concurrency limit.
    pub fn new(
        function: Function,
        traffic: Traffic,
        platform: Platform,
        memory_mb: u32,
        arch: Architecture,
        horizon_us: u64,
        seed: u64,
    ) -> Result<Self, SimError> {
        if !(MIN_MEMORY_MB..=MAX_MEMORY_MB).contains(&memory_mb) {
            return Err(SimError::MemoryInvalid(memory_mb));
        }
        if !(1..=MAX_HORIZON_US).contains(&horizon_us) {
            return Err(SimError::HorizonInvalid);
        }
        if let Some(limit) = platform.concurrency_limit {
            if let Some((hour, &level)) = platform.provisioned.iter().enumerate().find(|(_, &l)| l > limit) {
                return Err(SimError::ProvisionedAboveLimit { hour, level, limit });
            }
        }
        Ok(Self {
            function,
            traffic,
            platform,
            memory_mb,
            arch,
            horizon_us,
            seed,
            timeline_buckets: DEFAULT_TIMELINE_BUCKETS,
            trigger: Trigger::default(),
        })
    }

    /// Sets how events reach the function (default: synchronous, as a direct invoke).
    ///
    /// # Errors
    ///
    /// [`SimError::VisibilityBelowTimeout`] for an SQS mapping whose visibility timeout is below the function
    /// timeout.
    pub fn with_trigger(mut self, trigger: Trigger) -> Result<Self, SimError> {
        if let Trigger::Sqs(m) = &trigger {
            let timeout_s = self.function.timeout_ms().div_ceil(1_000);
            if m.visibility_timeout_s() < timeout_s {
                return Err(SimError::VisibilityBelowTimeout { visibility_s: m.visibility_timeout_s(), timeout_s });
            }
        }
        self.trigger = trigger;
        Ok(self)
    }

    /// How events reach the function.
    pub fn trigger(&self) -> &Trigger {
        &self.trigger
    }

    /// Sets the number of timeline buckets over the horizon (default 1,440).
    ///
    /// # Errors
    ///
    /// [`SimError::TimelineBucketsInvalid`] unless 1 ≤ `buckets` ≤ 1,440.
    pub fn with_timeline_buckets(mut self, buckets: u32) -> Result<Self, SimError> {
        if !(1..=DEFAULT_TIMELINE_BUCKETS).contains(&buckets) {
            return Err(SimError::TimelineBucketsInvalid(buckets));
        }
        self.timeline_buckets = buckets;
        Ok(self)
    }

    /// Same configuration with another seed (for replications).
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The function.
    pub fn function(&self) -> &Function {
        &self.function
    }

    /// The traffic.
    pub fn traffic(&self) -> &Traffic {
        &self.traffic
    }

    /// The platform rules.
    pub fn platform(&self) -> &Platform {
        &self.platform
    }

    /// Configured memory [MB].
    pub fn memory_mb(&self) -> u32 {
        self.memory_mb
    }

    /// Architecture.
    pub fn arch(&self) -> Architecture {
        self.arch
    }

    /// Simulated time [µs].
    pub fn horizon_us(&self) -> u64 {
        self.horizon_us
    }

    /// Random seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workload::{DurationModel, InitModel};

    fn new(platform: Platform, memory_mb: u32, horizon_us: u64) -> Result<SimConfig, SimError> {
        let d = DurationModel::fixed(10.0, 0.0).unwrap();
        let f = Function::new(d, InitModel::none(), 0, 1_000).unwrap();
        let t = Traffic::poisson(1.0).unwrap();
        SimConfig::new(f, t, platform, memory_mb, Architecture::X86_64, horizon_us, 0)
    }

    #[test]
    fn rejects_out_of_range() {
        let p = Platform::default();
        for m in [0, 127, 10_241, u32::MAX] {
            assert_eq!(new(p.clone(), m, 1).unwrap_err(), SimError::MemoryInvalid(m));
        }
        for h in [0, MAX_HORIZON_US + 1, u64::MAX] {
            assert_eq!(new(p.clone(), 128, h).unwrap_err(), SimError::HorizonInvalid);
        }
        let mut pc = [0; 24];
        pc[7] = 11;
        let err = new(p.clone().with_provisioned(pc).with_concurrency_limit(Some(10)), 128, 1);
        assert_eq!(err.unwrap_err(), SimError::ProvisionedAboveLimit { hour: 7, level: 11, limit: 10 });
        assert!(new(p.clone().with_provisioned(pc), 128, 1).is_ok());
        assert_eq!(ScalingRate::new(0, 100), Err(SimError::ScalingBurstInvalid));
        assert!(ScalingRate::new(1, 0).is_ok());
        let cfg = new(p, 10_240, MAX_HORIZON_US).unwrap();
        for b in [0, 1_441] {
            let err = cfg.clone().with_timeline_buckets(b).unwrap_err();
            assert_eq!(err, SimError::TimelineBucketsInvalid(b));
        }
        assert!(cfg.with_timeline_buckets(1).is_ok());
    }
}
