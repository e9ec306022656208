//! The documents people learn from must stay true: the README's ten-line
//! example compiles and its test passes, and the policy leads' guide explains
//! every diagnostic code the engine can give (and no code it cannot).

use screening_engine::{api, diagnostics::CODES};
use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel)).unwrap()
}

#[test]
fn readme_language_example_compiles_and_its_test_passes() {
    let readme = read("README.md");
    let start = readme.find("```text\n").expect("README has a ```text block") + 8;
    let end = start + readme[start..].find("```").unwrap();
    let example = &readme[start..end];
    assert_eq!(example.lines().count(), 10, "the language in ten lines");
    let compiled = api::compile(example).unwrap_or_else(|d| panic!("README example does not compile: {d:#?}"));
    let today = api::parse_date("2026-11-20").unwrap();
    let report = compiled.rule_set.run_tests(&|_| None, today);
    assert_eq!((report.passed, report.failed), (1, 0), "{report:#?}");
}

#[test]
fn guide_documents_every_code() {
    let guide = read("rules/README.md");
    let headings: Vec<&str> =
        guide.lines().filter_map(|l| l.strip_prefix("### ")).map(|h| h.split_whitespace().next().unwrap_or("")).collect();
    for (code, _) in CODES {
        assert!(headings.contains(code), "rules/README.md has no `### {code}` section");
    }
    for h in &headings {
        let looks_like_code = h.len() == 4 && h[1..].chars().all(|c| c.is_ascii_digit()) && "EWF".contains(&h[..1]);
        if looks_like_code {
            assert!(CODES.iter().any(|(c, _)| c == h), "rules/README.md documents {h}, which the engine never gives");
        }
    }
}
