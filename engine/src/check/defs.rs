//! Definitions: declared by name first (so they may be used before they are
//! written), then each compiled on first use; a definition that reaches
//! itself again while it is being compiled is a cycle (E204).

use super::declare::Items;
use super::rules::{moved, moved_span, moved_written};
use super::{Binding, Checker};
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::program::{CExpr, DefDef, FieldId, Ty, Written};
use crate::syntax::ast::{self, Span};

/// The definitions' checks kept for an editor's next call (`Memo`), with
/// places relative to the `define` each is in. Used again while what they
/// read (the declarations, scores and definitions, as trees) is unchanged
/// and every `define` has the same text, starting at the same column: a
/// definition's words for coverage are its text, which a tree does not hold.
pub(super) struct KeptDefs {
    /// Each `define`'s text and column, in file order.
    places: Vec<(Box<str>, usize)>,
    /// For each declared definition, the `define` it is.
    owner: Vec<usize>,
    defs: Vec<Option<(DefDef, CExpr, Vec<Written>)>>,
    diags: Vec<(usize, Diagnostic)>,
    reads: Vec<(usize, usize, FieldId, Span)>,
    used_fields: Vec<FieldId>,
    used_options: Vec<(FieldId, usize)>,
    used_defs: Vec<usize>,
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum DefState {
    Todo,
    Busy,
    Done,
}

impl<'a> Checker<'a> {
    /// Declare a definition's name (its body is compiled later).
    pub(super) fn declare_def(&mut self, d: &'a ast::Definition) {
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
        self.def_asts.push(d);
        self.defs.push(None);
        self.def_state.push(DefState::Todo);
    }

    /// [`Checker::compile_defs`], taking the result from `kept` when it can
    /// (see [`KeptDefs`]) and keeping this one for the next call.
    pub(super) fn compile_defs_kept(&mut self, items: &Items, kept: &mut Option<KeptDefs>) {
        let places: Vec<(usize, usize, usize, &str)> = items
            .defines
            .iter()
            .map(|d| {
                let (line, column) = self.lines.line_col(d.span.start);
                (d.span.start, line, column, self.lines.text(d.span))
            })
            .collect();
        if let Some(k) = kept
            .as_ref()
            .filter(|k| k.places.len() == places.len() && k.places.iter().zip(&places).all(|((t, c), p)| *c == p.2 && **t == *p.3))
        {
            self.defs = k
                .defs
                .iter()
                .zip(&k.owner)
                .map(|(d, &j)| d.as_ref().map(|(def, c, w)| (def.clone(), c.clone(), moved_written(w.clone(), places[j].1))))
                .collect();
            self.def_state = vec![DefState::Done; self.defs.len()];
            self.diags.extend(k.diags.iter().map(|(j, d)| moved(d.clone(), places[*j].0, places[*j].1)));
            self.reads.extend(k.reads.iter().map(|&(j, item, f, s)| (item, f, moved_span(s, places[j].0))));
            self.used_fields.extend(k.used_fields.iter().copied());
            self.used_options.extend(k.used_options.iter().copied());
            self.used_defs.extend(k.used_defs.iter().copied());
            return;
        }
        let (diags, reads) = (self.diags.len(), self.reads.len());
        let ((), used) = self.noting_use(|c| c.compile_defs());
        // The `define` a place is in; none, and nothing is kept.
        let within = |s: Span| {
            let j = places.partition_point(|p| p.0 <= s.start).checked_sub(1)?;
            (s.end <= places[j].0 + places[j].3.len()).then_some(j)
        };
        let keep = || -> Option<KeptDefs> {
            let owner = self.def_asts.iter().map(|d| places.iter().position(|p| p.0 == d.span.start)).collect::<Option<Vec<_>>>()?;
            let diags = self.diags[diags..]
                .iter()
                .map(|d| match &d.location {
                    Location::Source(p) => {
                        let j = within(p.span)?;
                        Some((j, moved(d.clone(), places[j].0.wrapping_neg(), places[j].1.wrapping_neg())))
                    }
                    Location::Form { .. } => None,
                })
                .collect::<Option<Vec<_>>>()?;
            let reads = self.reads[reads..]
                .iter()
                .map(|&(item, f, s)| within(s).map(|j| (j, item, f, moved_span(s, places[j].0.wrapping_neg()))))
                .collect::<Option<Vec<_>>>()?;
            let defs = self
                .defs
                .iter()
                .zip(&owner)
                .map(|(d, &j)| d.as_ref().map(|(def, c, w)| (def.clone(), c.clone(), moved_written(w.clone(), places[j].1.wrapping_neg()))))
                .collect();
            Some(KeptDefs {
                places: places.iter().map(|p| (p.3.into(), p.2)).collect(),
                owner,
                defs,
                diags,
                reads,
                used_fields: used.fields,
                used_options: used.options,
                used_defs: used.defs,
            })
        };
        *kept = keep();
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
        let d = self.def_asts[i];
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
