//! An outline of a rule file for editors: its top-level blocks (the header,
//! levels, actions, form, definitions, scores, rules, floors, policies and
//! tests), each with its id, title, line and byte span, and the numbers
//! written in it, each with its span.
//!
//! The demo page used to find blocks and numbers with regular expressions
//! over the text. The parser already knows both: numbers are the grammar's
//! `number` and `integer` tokens (never digits inside a quoted label, a
//! comment or a date), blocks its items. A file with a syntax error still
//! gets an outline: it is cut where each top-level item starts (as error
//! recovery cuts it), and a piece that does not parse on its own is listed
//! with `parsed: false` and the kind its first word gives, so an editor can
//! still tell a broken test from a broken rule.

use super::ast::{self, Item};
use super::{lower, recover, vocabulary, Grammar, Rule};
use crate::span::{LineIndex, Span};
use pest::iterators::Pair;
use pest::Parser as _;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashMap;

/// One top-level block.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutlineBlock {
    /// `header`, `levels`, `actions`, `form`, `define`, `score`, `rule`,
    /// `floor`, `policy` or `test`.
    pub kind: &'static str,
    /// The rule's, floor's, score's or definition's id (`owner.name` for a
    /// definition on a list's items); none for the other kinds.
    pub id: Option<String>,
    /// The rule's or floor's title, the score's or definition's label, the
    /// test's name, the policy's title, the rule set's name.
    pub title: Option<String>,
    /// Whether the block parsed. One that did not has only its kind (from its
    /// first word), its span (to where the next block starts) and no numbers.
    pub parsed: bool,
    /// Byte offsets of the block, from its first word to the end of its `end`.
    pub start: usize,
    pub end: usize,
    /// 1-based lines of its first and last line.
    pub line: usize,
    pub end_line: usize,
    /// The numbers written in it, in order.
    pub numbers: Vec<NumberLiteral>,
    /// What a `levels` or `actions` block declares, in order (levels lowest
    /// first); empty for the other kinds.
    pub entries: Vec<OutlineEntry>,
}

/// A level or an action as its block declares it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutlineEntry {
    pub id: String,
    pub label: String,
}

/// A number as written in a block: a threshold, a count, a day count, points,
/// a band's bounds, a test's expected score.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NumberLiteral {
    /// The text as written, such as `3` or `2.5`.
    pub text: String,
    pub value: f64,
    /// Byte offsets in the file.
    pub start: usize,
    pub end: usize,
    /// 1-based line and columns (columns count characters, as diagnostics do).
    pub line: usize,
    pub column: usize,
    pub end_column: usize,
}

/// The outline of `source`, never failing: a file too big or too deeply
/// nested for the parser is one unparsed block per top-level piece.
///
/// An editor asks on every change, and a change touches one block: each
/// piece's outline is kept (relative to the piece) from the last call, and
/// only pieces whose text is new go through pest (about half a second for
/// the whole 254 KB main rule file in Wasm; a few milliseconds after an edit).
/// Memory stays bounded: only the last call's pieces are kept.
pub fn outline(source: &str) -> Vec<OutlineBlock> {
    thread_local! {
        static LAST: RefCell<HashMap<(Box<str>, bool), OutlineBlock>> = RefCell::new(HashMap::new());
    }
    let parsable = super::prescan::check_source(source).is_none();
    if parsable {
        pest::set_call_limit(std::num::NonZeroUsize::new(crate::limits::PARSER_CALLS));
    }
    let lines = LineIndex::new(source);
    let starts = recover::item_starts(source);
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        let mut next = HashMap::new();
        let mut blocks = Vec::new();
        for (i, w) in starts.windows(2).enumerate() {
            let (from, chunk) = (w[0], &source[w[0]..w[1]]);
            if chunk.trim().is_empty() {
                continue;
            }
            let key = (Box::<str>::from(chunk), i == 0 && parsable);
            let relative = match last.remove(&key).or_else(|| next.get(&key).cloned()) {
                Some(b) => b,
                None => piece_block(chunk, i == 0, parsable),
            };
            // Pieces start at a line start, so columns stay and lines move by the piece's first line.
            blocks.push(shifted(&relative, from, lines.line_col(from).0 - 1));
            next.insert(key, relative);
        }
        *last = next;
        blocks
    })
}

