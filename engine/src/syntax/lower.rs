//! pest's pairs to the syntax tree. Every child is taken by its rule
//! (`Kids::expect`, or a `match` on `as_rule()`), never by its position, so a
//! grammar edit that moves a child fails loudly in the tests instead of
//! filling the wrong field. Keywords are skipped using the vocabulary.
//!
//! The few checks that need only the text of one token (real dates, number
//! sizes) and the spreadsheet symbols (`=` for `is`) are reported here too.

use super::ast::{self, Expr, ExprKind, Ident, Str, TestOp};
use super::vocabulary::is_keyword;
use super::{errors, Rule};
use crate::diagnostics::{Code, Diagnostic};
use crate::span::Span;
use pest::iterators::{Pair, Pairs};
use std::iter::Peekable;

type P<'i> = Pair<'i, Rule>;

/// A whole file that parsed.
pub fn file(p: P) -> (ast::File, Vec<Diagnostic>) {
    let mut b = Builder { diags: Vec::new() };
    let mut kids = Kids::of(p);
    let header = b.header(kids.expect(Rule::header));
    let mut items = Vec::new();
    while let Some(it) = kids.next() {
        if it.as_rule() != Rule::EOI {
            items.push(b.item(it));
        }
    }
    (ast::File { header, items }, b.diags)
}

/// A piece parsed on its own during recovery (`header_only` or `item_only`):
/// only the mistakes the lowering spots are wanted.
pub fn piece_diagnostics(p: P) -> Vec<Diagnostic> {
    let mut b = Builder { diags: Vec::new() };
    for x in p.into_inner() {
        match x.as_rule() {
            Rule::header => {
                b.header(x);
            }
            Rule::EOI => {}
            _ => {
                b.item(x);
            }
        }
    }
    b.diags
}

/// A top-level piece parsed on its own (`header_only` or `item_only`), lowered
/// as `file` would lower it there, for the parse cache.
pub fn piece(p: P) -> (Option<ast::Header>, Option<ast::Item>, Vec<Diagnostic>) {
    let mut b = Builder { diags: Vec::new() };
    let (mut header, mut item) = (None, None);
    for x in p.into_inner() {
        match x.as_rule() {
            Rule::header => header = Some(b.header(x)),
            Rule::EOI => {}
            _ => item = Some(b.item(x)),
        }
    }
    (header, item, b.diags)
}

fn span(p: &P) -> Span {
    Span::new(p.as_span().start(), p.as_span().end())
}

/// The children of a node with its keywords left out.
struct Kids<'i> {
    it: Peekable<Pairs<'i, Rule>>,
}

impl<'i> Kids<'i> {
    fn of(p: P<'i>) -> Self {
        Kids { it: p.into_inner().peekable() }
    }

    fn skip_keywords(&mut self) {
        while self.it.next_if(|p| is_keyword(p.as_rule())).is_some() {}
    }

    fn next(&mut self) -> Option<P<'i>> {
        self.skip_keywords();
        self.it.next()
    }

    /// The next child, which the grammar says is a `rule`.
    fn expect(&mut self, want: Rule) -> P<'i> {
        match self.next() {
            Some(p) if p.as_rule() == want => p,
            other => mismatch(want, other.map(|p| p.as_rule())),
        }
    }

    /// The next child if it is a `rule`.
    fn optional(&mut self, want: Rule) -> Option<P<'i>> {
        self.skip_keywords();
        self.it.next_if(|p| p.as_rule() == want)
    }

    /// The one child of a node that has one (besides keywords).
    fn only(p: P<'i>, want: Rule) -> P<'i> {
        Kids::of(p).expect(want)
    }
}

/// Reached only if grammar.pest and this file disagree: a bug, which the
/// corpus tests find on the first run.
fn mismatch(wanted: Rule, found: Option<Rule>) -> ! {
    panic!("grammar.pest and syntax/lower.rs disagree: expected {wanted:?}, found {found:?}")
}

struct Builder {
    diags: Vec<Diagnostic>,
}

