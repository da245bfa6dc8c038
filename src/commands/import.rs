//! `costsim import`: infrastructure code → an application file, with a summary of what was read, defaulted,
//! skipped and left as a placeholder.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::InputError;
use crate::cli::ImportArgs;
use crate::iac::write::{self, AppHeader};
use crate::iac::{self, Format, Import, ImportError, ReadOptions};
use crate::limits::{max_bytes, InputKind};
use crate::output;

/// Runs `costsim import`.
///
/// # Errors
/// [`ImportError`] for a file that does not parse or a value Lambda refuses; [`InputError`] for flags.
pub fn run(args: ImportArgs) -> anyhow::Result<()> {
    let options =
        ReadOptions { vars: pairs("--var", &args.vars)?, stage: args.stage.clone(), env: pairs("--env", &args.env)? };
    let date = super::billing_date(args.date.as_deref(), None)?;
    let to_stdout = args.out == Path::new("-");
    if !to_stdout && !args.force && args.out.exists() {
        return Err(InputError(format!(
            "{} exists: an imported file is edited by hand (its placeholders), so it is not overwritten; pass --force, or another --out",
            args.out.display()
        ))
        .into());
    }
    let mut imports = Vec::new();
    let mut failed = 0;
    for path in &args.paths {
        match read(path, args.format, &options) {
            Ok(i) => imports.push(i),
            Err(e) if args.keep_going => {
                output::note(format_args!("error: {e}"));
                failed += 1;
            }
            Err(e) => return Err(e.into()),
        }
    }
    let import = merge(imports);
    if import.functions.is_empty() {
        let paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        return Err(ImportError::Empty(format!("{}: no Lambda function found", paths.join(", "))).into());
    }
    let name = args.name.clone().unwrap_or_else(|| default_name(&args.out, &args.paths[0], to_stdout));
    let command = command_line(&args);
    let header = AppHeader { name: iac::function_name(&name), region: args.region.clone(), date, command };
    let usage = match &args.usage {
        Some(p) => {
            iac::usage::read(p, &read_text(p, max_bytes(InputKind::Scenario))?, &crate::pricing::Catalog::built_in())?
        }
        None => iac::usage::Usage::default(),
    };
    let (text, placeholders) = write::application_with(&import, &header, &usage);
    // What is written must be what `costsim run` accepts: check it as `run` will load it.
    let shown = if to_stdout { "<stdout>".to_string() } else { args.out.display().to_string() };
    let check_path = if to_stdout { PathBuf::from("app.toml") } else { args.out.clone() };
    crate::scenario::Application::parse_with(
        &check_path,
        &text,
        &crate::pricing::Catalog::built_in(),
        &crate::scenario::LoadOptions { allowed_dirs: usage.trace_dirs.clone(), ..Default::default() },
    )
    .map_err(|e| anyhow::anyhow!("internal error: the imported application does not load ({e}); please report it with the infrastructure code"))?;
    if to_stdout {
        output::print(&text).context("cannot write to standard output")?;
    } else {
        output::write_atomic(&args.out, text.as_bytes())?;
    }
    let mut kept = String::new();
    if !usage.trace_dirs.is_empty() {
        let flags: Vec<String> = usage.trace_dirs.iter().map(|d| format!("--allow-path {}", d.display())).collect();
        let _ = writeln!(
            kept,
            "note: traces of the usage file are read from their folder; run it with {}",
            flags.join(" ")
        );
    }
    if let Some(p) = &args.usage {
        let n = import.functions.iter().filter(|f| usage.functions.contains_key(&f.name)).count();
        let _ = writeln!(kept, "usage of {n} of {} function(s) kept from {}", import.functions.len(), p.display());
        for name in usage.functions.keys().filter(|n| !import.functions.iter().any(|f| &f.name == *n)) {
            let _ = writeln!(
                kept,
                "note: {} has usage for {name}, which the code no longer defines (removed or renamed?)",
                p.display()
            );
        }
    }
    output::print_err(&summary(&import, &placeholders, &kept, &shown, to_stdout));
    if failed > 0 {
        return Err(
            InputError(format!("{failed} path(s) could not be imported (--keep-going wrote the others)")).into()
        );
    }
    Ok(())
}

