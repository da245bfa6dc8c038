//! A month of usage turned into an itemised bill: one line per component and volume tier, the free-tier
//! credit and any savings-plan discount as lines of their own, and the total.
//!
//! Rules where AWS is silent are costsim's documented choices (see `pricing/README.md`):
//! - volume tiers are measured per region and architecture on the account's gross on-demand GB-s (invoke plus
//!   billed INIT), and shared among functions in proportion to their use;
//! - the free tier is one pool per account; functions with provisioned concurrency get none of it; free GB-s
//!   are credited at the first-tier rate of the usage they cover, the highest rate first;
//! - a savings-plan discount applies to duration, INIT, provisioned concurrency and the duration credit, not to
//!   requests, storage or SnapStart.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::catalog::Catalog;
use super::error::PricingError;
use super::rates::{Price, Rates};
use super::tiers;
use super::usage::FunctionUsage;
use super::Dimension;
use crate::Architecture;

/// What the bill depends on besides usage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillOptions {
    /// The billing date: which prices and rules apply.
    pub date: NaiveDate,
    /// Compute Savings Plan discount [%], 0 ≤ p < 100.
    pub savings_plan_percent: Option<Decimal>,
    /// Whether the account's monthly free tier is still available to these functions.
    pub free_tier: bool,
}

impl BillOptions {
    /// Prices on `date`, free tier applied, no savings plan.
    pub fn new(date: NaiveDate) -> BillOptions {
        BillOptions { date, savings_plan_percent: None, free_tier: true }
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
}

impl Component {
    /// Whether a savings plan discounts this component.
    fn savings_plan_applies(self) -> bool {
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
    /// Unit of the quantity, e.g. `GB-s` or `1M requests`.
    pub unit: String,
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
    /// Things the reader should know (old prices, estimates, unbilled INIT).
    pub warnings: Vec<String>,
}

impl Bill {
    /// Sum of every line, unrounded [currency].
    pub fn total(&self) -> Decimal {
        self.lines.iter().map(|l| l.cost).sum()
    }

    /// Sum of one function's lines, before account-level credits [currency].
    pub fn function_cost(&self, function: usize) -> Decimal {
        self.lines.iter().filter(|l| l.function == Some(function)).map(|l| l.cost).sum()
    }

    /// Sum of one function's lines of `component` [currency].
    pub fn component_cost(&self, function: usize, component: Component) -> Decimal {
        self.lines.iter().filter(|l| l.function == Some(function) && l.component == component).map(|l| l.cost).sum()
    }
}

/// Bills `functions` as one account's month.
///
/// # Errors
/// [`PricingError::UnknownRegion`], [`PricingError::PriceNotFound`] for usage the catalog cannot price,
/// [`PricingError::NegativeUsage`] and [`PricingError::SavingsPlan`] for invalid input.
pub fn bill(catalog: &Catalog, functions: &[FunctionUsage], options: &BillOptions) -> Result<Bill, PricingError> {
    if let Some(p) = options.savings_plan_percent {
        if p < Decimal::ZERO || p >= Decimal::ONE_HUNDRED {
            return Err(PricingError::SavingsPlan(p.to_string()));
        }
    }
    let mut rates = Vec::with_capacity(functions.len());
    let mut warnings = Vec::new();
    for f in functions {
        f.check()?;
        let r = catalog.rates(&f.region, f.architecture, options.date)?;
        for w in &r.warnings {
            push_unique(&mut warnings, w.clone());
        }
        rates.push(r);
    }
    let mut b = Builder { catalog, options, functions, rates: &rates, lines: Vec::new(), warnings };
    b.function_lines()?;
    if options.free_tier {
        b.free_tier_lines();
    }
    b.savings_plan_line();
    b.estimate_warnings();
    Ok(Bill {
        currency: catalog.currency().to_string(),
        date: options.date,
        catalog: catalog.origin().to_string(),
        functions: functions.to_vec(),
        lines: b.lines,
        warnings: b.warnings,
    })
}

/// Shares a free `pool` among usage groups: usage is summed per group key, and the pool goes to the group with the
/// highest first-tier price first (ties: key order). Returns (group, credited quantity, price, estimated price).
fn allocate<'a>(
    pool: Decimal,
    usage: impl Iterator<Item = (String, Decimal, &'a Price)>,
) -> Vec<(String, Decimal, Decimal, bool)> {
    let mut groups: BTreeMap<String, (Decimal, Decimal, bool)> = BTreeMap::new();
    for (key, quantity, price) in usage {
        groups.entry(key).or_insert((Decimal::ZERO, price.base(), price.is_derived())).0 += quantity;
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(&b.0)));
    let mut left = pool;
    groups
        .into_iter()
        .map(|(key, (quantity, price, est))| {
            let credit = quantity.min(left);
            left -= credit;
            (key, credit, price, est)
        })
        .collect()
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

struct Builder<'a> {
    catalog: &'a Catalog,
    options: &'a BillOptions,
    functions: &'a [FunctionUsage],
    rates: &'a [Rates],
    lines: Vec<BillLine>,
    warnings: Vec<String>,
}

/// Requests are shown per million, as AWS and infracost quote them.
const REQUESTS_PER_UNIT: i64 = 1_000_000;

impl Builder<'_> {
    fn init_billed(&self, f: &FunctionUsage) -> bool {
        f.snapstart || self.catalog.init_billing.is_billed(f.package, self.options.date)
    }

