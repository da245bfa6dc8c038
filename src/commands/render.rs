//! `costsim render`: any output of a saved run, from its report.json, without simulating again.

use super::saved::Saved;
use crate::cli::{RenderArgs, RenderFormat};
use crate::output::{self, Staging};
use crate::report::charts::Chart;
use crate::report::fleet::{FleetFormat, FleetReport};
use crate::report::png::Rasteriser;
use crate::report::run::{charts, RunFormat, CHARTS_FOLDER};
use crate::report::terminal::Terminal;

pub(super) fn run(args: RenderArgs, term: &Terminal) -> anyhow::Result<()> {
    let term = super::layout_for(args.out.as_deref(), term);
    let report = match super::saved::read(&args.report)? {
        Saved::Fleet(report) => return fleet(&args, &report, &term),
        Saved::Run(report) => report,
    };
    let text = match args.format {
        RenderFormat::Table => report.render_for(RunFormat::Table, &term),
        RenderFormat::Csv => report.render(RunFormat::Csv),
        RenderFormat::Json => report.render(RunFormat::Json),
        RenderFormat::Md => report.render(RunFormat::Markdown),
        RenderFormat::Html => report.html(&charts(&report)),
        RenderFormat::Svg | RenderFormat::Png => return write_charts(&args, charts(&report)),
    };
    emit(&args, &text)
}

/// `render` of a fleet report: its table, CSV, JSON, Markdown, page or charts.
fn fleet(args: &RenderArgs, report: &FleetReport, term: &Terminal) -> anyhow::Result<()> {
    let text = match args.format {
        RenderFormat::Table => report.render_for(FleetFormat::Table, term),
        RenderFormat::Csv => report.render(FleetFormat::Csv),
        RenderFormat::Json => report.render(FleetFormat::Json),
        RenderFormat::Md => report.render(FleetFormat::Markdown),
        RenderFormat::Html => report.html(&crate::report::charts::fleet(report)),
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
        RenderFormat::Png => Some(Rasteriser::new()),
        _ => None,
    };
    // The charts folder is replaced as one unit, like the report folder it usually sits in.
    let staging = Staging::create(&dir, CHARTS_FOLDER)?;
    let mut written = Vec::new();
    for c in charts {
        let (name, bytes) = match &rasteriser {
            Some(r) => (c.file_name().replace(".svg", ".png"), r.png(&c.svg).map_err(anyhow::Error::msg)?),
            None => (c.file_name().to_string(), c.svg.into_bytes()),
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
    super::emit(args.out.as_deref(), text)
}
