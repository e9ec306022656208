//! Rules and floors, lowered with their conditions and effects.

use super::declare::Items;
use super::Checker;
use super::Set;
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::program::{CExpr, Effects, FieldId, FloorDef, RuleDef, Written};
use crate::syntax::ast::{self, Item, Span};

/// The rules and floors, each with its condition and that condition's parts
/// as written, and every rule and floor id in file order.
pub(super) type RulesAndFloors = (Vec<(RuleDef, CExpr, Vec<Written>)>, Vec<(FloorDef, CExpr, Vec<Written>)>, Vec<String>);

/// One rule's or floor's check, as its caller uses it.
#[derive(Clone)]
pub(super) enum Out {
    Rule(Option<(RuleDef, CExpr, Vec<Written>)>),
    Floor(Option<(FloorDef, CExpr, Vec<Written>)>),
}

/// A rule's or floor's check kept for the editor's next call (`Memo`): what
/// it gave and what it added to the checker's shared tables, with places
/// relative to where the item starts (its first byte and line). It is used
/// again for the same text, starting at the same column, while what rules
/// read (the declarations, scores and definitions) is unchanged: checking a
/// rule reads nothing else, and the passes over the whole file (duplicate
/// ids, policies, tests, lints) run on every call.
pub(super) struct Kept {
    text: Box<str>,
    column: usize,
    out: Out,
    diags: Vec<Diagnostic>,
    context: Option<usize>,
    titles: Vec<(Span, String, String)>,
    used_fields: Vec<FieldId>,
    used_options: Vec<(FieldId, usize)>,
    used_defs: Vec<usize>,
    reads: Vec<(FieldId, Span)>,
}

/// The kept check of the rule or floor written `text` from `column`, taken
/// out of the last call's (by rule or floor, in file order): first where it
/// was (the i-th) or one block on, or back, as after an edit, else anywhere.
fn take_kept(last: &mut [Option<Kept>], i: usize, text: &str, column: usize) -> Option<Kept> {
    let fits = |k: &Option<Kept>| k.as_ref().is_some_and(|k| k.column == column && *k.text == *text);
    let at = [i, i + 1, i.wrapping_sub(1)].into_iter().find(|&j| last.get(j).is_some_and(fits)).or_else(|| last.iter().position(fits))?;
    last[at].take()
}

/// Where an item starts: its first byte and its line.
#[derive(Clone, Copy)]
struct At {
    start: usize,
    line: usize,
}

/// A diagnostic's place moved by `by` bytes and `lines` lines (both wrap,
/// so one function moves a place to relative and back). The column stays:
/// a kept check is used only where its item starts at the same column.
pub(super) fn moved(mut d: Diagnostic, by: usize, lines: usize) -> Diagnostic {
    if let Location::Source(p) = &mut d.location {
        p.span = Span::new(p.span.start.wrapping_add(by), p.span.end.wrapping_add(by));
        p.line = p.line.wrapping_add(lines);
        p.end_line = p.end_line.wrapping_add(lines);
    }
    d
}

pub(super) fn moved_span(s: Span, by: usize) -> Span {
    Span::new(s.start.wrapping_add(by), s.end.wrapping_add(by))
}

pub(super) fn moved_written(mut w: Vec<Written>, lines: usize) -> Vec<Written> {
    for x in &mut w {
        x.line = x.line.wrapping_add(lines);
    }
    w
}

impl Out {
    fn moved(&self, lines: usize) -> Out {
        match self {
            Out::Rule(r) => Out::Rule(r.as_ref().map(|(d, c, w)| (d.clone(), c.clone(), moved_written(w.clone(), lines)))),
            Out::Floor(f) => Out::Floor(f.as_ref().map(|(d, c, w)| (d.clone(), c.clone(), moved_written(w.clone(), lines)))),
        }
    }
}

