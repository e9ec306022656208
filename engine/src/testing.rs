//! The tests written inside a rule file: each a form and what the outcome must
//! show. The checker resolved every name in them (`program::TestDef`), so this
//! compares positions in the program, and words failures with the labels a
//! policy lead reads ("expected level Early help, but got Child in need").

use crate::dates::Day;
use crate::diagnostics::Code;
use crate::outcome::Outcome;
use crate::program::{Expectation, Program, RuleRef, TestFormDef, CONTEXTS};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TestReport<'p> {
    pub passed: usize,
    pub failed: usize,
    pub tests: Vec<TestResult<'p>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TestResult<'p> {
    pub name: String,
    pub passed: bool,
    /// What did not match, in plain words.
    pub failures: Vec<String>,
    /// The same, as data: what was expected and what came out, by id.
    pub mismatches: Vec<Mismatch>,
    /// Where the test starts in the rule file: byte offset, 1-based line and column.
    pub offset: usize,
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub outcome: Option<Outcome<'p>>,
}

/// A test set aside because it names what an edit took out (a rule or floor
/// no longer in the file): the rules are still screened and compared without
/// it, and it is listed, never hidden.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SetAsideTest {
    /// The test's name (or "the test on line N" when it has none).
    pub name: String,
    /// The 1-based line the test starts on.
    pub line: usize,
    /// Its problems, each as "Line N: message".
    pub problems: Vec<String>,
}

/// One expectation that did not hold, by id. `expected` and `actual` are ids
/// (a level, action, rule, band, context), a number for a score total, or the
/// words looked for in a prompt; null where there is nothing to name.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Mismatch {
    /// Set when the test could not run at all: `E304`, its form cannot be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub code: Option<Code>,
    /// `form`, `level`, `action`, `noAction`, `fired`, `notFired`, `undecided`,
    /// `score`, `band`, `prompt`, `noPrompt` or `topContext`.
    #[cfg_attr(
        test,
        ts(
            type = r#""form" | "level" | "action" | "noAction" | "fired" | "notFired" | "undecided" | "score" | "band" | "prompt" | "noPrompt" | "topContext""#
        )
    )]
    pub expect: &'static str,
    pub expected: Option<String>,
    pub actual: Option<String>,
}

/// Run every test. `files` gives the text of a form file named in a test;
/// `evaluate` screens one form's JSON text on a date (the API's own
/// `evaluate_test_json`: what callers see, with the form read strictly, so a
/// misspelt field name, an unknown option or a wrong type fails the test);
/// its last argument is true for a form written in place.
pub fn run<'p>(
    program: &'p Program,
    files: &dyn Fn(&str) -> Option<String>,
    evaluate: &dyn Fn(&str, Day, bool) -> Result<Outcome<'p>, crate::diagnostics::Diagnostic>,
    today: Day,
) -> TestReport<'p> {
    let mut tests = Vec::new();
    for t in &program.tests {
        let mut r = Run { program, failures: Vec::new(), mismatches: Vec::new() };
        let date = t.date.or(program.default_date).unwrap_or(today);
        let json = match &t.form {
            TestFormDef::Inline(json) => Some(json.clone()),
            TestFormDef::File(path) => match files(path) {
                Some(text) => Some(text),
                None => {
                    r.cannot_run(path.clone(), format!("the form file \"{path}\" cannot be read"));
                    None
                }
            },
        };
        let in_place = matches!(t.form, TestFormDef::Inline(_));
        let outcome = json.and_then(|j| match evaluate(&j, date, in_place) {
            Ok(o) => Some(o),
            Err(e) => {
                r.cannot_run(e.code.to_string(), format!("the test's form cannot be read: {}", e.message));
                None
            }
        });
        if let Some(o) = &outcome {
            for e in o.form_errors.iter().filter(|e| e.is_error()) {
                let at = match &e.location {
                    crate::diagnostics::Location::Form { field, .. } if !field.is_empty() => format!(" at `{field}`"),
                    _ => String::new(),
                };
                r.fail("form", None, Some(e.code.to_string()), format!("The form has an error{at} ({}): {}", e.code, e.message));
            }
            for e in &t.expects {
                r.expect(o, e);
            }
        }
        tests.push(TestResult {
            name: t.name.clone(),
            passed: r.failures.is_empty(),
            failures: r.failures,
            mismatches: r.mismatches,
            offset: t.offset,
            line: t.line,
            column: t.column,
            outcome,
        });
    }
    let passed = tests.iter().filter(|t| t.passed).count();
    TestReport { passed, failed: tests.len() - passed, tests }
}

