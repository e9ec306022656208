//! The runtime library every module carries: globals, stacks and helper
//! functions, each declared once. A helper's index, signature and body come
//! from its one entry in `library!`; a global's index from its place in
//! `globals!`. The bodies are raw instructions over the byte layout.

use super::kinds::K;
use super::wasm::{m, Body};
use crate::compiled::layout::*;
use crate::program::Cmp;
use wasm_encoder::ValType::{F64, I32, I64};
use wasm_encoder::{BlockType, Function, InstructionSink, ValType};

/// The globals, numbered in the order written.
macro_rules! globals {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        enum GlobalIndex { $($name),* }
        $($(#[$doc])* pub(super) const $name: u32 = GlobalIndex::$name as u32;)*
        /// How many globals the module has (each an i32, mutable, 0 at first but `G_BUMP`).
        pub(super) const GLOBALS: u32 = [$(GlobalIndex::$name),*].len() as u32;
    };
}

globals! {
    /// The bump allocator's next free address.
    G_BUMP,
    /// The screening date (a day number).
    G_TODAY,
    /// The form's own record.
    G_ROOT,
    /// The facts (reasons) stack: base, length (entries), capacity (entries).
    G_FBASE, G_FLEN, G_FCAP,
    /// The needs (unanswered questions) stack.
    G_NBASE, G_NLEN, G_NCAP,
    /// The items stack: the records a list path reaches.
    G_IBASE, G_ILEN, G_ICAP,
    /// The output: base, length and capacity in bytes.
    G_OBASE, G_OLEN, G_OCAP,
    /// 1 while `decide` runs: no reason or question is recorded, as only
    /// each rule's result is wanted (no result depends on them).
    G_QUIET,
}

/// The functions the module imports (from the runtime, so that month
/// arithmetic is the interpreter's own), then the helpers: index, signature
/// and body from one entry each. Definitions, rules and floors follow them
/// from `FIRST_DEF`.
macro_rules! library {
    (
        imports { $($iname:ident = $module:literal . $field:literal : ($($ip:ident),*) -> ($($ir:ident),*);)* }
        helpers { $($(#[$doc:meta])* $name:ident : ($($p:ident),*) -> ($($r:ident),*) = $body:expr;)* }
    ) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        enum FunctionIndex { $($iname,)* $($name,)* FIRST_DEF }
        $(pub(super) const $iname: u32 = FunctionIndex::$iname as u32;)*
        $($(#[$doc])* pub(super) const $name: u32 = FunctionIndex::$name as u32;)*
        /// The index of the first definition's function.
        pub(super) const FIRST_DEF: u32 = FunctionIndex::FIRST_DEF as u32;

        /// A function's parameter and result types.
        pub(super) type Signature = (&'static [ValType], &'static [ValType]);

        /// The imports, in index order: module, name and signature.
        pub(super) const IMPORTS: &[(&str, &str, Signature)] = &[$(($module, $field, (&[$($ip),*], &[$($ir),*]))),*];

        /// The helpers, in index order: name, signature and body.
        pub(super) fn helpers() -> Vec<(&'static str, Signature, Function)> {
            vec![$((stringify!($name), (&[$($p),*], &[$($r),*]), $body)),*]
        }
    };
}

library! {
    imports {
        F_ADD_MONTHS = "screening"."add_months": (I32, I64) -> (I32);
        F_MONTHS_UNTIL = "screening"."months_until": (I32, I32) -> (I64);
    }
    helpers {
        H_ALLOC: (I32) -> (I32) = h_alloc();
        H_GROW: (I32, I32, I32) -> (I32) = h_grow();
        H_PUSH_FACT: (I32, I32, I32, I64, I64) -> () = h_push_fact();
        H_PUSH_NEED: (I32, I32) -> () = h_push_need();
        H_PUSH_ITEM: (I32) -> () = h_push_item();
        H_DRAIN_FACTS: (I32, I32) -> () = h_drain(G_FBASE, G_FLEN, FACT);
        H_DRAIN_ITEMS: (I32, I32) -> () = h_drain(G_IBASE, G_ILEN, POINTER);
        H_NEEDS_TO_FACTS: (I32) -> () = h_needs_to_facts();
        H_READ_BOOL: (I32, I32, I32) -> (I32) = h_read(K::B);
        H_READ_NUM: (I32, I32, I32) -> (I32, F64, F64) = h_read(K::N);
        H_READ_TEXT: (I32, I32, I32) -> (I32) = h_read(K::T);
        H_READ_DATE: (I32, I32, I32) -> (I32, I32) = h_read(K::D);
        H_READ_CHOICE: (I32, I32, I32) -> (I32, I32) = h_read(K::C);
        H_READ_CHOICES: (I32, I32, I32) -> (I32, I64, I64) = h_read(K::S);
        H_COLLECT_STEP: (I32, I32, I32, I32) -> (I32) = h_collect_step();
        H_MEMEQ: (I32, I32, I32) -> (I32) = h_memeq();
        H_CONTAINS: (I32, I32, I32) -> (I32) = h_contains();
        H_TEXT_EQ: (I32, I32) -> (I32) = h_text_eq();
        H_CMP_NUM: (I32, F64, F64, F64, F64) -> (I32) = h_cmp_num();
        H_EMIT: (I32) -> () = h_emit();
        H_CHOICES_NEEDS: (I32) -> () = h_choices_needs();
    }
}

/// The helper that reads an answer of kind `k`.
pub(super) fn reader(k: K) -> u32 {
    match k {
        K::B => H_READ_BOOL,
        K::N => H_READ_NUM,
        K::T => H_READ_TEXT,
        K::D => H_READ_DATE,
        K::C => H_READ_CHOICE,
        K::S => H_READ_CHOICES,
    }
}

/// The slot tag of an answer of kind `k`.
pub(super) fn tag_of(k: K) -> u32 {
    match k {
        K::B => TAG_BOOL,
        K::N => TAG_NUM,
        K::T => TAG_TEXT,
        K::D => TAG_DATE,
        K::C => TAG_CHOICE,
        K::S => TAG_CHOICES,
    }
}

/// The code `cmp_num` takes for a comparison.
pub(super) fn cmp_code(op: Cmp) -> i32 {
    match op {
        Cmp::Eq => 0,
        Cmp::Ne => 1,
        Cmp::Lt => 2,
        Cmp::Le => 3,
        Cmp::Gt => 4,
        Cmp::Ge => 5,
    }
}

const ALL_CMP: [Cmp; 6] = [Cmp::Eq, Cmp::Ne, Cmp::Lt, Cmp::Le, Cmp::Gt, Cmp::Ge];

/// Grow the memory so that the address in the i64 local `need` is inside
/// it; when the memory cannot grow, run `on_fail` (which must leave the
/// function or trap). Pages missing: (need - size * 64K + 64K - 1) / 64K,
/// when need is past the end.
fn grow_memory_to(b: &mut Body, need: u32, on_fail: impl FnOnce(&mut InstructionSink<'_>)) {
    let mut i = b.i();
    i.local_get(need)
        .memory_size(0)
        .i64_extend_i32_u()
        .i64_const(16)
        .i64_shl()
        .i64_gt_u()
        .if_(BlockType::Empty)
        .local_get(need)
        .memory_size(0)
        .i64_extend_i32_u()
        .i64_const(16)
        .i64_shl()
        .i64_sub()
        .i64_const(65535)
        .i64_add()
        .i64_const(16)
        .i64_shr_u()
        .i32_wrap_i64()
        .memory_grow(0)
        .i32_const(-1)
        .i32_eq()
        .if_(BlockType::Empty);
    on_fail(&mut i);
    i.end().end();
}

/// alloc(bytes) -> address: bump allocation, growing the memory as needed.
/// Running out of memory (4 GiB) traps: the caller reports that the
/// compiled rule set failed on this form.
fn h_alloc() -> Function {
    let mut b = Body::new(1);
    let p = b.local(I32);
    let need = b.local(I64);
    b.i().global_get(G_BUMP).local_set(p);
    b.i()
        .local_get(p)
        .i64_extend_i32_u()
        .local_get(0)
        .i64_extend_i32_u()
        .i64_const(7)
        .i64_add()
        .i64_const(!7)
        .i64_and()
        .i64_add()
        .local_set(need);
    grow_memory_to(&mut b, need, |i| {
        i.unreachable();
    });
    b.i().local_get(need).i32_wrap_i64().global_set(G_BUMP).local_get(p);
    b.finish()
}

/// grow(old, used_bytes, new_bytes) -> new address, the used bytes copied over.
fn h_grow() -> Function {
    let mut b = Body::new(3);
    let n = b.local(I32);
    b.i().local_get(2).call(H_ALLOC).local_tee(n).local_get(0).local_get(1).memory_copy(0, 0).local_get(n);
    b.finish()
}

/// Code that makes room for one more entry on a stack (base, len, cap globals), doubling it.
fn ensure_room(b: &mut Body, base: u32, len: u32, cap: u32, size: u32) {
    b.i()
        .global_get(len)
        .global_get(cap)
        .i32_ge_u()
        .if_(BlockType::Empty)
        .global_get(base)
        .global_get(len)
        .i32_const(size as i32)
        .i32_mul()
        .global_get(cap)
        .i32_const(2 * size as i32)
        .i32_mul()
        .call(H_GROW)
        .global_set(base)
        .global_get(cap)
        .i32_const(2)
        .i32_mul()
        .global_set(cap)
        .end();
}

/// Push the address of a new entry of a stack, and count it.
fn new_entry(b: &mut Body, base: u32, len: u32, cap: u32, size: u32) {
    ensure_room(b, base, len, cap, size);
    b.i()
        .global_get(base)
        .global_get(len)
        .i32_const(size as i32)
        .i32_mul()
        .i32_add()
        .global_get(len)
        .i32_const(1)
        .i32_add()
        .global_set(len);
}

/// Leave the function at once while `decide` runs: nothing is recorded.
fn quiet_return(b: &mut Body) {
    b.i().global_get(G_QUIET).if_(BlockType::Empty).return_().end();
}

/// push_fact(target, record index, tag, a, b); matched = none.
fn h_push_fact() -> Function {
    let mut b = Body::new(5);
    let at = b.local(I32);
    quiet_return(&mut b);
    new_entry(&mut b, G_FBASE, G_FLEN, G_FCAP, FACT);
    b.i().local_set(at);
    b.i().local_get(at).local_get(0).i32_store(m(FACT_TARGET, 2));
    b.i().local_get(at).local_get(1).i32_store(m(FACT_RECORD, 2));
    b.i().local_get(at).local_get(2).i32_store(m(FACT_TAG, 2));
    b.i().local_get(at).i32_const(0).i32_store(m(FACT_MATCHED, 2));
    b.i().local_get(at).local_get(3).i64_store(m(FACT_A, 3));
    b.i().local_get(at).local_get(4).i64_store(m(FACT_B, 3));
    b.finish()
}

/// push_need(field, record index).
fn h_push_need() -> Function {
    let mut b = Body::new(2);
    let at = b.local(I32);
    quiet_return(&mut b);
    new_entry(&mut b, G_NBASE, G_NLEN, G_NCAP, NEED);
    b.i().local_set(at);
    b.i().local_get(at).local_get(0).i32_store(m(NEED_FIELD, 2));
    b.i().local_get(at).local_get(1).i32_store(m(NEED_RECORD, 2));
    b.finish()
}

/// push_item(record pointer).
fn h_push_item() -> Function {
    let mut b = Body::new(1);
    new_entry(&mut b, G_IBASE, G_ILEN, G_ICAP, 4);
    b.i().local_get(0).i32_store(m(0, 2));
    b.finish()
}

/// drain(start, mark): remove entries start..mark, moving the later ones down.
fn h_drain(base: u32, len: u32, size: u32) -> Function {
    let mut b = Body::new(2);
    b.i()
        .global_get(base)
        .local_get(0)
        .i32_const(size as i32)
        .i32_mul()
        .i32_add()
        .global_get(base)
        .local_get(1)
        .i32_const(size as i32)
        .i32_mul()
        .i32_add()
        .global_get(len)
        .local_get(1)
        .i32_sub()
        .i32_const(size as i32)
        .i32_mul()
        .memory_copy(0, 0);
    b.i().global_get(len).local_get(1).local_get(0).i32_sub().i32_sub().global_set(len);
    b.finish()
}

/// choices_needs(mark): for each fact from mark on that is a several-of
/// field's answer, that field is needed (an `includes` that only options the
/// form did not ask would decide; as in `eval`).
fn h_choices_needs() -> Function {
    let mut b = Body::new(1);
    let n = b.local(I32);
    let at = b.local(I32);
    b.i().local_get(0).local_set(n).block(BlockType::Empty).loop_(BlockType::Empty);
    b.i().local_get(n).global_get(G_FLEN).i32_ge_u().br_if(1);
    b.i().global_get(G_FBASE).local_get(n).i32_const(FACT as i32).i32_mul().i32_add().local_set(at);
    b.i()
        .local_get(at)
        .i32_load(m(FACT_TAG, 2))
        .i32_const(TAG_CHOICES as i32)
        .i32_eq()
        .local_get(at)
        .i32_load(m(FACT_TARGET, 2))
        .i32_const(DEF as i32)
        .i32_and()
        .i32_eqz()
        .i32_and()
        .if_(BlockType::Empty)
        .local_get(at)
        .i32_load(m(FACT_TARGET, 2))
        .local_get(at)
        .i32_load(m(FACT_RECORD, 2))
        .call(H_PUSH_NEED)
        .end();
    b.i().local_get(n).i32_const(1).i32_add().local_set(n).br(0).end().end();
    b.finish()
}

/// needs_to_facts(mark): the needs from mark on become facts with no value, and are removed.
fn h_needs_to_facts() -> Function {
    let mut b = Body::new(1);
    let n = b.local(I32);
    let at = b.local(I32);
    b.i().local_get(0).local_set(n).block(BlockType::Empty).loop_(BlockType::Empty);
    b.i().local_get(n).global_get(G_NLEN).i32_ge_u().br_if(1);
    b.i().global_get(G_NBASE).local_get(n).i32_const(NEED as i32).i32_mul().i32_add().local_set(at);
    b.i()
        .local_get(at)
        .i32_load(m(NEED_FIELD, 2))
        .local_get(at)
        .i32_load(m(NEED_RECORD, 2))
        .i32_const(TAG_MISSING as i32)
        .i64_const(0)
        .i64_const(0)
        .call(H_PUSH_FACT);
    b.i().local_get(n).i32_const(1).i32_add().local_set(n).br(0).end().end();
    b.i().local_get(0).global_set(G_NLEN);
    b.finish()
}

/// read_K(record, slot offset, field): the answer, with its fact pushed, or
/// unknown with its need pushed.
fn h_read(k: K) -> Function {
    let mut b = Body::new(3);
    let slot = b.local(I32);
    let tag = b.local(I32);
    b.i()
        .local_get(0)
        .local_get(1)
        .i32_add()
        .i32_const(REC_HEADER as i32)
        .i32_add()
        .local_tee(slot)
        .i32_load(m(SLOT_TAG, 2))
        .local_set(tag);
    let want = tag_of(k);
    // Unanswered: the question is needed, and the value unknown.
    b.i().local_get(tag).i32_const(want as i32).i32_ne();
    if k == K::N {
        b.i().local_get(tag).i32_const(TAG_LIST as i32).i32_ne().i32_and();
    }
    b.i().if_(BlockType::Empty).local_get(2).local_get(0).i32_load(m(REC_INDEX, 2)).call(H_PUSH_NEED);
    match k {
        K::B => b.i().i32_const(2),
        K::T => b.i().i32_const(0),
        K::N => b.i().i32_const(0).f64_const(0f64.into()).f64_const(0f64.into()),
        K::D | K::C => b.i().i32_const(0).i32_const(0),
        K::S => b.i().i32_const(0).i64_const(0).i64_const(0),
    };
    b.i().return_().end();
    let v = SLOT_VALUE;
    b.i().local_get(2).local_get(0).i32_load(m(REC_INDEX, 2)).i32_const(want as i32);
    match k {
        K::N => {
            // A list answer reads as its number of items.
            let x = b.local(F64);
            b.i()
                .local_get(tag)
                .i32_const(TAG_NUM as i32)
                .i32_eq()
                .if_(BlockType::Result(F64))
                .local_get(slot)
                .f64_load(m(v, 3))
                .else_()
                .local_get(slot)
                .i32_load(m(v, 2))
                .i32_load(m(LIST_COUNT, 2))
                .f64_convert_i32_u()
                .end()
                .local_tee(x)
                .i64_reinterpret_f64()
                .local_get(x)
                .i64_reinterpret_f64()
                .call(H_PUSH_FACT);
            b.i().i32_const(1).local_get(x).local_get(x);
        }
        K::S => {
            // The value points at the options ticked, then those asked.
            let at = b.local(I32);
            b.i().local_get(slot).i32_load(m(v, 2)).local_tee(at).i64_load(m(CHOICES_TICKED, 3));
            b.i().local_get(at).i64_load(m(CHOICES_ASKED, 3)).call(H_PUSH_FACT);
            b.i().i32_const(1).local_get(at).i64_load(m(CHOICES_TICKED, 3)).local_get(at).i64_load(m(CHOICES_ASKED, 3));
        }
        K::B => {
            b.i().local_get(slot).i32_load(m(v, 2)).i64_extend_i32_u().i64_const(0).call(H_PUSH_FACT);
            b.i().local_get(slot).i32_load(m(v, 2));
        }
        K::T => {
            b.i().local_get(slot).i32_load(m(v, 2)).i32_load(m(TEXT_HANDLE, 2)).i64_extend_i32_u().i64_const(0).call(H_PUSH_FACT);
            b.i().local_get(slot).i32_load(m(v, 2));
        }
        K::D | K::C => {
            b.i().local_get(slot).i32_load(m(v, 2)).i64_extend_i32_u().i64_const(0).call(H_PUSH_FACT);
            b.i().i32_const(1).local_get(slot).i32_load(m(v, 2));
        }
    }
    b.finish()
}

/// collect_step(from, to, slot offset, list field) -> complete: for each item
/// from..to, push the records of its list (or the need for the list when unanswered).
fn h_collect_step() -> Function {
    let mut b = Body::new(4);
    let ok = b.local(I32);
    let i = b.local(I32);
    let rec = b.local(I32);
    let list = b.local(I32);
    let j = b.local(I32);
    let n = b.local(I32);
    b.i().i32_const(1).local_set(ok).local_get(0).local_set(i).block(BlockType::Empty).loop_(BlockType::Empty);
    b.i().local_get(i).local_get(1).i32_ge_u().br_if(1);
    b.i().global_get(G_IBASE).local_get(i).i32_const(POINTER as i32).i32_mul().i32_add().i32_load(m(0, 2)).local_set(rec);
    b.i()
        .local_get(rec)
        .local_get(2)
        .i32_add()
        .i32_load(m(REC_HEADER, 2))
        .i32_const(TAG_LIST as i32)
        .i32_eq()
        .if_(BlockType::Empty)
        .local_get(rec)
        .local_get(2)
        .i32_add()
        .i32_load(m(REC_HEADER + SLOT_VALUE, 2))
        .local_tee(list)
        .i32_load(m(REC_INDEX, 2))
        .local_set(n)
        .i32_const(0)
        .local_set(j)
        .block(BlockType::Empty)
        .loop_(BlockType::Empty)
        .local_get(j)
        .local_get(n)
        .i32_ge_u()
        .br_if(1)
        .local_get(list)
        .local_get(j)
        .i32_const(POINTER as i32)
        .i32_mul()
        .i32_add()
        .i32_load(m(LIST_ITEMS, 2))
        .call(H_PUSH_ITEM)
        .local_get(j)
        .i32_const(1)
        .i32_add()
        .local_set(j)
        .br(0)
        .end()
        .end()
        .else_()
        .i32_const(0)
        .local_set(ok)
        .local_get(3)
        .local_get(rec)
        .i32_load(m(REC_INDEX, 2))
        .call(H_PUSH_NEED)
        .end();
    b.i().local_get(i).i32_const(1).i32_add().local_set(i).br(0).end().end();
    b.i().local_get(ok);
    b.finish()
}

/// memeq(a, b, n) -> 1 when the n bytes at a and b are the same.
fn h_memeq() -> Function {
    let mut b = Body::new(3);
    let i = b.local(I32);
    b.i().block(BlockType::Empty).loop_(BlockType::Empty);
    b.i().local_get(i).local_get(2).i32_ge_u().br_if(1);
    b.i()
        .local_get(0)
        .local_get(i)
        .i32_add()
        .i32_load8_u(m(0, 0))
        .local_get(1)
        .local_get(i)
        .i32_add()
        .i32_load8_u(m(0, 0))
        .i32_ne()
        .if_(BlockType::Empty)
        .i32_const(0)
        .return_()
        .end();
    b.i().local_get(i).i32_const(1).i32_add().local_set(i).br(0).end().end();
    b.i().i32_const(1);
    b.finish()
}

/// contains(text, phrase, phrase length) -> 1 when the phrase occurs as whole
/// words: `contains_words`, searching left to right without overlaps as
/// `match_indices` does, each match's ends tested with the text's flags.
fn h_contains() -> Function {
    let mut b = Body::new(3);
    let len = b.local(I32);
    let bytes = b.local(I32);
    let pos = b.local(I32);
    b.i().local_get(2).i32_eqz().if_(BlockType::Empty).i32_const(0).return_().end();
    b.i().local_get(0).i32_load(m(TEXT_LEN, 2)).local_set(len).local_get(0).i32_const(TEXT_BYTES as i32).i32_add().local_set(bytes);
    b.i().block(BlockType::Empty).loop_(BlockType::Empty);
    // No room for the phrase from here: not found.
    b.i().local_get(pos).local_get(2).i32_add().local_get(len).i32_gt_u().br_if(1);
    b.i().local_get(bytes).local_get(pos).i32_add().local_get(1).local_get(2).call(H_MEMEQ).if_(BlockType::Empty);
    b.i()
        .local_get(bytes)
        .local_get(len)
        .i32_add()
        .local_get(pos)
        .i32_add()
        .i32_load8_u(m(0, 0))
        .i32_const(1)
        .i32_and()
        .local_get(bytes)
        .local_get(len)
        .i32_add()
        .local_get(pos)
        .i32_add()
        .local_get(2)
        .i32_add()
        .i32_load8_u(m(0, 0))
        .i32_const(2)
        .i32_and()
        .i32_const(0)
        .i32_ne()
        .i32_and()
        .if_(BlockType::Empty)
        .i32_const(1)
        .return_()
        .end();
    // Not whole words: the next match starts after this one.
    b.i().local_get(pos).local_get(2).i32_add().local_set(pos).br(1);
    b.i().end();
    b.i().local_get(pos).i32_const(1).i32_add().local_set(pos).br(0).end().end();
    b.i().i32_const(0);
    b.finish()
}

/// text_eq(a, b): the comparison keys (trimmed, lower-cased) are the same.
fn h_text_eq() -> Function {
    let mut b = Body::new(2);
    b.i()
        .local_get(0)
        .i32_load(m(TEXT_KEY_LEN, 2))
        .local_get(1)
        .i32_load(m(TEXT_KEY_LEN, 2))
        .i32_ne()
        .if_(BlockType::Empty)
        .i32_const(0)
        .return_()
        .end();
    b.i()
        .local_get(0)
        .i32_load(m(TEXT_KEY, 2))
        .local_get(1)
        .i32_load(m(TEXT_KEY, 2))
        .local_get(0)
        .i32_load(m(TEXT_KEY_LEN, 2))
        .call(H_MEMEQ);
    b.finish()
}

/// cmp_num(op, al, ah, bl, bh) -> 0/1/2: decided only when every value in one
/// range relates the same way to every value in the other.
fn h_cmp_num() -> Function {
    let mut b = Body::new(5);
    let all = b.local(I32);
    let none = b.local(I32);
    let (al, ah, bl, bh) = (1, 2, 3, 4);
    // Eq: all = al == ah && bl == bh && al == bl; none = ah < bl || al > bh.
    let eq_all = |b: &mut Body| {
        b.i()
            .local_get(al)
            .local_get(ah)
            .f64_eq()
            .local_get(bl)
            .local_get(bh)
            .f64_eq()
            .i32_and()
            .local_get(al)
            .local_get(bl)
            .f64_eq()
            .i32_and();
    };
    let apart = |b: &mut Body| {
        b.i().local_get(ah).local_get(bl).f64_lt().local_get(al).local_get(bh).f64_gt().i32_or();
    };
    for op in ALL_CMP {
        let code = cmp_code(op);
        b.i().local_get(0).i32_const(code).i32_eq().if_(BlockType::Empty);
        match op {
            Cmp::Eq => {
                eq_all(&mut b);
                b.i().local_set(all);
                apart(&mut b);
                b.i().local_set(none);
            }
            Cmp::Ne => {
                apart(&mut b);
                b.i().local_set(all);
                eq_all(&mut b);
                b.i().local_set(none);
            }
            Cmp::Lt => {
                b.i().local_get(ah).local_get(bl).f64_lt().local_set(all).local_get(al).local_get(bh).f64_ge().local_set(none);
            }
            Cmp::Le => {
                b.i().local_get(ah).local_get(bl).f64_le().local_set(all).local_get(al).local_get(bh).f64_gt().local_set(none);
            }
            Cmp::Gt => {
                b.i().local_get(al).local_get(bh).f64_gt().local_set(all).local_get(ah).local_get(bl).f64_le().local_set(none);
            }
            Cmp::Ge => {
                b.i().local_get(al).local_get(bh).f64_ge().local_set(all).local_get(ah).local_get(bl).f64_lt().local_set(none);
            }
        }
        b.i().end();
    }
    b.i().i32_const(1).i32_const(0).i32_const(2).local_get(none).select().local_get(all).select();
    b.finish()
}

/// emit(result): append a rule's result, with its facts when it fired and its
/// needs when undecided, to the output.
fn h_emit() -> Function {
    let mut b = Body::new(1);
    let nf = b.local(I32);
    let nn = b.local(I32);
    let size = b.local(I32);
    let at = b.local(I32);
    b.i().global_get(G_FLEN).i32_const(0).local_get(0).i32_const(1).i32_eq().select().local_set(nf);
    b.i().global_get(G_NLEN).i32_const(0).local_get(0).i32_const(2).i32_eq().select().local_set(nn);
    b.i()
        .i32_const(OUT_RULE as i32)
        .local_get(nf)
        .i32_const(FACT as i32)
        .i32_mul()
        .i32_add()
        .local_get(nn)
        .i32_const(NEED as i32)
        .i32_mul()
        .i32_add()
        .local_set(size);
    // Room for it: the output doubles (at least) when full.
    b.i()
        .global_get(G_OLEN)
        .local_get(size)
        .i32_add()
        .global_get(G_OCAP)
        .i32_gt_u()
        .if_(BlockType::Empty)
        .global_get(G_OLEN)
        .local_get(size)
        .i32_add()
        .local_tee(at)
        .global_get(G_OCAP)
        .i32_const(2)
        .i32_mul()
        .local_get(at)
        .global_get(G_OCAP)
        .i32_const(2)
        .i32_mul()
        .i32_gt_u()
        .select()
        .global_set(G_OCAP)
        .global_get(G_OBASE)
        .global_get(G_OLEN)
        .global_get(G_OCAP)
        .call(H_GROW)
        .global_set(G_OBASE)
        .end();
    b.i().global_get(G_OBASE).global_get(G_OLEN).i32_add().local_set(at);
    b.i().local_get(at).local_get(0).i32_store(m(OUT_RESULT, 2));
    b.i().local_get(at).local_get(nf).i32_store(m(OUT_FACTS, 2));
    b.i().local_get(at).local_get(nn).i32_store(m(OUT_NEEDS, 2));
    b.i()
        .local_get(at)
        .i32_const(OUT_RULE as i32)
        .i32_add()
        .global_get(G_FBASE)
        .local_get(nf)
        .i32_const(FACT as i32)
        .i32_mul()
        .memory_copy(0, 0);
    b.i()
        .local_get(at)
        .i32_const(OUT_RULE as i32)
        .i32_add()
        .local_get(nf)
        .i32_const(FACT as i32)
        .i32_mul()
        .i32_add()
        .global_get(G_NBASE)
        .local_get(nn)
        .i32_const(NEED as i32)
        .i32_mul()
        .memory_copy(0, 0);
    b.i().global_get(G_OLEN).local_get(size).i32_add().global_set(G_OLEN);
    b.finish()
}

/// input(len) -> the address to write the input at, the memory grown to hold it (-1 when it cannot be).
pub(super) fn e_input(at: u32) -> Function {
    let mut b = Body::new(1);
    let need = b.local(I64);
    b.i().i64_const(at as i64).local_get(0).i64_extend_i32_u().i64_add().local_set(need);
    grow_memory_to(&mut b, need, |i| {
        i.i32_const(-1).return_();
    });
    b.i().i32_const(at as i32);
    b.finish()
}

/// run(len) -> the output's address: every rule, then every floor, each on
/// fresh stacks, as the interpreter's `decide` does. `decide(len)` (`quiet`)
/// is the same run recording no reason and no question: the same output
/// with every rule's counts 0, for a caller that wants only the decision.
pub(super) fn e_run(at: u32, first_rule: u32, n: u32, quiet: bool) -> Function {
    let mut b = Body::new(1);
    b.i().i32_const(quiet as i32).global_set(G_QUIET);
    b.i().i32_const(at as i32).local_get(0).i32_add().i32_const(7).i32_add().i32_const(!7).i32_and().global_set(G_BUMP);
    b.i().i32_const(at as i32).i32_load(m(IN_TODAY, 2)).global_set(G_TODAY);
    b.i().i32_const(at as i32).i32_load(m(IN_ROOT, 2)).global_set(G_ROOT);
    for (base, len, cap, size) in [(G_FBASE, G_FLEN, G_FCAP, FACT), (G_NBASE, G_NLEN, G_NCAP, NEED), (G_IBASE, G_ILEN, G_ICAP, POINTER)] {
        b.i().i32_const(64).global_set(cap).i32_const(0).global_set(len).i32_const(64 * size as i32).call(H_ALLOC).global_set(base);
    }
    b.i()
        .i32_const(1024)
        .global_set(G_OCAP)
        .i32_const(OUT_LENGTH as i32)
        .global_set(G_OLEN)
        .i32_const(1024)
        .call(H_ALLOC)
        .global_set(G_OBASE);
    for r in 0..n {
        b.i().i32_const(0).global_set(G_FLEN).i32_const(0).global_set(G_NLEN).i32_const(0).global_set(G_ILEN);
        b.i().call(first_rule + r).call(H_EMIT);
    }
    b.i().global_get(G_OBASE).global_get(G_OLEN).i32_const(OUT_LENGTH as i32).i32_sub().i32_store(m(0, 2)).global_get(G_OBASE);
    b.finish()
}
