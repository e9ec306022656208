//! Reading the controls into the JSON the rules read: a value per field,
//! lists as arrays of items (their positions on the form kept, so an
//! outcome's path leads back to its control), "None of these" and a list's
//! "none" control as answered empty, "Not known" as unanswered.
//!
//! Coercion lives here and nowhere else: yes/no words, option values and
//! labels, numbers, GOV.UK's three date boxes and a single dd/mm/yyyy box (by
//! `dates::read_form_date`, the reader's own), and several-of answers that
//! record which options the form asked.

use super::input::{Binding, Choice, Control, Kind, Mapped};
use super::names::{self, Leaf, List, DATE_PARTS};
use crate::json::{Json as Value, Map, Num};
use crate::program::{FieldDef, FieldTy, Named, Schema};
use std::collections::HashMap;

pub const YES: [&str; 5] = ["yes", "y", "true", "on", "1"];
pub const NO: [&str; 5] = ["no", "n", "false", "off", "0"];
/// Values a yes-or-no question may use for "don't know": they read as unanswered.
pub const NOT_KNOWN: [&str; 13] = [
    "not known",
    "not-known",
    "not_known",
    "notknown",
    "unknown",
    "not sure",
    "not-sure",
    "not_sure",
    "dont know",
    "dont-know",
    "don't know",
    "do not know",
    "dk",
];

pub type ByName<'a> = HashMap<&'a str, &'a Control>;
type OptionMap = Map;

pub struct Read {
    pub form: Value,
    /// List key (`children`, `children.0.missing_episodes`) -> form position per item.
    pub items: Map<Vec<usize>>,
}

pub fn read_form(schema: &Schema, binding: &Binding, leaves: &[Leaf], lists: &[List], by_name: &ByName) -> Read {
    let mut items = Map::new();
    let mut cx = Cx { schema, binding, leaves, lists, by_name, items: &mut items, list_names: HashMap::new() };
    let form = cx.record(0, &[], &[], "");
    Read { form: form.into_json(), items }
}

struct Cx<'a, 'b> {
    schema: &'a Schema,
    binding: &'a Binding,
    leaves: &'a [Leaf],
    lists: &'a [List],
    by_name: &'a ByName<'a>,
    items: &'b mut Map<Vec<usize>>,
    list_names: HashMap<String, ListNames<'a>>,
}

impl Cx<'_, '_> {
    fn record(&mut self, record: usize, outer: &[usize], indices: &[usize], key: &str) -> Map {
        let mut out = Map::new();
        let Some(rec) = self.schema.records.get(record) else { return out };
        for &f in &rec.fields {
            let field = &self.schema.fields[f];
            let path =
                outer.iter().map(|&o| self.schema.fields[o].name.as_str()).chain([field.name.as_str()]).collect::<Vec<_>>().join(".");
            if let FieldTy::List(r) = field.ty {
                let inner = [outer, &[f]].concat();
                let by_name = self.by_name;
                let names_of = self.list_names.entry(path.clone()).or_insert_with(|| list_names(&path, by_name, self.leaves, self.lists));
                let positions = list_indices(names_of, indices, by_name);
                let mut read = Vec::new();
                let mut map = Vec::new();
                for i in positions {
                    let item_key = format!("{key}{}.{}.", field.name, map.len());
                    let item = self.record(r, &inner, &[indices, &[i]].concat(), &item_key);
                    // An item none of whose controls is answered is not an item yet.
                    if !item.is_empty() {
                        map.push(i);
                        read.push(item.into_json());
                    }
                }
                if !read.is_empty() {
                    out.insert(field.name.clone(), Value::Arr(read));
                    self.items.insert(format!("{key}{}", field.name), map);
                } else if let Some(list) = self.lists.iter().find(|l| l.path == path) {
                    // No items, but the form says there are none: an answered, empty list.
                    if none_marked(self.by_name, list, indices) {
                        out.insert(field.name.clone(), Value::Arr(Vec::new()));
                    }
                }
                continue;
            }
            let Some(leaf) = self.leaves.iter().find(|l| l.path == path) else { continue };
            if let Some(v) = read_leaf(self.by_name, leaf, field, indices, self.binding.mapping.get(&path)) {
                out.insert(field.name.clone(), v);
            }
        }
        out
    }
}

