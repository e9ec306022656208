//! Stage 1: rule text to a syntax tree with spans.
//!
//! - `grammar.pest`: the only grammar; pest matches the text.
//! - [`vocabulary`]: every keyword once, with its role; everything else that
//!   needs the language's words reads it.
//! - `lower`: pest's pairs to [`ast`] nodes, child by rule.
//! - `recover`: after a syntax error, every top-level item parsed on its own.
//! - `errors`: a pest error to one diagnostic in the policy lead's words.

pub mod ast;
pub(crate) mod errors;
mod lower;
pub mod prescan;
mod recover;
mod shift;
pub mod vocabulary;

use crate::diagnostics::Diagnostic;
use crate::limits;
use pest::Parser as _;

/// The parser pest generates from `grammar.pest`; `Rule` names its rules.
#[derive(pest_derive::Parser)]
#[grammar = "syntax/grammar.pest"]
pub struct Grammar;

/// Parse a rule file. Errors come back as diagnostics (without line numbers
/// yet: `diagnostics::finish` adds them). Some mistakes (`=` for `is`) are
/// parsed anyway so the rest of the file still gets checked.
///
/// Re-parses only the top-level items whose text changed since the last call
/// (see [`cache`]); the result is the same as [`parse_uncached`]'s.
pub fn parse(source: &str) -> Result<(ast::File, Vec<Diagnostic>), Vec<Diagnostic>> {
    if let Some(d) = prescan::check_source(source) {
        return Err(vec![d]);
    }
    pest::set_call_limit(std::num::NonZeroUsize::new(limits::PARSER_CALLS));
    if source.len() <= cache::MAX_BYTES {
        if let Some(found) = cache::parse(source) {
            return Ok(found);
        }
    }
    whole(source)
}

/// [`parse`] without the cache: the whole file through pest in one go.
pub fn parse_uncached(source: &str) -> Result<(ast::File, Vec<Diagnostic>), Vec<Diagnostic>> {
    if let Some(d) = prescan::check_source(source) {
        return Err(vec![d]);
    }
    pest::set_call_limit(std::num::NonZeroUsize::new(limits::PARSER_CALLS));
    whole(source)
}

fn whole(source: &str) -> Result<(ast::File, Vec<Diagnostic>), Vec<Diagnostic>> {
    match Grammar::parse(Rule::file, source) {
        Ok(mut pairs) => {
            let file = pairs.next().expect("pest returns the file rule on success");
            Ok(lower::file(file))
        }
        Err(e) => Err(recover::all_errors(source, e)),
    }
}

/// The parse cache. An editor recompiles on every keystroke, and a keystroke
/// changes one top-level item: the file is cut where each item starts (as
/// error recovery cuts it), and each piece whose exact text was a piece of
/// the previous call is taken from that call, its spans moved to where the
/// piece now starts; only new pieces go through pest. Memory stays bounded:
/// only the last call's pieces are kept.
///
/// Why this gives what the whole-file parse gives: the file rule is
/// `header item*`, pieces are cut at line starts where an item's first word
/// stands, and every piece must parse as exactly one `header` or `item`
/// (`header_only`, `item_only`), else the whole file is parsed as before
/// (which also writes the errors). tests/parse_cache.rs compares the two on
/// sequences of edits, every span and diagnostic included.
mod cache {
    use super::ast::{File, Header, Item};
    use super::shift::Shift;
    use super::{lower, recover, Grammar, Rule};
    use crate::diagnostics::Diagnostic;
    use pest::Parser as _;
    use std::cell::RefCell;
    use std::collections::HashMap;

    /// Larger files skip the cache: pest's call limit (`limits::PARSER_CALLS`)
    /// counts per parse, so only files far below what it allows are parsed
    /// in pieces (the shipped rule files are under 200 KB).
    pub const MAX_BYTES: usize = 1 << 20;

    /// One piece, lowered as if it started at byte 0.
    #[derive(Clone)]
    struct Piece {
        header: Option<Header>,
        item: Option<Item>,
        diags: Vec<Diagnostic>,
    }

    thread_local! {
        static LAST: RefCell<HashMap<Box<str>, Piece>> = RefCell::new(HashMap::new());
    }

    fn parse_piece(chunk: &str, first: bool) -> Option<Piece> {
        let entry = if first { Rule::header_only } else { Rule::item_only };
        let pair = Grammar::parse(entry, chunk).ok()?.next()?;
        let (header, item, diags) = lower::piece(pair);
        // Exactly one header first, exactly one item after.
        if first != header.is_some() || first == item.is_some() {
            return None;
        }
        Some(Piece { header, item, diags })
    }

    /// The parsed file, or `None` when some piece does not parse on its own.
    pub fn parse(source: &str) -> Option<(File, Vec<Diagnostic>)> {
        LAST.with(|last| {
            let mut last = last.borrow_mut();
            let mut next: HashMap<Box<str>, Piece> = HashMap::new();
            let starts = recover::item_starts(source);
            let mut header = None;
            let mut items = Vec::new();
            let mut diags = Vec::new();
            let mut failed = false;
            for (i, w) in starts.windows(2).enumerate() {
                let chunk = &source[w[0]..w[1]];
                let found = match last.remove(chunk) {
                    // The header piece first, items after, wherever the text stood before.
                    Some(p) if (i == 0) == p.header.is_some() => Some(p),
                    Some(_) => None,
                    None if failed => None,
                    None => parse_piece(chunk, i == 0),
                };
                let Some(piece) = found else {
                    // Keep the pieces already known for the next call; parse no more.
                    failed = true;
                    continue;
                };
                if !failed {
                    let mut p = piece.clone();
                    p.header.shift(w[0]);
                    p.item.shift(w[0]);
                    diags.extend(p.diags.into_iter().map(|d| d.shifted(w[0])));
                    match (p.header, p.item) {
                        (Some(h), _) => header = Some(h),
                        (_, Some(it)) => items.push(it),
                        _ => {}
                    }
                }
                next.insert(chunk.into(), piece);
            }
            *last = next;
            if failed {
                return None;
            }
            Some((File { header: header?, items }, diags))
        })
    }
}
