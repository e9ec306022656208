//! The sign-off document: one printable, accessible HTML page for the
//! safeguarding partnership board, which signs the document, not the code.
//! Every condition is written in plain English from the syntax tree, with the
//! form's own labels; with an older version, what was added, removed and changed.
//! GOV.UK Design System styles are inlined (no network), and the page prints on A4.

use super::coverage::Coverage;
use crate::dates::Day;
use crate::program::{humanise, FieldTy, Program, RecordId, CONTEXTS, KINDS};
use crate::syntax::ast::{self, Direction, Expr, ExprKind, Item, QuantKind, TestOp};
use std::collections::{BTreeMap, BTreeSet};

/// One rule file, parsed and compiled, with what its tests cover.
pub struct Version<'a> {
    pub file: &'a ast::File,
    pub program: &'a Program,
    pub coverage: &'a Coverage,
}

/// The whole page. `since` is the signed-off version to compare with; `today` the date it is made.
pub fn document(now: &Version, since: Option<&Version>, today: Day) -> String {
    document_with(now, since.map(|v| (v, None)), true, today)
}

/// The page for a board. With `since` (the signed-off version and, when
/// worked out, the impact of the change on the cases) the page starts with
/// the change: what was added, removed and changed, with the changed words
/// marked; the cases that move; the decisions asked for. The whole rule set
/// follows as an appendix only when `appendix` is set, so a one-rule change
/// stays a few pages. Without `since`, the page is the whole rule set.
pub fn document_with(now: &Version, since: Option<(&Version, Option<&super::impact::Impact>)>, appendix: bool, today: Day) -> String {
    let impact = since.and_then(|(_, i)| i);
    let since = since.map(|(v, _)| v);
    let whole = since.is_none() || appendix;
    let p = now.program;
    let info = &p.info;
    let mut h = String::new();
    let title = format!("{}{}", info.name, info.version.as_ref().map(|v| format!(", version {v}")).unwrap_or_default());
    h += "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n";
    h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    h += &format!("<title>{} – screening rules for sign-off</title>\n<style>{CSS}</style>\n</head>\n<body>\n", esc(&title));
    h += "<a class=\"govuk-skip-link\" href=\"#main\">Skip to main content</a>\n";
    h += "<main id=\"main\" class=\"govuk-main-wrapper\">\n";
    h += "<span class=\"govuk-caption-l\">Screening rules for sign-off by the safeguarding partnership board</span>\n";
    h += &format!("<h1 class=\"govuk-heading-xl\">{}</h1>\n", esc(&title));

    // Header and dates, as a summary list.
    h += "<dl class=\"govuk-summary-list\">\n";
    let row = |k: &str, v: &str| format!("<div class=\"govuk-summary-list__row\"><dt>{}</dt><dd>{}</dd></div>\n", esc(k), esc(v));
    let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "Not given".into());
    h += &row("Rule set", &info.name);
    h += &row("Version", &or_none(&info.version));
    h += &row("Owner", &or_none(&info.owner));
    h += &row("Takes effect", &or_none(&info.effective));
    h += &row("Review by", &or_none(&info.review));
    h += &row("Document made", &today.to_string());
    if let Some(s) = since {
        let v = &s.program.info;
        h +=
            &row("Changes shown since", &format!("{}{}", v.name, v.version.as_ref().map(|x| format!(", version {x}")).unwrap_or_default()));
    }
    h += "</dl>\n";
    h += "<div class=\"govuk-inset-text\">Screening is advisory. These rules support professional judgement and never replace it. \
          Protected characteristics are never risk factors.</div>\n";

    // Contents.
    h += "<nav aria-labelledby=\"contents\"><h2 class=\"govuk-heading-m\" id=\"contents\">Contents</h2><ol class=\"govuk-list govuk-list--number\">\n";
    let mut sections = vec![];
    if since.is_some() {
        sections.push(("changes", "What has changed"));
        if impact.is_some() {
            sections.push(("cases", "What the change does to the cases"));
        }
        sections.push(("decisions", "Decisions for the board"));
    }
    if whole {
        sections.extend([
            ("levels", if since.is_some() { "Appendix: levels" } else { "Levels" }),
            ("actions", if since.is_some() { "Appendix: actions" } else { "Actions" }),
            ("rules", if since.is_some() { "Appendix: rules" } else { "Rules" }),
            ("floors", if since.is_some() { "Appendix: floors" } else { "Floors" }),
            ("scores", if since.is_some() { "Appendix: scores and bands" } else { "Scores and bands" }),
            ("definitions", if since.is_some() { "Appendix: shared definitions" } else { "Shared definitions" }),
        ]);
    }
    sections.extend([("tests", "Tests and what they cover"), ("sign-off", "Sign-off")]);
    for (id, name) in &sections {
        h += &format!("<li><a class=\"govuk-link\" href=\"#{id}\">{name}</a></li>\n");
    }
    h += "</ol></nav>\n";

    let words = Words::new(p);
    let mut touched = None;
    if let Some(old) = since {
        let (html, keys) = changes(now, old, &words, &Words::new(old.program));
        h += &html;
        touched = Some(keys);
        if let Some(i) = impact {
            h += &cases_that_move(i);
        }
        h += &decisions(now, old, impact);
    }
    if whole {
        h += &whole_rule_set(now, since.is_some(), &words);
    }
    h += &tests_section(now, whole, touched.as_ref());

    // Sign-off.
    h += "<h2 class=\"govuk-heading-l\" id=\"sign-off\">Sign-off</h2>\n";
    h += if since.is_some() && !whole {
        "<p class=\"govuk-body\">We have read the changes above, with their reasons, sources and what they do to the cases, and approve them for use from the date they take effect.</p>\n"
    } else {
        "<p class=\"govuk-body\">We have read the rules above, with their reasons, sources and tests, and approve them for use from the date they take effect.</p>\n"
    };
    h += "<table class=\"govuk-table signoff\"><caption class=\"govuk-table__caption\">Signatures</caption>\
          <thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Role</th><th scope=\"col\">Signature</th><th scope=\"col\">Date</th></tr></thead><tbody>\n";
    for _ in 0..3 {
        h += "<tr><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td></tr>\n";
    }
    h += "</tbody></table>\n</main>\n</body>\n</html>\n";
    h
}