    /// On-demand GB-s that count towards the volume tiers and the free tier.
    fn tiered_gb_s(&self, f: &FunctionUsage) -> Decimal {
        f.duration_gb_s + if self.init_billed(f) { f.init_gb_s } else { Decimal::ZERO }
    }

    /// Gross tiered GB-s per (region, architecture): the tiers are measured on the account's total.
    fn tier_groups(&self) -> BTreeMap<(String, Architecture), Decimal> {
        let mut groups = BTreeMap::new();
        for f in self.functions {
            *groups.entry((f.region.clone(), f.architecture)).or_insert(Decimal::ZERO) += self.tiered_gb_s(f);
        }
        groups
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        function: Option<usize>,
        component: Component,
        tier: Option<usize>,
        description: String,
        quantity: Decimal,
        unit: &str,
        unit_price: Decimal,
        estimated: bool,
    ) {
        if quantity.is_zero() {
            return;
        }
        let cost = quantity * unit_price;
        self.lines.push(BillLine {
            function,
            component,
            tier,
            description,
            quantity,
            unit: unit.to_string(),
            unit_price,
            cost,
            estimated,
        });
    }

    fn simple(
        &mut self,
        i: usize,
        component: Component,
        dim: Dimension,
        description: &str,
        quantity: Decimal,
    ) -> Result<(), PricingError> {
        if quantity.is_zero() {
            return Ok(());
        }
        let price = self.rates[i].require(dim, self.catalog.origin())?.clone();
        self.push(
            Some(i),
            component,
            None,
            description.to_string(),
            quantity,
            dim.unit(),
            price.base(),
            price.is_derived(),
        );
        Ok(())
    }

    fn function_lines(&mut self) -> Result<(), PricingError> {
        let groups = self.tier_groups();
        for (i, f) in self.functions.iter().enumerate() {
            let r = &self.rates[i];
            let per_million = Decimal::from(REQUESTS_PER_UNIT);
            let (req_price, req_est) = (r.requests.base() * per_million, r.requests.is_derived());
            self.push(
                Some(i),
                Component::Requests,
                None,
                "Requests".into(),
                f.requests / per_million,
                "1M requests",
                req_price,
                req_est,
            );
            let total = groups[&(f.region.clone(), f.architecture)];
            let init = if self.init_billed(f) { f.init_gb_s } else { Decimal::ZERO };
            let init_name = if f.snapstart { "SnapStart restore duration" } else { "INIT duration" };
            self.tiered(i, Component::Duration, "Duration", f.duration_gb_s, total, &r.duration.clone());
            self.tiered(i, Component::Init, init_name, init, total, &r.duration.clone());
            if !self.init_billed(f) && f.init_gb_s > Decimal::ZERO {
                let note = format!(
                    "INIT duration (not billed before {} for {} packages)",
                    self.catalog.init_billing.effective_date, f.package
                );
                self.push(Some(i), Component::InitNotBilled, None, note, f.init_gb_s, "GB-s", Decimal::ZERO, false);
            }
            self.simple(
                i,
                Component::ProvisionedConcurrency,
                Dimension::ProvisionedConcurrency,
                "Provisioned concurrency",
                f.provisioned_gb_s,
            )?;
            self.simple(
                i,
                Component::ProvisionedDuration,
                Dimension::ProvisionedDuration,
                "Duration (provisioned concurrency)",
                f.provisioned_duration_gb_s,
            )?;
            self.simple(
                i,
                Component::EphemeralStorage,
                Dimension::EphemeralStorage,
                "Ephemeral storage",
                f.ephemeral_storage_gb_s,
            )?;
            self.simple(
                i,
                Component::SnapStartCache,
                Dimension::SnapStartCache,
                "SnapStart cache",
                f.snapstart_cache_gb_s,
            )?;
            self.simple(
                i,
                Component::SnapStartRestore,
                Dimension::SnapStartRestore,
                "SnapStart restore",
                f.snapstart_restore_gb,
            )?;
        }
        Ok(())
    }

