//! Stage 3: evaluate a compiled program against one form, in three-valued
//! logic. An unanswered field is unknown, never 0 or "": a rule that depends
//! on it is *undecided*, and we record which answers would decide it.

pub mod decide;
pub mod explain;
pub mod screened;

use crate::dates::Day;
use crate::form::{FormData, Record, Val};
use crate::program::*;
use crate::syntax::ast::{ArithOp, Direction, QuantKind, Unit};

/// Where a record sits in the form: the list fields and item numbers that lead to it.
/// Nesting is capped by the checker, so a fixed array does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Loc {
    pub steps: [(u16, u16); MAX_RECORD_DEPTH],
    pub len: u8,
}

pub const MAX_RECORD_DEPTH: usize = crate::limits::MAX_LIST_NESTING;

impl Loc {
    pub(crate) fn push(mut self, field: FieldId, index: usize) -> Loc {
        if (self.len as usize) < MAX_RECORD_DEPTH {
            self.steps[self.len as usize] = (field as u16, index as u16);
            self.len += 1;
        }
        self
    }
    pub fn steps(&self) -> &[(u16, u16)] {
        &self.steps[..self.len as usize]
    }
}

/// A value while evaluating. Numbers are ranges so that a count over a partly
/// answered list can still decide "at least 3" once three items are known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum V<'a> {
    Unknown,
    Bool(bool),
    Num(f64, f64),
    Text(&'a str),
    Date(Day),
    Choice(u32),
    /// Ticked and asked options (see `form::Val::Choices`).
    Choices {
        ticked: u64,
        asked: u64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    Field(FieldId),
    Def(usize),
}

/// An answer (or worked-out value) that a result rests on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RawFact<'a> {
    pub target: Target,
    pub loc: Loc,
    pub value: V<'a>,
    /// For text: the phrase that was found.
    pub matched: Option<&'a str>,
}

/// An unanswered question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RawNeed {
    pub field: FieldId,
    pub loc: Loc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Fired,
    NotFired,
    Undecided,
}

/// A rule's result; its reasons and needs are ranges into the evaluation's lists.
#[derive(Debug, Clone)]
pub struct RuleResult {
    pub status: Status,
    pub facts: std::ops::Range<usize>,
    pub needs: std::ops::Range<usize>,
}

/// Everything evaluation found, before it is put into words. `'p` is the
/// rule set's lifetime, which the outcome borrows its words from; `'a` the
/// form's, which may be shorter (the outcome copies what it shows of the form).
pub struct Evaluation<'a, 'p: 'a> {
    /// What deciding and explaining read: everything but the conditions.
    pub program: &'p Declarations,
    pub form: &'a FormData,
    pub date: Day,
    pub rules: Vec<RuleResult>,
    pub floors: Vec<RuleResult>,
    pub facts: Vec<RawFact<'a>>,
    pub needs: Vec<RawNeed>,
}

pub fn evaluate<'a, 'p: 'a>(program: &'p Program, form: &'a FormData, date: Day) -> Evaluation<'a, 'p> {
    evaluate_watching(program, form, date, Unwatched).0
}

