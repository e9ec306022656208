//! The shipped rule sets in rules/, read at test time.
//!
//! - The shared cases in rules/cases/shared/ are the same facts written as a
//!   form for each of the two screening rule sets. The two sets must never
//!   contradict each other on the same facts: one saying child protection and
//!   the other universal would leave a practitioner with opposite advice. The
//!   test runs `screen agree`'s code (`api::agree_rule_sets`) and fails when
//!   their levels are more than one step apart.
//! - Every answer on the shipped forms is either read by a rule or marked
//!   `not screened` with a reason (no W402, no W405), and no title states a
//!   number its condition does not test (no W406).
//! - The policy each screening set states is enforced on the shipped file:
//!   adding a rule that breaks it is rejected (E111).

use screening_engine::api::{self, FormInput};
use screening_engine::diagnostics::Code;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The shared folder's forms as `screen agree` reads them.
fn shared_files() -> Vec<FormInput> {
    let dir = rules_dir().join("cases/shared");
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths.iter().map(|p| FormInput { name: p.display().to_string(), json: read(p), date: None }).collect()
}

fn shared_date() -> screening_engine::dates::Day {
    let index: Value = serde_json::from_str(&read(&rules_dir().join("cases/shared/index.json"))).expect("index.json is JSON");
    api::parse_date(index["date"].as_str().expect("index.json has a date")).unwrap()
}

/// `screen agree`'s own code, on the shipped files: no shared case more than one level apart.
#[test]
fn the_two_screening_sets_agree_on_shared_cases() {
    let cs = read(&rules_dir().join("contextual-safeguarding.rules"));
    let seraf = read(&rules_dir().join("seraf-scoring.rules"));
    let r = api::agree_rule_sets(&cs, &seraf, &shared_files(), shared_date()).unwrap();
    assert!(r.cases.len() >= 20, "expected at least 20 shared cases, found {}", r.cases.len());
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.contradictions, 0, "the rule sets contradict each other:\n{}", screening_engine::review::agree::to_text(&r));
}

/// The comparison itself can fail: a child protection case against a
/// universal one is reported, and a case with a form for one set only is a problem.
#[test]
fn a_contradiction_is_reported() {
    let cs = read(&rules_dir().join("contextual-safeguarding.rules"));
    let seraf = read(&rules_dir().join("seraf-scoring.rules"));
    let dir = rules_dir().join("cases/shared");
    let files = [
        FormInput { name: "mismatched.cs.json".into(), json: read(&dir.join("hotel-and-cars-15.cs.json")), date: None },
        FormInput { name: "mismatched.seraf.json".into(), json: read(&dir.join("nothing-recorded-15.seraf.json")), date: None },
        FormInput { name: "alone.cs.json".into(), json: read(&dir.join("hotel-and-cars-15.cs.json")), date: None },
    ];
    let r = api::agree_rule_sets(&cs, &seraf, &files, api::parse_date("2026-11-20").unwrap()).unwrap();
    assert_eq!(r.contradictions, 1, "{r:#?}");
    let c = &r.cases[0];
    assert_eq!((c.first_level.as_str(), c.second_level.as_str()), ("child_protection", "universal"));
    let text = screening_engine::review::agree::to_text(&r);
    assert!(text.contains("Contradictions, more than one level apart:\n  - mismatched:"), "{text}");
    assert_eq!(r.problems, ["alone: there is no form for SERAF-style exploitation risk score"], "{text}");
}

#[test]
fn every_answer_on_the_shipped_forms_is_read_or_marked_not_screened() {
    for file in ["contextual-safeguarding.rules", "seraf-scoring.rules", "language.rules"] {
        let diags = api::check(&read(&rules_dir().join(file)));
        let unread: Vec<String> = diags
            .iter()
            .filter(|d| matches!(d.code, Code::W402 | Code::W405 | Code::W406))
            .map(|d| format!("{}:{} {}", file, d.line(), d.message))
            .collect();
        // W406 (a title's number its condition does not test) is the checker's lint for every file now.
        assert!(
            unread.is_empty(),
            "answers read by no rule and not marked `not screened`, or titles that misstate a number:\n{}",
            unread.join("\n")
        );
        assert!(!diags.iter().any(|d| d.is_error()), "{file} has errors: {diags:?}");
    }
}

/// Each screening set states "vulnerability alone never leads to a referral"
/// as a policy; a rule that breaks it, added to the shipped file, is rejected.
#[test]
fn the_shipped_policy_rejects_a_breaking_rule() {
    let breaking = r#"
rule BREAKS_POLICY "Pressures at home sent to the front door"
  context home
  kind vulnerability
  when any child in children where child.home_signs includes family_breakdown
  then
    raise to child_in_need
    action mash_referral
  rationale "Breaks the policy on purpose."
  source "Test"
end
"#;
    let source = read(&rules_dir().join("contextual-safeguarding.rules")) + breaking;
    let diags = match api::compile(&source) {
        Ok(_) => panic!("a vulnerability rule that raises to child in need and refers to MASH was accepted"),
        Err(d) => d,
    };
    let codes: Vec<Code> = diags.iter().filter(|d| d.is_error()).map(|d| d.code).collect();
    assert_eq!(codes, [Code::E111, Code::E111], "{diags:?}");

    let breaking_seraf = r#"
rule BREAKS_POLICY "A vulnerability sent to the front door"
  context home
  kind vulnerability
  when vulnerabilities includes family_breakdown
  then
    action mash_referral
  rationale "Breaks the policy on purpose."
  source "Test"
end
"#;
    let source = read(&rules_dir().join("seraf-scoring.rules")) + breaking_seraf;
    let diags = match api::compile(&source) {
        Ok(_) => panic!("the SERAF policy accepted a vulnerability rule asking for MASH"),
        Err(d) => d,
    };
    assert!(diags.iter().any(|d| d.code == Code::E111), "{diags:?}");
}
