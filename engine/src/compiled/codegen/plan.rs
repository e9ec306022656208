//! The plan: a checked `Program` with every decision that does not depend on
//! Wasm made and written down, between the checker and the emitter
//! (`lower`). Here, and nowhere later:
//! - the kind of every answer read and of every definition (from the checker's types);
//! - where each answer sits in its record (the slot offset of `layout`);
//! - where each text literal and phrase sits in the module's data, and its id;
//! - which reasons each construct keeps (named in the node: `Or` keeps those
//!   of the branch that holds, `Answered` turns unanswered questions into
//!   reasons, a labelled definition shows as one worked-out answer, `number
//!   of` is its own reason);
//! - the functions, in their order in the module.
//!
//! `print` writes the plan as an indented listing (`screen build --plan`), so
//! that a snapshot test pins what the compiler decided.

use super::kinds::{def_kinds, field_kind, K};
use crate::compiled::layout::{text_descriptor, LITERAL, SLOT};
use crate::dates::Day;
use crate::program::{Base, CExpr, Cmp, FieldId, ListPath, Lit, Program};
use crate::syntax::ast::{ArithOp, Direction, QuantKind, Unit};
use std::collections::HashMap;
use std::fmt::Write;

/// Where the module's own data (text literals, phrases) starts; 0..16 stays
/// empty so that pointer 0 can mean "no text".
pub(super) const DATA_START: u32 = 16;

/// A compiled rule set before it is code.
pub(super) struct Plan {
    /// One function for each definition, then each rule, then each floor.
    pub defs: Vec<Func>,
    pub conditions: Vec<Func>,
    pub data: Data,
}

pub(super) struct Func {
    /// The rule's or floor's id, or the definition's name, for the listing.
    pub name: String,
    pub kind: K,
    /// A definition worked out for each record of its kind gets that record.
    pub own_record: bool,
    /// A labelled definition is shown as one worked-out answer: its reasons
    /// are replaced by its value, as definition `d`.
    pub shown_as: Option<usize>,
    pub body: Node,
}

/// A list walk: from a record, through list fields (every step but the last flattens).
pub(super) struct Walk {
    pub from: Base,
    /// Each list field stepped through, and its slot offset.
    pub steps: Vec<(FieldId, u32)>,
}

pub(super) enum Node {
    Bool(bool),
    Num(f64),
    Date(Day),
    Choice(u32),
    /// A text literal: the address of its descriptor in the module's data.
    Text {
        at: u32,
        id: u32,
    },
    Today,
    /// An answer: its reason when given, else its question.
    Read {
        from: Base,
        field: FieldId,
        slot: u32,
        kind: K,
    },
    /// A definition, worked out for the record `from` when it has one.
    Call {
        def: usize,
        from: Base,
        kind: K,
    },
    /// Yes when every part is; the reasons of every part are kept.
    And(Vec<Node>),
    /// Yes when one part is; only the reasons of the part that holds are kept.
    Or(Vec<Node>),
    Not(Box<Node>),
    Compare(Cmp, Box<Node>, Box<Node>),
    OneOf {
        value: Box<Node>,
        options: Vec<Node>,
        negate: bool,
    },
    /// Whether a value is known; the questions it needed become its reasons.
    Answered(Box<Node>),
    /// Whether every list on a walk was answered; the same.
    ListAnswered(Walk),
    Within {
        value: Box<Node>,
        amount: i64,
        unit: Unit,
        dir: Direction,
        other: Box<Node>,
    },
    /// The phrases by (address, length, id); the one found is named on the answer's reason.
    Contains {
        text: Box<Node>,
        phrases: Vec<(u32, u32, u32)>,
        negate: bool,
    },
    /// An option the form did not ask is unknown, and its question needed.
    Includes {
        value: Box<Node>,
        mask: u64,
        any: bool,
        negate: bool,
    },
    Arith(ArithOp, Box<Node>, Box<Node>),
    Between {
        unit: Unit,
        from: Box<Node>,
        to: Box<Node>,
    },
    /// The item that decides keeps its reasons (for `all`, every item that holds).
    Quant {
        kind: QuantKind,
        walk: Walk,
        cond: Box<Node>,
    },
    /// The items that hold keep their reasons; `number of` a list of the
    /// form's (one step, no condition) is its own reason, as that list field.
    Count {
        walk: Walk,
        cond: Option<Box<Node>>,
        reason: Option<FieldId>,
    },
}