impl Builder {
    fn header(&mut self, p: P) -> ast::Header {
        let sp = span(&p);
        let mut kids = Kids::of(p);
        let name = self.string(Kids::only(kids.expect(Rule::header_name), Rule::string));
        let mut h = ast::Header { name, version: None, owner: None, effective: None, review: None, span: sp };
        while let Some(f) = kids.next() {
            let f = match Kids::of(f).next() {
                Some(f) => f,
                None => mismatch(Rule::header_field, None),
            };
            match f.as_rule() {
                Rule::header_version => h.version = Some(self.string(Kids::only(f, Rule::string))),
                Rule::header_owner => h.owner = Some(self.string(Kids::only(f, Rule::string))),
                Rule::header_effective => h.effective = Some(self.date(Kids::only(f, Rule::date_lit))),
                Rule::header_review => h.review = Some(self.date(Kids::only(f, Rule::date_lit))),
                r => mismatch(Rule::header_field, Some(r)),
            }
        }
        h
    }

    fn item(&mut self, p: P) -> ast::Item {
        let sp = span(&p);
        match p.as_rule() {
            Rule::levels => ast::Item::Levels(self.decls(p, Rule::level_decl), sp),
            Rule::actions => ast::Item::Actions(self.decls(p, Rule::action_decl), sp),
            Rule::form => ast::Item::Form(self.form_items(Kids::of(p)), sp),
            Rule::definition => ast::Item::Define(self.definition(p)),
            Rule::score => {
                let mut kids = Kids::of(p);
                let id = ident(kids.expect(Rule::ident));
                let label = self.string(kids.expect(Rule::string));
                let mut bands = Vec::new();
                while let Some(b) = kids.optional(Rule::band) {
                    bands.push(self.band(b));
                }
                ast::Item::Score(ast::Score { id, label, bands, span: sp })
            }
            Rule::rule => ast::Item::Rule(self.rule(p)),
            Rule::floor => {
                let mut kids = Kids::of(p);
                let id = ident(kids.expect(Rule::ident));
                let title = self.string(kids.expect(Rule::string));
                let when = self.expr(kids.expect(Rule::expr));
                let level = ident(kids.expect(Rule::ident));
                let rationale = self.string(Kids::only(kids.expect(Rule::rationale), Rule::string));
                let source = self.string(Kids::only(kids.expect(Rule::source), Rule::string));
                ast::Item::Floor(ast::Floor { id, title, when, level, rationale, source, span: sp })
            }
            Rule::policy => ast::Item::Policy(self.policy(p)),
            Rule::test => self.test(p),
            r => mismatch(Rule::item_only, Some(r)),
        }
    }

    fn definition(&mut self, p: P) -> ast::Definition {
        let sp = span(&p);
        let mut kids = Kids::of(p);
        let mut parts: Vec<Ident> = kids.expect(Rule::def_name).into_inner().map(ident).collect();
        let name = match parts.pop() {
            Some(n) => n,
            None => mismatch(Rule::ident, None),
        };
        let owner = parts.pop();
        let label = kids.optional(Rule::string).map(|s| self.string(s));
        let expr = self.expr(kids.expect(Rule::expr));
        ast::Definition { owner, name, label, expr, span: sp }
    }

    fn decls(&mut self, p: P, want: Rule) -> Vec<ast::Decl> {
        let mut kids = Kids::of(p);
        let mut out = Vec::new();
        while let Some(d) = kids.optional(want) {
            let mut k = Kids::of(d);
            let id = ident(k.expect(Rule::ident));
            let label = self.string(k.expect(Rule::string));
            let requires = k.optional(Rule::ident_list).map(|l| l.into_inner().map(ident).collect()).unwrap_or_default();
            out.push(ast::Decl { id, label, requires });
        }
        out
    }

    fn form_items(&mut self, mut kids: Kids) -> Vec<ast::FormItem> {
        let mut out = Vec::new();
        while let Some(f) = kids.next() {
            match f.as_rule() {
                Rule::field_decl | Rule::list_decl => out.push(self.form_item(f)),
                r => mismatch(Rule::field_decl, Some(r)),
            }
        }
        out
    }

