//! One output file, written whole or not at all.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use super::names::{self, Purpose};
use super::{hook, OutputError};

/// Creates a new file for writing, mode 0600 on Unix, failing if anything exists at `path` — a file, or a
/// symbolic link even to nowhere (`O_CREAT | O_EXCL | O_NOFOLLOW`): a link planted there is never followed.
///
/// # Errors
/// The operating system's, e.g. `AlreadyExists`.
pub fn create_exclusive(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    options.open(path)
}

/// Creates `path` exclusively, writes what `write` writes through a buffer (a large file goes to disk as it is
/// produced instead of being held whole in memory first), gives it its final mode (0666 less the umask) and
/// flushes it to disk. Counts as one step of the test hook.
pub(super) fn write_new_with(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    hook::step()?;
    let file = create_exclusive(path)?;
    let mut out = io::BufWriter::with_capacity(WRITE_BUFFER, file);
    let result = write(&mut out)
        .and_then(|()| out.into_inner().map_err(io::IntoInnerError::into_error))
        .and_then(|file| names::set_final_mode(path, false).and_then(|()| file.sync_all()));
    if result.is_err() {
        // Ours (created exclusively above): a partial file never stays behind.
        let _ = fs::remove_file(path);
    }
    result
}

/// Buffer between a streamed file's writer and the file [bytes]: few system calls, little memory.
const WRITE_BUFFER: usize = 256 * 1024;

/// Writes `bytes` to `path` through a temporary file beside it (random name, created exclusively, not following
/// links, mode 0600 while written), flushed to disk, then renamed over `path`: readers see the old file or the
/// new one, never a part. A symbolic link at `path` is replaced, not written through. Missing parent folders are
/// created, and removed again if the write fails.
///
/// # Errors
/// [`OutputError`], naming the path; nothing is left behind.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// As [`write_atomic`], the contents written by `write` as they are produced (a shard file of every unit's
/// result is not held whole in memory). An error of `write` leaves nothing behind, as a failed write does.
///
/// # Errors
/// As [`write_atomic`].
pub fn write_atomic_with(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), OutputError> {
    let Some(name) = path.file_name() else { return Err(OutputError::NoName { path: path.to_path_buf() }) };
    if fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(OutputError::IsAFolder { path: path.to_path_buf() });
    }
    let ancestors = names::ancestors(path)?;
    let created = names::create_missing(&ancestors.missing)?;
    let parent = names::parent_of(path);
    names::remove_leftovers(&parent);
    let tmp = parent.join(names::temp_name(name, Purpose::Tmp));
    let result = write_new_with(&tmp, write).map_err(OutputError::io("write", path)).and_then(|()| {
        let renamed = hook::step().and_then(|()| fs::rename(&tmp, path));
        if renamed.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        renamed.map_err(OutputError::io("write", path))
    });
    match result {
        Ok(()) => {
            // The rename is done; flushing the folder makes it survive a power cut, and its failure changes nothing
            // a reader sees.
            let _ = names::sync_dir(&parent);
            Ok(())
        }
        Err(e) => {
            names::remove_created(&created);
            Err(e)
        }
    }
}
