//! `costsim merge`: shard files back into the report folder one machine writes, through the same builder as
//! `costsim run`.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Context;

use super::run::{check_catalog, load_options, publish_fleet, publish_scenario, Target, View};
use super::shard::{catalog_identity, not_for_a_scenario, read_baseline, trace_error};
use crate::cli::MergeArgs;
use crate::fleet;
use crate::output;
use crate::pricing::Catalog;
use crate::report::fleet::FLEET_FOLDER;
use crate::report::run::{Incomplete, RunReport, REPORT_FOLDER};
use crate::scenario::{Application, LoadOptions, Scenario};
use crate::shard::read::UnitPoint;
use crate::shard::{self, hash, Headed, InputKind, Placed, Plan, ShardError, ShardHeader};
use crate::sweep::Point;

pub(super) fn run(args: MergeArgs, term: crate::report::terminal::Terminal) -> anyhow::Result<()> {
    // Headers first, every unit later, one at a time: a merge holds the points, never the files.
    let files = shard::read_headers(&args.inputs)?;
    shard::check_same(&files)?;
    let header: ShardHeader = files[0].header.clone();
    let catalog = super::load_catalog(header.options.pricing.as_deref())?;
    check_catalog(&catalog)?;
    let id = catalog_identity(header.options.pricing.as_deref(), &catalog)?;
    if id.sha256 != header.catalog.sha256 {
        return Err(ShardError::Invalid(format!(
            "the catalog '{}' changed since the shards ran (sha256 {} now, {} in '{}'): merge with the catalog they \
             priced with",
            id.origin,
            id.sha256,
            header.catalog.sha256,
            files[0].path.display()
        ))
        .into());
    }
    let (jobs, capped) = super::worker_threads(args.jobs)?;
    if let Some(message) = capped.filter(|_| !args.quiet) {
        output::warn(&message);
    }
    let m = Merge {
        given: files.iter().map(|l| l.header.shard).collect(),
        first: files[0].path.display().to_string(),
        options: load_options(&header.options),
        view: View { quiet: args.quiet, format: args.format.into(), term },
        header,
        catalog,
        jobs,
        args: &args,
    };
    match m.header.input.kind {
        InputKind::Scenario => m.scenario(&files),
        InputKind::Application => m.application(&files),
    }
}

/// Refuses a unit whose point holds a value costsim never writes (a memory size Lambda does not have, a negative
/// cost, a count out of range), with the checks a report.json read back goes through: a shard file edited or
/// damaged after its shard wrote it must not put unchecked numbers into a report. `k`: its position in the file.
fn check_point(path: &Path, k: usize, u: &UnitPoint) -> Result<(), ShardError> {
    crate::report::run::validate::point(&format!("/units/{k}/point"), &u.point).map_err(|(pointer, message)| {
        ShardError::Invalid(format!(
            "'{}' at {pointer} (unit '{}'): {message}: not what costsim writes (was the file edited?)",
            path.display(),
            crate::diagnostic::excerpt(&u.id)
        ))
    })
}

/// What every merge step needs: the shards' common header, the catalog they priced with, the input's options.
struct Merge<'a> {
    args: &'a MergeArgs,
    header: ShardHeader,
    /// Shard indices of the files given.
    given: BTreeSet<u32>,
    /// The first file's path, for messages.
    first: String,
    catalog: Catalog,
    options: LoadOptions,
    view: View,
    jobs: usize,
}