    fn form_item(&mut self, p: P) -> ast::FormItem {
        let sp = span(&p);
        let which = p.as_rule();
        let mut kids = Kids::of(p);
        let name = ident(kids.expect(Rule::ident));
        let label = self.string(kids.expect(Rule::string));
        if which == Rule::list_decl {
            let item = ident(kids.expect(Rule::ident));
            let item_label = kids.optional(Rule::string).map(|s| self.string(s));
            let fields = self.form_items(kids);
            return ast::FormItem::List { name, label, item, item_label, fields, span: sp };
        }
        let t = match kids.next() {
            Some(t) => t,
            None => mismatch(Rule::ty_yes_no, None),
        };
        let ty = match t.as_rule() {
            Rule::ty_yes_no => ast::FieldType::YesNo,
            Rule::ty_number => ast::FieldType::Number,
            Rule::ty_text => ast::FieldType::Text,
            Rule::ty_date => ast::FieldType::Date,
            Rule::ty_one_of => ast::FieldType::OneOf(self.options(Kids::only(t, Rule::option_list))),
            Rule::ty_several_of => ast::FieldType::SeveralOf(self.options(Kids::only(t, Rule::option_list))),
            r => mismatch(Rule::ty_yes_no, Some(r)),
        };
        let not_screened = kids.optional(Rule::not_screened).map(|n| self.string(Kids::only(n, Rule::string)));
        ast::FormItem::Field { name, label, ty, not_screened, span: sp }
    }

    fn options(&mut self, p: P) -> Vec<ast::OptionDecl> {
        let mut kids = Kids::of(p);
        let mut out = Vec::new();
        while let Some(o) = kids.optional(Rule::option_decl) {
            let mut k = Kids::of(o);
            let id = ident(k.expect(Rule::ident));
            let label = k.optional(Rule::string).map(|s| self.string(s));
            let not_screened = k.optional(Rule::not_screened).map(|n| self.string(Kids::only(n, Rule::string)));
            out.push(ast::OptionDecl { id, label, not_screened });
        }
        out
    }

    fn policy(&mut self, p: P) -> ast::Policy {
        let sp = span(&p);
        let mut kids = Kids::of(p);
        let title = self.string(kids.expect(Rule::string));
        let mut clauses = Vec::new();
        while let Some(c) = kids.next() {
            let csp = span(&c);
            let which = c.as_rule();
            let mut k = Kids::of(c);
            let kind = ident(k.expect(Rule::ident));
            let limit = match which {
                Rule::policy_at_most => ast::PolicyLimit::AtMost(ident(k.expect(Rule::ident))),
                Rule::policy_never_ask => ast::PolicyLimit::NeverAsk(k.expect(Rule::ident_list).into_inner().map(ident).collect()),
                r => mismatch(Rule::policy_at_most, Some(r)),
            };
            clauses.push(ast::PolicyClause { kind, limit, span: csp });
        }
        ast::Policy { title, clauses, span: sp }
    }

    fn band(&mut self, p: P) -> ast::Band {
        let sp = span(&p);
        let mut kids = Kids::of(p);
        let id = ident(kids.expect(Rule::ident));
        let label = self.string(kids.expect(Rule::string));
        let from_p = kids.expect(Rule::integer);
        let mut range_span = span(&from_p);
        let from = self.integer(&from_p);
        let to = kids.optional(Rule::integer).map(|t| {
            range_span = range_span.to(span(&t));
            self.integer(&t)
        });
        let mut effects = Vec::new();
        while let Some(e) = kids.next() {
            effects.push(self.effect(e));
        }
        ast::Band { id, label, from, to, range_span, effects, span: sp }
    }

    fn rule(&mut self, p: P) -> ast::Rule {
        let sp = span(&p);
        let mut kids = Kids::of(p);
        let id = ident(kids.expect(Rule::ident));
        let title = self.string(kids.expect(Rule::string));
        let context = ident(Kids::only(kids.expect(Rule::rule_context), Rule::ident));
        let kind = ident(Kids::only(kids.expect(Rule::rule_kind), Rule::ident));
        let when = self.expr(kids.expect(Rule::expr));
        let mut effects = Vec::new();
        let rationale = loop {
            match kids.next() {
                Some(x) if x.as_rule() == Rule::rationale => break self.string(Kids::only(x, Rule::string)),
                Some(x) => effects.push(self.effect(x)),
                None => mismatch(Rule::rationale, None),
            }
        };
        let source = self.string(Kids::only(kids.expect(Rule::source), Rule::string));
        ast::Rule { id, title, context, kind, when, effects, rationale, source, span: sp }
    }

