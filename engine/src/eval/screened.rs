//! What was screened, and the headline: an explaining step after `decide`,
//! like `explain`, reading only the decision, the facts behind it and the
//! form. The interpreter and the compiled runtime both reach it through
//! `Evaluation::outcome()`, so they give the same words.
//!
//! Who and what a form is about, by convention (rules/README.md, "Who and what
//! a result is about"):
//! - the children are the items of the form's list whose items are called
//!   `child`; a form with no such list is about one child, the form itself,
//!   and every answer on it is that child's (SERAF-style forms);
//! - on a form with a list of children, a context (peer group, school,
//!   neighbourhood, online) is described by the answers outside the
//!   children's records that only that context's rules read
//!   (`FieldDef::read_in`); a list there (places) describes the context its
//!   fields share;
//! - the context's own result is the band of the score called `context`, when
//!   the rule set has one (contextual safeguarding's Tier 2 ladder).
//!
//! An answer counts as read when it is given and its field is one the rules
//! read (`FieldDef::screened`). A child none of whose answers is read is "not
//! screened": it never gets a level, and the headline never says "no extra
//! help needed" about it.

use super::decide::{Decision, Source};
use super::Evaluation;
use crate::form::{Record, Val};
use crate::outcome::{ChildScreened, ContextScreened, Headline, LevelRef, Screened};
use crate::program::{Context, Declarations, FieldTy, RecordId, CONTEXTS};
use std::borrow::Cow;

/// The contexts a referral can be about, apart from the children themselves.
const TIER_TWO: [Context; 4] = [Context::PeerGroup, Context::School, Context::Neighbourhood, Context::Online];

pub const NOT_SCREENED_YET: &str = "Not screened yet";
pub const NOT_SCREENED: &str = "Not screened";
pub const NO_CHILD: &str = "No child named yet";

/// The context a field describes, when it is one: only one context's rules read it.
fn field_context(p: &Declarations, field: usize) -> Option<usize> {
    let bits = p.schema.fields[field].read_in;
    if bits.count_ones() != 1 {
        return None;
    }
    let c = bits.trailing_zeros() as usize;
    TIER_TWO.contains(&CONTEXTS.get(c)?.2).then_some(c)
}

/// The list holding the children: a top-level list whose items are called `child`.
fn children_list(p: &Declarations) -> Option<(usize, RecordId)> {
    p.schema.records[0].fields.iter().find_map(|&f| match p.schema.fields[f].ty {
        FieldTy::List(r) if p.schema.records[r].item == "child" => Some((f, r)),
        _ => None,
    })
}

/// Answers the rules read in a record and the records inside it, counted
/// into `count(context)`: the context a top-level field describes, or None.
fn tally(p: &Declarations, rec: &Record, record: RecordId, skip_list: Option<usize>, top: bool, count: &mut dyn FnMut(Option<usize>)) {
    for &f in &p.schema.records[record].fields {
        let def = &p.schema.fields[f];
        match (rec.vals.get(def.slot), &def.ty) {
            (None | Some(Val::Missing), _) => {}
            (Some(Val::List(items)), FieldTy::List(r)) => {
                if Some(f) == skip_list {
                    continue;
                }
                for item in items {
                    // A list outside the children's records (places) describes a context as a whole.
                    let ctx = if top { list_context(p, *r) } else { None };
                    tally(p, item, *r, None, false, &mut |c| count(c.or(ctx)));
                }
            }
            (Some(_), _) if def.screened => count(if top { field_context(p, f) } else { None }),
            _ => {}
        }
    }
}

/// The context a list's items describe: the one context of every field in it that names one.
fn list_context(p: &Declarations, record: RecordId) -> Option<usize> {
    let mut found = None;
    for &f in &p.schema.records[record].fields {
        if let Some(c) = field_context(p, f) {
            if found.is_some_and(|x| x != c) {
                return None;
            }
            found = Some(c);
        }
    }
    found
}

