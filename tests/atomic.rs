//! Reports are written as one unit: a failure or a kill at any output step leaves the previous report or the new
//! one, whole, and nothing else once the next run has tidied; temporary paths never follow a planted link; the
//! output location is checked before simulating; a closed or full standard output or error is an exit status,
//! never a panic (101).
//!
//! Failures are injected with the test hook of src/output/hook.rs (`COSTSIM_TEST_FAIL_STEP`, `COSTSIM_TEST_KILL_STEP`)
//! and, where this machine lets root mount one, with a small or read-only tmpfs.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A small sweep: 2 memory sizes × 2 architectures, one replication (well under a second).
fn run_cmd(out: &Path, seed: &str) -> Command {
    run_with(out, seed, &["--replications", "1"])
}

fn run_with(out: &Path, seed: &str, more: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_costsim"));
    c.args(["run", "scenarios/api.toml", "--memory", "256,1024", "--date", "2026-01-15"])
        .args(more)
        .args(["--quiet", "--seed", seed, "--out"])
        .arg(out)
        .stdin(Stdio::null());
    c
}

fn run_ok(out: &Path, seed: &str) {
    let o = run_cmd(out, seed).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Every file under `dir` with its bytes, by path relative to `dir`.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, rel: &Path, into: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(root.join(rel)).unwrap() {
            let entry = entry.unwrap();
            let rel = rel.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                walk(root, &rel, into);
            } else {
                into.insert(rel.clone(), fs::read(root.join(&rel)).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, Path::new(""), &mut files);
    files
}

/// Temporary entries (`.<name>.costsim-…`) in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".costsim-"))
        .collect()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The old report (seed 1) and the new one (seed 2), each written once into a folder of its own.
struct Reports {
    _dir: tempfile::TempDir,
    old: BTreeMap<PathBuf, Vec<u8>>,
    new: BTreeMap<PathBuf, Vec<u8>>,
}

fn reports() -> Reports {
    let dir = tempfile::tempdir().unwrap();
    run_ok(&dir.path().join("old"), "1");
    run_ok(&dir.path().join("new"), "2");
    let old = snapshot(&dir.path().join("old"));
    let new = snapshot(&dir.path().join("new"));
    assert_ne!(
        old.get(Path::new("sweep.csv")),
        new.get(Path::new("sweep.csv")),
        "the seeds must give different reports"
    );
    assert_eq!(old.keys().collect::<Vec<_>>(), new.keys().collect::<Vec<_>>());
    Reports { _dir: dir, old, new }
}

#[test]
fn a_failure_at_any_output_step_leaves_the_previous_report_whole_and_nothing_else() {
    let r = reports();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("api");
    run_ok(&out, "1");
    // Steps: one per file (4 files and 5 charts), one for the swap that publishes, then the removal of the old
    // folder (which can be killed but not fail). So steps 1..=10 fail, and step 11 never does.
    let failable = r.new.len() + 1;
    assert_eq!(failable, 10);
    for n in 1..=failable + 1 {
        let o = run_cmd(&out, "2").env("COSTSIM_TEST_FAIL_STEP", n.to_string()).output().unwrap();
        if n <= failable {
            assert_eq!(o.status.code(), Some(2), "step {n}: {}", stderr(&o));
            assert!(stderr(&o).contains("injected failure"), "step {n}: {}", stderr(&o));
            assert!(snapshot(&out) == r.old, "step {n}: the folder is not the old report");
        } else {
            assert!(o.status.success(), "step {n}: {}", stderr(&o));
            assert!(snapshot(&out) == r.new, "step {n}: the folder is not the new report");
        }
        assert_eq!(leftovers(work.path()), Vec::<String>::new(), "step {n}");
    }
}

#[test]
fn a_kill_at_any_output_step_leaves_one_whole_report_and_the_next_run_tidies() {
    let r = reports();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("api");
    run_ok(&out, "1");
    // As above: steps 1..=10 write and publish, step 11 removes the replaced folder.
    let steps = r.new.len() + 2;
    for n in 1..=steps {
        let o = run_cmd(&out, "2").env("COSTSIM_TEST_KILL_STEP", n.to_string()).output().unwrap();
        assert_eq!(o.status.code(), None, "step {n}: killed by a signal, not exited: {}", stderr(&o));
        let now = snapshot(&out);
        // The swap is step 10: killed at it or before, the old report; after it, the new one.
        let expected = if n < steps { &r.old } else { &r.new };
        assert!(&now == expected, "step {n}: the folder is neither wholly old nor wholly new as expected");
        // What the killed run left (its staging folder, or the replaced report) is recognisable by name.
        assert_eq!(leftovers(work.path()).len(), 1, "step {n}: {:?}", leftovers(work.path()));
        // Back to the old report for the next step; this run also removes the dead run's leftover.
        run_ok(&out, "1");
        assert!(snapshot(&out) == r.old);
        assert_eq!(leftovers(work.path()), Vec::<String>::new(), "step {n}: not tidied by the next run");
    }
}

#[test]
fn kills_at_random_moments_leave_the_old_or_the_new_report() {
    use rand::{Rng, SeedableRng};
    let r = reports();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("api");
    run_ok(&out, "1");
    let mut rng = rand_pcg::Pcg64::seed_from_u64(8);
    for round in 0..6 {
        let mut child = run_cmd(&out, if round % 2 == 0 { "2" } else { "1" }).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(rng.gen_range(0..600)));
        let _ = child.kill(); // SIGKILL; the run may have finished already
        child.wait().unwrap();
        let now = snapshot(&out);
        assert!(now == r.old || now == r.new, "round {round}: a mix of two reports");
    }
    run_ok(&out, "2");
    assert!(snapshot(&out) == r.new);
    assert_eq!(leftovers(work.path()), Vec::<String>::new());
}

