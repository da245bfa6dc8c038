//! Scale-out: a run split into N shards that array-job engines run anywhere (`costsim run --shard K/N`), and
//! merged into exactly the report one machine writes (`costsim merge`).
//!
//! - [`plan`]: the work units of an input (one function's setting, all replications) and their split, balanced by
//!   expected work ([`assign`]).
//! - [`file`]: the self-describing shard file.
//! - [`baseline`]: an application's today's account, simulated once for every shard and the merge.
//! - [`hash`]: what "the same input" and "the same catalog" mean.
//! - [`collect`]: a merge's checks: same run, every unit once.
//! - [`read`]: shard files read as streams, a unit at a time.
//! - [`spec`]: `--shard K/N`, `--shards N` with K from `JOB_COMPLETION_INDEX`, `AWS_BATCH_JOB_ARRAY_INDEX` or
//!   `SLURM_ARRAY_TASK_ID`.
//!
//! Results are the same wherever a unit runs: every replication's seed comes from the input's seed and its
//! number only, and the merge puts the units back in the input's order before the report is built.

pub mod assign;
pub mod baseline;
pub mod collect;
pub mod file;
pub mod hash;
pub mod plan;
pub mod read;
pub mod spec;

pub use baseline::{BaselineFile, BaselineHeader, BASELINE_FORMAT, BASELINE_FORMAT_VERSION};
pub use collect::{check_same, describe_missing, place, read_headers, restore_timelines, Headed, Placed};
pub use file::{
    unit_json, CatalogIdentity, InputInfo, InputKind, RunOptions, ShardFile, ShardHeader, ShardWriter, UnitResult,
    SHARD_FORMAT, SHARD_FORMAT_VERSION,
};
pub use plan::Plan;
pub use spec::{ShardSpec, INDEX_VARIABLES};

/// Why a shard could not be computed or shards could not be merged.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ShardError {
    /// `--shard` or `--shards` (or the engine's index variable) is not a valid shard: exit status 1.
    #[error("{0}")]
    Spec(String),
    /// A shard file or folder could not be read: exit status 2.
    #[error("cannot read '{path}': {message}")]
    Io {
        /// The file or folder.
        path: String,
        /// The operating system's reason.
        message: String,
    },
    /// Files that cannot be merged, or are not shard files: the sentence names them and says what differs or
    /// is missing. Exit status 1.
    #[error("{0}")]
    Invalid(String),
}

impl ShardError {
    /// Whether the user gave something wrong (exit status 1) rather than the system failing (2).
    pub fn is_input(&self) -> bool {
        !matches!(self, ShardError::Io { .. })
    }
}
