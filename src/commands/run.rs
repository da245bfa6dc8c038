//! `costsim run`: load, simulate the sweep in parallel, recommend, print and write the report folder.

use std::path::PathBuf;

use anyhow::Context;
use chrono::NaiveDate;

use super::InputError;
use crate::cli::RunArgs;
use crate::output;
use crate::pricing::Catalog;
use crate::recommend::recommend;
use crate::report::run::{RunFormat, RunReport};
use crate::scenario::{parse_memory_sizes, Scenario};
use crate::sweep;

pub(super) fn run(args: RunArgs) -> anyhow::Result<()> {
    let catalog = match &args.pricing {
        Some(path) => Catalog::load(path)?,
        None => Catalog::built_in(),
    };
    if catalog.billing.granularity_ms != 1 {
        return Err(InputError(format!(
            "the catalog bills in {} ms steps; the simulator bills per 1 ms (use a catalog with granularity_ms = 1)",
            catalog.billing.granularity_ms
        ))
        .into());
    }
    let mut scenario = Scenario::load(&args.scenario, &catalog)?;
    apply_overrides(&mut scenario, &args)?;
    let date = match &args.date {
        Some(d) => NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
            .map_err(|_| InputError(format!("--date must be a date written YYYY-MM-DD (got '{d}')")))?,
        None => scenario.date.unwrap_or_else(|| chrono::Local::now().date_naive()),
    };
    let out_dir = args.out.clone().unwrap_or_else(|| PathBuf::from("reports").join(&scenario.name));
    // Fail before simulating, not after: the report folder must be writable.
    std::fs::create_dir_all(&out_dir)
        .with_context(|| format!("cannot create report folder '{}'", out_dir.display()))?;

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let points = pool.install(|| sweep::run(&scenario, &catalog, date))?;
    if let Some(e) = scenario.traffic.trace().and_then(|t| t.stream_error()) {
        anyhow::bail!("the trace could not be replayed (did it change after loading?): {e}");
    }
    let recommendations = recommend(&points, &scenario.recommend);
    let mut warnings: Vec<String> = Vec::new();
    for p in &points {
        for w in &p.bill.warnings {
            if !warnings.contains(w) {
                warnings.push(w.clone());
            }
        }
    }
    if points.iter().all(|p| !p.feasible) {
        warnings.push(format!(
            "no memory size in the sweep reaches required_memory_mb = {} MB: every point runs out of memory",
            scenario.required_memory_mb
        ));
    }
    let report = RunReport {
        costsim_version: env!("CARGO_PKG_VERSION").to_string(),
        date,
        catalog: catalog.origin().to_string(),
        scenario,
        points,
        recommendations,
        warnings,
    };
    let csv_path = out_dir.join("sweep.csv");
    let json_path = out_dir.join("report.json");
    output::write_atomic(&csv_path, report.render(RunFormat::Csv).as_bytes())?;
    output::write_atomic(&json_path, report.render(RunFormat::Json).as_bytes())?;
    if !args.quiet {
        output::print(&report.render(args.format)).context("cannot write to standard output")?;
        for w in &report.warnings {
            output::warn(w);
        }
        eprintln!("wrote {} and {}", csv_path.display(), json_path.display());
    }
    Ok(())
}

fn apply_overrides(s: &mut Scenario, args: &RunArgs) -> Result<(), InputError> {
    if let Some(seed) = args.seed {
        s.seed = seed;
    }
    if let Some(m) = &args.memory {
        s.memory_mb = parse_memory_sizes(m).map_err(|e| InputError(format!("--memory {e}")))?;
    }
    if let Some(a) = &args.arch {
        let mut archs = Vec::new();
        for name in a.split(',') {
            let arch = name.parse().map_err(|e| InputError(format!("--arch: {e}")))?;
            if !archs.contains(&arch) {
                archs.push(arch);
            }
        }
        archs.sort();
        s.architectures = archs;
    }
    if let Some(r) = args.replications {
        if !(1..=100).contains(&r) {
            return Err(InputError(format!("--replications must be between 1 and 100 (got {r})")));
        }
        s.replications = r;
    }
    if let Some(h) = args.horizon_hours {
        if !(1..=730).contains(&h) {
            return Err(InputError(format!("--horizon-hours must be between 1 and 730 (got {h})")));
        }
        s.horizon_hours = h;
    }
    if args.jobs == Some(0) {
        return Err(InputError("--jobs must be at least 1".into()));
    }
    Ok(())
}
