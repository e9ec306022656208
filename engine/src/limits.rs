//! Hard limits, so hostile or broken input gets a clear error instead of a
//! crash or a hang (a panic or stack overflow kills a Wasm instance).

use crate::diagnostics::Diagnostic;
use crate::span::Span;
use crate::syntax::vocabulary::{self, Nesting, Role};

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

/// Checked before parsing: the parser and checker recurse once per nesting
/// level, so nesting is bounded here, where it is cheap to count.
pub fn check_source(source: &str) -> Option<Diagnostic> {
    if source.len() > MAX_SOURCE_BYTES {
        return Some(
            Diagnostic::error(
                "E006",
                Span::new(0, 0),
                format!("This rule file is {} bytes; the most allowed is {MAX_SOURCE_BYTES}", source.len()),
            )
            .with_help("Split the rules into smaller files."),
        );
    }
    let mut depth = 0usize; // brackets open now
    let mut words = 0usize; // `not` and `where` since the statement began
    let mut lists = 0usize; // `list` blocks open now
    let mut in_string = false;
    let mut in_comment = false;
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if in_comment {
            if c == b'\n' {
                in_comment = false;
            }
            i += 1;
            continue;
        }
        if in_string {
            match c {
                b'\\' => i += 1,
                b'"' | b'\n' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match c {
            b'"' => in_string = true,
            b'#' => in_comment = true,
            b'(' | b'{' | b'[' => depth += 1,
            b')' | b'}' | b']' => depth = depth.saturating_sub(1),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                if let Some(k) = vocabulary::keyword(&source[start..i]) {
                    match k.nesting {
                        Nesting::Deeper => words += 1,
                        Nesting::Resets => words = 0,
                        Nesting::None => {}
                    }
                    if k.roles.contains(&Role::OpensNested) {
                        lists += 1;
                    } else if k.roles.contains(&Role::End) {
                        lists = lists.saturating_sub(1);
                    }
                }
                if depth + words + lists > MAX_NESTING {
                    return Some(too_deep(start, i));
                }
                continue;
            }
            _ => {}
        }
        if depth + words > MAX_NESTING {
            return Some(too_deep(i, i + 1));
        }
        i += 1;
    }
    None
}

fn too_deep(start: usize, end: usize) -> Diagnostic {
    Diagnostic::error("E006", Span::new(start, end), format!("This condition is nested more than {MAX_NESTING} levels deep"))
        .with_help("Give parts of the condition their own names with `define`, and use those names here.")
}
