//! The tools build's exports (cargo feature `tools`): what the rule editor
//! uses on a click rather than on every keystroke, in a Wasm module of its own
//! that the package loads on first use: the review tools (what the tests
//! cover, the impact of a change, the sign-off document), the formatter, and
//! compiling a rule set to its own Wasm module (`compileToWasm`). Each works
//! from the rule file's text: this module shares no Rust objects with the
//! authoring one. The authoring build holds none of these; build-engine.sh
//! checks that.

use super::text::{diagnostics_error, find_file, read_files, string_arg};
use super::{date_arg, error, json_text, to_js};
use crate::api;
use crate::diagnostics::Code;
use crate::limits;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

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

/// The rule file in its canonical layout. Throws, with `diagnostics`, when it
/// does not parse.
#[wasm_bindgen]
pub fn format(source: JsValue) -> Result<String, JsValue> {
    let source = string_arg(&source, "rule file")?;
    api::format(&source).map_err(|diags| diagnostics_error(Code::FORMAT, "The rule file cannot be laid out", &diags))
}

/// What the file's own tests exercise (`screen test --coverage`): for each
/// rule and floor the tests in which it applies and does not; each condition
/// of each rule, floor and shared definition seen true and false, with its
/// boundary; yes or no questions answered yes; each band reached, each option
/// ticked. `files` and `today` as for `RuleSet.runTests` in the authoring
/// build. Throws as `compileToWasm` does when the file does not compile.
#[wasm_bindgen]
pub fn coverage(source: JsValue, files: JsValue, today: JsValue) -> Result<JsValue, JsValue> {
    let source = string_arg(&source, "rule file")?;
    let today = date_arg(&today)?;
    let files = read_files(&files)?;
    match api::compile(&source) {
        Ok(compiled) => to_js(&compiled.rule_set.coverage(&|path: &str| find_file(&files, path), today)),
        Err(diags) => Err(diagnostics_error(Code::COMPILE, "The rule file does not compile", &diags)),
    }
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
    let lookup = |path: &str| find_file(&files, path);
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
    let lookup = |path: &str| find_file(&files, path);
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
