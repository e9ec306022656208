//! After a syntax error: cut the file where each top-level item starts and
//! parse every piece on its own, so one slip does not hide the next. Each
//! byte is parsed once more at most (the pieces do not overlap), so a file
//! with thousands of broken lines costs about two parses, not one per error.

use super::vocabulary::{self, Item};
use super::{errors, lower, Grammar, Rule};
use crate::diagnostics::Diagnostic;
use pest::Parser as _;

/// Every syntax error in `source`, given pest's first one for the whole file.
pub fn all_errors(source: &str, first: pest::error::Error<Rule>) -> Vec<Diagnostic> {
    let first = errors::syntax_error(source, first, true, "");
    let mut all = Vec::new();
    let starts = item_starts(source);
    for (i, w) in starts.windows(2).enumerate() {
        let chunk = &source[w[0]..w[1]];
        if i > 0 && chunk.trim().is_empty() {
            continue;
        }
        let entry = if i == 0 { Rule::header_only } else { Rule::item_only };
        let found = match Grammar::parse(entry, chunk) {
            Err(e) => vec![errors::syntax_error(chunk, e, i == 0, &source[w[1]..])],
            // The piece parses: lower it anyway for the mistakes the lowering spots (`=` for `is`...).
            Ok(mut pairs) => pairs.next().map(lower::piece_diagnostics).unwrap_or_default(),
        };
        all.extend(found.into_iter().map(|d| d.shifted(w[0])));
    }
    if !all.iter().any(|d| d.span().range() == first.span().range()) {
        all.insert(0, first);
    }
    all
}

/// Byte offsets where a top-level item starts (0 first, the end last). A
/// line starts an item when its first word does, by the vocabulary.
fn item_starts(source: &str) -> Vec<usize> {
    let mut starts = vec![0usize];
    let mut offset = 0usize;
    for line in source.split_inclusive('\n') {
        let t = line.trim_start();
        let word = t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or("");
        let after = t[word.len()..].trim_start();
        let top = match vocabulary::starts_item(word) {
            // `rule set` is the header, not a rule.
            Some(Item::Rule) => !after.starts_with("set"),
            // A test's `form {` or `form "file"` is not the form block.
            Some(Item::Form) => !(after.starts_with('{') || after.starts_with('"')),
            Some(_) => true,
            None => false,
        };
        if top && offset > 0 {
            starts.push(offset);
        }
        offset += line.len();
    }
    starts.push(source.len());
    starts
}
