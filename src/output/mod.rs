//! Writing results: every file and every report folder is written completely or not at all, and printing never
//! panics.
//!
//! - [`write_atomic`]: one file, through an exclusively created temporary file (random name, `O_EXCL`,
//!   `O_NOFOLLOW`, mode 0600), fsync, then one rename.
//! - [`Staging`]: a whole folder, written into an exclusively created temporary sibling (mode 0700), then
//!   published in one step: on Linux the old folder and the new one are swapped with
//!   `renameat2(RENAME_EXCHANGE)`, so the final path holds either the old report or the new one at every instant.
//! - [`print`], [`note`], [`warn`]: standard output and standard error without the panics of `println!` and
//!   `eprintln!` on a closed or full stream.
//!
//! Temporary names are `.<name>.costsim-<tmp|staging|old>.<pid>.<random>`; what a killed run leaves behind is
//! recognised by that name and removed by the next run that writes beside it (once the process is gone).

mod file;
mod folder;
mod hook;
mod names;

use std::fmt::Display;
use std::io::{self, Write};
use std::path::PathBuf;

pub use file::{create_exclusive, write_atomic, write_atomic_with};
pub use folder::{Layout, Staging};

/// Why a result could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A file stands where a folder is needed (the output folder itself, or one of its parents).
    #[error("'{path}' is a file, not a folder; {needed}")]
    NotAFolder {
        /// The file in the way.
        path: PathBuf,
        /// What was asked for, e.g. "the report folder 'x/y' cannot be created under it".
        needed: String,
    },
    /// A folder stands where a file is to be written.
    #[error("'{path}' is a folder; give a file name to write to")]
    IsAFolder {
        /// The folder in the way.
        path: PathBuf,
    },
    /// The output folder is a symbolic link: replacing it would replace the link, not the folder it names.
    #[error("'{path}' is a symbolic link; give the folder it points to instead")]
    Symlink {
        /// The link.
        path: PathBuf,
    },
    /// The output folder exists and holds something costsim did not write: it is replaced as a whole, so it
    /// is left alone.
    #[error(
        "'{path}' exists and holds '{entry}', which is not part of a {what}; the folder is replaced as a whole, \
         so give a new folder or one written by costsim"
    )]
    Foreign {
        /// The existing folder.
        path: PathBuf,
        /// The first entry that costsim would not have written, relative to `path`.
        entry: String,
        /// What the folder should be, e.g. "costsim report folder".
        what: &'static str,
    },
    /// A path with no final name (`/`, `..`).
    #[error("'{path}' does not name a file or folder")]
    NoName {
        /// The path given.
        path: PathBuf,
    },
    /// The operating system refused.
    #[error("cannot {action} '{path}': {source}")]
    Io {
        /// What was being done, e.g. "write".
        action: &'static str,
        /// The path concerned.
        path: PathBuf,
        /// The error.
        source: io::Error,
    },
}

impl OutputError {
    /// Whether the user asked for something that cannot be (a file where a folder is needed…): exit status 1;
    /// otherwise the system refused (disk full, permissions): exit status 2.
    pub fn is_input(&self) -> bool {
        !matches!(self, OutputError::Io { .. })
    }

    fn io(action: &'static str, path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> OutputError {
        let path = path.into();
        move |source| OutputError::Io { action, path, source }
    }
}

impl From<OutputError> for io::Error {
    fn from(e: OutputError) -> io::Error {
        let kind = match &e {
            OutputError::Io { source, .. } => source.kind(),
            _ => io::ErrorKind::InvalidInput,
        };
        io::Error::new(kind, e)
    }
}

/// Writes `text` to standard output. A reader that went away (`costsim … | head`) is not an error: the rest is
/// dropped quietly.
///
/// # Errors
/// Any I/O error other than a broken pipe (e.g. a full disk behind `> file`).
pub fn print(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Prints one line on standard error. A closed or full standard error is ignored: there is nowhere left to say
/// so, and a message must never turn into a panic.
pub fn note(message: impl Display) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "{message}").and_then(|()| err.flush());
}

/// Prints `text` as it is on standard error, ignoring a closed or full stream like [`note`].
pub fn print_err(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// Prints a warning on standard error, never inside exported data.
pub fn warn(message: impl Display) {
    note(format_args!("warning: {message}"));
}