/// What a name may add to its field's: a GOV.UK date's boxes, a checkbox group's `[]`.
const SUFFIXES: [&str; 8] = ["", "-day", "-month", "-year", "[day]", "[month]", "[year]", "[]"];

/// The templates of a list's items (their fields' and their own lists'
/// "none" controls'), each with the list positions every control name gives
/// it. Worked out once per list, so a form with many items is not matched
/// name by name again for each item (a thousand children would otherwise
/// take minutes).
pub struct ListNames<'a> {
    templates: Vec<(&'a str, Vec<Slots>)>,
}

/// The list positions one name gives a template: slot k -> position.
type Slots = Vec<(usize, usize)>;

pub fn list_names<'a>(list_path: &str, by_name: &ByName, leaves: &'a [Leaf], lists: &'a [List]) -> ListNames<'a> {
    let prefix = format!("{list_path}.");
    let templates = leaves
        .iter()
        .filter(|l| l.path.starts_with(&prefix))
        .flat_map(|l| l.templates.iter())
        .chain(lists.iter().filter(|l| l.path.starts_with(&prefix)).flat_map(|l| l.templates.iter()))
        .map(|t| {
            let slots = by_name
                .keys()
                .filter_map(|n| SUFFIXES.iter().find_map(|s| n.strip_suffix(s).and_then(|b| names::match_template(t, b))))
                .collect();
            (t.as_str(), slots)
        })
        .collect();
    ListNames { templates }
}

/// Which positions of a list appear in the controls' names, in order, inside
/// the item at `indices` of the lists around it. A name without the list's
/// placeholder (a flat, one-item binding) is item 0.
pub fn list_indices(names_of: &ListNames, indices: &[usize], by_name: &ByName) -> Vec<usize> {
    let depth = indices.len();
    let mut found = Vec::new();
    for (template, matches) in &names_of.templates {
        if !names::template_fits(template, indices) {
            continue;
        }
        if !names::has_slot(template, depth) {
            let name = names::fill(template, indices);
            if SUFFIXES.iter().any(|s| by_name.contains_key(format!("{name}{s}").as_str())) {
                found.push(0);
            }
            continue;
        }
        for slots in matches {
            // The outer lists' positions must be this item's.
            if slots.iter().all(|&(k, v)| k >= depth || indices.get(k) == Some(&v)) {
                if let Some(&(_, v)) = slots.iter().find(|(k, _)| *k == depth) {
                    found.push(v);
                }
            }
        }
    }
    crate::order::sort_dedup(&mut found);
    found
}

/// Whether a list's "none" control is on: a ticked checkbox or radio (other
/// than a "no" value), or another control whose value is yes / true / on / 1.
pub fn none_marked(by_name: &ByName, list: &List, indices: &[usize]) -> bool {
    list.templates.iter().any(|t| {
        let Some(c) = by_name.get(names::fill(t, indices).as_str()) else { return false };
        match c.kind {
            Kind::Checkbox | Kind::Radio => c.options.iter().any(|o| o.checked && !NO.contains(&lower(&o.value).as_str())),
            _ => raw_value(c).is_some_and(|v| YES.contains(&lower(&v).as_str())),
        }
    })
}

fn read_leaf(by_name: &ByName, leaf: &Leaf, field: &FieldDef, indices: &[usize], mapped: Option<&Mapped>) -> Option<Value> {
    let options = mapped.and_then(Mapped::options);
    if leaf.union {
        // Several controls answer one field: the union of what each answers.
        let values: Vec<Value> = leaf
            .templates
            .iter()
            .filter(|t| names::template_fits(t, indices))
            .filter_map(|t| read_named(by_name, &names::fill(t, indices), field, options, true))
            .collect();
        return unite(values, field);
    }
    leaf.templates
        .iter()
        .filter(|t| names::template_fits(t, indices))
        .find_map(|t| read_named(by_name, &names::fill(t, indices), field, options, leaf.shared))
}

