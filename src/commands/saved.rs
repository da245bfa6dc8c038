//! Reading a saved report.json back (`render`, `diff`): refused unread above the size limit, then told apart by
//! its `kind` and checked by its reader.

use std::io::Read;
use std::path::Path;

use anyhow::Context;

use crate::limits::{max_bytes, InputKind};
use crate::report::fleet::{FleetReport, FLEET_KIND};
use crate::report::run::{ReportError, RunReport};

/// A saved report of either kind.
#[derive(Debug)]
pub(super) enum Saved {
    /// One function's sweep (`costsim.run`).
    Run(Box<RunReport>),
    /// An application review (`costsim.fleet`).
    Fleet(Box<FleetReport>),
}

/// Reads the report at `path`, which messages name as it was given. A fleet report by its `kind`; anything else
/// is read as a run's report, whose reader says what is wrong with it.
///
/// # Errors
/// [`ReportError`] for a file too large or not a costsim report (with `path:line:col`); an I/O error otherwise.
pub(super) fn read(path: &Path) -> anyhow::Result<Saved> {
    let shown = path.display().to_string();
    // The size is checked before reading, so that a huge file is refused without being read into memory.
    let bytes = std::fs::metadata(path).with_context(|| format!("cannot read '{shown}'"))?.len();
    let limit = max_bytes(InputKind::Report);
    if bytes > limit {
        return Err(ReportError::TooLarge { path: shown, bytes, limit }.into());
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_string(&mut text))
        .with_context(|| format!("cannot read '{shown}'"))?;
    #[derive(serde::Deserialize)]
    struct Kind {
        kind: Option<String>,
    }
    let kind = serde_json::from_str::<Kind>(&text).ok().and_then(|k| k.kind);
    if kind.as_deref() == Some(FLEET_KIND) {
        return Ok(Saved::Fleet(Box::new(FleetReport::from_json(&shown, &text)?)));
    }
    Ok(Saved::Run(Box::new(RunReport::from_json(&shown, &text)?)))
}
