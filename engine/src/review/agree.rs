//! Do two rule sets agree? The same facts written as a form for each of two
//! rule sets (a shared folder of cases: `NAME.cs.json` beside `NAME.seraf.json`)
//! are screened by both, and a case where they are more than one level apart
//! is a contradiction: one saying child protection and the other universal
//! would leave a practitioner with opposite advice. One level apart is a
//! difference to know about, not a contradiction: the sets weigh signs
//! differently by design.

use super::screen;
use super::Case;
use crate::dates::Day;
use crate::outcome::RuleSetInfo;
use crate::program::Program;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Agreement {
    pub first: RuleSetInfo,
    pub second: RuleSetInfo,
    /// Every case screened by both, in name order.
    pub cases: Vec<SharedCase>,
    /// Cases more than one level apart.
    pub contradictions: usize,
    /// Cases exactly one level apart.
    pub one_apart: usize,
    /// Files or cases that could not be compared (no form for one of the sets,
    /// two forms for one set, a form that cannot be screened), in words.
    pub problems: Vec<String>,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedCase {
    pub name: String,
    pub first_form: String,
    pub second_form: String,
    pub first_level: String,
    pub first_level_label: String,
    pub second_level: String,
    pub second_level_label: String,
    /// How many levels apart (each set's levels counted from its lowest).
    pub apart: usize,
    pub first_set_by: Vec<String>,
    pub second_set_by: Vec<String>,
}

/// One file of the shared folder: its name (`adult-partner-15.cs.json`) and text.
pub struct SharedFile {
    pub name: String,
    pub json: String,
}

/// Pair the files by case (the file name up to its first dot), give each set
/// the form written for it (a form whose answers are questions on its form),
/// and screen both on `date`.
pub fn compare<'a>(first: &'a Program, second: &'a Program, files: &[SharedFile], date: Day) -> Agreement {
    let mut problems = Vec::new();
    let mut by_case: BTreeMap<String, (Vec<&SharedFile>, Vec<&SharedFile>)> = BTreeMap::new();
    for f in files {
        let base = f.name.rsplit(['/', '\\']).next().unwrap_or(&f.name);
        let case = base.split('.').next().unwrap_or(base).to_string();
        let for_first = super::not_a_referral(&[first], &f.json).is_none();
        let for_second = super::not_a_referral(&[second], &f.json).is_none();
        match (for_first, for_second) {
            (true, false) => by_case.entry(case).or_default().0.push(f),
            (false, true) => by_case.entry(case).or_default().1.push(f),
            // Not a form for either (an index, notes): not a case.
            (false, false) => {}
            (true, true) => {
                problems.push(format!("{}: its answers are questions on both forms, so it is not clear which rule set it is for", f.name))
            }
        }
    }
    let mut cases = Vec::new();
    for (name, (a, b)) in &by_case {
        let (fa, fb) = match (a.as_slice(), b.as_slice()) {
            ([fa], [fb]) => (*fa, *fb),
            ([], _) => {
                problems.push(format!("{name}: there is no form for {}", first.info.name));
                continue;
            }
            (_, []) => {
                problems.push(format!("{name}: there is no form for {}", second.info.name));
                continue;
            }
            _ => {
                problems.push(format!("{name}: more than one form for the same rule set"));
                continue;
            }
        };
        let run = |p: &'a Program, f: &SharedFile| {
            let case = Case { name: name.clone(), origin: f.name.clone(), json: f.json.clone(), date, listed: false };
            screen(p, &case).map_err(|e| format!("{}: {e}", f.name)).and_then(|o| {
                // A wrong answer is read as blank, so the level could be too low: not a fair comparison.
                match o.form_errors.iter().find(|e| e.is_error()) {
                    Some(e) => Err(format!("{}: {} {}", f.name, e.code, e.message)),
                    None => Ok(o),
                }
            })
        };
        match (run(first, fa), run(second, fb)) {
            (Ok(oa), Ok(ob)) => cases.push(SharedCase {
                name: name.clone(),
                first_form: fa.name.clone(),
                second_form: fb.name.clone(),
                apart: oa.level.rank.abs_diff(ob.level.rank),
                first_level: oa.level.id.into_owned(),
                first_level_label: oa.level.label.into_owned(),
                second_level: ob.level.id.into_owned(),
                second_level_label: ob.level.label.into_owned(),
                first_set_by: oa.level.set_by.into_iter().map(|s| s.into_owned()).collect(),
                second_set_by: ob.level.set_by.into_iter().map(|s| s.into_owned()).collect(),
            }),
            (Err(e), _) | (_, Err(e)) => problems.push(e),
        }
    }
    let contradictions = cases.iter().filter(|c| c.apart > 1).count();
    let one_apart = cases.iter().filter(|c| c.apart == 1).count();
    let mut summary = format!(
        "{} shared case{}: {contradictions} contradict{} (more than one level apart), {one_apart} {} one level apart",
        cases.len(),
        if cases.len() == 1 { "" } else { "s" },
        if contradictions == 1 { "s" } else { "" },
        if one_apart == 1 { "is" } else { "are" }
    );
    summary += &if problems.is_empty() { ".".to_string() } else { format!("; {} could not be compared.", problems.len()) };
    Agreement { first: first.info.clone(), second: second.info.clone(), cases, contradictions, one_apart, problems, summary }
}

/// The report as a person reads it: contradictions first, then cases one level apart, then the summary.
pub fn to_text(a: &Agreement) -> String {
    let by = |v: &[String]| if v.is_empty() { String::new() } else { format!(" (set by {})", v.join(", ")) };
    let mut out = format!("Do {} and {} agree on the same facts?\n", a.first.name, a.second.name);
    for p in &a.problems {
        out += &format!("\nProblem: {p}\n");
    }
    for (heading, wanted) in [("Contradictions, more than one level apart:", true), ("One level apart:", false)] {
        let list: Vec<&SharedCase> = a.cases.iter().filter(|c| if wanted { c.apart > 1 } else { c.apart == 1 }).collect();
        if list.is_empty() {
            continue;
        }
        out += &format!("\n{heading}\n");
        for c in list {
            out += &format!(
                "  - {}: {} says {}{}; {} says {}{}\n",
                c.name,
                a.first.name,
                c.first_level_label,
                by(&c.first_set_by),
                a.second.name,
                c.second_level_label,
                by(&c.second_set_by)
            );
        }
    }
    out += &format!("\n{}\n", a.summary);
    out
}
