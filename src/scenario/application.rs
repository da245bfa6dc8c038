//! An application file: several functions of one account, reviewed together (issue 10).
//!
//! ```toml
//! [application]
//! name = "shop"
//! region = "us-east-1"        # the account's region; a function may name another
//! date = "2026-12-01"
//! concurrency_limit = 1000    # the account's regional quota, shared by the functions without reserved concurrency
//!
//! [[functions]]
//! path = "api.toml"           # a scenario file, relative to this one
//!
//! [[functions]]               # or a scenario inline: its tables under `functions.`
//! [functions.scenario]
//! name = "thumbnails"
//! [functions.function]
//! # …
//! ```
//!
//! The account's settings are written once: `[application]`'s region, date, seed, horizon, replications, free
//! tier and concurrency limit replace each function's before it is validated (the loader applies them as it
//! applies command-line overrides). Every function states `[current]`: a review compares each recommendation
//! with what runs today.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::build::Builder;
use super::raw::{
    RawCurrent, RawFunction, RawMeta, RawPlatform, RawRecommend, RawScenario, RawSweep, RawTraffic, RawTrigger,
};
use super::{read_text, LoadOptions, Overrides, Scenario, ScenarioError};
use crate::diagnostic::{excerpt, Location};
use crate::pricing::{Catalog, HOURS_PER_MONTH};

/// AWS's default concurrency quota per account and region [environments].
pub const DEFAULT_ACCOUNT_CONCURRENCY: u32 = 1_000;
/// Unreserved concurrency AWS always keeps for the functions without reserved concurrency [environments]
/// (<https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html>).
pub const MIN_UNRESERVED: u32 = 100;
/// Most functions one application may hold.
pub const MAX_FUNCTIONS: usize = 10_000;

/// Which of a function's recommendations the review adopts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// The cheapest setting within the error and throttle budgets.
    Cost,
    /// The fastest.
    Speed,
    /// Power Tuning's balanced score.
    Balanced,
    /// The cheapest that meets the function's latency objective (balanced where it states none or none meets it).
    Slo,
}

impl Objective {
    /// Its name in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Objective::Cost => "cost",
            Objective::Speed => "speed",
            Objective::Balanced => "balanced",
            Objective::Slo => "slo",
        }
    }
}

/// One function of an application, validated.
#[derive(Debug, Clone, Serialize)]
pub struct AppFunction {
    scenario: Scenario,
    placeholders: Vec<String>,
}

/// The keys an entry's `placeholders` may list: the values `costsim import` cannot read from infrastructure code.
pub const PLACEHOLDER_KEYS: [&str; 5] =
    ["traffic.monthly_requests", "function.io_ms", "function.cpu_ms", "function.init_p50_ms", "function.init_p90_ms"];

impl AppFunction {
    /// The function as a scenario, with the application's settings applied.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The values of its entry that are placeholders (`traffic.monthly_requests`, …), as `costsim import` wrote
    /// them: every report says that its numbers rest on them.
    pub fn placeholders(&self) -> &[String] {
        &self.placeholders
    }

    /// Its reserved concurrency today, if any [environments]: its own share of the account.
    pub fn reserved(&self) -> Option<u32> {
        self.scenario.current().and_then(|c| c.reserved_concurrency)
    }
}

/// A validated application: immutable, read through its accessors.
#[derive(Debug, Clone, Serialize)]
pub struct Application {
    name: String,
    description: String,
    path: String,
    #[serde(skip)]
    source: String,
    region: String,
    date: Option<NaiveDate>,
    seed: u64,
    horizon_hours: u32,
    replications: u32,
    free_tier: bool,
    concurrency_limit: u32,
    objective: Objective,
    coupling_threshold: f64,
    functions: Vec<AppFunction>,
}

