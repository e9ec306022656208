//! The presentation model (issue 17): what each audience reads, worded once
//! by the engine. Run on the shipped rule sets and the corpus's `screened`
//! rule set.

use screening_engine::api;
use screening_engine::present::{Audience, Options, Presentation};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rule_set(path: &str) -> api::RuleSet {
    let src = std::fs::read_to_string(root().join(path)).unwrap();
    api::compile(&src).unwrap_or_else(|d| panic!("{path}: {d:?}")).rule_set
}

fn present(rules: &api::RuleSet, form: &str, audience: Audience, labels: &[(&str, &str)]) -> Presentation {
    let form: serde_json::Value = serde_json::from_str(form).unwrap();
    let labels: HashMap<String, String> = labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    rules.present_value(&form, api::parse_date("2026-11-20").unwrap(), &Options { audience: Some(audience), labels })
}

fn case(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

/// Every sentence a presentation holds, for checks on its words.
fn sentences(p: &Presentation) -> Vec<String> {
    let mut out = vec![p.headline.title.clone()];
    out.extend(p.headline.lines.iter().cloned());
    for s in &p.sections {
        out.push(s.heading.clone());
        out.extend(s.intro.iter().cloned());
        out.extend(s.more.iter().cloned());
        for i in &s.items {
            out.push(i.text.clone());
            out.extend(i.detail.iter().cloned());
        }
    }
    out
}

fn section<'a>(p: &'a Presentation, id: &str) -> Option<&'a screening_engine::present::Section> {
    p.sections.iter().find(|s| s.id == id)
}

/// Every rule, floor, band and action id of a rule set, and the "score.band" forms.
fn ids(rules: &api::RuleSet) -> Vec<String> {
    let p = rules.program();
    let mut v: Vec<String> = p.rules.iter().map(|r| r.id.clone()).chain(p.floors.iter().map(|f| f.id.clone())).collect();
    v.extend(p.actions.iter().map(|a| a.id.clone()));
    for s in &p.scores {
        v.extend(s.bands.iter().map(|b| format!("{}.{}", s.id, b.id)));
        v.extend(s.bands.iter().map(|b| b.id.clone()).filter(|b| b.contains('_')));
    }
    // Ids that are plain words ("universal") can appear in a sentence honestly.
    v.retain(|id| id.contains(|c: char| c == '_' || c == '.' || c.is_ascii_digit()) || id.chars().all(|c| c.is_ascii_uppercase()));
    v
}

fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_') && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

const SHIPPED: [&str; 3] = ["rules/contextual-safeguarding.rules", "rules/seraf-scoring.rules", "rules/language.rules"];

fn case_forms() -> Vec<(String, String)> {
    let mut out = vec![("{}".to_string(), "{}".to_string())];
    for dir in ["rules/cases", "rules/cases/shared"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir)).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files.into_iter().filter(|f| f.extension().is_some_and(|x| x == "json") && !f.ends_with("index.json")) {
            out.push((f.display().to_string(), std::fs::read_to_string(&f).unwrap()));
        }
    }
    out
}

/// A referrer reads no rule id, band id, action id or internal path: not in
/// the headline, the reasons, the questions or anywhere else. A screener gets
/// the ids, in `code` only.
#[test]
fn a_referrer_reads_no_ids_or_internal_names() {
    for path in SHIPPED {
        let rules = rule_set(path);
        let ids = ids(&rules);
        for (name, form) in case_forms() {
            for audience in [Audience::Referrer, Audience::Screener, Audience::Print] {
                let p = present(&rules, &form, audience, &[]);
                for s in sentences(&p) {
                    assert!(!s.contains(" › "), "{path} on {name} ({audience:?}): an internal path in {s:?}");
                    assert!(!s.contains("context.context_"), "{path} on {name} ({audience:?}): {s:?}");
                    if audience == Audience::Referrer {
                        if let Some(id) = ids.iter().find(|id| contains_word(&s, id)) {
                            panic!("{path} on {name}: the referrer reads the id {id} in {s:?}");
                        }
                    }
                }
                let codes = p.sections.iter().flat_map(|s| &s.items).filter(|i| i.code.is_some()).count();
                if audience == Audience::Referrer {
                    assert_eq!(codes, 0, "{path} on {name}: codes for a referrer");
                }
            }
        }
    }
}

