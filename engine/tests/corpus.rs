//! The conformance corpus in tests/corpus, run natively. The same files are run
//! through the Wasm build (tests/e2e), which must give the same bytes.
//!
//! - `eval/NAME.rules` with `eval/NAME.CASE.form.json` -> `eval/NAME.CASE.outcome.json`
//!   (evaluated on 2026-11-20, pretty JSON as `screen eval --json` prints it);
//! - `diagnostics/NAME.rules` -> `diagnostics/NAME.expected.json`: the codes and
//!   positions `screen check` reports.
//!
//! `UPDATE_CORPUS=1 cargo test --test corpus` writes the expected files afresh;
//! review the diff before committing it.

use screening_engine::api;
use std::fs;
use std::path::{Path, PathBuf};

const CORPUS_DATE: &str = "2026-11-20";

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus")
}

fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    v.sort();
    v
}

fn compare_or_update(expected_path: &Path, actual: &str, failures: &mut Vec<String>) {
    if std::env::var_os("UPDATE_CORPUS").is_some() {
        fs::write(expected_path, actual).unwrap();
        return;
    }
    match fs::read_to_string(expected_path) {
        Ok(expected) if expected == actual => {}
        Ok(expected) => failures.push(format!("{} differs:\n--- expected\n{expected}\n--- actual\n{actual}", expected_path.display())),
        Err(_) => failures.push(format!("{} is missing (run with UPDATE_CORPUS=1 to create it)", expected_path.display())),
    }
}

#[test]
fn eval_corpus() {
    let dir = corpus().join("eval");
    let date = api::parse_date(CORPUS_DATE).unwrap();
    let mut failures = Vec::new();
    let mut cases = 0;
    for rules in files(&dir, ".rules") {
        let src = fs::read_to_string(&rules).unwrap();
        let compiled = match api::compile(&src) {
            Ok(c) => c,
            Err(d) => {
                failures.push(format!("{}: {:?}", rules.display(), d));
                continue;
            }
        };
        let stem = rules.file_stem().unwrap().to_string_lossy().to_string();
        for form in files(&dir, ".form.json") {
            let name = form.file_name().unwrap().to_string_lossy().to_string();
            let Some(case) = name.strip_prefix(&format!("{stem}.")).and_then(|n| n.strip_suffix(".form.json")) else {
                continue;
            };
            cases += 1;
            let text = fs::read_to_string(&form).unwrap();
            let actual = match compiled.rule_set.evaluate_json(&text, date) {
                Ok(o) => serde_json::to_string_pretty(&o).unwrap() + "\n",
                Err(e) => serde_json::to_string_pretty(&e).unwrap() + "\n",
            };
            compare_or_update(&dir.join(format!("{stem}.{case}.outcome.json")), &actual, &mut failures);
        }
    }
    assert!(cases > 0, "no corpus cases found");
    assert!(failures.is_empty(), "{} of {cases} cases failed:\n{}", failures.len(), failures.join("\n\n"));
}

#[derive(serde::Serialize)]
struct Expected<'a> {
    code: &'a str,
    severity: screening_engine::diagnostics::Severity,
    line: usize,
    column: usize,
}

#[test]
fn diagnostics_corpus() {
    let dir = corpus().join("diagnostics");
    let mut failures = Vec::new();
    let mut seen_codes = std::collections::BTreeSet::new();
    for rules in files(&dir, ".rules") {
        let src = fs::read_to_string(&rules).unwrap();
        let diags = api::check(&src);
        let list: Vec<Expected> =
            diags.iter().map(|d| Expected { code: d.code.as_str(), severity: d.severity, line: d.line(), column: d.column() }).collect();
        for d in &diags {
            seen_codes.insert(d.code.as_str());
            assert!(!d.message.is_empty(), "{}: empty message", rules.display());
            assert!(d.line() > 0 && d.column() > 0, "{}: {} has no position", rules.display(), d.code);
        }
        let actual = serde_json::to_string_pretty(&list).unwrap() + "\n";
        let stem = rules.file_stem().unwrap().to_string_lossy().to_string();
        compare_or_update(&dir.join(format!("{stem}.expected.json")), &actual, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // Every rule-file code the engine can give has at least one case (form codes are covered in eval/).
    use screening_engine::diagnostics::{About, Code};
    let missing: Vec<&str> =
        Code::ALL.iter().filter(|c| c.about() == About::RuleFile).map(|c| c.as_str()).filter(|c| !seen_codes.contains(c)).collect();
    assert!(missing.is_empty(), "no diagnostics corpus case gives {missing:?}");
}
