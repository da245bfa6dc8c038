//! The idle environments under newest-created routing: a binary max-heap on creation order, indexed by
//! `Env::pos` so that an expiring environment is removed from the middle in O(log n) without a search.
//!
//! It replaced a `BTreeSet<(created, env)>`: the same order (creation numbers are unique, so the maximum is too)
//! with no node allocation and fewer cache lines per operation.

use super::Env;

/// Max-heap of `(created, env)`; `envs[env].pos` is the entry's index while the environment is idle.
#[derive(Debug, Default)]
pub(super) struct NewestHeap(Vec<(u64, u32)>);

impl NewestHeap {
    /// Adds idle environment `id`.
    #[inline]
    pub(super) fn push(&mut self, envs: &mut [Env], id: u32) {
        self.0.push((envs[id as usize].created, id));
        self.sift_up(envs, self.0.len() - 1);
    }

    /// Removes and returns the idle environment created last.
    #[inline]
    pub(super) fn pop_newest(&mut self, envs: &mut [Env]) -> Option<u32> {
        (!self.0.is_empty()).then(|| self.remove_at(envs, 0))
    }

    /// Removes idle environment `id`.
    #[inline]
    pub(super) fn remove(&mut self, envs: &mut [Env], id: u32) {
        let pos = envs[id as usize].pos as usize;
        debug_assert_eq!(self.0[pos].1, id);
        self.remove_at(envs, pos);
    }

    fn remove_at(&mut self, envs: &mut [Env], i: usize) -> u32 {
        let removed = self.0[i].1;
        let last = self.0.pop().expect("non-empty");
        if i < self.0.len() {
            self.0[i] = last;
            if i > 0 && self.0[(i - 1) / 2].0 < last.0 {
                self.sift_up(envs, i);
            } else {
                self.sift_down(envs, i);
            }
        }
        removed
    }

    fn sift_up(&mut self, envs: &mut [Env], mut i: usize) {
        let item = self.0[i];
        while i > 0 {
            let parent = (i - 1) / 2;
            if self.0[parent].0 >= item.0 {
                break;
            }
            self.place(envs, i, self.0[parent]);
            i = parent;
        }
        self.place(envs, i, item);
    }

    fn sift_down(&mut self, envs: &mut [Env], mut i: usize) {
        let n = self.0.len();
        let item = self.0[i];
        loop {
            let left = 2 * i + 1;
            if left >= n {
                break;
            }
            let child = if left + 1 < n && self.0[left + 1].0 > self.0[left].0 { left + 1 } else { left };
            if self.0[child].0 <= item.0 {
                break;
            }
            self.place(envs, i, self.0[child]);
            i = child;
        }
        self.place(envs, i, item);
    }

    #[inline]
    fn place(&mut self, envs: &mut [Env], i: usize, item: (u64, u32)) {
        self.0[i] = item;
        envs[item.1 as usize].pos = i as u32;
    }
}
