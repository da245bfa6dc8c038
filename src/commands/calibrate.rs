//! `costsim calibrate`: read logs and Power Tuning results, fit, print, write the scenario and the chart, and
//! run the sweep on the result.

use crate::report::terminal::Terminal;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;

use super::InputError;
use crate::calibrate::powertuning::{self, PowerTuning};
use crate::calibrate::{self, CalibrateOptions, Measurements, ScenarioOptions};
use crate::cli::CalibrateArgs;
use crate::diagnostic::{LocatedError, Location};
use crate::logs;
use crate::output;
use crate::pricing::Catalog;
use crate::recommend::recommend;
use crate::report::run::{RunFormat, RunReport};
use crate::scenario::Scenario;
use crate::sweep;
use crate::Architecture;

/// How much of an input is looked at to tell Power Tuning output from logs [bytes].
const PEEK_BYTES: u64 = 64 * 1024;
/// Malformed records listed on standard error per input; the rest are counted.
const LISTED_MALFORMED: usize = 10;

pub(super) fn run(args: CalibrateArgs, term: &Terminal) -> anyhow::Result<()> {
    let options = options(&args)?;
    let arch: Architecture = args.arch.parse().map_err(|e| InputError(format!("--arch: {e}")))?;
    let mut m = Measurements::default();
    let mut inputs = Vec::new();
    let mut tuning: Option<PowerTuning> = None;
    for input in &args.inputs {
        let (description, pt) = read_input(input, &mut m)?;
        inputs.push(description);
        if let Some(pt) = pt {
            tuning.get_or_insert(pt);
        }
    }
    let cal = calibrate::calibrate(&m, &options).map_err(|e| InputError(e.to_string()))?;
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("calibrated.toml"));
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| out.file_stem().map_or_else(|| "calibrated".into(), |s| s.to_string_lossy().into_owned()));
    let scenario_options = ScenarioOptions {
        name,
        inputs,
        measured_arch: arch,
        timeout_s: args.timeout_s,
        requests_per_second: args.requests_per_second,
        runtime: args.runtime.clone(),
        cpu_fraction: options.cpu_fraction,
        from_power_tuning: tuning.is_some() && m.reports() == 0,
    };
    output::print(&calibrate::render_text(&cal, &scenario_options)).context("cannot write to standard output")?;
    let text = calibrate::scenario_toml(&cal, &scenario_options);
    let catalog = super::load_catalog(args.pricing.as_deref())?;
    // Checked before anything is written: a bad --date must not leave a scenario behind.
    let date = super::billing_date(args.date.as_deref(), None)?;
    let shown = out.display().to_string();
    // The scenario must load as written: a failure here is costsim's bug, not the user's input.
    let scenario = Scenario::parse(&shown, &text, &catalog)
        .map_err(|e| anyhow::anyhow!("internal error: the calibrated scenario does not load: {e}"))?;
    output::write_atomic(&out, text.as_bytes())?;
    let chart_path = args.chart.clone().unwrap_or_else(|| out.with_extension("svg"));
    let svg = calibrate::chart::svg(&cal, &format!("{}: measured and fitted durations", scenario.name()))
        .map_err(|e| anyhow::anyhow!(e))?;
    output::write_atomic(&chart_path, svg.as_bytes())?;
    output::note(format_args!("wrote {} and {}", out.display(), chart_path.display()));
    if !args.no_run {
        sweep_and_compare(scenario, &catalog, date, arch, tuning.as_ref(), term)?;
    }
    Ok(())
}

fn options(args: &CalibrateArgs) -> Result<CalibrateOptions, InputError> {
    if !(args.headroom.is_finite() && (0.0..=1000.0).contains(&args.headroom)) {
        return Err(InputError(format!("--headroom must be between 0 and 1000 % (got {})", args.headroom)));
    }
    if !(args.cpu_fraction.is_finite() && (0.0..=1.0).contains(&args.cpu_fraction)) {
        return Err(InputError(format!("--cpu-fraction must be between 0 and 1 (got {})", args.cpu_fraction)));
    }
    if let Some(t) = args.timeout_s.filter(|t| !(1..=900).contains(t)) {
        return Err(InputError(format!("--timeout-s must be between 1 and 900 s (got {t})")));
    }
    if let Some(r) = args.requests_per_second.filter(|r| !(r.is_finite() && *r > 0.0 && *r <= 1e6)) {
        return Err(InputError(format!("--requests-per-second must be above 0 and at most 1,000,000 (got {r})")));
    }
    Ok(CalibrateOptions { headroom: args.headroom / 100.0, cpu_fraction: args.cpu_fraction })
}

