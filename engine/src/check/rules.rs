//! Rules and floors, lowered with their conditions and effects.

use super::declare::Items;
use super::Checker;
use crate::diagnostics::Code;
use crate::program::{CExpr, Effects, FloorDef, RuleDef, Written};
use crate::syntax::ast::{self, Item};
use std::collections::HashSet;

/// The rules and floors, each with its condition and that condition's parts
/// as written, and every rule and floor id in file order.
pub(super) type RulesAndFloors = (Vec<(RuleDef, CExpr, Vec<Written>)>, Vec<(FloorDef, CExpr, Vec<Written>)>, Vec<String>);

impl Checker<'_> {
    /// The rules and floors that compile, and every id written (for tests that name them).
    pub(super) fn rules_and_floors(&mut self, items: &Items) -> RulesAndFloors {
        let mut rules = Vec::new();
        let mut floors = Vec::new();
        let mut seen_ids = HashSet::new();
        let mut ids = Vec::new();
        for &(n, item) in &items.rules {
            self.current_item = n;
            match item {
                Item::Rule(r) => {
                    if self.dup(&mut seen_ids, &r.id, "rule or floor id") {
                        ids.push(r.id.name.clone());
                    }
                    self.not_empty(&r.id.name, "rule", &r.rationale, &r.source);
                    let context = self.context(&r.context);
                    if let Some(c) = context {
                        self.item_context.insert(n, c);
                    }
                    let kind = self.kind(&r.kind);
                    let when = self.condition(&r.when);
                    let effects = self.effects(&r.effects);
                    if let Some(w) = &when {
                        self.conditions.push((r.title.span, r.id.name.clone(), r.title.value.clone(), w.clone()));
                    }
                    if let (Some(context), Some(kind), Some(when)) = (context, kind, when) {
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
                        rules.push((rule, when, written));
                    }
                }
                Item::Floor(f) => {
                    if self.dup(&mut seen_ids, &f.id, "rule or floor id") {
                        ids.push(f.id.name.clone());
                    }
                    self.not_empty(&f.id.name, "floor", &f.rationale, &f.source);
                    let when = self.condition(&f.when);
                    let level = self.level(&f.level);
                    if let Some(w) = &when {
                        self.conditions.push((f.title.span, f.id.name.clone(), f.title.value.clone(), w.clone()));
                    }
                    if let (Some(when), Some(level)) = (when, level) {
                        let written = self.written(&when, &f.when);
                        let floor = FloorDef {
                            id: f.id.name.clone(),
                            title: f.title.value.clone(),
                            level,
                            rationale: f.rationale.value.clone(),
                            source: f.source.value.clone(),
                        };
                        floors.push((floor, when, written));
                    }
                }
                _ => {}
            }
        }
        (rules, floors, ids)
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
