//! Names and types of conditions and values: fields, definitions, list items
//! bound by `any`/`all`/`count`, arithmetic and date spans. Each is lowered
//! to a `CExpr` with its type. The comparison words are in `compare`.

use super::{Binding, Checker};
use crate::dates;
use crate::diagnostics::Code;
use crate::program::{Base, CExpr, FieldId, FieldTy, ListPath, Lit, RecordId, Ty};
use crate::syntax::ast::{self, Expr, ExprKind, Ident, Span};

impl Checker<'_> {
    pub(super) fn condition(&mut self, e: &Expr) -> Option<CExpr> {
        let (c, ty) = self.expr(e, &[])?;
        self.expect_yes_no(e, ty)?;
        Some(c)
    }

    pub(super) fn expect_yes_no(&mut self, e: &Expr, ty: Ty) -> Option<()> {
        if ty == Ty::YesNo {
            return Some(());
        }
        let help = match ty {
            Ty::Number => "Compare the number with something, for example `... is at least 3`.",
            Ty::Date => "Compare the date with something, for example `... is within 6 months before referral_date`.",
            Ty::Text => "Check the text for words, for example `... contains \"knife\"`.",
            Ty::Choice(_) => "Compare the answer with an option, for example `... is location`.",
            Ty::Choices(_) => "Check the ticked options, for example `... includes missing`.",
            _ => "Use `any`, `all` or `count` to ask about the items of a list.",
        };
        self.err(Code::E202, e.span, format!("This is {}, not a yes or no condition", describe_ty(ty)), Some(help.into()));
        None
    }

    pub(super) fn expr(&mut self, e: &Expr, scope: &[Binding]) -> Option<(CExpr, Ty)> {
        match &e.kind {
            ExprKind::Or(parts) | ExprKind::And(parts) => {
                let mut out = Vec::new();
                let mut ok = true;
                for p in parts {
                    match self.expr(p, scope) {
                        Some((c, ty)) => {
                            if self.expect_yes_no(p, ty).is_some() {
                                out.push(c);
                            } else {
                                ok = false;
                            }
                        }
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                Some((if matches!(e.kind, ExprKind::Or(_)) { CExpr::Or(out) } else { CExpr::And(out) }, Ty::YesNo))
            }
            ExprKind::Not(inner) => {
                let (c, ty) = self.expr(inner, scope)?;
                self.expect_yes_no(inner, ty)?;
                Some((CExpr::Not(Box::new(c)), Ty::YesNo))
            }
            ExprKind::Test(subject, op) => self.test(subject, op, scope),
            ExprKind::Arith(a, op, b) => {
                let (ca, ta) = self.expr(a, scope)?;
                let (cb, tb) = self.expr(b, scope)?;
                for (x, t) in [(a, ta), (b, tb)] {
                    if t != Ty::Number {
                        let help = if t == Ty::Date {
                            "To count the time between two dates, write `days from A to B` (or weeks, months, years)."
                        } else {
                            "Only numbers can be added, taken away or multiplied."
                        };
                        self.err(Code::E201, x.span, format!("This is {}, not a number", describe_ty(t)), Some(help.into()));
                        return None;
                    }
                }
                Some((CExpr::Arith(*op, Box::new(ca), Box::new(cb)), Ty::Number))
            }
            ExprKind::Between { unit, from, to } => {
                let (cf, tf) = self.expr(from, scope)?;
                let (ct, tt) = self.expr(to, scope)?;
                for (x, t) in [(from, tf), (to, tt)] {
                    if t != Ty::Date {
                        self.err(
                            Code::E201,
                            x.span,
                            format!("This is {}, not a date", describe_ty(t)),
                            Some(format!("`{} from A to B` counts whole {} between two dates.", unit.word(2), unit.word(2))),
                        );
                        return None;
                    }
                }
                Some((CExpr::Between { unit: *unit, from: Box::new(cf), to: Box::new(ct) }, Ty::Number))
            }
            ExprKind::Quant { kind, var, list, cond } => {
                let lp = self.list_path(list, scope)?;
                let inner = self.bind(scope, var, lp.record)?;
                let (cc, ct) = self.expr(cond, &inner)?;
                self.expect_yes_no(cond, ct)?;
                Some((CExpr::Quant { kind: *kind, list: lp, cond: Box::new(cc) }, Ty::YesNo))
            }
            ExprKind::CountWhere { var, list, cond } => {
                let lp = self.list_path(list, scope)?;
                let inner = self.bind(scope, var, lp.record)?;
                let (cc, ct) = self.expr(cond, &inner)?;
                self.expect_yes_no(cond, ct)?;
                Some((CExpr::Count { list: lp, cond: Some(Box::new(cc)) }, Ty::Number))
            }
            ExprKind::CountOf(list) => {
                let lp = self.list_path(list, scope)?;
                Some((CExpr::Count { list: lp, cond: None }, Ty::Number))
            }
            // A date that does not exist was reported by the parser.
            ExprKind::Date(d) => dates::parse_date(&d.text).map(|day| (CExpr::Lit(Lit::Date(day)), Ty::Date)),
            ExprKind::Number(n) => Some((CExpr::Lit(Lit::Num(*n)), Ty::Number)),
            ExprKind::Text(t) => Some((CExpr::Lit(Lit::Text(t.clone())), Ty::Text)),
            ExprKind::Bool(b) => Some((CExpr::Lit(Lit::Bool(*b)), Ty::YesNo)),
            ExprKind::Today => Some((CExpr::Today, Ty::Date)),
            ExprKind::Path(p) => self.path(p, scope),
        }
    }

    fn bind(&mut self, scope: &[Binding], var: &Ident, record: RecordId) -> Option<Vec<Binding>> {
        if scope.iter().any(|b| b.name == var.name)
            || self.root_field(&var.name).is_some()
            || self.def_index.contains_key(&(None, var.name.clone()))
        {
            self.err(
                Code::E108,
                var.span,
                format!("`{}` is already a name here", var.name),
                Some(format!("Call the item something else, for example `{}_item`.", var.name)),
            );
            return None;
        }
        let mut inner = scope.to_vec();
        inner.push(Binding { name: var.name.clone(), record });
        Some(inner)
    }

    /// A value: a field, a definition, or a bound list item.
    fn path(&mut self, p: &ast::Path, scope: &[Binding]) -> Option<(CExpr, Ty)> {
        let first = &p.parts[0];
        // `expr` is None while the path names a bound list item itself (read from `base`), before a part of it is read.
        let (mut expr, mut ty, base) = if let Some(k) = scope.iter().rposition(|b| b.name == first.name) {
            (None, Ty::Record(scope[k].record), Base::Var(k))
        } else if let Some(&d) = self.def_index.get(&(None, first.name.clone())) {
            let ty = self.use_def(d)?;
            (Some(CExpr::Def { def: d, base: Base::Form }), ty, Base::Form)
        } else if let Some(f) = self.root_field(&first.name) {
            self.read_field(f, first.span);
            (Some(CExpr::Field { base: Base::Form, field: f }), field_ty(&self.schema.fields[f].ty, f), Base::Form)
        } else {
            self.unknown_name(first, scope);
            return None;
        };
        for part in &p.parts[1..] {
            let Ty::Record(r) = ty else {
                let help = match ty {
                    Ty::List(_) => format!(
                        "`{}` is a list: ask about its items with `any item in {} where ...`, `all ...` or `count ...`.",
                        p.parts[0].name,
                        p.dotted().rsplit_once('.').map(|x| x.0).unwrap_or("")
                    ),
                    _ => "Only a list item has parts to read with `.`.".to_string(),
                };
                self.err(Code::E203, part.span, format!("`{}` has no part called `{}`", previous(p, part), part.name), Some(help));
                return None;
            };
            // Only a bound list item has parts; a definition or field never has the type of a record.
            if expr.is_some() {
                return None;
            }
            if let Some(f) = self.record_field(r, &part.name) {
                self.read_field(f, part.span);
                ty = field_ty(&self.schema.fields[f].ty, f);
                expr = Some(CExpr::Field { base, field: f });
            } else if let Some(&d) = self.def_index.get(&(Some(r), part.name.clone())) {
                ty = self.use_def(d)?;
                expr = Some(CExpr::Def { def: d, base });
            } else {
                self.part(r, part);
                return None;
            }
        }
        if let Ty::Record(_) = ty {
            self.err(
                Code::E201,
                p.span,
                format!("`{}` is a whole list item, not one answer", p.dotted()),
                Some(format!("Name one of its fields, for example `{}.first_name`.", p.dotted())),
            );
            return None;
        }
        if let Ty::List(_) = ty {
            // A list as a value only makes sense with `is answered`; the caller checks.
            let lp = self.list_path(p, scope)?;
            return Some((CExpr::Count { list: lp, cond: None }, ty));
        }
        Some((expr?, ty))
    }

    fn list_path(&mut self, p: &ast::Path, scope: &[Binding]) -> Option<ListPath> {
        let first = &p.parts[0];
        let (base, mut record, rest) = if let Some(k) = scope.iter().rposition(|b| b.name == first.name) {
            (Base::Var(k), scope[k].record, &p.parts[1..])
        } else if self.root_field(&first.name).is_some() {
            (Base::Form, 0, &p.parts[..])
        } else {
            self.unknown_name(first, scope);
            return None;
        };
        if rest.is_empty() {
            self.err(
                Code::E203,
                p.span,
                format!("`{}` is one list item, not a list", p.dotted()),
                Some("Name one of its lists, for example `child.missing_episodes`.".into()),
            );
            return None;
        }
        let mut steps = Vec::new();
        for part in rest {
            let Some(f) = self.record_field(record, &part.name) else {
                self.list_part(record, part);
                return None;
            };
            self.used_fields.insert(f);
            match self.schema.fields[f].ty {
                FieldTy::List(r) => {
                    steps.push(f);
                    record = r;
                }
                _ => {
                    self.err(
                        Code::E203,
                        part.span,
                        format!("`{}` is not a list", part.name),
                        Some("`any`, `all`, `no`, `count` and `number of` work on lists, such as `children`.".into()),
                    );
                    return None;
                }
            }
        }
        Some(ListPath { base, steps, record })
    }

    /// Every field read is recorded: the unused-field lint and the
    /// protected-characteristic lint run over these afterwards.
    fn read_field(&mut self, f: FieldId, span: Span) {
        self.used_fields.insert(f);
        self.reads.push((self.current_item, f, span));
    }
}

fn previous(p: &ast::Path, part: &Ident) -> String {
    p.parts.iter().take_while(|x| !std::ptr::eq(*x, part)).map(|x| x.name.as_str()).collect::<Vec<_>>().join(".")
}

pub(super) fn field_ty(t: &FieldTy, f: FieldId) -> Ty {
    match t {
        FieldTy::YesNo => Ty::YesNo,
        FieldTy::Number => Ty::Number,
        FieldTy::Text => Ty::Text,
        FieldTy::Date => Ty::Date,
        FieldTy::OneOf(_) => Ty::Choice(f),
        FieldTy::SeveralOf(_) => Ty::Choices(f),
        FieldTy::List(r) => Ty::List(*r),
    }
}

pub(super) fn describe_ty(t: Ty) -> &'static str {
    match t {
        Ty::YesNo => "a yes or no answer",
        Ty::Number => "a number",
        Ty::Text => "text",
        Ty::Date => "a date",
        Ty::Choice(_) => "one chosen option",
        Ty::Choices(_) => "a set of ticked options",
        Ty::List(_) => "a list",
        Ty::Record(_) => "a list item",
    }
}

pub(super) fn subject_name(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Path(p) => format!("`{}`", p.dotted()),
        _ => "This".into(),
    }
}

/// Phrases match on words, whatever the case and spacing.
pub(super) fn normalise_phrase(p: &str) -> String {
    p.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}