/// The outline of one piece, as if it were the whole text.
fn piece_block(chunk: &str, first: bool, parsable: bool) -> OutlineBlock {
    let lines = LineIndex::new(chunk);
    let entry = if first { Rule::header_only } else { Rule::item_only };
    let parsed = if parsable { Grammar::parse(entry, chunk).ok().and_then(|mut p| p.next()) } else { None };
    match parsed {
        Some(pair) => parsed_block(pair, 0, &lines),
        None => unparsed_block(chunk, 0, first, &lines),
    }
}

fn shifted(b: &OutlineBlock, bytes: usize, lines: usize) -> OutlineBlock {
    let mut b = b.clone();
    (b.start, b.end, b.line, b.end_line) = (b.start + bytes, b.end + bytes, b.line + lines, b.end_line + lines);
    for n in &mut b.numbers {
        (n.start, n.end, n.line) = (n.start + bytes, n.end + bytes, n.line + lines);
    }
    b
}

fn parsed_block(pair: Pair<'_, Rule>, from: usize, lines: &LineIndex<'_>) -> OutlineBlock {
    let mut numbers = Vec::new();
    collect_numbers(pair.clone(), from, lines, &mut numbers);
    let (header, item, _) = lower::piece(pair);
    let (kind, id, title, span) = match (&header, &item) {
        (Some(h), _) => ("header", None, Some(h.name.value.clone()), h.span),
        (None, Some(item)) => describe(item),
        // `header_only` and `item_only` give one or the other.
        (None, None) => ("header", None, None, Span::new(0, 0)),
    };
    let span = span.shifted(from);
    let entries = match &item {
        Some(Item::Levels(decls, _) | Item::Actions(decls, _)) => {
            decls.iter().map(|d| OutlineEntry { id: d.id.name.clone(), label: d.label.value.clone() }).collect()
        }
        _ => Vec::new(),
    };
    OutlineBlock {
        kind,
        id,
        title,
        parsed: true,
        start: span.start,
        end: span.end,
        line: lines.line_col(span.start).0,
        end_line: lines.line_col(span.end.saturating_sub(1).max(span.start)).0,
        numbers,
        entries,
    }
}

fn describe(item: &Item) -> (&'static str, Option<String>, Option<String>, Span) {
    let label = |s: &ast::Str| Some(s.value.clone());
    match item {
        Item::Levels(_, span) => ("levels", None, None, *span),
        Item::Actions(_, span) => ("actions", None, None, *span),
        Item::Form(_, span) => ("form", None, None, *span),
        Item::Define(d) => {
            let id = match &d.owner {
                Some(owner) => format!("{}.{}", owner.name, d.name.name),
                None => d.name.name.clone(),
            };
            ("define", Some(id), d.label.as_ref().and_then(label), d.span)
        }
        Item::Score(s) => ("score", Some(s.id.name.clone()), label(&s.label), s.span),
        Item::Rule(r) => ("rule", Some(r.id.name.clone()), label(&r.title), r.span),
        Item::Floor(f) => ("floor", Some(f.id.name.clone()), label(&f.title), f.span),
        Item::Policy(p) => ("policy", None, label(&p.title), p.span),
        Item::Test(t) => ("test", None, label(&t.name), t.span),
    }
}

/// Every `number` and `integer` token under `pair`, placed in the file.
fn collect_numbers(pair: Pair<'_, Rule>, from: usize, lines: &LineIndex<'_>, out: &mut Vec<NumberLiteral>) {
    for p in pair.into_inner().flatten() {
        if !matches!(p.as_rule(), Rule::number | Rule::integer) {
            continue;
        }
        let text = p.as_str();
        let Ok(value) = text.parse::<f64>() else { continue };
        let (start, end) = (from + p.as_span().start(), from + p.as_span().end());
        let (line, column) = lines.line_col(start);
        out.push(NumberLiteral { text: text.to_string(), value, start, end, line, column, end_column: lines.line_col(end).1 });
    }
}

