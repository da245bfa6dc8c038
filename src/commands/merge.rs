//! `costsim merge`: shard files back into the report folder one machine writes, through the same builder as
//! `costsim run`.

use std::collections::BTreeSet;

use anyhow::Context;

use super::run::{check_catalog, load_options, publish_fleet, publish_scenario, Target, View};
use super::shard::{catalog_identity, trace_error};
use crate::cli::MergeArgs;
use crate::fleet;
use crate::output;
use crate::report::fleet::FLEET_FOLDER;
use crate::report::run::{Incomplete, REPORT_FOLDER};
use crate::scenario::{Application, Scenario};
use crate::shard::{self, hash, InputKind, Placed, Plan, ShardError, ShardHeader};
use crate::sweep::Point;

pub(super) fn run(args: MergeArgs) -> anyhow::Result<()> {
    let files = shard::read_all(&args.inputs)?;
    shard::check_same(&files)?;
    let h: ShardHeader = files[0].file.header.clone();
    let given: BTreeSet<u32> = files.iter().map(|l| l.file.header.shard).collect();
    let catalog = super::load_catalog(h.options.pricing.as_deref())?;
    check_catalog(&catalog)?;
    let id = catalog_identity(h.options.pricing.as_deref(), &catalog)?;
    if id.sha256 != h.catalog.sha256 {
        return Err(ShardError::Invalid(format!(
            "the catalog '{}' changed since the shards ran (sha256 {} now, {} in '{}'): merge with the catalog they \
             priced with",
            id.origin,
            id.sha256,
            h.catalog.sha256,
            files[0].path.display()
        ))
        .into());
    }
    let (jobs, capped) = super::worker_threads(args.jobs)?;
    if let Some(message) = capped.filter(|_| !args.quiet) {
        output::warn(&message);
    }
    let options = load_options(&h.options);
    let view = View { quiet: args.quiet, format: args.format };
    let first = files[0].path.display().to_string();
    let changed = |now: String| {
        ShardError::Invalid(format!(
            "the input '{}' is not what the shards computed: its files changed since (sha256 {now} now, {} in \
             '{first}')",
            h.input.path.display(),
            h.input.sha256
        ))
    };
    match h.input.kind {
        InputKind::Scenario => {
            let scenario = Scenario::load_with(&h.input.path, &catalog, &options)?;
            let now = hash::scenario(&scenario).map_err(trace_error)?;
            if now != h.input.sha256 || scenario.seed() != h.seed {
                return Err(changed(now).into());
            }
            let plan = Plan::scenario(&scenario, h.shards);
            check_units(&plan, &h, &first)?;
            let target = Target::create(args.out.as_deref(), scenario.name(), REPORT_FOLDER, args.png)?;
            let placed = shard::place(files, &plan)?;
            let incomplete = gaps(&placed, &plan, &given, &h, args.partial)?;
            let points: Vec<Point> =
                placed.units.into_iter().flatten().map(|u| Point { timeline: u.timeline, ..u.point }).collect();
            if points.is_empty() {
                return Err(ShardError::Invalid("the shard files hold no unit: nothing to merge".into()).into());
            }
            publish_scenario(&scenario, &catalog, h.date, &h.options, points, target, view, |r| {
                r.incomplete = incomplete
            })
        }
        InputKind::Application => {
            let app = Application::load_with(&h.input.path, &catalog, &options)?;
            let now = hash::application(&app).map_err(trace_error)?;
            if now != h.input.sha256 || app.seed() != h.seed {
                return Err(changed(now).into());
            }
            let plan = Plan::application(&app, h.shards);
            check_units(&plan, &h, &first)?;
            let target = Target::create(args.out.as_deref(), app.name(), FLEET_FOLDER, args.png)?;
            let placed = shard::place(files, &plan)?;
            let incomplete = gaps(&placed, &plan, &given, &h, args.partial)?;
            let units = fleet::sweep_units(&app);
            let n = app.functions().len();
            let mut points: Vec<Vec<Point>> = vec![Vec::new(); n];
            let mut missing = vec![0usize; n];
            let mut total = vec![0usize; n];
            for (unit, result) in units.iter().zip(placed.units) {
                total[unit.function] += 1;
                match result {
                    Some(u) => points[unit.function].push(Point { timeline: u.timeline, ..u.point }),
                    None => missing[unit.function] += 1,
                }
            }
            let empty: Vec<&str> =
                (0..n).filter(|&i| points[i].is_empty()).map(|i| app.functions()[i].scenario().name()).collect();
            if !empty.is_empty() {
                return Err(ShardError::Invalid(format!(
                    "--partial needs at least one setting of every function, and the shards given hold none of {}: \
                     give more shards",
                    empty.join(", ")
                ))
                .into());
            }
            let pool =
                rayon::ThreadPoolBuilder::new().num_threads(jobs).build().context("cannot start worker threads")?;
            // Today's account and the adopted set together are simulated here, once: they need every function's
            // recommendation, which only the merge has.
            let base = pool.install(|| fleet::baseline(&app));
            let result = pool.install(|| fleet::finish(&app, &catalog, h.date, base, points))?;
            publish_fleet(&app, &catalog, h.date, &h.options, result, &pool, target, view, |r| {
                r.incomplete = incomplete;
                for (i, d) in r.details.iter_mut().enumerate() {
                    d.incomplete =
                        (missing[i] > 0).then_some(Incomplete { missing_units: missing[i], total_units: total[i] });
                }
            })
        }
    }
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
