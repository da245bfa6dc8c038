//! Shadow-model test of [`Pool`]: millions of random create / release / take / expire operations, each checked
//! against a naive list of the idle environments, under every routing rule and keep-alives from 0 to never.
//!
//! The model is written from the rules, not from the pool: an idle environment expires `keep_alive` after its
//! release, and one whose expiry equals the current time has already expired (src/sim/mod.rs, "Model"); most-
//! recently-used routing takes the environment released last, newest-created the one created last, random any idle
//! one (the test checks it was idle and mirrors the choice). The operations follow the engine's protocol: time never
//! goes back, and expiry is applied (`next_expiry_us` / `expire_next` up to now) before every take.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

use super::{Pool, COMPACT_FACTOR, COMPACT_SLACK};
use crate::sim::Routing;

/// An idle environment in the model.
#[derive(Debug, Clone, Copy)]
struct Idle {
    id: u32,
    /// Creation number (1, 2, … in order of `create`).
    created: u64,
    /// Release time [µs].
    released_us: u64,
    /// Order of the `release` call, to break ties between releases at the same time.
    seq: u64,
}

/// The naive model: plain lists, linear scans.
#[derive(Debug, Default)]
struct Model {
    idle: Vec<Idle>,
    /// `(id, created)` of busy environments.
    busy: Vec<(u32, u64)>,
    created: u64,
    seq: u64,
    keep_alive_us: u64,
}

impl Model {
    fn expiry(&self, e: &Idle) -> u64 {
        e.released_us.saturating_add(self.keep_alive_us)
    }

    /// The idle environment released first (earliest release, then earliest call): the next to expire.
    fn oldest(&self) -> Option<usize> {
        (0..self.idle.len()).min_by_key(|&i| (self.idle[i].released_us, self.idle[i].seq))
    }

    fn next_expiry_us(&self) -> Option<u64> {
        self.oldest().map(|i| self.expiry(&self.idle[i]))
    }

    fn is_live(&self, id: u32) -> bool {
        self.idle.iter().any(|e| e.id == id) || self.busy.iter().any(|&(b, _)| b == id)
    }
}

/// Expires, in both, every idle environment whose expiry is at or before `now_us`, as the engine does before each
/// event; checks each expiry time and that nothing due is left.
fn expire_until(pool: &mut Pool, model: &mut Model, now_us: u64) {
    while let Some(expiry) = pool.next_expiry_us() {
        assert_eq!(Some(expiry), model.next_expiry_us(), "next expiry");
        if expiry > now_us {
            break;
        }
        pool.expire_next();
        let i = model.oldest().expect("model has the idle environment");
        model.idle.swap_remove(i);
    }
    assert!(model.idle.iter().all(|e| model.expiry(e) > now_us), "an environment due at {now_us} survived");
    assert_eq!(pool.next_expiry_us(), model.next_expiry_us());
}

/// The environment the routing rule must take, or `None` for random routing (any idle one).
fn expected_take(model: &Model, routing: Routing) -> Option<u32> {
    let best = match routing {
        Routing::MostRecentlyUsed => model.idle.iter().max_by_key(|e| (e.released_us, e.seq)),
        Routing::NewestCreated => model.idle.iter().max_by_key(|e| e.created),
        Routing::Random => None,
    };
    best.map(|e| e.id)
}

