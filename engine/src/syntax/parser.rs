//! Rule text -> syntax tree. pest does the matching; this module turns its
//! pairs into `ast` nodes and its errors into diagnostics a policy lead can act on.

use super::ast::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::limits;
use pest::iterators::Pair;
use pest::Parser as _;

#[derive(pest_derive::Parser)]
#[grammar = "syntax/grammar.pest"]
struct Grammar;

type P<'a> = Pair<'a, Rule>;

/// Parse a rule file. Errors come back as diagnostics (without line numbers
/// yet: `diagnostics::finish` adds them). Some mistakes (`=` for `is`) are
/// parsed anyway so the rest of the file still gets checked.
pub fn parse(source: &str) -> Result<(File, Vec<Diagnostic>), Vec<Diagnostic>> {
    if let Some(d) = limits::check_source(source) {
        return Err(vec![d]);
    }
    pest::set_call_limit(std::num::NonZeroUsize::new(limits::PARSER_CALLS));
    let mut pairs = match Grammar::parse(Rule::file, source) {
        Ok(p) => p,
        Err(e) => {
            let first = syntax_error(source, e, true);
            let mut all = recover(source);
            if !all.iter().any(|d| d.span() == first.span()) {
                all.insert(0, first);
            }
            return Err(all);
        }
    };
    let file = pairs.next().expect("pest returns the file rule on success");
    let mut b = Builder { diags: Vec::new() };
    let ast = b.file(file);
    Ok((ast, b.diags))
}

fn span(p: &P) -> Span {
    Span::new(p.as_span().start(), p.as_span().end())
}

struct Builder {
    diags: Vec<Diagnostic>,
}

impl Builder {
    fn file(&mut self, p: P) -> File {
        let mut inner = p.into_inner();
        let header = self.header(inner.next().unwrap());
        let mut items = Vec::new();
        for it in inner {
            match it.as_rule() {
                Rule::EOI => {}
                _ => items.push(self.item(it)),
            }
        }
        File { header, items }
    }

    fn header(&mut self, p: P) -> Header {
        let sp = span(&p);
        let mut inner = p.into_inner();
        let name = self.string(last(inner.next().unwrap()));
        let mut h = Header { name, version: None, owner: None, effective: None, review: None, span: sp };
        for f in inner {
            let f = f.into_inner().next().unwrap();
            let value = last(f.clone());
            match f.as_rule() {
                Rule::header_version => h.version = Some(self.string(value)),
                Rule::header_owner => h.owner = Some(self.string(value)),
                Rule::header_effective => h.effective = Some(self.date(value)),
                Rule::header_review => h.review = Some(self.date(value)),
                _ => unreachable!(),
            }
        }
        h
    }

    fn item(&mut self, p: P) -> Item {
        let sp = span(&p);
        match p.as_rule() {
            Rule::levels => Item::Levels(self.decls(p), sp),
            Rule::actions => Item::Actions(self.decls(p), sp),
            Rule::form => Item::Form(p.into_inner().filter(is_form_item).map(|f| self.form_item(f)).collect(), sp),
            Rule::definition => {
                let mut it = p.into_inner().skip(1);
                let name = it.next().unwrap();
                let mut parts: Vec<Ident> = name.into_inner().map(ident).collect();
                let (owner, name) = if parts.len() == 2 {
                    let n = parts.pop().unwrap();
                    (parts.pop(), n)
                } else {
                    (None, parts.pop().unwrap())
                };
                let mut label = None;
                let mut expr = None;
                for x in it {
                    match x.as_rule() {
                        Rule::string => label = Some(self.string(x)),
                        Rule::expr => expr = Some(self.expr(x)),
                        _ => {}
                    }
                }
                Item::Define(Definition { owner, name, label, expr: expr.unwrap(), span: sp })
            }
            Rule::score => {
                let mut it = p.into_inner().skip(1);
                let id = ident(it.next().unwrap());
                let label = self.string(it.next().unwrap());
                let bands = it.filter(|b| b.as_rule() == Rule::band).map(|b| self.band(b)).collect();
                Item::Score(Score { id, label, bands, span: sp })
            }
            Rule::rule => self.rule(p),
            Rule::floor => {
                let mut it = p.into_inner().filter(|x| !is_kw(x));
                let id = ident(it.next().unwrap());
                let title = self.string(it.next().unwrap());
                let when = self.expr(it.next().unwrap());
                let level = ident(it.next().unwrap());
                let rationale = self.string(last(it.next().unwrap()));
                let source = self.string(last(it.next().unwrap()));
                Item::Floor(Floor { id, title, when, level, rationale, source, span: sp })
            }
            Rule::test => self.test(p),
            r => unreachable!("unexpected item {r:?}"),
        }
    }

