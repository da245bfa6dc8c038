//! A Lambda function as the simulator sees it: how long it runs, how long it starts, how much memory it needs and
//! when it is stopped.

use super::{DurationModel, InitModel};

/// Largest memory size Lambda offers [MB] (facts §2 [A]).
pub const MAX_MEMORY_MB: u32 = 10_240;
/// Smallest memory size Lambda offers [MB] (facts §2 [A]).
pub const MIN_MEMORY_MB: u32 = 128;
/// Shortest function timeout [ms] (facts §2 [A]).
pub const MIN_TIMEOUT_MS: u32 = 1_000;
/// Longest function timeout [ms] (facts §2 [A]).
pub const MAX_TIMEOUT_MS: u32 = 900_000;

/// A parameter of [`Function::new`] was out of range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FunctionError {
    /// The memory floor was above the largest memory size.
    #[error("required_memory_mb must be between 0 and 10240 MB (got {0})")]
    MemoryFloorInvalid(u32),
    /// The timeout was outside 1 s – 900 s.
    #[error("timeout_ms must be between 1000 and 900000 ms (got {0})")]
    TimeoutInvalid(u32),
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
        Ok(Self { duration, init, required_memory_mb, timeout_ms })
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
