//! The pricing catalog: `pricing/aws-lambda.toml` parsed, validated once, and queried by key.
//!
//! The file format is documented in `pricing/README.md`. Every error names the file, line and column.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use toml::Spanned;

use super::error::PricingError;
use super::rates::{Price, Tier};
use super::raw::{PriceText, RawCatalog, RawPrice, RawProvenance, RawTier};
use super::{Dimension, PackageType};
use crate::diagnostic::{did_you_mean, Location};
use crate::Architecture;

mod events;

pub use events::{EventFreeTier, EventSourceRules, FreeTierTerm};

/// Largest catalog file read by default [bytes]: 4 MiB. The shipped catalog is about 70 KB; a catalog of every
/// region and dimension stays far below this. `--max-input-mb` raises it (see [`crate::limits`]).
pub const MAX_CATALOG_BYTES: u64 = 4 * 1024 * 1024;

/// The catalog shipped with costsim (a copy of `pricing/aws-lambda.toml` compiled into the binary).
pub const BUILT_IN: &str = include_str!("../../pricing/aws-lambda.toml");

/// The catalog format version this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// A validated pricing catalog. Built with [`Catalog::parse`], [`Catalog::load`] or [`Catalog::built_in`].
#[derive(Debug, Clone)]
pub struct Catalog {
    pub(super) origin: String,
    pub(super) currency: String,
    pub(super) regions: BTreeMap<String, String>,
    /// Duration rounding.
    pub billing: BillingRule,
    /// The monthly free tier.
    pub free_tier: FreeTier,
    /// When and for which packages the INIT phase is billed.
    pub init_billing: InitBillingRule,
    /// Provisioned-concurrency rounding.
    pub provisioned: ProvisionedRule,
    /// The free part of ephemeral storage.
    pub storage: StorageRule,
    /// SnapStart cache minimum.
    pub snapstart: SnapStartRule,
    /// How the event sources meter payloads, and their free allowances; `None` when the catalog has no
    /// `[event_sources]` table (their prices, if any, then have no free tier).
    pub event_sources: Option<EventSourceRules>,
    pub(super) provenance: Option<Provenance>,
    pub(super) prices: Vec<PriceEntry>,
}

/// How a catalog was made (`[provenance]`): by `costsim pricing import` from AWS Price List offer files, or by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// `import` or `manual`.
    pub method: ProvenanceMethod,
    /// The program that wrote it ("costsim 0.1.0 pricing import").
    pub tool: Option<String>,
    /// The offer files read: (file, offer code, version, publication date).
    pub offers: Vec<OfferRef>,
    /// A sentence on how it was made.
    pub note: Option<String>,
}

/// How a catalog's prices were obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProvenanceMethod {
    /// Written by `costsim pricing import` from Price List data.
    Import,
    /// Compiled by hand from the sources each price names.
    Manual,
}

/// One offer file of an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferRef {
    /// The file name as given to the import.
    pub file: String,
    /// The offer code ("AWSLambda").
    pub offer: String,
    /// The offer's version.
    pub version: String,
    /// Its publication date.
    pub published: String,
}

impl std::fmt::Display for Provenance {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self.method {
            ProvenanceMethod::Manual => f.write_str("compiled by hand")?,
            ProvenanceMethod::Import => {
                write!(f, "imported by {}", self.tool.as_deref().unwrap_or("costsim pricing import"))?;
                let offers: Vec<String> = self
                    .offers
                    .iter()
                    .map(|o| format!("{} {} (published {}, {})", o.offer, o.version, o.published, o.file))
                    .collect();
                if !offers.is_empty() {
                    write!(f, " from {}", offers.join(", "))?;
                }
            }
        }
        if let Some(note) = &self.note {
            write!(f, ": {note}")?;
        }
        Ok(())
    }
}

/// How duration is rounded for billing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillingRule {
    /// Billed duration is rounded up to a multiple of this [ms].
    pub granularity_ms: u32,
    /// Where the rule comes from.
    pub source: String,
}

