//! Lowering: each condition to code with the interpreter's exact meaning
//! (`eval/mod.rs` is the specification): three-valued yes/no, numbers as
//! ranges, and the same reasons (facts) and unanswered questions (needs),
//! pushed, cut back and moved as the interpreter does, on the library's
//! stacks. One function per definition, rule and floor.
//!
//! A value's representation follows its kind (`kinds`): yes/no is one i32
//! (0 no, 1 yes, 2 unknown); the others carry a "known" i32 beside their
//! payload (a number is a range lo..hi of f64), and a text is a pointer to
//! its descriptor (0 when unknown).

use super::kinds::{CV, K};
use super::library::*;
use super::plan::{Func, Node, Walk};
use super::wasm::{m, Body};
use crate::compiled::layout::*;
use crate::program::{Base, Cmp, FieldId};
use crate::syntax::ast::{ArithOp, Direction, QuantKind, Unit};
use wasm_encoder::ValType::{F64, I32, I64};
use wasm_encoder::{BlockType, Function, InstructionSink};

/// The records a walk reaches: item i for first <= i < last, read from the
/// list itself (`list`, a walk of one step) or from the items stack; and a
/// local that is 1 when every list on the way was answered.
struct Items {
    first: u32,
    last: u32,
    complete: u32,
    list: Option<u32>,
}

/// Code for one function: the bound records (`any`/`all`/`count` items, or
/// the definition's record) as locals, outermost first.
struct Gen {
    b: Body,
    vars: Vec<u32>,
}

/// The function of a definition: (record) -> its value.
pub(super) fn def_fn(f: &Func) -> Function {
    let k = f.kind;
    let mut g = Gen { b: Body::new(1), vars: Vec::new() };
    // A definition sees only its own record, whatever is bound around the use.
    if f.own_record {
        g.vars.push(0);
    }
    let mark = g.b.local(I32);
    g.b.i().global_get(G_FLEN).local_set(mark);
    let v = g.expr(&f.body);
    let v = g.coerce(v, k);
    if let Some(d) = f.shown_as {
        // A labelled definition is shown as one worked-out answer ("Age: 14").
        g.b.i().local_get(mark).global_set(G_FLEN);
        g.known(v);
        g.b.i().if_(BlockType::Empty);
        g.b.i().i32_const((DEF | d as u32) as i32).local_get(0).i32_load(m(REC_INDEX, 2));
        g.push_value_fact(v);
        g.b.i().end();
    }
    for l in v.locals() {
        g.b.i().local_get(l);
    }
    g.b.finish()
}

/// The function of a rule or floor: () -> 0 not fired, 1 fired, 2 undecided.
pub(super) fn rule_fn(f: &Func) -> Function {
    let mut g = Gen { b: Body::new(0), vars: Vec::new() };
    let v = g.expr(&f.body);
    let v = g.as_bool(v);
    g.b.i().local_get(v);
    g.b.finish()
}

