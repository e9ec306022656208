//! The runtime's exports (cargo feature `runtime`): what a council form needs
//! to screen with a rule set compiled to its own Wasm module.
//!
//! Nothing here reaches the parser, the checker, the formatter, the test
//! runner or the review code, so in the runtime build (`--no-default-features
//! --features runtime`) the linker leaves them out.

use super::{date_arg, diagnostic_error, error, form_value, to_js};
use crate::compiled::{Loaded, Placed};
use crate::dates::Day;
use crate::diagnostics::Code;
use crate::form::FormData;
use wasm_bindgen::prelude::*;

/// `Day::add_months` for the compiled rule module, which imports it as
/// `screening.add_months`: the JavaScript glue passes this export straight
/// through as that import, so month arithmetic in a compiled rule set is the
/// interpreter's own. Total on every input (an impossible day number is
/// taken as the earliest date), so a bad module cannot make it panic.
#[no_mangle]
pub extern "C" fn screening_add_months(day: i32, months: i64) -> i32 {
    Day(day).add_months(months).0
}

/// `Day::months_until` for the compiled rule module (`screening.months_until`).
#[no_mangle]
pub extern "C" fn screening_months_until(from: i32, to: i32) -> i64 {
    Day(from).months_until(Day(to))
}

/// A rule set compiled to its own Wasm module, as the runtime holds it: the
/// metadata and string tables read from the module's custom sections. The
/// module's code runs in JavaScript's own `WebAssembly.Instance` between
/// `prepare` and `finish` (see `web-demo/package/compiled.js`): a Wasm module
/// cannot instantiate another one itself.
#[wasm_bindgen]
pub struct CompiledRuleSet {
    loaded: Loaded,
    /// The form read by the last `prepare`, kept for `finish`: the outcome
    /// names answers, and only the form as read has them. With it, where
    /// `prepare` put each record and text, so `finish` does not lay the form
    /// out again.
    pending: Option<(FormData, Day, Placed)>,
}

#[wasm_bindgen]
impl CompiledRuleSet {
    /// Read a compiled rule set's `.wasm` bytes. Throws (code and message
    /// from the engine) when they are not a compiled rule set, or one written
    /// for another version of the format.
    #[wasm_bindgen(constructor)]
    pub fn new(module: &[u8]) -> Result<CompiledRuleSet, JsValue> {
        let loaded = Loaded::from_module(module).map_err(|d| diagnostic_error(&d))?;
        Ok(CompiledRuleSet { loaded, pending: None })
    }

    /// The header: name, version, owner, effective, review.
    pub fn info(&self) -> Result<JsValue, JsValue> {
        to_js(&self.loaded.declarations().info)
    }

    /// The form the rule set reads, the same shape as the authoring
    /// `RuleSet.schema()` gives (one function writes both).
    pub fn schema(&self) -> Result<JsValue, JsValue> {
        to_js(&crate::api::schema(self.loaded.declarations()))
    }

    /// Read a form's controls through a binding and check it both ways: the
    /// same reader, the same result as the authoring `RuleSet.bind()`.
    pub fn bind(&self, controls: JsValue, binding: JsValue, date: JsValue) -> Result<JsValue, JsValue> {
        let (controls, binding, day) = super::bind_args(&controls, &binding, &date)?;
        to_js(&crate::api::bind(self.loaded.declarations(), &binding, &controls, day))
    }

    /// The first half of screening one form: read the form (a plain object
    /// or JSON text, with the same limits and the same errors as the
    /// authoring engine) and the date (YYYY-MM-DD), and lay them out as the
    /// module's input bytes. The form is kept for `finish`.
    pub fn prepare(&mut self, form: JsValue, date: JsValue) -> Result<Vec<u8>, JsValue> {
        self.pending = None;
        let day = date_arg(&date)?;
        let value = form_value(&form)?;
        let data = crate::form::read(&self.loaded.declarations().schema, &value);
        let (input, placed) = self.loaded.prepare_placed(&data, day);
        self.pending = Some((data, day, placed));
        Ok(input)
    }

    /// The second half: the module's output (its 4-byte length, then the
    /// bytes it gives) read back into the interpreter's evaluation, decided and explained by
    /// the same code as the authoring engine. Throws when the output is
    /// malformed, or when no `prepare` came first: never an empty outcome.
    pub fn finish(&mut self, output: &[u8]) -> Result<JsValue, JsValue> {
        let Some((data, day, placed)) = self.pending.take() else {
            return Err(error(Code::E_ARGUMENT, "finish() was called without prepare(): there is no form to finish screening", None));
        };
        let evaluation = self.loaded.finish_placed(&data, day, &placed, output).map_err(|d| diagnostic_error(&d))?;
        to_js(&evaluation.outcome())
    }

    /// Like `finish`, but the outcome put into the sentences one audience
    /// reads (the presentation model, see `present`): `options` `{ audience, labels }`.
    #[wasm_bindgen(js_name = finishPresent)]
    pub fn finish_present(&mut self, output: &[u8], options: JsValue) -> Result<JsValue, JsValue> {
        let options = super::present_options(&options);
        let Some((data, day, placed)) = self.pending.take() else {
            return Err(error(
                Code::E_ARGUMENT,
                "finishPresent() was called without prepare(): there is no form to finish screening",
                None,
            ));
        };
        let options = options?;
        let evaluation = self.loaded.finish_placed(&data, day, &placed, output).map_err(|d| diagnostic_error(&d))?;
        to_js(&crate::present::present(self.loaded.declarations(), &evaluation.outcome(), &options))
    }

    /// Only the decision, with no words, from the module's output alone:
    /// the level, the rules and floors that apply, those undecided, and the
    /// actions, as indices (`api::DecisionIds::indices`) into the ids
    /// `decisionNames` gives once. The form is not needed, so no `prepare`
    /// need come first: the package's own writer may have laid the form out
    /// (see `formTable`). For a form that needs the answer and not its
    /// reasons. Throws when the output is malformed: never an empty decision.
    pub fn decision(&mut self, output: &[u8]) -> Result<Vec<u32>, JsValue> {
        // A form kept by an earlier `prepare` is not needed for the decision.
        self.pending = None;
        // Only the results: the reasons and questions (none from the
        // module's `decide`) are stepped over, and only what is reported is
        // worked out.
        let v = self.loaded.verdict(output).map_err(|d| diagnostic_error(&d))?;
        Ok(crate::api::DecisionIds::indices(self.loaded.declarations(), &v))
    }

    /// The ids `decision`'s indices count into: `{ levels, rules, floors, bands, actions }`.
    #[wasm_bindgen(js_name = decisionNames)]
    pub fn decision_names(&self) -> Result<JsValue, JsValue> {
        to_js(&crate::api::DecisionNames::of(self.loaded.declarations()))
    }

    /// What the package's form writer (`compiled-form.js`) needs to lay a
    /// plain form out exactly as `prepare` does: the module's input address,
    /// each record's fields in order with their types and options, the
    /// limits and the layout's offsets (`compiled::FormTable`). `null` when
    /// the schema is one it cannot describe: then every form goes through `prepare`.
    #[wasm_bindgen(js_name = formTable)]
    pub fn form_table(&self) -> Result<JsValue, JsValue> {
        match self.loaded.form_table() {
            Some(table) => to_js(&table),
            None => Ok(JsValue::NULL),
        }
    }
}
