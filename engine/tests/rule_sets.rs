//! The shipped rule sets in rules/, read at test time.
//!
//! - The shared cases in rules/cases/shared/ are the same facts written as a
//!   form for each of the two screening rule sets. The two sets must never
//!   contradict each other on the same facts: one saying child protection and
//!   the other universal would leave a practitioner with opposite advice. The
//!   test fails when their levels are more than one step apart.
//! - Every answer on the shipped forms is either read by a rule or marked
//!   `not screened` with a reason (no W402, no W405).
//! - The policy each screening set states is enforced on the shipped file:
//!   adding a rule that breaks it is rejected (E111).

use screening_engine::api::{self, RuleSet};
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

fn compile(file: &str) -> RuleSet {
    let source = read(&rules_dir().join(file));
    match api::compile(&source) {
        Ok(c) => c.rule_set,
        Err(d) => panic!("{file} does not compile: {d:?}"),
    }
}

/// The level's rank (0 = lowest) and id, or an error naming what went wrong.
fn level(rs: &RuleSet, form_path: &Path, date: &str) -> Result<(usize, String), String> {
    let json = read(form_path);
    let day = api::parse_date(date).ok_or_else(|| format!("bad date {date}"))?;
    let outcome = rs.evaluate_json(&json, day).map_err(|e| format!("{}: {}", form_path.display(), e.message))?;
    if !outcome.form_errors.is_empty() {
        return Err(format!("{}: form errors {:?}", form_path.display(), outcome.form_errors));
    }
    Ok((outcome.level.rank, outcome.level.id))
}

/// A contradiction between the two sets: more than one level apart, which
/// includes child protection against universal.
fn contradiction(name: &str, a: &(usize, String), b: &(usize, String)) -> Option<String> {
    (a.0.abs_diff(b.0) > 1).then(|| format!("{name}: contextual-safeguarding.rules says {} but seraf-scoring.rules says {}", a.1, b.1))
}

#[test]
fn the_two_screening_sets_agree_on_shared_cases() {
    let cs = compile("contextual-safeguarding.rules");
    let seraf = compile("seraf-scoring.rules");
    let dir = rules_dir().join("cases/shared");
    let index: Value = serde_json::from_str(&read(&dir.join("index.json"))).expect("index.json is JSON");
    let date = index["date"].as_str().expect("index.json has a date");
    let cases = index["cases"].as_array().expect("index.json lists cases");
    assert!(cases.len() >= 20, "expected at least 20 shared cases, found {}", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().expect("each case has a name");
        let a = level(&cs, &dir.join(format!("{name}.cs.json")), date);
        let b = level(&seraf, &dir.join(format!("{name}.seraf.json")), date);
        match (a, b) {
            (Ok(a), Ok(b)) => failures.extend(contradiction(name, &a, &b)),
            (Err(e), _) | (_, Err(e)) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "the rule sets contradict each other:\n{}", failures.join("\n"));
}

/// The comparison itself can fail: a child protection case against a
/// universal one is reported.
#[test]
fn a_contradiction_is_reported() {
    let cs = compile("contextual-safeguarding.rules");
    let seraf = compile("seraf-scoring.rules");
    let dir = rules_dir().join("cases/shared");
    let a = level(&cs, &dir.join("hotel-and-cars-15.cs.json"), "2026-11-20").unwrap();
    let b = level(&seraf, &dir.join("nothing-recorded-15.seraf.json"), "2026-11-20").unwrap();
    assert_eq!((a.1.as_str(), b.1.as_str()), ("child_protection", "universal"));
    let message = contradiction("mismatched", &a, &b).expect("child protection against universal is a contradiction");
    assert!(message.contains("child_protection") && message.contains("universal"), "{message}");
}

#[test]
fn every_answer_on_the_shipped_forms_is_read_or_marked_not_screened() {
    for file in ["contextual-safeguarding.rules", "seraf-scoring.rules", "language.rules"] {
        let diags = api::check(&read(&rules_dir().join(file)));
        let unread: Vec<String> = diags
            .iter()
            .filter(|d| matches!(d.code, Code::W402 | Code::W405))
            .map(|d| format!("{}:{} {}", file, d.line(), d.message))
            .collect();
        assert!(unread.is_empty(), "answers read by no rule and not marked `not screened`:\n{}", unread.join("\n"));
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

/// The top-level blocks of a rule file: (first word, name, text).
fn blocks(source: &str) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = Vec::new();
    for line in source.lines() {
        let starts = ["rule ", "floor ", "define ", "test ", "score ", "form", "levels", "actions", "policy "]
            .iter()
            .find(|w| line.starts_with(*w) && !line.starts_with("rule set"));
        if let Some(w) = starts {
            let name = line[w.len()..].split([' ', '"', '=']).find(|s| !s.is_empty()).unwrap_or("").to_string();
            out.push((w.trim().to_string(), name, String::new()));
        }
        if let Some(last) = out.last_mut() {
            last.2.push_str(line);
            last.2.push('\n');
        }
    }
    out
}

/// Numbers a title states, written as digits or words.
fn numbers_in(text: &str) -> Vec<String> {
    const WORDS: &[(&str, &str)] = &[
        ("one", "1"),
        ("two", "2"),
        ("three", "3"),
        ("four", "4"),
        ("five", "5"),
        ("six", "6"),
        ("seven", "7"),
        ("eight", "8"),
        ("nine", "9"),
        ("ten", "10"),
        ("twelve", "12"),
    ];
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter_map(|w| {
            let w = w.to_lowercase();
            if !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()) {
                Some(w)
            } else {
                WORDS.iter().find(|(word, _)| *word == w).map(|(_, d)| d.to_string())
            }
        })
        .collect()
}

fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '.').map(|s| s.trim_matches('.').to_string()).collect()
}

