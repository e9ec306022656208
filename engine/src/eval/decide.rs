//! The decision, as plain data with no words: the level and what set it, the
//! level undecided rules could still lead to, score totals and bands, context
//! weights, actions and prompts. Every entry points into the program by
//! position; `explain` is the only place that turns it into English.

use super::{Evaluation, RawNeed, RuleResult, Status};
use crate::program::Declarations;

/// What produced part of a decision: a rule, a floor, or a score's band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Rule(usize),
    Floor(usize),
    /// (score, band)
    Band(usize, usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The suggested level (0 is the lowest).
    pub level: usize,
    /// What raised the level to exactly `level`, in the order rules, floors, bands.
    pub set_by: Vec<Source>,
    /// The highest level undecided rules (or bands the totals could still reach) could lead to, when higher.
    pub could_rise_to: Option<usize>,
    /// Actions in the order of the actions list, each with the rules and bands
    /// that asked for it (empty when only the level requires it).
    pub actions: Vec<(usize, Vec<Source>)>,
    /// The actions the decided level requires (`requires` in the levels block),
    /// in the order of the actions list; each is in `actions` too.
    pub required_by_level: Vec<usize>,
    /// One for each score of the program, in order.
    pub scores: Vec<ScoreDecision>,
    /// Contexts of fired rules, weightiest first (ties in the order of `CONTEXTS`).
    pub contexts: Vec<ContextWeight>,
    /// Prompts: what asked, and which of its prompts (an index into its effects' prompts).
    pub prompts: Vec<(Source, usize)>,
    /// Fired rules and floors, in program order.
    pub fired: Vec<usize>,
    pub floors: Vec<usize>,
    /// Rules, then floors, that could still go either way.
    pub undecided: Vec<Source>,
    /// The unanswered questions behind them, those that matter most first.
    pub questions: Vec<Question>,
}

/// One unanswered question, with what answering it could change. Ranked:
/// those that could raise the level (highest first), then those that could
/// add an action not yet suggested (most first), then the rest, each group in
/// the order the rules ask them.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub need: RawNeed,
    /// The highest level an undecided rule or floor that needs it could set, when above the level now.
    pub could_raise_to: Option<usize>,
    /// Actions those rules ask for that are not suggested yet, in the order of the actions list.
    pub could_add: Vec<usize>,
    /// The undecided rules and floors that need it.
    pub rules: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScoreDecision {
    pub total: i64,
    /// Lowest and highest totals once undecided rules are decided.
    pub min: i64,
    pub max: i64,
    /// The band covering the total, if any.
    pub band: Option<usize>,
    /// False when undecided rules could still move the total into another band.
    pub band_decided: bool,
    /// Fired rules that gave points to it.
    pub rules: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContextWeight {
    pub context: usize,
    pub weight: i64,
    pub rules: Vec<usize>,
}

/// How much a fired rule weighs for its context: one for firing, plus the
/// level it raises to (its rank), plus the points it gives.
pub fn context_weight(raise: Option<usize>, points: i64) -> i64 {
    1 + raise.unwrap_or(0) as i64 + points
}

pub fn decide(ev: &Evaluation) -> Decision {
    let mut d = decide_results(ev.program, &ev.rules, &ev.floors);
    d.questions = questions(ev, &d);
    d
}

/// The decision from the rules' and floors' results alone, without the
/// questions (which need the unanswered questions behind each result): what
/// a caller that wants only the level, the rules and the actions needs.
pub fn decide_without_questions(p: &Declarations, rules: &[RuleResult], floors: &[RuleResult]) -> Decision {
    decide_results(p, rules, floors)
}

/// The part of a decision that `CompiledRuleSet.decide()` reports: the
/// level, the rules and floors that apply, those undecided, and the actions.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub level: usize,
    pub fired: Vec<usize>,
    pub floors: Vec<usize>,
    /// Rules, then floors, that could still go either way.
    pub undecided: Vec<Source>,
    /// In the order of the actions list.
    pub actions: Vec<usize>,
}

impl Verdict {
    /// The same part of a whole decision.
    pub fn of(d: &Decision) -> Verdict {
        Verdict {
            level: d.level,
            fired: d.fired.clone(),
            floors: d.floors.clone(),
            undecided: d.undecided.clone(),
            actions: d.actions.iter().map(|&(a, _)| a).collect(),
        }
    }
}

