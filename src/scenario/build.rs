//! From the file as written to a validated [`Scenario`]: every check points at the value it rejects.

use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use toml::Spanned;

use super::limits::{MAX_BURST_OVERLAP, MAX_REQUESTS_PER_REPLICATION, MAX_SIMULATED_REQUESTS, MAX_WEIGHT};
use super::raw::{
    RawBursts, RawCount, RawFunction, RawMemory, RawMeta, RawPlatform, RawRecommend, RawScenario, RawTrace, RawTraffic,
};
use super::{DurationSpec, InitSpec, LoadOptions, RecommendSpec, Scenario, ScenarioError, TraceSummary};
use crate::diagnostic::excerpt;
use crate::diagnostic::{did_you_mean, Location};
use crate::pricing::{Catalog, PackageType, HOURS_PER_MONTH};
use crate::sim::{Platform, Routing, ScalingRate};
use crate::trigger::Trigger;
use crate::workload::{Burst, DurationModel, InitModel, Runtime, Trace, TraceFormat, Traffic};
use crate::Architecture;

/// Power Tuning's default memory sizes [MB], the usual starting point.
const DEFAULT_MEMORY_MB: [u32; 7] = [128, 256, 512, 1024, 1536, 2048, 3008];
/// AWS's default account concurrency per region [environments].
const DEFAULT_CONCURRENCY_LIMIT: u32 = 1_000;
/// Default seed, recorded in every report.
const DEFAULT_SEED: u64 = 42;

pub(super) struct Builder<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub catalog: &'a Catalog,
    pub options: &'a LoadOptions,
}

mod current;
mod parts;
mod schedule;

pub(super) use parts::Errors;
use parts::Parts;
pub use schedule::ScheduleSummary;
mod trigger;

type Result<T> = std::result::Result<T, ScenarioError>;

/// Where a value came from: a span of the file, or a command-line flag (with its value, `--horizon-hours 1`).
#[derive(Debug, Clone)]
enum At {
    Span(Range<usize>),
    Flag(String),
}

/// A value and where it came from.
struct Given<T> {
    value: T,
    at: At,
}

/// The command-line override if there is one, else the file's value if there is one.
fn given<T: Clone>(flag: Option<(T, String)>, file: Option<&Spanned<T>>) -> Option<Given<T>> {
    match (flag, file) {
        (Some((value, f)), _) => Some(Given { value, at: At::Flag(f) }),
        (None, Some(v)) => Some(Given { value: v.get_ref().clone(), at: At::Span(v.span()) }),
        (None, None) => None,
    }
}

/// `[scenario]`, checked.
struct Meta {
    name: String,
    region: String,
    date: Option<NaiveDate>,
    /// Where `date` was written.
    date_at: Option<Range<usize>>,
    seed: u64,
    /// The horizon [h] and where it was given (`None`: the default).
    horizon: u32,
    horizon_at: Option<At>,
    replications: u32,
    replications_at: Option<At>,
}

/// `[sweep]`, checked.
struct Sweep {
    memory_mb: Vec<u32>,
    memory_at: Option<At>,
    architectures: Vec<Architecture>,
    architectures_at: Option<At>,
}

