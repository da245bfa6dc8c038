//! The command line behaves as the tools people know: completions and a man page generated from its definition,
//! `--version` saying which prices it carries, one name for the output flag and the format names everywhere.

use assert_cmd::Command;
use predicates::prelude::*;

fn costsim() -> Command {
    Command::cargo_bin("costsim").unwrap()
}

fn stdout(args: &[&str]) -> String {
    let out = costsim().args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

const SUBCOMMANDS: [&str; 10] =
    ["run", "price", "render", "calibrate", "import", "diff", "merge", "pricing", "completions", "man"];

#[test]
fn the_long_version_names_the_built_in_catalogs_newest_price_date() {
    // The newest `effective_date` of a [[price]] entry in the shipped catalog, read from the file here.
    let catalog = std::fs::read_to_string("pricing/aws-lambda.toml").unwrap();
    let mut newest = String::new();
    let mut in_price = false;
    for line in catalog.lines() {
        if line.starts_with('[') {
            in_price = line == "[[price]]";
        } else if in_price {
            if let Some(date) = line.strip_prefix("effective_date = \"").and_then(|d| d.strip_suffix('"')) {
                newest = newest.max(date.to_string());
            }
        }
    }
    assert_eq!(newest, "2025-10-01", "the shipped catalog's newest price date");
    let version = stdout(&["--version"]);
    assert!(version.starts_with(&format!("costsim {}\n", env!("CARGO_PKG_VERSION"))), "{version}");
    assert!(version.contains(&format!("prices effective up to {newest} (compiled by hand)")), "{version}");
    assert!(version.contains("built-in catalog: 15 regions"), "{version}");
    // -V stays one line, as scripts expect.
    assert_eq!(stdout(&["-V"]), format!("costsim {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn completions_know_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&["completions", shell]);
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell} completion lacks {sub}");
        }
    }
    // The bash script completes the flags of a subcommand too.
    assert!(stdout(&["completions", "bash"]).contains("--provisioned-window"));
    costsim().args(["completions", "tcsh"]).assert().code(2).stderr(predicate::str::contains("possible values"));
}

#[test]
fn the_man_page_documents_every_subcommand_and_pages_are_written_per_subcommand() {
    let page = stdout(&["man"]);
    assert!(page.contains(".TH costsim 1"), "{}", &page[..200.min(page.len())]);
    for sub in SUBCOMMANDS {
        assert!(page.contains(sub), "the man page lacks {sub}");
    }
    let dir = tempfile::tempdir().unwrap();
    costsim().args(["man", "--out"]).arg(dir.path()).assert().success();
    let mut files: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    let mut expected: Vec<String> = SUBCOMMANDS.iter().map(|s| format!("costsim-{s}.1")).collect();
    expected.push("costsim.1".into());
    expected.sort();
    assert_eq!(files, expected);
    let run = std::fs::read_to_string(dir.path().join("costsim-run.1")).unwrap();
    assert!(run.contains(".TH costsim-run 1") && run.contains("horizon"), "{}", &run[..300.min(run.len())]);
}

#[test]
fn every_subcommand_that_writes_a_file_takes_dash_o_and_out() {
    for sub in [
        &["run"][..],
        &["price"],
        &["render"],
        &["calibrate"],
        &["import"],
        &["diff"],
        &["pricing", "import"],
        &["merge"],
        &["man"],
    ] {
        let mut args = sub.to_vec();
        args.push("--help");
        let help = stdout(&args);
        assert!(help.contains("-o, --out"), "{sub:?} --help:\n{help}");
    }
    // `price --output` still works (its earlier name).
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bill.txt");
    costsim()
        .args(["price", "--requests", "1M", "--duration-ms", "100", "--memory-mb", "128", "--output"])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains("(1 function, monthly total $0.00)"));
}

#[test]
fn md_and_markdown_name_the_same_format_everywhere() {
    let price = ["price", "--requests", "3M", "--duration-ms", "1000", "--memory-mb", "512", "--format"];
    let md = stdout(&[&price[..], &["md"]].concat());
    assert_eq!(md, stdout(&[&price[..], &["markdown"]].concat()));
    assert!(md.starts_with("| Name | Monthly Qty |"), "{md}");
    // AWS's pricing-page example: $18.73 for 3M requests of 1 s at 512 MB.
    assert!(md.contains("$18.73"), "{md}");
    // Every --format lists Markdown as `md` (`markdown` is accepted as well).
    for sub in [&["run"][..], &["render"], &["diff"], &["price"]] {
        let help = stdout(&[sub, &["--help"]].concat());
        assert!(help.contains("- md:"), "{sub:?} --help lists md:\n{help}");
    }
    for sub in ["render", "diff"] {
        costsim().args([sub, "--format", "markdown", "--help"]).assert().success();
    }
}

#[test]
fn an_error_in_a_file_shows_the_offending_line_with_a_caret() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("bad.toml");
    std::fs::write(&scenario, "[scenario]\nname = \"x\"\nnmae = 3\n").unwrap();
    let out = costsim().arg("run").arg(&scenario).assert().code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    // Each problem is its own error (here also the missing [function] table, reported at 1:1).
    assert!(
        lines.iter().any(|l| l.starts_with(&format!("error: {}:3:1: unknown key 'nmae'", scenario.display()))),
        "{stderr}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(&format!("error: {}:1:1: missing key 'function'", scenario.display()))),
        "{stderr}"
    );
    // The source line as rustc draws it: ` --> path:3:1`, `3 | nmae = 3`, and a caret under column 1.
    assert!(lines.contains(&format!(" --> {}:3:1", scenario.display()).as_str()), "{stderr}");
    let source = lines.iter().position(|l| *l == "3 | nmae = 3").unwrap_or_else(|| panic!("{stderr}"));
    assert_eq!(lines[source + 1], "  | ^", "{stderr}");
    // Not quoted: a file of a kind costsim does not read (here a trace path pointing elsewhere would be one).
    let other = dir.path().join("notes");
    std::fs::write(&other, "secret\n").unwrap();
    let out = costsim().args(["pricing", "check"]).arg(&other).assert().code(1);
    assert!(!String::from_utf8_lossy(&out.get_output().stderr).contains("secret"));
}

#[test]
fn the_terminal_table_names_where_the_power_tuning_links_are_instead_of_printing_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let table = costsim()
        .args([
            "run",
            "scenarios/api.toml",
            "--horizon-hours",
            "1",
            "--replications",
            "1",
            "--memory",
            "512,1024",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8(table.get_output().stdout.clone()).unwrap();
    assert!(!stdout.contains("https://"), "{stdout}");
    assert!(stdout.contains("Power Tuning view: the links are in index.html and summary.md"), "{stdout}");
    for file in ["index.html", "summary.md"] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(text.contains("https://lambda-power-tuning.show/#"), "{file} keeps the links");
    }
}

#[test]
fn quiet_silences_standard_error_but_never_the_requested_output() {
    let dir = tempfile::tempdir().unwrap();
    let run = costsim()
        .args(["run", "scenarios/api.toml", "--horizon-hours", "1", "--replications", "1", "--memory", "512,1024"])
        .args(["--format", "csv", "--quiet", "-o"])
        .arg(dir.path().join("r"))
        .assert()
        .success();
    let stdout = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    // The header and one row per point: 2 sizes × 2 architectures.
    assert_eq!(stdout.lines().count(), 1 + 4, "{stdout}");
    assert!(run.get_output().stderr.is_empty(), "{}", String::from_utf8_lossy(&run.get_output().stderr));
}
