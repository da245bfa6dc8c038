//! AWS Lambda Power Tuning results as measurements (alexcasalboni/aws-lambda-power-tuning 4.4.0).
//!
//! Accepted: the state machine's output (`{"power", "cost", "duration", "stateMachine": {"visualization"}, "stats"}`,
//! `stats` present when `includeOutputResults` was set), the same wrapped as `{"results": …}` or as the `output`
//! string of `aws stepfunctions describe-execution`, a bare `stats` array, or the visualization link itself.
//!
//! The link (`lambda/utils.js`, `buildVisualizationURL`) is `https://lambda-power-tuning.show/#sizes;times;costs`: each part is a typed array's
//! little-endian bytes in standard base64: sizes as Int16 [MB], average durations as Float32 [ms], average costs as
//! Float32 [USD per invocation]. Eight parts are a comparison of two runs
//! (`sizes1;times1;costs1;sizes2;times2;costs2;legend1;legend2`, legends URI-encoded).
//!
//! Power Tuning's own choice is recomputed from the averages with its rules (`lambda/analyzer.js`): `cost` minimises the cost
//! (equal costs: the shorter duration), `speed` the duration (equal durations: the lower cost), `balanced` the score
//! `w · cost / max cost + (1 − w) · duration / max duration` with `w` = 0.5, the first size winning ties; sizes with
//! an average duration of 0 are left out first.

use base64::Engine as _;
use serde_json::Value;

use crate::diagnostic::{excerpt, number, LocatedError};

/// One memory size of a Power Tuning run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PtRow {
    /// Memory [MB].
    pub memory_mb: u32,
    /// Average duration (trimmed mean of duration + INIT) [ms].
    pub duration_ms: f64,
    /// Average cost of one invocation [USD].
    pub cost_usd: f64,
}

/// One Power Tuning run.
#[derive(Debug, Clone, PartialEq)]
pub struct PtRun {
    /// Legend of a comparison link's run, if any.
    pub legend: Option<String>,
    /// The sizes, ascending memory.
    pub rows: Vec<PtRow>,
}

/// What the state machine itself returned as its choice.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PtChoice {
    /// `power`: the chosen memory [MB].
    pub memory_mb: u32,
    /// `cost`: its average cost per invocation [USD].
    pub cost_usd: Option<f64>,
    /// `duration`: its average duration [ms].
    pub duration_ms: Option<f64>,
}

/// A Power Tuning result.
#[derive(Debug, Clone, PartialEq)]
pub struct PowerTuning {
    /// One run, or two for a comparison link.
    pub runs: Vec<PtRun>,
    /// The state machine's choice (`power`), when the input is its output.
    pub chosen: Option<PtChoice>,
}

/// What Power Tuning's strategies pick from a run's averages [MB].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PtPicks {
    /// Strategy `cost`.
    pub cost: u32,
    /// Strategy `speed`.
    pub speed: u32,
    /// Strategy `balanced` with weight 0.5.
    pub balanced: u32,
}

/// Whether `text` is a Power Tuning visualization link (or its `#…` part).
pub fn is_link(text: &str) -> bool {
    let t = text.trim();
    t.contains("lambda-power-tuning.show") || (t.starts_with('#') && t.contains(';'))
}

/// Whether `value` looks like Power Tuning output.
pub fn is_output(value: &Value) -> bool {
    let (v, _) = unwrap(value);
    v.get("stats").is_some()
        || v.get("stateMachine").is_some()
        || v.as_array().is_some_and(|a| a.first().is_some_and(|r| r.get("averageDuration").is_some()))
}

/// The document inside `value` that holds the results, and the JSON pointer of where it is written in the
/// input (`/output` for a string holding JSON: faults inside it are placed at the string).
fn unwrap(value: &Value) -> (Value, String) {
    if let Some(r) = value.get("results") {
        return (r.clone(), "/results".into());
    }
    if let Some(s) = value.get("output").and_then(Value::as_str) {
        if let Ok(inner) = serde_json::from_str::<Value>(s) {
            return (unwrap(&inner).0, "/output".into());
        }
    }
    (value.clone(), String::new())
}

/// A Power Tuning document that cannot be read: the JSON pointer of the value at fault, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct PtError {
    /// Where, as a JSON pointer into the input (`""` for the whole document).
    pub pointer: String,
    /// What is wrong, and what is allowed.
    pub message: String,
}

/// Largest average cost of one invocation accepted [USD]: Lambda's most expensive invocation (10,240 MB for
/// 900 s at $0.0000166667 per GB-s) costs about $0.15; a larger average is no Lambda measurement.
const MAX_COST_USD: f64 = 1.0;