#[test]
fn a_failed_run_creates_nothing_not_even_the_missing_parent_folders() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("a").join("b").join("api");
    let o = run_cmd(&out, "1").env("COSTSIM_TEST_FAIL_STEP", "3").output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(fs::read_dir(work.path()).unwrap().count(), 0, "something was left in the parent folder");
    run_ok(&out, "1");
    assert!(out.join("report.json").is_file());
    assert_eq!(leftovers(work.path()), Vec::<String>::new());
    assert_eq!(leftovers(&work.path().join("a").join("b")), Vec::<String>::new());
}

/// A scenario far too long to simulate in a test (730 h × 20 replications × 2 sizes × 2 architectures): a check
/// that came after the simulation would keep this test running for a long time instead of returning at once.
fn long_run(out: &Path) -> Output {
    run_with(out, "1", &["--horizon-hours", "730", "--replications", "20"]).output().unwrap()
}

#[test]
fn a_file_where_the_report_folder_goes_is_refused_before_simulating() {
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("taken");
    fs::write(&file, "mine").unwrap();
    for (out, says) in [
        (file.clone(), format!("'{}' is a file, not a folder; a costsim report folder goes there", file.display())),
        (
            file.join("api"),
            format!("'{}' is a file, not a folder; '{}' cannot be created", file.display(), file.join("api").display()),
        ),
    ] {
        let o = long_run(&out);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains(&says), "{}", stderr(&o));
    }
    assert_eq!(fs::read_to_string(&file).unwrap(), "mine");
    assert_eq!(fs::read_dir(work.path()).unwrap().count(), 1, "only the file is there");
}

