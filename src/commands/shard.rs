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
    hash, unit_json, BaselineFile, BaselineHeader, CatalogIdentity, InputInfo, InputKind, Plan, ShardError,
    ShardHeader, ShardSpec, ShardWriter, UnitResult, SHARD_FORMAT, SHARD_FORMAT_VERSION,
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
    let task = Task { args, spec, out, opts, catalog: catalog_id, pool, jobs };
    if is_application(&args.scenario) {
        application(&task, catalog, &options)
    } else if let Some(file) = args.baseline.as_deref().filter(|_| args.scenario.is_file()) {
        // (An input that cannot be read is the scenario loader's to report, not a scenario.)
        Err(not_for_a_scenario(file, &args.scenario).into())
    } else {
        scenario(&task, catalog, &options)
    }
}

/// The refusal of `--baseline` for a scenario: only an application's shards simulate today's account first.
pub(super) fn not_for_a_scenario(file: &Path, scenario: &Path) -> InputError {
    InputError(format!(
        "--baseline '{}' is for an application's shards: '{}' is a scenario, whose shards simulate no account \
         first; leave --baseline out",
        file.display(),
        scenario.display()
    ))
}

/// Today's account of `app` from the baseline file at `path`, refused unless it was computed for the run
/// `wanted` describes and has the shape of `app`'s account.
///
/// # Errors
/// [`ShardError::Io`] when it cannot be read, [`ShardError::Invalid`] naming the file and what differs.
pub(super) fn read_baseline(
    path: &Path,
    wanted: &ShardHeader,
    app: &Application,
) -> Result<fleet::Baseline, ShardError> {
    let shown = path.display().to_string();
    let file = BaselineFile::read(path)?;
    file.header.check(&shown, &BaselineHeader::of(wanted))?;
    file.baseline.fits(app).map_err(|why| {
        ShardError::Invalid(format!(
            "the baseline '{shown}' does not fit the application: {why} (was the file edited?)"
        ))
    })?;
    Ok(file.baseline)
}

/// Units computed per worker thread between two writes to the shard file: enough that the threads rarely wait
/// for each other at the end of a batch, few enough that a batch's points (about 80 KB each with their
/// timelines and JSON) stay a few megabytes.
const BATCH_PER_THREAD: usize = 128;

/// One shard to compute and write.
struct Task<'a> {
    args: &'a RunArgs,
    spec: ShardSpec,
    out: &'a Path,
    opts: crate::shard::RunOptions,
    catalog: CatalogIdentity,
    pool: rayon::ThreadPool,
    jobs: usize,
}

/// What the input says about itself, for the header.
struct Identity {
    input: InputInfo,
    seed: u64,
    date: chrono::NaiveDate,
}

