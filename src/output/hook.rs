//! Test hook: failures injected into the output steps, to prove a report survives a full disk or a kill at any
//! step (tests/atomic.rs). Read only here; unset, it does nothing.
//!
//! - `COSTSIM_TEST_FAIL_STEP=N`: the Nth output step (counted from 1 in the process) fails as a full disk would.
//! - `COSTSIM_TEST_KILL_STEP=N`: the process kills itself with SIGKILL at the Nth step (abort elsewhere).
//!
//! - `COSTSIM_TEST_NO_EXCHANGE=1`: publishes a folder as systems without `RENAME_EXCHANGE` do (rename aside).
//!
//! A step is one file created and written, one rename or swap that publishes, one removal of a replaced folder.

use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

static STEPS: AtomicU64 = AtomicU64::new(0);

fn setting(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

fn settings() -> (Option<u64>, Option<u64>) {
    static SETTINGS: OnceLock<(Option<u64>, Option<u64>)> = OnceLock::new();
    *SETTINGS.get_or_init(|| (setting("COSTSIM_TEST_FAIL_STEP"), setting("COSTSIM_TEST_KILL_STEP")))
}

/// Whether the test hook asks for the fallback that renames the old folder aside instead of swapping.
pub(super) fn no_exchange() -> bool {
    static NO_EXCHANGE: OnceLock<bool> = OnceLock::new();
    *NO_EXCHANGE.get_or_init(|| std::env::var_os("COSTSIM_TEST_NO_EXCHANGE").is_some_and(|v| v == "1"))
}

/// Counts one output step; fails or kills the process there when the test hook asks for it.
pub(super) fn step() -> io::Result<()> {
    count(true)
}

/// Counts one step that cannot fail in a way the caller reports (tidying after publication): only a kill there.
pub(super) fn kill_point() {
    let _ = count(false);
}

fn count(failable: bool) -> io::Result<()> {
    let (fail, kill) = settings();
    if fail.is_none() && kill.is_none() {
        return Ok(());
    }
    let n = STEPS.fetch_add(1, Ordering::SeqCst) + 1;
    if kill == Some(n) {
        #[cfg(unix)]
        // SAFETY: sends SIGKILL to this process; nothing runs after it.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
        std::process::abort();
    }
    if failable && fail == Some(n) {
        return Err(io::Error::other(format!("injected failure at output step {n} (COSTSIM_TEST_FAIL_STEP)")));
    }
    Ok(())
}