/// Reads Power Tuning output from its JSON `text`; errors name `path:line:col`.
///
/// # Errors
/// Not JSON, or what is missing or out of range, located.
pub fn parse(path: &str, text: &str) -> Result<PowerTuning, LocatedError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let mut l = LocatedError::from_json(path, text, &e);
        l.message = format!("not valid JSON Power Tuning output: {}", l.message);
        l
    })?;
    from_json(&value).map_err(|e| LocatedError::at_pointer(path, text, &e.pointer, e.message))
}

/// Reads Power Tuning output JSON.
///
/// # Errors
/// What is missing or malformed, with the JSON pointer of the value at fault.
pub fn from_json(value: &Value) -> Result<PowerTuning, PtError> {
    let (v, base) = unwrap(value);
    // Inside an `output` string the pointers of the inner document do not point into the input: the string is.
    let inner = base == "/output";
    let err = |pointer: String, message: String| PtError {
        pointer: if inner { base.clone() } else { format!("{base}{pointer}") },
        message: if inner && !pointer.is_empty() { format!("output{pointer}: {message}") } else { message },
    };
    let chosen = match v.get("power") {
        None | Some(Value::Null) => None,
        Some(p) => {
            let m = p.as_f64().or_else(|| p.as_str().and_then(|s| s.trim().parse().ok()));
            let memory_mb = match m {
                Some(m) if m.fract() == 0.0 && (128.0..=10_240.0).contains(&m) => m as u32,
                _ => {
                    return Err(err(
                        "/power".into(),
                        format!("power must be a Lambda memory size, 128–10240 MB (got {})", excerpt(&p.to_string())),
                    ))
                }
            };
            let finite = |k: &str| v.get(k).and_then(Value::as_f64).filter(|x| x.is_finite() && *x >= 0.0);
            Some(PtChoice { memory_mb, cost_usd: finite("cost"), duration_ms: finite("duration") })
        }
    };
    let stats = v.get("stats").map(|s| (s, "/stats")).or(if v.is_array() { Some((&v, "")) } else { None });
    if let Some((stats, at)) = stats {
        let list = stats.as_array().ok_or_else(|| err(at.into(), "`stats` must be an array".into()))?;
        let mut rows = Vec::with_capacity(list.len());
        for (i, s) in list.iter().enumerate() {
            let num = |k: &str| {
                s.get(k)
                    .and_then(Value::as_f64)
                    .ok_or_else(|| err(format!("{at}/{i}/{k}"), format!("stats[{i}].{k} must be a number")))
            };
            let (mem, duration, price) = (num("value")?, num("averageDuration")?, num("averagePrice")?);
            rows.push(row(mem, duration, price).map_err(|(k, e)| {
                let key = ["value", "averageDuration", "averagePrice"][k];
                err(format!("{at}/{i}/{key}"), format!("stats[{i}]: {e}"))
            })?);
        }
        return Ok(PowerTuning { runs: vec![run(None, rows).map_err(|e| err(at.into(), e))?], chosen });
    }
    let link = v.get("stateMachine").and_then(|s| s.get("visualization")).and_then(Value::as_str).ok_or_else(|| {
        err(
            String::new(),
            "Power Tuning output without `stats` or `stateMachine.visualization`: nothing to read".into(),
        )
    })?;
    let decoded = from_link(link).map_err(|e| err("/stateMachine/visualization".into(), e))?;
    Ok(PowerTuning { chosen, ..decoded })
}

/// One size's averages, checked; a fault names the value (0 memory, 1 duration, 2 cost) and what is wrong.
fn row(memory: f64, duration_ms: f64, cost_usd: f64) -> Result<PtRow, (usize, String)> {
    if !(memory.fract() == 0.0 && (128.0..=10_240.0).contains(&memory)) {
        return Err((0, format!("memory {} MB is not a Lambda memory size (128–10240)", number(memory))));
    }
    // Lambda runs an invocation for at most 900 s (its maximum timeout): a longer average is no measurement.
    if !(duration_ms.is_finite() && (0.0..=crate::logs::MAX_DURATION_MS).contains(&duration_ms)) {
        return Err((
            1,
            format!(
                "duration {} ms must be from 0 to 900,000 ms (Lambda's 900 s maximum timeout)",
                number(duration_ms)
            ),
        ));
    }
    if !(cost_usd.is_finite() && (0.0..=MAX_COST_USD).contains(&cost_usd)) {
        return Err((2, format!("cost {} must be from 0 to {MAX_COST_USD} USD per invocation", number(cost_usd))));
    }
    Ok(PtRow { memory_mb: memory as u32, duration_ms, cost_usd })
}

