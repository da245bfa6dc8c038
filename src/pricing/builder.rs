//! The bill's lines, built in one pass over the functions: rates resolved once per region and architecture,
//! volume tiers shared out by running sums, every amount checked (see [`super::checked`]).

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;

use super::bill::{BillLine, BillOptions, Component};
use super::catalog::Catalog;
use super::checked::{self, Overflow, LIMIT};
use super::error::PricingError;
use super::rates::{Price, Rates, Tier};
use super::tiers;
use super::usage::FunctionUsage;
use super::Dimension;
use crate::warning::{push_unique, Warning};
use crate::Architecture;

mod events;

/// Requests are shown per million, as AWS and infracost quote them.
const REQUESTS_PER_UNIT: i64 = 1_000_000;

/// A line before its cost is worked out, and the catalog price it uses (group, dimension) for messages.
struct Draft {
    function: Option<usize>,
    component: Component,
    tier: Option<usize>,
    description: String,
    quantity: Decimal,
    unit: &'static str,
    unit_price: Decimal,
    estimated: bool,
    price: Option<(usize, Dimension)>,
}

/// A tiered quantity of the account: its total decides the bands, and the parts (functions) take their shares in
/// turn. A part's share of a band is the difference of the band's share of the running sum before and after the
/// part, so the shares add up to the band exactly.
#[derive(Debug, Clone, Copy, Default)]
struct Volume {
    /// The account's total [unit].
    total: Decimal,
    /// How much of it is shared out so far [unit].
    done: Decimal,
}

impl Volume {
    /// Each band's share of `quantity`, the next part of this volume: (band, share), empty bands left out.
    fn take(&mut self, quantity: Decimal, tiers: &[Tier]) -> Vec<(tiers::Band, Decimal)> {
        let before = self.done;
        // The parts of a volume add up to its total, which fits: so does every running sum.
        let after = (before + quantity).min(self.total);
        self.done = after;
        tiers::split(self.total, tiers)
            .into_iter()
            .map(|band| {
                let share =
                    band_share(band.quantity, after, self.total) - band_share(band.quantity, before, self.total);
                (band, share)
            })
            .collect()
    }
}

