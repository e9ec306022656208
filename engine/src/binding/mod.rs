//! The binding: a council's own form read into the answers a rule set reads,
//! checked both ways. The page (or `screen bind`) collects the controls' raw
//! values and labels; everything else happens here, once, for the authoring
//! engine, the compiled runtime and the CLI alike.
//!
//! Steps, in order (each its own file):
//! - `input`: the shapes handed over (controls, binding) and given back (form, problems);
//!   `parse` reads the first two from JSON data.
//! - `names`: the schema's fields and lists, and the control names each may go by.
//! - `read`: the controls' values coerced to the field's type and assembled into the form.
//! - `derive`: per-item answers computed from the item's own controls.
//! - `supply`: fixed answers and fallbacks.
//! - `check`: the binding checked both ways, every problem in words.
//!
//! Imports only downward: the program's schema and header, dates, diagnostics' wording.

pub mod check;
pub mod derive;
pub mod input;
pub mod names;
pub mod parse;
pub mod read;
pub mod supply;

pub use input::{Binding, Bound, Choice, Control, Controls, Kind, Mapped, Pinned, Problem};

use crate::dates::Day;
use crate::json::Json as Value;
use crate::program::Declarations;

/// Read a form's controls through a binding, for one rule set. `today` is the
/// date screened on (for a fallback `{ "today": true }`). Never fails: every
/// mistake in the binding or the form is a problem in the result.
pub fn bind(program: &Declarations, binding: &Binding, controls: &Controls, today: Day) -> Bound {
    // The rule set this binding was written for: any other is refused, the
    // form read as empty, so no level is claimed on the wrong rules.
    if let Some(problem) = pinned_problem(program, binding) {
        return Bound { form: Value::Obj(Vec::new()), problems: vec![problem], nothing_bound: true, ..Default::default() };
    }
    let schema = &program.schema;
    let (leaves, lists) = names::collect(schema, binding);
    // One entry per name; a repeated name keeps its first (the page groups them).
    let mut by_name: read::ByName = Default::default();
    for c in &controls.controls {
        by_name.entry(c.name.as_str()).or_insert(c);
    }
    let mut r = read::read_form(schema, binding, &leaves, &lists, &by_name);

    let derives: Vec<(&str, &derive::Derive)> =
        binding.mapping.iter().filter_map(|(path, m)| m.more().and_then(|m| m.derive.as_ref()).map(|d| (path.as_str(), d))).collect();
    let mut derive_problems = Vec::new();
    let mut given = Vec::new();
    for (path, rule) in &derives {
        let Some(leaf) = leaves.iter().find(|l| &l.path == path) else { continue };
        if let Some(p) = rule.problem(path, &schema.fields[leaf.field]) {
            derive_problems.push(p);
            continue;
        }
        let parts: Vec<&str> = path.split('.').collect();
        apply_derived(&mut r.form, &r.items, &parts, "", "", &[], rule, &by_name, &mut given);
    }

    let known = |p: &str| leaves.iter().any(|l| l.path == p);
    given.extend(supply::supply(&mut r.form, &binding.answers, &binding.fallbacks, &known, today));

    // A derived field counts as bound, and the controls its rule reads as read.
    let derived: Vec<(String, Vec<String>)> =
        derives.iter().map(|(p, d)| ((*p).to_owned(), d.templates().into_iter().map(str::to_owned).collect())).collect();
    let mut checked = check::check(schema, binding, &leaves, &lists, &controls.controls, &by_name, &derived);
    checked.problems.extend(derive_problems);
    Bound {
        form: r.form,
        problems: checked.problems,
        items: r.items,
        given,
        not_collected: checked.not_collected,
        nothing_bound: checked.nothing_bound,
    }
}

fn pinned_problem(program: &Declarations, binding: &Binding) -> Option<Problem> {
    let pinned = binding.rule_set.as_ref()?;
    let info = &program.info;
    let name_ok = info.name == pinned.name;
    let version_ok = pinned.version.is_none() || info.version == pinned.version;
    if name_ok && version_ok {
        return None;
    }
    let want = format!("\"{}\"{}", pinned.name, pinned.version.as_ref().map(|v| format!(" version {v}")).unwrap_or_default());
    let got = format!("\"{}\"{}", info.name, info.version.as_ref().map(|v| format!(" version {v}")).unwrap_or_default());
    Some(Problem::new(
        "wrong-rule-set",
        "",
        format!("This form's binding was written for the rule set {want}, but the file loaded is {got}. Serve the rule set the binding was written for, or update the binding (and its ruleSet) for this one."),
    ))
}

/// Set a derived field in every item read, filling `{k}` with the item's form positions.
#[allow(clippy::too_many_arguments)]
fn apply_derived(
    record: &mut Value,
    items: &crate::json::Map<Vec<usize>>,
    parts: &[&str],
    key: &str,
    at: &str,
    indices: &[usize],
    rule: &derive::Derive,
    by_name: &read::ByName,
    given: &mut Vec<input::Given>,
) {
    if !record.is_object() {
        return;
    }
    let (name, rest) = (parts[0], &parts[1..]);
    let here = if at.is_empty() { name.to_owned() } else { format!("{at}.{name}") };
    if rest.is_empty() {
        if let Some(v) = rule.value(by_name, indices) {
            record.insert(name.to_owned(), v.clone());
            given.push(input::Given { field: here, value: v, how: "derived".into() });
        }
        return;
    }
    let list_key = format!("{key}{name}");
    let Some(positions) = items.get(&list_key) else { return };
    if let Some(Value::Arr(list)) = record.get_mut(name) {
        for (k, item) in list.iter_mut().enumerate() {
            let Some(&pos) = positions.get(k) else { continue };
            let inner = [indices, &[pos]].concat();
            apply_derived(item, items, rest, &format!("{list_key}.{k}."), &format!("{here}[{k}]"), &inner, rule, by_name, given);
        }
    }
}
