//! What a rule file's own tests exercise: for each rule and floor, whether some
//! test sees it apply and some test sees it not apply; each condition inside
//! each rule, floor and shared definition seen true and seen false; for
//! `is at least`, `more than`, `within` and the like, a test at the boundary
//! and one just the other side; each band of each score reached; each yes or
//! no question answered yes and each option ticked in some test. A rule that
//! applies in a test can still hide a condition no test could catch being
//! wrong: "99 of 99 rules" alone is not "everything is tested".
//!
//! The conditions are watched in a separate evaluation of each test's form
//! (`eval::evaluate_watching`), so screening a referral does no extra work.
//! Three values: a condition left unknown (its answers not given) is seen
//! neither true nor false.

use super::Case;
use crate::dates::Day;
use crate::eval::{Watch, V};
use crate::form::{FormData, Record, Strictness, Val};
use crate::outcome::Outcome;
use crate::program::{CExpr, Cmp, FieldId, FieldTy, Lit, Program, RecordId, TestFormDef, Ty, Written};
use crate::syntax::ast::{Direction, Unit};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    pub rule_set: String,
    /// Tests whose form could be screened.
    pub tests: usize,
    pub rules: Vec<RuleCoverage>,
    /// Each condition of each rule, floor and shared definition, in the file's order.
    pub conditions: Vec<ConditionCoverage>,
    pub bands: Vec<BandCoverage>,
    /// Each yes or no question the rules read.
    pub questions: Vec<QuestionCoverage>,
    pub options: Vec<OptionCoverage>,
    /// Tests whose form could not be read, in words (they count for nothing above).
    pub problems: Vec<String>,
    /// One line: how much is covered.
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RuleCoverage {
    pub id: String,
    pub title: String,
    /// `rule` or `floor`.
    #[cfg_attr(test, ts(type = r#""rule" | "floor""#))]
    pub kind: &'static str,
    /// Names of the tests in which it applies, does not apply, or is undecided.
    pub applies_in: Vec<String>,
    pub does_not_apply_in: Vec<String>,
    pub undecided_in: Vec<String>,
    /// True when some test sees it apply and some test sees it not apply.
    pub covered: bool,
}

/// One condition inside a rule, floor or shared definition: one comparison,
/// `includes`, `contains`, `is answered`, yes or no question or definition,
/// within the `and`, `or`, `not` and `any` around it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConditionCoverage {
    /// "rule MIS7", "floor YOUNG" or "definition child.missing_twice".
    pub within: String,
    /// The line it is written on, and its words.
    pub line: usize,
    pub text: String,
    /// How many tests saw it true, false, and only unknown (answers not given).
    pub true_in: usize,
    pub false_in: usize,
    pub unknown_in: usize,
    /// Seen true in some test and false in some test.
    pub covered: bool,
    /// For `is at least`, `at most`, `more than`, `less than` and `within`: the boundary.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub boundary: Option<BoundaryCoverage>,
    /// What is missing, in a sentence; empty when it was seen both ways.
    pub words: String,
}

/// A comparison's boundary: the value nearest it on the side where the
/// condition holds, and the nearest on the side where it does not. "At least
/// 2" holds at 2 and does not at 1: a test at each shows the line is drawn
/// where the policy says.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BoundaryCoverage {
    /// "2", "exactly 30 days before `referral_date`" ...
    pub holds_at: String,
    /// "1", "31 days before `referral_date`" ...
    pub fails_at: String,
    /// How many tests sit at each.
    pub holds_in: usize,
    pub fails_in: usize,
    pub covered: bool,
    /// What is missing, in a sentence; empty when both sides are tested.
    pub words: String,
}

