//! Temporary names, leftovers of killed runs, modes and directory syncs: what files and folders share.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::Path;
use std::sync::OnceLock;

/// What a temporary entry is for; part of its name.
#[derive(Clone, Copy)]
pub(super) enum Purpose {
    /// A single file being written.
    Tmp,
    /// A folder being written.
    Staging,
    /// A replaced folder waiting to be removed.
    Old,
}

impl Purpose {
    fn tag(self) -> &'static str {
        match self {
            Purpose::Tmp => "costsim-tmp",
            Purpose::Staging => "costsim-staging",
            Purpose::Old => "costsim-old",
        }
    }
}

/// `.<name>.costsim-<purpose>.<pid>.<16 hex digits>`: hidden, unpredictable (64 random bits from the operating
/// system's generator, so nobody can plant a link at it in advance), and recognisable after a kill.
pub(super) fn temp_name(final_name: &OsStr, purpose: Purpose) -> OsString {
    let mut name = OsString::from(".");
    name.push(final_name);
    name.push(format!(".{}.{}.{:016x}", purpose.tag(), std::process::id(), rand::random::<u64>()));
    name
}

/// The process id in a name made by [`temp_name`], or `None` for any other name.
pub(super) fn leftover_pid(name: &OsStr) -> Option<u32> {
    leftover(name).map(|(pid, _, _)| pid)
}

/// The process id, purpose and final name in a name made by [`temp_name`].
fn leftover(name: &OsStr) -> Option<(u32, &'static str, &str)> {
    let name = name.to_str()?;
    if !name.starts_with('.') {
        return None;
    }
    let mut parts = name.rsplitn(4, '.');
    let random = parts.next()?;
    let pid = parts.next()?;
    let tag = parts.next()?;
    let final_name = parts.next()?.strip_prefix('.')?;
    let purpose = [Purpose::Tmp, Purpose::Staging, Purpose::Old].into_iter().find(|p| p.tag() == tag)?;
    let random_ok = random.len() == 16 && random.bytes().all(|b| b.is_ascii_hexdigit());
    if !random_ok || final_name.is_empty() {
        return None;
    }
    Some((pid.parse().ok()?, purpose.tag(), final_name))
}

/// Removes what killed costsim runs left in `dir`: entries named by [`temp_name`] whose process is gone. Entries
/// of a run still going (ours included) are kept. A folder renamed aside whose final name is missing (a kill in
/// the middle of the fallback publication) is put back instead. Failures are ignored: this is tidying, not the job.
pub(super) fn remove_leftovers(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some((pid, tag, final_name)) = leftover(&name) else { continue };
        if pid == std::process::id() || process_alive(pid) {
            continue;
        }
        let path = entry.path();
        let target = dir.join(final_name);
        if tag == Purpose::Old.tag() && fs::symlink_metadata(&target).is_err() && fs::rename(&path, &target).is_ok() {
            continue;
        }
        // symlink_metadata: a link named like a leftover is removed itself, never followed.
        match fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => drop(fs::remove_dir_all(&path)),
            Ok(_) => drop(fs::remove_file(&path)),
            Err(_) => {}
        }
    }
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
    // kill(pid, 0) sends nothing; it fails with ESRCH when no such process exists (EPERM: it exists).
    // SAFETY: signal 0 performs only the existence and permission checks.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    // No portable check: keep everything rather than remove a running process's files.
    true
}

/// The process's file-creation mask, read once.
fn umask() -> u32 {
    static UMASK: OnceLock<u32> = OnceLock::new();
    *UMASK.get_or_init(read_umask)
}

#[cfg(unix)]
fn read_umask() -> u32 {
    // Linux ≥ 4.7 shows it in /proc (proc(5), "Umask"); reading it there avoids changing it even for an instant.
    if let Ok(status) = fs::read_to_string("/proc/self/status") {
        if let Some(v) = status.lines().find_map(|l| l.strip_prefix("Umask:")) {
            if let Ok(mask) = u32::from_str_radix(v.trim(), 8) {
                return mask;
            }
        }
    }
    // SAFETY: umask cannot fail; the old mask is put back at once.
    #[allow(clippy::useless_conversion)] // mode_t is u32 on Linux, u16 on macOS
    unsafe {
        let old = libc::umask(0o022);
        libc::umask(old);
        u32::from(old)
    }
}

