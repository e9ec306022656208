//! W406: a number in a rule's or floor's title that its condition does not
//! test. A title is what a screener and the board read; a condition changed
//! from "is at least 3" to "is at least 2" under the title "three or more
//! times" says one thing and does another (training trial, issue 13; policy
//! lead trial 3, slip 4). What counts as tested: a number in the condition,
//! in a definition it uses (and theirs), a `within N days` amount, and the
//! labels of the fields, options and definitions it reads ("Two or more
//! phones" is an option label). Numbers are read as digits or as the words
//! two to twelve (and "twice"): "one" is left out, as in "one incident" it
//! names a thing, not a threshold.

use crate::check::Checker;
use crate::diagnostics::Code;
use crate::program::{CExpr, FieldTy, Lit};
use crate::syntax::ast::Span;

/// Each rule's and floor's W406 is found as it is checked
/// ([`Checker::title_numbers`]), so that an editor keeps it with the rule's
/// check: this reports them, in file order.
pub(super) fn check(c: &mut Checker) {
    for (span, message, help) in std::mem::take(&mut c.titles) {
        c.warn(Code::W406, span, message, help);
    }
}

impl Checker<'_> {
    /// The numbers in a rule's or floor's title (at `span`) that its
    /// condition `when` does not test, as W406's place, message and help,
    /// noted in `titles` for [`check`]. Every definition is checked by now.
    pub(in crate::check) fn title_numbers(&mut self, span: Span, id: &str, title: &str, when: &CExpr) {
        let stated = numbers_in(title);
        if stated.is_empty() {
            return;
        }
        let mut own = Tested::default();
        tested_numbers(self, when, &mut own);
        // The definitions it uses, and theirs, each once; what each tests
        // (its label and condition, without the definitions it uses) is
        // worked out once for all the rules that use it.
        if self.title_defs.len() != self.defs.len() {
            self.title_defs = (0..self.defs.len()).map(|_| None).collect();
        }
        let mut used = Vec::new();
        let mut defs_seen = Vec::new();
        let mut next = own.defs.clone();
        while let Some(def) = next.pop() {
            if defs_seen.contains(&def) {
                continue;
            }
            defs_seen.push(def);
            let Some(Some((d, expr, _))) = self.defs.get(def) else { continue };
            if self.title_defs[def].is_none() {
                let mut t = Tested::default();
                if let Some(l) = &d.label {
                    add_words(l, &mut t.numbers);
                }
                tested_numbers(self, expr, &mut t);
                self.title_defs[def] = Some(t);
            }
            next.extend(self.title_defs[def].as_ref().map(|t| t.defs.clone()).unwrap_or_default());
            used.push(def);
        }
        for n in stated {
            let tested =
                own.numbers.contains(&n) || used.iter().any(|&d| self.title_defs[d].as_ref().is_some_and(|t| t.numbers.contains(&n)));
            if !tested {
                self.titles.push((
                    span,
                    format!("The title of {id} says {n}, but its condition does not test {n}"),
                    format!(
                        "Make the title and the condition say the same: change the number in the condition, or the title \"{title}\" to the number the condition tests."
                    ),
                ));
            }
        }
    }
}

/// The numbers one condition tests, and the definitions it uses (not followed).
/// Only asked whether it holds a number: a list, not a set type of its own.
#[derive(Default)]
pub(in crate::check) struct Tested {
    numbers: Vec<String>,
    defs: Vec<usize>,
}

/// Numbers a title states, written as digits or words, each once.
fn numbers_in(text: &str) -> Vec<String> {
    const WORDS: &[(&str, &str)] = &[
        ("two", "2"),
        ("twice", "2"),
        ("three", "3"),
        ("four", "4"),
        ("five", "5"),
        ("six", "6"),
        ("seven", "7"),
        ("eight", "8"),
        ("nine", "9"),
        ("ten", "10"),
        ("eleven", "11"),
        ("twelve", "12"),
    ];
    let mut out = Vec::new();
    // Words are ASCII letters and digits (any other byte splits them, as
    // its character would), so comparing without case is comparing in
    // lower case, with no copy; the number words are 3 to 6 letters long.
    for w in text.as_bytes().split(|c| !c.is_ascii_alphanumeric()) {
        let n = if !w.is_empty() && w.iter().all(|c| c.is_ascii_digit()) {
            let digits = &w[w.iter().position(|&c| c != b'0').unwrap_or(w.len())..];
            Some(if digits.is_empty() { "0".to_string() } else { String::from_utf8_lossy(digits).into_owned() })
        } else if (3..=6).contains(&w.len()) {
            WORDS.iter().find(|(word, _)| word.as_bytes().eq_ignore_ascii_case(w)).map(|(_, d)| d.to_string())
        } else {
            None
        };
        if let Some(n) = n.filter(|n| !out.contains(n)) {
            out.push(n);
        }
    }
    out
}

