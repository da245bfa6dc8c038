//! From the products and terms read to catalog prices: one entry per region, architecture, dimension and
//! effective date, its volume bands as tiers, checked as the catalog will check them and more (bands contiguous,
//! the last open-ended, the unit the dimension's).

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::mapping;
use super::read::{Collected, OfferFile, PriceDimension, Product, Term};
use super::OfferError;
use crate::diagnostic::{excerpt, LocatedError};
use crate::pricing::Dimension;
use crate::Architecture;

/// One catalog price imported from the offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Region code.
    pub region: String,
    /// The architecture priced.
    pub architecture: Architecture,
    /// The catalog dimension.
    pub dimension: Dimension,
    /// The term's effective date.
    pub effective_date: NaiveDate,
    /// Volume bands: (start [units a month], price per unit), the first starting at 0.
    pub tiers: Vec<(u64, Decimal)>,
    /// The SKUs that give this price (several when files repeat it), sorted.
    pub skus: BTreeSet<String>,
    /// Their usage types, sorted.
    pub usage_types: BTreeSet<String>,
    /// The files it was read from (indices into [`Imported::files`]).
    pub files: BTreeSet<usize>,
}

/// The Lambda prices of one or more offer files, ready to be written as a catalog.
#[derive(Debug)]
pub struct Imported {
    /// Region code → display name, for the regions written.
    pub regions: BTreeMap<String, String>,
    /// The prices, ordered by region, dimension (catalog order), architecture and date.
    pub entries: Vec<Entry>,
    /// Products not imported, by reason: a count each.
    pub skipped: BTreeMap<String, u64>,
    /// Regions left out, with what they lack (every catalog region needs requests and duration for both
    /// architectures).
    pub left_out: LeftOut,
    /// Terms not imported, each with why (a unit or currency costsim cannot use).
    pub warnings: Vec<String>,
    /// The files read.
    pub files: Vec<OfferFile>,
    /// Products of other services in the files, by service code.
    pub other_services: BTreeMap<String, u64>,
}

type Key = (String, Architecture, Dimension, NaiveDate);

/// Regions left out, each with the prices it lacks ("duration arm64").
pub type LeftOut = Vec<(String, Vec<String>)>;

/// Builds the catalog prices in `currency` from what was read.
///
/// # Errors
/// [`OfferError::Located`] for a term whose date, range or price is not valid, bands that leave a gap, overlap or
/// end, several bands for a dimension the catalog does not tier, and two different prices for the same key;
/// [`OfferError::NoPrices`] when no region has the prices a catalog needs.
pub fn build(collected: Collected, currency: &str) -> Result<Imported, OfferError> {
    let Collected { products, skipped, terms, files, other_services } = collected;
    let mut warnings = Vec::new();
    let mut by_key: BTreeMap<Key, (Entry, &Term)> = BTreeMap::new();
    for term in &terms {
        let Some(product) = products.get(&term.sku) else { continue };
        let (dimension, architecture) = (product.dimension, product.architecture);
        let Some(tiers) = bands(term, product, dimension, currency, &files, &mut warnings)? else { continue };
        let region = product.region.clone();
        let key = (region.clone(), architecture, dimension, effective_date(term)?);
        match by_key.get_mut(&key) {
            Some((entry, first)) => {
                if entry.tiers != tiers {
                    return Err(LocatedError::new(
                        term.at.clone(),
                        format!(
                            "SKU {} gives another {} price for {region} {architecture} effective {} than SKU {} at {}: \
                             one offer cannot say both (are these files of the same publication?)",
                            term.sku,
                            dimension.as_str(),
                            key.3,
                            first.sku,
                            first.at
                        ),
                    )
                    .into());
                }
                entry.skus.insert(term.sku.clone());
                entry.usage_types.insert(product.usage_type.clone());
                entry.files.insert(term.file);
            }
            None => {
                let entry = Entry {
                    region,
                    architecture,
                    dimension,
                    effective_date: key.3,
                    tiers,
                    skus: BTreeSet::from([term.sku.clone()]),
                    usage_types: BTreeSet::from([product.usage_type.clone()]),
                    files: BTreeSet::from([term.file]),
                };
                by_key.insert(key, (entry, term));
            }
        }
    }
    let names: BTreeMap<String, String> =
        products.values().map(|p| (p.region.clone(), p.location.clone().unwrap_or_else(|| p.region.clone()))).collect();
    let (regions, left_out) = complete_regions(&by_key, &names);
    let mut entries: Vec<Entry> =
        by_key.into_values().map(|(e, _)| e).filter(|e| regions.contains_key(&e.region)).collect();
    entries.sort_by_key(|e| {
        (e.region.clone(), Dimension::ALL.iter().position(|d| *d == e.dimension), e.architecture, e.effective_date)
    });
    if entries.is_empty() {
        let shown: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let why = if products.is_empty() {
            "no AWS Lambda request, duration, provisioned-concurrency, storage or SnapStart product".to_string()
        } else {
            format!("no region with requests and duration prices for both architectures ({} left out)", left_out.len())
        };
        return Err(OfferError::NoPrices(format!("{}: {why}; nothing to write", shown.join(", "))));
    }
    Ok(Imported { regions, entries, skipped, left_out, warnings, files, other_services })
}

