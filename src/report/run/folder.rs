//! The report folder: everything `costsim run` leaves for a capacity review, each file written whole or not at all.

use std::io;
use std::path::{Path, PathBuf};

use super::{RunFormat, RunReport};
use crate::output::write_atomic;

/// One chart of a report: its file name (`power-tuning.svg`), title and SVG document.
#[derive(Debug, Clone)]
pub struct ChartFile {
    /// File name inside `charts/`.
    pub file_name: String,
    /// Caption.
    pub title: String,
    /// The SVG document.
    pub svg: String,
}

/// Every chart of `report`.
pub fn charts(report: &RunReport) -> Vec<ChartFile> {
    let _ = report;
    Vec::new()
}

/// Writes `sweep.csv`, `report.json`, `summary.md`, `index.html` and `charts/*.svg` into `dir`.
/// Returns the files written.
///
/// # Errors
/// The first I/O error, naming the file.
pub fn write_folder(report: &RunReport, dir: &Path) -> io::Result<Vec<PathBuf>> {
    let charts = charts(report);
    let inline: Vec<(String, String)> = charts.iter().map(|c| (c.title.clone(), c.svg.clone())).collect();
    let mut files = vec![
        (dir.join("sweep.csv"), report.render(RunFormat::Csv)),
        (dir.join("report.json"), report.render(RunFormat::Json)),
        (dir.join("summary.md"), report.render(RunFormat::Markdown)),
        (dir.join("index.html"), report.html(&inline)),
    ];
    files.extend(charts.into_iter().map(|c| (dir.join("charts").join(c.file_name), c.svg)));
    for (path, text) in &files {
        write_atomic(path, text.as_bytes())?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}