    fn decls(&mut self, p: P) -> Vec<Decl> {
        p.into_inner()
            .filter(|d| matches!(d.as_rule(), Rule::level_decl | Rule::action_decl))
            .map(|d| {
                let mut it = d.into_inner();
                Decl { id: ident(it.next().unwrap()), label: self.string(it.next().unwrap()) }
            })
            .collect()
    }

    fn form_item(&mut self, p: P) -> FormItem {
        let sp = span(&p);
        match p.as_rule() {
            Rule::field_decl => {
                let mut it = p.into_inner().skip(1);
                let name = ident(it.next().unwrap());
                let label = self.string(it.next().unwrap());
                let t = it.next().unwrap();
                let ty = match t.as_rule() {
                    Rule::ty_yes_no => FieldType::YesNo,
                    Rule::ty_number => FieldType::Number,
                    Rule::ty_text => FieldType::Text,
                    Rule::ty_date => FieldType::Date,
                    Rule::ty_one_of => FieldType::OneOf(self.options(last(t))),
                    Rule::ty_several_of => FieldType::SeveralOf(self.options(last(t))),
                    r => unreachable!("type {r:?}"),
                };
                FormItem::Field { name, label, ty, span: sp }
            }
            Rule::list_decl => {
                let mut it = p.into_inner().filter(|x| !is_kw(x)).peekable();
                let name = ident(it.next().unwrap());
                let label = self.string(it.next().unwrap());
                let item = ident(it.next().unwrap());
                let item_label = match it.peek() {
                    Some(x) if x.as_rule() == Rule::string => Some(self.string(it.next().unwrap())),
                    _ => None,
                };
                let fields = it.filter(is_form_item).map(|f| self.form_item(f)).collect();
                FormItem::List { name, label, item, item_label, fields, span: sp }
            }
            r => unreachable!("form item {r:?}"),
        }
    }

    fn options(&mut self, p: P) -> Vec<OptionDecl> {
        p.into_inner()
            .map(|o| {
                let mut it = o.into_inner();
                let id = ident(it.next().unwrap());
                let label = it.next().map(|s| self.string(s));
                OptionDecl { id, label }
            })
            .collect()
    }

    fn band(&mut self, p: P) -> Band {
        let sp = span(&p);
        let mut it = p.into_inner().filter(|x| !is_kw(x)).peekable();
        let id = ident(it.next().unwrap());
        let label = self.string(it.next().unwrap());
        let from_p = it.next().unwrap();
        let mut range_span = span(&from_p);
        let from = self.integer(&from_p);
        let to = match it.peek() {
            Some(x) if x.as_rule() == Rule::integer => {
                let t = it.next().unwrap();
                range_span = range_span.to(span(&t));
                Some(self.integer(&t))
            }
            _ => None,
        };
        let effects = it.map(|e| self.effect(e)).collect();
        Band { id, label, from, to, range_span, effects, span: sp }
    }

    fn rule(&mut self, p: P) -> Item {
        let sp = span(&p);
        let mut id = None;
        let mut title = None;
        let mut context = None;
        let mut kind = None;
        let mut when = None;
        let mut effects = Vec::new();
        let mut rationale = None;
        let mut source = None;
        for x in p.into_inner() {
            match x.as_rule() {
                Rule::ident => id = Some(ident(x)),
                Rule::string => title = Some(self.string(x)),
                Rule::rule_context => context = Some(ident(last(x))),
                Rule::rule_kind => kind = Some(ident(last(x))),
                Rule::expr => when = Some(self.expr(x)),
                Rule::effect_raise | Rule::effect_action | Rule::effect_points | Rule::effect_prompt => effects.push(self.effect(x)),
                Rule::rationale => rationale = Some(self.string(last(x))),
                Rule::source => source = Some(self.string(last(x))),
                _ => {}
            }
        }
        Item::Rule(Rule_ {
            id: id.unwrap(),
            title: title.unwrap(),
            context: context.unwrap(),
            kind: kind.unwrap(),
            when: when.unwrap(),
            effects,
            rationale: rationale.unwrap(),
            source: source.unwrap(),
            span: sp,
        })
    }

