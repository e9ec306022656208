//! The one presentation model (issue 17): an `Outcome` put into the sentences
//! a person reads, once, per audience. The demo's panel, attach's two views
//! and the printed summary render it and build no sentence of their own.
//!
//! The final shape (JSON, camelCase; the TypeScript types are generated into
//! `web-demo/package/engine-types.d.ts`):
//!
//! ```text
//! Presentation = {
//!   audience: "referrer" | "screener" | "print",
//!   headline: { tone: "not_screened" | "none" | "raised" | "urgent", title, lines: string[] },
//!   sections: [ {
//!     id: "screened" | "reasons" | "actions" | "prompts" | "questions" | "undecided"
//!       | "scores" | "contexts" | "form_problems",
//!     heading: string, intro?: string,
//!     items: [ { text, code?, detail?: string[], field?, about?, urgent? } ],
//!     more?: string } ],
//!   counts: { questions: number },   // the one count of questions, used everywhere
//!   advisory: string }
//! ```
//!
//! - `code` (a rule, floor or action id) only for the screener and print
//!   audiences; a referrer reads no id, band id or internal name.
//! - `about` on a question or a reason: the child it is about, "Child 2, Mia, 9"
//!   (also the first line of `detail`, so a view that shows only text and
//!   detail still names the child).
//! - Sections with nothing in them are left out, except "questions"; the
//!   referrer gets "screened", "reasons", "actions", "prompts", "questions"
//!   and "form_problems"; the screener and print get "undecided", "scores"
//!   and "contexts" as well. The advisory is the top-level `advisory`, not a section.
//! - `labels` maps a field path with list indices left out
//!   (`children.going_missing`) to the label of the bound control, so a
//!   question reads in the form's own words. Questions with the same words
//!   about the same child are one entry (several fields bound to one control).
//!   Given labels, only the questions the form asks are listed (a labelled
//!   field, or a list with a labelled field or "none" control), and counted:
//!   a question the form does not ask cannot be answered on it.
//! - A question's detail says what answering could change to the level only:
//!   actions are never offered as something a question "could add", so an
//!   urgent one ("Call 999 now") never is. An action is `urgent` when its
//!   label says it must happen "now".

use crate::outcome::{Fact, Headline, Outcome};
use crate::program::{Declarations, FieldTy};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Audience {
    /// The person filling in the referral form.
    Referrer,
    /// The person screening the referral at the front door (and a trainer).
    Screener,
    /// The printed summary.
    Print,
}

/// `present(form, options)`'s options, apart from the date.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Options {
    pub audience: Option<Audience>,
    pub labels: HashMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Presentation {
    pub audience: Audience,
    pub headline: Headline,
    pub sections: Vec<Section>,
    pub counts: Counts,
    pub advisory: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// How many questions would help decide: the one count every view shows.
    pub questions: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Section {
    /// Stable: "screened", "reasons", "actions", "prompts", "questions",
    /// "undecided", "scores", "contexts", "form_problems".
    #[cfg_attr(
        test,
        ts(
            type = "\"screened\" | \"reasons\" | \"actions\" | \"prompts\" | \"questions\" | \"undecided\" | \"scores\" | \"contexts\" | \"form_problems\""
        )
    )]
    pub id: &'static str,
    pub heading: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub intro: Option<String>,
    pub items: Vec<Item>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub more: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub text: String,
    /// A rule, floor or action id, shown small: screener and print only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(as = "Option<Vec<String>>", optional))]
    pub detail: Vec<String>,
    /// The form path of the answer, so a view can link to its control.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub field: Option<String>,
    /// The child it is about: "Child 2, Mia, 9".
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub about: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub urgent: bool,
}

