//! The policy lead's review tools through `api`, the surface the `screen`
//! command and the browser build share: impact of a change, coverage, and the
//! sign-off document. The command itself is tried in tests/cli.

use screening_engine::api::{self, FormInput};
use screening_engine::review::impact as api_change;
use std::path::Path;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cli/fixtures").join(name)).unwrap()
}

fn day() -> screening_engine::dates::Day {
    api::parse_date("2026-11-20").unwrap()
}

fn none(_: &str) -> Option<String> {
    None
}

#[test]
fn an_unchanged_file_changes_no_case() {
    let src = fixture("impact-new.rules");
    let forms = [FormInput { name: "a".into(), json: r#"{"seen_at_trap_house": true}"#.into(), date: None }];
    let r = api::diff_rule_sets(&src, &src, &none, &none, &forms, day()).unwrap();
    assert_eq!((r.cases, r.changed.len(), r.unchanged), (3, 0, 3), "{r:#?}");
    assert_eq!(r.summary, "0 of 3 cases change.");
}

#[test]
fn each_change_names_the_rules_behind_it() {
    let r = api::diff_rule_sets(&fixture("impact-old.rules"), &fixture("impact-new.rules"), &none, &none, &[], day()).unwrap();
    let twice = r.changed.iter().find(|c| c.name == "Missing twice").expect("the threshold change moves this case");
    let level = twice.changes.iter().find(|c| c.kind == "level").unwrap();
    assert_eq!((level.before.as_deref(), level.after.as_deref()), (Some("universal"), Some("child_in_need")));
    assert!(level.rules.contains(&"MIS2".to_string()), "{level:?}");
    let close = r.changed.iter().flat_map(|c| &c.changes).find(|c| c.kind == "topContextClose").expect("a near tie is reported");
    assert_eq!((close.before.as_deref(), close.after.as_deref()), (Some("4"), Some("1")));
}

#[test]
fn a_form_that_is_not_json_is_a_problem_not_a_silence() {
    let src = fixture("impact-new.rules");
    let forms = [FormInput { name: "broken.json".into(), json: "{".into(), date: None }];
    let r = api::diff_rule_sets(&src, &src, &none, &none, &forms, day()).unwrap();
    assert_eq!(r.problems.len(), 1);
    assert!(r.problems[0].starts_with("broken.json (a form given) cannot be screened"), "{:?}", r.problems);
    assert!(r.summary.ends_with("1 case could not be screened: each is named in the report."), "{}", r.summary);
}

#[test]
fn a_file_with_errors_says_which() {
    let e = api::diff_rule_sets(&fixture("impact-old.rules"), &fixture("e306.rules"), &none, &none, &[], day()).unwrap_err();
    assert_eq!(e.which, "new");
    assert!(e.diagnostics.iter().any(|d| d.code.as_str() == "E306"));
}

#[test]
fn coverage_sees_rules_both_ways_bands_and_options() {
    let rs = api::compile(&fixture("coverage.rules")).unwrap().rule_set;
    let c = rs.coverage(&none, day());
    let r1 = c.rules.iter().find(|r| r.id == "R1").unwrap();
    assert!(r1.covered && r1.applies_in == ["Worried"], "{r1:?}");
    let young = c.rules.iter().find(|r| r.id == "YOUNG").unwrap();
    assert_eq!((young.kind, young.covered, young.applies_in.len()), ("floor", false, 0));
    let high = c.bands.iter().find(|b| b.band == "high").unwrap();
    assert!(high.reached_in.is_empty());
    let hotel = c.options.iter().find(|o| o.option == "hotel").unwrap();
    assert_eq!((hotel.field.as_str(), hotel.field_label.as_str()), ("children[].place_signs", "Child › Places"));
    assert_eq!(hotel.ticked_in, ["Not worried, at a hotel"]);
    assert_eq!(
        c.summary,
        "Rules and floors: 1 of 3 seen both applying and not applying. Conditions: 1 of 3 seen both true and false. \
         Boundaries: 0 of 1 tested on both sides. Yes or no questions never answered yes: 0 of 1. \
         Bands: 1 of 2 reached. Options: 1 of 3 ticked. From 2 tests."
    );
}

/// Every rule applies in one test and not in another, and still the tests
/// miss a condition never false, a boundary tested on one side only and a
/// question never answered yes: coverage names each, with its line and words.
#[test]
fn coverage_sees_conditions_boundaries_and_questions() {
    let rs = api::compile(&fixture("coverage-conditions.rules")).unwrap().rule_set;
    let c = rs.coverage(&none, day());
    assert!(c.rules.iter().all(|r| r.covered), "{:?}", c.rules);
    let find =
        |text: &str| c.conditions.iter().find(|x| x.text == text).unwrap_or_else(|| panic!("no condition `{text}` in {:#?}", c.conditions));

    let answered = find("child.times_missing is answered");
    assert_eq!((answered.line, answered.within.as_str(), answered.covered), (34, "rule WPN1", false));
    assert_eq!((answered.true_in, answered.false_in), (2, 0));
    assert_eq!(answered.words, "was never false in a test");

    let weapon = find("child.carrying_weapon");
    assert_eq!((weapon.true_in, weapon.false_in, weapon.words.as_str()), (0, 3, "was never true in a test"));

    // Three values: the school was not asked in one test, so that test saw it neither true nor false.
    let school = find("child.worried_school");
    assert_eq!((school.true_in, school.false_in, school.unknown_in, school.covered), (1, 1, 1, true));

    let twice = find("child.times_missing is at least 2");
    assert_eq!((twice.within.as_str(), twice.line, twice.covered), ("definition child.missing_often", 20, true));
    let edge = twice.boundary.as_ref().expect("`at least` has a boundary");
    assert_eq!((edge.holds_at.as_str(), edge.fails_at.as_str(), edge.holds_in, edge.fails_in), ("2", "1", 1, 0));
    assert_eq!(edge.words, "no test at 1 (just the other side, where it does not hold)");

    let recent = find("child.last_missing is within 30 days before referral_date");
    let edge = recent.boundary.as_ref().expect("`within` has a boundary");
    assert!(edge.covered && edge.holds_in == 1 && edge.fails_in == 1, "{edge:?}");
    assert_eq!(edge.holds_at, "exactly 30 days before `referral_date`");

    assert!(find("child.missing_often").boundary.is_none(), "a yes or no definition has no boundary");
    let never_yes: Vec<&str> = c.questions.iter().filter(|q| q.answered_yes_in.is_empty()).map(|q| q.field.as_str()).collect();
    assert_eq!(never_yes, ["children[].carrying_weapon"]);
    assert!(
        c.summary.starts_with(
            "Rules and floors: 2 of 2 seen both applying and not applying. Conditions: 4 of 6 seen both true and false. \
             Boundaries: 1 of 2 tested on both sides. Yes or no questions never answered yes: 1 of 2."
        ),
        "{}",
        c.summary
    );
}

/// The words of every condition in the shipped rule files are found: the
/// syntax tree and the lowered conditions were walked in step.
#[test]
fn every_shipped_condition_has_its_line_and_words() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    for name in ["contextual-safeguarding.rules", "seraf-scoring.rules", "language.rules"] {
        let src = std::fs::read_to_string(dir.join(name)).unwrap();
        let rs = api::compile(&src).unwrap().rule_set;
        let c = rs.coverage(&none, day());
        assert!(c.conditions.len() > 20, "{name}: {} conditions", c.conditions.len());
        for x in &c.conditions {
            assert!(x.line > 0 && !x.text.is_empty(), "{name}: a condition of {} has no words: {x:?}", x.within);
            let line = src.lines().nth(x.line - 1).unwrap_or("");
            let first_word = x.text.split([' ', '(']).find(|w| !w.is_empty()).unwrap_or("");
            assert!(line.contains(first_word), "{name}: line {} does not hold `{}`: {line}", x.line, x.text);
            assert!(!x.text.contains('#'), "{name}: a comment in `{}`", x.text);
        }
    }
}

const MIXED: &str = r#"rule set "Words <test> & more"

levels
  universal "Universal services"
  early_help "Early help"
end

form
  field worried "Is the referrer <worried>?": yes or no
  list children "Children": each child "Child"
    field signs "Signs": several of (far "Found far from home", hotel "Seen at a hotel")
    field age "Age": number
  end
end

rule R1 "A rule with <b>markup</b> in its title"
  context home
  kind risk
  when worried and (any child in children where (child.signs includes far or child.age is less than 10))
  then raise to early_help
  rationale "Because <script>alert(1)</script>."
  source "Guide"
end
"#;

#[test]
fn the_document_writes_conditions_in_words_with_their_grouping() {
    let html = api::signoff_document(MIXED, &none, None, day()).unwrap();
    // `and` over `or` is shown as nested lists, so the grouping the brackets give is plain.
    let cond = &html[html.find("Applies when").unwrap()..];
    let all = cond.find("All of these are true:").unwrap();
    let any_child = cond.find("For at least one child in “Children”:").unwrap();
    let either = cond.find("At least one of these is true:").unwrap();
    assert!(all < any_child && any_child < either, "{cond}");
    assert!(cond.contains("the child › “Signs” includes “Found far from home”"));
    assert!(cond.contains("the child › “Age” is less than 10"));
}

#[test]
fn the_document_escapes_what_the_file_says_and_loads_nothing() {
    let html = api::signoff_document(MIXED, &none, None, day()).unwrap();
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<b>markup") && html.contains("&lt;b&gt;markup&lt;/b&gt;"));
    assert!(html.contains("“Is the referrer &lt;worried&gt;?” is yes"));
    for word in ["http:", "https:", "src=", "@import", "url("] {
        assert!(!html.contains(word), "the document must not load anything ({word})");
    }
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
    assert!(html.contains("@page{size:A4"));
    assert_eq!(html.matches("<h1").count(), 1);
    assert_eq!(html.matches("<table").count(), html.matches("<caption").count(), "every table has a caption");
}

#[test]
fn the_document_since_an_older_version_lists_added_removed_and_changed() {
    let html = api::signoff_document(&fixture("impact-new.rules"), &none, Some((&fixture("impact-old.rules"), &none)), day()).unwrap();
    let changes = &html[html.find("id=\"changes\"").unwrap()..html.find("id=\"cases\"").unwrap()];
    assert!(changes.contains("3 added, 0 removed, 1 changed."), "{changes}");
    assert!(changes.contains("The shared definition risk_sign reads other options of this question but not this one"));
    // Headings in the board's words, each title once.
    assert!(changes.contains(">Rule: Seen at a trap house</h4>"), "{changes}");
    assert!(changes.contains(">Rule: Missing at least once in 30 days</h4>"), "{changes}");
    assert!(changes.contains(">Rule: Missing two or more times in 30 days</h4>"), "{changes}");
    assert!(changes.contains(">Option on the form: Places: Seen at a trap house</h4>"), "{changes}");
    assert_eq!(changes.matches("Missing two or more times in 30 days").count(), 1, "{changes}");
    // The changed words are marked, once, in place.
    assert!(changes.contains("is <del>3</del> <ins>2</ins> or more"), "{changes}");
    // The cases that move, and the decisions; the whole rule set is an appendix.
    assert!(html.contains("id=\"cases\"") && html.contains("Now applies: MIS1"), "{html}");
    assert!(html.contains("id=\"decisions\""));
    assert!(!html.contains("id=\"levels\"") && !html.contains("id=\"rules\""), "no appendix unless asked for");
    assert!(html.contains("id=\"sign-off\""));
    // What the tests do not show of what changed: only the conditions of the added and changed rules.
    let tests = &html[html.find("id=\"tests\"").unwrap()..html.find("id=\"sign-off\"").unwrap()];
    assert!(tests.contains("Conditions in what has changed, not yet tested"), "{tests}");
    assert!(
        tests.contains("<li>Rule: Missing at least once in 30 days, line 93: <code>missing_last_30_days is at least 1</code> was never false in a test; no test at 0 (just the other side, where it does not hold)</li>"),
        "{tests}"
    );
    let full =
        api::signoff_document_with(&fixture("impact-new.rules"), &none, Some((&fixture("impact-old.rules"), &none)), true, day()).unwrap();
    assert!(
        full.contains("id=\"levels\">Appendix: levels") && full.contains("id=\"rules\">Appendix: rules"),
        "the appendix when asked for"
    );
}

#[test]
fn a_new_option_names_the_shared_definitions_that_leave_it_out() {
    let r = api::diff_rule_sets(&fixture("impact-old.rules"), &fixture("impact-new.rules"), &none, &none, &[], day()).unwrap();
    assert_eq!(r.new_options.len(), 1, "{:?}", r.new_options);
    let o = &r.new_options[0];
    assert_eq!((o.field.as_str(), o.option.as_str()), ("place_signs", "trap_house"));
    assert!(o.read_by.is_empty());
    assert_eq!(o.definitions_without_it, ["risk_sign"]);
    // Once the definition has it, the warning goes and the reader is named.
    let fixed = fixture("impact-new.rules").replace("includes any of (hotel, far)", "includes any of (hotel, far, trap_house)");
    let r = api::diff_rule_sets(&fixture("impact-old.rules"), &fixed, &none, &none, &[], day()).unwrap();
    assert_eq!(r.new_options[0].read_by, ["definition risk_sign"]);
    assert!(r.new_options[0].definitions_without_it.is_empty());
}

/// An action a level requires has no rule of its own: the impact names the
/// level and what set it, never an empty "asked for by".
#[test]
fn an_action_a_level_requires_says_which_level() {
    let old = r#"rule set "T"
levels universal "Universal" cin "Child in need" requires mash end
actions mash "Refer to the front door (MASH)" end
form field missing "Missing": number end
rule MIS2 "Missing often" context neighbourhood kind risk
  when missing is at least 3
  then raise to cin
  rationale "r" source "s"
end
"#;
    let new = old.replace("is at least 3", "is at least 2");
    let forms = [FormInput { name: "twice".into(), json: r#"{"missing": 2}"#.into(), date: None }];
    let r = api::diff_rule_sets(old, &new, &none, &none, &forms, day()).unwrap();
    let added = r.changed.iter().flat_map(|c| &c.changes).find(|c| c.kind == "actionAdded").expect("MASH is added");
    assert_eq!(added.words, "Action added: Refer to the front door (MASH) (required by the level \"Child in need\", set by MIS2)");
}

/// `not worried` and `is not answered` are counted as written: seen true
/// when what they deny is false, never the other way round.
#[test]
fn a_condition_that_denies_is_seen_as_its_words_say() {
    let src = r#"rule set "Denials"

levels
  universal "Universal services"
  early_help "Early help"
end

form
  field worried "Worried": yes or no
  list children "Children": each child "Child"
    field age "Age": number
  end
end

rule R1 "Age not given"
  context individual
  kind vulnerability
  when any child in children where child.age is not answered
  then raise to early_help
  rationale "Because."
  source "Guide"
end

rule R2 "Not worried"
  context home
  kind vulnerability
  when not worried
  then raise to early_help
  rationale "Because."
  source "Guide"
end

test "Worried, age given"
  date 2026-11-20
  form {"worried": true, "children": [{"age": 3}]}
  expect not fired R1, R2
end
"#;
    let c = api::compile(src).unwrap().rule_set.coverage(&none, day());
    let seen: Vec<(&str, usize, usize, &str)> =
        c.conditions.iter().map(|x| (x.text.as_str(), x.true_in, x.false_in, x.words.as_str())).collect();
    assert_eq!(seen, [("child.age is not answered", 0, 1, "was never true in a test"), ("not worried", 0, 1, "was never true in a test")]);
}

#[test]
fn a_change_that_breaks_only_tests_is_compared_with_them_set_aside() {
    let (old, new) = (fixture("impact-old.rules"), fixture("impact-takes-out.rules"));
    // Without asking, a file with errors cannot be compared, as before.
    let e = api::diff_rule_sets(&old, &new, &none, &none, &[], day()).unwrap_err();
    assert_eq!(e.which, "new");
    let options = api::DiffOptions { set_aside_broken_tests: true, ..Default::default() };
    let r = api::diff_rule_sets_with(&old, &new, &none, &none, &[], day(), options).unwrap();
    assert_eq!(r.tests_set_aside.len(), 1, "{:#?}", r.tests_set_aside);
    let t = &r.tests_set_aside[0];
    assert_eq!((t.name.as_str(), t.line), ("Older friends, out late", 76));
    assert_eq!(t.problems, ["Line 79: There is no rule or floor `PEER2`"]);
    // The set-aside test's own case is not screened; the others are.
    assert!(r.changed.iter().all(|c| c.name != "Older friends, out late"));
    assert!(r.changed.iter().any(|c| c.changes.iter().any(|x| x.kind == "stopsApplying" && x.rules == ["PEER2"])));
    // An error outside the tests is never set aside.
    let broken_rule = new.replace("then\n    raise to early_help\n    action youth_work", "then\n    raise to nowhere");
    let e = api::diff_rule_sets_with(&old, &broken_rule, &none, &none, &[], day(), options).unwrap_err();
    assert!(e.diagnostics.iter().any(|d| d.is_error() && d.line() < 70), "{:?}", e.diagnostics);
}

#[test]
fn actions_the_old_rules_never_give_together_are_flagged_on_one_subject_cases() {
    let (old, new) = (fixture("impact-old.rules"), fixture("impact-takes-out.rules"));
    let options = api::DiffOptions { set_aside_broken_tests: true, ..Default::default() };
    let places_ticked = r#"{"missing_last_30_days": 3, "friends_older": true, "place_signs": ["hotel", "far"]}"#;
    let forms = [FormInput { name: "places ticked".into(), json: places_ticked.into(), date: None }];
    let r = api::diff_rule_sets_with(&old, &new, &none, &none, &forms, day(), options).unwrap();
    let flags: Vec<(&str, &api_change::Change)> = r
        .changed
        .iter()
        .flat_map(|c| c.changes.iter().filter(|x| x.kind == "actionsNeverTogether").map(move |x| (c.name.as_str(), x)))
        .collect();
    assert_eq!(flags.len(), 2, "{flags:#?}");
    let (case, flag) = flags[0];
    assert_eq!(case, "Older friends, missing three times");
    assert_eq!((flag.before.as_deref(), flag.after.as_deref()), (Some("mash_referral"), Some("youth_work")));
    assert_eq!(flag.rules, ["MIS2", "PEER1"]);
    assert!(flag.words.contains("\"Refer to the front door (MASH)\" beside \"Offer detached youth work\""), "{}", flag.words);
    assert!(r.summary.contains("2 cases now get actions the old rules never suggest together"), "{}", r.summary);
    // Several options ticked is still one subject (a list with two items would not be: the unit test in impact.rs).
    let flagged_given =
        r.changed.iter().find(|c| c.name == "places ticked").map(|c| c.changes.iter().any(|x| x.kind == "actionsNeverTogether"));
    assert_eq!(flagged_given, Some(true));
}

#[test]
fn forms_given_are_listed_on_their_own_dates_changed_or_not() {
    let (old, new) = (fixture("impact-old.rules"), fixture("impact-new.rules"));
    let forms = [
        // The same form as the old file's test "Missing twice": listed under its own name all the same.
        FormInput {
            name: "case 1".into(),
            json: r#"{"missing_last_30_days": 2, "seen_at_trap_house": false, "friends_older": false}"#.into(),
            date: Some(day()),
        },
        FormInput {
            name: "case 2".into(),
            json: r#"{"missing_last_30_days": 0, "seen_at_trap_house": false, "friends_older": false}"#.into(),
            date: api::parse_date("2025-01-02"),
        },
    ];
    let options = api::DiffOptions { list_given: true, ..Default::default() };
    let r = api::diff_rule_sets_with(&old, &new, &none, &none, &forms, day(), options).unwrap();
    let listed: Vec<(&str, &str, usize)> = r.listed.iter().map(|c| (c.name.as_str(), c.date.as_str(), c.changes.len())).collect();
    assert_eq!(listed[0].0, "case 1");
    assert!(listed[0].2 > 0, "MIS2 now applies at two times missing");
    assert_eq!(listed[1], ("case 2", "2025-01-02", 0), "unchanged, listed all the same, on its own date");
    assert_eq!(r.listed[1].before, r.listed[1].after);
    // Not asked: nothing is listed.
    let r = api::diff_rule_sets(&old, &new, &none, &none, &forms, day()).unwrap();
    assert!(r.listed.is_empty());
}

#[test]
fn given_only_compares_the_forms_given_without_the_tests() {
    let (old, new) = (fixture("impact-old.rules"), fixture("impact-new.rules"));
    let forms = [FormInput { name: "twice".into(), json: r#"{"missing_last_30_days": 2}"#.into(), date: None }];
    let options = api::DiffOptions { given_only: true, list_given: true, ..Default::default() };
    let r = api::diff_rule_sets_with(&old, &new, &none, &none, &forms, day(), options).unwrap();
    assert_eq!(r.cases, 1, "only the form given: {r:#?}");
    assert_eq!(r.changed.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["twice"]);
    let all = api::diff_rule_sets(&old, &new, &none, &none, &forms, day()).unwrap();
    assert!(all.cases > 1, "the tests' forms are compared too by default");
}
