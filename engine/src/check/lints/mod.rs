//! Warnings about a rule file that compiles. Each lint is one module with one
//! function that reads what the checker gathered (the schema, the
//! definitions, the fields each rule read) and reports through it. A new lint
//! is one new file and one line in `ALL`.

use super::Checker;

mod protected;
mod title_numbers;
mod unread_options;
mod unused_definitions;
mod unused_fields;

pub(super) use title_numbers::Tested;

/// Every lint, in the order they run (the diagnostics are sorted by place afterwards).
pub(super) const ALL: &[fn(&mut Checker)] =
    &[unused_definitions::check, unused_fields::check, unread_options::check, protected::check, title_numbers::check];
