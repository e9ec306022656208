//! The one surface that the `screen` command and the browser build both call.
//! Compile once, evaluate many; everything returned is plain data (serde).

use crate::dates::Day;
use crate::diagnostics::{self, Diagnostic};
use crate::form;
use crate::outcome::{Outcome, RuleSetInfo};
use crate::program::{Declarations, FieldTy, Program, RecordId};
use crate::review::{self, Case};
use crate::testing::{self, TestReport};
use serde::Serialize;

pub use crate::dates::parse_date;

/// A checked, compiled rule set.
#[derive(Debug, Clone)]
pub struct RuleSet {
    program: Program,
}

#[derive(Debug, Clone)]
pub struct Compiled {
    pub rule_set: RuleSet,
    pub warnings: Vec<Diagnostic>,
}

type CompileResult = Result<Compiled, Vec<Diagnostic>>;

/// Parse, check and compile. On failure, every diagnostic (errors and warnings).
///
/// The editor asks for the diagnostics (`check`) and then the rule set
/// (`compile`) of the same text on each change: the last result is kept, with
/// the text it came from, and given again for the same text (compiling is a
/// function of the text alone). One result is kept, so memory stays bounded.
/// A new text goes through one [`Editor`] kept for the thread, so a small
/// edit re-parses only the blocks it touched.
pub fn compile(source: &str) -> Result<Compiled, Vec<Diagnostic>> {
    thread_local! {
        static LAST: std::cell::RefCell<Option<(String, CompileResult)>> = const { std::cell::RefCell::new(None) };
        static EDITOR: std::cell::RefCell<Editor> = std::cell::RefCell::new(Editor::new());
    }
    if let Some(found) = LAST.with(|last| last.borrow().as_ref().filter(|(text, _)| text == source).map(|(_, r)| r.clone())) {
        return found;
    }
    let result = EDITOR.with(|editor| editor.borrow_mut().compile(source));
    LAST.with(|last| *last.borrow_mut() = Some((source.to_owned(), result.clone())));
    result
}

/// [`compile`] from scratch: neither the last result nor any kept parse
/// (benchmarks of a cold compile, and tests comparing the two).
pub fn compile_cold(source: &str) -> Result<Compiled, Vec<Diagnostic>> {
    match crate::syntax::parse_uncached(source) {
        Ok((file, diags)) => checked(source, &file, diags),
        Err(d) => Err(diagnostics::finish(d, source)),
    }
}

/// The rule editor's compiler: one call per change of the text gives every
/// diagnostic and, when the file compiles, the rule set (what [`compile`]
/// gives, so an editor need not `check` and `compile` the same text). It
/// keeps the last text's top-level blocks, parsed and pre-scanned
/// (`syntax::Pieces`), so a keystroke re-parses only the block it changed,
/// and each rule's, floor's and definition's check (`check::Memo`), so it
/// re-checks only what changed and what reads it, then runs the passes over
/// the whole file (duplicates, policies, tests, lints); every result is what
/// [`compile_cold`] gives for the same text
/// (engine/tests/editor.rs compares them over random edit sessions).
pub struct Editor {
    pieces: crate::syntax::Pieces,
    memo: crate::check::Memo,
}

impl Default for Editor {
    fn default() -> Self {
        Editor { pieces: crate::syntax::Pieces::new(), memo: crate::check::Memo::editing() }
    }
}

impl Editor {
    pub fn new() -> Self {
        Editor::default()
    }

    /// Compile the editor's text as it is now.
    pub fn compile(&mut self, source: &str) -> Result<Compiled, Vec<Diagnostic>> {
        match self.pieces.parse_with_lines(source) {
            Ok((file, diags, Some(lines))) => {
                checked_with(source, file, diags, diagnostics::LineIndex::from_line_starts(source, lines.to_vec()), &mut self.memo)
            }
            Ok((file, diags, None)) => checked_with(source, file, diags, diagnostics::LineIndex::new(source), &mut self.memo),
            Err(d) => Err(diagnostics::finish(d, source)),
        }
    }
}

/// Check a parsed file and lower it, with the parse's diagnostics first.
fn checked(source: &str, file: &crate::syntax::ast::File, diags: Vec<Diagnostic>) -> Result<Compiled, Vec<Diagnostic>> {
    checked_with(source, file, diags, diagnostics::LineIndex::new(source), &mut crate::check::Memo::default())
}