pub(super) struct Builder<'a> {
    catalog: &'a Catalog,
    options: &'a BillOptions,
    functions: &'a [FunctionUsage],
    /// Rates of each (region, architecture) group, resolved once: the same for every function of the group.
    rates: Vec<Rates>,
    /// The group of each function.
    group_of: Vec<usize>,
    /// Gross tiered GB-s of each group: the volume tiers of duration are measured on it.
    group_volume: Vec<Volume>,
    /// Each event-source dimension's volume in each region (both architectures), from the functions' usage.
    event_volume: BTreeMap<(&'a str, Dimension), Volume>,
    lines: Vec<BillLine>,
    warnings: Vec<Warning>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(
        catalog: &'a Catalog,
        options: &'a BillOptions,
        functions: &'a [FunctionUsage],
    ) -> Result<Builder<'a>, PricingError> {
        let mut b = Builder {
            catalog,
            options,
            functions,
            rates: Vec::new(),
            group_of: Vec::with_capacity(functions.len()),
            group_volume: Vec::new(),
            event_volume: BTreeMap::new(),
            lines: Vec::with_capacity(functions.len() * 3),
            warnings: Vec::new(),
        };
        let mut index: BTreeMap<(&str, Architecture), usize> = BTreeMap::new();
        for (i, f) in functions.iter().enumerate() {
            let next = b.rates.len();
            let g = *index.entry((f.region.as_str(), f.architecture)).or_insert(next);
            if g == next {
                let r = catalog.rates(&f.region, f.architecture, options.date)?;
                for w in &r.warnings {
                    push_unique(&mut b.warnings, w.clone());
                }
                b.rates.push(r);
                b.group_volume.push(Volume::default());
            }
            b.group_of.push(g);
            let gross = b.tiered_gb_s(f).map_err(|_| b.too_large(Some(i), "duration_gb_s + init_gb_s"))?;
            let total = checked::add(b.group_volume[g].total, gross).map_err(|_| {
                b.too_large(Some(i), format_args!("the account's GB-s in {} {}", f.region, f.architecture))
            })?;
            b.group_volume[g].total = total;
            b.add_event_volume(i)?;
        }
        Ok(b)
    }

    pub(super) fn finish(self) -> (Vec<BillLine>, Vec<Warning>) {
        (self.lines, self.warnings)
    }

    fn too_large(&self, function: Option<usize>, what: impl fmt::Display) -> PricingError {
        let who = match function {
            Some(i) => format!("function '{}'", self.functions[i].name),
            None => "the account".to_string(),
        };
        PricingError::TooLarge {
            function,
            message: format!(
                "{who}: {what} is too large to price (exact decimals hold amounts up to {LIMIT}); check the usage \
                 and the catalog's prices"
            ),
        }
    }

    fn init_billed(&self, f: &FunctionUsage) -> bool {
        f.snapstart || self.catalog.init_billing.is_billed(f.package, self.options.date)
    }

    /// On-demand GB-s that count towards the volume tiers and the free tier.
    fn tiered_gb_s(&self, f: &FunctionUsage) -> Result<Decimal, Overflow> {
        checked::add(f.duration_gb_s, if self.init_billed(f) { f.init_gb_s } else { Decimal::ZERO })
    }

    fn push(&mut self, d: Draft) -> Result<(), PricingError> {
        if d.quantity.is_zero() {
            return Ok(());
        }
        let cost = match checked::mul(d.quantity, d.unit_price) {
            Ok(c) => c,
            Err(Overflow) => {
                let from = match d.price {
                    Some((g, dim)) => {
                        let r = &self.rates[g];
                        let at = r.require(dim, self.catalog.origin()).map(|p| format!(", {}", p.location));
                        format!(
                            " (the catalog's {} price for {} {}{})",
                            dim.as_str(),
                            r.region,
                            r.architecture,
                            at.unwrap_or_default()
                        )
                    }
                    None => String::new(),
                };
                let what = format!("{}: {} {} × {}{from}", d.description, d.quantity, d.unit, d.unit_price);
                return Err(self.too_large(d.function, what));
            }
        };
        self.lines.push(BillLine {
            function: d.function,
            component: d.component,
            tier: d.tier,
            description: d.description,
            quantity: d.quantity,
            unit: std::borrow::Cow::Borrowed(d.unit),
            unit_price: d.unit_price,
            cost,
            estimated: d.estimated,
        });
        Ok(())
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
        let g = self.group_of[i];
        let price = self.rates[g].require(dim, self.catalog.origin())?;
        let (unit_price, estimated) = (price.base(), price.is_derived());
        self.push(Draft {
            function: Some(i),
            component,
            tier: None,
            description: description.to_string(),
            quantity,
            unit: dim.unit(),
            unit_price,
            estimated,
            price: Some((g, dim)),
        })
    }

    pub(super) fn function_lines(&mut self) -> Result<(), PricingError> {
        let per_million = Decimal::from(REQUESTS_PER_UNIT);
        for (i, f) in self.functions.iter().enumerate() {
            let g = self.group_of[i];
            let r = &self.rates[g];
            let req_est = r.requests.is_derived();
            let req_price = checked::mul(r.requests.base(), per_million).map_err(|_| {
                self.too_large(
                    Some(i),
                    format_args!(
                        "the requests price {} per request ({}) × 1,000,000",
                        r.requests.base(),
                        r.requests.location
                    ),
                )
            })?;
            self.push(Draft {
                function: Some(i),
                component: Component::Requests,
                tier: None,
                description: "Requests".into(),
                quantity: f.requests / per_million,
                unit: "1M requests",
                unit_price: req_price,
                estimated: req_est,
                price: Some((g, Dimension::Requests)),
            })?;
            let billed = self.init_billed(f);
            let init = if billed { f.init_gb_s } else { Decimal::ZERO };
            let init_name = if f.snapstart { "SnapStart restore duration" } else { "INIT duration" };
            self.tiered(i, Component::Duration, "Duration", f.duration_gb_s)?;
            self.tiered(i, Component::Init, init_name, init)?;
            if !billed && f.init_gb_s > Decimal::ZERO {
                let note = format!(
                    "INIT duration (not billed before {} for {} packages)",
                    self.catalog.init_billing.effective_date, f.package
                );
                self.push(Draft {
                    function: Some(i),
                    component: Component::InitNotBilled,
                    tier: None,
                    description: note,
                    quantity: f.init_gb_s,
                    unit: "GB-s",
                    unit_price: Decimal::ZERO,
                    estimated: false,
                    price: None,
                })?;
            }
            let simple = [
                (
                    Component::ProvisionedConcurrency,
                    Dimension::ProvisionedConcurrency,
                    "Provisioned concurrency",
                    f.provisioned_gb_s,
                ),
                (
                    Component::ProvisionedDuration,
                    Dimension::ProvisionedDuration,
                    "Duration (provisioned concurrency)",
                    f.provisioned_duration_gb_s,
                ),
                (
                    Component::EphemeralStorage,
                    Dimension::EphemeralStorage,
                    "Ephemeral storage",
                    f.ephemeral_storage_gb_s,
                ),
                (Component::SnapStartCache, Dimension::SnapStartCache, "SnapStart cache", f.snapstart_cache_gb_s),
                (Component::SnapStartRestore, Dimension::SnapStartRestore, "SnapStart restore", f.snapstart_restore_gb),
            ];
            for (component, dim, description, quantity) in simple {
                self.simple(i, component, dim, description, quantity)?;
            }
            self.event_lines(i)?;
        }
        Ok(())
    }

    /// Lines for `quantity` GB-s of function `i`'s on-demand duration price: this part's share of each band of
    /// its group's volume.
    fn tiered(&mut self, i: usize, component: Component, name: &str, quantity: Decimal) -> Result<(), PricingError> {
        if quantity.is_zero() {
            return Ok(());
        }
        let g = self.group_of[i];
        let price: &Price = &self.rates[g].duration;
        let shares = self.group_volume[g].take(quantity, &price.tiers);
        let mut drafts = Vec::with_capacity(shares.len());
        for (band, share) in shares {
            let description = match tiers::label(&price.tiers, band.index, "GB-s") {
                Some(label) => format!("{name} ({label})"),
                None => name.to_string(),
            };
            drafts.push(Draft {
                function: Some(i),
                component,
                tier: (price.tiers.len() > 1).then_some(band.index),
                description,
                quantity: share,
                unit: "GB-s",
                unit_price: band.price,
                estimated: price.tiers[band.index].derived,
                price: Some((g, Dimension::Duration)),
            });
        }
        drafts.into_iter().try_for_each(|d| self.push(d))
    }

    pub(super) fn free_tier_lines(&mut self) -> Result<(), PricingError> {
        let eligible: Vec<usize> =
            (0..self.functions.len()).filter(|&i| !self.functions[i].has_provisioned_concurrency()).collect();
        // Requests: one pool across regions.
        let requests = eligible.iter().map(|&i| {
            let f = &self.functions[i];
            (f.region.clone(), Ok(f.requests), &self.rates[self.group_of[i]].requests)
        });
        let credits = allocate(self.catalog.free_tier.requests, requests)
            .map_err(|key| self.too_large(None, format_args!("the requests eligible for the free tier in {key}")))?;
        let per_million = Decimal::from(REQUESTS_PER_UNIT);
        for (region, credit, price, est) in credits {
            let unit_price = checked::mul(-price, per_million)
                .map_err(|_| self.too_large(None, format_args!("the requests price {price} × 1,000,000")))?;
            self.push(Draft {
                function: None,
                component: Component::FreeTierRequests,
                tier: None,
                description: format!("Free tier (account): requests ({region})"),
                quantity: credit / per_million,
                unit: "1M requests",
                unit_price,
                estimated: est,
                price: None,
            })?;
        }
        // Duration: one pool across regions and architectures.
        let duration = eligible.iter().map(|&i| {
            let f = &self.functions[i];
            let key = format!("{}, {}", f.region, f.architecture);
            (key, self.tiered_gb_s(f), &self.rates[self.group_of[i]].duration)
        });
        let credits = allocate(self.catalog.free_tier.gb_seconds, duration)
            .map_err(|key| self.too_large(None, format_args!("the GB-s eligible for the free tier in {key}")))?;
        for (group, credit, price, est) in credits {
            self.push(Draft {
                function: None,
                component: Component::FreeTierDuration,
                tier: None,
                description: format!("Free tier (account): duration ({group})"),
                quantity: credit,
                unit: "GB-s",
                unit_price: -price,
                estimated: est,
                price: None,
            })?;
        }
        Ok(())
    }

    pub(super) fn savings_plan_line(&mut self) -> Result<(), PricingError> {
        let Some(pct) = self.options.savings_plan_percent.filter(|p| !p.is_zero()) else { return Ok(()) };
        let eligible = self.lines.iter().filter(|l| l.component.savings_plan_applies()).map(|l| l.cost);
        let base = checked::sum(eligible).map_err(|_| self.too_large(None, "the usage a savings plan discounts"))?;
        self.push(Draft {
            function: None,
            component: Component::SavingsPlan,
            tier: None,
            description: format!(
                "Compute Savings Plan ({}% off duration and provisioned concurrency)",
                pct.normalize()
            ),
            quantity: base,
            unit: "USD of eligible usage",
            unit_price: -pct / Decimal::ONE_HUNDRED,
            estimated: false,
            price: None,
        })
    }

    /// The sum of the lines' absolute costs must fit: then the total and every partial sum (a function's
    /// cost, a component's) fit too, and [`super::Bill::total`] cannot overflow.
    pub(super) fn check_total(&self) -> Result<(), PricingError> {
        checked::sum(self.lines.iter().map(|l| l.cost.abs())).map(|_| ()).map_err(|_| self.too_large(None, "the total"))
    }

    pub(super) fn estimate_warnings(&mut self) {
        if self.lines.iter().any(|l| l.estimated) {
            push_unique(&mut self.warnings, Warning::EstimatedPrices);
        }
        if self.lines.iter().any(|l| l.component == Component::InitNotBilled) {
            let effective_date = self.catalog.init_billing.effective_date;
            push_unique(&mut self.warnings, Warning::InitNotBilled { effective_date });
        }
    }
}

