//! `costsim diff BASE HEAD`: two saved runs compared, rendered, and checked against `--fail-above`.

use std::path::{Path, PathBuf};

use super::saved::{self, Saved};
use super::{GateExceeded, InputError};
use crate::cli::DiffArgs;
use crate::diff::{self, DiffError, Kind, Limit, Side};
use crate::report::diff::{fleet_side, render_for, run_side, words};
use crate::report::terminal::Terminal;
use crate::scenario::Objective;

pub(super) fn run(args: DiffArgs, term: &Terminal) -> anyhow::Result<()> {
    // The limit first: a typo in it is refused before any report is read.
    let limit = args.fail_above.as_deref().map(str::parse::<Limit>).transpose()?;
    let (base_path, head_path) = (report_path(&args.base)?, report_path(&args.head)?);
    let base = (base_path.display().to_string(), saved::read(&base_path)?);
    let head = (head_path.display().to_string(), saved::read(&head_path)?);
    let (base, head) = sides(base, head, args.pick)?;
    let diff = diff::compare(&base, &head)?;
    let verdict = limit.map(|l| l.check(&diff.total, &diff.currency)).transpose()?;
    let layout = super::layout_for(args.out.as_deref(), term);
    super::emit(args.out.as_deref(), &render_for(&diff, verdict.as_ref(), args.format.into(), &layout))?;
    match verdict {
        // After the diff is out, so that the CI job can post it.
        Some(v) if v.exceeded => Err(GateExceeded(words::gate(&v, &diff)).into()),
        _ => Ok(()),
    }
}

/// The report.json of `path`: the path itself, or `report.json` inside it when it is a folder.
fn report_path(path: &Path) -> Result<PathBuf, InputError> {
    if !path.is_dir() {
        return Ok(path.to_path_buf());
    }
    let file = path.join("report.json");
    if file.is_file() {
        Ok(file)
    } else {
        Err(InputError(format!(
            "'{}' is a folder without a report.json: give a report folder written by costsim run, or its report.json",
            path.display()
        )))
    }
}

/// Both sides (each its file as shown, and its report), of the same kind: run reports at today's setting when
/// both state one, else at the `pick` recommendation; fleet reports at today's settings.
fn sides(base: (String, Saved), head: (String, Saved), pick: Objective) -> Result<(Side, Side), DiffError> {
    match (base, head) {
        ((bp, Saved::Run(b)), (hp, Saved::Run(h))) => {
            let today = b.recommendations.current.is_some() && h.recommendations.current.is_some();
            Ok((run_side(&bp, &b, today, pick)?, run_side(&hp, &h, today, pick)?))
        }
        ((bp, Saved::Fleet(b)), (hp, Saved::Fleet(h))) => Ok((fleet_side(&bp, &b)?, fleet_side(&hp, &h)?)),
        ((bp, b), (hp, h)) => {
            Err(DiffError::MixedKinds { base: bp, base_kind: kind(&b), head: hp, head_kind: kind(&h) })
        }
    }
}

fn kind(s: &Saved) -> Kind {
    match s {
        Saved::Run(_) => Kind::Run,
        Saved::Fleet(_) => Kind::Fleet,
    }
}
