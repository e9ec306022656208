//! The browser surface: a thin layer over `api`, owned by the Wasm work.
//!
//! Everything that arrives from JavaScript is checked here before the engine
//! sees it: a value of the wrong kind, a cycle, a proxy that throws, a BigInt
//! or an array nested a million deep gives a clean `Error`, never a panic (a
//! panic would abort the Wasm instance and every rule set compiled in it).
//!
//! Values go back to JavaScript as plain objects and arrays
//! (`Serializer::json_compatible`), so `JSON.stringify(outcome, null, 2)` is
//! the same text as `screen eval --json`.

use crate::api;
use crate::dates::Day;
use crate::diagnostics::{Code, Diagnostic};
use crate::limits;
use js_sys::{Array, Error, JsString, Reflect, JSON};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Runs when the module loads. A panic is a bug in the engine, but it must
/// not surface as a bare `RuntimeError: unreachable`: the hook throws a
/// JavaScript `Error` (code `E_INTERNAL`) saying what went wrong instead.
/// Other rule sets, and `compile`, keep working afterwards.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let where_ = info.location().map(|l| format!(" ({}:{})", l.file(), l.line())).unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no details".into());
        let err = error(Code::E_INTERNAL, &format!("The screening engine hit an internal error{where_}: {what}"), None);
        wasm_bindgen::throw_val(err);
    }));
}

/// Turn any serializable value into plain JavaScript data.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).map_err(|e| error(Code::E_INTERNAL, &format!("The result could not be handed to JavaScript: {e}"), None))
}

/// A JavaScript `Error` with a `code`, and `diagnostics` when there are some.
fn error(code: Code, message: &str, diagnostics: Option<&[Diagnostic]>) -> JsValue {
    let err = Error::new(message);
    err.set_name("ScreeningError");
    // Reflect::set on a fresh Error cannot fail; ignore the Result rather than unwrap.
    let _ = Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code.as_str()));
    let diags = match diagnostics {
        Some(d) => to_js(d).unwrap_or_else(|_| Array::new().into()),
        None => Array::new().into(),
    };
    let _ = Reflect::set(&err, &JsValue::from_str("diagnostics"), &diags);
    err.into()
}

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

/// A few words for the kind of a JavaScript value, for error messages.
fn describe(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else if value.is_undefined() {
        "undefined".into()
    } else {
        value.js_typeof().as_string().map(|t| format!("a value of type {t}")).unwrap_or_else(|| "that value".into())
    }
}

/// A JavaScript value as JSON text, bounded in size. `JSON.stringify` runs
/// inside a try/catch (js-sys turns a throw into `Err`), so cycles, BigInts,
/// getters or proxies that throw, and arrays too deep for the JavaScript stack
/// all come back as an error here.
fn json_text(value: &JsValue, what: &str, max_bytes: usize) -> Result<String, JsValue> {
    if let Some(s) = value.dyn_ref::<JsString>() {
        // A string is taken to be JSON text already (what `screen eval` reads).
        return bounded(s, what, max_bytes);
    }
    let text = JSON::stringify(value).map_err(|e| {
        // Reflect.get runs in a try/catch too: the thrown value may itself be hostile.
        let why = Reflect::get(&e, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "it threw while being read".into());
        error(Code::F005, &format!("The {what} could not be read as JSON data: {why}"), None)
    })?;
    // JSON.stringify gives undefined (not a string) for undefined, functions and symbols.
    let text: JsValue = text.into();
    match text.dyn_ref::<JsString>() {
        Some(s) => bounded(s, what, max_bytes),
        None => Err(error(Code::F005, &format!("The {what} must be JSON data, not {}", describe(value)), None)),
    }
}

fn bounded(s: &JsString, what: &str, max_bytes: usize) -> Result<String, JsValue> {
    // UTF-8 never takes fewer bytes than UTF-16 code units, so this check
    // refuses an oversized value before it is copied into Wasm memory.
    if s.length() as usize > max_bytes {
        return Err(error(Code::F005, &format!("The {what} is too large: the most allowed is {max_bytes} bytes of JSON"), None));
    }
    let text = String::from(s);
    if text.len() > max_bytes {
        return Err(error(Code::F005, &format!("The {what} is too large: the most allowed is {max_bytes} bytes of JSON"), None));
    }
    Ok(text)
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

/// Every error and warning in a rule file, without throwing (for editors).
#[wasm_bindgen]
pub fn check(source: JsValue) -> Result<JsValue, JsValue> {
    let source = string_arg(&source, "rule file")?;
    to_js(&api::check(&source))
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
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Limits {
        max_source_bytes: usize,
        max_form_bytes: usize,
        max_form_depth: usize,
        max_list_items: usize,
        max_text_bytes: usize,
    }
    to_js(&Limits {
        max_source_bytes: limits::MAX_SOURCE_BYTES,
        max_form_bytes: limits::MAX_FORM_BYTES,
        max_form_depth: limits::MAX_FORM_DEPTH,
        max_list_items: limits::MAX_LIST_ITEMS,
        max_text_bytes: limits::MAX_TEXT_BYTES,
    })
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

    /// Screen one form and return the outcome as JSON text, laid out exactly
    /// as `screen eval --json` prints it.
    #[wasm_bindgen(js_name = evaluateToJson)]
    pub fn evaluate_to_json(&self, form: JsValue, date: JsValue) -> Result<String, JsValue> {
        let outcome = self.outcome(&form, &date)?;
        serde_json::to_string_pretty(&outcome)
            .map_err(|e| error(Code::E_INTERNAL, &format!("The outcome could not be written as JSON: {e}"), None))
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

    /// What the file's own tests exercise (`screen test --coverage`): for
    /// each rule and floor the tests in which it applies and does not, each
    /// band reached, each option ticked. Arguments as for `runTests`.
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
        let text = json_text(form, "form", limits::MAX_FORM_BYTES)?;
        self.inner.evaluate_json(&text, day).map_err(|e| {
            let err = error(e.code, &e.message, None);
            let _ = Reflect::set(&err, &JsValue::from_str("diagnostics"), &to_js(&[&e]).unwrap_or_else(|_| Array::new().into()));
            err
        })
    }
}

/// A date argument, YYYY-MM-DD.
fn date_arg(date: &JsValue) -> Result<Day, JsValue> {
    let text = match date.as_string() {
        Some(s) => s,
        None => {
            return Err(error(Code::E_ARGUMENT, &format!("The evaluation date must be a string YYYY-MM-DD, not {}", describe(date)), None))
        }
    };
    api::parse_date(&text)
        .ok_or_else(|| error(Code::E_ARGUMENT, &format!("The evaluation date {text:?} is not a real date written YYYY-MM-DD"), None))
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