#[test]
fn a_folder_holding_other_files_is_not_replaced() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("api");
    run_ok(&out, "1");
    let before = snapshot(&out);
    fs::write(out.join("notes.txt"), "mine").unwrap();
    let o = long_run(&out);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("holds 'notes.txt', which is not part of a costsim report folder"), "{}", stderr(&o));
    fs::remove_file(out.join("notes.txt")).unwrap();
    assert!(snapshot(&out) == before);
    assert_eq!(leftovers(work.path()), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn links_are_never_followed() {
    use std::os::unix::fs::symlink;
    let work = tempfile::tempdir().unwrap();
    let victim = work.path().join("victim");
    fs::write(&victim, "precious").unwrap();

    // A temporary file is created exclusively: a link there, to a file or to nowhere, is refused, not followed.
    let link = work.path().join("planted");
    symlink(&victim, &link).unwrap();
    let e = costsim::output::create_exclusive(&link).unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
    let dangling = work.path().join("dangling");
    symlink(work.path().join("nowhere"), &dangling).unwrap();
    assert!(costsim::output::create_exclusive(&dangling).is_err());
    assert!(!work.path().join("nowhere").exists(), "the dangling link was followed");

    // `price --output` at a link replaces the link with the bill; the file it named is untouched.
    let o = Command::new(env!("CARGO_BIN_EXE_costsim"))
        .args(["price", "--requests", "1M", "--duration-ms", "100", "--memory-mb", "512", "--date", "2026-01-15"])
        .arg("--output")
        .arg(&link)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert!(!fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(fs::read_to_string(&link).unwrap().contains("Monthly Cost"));

    // A report folder given as a link is refused (replacing it would replace the link).
    let target = work.path().join("real");
    fs::create_dir(&target).unwrap();
    let out = work.path().join("api");
    symlink(&target, &out).unwrap();
    let o = run_cmd(&out, "1").output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("is a symbolic link"), "{}", stderr(&o));
    fs::remove_file(&out).unwrap();

    // A link named like a dead run's staging folder is removed itself; the folder it names is kept.
    let kept = work.path().join("kept");
    fs::create_dir(&kept).unwrap();
    fs::write(kept.join("file"), "keep").unwrap();
    // 4,294,967 is above Linux's largest pid (2^22, proc(5) pid_max): no such process.
    let stale = work.path().join(".api.costsim-staging.4294967.0123456789abcdef");
    symlink(&kept, &stale).unwrap();
    run_ok(&out, "1");
    assert!(fs::symlink_metadata(&stale).is_err(), "the stale link is still there");
    assert_eq!(fs::read_to_string(kept.join("file")).unwrap(), "keep");
}

#[cfg(unix)]
#[test]
fn published_files_have_the_modes_of_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("api");
    // The child's umask is set by a shell: 027 turns 0666 into 0640 and 0777 into 0750 (staged: 0600 and 0700).
    let mut c = run_cmd(&out, "1");
    let line: Vec<String> =
        std::iter::once(c.get_program()).chain(c.get_args()).map(|a| a.to_string_lossy().into_owned()).collect();
    c = Command::new("sh");
    c.arg("-c").arg("umask 027 && exec \"$@\"").arg("sh").args(&line);
    let o = c.output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&out), 0o750);
    assert_eq!(mode(&out.join("charts")), 0o750);
    assert_eq!(mode(&out.join("report.json")), 0o640);
    assert_eq!(mode(&out.join("charts").join("bill.svg")), 0o640);
}

fn price() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_costsim"));
    c.args(["price", "--requests", "1M", "--duration-ms", "100", "--memory-mb", "512", "--date", "2026-01-15"]);
    c
}

fn full() -> Stdio {
    Stdio::from(fs::OpenOptions::new().write(true).open("/dev/full").unwrap())
}

#[test]
fn a_full_standard_output_is_exit_2_with_a_message() {
    let o = price().stdout(full()).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot write to standard output"), "{}", stderr(&o));
    // Help too (clap alone would print nothing and exit 0).
    let o = Command::new(env!("CARGO_BIN_EXE_costsim")).arg("--help").stdout(full()).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // Both streams full: still exit 2, no panic (101).
    let o = price().stdout(full()).stderr(full()).status().unwrap();
    assert_eq!(o.code(), Some(2));
}

#[test]
fn a_full_standard_error_never_panics() {
    let work = tempfile::tempdir().unwrap();
    // Success with a message on standard error ("wrote …"): exit 0.
    let o = price().arg("--output").arg(work.path().join("bill.txt")).stderr(full()).status().unwrap();
    assert_eq!(o.code(), Some(0));
    // An error with nowhere to say it: its exit status, 1 for bad input.
    let o = Command::new(env!("CARGO_BIN_EXE_costsim"))
        .args(["price", "--requests", "1M", "--duration-ms", "100", "--memory-mb", "x"])
        .stderr(full())
        .status()
        .unwrap();
    assert_eq!(o.code(), Some(1));
    // A usage error: clap's exit status 2.
    let o = Command::new(env!("CARGO_BIN_EXE_costsim")).arg("--bogus").stderr(full()).status().unwrap();
    assert_eq!(o.code(), Some(2));
    // `run` prints the report's path on standard error.
    let o = Command::new(env!("CARGO_BIN_EXE_costsim"))
        .args(["run", "scenarios/api.toml", "--memory", "256", "--replications", "1", "--out"])
        .arg(work.path().join("api"))
        .stdout(Stdio::null())
        .stderr(full())
        .status()
        .unwrap();
    assert_eq!(o.code(), Some(0));
    assert!(work.path().join("api").join("report.json").is_file());
}

