//! Answers the form does not ask: fixed for this form (`answers`), or used
//! when the form gives none (`fallbacks`). Each one set is listed in `given`,
//! so a screener can see which answers came from the binding, not the person.

use super::input::Given;
use crate::dates::Day;
use crate::json::{Json as Value, Map};

pub fn supply(form: &mut Value, answers: &Map, fallbacks: &Map, known: &dyn Fn(&str) -> bool, today: Day) -> Vec<Given> {
    let mut given = Vec::new();
    for (source, how) in [(answers, "fixed"), (fallbacks, "fallback")] {
        for (path, spec) in source.iter() {
            // Only fields of this rule set (the check reports the others).
            if !known(path) {
                continue;
            }
            // `{ "today": true }`: the date screened on (a referral's "received" date).
            let value = if spec.get("today") == Some(&Value::Bool(true)) { Value::Str(today.to_string()) } else { spec.clone() };
            let parts: Vec<&str> = path.split('.').collect();
            set_in(form, &parts, "", &value, how, &mut given);
        }
    }
    given
}

fn set_in(record: &mut Value, parts: &[&str], at: &str, value: &Value, how: &str, given: &mut Vec<Given>) {
    if !record.is_object() {
        return;
    }
    let (name, rest) = (parts[0], &parts[1..]);
    let here = if at.is_empty() { name.to_owned() } else { format!("{at}.{name}") };
    if rest.is_empty() {
        if how == "fallback" && record.get(name).is_some() {
            return;
        }
        record.insert(name.to_owned(), value.clone());
        given.push(Given { field: here, value: value.clone(), how: how.into() });
        return;
    }
    // A field inside a list: every item the form has (an empty form has none).
    if let Some(Value::Arr(items)) = record.get_mut(name) {
        for (k, item) in items.iter_mut().enumerate() {
            set_in(item, rest, &format!("{here}[{k}]"), value, how, given);
        }
    }
}
