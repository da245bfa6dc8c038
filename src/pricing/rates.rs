//! Prices resolved for one region, architecture and date: what the bill multiplies quantities by.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::catalog::Catalog;
use super::error::PricingError;
use super::Dimension;
use crate::diagnostic::Location;
use crate::warning::{push_unique, Warning};
use crate::Architecture;

/// One volume band: from `start` units of monthly usage on, each unit costs `price`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tier {
    /// First unit of monthly usage this band covers [unit].
    pub start: Decimal,
    /// Price per unit [currency / unit].
    pub price: Decimal,
    /// This band's price is derived from other figures, not published: an estimate.
    pub derived: bool,
}

/// A price (one band, or several volume bands) with its provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Price {
    /// Bands in ascending order of `start`; the first starts at 0.
    pub tiers: Vec<Tier>,
    /// Where the price comes from.
    pub source: String,
    /// How the price was derived, when it is not a published figure.
    pub derived: Option<String>,
    /// Anything else the catalog says about the price.
    pub note: Option<String>,
    /// The date from which the price applies.
    pub effective_date: NaiveDate,
    /// Where the catalog gives it, for messages.
    pub location: Location,
}

impl Price {
    /// The first band's price [currency / unit].
    pub fn base(&self) -> Decimal {
        self.tiers[0].price
    }

    /// Whether the first band's price is an estimate derived from other figures.
    pub fn is_derived(&self) -> bool {
        self.tiers[0].derived
    }
}

/// Every price of one region and architecture in force on one date.
#[derive(Debug, Clone)]
pub struct Rates {
    /// Region code.
    pub region: String,
    /// Architecture.
    pub architecture: Architecture,
    /// Per request.
    pub requests: Price,
    /// On-demand duration per GB-s, with volume tiers.
    pub duration: Price,
    /// Provisioned concurrency configured, per GB-s.
    pub provisioned_concurrency: Option<Price>,
    /// Duration of invocations served by provisioned concurrency, per GB-s.
    pub provisioned_duration: Option<Price>,
    /// Ephemeral storage above the free size, per GB-s.
    pub ephemeral_storage: Option<Price>,
    /// SnapStart snapshot cache, per GB-s.
    pub snapstart_cache: Option<Price>,
    /// SnapStart restore, per GB restored.
    pub snapstart_restore: Option<Price>,
    /// SQS standard-queue requests, per request, with volume tiers.
    pub sqs_standard_requests: Option<Price>,
    /// SQS FIFO-queue requests, per request, with volume tiers.
    pub sqs_fifo_requests: Option<Price>,
    /// API Gateway REST API calls, per call, with volume tiers.
    pub api_rest_requests: Option<Price>,
    /// API Gateway HTTP API calls, per call, with volume tiers.
    pub api_http_requests: Option<Price>,
    /// EventBridge Scheduler invocations, per invocation.
    pub scheduler_invocations: Option<Price>,
    /// Legacy EventBridge scheduled-rule invocations, per invocation.
    pub scheduled_rule_invocations: Option<Price>,
    /// Things the user should know, e.g. a price not yet in force on the date asked for.
    pub warnings: Vec<Warning>,
}

impl Catalog {
    /// The prices in force on `date` for `region` and `architecture`.
    ///
    /// For each dimension the entry with the latest `effective_date` on or before `date` applies. If the catalog
    /// has only later entries, the earliest one is used and a warning says so.
    ///
    /// # Errors
    /// [`PricingError::UnknownRegion`] when the catalog does not price `region`.
    pub fn rates(&self, region: &str, architecture: Architecture, date: NaiveDate) -> Result<Rates, PricingError> {
        self.check_region(region)?;
        let mut warnings = Vec::new();
        let mut find = |dim: Dimension| self.resolve(region, architecture, dim, date, &mut warnings);
        let requests = find(Dimension::Requests);
        let duration = find(Dimension::Duration);
        let rates = Rates {
            region: region.to_string(),
            architecture,
            provisioned_concurrency: find(Dimension::ProvisionedConcurrency),
            provisioned_duration: find(Dimension::ProvisionedDuration),
            ephemeral_storage: find(Dimension::EphemeralStorage),
            snapstart_cache: find(Dimension::SnapStartCache),
            snapstart_restore: find(Dimension::SnapStartRestore),
            sqs_standard_requests: find(Dimension::SqsStandardRequests),
            sqs_fifo_requests: find(Dimension::SqsFifoRequests),
            api_rest_requests: find(Dimension::ApiRestRequests),
            api_http_requests: find(Dimension::ApiHttpRequests),
            scheduler_invocations: find(Dimension::SchedulerInvocations),
            scheduled_rule_invocations: find(Dimension::ScheduledRuleInvocations),
            requests: requests.expect("validated: every region prices requests"),
            duration: duration.expect("validated: every region prices duration"),
            warnings,
        };
        Ok(rates)
    }

