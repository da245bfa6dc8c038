//! The reports' JSON layout ([`super::pretty`]) written straight from a [`Serialize`] value to a writer, without
//! building the whole document as a [`serde_json::Value`] first.
//!
//! A `Value` tree costs about ten times the text it becomes (every number is a heap string with
//! `arbitrary_precision`, every object an index map): 101,130 points of an application's report.json were
//! gigabytes of tree for 567 MB of text. Here a container is held back only while its layout is undecided:
//! - an object at depth ≤ 2 is always spread over lines (unless empty);
//! - an object deeper down stays on one line while it has at most 10 entries, all plain values, so those are
//!   buffered until the 11th entry or the first nested array or object decides it;
//! - an array stays on one line while its items are plain values or arrays of plain values, so those are
//!   buffered (a nested array whole) until an object or a nested array holding containers decides it.
//!
//! Once decided, a container writes what it buffered and streams the rest: what is held at once is one row, not
//! the report. Plain values go through `serde_json::to_value` and `serde_json::to_string`, and everything held
//! back through [`super::json::write_value`], so the bytes are exactly `pretty(&to_value(x))` (tested below
//! against it on random documents and on reports).

use std::fmt;
use std::io::{self, Write};

use serde::ser::{self, Serialize, SerializeMap as _, Serializer};
use serde_json::{Map, Value};

use super::json::{is_flat_array, write_value};

mod probe;

use probe::{shape, Shape};

/// Writes `value` as [`super::pretty`] lays out `serde_json::to_value(value)`, final newline included.
///
/// # Errors
/// The writer's; a value that JSON cannot hold (a map key that is not a string, a failing `Serialize`) as
/// [`io::ErrorKind::InvalidData`].
pub(crate) fn write_pretty<W: Write + ?Sized, T: Serialize + ?Sized>(out: &mut W, value: &T) -> io::Result<()> {
    let mut out = out;
    value.serialize(Pretty { out: &mut out, depth: 0 }).map_err(Error::into_io)?;
    out.write_all(b"\n")
}

/// Why a value could not be written.
#[derive(Debug)]
enum Error {
    Io(io::Error),
    Json(serde_json::Error),
    Custom(String),
}

impl Error {
    fn into_io(self) -> io::Error {
        match self {
            Error::Io(e) => e,
            Error::Json(e) => io::Error::new(io::ErrorKind::InvalidData, e),
            Error::Custom(m) => io::Error::new(io::ErrorKind::InvalidData, m),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io(e) => e.fmt(f),
            Error::Json(e) => e.fmt(f),
            Error::Custom(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::Custom(msg.to_string())
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::Io(e)
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Json(e)
    }
}

type Result<T> = std::result::Result<T, Error>;

/// The structs serde_json serialises as one plain value (`arbitrary_precision` numbers, raw values).
const PRIVATE_PREFIX: &str = "$serde_json::private::";

/// Two spaces per level, as [`super::json::write_value`] indents.
fn pad(out: &mut impl Write, depth: usize) -> io::Result<()> {
    for _ in 0..depth {
        out.write_all(b"  ")?;
    }
    Ok(())
}

/// A value as `pretty` writes it (its own decided layout) at `depth`.
fn write_held(out: &mut impl Write, value: &Value, depth: usize) -> Result<()> {
    let mut text = String::new();
    write_value(&mut text, value, depth);
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// A plain value on one line, as serde_json writes it.
fn write_plain(out: &mut impl Write, value: &Value) -> Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    Ok(())
}

/// The serializer writing `pretty`'s layout to `out`, for a value at `depth`.
struct Pretty<'a, W> {
    out: &'a mut W,
    depth: usize,
}

impl<'a, W: Write> Pretty<'a, W> {
    fn plain<T: Serialize + ?Sized>(self, v: &T) -> Result<()> {
        write_plain(self.out, &serde_json::to_value(v)?)
    }

    fn container(self, object: bool) -> Compound<'a, W> {
        Compound { out: self.out, depth: self.depth, object, held: Held::Undecided(Vec::new()), key: None }
    }
}

/// Entries held while a container's layout is undecided, or the count written once it streams.
enum Held {
    /// Keys (objects) and values not written yet.
    Undecided(Vec<(Option<String>, Value)>),
    /// Spread over lines: how many entries are written.
    Streaming(usize),
}

/// An array or object being written.
struct Compound<'a, W> {
    out: &'a mut W,
    depth: usize,
    object: bool,
    held: Held,
    /// A map's key, between `serialize_key` and `serialize_value`.
    key: Option<String>,
}

