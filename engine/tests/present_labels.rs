//! The presentation model's questions, given the labels of a form's controls
//! (what attach() sends): only the questions that form asks, counted once.

use screening_engine::{api, dates::parse_date, present};
use std::collections::HashMap;

const SRC: &str = r#"rule set "Labels"
levels
  low "Low"
  high "High"
end
form
  field danger "In danger": yes or no
  field place "A place of concern": yes or no
  list children "Children": each child "Child"
    field first_name "First name": text not screened "A name"
    field hurt "Hurt": yes or no
  end
end
rule D "Danger" context home kind risk
  when danger then raise to high
  rationale "r" source "s"
end
rule P "Place" context neighbourhood kind risk
  when place then raise to high
  rationale "r" source "s"
end
rule H "Hurt" context home kind harm
  when any child in children where child.hurt then raise to high
  rationale "r" source "s"
end
"#;

fn questions(labels: &[(&str, &str)], form: serde_json::Value) -> (Vec<String>, usize) {
    let rs = api::compile(SRC).unwrap_or_else(|d| panic!("{d:#?}")).rule_set;
    let options = present::Options {
        audience: Some(present::Audience::Referrer),
        labels: labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<HashMap<_, _>>(),
    };
    let model = rs.present_value(&form, parse_date("2026-11-20").unwrap(), &options);
    let section = model.sections.iter().find(|s| s.id == "questions").expect("a questions section");
    (section.items.iter().map(|i| i.text.clone()).collect(), model.counts.questions)
}

#[test]
fn without_labels_every_question_is_asked() {
    let (asked, count) = questions(&[], serde_json::json!({ "children": [{ "first_name": "Mia" }] }));
    assert_eq!(count, asked.len());
    assert!(asked.iter().any(|q| q.starts_with("A place of concern")), "{asked:?}");
    assert!(asked.iter().any(|q| q.starts_with("In danger")), "{asked:?}");
}

#[test]
fn with_labels_only_the_questions_the_form_asks_in_its_words() {
    let form = serde_json::json!({ "children": [{ "first_name": "Mia" }] });
    let (asked, count) = questions(&[("danger", "Is a child in danger now?"), ("children.hurt", "Has the child been hurt?")], form);
    assert_eq!(count, asked.len(), "one count: {asked:?}");
    assert!(asked.contains(&"Is a child in danger now?".to_string()), "{asked:?}");
    assert!(asked.contains(&"Has the child been hurt?".to_string()), "{asked:?}");
    assert!(!asked.iter().any(|q| q.starts_with("A place of concern")), "the form does not ask it: {asked:?}");
}

#[test]
fn a_list_is_on_the_form_when_one_of_its_fields_is() {
    let (asked, _) = questions(&[("danger", "Danger?"), ("children.hurt", "Hurt?")], serde_json::json!({}));
    assert!(asked.iter().any(|q| q.starts_with("Children")), "the children list is asked: {asked:?}");
    let (asked, _) = questions(&[("danger", "Danger?")], serde_json::json!({}));
    assert!(!asked.iter().any(|q| q.starts_with("Children")), "no child control on the form: {asked:?}");
}

#[test]
fn an_unreadable_answer_is_named_once_in_the_forms_words() {
    let rs = api::compile(SRC).unwrap_or_else(|d| panic!("{d:#?}")).rule_set;
    let form = serde_json::json!({ "children": [{ "first_name": "Mia", "hurt": "perhaps" }] });
    let words = |labels: &[(&str, &str)]| {
        let options = present::Options {
            audience: Some(present::Audience::Referrer),
            labels: labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<HashMap<_, _>>(),
        };
        let model = rs.present_value(&form, parse_date("2026-11-20").unwrap(), &options);
        let section = model.sections.iter().find(|s| s.id == "form_problems").expect("the unreadable answer is listed");
        (section.items[0].text.clone(), section.items[0].about.clone())
    };
    let (text, about) = words(&[]);
    assert!(text.starts_with("Hurt: "), "{text}");
    assert!(!text.contains('›') && text.matches("Hurt").count() == 1, "{text}");
    assert_eq!(about.as_deref().map(|a| a.starts_with("Child 1")), Some(true));
    let (text, _) = words(&[("children.hurt", "Has the child been hurt?")]);
    assert!(text.starts_with("Has the child been hurt: "), "{text}");
}
