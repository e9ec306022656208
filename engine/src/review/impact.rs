//! The impact of a change: screen every case under the old and the new rule
//! file and list each case whose outcome changed (level, actions, the context
//! that weighs most, prompts, undecided rules), each change with the rules
//! that made it. This is how a policy lead sees that a change is "green but
//! wrong" before it goes live.

use super::{screen, Case};
use crate::outcome::{ActionResult, ContextResult, Outcome, RuleSetInfo};
use crate::program::Program;
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Impact {
    pub old: RuleSetInfo,
    pub new: RuleSetInfo,
    /// How many cases were screened under both files.
    pub cases: usize,
    pub unchanged: usize,
    /// Every case whose outcome changed, in the order the cases were given.
    pub changed: Vec<CaseImpact>,
    /// Cases that could not be screened (a form file missing, a form that is not JSON), in words.
    pub problems: Vec<String>,
    /// Options the new form has that the old did not, with what reads them.
    pub new_options: Vec<super::NewOption>,
    /// One line: how many cases changed, and how.
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CaseImpact {
    pub name: String,
    pub origin: String,
    /// The screening date, YYYY-MM-DD.
    pub date: String,
    pub before: Snapshot,
    pub after: Snapshot,
    pub changes: Vec<Change>,
}

/// The parts of an outcome that a change can move.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    pub level: String,
    pub level_label: String,
    pub set_by: Vec<String>,
    pub actions: Vec<ActionResult>,
    pub top_context: Option<ContextResult>,
    /// The next context's weight, to see how close the top one is to changing.
    pub runner_up: Option<ContextResult>,
    pub prompts: Vec<PromptLine>,
    /// Ids of the rules and floors that are undecided.
    pub undecided: Vec<String>,
    /// Ids of the rules and floors that apply.
    pub fired: Vec<String>,
    /// Answers that could not be read, in words (the same under both files unless the form changed).
    pub form_problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PromptLine {
    pub rule: String,
    pub text: String,
}

/// One thing that changed, with the rules that made it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// `level`, `actionAdded`, `actionRemoved`, `topContext`, `topContextClose`,
    /// `promptAdded`, `promptRemoved`, `undecidedAdded` or `undecidedRemoved`.
    #[cfg_attr(
        test,
        ts(
            type = r#""level" | "actionAdded" | "actionRemoved" | "topContext" | "topContextClose" | "promptAdded" | "promptRemoved" | "undecidedAdded" | "undecidedRemoved""#
        )
    )]
    pub kind: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
    /// Ids of the rules, floors and bands behind the change.
    pub rules: Vec<String>,
    /// The change in a sentence.
    pub words: String,
}

/// Screen every case under both programs. A case whose outcome did not change is counted, not listed.
pub fn compare(old: &Program, new: &Program, cases: &[Case], mut problems: Vec<String>) -> Impact {
    let mut changed = Vec::new();
    let mut screened = 0;
    for case in cases {
        let (before, after) = match (screen(old, case), screen(new, case)) {
            (Ok(b), Ok(a)) => (b, a),
            (Err(e), _) | (_, Err(e)) => {
                problems.push(format!("{} ({}) cannot be screened: {e}", case.name, case.origin));
                continue;
            }
        };
        screened += 1;
        let (before, after) = (snapshot(&before), snapshot(&after));
        let changes = changes(old, new, &before, &after);
        if !changes.is_empty() {
            changed.push(CaseImpact {
                name: case.name.clone(),
                origin: case.origin.clone(),
                date: case.date.to_string(),
                before,
                after,
                changes,
            });
        }
    }
    let summary = summary(screened, &changed, problems.len());
    Impact {
        old: old.info.clone(),
        new: new.info.clone(),
        cases: screened,
        unchanged: screened - changed.len(),
        changed,
        problems,
        new_options: super::new_options(old, new),
        summary,
    }
}

/// Cases from several sources, each form once: a form met again (the same
/// text on the same date, such as a test kept in both files) is screened once.
pub fn unique(cases: Vec<Case>) -> Vec<Case> {
    let mut seen = BTreeSet::new();
    cases.into_iter().filter(|c| seen.insert((c.json.trim().to_string(), c.date))).collect()
}

fn snapshot(o: &Outcome) -> Snapshot {
    let mut fired: Vec<String> = o.fired.iter().map(|r| r.id.clone()).collect();
    fired.extend(o.floors.iter().map(|f| f.id.clone()));
    Snapshot {
        level: o.level.id.clone(),
        level_label: o.level.label.clone(),
        set_by: o.level.set_by.clone(),
        actions: o.actions.clone(),
        top_context: o.contexts.first().cloned(),
        runner_up: o.contexts.get(1).cloned(),
        prompts: o.prompts.iter().map(|p| PromptLine { rule: p.rule.clone(), text: p.text.clone() }).collect(),
        undecided: o.undecided.iter().map(|u| u.id.clone()).collect(),
        fired,
        form_problems: o.form_errors.iter().map(|e| format!("{} {}", e.code, e.message)).collect(),
    }
}

