//! The pricing engine: a catalog of prices as data, and a month of usage turned into an itemised bill.
//!
//! ```
//! use costsim::pricing::{Catalog, BillOptions, FunctionUsage, PackageType};
//! use costsim::Architecture;
//! use rust_decimal::Decimal;
//!
//! let catalog = Catalog::built_in();
//! // 3M requests of 1 s at 512 MB: 3,000,000 × 1 s × 0.5 GB = 1,500,000 GB-s (AWS's own pricing-page example).
//! let usage = FunctionUsage {
//!     requests: Decimal::from(3_000_000),
//!     duration_gb_s: Decimal::from(1_500_000),
//!     ..FunctionUsage::new("api", "us-east-1", Architecture::X86_64)
//! };
//! let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
//! let bill = costsim::pricing::bill(&catalog, &[usage], &BillOptions::new(date)).unwrap();
//! // Requests: (3M − 1M free) × $0.20/M = $0.40.
//! // Duration: (1.5M − 0.4M free) GB-s × $0.0000166667 = $18.333370.
//! assert_eq!(bill.total().round_dp(2), Decimal::new(1873, 2));
//! ```

mod bill;
mod builder;
mod catalog;
mod checked;
mod error;
mod estimate;
mod events;
pub mod offer;
pub mod provisioned;
mod rates;
mod raw;
pub mod sheet;
mod tiers;
mod usage;

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use bill::{bill, bill_owned, component_cost_of, cost_of, Bill, BillLine, BillOptions, Component, LinesByFunction};
pub use catalog::{
    BillingRule, Catalog, EventFreeTier, EventSourceRules, FreeTier, FreeTierTerm, InitBillingRule, OfferRef,
    Provenance, ProvenanceMethod, ProvisionedRule, SnapStartRule, StorageRule, BUILT_IN, MAX_CATALOG_BYTES,
    SCHEMA_VERSION,
};
pub use error::PricingError;
pub use estimate::{EstimateError, FunctionEstimate, HOURS_PER_MONTH, MAX_NAME_CHARS};
pub use events::{ApiKind, EventSources, ScheduleKind};
pub use rates::{Price, Rates, Tier};
pub use usage::FunctionUsage;

/// Megabytes per gigabyte in Lambda's GB-s: AWS's examples divide MB by 1024.
pub const MB_PER_GB: u32 = 1024;

/// GB-s of `billed_ms` milliseconds at `memory_mb` [GB-s]. Exact in decimal.
///
/// # Panics
/// When the result does not fit in a decimal (above about 7.9e28 GB-s); for input use [`checked_gb_seconds`].
pub fn gb_seconds(memory_mb: u32, billed_ms: Decimal) -> Decimal {
    Decimal::from(memory_mb) * billed_ms / Decimal::from(MB_PER_GB * 1000)
}

/// GB-s of `billed_ms` milliseconds at `memory_mb` [GB-s], or `None` when it does not fit in a decimal.
/// Exact when `memory_mb × billed_ms` fits, as [`gb_seconds`]; else computed as `billed_ms × (memory_mb / 1,024,000)`.
pub fn checked_gb_seconds(memory_mb: u32, billed_ms: Decimal) -> Option<Decimal> {
    checked::mul_div(billed_ms, Decimal::from(memory_mb), Decimal::from(MB_PER_GB * 1000)).ok()
}

/// A priced quantity. Each has its own unit and, in the catalog, its own `[[price]]` entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// Invocations [request].
    Requests,
    /// On-demand duration, volume-tiered [GB-s].
    Duration,
    /// Provisioned concurrency configured [GB-s].
    ProvisionedConcurrency,
    /// Duration of invocations served by provisioned concurrency [GB-s].
    ProvisionedDuration,
    /// Ephemeral storage above the free size, over execution time [GB-s].
    EphemeralStorage,
    /// SnapStart snapshot cache [GB-s].
    SnapStartCache,
    /// SnapStart restores [GB].
    SnapStartRestore,
    /// SQS standard-queue requests, each 64 KB chunk of payload one request, volume-tiered [request].
    SqsStandardRequests,
    /// SQS FIFO-queue requests, counted as for standard queues, volume-tiered [request].
    SqsFifoRequests,
    /// API Gateway REST API calls, volume-tiered [request].
    ApiRestRequests,
    /// API Gateway HTTP API calls, each 512 KB of request one call, volume-tiered [request].
    ApiHttpRequests,
    /// EventBridge Scheduler invocations [invocation].
    SchedulerInvocations,
    /// Invocations by a legacy EventBridge scheduled rule [invocation].
    ScheduledRuleInvocations,
}