fn checked_with(
    source: &str,
    file: &crate::syntax::ast::File,
    mut diags: Vec<Diagnostic>,
    lines: diagnostics::LineIndex<'_>,
    memo: &mut crate::check::Memo,
) -> Result<Compiled, Vec<Diagnostic>> {
    let (program, check_diags) = crate::check::check_with(file, &lines, memo);
    diags.extend(check_diags);
    let diags = diagnostics::finish(diags, source);
    match program {
        Some(program) if !diags.iter().any(|d| d.is_error()) => Ok(Compiled { rule_set: RuleSet { program }, warnings: diags }),
        _ => Err(diags),
    }
}

/// Every diagnostic, errors and warnings, without failing: for editors and `screen check`.
pub fn check(source: &str) -> Vec<Diagnostic> {
    match compile(source) {
        Ok(c) => c.warnings,
        Err(d) => d,
    }
}

/// The file's blocks (rules, floors, definitions, scores, tests...) with
/// their ids, titles and spans, and the numbers written in each: what an
/// editor needs to find a block or change a threshold without scanning text.
/// Never fails: a piece with a syntax error is listed as not parsed.
pub fn outline(source: &str) -> Vec<crate::syntax::outline::OutlineBlock> {
    crate::syntax::outline::outline(source)
}

/// The canonical layout. Refuses a file that does not parse, so nothing is lost.
pub fn format(source: &str) -> Result<String, Vec<Diagnostic>> {
    crate::format::format(source)
}

/// One field of the form, as the browser binds it to a control.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SchemaField {
    pub name: String,
    /// Dotted path from the top of the form, with `[]` for list items: `children[].date_of_birth`.
    pub path: String,
    pub label: String,
    /// The field's type, and what goes with it (a choice's options, a list's fields).
    #[serde(flatten)]
    pub kind: SchemaKind,
    /// Read by some rule or definition: a form that embeds the rules needs a
    /// control for it (or must say it does not collect it).
    pub screened: bool,
}

/// A field's `type`, with what only that type has: TypeScript narrows on it
/// (`field.type === 'list'` gives `fields`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum SchemaKind {
    /// `true` or `false`.
    YesNo,
    Number,
    Text,
    /// `"YYYY-MM-DD"`.
    Date,
    /// One option id.
    OneOf {
        options: Vec<SchemaOption>,
    },
    /// An array of option ids.
    SeveralOf {
        options: Vec<SchemaOption>,
    },
    /// An array of records, each with `fields`; `itemName` is what one item
    /// is called in the rules (`child`), `itemLabel` to people ("Child").
    #[serde(rename_all = "camelCase")]
    List {
        item_name: String,
        item_label: String,
        fields: Vec<SchemaField>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SchemaOption {
    pub id: String,
    pub label: String,
}

/// The form of one of the rule file's own tests, to screen it elsewhere (the
/// differential test compares the interpreter with a compiled rule set on
/// them): `form` is the JSON text of a form written in the test, or `file`
/// the path of the form file it names (relative to the rule file); `date` is
/// the test's date, else the rule set's effective date, else the day given.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TestForm {
    pub name: String,
    pub date: String,
    pub form: Option<String>,
    pub file: Option<String>,
}

/// The decision alone, by ids from the rule file, with no words: what
/// `CompiledRuleSet.decide()` returns (cheaper than a whole `Outcome`).
// The ids are borrowed from the rule set: writing it copies no string but
// into the JSON text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "CompiledDecision"))]
pub struct DecisionIds<'a> {
    /// The suggested level.
    pub level: &'a str,
    /// The rules that apply, in the order of the rule file.
    pub fired: Vec<&'a str>,
    /// The floors that apply.
    pub floors: Vec<&'a str>,
    /// Rules and floors that could still go either way.
    pub undecided: Vec<&'a str>,
    /// The actions suggested, in the order of the actions list.
    pub actions: Vec<&'a str>,
}