impl Builder<'_> {
    fn err(&self, span: Range<usize>, message: impl Into<String>) -> ScenarioError {
        ScenarioError::Invalid { location: Location::at_span(self.path, self.text, &span), message: message.into() }
    }

    fn err_at(&self, at: &At, message: impl Into<String>) -> ScenarioError {
        match at {
            At::Span(span) => self.err(span.clone(), message),
            At::Flag(flag) => ScenarioError::Flag { flag: flag.clone(), message: message.into() },
        }
    }

    fn check_u32(&self, x: u32, at: &At, key: &str, lo: u32, hi: u32, unit: &str) -> Result<u32> {
        if (lo..=hi).contains(&x) {
            Ok(x)
        } else {
            Err(self.err_at(at, format!("{key} must be between {lo} and {hi}{unit} (got {x})")))
        }
    }

    fn range_f64(&self, v: &Spanned<f64>, key: &str, lo: f64, hi: f64, unit: &str) -> Result<f64> {
        let x = *v.get_ref();
        if x.is_finite() && (lo..=hi).contains(&x) {
            Ok(x)
        } else {
            Err(self.err(v.span(), format!("{key} must be between {lo} and {hi}{unit} (got {x})")))
        }
    }

    fn range_u32(&self, v: &Spanned<u32>, key: &str, lo: u32, hi: u32, unit: &str) -> Result<u32> {
        self.check_u32(*v.get_ref(), &At::Span(v.span()), key, lo, hi, unit)
    }

    pub fn scenario(&self) -> Result<Scenario> {
        let raw: RawScenario = crate::diagnostic::toml_all::from_str(self.text)
            .map_err(|errors| ScenarioError::as_found(errors.iter().map(|e| self.toml_error(e)).collect()))?;
        self.scenario_from(&raw)
    }

    /// A scenario from its tables, already read: those of a file, or of an application's inline function (whose
    /// spans are in the application's text, which `self.text` then is).
    ///
    /// The checks that do not depend on each other all run, and all their errors are reported together; the
    /// arrivals and the bound on work, which need the others' values, run once those are good.
    pub fn scenario_from(&self, raw: &RawScenario) -> Result<Scenario> {
        let f = &raw.function;
        let Parts {
            meta,
            timeout_s,
            duration: (mut duration_spec, mut duration),
            error_ratio,
            init: (package, init),
            platform,
            sweep,
            required_memory_mb,
            ephemeral_mb,
            recommend,
            trigger,
            current,
        } = self.parts(raw)?;
        if let Some((io, cpu)) = trigger.per_message_ms {
            duration = duration.with_per_item(io, cpu).map_err(|e| self.err(f.io_ms.span(), e.to_string()))?;
            duration_spec.per_message_io_ms = Some(io);
            duration_spec.per_message_cpu_ms = Some(cpu);
        }
        let mut schedule = None;
        let (traffic, mean_rate_per_s, trace, rate_span) = match (&raw.traffic, &trigger.trigger) {
            (Some(t), Trigger::Schedule(_)) => {
                return Err(self
                    .err(t.span(), "a schedule trigger sets the arrivals (expression, per_firing): remove [traffic]"))
            }
            (None, Trigger::Schedule(_)) => {
                let t = raw.trigger.as_ref().expect("a schedule trigger was written");
                let checked = self.schedule(t, &meta)?;
                schedule = Some(checked.summary);
                (checked.traffic, checked.rate_per_s, None, t.span())
            }
            (None, _) => return Err(self.err(0..0, "missing table [traffic] (see scenarios/README.md)")),
            (Some(t), _) => match &t.get_ref().trace {
                Some(tr) => {
                    let (traffic, rate, summary) = self.trace(t.get_ref(), tr)?;
                    (traffic, rate, Some(summary), tr.span())
                }
                None => {
                    let (traffic, rate, span) = self.traffic(t.get_ref(), t.span())?;
                    (traffic, rate, None, span)
                }
            },
        };
        let horizon_hours = self.trace_horizon(&traffic, raw, &meta)?;
        self.check_work(&traffic, horizon_hours, &meta, &sweep, usize::from(current.is_some()), rate_span)?;
        let timeout_ms = timeout_s * 1000;
        Ok(Scenario {
            name: meta.name,
            description: raw.scenario.description.clone().unwrap_or_default(),
            path: self.path.to_string(),
            source: self.text.to_string(),
            region: meta.region,
            date: meta.date,
            seed: meta.seed,
            horizon_hours,
            replications: meta.replications,
            free_tier: self.options.overrides.free_tier.or(raw.scenario.free_tier).unwrap_or(true),
            package,
            ephemeral_mb,
            duration_spec,
            duration,
            init,
            required_memory_mb,
            timeout_ms,
            error_ratio,
            trigger: trigger.trigger,
            traffic,
            mean_rate_per_s,
            trace,
            schedule,
            current,
            platform,
            memory_mb: sweep.memory_mb,
            architectures: sweep.architectures,
            recommend,
        })
    }

    /// toml's own errors, with a "did you mean" added to unknown keys.
    fn toml_error(&self, e: &toml::de::Error) -> ScenarioError {
        let (span, message) = toml_message(e);
        self.err(span, message)
    }

    fn meta(&self, m: &RawMeta) -> Result<Meta> {
        let name = folder_name(&m.name).map_err(|(span, message)| self.err(span, message))?;
        let o = &self.options.overrides;
        let region = match (&o.region, &m.region) {
            (Some(r), _) => r.clone(),
            (None, None) => "us-east-1".to_string(),
            (None, Some(r)) => {
                self.catalog.check_region(r.get_ref()).map_err(|e| self.err(r.span(), e.to_string()))?;
                r.get_ref().clone()
            }
        };
        let date = match (o.date, &m.date) {
            (Some(d), _) => Some(d),
            (None, None) => None,
            (None, Some(d)) => Some(NaiveDate::parse_from_str(d.get_ref(), "%Y-%m-%d").map_err(|_| {
                self.err(d.span(), format!("date must be written YYYY-MM-DD (got '{}')", excerpt(d.get_ref())))
            })?),
        };
        let flag = |key: &str, value: u32| match &o.origin {
            Some(origin) => format!("{key} = {value} (set by {origin})"),
            None => format!("--{} {value}", key.replace('_', "-")),
        };
        let horizon = given(o.horizon_hours.map(|h| (h, flag("horizon_hours", h))), m.horizon_hours.as_ref());
        let horizon_hours = match &horizon {
            Some(h) => self.check_u32(h.value, &h.at, "horizon_hours", 1, HOURS_PER_MONTH as u32, " h")?,
            None => 24,
        };
        let reps = given(o.replications.map(|r| (r, flag("replications", r))), m.replications.as_ref());
        let replications = match &reps {
            Some(r) => self.check_u32(r.value, &r.at, "replications", 1, 100, "")?,
            None => 3,
        };
        Ok(Meta {
            name,
            region,
            date,
            date_at: if o.date.is_some() { None } else { m.date.as_ref().map(Spanned::span) },
            seed: o.seed.or(m.seed).unwrap_or(DEFAULT_SEED),
            horizon: horizon_hours,
            horizon_at: horizon.map(|h| h.at),
            replications,
            replications_at: reps.map(|r| r.at),
        })
    }

    /// The function's duration model; every value out of range is reported, not only the first.
    fn duration(&self, f: &RawFunction) -> Result<(DurationSpec, DurationModel)> {
        let mut errors = Errors::default();
        let io_ms = errors.keep(self.range_f64(&f.io_ms, "io_ms", 0.0, 900_000.0, " ms"));
        let cpu_ms = errors.keep(self.range_f64(&f.cpu_ms, "cpu_ms", 0.0, 900_000.0, " ms"));
        let threads = errors.keep(f.threads.as_ref().map_or(Ok(1), |t| self.range_u32(t, "threads", 1, 64, "")));
        let cv = errors.keep(f.cv.as_ref().map_or(Ok(0.3), |c| self.range_f64(c, "cv", 0.0, 5.0, "")));
        let arm64_cpu_speed = errors
            .keep(f.arm64_cpu_speed.as_ref().map_or(Ok(1.0), |s| self.range_f64(s, "arm64_cpu_speed", 0.1, 10.0, "")));
        let (Some(io_ms), Some(cpu_ms), Some(threads), Some(cv), Some(arm64_cpu_speed)) =
            (io_ms, cpu_ms, threads, cv, arm64_cpu_speed)
        else {
            return Err(errors.into_error());
        };
        let spec = DurationSpec {
            io_ms,
            cpu_ms,
            threads,
            cv,
            arm64_cpu_speed,
            per_message_io_ms: None,
            per_message_cpu_ms: None,
        };
        let model = DurationModel::new(spec.io_ms, spec.cpu_ms, spec.threads, spec.cv, spec.arm64_cpu_speed)
            .map_err(|e| self.err(f.io_ms.span(), e.to_string()))?;
        Ok((spec, model))
    }

    fn init(&self, f: &RawFunction) -> Result<(PackageType, InitSpec)> {
        let package = match &f.package {
            None => PackageType::Zip,
            Some(p) => p.get_ref().parse().map_err(|m: String| self.err(p.span(), m))?,
        };
        let init = match (&f.init_p50_ms, &f.init_p90_ms, &f.runtime) {
            (Some(p50), Some(p90), _) => {
                let a = self.range_f64(p50, "init_p50_ms", 0.0, 10_000.0, " ms")?;
                let b = self.range_f64(p90, "init_p90_ms", a, 10_000.0, " ms (at least init_p50_ms)")?;
                InitModel::from_p50_p90(a, b).map_err(|e| self.err(p50.span(), e.to_string()))?;
                InitSpec::Percentiles { p50_ms: a, p90_ms: b }
            }
            (Some(v), None, _) | (None, Some(v), _) => {
                return Err(self
                    .err(v.span(), "give both init_p50_ms and init_p90_ms, or neither (the runtime's defaults apply)"))
            }
            (None, None, Some(r)) => {
                let runtime: Runtime = r.get_ref().parse().map_err(|e: crate::workload::UnknownRuntime| {
                    let hint = did_you_mean(r.get_ref(), Runtime::ALL.iter().map(|x| x.as_str()));
                    self.err(r.span(), format!("{e}{hint}"))
                })?;
                InitSpec::Runtime { runtime }
            }
            (None, None, None) => {
                return Err(self.err(
                    f.io_ms.span(),
                    "[function] needs a runtime (for default INIT durations) or init_p50_ms and init_p90_ms",
                ))
            }
        };
        Ok((package, init))
    }

    /// The generated traffic, its mean Poisson rate [requests/s], and the span of the key that sets the rate.
    fn traffic(&self, t: &RawTraffic, span: Range<usize>) -> Result<(Traffic, f64, Range<usize>)> {
        let rate = match (&t.monthly_requests, &t.requests_per_second) {
            (Some(m), None) => {
                let count = match m.get_ref() {
                    RawCount::Int(n) => *n as f64,
                    RawCount::Float(x) if x.is_finite() && *x >= 0.0 => *x,
                    RawCount::Float(x) => {
                        return Err(self.err(m.span(), format!("monthly_requests must be zero or more (got {x})")))
                    }
                    RawCount::Text(s) => {
                        use rust_decimal::prelude::ToPrimitive;
                        crate::quantity::parse(s)
                            .map_err(|e| self.err(m.span(), format!("monthly_requests {e}")))?
                            .to_f64()
                            .unwrap_or(f64::NAN)
                    }
                };
                count / (HOURS_PER_MONTH as f64 * 3600.0)
            }
            (None, Some(r)) => *r.get_ref(),
            _ => return Err(self.err(span, "[traffic] needs exactly one of monthly_requests or requests_per_second")),
        };
        let rate_span = t
            .requests_per_second
            .as_ref()
            .map(|r| r.span())
            .or(t.monthly_requests.as_ref().map(|m| m.span()))
            .unwrap_or(span.clone());
        if !(rate.is_finite() && rate > 0.0 && rate <= 1_000_000.0) {
            return Err(self.err(
                rate_span,
                format!("the mean rate must be above 0 and at most 1,000,000 requests/s (got {rate} requests/s)"),
            ));
        }
        let mut traffic = Traffic::poisson(rate).map_err(|e| self.err(rate_span.clone(), e.to_string()))?;
        if let Some(weights) = self.weights(t)? {
            let ws =
                t.hourly_weights.as_ref().map(|w| w.span()).or(t.diurnal.as_ref().map(|d| d.span())).unwrap_or(span);
            traffic = traffic.with_diurnal(weights).map_err(|e| self.err(ws, e.to_string()))?;
        }
        if let Some(b) = &t.bursts {
            traffic = traffic.with_bursts(self.bursts(b.get_ref())?);
        }
        Ok((traffic, rate, rate_span))
    }

    /// `trace = { path, format, function, scale }`: replaces every generated arrival.
    fn trace(&self, t: &RawTraffic, tr: &Spanned<RawTrace>) -> Result<(Traffic, f64, TraceSummary)> {
        let others = [
            (t.monthly_requests.is_some(), "monthly_requests"),
            (t.requests_per_second.is_some(), "requests_per_second"),
            (t.hourly_weights.is_some(), "hourly_weights"),
            (t.diurnal.is_some(), "diurnal"),
            (t.bursts.is_some(), "bursts"),
        ];
        if let Some((_, key)) = others.iter().find(|(present, _)| *present) {
            return Err(self.err(tr.span(), format!("a trace replaces the generated arrivals: remove {key}")));
        }
        let raw = tr.get_ref();
        let name = raw.format.get_ref();
        let format = TraceFormat::parse(name).ok_or_else(|| {
            let hint = did_you_mean(name, TraceFormat::NAMES);
            self.err(
                raw.format.span(),
                format!(
                    "trace format '{}' is not known{hint} (allowed: timestamps, per_minute, azure2019)",
                    excerpt(name)
                ),
            )
        })?;
        let function = match (format, &raw.function) {
            (TraceFormat::Azure2019, None) => {
                return Err(
                    self.err(tr.span(), "an azure2019 trace needs function = \"<HashFunction>\" to pick its row")
                )
            }
            (TraceFormat::Azure2019, Some(f)) => Some(f.get_ref().trim().to_string()),
            (_, Some(f)) => return Err(self.err(f.span(), "function selects the row of an azure2019 trace; remove it")),
            (_, None) => None,
        };
        let scale = raw.scale.as_ref().map_or(Ok(1.0), |s| self.range_f64(s, "scale", 0.001, 1000.0, ""))?;
        let dir = Path::new(self.path).parent().unwrap_or(Path::new(""));
        let path = dir.join(raw.path.get_ref());
        let shown = path.display().to_string();
        let resolved = self.confine(dir, &path, &shown, raw.path.span())?;
        let trace = Trace::open(&resolved, format, function.as_deref(), scale).map_err(|e| {
            if e.line == 0 {
                self.err(raw.path.span(), format!("trace '{shown}': {}", e.message))
            } else {
                ScenarioError::Invalid {
                    location: Location { path: shown.clone(), line: e.line, column: e.column },
                    message: e.message,
                }
            }
        })?;
        let seconds = trace.horizon_needed_us() as f64 / 1e6;
        let summary = TraceSummary {
            path: shown,
            format,
            function,
            scale,
            requests: trace.total(),
            duration_hours: trace.duration_us() as f64 / 3.6e9,
        };
        let rate = trace.total() as f64 / seconds;
        Ok((Traffic::from_trace(trace), rate, summary))
    }

    /// `path`, resolved (symbolic links followed): it must lie under the scenario file's folder `dir`, or under a
    /// folder given with `--allow-path`. The refusal names the key and the rule, never anything the file holds.
    fn confine(&self, dir: &Path, path: &Path, shown: &str, span: Range<usize>) -> Result<PathBuf> {
        let resolve = |p: &Path| {
            let p = if p.as_os_str().is_empty() { Path::new(".") } else { p };
            std::fs::canonicalize(p)
        };
        let resolved = resolve(path)
            .map_err(|e| self.err(span.clone(), format!("trace '{shown}': cannot read the trace: {e}")))?;
        let home = resolve(dir).map_err(|e| {
            self.err(span.clone(), format!("trace '{shown}': cannot resolve the scenario's folder: {e}"))
        })?;
        if resolved.starts_with(&home) {
            return Ok(resolved);
        }
        for allowed in &self.options.allowed_dirs {
            let root = resolve(allowed).map_err(|e| ScenarioError::Flag {
                flag: format!("--allow-path {}", allowed.display()),
                message: e.to_string(),
            })?;
            if resolved.starts_with(&root) {
                return Ok(resolved);
            }
        }
        Err(self.err(
            span,
            format!(
                "trace.path must name a file inside the scenario's folder '{}' (after following symbolic links); \
                 pass --allow-path DIR to allow files under another folder",
                home.display()
            ),
        ))
    }

    /// The horizon: with a trace, long enough to replay all of it (default: its length, rounded up to an hour).
    fn trace_horizon(&self, traffic: &Traffic, raw: &RawScenario, meta: &Meta) -> Result<u32> {
        let horizon = meta.horizon;
        let Some(trace) = traffic.trace() else { return Ok(horizon) };
        let needed = trace.horizon_needed_us().div_ceil(3_600_000_000).max(1);
        match &meta.horizon_at {
            Some(at) if u64::from(horizon) * 3_600_000_000 < trace.horizon_needed_us() => Err(self.err_at(
                at,
                format!(
                    "the trace lasts {:.2} h: horizon_hours = {horizon} would leave out its later requests (give at least {needed}, or leave it out)",
                    trace.duration_us() as f64 / 3.6e9,
                ),
            )),
            Some(_) => Ok(horizon),
            None if needed > HOURS_PER_MONTH as u64 => Err(self.err(
                raw.traffic.as_ref().map_or(0..0, |t| t.get_ref().trace.as_ref().map_or(t.span(), |tr| tr.span())),
                format!("the trace lasts {needed} h, more than a 730-hour month: shorten it or lower scale"),
            )),
            None => Ok(needed as u32),
        }
    }

    fn weights(&self, t: &RawTraffic) -> Result<Option<[f64; 24]>> {
        match (&t.hourly_weights, &t.diurnal) {
            (Some(_), Some(d)) => Err(self.err(d.span(), "give hourly_weights or diurnal, not both")),
            (Some(w), None) => {
                let list = w.get_ref();
                if list.len() != 24 {
                    return Err(self.err(
                        w.span(),
                        format!("hourly_weights must be 24 numbers ≥ 0, not all zero (got {} values)", list.len()),
                    ));
                }
                if let Some((h, x)) =
                    list.iter().enumerate().find(|(_, x)| !(x.is_finite() && (0.0..=MAX_WEIGHT).contains(*x)))
                {
                    return Err(self.err(
                        w.span(),
                        format!(
                            "hourly_weights must each be between 0 and {MAX_WEIGHT:e} (hour {h} is {})",
                            if x.abs() >= 1e9 { format!("{x:e}") } else { x.to_string() }
                        ),
                    ));
                }
                if list.iter().all(|x| *x == 0.0) {
                    return Err(self.err(w.span(), "hourly_weights must not all be zero"));
                }
                Ok(Some(std::array::from_fn(|h| list[h])))
            }
            (None, Some(d)) => {
                let d = d.get_ref();
                let peak = self.range_u32(&d.peak_hour, "peak_hour", 0, 23, "")? as f64;
                let ratio = self.range_f64(&d.peak_to_trough, "peak_to_trough", 1.0, 1000.0, "")?;
                // A cosine over the day, highest at peak_hour: (1 + a) / (1 − a) = ratio.
                let a = (ratio - 1.0) / (ratio + 1.0);
                Ok(Some(std::array::from_fn(|h| 1.0 + a * (std::f64::consts::TAU * (h as f64 - peak) / 24.0).cos())))
            }
            (None, None) => Ok(None),
        }
    }

    fn bursts(&self, b: &RawBursts) -> Result<Burst> {
        let size = self.range_u32(&b.size, "size", 1, 1_000_000, " requests")?;
        let spread = self.range_f64(&b.spread_ms, "spread_ms", 0.0, 3_600_000.0, " ms")?;
        let every = self.range_f64(&b.every_minutes, "every_minutes", 0.01, 100_000.0, " min")?;
        // Each arrival looks at every burst still in progress: on average spread / interval of them. Bounded, so
        // that the work per arrival is too.
        let overlap = spread / (every * 60_000.0);
        if overlap > MAX_BURST_OVERLAP {
            return Err(self.err(
                b.spread_ms.span(),
                format!(
                    "bursts would overlap {overlap:.0} deep on average (spread_ms / (every_minutes × 60,000 ms)): at \
                     most {MAX_BURST_OVERLAP:.0} (a shorter spread or rarer bursts)"
                ),
            ));
        }
        Burst::new(size, spread, every * 60.0).map_err(|e| self.err(b.size.span(), e.to_string()))
    }

    /// The platform settings; every value out of range is reported, not only the first (the provisioned
    /// concurrency, bounded by the limit, once the limit is good).
    fn platform(&self, p: &RawPlatform) -> Result<Platform> {
        let mut errors = Errors::default();
        let keep_alive_s = errors.keep(
            p.keep_alive_s.as_ref().map_or(Ok(600.0), |k| self.range_f64(k, "keep_alive_s", 0.0, 86_400.0, " s")),
        );
        let routing = errors.keep(match &p.routing {
            None => Ok(Routing::MostRecentlyUsed),
            Some(r) => match r.get_ref().as_str() {
                "mru" | "most_recently_used" => Ok(Routing::MostRecentlyUsed),
                "newest" | "newest_created" => Ok(Routing::NewestCreated),
                "random" => Ok(Routing::Random),
                other => Err(self.err(
                    r.span(),
                    format!("routing '{}' is not known (allowed: mru, newest, random)", excerpt(other)),
                )),
            },
        });
        let limit = errors.keep(match (self.options.overrides.concurrency_limit, &p.concurrency_limit) {
            (Some(account), _) => Ok(account),
            (None, c) => c
                .as_ref()
                .map_or(Ok(DEFAULT_CONCURRENCY_LIMIT), |c| self.range_u32(c, "concurrency_limit", 1, 1_000_000, "")),
        });
        let (Some(keep_alive_s), Some(routing), Some(limit)) = (keep_alive_s, routing, limit) else {
            return Err(errors.into_error());
        };
        let keep_alive_ms = keep_alive_s * 1000.0;
        let provisioned: [u32; 24] = match (&p.provisioned, &p.provisioned_by_hour) {
            (Some(_), Some(b)) => return Err(self.err(b.span(), "give provisioned or provisioned_by_hour, not both")),
            (Some(n), None) => [self.range_u32(n, "provisioned", 0, limit, " (the concurrency limit)")?; 24],
            (None, Some(b)) => {
                let list = b.get_ref();
                if list.len() != 24 || list.iter().any(|n| *n > limit) {
                    return Err(self.err(
                        b.span(),
                        format!("provisioned_by_hour must be 24 whole numbers, each at most concurrency_limit {limit}"),
                    ));
                }
                std::array::from_fn(|h| list[h])
            }
            (None, None) => [0; 24],
        };
        let scaling = if p.scaling_rate.unwrap_or(true) { Some(ScalingRate::AWS) } else { None };
        Ok(Platform::default()
            .with_keep_alive_ms(keep_alive_ms.round() as u64)
            .with_routing(routing)
            .with_concurrency_limit(Some(limit))
            .with_scaling_rate(scaling)
            .with_provisioned(provisioned))
    }

    fn sweep(&self, raw: &RawScenario) -> Result<Sweep> {
        let o = &self.options.overrides;
        let (memory_mb, memory_at) = match (&o.memory, &raw.sweep.memory_mb) {
            (Some(text), _) => {
                let at = At::Flag(format!("--memory {text}"));
                (parse_memory_sizes(text).map_err(|e| self.err_at(&at, format!("memory_mb {e}")))?, Some(at))
            }
            (None, Some(m)) => {
                let parsed = match m.get_ref() {
                    RawMemory::List(list) => check_memory_list(list.clone()),
                    RawMemory::Text(text) => parse_memory_sizes(text),
                };
                (parsed.map_err(|e| self.err(m.span(), format!("memory_mb {e}")))?, Some(At::Span(m.span())))
            }
            (None, None) => (DEFAULT_MEMORY_MB.to_vec(), None),
        };
        let names = given(
            o.architectures
                .as_ref()
                .map(|a| (a.split(',').map(|n| n.trim().to_string()).collect(), format!("--arch {a}"))),
            raw.sweep.architectures.as_ref(),
        );
        let (architectures, architectures_at) = match names {
            None => (Architecture::ALL.to_vec(), None),
            Some(g) => (self.architectures(&g.value, &g.at)?, Some(g.at)),
        };
        Ok(Sweep { memory_mb, memory_at, architectures, architectures_at })
    }

    fn architectures(&self, names: &[String], at: &At) -> Result<Vec<Architecture>> {
        let mut out = Vec::new();
        for name in names {
            let arch: Architecture = name.parse().map_err(|e: crate::architecture::UnknownArchitecture| {
                self.err_at(at, format!("unknown architecture '{}' (allowed: x86_64, arm64)", excerpt(&e.0)))
            })?;
            if !out.contains(&arch) {
                out.push(arch);
            }
        }
        if out.is_empty() {
            return Err(self.err_at(at, "architectures must name at least one of x86_64, arm64"));
        }
        out.sort();
        Ok(out)
    }

    /// The bound on simulated work (see [`super::limits`]): expected requests per replication, and in all.
    fn check_work(
        &self,
        traffic: &Traffic,
        horizon_h: u32,
        meta: &Meta,
        sweep: &Sweep,
        extra_points: usize,
        rate: Range<usize>,
    ) -> Result<()> {
        let per_rep = match traffic.trace() {
            Some(t) => t.total() as f64,
            None => traffic.mean_rate_per_s() * f64::from(horizon_h) * 3600.0,
        };
        if per_rep > MAX_REQUESTS_PER_REPLICATION as f64 {
            let at = meta.horizon_at.clone().filter(|a| matches!(a, At::Flag(_))).unwrap_or(At::Span(rate));
            return Err(self.err_at(
                &at,
                format!(
                    "{per_rep:.3e} requests expected per replication ({:.6} requests/s on average, bursts included, \
                     × horizon_hours = {horizon_h}): the limit is {MAX_REQUESTS_PER_REPLICATION:.0e} \
                     (lower the rate or horizon_hours; see scenarios/README.md)",
                    traffic.mean_rate_per_s()
                ),
            ));
        }
        // Today's setting is simulated too, at most once more.
        let points = (sweep.memory_mb.len() * sweep.architectures.len() + extra_points) as f64;
        let total = points * f64::from(meta.replications) * per_rep;
        if total > MAX_SIMULATED_REQUESTS as f64 {
            // Point at what multiplies the work: a flag first (it is what changed), then the file's keys.
            let candidates = [&meta.replications_at, &sweep.memory_at, &sweep.architectures_at];
            let flag = candidates.iter().find_map(|a| a.as_ref().filter(|a| matches!(a, At::Flag(_))));
            let at = flag.or(candidates.iter().find_map(|a| a.as_ref())).cloned().unwrap_or(At::Span(rate));
            return Err(self.err_at(
                &at,
                format!(
                    "{points} sweep points × {} replications × {per_rep:.3e} expected requests = {total:.3e} simulated \
                     requests: the limit is {MAX_SIMULATED_REQUESTS:.0e} (fewer memory sizes, architectures or \
                     replications, or a lower rate; see scenarios/README.md)",
                    meta.replications
                ),
            ));
        }
        Ok(())
    }

    fn recommend(&self, r: &RawRecommend) -> Result<RecommendSpec> {
        let ratio = |v: &Option<Spanned<f64>>, key: &str, default: f64| {
            v.as_ref().map_or(Ok(default), |x| self.range_f64(x, key, 0.0, 1.0, ""))
        };
        Ok(RecommendSpec {
            balanced_weight: ratio(&r.balanced_weight, "balanced_weight", 0.5)?,
            slo_percentile: r
                .slo_percentile
                .as_ref()
                .map_or(Ok(99.0), |p| self.range_f64(p, "slo_percentile", 1.0, 99.99, ""))?,
            slo_ms: r.slo_ms.as_ref().map(|m| self.range_f64(m, "slo_ms", 0.001, 900_000.0, " ms")).transpose()?,
            max_error_ratio: ratio(&r.max_error_ratio, "max_error_ratio", 0.001)?,
            max_throttle_ratio: ratio(&r.max_throttle_ratio, "max_throttle_ratio", 0.001)?,
            max_dropped_ratio: ratio(&r.max_dropped_ratio, "max_dropped_ratio", 0.0)?,
        })
    }
}