/// Reads one input into `m`; returns a description for the scenario's header and the Power Tuning result if it
/// was one.
fn read_input(input: &str, m: &mut Measurements) -> anyhow::Result<(String, Option<PowerTuning>)> {
    if powertuning::is_link(input) && !Path::new(input).exists() {
        let pt = powertuning::from_link(input).map_err(|e| InputError(format!("Power Tuning link: {e}")))?;
        return Ok((add_power_tuning(&pt, m, "a Power Tuning link"), Some(pt)));
    }
    // The size of a regular file, so that a Power Tuning result over the limit is refused before it is read.
    let (name, reader, size): (String, Box<dyn Read>, Option<u64>) = if input == "-" {
        ("standard input".into(), Box::new(io::stdin().lock()), None)
    } else {
        let f = File::open(input).with_context(|| format!("cannot read '{input}'"))?;
        let size = f.metadata().ok().filter(std::fs::Metadata::is_file).map(|m| m.len());
        (input.to_string(), Box::new(f), size)
    };
    let mut reader = BufReader::new(reader);
    let mut head = Vec::new();
    (&mut reader).take(PEEK_BYTES).read_to_end(&mut head).with_context(|| format!("cannot read '{name}'"))?;
    let head_text = String::from_utf8_lossy(&head);
    let trimmed = head_text.trim();
    if powertuning::is_link(trimmed) && !trimmed.contains('\n') {
        let pt = powertuning::from_link(trimmed).map_err(|e| {
            let at = Location::at_offset(&name, &head_text, head_text.find(trimmed).unwrap_or(0));
            InputError(LocatedError::new(at, format!("Power Tuning link: {e}")).to_string())
        })?;
        return Ok((add_power_tuning(&pt, m, &name), Some(pt)));
    }
    if (trimmed.starts_with('{') || trimmed.starts_with('['))
        && ["\"stats\"", "stateMachine", "averageDuration"].iter().any(|k| trimmed.contains(k))
        && !trimmed.contains("\"events\"")
    {
        let limit = crate::limits::max_bytes(crate::limits::InputKind::PowerTuning);
        let too_large = || {
            InputError(format!(
                "{name}: larger than a Power Tuning result can be ({limit} bytes): not read; {} MB raises the limit",
                crate::limits::FLAG
            ))
        };
        if size.is_some_and(|s| s > limit) {
            return Err(too_large().into());
        }
        let mut all = head;
        // One byte more than the limit is read, to tell a file at the limit from a larger one.
        reader
            .take((limit + 1).saturating_sub(all.len() as u64))
            .read_to_end(&mut all)
            .with_context(|| format!("cannot read '{name}'"))?;
        if all.len() as u64 > limit {
            return Err(too_large().into());
        }
        let text = String::from_utf8_lossy(&all);
        let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            let mut l = LocatedError::from_json(&name, &text, &e);
            l.message = format!("not valid JSON Power Tuning output: {}", l.message);
            InputError(l.to_string())
        })?;
        if powertuning::is_output(&value) {
            let pt = powertuning::from_json(&value)
                .map_err(|e| InputError(LocatedError::at_pointer(&name, &text, &e.pointer, e.message).to_string()))?;
            return Ok((add_power_tuning(&pt, m, &name), Some(pt)));
        }
        drop(value);
        let text = text.into_owned();
        return read_logs(&name, io::Cursor::new(text.into_bytes()), m);
    }
    read_logs(&name, io::Cursor::new(head).chain(reader), m)
}

fn add_power_tuning(pt: &PowerTuning, m: &mut Measurements, name: &str) -> String {
    let run = &pt.runs[0];
    for r in &run.rows {
        m.add_mean(r.memory_mb, r.duration_ms);
    }
    if pt.runs.len() > 1 {
        output::warn(format!("{name}: a comparison of two runs; only the first is used"));
    }
    let sizes: Vec<String> = run.rows.iter().map(|r| r.memory_mb.to_string()).collect();
    format!("{name}: Power Tuning averages at {} MB", sizes.join(", "))
}

