//! Rule sets compiled to their own WebAssembly module (issue 11).
//!
//! `compile` (authoring builds) turns a checked `Program` into a module whose
//! code is the rule set's conditions, one function per rule, floor and
//! definition, with the interpreter's three-valued meaning, reasons and
//! unanswered questions. The module carries the program's metadata (no
//! conditions) in the custom section `screening.program`. The runtime side
//! here, with no parser or checker: `Loaded::from_module` reads that section,
//! `prepare` lays a form out as the module's input, and `finish` reads the
//! module's output back into the interpreter's `Evaluation`, so that
//! `Evaluation::outcome()` (decide and explain, unchanged) words it.
//!
//! The input and output bytes are private to this module; `layout` below is
//! the one description both sides follow.

#[cfg(feature = "authoring")]
mod codegen;

#[cfg(feature = "authoring")]
pub use codegen::compile;

use crate::dates::Day;
use crate::diagnostics::{Code, Diagnostic};
use crate::eval::{Evaluation, Loc, RawFact, RawNeed, RuleResult, Status, Target, MAX_RECORD_DEPTH, V};
use crate::form::{FormData, Record, Val};
use crate::program::{FieldTy, Program, RecordId, Ty, CONTEXTS, KINDS};
use crate::span::Span;
use serde::{Deserialize, Serialize};

/// The name of the custom section holding the metadata.
pub const SECTION: &str = "screening.program";
/// The metadata's format: a module from another format is refused in words.
/// 2: a several-of answer carries the options asked beside those ticked.
pub const FORMAT_VERSION: u32 = 2;

/// Byte layouts shared by the compiler (the code it generates) and by
/// `prepare`/`finish` (the bytes they write and read). Little-endian.
#[allow(dead_code)]
pub(crate) mod layout {
    /// Input header at the input address: today (i32), the form's record (ptr), records (u32).
    pub const IN_TODAY: u32 = 0;
    pub const IN_ROOT: u32 = 4;
    pub const IN_HEADER: u32 = 16;
    /// A record: its index (u32; finish maps it to a `Loc`), 4 spare bytes,
    /// then one 16-byte slot per field: tag (u32) at +0, value at +8.
    pub const REC_HEADER: u32 = 8;
    pub const SLOT: u32 = 16;
    pub const SLOT_VALUE: u32 = 8;
    pub const TAG_MISSING: u32 = 0;
    pub const TAG_BOOL: u32 = 1;
    pub const TAG_NUM: u32 = 2;
    pub const TAG_TEXT: u32 = 3;
    pub const TAG_DATE: u32 = 4;
    pub const TAG_CHOICE: u32 = 5;
    /// A several-of answer's value is a pointer to the options ticked (u64)
    /// then the options asked (u64), a bit per option.
    pub const TAG_CHOICES: u32 = 6;
    pub const CHOICES_TICKED: u32 = 0;
    pub const CHOICES_ASKED: u32 = 8;
    /// A list answer's value is a pointer to: count (u32), then the items' record pointers.
    pub const TAG_LIST: u32 = 7;
    /// A text: handle (u32: the form's n-th text, or `LITERAL | k` for the
    /// rule set's k-th text literal), length of the text as the interpreter
    /// matches phrases in it, pointer and length of its comparison key
    /// (trimmed, lower-cased), then the text's bytes, then one flag byte per
    /// position 0..=len: bit 0 "no letter or digit just before", bit 1 "no
    /// letter or digit just after" (Unicode `is_alphanumeric`, worked out in
    /// Rust so the module only compares bytes).
    pub const TEXT_HANDLE: u32 = 0;
    pub const TEXT_LEN: u32 = 4;
    pub const TEXT_KEY: u32 = 8;
    pub const TEXT_KEY_LEN: u32 = 12;
    pub const TEXT_BYTES: u32 = 16;
    pub const LITERAL: u32 = 0x8000_0000;
    /// A reason (fact) in the output: target (field id, or `DEF | definition`),
    /// record index, value tag (0 = unknown, else a slot tag), matched phrase
    /// (0 = none, else phrase id + 1), two 8-byte value words (a number's
    /// range; options ticked and asked; else the value and 0).
    pub const FACT: u32 = 32;
    pub const DEF: u32 = 0x8000_0000;
    /// An unanswered question: field id, record index.
    pub const NEED: u32 = 8;
    /// Output: total length (u32) then, for each rule then each floor: result
    /// (0 not fired, 1 fired, 2 undecided), fact count, need count, then the
    /// facts (only when fired) and the needs (only when undecided), as raw
    /// lists: `finish` removes repeats exactly as the interpreter does.
    pub const OUT_RULE: u32 = 12;
}