impl<'a> DecisionIds<'a> {
    pub fn of(p: &'a Declarations, d: &crate::eval::decide::Decision) -> DecisionIds<'a> {
        DecisionIds::of_verdict(p, &crate::eval::decide::Verdict::of(d))
    }

    pub fn of_verdict(p: &'a Declarations, v: &crate::eval::decide::Verdict) -> DecisionIds<'a> {
        use crate::eval::decide::Source;
        let source_id = |s: &Source| match *s {
            Source::Rule(i) => p.rules[i].id.as_str(),
            Source::Floor(i) => p.floors[i].id.as_str(),
            Source::Band(s, b) => p.scores[s].bands[b].id.as_str(),
        };
        DecisionIds {
            level: &p.levels[v.level].id,
            fired: v.fired.iter().map(|&i| p.rules[i].id.as_str()).collect(),
            floors: v.floors.iter().map(|&i| p.floors[i].id.as_str()).collect(),
            undecided: v.undecided.iter().map(source_id).collect(),
            actions: v.actions.iter().map(|&a| p.actions[a].id.as_str()).collect(),
        }
    }

    /// The same decision as numbers, for a caller that holds the ids once
    /// (`DecisionNames`): the level's index; then the count and indices of
    /// the rules that apply, of the floors, of those undecided (each as two
    /// numbers: 0 and a rule's index, 1 and a floor's, or 2 and a band's
    /// index in `DecisionNames::bands`), and of the actions. No string is
    /// built, and nothing crosses to JavaScript as JSON text.
    pub fn indices(p: &Declarations, d: &crate::eval::decide::Verdict) -> Vec<u32> {
        use crate::eval::decide::Source;
        let mut out = Vec::with_capacity(5 + d.fired.len() + d.floors.len() + 2 * d.undecided.len() + d.actions.len());
        out.push(d.level as u32);
        out.push(d.fired.len() as u32);
        out.extend(d.fired.iter().map(|&i| i as u32));
        out.push(d.floors.len() as u32);
        out.extend(d.floors.iter().map(|&i| i as u32));
        out.push(d.undecided.len() as u32);
        for s in &d.undecided {
            let (kind, i) = match *s {
                Source::Rule(i) => (0, i),
                Source::Floor(i) => (1, i),
                Source::Band(s, b) => (2, p.scores.iter().take(s).map(|sc| sc.bands.len()).sum::<usize>() + b),
            };
            out.extend([kind, i as u32]);
        }
        out.push(d.actions.len() as u32);
        out.extend(d.actions.iter().map(|&a| a as u32));
        out
    }
}

/// Every id a decision can name, by index: what `DecisionIds::indices`
/// counts into (the bands of every score, one score after another).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionNames<'a> {
    pub levels: Vec<&'a str>,
    pub rules: Vec<&'a str>,
    pub floors: Vec<&'a str>,
    pub bands: Vec<&'a str>,
    pub actions: Vec<&'a str>,
}

impl DecisionNames<'_> {
    pub fn of(p: &Declarations) -> DecisionNames<'_> {
        DecisionNames {
            levels: p.levels.iter().map(|x| x.id.as_str()).collect(),
            rules: p.rules.iter().map(|x| x.id.as_str()).collect(),
            floors: p.floors.iter().map(|x| x.id.as_str()).collect(),
            bands: p.scores.iter().flat_map(|s| &s.bands).map(|b| b.id.as_str()).collect(),
            actions: p.actions.iter().map(|x| x.id.as_str()).collect(),
        }
    }
}

impl RuleSet {
    pub fn info(&self) -> RuleSetInfo {
        self.program.info.clone()
    }

    /// The forms of the rule file's own tests (see `TestForm`); `today` is
    /// the date for a test that gives none when the rule set has no effective date.
    pub fn test_forms(&self, today: Day) -> Vec<TestForm> {
        let p = &self.program;
        p.tests
            .iter()
            .map(|t| {
                let (form, file) = match &t.form {
                    crate::program::TestFormDef::Inline(json) => (Some(json.clone()), None),
                    crate::program::TestFormDef::File(path) => (None, Some(path.clone())),
                };
                TestForm { name: t.name.clone(), date: t.date.or(p.default_date).unwrap_or(today).to_string(), form, file }
            })
            .collect()
    }

    pub fn program(&self) -> &Program {
        &self.program
    }

    /// The date tests use when they give none: the date the rule set takes effect.
    pub fn default_date(&self) -> Option<Day> {
        self.program.default_date
    }