fn read(path: &Path, format: Option<Format>, options: &ReadOptions) -> Result<Import, ImportError> {
    let format = format.or_else(|| iac::detect(path)).ok_or_else(|| {
        ImportError::Empty(format!(
            "{}: not a format costsim import reads (a Terraform directory or .tf file, `terraform show -json` output, a SAM/CloudFormation template, serverless.yml); name one with --format",
            path.display()
        ))
    })?;
    let limit = max_bytes(InputKind::Infrastructure);
    let import = match format {
        Format::Terraform => {
            let dir = if path.is_dir() {
                path
            } else {
                path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
            };
            iac::terraform::read_dir(dir, options, limit)
        }
        Format::TerraformPlan => iac::terraform::read_plan(path, &read_text(path, limit)?),
        Format::Cloudformation => {
            let file = in_dir(path, &["template.yaml", "template.yml", "template.json"]);
            iac::cloudformation::read(&file, &read_text(&file, limit)?, options)
        }
        Format::Serverless => {
            let file = in_dir(path, &["serverless.yml", "serverless.yaml"]);
            iac::serverless::read(&file, &read_text(&file, limit)?, options)
        }
    }?;
    iac::check_provisioned(&import.functions)?;
    Ok(import)
}

/// `path` itself, or for a directory the first of `names` in it (the first, when none exists, for the error).
fn in_dir(path: &Path, names: &[&str]) -> PathBuf {
    if !path.is_dir() {
        return path.to_path_buf();
    }
    names.iter().map(|n| path.join(n)).find(|p| p.is_file()).unwrap_or_else(|| path.join(names[0]))
}

/// The text of `path`, refused above `limit` bytes.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ImportError> {
    let shown = path.display().to_string();
    let size = std::fs::metadata(path).map_err(|source| ImportError::Read { path: shown.clone(), source })?.len();
    if size > limit {
        return Err(ImportError::invalid(
            crate::diagnostic::Location::at_line(&shown, 1, 1),
            format!("the file is {size} bytes: at most {limit} are read (raise it with {})", crate::limits::FLAG),
        ));
    }
    std::fs::read_to_string(path).map_err(|source| ImportError::Read { path: shown, source })
}

/// Several paths' imports as one: files, functions (names made unique), skips and unresolved values in order.
fn merge(imports: Vec<Import>) -> Import {
    let mut it = imports.into_iter();
    let Some(mut all) = it.next() else {
        return Import {
            format: Format::Terraform,
            files: Vec::new(),
            region: None,
            functions: Vec::new(),
            skipped: Vec::new(),
            unresolved: Vec::new(),
        };
    };
    for i in it {
        all.files.extend(i.files);
        all.region = all.region.or(i.region);
        all.functions.extend(i.functions);
        all.skipped.extend(i.skipped);
        all.unresolved.extend(i.unresolved);
    }
    iac::dedupe_names(&mut all.functions);
    all
}

fn pairs(flag: &str, given: &[String]) -> Result<BTreeMap<String, String>, InputError> {
    given
        .iter()
        .map(|p| match p.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
            _ => Err(InputError(format!("{flag} takes NAME=VALUE (got '{}')", crate::diagnostic::excerpt(p)))),
        })
        .collect()
}

fn default_name(out: &Path, first: &Path, to_stdout: bool) -> String {
    let from = if to_stdout { first } else { out };
    let stem = if from.is_dir() { from.file_name() } else { from.file_stem() };
    stem.and_then(|s| s.to_str()).filter(|s| !s.is_empty() && *s != ".").unwrap_or("app").to_string()
}

