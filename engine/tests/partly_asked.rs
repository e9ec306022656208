//! Issue 18, "knowing what was asked": a several-of answer may say which
//! options the form asked (`{"asked": [...], "ticked": [...]}`). An option
//! never asked stays unknown, in the interpreter and the compiled rule set
//! alike; a mistake in the shape is a form error that says where and what.

#[path = "support/random.rs"]
mod random;

use random::{interpreted_outcome, Compiled};
use screening_engine::api;
use screening_engine::dates::Day;
use screening_engine::diagnostics::{Code, Location};
use screening_engine::eval::includes;
use screening_engine::form::{self, Strictness, Val};
use screening_engine::outcome::Outcome;
use screening_engine::program::Program;
use serde_json::{json, Value};

const RULES: &str = r#"rule set "Partly asked"
levels
  universal "Universal"
  early_help "Early help"
  child_protection "Child protection"
end
form
  field signs "Signs": several of (missing "Going missing", money "Unexplained money", phones "More than one phone", cars "Picked up in cars")
  list children "Children": each child "Child"
    field worries "Worries": several of (gangs "Involved with gangs", weapon "Carrying a weapon", bullying "Bullying")
  end
end
define item "Signs seen" = signs
rule MISSING "Goes missing"
  context individual
  kind risk
  when signs includes missing
  then raise to early_help
  rationale "includes"
  source "Test"
end
rule ANY "Money or phones"
  context individual
  kind risk
  when signs includes any of (money, phones)
  then raise to early_help
  rationale "any of"
  source "Test"
end
rule ALL "Missing and cars"
  context individual
  kind harm
  when item includes all of (missing, cars)
  then raise to child_protection
  rationale "all of, through a definition"
  source "Test"
end
rule NOPHONE "No extra phone"
  context online
  kind vulnerability
  when signs does not include phones
  then prompt "No extra phone."
  rationale "does not include"
  source "Test"
end
rule GANGS "A child with gangs"
  context peer_group
  kind harm
  when any child in children where child.worries includes gangs
  then raise to child_protection
  rationale "in a list"
  source "Test"
end
rule WEAPON "No child with a weapon"
  context peer_group
  kind harm
  when no child in children where child.worries includes weapon
  then prompt "No weapon."
  rationale "no item"
  source "Test"
end
"#;

fn program() -> Program {
    let c = api::compile(RULES).unwrap_or_else(|d| panic!("{d:?}"));
    c.rule_set.program().clone()
}

fn date() -> Day {
    api::parse_date("2026-11-20").unwrap()
}

/// The outcome through the interpreter, after checking that the compiled rule set gives the same bytes.
fn outcome(p: &Program, form: Value) -> Outcome<'_> {
    let data = form::read(&p.schema, &form);
    let want = interpreted_outcome(p, &data, date());
    let got = Compiled::new(p).outcome(&data, date());
    assert_eq!(want, got, "the compiled rule set disagrees with the interpreter on {form}");
    screening_engine::eval::evaluate(p, &data, date()).outcome()
}

fn fired<'a>(o: &'a Outcome) -> Vec<&'a str> {
    o.fired.iter().map(|r| &*r.id).collect()
}

fn undecided<'a>(o: &'a Outcome) -> Vec<&'a str> {
    o.undecided.iter().map(|r| &*r.id).collect()
}

#[test]
fn includes_is_three_valued_over_the_options_asked() {
    let (a, b, c) = (1u64, 2u64, 4u64);
    // any of
    assert_eq!(includes(a, a | b, a | b, true), Some(true));
    assert_eq!(includes(0, a | b, a | b, true), Some(false));
    assert_eq!(includes(0, a, a | b, true), None, "b was never asked");
    assert_eq!(includes(a, a, a | b, true), Some(true), "a tick decides `any` whatever was not asked");
    // all of
    assert_eq!(includes(a | b, a | b | c, a | b, false), Some(true));
    assert_eq!(includes(a, a | b, a | b, false), Some(false), "b was asked and not ticked");
    assert_eq!(includes(a, a | c, a | b, false), None, "b was never asked");
    assert_eq!(includes(0, c, a, false), None);
}

#[test]
fn a_plain_list_asks_every_option_and_the_object_says_which() {
    let p = program();
    let read = |v: Value| form::read(&p.schema, &json!({ "signs": v })).root.vals[p.schema.fields[0].slot].clone();
    assert_eq!(read(json!(["money"])), Val::Choices { ticked: 2, asked: 15 });
    assert_eq!(read(json!({"asked": ["money", "cars"], "ticked": ["money"]})), Val::Choices { ticked: 2, asked: 10 });
    assert_eq!(read(json!({"asked": ["money", "cars"], "ticked": []})), Val::Choices { ticked: 0, asked: 10 });
    // Nothing asked: the question was not asked.
    assert_eq!(read(json!({"asked": [], "ticked": []})), Val::Missing);
}

#[test]
fn none_of_the_options_asked_says_no_to_those_alone() {
    let p = program();
    // The form asked about money and phones only, and "None of these" was ticked.
    let o = outcome(&p, json!({"signs": {"asked": ["money", "phones"], "ticked": []}}));
    assert_eq!(fired(&o), vec!["NOPHONE"]);
    // Going missing and cars were never asked: still unknown, and the question is listed.
    assert_eq!(undecided(&o), vec!["MISSING", "ALL", "GANGS", "WEAPON"]);
    let missing = o.undecided.iter().find(|r| r.id == "MISSING").unwrap();
    assert_eq!(missing.needs.iter().map(|n| &*n.field).collect::<Vec<_>>(), vec!["signs"]);
    assert_eq!(
        missing.explanation,
        "MISSING (Goes missing) cannot be decided until these are answered: Signs (options this form did not ask)."
    );
    let q = o.questions.iter().find(|q| q.field == "signs").unwrap();
    assert!(q.text.starts_with("Asking the options of \"Signs\" that this form did not ask could raise the level to"), "{}", q.text);
    // The reason reads as what was asked.
    let fact = &o.fired[0].facts[0];
    assert_eq!((&*fact.label, &*fact.value), ("Signs", "none of the 2 asked ticked"));

    // The same with every option asked decides them all "no".
    let o = outcome(&p, json!({"signs": [], "children": []}));
    assert_eq!(fired(&o), vec!["NOPHONE", "WEAPON"]);
    assert!(undecided(&o).is_empty());
    assert_eq!(o.fired[0].facts[0].value, "none ticked");
}

