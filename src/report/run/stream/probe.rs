//! A value's [`Shape`] without serialising it: the first serializer call decides, and [`Probe`] stops there.

use std::fmt;

use serde::ser::{self, Serialize, Serializer};

use super::PRIVATE_PREFIX;

/// What a value turns into, found by starting to serialise it: the first serializer call decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    Plain,
    Array,
    Object,
}

/// The shape of `value` without serialising it: [`Probe`] stops at its first call.
pub(super) fn shape<T: Serialize + ?Sized>(value: &T) -> Shape {
    match value.serialize(Probe) {
        Ok(()) => Shape::Plain,
        Err(Found(s)) => s,
    }
}

/// The shape found: the error [`Probe`] stops with.
#[derive(Debug)]
struct Found(Shape);

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl std::error::Error for Found {}

impl ser::Error for Found {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        // The value's own error: it is met again, and reported, when the value is written.
        Found(Shape::Plain)
    }
}

/// A serializer that only tells a value's [`Shape`]: plain values succeed, containers stop at once.
struct Probe;

type Stop = ser::Impossible<(), Found>;

impl Serializer for Probe {
    type Ok = ();
    type Error = Found;
    type SerializeSeq = Stop;
    type SerializeTuple = Stop;
    type SerializeTupleStruct = Stop;
    type SerializeTupleVariant = Stop;
    type SerializeMap = Stop;
    type SerializeStruct = Stop;
    type SerializeStructVariant = Stop;

    fn serialize_bool(self, _: bool) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_i8(self, _: i8) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_i16(self, _: i16) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_i32(self, _: i32) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_i64(self, _: i64) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_i128(self, _: i128) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_u8(self, _: u8) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_u16(self, _: u16) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_u32(self, _: u32) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_u64(self, _: u64) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_u128(self, _: u128) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_f64(self, _: f64) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_char(self, _: char) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_str(self, _: &str) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> std::result::Result<(), Found> {
        Err(Found(Shape::Array))
    }
    fn serialize_none(self) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> std::result::Result<(), Found> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> std::result::Result<(), Found> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> std::result::Result<(), Found> {
        Err(Found(Shape::Object))
    }
    fn serialize_seq(self, _: Option<usize>) -> std::result::Result<Stop, Found> {
        Err(Found(Shape::Array))
    }
    fn serialize_tuple(self, _: usize) -> std::result::Result<Stop, Found> {
        Err(Found(Shape::Array))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> std::result::Result<Stop, Found> {
        Err(Found(Shape::Array))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> std::result::Result<Stop, Found> {
        Err(Found(Shape::Object))
    }
    fn serialize_map(self, _: Option<usize>) -> std::result::Result<Stop, Found> {
        Err(Found(Shape::Object))
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> std::result::Result<Stop, Found> {
        // serde_json's private structs (an `arbitrary_precision` number) are plain values.
        Err(Found(if name.starts_with(PRIVATE_PREFIX) { Shape::Plain } else { Shape::Object }))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> std::result::Result<Stop, Found> {
        Err(Found(Shape::Object))
    }
}
