//! A [`Side`] from what a report holds: a fleet review's today, or a run's sweep at today's setting (or at a
//! recommendation).

use std::collections::HashSet;

use super::{Basis, DiffError, Kind, Origin, Recommended, Side, State};
use crate::fleet::{adopt, Fleet};
use crate::recommend::Recommendations;
use crate::scenario::Objective;
use crate::sweep::Point;

impl Side {
    /// The side of an application review: each function's point today, the account's bill today as the total,
    /// and the adopted set's bill (by the application's `pick`) as the recommended total.
    ///
    /// # Errors
    /// [`DiffError::DuplicateFunction`] when two functions share a name.
    pub fn fleet(origin: Origin, pick: Objective, fleet: &Fleet) -> Result<Side, DiffError> {
        let mut seen = HashSet::new();
        let mut functions = Vec::with_capacity(fleet.functions.len());
        for f in &fleet.functions {
            if !seen.insert(f.name.as_str()) {
                return Err(DiffError::DuplicateFunction { path: origin.path, name: f.name.clone() });
            }
            functions.push((f.name.clone(), State::of(&f.now)));
        }
        Ok(Side {
            origin,
            kind: Kind::Fleet,
            basis: Basis::Today,
            total: fleet.now.total(),
            recommended: Some(Recommended { total: fleet.after.total(), pick }),
            functions,
            placeholders: fleet
                .functions
                .iter()
                .filter(|f| !f.placeholders.is_empty())
                .map(|f| f.name.clone())
                .collect(),
        })
    }

    /// The side of one function's sweep (`points`, recommended as `recs`). With `today`, the
    /// point of today's setting, and the `pick` recommendation as the recommended total; without, the `pick`
    /// recommendation itself (or its fallback, balanced then cost, as the fleet review adopts). Compare two run
    /// reports at today's setting only when both state one, so that like is compared with like.
    ///
    /// # Errors
    /// [`DiffError::NoPoint`] when the point to compare does not exist (no `[current]` with `today`, no feasible
    /// recommendation otherwise).
    pub fn run(
        origin: Origin,
        points: &[Point],
        recs: &Recommendations,
        today: bool,
        pick: Objective,
    ) -> Result<Side, DiffError> {
        let no_point = || DiffError::NoPoint { path: origin.path.clone() };
        let (used, chosen) = adopt(recs, pick);
        let (index, basis, recommended) = if today {
            let recommended = chosen.map(|p| Recommended { total: p.monthly_cost, pick: used });
            (recs.current.ok_or_else(no_point)?, Basis::Today, recommended)
        } else {
            let p = chosen.ok_or_else(no_point)?;
            (p.index, Basis::Recommended { asked: pick, used }, None)
        };
        let point = points.get(index).ok_or_else(no_point)?;
        Ok(Side {
            functions: vec![(origin.name.clone(), State::of(point))],
            origin,
            kind: Kind::Run,
            basis,
            total: point.monthly_cost,
            recommended,
            placeholders: Vec::new(),
        })
    }
}
