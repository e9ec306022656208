//! Checking the binding both ways: every field the rules read has a control
//! (or is given, or declared not collected), and every control that carries an
//! answer is read by some field (or declared not screened, with the reason).
//! Nothing is lost without a word: a child found in another town, unread,
//! once screened one level too low with `problems` empty.

use super::input::{Binding, Control, Kind, Mapped, Problem};
use super::names::{self, Leaf, List};
use super::read::{self, ByName};
use crate::json::Json as Value;
use crate::program::{FieldDef, FieldTy, Schema};
use std::collections::{HashMap, HashSet};

pub struct Checked {
    pub problems: Vec<Problem>,
    pub not_collected: Vec<String>,
    pub nothing_bound: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum ListState {
    Items,
    NoneOnly,
    Absent,
}

pub fn check(
    schema: &Schema,
    binding: &Binding,
    leaves: &[Leaf],
    lists: &[List],
    controls: &[Control],
    by_name: &ByName,
    derived: &[(String, Vec<String>)],
) -> Checked {
    let mut problems = Vec::new();
    let mut add = |p: Problem| problems.push(p);
    let field = |f: usize| &schema.fields[f];
    let names: Vec<&str> = controls.iter().map(|c| c.name.as_str()).collect();
    let known: Vec<&str> = leaves.iter().map(|l| l.path.as_str()).chain(lists.iter().map(|l| l.path.as_str())).collect();
    let suggest = |key: &str| suggest(key, &known);

    for (key, mapped) in &binding.mapping {
        if !known.contains(&key.as_str()) {
            add(Problem::new(
                "mapping-unknown-field",
                key,
                format!("The mapping names \"{key}\", which is not a field of the rule set.{}", suggest(key)),
            ));
        } else if lists.iter().any(|l| &l.path == key) && plain_name(mapped).is_some() {
            let first =
                leaves.iter().find(|l| l.path.starts_with(&format!("{key}."))).map(|l| field(l.field).name.as_str()).unwrap_or("field");
            add(Problem::new(
                "mapping-on-a-list",
                key,
                format!("\"{key}\" is a list: map its fields (\"{key}.{first}\"), or give {{ single: true }} or {{ none: \"name\" }}."),
            ));
        }
    }
    for (label, source) in [("answers", &binding.answers), ("fallbacks", &binding.fallbacks)] {
        for key in source.keys() {
            if !leaves.iter().any(|l| &l.path == key) {
                add(Problem::new(
                    &format!("{label}-unknown-field"),
                    key,
                    format!("options.{label} names \"{key}\", which is not a field of the rule set.{}", suggest(key)),
                ));
            }
        }
    }
    for key in &binding.not_collected {
        if !known.contains(&key.as_str()) {
            add(Problem::new(
                "not-collected-unknown-field",
                key,
                format!("options.notCollected names \"{key}\", which is not a field or list of the rule set.{}", suggest(key)),
            ));
        }
    }

    let given: HashSet<&str> =
        binding.answers.keys().chain(binding.fallbacks.keys()).map(String::as_str).chain(derived.iter().map(|(p, _)| p.as_str())).collect();
    let declared = |path: &str| binding.not_collected.iter().any(|p| path == p || path.starts_with(&format!("{p}.")));
    // The form's names that some field or list reads (checked the other way below).
    let found: HashMap<&str, Vec<&str>> = leaves
        .iter()
        .map(|l| {
            let ty = &field(l.field).ty;
            (l.path.as_str(), names.iter().copied().filter(|n| l.templates.iter().any(|t| names::match_name(t, ty, n).is_some())).collect())
        })
        .collect();
    let mut read: HashSet<&str> = found.values().flatten().copied().collect();
    // The controls a derived answer's rule reads.
    for n in &names {
        if derived.iter().flat_map(|(_, ts)| ts).any(|t| names::match_template(t, n).is_some()) {
            read.insert(n);
        }
    }
    for list in lists {
        for n in &names {
            if list.templates.iter().any(|t| names::match_template(t, n).is_some()) {
                read.insert(n);
            }
        }
    }

    // A list may have no item on the form yet: its items may be added by the
    // form's own script ("Add another child"), which is checked again when it
    // does. A list with no items whose fields appear under their bare names
    // (`first_name`) is a one-item form bound without { single: true }: the
    // trap that once screened a whole child as unread, so it is a problem.
    let mut state: HashMap<&str, ListState> = HashMap::new();
    for list in lists {
        let inside = format!("{}.", list.path);
        let items = leaves.iter().any(|l| l.path.starts_with(&inside) && !found[l.path.as_str()].is_empty());
        let none = names.iter().any(|n| list.templates.iter().any(|t| names::match_template(t, n).is_some()));
        state.insert(
            &list.path,
            if items {
                ListState::Items
            } else if none {
                ListState::NoneOnly
            } else {
                ListState::Absent
            },
        );
        if items || none {
            continue;
        }
        let lf = field(list.field);
        let item_label = match lf.ty {
            FieldTy::List(r) => schema.records[r].item_label.to_lowercase(),
            _ => String::new(),
        };
        let item_label = if item_label.is_empty() { "item".to_owned() } else { item_label };
        let bare: Vec<String> = leaves
            .iter()
            .filter(|l| l.depth == list.depth + 1 && l.path == format!("{}{}", inside, field(l.field).name))
            .filter(|l| !leaves.iter().any(|t| t.depth == 0 && t.path == field(l.field).name && !found[t.path.as_str()].is_empty()))
            .filter_map(|l| variants(&field(l.field).name, &field(l.field).ty).into_iter().find(|n| by_name.contains_key(n.as_str())))
            .collect();
        let list_declared = declared(&list.path);
        let screened_inside =
            leaves.iter().any(|l| l.path.starts_with(&inside) && field(l.field).screened && !given.contains(l.path.as_str()));
        // A list inside another is checked once its outer list has items on the form.
        let outer_ready =
            lists.iter().all(|o| !list.path.starts_with(&format!("{}.", o.path)) || state.get(o.path.as_str()) == Some(&ListState::Items));
        if bare.is_empty() && !list_declared && !names::starts_empty(binding, &list.path) && screened_inside && outer_ready {
            // No item of the list and no "none" control on the form: every rule
            // about its items stays undecided, and nothing says so unless we do.
            let example = leaves
                .iter()
                .find(|l| l.path.starts_with(&inside) && field(l.field).screened)
                .map(|l| field(l.field).name.as_str())
                .unwrap_or("field");
            add(Problem::new("list-not-on-form", &list.path, format!(
                "No control of \"{}\" ({}) is on the form, so no {item_label} can be screened. Map its fields to the form's names (for example \"{}.{example}\": \"your[{{0}}][name]\"), list \"{}\" in notCollected if the form does not ask about it, or give {{ startsEmpty: true }} if its items are added by an \"Add another\" button.",
                lf.label, list.path, list.path, list.path
            )));
        }
        if !bare.is_empty() && !list_declared {
            let shown = bare.iter().take(4).map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
            let more = if bare.len() > 4 { format!(" and {} more", bare.len() - 4) } else { String::new() };
            let mut p = Problem::new("list-flat-names", &list.path, format!(
                "The form has {shown}{more}, which are fields of \"{}\" ({}) without a list position, so they are not read. If the form is about one {item_label}, add mapping: {{ \"{}\": {{ single: true }} }}.",
                lf.label, list.path, list.path
            ));
            p.names = bare;
            add(p);
        }
    }

    let mut not_collected: Vec<String> = Vec::new();
    let mut bound = 0usize;
    for leaf in leaves {
        let f = field(leaf.field);
        let matched = &found[leaf.path.as_str()];
        let is_declared = declared(&leaf.path);
        if let Some(first) = matched.first() {
            bound += 1;
            if is_declared {
                add(Problem::new(
                    "not-collected-but-on-form",
                    &leaf.path,
                    // The form's answer is read and screened all the same: say so, so
                    // the declaration is taken out rather than believed.
                    format!(
                        "\"{}\" ({}) is listed in notCollected, but the form has \"{first}\", which is read and screened: take it out of notCollected.",
                        f.label, leaf.path
                    ),
                ));
            }
            if !leaf.shared {
                let cs: Vec<&Control> = matched.iter().filter_map(|n| by_name.get(n).copied()).collect();
                check_values(leaf, f, &cs, binding.mapping.get(&leaf.path), &mut add);
            }
            continue;
        }
        if given.contains(leaf.path.as_str()) {
            bound += 1;
            continue;
        }
        let outer = lists
            .iter()
            .filter(|l| leaf.path.starts_with(&format!("{}.", l.path)))
            .find(|l| state.get(l.path.as_str()) != Some(&ListState::Items));
        if outer.is_some_and(|o| state.get(o.path.as_str()) == Some(&ListState::NoneOnly)) {
            // No item yet, but the form asks the list: its own script adds items.
            bound += 1;
            continue;
        }
        not_collected.push(leaf.path.clone());
        // No item of the list on the form (reported above if its fields are there
        // under bare names); a flat mapped name should be there all the same.
        if is_declared || (outer.is_some() && leaf.mapped.as_deref().is_none_or(has_any_slot)) {
            continue;
        }
        if let Some(m) = &leaf.mapped {
            let mut p = Problem::new(
                "mapped-name-missing",
                &leaf.path,
                format!("\"{}\" is mapped to \"{m}\", but the form has no control named \"{m}\".", leaf.path),
            );
            p.names = vec![m.clone()];
            add(p);
        } else if f.screened {
            // Only a field some rule reads is a problem when missing: the schema
            // says which (a field read by no rule, or `not screened`, loses nothing).
            let name = leaf.templates.first().map(|t| names::fill(t, &[])).unwrap_or_default();
            add(Problem::new(
                "field-not-on-form",
                &leaf.path,
                format!("\"{}\" ({}): no control named \"{name}\" on the form.", f.label, leaf.path),
            ));
        }
    }
    check_shared_values(schema, binding, leaves, &names, by_name, &mut add);
    check_controls_read(binding, controls, &read, &mut add);
    check_items_read(schema, binding, lists, leaves, controls, &mut add);
    // Declared lists and fields are not collected whatever their leaves say.
    not_collected.extend(binding.not_collected.iter().cloned());
    crate::order::sort_dedup(&mut not_collected);
    let nothing_bound = bound == 0;
    if nothing_bound {
        problems.insert(0, Problem::new(
            "nothing-bound",
            "",
            "None of the rule set's fields were found on this form, so nothing can be screened: the names of the form's controls and the rule set's fields share nothing. Add a mapping.".into(),
        ));
    }
    Checked { problems, not_collected, nothing_bound }
}

/// `mapping["x"]: "name"` or `{ name: "name" }` (not `names`, not a list's options).
fn plain_name(mapped: &Mapped) -> Option<&str> {
    match mapped {
        Mapped::Name(n) => Some(n),
        Mapped::More(m) => m.name.as_deref(),
    }
}

fn has_any_slot(template: &str) -> bool {
    (0..8).any(|k| names::has_slot(template, k))
}

/// Names a control for this field may have: the name itself, `name[]` for
/// checkbox groups, and the three parts of a GOV.UK date input.
fn variants(name: &str, ty: &FieldTy) -> Vec<String> {
    names::suffixes(ty).iter().map(|s| format!("{name}{s}")).collect()
}

/// The other way round: every control that carries an answer is read by some
/// field, or declared in notScreened with the reason it is not screened.
/// Names that differ only in list positions (`child[0][dob]`, `child[1][dob]`)
/// are one problem; the three boxes of a date are one control.
fn check_controls_read(binding: &Binding, controls: &[Control], read: &HashSet<&str>, add: &mut impl FnMut(Problem)) {
    let declared = &binding.not_screened;
    let mut groups: Vec<(String, Vec<String>, String)> = Vec::new();
    for c in controls {
        if read.contains(c.name.as_str()) || c.kind == Kind::Hidden {
            continue; // a hidden input is set by the page, not asked of the person
        }
        let key = names::pattern_of(&c.name);
        if declared.contains_key(&c.name) || declared.contains_key(&key) {
            continue;
        }
        match groups.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, names, _)) => names.push(c.name.clone()),
            None => groups.push((key, vec![c.name.clone()], c.label.clone())),
        }
    }
    for (key, names, label) in groups {
        let shown = if label.is_empty() { format!("\"{key}\"") } else { format!("\"{label}\" ({key})") };
        let mut p = Problem::new(
            "control-not-read",
            "",
            format!("{shown}: no field of the rule set reads this answer, so it is not screened. Map it to the field that asks the same thing, or declare it in notScreened with the reason."),
        );
        p.control = Some(key);
        p.label = Some(label);
        p.names = names;
        add(p);
    }
    for (key, reason) in declared {
        if reason.as_str().is_none_or(|r| r.trim().is_empty()) {
            let mut p = Problem::new(
                "not-screened-without-reason",
                "",
                format!("notScreened[\"{key}\"] gives no reason: say why the form's answer is not screened (for example \"Who is referring: not a sign of risk\")."),
            );
            p.control = Some(key.clone());
            add(p);
        }
    }
}

