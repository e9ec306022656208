//! Stage 2: check a syntax tree against the form schema it declares and lower
//! it to a [`Program`]. Every problem becomes a diagnostic; checking goes on
//! after an error so a policy lead sees all of them at once.

pub mod suggest;

use crate::dates::{self, Day};
use crate::diagnostics::{Code, Diagnostic, LineIndex};
use crate::outcome::RuleSetInfo;
use crate::program::*;
use crate::syntax::ast::{self, Expr, ExprKind, FormItem, Ident, Item, Span, TestOp};
use std::collections::{HashMap, HashSet};
use suggest::did_you_mean;

/// Words that name protected characteristics (Equality Act 2010). A rule that
/// reads such a field is warned about: screening must never treat them as risk.
const PROTECTED_WORDS: &[&str] = &[
    "ethnicity",
    "ethnic",
    "race",
    "racial",
    "religion",
    "religious",
    "faith",
    "belief",
    "beliefs",
    "nationality",
    "orientation",
    "sexuality",
    "gender",
    "transgender",
    "sex",
];

/// Check a parsed file against itself and lower it. `lines` places each
/// diagnostic in the source as it is made.
pub fn check(file: &ast::File, lines: &LineIndex) -> (Option<Program>, Vec<Diagnostic>) {
    let mut c = Checker {
        lines,
        diags: Vec::new(),
        schema: Schema::default(),
        levels: Vec::new(),
        actions: Vec::new(),
        scores: Vec::new(),
        def_index: HashMap::new(),
        def_asts: Vec::new(),
        defs: Vec::new(),
        def_state: Vec::new(),
        used_fields: HashSet::new(),
        used_defs: HashSet::new(),
        warned_protected: HashSet::new(),
        current_item: 0,
    };
    let program = c.run(file);
    let has_errors = c.diags.iter().any(|d| d.is_error());
    (if has_errors { None } else { Some(program) }, c.diags)
}

struct Checker<'a> {
    lines: &'a LineIndex<'a>,
    diags: Vec<Diagnostic>,
    schema: Schema,
    levels: Vec<Named>,
    actions: Vec<Named>,
    scores: Vec<ScoreDef>,
    /// Definitions by name, with the record they belong to.
    def_index: HashMap<(Option<RecordId>, String), usize>,
    def_asts: Vec<ast::Definition>,
    defs: Vec<Option<DefDef>>,
    def_state: Vec<DefState>,
    used_fields: HashSet<FieldId>,
    used_defs: HashSet<usize>,
    /// Fields already warned about as protected characteristics, per rule.
    warned_protected: HashSet<(usize, FieldId)>,
    current_item: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum DefState {
    Todo,
    Busy,
    Done,
}

/// A name bound by `any x in ...`, or the record a definition is worked out for.
#[derive(Clone)]
struct Binding {
    name: String,
    record: RecordId,
}

