//! What a policy lead needs to own a change to a rule file, built on the
//! compiled program and the tests written in it:
//! - `impact`: which cases (the tests' forms, and any referrals given) come out
//!   differently under a changed file, and which rules made each change;
//! - `coverage`: what the file's own tests exercise (rules and floors both
//!   firing and not, bands reached, options ticked);
//! - `signoff`: one printable page for the safeguarding partnership board.
//!
//! `api` compiles the files and calls these; the `screen` command and the
//! browser build are thin layers over `api`.

pub mod coverage;
pub mod impact;
pub mod signoff;

use crate::dates::Day;
use crate::outcome::Outcome;
use crate::program::{Program, TestFormDef};

/// One form to screen: where it came from, its JSON text, and its date.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// A name a person recognises: the test's name, or the file (and line) it came from.
    pub name: String,
    /// Where it came from, in words: "test at line 1074 of the old file", "cases/ash-lane.json".
    pub origin: String,
    pub json: String,
    pub date: Day,
}

/// The forms of a program's tests as cases. `files` reads a form file named
/// in a test; a file that cannot be read is returned as an error in words,
/// so nothing is dropped silently.
pub fn test_cases(program: &Program, which: &str, files: &dyn Fn(&str) -> Option<String>, today: Day) -> (Vec<Case>, Vec<String>) {
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    for t in &program.tests {
        let origin = format!("test at line {} of the {which} file", t.line);
        let json = match &t.form {
            TestFormDef::Inline(j) => j.clone(),
            TestFormDef::File(path) => match files(path) {
                Some(text) => text,
                None => {
                    errors.push(format!("The test \"{}\" ({origin}) names the form file \"{path}\", which cannot be read", t.name));
                    continue;
                }
            },
        };
        let date = t.date.or(program.default_date).unwrap_or(today);
        cases.push(Case { name: t.name.clone(), origin, json, date });
    }
    (cases, errors)
}

/// Screen a case as a real referral is screened (answers read leniently).
pub fn screen(program: &Program, case: &Case) -> Result<Outcome, String> {
    let value = crate::form::parse_json(&case.json).map_err(|e| e.message)?;
    let data = crate::form::read(&program.schema, &value);
    Ok(crate::eval::evaluate(program, &data, case.date).outcome())
}
