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

/// What a writer outside Rust needs to lay a form out exactly as `lay`
/// does (the package's `compiled-form.js`, which lays a plain JavaScript
/// form straight into the module's memory): where the input goes, each
/// record's fields in the order `lay` visits them, and the offsets of
/// `layout`, so both follow the one description. The runtime hands it over
/// once, when a rule set loads.
#[derive(serde::Serialize)]
pub struct FormTable<'a> {
    /// The module's input address: every pointer in the input counts from it.
    pub input: u32,
    /// By record id; record 0 is the form itself.
    pub records: Vec<TableRecord<'a>>,
    /// The limits `form::read` and the form's parser apply, so the writer
    /// leaves every form near one of them to the Rust reader.
    pub limits: crate::limits::Limits,
    /// The offsets and tags of `layout`, by name.
    pub layout: TableLayout,
}

#[derive(serde::Serialize)]
pub struct TableRecord<'a> {
    /// Slots laid out (the highest slot + 1).
    pub slots: usize,
    /// In the order `lay` writes them; each field's slot is its position here.
    pub fields: Vec<TableField<'a>>,
}

#[derive(serde::Serialize)]
pub struct TableField<'a> {
    pub name: &'a str,
    /// `yesno`, `number`, `text`, `date`, `oneof`, `severalof` or `list`.
    pub ty: &'static str,
    /// A choice's option ids, in order (bit i is option i).
    pub options: Vec<&'a str>,
    /// A list's item record.
    pub item: Option<RecordId>,
}

/// `layout`'s numbers, as the writer outside Rust reads them.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableLayout {
    in_today: u32,
    in_root: u32,
    in_records: u32,
    in_header: u32,
    rec_index: u32,
    rec_header: u32,
    slot: u32,
    slot_tag: u32,
    slot_value: u32,
    tag_missing: u32,
    tag_bool: u32,
    tag_num: u32,
    tag_text: u32,
    tag_date: u32,
    tag_choice: u32,
    tag_choices: u32,
    tag_list: u32,
    choices_ticked: u32,
    choices_asked: u32,
    list_count: u32,
    list_items: u32,
    pointer: u32,
    text_handle: u32,
    text_len: u32,
    text_key: u32,
    text_key_len: u32,
    text_bytes: u32,
}

impl Loaded {
    /// The form's table for a writer outside Rust (see `FormTable`), or
    /// None when the schema is one `lay` reads in a way the table cannot
    /// say (a field whose slot is not its position in its record, a field or
    /// record that is not there, a several-of field with more than 64
    /// options): then every form goes through `prepare`.
    pub fn form_table(&self) -> Option<FormTable<'_>> {
        let schema = &self.program.schema;
        let mut records = Vec::with_capacity(schema.records.len());
        for def in &schema.records {
            let mut fields = Vec::with_capacity(def.fields.len());
            for (position, &f) in def.fields.iter().enumerate() {
                let fd = schema.fields.get(f)?;
                if fd.slot != position {
                    return None;
                }
                let (ty, options, item) = match &fd.ty {
                    FieldTy::YesNo => ("yesno", Vec::new(), None),
                    FieldTy::Number => ("number", Vec::new(), None),
                    FieldTy::Text => ("text", Vec::new(), None),
                    FieldTy::Date => ("date", Vec::new(), None),
                    FieldTy::OneOf(opts) => ("oneof", opts.iter().map(|o| o.id.as_str()).collect(), None),
                    FieldTy::SeveralOf(opts) if opts.len() <= 64 => ("severalof", opts.iter().map(|o| o.id.as_str()).collect(), None),
                    FieldTy::List(item) if *item < schema.records.len() => ("list", Vec::new(), Some(*item)),
                    _ => return None,
                };
                fields.push(TableField { name: &fd.name, ty, options, item });
            }
            records.push(TableRecord { slots: fields.len(), fields });
        }
        let layout = TableLayout {
            in_today: IN_TODAY,
            in_root: IN_ROOT,
            in_records: IN_RECORDS,
            in_header: IN_HEADER,
            rec_index: REC_INDEX,
            rec_header: REC_HEADER,
            slot: SLOT,
            slot_tag: SLOT_TAG,
            slot_value: SLOT_VALUE,
            tag_missing: TAG_MISSING,
            tag_bool: TAG_BOOL,
            tag_num: TAG_NUM,
            tag_text: TAG_TEXT,
            tag_date: TAG_DATE,
            tag_choice: TAG_CHOICE,
            tag_choices: TAG_CHOICES,
            tag_list: TAG_LIST,
            choices_ticked: CHOICES_TICKED,
            choices_asked: CHOICES_ASKED,
            list_count: LIST_COUNT,
            list_items: LIST_ITEMS,
            pointer: POINTER,
            text_handle: TEXT_HANDLE,
            text_len: TEXT_LEN,
            text_key: TEXT_KEY,
            text_key_len: TEXT_KEY_LEN,
            text_bytes: TEXT_BYTES,
        };
        Some(FormTable { input: self.input, records, limits: crate::limits::LIMITS, layout })
    }
}