/// The whole rule set: levels, actions, rules, floors, scores and shared definitions.
fn whole_rule_set(now: &Version, as_appendix: bool, words: &Words) -> String {
    let p = now.program;
    let mut h = String::new();
    let title = |t: &str| if as_appendix { format!("Appendix: {}", t.to_lowercase()) } else { t.to_string() };
    if as_appendix {
        h += "<p class=\"govuk-body app-appendix\">The appendix sets out the whole rule set as it will be after the change.</p>\n";
    }

    // Levels and actions.
    h += &format!("<h2 class=\"govuk-heading-l\" id=\"levels\">{}</h2>\n", title("Levels"));
    h += "<table class=\"govuk-table\"><caption class=\"govuk-table__caption\">Levels, from lowest to highest</caption>\
          <thead><tr><th scope=\"col\">Name in the file</th><th scope=\"col\">Level</th></tr></thead><tbody>\n";
    for l in &p.levels {
        h += &format!("<tr><td><code>{}</code></td><td>{}</td></tr>\n", esc(&l.id), esc(&l.label));
    }
    h += "</tbody></table>\n";
    h += &format!("<h2 class=\"govuk-heading-l\" id=\"actions\">{}</h2>\n", title("Actions"));
    if p.actions.is_empty() {
        h += "<p class=\"govuk-body\">This rule set suggests no actions.</p>\n";
    } else {
        h += "<table class=\"govuk-table\"><caption class=\"govuk-table__caption\">Actions the rules can suggest</caption>\
              <thead><tr><th scope=\"col\">Name in the file</th><th scope=\"col\">Action</th><th scope=\"col\">Suggested by</th></tr></thead><tbody>\n";
        for (i, a) in p.actions.iter().enumerate() {
            let by: Vec<&str> = p.rules.iter().filter(|r| r.effects.actions.contains(&i)).map(|r| r.id.as_str()).collect();
            let bands: Vec<String> = p
                .scores
                .iter()
                .flat_map(|s| {
                    s.bands.iter().filter(|b| b.effects.actions.contains(&i)).map(move |b| format!("{} band {}", s.label, b.label))
                })
                .collect();
            let mut all: Vec<String> = by.iter().map(|s| s.to_string()).collect();
            all.extend(bands);
            h += &format!(
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n",
                esc(&a.id),
                esc(&a.label),
                esc(&if all.is_empty() { "No rule".to_string() } else { all.join(", ") })
            );
        }
        h += "</tbody></table>\n";
    }

    // Rules.
    h += &format!("<h2 class=\"govuk-heading-l\" id=\"rules\">{}</h2>\n", title("Rules"));
    let mut any_rule = false;
    for item in &now.file.items {
        if let Item::Rule(r) = item {
            any_rule = true;
            h += &rule_section(r, p, now.coverage, &words);
        }
    }
    if !any_rule {
        h += "<p class=\"govuk-body\">This rule set has no rules.</p>\n";
    }

    // Floors.
    h += &format!("<h2 class=\"govuk-heading-l\" id=\"floors\">{}</h2>\n", title("Floors"));
    h += "<p class=\"govuk-body\">A floor keeps the level at or above a minimum, whatever the rules say.</p>\n";
    let mut any_floor = false;
    for item in &now.file.items {
        if let Item::Floor(f) = item {
            any_floor = true;
            h += &floor_section(f, p, now.coverage, &words);
        }
    }
    if !any_floor {
        h += "<p class=\"govuk-body\">This rule set has no floors.</p>\n";
    }

    // Scores and bands.
    h += &format!("<h2 class=\"govuk-heading-l\" id=\"scores\">{}</h2>\n", title("Scores and bands"));
    if p.scores.is_empty() {
        h += "<p class=\"govuk-body\">This rule set has no scores.</p>\n";
    }
    for s in &p.scores {
        h += &format!(
            "<table class=\"govuk-table\"><caption class=\"govuk-table__caption\">{}: bands</caption>\
             <thead><tr><th scope=\"col\">Band</th><th scope=\"col\">Points</th><th scope=\"col\">What it does</th><th scope=\"col\">Tests that reach it</th></tr></thead><tbody>\n",
            esc(&s.label)
        );
        for b in &s.bands {
            let range = match b.to {
                Some(t) => format!("{} to {t}", b.from),
                None => format!("{} or more", b.from),
            };
            let reached: Vec<String> =
                now.coverage.bands.iter().filter(|c| c.score == s.id && c.band == b.id).flat_map(|c| c.reached_in.clone()).collect();
            h += &format!(
                "<tr><th scope=\"row\">{}</th><td>{range}</td><td>{}</td><td>{}</td></tr>\n",
                esc(&b.label),
                esc(&effects_words(p, &b.effects)),
                esc(&list_or(&reached, "No test reaches this band"))
            );
        }
        h += "</tbody></table>\n";
        let mut points = Vec::new();
        for r in &p.rules {
            for (score, n) in &r.effects.points {
                if p.scores[*score].id == s.id {
                    points.push((r.id.clone(), r.title.clone(), *n));
                }
            }
        }
        if !points.is_empty() {
            h += &format!(
                "<table class=\"govuk-table\"><caption class=\"govuk-table__caption\">{}: points each rule adds</caption>\
                 <thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Title</th><th scope=\"col\" class=\"govuk-table__header--numeric\">Points</th></tr></thead><tbody>\n",
                esc(&s.label)
            );
            for (id, title, n) in points {
                h += &format!(
                    "<tr><td><a class=\"govuk-link\" href=\"#rule-{}\">{}</a></td><td>{}</td><td class=\"govuk-table__cell--numeric\">{n}</td></tr>\n",
                    anchor(&id),
                    esc(&id),
                    esc(&title)
                );
            }
            h += "</tbody></table>\n";
        }
    }

    // Definitions.
    h += &format!("<h2 class=\"govuk-heading-l\" id=\"definitions\">{}</h2>\n", title("Shared definitions"));
    h += "<p class=\"govuk-body\">Rules and floors use these worked-out answers. When a new sign is added to the form, check whether it belongs in one of them.</p>\n";
    let mut any_def = false;
    for item in &now.file.items {
        if let Item::Define(d) = item {
            any_def = true;
            h += &def_section(d, p, &words);
        }
    }
    if !any_def {
        h += "<p class=\"govuk-body\">This rule set has no definitions.</p>\n";
    }

    h
}