/// Every number a rule's or floor's title states appears in what the rule
/// actually tests: its condition, the definitions it uses, or the labels of
/// the options it names. Changing "is at least 3" to "is at least 2" without
/// changing the title "three or more times" fails here (training trial,
/// issue 13).
#[test]
fn rule_titles_state_the_thresholds_they_test() {
    let mut failures = Vec::new();
    for file in ["contextual-safeguarding.rules", "seraf-scoring.rules", "language.rules"] {
        let source = read(&rules_dir().join(file));
        let all = blocks(&source);
        let form = all.iter().find(|b| b.0 == "form").map(|b| b.2.clone()).unwrap_or_default();
        let defs: Vec<&(String, String, String)> = all.iter().filter(|b| b.0 == "define").collect();
        for (kind, id, text) in all.iter().filter(|b| b.0 == "rule" || b.0 == "floor") {
            let title_line = text.lines().next().unwrap_or("");
            let title = title_line.split('"').nth(1).unwrap_or("");
            let body: String = text
                .lines()
                .skip(1)
                .filter(|l| {
                    let t = l.trim_start();
                    !(t.starts_with("rationale") || t.starts_with("source") || t.starts_with("prompt") || t.starts_with('#'))
                })
                .collect::<Vec<_>>()
                .join("\n");
            // What the rule reads: its body, the definitions it names (and theirs), option labels.
            let mut seen = body.clone();
            let mut frontier = body.clone();
            for _ in 0..6 {
                let names = tokens(&frontier);
                frontier.clear();
                for d in &defs {
                    let short = d.1.rsplit('.').next().unwrap_or(&d.1);
                    let used = names.iter().any(|n| n == &d.1 || n.rsplit('.').next() == Some(short));
                    if used && !seen.contains(&d.2) {
                        seen.push_str(&d.2);
                        frontier.push_str(&d.2);
                    }
                }
            }
            for name in tokens(&seen) {
                for line in form.lines() {
                    let pattern = format!("{name} \"");
                    if let Some(i) = line.find(&pattern) {
                        if let Some(label) = line[i + pattern.len()..].split('"').next() {
                            seen.push_str(label);
                            seen.push('\n');
                        }
                    }
                }
            }
            let have: Vec<String> = numbers_in(&seen);
            for n in numbers_in(title) {
                if !have.contains(&n) {
                    failures.push(format!("{file}: {kind} {id} \"{title}\" states {n}, but its condition does not test {n}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "rule titles that do not match their thresholds:\n{}", failures.join("\n"));
}
