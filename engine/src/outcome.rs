//! The outcome of screening one form: the very structure that `screen eval
//! --json` prints and that `ruleset.evaluate()` returns in the browser.
//! Every part says which rule and which answers produced it.

use crate::diagnostics::Diagnostic;
/// The header of the rule set, as the outcome shows it (it lives with the program, which carries it).
pub use crate::program::RuleSetInfo;
use serde::Serialize;
use std::borrow::Cow;

pub const ADVISORY: &str = "This screening is advisory. It supports professional judgement and never replaces it.";

/// An action is urgent when its label says it must happen "now" ("Call 999
/// now", "Report the child to the police as missing now"): the policy lead's
/// own words decide it. Views mark it, and no question offers it as
/// something answering "could add".
pub fn is_urgent(label: &str) -> bool {
    // "now" as a whole word, in any case: its three letters with no letter or
    // digit either side. They are ASCII, so where they start and end are
    // character boundaries.
    let b = label.as_bytes();
    (0..b.len().saturating_sub(2)).any(|i| {
        b[i..i + 3].eq_ignore_ascii_case(b"now")
            && !label[..i].chars().next_back().is_some_and(char::is_alphanumeric)
            && !label[i + 3..].chars().next().is_some_and(char::is_alphanumeric)
    })
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Outcome<'a> {
    pub rule_set: &'a RuleSetInfo,
    /// The strongest finding across the children and the contexts, in words:
    /// what a person reads first.
    pub headline: Headline,
    /// Which children and contexts were screened, and from how many answers.
    pub screened: Screened<'a>,
    /// The evaluation date, YYYY-MM-DD.
    pub date: String,
    pub advisory: &'static str,
    pub level: LevelResult<'a>,
    pub actions: Vec<ActionResult<'a>>,
    pub scores: Vec<ScoreResult<'a>>,
    /// Contexts ranked by how much their fired rules weigh (context weighting).
    pub contexts: Vec<ContextResult<'a>>,
    pub prompts: Vec<PromptResult<'a>>,
    /// Every rule whose condition is true, with the answers that made it so.
    pub fired: Vec<FiredRule<'a>>,
    /// Floors whose condition is true.
    pub floors: Vec<FiredFloor<'a>>,
    /// Rules and floors that read unanswered questions and could go either way.
    pub undecided: Vec<UndecidedRule<'a>>,
    /// The unanswered questions, those that could change the most first: any
    /// that could raise the level, then any that could add an action.
    pub questions: Vec<Question<'a>>,
    /// Answers that could not be read (wrong type, unknown option...).
    #[cfg_attr(test, ts(as = "Vec<crate::typescript::FormProblem>"))]
    pub form_errors: Vec<Diagnostic>,
    /// The whole outcome in plain English, one line a point.
    pub summary: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LevelResult<'a> {
    pub id: Cow<'a, str>,
    pub label: Cow<'a, str>,
    /// 0 for the lowest level.
    pub rank: usize,
    /// Ids of the rules, floors and bands (`score.band`) that set this level.
    pub set_by: Vec<Cow<'a, str>>,
    /// The highest level that undecided rules could still lead to, when higher.
    pub could_rise_to: Option<LevelRef<'a>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LevelRef<'a> {
    pub id: Cow<'a, str>,
    pub label: Cow<'a, str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ActionResult<'a> {
    pub id: Cow<'a, str>,
    pub label: Cow<'a, str>,
    /// Ids of the rules, floors and bands (`score.band`) that asked for it; empty
    /// when only the level requires it.
    pub requested_by: Vec<Cow<'a, str>>,
    /// The suggested level, when it requires this action (`requires` in the
    /// levels block); the level's `setBy` says what set it. Left out otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub required_by_level: Option<LevelRef<'a>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ScoreResult<'a> {
    pub id: Cow<'a, str>,
    pub label: Cow<'a, str>,
    pub total: i64,
    /// Lowest and highest totals once undecided rules are decided.
    pub possible_min: i64,
    pub possible_max: i64,
    /// The band of the total; null when no band covers it.
    pub band: Option<BandResult<'a>>,
    /// False when undecided rules could still move the total into another band.
    pub band_decided: bool,
    pub rules: Vec<Cow<'a, str>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BandResult<'a> {
    pub id: Cow<'a, str>,
    pub label: Cow<'a, str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ContextResult<'a> {
    // The context and its label, from `CONTEXTS`.
    pub id: &'static str,
    pub label: &'static str,
    pub weight: i64,
    pub rules: Vec<Cow<'a, str>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PromptResult<'a> {
    pub rule: Cow<'a, str>,
    pub text: Cow<'a, str>,
    /// The answers that led to it (for wording prompts: the phrase found).
    pub facts: Vec<Fact<'a>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FiredRule<'a> {
    pub id: Cow<'a, str>,
    pub title: Cow<'a, str>,
    // The context and kind, and their labels: the language's own words (`CONTEXTS`, `KINDS`).
    pub context: &'static str,
    pub context_label: &'static str,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub rationale: Cow<'a, str>,
    pub source: Cow<'a, str>,
    pub facts: Vec<Fact<'a>>,
    /// "Rule MIS1 (Found out of area) applies because Child 1 › Found out of area is yes."
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FiredFloor<'a> {
    pub id: Cow<'a, str>,
    pub title: Cow<'a, str>,
    pub level: LevelRef<'a>,
    pub rationale: Cow<'a, str>,
    pub source: Cow<'a, str>,
    pub facts: Vec<Fact<'a>>,
    pub explanation: String,
}

/// One answer (or worked-out value) behind a result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Fact<'a> {
    /// Where the answer sits in the form: `children[0].missing_episodes[1].found_out_of_area`.
    /// For a worked-out value (a definition) it is the record's path plus the definition's name.
    pub field: Cow<'a, str>,
    /// "Child 1 › Missing episode 2 › Found out of area"
    pub label: Cow<'a, str>,
    /// The answer as a person reads it: "yes", "12", "2026-11-01", "Going missing".
    pub value: Cow<'a, str>,
    /// True when this is worked out by a definition, not typed in.
    pub derived: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct UndecidedRule<'a> {
    pub id: Cow<'a, str>,
    pub title: Cow<'a, str>,
    /// The unanswered questions that would decide it.
    pub needs: Vec<Need<'a>>,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Need<'a> {
    pub field: Cow<'a, str>,
    pub label: Cow<'a, str>,
}

impl LevelRef<'_> {
    pub fn into_owned(self) -> LevelRef<'static> {
        LevelRef { id: owned(self.id), label: owned(self.label) }
    }
}

impl ActionResult<'_> {
    /// The same, with its own copy of every word (to keep beyond the rule set's life).
    pub fn into_owned(self) -> ActionResult<'static> {
        ActionResult {
            id: owned(self.id),
            label: owned(self.label),
            requested_by: self.requested_by.into_iter().map(owned).collect(),
            required_by_level: self.required_by_level.map(LevelRef::into_owned),
        }
    }
}

impl ContextResult<'_> {
    pub fn into_owned(self) -> ContextResult<'static> {
        ContextResult { id: self.id, label: self.label, weight: self.weight, rules: self.rules.into_iter().map(owned).collect() }
    }
}

