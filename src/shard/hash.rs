//! Content hashes: what makes two shards "of the same input" and "priced with the same catalog".
//!
//! The input's hash covers the bytes of every file the run read to build its work: the scenario or application
//! file, each function's scenario file (an application's `path = …` entries; an inline entry's text is part of
//! the application file), and every replayed trace, streamed. Each part is framed by its role and length, so
//! moving bytes from one file to another changes the hash. Paths are not hashed (the same files under another
//! folder are the same input); the shard file records the input's path separately, to read it again at merge.

use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::scenario::{Application, Scenario};

/// SHA-256 of framed parts, as lowercase hex.
struct Framed(Sha256);

impl Framed {
    fn new() -> Framed {
        Framed(Sha256::new())
    }

    fn frame(&mut self, role: &str, len: u64) {
        self.0.update((role.len() as u64).to_le_bytes());
        self.0.update(role.as_bytes());
        self.0.update(len.to_le_bytes());
    }

    fn bytes(&mut self, role: &str, bytes: &[u8]) {
        self.frame(role, bytes.len() as u64);
        self.0.update(bytes);
    }

    /// A file's bytes, streamed (a trace may be large); its length is read first for the frame, and a file that
    /// changes length while read is an error rather than a wrong hash.
    fn file(&mut self, role: &str, path: &Path) -> io::Result<()> {
        let file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        self.frame(role, len);
        let mut read = 0u64;
        let mut buf = vec![0u8; 64 * 1024];
        let mut reader = file.take(len + 1);
        loop {
            let n = reader.read(&mut buf)?;
            if n == 0 {
                break;
            }
            read += n as u64;
            self.0.update(&buf[..n]);
        }
        if read != len {
            return Err(io::Error::other(format!("it changed while read ({len} bytes, then {read})")));
        }
        Ok(())
    }

    fn hex(self) -> String {
        self.0.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The content hash of a scenario: its file and its trace.
///
/// # Errors
/// The I/O error of a trace that cannot be read, with its path.
pub fn scenario(s: &Scenario) -> Result<String, (String, io::Error)> {
    let mut h = Framed::new();
    scenario_parts(&mut h, "scenario", s)?;
    Ok(h.hex())
}

/// The content hash of an application: its file, each function's scenario file and trace, in order.
///
/// # Errors
/// As [`scenario`].
pub fn application(app: &Application) -> Result<String, (String, io::Error)> {
    let mut h = Framed::new();
    h.bytes("application", app.source().as_bytes());
    for (i, f) in app.functions().iter().enumerate() {
        scenario_parts(&mut h, &format!("function {i}"), f.scenario())?;
    }
    Ok(h.hex())
}

fn scenario_parts(h: &mut Framed, role: &str, s: &Scenario) -> Result<(), (String, io::Error)> {
    h.bytes(role, s.source().as_bytes());
    if let Some(t) = s.trace() {
        h.file(&format!("{role} trace"), Path::new(&t.path)).map_err(|e| (t.path.clone(), e))?;
    }
    Ok(())
}

/// The identity of the catalog text: SHA-256 of its bytes, as lowercase hex.
pub fn text(bytes: &[u8]) -> String {
    let mut h = Framed::new();
    h.bytes("catalog", bytes);
    h.hex()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_the_framed_text() {
        // Framing: role length 7 (u64 LE), "catalog", length 3 (u64 LE), "abc": 26 bytes, whose SHA-256 was worked
        // out with Python's hashlib.sha256(struct.pack('<Q', 7) + b'catalog' + struct.pack('<Q', 3) + b'abc').
        assert_eq!(text(b"abc"), "8277e1b6da01e13c5b66deb6527db7928adb275e577b70a18652105aae5a92b5");
        assert_ne!(text(b"abc"), text(b"abd"));
    }
}
