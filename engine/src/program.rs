//! The compiled rule set: names resolved to slots, types checked, ready to
//! evaluate many forms. Produced by `check`, read by `eval`.

use crate::dates::Day;
use crate::syntax::ast::{self, Direction, Unit};
use serde::{Deserialize, Serialize};

/// The rule set's header: name, version, owner and dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RuleSetInfo {
    pub name: String,
    pub version: Option<String>,
    pub owner: Option<String>,
    pub effective: Option<String>,
    pub review: Option<String>,
}

pub type FieldId = usize;
pub type RecordId = usize;

/// A checked rule set: what it declares, and its conditions. Only a whole
/// `Program` can be evaluated (`eval::evaluate`); a compiled module carries
/// the `Declarations` alone (its conditions are its code), so nothing can
/// evaluate a loaded module as if its conditions were false.
#[derive(Debug, Clone)]
pub struct Program {
    pub declarations: Declarations,
    pub conditions: Conditions,
    pub tests: Vec<TestDef>,
}

/// Everything a rule set declares but its conditions and tests: what
/// deciding and explaining an evaluation read, and what a compiled module
/// carries as its metadata (see `compiled`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Declarations {
    pub info: RuleSetInfo,
    #[serde(with = "day_serde")]
    pub default_date: Option<Day>,
    pub schema: Schema,
    pub levels: Vec<Named>,
    /// For each level, the actions it always brings (`requires` in the levels block).
    pub level_requires: Vec<Vec<usize>>,
    pub actions: Vec<Named>,
    pub scores: Vec<ScoreDef>,
    pub defs: Vec<DefDef>,
    pub rules: Vec<RuleDef>,
    pub floors: Vec<FloorDef>,
    /// Each rule's and floor's explanation, as a template over the answers
    /// behind it (see [`Words`]).
    pub words: Words,
}

/// The words of each rule's and floor's explanation that are known before a
/// form is seen (the level a floor keeps, the fixed phrases), written once
/// when the rule set is checked. The rule's id and title are a hole
/// (`Piece::Name`) filled from its declaration, so most rules share one
/// explanation, and a compiled module carries each distinct one once.
/// Explaining an evaluation only fills in the answers that apply, and only
/// for the rules that apply or wait for answers; the decision alone reads
/// none of it. A compiled module carries it with the rest of the declarations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Words {
    /// Each distinct explanation, once.
    pub explanations: Vec<Explanation>,
    /// By the index of `rules` and `floors`: the index of its explanation.
    pub rules: Vec<usize>,
    pub floors: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// When it applies: "{name} applies because {reasons}.", where the name
    /// reads "MIS1 (Found out of area)".
    pub applies: Template,
    /// When it waits for answers: "{name} cannot be decided until these are
    /// answered: {waiting}", and the same without a question named: "{name}
    /// cannot be decided yet."
    pub waiting: Template,
    pub undecided: Template,
}

/// Words with holes for what only the form can say, and for the rule's name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Template(pub Vec<Piece>);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Piece {
    /// Words as they are read.
    Text(String),
    /// The rule's or floor's id and title, from its declaration: "MIS1 (Found out of area)".
    Name,
    /// The answers behind the result: "Child 1 › Found out of area: yes; ...".
    Reasons,
    /// The questions a result waits for: "Child 1 › Age; Child 1 › Going missing."
    Waiting,
}

impl Template {
    /// The words, with the name of the rule or floor whose id and title are
    /// given, and each other hole filled by `hole`.
    pub fn fill(&self, out: &mut String, id: &str, title: &str, mut hole: impl FnMut(&Piece, &mut String)) {
        for piece in &self.0 {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Name => {
                    out.push_str(id);
                    out.push_str(" (");
                    out.push_str(title);
                    out.push(')');
                }
                _ => hole(piece, out),
            }
        }
    }
}

