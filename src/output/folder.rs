//! A folder written as one unit: staged in a temporary sibling, then swapped in.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::names::{self, Purpose};
use super::{file, hook, OutputError};

/// What may be in a folder that is replaced as a whole: anything else there is the user's, and the folder is
/// then left alone (so `--out ~` cannot delete a home folder).
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    /// What the folder is, for messages: "costsim report folder".
    pub what: &'static str,
    /// Whether an entry (a path relative to the folder, a file or a folder) is one costsim writes.
    pub owns: fn(&Path) -> bool,
}

/// A folder being written: files go into a temporary sibling of the target, created exclusively with mode 0700,
/// and [`Staging::publish`] puts it in place in one step. Dropped unpublished (an error, a panic), it is removed.
///
/// Creating it up front checks the target before any work: not a file, not a link, not a folder of someone
/// else's files, and its parent writable (the staging folder is made there).
#[derive(Debug)]
pub struct Staging {
    /// The temporary folder the files go into.
    dir: PathBuf,
    /// Where the folder is published.
    target: PathBuf,
    layout: Layout,
    /// Folders above `target` that do not exist yet: created at publication, not before.
    missing: Vec<PathBuf>,
    published: bool,
}

impl Staging {
    /// Checks `target` and creates the staging folder beside it (in the nearest existing ancestor if its parent
    /// does not exist yet). Removes what killed runs left there.
    ///
    /// # Errors
    /// [`OutputError`]: a file in the way, a link, someone else's files, or a folder that cannot be written.
    pub fn create(target: &Path, layout: Layout) -> Result<Staging, OutputError> {
        let target = named(target)?;
        check_replaceable(&target, layout)?;
        let ancestors = names::ancestors(&target)?;
        names::remove_leftovers(&ancestors.existing);
        let name = target.file_name().unwrap_or_default();
        let dir = ancestors.existing.join(names::temp_name(name, Purpose::Staging));
        make_private_dir(&dir).map_err(OutputError::io("create a folder in", &ancestors.existing))?;
        Ok(Staging { dir, target, layout, missing: ancestors.missing, published: false })
    }

    /// Where the folder will be published.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes one file at `relative` (e.g. `charts/cost.svg`) in the staging folder, creating its folders;
    /// returns the path it will have once published.
    ///
    /// # Errors
    /// [`OutputError`] naming the final path; the staging folder is removed when the `Staging` is dropped.
    pub fn write(&self, relative: &Path, bytes: &[u8]) -> Result<PathBuf, OutputError> {
        self.write_with(relative, |w| w.write_all(bytes))
    }

    /// As [`Staging::write`], the contents written by `write` as they are produced: a report.json of every
    /// point goes to disk without being held whole in memory.
    ///
    /// # Errors
    /// As [`Staging::write`], and `write`'s own error.
    pub fn write_with(
        &self,
        relative: &Path,
        write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<PathBuf, OutputError> {
        let shown = self.target.join(relative);
        if relative.components().any(|c| !matches!(c, Component::Normal(_))) || relative.file_name().is_none() {
            return Err(OutputError::NoName { path: shown });
        }
        let path = self.dir.join(relative);
        let mut folder = self.dir.clone();
        for part in relative.parent().into_iter().flat_map(Path::components) {
            folder.push(part);
            match make_private_dir(&folder) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && is_real_dir(&folder) => {}
                Err(e) => return Err(OutputError::io("write", &shown)(e)),
            }
        }
        file::write_new_with(&path, write).map_err(OutputError::io("write", &shown))?;
        Ok(shown)
    }

    /// Puts the staged folder at the target in one step and removes the one it replaces. On Linux the two are
    /// swapped with `renameat2(RENAME_EXCHANGE)` (rename(2)), so the target is never missing nor mixed; elsewhere,
    /// or on a file system without it, the old folder is renamed aside first.
    ///
    /// # Errors
    /// [`OutputError`]; the old folder is then still in place and the staging folder is removed.
    pub fn publish(mut self) -> Result<(), OutputError> {
        // Checked again: minutes of simulation may have passed since `create`.
        check_replaceable(&self.target, self.layout)?;
        finish_modes(&self.dir).map_err(OutputError::io("write", &self.target))?;
        let created = names::create_missing(&self.missing)?;
        let result = self.swap_in();
        if result.is_err() {
            names::remove_created(&created);
        }
        result
    }

