//! The impact of a change: screen every case under the old and the new rule
//! file and list each case whose outcome changed (level, actions, the context
//! that weighs most, prompts, undecided rules), each change with the rules
//! that made it. This is how a policy lead sees that a change is "green but
//! wrong" before it goes live.

use super::{screen, Case};
use crate::json::Json;
use crate::outcome::{ActionResult, ContextResult, Outcome, RuleSetInfo};
use crate::program::Program;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

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
    /// Files given that are not referrals for these rule sets (another rule set's
    /// forms, an index), each with why: left out of the comparison, and said so.
    pub skipped: Vec<String>,
    /// Options the new form has that the old did not, with what reads them.
    pub new_options: Vec<super::NewOption>,
    /// Questions the new form has that the old did not: how many cases now
    /// wait for each only because their form predates it, and what reads it.
    pub new_questions: Vec<NewQuestion>,
    /// Every case asked to be listed (`Case::listed`: the training cases a
    /// page shows a row each), in the order given, changed or not; a case
    /// that did not change has no changes and the same outcome both sides.
    pub listed: Vec<CaseImpact>,
    /// Tests of the new file set aside because they name what the change took
    /// out (`api::DiffOptions::set_aside_broken_tests`): the rules are compared
    /// without them, and each is listed here with its problems.
    pub tests_set_aside: Vec<crate::testing::SetAsideTest>,
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
    pub actions: Vec<ActionResult<'static>>,
    pub top_context: Option<ContextResult<'static>>,
    /// The next context's weight, to see how close the top one is to changing.
    pub runner_up: Option<ContextResult<'static>>,
    pub prompts: Vec<PromptLine>,
    /// Ids of the rules and floors that are undecided.
    pub undecided: Vec<String>,
    /// Each undecided rule or floor with the questions it waits for.
    pub waiting: Vec<Waiting>,
    /// Each score's band (none when no band is reached).
    pub bands: Vec<BandLine>,
    /// Ids of the rules and floors that apply.
    pub fired: Vec<String>,
    /// Answers that could not be read, in words (the same under both files unless the form changed).
    pub form_problems: Vec<String>,
}

/// An undecided rule or floor and the unanswered questions that would decide it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Waiting {
    pub rule: String,
    pub questions: Vec<crate::outcome::Need<'static>>,
}

/// A score and the band it is in.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BandLine {
    pub score: String,
    pub score_label: String,
    pub band: Option<String>,
    pub band_label: Option<String>,
    /// The score's total: a band at nothing on both sides (a referral about
    /// one child has no context points) is one a reader can pass over.
    pub total: i64,
    /// The rules that add to the score.
    pub rules: Vec<String>,
}