fn field_options(field: &FieldDef) -> &[Named] {
    match &field.ty {
        FieldTy::OneOf(o) | FieldTy::SeveralOf(o) => o,
        _ => &[],
    }
}

/// Answers from several controls for one field, as one: for several-of, the
/// options asked and ticked by any; for yes-or-no, yes if any says yes, no if
/// all that answered say no; otherwise the first answer.
fn unite(values: Vec<Value>, field: &FieldDef) -> Option<Value> {
    if values.is_empty() {
        return None;
    }
    match &field.ty {
        FieldTy::SeveralOf(opts) => {
            let (mut asked, mut ticked) = (Vec::new(), Vec::new());
            for v in &values {
                let (a, t) = match v {
                    Value::Arr(t) => (opts.iter().map(|o| o.id.clone()).collect(), strings(t)),
                    _ => {
                        let list = |k: &str| v.get(k).and_then(Value::as_array).map(|a| strings(a)).unwrap_or_default();
                        (list("asked"), list("ticked"))
                    }
                };
                asked.extend(a);
                ticked.extend(t);
            }
            asked_answer(&asked, &ticked, opts)
        }
        FieldTy::YesNo => {
            if values.iter().any(|v| v == &Value::Bool(true)) {
                Some(Value::Bool(true))
            } else if values.iter().all(|v| v == &Value::Bool(false)) {
                Some(Value::Bool(false))
            } else {
                None
            }
        }
        _ => values.into_iter().next(),
    }
}

fn strings(v: &[Value]) -> Vec<String> {
    v.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect()
}

/// A several-of answer: a plain list when the form asked every option, else
/// which options it asked and which of those were ticked, so an option never
/// asked stays unknown rather than "no".
fn asked_answer(asked: &[String], ticked: &[String], opts: &[Named]) -> Option<Value> {
    let all: Vec<&str> = opts.iter().map(|o| o.id.as_str()).collect();
    let known: Vec<&str> = all.iter().copied().filter(|id| asked.iter().any(|a| a == id)).collect();
    let chosen: Vec<&str> = all.iter().copied().filter(|id| ticked.iter().any(|t| t == id)).collect();
    if known.is_empty() && chosen.is_empty() {
        return None;
    }
    if all.iter().all(|id| known.contains(id)) {
        return Some(Value::strings(chosen));
    }
    let asked: Vec<&str> = all.iter().copied().filter(|id| known.contains(id) || chosen.contains(id)).collect();
    Some(Value::Obj(vec![("asked".into(), Value::strings(asked)), ("ticked".into(), Value::strings(chosen))]))
}

/// The option id a control's value stands for in this field, or None (null
/// in the mapping: no answer; a value of another field's when shared).
fn own_option(value: &str, field: &FieldDef, options: Option<&OptionMap>) -> Option<String> {
    if let Some(v) = options.and_then(|m| m.get(value)) {
        return v.as_str().map(str::to_owned);
    }
    option_id_of(value, field)
}