/// What the tests cover; with `list`, every test by name. `touched` (the
/// keys of what was added or changed) limits the conditions listed to those
/// in the change, so a one-rule change stays a few pages.
fn tests_section(now: &Version, list: bool, touched: Option<&BTreeSet<String>>) -> String {
    let p = now.program;
    let mut h = String::new();
    h += "<h2 class=\"govuk-heading-l\" id=\"tests\">Tests and what they cover</h2>\n";
    h += &format!("<p class=\"govuk-body\">{}</p>\n", esc(&now.coverage.summary));
    for pr in &now.coverage.problems {
        h += &format!("<div class=\"govuk-warning-text\"><strong>Problem: {}</strong></div>\n", esc(pr));
    }
    let gaps: Vec<_> = now.coverage.rules.iter().filter(|r| !r.covered).collect();
    if !gaps.is_empty() {
        h += "<h3 class=\"govuk-heading-s\">Rules and floors not yet tested both ways</h3><ul class=\"govuk-list govuk-list--bullet\">\n";
        for r in gaps {
            let why = if r.applies_in.is_empty() { "no test sees it apply" } else { "no test sees it not apply" };
            h += &format!("<li>{} ({}): {why}</li>\n", esc(&r.id), esc(&r.title));
        }
        h += "</ul>\n";
    }
    // Inside the rules: a rule can apply in a test while a condition in it never made a difference.
    let key = |within: &str| {
        let mut c = within.chars();
        c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
    };
    let untested: Vec<_> = now
        .coverage
        .conditions
        .iter()
        .filter(|c| !c.covered || c.boundary.as_ref().is_some_and(|b| !b.covered))
        .filter(|c| list || touched.is_some_and(|t| t.contains(&key(&c.within))))
        .collect();
    if !untested.is_empty() {
        let title = if list { "Conditions not yet tested" } else { "Conditions in what has changed, not yet tested" };
        h += &format!("<h3 class=\"govuk-heading-s\">{title}</h3><ul class=\"govuk-list govuk-list--bullet\">\n");
        for c in untested {
            let gaps: Vec<String> = [c.words.clone(), c.boundary.as_ref().map(|b| b.words.clone()).unwrap_or_default()]
                .into_iter()
                .filter(|w| !w.is_empty())
                .collect();
            h += &format!(
                "<li>{}, line {}: <code>{}</code> {}</li>\n",
                esc(&owner_heading(p, &c.within)),
                c.line,
                esc(&c.text),
                esc(&gaps.join("; "))
            );
        }
        h += "</ul>\n";
    }
    let never_yes: Vec<_> = now.coverage.questions.iter().filter(|q| q.answered_yes_in.is_empty()).collect();
    if list && !never_yes.is_empty() {
        h += "<h3 class=\"govuk-heading-s\">Yes or no questions no test answers yes</h3><ul class=\"govuk-list govuk-list--bullet\">\n";
        for q in never_yes {
            h += &format!("<li>{}</li>\n", esc(&q.field_label));
        }
        h += "</ul>\n";
    }
    let unticked: Vec<_> = now.coverage.options.iter().filter(|o| o.ticked_in.is_empty()).collect();
    if list && !unticked.is_empty() {
        h += "<h3 class=\"govuk-heading-s\">Options no test ticks</h3><ul class=\"govuk-list govuk-list--bullet\">\n";
        for o in unticked {
            h += &format!("<li>{}: {}</li>\n", esc(&o.field_label), esc(&o.option_label));
        }
        h += "</ul>\n";
    }
    if list {
        h += "<table class=\"govuk-table\"><caption class=\"govuk-table__caption\">Tests written in the rule file</caption>\
              <thead><tr><th scope=\"col\">Test</th><th scope=\"col\">Line</th></tr></thead><tbody>\n";
        for t in &p.tests {
            h += &format!("<tr><td>{}</td><td>{}</td></tr>\n", esc(&t.name), t.line);
        }
        h += "</tbody></table>\n";
    } else {
        h += &format!(
            "<p class=\"govuk-body\">The rule file has {} tests. The appendix (<code>screen doc --appendix</code>) lists them.</p>\n",
            p.tests.len()
        );
    }
    h
}

fn rule_section(r: &ast::Rule, p: &Program, cov: &Coverage, w: &Words) -> String {
    let Some(def) = p.rules.iter().find(|x| x.id == r.id.name) else { return String::new() };
    let mut h = format!("<section class=\"rule\" aria-labelledby=\"rule-{}\">\n", anchor(&def.id));
    h += &format!("<h3 class=\"govuk-heading-m\" id=\"rule-{}\">{}: {}</h3>\n", anchor(&def.id), esc(&def.id), esc(&def.title));
    h += "<dl class=\"govuk-summary-list\">\n";
    h += &dl_row("Context", CONTEXTS.get(def.context).map(|c| c.1).unwrap_or(""));
    h += &dl_row("Kind", KINDS.get(def.kind).map(|k| k.1).unwrap_or(""));
    h += &format!("<div class=\"govuk-summary-list__row\"><dt>Applies when</dt><dd>{}</dd></div>\n", w.condition(&r.when, &[]));
    h += &dl_row("What it does", &effects_words(p, &def.effects));
    h += &dl_row("Why (rationale)", &def.rationale);
    h += &dl_row("Source", &def.source);
    h += &tests_row(cov, &def.id);
    h += "</dl>\n</section>\n";
    h
}

fn floor_section(f: &ast::Floor, p: &Program, cov: &Coverage, w: &Words) -> String {
    let Some(def) = p.floors.iter().find(|x| x.id == f.id.name) else { return String::new() };
    let mut h = format!("<section class=\"rule\" aria-labelledby=\"rule-{}\">\n", anchor(&def.id));
    h += &format!("<h3 class=\"govuk-heading-m\" id=\"rule-{}\">{}: {}</h3>\n", anchor(&def.id), esc(&def.id), esc(&def.title));
    h += "<dl class=\"govuk-summary-list\">\n";
    h += &format!("<div class=\"govuk-summary-list__row\"><dt>Applies when</dt><dd>{}</dd></div>\n", w.condition(&f.when, &[]));
    h += &dl_row("Never below", &p.levels[def.level].label);
    h += &dl_row("Why (rationale)", &def.rationale);
    h += &dl_row("Source", &def.source);
    h += &tests_row(cov, &def.id);
    h += "</dl>\n</section>\n";
    h
}