impl<'a, 'p: 'a> Evaluation<'a, 'p> {
    pub(super) fn screened(&self, d: &Decision) -> Screened<'p> {
        let p = self.program;
        let root = &self.form.root;
        let list = children_list(p);
        let mut children = Vec::new();
        let mut per_context = vec![0usize; CONTEXTS.len()];
        let mut answers = 0;
        // Answers outside the children: the referral's own and the contexts'.
        let mut outside = 0;
        tally(p, root, 0, list.map(|l| l.0), true, &mut |c| {
            outside += 1;
            if let Some(c) = c {
                per_context[c] += 1;
            }
        });
        answers += outside;
        match list {
            Some((lf, r)) => {
                let items: &[Record] = match root.vals.get(p.schema.fields[lf].slot) {
                    Some(Val::List(items)) => items,
                    _ => &[],
                };
                for (i, item) in items.iter().enumerate() {
                    let mut n = 0;
                    tally(p, item, r, None, false, &mut |_| n += 1);
                    answers += n;
                    let field = format!("{}[{i}]", p.schema.fields[lf].name);
                    let name = self.child_name(item, r, Some(i));
                    let level = (n > 0).then(|| self.child_level(d, Some((lf, i))));
                    children.push(child(field, name, n, level));
                }
            }
            None => {
                // The form is about one child: every answer on it is the child's.
                let level = (outside > 0).then(|| self.child_level(d, None));
                children.push(child(String::new(), self.child_name(root, 0, None), outside, level));
            }
        }
        let contexts = (0..CONTEXTS.len())
            .filter(|_| list.is_some())
            .filter(|&c| TIER_TWO.contains(&CONTEXTS[c].2))
            .filter(|&c| (0..p.schema.fields.len()).any(|f| field_context(p, f) == Some(c)))
            .map(|c| ContextScreened {
                id: CONTEXTS[c].0.into(),
                label: CONTEXTS[c].1.into(),
                status: if per_context[c] > 0 { "screened" } else { "not_screened" },
                answers: per_context[c],
            })
            .collect();
        Screened { children, contexts, answers }
    }

    /// "Child 2, Mia, 9": the item's label and number, its `first_name` (or
    /// `name`) when given, and its age on the screening date from `date_of_birth`.
    fn child_name(&self, rec: &Record, record: RecordId, index: Option<usize>) -> String {
        let p = self.program;
        let mut name = match index {
            Some(i) => format!("{} {}", p.schema.records[record].item_label, i + 1),
            None => "The child".to_string(),
        };
        let field = |n: &str| p.schema.records[record].fields.iter().copied().find(|&f| p.schema.fields[f].name == n);
        if let Some(Val::Text { raw, .. }) =
            field("first_name").or_else(|| field("name")).and_then(|f| rec.vals.get(p.schema.fields[f].slot))
        {
            let raw = raw.trim();
            if !raw.is_empty() {
                name.push_str(", ");
                name.push_str(&raw.chars().take(40).collect::<String>());
            }
        }
        if let Some(Val::Date(born)) = field("date_of_birth").and_then(|f| rec.vals.get(p.schema.fields[f].slot)) {
            let years = born.months_until(self.date) / 12;
            if (0..150).contains(&years) {
                name.push_str(&format!(", {years}"));
            }
        }
        name
    }

    /// The highest level set by a fired rule or floor with an answer from this
    /// child among its reasons, or by a band whose points came from such rules.
    /// For a form about one child, the decided level.
    fn child_level(&self, d: &Decision, item: Option<(usize, usize)>) -> LevelRef<'p> {
        let p = self.program;
        let Some((list, index)) = item else {
            return level_ref(p, d.level);
        };
        let about = |res: &super::RuleResult| {
            self.facts[res.facts.clone()].iter().any(|f| f.loc.steps().first() == Some(&(list as u16, index as u16)))
        };
        let mut level = 0;
        for &i in &d.fired {
            if about(&self.rules[i]) {
                level = level.max(p.rules[i].effects.raise.unwrap_or(0));
            }
        }
        for &i in &d.floors {
            if about(&self.floors[i]) {
                level = level.max(p.floors[i].level);
            }
        }
        for &s in &d.set_by {
            if let Source::Band(sc, b) = s {
                if d.scores[sc].rules.iter().any(|&r| about(&self.rules[r])) {
                    level = level.max(p.scores[sc].bands[b].effects.raise.unwrap_or(0));
                }
            }
        }
        level_ref(p, level)
    }

    /// The strongest finding across the children and the contexts.
    pub(super) fn headline(&self, d: &Decision, s: &Screened) -> Headline {
        let p = self.program;
        let top = p.levels.len().saturating_sub(1);
        let level_label = p.levels.get(d.level).map(|l| l.label.clone()).unwrap_or_default();
        // The context's ladder: the band of the score called `context`, and whether it is above the first band.
        let context_band = p
            .scores
            .iter()
            .zip(&d.scores)
            .find(|(sc, _)| sc.id == "context")
            .and_then(|(sc, sd)| sd.band.map(|b| (sc.bands[b].label.clone(), b > 0, b + 1 == sc.bands.len())));
        let any_child = s.children.iter().any(|c| c.status == "screened");
        let any_context = s.contexts.iter().any(|c| c.status == "screened");
        let raised = d.level > 0;
        let level_tone = if d.level > 0 && d.level == top {
            "urgent"
        } else if raised {
            "raised"
        } else {
            "none"
        };
        let child_lines = || -> Vec<String> {
            if s.children.is_empty() {
                return vec![NO_CHILD.into()];
            }
            s.children
                .iter()
                .map(|c| match &c.level {
                    Some(l) => format!("{}: {}", c.name, l.label),
                    None => format!("{}: not screened, none of the answers about them is one the rules read", c.name),
                })
                .collect()
        };
        let could_rise =
            d.could_rise_to.and_then(|l| p.levels.get(l)).map(|l| format!("Could rise to {} once more questions are answered", l.label));

        // Nothing read and nothing found: never a level.
        if s.answers == 0 && d.fired.is_empty() && d.floors.is_empty() {
            let (title, lines) = if s.children.iter().all(|c| c.field.is_empty()) {
                (NOT_SCREENED_YET, vec!["None of the answers the rules read has been given yet".to_string()])
            } else {
                (NOT_SCREENED, child_lines())
            };
            return Headline { tone: "not_screened", title: title.into(), lines };
        }
        // A rule set with one level (wording checks) grades nothing: its one level says so.
        if p.levels.len() <= 1 {
            return Headline { tone: "none", title: level_label, lines: vec![] };
        }
        let context_line = context_band.as_ref().filter(|_| any_context).map(|(label, _, _)| format!("The context: {label}"));
        if any_child {
            // A context that needs a response outweighs children whose answers raised nothing.
            if let Some((label, true, last)) = &context_band {
                if !raised {
                    let mut lines = child_lines();
                    lines.extend(could_rise);
                    return Headline { tone: if *last { "urgent" } else { "raised" }, title: label.clone(), lines };
                }
            }
            let mut lines = if s.children.len() == 1 && s.children[0].field.is_empty() { vec![] } else { child_lines() };
            lines.extend(context_line);
            lines.extend(could_rise);
            return Headline { tone: level_tone, title: level_label, lines };
        }
        // A referral about a context: its own result first, the children after.
        if any_context || context_band.as_ref().is_some_and(|b| b.1) {
            let mut lines = child_lines();
            let (title, tone) = match &context_band {
                Some((label, above, last)) => (
                    label.clone(),
                    if *last && *above {
                        "urgent"
                    } else if *above {
                        "raised"
                    } else {
                        "none"
                    },
                ),
                None if raised => (level_label.clone(), level_tone),
                None => (format!("Nothing found about the {}", contexts_named(s)), "none"),
            };
            if raised && title != level_label {
                lines.push(format!("Suggested level: {level_label}"));
            }
            return Headline { tone, title, lines };
        }
        // Answers about the referral only (a date, who it is about): a level only when one was raised.
        if raised {
            let mut lines = child_lines();
            lines.extend(could_rise);
            return Headline { tone: level_tone, title: level_label, lines };
        }
        Headline { tone: "not_screened", title: NOT_SCREENED.into(), lines: child_lines() }
    }
}

fn contexts_named(s: &Screened) -> String {
    let names: Vec<String> = s.contexts.iter().filter(|c| c.status == "screened").map(|c| c.label.to_lowercase()).collect();
    if names.is_empty() {
        "context".into()
    } else {
        names.join(" and ")
    }
}

fn child(field: String, name: String, answers: usize, level: Option<LevelRef<'_>>) -> ChildScreened<'_> {
    ChildScreened { field, name, status: if answers > 0 { "screened" } else { "not_screened" }, answers, level }
}

fn level_ref(p: &Declarations, l: usize) -> LevelRef<'_> {
    p.levels
        .get(l)
        .map(|n| LevelRef { id: Cow::Borrowed(&n.id), label: Cow::Borrowed(&n.label) })
        .unwrap_or(LevelRef { id: Cow::Borrowed(""), label: Cow::Borrowed("") })
}
