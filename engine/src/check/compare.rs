//! The comparison words (`is`, `at least`, `before`, `within`, `one of`,
//! `contains`, `includes`...): each checks the type of what it compares and
//! lowers to a `CExpr`. The ordering words of numbers and of dates are one
//! table (`ordering`), so their checks are written once.

use super::expr::{describe_ty, normalise_phrase, subject_name};
use super::{Binding, Checker};
use crate::diagnostics::Code;
use crate::program::{CExpr, Cmp, FieldTy, Lit, Ty};
use crate::syntax::ast::{Expr, ExprKind, Span, TestOp};

/// The ordering comparisons of one type of value.
struct Ordering {
    /// The type they compare.
    ty: Ty,
    /// What the subject cannot be, when it is of another type.
    what: &'static str,
    /// The type people most often mix this one up with, and the words for that one.
    other: Ty,
    other_help: &'static str,
    help: &'static str,
}

const NUMBERS: Ordering = Ordering {
    ty: Ty::Number,
    what: "compared as a number",
    other: Ty::Date,
    other_help: "For dates, write `is before`, `is after`, `is on or before` or `is within 6 months before`.",
    help: "Only numbers can be at least, at most, more than or less than something.",
};

const DATES: Ordering = Ordering {
    ty: Ty::Date,
    what: "before or after something",
    other: Ty::Number,
    other_help: "For numbers, write `is less than`, `is more than`, `is at most` or `is at least`.",
    help: "Only dates can be before or after something.",
};

/// The ordering words: the comparison each makes, its right-hand side, and its family.
fn ordering(op: &TestOp) -> Option<(Cmp, &Expr, &'static Ordering)> {
    Some(match op {
        TestOp::AtLeast(r) => (Cmp::Ge, r, &NUMBERS),
        TestOp::AtMost(r) => (Cmp::Le, r, &NUMBERS),
        TestOp::MoreThan(r) => (Cmp::Gt, r, &NUMBERS),
        TestOp::LessThan(r) => (Cmp::Lt, r, &NUMBERS),
        TestOp::Before(r) => (Cmp::Lt, r, &DATES),
        TestOp::After(r) => (Cmp::Gt, r, &DATES),
        TestOp::OnOrBefore(r) => (Cmp::Le, r, &DATES),
        TestOp::OnOrAfter(r) => (Cmp::Ge, r, &DATES),
        _ => return None,
    })
}