    fn effect(&mut self, p: P) -> ast::Effect {
        let sp = span(&p);
        let which = p.as_rule();
        let mut kids = Kids::of(p);
        match which {
            Rule::effect_raise => ast::Effect::Raise(ident(kids.expect(Rule::ident))),
            Rule::effect_action => ast::Effect::Action(ident(kids.expect(Rule::ident))),
            Rule::effect_prompt => ast::Effect::Prompt(self.string(kids.expect(Rule::string))),
            Rule::effect_points => {
                let points = self.integer(&kids.expect(Rule::integer));
                ast::Effect::Points { points, score: ident(kids.expect(Rule::ident)), span: sp }
            }
            r => mismatch(Rule::effect_raise, Some(r)),
        }
    }

    fn test(&mut self, p: P) -> ast::Item {
        let sp = span(&p);
        let mut kids = Kids::of(p);
        let name = self.string(kids.expect(Rule::string));
        let date = kids.optional(Rule::test_date).map(|d| self.test_date(Kids::only(d, Rule::date_lit)));
        let v = match Kids::of(kids.expect(Rule::test_form)).next() {
            Some(v) => v,
            None => mismatch(Rule::json_object, None),
        };
        let form = match v.as_rule() {
            Rule::json_object => ast::TestForm::Inline { json: v.as_str().to_string(), span: span(&v) },
            Rule::string => ast::TestForm::File(self.string(v)),
            r => mismatch(Rule::json_object, Some(r)),
        };
        let mut expects = Vec::new();
        while let Some(x) = kids.next() {
            expects.push(self.expect(x));
        }
        ast::Item::Test(ast::Test { name, date, form, expects, span: sp })
    }

    fn expect(&mut self, p: P) -> ast::Expect {
        use ast::Expect as X;
        let sp = span(&p);
        let which = p.as_rule();
        let mut kids = Kids::of(p);
        let mut ids = || -> Vec<Ident> { kids.expect(Rule::ident_list).into_inner().map(ident).collect() };
        match which {
            Rule::expect_action => X::Actions(ids()),
            Rule::expect_no_action => X::NoActions(ids()),
            Rule::expect_fired => X::Fired(ids()),
            Rule::expect_not_fired => X::NotFired(ids()),
            Rule::expect_undecided => X::Undecided(ids()),
            Rule::expect_level => X::Level(ident(kids.expect(Rule::ident))),
            Rule::expect_context => X::TopContext(ident(kids.expect(Rule::ident))),
            Rule::expect_score => {
                let score = ident(kids.expect(Rule::ident));
                let total = self.integer(&kids.expect(Rule::integer));
                X::Score { score, total, span: sp }
            }
            Rule::expect_band => {
                let score = ident(kids.expect(Rule::ident));
                X::Band { score, band: ident(kids.expect(Rule::ident)) }
            }
            Rule::expect_prompt => X::Prompt(self.string(kids.expect(Rule::string))),
            Rule::expect_no_prompt => X::NoPrompt(sp),
            r => mismatch(Rule::expect_level, Some(r)),
        }
    }

    // ------------------------------------------------------------ expressions

    /// The next child of a node, as an expression.
    fn expr_of(&mut self, kids: &mut Kids) -> Expr {
        match kids.next() {
            Some(x) => self.expr(x),
            None => mismatch(Rule::sum, None),
        }
    }

