//! W402: a form field that no rule reads (a list counts as read when any of
//! its items' fields is).

use crate::check::Checker;
use crate::diagnostics::Code;
use crate::program::FieldTy;

pub(super) fn check(c: &mut Checker) {
    for i in 0..c.schema.fields.len() {
        let f = &c.schema.fields[i];
        let read_through = matches!(f.ty, FieldTy::List(r) if c.schema.records[r].fields.iter().any(|x| c.used_fields.contains(x)));
        if !c.used_fields.contains(&i) && !read_through {
            let (span, message) = (f.span, format!("No rule reads the field `{}` ({})", f.name, f.label));
            c.warn(
                Code::W402,
                span,
                message,
                "That is fine for a question the form asks for other reasons; otherwise use it in a rule or delete it.",
            );
        }
    }
}
