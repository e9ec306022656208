//! The pre-scan of rule text before pest sees it: a file nested too deeply
//! would overflow the stack of the recursive stages (a panic or stack
//! overflow kills a Wasm instance), so it gets a clear error instead. It
//! reads the language's words from the vocabulary, like the parser.

use super::vocabulary::{self, Nesting, Role};
use crate::diagnostics::{Code, Diagnostic};
use crate::limits::{MAX_NESTING, MAX_SOURCE_BYTES};
use crate::span::Span;

/// Checked before parsing: the parser and checker recurse once per nesting
/// level, so nesting is bounded here, where it is cheap to count.
pub fn check_source(source: &str) -> Option<Diagnostic> {
    if let Some(d) = too_big(source) {
        return Some(d);
    }
    scan(source, State::default()).err()
}

/// E006 for a file over the size limit.
pub fn too_big(source: &str) -> Option<Diagnostic> {
    (source.len() > MAX_SOURCE_BYTES).then(|| {
        Diagnostic::error(
            Code::E006,
            Span::new(0, 0),
            format!("This rule file is {} bytes; the most allowed is {MAX_SOURCE_BYTES}", source.len()),
        )
        .with_help("Split the rules into smaller files.")
    })
}

/// What the scan carries from one line to the next: the parse cache scans a
/// file piece by piece (pieces start at line starts) and keeps each piece's
/// result for the state it started in, so a keystroke rescans one piece.
/// A comment always ends with its line; a string usually does, but `\` at a
/// line's end escapes the line break.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct State {
    depth: usize, // brackets open now
    words: usize, // `not` and `where` since the statement began
    lists: usize, // `list` blocks open now
    in_string: bool,
}

/// Scan `text` (a whole file, or a piece of one that starts at a line start,
/// with the state the text before it left), giving the state at its end, or
/// the first place nested too deeply (relative to `text`).
pub fn scan(text: &str, state: State) -> Result<State, Diagnostic> {
    let State { mut depth, mut words, mut lists, mut in_string } = state;
    let mut in_comment = false;
    let bytes = text.as_bytes();
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
                if let Some(k) = vocabulary::keyword(&text[start..i]) {
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
                    return Err(too_deep(start, i));
                }
                continue;
            }
            _ => {}
        }
        if depth + words > MAX_NESTING {
            return Err(too_deep(i, i + 1));
        }
        i += 1;
    }
    Ok(State { depth, words, lists, in_string })
}

fn too_deep(start: usize, end: usize) -> Diagnostic {
    Diagnostic::error(Code::E006, Span::new(start, end), format!("This condition is nested more than {MAX_NESTING} levels deep"))
        .with_help("Give parts of the condition their own names with `define`, and use those names here.")
}
