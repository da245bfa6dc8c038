//! A Lambda function as the simulator sees it: how long it runs, how long it starts, how much memory it needs and
//! when it is stopped.

use super::{DurationModel, InitModel};

/// Largest memory size Lambda offers [MB] (Lambda developer guide, "Lambda quotas").
pub const MAX_MEMORY_MB: u32 = 10_240;
/// Smallest memory size Lambda offers [MB] (Lambda developer guide, "Lambda quotas").
pub const MIN_MEMORY_MB: u32 = 128;
/// Shortest function timeout [ms] (Lambda developer guide, "Lambda quotas").
pub const MIN_TIMEOUT_MS: u32 = 1_000;
/// Longest function timeout [ms] (Lambda developer guide, "Lambda quotas").
pub const MAX_TIMEOUT_MS: u32 = 900_000;

/// A parameter of [`Function::new`] was out of range.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FunctionError {
    /// The memory floor was above the largest memory size.
    #[error("required_memory_mb must be between 0 and 10240 MB (got {0})")]
    MemoryFloorInvalid(u32),
    /// The timeout was outside 1 s – 900 s.
    #[error("timeout_ms must be between 1000 and 900000 ms (got {0})")]
    TimeoutInvalid(u32),
    /// The error ratio was not a probability below 1.
    #[error("error_ratio must be at least 0 and below 1 (got {0})")]
    ErrorRatioInvalid(f64),
}

/// A function: duration and INIT models, the memory it needs and its timeout.
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    duration: DurationModel,
    init: InitModel,
    /// Below this memory size every invocation fails with out-of-memory [MB].
    required_memory_mb: u32,
    /// An invocation still running after this is stopped and counted as an error [ms].
    timeout_ms: u32,
    /// Probability that the code fails on one item (an event, a message), independently per item [-], 0 ≤ p < 1.
    error_ratio: f64,
}

impl Function {
    /// Builds a function.
    ///
    /// - `required_memory_mb`: memory floor [MB], 0 – 10,240 (0: none); below it every invocation fails with
    ///   out-of-memory;
    /// - `timeout_ms`: function timeout [ms], 1,000 – 900,000.
    ///
    /// # Errors
    ///
    /// [`FunctionError`] naming the parameter out of range.
    ///
    /// # Examples
    ///
    /// ```
    /// use costsim::workload::{DurationModel, Function, InitModel};
    /// let f = Function::new(DurationModel::fixed(100.0, 0.5)?, InitModel::none(), 256, 3_000)?;
    /// assert_eq!(f.timeout_ms(), 3_000);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        duration: DurationModel,
        init: InitModel,
        required_memory_mb: u32,
        timeout_ms: u32,
    ) -> Result<Self, FunctionError> {
        if required_memory_mb > MAX_MEMORY_MB {
            return Err(FunctionError::MemoryFloorInvalid(required_memory_mb));
        }
        if !(MIN_TIMEOUT_MS..=MAX_TIMEOUT_MS).contains(&timeout_ms) {
            return Err(FunctionError::TimeoutInvalid(timeout_ms));
        }
        Ok(Self { duration, init, required_memory_mb, timeout_ms, error_ratio: 0.0 })
    }

    /// Sets the probability that the code fails on one item (event or message), independently per item [-]: a
    /// failed invocation is billed in full and retried as its trigger retries.
    ///
    /// # Errors
    ///
    /// [`FunctionError::ErrorRatioInvalid`] unless 0 ≤ `p` < 1 (at 1 nothing ever succeeds).
    pub fn with_error_ratio(mut self, p: f64) -> Result<Self, FunctionError> {
        if !(p.is_finite() && (0.0..1.0).contains(&p)) {
            return Err(FunctionError::ErrorRatioInvalid(p));
        }
        self.error_ratio = p;
        Ok(self)
    }

    /// Probability that the code fails on one item [-].
    pub fn error_ratio(&self) -> f64 {
        self.error_ratio
    }

    /// The duration model.
    pub fn duration(&self) -> &DurationModel {
        &self.duration
    }

    /// The INIT (cold start) model.
    pub fn init(&self) -> &InitModel {
        &self.init
    }

    /// Memory floor [MB]: below it every invocation fails with out-of-memory.
    pub fn required_memory_mb(&self) -> u32 {
        self.required_memory_mb
    }

    /// Function timeout [ms].
    pub fn timeout_ms(&self) -> u32 {
        self.timeout_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_out_of_range() {
        let d = DurationModel::fixed(10.0, 0.0).unwrap();
        let i = InitModel::none();
        assert_eq!(Function::new(d, i, 10_241, 1_000), Err(FunctionError::MemoryFloorInvalid(10_241)));
        for t in [0, 999, 900_001, u32::MAX] {
            assert_eq!(Function::new(d, i, 0, t), Err(FunctionError::TimeoutInvalid(t)));
        }
        assert!(Function::new(d, i, 10_240, 900_000).is_ok());
        assert!(Function::new(d, i, 0, 1_000).is_ok());
    }
}
