//! The long fuzz run of one parser (docs/fuzzing.md):
//!
//! ```text
//! cargo run --release --example fuzz -- TARGET --cases 1000000 --seed N [--from K] [--hang-s 30]
//! ```
//!
//! TARGET is one of scenario, catalog, sheet, logs, powertuning, trace, report (or `all`). Prints cases/s and the
//! cases run; distinct findings (with a shrunk input) go to `target/fuzz-findings/TARGET-N.txt`.
//!
//! The run is supervised: the cases run in a child process (this program with `--worker`), so that a hang (caught
//! by a watchdog) or an abort (stack overflow, out of memory) is recorded and the run goes on after that case.

#[path = "../tests/fuzz/mod.rs"]
mod fuzz;

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use fuzz::{targets, Finding, Target};

struct Args {
    target: String,
    cases: u64,
    seed: u64,
    from: u64,
    hang_s: u64,
    /// Stop after this long, whatever `cases` says [s]; 0 = no limit.
    seconds: u64,
    /// `seconds` as a deadline [ms since 1970], for the workers.
    until_ms: u64,
    worker: bool,
    trace: bool,
    /// Worker: shrink the finding of this case instead of running cases.
    shrink: Option<u64>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        target: String::new(),
        cases: 100_000,
        seed: 1,
        from: 0,
        hang_s: 30,
        seconds: 0,
        until_ms: 0,
        worker: false,
        trace: false,
        shrink: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| -> Result<u64, String> {
            let v = it.next().ok_or(format!("{name} needs a value"))?;
            v.replace('_', "").parse().map_err(|_| format!("{name}: not a whole number: {v}"))
        };
        match arg.as_str() {
            "--cases" => a.cases = value("--cases")?,
            "--seed" => a.seed = value("--seed")?,
            "--from" => a.from = value("--from")?,
            "--hang-s" => a.hang_s = value("--hang-s")?.max(1),
            "--seconds" => a.seconds = value("--seconds")?,
            "--until-ms" => a.until_ms = value("--until-ms")?,
            "--worker" => a.worker = true,
            "--shrink" => a.shrink = Some(value("--shrink")?),
            "--trace" => a.trace = true,
            t if !t.starts_with('-') && a.target.is_empty() => a.target = t.to_string(),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let names: Vec<&str> = targets::TARGETS.iter().map(|t| t.name).collect();
    if a.target != "all" && targets::by_name(&a.target).is_none() {
        return Err(format!("TARGET must be one of {} or all (got '{}')", names.join(", "), a.target));
    }
    Ok(a)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}\nusage: fuzz TARGET --cases N --seed S [--from K] [--hang-s SECONDS]");
            return ExitCode::from(1);
        }
    };
    if args.worker {
        // On a thread of its own: a deep stack for deep inputs, and its scratch folder is removed when it ends.
        let cases = std::thread::Builder::new().stack_size(64 << 20).spawn(move || worker(&args));
        return match cases.map(|t| t.join()) {
            Ok(Ok(())) => ExitCode::SUCCESS,
            _ => ExitCode::from(2),
        };
    }
    let chosen: Vec<&Target> = if args.target == "all" {
        targets::TARGETS.iter().collect()
    } else {
        vec![targets::by_name(&args.target).expect("checked")]
    };
    // Findings are rerun and shrunk here: on a thread, so that its scratch folder is removed when it ends.
    let any = std::thread::scope(|s| {
        s.spawn(|| chosen.into_iter().map(|target| supervise(target, &args)).filter(|found| *found).count() > 0).join()
    });
    if any.unwrap_or(true) {
        ExitCode::from(4)
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs the cases in this process; reports findings, progress and hangs on stdout, one line each.
fn worker(args: &Args) {
    let target = targets::by_name(&args.target).expect("checked");
    let hang = Duration::from_secs(args.hang_s);
    let watchdog = fuzz::Watchdog::spawn(hang, |case| {
        println!("hang {case}");
        let _ = std::io::stdout().flush();
        std::process::exit(3);
    });
    // Not locked for the whole run: the watchdog writes to it too.
    let mut out = std::io::stdout();
    let corpus = (target.corpus)();
    if let Some(case) = args.shrink {
        watchdog.start(case);
        let found = fuzz::run_case(target, case, fuzz::input_for(target, &corpus, args.seed, case));
        watchdog.stop();
        if let Some(f) = found {
            let small = fuzz::minimize(target, &f, 2_000, Some(&watchdog));
            let hex: String = small.input.iter().map(|b| format!("{b:02x}")).collect();
            let _ = writeln!(out, "shrunk {hex}\norigin {}", small.origin);
        }
        return;
    }
    for case in args.from..args.cases {
        if args.trace {
            let _ = writeln!(out, "case {case}");
            let _ = out.flush();
        }
        // One case at a time through run_range, so that the watchdog sees each.
        fuzz::run_range(target, &corpus, args.seed, case, case + 1, Some(&watchdog), |f| {
            let _ = writeln!(out, "finding {case} {}", f.message.escape_debug());
        });
        if (case + 1) % 1024 == 0 {
            let _ = writeln!(out, "done {} {}", case + 1, fuzz::accepted_count());
            let _ = out.flush();
            if args.until_ms > 0 && now_ms() >= args.until_ms {
                let _ = writeln!(out, "stop {}", case + 1);
                return;
            }
        }
    }
    let _ = writeln!(out, "done {} {}", args.cases, fuzz::accepted_count());
}

fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// Runs `target` in child processes until every case has run; returns whether anything was found.
fn supervise(target: &Target, args: &Args) -> bool {
    let corpus = (target.corpus)();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-findings");
    let file = dir.join(format!("{}-{}.txt", target.name, args.seed));
    let mut findings: Vec<Finding> = Vec::new();
    let started = Instant::now();
    let mut from = args.from;
    let mut last_print = Instant::now();
    let mut accepted = 0u64;
    let until_ms = if args.seconds > 0 { now_ms() + args.seconds * 1000 } else { 0 };
    let args = &Args { until_ms, target: args.target.clone(), ..*args };
    let mut ran = 0;
    while from < args.cases {
        let mut acc = 0;
        let (end, status, trace) = run_worker(target, args, from, args.cases, false, &mut acc, &mut |line| {
            on_line(line, target, &corpus, args.seed, &mut findings, &file, started, &mut last_print, args.from)
        });
        accepted += acc;
        ran = end;
        match status {
            Some(0) => break,
            Some(3) => from = end + 1,
            _ => {
                // An abort: rerun from the last checkpoint case by case to find which one.
                let to = (end + 1024).min(args.cases);
                let (crash, again, _) = run_worker(target, args, end, to, true, &mut acc, &mut |line| {
                    on_line(line, target, &corpus, args.seed, &mut findings, &file, started, &mut last_print, args.from)
                });
                if again == Some(0) {
                    from = to; // it did not happen again: not reproducible case by case
                    continue;
                }
                if again != Some(3) {
                    let input = fuzz::input_for(target, &corpus, args.seed, crash);
                    let message = format!("abort: the process died ({trace})");
                    let f = Finding { target: target.name, case: crash, input, message, origin: String::new() };
                    record(f, &mut findings, &file, target, &corpus, args.seed);
                }
                from = crash + 1;
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let run = ran.max(from) - args.from;
    println!(
        "{}: {run} cases in {secs:.1} s ({:.0} cases/s), ~{:.1}% accepted by the parser, seed {}, {} distinct finding(s){}",
        target.name,
        run as f64 / secs,
        100.0 * accepted as f64 / run.max(1) as f64,
        args.seed,
        findings.len(),
        if findings.is_empty() { String::new() } else { format!(" in {}", file.display()) }
    );
    !findings.is_empty()
}

/// Spawns a worker for `from..to`; returns (the case it stopped at, its exit code, how it ended).
fn run_worker(
    target: &Target,
    args: &Args,
    from: u64,
    to: u64,
    trace: bool,
    accepted: &mut u64,
    on: &mut dyn FnMut(&str),
) -> (u64, Option<i32>, String) {
    let exe = std::env::current_exe().expect("this program");
    let mut cmd = Command::new(exe);
    cmd.args([target.name, "--worker", "--seed", &args.seed.to_string(), "--from", &from.to_string()])
        .args(["--cases", &to.to_string(), "--hang-s", &args.hang_s.to_string()])
        .args(["--until-ms", &args.until_ms.to_string()])
        .stdout(Stdio::piped());
    if trace {
        cmd.arg("--trace");
    }
    let mut child = cmd.spawn().expect("a worker process");
    let mut at = from;
    for line in BufReader::new(child.stdout.take().expect("piped")).lines() {
        let Ok(line) = line else { break };
        if let Some(rest) = line.strip_prefix("done ") {
            let mut n = rest.split(' ').map(|n| n.parse().unwrap_or(0));
            at = n.next().unwrap_or(at);
            *accepted = n.next().unwrap_or(0);
        } else if let Some(n) = line.strip_prefix("case ").and_then(|n| n.parse().ok()) {
            at = n;
        } else if let Some(n) = line.strip_prefix("hang ").and_then(|n| n.parse().ok()) {
            at = n;
        }
        on(&line);
    }
    let status = child.wait().expect("the worker's status");
    (at, status.code(), status.to_string())
}

#[allow(clippy::too_many_arguments)]
fn on_line(
    line: &str,
    target: &Target,
    corpus: &[Vec<u8>],
    seed: u64,
    findings: &mut Vec<Finding>,
    file: &PathBuf,
    started: Instant,
    last_print: &mut Instant,
    from: u64,
) {
    let mut words = line.splitn(3, ' ');
    let (kind, case) = (words.next().unwrap_or(""), words.next().and_then(|c| c.parse::<u64>().ok()));
    match (kind, case) {
        ("finding", Some(case)) => {
            let input = fuzz::input_for(target, corpus, seed, case);
            let message = words.next().unwrap_or_default().to_string();
            let f = Finding { target: target.name, case, input, message, origin: String::new() };
            if !findings.iter().any(|g| g.key() == f.key()) {
                let f = shrink(f, seed);
                record(f, findings, file, target, corpus, seed);
            }
        }
        ("hang", Some(case)) => {
            let input = fuzz::input_for(target, corpus, seed, case);
            let f = Finding {
                target: target.name,
                case,
                input,
                message: "hang: the watchdog fired".into(),
                origin: String::new(),
            };
            record(f, findings, file, target, corpus, seed);
        }
        ("done", Some(n)) if last_print.elapsed() > Duration::from_secs(10) => {
            *last_print = Instant::now();
            let secs = started.elapsed().as_secs_f64();
            eprintln!(
                "{}: case {n} ({:.0} cases/s), {} finding(s)",
                target.name,
                (n - from) as f64 / secs,
                findings.len()
            );
        }
        _ => {}
    }
}

/// Shrinks a finding in a child process (a smaller input may hang); keeps it whole if that fails.
fn shrink(f: Finding, seed: u64) -> Finding {
    let exe = std::env::current_exe().expect("this program");
    let out = Command::new(exe)
        .args([f.target, "--worker", "--seed", &seed.to_string(), "--shrink", &f.case.to_string()])
        .stderr(Stdio::null())
        .output();
    let text = out.ok().filter(|o| o.status.success()).map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    let line = |text: &str, key: &str| text.lines().find_map(|l| l.strip_prefix(key)).map(str::to_string);
    let hex = text.as_deref().and_then(|t| line(t, "shrunk "));
    let bytes = hex.and_then(|h| (0..h.len() / 2).map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).ok()).collect());
    match bytes {
        Some(input) => {
            Finding { input, origin: text.as_deref().and_then(|t| line(t, "origin ")).unwrap_or_default(), ..f }
        }
        None => Finding { origin: format!("(not shrunk: shrinking hung or failed) {}", f.origin), ..f },
    }
}

fn record(f: Finding, findings: &mut Vec<Finding>, file: &PathBuf, target: &Target, corpus: &[Vec<u8>], seed: u64) {
    if findings.iter().any(|g| g.key() == f.key()) {
        return;
    }
    eprintln!("{}: finding at case {}: {}", target.name, f.case, f.message);
    findings.push(f);
    let text: Vec<String> = findings.iter().map(|f| f.describe(seed, corpus)).collect();
    if let Some(parent) = file.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    if let Err(e) = std::fs::write(file, text.join("\n")) {
        eprintln!("cannot write {}: {e}", file.display());
    }
}
