//! Reading shard files as streams, for a merge whose memory does not grow with the files: the header alone
//! first, then each unit handed over as it is parsed (never a file's text, nor all of a file's units, at once),
//! and a last pass that keeps only the timelines the report draws.
//!
//! A shard file of 50,000 one-hour units is 1.1 GB of text, and its units parsed were 3.3 GB more, most of it
//! concurrency timelines (1,440 buckets, 32 bytes each, per unit) of which the report keeps a handful per
//! function: the recommended points'.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use serde::de::{self, DeserializeSeed, Deserializer as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::file::{check_probe, compact_timeline, not_shard, ProbeHeader};
use super::{ShardError, ShardHeader};
use crate::sim::Timeline;
use crate::sweep::Point;

/// Read buffer of a shard file [bytes].
const READ_BUFFER: usize = 256 * 1024;

/// The message of the error that ends a pass on purpose (after the header, or on a callback's refusal): never
/// shown, the pass's own outcome replaces it.
const STOP: &str = "costsim: shard file pass stopped";

/// One unit of a shard file without its timeline.
#[derive(Debug, Clone, Deserialize)]
pub struct UnitPoint {
    /// Index in the input's unit list.
    pub index: usize,
    /// Its name, e.g. `api/x86_64/1024MB`.
    pub id: String,
    /// Its expected work [invocations].
    pub weight: u64,
    /// The sweep point (its `timeline` empty).
    pub point: Point,
    /// Checked as the full reader checks it (same types), then dropped.
    #[serde(rename = "timeline")]
    _timeline: TimelineShape,
}

/// A shard file's header, checked: the format and its version first, so that a file of another version is
/// refused by name rather than by the first field it lacks.
///
/// # Errors
/// [`ShardError::Io`] when the file cannot be read; [`ShardError::Invalid`] when it is larger than the report
/// limit, is not a shard file, or is of another format version.
pub fn header(path: &Path) -> Result<ShardHeader, ShardError> {
    let mut probe = Probe { header: None };
    run(path, &mut probe)?;
    let value = probe.header.ok_or_else(|| missing(path, "header"))?;
    let shown = path.display().to_string();
    let probed: ProbeHeader = serde_json::from_value(value.clone())
        .map_err(|e| ShardError::Invalid(format!("{shown}: not a shard file written by `costsim run --shard`: {e}")))?;
    check_probe(&shown, &probed)?;
    serde_json::from_value::<ShardHeader>(value).or_else(|e| {
        // Read again as the header's own type, for the error's line and column in the file.
        run(path, &mut Strict)?;
        Err(ShardError::Invalid(format!("{shown}: not a shard file written by `costsim run --shard`: {e}")))
    })
}

/// Hands every unit of the file at `path` to `each` with its position in the file, in file order, without its
/// timeline (checked, not kept). `expected`: the header read before; a file whose header is no longer it is
/// refused (it changed during the merge).
///
/// # Errors
/// As [`header`]; and `each`'s own refusal.
pub fn points(
    path: &Path,
    expected: &ShardHeader,
    each: impl FnMut(usize, UnitPoint) -> Result<(), ShardError>,
) -> Result<(), ShardError> {
    run(path, &mut Points { expected, path, each })
}

/// Hands `each` the timeline of every unit at a position for which `wanted` is true, with the unit's index;
/// the other units' are skipped. `expected`: as for [`points`].
///
/// # Errors
/// As [`points`].
pub fn timelines(
    path: &Path,
    expected: &ShardHeader,
    wanted: impl Fn(usize) -> bool,
    each: impl FnMut(usize, usize, Timeline) -> Result<(), ShardError>,
) -> Result<(), ShardError> {
    run(path, &mut Timelines { expected, path, wanted, each })
}

/// A missing top-level field.
fn missing(path: &Path, field: &str) -> ShardError {
    ShardError::Invalid(format!(
        "{}: not a shard file written by `costsim run --shard`: missing field `{field}`",
        path.display()
    ))
}

/// The refusal of a file that is not what it was a moment ago.
fn changed(path: &Path) -> ShardError {
    ShardError::Invalid(format!(
        "'{}' changed while it was merged (its header is not what it was): run the merge again once the shards are \
         written",
        path.display()
    ))
}

/// What one pass over a file does with its header and its units.
trait Pass {
    /// Reads the header's value from `map`; the inner result says whether the pass ends there (or refuses).
    fn header<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<Result<bool, ShardError>, A::Error>;

    /// Reads the unit at `position` from `seq`: `None` past the last; the inner result is the callback's. A pass
    /// that only wants the header skips every unit unread.
    fn unit<'de, A: SeqAccess<'de>>(
        &mut self,
        _position: usize,
        seq: &mut A,
    ) -> Result<Option<Result<(), ShardError>>, A::Error> {
        Ok(seq.next_element::<IgnoredAny>()?.map(|_| Ok(())))
    }
}

/// A pass under way: what stopped it, when it stopped on purpose.
struct Reading<'p, P> {
    pass: &'p mut P,
    failed: Option<ShardError>,
    stopped: bool,
}