/// The verdict from the rules' and floors' results alone: `decide_results`
/// without what it says beyond the verdict (what set the level, what could
/// raise it, contexts, prompts, score details), so nothing but the level's
/// own inputs is counted. The differential tests hold it to
/// `Verdict::of(decide(..))` on every case and random form.
pub fn verdict(p: &Declarations, rules: &[RuleResult], floors: &[RuleResult]) -> Verdict {
    let mut level = 0;
    let mut totals = vec![0i64; p.scores.len()];
    // A bit for each action asked for.
    let mut asked = vec![0u64; p.actions.len().div_ceil(64)];
    let mut fired = Vec::with_capacity(p.rules.len());
    let mut fired_floors = Vec::new();
    let mut undecided = Vec::new();
    fn ask(asked: &mut [u64], actions: &[usize]) {
        for &a in actions {
            if let Some(word) = asked.get_mut(a / 64) {
                *word |= 1 << (a % 64);
            }
        }
    }
    for (i, (rule, res)) in p.rules.iter().zip(rules).enumerate() {
        match res.status {
            Status::Fired => {
                level = level.max(rule.effects.raise.unwrap_or(0));
                ask(&mut asked, &rule.effects.actions);
                for &(s, n) in &rule.effects.points {
                    totals[s] += n;
                }
                fired.push(i);
            }
            Status::Undecided => undecided.push(Source::Rule(i)),
            Status::NotFired => {}
        }
    }
    for (i, (floor, res)) in p.floors.iter().zip(floors).enumerate() {
        match res.status {
            Status::Fired => {
                level = level.max(floor.level);
                fired_floors.push(i);
            }
            Status::Undecided => undecided.push(Source::Floor(i)),
            Status::NotFired => {}
        }
    }
    for (s, &total) in p.scores.iter().zip(&totals) {
        if let Some(band) = s.bands.iter().find(|b| b.covers(total)) {
            level = level.max(band.effects.raise.unwrap_or(0));
            ask(&mut asked, &band.effects.actions);
        }
    }
    if let Some(required) = p.level_requires.get(level) {
        ask(&mut asked, required);
    }
    let actions = (0..p.actions.len()).filter(|&a| asked[a / 64] & 1 << (a % 64) != 0).collect();
    Verdict { level, fired, floors: fired_floors, undecided, actions }
}

/// Rank the unanswered questions by what answering them could change, in
/// time linear in the needs listed.
fn questions(ev: &Evaluation, d: &Decision) -> Vec<Question> {
    let p = ev.program;
    let mut out: Vec<Question> = Vec::new();
    let mut seen: std::collections::HashMap<RawNeed, usize, std::hash::BuildHasherDefault<Mix>> = Default::default();
    for &s in &d.undecided {
        let (res, raise, actions): (&RuleResult, Option<usize>, &[usize]) = match s {
            Source::Rule(i) => (&ev.rules[i], p.rules[i].effects.raise, &p.rules[i].effects.actions),
            Source::Floor(i) => (&ev.floors[i], Some(p.floors[i].level), &[]),
            Source::Band(..) => continue,
        };
        // Points can raise the level too, through a band the total could then reach.
        let by_points = match s {
            Source::Rule(i) => p.rules[i]
                .effects
                .points
                .iter()
                .filter(|&&(_, n)| n > 0)
                .flat_map(|&(sc, n)| {
                    let (from, to) = (d.scores[sc].total + n, d.scores[sc].max);
                    p.scores[sc]
                        .bands
                        .iter()
                        .filter(move |b| b.to.is_none_or(|t| t >= from) && b.from <= to)
                        .filter_map(|b| b.effects.raise)
                })
                .max(),
            _ => None,
        };
        let raise = raise.max(by_points).filter(|&l| l > d.level);
        // A level it could raise to brings the actions that level requires.
        let level_actions = raise.and_then(|l| p.level_requires.get(l)).into_iter().flatten().copied();
        let new_actions = actions.iter().copied().chain(level_actions).filter(|a| !d.actions.iter().any(|(have, _)| have == a));
        let new_actions: Vec<usize> = new_actions.collect();
        for need in &ev.needs[res.needs.clone()] {
            let k = *seen.entry(*need).or_insert_with(|| {
                out.push(Question { need: *need, could_raise_to: None, could_add: Vec::new(), rules: Vec::new() });
                out.len() - 1
            });
            let q = &mut out[k];
            q.could_raise_to = q.could_raise_to.max(raise);
            q.could_add.extend_from_slice(&new_actions);
            // A rule lists each need once, so it is last here if it is here at all.
            if q.rules.last() != Some(&s) {
                q.rules.push(s);
            }
        }
    }
    for q in &mut out {
        crate::order::sort_dedup(&mut q.could_add);
    }
    // Stable: questions that could change as much keep the order they are asked in.
    crate::order::sort_by_key(&mut out, |q| {
        (std::cmp::Reverse(q.could_raise_to.map(|l| l + 1).unwrap_or(0)), std::cmp::Reverse(q.could_add.len()))
    });
    out
}

/// A quick hash for the needs seen while ranking questions: a handful of
/// small numbers per need, from this evaluation, so nothing an attacker
/// chooses makes the table slow enough to need SipHash's protection (the
/// keys are field numbers and record positions, bounded by the form's limits).
#[derive(Default)]
struct Mix(u64);

