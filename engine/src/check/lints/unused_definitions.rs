//! W401: a definition that no rule, floor or other definition uses.

use crate::check::Checker;
use crate::diagnostics::Code;

pub(super) fn check(c: &mut Checker) {
    for i in 0..c.def_asts.len() {
        if !c.used_defs.contains(&i) {
            let name = &c.def_asts[i].name;
            let (span, message) = (name.span, format!("No rule uses the definition `{}`", name.name));
            c.warn(Code::W401, span, message, "Use it in a rule, or delete it.");
        }
    }
}
