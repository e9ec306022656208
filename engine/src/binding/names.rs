//! Names: from the rule set's schema to the form's controls. Each field that
//! holds an answer gets the name templates its control may go by (`{0}`, `{1}`
//! stand for list positions, outermost first), and each list the names its
//! "none" control may go by. A form that follows the rule set's own names
//! (`children[0][date_of_birth]` or `children[0].date_of_birth`) needs no mapping.

use super::input::{Binding, Mapped};
use crate::program::{FieldId, FieldTy, Schema};

pub const DATE_PARTS: [&str; 3] = ["day", "month", "year"];

/// A field that holds an answer, and the names its control may go by.
#[derive(Debug, Clone)]
pub struct Leaf {
    pub field: FieldId,
    /// `children.date_of_birth`.
    pub path: String,
    /// How many lists it sits inside.
    pub depth: usize,
    /// The name the mapping gives (the first of `names`), if any.
    pub mapped: Option<String>,
    pub templates: Vec<String>,
    /// Several controls feed this one field (`{ names: [...] }`).
    pub union: bool,
    /// One control feeds several fields, each taking the values its options map.
    pub shared: bool,
}

/// A list field, and the names its "none" control may go by.
#[derive(Debug, Clone)]
pub struct List {
    pub field: FieldId,
    pub path: String,
    pub depth: usize,
    pub templates: Vec<String>,
}

/// Every field that holds an answer and every list, in the schema's order.
pub fn collect(schema: &Schema, binding: &Binding) -> (Vec<Leaf>, Vec<List>) {
    let mut leaves = Vec::new();
    let mut lists = Vec::new();
    walk(schema, binding, 0, &mut Vec::new(), &mut leaves, &mut lists);
    // `shared`: a template some other mapped field uses too.
    let mut uses: std::collections::HashMap<String, usize> = Default::default();
    for leaf in leaves.iter().filter(|l| l.mapped.is_some()) {
        for t in &leaf.templates {
            *uses.entry(t.clone()).or_default() += 1;
        }
    }
    for leaf in &mut leaves {
        leaf.shared = leaf.mapped.is_some() && leaf.templates.iter().any(|t| uses.get(t).copied().unwrap_or(0) > 1);
    }
    (leaves, lists)
}

fn walk(schema: &Schema, binding: &Binding, record: usize, outer: &mut Vec<FieldId>, leaves: &mut Vec<Leaf>, lists: &mut Vec<List>) {
    let Some(rec) = schema.records.get(record) else { return };
    for &f in &rec.fields {
        let field = &schema.fields[f];
        let path = outer.iter().map(|&o| schema.fields[o].name.as_str()).chain([field.name.as_str()]).collect::<Vec<_>>().join(".");
        if let FieldTy::List(r) = field.ty {
            let templates = none_templates(schema, outer, f, binding.mapping.get(&path));
            lists.push(List { field: f, path, depth: outer.len(), templates });
            outer.push(f);
            walk(schema, binding, r, outer, leaves, lists);
            outer.pop();
            continue;
        }
        let mapped = binding.mapping.get(&path);
        // A derived field is answered by its rule (derive.rs), not by a control of its own.
        if mapped.and_then(|m| m.more()).is_some_and(|m| m.derive.is_some()) {
            leaves.push(Leaf { field: f, path, depth: outer.len(), mapped: None, templates: vec![], union: false, shared: false });
            continue;
        }
        let several = mapped.and_then(Mapped::names).map(|n| n.to_vec());
        let explicit = mapped.and_then(Mapped::name).map(str::to_owned);
        let templates = match &several {
            Some(n) => n.clone(),
            None => templates_for(schema, binding, outer, &field.name, explicit.as_deref()),
        };
        let union = several.as_ref().is_some_and(|n| n.len() > 1);
        leaves.push(Leaf { field: f, path, depth: outer.len(), mapped: explicit, templates, union, shared: false });
    }
}

/// The list paths marked `{ single: true }`: a form about one item of the
/// list, whose fields go by their own names (`first_name` for `children[0].first_name`).
pub fn is_single(binding: &Binding, list_path: &str) -> bool {
    binding.mapping.get(list_path).and_then(Mapped::more).is_some_and(|m| m.single)
}

pub fn starts_empty(binding: &Binding, list_path: &str) -> bool {
    binding.mapping.get(list_path).and_then(Mapped::more).is_some_and(|m| m.starts_empty)
}

