//! `costsim completions` and `costsim man`: generated from the clap definition, and the long `--version`.

use std::io::Write as _;

use anyhow::Context as _;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::pricing::Catalog;

/// Prints the completion script for the shell.
///
/// # Errors
/// When standard output cannot be written.
pub fn completions(args: &CompletionsArgs) -> anyhow::Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command(), "costsim", &mut script);
    crate::output::print(&String::from_utf8_lossy(&script)).context("cannot write to standard output")
}

/// Prints `costsim.1`, or writes it and a page per subcommand into `--out`.
///
/// # Errors
/// When the page cannot be written.
pub fn man(args: &ManArgs) -> anyhow::Result<()> {
    let command = command();
    match &args.out {
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command).render(&mut page).context("cannot render the man page")?;
            crate::output::print(&String::from_utf8_lossy(&page)).context("cannot write to standard output")
        }
        Some(dir) => {
            let mut pages = vec![("costsim.1".to_string(), command.clone())];
            for sub in command.get_subcommands() {
                let name = format!("costsim-{}", sub.get_name());
                pages.push((format!("{name}.1"), sub.clone().name(name)));
            }
            for (file, cmd) in pages {
                let mut page = Vec::new();
                clap_mangen::Man::new(cmd).render(&mut page).context("cannot render the man page")?;
                crate::output::write_atomic(&dir.join(&file), &page)?;
            }
            let mut err = std::io::stderr();
            let _ = writeln!(err, "wrote {} pages in {}", command.get_subcommands().count() + 1, dir.display());
            Ok(())
        }
    }
}

/// The command line definition with the long version.
pub fn command() -> clap::Command {
    Cli::command().long_version(long_version())
}

/// `costsim --version`: the version, the built-in catalog (its newest price date and how it was made) and the
/// platform, so that a bug report or a CI log says which prices a number was computed with.
pub fn long_version() -> String {
    let catalog = Catalog::built_in();
    let newest = catalog.newest_price_date().map_or_else(|| "none".to_string(), |d| d.to_string());
    let made = catalog.provenance().map_or_else(
        || "provenance not stated".to_string(),
        |p| match p.method {
            crate::pricing::ProvenanceMethod::Manual => "compiled by hand".to_string(),
            crate::pricing::ProvenanceMethod::Import => p.to_string(),
        },
    );
    format!(
        "{}\nbuilt-in catalog: {} regions, prices effective up to {newest} ({made})\nplatform: {}-{}",
        env!("CARGO_PKG_VERSION"),
        catalog.regions().len(),
        std::env::consts::ARCH,
        std::env::consts::OS
    )
}
