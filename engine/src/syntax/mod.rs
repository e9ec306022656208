//! Stage 1: rule text to a syntax tree with spans.
//!
//! - `grammar.pest`: the only grammar; pest matches the text.
//! - [`vocabulary`]: every keyword once, with its role; everything else that
//!   needs the language's words reads it.
//! - `lower`: pest's pairs to [`ast`] nodes, child by rule.
//! - `recover`: after a syntax error, every top-level item parsed on its own.
//! - `errors`: a pest error to one diagnostic in the policy lead's words.
//! - [`outline`]: the file's blocks and the numbers in them, for editors.
//! - [`pieces`]: the parse kept between an editor's calls, piece by piece.

pub mod ast;
pub(crate) mod errors;
mod lower;
pub mod outline;
pub mod pieces;
pub mod prescan;
#[cfg(test)]
mod random;
mod recover;
mod shared;
mod shift;
pub mod vocabulary;

use crate::diagnostics::Diagnostic;
use crate::limits;
use pest::Parser as _;
pub use pieces::Pieces;

pub use generated::{Grammar, Rule};

// pest's generated `parse(rule: Rule, ...)` names its argument like the
// grammar's `rule` rule (pest_derive's output was exempt from the lint as a macro's).
#[allow(bindings_with_variant_name)]
mod generated {
    /// The parser pest generates from `grammar.pest`; `Rule` names its rules.
    /// build.rs writes it, as `#[derive(pest_derive::Parser)]` would, with its
    /// combinators called through `syntax::shared` (a smaller Wasm build).
    pub struct Grammar;
    include!(concat!(env!("OUT_DIR"), "/grammar.rs"));
}

/// Parse a rule file. Errors come back as diagnostics (without line numbers
/// yet: `diagnostics::finish` adds them). Some mistakes (`=` for `is`) are
/// parsed anyway so the rest of the file still gets checked.
///
/// Re-parses only the top-level items whose text changed since the last call
/// (see [`pieces`]); the result is the same as [`parse_uncached`]'s. A caller
/// that parses on every keystroke keeps its own [`Pieces`], which lends the
/// tree instead of copying it.
pub fn parse(source: &str) -> Result<(ast::File, Vec<Diagnostic>), Vec<Diagnostic>> {
    thread_local! {
        static LAST: std::cell::RefCell<Pieces> = std::cell::RefCell::new(Pieces::new());
    }
    LAST.with(|last| last.borrow_mut().parse(source).map(|(file, diags)| (file.clone(), diags)))
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
        let mut random = super::random::Lcg::new(7);
        let mut tried = 0;
        for _ in 0..300 {
            let seed = random.next();
            let (at, next) = super::random::char_at(text, (seed >> 33) as usize % text.len());
            let ch = ["x", "\"", "", "(", "\n", "=", "9"][(seed >> 20) as usize % 7];
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
            let placed = pieces::relocate(rest, &edited, starts[k]).expect("placed");
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