    fn expr(&mut self, p: P) -> Expr {
        let sp = span(&p);
        let at = |kind| Expr { kind, span: sp };
        match p.as_rule() {
            Rule::expr => self.expr_of(&mut Kids::of(p)),
            Rule::or_expr | Rule::and_expr => {
                let is_or = p.as_rule() == Rule::or_expr;
                if is_or {
                    self.check_mixed(&p);
                }
                let mut parts: Vec<Expr> = Vec::new();
                let mut texts: Vec<String> = Vec::new();
                let mut kids = Kids::of(p);
                while let Some(x) = kids.next() {
                    texts.push(one_line(x.as_str()));
                    parts.push(self.expr(x));
                }
                if is_or {
                    self.or_more(&mut parts, &texts);
                }
                match (parts.len(), is_or) {
                    (1, _) => parts.pop().unwrap_or_else(|| mismatch(Rule::and_expr, None)),
                    (_, true) => at(ExprKind::Or(parts)),
                    (_, false) => at(ExprKind::And(parts)),
                }
            }
            Rule::not_expr => {
                // `not` is a keyword child: its presence is what matters here.
                let negated = p.clone().into_inner().next().is_some_and(|x| x.as_rule() == Rule::kw_not);
                let inner = self.expr_of(&mut Kids::of(p));
                if negated {
                    at(ExprKind::Not(Box::new(inner)))
                } else {
                    inner
                }
            }
            Rule::test_expr => {
                let mut kids = Kids::of(p);
                let subject = self.expr(kids.expect(Rule::sum));
                match kids.next() {
                    None => subject,
                    Some(suffix) => {
                        let op = self.test_op(suffix);
                        at(ExprKind::Test(Box::new(subject), Box::new(op)))
                    }
                }
            }
            Rule::sum | Rule::product => {
                let mut kids = Kids::of(p);
                let mut acc = self.expr_of(&mut kids);
                while let Some(op) = kids.next() {
                    let op = match (op.as_rule(), op.as_str()) {
                        (Rule::add_op, "+") => ast::ArithOp::Add,
                        (Rule::add_op, _) => ast::ArithOp::Sub,
                        (Rule::mul_op, _) => ast::ArithOp::Mul,
                        (r, _) => mismatch(Rule::add_op, Some(r)),
                    };
                    let rhs = self.expr_of(&mut kids);
                    let s = acc.span.to(rhs.span);
                    acc = Expr { kind: ExprKind::Arith(Box::new(acc), op, Box::new(rhs)), span: s };
                }
                acc
            }
            Rule::paren => {
                let mut e = self.expr(Kids::only(p, Rule::expr));
                e.span = sp;
                e
            }
            Rule::quantifier => {
                let mut kids = Kids::of(p);
                let kind = match Kids::of(kids.expect(Rule::quant_kind)).it.next().map(|k| k.as_rule()) {
                    Some(Rule::kw_any) => ast::QuantKind::Any,
                    Some(Rule::kw_all) => ast::QuantKind::All,
                    Some(Rule::kw_no) => ast::QuantKind::No,
                    r => mismatch(Rule::kw_any, r),
                };
                let var = ident(kids.expect(Rule::ident));
                let list = path(kids.expect(Rule::path));
                let cond = Box::new(self.expr_of(&mut kids));
                at(ExprKind::Quant { kind, var, list, cond })
            }
            Rule::count_where => {
                let mut kids = Kids::of(p);
                let var = ident(kids.expect(Rule::ident));
                let list = path(kids.expect(Rule::path));
                let cond = Box::new(self.expr_of(&mut kids));
                at(ExprKind::CountWhere { var, list, cond })
            }
            Rule::count_of => at(ExprKind::CountOf(path(Kids::only(p, Rule::path)))),
            Rule::between => {
                let mut kids = Kids::of(p);
                let unit = unit(kids.expect(Rule::unit));
                let from = Box::new(self.expr(kids.expect(Rule::sum)));
                let to = Box::new(self.expr(kids.expect(Rule::sum)));
                at(ExprKind::Between { unit, from, to })
            }
            Rule::date_lit => at(ExprKind::Date(self.date(p))),
            Rule::number => {
                let v = p.as_str().parse::<f64>().unwrap_or(f64::NAN);
                if !v.is_finite() || v.abs() > 1e15 {
                    self.diags.push(
                        Diagnostic::error(Code::E001, sp, "This number is too large")
                            .with_help("Numbers must be smaller than 1,000,000,000,000,000."),
                    );
                }
                at(ExprKind::Number(v))
            }
            Rule::string => at(ExprKind::Text(self.string(p).value)),
            Rule::bool_lit => {
                let yes = p.into_inner().next().is_some_and(|k| k.as_rule() == Rule::kw_yes);
                at(ExprKind::Bool(yes))
            }
            Rule::today => at(ExprKind::Today),
            Rule::path => at(ExprKind::Path(path(p))),
            r => mismatch(Rule::expr, Some(r)),
        }
    }

