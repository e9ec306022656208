//! The only place evaluation writes English: a `Decision` and the facts
//! behind it become the `Outcome`: explanations ("MIS1 (Found out of area)
//! applies because ..."), the summary, and answers as a person reads them.

use super::decide::{self, Decision, Source};
use super::{Evaluation, RawFact, RawNeed, Target, V};
use crate::outcome::*;
use crate::program::*;
use std::borrow::Cow;
use std::fmt::Write as _;

/// The rule set's own words, borrowed: the outcome copies none of them.
fn b(s: &str) -> Cow<'_, str> {
    Cow::Borrowed(s)
}

impl<'a, 'p: 'a> Evaluation<'a, 'p> {
    /// Decide, then put the decision into words. The outcome borrows the
    /// rule set's words (ids, titles, labels) and the form's answers.
    pub fn outcome(&self) -> Outcome<'p> {
        let d = decide::decide(self);
        self.explain(&d)
    }

    pub fn explain(&self, d: &Decision) -> Outcome<'p> {
        let p: &'p Declarations = self.program;
        let source_id = |s: Source| -> Cow<'p, str> {
            match s {
                Source::Rule(i) => b(&p.rules[i].id),
                Source::Floor(i) => b(&p.floors[i].id),
                Source::Band(s, k) => Cow::Owned(format!("{}.{}", p.scores[s].id, p.scores[s].bands[k].id)),
            }
        };
        let mut places = Places::default();
        let mut fired = Vec::with_capacity(d.fired.len());
        for &i in &d.fired {
            let rule = &p.rules[i];
            let raw = &self.facts[self.rules[i].facts.clone()];
            let facts = self.render_facts(raw, &mut places);
            let explanation = explained(&p.words.rule(i).applies, &rule.id, &rule.title, raw, &facts);
            fired.push(FiredRule {
                id: b(&rule.id),
                title: b(&rule.title),
                context: CONTEXTS[rule.context].0,
                context_label: CONTEXTS[rule.context].1,
                kind: KINDS[rule.kind].0,
                kind_label: KINDS[rule.kind].1,
                rationale: b(&rule.rationale),
                source: b(&rule.source),
                facts,
                explanation,
            });
        }
        let mut floors = Vec::with_capacity(d.floors.len());
        for &i in &d.floors {
            let floor = &p.floors[i];
            let raw = &self.facts[self.floors[i].facts.clone()];
            let facts = self.render_facts(raw, &mut places);
            let lv = &p.levels[floor.level];
            floors.push(FiredFloor {
                id: b(&floor.id),
                title: b(&floor.title),
                level: LevelRef { id: b(&lv.id), label: b(&lv.label) },
                rationale: b(&floor.rationale),
                source: b(&floor.source),
                explanation: explained(&p.words.floor(i).applies, &floor.id, &floor.title, raw, &facts),
                facts,
            });
        }
        // The questions an undecided rule waits for, written out before its template is filled.
        let mut list = String::new();
        // Sized once: a collect through `filter_map` grows (and moves) as it goes.
        let mut undecided: Vec<UndecidedRule<'p>> = Vec::with_capacity(d.undecided.len());
        for &s in &d.undecided {
            undecided.push(match s {
                Source::Rule(i) => self.undecided(
                    &p.rules[i].id,
                    &p.rules[i].title,
                    p.words.rule(i),
                    &self.needs[self.rules[i].needs.clone()],
                    &mut places,
                    &mut list,
                ),
                Source::Floor(i) => self.undecided(
                    &p.floors[i].id,
                    &p.floors[i].title,
                    p.words.floor(i),
                    &self.needs[self.floors[i].needs.clone()],
                    &mut places,
                    &mut list,
                ),
                Source::Band(..) => continue,
            });
        }
        let questions: Vec<Question<'p>> = d.questions.iter().map(|q| self.question(q, &source_id, &mut places)).collect();
        let mut prompts: Vec<PromptResult<'p>> = Vec::with_capacity(d.prompts.len());
        for &(s, k) in &d.prompts {
            let (text, facts) = match s {
                // A rule's prompt shows the answers behind the rule again (only a fired rule asks).
                Source::Rule(i) => (
                    &p.rules[i].effects.prompts[k],
                    d.fired.iter().position(|&r| r == i).map(|at| fired[at].facts.clone()).unwrap_or_default(),
                ),
                Source::Band(sc, b) => (&p.scores[sc].bands[b].effects.prompts[k], vec![]),
                // Floors only set a level; they have no prompts.
                Source::Floor(_) => continue,
            };
            prompts.push(PromptResult { rule: source_id(s), text: b(text), facts });
        }
        let scores: Vec<ScoreResult<'p>> = p
            .scores
            .iter()
            .zip(&d.scores)
            .map(|(s, sd)| ScoreResult {
                id: b(&s.id),
                label: b(&s.label),
                total: sd.total,
                possible_min: sd.min,
                possible_max: sd.max,
                band: sd.band.map(|k| BandResult { id: b(&s.bands[k].id), label: b(&s.bands[k].label) }),
                band_decided: sd.band_decided,
                rules: sd.rules.iter().map(|&r| b(&p.rules[r].id)).collect(),
            })
            .collect();
        let level_ref = |l: usize| LevelRef { id: b(&p.levels[l].id), label: b(&p.levels[l].label) };
        let actions: Vec<ActionResult<'p>> = d
            .actions
            .iter()
            .map(|(a, by)| ActionResult {
                id: b(&p.actions[*a].id),
                label: b(&p.actions[*a].label),
                requested_by: by.iter().map(|&s| source_id(s)).collect(),
                required_by_level: d.required_by_level.contains(a).then(|| level_ref(d.level)),
            })
            .collect();
        let contexts: Vec<ContextResult<'p>> = d
            .contexts
            .iter()
            .map(|c| ContextResult {
                id: CONTEXTS[c.context].0.into(),
                label: CONTEXTS[c.context].1.into(),
                weight: c.weight,
                rules: c.rules.iter().map(|&r| b(&p.rules[r].id)).collect(),
            })
            .collect();
        let set_by: Vec<Cow<'p, str>> = d.set_by.iter().map(|&s| source_id(s)).collect();
        let set_by_joined = set_by.join(", ");
        let (lv_id, lv_label): (&'p str, &'p str) = p.levels.get(d.level).map(|l| (l.id.as_str(), l.label.as_str())).unwrap_or_default();
        let could_rise_to = d.could_rise_to.map(level_ref);

        let screened = self.screened(d);
        let headline = self.headline(d, &screened);
        // The headline first, as a person reads it; the level after it only
        // when a child was screened and the headline is not already the level.
        let mut summary = Vec::with_capacity(8 + headline.lines.len() + actions.len() + scores.len() + prompts.len());
        summary.push(sentence(&headline.title));
        summary.extend(headline.lines.iter().map(|l| sentence(l)));
        let child_screened = screened.children.iter().any(|c| c.level.is_some());
        if child_screened && headline.title != lv_label {
            summary.push(format!("Suggested level: {lv_label}."));
        }
        if set_by.is_empty() {
            if child_screened && p.levels.len() > 1 {
                summary.push("No rule raised the level.".into());
            }
        } else {
            summary.push(format!("Set by {set_by_joined}."));
        }
        for a in &actions {
            let mut line = String::with_capacity(64 + a.label.len() + set_by_joined.len());
            line.push_str("Action: ");
            line.push_str(&a.label);
            line.push_str(" (");
            write_action_reasons(&mut line, a, &set_by_joined);
            line.push_str(").");
            summary.push(line);
        }
        for s in &scores {
            let band = s.band.as_ref().map(|b| &*b.label).unwrap_or("no band");
            let range = if s.possible_min != s.possible_max {
                format!(", could be {} to {} once every question is answered", s.possible_min, s.possible_max)
            } else {
                String::new()
            };
            summary.push(format!("{}: {} ({band}{range}).", s.label, s.total));
        }
        if let Some(c) = contexts.first() {
            summary.push(format!("The context that weighs most: {}.", c.label));
        }
        for pr in &prompts {
            summary.push(format!("Prompt: {}", pr.text));
        }
        if !undecided.is_empty() {
            summary.push(format!("{} rule(s) cannot be decided until more questions are answered.", undecided.len()));
        }
        if let Some(r) = &could_rise_to {
            summary.push(format!("The level could rise to {} once those questions are answered.", r.label));
        }
        summary.push(ADVISORY.into());

        Outcome {
            rule_set: &p.info,
            headline,
            screened,
            date: self.date.to_string(),
            advisory: ADVISORY,
            level: LevelResult { id: b(lv_id), label: b(lv_label), rank: d.level, set_by, could_rise_to },
            actions,
            scores,
            contexts,
            prompts,
            fired,
            floors,
            undecided,
            questions,
            form_errors: self.form.errors.clone(),
            summary,
        }
    }

    fn undecided(
        &self,
        id: &'p str,
        title: &'p str,
        words: &Explanation,
        raw: &[RawNeed],
        places: &mut Places,
        list: &mut String,
    ) -> UndecidedRule<'p> {
        let needs: Vec<Need<'p>> = raw.iter().map(|n| self.need(n, places)).collect();
        // The first few questions by name, then a count (`needs` has them all);
        // a question partly asked says which part is missing.
        list.clear();
        for (k, (r, n)) in raw.iter().zip(&needs).take(WAITING_NAMED).enumerate() {
            if k > 0 {
                list.push_str("; ");
            }
            list.push_str(&n.label);
            if self.partly_asked(r) {
                list.push_str(" (options this form did not ask)");
            }
        }
        if needs.len() > WAITING_NAMED {
            let _ = write!(list, "; and {} more", needs.len() - WAITING_NAMED);
        }
        let mut explanation = String::with_capacity(64 + id.len() + title.len() + list.len() + 1);
        if list.is_empty() {
            words.undecided.fill(&mut explanation, id, title, |_, _| {});
        } else {
            // A label that ends a sentence itself ("Is a child in danger now?") takes no full stop.
            let stop = if list.ends_with(['?', '.', '!']) { "" } else { "." };
            words.waiting.fill(&mut explanation, id, title, |_, out| {
                out.push_str(list);
                out.push_str(stop);
            });
        }
        UndecidedRule { id: b(id), title: b(title), explanation, needs }
    }

    fn question(&self, q: &decide::Question, source_id: &dyn Fn(Source) -> Cow<'p, str>, places: &mut Places) -> Question<'p> {
        let p: &'p Declarations = self.program;
        let Need { field, label } = self.need(&q.need, places);
        let could_raise_to = q.could_raise_to.map(|l| LevelRef { id: b(&p.levels[l].id), label: b(&p.levels[l].label) });
        let could_add: Vec<ActionRef<'p>> =
            q.could_add.iter().map(|&a| ActionRef { id: b(&p.actions[a].id), label: b(&p.actions[a].label) }).collect();
        let rules: Vec<Cow<'p, str>> = q.rules.iter().map(|&s| source_id(s)).collect();
        // The first few actions by name, so a sentence stays readable; `could_add` has them all.
        // An urgent action ("Call 999 now") is never offered as something a question could add:
        // it is for a child in danger now, not a reason to fill in a form.
        const NAMED: usize = 3;
        let mut adds = String::new();
        let mut offered = 0;
        for a in q.could_add.iter().map(|&a| &p.actions[a]).filter(|a| !is_urgent(&a.label)) {
            if offered < NAMED {
                if offered > 0 {
                    adds.push_str("; ");
                }
                adds.push_str(&a.label);
            }
            offered += 1;
        }
        if offered > NAMED {
            let _ = write!(adds, "; and {} more", offered - NAMED);
        }
        // What answering could change, as the end of a sentence: the panel puts
        // it under the question, `text` puts the question in front of it.
        let only_urgent = adds.is_empty() && !could_add.is_empty();
        let mut effect = String::with_capacity(48 + adds.len());
        match (&could_raise_to, adds.is_empty()) {
            (Some(l), true) => {
                effect.push_str("could raise the level to ");
                effect.push_str(&l.label);
                effect.push('.');
            }
            (Some(l), false) => {
                effect.push_str("could raise the level to ");
                effect.push_str(&l.label);
                effect.push_str(" and add: ");
                effect.push_str(&adds);
                effect.push('.');
            }
            (None, false) => {
                effect.push_str("could add: ");
                effect.push_str(&adds);
                effect.push('.');
            }
            (None, true) if only_urgent => effect.push_str("could change what must be done now."),
            (None, true) => {
                effect.push_str("decides ");
                for (k, r) in rules.iter().enumerate() {
                    if k > 0 {
                        effect.push_str(", ");
                    }
                    effect.push_str(r);
                }
                effect.push_str("; on its own it would not change the level or the actions.");
            }
        }
        // The question and its effect in one sentence. A list nobody has
        // filled in is answered by adding its items, or by saying there are none.
        let mut text = String::with_capacity(56 + label.len() + effect.len());
        if matches!(p.schema.fields[q.need.field].ty, FieldTy::List(_)) {
            text.push_str("Listing \"");
            text.push_str(&label);
            text.push_str("\" (or saying there are none)");
        } else if self.partly_asked(&q.need) {
            text.push_str("Asking the options of \"");
            text.push_str(&label);
            text.push_str("\" that this form did not ask");
        } else {
            text.push_str("Answering \"");
            text.push_str(&label);
            text.push('"');
        }
        text.push(' ');
        text.push_str(&effect);
        Question { field, label, could_raise_to, could_add, rules, effect, text }
    }

    fn need(&self, n: &RawNeed, places: &mut Places) -> Need<'p> {
        let (path, prefix) = places.of(self.program, &n.loc);
        let f = &self.program.schema.fields[n.field];
        Need { field: join(path, &f.name), label: join_label(prefix, &f.label) }
    }

    fn render_facts(&self, raw: &[RawFact], places: &mut Places) -> Vec<Fact<'p>> {
        raw.iter().map(|f| self.fact(f, places)).collect()
    }

    fn fact(&self, f: &RawFact, places: &mut Places) -> Fact<'p> {
        let p: &'p Declarations = self.program;
        let (path, prefix) = places.of(p, &f.loc);
        match f.target {
            Target::Field(id) => {
                let field = &p.schema.fields[id];
                let value = match (&field.ty, f.value, f.matched) {
                    (_, V::Unknown, _) => b("not answered"),
                    (_, _, Some(phrase)) => Cow::Owned(format!("contains \"{phrase}\"")), // found_phrase() says when
                    (FieldTy::List(_), V::Num(n, _), _) => Cow::Owned(format!("{} listed", num(n))),
                    (FieldTy::Text, _, None) => self.text_answer(id, &f.loc),
                    (FieldTy::OneOf(_), V::Choice(c), _) => self.option_labels(id, 1u64 << c),
                    (FieldTy::SeveralOf(_), V::Choices { ticked, asked }, _) => self.ticked_labels(id, ticked, asked),
                    (_, v, _) => show(v),
                };
                Fact { field: join(path, &field.name), label: join_label(prefix, &field.label), value, derived: false }
            }
            Target::Def(d) => {
                let def = &p.defs[d];
                let value = match (def.ty, f.value) {
                    (Ty::Choice(field), V::Choice(c)) | (Ty::Choices(field), V::Choice(c)) => self.option_labels(field, 1u64 << c),
                    (Ty::Choices(field), V::Choices { ticked, asked }) => self.ticked_labels(field, ticked, asked),
                    (_, v) => show(v),
                };
                let label = match &def.label {
                    Some(l) => join_label(prefix, l),
                    None => Cow::Owned(join_label(prefix, &crate::program::humanise(&def.name)).into_owned()),
                };
                Fact { field: join(path, &def.name), label, value, derived: true }
            }
        }
    }

    fn option_labels(&self, field: FieldId, bits: u64) -> Cow<'p, str> {
        let p: &'p Declarations = self.program;
        let (FieldTy::OneOf(opts) | FieldTy::SeveralOf(opts)) = &p.schema.fields[field].ty else {
            return b("");
        };
        let ticked = || opts.iter().enumerate().filter(|(i, _)| bits & (1u64 << i) != 0).map(|(_, o)| o);
        // One option ticked (every one-of answer) is its label as written.
        if bits.count_ones() == 1 {
            if let Some(o) = ticked().next() {
                return b(&o.label);
            }
        }
        let mut names = String::with_capacity(ticked().map(|o| o.label.len() + 2).sum());
        let mut n = 0;
        for o in ticked() {
            if n > 0 {
                names.push_str(", ");
            }
            names.push_str(&o.label);
            n += 1;
        }
        if n == 0 {
            b("none ticked")
        } else {
            Cow::Owned(names)
        }
    }

    /// A several-of answer: the options ticked and, when the form asked only
    /// some of the options, how many: "none of the 3 asked ticked", or
    /// "Going missing (3 of 10 options asked)".
    fn ticked_labels(&self, field: FieldId, ticked: u64, asked: u64) -> Cow<'p, str> {
        let FieldTy::SeveralOf(opts) = &self.program.schema.fields[field].ty else {
            return self.option_labels(field, ticked);
        };
        let every = crate::form::every_option(opts.len());
        if asked & every == every {
            return self.option_labels(field, ticked);
        }
        let n = (asked & every).count_ones();
        if ticked == 0 {
            if n == 1 {
                b("not ticked (the only option asked)")
            } else {
                Cow::Owned(format!("none of the {n} asked ticked"))
            }
        } else {
            Cow::Owned(format!("{} ({n} of {} options asked)", self.option_labels(field, ticked), opts.len()))
        }
    }

    /// The form's answer to a field at a place, if any.
    fn answer_at(&self, field: FieldId, loc: &super::Loc) -> Option<&'a crate::form::Val> {
        let form: &'a crate::form::FormData = self.form;
        let mut rec = &form.root;
        for &(f, i) in loc.steps() {
            let slot = self.program.schema.fields.get(f as usize)?.slot;
            match rec.vals.get(slot) {
                Some(crate::form::Val::List(items)) => rec = items.get(i as usize)?,
                _ => return None,
            }
        }
        rec.vals.get(self.program.schema.fields.get(field)?.slot)
    }

    /// A needed question that has an answer: a several-of answer whose form
    /// did not ask the options that would decide the rule.
    fn partly_asked(&self, n: &RawNeed) -> bool {
        matches!(self.answer_at(n.field, &n.loc), Some(crate::form::Val::Choices { .. }))
    }

    /// Text answers are shown as typed, shortened.
    fn text_answer(&self, field: FieldId, loc: &super::Loc) -> Cow<'p, str> {
        match self.answer_at(field, loc) {
            Some(crate::form::Val::Text { raw, .. }) => {
                if raw.chars().nth(80).is_some() {
                    Cow::Owned(raw.chars().take(80).collect::<String>() + "…")
                } else {
                    Cow::Owned(raw.clone())
                }
            }
            _ => b(""),
        }
    }
}

