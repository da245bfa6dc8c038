//! Typed warnings: what the reader of a bill or a run report should know, carried as data.
//!
//! Domain code (pricing, sweep) pushes a [`Warning`]; the sentence a person reads is its [`Display`](fmt::Display),
//! written here once for every renderer. In JSON a warning is an object with a snake_case `"kind"`, the
//! `"message"` and the variant's fields, e.g.
//! `{"kind": "init_not_billed", "message": "INIT time was not billed …", "effective_date": "2025-08-01"}`.
//! Reading it back uses `kind` and the fields; `message` is derived and ignored on input.

use std::fmt;

use chrono::NaiveDate;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use crate::pricing::Dimension;
use crate::Architecture;

/// One thing the reader should know about a bill or a report.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// The catalog has no price of `dimension` in force on `date`; the earliest later one was used.
    PriceNotInForce {
        /// The price dimension.
        dimension: Dimension,
        /// The region.
        region: String,
        /// The architecture.
        architecture: Architecture,
        /// The billing date asked for.
        date: NaiveDate,
        /// The date from which the price used applies.
        effective_date: NaiveDate,
    },
    /// Some lines use prices derived from other figures, not published ones.
    EstimatedPrices,
    /// INIT time of ZIP packages on managed runtimes was not billed before `effective_date`.
    InitNotBilled {
        /// From this date INIT is billed for every package.
        effective_date: NaiveDate,
    },
    /// A trigger service's charge (SQS, API Gateway, Scheduler) has no price in the catalog for the region: it is
    /// not priced, and the total leaves it out.
    NotPriced {
        /// The price dimension.
        dimension: Dimension,
        /// The region.
        region: String,
    },
    /// No memory size of the sweep reaches the function's memory floor.
    NoFeasibleMemory {
        /// The function's memory floor [MB].
        required_memory_mb: u32,
    },
}

impl Warning {
    /// Every `kind`, as written in JSON.
    pub const KINDS: [&'static str; 5] =
        ["price_not_in_force", "estimated_prices", "init_not_billed", "not_priced", "no_feasible_memory"];

    /// The snake_case `kind` written in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Warning::PriceNotInForce { .. } => "price_not_in_force",
            Warning::EstimatedPrices => "estimated_prices",
            Warning::InitNotBilled { .. } => "init_not_billed",
            Warning::NotPriced { .. } => "not_priced",
            Warning::NoFeasibleMemory { .. } => "no_feasible_memory",
        }
    }
}

/// Appends `warning` unless an equal one is already there: each warning is said once.
pub fn push_unique(warnings: &mut Vec<Warning>, warning: Warning) {
    if !warnings.contains(&warning) {
        warnings.push(warning);
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::PriceNotInForce { dimension, region, architecture, date, effective_date } => write!(
                f,
                "the catalog has no {} price for {region} {architecture} in force on {date}; using the earliest known, \
                 effective {effective_date}: price a date from {effective_date} on, or add a [[price]] entry in force \
                 on {date} to the catalog",
                dimension.as_str()
            ),
            Warning::EstimatedPrices => f.write_str(
                "lines marked ~ use prices derived from other figures, not published ones (see the catalog's \
                 `derived` notes): check them against the AWS pricing page before relying on the total",
            ),
            Warning::InitNotBilled { effective_date } => write!(
                f,
                "INIT time was not billed for ZIP packages on managed runtimes before {effective_date}; price a date \
                 from {effective_date} on to see the bill with INIT"
            ),
            Warning::NotPriced { dimension, region } => write!(
                f,
                "the catalog has no {} price for {region}: that charge is not priced and the total leaves it out; \
                 add a [[price]] entry (see pricing/README.md)",
                dimension.as_str()
            ),
            Warning::NoFeasibleMemory { required_memory_mb } => write!(
                f,
                "no memory size in the sweep reaches required_memory_mb = {required_memory_mb} MB: every point runs \
                 out of memory; sweep sizes of at least {required_memory_mb} MB"
            ),
        }
    }
}

impl Serialize for Warning {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", self.kind())?;
        m.serialize_entry("message", &self.to_string())?;
        match self {
            Warning::PriceNotInForce { dimension, region, architecture, date, effective_date } => {
                m.serialize_entry("dimension", dimension)?;
                m.serialize_entry("region", region)?;
                m.serialize_entry("architecture", architecture)?;
                m.serialize_entry("date", date)?;
                m.serialize_entry("effective_date", effective_date)?;
            }
            Warning::EstimatedPrices => {}
            Warning::InitNotBilled { effective_date } => m.serialize_entry("effective_date", effective_date)?,
            Warning::NotPriced { dimension, region } => {
                m.serialize_entry("dimension", dimension)?;
                m.serialize_entry("region", region)?;
            }
            Warning::NoFeasibleMemory { required_memory_mb } => {
                m.serialize_entry("required_memory_mb", required_memory_mb)?
            }
        }
        m.end()
    }
}

