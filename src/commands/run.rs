//! `costsim run`: load, simulate the sweep in parallel, recommend, print and write the report folder.

use std::path::PathBuf;

use anyhow::Context;
use chrono::NaiveDate;

use super::InputError;
use crate::cli::RunArgs;
use crate::output;
use crate::pricing::Catalog;
use crate::report::png::Rasteriser;
use crate::report::run::{write_folder, RunReport};
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
    let source = std::fs::read_to_string(&args.scenario).unwrap_or_default();
    let overrides = apply_overrides(&mut scenario, &args)?;
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
    let bar = progress_bar(args.quiet, scenario.memory_mb.len() * scenario.architectures.len());
    let points = pool.install(|| sweep::run_with_progress(&scenario, &catalog, date, &|| bar.inc(1)))?;
    bar.finish_and_clear();
    if let Some(e) = scenario.traffic.trace().and_then(|t| t.stream_error()) {
        anyhow::bail!("the trace could not be replayed (did it change after loading?): {e}");
    }
    let report = RunReport::new(&scenario, source, overrides, &catalog, date, points)?;
    let rasteriser = if args.png { Some(Rasteriser::new().map_err(anyhow::Error::msg)?) } else { None };
    write_folder(&report, &out_dir, rasteriser.as_ref())?;
    if !args.quiet {
        output::print(&report.render(args.format)).context("cannot write to standard output")?;
        for w in &report.warnings {
            output::warn(&w.to_string());
        }
        eprintln!("report: {}", out_dir.join("index.html").display());
        eprintln!("also:   sweep.csv, report.json, summary.md, charts/ in {}", out_dir.display());
    }
    Ok(())
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

/// Applies the command-line overrides; returns them as the user wrote them, for the report.
fn apply_overrides(s: &mut Scenario, args: &RunArgs) -> Result<Vec<String>, InputError> {
    let mut applied = Vec::new();
    if let Some(seed) = args.seed {
        s.seed = seed;
        applied.push(format!("--seed {seed}"));
    }
    if let Some(m) = &args.memory {
        s.memory_mb = parse_memory_sizes(m).map_err(|e| InputError(format!("--memory {e}")))?;
        applied.push(format!("--memory {m}"));
    }
    if let Some(a) = &args.arch {
        applied.push(format!("--arch {a}"));
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
        applied.push(format!("--replications {r}"));
    }
    if let Some(h) = args.horizon_hours {
        if !(1..=730).contains(&h) {
            return Err(InputError(format!("--horizon-hours must be between 1 and 730 (got {h})")));
        }
        s.horizon_hours = h;
        applied.push(format!("--horizon-hours {h}"));
    }
    if args.jobs == Some(0) {
        return Err(InputError("--jobs must be at least 1".into()));
    }
    if let Some(d) = &args.date {
        applied.push(format!("--date {d}"));
    }
    Ok(applied)
}