fn run(legend: Option<String>, mut rows: Vec<PtRow>) -> Result<PtRun, String> {
    if rows.is_empty() {
        return Err("a Power Tuning result with no memory size".into());
    }
    rows.sort_by_key(|r| r.memory_mb);
    if let Some(w) = rows.windows(2).find(|w| w[0].memory_mb == w[1].memory_mb) {
        return Err(format!("memory size {} MB is given twice", w[0].memory_mb));
    }
    Ok(PtRun { legend, rows })
}

/// Decodes a visualization link (or the part after `#`).
///
/// # Errors
/// What is wrong with the link: not 3 or 8 parts, bad base64, lengths that do not match.
pub fn from_link(link: &str) -> Result<PowerTuning, String> {
    let hash = link.trim().rsplit_once('#').map_or(link.trim(), |(_, h)| h);
    let parts: Vec<&str> = hash.split(';').collect();
    let runs = match parts.len() {
        3 => vec![link_run(&parts[0..3], None)?],
        8 => vec![
            link_run(&parts[0..3], Some(percent_decode(parts[6]))).map_err(|e| format!("first run: {e}"))?,
            link_run(&parts[3..6], Some(percent_decode(parts[7]))).map_err(|e| format!("second run: {e}"))?,
        ],
        n => return Err(format!("a Power Tuning link has 3 or 8 ';'-separated parts after '#' (got {n})")),
    };
    Ok(PowerTuning { runs, chosen: None })
}

fn link_run(parts: &[&str], legend: Option<String>) -> Result<PtRun, String> {
    let decode = |name: &str, s: &str| {
        base64::engine::general_purpose::STANDARD
            .decode(percent_decode(s).trim())
            .map_err(|e| format!("{name} are not standard base64: {e}"))
    };
    let sizes = decode("sizes", parts[0])?;
    let times = decode("times", parts[1])?;
    let costs = decode("costs", parts[2])?;
    if sizes.len() % 2 != 0 || times.len() % 4 != 0 || costs.len() % 4 != 0 {
        return Err("sizes must be 2-byte and times and costs 4-byte values".into());
    }
    let n = sizes.len() / 2;
    if times.len() / 4 != n || costs.len() / 4 != n {
        return Err(format!("{n} sizes but {} times and {} costs", times.len() / 4, costs.len() / 4));
    }
    let f32_at =
        |b: &[u8], i: usize| f64::from(f32::from_le_bytes([b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]]));
    let rows = (0..n)
        .map(|i| {
            row(f64::from(i16::from_le_bytes([sizes[2 * i], sizes[2 * i + 1]])), f32_at(&times, i), f32_at(&costs, i))
                .map_err(|(_, e)| format!("size {}: {e}", i + 1))
        })
        .collect::<Result<Vec<_>, _>>()?;
    run(legend, rows)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (b[i], b.get(i + 1).and_then(|&c| hex(c)), b.get(i + 2).and_then(|&c| hex(c))) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, ..) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What Power Tuning's three strategies pick from `run` (see the module docs); `None` if every duration is 0.
pub fn picks(run: &PtRun) -> Option<PtPicks> {
    let rows: Vec<&PtRow> = run.rows.iter().filter(|r| r.duration_ms != 0.0).collect();
    let cost = rows.iter().copied().reduce(|b, r| {
        if r.cost_usd < b.cost_usd || (r.cost_usd == b.cost_usd && r.duration_ms < b.duration_ms) {
            r
        } else {
            b
        }
    })?;
    let speed = rows.iter().copied().reduce(|b, r| {
        if r.duration_ms < b.duration_ms || (r.duration_ms == b.duration_ms && r.cost_usd < b.cost_usd) {
            r
        } else {
            b
        }
    })?;
    let max_cost = rows.iter().map(|r| r.cost_usd).fold(0.0, f64::max);
    let max_dur = rows.iter().map(|r| r.duration_ms).fold(0.0, f64::max);
    let norm = |x: f64, m: f64| if m > 0.0 { x / m } else { 0.0 };
    let score = |r: &PtRow| 0.5 * norm(r.cost_usd, max_cost) + 0.5 * norm(r.duration_ms, max_dur);
    let balanced = rows.iter().copied().reduce(|b, r| if score(r) < score(b) { r } else { b })?;
    Some(PtPicks { cost: cost.memory_mb, speed: speed.memory_mb, balanced: balanced.memory_mb })
}