fn templates_for(schema: &Schema, binding: &Binding, outer: &[FieldId], name: &str, explicit: Option<&str>) -> Vec<String> {
    if let Some(e) = explicit {
        return vec![e.to_owned()];
    }
    // Each list contributes "name[{k}]", or, when single, may be left out.
    let mut prefixes: Vec<Vec<(String, Option<usize>)>> = vec![vec![]];
    for (k, &list) in outer.iter().enumerate() {
        let list_path = outer[..=k].iter().map(|&o| schema.fields[o].name.as_str()).collect::<Vec<_>>().join(".");
        let mut next: Vec<_> = prefixes.iter().map(|p| [p.clone(), vec![(schema.fields[list].name.clone(), Some(k))]].concat()).collect();
        if is_single(binding, &list_path) {
            next.extend(prefixes.iter().cloned());
        }
        prefixes = next;
    }
    let mut out: Vec<String> = Vec::new();
    for prefix in prefixes {
        let mut tokens = prefix;
        tokens.push((name.to_owned(), None));
        let (mut bracket, mut dotted) = (String::new(), String::new());
        for (i, (n, index)) in tokens.iter().enumerate() {
            if i == 0 {
                bracket.push_str(n);
                dotted.push_str(n);
            } else {
                bracket.push_str(&format!("[{n}]"));
                dotted.push_str(&format!(".{n}"));
            }
            if let Some(k) = index {
                bracket.push_str(&format!("[{{{k}}}]"));
                dotted.push_str(&format!("[{{{k}}}]"));
            }
        }
        for t in [bracket, dotted] {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// `children[none]` or `children.none`; nested, `children[{0}][missing_episodes][none]`
/// or `children[{0}].missing_episodes.none`; or the mapping's `{ none: "name" }`.
fn none_templates(schema: &Schema, outer: &[FieldId], list: FieldId, mapped: Option<&Mapped>) -> Vec<String> {
    if let Some(n) = mapped.and_then(Mapped::more).and_then(|m| m.none.clone()) {
        return vec![n];
    }
    let name = &schema.fields[list].name;
    if outer.is_empty() {
        return vec![format!("{name}[none]"), format!("{name}.none")];
    }
    let (mut bracket, mut dotted) = (String::new(), String::new());
    for (i, &o) in outer.iter().enumerate() {
        let n = &schema.fields[o].name;
        bracket.push_str(&if i == 0 { format!("{n}[{{{i}}}]") } else { format!("[{n}][{{{i}}}]") });
        dotted.push_str(&if i == 0 { format!("{n}[{{{i}}}]") } else { format!(".{n}[{{{i}}}]") });
    }
    vec![format!("{bracket}[{name}][none]"), format!("{dotted}.{name}.none")]
}

/// A template with its list positions filled in.
pub fn fill(template: &str, indices: &[usize]) -> String {
    let mut out = String::new();
    for piece in pieces(template) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Slot(k) => out.push_str(&indices.get(k).copied().unwrap_or(0).to_string()),
        }
    }
    out
}

/// A template without list k's placeholder names only item 0 of that list.
pub fn template_fits(template: &str, indices: &[usize]) -> bool {
    let slots: Vec<usize> = pieces(template).filter_map(|p| if let Piece::Slot(k) = p { Some(k) } else { None }).collect();
    indices.iter().enumerate().all(|(k, &i)| i == 0 || slots.contains(&k))
}

pub fn has_slot(template: &str, k: usize) -> bool {
    pieces(template).any(|p| p == Piece::Slot(k))
}

#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Text(&'a str),
    Slot(usize),
}

/// A template cut into text and `{k}` slots.
fn pieces(template: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = template;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        // A `{` followed by digits and `}` is a slot; anything else is text.
        if let Some(stripped) = rest.strip_prefix('{') {
            let digits = stripped.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && stripped.as_bytes().get(digits) == Some(&b'}') {
                let k = stripped[..digits].parse().unwrap_or(usize::MAX);
                rest = &stripped[digits + 1..];
                return Some(Piece::Slot(k));
            }
        }
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let next = rest[first..].find('{').map_or(rest.len(), |i| i + first);
        let (text, after) = rest.split_at(next);
        rest = after;
        Some(Piece::Text(text))
    })
}

/// The list positions a name fills a template with (slot k -> number), or
/// None when the name does not match it.
pub fn match_template(template: &str, name: &str) -> Option<Vec<(usize, usize)>> {
    let mut rest = name;
    let mut found = Vec::new();
    for piece in pieces(template) {
        match piece {
            Piece::Text(t) => rest = rest.strip_prefix(t)?,
            Piece::Slot(k) => {
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                if digits == 0 {
                    return None;
                }
                found.push((k, rest[..digits].parse().ok()?));
                rest = &rest[digits..];
            }
        }
    }
    rest.is_empty().then_some(found)
}

/// What a control's name may add to its field's name: a GOV.UK date's three
/// boxes, or `[]` on a checkbox group.
pub fn suffixes(ty: &FieldTy) -> &'static [&'static str] {
    match ty {
        FieldTy::Date => &["", "-day", "-month", "-year", "[day]", "[month]", "[year]"],
        FieldTy::SeveralOf(_) => &["", "[]"],
        _ => &[""],
    }
}

/// The list positions a name fills a template with, allowing the field's suffixes.
pub fn match_name(template: &str, ty: &FieldTy, name: &str) -> Option<Vec<(usize, usize)>> {
    suffixes(ty).iter().find_map(|s| name.strip_suffix(s).and_then(|base| match_template(template, base)))
}

/// A control's name with list positions as `*`, and a date box's part left
/// off: names that differ only in list positions are one question.
pub fn pattern_of(name: &str) -> String {
    let base = ["-day", "-month", "-year", "[day]", "[month]", "[year]"].iter().find_map(|s| name.strip_suffix(s)).unwrap_or(name);
    let mut out = String::new();
    let mut in_digits = false;
    for c in base.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('*');
            }
            in_digits = true;
        } else {
            out.push(c);
            in_digits = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_names_at_any_position() {
        assert_eq!(match_template("child[{0}][dob]", "child[12][dob]"), Some(vec![(0, 12)]));
        assert_eq!(match_template("child[{0}][dob]", "child[x][dob]"), None);
        assert_eq!(match_name("child[{0}][dob]", &FieldTy::Date, "child[1][dob]-day"), Some(vec![(0, 1)]));
        assert_eq!(fill("a[{0}].b[{1}]", &[2, 3]), "a[2].b[3]");
        assert!(template_fits("dob", &[0]) && !template_fits("dob", &[1]));
        assert_eq!(pattern_of("child[10][dob][day]"), "child[*][dob]");
    }
}
