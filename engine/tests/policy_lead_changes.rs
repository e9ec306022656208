//! The policy lead's three changes from trial 3, replayed on the shipped
//! rule set: (a) a new missing rule (MIS7); (b) a new question with a rule
//! that reads it (weapon_for_protection, WPN1), the question added to a
//! shared definition the plain way; (c) a 16 or 17-year-old with a partner
//! five or more years older and another sign of sexual exploitation (PEER6,
//! with its shared definition, and PEER5 retitled). The diff must separate
//! the cases that only wait for the new question from the cases that really
//! move, and name every rule that newly applies, even where the level and the
//! actions stay the same.

use screening_engine::api::{self, FormInput};
use std::path::{Path, PathBuf};

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules")
}

fn beside(rel: &str) -> Option<String> {
    std::fs::read_to_string(rules_dir().join(rel)).ok()
}

/// The shipped file with the three changes made as the policy lead made them.
pub fn changed() -> String {
    let src = std::fs::read_to_string(rules_dir().join("contextual-safeguarding.rules")).unwrap();
    let field = "        offending \"Offending, or known to the youth justice service\")\n";
    assert!(src.contains(field), "the crime_signs question moved: update this replay");
    let src = src.replacen(
        field,
        &format!("{field}    field weapon_for_protection \"Says they need a knife or other weapon for protection\": yes or no\n"),
        1,
    );
    let strong = "    or child.crime_signs includes any of (carrying_weapon, drugs_found)\n";
    assert!(src.contains(strong), "child.strong_risk_sign moved: update this replay");
    let src = src.replacen(strong, &format!("{strong}    or child.weapon_for_protection\n"), 1);
    let rules = r#"
rule MIS7 "Missing two or more times in 30 days, at least once overnight"
  context neighbourhood
  kind risk
  when any child in children where (
    child.missing_last_30_days is at least 2
    and any episode in child.missing_episodes where (
      episode.started is within 30 days before referral_date
      and days from episode.started to episode.ended is at least 1))
  then
    raise to child_protection
    action strategy_discussion
  rationale "Repeated going missing with a night away is a strong sign of exploitation."
  source "Statutory guidance on children who run away or go missing from home or care (DfE, 2014)"
end

rule WPN1 "Says they need a knife or other weapon for protection"
  context individual
  kind risk
  when any child in children where child.weapon_for_protection
  then
    raise to child_in_need
    action police_intelligence
  rationale "A child who feels they need a weapon is afraid of someone."
  source "Serious Violence Strategy (Home Office, 2018)"
end
"#;
    // (c) PEER5 retitled, and PEER6 with the signs the policy lead listed.
    let peer5 = "rule PEER5 \"A 16 or 17-year-old with a much older partner\"";
    assert!(src.contains(peer5), "PEER5 moved: update this replay");
    let src = src.replacen(peer5, "rule PEER5 \"A 16 or 17-year-old with a partner five or more years older\"", 1);
    let partner = r#"
define child.other_sexual_exploitation_sign "Another sign of sexual exploitation" =
    child.online_signs includes any of (secretive_contact, several_phones)
    or child.harm_experienced includes any of (sexual_exploitation, sexual_assault, image_abuse_by_adult)
    or child.money_signs includes any of (unexplained_money, unexplained_goods)
    or child.peer_signs includes older_friends
    or child.found_far_away

rule PEER6 "A 16 or 17-year-old with a partner five or more years older, and another sign of sexual exploitation"
  context peer_group
  kind risk
  when any child in children where (
    child.adult_partner and child.age is at least 16 and child.age is at most 17
    and child.other_sexual_exploitation_sign)
  then
    raise to child_protection
    action strategy_discussion
  rationale "An older partner together with another sign of sexual exploitation is reasonable cause to suspect significant harm."
  source "Child sexual exploitation: definition and guide for practitioners (DfE, 2017)"
end
"#;
    format!("{src}\n{rules}\n{partner}")
}

/// A referral for change (c): 17, a partner of 22, and secretive contact online.
fn partner_referral() -> FormInput {
    FormInput {
        name: "A 17-year-old with a 22-year-old partner and secretive contact".into(),
        json: r#"{"referral_type": "individual", "received": "2026-11-20",
          "children": [{"first_name": "Q", "date_of_birth": "2009-03-15", "has_partner": true, "partner_age": 22,
            "online_signs": ["secretive_contact"]}]}"#
            .into(),
        date: None,
    }
}