/// toml's own error as costsim words it, and where: a "did you mean" added to unknown keys.
pub(super) fn toml_message(e: &toml::de::Error) -> (Range<usize>, String) {
    let message = shorten_quotes(e.message());
    let span = e.span().unwrap_or(0..0);
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some((key, expected)) = rest.split_once("`, expected one of ") {
            let allowed: Vec<&str> = expected.split(", ").map(|s| s.trim_matches('`')).collect();
            let hint = did_you_mean(key, allowed.iter().copied());
            return (span, format!("unknown key '{}'{hint}; allowed here: {}", excerpt(key), allowed.join(", ")));
        }
    }
    if let Some(key) = message.strip_prefix("missing field `").and_then(|r| r.strip_suffix('`')) {
        return (span, format!("missing key '{key}' (see scenarios/README.md)"));
    }
    (span, message)
}

/// A `name` that names a report folder: letters, digits, `-`, `_`, `.`, not starting with `.`; trimmed.
pub(super) fn folder_name(v: &Spanned<String>) -> std::result::Result<String, (Range<usize>, String)> {
    let name = v.get_ref().trim().to_string();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) || name.starts_with('.')
    {
        return Err((
            v.span(),
            format!(
                "name must be letters, digits, '-', '_' or '.', as it names the report folder (got '{}')",
                excerpt(&name)
            ),
        ));
    }
    Ok(name)
}

