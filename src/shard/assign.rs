//! The split of the work units over N shards: deterministic, and balanced by expected work.
//!
//! Greedy longest-processing-time-first: units sorted by weight, heaviest first (ties by their index in the unit
//! list), each given to the shard with the least weight so far (ties to the lowest shard index). Every process
//! that splits the same units over the same N gets the same split, so `costsim merge` can tell which shard should
//! have produced a missing unit. LPT's makespan is at most 4/3 of the best possible (Graham, 1969).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The shard of each unit (`out[i]` for unit `i`, of `weights[i]`), over `count` shards (at least 1).
pub fn assign(weights: &[u64], count: u32) -> Vec<u32> {
    let count = count.max(1);
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| (Reverse(weights[i]), i));
    // (load so far, shard): the least-loaded shard on top, the lowest index among equals.
    let mut loads: BinaryHeap<Reverse<(u128, u32)>> = (0..count).map(|k| Reverse((0, k))).collect();
    let mut out = vec![0; weights.len()];
    for i in order {
        let Reverse((load, k)) = loads.pop().expect("at least one shard");
        out[i] = k;
        loads.push(Reverse((load + u128::from(weights[i]), k)));
    }
    out
}

/// Expected work of one unit: the invocations it simulates, `rate` [requests/s] over `horizon_hours` in each of
/// `replications`, plus one for the unit's fixed cost (a unit that expects no request still runs).
pub fn weight(rate_per_s: f64, horizon_hours: u32, replications: u32) -> u64 {
    let invocations = rate_per_s * f64::from(horizon_hours) * 3600.0 * f64::from(replications);
    // `as` saturates: a NaN is 0, an absurd rate the largest weight; either way the split stays deterministic.
    (invocations.max(0.0).round() as u64).saturating_add(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heaviest_first_to_the_least_loaded() {
        // Weights 5, 4, 3, 3, 1 over 2 shards: 5 → shard 0; 4 → 1; unit 2's 3 → 1 (load 4 < 5); unit 3's 3 → 0
        // (5 < 7); 1 → 1 (7 < 8). Loads 8 and 8.
        assert_eq!(assign(&[5, 4, 3, 3, 1], 2), vec![0, 1, 1, 0, 1]);
        // Equal weights go round the shards in index order.
        assert_eq!(assign(&[1, 1, 1, 1], 3), vec![0, 1, 2, 0]);
        assert_eq!(assign(&[7, 7], 1), vec![0, 0]);
    }

    #[test]
    fn weight_counts_invocations() {
        // 2 requests/s × 1 h × 3 replications = 21,600 invocations, plus one.
        assert_eq!(weight(2.0, 1, 3), 21_601);
        assert_eq!(weight(0.0, 730, 5), 1);
        assert_eq!(weight(f64::NAN, 1, 1), 1);
    }
}
