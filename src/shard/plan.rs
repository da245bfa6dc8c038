//! The work units of an input, named and weighed, and their split over N shards.
//!
//! A unit is one setting (architecture × memory, or today's on today's platform) of one function, with all its
//! replications: the point's statistics (the pooled latency histogram, the confidence intervals, the mean bill)
//! are computed from all of them together, so a replication is not worth shipping alone. Each replication's seed
//! depends only on the input's seed and the replication's number ([`crate::sweep::replication_seed`]; an
//! application's functions each have their own seed), never on where or in which order it runs.

use super::assign;
use crate::fleet;
use crate::scenario::{Application, Scenario};
use crate::Architecture;

/// The units of an input in their fixed order, and which shard computes each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Each unit's name, e.g. `api/arm64/512MB`.
    pub ids: Vec<String>,
    /// Each unit's expected work [invocations] (see [`assign::weight`]).
    pub weights: Vec<u64>,
    /// Each unit's shard, 0 ≤ shard < N.
    pub shards: Vec<u32>,
}

impl Plan {
    fn new(units: Vec<(String, u64)>, count: u32) -> Plan {
        let (ids, weights): (Vec<String>, Vec<u64>) = units.into_iter().unzip();
        let shards = assign::assign(&weights, count);
        Plan { ids, weights, shards }
    }

    /// The plan of a scenario's sweep ([`crate::sweep::settings`], in order) over `count` shards.
    pub fn scenario(s: &Scenario, count: u32) -> Plan {
        let w = assign::weight(s.mean_rate_per_s(), s.horizon_hours(), s.replications());
        let units = crate::sweep::settings(s)
            .into_iter()
            .map(|(arch, mem, _, current)| (unit_id(s.name(), arch, mem, current), w))
            .collect();
        Plan::new(units, count)
    }

    /// The plan of an application's sweeps ([`fleet::sweep_units`], in order) over `count` shards.
    pub fn application(app: &Application, count: u32) -> Plan {
        let units = fleet::sweep_units(app)
            .into_iter()
            .map(|u| {
                let s = app.functions()[u.function].scenario();
                let w = assign::weight(s.mean_rate_per_s(), s.horizon_hours(), s.replications());
                (unit_id(s.name(), u.architecture, u.memory_mb, u.current), w)
            })
            .collect();
        Plan::new(units, count)
    }

    /// Indices of the units of shard `k`, ascending.
    pub fn units_of(&self, k: u32) -> Vec<usize> {
        (0..self.shards.len()).filter(|&i| self.shards[i] == k).collect()
    }
}

/// A unit's name: `function/architecture/memoryMB`, and `/today` for today's setting (which may run on another
/// platform than the sweep's setting of the same size, so both can be units).
fn unit_id(function: &str, arch: Architecture, memory_mb: u32, current: bool) -> String {
    let today = if current { "/today" } else { "" };
    format!("{function}/{arch}/{memory_mb}MB{today}")
}