/// A question the new form has and the old one did not. A referral made
/// before it existed cannot answer it: such a form does not have the field at
/// all, and the rules that read it wait for it. Those cases are counted here,
/// apart from the cases whose result really moves.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct NewQuestion {
    /// The question's path: `children[].weapon_for_protection`.
    pub field: String,
    pub label: String,
    /// The cases that now wait for it and for nothing else new: their forms do not have it.
    pub waiting_cases: Vec<String>,
    /// The rules and floors those cases wait on.
    pub rules: Vec<String>,
    /// Rules, floors and definitions that read it (definitions as `definition NAME`).
    pub read_by: Vec<String>,
    /// Shared definitions that read the question just above it on the form
    /// (the question it was put beside) but not this one.
    pub definitions_without_it: Vec<String>,
    /// The finding in a sentence.
    pub words: String,
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
    /// `level`, `applies` (a rule or floor that newly applies), `stopsApplying`,
    /// `band`, `actionAdded`, `actionRemoved`, `topContext`, `topContextClose`,
    /// `promptAdded`, `promptRemoved`, `undecidedAdded`, `undecidedRemoved`,
    /// `waitsForNewQuestion` (undecided only because the form predates a new
    /// question), or `actionsNeverTogether` (two actions the old rules never
    /// suggest together on any one-subject case compared: `before` is the
    /// first action's id, `after` the second's).
    #[cfg_attr(
        test,
        ts(
            type = r#""level" | "applies" | "stopsApplying" | "band" | "actionAdded" | "actionRemoved" | "topContext" | "topContextClose" | "promptAdded" | "promptRemoved" | "undecidedAdded" | "undecidedRemoved" | "waitsForNewQuestion" | "actionsNeverTogether""#
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

/// Screen every case under both programs. A case whose outcome did not change
/// is counted, not listed (unless the case asks to be: `Case::listed`).
pub fn compare(old: &Program, new: &Program, cases: &[Case], mut problems: Vec<String>) -> Impact {
    let new_fields = new_fields(old, new);
    // Every case screened first: the pairs of actions the old rules give
    // together are known only once all the cases are in.
    let mut screened = Vec::new();
    for case in cases {
        match (screen(old, case), screen(new, case)) {
            (Ok(b), Ok(a)) => screened.push((case, snapshot(&b), snapshot(&a))),
            (Err(e), _) | (_, Err(e)) => problems.push(format!("{} ({}) cannot be screened: {e}", case.name, case.origin)),
        }
    }
    let together = pairs_given(screened.iter().filter(|(c, _, _)| one_subject(&c.json)).map(|(_, b, _)| b));
    let mut changed = Vec::new();
    let mut listed = Vec::new();
    for (case, before, after) in &screened {
        let not_asked = not_asked(&case.json, &new_fields);
        let mut changes = changes(old, new, before, after, &not_asked);
        if one_subject(&case.json) {
            changes.extend(never_together(before, after, &together));
        }
        let row = CaseImpact {
            name: case.name.clone(),
            origin: case.origin.clone(),
            date: case.date.to_string(),
            before: before.clone(),
            after: after.clone(),
            changes,
        };
        if case.listed {
            listed.push(row.clone());
        }
        if !row.changes.is_empty() {
            changed.push(row);
        }
    }
    let new_questions = new_questions(new, &new_fields, &changed);
    let summary = summary(screened.len(), &changed, problems.len());
    Impact {
        old: old.info.clone(),
        new: new.info.clone(),
        cases: screened.len(),
        unchanged: screened.len() - changed.len(),
        changed,
        problems,
        skipped: Vec::new(),
        new_options: super::new_options(old, new),
        new_questions,
        listed,
        tests_set_aside: Vec::new(),
        summary,
    }
}

/// Whether a form is about one subject: no list of the form (children,
/// places: an array of items, each an object of answers) has two items or
/// more. A referral naming two children can rightly get early help for one
/// and a front-door referral for the other, so only one-subject cases say
/// which actions the rules give together. (Several ticked options are an
/// array of ids, not of items: one subject still.)
fn one_subject(json: &str) -> bool {
    let items = |v: &Json| v.as_array().map_or(0, |a| a.iter().filter(|x| x.is_object()).count());
    match crate::json::parse(json) {
        Ok(Json::Obj(entries)) => entries.iter().all(|(_, v)| items(v) < 2),
        _ => false,
    }
}

/// Every pair of actions (ids, in order) the given outcomes suggest together.
fn pairs_given<'a>(outcomes: impl Iterator<Item = &'a Snapshot>) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for s in outcomes {
        for (i, x) in s.actions.iter().enumerate() {
            for y in &s.actions[i + 1..] {
                out.insert(pair(&x.id, &y.id));
            }
        }
    }
    out
}

fn pair(x: &str, y: &str) -> (String, String) {
    if x < y {
        (x.to_string(), y.to_string())
    } else {
        (y.to_string(), x.to_string())
    }
}

/// Pairs of actions the case now gets that the old rules never give together
/// (on any one-subject case compared) and this case did not get before: such
/// as "Refer to the front door today" beside "Offer early help, when nothing
/// needs the front door". Flagged for a person to check, not judged.
fn never_together(b: &Snapshot, a: &Snapshot, together: &BTreeSet<(String, String)>) -> Vec<Change> {
    let before = pairs_given(std::iter::once(b));
    let mut out = Vec::new();
    for (i, x) in a.actions.iter().enumerate() {
        for y in &a.actions[i + 1..] {
            let p = pair(&x.id, &y.id);
            if together.contains(&p) || before.contains(&p) {
                continue;
            }
            let mut rules: Vec<String> = x.requested_by.iter().map(|r| r.to_string()).collect();
            rules.extend(y.requested_by.iter().filter(|r| !x.requested_by.contains(r)).map(|r| r.to_string()));
            out.push(Change {
                kind: "actionsNeverTogether",
                before: Some(x.id.to_string()),
                after: Some(y.id.to_string()),
                rules,
                words: format!(
                    "Suggested together for the first time: \"{}\" beside \"{}\" (the old rules never give these together on the cases compared): check they do not contradict each other",
                    x.label, y.label
                ),
            });
        }
    }
    out
}

