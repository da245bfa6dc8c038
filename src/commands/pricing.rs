//! `costsim pricing import` and `costsim pricing check`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::InputError;
use crate::cli::{PricingCheckArgs, PricingCommand, PricingImportArgs};
use crate::output;
use crate::pricing::offer::{self, Imported};
use crate::pricing::{Catalog, BUILT_IN};

/// Runs `costsim pricing …`.
///
/// # Errors
/// Whatever stopped the subcommand.
pub fn run(command: PricingCommand) -> anyhow::Result<()> {
    match command {
        PricingCommand::Import(args) => import(&args),
        PricingCommand::Check(args) => check(&args),
    }
}

fn import(args: &PricingImportArgs) -> anyhow::Result<()> {
    let target = catalog_file(&args.out);
    if !args.force && target.exists() {
        return Err(
            InputError(format!("{} exists: pass --force to replace it, or another --out", target.display())).into()
        );
    }
    let (base, base_text, base_name) = base_catalog(args.base.as_deref())?;
    let paths: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    let collected = offer::read_files(&paths)?;
    let imported = offer::build(collected, base.currency())?;
    let text = offer::write::catalog(&imported, base.currency(), &base_text, &base_name).map_err(InputError)?;
    let shown = target.display().to_string();
    // What is written must load as --pricing will load it.
    let written = Catalog::parse(&shown, &text).map_err(|e| {
        anyhow::anyhow!(
            "internal error: the imported catalog does not load ({e}); please report it with the offer files"
        )
    })?;
    output::write_atomic(&target, text.as_bytes())?;
    output::note(summary(&imported, &written, &shown));
    Ok(())
}

/// `DIR/aws-lambda.toml`, or the file itself when `out` names a `.toml` file.
fn catalog_file(out: &Path) -> PathBuf {
    if out.extension().is_some_and(|e| e == "toml") {
        out.to_path_buf()
    } else {
        out.join("aws-lambda.toml")
    }
}

/// The base catalog, validated, with its text and the name the generated file gives it.
fn base_catalog(path: Option<&Path>) -> anyhow::Result<(Catalog, String, String)> {
    match path {
        None => Ok((Catalog::built_in(), BUILT_IN.to_string(), "costsim's built-in catalog".to_string())),
        Some(path) => {
            let catalog = Catalog::load(path)?;
            let file = if path.is_dir() { path.join("aws-lambda.toml") } else { path.to_path_buf() };
            let text = std::fs::read_to_string(&file)
                .map_err(|source| crate::pricing::PricingError::Io { path: file.display().to_string(), source })?;
            let name =
                file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
            Ok((catalog, text, format!("the base catalog {name}")))
        }
    }
}

fn summary(imported: &Imported, written: &Catalog, shown: &str) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "wrote {shown}: {} Lambda prices for {} region{} from {} file{}",
        imported.entries.len(),
        imported.regions.len(),
        if imported.regions.len() == 1 { "" } else { "s" },
        imported.files.len(),
        if imported.files.len() == 1 { "" } else { "s" },
    );
    if let Some(p) = written.provenance() {
        let _ = write!(s, "\n  {p}");
    }
    for (region, missing) in &imported.left_out {
        let _ = write!(
            s,
            "\nwarning: {region} left out: no {} price (a catalog region needs requests and duration for both architectures)",
            missing.join(", no ")
        );
    }
    for w in &imported.warnings {
        let _ = write!(s, "\nwarning: {w}");
    }
    if !imported.skipped.is_empty() {
        let parts: Vec<String> = imported.skipped.iter().map(|(why, n)| format!("{n} {why}")).collect();
        let _ = write!(s, "\n  skipped Lambda products: {}", parts.join("; "));
    }
    if !imported.other_services.is_empty() {
        let parts: Vec<String> = imported.other_services.iter().map(|(code, n)| format!("{n} of {code}")).collect();
        let _ = write!(s, "\n  skipped products of other services: {}", parts.join(", "));
    }
    let absent = absent_dimensions(imported);
    if !absent.is_empty() {
        let _ = write!(s, "\n  not in the offer (pricing them is an error, never $0): {}", absent.join("; "));
    }
    s
}

/// The Lambda dimensions each region written lacks.
fn absent_dimensions(imported: &Imported) -> Vec<String> {
    use crate::pricing::Dimension;
    let lambda = [
        Dimension::ProvisionedConcurrency,
        Dimension::ProvisionedDuration,
        Dimension::EphemeralStorage,
        Dimension::SnapStartCache,
        Dimension::SnapStartRestore,
    ];
    let mut out = Vec::new();
    for region in imported.regions.keys() {
        let mut missing = Vec::new();
        for d in lambda {
            for a in crate::Architecture::ALL {
                if !imported.entries.iter().any(|e| &e.region == region && e.dimension == d && e.architecture == a) {
                    missing.push(format!("{} {a}", d.as_str()));
                }
            }
        }
        if !missing.is_empty() {
            out.push(format!("{region}: {}", missing.join(", ")));
        }
    }
    out
}

fn check(args: &PricingCheckArgs) -> anyhow::Result<()> {
    let catalog = super::load_catalog(args.catalog.as_deref())?;
    let regions = catalog.regions().len();
    let mut s = format!(
        "{}: valid; {} prices for {regions} region{} in {}\n",
        catalog.origin(),
        catalog.price_count(),
        if regions == 1 { "" } else { "s" },
        catalog.currency()
    );
    match catalog.provenance() {
        Some(p) => {
            let _ = writeln!(s, "provenance: {p}");
        }
        None => s.push_str("provenance: not stated (no [provenance] table)\n"),
    }
    let _ = writeln!(s, "regions: {}", catalog.regions().keys().cloned().collect::<Vec<_>>().join(", "));
    output::print(&s).map_err(|e| anyhow::anyhow!("cannot write to standard output: {e}"))
}