/// The metadata the module carries.
#[derive(Serialize, Deserialize)]
struct Meta {
    /// Always "screening compiled rule set", so a stray JSON section is not taken for one.
    format: String,
    version: u32,
    /// Where `input` puts the form (the module's data ends below it).
    input: u32,
    program: Program,
    /// Text literals of the conditions, by the handle `LITERAL | k`.
    texts: Vec<String>,
    /// Phrases of `contains`, by id.
    phrases: Vec<String>,
}

const FORMAT_NAME: &str = "screening compiled rule set";

/// A compiled rule set as the runtime holds it.
#[derive(Debug, Clone)]
pub struct Loaded {
    program: Program,
    input: u32,
    texts: Vec<String>,
    phrases: Vec<String>,
}

fn module_error(message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Code::E_ARGUMENT, Span::default(), message)
}

fn output_error(message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Code::E_INTERNAL, Span::default(), format!("The compiled rule set failed on this form: {}", message.into()))
}

/// Read an unsigned LEB128 number of at most 32 bits at `*at`.
fn leb_u32(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut result: u64 = 0;
    for i in 0..5 {
        let b = *bytes.get(*at)?;
        *at += 1;
        result |= ((b & 0x7f) as u64) << (7 * i);
        if b & 0x80 == 0 {
            return u32::try_from(result).ok();
        }
    }
    None
}

/// The payload of the custom section `name`, walking only the section
/// headers (magic, version, then id and LEB128 size for each section).
fn custom_section<'a>(wasm: &'a [u8], name: &str) -> Result<Option<&'a [u8]>, Diagnostic> {
    if wasm.len() < 8 || wasm[0..4] != *b"\0asm" {
        return Err(module_error("This file is not a WebAssembly module (it does not start with the bytes \\0asm)"));
    }
    if wasm[4..8] != [1, 0, 0, 0] {
        return Err(module_error("This WebAssembly module is of a version this engine does not read (only version 1)"));
    }
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let size = leb_u32(wasm, &mut at)
            .ok_or_else(|| module_error("This WebAssembly module is cut short or damaged (a section's size cannot be read)"))?
            as usize;
        let end = at
            .checked_add(size)
            .filter(|&e| e <= wasm.len())
            .ok_or_else(|| module_error("This WebAssembly module is cut short: a section runs past its end"))?;
        if id == 0 {
            let mut p = at;
            let len = leb_u32(&wasm[..end], &mut p)
                .ok_or_else(|| module_error("This WebAssembly module has a custom section whose name cannot be read"))?
                as usize;
            let name_end = p
                .checked_add(len)
                .filter(|&e| e <= end)
                .ok_or_else(|| module_error("This WebAssembly module has a custom section whose name runs past the section"))?;
            if &wasm[p..name_end] == name.as_bytes() {
                return Ok(Some(&wasm[name_end..end]));
            }
        }
        at = end;
    }
    Ok(None)
}