/// The headline: never "no extra help needed" for what was not screened.
#[test]
fn headlines_say_what_was_screened() {
    let cs = rule_set("rules/contextual-safeguarding.rules");
    let seraf = rule_set("rules/seraf-scoring.rules");
    let h = |r: &api::RuleSet, form: &str| present(r, form, Audience::Screener, &[]).headline;

    let empty = h(&cs, "{}");
    assert_eq!((empty.tone, empty.title.as_str()), ("not_screened", "Not screened yet"));

    // A place, no child: the context's result, with "No child named yet" beneath.
    let place = h(&cs, &case("rules/cases/kingfisher-chicken-mercer-road.json"));
    assert_eq!(place.title, "Significant harm in the context: hold a context conference");
    assert_eq!(place.lines, vec!["No child named yet"]);

    // A child whose only answers the rules do not read: "Not screened", never a level.
    let unread = h(&cs, r#"{"children": [{"first_name": "Mia", "gender": "girl"}]}"#);
    assert_eq!((unread.tone, unread.title.as_str()), ("not_screened", "Not screened"));
    assert_eq!(unread.lines, vec!["Child 1, Mia: not screened, none of the answers about them is one the rules read"]);

    // SERAF on the 12-year-old's case as the training page loads it (the
    // contextual safeguarding form): none of its answers is SERAF's, so it is not screened.
    let m = h(&seraf, &case("rules/cases/hotel-key-card.json"));
    assert_eq!((m.tone, m.title.as_str()), ("not_screened", "Not screened yet"));
    // SERAF on a 12-year-old's own SERAF form: the child is screened and named.
    let p12 = present(&seraf, &case("rules/cases/shared/adult-partner-and-sti-12.seraf.json"), Audience::Screener, &[]);
    assert_eq!(p12.headline.title, "Significant harm: child protection enquiries (section 47)");
    assert_eq!(section(&p12, "screened").unwrap().items[0].about.as_deref(), Some("The child, P, 12"));
    assert!(!section(&p12, "actions").unwrap().items.is_empty());
    // Universal only for a child whose answers were read and raised nothing.
    let none = h(&seraf, &case("rules/cases/shared/nothing-recorded-12.seraf.json"));
    assert_eq!((none.tone, none.title.as_str()), ("none", "Universal services: no extra help needed"));

    // No shipped rule set headlines the lowest level for a form with nothing read.
    for path in SHIPPED {
        let r = rule_set(path);
        let lowest = r.program().levels[0].label.clone();
        for form in ["{}", r#"{"children": [{"first_name": "Mia"}]}"#, r#"{"first_name": "Mia"}"#] {
            let head = h(&r, form);
            assert_ne!(head.title, lowest, "{path} on {form}");
            assert_eq!(head.tone, "not_screened", "{path} on {form}");
        }
    }
}

/// Questions: one entry per question and child, in the form's own words, the
/// child named, one count; no question offers an urgent action.
#[test]
fn questions_a_person_can_answer() {
    let cs = rule_set("rules/contextual-safeguarding.rules");
    let form = r#"{"received": "2026-11-18", "referral_type": "individual", "immediate_danger": false,
        "children": [{"first_name": "Tyler", "date_of_birth": "2012-01-05"}, {"first_name": "Mia", "date_of_birth": "2017-02-01"}]}"#;
    let worry = "What are you worried about for this child?";
    let labels = [
        ("children.home_signs", worry),
        ("children.health_signs", worry),
        ("children.peer_signs", worry),
        ("children.place_signs", worry),
        ("children.has_partner", "Does the child have a boyfriend or girlfriend?"),
    ];
    let p = present(&cs, form, Audience::Referrer, &labels);
    let q = section(&p, "questions").unwrap();
    assert_eq!(p.counts.questions, q.items.len(), "one count");
    assert!(q.intro.as_deref().unwrap().starts_with(&format!("{} questions", q.items.len())));
    // One entry per question and child: the worry control is asked once for each child.
    let mut seen = std::collections::HashSet::new();
    for i in &q.items {
        assert!(seen.insert((i.text.clone(), i.about.clone())), "asked twice: {} ({:?})", i.text, i.about);
    }
    for child in ["Child 1, Tyler, 14", "Child 2, Mia, 9"] {
        let n = q.items.iter().filter(|i| i.text == worry && i.about.as_deref() == Some(child)).count();
        assert_eq!(n, 1, "{child}: {:#?}", q.items);
        assert!(q.items.iter().filter(|i| i.about.as_deref() == Some(child)).all(|i| i.detail[0] == format!("About {child}")));
    }
    assert!(q.items.iter().any(|i| i.text == "Does the child have a boyfriend or girlfriend?"), "the control's label is used");
    // Without labels, the field's label, as a question.
    let plain = present(&cs, form, Audience::Referrer, &[]);
    assert!(section(&plain, "questions").unwrap().items.iter().any(|i| i.text == "Has a boyfriend, girlfriend or partner: yes or no?"));

    // No question offers an action, so none offers "Call 999 now".
    let cs_actions: Vec<String> = cs.program().actions.iter().map(|a| a.label.clone()).collect();
    for (name, form) in case_forms() {
        for audience in [Audience::Referrer, Audience::Screener] {
            let p = present(&cs, &form, audience, &[]);
            for i in &section(&p, "questions").unwrap().items {
                for d in &i.detail {
                    assert!(!cs_actions.iter().any(|a| d.contains(a.as_str())), "{name}: a question offers an action: {d}");
                }
            }
        }
    }
}

