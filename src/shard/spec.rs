//! Which shard this process computes: `--shard K/N`, or `--shards N` with K from the batch engine's variable.

use std::fmt;

use super::ShardError;

/// The array-index variables of the batch engines, in the order they are read: Kubernetes Indexed Jobs and AWS
/// Batch array jobs count from 0; a Slurm array's task IDs are what `--array` says, so it must be
/// `--array=0-(N-1)`.
pub const INDEX_VARIABLES: [&str; 3] = ["JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX", "SLURM_ARRAY_TASK_ID"];

/// Shard `index` of `count`: 0 ≤ index < count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardSpec {
    index: u32,
    count: u32,
}

impl fmt::Display for ShardSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl ShardSpec {
    /// Shard `index` of `count`.
    ///
    /// # Errors
    /// [`ShardError::Spec`] when `count` is 0 or `index` is not below it.
    pub fn new(index: u32, count: u32) -> Result<ShardSpec, ShardError> {
        if count == 0 {
            return Err(ShardError::Spec("the number of shards must be at least 1 (got 0)".into()));
        }
        if index >= count {
            return Err(ShardError::Spec(format!(
                "shard index {index} is out of range for {count} shard(s): indices run from 0 to {}",
                count - 1
            )));
        }
        Ok(ShardSpec { index, count })
    }

    /// `--shard K/N`, e.g. `0/4`.
    ///
    /// # Errors
    /// [`ShardError::Spec`] for anything but two whole numbers with 0 ≤ K < N.
    pub fn parse(text: &str) -> Result<ShardSpec, ShardError> {
        let shown = crate::diagnostic::excerpt(text);
        let bad = || ShardError::Spec(format!("--shard must be K/N with 0 <= K < N, e.g. 0/4 (got '{shown}')"));
        let (k, n) = text.trim().split_once('/').ok_or_else(bad)?;
        let number = |s: &str| s.trim().parse::<u32>().map_err(|_| bad());
        ShardSpec::new(number(k)?, number(n)?)
    }

    /// `--shards N`, K read from the first of [`INDEX_VARIABLES`] that `lookup` finds set.
    ///
    /// # Errors
    /// [`ShardError::Spec`] when N is not a whole number ≥ 1, when no variable is set, when one is not a whole
    /// number or is out of range, or when two are set to different values.
    pub fn from_env(count: &str, lookup: impl Fn(&str) -> Option<String>) -> Result<ShardSpec, ShardError> {
        let n = count.trim().parse::<u32>().map_err(|_| {
            ShardError::Spec(format!(
                "--shards must be the number of shards, a whole number of at least 1 (got '{}')",
                crate::diagnostic::excerpt(count)
            ))
        })?;
        let set: Vec<(&str, String)> =
            INDEX_VARIABLES.iter().filter_map(|&v| lookup(v).map(|x| (v, x.trim().to_string()))).collect();
        let Some((name, value)) = set.first() else {
            return Err(ShardError::Spec(format!(
                "--shards {n} reads the shard index from {}, and none is set; give --shard K/{n} instead",
                INDEX_VARIABLES.join(", ")
            )));
        };
        if let Some((other, v)) = set.iter().find(|(_, v)| v != value) {
            return Err(ShardError::Spec(format!(
                "{name}={value} and {other}={v} disagree on the shard index; unset one or give --shard K/{n}"
            )));
        }
        let k = value.parse::<u32>().map_err(|_| {
            ShardError::Spec(format!(
                "{name} must be a whole number, the 0-based shard index (got '{}')",
                crate::diagnostic::excerpt(value)
            ))
        })?;
        ShardSpec::new(k, n).map_err(|e| ShardError::Spec(format!("{name}={k} with --shards {n}: {e}")))
    }

    /// This shard's index, 0 ≤ index < count.
    pub fn index(&self) -> u32 {
        self.index
    }

    /// The number of shards.
    pub fn count(&self) -> u32 {
        self.count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn k_of_n_is_parsed_and_checked() {
        assert_eq!(ShardSpec::parse("2/3").unwrap(), ShardSpec::new(2, 3).unwrap());
        for bad in ["3/3", "0/0", "a/3", "1", "-1/3", "1/3/4", ""] {
            assert!(ShardSpec::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_index_comes_from_the_first_variable_set() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        assert_eq!(ShardSpec::from_env("3", env(&[("SLURM_ARRAY_TASK_ID", "2")])).unwrap().index(), 2);
        assert_eq!(ShardSpec::from_env("3", env(&[("JOB_COMPLETION_INDEX", "1")])).unwrap().index(), 1);
        assert!(ShardSpec::from_env("3", env(&[])).is_err());
        assert!(ShardSpec::from_env("3", env(&[("AWS_BATCH_JOB_ARRAY_INDEX", "3")])).is_err());
        assert!(ShardSpec::from_env("x", env(&[("JOB_COMPLETION_INDEX", "1")])).is_err());
        let both = env(&[("JOB_COMPLETION_INDEX", "1"), ("SLURM_ARRAY_TASK_ID", "2")]);
        assert!(ShardSpec::from_env("3", both).is_err());
    }
}
