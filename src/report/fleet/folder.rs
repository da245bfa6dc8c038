//! The fleet report folder: `index.html`, `fleet.csv`, `report.json`, `summary.md`, `charts/`, and each
//! function's own report in `functions/<name>/`, written as one unit.

use std::path::{Path, PathBuf};

use super::{FleetFormat, FleetReport};
use crate::output::{Layout, Staging};
use crate::report::png::Rasteriser;
use crate::report::run::{report_entry, write_into_at, FolderError};

/// What a fleet report folder holds; an existing folder with anything else is not replaced.
pub const FLEET_FOLDER: Layout = Layout { what: "costsim fleet report folder", owns: fleet_entry };

fn fleet_entry(relative: &Path) -> bool {
    let mut parts = relative.components();
    match parts.next().map(|c| c.as_os_str().to_string_lossy().into_owned()).as_deref() {
        Some("functions") => match parts.next() {
            None => true,
            Some(_name) => {
                let rest: PathBuf = parts.collect();
                rest.as_os_str().is_empty() || report_entry(&rest)
            }
        },
        Some("fleet.csv" | "report.json" | "summary.md" | "index.html") => parts.next().is_none(),
        Some("charts") => report_entry(relative),
        _ => false,
    }
}

/// Writes the fleet report's files, and every function's report under `functions/<name>/`, into `staging`.
///
/// # Errors
/// [`FolderError`]: a chart that does not rasterise, or a write that failed.
pub fn write_into(r: &FleetReport, staging: &Staging, png: Option<&Rasteriser>) -> Result<Vec<PathBuf>, FolderError> {
    let charts = crate::report::charts::fleet(r);
    let mut written = vec![
        staging.write(Path::new("fleet.csv"), r.render(FleetFormat::Csv).as_bytes())?,
        // Streamed: every function's points, twice (the review's and each function's report), were a
        // `serde_json::Value` tree of gigabytes before a byte was written.
        staging.write_with(Path::new("report.json"), |w| crate::report::run::write_pretty(w, r))?,
        staging.write(Path::new("summary.md"), r.render(FleetFormat::Markdown).as_bytes())?,
        staging.write(Path::new("index.html"), r.html(&charts).as_bytes())?,
    ];
    for c in &charts {
        written.push(staging.write(&Path::new("charts").join(c.file_name()), c.svg.as_bytes())?);
        if let Some(p) = png {
            let bytes = p.png(&c.svg).map_err(FolderError::Png)?;
            written.push(staging.write(&Path::new("charts").join(c.file_name().replace(".svg", ".png")), &bytes)?);
        }
    }
    for d in &r.details {
        written.extend(write_into_at(d, staging, &Path::new("functions").join(&d.scenario.name), png)?);
    }
    Ok(written)
}