fn def_section(d: &ast::Definition, p: &Program, w: &Words) -> String {
    let record = d.owner.as_ref().and_then(|o| p.schema.records.iter().position(|r| r.item == o.name));
    let label = d.label.as_ref().map(|l| l.value.clone()).unwrap_or_else(|| humanise(&d.name.name));
    let name = match &d.owner {
        Some(o) => format!("{}.{}", o.name, d.name.name),
        None => d.name.name.clone(),
    };
    let scope: Vec<(String, RecordId)> = match (&d.owner, record) {
        (Some(o), Some(r)) => vec![(o.name.clone(), r)],
        _ => vec![],
    };
    let users: Vec<&str> = p
        .rules_when()
        .filter(|(_, when)| uses_def(when, p, &d.name.name))
        .map(|(r, _)| r.id.as_str())
        .chain(p.floors_when().filter(|(_, when)| uses_def(when, p, &d.name.name)).map(|(f, _)| f.id.as_str()))
        .collect();
    let mut h = format!("<h3 class=\"govuk-heading-s\" id=\"def-{}\">{}</h3>\n", anchor(&name), esc(&label));
    h += "<dl class=\"govuk-summary-list\">\n";
    h += &format!("<div class=\"govuk-summary-list__row\"><dt>Name in the file</dt><dd><code>{}</code></dd></div>\n", esc(&name));
    h += &format!("<div class=\"govuk-summary-list__row\"><dt>Worked out as</dt><dd>{}</dd></div>\n", w.condition(&d.expr, &scope));
    h += &dl_row("Used directly by", &if users.is_empty() { "No rule or floor directly".into() } else { users.join(", ") });
    h += "</dl>\n";
    h
}

fn uses_def(e: &crate::program::CExpr, p: &Program, name: &str) -> bool {
    use crate::program::CExpr::*;
    match e {
        Def { def, .. } => p.defs.get(*def).is_some_and(|d| d.name == name),
        Lit(_) | Today | Field { .. } => false,
        And(v) | Or(v) => v.iter().any(|x| uses_def(x, p, name)),
        Not(x) | Answered(x) => uses_def(x, p, name),
        Compare(_, a, b) | Arith(_, a, b) => uses_def(a, p, name) || uses_def(b, p, name),
        OneOf { value, options, .. } => uses_def(value, p, name) || options.iter().any(|x| uses_def(x, p, name)),
        Within { value, other, .. } => uses_def(value, p, name) || uses_def(other, p, name),
        Contains { text, .. } => uses_def(text, p, name),
        Includes { value, .. } => uses_def(value, p, name),
        Between { from, to, .. } => uses_def(from, p, name) || uses_def(to, p, name),
        Quant { cond, .. } => uses_def(cond, p, name),
        Count { cond, .. } => cond.as_ref().is_some_and(|c| uses_def(c, p, name)),
    }
}

fn tests_row(cov: &Coverage, id: &str) -> String {
    let Some(c) = cov.rules.iter().find(|r| r.id == id) else { return String::new() };
    let mut s = format!(
        "<div class=\"govuk-summary-list__row\"><dt>Tests where it applies</dt><dd>{}</dd></div>\n",
        esc(&list_or(&c.applies_in, "None: no test shows this rule applying"))
    );
    s += &format!(
        "<div class=\"govuk-summary-list__row\"><dt>Tests where it does not apply</dt><dd>{}</dd></div>\n",
        esc(&list_or(&c.does_not_apply_in, "None: no test shows this rule not applying"))
    );
    s
}

fn dl_row(k: &str, v: &str) -> String {
    format!("<div class=\"govuk-summary-list__row\"><dt>{}</dt><dd>{}</dd></div>\n", esc(k), esc(v))
}

fn list_or(v: &[String], none: &str) -> String {
    if v.is_empty() {
        none.to_string()
    } else {
        v.join("; ")
    }
}

/// What a rule or band does, in a sentence.
pub fn effects_words(p: &Program, e: &crate::program::Effects) -> String {
    let mut parts = Vec::new();
    if let Some(l) = e.raise {
        parts.push(format!("Raises the level to {}", p.levels[l].label));
    }
    for &a in &e.actions {
        parts.push(format!("Suggests: {}", p.actions[a].label));
    }
    for (s, n) in &e.points {
        parts.push(format!("Adds {n} point{} to {}", if *n == 1 { "" } else { "s" }, p.scores[*s].label));
    }
    for pr in &e.prompts {
        parts.push(format!("Prompts the referrer: \u{201c}{pr}\u{201d}"));
    }
    if parts.is_empty() {
        "Nothing on its own".into()
    } else {
        parts.join(". ") + "."
    }
}

/// Conditions in words, with the form's labels.
pub struct Words<'a> {
    p: &'a Program,
}

/// What a path names: its words, and the field (for option labels) or list record (for `any`).
struct Named {
    words: String,
    field: Option<usize>,
    list: Option<RecordId>,
}

impl<'a> Words<'a> {
    pub fn new(p: &'a Program) -> Self {
        Words { p }
    }

    /// A condition as HTML: "all of these" and "any of these" become nested lists, so the
    /// grouping that brackets give is plain to see; everything else is a sentence.
    pub fn condition(&self, e: &Expr, scope: &[(String, RecordId)]) -> String {
        match &e.kind {
            ExprKind::And(v) => self.group("All of these are true:", v, scope),
            ExprKind::Or(v) => self.group("At least one of these is true:", v, scope),
            ExprKind::Not(x) => format!("It is not true that: {}", self.condition(x, scope)),
            ExprKind::Quant { kind, var, list, cond } => {
                let l = self.path(list, scope);
                let item = l.list.map(|r| self.p.schema.records[r].item_label.clone()).unwrap_or_else(|| humanise(&var.name));
                let mut inner = scope.to_vec();
                if let Some(r) = l.list {
                    inner.push((var.name.clone(), r));
                }
                let lead = match kind {
                    QuantKind::Any => format!("For at least one {} in {}:", esc(&item.to_lowercase()), esc(&l.words)),
                    QuantKind::All => format!("For every {} in {}:", esc(&item.to_lowercase()), esc(&l.words)),
                    QuantKind::No => format!("For no {} in {}:", esc(&item.to_lowercase()), esc(&l.words)),
                };
                format!("{lead}<div class=\"cond-inner\">{}</div>", self.condition(cond, &inner))
            }
            ExprKind::Path(path) => {
                let n = self.path(path, scope);
                format!("{} is yes", esc(&n.words))
            }
            _ => esc(&self.text(e, scope)),
        }
    }

    fn group(&self, lead: &str, v: &[Expr], scope: &[(String, RecordId)]) -> String {
        let mut s = format!("{lead}<ul class=\"govuk-list govuk-list--bullet\">");
        for x in v {
            s += &format!("<li>{}</li>", self.condition(x, scope));
        }
        s + "</ul>"
    }

