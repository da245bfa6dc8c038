//! The report folder: everything `costsim run` leaves for a capacity review, each file written whole or not at all.

use std::io;
use std::path::{Path, PathBuf};

use super::{RunFormat, RunReport};
use crate::output::write_atomic;
use crate::report::charts::Chart;
use crate::report::png::Rasteriser;

/// Every chart of `report`, in the report's order.
pub fn charts(report: &RunReport) -> Vec<Chart> {
    crate::report::charts::all(report)
}

/// Writes `sweep.csv`, `report.json`, `summary.md`, `index.html` and `charts/*.svg` into `dir`, and
/// `charts/*.png` when given a rasteriser. Returns the files written.
///
/// # Errors
/// The first I/O error, naming the file.
pub fn write_folder(report: &RunReport, dir: &Path, png: Option<&Rasteriser>) -> io::Result<Vec<PathBuf>> {
    let charts = charts(report);
    let inline: Vec<(String, String)> = charts.iter().map(|c| (c.title.clone(), c.svg.clone())).collect();
    let mut files = vec![
        (dir.join("sweep.csv"), report.render(RunFormat::Csv)),
        (dir.join("report.json"), report.render(RunFormat::Json)),
        (dir.join("summary.md"), report.render(RunFormat::Markdown)),
        (dir.join("index.html"), report.html(&inline)),
    ];
    let mut written = Vec::new();
    for c in &charts {
        if let Some(r) = png {
            let bytes = r.png(&c.svg).map_err(io::Error::other)?;
            let path = dir.join("charts").join(c.file_name.replace(".svg", ".png"));
            write_atomic(&path, &bytes)?;
            written.push(path);
        }
    }
    files.extend(charts.into_iter().map(|c| (dir.join("charts").join(c.file_name), c.svg)));
    for (path, text) in &files {
        write_atomic(path, text.as_bytes())?;
    }
    written.extend(files.into_iter().map(|(p, _)| p));
    Ok(written)
}
