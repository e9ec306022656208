//! What a policy lead needs to own a change to a rule file, built on the
//! compiled program and the tests written in it:
//! - `impact`: which cases (the tests' forms, and any referrals given) come out
//!   differently under a changed file, and which rules made each change;
//! - `coverage`: what the file's own tests exercise (rules and floors both
//!   firing and not, each condition inside them seen true and false, the
//!   boundaries of comparisons, questions answered yes, bands reached,
//!   options ticked);
//! - `signoff`: one printable page for the safeguarding partnership board;
//! - `agree`: whether two rule sets agree on a shared folder of cases.
//!
//! `api` compiles the files and calls these; the `screen` command and the
//! browser build are thin layers over `api`.

pub mod agree;
pub mod coverage;
pub mod impact;
pub mod signoff;

use crate::dates::Day;
use crate::outcome::Outcome;
use crate::program::{Program, TestFormDef};

/// One form to screen: where it came from, its JSON text, and its date.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// A name a person recognises: the test's name, or the file (and line) it came from.
    pub name: String,
    /// Where it came from, in words: "test at line 1074 of the old file", "cases/ash-lane.json".
    pub origin: String,
    pub json: String,
    pub date: Day,
    /// Listed in the report even when its outcome does not change
    /// (`Impact::listed`): a training page shows every case, a row each.
    pub listed: bool,
}

/// The forms of a program's tests as cases. `files` reads a form file named
/// in a test; a file that cannot be read is returned as an error in words,
/// so nothing is dropped silently.
pub fn test_cases(program: &Program, which: &str, files: &dyn Fn(&str) -> Option<String>, today: Day) -> (Vec<Case>, Vec<String>) {
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    for t in &program.tests {
        let origin = format!("test at line {} of the {which} file", t.line);
        let json = match &t.form {
            TestFormDef::Inline(j) => j.clone(),
            TestFormDef::File(path) => match files(path) {
                Some(text) => text,
                None => {
                    errors.push(format!("The test \"{}\" ({origin}) names the form file \"{path}\", which cannot be read", t.name));
                    continue;
                }
            },
        };
        let date = t.date.or(program.default_date).unwrap_or(today);
        cases.push(Case { name: t.name.clone(), origin, json, date, listed: false });
    }
    (cases, errors)
}

/// Why a form given to the diff is not a referral for these rule sets, or
/// None when it is one: it must be a JSON object, and when it has answers,
/// at least one of them must be a question of one of the forms. Another rule
/// set's forms, an index file or a training case's wrapper would otherwise be
/// screened as a blank referral and counted as unchanged.
pub fn not_a_referral(programs: &[&Program], json: &str) -> Option<String> {
    let value = match crate::form::parse_json(json) {
        Ok(v) => v,
        // Not JSON at all: screened, so the report names it as a case that cannot be screened.
        Err(_) => return None,
    };
    let crate::json::Json::Obj(map) = &value else {
        return Some("it is not a form: a referral is an object of answers in { }".into());
    };
    if map.is_empty() {
        return None;
    }
    let known = |key: &str| {
        programs.iter().any(|p| p.schema.records.first().is_some_and(|r| r.fields.iter().any(|&f| p.schema.fields[f].name == key)))
    };
    if map.iter().any(|(k, _)| known(k)) {
        return None;
    }
    let keys: Vec<&str> = map.iter().map(|(k, _)| k.as_str()).take(4).collect();
    let more = if map.len() > 4 { ", ..." } else { "" };
    Some(format!("none of its answers ({}{more}) is a question on this rule set's form", keys.join(", ")))
}

/// Screen a case as a real referral is screened (answers read leniently).
pub fn screen<'p>(program: &'p Program, case: &Case) -> Result<Outcome<'p>, String> {
    let value = crate::form::parse_json(&case.json).map_err(|e| e.message)?;
    let data = crate::form::read(&program.schema, &value);
    Ok(crate::eval::evaluate(program, &data, case.date).outcome())
}

/// An option that the new file's form has and the old one's did not, with
/// what reads it. A new sign often has to join a shared definition too (a
/// new risk sign left out of `child.risk_sign` let a rule say "no signs of
/// harm" beside a risk rule), so the definitions that read *other* options
/// of the same question, but not this one, are named.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct NewOption {
    /// The question's path: `children[].place_signs`.
    pub field: String,
    pub field_label: String,
    pub option: String,
    pub option_label: String,
    /// Rules, floors and definitions that read this option (definitions as `definition NAME`).
    pub read_by: Vec<String>,
    /// Definitions that read other options of this question but not this one.
    pub definitions_without_it: Vec<String>,
    /// The finding in a sentence.
    pub words: String,
}