    pub fn schema(&self) -> Vec<SchemaField> {
        schema(&self.program)
    }

    /// Read a form's controls through a binding (see [`bind`]).
    pub fn bind(&self, binding: &crate::binding::Binding, controls: &crate::binding::Controls, today: Day) -> crate::binding::Bound {
        bind(&self.program, binding, controls, today)
    }

    /// Screen a form given as a JSON value.
    pub fn evaluate_value<F: form::AsForm + ?Sized>(&self, form: &F, date: Day) -> Outcome<'_> {
        let data = form::read(&self.program.schema, form);
        crate::eval::evaluate(&self.program, &data, date).outcome()
    }

    /// A `test` block recording this form and what the rules give for it now
    /// (`testing::test_block`), ready to add to the rule file.
    pub fn test_block_value(&self, name: &str, form: &crate::json::Json, date: Day) -> String {
        crate::testing::test_block(name, date, form, &self.evaluate_value(form, date))
    }

    /// Screen a form and put the outcome into the sentences one audience reads.
    pub fn present_value<F: form::AsForm + ?Sized>(
        &self,
        form: &F,
        date: Day,
        options: &crate::present::Options,
    ) -> crate::present::Presentation {
        crate::present::present(&self.program, &self.evaluate_value(form, date), options)
    }

    /// Screen a form given as JSON text; text too large or too deep is refused.
    pub fn evaluate_json(&self, form_json: &str, date: Day) -> Result<Outcome<'_>, Diagnostic> {
        let v = form::parse_json(form_json)?;
        Ok(self.evaluate_value(&v, date))
    }

    /// Screen a test's form: read as strictly as the rules are checked
    /// (`form::read_strict`); `in_place` when the form is written inside the test.
    pub fn evaluate_test_json(&self, form_json: &str, date: Day, in_place: bool) -> Result<Outcome<'_>, Diagnostic> {
        let v = form::parse_json(form_json)?;
        let strictness = if in_place { form::Strictness::InPlace } else { form::Strictness::SharedFile };
        let data = form::read_strict(&self.program.schema, &v, strictness);
        Ok(crate::eval::evaluate(&self.program, &data, date).outcome())
    }

    /// What the rule file's own tests exercise (`screen test --coverage`):
    /// rules and floors seen applying and not, bands reached, options ticked.
    pub fn coverage(&self, files: &dyn Fn(&str) -> Option<String>, today: Day) -> review::coverage::Coverage {
        review::coverage::measure(&self.program, files, today)
    }

    /// Run the tests written in the rule file. `files` gives the text of a
    /// form file named in a test (`form "cases/x.json"`), relative to the rule file.
    pub fn run_tests(&self, files: &dyn Fn(&str) -> Option<String>, today: Day) -> TestReport<'_> {
        testing::run(&self.program, files, &|json, date, in_place| self.evaluate_test_json(json, date, in_place), today)
    }
}

/// A council form's controls read through a binding, checked both ways
/// (`binding::bind`): the form the rules read and every problem. A free
/// function of the declarations (no conditions needed) so the runtime, whose
/// module carries only those, and the CLI bind alike.
pub fn bind(
    program: &crate::program::Declarations,
    binding: &crate::binding::Binding,
    controls: &crate::binding::Controls,
    today: Day,
) -> crate::binding::Bound {
    crate::binding::bind(program, binding, controls, today)
}

/// A binding from JSON text (the options `attach()` takes, as data), with the
/// form's limits on size and depth; a wrong shape is refused in words.
pub fn read_binding(json: &str) -> Result<crate::binding::Binding, Diagnostic> {
    read_data(
        json,
        "binding",
        crate::binding::parse::binding,
        "{ \"mapping\": { \"children.date_of_birth\": \"child[{0}][dob]\" }, \"notScreened\": { ... }, \"notCollected\": [...] }",
    )
}

/// A form's controls from JSON text: `{ "controls": [{ "name", "kind", "label", "value" | "options" }] }`.
pub fn read_controls(json: &str) -> Result<crate::binding::Controls, Diagnostic> {
    read_data(
        json,
        "controls",
        crate::binding::parse::controls,
        "{ \"controls\": [{ \"name\": \"child[0][dob]\", \"kind\": \"text\", \"label\": \"Date of birth\", \"value\": \"27/3/2011\" }] }",
    )
}

