//! Moving every span of a syntax tree node by a number of bytes: a top-level
//! item parsed on its own (from the parse cache) put back at its place in the
//! file. Every `Span` in `ast` is visited here; a new one must be added, or
//! the cache's equivalence test (tests/parse_cache.rs) fails on it.

use super::ast::*;

pub(crate) trait Shift {
    fn shift(&mut self, by: usize);
}

/// `by` wraps: a kept piece that moved up by `d` bytes is shifted by `0 - d`.
impl Shift for Span {
    fn shift(&mut self, by: usize) {
        *self = Span::new(self.start.wrapping_add(by), self.end.wrapping_add(by));
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, by: usize) {
        self.iter_mut().for_each(|x| x.shift(by));
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, by: usize) {
        if let Some(x) = self {
            x.shift(by);
        }
    }
}

impl<T: Shift> Shift for Box<T> {
    fn shift(&mut self, by: usize) {
        (**self).shift(by);
    }
}

impl Shift for Ident {
    fn shift(&mut self, by: usize) {
        self.span.shift(by);
    }
}

impl Shift for Str {
    fn shift(&mut self, by: usize) {
        self.span.shift(by);
    }
}

impl Shift for DateLit {
    fn shift(&mut self, by: usize) {
        self.span.shift(by);
    }
}

impl Shift for Header {
    fn shift(&mut self, by: usize) {
        let Header { name, version, owner, effective, review, span } = self;
        name.shift(by);
        version.shift(by);
        owner.shift(by);
        effective.shift(by);
        review.shift(by);
        span.shift(by);
    }
}

impl Shift for Item {
    fn shift(&mut self, by: usize) {
        match self {
            Item::Levels(d, s) | Item::Actions(d, s) => {
                d.shift(by);
                s.shift(by);
            }
            Item::Form(f, s) => {
                f.shift(by);
                s.shift(by);
            }
            Item::Define(d) => d.shift(by),
            Item::Score(x) => x.shift(by),
            Item::Rule(x) => x.shift(by),
            Item::Floor(x) => x.shift(by),
            Item::Policy(x) => x.shift(by),
            Item::Test(x) => x.shift(by),
        }
    }
}

impl Shift for Policy {
    fn shift(&mut self, by: usize) {
        let Policy { title, clauses, span } = self;
        title.shift(by);
        clauses.shift(by);
        span.shift(by);
    }
}

impl Shift for PolicyClause {
    fn shift(&mut self, by: usize) {
        let PolicyClause { kind, limit, span } = self;
        kind.shift(by);
        match limit {
            PolicyLimit::AtMost(i) => i.shift(by),
            PolicyLimit::NeverAsk(v) => v.shift(by),
        }
        span.shift(by);
    }
}

impl Shift for Decl {
    fn shift(&mut self, by: usize) {
        let Decl { id, label, requires } = self;
        id.shift(by);
        label.shift(by);
        requires.shift(by);
    }
}

impl Shift for FormItem {
    fn shift(&mut self, by: usize) {
        match self {
            FormItem::Field { name, label, ty, not_screened, span } => {
                name.shift(by);
                label.shift(by);
                match ty {
                    FieldType::OneOf(o) | FieldType::SeveralOf(o) => o.shift(by),
                    FieldType::YesNo | FieldType::Number | FieldType::Text | FieldType::Date => {}
                }
                not_screened.shift(by);
                span.shift(by);
            }
            FormItem::List { name, label, item, item_label, fields, span } => {
                name.shift(by);
                label.shift(by);
                item.shift(by);
                item_label.shift(by);
                fields.shift(by);
                span.shift(by);
            }
        }
    }
}

impl Shift for OptionDecl {
    fn shift(&mut self, by: usize) {
        let OptionDecl { id, label, not_screened } = self;
        id.shift(by);
        label.shift(by);
        not_screened.shift(by);
    }
}

impl Shift for Definition {
    fn shift(&mut self, by: usize) {
        let Definition { owner, name, label, expr, span } = self;
        owner.shift(by);
        name.shift(by);
        label.shift(by);
        expr.shift(by);
        span.shift(by);
    }
}

impl Shift for Score {
    fn shift(&mut self, by: usize) {
        let Score { id, label, bands, span } = self;
        id.shift(by);
        label.shift(by);
        bands.shift(by);
        span.shift(by);
    }
}