    fn test_op(&mut self, p: P) -> TestOp {
        // `is ...` comparisons: `is` is matched once, the comparison is its child.
        let p = if p.as_rule() == Rule::t_is_op {
            match Kids::of(p).next() {
                Some(x) => x,
                None => mismatch(Rule::t_is, None),
            }
        } else {
            p
        };
        let which = p.as_rule();
        let mut kids = Kids::of(p);
        match which {
            Rule::t_answered => TestOp::Answered,
            Rule::t_not_answered => TestOp::NotAnswered,
            Rule::t_at_least => TestOp::AtLeast(self.expr(kids.expect(Rule::sum))),
            Rule::t_at_most => TestOp::AtMost(self.expr(kids.expect(Rule::sum))),
            Rule::t_more_than => TestOp::MoreThan(self.expr(kids.expect(Rule::sum))),
            Rule::t_less_than => TestOp::LessThan(self.expr(kids.expect(Rule::sum))),
            Rule::t_before => TestOp::Before(self.expr(kids.expect(Rule::sum))),
            Rule::t_after => TestOp::After(self.expr(kids.expect(Rule::sum))),
            Rule::t_on_or_before => TestOp::OnOrBefore(self.expr(kids.expect(Rule::sum))),
            Rule::t_on_or_after => TestOp::OnOrAfter(self.expr(kids.expect(Rule::sum))),
            Rule::t_is => TestOp::Is(self.expr(kids.expect(Rule::sum))),
            Rule::t_is_not => TestOp::IsNot(self.expr(kids.expect(Rule::sum))),
            Rule::t_one_of | Rule::t_not_one_of | Rule::t_contains_any | Rule::t_includes_any | Rule::t_includes_all => {
                let values: Vec<Expr> = kids.expect(Rule::value_list).into_inner().map(|v| self.expr(v)).collect();
                match which {
                    Rule::t_one_of => TestOp::OneOf(values),
                    Rule::t_not_one_of => TestOp::NotOneOf(values),
                    Rule::t_contains_any => TestOp::ContainsAny(values),
                    Rule::t_includes_any => TestOp::IncludesAny(values),
                    _ => TestOp::IncludesAll(values),
                }
            }
            Rule::t_within => {
                let amount = self.integer(&kids.expect(Rule::integer));
                let unit = unit(kids.expect(Rule::unit));
                let dir = match kids.expect(Rule::within_dir).into_inner().next().map(|k| k.as_rule()) {
                    Some(Rule::kw_before) => ast::Direction::Before,
                    Some(Rule::kw_after) => ast::Direction::After,
                    _ => ast::Direction::Either,
                };
                let other = self.expr(kids.expect(Rule::sum));
                TestOp::Within { amount, unit, dir, other }
            }
            Rule::t_contains => TestOp::Contains(self.string(kids.expect(Rule::string))),
            Rule::t_not_contains => TestOp::NotContains(self.string(kids.expect(Rule::string))),
            Rule::t_includes => TestOp::Includes(ident(kids.expect(Rule::ident))),
            Rule::t_not_includes => TestOp::NotIncludes(ident(kids.expect(Rule::ident))),
            Rule::t_bad_op => {
                let op = kids.expect(Rule::bad_op);
                let rhs = self.expr(kids.expect(Rule::sum));
                self.bad_op(op, rhs)
            }
            r => mismatch(Rule::t_is, Some(r)),
        }
    }

