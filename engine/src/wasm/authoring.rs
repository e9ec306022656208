//! The authoring engine's exports (cargo feature `authoring`): what the rule
//! editor needs on every keystroke, and Node and the demo page with it:
//! compile, check, outline, evaluate, explain, present and run the file's
//! tests. What is used on a click (the review tools, the formatter,
//! `compileToWasm`) is in the tools build (`wasm/tools.rs`). The helpers
//! they share with the runtime are in `wasm/mod.rs`, with the tools build in
//! `wasm/text.rs`.

use super::text::{diagnostics_error, find_file, read_files, string_arg};
use super::{date_arg, error, form_value, to_js};
use crate::api;
use crate::diagnostics::{Code, Diagnostic};
use crate::limits;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

/// Compile a rule file. Throws an `Error` whose `diagnostics` property lists
/// every error and warning when the file does not compile.
#[wasm_bindgen]
pub fn compile(source: JsValue) -> Result<RuleSet, JsValue> {
    let source = string_arg(&source, "rule file")?;
    match api::compile(&source) {
        Ok(compiled) => Ok(RuleSet { inner: compiled.rule_set, warnings: compiled.warnings }),
        Err(diags) => Err(diagnostics_error(Code::COMPILE, "The rule file does not compile", &diags)),
    }
}

/// The rule editor's compiler (`api::Editor`): `update(text)` on each change
/// gives `{ diagnostics, ruleSet }`, every error and warning and, when the
/// file compiles, the rule set (else `null`), in one call, keeping the last
/// text's blocks parsed so a keystroke re-parses only the block it changed.
/// Kept in this build, not with the authoring-only tools: it runs on every keystroke.
#[wasm_bindgen]
pub struct RuleEditor {
    inner: api::Editor,
}

#[wasm_bindgen]
impl RuleEditor {
    #[wasm_bindgen(constructor)]
    pub fn new() -> RuleEditor {
        RuleEditor { inner: api::Editor::new() }
    }

    /// The editor's text as it is now: `{ diagnostics, ruleSet }`.
    pub fn update(&mut self, source: JsValue) -> Result<JsValue, JsValue> {
        let source = string_arg(&source, "rule file")?;
        let (diagnostics, rule_set) = match self.inner.compile(&source) {
            Ok(c) => (to_js(&c.warnings)?, JsValue::from(RuleSet { inner: c.rule_set, warnings: c.warnings })),
            Err(d) => (to_js(&d)?, JsValue::NULL),
        };
        let out = js_sys::Object::new();
        Reflect::set(&out, &"diagnostics".into(), &diagnostics)?;
        Reflect::set(&out, &"ruleSet".into(), &rule_set)?;
        Ok(out.into())
    }
}

impl Default for RuleEditor {
    fn default() -> Self {
        RuleEditor::new()
    }
}

/// Every error and warning in a rule file, without throwing (for editors).
#[wasm_bindgen]
pub fn check(source: JsValue) -> Result<JsValue, JsValue> {
    let source = string_arg(&source, "rule file")?;
    to_js(&api::check(&source))
}

/// The file's blocks with their ids, titles, lines and byte spans, and the
/// numbers written in each (`api::outline`). Never throws for a rule file
/// with errors: a block that does not parse is listed with `parsed: false`.
#[wasm_bindgen]
pub fn outline(source: JsValue) -> Result<JsValue, JsValue> {
    let source = string_arg(&source, "rule file")?;
    to_js(&api::outline(&source))
}

/// The limits the engine applies to input, so callers can explain them.
#[wasm_bindgen(js_name = limits)]
pub fn limits_js() -> Result<JsValue, JsValue> {
    to_js(&limits::LIMITS)
}

/// The language's keywords with their roles and editor colour classes
/// (`syntax::vocabulary`), so editors highlight the words the parser knows.
#[wasm_bindgen]
pub fn vocabulary() -> Result<JsValue, JsValue> {
    to_js(&crate::syntax::vocabulary::export())
}

/// A compiled rule set: compile once, evaluate many times.
#[wasm_bindgen]
pub struct RuleSet {
    inner: api::RuleSet,
    warnings: Vec<Diagnostic>,
}