/// Cases from several sources, each form once: a form met again (the same
/// text on the same date, such as a test kept in both files) is screened once.
/// A case asked to be listed is always kept, under its own name: a test with
/// the same form is the one left out.
pub fn unique(cases: Vec<Case>) -> Vec<Case> {
    let key = |c: &Case| (c.json.trim().to_string(), c.date);
    let listed: BTreeSet<_> = cases.iter().filter(|c| c.listed).map(key).collect();
    let mut seen = BTreeSet::new();
    cases.into_iter().filter(|c| c.listed || !listed.contains(&key(c)) && seen.insert(key(c))).collect()
}

fn snapshot(o: &Outcome) -> Snapshot {
    let s = |c: &std::borrow::Cow<str>| c.to_string();
    let mut fired: Vec<String> = o.fired.iter().map(|r| s(&r.id)).collect();
    fired.extend(o.floors.iter().map(|f| s(&f.id)));
    Snapshot {
        level: s(&o.level.id),
        level_label: s(&o.level.label),
        set_by: o.level.set_by.iter().map(s).collect(),
        actions: o.actions.iter().cloned().map(ActionResult::into_owned).collect(),
        top_context: o.contexts.first().cloned().map(ContextResult::into_owned),
        runner_up: o.contexts.get(1).cloned().map(ContextResult::into_owned),
        prompts: o.prompts.iter().map(|p| PromptLine { rule: s(&p.rule), text: s(&p.text) }).collect(),
        undecided: o.undecided.iter().map(|u| s(&u.id)).collect(),
        waiting: o
            .undecided
            .iter()
            .map(|u| Waiting { rule: s(&u.id), questions: u.needs.iter().cloned().map(crate::outcome::Need::into_owned).collect() })
            .collect(),
        bands: o
            .scores
            .iter()
            .map(|sc| BandLine {
                score: s(&sc.id),
                score_label: s(&sc.label),
                band: sc.band.as_ref().map(|b| s(&b.id)),
                band_label: sc.band.as_ref().map(|b| s(&b.label)),
                total: sc.total,
                rules: sc.rules.iter().map(s).collect(),
            })
            .collect(),
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

fn changes(old: &Program, new: &Program, b: &Snapshot, a: &Snapshot, not_asked: &dyn Fn(&str) -> bool) -> Vec<Change> {
    let mut out = Vec::new();
    let needs_of = |s: &Snapshot, id: &str| s.waiting.iter().find(|w| w.rule == id).map(|w| w.questions.clone()).unwrap_or_default();
    // Undecided because the form predates a new question: it waits for one. It
    // may wait for other answers too (a shared definition now unknown makes a
    // blank old answer matter); the change lists them all.
    let waits_for_new = |id: &String| a.undecided.contains(id) && needs_of(a, id).iter().any(|n| not_asked(&n.field));
    let waiting_words = |needs: &[crate::outcome::Need]| {
        let w = crate::outcome::waiting_for(needs);
        if w.is_empty() {
            String::new()
        } else {
            format!(", waiting for: {w}")
        }
    };
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
    for band in &a.bands {
        let Some(was) = b.bands.iter().find(|x| x.score == band.score) else { continue };
        if was.band != band.band {
            let label = |x: &BandLine| x.band_label.clone().unwrap_or_else(|| "no band".into());
            // The rules that count towards one total but not the other moved it.
            let mut rules: Vec<String> = band.rules.iter().filter(|r| !was.rules.contains(r)).cloned().collect();
            rules.extend(was.rules.iter().filter(|r| !band.rules.contains(r)).cloned());
            out.push(Change {
                kind: "band",
                before: was.band.clone(),
                after: band.band.clone(),
                rules,
                words: format!("Band of {}: {} -> {}", band.score_label, label(was), label(band)),
            });
        }
    }
    for r in a.fired.iter().filter(|r| !b.fired.contains(r)) {
        let was = if b.undecided.contains(r) { " (it was undecided)" } else { "" };
        out.push(Change {
            kind: "applies",
            before: None,
            after: Some(r.clone()),
            rules: vec![r.clone()],
            words: format!("Now applies: {}{was}", rule_name(old, new, r)),
        });
    }
    for r in b.fired.iter().filter(|r| !a.fired.contains(r) && !waits_for_new(r)) {
        let now = if a.undecided.contains(r) { format!(" (it is now undecided{})", waiting_words(&needs_of(a, r))) } else { String::new() };
        out.push(Change {
            kind: "stopsApplying",
            before: Some(r.clone()),
            after: None,
            rules: vec![r.clone()],
            words: format!("No longer applies: {}{now}", rule_name(old, new, r)),
        });
    }
    for x in &a.actions {
        if !b.actions.iter().any(|y| y.id == x.id) {
            out.push(Change {
                kind: "actionAdded",
                before: None,
                after: Some(x.id.to_string()),
                rules: x.requested_by.iter().map(|r| r.to_string()).collect(),
                // An action a level requires has no rule of its own: say which level.
                words: format!("Action added: {} ({})", x.label, crate::eval::explain::action_reasons(x, &a.set_by)),
            });
        }
    }
    for y in &b.actions {
        if !a.actions.iter().any(|x| x.id == y.id) {
            out.push(Change {
                kind: "actionRemoved",
                before: Some(y.id.to_string()),
                after: None,
                rules: y.requested_by.iter().map(|r| r.to_string()).collect(),
                words: format!("Action no longer suggested: {} (was {})", y.label, crate::eval::explain::action_reasons(y, &b.set_by)),
            });
        }
    }
    let top_id = |s: &Snapshot| s.top_context.as_ref().map(|c| c.id.to_string());
    if top_id(b) != top_id(a) {
        let rules =
            a.top_context.as_ref().or(b.top_context.as_ref()).map(|c| c.rules.iter().map(|r| r.to_string()).collect()).unwrap_or_default();
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
            let mut rules: Vec<String> = top.rules.iter().map(|r| r.to_string()).collect();
            rules.extend(next.rules.iter().map(|r| r.to_string()));
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
    for u in a.undecided.iter().filter(|u| !b.undecided.contains(u)) {
        let needs = needs_of(a, u);
        if waits_for_new(u) {
            out.push(Change {
                kind: "waitsForNewQuestion",
                before: b.fired.contains(u).then(|| u.clone()),
                after: Some(needs.iter().map(|n| n.field.clone()).collect::<Vec<_>>().join(", ")),
                rules: vec![u.clone()],
                words: format!(
                    "Now undecided because the form predates a new question: {}{}",
                    rule_name(old, new, u),
                    waiting_words(&needs)
                ),
            });
        } else if !b.fired.contains(u) {
            // A rule that applied and is now undecided is listed as no longer applying.
            out.push(Change {
                kind: "undecidedAdded",
                before: None,
                after: Some(u.clone()),
                rules: vec![u.clone()],
                words: format!("Now undecided: {}{}", rule_name(old, new, u), waiting_words(&needs)),
            });
        }
    }
    // One that now applies is listed as applying, above.
    for u in b.undecided.iter().filter(|u| !a.undecided.contains(u) && !a.fired.contains(u)) {
        out.push(Change {
            kind: "undecidedRemoved",
            before: Some(u.clone()),
            after: None,
            rules: vec![u.clone()],
            words: format!("No longer undecided: {} now decided as not applying", rule_name(old, new, u)),
        });
    }
    out
}

/// The questions (not lists) the new form has and the old one did not, by
/// path (`children[].weapon_for_protection`), with their field ids.
fn new_fields(old: &Program, new: &Program) -> BTreeMap<String, usize> {
    let before: BTreeSet<String> = (0..old.schema.fields.len()).map(|f| super::coverage::place(old, f).0).collect();
    (0..new.schema.fields.len())
        .filter(|&f| !matches!(new.schema.fields[f].ty, crate::program::FieldTy::List(_)))
        .map(|f| (super::coverage::place(new, f).0, f))
        .filter(|(path, _)| !before.contains(path))
        .collect()
}

/// Whether the answer at `path` (`children[0].weapon_for_protection`) is a
/// new question that the form does not have at all: a form made before the
/// question existed. An answer given as `null` was asked and left blank, so
/// it is not counted here.
fn not_asked<'a>(json: &str, new_fields: &'a BTreeMap<String, usize>) -> impl Fn(&str) -> bool + 'a {
    let form: Option<Json> = crate::json::parse(json).ok();
    move |path: &str| new_fields.contains_key(&without_indexes(path)) && form.as_ref().is_some_and(|f| absent(f, path))
}

/// `children[0].x` as `children[].x`.
fn without_indexes(path: &str) -> String {
    let mut out = String::new();
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            c => out.push(c),
        }
    }
    out
}

