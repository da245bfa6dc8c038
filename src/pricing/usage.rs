//! One function's usage in one month: the quantities a bill multiplies by prices.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::error::PricingError;
use super::events::{ApiKind, ScheduleKind};
use super::PackageType;
use crate::Architecture;

/// One function's usage in one month. Quantities are already rounded the way AWS bills them.
///
/// The event-source fields default to zero (and standard queue, no API, Scheduler) when read from JSON written
/// before they existed, and are left out of JSON while they hold their defaults, so that the JSON of a function
/// without event sources is what it was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionUsage {
    /// Function name, as shown on the bill.
    pub name: String,
    /// Region code, e.g. `us-east-1`.
    pub region: String,
    /// Architecture.
    pub architecture: Architecture,
    /// Configured memory, shown on the bill [MB].
    pub memory_mb: Option<u32>,
    /// Packaging; decides whether INIT is billed before 2025-08-01.
    pub package: PackageType,
    /// SnapStart is on: restores replace INIT and their billed restore time is always charged.
    pub snapstart: bool,
    /// Invocations, on-demand and provisioned [requests].
    pub requests: Decimal,
    /// On-demand invoke duration [GB-s].
    pub duration_gb_s: Decimal,
    /// Billed INIT (or SnapStart restore) time of on-demand cold starts: ceil(init + invoke) − ceil(invoke) [GB-s].
    pub init_gb_s: Decimal,
    /// Provisioned concurrency configured: environments × memory × enabled time [GB-s].
    pub provisioned_gb_s: Decimal,
    /// Invoke duration of invocations served by provisioned concurrency [GB-s].
    pub provisioned_duration_gb_s: Decimal,
    /// Ephemeral storage above the free size × execution time [GB-s].
    pub ephemeral_storage_gb_s: Decimal,
    /// SnapStart snapshot cache [GB-s].
    pub snapstart_cache_gb_s: Decimal,
    /// SnapStart data restored [GB].
    pub snapstart_restore_gb: Decimal,
    /// SQS requests of the function's queue: receives, deletes and empty receives, each 64 KB chunk of payload
    /// counted as one [requests].
    #[serde(default, skip_serializing_if = "is_default")]
    pub sqs_requests: Decimal,
    /// The queue is FIFO (else standard): FIFO requests have their own, higher price.
    #[serde(default, skip_serializing_if = "is_default")]
    pub sqs_fifo: bool,
    /// Calls of the API in front of the function, HTTP API calls counted per 512 KB [requests].
    #[serde(default, skip_serializing_if = "is_default")]
    pub api_requests: Decimal,
    /// Which API receives `api_requests`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub api_kind: ApiKind,
    /// Invocations by the function's schedule [invocations].
    #[serde(default, skip_serializing_if = "is_default")]
    pub scheduler_invocations: Decimal,
    /// What fires the schedule: EventBridge Scheduler or a legacy scheduled rule.
    #[serde(default, skip_serializing_if = "is_default")]
    pub schedule_kind: ScheduleKind,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

impl FunctionUsage {
    /// A function with no usage yet; fill the quantities with struct-update syntax.
    pub fn new(name: &str, region: &str, architecture: Architecture) -> FunctionUsage {
        FunctionUsage {
            name: name.to_string(),
            region: region.to_string(),
            architecture,
            memory_mb: None,
            package: PackageType::Zip,
            snapstart: false,
            requests: Decimal::ZERO,
            duration_gb_s: Decimal::ZERO,
            init_gb_s: Decimal::ZERO,
            provisioned_gb_s: Decimal::ZERO,
            provisioned_duration_gb_s: Decimal::ZERO,
            ephemeral_storage_gb_s: Decimal::ZERO,
            snapstart_cache_gb_s: Decimal::ZERO,
            snapstart_restore_gb: Decimal::ZERO,
            sqs_requests: Decimal::ZERO,
            sqs_fifo: false,
            api_requests: Decimal::ZERO,
            api_kind: ApiKind::None,
            scheduler_invocations: Decimal::ZERO,
            schedule_kind: ScheduleKind::Scheduler,
        }
    }

    /// Whether provisioned concurrency is enabled, which takes the function out of the free tier.
    pub fn has_provisioned_concurrency(&self) -> bool {
        self.provisioned_gb_s > Decimal::ZERO
    }

    pub(super) fn check(&self) -> Result<(), PricingError> {
        let fields = [
            ("requests", self.requests),
            ("duration_gb_s", self.duration_gb_s),
            ("init_gb_s", self.init_gb_s),
            ("provisioned_gb_s", self.provisioned_gb_s),
            ("provisioned_duration_gb_s", self.provisioned_duration_gb_s),
            ("ephemeral_storage_gb_s", self.ephemeral_storage_gb_s),
            ("snapstart_cache_gb_s", self.snapstart_cache_gb_s),
            ("snapstart_restore_gb", self.snapstart_restore_gb),
            ("sqs_requests", self.sqs_requests),
            ("api_requests", self.api_requests),
            ("scheduler_invocations", self.scheduler_invocations),
        ];
        if let Some((field, value)) = fields.into_iter().find(|(_, v)| *v < Decimal::ZERO) {
            return Err(PricingError::NegativeUsage { function: self.name.clone(), field, value: value.to_string() });
        }
        if self.api_requests > Decimal::ZERO && self.api_kind == ApiKind::None {
            return Err(PricingError::ApiKindMissing { function: self.name.clone() });
        }
        Ok(())
    }
}