fn read_data<T>(json: &str, what: &str, parse: fn(&crate::json::Json) -> Result<T, String>, shape: &str) -> Result<T, Diagnostic> {
    let value = form::parse_json(json)
        .map_err(|d| Diagnostic::form(d.code, "", format!("The {what}"), d.message.replacen("The form", &format!("The {what}"), 1)))?;
    parse(&value).map_err(|e| {
        Diagnostic::form(
            crate::diagnostics::Code::E_ARGUMENT,
            "",
            format!("The {what}"),
            format!("The {what} could not be read: {e}. Give {shape}"),
        )
    })
}

/// The form a rule set reads, as the browser binds it to controls. A free
/// function of the `Program` so the runtime (which holds a compiled rule
/// set's program, not a `RuleSet`) gives the same schema.
pub fn schema(program: &Declarations) -> Vec<SchemaField> {
    schema_of(program, 0, "")
}

fn schema_of(program: &Declarations, record: RecordId, prefix: &str) -> Vec<SchemaField> {
    let s = &program.schema;
    s.records[record]
        .fields
        .iter()
        .map(|&f| {
            let field = &s.fields[f];
            let path = if prefix.is_empty() { field.name.clone() } else { format!("{prefix}.{}", field.name) };
            let opts = |o: &Vec<crate::program::Named>| -> Vec<SchemaOption> {
                o.iter().map(|x| SchemaOption { id: x.id.clone(), label: x.label.clone() }).collect()
            };
            let kind = match &field.ty {
                FieldTy::YesNo => SchemaKind::YesNo,
                FieldTy::Number => SchemaKind::Number,
                FieldTy::Text => SchemaKind::Text,
                FieldTy::Date => SchemaKind::Date,
                FieldTy::OneOf(o) => SchemaKind::OneOf { options: opts(o) },
                FieldTy::SeveralOf(o) => SchemaKind::SeveralOf { options: opts(o) },
                FieldTy::List(r) => SchemaKind::List {
                    item_name: s.records[*r].item.clone(),
                    item_label: s.records[*r].item_label.clone(),
                    fields: schema_of(program, *r, &format!("{path}[]")),
                },
            };
            SchemaField { name: field.name.clone(), path, label: field.label.clone(), kind, screened: field.screened }
        })
        .collect()
}

/// A form given to `diff_rule_sets` besides the tests' own: a referral from a
/// file or a folder, or a line of a JSON Lines file.
#[derive(Debug, Clone, PartialEq)]
pub struct FormInput {
    /// What to call it in the report: its file name (and line).
    pub name: String,
    pub json: String,
    /// The date to screen it on; none for the diff's own date. (`agree`
    /// screens every shared file on one date, so it does not read this.)
    pub date: Option<Day>,
}

/// Which of the two rule files did not compile, with its diagnostics.
#[derive(Debug, Clone, PartialEq)]
pub struct NotCompiled {
    /// `"old"` or `"new"`.
    pub which: &'static str,
    pub diagnostics: Vec<Diagnostic>,
}

/// How `diff_rule_sets_with` compares, beyond the forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DiffOptions {
    /// A new file whose only errors are in tests (a test names a rule or floor
    /// the change took out) is compared without those tests, which are listed
    /// in `Impact::tests_set_aside`. Otherwise such a file cannot be compared.
    pub set_aside_broken_tests: bool,
    /// List every form given in `Impact::listed`, changed or not: a training
    /// page shows each of its cases, a row each.
    pub list_given: bool,
    /// Compare only the forms given, not the tests' forms too. What the old
    /// rules give together (`actionsNeverTogether`) is then known from the
    /// forms given alone.
    pub given_only: bool,
}

/// The impact of changing `old_source` into `new_source`: every case (the
/// forms of both files' tests, then `forms`) screened under both, and each
/// one whose outcome changed. `old_files` and `new_files` read the form files
/// each file's tests name; `today` dates the given forms (and tests with no date
/// in a rule set with no effective date).
pub fn diff_rule_sets(
    old_source: &str,
    new_source: &str,
    old_files: &dyn Fn(&str) -> Option<String>,
    new_files: &dyn Fn(&str) -> Option<String>,
    forms: &[FormInput],
    today: Day,
) -> Result<review::impact::Impact, NotCompiled> {
    diff_rule_sets_with(old_source, new_source, old_files, new_files, forms, today, DiffOptions::default())
}