fn absent(form: &Json, path: &str) -> bool {
    let mut v = form;
    for step in path.split('.') {
        let (name, index) = match step.split_once('[') {
            Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (step, None),
        };
        let Some(next) = v.get(name) else { return true };
        v = next;
        if let Some(i) = index {
            let Some(next) = v.as_array().and_then(|a| a.get(i)) else { return true };
            v = next;
        }
    }
    false
}

/// The questions the new form has and the old one did not, with what reads
/// them, without cases (the sign-off document's "Added").
pub fn describe_new_questions(old: &Program, new: &Program) -> Vec<NewQuestion> {
    new_questions(new, &new_fields(old, new), &[])
}

/// What each new question does to the cases, and what reads it.
fn new_questions(new: &Program, new_fields: &BTreeMap<String, usize>, changed: &[CaseImpact]) -> Vec<NewQuestion> {
    let mut out = Vec::new();
    for (path, &fid) in new_fields {
        let (_, label) = super::coverage::place(new, fid);
        let mut waiting_cases = Vec::new();
        let mut rules = BTreeSet::new();
        for c in changed {
            let mut waits = false;
            for x in c.changes.iter().filter(|x| x.kind == "waitsForNewQuestion") {
                let on_it = c
                    .after
                    .waiting
                    .iter()
                    .any(|w| x.rules.contains(&w.rule) && w.questions.iter().any(|n| without_indexes(&n.field) == *path));
                if on_it {
                    waits = true;
                    rules.extend(x.rules.iter().cloned());
                }
            }
            if waits {
                waiting_cases.push(c.name.clone());
            }
        }
        let read_by = field_readers(new, fid);
        let above = question_above(new, fid, new_fields);
        let definitions_without_it = sibling_definitions(new, fid, above);
        // The count first: it is the line a policy lead looks for.
        let mut words = if waiting_cases.is_empty() {
            format!("New question '{label}' ({path})")
        } else {
            let rules: Vec<&str> = rules.iter().map(String::as_str).collect();
            format!(
                "{} now wait{} for '{label}', a new question ({path}): {} made before it was asked (undecided on {}: {})",
                plural(waiting_cases.len()),
                if waiting_cases.len() == 1 { "s" } else { "" },
                if waiting_cases.len() == 1 { "its form was" } else { "their forms were" },
                if waiting_cases.len() == 1 { "it" } else { "them" },
                rules.join(", ")
            )
        };
        words += &if read_by.is_empty() {
            ". No rule, floor or definition reads it".to_string()
        } else {
            format!(". Read by {}", read_by.join(", "))
        };
        if let (false, Some(above)) = (definitions_without_it.is_empty(), above) {
            words += &format!(
                ". The shared definition{} {} read{} the question above it, '{}', but not this one: check whether it belongs there",
                if definitions_without_it.len() == 1 { "" } else { "s" },
                definitions_without_it.join(", "),
                if definitions_without_it.len() == 1 { "s" } else { "" },
                new.schema.fields[above].label
            );
        }
        words.push('.');
        out.push(NewQuestion {
            field: path.clone(),
            label,
            waiting_cases,
            rules: rules.into_iter().collect(),
            read_by,
            definitions_without_it,
            words,
        });
    }
    out
}

