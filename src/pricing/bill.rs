//! A month of usage turned into an itemised bill: one line per component and volume tier, the free-tier
//! credit and any savings-plan discount as lines of their own, and the total.
//!
//! Rules where AWS is silent are costsim's documented choices (see `pricing/README.md`):
//! - volume tiers are measured per region and architecture on the account's gross on-demand GB-s (invoke plus
//!   billed INIT), and shared among functions in proportion to their use;
//! - the free tier is one pool per account; functions with provisioned concurrency get none of it; free GB-s
//!   are credited at the first-tier rate of the usage they cover, the highest rate first;
//! - the event sources' requests (SQS, API Gateway, EventBridge) are tiered per region and dimension on the
//!   account's total, and each free allowance is one pool per account, credited as Lambda's;
//! - a savings-plan discount applies to duration, INIT, provisioned concurrency and the duration credit, not to
//!   requests, storage or SnapStart.

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::builder::Builder;
use super::catalog::Catalog;
use super::error::PricingError;
use super::usage::FunctionUsage;
use crate::warning::Warning;

/// What the bill depends on besides usage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillOptions {
    /// The billing date: which prices and rules apply.
    pub date: NaiveDate,
    /// Compute Savings Plan discount [%], 0 ≤ p < 100.
    pub savings_plan_percent: Option<Decimal>,
    /// Whether the account's monthly free tiers are still available to these functions: Lambda's and the
    /// event sources' always-free allowances (SQS requests, EventBridge Scheduler invocations).
    pub free_tier: bool,
    /// Whether the account is in its first 12 months of the AWS Free Tier (accounts created before 2025-07-15):
    /// the catalog's 12-month allowances (API Gateway's REST and HTTP calls) apply too. Needs `free_tier`.
    pub twelve_month_free_tier: bool,
}

impl BillOptions {
    /// Prices on `date`, the always-free tiers applied, not the 12-month ones, no savings plan.
    pub fn new(date: NaiveDate) -> BillOptions {
        BillOptions { date, savings_plan_percent: None, free_tier: true, twelve_month_free_tier: false }
    }
}

/// What a bill line charges for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    /// Invocations.
    Requests,
    /// On-demand invoke duration.
    Duration,
    /// Billed INIT time of on-demand cold starts.
    Init,
    /// INIT time that the rules in force do not bill (shown at a price of zero).
    InitNotBilled,
    /// Provisioned concurrency configured.
    ProvisionedConcurrency,
    /// Duration served by provisioned concurrency.
    ProvisionedDuration,
    /// Ephemeral storage above the free size.
    EphemeralStorage,
    /// SnapStart cache.
    SnapStartCache,
    /// SnapStart restores.
    SnapStartRestore,
    /// Free-tier credit on requests.
    FreeTierRequests,
    /// Free-tier credit on duration.
    FreeTierDuration,
    /// Compute Savings Plan discount.
    SavingsPlan,
    /// SQS requests of the function's queue (standard or FIFO).
    SqsRequests,
    /// API Gateway calls (REST or HTTP API).
    ApiGatewayRequests,
    /// EventBridge Scheduler invocations.
    SchedulerInvocations,
    /// Legacy EventBridge scheduled-rule invocations.
    ScheduledRuleInvocations,
    /// Free-tier credit on SQS requests.
    FreeTierSqs,
    /// Free-tier credit on API Gateway calls (12-month free tier).
    FreeTierApiGateway,
    /// Free-tier credit on EventBridge invocations.
    FreeTierEventBridge,
}

impl Component {
    /// Whether the charge is the trigger's service's (API Gateway, SQS, EventBridge), not Lambda's, free-tier
    /// credits of those included.
    pub fn is_event_source(self) -> bool {
        matches!(
            self,
            Component::SqsRequests
                | Component::ApiGatewayRequests
                | Component::SchedulerInvocations
                | Component::ScheduledRuleInvocations
                | Component::FreeTierSqs
                | Component::FreeTierApiGateway
                | Component::FreeTierEventBridge
        )
    }

    /// Whether the line is a free-tier credit (the account's, Lambda's or an event source's).
    pub fn is_free_tier(self) -> bool {
        matches!(
            self,
            Component::FreeTierRequests
                | Component::FreeTierDuration
                | Component::FreeTierSqs
                | Component::FreeTierApiGateway
                | Component::FreeTierEventBridge
        )
    }

    /// Whether a savings plan discounts this component.
    pub(super) fn savings_plan_applies(self) -> bool {
        matches!(
            self,
            Component::Duration
                | Component::Init
                | Component::ProvisionedConcurrency
                | Component::ProvisionedDuration
                | Component::FreeTierDuration
        )
    }
}

/// One line of the bill: `quantity × unit_price = cost`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BillLine {
    /// Index into [`Bill::functions`], or `None` for account-level lines (free tier, savings plan).
    pub function: Option<usize>,
    /// What the line charges for.
    pub component: Component,
    /// Volume tier, 0 for the first, when the price has several.
    pub tier: Option<usize>,
    /// Human description, e.g. `Duration (first 6B GB-s)`.
    pub description: String,
    /// Quantity [unit].
    pub quantity: Decimal,
    /// Unit of the quantity, e.g. `GB-s` or `1M requests` (borrowed from costsim's constants when billed, so that
    /// a sheet of many functions does not allocate it per line).
    pub unit: Cow<'static, str>,
    /// Price per unit [currency]; negative for credits.
    pub unit_price: Decimal,
    /// `quantity × unit_price`, unrounded [currency].
    pub cost: Decimal,
    /// The price is derived from other figures, not published: an estimate.
    pub estimated: bool,
}