/// Decimals kept in a function's share of a band [GB-s]: 10^-12 GB-s is 10^-17 USD at list rates, and with a
/// fixed scale the shares, their differences and their sums stay exact.
const SHARE_DP: u32 = 12;

/// The share of a band of `band` units that a running sum `done` of a group's `total` has reached:
/// `band × done / total`, rounded to [`SHARE_DP`]. Exact at 0 and at the total, and non-decreasing in `done`
/// (one formula for every `done` of a band, and rounding keeps order), so that differences of it are shares
/// that are never negative and add up to the band.
fn band_share(band: Decimal, done: Decimal, total: Decimal) -> Decimal {
    if done.is_zero() {
        return Decimal::ZERO;
    }
    if done == total {
        return band;
    }
    // band × done ≤ band × total: if that fits, the exact product goes first.
    let share = if band.checked_mul(total).is_some() { band * done / total } else { band * (done / total) };
    share.round_dp(SHARE_DP)
}

/// Shares a free `pool` among usage groups: usage is summed per group key, and the pool goes to the group with the
/// highest first-tier price first (ties: key order). Returns (group, credited quantity, price, estimated price),
/// or the key of a group whose usage does not fit.
fn allocate<'p>(
    pool: Decimal,
    usage: impl Iterator<Item = (String, Result<Decimal, Overflow>, &'p Price)>,
) -> Result<Vec<(String, Decimal, Decimal, bool)>, String> {
    let mut groups: BTreeMap<String, (Decimal, Decimal, bool)> = BTreeMap::new();
    for (key, quantity, price) in usage {
        let entry = groups.entry(key.clone()).or_insert((Decimal::ZERO, price.base(), price.is_derived()));
        entry.0 = quantity.and_then(|q| checked::add(entry.0, q)).map_err(|_| key)?;
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(&b.0)));
    let mut left = pool;
    Ok(groups
        .into_iter()
        .map(|(key, (quantity, price, est))| {
            let credit = quantity.min(left);
            left -= credit;
            (key, credit, price, est)
        })
        .collect())
}