fn add_words(text: &str, out: &mut Vec<String>) {
    out.extend(numbers_in(text));
}

fn tested_numbers(c: &Checker, e: &CExpr, found: &mut Tested) {
    let field_words = |field: usize, out: &mut Vec<String>| {
        if let Some(f) = c.schema.fields.get(field) {
            add_words(&f.label, out);
        }
    };
    let option_words = |value: &CExpr, mask: u64, out: &mut Vec<String>| {
        if let CExpr::Field { field, .. } = value {
            if let Some(FieldTy::OneOf(opts) | FieldTy::SeveralOf(opts)) = c.schema.fields.get(*field).map(|f| &f.ty) {
                for (i, o) in opts.iter().enumerate().take(64) {
                    if mask & (1u64 << i) != 0 {
                        add_words(&o.label, out);
                    }
                }
            }
        }
    };
    match e {
        CExpr::Lit(Lit::Num(n)) => {
            if n.fract() == 0.0 && n.abs() < 1e15 {
                found.numbers.push(format!("{}", *n as i64));
            } else {
                found.numbers.push(crate::decimal::Plain(*n).to_string());
            }
        }
        CExpr::Lit(_) | CExpr::Today => {}
        CExpr::Field { field, .. } => field_words(*field, &mut found.numbers),
        CExpr::Def { def, .. } => found.defs.push(*def),
        CExpr::And(v) | CExpr::Or(v) => v.iter().for_each(|x| tested_numbers(c, x, found)),
        CExpr::Not(x) | CExpr::Answered(x) => tested_numbers(c, x, found),
        CExpr::Compare(_, a, b) | CExpr::Arith(_, a, b) => {
            for (x, y) in [(a, b), (b, a)] {
                if let CExpr::Lit(Lit::Choice(i)) = y.as_ref() {
                    option_words(x, 1u64.checked_shl(*i).unwrap_or(0), &mut found.numbers);
                }
            }
            tested_numbers(c, a, found);
            tested_numbers(c, b, found);
        }
        CExpr::OneOf { value, options, .. } => {
            let mask = options.iter().fold(0u64, |m, o| match o {
                CExpr::Lit(Lit::Choice(i)) => m | 1u64.checked_shl(*i).unwrap_or(0),
                _ => m,
            });
            option_words(value, mask, &mut found.numbers);
            tested_numbers(c, value, found);
            options.iter().for_each(|x| tested_numbers(c, x, found));
        }
        CExpr::Within { value, amount, other, .. } => {
            found.numbers.push(amount.to_string());
            tested_numbers(c, value, found);
            tested_numbers(c, other, found);
        }
        CExpr::Contains { text, phrases, .. } => {
            phrases.iter().for_each(|p| add_words(p, &mut found.numbers));
            tested_numbers(c, text, found);
        }
        CExpr::Includes { value, mask, .. } => {
            option_words(value, *mask, &mut found.numbers);
            tested_numbers(c, value, found);
        }
        CExpr::Between { from, to, .. } => {
            tested_numbers(c, from, found);
            tested_numbers(c, to, found);
        }
        CExpr::Quant { list, cond, .. } => {
            list.steps.iter().for_each(|&f| field_words(f, &mut found.numbers));
            tested_numbers(c, cond, found);
        }
        CExpr::Count { list, cond } => {
            list.steps.iter().for_each(|&f| field_words(f, &mut found.numbers));
            if let Some(x) = cond {
                tested_numbers(c, x, found);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::numbers_in;

    #[test]
    fn numbers_are_read_as_digits_or_words() {
        assert_eq!(numbers_in("Missing two or more times in 30 days"), vec!["2", "30"]);
        assert_eq!(numbers_in("Under 13, or Twelve"), vec!["13", "12"]);
        assert!(numbers_in("Found far from home").is_empty());
    }
}