impl Need<'_> {
    pub fn into_owned(self) -> Need<'static> {
        Need { field: owned(self.field), label: owned(self.label) }
    }
}

fn owned(s: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(s.into_owned())
}

/// How many questions are named before the rest are counted: a rule on a
/// sparse form can wait for a dozen, and the first few say enough.
pub const WAITING_NAMED: usize = 3;

impl UndecidedRule<'_> {
    /// The questions it waits for, the first few by label and then a count:
    /// "Child 1 › Going missing; Child 1 › Age; Child 1 › Excluded; and 4 more".
    pub fn waiting_for(&self) -> String {
        waiting_for(&self.needs)
    }
}

/// The labels of `needs`, the first few then a count (empty when there are none).
pub fn waiting_for(needs: &[Need]) -> String {
    let mut s = needs.iter().take(WAITING_NAMED).map(|n| &*n.label).collect::<Vec<_>>().join("; ");
    if needs.len() > WAITING_NAMED {
        s.push_str(&format!("; and {} more", needs.len() - WAITING_NAMED));
    }
    s
}

/// An unanswered question and what answering it could change.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Question<'a> {
    pub field: Cow<'a, str>,
    pub label: Cow<'a, str>,
    /// The highest level it could lead to, when above the level now.
    pub could_raise_to: Option<LevelRef<'a>>,
    /// Actions it could add that are not suggested yet.
    pub could_add: Vec<ActionRef<'a>>,
    /// The undecided rules and floors that need it.
    pub rules: Vec<Cow<'a, str>>,
    /// "could raise the level to Child protection and add: Hold a strategy discussion."
    pub effect: String,
    /// The question and its effect in one sentence: "Answering \"Child 1 › Going missing\" could raise ..."
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ActionRef<'a> {
    pub id: Cow<'a, str>,
    pub label: Cow<'a, str>,
}