impl Task<'_> {
    fn header(&self, id: &Identity, plan: &Plan) -> ShardHeader {
        ShardHeader {
            format: SHARD_FORMAT.to_string(),
            format_version: SHARD_FORMAT_VERSION,
            costsim_version: env!("CARGO_PKG_VERSION").to_string(),
            input: id.input.clone(),
            catalog: self.catalog.clone(),
            options: self.opts.clone(),
            seed: id.seed,
            date: id.date,
            shards: self.spec.count(),
            shard: self.spec.index(),
            total_units: plan.ids.len(),
        }
    }

    /// Computes the units of this shard of `plan` (`point` of each, in parallel, a batch at a time) and writes
    /// each batch to the shard file as it is done: the file is never held whole, nor all its points. `last`
    /// runs once every unit is computed, before the file is complete: its refusal leaves no file behind.
    fn write(
        &self,
        id: Identity,
        plan: &Plan,
        point: impl Fn(usize) -> anyhow::Result<Point> + Sync,
        last: impl FnOnce() -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let mine = plan.units_of(self.spec.index());
        let header = self.header(&id, plan);
        let bar = progress_bar(self.args.quiet, mine.len());
        // An error of the computation, carried out of the writer (which only speaks io::Error).
        let mut failed: Option<anyhow::Error> = None;
        let written = output::write_atomic_with(self.out, |w| {
            let mut file = ShardWriter::new(w, &header)?;
            for batch in mine.chunks(BATCH_PER_THREAD * self.jobs.max(1)) {
                let units = match self.batch(plan, batch, &point, &bar) {
                    Ok(units) => units,
                    Err(e) => return Err(stop(&mut failed, e)),
                };
                for u in &units {
                    file.push(u)?;
                }
            }
            if let Err(e) = last() {
                return Err(stop(&mut failed, e));
            }
            file.finish()
        });
        bar.finish_and_clear();
        match (written, failed) {
            (_, Some(e)) => Err(e),
            (Err(e), None) => Err(e.into()),
            (Ok(()), None) => Ok(()),
        }?;
        if !self.args.quiet {
            output::note(format_args!(
                "wrote shard {} ({} of {} units) to {}; merge all {} with `costsim merge`",
                self.spec,
                mine.len(),
                plan.ids.len(),
                self.out.display(),
                self.spec.count()
            ));
        }
        Ok(())
    }

    /// The JSON of the units `batch` (indices in `plan`), computed in parallel, in the order of `batch`.
    fn batch(
        &self,
        plan: &Plan,
        batch: &[usize],
        point: &(impl Fn(usize) -> anyhow::Result<Point> + Sync),
        bar: &indicatif::ProgressBar,
    ) -> anyhow::Result<Vec<Vec<u8>>> {
        self.pool.install(|| {
            batch
                .par_iter()
                .map(|&index| {
                    let mut point = point(index)?;
                    bar.inc(1);
                    // Moved, not cloned: the timeline is written beside the point, not in it.
                    let timeline = std::mem::take(&mut point.timeline);
                    let id = plan.ids[index].clone();
                    let unit = UnitResult { index, id, weight: plan.weights[index], point, timeline };
                    Ok(unit_json(&unit)?)
                })
                .collect()
        })
    }
}

/// Keeps `e` for the caller and stops the write with an error that is never shown.
fn stop(failed: &mut Option<anyhow::Error>, e: anyhow::Error) -> std::io::Error {
    *failed = Some(e);
    std::io::Error::other("the shard's computation failed")
}

fn application(task: &Task<'_>, catalog: &Catalog, options: &LoadOptions) -> anyhow::Result<()> {
    let args = task.args;
    let app = Application::load_with(&args.scenario, catalog, options)?;
    let date = super::billing_date(args.date.as_deref(), app.date())?;
    let sha256 = hash::application(&app).map_err(trace_error)?;
    let plan = Plan::application(&app, task.spec.count());
    let all = fleet::sweep_units(&app);
    let input = InputInfo { kind: InputKind::Application, path: args.scenario.clone(), sha256 };
    let id = Identity { input, seed: app.seed(), date };
    // The coupled functions' points are simulated against today's account: read from --baseline, computed
    // once for every shard, or else run by this shard itself.
    let base = match &args.baseline {
        Some(path) => read_baseline(path, &task.header(&id, &plan), &app)?,
        None => task.pool.install(|| fleet::baseline(&app)),
    };
    let point = |i: usize| Ok(fleet::sweep_point(&app, &base, catalog, date, &all[i])?);
    task.write(id, &plan, point, || Ok(()))
}

fn scenario(task: &Task<'_>, catalog: &Catalog, options: &LoadOptions) -> anyhow::Result<()> {
    let args = task.args;
    let scenario = Scenario::load_with(&args.scenario, catalog, options)?;
    let date = super::billing_date(args.date.as_deref(), scenario.date())?;
    let sha256 = hash::scenario(&scenario).map_err(trace_error)?;
    let plan = Plan::scenario(&scenario, task.spec.count());
    let settings = sweep::settings(&scenario);
    let input = InputInfo { kind: InputKind::Scenario, path: args.scenario.clone(), sha256 };
    let id = Identity { input, seed: scenario.seed(), date };
    let point = |i: usize| Ok(sweep::setting_point(&scenario, catalog, date, &settings[i])?);
    task.write(id, &plan, point, || check_trace(&scenario))
}
