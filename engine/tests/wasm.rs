//! The Wasm build in headless Chromium (wasm-bindgen-test): the conformance
//! corpus gives the same bytes as native, and bad JavaScript values give clean
//! errors without breaking the instance.
//!
//! Run by tests/e2e/run.sh, which first writes the corpus list that this file
//! includes (target/wasm-test-corpus.rs) and then runs
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown
//!  -p screening-engine --no-default-features --features authoring --test wasm`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Object, Proxy, Reflect, JSON};
use screening_engine::wasm;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DATE: &str = "2026-11-20";

// CASES: (name, rule file, form JSON, expected outcome), and
// DIAGNOSTICS: (name, rule file, expected diagnostics JSON); written by tests/e2e/run.sh.
include!(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/wasm-test-corpus.rs"));

fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

fn pretty(v: &JsValue) -> String {
    let text = JSON::stringify_with_replacer_and_space(v, &JsValue::NULL, &JsValue::from_f64(2.0)).expect("stringify");
    String::from(text) + "\n"
}

fn error_code(e: &JsValue) -> String {
    Reflect::get(e, &s("code")).ok().and_then(|c| c.as_string()).unwrap_or_default()
}

#[wasm_bindgen_test]
fn corpus_outcomes_match_native_byte_for_byte() {
    assert!(CASES.len() >= 10, "the corpus list is empty");
    let mut failures = Vec::new();
    for (name, rules, form, expected) in CASES {
        let rs = match wasm::compile(s(rules)) {
            Ok(rs) => rs,
            Err(_) => {
                failures.push(format!("{name}: does not compile"));
                continue;
            }
        };
        let actual = match rs.evaluate(s(form), s(DATE)) {
            Ok(outcome) => {
                let as_object = pretty(&outcome);
                let as_json = rs.evaluate_to_json(s(form), s(DATE)).map(|t| t + "\n").unwrap_or_default();
                if as_object != as_json {
                    failures.push(format!("{name}: the object and the JSON text differ"));
                }
                as_object
            }
            Err(e) => {
                let diags = Reflect::get(&e, &s("diagnostics")).unwrap_or(JsValue::NULL);
                pretty(&Array::from(&diags).get(0))
            }
        };
        if actual != *expected {
            failures.push(format!("{name} differs:\n--- expected\n{expected}\n--- actual\n{actual}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}

#[wasm_bindgen_test]
fn corpus_diagnostics_match() {
    let mut failures = Vec::new();
    for (name, rules, expected) in DIAGNOSTICS {
        let diags = wasm::check(s(rules)).expect("check never throws for a string");
        #[derive(serde::Serialize, serde::Deserialize)]
        struct Expected {
            code: String,
            severity: String,
            line: usize,
            column: usize,
        }
        let list: Vec<Expected> = serde_json::from_str(&String::from(JSON::stringify(&diags).unwrap())).unwrap();
        let actual = serde_json::to_string_pretty(&list).unwrap() + "\n";
        if actual != *expected {
            failures.push(format!("{name}:\n--- expected\n{expected}\n--- actual\n{actual}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn example() -> (wasm::RuleSet, &'static str) {
    let (_, rules, form, _) = CASES.iter().find(|c| c.0 == "example.found-out-of-area").expect("example case");
    (wasm::compile(s(rules)).expect("example compiles"), form)
}

#[wasm_bindgen_test]
fn bad_values_give_clean_errors_and_the_instance_keeps_working() {
    let (rs, form) = example();
    let good = rs.evaluate_to_json(s(form), s(DATE)).expect("good form");

    // A cycle.
    let cycle = Object::new();
    Reflect::set(&cycle, &s("self"), &cycle).unwrap();
    // A proxy whose every trap throws, and a revoked proxy.
    let thrower = Function::new_no_args("throw new Error('trap')");
    let handler = Object::new();
    for trap in ["get", "ownKeys", "getOwnPropertyDescriptor", "has", "getPrototypeOf"] {
        Reflect::set(&handler, &s(trap), &thrower).unwrap();
    }
    let proxy = Proxy::new(&Object::new(), &handler);
    let revocable = Proxy::revocable(&Object::new(), &Object::new());
    let revoked = Reflect::get(&revocable, &s("proxy")).unwrap();
    Reflect::get(&revocable, &s("revoke")).unwrap().unchecked_into::<Function>().call0(&JsValue::NULL).unwrap();
    // A BigInt.
    let bigint = Object::new();
    Reflect::set(&bigint, &s("n"), &js_sys::BigInt::from(10u32).into()).unwrap();
    // An array nested 200,000 deep.
    let top = Array::new();
    let mut cur = top.clone();
    for _ in 0..200_000 {
        let next = Array::new();
        cur.push(&next);
        cur = next;
    }
    // Too large.
    let huge = Object::new();
    Reflect::set(&huge, &s("narrative"), &s(&"x".repeat(3 * 1024 * 1024))).unwrap();

    let bad: Vec<(&str, JsValue)> = vec![
        ("cycle", cycle.into()),
        ("throwing proxy", proxy.into()),
        ("revoked proxy", revoked),
        ("bigint", bigint.into()),
        ("deep array", top.into()),
        ("too large", huge.into()),
        ("undefined", JsValue::UNDEFINED),
        ("function", thrower.clone().into()),
        ("not JSON", s("{\"a\":")),
    ];
    for (what, value) in bad {
        let err = rs.evaluate(value, s(DATE)).err().unwrap_or_else(|| panic!("{what}: should be refused"));
        assert!(err.is_instance_of::<js_sys::Error>(), "{what}: an Error");
        assert_eq!(error_code(&err), "F005", "{what}");
        assert_eq!(rs.evaluate_to_json(s(form), s(DATE)).unwrap(), good, "after {what}, the same outcome");
    }
    // JSON that is not a form: screened, with a form error.
    for value in [JsValue::NULL, JsValue::from_f64(42.0), s("\"text\""), Array::new().into()] {
        let outcome = rs.evaluate(value, s(DATE)).expect("screened");
        assert!(Reflect::get(&outcome, &s("formErrors")).unwrap().is_object());
    }
    // Bad dates and sources.
    for date in [s("2026-02-30"), JsValue::from_f64(1.0), JsValue::UNDEFINED] {
        assert_eq!(error_code(&rs.evaluate(s(form), date).unwrap_err()), "E_ARGUMENT");
    }
    for source in [JsValue::NULL, JsValue::from_f64(1.0), Object::new().into()] {
        assert_eq!(error_code(&wasm::compile(source).err().unwrap()), "E_ARGUMENT");
    }
    assert_eq!(error_code(&rs.run_tests(s("nope"), s(DATE)).unwrap_err()), "E_ARGUMENT");
    assert_eq!(rs.evaluate_to_json(s(form), s(DATE)).unwrap(), good);
    assert!(wasm::compile(s(CASES[0].1)).is_ok(), "compile still works");
}

#[wasm_bindgen_test]
fn compile_errors_carry_every_diagnostic() {
    let err = wasm::compile(s("rule set \"x\"\nlevels\n  a \"A\"\nend\nrule R \"r\"\n  context nowhere\n  kind bad\n  when y is yes\n  then raise to b\n  rationale \"r\"\n  source \"s\"\nend\n"))
        .err()
        .expect("does not compile");
    let diags = Array::from(&Reflect::get(&err, &s("diagnostics")).unwrap());
    assert!(diags.length() >= 3, "every error, not just the first");
    for d in diags.iter() {
        for key in ["code", "severity", "message", "help", "line", "column", "endLine", "endColumn"] {
            assert!(Reflect::has(&d, &s(key)).unwrap(), "diagnostic has {key}");
        }
    }
}