fn unparsed_block(chunk: &str, from: usize, first: bool, lines: &LineIndex<'_>) -> OutlineBlock {
    // The piece's own text, without the blank lines and comments before the next block.
    let trimmed = chunk.trim_end();
    let lead = chunk.len() - chunk.trim_start().len();
    let word = chunk.trim_start().split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or("");
    let kind = match vocabulary::starts_item(word) {
        _ if first => "header",
        Some(vocabulary::Item::Levels) => "levels",
        Some(vocabulary::Item::Actions) => "actions",
        Some(vocabulary::Item::Form) => "form",
        Some(vocabulary::Item::Define) => "define",
        Some(vocabulary::Item::Score) => "score",
        Some(vocabulary::Item::Rule) => "rule",
        Some(vocabulary::Item::Floor) => "floor",
        Some(vocabulary::Item::Policy) => "policy",
        Some(vocabulary::Item::Test) => "test",
        None => "unknown",
    };
    let (start, end) = (from + lead.min(trimmed.len()), from + trimmed.len());
    OutlineBlock {
        kind,
        id: None,
        title: None,
        parsed: false,
        start,
        end,
        line: lines.line_col(start).0,
        end_line: lines.line_col(end.saturating_sub(1).max(start)).0,
        numbers: Vec::new(),
        entries: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "rule set \"Example 2\"\n\nlevels\n  low \"Low\"\n  high \"High\"\nend\n\nform\n  field times \"How many times, 2 or more\": number\nend\n\n# A comment with 7 in it\nrule R1 \"Three or more times\"\n  context home\n  kind risk\n  when times is at least 3 and times is less than 2.5\n  then\n    raise to high\n  rationale \"Seen 4 times\"\n  source \"Guidance 2024\"\nend\n\ntest \"three\"\n  date 2026-01-02\n  form { \"times\": 3 }\n  expect level high\nend\n";

    #[test]
    fn blocks_with_ids_titles_spans_and_only_real_numbers() {
        let o = outline(FILE);
        let kinds: Vec<_> = o.iter().map(|b| b.kind).collect();
        assert_eq!(kinds, ["header", "levels", "form", "rule", "test"]);
        assert!(o.iter().all(|b| b.parsed));
        let rule = &o[3];
        assert_eq!((rule.id.as_deref(), rule.title.as_deref()), (Some("R1"), Some("Three or more times")));
        assert_eq!(&FILE[rule.start..rule.end], FILE[FILE.find("rule R1").unwrap()..].split_inclusive("end").next().unwrap());
        assert_eq!((rule.line, rule.end_line), (13, 21));
        // The digits in the title, the rationale, the source and the comment are not numbers of the rule.
        let numbers: Vec<_> = rule.numbers.iter().map(|n| (n.text.as_str(), n.line, n.column)).collect();
        assert_eq!(numbers, [("3", 16, 26), ("2.5", 16, 51)]);
        assert_eq!(&FILE[rule.numbers[1].start..rule.numbers[1].end], "2.5");
        assert_eq!(rule.numbers[1].end_column, 54);
        // A test's date is not a number; nor is the JSON of its form (text to the grammar).
        assert_eq!(o[4].title.as_deref(), Some("three"));
        assert!(o[4].numbers.is_empty());
        assert_eq!(o[0].title.as_deref(), Some("Example 2"));
        let levels: Vec<_> = o[1].entries.iter().map(|e| (e.id.as_str(), e.label.as_str())).collect();
        assert_eq!(levels, [("low", "Low"), ("high", "High")]);
        assert!(o[3].entries.is_empty());
    }

    #[test]
    fn kept_pieces_give_the_same_outline_as_a_fresh_one() {
        let first = outline(FILE);
        // An edit before the rule moves it down two lines and some bytes.
        let edited = FILE.replace("# A comment with 7 in it\n", "# A comment with 7 in it\n# and more\n\n");
        let moved = outline(&edited);
        let fresh = {
            // Another text in between empties what is kept.
            outline("rule set \"other\"\n");
            outline(&edited)
        };
        assert_eq!(moved, fresh);
        assert_eq!(moved[3].line, first[3].line + 2);
        assert_eq!(&edited[moved[3].numbers[0].start..moved[3].numbers[0].end], "3");
        assert_eq!(outline(FILE), first);
    }

    #[test]
    fn a_block_that_does_not_parse_keeps_its_kind_and_place() {
        let broken = FILE.replace("expect level high", "expect level");
        let o = outline(&broken);
        let test = o.last().unwrap();
        assert_eq!((test.kind, test.parsed, test.title.as_deref()), ("test", false, None));
        assert_eq!(&broken[test.start..test.end], broken[broken.find("test \"three\"").unwrap()..].trim_end());
        // The rest is outlined as before.
        assert_eq!(o[3].id.as_deref(), Some("R1"));
        assert!(o[3].parsed);
    }

    #[test]
    fn anything_at_all_gives_an_outline_without_panicking() {
        for text in ["", "\n\n", "rule", "end\nend", "rule set \"x\"\nrule R \"é 1\"\n  when 3", &"(".repeat(10_000)] {
            let _ = outline(text);
        }
    }
}
