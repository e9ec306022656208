//! `screen bind`: a council form's saved controls read through its binding,
//! as the page does it, so a web developer and a policy lead can test the
//! binding together, in CI, without a browser. A thin layer over `api::bind`.

use screening_engine::api;
use screening_engine::binding::Bound;
use screening_engine::dates::Day;
use std::path::Path;

pub struct Args<'a> {
    pub rules: &'a Path,
    pub binding: &'a Path,
    pub controls: &'a Path,
    pub date: Day,
    pub eval: bool,
    pub json: bool,
}

/// Ok(true) when the binding has no problem (and, with `eval`, the form no wrong answer).
pub fn run(a: Args) -> Result<bool, String> {
    let src = super::read(a.rules)?;
    let compiled = match api::compile(&src) {
        Ok(c) => c,
        Err(diags) => {
            super::report(a.rules, &src, &diags);
            return Ok(false);
        }
    };
    let binding = api::read_binding(&super::read(a.binding)?).map_err(|d| format!("{}: {}", a.binding.display(), d.message))?;
    let controls = api::read_controls(&super::read(a.controls)?).map_err(|d| format!("{}: {}", a.controls.display(), d.message))?;
    let bound = compiled.rule_set.bind(&binding, &controls, a.date);
    let outcome = a.eval.then(|| compiled.rule_set.evaluate_value(&bound.form, a.date));
    if a.json {
        let out = match &outcome {
            Some(o) => serde_json::json!({ "bound": bound, "outcome": o }),
            None => serde_json::to_value(&bound).map_err(|e| e.to_string())?,
        };
        println!("{}", serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?);
    } else {
        print_bound(&bound, &compiled.rule_set.info().name, a.controls);
        if let Some(o) = &outcome {
            println!();
            super::print_outcome(o);
        }
    }
    let form_ok = outcome.is_none_or(|o| !o.form_errors.iter().any(|e| e.is_error()));
    Ok(bound.problems.is_empty() && form_ok)
}

fn print_bound(b: &Bound, rule_set: &str, controls: &Path) {
    let n = b.problems.len();
    if n == 0 {
        println!("The binding reads every answered control of {} for the rule set \"{rule_set}\": no problems.", controls.display());
    } else {
        println!("{n} problem{} binding the rule set \"{rule_set}\" to {}:", if n == 1 { "" } else { "s" }, controls.display());
        for p in &b.problems {
            println!("  - {}", p.message);
        }
    }
    if !b.given.is_empty() {
        println!("\nAnswers the binding gives (not typed on the form):");
        for g in &b.given {
            println!("  - {} = {} ({})", g.field, g.value, g.how);
        }
    }
    println!("\nThe form the rules read:");
    println!("{}", serde_json::to_string_pretty(&b.form).unwrap_or_default());
}