impl std::hash::Hasher for Mix {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(n as u64);
    }
    fn write_u16(&mut self, n: u16) {
        self.write_u64(n as u64);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(n as u64);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// The entry for `k` in a table by small numbers, made when first asked for.
fn slot<T: Default>(table: &mut Vec<Option<T>>, k: usize) -> &mut T {
    if table.len() <= k {
        table.resize_with(k + 1, || None);
    }
    table[k].get_or_insert_with(T::default)
}

fn decide_results(p: &Declarations, rules: &[RuleResult], floors: &[RuleResult]) -> Decision {
    let mut level_by: Vec<(usize, Source)> = Vec::new();
    let mut could_rise = 0usize;
    // By action and by context: small numbers, so a table rather than a map.
    let mut actions: Vec<Option<Vec<Source>>> = Vec::new();
    let mut totals = vec![(0i64, 0i64, 0i64); p.scores.len()]; // total, min, max
    let mut score_rules: Vec<Vec<usize>> = vec![Vec::new(); p.scores.len()];
    let mut contexts: Vec<Option<(i64, Vec<usize>)>> = Vec::new();
    let mut prompts = Vec::new();
    // At most every rule: sized once rather than grown.
    let mut fired = Vec::with_capacity(p.rules.len());
    let mut undecided = Vec::with_capacity(p.rules.len() + p.floors.len());

    for (i, (rule, res)) in p.rules.iter().zip(rules).enumerate() {
        match res.status {
            Status::Fired => {
                let me = Source::Rule(i);
                if let Some(l) = rule.effects.raise {
                    level_by.push((l, me));
                }
                for &a in &rule.effects.actions {
                    slot(&mut actions, a).push(me);
                }
                let mut points = 0;
                for &(s, n) in &rule.effects.points {
                    totals[s].0 += n;
                    totals[s].1 += n;
                    totals[s].2 += n;
                    points += n.max(0);
                    score_rules[s].push(i);
                }
                let c = slot(&mut contexts, rule.context);
                c.0 += context_weight(rule.effects.raise, points);
                c.1.push(i);
                prompts.extend((0..rule.effects.prompts.len()).map(|k| (me, k)));
                fired.push(i);
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
                undecided.push(Source::Rule(i));
            }
            Status::NotFired => {}
        }
    }

    let mut fired_floors = Vec::new();
    for (i, (floor, res)) in p.floors.iter().zip(floors).enumerate() {
        match res.status {
            Status::Fired => {
                level_by.push((floor.level, Source::Floor(i)));
                fired_floors.push(i);
            }
            Status::Undecided => {
                could_rise = could_rise.max(floor.level);
                undecided.push(Source::Floor(i));
            }
            Status::NotFired => {}
        }
    }

    let mut scores = Vec::new();
    for (i, s) in p.scores.iter().enumerate() {
        let (total, min, max) = totals[i];
        let band = s.bands.iter().position(|b| b.covers(total));
        if let Some(b) = band {
            let by = Source::Band(i, b);
            let effects = &s.bands[b].effects;
            if let Some(l) = effects.raise {
                level_by.push((l, by));
            }
            for &a in &effects.actions {
                slot(&mut actions, a).push(by);
            }
            prompts.extend((0..effects.prompts.len()).map(|k| (by, k)));
        }
        // A band the total could still reach may raise the level further.
        for b in s.bands.iter().filter(|b| b.to.is_none_or(|t| t >= min) && b.from <= max) {
            if let Some(l) = b.effects.raise {
                could_rise = could_rise.max(l);
            }
        }
        scores.push(ScoreDecision {
            total,
            min,
            max,
            band,
            band_decided: band.is_some_and(|b| s.bands[b].covers(min) && s.bands[b].covers(max)),
            rules: std::mem::take(&mut score_rules[i]),
        });
    }

    let level = level_by.iter().map(|&(l, _)| l).max().unwrap_or(0);
    let set_by = level_by.iter().filter(|(l, _)| *l == level).map(|&(_, s)| s).collect();
    // A level brings the actions it requires, whatever set it (a rule, a floor
    // or a band): child protection without a strategy discussion would
    // contradict itself.
    let mut required_by_level: Vec<usize> = p.level_requires.get(level).cloned().unwrap_or_default();
    crate::order::sort_dedup(&mut required_by_level);
    for &a in &required_by_level {
        slot(&mut actions, a);
    }
    let mut contexts: Vec<ContextWeight> = contexts
        .into_iter()
        .enumerate()
        .filter_map(|(context, c)| c.map(|(weight, rules)| ContextWeight { context, weight, rules }))
        .collect();
    // Stable: contexts of equal weight keep the order of CONTEXTS.
    crate::order::sort_by_key(&mut contexts, |c| std::cmp::Reverse(c.weight));

    Decision {
        level,
        set_by,
        could_rise_to: (could_rise > level).then_some(could_rise),
        actions: actions.into_iter().enumerate().filter_map(|(a, by)| by.map(|by| (a, by))).collect(),
        required_by_level,
        scores,
        contexts,
        prompts,
        fired,
        floors: fired_floors,
        undecided,
        questions: Vec::new(),
    }
}
