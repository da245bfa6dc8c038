//! The imported prices written as a catalog in costsim's format: the Lambda prices from the offer, the rules AWS
//! does not publish in the Price List (billing granularity, free tier, INIT billing, rounding, SnapStart minimum,
//! the event sources' metering) and the event sources' prices from a base catalog.
//!
//! The text depends only on the offer files' content and names and on the base catalog: the same input gives the
//! same bytes (no clock, no absolute paths).

use std::fmt::Write as _;

use toml::{Table, Value};

use super::build::{Entry, Imported};
use super::read::{OfferFile, LAMBDA_OFFER};
use crate::pricing::Dimension;

/// The tables of the base catalog kept as they are.
const RULE_TABLES: [&str; 7] = [
    "billing",
    "free_tier",
    "init_billing",
    "provisioned_concurrency",
    "ephemeral_storage",
    "snapstart",
    "event_sources",
];

/// The catalog text: `imported`'s prices in `currency`, the rules and event-source prices of `base` (a valid
/// catalog's text, `base_name` as shown in the header).
///
/// # Errors
/// A message when `base` is not TOML (it has been validated as a catalog before, so this is not expected).
pub fn catalog(imported: &Imported, currency: &str, base: &str, base_name: &str) -> Result<String, String> {
    let base: Table = toml::from_str(base).map_err(|e| format!("{base_name}: {}", e.message()))?;
    let base_name = &comment(base_name);
    let mut out = String::new();
    header(&mut out, imported, base_name);
    let _ = writeln!(out, "schema_version = 1\nprovider = \"aws-lambda\"\ncurrency = {}\n", quote(currency));
    provenance(&mut out, &imported.files);
    out.push_str("[regions]\n");
    for (code, name) in &imported.regions {
        let _ = writeln!(out, "{} = {}", quote(code), quote(name));
    }
    out.push('\n');
    let mut rules = Table::new();
    for key in RULE_TABLES {
        if let Some(v) = base.get(key) {
            rules.insert(key.to_string(), v.clone());
        }
    }
    let _ =
        writeln!(out, "# The rules below are not in the Price List: they are those of {base_name}, as it has them.\n");
    out.push_str(&toml::to_string(&rules).map_err(|e| e.to_string())?);
    for region in imported.regions.keys() {
        let _ = writeln!(out, "\n# --- {region}: {} ---\n", comment(&imported.regions[region]));
        for entry in imported.entries.iter().filter(|e| &e.region == region) {
            price(&mut out, entry, &imported.files);
        }
    }
    let kept = event_source_prices(&base, imported);
    if !kept.is_empty() {
        let _ = writeln!(
            out,
            "\n# --- Event sources: not in the AWSLambda offer; the prices of {base_name} for the regions above ---\n"
        );
        let mut table = Table::new();
        table.insert("price".into(), Value::Array(kept));
        out.push_str(&toml::to_string(&table).map_err(|e| e.to_string())?);
    }
    Ok(out)
}

fn header(out: &mut String, imported: &Imported, base_name: &str) {
    let _ = writeln!(out, "# AWS Lambda prices imported from the AWS Price List by `costsim pricing import`.\n#");
    for f in &imported.files {
        let _ = writeln!(out, "#   {}: {}", comment(&f.path), comment(&describe(f)));
    }
    let _ = writeln!(
        out,
        "#\n# Regenerate it rather than editing the Lambda prices by hand (pricing/README.md). The rules and the event\n\
         # sources' prices come from {base_name}."
    );
    if !imported.left_out.is_empty() {
        let _ = writeln!(
            out,
            "#\n# Regions left out (a catalog region needs requests and duration for both architectures):"
        );
        for (region, missing) in &imported.left_out {
            let _ = writeln!(out, "#   {region}: no {}", missing.join(", no "));
        }
    }
    out.push('\n');
}

/// "offer AWSLambda, version 20251028163718, published 2025-10-28T16:37:18Z".
fn describe(f: &OfferFile) -> String {
    format!(
        "offer {}, version {}, published {}",
        f.offer_code.as_deref().unwrap_or(LAMBDA_OFFER),
        f.version.as_deref().unwrap_or("not given"),
        f.published.as_deref().unwrap_or("not given")
    )
}

fn provenance(out: &mut String, files: &[OfferFile]) {
    let _ = writeln!(
        out,
        "[provenance]\nmethod = \"import\"\ntool = {}",
        quote(&format!("costsim {} pricing import", env!("CARGO_PKG_VERSION")))
    );
    out.push_str("offers = [\n");
    for f in files {
        let _ = writeln!(
            out,
            "  {{ file = {}, offer = {}, version = {}, published = {} }},",
            quote(&f.path),
            quote(f.offer_code.as_deref().unwrap_or(LAMBDA_OFFER)),
            quote(f.version.as_deref().unwrap_or("")),
            quote(f.published.as_deref().unwrap_or(""))
        );
    }
    out.push_str("]\n\n");
}

fn price(out: &mut String, e: &Entry, files: &[OfferFile]) {
    let _ = writeln!(
        out,
        "[[price]]\nregion = {}\narchitecture = {}\ndimension = {}\nunit = {}",
        quote(&e.region),
        quote(e.architecture.as_str()),
        quote(e.dimension.as_str()),
        quote(e.dimension.unit())
    );
    if let [(_, only)] = e.tiers.as_slice() {
        let _ = writeln!(out, "price = {}", quote(&only.to_string()));
    } else {
        out.push_str("tiers = [\n");
        for (start, p) in &e.tiers {
            let _ = writeln!(out, "  {{ start = {start}, price = {} }},", quote(&p.to_string()));
        }
        out.push_str("]\n");
    }
    let offers: Vec<String> =
        e.files.iter().filter_map(|i| files.get(*i)).map(|f| format!("{} ({})", describe(f), f.path)).collect();
    let source = format!(
        "AWS Price List: SKU {} (usage type {}); {}",
        e.skus.iter().cloned().collect::<Vec<_>>().join(", "),
        e.usage_types.iter().cloned().collect::<Vec<_>>().join(", "),
        offers.join("; ")
    );
    let _ =
        writeln!(out, "effective_date = \"{}\"\nsource = {}\n", e.effective_date.format("%Y-%m-%d"), quote(&source));
}

/// The base catalog's event-source `[[price]]` entries for the regions written.
fn event_source_prices(base: &Table, imported: &Imported) -> Vec<Value> {
    let Some(Value::Array(prices)) = base.get("price") else { return Vec::new() };
    prices
        .iter()
        .filter(|p| {
            let field = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
            let event_source = field("dimension").parse::<Dimension>().is_ok_and(Dimension::is_event_source);
            event_source && imported.regions.contains_key(&field("region"))
        })
        .cloned()
        .collect()
}

/// `text` as it may stand in a comment: control characters escaped, so that a file name or a version with a line
/// break cannot end the comment and write TOML.
fn comment(text: &str) -> String {
    text.chars().flat_map(|c| if c.is_control() { c.escape_default().collect::<Vec<_>>() } else { vec![c] }).collect()
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}