    /// A name in the file as the form's label, in curly quotes: “Child › Age”.
    fn path(&self, path: &ast::Path, scope: &[(String, RecordId)]) -> Named {
        let s = &self.p.schema;
        let mut labels: Vec<String> = Vec::new();
        let mut record: RecordId = 0;
        let mut field = None;
        let mut list = None;
        for (i, part) in path.parts.iter().enumerate() {
            if i == 0 {
                if let Some((_, r)) = scope.iter().rev().find(|(n, _)| *n == part.name) {
                    record = *r;
                    labels.push(format!("the {}", s.records[*r].item_label.to_lowercase()));
                    continue;
                }
            }
            let fid = s.records.get(record).and_then(|r| r.fields.iter().copied().find(|&f| s.fields[f].name == part.name));
            match fid {
                Some(f) => {
                    labels.push(format!("\u{201c}{}\u{201d}", s.fields[f].label));
                    field = Some(f);
                    list = None;
                    if let FieldTy::List(r) = s.fields[f].ty {
                        record = r;
                        list = Some(r);
                    }
                }
                None => {
                    // A definition: for this record's kind, or for the whole form.
                    let owner = (i > 0).then_some(record);
                    let d = self.p.defs.iter().find(|d| d.name == part.name && (d.record == owner || owner.is_none()));
                    let label = d.and_then(|d| d.label.clone()).unwrap_or_else(|| humanise(&part.name));
                    labels.push(format!("\u{201c}{label}\u{201d}"));
                    field = None;
                    list = None;
                }
            }
        }
        Named { words: labels.join(" › "), field, list }
    }

    /// An option id as its label, when the field has it.
    fn option(&self, field: Option<usize>, id: &str) -> String {
        let opts = field.and_then(|f| match &self.p.schema.fields[f].ty {
            FieldTy::OneOf(o) | FieldTy::SeveralOf(o) => Some(o),
            _ => None,
        });
        match opts.and_then(|o| o.iter().find(|x| x.id == id)) {
            Some(o) => format!("\u{201c}{}\u{201d}", o.label),
            None => id.to_string(),
        }
    }

    /// A value, or a condition inside a sentence, as plain text.
    fn value(&self, e: &Expr, scope: &[(String, RecordId)], field: Option<usize>) -> String {
        match &e.kind {
            ExprKind::Path(p) if p.parts.len() == 1 && field.is_some() => {
                let o = self.option(field, &p.parts[0].name);
                if o != p.parts[0].name {
                    o
                } else {
                    self.path(p, scope).words
                }
            }
            _ => self.text(e, scope),
        }
    }

    fn list(&self, v: &[Expr], scope: &[(String, RecordId)], field: Option<usize>, joiner: &str) -> String {
        let items: Vec<String> = v.iter().map(|x| self.value(x, scope, field)).collect();
        match items.len() {
            0 => String::new(),
            1 => items[0].clone(),
            n => format!("{} {joiner} {}", items[..n - 1].join(", "), items[n - 1]),
        }
    }

    fn text(&self, e: &Expr, scope: &[(String, RecordId)]) -> String {
        match &e.kind {
            ExprKind::Or(v) => format!("({})", v.iter().map(|x| self.text(x, scope)).collect::<Vec<_>>().join(" or ")),
            ExprKind::And(v) => format!("({})", v.iter().map(|x| self.text(x, scope)).collect::<Vec<_>>().join(" and ")),
            ExprKind::Not(x) => format!("not ({})", self.text(x, scope)),
            ExprKind::Test(lhs, op) => {
                let field = match &lhs.kind {
                    ExprKind::Path(p) => self.path(p, scope).field,
                    _ => None,
                };
                let l = self.text(lhs, scope);
                let v = |x: &Expr| self.value(x, scope, field);
                let dir = |d: &Direction| match d {
                    Direction::Before => "before",
                    Direction::After => "after",
                    Direction::Either => "before or after",
                };
                match op.as_ref() {
                    TestOp::Answered => format!("{l} is answered"),
                    TestOp::NotAnswered => format!("{l} is not answered"),
                    TestOp::AtLeast(x) => format!("{l} is {} or more", v(x)),
                    TestOp::AtMost(x) => format!("{l} is {} or less", v(x)),
                    TestOp::MoreThan(x) => format!("{l} is more than {}", v(x)),
                    TestOp::LessThan(x) => format!("{l} is less than {}", v(x)),
                    TestOp::OneOf(xs) => format!("{l} is {}", self.list(xs, scope, field, "or")),
                    TestOp::NotOneOf(xs) => format!("{l} is neither {}", self.list(xs, scope, field, "nor")),
                    TestOp::Before(x) => format!("{l} is before {}", v(x)),
                    TestOp::After(x) => format!("{l} is after {}", v(x)),
                    TestOp::OnOrBefore(x) => format!("{l} is on or before {}", v(x)),
                    TestOp::OnOrAfter(x) => format!("{l} is on or after {}", v(x)),
                    TestOp::Within { amount, unit, dir: d, other } => {
                        format!("{l} is within {amount} {} {} {} (counting that day)", unit.word(*amount), dir(d), v(other))
                    }
                    TestOp::Contains(s) => format!("{l} contains the words \u{201c}{}\u{201d}", s.value),
                    TestOp::NotContains(s) => format!("{l} does not contain the words \u{201c}{}\u{201d}", s.value),
                    TestOp::ContainsAny(xs) => format!("{l} contains any of the words {}", self.list(xs, scope, field, "or")),
                    TestOp::Includes(id) => format!("{l} includes {}", self.option(field, &id.name)),
                    TestOp::NotIncludes(id) => format!("{l} does not include {}", self.option(field, &id.name)),
                    TestOp::IncludesAny(xs) => format!("{l} includes any of {}", self.list(xs, scope, field, "or")),
                    TestOp::IncludesAll(xs) => format!("{l} includes all of {}", self.list(xs, scope, field, "and")),
                    TestOp::Is(x) => format!("{l} is {}", v(x)),
                    TestOp::IsNot(x) => format!("{l} is not {}", v(x)),
                }
            }
            ExprKind::Arith(a, op, b) => {
                let w = match op {
                    ast::ArithOp::Add => "plus",
                    ast::ArithOp::Sub => "minus",
                    ast::ArithOp::Mul => "times",
                };
                format!("{} {w} {}", self.text(a, scope), self.text(b, scope))
            }
            ExprKind::Quant { kind, var, list, cond } => {
                let l = self.path(list, scope);
                let mut inner = scope.to_vec();
                if let Some(r) = l.list {
                    inner.push((var.name.clone(), r));
                }
                let k = match kind {
                    QuantKind::Any => "at least one",
                    QuantKind::All => "every",
                    QuantKind::No => "no",
                };
                format!("{k} of {} where {}", l.words, self.text(cond, &inner))
            }
            ExprKind::CountWhere { var, list, cond } => {
                let l = self.path(list, scope);
                let mut inner = scope.to_vec();
                if let Some(r) = l.list {
                    inner.push((var.name.clone(), r));
                }
                format!("the number of {} where {}", l.words, self.text(cond, &inner))
            }
            ExprKind::CountOf(p) => format!("the number of {}", self.path(p, scope).words),
            ExprKind::Between { unit, from, to } => {
                format!("the number of whole {} from {} to {}", unit.word(2), self.text(from, scope), self.text(to, scope))
            }
            ExprKind::Date(d) => d.text.clone(),
            ExprKind::Number(n) => number(*n),
            ExprKind::Text(t) => format!("\u{201c}{t}\u{201d}"),
            ExprKind::Bool(true) => "yes".into(),
            ExprKind::Bool(false) => "no".into(),
            ExprKind::Today => "the screening date".into(),
            ExprKind::Path(p) => self.path(p, scope).words,
        }
    }
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        crate::decimal::Plain(n).to_string()
    }
}