    /// `a and b or c` means `(a and b) or c` to the parser, but a reader may
    /// take it the other way: an error, with both readings written out.
    fn check_mixed(&mut self, p: &P) {
        // The operands in order, each with whether `and` (else `or`) follows it.
        let groups: Vec<Vec<String>> = p
            .clone()
            .into_inner()
            .filter(|x| x.as_rule() == Rule::and_expr)
            .map(|a| a.into_inner().filter(|x| x.as_rule() == Rule::not_expr).map(|x| one_line(x.as_str())).collect())
            .collect();
        if groups.len() < 2 || groups.iter().all(|g| g.len() < 2) {
            return;
        }
        let bracket = |parts: Vec<String>, word: &str| -> String {
            let joined = parts.join(word);
            if parts.len() > 1 {
                format!("({joined})")
            } else {
                joined
            }
        };
        // Reading 1: each `and` run together (how the parser reads it).
        let and_first: Vec<String> = groups.iter().map(|g| bracket(g.clone(), " and ")).collect();
        // Reading 2: each `or` run together, split where `and` stands.
        let mut segments: Vec<Vec<String>> = vec![Vec::new()];
        for g in &groups {
            for (i, x) in g.iter().enumerate() {
                if i > 0 {
                    segments.push(Vec::new());
                }
                if let Some(s) = segments.last_mut() {
                    s.push(x.to_string());
                }
            }
        }
        let or_first: Vec<String> = segments.into_iter().map(|s| bracket(s, " or ")).collect();
        // The pair's own span runs on over the spaces after it.
        let start = span(p).range().0;
        let sp = Span::new(start, start + p.as_str().trim_end().len());
        self.diags.push(errors::mixed_and_or(sp, &and_first.join(" or "), &or_first.join(" and ")));
    }

    /// `count is 1 or more` reads to the parser as `count is 1`, or a field
    /// called `more`. Read it as the writer meant (`is at least 1`), so no
    /// "unknown field `more`" follows, and say how to write it.
    fn or_more(&mut self, parts: &mut Vec<Expr>, texts: &[String]) {
        let mut i = parts.len();
        while i > 1 {
            i -= 1;
            let at_least = match texts[i].as_str() {
                "more" | "over" | "above" | "greater" | "higher" => true,
                "less" | "fewer" | "under" | "below" | "lower" => false,
                _ => continue,
            };
            let ExprKind::Test(lhs, op) = &parts[i - 1].kind else { continue };
            let TestOp::Is(rhs) = op.as_ref() else { continue };
            if !matches!(rhs.kind, ExprKind::Number(_)) {
                continue;
            }
            let (lhs, rhs) = (lhs.clone(), rhs.clone());
            let words = if at_least { "at least" } else { "at most" };
            let written = format!("{} or {}", texts[i - 1], texts[i]);
            let meant = match texts[i - 1].rfind(" is ") {
                Some(k) => format!("{} is {words} {}", &texts[i - 1][..k], &texts[i - 1][k + 4..]),
                None => continue,
            };
            let sp = Span::new(parts[i - 1].span.range().0, parts[i].span.range().1);
            self.diags.push(errors::or_more(sp, &written, &meant));
            let op = if at_least { TestOp::AtLeast(rhs) } else { TestOp::AtMost(rhs) };
            parts[i - 1] = Expr { kind: ExprKind::Test(lhs, Box::new(op)), span: sp };
            parts.remove(i);
        }
    }

    /// `=`, `<` and friends: read as the words they stand for, and say which words.
    fn bad_op(&mut self, op: P, rhs: Expr) -> TestOp {
        let (words, mapped): (&str, TestOp) = match op.as_str() {
            "=" | "==" => ("is", TestOp::Is(rhs)),
            "!=" | "<>" => ("is not", TestOp::IsNot(rhs)),
            "<" => ("is less than", TestOp::LessThan(rhs)),
            ">" => ("is more than", TestOp::MoreThan(rhs)),
            "<=" => ("is at most", TestOp::AtMost(rhs)),
            _ => ("is at least", TestOp::AtLeast(rhs)),
        };
        let code = if matches!(op.as_str(), "=" | "==") { Code::E002 } else { Code::E004 };
        self.diags.push(
            Diagnostic::error(code, span(&op), format!("Write `{words}` instead of `{}`", op.as_str()))
                .with_help(format!("Rule files use words for comparisons, so they read as plain English: for example `age {words} 13`.")),
        );
        mapped
    }

