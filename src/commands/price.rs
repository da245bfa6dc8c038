//! `costsim price`: one function from flags, or a budgeting sheet, priced as one account.

use anyhow::Context;
use rust_decimal::Decimal;

use super::InputError;
use crate::cli::PriceArgs;
use crate::output;
use crate::pricing::provisioned::Window;
use crate::pricing::{
    self, sheet, BillOptions, Catalog, EstimateError, EventSources, FunctionEstimate, HOURS_PER_MONTH,
};
use crate::quantity;
use crate::report::bill::{self as render, BillFormat};
use crate::report::terminal::Terminal;

pub(super) fn run(args: PriceArgs, term: &Terminal) -> anyhow::Result<()> {
    let catalog = super::load_catalog(args.pricing.as_deref())?;
    let options = options(&args)?;
    let (usage, sheet, skipped) = match &args.input {
        Some(path) => from_sheet(path, &catalog, args.keep_going)?,
        None => {
            let f = from_flags(&args, &catalog)?;
            (vec![f.usage(&catalog).map_err(estimate_error)?], None, 0)
        }
    };
    let bill = pricing::bill_owned(&catalog, usage, &options).map_err(|e| locate(e, sheet.as_ref()))?;
    for w in &bill.warnings {
        output::warn(w);
    }
    let default_format = if args.input.is_some() { BillFormat::Csv } else { BillFormat::Table };
    let layout = super::layout_for(args.output.as_deref(), term);
    let text = render::render_for(&bill, args.format.map_or(default_format, BillFormat::from), &layout);
    match &args.output {
        Some(path) => {
            output::write_atomic(path, text.as_bytes())?;
            output::note(format_args!(
                "wrote {} ({} function{}, monthly total {})",
                path.display(),
                bill.functions.len(),
                if bill.functions.len() == 1 { "" } else { "s" },
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
    Ok(BillOptions {
        date,
        savings_plan_percent,
        free_tier: !args.no_free_tier,
        twelve_month_free_tier: args.twelve_month_free_tier,
    })
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
        let n = whole("provisioned", n)?;
        f = match (&args.provisioned_window, &args.provisioned_hours) {
            (Some(w), _) => {
                let window =
                    Window::parse_daily(w).map_err(|m| InputError(format!("--provisioned-window: got '{w}': {m}")))?;
                f.with_provisioned_window(n, window)
            }
            (None, Some(h)) => f.with_provisioned(n, flag("provisioned-hours", h)?),
            (None, None) => f.with_provisioned(n, Decimal::from(HOURS_PER_MONTH)),
        }
        .map_err(estimate_error)?;
        if let Some(share) = &args.provisioned_traffic_share {
            f = f.with_provisioned_traffic_share(flag("provisioned-traffic-share", share)?).map_err(estimate_error)?;
        }
    }
    if let Some(mb) = &args.ephemeral_mb {
        f = f.with_ephemeral_mb(whole("ephemeral-mb", mb)?).map_err(estimate_error)?;
    }
    let package = args.package.parse().map_err(|m| InputError(format!("--package: {m}")))?;
    let f = f.with_packaging(package, args.snapstart).map_err(estimate_error)?;
    Ok(f.with_event_sources(event_sources(args)?))
}

/// The SQS, API and schedule flags.
fn event_sources(args: &PriceArgs) -> anyhow::Result<EventSources> {
    let count = |name: &str, value: &Option<String>| value.as_deref().map(|v| flag(name, v)).transpose();
    let sqs = count("sqs-requests", &args.sqs_requests)?.unwrap_or_default();
    let sqs_payload = count("sqs-payload-kb", &args.sqs_payload_kb)?;
    let api = count("api-requests", &args.api_requests)?.unwrap_or_default();
    let api_payload = count("api-payload-kb", &args.api_payload_kb)?;
    let schedule = count("scheduler-invocations", &args.scheduler_invocations)?.unwrap_or_default();
    let api_kind = args.api_kind.parse().map_err(|m| InputError(format!("--api-kind: {m}")))?;
    let schedule_kind = args.schedule_kind.parse().map_err(|m| InputError(format!("--schedule-kind: {m}")))?;
    Ok(EventSources::default()
        .with_sqs(sqs, args.sqs_fifo, sqs_payload)
        .and_then(|e| e.with_api(api, api_kind, api_payload))
        .and_then(|e| e.with_schedule(schedule, schedule_kind))
        .map_err(estimate_error)?)
}

/// A bill error about one function of a sheet, prefixed with that function's row.
fn locate(e: pricing::PricingError, sheet: Option<&sheet::Sheet>) -> anyhow::Error {
    match (&e, sheet) {
        (pricing::PricingError::TooLarge { function: Some(i), message }, Some(sheet)) => {
            InputError(format!("{}: {message}", sheet.location(*i, "monthly_requests"))).into()
        }
        _ => e.into(),
    }
}

/// The usage of each valid row of the sheet at `path`, the sheet (for locating later errors), and how many rows
/// were left out.
fn from_sheet(
    path: &std::path::Path,
    catalog: &Catalog,
    keep_going: bool,
) -> anyhow::Result<(Vec<pricing::FunctionUsage>, Option<sheet::Sheet>, usize)> {
    let file = std::fs::File::open(path).with_context(|| format!("cannot read '{}'", path.display()))?;
    // Checked before reading when the size is known; a pipe or a device is cut off at the limit while streaming.
    let size = file.metadata().map(|m| if m.is_file() { m.len() } else { 0 }).unwrap_or(0);
    let limit = crate::limits::max_bytes(crate::limits::InputKind::Sheet);
    if size > limit {
        return Err(InputError(format!(
            "'{}' is {}; a budgeting sheet may be at most {} ({limit} bytes, {} function rows): split it into several \
             sheets, or raise the limit with {} MB",
            path.display(),
            crate::limits::mib(size),
            crate::limits::mib(limit),
            sheet::MAX_ROWS,
            crate::limits::FLAG
        ))
        .into());
    }
    let mut parsed = sheet::read(&path.display().to_string(), std::io::BufReader::new(file), catalog);
    // Usage that does not fit in a decimal is a problem of its row, like any other.
    let mut usage = Vec::with_capacity(parsed.functions.len());
    let mut usage_errors = Vec::new();
    for (i, f) in parsed.functions.iter().enumerate() {
        match f.usage(catalog) {
            Ok(u) => usage.push(u),
            Err(e) => {
                usage_errors.push(sheet::SheetError { location: parsed.location(i, e.field), message: e.to_string() })
            }
        }
    }
    for e in &parsed.errors {
        output::note(format_args!("error: {e}"));
    }
    if parsed.more_errors > 0 {
        eprintln!("error: … and {} more problem(s) in '{}'", parsed.more_errors, path.display());
    }
    for e in &usage_errors {
        eprintln!("error: {e}");
    }
    let problems = parsed.error_count() + usage_errors.len();
    if problems > 0 && !keep_going {
        return Err(InputError(format!(
            "{problems} problem(s) in '{}'; nothing was written (fix them, or pass --keep-going to price the valid rows)",
            path.display()
        ))
        .into());
    }
    if !usage_errors.is_empty() {
        // Keep the rows' lines in step with the functions priced.
        let bad: std::collections::BTreeSet<usize> = usage_errors.iter().map(|e| e.location.line).collect();
        parsed.rows.retain(|line| !bad.contains(line));
    }
    if usage.is_empty() {
        return Err(InputError(format!("'{}' has no valid function rows", path.display())).into());
    }
    parsed.functions = Vec::new(); // their usage is what is priced: free the estimates

    Ok((usage, Some(parsed), problems))
}