/// What was added, removed and changed since the older version.
fn changes(now: &Version, old: &Version, w_now: &Words, w_old: &Words) -> (String, BTreeSet<String>) {
    let mut h = String::from("<h2 class=\"govuk-heading-l\" id=\"changes\">What has changed</h2>\n");
    let entries = |v: &Version, w: &Words| -> BTreeMap<String, (String, String)> {
        let mut m = BTreeMap::new();
        for item in &v.file.items {
            match item {
                Item::Rule(r) => {
                    if let Some(d) = v.program.rules.iter().find(|x| x.id == r.id.name) {
                        let body = format!(
                            "<p class=\"govuk-body\">Context: {}. Kind: {}.</p><div>Applies when: {}</div><p class=\"govuk-body\">{}</p><p class=\"govuk-body\">Why: {}</p><p class=\"govuk-body\">Source: {}</p>",
                            CONTEXTS.get(d.context).map(|c| c.1).unwrap_or(""),
                            KINDS.get(d.kind).map(|k| k.1).unwrap_or(""),
                            w.condition(&r.when, &[]),
                            esc(&effects_words(v.program, &d.effects)),
                            esc(&d.rationale),
                            esc(&d.source)
                        );
                        m.insert(format!("Rule {}", d.id), (d.title.clone(), body));
                    }
                }
                Item::Floor(f) => {
                    if let Some(d) = v.program.floors.iter().find(|x| x.id == f.id.name) {
                        let body = format!(
                            "<div>Applies when: {}</div><p class=\"govuk-body\">Never below {}.</p><p class=\"govuk-body\">Why: {}</p><p class=\"govuk-body\">Source: {}</p>",
                            w.condition(&f.when, &[]),
                            esc(&v.program.levels[d.level].label),
                            esc(&d.rationale),
                            esc(&d.source)
                        );
                        m.insert(format!("Floor {}", d.id), (d.title.clone(), body));
                    }
                }
                Item::Define(d) => {
                    let name = match &d.owner {
                        Some(o) => format!("{}.{}", o.name, d.name.name),
                        None => d.name.name.clone(),
                    };
                    let record = d.owner.as_ref().and_then(|o| v.program.schema.records.iter().position(|r| r.item == o.name));
                    let scope: Vec<(String, RecordId)> = match (&d.owner, record) {
                        (Some(o), Some(r)) => vec![(o.name.clone(), r)],
                        _ => vec![],
                    };
                    let label = d.label.as_ref().map(|l| l.value.clone()).unwrap_or_else(|| humanise(&d.name.name));
                    m.insert(format!("Definition {name}"), (label, format!("<div>{}</div>", w.condition(&d.expr, &scope))));
                }
                _ => {}
            }
        }
        for l in &v.program.levels {
            m.insert(format!("Level {}", l.id), (l.label.clone(), format!("<p class=\"govuk-body\">{}</p>", esc(&l.label))));
        }
        for a in &v.program.actions {
            m.insert(format!("Action {}", a.id), (a.label.clone(), format!("<p class=\"govuk-body\">{}</p>", esc(&a.label))));
        }
        for s in &v.program.scores {
            for b in &s.bands {
                let range = b.to.map(|t| format!("{} to {t}", b.from)).unwrap_or_else(|| format!("{} or more", b.from));
                m.insert(
                    format!("Band {} of {}", b.id, s.id),
                    (
                        format!("{}: {}", s.label, b.label),
                        format!("<p class=\"govuk-body\">{range} points. {}</p>", esc(&effects_words(v.program, &b.effects))),
                    ),
                );
            }
        }
        // Questions on the form: a new one must be added to the council's form, and
        // referrals made before it do not answer it.
        for fid in 0..v.program.schema.fields.len() {
            let (path, label) = super::coverage::place(v.program, fid);
            let kind = match &v.program.schema.fields[fid].ty {
                FieldTy::YesNo => "yes or no",
                FieldTy::Number => "a number",
                FieldTy::Text => "text",
                FieldTy::Date => "a date",
                FieldTy::OneOf(_) => "one of a list of options",
                FieldTy::SeveralOf(_) => "any of a list of options",
                FieldTy::List(_) => "a list",
            };
            m.insert(format!("Question {path}"), (label, format!("<p class=\"govuk-body\">Answered as {kind}.</p>")));
        }
        // Form options: a new sign must also go into the shared definitions, so list them.
        for f in &v.program.schema.fields {
            if let FieldTy::OneOf(o) | FieldTy::SeveralOf(o) = &f.ty {
                for x in o {
                    m.insert(format!("Option {} of {}", x.id, f.name), (format!("{}: {}", f.label, x.label), String::new()));
                }
            }
        }
        m
    };
    let a = entries(now, w_now);
    let b = entries(old, w_old);
    let added: Vec<_> = a.iter().filter(|(k, _)| !b.contains_key(*k)).collect();
    let removed: Vec<_> = b.iter().filter(|(k, _)| !a.contains_key(*k)).collect();
    let changed: Vec<_> = a.iter().filter_map(|(k, v)| b.get(k).filter(|o| *o != v).map(|o| (k, o, v))).collect();
    h += &format!("<p class=\"govuk-body\">{} added, {} removed, {} changed.</p>\n", added.len(), removed.len(), changed.len());
    let new_questions = super::impact::describe_new_questions(old.program, now.program);
    if !added.is_empty() {
        h += "<h3 class=\"govuk-heading-m\">Added</h3>\n";
        let hints = super::new_options(old.program, now.program);
        for (k, (label, body)) in &added {
            // A new option says what reads it, and which shared definitions may be missing it; so does a new question.
            let hint = hints
                .iter()
                .find(|o| {
                    **k == format!("Option {} of {}", o.option, o.field.rsplit('.').next().unwrap_or(&o.field).trim_end_matches("[]"))
                })
                .map(|o| o.words.clone())
                .or_else(|| new_questions.iter().find(|q| **k == format!("Question {}", q.field)).map(|q| q.words.clone()))
                .map(|w| format!("<p class=\"govuk-body\">{}</p>", esc(&w)))
                .unwrap_or_default();
            h += &format!(
                "<div class=\"change change--added\"><h4 class=\"govuk-heading-s\">{}</h4>{body}{hint}</div>\n",
                esc(&heading(k, label))
            );
        }
    }
    if !removed.is_empty() {
        h += "<h3 class=\"govuk-heading-m\">Removed</h3>\n";
        for (k, (label, _)) in &removed {
            h += &format!("<div class=\"change change--removed\"><h4 class=\"govuk-heading-s\">{}</h4></div>\n", esc(&heading(k, label)));
        }
    }
    if !changed.is_empty() {
        h += "<h3 class=\"govuk-heading-m\">Changed</h3>\n";
        h += "<p class=\"govuk-body\">Each change is shown once, as it will read, with the words taken out <del>struck through</del> and the words put in <ins>underlined</ins>.</p>\n";
        for (k, (old_label, before), (label, after)) in &changed {
            let title = if old_label != label {
                format!("<p class=\"govuk-body\">Title: {}</p>", marked(&esc(old_label), &esc(label)))
            } else {
                String::new()
            };
            h += &format!(
                "<div class=\"change\"><h4 class=\"govuk-heading-s\">{}</h4>{title}{}</div>\n",
                esc(&heading(k, label)),
                marked(before, after)
            );
        }
    }
    let touched = added.iter().map(|(k, _)| (*k).clone()).chain(changed.iter().map(|(k, _, _)| (*k).clone())).collect();
    (h, touched)
}