    fn effect(&mut self, p: P) -> Effect {
        let sp = span(&p);
        match p.as_rule() {
            Rule::effect_raise => Effect::Raise(ident(last(p))),
            Rule::effect_action => Effect::Action(ident(last(p))),
            Rule::effect_prompt => Effect::Prompt(self.string(last(p))),
            Rule::effect_points => {
                let mut it = p.into_inner().filter(|x| !is_kw(x));
                let n = it.next().unwrap();
                let points = self.integer(&n);
                Effect::Points { points, score: ident(it.next().unwrap()), span: sp }
            }
            r => unreachable!("effect {r:?}"),
        }
    }

    fn test(&mut self, p: P) -> Item {
        let sp = span(&p);
        let mut it = p.into_inner().filter(|x| !is_kw(x));
        let name = self.string(it.next().unwrap());
        let mut date = None;
        let mut form = None;
        let mut expects = Vec::new();
        for x in it {
            match x.as_rule() {
                Rule::test_date => date = Some(self.date_with_code(last(x), Code::E305)),
                Rule::test_form => {
                    let v = last(x);
                    form = Some(match v.as_rule() {
                        Rule::json_object => TestForm::Inline { json: v.as_str().to_string(), span: span(&v) },
                        _ => TestForm::File(self.string(v)),
                    });
                }
                _ => expects.push(self.expect(x)),
            }
        }
        Item::Test(Test { name, date, form: form.unwrap(), expects, span: sp })
    }

    fn expect(&mut self, p: P) -> Expect {
        let sp = span(&p);
        let which = p.as_rule();
        let mut it = p.into_inner().filter(|x| !is_kw(x));
        let ids = |it: &mut dyn Iterator<Item = P>| -> Vec<Ident> { it.next().unwrap().into_inner().map(ident).collect() };
        match which {
            Rule::expect_level => Expect::Level(ident(it.next().unwrap())),
            Rule::expect_action => Expect::Actions(ids(&mut it)),
            Rule::expect_no_action => Expect::NoActions(ids(&mut it)),
            Rule::expect_fired => Expect::Fired(ids(&mut it)),
            Rule::expect_not_fired => Expect::NotFired(ids(&mut it)),
            Rule::expect_undecided => Expect::Undecided(ids(&mut it)),
            Rule::expect_score => {
                let score = ident(it.next().unwrap());
                let total = self.integer(&it.next().unwrap());
                Expect::Score { score, total, span: sp }
            }
            Rule::expect_band => {
                let score = ident(it.next().unwrap());
                Expect::Band { score, band: ident(it.next().unwrap()) }
            }
            Rule::expect_prompt => Expect::Prompt(self.string(it.next().unwrap())),
            Rule::expect_no_prompt => Expect::NoPrompt(sp),
            Rule::expect_context => Expect::TopContext(ident(it.next().unwrap())),
            r => unreachable!("expectation {r:?}"),
        }
    }

    // ------------------------------------------------------------ expressions