/// Runs `pass` over the file at `path`, read through a buffer.
fn run<P: Pass>(path: &Path, pass: &mut P) -> Result<(), ShardError> {
    let shown = path.display().to_string();
    let io = |e: std::io::Error| ShardError::Io { path: shown.clone(), message: e.to_string() };
    let file = File::open(path).map_err(io)?;
    let limit = crate::limits::max_bytes(crate::limits::InputKind::Report);
    if file.metadata().map_err(io)?.len() > limit {
        return Err(ShardError::Invalid(format!(
            "'{shown}' is larger than {limit} bytes, the limit for a shard file; raise it with {} MB",
            crate::limits::FLAG
        )));
    }
    let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(READ_BUFFER, file));
    let mut reading = Reading { pass, failed: None, stopped: false };
    let result =
        (&mut de).deserialize_map(FileVisitor(&mut reading)).and_then(
            |()| {
                if reading.stopped {
                    Ok(())
                } else {
                    de.end()
                }
            },
        );
    match (result, reading.failed) {
        (_, Some(refusal)) => Err(refusal),
        (Err(_), None) if reading.stopped => Ok(()),
        (Err(e), None) if e.is_io() => Err(ShardError::Io { path: shown, message: e.to_string() }),
        (Err(e), None) => Err(not_shard(&shown, &e)),
        (Ok(()), None) => Ok(()),
    }
}

struct FileVisitor<'r, 'p, P>(&'r mut Reading<'p, P>);

impl<'de, P: Pass> Visitor<'de> for FileVisitor<'_, '_, P> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a shard file (a JSON object with a header and units)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (mut header, mut units) = (false, false);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "header" if header => return Err(de::Error::duplicate_field("header")),
                "header" => {
                    header = true;
                    match self.0.pass.header(&mut map)? {
                        Ok(false) => {}
                        Ok(true) => {
                            self.0.stopped = true;
                            return Err(de::Error::custom(STOP));
                        }
                        Err(refusal) => {
                            self.0.failed = Some(refusal);
                            return Err(de::Error::custom(STOP));
                        }
                    }
                }
                "units" if units => return Err(de::Error::duplicate_field("units")),
                "units" => {
                    units = true;
                    map.next_value_seed(UnitsSeed(&mut *self.0))?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !header {
            return Err(de::Error::missing_field("header"));
        }
        if !units {
            return Err(de::Error::missing_field("units"));
        }
        Ok(())
    }
}

struct UnitsSeed<'r, 'p, P>(&'r mut Reading<'p, P>);

impl<'de, P: Pass> DeserializeSeed<'de> for UnitsSeed<'_, '_, P> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, P: Pass> Visitor<'de> for UnitsSeed<'_, '_, P> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("the array of units")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut position = 0;
        while let Some(done) = self.0.pass.unit(position, &mut seq)? {
            if let Err(refusal) = done {
                self.0.failed = Some(refusal);
                return Err(de::Error::custom(STOP));
            }
            position += 1;
        }
        Ok(())
    }
}

/// Pass 0: the header as a JSON value, for the format check before its fields.
struct Probe {
    header: Option<serde_json::Value>,
}

impl Pass for Probe {
    fn header<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<Result<bool, ShardError>, A::Error> {
        self.header = Some(map.next_value()?);
        Ok(Ok(true))
    }
}

/// Pass 0 again, when the header's value is not a [`ShardHeader`]: read as one, to locate the error.
struct Strict;

impl Pass for Strict {
    fn header<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<Result<bool, ShardError>, A::Error> {
        map.next_value::<ShardHeader>()?;
        Ok(Ok(true))
    }
}

/// The header of a later pass: still the one read first.
fn same_header<'de, A: MapAccess<'de>>(
    map: &mut A,
    expected: &ShardHeader,
    path: &Path,
) -> Result<Result<bool, ShardError>, A::Error> {
    let now: ShardHeader = map.next_value()?;
    Ok(if &now == expected { Ok(false) } else { Err(changed(path)) })
}

/// Pass 1: every unit's point.
struct Points<'a, F> {
    expected: &'a ShardHeader,
    path: &'a Path,
    each: F,
}

impl<F: FnMut(usize, UnitPoint) -> Result<(), ShardError>> Pass for Points<'_, F> {
    fn header<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<Result<bool, ShardError>, A::Error> {
        same_header(map, self.expected, self.path)
    }

    fn unit<'de, A: SeqAccess<'de>>(
        &mut self,
        position: usize,
        seq: &mut A,
    ) -> Result<Option<Result<(), ShardError>>, A::Error> {
        Ok(seq.next_element::<UnitPoint>()?.map(|u| (self.each)(position, u)))
    }
}

/// Pass 2: the wanted units' timelines.
struct Timelines<'a, W, F> {
    expected: &'a ShardHeader,
    path: &'a Path,
    wanted: W,
    each: F,
}