/// A warning as read: a plain struct, so that it reads through any deserializer (serde's tagged enums buffer
/// their input, which breaks numbers under serde_json's `arbitrary_precision`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWarning {
    kind: String,
    #[allow(dead_code)]
    message: Option<String>,
    dimension: Option<Dimension>,
    region: Option<String>,
    architecture: Option<Architecture>,
    date: Option<NaiveDate>,
    effective_date: Option<NaiveDate>,
    required_memory_mb: Option<u32>,
}

impl<'de> Deserialize<'de> for Warning {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let raw = RawWarning::deserialize(d)?;
        let need = |field: &'static str| D::Error::custom(format!("a '{}' warning needs '{field}'", raw.kind));
        Ok(match raw.kind.as_str() {
            "price_not_in_force" => Warning::PriceNotInForce {
                dimension: raw.dimension.ok_or_else(|| need("dimension"))?,
                region: raw.region.clone().ok_or_else(|| need("region"))?,
                architecture: raw.architecture.ok_or_else(|| need("architecture"))?,
                date: raw.date.ok_or_else(|| need("date"))?,
                effective_date: raw.effective_date.ok_or_else(|| need("effective_date"))?,
            },
            "estimated_prices" => Warning::EstimatedPrices,
            "init_not_billed" => {
                Warning::InitNotBilled { effective_date: raw.effective_date.ok_or_else(|| need("effective_date"))? }
            }
            "not_priced" => Warning::NotPriced {
                dimension: raw.dimension.ok_or_else(|| need("dimension"))?,
                region: raw.region.clone().ok_or_else(|| need("region"))?,
            },
            "no_feasible_memory" => Warning::NoFeasibleMemory {
                required_memory_mb: raw.required_memory_mb.ok_or_else(|| need("required_memory_mb"))?,
            },
            other => {
                return Err(D::Error::custom(format!(
                    "unknown warning kind '{other}' (allowed: {})",
                    Warning::KINDS.join(", ")
                )))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn all() -> Vec<Warning> {
        vec![
            Warning::PriceNotInForce {
                dimension: Dimension::Duration,
                region: "us-east-1".into(),
                architecture: Architecture::Arm64,
                date: date("2020-01-01"),
                effective_date: date("2025-10-01"),
            },
            Warning::EstimatedPrices,
            Warning::InitNotBilled { effective_date: date("2025-08-01") },
            Warning::NotPriced { dimension: Dimension::SqsStandardRequests, region: "eu-west-1".into() },
            Warning::NoFeasibleMemory { required_memory_mb: 300 },
        ]
    }

    #[test]
    fn json_has_kind_message_and_fields_and_reads_back() {
        for w in all() {
            let text = serde_json::to_string(&w).unwrap();
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(v["kind"], w.kind());
            assert_eq!(v["message"], w.to_string());
            assert_eq!(serde_json::from_str::<Warning>(&text).unwrap(), w, "{text}");
        }
        let v = serde_json::to_value(Warning::NoFeasibleMemory { required_memory_mb: 300 }).unwrap();
        assert_eq!(v["required_memory_mb"], 300);
    }

    #[test]
    fn kinds_are_listed_once_each() {
        let kinds: Vec<_> = all().iter().map(Warning::kind).collect();
        assert_eq!(kinds, Warning::KINDS);
    }

    #[test]
    fn unknown_kinds_and_missing_fields_are_rejected() {
        let e = serde_json::from_str::<Warning>(r#"{"kind": "nope"}"#).unwrap_err().to_string();
        assert!(e.contains("unknown warning kind 'nope'") && e.contains("init_not_billed"), "{e}");
        let e = serde_json::from_str::<Warning>(r#"{"kind": "init_not_billed"}"#).unwrap_err().to_string();
        assert!(e.contains("needs 'effective_date'"), "{e}");
    }

    #[test]
    fn each_warning_is_pushed_once() {
        let mut v = Vec::new();
        push_unique(&mut v, Warning::EstimatedPrices);
        push_unique(&mut v, Warning::InitNotBilled { effective_date: date("2025-08-01") });
        push_unique(&mut v, Warning::EstimatedPrices);
        assert_eq!(v.len(), 2);
    }
}