/// What a separate pass sees of every part of every condition as it is
/// worked out: the part and its value (three-valued: `V::Unknown` is neither
/// true nor false). Coverage of a rule file's tests watches; screening a
/// referral does not (`Unwatched`, whose `ON` is false, so the compiler
/// leaves the watching out of `evaluate` altogether).
pub trait Watch {
    const ON: bool;
    fn seen(&mut self, part: &CExpr, value: V<'_>);
}

/// No watching: what `evaluate` uses.
pub struct Unwatched;

impl Watch for Unwatched {
    const ON: bool = false;
    #[inline(always)]
    fn seen(&mut self, _: &CExpr, _: V<'_>) {}
}

/// [`evaluate`], telling `watch` the value of each part of each condition
/// it works out. A definition is worked out once per form (and list item),
/// however many rules read it; a part that `and` or `or` does not need is
/// not worked out, so not seen.
pub fn evaluate_watching<'a, 'p: 'a, W: Watch>(program: &'p Program, form: &'a FormData, date: Day, watch: W) -> (Evaluation<'a, 'p>, W) {
    let mut ev = Ev {
        watch,
        p: program,
        today: date,
        // Sized for a typical referral up front: growing these one doubling at a
        // time was a tenth of the evaluation's work.
        vars: Vec::with_capacity(8),
        facts: Vec::with_capacity(64),
        needs: Vec::with_capacity(64),
        root: &form.root,
        items: Vec::with_capacity(64),
        cache: Vec::with_capacity(program.defs.len() * 4),
        cache_facts: Vec::with_capacity(64),
        cache_needs: Vec::with_capacity(64),
        out_facts: Vec::with_capacity(128),
        out_needs: Vec::with_capacity(256),
    };
    let rules = program.conditions.rules.iter().map(|when| ev.decide(when)).collect();
    let floors = program.conditions.floors.iter().map(|when| ev.decide(when)).collect();
    (Evaluation { program: &program.declarations, form, date, rules, floors, facts: ev.out_facts, needs: ev.out_needs }, ev.watch)
}

struct Ev<'a, W: Watch> {
    watch: W,
    p: &'a Program,
    today: Day,
    root: &'a Record,
    vars: Vec<(&'a Record, Loc)>,
    facts: Vec<RawFact<'a>>,
    needs: Vec<RawNeed>,
    /// List items being walked, as a stack: each walk appends its items and
    /// truncates back when done, so nested walks share one allocation.
    items: Vec<(&'a Record, Loc)>,
    /// Definitions already worked out for this form (they depend on nothing else),
    /// with the reasons and unanswered questions they produced.
    cache: Vec<Cached<'a>>,
    cache_facts: Vec<RawFact<'a>>,
    cache_needs: Vec<RawNeed>,
    /// Every decided rule's reasons and needs, one after another.
    out_facts: Vec<RawFact<'a>>,
    out_needs: Vec<RawNeed>,
}

struct Cached<'a> {
    def: usize,
    loc: Loc,
    value: V<'a>,
    facts: std::ops::Range<usize>,
    needs: std::ops::Range<usize>,
}

impl<'a, W: Watch> Ev<'a, W> {
    fn decide(&mut self, cond: &'a CExpr) -> RuleResult {
        self.facts.clear();
        self.needs.clear();
        self.vars.clear();
        let v = self.eval(cond);
        let status = match v {
            V::Bool(true) => Status::Fired,
            V::Bool(false) => Status::NotFired,
            _ => Status::Undecided,
        };
        let fact_start = self.out_facts.len();
        if status == Status::Fired {
            for f in self.facts.drain(..) {
                match self.out_facts[fact_start..].iter_mut().find(|o| o.target == f.target && o.loc == f.loc) {
                    Some(o) => {
                        if o.matched.is_none() {
                            o.matched = f.matched;
                        }
                    }
                    None => self.out_facts.push(f),
                }
            }
        }
        let need_start = self.out_needs.len();
        if status == Status::Undecided {
            for n in self.needs.drain(..) {
                if !self.out_needs[need_start..].contains(&n) {
                    self.out_needs.push(n);
                }
            }
        }
        RuleResult { status, facts: fact_start..self.out_facts.len(), needs: need_start..self.out_needs.len() }
    }

    fn record_of(&self, base: Base) -> (&'a Record, Loc) {
        match base {
            Base::Form => (self.root, Loc::default()),
            Base::Var(k) => self.vars.get(k).copied().unwrap_or((self.root, Loc::default())),
        }
    }

