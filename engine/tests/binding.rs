//! The binding as data (engine/src/binding/), over the cases in tests/binding:
//! each folder holds a form's controls (`controls.json`), the council's binding
//! (`binding.json`) and a README saying what it shows; `expected.json` is the
//! form the rules read, every problem (kind and words), the answers the binding
//! gave, and the level the rules give that form. All bind to tests/binding/referral.rules.
//! `UPDATE_BINDING=1 cargo test -p screening-engine --test binding` writes the
//! expected files afresh: read them by hand before committing.

use screening_engine::api;
use screening_engine::dates::Day;
use std::fs;
use std::path::Path;

#[test]
fn binding_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/binding");
    let rules = fs::read_to_string(dir.join("referral.rules")).unwrap();
    let rule_set = api::compile(&rules).unwrap_or_else(|d| panic!("referral.rules does not compile: {d:?}")).rule_set;
    let date = api::parse_date("2026-11-20").unwrap();
    let mut cases: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(cases.len() >= 8, "the binding cases are missing from {}", dir.display());
    let update = std::env::var_os("UPDATE_BINDING").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let actual = run(&rule_set, case, date);
        let path = case.join("expected.json");
        if update {
            fs::write(&path, &actual).unwrap();
            continue;
        }
        match fs::read_to_string(&path) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => failures.push(format!("{}: differs\n--- expected\n{expected}\n--- actual\n{actual}", case.display())),
            Err(_) => failures.push(format!("{} is missing (run with UPDATE_BINDING=1)", path.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn run(rule_set: &api::RuleSet, case: &Path, date: Day) -> String {
    let read = |name: &str| fs::read_to_string(case.join(name)).unwrap_or_else(|e| panic!("{}: {e}", case.join(name).display()));
    let binding = api::read_binding(&read("binding.json")).unwrap_or_else(|d| panic!("{}: {}", case.display(), d.message));
    let controls = api::read_controls(&read("controls.json")).unwrap_or_else(|d| panic!("{}: {}", case.display(), d.message));
    let bound = rule_set.bind(&binding, &controls, date);
    let outcome = rule_set.evaluate_value(&bound.form, date);
    let expected = serde_json::json!({
        "form": bound.form,
        "problems": bound.problems.iter().map(|p| serde_json::json!({ "kind": p.kind, "field": p.field, "message": p.message })).collect::<Vec<_>>(),
        "given": bound.given,
        "items": bound.items,
        "formErrors": outcome.form_errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>(),
        "level": outcome.level.id,
        "setBy": outcome.level.set_by,
    });
    serde_json::to_string_pretty(&expected).unwrap() + "\n"
}

/// A binding or controls of the wrong shape is refused in words, never a panic.
#[test]
fn wrong_shapes_are_refused_in_words() {
    let e = api::read_binding(r#"{ "mapping": { "a": 3 } }"#).unwrap_err();
    assert!(e.message.starts_with("The binding could not be read"), "{}", e.message);
    let e = api::read_controls(r#"{ "controls": [{ "kind": "radio" }] }"#).unwrap_err();
    assert!(e.message.contains("missing field `name`"), "{}", e.message);
    let e = api::read_controls("[").unwrap_err();
    assert!(e.message.starts_with("The controls is not valid JSON") || e.message.starts_with("The controls"), "{}", e.message);
}

/// Any controls and any binding: bound without a panic (names with braces,
/// digits past usize, multibyte text, empty templates).
#[test]
fn odd_names_do_not_panic() {
    let rules = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/binding/referral.rules")).unwrap();
    let rule_set = api::compile(&rules).unwrap().rule_set;
    let date = api::parse_date("2026-11-20").unwrap();
    let controls = api::read_controls(
        r#"{ "controls": [
        { "name": "child[99999999999999999999999][dob]", "value": "1/1/2010" },
        { "name": "child[0][dob]-day", "value": "é" },
        { "name": "{0}", "value": "x" },
        { "name": "ü{", "kind": "checkbox", "options": [{ "value": "ü", "checked": true }] },
        { "name": "", "value": "" }
    ] }"#,
    )
    .unwrap();
    let binding = api::read_binding(
        r#"{ "mapping": { "children.date_of_birth": "child[{0}][dob]", "children.first_name": "{0}", "immediate_danger": "ü{",
        "children.found_far_from_home": { "derive": { "anyOf": [{ "name": "é[{0}]{", "is": ["x"] }] } } } }"#,
    )
    .unwrap();
    let bound = rule_set.bind(&binding, &controls, date);
    assert!(!bound.problems.is_empty());
}

/// A form as large as the limits allow items for (a thousand children, each
/// with episodes of going missing) binds in well under a second a child:
/// names are matched once per list, not once per item.
#[test]
fn many_items_bind_without_a_hang() {
    let rules = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/contextual-safeguarding.rules")).unwrap();
    let rule_set = api::compile(&rules).unwrap().rule_set;
    let date = api::parse_date("2026-11-20").unwrap();
    let mut controls = Vec::new();
    for i in 0..1000 {
        controls.push(serde_json::json!({ "name": format!("children[{i}][first_name]"), "value": format!("Child {i}") }));
        for e in 0..5 {
            controls.push(serde_json::json!({ "name": format!("children[{i}][missing_episodes][{e}][started]"), "value": "1/10/2026" }));
        }
    }
    let controls = api::read_controls(&serde_json::json!({ "controls": controls }).to_string()).unwrap();
    let started = std::time::Instant::now();
    let bound = rule_set.bind(&api::read_binding("{}").unwrap(), &controls, date);
    let took = started.elapsed();
    let form = serde_json::Value::from(&bound.form);
    let children = form["children"].as_array().map_or(0, Vec::len);
    assert_eq!(children, 1000);
    assert_eq!(form["children"][999]["missing_episodes"].as_array().map_or(0, Vec::len), 5);
    assert!(took.as_secs() < 30, "binding a thousand children took {took:?}");
}