impl<W: Fn(usize) -> bool, F: FnMut(usize, usize, Timeline) -> Result<(), ShardError>> Pass for Timelines<'_, W, F> {
    fn header<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<Result<bool, ShardError>, A::Error> {
        same_header(map, self.expected, self.path)
    }

    fn unit<'de, A: SeqAccess<'de>>(
        &mut self,
        position: usize,
        seq: &mut A,
    ) -> Result<Option<Result<(), ShardError>>, A::Error> {
        if !(self.wanted)(position) {
            return Ok(seq.next_element::<IgnoredAny>()?.map(|_| Ok(())));
        }
        Ok(seq.next_element::<UnitTimeline>()?.map(|u| (self.each)(position, u.index, u.timeline)))
    }
}

/// A unit's index and timeline, its other fields skipped.
#[derive(Deserialize)]
struct UnitTimeline {
    index: usize,
    #[serde(with = "compact_timeline")]
    timeline: Timeline,
}

/// A compact timeline's shape (`{"bucket_us": u64, "buckets": [[u32, u32, u32, u32, u64, u64], …]}`), checked
/// bucket by bucket without keeping any.
#[derive(Debug, Clone, Deserialize)]
struct TimelineShape {
    #[serde(rename = "bucket_us")]
    _bucket_us: u64,
    #[serde(rename = "buckets")]
    _buckets: BucketsShape,
}

#[derive(Debug, Clone)]
struct BucketsShape;

impl<'de> Deserialize<'de> for BucketsShape {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<BucketsShape, D::Error> {
        d.deserialize_seq(BucketsShape)
    }
}

impl<'de> Visitor<'de> for BucketsShape {
    type Value = BucketsShape;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<BucketsShape, A::Error> {
        while seq.next_element::<(u32, u32, u32, u32, u64, u64)>()?.is_some() {}
        Ok(BucketsShape)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A header costsim could have written, as JSON.
    fn header_json(version: u32) -> String {
        format!(
            r#"{{"format":"costsim.shard","format_version":{version},"costsim_version":"0.1.0","input":{{"kind":"scenario","path":"s.toml","sha256":"00"}},"catalog":{{"origin":"built in","sha256":"11"}},"options":{{"seed":null,"memory":null,"arch":null,"replications":null,"horizon_hours":null,"date":null,"pricing":null,"allow_path":[]}},"seed":1,"date":"2026-12-01","shards":2,"shard":0,"total_units":0}}"#
        )
    }

    fn file(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn message(e: ShardError) -> String {
        e.to_string()
    }

    #[test]
    fn the_header_is_read_wherever_it_stands_and_checked_first() {
        let dir = tempfile::tempdir().unwrap();
        let h = header_json(1);
        let first = header(&file(&dir, "a.json", &format!(r#"{{"header":{h},"units":[]}}"#))).unwrap();
        let last = header(&file(&dir, "b.json", &format!(r#"{{"units":[1,2],"extra":{{}},"header":{h}}}"#))).unwrap();
        assert_eq!(first, last);
        assert_eq!(first.total_units, 0);
        let other = file(&dir, "c.json", &format!(r#"{{"header":{},"units":[]}}"#, header_json(99)));
        assert!(message(header(&other).unwrap_err()).contains("format version 99"));
        let missing = file(&dir, "d.json", r#"{"units":[]}"#);
        assert!(message(header(&missing).unwrap_err()).contains("missing field `header`"));
        // A header of the right version that is not a header: located in the file, as the parser found it.
        let bad = h.replace(r#""seed":1"#, r#""seed":"one""#);
        let e = message(header(&file(&dir, "e.json", &format!("{{\n\"header\":{bad},\"units\":[]}}"))).unwrap_err());
        assert!(e.contains("e.json:2:") && e.contains("invalid type"), "{e}");
    }

    #[test]
    fn a_later_pass_refuses_a_file_that_changed_or_lacks_its_units() {
        let dir = tempfile::tempdir().unwrap();
        let h = header(&file(&dir, "a.json", &format!(r#"{{"header":{},"units":[]}}"#, header_json(1)))).unwrap();
        let mut other = h.clone();
        other.seed = 2;
        let changed = file(&dir, "b.json", &format!(r#"{{"header":{},"units":[]}}"#, header_json(1)));
        let e = points(&changed, &other, |_, _| Ok(())).unwrap_err();
        assert!(message(e).contains("changed while it was merged"));
        let no_units = file(&dir, "c.json", &format!(r#"{{"header":{}}}"#, header_json(1)));
        let e = points(&no_units, &h, |_, _| Ok(())).unwrap_err();
        assert!(message(e).contains("missing field `units`"));
        let twice = file(&dir, "d.json", &format!(r#"{{"header":{0},"header":{0},"units":[]}}"#, header_json(1)));
        assert!(message(points(&twice, &h, |_, _| Ok(())).unwrap_err()).contains("duplicate field `header`"));
        assert!(points(&changed, &h, |_, _| Ok(())).is_ok());
        assert!(timelines(&changed, &h, |_| true, |_, _, _| Ok(())).is_ok());
    }
}