/// Urgent actions are marked, by the policy lead's "now".
#[test]
fn urgent_actions_are_marked() {
    let cs = rule_set("rules/contextual-safeguarding.rules");
    let p = present(&cs, r#"{"immediate_danger": true}"#, Audience::Screener, &[]);
    let actions = &section(&p, "actions").unwrap().items;
    let call = actions.iter().find(|a| a.text.starts_with("Call 999 now")).expect("call 999");
    assert!(call.urgent);
    assert!(actions.iter().any(|a| !a.urgent), "not every action is urgent");
    assert_eq!(p.headline.tone, "urgent");
    // The referrer is told only what must be done now, first of all.
    let r = present(&cs, r#"{"immediate_danger": true}"#, Audience::Referrer, &[]);
    assert!(section(&r, "actions").unwrap().items.iter().all(|a| a.urgent));
    assert_eq!((r.headline.tone, r.headline.title.as_str()), ("urgent", "Call 999 now: a child is in immediate danger"));
}

/// A referrer never reads a level, its reasons or the professional actions:
/// those are for the person who screens the referral.
#[test]
fn a_referrer_reads_no_level() {
    let cs = rule_set("rules/contextual-safeguarding.rules");
    let levels: Vec<String> =
        ["rules/cases/ash-lane-station.json", "rules/cases/kingfisher-chicken-mercer-road.json", "rules/cases/new-friends.json"]
            .iter()
            .map(|c| present(&cs, &case(c), Audience::Screener, &[]).headline.title)
            .collect();
    for c in ["rules/cases/ash-lane-station.json", "rules/cases/kingfisher-chicken-mercer-road.json", "rules/cases/new-friends.json"] {
        let r = present(&cs, &case(c), Audience::Referrer, &[]);
        assert!(!levels.contains(&r.headline.title), "{c}: the referrer's headline is a level: {}", r.headline.title);
        assert!(section(&r, "reasons").is_none() && section(&r, "screened").is_none(), "{c}");
        assert!(section(&r, "actions").is_none_or(|a| a.items.iter().all(|i| i.urgent)), "{c}");
        assert_eq!(r.headline.title, "Check these before you send the referral", "{c}");
    }
}

/// The screener reads the ids beside the words, and the parts a referrer does not need.
#[test]
fn a_screener_gets_codes_and_more_sections() {
    let cs = rule_set("rules/contextual-safeguarding.rules");
    let form = case("rules/cases/ash-lane-station.json");
    let s = present(&cs, &form, Audience::Screener, &[]);
    let r = present(&cs, &form, Audience::Referrer, &[]);
    assert!(section(&s, "reasons").unwrap().items.iter().all(|i| i.code.is_some()));
    assert!(section(&s, "scores").is_some() && section(&r, "scores").is_none());
    assert!(section(&r, "reasons").is_none(), "a referrer reads no reasons for a level");
    assert_eq!(s.counts, r.counts);
    assert_eq!(s.advisory, r.advisory);
}

/// An answer that cannot be read is named as the form names it, the child in `about`.
#[test]
fn form_problems_name_the_child() {
    let cs = rule_set("rules/contextual-safeguarding.rules");
    let p = present(&cs, r#"{"children": [{"first_name": "Mia", "home_signs": ["nope"]}]}"#, Audience::Referrer, &[]);
    let problems = &section(&p, "form_problems").unwrap().items;
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].text.starts_with("At home: \"nope\" is not one of the options"), "{}", problems[0].text);
    assert_eq!(problems[0].about.as_deref(), Some("Child 1, Mia"));
    assert_eq!(problems[0].field.as_deref(), Some("children[0].home_signs"));
}
