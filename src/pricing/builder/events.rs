//! The event sources' lines: SQS requests, API Gateway calls and EventBridge invocations. Each is tiered on the
//! account's total per region and dimension (both architectures together), shared among functions by the same
//! running sums as duration (`Volume`); each free allowance of the catalog is one pool per account, credited at
//! the first-tier rate, the highest rate first, as Lambda's is.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{allocate, checked, Builder, Draft, REQUESTS_PER_UNIT};
use crate::pricing::bill::Component;
use crate::pricing::catalog::FreeTierTerm;
use crate::pricing::error::PricingError;
use crate::pricing::tiers;
use crate::pricing::usage::FunctionUsage;
use crate::pricing::Dimension;
use crate::warning::{push_unique, Warning};

/// How the bill shows an event-source dimension.
struct Charge {
    /// The charge's component.
    component: Component,
    /// The component of its free-tier credit.
    credit: Component,
    /// What the line is called.
    name: &'static str,
    /// Said in brackets after the name, e.g. the queue type.
    qualifier: Option<&'static str>,
    /// The unit of the line's quantity: counts are shown per million, as AWS quotes their prices.
    unit: &'static str,
}

/// The charge of an event-source dimension; `None` for Lambda's own dimensions.
fn charge(dim: Dimension) -> Option<Charge> {
    let (component, credit, name, qualifier, unit) = match dim {
        Dimension::SqsStandardRequests => {
            (Component::SqsRequests, Component::FreeTierSqs, "SQS requests", Some("standard"), "1M requests")
        }
        Dimension::SqsFifoRequests => {
            (Component::SqsRequests, Component::FreeTierSqs, "SQS requests", Some("FIFO"), "1M requests")
        }
        Dimension::ApiRestRequests => (
            Component::ApiGatewayRequests,
            Component::FreeTierApiGateway,
            "API Gateway REST requests",
            None,
            "1M requests",
        ),
        Dimension::ApiHttpRequests => (
            Component::ApiGatewayRequests,
            Component::FreeTierApiGateway,
            "API Gateway HTTP requests",
            None,
            "1M requests",
        ),
        Dimension::SchedulerInvocations => (
            Component::SchedulerInvocations,
            Component::FreeTierEventBridge,
            "EventBridge Scheduler invocations",
            None,
            "1M invocations",
        ),
        Dimension::ScheduledRuleInvocations => (
            Component::ScheduledRuleInvocations,
            Component::FreeTierEventBridge,
            "EventBridge scheduled rule invocations",
            None,
            "1M invocations",
        ),
        _ => return None,
    };
    Some(Charge { component, credit, name, qualifier, unit })
}

/// `name (a, b)` with the parts that are there, or just `name`.
fn describe(name: &str, parts: [Option<&str>; 2]) -> String {
    let parts: Vec<&str> = parts.into_iter().flatten().collect();
    if parts.is_empty() {
        name.to_string()
    } else {
        format!("{name} ({})", parts.join(", "))
    }
}

/// A function's event-source quantities by catalog dimension, zero ones left out (a Function URL has none).
fn event_usage(f: &FunctionUsage) -> impl Iterator<Item = (Dimension, Decimal)> {
    let sqs = if f.sqs_fifo { Dimension::SqsFifoRequests } else { Dimension::SqsStandardRequests };
    [
        (Some(sqs), f.sqs_requests),
        (f.api_kind.dimension(), f.api_requests),
        (Some(f.schedule_kind.dimension()), f.scheduler_invocations),
    ]
    .into_iter()
    .filter_map(|(dim, quantity)| dim.filter(|_| !quantity.is_zero()).map(|dim| (dim, quantity)))
}