struct Run<'a> {
    program: &'a Program,
    failures: Vec<String>,
    mismatches: Vec<Mismatch>,
}

impl Run<'_> {
    fn fail(&mut self, expect: &'static str, expected: Option<String>, actual: Option<String>, words: String) {
        self.failures.push(words);
        self.mismatches.push(Mismatch { code: None, expect, expected, actual });
    }

    /// The test's form could not be read (E304): the test cannot run.
    fn cannot_run(&mut self, what: String, words: String) {
        self.failures.push(format!("{}: {words}", Code::E304));
        self.mismatches.push(Mismatch { code: Some(Code::E304), expect: "form", expected: None, actual: Some(what) });
    }

    /// "MIS1 (Found out of area)": a rule's id is what the policy lead wrote, its title what it means.
    fn rule_name(&self, r: RuleRef) -> String {
        let (id, title) = match r {
            RuleRef::Rule(i) => (&self.program.rules[i].id, &self.program.rules[i].title),
            RuleRef::Floor(i) => (&self.program.floors[i].id, &self.program.floors[i].title),
        };
        format!("{id} ({title})")
    }

    fn rule_id(&self, r: RuleRef) -> &str {
        match r {
            RuleRef::Rule(i) => &self.program.rules[i].id,
            RuleRef::Floor(i) => &self.program.floors[i].id,
        }
    }

    fn expect(&mut self, o: &Outcome, e: &Expectation) {
        let p = self.program;
        let fired = |id: &str| o.fired.iter().any(|r| r.id == id) || o.floors.iter().any(|f| f.id == id);
        let undecided = |id: &str| o.undecided.iter().any(|r| r.id == id);
        // "it is undecided, waiting for: Child 1 › Going missing": the question that would decide it.
        let undecided_why = |id: &str| match o.undecided.iter().find(|r| r.id == id).map(|r| r.waiting_for()) {
            Some(w) if !w.is_empty() => format!("it is undecided, waiting for: {w}"),
            _ => "it is undecided".to_string(),
        };
        match e {
            Expectation::Level(l) => {
                let want = &p.levels[*l];
                if o.level.id != want.id {
                    // A level held down by undecided rules says which answers would move it.
                    let rise = match &o.level.could_rise_to {
                        Some(r) => {
                            let needs: Vec<crate::outcome::Need> = o
                                .questions
                                .iter()
                                .filter(|q| q.could_raise_to.is_some())
                                .map(|q| crate::outcome::Need { field: q.field.clone(), label: q.label.clone() })
                                .collect();
                            format!(" (it could rise to {} once these are answered: {})", r.label, crate::outcome::waiting_for(&needs))
                        }
                        None => String::new(),
                    };
                    self.fail(
                        "level",
                        Some(want.id.clone()),
                        Some(o.level.id.to_string()),
                        format!("expected level {}, but got {}{rise}", want.label, o.level.label),
                    );
                }
            }
            Expectation::Actions(ids) => {
                for &a in ids {
                    let want = &p.actions[a];
                    if !o.actions.iter().any(|x| x.id == want.id) {
                        self.fail(
                            "action",
                            Some(want.id.clone()),
                            None,
                            format!("expected action {}, but it is not suggested", want.label),
                        );
                    }
                }
            }
            Expectation::NoActions(ids) => {
                for &a in ids {
                    let want = &p.actions[a];
                    if let Some(x) = o.actions.iter().find(|x| x.id == want.id) {
                        // Rules and bands first (the demo rewords this shape); else the level that requires it.
                        let why = match (&x.requested_by[..], &x.required_by_level) {
                            ([], Some(l)) => format!("the level {} requires it", l.label),
                            (by, _) => format!("{} asked for it", by.join(", ")),
                        };
                        self.fail(
                            "noAction",
                            Some(want.id.clone()),
                            Some(want.id.clone()),
                            format!("expected no action {}, but {why}", want.label),
                        );
                    }
                }
            }
            Expectation::Fired(rs) => {
                for &r in rs {
                    let id = self.rule_id(r).to_string();
                    if !fired(&id) {
                        let why = if undecided(&id) { undecided_why(&id) } else { "it did not fire".to_string() };
                        self.fail("fired", Some(id), None, format!("expected {} to fire, but {why}", self.rule_name(r)));
                    }
                }
            }
            Expectation::NotFired(rs) => {
                for &r in rs {
                    let id = self.rule_id(r).to_string();
                    if fired(&id) {
                        self.fail(
                            "notFired",
                            Some(id.clone()),
                            Some(id),
                            format!("expected {} not to fire, but it fired", self.rule_name(r)),
                        );
                    }
                }
            }
            Expectation::Undecided(rs) => {
                for &r in rs {
                    let id = self.rule_id(r).to_string();
                    if !undecided(&id) {
                        let why = if fired(&id) { "it fired" } else { "it was decided as not applying" };
                        self.fail("undecided", Some(id), None, format!("expected {} to be undecided, but {why}", self.rule_name(r)));
                    }
                }
            }
            Expectation::Score { score, total } => {
                let def = &p.scores[*score];
                match o.scores.iter().find(|s| s.id == def.id) {
                    Some(s) if s.total == *total => {}
                    Some(s) => self.fail(
                        "score",
                        Some(total.to_string()),
                        Some(s.total.to_string()),
                        format!("expected {} to be {total}, but it is {}", def.label, s.total),
                    ),
                    None => self.fail("score", Some(def.id.clone()), None, format!("there is no score {}", def.label)),
                }
            }
            Expectation::Band { score, band } => {
                let def = &p.scores[*score];
                let want = &def.bands[*band];
                match o.scores.iter().find(|s| s.id == def.id) {
                    Some(s) => {
                        if s.band.as_ref().map(|b| &*b.id) != Some(&*want.id) {
                            let got = s.band.as_ref().map(|b| &*b.label).unwrap_or("no band");
                            self.fail(
                                "band",
                                Some(want.id.clone()),
                                s.band.as_ref().map(|b| b.id.to_string()),
                                format!("expected {} in band {}, but it is in {got}", def.label, want.label),
                            );
                        }
                    }
                    None => self.fail("band", Some(def.id.clone()), None, format!("there is no score {}", def.label)),
                }
            }
            Expectation::Prompt(text) => {
                let want = text.to_lowercase();
                if !o.prompts.iter().any(|p| p.text.to_lowercase().contains(&want)) {
                    self.fail("prompt", Some(text.clone()), None, format!("expected a prompt containing \"{text}\", but there is none"));
                }
            }
            Expectation::TopContext(c) => {
                let (id, label, _) = CONTEXTS[*c];
                match o.contexts.first() {
                    Some(top) if top.id == id => {}
                    Some(top) => {
                        let mine = o.contexts.iter().find(|x| x.id == id).map(|x| x.weight).unwrap_or(0);
                        self.fail(
                            "topContext",
                            Some(id.to_string()),
                            Some(top.id.to_string()),
                            format!("expected {label} to weigh most, but {} does ({} against {mine})", top.label, top.weight),
                        );
                    }
                    None => {
                        self.fail("topContext", Some(id.to_string()), None, format!("expected {label} to weigh most, but no rule fired"))
                    }
                }
            }
            Expectation::NoPrompt => {
                if let Some(pr) = o.prompts.first() {
                    self.fail(
                        "noPrompt",
                        None,
                        Some(pr.rule.to_string()),
                        format!("expected no prompt, but {} prompts: \"{}\"", pr.rule, pr.text),
                    );
                }
            }
        }
    }
}

