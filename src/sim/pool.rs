//! The on-demand execution environments of one function: which are idle, which to route a request to, and when
//! an idle one expires.
//!
//! With a fixed keep-alive, the idle environment that expires next is always the one released longest ago, so
//! idle environments sit in a deque in release order: expiry pops the front, most-recently-used routing pops the
//! back, both O(1). The other routing rules take environments out of the middle; instead of searching the deque,
//! each environment carries a generation counter that is bumped whenever it stops being idle, and deque entries
//! with an old generation are skipped when they reach either end.
//!
//! Left alone, those stale entries would pile up: under newest-created routing the oldest environments stay idle
//! until they expire and hold the front of the deque, so it would keep every release of the last keep-alive period
//! (rate × keep-alive entries: 6 M at 10,000 req/s and 10 min). Instead, when the deque holds more than
//! [`COMPACT_FACTOR`] entries per idle environment (plus a small slack), it is compacted in place, keeping the live
//! entries in order. It then holds at most [`COMPACT_FACTOR`] × (the most environments idle at once so far) +
//! [`COMPACT_SLACK`] entries, whatever the rate, and each compaction of `n` entries removes at least `3n / 4`
//! stale ones that were each pushed once: amortised O(1) per release, about 1.3 entry visits per stale entry.
//! Compaction keeps the order of the live entries, so which environment is taken or expires, and hence every
//! result, is unchanged.

use std::collections::VecDeque;

use rand::Rng;

use self::newest::NewestHeap;
use super::Routing;

/// Stale deque entries tolerated beyond the live ones before compacting: avoids compacting a tiny deque on every
/// release when almost nothing is idle.
const COMPACT_SLACK: usize = 32;
/// Deque entries per idle environment that trigger a compaction. With 2, random routing at 10,000 req/s spent
/// 9 % of its time compacting (each compaction rescans the live half); 4 costs a third as much per stale entry
/// and the deque stays a few KB.
const COMPACT_FACTOR: usize = 4;

/// One on-demand execution environment (a slot; slots are reused after expiry).
#[derive(Debug, Clone, Copy)]
struct Env {
    /// Bumped each time the environment leaves the idle state or its slot is freed.
    gen: u32,
    /// Creation order (for [`Routing::NewestCreated`]).
    created: u64,
    /// End of its last invocation [µs].
    released_us: u64,
    /// Position in the random-routing index while idle.
    pos: u32,
}

/// Routing-specific index over the idle environments, beside the release-ordered deque.
#[derive(Debug)]
enum Index {
    /// Most recently released: the back of the deque.
    Mru,
    /// Latest creation: a max-heap on `created`, with `Env::pos` pointing into it.
    Newest(NewestHeap),
    /// Uniform: dense list of idle environments, with `Env::pos` pointing into it.
    Random(Vec<u32>),
}

/// The on-demand environments of one simulation run.
#[derive(Debug)]
pub(crate) struct Pool {
    envs: Vec<Env>,
    free: Vec<u32>,
    /// `(env, gen)` of idle environments in release order; entries with an old `gen` are stale.
    by_release: VecDeque<(u32, u32)>,
    index: Index,
    idle: u32,
    created: u64,
    /// Keep-alive [µs].
    keep_alive_us: u64,
}

impl Pool {
    pub(crate) fn new(routing: Routing, keep_alive_us: u64) -> Self {
        let index = match routing {
            Routing::MostRecentlyUsed => Index::Mru,
            Routing::NewestCreated => Index::Newest(NewestHeap::default()),
            Routing::Random => Index::Random(Vec::new()),
        };
        Self {
            envs: Vec::new(),
            free: Vec::new(),
            by_release: VecDeque::new(),
            index,
            idle: 0,
            created: 0,
            keep_alive_us,
        }
    }

    /// Idle environments now.
    #[inline]
    pub(crate) fn idle(&self) -> u32 {
        self.idle
    }

    /// A new environment, busy from the start.
    pub(crate) fn create(&mut self) -> u32 {
        self.created += 1;
        let fresh = Env { gen: 0, created: self.created, released_us: 0, pos: 0 };
        match self.free.pop() {
            Some(id) => {
                let env = &mut self.envs[id as usize];
                *env = Env { gen: env.gen, ..fresh };
                id
            }
            None => {
                self.envs.push(fresh);
                (self.envs.len() - 1) as u32
            }
        }
    }

    /// Environment `id` finished an invocation at `now_us` and becomes idle.
    #[inline(always)]
    pub(crate) fn release(&mut self, id: u32, now_us: u64) {
        let env = &mut self.envs[id as usize];
        env.released_us = now_us;
        self.by_release.push_back((id, env.gen));
        self.idle += 1;
        match &mut self.index {
            Index::Mru => {}
            Index::Newest(heap) => heap.push(&mut self.envs, id),
            Index::Random(list) => {
                env.pos = list.len() as u32;
                list.push(id);
            }
        }
        if self.by_release.len() > COMPACT_FACTOR * self.idle as usize + COMPACT_SLACK {
            self.compact();
        }
    }

