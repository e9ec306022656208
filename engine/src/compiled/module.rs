//! Reading a compiled module: the metadata in its custom section, checked
//! so that nothing read from a damaged or hand-made module can make deciding
//! or explaining index out of bounds.
//!
//! The section holds the words `screening compiled rule set`, the format's
//! version (an unsigned LEB128 number), then the metadata in postcard's
//! binary form (serde's derived `Serialize`, with no field names), so the
//! runtime reads it with a few kilobytes of code and no JSON reader. A
//! module from before format 4 carried JSON text; it is still recognised and
//! refused with its format named.

use crate::diagnostics::{Code, Diagnostic};
use crate::program::{Declarations, FieldTy, Ty, CONTEXTS, KINDS};
use crate::span::Span;
use serde::{Deserialize, Serialize};

/// The name of the custom section holding the metadata.
pub const SECTION: &str = "screening.program";
/// The metadata's format: a module from another format is refused in words.
/// 2: a several-of answer carries the options asked beside those ticked.
/// 3: the declarations carry each rule's and floor's explanation as a template (`Words`).
/// 4: the metadata is binary (postcard) after the format's name and version, not JSON text;
///    a template names its rule by a hole (`Piece::Name`), and rules share their templates.
/// 5: the module exports `decide` beside `run` (the results alone, no reasons recorded),
///    and walks a list of one step without the items stack.
pub const FORMAT_VERSION: u32 = 5;

/// The metadata the module carries, after its name and version.
#[derive(Serialize, Deserialize)]
pub(crate) struct Meta {
    /// Where `input` puts the form (the module's data ends below it).
    pub input: u32,
    pub program: Declarations,
    /// Text literals of the conditions, by the handle `LITERAL | k`.
    pub texts: Vec<String>,
    /// Phrases of `contains`, by id.
    pub phrases: Vec<String>,
}

/// The section's first bytes, so a stray section of that name is not taken for one.
pub(crate) const FORMAT_NAME: &str = "screening compiled rule set";

#[cfg(any(test, feature = "compiler"))]
impl Meta {
    /// The section's bytes: the format's name and version, then the metadata.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut out = FORMAT_NAME.as_bytes().to_vec();
        let mut v = FORMAT_VERSION;
        loop {
            let low = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(low);
                break;
            }
            out.push(low | 0x80);
        }
        // Serialising plain data into memory cannot fail (postcard refuses
        // only maps and sequences of unknown length, which `Meta` has none of).
        postcard::to_extend(self, out).unwrap_or_default()
    }
}

/// A compiled rule set as the runtime holds it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// What the rule set declares: its conditions are the module's code.
    pub(super) program: Declarations,
    /// Where `input` puts the form.
    pub(super) input: u32,
    pub(super) texts: Vec<String>,
    pub(super) phrases: Vec<String>,
}

fn module_error(message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Code::E_ARGUMENT, Span::default(), message)
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
        let Some(rest) = data.strip_prefix(FORMAT_NAME.as_bytes()) else {
            return Err(before_format_4(data));
        };
        let mut at = 0;
        match leb_u32(rest, &mut at) {
            Some(FORMAT_VERSION) => {}
            Some(v) => return Err(other_version(v as u64)),
            None => {
                return Err(module_error("This compiled rule set does not say which format it is in; build it again with `screen build`"))
            }
        }
        let damaged = |what: String| {
            module_error(format!("The compiled rule set's description is damaged ({what}); build it again with `screen build`"))
        };
        let (meta, left) = postcard::take_from_bytes::<Meta>(&rest[at..]).map_err(|e| damaged(e.to_string()))?;
        if !left.is_empty() {
            return Err(damaged(format!("{} bytes follow its end", left.len())));
        }
        validate(&meta).map_err(|what| {
            module_error(format!("The compiled rule set's description is inconsistent ({what}); build it again with `screen build`"))
        })?;
        Ok(Loaded { program: meta.program, input: meta.input, texts: meta.texts, phrases: meta.phrases })
    }

    /// What the rule set declares: everything but its conditions (the
    /// module holds them as code) and its tests. There is no `Program` here
    /// to evaluate: only the module can. The interpreter takes a whole
    /// `Program`, so this does not compile:
    ///
    /// ```compile_fail,E0308
    /// use screening_engine::{compiled::Loaded, dates::Day, eval, form::FormData};
    /// fn evaluate_as_if_false(loaded: &Loaded, form: &FormData) {
    ///     eval::evaluate(loaded.declarations(), form, Day(0));
    /// }
    /// ```
    pub fn declarations(&self) -> &Declarations {
        &self.program
    }
}

