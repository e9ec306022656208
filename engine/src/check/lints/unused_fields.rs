//! W402: a form field that no rule reads (a list counts as read when any of
//! its items' fields is). A field marked `not screened "reason"` is left
//! unread on purpose.

use crate::check::Checker;
use crate::diagnostics::Code;
use crate::program::FieldTy;

pub(super) fn check(c: &mut Checker) {
    for i in 0..c.schema.fields.len() {
        let f = &c.schema.fields[i];
        let read_through = matches!(f.ty, FieldTy::List(r) if c.schema.records[r].fields.iter().any(|x| c.used_fields.contains(x)));
        if !c.used_fields.contains(&i) && !read_through && !c.unscreened_fields.contains(&i) {
            let (span, message) = (f.span, format!("No rule reads the field `{}` ({})", f.name, f.label));
            c.warn(
                Code::W402,
                span,
                message,
                "If the form asks this for another reason, say so after its type: `not screened \"reason\"`. Otherwise use it in a rule or delete it.",
            );
        }
    }
}