/// A list item the form has answers for, none of which the screening reads
/// (a child whose name and date of birth are blank but whose other answers are
/// given in controls nothing reads): dropped without a word otherwise.
fn check_items_read(
    schema: &Schema,
    binding: &Binding,
    lists: &[List],
    leaves: &[Leaf],
    controls: &[Control],
    add: &mut impl FnMut(Problem),
) {
    // A list the form does not collect has no items to lose.
    for list in lists.iter().filter(|l| l.depth == 0 && !binding.not_collected.contains(&l.path)) {
        let inside = format!("{}.", list.path);
        // The text before `{0}` in the list's fields' names: `child[`.
        let mut prefixes: Vec<&str> = leaves
            .iter()
            .filter(|l| l.path.starts_with(&inside))
            .flat_map(|l| l.templates.iter())
            .filter_map(|t| t.find("{0}").map(|i| &t[..i]))
            .filter(|p| !p.is_empty())
            .collect();
        crate::order::sort_dedup(&mut prefixes);
        let position = |name: &str| {
            prefixes.iter().find_map(|p| {
                let rest = name.strip_prefix(p)?;
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                (digits > 0).then(|| rest[..digits].parse::<usize>().ok()).flatten()
            })
        };
        let mut answered_at: Vec<(usize, Vec<String>)> = Vec::new();
        let mut bound_answer: Vec<usize> = Vec::new();
        for c in controls.iter().filter(|c| read::answered(c)) {
            let Some(i) = position(&c.name) else { continue };
            let is_bound = leaves
                .iter()
                .filter(|l| l.path.starts_with(&inside))
                .any(|l| l.templates.iter().any(|t| names::match_name(t, &schema.fields[l.field].ty, &c.name).is_some()));
            if is_bound {
                bound_answer.push(i);
            } else {
                match answered_at.iter_mut().find(|(k, _)| *k == i) {
                    Some((_, v)) => v.push(c.label.clone()),
                    None => answered_at.push((i, vec![c.label.clone()])),
                }
            }
        }
        let FieldTy::List(r) = schema.fields[list.field].ty else { continue };
        let item = &schema.records[r].item_label;
        for (i, labels) in answered_at.into_iter().filter(|(i, _)| !bound_answer.contains(i)) {
            let shown = labels.iter().filter(|l| !l.is_empty()).take(3).map(|l| format!("\"{l}\"")).collect::<Vec<_>>().join(", ");
            add(Problem::new(
                "item-not-read",
                &list.path,
                format!(
                    "{item} {} on the form has answers ({shown}) but none that the screening reads, so this {} is not screened. Map its questions to the fields of \"{}\" ({}).",
                    i + 1,
                    item.to_lowercase(),
                    schema.fields[list.field].label,
                    list.path
                ),
            ));
        }
    }
}