pub fn read_named(by_name: &ByName, name: &str, field: &FieldDef, options: Option<&OptionMap>, shared: bool) -> Option<Value> {
    match &field.ty {
        FieldTy::Date => {
            if let Some(c) = by_name.get(name) {
                // One box goes as typed: the form reader reads it (`read_form_date`)
                // and words what is wrong the GOV.UK way, quoting what was typed.
                let raw = raw_value(c)?;
                return (!raw.trim().is_empty()).then(|| Value::Str(raw.trim().to_owned()));
            }
            for style in [|n: &str, p: &str| format!("{n}-{p}"), |n: &str, p: &str| format!("{n}[{p}]")] {
                let parts: Vec<Option<&&Control>> = DATE_PARTS.iter().map(|p| by_name.get(style(name, p).as_str())).collect();
                if parts.iter().all(Option::is_some) {
                    let typed: Vec<String> = parts.iter().map(|c| c.and_then(|c| raw_value(c)).unwrap_or_default()).collect();
                    return date_from_parts(&typed);
                }
            }
            None
        }
        FieldTy::SeveralOf(opts) => {
            let c = by_name.get(name).or_else(|| by_name.get(format!("{name}[]").as_str()))?;
            // Which of the field's options this control asks (a radio or a lone
            // checkbox answering yes or no to one option counts as asking it).
            let asked: Vec<String> = offered_values(c).iter().filter_map(|v| own_option(v, field, options)).collect();
            // A value the mapping maps to null is no answer at all, neither an option nor "none".
            let meant: Vec<&Choice> =
                ticked(c).into_iter().filter(|o| !options.and_then(|m| m.get(&o.value)).is_some_and(Value::is_null)).collect();
            // "None of these", or a value the mapping maps to false (a radio's
            // "No" to the options this control asks): answered, none ticked.
            let says_none =
                |o: &Choice| is_exclusive(o, field, options) || options.and_then(|m| m.get(&o.value)) == Some(&Value::Bool(false));
            let exclusive = meant.iter().any(|o| says_none(o));
            let mut values: Vec<&str> = meant.iter().filter(|o| !says_none(o)).map(|o| o.value.as_str()).collect();
            // A control shared with other fields: each takes only the values that are its own.
            if shared {
                values.retain(|v| own_option(v, field, options).is_some());
            }
            let chosen: Vec<String> = values.iter().map(|v| option_id(v, field, options).unwrap_or_else(|| (*v).to_owned())).collect();
            // Only "None of these" ticked is an answered empty set, and only for
            // the options this control asks. A checkbox group shared with other
            // fields is answered by any tick: its options that are this field's
            // and not ticked are "no".
            let answered_elsewhere = shared && !meant.is_empty() && c.kind == Kind::Checkbox;
            if chosen.is_empty() && !exclusive && !answered_elsewhere {
                return None;
            }
            if chosen.iter().any(|t| !opts.iter().any(|o| &o.id == t)) {
                return Some(Value::strings(chosen)); // the form reader reports the unknown option
            }
            asked_answer(&asked, &chosen, opts)
        }
        FieldTy::YesNo => yes_no(by_name.get(name)?, options),
        FieldTy::Number => {
            let raw = raw_value(by_name.get(name)?)?;
            let t = raw.trim().replace(',', "");
            if t.is_empty() {
                return None;
            }
            // A non-number goes as typed: the form reader words the error at the field.
            Some(t.parse::<f64>().ok().and_then(number).unwrap_or(Value::Str(raw)))
        }
        FieldTy::OneOf(_) => {
            let raw = raw_value(by_name.get(name)?)?;
            if raw.trim().is_empty() {
                return None;
            }
            Some(Value::Str(option_id(&raw, field, options)?))
        }
        FieldTy::Text => {
            let raw = raw_value(by_name.get(name)?)?;
            (!raw.trim().is_empty()).then_some(Value::Str(raw))
        }
        FieldTy::List(_) => None,
    }
}

/// A number as JSON: a whole number as an integer (`3`, not `3.0`, as the page's own JSON has it).
pub fn number(n: f64) -> Option<Value> {
    if !n.is_finite() {
        return None;
    }
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        let i = n as i64;
        return Some(Value::Num(if i < 0 { Num::Neg(i) } else { Num::Pos(i as u64) }));
    }
    Some(Value::Num(Num::Float(n)))
}

/// Every value a control offers (its choices, or its typed value).
pub fn offered_values(c: &Control) -> Vec<String> {
    if c.options.is_empty() {
        return c.value.iter().filter(|v| !v.is_empty()).cloned().collect();
    }
    c.options.iter().map(|o| o.value.clone()).filter(|v| !v.is_empty()).collect()
}

/// One value: the ticked or chosen choice, or the typed text.
pub fn raw_value(c: &Control) -> Option<String> {
    match c.kind {
        Kind::Radio | Kind::Checkbox | Kind::Select => c.options.iter().find(|o| o.checked).map(|o| o.value.clone()),
        Kind::Text | Kind::Hidden => c.value.clone(),
    }
}

