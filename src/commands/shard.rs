//! `costsim run --shard K/N`: compute one shard's units and write them as a shard file for `costsim merge`.

use std::path::Path;

use anyhow::Context;
use rayon::prelude::*;

use super::run::{check_trace, is_application, load_options, progress_bar, run_options};
use super::InputError;
use crate::cli::RunArgs;
use crate::fleet;
use crate::output;
use crate::pricing::Catalog;
use crate::scenario::{Application, LoadOptions, Scenario};
use crate::shard::{
    hash, CatalogIdentity, InputInfo, InputKind, Plan, ShardError, ShardFile, ShardHeader, ShardSpec, UnitResult,
    SHARD_FORMAT, SHARD_FORMAT_VERSION,
};
use crate::sweep::{self, Point};

/// The shard asked for: `--shard K/N`, or `--shards N` with K from the engine's variable; `None` for a whole run.
///
/// # Errors
/// [`ShardError::Spec`] for an invalid K/N or a missing variable.
pub(super) fn spec(args: &RunArgs) -> Result<Option<ShardSpec>, ShardError> {
    match (&args.shard, &args.shards) {
        (Some(s), _) => ShardSpec::parse(s).map(Some),
        (None, Some(n)) => ShardSpec::from_env(n, |v| std::env::var(v).ok()).map(Some),
        (None, None) => Ok(None),
    }
}

/// The identity of the catalog a run prices with: the text of `--pricing` (a folder's aws-lambda.toml), else
/// the built-in catalog's.
pub(super) fn catalog_identity(pricing: Option<&Path>, catalog: &Catalog) -> anyhow::Result<CatalogIdentity> {
    let bytes = match pricing {
        None => crate::pricing::BUILT_IN.as_bytes().to_vec(),
        Some(p) => {
            let file = if p.is_dir() { p.join("aws-lambda.toml") } else { p.to_path_buf() };
            std::fs::read(&file)
                .map_err(|e| ShardError::Io { path: file.display().to_string(), message: e.to_string() })?
        }
    };
    Ok(CatalogIdentity { origin: catalog.origin().to_string(), sha256: hash::text(&bytes) })
}

/// A trace that cannot be read for hashing: the input cannot be identified.
pub(super) fn trace_error((path, e): (String, std::io::Error)) -> ShardError {
    ShardError::Io { path, message: e.to_string() }
}

pub(super) fn run(args: &RunArgs, spec: ShardSpec, catalog: &Catalog, jobs: usize) -> anyhow::Result<()> {
    let Some(out) = args.out.as_deref() else {
        return Err(InputError(format!(
            "--shard {spec} writes a shard file: give --out FILE (e.g. --out parts/{}.json)",
            spec.index()
        ))
        .into());
    };
    if args.png {
        return Err(InputError("--png is for the report: give it to `costsim merge`".into()).into());
    }
    if out.is_dir() {
        return Err(output::OutputError::IsAFolder { path: out.to_path_buf() }.into());
    }
    let opts = run_options(args);
    let options = load_options(&opts);
    let catalog_id = catalog_identity(opts.pricing.as_deref(), catalog)?;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build().context("cannot start worker threads")?;
    let computed = if is_application(&args.scenario) {
        application(args, spec, catalog, &options, &pool)?
    } else {
        scenario(args, spec, catalog, &options, &pool)?
    };
    let Computed { input, seed, date, plan, points } = computed;
    let units: Vec<UnitResult> = points
        .into_iter()
        .map(|(index, point)| UnitResult {
            index,
            id: plan.ids[index].clone(),
            weight: plan.weights[index],
            timeline: point.timeline.clone(),
            point,
        })
        .collect();
    let held = units.len();
    let file = ShardFile {
        header: ShardHeader {
            format: SHARD_FORMAT.to_string(),
            format_version: SHARD_FORMAT_VERSION,
            costsim_version: env!("CARGO_PKG_VERSION").to_string(),
            input,
            catalog: catalog_id,
            options: opts,
            seed,
            date,
            shards: spec.count(),
            shard: spec.index(),
            total_units: plan.ids.len(),
        },
        units,
    };
    output::write_atomic(out, &file.to_json()?)?;
    if !args.quiet {
        output::note(format_args!(
            "wrote shard {spec} ({held} of {} units) to {}; merge all {} with `costsim merge`",
            plan.ids.len(),
            out.display(),
            spec.count()
        ));
    }
    Ok(())
}

/// What a shard computed, before it is written.
struct Computed {
    input: InputInfo,
    seed: u64,
    date: chrono::NaiveDate,
    plan: Plan,
    /// (unit index, its point), in unit order.
    points: Vec<(usize, Point)>,
}

/// The points of the units `mine`, computed in parallel on `pool` with a progress bar: (unit index, point), in
/// the order of `mine`.
fn units<E: Send>(
    quiet: bool,
    pool: &rayon::ThreadPool,
    mine: &[usize],
    point: impl Fn(usize) -> Result<Point, E> + Sync,
) -> Result<Vec<(usize, Point)>, E> {
    let bar = progress_bar(quiet, mine.len());
    let points = pool.install(|| {
        mine.par_iter()
            .map(|&i| {
                let p = point(i);
                bar.inc(1);
                p.map(|p| (i, p))
            })
            .collect::<Result<Vec<_>, _>>()
    });
    bar.finish_and_clear();
    points
}

fn application(
    args: &RunArgs,
    spec: ShardSpec,
    catalog: &Catalog,
    options: &LoadOptions,
    pool: &rayon::ThreadPool,
) -> anyhow::Result<Computed> {
    let app = Application::load_with(&args.scenario, catalog, options)?;
    let date = super::billing_date(args.date.as_deref(), app.date())?;
    let sha256 = hash::application(&app).map_err(trace_error)?;
    let plan = Plan::application(&app, spec.count());
    let mine = plan.units_of(spec.index());
    let all = fleet::sweep_units(&app);
    // Every shard runs today's account itself: the coupled functions' points are simulated against it.
    let base = pool.install(|| fleet::baseline(&app));
    let points = units(args.quiet, pool, &mine, |i| fleet::sweep_point(&app, &base, catalog, date, &all[i]))?;
    let input = InputInfo { kind: InputKind::Application, path: args.scenario.clone(), sha256 };
    Ok(Computed { input, seed: app.seed(), date, plan, points })
}

fn scenario(
    args: &RunArgs,
    spec: ShardSpec,
    catalog: &Catalog,
    options: &LoadOptions,
    pool: &rayon::ThreadPool,
) -> anyhow::Result<Computed> {
    let scenario = Scenario::load_with(&args.scenario, catalog, options)?;
    let date = super::billing_date(args.date.as_deref(), scenario.date())?;
    let sha256 = hash::scenario(&scenario).map_err(trace_error)?;
    let plan = Plan::scenario(&scenario, spec.count());
    let mine = plan.units_of(spec.index());
    let settings = sweep::settings(&scenario);
    let points = units(args.quiet, pool, &mine, |i| sweep::setting_point(&scenario, catalog, date, &settings[i]))?;
    check_trace(&scenario)?;
    let input = InputInfo { kind: InputKind::Scenario, path: args.scenario.clone(), sha256 };
    Ok(Computed { input, seed: scenario.seed(), date, plan, points })
}
