//! One function's usage in one month: the quantities a bill multiplies by prices.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::error::PricingError;
use super::PackageType;
use crate::Architecture;

/// One function's usage in one month. Quantities are already rounded the way AWS bills them.
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
        ];
        match fields.into_iter().find(|(_, v)| *v < Decimal::ZERO) {
            Some((field, value)) => {
                Err(PricingError::NegativeUsage { function: self.name.clone(), field, value: value.to_string() })
            }
            None => Ok(()),
        }
    }
}
