//! What the authoring and tools builds share: reading a rule file's text and
//! the test files it names from JavaScript, and the error for a rule file
//! that does not compile. Both builds work from rule text (the tools build
//! cannot share Rust objects with the authoring one: they are separate Wasm
//! instances).

use super::{describe, error, json_text};
use crate::diagnostics::{Code, Diagnostic};
use crate::limits;
use wasm_bindgen::prelude::*;

/// The error for a rule file that does not compile: the message names the
/// first error; `diagnostics` carries all of them.
pub(super) fn diagnostics_error(code: Code, what: &str, diags: &[Diagnostic]) -> JsValue {
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
pub(super) fn string_arg(value: &JsValue, what: &str) -> Result<String, JsValue> {
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

/// `{ "cases/a.json": "{...}" }` as a list of (path, text). The object is
/// read through `JSON.stringify` (inside a try/catch), never property by
/// property, so a getter or proxy that throws cannot unwind through Rust.
pub(super) fn read_files(files: &JsValue) -> Result<Vec<(String, String)>, JsValue> {
    if files.is_undefined() || files.is_null() {
        return Ok(Vec::new());
    }
    let text = json_text(files, "test files", limits::MAX_SOURCE_BYTES)?;
    let bad = || error(Code::E_ARGUMENT, "The test files must be an object mapping each path to that file's text", None);
    // An object's entries come sorted by path, one per path (as a map read them).
    let Ok(crate::json::Json::Obj(entries)) = crate::json::parse(&text) else { return Err(bad()) };
    entries
        .into_iter()
        .map(|(path, text)| match text {
            crate::json::Json::Str(t) => Ok((path, t)),
            _ => Err(bad()),
        })
        .collect()
}

/// The text of the test file at `path` (relative to the rule file, with or
/// without a leading `./`), from what `read_files` read.
pub(super) fn find_file(files: &[(String, String)], path: &str) -> Option<String> {
    files.iter().find(|(p, _)| p == path || p.trim_start_matches("./") == path.trim_start_matches("./")).map(|(_, t)| t.clone())
}
