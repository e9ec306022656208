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
pub fn parse(source: &str) -> Result<(ast::File, Vec<Diagnostic>), Vec<Diagnostic>> {
    if let Some(d) = prescan::check_source(source) {
        return Err(vec![d]);
    }
    pest::set_call_limit(std::num::NonZeroUsize::new(limits::PARSER_CALLS));
    match Grammar::parse(Rule::file, source) {
        Ok(mut pairs) => {
            let file = pairs.next().expect("pest returns the file rule on success");
            Ok(lower::file(file))
        }
        Err(e) => Err(recover::all_errors(source, e)),
    }
}
