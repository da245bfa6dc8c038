//! `costsim price`: one function from flags, or a budgeting sheet, priced as one account.

use anyhow::Context;
use rust_decimal::Decimal;

use super::InputError;
use crate::cli::PriceArgs;
use crate::output;
use crate::pricing::{self, sheet, BillOptions, Catalog, EstimateError, FunctionEstimate, HOURS_PER_MONTH};
use crate::quantity;
use crate::report::bill::{self as render, BillFormat};

pub(super) fn run(args: PriceArgs) -> anyhow::Result<()> {
    let catalog = super::load_catalog(args.pricing.as_deref())?;
    let options = options(&args)?;
    let (functions, skipped) = match &args.input {
        Some(path) => from_sheet(path, &catalog, args.keep_going)?,
        None => (vec![from_flags(&args, &catalog)?], 0),
    };
    let usage: Vec<_> = functions.iter().map(|f| f.usage(&catalog)).collect();
    let bill = pricing::bill(&catalog, &usage, &options)?;
    for w in &bill.warnings {
        output::warn(w);
    }
    let default_format = if args.input.is_some() { BillFormat::Csv } else { BillFormat::Table };
    let text = render::render(&bill, args.format.unwrap_or(default_format));
    match &args.output {
        Some(path) => {
            output::write_atomic(path, text.as_bytes())?;
            output::note(format_args!(
                "wrote {} ({} functions, monthly total {})",
                path.display(),
                bill.functions.len(),
                crate::report::format::money(bill.total(), &bill.currency)
            ));
        }
        None => output::print(&text).context("cannot write to standard output")?,
    }
    if skipped > 0 {
        return Err(InputError(format!("{skipped} invalid row(s) were left out (see the messages above)")).into());
    }
    Ok(())
}

fn options(args: &PriceArgs) -> Result<BillOptions, InputError> {
    let date = super::billing_date(args.date.as_deref(), None)?;
    let savings_plan_percent = args.savings_plan.as_deref().map(|p| flag("savings-plan", p)).transpose()?;
    if let Some(p) = savings_plan_percent {
        if p >= Decimal::ONE_HUNDRED {
            return Err(InputError(format!("--savings-plan must be a percentage from 0 to below 100 (got {p})")));
        }
    }
    Ok(BillOptions { date, savings_plan_percent, free_tier: !args.no_free_tier })
}

fn flag(name: &str, value: &str) -> Result<Decimal, InputError> {
    quantity::parse(value).map_err(|m| InputError(format!("--{name} {m}")))
}

fn whole(name: &str, value: &str) -> Result<u32, InputError> {
    quantity::parse_whole(value).map_err(|m| InputError(format!("--{name} {m}")))
}

fn estimate_error(e: EstimateError) -> InputError {
    InputError(format!("--{} {}", e.field.replace('_', "-").replace("avg-", "").replace("monthly-", ""), e.message))
}

fn from_flags(args: &PriceArgs, catalog: &Catalog) -> anyhow::Result<FunctionEstimate> {
    catalog.check_region(&args.region)?;
    let arch = args.arch.parse().map_err(|e| InputError(format!("--arch: {e}")))?;
    let requests = flag("requests", args.requests.as_deref().unwrap_or_default())?;
    let duration = flag("duration-ms", args.duration_ms.as_deref().unwrap_or_default())?;
    let memory = whole("memory-mb", args.memory_mb.as_deref().unwrap_or_default())?;
    let mut f =
        FunctionEstimate::new(&args.name, &args.region, arch, memory, requests, duration).map_err(estimate_error)?;
    if args.cold_start_ratio.is_some() || args.init_ms.is_some() {
        let ratio = args.cold_start_ratio.as_deref().map(|r| flag("cold-start-ratio", r)).transpose()?;
        let init = args.init_ms.as_deref().map(|i| flag("init-ms", i)).transpose()?;
        f = f.with_cold_starts(ratio.unwrap_or_default(), init.unwrap_or_default()).map_err(estimate_error)?;
    }
    if let Some(n) = &args.provisioned {
        let hours = match &args.provisioned_hours {
            Some(h) => flag("provisioned-hours", h)?,
            None => Decimal::from(HOURS_PER_MONTH),
        };
        f = f.with_provisioned(whole("provisioned", n)?, hours).map_err(estimate_error)?;
    }
    if let Some(mb) = &args.ephemeral_mb {
        f = f.with_ephemeral_mb(whole("ephemeral-mb", mb)?).map_err(estimate_error)?;
    }
    let package = args.package.parse().map_err(|m| InputError(format!("--package: {m}")))?;
    Ok(f.with_packaging(package, args.snapstart).map_err(estimate_error)?)
}

fn from_sheet(
    path: &std::path::Path,
    catalog: &Catalog,
    keep_going: bool,
) -> anyhow::Result<(Vec<FunctionEstimate>, usize)> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read '{}'", path.display()))?;
    let parsed = sheet::parse(&path.display().to_string(), &text, catalog);
    for e in &parsed.errors {
        output::note(format_args!("error: {e}"));
    }
    if !parsed.errors.is_empty() && !keep_going {
        return Err(InputError(format!(
            "{} problem(s) in '{}'; nothing was written (fix them, or pass --keep-going to price the valid rows)",
            parsed.errors.len(),
            path.display()
        ))
        .into());
    }
    if parsed.functions.is_empty() {
        return Err(InputError(format!("'{}' has no valid function rows", path.display())).into());
    }
    Ok((parsed.functions, parsed.errors.len()))
}
