//! The `test` blocks: each form that is written in place must be JSON (E304),
//! each name must be unique (E108), and every name an `expect` line uses is
//! resolved here, once, into `program::TestDef` for the test runner.

use super::declare::Items;
use super::Checker;
use super::{Map, Set};
use crate::diagnostics::Code;
use crate::program::{Expectation, FloorDef, RuleDef, RuleRef, TestDef, TestFormDef};
use crate::syntax::ast;

/// For each test, why its form written in place cannot be read as a form
/// (`form::parse_json`), if it cannot. With an editor's [`super::Memo`], what
/// each form gave is kept from the last call, by the form's text: reading the
/// shipped file's 200 forms was a quarter of checking it, and a keystroke
/// rarely touches them. Only the last call's forms are kept, in file order,
/// and each is looked for first where it was (comparing texts costs less
/// than hashing them).
fn unreadable_forms(items: &Items, memo: &mut super::Memo) -> Vec<Option<String>> {
    let mut last = std::mem::take(&mut memo.forms);
    let mut next = Vec::with_capacity(items.tests.len());
    let found = items
        .tests
        .iter()
        .map(|t| {
            let ast::TestForm::Inline { json, .. } = &t.form else { return None };
            let i = next.len();
            let fits = |k: &Option<(Box<str>, Option<String>)>| k.as_ref().is_some_and(|(text, _)| **text == **json);
            let at =
                [i, i + 1, i.wrapping_sub(1)].into_iter().find(|&j| last.get(j).is_some_and(fits)).or_else(|| last.iter().position(fits));
            let (key, why) = match at.and_then(|j| last[j].take()) {
                Some(found) => found,
                None => (Box::<str>::from(json.as_str()), crate::form::parse_json(json).err().map(|e| e.message)),
            };
            next.push(Some((key, why.clone())));
            why
        })
        .collect();
    memo.forms = next;
    found
}

impl Checker<'_> {
    pub(super) fn tests(
        &mut self,
        items: &Items,
        ids: &[String],
        rules: &[RuleDef],
        floors: &[FloorDef],
        memo: &mut super::Memo,
    ) -> Vec<TestDef> {
        let mut seen = Set::default();
        let declared: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut tests = Vec::new();
        let unreadable = unreadable_forms(items, memo);
        for (t, why) in items.tests.iter().zip(unreadable) {
            if let ast::TestForm::Inline { span, .. } = &t.form {
                if let Some(why) = why {
                    self.err(
                        Code::E304,
                        *span,
                        format!("This test's form cannot be read: {why}"),
                        Some("Write the form as JSON: names and text in double quotes, yes and no as true and false, items separated by commas.".into()),
                    );
                }
            }
            // A test that expects nothing passes whatever the rules do: green but proving nothing.
            if t.expects.is_empty() {
                self.err(
                    Code::E307,
                    t.name.span,
                    format!("The test \"{}\" has no `expect` line, so it would pass whatever the rules do", t.name.value),
                    Some("Say what the result must be, for example `expect level early_help` or `expect fired MIS1`; see \"Tests\" in the guide.".into()),
                );
            }
            if !seen.insert(t.name.value.as_str()) {
                self.err(
                    Code::E108,
                    t.name.span,
                    format!("There is already a test called \"{}\"", t.name.value),
                    Some("Give each test its own name.".into()),
                );
            }
        }
        // Each id's rule, else its floor (the first of each, as `rule_ref`
        // finds them), looked up once: tests name rules hundreds of times.
        let mut by_id: Map<&str, RuleRef> = Map::default();
        for (i, f) in floors.iter().enumerate().rev() {
            by_id.insert(&f.id, RuleRef::Floor(i));
        }
        for (i, r) in rules.iter().enumerate().rev() {
            by_id.insert(&r.id, RuleRef::Rule(i));
        }
        for t in &items.tests {
            tests.extend(self.test_def(t, &declared, &by_id, rules, floors));
        }
        tests
    }

    /// Resolve a test's names once, so the test runner compares positions.
    /// None when a name is unknown (reported here).
    fn test_def(
        &mut self,
        t: &ast::Test,
        declared: &[&str],
        by_id: &Map<&str, RuleRef>,
        rules: &[RuleDef],
        floors: &[FloorDef],
    ) -> Option<TestDef> {
        use ast::Expect::*;
        let mut expects = Vec::new();
        let mut ok = true;
        for e in &t.expects {
            let resolved = match e {
                Level(l) => self.level(l).map(Expectation::Level),
                Actions(a) | NoActions(a) => {
                    let found: Vec<Option<usize>> = a.iter().map(|a| self.action(a)).collect();
                    let found: Option<Vec<usize>> = found.into_iter().collect();
                    found.map(|v| if matches!(e, Actions(_)) { Expectation::Actions(v) } else { Expectation::NoActions(v) })
                }
                Fired(r) | NotFired(r) | Undecided(r) => {
                    let found: Vec<_> = r
                        .iter()
                        .map(|r| by_id.get(r.name.as_str()).copied().or_else(|| self.rule_ref(r, declared, rules, floors)))
                        .collect();
                    let found: Option<Vec<_>> = found.into_iter().collect();
                    found.map(|v| match e {
                        Fired(_) => Expectation::Fired(v),
                        NotFired(_) => Expectation::NotFired(v),
                        _ => Expectation::Undecided(v),
                    })
                }
                Score { score, total, .. } => self.score(score).map(|score| Expectation::Score { score, total: *total }),
                Band { score, band } => {
                    self.score(score).and_then(|s| self.band(s, score, band).map(|b| Expectation::Band { score: s, band: b }))
                }
                TopContext(c) => self.context(c).map(Expectation::TopContext),
                Prompt(p) => Some(Expectation::Prompt(p.value.clone())),
                NoPrompt(_) => Some(Expectation::NoPrompt),
            };
            match resolved {
                Some(x) => expects.push(x),
                None => ok = false,
            }
        }
        let pos = self.lines.pos(t.span);
        ok.then(|| TestDef {
            name: t.name.value.clone(),
            date: t.date.as_ref().and_then(|d| crate::dates::parse_date(&d.text)),
            form: match &t.form {
                ast::TestForm::Inline { json, .. } => TestFormDef::Inline(json.clone()),
                ast::TestForm::File(path) => TestFormDef::File(path.value.clone()),
            },
            expects,
            offset: t.span.start,
            line: pos.line,
            column: pos.column,
        })
    }
}