/// "Rule: Found far from home" for coverage's "rule NBH1", "Shared
/// definition: Missing often" for "definition child.missing_often".
fn owner_heading(p: &Program, within: &str) -> String {
    let (kind, name) = within.split_once(' ').unwrap_or(("", within));
    let label = match kind {
        "rule" => p.rules.iter().find(|r| r.id == name).map(|r| r.title.clone()),
        "floor" => p.floors.iter().find(|f| f.id == name).map(|f| f.title.clone()),
        _ => p
            .defs
            .iter()
            .find(|d| {
                let item = d.record.and_then(|r| p.schema.records.get(r)).map(|r| r.item.as_str()).unwrap_or("");
                (if item.is_empty() { d.name.clone() } else { format!("{item}.{}", d.name) }) == name
            })
            .map(|d| d.label.clone().unwrap_or_else(|| humanise(&d.name))),
    };
    let key = match kind {
        "rule" => "Rule",
        "floor" => "Floor",
        _ => "Definition",
    };
    heading(key, &label.unwrap_or_else(|| name.to_string()))
}

/// "Rule: Found far from home", "Shared definition: Has a clear sign...": a
/// heading in the board's words, from an entry's internal key and its label.
fn heading(key: &str, label: &str) -> String {
    let kind = match key.split(' ').next().unwrap_or("") {
        "Rule" => "Rule",
        "Floor" => "Floor",
        "Definition" => "Shared definition",
        "Level" => "Level",
        "Action" => "Action",
        "Band" => "Band",
        "Question" => "Question on the form",
        "Option" => "Option on the form",
        other => other,
    };
    format!("{kind}: {label}")
}

/// `after` with the words of `before` that it leaves out struck through and
/// the words it puts in underlined. Markup is kept as `after` has it, so the
/// result is as well formed as `after`; words are compared one by one.
fn marked(before: &str, after: &str) -> String {
    let tokens = |s: &str| -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = s;
        while !rest.is_empty() {
            if rest.starts_with('<') {
                let end = rest.find('>').map_or(rest.len(), |i| i + 1);
                out.push(rest[..end].to_string());
                rest = &rest[end..];
            } else {
                let end = rest.find(['<', ' ']).map_or(rest.len(), |i| if i == 0 { 1 } else { i });
                out.push(rest[..end].to_string());
                rest = &rest[end..];
            }
        }
        out
    };
    let (a, b) = (tokens(before), tokens(after));
    // A longest common subsequence: the texts are a rule or a definition, a few hundred words at most.
    if a.len() * b.len() > 4_000_000 {
        return format!("<div class=\"before-after\"><div><p class=\"govuk-body govuk-!-font-weight-bold\">Before</p>{before}</div><div><p class=\"govuk-body govuk-!-font-weight-bold\">After</p>{after}</div></div>");
    }
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let is_tag = |t: &str| t.starts_with('<');
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out += &b[j];
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            // A word taken out is shown where it was, before the words put in; a tag
            // taken out is left out, so the markup stays that of `after`.
            if !is_tag(&a[i]) && a[i] != " " {
                out += &format!("<del>{}</del> ", a[i]);
            }
            i += 1;
        } else {
            out += &if is_tag(&b[j]) || b[j] == " " { b[j].clone() } else { format!("<ins>{}</ins>", b[j]) };
            j += 1;
        }
    }
    out
}

/// The cases whose result moves, from the impact of the change on the tests' forms.
fn cases_that_move(i: &super::impact::Impact) -> String {
    let mut h = String::from("<h2 class=\"govuk-heading-l\" id=\"cases\">What the change does to the cases</h2>\n");
    h += &format!(
        "<p class=\"govuk-body\">Every test form of both versions was screened under the signed-off rules and under the changed rules. {}</p>\n",
        esc(&i.summary)
    );
    let moved: Vec<&super::impact::CaseImpact> = i
        .changed
        .iter()
        .filter(|c| c.changes.iter().any(|x| !matches!(x.kind, "waitsForNewQuestion" | "undecidedAdded" | "undecidedRemoved")))
        .collect();
    for c in &moved {
        h += &format!("<h3 class=\"govuk-heading-s\">{}</h3>\n<ul class=\"govuk-list govuk-list--bullet\">\n", esc(&c.name));
        for x in c.changes.iter().filter(|x| !matches!(x.kind, "waitsForNewQuestion" | "undecidedAdded" | "undecidedRemoved")) {
            h += &format!("<li>{}</li>\n", esc(&x.words));
        }
        h += "</ul>\n";
    }
    let waits = i.changed.len() - moved.len();
    if waits > 0 {
        h += &format!(
            "<p class=\"govuk-body\">In {waits} more case{} only which rules wait for an answer changes: the screener is asked a question, and nothing else moves.</p>\n",
            if waits == 1 { "" } else { "s" }
        );
    }
    for q in &i.new_questions {
        h += &format!("<p class=\"govuk-body\">{}</p>\n", esc(&q.words));
    }
    h
}