/// toml's message with every quoted value (`"…"` or `` `…` ``) cut to a short escaped excerpt: toml quotes
/// what the file holds, at any length.
fn shorten_quotes(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(i) = rest.find(['"', '`']) {
        let q = rest.as_bytes()[i] as char;
        out.push_str(&rest[..=i]);
        rest = &rest[i + 1..];
        match rest.find(q) {
            Some(j) => {
                out.push_str(&excerpt(&rest[..j]));
                out.push(q);
                rest = &rest[j + 1..];
            }
            None => {
                out.push_str(&excerpt(rest));
                rest = "";
            }
        }
    }
    out.push_str(&excerpt_all(rest));
    out
}

/// `text` with control characters escaped, not shortened.
fn excerpt_all(text: &str) -> String {
    text.chars().flat_map(|c| if c.is_control() { c.escape_default().collect::<Vec<_>>() } else { vec![c] }).collect()
}

fn check_memory_list(mut list: Vec<u32>) -> std::result::Result<Vec<u32>, String> {
    if list.is_empty() {
        return Err("must list at least one size".into());
    }
    if let Some(bad) = list.iter().find(|m| !(128..=10_240).contains(*m)) {
        return Err(format!("sizes must be between 128 and 10240 MB (got {bad})"));
    }
    list.sort_unstable();
    list.dedup();
    Ok(list)
}