    fn swap_in(&mut self) -> Result<(), OutputError> {
        let fail = OutputError::io("replace", &self.target);
        hook::step().map_err(OutputError::io("replace", &self.target))?;
        let parent = names::parent_of(&self.target);
        if fs::symlink_metadata(&self.target).is_ok() {
            let swapped = if hook::no_exchange() {
                Err(io::Error::from_raw_os_error(unsupported_code()))
            } else {
                exchange(&self.dir, &self.target)
            };
            match swapped {
                Ok(()) => {
                    // The staging name now holds the old report; the target holds the new one.
                    self.published = true;
                    let _ = names::sync_dir(&parent);
                    hook::kill_point();
                    let _ = fs::remove_dir_all(&self.dir);
                    return Ok(());
                }
                Err(e) if !exchange_unsupported(&e) => return Err(fail(e)),
                Err(_) => {}
            }
            let name = self.target.file_name().unwrap_or_default();
            let aside = parent.join(names::temp_name(name, Purpose::Old));
            fs::rename(&self.target, &aside).map_err(OutputError::io("replace", &self.target))?;
            // Killed here, the target is missing for an instant: the next run puts the old folder back.
            hook::kill_point();
            if let Err(e) = fs::rename(&self.dir, &self.target) {
                let _ = fs::rename(&aside, &self.target);
                return Err(fail(e));
            }
            self.published = true;
            let _ = names::sync_dir(&parent);
            hook::kill_point();
            let _ = fs::remove_dir_all(&aside);
            return Ok(());
        }
        fs::rename(&self.dir, &self.target).map_err(fail)?;
        self.published = true;
        let _ = names::sync_dir(&parent);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// A path with a final name: `.` and `..` are resolved, so the staging folder can be a sibling.
fn named(target: &Path) -> Result<PathBuf, OutputError> {
    if matches!(target.components().next_back(), Some(Component::Normal(_))) {
        return Ok(target.to_path_buf());
    }
    let resolved = fs::canonicalize(target).map_err(OutputError::io("open", target))?;
    match resolved.file_name() {
        Some(_) => Ok(resolved),
        None => Err(OutputError::NoName { path: target.to_path_buf() }),
    }
}

/// The target may be replaced: absent, or a real folder holding only what `layout` owns.
fn check_replaceable(target: &Path, layout: Layout) -> Result<(), OutputError> {
    match fs::symlink_metadata(target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        // A file above: `ancestors` names it.
        Err(e) if names::is_not_a_directory(&e) => Ok(()),
        Err(e) => Err(OutputError::io("open", target)(e)),
        Ok(m) if m.file_type().is_symlink() => Err(OutputError::Symlink { path: target.to_path_buf() }),
        Ok(m) if !m.is_dir() => {
            Err(OutputError::NotAFolder { path: target.to_path_buf(), needed: format!("a {} goes there", layout.what) })
        }
        Ok(_) => match foreign_entry(target, Path::new(""), layout) {
            Ok(None) => Ok(()),
            Ok(Some(entry)) => Err(OutputError::Foreign {
                path: target.to_path_buf(),
                entry: entry.display().to_string(),
                what: layout.what,
            }),
            Err(e) => Err(OutputError::io("read", target)(e)),
        },
    }
}

/// The first entry under `root/relative` that `layout` does not own.
fn foreign_entry(root: &Path, relative: &Path, layout: Layout) -> io::Result<Option<PathBuf>> {
    let mut entries: Vec<_> = fs::read_dir(root.join(relative))?.collect::<Result<_, _>>()?;
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let rel = relative.join(entry.file_name());
        // A temporary entry of a costsim run (a killed `render` into a report's charts/) goes with the folder.
        if names::leftover_pid(&entry.file_name()).is_some() {
            continue;
        }
        if !(layout.owns)(&rel) {
            return Ok(Some(rel));
        }
        if entry.file_type()?.is_dir() {
            if let Some(found) = foreign_entry(root, &rel, layout)? {
                return Ok(Some(found));
            }
        }
    }
    Ok(None)
}

fn make_private_dir(path: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path)
}

fn is_real_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Gives the staged folders their final modes (0777 less the umask; files got theirs when written) and flushes
/// their entries to disk, innermost first.
fn finish_modes(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            finish_modes(&entry.path())?;
        }
    }
    names::sync_dir(dir)?;
    names::set_final_mode(dir, true)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: two valid NUL-terminated paths, relative to the current directory.
    let r = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(target_os = "linux")]
fn unsupported_code() -> i32 {
    libc::EINVAL
}

#[cfg(not(target_os = "linux"))]
fn unsupported_code() -> i32 {
    0
}

/// The kernel or the file system cannot swap (EINVAL, ENOSYS, EOPNOTSUPP): fall back to renaming aside.
fn exchange_unsupported(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    {
        matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP))
    }
    #[cfg(not(target_os = "linux"))]
    {
        e.kind() == io::ErrorKind::Unsupported || e.raw_os_error() == Some(0)
    }
}