/// A yes or no question a rule reads, and the tests that answer it yes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct QuestionCoverage {
    /// The question's path in the form: `children[].carrying_weapon`.
    pub field: String,
    /// "Child › Is the child carrying a weapon now?"
    pub field_label: String,
    pub answered_yes_in: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BandCoverage {
    pub score: String,
    pub score_label: String,
    pub band: String,
    pub band_label: String,
    pub reached_in: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OptionCoverage {
    /// The question's path in the form: `children[].place_signs`.
    pub field: String,
    /// "Child › Places, travel and transport"
    pub field_label: String,
    pub option: String,
    pub option_label: String,
    pub ticked_in: Vec<String>,
}

/// Run each test's form and record what it exercises. `files` reads a form
/// file a test names; a test whose form cannot be read is listed in `problems`.
pub fn measure(program: &Program, files: &dyn Fn(&str) -> Option<String>, today: Day) -> Coverage {
    let (cases, mut problems) = super::test_cases(program, "rule", files, today);
    let mut rules: Vec<RuleCoverage> = program
        .rules
        .iter()
        .map(|r| (r.id.clone(), r.title.clone(), "rule"))
        .chain(program.floors.iter().map(|f| (f.id.clone(), f.title.clone(), "floor")))
        .map(|(id, title, kind)| RuleCoverage {
            id,
            title,
            kind,
            applies_in: vec![],
            does_not_apply_in: vec![],
            undecided_in: vec![],
            covered: false,
        })
        .collect();
    let mut bands: Vec<BandCoverage> = program
        .scores
        .iter()
        .flat_map(|s| {
            s.bands.iter().map(move |b| BandCoverage {
                score: s.id.clone(),
                score_label: s.label.clone(),
                band: b.id.clone(),
                band_label: b.label.clone(),
                reached_in: vec![],
            })
        })
        .collect();
    let read = fields_read(program);
    let mut options: Vec<(FieldId, u32, OptionCoverage)> = Vec::new();
    for (fid, f) in program.schema.fields.iter().enumerate() {
        let opts = match &f.ty {
            FieldTy::OneOf(o) | FieldTy::SeveralOf(o) if read.contains(&fid) => o,
            _ => continue,
        };
        let (path, label) = place(program, fid);
        for (i, o) in opts.iter().enumerate() {
            options.push((
                fid,
                i as u32,
                OptionCoverage {
                    field: path.clone(),
                    field_label: label.clone(),
                    option: o.id.clone(),
                    option_label: o.label.clone(),
                    ticked_in: vec![],
                },
            ));
        }
    }
    let mut questions: Vec<(FieldId, QuestionCoverage)> = program
        .schema
        .fields
        .iter()
        .enumerate()
        .filter(|(fid, f)| f.ty == FieldTy::YesNo && read.contains(fid))
        .map(|(fid, _)| {
            let (field, field_label) = place(program, fid);
            (fid, QuestionCoverage { field, field_label, answered_yes_in: vec![] })
        })
        .collect();
    let mut watcher = Watcher::new(program);
    let mut tests = 0;
    for (case, t) in cases.iter().zip(program.tests.iter().filter(|t| form_readable(t, files))) {
        let strictness = if matches!(t.form, TestFormDef::Inline(_)) { Strictness::InPlace } else { Strictness::SharedFile };
        let (outcome, data) = match screen_test(program, case, strictness, &mut watcher) {
            Ok(x) => x,
            Err(e) => {
                problems.push(format!("The test \"{}\" ({}) cannot be screened: {e}", case.name, case.origin));
                continue;
            }
        };
        tests += 1;
        for r in &mut rules {
            let fired = outcome.fired.iter().any(|x| x.id == r.id) || outcome.floors.iter().any(|x| x.id == r.id);
            let undecided = outcome.undecided.iter().any(|x| x.id == r.id);
            let list = if fired {
                &mut r.applies_in
            } else if undecided {
                &mut r.undecided_in
            } else {
                &mut r.does_not_apply_in
            };
            list.push(case.name.clone());
        }
        for b in &mut bands {
            let hit = outcome.scores.iter().any(|s| s.id == b.score && s.band.as_ref().is_some_and(|x| x.id == b.band));
            if hit {
                b.reached_in.push(case.name.clone());
            }
        }
        let mut answers = Answers::default();
        ticks(program, &data.root, 0, &mut answers);
        for (fid, i, o) in &mut options {
            if answers.ticked.contains(&(*fid, *i)) {
                o.ticked_in.push(case.name.clone());
            }
        }
        for (fid, q) in &mut questions {
            if answers.yes.contains(fid) {
                q.answered_yes_in.push(case.name.clone());
            }
        }
    }
    for r in &mut rules {
        r.covered = !r.applies_in.is_empty() && !r.does_not_apply_in.is_empty();
    }
    let options: Vec<OptionCoverage> = options.into_iter().map(|(_, _, o)| o).collect();
    let questions: Vec<QuestionCoverage> = questions.into_iter().map(|(_, q)| q).collect();
    let conditions = watcher.finish();
    let with_boundary = conditions.iter().filter_map(|c| c.boundary.as_ref());
    let never_yes = questions.iter().filter(|q| q.answered_yes_in.is_empty()).count();
    let summary = format!(
        "Rules and floors: {} of {} seen both applying and not applying. Conditions: {} of {} seen both true and false. \
         Boundaries: {} of {} tested on both sides. Yes or no questions never answered yes: {} of {}. \
         Bands: {} of {} reached. Options: {} of {} ticked. From {} test{}.",
        rules.iter().filter(|r| r.covered).count(),
        rules.len(),
        conditions.iter().filter(|c| c.covered).count(),
        conditions.len(),
        with_boundary.clone().filter(|b| b.covered).count(),
        with_boundary.count(),
        never_yes,
        questions.len(),
        bands.iter().filter(|b| !b.reached_in.is_empty()).count(),
        bands.len(),
        options.iter().filter(|o| !o.ticked_in.is_empty()).count(),
        options.len(),
        tests,
        if tests == 1 { "" } else { "s" }
    );
    Coverage { rule_set: program.info.name.clone(), tests, rules, conditions, bands, questions, options, problems, summary }
}

/// Seen in one test: true, false, only unknown; at the boundary on the side
/// where it holds, and on the side where it does not.
const TRUE: u8 = 1;
const FALSE: u8 = 2;
const UNKNOWN: u8 = 4;
const HOLDS: u8 = 8;
const FAILS: u8 = 16;

/// Where a condition draws a line, if it does.
#[derive(Clone, Copy)]
enum Edge {
    /// A number compared with `at least`, `at most`, `more than`, `less than`.
    Number(Cmp),
    /// `within AMOUNT UNIT before/after/of` another date.
    Within { amount: i64, unit: Unit, dir: Direction },
}

/// A value beside a condition with a boundary, as the evaluator worked it out.
#[derive(Clone, Copy)]
enum Point {
    Num(f64),
    Date(Day),
}

enum Part {
    Condition(usize),
    /// The left (0) or right (1) side of the condition's comparison.
    Side(usize, usize),
}

struct Watched<'p> {
    within: String,
    written: Written,
    edge: Option<Edge>,
    /// The literal number on the right, for the boundary's words.
    limit: Option<f64>,
    /// The date `within` counts from, in words: `referral_date`, today.
    other: String,
    expr: &'p CExpr,
    this_test: u8,
    sides: [Option<Point>; 2],
    counts: [usize; 5],
}

