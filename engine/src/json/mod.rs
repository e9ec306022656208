//! JSON text read by hand, for forms and the binding's data: both Wasm
//! builds carry this reader instead of serde_json's `Value` deserializer.
//!
//! It reads exactly what serde_json reads and refuses exactly what it
//! refuses, with the same words and the same line and column ("expected
//! value at line 1 column 2"), because those words reach the person whose
//! form was refused, and the command line, the authoring engine and the
//! runtime must say the same thing. An object keeps one answer per name, the
//! last one written, in the order of the names (serde_json's map), so a form
//! is read the same way whoever reads it. The form reader's differential
//! tests (`form::tests`) compare the two on every form in the repository and
//! on random and malformed text.

use std::fmt;

// Writing JSON (`to_string`, serde_json's text) and the objects the binding
// builds: with the reader, all the JSON the runtime and authoring builds need.
mod map;
mod write;
pub use map::Map;
pub use write::{to_string, to_string_into, to_string_pretty, write_escaped, Error as WriteError};

/// A JSON value. An object's entries are sorted by name, one per name.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Num(Num),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

/// A number as serde_json keeps it: a whole number that fits stays whole, so
/// it is written back as typed ("12", not "12.0").
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    Pos(u64),
    Neg(i64),
    Float(f64),
}

impl Num {
    pub fn as_f64(self) -> f64 {
        match self {
            Num::Pos(u) => u as f64,
            Num::Neg(i) => i as f64,
            Num::Float(f) => f,
        }
    }
}

impl Json {
    /// The entry named `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        let Json::Obj(entries) = self else { return None };
        entries.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok().map(|i| &entries[i].1)
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Num(n) => Some(n.as_f64()),
            _ => None,
        }
    }
    pub fn is_object(&self) -> bool {
        matches!(self, Json::Obj(_))
    }
}

/// Parse JSON text. The error is serde_json's message, with its line and column.
pub fn parse(text: &str) -> Result<Json, String> {
    parse_nested(text, RECURSION_LIMIT).map_err(|e| match e {
        Refused::Text(e) => e,
        // Never: at serde_json's own limit the parser words the error itself.
        Refused::Deep => RECURSION.to_string(),
    })
}

/// Why `parse_nested` refused the text.
#[derive(Debug, PartialEq)]
pub enum Refused {
    /// Not JSON: serde_json's message, with its line and column.
    Text(String),
    /// Lists and objects nested deeper than the limit, in the text read so
    /// far (all of it valid JSON up to there).
    Deep,
}

/// serde_json's limit on nesting.
const RECURSION_LIMIT: usize = 128;

/// Parse JSON text, stopping at the first list or object nested more than
/// `limit` deep (a limit of 128 or more is serde_json's own, an error in its words).
pub fn parse_nested(text: &str, limit: usize) -> Result<Json, Refused> {
    let mut p = Parser { s: text.as_bytes(), text, i: 0, depth: 0, limit: limit.min(RECURSION_LIMIT), deep: false };
    let v = p.value().map_err(|e| if p.deep { Refused::Deep } else { Refused::Text(e) })?;
    match p.ws() {
        Some(_) => Err(Refused::Text(p.peek_err(TRAILING_CHARACTERS))),
        None => Ok(v),
    }
}

const EOF_LIST: &str = "EOF while parsing a list";
const EOF_OBJECT: &str = "EOF while parsing an object";
const EOF_STRING: &str = "EOF while parsing a string";
const EOF_VALUE: &str = "EOF while parsing a value";
const EXPECTED_COLON: &str = "expected `:`";
const EXPECTED_LIST_COMMA: &str = "expected `,` or `]`";
const EXPECTED_OBJECT_COMMA: &str = "expected `,` or `}`";
const EXPECTED_IDENT: &str = "expected ident";
const EXPECTED_VALUE: &str = "expected value";
const INVALID_ESCAPE: &str = "invalid escape";
const INVALID_NUMBER: &str = "invalid number";
const OUT_OF_RANGE: &str = "number out of range";
const CONTROL: &str = "control character (\\u0000-\\u001F) found while parsing a string";
const KEY_STRING: &str = "key must be a string";
const LONE_SURROGATE: &str = "lone leading surrogate in hex escape";
const TRAILING_COMMA: &str = "trailing comma";
const TRAILING_CHARACTERS: &str = "trailing characters";
const END_OF_HEX: &str = "unexpected end of hex escape";
const RECURSION: &str = "recursion limit exceeded";