    fn expr(&mut self, p: P) -> Expr {
        let sp = span(&p);
        match p.as_rule() {
            Rule::expr => self.expr(p.into_inner().next().unwrap()),
            Rule::or_expr | Rule::and_expr => {
                let is_or = p.as_rule() == Rule::or_expr;
                let parts: Vec<Expr> = p.into_inner().filter(|x| !is_kw(x)).map(|x| self.expr(x)).collect();
                if parts.len() == 1 {
                    parts.into_iter().next().unwrap()
                } else if is_or {
                    Expr { kind: ExprKind::Or(parts), span: sp }
                } else {
                    Expr { kind: ExprKind::And(parts), span: sp }
                }
            }
            Rule::not_expr => {
                let mut it = p.into_inner();
                let first = it.next().unwrap();
                if first.as_rule() == Rule::kw_not {
                    let inner = self.expr(it.next().unwrap());
                    Expr { kind: ExprKind::Not(Box::new(inner)), span: sp }
                } else {
                    self.expr(first)
                }
            }
            Rule::test_expr => {
                let mut it = p.into_inner();
                let subject = self.expr(it.next().unwrap());
                match it.next() {
                    None => subject,
                    Some(suffix) => {
                        let op = self.test_op(suffix);
                        Expr { kind: ExprKind::Test(Box::new(subject), Box::new(op)), span: sp }
                    }
                }
            }
            Rule::sum | Rule::product => {
                let mut it = p.into_inner();
                let mut acc = self.expr(it.next().unwrap());
                while let Some(op) = it.next() {
                    let rhs = self.expr(it.next().unwrap());
                    let op = match op.as_str() {
                        "+" => ArithOp::Add,
                        "-" => ArithOp::Sub,
                        _ => ArithOp::Mul,
                    };
                    let s = acc.span.to(rhs.span);
                    acc = Expr { kind: ExprKind::Arith(Box::new(acc), op, Box::new(rhs)), span: s };
                }
                acc
            }
            Rule::paren => {
                let mut e = self.expr(p.into_inner().next().unwrap());
                e.span = sp;
                e
            }
            Rule::quantifier => {
                let mut it = p.into_inner().filter(|x| !is_kw(x));
                let kind = match it.next().unwrap().as_str() {
                    "any" => QuantKind::Any,
                    "all" => QuantKind::All,
                    _ => QuantKind::No,
                };
                let var = ident(it.next().unwrap());
                let list = path(it.next().unwrap());
                let cond = Box::new(self.expr(it.next().unwrap()));
                Expr { kind: ExprKind::Quant { kind, var, list, cond }, span: sp }
            }
            Rule::count_where => {
                let mut it = p.into_inner().filter(|x| !is_kw(x));
                let var = ident(it.next().unwrap());
                let list = path(it.next().unwrap());
                let cond = Box::new(self.expr(it.next().unwrap()));
                Expr { kind: ExprKind::CountWhere { var, list, cond }, span: sp }
            }
            Rule::count_of => Expr { kind: ExprKind::CountOf(path(last(p))), span: sp },
            Rule::between => {
                let mut it = p.into_inner().filter(|x| !is_kw(x));
                let unit = unit(it.next().unwrap());
                let from = Box::new(self.expr(it.next().unwrap()));
                let to = Box::new(self.expr(it.next().unwrap()));
                Expr { kind: ExprKind::Between { unit, from, to }, span: sp }
            }
            Rule::date_lit => Expr { kind: ExprKind::Date(self.date(p)), span: sp },
            Rule::number => {
                let v = p.as_str().parse::<f64>().unwrap_or(f64::NAN);
                if !v.is_finite() || v.abs() > 1e15 {
                    self.diags.push(
                        Diagnostic::error(Code::E001, sp, "This number is too large")
                            .with_help("Numbers must be smaller than 1,000,000,000,000,000."),
                    );
                }
                Expr { kind: ExprKind::Number(v), span: sp }
            }
            Rule::string => {
                let s = self.string(p);
                Expr { kind: ExprKind::Text(s.value), span: sp }
            }
            Rule::bool_lit => Expr { kind: ExprKind::Bool(p.as_str() == "yes"), span: sp },
            Rule::today => Expr { kind: ExprKind::Today, span: sp },
            Rule::path => Expr { kind: ExprKind::Path(path(p)), span: sp },
            r => unreachable!("expression {r:?}"),
        }
    }