/// Why an action is listed: "asked for by DANGER", "required by the level
/// \"Child protection\", set by YOUNG", or both joined with "; ". The
/// summary, the `screen` command and test failures all say it this way.
pub fn action_reasons<S: std::borrow::Borrow<str>>(a: &ActionResult, set_by: &[S]) -> String {
    let mut out = String::new();
    write_action_reasons(&mut out, a, &set_by.join(", "));
    out
}

/// `action_reasons` written onto `out`, with what set the level already joined by ", ".
fn write_action_reasons(out: &mut String, a: &ActionResult, set_by: &str) {
    if !a.requested_by.is_empty() {
        out.push_str("asked for by ");
        for (k, r) in a.requested_by.iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            out.push_str(r);
        }
    }
    if let Some(l) = &a.required_by_level {
        if !a.requested_by.is_empty() {
            out.push_str("; ");
        }
        out.push_str("required by the level \"");
        out.push_str(&l.label);
        out.push('"');
        if !set_by.is_empty() {
            out.push_str(", set by ");
            out.push_str(set_by);
        }
    }
}

/// A line of the summary ends with a full stop.
fn sentence(s: &str) -> String {
    if s.ends_with(['.', '!', '?']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

/// A field's path in the form: its name alone at the top of the form.
fn join<'a>(path: &str, name: &'a str) -> Cow<'a, str> {
    if path.is_empty() {
        return Cow::Borrowed(name);
    }
    let mut s = String::with_capacity(path.len() + 1 + name.len());
    s.push_str(path);
    s.push('.');
    s.push_str(name);
    Cow::Owned(s)
}

