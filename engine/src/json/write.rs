//! JSON text written by hand, as a `serde::Serializer`, so every type that
//! derives `Serialize` is written without serde_json: the runtime and the
//! authoring engine hand every result to JavaScript as JSON text, and
//! serde_json was most of the runtime's code besides the rules.
//!
//! The text is byte for byte what serde_json's `to_string` and
//! `to_string_pretty` write (the differential tests in `tests.rs` compare
//! them on every outcome and presentation of the shipped cases and on random
//! values), because `screen eval --json`, the goldens and the package's
//! `JSON.stringify(outcome, null, 2)` must stay one text.
//!
//! Strings are copied a run of plain bytes at a time: an outcome is mostly
//! words, and escaping them one character at a time was most of the cost of
//! writing one.

use super::Num;
use serde::ser::{self, Serialize};
use std::fmt;

/// Compact JSON text, as serde_json's `to_string` writes it.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut w = Writer { out: Vec::with_capacity(128), pretty: false, indent: 0 };
    value.serialize(&mut w)?;
    w.finish()
}

/// Compact JSON text, as `to_string`, written into `out` (emptied first),
/// so a caller that keeps `out` between calls allocates nothing once it is
/// large enough.
pub fn to_string_into<T: Serialize + ?Sized>(value: &T, out: &mut String) -> Result<(), Error> {
    out.clear();
    let mut w = Writer { out: std::mem::take(out).into_bytes(), pretty: false, indent: 0 };
    let written = value.serialize(&mut w);
    *out = w.finish()?;
    written
}

/// Indented JSON text (two spaces), as serde_json's `to_string_pretty` writes it.
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut w = Writer { out: Vec::with_capacity(128), pretty: true, indent: 0 };
    value.serialize(&mut w)?;
    w.finish()
}

/// What cannot be written as JSON: a map key that is not text or a number,
/// or a type's own refusal.
#[derive(Debug, Clone, PartialEq)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

fn key_must_be_a_string() -> Error {
    // serde_json's words.
    Error("key must be a string".into())
}

/// Write `s` as a JSON string, quotes included.
pub fn write_escaped(out: &mut Vec<u8>, s: &str) {
    // Room for the whole string at once: most need no escaping at all.
    out.reserve(s.len() + 2);
    out.push(b'"');
    let mut rest = s.as_bytes();
    loop {
        let k = plain_run(rest);
        out.extend_from_slice(&rest[..k]);
        let Some(&b) = rest.get(k) else { break };
        // Only ASCII bytes are escaped, so what is written stays UTF-8.
        match ESCAPE[b as usize] {
            b'u' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[(b >> 4) as usize], HEX[(b & 0xf) as usize]]);
            }
            c => out.extend_from_slice(&[b'\\', c]),
        }
        rest = &rest[k + 1..];
    }
    out.push(b'"');
}

/// How many bytes at the start of `bytes` need no escaping: eight bytes at a
/// time (a byte-by-byte table lookup was most of writing an outcome, which is
/// mostly plain words), the first one that does found from the word's mask.
fn plain_run(bytes: &[u8]) -> usize {
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let mask = escape_mask(u64::from_le_bytes([word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7]]));
        if mask != 0 {
            // Little-endian: the lowest marked byte is the first in the text.
            return at + (mask.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    for &b in words.remainder() {
        if ESCAPE[b as usize] != 0 {
            return at;
        }
        at += 1;
    }
    at
}

/// The high bit of each of the eight bytes that is a control character, `"`
/// or `\` (bytes from 0x80 up, the rest of a character in UTF-8, never
/// are). A borrow can mark a byte above a marked one too, never below, so the
/// lowest mark is exact.
fn escape_mask(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    below_space | zero_byte(word ^ (ONES * b'"' as u64)) | zero_byte(word ^ (ONES * b'\\' as u64))
}

/// For each byte, 0 when it is written as it is, else the letter after the
/// backslash (`u` for `\u00XX`): serde_json escapes exactly these.
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// A float as serde_json writes it: `null` when it is not finite, else by
/// zmij, serde_json's own float formatter (the shortest digits that read back
/// the same, and where two are as short, zmij's choice, which is not always
/// Rust's `{:e}`).
fn write_f64(out: &mut Vec<u8>, x: f64) {
    if x.is_finite() {
        out.extend_from_slice(zmij::Buffer::new().format_finite(x).as_bytes());
    } else {
        out.extend_from_slice(b"null");
    }
}

fn write_f32(out: &mut Vec<u8>, x: f32) {
    if x.is_finite() {
        out.extend_from_slice(zmij::Buffer::new().format_finite(x).as_bytes());
    } else {
        out.extend_from_slice(b"null");
    }
}

/// An integer in decimal, as `Display` writes it (through `fmt::Write`, as
/// the rest of the crate formats: `std::io::Write` would link its own error
/// machinery into the Wasm builds).
fn write_int(out: &mut Vec<u8>, v: impl fmt::Display) {
    struct Bytes<'a>(&'a mut Vec<u8>);
    impl fmt::Write for Bytes<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0.extend_from_slice(s.as_bytes());
            Ok(())
        }
    }
    // Writing to a `Vec` cannot fail.
    let _ = fmt::Write::write_fmt(&mut Bytes(out), format_args!("{v}"));
}