impl Dimension {
    /// Every dimension, in catalog order.
    pub const ALL: [Dimension; 13] = [
        Dimension::Requests,
        Dimension::Duration,
        Dimension::ProvisionedConcurrency,
        Dimension::ProvisionedDuration,
        Dimension::EphemeralStorage,
        Dimension::SnapStartCache,
        Dimension::SnapStartRestore,
        Dimension::SqsStandardRequests,
        Dimension::SqsFifoRequests,
        Dimension::ApiRestRequests,
        Dimension::ApiHttpRequests,
        Dimension::SchedulerInvocations,
        Dimension::ScheduledRuleInvocations,
    ];

    /// The key used in the catalog.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Requests => "requests",
            Dimension::Duration => "duration",
            Dimension::ProvisionedConcurrency => "provisioned_concurrency",
            Dimension::ProvisionedDuration => "provisioned_duration",
            Dimension::EphemeralStorage => "ephemeral_storage",
            Dimension::SnapStartCache => "snapstart_cache",
            Dimension::SnapStartRestore => "snapstart_restore",
            Dimension::SqsStandardRequests => "sqs_standard_requests",
            Dimension::SqsFifoRequests => "sqs_fifo_requests",
            Dimension::ApiRestRequests => "api_rest_requests",
            Dimension::ApiHttpRequests => "api_http_requests",
            Dimension::SchedulerInvocations => "scheduler_invocations",
            Dimension::ScheduledRuleInvocations => "scheduled_rule_invocations",
        }
    }

    /// The unit the catalog prices this dimension in.
    pub fn unit(self) -> &'static str {
        match self {
            Dimension::Requests
            | Dimension::SqsStandardRequests
            | Dimension::SqsFifoRequests
            | Dimension::ApiRestRequests
            | Dimension::ApiHttpRequests => "request",
            Dimension::SchedulerInvocations | Dimension::ScheduledRuleInvocations => "invocation",
            Dimension::SnapStartRestore => "GB",
            _ => "GB-s",
        }
    }

    /// Whether the catalog may give this dimension volume tiers: on-demand duration and the event sources'
    /// requests (AWS publishes bands for SQS and API Gateway).
    pub fn tiered(self) -> bool {
        self == Dimension::Duration || self.is_event_source()
    }

    /// Whether this is an event source's dimension (SQS, API Gateway, EventBridge): priced per region for both
    /// architectures, and covered by the catalog's `[[event_sources.free_tier]]` allowances.
    pub fn is_event_source(self) -> bool {
        matches!(
            self,
            Dimension::SqsStandardRequests
                | Dimension::SqsFifoRequests
                | Dimension::ApiRestRequests
                | Dimension::ApiHttpRequests
                | Dimension::SchedulerInvocations
                | Dimension::ScheduledRuleInvocations
        )
    }
}

impl FromStr for Dimension {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Dimension::ALL.into_iter().find(|d| d.as_str() == s).ok_or(())
    }
}

/// How a function is packaged; it decides whether INIT was billed before 2025-08-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PackageType {
    /// A ZIP archive on a managed runtime (INIT unbilled before 2025-08-01).
    #[default]
    Zip,
    /// A container image.
    Image,
    /// A custom runtime (`provided.*`).
    CustomRuntime,
}

impl PackageType {
    /// The names accepted in files and flags.
    pub const NAMES: [&'static str; 3] = ["zip", "image", "custom_runtime"];

    /// The name used in files and flags.
    pub fn as_str(self) -> &'static str {
        match self {
            PackageType::Zip => "zip",
            PackageType::Image => "image",
            PackageType::CustomRuntime => "custom_runtime",
        }
    }
}

impl fmt::Display for PackageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PackageType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "zip" => Ok(PackageType::Zip),
            "image" | "container" | "container_image" => Ok(PackageType::Image),
            "custom_runtime" | "custom" | "provided" => Ok(PackageType::CustomRuntime),
            _ => Err(format!("unknown package type '{s}' (allowed: {})", PackageType::NAMES.join(", "))),
        }
    }
}