    fn test_op(&mut self, p: P) -> TestOp {
        let which = p.as_rule();
        let sp = span(&p);
        let mut it = p.into_inner().filter(|x| !is_kw(x));
        let mut next_expr = |b: &mut Self| b.expr(it.next().unwrap());
        match which {
            Rule::t_answered => TestOp::Answered,
            Rule::t_not_answered => TestOp::NotAnswered,
            Rule::t_at_least => TestOp::AtLeast(next_expr(self)),
            Rule::t_at_most => TestOp::AtMost(next_expr(self)),
            Rule::t_more_than => TestOp::MoreThan(next_expr(self)),
            Rule::t_less_than => TestOp::LessThan(next_expr(self)),
            Rule::t_before => TestOp::Before(next_expr(self)),
            Rule::t_after => TestOp::After(next_expr(self)),
            Rule::t_on_or_before => TestOp::OnOrBefore(next_expr(self)),
            Rule::t_on_or_after => TestOp::OnOrAfter(next_expr(self)),
            Rule::t_is => TestOp::Is(next_expr(self)),
            Rule::t_is_not => TestOp::IsNot(next_expr(self)),
            Rule::t_one_of | Rule::t_not_one_of | Rule::t_contains_any | Rule::t_includes_any | Rule::t_includes_all => {
                let list = it.next().unwrap();
                let values: Vec<Expr> = list.into_inner().map(|v| self.expr(v)).collect();
                match which {
                    Rule::t_one_of => TestOp::OneOf(values),
                    Rule::t_not_one_of => TestOp::NotOneOf(values),
                    Rule::t_contains_any => TestOp::ContainsAny(values),
                    Rule::t_includes_any => TestOp::IncludesAny(values),
                    _ => TestOp::IncludesAll(values),
                }
            }
            Rule::t_within => {
                let n = it.next().unwrap();
                let amount = self.integer(&n);
                let unit = unit(it.next().unwrap());
                let dir = match it.next().unwrap().as_str() {
                    "before" => Direction::Before,
                    "after" => Direction::After,
                    _ => Direction::Either,
                };
                let other = self.expr(it.next().unwrap());
                TestOp::Within { amount, unit, dir, other }
            }
            Rule::t_contains => TestOp::Contains(self.string(it.next().unwrap())),
            Rule::t_not_contains => TestOp::NotContains(self.string(it.next().unwrap())),
            Rule::t_includes => TestOp::Includes(ident(it.next().unwrap())),
            Rule::t_not_includes => TestOp::NotIncludes(ident(it.next().unwrap())),
            Rule::t_bad_op => {
                let op = it.next().unwrap();
                let rhs = self.expr(it.next().unwrap());
                let (words, mapped): (&str, TestOp) = match op.as_str() {
                    "=" | "==" => ("is", TestOp::Is(rhs)),
                    "!=" | "<>" => ("is not", TestOp::IsNot(rhs)),
                    "<" => ("is less than", TestOp::LessThan(rhs)),
                    ">" => ("is more than", TestOp::MoreThan(rhs)),
                    "<=" => ("is at most", TestOp::AtMost(rhs)),
                    _ => ("is at least", TestOp::AtLeast(rhs)),
                };
                let code = if matches!(op.as_str(), "=" | "==") { Code::E002 } else { Code::E004 };
                self.diags.push(Diagnostic::error(code, span(&op), format!("Write `{words}` instead of `{}`", op.as_str())).with_help(
                    format!("Rule files use words for comparisons, so they read as plain English: for example `age {words} 13`."),
                ));
                let _ = sp;
                mapped
            }
            r => unreachable!("test {r:?}"),
        }
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

    fn date(&mut self, p: P) -> DateLit {
        self.date_with_code(p, Code::E005)
    }

    fn date_with_code(&mut self, p: P, code: Code) -> DateLit {
        let sp = span(&p);
        let text = p.as_str().to_string();
        if crate::dates::parse_date(&text).is_none() {
            let (msg, help) = if text.len() != 10 {
                (
                    format!("{text} is not written as YYYY-MM-DD"),
                    "Write months and days with two digits, for example 2026-01-05 for 5 January 2026.",
                )
            } else {
                (
                    format!("{text} is not a real date"),
                    "Write dates as year-month-day, for example 2026-03-31, and check the day exists in that month.",
                )
            };
            let what = if code == Code::E305 { format!("The test's date {msg}", msg = msg.trim_start_matches(&text).trim()) } else { msg };
            self.diags.push(Diagnostic::error(code, sp, what).with_help(help));
        }
        DateLit { text, span: sp }
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

type Rule_ = super::ast::Rule;

fn is_kw(p: &P) -> bool {
    matches!(
        p.as_rule(),
        Rule::kw_action
            | Rule::kw_actions
            | Rule::kw_add
            | Rule::kw_after
            | Rule::kw_all
            | Rule::kw_and
            | Rule::kw_answered
            | Rule::kw_any
            | Rule::kw_at
            | Rule::kw_band
            | Rule::kw_before
            | Rule::kw_below
            | Rule::kw_contain
            | Rule::kw_contains
            | Rule::kw_context
            | Rule::kw_count
            | Rule::kw_date
            | Rule::kw_day
            | Rule::kw_days
            | Rule::kw_define
            | Rule::kw_does
            | Rule::kw_each
            | Rule::kw_effective
            | Rule::kw_end
            | Rule::kw_expect
            | Rule::kw_field
            | Rule::kw_fired
            | Rule::kw_floor
            | Rule::kw_form
            | Rule::kw_from
            | Rule::kw_in
            | Rule::kw_include
            | Rule::kw_includes
            | Rule::kw_is
            | Rule::kw_kind
            | Rule::kw_least
            | Rule::kw_less
            | Rule::kw_level
            | Rule::kw_levels
            | Rule::kw_list
            | Rule::kw_month
            | Rule::kw_months
            | Rule::kw_more
            | Rule::kw_most
            | Rule::kw_never
            | Rule::kw_no
            | Rule::kw_not
            | Rule::kw_number
            | Rule::kw_of
            | Rule::kw_on
            | Rule::kw_one
            | Rule::kw_or
            | Rule::kw_owner
            | Rule::kw_points
            | Rule::kw_prompt
            | Rule::kw_raise
            | Rule::kw_rationale
            | Rule::kw_review
            | Rule::kw_rule
            | Rule::kw_score
            | Rule::kw_set
            | Rule::kw_several
            | Rule::kw_source
            | Rule::kw_test
            | Rule::kw_text
            | Rule::kw_than
            | Rule::kw_then
            | Rule::kw_to
            | Rule::kw_today
            | Rule::kw_top
            | Rule::kw_undecided
            | Rule::kw_version
            | Rule::kw_week
            | Rule::kw_weeks
            | Rule::kw_when
            | Rule::kw_where
            | Rule::kw_within
            | Rule::kw_year
            | Rule::kw_years
            | Rule::kw_yes
    )
}

fn is_form_item(p: &P) -> bool {
    matches!(p.as_rule(), Rule::field_decl | Rule::list_decl)
}

fn last(p: P) -> P {
    p.into_inner().filter(|x| !is_kw(x)).last().unwrap()
}

fn ident(p: P) -> Ident {
    Ident { name: p.as_str().to_string(), span: span(&p) }
}

fn path(p: P) -> Path {
    let sp = span(&p);
    Path { parts: p.into_inner().map(ident).collect(), span: sp }
}

fn unit(p: P) -> Unit {
    let s = p.as_str();
    if s.starts_with("day") {
        Unit::Days
    } else if s.starts_with("week") {
        Unit::Weeks
    } else if s.starts_with("month") {
        Unit::Months
    } else {
        Unit::Years
    }
}

// ---------------------------------------------------------------- parse errors

/// Parse each top-level item on its own to find every syntax error, not only the first.
fn recover(source: &str) -> Vec<Diagnostic> {
    let mut starts = vec![0usize];
    let mut offset = 0usize;
    for line in source.split_inclusive('\n') {
        let t = line.trim_start();
        let word = t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or("");
        let after = t[word.len()..].trim_start();
        let top = match word {
            "rule" => !after.starts_with("set"),
            "define" | "floor" | "test" | "score" | "levels" | "actions" => true,
            // A test's `form {` or `form "file"` is not the form block.
            "form" => !(after.starts_with('{') || after.starts_with('"')),
            _ => false,
        };
        if top && offset > 0 {
            starts.push(offset);
        }
        offset += line.len();
    }
    starts.push(source.len());
    let mut diags = Vec::new();
    for (i, w) in starts.windows(2).enumerate() {
        let chunk = &source[w[0]..w[1]];
        let entry = if i == 0 { Rule::header_only } else { Rule::item_only };
        if i > 0 && chunk.trim().is_empty() {
            continue;
        }
        match Grammar::parse(entry, chunk) {
            Err(e) => {
                diags.push(syntax_error(chunk, e, i == 0).shifted(w[0]));
            }
            Ok(mut pairs) => {
                // The piece parses: build it anyway for the mistakes the builder spots (`=` for `is`...).
                let mut b = Builder { diags: Vec::new() };
                if let Some(top) = pairs.next() {
                    for p in top.into_inner() {
                        match p.as_rule() {
                            Rule::header => {
                                b.header(p);
                            }
                            Rule::EOI => {}
                            _ => {
                                b.item(p);
                            }
                        }
                    }
                }
                diags.extend(b.diags.into_iter().map(|d| d.shifted(w[0])));
            }
        }
    }
    diags
}

/// Turn pest's error into one message in the policy lead's words.
fn syntax_error(source: &str, e: pest::error::Error<Rule>, at_file_start: bool) -> Diagnostic {
    use pest::error::{ErrorVariant, InputLocation};
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let end = source[pos..].find(|c: char| c.is_whitespace()).map(|n| pos + n.max(1)).unwrap_or(source.len());
    let end = if end == pos { (pos + 1).min(source.len()) } else { end };
    let sp = Span::new(pos, end);

    // The most common slip: a piece of text that runs to the end of its line.
    let line_start = source[..pos].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_end = source[pos..].find('\n').map(|i| pos + i).unwrap_or(source.len());
    let line = &source[line_start..line_end];
    let code_part = line.split('#').next().unwrap_or("");
    if code_part.matches('"').count() % 2 == 1 {
        let q = line_start + line.find('"').unwrap_or(0);
        return Diagnostic::error(Code::E003, Span::new(q, line_end.max(q + 1)), "This text has no closing quote mark")
            .with_help("Put a \" at the end of the text, on the same line.");
    }
    if pest_call_limit_hit(&e) {
        return Diagnostic::error(Code::E006, sp, "This rule file is too complex to check")
            .with_help("Split long conditions into named definitions.");
    }

    let found = source[pos..]
        .split(|c: char| c.is_whitespace())
        .next()
        .filter(|w| !w.is_empty())
        .map(|w| format!("`{}`", w.chars().take(30).collect::<String>()))
        .unwrap_or_else(|| "the end of the file".to_string());
    let (message, help) = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut words: Vec<String> = positives.iter().filter_map(|r| describe(*r)).map(str::to_string).collect();
            words.sort();
            words.dedup();
            if at_file_start && (pos == 0 || source[..pos].trim().is_empty()) {
                return Diagnostic::error(Code::E007, sp, "A rule file must start with its name")
                    .with_help("Start the file with a line like: rule set \"Contextual safeguarding screening\"");
            }
            if words.len() == 1 && words[0] == "the end of the file" && pos < source.len() {
                return Diagnostic::error(Code::E001, sp, format!("{} does not start a block the language knows", capitalise(&found)))
                    .with_help("Every part of a rule file starts with one of: levels, actions, form, define, score, rule, floor, test. Check for an `end` too many above, or make this line a comment by starting it with #.");
            }
            let expected = match words.len() {
                0 => String::new(),
                1 => words[0].clone(),
                n => format!("{} or {}", words[..n - 1].join(", "), words[n - 1]),
            };
            if expected.is_empty() {
                (format!("Unexpected {found}"), "Check the spelling and the order of the words on this line.".to_string())
            } else {
                (format!("Expected {expected}, but found {found}"), hint_for(&words, &found))
            }
        }
        ErrorVariant::CustomError { message } => (message.clone(), String::new()),
    };
    let d = Diagnostic::error(Code::E001, sp, message);
    if help.is_empty() {
        d
    } else {
        d.with_help(help)
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn pest_call_limit_hit(e: &pest::error::Error<Rule>) -> bool {
    matches!(&e.variant, pest::error::ErrorVariant::CustomError { message } if message.contains("call limit"))
}

fn hint_for(words: &[String], found: &str) -> String {
    if found == "`end`" || words.iter().any(|w| w.contains("`end`")) {
        return "Every block (levels, actions, form, list, score, rule, floor, test) closes with `end`.".into();
    }
    if words.iter().any(|w| w.contains("rationale")) {
        return "A rule lists its effects after `then`, followed by `rationale \"...\"` and `source \"...\"`.".into();
    }
    if words.iter().any(|w| w.contains("a name")) {
        return "Names are single words of letters, digits and underscores, such as `date_of_birth`.".into();
    }
    "Check the spelling and the order of the words on this line.".into()
}

/// The words shown in place of grammar rule names (like Tera's renamed rules).
fn describe(r: Rule) -> Option<&'static str> {
    Some(match r {
        Rule::ident | Rule::path | Rule::def_name => "a name",
        Rule::string => "text in quotes",
        Rule::integer => "a whole number",
        Rule::number => "a number",
        Rule::date_lit => "a date (YYYY-MM-DD)",
        Rule::kw_end => "`end`",
        Rule::levels | Rule::kw_levels => "`levels`",
        Rule::actions | Rule::kw_actions => "`actions`",
        Rule::form | Rule::kw_form => "`form`",
        Rule::definition | Rule::kw_define => "`define`",
        Rule::score | Rule::kw_score => "`score`",
        Rule::rule | Rule::kw_rule => "`rule`",
        Rule::floor | Rule::kw_floor => "`floor`",
        Rule::test | Rule::kw_test => "`test`",
        Rule::header_field | Rule::kw_version | Rule::kw_owner | Rule::kw_effective | Rule::kw_review => {
            "a header line (version, owner, effective, review)"
        }
        Rule::field_decl | Rule::kw_field => "`field`",
        Rule::list_decl | Rule::kw_list => "`list`",
        Rule::kw_each => "`each`",
        Rule::ty_yes_no | Rule::ty_number | Rule::ty_text | Rule::ty_date | Rule::ty_one_of | Rule::ty_several_of => {
            "a type (yes or no, number, text, date, one of, several of)"
        }
        Rule::rule_context | Rule::kw_context => "`context`",
        Rule::rule_kind | Rule::kw_kind => "`kind`",
        Rule::kw_when => "`when`",
        Rule::kw_then => "`then`",
        Rule::effect_raise | Rule::effect_action | Rule::effect_points | Rule::effect_prompt => "an effect (raise to, action, add, prompt)",
        Rule::rationale | Rule::kw_rationale => "`rationale`",
        Rule::source | Rule::kw_source => "`source`",
        Rule::kw_never => "`never below`",
        Rule::band | Rule::kw_band => "`band`",
        Rule::kw_from => "`from`",
        Rule::kw_to => "`to`",
        Rule::expectation
        | Rule::expect_level
        | Rule::expect_action
        | Rule::expect_no_action
        | Rule::expect_fired
        | Rule::expect_not_fired
        | Rule::expect_undecided
        | Rule::expect_score
        | Rule::expect_band
        | Rule::expect_prompt
        | Rule::expect_no_prompt
        | Rule::expect_context => "`expect ...`",
        Rule::test_date => "`date`",
        Rule::test_form => "`form`",
        Rule::json_object => "a form written as { ... }",
        Rule::expr | Rule::or_expr | Rule::and_expr | Rule::not_expr | Rule::test_expr | Rule::sum | Rule::product => "a condition",
        Rule::paren | Rule::quantifier | Rule::count_where | Rule::count_of | Rule::between | Rule::bool_lit | Rule::today => "a value",
        Rule::kw_and | Rule::kw_or => "`and` or `or`",
        Rule::t_is
        | Rule::t_is_not
        | Rule::t_answered
        | Rule::t_not_answered
        | Rule::t_at_least
        | Rule::t_at_most
        | Rule::t_more_than
        | Rule::t_less_than
        | Rule::t_one_of
        | Rule::t_not_one_of
        | Rule::t_before
        | Rule::t_after
        | Rule::t_on_or_before
        | Rule::t_on_or_after
        | Rule::t_within
        | Rule::t_contains
        | Rule::t_not_contains
        | Rule::t_contains_any
        | Rule::t_includes
        | Rule::t_not_includes
        | Rule::t_includes_any
        | Rule::t_includes_all
        | Rule::kw_is => "a comparison such as `is`",
        Rule::value_list | Rule::option_list => "a list in brackets ( ... )",
        Rule::kw_in => "`in`",
        Rule::kw_where => "`where`",
        Rule::unit => "days, weeks, months or years",
        Rule::EOI => "the end of the file",
        Rule::header_only | Rule::item_only => "a rule, definition, score, floor or test",
        _ => return None,
    })
}
