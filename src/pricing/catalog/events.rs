//! The catalog's `[event_sources]` table, its types and its validation: payload metering, and the free allowances
//! of SQS, API Gateway and EventBridge Scheduler.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use toml::Spanned;

use super::super::error::PricingError;
use super::super::raw::{RawEventFreeTier, RawEventSources};
use super::super::Dimension;
use super::Validator;
use crate::diagnostic::did_you_mean;

/// How the event sources meter requests, and their monthly free allowances.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSourceRules {
    /// Each chunk of this size of an SQS request's payload is billed as one request [KB].
    pub sqs_chunk_kb: u32,
    /// HTTP API requests are metered in increments of this size [KB].
    pub http_api_chunk_kb: u32,
    /// Where the rules come from.
    pub source: String,
    /// The free allowances, each on its own dimensions.
    pub free_tiers: Vec<EventFreeTier>,
}

/// A monthly free allowance of an event source: one pool per account, across regions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFreeTier {
    /// What the bill calls it, e.g. `SQS requests`.
    pub name: String,
    /// The dimensions whose usage it covers (SQS: standard and FIFO requests).
    pub dimensions: Vec<Dimension>,
    /// Free units a month [unit of the dimensions].
    pub quantity: Decimal,
    /// Whether every account has it, or only accounts in their first 12 months.
    pub term: FreeTierTerm,
    /// Where it comes from.
    pub source: String,
}

/// How long a free allowance lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FreeTierTerm {
    /// Every month, for every account (`term = "always"`).
    Always,
    /// Only during an account's first 12 months, for accounts created before 2025-07-15 (`term = "12_months"`);
    /// applied when [`BillOptions::twelve_month_free_tier`](crate::pricing::BillOptions::twelve_month_free_tier)
    /// says so.
    TwelveMonths,
}

impl FreeTierTerm {
    /// The names written in the catalog.
    pub const NAMES: [&'static str; 2] = ["always", "12_months"];
}

impl Validator<'_> {
    /// The `[event_sources]` table, if the catalog has one.
    pub(super) fn event_sources(&self, raw: Option<RawEventSources>) -> Result<Option<EventSourceRules>, PricingError> {
        let Some(raw) = raw else { return Ok(None) };
        self.date(&raw.effective_date, "effective_date")?;
        self.source(&raw.source)?;
        // Which allowance covers each dimension, and where it is written: a dimension is in one allowance at most.
        let mut covered: BTreeMap<Dimension, usize> = BTreeMap::new();
        let mut free_tiers = Vec::with_capacity(raw.free_tier.len());
        for entry in &raw.free_tier {
            free_tiers.push(self.event_free_tier(entry, &mut covered)?);
        }
        Ok(Some(EventSourceRules {
            sqs_chunk_kb: self.positive(&raw.sqs_chunk_kb, "sqs_chunk_kb")?,
            http_api_chunk_kb: self.positive(&raw.http_api_chunk_kb, "http_api_chunk_kb")?,
            source: raw.source.into_inner(),
            free_tiers,
        }))
    }

    fn source(&self, s: &Spanned<String>) -> Result<(), PricingError> {
        if s.get_ref().trim().is_empty() {
            return Err(self.err(s.span(), "source must say where the rule comes from"));
        }
        Ok(())
    }

    fn event_free_tier(
        &self,
        raw: &Spanned<RawEventFreeTier>,
        covered: &mut BTreeMap<Dimension, usize>,
    ) -> Result<EventFreeTier, PricingError> {
        let t = raw.get_ref();
        if t.name.get_ref().trim().is_empty() {
            return Err(
                self.err(t.name.span(), "name must say what the bill calls the allowance, e.g. \"SQS requests\"")
            );
        }
        let allowed: Vec<&str> = Dimension::ALL.iter().filter(|d| d.is_event_source()).map(|d| d.as_str()).collect();
        if t.dimensions.get_ref().is_empty() {
            return Err(self.err(
                t.dimensions.span(),
                format!("dimensions must list the dimensions the allowance covers (allowed: {})", allowed.join(", ")),
            ));
        }
        let mut dimensions = Vec::new();
        for d in t.dimensions.get_ref() {
            let dim = d.get_ref().parse::<Dimension>().ok().filter(|dim| dim.is_event_source()).ok_or_else(|| {
                self.err(
                    d.span(),
                    format!(
                        "'{}' is not an event-source dimension{} (allowed: {}; Lambda's own allowance is [free_tier])",
                        d.get_ref(),
                        did_you_mean(d.get_ref(), allowed.iter().copied()),
                        allowed.join(", ")
                    ),
                )
            })?;
            if let Some(first) = covered.insert(dim, raw.span().start) {
                let first = crate::diagnostic::Location::at_span(self.path, self.text, &(first..first));
                return Err(self.err(
                    d.span(),
                    format!("{} is already covered by the allowance at line {}", dim.as_str(), first.line),
                ));
            }
            dimensions.push(dim);
        }
        let term = match t.term.get_ref().as_str() {
            "always" => FreeTierTerm::Always,
            "12_months" => FreeTierTerm::TwelveMonths,
            other => {
                return Err(self.err(
                    t.term.span(),
                    format!("unknown term '{other}' (allowed: {})", FreeTierTerm::NAMES.join(", ")),
                ))
            }
        };
        self.date(&t.effective_date, "effective_date")?;
        self.source(&t.source)?;
        Ok(EventFreeTier {
            name: t.name.get_ref().trim().to_string(),
            dimensions,
            quantity: Decimal::from(t.quantity),
            term,
            source: t.source.get_ref().clone(),
        })
    }
}
