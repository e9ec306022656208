//! The writer: a form laid out as the module's input (see `layout`).

use super::layout::*;
use super::module::Loaded;
use crate::dates::Day;
use crate::eval::Loc;
use crate::form::{FormData, Record, Val};
use crate::program::{FieldId, FieldTy, RecordId};

/// A form as laid out: its bytes (when written), and where each record and
/// text went, which `finish` needs to map indices back to places and words.
pub(super) struct Laid<'a> {
    base: u32,
    /// False in `finish`, which needs only `locs` and `texts`.
    write: bool,
    pub bytes: Vec<u8>,
    pub locs: Vec<Loc>,
    pub texts: Vec<&'a str>,
    /// Where each text is: its record (an index into `locs`) and field.
    pub text_at: Vec<(u32, FieldId)>,
}

/// Where `prepare_placed` put each record and text of a form: what `finish`
/// needs to map the module's output back to places and words. The runtime
/// keeps it beside the form between the two halves, so `finish_placed` does
/// not lay the form out a second time. It names records and fields by
/// number, not the form's words, so it does not borrow the form.
#[derive(Debug, Clone, Default)]
pub struct Placed {
    pub(super) locs: Vec<Loc>,
    pub(super) text_at: Vec<(u32, FieldId)>,
}

impl Loaded {
    /// The form laid out as the module's input: call the module's `input`
    /// with its length, write it at the address returned (a negative address
    /// means the memory could not grow: an error), then `run` with the same length.
    pub fn prepare(&self, form: &FormData, date: Day) -> Vec<u8> {
        self.lay(form, date, true).bytes
    }

    /// `prepare`, with where each record and text went, for `finish_placed`.
    pub fn prepare_placed(&self, form: &FormData, date: Day) -> (Vec<u8>, Placed) {
        let l = self.lay(form, date, true);
        (l.bytes, Placed { locs: l.locs, text_at: l.text_at })
    }

    /// Lay the form out: records in the order met (depth first, the form
    /// itself first), each with its index; `finish` walks the same way to map
    /// record indices back to places (`Loc`) and text handles back to the
    /// form's words.
    pub(super) fn lay<'a>(&self, form: &'a FormData, date: Day, write: bool) -> Laid<'a> {
        // Room for most forms at once (the Ash Lane case is about 5 KB laid out).
        let mut bytes = Vec::with_capacity(if write { 8192 } else { 0 });
        zeros(&mut bytes, IN_HEADER as usize);
        let mut l = Laid { base: self.input, write, bytes, locs: Vec::new(), texts: Vec::new(), text_at: Vec::new() };
        put32(&mut l.bytes, IN_TODAY, date.0 as u32);
        let root = self.lay_record(&mut l, 0, &form.root, Loc::default(), 0);
        put32(&mut l.bytes, IN_ROOT, root);
        put32(&mut l.bytes, IN_RECORDS, l.locs.len() as u32);
        l
    }

    fn lay_record<'a>(&self, l: &mut Laid<'a>, rec_id: RecordId, rec: &'a Record, loc: Loc, depth: usize) -> u32 {
        let schema = &self.program.schema;
        let Some(def) = schema.records.get(rec_id) else { return 0 };
        let slots = def.fields.iter().filter_map(|&f| schema.fields.get(f)).map(|f| f.slot + 1).max().unwrap_or(0);
        let at = l.bytes.len() as u32;
        let ptr = l.base.wrapping_add(at);
        if l.write {
            zeros(&mut l.bytes, REC_HEADER as usize + slots * SLOT as usize);
            put32(&mut l.bytes, at + REC_INDEX, l.locs.len() as u32);
        }
        let index = l.locs.len() as u32;
        l.locs.push(loc);
        for &field in &def.fields {
            let Some(fd) = schema.fields.get(field) else { continue };
            let slot_at = at + REC_HEADER + fd.slot as u32 * SLOT;
            // A value of another type than the field's (only a hand-built
            // FormData can hold one: `form::read` never does) is laid out as unanswered.
            let (tag, value): (u32, u64) = match (&fd.ty, rec.vals.get(fd.slot)) {
                (FieldTy::YesNo, Some(Val::Bool(b))) => (TAG_BOOL, *b as u64),
                (FieldTy::Number, Some(Val::Num(n))) => (TAG_NUM, n.to_bits()),
                (FieldTy::Text, Some(Val::Text { words, .. })) => {
                    let handle = l.texts.len() as u32;
                    l.texts.push(words.as_str());
                    l.text_at.push((index, field));
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
                        let start = l.bytes.len() as u32;
                        zeros(&mut l.bytes, 16);
                        put64(&mut l.bytes, start + CHOICES_TICKED, *ticked);
                        put64(&mut l.bytes, start + CHOICES_ASKED, *asked);
                    }
                    (TAG_CHOICES, p as u64)
                }
                // The checker caps list nesting; the depth test keeps a hand-built schema from recursing without end.
                (FieldTy::List(item), Some(Val::List(items))) if depth < 64 => {
                    let ptrs: Vec<u32> =
                        items.iter().enumerate().map(|(i, it)| self.lay_record(l, *item, it, loc.push(field, i), depth + 1)).collect();
                    let p = l.base.wrapping_add(l.bytes.len() as u32);
                    if l.write {
                        let start = l.bytes.len() as u32;
                        zeros(&mut l.bytes, (LIST_ITEMS + POINTER * ptrs.len() as u32) as usize);
                        put32(&mut l.bytes, start + LIST_COUNT, ptrs.len() as u32);
                        for (i, q) in ptrs.into_iter().enumerate() {
                            put32(&mut l.bytes, start + LIST_ITEMS + POINTER * i as u32, q);
                        }
                        pad8(&mut l.bytes);
                    }
                    (TAG_LIST, p as u64)
                }
                _ => (TAG_MISSING, 0),
            };
            if l.write {
                put32(&mut l.bytes, slot_at + SLOT_TAG, tag);
                put64(&mut l.bytes, slot_at + SLOT_VALUE, value);
            }
        }
        ptr
    }
}
