//! Which Price List products are which catalog dimensions: the usage type, without its region prefix, names the
//! dimension; a `-ARM` suffix names arm64.
//!
//! The usage types are those of AWS's Cost and Usage Reports and of the Price List's `usagetype` attribute
//! (`Request`, `Lambda-GB-Second`, `Lambda-Provisioned-Concurrency`, `Lambda-Provisioned-GB-Second`,
//! `Lambda-Storage-GB-Second`, each with `-ARM`; outside us-east-1 with a prefix such as `USE2-` or `APN1-`), as
//! infracost's and ligoj's Price List importers query them. SnapStart's usage types were not seen in a source:
//! they are recognised by the words `SnapStart` and `Cache` or `Restore`, and a unit outside the expected ones is
//! skipped with a warning rather than guessed. Everything else (Lambda@Edge, response streaming, the global free
//! tier, managed instances, provisioned pollers) is not a price costsim models and is reported as skipped.

use crate::pricing::Dimension;
use crate::Architecture;

/// What a product is to the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mapped {
    /// A catalog price: the dimension, and the architecture it prices.
    Price(Dimension, Architecture),
    /// Not a price costsim models; the reason, as the import summary groups them.
    Skip(&'static str),
}

/// The catalog dimensions an offer can give, by usage type (region prefix and `-ARM` removed).
const USAGE_TYPES: [(&str, Dimension); 5] = [
    ("Request", Dimension::Requests),
    ("Lambda-GB-Second", Dimension::Duration),
    ("Lambda-Provisioned-Concurrency", Dimension::ProvisionedConcurrency),
    ("Lambda-Provisioned-GB-Second", Dimension::ProvisionedDuration),
    ("Lambda-Storage-GB-Second", Dimension::EphemeralStorage),
];

/// Classifies a product by its usage type and region code.
pub fn classify(usage_type: Option<&str>, region: Option<&str>) -> Mapped {
    let Some(usage_type) = usage_type else { return Mapped::Skip("no usage type") };
    let bare = strip_region_prefix(usage_type);
    if usage_type.starts_with("Global-") || region.is_none() {
        return Mapped::Skip("global, such as the account's free tier (the catalog's [free_tier] holds it)");
    }
    let (name, architecture) = match bare.strip_suffix("-ARM") {
        Some(name) => (name, Architecture::Arm64),
        None => (bare, Architecture::X86_64),
    };
    if let Some((_, dimension)) = USAGE_TYPES.iter().find(|(u, _)| *u == name) {
        return Mapped::Price(*dimension, architecture);
    }
    if name.contains("SnapStart") {
        if name.contains("Cache") {
            return Mapped::Price(Dimension::SnapStartCache, architecture);
        }
        if name.contains("Restore") {
            return Mapped::Price(Dimension::SnapStartRestore, architecture);
        }
    }
    if name.contains("Edge") {
        return Mapped::Skip("Lambda@Edge (not modelled)");
    }
    if name.contains("Streaming") || name.contains("Response") {
        return Mapped::Skip("response streaming (not modelled)");
    }
    Mapped::Skip("not a price costsim models")
}

/// `USE2-Lambda-GB-Second` → `Lambda-GB-Second`: AWS's region prefixes are capitals and digits before a dash
/// (us-east-1 has none, eu-west-1 is `EU-`).
fn strip_region_prefix(usage_type: &str) -> &str {
    match usage_type.split_once('-') {
        Some((prefix, rest))
            if !prefix.is_empty()
                && prefix.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                && prefix.chars().next().is_some_and(|c| c.is_ascii_uppercase()) =>
        {
            rest
        }
        _ => usage_type,
    }
}

/// The Price List's names for the unit of `dimension` (compared without case). A band in another unit is not
/// imported: a price per hour read as a price per second would be off by 3,600.
pub fn units(dimension: Dimension) -> &'static [&'static str] {
    match dimension.unit() {
        "request" => &["Requests", "Request"],
        "GB" => &["GB", "GigaBytes", "Gigabytes", "Lambda-GB"],
        _ => &["Lambda-GB-Second", "Lambda-GB-Seconds", "GB-Second", "GB-Seconds", "GB-s"],
    }
}

/// Whether `unit` is a Price List name of `dimension`'s unit.
pub fn unit_matches(dimension: Dimension, unit: &str) -> bool {
    units(dimension).iter().any(|u| u.eq_ignore_ascii_case(unit.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_types_with_and_without_region_prefix() {
        let us = Some("us-east-1");
        assert_eq!(classify(Some("Request"), us), Mapped::Price(Dimension::Requests, Architecture::X86_64));
        assert_eq!(classify(Some("Request-ARM"), us), Mapped::Price(Dimension::Requests, Architecture::Arm64));
        assert_eq!(
            classify(Some("USE2-Lambda-GB-Second-ARM"), Some("us-east-2")),
            Mapped::Price(Dimension::Duration, Architecture::Arm64)
        );
        assert_eq!(
            classify(Some("EU-Lambda-Provisioned-GB-Second"), Some("eu-west-1")),
            Mapped::Price(Dimension::ProvisionedDuration, Architecture::X86_64)
        );
        assert_eq!(
            classify(Some("APN1-Lambda-Storage-GB-Second"), Some("ap-northeast-1")),
            Mapped::Price(Dimension::EphemeralStorage, Architecture::X86_64)
        );
        assert!(matches!(classify(Some("Global-Request"), None), Mapped::Skip(_)));
        assert!(matches!(classify(Some("Lambda-Edge-Request"), us), Mapped::Skip("Lambda@Edge (not modelled)")));
        assert!(matches!(classify(Some("Lambda-GB-Second"), None), Mapped::Skip(_)));
    }

    #[test]
    fn units_are_compared_without_case_and_by_dimension() {
        assert!(unit_matches(Dimension::Duration, "Lambda-GB-Second"));
        assert!(unit_matches(Dimension::EphemeralStorage, "gb-seconds"));
        assert!(unit_matches(Dimension::Requests, "Requests"));
        assert!(!unit_matches(Dimension::Requests, "Lambda-GB-Second"));
        assert!(!unit_matches(Dimension::ProvisionedConcurrency, "Hrs"));
        assert!(unit_matches(Dimension::SnapStartRestore, "GB"));
    }
}