/// The refusal of a section that does not start with the format's name: a
/// module of format 3 or before (its metadata was JSON text, with its
/// format's name and version in it), or not a compiled rule set's description.
fn before_format_4(data: &[u8]) -> Diagnostic {
    let json = std::str::from_utf8(data).ok().filter(|t| t.starts_with('{')).and_then(|t| crate::json::parse(t).ok());
    let version = json.as_ref().filter(|v| v.get("format").and_then(|f| f.as_str()) == Some(FORMAT_NAME)).map(|v| v.get("version"));
    match version {
        Some(Some(crate::json::Json::Num(crate::json::Num::Pos(v)))) => other_version(*v),
        Some(_) => module_error("This compiled rule set does not say which format it is in; build it again with `screen build`"),
        None => module_error(format!("This WebAssembly module's `{SECTION}` section is not the description of a compiled rule set")),
    }
}

fn other_version(v: u64) -> Diagnostic {
    module_error(format!(
        "This rule set was compiled by another version of the engine (format {v}; this engine reads format {FORMAT_VERSION}): build it again with `screen build`"
    ))
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
    if p.words.rules.len() != p.rules.len()
        || p.words.floors.len() != p.floors.len()
        || p.words.rules.iter().chain(&p.words.floors).any(|&k| k >= p.words.explanations.len())
    {
        return Err("the explanations do not match the rules and floors".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_bytes_are_refused_in_words() {
        for bytes in [&b""[..], b"\0asm", b"\0asm\x01\0\0\0\0\xff\xff\xff\xff\xff", b"\0asm\x01\0\0\0\0\x05\x03abc", b"\0asm\x01\0\0\0"] {
            let e = Loaded::from_module(bytes).unwrap_err();
            assert!(!e.message.is_empty());
        }
    }

    /// A description that reads but whose indices point at nothing (as a
    /// hand-made module's could) is refused in words, before anything indexes.
    #[test]
    fn hand_made_descriptions_are_refused_in_words() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../rules/seraf-scoring.rules");
        let src = std::fs::read_to_string(path).unwrap();
        let program = crate::api::compile(&src).map_err(|d| format!("{d:?}")).unwrap().rule_set.program().clone();
        // Reading the description needs only its section: a module of that one section.
        let meta = |change: &dyn Fn(&mut Meta)| {
            let mut m = Meta { input: 0, program: program.declarations.clone(), texts: vec![], phrases: vec![] };
            change(&mut m);
            let mut section = vec![SECTION.len() as u8];
            section.extend_from_slice(SECTION.as_bytes());
            section.extend(m.to_bytes());
            let mut wasm = b"\0asm\x01\0\0\0\0".to_vec();
            let mut n = section.len();
            while n >= 0x80 {
                wasm.push((n & 0x7f) as u8 | 0x80);
                n >>= 7;
            }
            wasm.push(n as u8);
            wasm.extend(section);
            Loaded::from_module(&wasm).map(|_| ()).map_err(|e| e.message)
        };
        assert_eq!(meta(&|_| {}), Ok(()));
        for (what, change) in [
            ("field", &(|m: &mut Meta| m.program.schema.fields[0].record = 9) as &dyn Fn(&mut Meta)),
            ("form", &|m: &mut Meta| m.program.schema.records.clear()),
            ("rule", &|m: &mut Meta| m.program.rules[0].context = 99),
            ("level", &|m: &mut Meta| m.program.rules[0].effects.raise = Some(7)),
            ("explanations", &|m: &mut Meta| m.program.words.rules.clear()),
        ] {
            let e = meta(change).unwrap_err();
            assert!(e.contains("inconsistent"), "{what}: {e}");
        }
    }
}
