//! W403: a rule reads a protected characteristic (Equality Act 2010).
//! Screening must never treat one as a risk factor. Said once per field for
//! each rule or floor (and once for all the definitions), at the first read.

use crate::check::Checker;
use crate::check::Set;
use crate::diagnostics::Code;

/// Words that name protected characteristics, matched against a field's
/// name (split at `_`) and its label (split at anything not a letter or digit).
const PROTECTED_WORDS: &[&str] = &[
    "ethnicity",
    "ethnic",
    "race",
    "racial",
    "religion",
    "religious",
    "faith",
    "belief",
    "beliefs",
    "nationality",
    "orientation",
    "sexuality",
    "gender",
    "transgender",
    "sex",
];

const HELP: &str = "Screening must never treat ethnicity, religion, nationality, sex, sexual orientation or gender identity as a risk factor. Remove this from the condition.";

pub(super) fn check(c: &mut Checker) {
    let mut warned = Set::default();
    let reads = std::mem::take(&mut c.reads);
    // Each field's protected word, worked out once: a file reads a field
    // many times, and an editor keeps them while the form is unchanged (`Memo`).
    let mut protected = std::mem::take(&mut c.protected);
    if protected.len() != c.schema.fields.len() {
        protected = vec![None; c.schema.fields.len()];
    }
    for &(item, f, span) in &reads {
        let field = &c.schema.fields[f];
        let Some(w) = *protected[f].get_or_insert_with(|| {
            // The first protected word (in the list's order) that some word
            // of the name or label is, lower-cased, compared without a copy.
            let words = field.name.split('_').chain(field.label.split(|c: char| !c.is_alphanumeric()));
            let lower_is = |x: &str, w: &str| {
                if x.is_ascii() {
                    x.len() == w.len() && x.eq_ignore_ascii_case(w)
                } else {
                    x.chars().flat_map(char::to_lowercase).eq(w.chars())
                }
            };
            words.filter_map(|x| PROTECTED_WORDS.iter().position(|w| lower_is(x, w))).min().map(|i| PROTECTED_WORDS[i])
        }) else {
            continue;
        };
        if warned.insert((item, f)) {
            let message = format!("This reads `{}` ({}), a protected characteristic ({w})", field.name, field.label);
            c.warn(Code::W403, span, message, HELP);
        }
    }
    c.protected = protected;
}
