//! The fuzz harness shared by `tests/fuzz_smoke.rs` (a short run per target in the test suite) and
//! `examples/fuzz.rs` (the long run). Stable Rust only: a seeded mutator ([`mutate`]), one target per parser
//! ([`targets`]), and a runner that turns panics and oracle failures into [`Finding`]s.
//!
//! The oracle of every case: the parser does not panic (a panic hook records the message, `catch_unwind` keeps
//! going), and what it accepts holds only finite numbers, in the parsed value (its `Debug` text) and in everything
//! rendered from it (no `NaN` or `inf` token). Hangs are caught by a watchdog, see [`Watchdog`].
#![allow(dead_code)]

pub mod mutate;
pub mod targets;

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

pub use mutate::Rng;
pub use targets::Target;

/// What a case found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The target.
    pub target: &'static str,
    /// The case index (with the run's seed, it regenerates the input).
    pub case: u64,
    /// The input.
    pub input: Vec<u8>,
    /// `panic: <message> at <file:line>`, or the oracle's complaint.
    pub message: String,
    /// What the case changed in its seed, before the input was shrunk (empty: work it out from the input).
    pub origin: String,
}

impl Finding {
    /// What tells two findings apart: the panic's location, or the oracle's complaint without its details.
    pub fn key(&self) -> String {
        match self.message.rsplit_once(" at ") {
            Some((_, location)) if self.message.starts_with("panic") => format!("panic at {location}"),
            // Counts and values vary between cases of one kind: digits are left out.
            _ => {
                let head = self.message.split(':').next().unwrap_or_default();
                head.chars().filter(|c| !c.is_ascii_digit()).collect()
            }
        }
    }

    /// What the input changed in the closest seed file: `at byte N: "seed text" → "input text"` (escaped, short).
    pub fn change(&self, corpus: &[Vec<u8>]) -> String {
        fn diff<'a>(a: &'a [u8], seed: &'a [u8]) -> (usize, &'a [u8], &'a [u8]) {
            let pre = a.iter().zip(seed).take_while(|(x, y)| x == y).count();
            let post = a[pre..].iter().rev().zip(seed[pre..].iter().rev()).take_while(|(x, y)| x == y).count();
            (pre, &seed[pre..seed.len() - post], &a[pre..a.len() - post])
        }
        let closest = corpus.iter().map(|s| diff(&self.input, s)).min_by_key(|(_, was, now)| was.len() + now.len());
        let Some((at, was, now)) = closest else {
            return String::new();
        };
        let short = |b: &[u8]| {
            let t = String::from_utf8_lossy(b);
            let n = t.chars().count();
            let head: String = t.chars().take(160).collect();
            let more = if n > 160 { format!("… ({} bytes)", b.len()) } else { String::new() };
            format!("\"{}\"{more}", head.escape_debug())
        };
        format!("at byte {at} of the closest seed: {} → {}", short(was), short(now))
    }

    /// The finding as text for a findings file: message, case and the input, escaped.
    pub fn describe(&self, seed: u64, corpus: &[Vec<u8>]) -> String {
        let text = String::from_utf8_lossy(&self.input);
        let shown: String = if text.chars().count() > 4000 {
            format!("{}… ({} bytes in all)", text.chars().take(4000).collect::<String>(), self.input.len())
        } else {
            text.into_owned()
        };
        format!(
            "target: {}\nseed: {seed}\ncase: {}\nfinding: {}\nchange: {}\ninput ({} bytes, escaped):\n\"{}\"\n",
            self.target,
            self.case,
            self.message,
            if self.origin.is_empty() { self.change(corpus) } else { self.origin.clone() },
            self.input.len(),
            shown.escape_debug()
        )
    }
}

thread_local! {
    /// The last panic's message and location on this thread, while a case runs.
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Whether this thread is running fuzz cases (their panics are recorded, not printed).
    static FUZZING: RefCell<bool> = const { RefCell::new(false) };
}

static ACCEPTED: AtomicU64 = AtomicU64::new(0);

