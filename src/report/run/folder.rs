//! The report folder: everything `costsim run` leaves for a capacity review, written as one unit — a reader sees
//! the previous report or the new one, whole, never a mix.

use std::path::{Path, PathBuf};

use super::{RunFormat, RunReport};
use crate::output::{Layout, OutputError, Staging};
use crate::report::charts::Chart;
use crate::report::png::Rasteriser;

/// What a report folder holds; an existing folder with anything else is not replaced.
pub const REPORT_FOLDER: Layout = Layout { what: "costsim report folder", owns: report_entry };

/// What a charts folder (`render --format svg|png`) holds.
pub const CHARTS_FOLDER: Layout = Layout { what: "costsim charts folder", owns: chart_file };

/// Whether `relative` is an entry of a single run's report folder.
pub(crate) fn report_entry(relative: &Path) -> bool {
    let top = ["sweep.csv", "report.json", "summary.md", "index.html", "charts"];
    match relative.parent() {
        Some(p) if p == Path::new("charts") => chart_file(Path::new(relative.file_name().unwrap_or_default())),
        _ => top.iter().any(|n| relative == Path::new(n)),
    }
}

fn chart_file(relative: &Path) -> bool {
    relative.parent() == Some(Path::new(""))
        && relative.extension().is_some_and(|e| e == "svg" || e == "png")
        && !relative.to_string_lossy().starts_with('.')
}

/// Every chart of `report`, in the report's order.
pub fn charts(report: &RunReport) -> Vec<Chart> {
    crate::report::charts::all(report)
}

/// Writes `sweep.csv`, `report.json`, `summary.md`, `index.html` and `charts/*.svg` as the folder `dir`, and
/// `charts/*.png` when given a rasteriser, replacing the previous report there in one step. Returns the files
/// written. To check the folder before a long computation, use [`Staging::create`] then [`write_into`].
///
/// # Errors
/// [`FolderError`]; the previous report, if any, is then left as it was.
pub fn write_folder(report: &RunReport, dir: &Path, png: Option<&Rasteriser>) -> Result<Vec<PathBuf>, FolderError> {
    let staging = Staging::create(dir, REPORT_FOLDER)?;
    let written = write_into(report, &staging, png)?;
    staging.publish()?;
    Ok(written)
}

/// Writes the report's files into `staging` (published by the caller). Returns the paths they will have.
///
/// # Errors
/// [`FolderError`]: a chart that does not rasterise, or a write that failed.
pub fn write_into(
    report: &RunReport,
    staging: &Staging,
    png: Option<&Rasteriser>,
) -> Result<Vec<PathBuf>, FolderError> {
    write_into_at(report, staging, Path::new(""), png)
}

/// As [`write_into`], into the folder `at` of `staging` (an application's `functions/<name>/`).
///
/// # Errors
/// As [`write_into`].
pub fn write_into_at(
    report: &RunReport,
    staging: &Staging,
    at: &Path,
    png: Option<&Rasteriser>,
) -> Result<Vec<PathBuf>, FolderError> {
    let charts = charts(report);
    let mut written = vec![
        staging.write(&at.join("sweep.csv"), report.render(RunFormat::Csv).as_bytes())?,
        // Streamed: the JSON of every point is never held whole (a sweep of 20,000 sizes is 50 MB of it).
        staging.write_with(&at.join("report.json"), |w| super::write_pretty(w, report))?,
        staging.write(&at.join("summary.md"), report.render(RunFormat::Markdown).as_bytes())?,
        staging.write(&at.join("index.html"), report.html(&charts).as_bytes())?,
    ];
    let folder = at.join("charts");
    for c in &charts {
        written.push(staging.write(&folder.join(c.file_name()), c.svg.as_bytes())?);
        if let Some(r) = png {
            let bytes = r.png(&c.svg).map_err(FolderError::Png)?;
            written.push(staging.write(&folder.join(c.file_name().replace(".svg", ".png")), &bytes)?);
        }
    }
    Ok(written)
}

/// Why a report folder was not written.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    /// The folder could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// A chart could not be turned into PNG.
    #[error("{0}")]
    Png(String),
}