/// The rule set's data: text literals and phrases, laid out from `DATA_START`.
#[derive(Default)]
pub(super) struct Data {
    pub bytes: Vec<u8>,
    pub texts: Vec<String>,
    text_at: HashMap<String, (u32, u32)>,
    pub phrases: Vec<String>,
    phrase_at: HashMap<String, (u32, u32)>,
}

impl Data {
    fn addr(&self) -> u32 {
        DATA_START + self.bytes.len() as u32
    }
    /// (address, id) of a text literal's descriptor.
    fn text(&mut self, t: &str) -> (u32, u32) {
        if let Some(&x) = self.text_at.get(t) {
            return x;
        }
        let x = (self.addr(), self.texts.len() as u32);
        text_descriptor(&mut self.bytes, x.0, LITERAL | x.1, t);
        self.texts.push(t.to_string());
        self.text_at.insert(t.to_string(), x);
        x
    }
    /// (address, id) of a phrase.
    fn phrase(&mut self, p: &str) -> (u32, u32) {
        if let Some(&x) = self.phrase_at.get(p) {
            return x;
        }
        let x = (self.addr(), self.phrases.len() as u32);
        self.bytes.extend_from_slice(p.as_bytes());
        self.phrases.push(p.to_string());
        self.phrase_at.insert(p.to_string(), x);
        x
    }
}

/// The plan of a checked program.
pub(super) fn plan(p: &Program) -> Plan {
    let mut planner = Planner { p, kinds: def_kinds(p), data: Data::default() };
    let defs = p
        .defs_as()
        .enumerate()
        .map(|(d, (def, expr))| Func {
            name: p
                .schema
                .records
                .get(def.record.unwrap_or(0))
                .filter(|r| !r.item.is_empty())
                .map_or(def.name.clone(), |r| format!("{}.{}", r.item, def.name)),
            kind: planner.kinds[d],
            own_record: def.record.is_some(),
            shown_as: def.label.is_some().then_some(d),
            body: planner.node(expr),
        })
        .collect();
    let rules = p.rules_when().map(|(r, when)| (r.id.clone(), when));
    let floors = p.floors_when().map(|(f, when)| (f.id.clone(), when));
    let conditions = rules
        .chain(floors)
        .map(|(name, when)| Func { name, kind: K::B, own_record: false, shown_as: None, body: planner.node(when) })
        .collect();
    Plan { defs, conditions, data: planner.data }
}

struct Planner<'p> {
    p: &'p Program,
    kinds: Vec<K>,
    data: Data,
}

impl Planner<'_> {
    fn boxed(&mut self, e: &CExpr) -> Box<Node> {
        Box::new(self.node(e))
    }

    fn walk(&self, lp: &ListPath) -> Walk {
        Walk { from: lp.base, steps: lp.steps.iter().map(|&f| (f, self.slot(f))).collect() }
    }

    fn slot(&self, field: FieldId) -> u32 {
        self.p.schema.fields[field].slot as u32 * SLOT
    }

    /// Children are planned in the order the code reads them, so the data is laid out in that order.
    fn node(&mut self, e: &CExpr) -> Node {
        match e {
            CExpr::Lit(l) => match l {
                Lit::Bool(b) => Node::Bool(*b),
                Lit::Num(n) => Node::Num(*n),
                Lit::Text(t) => {
                    let (at, id) = self.data.text(t);
                    Node::Text { at, id }
                }
                Lit::Date(d) => Node::Date(*d),
                Lit::Choice(c) => Node::Choice(*c),
            },
            CExpr::Today => Node::Today,
            CExpr::Field { base, field } => {
                Node::Read { from: *base, field: *field, slot: self.slot(*field), kind: field_kind(&self.p.schema.fields[*field].ty) }
            }
            CExpr::Def { def, base } => Node::Call { def: *def, from: *base, kind: self.kinds[*def] },
            CExpr::And(parts) => Node::And(parts.iter().map(|x| self.node(x)).collect()),
            CExpr::Or(parts) => Node::Or(parts.iter().map(|x| self.node(x)).collect()),
            CExpr::Not(x) => Node::Not(self.boxed(x)),
            CExpr::Compare(op, a, b) => Node::Compare(*op, self.boxed(a), self.boxed(b)),
            CExpr::OneOf { value, options, negate } => {
                Node::OneOf { value: self.boxed(value), options: options.iter().map(|x| self.node(x)).collect(), negate: *negate }
            }
            CExpr::Answered(inner) => match &**inner {
                CExpr::Count { list, cond: None } => Node::ListAnswered(self.walk(list)),
                other => Node::Answered(self.boxed(other)),
            },
            CExpr::Within { value, amount, unit, dir, other } => {
                Node::Within { value: self.boxed(value), amount: *amount, unit: *unit, dir: *dir, other: self.boxed(other) }
            }
            CExpr::Contains { text, phrases, negate } => {
                let text = self.boxed(text);
                let phrases = phrases
                    .iter()
                    .map(|ph| {
                        let (at, id) = self.data.phrase(ph);
                        (at, ph.len() as u32, id)
                    })
                    .collect();
                Node::Contains { text, phrases, negate: *negate }
            }
            CExpr::Includes { value, mask, any, negate } => {
                Node::Includes { value: self.boxed(value), mask: *mask, any: *any, negate: *negate }
            }
            CExpr::Arith(op, a, b) => Node::Arith(*op, self.boxed(a), self.boxed(b)),
            CExpr::Between { unit, from, to } => Node::Between { unit: *unit, from: self.boxed(from), to: self.boxed(to) },
            CExpr::Quant { kind, list, cond } => Node::Quant { kind: *kind, walk: self.walk(list), cond: self.boxed(cond) },
            CExpr::Count { list, cond } => {
                let reason = match (cond, list.steps.as_slice()) {
                    (None, [step]) => Some(*step),
                    _ => None,
                };
                Node::Count { walk: self.walk(list), cond: cond.as_ref().map(|c| self.boxed(c)), reason }
            }
        }
    }
}

