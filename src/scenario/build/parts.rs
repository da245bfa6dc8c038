//! The parts of a scenario that do not depend on each other, checked all at once, so that a file's problems are
//! reported together instead of one per run.

use super::{Builder, Meta, Result, Sweep};
use crate::pricing::PackageType;
use crate::scenario::raw::RawScenario;
use crate::scenario::{CurrentSetting, DurationSpec, InitSpec, RecommendSpec, ScenarioError};
use crate::sim::Platform;
use crate::workload::DurationModel;

use super::trigger::CheckedTrigger;

/// The errors of checks that do not depend on each other, gathered so that a file's problems are all reported
/// at once instead of one per run.
#[derive(Default)]
pub(in crate::scenario) struct Errors(Vec<ScenarioError>);

impl Errors {
    /// `r`'s value, or `None` with its error kept.
    pub(in crate::scenario) fn keep<T>(&mut self, r: Result<T>) -> Option<T> {
        r.map_err(|e| self.0.push(e)).ok()
    }

    /// Every error kept, as one.
    pub(in crate::scenario) fn into_error(self) -> ScenarioError {
        ScenarioError::all(self.0)
    }
}

/// Every independent part of a scenario, checked.
pub(super) struct Parts {
    pub meta: Meta,
    /// [s]
    pub timeout_s: u32,
    pub duration: (DurationSpec, DurationModel),
    pub error_ratio: f64,
    pub init: (PackageType, InitSpec),
    pub platform: Platform,
    pub sweep: Sweep,
    /// [MB]
    pub required_memory_mb: u32,
    /// [MB]
    pub ephemeral_mb: u32,
    pub recommend: RecommendSpec,
    pub trigger: CheckedTrigger,
    pub current: Option<CurrentSetting>,
}

impl Builder<'_> {
    /// The parts of `raw` that need nothing else checked first, then those that need only them (the trigger
    /// needs the timeout; today's setting, the platform): every error of all of them, or the parts.
    pub(super) fn parts(&self, raw: &RawScenario) -> Result<Parts> {
        let f = &raw.function;
        let mut errors = Errors::default();
        let meta = errors.keep(self.meta(&raw.scenario));
        let timeout_s =
            errors.keep(f.timeout_s.as_ref().map_or(Ok(3), |v| self.range_u32(v, "timeout_s", 1, 900, " s")));
        let duration = errors.keep(self.duration(f));
        let error_ratio = errors.keep(
            f.error_ratio
                .as_ref()
                .map_or(Ok(0.0), |v| self.range_f64(v, "error_ratio", 0.0, 0.99, " (a share of invocations)")),
        );
        let init = errors.keep(self.init(f));
        let platform = errors.keep(self.platform(&raw.platform));
        let sweep = errors.keep(self.sweep(raw));
        let required_memory_mb = errors.keep(
            f.required_memory_mb.as_ref().map_or(Ok(0), |v| self.range_u32(v, "required_memory_mb", 0, 10_240, " MB")),
        );
        let ephemeral_mb = errors
            .keep(f.ephemeral_mb.as_ref().map_or(Ok(512), |v| self.range_u32(v, "ephemeral_mb", 512, 10_240, " MB")));
        let recommend = errors.keep(self.recommend(&raw.recommend));
        let trigger = timeout_s.and_then(|t| errors.keep(self.trigger(raw.trigger.as_ref(), t)));
        let current = platform.as_ref().and_then(|p| errors.keep(self.current(raw.current.as_ref(), p)));
        // Every part is there exactly when no check failed (a failed one kept its error).
        let parts = move || {
            Some(Parts {
                meta: meta?,
                timeout_s: timeout_s?,
                duration: duration?,
                error_ratio: error_ratio?,
                init: init?,
                platform: platform?,
                sweep: sweep?,
                required_memory_mb: required_memory_mb?,
                ephemeral_mb: ephemeral_mb?,
                recommend: recommend?,
                trigger: trigger?,
                current: current?,
            })
        };
        parts().ok_or_else(|| errors.into_error())
    }
}