#[test]
fn a_reader_that_went_away_is_a_quiet_success() {
    // The pipe's read end is closed before costsim writes: its first write fails with EPIPE.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let o = price().stdout(writer).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
}

/// A tmpfs mounted for one test, unmounted when dropped; `None` where mounting is not allowed (not root, or a
/// container without the capability), and the test that needs it is skipped with a note.
struct Tmpfs(tempfile::TempDir);

impl Tmpfs {
    fn mount(options: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("skipped: cannot mount a tmpfs here");
            return None;
        }
        Some(Tmpfs(dir))
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    fn remount(&self, options: &str) {
        let s = Command::new("mount").args(["-o", &format!("remount,{options}")]).arg(self.path()).status().unwrap();
        assert!(s.success());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(self.path()).status();
    }
}

/// Fills the file system holding `dir` to the last byte.
fn fill(dir: &Path) -> PathBuf {
    use std::io::Write;
    let path = dir.join("filler");
    let mut f = fs::File::create(&path).unwrap();
    let block = vec![0u8; 4096];
    while f.write_all(&block).is_ok() {}
    while f.write_all(&[0]).is_ok() {}
    let _ = f.sync_all();
    path
}

#[test]
fn a_full_disk_leaves_the_previous_report_and_bill_and_nothing_else() {
    let Some(disk) = Tmpfs::mount("size=4m") else { return };
    let r = reports();
    let out = disk.path().join("api");
    run_ok(&out, "1");
    let bill = disk.path().join("bill.txt");
    assert!(price().arg("--output").arg(&bill).status().unwrap().success());
    let bill_before = fs::read(&bill).unwrap();
    let filler = fill(disk.path());

    let o = run_cmd(&out, "2").output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("No space left on device"), "{}", stderr(&o));
    assert!(snapshot(&out) == r.old);
    let o = price().args(["--memory-mb", "1024"]).arg("--output").arg(&bill).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(fs::read(&bill).unwrap(), bill_before);
    assert_eq!(leftovers(disk.path()), Vec::<String>::new());

    fs::remove_file(filler).unwrap();
    run_ok(&out, "2");
    assert!(snapshot(&out) == r.new);
    assert_eq!(leftovers(disk.path()), Vec::<String>::new());
}

#[test]
fn a_read_only_folder_fails_before_simulating() {
    let Some(disk) = Tmpfs::mount("size=4m") else { return };
    let out = disk.path().join("api");
    run_ok(&out, "1");
    let before = snapshot(&out);
    disk.remount("ro");
    let o = long_run(&out);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("Read-only file system"), "{}", stderr(&o));
    assert!(snapshot(&out) == before);
}

#[test]
fn render_replaces_the_charts_folder_whole() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("api");
    run_ok(&out, "1");
    let charts = out.join("charts");
    let render = |out_dir: &Path| {
        Command::new(env!("CARGO_BIN_EXE_costsim"))
            .arg("render")
            .arg(out.join("report.json"))
            .args(["--format", "svg", "--out"])
            .arg(out_dir)
            .output()
            .unwrap()
    };
    // A chart that is no longer part of the report does not survive the replacement.
    fs::write(charts.join("old-chart.svg"), "<svg/>").unwrap();
    let o = render(&charts);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!charts.join("old-chart.svg").exists());
    assert_eq!(fs::read_dir(&charts).unwrap().count(), 5, "the report's 5 charts");
    // A folder of someone else's files is refused, and a failure leaves the charts as they were.
    fs::write(charts.join("mine.txt"), "mine").unwrap();
    let o = render(&charts);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    fs::remove_file(charts.join("mine.txt")).unwrap();
    let before = snapshot(&charts);
    let o = Command::new(env!("CARGO_BIN_EXE_costsim"))
        .arg("render")
        .arg(out.join("report.json"))
        .args(["--format", "svg", "--out"])
        .arg(&charts)
        .env("COSTSIM_TEST_FAIL_STEP", "5")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(snapshot(&charts) == before);
    assert_eq!(leftovers(&out), Vec::<String>::new());
}

