//! Reading a fleet report.json back (`costsim render`), checked before anything renders it.

use super::{FleetReport, FLEET_KIND, FLEET_SCHEMA_VERSION};
use crate::diagnostic::{excerpt, LocatedError};
use crate::report::run::validate::{self, first_bad_number, index, money, BadNumber, Fault};
use crate::report::run::ReportError;

impl FleetReport {
    /// Reads a report written by `costsim run` on an application (`report.json` of kind [`FLEET_KIND`]) and
    /// checks it: the kind and [`FLEET_SCHEMA_VERSION`], every number finite and of a size costsim writes, costs
    /// not negative, the adopted setting and the recommendations' indices within each function's points, ratios
    /// in 0–1, and each function's own report as `RunReport::from_json` checks one. `path` names the file in
    /// messages, which say `path:line:col`.
    ///
    /// # Errors
    /// [`ReportError::TooLarge`] above the input limit, [`ReportError::Invalid`] otherwise.
    pub fn from_json(path: &str, text: &str) -> Result<FleetReport, ReportError> {
        let limit = crate::limits::max_bytes(crate::limits::InputKind::Report);
        if text.len() as u64 > limit {
            return Err(ReportError::TooLarge { path: path.to_string(), bytes: text.len() as u64, limit });
        }
        let at = |pointer: &str, message: String| {
            ReportError::Invalid(LocatedError::at_pointer(
                path,
                text,
                pointer,
                format!("not a costsim fleet report: {message}"),
            ))
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            let mut located = LocatedError::from_json(path, text, &e);
            located.message = format!("not valid JSON: {}", located.message);
            ReportError::Invalid(located)
        })?;
        match value.get("kind") {
            Some(serde_json::Value::String(k)) if k == FLEET_KIND => {}
            Some(k) => {
                return Err(at("/kind", format!("its \"kind\" is {}, not \"{FLEET_KIND}\"", excerpt(&k.to_string()))))
            }
            None if value.is_object() => return Err(at("", format!("it has no \"kind\" (\"{FLEET_KIND}\")"))),
            None => return Err(at("", "it is not a JSON object".into())),
        }
        let found = value
            .get("schema_version")
            .and_then(|v| v.as_u64())
            .ok_or_else(|| at("/schema_version", "no schema_version (a whole number)".into()))?;
        if found != u64::from(FLEET_SCHEMA_VERSION) {
            let writer = value.get("costsim_version").and_then(|v| v.as_str()).map_or("unknown".into(), excerpt);
            let advice = if found > u64::from(FLEET_SCHEMA_VERSION) {
                "upgrade costsim to render it"
            } else {
                "re-run the application with this costsim to get a current report"
            };
            return Err(ReportError::Invalid(LocatedError::at_pointer(
                path,
                text,
                "/schema_version",
                format!(
                    "fleet report schema_version {found} (written by costsim {writer}); this costsim {} reads schema_version {FLEET_SCHEMA_VERSION}: {advice}",
                    env!("CARGO_PKG_VERSION")
                ),
            )));
        }
        // As for a run's report: serde would read 1e400 as inf, and a Decimal of 1e25 would not read again.
        if let Some((pointer, number, fault)) = first_bad_number(&value, &mut String::new()) {
            let what = match fault {
                BadNumber::NonFinite => "is not a finite number",
                BadNumber::TooLarge => "is too large: no figure in a costsim report exceeds 10^18",
            };
            return Err(at(&pointer, format!("{} {what}", excerpt(&number))));
        }
        let report: FleetReport = serde_json::from_value(value).map_err(|e| {
            // Parsed again from the text only on an error, for its location.
            let located = match serde_json::from_str::<FleetReport>(text) {
                Err(e) => LocatedError::from_json(path, text, &e),
                Ok(_) => LocatedError::new(crate::diagnostic::Location::at_offset(path, text, 0), e.to_string()),
            };
            ReportError::Invalid(LocatedError {
                message: format!("not a costsim fleet report: {}", located.message),
                ..located
            })
        })?;
        check(&report).map_err(|(pointer, message)| at(&pointer, message))?;
        Ok(report)
    }
}

/// Checks what the fleet's renderers rely on.
fn check(r: &FleetReport) -> Result<(), Fault> {
    let f = &r.fleet;
    for (i, x) in f.functions.iter().enumerate() {
        let at = |k: &str| format!("/fleet/functions/{i}/{k}");
        if x.points.is_empty() {
            return Err((at("points"), "a function has at least one point (\"points\" is empty)".into()));
        }
        index(at("adopted"), x.adopted, x.points.len())?;
        for (j, p) in x.points.iter().enumerate() {
            validate::point(&at(&format!("points/{j}")), p)?;
        }
        validate::point(&at("now"), &x.now)?;
        validate::point(&at("after"), &x.after)?;
        let rec = &x.recommendations;
        for (strategy, p) in rec.picks() {
            let name = strategy.key();
            index(at(&format!("recommendations/{name}/point")), p.index, x.points.len())?;
            if let Some(v) = p.versus {
                index(at(&format!("recommendations/{name}/versus")), v, x.points.len())?;
            }
        }
        if let Some(c) = rec.current {
            index(at("recommendations/current"), c, x.points.len())?;
        }
        for (k, &p) in rec.pareto.iter().enumerate() {
            index(at(&format!("recommendations/pareto/{k}")), p, x.points.len())?;
        }
        for (k, t) in [("now_timeline", &x.now_timeline), ("after_timeline", &x.after_timeline)] {
            if t.bucket_us == 0 && !t.buckets.is_empty() {
                return Err((at(&format!("{k}/bucket_us")), "a bucket lasts at least 1 µs (got 0)".into()));
            }
        }
    }
    for (name, state) in [("now", &f.now), ("after", &f.after)] {
        money(format!("/fleet/{name}/functions_cost"), state.functions_cost, "a monthly cost [USD]")?;
        for (k, g) in state.regions.iter().enumerate() {
            if g.bucket_us == 0 && !g.in_use.is_empty() {
                return Err((
                    format!("/fleet/{name}/regions/{k}/bucket_us"),
                    "a bucket lasts at least 1 µs (got 0)".into(),
                ));
            }
        }
    }
    for (k, d) in r.details.iter().enumerate() {
        validate::check(d).map_err(|(pointer, message)| (format!("/details/{k}{pointer}"), message))?;
    }
    Ok(())
}
