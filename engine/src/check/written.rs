//! Each condition's words and line, kept with the program so that coverage
//! can say "line 212: `child.missing_times_30_days is at least 2` was never
//! false in a test". The lowered conditions hold no places, so the syntax
//! tree and the lowered condition are walked side by side, in the order of
//! `program::conditions`; where the two differ in shape (`is not answered`
//! is lowered to `not (... is answered)`), the conditions inside take the
//! words of the nearest whole piece of the tree.

use super::Checker;
use crate::program::{self, CExpr, Written};
use crate::syntax::ast::{Expr, ExprKind, TestOp};

/// A condition written over several lines is shown on one; a very long one is cut.
const MOST_CHARACTERS: usize = 160;

impl Checker<'_> {
    /// The words of each condition of a yes/no condition, in the order of `program::conditions`.
    pub(super) fn written(&self, c: &CExpr, a: &Expr) -> Vec<Written> {
        let mut out = Vec::new();
        self.written_condition(c, a, &mut out);
        out
    }

    /// The words of each condition inside a value (a definition that is a number), in the order of `program::conditions_of_value`.
    pub(super) fn written_value(&self, c: &CExpr, a: &Expr) -> Vec<Written> {
        let mut out = Vec::new();
        self.written_inside(c, a, &mut out);
        out
    }

    fn written_condition(&self, c: &CExpr, a: &Expr, out: &mut Vec<Written>) {
        match (c, &a.kind) {
            (CExpr::And(cs), ExprKind::And(asts)) | (CExpr::Or(cs), ExprKind::Or(asts)) if cs.len() == asts.len() => {
                cs.iter().zip(asts).for_each(|(c, a)| self.written_condition(c, a, out))
            }
            (CExpr::Not(c), ExprKind::Not(a)) if !program::is_one_condition(c) => self.written_condition(c, a, out),
            (CExpr::Quant { cond, .. }, ExprKind::Quant { cond: a, .. }) => self.written_condition(cond, a, out),
            (CExpr::And(_) | CExpr::Or(_) | CExpr::Quant { .. }, _) => self.same_words(c, a, out),
            (CExpr::Not(inner), _) if !program::is_one_condition(inner) => self.same_words(c, a, out),
            (CExpr::Lit(_), _) => {}
            // `not worried` (words and all), or `is not answered`, lowered to a `not`.
            (CExpr::Not(inner), kind) => {
                out.push(self.words(a));
                let inner_words = match kind {
                    ExprKind::Not(x) => x,
                    _ => a,
                };
                self.written_inside(inner, inner_words, out);
            }
            (other, _) => {
                out.push(self.words(a));
                self.written_inside(other, a, out);
            }
        }
    }

    /// The conditions inside a value, paired with the tree's in order when the two have as many.
    fn written_inside(&self, c: &CExpr, a: &Expr, out: &mut Vec<Written>) {
        let mut cs = Vec::new();
        program::conditions_in_value(c, &mut cs);
        let mut asts = Vec::new();
        conditions_in_value(a, &mut asts);
        if cs.len() == asts.len() {
            cs.into_iter().zip(asts).for_each(|(c, a)| self.written_condition(c, a, out));
        } else {
            cs.into_iter().for_each(|c| self.same_words(c, a, out));
        }
    }

    /// Every condition inside `c` takes the words of `a`.
    fn same_words(&self, c: &CExpr, a: &Expr, out: &mut Vec<Written>) {
        let mut inside = Vec::new();
        program::conditions(c, &mut inside);
        out.extend(inside.iter().map(|_| self.words(a)));
    }

    fn words(&self, a: &Expr) -> Written {
        let (line, _) = self.lines.line_col(a.span.start);
        let mut text = without_comments(self.lines.text(a.span)).split_whitespace().collect::<Vec<_>>().join(" ");
        // `(a or b)` is shown as `a or b`: the brackets are the file's, not the condition's words.
        if text.starts_with('(') && text.ends_with(')') && brackets_close_at_end(&text) {
            text = text[1..text.len() - 1].trim().to_string();
        }
        if text.chars().count() > MOST_CHARACTERS {
            text = text.chars().take(MOST_CHARACTERS - 1).collect::<String>() + "…";
        }
        Written { line, text }
    }
}

/// A condition's words without the `# comments` after it (a piece of the
/// tree can run on over the comment lines that follow it).
fn without_comments(text: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let mut quoted = false;
        let end = line
            .char_indices()
            .find(|&(_, ch)| {
                if ch == '"' {
                    quoted = !quoted;
                }
                ch == '#' && !quoted
            })
            .map_or(line.len(), |(i, _)| i);
        out += &line[..end];
        out.push('\n');
    }
    out
}

/// True when the `(` that opens the text is closed by its last `)`.
fn brackets_close_at_end(text: &str) -> bool {
    let mut depth = 0usize;
    let mut quoted = false;
    for (i, ch) in text.char_indices() {
        match ch {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i == text.len() - 1;
                }
            }
            _ => {}
        }
    }
    false
}

/// The tree's side of `program::conditions_in_value`: the `where` of each
/// `count`, and any `and`, `or`, `not` or `any` used as a value, left to right.
fn conditions_in_value<'a>(a: &'a Expr, out: &mut Vec<&'a Expr>) {
    match &a.kind {
        ExprKind::CountWhere { cond, .. } => out.push(cond),
        ExprKind::Or(_) | ExprKind::And(_) | ExprKind::Not(_) | ExprKind::Quant { .. } => out.push(a),
        ExprKind::Test(subject, op) => {
            conditions_in_value(subject, out);
            match &**op {
                TestOp::AtLeast(x)
                | TestOp::AtMost(x)
                | TestOp::MoreThan(x)
                | TestOp::LessThan(x)
                | TestOp::Before(x)
                | TestOp::After(x)
                | TestOp::OnOrBefore(x)
                | TestOp::OnOrAfter(x)
                | TestOp::Is(x)
                | TestOp::IsNot(x)
                | TestOp::Within { other: x, .. } => conditions_in_value(x, out),
                TestOp::OneOf(xs) | TestOp::NotOneOf(xs) => xs.iter().for_each(|x| conditions_in_value(x, out)),
                // Options and phrases: names and words, never conditions.
                TestOp::Answered
                | TestOp::NotAnswered
                | TestOp::Contains(_)
                | TestOp::NotContains(_)
                | TestOp::ContainsAny(_)
                | TestOp::Includes(_)
                | TestOp::NotIncludes(_)
                | TestOp::IncludesAny(_)
                | TestOp::IncludesAll(_) => {}
            }
        }
        ExprKind::Arith(x, _, y) => {
            conditions_in_value(x, out);
            conditions_in_value(y, out);
        }
        ExprKind::Between { from, to, .. } => {
            conditions_in_value(from, out);
            conditions_in_value(to, out);
        }
        ExprKind::CountOf(_)
        | ExprKind::Date(_)
        | ExprKind::Number(_)
        | ExprKind::Text(_)
        | ExprKind::Bool(_)
        | ExprKind::Today
        | ExprKind::Path(_) => {}
    }
}
