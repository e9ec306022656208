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

/// The limits on input that callers may explain to people, as `limits()`
/// hands them to JavaScript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    pub max_source_bytes: usize,
    pub max_form_bytes: usize,
    pub max_form_depth: usize,
    pub max_list_items: usize,
    pub max_text_bytes: usize,
}

/// The limits in force.
pub const LIMITS: Limits = Limits {
    max_source_bytes: MAX_SOURCE_BYTES,
    max_form_bytes: MAX_FORM_BYTES,
    max_form_depth: MAX_FORM_DEPTH,
    max_list_items: MAX_LIST_ITEMS,
    max_text_bytes: MAX_TEXT_BYTES,
};