/// "MIS6 (Missing twice in 30 days)", from whichever file has the rule.
fn rule_name(old: &Program, new: &Program, id: &str) -> String {
    let title = |p: &Program| {
        p.rules
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.title.clone())
            .or_else(|| p.floors.iter().find(|f| f.id == id).map(|f| f.title.clone()))
    };
    match title(new).or_else(|| title(old)) {
        Some(t) => format!("{id} ({t})"),
        None => id.to_string(),
    }
}

fn context_words(c: &Option<ContextResult>) -> String {
    match c {
        Some(c) => format!("{} ({}: {})", c.label, c.weight, c.rules.join(", ")),
        None => "none (no rule applies)".into(),
    }
}

fn margin(s: &Snapshot) -> Option<i64> {
    match (&s.top_context, &s.runner_up) {
        (Some(t), Some(r)) => Some(t.weight - r.weight),
        (Some(t), None) => Some(t.weight),
        _ => None,
    }
}

fn changes(old: &Program, new: &Program, b: &Snapshot, a: &Snapshot) -> Vec<Change> {
    let mut out = Vec::new();
    if b.level != a.level {
        // A level that rose was set by the new rules; one that fell was held up by the old ones.
        let rose = new.levels.iter().position(|l| l.id == a.level) > old.levels.iter().position(|l| l.id == b.level);
        let rules = if rose || a.set_by != b.set_by && !a.set_by.is_empty() { a.set_by.clone() } else { b.set_by.clone() };
        let by = |s: &Snapshot| if s.set_by.is_empty() { String::new() } else { format!(" (set by {})", s.set_by.join(", ")) };
        out.push(Change {
            kind: "level",
            before: Some(b.level.clone()),
            after: Some(a.level.clone()),
            rules,
            words: format!("Level: {}{} -> {}{}", b.level_label, by(b), a.level_label, by(a)),
        });
    }
    for x in &a.actions {
        if !b.actions.iter().any(|y| y.id == x.id) {
            out.push(Change {
                kind: "actionAdded",
                before: None,
                after: Some(x.id.clone()),
                rules: x.requested_by.clone(),
                // An action a level requires has no rule of its own: say which level.
                words: format!("Action added: {} ({})", x.label, crate::eval::explain::action_reasons(x, &a.set_by)),
            });
        }
    }
    for y in &b.actions {
        if !a.actions.iter().any(|x| x.id == y.id) {
            out.push(Change {
                kind: "actionRemoved",
                before: Some(y.id.clone()),
                after: None,
                rules: y.requested_by.clone(),
                words: format!("Action no longer suggested: {} (was {})", y.label, crate::eval::explain::action_reasons(y, &b.set_by)),
            });
        }
    }
    let top_id = |s: &Snapshot| s.top_context.as_ref().map(|c| c.id.clone());
    if top_id(b) != top_id(a) {
        let rules = a.top_context.as_ref().or(b.top_context.as_ref()).map(|c| c.rules.clone()).unwrap_or_default();
        out.push(Change {
            kind: "topContext",
            before: top_id(b),
            after: top_id(a),
            rules,
            words: format!("Context that weighs most: {} -> {}", context_words(&b.top_context), context_words(&a.top_context)),
        });
    } else if let (Some(mb), Some(ma), Some(top), Some(next)) = (margin(b), margin(a), &a.top_context, &a.runner_up) {
        // Same top context, but now one more rule could flip it: worth a look before sign-off.
        if ma <= 1 && mb > 1 {
            let mut rules = top.rules.clone();
            rules.extend(next.rules.iter().cloned());
            out.push(Change {
                kind: "topContextClose",
                before: Some(mb.to_string()),
                after: Some(ma.to_string()),
                rules,
                words: format!(
                    "The context that weighs most is now within {ma} point{} of the next: {} against {} (it was {mb} ahead)",
                    if ma == 1 { "" } else { "s" },
                    context_words(&a.top_context),
                    context_words(&a.runner_up)
                ),
            });
        }
    }
    for p in &a.prompts {
        if !b.prompts.contains(p) {
            out.push(Change {
                kind: "promptAdded",
                before: None,
                after: Some(p.text.clone()),
                rules: vec![p.rule.clone()],
                words: format!("Prompt added: \"{}\" (from {})", p.text, p.rule),
            });
        }
    }
    for p in &b.prompts {
        if !a.prompts.contains(p) {
            out.push(Change {
                kind: "promptRemoved",
                before: Some(p.text.clone()),
                after: None,
                rules: vec![p.rule.clone()],
                words: format!("Prompt no longer given: \"{}\" (was from {})", p.text, p.rule),
            });
        }
    }
    for u in &a.undecided {
        if !b.undecided.contains(u) {
            out.push(Change {
                kind: "undecidedAdded",
                before: None,
                after: Some(u.clone()),
                rules: vec![u.clone()],
                words: format!("Now undecided, waiting for answers: {}", rule_name(old, new, u)),
            });
        }
    }
    for u in &b.undecided {
        if !a.undecided.contains(u) {
            let now = if a.fired.contains(u) { "now applies" } else { "now decided as not applying" };
            out.push(Change {
                kind: "undecidedRemoved",
                before: Some(u.clone()),
                after: None,
                rules: vec![u.clone()],
                words: format!("No longer undecided: {} {now}", rule_name(old, new, u)),
            });
        }
    }
    out
}