/// Targets call this when the parser accepted the input (for the share of cases that reach the renderers).
pub fn accepted() {
    ACCEPTED.fetch_add(1, Ordering::Relaxed);
}

/// Cases accepted so far in this process.
pub fn accepted_count() -> u64 {
    ACCEPTED.load(Ordering::Relaxed)
}

/// Installs, once, a panic hook that records the panics of fuzz cases and prints every other panic as usual.
fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if FUZZING.with(|f| *f.borrow()) {
                let message = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(non-string payload)".into());
                let mut location = info.location().map_or("?".into(), |l| format!("{}:{}", l.file(), l.line()));
                // A panic inside a dependency (rust_decimal's overflow) is told apart by the crate's frame that
                // called it.
                if !location.starts_with("src/") {
                    if let Some(frame) = caller_in_crate(&std::backtrace::Backtrace::force_capture().to_string()) {
                        location = format!("{frame} (in {location})");
                    }
                }
                PANIC.with(|p| *p.borrow_mut() = Some(format!("panic: {message} at {location}")));
            } else {
                previous(info);
            }
        }));
    });
}

/// The innermost frame of this crate's `src/` in a backtrace's text (`src/pricing/bill.rs:120`).
fn caller_in_crate(backtrace: &str) -> Option<String> {
    backtrace.lines().map(str::trim).filter_map(|l| l.strip_prefix("at ")).find_map(|at| {
        let i = at.find("/src/").filter(|_| at.starts_with("./") || at.starts_with(env!("CARGO_MANIFEST_DIR")))?;
        let path = &at[i + 1..];
        Some(path.rsplit_once(':').map_or(path, |(p, _)| p).to_string())
    })
}

/// Runs `input` through `target`: `None` when the oracle is satisfied.
pub fn run_case(target: &Target, case: u64, input: Vec<u8>) -> Option<Finding> {
    install_hook();
    FUZZING.with(|f| *f.borrow_mut() = true);
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| (target.run)(&input)));
    FUZZING.with(|f| *f.borrow_mut() = false);
    let message = match outcome {
        Ok(Ok(())) => return None,
        Ok(Err(complaint)) => complaint,
        Err(_) => PANIC.with(|p| p.borrow_mut().take()).unwrap_or_else(|| "panic: (no message)".into()),
    };
    Some(Finding { target: target.name, case, input, message, origin: String::new() })
}

/// The input of case `case` of `target` in the run seeded `seed`.
pub fn input_for(target: &Target, corpus: &[Vec<u8>], seed: u64, case: u64) -> Vec<u8> {
    let mut rng = Rng::for_case(seed, case);
    mutate::mutate(&mut rng, corpus, target.dictionary)
}

/// Runs cases `from..to`; calls `on_finding` for each finding.
pub fn run_range(
    target: &Target,
    corpus: &[Vec<u8>],
    seed: u64,
    from: u64,
    to: u64,
    watchdog: Option<&Watchdog>,
    mut on_finding: impl FnMut(Finding),
) {
    for case in from..to {
        if let Some(w) = watchdog {
            w.start(case);
        }
        if let Some(f) = run_case(target, case, input_for(target, corpus, seed, case)) {
            on_finding(f);
        }
    }
    if let Some(w) = watchdog {
        w.stop();
    }
}