#[test]
fn a_tick_among_the_options_asked_is_read_and_shown_with_what_was_asked() {
    let p = program();
    let o = outcome(&p, json!({"signs": {"asked": ["missing", "phones"], "ticked": ["missing"]}}));
    assert_eq!(fired(&o), vec!["MISSING", "NOPHONE"]);
    // Money was not asked, phones asked and not ticked: `any of (money, phones)` is undecided.
    // Cars was not asked: `all of (missing, cars)` through the definition is undecided.
    assert_eq!(undecided(&o), vec!["ANY", "ALL", "GANGS", "WEAPON"]);
    let fact = &o.fired[0].facts[0];
    assert_eq!(fact.value, "Going missing (2 of 4 options asked)");
    // The definition's reason is the question behind it.
    let all = o.undecided.iter().find(|r| r.id == "ALL").unwrap();
    assert!(all.needs.is_empty(), "a labelled definition is shown as itself: {:?}", all.needs);
}

#[test]
fn a_partly_asked_answer_in_a_list_needs_that_item() {
    let p = program();
    let o = outcome(
        &p,
        json!({"signs": [], "children": [
            {"worries": {"asked": ["bullying", "weapon"], "ticked": []}},
            {"worries": ["bullying"]}
        ]}),
    );
    // Child 1 was not asked about gangs; child 2 was and has none.
    let gangs = o.undecided.iter().find(|r| r.id == "GANGS").unwrap();
    assert_eq!(gangs.needs.iter().map(|n| &*n.field).collect::<Vec<_>>(), vec!["children[0].worries"]);
    assert_eq!(gangs.needs[0].label, "Child 1 › Worries");
    // Both were asked about weapons, and neither has one.
    assert!(fired(&o).contains(&"WEAPON"));
}

#[test]
fn mistakes_say_where_and_what() {
    let p = program();
    let errors = |form: Value| {
        let data = form::read(&p.schema, &form);
        data.errors
            .iter()
            .map(|e| {
                let Location::Form { field, .. } = &e.location else { panic!("not at an answer: {e:?}") };
                format!("{:?} {field} {}", e.code, e.message)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        errors(json!({"signs": {"asked": ["money", "drugs"], "ticked": []}})),
        vec![r#"F002 signs Signs: "drugs" in `asked` is not one of the options (missing, money, phones, cars)"#]
    );
    assert_eq!(
        errors(json!({"signs": {"asked": ["money"], "ticked": ["money", "missing", "cars"]}})),
        vec![
            r#"F002 signs Signs: "missing" and "cars" are ticked but were not asked; every ticked option must also be in `asked` (the options asked are money)"#
        ]
    );
    assert_eq!(
        errors(json!({"children": [{"worries": {"asked": ["gangs"], "ticked": ["weapon"]}}]})),
        vec![
            r#"F002 children[0].worries Child 1 › Worries: "weapon" is ticked but was not asked; every ticked option must also be in `asked` (the options asked are gangs)"#
        ]
    );
    assert_eq!(
        errors(json!({"signs": {"ticked": ["money"]}})),
        vec![r#"F001 signs Signs: an answer written as {"asked": [...], "ticked": [...]} needs both lists, but `asked` is missing"#]
    );
    assert_eq!(
        errors(json!({"signs": {"asked": ["money"], "ticked": [], "shown": ["money"]}})),
        vec![
            r#"F001 signs Signs: an answer written as {"asked": [...], "ticked": [...]} has only `asked` and `ticked`, but this one also has `shown`"#
        ]
    );
    assert_eq!(
        errors(json!({"signs": {"asked": 3, "ticked": []}})),
        vec![r#"F001 signs Signs: `asked` must be a list of options in square brackets, but got the number 3"#]
    );
    // A mistaken answer is unanswered, and the rest of the form is still read.
    let o = outcome(&p, json!({"signs": {"asked": ["money"], "ticked": ["phones"]}, "children": [{"worries": ["gangs"]}]}));
    assert_eq!(fired(&o), vec!["GANGS", "WEAPON"]);
    assert_eq!(o.form_errors.len(), 1);
    assert_eq!(o.form_errors[0].code, Code::F002);
}

#[test]
fn a_test_form_may_be_partly_asked_but_writes_its_lists_in_brackets() {
    let p = program();
    let strict = |form: Value| form::read_strict(&p.schema, &form, Strictness::InPlace);
    assert!(strict(json!({"signs": {"asked": ["money"], "ticked": ["money"]}})).errors.is_empty());
    let e = strict(json!({"signs": {"asked": "money", "ticked": []}})).errors;
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].code, Code::F001);
    // A web form may send a single ticked option as text, in either list.
    let lenient = form::read(&p.schema, &json!({"signs": {"asked": "money", "ticked": "money"}}));
    assert!(lenient.errors.is_empty());
    assert_eq!(lenient.root.vals[p.schema.fields[0].slot], Val::Choices { ticked: 2, asked: 2 });
}
