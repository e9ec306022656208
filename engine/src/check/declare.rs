//! Declarations: one pass sorts the file's items by kind, so rules may come
//! before or after what they use; then levels, actions, the form, scores and
//! the names of definitions are declared, each duplicate reported.

use super::Checker;
use super::Set;
use crate::diagnostics::Code;
use crate::program::{Named, RecordDef, RuleSetInfo, ScoreDef};
use crate::syntax::ast::{self, Ident, Item};

/// The file's items by kind, each list in file order.
pub(super) struct Items<'f> {
    pub header: &'f ast::Header,
    /// Levels, actions and form blocks, in file order (their order decides which duplicate is reported).
    pub declarations: Vec<&'f Item>,
    pub scores: Vec<&'f ast::Score>,
    pub defines: Vec<&'f ast::Definition>,
    /// Rules and floors with their item number (from 1), which the protected-characteristic lint reports by.
    pub rules: Vec<(usize, &'f Item)>,
    pub policies: Vec<&'f ast::Policy>,
    pub tests: Vec<&'f ast::Test>,
}

impl<'f> Items<'f> {
    pub fn sort(file: &'f ast::File) -> Self {
        let mut items = Items {
            header: &file.header,
            declarations: vec![],
            scores: vec![],
            defines: vec![],
            rules: vec![],
            policies: vec![],
            tests: vec![],
        };
        for (n, item) in file.items.iter().enumerate() {
            match item {
                Item::Levels(..) | Item::Actions(..) | Item::Form(..) => items.declarations.push(item),
                Item::Score(s) => items.scores.push(s),
                Item::Define(d) => items.defines.push(d),
                Item::Rule(_) | Item::Floor(_) => items.rules.push((n + 1, item)),
                Item::Policy(p) => items.policies.push(p),
                Item::Test(t) => items.tests.push(t),
            }
        }
        items
    }
}

/// The header as the outcome shows it.
pub(super) fn info(h: &ast::Header) -> RuleSetInfo {
    RuleSetInfo {
        name: h.name.value.clone(),
        version: h.version.as_ref().map(|s| s.value.clone()),
        owner: h.owner.as_ref().map(|s| s.value.clone()),
        effective: h.effective.as_ref().map(|d| d.text.clone()),
        review: h.review.as_ref().map(|d| d.text.clone()),
    }
}

impl<'a> Checker<'a> {
    pub(super) fn declare(&mut self, items: &Items<'a>) {
        let mut seen_levels = Set::default();
        let mut seen_actions = Set::default();
        // Each kept level's `requires` list, resolved once every action is declared
        // (the actions block may come after the levels block).
        let mut requires: Vec<&[Ident]> = Vec::new();
        self.schema.records.push(RecordDef { item: String::new(), item_label: "Form".into(), list_field: None, fields: vec![] });
        for item in &items.declarations {
            match item {
                Item::Levels(decls, _) => {
                    for d in decls {
                        if self.dup(&mut seen_levels, &d.id, "level") {
                            self.levels.push(Named { id: d.id.name.clone(), label: d.label.value.clone() });
                            requires.push(&d.requires);
                        }
                    }
                }
                Item::Actions(decls, _) => {
                    for d in decls {
                        if self.dup(&mut seen_actions, &d.id, "action") {
                            self.actions.push(Named { id: d.id.name.clone(), label: d.label.value.clone() });
                        }
                    }
                }
                Item::Form(form, _) => self.form_items(form, 0),
                _ => {}
            }
        }
        self.level_requires = requires.iter().map(|names| names.iter().filter_map(|a| self.action(a)).collect()).collect();
        if self.levels.is_empty() {
            self.err(
                Code::E303,
                items.header.name.span,
                "This rule set declares no levels",
                Some("Add a `levels` block listing the levels from lowest to highest, for example: levels universal \"Universal\" early_help \"Early help\" end".into()),
            );
        }
        let mut seen_scores = Set::default();
        for s in &items.scores {
            if self.dup(&mut seen_scores, &s.id, "score") {
                self.scores.push(ScoreDef { id: s.id.name.clone(), label: s.label.value.clone(), bands: vec![] });
            }
        }
        for &d in &items.defines {
            self.declare_def(d);
        }
    }

    /// Report a duplicate; true when the name is new.
    pub(super) fn dup<'i>(&mut self, seen: &mut Set<&'i str>, id: &'i Ident, what: &str) -> bool {
        if seen.insert(&id.name) {
            true
        } else {
            self.err(
                Code::E108,
                id.span,
                format!("The {what} `{}` is declared twice", id.name),
                Some(format!("Each {what} needs its own name.")),
            );
            false
        }
    }
}