impl Checker<'_> {
    pub(super) fn test(&mut self, subject: &Expr, op: &TestOp, scope: &[Binding]) -> Option<(CExpr, Ty)> {
        let (s, ty) = self.expr(subject, scope)?;
        let yes = |c: CExpr| Some((c, Ty::YesNo));
        let mismatch = |me: &mut Self, what: &str, help: &str| {
            me.err(
                Code::E201,
                subject.span,
                format!("{} is {}, so it cannot be {what}", subject_name(subject), describe_ty(ty)),
                Some(help.into()),
            );
            None
        };
        if matches!(ty, Ty::List(_)) && !matches!(op, TestOp::Answered | TestOp::NotAnswered) {
            return mismatch(
                self,
                "compared like this",
                "Ask about the list's items with `any item in list where ...`, or count them with `number of list`.",
            );
        }
        match op {
            TestOp::Answered | TestOp::NotAnswered => yes(if matches!(op, TestOp::Answered) {
                CExpr::Answered(Box::new(s))
            } else {
                CExpr::Not(Box::new(CExpr::Answered(Box::new(s))))
            }),
            TestOp::Is(rhs) | TestOp::IsNot(rhs) => {
                if let Ty::Choices(_) = ty {
                    return mismatch(
                        self,
                        "checked with `is`",
                        "Several options can be ticked: write `includes OPTION` or `includes any of (A, B)`.",
                    );
                }
                let r = self.operand(rhs, ty, scope)?;
                if matches!(op, TestOp::IsNot(_)) {
                    self.read_every_option(ty);
                }
                let cmp = if matches!(op, TestOp::Is(_)) { Cmp::Eq } else { Cmp::Ne };
                yes(CExpr::Compare(cmp, Box::new(s), Box::new(r)))
            }
            TestOp::AtLeast(_)
            | TestOp::AtMost(_)
            | TestOp::MoreThan(_)
            | TestOp::LessThan(_)
            | TestOp::Before(_)
            | TestOp::After(_)
            | TestOp::OnOrBefore(_)
            | TestOp::OnOrAfter(_) => {
                let (cmp, rhs, family) = ordering(op)?;
                if ty != family.ty {
                    let help = if ty == family.other { family.other_help } else { family.help };
                    return mismatch(self, family.what, help);
                }
                let r = self.operand(rhs, ty, scope)?;
                yes(CExpr::Compare(cmp, Box::new(s), Box::new(r)))
            }
            TestOp::Within { amount, unit, dir, other } => {
                if ty != Ty::Date {
                    return mismatch(self, "within a time of something", "Only dates can be within a time of another date.");
                }
                let r = self.operand(other, Ty::Date, scope)?;
                yes(CExpr::Within { value: Box::new(s), amount: (*amount).abs(), unit: *unit, dir: *dir, other: Box::new(r) })
            }
            TestOp::OneOf(vals) | TestOp::NotOneOf(vals) => {
                if matches!(ty, Ty::Choices(_)) {
                    return mismatch(self, "checked with `is one of`", "Several options can be ticked: write `includes any of (A, B)`.");
                }
                let mut options = Vec::new();
                for v in vals {
                    options.push(self.operand(v, ty, scope)?);
                }
                if matches!(op, TestOp::NotOneOf(_)) {
                    self.read_every_option(ty);
                }
                yes(CExpr::OneOf { value: Box::new(s), options, negate: matches!(op, TestOp::NotOneOf(_)) })
            }
            TestOp::Contains(p) | TestOp::NotContains(p) => {
                if ty != Ty::Text {
                    return mismatch(
                        self,
                        "searched for words",
                        "Only text answers can contain words. For ticked options, write `includes`.",
                    );
                }
                let phrases = vec![normalise_phrase(&p.value)];
                self.check_phrases(&phrases, p.span);
                yes(CExpr::Contains { text: Box::new(s), phrases, negate: matches!(op, TestOp::NotContains(_)) })
            }
            TestOp::ContainsAny(vals) => {
                if ty != Ty::Text {
                    return mismatch(
                        self,
                        "searched for words",
                        "Only text answers can contain words. For ticked options, write `includes any of`.",
                    );
                }
                let mut phrases = Vec::new();
                for v in vals {
                    match &v.kind {
                        ExprKind::Text(t) => phrases.push(normalise_phrase(t)),
                        _ => {
                            self.err(
                                Code::E201,
                                v.span,
                                "Write each phrase in quotes",
                                Some("For example: contains any of (\"streetwise\", \"lifestyle choice\")".into()),
                            );
                            return None;
                        }
                    }
                }
                self.check_phrases(&phrases, vals[0].span);
                yes(CExpr::Contains { text: Box::new(s), phrases, negate: false })
            }
            TestOp::Includes(o) | TestOp::NotIncludes(o) => {
                let Ty::Choices(f) = ty else {
                    let help = if matches!(ty, Ty::Choice(_)) {
                        "Only one option can be chosen here: write `is OPTION`."
                    } else {
                        "`includes` checks the ticked options of a `several of` field."
                    };
                    return mismatch(self, "checked with `includes`", help);
                };
                let i = self.option(f, o)?;
                yes(CExpr::Includes { value: Box::new(s), mask: 1u64 << i, any: true, negate: matches!(op, TestOp::NotIncludes(_)) })
            }
            TestOp::IncludesAny(vals) | TestOp::IncludesAll(vals) => {
                let Ty::Choices(f) = ty else {
                    let help = if matches!(ty, Ty::Choice(_)) {
                        "Only one option can be chosen here: write `is one of (A, B)`."
                    } else {
                        "`includes` checks the ticked options of a `several of` field."
                    };
                    return mismatch(self, "checked with `includes`", help);
                };
                let mut mask = 0u64;
                for v in vals {
                    let ExprKind::Path(p) = &v.kind else {
                        self.err(Code::E201, v.span, "Write the option's name, without quotes", None);
                        return None;
                    };
                    if p.parts.len() != 1 {
                        self.option(f, &p.parts[p.parts.len() - 1])?;
                    }
                    mask |= 1u64 << self.option(f, &p.parts[0])?;
                }
                yes(CExpr::Includes { value: Box::new(s), mask, any: matches!(op, TestOp::IncludesAny(_)), negate: false })
            }
        }
    }

    /// `is not X` and `is not one of` on a one-of answer: every other option
    /// makes them true, so every option counts as read (no W405).
    fn read_every_option(&mut self, ty: Ty) {
        if let Ty::Choice(f) = ty {
            if let FieldTy::OneOf(o) = &self.schema.fields[f].ty {
                let n = o.len();
                self.used_options.extend((0..n).map(|k| (f, k)));
            }
        }
    }

    fn check_phrases(&mut self, phrases: &[String], span: Span) {
        if phrases.iter().any(|p| p.is_empty()) {
            self.err(Code::E201, span, "An empty phrase matches nothing", Some("Write the words to look for between the quotes.".into()));
        }
    }

    /// The right-hand side of a comparison, typed by the left.
    pub(super) fn operand(&mut self, e: &Expr, want: Ty, scope: &[Binding]) -> Option<CExpr> {
        if let (Ty::Choice(f), ExprKind::Path(p)) = (want, &e.kind) {
            // A bare word after a choice is an option, unless it names another answer.
            if p.parts.len() == 1
                && scope.iter().all(|b| b.name != p.parts[0].name)
                && self.root_field(&p.parts[0].name).is_none()
                && !self.def_index.contains_key(&(None, p.parts[0].name.clone()))
            {
                return self.option(f, &p.parts[0]).map(|i| CExpr::Lit(Lit::Choice(i)));
            }
        }
        if let (Ty::Choice(_), ExprKind::Text(t)) = (want, &e.kind) {
            self.err(
                Code::E201,
                e.span,
                format!("Write the option's name without quotes: {}", t.replace(' ', "_")),
                Some("Options are names, like `peer_group`, not text in quotes.".into()),
            );
            return None;
        }
        let (c, ty) = self.expr(e, scope)?;
        let same = match (want, ty) {
            (Ty::Choice(a), Ty::Choice(b)) => self.schema.fields[a].ty == self.schema.fields[b].ty,
            (a, b) => a == b,
        };
        if !same {
            let help = match want {
                Ty::YesNo => "Compare with `yes` or `no`.".to_string(),
                Ty::Date => "Compare with a date field, a definition, `today`, or a date like 2026-01-31.".to_string(),
                Ty::Number => "Compare with a number or a number field.".to_string(),
                Ty::Text => "Compare with text in quotes, or use `contains`.".to_string(),
                _ => "Both sides must be the same kind of answer.".to_string(),
            };
            self.err(Code::E201, e.span, format!("This is {}, but it is compared with {}", describe_ty(ty), describe_ty(want)), Some(help));
            return None;
        }
        Some(c)
    }
}