    fn resolve(
        &self,
        region: &str,
        arch: Architecture,
        dim: Dimension,
        date: NaiveDate,
        warnings: &mut Vec<Warning>,
    ) -> Option<Price> {
        let mut candidates: Vec<_> = self
            .prices
            .iter()
            .filter(|e| e.region == region && e.dimension == dim && e.architecture.is_none_or(|a| a == arch))
            .collect();
        candidates.sort_by_key(|e| e.effective_date);
        let in_force = candidates.iter().rev().find(|e| e.effective_date <= date);
        match (in_force, candidates.first()) {
            (Some(e), _) => Some(e.price.clone()),
            (None, Some(earliest)) => {
                let warning = Warning::PriceNotInForce {
                    dimension: dim,
                    region: region.to_string(),
                    architecture: arch,
                    date,
                    effective_date: earliest.effective_date,
                };
                push_unique(warnings, warning);
                Some(earliest.price.clone())
            }
            (None, None) => None,
        }
    }
}

impl Rates {
    /// The price of `dim`, if the catalog has one for this region.
    pub fn get(&self, dim: Dimension) -> Option<&Price> {
        match dim {
            Dimension::Requests => Some(&self.requests),
            Dimension::Duration => Some(&self.duration),
            Dimension::ProvisionedConcurrency => self.provisioned_concurrency.as_ref(),
            Dimension::ProvisionedDuration => self.provisioned_duration.as_ref(),
            Dimension::EphemeralStorage => self.ephemeral_storage.as_ref(),
            Dimension::SnapStartCache => self.snapstart_cache.as_ref(),
            Dimension::SnapStartRestore => self.snapstart_restore.as_ref(),
            Dimension::SqsStandardRequests => self.sqs_standard_requests.as_ref(),
            Dimension::SqsFifoRequests => self.sqs_fifo_requests.as_ref(),
            Dimension::ApiRestRequests => self.api_rest_requests.as_ref(),
            Dimension::ApiHttpRequests => self.api_http_requests.as_ref(),
            Dimension::SchedulerInvocations => self.scheduler_invocations.as_ref(),
            Dimension::ScheduledRuleInvocations => self.scheduled_rule_invocations.as_ref(),
        }
    }

    /// Every price the catalog has for this region and architecture, in [`Dimension::ALL`] order: for listing
    /// the prices a report used.
    pub fn priced(&self) -> impl Iterator<Item = (Dimension, &Price)> + '_ {
        Dimension::ALL.into_iter().filter_map(|d| self.get(d).map(|p| (d, p)))
    }

    /// The price of `dim`, or [`PricingError::PriceNotFound`] when the catalog has none.
    pub(super) fn require(&self, dim: Dimension, origin: &str) -> Result<&Price, PricingError> {
        self.get(dim).ok_or_else(|| PricingError::PriceNotFound {
            dimension: dim.as_str(),
            region: self.region.clone(),
            architecture: self.architecture.to_string(),
            origin: origin.to_string(),
        })
    }

    /// List price of one on-demand invocation: the request plus its duration at the first-tier rate,
    /// before free tier and volume discounts [currency].
    ///
    /// `billed_ms` is the billed duration, already rounded up to the billing granularity [ms].
    pub fn invocation_cost(&self, memory_mb: u32, billed_ms: u64) -> Decimal {
        let gb_s = super::gb_seconds(memory_mb, Decimal::from(billed_ms));
        self.requests.base() + gb_s * self.duration.base()
    }
}
