//! `costsim run APP --baseline-only`: the first stage of a two-stage scale-out. Today's account of an
//! application is simulated once and written as a baseline file, which every `--shard K/N --baseline FILE` and
//! the merge read instead of each simulating it again (about a tenth of a shard's work on scenarios/shop.toml).

use std::path::Path;

use anyhow::Context;

use super::run::{is_application, load_options, run_options};
use super::shard::{catalog_identity, trace_error};
use super::InputError;
use crate::cli::RunArgs;
use crate::fleet;
use crate::output;
use crate::pricing::Catalog;
use crate::scenario::Application;
use crate::shard::{
    hash, BaselineFile, BaselineHeader, InputInfo, InputKind, BASELINE_FORMAT, BASELINE_FORMAT_VERSION,
};

pub(super) fn run(args: &RunArgs, catalog: &Catalog, jobs: usize) -> anyhow::Result<()> {
    let out = check_args(args)?;
    let opts = run_options(args);
    let app = Application::load_with(&args.scenario, catalog, &load_options(&opts))?;
    let date = super::billing_date(args.date.as_deref(), app.date())?;
    let sha256 = hash::application(&app).map_err(trace_error)?;
    let header = BaselineHeader {
        format: BASELINE_FORMAT.to_string(),
        format_version: BASELINE_FORMAT_VERSION,
        costsim_version: env!("CARGO_PKG_VERSION").to_string(),
        input: InputInfo { kind: InputKind::Application, path: args.scenario.clone(), sha256 },
        catalog: catalog_identity(opts.pricing.as_deref(), catalog)?,
        options: opts,
        seed: app.seed(),
        date,
    };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build().context("cannot start worker threads")?;
    let baseline = pool.install(|| fleet::baseline(&app));
    let file = BaselineFile { header, baseline };
    output::write_atomic_with(out, |w| file.write(w))?;
    if !args.quiet {
        output::note(format_args!(
            "wrote today's account of '{}' to {}; give it to every shard and to the merge with --baseline {}",
            app.name(),
            out.display(),
            out.display()
        ));
    }
    Ok(())
}

/// The output file, once the arguments are known to make a baseline: an application, `--out FILE`, no report
/// options.
///
/// # Errors
/// [`InputError`] saying what to give instead; [`output::OutputError::IsAFolder`] for `--out` naming a folder.
fn check_args(args: &RunArgs) -> anyhow::Result<&Path> {
    let Some(out) = args.out.as_deref() else {
        return Err(InputError(
            "--baseline-only writes a baseline file: give --out FILE (e.g. --out base.json)".into(),
        )
        .into());
    };
    if args.png {
        return Err(InputError("--png is for the report: give it to `costsim merge`".into()).into());
    }
    if out.is_dir() {
        return Err(output::OutputError::IsAFolder { path: out.to_path_buf() }.into());
    }
    // An input that cannot be read is the application loader's to report, not a scenario.
    if args.scenario.is_file() && !is_application(&args.scenario) {
        return Err(InputError(format!(
            "--baseline-only computes an application's account at today's settings: '{}' is a scenario, whose \
             shards need none",
            args.scenario.display()
        ))
        .into());
    }
    Ok(out)
}