impl Application {
    /// Short name; the report folder is `reports/<name>/`.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// One line saying what it is.
    pub fn description(&self) -> &str {
        &self.description
    }
    /// The file it came from.
    pub fn path(&self) -> &str {
        &self.path
    }
    /// The file's text.
    pub fn source(&self) -> &str {
        &self.source
    }
    /// The account's main region (a function may name another).
    pub fn region(&self) -> &str {
        &self.region
    }
    /// Billing date, when the file gives one.
    pub fn date(&self) -> Option<NaiveDate> {
        self.date
    }
    /// Seed of the application (each function's is derived from it and the function's name).
    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// Simulated time per replication [h].
    pub fn horizon_hours(&self) -> u32 {
        self.horizon_hours
    }
    /// Replications per point.
    pub fn replications(&self) -> u32 {
        self.replications
    }
    /// Whether the account's free tier applies (once, to the account's bill).
    pub fn free_tier(&self) -> bool {
        self.free_tier
    }
    /// The account's concurrency quota per region [environments].
    pub fn concurrency_limit(&self) -> u32 {
        self.concurrency_limit
    }
    /// Which recommendation each function adopts.
    pub fn objective(&self) -> Objective {
        self.objective
    }
    /// Share of the unreserved pool above which functions are simulated together [-].
    pub fn coupling_threshold(&self) -> f64 {
        self.coupling_threshold
    }
    /// The functions, in the file's order.
    pub fn functions(&self) -> &[AppFunction] {
        &self.functions
    }
    /// The regions, sorted, each with the indices of its functions.
    pub fn regions(&self) -> BTreeMap<&str, Vec<usize>> {
        let mut out: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, f) in self.functions.iter().enumerate() {
            out.entry(f.scenario.region()).or_default().push(i);
        }
        out
    }
    /// Unreserved concurrency in `region`: the quota less every reserved share there [environments].
    pub fn unreserved(&self, region: &str) -> u32 {
        let reserved: u32 =
            self.functions.iter().filter(|f| f.scenario.region() == region).filter_map(AppFunction::reserved).sum();
        // Validation keeps the shares at most the quota less 100; saturating all the same, as a reader of a
        // partly built application (the loader's own checks) may ask before that holds.
        self.concurrency_limit.saturating_sub(reserved)
    }

    /// Whether `text` is an application file rather than a scenario: it has an `[application]` table.
    pub fn is_application(text: &str) -> bool {
        toml::from_str::<toml::Table>(text).is_ok_and(|t| t.contains_key("application"))
    }

    /// Loads and validates an application file and every function it names; `options` carries the command-line
    /// overrides (seed, horizon, replications, memory, architectures), which apply to every function.
    ///
    /// # Errors
    /// [`ScenarioError`] naming the file (the application's or a function's), line and column.
    pub fn load_with(
        path: &Path,
        catalog: &Catalog,
        options: &LoadOptions,
    ) -> std::result::Result<Application, ScenarioError> {
        let text = read_text(path)?;
        Application::parse_with(path, &text, catalog, options)
    }

    /// As [`Application::load_with`], from the file's `text`; `path` names it and locates the files it names.
    ///
    /// # Errors
    /// As [`Application::load_with`].
    pub fn parse_with(
        path: &Path,
        text: &str,
        catalog: &Catalog,
        options: &LoadOptions,
    ) -> std::result::Result<Application, ScenarioError> {
        let limit = crate::limits::max_bytes(crate::limits::InputKind::Scenario);
        if text.len() as u64 > limit {
            return Err(ScenarioError::TooLarge { path: path.display().to_string(), limit });
        }
        Loader { path, shown: path.display().to_string(), text, catalog, options }.load()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApplication {
    application: RawAppMeta,
    #[serde(default)]
    functions: Vec<Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAppMeta {
    name: Spanned<String>,
    description: Option<String>,
    region: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    seed: Option<u64>,
    horizon_hours: Option<Spanned<u32>>,
    replications: Option<Spanned<u32>>,
    free_tier: Option<bool>,
    concurrency_limit: Option<Spanned<u32>>,
    pick: Option<Spanned<String>>,
    coupling_threshold: Option<Spanned<f64>>,
}

/// One `[[functions]]` entry: a path, or a scenario's tables inline.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    path: Option<Spanned<String>>,
    placeholders: Option<Vec<Spanned<String>>>,
    region: Option<Spanned<String>>,
    scenario: Option<RawMeta>,
    function: Option<RawFunction>,
    traffic: Option<Spanned<RawTraffic>>,
    trigger: Option<Spanned<RawTrigger>>,
    current: Option<Spanned<RawCurrent>>,
    platform: Option<RawPlatform>,
    sweep: Option<RawSweep>,
    recommend: Option<RawRecommend>,
}

struct Loader<'a> {
    path: &'a Path,
    shown: String,
    text: &'a str,
    catalog: &'a Catalog,
    options: &'a LoadOptions,
}

type Result<T> = std::result::Result<T, ScenarioError>;