/// The monthly free tier of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreeTier {
    /// Free requests per month [requests].
    pub requests: Decimal,
    /// Free on-demand duration per month [GB-s].
    pub gb_seconds: Decimal,
    /// Where the rule comes from.
    pub source: String,
}

/// INIT-phase billing: the change of 2025-08-01.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitBillingRule {
    /// From this date INIT is billed for every package type.
    pub effective_date: NaiveDate,
    /// Package types whose INIT was billed before that date.
    pub billed_before_for: Vec<PackageType>,
    /// Where the rule comes from.
    pub source: String,
}

impl InitBillingRule {
    /// Whether on-demand INIT time of a `package` is billed on `date`.
    pub fn is_billed(&self, package: PackageType, date: NaiveDate) -> bool {
        date >= self.effective_date || self.billed_before_for.contains(&package)
    }
}

/// Provisioned concurrency is billed for whole blocks of this many minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvisionedRule {
    /// Enabled time is rounded up to a multiple of this [min].
    pub rounding_minutes: u32,
    /// Where the rule comes from.
    pub source: String,
}

/// The free part of ephemeral storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageRule {
    /// Storage up to this size is free [MB].
    pub free_mb: u32,
    /// Where the rule comes from.
    pub source: String,
}

/// SnapStart's cache minimum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapStartRule {
    /// The cache is charged for at least this long per active version [h].
    pub minimum_cache_hours: u32,
    /// Where the rule comes from.
    pub source: String,
}

/// One `[[price]]` entry after validation.
#[derive(Debug, Clone)]
pub(super) struct PriceEntry {
    pub region: String,
    pub architecture: Option<Architecture>,
    pub dimension: Dimension,
    pub effective_date: NaiveDate,
    pub price: Price,
}

// ----- validation ------------------------------------------------------------------------------------------

/// Parses and validates once; all queries afterwards are infallible lookups.
struct Validator<'a> {
    path: &'a str,
    text: &'a str,
}