/// A `test` block that records a form and what the rules give for it now:
/// the level, the actions and the rules and floors that apply, in the
/// formatter's layout (`screen fmt` leaves it as it is). The demo's "Add the
/// referral as a test" and `screen eval --as-test` both write it here, so the
/// words of the language are written in one place. It records today's result,
/// so the person must still check each expectation says what they mean.
pub fn test_block(name: &str, date: Day, form: &crate::json::Json, outcome: &Outcome) -> String {
    // A name is one quoted string: a double quote inside it would end it.
    let name = name.replace('"', "'").replace(['\n', '\r'], " ");
    let json = crate::json::to_string_pretty(form).unwrap_or_else(|_| "{}".to_owned());
    // Inside a test the formatter indents a form by its brace depth, one step in.
    let json = json.lines().enumerate().map(|(i, l)| if i == 0 { l.to_owned() } else { format!("  {l}") }).collect::<Vec<_>>().join("\n");
    let ids = |v: Vec<&str>| v.join(", ");
    let mut out = format!("test \"{name}\"\n  date {date}\n  form {json}\n  expect level {}\n", outcome.level.id);
    if !outcome.actions.is_empty() {
        out += &format!("  expect action {}\n", ids(outcome.actions.iter().map(|a| &*a.id).collect()));
    }
    let fired: Vec<&str> = outcome.fired.iter().map(|r| &*r.id).chain(outcome.floors.iter().map(|f| &*f.id)).collect();
    if !fired.is_empty() {
        out += &format!("  expect fired {}\n", ids(fired));
    }
    out += "end\n";
    out
}