fn definition_name(p: &Program, d: &crate::program::DefDef) -> String {
    match d.record.and_then(|r| p.schema.records.get(r)) {
        Some(rec) if !rec.item.is_empty() => format!("{}.{}", rec.item, d.name),
        _ => d.name.clone(),
    }
}

/// The rules, floors and definitions whose condition reads the field.
fn field_readers(p: &Program, fid: usize) -> Vec<String> {
    let reads = |e: &crate::program::CExpr| {
        let mut set = BTreeSet::new();
        super::coverage::walk(e, &mut set);
        set.contains(&fid)
    };
    let mut out: Vec<String> = p.rules_when().filter(|(_, when)| reads(when)).map(|(r, _)| r.id.clone()).collect();
    out.extend(p.floors_when().filter(|(_, when)| reads(when)).map(|(f, _)| f.id.clone()));
    out.extend(p.defs_as().filter(|(_, expr)| reads(expr)).map(|(d, _)| format!("definition {}", definition_name(p, d))));
    out
}

/// The question just above a new one in the same part of the form (skipping
/// other new questions): a new question goes beside the questions like it,
/// so the shared definitions that read that one may need this one too.
fn question_above(p: &Program, fid: usize, new_fields: &BTreeMap<String, usize>) -> Option<usize> {
    let rec = &p.schema.records[p.schema.fields[fid].record];
    let at = rec.fields.iter().position(|&f| f == fid)?;
    let is_new = |f: usize| new_fields.values().any(|&n| n == f);
    rec.fields[..at].iter().rev().copied().find(|&f| !is_new(f) && !matches!(p.schema.fields[f].ty, crate::program::FieldTy::List(_)))
}

