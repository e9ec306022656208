//! The browser surface: thin layers over the engine, in two Wasm builds of
//! the same crate.
//!
//! - `authoring` (cargo feature `authoring`): the rule editor's engine, what
//!   it needs on every keystroke: compile, check, outline, evaluate,
//!   present, the file's tests.
//! - `tools` (cargo feature `tools`): what the editor uses on a click, loaded
//!   on first use: coverage, the impact diff, the sign-off document, the
//!   formatter and `compileToWasm`, each from the rule file's text.
//! - `runtime` (cargo feature `runtime`, built with `--no-default-features`):
//!   what a council form needs to screen with a rule set compiled to its own
//!   Wasm module. It calls no parser, checker or formatter, so the linker
//!   leaves them out.
//!
//! This file holds what both share. Everything that arrives from JavaScript
//! is checked here before the engine sees it: a value of the wrong kind, a
//! cycle, a proxy that throws, a BigInt or an array nested a million deep
//! gives a clean `Error`, never a panic (a panic would abort the Wasm
//! instance and every rule set loaded in it).
//!
//! Values go back to JavaScript as plain objects and arrays, through JSON
//! text (`to_js`), so `JSON.stringify(outcome, null, 2)` is the same text as
//! `screen eval --json`.

// With neither the authoring nor the runtime feature nothing calls the helpers
// that read forms and dates (a bare `--no-default-features` build exports
// nothing and is never shipped; the tools build reads rule text and dates only).
#![cfg_attr(not(any(feature = "authoring", feature = "runtime")), allow(dead_code))]

use crate::dates::Day;
use crate::diagnostics::{Code, Diagnostic};
use js_sys::{Array, Error, JsString, Reflect, JSON};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[cfg(feature = "authoring")]
mod authoring;
#[cfg(feature = "authoring")]
pub use authoring::*;

#[cfg(any(feature = "authoring", feature = "tools"))]
mod text;

#[cfg(feature = "tools")]
mod tools;
#[cfg(feature = "tools")]
pub use tools::*;

#[cfg(feature = "runtime")]
mod runtime;
#[cfg(feature = "runtime")]
pub use runtime::*;

/// Runs when the module loads. A panic is a bug in the engine, but it must
/// not surface as a bare `RuntimeError: unreachable`: the hook throws a
/// JavaScript `Error` (code `E_INTERNAL`) saying what went wrong instead.
/// Other rule sets keep working afterwards.
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

/// Turn any serializable value into plain JavaScript data: written as JSON
/// text in Wasm (by `json::to_string`, serde_json's text without serde_json)
/// and built by `JSON.parse`, in one crossing. Both builds do
/// it this way, so they cannot differ in how they hand a value over.
/// serde-wasm-bindgen (what the authoring build used) crosses into
/// JavaScript once for every object, key and string; leaving it out made the
/// authoring `.wasm` 8 KB smaller gzipped, at no measurable cost in speed
/// (engine/benches/README.md, "The whole outcome").
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    to_js_in(value, &mut String::new())
}

/// `to_js` with the JSON text written in `text`, which a caller that hands
/// over a value on every call (`finishDecision`) keeps, so that no string is
/// allocated once it is large enough.
pub(crate) fn to_js_in<T: Serialize + ?Sized>(value: &T, text: &mut String) -> Result<JsValue, JsValue> {
    crate::json::to_string_into(value, text)
        .map_err(|e| error(Code::E_INTERNAL, &format!("The result could not be handed to JavaScript: {e}"), None))?;
    JSON::parse(text).map_err(|_| error(Code::E_INTERNAL, "The result could not be handed to JavaScript: JSON.parse refused it", None))
}

