//! `costsim render`: any output of a saved run, from its report.json, without simulating again.

use std::io::Read;

use anyhow::Context;

use crate::cli::{RenderArgs, RenderFormat};
use crate::limits::{max_bytes, InputKind};
use crate::output::{self, Staging};
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
        RenderFormat::Svg | RenderFormat::Png => {
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
            for c in charts(&report) {
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
            return Ok(());
        }
    };
    match &args.out {
        Some(path) => {
            output::write_atomic(path, text.as_bytes())?;
            output::note(format_args!("wrote {}", path.display()));
            Ok(())
        }
        None => output::print(&text).context("cannot write to standard output"),
    }
}