impl Checker<'_> {
    fn err(&mut self, code: Code, span: Span, msg: impl Into<String>, help: Option<String>) {
        let mut d = Diagnostic::error(code, self.lines.pos(span), msg);
        d.help = help;
        self.diags.push(d);
    }

    fn run(&mut self, file: &ast::File) -> Program {
        let h = &file.header;
        let info = RuleSetInfo {
            name: h.name.value.clone(),
            version: h.version.as_ref().map(|s| s.value.clone()),
            owner: h.owner.as_ref().map(|s| s.value.clone()),
            effective: h.effective.as_ref().map(|d| d.text.clone()),
            review: h.review.as_ref().map(|d| d.text.clone()),
        };
        let default_date = h.effective.as_ref().and_then(|d| dates::parse_date(&d.text));

        // Declarations first, so rules may come before or after what they use.
        let mut seen_levels = HashSet::new();
        let mut seen_actions = HashSet::new();
        let mut levels_span = None;
        self.schema.records.push(RecordDef { item: String::new(), item_label: "Form".into(), list_field: None, fields: vec![] });
        for item in &file.items {
            match item {
                Item::Levels(decls, sp) => {
                    levels_span.get_or_insert(*sp);
                    for d in decls {
                        if self.dup(&mut seen_levels, &d.id, "level") {
                            self.levels.push(Named { id: d.id.name.clone(), label: d.label.value.clone() });
                        }
                    }
                }
                Item::Actions(decls, _) => {
                    for d in decls {
                        if self.dup(&mut seen_actions, &d.id, "action") {
                            self.actions.push(Named { id: d.id.name.clone(), label: d.label.value.clone() });
                        }
                    }
                }
                Item::Form(items, _) => self.form_items(items, 0),
                _ => {}
            }
        }
        if self.levels.is_empty() {
            self.err(
                Code::E303,
                h.name.span,
                "This rule set declares no levels",
                Some("Add a `levels` block listing the levels from lowest to highest, for example: levels universal \"Universal\" early_help \"Early help\" end".into()),
            );
        }

        // Scores, then definitions (by name, compiled on first use so order does not matter).
        let mut seen_scores = HashSet::new();
        for item in &file.items {
            if let Item::Score(s) = item {
                if self.dup(&mut seen_scores, &s.id, "score") {
                    self.scores.push(ScoreDef { id: s.id.name.clone(), label: s.label.value.clone(), bands: vec![] });
                }
            }
        }
        for item in &file.items {
            if let Item::Define(d) = item {
                let record = match &d.owner {
                    None => None,
                    Some(owner) => match self.schema.records.iter().position(|r| r.item == owner.name) {
                        Some(r) => Some(r),
                        None => {
                            let items: Vec<&str> = self.schema.records.iter().map(|r| r.item.as_str()).filter(|s| !s.is_empty()).collect();
                            let help = did_you_mean(&owner.name, items.iter().copied())
                                .unwrap_or_else(|| "Per-record definitions name a list's item, as in `define child.age = ...` for `list children ...: each child`.".into());
                            self.err(
                                Code::E101,
                                owner.span,
                                format!("There is no list whose items are called `{}`", owner.name),
                                Some(help),
                            );
                            continue;
                        }
                    },
                };
                let key = (record, d.name.name.clone());
                let clash_field = match record {
                    None => self.root_field(&d.name.name).is_some(),
                    Some(r) => self.record_field(r, &d.name.name).is_some(),
                };
                if self.def_index.contains_key(&key) || clash_field {
                    self.err(
                        Code::E108,
                        d.name.span,
                        format!("`{}` is already declared", d.name.name),
                        Some("Give this definition a different name.".into()),
                    );
                    continue;
                }
                self.def_index.insert(key, self.def_asts.len());
                self.def_asts.push(d.clone());
                self.defs.push(None);
                self.def_state.push(DefState::Todo);
            }
        }
        for i in 0..self.def_asts.len() {
            self.compile_def(i);
        }

        // Bands need scores, levels and actions.
        let mut score_i = 0;
        for item in &file.items {
            if let Item::Score(s) = item {
                if self.scores.get(score_i).map(|x| x.id != s.id.name).unwrap_or(true) {
                    continue; // a duplicate, already reported
                }
                let bands = self.bands(s);
                self.scores[score_i].bands = bands;
                score_i += 1;
            }
        }

        let mut rules = Vec::new();
        let mut floors = Vec::new();
        let mut seen_ids = HashSet::new();
        let mut seen_tests = HashSet::new();
        for (n, item) in file.items.iter().enumerate() {
            self.current_item = n + 1;
            match item {
                Item::Rule(r) => {
                    self.dup(&mut seen_ids, &r.id, "rule or floor id");
                    let context = self.lookup_fixed(&r.context, CONTEXTS.iter().map(|c| c.0), Code::E109, "context");
                    let kind = self.lookup_fixed(&r.kind, KINDS.iter().map(|k| k.0), Code::E110, "kind");
                    let when = self.condition(&r.when);
                    let effects = self.effects(&r.effects);
                    if let (Some(context), Some(kind), Some(when)) = (context, kind, when) {
                        rules.push(RuleDef {
                            id: r.id.name.clone(),
                            title: r.title.value.clone(),
                            context,
                            kind,
                            when,
                            effects,
                            rationale: r.rationale.value.clone(),
                            source: r.source.value.clone(),
                        });
                    }
                }
                Item::Floor(f) => {
                    self.dup(&mut seen_ids, &f.id, "rule or floor id");
                    let when = self.condition(&f.when);
                    let level = self.level(&f.level);
                    if let (Some(when), Some(level)) = (when, level) {
                        floors.push(FloorDef {
                            id: f.id.name.clone(),
                            title: f.title.value.clone(),
                            when,
                            level,
                            rationale: f.rationale.value.clone(),
                            source: f.source.value.clone(),
                        });
                    }
                }
                Item::Test(t) => {
                    if let ast::TestForm::Inline { json, span } = &t.form {
                        if let Err(e) = crate::form::parse_json(json) {
                            self.err(Code::E304, *span, format!("This test's form cannot be read: {}", e.message), Some("Write the form as JSON: names and text in double quotes, yes and no as true and false, items separated by commas.".into()));
                        }
                    }
                    if !seen_tests.insert(t.name.value.clone()) {
                        self.err(
                            Code::E108,
                            t.name.span,
                            format!("There is already a test called \"{}\"", t.name.value),
                            Some("Give each test its own name.".into()),
                        );
                    }
                }
                _ => {}
            }
        }
        let mut tests = Vec::new();
        for item in &file.items {
            if let Item::Test(t) = item {
                tests.extend(self.test_def(t, &seen_ids, &rules, &floors));
            }
        }
        self.unused(file);

        Program {
            info,
            default_date,
            schema: std::mem::take(&mut self.schema),
            levels: std::mem::take(&mut self.levels),
            actions: std::mem::take(&mut self.actions),
            scores: std::mem::take(&mut self.scores),
            defs: std::mem::take(&mut self.defs).into_iter().flatten().collect::<Vec<_>>(),
            rules,
            floors,
            tests,
        }
    }

    /// Report a duplicate; true when the name is new.
    fn dup(&mut self, seen: &mut HashSet<String>, id: &Ident, what: &str) -> bool {
        if seen.insert(id.name.clone()) {
            true
        } else {
            self.err(
                Code::E108,
                id.span,
                format!("The {what} `{}` is declared twice", id.name),
                Some(format!("Each {what} needs its own name.")),
            );
            false
        }
    }

    fn lookup_fixed<'a>(&mut self, id: &Ident, names: impl Iterator<Item = &'a str> + Clone, code: Code, what: &str) -> Option<usize> {
        if let Some(i) = names.clone().position(|n| n == id.name) {
            return Some(i);
        }
        let all: Vec<&str> = names.collect();
        let help = match did_you_mean(&id.name, all.iter().copied()) {
            Some(h) => format!("{h} The {what}s are: {}.", all.join(", ")),
            None => format!("The {what}s are: {}.", all.join(", ")),
        };
        self.err(code, id.span, format!("`{}` is not a {what}", id.name), Some(help));
        None
    }

    // ------------------------------------------------------------ schema

    fn form_items(&mut self, items: &[FormItem], record: RecordId) {
        for item in items {
            let (name, label, span) = match item {
                FormItem::Field { name, label, span, .. } | FormItem::List { name, label, span, .. } => (name, label, *span),
            };
            if self.record_field(record, &name.name).is_some() {
                self.err(
                    Code::E108,
                    name.span,
                    format!("The field `{}` is declared twice", name.name),
                    Some("Give each field its own name.".into()),
                );
                continue;
            }
            let id = self.schema.fields.len();
            if id >= crate::limits::MAX_FIELDS {
                self.err(
                    Code::E006,
                    name.span,
                    format!("A form can have at most {} fields", crate::limits::MAX_FIELDS),
                    Some("Split the rule set into smaller files.".into()),
                );
                return;
            }
            let slot = self.schema.records[record].fields.len();
            let ty = match item {
                FormItem::Field { ty, .. } => match ty {
                    ast::FieldType::YesNo => FieldTy::YesNo,
                    ast::FieldType::Number => FieldTy::Number,
                    ast::FieldType::Text => FieldTy::Text,
                    ast::FieldType::Date => FieldTy::Date,
                    ast::FieldType::OneOf(o) => FieldTy::OneOf(self.options(o)),
                    ast::FieldType::SeveralOf(o) => FieldTy::SeveralOf(self.options(o)),
                },
                FormItem::List { item, .. } => {
                    if self.schema.records.iter().any(|r| r.item == item.name) {
                        self.err(
                            Code::E108,
                            item.span,
                            format!("Another list already calls its items `{}`", item.name),
                            Some("Give each list's items their own name.".into()),
                        );
                    }
                    FieldTy::List(self.schema.records.len())
                }
            };
            self.schema.fields.push(FieldDef { name: name.name.clone(), label: label.value.clone(), ty, record, slot, span: name.span });
            let _ = span;
            self.schema.records[record].fields.push(id);
            if let FormItem::List { item, item_label, fields, .. } = item {
                if self.list_depth(record) >= crate::limits::MAX_LIST_NESTING {
                    self.err(
                        Code::E006,
                        name.span,
                        format!("Lists can sit inside other lists at most {} deep", crate::limits::MAX_LIST_NESTING),
                        Some("Keep lists shallow: a child's missing episodes is two lists deep.".into()),
                    );
                    continue;
                }
                let r = self.schema.records.len();
                self.schema.records.push(RecordDef {
                    item: item.name.clone(),
                    item_label: item_label.as_ref().map(|l| l.value.clone()).unwrap_or_else(|| humanise(&item.name)),
                    list_field: Some(id),
                    fields: vec![],
                });
                self.form_items(fields, r);
            }
        }
    }

    /// How many lists contain this record.
    fn list_depth(&self, mut record: RecordId) -> usize {
        let mut depth = 0;
        while let Some(f) = self.schema.records[record].list_field {
            depth += 1;
            record = self.schema.fields[f].record;
        }
        depth
    }

    fn options(&mut self, opts: &[ast::OptionDecl]) -> Vec<Named> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for o in opts {
            if self.dup(&mut seen, &o.id, "option") {
                out.push(Named {
                    id: o.id.name.clone(),
                    label: o.label.as_ref().map(|l| l.value.clone()).unwrap_or_else(|| humanise(&o.id.name)),
                });
            }
        }
        if out.len() > 64 {
            self.err(
                Code::E006,
                opts[64].id.span,
                "A field can have at most 64 options",
                Some("Split the options into two fields.".into()),
            );
            out.truncate(64);
        }
        out
    }

    fn root_field(&self, name: &str) -> Option<FieldId> {
        self.record_field(0, name)
    }

    fn record_field(&self, record: RecordId, name: &str) -> Option<FieldId> {
        self.schema.records.get(record)?.fields.iter().copied().find(|&f| self.schema.fields[f].name == name)
    }

    // ------------------------------------------------------------ definitions

    fn compile_def(&mut self, i: usize) -> Option<Ty> {
        match self.def_state[i] {
            DefState::Done => return self.defs[i].as_ref().map(|d| d.ty),
            DefState::Busy => {
                let d = &self.def_asts[i];
                let (span, name) = (d.name.span, d.name.name.clone());
                self.err(
                    Code::E204,
                    span,
                    format!("The definition `{name}` depends on itself"),
                    Some("A definition cannot use itself, directly or through other definitions.".into()),
                );
                return None;
            }
            DefState::Todo => {}
        }
        self.def_state[i] = DefState::Busy;
        let d = self.def_asts[i].clone();
        let record = d.owner.as_ref().and_then(|o| self.schema.records.iter().position(|r| r.item == o.name));
        let scope: Vec<Binding> = match record {
            Some(r) => vec![Binding { name: self.schema.records[r].item.clone(), record: r }],
            None => vec![],
        };
        let compiled = self.expr(&d.expr, &scope);
        self.def_state[i] = DefState::Done;
        let (expr, ty) = compiled?;
        if matches!(ty, Ty::List(_) | Ty::Record(_)) {
            self.err(
                Code::E201,
                d.expr.span,
                "A definition must give a value, not a whole list or record",
                Some("Use `any`, `all`, `count` or `number of` to turn a list into a value.".into()),
            );
            return None;
        }
        self.defs[i] = Some(DefDef { name: d.name.name.clone(), label: d.label.as_ref().map(|l| l.value.clone()), record, ty, expr });
        Some(ty)
    }

    // ------------------------------------------------------------ scores, effects, levels

    fn bands(&mut self, s: &ast::Score) -> Vec<BandDef> {
        let mut seen = HashSet::new();
        let mut bands: Vec<(BandDef, Span)> = Vec::new();
        for b in &s.bands {
            if !self.dup(&mut seen, &b.id, "band") {
                continue;
            }
            if let Some(to) = b.to {
                if to < b.from {
                    self.err(
                        Code::E301,
                        b.range_span,
                        format!("The band `{}` ends ({to}) before it starts ({})", b.id.name, b.from),
                        Some("Write the lower number first: from 6 to 10.".into()),
                    );
                }
            }
            let effects = self.effects(&b.effects);
            bands.push((BandDef { id: b.id.name.clone(), label: b.label.value.clone(), from: b.from, to: b.to, effects }, b.range_span));
        }
        let mut order: Vec<usize> = (0..bands.len()).collect();
        order.sort_by_key(|&i| bands[i].0.from);
        if let Some(&first) = order.first() {
            if bands[first].0.from > 0 {
                let d = Diagnostic::warning(
                    Code::W404,
                    self.lines.pos(bands[first].1),
                    format!("No band of `{}` covers a total of 0", s.id.name),
                )
                .with_help(format!(
                    "Start the lowest band from 0, so a form with no points still gets a band: from 0 to {}.",
                    bands[first].0.to.unwrap_or(bands[first].0.from)
                ));
                self.diags.push(d);
            }
        }
        for w in order.windows(2) {
            let (a, b) = (&bands[w[0]].0, &bands[w[1]].0);
            match a.to {
                None => self.err(
                    Code::E301,
                    bands[w[1]].1,
                    format!("The bands `{}` and `{}` overlap", a.id, b.id),
                    Some(format!(
                        "`{}` has no upper end, so it already covers {} and above. Give it an upper end: to {}.",
                        a.id,
                        a.from,
                        b.from - 1
                    )),
                ),
                Some(to) if b.from <= to => self.err(
                    Code::E301,
                    bands[w[1]].1,
                    format!("The bands `{}` and `{}` overlap: both cover {}", a.id, b.id, b.from),
                    Some(format!("Start `{}` from {}, or end `{}` at {}.", b.id, to + 1, a.id, b.from - 1)),
                ),
                Some(to) if b.from > to + 1 => {
                    let gap = if b.from == to + 2 { format!("{}", to + 1) } else { format!("{} to {}", to + 1, b.from - 1) };
                    self.err(
                        Code::E302,
                        bands[w[1]].1,
                        format!("No band of `{}` covers {gap}", s.id.name),
                        Some(format!("Start `{}` from {}, or end `{}` at {}.", b.id, to + 1, a.id, b.from - 1)),
                    );
                }
                _ => {}
            }
        }
        if let Some(&last) = order.last() {
            if bands[last].0.to.is_some() {
                // Totals above the top band fall in no band: point that out, it is easy to miss.
                let top = &bands[last].0;
                self.diags.push(
                    Diagnostic::error(
                        Code::E302,
                        self.lines.pos(bands[last].1),
                        format!("No band of `{}` covers totals above {}", s.id.name, top.to.unwrap_or(0)),
                    )
                    .with_help(format!("Leave out the upper end of the highest band: from {}.", top.from)),
                );
            }
        }
        bands.into_iter().map(|(b, _)| b).collect()
    }

    fn effects(&mut self, effects: &[ast::Effect]) -> Effects {
        let mut out = Effects::default();
        for e in effects {
            match e {
                ast::Effect::Raise(l) => {
                    if let Some(l) = self.level(l) {
                        out.raise = Some(out.raise.map_or(l, |r: usize| r.max(l)));
                    }
                }
                ast::Effect::Action(a) => match self.actions.iter().position(|x| x.id == a.name) {
                    Some(i) => out.actions.push(i),
                    None => {
                        let help = did_you_mean(&a.name, self.actions.iter().map(|x| x.id.as_str()))
                            .unwrap_or_else(|| "Add it to the `actions` block first.".into());
                        self.err(Code::E104, a.span, format!("`{}` is not in the actions list", a.name), Some(help));
                    }
                },
                ast::Effect::Points { points, score, .. } => {
                    if let Some(s) = self.score(score) {
                        out.points.push((s, *points));
                    }
                }
                ast::Effect::Prompt(p) => out.prompts.push(p.value.clone()),
            }
        }
        out
    }

    fn level(&mut self, l: &Ident) -> Option<usize> {
        match self.levels.iter().position(|x| x.id == l.name) {
            Some(i) => Some(i),
            None if self.levels.is_empty() => None, // E303 says it once
            None => {
                let help = did_you_mean(&l.name, self.levels.iter().map(|x| x.id.as_str())).unwrap_or_else(|| {
                    format!("The levels are: {}.", self.levels.iter().map(|x| x.id.as_str()).collect::<Vec<_>>().join(", "))
                });
                self.err(Code::E103, l.span, format!("`{}` is not a level", l.name), Some(help));
                None
            }
        }
    }

    fn score(&mut self, s: &Ident) -> Option<usize> {
        match self.scores.iter().position(|x| x.id == s.name) {
            Some(i) => Some(i),
            None => {
                let help = did_you_mean(&s.name, self.scores.iter().map(|x| x.id.as_str()))
                    .unwrap_or_else(|| "Declare it first with `score NAME \"Label\" ... end`.".into());
                self.err(Code::E105, s.span, format!("There is no score called `{}`", s.name), Some(help));
                None
            }
        }
    }

    /// Resolve a test's names once, so the test runner compares indices.
    /// None when a name is unknown (reported here).
    fn test_def(&mut self, t: &ast::Test, ids: &HashSet<String>, rules: &[RuleDef], floors: &[FloorDef]) -> Option<TestDef> {
        use ast::Expect::*;
        let mut expects = Vec::new();
        let mut ok = true;
        for e in &t.expects {
            let resolved = match e {
                Level(l) => self.level(l).map(Expectation::Level),
                Actions(a) | NoActions(a) => {
                    let found: Vec<Option<usize>> = a.iter().map(|a| self.action(a)).collect();
                    let found: Option<Vec<usize>> = found.into_iter().collect();
                    found.map(|v| if matches!(e, Actions(_)) { Expectation::Actions(v) } else { Expectation::NoActions(v) })
                }
                Fired(r) | NotFired(r) | Undecided(r) => {
                    let mut refs = Some(Vec::new());
                    for r in r {
                        let found = match (rules.iter().position(|x| x.id == r.name), floors.iter().position(|x| x.id == r.name)) {
                            (Some(i), _) => Some(RuleRef::Rule(i)),
                            (None, Some(i)) => Some(RuleRef::Floor(i)),
                            // Declared but not compiled (it has errors of its own): nothing more to say.
                            (None, None) if ids.contains(&r.name) => None,
                            (None, None) => {
                                let mut all: Vec<&str> = ids.iter().map(|s| s.as_str()).collect();
                                all.sort();
                                let help = did_you_mean(&r.name, all.iter().copied())
                                    .unwrap_or_else(|| format!("The rules and floors are: {}.", all.join(", ")));
                                self.err(Code::E107, r.span, format!("There is no rule or floor `{}`", r.name), Some(help));
                                None
                            }
                        };
                        match (found, refs.as_mut()) {
                            (Some(f), Some(v)) => v.push(f),
                            _ => refs = None,
                        }
                    }
                    refs.map(|v| match e {
                        Fired(_) => Expectation::Fired(v),
                        NotFired(_) => Expectation::NotFired(v),
                        _ => Expectation::Undecided(v),
                    })
                }
                Score { score, total, .. } => self.score(score).map(|score| Expectation::Score { score, total: *total }),
                Band { score, band } => self.score(score).and_then(|s| match self.scores[s].bands.iter().position(|b| b.id == band.name) {
                    Some(b) => Some(Expectation::Band { score: s, band: b }),
                    None => {
                        let names: Vec<&str> = self.scores[s].bands.iter().map(|b| b.id.as_str()).collect();
                        let help = did_you_mean(&band.name, names.iter().copied())
                            .unwrap_or_else(|| format!("The bands of `{}` are: {}.", score.name, names.join(", ")));
                        self.err(Code::E106, band.span, format!("The score `{}` has no band `{}`", score.name, band.name), Some(help));
                        None
                    }
                }),
                TopContext(c) => self.lookup_fixed(c, CONTEXTS.iter().map(|c| c.0), Code::E109, "context").map(Expectation::TopContext),
                Prompt(p) => Some(Expectation::Prompt(p.value.clone())),
                NoPrompt(_) => Some(Expectation::NoPrompt),
            };
            match resolved {
                Some(x) => expects.push(x),
                None => ok = false,
            }
        }
        let pos = self.lines.pos(t.span);
        ok.then(|| TestDef {
            name: t.name.value.clone(),
            date: t.date.as_ref().and_then(|d| dates::parse_date(&d.text)),
            form: match &t.form {
                ast::TestForm::Inline { json, .. } => TestFormDef::Inline(json.clone()),
                ast::TestForm::File(path) => TestFormDef::File(path.value.clone()),
            },
            expects,
            offset: t.span.start,
            line: pos.line,
            column: pos.column,
        })
    }

    fn action(&mut self, a: &Ident) -> Option<usize> {
        let found = self.actions.iter().position(|x| x.id == a.name);
        if found.is_none() {
            let help = did_you_mean(&a.name, self.actions.iter().map(|x| x.id.as_str())).unwrap_or_else(|| {
                format!("The actions are: {}.", self.actions.iter().map(|x| x.id.as_str()).collect::<Vec<_>>().join(", "))
            });
            self.err(Code::E104, a.span, format!("`{}` is not in the actions list", a.name), Some(help));
        }
        found
    }

    fn unused(&mut self, file: &ast::File) {
        for (i, d) in self.def_asts.iter().enumerate() {
            if !self.used_defs.contains(&i) {
                self.diags.push(
                    Diagnostic::warning(Code::W401, self.lines.pos(d.name.span), format!("No rule uses the definition `{}`", d.name.name))
                        .with_help("Use it in a rule, or delete it."),
                );
            }
        }
        let _ = file;
        for (i, f) in self.schema.fields.iter().enumerate() {
            let read_through =
                matches!(f.ty, FieldTy::List(r) if self.schema.records[r].fields.iter().any(|x| self.used_fields.contains(x)));
            if !self.used_fields.contains(&i) && !read_through {
                self.diags.push(
                    Diagnostic::warning(Code::W402, self.lines.pos(f.span), format!("No rule reads the field `{}` ({})", f.name, f.label))
                        .with_help("That is fine for a question the form asks for other reasons; otherwise use it in a rule or delete it."),
                );
            }
        }
    }

    // ------------------------------------------------------------ conditions

    fn condition(&mut self, e: &Expr) -> Option<CExpr> {
        let (c, ty) = self.expr(e, &[])?;
        self.expect_yes_no(e, ty)?;
        Some(c)
    }

    fn expect_yes_no(&mut self, e: &Expr, ty: Ty) -> Option<()> {
        if ty == Ty::YesNo {
            return Some(());
        }
        let help = match ty {
            Ty::Number => "Compare the number with something, for example `... is at least 3`.",
            Ty::Date => "Compare the date with something, for example `... is within 6 months before referral_date`.",
            Ty::Text => "Check the text for words, for example `... contains \"knife\"`.",
            Ty::Choice(_) => "Compare the answer with an option, for example `... is location`.",
            Ty::Choices(_) => "Check the ticked options, for example `... includes missing`.",
            _ => "Use `any`, `all` or `count` to ask about the items of a list.",
        };
        self.err(Code::E202, e.span, format!("This is {}, not a yes or no condition", describe_ty(ty)), Some(help.into()));
        None
    }

    fn expr(&mut self, e: &Expr, scope: &[Binding]) -> Option<(CExpr, Ty)> {
        match &e.kind {
            ExprKind::Or(parts) | ExprKind::And(parts) => {
                let mut out = Vec::new();
                let mut ok = true;
                for p in parts {
                    match self.expr(p, scope) {
                        Some((c, ty)) => {
                            if self.expect_yes_no(p, ty).is_some() {
                                out.push(c);
                            } else {
                                ok = false;
                            }
                        }
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                Some((if matches!(e.kind, ExprKind::Or(_)) { CExpr::Or(out) } else { CExpr::And(out) }, Ty::YesNo))
            }
            ExprKind::Not(inner) => {
                let (c, ty) = self.expr(inner, scope)?;
                self.expect_yes_no(inner, ty)?;
                Some((CExpr::Not(Box::new(c)), Ty::YesNo))
            }
            ExprKind::Test(subject, op) => self.test(subject, op, scope),
            ExprKind::Arith(a, op, b) => {
                let (ca, ta) = self.expr(a, scope)?;
                let (cb, tb) = self.expr(b, scope)?;
                for (x, t) in [(a, ta), (b, tb)] {
                    if t != Ty::Number {
                        let help = if t == Ty::Date {
                            "To count the time between two dates, write `days from A to B` (or weeks, months, years)."
                        } else {
                            "Only numbers can be added, taken away or multiplied."
                        };
                        self.err(Code::E201, x.span, format!("This is {}, not a number", describe_ty(t)), Some(help.into()));
                        return None;
                    }
                }
                Some((CExpr::Arith(*op, Box::new(ca), Box::new(cb)), Ty::Number))
            }
            ExprKind::Between { unit, from, to } => {
                let (cf, tf) = self.expr(from, scope)?;
                let (ct, tt) = self.expr(to, scope)?;
                for (x, t) in [(from, tf), (to, tt)] {
                    if t != Ty::Date {
                        self.err(
                            Code::E201,
                            x.span,
                            format!("This is {}, not a date", describe_ty(t)),
                            Some(format!("`{} from A to B` counts whole {} between two dates.", unit.word(2), unit.word(2))),
                        );
                        return None;
                    }
                }
                Some((CExpr::Between { unit: *unit, from: Box::new(cf), to: Box::new(ct) }, Ty::Number))
            }
            ExprKind::Quant { kind, var, list, cond } => {
                let lp = self.list_path(list, scope)?;
                let inner = self.bind(scope, var, lp.record)?;
                let (cc, ct) = self.expr(cond, &inner)?;
                self.expect_yes_no(cond, ct)?;
                Some((CExpr::Quant { kind: *kind, list: lp, cond: Box::new(cc) }, Ty::YesNo))
            }
            ExprKind::CountWhere { var, list, cond } => {
                let lp = self.list_path(list, scope)?;
                let inner = self.bind(scope, var, lp.record)?;
                let (cc, ct) = self.expr(cond, &inner)?;
                self.expect_yes_no(cond, ct)?;
                Some((CExpr::Count { list: lp, cond: Some(Box::new(cc)) }, Ty::Number))
            }
            ExprKind::CountOf(list) => {
                let lp = self.list_path(list, scope)?;
                Some((CExpr::Count { list: lp, cond: None }, Ty::Number))
            }
            ExprKind::Date(d) => match dates::parse_date(&d.text) {
                Some(day) => Some((CExpr::Lit(Lit::Date(day)), Ty::Date)),
                None => None, // reported by the parser
            },
            ExprKind::Number(n) => Some((CExpr::Lit(Lit::Num(*n)), Ty::Number)),
            ExprKind::Text(t) => Some((CExpr::Lit(Lit::Text(t.clone())), Ty::Text)),
            ExprKind::Bool(b) => Some((CExpr::Lit(Lit::Bool(*b)), Ty::YesNo)),
            ExprKind::Today => Some((CExpr::Today, Ty::Date)),
            ExprKind::Path(p) => self.path(p, scope),
        }
    }

    fn bind(&mut self, scope: &[Binding], var: &Ident, record: RecordId) -> Option<Vec<Binding>> {
        if scope.iter().any(|b| b.name == var.name)
            || self.root_field(&var.name).is_some()
            || self.def_index.contains_key(&(None, var.name.clone()))
        {
            self.err(
                Code::E108,
                var.span,
                format!("`{}` is already a name here", var.name),
                Some(format!("Call the item something else, for example `{}_item`.", var.name)),
            );
            return None;
        }
        let mut inner = scope.to_vec();
        inner.push(Binding { name: var.name.clone(), record });
        Some(inner)
    }

    /// A value: a field, a definition, or a bound list item.
    fn path(&mut self, p: &ast::Path, scope: &[Binding]) -> Option<(CExpr, Ty)> {
        let first = &p.parts[0];
        let (mut expr, mut ty) = if let Some(k) = scope.iter().rposition(|b| b.name == first.name) {
            // `field: usize::MAX` stands for the bound record itself until a part is read.
            (CExpr::Field { base: Base::Var(k), field: usize::MAX }, Ty::Record(scope[k].record))
        } else if let Some(&d) = self.def_index.get(&(None, first.name.clone())) {
            let ty = self.use_def(d)?;
            (CExpr::Def { def: d, base: Base::Form }, ty)
        } else if let Some(f) = self.root_field(&first.name) {
            self.read_field(f, first.span);
            (CExpr::Field { base: Base::Form, field: f }, field_ty(&self.schema.fields[f].ty, f))
        } else {
            self.unknown_name(first, scope);
            return None;
        };
        let base_of = |e: &CExpr| match e {
            CExpr::Field { base, field } if *field == usize::MAX => Some(*base),
            _ => None,
        };
        for part in &p.parts[1..] {
            let Ty::Record(r) = ty else {
                let help = match ty {
                    Ty::List(_) => format!(
                        "`{}` is a list: ask about its items with `any item in {} where ...`, `all ...` or `count ...`.",
                        p.parts[0].name,
                        p.dotted().rsplit_once('.').map(|x| x.0).unwrap_or("")
                    ),
                    _ => format!("Only a list item has parts to read with `.`."),
                };
                self.err(Code::E203, part.span, format!("`{}` has no part called `{}`", previous(p, part), part.name), Some(help));
                return None;
            };
            let base = base_of(&expr)?;
            if let Some(f) = self.record_field(r, &part.name) {
                self.read_field(f, part.span);
                ty = field_ty(&self.schema.fields[f].ty, f);
                expr = CExpr::Field { base, field: f };
            } else if let Some(&d) = self.def_index.get(&(Some(r), part.name.clone())) {
                ty = self.use_def(d)?;
                expr = CExpr::Def { def: d, base };
            } else {
                let mut names: Vec<String> = self.schema.records[r].fields.iter().map(|&f| self.schema.fields[f].name.clone()).collect();
                names.extend(self.def_index.keys().filter(|(rec, _)| *rec == Some(r)).map(|(_, n)| n.clone()));
                let help = did_you_mean(&part.name, names.iter().map(|s| s.as_str()))
                    .unwrap_or_else(|| format!("A {} has: {}.", self.schema.records[r].item_label.to_lowercase(), names.join(", ")));
                self.err(
                    Code::E101,
                    part.span,
                    format!("A {} has no field called `{}`", self.schema.records[r].item_label.to_lowercase(), part.name),
                    Some(help),
                );
                return None;
            }
        }
        if let Ty::Record(_) = ty {
            self.err(
                Code::E201,
                p.span,
                format!("`{}` is a whole list item, not one answer", p.dotted()),
                Some(format!("Name one of its fields, for example `{}.first_name`.", p.dotted())),
            );
            return None;
        }
        if let Ty::List(_) = ty {
            // A list as a value only makes sense with `is answered`; the caller checks.
            let lp = self.list_path(p, scope)?;
            return Some((CExpr::Count { list: lp, cond: None }, ty));
        }
        Some((expr, ty))
    }

    fn use_def(&mut self, d: usize) -> Option<Ty> {
        self.used_defs.insert(d);
        let ty = self.compile_def(d)?;
        Some(ty)
    }

    fn read_field(&mut self, f: FieldId, span: Span) {
        self.used_fields.insert(f);
        let field = &self.schema.fields[f];
        let words: Vec<String> = field
            .name
            .split('_')
            .map(str::to_lowercase)
            .chain(field.label.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase))
            .collect();
        if let Some(w) = PROTECTED_WORDS.iter().find(|w| words.iter().any(|x| x == *w)) {
            if self.warned_protected.insert((self.current_item, f)) {
                let msg = format!("This reads `{}` ({}), a protected characteristic ({w})", field.name, field.label);
                self.diags.push(
                    Diagnostic::warning(Code::W403, self.lines.pos(span), msg)
                        .with_help("Screening must never treat ethnicity, religion, nationality, sex, sexual orientation or gender identity as a risk factor. Remove this from the condition."),
                );
            }
        }
    }

    fn unknown_name(&mut self, id: &Ident, scope: &[Binding]) {
        let mut names: Vec<String> = scope.iter().map(|b| b.name.clone()).collect();
        names.extend(self.schema.records[0].fields.iter().map(|&f| self.schema.fields[f].name.clone()));
        names.extend(self.def_index.keys().filter(|(r, _)| r.is_none()).map(|(_, n)| n.clone()));
        let help = if let Some(r) = self.schema.records.iter().position(|r| r.item == id.name) {
            let list = self.schema.records[r].list_field.map(|f| self.schema.fields[f].name.clone()).unwrap_or_default();
            format!(
                "`{}` means one item of `{list}`: it is only known inside `any {} in {list} where ...` (or `all`, `count`).",
                id.name, id.name
            )
        } else if let Some(h) = did_you_mean(&id.name, names.iter().map(|s| s.as_str())) {
            h
        } else {
            "Declare it as a field in the `form` block, or with `define`.".into()
        };
        self.err(Code::E101, id.span, format!("`{}` is not a field, definition or list item", id.name), Some(help));
    }

    fn list_path(&mut self, p: &ast::Path, scope: &[Binding]) -> Option<ListPath> {
        let first = &p.parts[0];
        let (base, mut record, rest) = if let Some(k) = scope.iter().rposition(|b| b.name == first.name) {
            (Base::Var(k), scope[k].record, &p.parts[1..])
        } else if self.root_field(&first.name).is_some() {
            (Base::Form, 0, &p.parts[..])
        } else {
            self.unknown_name(first, scope);
            return None;
        };
        if rest.is_empty() {
            self.err(
                Code::E203,
                p.span,
                format!("`{}` is one list item, not a list", p.dotted()),
                Some("Name one of its lists, for example `child.missing_episodes`.".into()),
            );
            return None;
        }
        let mut steps = Vec::new();
        for part in rest {
            let Some(f) = self.record_field(record, &part.name) else {
                let names: Vec<String> = self.schema.records[record].fields.iter().map(|&f| self.schema.fields[f].name.clone()).collect();
                let help = did_you_mean(&part.name, names.iter().map(|s| s.as_str()));
                self.err(Code::E101, part.span, format!("There is no list called `{}` here", part.name), help);
                return None;
            };
            self.used_fields.insert(f);
            match self.schema.fields[f].ty {
                FieldTy::List(r) => {
                    steps.push(f);
                    record = r;
                }
                _ => {
                    self.err(
                        Code::E203,
                        part.span,
                        format!("`{}` is not a list", part.name),
                        Some("`any`, `all`, `no`, `count` and `number of` work on lists, such as `children`.".into()),
                    );
                    return None;
                }
            }
        }
        Some(ListPath { base, steps, record })
    }

    fn test(&mut self, subject: &Expr, op: &TestOp, scope: &[Binding]) -> Option<(CExpr, Ty)> {
        let (s, ty) = self.expr(subject, scope)?;
        let yes = |c: CExpr| Some((c, Ty::YesNo));
        let mismatch = |me: &mut Self, what: &str, help: &str| {
            me.err(
                Code::E201,
                subject.span,
                format!("{} is {}, so it cannot be {what}", subject_name(subject), describe_ty(ty)),
                Some(help.into()),
            );
            None
        };
        if matches!(ty, Ty::List(_)) && !matches!(op, TestOp::Answered | TestOp::NotAnswered) {
            return mismatch(
                self,
                "compared like this",
                "Ask about the list's items with `any item in list where ...`, or count them with `number of list`.",
            );
        }
        match op {
            TestOp::Answered | TestOp::NotAnswered => yes(if matches!(op, TestOp::Answered) {
                CExpr::Answered(Box::new(s))
            } else {
                CExpr::Not(Box::new(CExpr::Answered(Box::new(s))))
            }),
            TestOp::Is(rhs) | TestOp::IsNot(rhs) => {
                if let Ty::Choices(_) = ty {
                    return mismatch(
                        self,
                        "checked with `is`",
                        "Several options can be ticked: write `includes OPTION` or `includes any of (A, B)`.",
                    );
                }
                let r = self.operand(rhs, ty, scope)?;
                let cmp = if matches!(op, TestOp::Is(_)) { Cmp::Eq } else { Cmp::Ne };
                yes(CExpr::Compare(cmp, Box::new(s), Box::new(r)))
            }
            TestOp::AtLeast(rhs) | TestOp::AtMost(rhs) | TestOp::MoreThan(rhs) | TestOp::LessThan(rhs) => {
                if ty != Ty::Number {
                    let help = if ty == Ty::Date {
                        "For dates, write `is before`, `is after`, `is on or before` or `is within 6 months before`."
                    } else {
                        "Only numbers can be at least, at most, more than or less than something."
                    };
                    return mismatch(self, "compared as a number", help);
                }
                let r = self.operand(rhs, ty, scope)?;
                let cmp = match op {
                    TestOp::AtLeast(_) => Cmp::Ge,
                    TestOp::AtMost(_) => Cmp::Le,
                    TestOp::MoreThan(_) => Cmp::Gt,
                    _ => Cmp::Lt,
                };
                yes(CExpr::Compare(cmp, Box::new(s), Box::new(r)))
            }
            TestOp::Before(rhs) | TestOp::After(rhs) | TestOp::OnOrBefore(rhs) | TestOp::OnOrAfter(rhs) => {
                if ty != Ty::Date {
                    let help = if ty == Ty::Number {
                        "For numbers, write `is less than`, `is more than`, `is at most` or `is at least`."
                    } else {
                        "Only dates can be before or after something."
                    };
                    return mismatch(self, "before or after something", help);
                }
                let r = self.operand(rhs, ty, scope)?;
                let cmp = match op {
                    TestOp::Before(_) => Cmp::Lt,
                    TestOp::After(_) => Cmp::Gt,
                    TestOp::OnOrBefore(_) => Cmp::Le,
                    _ => Cmp::Ge,
                };
                yes(CExpr::Compare(cmp, Box::new(s), Box::new(r)))
            }
            TestOp::Within { amount, unit, dir, other } => {
                if ty != Ty::Date {
                    return mismatch(self, "within a time of something", "Only dates can be within a time of another date.");
                }
                let r = self.operand(other, Ty::Date, scope)?;
                yes(CExpr::Within { value: Box::new(s), amount: (*amount).abs(), unit: *unit, dir: *dir, other: Box::new(r) })
            }
            TestOp::OneOf(vals) | TestOp::NotOneOf(vals) => {
                if matches!(ty, Ty::Choices(_)) {
                    return mismatch(self, "checked with `is one of`", "Several options can be ticked: write `includes any of (A, B)`.");
                }
                let mut options = Vec::new();
                for v in vals {
                    options.push(self.operand(v, ty, scope)?);
                }
                yes(CExpr::OneOf { value: Box::new(s), options, negate: matches!(op, TestOp::NotOneOf(_)) })
            }
            TestOp::Contains(p) | TestOp::NotContains(p) => {
                if ty != Ty::Text {
                    return mismatch(
                        self,
                        "searched for words",
                        "Only text answers can contain words. For ticked options, write `includes`.",
                    );
                }
                let phrases = vec![normalise_phrase(&p.value)];
                self.check_phrases(&phrases, p.span);
                yes(CExpr::Contains { text: Box::new(s), phrases, negate: matches!(op, TestOp::NotContains(_)) })
            }
            TestOp::ContainsAny(vals) => {
                if ty != Ty::Text {
                    return mismatch(
                        self,
                        "searched for words",
                        "Only text answers can contain words. For ticked options, write `includes any of`.",
                    );
                }
                let mut phrases = Vec::new();
                for v in vals {
                    match &v.kind {
                        ExprKind::Text(t) => phrases.push(normalise_phrase(t)),
                        _ => {
                            self.err(
                                Code::E201,
                                v.span,
                                "Write each phrase in quotes",
                                Some("For example: contains any of (\"streetwise\", \"lifestyle choice\")".into()),
                            );
                            return None;
                        }
                    }
                }
                self.check_phrases(&phrases, vals[0].span);
                yes(CExpr::Contains { text: Box::new(s), phrases, negate: false })
            }
            TestOp::Includes(o) | TestOp::NotIncludes(o) => {
                let Ty::Choices(f) = ty else {
                    let help = if matches!(ty, Ty::Choice(_)) {
                        "Only one option can be chosen here: write `is OPTION`."
                    } else {
                        "`includes` checks the ticked options of a `several of` field."
                    };
                    return mismatch(self, "checked with `includes`", help);
                };
                let i = self.option(f, o)?;
                yes(CExpr::Includes { value: Box::new(s), mask: 1u64 << i, any: true, negate: matches!(op, TestOp::NotIncludes(_)) })
            }
            TestOp::IncludesAny(vals) | TestOp::IncludesAll(vals) => {
                let Ty::Choices(f) = ty else {
                    let help = if matches!(ty, Ty::Choice(_)) {
                        "Only one option can be chosen here: write `is one of (A, B)`."
                    } else {
                        "`includes` checks the ticked options of a `several of` field."
                    };
                    return mismatch(self, "checked with `includes`", help);
                };
                let mut mask = 0u64;
                for v in vals {
                    let ExprKind::Path(p) = &v.kind else {
                        self.err(Code::E201, v.span, "Write the option's name, without quotes", None);
                        return None;
                    };
                    if p.parts.len() != 1 {
                        self.option(f, &p.parts[p.parts.len() - 1])?;
                    }
                    mask |= 1u64 << self.option(f, &p.parts[0])?;
                }
                yes(CExpr::Includes { value: Box::new(s), mask, any: matches!(op, TestOp::IncludesAny(_)), negate: false })
            }
        }
    }

    fn check_phrases(&mut self, phrases: &[String], span: Span) {
        if phrases.iter().any(|p| p.is_empty()) {
            self.err(Code::E201, span, "An empty phrase matches nothing", Some("Write the words to look for between the quotes.".into()));
        }
    }

    fn option(&mut self, f: FieldId, o: &Ident) -> Option<u32> {
        let opts = match &self.schema.fields[f].ty {
            FieldTy::OneOf(o) | FieldTy::SeveralOf(o) => o.clone(),
            _ => return None,
        };
        match opts.iter().position(|x| x.id == o.name) {
            Some(i) => Some(i as u32),
            None => {
                let names: Vec<&str> = opts.iter().map(|x| x.id.as_str()).collect();
                let help = match did_you_mean(&o.name, names.iter().copied()) {
                    Some(h) => format!("{h} The options are: {}.", names.join(", ")),
                    None => format!("The options are: {}.", names.join(", ")),
                };
                let f = &self.schema.fields[f];
                let msg = format!("`{}` is not an option of `{}` ({})", o.name, f.name, f.label);
                self.err(Code::E102, o.span, msg, Some(help));
                None
            }
        }
    }

    /// The right-hand side of a comparison, typed by the left.
    fn operand(&mut self, e: &Expr, want: Ty, scope: &[Binding]) -> Option<CExpr> {
        if let (Ty::Choice(f), ExprKind::Path(p)) = (want, &e.kind) {
            // A bare word after a choice is an option, unless it names another answer.
            if p.parts.len() == 1
                && scope.iter().all(|b| b.name != p.parts[0].name)
                && self.root_field(&p.parts[0].name).is_none()
                && !self.def_index.contains_key(&(None, p.parts[0].name.clone()))
            {
                return self.option(f, &p.parts[0]).map(|i| CExpr::Lit(Lit::Choice(i)));
            }
        }
        if let (Ty::Choice(_), ExprKind::Text(t)) = (want, &e.kind) {
            self.err(
                Code::E201,
                e.span,
                format!("Write the option's name without quotes: {}", t.replace(' ', "_")),
                Some("Options are names, like `peer_group`, not text in quotes.".into()),
            );
            return None;
        }
        let (c, ty) = self.expr(e, scope)?;
        let same = match (want, ty) {
            (Ty::Choice(a), Ty::Choice(b)) => self.schema.fields[a].ty == self.schema.fields[b].ty,
            (a, b) => a == b,
        };
        if !same {
            let help = match want {
                Ty::YesNo => "Compare with `yes` or `no`.".to_string(),
                Ty::Date => "Compare with a date field, a definition, `today`, or a date like 2026-01-31.".to_string(),
                Ty::Number => "Compare with a number or a number field.".to_string(),
                Ty::Text => "Compare with text in quotes, or use `contains`.".to_string(),
                _ => "Both sides must be the same kind of answer.".to_string(),
            };
            self.err(Code::E201, e.span, format!("This is {}, but it is compared with {}", describe_ty(ty), describe_ty(want)), Some(help));
            return None;
        }
        Some(c)
    }
}