impl Merge<'_> {
    /// The refusal of an input whose files are not what the shards computed (`now`: its hash today).
    fn changed(&self, now: &str) -> ShardError {
        ShardError::Invalid(format!(
            "the input '{}' is not what the shards computed: its files changed since (sha256 {now} now, {} in \
             '{}')",
            self.header.input.path.display(),
            self.header.input.sha256,
            self.first
        ))
    }

    /// Refuses an input that is not what the shards computed: its hash (`now`) or seed differ, or its units.
    fn same_input(&self, now: &str, seed: u64, plan: &Plan) -> Result<(), ShardError> {
        if now != self.header.input.sha256 || seed != self.header.seed {
            return Err(self.changed(now));
        }
        check_units(plan, &self.header, &self.first)
    }

    /// Every unit in its place, and what is missing (refused unless --partial).
    fn place(&self, files: &[Headed], plan: &Plan) -> Result<(Placed, Option<Incomplete>), ShardError> {
        let placed = shard::place(files, plan, check_point)?;
        let incomplete = gaps(&placed, plan, &self.given, &self.header, self.args.partial)?;
        Ok((placed, incomplete))
    }

    fn scenario(&self, files: &[Headed]) -> anyhow::Result<()> {
        let h = &self.header;
        if let Some(file) = &self.args.baseline {
            return Err(not_for_a_scenario(file, &h.input.path).into());
        }
        let scenario = Scenario::load_with(&h.input.path, &self.catalog, &self.options)?;
        let plan = Plan::scenario(&scenario, h.shards);
        self.same_input(&hash::scenario(&scenario).map_err(trace_error)?, scenario.seed(), &plan)?;
        let target = Target::create(self.args.out.as_deref(), scenario.name(), REPORT_FOLDER, self.args.png)?;
        let (mut placed, incomplete) = self.place(files, &plan)?;
        let present: Vec<usize> = (0..placed.units.len()).filter(|&i| placed.units[i].is_some()).collect();
        if present.is_empty() {
            return Err(ShardError::Invalid("the shard files hold no unit: nothing to merge".into()).into());
        }
        let wanted = drawn(&placed, &[(&scenario, present)]);
        shard::restore_timelines(files, &mut placed, &wanted)?;
        let points: Vec<Point> = placed.units.into_iter().flatten().collect();
        publish_scenario(&scenario, &self.catalog, h.date, &h.options, points, target, self.view, |r| {
            r.incomplete = incomplete
        })
    }

    fn application(&self, files: &[Headed]) -> anyhow::Result<()> {
        let h = &self.header;
        let app = Application::load_with(&h.input.path, &self.catalog, &self.options)?;
        let plan = Plan::application(&app, h.shards);
        self.same_input(&hash::application(&app).map_err(trace_error)?, app.seed(), &plan)?;
        // Checked before any unit is read: a baseline of another run is refused first.
        let stored = self.args.baseline.as_deref().map(|p| read_baseline(p, h, &app)).transpose()?;
        let target = Target::create(self.args.out.as_deref(), app.name(), FLEET_FOLDER, self.args.png)?;
        let (mut placed, incomplete) = self.place(files, &plan)?;
        let units = fleet::sweep_units(&app);
        let present = present_by_function(&app, &units, &placed);
        let functions: Vec<(&Scenario, Vec<usize>)> =
            app.functions().iter().map(|f| f.scenario()).zip(present).collect();
        let wanted = drawn(&placed, &functions);
        shard::restore_timelines(files, &mut placed, &wanted)?;
        let (points, per_function) = by_function(&app, &units, placed)?;
        let pool =
            rayon::ThreadPoolBuilder::new().num_threads(self.jobs).build().context("cannot start worker threads")?;
        // The adopted set together is simulated here, once: it needs every function's recommendation, which only
        // the merge has. Today's account is read from --baseline, the file the shards used, or simulated again.
        let base = match stored {
            Some(base) => base,
            None => pool.install(|| fleet::baseline(&app)),
        };
        let result = pool.install(|| fleet::finish(&app, &self.catalog, h.date, base, points))?;
        publish_fleet(&app, &self.catalog, h.date, &h.options, result, &pool, target, self.view, |r| {
            r.incomplete = incomplete;
            for (d, gap) in r.details.iter_mut().zip(per_function) {
                d.incomplete = gap;
            }
        })
    }
}