    /// Drops the stale entries of the release-ordered deque, keeping the live ones in release order.
    #[cold]
    fn compact(&mut self) {
        // A two-finger pass over the contiguous slice: cheaper than `VecDeque::retain`'s ring indexing.
        let entries = self.by_release.make_contiguous();
        let mut kept = 0;
        for i in 0..entries.len() {
            let (id, gen) = entries[i];
            if self.envs[id as usize].gen == gen {
                entries[kept] = (id, gen);
                kept += 1;
            }
        }
        self.by_release.truncate(kept);
        debug_assert_eq!(kept, self.idle as usize);
    }

    /// Takes an idle environment by the routing rule, or `None` if there is none.
    #[inline(always)]
    pub(crate) fn take<R: Rng + ?Sized>(&mut self, rng: &mut R) -> Option<u32> {
        if self.idle == 0 {
            return None;
        }
        let id = match &mut self.index {
            Index::Mru => loop {
                let (id, gen) = self.by_release.pop_back().expect("idle > 0");
                if self.envs[id as usize].gen == gen {
                    break id;
                }
            },
            Index::Newest(heap) => heap.pop_newest(&mut self.envs).expect("idle > 0"),
            Index::Random(list) => {
                let pos = rng.gen_range(0..list.len());
                let id = list.swap_remove(pos);
                if let Some(&moved) = list.get(pos) {
                    self.envs[moved as usize].pos = pos as u32;
                }
                id
            }
        };
        self.envs[id as usize].gen = self.envs[id as usize].gen.wrapping_add(1);
        self.idle -= 1;
        Some(id)
    }

    /// When the idle environment released longest ago expires [µs], if there is an idle environment.
    #[inline]
    pub(crate) fn next_expiry_us(&mut self) -> Option<u64> {
        while let Some(&(id, gen)) = self.by_release.front() {
            let env = &self.envs[id as usize];
            if env.gen == gen {
                return Some(env.released_us.saturating_add(self.keep_alive_us));
            }
            self.by_release.pop_front();
        }
        None
    }

    /// Removes the environment whose expiry [`Pool::next_expiry_us`] just returned.
    pub(crate) fn expire_next(&mut self) {
        let (id, _) = self.by_release.pop_front().expect("next_expiry_us returned Some");
        let env = &mut self.envs[id as usize];
        env.gen = env.gen.wrapping_add(1);
        match &mut self.index {
            Index::Mru => {}
            Index::Newest(heap) => heap.remove(&mut self.envs, id),
            Index::Random(list) => {
                let pos = env.pos as usize;
                list.swap_remove(pos);
                if let Some(&moved) = list.get(pos) {
                    self.envs[moved as usize].pos = pos as u32;
                }
            }
        }
        self.idle -= 1;
        self.free.push(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_pcg::Pcg64Mcg;

    fn pool_with_three(routing: Routing) -> Pool {
        // Created 0, 1, 2; released in order 1, 0, 2 at times 10, 20, 30; keep-alive 100.
        let mut p = Pool::new(routing, 100);
        let ids: Vec<u32> = (0..3).map(|_| p.create()).collect();
        p.release(ids[1], 10);
        p.release(ids[0], 20);
        p.release(ids[2], 30);
        p
    }

    #[test]
    fn mru_takes_last_released_and_expiry_takes_first() {
        let mut rng = Pcg64Mcg::seed_from_u64(0);
        let mut p = pool_with_three(Routing::MostRecentlyUsed);
        assert_eq!(p.take(&mut rng), Some(2));
        assert_eq!(p.next_expiry_us(), Some(110));
        p.expire_next();
        assert_eq!(p.take(&mut rng), Some(0));
        assert_eq!(p.take(&mut rng), None);
        assert_eq!(p.next_expiry_us(), None);
    }

    #[test]
    fn newest_created_skips_stale_deque_entries() {
        let mut rng = Pcg64Mcg::seed_from_u64(0);
        let mut p = pool_with_three(Routing::NewestCreated);
        assert_eq!(p.take(&mut rng), Some(2));
        assert_eq!(p.take(&mut rng), Some(1)); // created second, released first
        assert_eq!(p.next_expiry_us(), Some(120)); // env 0, released at 20
        p.expire_next();
        assert_eq!((p.idle(), p.take(&mut rng)), (0, None));
        // The freed slot is reused with a new generation; the old entries stay stale.
        assert_eq!(p.create(), 0);
        p.release(0, 200);
        assert_eq!(p.next_expiry_us(), Some(300));
    }

    #[test]
    fn random_keeps_positions_consistent() {
        let mut rng = Pcg64Mcg::seed_from_u64(1);
        let mut p = pool_with_three(Routing::Random);
        let a = p.take(&mut rng).unwrap();
        let mut rest = Vec::new();
        while p.next_expiry_us().is_some() {
            p.expire_next();
            rest.push(());
        }
        assert_eq!(rest.len(), 2);
        assert_eq!(p.idle(), 0);
        assert!(a < 3);
    }
}

mod newest;
#[cfg(test)]
mod shadow;