fn training_cases() -> Vec<FormInput> {
    let mut out = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(rules_dir().join("cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    for p in paths {
        out.push(FormInput { name: p.display().to_string(), json: std::fs::read_to_string(&p).unwrap(), date: None });
    }
    out
}

#[test]
fn the_diff_separates_waiting_for_the_new_question_from_real_moves() {
    let old = std::fs::read_to_string(rules_dir().join("contextual-safeguarding.rules")).unwrap();
    let new = changed();
    assert!(api::check(&new).iter().all(|d| !d.is_error()), "the replayed file compiles");
    let day = api::parse_date("2026-11-20").unwrap();
    let mut given = training_cases();
    given.push(partner_referral());
    // (b) A referral made on the new form, with the new question answered yes.
    given.push(FormInput {
        name: "A 15-year-old who says they need a knife for protection".into(),
        json: r#"{"referral_type": "individual", "received": "2026-11-20",
          "children": [{"first_name": "R", "date_of_birth": "2011-05-01", "weapon_for_protection": true}]}"#
            .into(),
        date: None,
    });
    let r = api::diff_rule_sets(&old, &new, &beside, &beside, &given, day).unwrap();
    let text = screening_engine::review::impact::to_text(&r);
    // One line for the new question, with its count of waiting cases.
    assert_eq!(r.new_questions.len(), 1, "{text}");
    let q = &r.new_questions[0];
    assert_eq!(q.field, "children[].weapon_for_protection");
    assert!(q.waiting_cases.len() > 20, "{text}");
    let line = format!("{} cases now wait for '{}'", q.waiting_cases.len(), q.label);
    assert!(text.contains(&line), "no line \"{line}\" in:\n{text}");
    // None of those cases is listed as moving unless something else moved.
    for c in &r.changed {
        let only_waits = c.changes.iter().all(|x| x.kind == "waitsForNewQuestion");
        if only_waits {
            assert!(!text.contains(&format!("\n{} (", c.name)), "{} is listed as a move:\n{text}", c.name);
        }
    }
    // Ash Lane station now meets MIS7 though its level stays: the diff says so.
    let ash = r.changed.iter().find(|c| c.name.ends_with("ash-lane-station.json")).expect("Ash Lane station changes");
    assert!(ash.changes.iter().any(|x| x.kind == "applies" && x.rules == ["MIS7"]), "{:#?}", ash.changes);
    assert!(text.contains("Now applies: MIS7 (Missing two or more times in 30 days, at least once overnight)"), "{text}");
    // Every rule that newly applies in any case is named in that case's changes.
    for c in &r.changed {
        for id in c.after.fired.iter().filter(|id| !c.before.fired.contains(id)) {
            assert!(c.changes.iter().any(|x| x.kind == "applies" && x.rules.contains(id)), "{}: {id} not named", c.name);
        }
    }
    // (c) The partner referral moves to child protection, and PEER6 is named as newly applying.
    let partner =
        r.changed.iter().find(|c| c.name == partner_referral().name).unwrap_or_else(|| panic!("the partner referral moves:\n{text}"));
    assert!(partner.changes.iter().any(|x| x.kind == "applies" && x.rules.contains(&"PEER6".to_string())), "{:#?}", partner.changes);
    assert!(partner.changes.iter().any(|x| x.kind == "level" && x.after.as_deref() == Some("child_protection")), "{:#?}", partner.changes);
    assert!(
        text.contains(
            "Now applies: PEER6 (A 16 or 17-year-old with a partner five or more years older, and another sign of sexual exploitation)"
        ),
        "{text}"
    );
    // Each of the three changes' new rules is named where it newly applies.
    for id in ["MIS7", "WPN1", "PEER6"] {
        assert!(
            r.changed.iter().any(|c| c.changes.iter().any(|x| x.kind == "applies" && x.rules.iter().any(|r| r == id))),
            "{id}:\n{text}"
        );
    }
    // The shared definitions that list other yes/no answers about the child are named.
    assert!(q.read_by.iter().any(|r| r == "WPN1"), "{q:?}");
}

#[test]
fn undecided_in_the_diff_says_what_it_waits_for() {
    let old = std::fs::read_to_string(rules_dir().join("contextual-safeguarding.rules")).unwrap();
    let new = changed();
    let day = api::parse_date("2026-11-20").unwrap();
    let blank_answer =
        r#"{"received": "2026-11-20", "children": [{"first_name": "Q", "date_of_birth": "2011-01-01", "weapon_for_protection": null}]}"#;
    let forms = [FormInput { name: "asked but blank".into(), json: blank_answer.into(), date: None }];
    let r = api::diff_rule_sets(&old, &new, &beside, &beside, &forms, day).unwrap();
    // Asked and left blank is not "not asked": the case is a real change and says which answer it waits for.
    let c = r.changed.iter().find(|c| c.name == "asked but blank").expect("the form changes");
    let w = c.changes.iter().find(|x| x.kind == "undecidedAdded" && x.rules == ["WPN1"]).expect("WPN1 is now undecided");
    assert!(w.words.contains("waiting for: Child 1 › Says they need a knife or other weapon for protection"), "{}", w.words);
}