impl Words {
    /// The explanations of these rules and floors (`levels` names the level a floor keeps).
    pub fn of(rules: &[RuleDef], floors: &[FloorDef], levels: &[Named]) -> Words {
        let text = |s: String| Piece::Text(s);
        let explain = |applies: String| Explanation {
            applies: Template(vec![Piece::Name, text(format!(" {applies} because ")), Piece::Reasons, text(".".into())]),
            waiting: Template(vec![Piece::Name, text(" cannot be decided until these are answered: ".into()), Piece::Waiting]),
            undecided: Template(vec![Piece::Name, text(" cannot be decided yet.".into())]),
        };
        let mut words = Words::default();
        let mut index = |e: Explanation| match words.explanations.iter().position(|x| *x == e) {
            Some(k) => k,
            None => {
                words.explanations.push(e);
                words.explanations.len() - 1
            }
        };
        // Each explanation is written once (an editor builds these on every
        // keystroke): one for every rule, one for each level floors keep.
        let rule = (!rules.is_empty()).then(|| index(explain("applies".into())));
        let rules: Vec<usize> = rules.iter().filter_map(|_| rule).collect();
        let mut by_level: Vec<Option<usize>> = vec![None; levels.len() + 1];
        let floors: Vec<usize> = floors
            .iter()
            .map(|f| {
                let slot = f.level.min(levels.len());
                *by_level[slot].get_or_insert_with(|| {
                    let level = levels.get(f.level).map(|l| l.label.as_str()).unwrap_or_default();
                    index(explain(format!("keeps the level at {level} or above")))
                })
            })
            .collect();
        words.rules = rules;
        words.floors = floors;
        words
    }

    /// The explanation of the rule at this index of `rules`.
    pub fn rule(&self, i: usize) -> &Explanation {
        &self.explanations[self.rules[i]]
    }

    /// The explanation of the floor at this index of `floors`.
    pub fn floor(&self, i: usize) -> &Explanation {
        &self.explanations[self.floors[i]]
    }
}

/// The conditions of a rule set, by the index of their definition, rule or floor.
#[derive(Debug, Clone, Default)]
pub struct Conditions {
    pub defs: Vec<CExpr>,
    pub rules: Vec<CExpr>,
    pub floors: Vec<CExpr>,
    /// The parts of each condition as the policy lead wrote them (line and
    /// words), by the same index, in the order of [`conditions`] (of
    /// [`conditions_of_def`] for a definition): coverage names them. Like the
    /// conditions, they are never in a compiled module.
    pub defs_written: Vec<Vec<Written>>,
    pub rules_written: Vec<Vec<Written>>,
    pub floors_written: Vec<Vec<Written>>,
}

impl Program {
    /// Each rule with its condition.
    pub fn rules_when(&self) -> impl Iterator<Item = (&RuleDef, &CExpr)> {
        self.declarations.rules.iter().zip(&self.conditions.rules)
    }
    /// Each floor with its condition.
    pub fn floors_when(&self) -> impl Iterator<Item = (&FloorDef, &CExpr)> {
        self.declarations.floors.iter().zip(&self.conditions.floors)
    }
    /// Each definition with what it is worked out as.
    pub fn defs_as(&self) -> impl Iterator<Item = (&DefDef, &CExpr)> {
        self.declarations.defs.iter().zip(&self.conditions.defs)
    }
}

impl std::ops::Deref for Program {
    type Target = Declarations;
    fn deref(&self) -> &Declarations {
        &self.declarations
    }
}

impl std::ops::DerefMut for Program {
    fn deref_mut(&mut self) -> &mut Declarations {
        &mut self.declarations
    }
}

/// `Day` is the dates module's; its Julian day number is all the metadata needs.
mod day_serde {
    use super::Day;
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(d: &Option<Day>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_some(&d.0),
            None => s.serialize_none(),
        }
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Day>, D::Error> {
        Ok(Option::<i32>::deserialize(d)?.map(Day))
    }
}