impl Checker<'_> {
    /// The rules and floors that compile, and every id written (for tests
    /// that name them). With `keep`, each one's check is taken from `kept`
    /// when it can be (see [`Kept`]), and every check is put in `kept` for
    /// the next call.
    pub(super) fn rules_and_floors(&mut self, items: &Items, kept: &mut Vec<Option<Kept>>, keep: bool) -> RulesAndFloors {
        let mut rules = Vec::new();
        let mut floors = Vec::new();
        let mut seen_ids = Set::default();
        let mut ids = Vec::new();
        let mut last = std::mem::take(kept);
        for (i, &(n, item)) in items.rules.iter().enumerate() {
            self.current_item = n;
            let (id, span) = match item {
                Item::Rule(r) => (&r.id, r.span),
                Item::Floor(f) => (&f.id, f.span),
                _ => continue,
            };
            if self.dup(&mut seen_ids, id, "rule or floor id") {
                ids.push(id.name.clone());
            }
            let out = if keep {
                let text = self.lines.text(span);
                let (line, column) = self.lines.line_col(span.start);
                let at = At { start: span.start, line };
                let (out, k) = match take_kept(&mut last, i, text, column) {
                    Some(k) => (self.replay(&k, n, at), Some(k)),
                    None => self.check_to_keep(n, item, at, span, text, column),
                };
                kept.push(k);
                out
            } else {
                self.rule_or_floor(n, item)
            };
            match out {
                Out::Rule(Some(r)) => rules.push(r),
                Out::Floor(Some(f)) => floors.push(f),
                _ => {}
            }
        }
        (rules, floors, ids)
    }

    /// What a kept check gave, placed where its item now starts.
    fn replay(&mut self, k: &Kept, n: usize, at: At) -> Out {
        self.diags.extend(k.diags.iter().map(|d| moved(d.clone(), at.start, at.line)));
        self.reads.extend(k.reads.iter().map(|&(f, s)| (n, f, moved_span(s, at.start))));
        self.titles.extend(k.titles.iter().map(|(s, message, help)| (moved_span(*s, at.start), message.clone(), help.clone())));
        self.used_fields.extend(k.used_fields.iter().copied());
        self.used_options.extend(k.used_options.iter().copied());
        self.used_defs.extend(k.used_defs.iter().copied());
        if let Some(c) = k.context {
            self.item_context.insert(n, c);
        }
        k.out.moved(at.line)
    }

    /// Check a rule or floor, and keep what it gave and added (relative to
    /// where it starts) when every place it added is inside it.
    fn check_to_keep(&mut self, n: usize, item: &Item, at: At, span: Span, text: &str, column: usize) -> (Out, Option<Kept>) {
        let (diags, reads, titles) = (self.diags.len(), self.reads.len(), self.titles.len());
        // What this item uses, apart from what the others use.
        let (out, used) = self.noting_use(|c| c.rule_or_floor(n, item));
        let inside = |s: Span| s.start >= span.start && s.end <= span.end;
        let placed = self.diags[diags..].iter().all(|d| matches!(&d.location, Location::Source(p) if inside(p.span)))
            && self.reads[reads..].iter().all(|&(_, _, s)| inside(s))
            && self.titles[titles..].iter().all(|(s, ..)| inside(*s));
        if !placed {
            return (out, None);
        }
        let (by, lines) = (at.start.wrapping_neg(), at.line.wrapping_neg());
        let kept = Kept {
            text: text.into(),
            column,
            out: out.moved(lines),
            diags: self.diags[diags..].iter().map(|d| moved(d.clone(), by, lines)).collect(),
            context: self.item_context.get(&n).copied(),
            titles: self.titles[titles..].iter().map(|(s, message, help)| (moved_span(*s, by), message.clone(), help.clone())).collect(),
            used_fields: used.fields,
            used_options: used.options,
            used_defs: used.defs,
            reads: self.reads[reads..].iter().map(|&(_, f, s)| (f, moved_span(s, by))).collect(),
        };
        (out, Some(kept))
    }

    /// One rule's or floor's check (its id's duplicates are the caller's).
    fn rule_or_floor(&mut self, n: usize, item: &Item) -> Out {
        match item {
            Item::Rule(r) => {
                self.not_empty(&r.id.name, "rule", &r.rationale, &r.source);
                let context = self.context(&r.context);
                if let Some(c) = context {
                    self.item_context.insert(n, c);
                }
                let kind = self.kind(&r.kind);
                let when = self.condition(&r.when);
                let effects = self.effects(&r.effects);
                if let Some(w) = &when {
                    self.title_numbers(r.title.span, &r.id.name, &r.title.value, w);
                }
                let (Some(context), Some(kind), Some(when)) = (context, kind, when) else { return Out::Rule(None) };
                let written = self.written(&when, &r.when);
                let rule = RuleDef {
                    id: r.id.name.clone(),
                    title: r.title.value.clone(),
                    context,
                    kind,
                    effects,
                    rationale: r.rationale.value.clone(),
                    source: r.source.value.clone(),
                };
                Out::Rule(Some((rule, when, written)))
            }
            Item::Floor(f) => {
                self.not_empty(&f.id.name, "floor", &f.rationale, &f.source);
                let when = self.condition(&f.when);
                let level = self.level(&f.level);
                if let Some(w) = &when {
                    self.title_numbers(f.title.span, &f.id.name, &f.title.value, w);
                }
                let (Some(when), Some(level)) = (when, level) else { return Out::Floor(None) };
                let written = self.written(&when, &f.when);
                let floor = FloorDef {
                    id: f.id.name.clone(),
                    title: f.title.value.clone(),
                    level,
                    rationale: f.rationale.value.clone(),
                    source: f.source.value.clone(),
                };
                Out::Floor(Some((floor, when, written)))
            }
            _ => Out::Rule(None),
        }
    }

    /// E306: the board signs off a rule for its reason and its authority, so
    /// `rationale ""` or `source ""` (or only spaces) is an error, not a formality.
    fn not_empty(&mut self, id: &str, what: &str, rationale: &ast::Str, source: &ast::Str) {
        for (word, s, help) in [
            ("rationale", rationale, "Say in a sentence why this matters for the child: what the research or practice shows."),
            ("source", source, "Name where this comes from: the guidance, procedure or review, with its section or date."),
        ] {
            if s.value.trim().is_empty() {
                self.err(
                    Code::E306,
                    s.span,
                    format!("The {what} {id} has an empty {word}"),
                    Some(format!("{help} For example: {word} \"{}\"", example(word))),
                );
            }
        }
    }

    /// What a rule or band does: raise the level, ask for actions, add points, prompt.
    pub(super) fn effects(&mut self, effects: &[ast::Effect]) -> Effects {
        let mut out = Effects::default();
        for e in effects {
            match e {
                ast::Effect::Raise(l) => {
                    if let Some(l) = self.level(l) {
                        out.raise = Some(out.raise.map_or(l, |r: usize| r.max(l)));
                    }
                }
                ast::Effect::Action(a) => {
                    if let Some(i) = self.action(a) {
                        out.actions.push(i);
                    }
                }
                ast::Effect::Points { points, score, .. } => {
                    if let Some(s) = self.score(score) {
                        out.points.push((s, *points));
                    }
                }
                ast::Effect::Prompt(p) => out.prompts.push(p.value.clone()),
            }
        }
        out
    }
}

fn example(word: &str) -> &'static str {
    if word == "rationale" {
        "Children found far from home are often being moved by exploiters"
    } else {
        "Working Together to Safeguard Children 2023, chapter 3"
    }
}
