//! Definitions: declared by name first (so they may be used before they are
//! written), then each compiled on first use; a definition that reaches
//! itself again while it is being compiled is a cycle (E204).

use super::{Binding, Checker};
use crate::diagnostics::Code;
use crate::program::{DefDef, Ty};
use crate::syntax::ast;

#[derive(Clone, Copy, PartialEq)]
pub(super) enum DefState {
    Todo,
    Busy,
    Done,
}

impl Checker<'_> {
    /// Declare a definition's name (its body is compiled later).
    pub(super) fn declare_def(&mut self, d: &ast::Definition) {
        let record = match &d.owner {
            None => None,
            Some(owner) => match self.list_item(owner) {
                Some(r) => Some(r),
                None => return,
            },
        };
        let key = (record, d.name.name.clone());
        let clash_field = match record {
            None => self.root_field(&d.name.name).is_some(),
            Some(r) => self.record_field(r, &d.name.name).is_some(),
        };
        if self.def_index.contains_key(&key) || clash_field {
            self.err(
                Code::E108,
                d.name.span,
                format!("`{}` is already declared", d.name.name),
                Some("Give this definition a different name.".into()),
            );
            return;
        }
        self.def_index.insert(key, self.def_asts.len());
        self.def_asts.push(std::rc::Rc::new(d.clone()));
        self.defs.push(None);
        self.def_state.push(DefState::Todo);
    }

    /// Compile every definition, used or not, so each one's errors are reported.
    pub(super) fn compile_defs(&mut self) {
        for i in 0..self.def_asts.len() {
            self.compile_def(i);
        }
    }

    pub(super) fn use_def(&mut self, d: usize) -> Option<Ty> {
        self.used_defs.insert(d);
        self.compile_def(d)
    }

    fn compile_def(&mut self, i: usize) -> Option<Ty> {
        match self.def_state[i] {
            DefState::Done => return self.defs[i].as_ref().map(|(d, _, _)| d.ty),
            DefState::Busy => {
                let d = &self.def_asts[i];
                let (span, name) = (d.name.span, d.name.name.clone());
                self.err(
                    Code::E204,
                    span,
                    format!("The definition `{name}` depends on itself"),
                    Some("A definition cannot use itself, directly or through other definitions.".into()),
                );
                return None;
            }
            DefState::Todo => {}
        }
        self.def_state[i] = DefState::Busy;
        let d = std::rc::Rc::clone(&self.def_asts[i]);
        let record = d.owner.as_ref().and_then(|o| self.schema.records.iter().position(|r| r.item == o.name));
        let scope: Vec<Binding> = match record {
            Some(r) => vec![Binding { name: self.schema.records[r].item.clone(), record: r }],
            None => vec![],
        };
        let compiled = self.expr(&d.expr, &scope);
        self.def_state[i] = DefState::Done;
        let (expr, ty) = compiled?;
        if matches!(ty, Ty::List(_) | Ty::Record(_)) {
            self.err(
                Code::E201,
                d.expr.span,
                "A definition must give a value, not a whole list or record",
                Some("Use `any`, `all`, `count` or `number of` to turn a list into a value.".into()),
            );
            return None;
        }
        let written = if ty == Ty::YesNo { self.written(&expr, &d.expr) } else { self.written_value(&expr, &d.expr) };
        self.defs[i] =
            Some((DefDef { name: d.name.name.clone(), label: d.label.as_ref().map(|l| l.value.clone()), record, ty }, expr, written));
        Some(ty)
    }
}
