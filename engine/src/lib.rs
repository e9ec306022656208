//! Contextual risk screening for child-safeguarding referrals.
//!
//! The pipeline runs one way: rule text -> [`syntax`] (pest grammar, tree with
//! spans) -> [`check`] (names and types against the form schema the file
//! declares, lowered to a [`program::Program`]) -> [`eval`] (a form, three-valued;
//! `eval::decide` makes the decision as data, `eval::explain` puts it into words)
//! -> [`outcome::Outcome`] with its reasons. [`api`] is the one surface that the
//! `screen` command and the Wasm build both call.

// pest is built without its `std` feature (see Cargo.toml), so the parser it
// generates names `alloc` directly.
extern crate alloc;

pub mod api;
pub mod binding;
pub mod check;
pub mod compiled;
pub mod dates;
pub mod decimal;
pub mod diagnostics;
pub mod eval;
pub mod form;
pub mod format;
pub mod json;
pub mod limits;
pub mod order;
pub mod outcome;
pub mod present;
pub mod program;
#[cfg(feature = "cli")]
pub mod report;
pub mod review;
pub mod span;
pub mod syntax;
pub mod testing;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod typescript;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