/// Every option of a choice field in `new` that the same field in `old` does not have.
pub fn new_options(old: &Program, new: &Program) -> Vec<NewOption> {
    use crate::program::FieldTy;
    let mut out = Vec::new();
    for (fid, f) in new.schema.fields.iter().enumerate() {
        let (FieldTy::OneOf(opts) | FieldTy::SeveralOf(opts)) = &f.ty else { continue };
        let (path, label) = coverage::place(new, fid);
        let before: Vec<&str> = old
            .schema
            .fields
            .iter()
            .enumerate()
            .find(|(ofid, _)| coverage::place(old, *ofid).0 == path)
            .map(|(_, of)| match &of.ty {
                FieldTy::OneOf(o) | FieldTy::SeveralOf(o) => o.iter().map(|x| x.id.as_str()).collect(),
                _ => vec![],
            })
            .unwrap_or_default();
        for (i, o) in opts.iter().enumerate() {
            if before.contains(&o.id.as_str()) {
                continue;
            }
            let readers = option_readers(new, fid);
            let read_by: Vec<String> = readers.iter().filter(|(_, mask)| mask & (1u64 << i) != 0).map(|(n, _)| n.clone()).collect();
            let definitions_without_it: Vec<String> = readers
                .iter()
                .filter(|(n, mask)| n.starts_with("definition ") && mask & (1u64 << i) == 0 && *mask != 0)
                .map(|(n, _)| n.trim_start_matches("definition ").to_string())
                .collect();
            let mut words = format!("New option {}: {} ({} in {path}): ", label, o.label, o.id);
            words += &if read_by.is_empty() {
                "no rule, floor or definition reads it".to_string()
            } else {
                format!("read by {}", read_by.join(", "))
            };
            if !definitions_without_it.is_empty() {
                words += &format!(
                    ". The shared definition{} {} read{} other options of this question but not this one: check whether it belongs there",
                    if definitions_without_it.len() == 1 { "" } else { "s" },
                    definitions_without_it.join(", "),
                    if definitions_without_it.len() == 1 { "s" } else { "" }
                );
            }
            words.push('.');
            out.push(NewOption {
                field: path.clone(),
                field_label: label.clone(),
                option: o.id.clone(),
                option_label: o.label.clone(),
                read_by,
                definitions_without_it,
                words,
            });
        }
    }
    out
}

/// Who reads which options of a choice field: (name, bit set of options).
fn option_readers(p: &Program, field: usize) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for (r, when) in p.rules_when() {
        out.push((r.id.clone(), options_read(when, field)));
    }
    for (f, when) in p.floors_when() {
        out.push((f.id.clone(), options_read(when, field)));
    }
    for (d, expr) in p.defs_as() {
        let name = match d.record.and_then(|r| p.schema.records.get(r)) {
            Some(rec) if !rec.item.is_empty() => format!("{}.{}", rec.item, d.name),
            _ => d.name.clone(),
        };
        out.push((format!("definition {name}"), options_read(expr, field)));
    }
    out
}

/// The options of `field` a condition names, as a bit set.
fn options_read(e: &crate::program::CExpr, field: usize) -> u64 {
    use crate::program::{CExpr::*, Lit};
    let is_field = |x: &crate::program::CExpr| matches!(x, Field { field: f, .. } if *f == field);
    let choice = |x: &crate::program::CExpr| match x {
        Lit(Lit::Choice(i)) if *i < 64 => 1u64 << i,
        _ => 0,
    };
    match e {
        Includes { value, mask, .. } if is_field(value) => *mask,
        OneOf { value, options, .. } if is_field(value) => options.iter().map(choice).fold(0, |a, b| a | b),
        Compare(_, a, b) if is_field(a) => choice(b),
        Compare(_, a, b) if is_field(b) => choice(a),
        Lit(_) | Today | Field { .. } | Def { .. } => 0,
        And(v) | Or(v) => v.iter().map(|x| options_read(x, field)).fold(0, |a, b| a | b),
        Not(x) | Answered(x) => options_read(x, field),
        Compare(_, a, b) | Arith(_, a, b) => options_read(a, field) | options_read(b, field),
        OneOf { value, options, .. } => options.iter().fold(options_read(value, field), |a, x| a | options_read(x, field)),
        Within { value, other, .. } => options_read(value, field) | options_read(other, field),
        Contains { text, .. } => options_read(text, field),
        Includes { value, .. } => options_read(value, field),
        Between { from, to, .. } => options_read(from, field) | options_read(to, field),
        Quant { cond, .. } => options_read(cond, field),
        Count { cond, .. } => cond.as_ref().map_or(0, |c| options_read(c, field)),
    }
}
