//! A derived answer: a field of a list item answered from that item's own
//! controls by a small rule written in the binding, where no one control asks
//! the rule set's question. A child "found far from home" is yes when that
//! child's "found in another town" is ticked; "times missing in 90 days" is the
//! sum of the form's two counts.
//!
//! ```json
//! "children.found_far_from_home_recently": { "derive": { "anyOf": [
//!     { "name": "child[{0}][found_elsewhere]", "is": ["Yes"] },
//!     { "name": "child[{0}][missing_count]", "atLeast": 3 } ] } },
//! "children.missing_times_90_days": { "derive": { "sum": ["child[{0}][missing_30]", "child[{0}][missing_31_to_90]"] } }
//! ```
//!
//! Three-valued like the rules: `anyOf` is yes when any test holds, no when
//! every control it names is answered and none holds, else unanswered; `sum`
//! is unanswered until every count is given. `{0}` is the item's position on
//! the form, as in a mapping.

use super::input::Problem;
use super::names;
use super::read::{self, ByName};
use crate::json::Json as Value;
use crate::program::{FieldDef, FieldTy};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Derive {
    /// For a yes-or-no field: yes when any of these holds.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<Vec<Test>>", optional))]
    pub any_of: Vec<Test>,
    /// For a number field: the sum of these controls' numbers.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<Vec<String>>", optional))]
    pub sum: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "DeriveTest"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Test {
    pub name: String,
    /// Holds when the control's answer (a ticked value, or the text) is one of these.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<Vec<String>>", optional))]
    pub is: Vec<String>,
    /// Holds when the control's number is at least this.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub at_least: Option<f64>,
}

impl Derive {
    /// Every control name template the rule reads (so none is "not read").
    pub fn templates(&self) -> Vec<&str> {
        self.any_of.iter().map(|t| t.name.as_str()).chain(self.sum.iter().map(String::as_str)).collect()
    }

    /// What is wrong with the rule for this field, if anything.
    pub fn problem(&self, path: &str, field: &FieldDef) -> Option<Problem> {
        let why = match (&field.ty, self.any_of.is_empty(), self.sum.is_empty()) {
            (FieldTy::YesNo, false, true) if self.any_of.iter().all(|t| t.is.is_empty() != t.at_least.is_none()) => return None,
            (FieldTy::YesNo, false, true) => {
                "each test of anyOf gives either \"is\" (the answers that count) or \"atLeast\" (a number)".to_owned()
            }
            (FieldTy::Number, true, false) => return None,
            (FieldTy::YesNo, _, _) => "a yes-or-no field is derived with { anyOf: [{ name, is }] }".to_owned(),
            (FieldTy::Number, _, _) => "a number field is derived with { sum: [names] }".to_owned(),
            _ => "only a yes-or-no field (anyOf) or a number field (sum) can be derived".to_owned(),
        };
        Some(Problem::new("derive-not-understood", path, format!("The mapping derives \"{}\" ({path}), but {why}.", field.label)))
    }

    /// The answer for the item at these form positions.
    pub fn value(&self, by_name: &ByName, indices: &[usize]) -> Option<Value> {
        let raw = |t: &str| -> Option<Vec<String>> {
            let c = by_name.get(names::fill(t, indices).as_str())?;
            let ticked: Vec<String> = c.options.iter().filter(|o| o.checked).map(|o| o.value.clone()).collect();
            if !c.options.is_empty() {
                // A checkbox group is answered once anything in it is ticked; a lone one always.
                return (!ticked.is_empty() || c.options.len() == 1).then_some(ticked);
            }
            read::raw_value(c).filter(|v| !v.trim().is_empty()).map(|v| vec![v])
        };
        let number = |s: &str| s.trim().replace(',', "").parse::<f64>().ok().filter(|n| n.is_finite());
        if !self.sum.is_empty() {
            let mut total = 0.0;
            for t in &self.sum {
                total += number(raw(t)?.first()?)?;
            }
            return read::number(total);
        }
        let mut unknown = false;
        for test in &self.any_of {
            // Not answered, or "Don't know": this test is undecided.
            let Some(answers) = raw(&test.name).filter(|a| !a.iter().any(|x| read::is_not_known(x))) else {
                unknown = true;
                continue;
            };
            let holds = answers.iter().any(|a| {
                test.is.iter().any(|w| w.trim().eq_ignore_ascii_case(a.trim()))
                    || test.at_least.is_some_and(|n| number(a).is_some_and(|x| x >= n))
            });
            if holds {
                return Some(Value::Bool(true));
            }
        }
        (!unknown).then_some(Value::Bool(false))
    }
}
