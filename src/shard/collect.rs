//! Gathering shard files for a merge: every file a shard of the same run, every unit once, read one unit at a
//! time.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::read::UnitPoint;
use super::{Plan, ShardError, ShardHeader};
use crate::sweep::Point;

/// A shard file's header, read from `path` (its units are read later, one at a time).
#[derive(Debug, Clone)]
pub struct Headed {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its header.
    pub header: ShardHeader,
}

/// Most missing units named in a message; the rest are counted.
const MISSING_SHOWN: usize = 20;

/// The shard files among `inputs`: files as given, and every `*.json` file directly inside a folder, in name
/// order, each with its header ([`super::read::header`]).
///
/// # Errors
/// [`ShardError`] for a file or folder that cannot be read or a file that is not a shard; [`ShardError::Invalid`]
/// when there is no shard file at all.
pub fn read_headers(inputs: &[PathBuf]) -> Result<Vec<Headed>, ShardError> {
    let mut paths = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let io = |e: std::io::Error| ShardError::Io { path: input.display().to_string(), message: e.to_string() };
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .map_err(io)?
                .map(|e| e.map(|e| e.path()))
                .collect::<Result<Vec<_>, _>>()
                .map_err(io)?
                .into_iter()
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
                .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
                .collect();
            found.sort();
            paths.extend(found);
        } else {
            paths.push(input.clone());
        }
    }
    if paths.is_empty() {
        let shown: Vec<String> = inputs.iter().map(|p| format!("'{}'", p.display())).collect();
        return Err(ShardError::Invalid(format!(
            "no shard file (*.json) in {}: give the files written by `costsim run --shard K/N --out FILE`",
            shown.join(", ")
        )));
    }
    paths.into_iter().map(|path| super::read::header(&path).map(|header| Headed { path, header })).collect()
}

/// Checks that every file is a shard of the same run as the first: same input, catalog, options, seed, billing
/// date, costsim version and number of shards.
///
/// # Errors
/// [`ShardError::Invalid`] naming the two files and what differs.
pub fn check_same(files: &[Headed]) -> Result<(), ShardError> {
    let Some(first) = files.first() else { return Ok(()) };
    let a = &first.header;
    for other in &files[1..] {
        let b = &other.header;
        let differs = |what: &str, x: String, y: String| {
            ShardError::Invalid(format!(
                "'{}' and '{}' are not shards of the same run: {what} differ ({x} and {y}); merge the shards of one \
                 `costsim run` (same input, options, catalog, seed and costsim)",
                first.path.display(),
                other.path.display()
            ))
        };
        if a.costsim_version != b.costsim_version {
            return Err(differs("their costsim versions", a.costsim_version.clone(), b.costsim_version.clone()));
        }
        if a.input.path != b.input.path || a.input.kind != b.input.kind {
            let show = |i: &super::InputInfo| format!("'{}'", i.path.display());
            return Err(differs("their inputs", show(&a.input), show(&b.input)));
        }
        if a.input.sha256 != b.input.sha256 {
            return Err(differs(
                "their inputs' contents (the file or a file it names changed between the shards)",
                format!("sha256 {}", a.input.sha256),
                format!("sha256 {}", b.input.sha256),
            ));
        }
        if a.catalog != b.catalog {
            let show = |c: &super::CatalogIdentity| format!("'{}' sha256 {}", c.origin, c.sha256);
            return Err(differs("their pricing catalogs", show(&a.catalog), show(&b.catalog)));
        }
        if a.seed != b.seed {
            return Err(differs("their seeds", a.seed.to_string(), b.seed.to_string()));
        }
        if a.options != b.options {
            return Err(differs("their command-line options", format!("{:?}", a.options), format!("{:?}", b.options)));
        }
        if a.date != b.date {
            return Err(differs(
                "their billing dates (give --date to every shard)",
                a.date.to_string(),
                b.date.to_string(),
            ));
        }
        if a.shards != b.shards || a.total_units != b.total_units {
            return Err(differs(
                "their numbers of shards",
                format!("{} of N={}", a.shard, a.shards),
                format!("{} of N={}", b.shard, b.shards),
            ));
        }
    }
    Ok(())
}

/// The units of a merge, in the plan's order: each unit's point, `None` where no file held it.
#[derive(Debug)]
pub struct Placed {
    /// Per unit of the plan.
    pub units: Vec<Option<Point>>,
    /// Per file, the unit index at each position in it.
    pub positions: Vec<Vec<usize>>,
}

impl Placed {
    /// Indices of the units no file held.
    pub fn missing(&self) -> Vec<usize> {
        (0..self.units.len()).filter(|&i| self.units[i].is_none()).collect()
    }
}

