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
    all_errors_with(source, first, &|_, _| None)
}

/// [`all_errors`], with `known` giving the lowering's diagnostics of a piece
/// that parses on its own (the parse cache has them), so only the others are parsed.
pub fn all_errors_with(
    source: &str,
    first: pest::error::Error<Rule>,
    known: &dyn Fn(&str, bool) -> Option<Vec<Diagnostic>>,
) -> Vec<Diagnostic> {
    let first = errors::syntax_error(source, first, true, "");
    let mut all = Vec::new();
    // Where the next block starts after a block with no `end`: the whole
    // file's error there ("Expected `end`, but found `rule`") says less.
    let mut unclosed_before = Vec::new();
    let starts = item_starts(source);
    let line_of = |at: usize| source[..at].matches('\n').count() + 1;
    for (i, w) in starts.windows(2).enumerate() {
        let chunk = &source[w[0]..w[1]];
        if i > 0 && chunk.trim().is_empty() {
            continue;
        }
        if let Some(found) = known(chunk, i == 0) {
            all.extend(found.into_iter().map(|d| d.shifted(w[0])));
            continue;
        }
        let entry = if i == 0 { Rule::header_only } else { Rule::item_only };
        let found = match Grammar::parse(entry, chunk) {
            Err(e) if i > 0 && ends_unclosed(chunk, &e) => {
                let next = &source[w[1]..];
                unclosed_before.push(w[1] + (next.len() - next.trim_start().len()));
                let next_line = (w[1] < source.len()).then(|| line_of(w[1]));
                vec![errors::missing_end(chunk, line_of(w[0]), next_line)]
            }
            Err(e) => vec![errors::syntax_error(chunk, e, i == 0, &source[w[1]..])],
            // The piece parses: lower it anyway for the mistakes the lowering spots (`=` for `is`...).
            Ok(mut pairs) => pairs.next().map(lower::piece_diagnostics).unwrap_or_default(),
        };
        all.extend(found.into_iter().map(|d| d.shifted(w[0])));
    }
    let told = |d: &Diagnostic| d.span().range() == first.span().range() || unclosed_before.contains(&d.span().range().0);
    if !all.iter().any(told) && !told(&first) {
        all.insert(0, first);
    }
    all
}

/// The piece parses up to its last word and then wants `end`: the block is
/// not closed (and the next line starts another).
fn ends_unclosed(chunk: &str, e: &pest::error::Error<Rule>) -> bool {
    let pos = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let wants_end = matches!(&e.variant, pest::error::ErrorVariant::ParsingError { positives, .. } if positives.contains(&Rule::kw_end));
    wants_end && chunk.get(pos..).is_some_and(|rest| rest.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')))
}

/// Byte offsets where a top-level item starts (0 first, the end last). A
/// line starts an item when its first word does, by the vocabulary.
pub(super) fn item_starts(source: &str) -> Vec<usize> {
    let mut starts = vec![0usize];
    let mut offset = 0usize;
    for line in source.split_inclusive('\n') {
        let t = line.trim_start();
        // The first word, by bytes: an editor cuts its whole text on every
        // keystroke, and a byte that is not ASCII ends a word as its char does.
        let word = &t[..t.bytes().position(|b| !(b.is_ascii_alphanumeric() || b == b'_')).unwrap_or(t.len())];
        if word.is_empty() {
            offset += line.len();
            continue;
        }
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
