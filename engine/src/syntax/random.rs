//! For the syntax stage's unit tests: random edits of a rule file drawn from
//! one linear congruential generator (tests/support/random.rs draws the
//! integration tests' from proptest), so each test edits alike on every run.

/// A seeded generator: each [`Lcg::next`] is the sequence's next number.
pub(super) struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Lcg(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0
    }
}

/// The character of `text` at `at` (or the one `at` falls in): where it
/// starts and where the next starts (the end at the end).
pub(super) fn char_at(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let next = (at + 1..=text.len()).find(|&j| text.is_char_boundary(j)).unwrap_or(text.len());
    (at, next)
}
