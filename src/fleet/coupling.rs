//! Which functions must be swept against their neighbours' use of the pool: those that, at some minute, could push the account's unreserved
//! pool near its limit.
//!
//! Simulating the whole account for every point of every function costs (functions)² × points. Instead, the
//! account is simulated once at today's settings, and an upper bound of the pool's use at each minute is taken for
//! any choice of settings: each sharing function's busy environments that minute, scaled by the most its sweep
//! could lengthen an invocation (by Little's law concurrency grows with duration at the same traffic), summed. The
//! minutes where that bound reaches `threshold` × the unreserved pool are the **pressure** minutes; the sharing
//! functions busy in one are **coupled**: each point of theirs is simulated against the pool less what the other
//! sharing functions held, second by second, in today's account run (see [`crate::sim::run_with_background`]).
//! Every other function is swept alone with the whole pool: it never comes near the limit, so the others cannot
//! change what it sees. Either way a point costs one function's simulation, and the work stays linear in the
//! number of functions; the recommended set is then simulated together once, which checks what the
//! decomposition leaves out (the neighbours' own throttles).

use crate::scenario::Scenario;
use crate::sim::AccountResult;

/// How much longer, at most, an invocation of `scenario` runs at any setting of its sweep than at today's
/// (mean durations; at least 1).
pub fn duration_scale(scenario: &Scenario) -> f64 {
    let Some(c) = scenario.current() else { return 1.0 };
    let model = scenario.duration();
    let today = model.mean_ms(c.memory_mb, c.architecture);
    if today <= 0.0 {
        return 1.0;
    }
    let worst = scenario
        .architectures()
        .iter()
        .flat_map(|&a| scenario.memory_mb().iter().map(move |&m| model.mean_ms(m, a)))
        .fold(1.0f64, |w, d| w.max(d / today));
    if worst.is_finite() {
        worst
    } else {
        1.0
    }
}

/// The coupled functions among `members` (indices into the region's functions, which `baseline` simulated in
/// that order, one result per replication). `shares[i]`: function `i` draws on the unreserved pool; `scale[i]`:
/// its [`duration_scale`]. Also returns the bound's peak [environments].
pub fn coupled(
    baseline: &[AccountResult],
    shares: &[bool],
    scale: &[f64],
    unreserved: u32,
    threshold: f64,
) -> (Vec<bool>, f64) {
    let n = shares.len();
    let Some(first) = baseline.first() else { return (vec![false; n], 0.0) };
    let buckets = first.in_use.len();
    // Busiest replication per bucket, per function.
    let busy = |f: usize, b: usize| {
        baseline.iter().map(|r| r.functions[f].timeline.buckets.get(b).map_or(0, |x| x.max_busy)).max().unwrap_or(0)
    };
    let limit = threshold * f64::from(unreserved);
    let mut coupled = vec![false; n];
    let mut peak = 0.0f64;
    for b in 0..buckets {
        let observed = baseline.iter().map(|r| r.in_use[b]).max().unwrap_or(0) as f64;
        let scaled: f64 = (0..n).filter(|&f| shares[f]).map(|f| scale[f] * f64::from(busy(f, b))).sum();
        let bound = observed.max(scaled);
        peak = peak.max(bound);
        if bound >= limit {
            for f in (0..n).filter(|&f| shares[f] && busy(f, b) > 0) {
                coupled[f] = true;
            }
        }
    }
    (coupled, peak)
}
