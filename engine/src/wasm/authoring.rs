//! The authoring engine's exports (cargo feature `authoring`): what the rule
//! editor, the demo page and Node use to compile, check, format, test and
//! review a rule file, and to compile it to its own Wasm module for the
//! runtime (`compileToWasm`). The helpers they share with the runtime are in
//! `wasm/mod.rs`.

use super::{date_arg, describe, error, form_value, json_text, to_js};
use crate::api;
use crate::diagnostics::{Code, Diagnostic};
use crate::limits;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

/// The error for a rule file that does not compile: the message names the
/// first error; `diagnostics` carries all of them.
fn diagnostics_error(code: Code, what: &str, diags: &[Diagnostic]) -> JsValue {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let first = diags.iter().find(|d| d.is_error()).or(diags.first());
    let message = match first {
        Some(d) => format!(
            "{what}: {} error{} (first, line {} column {}: {} {})",
            errors,
            if errors == 1 { "" } else { "s" },
            d.line(),
            d.column(),
            d.code,
            d.message
        ),
        None => what.to_string(),
    };
    error(code, &message, Some(diags))
}

/// Read a JavaScript string argument; anything else is a TypeError-like Error.
fn string_arg(value: &JsValue, what: &str) -> Result<String, JsValue> {
    match value.as_string() {
        Some(s) => {
            if s.len() > limits::MAX_SOURCE_BYTES {
                return Err(error(
                    Code::E006,
                    &format!("The {what} is {} bytes; the most allowed is {}", s.len(), limits::MAX_SOURCE_BYTES),
                    None,
                ));
            }
            Ok(s)
        }
        None => Err(error(Code::E_ARGUMENT, &format!("The {what} must be a string, not {}", describe(value)), None)),
    }
}

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