/// A control that feeds several fields: each value it offers must be taken by
/// one of them (an option of its own, or mapped), or mapped to null on purpose.
fn check_shared_values(
    schema: &Schema,
    binding: &Binding,
    leaves: &[Leaf],
    names: &[&str],
    by_name: &ByName,
    add: &mut impl FnMut(Problem),
) {
    let mut by_template: Vec<(&str, Vec<&Leaf>)> = Vec::new();
    for leaf in leaves.iter().filter(|l| l.shared) {
        for t in &leaf.templates {
            match by_template.iter_mut().find(|(k, _)| k == t) {
                Some((_, v)) => v.push(leaf),
                None => by_template.push((t, vec![leaf])),
            }
        }
    }
    let several = FieldTy::SeveralOf(vec![]);
    for (template, sharing) in by_template {
        let found: Vec<&Control> =
            names.iter().filter(|n| names::match_name(template, &several, n).is_some()).filter_map(|n| by_name.get(n).copied()).collect();
        let mut offered: Vec<String> = Vec::new();
        for v in found.iter().flat_map(|c| read::offered_values(c)) {
            if !offered.contains(&v) {
                offered.push(v);
            }
        }
        let untaken: Vec<String> = offered
            .into_iter()
            .filter(|value| {
                !sharing.iter().any(|leaf| {
                    let f = &schema.fields[leaf.field];
                    let options = binding.mapping.get(&leaf.path).and_then(Mapped::options);
                    if options.is_some_and(|m| m.contains_key(value)) {
                        return true; // an option, null or false: said on purpose
                    }
                    let choice = found.first().and_then(|c| c.options.iter().find(|o| &o.value == value)).cloned();
                    let choice = choice.unwrap_or(super::input::Choice {
                        value: value.clone(),
                        label: String::new(),
                        checked: false,
                        exclusive: false,
                    });
                    read::option_id_of(value, f).is_some() || (!found.is_empty() && read::is_exclusive(&choice, f, options))
                })
            })
            .collect();
        if !untaken.is_empty() {
            let feeds = sharing.iter().map(|l| format!("\"{}\" ({})", schema.fields[l.field].label, l.path)).collect::<Vec<_>>().join(", ");
            let quoted: Vec<String> = untaken.iter().map(|v| format!("\"{v}\"")).collect();
            let mut p = Problem::new(
                "value-not-an-option",
                &sharing[0].path,
                format!("The form offers {} on \"{template}\", which feeds {feeds}, but no field takes it. Add it to one field's options (null for \"unanswered\").", quoted.join(", ")),
            );
            p.values = quoted;
            add(p);
        }
    }
}