/// The regions that have requests and duration for both architectures (the catalog requires them), and those
/// left out with what they lack.
fn complete_regions(
    by_key: &BTreeMap<Key, (Entry, &Term)>,
    names: &BTreeMap<String, String>,
) -> (BTreeMap<String, String>, LeftOut) {
    let mut regions = BTreeMap::new();
    let mut left_out = Vec::new();
    let present: BTreeSet<&str> = by_key.keys().map(|k| k.0.as_str()).collect();
    for region in present {
        let mut missing = Vec::new();
        for dimension in [Dimension::Requests, Dimension::Duration] {
            for architecture in Architecture::ALL {
                if !by_key.keys().any(|(r, a, d, _)| r == region && *a == architecture && *d == dimension) {
                    missing.push(format!("{} {architecture}", dimension.as_str()));
                }
            }
        }
        if missing.is_empty() {
            regions.insert(region.to_string(), names.get(region).cloned().unwrap_or_else(|| region.to_string()));
        } else {
            left_out.push((region.to_string(), missing));
        }
    }
    (regions, left_out)
}

/// The date part of `effectiveDate` ("2025-10-01T00:00:00Z").
fn effective_date(term: &Term) -> Result<NaiveDate, LocatedError> {
    term.effective
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .filter(|_| term.effective.len() == 10 || term.effective.as_bytes().get(10) == Some(&b'T'))
        .ok_or_else(|| {
            LocatedError::new(
                term.at.clone(),
                format!(
                    "SKU {}: effectiveDate must be a date such as 2025-10-01T00:00:00Z (got '{}')",
                    term.sku,
                    excerpt(&term.effective)
                ),
            )
        })
}

/// The term's bands as catalog tiers; `None` (with a warning) when the term cannot be used in this catalog: a unit
/// that is not the dimension's, or no price in `currency`.
fn bands(
    term: &Term,
    product: &Product,
    dimension: Dimension,
    currency: &str,
    files: &[OfferFile],
    warnings: &mut Vec<String>,
) -> Result<Option<Vec<(u64, Decimal)>>, LocatedError> {
    let err = |message: String| LocatedError::new(term.at.clone(), format!("SKU {}: {message}", term.sku));
    let usage = product.usage_type.as_str();
    let file = files.get(term.file).map_or("?", |f| f.path.as_str());
    if term.dimensions.is_empty() {
        return Err(err("the term has no priceDimensions".into()));
    }
    let mut out: Vec<(Decimal, Option<Decimal>, Decimal)> = Vec::with_capacity(term.dimensions.len());
    for d in &term.dimensions {
        if !mapping::unit_matches(dimension, &d.unit) {
            warnings.push(format!(
                "{}: SKU {} (usage type {usage}) is priced per '{}', not a unit of {} ({}): not imported",
                term.at,
                term.sku,
                excerpt(&d.unit),
                dimension.as_str(),
                mapping::units(dimension).join(", ")
            ));
            return Ok(None);
        }
        let Some(price) = d.price_per_unit.get(currency) else {
            let given: Vec<&str> = d.price_per_unit.keys().map(String::as_str).collect();
            warnings.push(format!(
                "{file}: SKU {} (usage type {usage}) has no {currency} price (it has: {}): not imported",
                term.sku,
                if given.is_empty() { "none".to_string() } else { given.join(", ") }
            ));
            return Ok(None);
        };
        let price = Decimal::from_str(price.trim()).ok().filter(|p| !p.is_sign_negative()).ok_or_else(|| {
            err(format!("pricePerUnit {currency} must be a decimal number, zero or more (got '{}')", excerpt(price)))
        })?;
        let (begin, end) = range(d).map_err(err)?;
        out.push((begin, end, price.normalize()));
    }
    out.sort_by_key(|(begin, _, _)| *begin);
    if out[0].0 != Decimal::ZERO {
        return Err(err(format!(
            "the first band begins at {} instead of 0: usage below it would have no price",
            out[0].0
        )));
    }
    for pair in out.windows(2) {
        let (_, end, _) = pair[0];
        let (next, _, _) = pair[1];
        if end != Some(next) {
            return Err(err(format!(
                "the bands are not contiguous: one ends at {}, the next begins at {next}",
                end.map_or("Inf".to_string(), |e| e.to_string())
            )));
        }
    }
    if let Some(end) = out.last().and_then(|b| b.1) {
        return Err(err(format!(
            "the last band ends at {end}: usage beyond it would have no price (it must end at Inf)"
        )));
    }
    if out.len() > 1 && !dimension.tiered() {
        return Err(err(format!(
            "{} volume bands for {}: the catalog tiers only duration and the event sources' requests",
            out.len(),
            dimension.as_str()
        )));
    }
    out.iter()
        .map(|(begin, _, price)| {
            u64::try_from(*begin)
                .map(|b| (b, *price))
                .map_err(|_| err(format!("beginRange {begin} is not a whole number of units below 2^64")))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// `beginRange` (absent: 0) and `endRange` (`Inf`: open-ended) as numbers; whole numbers, the end after the begin.
fn range(d: &PriceDimension) -> Result<(Decimal, Option<Decimal>), String> {
    let number = |name: &str, text: &str| {
        Decimal::from_str(text.trim())
            .ok()
            .filter(|v| !v.is_sign_negative() && v.fract().is_zero())
            .ok_or_else(|| format!("{name} must be a whole number of units, zero or more (got '{}')", excerpt(text)))
    };
    let begin = match &d.begin_range {
        None => Decimal::ZERO,
        Some(text) => number("beginRange", text)?,
    };
    let end = match d.end_range.as_deref().map(str::trim) {
        None | Some("Inf") => None,
        Some(text) => Some(number("endRange", text)?),
    };
    if end.is_some_and(|e| e <= begin) {
        return Err(format!("endRange {} is not after beginRange {begin}", end.unwrap_or_default()));
    }
    Ok((begin.normalize(), end.map(|e| e.normalize())))
}
