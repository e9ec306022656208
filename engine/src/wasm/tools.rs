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
/// or JSON text) to screen besides the tests' own, or is a list of
/// `{ name, form, date? }` (each form screened on its own date); `files`
/// (optional) maps a path to the text of a form file the tests name, as for
/// `runTests`; `today` (YYYY-MM-DD) dates the given forms that have no date.
/// `options` (optional): `{ setAsideBrokenTests?, listGiven?, givenOnly? }` (booleans,
/// `api::DiffOptions`). Throws, with `diagnostics` and `which` ("old" or
/// "new"), when a file does not compile.
#[wasm_bindgen(js_name = diffRuleSets)]
pub fn diff_rule_sets(
    old_source: JsValue,
    new_source: JsValue,
    forms: JsValue,
    files: JsValue,
    today: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let old = string_arg(&old_source, "old rule file")?;
    let new = string_arg(&new_source, "new rule file")?;
    let today = date_arg(&today)?;
    let files = read_files(&files)?;
    let lookup = |path: &str| find_file(&files, path);
    let forms = read_forms(&forms)?;
    let options = diff_options(&options)?;
    match api::diff_rule_sets_with(&old, &new, &lookup, &lookup, &forms, today, options) {
        Ok(report) => to_js(&report),
        Err(e) => {
            let err = diagnostics_error(Code::COMPILE, &format!("The {} rule file does not compile", e.which), &e.diagnostics);
            let _ = Reflect::set(&err, &JsValue::from_str("which"), &JsValue::from_str(e.which));
            Err(err)
        }
    }
}

/// `{ setAsideBrokenTests?, listGiven?, givenOnly? }`, read through JSON.
fn diff_options(options: &JsValue) -> Result<api::DiffOptions, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(api::DiffOptions::default());
    }
    let text = json_text(options, "diff options", 4096)?;
    let bad = |what: &str| {
        error(
            Code::E_ARGUMENT,
            &format!(
                "The comparison's options must be {{ setAsideBrokenTests?: boolean, listGiven?: boolean, givenOnly?: boolean }}: {what}"
            ),
            None,
        )
    };
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|_| bad("they are not an object"))?;
    let serde_json::Value::Object(map) = value else { return Err(bad("they are not an object")) };
    let mut out = api::DiffOptions::default();
    for (key, v) in map {
        let Some(b) = v.as_bool() else { return Err(bad(&format!("{key} is not true or false"))) };
        match key.as_str() {
            "setAsideBrokenTests" => out.set_aside_broken_tests = b,
            "listGiven" => out.list_given = b,
            "givenOnly" => out.given_only = b,
            _ => return Err(bad(&format!("{key} is not one of them"))),
        }
    }
    Ok(out)
}

/// The forms given to the diff: `{ "name": form }`, each form an object or
/// JSON text, or `[{ name, form, date? }]`.
fn read_forms(forms: &JsValue) -> Result<Vec<api::FormInput>, JsValue> {
    if forms.is_undefined() || forms.is_null() {
        return Ok(Vec::new());
    }
    let text = json_text(forms, "forms", limits::MAX_SOURCE_BYTES)?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|_| bad_forms())?;
    let json = |v: serde_json::Value| match v {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    };
    match value {
        serde_json::Value::Object(map) => Ok(map.into_iter().map(|(name, v)| api::FormInput { name, json: json(v), date: None }).collect()),
        serde_json::Value::Array(list) => list
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let serde_json::Value::Object(mut entry) = item else { return Err(bad_forms()) };
                let Some(serde_json::Value::String(name)) = entry.remove("name") else {
                    return Err(error(Code::E_ARGUMENT, &format!("Form {} of the list has no name", i + 1), None));
                };
                let form =
                    entry.remove("form").ok_or_else(|| error(Code::E_ARGUMENT, &format!("The form \"{name}\" has no form"), None))?;
                let date = match entry.remove("date") {
                    None | Some(serde_json::Value::Null) => None,
                    Some(serde_json::Value::String(d)) => Some(crate::dates::parse_date(&d).ok_or_else(|| {
                        error(
                            Code::E_ARGUMENT,
                            &format!("The form \"{name}\" has the date {d:?}, which is not a real date written YYYY-MM-DD"),
                            None,
                        )
                    })?),
                    Some(_) => {
                        return Err(error(Code::E_ARGUMENT, &format!("The form \"{name}\" has a date that is not YYYY-MM-DD text"), None))
                    }
                };
                Ok(api::FormInput { name, json: json(form), date })
            })
            .collect(),
        _ => Err(bad_forms()),
    }
}

fn bad_forms() -> JsValue {
    error(Code::E_ARGUMENT, "The forms must be an object mapping each form's name to the form, or a list of { name, form, date }", None)
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
