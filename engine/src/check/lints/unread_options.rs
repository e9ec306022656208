//! W405: an option of a field the rules read that no rule or definition
//! reads. A harm recorded on the form and never screened is easy to miss:
//! a form giving that answer gets the same result as one that leaves it out.
//! `is not` and `is not one of` read every option of a `one of` field; an
//! option marked `not screened "reason"` is left out on purpose.

use crate::check::Checker;
use crate::diagnostics::Code;
use crate::program::FieldTy;

const HELP: &str =
    "A form answer that no rule reads never changes the result. Read it in a rule, or say why not after its label: `not screened \"reason\"`.";

pub(super) fn check(c: &mut Checker) {
    let mut found = Vec::new();
    for (i, f) in c.schema.fields.iter().enumerate() {
        let (FieldTy::OneOf(opts) | FieldTy::SeveralOf(opts)) = &f.ty else { continue };
        // An unread field has W402 (or its reason) already.
        if !c.used_fields.contains(&i) || c.unscreened_fields.contains(&i) {
            continue;
        }
        for (k, o) in opts.iter().enumerate() {
            if c.used_options.contains(&(i, k)) || c.unscreened_options.contains(&(i, k)) {
                continue;
            }
            let span = c.option_spans.get(&(i, k)).copied().unwrap_or(f.span);
            found.push((span, format!("No rule or definition reads the option `{}` ({}) of `{}`", o.id, o.label, f.name)));
        }
    }
    for (span, message) in found {
        c.warn(Code::W405, span, message, HELP);
    }
}