struct Parser<'a> {
    s: &'a [u8],
    /// The same text, to take strings from it whole.
    text: &'a str,
    i: usize,
    depth: usize,
    limit: usize,
    /// Set when the limit below serde_json's stopped the parse.
    deep: bool,
}

impl Parser<'_> {
    /// An error at the byte just read (serde_json's `error`).
    fn err(&self, what: &str) -> String {
        self.at(self.i, what)
    }
    /// An error at the byte just peeked (serde_json's `peek_error`).
    fn peek_err(&self, what: &str) -> String {
        self.at((self.i + 1).min(self.s.len()), what)
    }
    fn at(&self, i: usize, what: &str) -> String {
        let before = &self.s[..i];
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let line = 1 + before[..line_start].iter().filter(|&&b| b == b'\n').count();
        format!("{what} at line {line} column {}", i - line_start)
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.i += 1;
        Some(b)
    }
    /// The next byte that is not white space, not consumed.
    fn ws(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.i += 1;
        }
        self.peek()
    }

    fn value(&mut self) -> Result<Json, String> {
        let Some(b) = self.ws() else { return Err(self.peek_err(EOF_VALUE)) };
        match b {
            b'n' => self.ident(b"null", Json::Null),
            b't' => self.ident(b"true", Json::Bool(true)),
            b'f' => self.ident(b"false", Json::Bool(false)),
            b'-' => {
                self.i += 1;
                self.number(false).map(Json::Num)
            }
            b'0'..=b'9' => self.number(true).map(Json::Num),
            b'"' => {
                self.i += 1;
                self.string().map(Json::Str)
            }
            b'[' | b'{' => {
                if self.depth >= self.limit {
                    // A lower limit than serde_json's is the caller's to word.
                    self.deep = self.limit < RECURSION_LIMIT;
                    self.i += 1;
                    return Err(self.err(RECURSION));
                }
                self.depth += 1;
                self.i += 1;
                let v = if b == b'[' { self.array() } else { self.object() };
                self.depth -= 1;
                v
            }
            _ => Err(self.peek_err(EXPECTED_VALUE)),
        }
    }

    fn ident(&mut self, word: &[u8], v: Json) -> Result<Json, String> {
        self.i += 1;
        for &want in &word[1..] {
            match self.next() {
                None => return Err(self.err(EOF_VALUE)),
                Some(b) if b != want => return Err(self.err(EXPECTED_IDENT)),
                Some(_) => {}
            }
        }
        Ok(v)
    }

    fn array(&mut self) -> Result<Json, String> {
        let mut items = Vec::new();
        loop {
            let Some(b) = self.ws() else { return Err(self.peek_err(EOF_LIST)) };
            if b == b']' {
                self.i += 1;
                return Ok(Json::Arr(items));
            }
            if !items.is_empty() {
                if b != b',' {
                    return Err(self.peek_err(EXPECTED_LIST_COMMA));
                }
                self.i += 1;
                match self.ws() {
                    Some(b']') => return Err(self.peek_err(TRAILING_COMMA)),
                    Some(_) => {}
                    None => return Err(self.peek_err(EOF_VALUE)),
                }
            }
            items.push(self.value()?);
        }
    }

    fn object(&mut self) -> Result<Json, String> {
        let mut entries: Vec<(String, Json)> = Vec::new();
        let mut first = true;
        loop {
            let Some(b) = self.ws() else { return Err(self.peek_err(EOF_OBJECT)) };
            if b == b'}' {
                self.i += 1;
                break;
            }
            if first {
                first = false;
                if b != b'"' {
                    return Err(self.peek_err(KEY_STRING));
                }
            } else {
                if b != b',' {
                    return Err(self.peek_err(EXPECTED_OBJECT_COMMA));
                }
                self.i += 1;
                match self.ws() {
                    Some(b'"') => {}
                    Some(b'}') => return Err(self.peek_err(TRAILING_COMMA)),
                    Some(_) => return Err(self.peek_err(KEY_STRING)),
                    None => return Err(self.peek_err(EOF_VALUE)),
                }
            }
            self.i += 1;
            let key = self.string()?;
            match self.ws() {
                Some(b':') => self.i += 1,
                Some(_) => return Err(self.peek_err(EXPECTED_COLON)),
                None => return Err(self.peek_err(EOF_OBJECT)),
            }
            let v = self.value()?;
            entries.push((key, v));
        }
        // One entry per name, the last one written, in the order of the names.
        entries.reverse();
        // The standard sort, not `order::sort_by`: this runs for every object
        // of every form, and sorting positions then moving the entries costs
        // about 4% more of parsing (callgrind, Ash Lane) for 1 KB of Wasm.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|later, earlier| later.0 == earlier.0);
        Ok(Json::Obj(entries))
    }

    /// A string's text, after its opening quote.
    fn string(&mut self) -> Result<String, String> {
        let mut start = self.i;
        self.plain();
        // Most strings have no escape: one copy, of the right size.
        if self.peek() == Some(b'"') {
            if let Some(s) = self.text.get(start..self.i) {
                self.i += 1;
                return Ok(s.to_string());
            }
        }
        let mut out = String::new();
        loop {
            self.plain();
            let Some(b) = self.peek() else { return Err(self.err(EOF_STRING)) };
            // Cut at an ASCII byte of the text, so always between characters.
            out.push_str(self.text.get(start..self.i).unwrap_or(""));
            self.i += 1;
            match b {
                b'"' => break,
                b'\\' => self.escape(&mut out)?,
                _ => return Err(self.err(CONTROL)),
            }
            start = self.i;
        }
        Ok(out)
    }

    /// Step over a string's text up to its closing quote, an escape or a control character.
    /// Eight bytes at a time while none of them can end the run (most of a
    /// form's text is long answers), then byte by byte to the one that does.
    fn plain(&mut self) {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        // Some byte of `x` is below `n` (n <= 128): never missed, and a false
        // alarm only sends the rest to the byte loop.
        let below = |x: u64, n: u8| x.wrapping_sub(ONES * n as u64) & !x & HIGH != 0;
        let mut i = self.i;
        while let Some(&eight) = self.s.get(i..).and_then(|rest| rest.first_chunk::<8>()) {
            let x = u64::from_le_bytes(eight);
            if below(x, 0x20) || below(x ^ (ONES * b'"' as u64), 1) || below(x ^ (ONES * b'\\' as u64), 1) {
                break;
            }
            i += 8;
        }
        while let Some(&b) = self.s.get(i) {
            if b == b'"' || b == b'\\' || b < 0x20 {
                break;
            }
            i += 1;
        }
        self.i = i;
    }

    fn escape(&mut self, out: &mut String) -> Result<(), String> {
        let Some(b) = self.next() else { return Err(self.err(EOF_STRING)) };
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode(out),
            _ => return Err(self.err(INVALID_ESCAPE)),
        };
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let Some(digits) = self.s.get(self.i..self.i + 4) else {
            self.i = self.s.len();
            return Err(self.err(EOF_STRING));
        };
        self.i += 4;
        let mut n = 0;
        for &d in digits {
            let v = (d as char).to_digit(16).ok_or_else(|| self.err(INVALID_ESCAPE))?;
            n = n * 16 + v;
        }
        Ok(n)
    }

    fn unicode(&mut self, out: &mut String) -> Result<(), String> {
        let n = self.hex4()?;
        if (0xDC00..=0xDFFF).contains(&n) {
            return Err(self.err(LONE_SURROGATE));
        }
        let code = if (0xD800..=0xDBFF).contains(&n) {
            for want in [b'\\', b'u'] {
                match self.peek() {
                    None => return Err(self.err(EOF_STRING)),
                    Some(b) => {
                        self.i += 1;
                        if b != want {
                            return Err(self.err(END_OF_HEX));
                        }
                    }
                }
            }
            let n2 = self.hex4()?;
            if !(0xDC00..=0xDFFF).contains(&n2) {
                return Err(self.err(LONE_SURROGATE));
            }
            (((n - 0xD800) << 10) | (n2 - 0xDC00)) + 0x1_0000
        } else {
            n
        };
        let c = char::from_u32(code).ok_or_else(|| self.err(INVALID_ESCAPE))?;
        out.push(c);
        Ok(())
    }

    /// A number, after its minus sign if any. Its value is the correctly
    /// rounded one (serde_json's `float_roundtrip`, which the crate enables).
    fn number(&mut self, positive: bool) -> Result<Num, String> {
        let start = if positive { self.i } else { self.i - 1 };
        let digits = |p: &mut Self| {
            while let Some(b'0'..=b'9') = p.peek() {
                p.i += 1;
            }
        };
        match self.next() {
            None => return Err(self.err(EOF_VALUE)),
            Some(b'0') => {
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.peek_err(INVALID_NUMBER));
                }
            }
            Some(b'1'..=b'9') => digits(self),
            Some(_) => return Err(self.err(INVALID_NUMBER)),
        }
        let int_end = self.i;
        let mut float = false;
        if self.peek() == Some(b'.') {
            float = true;
            self.i += 1;
            let frac = self.i;
            digits(self);
            if self.i == frac {
                return Err(match self.peek() {
                    Some(_) => self.peek_err(INVALID_NUMBER),
                    None => self.peek_err(EOF_VALUE),
                });
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            float = true;
            self.i += 1;
            let negative_exp = match self.peek() {
                Some(b'+') => {
                    self.i += 1;
                    false
                }
                Some(b'-') => {
                    self.i += 1;
                    true
                }
                _ => false,
            };
            match self.next() {
                None => return Err(self.err(EOF_VALUE)),
                Some(b'0'..=b'9') => {}
                Some(_) => return Err(self.err(INVALID_NUMBER)),
            }
            // serde_json gives up on an exponent past i32: zero, or out of range at that digit.
            let mut exp = (self.s[self.i - 1] - b'0') as i32;
            while let Some(c @ b'0'..=b'9') = self.peek() {
                self.i += 1;
                match exp.checked_mul(10).and_then(|e| e.checked_add((c - b'0') as i32)) {
                    Some(e) => exp = e,
                    None => {
                        let zero = self.s[start..self.i]
                            .iter()
                            .take_while(|&&b| b != b'e' && b != b'E')
                            .all(|&b| !b.is_ascii_digit() || b == b'0');
                        if !zero && !negative_exp {
                            return Err(self.err(OUT_OF_RANGE));
                        }
                        digits(self);
                        return Ok(Num::Float(if positive { 0.0 } else { -0.0 }));
                    }
                }
            }
        }
        let text = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("");
        if !float {
            // A whole number stays whole when it fits (serde_json's u64 and i64), and -0 is a float.
            let magnitude = std::str::from_utf8(&self.s[if positive { start } else { start + 1 }..int_end]).unwrap_or("");
            if let Ok(u) = magnitude.parse::<u64>() {
                if positive {
                    return Ok(Num::Pos(u));
                }
                let neg = (u as i64).wrapping_neg();
                return Ok(if neg >= 0 { Num::Float(-(u as f64)) } else { Num::Neg(neg) });
            }
        }
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Num::Float(f)),
            _ => Err(self.err(OUT_OF_RANGE)),
        }
    }
}

