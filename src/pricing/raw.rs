//! The pricing catalog as written: serde structs with spans, so that validation can point at every value.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCatalog {
    pub schema_version: Spanned<u32>,
    pub provider: Spanned<String>,
    pub currency: Spanned<String>,
    pub regions: BTreeMap<String, String>,
    pub billing: RawBilling,
    pub free_tier: RawFreeTier,
    pub init_billing: RawInitBilling,
    pub provisioned_concurrency: RawRounding,
    pub ephemeral_storage: RawStorage,
    pub snapstart: RawSnapStart,
    pub event_sources: Option<RawEventSources>,
    pub provenance: Option<Spanned<RawProvenance>>,
    #[serde(default)]
    pub price: Vec<Spanned<RawPrice>>,
}

/// `[provenance]`: how the catalog was made.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProvenance {
    pub method: Spanned<String>,
    pub tool: Option<String>,
    #[serde(default)]
    pub offers: Vec<RawOfferRef>,
    pub note: Option<String>,
}

/// One offer file an import read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOfferRef {
    pub file: String,
    pub offer: String,
    pub version: String,
    pub published: String,
}

/// `[event_sources]`: how SQS and HTTP APIs meter payloads, and `[[event_sources.free_tier]]` allowances.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEventSources {
    pub sqs_chunk_kb: Spanned<u32>,
    pub http_api_chunk_kb: Spanned<u32>,
    pub effective_date: Spanned<String>,
    pub source: Spanned<String>,
    #[serde(default)]
    pub free_tier: Vec<Spanned<RawEventFreeTier>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEventFreeTier {
    pub name: Spanned<String>,
    pub dimensions: Spanned<Vec<Spanned<String>>>,
    pub quantity: u64,
    pub term: Spanned<String>,
    pub effective_date: Spanned<String>,
    pub source: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBilling {
    pub granularity_ms: Spanned<u32>,
    pub effective_date: Spanned<String>,
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFreeTier {
    pub requests: u64,
    pub gb_seconds: u64,
    pub effective_date: Spanned<String>,
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawInitBilling {
    pub effective_date: Spanned<String>,
    pub billed_before_for: Vec<Spanned<String>>,
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRounding {
    pub rounding_minutes: Spanned<u32>,
    pub effective_date: Spanned<String>,
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStorage {
    pub free_mb: Spanned<u32>,
    pub effective_date: Spanned<String>,
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSnapStart {
    pub minimum_cache_hours: u32,
    pub effective_date: Spanned<String>,
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPrice {
    pub region: Spanned<String>,
    pub architecture: Option<Spanned<String>>,
    pub dimension: Spanned<String>,
    pub unit: Spanned<String>,
    pub price: Option<Spanned<PriceText>>,
    pub tiers: Option<Spanned<Vec<RawTier>>>,
    pub effective_date: Spanned<String>,
    pub source: Spanned<String>,
    pub derived: Option<String>,
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTier {
    pub start: Spanned<u64>,
    pub price: Spanned<PriceText>,
    pub derived: Option<bool>,
}

/// A price written as a string, so that it stays exact.
pub(super) struct PriceText(pub String);

impl<'de> Deserialize<'de> for PriceText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = PriceText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a price as a quoted decimal string such as \"0.0000166667\" (quoted so that it stays exact)",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PriceText, E> {
                Ok(PriceText(v.to_string()))
            }
        }
        d.deserialize_str(Visitor)
    }
}