/// Put an outcome of `program` into words for one audience.
pub fn present(program: &Declarations, outcome: &Outcome, options: &Options) -> Presentation {
    let audience = options.audience.unwrap_or(Audience::Referrer);
    let p = Present { program, outcome, options, codes: audience != Audience::Referrer };
    let referrer = audience == Audience::Referrer;
    // A referrer is told what to check and what to ask before sending, and
    // what must be done now; the level, its reasons and the professional
    // actions are for the person who screens the referral (the package's
    // "two readers"), so a referrer's answers are never shaped by a level.
    let mut actions = p.actions();
    if referrer {
        actions.items.retain(|a| a.urgent);
        actions.heading = "Do this now".into();
    }
    let mut sections = if referrer { vec![actions, p.prompts()] } else { vec![p.screened(), p.reasons(), actions, p.prompts()] };
    let questions = p.questions();
    let count = questions.items.len();
    sections.push(questions);
    if !referrer {
        sections.extend([p.undecided(), p.scores(), p.contexts()]);
    }
    sections.push(p.form_problems());
    sections.retain(|s| s.id == "questions" || !s.items.is_empty());
    let headline = if referrer { referrer_headline(outcome, &sections) } else { outcome.headline.clone() };
    Presentation { audience, headline, sections, counts: Counts { questions: count }, advisory: outcome.advisory.to_string() }
}

/// The referrer's headline: what must be done now when something must, else
/// whether there is anything to check before sending. Never a level.
fn referrer_headline(outcome: &Outcome, sections: &[Section]) -> Headline {
    let urgent: Vec<String> = outcome.actions.iter().filter(|a| crate::outcome::is_urgent(&a.label)).map(|a| a.label.to_string()).collect();
    if let Some(first) = urgent.first() {
        return Headline { tone: "urgent", title: first.clone(), lines: urgent[1..].to_vec() };
    }
    if outcome.headline.tone == "not_screened" {
        return outcome.headline.clone();
    }
    let to_check =
        sections.iter().filter(|s| matches!(s.id, "prompts" | "questions" | "form_problems")).map(|s| s.items.len()).sum::<usize>();
    let title = if to_check > 0 { "Check these before you send the referral" } else { "Nothing to check before you send the referral" };
    Headline { tone: "none", title: title.into(), lines: vec!["The team that screens referrals decides what happens next.".into()] }
}

struct Present<'a> {
    program: &'a Declarations,
    outcome: &'a Outcome<'a>,
    options: &'a Options,
    /// Ids beside the words (screener and print).
    codes: bool,
}

fn section(id: &'static str, heading: &str, items: Vec<Item>) -> Section {
    Section { id, heading: heading.into(), intro: None, items, more: None }
}

