//! The parse kept between calls. An editor recompiles on every keystroke,
//! and a keystroke changes one top-level item: the file is cut where each
//! item starts (as error recovery cuts it), and each piece whose exact text
//! was a piece of the previous call is taken from that call: its tree is
//! moved (not copied) and its spans moved to where the piece now starts, and
//! its limits pre-scan is kept for the state the text before it leaves. Only
//! new pieces go through pest and the pre-scan. Memory stays bounded: only
//! the last call's text and pieces are kept.
//!
//! Why this gives what the whole-file parse gives: the file rule is
//! `header item*`, pieces are cut at line starts where an item's first word
//! stands, and every piece must parse as exactly one `header` or `item`
//! (`header_only`, `item_only`), else the whole file is parsed as before
//! (which also writes the errors). The pre-scan's state at a line start is
//! what `prescan::State` carries. tests/parse_cache.rs and tests/editor.rs
//! compare the two on sequences of edits, every span and diagnostic included.

use super::ast::{File, Header, Item};
use super::prescan::{self, State};
use super::shift::Shift;
use super::{lower, recover, whole, Grammar, Rule};
use crate::diagnostics::Diagnostic;
use pest::Parser as _;
use std::collections::HashMap;

/// Larger files are parsed whole: pest's call limit (`limits::PARSER_CALLS`)
/// counts per parse, so only files far below what it allows are parsed in
/// pieces (the shipped rule files are under 300 KB).
pub const MAX_BYTES: usize = 1 << 20;

/// A parsed file lent by [`Pieces`], its diagnostics, and its line starts
/// when it parsed piece by piece.
pub type ParseResult<'a> = Result<(&'a File, Vec<Diagnostic>, Option<&'a [(usize, bool)]>), Vec<Diagnostic>>;

/// A rule file parsed piece by piece, with the last call's pieces kept.
#[derive(Default)]
pub struct Pieces {
    /// The last call's text (as bytes, so that a keystroke changes it in place); `kept` points into it.
    text: Vec<u8>,
    kept: Vec<Kept>,
    /// The trees of the pieces that parsed, with spans where they stood in
    /// `text`: the whole file when every piece parsed, else the header and
    /// items alone (`Kept::tree` indexes `items`).
    file: Option<File>,
    header: Option<Header>,
    items: Vec<Item>,
    /// The tree of a file that parses whole but not piece by piece (rare).
    other: Option<File>,
    /// The line starts of the last text, when it parsed piece by piece.
    lines: Vec<(usize, bool)>,
}

struct Kept {
    start: usize,
    end: usize,
    first: bool,
    tree: Tree,
    /// The lowering's diagnostics (`=` for `is`...), relative to the piece.
    diags: Vec<Diagnostic>,
    /// The pre-scan of the piece: the state it started in and what it gave (relative to the piece).
    scan: Option<(State, Result<State, Diagnostic>)>,
    /// Where its lines start, relative to the piece (`span::line_starts`).
    lines: Vec<(usize, bool)>,
}

#[derive(Clone, Copy)]
enum Tree {
    Header,
    Item(usize),
    /// Does not parse on its own.
    Failed,
    /// Not parsed: it came after one that does not parse.
    Untried,
}