/// Shared definitions that read the question above a new one but not the new one.
fn sibling_definitions(p: &Program, fid: usize, above: Option<usize>) -> Vec<String> {
    let Some(above) = above else { return Vec::new() };
    let mut out = Vec::new();
    for (d, expr) in p.defs_as() {
        let mut set = BTreeSet::new();
        super::coverage::walk(expr, &mut set);
        if set.contains(&above) && !set.contains(&fid) {
            out.push(definition_name(p, d));
        }
    }
    out
}

/// A case whose only change is that rules wait for a question its form predates.
fn only_new_questions(c: &CaseImpact) -> bool {
    c.changes.iter().all(|x| x.kind == "waitsForNewQuestion")
}

fn summary(screened: usize, changed: &[CaseImpact], problems: usize) -> String {
    let waiting = changed.iter().filter(|c| only_new_questions(c)).count();
    let moved: Vec<&CaseImpact> = changed.iter().filter(|c| !only_new_questions(c)).collect();
    let count = |kinds: &[&str]| moved.iter().filter(|c| c.changes.iter().any(|x| kinds.contains(&x.kind))).count();
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut s = format!("{} of {} change{}", moved.len(), plural(screened, "case", "cases"), if moved.len() == 1 { "s" } else { "" });
    if !moved.is_empty() {
        s += &format!(
            ": level in {}, bands in {}, rules that apply in {}, actions in {}, the context that weighs most in {}, prompts in {}, undecided rules in {}",
            count(&["level"]),
            count(&["band"]),
            count(&["applies", "stopsApplying"]),
            count(&["actionAdded", "actionRemoved"]),
            count(&["topContext", "topContextClose"]),
            count(&["promptAdded", "promptRemoved"]),
            count(&["undecidedAdded", "undecidedRemoved"]),
        );
    }
    s.push('.');
    let flagged = count(&["actionsNeverTogether"]);
    if flagged > 0 {
        s += &format!(
            " {} the old rules never suggest together: check they do not contradict each other.",
            plural(flagged, "case now gets actions", "cases now get actions")
        );
    }
    if waiting > 0 {
        s += &format!(
            " {waiting} more {} only for a new question that {} (see \"New questions in the form\").",
            if waiting == 1 { "case waits" } else { "cases wait" },
            if waiting == 1 { "its form predates" } else { "their forms predate" }
        );
    }
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
    if !i.tests_set_aside.is_empty() {
        let n = i.tests_set_aside.len();
        out += &format!(
            "\n{} set aside: {} what the change took out, so the cases are compared without {}. Fix or remove {} before the file is used:\n",
            if n == 1 { "1 test".to_string() } else { format!("{n} tests") },
            if n == 1 { "it names" } else { "they name" },
            if n == 1 { "it" } else { "them" },
            if n == 1 { "it" } else { "them" },
        );
        for t in &i.tests_set_aside {
            out += &format!("  - \"{}\" (line {}): {}\n", t.name, t.line, t.problems.join(" "));
        }
    }
    for p in &i.problems {
        out += &format!("\nProblem: {p}\n");
    }
    if !i.skipped.is_empty() {
        out += &format!(
            "\nSkipped {}, not referrals for these rules:\n",
            if i.skipped.len() == 1 { "1 file".to_string() } else { format!("{} files", i.skipped.len()) }
        );
        // The first few by name: a folder of another rule set's forms can hold dozens (`--json` lists all).
        for sk in i.skipped.iter().take(SHOWN) {
            out += &format!("  - {sk}\n");
        }
        if i.skipped.len() > SHOWN {
            out += &format!("  - and {} more of the same kind\n", i.skipped.len() - SHOWN);
        }
    }
    // A case whose only change is a rule becoming (or ceasing to be) undecided is
    // common after a new rule (every form that leaves its question blank), so
    // those are grouped by change, to keep the cases that move in view. Cases
    // that only wait for a new question are counted under "New questions".
    let undecided_only = |c: &CaseImpact| {
        !only_new_questions(c) && c.changes.iter().all(|x| x.kind.starts_with("undecided") || x.kind == "waitsForNewQuestion")
    };
    let mut grouped: Vec<(String, Vec<&str>)> = Vec::new();
    for c in i.changed.iter().filter(|c| undecided_only(c)) {
        let key = c.changes.iter().filter(|x| x.kind.starts_with("undecided")).map(|x| x.words.as_str()).collect::<Vec<_>>().join("; ");
        match grouped.iter_mut().find(|(k, _)| *k == key) {
            Some((_, names)) => names.push(&c.name),
            None => grouped.push((key, vec![&c.name])),
        }
    }
    for c in i.changed.iter().filter(|c| !undecided_only(c) && !only_new_questions(c)) {
        out += &format!("\n{} ({}), screened on {}\n", c.name, c.origin, c.date);
        for x in c.changes.iter().filter(|x| x.kind != "waitsForNewQuestion") {
            out += &format!("  - {}\n", x.words);
        }
        let waits: Vec<&str> =
            c.changes.iter().filter(|x| x.kind == "waitsForNewQuestion").flat_map(|x| x.rules.iter().map(String::as_str)).collect();
        if !waits.is_empty() {
            out += &format!("  Also undecided because the form predates a new question: {}.\n", waits.join(", "));
        }
        if !c.after.form_problems.is_empty() {
            out += &format!("  This form has problems: {}\n", c.after.form_problems.join("; "));
        }
    }
    if !grouped.is_empty() {
        out += "\nCases where only the undecided rules change:\n";
        for (change, names) in &grouped {
            out += &format!("  - {change}. In {}: {}\n", plural(names.len()), first_few(names));
        }
    }
    if !i.new_questions.is_empty() {
        out += "\nNew questions in the form:\n";
        for q in &i.new_questions {
            out += &format!("  - {}\n", q.words);
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

/// How many names a list shows before it counts the rest.
const SHOWN: usize = 5;

fn first_few(names: &[&str]) -> String {
    let mut s = names.iter().take(SHOWN).copied().collect::<Vec<_>>().join("; ");
    if names.len() > SHOWN {
        s += &format!("; and {} more", names.len() - SHOWN);
    }
    s
}

fn plural(n: usize) -> String {
    format!("{n} case{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::one_subject;

    #[test]
    fn a_form_with_two_items_in_a_list_is_two_subjects() {
        assert!(one_subject(r#"{"children": [{"first_name": "A"}], "place_signs": ["hotel", "far"]}"#));
        assert!(!one_subject(r#"{"children": [{"first_name": "A"}, {"first_name": "B"}]}"#));
        assert!(!one_subject(r#"{"locations": [{}, {}], "children": []}"#));
        // A form that is not an object says nothing about which actions go together.
        assert!(!one_subject("[1, 2]"));
    }
}