/// [`diff_rule_sets`], with the tests that name what the change took out set
/// aside and the given forms listed, as `options` asks.
pub fn diff_rule_sets_with(
    old_source: &str,
    new_source: &str,
    old_files: &dyn Fn(&str) -> Option<String>,
    new_files: &dyn Fn(&str) -> Option<String>,
    forms: &[FormInput],
    today: Day,
    options: DiffOptions,
) -> Result<review::impact::Impact, NotCompiled> {
    let old = compile(old_source).map_err(|diagnostics| NotCompiled { which: "old", diagnostics })?;
    let (new, set_aside) = match compile(new_source) {
        Ok(new) => (new, Vec::new()),
        Err(diagnostics) => match options.set_aside_broken_tests.then(|| set_aside_broken_tests(new_source, &diagnostics)).flatten() {
            Some(aside) => (aside.compiled, aside.tests),
            None => return Err(NotCompiled { which: "new", diagnostics }),
        },
    };
    let (old, new) = (old.rule_set.program, new.rule_set.program);
    let (mut cases, mut problems) = (Vec::new(), Vec::new());
    if !options.given_only {
        for (program, which, files) in [(&old, "old", old_files), (&new, "new", new_files)] {
            let (more, more_problems) = review::test_cases(program, which, files, today);
            cases.extend(more);
            problems.extend(more_problems);
        }
    }
    let mut skipped = Vec::new();
    for f in forms {
        match review::not_a_referral(&[&old, &new], &f.json) {
            Some(why) => skipped.push(format!("{}: {why}", f.name)),
            None => cases.push(Case {
                name: f.name.clone(),
                origin: "a form given".into(),
                json: f.json.clone(),
                date: f.date.unwrap_or(today),
                listed: options.list_given,
            }),
        }
    }
    let mut impact = review::impact::compare(&old, &new, &review::impact::unique(cases), problems);
    impact.skipped = skipped;
    impact.tests_set_aside = set_aside;
    Ok(impact)
}

/// A file compiled with the tests that broke set aside.
#[derive(Debug, Clone)]
pub struct SetAside {
    pub compiled: Compiled,
    /// The text compiled: the file with each broken test's lines left blank,
    /// so every line number still points at the same line of the file.
    pub text: String,
    pub tests: Vec<testing::SetAsideTest>,
}

/// When every error of `source` (its `diagnostics`) lies inside a test block
/// (as when a test names a rule or floor an edit took out), the file compiled
/// without those tests, and the tests, each with its problems. None when an
/// error lies outside the tests, or the file still does not compile: then the
/// rules themselves are broken and nothing is set aside. The test blocks are
/// the parser's (`outline`), so a test with a syntax error is found too.
pub fn set_aside_broken_tests(source: &str, diagnostics: &[Diagnostic]) -> Option<SetAside> {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    if errors.is_empty() {
        return None;
    }
    let tests: Vec<_> = outline(source).into_iter().filter(|b| b.kind == "test").collect();
    let mut aside: Vec<(usize, Vec<&Diagnostic>)> = Vec::new();
    for d in errors {
        let i = tests.iter().position(|t| d.line() >= t.line && d.line() <= t.end_line)?;
        match aside.iter_mut().find(|(t, _)| *t == i) {
            Some((_, ds)) => ds.push(d),
            None => aside.push((i, vec![d])),
        }
    }
    let mut lines: Vec<&str> = source.split('\n').collect();
    let count = lines.len();
    for (i, _) in &aside {
        for line in &mut lines[tests[*i].line - 1..tests[*i].end_line.min(count)] {
            *line = "";
        }
    }
    let text = lines.join("\n");
    let compiled = compile(&text).ok()?;
    crate::order::sort_by_key(&mut aside, |(i, _)| tests[*i].line);
    let tests = aside
        .into_iter()
        .map(|(i, ds)| testing::SetAsideTest {
            name: tests[i].title.clone().unwrap_or_else(|| format!("the test on line {}", tests[i].line)),
            line: tests[i].line,
            problems: ds.iter().map(|d| format!("Line {}: {}", d.line(), d.message)).collect(),
        })
        .collect();
    Some(SetAside { compiled, text, tests })
}