fn previous(p: &ast::Path, part: &Ident) -> String {
    p.parts.iter().take_while(|x| !std::ptr::eq(*x, part)).map(|x| x.name.as_str()).collect::<Vec<_>>().join(".")
}

fn field_ty(t: &FieldTy, f: FieldId) -> Ty {
    match t {
        FieldTy::YesNo => Ty::YesNo,
        FieldTy::Number => Ty::Number,
        FieldTy::Text => Ty::Text,
        FieldTy::Date => Ty::Date,
        FieldTy::OneOf(_) => Ty::Choice(f),
        FieldTy::SeveralOf(_) => Ty::Choices(f),
        FieldTy::List(r) => Ty::List(*r),
    }
}

fn describe_ty(t: Ty) -> &'static str {
    match t {
        Ty::YesNo => "a yes or no answer",
        Ty::Number => "a number",
        Ty::Text => "text",
        Ty::Date => "a date",
        Ty::Choice(_) => "one chosen option",
        Ty::Choices(_) => "a set of ticked options",
        Ty::List(_) => "a list",
        Ty::Record(_) => "a list item",
    }
}

fn subject_name(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Path(p) => format!("`{}`", p.dotted()),
        _ => "This".into(),
    }
}

/// Phrases match on words, whatever the case and spacing.
pub fn normalise_phrase(p: &str) -> String {
    p.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// `date_of_birth` -> "Date of birth".
pub fn humanise(name: &str) -> String {
    let s = name.replace('_', " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

pub fn parse_day(s: &str) -> Option<Day> {
    dates::parse_date(s)
}