/// An itemised monthly bill for one or more functions of one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bill {
    /// ISO 4217 currency of every amount.
    pub currency: String,
    /// The date whose prices and rules were applied.
    pub date: NaiveDate,
    /// Where the catalog came from.
    pub catalog: String,
    /// The functions billed, in input order.
    pub functions: Vec<FunctionUsage>,
    /// The lines, functions first (in input order), then account-level lines.
    pub lines: Vec<BillLine>,
    /// Things the reader should know (old prices, estimates, unbilled INIT), each once.
    pub warnings: Vec<Warning>,
}

impl Bill {
    /// Whether any line is priced from a derived (unpublished) price: the `~` of the human formats and the
    /// `priced_with_estimates` flag of the machine ones.
    pub fn priced_with_estimates(&self) -> bool {
        self.lines.iter().any(|l| l.estimated)
    }

    /// Sum of every line, unrounded [currency]. A bill made by [`bill`] checked that the sum of the lines'
    /// absolute costs fits in a decimal, so this and every partial sum below cannot overflow.
    pub fn total(&self) -> Decimal {
        self.lines.iter().map(|l| l.cost).sum()
    }

    /// Sum of one function's lines, before account-level credits [currency]. Scans every line: for all
    /// functions at once use [`Bill::lines_by_function`].
    pub fn function_cost(&self, function: usize) -> Decimal {
        self.lines.iter().filter(|l| l.function == Some(function)).map(|l| l.cost).sum()
    }

    /// Sum of one function's lines of `component` [currency]. Scans every line, like [`Bill::function_cost`].
    pub fn component_cost(&self, function: usize, component: Component) -> Decimal {
        self.lines.iter().filter(|l| l.function == Some(function) && l.component == component).map(|l| l.cost).sum()
    }

    /// The lines grouped by function in one pass (a counting sort): renderers use it to stay linear in the
    /// number of functions.
    pub fn lines_by_function(&self) -> LinesByFunction<'_> {
        let account = self.functions.len();
        // A line naming a function the bill does not have (a hand-edited report) counts as account-level.
        let group = |l: &BillLine| l.function.filter(|&i| i < account).unwrap_or(account);
        let mut start = vec![0usize; account + 2];
        for l in &self.lines {
            start[group(l) + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut next = start.clone();
        let mut order: Vec<Option<&BillLine>> = vec![None; self.lines.len()];
        for l in &self.lines {
            let g = group(l);
            order[next[g]] = Some(l);
            next[g] += 1;
        }
        LinesByFunction { order: order.into_iter().flatten().collect(), start }
    }
}

/// A bill's lines grouped by function, each group in bill order; see [`Bill::lines_by_function`].
#[derive(Debug)]
pub struct LinesByFunction<'a> {
    /// The lines, function 0's first, the account-level ones last.
    order: Vec<&'a BillLine>,
    /// Where each group starts in `order`: function `i`'s lines are `order[start[i]..start[i + 1]]`.
    start: Vec<usize>,
}

impl<'a> LinesByFunction<'a> {
    /// Function `i`'s lines (empty for a function the bill does not have).
    pub fn of(&self, i: usize) -> &[&'a BillLine] {
        let functions = self.start.len() - 2;
        if i >= functions {
            return &[];
        }
        &self.order[self.start[i]..self.start[i + 1]]
    }

    /// The account-level lines (free tier, savings plan).
    pub fn account(&self) -> &[&'a BillLine] {
        let functions = self.start.len() - 2;
        &self.order[self.start[functions]..]
    }
}

/// Sum of the costs of `lines` [currency].
pub fn cost_of<'a>(lines: impl IntoIterator<Item = &'a BillLine>) -> Decimal {
    lines.into_iter().map(|l| l.cost).sum()
}

/// Sum of the costs of the `lines` of `component` [currency].
pub fn component_cost_of<'a>(lines: impl IntoIterator<Item = &'a BillLine>, component: Component) -> Decimal {
    cost_of(lines.into_iter().filter(|l| l.component == component))
}

/// Bills `functions` as one account's month.
///
/// # Errors
/// [`PricingError::UnknownRegion`], [`PricingError::PriceNotFound`] for usage the catalog cannot price,
/// [`PricingError::NegativeUsage`] and [`PricingError::SavingsPlan`] for invalid input, and
/// [`PricingError::TooLarge`] when an amount does not fit in an exact decimal (about 7.9e28).
pub fn bill(catalog: &Catalog, functions: &[FunctionUsage], options: &BillOptions) -> Result<Bill, PricingError> {
    bill_owned(catalog, functions.to_vec(), options)
}

/// [`bill`], taking the functions by value: the bill keeps them without a copy (a sheet of 100,000 functions
/// need not hold its usage twice).
///
/// # Errors
/// As [`bill`].
pub fn bill_owned(
    catalog: &Catalog,
    functions: Vec<FunctionUsage>,
    options: &BillOptions,
) -> Result<Bill, PricingError> {
    if let Some(p) = options.savings_plan_percent {
        if p < Decimal::ZERO || p >= Decimal::ONE_HUNDRED {
            return Err(PricingError::SavingsPlan(p.to_string()));
        }
    }
    for f in &functions {
        f.check()?;
    }
    let mut b = Builder::new(catalog, options, &functions)?;
    b.function_lines()?;
    if options.free_tier {
        b.free_tier_lines()?;
        b.event_free_tier_lines()?;
    }
    b.savings_plan_line()?;
    b.check_total()?;
    b.estimate_warnings();
    let (lines, warnings) = b.finish();
    Ok(Bill {
        currency: catalog.currency().to_string(),
        date: options.date,
        catalog: catalog.origin().to_string(),
        functions,
        lines,
        warnings,
    })
}