    // ------------------------------------------------------------ leaves

    fn string(&mut self, p: P) -> Str {
        let sp = span(&p);
        let raw = p.into_inner().next().map(|i| i.as_str()).unwrap_or("");
        let mut value = String::with_capacity(raw.len());
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => value.push('\n'),
                    Some(o) => value.push(o),
                    None => {}
                }
            } else {
                value.push(c);
            }
        }
        Str { value, span: sp }
    }

    fn date(&mut self, p: P) -> ast::DateLit {
        let d = ast::DateLit { text: p.as_str().to_string(), span: span(&p) };
        if crate::dates::parse_date(&d.text).is_none() {
            let (what, help) = date_problem(&d.text);
            self.diags.push(Diagnostic::error(Code::E005, d.span, format!("{} {what}", d.text)).with_help(help));
        }
        d
    }

    /// A test's own date: the same checks, worded for the test (E305).
    fn test_date(&mut self, p: P) -> ast::DateLit {
        let d = ast::DateLit { text: p.as_str().to_string(), span: span(&p) };
        if crate::dates::parse_date(&d.text).is_none() {
            let (what, help) = date_problem(&d.text);
            self.diags.push(Diagnostic::error(Code::E305, d.span, format!("The test's date {what}")).with_help(help));
        }
        d
    }

    fn integer(&mut self, p: &P) -> i64 {
        match p.as_str().parse::<i64>() {
            Ok(v) if v.abs() <= 1_000_000_000 => v,
            _ => {
                self.diags.push(
                    Diagnostic::error(Code::E001, span(p), "This number is too large")
                        .with_help("Whole numbers here must be between -1,000,000,000 and 1,000,000,000."),
                );
                0
            }
        }
    }
}

/// What is wrong with a date the grammar matched, and how to write it.
fn date_problem(text: &str) -> (&'static str, &'static str) {
    if text.len() != 10 {
        ("is not written as YYYY-MM-DD", "Write months and days with two digits, for example 2026-01-05 for 5 January 2026.")
    } else {
        ("is not a real date", "Write dates as year-month-day, for example 2026-03-31, and check the day exists in that month.")
    }
}

/// A condition spread over lines, on one line for a message.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn ident(p: P) -> Ident {
    Ident { name: p.as_str().to_string(), span: span(&p) }
}

fn path(p: P) -> ast::Path {
    let sp = span(&p);
    ast::Path { parts: p.into_inner().map(ident).collect(), span: sp }
}

fn unit(p: P) -> ast::Unit {
    match p.into_inner().next().map(|k| k.as_rule()) {
        Some(Rule::kw_days | Rule::kw_day) => ast::Unit::Days,
        Some(Rule::kw_weeks | Rule::kw_week) => ast::Unit::Weeks,
        Some(Rule::kw_months | Rule::kw_month) => ast::Unit::Months,
        _ => ast::Unit::Years,
    }
}

#[cfg(test)]
mod tests {
    use crate::syntax::parse;

    const TIGHT: &str = "rule set \"S\"\nlevels\n low \"Low\"\nend\nform\n field age \"Age\": number\nend\nrule r1 \"Young\"\n context individual\n kind risk\n when age is at least 3 and not age is answered\n then raise to low\n rationale \"R\"\n source \"S\"\nend\n";

    #[test]
    fn trees_compare_without_positions() {
        let spread = TIGHT.replace('\n', "\n\n   ").replace(" is ", "   is\n  ");
        let (a, _) = parse(TIGHT).expect("parses");
        let (b, _) = parse(&spread).expect("parses");
        assert_ne!(format!("{a:?}"), format!("{b:?}"), "the spans differ");
        assert_eq!(a, b, "the same meaning");
        let (c, _) = parse(&TIGHT.replace("at least 3", "at least 4")).expect("parses");
        assert_ne!(a, c, "a different number is a different tree");
    }
}