/// The units whose timelines the report draws: each sweep's recommended points, as the report builder picks
/// them from the same points (`functions`: each scenario with the plan indices of its units present, in sweep
/// order). Only these are read back: the rest of the timelines, most of a shard file, are never held.
fn drawn(placed: &Placed, functions: &[(&Scenario, Vec<usize>)]) -> BTreeSet<usize> {
    let mut wanted = BTreeSet::new();
    // A function with no unit at all (--partial) draws nothing: `by_function` refuses it next.
    for (scenario, present) in functions.iter().filter(|(_, present)| !present.is_empty()) {
        let points: Vec<Point> = present.iter().filter_map(|&i| placed.units[i].clone()).collect();
        let recommendations = crate::recommend::recommend(&points, scenario.recommend());
        wanted.extend(RunReport::drawn(&recommendations).into_iter().map(|j| present[j]));
    }
    wanted
}

/// The plan indices of each function's units present, in sweep order.
fn present_by_function(app: &Application, units: &[fleet::SweepUnit], placed: &Placed) -> Vec<Vec<usize>> {
    let mut present = vec![Vec::new(); app.functions().len()];
    for (i, unit) in units.iter().enumerate() {
        if placed.units[i].is_some() {
            present[unit.function].push(i);
        }
    }
    present
}

/// Each function's points in sweep order, and what each lacks (`None`: nothing).
type ByFunction = (Vec<Vec<Point>>, Vec<Option<Incomplete>>);

/// Each function's points in sweep order, and what each lacks.
///
/// # Errors
/// [`ShardError::Invalid`] when a function has no point at all (possible with `--partial` only).
fn by_function(app: &Application, units: &[fleet::SweepUnit], placed: Placed) -> Result<ByFunction, ShardError> {
    let n = app.functions().len();
    let mut points: Vec<Vec<Point>> = vec![Vec::new(); n];
    let (mut missing, mut total) = (vec![0usize; n], vec![0usize; n]);
    for (unit, result) in units.iter().zip(placed.units) {
        total[unit.function] += 1;
        match result {
            Some(p) => points[unit.function].push(p),
            None => missing[unit.function] += 1,
        }
    }
    let empty: Vec<&str> =
        (0..n).filter(|&i| points[i].is_empty()).map(|i| app.functions()[i].scenario().name()).collect();
    if !empty.is_empty() {
        return Err(ShardError::Invalid(format!(
            "--partial needs at least one setting of every function, and the shards given hold none of {}: give \
             more shards",
            empty.join(", ")
        )));
    }
    let gaps = (0..n)
        .map(|i| (missing[i] > 0).then_some(Incomplete { missing_units: missing[i], total_units: total[i] }))
        .collect();
    Ok((points, gaps))
}

/// The input gives as many units as the shards say it had.
fn check_units(plan: &Plan, h: &ShardHeader, first: &str) -> Result<(), ShardError> {
    if plan.ids.len() != h.total_units {
        return Err(ShardError::Invalid(format!(
            "'{first}' was computed from {} units, and the input '{}' has {} now: it changed since the shards ran",
            h.total_units,
            h.input.path.display(),
            plan.ids.len()
        )));
    }
    Ok(())
}

/// What is missing: nothing; or, with `--partial`, the count the report states; else the refusal listing it.
fn gaps(
    placed: &Placed,
    plan: &Plan,
    given: &BTreeSet<u32>,
    h: &ShardHeader,
    partial: bool,
) -> Result<Option<Incomplete>, ShardError> {
    let missing = placed.missing();
    if missing.is_empty() {
        return Ok(None);
    }
    let sentence = shard::describe_missing(&missing, plan, given, h.shards);
    if !partial {
        return Err(ShardError::Invalid(format!(
            "{sentence}; give every shard's file, or --partial to merge what there is into a report marked incomplete"
        )));
    }
    output::warn(format_args!("{sentence}; the report is marked incomplete (--partial)"));
    Ok(Some(Incomplete { missing_units: missing.len(), total_units: plan.ids.len() }))
}