#[test]
fn without_exchange_the_fallback_also_leaves_one_whole_report() {
    let r = reports();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("api");
    run_ok(&out, "1");
    // Steps: 9 files, the publication, the instant between renaming the old folder aside and the new one in, the
    // removal of the old folder: 12.
    let steps = r.new.len() + 3;
    for n in 1..=steps {
        let fallback = |c: &mut Command| {
            c.env("COSTSIM_TEST_NO_EXCHANGE", "1");
        };
        let mut c = run_cmd(&out, "2");
        fallback(&mut c);
        let o = c.env("COSTSIM_TEST_KILL_STEP", n.to_string()).output().unwrap();
        assert_eq!(o.status.code(), None, "step {n}: {}", stderr(&o));
        if n == steps - 1 {
            // The one instant the fallback cannot cover: the old report is aside, the new one not yet in.
            assert!(!out.exists(), "step {n}");
        } else {
            let expected = if n < steps - 1 { &r.old } else { &r.new };
            assert!(&snapshot(&out) == expected, "step {n}");
        }
        // The next run (here one that fails at its first write) puts an old report set aside back, then tidies.
        let mut c = run_cmd(&out, "2");
        fallback(&mut c);
        let o = c.env("COSTSIM_TEST_FAIL_STEP", "1").output().unwrap();
        assert_eq!(o.status.code(), Some(2), "step {n}: {}", stderr(&o));
        let expected = if n < steps { &r.old } else { &r.new };
        assert!(&snapshot(&out) == expected, "step {n}: after the next run");
        assert_eq!(leftovers(work.path()), Vec::<String>::new(), "step {n}");
        run_ok(&out, "1");
    }
    let o = run_cmd(&out, "2").env("COSTSIM_TEST_NO_EXCHANGE", "1").output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(snapshot(&out) == r.new);
    assert_eq!(leftovers(work.path()), Vec::<String>::new());
}

#[test]
fn a_single_file_is_replaced_whole_or_not_at_all() {
    let work = tempfile::tempdir().unwrap();
    let bill = work.path().join("bill.txt");
    assert!(price().arg("--output").arg(&bill).status().unwrap().success());
    let old = fs::read(&bill).unwrap();
    let new_price = |c: &mut Command| {
        c.args(["--memory-mb", "2048"]).arg("--output").arg(&bill);
    };
    // Steps: 1 writes the temporary file, 2 renames it over the bill.
    for n in 1..=2 {
        let mut c = Command::new(env!("CARGO_BIN_EXE_costsim"));
        c.args(["price", "--requests", "1M", "--duration-ms", "100", "--date", "2026-01-15"]);
        new_price(&mut c);
        let o = c.env("COSTSIM_TEST_FAIL_STEP", n.to_string()).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "step {n}: {}", stderr(&o));
        assert_eq!(fs::read(&bill).unwrap(), old, "step {n}");
        assert_eq!(leftovers(work.path()), Vec::<String>::new(), "step {n}");
        let mut c = Command::new(env!("CARGO_BIN_EXE_costsim"));
        c.args(["price", "--requests", "1M", "--duration-ms", "100", "--date", "2026-01-15"]);
        new_price(&mut c);
        let o = c.env("COSTSIM_TEST_KILL_STEP", n.to_string()).output().unwrap();
        assert_eq!(o.status.code(), None, "step {n}");
        assert_eq!(fs::read(&bill).unwrap(), old, "step {n}");
        // Killed after the temporary file was written, it is left behind, recognisable by its name.
        assert_eq!(leftovers(work.path()).len(), n - 1, "step {n}");
    }
    // The next write tidies what the killed one left. 2,048 MB: the bill changes (it names the memory size).
    let mut c = Command::new(env!("CARGO_BIN_EXE_costsim"));
    c.args(["price", "--requests", "1M", "--duration-ms", "100", "--date", "2026-01-15"]);
    new_price(&mut c);
    assert!(c.status().unwrap().success());
    assert_ne!(fs::read(&bill).unwrap(), old);
    assert_eq!(leftovers(work.path()), Vec::<String>::new());
}