/// The ticked checkboxes (or chosen options).
fn ticked(c: &Control) -> Vec<&Choice> {
    c.options.iter().filter(|o| o.checked && !o.value.is_empty()).collect()
}

/// Whether a control carries an answer now (for "a list item whose answers are all unread").
pub fn answered(c: &Control) -> bool {
    match c.kind {
        Kind::Hidden => false,
        _ => raw_value(c).is_some_and(|v| !v.trim().is_empty()),
    }
}

/// GOV.UK's "None of these": `data-behaviour="exclusive"`, or the value
/// "none" when "none" is not one of the field's own options.
pub fn is_exclusive(o: &Choice, field: &FieldDef, options: Option<&OptionMap>) -> bool {
    if o.exclusive {
        return true;
    }
    if lower(&o.value) != "none" || options.is_some_and(|m| m.contains_key(&o.value)) {
        return false;
    }
    !field_options(field).iter().any(|x| x.id.to_lowercase() == "none" || x.label.to_lowercase() == "none")
}

fn yes_no(c: &Control, options: Option<&OptionMap>) -> Option<Value> {
    // A lone checkbox: ticked is yes, not ticked is no.
    if c.kind == Kind::Checkbox && c.options.len() == 1 && options.is_none() {
        return Some(Value::Bool(c.options[0].checked));
    }
    let raw = raw_value(c)?;
    if let Some(v) = options.and_then(|m| m.get(&raw)) {
        return v.as_bool().map(Value::Bool);
    }
    let v = lower(&raw);
    if YES.contains(&v.as_str()) {
        Some(Value::Bool(true))
    } else if NO.contains(&v.as_str()) {
        Some(Value::Bool(false))
    } else {
        None // "Not known", "Not sure": not answered
    }
}

pub fn is_not_known(value: &str) -> bool {
    NOT_KNOWN.contains(&lower(value).as_str())
}

pub fn is_yes_no_word(value: &str) -> bool {
    let v = lower(value);
    YES.contains(&v.as_str()) || NO.contains(&v.as_str()) || NOT_KNOWN.contains(&v.as_str())
}

/// The option id a value stands for (its id or its label), or None.
pub fn option_id_of(raw: &str, field: &FieldDef) -> Option<String> {
    let opts = field_options(field);
    if let Some(o) = opts.iter().find(|o| o.id == raw) {
        return Some(o.id.clone());
    }
    let l = lower(raw);
    opts.iter().find(|o| o.label.to_lowercase() == l || o.id.to_lowercase() == l).map(|o| o.id.clone())
}

/// The option id for a value: the mapping's, else the field's own; an
/// unknown value goes as given, for the form reader to report at the field.
fn option_id(raw: &str, field: &FieldDef, options: Option<&OptionMap>) -> Option<String> {
    if let Some(v) = options.and_then(|m| m.get(raw)) {
        return v.as_str().map(str::to_owned);
    }
    Some(option_id_of(raw, field).unwrap_or_else(|| raw.to_owned()))
}

fn lower(s: &str) -> String {
    s.trim().to_lowercase()
}

/// A date box as typed: a real date goes as YYYY-MM-DD; anything else as
/// typed, for the form reader to word the GOV.UK way at the field.
fn date_from_text(raw: String) -> Option<Value> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    Some(Value::Str(crate::dates::read_form_date(s).map(|d| d.to_string()).unwrap_or_else(|_| s.to_owned())))
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// GOV.UK's three boxes: a month may be written as a word ("March"); never
/// dropped, whatever is missing (the reader says what, at the field).
fn date_from_parts(parts: &[String]) -> Option<Value> {
    let (d, m, y) = (parts[0].trim(), parts[1].trim(), parts[2].trim());
    if d.is_empty() && m.is_empty() && y.is_empty() {
        return None;
    }
    let head: String = m.chars().take(3).collect::<String>().to_lowercase();
    let m = match MONTHS.iter().position(|x| *x == head) {
        Some(i) if m.len() >= 3 => (i + 1).to_string(),
        _ => m.to_owned(),
    };
    date_from_text(format!("{d}/{m}/{y}"))
}