/// A number written as serde_json writes it: whole numbers as they are, and
/// floats in the shortest form that reads back the same, with an exponent
/// outside 1e-5 to 1e16 ("1e+30", "1.5e-7", "0.001", "12.0").
impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Num::Pos(u) => write!(f, "{u}"),
            Num::Neg(i) => write!(f, "{i}"),
            // zmij, the formatter serde_json writes floats with: Rust's own
            // shortest digits differ from it on some 17-digit floats
            // (-1714179213414232.2, where `{:e}` gives ...232.3).
            Num::Float(x) if x.is_finite() => f.write_str(zmij::Buffer::new().format_finite(x)),
            // serde_json writes what it cannot keep as a number as null.
            Num::Float(_) => f.write_str("null"),
        }
    }
}

/// Compact JSON text, as serde_json's `to_string` writes it.
impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Json::Null => f.write_str("null"),
            Json::Bool(b) => write!(f, "{b}"),
            Json::Num(n) => write!(f, "{n}"),
            Json::Str(s) => write_str(f, s),
            Json::Arr(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Json::Obj(entries) => {
                f.write_str("{")?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write_str(f, k)?;
                    write!(f, ":{v}")?;
                }
                f.write_str("}")
            }
        }
    }
}

fn write_str(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            '\u{8}' => f.write_str("\\b")?,
            '\u{c}' => f.write_str("\\f")?,
            c if (c as u32) < 0x20 => write!(f, "\\u{:04x}", c as u32)?,
            c => write!(f, "{c}")?,
        }
    }
    f.write_str("\"")
}

/// The same data as serde_json's value, for the command line and the tests,
/// which still use serde_json (the Wasm builds for pages do not).
#[cfg(any(test, feature = "serde_json"))]
impl From<&Json> for serde_json::Value {
    fn from(v: &Json) -> Self {
        use serde_json::Value;
        match v {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Num(Num::Pos(u)) => Value::from(*u),
            Json::Num(Num::Neg(i)) => Value::from(*i),
            Json::Num(Num::Float(f)) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Json::Str(s) => Value::String(s.clone()),
            Json::Arr(a) => Value::Array(a.iter().map(Value::from).collect()),
            Json::Obj(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), Value::from(v))).collect()),
        }
    }
}
