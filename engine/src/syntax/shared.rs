//! Less code for the same parser: build.rs routes pest's generated parser
//! through these (see build.rs for the sizes).
//!
//! pest's `ParserState::rule` is generic over the rule's closure, and each
//! rule passes a closure of its own type, so each rule compiled its own copy
//! of it. [`rule`] hands pest the closure as `&dyn Fn` instead: the wrapper
//! inlines to one line, and one `rule` serves every grammar rule.
//! [`keyword`] is the grammar's keyword rule with the word as data. Both make
//! exactly the calls the generated code made, so every match, pair and
//! error is pest's as before; the cost is an indirect call per rule (about
//! 1.5 to 2.5% more instructions for a parse).

use super::Rule;
use pest::{Atomicity, ParseResult, ParserState};

type State<'i> = Box<ParserState<'i, Rule>>;

/// `state.rule(which, f)`.
#[inline(always)]
pub fn rule<'i>(state: State<'i>, which: Rule, f: impl Fn(State<'i>) -> ParseResult<State<'i>>) -> ParseResult<State<'i>> {
    one_rule(state, which, &f)
}

#[inline(never)]
fn one_rule<'i>(state: State<'i>, which: Rule, f: &dyn Fn(State<'i>) -> ParseResult<State<'i>>) -> ParseResult<State<'i>> {
    state.rule(which, f)
}

/// A keyword rule, `kw_x = @{ "x" ~ !ident_char }` in grammar.pest, with its
/// word as data (build.rs replaces only rules generated exactly as this).
#[inline(never)]
pub fn keyword<'i>(
    state: State<'i>,
    which: Rule,
    word: &'static str,
    ident_char: fn(State<'i>) -> ParseResult<State<'i>>,
) -> ParseResult<State<'i>> {
    rule(state, which, |state| {
        state.atomic(Atomicity::Atomic, |state| {
            state.sequence(|state| state.match_string(word).and_then(|state| state.lookahead(false, ident_char)))
        })
    })
}
