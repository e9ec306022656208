//! The tests written inside a rule file: each a form and what the outcome must show.

use crate::api::RuleSet;
use crate::dates::{self, Day};
use crate::outcome::Outcome;
use crate::syntax::ast::{Expect, TestForm};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TestReport {
    pub passed: usize,
    pub failed: usize,
    pub tests: Vec<TestResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TestResult {
    pub name: String,
    pub passed: bool,
    /// What did not match, in plain words.
    pub failures: Vec<String>,
    /// Where the test starts in the rule file (byte offset; the CLI shows the line).
    pub offset: usize,
    #[serde(skip)]
    pub outcome: Option<Outcome>,
}

pub fn run(rs: &RuleSet, files: &dyn Fn(&str) -> Option<String>, today: Day) -> TestReport {
    let mut tests = Vec::new();
    for t in &rs.program().tests {
        let mut failures = Vec::new();
        let date = t.date.as_ref().and_then(|d| dates::parse_date(&d.text)).or(rs.default_date()).unwrap_or(today);
        let json = match &t.form {
            TestForm::Inline { json, .. } => Some(json.clone()),
            TestForm::File(path) => match files(&path.value) {
                Some(text) => Some(text),
                None => {
                    failures.push(format!("E304: the form file \"{}\" cannot be read", path.value));
                    None
                }
            },
        };
        let outcome = json.and_then(|j| match rs.evaluate_json(&j, date) {
            Ok(o) => Some(o),
            Err(e) => {
                failures.push(format!("E304: the test's form cannot be read: {}", e.message));
                None
            }
        });
        if let Some(o) = &outcome {
            for e in o.form_errors.iter().filter(|e| e.severity == crate::diagnostics::Severity::Error) {
                failures.push(format!("The form has an error: {}", e.message));
            }
            for e in &t.expects {
                expect(o, e, &mut failures);
            }
        }
        tests.push(TestResult { name: t.name.value.clone(), passed: failures.is_empty(), failures, offset: t.span.start, outcome });
    }
    let passed = tests.iter().filter(|t| t.passed).count();
    TestReport { passed, failed: tests.len() - passed, tests }
}

fn expect(o: &Outcome, e: &Expect, failures: &mut Vec<String>) {
    let fired = |id: &str| o.fired.iter().any(|r| r.id == id) || o.floors.iter().any(|f| f.id == id);
    let undecided = |id: &str| o.undecided.iter().any(|r| r.id == id);
    match e {
        Expect::Level(l) => {
            if o.level.id != l.name {
                failures.push(format!("expected level {}, but got {}", l.name, o.level.id));
            }
        }
        Expect::Actions(ids) => {
            for a in ids {
                if !o.actions.iter().any(|x| x.id == a.name) {
                    failures.push(format!("expected action {}, but it is not suggested", a.name));
                }
            }
        }
        Expect::NoActions(ids) => {
            for a in ids {
                if let Some(x) = o.actions.iter().find(|x| x.id == a.name) {
                    failures.push(format!("expected no action {}, but {} asked for it", a.name, x.requested_by.join(", ")));
                }
            }
        }
        Expect::Fired(ids) => {
            for r in ids {
                if !fired(&r.name) {
                    let why = if undecided(&r.name) { "it is undecided" } else { "it did not fire" };
                    failures.push(format!("expected {} to fire, but {why}", r.name));
                }
            }
        }
        Expect::NotFired(ids) => {
            for r in ids {
                if fired(&r.name) {
                    failures.push(format!("expected {} not to fire, but it fired", r.name));
                }
            }
        }
        Expect::Undecided(ids) => {
            for r in ids {
                if !undecided(&r.name) {
                    let why = if fired(&r.name) { "it fired" } else { "it was decided as not applying" };
                    failures.push(format!("expected {} to be undecided, but {why}", r.name));
                }
            }
        }
        Expect::Score { score, total, .. } => match o.scores.iter().find(|s| s.id == score.name) {
            Some(s) if s.total == *total => {}
            Some(s) => failures.push(format!("expected score {} to be {total}, but it is {}", score.name, s.total)),
            None => failures.push(format!("there is no score {}", score.name)),
        },
        Expect::Band { score, band } => match o.scores.iter().find(|s| s.id == score.name) {
            Some(s) => {
                let got = s.band.as_ref().map(|b| b.id.as_str()).unwrap_or("no band");
                if got != band.name {
                    failures.push(format!("expected score {} in band {}, but it is in {got}", score.name, band.name));
                }
            }
            None => failures.push(format!("there is no score {}", score.name)),
        },
        Expect::Prompt(text) => {
            let want = text.value.to_lowercase();
            if !o.prompts.iter().any(|p| p.text.to_lowercase().contains(&want)) {
                failures.push(format!("expected a prompt containing \"{}\", but there is none", text.value));
            }
        }
        Expect::TopContext(c) => match o.contexts.first() {
            Some(top) if top.id == c.name => {}
            Some(top) => failures.push(format!(
                "expected {} to weigh most, but {} does ({} against {})",
                c.name,
                top.id,
                top.weight,
                o.contexts.iter().find(|x| x.id == c.name).map(|x| x.weight).unwrap_or(0)
            )),
            None => failures.push(format!("expected {} to weigh most, but no rule fired", c.name)),
        },
        Expect::NoPrompt(_) => {
            if let Some(p) = o.prompts.first() {
                failures.push(format!("expected no prompt, but {} prompts: \"{}\"", p.rule, p.text));
            }
        }
    }
}
