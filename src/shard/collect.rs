//! Gathering shard files for a merge: every file a shard of the same run, every unit once.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::{Plan, ShardError, ShardFile, UnitResult};

/// A shard file read from `path`.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Where it was read from.
    pub path: PathBuf,
    /// What it holds.
    pub file: ShardFile,
}

/// Most missing units named in a message; the rest are counted.
const MISSING_SHOWN: usize = 20;

/// Reads the shard files among `inputs`: files as given, and every `*.json` file directly inside a folder, in name
/// order.
///
/// # Errors
/// [`ShardError`] for a file or folder that cannot be read or a file that is not a shard; [`ShardError::Invalid`]
/// when there is no shard file at all.
pub fn read_all(inputs: &[PathBuf]) -> Result<Vec<Loaded>, ShardError> {
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
    paths.into_iter().map(|path| ShardFile::read(&path).map(|file| Loaded { path, file })).collect()
}

/// Checks that every file is a shard of the same run as the first: same input, catalog, options, seed, billing
/// date, costsim version and number of shards.
///
/// # Errors
/// [`ShardError::Invalid`] naming the two files and what differs.
pub fn check_same(files: &[Loaded]) -> Result<(), ShardError> {
    let Some(first) = files.first() else { return Ok(()) };
    let a = &first.file.header;
    for other in &files[1..] {
        let b = &other.file.header;
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

/// The units of a merge, in the plan's order: each unit's result, `None` where no file held it.
#[derive(Debug)]
pub struct Placed {
    /// Per unit of the plan.
    pub units: Vec<Option<UnitResult>>,
}

impl Placed {
    /// Indices of the units no file held.
    pub fn missing(&self) -> Vec<usize> {
        (0..self.units.len()).filter(|&i| self.units[i].is_none()).collect()
    }
}

/// Puts each file's units at their place in `plan`.
///
/// # Errors
/// [`ShardError::Invalid`] for a unit held by two files (naming both) or a unit the plan does not have (the input
/// changed).
pub fn place(files: Vec<Loaded>, plan: &Plan) -> Result<Placed, ShardError> {
    let mut units: Vec<Option<(usize, UnitResult)>> = vec![None; plan.ids.len()];
    let paths: Vec<PathBuf> = files.iter().map(|l| l.path.clone()).collect();
    for (f, loaded) in files.into_iter().enumerate() {
        for u in loaded.file.units {
            let expected = plan.ids.get(u.index);
            if expected != Some(&u.id) {
                return Err(ShardError::Invalid(format!(
                    "'{}' holds unit {} '{}', which this input does not have at that place ({}): the input changed \
                     since the shard ran",
                    paths[f].display(),
                    u.index,
                    crate::diagnostic::excerpt(&u.id),
                    expected.map_or_else(|| format!("it has {} units", plan.ids.len()), |e| format!("'{e}'"))
                )));
            }
            if let Some((g, _)) = &units[u.index] {
                return Err(ShardError::Invalid(format!(
                    "unit '{}' is in both '{}' and '{}': give each shard's file once (was a shard run twice, with \
                     different --shard values?)",
                    u.id,
                    paths[*g].display(),
                    paths[f].display()
                )));
            }
            let index = u.index;
            units[index] = Some((f, u));
        }
    }
    Ok(Placed { units: units.into_iter().map(|u| u.map(|(_, r)| r)).collect() })
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