/// Each value a control offers must mean something for its field.
fn check_values(leaf: &Leaf, f: &FieldDef, controls: &[&Control], mapped: Option<&Mapped>, add: &mut impl FnMut(Problem)) {
    let opts = match &f.ty {
        FieldTy::OneOf(o) | FieldTy::SeveralOf(o) => o.as_slice(),
        FieldTy::YesNo => &[],
        _ => return,
    };
    let options = mapped.and_then(Mapped::options);
    let mut offered: Vec<String> = Vec::new();
    for c in controls {
        match c.kind {
            Kind::Text | Kind::Hidden => return, // typed text: read as typed, and any bad answer is reported by the form reader
            // A lone checkbox for a yes-or-no question reads ticked as yes.
            Kind::Checkbox if f.ty == FieldTy::YesNo && c.options.len() == 1 && options.is_none() => return,
            _ => {}
        }
        for o in &c.options {
            if matches!(f.ty, FieldTy::SeveralOf(_)) && c.kind != Kind::Select && read::is_exclusive(o, f, options) {
                continue;
            }
            if !offered.contains(&o.value) {
                offered.push(o.value.clone());
            }
        }
    }
    let mut bad = Vec::new();
    for value in offered.iter().filter(|v| !v.is_empty()) {
        if let Some(v) = options.and_then(|m| m.get(value)) {
            let fits = match (&f.ty, v) {
                (_, Value::Null) => true,
                (FieldTy::YesNo, v) => v.is_boolean(),
                (FieldTy::SeveralOf(_), Value::Bool(false)) => true,
                (_, Value::Str(s)) => opts.iter().any(|o| &o.id == s),
                _ => false,
            };
            if !fits {
                bad.push(format!("\"{value}\" (mapped to {v})"));
            }
            continue;
        }
        let fine = if f.ty == FieldTy::YesNo { read::is_yes_no_word(value) } else { read::option_id_of(value, f).is_some() };
        if !fine {
            bad.push(format!("\"{value}\""));
        }
    }
    if bad.is_empty() {
        return;
    }
    let expected = if f.ty == FieldTy::YesNo {
        "yes or no (or \"Not known\" for unanswered)".to_owned()
    } else {
        format!("one of {}", opts.iter().map(|o| format!("{} \"{}\"", o.id, o.label)).collect::<Vec<_>>().join(", "))
    };
    let mut p = Problem::new(
        "value-not-an-option",
        &leaf.path,
        format!(
            "The form offers {} for \"{}\" ({}), which is not {expected}. Add it to the mapping's options (null for \"unanswered\").",
            bad.join(", "),
            f.label,
            leaf.path
        ),
    );
    p.values = bad;
    add(p);
}

/// The nearest field path by its last name, allowing a slip of two letters.
fn suggest(key: &str, known: &[&str]) -> String {
    let last = key.rsplit('.').next().unwrap_or(key);
    let mut best: Option<(&str, f64)> = None;
    for p in known {
        let d = distance(last, p.rsplit('.').next().unwrap_or(p)) as f64;
        if d <= 2.0 && best.is_none_or(|(_, b)| d < b) {
            best = Some((p, d));
        }
    }
    best.map(|(p, _)| format!(" Did you mean \"{p}\"?")).unwrap_or_default()
}

/// Edit distance between two short names (for "did you mean").
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 2 {
        return 3;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i];
        for j in 1..=b.len() {
            row.push((prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + usize::from(a[i - 1] != b[j - 1])));
        }
        prev = row;
    }
    prev[b.len()]
}