/// Watches one evaluation of a test's form: each condition's value, and the
/// values either side of a comparison with a boundary. Parts are known by
/// their place in the program, which does not move while it is watched.
struct Watcher<'p> {
    parts: HashMap<*const CExpr, Part>,
    watched: Vec<Watched<'p>>,
}

impl<'p> Watcher<'p> {
    fn new(p: &'p Program) -> Watcher<'p> {
        let mut w = Watcher { parts: HashMap::new(), watched: Vec::new() };
        let c = &p.conditions;
        for ((d, expr), written) in p.defs_as().zip(&c.defs_written) {
            let name = match d.record.and_then(|r| p.schema.records.get(r)) {
                Some(rec) if !rec.item.is_empty() => format!("{}.{}", rec.item, d.name),
                _ => d.name.clone(),
            };
            let list = crate::program::conditions_of_def(d, expr);
            w.add(p, &format!("definition {name}"), &list, written);
        }
        for ((r, when), written) in p.rules_when().zip(&c.rules_written) {
            let mut list = Vec::new();
            crate::program::conditions(when, &mut list);
            w.add(p, &format!("rule {}", r.id), &list, written);
        }
        for ((f, when), written) in p.floors_when().zip(&c.floors_written) {
            let mut list = Vec::new();
            crate::program::conditions(when, &mut list);
            w.add(p, &format!("floor {}", f.id), &list, written);
        }
        // In the file's order, so the report reads down the file.
        w.watched.sort_by_key(|c| c.written.line);
        for (i, c) in w.watched.iter().enumerate() {
            w.parts.insert(c.expr as *const CExpr, Part::Condition(i));
            match c.expr {
                CExpr::Compare(_, a, b) if c.edge.is_some() => {
                    w.parts.insert(&**a as *const CExpr, Part::Side(i, 0));
                    w.parts.insert(&**b as *const CExpr, Part::Side(i, 1));
                }
                CExpr::Within { value, other, .. } => {
                    w.parts.insert(&**value as *const CExpr, Part::Side(i, 0));
                    w.parts.insert(&**other as *const CExpr, Part::Side(i, 1));
                }
                _ => {}
            }
        }
        w
    }

    fn add(&mut self, program: &Program, within: &str, list: &[&'p CExpr], written: &[Written]) {
        for (k, e) in list.iter().enumerate() {
            let (edge, limit) = match e {
                CExpr::Compare(op @ (Cmp::Lt | Cmp::Le | Cmp::Gt | Cmp::Ge), a, b) if is_number(program, a) => {
                    (Some(Edge::Number(*op)), if let CExpr::Lit(Lit::Num(n)) = &**b { Some(*n) } else { None })
                }
                CExpr::Within { amount, unit, dir, .. } => (Some(Edge::Within { amount: *amount, unit: *unit, dir: *dir }), None),
                _ => (None, None),
            };
            let other = match e {
                CExpr::Within { other, .. } => match &**other {
                    CExpr::Today => "today".to_string(),
                    CExpr::Field { field, .. } => program.schema.fields.get(*field).map_or(String::new(), |f| format!("`{}`", f.name)),
                    CExpr::Def { def, .. } => program.defs.get(*def).map_or(String::new(), |d| format!("`{}`", d.name)),
                    CExpr::Lit(Lit::Date(d)) => d.to_string(),
                    _ => "the other date".to_string(),
                },
                _ => String::new(),
            };
            self.watched.push(Watched {
                within: within.to_string(),
                // Recorded by the checker in the same order; a program from elsewhere has none.
                written: written.get(k).cloned().unwrap_or_default(),
                edge,
                limit,
                other,
                expr: e,
                this_test: 0,
                sides: [None, None],
                counts: [0; 5],
            });
        }
    }

    /// One test's form is done: count what it showed.
    fn end_test(&mut self) {
        for c in &mut self.watched {
            for (k, bit) in [TRUE, FALSE, UNKNOWN, HOLDS, FAILS].into_iter().enumerate() {
                // Unknown counts only when the test never decided it.
                let shown = if bit == UNKNOWN { c.this_test & (TRUE | FALSE | UNKNOWN) == UNKNOWN } else { c.this_test & bit != 0 };
                if shown {
                    c.counts[k] += 1;
                }
            }
            c.this_test = 0;
            c.sides = [None, None];
        }
    }

    fn finish(self) -> Vec<ConditionCoverage> {
        self.watched.into_iter().map(condition_coverage).collect()
    }
}

impl Watch for &mut Watcher<'_> {
    const ON: bool = true;
    fn seen(&mut self, part: &CExpr, value: V<'_>) {
        match self.parts.get(&(part as *const CExpr)) {
            Some(&Part::Side(i, side)) => {
                self.watched[i].sides[side] = match value {
                    V::Num(lo, hi) if lo == hi => Some(Point::Num(lo)),
                    V::Date(d) => Some(Point::Date(d)),
                    _ => None,
                };
            }
            Some(&Part::Condition(i)) => {
                let c = &mut self.watched[i];
                c.this_test |= match value {
                    V::Bool(true) => TRUE,
                    V::Bool(false) => FALSE,
                    _ => UNKNOWN,
                };
                if let (Some(edge), [Some(a), Some(b)], V::Bool(_)) = (c.edge, c.sides, value) {
                    c.this_test |= at_edge(edge, a, b);
                }
                c.sides = [None, None];
            }
            None => {}
        }
    }
}

/// A number, not a date (`before` and `after` compare dates; their boundary is not counted).
fn is_number(p: &Program, e: &CExpr) -> bool {
    match e {
        CExpr::Lit(Lit::Num(_)) | CExpr::Arith(..) | CExpr::Count { .. } | CExpr::Between { .. } => true,
        CExpr::Field { field, .. } => p.schema.fields.get(*field).is_some_and(|f| f.ty == FieldTy::Number),
        CExpr::Def { def, .. } => p.defs.get(*def).is_some_and(|d| d.ty == Ty::Number),
        _ => false,
    }
}

/// Whether two values sit at a condition's boundary: `HOLDS` on the nearest
/// value where it holds, `FAILS` on the nearest where it does not (a step of
/// 1 for numbers, a day for dates).
fn at_edge(edge: Edge, a: Point, b: Point) -> u8 {
    match (edge, a, b) {
        (Edge::Number(op), Point::Num(x), Point::Num(y)) => {
            let d = x - y;
            let (equal, below, above) = (d == 0.0, (-1.0..0.0).contains(&d), d > 0.0 && d <= 1.0);
            match op {
                Cmp::Ge if equal => HOLDS,
                Cmp::Ge if below => FAILS,
                Cmp::Gt if above => HOLDS,
                Cmp::Gt if equal => FAILS,
                Cmp::Le if equal => HOLDS,
                Cmp::Le if above => FAILS,
                Cmp::Lt if below => HOLDS,
                Cmp::Lt if equal => FAILS,
                _ => 0,
            }
        }
        (Edge::Within { amount, unit, dir }, Point::Date(v), Point::Date(o)) => {
            let back = crate::eval::shift(o, -amount, unit);
            let fwd = crate::eval::shift(o, amount, unit);
            let (at_back, past_back) = (v == back, v.0 == back.0 - 1);
            let (at_fwd, past_fwd) = (v == fwd, v.0 == fwd.0 + 1);
            let (holds, fails) = match dir {
                Direction::Before => (at_back, past_back),
                Direction::After => (at_fwd, past_fwd),
                Direction::Either => (at_back || at_fwd, past_back || past_fwd),
            };
            (if holds { HOLDS } else { 0 }) | (if fails { FAILS } else { 0 })
        }
        _ => 0,
    }
}

fn condition_coverage(c: Watched<'_>) -> ConditionCoverage {
    let [true_in, false_in, unknown_in, holds_in, fails_in] = c.counts;
    let covered = true_in > 0 && false_in > 0;
    let words = match (true_in > 0, false_in > 0) {
        (true, true) => String::new(),
        (true, false) => "was never false in a test".to_string(),
        (false, true) => "was never true in a test".to_string(),
        (false, false) if unknown_in > 0 => "was never decided in a test: its answers were never all given".to_string(),
        (false, false) => "was never reached in a test".to_string(),
    };
    let boundary = c.edge.map(|edge| {
        let (holds_at, fails_at) = edge_words(edge, c.limit, &c.other);
        let words = match (holds_in > 0, fails_in > 0) {
            (true, true) => String::new(),
            (true, false) => format!("no test at {fails_at} (just the other side, where it does not hold)"),
            (false, true) => format!("no test at {holds_at} (the edge, where it holds)"),
            (false, false) => format!("no test at {holds_at} (where it holds) or at {fails_at} (where it does not)"),
        };
        BoundaryCoverage { holds_at, fails_at, holds_in, fails_in, covered: holds_in > 0 && fails_in > 0, words }
    });
    ConditionCoverage {
        within: c.within,
        line: c.written.line,
        text: c.written.text,
        true_in,
        false_in,
        unknown_in,
        covered,
        boundary,
        words,
    }
}

/// The nearest value where the condition holds and the nearest where it does not, in words.
fn edge_words(edge: Edge, limit: Option<f64>, other: &str) -> (String, String) {
    let num = |n: f64| if n.fract() == 0.0 { format!("{}", n as i64) } else { crate::decimal::Plain(n).to_string() };
    match (edge, limit) {
        (Edge::Number(op), Some(n)) => {
            let (holds, fails) = match op {
                Cmp::Ge => (n, n - 1.0),
                Cmp::Gt => (n + 1.0, n),
                Cmp::Le => (n, n + 1.0),
                _ => (n - 1.0, n),
            };
            (num(holds), num(fails))
        }
        (Edge::Number(op), None) => match op {
            Cmp::Ge | Cmp::Le => ("the two sides equal".into(), format!("one {} it", if op == Cmp::Ge { "below" } else { "above" })),
            _ => (format!("one {} it", if op == Cmp::Gt { "above" } else { "below" }), "the two sides equal".into()),
        },
        (Edge::Within { amount, unit, dir }, _) => {
            let way = match dir {
                Direction::Before => "before",
                Direction::After => "after",
                Direction::Either => "before or after",
            };
            let past = if unit == Unit::Days {
                format!("{} days {way} {other}", amount + 1)
            } else {
                format!("{amount} {} and a day {way} {other}", unit.word(amount))
            };
            (format!("exactly {amount} {} {way} {other}", unit.word(amount)), past)
        }
    }
}

/// `test_cases` leaves out tests whose form file cannot be read; this keeps the two lists in step.
fn form_readable(t: &crate::program::TestDef, files: &dyn Fn(&str) -> Option<String>) -> bool {
    match &t.form {
        TestFormDef::Inline(_) => true,
        TestFormDef::File(p) => files(p).is_some(),
    }
}

/// A test's form read as the test runner reads it, with the data kept for
/// the options ticked, and each condition watched as it is worked out.
fn screen_test<'p>(
    program: &'p Program,
    case: &Case,
    strictness: Strictness,
    watcher: &mut Watcher,
) -> Result<(Outcome<'p>, FormData), String> {
    let value = crate::form::parse_json(&case.json).map_err(|e| e.message)?;
    let data = crate::form::read_strict(&program.schema, &value, strictness);
    let outcome = crate::eval::evaluate_watching(program, &data, case.date, &mut *watcher).0.outcome();
    watcher.end_test();
    Ok((outcome, data))
}