fn summary(screened: usize, changed: &[CaseImpact], problems: usize) -> String {
    let count = |kinds: &[&str]| changed.iter().filter(|c| c.changes.iter().any(|x| kinds.contains(&x.kind))).count();
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut s = format!("{} of {} change{}", changed.len(), plural(screened, "case", "cases"), if changed.len() == 1 { "s" } else { "" });
    if !changed.is_empty() {
        s += &format!(
            ": level in {}, actions in {}, the context that weighs most in {}, prompts in {}, undecided rules in {}",
            count(&["level"]),
            count(&["actionAdded", "actionRemoved"]),
            count(&["topContext", "topContextClose"]),
            count(&["promptAdded", "promptRemoved"]),
            count(&["undecidedAdded", "undecidedRemoved"]),
        );
    }
    s.push('.');
    if problems > 0 {
        s += &format!(" {} could not be screened: each is named in the report.", plural(problems, "case", "cases"));
    }
    s
}

/// The report as a person reads it: each changed case, then the summary line.
pub fn to_text(i: &Impact) -> String {
    let name = |info: &RuleSetInfo| match &info.version {
        Some(v) => format!("{} version {v}", info.name),
        None => info.name.clone(),
    };
    let mut out = format!("Impact of the change from {} to {}\n", name(&i.old), name(&i.new));
    for p in &i.problems {
        out += &format!("\nProblem: {p}\n");
    }
    // A case whose only change is a rule becoming (or ceasing to be) undecided is
    // common after a new rule (every form that leaves its question blank), so
    // those are grouped by change, to keep the cases that move in view.
    let undecided_only = |c: &CaseImpact| c.changes.iter().all(|x| x.kind.starts_with("undecided"));
    let mut grouped: Vec<(String, Vec<&str>)> = Vec::new();
    for c in i.changed.iter().filter(|c| undecided_only(c)) {
        let key = c.changes.iter().map(|x| x.words.as_str()).collect::<Vec<_>>().join("; ");
        match grouped.iter_mut().find(|(k, _)| *k == key) {
            Some((_, names)) => names.push(&c.name),
            None => grouped.push((key, vec![&c.name])),
        }
    }
    for c in i.changed.iter().filter(|c| !undecided_only(c)) {
        out += &format!("\n{} ({}), screened on {}\n", c.name, c.origin, c.date);
        for x in &c.changes {
            out += &format!("  - {}\n", x.words);
        }
        let now: Vec<&String> = c.after.fired.iter().filter(|r| !c.before.fired.contains(r)).collect();
        let gone: Vec<&String> = c.before.fired.iter().filter(|r| !c.after.fired.contains(r)).collect();
        let list =
            |v: &[&String]| if v.is_empty() { "none".to_string() } else { v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ") };
        out += &format!("  Rules that now apply: {}. Rules that no longer apply: {}.\n", list(&now), list(&gone));
        if !c.after.form_problems.is_empty() {
            out += &format!("  This form has problems: {}\n", c.after.form_problems.join("; "));
        }
    }
    if !grouped.is_empty() {
        out += "\nCases where only the undecided rules change:\n";
        for (change, names) in &grouped {
            out += &format!("  - {change}: {} ({})\n", names.join("; "), plural(names.len()));
        }
    }
    if !i.new_options.is_empty() {
        out += "\nNew options in the form:\n";
        for o in &i.new_options {
            out += &format!("  - {}\n", o.words);
        }
    }
    out += &format!("\n{}\n", i.summary);
    out
}

fn plural(n: usize) -> String {
    format!("{n} case{}", if n == 1 { "" } else { "s" })
}