impl Loaded {
    /// Read the metadata of a compiled module; a module that is not a compiled
    /// rule set, or from another format version, is refused with a message in words.
    pub fn from_module(wasm: &[u8]) -> Result<Loaded, Diagnostic> {
        let Some(data) = custom_section(wasm, SECTION)? else {
            return Err(module_error(format!(
                "This WebAssembly module is not a compiled rule set: it has no `{SECTION}` section (build one with `screen build`)"
            )));
        };
        let value: serde_json::Value = serde_json::from_slice(data).map_err(|e| {
            module_error(format!("The compiled rule set's description cannot be read ({e}); build it again with `screen build`"))
        })?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT_NAME) {
            return Err(module_error(format!(
                "This WebAssembly module's `{SECTION}` section is not the description of a compiled rule set"
            )));
        }
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v == FORMAT_VERSION as u64 => {}
            Some(v) => {
                return Err(module_error(format!(
                    "This rule set was compiled by another version of the engine (format {v}; this engine reads format {FORMAT_VERSION}): build it again with `screen build`"
                )))
            }
            None => return Err(module_error("This compiled rule set does not say which format it is in; build it again with `screen build`")),
        }
        let meta: Meta = serde_json::from_value(value).map_err(|e| {
            module_error(format!("The compiled rule set's description is damaged ({e}); build it again with `screen build`"))
        })?;
        validate(&meta).map_err(|what| {
            module_error(format!("The compiled rule set's description is inconsistent ({what}); build it again with `screen build`"))
        })?;
        Ok(Loaded { program: meta.program, input: meta.input, texts: meta.texts, phrases: meta.phrases })
    }

    /// The rule set's program: everything but its conditions (which are
    /// placeholders: the module holds them as code) and its tests.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// The form laid out as the module's input: call the module's `input`
    /// with its length, write it at the address returned (a negative address
    /// means the memory could not grow: an error), then `run` with the same length.
    pub fn prepare(&self, form: &FormData, date: Day) -> Vec<u8> {
        self.lay(form, date, true).bytes
    }

    /// The module's output read back into the interpreter's `Evaluation`.
    /// `output` is what `run` points at, its 4-byte length included: the
    /// caller copies `4 + length` bytes from that address. A malformed output
    /// is a Diagnostic, never a panic.
    pub fn finish<'a>(&'a self, form: &'a FormData, date: Day, output: &[u8]) -> Result<Evaluation<'a>, Diagnostic> {
        // The same walk as `prepare`, without writing the bytes: only where each record and text is.
        let lay = self.lay(form, date, false);
        let mut r = Reader { bytes: output, at: 0 };
        let len = r.u32().ok_or_else(|| output_error("its result is empty"))? as usize;
        if output.len() - 4 < len {
            return Err(output_error(format!("its result says it is {len} bytes long but only {} were read", output.len() - 4)));
        }
        r.bytes = &output[..4 + len];
        let p = &self.program;
        let mut ev = Evaluation {
            program: p,
            form,
            date,
            rules: Vec::with_capacity(p.rules.len()),
            floors: Vec::with_capacity(p.floors.len()),
            facts: Vec::new(),
            needs: Vec::new(),
        };
        let (mut facts, mut needs) = (Vec::new(), Vec::new());
        for i in 0..p.rules.len() + p.floors.len() {
            let res = self.read_result(&mut r, &lay, &mut facts, &mut needs, &mut ev)?;
            if i < p.rules.len() {
                ev.rules.push(res);
            } else {
                ev.floors.push(res);
            }
        }
        if r.at != r.bytes.len() {
            return Err(output_error(format!("its result has {} bytes left over", r.bytes.len() - r.at)));
        }
        Ok(ev)
    }

    /// One rule's result, its repeats removed exactly as `eval::Ev::decide` does.
    fn read_result<'a>(
        &'a self,
        r: &mut Reader,
        lay: &Laid<'a>,
        facts: &mut Vec<RawFact<'a>>,
        needs: &mut Vec<RawNeed>,
        ev: &mut Evaluation<'a>,
    ) -> Result<RuleResult, Diagnostic> {
        let cut = || output_error("its result is cut short");
        let status = match r.u32().ok_or_else(cut)? {
            0 => Status::NotFired,
            1 => Status::Fired,
            2 => Status::Undecided,
            s => return Err(output_error(format!("a rule's result is {s}, not 0, 1 or 2"))),
        };
        let nf = r.u32().ok_or_else(cut)? as usize;
        let nn = r.u32().ok_or_else(cut)? as usize;
        if (status != Status::Fired && nf != 0) || (status != Status::Undecided && nn != 0) {
            return Err(output_error("a rule has reasons or questions that its result does not allow"));
        }
        facts.clear();
        needs.clear();
        for _ in 0..nf {
            facts.push(self.read_fact(r, lay)?);
        }
        for _ in 0..nn {
            let field = r.u32().ok_or_else(cut)? as usize;
            let rec = r.u32().ok_or_else(cut)? as usize;
            if field >= self.program.schema.fields.len() {
                return Err(output_error(format!("a question names field {field}, which the rule set does not have")));
            }
            let loc =
                *lay.locs.get(rec).ok_or_else(|| output_error(format!("a question names record {rec}, which the form does not have")))?;
            needs.push(RawNeed { field, loc });
        }
        let fact_start = ev.facts.len();
        for f in facts.drain(..) {
            match ev.facts[fact_start..].iter_mut().find(|o| o.target == f.target && o.loc == f.loc) {
                Some(o) => {
                    if o.matched.is_none() {
                        o.matched = f.matched;
                    }
                }
                None => ev.facts.push(f),
            }
        }
        let need_start = ev.needs.len();
        for n in needs.drain(..) {
            if !ev.needs[need_start..].contains(&n) {
                ev.needs.push(n);
            }
        }
        Ok(RuleResult { status, facts: fact_start..ev.facts.len(), needs: need_start..ev.needs.len() })
    }

    fn read_fact<'a>(&'a self, r: &mut Reader, lay: &Laid<'a>) -> Result<RawFact<'a>, Diagnostic> {
        use layout::*;
        let cut = || output_error("its result is cut short");
        let target = r.u32().ok_or_else(cut)?;
        let rec = r.u32().ok_or_else(cut)? as usize;
        let tag = r.u32().ok_or_else(cut)?;
        let matched = r.u32().ok_or_else(cut)?;
        let a = r.u64().ok_or_else(cut)?;
        let b = r.u64().ok_or_else(cut)?;
        let target = if target & DEF != 0 {
            let d = (target & !DEF) as usize;
            if d >= self.program.defs.len() {
                return Err(output_error(format!("a reason names definition {d}, which the rule set does not have")));
            }
            Target::Def(d)
        } else {
            if target as usize >= self.program.schema.fields.len() {
                return Err(output_error(format!("a reason names field {target}, which the rule set does not have")));
            }
            Target::Field(target as usize)
        };
        let loc = *lay.locs.get(rec).ok_or_else(|| output_error(format!("a reason names record {rec}, which the form does not have")))?;
        let value = match tag {
            TAG_MISSING => V::Unknown,
            TAG_BOOL => V::Bool(a != 0),
            TAG_NUM => V::Num(f64::from_bits(a), f64::from_bits(b)),
            TAG_TEXT => V::Text(
                self.text(lay, a as u32)
                    .ok_or_else(|| output_error(format!("a reason names text {a}, which is neither in the form nor in the rules")))?,
            ),
            TAG_DATE => V::Date(Day(a as u32 as i32)),
            // An option is a bit of a 64-bit set when explained: a larger number is not one.
            TAG_CHOICE if a < 64 => V::Choice(a as u32),
            TAG_CHOICES => V::Choices { ticked: a, asked: b },
            t => return Err(output_error(format!("a reason has a value of kind {t}, which is not one the engine knows"))),
        };
        let matched = match matched {
            0 => None,
            m => Some(
                self.phrases
                    .get(m as usize - 1)
                    .map(String::as_str)
                    .ok_or_else(|| output_error(format!("a reason names phrase {m}, which the rules do not have")))?,
            ),
        };
        Ok(RawFact { target, loc, value, matched })
    }

    fn text<'a>(&'a self, lay: &Laid<'a>, handle: u32) -> Option<&'a str> {
        if handle & layout::LITERAL != 0 {
            self.texts.get((handle & !layout::LITERAL) as usize).map(String::as_str)
        } else {
            lay.texts.get(handle as usize).copied()
        }
    }

    /// Lay the form out: records in the order met (depth first, the form
    /// itself first), each with its index; `finish` walks the same way to map
    /// record indices back to places (`Loc`) and text handles back to the
    /// form's words.
    fn lay<'a>(&self, form: &'a FormData, date: Day, write: bool) -> Laid<'a> {
        use layout::*;
        let mut l = Laid { base: self.input, write, bytes: vec![0; IN_HEADER as usize], locs: Vec::new(), texts: Vec::new() };
        put32(&mut l.bytes, IN_TODAY, date.0 as u32);
        let root = self.lay_record(&mut l, 0, &form.root, Loc::default(), 0);
        put32(&mut l.bytes, IN_ROOT, root);
        put32(&mut l.bytes, 8, l.locs.len() as u32);
        l
    }

    fn lay_record<'a>(&self, l: &mut Laid<'a>, rec_id: RecordId, rec: &'a Record, loc: Loc, depth: usize) -> u32 {
        use layout::*;
        let schema = &self.program.schema;
        let Some(def) = schema.records.get(rec_id) else { return 0 };
        let slots = def.fields.iter().filter_map(|&f| schema.fields.get(f)).map(|f| f.slot + 1).max().unwrap_or(0);
        let at = l.bytes.len();
        let ptr = l.base.wrapping_add(at as u32);
        if l.write {
            l.bytes.resize(at + REC_HEADER as usize + slots * SLOT as usize, 0);
            put32(&mut l.bytes, at as u32, l.locs.len() as u32);
        }
        l.locs.push(loc);
        for &field in &def.fields {
            let Some(fd) = schema.fields.get(field) else { continue };
            let slot_at = (at + REC_HEADER as usize + fd.slot * SLOT as usize) as u32;
            // A value of another type than the field's (only a hand-built
            // FormData can hold one: `form::read` never does) is laid out as unanswered.
            let (tag, value): (u32, u64) = match (&fd.ty, rec.vals.get(fd.slot)) {
                (FieldTy::YesNo, Some(Val::Bool(b))) => (TAG_BOOL, *b as u64),
                (FieldTy::Number, Some(Val::Num(n))) => (TAG_NUM, n.to_bits()),
                (FieldTy::Text, Some(Val::Text { words, .. })) => {
                    let handle = l.texts.len() as u32;
                    l.texts.push(words.as_str());
                    let p = l.base.wrapping_add(l.bytes.len() as u32);
                    if l.write {
                        text_descriptor(&mut l.bytes, p, handle, words);
                    }
                    (TAG_TEXT, p as u64)
                }
                (FieldTy::Date, Some(Val::Date(d))) => (TAG_DATE, d.0 as u32 as u64),
                (FieldTy::OneOf(_), Some(Val::Choice(c))) => (TAG_CHOICE, *c as u64),
                (FieldTy::SeveralOf(_), Some(Val::Choices { ticked, asked })) => {
                    let p = l.base.wrapping_add(l.bytes.len() as u32);
                    if l.write {
                        l.bytes.extend_from_slice(&ticked.to_le_bytes());
                        l.bytes.extend_from_slice(&asked.to_le_bytes());
                    }
                    (TAG_CHOICES, p as u64)
                }
                // The checker caps list nesting; the depth test keeps a hand-built schema from recursing without end.
                (FieldTy::List(item), Some(Val::List(items))) if depth < 64 => {
                    let ptrs: Vec<u32> =
                        items.iter().enumerate().map(|(i, it)| self.lay_record(l, *item, it, loc_push(loc, field, i), depth + 1)).collect();
                    let p = l.base.wrapping_add(l.bytes.len() as u32);
                    if l.write {
                        l.bytes.extend_from_slice(&(ptrs.len() as u32).to_le_bytes());
                        for q in ptrs {
                            l.bytes.extend_from_slice(&q.to_le_bytes());
                        }
                        pad8(&mut l.bytes);
                    }
                    (TAG_LIST, p as u64)
                }
                _ => (TAG_MISSING, 0),
            };
            if l.write {
                put32(&mut l.bytes, slot_at, tag);
                if let Some(s) = l.bytes.get_mut(slot_at as usize + 8..slot_at as usize + 16) {
                    s.copy_from_slice(&value.to_le_bytes());
                }
            }
        }
        ptr
    }
}