/// One random run of `ops` operations; returns the most idle environments seen.
fn run(routing: Routing, keep_alive_us: u64, ops: u32, seed: u64) -> usize {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut pool_rng = Pcg64Mcg::seed_from_u64(seed ^ 0xABCD);
    let mut pool = Pool::new(routing, keep_alive_us);
    let mut model = Model { keep_alive_us, ..Model::default() };
    // Cap on live environments, varied per run so that some runs are mostly idle and some mostly busy.
    let cap = 1 + rng.gen_range(0..64);
    let mut now_us = 0u64;
    let mut peak_idle = 0usize;
    for _ in 0..ops {
        match rng.gen_range(0..100) {
            // Time passes: not at all, a little, a lot, or exactly to (or just before) the next expiry.
            0..=24 => {
                let step = match rng.gen_range(0..6) {
                    0 => 0,
                    1 => rng.gen_range(1..=3),
                    2 => rng.gen_range(0..=keep_alive_us.min(1_000).saturating_mul(2)),
                    3 | 4 => model.next_expiry_us().filter(|&e| e < u64::MAX / 2).map_or(0, |e| e - now_us),
                    _ => model
                        .next_expiry_us()
                        .filter(|&e| e < u64::MAX / 2)
                        .map_or(0, |e| (e - now_us).saturating_sub(1)),
                };
                now_us += step;
                expire_until(&mut pool, &mut model, now_us);
            }
            // An arrival: expire what is due (an expiry exactly now counts as expired), then take or create.
            25..=59 => {
                expire_until(&mut pool, &mut model, now_us);
                let want = expected_take(&model, routing);
                match pool.take(&mut pool_rng) {
                    Some(id) => {
                        let i = model.idle.iter().position(|e| e.id == id).unwrap_or_else(|| {
                            panic!("{routing:?} took {id}, which is not idle at {now_us}: {:?}", model.idle)
                        });
                        if let Some(w) = want {
                            assert_eq!(id, w, "{routing:?} at {now_us}: idle {:?}", model.idle);
                        }
                        let e = model.idle.swap_remove(i);
                        model.busy.push((e.id, e.created));
                    }
                    None => {
                        assert!(model.idle.is_empty(), "take found nothing but {} are idle", model.idle.len());
                        if model.busy.len() < cap {
                            let id = pool.create();
                            assert!(!model.is_live(id), "create reused live slot {id}");
                            model.created += 1;
                            model.busy.push((id, model.created));
                        }
                    }
                }
            }
            // A new environment even though some are idle (the pool must not care why it is asked).
            60..=64 => {
                if model.busy.len() + model.idle.len() < cap {
                    let id = pool.create();
                    assert!(!model.is_live(id), "create reused live slot {id}");
                    model.created += 1;
                    model.busy.push((id, model.created));
                }
            }
            // An invocation ends.
            _ => {
                if !model.busy.is_empty() {
                    let (id, created) = model.busy.swap_remove(rng.gen_range(0..model.busy.len()));
                    pool.release(id, now_us);
                    model.seq += 1;
                    model.idle.push(Idle { id, created, released_us: now_us, seq: model.seq });
                }
            }
        }
        assert_eq!(pool.idle() as usize, model.idle.len());
        peak_idle = peak_idle.max(model.idle.len());
        // The memory bound: a few entries per idle environment, plus the slack.
        assert!(
            pool.by_release.len() <= COMPACT_FACTOR * peak_idle + COMPACT_SLACK,
            "{routing:?}: deque of {} entries with at most {peak_idle} idle",
            pool.by_release.len()
        );
    }
    peak_idle
}

const ROUTINGS: [Routing; 3] = [Routing::MostRecentlyUsed, Routing::NewestCreated, Routing::Random];
/// Keep-alives [µs]: 0 (an environment expires the instant it is released), a few µs (many exact ties between
/// expiries and arrivals), long (nothing expires for thousands of operations, so stale entries pile up), never.
const KEEP_ALIVES_US: [u64; 6] = [0, 1, 7, 50, 100_000, u64::MAX];

#[test]
fn pool_matches_naive_model_under_every_routing() {
    // 3 routings × 6 keep-alives × 4 seeds × 100,000 operations = 7.2 M operations.
    for routing in ROUTINGS {
        for (k, &ka) in KEEP_ALIVES_US.iter().enumerate() {
            for s in 0..4 {
                let peak = run(routing, ka, 100_000, (k as u64) << 8 | s);
                assert!(peak > 0, "{routing:?} ka {ka}: the run never had an idle environment");
            }
        }
    }
}

/// Newest-created routing at a high rate with a long keep-alive: the case that kept a stale entry per release.
/// A fixed population of 1,000 environments cycles for 1 M releases; the deque must stay near the idle count,
/// not grow to the 1 M releases of the (never-reached) keep-alive period.
#[test]
fn newest_created_deque_is_bounded_by_idle_count() {
    for routing in ROUTINGS {
        let mut rng = Pcg64Mcg::seed_from_u64(7);
        let mut pool = Pool::new(routing, u64::MAX);
        let mut busy: Vec<u32> = (0..1_000).map(|_| pool.create()).collect();
        for t in 0..1_000_000u64 {
            let id = busy.swap_remove(rng.gen_range(0..busy.len()));
            pool.release(id, t);
            busy.push(pool.take(&mut rng).expect("just released one"));
        }
        // At most one idle environment at a time: 4 × 1 + 32 entries.
        assert!(
            pool.by_release.len() <= COMPACT_FACTOR + COMPACT_SLACK,
            "{routing:?}: {} entries",
            pool.by_release.len()
        );
    }
}
