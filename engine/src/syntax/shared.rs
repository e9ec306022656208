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

#[cfg(test)]
mod tests {
    //! The parser build.rs writes against pest_derive's, on the shipped rule
    //! files, the diagnostics corpus and random edits of them: the same pairs
    //! (rule and span, in order) or the same error (place, and the rules pest
    //! expected), for every entry rule.
    use super::super::{Grammar, Rule};
    use pest::Parser as _;

    mod reference {
        #[derive(pest_derive::Parser)]
        #[grammar = "syntax/grammar.pest"]
        pub struct Reference;
    }
    use reference::{Reference, Rule as RefRule};

    fn ours(entry: Rule, text: &str) -> String {
        match Grammar::parse(entry, text) {
            Ok(pairs) => pairs.flatten().map(|p| format!("{:?} {:?}\n", p.as_rule(), p.as_span())).collect(),
            Err(e) => format!("{:?} {:?}", e.location, e.variant),
        }
    }

    fn theirs(entry: RefRule, text: &str) -> String {
        match Reference::parse(entry, text) {
            Ok(pairs) => pairs.flatten().map(|p| format!("{:?} {:?}\n", p.as_rule(), p.as_span())).collect(),
            Err(e) => format!("{:?} {:?}", e.location, e.variant),
        }
    }

    fn same(text: &str, all_entries: bool) -> usize {
        let entries = [
            (Rule::file, RefRule::file),
            (Rule::header_only, RefRule::header_only),
            (Rule::item_only, RefRule::item_only),
            (Rule::items_rest, RefRule::items_rest),
        ];
        let mut failed = 0;
        for (a, b) in entries.into_iter().take(if all_entries { 4 } else { 1 }) {
            let (x, y) = (ours(a, text), theirs(b, text));
            assert_eq!(x, y, "{a:?} on {text:?}");
            failed += usize::from(x.contains("ParsingError"));
        }
        failed
    }

    #[test]
    fn parses_as_pest_derive_does() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut texts: Vec<String> = ["rules/language.rules", "rules/seraf-scoring.rules"]
            .iter()
            .map(|p| std::fs::read_to_string(root.join(p)).expect("a shipped rule file"))
            .collect();
        for e in std::fs::read_dir(root.join("tests/corpus/diagnostics")).expect("the corpus") {
            let p = e.expect("an entry").path();
            if p.extension().is_some_and(|x| x == "rules") {
                texts.push(std::fs::read_to_string(p).expect("a corpus file"));
            }
        }
        assert!(texts.len() > 20, "read the corpus");
        pest::set_call_limit(std::num::NonZeroUsize::new(crate::limits::PARSER_CALLS));
        let mut errors = 0;
        for t in &texts {
            errors += same(t, true);
        }
        // Random edits of the language guide's rule file, as in syntax::tests.
        let text = &texts[0];
        let mut random = super::super::random::Lcg::new(11);
        for _ in 0..100 {
            let seed = random.next();
            let (at, next) = super::super::random::char_at(text, (seed >> 33) as usize % text.len());
            let ch = ["x", "\"", "", "(", "\n", "=", "9", "end\n", "{"][(seed >> 20) as usize % 9];
            errors += same(&format!("{}{ch}{}", &text[..at], &text[next..]), false);
        }
        assert!(errors > 100, "only {errors} parses failed: errors were hardly compared");
    }
}
