//! The syntax tree. Every node keeps the byte span it came from, so every
//! later message can point at the words the policy lead wrote. Equality
//! ignores spans (see `crate::span`), so tests compare trees directly.

use serde::Serialize;

/// Re-exported so code written against `ast::Span` keeps compiling; the type
/// lives in `crate::span`, below every stage. Spans never take part in
/// equality, so two trees compare equal when they mean the same.
pub use crate::span::Span;

#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Str {
    pub value: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DateLit {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct File {
    pub header: Header,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub name: Str,
    pub version: Option<Str>,
    pub owner: Option<Str>,
    pub effective: Option<DateLit>,
    pub review: Option<DateLit>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Levels(Vec<Decl>, Span),
    Actions(Vec<Decl>, Span),
    Form(Vec<FormItem>, Span),
    Define(Definition),
    Score(Score),
    Rule(Rule),
    Floor(Floor),
    Policy(Policy),
    Test(Test),
}

/// `policy "..." rules of kind vulnerability raise to at most early_help ... end`:
/// a rule set's own statement of what rules of a kind may do.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub title: Str,
    pub clauses: Vec<PolicyClause>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PolicyClause {
    /// The kind of rule the clause is about.
    pub kind: Ident,
    pub limit: PolicyLimit,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PolicyLimit {
    /// `raise to at most LEVEL`
    AtMost(Ident),
    /// `never ask for A, B`
    NeverAsk(Vec<Ident>),
}

/// `id "Label"`: a level or an action.
#[derive(Debug, Clone, PartialEq)]
pub struct Decl {
    pub id: Ident,
    pub label: Str,
    /// A level's `requires a, b`: actions that always come with that level (empty for an action).
    pub requires: Vec<Ident>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FormItem {
    /// `not_screened`: the reason no rule reads this field, when that is on purpose.
    Field {
        name: Ident,
        label: Str,
        ty: FieldType,
        not_screened: Option<Str>,
        span: Span,
    },
    List {
        name: Ident,
        label: Str,
        item: Ident,
        item_label: Option<Str>,
        fields: Vec<FormItem>,
        span: Span,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum FieldType {
    YesNo,
    Number,
    Text,
    Date,
    OneOf(Vec<OptionDecl>),
    SeveralOf(Vec<OptionDecl>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct OptionDecl {
    pub id: Ident,
    pub label: Option<Str>,
    /// The reason no rule reads this option, when that is on purpose.
    pub not_screened: Option<Str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    /// `define child.age`: worked out for each record named `child`.
    pub owner: Option<Ident>,
    pub name: Ident,
    pub label: Option<Str>,
    pub expr: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub id: Ident,
    pub label: Str,
    pub bands: Vec<Band>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub id: Ident,
    pub label: Str,
    pub from: i64,
    pub to: Option<i64>,
    pub range_span: Span,
    pub effects: Vec<Effect>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: Ident,
    pub title: Str,
    pub context: Ident,
    pub kind: Ident,
    pub when: Expr,
    pub effects: Vec<Effect>,
    pub rationale: Str,
    pub source: Str,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Floor {
    pub id: Ident,
    pub title: Str,
    pub when: Expr,
    pub level: Ident,
    pub rationale: Str,
    pub source: Str,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Raise(Ident),
    Action(Ident),
    Points { points: i64, score: Ident, span: Span },
    Prompt(Str),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Test {
    pub name: Str,
    pub date: Option<DateLit>,
    pub form: TestForm,
    pub expects: Vec<Expect>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TestForm {
    Inline { json: String, span: Span },
    File(Str),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    Level(Ident),
    Actions(Vec<Ident>),
    NoActions(Vec<Ident>),
    Fired(Vec<Ident>),
    NotFired(Vec<Ident>),
    Undecided(Vec<Ident>),
    Score {
        score: Ident,
        total: i64,
        span: Span,
    },
    Band {
        score: Ident,
        band: Ident,
    },
    Prompt(Str),
    NoPrompt(Span),
    /// The context that weighs most.
    TopContext(Ident),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub parts: Vec<Ident>,
    pub span: Span,
}

impl Path {
    pub fn dotted(&self) -> String {
        self.parts.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(".")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuantKind {
    Any,
    All,
    No,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Unit {
    Days,
    Weeks,
    Months,
    Years,
}

impl Unit {
    pub fn word(self, n: i64) -> &'static str {
        match (self, n == 1) {
            (Unit::Days, true) => "day",
            (Unit::Days, false) => "days",
            (Unit::Weeks, true) => "week",
            (Unit::Weeks, false) => "weeks",
            (Unit::Months, true) => "month",
            (Unit::Months, false) => "months",
            (Unit::Years, true) => "year",
            (Unit::Years, false) => "years",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Before,
    After,
    Either,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    Test(Box<Expr>, Box<TestOp>),
    Arith(Box<Expr>, ArithOp, Box<Expr>),
    Quant { kind: QuantKind, var: Ident, list: Path, cond: Box<Expr> },
    CountWhere { var: Ident, list: Path, cond: Box<Expr> },
    CountOf(Path),
    Between { unit: Unit, from: Box<Expr>, to: Box<Expr> },
    Date(DateLit),
    Number(f64),
    Text(String),
    Bool(bool),
    Today,
    Path(Path),
}

#[derive(Debug, Clone, PartialEq)]
pub enum TestOp {
    Answered,
    NotAnswered,
    AtLeast(Expr),
    AtMost(Expr),
    MoreThan(Expr),
    LessThan(Expr),
    OneOf(Vec<Expr>),
    NotOneOf(Vec<Expr>),
    Before(Expr),
    After(Expr),
    OnOrBefore(Expr),
    OnOrAfter(Expr),
    Within { amount: i64, unit: Unit, dir: Direction, other: Expr },
    Contains(Str),
    NotContains(Str),
    ContainsAny(Vec<Expr>),
    Includes(Ident),
    NotIncludes(Ident),
    IncludesAny(Vec<Expr>),
    IncludesAll(Vec<Expr>),
    Is(Expr),
    IsNot(Expr),
}
