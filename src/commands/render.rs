//! `costsim render`: any output of a saved run, from its report.json, without simulating again.

use std::io::Read;

use anyhow::Context;

use crate::cli::{RenderArgs, RenderFormat};
use crate::limits::{max_bytes, InputKind};
use crate::output::{self, Staging};
use crate::report::charts::Chart;
use crate::report::fleet::{FleetFormat, FleetReport, FLEET_KIND};
use crate::report::png::Rasteriser;
use crate::report::run::{charts, ReportError, RunFormat, RunReport, CHARTS_FOLDER};

pub(super) fn run(args: RenderArgs) -> anyhow::Result<()> {
    let shown = args.report.display().to_string();
    // The size is checked before reading, so that a huge file is refused without being read into memory.
    let bytes = std::fs::metadata(&args.report).with_context(|| format!("cannot read '{shown}'"))?.len();
    let limit = max_bytes(InputKind::Report);
    if bytes > limit {
        return Err(ReportError::TooLarge { path: shown, bytes, limit }.into());
    }
    let mut text = String::new();
    std::fs::File::open(&args.report)
        .and_then(|f| f.take(limit + 1).read_to_string(&mut text))
        .with_context(|| format!("cannot read '{shown}'"))?;
    // A fleet report (an application review) or a single run's, by its "kind"; anything else is read as a run's
    // report, whose reader says what is wrong with it.
    #[derive(serde::Deserialize)]
    struct Kind {
        kind: Option<String>,
    }
    let kind = serde_json::from_str::<Kind>(&text).ok().and_then(|k| k.kind);
    if kind.as_deref() == Some(FLEET_KIND) {
        return fleet(&args, &FleetReport::from_json(&shown, &text)?);
    }
    let report = RunReport::from_json(&shown, &text)?;
    let text = match args.format {
        RenderFormat::Table => report.render(RunFormat::Table),
        RenderFormat::Csv => report.render(RunFormat::Csv),
        RenderFormat::Json => report.render(RunFormat::Json),
        RenderFormat::Md => report.render(RunFormat::Markdown),
        RenderFormat::Html => {
            let inline: Vec<(String, String)> = charts(&report).into_iter().map(|c| (c.title, c.svg)).collect();
            report.html(&inline)
        }
        RenderFormat::Svg | RenderFormat::Png => return write_charts(&args, charts(&report)),
    };
    emit(&args, &text)
}

/// `render` of a fleet report: its table, CSV, JSON, Markdown, page or charts.
fn fleet(args: &RenderArgs, report: &FleetReport) -> anyhow::Result<()> {
    let text = match args.format {
        RenderFormat::Table => report.render(FleetFormat::Table),
        RenderFormat::Csv => report.render(FleetFormat::Csv),
        RenderFormat::Json => report.render(FleetFormat::Json),
        RenderFormat::Md => report.render(FleetFormat::Markdown),
        RenderFormat::Html => {
            let inline: Vec<(String, String)> =
                crate::report::charts::fleet(report).into_iter().map(|c| (c.title, c.svg)).collect();
            report.html(&inline)
        }
        RenderFormat::Svg | RenderFormat::Png => return write_charts(args, crate::report::charts::fleet(report)),
    };
    emit(args, &text)
}

/// Writes `charts` as SVG (or PNG) files into `--out`, or `charts/` beside the report, replacing that folder.
fn write_charts(args: &RenderArgs, charts: Vec<Chart>) -> anyhow::Result<()> {
    let dir = match &args.out {
        Some(d) => d.clone(),
        None => args.report.parent().unwrap_or(std::path::Path::new(".")).join("charts"),
    };
    let rasteriser = match args.format {
        RenderFormat::Png => Some(Rasteriser::new().map_err(anyhow::Error::msg)?),
        _ => None,
    };
    // The charts folder is replaced as one unit, like the report folder it usually sits in.
    let staging = Staging::create(&dir, CHARTS_FOLDER)?;
    let mut written = Vec::new();
    for c in charts {
        let (name, bytes) = match &rasteriser {
            Some(r) => (c.file_name.replace(".svg", ".png"), r.png(&c.svg).map_err(anyhow::Error::msg)?),
            None => (c.file_name.to_string(), c.svg.into_bytes()),
        };
        written.push(staging.write(std::path::Path::new(&name), &bytes)?);
    }
    staging.publish()?;
    for path in written {
        output::note(format_args!("wrote {}", path.display()));
    }
    Ok(())
}

/// Writes `text` to `--out`, or standard output.
fn emit(args: &RenderArgs, text: &str) -> anyhow::Result<()> {
    match &args.out {
        Some(path) => {
            output::write_atomic(path, text.as_bytes())?;
            output::note(format_args!("wrote {}", path.display()));
            Ok(())
        }
        None => output::print(text).context("cannot write to standard output"),
    }
}