impl Validator<'_> {
    fn err(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> PricingError {
        PricingError::Invalid { location: Location::at_span(self.path, self.text, &span), message: message.into() }
    }

    fn date(&self, s: &Spanned<String>, what: &str) -> Result<NaiveDate, PricingError> {
        NaiveDate::parse_from_str(s.get_ref(), "%Y-%m-%d").map_err(|_| {
            self.err(s.span(), format!("{what} must be a date written YYYY-MM-DD (got '{}')", s.get_ref()))
        })
    }

    fn decimal(&self, s: &Spanned<PriceText>) -> Result<Decimal, PricingError> {
        let text = s.get_ref().0.trim();
        match text.parse::<Decimal>() {
            Ok(d) if d >= Decimal::ZERO => Ok(d),
            Ok(_) => Err(self.err(s.span(), format!("price must be zero or more (got '{text}')"))),
            Err(_) => {
                Err(self
                    .err(s.span(), format!("price must be a decimal number such as \"0.0000166667\" (got '{text}')")))
            }
        }
    }

    fn positive(&self, v: &Spanned<u32>, what: &str) -> Result<u32, PricingError> {
        match *v.get_ref() {
            0 => Err(self.err(v.span(), format!("{what} must be at least 1 (got 0)"))),
            n => Ok(n),
        }
    }

    fn catalog(&self, raw: RawCatalog) -> Result<Catalog, PricingError> {
        if *raw.schema_version.get_ref() != SCHEMA_VERSION {
            return Err(self.err(
                raw.schema_version.span(),
                format!(
                    "schema_version {} is not supported; this costsim reads schema_version = {SCHEMA_VERSION}",
                    raw.schema_version.get_ref()
                ),
            ));
        }
        if raw.provider.get_ref() != "aws-lambda" {
            return Err(self.err(
                raw.provider.span(),
                format!("provider '{}' is not supported (allowed: aws-lambda)", raw.provider.get_ref()),
            ));
        }
        let currency = raw.currency.get_ref().trim().to_string();
        if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(self.err(
                raw.currency.span(),
                format!("currency must be a three-letter ISO 4217 code such as USD (got '{currency}')"),
            ));
        }
        for date in
            [&raw.billing.effective_date, &raw.free_tier.effective_date, &raw.provisioned_concurrency.effective_date]
        {
            self.date(date, "effective_date")?;
        }
        self.date(&raw.ephemeral_storage.effective_date, "effective_date")?;
        self.date(&raw.snapstart.effective_date, "effective_date")?;
        let billed_before_for = raw
            .init_billing
            .billed_before_for
            .iter()
            .map(|p| {
                p.get_ref().parse::<PackageType>().map_err(|_| {
                    self.err(
                        p.span(),
                        format!("unknown package type '{}' (allowed: {})", p.get_ref(), PackageType::NAMES.join(", ")),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let prices = raw.price.iter().map(|p| self.price(p, &raw.regions)).collect::<Result<Vec<_>, _>>()?;
        let catalog = Catalog {
            origin: self.path.to_string(),
            currency,
            billing: BillingRule {
                granularity_ms: self.positive(&raw.billing.granularity_ms, "granularity_ms")?,
                source: raw.billing.source,
            },
            free_tier: FreeTier {
                requests: Decimal::from(raw.free_tier.requests),
                gb_seconds: Decimal::from(raw.free_tier.gb_seconds),
                source: raw.free_tier.source,
            },
            init_billing: InitBillingRule {
                effective_date: self.date(&raw.init_billing.effective_date, "effective_date")?,
                billed_before_for,
                source: raw.init_billing.source,
            },
            provisioned: ProvisionedRule {
                rounding_minutes: self.positive(&raw.provisioned_concurrency.rounding_minutes, "rounding_minutes")?,
                source: raw.provisioned_concurrency.source,
            },
            storage: StorageRule {
                free_mb: *raw.ephemeral_storage.free_mb.get_ref(),
                source: raw.ephemeral_storage.source,
            },
            snapstart: SnapStartRule {
                minimum_cache_hours: raw.snapstart.minimum_cache_hours,
                source: raw.snapstart.source,
            },
            event_sources: self.event_sources(raw.event_sources)?,
            provenance: raw.provenance.map(|p| self.provenance(p)).transpose()?,
            regions: raw.regions,
            prices,
        };
        self.check_complete_and_unique(&catalog, &raw.price)?;
        Ok(catalog)
    }

    fn provenance(&self, raw: Spanned<RawProvenance>) -> Result<Provenance, PricingError> {
        let raw = raw.into_inner();
        let method = match raw.method.get_ref().as_str() {
            "import" => ProvenanceMethod::Import,
            "manual" => ProvenanceMethod::Manual,
            other => {
                return Err(self.err(
                    raw.method.span(),
                    format!(
                        "provenance method must be \"import\" or \"manual\" (got '{}')",
                        crate::diagnostic::excerpt(other)
                    ),
                ))
            }
        };
        let offers = raw
            .offers
            .into_iter()
            .map(|o| OfferRef { file: o.file, offer: o.offer, version: o.version, published: o.published })
            .collect();
        Ok(Provenance { method, tool: raw.tool, offers, note: raw.note })
    }

    fn price(&self, raw: &Spanned<RawPrice>, regions: &BTreeMap<String, String>) -> Result<PriceEntry, PricingError> {
        let p = raw.get_ref();
        let region = p.region.get_ref().clone();
        if !regions.contains_key(&region) {
            return Err(self.err(
                p.region.span(),
                format!(
                    "region '{region}' is not listed in [regions]{}",
                    did_you_mean(&region, regions.keys().map(String::as_str))
                ),
            ));
        }
        let architecture = match &p.architecture {
            None => None,
            Some(a) => Some(a.get_ref().parse::<Architecture>().map_err(|e| self.err(a.span(), e.to_string()))?),
        };
        let dimension = p.dimension.get_ref().parse::<Dimension>().map_err(|_| {
            self.err(
                p.dimension.span(),
                format!(
                    "unknown dimension '{}'{} (allowed: {})",
                    p.dimension.get_ref(),
                    did_you_mean(p.dimension.get_ref(), Dimension::ALL.iter().map(|d| d.as_str())),
                    Dimension::ALL.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(", ")
                ),
            )
        })?;
        if p.unit.get_ref() != dimension.unit() {
            return Err(self.err(
                p.unit.span(),
                format!("unit of {} must be '{}' (got '{}')", dimension.as_str(), dimension.unit(), p.unit.get_ref()),
            ));
        }
        let tiers = match (&p.price, &p.tiers) {
            (Some(price), None) => {
                vec![Tier { start: Decimal::ZERO, price: self.decimal(price)?, derived: p.derived.is_some() }]
            }
            (None, Some(tiers)) => self.tiers(tiers, dimension, p.derived.is_some())?,
            _ => return Err(self.err(raw.span(), "a [[price]] entry needs exactly one of `price` or `tiers`")),
        };
        if p.source.get_ref().trim().is_empty() {
            return Err(self.err(p.source.span(), "source must say where the price comes from"));
        }
        Ok(PriceEntry {
            region,
            architecture,
            dimension,
            effective_date: self.date(&p.effective_date, "effective_date")?,
            price: Price {
                tiers,
                source: p.source.get_ref().clone(),
                derived: p.derived.clone(),
                note: p.note.clone(),
                effective_date: self.date(&p.effective_date, "effective_date")?,
                location: Location::at_span(self.path, self.text, &raw.span()),
            },
        })
    }

    /// Bands of a tiered price. A band is an estimate if it says `derived = true`, or if the entry is derived
    /// and no band says which of them are.
    fn tiers(
        &self,
        tiers: &Spanned<Vec<RawTier>>,
        dimension: Dimension,
        entry_derived: bool,
    ) -> Result<Vec<Tier>, PricingError> {
        let list = tiers.get_ref();
        let flagged = list.iter().any(|t| t.derived.is_some());
        if flagged && !entry_derived {
            return Err(self.err(tiers.span(), "a tier marked `derived` needs the entry's `derived` note saying how"));
        }
        if list.is_empty() {
            return Err(self.err(tiers.span(), "tiers must list at least one { start, price }"));
        }
        if list.len() > 1 && !dimension.tiered() {
            return Err(self.err(
                tiers.span(),
                format!(
                    "only duration and the event sources' requests have volume tiers; give {} a single `price`",
                    dimension.as_str()
                ),
            ));
        }
        let mut out: Vec<Tier> = Vec::with_capacity(list.len());
        for (i, t) in list.iter().enumerate() {
            let start = *t.start.get_ref();
            if i == 0 && start != 0 {
                return Err(self.err(t.start.span(), format!("the first tier must start at 0 (got {start})")));
            }
            if let Some(prev) = out.last() {
                if Decimal::from(start) <= prev.start {
                    return Err(self
                        .err(t.start.span(), format!("tier starts must increase (got {start} after {})", prev.start)));
                }
            }
            let derived = if flagged { t.derived.unwrap_or(false) } else { entry_derived };
            out.push(Tier { start: Decimal::from(start), price: self.decimal(&t.price)?, derived });
        }
        Ok(out)
    }

    /// Every region must price requests and duration for both architectures, and no key may repeat.
    fn check_complete_and_unique(&self, catalog: &Catalog, raw: &[Spanned<RawPrice>]) -> Result<(), PricingError> {
        let mut seen = BTreeMap::new();
        for (entry, raw) in catalog.prices.iter().zip(raw) {
            for arch in entry.architecture.map_or(Architecture::ALL.to_vec(), |a| vec![a]) {
                let key = (entry.region.clone(), arch, entry.dimension, entry.effective_date);
                if let Some(first) = seen.insert(key, raw.span()) {
                    let first = Location::at_span(self.path, self.text, &first);
                    return Err(self.err(
                        raw.span(),
                        format!(
                            "duplicate {} price for {} {} effective {} (first given at line {})",
                            entry.dimension.as_str(),
                            entry.region,
                            arch,
                            entry.effective_date,
                            first.line
                        ),
                    ));
                }
            }
        }
        for region in catalog.regions.keys() {
            for arch in Architecture::ALL {
                for dim in [Dimension::Requests, Dimension::Duration] {
                    if !seen.keys().any(|(r, a, d, _)| r == region && *a == arch && *d == dim) {
                        return Err(self.err(
                            0..0,
                            format!("region {region} has no {} price for {arch}; every region needs requests and duration prices", dim.as_str()),
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

impl Catalog {
    /// Parses catalog `text`; `path` is used in error messages only.
    ///
    /// # Errors
    /// [`PricingError::Invalid`] with the file, line and column of the problem, or [`PricingError::Several`] with
    /// every key that is unknown or of the wrong type.
    pub fn parse(path: &str, text: &str) -> Result<Catalog, PricingError> {
        let v = Validator { path, text };
        let raw: RawCatalog = crate::diagnostic::toml_all::from_str(text).map_err(|errors| {
            let mut all: Vec<PricingError> =
                errors.iter().map(|e| v.err(e.span().unwrap_or(0..0), e.message().to_string())).collect();
            if all.len() == 1 {
                all.remove(0)
            } else {
                PricingError::Several(all)
            }
        })?;
        v.catalog(raw)
    }

    /// Loads a catalog from a file, or from `DIR/aws-lambda.toml` when `path` is a directory.
    ///
    /// # Errors
    /// [`PricingError::Io`] when the file cannot be read, [`PricingError::FileTooLarge`] when it is larger than
    /// the limit ([`MAX_CATALOG_BYTES`] unless raised; checked before reading, and the read stops there, so a device
    /// or a pipe that never ends is refused too), [`PricingError::Invalid`] when it is not a valid catalog.
    pub fn load(path: &Path) -> Result<Catalog, PricingError> {
        let file = if path.is_dir() { path.join("aws-lambda.toml") } else { path.to_path_buf() };
        let shown = file.display().to_string();
        let io = |source| PricingError::Io { path: shown.clone(), source };
        let limit = crate::limits::max_bytes(crate::limits::InputKind::Catalog);
        let too_large = |bytes| PricingError::FileTooLarge { path: shown.clone(), bytes, limit };
        let handle = std::fs::File::open(&file).map_err(io)?;
        let size = handle.metadata().map_err(io)?.len();
        if size > limit {
            return Err(too_large(size));
        }
        let mut bytes = Vec::new();
        handle.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
        if bytes.len() as u64 > limit {
            return Err(too_large(bytes.len() as u64));
        }
        let text = String::from_utf8(bytes)
            .map_err(|e| io(std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error())))?;
        Catalog::parse(&shown, &text)
    }

    /// The catalog compiled into costsim (`pricing/aws-lambda.toml`).
    pub fn built_in() -> Catalog {
        Catalog::parse("pricing/aws-lambda.toml (built in)", BUILT_IN)
            .expect("the built-in catalog is checked by the test suite")
    }

    /// Where this catalog was read from.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// How the catalog was made, if it says (`[provenance]`).
    pub fn provenance(&self) -> Option<&Provenance> {
        self.provenance.as_ref()
    }

    /// The latest `effective_date` of any price: how recent the catalog's prices are.
    pub fn newest_price_date(&self) -> Option<NaiveDate> {
        self.prices.iter().map(|p| p.effective_date).max()
    }

    /// Number of `[[price]]` entries.
    pub fn price_count(&self) -> usize {
        self.prices.len()
    }

    /// ISO 4217 code of the currency every price is in.
    pub fn currency(&self) -> &str {
        &self.currency
    }

    /// Region codes and their display names.
    pub fn regions(&self) -> &BTreeMap<String, String> {
        &self.regions
    }

    /// Checks that `region` is priced by this catalog.
    ///
    /// # Errors
    /// [`PricingError::UnknownRegion`], listing the regions that are available.
    pub fn check_region(&self, region: &str) -> Result<(), PricingError> {
        if self.regions.contains_key(region) {
            return Ok(());
        }
        Err(PricingError::UnknownRegion {
            region: region.to_string(),
            hint: did_you_mean(region, self.regions.keys().map(String::as_str)),
            origin: self.origin.clone(),
            available: self.regions.keys().cloned().collect::<Vec<_>>().join(", "),
        })
    }
}
