//! The parse cache (syntax::parse re-parses only the top-level items whose
//! text changed since the last call) gives exactly what a cold parse of the
//! whole file gives: every span, every diagnostic, and the checked program,
//! over sequences of one-character edits like an editor session's (some
//! leave the file broken, some move every item after them).

use screening_engine::diagnostics::LineIndex;
use screening_engine::syntax;
use screening_engine::{api, check};

/// A small seeded generator, so a failure replays.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

const TYPED: &[char] = &['a', 'e', 'z', '_', '1', '9', '"', ' ', '\n', '#', '(', '=', '.', 'é'];

/// One edit at a char boundary: replace, insert or delete a character.
fn edit(text: &str, rng: &mut Lcg) -> String {
    let mut at = rng.next(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let ch = TYPED[rng.next(TYPED.len())];
    let next_boundary = |i: usize| (i + 1..=text.len()).find(|&j| text.is_char_boundary(j)).unwrap_or(text.len());
    match rng.next(3) {
        0 => format!("{}{ch}{}", &text[..at], &text[next_boundary(at)..]),
        1 => format!("{}{ch}{}", &text[..at], &text[at..]),
        _ => format!("{}{}", &text[..at], &text[next_boundary(at)..]),
    }
}

/// Both parses, then both checks, compared through `Debug` (which, unlike
/// `==`, sees spans: `Span` compares equal to every span).
fn same(text: &str, what: &str) -> bool {
    let cached = syntax::parse(text);
    let cold = syntax::parse_uncached(text);
    assert_eq!(format!("{cached:?}"), format!("{cold:?}"), "the parse differs after {what}");
    if let (Ok((a, _)), Ok((b, _))) = (&cached, &cold) {
        let lines = LineIndex::new(text);
        assert_eq!(format!("{:?}", check::check(a, &lines)), format!("{:?}", check::check(b, &lines)), "the check differs after {what}");
    }
    // And through the API, with its kept last result: every diagnostic, placed, and the program.
    assert_eq!(format!("{:?}", api::compile(text)), format!("{:?}", api::compile_cold(text)), "compile differs after {what}");
    cached.is_ok()
}

fn session(file: &str, edits: usize, seed: u64) {
    let path = format!("{}/../rules/{file}", env!("CARGO_MANIFEST_DIR"));
    let original = std::fs::read_to_string(&path).expect("reads the rule file");
    let mut rng = Lcg(seed);
    let mut text = original.clone();
    let (mut parsed, mut broken) = (0, 0);
    assert!(same(&text, "no edit"), "{file} parses");
    for i in 0..edits {
        let edited = edit(&text, &mut rng);
        let ok = same(&edited, &format!("edit {i} of {file} (seed {seed})"));
        if ok {
            parsed += 1;
            text = edited; // kept, as typing keeps it
        } else {
            broken += 1;
            // The same text again, then back to the last good one: both from the cache.
            same(&edited, &format!("edit {i} again"));
            same(&text, &format!("undoing edit {i}"));
        }
        // Now and then start over from the shipped text (the cache holds the edited one).
        if rng.next(10) == 0 {
            text = original.clone();
            same(&text, "going back to the shipped text");
        }
    }
    // The sequence exercised both kinds of edit, or it proves little.
    assert!(parsed > 0 && broken > 0, "{file}: {parsed} edits parsed, {broken} broke the file");
}

#[test]
fn cached_parse_matches_cold_parse_contextual_safeguarding() {
    session("contextual-safeguarding.rules", 40, 1);
}

#[test]
fn cached_parse_matches_cold_parse_seraf() {
    session("seraf-scoring.rules", 40, 2);
}

#[test]
fn cached_parse_matches_cold_parse_language() {
    session("language.rules", 80, 3);
}

#[test]
fn moved_items_and_a_new_header() {
    let path = format!("{}/../rules/language.rules", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("reads the rule file");
    same(&text, "the shipped text");
    // Every item after the header moves on: spans must follow.
    same(&format!("# a comment first\n\n{text}"), "a comment put first");
    same(&text.replacen("rule set \"", "rule set \"X", 1), "the header renamed");
    // A rule moved to the top, before the header: the whole-file parse decides.
    let first_rule = text.find("\nrule ").expect("has a rule") + 1;
    let end = first_rule + text[first_rule..].find("\nend\n").expect("rule ends") + 5;
    same(&format!("{}{}{}", &text[first_rule..end], &text[..first_rule], &text[end..]), "a rule put before the header");
    same("", "an empty file");
    same(&text, "the shipped text again");
}