/// What a person reads first. `tone` says how a view marks it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Headline {
    /// "not_screened" (nothing the rules read was answered, or nothing about a
    /// child or context), "none" (screened, nothing raised), "raised", or
    /// "urgent" (the top of the levels, or of the context's bands).
    #[cfg_attr(test, ts(type = "\"not_screened\" | \"none\" | \"raised\" | \"urgent\""))]
    pub tone: &'static str,
    /// "Not screened yet", a level's label, or the context's band label.
    pub title: String,
    /// What sits beneath it: "No child named yet", each child's result, the context's result.
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Screened<'a> {
    /// Each child on the form, in order: the items of the list whose items are
    /// called `child`, or the form itself when it has no such list.
    pub children: Vec<ChildScreened<'a>>,
    /// Each context the form describes (a peer group, a place, a school, an online space).
    pub contexts: Vec<ContextScreened>,
    /// Every answer the rules read, anywhere on the form.
    pub answers: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ChildScreened<'a> {
    /// Where the child sits in the form: `children[1]`, or "" for a form about one child.
    pub field: String,
    /// "Child 2, Mia, 9": numbered, with the first name and the age when given.
    pub name: String,
    /// "screened", or "not_screened" when none of the child's answers is one the rules read.
    #[cfg_attr(test, ts(type = "\"screened\" | \"not_screened\""))]
    pub status: &'static str,
    /// How many of the child's answers the rules read.
    pub answers: usize,
    /// The highest level a rule or floor set from this child's answers (the
    /// lowest level when none did). Left out when the child was not screened.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub level: Option<LevelRef<'a>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ContextScreened {
    /// The rule language's context: "peer_group", "school", "neighbourhood", "online".
    pub id: &'static str,
    pub label: &'static str,
    /// "screened", or "not_screened" when none of its answers was given.
    #[cfg_attr(test, ts(type = "\"screened\" | \"not_screened\""))]
    pub status: &'static str,
    pub answers: usize,
}

#[cfg(test)]
mod tests {
    use super::is_urgent;

    #[test]
    fn urgent_is_now_as_a_whole_word() {
        // The words' own definition: split where a character is not a letter or digit.
        let by_words = |l: &str| l.split(|c: char| !c.is_alphanumeric()).any(|w| w.eq_ignore_ascii_case("now"));
        for label in [
            "Call 999 now",
            "NOW: call the police",
            "Report now.",
            "(now)",
            "now",
            "no",
            "",
            "Known to police",
            "nowhere",
            "snow",
            "now2",
            "énow",
            "nowé",
            "é now é",
            "Hold a strategy discussion",
            "Call 999 nOw!",
        ] {
            assert_eq!(is_urgent(label), by_words(label), "{label:?}");
        }
    }
}