fn command_line(args: &ImportArgs) -> String {
    let mut c = String::from("costsim import");
    for p in &args.paths {
        let _ = write!(c, " {}", p.display());
    }
    for v in &args.vars {
        let _ = write!(c, " --var {v}");
    }
    if let Some(s) = &args.stage {
        let _ = write!(c, " --stage {s}");
    }
    if let Some(u) = &args.usage {
        let _ = write!(c, " --usage {}", u.display());
    }
    c
}

/// What the import read, for standard error.
fn summary(import: &Import, placeholders: &[write::Placeholder], kept: &str, shown: &str, to_stdout: bool) -> String {
    let mut out = String::new();
    let files: Vec<String> = import.files.iter().map(|p| p.display().to_string()).collect();
    let _ =
        writeln!(out, "imported {} function(s) from {} ({}):", import.functions.len(), files.join(", "), import.format);
    let width = import.functions.iter().map(|f| f.name.chars().count()).max().unwrap_or(0);
    for f in &import.functions {
        let mut extra = String::new();
        if let Some(r) = f.reserved {
            let _ = write!(extra, ", reserved {r}");
        }
        if f.provisioned > 0 {
            let _ = write!(extra, ", provisioned {}", f.provisioned);
        }
        let _ = writeln!(
            out,
            "  {:<width$}  {} {} MB, {} s, {}{extra}",
            f.name,
            f.architecture,
            f.memory_mb,
            f.timeout_s,
            f.trigger.describe()
        );
    }
    // One line per default, naming the functions that took it.
    let mut defaults: Vec<(&str, Vec<&str>)> = Vec::new();
    for f in &import.functions {
        for d in &f.defaults {
            match defaults.iter_mut().find(|(text, _)| text == d) {
                Some((_, names)) => names.push(&f.name),
                None => defaults.push((d, vec![&f.name])),
            }
        }
    }
    if !defaults.is_empty() {
        let _ = writeln!(out, "defaults used (the key is absent from the code):");
        for (d, names) in defaults {
            let _ = writeln!(out, "  {d}: {}", names.join(", "));
        }
    }
    for f in &import.functions {
        if f.snap_start {
            let _ = writeln!(
                out,
                "note: {} has SnapStart on: simulated with full INIT cold starts, SnapStart's charges not billed",
                f.name
            );
        }
        for t in &f.other_triggers {
            let _ = writeln!(
                out,
                "note: {} is also invoked by {}: not simulated (one trigger per function)",
                f.name,
                t.describe()
            );
        }
    }
    if !import.skipped.is_empty() {
        let _ = writeln!(out, "skipped {}:", import.skipped.len());
        for s in &import.skipped {
            let _ = writeln!(out, "  {}: {} ({})", s.location, s.address, s.reason);
        }
    }
    if !import.unresolved.is_empty() {
        let _ = writeln!(out, "could not resolve {} value(s):", import.unresolved.len());
        for u in &import.unresolved {
            let _ = writeln!(out, "  {}: {} = {}; used {}", u.location, u.address, u.why, u.used);
        }
    }
    let mut by_function: Vec<(String, Vec<&str>)> = Vec::new();
    for p in placeholders {
        match by_function.last_mut() {
            Some((f, keys)) if *f == p.function => keys.push(p.key),
            _ => by_function.push((p.function.clone(), vec![p.key])),
        }
    }
    if placeholders.is_empty() {
        out += "no placeholders: every value is set\n";
    } else {
        let _ = writeln!(out, "placeholders to fill ({}), marked PLACEHOLDER in the file:", placeholders.len());
    }
    for (f, keys) in by_function {
        let _ = writeln!(out, "  {f}: {}", keys.join(", "));
    }
    out += kept;
    if !to_stdout {
        let _ = writeln!(out, "wrote {shown}; run it: costsim run {shown}");
    }
    out
}