/// A JSON value is written as serde_json writes its `Value`.
impl Serialize for super::Json {
    fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use super::Json;
        use ser::{SerializeMap, SerializeSeq};
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Num(n) => n.serialize(s),
            Json::Str(t) => s.serialize_str(t),
            Json::Arr(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Obj(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl Serialize for Num {
    fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Num::Pos(u) => s.serialize_u64(u),
            Num::Neg(i) => s.serialize_i64(i),
            Num::Float(f) => s.serialize_f64(f),
        }
    }
}

/// The text is written as bytes (every piece is a `&str` or ASCII, so it
/// stays UTF-8): pushing a byte is cheaper than pushing a `char`, and an
/// outcome is thousands of them.
struct Writer {
    out: Vec<u8>,
    pretty: bool,
    indent: usize,
}

impl Writer {
    fn finish(self) -> Result<String, Error> {
        String::from_utf8(self.out).map_err(|_| Error("the text written is not UTF-8".into()))
    }
    fn newline(&mut self) {
        if self.pretty {
            self.out.push(b'\n');
            for _ in 0..self.indent {
                self.out.extend_from_slice(b"  ");
            }
        }
    }
    fn open(&mut self, c: u8, len: Option<usize>) -> Compound<'_> {
        self.indent += 1;
        self.out.push(c);
        if len == Some(0) {
            // serde_json closes an empty list or object at once.
            self.indent -= 1;
            self.out.push(if c == b'[' { b']' } else { b'}' });
            return Compound { w: self, state: State::Empty };
        }
        Compound { w: self, state: State::First }
    }
    /// `{"name":` before a variant's content.
    fn open_variant(&mut self, variant: &str) {
        self.indent += 1;
        self.out.push(b'{');
        self.newline();
        write_escaped(&mut self.out, variant);
        self.out.extend_from_slice(if self.pretty { b": " } else { b":" });
    }
    fn close_variant(&mut self) {
        self.indent -= 1;
        self.newline();
        self.out.push(b'}');
    }
}

#[derive(PartialEq)]
enum State {
    Empty,
    First,
    Rest,
}

#[doc(hidden)]
pub struct Compound<'a> {
    w: &'a mut Writer,
    state: State,
}

impl Compound<'_> {
    fn element(&mut self) {
        if self.state == State::Rest {
            self.w.out.push(b',');
        }
        self.state = State::Rest;
        self.w.newline();
    }
    fn close(&mut self, c: u8) {
        if self.state == State::Empty {
            return;
        }
        self.w.indent -= 1;
        if self.state == State::Rest {
            self.w.newline();
        }
        self.w.out.push(c);
    }
    fn colon(&mut self) {
        self.w.out.extend_from_slice(if self.w.pretty { b": " } else { b":" });
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(v as i64)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(v as i64)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(v as i64)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        write_int(&mut self.out, v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        write_int(&mut self.out, v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(v as u64)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(v as u64)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(v as u64)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        write_int(&mut self.out, v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        write_int(&mut self.out, v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        write_f32(&mut self.out, v);
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        write_f64(&mut self.out, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_escaped(&mut self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_escaped(&mut self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.open_variant(variant);
        value.serialize(&mut *self)?;
        self.close_variant();
        Ok(())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.open(b'[', len))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, variant: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.open_variant(variant);
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.open(b'{', len))
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, variant: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.open_variant(variant);
        self.serialize_map(Some(len))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element();
        value.serialize(&mut *self.w)
    }
    fn end(mut self) -> Result<(), Error> {
        self.close(b']');
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(mut self) -> Result<(), Error> {
        self.close(b']');
        self.w.close_variant();
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.element();
        key.serialize(KeyWriter(&mut self.w.out))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.colon();
        value.serialize(&mut *self.w)
    }
    fn end(mut self) -> Result<(), Error> {
        self.close(b'}');
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.element();
        write_escaped(&mut self.w.out, key);
        self.colon();
        value.serialize(&mut *self.w)
    }
    fn end(mut self) -> Result<(), Error> {
        self.close(b'}');
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(mut self) -> Result<(), Error> {
        self.close(b'}');
        self.w.close_variant();
        Ok(())
    }
}

/// A map's key: text, or a number or truth value written as text (serde_json's `MapKeySerializer`).
struct KeyWriter<'a>(&'a mut Vec<u8>);

impl KeyWriter<'_> {
    fn quoted(self, f: impl FnOnce(&mut Vec<u8>)) -> Result<(), Error> {
        self.0.push(b'"');
        f(self.0);
        self.0.push(b'"');
        Ok(())
    }
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_escaped(self.0, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(|o| o.extend_from_slice(if v { b"true" } else { b"false" }))
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i128(v as i128)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i128(v as i128)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i128(v as i128)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.serialize_i128(v as i128)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.quoted(|o| write_int(o, v))
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u128(v as u128)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u128(v as u128)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u128(v as u128)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.serialize_u128(v as u128)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.quoted(|o| write_int(o, v))
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        if !v.is_finite() {
            return Err(Error("float key must be finite (got NaN or +/-inf)".into()));
        }
        self.quoted(|o| write_f32(o, v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        if !v.is_finite() {
            return Err(Error("float key must be finite (got NaN or +/-inf)".into()));
        }
        self.quoted(|o| write_f64(o, v))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _: &'static str, _: u32, _: &'static str, _: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}