impl Shift for Band {
    fn shift(&mut self, by: usize) {
        let Band { id, label, from: _, to: _, range_span, effects, span } = self;
        id.shift(by);
        label.shift(by);
        range_span.shift(by);
        effects.shift(by);
        span.shift(by);
    }
}

impl Shift for Rule {
    fn shift(&mut self, by: usize) {
        let Rule { id, title, context, kind, when, effects, rationale, source, span } = self;
        id.shift(by);
        title.shift(by);
        context.shift(by);
        kind.shift(by);
        when.shift(by);
        effects.shift(by);
        rationale.shift(by);
        source.shift(by);
        span.shift(by);
    }
}

impl Shift for Floor {
    fn shift(&mut self, by: usize) {
        let Floor { id, title, when, level, rationale, source, span } = self;
        id.shift(by);
        title.shift(by);
        when.shift(by);
        level.shift(by);
        rationale.shift(by);
        source.shift(by);
        span.shift(by);
    }
}

impl Shift for Effect {
    fn shift(&mut self, by: usize) {
        match self {
            Effect::Raise(i) | Effect::Action(i) => i.shift(by),
            Effect::Points { points: _, score, span } => {
                score.shift(by);
                span.shift(by);
            }
            Effect::Prompt(s) => s.shift(by),
        }
    }
}

impl Shift for Test {
    fn shift(&mut self, by: usize) {
        let Test { name, date, form, expects, span } = self;
        name.shift(by);
        date.shift(by);
        match form {
            TestForm::Inline { json: _, span } => span.shift(by),
            TestForm::File(s) => s.shift(by),
        }
        expects.shift(by);
        span.shift(by);
    }
}

impl Shift for Expect {
    fn shift(&mut self, by: usize) {
        match self {
            Expect::Level(i) | Expect::TopContext(i) => i.shift(by),
            Expect::Actions(v) | Expect::NoActions(v) | Expect::Fired(v) | Expect::NotFired(v) | Expect::Undecided(v) => v.shift(by),
            Expect::Score { score, total: _, span } => {
                score.shift(by);
                span.shift(by);
            }
            Expect::Band { score, band } => {
                score.shift(by);
                band.shift(by);
            }
            Expect::Prompt(s) => s.shift(by),
            Expect::NoPrompt(s) => s.shift(by),
        }
    }
}

impl Shift for Path {
    fn shift(&mut self, by: usize) {
        self.parts.shift(by);
        self.span.shift(by);
    }
}

impl Shift for Expr {
    fn shift(&mut self, by: usize) {
        self.span.shift(by);
        match &mut self.kind {
            ExprKind::Or(v) | ExprKind::And(v) => v.shift(by),
            ExprKind::Not(e) => e.shift(by),
            ExprKind::Test(e, op) => {
                e.shift(by);
                op.shift(by);
            }
            ExprKind::Arith(a, _, b) => {
                a.shift(by);
                b.shift(by);
            }
            ExprKind::Quant { kind: _, var, list, cond } | ExprKind::CountWhere { var, list, cond } => {
                var.shift(by);
                list.shift(by);
                cond.shift(by);
            }
            ExprKind::CountOf(p) | ExprKind::Path(p) => p.shift(by),
            ExprKind::Between { unit: _, from, to } => {
                from.shift(by);
                to.shift(by);
            }
            ExprKind::Date(d) => d.shift(by),
            ExprKind::Number(_) | ExprKind::Text(_) | ExprKind::Bool(_) | ExprKind::Today => {}
        }
    }
}

impl Shift for TestOp {
    fn shift(&mut self, by: usize) {
        match self {
            TestOp::Answered | TestOp::NotAnswered => {}
            TestOp::AtLeast(e)
            | TestOp::AtMost(e)
            | TestOp::MoreThan(e)
            | TestOp::LessThan(e)
            | TestOp::Before(e)
            | TestOp::After(e)
            | TestOp::OnOrBefore(e)
            | TestOp::OnOrAfter(e)
            | TestOp::Is(e)
            | TestOp::IsNot(e) => e.shift(by),
            TestOp::OneOf(v) | TestOp::NotOneOf(v) | TestOp::ContainsAny(v) | TestOp::IncludesAny(v) | TestOp::IncludesAll(v) => {
                v.shift(by)
            }
            TestOp::Within { amount: _, unit: _, dir: _, other } => other.shift(by),
            TestOp::Contains(s) | TestOp::NotContains(s) => s.shift(by),
            TestOp::Includes(i) | TestOp::NotIncludes(i) => i.shift(by),
        }
    }
}