/// Puts each unit of `files` at its place in `plan` as it is read, file by file ([`super::read::points`]): the
/// point alone is kept, and `check` sees each unit first (its file, its position there, the unit).
///
/// # Errors
/// `check`'s refusal; [`ShardError::Invalid`] for a unit held by two files (naming both) or a unit the plan does
/// not have (the input changed); a file that cannot be read.
pub fn place(
    files: &[Headed],
    plan: &Plan,
    mut check: impl FnMut(&Path, usize, &UnitPoint) -> Result<(), ShardError>,
) -> Result<Placed, ShardError> {
    let mut held: Vec<Option<usize>> = vec![None; plan.ids.len()];
    let mut units: Vec<Option<Point>> = vec![None; plan.ids.len()];
    let mut positions = Vec::with_capacity(files.len());
    for (f, file) in files.iter().enumerate() {
        let mut mine = Vec::new();
        super::read::points(&file.path, &file.header, |k, u| {
            check(&file.path, k, &u)?;
            let index = placed_at(files, plan, &held, f, &u)?;
            held[index] = Some(f);
            units[index] = Some(u.point);
            mine.push(index);
            Ok(())
        })?;
        positions.push(mine);
    }
    Ok(Placed { units, positions })
}

/// Where unit `u` of file `f` goes: its index, checked against the plan and the units already placed (`held`:
/// the file that holds each).
fn placed_at(
    files: &[Headed],
    plan: &Plan,
    held: &[Option<usize>],
    f: usize,
    u: &UnitPoint,
) -> Result<usize, ShardError> {
    let expected = plan.ids.get(u.index);
    if expected != Some(&u.id) {
        return Err(ShardError::Invalid(format!(
            "'{}' holds unit {} '{}', which this input does not have at that place ({}): the input changed since the \
             shard ran",
            files[f].path.display(),
            u.index,
            crate::diagnostic::excerpt(&u.id),
            expected.map_or_else(|| format!("it has {} units", plan.ids.len()), |e| format!("'{e}'"))
        )));
    }
    if let Some(g) = held[u.index] {
        return Err(ShardError::Invalid(format!(
            "unit '{}' is in both '{}' and '{}': give each shard's file once (was a shard run twice, with different \
             --shard values?)",
            u.id,
            files[g].path.display(),
            files[f].path.display()
        )));
    }
    Ok(u.index)
}

/// Puts back the timelines of the units `wanted` (indices in the plan, placed by [`place`]), read again from
/// their files: the only ones a report draws.
///
/// # Errors
/// A file that cannot be read, or that changed since [`place`] read it.
pub fn restore_timelines(files: &[Headed], placed: &mut Placed, wanted: &BTreeSet<usize>) -> Result<(), ShardError> {
    for (file, positions) in files.iter().zip(&placed.positions) {
        if !positions.iter().any(|i| wanted.contains(i)) {
            continue;
        }
        let units = &mut placed.units;
        let at = |k: usize| positions.get(k).copied();
        super::read::timelines(
            &file.path,
            &file.header,
            |k| at(k).is_some_and(|i| wanted.contains(&i)),
            |k, index, t| match (at(k), units.get_mut(index).and_then(Option::as_mut)) {
                (Some(i), Some(point)) if i == index => {
                    point.timeline = t;
                    Ok(())
                }
                _ => Err(ShardError::Invalid(format!(
                    "'{}' changed while it was merged (unit {index} is not where it was): run the merge again once the \
                     shards are written",
                    file.path.display()
                ))),
            },
        )?;
    }
    Ok(())
}

/// The sentence naming missing units and the shards that should have produced them; `given`: the shard indices
/// of the files given, out of `count`.
pub fn describe_missing(missing: &[usize], plan: &Plan, given: &BTreeSet<u32>, count: u32) -> String {
    let shards: BTreeSet<u32> = missing.iter().map(|&i| plan.shards[i]).collect();
    let absent: Vec<String> = shards.iter().filter(|k| !given.contains(k)).map(u32::to_string).collect();
    let named: Vec<String> =
        missing.iter().take(MISSING_SHOWN).map(|&i| format!("{} (shard {})", plan.ids[i], plan.shards[i])).collect();
    let more = missing.len().saturating_sub(MISSING_SHOWN);
    let more = if more > 0 { format!(" and {more} more") } else { String::new() };
    let absent = if absent.is_empty() {
        String::new()
    } else {
        format!("; no file of shard(s) {} of N={count} was given", absent.join(", "))
    };
    format!("{} of {} units missing: {}{more}{absent}", missing.len(), plan.ids.len(), named.join(", "))
}