#[cfg(not(unix))]
fn read_umask() -> u32 {
    0o022
}

/// Gives a published file the mode a plain `create` would have (0666 less the umask) instead of 0600.
pub(super) fn set_final_mode(path: &Path, is_dir: bool) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let base = if is_dir { 0o777 } else { 0o666 };
        fs::set_permissions(path, fs::Permissions::from_mode(base & !umask()))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, is_dir);
        Ok(())
    }
}

/// Flushes a directory's entries (a rename or a new file in it) to disk.
pub(super) fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Where a path's missing ancestors start: the nearest existing ancestor and the missing folders below it, top
/// first.
pub(super) struct Ancestors {
    /// The nearest existing folder above the path.
    pub existing: std::path::PathBuf,
    /// Folders between `existing` and the path, to create, outermost first.
    pub missing: Vec<std::path::PathBuf>,
}

/// Finds the nearest existing folder above `path` (exclusive). A file on the way is an error naming it.
pub(super) fn ancestors(path: &Path) -> Result<Ancestors, super::OutputError> {
    let mut missing = Vec::new();
    let mut current = parent_of(path);
    loop {
        match fs::metadata(&current) {
            Ok(m) if m.is_dir() => {
                missing.reverse();
                return Ok(Ancestors { existing: current, missing });
            }
            Ok(_) => {
                return Err(super::OutputError::NotAFolder {
                    path: current,
                    needed: format!("'{}' cannot be created under it", path.display()),
                })
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound || is_not_a_directory(&e) => {
                let up = parent_of(&current);
                if up == current {
                    return Err(super::OutputError::io("find a folder for", path)(e));
                }
                missing.push(current);
                current = up;
            }
            Err(e) => return Err(super::OutputError::io("open", current)(e)),
        }
    }
}

/// ENOTDIR: a file stands where a folder of the path should be.
pub(super) fn is_not_a_directory(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ENOTDIR)
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// The folder holding `path`: `.` for a bare name.
pub(super) fn parent_of(path: &Path) -> std::path::PathBuf {
    match path.parent() {
        Some(p) if p.as_os_str().is_empty() => Path::new(".").to_path_buf(),
        Some(p) => p.to_path_buf(),
        None => path.to_path_buf(),
    }
}

/// Creates `missing` (outermost first); returns those created, for [`remove_created`] on failure.
pub(super) fn create_missing(missing: &[std::path::PathBuf]) -> Result<Vec<std::path::PathBuf>, super::OutputError> {
    let mut created = Vec::new();
    for dir in missing {
        match fs::create_dir(dir) {
            Ok(()) => created.push(dir.clone()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => {}
            Err(e) => {
                remove_created(&created);
                return Err(super::OutputError::io("create the folder", dir)(e));
            }
        }
    }
    Ok(created)
}

/// Removes folders [`create_missing`] made, innermost first, if still empty.
pub(super) fn remove_created(created: &[std::path::PathBuf]) {
    for dir in created.iter().rev() {
        let _ = fs::remove_dir(dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_recognised_and_others_are_not() {
        let name = temp_name(OsStr::new("report.json"), Purpose::Tmp);
        assert_eq!(leftover_pid(&name), Some(std::process::id()));
        let staging = temp_name(OsStr::new("api"), Purpose::Staging);
        assert_eq!(leftover_pid(&staging), Some(std::process::id()));
        assert_ne!(temp_name(OsStr::new("a"), Purpose::Old), temp_name(OsStr::new("a"), Purpose::Old));
        for other in [
            "report.json",
            ".report.json.123.tmp",
            ".x.costsim-tmp.12.0123456789abcdeg",
            ".x.costsim-tmp.12.0123456789abcde",
            ".x.costsim-foo.12.0123456789abcdef",
            "x.costsim-tmp.12.0123456789abcdef",
        ] {
            assert_eq!(leftover_pid(OsStr::new(other)), None, "{other}");
        }
        assert_eq!(leftover_pid(OsStr::new(".x.y.costsim-old.42.0123456789abcdef")), Some(42));
    }
}