/// Memory sizes written as `128,256,512` or as a range `128..=3008 step 64` [MB], sorted, without repeats.
///
/// # Errors
/// A message saying what is allowed.
pub fn parse_memory_sizes(text: &str) -> std::result::Result<Vec<u32>, String> {
    let t = text.trim();
    let expected = "expected sizes like \"128,512,1024\" or a range like \"128..=3008 step 64\"";
    if let Some((range, step)) = t.split_once("step") {
        let (from, to) = range.trim().split_once("..=").ok_or_else(|| format!("'{t}': {expected}"))?;
        let num = |s: &str| s.trim().parse::<u32>().map_err(|_| format!("'{t}': {expected}"));
        let (from, to, step) = (num(from)?, num(to)?, num(step)?);
        if step == 0 || from > to {
            return Err(format!("'{t}': the range needs from ≤ to and a step of at least 1"));
        }
        // Check the ends before listing: "0..=4294967295 step 1" would otherwise allocate 16 GiB first.
        let last = from + (to - from) / step * step;
        if let Some(bad) = [from, last].into_iter().find(|m| !(128..=10_240).contains(m)) {
            return Err(format!("sizes must be between 128 and 10240 MB (got {bad})"));
        }
        return check_memory_list((from..=to).step_by(step as usize).collect());
    }
    let list = t
        .split(',')
        .map(|s| s.trim().parse::<u32>().map_err(|_| format!("'{t}': {expected}")))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    check_memory_list(list)
}

#[cfg(test)]
mod tests {
    use super::parse_memory_sizes;

    #[test]
    fn toml_quotes_are_shortened() {
        let long = "y".repeat(60);
        assert_eq!(
            super::shorten_quotes(&format!("invalid type: string \"{long}\", expected u64")),
            format!("invalid type: string \"{}…\", expected u64", &long[..40])
        );
        assert_eq!(
            super::shorten_quotes("unknown field `a\u{7}`, expected `b`"),
            "unknown field `a\\u{7}`, expected `b`"
        );
    }

    #[test]
    fn memory_sizes_as_list_or_range() {
        assert_eq!(parse_memory_sizes("512, 128,1024,512"), Ok(vec![128, 512, 1024]));
        // 128, 192, …, 3008: (3008 − 128) / 64 + 1 = 46 sizes, Power Tuning's "ALL".
        let all = parse_memory_sizes("128..=3008 step 64").unwrap();
        assert_eq!((all.len(), all[0], all[45]), (46, 128, 3008));
        assert!(parse_memory_sizes("64,128").is_err());
        assert!(parse_memory_sizes("128..=256 step 0").is_err());
        assert!(parse_memory_sizes("lots").is_err());
    }
}
