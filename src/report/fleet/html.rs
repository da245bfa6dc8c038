//! The fleet report as one self-contained HTML page (`index.html`).

use super::FleetReport;

pub(super) fn render(r: &FleetReport, _charts: &[(String, String)]) -> String {
    format!("<!doctype html><title>{}</title><pre>{}</pre>", r.application.name, r.render(super::FleetFormat::Table))
}