impl<W: Write> Compound<'_, W> {
    /// Writes the separator, the indent and the key of the next entry of a streaming container.
    fn start_entry(&mut self, key: Option<&str>) -> Result<()> {
        let n = match &mut self.held {
            Held::Streaming(n) => n,
            Held::Undecided(_) => return Err(Error::Custom("an entry written before its container decided".into())),
        };
        let open: &[u8] = if self.object { b"{\n" } else { b"[\n" };
        self.out.write_all(if *n == 0 { open } else { b",\n" })?;
        *n += 1;
        pad(self.out, self.depth + 1)?;
        if let Some(k) = key {
            serde_json::to_writer(&mut *self.out, k)?;
            self.out.write_all(b": ")?;
        }
        Ok(())
    }

    /// Decides: spread over lines. Writes what was held back.
    fn stream(&mut self) -> Result<()> {
        let Held::Undecided(held) = std::mem::replace(&mut self.held, Held::Streaming(0)) else { return Ok(()) };
        for (key, value) in held {
            self.start_entry(key.as_deref())?;
            write_held(self.out, &value, self.depth + 1)?;
        }
        Ok(())
    }

    /// One entry (`key` for an object's): held while the layout is undecided and the entry keeps it so, else
    /// streamed.
    fn entry<T: Serialize + ?Sized>(&mut self, key: Option<String>, value: &T) -> Result<()> {
        if let Held::Undecided(held) = &mut self.held {
            match (self.object, shape(value)) {
                (true, Shape::Plain) => {
                    insert(held, key.unwrap_or_default(), serde_json::to_value(value)?);
                    // `pretty` keeps an object on one line below depth 2, with at most 10 plain entries.
                    if self.depth <= 2 || held.len() > 10 {
                        self.stream()?;
                    }
                    return Ok(());
                }
                (false, Shape::Plain) => {
                    held.push((None, serde_json::to_value(value)?));
                    return Ok(());
                }
                (false, Shape::Array) => {
                    // An array of plain values keeps its parent on one line: only its whole value tells.
                    let v = serde_json::to_value(value)?;
                    if is_flat_array(&v) {
                        held.push((None, v));
                        return Ok(());
                    }
                    self.stream()?;
                    self.start_entry(None)?;
                    return write_held(self.out, &v, self.depth + 1);
                }
                _ => self.stream()?,
            }
        }
        self.start_entry(key.as_deref())?;
        value.serialize(Pretty { out: &mut *self.out, depth: self.depth + 1 })
    }

    fn finish(self) -> Result<()> {
        match self.held {
            Held::Undecided(held) => {
                let value = if self.object {
                    Value::Object(held.into_iter().map(|(k, v)| (k.unwrap_or_default(), v)).collect::<Map<_, _>>())
                } else {
                    Value::Array(held.into_iter().map(|(_, v)| v).collect())
                };
                write_plain(self.out, &value)
            }
            Held::Streaming(_) => {
                self.out.write_all(b"\n")?;
                pad(self.out, self.depth)?;
                self.out.write_all(if self.object { b"}" } else { b"]" })?;
                Ok(())
            }
        }
    }
}

/// Inserts as a `serde_json::Map` does: a repeated key keeps its place and takes the new value.
fn insert(held: &mut Vec<(Option<String>, Value)>, key: String, value: Value) {
    match held.iter_mut().find(|(k, _)| k.as_deref() == Some(key.as_str())) {
        Some(entry) => entry.1 = value,
        None => held.push((Some(key), value)),
    }
}

/// A map key as serde_json turns it into a string (numbers, booleans and characters are written as strings).
fn key_string<T: Serialize + ?Sized>(key: &T) -> Result<String> {
    let mut map = serde_json::value::Serializer.serialize_map(Some(1))?;
    map.serialize_key(key)?;
    map.serialize_value(&())?;
    match map.end()? {
        Value::Object(m) => Ok(m.into_iter().next().map(|(k, _)| k).unwrap_or_default()),
        _ => Err(Error::Custom("a map key must be a string".into())),
    }
}

/// serde_json's own serializer of `Value`s, for what is built whole.
type ValueSerializer = serde_json::value::Serializer;
type ValueStruct = <ValueSerializer as Serializer>::SerializeStruct;
type ValueTupleVariant = <ValueSerializer as Serializer>::SerializeTupleVariant;
type ValueStructVariant = <ValueSerializer as Serializer>::SerializeStructVariant;

