//! `costsim run`: load, simulate the sweep in parallel, recommend, print and write the report folder.
//!
//! The report-writing half ([`Target`], [`publish_scenario`], [`publish_fleet`]) is shared with `costsim merge`,
//! which feeds it the points its shards computed: one builder, so a merged report is the one-machine report.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::InputError;
use crate::cli::RunArgs;
use crate::fleet::{self, Fleet};
use crate::output::{self, Layout, Staging};
use crate::pricing::Catalog;
use crate::report::fleet::{FleetReport, FLEET_FOLDER};
use crate::report::png::Rasteriser;
use crate::report::run::{write_into, RunFormat, RunReport, REPORT_FOLDER};
use crate::report::terminal::Terminal;
use crate::scenario::{Application, LoadOptions, Overrides, Scenario};
use crate::shard::RunOptions;
use crate::sweep::{self, Point};

pub(super) fn run(args: RunArgs, term: Terminal) -> anyhow::Result<()> {
    let catalog = super::load_catalog(args.pricing.as_deref())?;
    check_catalog(&catalog)?;
    let (jobs, capped) = super::worker_threads(args.jobs)?;
    if let Some(message) = capped.filter(|_| !args.quiet) {
        output::warn(&message);
    }
    if args.baseline_only {
        return super::baseline::run(&args, &catalog, jobs);
    }
    if let Some(spec) = super::shard::spec(&args)? {
        return super::shard::run(&args, spec, &catalog, jobs);
    }
    if args.baseline.is_some() {
        return Err(InputError(
            "--baseline FILE is read by an application's --shard K/N runs and by `costsim merge`: a whole run \
             simulates today's account itself"
                .into(),
        )
        .into());
    }
    let opts = run_options(&args);
    let options = load_options(&opts);
    let view = View { quiet: args.quiet, format: args.format.into(), term };
    if is_application(&args.scenario) {
        return fleet(&args, &catalog, &options, jobs, view);
    }
    let scenario = Scenario::load_with(&args.scenario, &catalog, &options)?;
    let date = super::billing_date(args.date.as_deref(), scenario.date())?;
    // Fail before simulating, not after: the staging folder is created now, beside the report folder (which is
    // not touched until the new report is complete), and the rasteriser is ready.
    let target = Target::create(args.out.as_deref(), scenario.name(), REPORT_FOLDER, args.png)?;

    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build().context("cannot start worker threads")?;
    let bar = progress_bar(args.quiet, scenario.memory_mb().len() * scenario.architectures().len());
    let points = pool.install(|| sweep::run_with_progress(&scenario, &catalog, date, &|| bar.inc(1)))?;
    bar.finish_and_clear();
    check_trace(&scenario)?;
    publish_scenario(&scenario, &catalog, date, &opts, points, target, view, |_| {})
}

/// The simulator bills per 1 ms: a catalog of coarser steps is refused before anything runs.
pub(super) fn check_catalog(catalog: &Catalog) -> Result<(), InputError> {
    if catalog.billing.granularity_ms != 1 {
        return Err(InputError(format!(
            "the catalog bills in {} ms steps; the simulator bills per 1 ms (use a catalog with granularity_ms = 1)",
            catalog.billing.granularity_ms
        )));
    }
    Ok(())
}

/// A trace that could not be streamed to its end (it changed after loading) makes the run's numbers wrong.
pub(super) fn check_trace(scenario: &Scenario) -> anyhow::Result<()> {
    if let Some(e) = scenario.traffic().trace().and_then(|t| t.stream_error()) {
        anyhow::bail!("the trace could not be replayed (did it change after loading?): {e}");
    }
    Ok(())
}

/// What to show once the report is written.
#[derive(Debug, Clone, Copy)]
pub(super) struct View {
    pub quiet: bool,
    pub format: RunFormat,
    /// Standard output's width and colour, for the table.
    pub term: Terminal,
}

/// Where the report goes: its folder, staged and checked up front, and the PNG rasteriser when asked for.
pub(super) struct Target {
    out_dir: PathBuf,
    staging: Staging,
    rasteriser: Option<Rasteriser>,
}

impl Target {
    /// Checks the report folder (`out`, else `reports/<name>/`) and creates its staging folder.
    pub(super) fn create(out: Option<&Path>, name: &str, layout: Layout, png: bool) -> anyhow::Result<Target> {
        let out_dir = out.map_or_else(|| PathBuf::from("reports").join(name), Path::to_path_buf);
        let staging = Staging::create(&out_dir, layout)?;
        let rasteriser = if png { Some(Rasteriser::new()) } else { None };
        Ok(Target { out_dir, staging, rasteriser })
    }
}