// ---- the listing ----

fn kind_name(k: K) -> &'static str {
    match k {
        K::B => "yes/no",
        K::N => "number",
        K::T => "text",
        K::D => "date",
        K::C => "option",
        K::S => "options",
    }
}

fn cmp_name(op: Cmp) -> &'static str {
    match op {
        Cmp::Eq => "=",
        Cmp::Ne => "!=",
        Cmp::Lt => "<",
        Cmp::Le => "<=",
        Cmp::Gt => ">",
        Cmp::Ge => ">=",
    }
}

/// The plan as an indented listing, one node a line.
pub(super) fn print(p: &Program, plan: &Plan) -> String {
    let mut out = String::new();
    let pr = Printer { p, data: &plan.data };
    for (d, f) in plan.defs.iter().enumerate() {
        let mut head = format!("definition {d} {} -> {}", f.name, kind_name(f.kind));
        if f.own_record {
            head += ", for its record (item 0)";
        }
        if f.shown_as.is_some() {
            head += ", shown as one worked-out answer";
        }
        let _ = writeln!(out, "{head}");
        pr.node(&mut out, &f.body, 1);
    }
    let rules = p.rules.len();
    for (i, f) in plan.conditions.iter().enumerate() {
        let what = if i < rules { "rule" } else { "floor" };
        let _ = writeln!(out, "{what} {} -> {}", f.name, kind_name(f.kind));
        pr.node(&mut out, &f.body, 1);
    }
    let _ = writeln!(
        out,
        "data: {} bytes from {DATA_START}: {} texts, {} phrases",
        plan.data.bytes.len(),
        plan.data.texts.len(),
        plan.data.phrases.len()
    );
    out
}

struct Printer<'p> {
    p: &'p Program,
    data: &'p Data,
}

