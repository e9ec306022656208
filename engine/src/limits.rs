//! Hard limits, so hostile or broken input gets a clear error instead of a
//! crash or a hang (a panic or stack overflow kills a Wasm instance).

/// Largest rule file accepted, in bytes (the shipped sets are under 100 KB).
pub const MAX_SOURCE_BYTES: usize = 4 * 1024 * 1024;
/// Deepest nesting of brackets, and of `not` / `where`, within one statement.
pub const MAX_NESTING: usize = 48;
/// Bound on the parser's work, so no input can make it run for minutes.
pub const PARSER_CALLS: usize = 200_000_000;
/// Lists inside lists (children > missing episodes is 2).
pub const MAX_LIST_NESTING: usize = 4;
/// Most fields a form may declare.
pub const MAX_FIELDS: usize = 10_000;
/// Largest list in a form (children, incidents, ...).
pub const MAX_LIST_ITEMS: usize = 1_000;
/// Deepest JSON accepted in a form.
pub const MAX_FORM_DEPTH: usize = 32;
/// Largest form accepted, in bytes of JSON.
pub const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;
/// Longest text answer read, in bytes.
pub const MAX_TEXT_BYTES: usize = 100_000;