/// Builds a scenario's report from its `points` (the sweep's, in order), lets `amend` mark it, writes the folder
/// and prints the summary.
#[allow(clippy::too_many_arguments)]
pub(super) fn publish_scenario(
    scenario: &Scenario,
    catalog: &Catalog,
    date: chrono::NaiveDate,
    opts: &RunOptions,
    points: Vec<Point>,
    target: Target,
    view: View,
    amend: impl FnOnce(&mut RunReport),
) -> anyhow::Result<()> {
    let applied = applied(opts);
    let mut report = RunReport::new(scenario, scenario.source().to_string(), applied, catalog, date, points)?;
    amend(&mut report);
    write_into(&report, &target.staging, target.rasteriser.as_ref())?;
    target.staging.publish()?;
    // --quiet silences standard error only: what --format asked for is the command's output.
    output::print(&report.render_for(view.format, &view.term)).context("cannot write to standard output")?;
    if !view.quiet {
        for w in &report.warnings {
            output::warn(w);
        }
        let out_dir = &target.out_dir;
        output::note(format_args!("report: {}", out_dir.join("index.html").display()));
        output::note(format_args!("also:   sweep.csv, report.json, summary.md, charts/ in {}", out_dir.display()));
    }
    Ok(())
}

/// `costsim run APPLICATION`: the review of every function in the account's context.
fn fleet(args: &RunArgs, catalog: &Catalog, options: &LoadOptions, jobs: usize, view: View) -> anyhow::Result<()> {
    let app = Application::load_with(&args.scenario, catalog, options)?;
    let date = super::billing_date(args.date.as_deref(), app.date())?;
    let target = Target::create(args.out.as_deref(), app.name(), FLEET_FOLDER, args.png)?;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build().context("cannot start worker threads")?;
    let total: usize =
        app.functions().iter().map(|f| f.scenario().memory_mb().len() * f.scenario().architectures().len() + 1).sum();
    let bar = progress_bar(args.quiet, total);
    let result = pool.install(|| fleet::run_with_progress(&app, catalog, date, &|| bar.inc(1)))?;
    bar.finish_and_clear();
    publish_fleet(&app, catalog, date, &run_options(args), result, &pool, target, view, |_| {})
}

/// Builds an application's report from its review, lets `amend` mark it, writes the folder and prints the
/// summary.
#[allow(clippy::too_many_arguments)]
pub(super) fn publish_fleet(
    app: &Application,
    catalog: &Catalog,
    date: chrono::NaiveDate,
    opts: &RunOptions,
    result: Fleet,
    pool: &rayon::ThreadPool,
    target: Target,
    view: View,
    amend: impl FnOnce(&mut FleetReport),
) -> anyhow::Result<()> {
    let applied = applied(opts);
    let mut report = pool.install(|| FleetReport::new(app, applied, catalog, date, result))?;
    amend(&mut report);
    crate::report::fleet::write_into(&report, &target.staging, target.rasteriser.as_ref())?;
    target.staging.publish()?;
    // --quiet silences standard error only: what --format asked for is the command's output.
    output::print(&report.render_for(view.format, &view.term)).context("cannot write to standard output")?;
    if !view.quiet {
        for w in &report.warnings {
            output::warn(w);
        }
        let out_dir = &target.out_dir;
        output::note(format_args!("report: {}", out_dir.join("index.html").display()));
        output::note(format_args!(
            "also:   fleet.csv, report.json, summary.md, charts/, functions/<name>/ in {}",
            out_dir.display()
        ));
    }
    Ok(())
}

/// Whether the file is an application (it has an `[application]` table); unreadable files go to the scenario
/// loader, which reports the error.
pub(super) fn is_application(path: &Path) -> bool {
    let limit = crate::limits::max_bytes(crate::limits::InputKind::Scenario);
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() <= limit)
        && std::fs::read_to_string(path).is_ok_and(|t| Application::is_application(&t))
}

/// The options of `args` that change what is computed or what the report says: what a shard file records and
/// a merge applies again.
pub(super) fn run_options(args: &RunArgs) -> RunOptions {
    RunOptions {
        seed: args.seed,
        memory: args.memory.clone(),
        arch: args.arch.clone(),
        replications: args.replications,
        horizon_hours: args.horizon_hours,
        date: args.date.clone(),
        pricing: args.pricing.clone(),
        allow_path: args.allow_path.clone(),
    }
}

/// The command-line overrides, as given: the scenario loader checks them as it checks the file's values.
pub(super) fn load_options(opts: &RunOptions) -> LoadOptions {
    let overrides = Overrides {
        seed: opts.seed,
        memory: opts.memory.clone(),
        architectures: opts.arch.clone(),
        replications: opts.replications,
        horizon_hours: opts.horizon_hours,
        ..Overrides::default()
    };
    LoadOptions { overrides, allowed_dirs: opts.allow_path.clone() }
}

/// The options the report lists as applied: the overrides, then `--date`.
fn applied(opts: &RunOptions) -> Vec<String> {
    let mut applied = load_options(opts).overrides.describe();
    if let Some(d) = &opts.date {
        applied.push(format!("--date {d}"));
    }
    applied
}

/// A progress bar with ETA on a terminal; hidden when standard error is not a terminal or with --quiet.
pub(super) fn progress_bar(quiet: bool, points: usize) -> indicatif::ProgressBar {
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
