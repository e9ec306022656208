//! What the binding reads: the form's controls as the page collected them, and
//! the binding the council wrote (the same JSON shape `attach()` takes as its
//! options). Plain data with serde, so the page, the CLI and the tests hand
//! over the same thing.

use serde::Serialize;
#[cfg(test)]
use std::collections::BTreeMap;

/// The form's controls, one entry per name: a group of radios or checkboxes
/// sharing a name is one control with its choices. The page leaves out
/// buttons, files, passwords and disabled controls.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "FormControls"))]
pub struct Controls {
    pub controls: Vec<Control>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "FormControl"))]
pub struct Control {
    /// The `name` attribute, as the form has it: `child[0][dob]`.
    pub name: String,
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<Kind>", optional))]
    pub kind: Kind,
    /// The question as the person reads it (the label, or the fieldset's
    /// legend): a problem names the control by it.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<String>", optional))]
    pub label: String,
    /// Typed text (and a hidden input's value).
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub value: Option<String>,
    /// The choices of radios, checkboxes or a select, with which are ticked or chosen.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<Vec<Choice>>", optional))]
    pub options: Vec<Choice>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "ControlKind"))]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A text box, text area, number or date box: read as typed.
    #[default]
    Text,
    Radio,
    Checkbox,
    Select,
    /// Set by the page, not asked of the person: never "not read".
    Hidden,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "ControlChoice"))]
pub struct Choice {
    pub value: String,
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<String>", optional))]
    pub label: String,
    /// Ticked (a checkbox or radio) or chosen (a select's option).
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub checked: bool,
    /// GOV.UK's "None of these" (`data-behaviour="exclusive"`).
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub exclusive: bool,
}

/// The binding: which control answers which field, and what the form does
/// not ask, each with its reason.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Binding {
    /// Field path (`children.date_of_birth`) -> the control's name, `{0}`
    /// standing for the list position: `child[{0}][dob]`.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<BTreeMap<String, Mapped>>", optional))]
    pub mapping: crate::json::Map<Mapped>,
    /// Answers fixed for this form, by field path.
    #[serde(default)]
    #[cfg_attr(test, ts(type = "Record<string, unknown>", optional))]
    pub answers: crate::json::Map,
    /// Answers used when the form gives none; `{ "today": true }` is the date screened on.
    #[serde(default)]
    #[cfg_attr(test, ts(type = "Record<string, unknown>", optional))]
    pub fallbacks: crate::json::Map,
    /// Fields and lists of the rule set this form does not ask.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<Vec<String>>", optional))]
    pub not_collected: Vec<String>,
    /// Controls of the form no field reads, each with the reason
    /// (`child[*][sex]`: "A protected characteristic: never a risk factor").
    #[serde(default)]
    #[cfg_attr(test, ts(type = "Record<string, string>", optional))]
    pub not_screened: crate::json::Map,
    /// The rule set this binding was written for: any other is refused.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub rule_set: Option<Pinned>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "PinnedRuleSet"))]
pub struct Pinned {
    pub name: String,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub version: Option<String>,
}

/// A mapping entry: a control's name, or an object saying more.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(untagged)]
pub enum Mapped {
    Name(String),
    More(MappedMore),
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "MappedControl"))]
#[serde(rename_all = "camelCase")]
pub struct MappedMore {
    /// The control that answers the field.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub name: Option<String>,
    /// Several controls that together answer the field (the union).
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub names: Option<Vec<String>>,
    /// The form's values -> the field's option ids (`null`: no answer; `false`:
    /// "no" to the options this control asks; `true`/`false` for a yes-or-no field).
    #[serde(default)]
    #[cfg_attr(test, ts(optional, type = "Record<string, string | boolean | null>"))]
    pub options: Option<crate::json::Map>,
    /// On a list: the form is about one item, its fields under their own names.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub single: bool,
    /// On a list: the name of its "none" control.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub none: Option<String>,
    /// On a list: its items are added by an "Add another" button.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub starts_empty: bool,
    /// A field of a list item answered from that item's own controls by a rule
    /// of the binding, not by one control (see `derive.rs`).
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub derive: Option<super::derive::Derive>,
}

impl Mapped {
    /// The one control named, if any (the first of `names`).
    pub fn name(&self) -> Option<&str> {
        match self {
            Mapped::Name(n) => Some(n),
            Mapped::More(m) => m.name.as_deref().or_else(|| m.names.as_ref().and_then(|n| n.first().map(String::as_str))),
        }
    }
    pub fn names(&self) -> Option<&[String]> {
        match self {
            Mapped::More(MappedMore { names: Some(n), .. }) if !n.is_empty() => Some(n),
            _ => None,
        }
    }
    pub fn more(&self) -> Option<&MappedMore> {
        match self {
            Mapped::More(m) => Some(m),
            Mapped::Name(_) => None,
        }
    }
    pub fn options(&self) -> Option<&crate::json::Map> {
        self.more().and_then(|m| m.options.as_ref())
    }
}

/// What the binding gives: the form the rules read, and every problem.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Bound {
    /// The answers, as the rules read them (`ruleSet.evaluate(form)`).
    #[cfg_attr(test, ts(type = "Record<string, unknown>"))]
    pub form: crate::json::Json,
    pub problems: Vec<Problem>,
    /// For each list read (`children`, `children.0.missing_episodes`), the
    /// position on the form of each item, so an outcome's path leads back to its control.
    #[cfg_attr(test, ts(as = "BTreeMap<String, Vec<usize>>"))]
    pub items: crate::json::Map<Vec<usize>>,
    /// The answers the binding set (fixed, fallback, derived), so a screener can see them.
    pub given: Vec<Given>,
    /// Fields and lists of the rule set this form does not collect.
    pub not_collected: Vec<String>,
    /// No field of the rule set is on the form: nothing can be screened.
    pub nothing_bound: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "GivenAnswer"))]
pub struct Given {
    pub field: String,
    #[cfg_attr(test, ts(type = "unknown"))]
    pub value: crate::json::Json,
    /// `fixed`, `fallback` or `derived`.
    pub how: String,
}

/// One problem with the binding, in words a web developer acts on. `kind` is
/// stable (tests and pages key on it); `field` is the rule set's field path, if any.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "BindingProblem"))]
pub struct Problem {
    pub kind: String,
    pub field: String,
    pub message: String,
    /// The control's name pattern (`child[*][sex]`), for problems about a control.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub control: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(as = "Option<Vec<String>>", optional))]
    pub names: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(as = "Option<Vec<String>>", optional))]
    pub values: Vec<String>,
}

impl Problem {
    pub fn new(kind: &str, field: &str, message: String) -> Problem {
        Problem { kind: kind.into(), field: field.into(), message, control: None, label: None, names: vec![], values: vec![] }
    }
}