    /// Lines for `quantity` of a tiered price, where the account's group uses `group_total` in all:
    /// each band holds the function's share `quantity / group_total` of the group's units in that band.
    fn tiered(
        &mut self,
        i: usize,
        component: Component,
        name: &str,
        quantity: Decimal,
        group_total: Decimal,
        price: &Price,
    ) {
        if quantity.is_zero() {
            return;
        }
        for band in tiers::split(group_total, &price.tiers) {
            let share = if quantity == group_total { band.quantity } else { band.quantity * quantity / group_total };
            let description = match tiers::label(&price.tiers, band.index, "GB-s") {
                Some(label) => format!("{name} ({label})"),
                None => name.to_string(),
            };
            let tier = (price.tiers.len() > 1).then_some(band.index);
            let estimated = price.tiers[band.index].derived;
            self.push(Some(i), component, tier, description, share, "GB-s", band.price, estimated);
        }
    }

    fn free_tier_lines(&mut self) {
        let eligible: Vec<usize> =
            (0..self.functions.len()).filter(|&i| !self.functions[i].has_provisioned_concurrency()).collect();
        // Requests: one pool across regions.
        let requests =
            |i: usize| (self.functions[i].region.clone(), self.functions[i].requests, &self.rates[i].requests);
        let credits = allocate(self.catalog.free_tier.requests, eligible.iter().map(|&i| requests(i)));
        let per_million = Decimal::from(REQUESTS_PER_UNIT);
        for (region, credit, price, est) in credits {
            let description = format!("Free tier: requests ({region})");
            let unit = "1M requests";
            self.push(
                None,
                Component::FreeTierRequests,
                None,
                description,
                credit / per_million,
                unit,
                -price * per_million,
                est,
            );
        }
        // Duration: one pool across regions and architectures.
        let duration = |i: usize| {
            let f = &self.functions[i];
            (format!("{}, {}", f.region, f.architecture), self.tiered_gb_s(f), &self.rates[i].duration)
        };
        let credits = allocate(self.catalog.free_tier.gb_seconds, eligible.iter().map(|&i| duration(i)));
        for (group, credit, price, est) in credits {
            let description = format!("Free tier: duration ({group})");
            self.push(None, Component::FreeTierDuration, None, description, credit, "GB-s", -price, est);
        }
    }

    fn savings_plan_line(&mut self) {
        let Some(pct) = self.options.savings_plan_percent.filter(|p| !p.is_zero()) else { return };
        let base: Decimal = self.lines.iter().filter(|l| l.component.savings_plan_applies()).map(|l| l.cost).sum();
        let description =
            format!("Compute Savings Plan ({}% off duration and provisioned concurrency)", pct.normalize());
        self.push(
            None,
            Component::SavingsPlan,
            None,
            description,
            base,
            "USD of eligible usage",
            -pct / Decimal::ONE_HUNDRED,
            false,
        );
    }

    fn estimate_warnings(&mut self) {
        if self.lines.iter().any(|l| l.estimated) {
            push_unique(
                &mut self.warnings,
                "lines marked ~ use prices derived from other figures, not published ones (see the catalog's `derived` notes)".into(),
            );
        }
        if self.lines.iter().any(|l| l.component == Component::InitNotBilled) {
            push_unique(
                &mut self.warnings,
                format!(
                    "INIT time was not billed for ZIP packages on managed runtimes before {}",
                    self.catalog.init_billing.effective_date
                ),
            );
        }
    }
}