impl<'a, W: Write> Serializer for Pretty<'a, W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, W>;
    type SerializeTuple = Compound<'a, W>;
    type SerializeTupleStruct = Compound<'a, W>;
    type SerializeTupleVariant = Whole<'a, W, ValueTupleVariant>;
    type SerializeMap = Compound<'a, W>;
    type SerializeStruct = Struct<'a, W>;
    type SerializeStructVariant = Whole<'a, W, ValueStructVariant>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.plain(&v)
    }
    fn serialize_i8(self, v: i8) -> Result<()> {
        self.plain(&v)
    }
    fn serialize_i16(self, v: i16) -> Result<()> {
        self.plain(&v)
    }
    fn serialize_i32(self, v: i32) -> Result<()> {
        self.plain(&v)
    }
    fn serialize_i64(self, v: i64) -> Result<()> {
        self.plain(&v)
    }
    fn serialize_i128(self, v: i128) -> Result<()> {
        self.plain(&v)
    }
    fn serialize_u8(self, v: u8) -> Result<()> {
        self.plain(&v)
    }
    fn serialize_u16(self, v: u16) -> Result<()> {
        self.plain(&v)
    }
    fn serialize_u32(self, v: u32) -> Result<()> {
        self.plain(&v)
    }
    fn serialize_u64(self, v: u64) -> Result<()> {
        self.plain(&v)
    }
    fn serialize_u128(self, v: u128) -> Result<()> {
        self.plain(&v)
    }
    fn serialize_f32(self, v: f32) -> Result<()> {
        self.plain(&v)
    }
    fn serialize_f64(self, v: f64) -> Result<()> {
        self.plain(&v)
    }
    fn serialize_char(self, v: char) -> Result<()> {
        self.plain(&v)
    }
    fn serialize_str(self, v: &str) -> Result<()> {
        self.plain(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        // serde_json makes bytes an array of numbers: plain values, so one line.
        write_plain(self.out, &serde_json::value::Serializer.serialize_bytes(v)?)
    }
    fn serialize_none(self) -> Result<()> {
        write_plain(self.out, &Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<()> {
        write_plain(self.out, &Value::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        write_plain(self.out, &Value::Null)
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<()> {
        self.plain(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        // `{"Variant": value}`, as serde_json writes it.
        let mut c = self.container(true);
        c.entry(Some(variant.to_string()), value)?;
        c.finish()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, W>> {
        Ok(self.container(false))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a, W>> {
        Ok(self.container(false))
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a, W>> {
        Ok(self.container(false))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        let inner = serde_json::value::Serializer.serialize_tuple_variant(name, index, variant, len)?;
        Ok(Whole { out: self.out, depth: self.depth, inner })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, W>> {
        Ok(self.container(true))
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Struct<'a, W>> {
        if name.starts_with(PRIVATE_PREFIX) {
            return Ok(Struct::Plain(self.out, serde_json::value::Serializer.serialize_struct(name, len)?));
        }
        Ok(Struct::Fields(self.container(true)))
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        let inner = serde_json::value::Serializer.serialize_struct_variant(name, index, variant, len)?;
        Ok(Whole { out: self.out, depth: self.depth, inner })
    }
}

impl<W: Write> ser::SerializeSeq for Compound<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.entry(None, value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: Write> ser::SerializeTuple for Compound<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.entry(None, value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: Write> ser::SerializeTupleStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.entry(None, value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: Write> ser::SerializeMap for Compound<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.key = Some(key_string(key)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let key = self.key.take().ok_or_else(|| Error::Custom("a map value without its key".into()))?;
        self.entry(Some(key), value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

/// A struct: its fields as an object's entries, or one of serde_json's private structs, a plain value.
enum Struct<'a, W> {
    Fields(Compound<'a, W>),
    Plain(&'a mut W, ValueStruct),
}

impl<W: Write> ser::SerializeStruct for Struct<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        match self {
            Struct::Fields(c) => c.entry(Some(key.to_string()), value),
            Struct::Plain(_, inner) => Ok(ser::SerializeStruct::serialize_field(inner, key, value)?),
        }
    }
    fn end(self) -> Result<()> {
        match self {
            Struct::Fields(c) => c.finish(),
            Struct::Plain(out, inner) => write_plain(out, &ser::SerializeStruct::end(inner)?),
        }
    }
}

/// An enum variant with data (`{"Variant": […]}` or `{"Variant": {…}}`), built as a `Value` by serde_json and
/// written with its own layout: the reports' variants are small.
struct Whole<'a, W, S> {
    out: &'a mut W,
    depth: usize,
    inner: S,
}

impl<W: Write> ser::SerializeTupleVariant for Whole<'_, W, ValueTupleVariant> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        Ok(ser::SerializeTupleVariant::serialize_field(&mut self.inner, value)?)
    }
    fn end(self) -> Result<()> {
        write_held(self.out, &ser::SerializeTupleVariant::end(self.inner)?, self.depth)
    }
}

impl<W: Write> ser::SerializeStructVariant for Whole<'_, W, ValueStructVariant> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        Ok(ser::SerializeStructVariant::serialize_field(&mut self.inner, key, value)?)
    }
    fn end(self) -> Result<()> {
        write_held(self.out, &ser::SerializeStructVariant::end(self.inner)?, self.depth)
    }
}

#[cfg(test)]
mod tests;