/// What the board is asked to decide, one line each.
fn decisions(now: &Version, old: &Version, impact: Option<&super::impact::Impact>) -> String {
    let mut h = String::from(
        "<h2 class=\"govuk-heading-l\" id=\"decisions\">Decisions for the board</h2>\n<ol class=\"govuk-list govuk-list--number\">\n",
    );
    h += "<li>Approve each addition, removal and change under \u{201c}What has changed\u{201d}, with its reason and source.</li>\n";
    if let Some(i) = impact {
        let moved = i.changed.iter().filter(|c| c.changes.iter().any(|x| x.kind == "level")).count();
        h += &format!(
            "<li>Agree that the results of the cases above should change as shown{}.</li>\n",
            if moved > 0 { format!(": the level changes in {moved}") } else { String::new() }
        );
    }
    for q in super::impact::describe_new_questions(old.program, now.program) {
        h += &format!(
            "<li>Agree that the council\u{2019}s referral form asks a new question: \u{201c}{}\u{201d}. Referrals made before it is asked do not answer it.</li>\n",
            esc(&q.label)
        );
    }
    if let (Some(e), true) = (&now.program.info.effective, now.program.info.effective != old.program.info.effective) {
        h += &format!("<li>Agree the date the changed rules take effect: {}.</li>\n", esc(e));
    }
    h += "</ol>\n";
    h
}

/// A fragment id from a rule id.
fn anchor(id: &str) -> String {
    id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect()
}

/// Text for HTML: every character that could start markup is escaped.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// The few GOV.UK Design System styles the page uses, inlined so the file works
/// offline and prints the same anywhere. Colours and sizes are GOV.UK's; the
/// font falls back to Arial as on GOV.UK when GDS Transport is not installed.
const CSS: &str = r#"
body{margin:0;font-family:"GDS Transport",arial,sans-serif;color:#0b0c0c;background:#fff;font-size:19px;line-height:1.32;-webkit-font-smoothing:antialiased}
.govuk-main-wrapper{max-width:960px;margin:0 auto;padding:30px 15px 60px}
.govuk-skip-link{position:absolute;left:-9999px;top:0;padding:10px 15px;background:#fd0;color:#0b0c0c;font-weight:700}
.govuk-skip-link:focus{left:0;outline:3px solid #fd0;box-shadow:0 -2px #fd0,0 4px #0b0c0c}
.govuk-caption-l{display:block;color:#505a5f;font-size:24px;margin-bottom:5px}
.govuk-heading-xl{font-size:48px;font-weight:700;line-height:1.04;margin:0 0 50px}
.govuk-heading-l{font-size:36px;font-weight:700;line-height:1.11;margin:50px 0 20px}
.govuk-heading-m{font-size:24px;font-weight:700;line-height:1.25;margin:30px 0 15px}
.govuk-heading-s{font-size:19px;font-weight:700;margin:20px 0 10px}
.govuk-body,p{margin:0 0 15px}
.govuk-\!-font-weight-bold{font-weight:700}
.govuk-link,a{color:#1d70b8;text-decoration:underline;text-decoration-thickness:max(1px,.0625rem);text-underline-offset:.1578em}
a:visited{color:#4c2c92}
a:focus{outline:3px solid transparent;color:#0b0c0c;background:#fd0;box-shadow:0 -2px #fd0,0 4px #0b0c0c;text-decoration:none}
.govuk-list{margin:0 0 15px;padding-left:0;list-style:none}
.govuk-list--bullet{padding-left:20px;list-style:disc}
.govuk-list--number{padding-left:20px;list-style:decimal}
.govuk-list li{margin-bottom:5px}
.govuk-inset-text{padding:15px;margin:30px 0;border-left:10px solid #b1b4b6}
.govuk-warning-text{padding:10px 0;font-weight:700}
.govuk-summary-list{margin:0 0 30px;display:table;width:100%;table-layout:fixed;border-collapse:collapse}
.govuk-summary-list__row{display:table-row;border-bottom:1px solid #b1b4b6}
.govuk-summary-list dt{display:table-cell;font-weight:700;width:30%;padding:10px 20px 10px 0;vertical-align:top}
.govuk-summary-list dd{display:table-cell;margin:0;padding:10px 0;vertical-align:top}
.govuk-table{width:100%;border-collapse:collapse;border-spacing:0;margin-bottom:40px}
.govuk-table__caption{font-weight:700;font-size:24px;text-align:left;margin-bottom:15px}
.govuk-table th,.govuk-table td{padding:10px 20px 10px 0;border-bottom:1px solid #b1b4b6;text-align:left;vertical-align:top}
.govuk-table th{font-weight:700}
.govuk-table__header--numeric,.govuk-table__cell--numeric{text-align:right}
code{font-family:monospace;font-size:16px;background:#f3f2f1;padding:0 3px}
.cond-inner{margin:5px 0 15px 20px;padding-left:15px;border-left:4px solid #b1b4b6}
.rule{break-inside:avoid;page-break-inside:avoid}
.change{border-left:5px solid #1d70b8;padding-left:15px;margin:0 0 20px}
.change--added{border-color:#00703c}
.change--removed{border-color:#d4351c}
ins{text-decoration:underline;text-decoration-thickness:2px;background:#cce2d8}
del{text-decoration:line-through;background:#f4cdc6}
.before-after{display:grid;grid-template-columns:1fr 1fr;gap:20px}
.signoff td{height:50px}
@page{size:A4;margin:18mm 15mm}
@media print{
 body{font-size:11pt}
 .govuk-main-wrapper{max-width:none;padding:0}
 .govuk-skip-link,nav{display:none}
 .govuk-heading-xl{font-size:24pt;margin-bottom:18pt}
 .govuk-heading-l{font-size:18pt;break-after:avoid;page-break-after:avoid}
 .govuk-heading-m{font-size:14pt;break-after:avoid;page-break-after:avoid}
 a{color:#0b0c0c}
 h2{break-before:page;page-break-before:always}
 h2#contents{break-before:auto}
 tr{break-inside:avoid;page-break-inside:avoid}
}
@media (max-width:640px){.before-after{grid-template-columns:1fr}.govuk-summary-list dt,.govuk-summary-list dd{display:block;width:auto}.govuk-summary-list__row{display:block}}
"#;
