//! Stage 1: rule text to a syntax tree with spans.
//!
//! - `grammar.pest`: the only grammar; pest matches the text.
//! - [`vocabulary`]: every keyword once, with its role; everything else that
//!   needs the language's words reads it.
//! - `lower`: pest's pairs to [`ast`] nodes, child by rule.
//! - `recover`: after a syntax error, every top-level item parsed on its own.
//! - `errors`: a pest error to one diagnostic in the policy lead's words.
//! - [`outline`]: the file's blocks and the numbers in them, for editors.

pub mod ast;
pub(crate) mod errors;
mod lower;
pub mod outline;
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
        match cache::parse(source) {
            cache::Found::Parsed(found) => return Ok(*found),
            cache::Found::BrokenFrom(start) => {
                // The pieces before `start` parse on their own, so the whole
                // file parses them alike and pest's first error is where the
                // rest fails: parse only the rest, then place its error.
                if let Err(e) = Grammar::parse(Rule::items_rest, &source[start..]) {
                    if let Some(first) = cache::relocate(e, source, start) {
                        return Err(recover::all_errors_with(source, first, &cache::known));
                    }
                }
            }
            cache::Found::Unknown => {}
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

    /// Hashes a piece by its length and its first and last 32 bytes: SipHash
    /// over every byte of a 150 KB file, twice a keystroke, cost more than
    /// the parse saved on a small edit. Pieces differ in their first line (a
    /// rule's id) almost always, and a clash only costs a comparison.
    #[derive(Default)]
    struct Ends(u64);

    impl std::hash::Hasher for Ends {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            let n = bytes.len();
            let mut h = self.0 ^ 0xcbf2_9ce4_8422_2325 ^ (n as u64);
            for b in bytes[..n.min(32)].iter().chain(&bytes[n.saturating_sub(32)..]) {
                h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
            }
            self.0 = h;
        }
    }

    type Pieces = HashMap<Box<str>, Piece, std::hash::BuildHasherDefault<Ends>>;

    thread_local! {
        static LAST: RefCell<Pieces> = RefCell::new(Pieces::default());
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

    pub enum Found {
        Parsed(Box<(File, Vec<Diagnostic>)>),
        /// The piece starting at this byte (not the first) does not parse on
        /// its own; every piece before it does.
        BrokenFrom(usize),
        /// The header piece does not parse, or a piece was not where it belongs.
        Unknown,
    }

    /// The lowering's diagnostics of a piece of this call's text that parses
    /// on its own (relative to the piece's start), if it is known; for
    /// `recover`, which otherwise parses every piece again.
    pub fn known(chunk: &str, first: bool) -> Option<Vec<Diagnostic>> {
        LAST.with(|last| last.borrow().get(chunk).filter(|p| p.header.is_some() == first).map(|p| p.diags.clone()))
    }

    /// pest's error for the rest of the file (from `start`), placed in the whole file.
    pub fn relocate(e: pest::error::Error<Rule>, source: &str, start: usize) -> Option<pest::error::Error<Rule>> {
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

    /// The parsed file, or where it stops parsing piece by piece.
    pub fn parse(source: &str) -> Found {
        LAST.with(|last| {
            let mut last = last.borrow_mut();
            let mut next = Pieces::default();
            let starts = recover::item_starts(source);
            let mut header = None;
            let mut items = Vec::new();
            let mut diags = Vec::new();
            let mut failed = false;
            let mut broken_from = None;
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
                    if !failed && i > 0 {
                        broken_from = Some(w[0]);
                    }
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
            match (failed, broken_from, header) {
                (false, _, Some(header)) => Found::Parsed(Box::new((File { header, items }, diags))),
                (true, Some(start), _) => Found::BrokenFrom(start),
                _ => Found::Unknown,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parse cache's claim about errors: when the pieces before `start`
    /// parse on their own and the one there does not, pest's error for the
    /// rest of the file, placed, is the whole file's error (place and what
    /// was expected), the part `recover` rarely shows but must get right.
    #[test]
    fn the_rest_of_the_file_fails_where_the_whole_file_fails() {
        let text = include_str!("../../../rules/language.rules");
        let mut seed = 7u64;
        let mut tried = 0;
        for _ in 0..300 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let mut at = (seed >> 33) as usize % text.len();
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let ch = ["x", "\"", "", "(", "\n", "=", "9"][(seed >> 20) as usize % 7];
            let next = (at + 1..=text.len()).find(|&j| text.is_char_boundary(j)).unwrap_or(text.len());
            let edited = format!("{}{ch}{}", &text[..at], &text[next..]);
            let starts = recover::item_starts(&edited);
            let Some(k) = (0..starts.len() - 1).find(|&i| {
                let chunk = &edited[starts[i]..starts[i + 1]];
                Grammar::parse(if i == 0 { Rule::header_only } else { Rule::item_only }, chunk).is_err()
            }) else {
                continue;
            };
            if k == 0 {
                continue;
            }
            let Err(whole) = Grammar::parse(Rule::file, &edited) else {
                // The whole file parses (a piece was cut mid-item): so must the rest, and the cache falls back.
                assert!(Grammar::parse(Rule::items_rest, &edited[starts[k]..]).is_ok(), "edit at {at}: {ch:?}");
                continue;
            };
            let rest = Grammar::parse(Rule::items_rest, &edited[starts[k]..]).expect_err("the rest fails too");
            let placed = cache::relocate(rest, &edited, starts[k]).expect("placed");
            assert_eq!(
                format!("{:?} {:?}", placed.location, placed.variant),
                format!("{:?} {:?}", whole.location, whole.variant),
                "edit at {at}: {ch:?}"
            );
            tried += 1;
        }
        assert!(tried > 50, "only {tried} edits broke a piece after the header");
    }
}