/// `Loc::push` of the interpreter (private there): deeper steps than the cap are dropped.
fn loc_push(mut l: Loc, field: usize, index: usize) -> Loc {
    if (l.len as usize) < MAX_RECORD_DEPTH {
        l.steps[l.len as usize] = (field as u16, index as u16);
        l.len += 1;
    }
    l
}

struct Laid<'a> {
    base: u32,
    /// False in `finish`, which needs only `locs` and `texts`.
    write: bool,
    bytes: Vec<u8>,
    locs: Vec<Loc>,
    texts: Vec<&'a str>,
}

fn put32(bytes: &mut [u8], at: u32, v: u32) {
    let at = at as usize;
    if let Some(s) = bytes.get_mut(at..at + 4) {
        s.copy_from_slice(&v.to_le_bytes());
    }
}

fn pad8(bytes: &mut Vec<u8>) {
    while !bytes.len().is_multiple_of(8) {
        bytes.push(0);
    }
}

/// Append a text's descriptor (see `layout`) that will sit at address `at`.
pub(crate) fn text_descriptor(bytes: &mut Vec<u8>, at: u32, handle: u32, text: &str) {
    let len = text.len() as u32;
    let text_at = at.wrapping_add(layout::TEXT_BYTES);
    // Most answers are already lower-case ASCII (the form's `words` are lower-cased):
    // then the key is the trimmed text itself, and is not copied.
    let trimmed = text.trim();
    let lower = text.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase());
    let key = (!lower).then(|| trimmed.to_lowercase());
    let (key_at, key_len) = match &key {
        None => {
            let start = (trimmed.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize) as u32;
            (text_at.wrapping_add(start), trimmed.len() as u32)
        }
        Some(k) => (text_at.wrapping_add(len.wrapping_mul(2)).wrapping_add(1), k.len() as u32),
    };
    for v in [handle, len, key_at, key_len] {
        bytes.extend_from_slice(&v.to_le_bytes());
    }
    bytes.extend_from_slice(text.as_bytes());
    push_boundary_flags(bytes, text);
    if let Some(k) = key {
        bytes.extend_from_slice(k.as_bytes());
    }
    pad8(bytes);
}