/// A JavaScript `Error` with a `code`, and `diagnostics` when there are some.
pub(crate) fn error(code: Code, message: &str, diagnostics: Option<&[Diagnostic]>) -> JsValue {
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

/// One diagnostic as an `Error`: its code and message, and itself as the
/// only entry of `diagnostics` (a form refused outright, a module refused).
pub(crate) fn diagnostic_error(d: &Diagnostic) -> JsValue {
    error(d.code, &d.message, Some(std::slice::from_ref(d)))
}

/// A few words for the kind of a JavaScript value, for error messages.
pub(crate) fn describe(value: &JsValue) -> String {
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
pub(crate) fn json_text(value: &JsValue, what: &str, max_bytes: usize) -> Result<String, JsValue> {
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

/// A form from JavaScript (a plain object, or JSON text) as JSON data, with
/// the engine's limits on size and depth. Both builds read forms this way,
/// so the interpreter and a compiled rule set refuse the same forms with the
/// same words.
pub(crate) fn form_value(form: &JsValue) -> Result<crate::json::Json, JsValue> {
    let text = json_text(form, "form", crate::limits::MAX_FORM_BYTES)?;
    crate::form::parse_json(&text).map_err(|d| diagnostic_error(&d))
}

/// A date argument, YYYY-MM-DD.
pub(crate) fn date_arg(date: &JsValue) -> Result<Day, JsValue> {
    let text = match date.as_string() {
        Some(s) => s,
        None => {
            return Err(error(Code::E_ARGUMENT, &format!("The evaluation date must be a string YYYY-MM-DD, not {}", describe(date)), None))
        }
    };
    crate::dates::parse_date(&text)
        .ok_or_else(|| error(Code::E_ARGUMENT, &format!("The evaluation date {text:?} is not a real date written YYYY-MM-DD"), None))
}

/// `present()`'s options: `{ audience?: "referrer" | "screener" | "print",
/// labels?: { [fieldPath]: string } }` (the date is its own argument). Read
/// through `JSON.stringify`, bounded like a form; a wrong audience is refused in words.
pub(crate) fn present_options(options: &JsValue) -> Result<crate::present::Options, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(crate::present::Options::default());
    }
    let text = json_text(options, "options", crate::limits::MAX_FORM_BYTES)?;
    read_present_options(&text).map_err(|why| {
        error(
            Code::E_ARGUMENT,
            &format!("The options of present() could not be read: {why}. Give {{ audience: \"referrer\", \"screener\" or \"print\", labels: {{ \"children.has_partner\": \"the label\" }} }}"),
            None,
        )
    })
}

/// `present()`'s options from JSON text, read with the crate's own reader
/// (as serde's derived reader took them: other names are ignored, `null` is
/// no value).
fn read_present_options(text: &str) -> Result<crate::present::Options, String> {
    use crate::json::Json;
    use crate::present::{Audience, Options};
    let value = crate::json::parse(text)?;
    if !value.is_object() {
        return Err("they must be an object".into());
    }
    let audience = match value.get("audience") {
        None | Some(Json::Null) => None,
        Some(Json::Str(a)) if a == "referrer" => Some(Audience::Referrer),
        Some(Json::Str(a)) if a == "screener" => Some(Audience::Screener),
        Some(Json::Str(a)) if a == "print" => Some(Audience::Print),
        Some(other) => return Err(format!("the audience {other} is not one of them")),
    };
    let mut labels = std::collections::HashMap::new();
    match value.get("labels") {
        None | Some(Json::Null) => {}
        Some(Json::Obj(entries)) => {
            for (path, label) in entries {
                let Json::Str(label) = label else { return Err(format!("the label of {path} must be text")) };
                labels.insert(path.clone(), label.clone());
            }
        }
        Some(_) => return Err("labels must be an object".into()),
    }
    Ok(Options { audience, labels })
}

/// `bind()`'s arguments in both builds: the form's controls as the page
/// collected them, the binding (attach's options as data), and the date
/// screened on. Read through `JSON.stringify`, bounded like a form; a wrong
/// shape is refused in words.
pub(crate) fn bind_args(
    controls: &JsValue,
    binding: &JsValue,
    date: &JsValue,
) -> Result<(crate::binding::Controls, crate::binding::Binding, Day), JsValue> {
    let day = date_arg(date)?;
    let controls =
        crate::api::read_controls(&json_text(controls, "controls", crate::limits::MAX_FORM_BYTES)?).map_err(|d| diagnostic_error(&d))?;
    let binding =
        crate::api::read_binding(&json_text(binding, "binding", crate::limits::MAX_FORM_BYTES)?).map_err(|d| diagnostic_error(&d))?;
    Ok((controls, binding, day))
}