fn read_logs<R: BufRead>(name: &str, reader: R, m: &mut Measurements) -> anyhow::Result<(String, Option<PowerTuning>)> {
    let summary = logs::read_reports(reader, |r| m.add_report(&r)).with_context(|| format!("cannot read '{name}'"))?;
    let forms: Vec<&str> = summary.forms.iter().map(|f| f.describe()).collect();
    output::note(format_args!(
        "{name}: {} report(s){}, {} other line(s) skipped, {} malformed",
        summary.reports,
        if forms.is_empty() { String::new() } else { format!(" ({})", forms.join(", ")) },
        summary.skipped,
        summary.malformed_count
    ));
    if summary.reports == 0 {
        // Nothing but broken reports: the input is wrong, and the first fault says where.
        if let Some(first) = summary.malformed.first() {
            let more = summary.malformed_count - 1;
            let tail = if more > 0 {
                format!(" (and {more} more malformed record(s); no report could be read)")
            } else {
                String::new()
            };
            return Err(InputError(format!("{}{tail}", first.located(name))).into());
        }
    }
    for bad in summary.malformed.iter().take(LISTED_MALFORMED) {
        output::note(format_args!("  {}", bad.located(name)));
    }
    if summary.malformed_count > LISTED_MALFORMED as u64 {
        output::note(format_args!(
            "  … and {} more malformed record(s)",
            summary.malformed_count - LISTED_MALFORMED as u64
        ));
    }
    let description = format!("{name}: {} REPORT record(s), {} malformed", summary.reports, summary.malformed_count);
    Ok((description, None))
}

fn sweep_and_compare(
    scenario: Scenario,
    catalog: &Catalog,
    date: NaiveDate,
    arch: Architecture,
    tuning: Option<&PowerTuning>,
    term: &Terminal,
) -> anyhow::Result<()> {
    let points = sweep::run(&scenario, catalog, date)?;
    let same_arch: Vec<sweep::Point> = points.iter().filter(|p| p.architecture == arch).cloned().collect();
    let same = recommend(&same_arch, scenario.recommend());
    let report = RunReport::new(&scenario, scenario.source().to_string(), Vec::new(), catalog, date, points)?;
    let mut text =
        format!("\n Sweep of the calibrated scenario (assumptions above; written in {})\n", report.scenario.path);
    text.push_str(&report.render_for(RunFormat::Table, term));
    if let Some(pt) = tuning {
        text.push_str(&compare(pt, &same, arch));
    }
    output::print(&text).context("cannot write to standard output")?;
    Ok(())
}

fn compare(pt: &PowerTuning, costsim: &crate::recommend::Recommendations, arch: Architecture) -> String {
    let mb = |p: &Option<crate::recommend::Pick>| p.as_ref().map_or("–".into(), |p| format!("{} MB", p.memory_mb));
    let mut t = String::from("\n Power Tuning against costsim\n");
    if let Some(c) = pt.chosen {
        t.push_str(&format!(
            "   Power Tuning chose {} MB (its `power`, under the strategy it was run with)\n",
            c.memory_mb
        ));
    }
    if let Some(p) = powertuning::picks(&pt.runs[0]) {
        t.push_str(&format!(
            "   {:<10} {:>12} {:>12}\n   {:<10} {:>12} {:>12}\n   {:<10} {:>12} {:>12}\n   {:<10} {:>12} {:>12}\n",
            "strategy",
            "Power Tuning",
            format!("costsim {arch}"),
            "cost",
            format!("{} MB", p.cost),
            mb(&costsim.cost),
            "speed",
            format!("{} MB", p.speed),
            mb(&costsim.speed),
            "balanced",
            format!("{} MB", p.balanced),
            mb(&costsim.balanced),
        ));
    }
    t.push_str(
        "   Power Tuning ranks its measured sizes by duration price alone (no request charge, free tier or INIT) from \
         trimmed means;\n   costsim prices a month of simulated traffic, cold starts included, on the fitted model, at every size\n   \
         of the sweep (sizes Power Tuning did not measure are predictions).\n",
    );
    t
}