impl Loader<'_> {
    fn err(&self, span: Range<usize>, message: impl Into<String>) -> ScenarioError {
        ScenarioError::Invalid { location: Location::at_span(&self.shown, self.text, &span), message: message.into() }
    }

    /// Where an entry starts: its span, less the blank lines before its `[[functions]]` header.
    fn entry_span<T>(&self, entry: &Spanned<T>) -> Range<usize> {
        let span = entry.span();
        let skipped = self.text.get(span.start..).map_or(0, |t| t.len() - t.trim_start().len());
        span.start + skipped..span.end
    }

    fn range_u32(&self, v: &Spanned<u32>, key: &str, lo: u32, hi: u32, unit: &str) -> Result<u32> {
        let x = *v.get_ref();
        if (lo..=hi).contains(&x) {
            Ok(x)
        } else {
            Err(self.err(v.span(), format!("{key} must be between {lo} and {hi}{unit} (got {x})")))
        }
    }

    fn region(&self, r: &Spanned<String>) -> Result<String> {
        self.catalog.check_region(r.get_ref()).map_err(|e| self.err(r.span(), e.to_string()))?;
        Ok(r.get_ref().clone())
    }

    fn load(&self) -> Result<Application> {
        let raw: RawApplication = crate::diagnostic::toml_all::from_str(self.text)
            .map_err(|errors| ScenarioError::as_found(errors.iter().map(|e| self.toml_error(e)).collect()))?;
        let m = &raw.application;
        let name = super::build::folder_name(&m.name).map_err(|(span, message)| self.err(span, message))?;
        let region = m.region.as_ref().map_or(Ok("us-east-1".to_string()), |r| self.region(r))?;
        let date = m
            .date
            .as_ref()
            .map(|d| {
                NaiveDate::parse_from_str(d.get_ref(), "%Y-%m-%d").map_err(|_| {
                    self.err(d.span(), format!("date must be written YYYY-MM-DD (got '{}')", excerpt(d.get_ref())))
                })
            })
            .transpose()?;
        let o = &self.options.overrides;
        let horizon_hours = match (o.horizon_hours, &m.horizon_hours) {
            (Some(h), _) => h,
            (None, Some(h)) => self.range_u32(h, "horizon_hours", 1, HOURS_PER_MONTH as u32, " h")?,
            (None, None) => 24,
        };
        let replications = match (o.replications, &m.replications) {
            (Some(r), _) => r,
            (None, Some(r)) => self.range_u32(r, "replications", 1, 100, "")?,
            (None, None) => 3,
        };
        let concurrency_limit = m.concurrency_limit.as_ref().map_or(Ok(DEFAULT_ACCOUNT_CONCURRENCY), |c| {
            self.range_u32(c, "concurrency_limit", MIN_UNRESERVED, 10_000_000, " (AWS keeps 100 unreserved)")
        })?;
        let objective = match &m.pick {
            None => Objective::Balanced,
            Some(p) => match p.get_ref().as_str() {
                "cost" => Objective::Cost,
                "speed" => Objective::Speed,
                "balanced" => Objective::Balanced,
                "slo" => Objective::Slo,
                other => {
                    return Err(self.err(
                        p.span(),
                        format!("pick '{}' is not known (allowed: cost, speed, balanced, slo)", excerpt(other)),
                    ))
                }
            },
        };
        let coupling_threshold = match &m.coupling_threshold {
            None => 0.8,
            Some(t) if t.get_ref().is_finite() && (0.0..=1.0).contains(t.get_ref()) => *t.get_ref(),
            Some(t) => {
                return Err(self.err(
                    t.span(),
                    format!(
                        "coupling_threshold must be between 0 and 1, a share of the unreserved pool (got {})",
                        t.get_ref()
                    ),
                ))
            }
        };
        let seed = o.seed.or(m.seed).unwrap_or(42);
        if raw.functions.is_empty() {
            return Err(
                self.err(0..0, "an application needs at least one [[functions]] entry (see scenarios/README.md)")
            );
        }
        if raw.functions.len() > MAX_FUNCTIONS {
            return Err(
                self.err(self.entry_span(&raw.functions[MAX_FUNCTIONS]), format!("at most {MAX_FUNCTIONS} functions"))
            );
        }
        let settings = Settings { region, date, seed, horizon_hours, replications, concurrency_limit };
        // Every function is checked, and every function's problems reported together.
        let mut errors = super::build::Errors::default();
        let mut functions: Vec<AppFunction> = Vec::with_capacity(raw.functions.len());
        let mut seen: BTreeMap<String, Range<usize>> = BTreeMap::new();
        for entry in &raw.functions {
            if let Some(f) = errors.keep(self.entry(entry, &settings, &mut seen)) {
                functions.push(f);
            }
        }
        if functions.len() < raw.functions.len() {
            return Err(errors.into_error());
        }
        let app = Application {
            name,
            description: m.description.clone().unwrap_or_default(),
            path: self.shown.clone(),
            source: self.text.to_string(),
            region: settings.region.clone(),
            date,
            seed,
            horizon_hours,
            replications,
            free_tier: m.free_tier.unwrap_or(true),
            concurrency_limit,
            objective,
            coupling_threshold,
            functions,
        };
        self.check_reserved(&app, &raw)?;
        Ok(app)
    }

    /// One `[[functions]]` entry, checked: its scenario, a name no earlier entry has (`seen`: names so far, where),
    /// its `[current]`, its placeholders.
    fn entry(
        &self,
        entry: &Spanned<RawEntry>,
        settings: &Settings,
        seen: &mut BTreeMap<String, Range<usize>>,
    ) -> Result<AppFunction> {
        let scenario = self.function(entry, settings)?;
        if let Some(first) = seen.get(scenario.name()) {
            let line = Location::at_span(&self.shown, self.text, first).line;
            return Err(self.err(
                self.entry_span(entry),
                format!("a second function named '{}' (the first is at line {line}): names must differ, as they name the report folders", scenario.name()),
            ));
        }
        seen.insert(scenario.name().to_string(), self.entry_span(entry));
        if scenario.current().is_none() {
            return Err(self.err(
                self.entry_span(entry),
                format!("function '{}' has no [current]: a review compares every recommendation with what runs today (memory_mb, architecture)", scenario.name()),
            ));
        }
        let mut placeholders = Vec::new();
        for p in entry.get_ref().placeholders.iter().flatten() {
            if !PLACEHOLDER_KEYS.contains(&p.get_ref().as_str()) {
                return Err(self.err(
                    p.span(),
                    format!(
                        "placeholder '{}' is not a key costsim import writes (allowed: {})",
                        excerpt(p.get_ref()),
                        PLACEHOLDER_KEYS.join(", ")
                    ),
                ));
            }
            placeholders.push(p.get_ref().clone());
        }
        Ok(AppFunction { scenario, placeholders })
    }

    /// The reserved shares of a region leave at least [`MIN_UNRESERVED`], as AWS requires.
    fn check_reserved(&self, app: &Application, raw: &RawApplication) -> Result<()> {
        for (region, members) in app.regions() {
            // The shares first: the unreserved pool the provisioned check below compares with exists only then.
            let mut reserved = 0u64;
            for &i in &members {
                reserved += u64::from(app.functions[i].reserved().unwrap_or(0));
                if reserved + u64::from(MIN_UNRESERVED) > u64::from(app.concurrency_limit) {
                    return Err(self.err(
                        self.entry_span(&raw.functions[i]),
                        format!(
                            "the reserved concurrency of the functions in {region} reaches {reserved} of the account's {}: AWS keeps at least {MIN_UNRESERVED} unreserved (lower reserved_concurrency or raise concurrency_limit)",
                            app.concurrency_limit
                        ),
                    ));
                }
            }
            for &i in &members {
                let f = &app.functions[i];
                let cap = f.reserved().unwrap_or_else(|| app.unreserved(region));
                let provisioned = f
                    .scenario
                    .platform()
                    .provisioned()
                    .iter()
                    .chain(f.scenario.current().map_or(&[0; 24], |c| c.platform.provisioned()))
                    .copied()
                    .max()
                    .unwrap_or(0);
                if provisioned > cap {
                    let what = if f.reserved().is_some() {
                        "its reserved concurrency"
                    } else {
                        "the account's unreserved concurrency"
                    };
                    return Err(self.err(
                        self.entry_span(&raw.functions[i]),
                        format!(
                            "function '{}' provisions {provisioned} environments, above {what} ({cap})",
                            f.scenario.name()
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// One entry, validated with the application's settings applied.
    fn function(&self, entry: &Spanned<RawEntry>, s: &Settings) -> Result<Scenario> {
        let e = entry.get_ref();
        let region = e.region.as_ref().map_or(Ok(s.region.clone()), |r| self.region(r))?;
        let o = &self.options.overrides;
        let overrides = |name: &str| Overrides {
            seed: Some(function_seed(s.seed, name)),
            horizon_hours: Some(s.horizon_hours),
            replications: Some(s.replications),
            region: Some(region.clone()),
            date: s.date,
            free_tier: Some(false),
            concurrency_limit: Some(s.concurrency_limit),
            origin: Some(format!("[application] in {}", self.shown)),
            memory: o.memory.clone(),
            architectures: o.architectures.clone(),
        };
        match (&e.path, &e.function) {
            (Some(p), None) => {
                if let Some(extra) = [
                    e.scenario.as_ref().map(|_| "scenario"),
                    e.traffic.as_ref().map(|_| "traffic"),
                    e.trigger.as_ref().map(|_| "trigger"),
                    e.current.as_ref().map(|_| "current"),
                    e.platform.as_ref().map(|_| "platform"),
                    e.sweep.as_ref().map(|_| "sweep"),
                    e.recommend.as_ref().map(|_| "recommend"),
                ]
                .into_iter()
                .flatten()
                .next()
                {
                    return Err(self.err(
                        p.span(),
                        format!("a function given by path takes its [{extra}] from that file: remove it here or write the function inline"),
                    ));
                }
                let file = self.resolve(p.get_ref());
                let text = read_text(&file)?;
                let name = toml::from_str::<toml::Table>(&text)
                    .ok()
                    .and_then(|t| t.get("scenario")?.get("name")?.as_str().map(str::to_string))
                    .unwrap_or_default();
                let options = LoadOptions { overrides: overrides(name.trim()), allowed_dirs: self.options.allowed_dirs.clone() };
                Scenario::parse_with(&file.display().to_string(), &text, self.catalog, &options)
            }
            (None, Some(_)) => {
                let meta = e
                    .scenario
                    .as_ref()
                    .ok_or_else(|| self.err(self.entry_span(entry), "an inline function needs [functions.scenario] with its name"))?;
                let raw = RawScenario {
                    scenario: RawMeta {
                        name: meta.name.clone(),
                        description: meta.description.clone(),
                        region: None,
                        date: None,
                        seed: None,
                        horizon_hours: None,
                        replications: None,
                        free_tier: None,
                    },
                    function: e.function.clone().expect("matched Some"),
                    traffic: e.traffic.clone(),
                    trigger: e.trigger.clone(),
                    current: e.current.clone(),
                    platform: e.platform.clone().unwrap_or_default(),
                    sweep: e.sweep.clone().unwrap_or_default(),
                    recommend: e.recommend.clone().unwrap_or_default(),
                };
                if let Some((key, span)) = account_keys(meta).into_iter().next() {
                    return Err(self.err(span, format!("{key} is the account's: set it once in [application]")));
                }
                let options = LoadOptions {
                    overrides: overrides(meta.name.get_ref().trim()),
                    allowed_dirs: self.options.allowed_dirs.clone(),
                };
                // Spans point into the application's text; files the function names (traces) are found beside
                // the application file.
                Builder { path: &self.shown, text: self.text, catalog: self.catalog, options: &options }
                    .scenario_from(&raw)
            }
            (Some(p), Some(_)) => {
                Err(self.err(p.span(), "give a function either as path = \"file.toml\" or inline, not both"))
            }
            (None, None) => Err(self.err(
                self.entry_span(entry),
                "each [[functions]] entry needs path = \"scenario.toml\" or the scenario's tables inline ([functions.scenario], [functions.function], …)",
            )),
        }
    }

    /// A function's file, relative to the application file's folder.
    fn resolve(&self, p: &str) -> PathBuf {
        let p = Path::new(p);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.path.parent().map_or(p.to_path_buf(), |d| d.join(p))
        }
    }

    fn toml_error(&self, e: &toml::de::Error) -> ScenarioError {
        let (span, message) = super::build::toml_message(e);
        self.err(span, message)
    }
}

/// The keys of an inline `[functions.scenario]` that belong to the account, with where they are written.
fn account_keys(m: &RawMeta) -> Vec<(&'static str, Range<usize>)> {
    let mut out = Vec::new();
    if let Some(r) = &m.region {
        out.push(("region", r.span()));
    }
    if let Some(d) = &m.date {
        out.push(("date", d.span()));
    }
    if let Some(h) = &m.horizon_hours {
        out.push(("horizon_hours", h.span()));
    }
    if let Some(r) = &m.replications {
        out.push(("replications", r.span()));
    }
    if m.seed.is_some() {
        out.push(("seed", m.name.span()));
    }
    if m.free_tier.is_some() {
        out.push(("free_tier", m.name.span()));
    }
    out
}

/// `[application]`'s values that every function takes.
struct Settings {
    region: String,
    date: Option<NaiveDate>,
    seed: u64,
    horizon_hours: u32,
    replications: u32,
    concurrency_limit: u32,
}

/// A function's seed: the application's mixed with the function's name (FNV-1a), so that it does not depend on
/// the order of the functions in the file.
pub fn function_seed(seed: u64, name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    crate::sim::splitmix64(seed ^ crate::sim::splitmix64(h))
}