/// The options ticked and the yes or no questions answered yes in one form.
#[derive(Default)]
struct Answers {
    ticked: BTreeSet<(FieldId, u32)>,
    yes: BTreeSet<FieldId>,
}

/// Every (field, option) ticked and every question answered yes in a record and the records under it.
fn ticks(program: &Program, rec: &Record, record: RecordId, out: &mut Answers) {
    for (slot, v) in rec.vals.iter().enumerate() {
        let Some(&fid) = program.schema.records[record].fields.get(slot) else { continue };
        match v {
            Val::Bool(true) => {
                out.yes.insert(fid);
            }
            Val::Choice(i) => {
                out.ticked.insert((fid, *i));
            }
            Val::Choices { ticked: bits, .. } => {
                for i in 0..64u32 {
                    if bits & (1u64 << i) != 0 {
                        out.ticked.insert((fid, i));
                    }
                }
            }
            Val::List(items) => {
                if let FieldTy::List(r) = program.schema.fields[fid].ty {
                    for item in items {
                        ticks(program, item, r, out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// A field's path (`children[].place_signs`) and label ("Child › Places").
pub fn place(program: &Program, fid: FieldId) -> (String, String) {
    let s = &program.schema;
    let mut path = vec![s.fields[fid].name.clone()];
    let mut label = vec![s.fields[fid].label.clone()];
    let mut record = s.fields[fid].record;
    // Walk up through the lists that hold this record; nesting is capped by the checker.
    while let Some(list) = s.records.get(record).and_then(|r| r.list_field) {
        path.push(format!("{}[]", s.fields[list].name));
        label.push(s.records[record].item_label.clone());
        record = s.fields[list].record;
    }
    path.reverse();
    label.reverse();
    (path.join("."), label.join(" › "))
}

/// The fields any rule, floor, band or definition reads.
pub fn fields_read(program: &Program) -> BTreeSet<FieldId> {
    let mut out = BTreeSet::new();
    let c = &program.conditions;
    for e in c.rules.iter().chain(&c.floors).chain(&c.defs) {
        walk(e, &mut out);
    }
    out
}

pub(crate) fn walk(e: &CExpr, out: &mut BTreeSet<FieldId>) {
    match e {
        CExpr::Field { field, .. } => {
            out.insert(*field);
        }
        CExpr::Lit(_) | CExpr::Today | CExpr::Def { .. } => {}
        CExpr::And(v) | CExpr::Or(v) => v.iter().for_each(|x| walk(x, out)),
        CExpr::Not(x) | CExpr::Answered(x) => walk(x, out),
        CExpr::Compare(_, a, b) | CExpr::Arith(_, a, b) => {
            walk(a, out);
            walk(b, out);
        }
        CExpr::OneOf { value, options, .. } => {
            walk(value, out);
            options.iter().for_each(|x| walk(x, out));
        }
        CExpr::Within { value, other, .. } => {
            walk(value, out);
            walk(other, out);
        }
        CExpr::Contains { text, .. } => walk(text, out),
        CExpr::Includes { value, .. } => walk(value, out),
        CExpr::Between { from, to, .. } => {
            walk(from, out);
            walk(to, out);
        }
        CExpr::Quant { list, cond, .. } => {
            out.extend(list.steps.iter().copied());
            walk(cond, out);
        }
        CExpr::Count { list, cond } => {
            out.extend(list.steps.iter().copied());
            if let Some(c) = cond {
                walk(c, out);
            }
        }
    }
}

/// The gaps, in the file's own words; then the summary line.
pub fn to_text(c: &Coverage) -> String {
    let mut out = String::new();
    for p in &c.problems {
        out += &format!("  Problem: {p}\n");
    }
    let never: Vec<&RuleCoverage> = c.rules.iter().filter(|r| r.applies_in.is_empty()).collect();
    let always: Vec<&RuleCoverage> = c.rules.iter().filter(|r| !r.applies_in.is_empty() && r.does_not_apply_in.is_empty()).collect();
    if !never.is_empty() {
        out += "  No test sees these apply:\n";
        for r in never {
            out += &format!("    - {} ({}), a {}\n", r.id, r.title, r.kind);
        }
    }
    if !always.is_empty() {
        out += "  No test sees these not apply:\n";
        for r in always {
            out += &format!("    - {} ({}), a {}\n", r.id, r.title, r.kind);
        }
    }
    let unseen: Vec<&ConditionCoverage> = c.conditions.iter().filter(|x| !x.covered).collect();
    if !unseen.is_empty() {
        out += &format!("  Conditions not seen both true and false ({} of {}):\n", unseen.len(), c.conditions.len());
        for x in unseen {
            out += &format!("    - line {} ({}): `{}` {}\n", x.line, x.within, x.text, x.words);
        }
    }
    let edges: Vec<&ConditionCoverage> = c.conditions.iter().filter(|x| x.boundary.as_ref().is_some_and(|b| !b.covered)).collect();
    if !edges.is_empty() {
        let all = c.conditions.iter().filter(|x| x.boundary.is_some()).count();
        out += &format!("  Boundaries not tested on both sides ({} of {all}):\n", edges.len());
        for x in edges {
            let words = x.boundary.as_ref().map(|b| b.words.as_str()).unwrap_or("");
            out += &format!("    - line {} ({}): `{}`: {words}\n", x.line, x.within, x.text);
        }
    }
    let never_yes: Vec<&QuestionCoverage> = c.questions.iter().filter(|q| q.answered_yes_in.is_empty()).collect();
    if !never_yes.is_empty() {
        out += "  No test answers these questions yes:\n";
        for q in never_yes {
            out += &format!("    - {} ({})\n", q.field_label, q.field);
        }
    }
    let unreached: Vec<&BandCoverage> = c.bands.iter().filter(|b| b.reached_in.is_empty()).collect();
    if !unreached.is_empty() {
        out += "  No test reaches these bands:\n";
        for b in unreached {
            out += &format!("    - {}: {} ({})\n", b.score_label, b.band_label, b.band);
        }
    }
    let unticked: Vec<&OptionCoverage> = c.options.iter().filter(|o| o.ticked_in.is_empty()).collect();
    if !unticked.is_empty() {
        out += "  No test ticks these options:\n";
        for o in unticked {
            out += &format!("    - {}: {} ({} in {})\n", o.field_label, o.option_label, o.option, o.field);
        }
    }
    out += &format!("  {}\n", c.summary);
    out
}