/// Whether two rule sets agree on the same facts (`screen agree`): `files` is
/// a shared folder's forms, `NAME.X.json` written for one set beside
/// `NAME.Y.json` for the other; each is given to the set whose form it answers,
/// and both are screened on `date`.
pub fn agree_rule_sets(
    first_source: &str,
    second_source: &str,
    files: &[FormInput],
    date: Day,
) -> Result<review::agree::Agreement, NotCompiled> {
    let first = compile(first_source).map_err(|diagnostics| NotCompiled { which: "old", diagnostics })?;
    let second = compile(second_source).map_err(|diagnostics| NotCompiled { which: "new", diagnostics })?;
    let files: Vec<review::agree::SharedFile> =
        files.iter().map(|f| review::agree::SharedFile { name: f.name.clone(), json: f.json.clone() }).collect();
    Ok(review::agree::compare(&first.rule_set.program, &second.rule_set.program, &files, date))
}

/// The sign-off document (`screen doc`): one printable HTML page for the
/// safeguarding partnership board, with every condition in plain English and
/// the tests that cover each rule. `since` is the signed-off version's text
/// and the reader of its form files: the document is then the change (what was
/// added, removed and changed, and the cases that move), as `screen doc --since` writes it.
pub fn signoff_document(
    source: &str,
    files: &dyn Fn(&str) -> Option<String>,
    since: Option<(&str, &FileReader)>,
    today: Day,
) -> Result<String, NotCompiled> {
    // With an older version the document is the change; the whole rule set is an appendix only when asked for.
    let appendix = since.is_none();
    signoff_document_with(source, files, since, appendix, today)
}

/// The sign-off document, with `appendix` saying whether the whole rule set
/// follows the change (`screen doc --since OLD --appendix`). With `since`, the
/// document starts with the change and what it does to the tests' cases.
pub fn signoff_document_with(
    source: &str,
    files: &dyn Fn(&str) -> Option<String>,
    since: Option<(&str, &FileReader)>,
    appendix: bool,
    today: Day,
) -> Result<String, NotCompiled> {
    let now = Parsed::new(source, "new", files, today)?;
    let old = match since {
        Some((text, old_files)) => Some((Parsed::new(text, "old", old_files, today)?, old_files)),
        None => None,
    };
    // The cases that move: both files' test forms, screened under both.
    let impact = old.as_ref().map(|(o, old_files)| {
        let (mut cases, mut problems) = review::test_cases(&o.program, "old", *old_files, today);
        let (more, more_problems) = review::test_cases(&now.program, "new", files, today);
        cases.extend(more);
        problems.extend(more_problems);
        review::impact::compare(&o.program, &now.program, &review::impact::unique(cases), problems)
    });
    let old_version = old.as_ref().map(|(o, _)| o.version());
    let since_arg = old_version.as_ref().map(|v| (v, impact.as_ref()));
    Ok(review::signoff::document_with(&now.version(), since_arg, appendix, today))
}

/// Reads the text of a form file that a rule file's tests name, by its path relative to the rule file.
pub type FileReader<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// A rule file compiled, with its syntax tree (for conditions in words) and its tests' coverage.
struct Parsed {
    file: crate::syntax::ast::File,
    program: Program,
    coverage: review::coverage::Coverage,
}

impl Parsed {
    fn version(&self) -> review::signoff::Version<'_> {
        review::signoff::Version { file: &self.file, program: &self.program, coverage: &self.coverage }
    }

    fn new(source: &str, which: &'static str, files: &dyn Fn(&str) -> Option<String>, today: Day) -> Result<Parsed, NotCompiled> {
        let compiled = compile(source).map_err(|diagnostics| NotCompiled { which, diagnostics })?;
        // It compiled, so it parses; the tree gives the conditions as written.
        let (file, _) = crate::syntax::parse(source).map_err(|diagnostics| NotCompiled { which, diagnostics })?;
        let program = compiled.rule_set.program;
        let coverage = review::coverage::measure(&program, files, today);
        Ok(Parsed { file, program, coverage })
    }
}