    fn read(&mut self, base: Base, field: FieldId) -> V<'a> {
        let (rec, loc) = self.record_of(base);
        let slot = self.p.schema.fields[field].slot;
        let v = match rec.vals.get(slot) {
            None | Some(Val::Missing) => {
                self.needs.push(RawNeed { field, loc });
                return V::Unknown;
            }
            Some(Val::Bool(b)) => V::Bool(*b),
            Some(Val::Num(n)) => V::Num(*n, *n),
            Some(Val::Text { words, .. }) => V::Text(words.as_str()),
            Some(Val::Date(d)) => V::Date(*d),
            Some(Val::Choice(c)) => V::Choice(*c),
            Some(Val::Choices { ticked, asked }) => V::Choices { ticked: *ticked, asked: *asked },
            Some(Val::List(items)) => V::Num(items.len() as f64, items.len() as f64),
        };
        self.facts.push(RawFact { target: Target::Field(field), loc, value: v, matched: None });
        v
    }

    fn def(&mut self, d: usize, base: Base) -> V<'a> {
        let def = &self.p.defs[d];
        let (rec, loc) = self.record_of(base);
        if let Some(c) = self.cache.iter().find(|c| c.def == d && c.loc == loc) {
            self.facts.extend_from_slice(&self.cache_facts[c.facts.clone()]);
            self.needs.extend_from_slice(&self.cache_needs[c.needs.clone()]);
            return c.value;
        }
        let (fact_mark, need_mark) = (self.facts.len(), self.needs.len());
        let v = self.def_uncached(d, def, rec, loc);
        let (fs, ns) = (self.cache_facts.len(), self.cache_needs.len());
        self.cache_facts.extend_from_slice(&self.facts[fact_mark..]);
        self.cache_needs.extend_from_slice(&self.needs[need_mark..]);
        self.cache.push(Cached { def: d, loc, value: v, facts: fs..self.cache_facts.len(), needs: ns..self.cache_needs.len() });
        v
    }

    fn def_uncached(&mut self, d: usize, def: &'a DefDef, rec: &'a Record, loc: Loc) -> V<'a> {
        // A definition sees only its own record, whatever is bound around the use.
        let saved = std::mem::take(&mut self.vars);
        if def.record.is_some() {
            self.vars.push((rec, loc));
        }
        let mark = self.facts.len();
        let v = match self.p.conditions.defs.get(d) {
            Some(expr) => self.eval(expr),
            None => V::Unknown,
        };
        self.vars = saved;
        if def.label.is_some() {
            // A labelled definition is shown as one worked-out answer ("Age: 14").
            self.facts.truncate(mark);
            if v != V::Unknown {
                self.facts.push(RawFact { target: Target::Def(d), loc, value: v, matched: None });
            }
        }
        v
    }

    #[inline(always)]
    fn eval(&mut self, e: &'a CExpr) -> V<'a> {
        let v = self.eval_part(e);
        if W::ON {
            self.watch.seen(e, v);
        }
        v
    }

    fn eval_part(&mut self, e: &'a CExpr) -> V<'a> {
        match e {
            CExpr::Lit(l) => match l {
                Lit::Bool(b) => V::Bool(*b),
                Lit::Num(n) => V::Num(*n, *n),
                Lit::Text(t) => V::Text(t.as_str()),
                Lit::Date(d) => V::Date(*d),
                Lit::Choice(c) => V::Choice(*c),
            },
            CExpr::Today => V::Date(self.today),
            CExpr::Field { base, field } => self.read(*base, *field),
            CExpr::Def { def, base } => self.def(*def, *base),
            CExpr::And(parts) => {
                let mut unknown = false;
                for p in parts {
                    match self.eval(p) {
                        V::Bool(true) => {}
                        V::Bool(false) => return V::Bool(false),
                        _ => unknown = true,
                    }
                }
                if unknown {
                    V::Unknown
                } else {
                    V::Bool(true)
                }
            }
            CExpr::Or(parts) => {
                let start = self.facts.len();
                let mut unknown = false;
                for p in parts {
                    let mark = self.facts.len();
                    match self.eval(p) {
                        V::Bool(true) => {
                            // Keep only the reasons of the branch that holds.
                            self.facts.drain(start..mark);
                            return V::Bool(true);
                        }
                        V::Bool(false) => self.facts.truncate(mark),
                        _ => {
                            self.facts.truncate(mark);
                            unknown = true
                        }
                    }
                }
                if unknown {
                    V::Unknown
                } else {
                    V::Bool(false)
                }
            }
            CExpr::Not(inner) => match self.eval(inner) {
                V::Bool(b) => V::Bool(!b),
                _ => V::Unknown,
            },
            CExpr::Compare(op, a, b) => {
                let x = self.eval(a);
                let y = self.eval(b);
                compare(*op, x, y)
            }
            CExpr::OneOf { value, options, negate } => {
                let x = self.eval(value);
                if x == V::Unknown {
                    return V::Unknown;
                }
                let mut unknown = false;
                for o in options {
                    match compare(Cmp::Eq, x, self.eval(o)) {
                        V::Bool(true) => return V::Bool(!negate),
                        V::Bool(false) => {}
                        _ => unknown = true,
                    }
                }
                if unknown {
                    V::Unknown
                } else {
                    V::Bool(*negate)
                }
            }
            CExpr::Answered(inner) => {
                let needs = self.needs.len();
                let v = match &**inner {
                    CExpr::Count { list, cond: None } => {
                        let first = self.items.len();
                        let complete = self.collect(list);
                        self.items.truncate(first);
                        V::Bool(complete)
                    }
                    other => V::Bool(self.eval(other) != V::Unknown),
                };
                // An unanswered question is itself the reason: keep it as a fact.
                for n in needs..self.needs.len() {
                    let RawNeed { field, loc } = self.needs[n];
                    self.facts.push(RawFact { target: Target::Field(field), loc, value: V::Unknown, matched: None });
                }
                // Whether it is answered is known either way: nothing is needed to decide it.
                self.needs.truncate(needs);
                v
            }
            CExpr::Within { value, amount, unit, dir, other } => {
                let (V::Date(v), V::Date(o)) = (self.eval(value), self.eval(other)) else {
                    return V::Unknown;
                };
                let back = shift(o, -amount, *unit);
                let fwd = shift(o, *amount, *unit);
                let ok = match dir {
                    Direction::Before => v >= back && v <= o,
                    Direction::After => v >= o && v <= fwd,
                    Direction::Either => v >= back && v <= fwd,
                };
                V::Bool(ok)
            }
            CExpr::Contains { text, phrases, negate } => {
                let mark = self.facts.len();
                let V::Text(t) = self.eval(text) else {
                    return V::Unknown;
                };
                let found = phrases.iter().find(|p| contains_words(t, p));
                if let (Some(p), Some(f)) = (found, self.facts.get_mut(mark)) {
                    f.matched = Some(p.as_str());
                }
                V::Bool(found.is_some() != *negate)
            }
            CExpr::Includes { value, mask, any, negate } => {
                let mark = self.facts.len();
                let V::Choices { ticked, asked } = self.eval(value) else {
                    return V::Unknown;
                };
                match includes(ticked, asked, *mask, *any) {
                    Some(hit) => V::Bool(hit != *negate),
                    None => {
                        // Only options the form never asked would decide it: the
                        // partly asked question is what is needed.
                        for i in mark..self.facts.len() {
                            if let RawFact { target: Target::Field(field), loc, value: V::Choices { .. }, .. } = self.facts[i] {
                                self.needs.push(RawNeed { field, loc });
                            }
                        }
                        V::Unknown
                    }
                }
            }
            CExpr::Arith(op, a, b) => {
                let (V::Num(al, ah), V::Num(bl, bh)) = (self.eval(a), self.eval(b)) else {
                    return V::Unknown;
                };
                let (lo, hi) = match op {
                    ArithOp::Add => (al + bl, ah + bh),
                    ArithOp::Sub => (al - bh, ah - bl),
                    ArithOp::Mul => {
                        let c = [al * bl, al * bh, ah * bl, ah * bh].map(|x| if x.is_nan() { 0.0 } else { x });
                        (c.iter().copied().fold(f64::INFINITY, f64::min), c.iter().copied().fold(f64::NEG_INFINITY, f64::max))
                    }
                };
                V::Num(lo, hi)
            }
            CExpr::Between { unit, from, to } => {
                let (V::Date(a), V::Date(b)) = (self.eval(from), self.eval(to)) else {
                    return V::Unknown;
                };
                let n = match unit {
                    Unit::Days => (b.0 - a.0) as i64,
                    Unit::Weeks => (b.0 - a.0) as i64 / 7,
                    Unit::Months => a.months_until(b),
                    Unit::Years => a.months_until(b) / 12,
                } as f64;
                V::Num(n, n)
            }
            CExpr::Quant { kind, list, cond } => {
                let first = self.items.len();
                let complete = self.collect(list);
                let last = self.items.len();
                let start = self.facts.len();
                let mut unknown = !complete;
                let mut result = None;
                for i in first..last {
                    let (rec, loc) = self.items[i];
                    self.vars.push((rec, loc));
                    let mark = self.facts.len();
                    let v = self.eval(cond);
                    self.vars.pop();
                    match (kind, v) {
                        (QuantKind::Any | QuantKind::No, V::Bool(true)) => {
                            self.facts.drain(start..mark);
                            result = Some(*kind == QuantKind::Any);
                            break;
                        }
                        (QuantKind::All, V::Bool(false)) => {
                            self.facts.drain(start..mark);
                            result = Some(false);
                            break;
                        }
                        (QuantKind::All, V::Bool(true)) => {}
                        (_, V::Bool(_)) => self.facts.truncate(mark),
                        _ => {
                            self.facts.truncate(mark);
                            unknown = true
                        }
                    }
                }
                self.items.truncate(first);
                match result {
                    Some(b) => V::Bool(b),
                    None if unknown => V::Unknown,
                    None => V::Bool(*kind != QuantKind::Any),
                }
            }
            CExpr::Count { list, cond } => {
                let first = self.items.len();
                let complete = self.collect(list);
                let last = self.items.len();
                let (mut yes, mut maybe) = (0f64, 0f64);
                for i in first..last {
                    let (rec, loc) = self.items[i];
                    match cond {
                        None => yes += 1.0,
                        Some(c) => {
                            self.vars.push((rec, loc));
                            let mark = self.facts.len();
                            let v = self.eval(c);
                            self.vars.pop();
                            match v {
                                V::Bool(true) => yes += 1.0,
                                V::Bool(false) => self.facts.truncate(mark),
                                _ => {
                                    self.facts.truncate(mark);
                                    maybe += 1.0
                                }
                            }
                        }
                    }
                }
                self.items.truncate(first);
                if let (None, true, [step]) = (cond, complete, lp_steps(list)) {
                    // `number of children`: the count itself is the reason.
                    let (_, loc) = self.record_of(list.base);
                    self.facts.push(RawFact { target: Target::Field(*step), loc, value: V::Num(yes, yes), matched: None });
                }
                let hi = if complete { yes + maybe } else { f64::INFINITY };
                V::Num(yes, hi)
            }
        }
    }

    /// Push the records a list path reaches onto `self.items`; true when every
    /// list on the way was answered.
    fn collect(&mut self, lp: &ListPath) -> bool {
        let (rec, loc) = self.record_of(lp.base);
        let base = self.items.len();
        self.items.push((rec, loc));
        let mut complete = true;
        for &step in &lp.steps {
            let slot = self.p.schema.fields[step].slot;
            let end = self.items.len();
            for i in base..end {
                let (r, l) = self.items[i];
                match r.vals.get(slot) {
                    Some(Val::List(items)) => self.items.extend(items.iter().enumerate().map(|(i, it)| (it, l.push(step, i)))),
                    _ => {
                        complete = false;
                        self.needs.push(RawNeed { field: step, loc: l });
                    }
                }
            }
            self.items.drain(base..end);
        }
        complete
    }
}

/// `includes` (any or all of `mask`) in three values: an option the form did
/// not ask is unknown, so "none ticked" says "no" only to the options asked.
/// `ticked` is within `asked`.
pub fn includes(ticked: u64, asked: u64, mask: u64, any: bool) -> Option<bool> {
    if any {
        if ticked & mask != 0 {
            Some(true)
        } else if mask & !asked == 0 {
            Some(false)
        } else {
            None
        }
    } else if ticked & mask == mask {
        Some(true)
    } else if mask & asked & !ticked != 0 {
        Some(false)
    } else {
        None
    }
}

fn lp_steps(lp: &ListPath) -> &[FieldId] {
    &lp.steps
}

/// A date moved on (or back, for a negative amount) by whole days, weeks, months or years, as `within` counts.
pub fn shift(d: Day, amount: i64, unit: Unit) -> Day {
    match unit {
        Unit::Days => Day((d.0 as i64 + amount).clamp(i32::MIN as i64 / 2, i32::MAX as i64 / 2) as i32),
        Unit::Weeks => Day((d.0 as i64 + amount * 7).clamp(i32::MIN as i64 / 2, i32::MAX as i64 / 2) as i32),
        Unit::Months => d.add_months(amount),
        Unit::Years => d.add_months(amount.saturating_mul(12)),
    }
}

/// Whole-word, case-insensitive phrase search: "risk" is not found in "risky".
pub fn contains_words(text: &str, phrase: &str) -> bool {
    if phrase.is_empty() {
        return false;
    }
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices(phrase) {
        let before_ok = text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let end = i + phrase.len();
        let after_ok = text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        let _ = bytes;
        if before_ok && after_ok {
            return true;
        }
    }
    false
}

fn compare(op: Cmp, x: V, y: V) -> V<'static> {
    use std::cmp::Ordering;
    let ord = |o: Ordering| -> V<'static> {
        V::Bool(match op {
            Cmp::Eq => o == Ordering::Equal,
            Cmp::Ne => o != Ordering::Equal,
            Cmp::Lt => o == Ordering::Less,
            Cmp::Le => o != Ordering::Greater,
            Cmp::Gt => o == Ordering::Greater,
            Cmp::Ge => o != Ordering::Less,
        })
    };
    match (x, y) {
        (V::Num(al, ah), V::Num(bl, bh)) => {
            // Decided only when every value in one range relates the same way to every value in the other.
            let all = match op {
                Cmp::Lt => ah < bl,
                Cmp::Le => ah <= bl,
                Cmp::Gt => al > bh,
                Cmp::Ge => al >= bh,
                Cmp::Eq => al == ah && bl == bh && al == bl,
                Cmp::Ne => ah < bl || al > bh,
            };
            let none = match op {
                Cmp::Lt => al >= bh,
                Cmp::Le => al > bh,
                Cmp::Gt => ah <= bl,
                Cmp::Ge => ah < bl,
                Cmp::Eq => ah < bl || al > bh,
                Cmp::Ne => al == ah && bl == bh && al == bl,
            };
            if all {
                V::Bool(true)
            } else if none {
                V::Bool(false)
            } else {
                V::Unknown
            }
        }
        (V::Date(a), V::Date(b)) => ord(a.cmp(&b)),
        (V::Bool(a), V::Bool(b)) => ord(if a == b { Ordering::Equal } else { Ordering::Less }),
        (V::Choice(a), V::Choice(b)) => ord(if a == b { Ordering::Equal } else { Ordering::Less }),
        (V::Text(a), V::Text(b)) => {
            let eq = a.trim().eq_ignore_ascii_case(b.trim()) || a.trim().to_lowercase() == b.trim().to_lowercase();
            ord(if eq { Ordering::Equal } else { Ordering::Less })
        }
        _ => V::Unknown,
    }
}