impl Builder<'_> {
    /// Adds function `i`'s event-source usage to the account's volumes.
    pub(super) fn add_event_volume(&mut self, i: usize) -> Result<(), PricingError> {
        let functions = self.functions;
        let f = &functions[i];
        for (dim, quantity) in event_usage(f) {
            let volume = self.event_volume.entry((f.region.as_str(), dim)).or_default();
            match checked::add(volume.total, quantity) {
                Ok(total) => volume.total = total,
                Err(_) => {
                    return Err(self.too_large(Some(i), format_args!("the account's {} in {}", dim.as_str(), f.region)))
                }
            }
        }
        Ok(())
    }

    /// Function `i`'s event-source lines: its share of each band of each dimension it uses.
    pub(super) fn event_lines(&mut self, i: usize) -> Result<(), PricingError> {
        let functions = self.functions;
        let f = &functions[i];
        let g = self.group_of[i];
        let per_million = Decimal::from(REQUESTS_PER_UNIT);
        let mut drafts = Vec::new();
        for (dim, quantity) in event_usage(f) {
            let Some(charge) = charge(dim) else { continue };
            // A trigger's charge the catalog cannot price is said, not billed as $0 and not a failed bill: the
            // Lambda part is still right.
            let Some(price) = self.rates[g].get(dim) else {
                push_unique(&mut self.warnings, Warning::NotPriced { dimension: dim, region: f.region.clone() });
                continue;
            };
            let volume = self.event_volume.entry((f.region.as_str(), dim)).or_default();
            for (band, share) in volume.take(quantity, &price.tiers) {
                let Ok(unit_price) = checked::mul(band.price, per_million) else {
                    let what = format!("the {} price {} ({}) × 1,000,000", dim.as_str(), band.price, price.location);
                    return Err(self.too_large(Some(i), what));
                };
                let label = tiers::label(&price.tiers, band.index, "");
                drafts.push(Draft {
                    function: Some(i),
                    component: charge.component,
                    tier: (price.tiers.len() > 1).then_some(band.index),
                    description: describe(charge.name, [charge.qualifier, label.as_deref()]),
                    quantity: share / per_million,
                    unit: charge.unit,
                    unit_price,
                    estimated: price.tiers[band.index].derived,
                    price: Some((g, dim)),
                });
            }
        }
        drafts.into_iter().try_for_each(|d| self.push(d))
    }

    /// A credit line per region (and queue type) for each of the catalog's event-source allowances that applies:
    /// the always-free ones, and the 12-month ones when the options say the account still has them.
    pub(in crate::pricing) fn event_free_tier_lines(&mut self) -> Result<(), PricingError> {
        let catalog = self.catalog;
        let Some(rules) = &catalog.event_sources else { return Ok(()) };
        let functions = self.functions;
        let per_million = Decimal::from(REQUESTS_PER_UNIT);
        for pool in &rules.free_tiers {
            if pool.term == FreeTierTerm::TwelveMonths && !self.options.twelve_month_free_tier {
                continue;
            }
            // The pool's usage by key (queue type and region): the key's dimension and its price.
            let mut dims: BTreeMap<String, Dimension> = BTreeMap::new();
            let mut usage = Vec::new();
            for (i, f) in functions.iter().enumerate() {
                for (dim, quantity) in event_usage(f).filter(|(d, _)| pool.dimensions.contains(d)) {
                    let (Some(charge), Some(price)) = (charge(dim), self.rates[self.group_of[i]].get(dim)) else {
                        continue;
                    };
                    let key = match charge.qualifier {
                        Some(q) => format!("{q}, {}", f.region),
                        None => f.region.clone(),
                    };
                    dims.insert(key.clone(), dim);
                    usage.push((key, Ok(quantity), price));
                }
            }
            let credits = allocate(pool.quantity, usage.into_iter()).map_err(|key| {
                self.too_large(None, format_args!("the {} eligible for the free tier in {key}", pool.name))
            })?;
            for (key, credit, price, estimated) in credits {
                let Some(charge) = dims.get(&key).copied().and_then(charge) else { continue };
                let Ok(unit_price) = checked::mul(-price, per_million) else {
                    return Err(self.too_large(None, format_args!("the {} price {price} × 1,000,000", pool.name)));
                };
                self.push(Draft {
                    function: None,
                    component: charge.credit,
                    tier: None,
                    description: format!("Free tier (account): {} ({key})", pool.name),
                    quantity: credit / per_million,
                    unit: charge.unit,
                    unit_price,
                    estimated,
                    price: None,
                })?;
            }
        }
        Ok(())
    }
}