/// A label after its record's prefix: "Child 1 › " + "Found out of area";
/// the label alone at the top of the form.
fn join_label<'a>(prefix: &str, label: &'a str) -> Cow<'a, str> {
    if prefix.is_empty() {
        return Cow::Borrowed(label);
    }
    let mut s = String::with_capacity(prefix.len() + label.len());
    s.push_str(prefix);
    s.push_str(label);
    Cow::Owned(s)
}

/// The form path and label prefix of each record a result names
/// (`children[0]`, "Child 1 › "), worked out once per explanation: the
/// answers behind the rules about one child share them.
#[derive(Default)]
struct Places {
    known: Vec<(super::Loc, String, String)>,
}

impl Places {
    fn of(&mut self, p: &Declarations, loc: &super::Loc) -> (&str, &str) {
        let k = match self.known.iter().position(|(l, _, _)| l == loc) {
            Some(k) => k,
            None => {
                let mut path = String::new();
                let mut label = String::new();
                for &(field, index) in loc.steps() {
                    let f = &p.schema.fields[field as usize];
                    if !path.is_empty() {
                        path.push('.');
                    }
                    let _ = write!(path, "{}[{}]", f.name, index);
                    if let FieldTy::List(r) = f.ty {
                        let _ = write!(label, "{} {} › ", p.schema.records[r].item_label, index + 1);
                    }
                }
                self.known.push((*loc, path, label));
                self.known.len() - 1
            }
        };
        let (_, path, label) = &self.known[k];
        (path, label)
    }
}

