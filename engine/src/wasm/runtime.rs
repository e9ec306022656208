//! The runtime's exports (cargo feature `runtime`): what a council form needs
//! to screen with a rule set compiled to its own Wasm module.
//!
//! Nothing here reaches the parser, the checker, the formatter, the test
//! runner or the review code, so in the runtime build (`--no-default-features
//! --features runtime`) the linker leaves them out.

use crate::dates::Day;

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