#[wasm_bindgen]
impl RuleSet {
    /// The header: name, version, owner, effective, review.
    pub fn info(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.info())
    }

    /// The form the rule set reads: fields, types, labels, options, lists.
    pub fn schema(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.schema())
    }

    /// Read a form's controls through a binding and check it both ways
    /// (engine/src/binding/): `{ form, problems, items, given, notCollected,
    /// nothingBound }`. `controls` is `{ controls: [{ name, kind, label, value | options }] }`,
    /// `binding` attach's options as data, `date` YYYY-MM-DD.
    pub fn bind(&self, controls: JsValue, binding: JsValue, date: JsValue) -> Result<JsValue, JsValue> {
        let (controls, binding, day) = super::bind_args(&controls, &binding, &date)?;
        to_js(&self.inner.bind(&binding, &controls, day))
    }

    /// Warnings found while compiling (errors stop compilation).
    pub fn warnings(&self) -> Result<JsValue, JsValue> {
        to_js(&self.warnings)
    }

    /// Screen one form. `form` is a plain object (or JSON text); `date` is
    /// the evaluation date as YYYY-MM-DD. Returns the outcome, the same
    /// structure as `screen eval --json`.
    pub fn evaluate(&self, form: JsValue, date: JsValue) -> Result<JsValue, JsValue> {
        let outcome = self.outcome(&form, &date)?;
        to_js(&outcome)
    }

    /// A `test` block recording `form` and what the rules give for it on
    /// `date` (level, actions, the rules and floors that apply), in the
    /// formatter's layout, as `screen eval --as-test NAME` prints it.
    #[wasm_bindgen(js_name = testBlock)]
    pub fn test_block(&self, name: &str, form: JsValue, date: JsValue) -> Result<String, JsValue> {
        let day = date_arg(&date)?;
        let form = form_value(&form)?;
        Ok(self.inner.test_block_value(name, &form, day))
    }

    /// Screen one form and return the outcome as JSON text, laid out exactly
    /// as `screen eval --json` prints it.
    #[wasm_bindgen(js_name = evaluateToJson)]
    pub fn evaluate_to_json(&self, form: JsValue, date: JsValue) -> Result<String, JsValue> {
        let outcome = self.outcome(&form, &date)?;
        crate::json::to_string_pretty(&outcome)
            .map_err(|e| error(Code::E_INTERNAL, &format!("The outcome could not be written as JSON: {e}"), None))
    }

    /// Screen one form and put the outcome into the sentences one audience
    /// reads (the presentation model, see `present`): `date` YYYY-MM-DD,
    /// `options` `{ audience, labels }`.
    pub fn present(&self, form: JsValue, date: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let options = super::present_options(&options)?;
        let outcome = self.outcome(&form, &date)?;
        to_js(&crate::present::present(self.inner.program(), &outcome, &options))
    }

    /// Run the tests written in the rule file. `files` (optional) maps a path
    /// relative to the rule file to that file's text, for tests that name a
    /// form file. `today` (YYYY-MM-DD) is the date for tests that give none
    /// when the rule set has no effective date.
    #[wasm_bindgen(js_name = runTests)]
    pub fn run_tests(&self, files: JsValue, today: JsValue) -> Result<JsValue, JsValue> {
        let today = date_arg(&today)?;
        let files = read_files(&files)?;
        let lookup = |path: &str| find_file(&files, path);
        to_js(&self.inner.run_tests(&lookup, today))
    }

    /// The forms of the rule file's own tests, to screen them elsewhere (the
    /// differential test compares this engine with a compiled rule set on
    /// them): `[{ name, date, form, file }]`, with `form` the JSON text of a
    /// form written in the test, or `file` the path of the form file it
    /// names (relative to the rule file); `date` the test's date, else the
    /// rule set's effective date, else `today` (YYYY-MM-DD).
    #[wasm_bindgen(js_name = testForms)]
    pub fn test_forms(&self, today: JsValue) -> Result<JsValue, JsValue> {
        to_js(&self.inner.test_forms(date_arg(&today)?))
    }
}

impl RuleSet {
    fn outcome(&self, form: &JsValue, date: &JsValue) -> Result<crate::outcome::Outcome<'_>, JsValue> {
        let day = date_arg(date)?;
        let form = form_value(form)?;
        Ok(self.inner.evaluate_value(&form, day))
    }
}

/// Set aside the tests that name what an edit took out (`api::set_aside_broken_tests`):
/// null when the file compiles, or an error lies outside its tests; otherwise
/// `{ text, tests }`, the text with those tests' lines left blank (it
/// compiles) and each test with its problems.
#[wasm_bindgen(js_name = setAsideBrokenTests)]
pub fn set_aside_broken_tests(source: JsValue) -> Result<JsValue, JsValue> {
    let source = string_arg(&source, "rule file")?;
    let Err(diagnostics) = api::compile(&source) else { return Ok(JsValue::NULL) };
    match api::set_aside_broken_tests(&source, &diagnostics) {
        Some(aside) => to_js(&SetAsideJs { text: aside.text, tests: aside.tests }),
        None => Ok(JsValue::NULL),
    }
}

#[derive(serde::Serialize)]
struct SetAsideJs {
    text: String,
    tests: Vec<crate::testing::SetAsideTest>,
}
