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
    scan_lines(source, 0, source.len(), &mut starts);
    starts.push(source.len());
    starts
}

/// [`item_starts`] of `source`, given the starts of `old` (the editor's
/// last text): whether a line starts an item depends on that line alone, so
/// the lines before the first byte that differs, and after the last, are
/// those of `old` (moved by the change in length); only the lines between
/// are read.
pub(super) fn item_starts_since(old: &[u8], old_starts: &[usize], source: &str, same: Same) -> Vec<usize> {
    let (a, b) = (old, source.as_bytes());
    let Same { mut prefix, suffix } = same;
    // The changed lines: from the start of the line the change begins in,
    // to the first line start whose line break is in the unchanged end.
    while !source.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let from = source[..prefix].rfind('\n').map_or(0, |i| i + 1);
    let mut changed_end = source.len() - suffix;
    while !source.is_char_boundary(changed_end) {
        changed_end += 1;
    }
    let to = source[changed_end..].find('\n').map(|i| changed_end + i + 1);
    let mut starts = Vec::with_capacity(old_starts.len() + 1);
    starts.extend(old_starts.iter().copied().take_while(|&s| s < from));
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    match to {
        Some(to) => {
            scan_lines(source, from, to, &mut starts);
            // Offsets in `old` past the change, as offsets in `source`.
            let old_to = to + a.len() - b.len();
            starts.extend(old_starts.iter().copied().filter(|&s| s >= old_to && s < a.len()).map(|s| s + b.len() - a.len()));
        }
        None => scan_lines(source, from, source.len(), &mut starts),
    }
    starts.push(source.len());
    starts
}

/// The item starts among the lines of `source[from..to]` (`from` a line start, `to` a line start or the end).
fn scan_lines(source: &str, from: usize, to: usize, starts: &mut Vec<usize>) {
    let mut offset = from;
    for line in source[from..to].split_inclusive('\n') {
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
}

/// How many bytes two texts start and end with alike (the end not
/// overlapping the start in either).
#[derive(Clone, Copy)]
pub(super) struct Same {
    pub prefix: usize,
    pub suffix: usize,
}

pub(super) fn same_ends(old: &[u8], source: &str) -> Same {
    let (a, b) = (old, source.as_bytes());
    let prefix = common_prefix(a, b);
    Same { prefix, suffix: common_prefix_rev(a, b, a.len().min(b.len()) - prefix) }
}

/// How many bytes two texts start with alike, compared a block at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// How many bytes two texts end with alike, at most `most`.
fn common_prefix_rev(a: &[u8], b: &[u8], most: usize) -> usize {
    const BLOCK: usize = 256;
    let (la, lb) = (a.len(), b.len());
    let mut i = 0;
    while i + BLOCK <= most && a[la - i - BLOCK..la - i] == b[lb - i - BLOCK..lb - i] {
        i += BLOCK;
    }
    while i < most && a[la - i - 1] == b[lb - i - 1] {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The starts found from the last text's are the starts found afresh,
    /// for one-character edits anywhere, lines joined and split, and texts
    /// grown and cut (a wrong start would not show in a parse: the parse
    /// cache falls back to parsing the whole file).
    #[test]
    fn item_starts_since_are_item_starts() {
        let text = include_str!("../../../rules/language.rules");
        let mut random = super::super::random::Lcg::new(11);
        let mut old = text.to_string();
        for _ in 0..400 {
            let seed = random.next();
            let (at, next) = super::super::random::char_at(&old, (seed >> 33) as usize % (old.len() + 1));
            let new = match (seed >> 20) % 9 {
                0 => format!("{}\n{}", &old[..at], &old[at..]),
                1 => format!("{}{}", &old[..at], &old[next..]),
                2 => format!("{}rule X \"x\"\n{}", &old[..at], &old[at..]),
                3 => {
                    let mut cut = at.saturating_sub(300);
                    while !old.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    format!("{}{}", &old[..cut], &old[at..])
                }
                4 => text.to_string(),
                5 => format!("{}  test \"t\"\nform {{}}\n{}", &old[..at], &old[at..]),
                6 => format!("{}é{}", &old[..at], &old[next..]),
                // One accented letter for another: the two differ inside a character.
                7 if old[at..].starts_with('é') => format!("{}è{}", &old[..at], &old[next..]),
                7 => old[at..].to_string(),
                _ => format!("{}x{}", &old[..at], &old[next..]),
            };
            assert_eq!(
                item_starts_since(old.as_bytes(), &item_starts(&old), &new, same_ends(old.as_bytes(), &new)),
                item_starts(&new),
                "edit at {at}"
            );
            old = new;
        }
    }
}