/// A piece's key: its length and first and last 32 bytes. Hashing every byte
/// of a 250 KB file on each keystroke costs more than a small edit's parse;
/// pieces differ in their first line (a rule's id) almost always, and a
/// clash costs one comparison.
fn key(b: &[u8]) -> u64 {
    let n = b.len();
    let mut h = 0xcbf2_9ce4_8422_2325 ^ (n as u64);
    for x in b[..n.min(32)].iter().chain(&b[n.saturating_sub(32)..]) {
        h = (h ^ u64::from(*x)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// One piece parsed on its own, spans from its start; `None` unless it is
/// exactly one header (the first piece) or one item (any other).
fn parse_piece(chunk: &str, first: bool) -> Option<(Option<Header>, Option<Item>, Vec<Diagnostic>)> {
    let entry = if first { Rule::header_only } else { Rule::item_only };
    let pair = Grammar::parse(entry, chunk).ok()?.next()?;
    let (header, item, diags) = lower::piece(pair);
    if first != header.is_some() || first == item.is_some() {
        return None;
    }
    Some((header, item, diags))
}

/// pest's error for the rest of the file (from `start`), placed in the whole file.
pub(super) fn relocate(e: pest::error::Error<Rule>, source: &str, start: usize) -> Option<pest::error::Error<Rule>> {
    use pest::error::{Error, ErrorVariant, InputLocation};
    // The call limit counts per parse: only the whole file's parse can say whether it is reached.
    if matches!(e.variant, ErrorVariant::CustomError { .. }) {
        return None;
    }
    Some(match e.location {
        InputLocation::Pos(p) => Error::new_from_pos(e.variant, pest::Position::new(source, start + p)?),
        InputLocation::Span((a, b)) => Error::new_from_span(e.variant, pest::Span::new(source, start + a, start + b)?),
    })
}

impl Pieces {
    pub fn new() -> Self {
        Pieces::default()
    }

    /// Parse `source` as [`super::parse_uncached`] does (the same tree, spans
    /// and diagnostics), re-parsing and re-scanning only what changed since
    /// the last call.
    pub fn parse(&mut self, source: &str) -> Result<(&File, Vec<Diagnostic>), Vec<Diagnostic>> {
        self.parse_with_lines(source).map(|(file, diags, _)| (file, diags))
    }

    /// [`Pieces::parse`], with the text's line starts (`span::line_starts`)
    /// when it parsed piece by piece: each piece's are kept with it.
    pub fn parse_with_lines(&mut self, source: &str) -> ParseResult<'_> {
        if let Some(d) = prescan::too_big(source) {
            return Err(vec![d]);
        }
        pest::set_call_limit(std::num::NonZeroUsize::new(crate::limits::PARSER_CALLS));
        if source.len() > MAX_BYTES {
            if let Some(d) = prescan::check_source(source) {
                return Err(vec![d]);
            }
            return self.parsed_whole(source);
        }
        // Cut where the last call's text was cut, but for the lines that changed.
        let (old_len, new_len) = (self.text.len(), source.len());
        let same = recover::same_ends(&self.text, source);
        let starts = if self.kept.is_empty() {
            recover::item_starts(source)
        } else {
            let old: Vec<usize> = self.kept.iter().map(|p| p.start).chain([old_len]).collect();
            recover::item_starts_since(&self.text, &old, source, same)
        };
        let n = starts.len() - 1;

        // Each piece's match among the last call's, and its pre-scan. A piece
        // within the text's unchanged start, or its unchanged end, is the
        // same text as the last call's piece at the same place (or moved by
        // the change in length), if that one was cut alike: found by where it
        // starts, with no hashing. Only the pieces the change touched are
        // looked for among the last call's others, by text.
        let old_unchanged = |p: &Kept| p.end <= same.prefix || p.start >= old_len - same.suffix;
        let mut by_key: HashMap<u64, Vec<usize>> = HashMap::new();
        for (k, p) in self.kept.iter().enumerate().filter(|(_, p)| !old_unchanged(p)) {
            by_key.entry(key(&self.text[p.start..p.end])).or_default().push(k);
        }
        let at_old = |start: usize, end: usize, first: bool| {
            let k = self.kept.binary_search_by_key(&start, |p| p.start).ok()?;
            let p = &self.kept[k];
            (p.end == end && p.first == first).then_some(k)
        };
        let mut matched: Vec<Option<usize>> = Vec::with_capacity(n);
        let mut scans: Vec<(State, Result<State, Diagnostic>)> = Vec::with_capacity(n);
        let mut state = State::default();
        for i in 0..n {
            let (a, b) = (starts[i], starts[i + 1]);
            let chunk = &source[a..b];
            let found = if self.kept.is_empty() {
                None
            } else if b <= same.prefix {
                at_old(a, b, i == 0)
            } else if a >= new_len - same.suffix {
                at_old(a + old_len - new_len, b + old_len - new_len, i == 0)
            } else {
                by_key.get_mut(&key(chunk.as_bytes())).and_then(|ks| {
                    let at = ks.iter().position(|&k| {
                        let p = &self.kept[k];
                        p.first == (i == 0) && &self.text[p.start..p.end] == chunk.as_bytes()
                    })?;
                    Some(ks.remove(at))
                })
            };
            let result = match found.and_then(|k| self.kept[k].scan.as_ref()) {
                Some((from, r)) if *from == state => r.clone(),
                _ => prescan::scan(chunk, state),
            };
            matched.push(found);
            scans.push((state, result.clone()));
            match result {
                Ok(next) => state = next,
                Err(d) => {
                    // Refused before parsing; keep what was scanned for the next call.
                    for (k, s) in matched.iter().zip(scans) {
                        if let Some(k) = *k {
                            self.kept[k].scan = Some(s);
                        }
                    }
                    return Err(vec![d.shifted(a)]);
                }
            }
        }

        // The last call's trees, to move from.
        let (mut old_header, mut old_items): (Option<Header>, Vec<Option<Item>>) = match self.file.take() {
            Some(f) => (Some(f.header), f.items.into_iter().map(Some).collect()),
            None => (self.header.take(), std::mem::take(&mut self.items).into_iter().map(Some).collect()),
        };
        self.other = None;
        let mut old_kept = std::mem::take(&mut self.kept);
        let mut lines = std::mem::take(&mut self.lines);
        lines.clear();
        let mut kept = Vec::with_capacity(n);
        let (mut header, mut items, mut diags) = (None, Vec::with_capacity(old_items.len()), Vec::new());
        let mut failed = None;
        for (i, scan) in scans.into_iter().enumerate() {
            let (a, b, first) = (starts[i], starts[i + 1], i == 0);
            let piece_lines = match matched[i] {
                Some(k) => std::mem::take(&mut old_kept[k].lines),
                None => crate::span::line_starts(&source[a..b]),
            };
            lines.extend(piece_lines.iter().map(|&(at, ascii)| (at + a, ascii)));
            let old = matched[i].map(|k| &old_kept[k]);
            // An item kept from the last call goes straight into `items` (an
            // item is large, and each move of it is a copy), its spans moved
            // by the difference, which wraps when the piece moved up.
            if let Some((p, j)) = old.and_then(|p| if let Tree::Item(j) = p.tree { Some((p, j)) } else { None }) {
                if let Some(mut it) = old_items[j].take() {
                    let by = a.wrapping_sub(p.start);
                    if by != 0 {
                        it.shift(by);
                    }
                    items.push(it);
                    if failed.is_none() {
                        diags.extend(p.diags.iter().cloned().map(|x| x.shifted(a)));
                    }
                    let tree = Tree::Item(items.len() - 1);
                    kept.push(Kept { start: a, end: b, first, tree, diags: p.diags.clone(), scan: Some(scan), lines: piece_lines });
                    continue;
                }
            }
            let moved = old.and_then(|p| {
                // Spans move by the difference, which wraps when the piece moved up.
                let by = a.wrapping_sub(p.start);
                match p.tree {
                    Tree::Header => old_header.take().map(|mut h| {
                        if by != 0 {
                            h.shift(by);
                        }
                        (Some(h), None, p.diags.clone())
                    }),
                    Tree::Item(j) => old_items[j].take().map(|mut it| {
                        if by != 0 {
                            it.shift(by);
                        }
                        (None, Some(it), p.diags.clone())
                    }),
                    Tree::Failed | Tree::Untried => None,
                }
            });
            let known_bad = old.is_some_and(|p| matches!(p.tree, Tree::Failed));
            let mut tried = false;
            let piece = match moved {
                Some(x) => Some(x),
                // After a piece that does not parse, only kept pieces are taken (recovery parses the rest).
                None if failed.is_some() || known_bad => None,
                None => {
                    tried = true;
                    parse_piece(&source[a..b], first).map(|(mut h, mut it, d)| {
                        h.shift(a);
                        it.shift(a);
                        (h, it, d)
                    })
                }
            };
            let (tree, piece_diags) = match piece {
                Some((h, it, d)) => {
                    if failed.is_none() {
                        diags.extend(d.iter().cloned().map(|x| x.shifted(a)));
                    }
                    match (h, it) {
                        (Some(h), _) => {
                            header = Some(h);
                            (Tree::Header, d)
                        }
                        (_, Some(it)) => {
                            items.push(it);
                            (Tree::Item(items.len() - 1), d)
                        }
                        _ => (Tree::Failed, d),
                    }
                }
                None => {
                    failed.get_or_insert(i);
                    (if known_bad || tried { Tree::Failed } else { Tree::Untried }, Vec::new())
                }
            };
            kept.push(Kept { start: a, end: b, first, tree, diags: piece_diags, scan: Some(scan), lines: piece_lines });
        }
        // The last text becomes this one by its changed middle alone (a
        // keystroke's few bytes, and the end moved when the length changed),
        // not by copying the whole file.
        let (from, suffix) = (same.prefix, same.suffix);
        let new = &source.as_bytes()[from..new_len - suffix];
        if old_len == new_len {
            self.text[from..old_len - suffix].copy_from_slice(new);
        } else {
            self.text.splice(from..old_len - suffix, new.iter().copied());
        }
        debug_assert!(self.text == source.as_bytes());
        self.kept = kept;
        self.lines = lines;
        match (failed, header) {
            (None, Some(header)) => {
                self.file = Some(File { header, items });
                let this = &*self;
                Ok((this.file.as_ref().expect("just set"), diags, Some(&this.lines)))
            }
            (failed, header) => {
                self.header = header;
                self.items = items;
                if let Some(i) = failed.filter(|&i| i > 0) {
                    // The pieces before this one parse on their own, so the
                    // whole file parses them alike and pest's first error is
                    // where the rest fails: parse only the rest, then place its error.
                    let start = starts[i];
                    if let Err(e) = Grammar::parse(Rule::items_rest, &source[start..]) {
                        if let Some(first) = relocate(e, source, start) {
                            return Err(recover::all_errors_with(source, first, &|chunk, first| self.known(source, chunk, first)));
                        }
                    }
                }
                self.parsed_whole(source)
            }
        }
    }

    /// The lowering's diagnostics of a piece of `source` (this call's text)
    /// that parses on its own, relative to the piece, if it is known: for
    /// `recover`, which otherwise parses every piece again.
    fn known(&self, source: &str, chunk: &str, first: bool) -> Option<Vec<Diagnostic>> {
        // `recover` cuts `source` as this call did: find the piece by where it starts.
        let at = (chunk.as_ptr() as usize).checked_sub(source.as_ptr() as usize)?;
        let k = self.kept.binary_search_by_key(&at, |p| p.start).ok()?;
        let p = &self.kept[k];
        let parsed = matches!(p.tree, Tree::Header | Tree::Item(_));
        (parsed && p.first == first && p.end - p.start == chunk.len() && &self.text[p.start..p.end] == chunk.as_bytes())
            .then(|| p.diags.clone())
    }

    fn parsed_whole(&mut self, source: &str) -> ParseResult<'_> {
        let (file, diags) = whole(source)?;
        Ok((self.other.insert(file), diags, None))
    }
}