impl Gen {
    fn i(&mut self) -> InstructionSink<'_> {
        self.b.i()
    }

    fn new_cv(&mut self, k: K) -> CV {
        match k {
            K::B => CV::B(self.b.local(I32)),
            K::T => CV::T(self.b.local(I32)),
            K::N => CV::N(self.b.local(I32), self.b.local(F64), self.b.local(F64)),
            K::D => CV::D(self.b.local(I32), self.b.local(I32)),
            K::C => CV::C(self.b.local(I32), self.b.local(I32)),
            K::S => CV::S(self.b.local(I32), self.b.local(I64), self.b.local(I64)),
        }
    }

    /// Store the values on the stack (as a call returns them) into a new value's locals.
    fn take(&mut self, k: K) -> CV {
        let v = self.new_cv(k);
        for l in v.locals().into_iter().rev() {
            self.i().local_set(l);
        }
        v
    }

    /// A value of kind `k`; a value of another kind is unknown (only a
    /// mistyped program could ask for it).
    fn coerce(&mut self, v: CV, k: K) -> CV {
        if v.kind() == k {
            return v;
        }
        // Unknown: 2 for yes/no, else "known" (or the text pointer) 0.
        self.unknown(k)
    }

    /// A new unknown value of kind `k` (for a mistyped program only).
    fn unknown(&mut self, k: K) -> CV {
        let out = self.new_cv(k);
        let first = out.locals()[0];
        self.i().i32_const(if k == K::B { 2 } else { 0 }).local_set(first);
        out
    }

    fn as_bool(&mut self, v: CV) -> u32 {
        match self.coerce(v, K::B) {
            CV::B(l) => l,
            _ => unreachable!("coerce gives the kind asked for"),
        }
    }

    /// Push 1 when the value is known, else 0.
    fn known(&mut self, v: CV) {
        match v {
            CV::B(l) => {
                self.i().local_get(l).i32_const(2).i32_ne();
            }
            CV::T(l) => {
                self.i().local_get(l).i32_const(0).i32_ne();
            }
            CV::N(k, ..) | CV::D(k, _) | CV::C(k, _) | CV::S(k, ..) => {
                self.i().local_get(k);
            }
        }
    }

    /// With target and record index on the stack, push the fact of a known value.
    fn push_value_fact(&mut self, v: CV) {
        let tag = tag_of(v.kind());
        self.i().i32_const(tag as i32);
        match v {
            CV::B(l) | CV::D(_, l) | CV::C(_, l) => {
                self.i().local_get(l).i64_extend_i32_u().i64_const(0);
            }
            CV::N(_, lo, hi) => {
                self.i().local_get(lo).i64_reinterpret_f64().local_get(hi).i64_reinterpret_f64();
            }
            CV::T(l) => {
                self.i().local_get(l).i32_load(m(TEXT_HANDLE, 2)).i64_extend_i32_u().i64_const(0);
            }
            CV::S(_, ticked, asked) => {
                self.i().local_get(ticked).local_get(asked);
            }
        }
        self.i().call(H_PUSH_FACT);
    }

    /// Push the record pointer a base refers to.
    fn rec_of(&mut self, base: Base) {
        match base {
            Base::Var(k) if k < self.vars.len() => {
                let l = self.vars[k];
                self.i().local_get(l);
            }
            _ => {
                self.i().global_get(G_ROOT);
            }
        }
    }

    fn bool_const(&mut self, b: i32) -> u32 {
        let l = self.b.local(I32);
        self.i().i32_const(b).local_set(l);
        l
    }

    fn expr(&mut self, e: &Node) -> CV {
        match e {
            Node::Bool(b) => CV::B(self.bool_const(*b as i32)),
            Node::Num(n) => {
                let v = self.new_cv(K::N);
                let CV::N(k, lo, hi) = v else { unreachable!() };
                self.i().i32_const(1).local_set(k).f64_const((*n).into()).local_tee(lo).local_set(hi);
                v
            }
            Node::Text { at, .. } => {
                let l = self.b.local(I32);
                self.i().i32_const(*at as i32).local_set(l);
                CV::T(l)
            }
            Node::Date(d) => {
                self.i().i32_const(1).i32_const(d.0);
                self.take(K::D)
            }
            Node::Choice(c) => {
                self.i().i32_const(1).i32_const(*c as i32);
                self.take(K::C)
            }
            Node::Today => {
                self.i().i32_const(1).global_get(G_TODAY);
                self.take(K::D)
            }
            Node::Read { from, field, slot, kind } => {
                self.rec_of(*from);
                self.i().i32_const(*slot as i32).i32_const(*field as i32);
                self.i().call(reader(*kind));
                self.take(*kind)
            }
            Node::Call { def, from, kind } => {
                self.rec_of(*from);
                self.i().call(FIRST_DEF + *def as u32);
                self.take(*kind)
            }
            Node::And(parts) => {
                let res = self.bool_const(1);
                self.i().block(BlockType::Empty);
                for p in parts {
                    let v = self.expr(p);
                    let v = self.as_bool(v);
                    // false: the whole is false, and the rest is not looked at.
                    self.i().local_get(v).i32_eqz().if_(BlockType::Empty).i32_const(0).local_set(res).br(1).end();
                    self.i().local_get(v).i32_const(2).i32_eq().if_(BlockType::Empty).i32_const(2).local_set(res).end();
                }
                self.i().end();
                CV::B(res)
            }
            Node::Or(parts) => {
                let res = self.bool_const(0);
                let start = self.b.local(I32);
                let mark = self.b.local(I32);
                self.i().global_get(G_FLEN).local_set(start).block(BlockType::Empty);
                for p in parts {
                    self.i().global_get(G_FLEN).local_set(mark);
                    let v = self.expr(p);
                    let v = self.as_bool(v);
                    // Keep only the reasons of the branch that holds.
                    self.i()
                        .local_get(v)
                        .i32_const(1)
                        .i32_eq()
                        .if_(BlockType::Empty)
                        .local_get(start)
                        .local_get(mark)
                        .call(H_DRAIN_FACTS)
                        .i32_const(1)
                        .local_set(res)
                        .br(1)
                        .end();
                    self.i().local_get(mark).global_set(G_FLEN);
                    self.i().local_get(v).i32_const(2).i32_eq().if_(BlockType::Empty).i32_const(2).local_set(res).end();
                }
                self.i().end();
                CV::B(res)
            }
            Node::Not(inner) => {
                let v = self.expr(inner);
                let v = self.as_bool(v);
                let res = self.b.local(I32);
                self.i().i32_const(2).local_get(v).i32_const(1).i32_xor().local_get(v).i32_const(2).i32_eq().select().local_set(res);
                CV::B(res)
            }
            Node::Compare(op, a, b) => {
                let x = self.expr(a);
                let y = self.expr(b);
                CV::B(self.compare(*op, x, y))
            }
            Node::OneOf { value, options, negate } => {
                let res = self.bool_const(2);
                let unk = self.bool_const(0);
                let x = self.expr(value);
                self.i().block(BlockType::Empty);
                self.known(x);
                self.i().i32_eqz().br_if(0);
                for o in options {
                    let y = self.expr(o);
                    let r = self.compare(Cmp::Eq, x, y);
                    self.i().local_get(r).i32_const(1).i32_eq().if_(BlockType::Empty).i32_const(!*negate as i32).local_set(res).br(1).end();
                    self.i().local_get(r).i32_const(2).i32_eq().if_(BlockType::Empty).i32_const(1).local_set(unk).end();
                }
                self.i().i32_const(2).i32_const(*negate as i32).local_get(unk).select().local_set(res);
                self.i().end();
                CV::B(res)
            }
            Node::Answered(_) | Node::ListAnswered(_) => {
                let needs = self.b.local(I32);
                let res = self.b.local(I32);
                self.i().global_get(G_NLEN).local_set(needs);
                match e {
                    Node::ListAnswered(walk) => {
                        let items = self.reach(walk);
                        self.release(&items);
                        self.i().local_get(items.complete).local_set(res);
                    }
                    Node::Answered(inner) => {
                        let v = self.expr(inner);
                        self.known(v);
                        self.i().local_set(res);
                    }
                    _ => {}
                }
                // An unanswered question is itself the reason: kept as a fact, and no longer needed.
                self.i().local_get(needs).call(H_NEEDS_TO_FACTS);
                CV::B(res)
            }
            Node::Within { value, amount, unit, dir, other } => {
                let v = self.expr(value);
                let o = self.expr(other);
                let (CV::D(kv, dv), CV::D(ko, d_o)) = (v, o) else {
                    return CV::B(self.bool_const(2));
                };
                let res = self.bool_const(2);
                let back = self.b.local(I32);
                let fwd = self.b.local(I32);
                self.i().local_get(kv).local_get(ko).i32_and().if_(BlockType::Empty);
                self.shift(d_o, amount.wrapping_neg(), *unit, back);
                self.shift(d_o, *amount, *unit, fwd);
                let (lo, hi) = match dir {
                    Direction::Before => (back, d_o),
                    Direction::After => (d_o, fwd),
                    Direction::Either => (back, fwd),
                };
                self.i().local_get(dv).local_get(lo).i32_ge_s().local_get(dv).local_get(hi).i32_le_s().i32_and().local_set(res).end();
                CV::B(res)
            }
            Node::Contains { text, phrases, negate } => {
                let mark = self.b.local(I32);
                let found = self.b.local(I32);
                let res = self.bool_const(2);
                // Locals keep their value from one pass of a loop to the next: every one is set before use.
                self.i().global_get(G_FLEN).local_set(mark).i32_const(0).local_set(found);
                let t = self.expr(text);
                let CV::T(t) = t else {
                    return CV::B(res);
                };
                self.i().local_get(t).if_(BlockType::Empty).block(BlockType::Empty);
                for &(at, len, id) in phrases {
                    self.i()
                        .local_get(t)
                        .i32_const(at as i32)
                        .i32_const(len as i32)
                        .call(H_CONTAINS)
                        .if_(BlockType::Empty)
                        .i32_const(id as i32 + 1)
                        .local_set(found)
                        .br(1)
                        .end();
                }
                self.i().end();
                // The phrase found is shown with the answer it was found in.
                self.i()
                    .local_get(found)
                    .i32_const(0)
                    .i32_ne()
                    .local_get(mark)
                    .global_get(G_FLEN)
                    .i32_lt_u()
                    .i32_and()
                    .if_(BlockType::Empty)
                    .global_get(G_FBASE)
                    .local_get(mark)
                    .i32_const(FACT as i32)
                    .i32_mul()
                    .i32_add()
                    .local_get(found)
                    .i32_store(m(FACT_MATCHED, 2))
                    .end();
                self.i().local_get(found).i32_const(0).i32_ne().i32_const(*negate as i32).i32_xor().local_set(res).end();
                CV::B(res)
            }
            Node::Includes { value, mask, any, negate } => {
                // As `eval::includes`: an option the form did not ask is unknown.
                let mark = self.b.local(I32);
                self.i().global_get(G_FLEN).local_set(mark);
                let v = self.expr(value);
                let res = self.bool_const(2);
                let CV::S(k, ticked, asked) = v else { return CV::B(res) };
                let (mask, yes, no) = (*mask as i64, 1 ^ *negate as i32, *negate as i32);
                self.i().local_get(k).if_(BlockType::Empty);
                if *any {
                    // Yes when a ticked option is in the mask; no when every option in it was asked.
                    self.i().local_get(ticked).i64_const(mask).i64_and().i64_const(0).i64_ne();
                    self.i().if_(BlockType::Empty).i32_const(yes).local_set(res).else_();
                    self.i().local_get(asked).i64_const(-1).i64_xor().i64_const(mask).i64_and().i64_eqz();
                } else {
                    // Yes when every option in the mask is ticked; no when one in it was asked and not ticked.
                    self.i().local_get(ticked).i64_const(mask).i64_and().i64_const(mask).i64_eq();
                    self.i().if_(BlockType::Empty).i32_const(yes).local_set(res).else_();
                    self.i()
                        .local_get(asked)
                        .local_get(ticked)
                        .i64_const(-1)
                        .i64_xor()
                        .i64_and()
                        .i64_const(mask)
                        .i64_and()
                        .i64_const(0)
                        .i64_ne();
                }
                self.i().if_(BlockType::Empty).i32_const(no).local_set(res).else_().local_get(mark).call(H_CHOICES_NEEDS).end();
                self.i().end().end();
                CV::B(res)
            }
            Node::Arith(op, a, b) => {
                let x = self.expr(a);
                let y = self.expr(b);
                let out = self.new_cv(K::N);
                let (CV::N(ka, al, ah), CV::N(kb, bl, bh), CV::N(k, lo, hi)) = (x, y, out) else {
                    return self.unknown(K::N);
                };
                self.i().local_get(ka).local_get(kb).i32_and().local_tee(k).if_(BlockType::Empty);
                match op {
                    ArithOp::Add => {
                        self.i().local_get(al).local_get(bl).f64_add().local_set(lo).local_get(ah).local_get(bh).f64_add().local_set(hi);
                    }
                    ArithOp::Sub => {
                        self.i().local_get(al).local_get(bh).f64_sub().local_set(lo).local_get(ah).local_get(bl).f64_sub().local_set(hi);
                    }
                    ArithOp::Mul => {
                        let t = self.b.local(F64);
                        self.i().f64_const(f64::INFINITY.into()).local_set(lo).f64_const(f64::NEG_INFINITY.into()).local_set(hi);
                        for (p, q) in [(al, bl), (al, bh), (ah, bl), (ah, bh)] {
                            // A product that is not a number (0 times infinity) counts as 0.
                            self.i()
                                .local_get(p)
                                .local_get(q)
                                .f64_mul()
                                .local_tee(t)
                                .f64_const(0f64.into())
                                .local_get(t)
                                .local_get(t)
                                .f64_eq()
                                .select()
                                .local_set(t);
                            // Rust's f64::min and max keep the running value when the two are
                            // equal (0 and -0 too), where Wasm's f64.min would pick -0: so `<` and `>`.
                            self.i().local_get(t).local_get(lo).local_get(t).local_get(lo).f64_lt().select().local_set(lo);
                            self.i().local_get(t).local_get(hi).local_get(t).local_get(hi).f64_gt().select().local_set(hi);
                        }
                    }
                }
                self.i().end();
                out
            }
            Node::Between { unit, from, to } => {
                let x = self.expr(from);
                let y = self.expr(to);
                let out = self.new_cv(K::N);
                let (CV::D(ka, a), CV::D(kb, b), CV::N(k, lo, hi)) = (x, y, out) else {
                    return self.unknown(K::N);
                };
                self.i().local_get(ka).local_get(kb).i32_and().local_tee(k).if_(BlockType::Empty);
                match unit {
                    Unit::Days | Unit::Weeks => {
                        self.i().local_get(b).i64_extend_i32_s().local_get(a).i64_extend_i32_s().i64_sub();
                        if *unit == Unit::Weeks {
                            self.i().i64_const(7).i64_div_s();
                        }
                    }
                    Unit::Months | Unit::Years => {
                        self.i().local_get(a).local_get(b).call(F_MONTHS_UNTIL);
                        if *unit == Unit::Years {
                            self.i().i64_const(12).i64_div_s();
                        }
                    }
                }
                self.i().f64_convert_i64_s().local_tee(lo).local_set(hi).end();
                out
            }
            Node::Quant { kind, walk, cond } => self.quant(*kind, walk, cond),
            Node::Count { walk, cond, reason } => self.count(walk, cond.as_deref(), *reason),
        }
    }

    /// `shift` of the interpreter: the day `amount` units from `day`, into `out`.
    fn shift(&mut self, day: u32, amount: i64, unit: Unit, out: u32) {
        match unit {
            Unit::Days | Unit::Weeks => {
                let amount = if unit == Unit::Weeks { amount.wrapping_mul(7) } else { amount };
                let (min, max) = (i32::MIN as i64 / 2, i32::MAX as i64 / 2);
                let t = self.b.local(I64);
                self.i().local_get(day).i64_extend_i32_s().i64_const(amount).i64_add().local_set(t);
                // clamp(t, min, max)
                self.i()
                    .i64_const(min)
                    .i64_const(max)
                    .local_get(t)
                    .local_get(t)
                    .i64_const(max)
                    .i64_gt_s()
                    .select()
                    .local_get(t)
                    .i64_const(min)
                    .i64_lt_s()
                    .select()
                    .i32_wrap_i64()
                    .local_set(out);
            }
            Unit::Months | Unit::Years => {
                let months = if unit == Unit::Years { amount.saturating_mul(12) } else { amount };
                self.i().local_get(day).i64_const(months).call(F_ADD_MONTHS).local_set(out);
            }
        }
    }

    /// The interpreter's `compare`: a yes/no local (2 when unknown).
    fn compare(&mut self, op: Cmp, x: CV, y: CV) -> u32 {
        let res = self.bool_const(2);
        match (x, y) {
            (CV::N(ka, al, ah), CV::N(kb, bl, bh)) => {
                self.i()
                    .local_get(ka)
                    .local_get(kb)
                    .i32_and()
                    .if_(BlockType::Empty)
                    .i32_const(cmp_code(op))
                    .local_get(al)
                    .local_get(ah)
                    .local_get(bl)
                    .local_get(bh)
                    .call(H_CMP_NUM)
                    .local_set(res)
                    .end();
            }
            (CV::D(ka, a), CV::D(kb, b)) => {
                self.i().local_get(ka).local_get(kb).i32_and().if_(BlockType::Empty).local_get(a).local_get(b);
                match op {
                    Cmp::Eq => self.i().i32_eq(),
                    Cmp::Ne => self.i().i32_ne(),
                    Cmp::Lt => self.i().i32_lt_s(),
                    Cmp::Le => self.i().i32_le_s(),
                    Cmp::Gt => self.i().i32_gt_s(),
                    Cmp::Ge => self.i().i32_ge_s(),
                };
                self.i().local_set(res).end();
            }
            (CV::B(a), CV::B(b)) => {
                self.i().local_get(a).i32_const(2).i32_ne().local_get(b).i32_const(2).i32_ne().i32_and().if_(BlockType::Empty);
                self.i().local_get(a).local_get(b).i32_eq();
                self.equal_order(op, res);
                self.i().end();
            }
            (CV::C(ka, a), CV::C(kb, b)) => {
                self.i().local_get(ka).local_get(kb).i32_and().if_(BlockType::Empty);
                self.i().local_get(a).local_get(b).i32_eq();
                self.equal_order(op, res);
                self.i().end();
            }
            (CV::T(a), CV::T(b)) => {
                self.i().local_get(a).i32_const(0).i32_ne().local_get(b).i32_const(0).i32_ne().i32_and().if_(BlockType::Empty);
                self.i().local_get(a).local_get(b).call(H_TEXT_EQ);
                self.equal_order(op, res);
                self.i().end();
            }
            _ => {}
        }
        res
    }

    /// With "equal" (0/1) on the stack, store the result of an order that is
    /// Equal or Less (the interpreter's ordering of yes/no, options and text).
    fn equal_order(&mut self, op: Cmp, res: u32) {
        match op {
            Cmp::Eq | Cmp::Ge => self.i().local_set(res),
            Cmp::Ne | Cmp::Lt => self.i().i32_eqz().local_set(res),
            Cmp::Le => self.i().drop().i32_const(1).local_set(res),
            Cmp::Gt => self.i().drop().i32_const(0).local_set(res),
        };
    }

    /// The records a walk reaches, in order, as `Items`. A walk of one step
    /// (`any child`) reads its list in place; a longer one is flattened onto
    /// the items stack (`collect`), which `release` then gives back.
    fn reach(&mut self, walk: &Walk) -> Items {
        let first = self.b.local(I32);
        let last = self.b.local(I32);
        match walk.steps[..] {
            [(step, off)] => {
                let rec = self.b.local(I32);
                let list = self.b.local(I32);
                let complete = self.bool_const(1);
                self.i().i32_const(0).local_set(first);
                self.rec_of(walk.from);
                self.i().local_tee(rec).i32_const(off as i32).i32_add().i32_load(m(REC_HEADER, 2)).i32_const(TAG_LIST as i32).i32_eq();
                self.i()
                    .if_(BlockType::Empty)
                    .local_get(rec)
                    .i32_const(off as i32)
                    .i32_add()
                    .i32_load(m(REC_HEADER + SLOT_VALUE, 2))
                    .local_tee(list)
                    .i32_load(m(LIST_COUNT, 2))
                    .local_set(last)
                    .else_()
                    // Unanswered: no items, and the list is needed (as `collect_step`).
                    .i32_const(0)
                    .local_set(last)
                    .i32_const(0)
                    .local_set(complete)
                    .i32_const(step as i32)
                    .local_get(rec)
                    .i32_load(m(REC_INDEX, 2))
                    .call(H_PUSH_NEED)
                    .end();
                Items { first, last, complete, list: Some(list) }
            }
            _ => {
                self.i().global_get(G_ILEN).local_set(first);
                let complete = self.collect(walk);
                self.i().global_get(G_ILEN).local_set(last);
                Items { first, last, complete, list: None }
            }
        }
    }

    /// Set the local `rec` to the pointer of item `i` (first <= i < last).
    fn item(&mut self, items: &Items, i: u32, rec: u32) {
        match items.list {
            Some(list) => {
                self.i().local_get(list).local_get(i).i32_const(POINTER as i32).i32_mul().i32_add().i32_load(m(LIST_ITEMS, 2));
            }
            // The stack may have moved since it was filled (nested walks grow it): its base is read each time.
            None => {
                self.i().global_get(G_IBASE).local_get(i).i32_const(POINTER as i32).i32_mul().i32_add().i32_load(m(0, 2));
            }
        }
        self.i().local_set(rec);
    }

    /// Give back the items stack's entries a walk used.
    fn release(&mut self, items: &Items) {
        if items.list.is_none() {
            self.i().local_get(items.first).global_set(G_ILEN);
        }
    }

    /// Push the records a list path reaches onto the items stack, breadth
    /// first; returns a local that is 1 when every list on the way was answered.
    fn collect(&mut self, walk: &Walk) -> u32 {
        let base = self.b.local(I32);
        let end = self.b.local(I32);
        let complete = self.bool_const(1);
        self.i().global_get(G_ILEN).local_set(base);
        self.rec_of(walk.from);
        self.i().call(H_PUSH_ITEM);
        for &(step, off) in &walk.steps {
            self.i()
                .global_get(G_ILEN)
                .local_set(end)
                .local_get(base)
                .local_get(end)
                .i32_const(off as i32)
                .i32_const(step as i32)
                .call(H_COLLECT_STEP)
                .local_get(complete)
                .i32_and()
                .local_set(complete);
            self.i().local_get(base).local_get(end).call(H_DRAIN_ITEMS);
        }
        complete
    }

    fn quant(&mut self, kind: QuantKind, walk: &Walk, cond: &Node) -> CV {
        let start = self.b.local(I32);
        let mark = self.b.local(I32);
        let i = self.b.local(I32);
        let rec = self.b.local(I32);
        let res = self.bool_const(-1);
        let unk = self.b.local(I32);
        let items = self.reach(walk);
        let (first, last) = (items.first, items.last);
        self.i().global_get(G_FLEN).local_set(start);
        self.i().local_get(items.complete).i32_eqz().local_set(unk).local_get(first).local_set(i);
        self.i().block(BlockType::Empty).loop_(BlockType::Empty);
        self.i().local_get(i).local_get(last).i32_ge_u().br_if(1);
        self.item(&items, i, rec);
        self.i().global_get(G_FLEN).local_set(mark);
        self.vars.push(rec);
        let v = self.expr(cond);
        self.vars.pop();
        let v = self.as_bool(v);
        let (decisive, result) = match kind {
            QuantKind::Any => (1, 1),
            QuantKind::No => (1, 0),
            QuantKind::All => (0, 0),
        };
        // The item that decides: only its reasons are kept.
        self.i()
            .local_get(v)
            .i32_const(decisive)
            .i32_eq()
            .if_(BlockType::Empty)
            .local_get(start)
            .local_get(mark)
            .call(H_DRAIN_FACTS)
            .i32_const(result)
            .local_set(res)
            .br(2)
            .end();
        if kind == QuantKind::All {
            // Every item that holds keeps its reasons: together they are why "all" holds.
            self.i()
                .local_get(v)
                .i32_const(2)
                .i32_eq()
                .if_(BlockType::Empty)
                .local_get(mark)
                .global_set(G_FLEN)
                .i32_const(1)
                .local_set(unk)
                .end();
        } else {
            self.i().local_get(mark).global_set(G_FLEN);
            self.i().local_get(v).i32_const(2).i32_eq().if_(BlockType::Empty).i32_const(1).local_set(unk).end();
        }
        self.i().local_get(i).i32_const(1).i32_add().local_set(i).br(0).end().end();
        self.release(&items);
        let otherwise = (kind != QuantKind::Any) as i32;
        self.i()
            .local_get(res)
            .i32_const(-1)
            .i32_eq()
            .if_(BlockType::Empty)
            .i32_const(2)
            .i32_const(otherwise)
            .local_get(unk)
            .select()
            .local_set(res)
            .end();
        CV::B(res)
    }

    fn count(&mut self, walk: &Walk, cond: Option<&Node>, reason: Option<FieldId>) -> CV {
        let mark = self.b.local(I32);
        let i = self.b.local(I32);
        let rec = self.b.local(I32);
        let out = self.new_cv(K::N);
        let CV::N(k, yes, hi) = out else { unreachable!() };
        let maybe = self.b.local(F64);
        self.i().f64_const(0f64.into()).local_tee(yes).local_set(maybe);
        let items = self.reach(walk);
        let (first, last, complete) = (items.first, items.last, items.complete);
        match cond {
            None => {
                self.i().local_get(last).local_get(first).i32_sub().f64_convert_i32_u().local_set(yes);
            }
            Some(c) => {
                self.i().local_get(first).local_set(i).block(BlockType::Empty).loop_(BlockType::Empty);
                self.i().local_get(i).local_get(last).i32_ge_u().br_if(1);
                self.item(&items, i, rec);
                self.i().global_get(G_FLEN).local_set(mark);
                self.vars.push(rec);
                let v = self.expr(c);
                self.vars.pop();
                let v = self.as_bool(v);
                self.i()
                    .local_get(v)
                    .i32_const(1)
                    .i32_eq()
                    .if_(BlockType::Empty)
                    .local_get(yes)
                    .f64_const(1f64.into())
                    .f64_add()
                    .local_set(yes)
                    .else_()
                    .local_get(mark)
                    .global_set(G_FLEN)
                    .end();
                self.i()
                    .local_get(v)
                    .i32_const(2)
                    .i32_eq()
                    .if_(BlockType::Empty)
                    .local_get(maybe)
                    .f64_const(1f64.into())
                    .f64_add()
                    .local_set(maybe)
                    .end();
                self.i().local_get(i).i32_const(1).i32_add().local_set(i).br(0).end().end();
            }
        }
        self.release(&items);
        if let Some(step) = reason {
            // `number of children`: the count itself is the reason.
            self.i().local_get(complete).if_(BlockType::Empty).i32_const(step as i32);
            self.rec_of(walk.from);
            self.i()
                .i32_load(m(REC_INDEX, 2))
                .i32_const(TAG_NUM as i32)
                .local_get(yes)
                .i64_reinterpret_f64()
                .local_get(yes)
                .i64_reinterpret_f64()
                .call(H_PUSH_FACT)
                .end();
        }
        self.i()
            .i32_const(1)
            .local_set(k)
            .local_get(yes)
            .local_get(maybe)
            .f64_add()
            .f64_const(f64::INFINITY.into())
            .local_get(complete)
            .select()
            .local_set(hi);
        out
    }
}