impl Printer<'_> {
    fn from(&self, b: Base) -> String {
        match b {
            Base::Form => "the form".into(),
            Base::Var(k) => format!("item {k}"),
        }
    }

    fn field(&self, f: FieldId) -> &str {
        self.p.schema.fields.get(f).map_or("?", |f| f.name.as_str())
    }

    fn walk(&self, w: &Walk) -> String {
        let steps: Vec<String> = w.steps.iter().map(|&(f, slot)| format!("{} (slot +{slot})", self.field(f))).collect();
        format!("{} / {}", self.from(w.from), steps.join(" / "))
    }

    fn line(out: &mut String, depth: usize, text: &str) {
        let _ = writeln!(out, "{}{text}", "  ".repeat(depth));
    }

    fn all(&self, out: &mut String, nodes: &[Node], depth: usize) {
        for n in nodes {
            self.node(out, n, depth);
        }
    }

    fn node(&self, out: &mut String, n: &Node, depth: usize) {
        let d = depth + 1;
        match n {
            Node::Bool(b) => Self::line(out, depth, if *b { "yes" } else { "no" }),
            Node::Num(x) => Self::line(out, depth, &format!("number {x}")),
            Node::Date(day) => Self::line(out, depth, &format!("date {day}")),
            Node::Choice(c) => Self::line(out, depth, &format!("option {c}")),
            Node::Text { at, id } => {
                let words = self.data.texts.get(*id as usize).map_or("?", String::as_str);
                Self::line(out, depth, &format!("text {words:?} (literal {id} at {at})"))
            }
            Node::Today => Self::line(out, depth, "today"),
            Node::Read { from, field, slot, kind } => Self::line(
                out,
                depth,
                &format!("read {} of {} at slot +{slot} -> {}", self.field(*field), self.from(*from), kind_name(*kind)),
            ),
            Node::Call { def, from, kind } => {
                Self::line(out, depth, &format!("call definition {def} for {} -> {}", self.from(*from), kind_name(*kind)))
            }
            Node::And(parts) => {
                Self::line(out, depth, "and, keeping every part's reasons");
                self.all(out, parts, d);
            }
            Node::Or(parts) => {
                Self::line(out, depth, "or, keeping the reasons of the part that holds");
                self.all(out, parts, d);
            }
            Node::Not(x) => {
                Self::line(out, depth, "not");
                self.node(out, x, d);
            }
            Node::Compare(op, a, b) => {
                Self::line(out, depth, &format!("compare {}", cmp_name(*op)));
                self.node(out, a, d);
                self.node(out, b, d);
            }
            Node::OneOf { value, options, negate } => {
                Self::line(out, depth, if *negate { "not one of" } else { "one of" });
                self.node(out, value, d);
                self.all(out, options, d);
            }
            Node::Answered(x) => {
                Self::line(out, depth, "answered, its questions as reasons");
                self.node(out, x, d);
            }
            Node::ListAnswered(w) => Self::line(out, depth, &format!("answered walk {}, its questions as reasons", self.walk(w))),
            Node::Within { value, amount, unit, dir, other } => {
                Self::line(out, depth, &format!("within {amount} {unit:?} {dir:?}").to_lowercase());
                self.node(out, value, d);
                self.node(out, other, d);
            }
            Node::Contains { text, phrases, negate } => {
                let ids: Vec<String> = phrases
                    .iter()
                    .map(|&(at, len, id)| {
                        let words = self.data.phrases.get(id as usize).map_or("?", String::as_str);
                        format!("{words:?} ({id} at {at}, {len} bytes)")
                    })
                    .collect();
                let what = if *negate { "does not contain" } else { "contains" };
                Self::line(out, depth, &format!("{what} one of [{}], the one found named on the reason", ids.join(", ")));
                self.node(out, text, d);
            }
            Node::Includes { value, mask, any, negate } => {
                let what = match (any, negate) {
                    (true, false) => "includes any of",
                    (true, true) => "includes none of",
                    (false, false) => "includes all of",
                    (false, true) => "does not include all of",
                };
                Self::line(out, depth, &format!("{what} options {mask:#x}, an option not asked needed"));
                self.node(out, value, d);
            }
            Node::Arith(op, a, b) => {
                Self::line(out, depth, &format!("{op:?}").to_lowercase());
                self.node(out, a, d);
                self.node(out, b, d);
            }
            Node::Between { unit, from, to } => {
                Self::line(out, depth, &format!("{unit:?} between").to_lowercase());
                self.node(out, from, d);
                self.node(out, to, d);
            }
            Node::Quant { kind, walk, cond } => {
                let keeps = match kind {
                    QuantKind::All => "keeping the reasons of every item",
                    _ => "keeping the reasons of the item that decides",
                };
                Self::line(out, depth, &format!("{} item in walk {}, {keeps}", format!("{kind:?}").to_lowercase(), self.walk(walk)));
                self.node(out, cond, d);
            }
            Node::Count { walk, cond, reason } => {
                let mut head = format!("count walk {}", self.walk(walk));
                if cond.is_some() {
                    head += ", keeping the reasons of the items that hold";
                }
                if let Some(f) = reason {
                    head += &format!(", the count itself the reason as {}", self.field(*f));
                }
                Self::line(out, depth, &head);
                if let Some(c) = cond {
                    self.node(out, c, d);
                }
            }
        }
    }
}
