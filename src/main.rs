//! The `costsim` command: parse arguments, run, map errors to an exit status.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::FromArgMatches;
use costsim::output;

fn main() -> ExitCode {
    let parsed = costsim::commands::manual::command()
        .try_get_matches()
        .and_then(|matches| costsim::cli::Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return usage(&e),
    };
    let color = cli.color;
    match costsim::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Never a panic, even on a closed or full standard error: the exit status still tells.
            let message = format!("{e:#}");
            let color = costsim::report::terminal::Terminal::stderr_color(color);
            // A file's problems come one per line: each is its own error, with its source line under it.
            let problems: Vec<&str> = message.lines().filter(|l| !l.trim().is_empty()).collect();
            for problem in &problems {
                output::note(format_args!("error: {problem}"));
                if let Some(snippet) = costsim::diagnostic::snippet::for_message(problem, color) {
                    output::print_err(&format!("{snippet}\n"));
                }
            }
            if problems.len() > 1 {
                output::note(format_args!("error: {} problems, nothing was run", problems.len()));
            }
            ExitCode::from(costsim::commands::exit_code(&e))
        }
    }
}

/// Prints clap's help, version or usage error (clap's own `exit` ignores a failed write: `--help >/dev/full`
/// would exit 0 having printed nothing). Help on a full standard output is exit 2, like any other output.
fn usage(e: &clap::Error) -> ExitCode {
    let rendered = e.render();
    let on_stdout = !e.use_stderr();
    let terminal = if on_stdout { std::io::stdout().is_terminal() } else { std::io::stderr().is_terminal() };
    let text = if terminal { rendered.ansi().to_string() } else { rendered.to_string() };
    if on_stdout {
        if let Err(err) = output::print(&text) {
            output::note(format_args!("error: cannot write to standard output: {err}"));
            return ExitCode::from(2);
        }
    } else {
        output::print_err(&text);
    }
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}
