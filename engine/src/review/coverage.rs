//! What a rule file's own tests exercise: for each rule and floor, whether some
//! test sees it apply and some test sees it not apply; each band of each score
//! reached; each option of a question the rules read ticked in some test. A
//! rule no test sees apply could be wrong in a way no test would notice.

use super::Case;
use crate::dates::Day;
use crate::form::{FormData, Record, Strictness, Val};
use crate::outcome::Outcome;
use crate::program::{CExpr, FieldId, FieldTy, Program, RecordId, TestFormDef};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    pub rule_set: String,
    /// Tests whose form could be screened.
    pub tests: usize,
    pub rules: Vec<RuleCoverage>,
    pub bands: Vec<BandCoverage>,
    pub options: Vec<OptionCoverage>,
    /// Tests whose form could not be read, in words (they count for nothing above).
    pub problems: Vec<String>,
    /// One line: how much is covered.
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RuleCoverage {
    pub id: String,
    pub title: String,
    /// `rule` or `floor`.
    #[cfg_attr(test, ts(type = r#""rule" | "floor""#))]
    pub kind: &'static str,
    /// Names of the tests in which it applies, does not apply, or is undecided.
    pub applies_in: Vec<String>,
    pub does_not_apply_in: Vec<String>,
    pub undecided_in: Vec<String>,
    /// True when some test sees it apply and some test sees it not apply.
    pub covered: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BandCoverage {
    pub score: String,
    pub score_label: String,
    pub band: String,
    pub band_label: String,
    pub reached_in: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OptionCoverage {
    /// The question's path in the form: `children[].place_signs`.
    pub field: String,
    /// "Child › Places, travel and transport"
    pub field_label: String,
    pub option: String,
    pub option_label: String,
    pub ticked_in: Vec<String>,
}

/// Run each test's form and record what it exercises. `files` reads a form
/// file a test names; a test whose form cannot be read is listed in `problems`.
pub fn measure(program: &Program, files: &dyn Fn(&str) -> Option<String>, today: Day) -> Coverage {
    let (cases, mut problems) = super::test_cases(program, "rule", files, today);
    let mut rules: Vec<RuleCoverage> = program
        .rules
        .iter()
        .map(|r| (r.id.clone(), r.title.clone(), "rule"))
        .chain(program.floors.iter().map(|f| (f.id.clone(), f.title.clone(), "floor")))
        .map(|(id, title, kind)| RuleCoverage {
            id,
            title,
            kind,
            applies_in: vec![],
            does_not_apply_in: vec![],
            undecided_in: vec![],
            covered: false,
        })
        .collect();
    let mut bands: Vec<BandCoverage> = program
        .scores
        .iter()
        .flat_map(|s| {
            s.bands.iter().map(move |b| BandCoverage {
                score: s.id.clone(),
                score_label: s.label.clone(),
                band: b.id.clone(),
                band_label: b.label.clone(),
                reached_in: vec![],
            })
        })
        .collect();
    let read = fields_read(program);
    let mut options: Vec<(FieldId, u32, OptionCoverage)> = Vec::new();
    for (fid, f) in program.schema.fields.iter().enumerate() {
        let opts = match &f.ty {
            FieldTy::OneOf(o) | FieldTy::SeveralOf(o) if read.contains(&fid) => o,
            _ => continue,
        };
        let (path, label) = place(program, fid);
        for (i, o) in opts.iter().enumerate() {
            options.push((
                fid,
                i as u32,
                OptionCoverage {
                    field: path.clone(),
                    field_label: label.clone(),
                    option: o.id.clone(),
                    option_label: o.label.clone(),
                    ticked_in: vec![],
                },
            ));
        }
    }
    let mut tests = 0;
    for (case, t) in cases.iter().zip(program.tests.iter().filter(|t| form_readable(t, files))) {
        let strictness = if matches!(t.form, TestFormDef::Inline(_)) { Strictness::InPlace } else { Strictness::SharedFile };
        let (outcome, data) = match screen_test(program, case, strictness) {
            Ok(x) => x,
            Err(e) => {
                problems.push(format!("The test \"{}\" ({}) cannot be screened: {e}", case.name, case.origin));
                continue;
            }
        };
        tests += 1;
        for r in &mut rules {
            let fired = outcome.fired.iter().any(|x| x.id == r.id) || outcome.floors.iter().any(|x| x.id == r.id);
            let undecided = outcome.undecided.iter().any(|x| x.id == r.id);
            let list = if fired {
                &mut r.applies_in
            } else if undecided {
                &mut r.undecided_in
            } else {
                &mut r.does_not_apply_in
            };
            list.push(case.name.clone());
        }
        for b in &mut bands {
            let hit = outcome.scores.iter().any(|s| s.id == b.score && s.band.as_ref().is_some_and(|x| x.id == b.band));
            if hit {
                b.reached_in.push(case.name.clone());
            }
        }
        let mut ticked = BTreeSet::new();
        ticks(program, &data.root, 0, &mut ticked);
        for (fid, i, o) in &mut options {
            if ticked.contains(&(*fid, *i)) {
                o.ticked_in.push(case.name.clone());
            }
        }
    }
    for r in &mut rules {
        r.covered = !r.applies_in.is_empty() && !r.does_not_apply_in.is_empty();
    }
    let options: Vec<OptionCoverage> = options.into_iter().map(|(_, _, o)| o).collect();
    let summary = format!(
        "{} of {} rules and floors seen both applying and not applying; {} of {} bands reached; {} of {} options ticked; from {} test{}.",
        rules.iter().filter(|r| r.covered).count(),
        rules.len(),
        bands.iter().filter(|b| !b.reached_in.is_empty()).count(),
        bands.len(),
        options.iter().filter(|o| !o.ticked_in.is_empty()).count(),
        options.len(),
        tests,
        if tests == 1 { "" } else { "s" }
    );
    Coverage { rule_set: program.info.name.clone(), tests, rules, bands, options, problems, summary }
}

/// `test_cases` leaves out tests whose form file cannot be read; this keeps the two lists in step.
fn form_readable(t: &crate::program::TestDef, files: &dyn Fn(&str) -> Option<String>) -> bool {
    match &t.form {
        TestFormDef::Inline(_) => true,
        TestFormDef::File(p) => files(p).is_some(),
    }
}

/// A test's form read as the test runner reads it, with the data kept for the options ticked.
fn screen_test(program: &Program, case: &Case, strictness: Strictness) -> Result<(Outcome, FormData), String> {
    let value = crate::form::parse_json(&case.json).map_err(|e| e.message)?;
    let data = crate::form::read_strict(&program.schema, &value, strictness);
    let outcome = crate::eval::evaluate(program, &data, case.date).outcome();
    Ok((outcome, data))
}

/// Every (field, option) answered in a record and the records under it.
fn ticks(program: &Program, rec: &Record, record: RecordId, out: &mut BTreeSet<(FieldId, u32)>) {
    for (slot, v) in rec.vals.iter().enumerate() {
        let Some(&fid) = program.schema.records[record].fields.get(slot) else { continue };
        match v {
            Val::Choice(i) => {
                out.insert((fid, *i));
            }
            Val::Choices { ticked: bits, .. } => {
                for i in 0..64u32 {
                    if bits & (1u64 << i) != 0 {
                        out.insert((fid, i));
                    }
                }
            }
            Val::List(items) => {
                if let FieldTy::List(r) = program.schema.fields[fid].ty {
                    for item in items {
                        ticks(program, item, r, out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// A field's path (`children[].place_signs`) and label ("Child › Places").
pub fn place(program: &Program, fid: FieldId) -> (String, String) {
    let s = &program.schema;
    let mut path = vec![s.fields[fid].name.clone()];
    let mut label = vec![s.fields[fid].label.clone()];
    let mut record = s.fields[fid].record;
    // Walk up through the lists that hold this record; nesting is capped by the checker.
    while let Some(list) = s.records.get(record).and_then(|r| r.list_field) {
        path.push(format!("{}[]", s.fields[list].name));
        label.push(s.records[record].item_label.clone());
        record = s.fields[list].record;
    }
    path.reverse();
    label.reverse();
    (path.join("."), label.join(" › "))
}

/// The fields any rule, floor, band or definition reads.
pub fn fields_read(program: &Program) -> BTreeSet<FieldId> {
    let mut out = BTreeSet::new();
    let c = &program.conditions;
    for e in c.rules.iter().chain(&c.floors).chain(&c.defs) {
        walk(e, &mut out);
    }
    out
}

pub(crate) fn walk(e: &CExpr, out: &mut BTreeSet<FieldId>) {
    match e {
        CExpr::Field { field, .. } => {
            out.insert(*field);
        }
        CExpr::Lit(_) | CExpr::Today | CExpr::Def { .. } => {}
        CExpr::And(v) | CExpr::Or(v) => v.iter().for_each(|x| walk(x, out)),
        CExpr::Not(x) | CExpr::Answered(x) => walk(x, out),
        CExpr::Compare(_, a, b) | CExpr::Arith(_, a, b) => {
            walk(a, out);
            walk(b, out);
        }
        CExpr::OneOf { value, options, .. } => {
            walk(value, out);
            options.iter().for_each(|x| walk(x, out));
        }
        CExpr::Within { value, other, .. } => {
            walk(value, out);
            walk(other, out);
        }
        CExpr::Contains { text, .. } => walk(text, out),
        CExpr::Includes { value, .. } => walk(value, out),
        CExpr::Between { from, to, .. } => {
            walk(from, out);
            walk(to, out);
        }
        CExpr::Quant { list, cond, .. } => {
            out.extend(list.steps.iter().copied());
            walk(cond, out);
        }
        CExpr::Count { list, cond } => {
            out.extend(list.steps.iter().copied());
            if let Some(c) = cond {
                walk(c, out);
            }
        }
    }
}

/// The gaps, in the file's own words; then the summary line.
pub fn to_text(c: &Coverage) -> String {
    let mut out = String::new();
    for p in &c.problems {
        out += &format!("  Problem: {p}\n");
    }
    let never: Vec<&RuleCoverage> = c.rules.iter().filter(|r| r.applies_in.is_empty()).collect();
    let always: Vec<&RuleCoverage> = c.rules.iter().filter(|r| !r.applies_in.is_empty() && r.does_not_apply_in.is_empty()).collect();
    if !never.is_empty() {
        out += "  No test sees these apply:\n";
        for r in never {
            out += &format!("    - {} ({}), a {}\n", r.id, r.title, r.kind);
        }
    }
    if !always.is_empty() {
        out += "  No test sees these not apply:\n";
        for r in always {
            out += &format!("    - {} ({}), a {}\n", r.id, r.title, r.kind);
        }
    }
    let unreached: Vec<&BandCoverage> = c.bands.iter().filter(|b| b.reached_in.is_empty()).collect();
    if !unreached.is_empty() {
        out += "  No test reaches these bands:\n";
        for b in unreached {
            out += &format!("    - {}: {} ({})\n", b.score_label, b.band_label, b.band);
        }
    }
    let unticked: Vec<&OptionCoverage> = c.options.iter().filter(|o| o.ticked_in.is_empty()).collect();
    if !unticked.is_empty() {
        out += "  No test ticks these options:\n";
        for o in unticked {
            out += &format!("    - {}: {} ({} in {})\n", o.field_label, o.option_label, o.option, o.field);
        }
    }
    out += &format!("  {}\n", c.summary);
    out
}