/// The label a name gets when none is written: `date_of_birth` -> "Date of birth".
pub fn humanise(name: &str) -> String {
    let s = name.replace('_', " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Named {
    pub id: String,
    pub label: String,
}

/// The form's shape. Record 0 is the form itself; every list field has a record of its own.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Schema {
    pub fields: Vec<FieldDef>,
    pub records: Vec<RecordDef>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FieldDef {
    pub name: String,
    pub label: String,
    pub ty: FieldTy,
    /// The record this field belongs to, and its position there.
    pub record: RecordId,
    pub slot: usize,
    #[serde(skip)]
    pub span: ast::Span,
    /// Read by some rule or definition (for a list: by way of its items'
    /// fields). A form that embeds the rules must have a control for it.
    pub screened: bool,
    /// The contexts (bits by position in `CONTEXTS`) of the rules whose
    /// conditions read this field directly. A field outside the children's
    /// records that only one context's rules read describes that context:
    /// the outcome counts it as one of the context's answers (`screened`).
    #[serde(default)]
    pub read_in: u8,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordDef {
    /// The item name (`child`), or "" for the form itself.
    pub item: String,
    pub item_label: String,
    /// The list field holding these records (None for the form itself).
    pub list_field: Option<FieldId>,
    pub fields: Vec<FieldId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FieldTy {
    YesNo,
    Number,
    Text,
    Date,
    OneOf(Vec<Named>),
    SeveralOf(Vec<Named>),
    List(RecordId),
}

/// The types a condition can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ty {
    YesNo,
    Number,
    Text,
    Date,
    /// One option of the choice field with this id.
    Choice(FieldId),
    /// Several options of the choice field with this id.
    Choices(FieldId),
    List(RecordId),
    Record(RecordId),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScoreDef {
    pub id: String,
    pub label: String,
    pub bands: Vec<BandDef>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BandDef {
    pub id: String,
    pub label: String,
    pub from: i64,
    pub to: Option<i64>,
    pub effects: Effects,
}

impl BandDef {
    pub fn covers(&self, total: i64) -> bool {
        total >= self.from && self.to.is_none_or(|t| total <= t)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Effects {
    pub raise: Option<usize>,
    pub actions: Vec<usize>,
    /// (score, points)
    pub points: Vec<(usize, i64)>,
    pub prompts: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DefDef {
    pub name: String,
    pub label: Option<String>,
    /// Worked out for each record of this kind, or once for the form.
    pub record: Option<RecordId>,
    pub ty: Ty,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Home,
    PeerGroup,
    School,
    Neighbourhood,
    Online,
    Individual,
}

pub const CONTEXTS: &[(&str, &str, Context)] = &[
    ("home", "Home and family", Context::Home),
    ("peer_group", "Peer group", Context::PeerGroup),
    ("school", "School and education", Context::School),
    ("neighbourhood", "Neighbourhood and public space", Context::Neighbourhood),
    ("online", "Online", Context::Online),
    ("individual", "The child", Context::Individual),
];

pub const KINDS: &[(&str, &str)] = &[("vulnerability", "Vulnerability"), ("risk", "Risk"), ("harm", "Harm that has happened")];

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleDef {
    pub id: String,
    pub title: String,
    pub context: usize,
    pub kind: usize,
    pub effects: Effects,
    pub rationale: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FloorDef {
    pub id: String,
    pub title: String,
    pub level: usize,
    pub rationale: String,
    pub source: String,
}

/// Where a value is read from: the form, or a record bound by `any`/`all`/`count`
/// (`Var(k)` is the k-th enclosing binding, counted from the outermost).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    Form,
    Var(usize),
}

/// A list to walk, maybe through lists of lists (`children.missing_episodes`).
#[derive(Debug, Clone, PartialEq)]
pub struct ListPath {
    pub base: Base,
    /// List fields to step through; every step but the last flattens.
    pub steps: Vec<FieldId>,
    pub record: RecordId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    Bool(bool),
    Num(f64),
    Text(String),
    Date(Day),
    Choice(u32),
}

#[derive(Debug, Clone, PartialEq)]
pub enum CExpr {
    Lit(Lit),
    Today,
    Field {
        base: Base,
        field: FieldId,
    },
    Def {
        def: usize,
        base: Base,
    },
    And(Vec<CExpr>),
    Or(Vec<CExpr>),
    Not(Box<CExpr>),
    /// Compare two values of the same type (numbers, dates, options, text, yes/no).
    Compare(Cmp, Box<CExpr>, Box<CExpr>),
    OneOf {
        value: Box<CExpr>,
        options: Vec<CExpr>,
        negate: bool,
    },
    Answered(Box<CExpr>),
    Within {
        value: Box<CExpr>,
        amount: i64,
        unit: Unit,
        dir: Direction,
        other: Box<CExpr>,
    },
    /// Lower-cased phrases; true when any occurs as whole words.
    Contains {
        text: Box<CExpr>,
        phrases: Vec<String>,
        negate: bool,
    },
    /// Bit set of options: `any` needs one of them, else all of them.
    Includes {
        value: Box<CExpr>,
        mask: u64,
        any: bool,
        negate: bool,
    },
    Arith(ast::ArithOp, Box<CExpr>, Box<CExpr>),
    Between {
        unit: Unit,
        from: Box<CExpr>,
        to: Box<CExpr>,
    },
    Quant {
        kind: ast::QuantKind,
        list: ListPath,
        cond: Box<CExpr>,
    },
    Count {
        list: ListPath,
        cond: Option<Box<CExpr>>,
    },
}

/// One condition as the policy lead wrote it: its line and its words, with
/// the spacing of a condition written over several lines made single.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Written {
    pub line: usize,
    pub text: String,
}

/// The conditions inside a yes/no condition, one by one, in a fixed order:
/// each comparison, `includes`, `contains`, `is answered`, yes/no question or
/// definition used as a condition, found through `and`, `or`, `not` and
/// `any`/`all`/`no`; then any conditions inside its values (`count ... where`).
/// Coverage counts each one seen true and seen false; the checker records
/// each one's words in the same order (`Written`).
pub fn conditions<'a>(e: &'a CExpr, out: &mut Vec<&'a CExpr>) {
    match e {
        CExpr::And(v) | CExpr::Or(v) => v.iter().for_each(|x| conditions(x, out)),
        CExpr::Not(x) if !is_one_condition(x) => conditions(x, out),
        // `not worried` and `is not answered` are one condition each: seen
        // true when what they deny is false, as the words say.
        CExpr::Not(x) => {
            out.push(e);
            conditions_of_value(x, out);
        }
        CExpr::Quant { cond, .. } => conditions(cond, out),
        // `true` and `false` written as conditions decide nothing.
        CExpr::Lit(_) => {}
        other => {
            out.push(other);
            conditions_of_value(other, out);
        }
    }
}

/// One condition, not a group of them: not an `and`, `or`, `not` or
/// `any`/`all`/`no`, nor `true` or `false`.
pub fn is_one_condition(e: &CExpr) -> bool {
    !matches!(e, CExpr::And(_) | CExpr::Or(_) | CExpr::Not(_) | CExpr::Quant { .. } | CExpr::Lit(_))
}

/// The conditions inside a value or inside one condition's parts: the `where`
/// of a `count` (and a yes/no condition used as a value).
pub fn conditions_of_value<'a>(e: &'a CExpr, out: &mut Vec<&'a CExpr>) {
    let mut roots = Vec::new();
    conditions_in_value(e, &mut roots);
    for r in roots {
        conditions(r, out);
    }
}

/// The yes/no conditions a value holds, outermost only, left to right: the
/// `where` of each `count`, and any `and`, `or`, `not` or `any` used as a value.
pub fn conditions_in_value<'a>(e: &'a CExpr, out: &mut Vec<&'a CExpr>) {
    match e {
        CExpr::Count { cond: Some(c), .. } => out.push(c),
        CExpr::And(_) | CExpr::Or(_) | CExpr::Not(_) | CExpr::Quant { .. } => out.push(e),
        CExpr::Lit(_) | CExpr::Today | CExpr::Field { .. } | CExpr::Def { .. } | CExpr::Count { cond: None, .. } => {}
        CExpr::Compare(_, a, b) | CExpr::Arith(_, a, b) => {
            conditions_in_value(a, out);
            conditions_in_value(b, out);
        }
        CExpr::OneOf { value, options, .. } => {
            conditions_in_value(value, out);
            options.iter().for_each(|x| conditions_in_value(x, out));
        }
        CExpr::Within { value, other, .. } => {
            conditions_in_value(value, out);
            conditions_in_value(other, out);
        }
        CExpr::Between { from, to, .. } => {
            conditions_in_value(from, out);
            conditions_in_value(to, out);
        }
        CExpr::Answered(x) | CExpr::Contains { text: x, .. } | CExpr::Includes { value: x, .. } => conditions_in_value(x, out),
    }
}

/// The conditions of a definition: its whole expression when it is yes or no,
/// else those inside its value.
pub fn conditions_of_def<'a>(d: &DefDef, expr: &'a CExpr) -> Vec<&'a CExpr> {
    let mut out = Vec::new();
    if d.ty == Ty::YesNo {
        conditions(expr, &mut out);
    } else {
        conditions_of_value(expr, &mut out);
    }
    out
}

/// A test written in the rule file, with every name in it resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct TestDef {
    pub name: String,
    /// The test's own date, when it gives one.
    pub date: Option<Day>,
    pub form: TestFormDef,
    pub expects: Vec<Expectation>,
    /// Where the test starts in the rule file: byte offset, 1-based line and column.
    pub offset: usize,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TestFormDef {
    /// The form written in place, as JSON text.
    Inline(String),
    /// A form file, relative to the rule file.
    File(String),
}

/// A rule or a floor, by its index in `Program::rules` or `Program::floors`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleRef {
    Rule(usize),
    Floor(usize),
}

/// One `expect` line; indices point into the program's levels, actions,
/// scores (and their bands) and `CONTEXTS`.
#[derive(Debug, Clone, PartialEq)]
pub enum Expectation {
    Level(usize),
    Actions(Vec<usize>),
    NoActions(Vec<usize>),
    Fired(Vec<RuleRef>),
    NotFired(Vec<RuleRef>),
    Undecided(Vec<RuleRef>),
    Score {
        score: usize,
        total: i64,
    },
    Band {
        score: usize,
        band: usize,
    },
    /// Words a prompt must contain (any case).
    Prompt(String),
    NoPrompt,
    /// The context that weighs most.
    TopContext(usize),
}