/// Shrinks a finding's input while it still gives a finding with the same key (greedy chunk removal); each
/// smaller input runs under `watchdog` as a case of its own.
pub fn minimize(target: &Target, finding: &Finding, budget: usize, watchdog: Option<&Watchdog>) -> Finding {
    let run = |candidate: Vec<u8>| {
        if let Some(w) = watchdog {
            w.start(finding.case);
        }
        let found = run_case(target, finding.case, candidate);
        if let Some(w) = watchdog {
            w.stop();
        }
        found
    };
    let mut best = finding.clone();
    if best.origin.is_empty() {
        best.origin = format!("(before shrinking) {}", finding.change(&(target.corpus)()));
    }
    let key = finding.key();
    let mut tries = 0;
    // Whole lines first (structured formats survive it), then ever smaller byte ranges.
    let mut i = 0;
    while tries < budget {
        let lines: Vec<usize> = std::iter::once(0)
            .chain(best.input.iter().enumerate().filter(|(_, &b)| b == b'\n').map(|(p, _)| p + 1))
            .collect();
        let Some(&start) = lines.get(i) else { break };
        let end = lines.get(i + 1).copied().unwrap_or(best.input.len());
        let mut candidate = best.input.clone();
        candidate.drain(start..end);
        tries += 1;
        match run(candidate) {
            Some(f) if f.key() == key => best = Finding { origin: best.origin.clone(), ..f },
            _ => i += 1,
        }
    }
    let mut chunk = best.input.len().div_ceil(2).max(1);
    while chunk >= 1 && tries < budget {
        let mut i = 0;
        while i < best.input.len() && tries < budget {
            let mut candidate = best.input.clone();
            candidate.drain(i..(i + chunk).min(best.input.len()));
            tries += 1;
            match run(candidate) {
                Some(f) if f.key() == key => best = Finding { origin: best.origin.clone(), ..f },
                _ => i += chunk,
            }
        }
        if chunk == 1 {
            break;
        }
        chunk /= 2;
    }
    best
}

/// A hang detector: if one case runs longer than `limit`, `on_hang(case)` is called on the watchdog's thread
/// (it reports and ends the process: a stuck case cannot be stopped from outside).
pub struct Watchdog {
    /// Case running + 1, or 0 when none.
    current: Arc<AtomicU64>,
    /// When it started [ms since the watchdog started].
    started_ms: Arc<AtomicU64>,
    origin: Instant,
}

impl Watchdog {
    /// Starts the watchdog thread.
    pub fn spawn(limit: Duration, on_hang: impl Fn(u64) + Send + 'static) -> Watchdog {
        let current = Arc::new(AtomicU64::new(0));
        let started_ms = Arc::new(AtomicU64::new(0));
        let origin = Instant::now();
        let (c, s) = (current.clone(), started_ms.clone());
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(250));
            let case = c.load(Ordering::SeqCst);
            let now = origin.elapsed().as_millis() as u64;
            if case > 0 && now.saturating_sub(s.load(Ordering::SeqCst)) > limit.as_millis() as u64 {
                // Read again: the case may have finished meanwhile.
                if c.load(Ordering::SeqCst) == case {
                    on_hang(case - 1);
                }
            }
        });
        Watchdog { current, started_ms, origin }
    }

    /// Case `case` starts now.
    pub fn start(&self, case: u64) {
        self.started_ms.store(self.origin.elapsed().as_millis() as u64, Ordering::SeqCst);
        self.current.store(case + 1, Ordering::SeqCst);
    }

    /// No case is running.
    pub fn stop(&self) {
        self.current.store(0, Ordering::SeqCst);
    }
}

/// The oracle on text: a `NaN` or `inf` token (a word on its own, not inside `info` or `infeasible`).
pub fn non_finite(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    for word in ["NaN", "nan", "inf", "Infinity"] {
        let mut from = 0;
        while let Some(p) = text[from..].find(word) {
            let (s, e) = (from + p, from + p + word.len());
            let before = s.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(e).copied();
            // `+` and `/` count as letters: base64 (links in the HTML) may spell `inf` between them.
            let boundary = |b: Option<u8>| b.is_none_or(|b| !b.is_ascii_alphanumeric() && !b"_+/".contains(&b));
            if boundary(before) && boundary(after) {
                let lo = text.floor_char_boundary_compat(s.saturating_sub(40));
                let hi = text.floor_char_boundary_compat((e + 40).min(text.len()));
                return Some(text[lo..hi].to_string());
            }
            from = e;
        }
    }
    None
}

/// `str::floor_char_boundary` on stable.
trait FloorBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}

impl FloorBoundary for str {
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        while !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

/// Fails the oracle with `what` when `text` holds a non-finite number.
pub fn check_finite(what: &str, text: &str) -> Result<(), String> {
    match non_finite(text) {
        Some(around) => Err(format!("non-finite number in {what}: …{around}…")),
        None => Ok(()),
    }
}