/// Compile a rule file to its own WebAssembly module (`compiled::compile`,
/// what `screen build` writes): the bytes of a .wasm file that the runtime
/// (`CompiledRuleSet` in the runtime build) screens with. Throws as `compile`
/// does when the file does not compile.
#[wasm_bindgen(js_name = compileToWasm)]
pub fn compile_to_wasm(source: JsValue) -> Result<Vec<u8>, JsValue> {
    let source = string_arg(&source, "rule file")?;
    match api::compile(&source) {
        Ok(compiled) => Ok(crate::compiled::compile(compiled.rule_set.program())),
        Err(diags) => Err(diagnostics_error(Code::COMPILE, "The rule file does not compile", &diags)),
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

/// The rule file in its canonical layout. Throws, with `diagnostics`, when it
/// does not parse.
#[wasm_bindgen]
pub fn format(source: JsValue) -> Result<String, JsValue> {
    let source = string_arg(&source, "rule file")?;
    api::format(&source).map_err(|diags| diagnostics_error(Code::FORMAT, "The rule file cannot be laid out", &diags))
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
        Ok(self.inner.test_block_value(name, &serde_json::Value::from(&form), day))
    }

    /// Screen one form and return the outcome as JSON text, laid out exactly
    /// as `screen eval --json` prints it.
    #[wasm_bindgen(js_name = evaluateToJson)]
    pub fn evaluate_to_json(&self, form: JsValue, date: JsValue) -> Result<String, JsValue> {
        let outcome = self.outcome(&form, &date)?;
        serde_json::to_string_pretty(&outcome)
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
        let lookup = |path: &str| -> Option<String> {
            files.iter().find(|(p, _)| p == path || p.trim_start_matches("./") == path.trim_start_matches("./")).map(|(_, t)| t.clone())
        };
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

    /// What the file's own tests exercise (`screen test --coverage`): for
    /// each rule and floor the tests in which it applies and does not; each
    /// condition of each rule, floor and shared definition seen true and
    /// false, with its boundary; yes or no questions answered yes; each band
    /// reached, each option ticked. Arguments as for `runTests`.
    pub fn coverage(&self, files: JsValue, today: JsValue) -> Result<JsValue, JsValue> {
        let today = date_arg(&today)?;
        let files = read_files(&files)?;
        let lookup = |path: &str| -> Option<String> {
            files.iter().find(|(p, _)| p == path || p.trim_start_matches("./") == path.trim_start_matches("./")).map(|(_, t)| t.clone())
        };
        to_js(&self.inner.coverage(&lookup, today))
    }
}

impl RuleSet {
    fn outcome(&self, form: &JsValue, date: &JsValue) -> Result<crate::outcome::Outcome, JsValue> {
        let day = date_arg(date)?;
        let form = form_value(form)?;
        Ok(self.inner.evaluate_value(&form, day))
    }
}

/// `{ "cases/a.json": "{...}" }` as a list of (path, text). The object is
/// read through `JSON.stringify` (inside a try/catch), never property by
/// property, so a getter or proxy that throws cannot unwind through Rust.
fn read_files(files: &JsValue) -> Result<Vec<(String, String)>, JsValue> {
    if files.is_undefined() || files.is_null() {
        return Ok(Vec::new());
    }
    let text = json_text(files, "test files", limits::MAX_SOURCE_BYTES)?;
    let map: std::collections::BTreeMap<String, String> = serde_json::from_str(&text)
        .map_err(|_| error(Code::E_ARGUMENT, "The test files must be an object mapping each path to that file's text", None))?;
    Ok(map.into_iter().collect())
}

/// The impact of a change (`screen diff`): `oldSource` and `newSource` are
/// the rule files' text; `forms` (optional) maps a name to a form (an object
/// or JSON text) to screen besides the tests' own; `files` (optional) maps a
/// path to the text of a form file the tests name, as for `runTests`; `today`
/// (YYYY-MM-DD) dates the given forms. Throws, with `diagnostics` and
/// `which` ("old" or "new"), when a file does not compile.
#[wasm_bindgen(js_name = diffRuleSets)]
pub fn diff_rule_sets(
    old_source: JsValue,
    new_source: JsValue,
    forms: JsValue,
    files: JsValue,
    today: JsValue,
) -> Result<JsValue, JsValue> {
    let old = string_arg(&old_source, "old rule file")?;
    let new = string_arg(&new_source, "new rule file")?;
    let today = date_arg(&today)?;
    let files = read_files(&files)?;
    let lookup = |path: &str| -> Option<String> {
        files.iter().find(|(p, _)| p == path || p.trim_start_matches("./") == path.trim_start_matches("./")).map(|(_, t)| t.clone())
    };
    let forms = read_forms(&forms)?;
    match api::diff_rule_sets(&old, &new, &lookup, &lookup, &forms, today) {
        Ok(report) => to_js(&report),
        Err(e) => {
            let err = diagnostics_error(Code::COMPILE, &format!("The {} rule file does not compile", e.which), &e.diagnostics);
            let _ = Reflect::set(&err, &JsValue::from_str("which"), &JsValue::from_str(e.which));
            Err(err)
        }
    }
}

/// `{ "name": form }`, each form an object or JSON text, as a list of named forms.
fn read_forms(forms: &JsValue) -> Result<Vec<api::FormInput>, JsValue> {
    if forms.is_undefined() || forms.is_null() {
        return Ok(Vec::new());
    }
    let text = json_text(forms, "forms", limits::MAX_SOURCE_BYTES)?;
    let map: std::collections::BTreeMap<String, serde_json::Value> = serde_json::from_str(&text)
        .map_err(|_| error(Code::E_ARGUMENT, "The forms must be an object mapping each form's name to the form", None))?;
    Ok(map
        .into_iter()
        .map(|(name, v)| {
            let json = match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            api::FormInput { name, json }
        })
        .collect())
}

/// The sign-off document (`screen doc`) as HTML text, for the page to offer
/// as a download. `since` (optional) is the signed-off version's text, to
/// show what changed; `files` maps a path to a form file's text, as for
/// `runTests` (used for both versions); `today` (YYYY-MM-DD) dates it.
/// Throws, with `diagnostics` and `which`, when a file does not compile.
#[wasm_bindgen(js_name = signoffDocument)]
pub fn signoff_document(source: JsValue, since: JsValue, files: JsValue, today: JsValue) -> Result<String, JsValue> {
    let source = string_arg(&source, "rule file")?;
    let since = if since.is_undefined() || since.is_null() { None } else { Some(string_arg(&since, "signed-off rule file")?) };
    let today = date_arg(&today)?;
    let files = read_files(&files)?;
    let lookup = |path: &str| -> Option<String> {
        files.iter().find(|(p, _)| p == path || p.trim_start_matches("./") == path.trim_start_matches("./")).map(|(_, t)| t.clone())
    };
    let since_arg = since.as_deref().map(|s| (s, &lookup as &dyn Fn(&str) -> Option<String>));
    api::signoff_document(&source, &lookup, since_arg, today).map_err(|e| {
        let which = if e.which == "old" { "signed-off" } else { "" };
        let err = diagnostics_error(
            Code::COMPILE,
            &format!("The {which}{}rule file does not compile", if which.is_empty() { "" } else { " " }),
            &e.diagnostics,
        );
        let _ = Reflect::set(&err, &JsValue::from_str("which"), &JsValue::from_str(e.which));
        err
    })
}