fn show(v: V) -> Cow<'static, str> {
    Cow::Owned(match v {
        V::Unknown => return Cow::Borrowed("not answered"),
        V::Bool(true) => return Cow::Borrowed("yes"),
        V::Bool(false) => return Cow::Borrowed("no"),
        V::Num(lo, hi) if lo == hi => num(lo),
        V::Num(lo, hi) => format!("between {} and {}", num(lo), if hi.is_finite() { num(hi) } else { "more".into() }),
        V::Text(t) => t.to_string(),
        V::Date(d) => d.to_string(),
        V::Choice(c) => c.to_string(),
        V::Choices { ticked, .. } => format!("{ticked:b}"),
    })
}

fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        crate::decimal::Plain(x).to_string()
    }
}

/// A rule's or floor's explanation: its template with the answers behind it
/// filled in: "Child 1 › Found out of area: yes; Notes contains \"county
/// lines\"" (a phrase found in a text answer reads as a sentence, every
/// other answer as "label: value"), or "its condition holds" when it names none.
fn explained(template: &Template, id: &str, title: &str, raw: &[RawFact], facts: &[Fact]) -> String {
    // The template's own words are well under 64 bytes; each answer adds its label, value and joins.
    let mut out =
        String::with_capacity(64 + id.len() + title.len() + facts.iter().map(|f| f.label.len() + f.value.len() + 4).sum::<usize>());
    template.fill(&mut out, id, title, |_, out| {
        if facts.is_empty() {
            out.push_str("its condition holds");
        }
        for (k, (r, f)) in raw.iter().zip(facts).enumerate() {
            if k > 0 {
                out.push_str("; ");
            }
            out.push_str(&f.label);
            out.push_str(if found_phrase(r) { " " } else { ": " });
            out.push_str(&f.value);
        }
    });
    out
}

/// True when the fact is a phrase found in a text answer (its value reads `contains "..."`).
fn found_phrase(f: &RawFact) -> bool {
    matches!(f.target, Target::Field(_)) && f.matched.is_some() && !matches!(f.value, V::Unknown)
}
