//! Put an evaluation into words: the outcome with its reasons.

use super::{Evaluation, RawFact, RawNeed, Status, Target, V};
use crate::outcome::*;
use crate::program::*;
use std::collections::BTreeMap;

impl Evaluation<'_> {
    pub fn outcome(&self) -> Outcome {
        let p = self.program;
        let lowest = 0usize;
        let mut level = lowest;
        let mut level_by: Vec<(usize, String)> = Vec::new();
        let mut could_rise = lowest;
        let mut actions: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        let mut totals = vec![(0i64, 0i64, 0i64); p.scores.len()]; // total, min, max
        let mut score_rules: Vec<Vec<String>> = vec![Vec::new(); p.scores.len()];
        let mut contexts: BTreeMap<usize, (i64, Vec<String>)> = BTreeMap::new();
        let mut prompts = Vec::new();
        let mut fired = Vec::new();
        let mut undecided = Vec::new();

        for (rule, res) in p.rules.iter().zip(&self.rules) {
            match res.status {
                Status::Fired => {
                    if let Some(l) = rule.effects.raise {
                        level_by.push((l, rule.id.clone()));
                    }
                    for &a in &rule.effects.actions {
                        actions.entry(a).or_default().push(rule.id.clone());
                    }
                    let mut points = 0;
                    for &(s, n) in &rule.effects.points {
                        totals[s].0 += n;
                        totals[s].1 += n;
                        totals[s].2 += n;
                        points += n.max(0);
                        score_rules[s].push(rule.id.clone());
                    }
                    let weight = 1 + rule.effects.raise.unwrap_or(0) as i64 + points;
                    let c = contexts.entry(rule.context).or_default();
                    c.0 += weight;
                    c.1.push(rule.id.clone());
                    let facts = self.render_facts(&self.facts[res.facts.clone()]);
                    for text in &rule.effects.prompts {
                        prompts.push(PromptResult { rule: rule.id.clone(), text: text.clone(), facts: facts.clone() });
                    }
                    let explanation = format!("{} ({}) applies because {}.", rule.id, rule.title, because(&facts));
                    fired.push(FiredRule {
                        id: rule.id.clone(),
                        title: rule.title.clone(),
                        context: CONTEXTS[rule.context].0.into(),
                        context_label: CONTEXTS[rule.context].1.into(),
                        kind: KINDS[rule.kind].0.into(),
                        kind_label: KINDS[rule.kind].1.into(),
                        rationale: rule.rationale.clone(),
                        source: rule.source.clone(),
                        facts,
                        explanation,
                    });
                }
                Status::Undecided => {
                    if let Some(l) = rule.effects.raise {
                        could_rise = could_rise.max(l);
                    }
                    for &(s, n) in &rule.effects.points {
                        if n > 0 {
                            totals[s].2 += n;
                        } else {
                            totals[s].1 += n;
                        }
                    }
                    undecided.push(self.undecided(&rule.id, &rule.title, &self.needs[res.needs.clone()]));
                }
                Status::NotFired => {}
            }
        }

        let mut floors = Vec::new();
        for (floor, res) in p.floors.iter().zip(&self.floors) {
            match res.status {
                Status::Fired => {
                    level_by.push((floor.level, floor.id.clone()));
                    let facts = self.render_facts(&self.facts[res.facts.clone()]);
                    let lv = &p.levels[floor.level];
                    floors.push(FiredFloor {
                        id: floor.id.clone(),
                        title: floor.title.clone(),
                        level: LevelRef { id: lv.id.clone(), label: lv.label.clone() },
                        rationale: floor.rationale.clone(),
                        source: floor.source.clone(),
                        explanation: format!(
                            "{} ({}) keeps the level at {} or above because {}.",
                            floor.id,
                            floor.title,
                            lv.label,
                            because(&facts)
                        ),
                        facts,
                    });
                }
                Status::Undecided => {
                    could_rise = could_rise.max(floor.level);
                    undecided.push(self.undecided(&floor.id, &floor.title, &self.needs[res.needs.clone()]));
                }
                Status::NotFired => {}
            }
        }

        let mut scores = Vec::new();
        for (i, s) in p.scores.iter().enumerate() {
            let (total, min, max) = totals[i];
            let band = s.bands.iter().find(|b| b.covers(total));
            let decided = band.is_some_and(|b| b.covers(min) && b.covers(max));
            if let Some(b) = band {
                let by = format!("{}.{}", s.id, b.id);
                if let Some(l) = b.effects.raise {
                    level_by.push((l, by.clone()));
                }
                for &a in &b.effects.actions {
                    actions.entry(a).or_default().push(by.clone());
                }
                for text in &b.effects.prompts {
                    prompts.push(PromptResult { rule: by.clone(), text: text.clone(), facts: vec![] });
                }
            }
            // A band the total could still reach may raise the level further.
            for b in s.bands.iter().filter(|b| b.to.is_none_or(|t| t >= min) && b.from <= max) {
                if let Some(l) = b.effects.raise {
                    could_rise = could_rise.max(l);
                }
            }
            scores.push(ScoreResult {
                id: s.id.clone(),
                label: s.label.clone(),
                total,
                possible_min: min,
                possible_max: max,
                band: band.map(|b| BandResult { id: b.id.clone(), label: b.label.clone() }),
                band_decided: decided,
                rules: score_rules[i].clone(),
            });
        }

        for &(l, _) in &level_by {
            level = level.max(l);
        }
        let set_by: Vec<String> = level_by.iter().filter(|(l, _)| *l == level).map(|(_, id)| id.clone()).collect();
        let lv = p.levels.get(level).cloned().unwrap_or(Named { id: String::new(), label: String::new() });
        let could_rise_to =
            (could_rise > level).then(|| LevelRef { id: p.levels[could_rise].id.clone(), label: p.levels[could_rise].label.clone() });

        let actions: Vec<ActionResult> = actions
            .into_iter()
            .map(|(a, by)| ActionResult { id: p.actions[a].id.clone(), label: p.actions[a].label.clone(), requested_by: by })
            .collect();
        let mut contexts: Vec<ContextResult> = contexts
            .into_iter()
            .map(|(c, (w, rules))| ContextResult { id: CONTEXTS[c].0.into(), label: CONTEXTS[c].1.into(), weight: w, rules })
            .collect();
        contexts.sort_by(|a, b| b.weight.cmp(&a.weight));

        let mut summary = vec![format!("Suggested level: {}.", lv.label)];
        if set_by.is_empty() {
            summary.push("No rule raised the level.".into());
        } else {
            summary.push(format!("Set by {}.", set_by.join(", ")));
        }
        for a in &actions {
            summary.push(format!("Action: {} (asked for by {}).", a.label, a.requested_by.join(", ")));
        }
        for s in &scores {
            let band = s.band.as_ref().map(|b| b.label.as_str()).unwrap_or("no band");
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
            rule_set: p.info.clone(),
            date: self.date.to_string(),
            advisory: ADVISORY,
            level: LevelResult { id: lv.id.clone(), label: lv.label.clone(), rank: level, set_by, could_rise_to },
            actions,
            scores,
            contexts,
            prompts,
            fired,
            floors,
            undecided,
            form_errors: self.form.errors.clone(),
            summary,
        }
    }

    fn undecided(&self, id: &str, title: &str, needs: &[RawNeed]) -> UndecidedRule {
        let needs: Vec<Need> = needs.iter().map(|n| self.need(n)).collect();
        let list = needs.iter().map(|n| n.label.as_str()).collect::<Vec<_>>().join("; ");
        UndecidedRule {
            id: id.into(),
            title: title.into(),
            explanation: if list.is_empty() {
                format!("{id} ({title}) cannot be decided yet.")
            } else {
                format!("{id} ({title}) cannot be decided until these are answered: {list}.")
            },
            needs,
        }
    }

    fn need(&self, n: &RawNeed) -> Need {
        let (path, prefix) = self.place(&n.loc);
        let f = &self.program.schema.fields[n.field];
        Need { field: join(&path, &f.name), label: format!("{prefix}{}", f.label) }
    }

    /// The form path and label prefix of a record: `children[0]`, "Child 1 › ".
    fn place(&self, loc: &super::Loc) -> (String, String) {
        let mut path = String::new();
        let mut label = String::new();
        for &(field, index) in loc.steps() {
            let f = &self.program.schema.fields[field as usize];
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&format!("{}[{}]", f.name, index));
            if let FieldTy::List(r) = f.ty {
                label.push_str(&format!("{} {} › ", self.program.schema.records[r].item_label, index + 1));
            }
        }
        (path, label)
    }

    fn render_facts(&self, raw: &[RawFact]) -> Vec<Fact> {
        raw.iter().map(|f| self.fact(f)).collect()
    }

    fn fact(&self, f: &RawFact) -> Fact {
        let (path, prefix) = self.place(&f.loc);
        match f.target {
            Target::Field(id) => {
                let field = &self.program.schema.fields[id];
                let value = match (&field.ty, f.value, f.matched) {
                    (_, V::Unknown, _) => "not answered".to_string(),
                    (_, _, Some(phrase)) => format!("contains \"{phrase}\""),
                    (FieldTy::List(_), V::Num(n, _), _) => format!("{} listed", num(n)),
                    (FieldTy::Text, _, None) => self.text_answer(id, &f.loc),
                    (FieldTy::OneOf(_), V::Choice(c), _) => self.option_labels(id, 1u64 << c),
                    (FieldTy::SeveralOf(_), V::Choices(bits), _) => self.option_labels(id, bits),
                    (_, v, _) => show(v),
                };
                Fact { field: join(&path, &field.name), label: format!("{prefix}{}", field.label), value, derived: false }
            }
            Target::Def(d) => {
                let def = &self.program.defs[d];
                let label = def.label.clone().unwrap_or_else(|| crate::program::humanise(&def.name));
                let value = match (def.ty, f.value) {
                    (Ty::Choice(field), V::Choice(c)) | (Ty::Choices(field), V::Choice(c)) => self.option_labels(field, 1u64 << c),
                    (Ty::Choices(field), V::Choices(bits)) => self.option_labels(field, bits),
                    (_, v) => show(v),
                };
                Fact { field: join(&path, &def.name), label: format!("{prefix}{label}"), value, derived: true }
            }
        }
    }

    fn option_labels(&self, field: FieldId, bits: u64) -> String {
        let (FieldTy::OneOf(opts) | FieldTy::SeveralOf(opts)) = &self.program.schema.fields[field].ty else {
            return String::new();
        };
        let names: Vec<&str> = opts.iter().enumerate().filter(|(i, _)| bits & (1u64 << i) != 0).map(|(_, o)| o.label.as_str()).collect();
        if names.is_empty() {
            "none ticked".into()
        } else {
            names.join(", ")
        }
    }

    /// Text answers are shown as typed, shortened.
    fn text_answer(&self, field: FieldId, loc: &super::Loc) -> String {
        let mut rec = &self.form.root;
        for &(f, i) in loc.steps() {
            let slot = self.program.schema.fields[f as usize].slot;
            match rec.vals.get(slot) {
                Some(crate::form::Val::List(items)) => match items.get(i as usize) {
                    Some(r) => rec = r,
                    None => return String::new(),
                },
                _ => return String::new(),
            }
        }
        match rec.vals.get(self.program.schema.fields[field].slot) {
            Some(crate::form::Val::Text { raw, .. }) => {
                if raw.chars().count() > 80 {
                    raw.chars().take(80).collect::<String>() + "…"
                } else {
                    raw.clone()
                }
            }
            _ => String::new(),
        }
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

fn show(v: V) -> String {
    match v {
        V::Unknown => "not answered".into(),
        V::Bool(true) => "yes".into(),
        V::Bool(false) => "no".into(),
        V::Num(lo, hi) if lo == hi => num(lo),
        V::Num(lo, hi) => format!("between {} and {}", num(lo), if hi.is_finite() { num(hi) } else { "more".into() }),
        V::Text(t) => t.to_string(),
        V::Date(d) => d.to_string(),
        V::Choice(c) => c.to_string(),
        V::Choices(c) => format!("{c:b}"),
    }
}

fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn because(facts: &[Fact]) -> String {
    if facts.is_empty() {
        return "its condition holds".into();
    }
    facts
        .iter()
        .map(|f| if f.value.starts_with("contains ") { format!("{} {}", f.label, f.value) } else { format!("{}: {}", f.label, f.value) })
        .collect::<Vec<_>>()
        .join("; ")
}