/// A form path without list positions: `children[1].going_missing` -> `children.going_missing`.
fn schema_key(path: &str) -> String {
    let mut k = String::new();
    let mut skip = false;
    for ch in path.chars() {
        match ch {
            '[' => skip = true,
            ']' => skip = false,
            c if !skip => k.push(c),
            _ => {}
        }
    }
    k
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Present<'_> {
    fn code(&self, id: &str) -> Option<String> {
        self.codes.then(|| id.to_string())
    }

    /// The child a form path is about, by the outcome's list of children.
    fn child_of(&self, path: &str) -> Option<&str> {
        self.outcome
            .screened
            .children
            .iter()
            .find(|c| {
                !c.field.is_empty() && path.strip_prefix(c.field.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
            })
            .map(|c| c.name.as_str())
    }

    /// A label as a person reads it: "Found outside the home area (missing
    /// episode 2)", with the child named in `about`, never "Child 1 › ...".
    fn readable(&self, label: &str, field: &str) -> String {
        let parts: Vec<&str> = label.split(" › ").collect();
        let (last, within) = parts.split_last().map(|(l, w)| (*l, w)).unwrap_or((label, &[]));
        // The first step is the child when the answer is about one; it is named in `about`.
        let within: Vec<String> = within.iter().skip(usize::from(self.child_of(field).is_some())).map(|s| s.to_lowercase()).collect();
        if within.is_empty() {
            last.to_string()
        } else {
            format!("{last} ({})", within.join(", "))
        }
    }

    /// An answer as a person reads it: "Found outside the home area (missing episode 2): yes".
    fn fact(&self, f: &Fact) -> String {
        let label = self.readable(&f.label, &f.field);
        // A phrase found in a text reads as a sentence: `Notes contains "county lines"`.
        if f.value.starts_with("contains ") {
            format!("{label} {}", f.value)
        } else {
            format!("{label}: {}", f.value)
        }
    }

    fn facts_detail(&self, facts: &[Fact]) -> (Vec<String>, Option<String>) {
        let about = facts.iter().find_map(|f| self.child_of(&f.field)).map(str::to_string);
        let mut detail: Vec<String> = Vec::new();
        let mut last_child: Option<&str> = None;
        for f in facts {
            let child = self.child_of(&f.field);
            if child.is_some() && child != last_child {
                detail.push(format!("About {}", child.unwrap_or_default()));
            }
            last_child = child.or(last_child);
            detail.push(self.fact(f));
        }
        (detail, about)
    }

    fn screened(&self) -> Section {
        let s = &self.outcome.screened;
        let mut items: Vec<Item> = s
            .children
            .iter()
            .map(|c| Item {
                text: match &c.level {
                    Some(l) => format!("{}: screened from {}. {}", c.name, plural(c.answers, "answer", "answers"), l.label),
                    None => format!("{}: not screened. None of the answers about them is one the rules read.", c.name),
                },
                field: (!c.field.is_empty()).then(|| c.field.clone()),
                about: Some(c.name.clone()),
                ..Item::default()
            })
            .collect();
        if s.children.is_empty() {
            items.push(Item { text: crate::eval::screened::NO_CHILD.into(), ..Item::default() });
        }
        items.extend(
            s.contexts.iter().filter(|c| c.answers > 0).map(|c| Item {
                text: format!("{}: screened from {}", c.label, plural(c.answers, "answer", "answers")),
                ..Item::default()
            }),
        );
        section("screened", "What was screened", items)
    }

    fn reasons(&self) -> Section {
        let o = self.outcome;
        let mut items: Vec<Item> = o
            .fired
            .iter()
            .map(|r| {
                let (mut detail, about) = self.facts_detail(&r.facts);
                if self.codes {
                    detail.push(format!("Why it matters: {}", r.rationale));
                    detail.push(format!("Source: {}", r.source));
                }
                Item { text: r.title.to_string(), code: self.code(&r.id), detail, about, ..Item::default() }
            })
            .collect();
        items.extend(o.floors.iter().map(|f| {
            let (mut detail, about) = self.facts_detail(&f.facts);
            detail.insert(0, format!("Keeps the level at {} or above", f.level.label));
            if self.codes {
                detail.push(format!("Why it matters: {}", f.rationale));
                detail.push(format!("Source: {}", f.source));
            }
            Item { text: f.title.to_string(), code: self.code(&f.id), detail, about, ..Item::default() }
        }));
        // A band that raised the level or asked for an action is a reason too, by its label.
        for (s, def) in o.scores.iter().zip(&self.program.scores) {
            if let Some(b) = &s.band {
                let band = def.bands.iter().find(|x| x.id == b.id);
                if band.is_some_and(|b| b.effects.raise.is_some() || !b.effects.actions.is_empty()) {
                    items.push(Item {
                        text: b.label.to_string(),
                        code: self.code(&format!("{}.{}", s.id, b.id)),
                        detail: vec![format!("{}: {}", s.label, s.total)],
                        ..Item::default()
                    });
                }
            }
        }
        section("reasons", "Why", items)
    }

    /// A rule, floor or band in words: its title or label, never its id.
    fn asked_by(&self, id: &str) -> String {
        let o = self.outcome;
        if let Some(r) = o.fired.iter().find(|r| r.id == id) {
            return r.title.to_string();
        }
        if let Some((score, band)) = id.split_once('.') {
            if let Some(b) = o.scores.iter().find(|s| s.id == score).and_then(|s| s.band.as_ref()).filter(|b| b.id == band) {
                return b.label.to_string();
            }
        }
        o.floors
            .iter()
            .find(|f| f.id == id)
            .map(|f| &f.title)
            .or_else(|| o.undecided.iter().find(|u| u.id == id).map(|u| &u.title))
            .map(|t| t.to_string())
            .unwrap_or_else(|| crate::program::humanise(id))
    }

    fn actions(&self) -> Section {
        let items = self
            .outcome
            .actions
            .iter()
            .map(|a| {
                let mut detail = Vec::new();
                if !a.requested_by.is_empty() {
                    let by: Vec<String> = a.requested_by.iter().map(|r| self.asked_by(r)).collect();
                    detail.push(format!("Because of: {}", by.join("; ")));
                }
                if let Some(l) = &a.required_by_level {
                    detail.push(format!("Required at the level \"{}\"", l.label));
                }
                Item {
                    text: a.label.to_string(),
                    code: self.code(&a.id),
                    detail,
                    urgent: crate::outcome::is_urgent(&a.label),
                    ..Item::default()
                }
            })
            .collect();
        section("actions", "What to do next", items)
    }

    fn prompts(&self) -> Section {
        let items = self
            .outcome
            .prompts
            .iter()
            .map(|pr| {
                let (detail, about) = self.facts_detail(&pr.facts);
                Item { text: pr.text.to_string(), code: self.code(&pr.rule), detail, about, ..Item::default() }
            })
            .collect();
        section("prompts", "Points to check in the referral", items)
    }

    /// The field definition behind a form path such as `children[1].missing_episodes[0].started`.
    fn field_def(&self, path: &str) -> Option<&crate::program::FieldDef> {
        let s = &self.program.schema;
        let mut record = 0;
        let mut found = None;
        for step in path.split('.') {
            let name = step.split('[').next().unwrap_or(step);
            let f = s.records.get(record)?.fields.iter().map(|&f| &s.fields[f]).find(|f| f.name == name)?;
            if let FieldTy::List(r) = f.ty {
                record = r;
            }
            found = Some(f);
        }
        found
    }

    /// Whether the form asks about `path`. With no labels (the engine is not
    /// told which form), every field; with labels, a labelled field, or a
    /// list some of whose fields (or whose "none" control) are labelled. A
    /// question the form does not ask cannot be answered on it, so it is not
    /// put to the person filling it in.
    fn on_form(&self, path: &str) -> bool {
        let labels = &self.options.labels;
        if labels.is_empty() {
            return true;
        }
        let key = schema_key(path);
        labels.keys().any(|k| *k == key || k.strip_prefix(key.as_str()).is_some_and(|rest| rest.starts_with('.')))
    }

    /// A question in the form's own words: the bound control's label, else the field's.
    fn ask(&self, path: &str) -> String {
        let key = schema_key(path);
        let def = self.field_def(path);
        let label = self.options.labels.get(&key).cloned().or_else(|| def.map(|d| d.label.clone())).unwrap_or_else(|| key.clone());
        let label = label.trim().to_string();
        if label.ends_with('?') {
            return label;
        }
        match def.map(|d| &d.ty) {
            Some(FieldTy::YesNo) => format!("{label}: yes or no?"),
            Some(FieldTy::List(r)) => {
                format!("{label}: add each {}, or say there are none", self.program.schema.records[*r].item_label.to_lowercase())
            }
            Some(FieldTy::SeveralOf(_)) => format!("{label}: tick all that apply, or say none apply"),
            _ => format!("{label}?"),
        }
    }

    fn questions(&self) -> Section {
        let o = self.outcome;
        let mut items: Vec<Item> = Vec::new();
        let mut rank: Vec<usize> = Vec::new();
        let mut seen: HashMap<(String, Option<String>), usize> = HashMap::new();
        for q in o.questions.iter().filter(|q| self.on_form(&q.field)) {
            let text = self.ask(&q.field);
            let about = self.child_of(&q.field).map(str::to_string);
            let r = q.could_raise_to.as_ref().and_then(|l| self.program.levels.iter().position(|x| x.id == l.id)).unwrap_or(0);
            let decides: Vec<String> = q.rules.iter().map(|id| self.asked_by(id)).collect();
            // Several fields bound to one control: one question, with the most it could change.
            if let Some(&k) = seen.get(&(text.clone(), about.clone())) {
                if r > rank[k] {
                    rank[k] = r;
                    if let Some(l) = &q.could_raise_to {
                        items[k].detail.retain(|d| !d.starts_with("Could raise"));
                        items[k].detail.insert(usize::from(about.is_some()), format!("Could raise the level to {}", l.label));
                    }
                }
                continue;
            }
            let mut detail = Vec::new();
            if let Some(a) = &about {
                detail.push(format!("About {a}"));
            }
            if let Some(l) = &q.could_raise_to {
                detail.push(format!("Could raise the level to {}", l.label));
            }
            if self.codes {
                detail.push(format!("Decides: {}", decides.join("; ")));
            }
            seen.insert((text.clone(), about.clone()), items.len());
            rank.push(r);
            items.push(Item {
                text,
                code: self.codes.then(|| q.rules.join(", ")),
                detail,
                field: Some(q.field.to_string()),
                about,
                ..Item::default()
            });
        }
        let mut s = section("questions", "Questions that would help decide", items);
        s.intro = Some(if s.items.is_empty() {
            "No question is left that would change the result.".into()
        } else {
            format!("{}, those that could change the most first.", plural(s.items.len(), "question", "questions"))
        });
        s
    }

    fn undecided(&self) -> Section {
        let items = self
            .outcome
            .undecided
            .iter()
            .map(|u| Item {
                text: u.title.to_string(),
                code: self.code(&u.id),
                detail: u.needs.iter().map(|n| self.ask(&n.field)).collect(),
                ..Item::default()
            })
            .collect();
        section("undecided", "Rules that cannot be decided yet", items)
    }

    fn scores(&self) -> Section {
        let items = self
            .outcome
            .scores
            .iter()
            .map(|s| {
                let band = s.band.as_ref().map(|b| b.label.clone()).unwrap_or_else(|| "no band covers this total".into());
                let mut detail = Vec::new();
                if s.possible_min != s.possible_max {
                    detail.push(format!("Between {} and {} once every question is answered", s.possible_min, s.possible_max));
                }
                if !s.band_decided {
                    detail.push("The band could still change".into());
                }
                Item { text: format!("{}: {} ({band})", s.label, s.total), code: self.code(&s.id), detail, ..Item::default() }
            })
            .collect();
        section("scores", "Scores", items)
    }

    fn contexts(&self) -> Section {
        let items = self
            .outcome
            .contexts
            .iter()
            .map(|c| Item {
                text: c.label.to_string(),
                detail: vec![format!("Weight {}, from {}", c.weight, plural(c.rules.len(), "rule", "rules"))],
                code: self.codes.then(|| c.rules.join(", ")),
                ..Item::default()
            })
            .collect();
        let mut s = section("contexts", "Contexts, the weightiest first", items);
        s.intro = Some("How much the rules that apply weigh in each context.".into());
        s
    }

    fn form_problems(&self) -> Section {
        let items = self
            .outcome
            .form_errors
            .iter()
            .map(|d| {
                let (field, label) = match &d.location {
                    crate::diagnostics::Location::Form { field, label } => (Some(field.clone()), Some(label.clone())),
                    _ => (None, None),
                };
                // The question in the form's own words when the form is known (the
                // label of its control), else the field's ("Child 1 › Places: ..."
                // reads "Places: ..."); the child is in `about`. What is wrong
                // follows, without the engine's label repeated.
                let own = |f: &str| self.options.labels.get(&schema_key(f)).map(|q| q.trim().trim_end_matches(['?', ':']).to_string());
                // A message worded the GOV.UK way starts with the question itself
                // ("Date of birth must include a month"): the form's words for it.
                let bare = label.as_deref().map(|l| l.rsplit('›').next().unwrap_or(l).trim()).unwrap_or("");
                let text = match (&label, &field) {
                    (Some(l), Some(f)) if !l.is_empty() && d.message.starts_with(&format!("{l}: ")) => {
                        format!("{}{}", own(f).unwrap_or_else(|| self.readable(l, f)), &d.message[l.len()..])
                    }
                    (Some(_), Some(f)) if !bare.is_empty() && d.message.starts_with(&format!("{bare} must ")) => match own(f) {
                        Some(q) => format!("{q}{}", &d.message[bare.len()..]),
                        None => d.message.clone(),
                    },
                    _ => d.message.clone(),
                };
                Item {
                    text,
                    code: self.code(d.code.as_str()),
                    detail: d.help.iter().cloned().collect(),
                    about: field.as_deref().and_then(|f| self.child_of(f)).map(str::to_string),
                    field,
                    ..Item::default()
                }
            })
            .collect();
        let mut s = section("form_problems", "Answers that could not be read", items);
        s.intro = Some("These answers are treated as blank, so the result may be too low.".into());
        s
    }
}