/// For each byte position 0..=len of `text`: bit 0 when no letter or digit
/// ends just before it, bit 1 when none starts at it (what `contains_words`
/// asks of a match's two ends). Positions inside a character get 0; the
/// module never asks about them, as a match of whole characters starts and
/// ends between characters.
#[cfg(test)]
fn boundary_flags(text: &str) -> Vec<u8> {
    let mut flags = Vec::new();
    push_boundary_flags(&mut flags, text);
    flags
}

/// `boundary_flags`, appended to `out`, in one pass (ASCII without decoding).
fn push_boundary_flags(out: &mut Vec<u8>, text: &str) {
    let base = out.len();
    out.resize(base + text.len() + 1, 0);
    let flags = &mut out[base..];
    let bytes = text.as_bytes();
    let (mut i, mut prev_alnum) = (0, false);
    while i < bytes.len() {
        let (alnum, width) = if bytes[i] < 0x80 {
            (bytes[i].is_ascii_alphanumeric(), 1)
        } else {
            let c = text.get(i..).and_then(|t| t.chars().next()).unwrap_or(' ');
            (c.is_alphanumeric(), c.len_utf8())
        };
        flags[i] = !prev_alnum as u8 | (!alnum as u8) << 1;
        prev_alnum = alnum;
        i += width;
    }
    flags[bytes.len()] = !prev_alnum as u8 | 2;
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl Reader<'_> {
    fn u32(&mut self) -> Option<u32> {
        let b = self.bytes.get(self.at..self.at.checked_add(4)?)?;
        self.at += 4;
        Some(u32::from_le_bytes(b.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        let b = self.bytes.get(self.at..self.at.checked_add(8)?)?;
        self.at += 8;
        Some(u64::from_le_bytes(b.try_into().ok()?))
    }
}

/// Every index in the metadata points at something, so that reading a form,
/// deciding and explaining (which index freely) cannot panic on a damaged or
/// hand-made module.
fn validate(m: &Meta) -> Result<(), String> {
    let p = &m.program;
    let s = &p.schema;
    let (nf, nr) = (s.fields.len(), s.records.len());
    if nr == 0 {
        return Err("it has no form".into());
    }
    let ty_ok = |t: &Ty| match *t {
        Ty::Choice(f) | Ty::Choices(f) => f < nf,
        Ty::List(r) | Ty::Record(r) => r < nr,
        _ => true,
    };
    for (i, f) in s.fields.iter().enumerate() {
        if f.record >= nr || !s.records[f.record].fields.contains(&i) {
            return Err(format!("field {} is not in its record", f.name));
        }
        if let FieldTy::List(r) = f.ty {
            if r >= nr || r == 0 {
                return Err(format!("list {} has no record", f.name));
            }
        }
        if f.slot >= 1 << 20 {
            return Err(format!("field {} has an impossible position", f.name));
        }
    }
    for r in &s.records {
        if r.fields.iter().any(|&f| f >= nf) || r.list_field.is_some_and(|f| f >= nf) {
            return Err(format!("record {} names a field it does not have", r.item));
        }
    }
    let (nl, na, ns) = (p.levels.len(), p.actions.len(), p.scores.len());
    let effects_ok = |e: &crate::program::Effects| {
        e.raise.is_none_or(|l| l < nl) && e.actions.iter().all(|&a| a < na) && e.points.iter().all(|&(sc, _)| sc < ns)
    };
    if p.level_requires.len() > nl || p.level_requires.iter().flatten().any(|&a| a >= na) {
        return Err("a level requires an action it does not have".into());
    }
    if p.scores.iter().flat_map(|s| &s.bands).any(|b| !effects_ok(&b.effects)) {
        return Err("a band has an effect that is not declared".into());
    }
    if p.defs.iter().any(|d| !ty_ok(&d.ty) || d.record.is_some_and(|r| r >= nr)) {
        return Err("a definition names a record that is not declared".into());
    }
    if p.rules.iter().any(|r| r.context >= CONTEXTS.len() || r.kind >= KINDS.len() || !effects_ok(&r.effects)) {
        return Err("a rule names a context, kind, level, action or score that is not declared".into());
    }
    if p.floors.iter().any(|f| f.level >= nl) {
        return Err("a floor names a level that is not declared".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_mark_word_ends() {
        // "a-b": a is a word, "-" is not, b is.
        assert_eq!(boundary_flags("a-b"), vec![1, 2, 1, 2]);
        assert_eq!(boundary_flags(""), vec![3]);
        // é is two bytes: the position inside it gets 0.
        assert_eq!(boundary_flags("é"), vec![1, 0, 2]);
    }

    #[test]
    fn any_bytes_are_refused_in_words() {
        for bytes in [&b""[..], b"\0asm", b"\0asm\x01\0\0\0\0\xff\xff\xff\xff\xff", b"\0asm\x01\0\0\0\0\x05\x03abc", b"\0asm\x01\0\0\0"] {
            let e = Loaded::from_module(bytes).unwrap_err();
            assert!(!e.message.is_empty());
        }
    }
}
