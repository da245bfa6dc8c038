//! `costsim run`: load, simulate the sweep in parallel, recommend, print and write the report folder.

use std::path::PathBuf;

use anyhow::Context;

use super::InputError;
use crate::cli::RunArgs;
use crate::fleet;
use crate::output::{self, Staging};
use crate::pricing::Catalog;
use crate::report::fleet::{FleetReport, FLEET_FOLDER};
use crate::report::png::Rasteriser;
use crate::report::run::{write_into, RunReport, REPORT_FOLDER};
use crate::scenario::{Application, LoadOptions, Overrides, Scenario};
use crate::sweep;

pub(super) fn run(args: RunArgs) -> anyhow::Result<()> {
    let catalog = super::load_catalog(args.pricing.as_deref())?;
    if catalog.billing.granularity_ms != 1 {
        return Err(InputError(format!(
            "the catalog bills in {} ms steps; the simulator bills per 1 ms (use a catalog with granularity_ms = 1)",
            catalog.billing.granularity_ms
        ))
        .into());
    }
    let (jobs, capped) = super::worker_threads(args.jobs)?;
    if let Some(message) = capped.filter(|_| !args.quiet) {
        output::warn(&message);
    }
    let options = LoadOptions { overrides: overrides(&args), allowed_dirs: args.allow_path.clone() };
    if is_application(&args.scenario) {
        return fleet(&args, &catalog, &options, jobs);
    }
    let scenario = Scenario::load_with(&args.scenario, &catalog, &options)?;
    let date = super::billing_date(args.date.as_deref(), scenario.date())?;
    let mut applied = options.overrides.describe();
    if let Some(d) = &args.date {
        applied.push(format!("--date {d}"));
    }
    let out_dir = args.out.clone().unwrap_or_else(|| PathBuf::from("reports").join(scenario.name()));
    // Fail before simulating, not after: the staging folder is created now, beside the report folder (which is
    // not touched until the new report is complete), and the rasteriser is ready.
    let staging = Staging::create(&out_dir, REPORT_FOLDER)?;
    let rasteriser = if args.png { Some(Rasteriser::new().map_err(anyhow::Error::msg)?) } else { None };

    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build().context("cannot start worker threads")?;
    let bar = progress_bar(args.quiet, scenario.memory_mb().len() * scenario.architectures().len());
    let points = pool.install(|| sweep::run_with_progress(&scenario, &catalog, date, &|| bar.inc(1)))?;
    bar.finish_and_clear();
    if let Some(e) = scenario.traffic().trace().and_then(|t| t.stream_error()) {
        anyhow::bail!("the trace could not be replayed (did it change after loading?): {e}");
    }
    let report = RunReport::new(&scenario, scenario.source().to_string(), applied, &catalog, date, points)?;
    write_into(&report, &staging, rasteriser.as_ref())?;
    staging.publish()?;
    if !args.quiet {
        output::print(&report.render(args.format)).context("cannot write to standard output")?;
        for w in &report.warnings {
            output::warn(w);
        }
        output::note(format_args!("report: {}", out_dir.join("index.html").display()));
        output::note(format_args!("also:   sweep.csv, report.json, summary.md, charts/ in {}", out_dir.display()));
    }
    Ok(())
}

/// Whether the file is an application (it has an `[application]` table); unreadable files go to the scenario
/// loader, which reports the error.
fn is_application(path: &std::path::Path) -> bool {
    let limit = crate::limits::max_bytes(crate::limits::InputKind::Scenario);
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() <= limit)
        && std::fs::read_to_string(path).is_ok_and(|t| Application::is_application(&t))
}

/// `costsim run APPLICATION`: the review of every function in the account's context.
fn fleet(args: &RunArgs, catalog: &Catalog, options: &LoadOptions, jobs: usize) -> anyhow::Result<()> {
    let app = Application::load_with(&args.scenario, catalog, options)?;
    let date = super::billing_date(args.date.as_deref(), app.date())?;
    let mut applied = options.overrides.describe();
    if let Some(d) = &args.date {
        applied.push(format!("--date {d}"));
    }
    let out_dir = args.out.clone().unwrap_or_else(|| PathBuf::from("reports").join(app.name()));
    let staging = Staging::create(&out_dir, FLEET_FOLDER)?;
    let rasteriser = if args.png { Some(Rasteriser::new().map_err(anyhow::Error::msg)?) } else { None };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build().context("cannot start worker threads")?;
    let total: usize =
        app.functions().iter().map(|f| f.scenario().memory_mb().len() * f.scenario().architectures().len() + 1).sum();
    let bar = progress_bar(args.quiet, total);
    let result = pool.install(|| fleet::run_with_progress(&app, catalog, date, &|| bar.inc(1)))?;
    bar.finish_and_clear();
    let report = pool.install(|| FleetReport::new(&app, applied, catalog, date, result))?;
    crate::report::fleet::write_into(&report, &staging, rasteriser.as_ref())?;
    staging.publish()?;
    if !args.quiet {
        output::print(&report.render(args.format)).context("cannot write to standard output")?;
        for w in &report.warnings {
            output::warn(w);
        }
        output::note(format_args!("report: {}", out_dir.join("index.html").display()));
        output::note(format_args!(
            "also:   fleet.csv, report.json, summary.md, charts/, functions/<name>/ in {}",
            out_dir.display()
        ));
    }
    Ok(())
}

/// The command-line overrides, as given: the scenario loader checks them as it checks the file's values.
fn overrides(args: &RunArgs) -> Overrides {
    Overrides {
        seed: args.seed,
        memory: args.memory.clone(),
        architectures: args.arch.clone(),
        replications: args.replications,
        horizon_hours: args.horizon_hours,
        ..Overrides::default()
    }
}

/// A progress bar with ETA on a terminal; hidden when standard error is not a terminal or with --quiet.
fn progress_bar(quiet: bool, points: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(points as u64);
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} simulating {pos}/{len} points [{bar:30}] {elapsed} (ETA {eta})",
    )
    .expect("a valid template")
    .progress_chars("=> ");
    bar.set_style(style);
    bar
}
