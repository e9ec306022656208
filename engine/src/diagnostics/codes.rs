//! Every code the engine can give, each once with its one-line meaning. The
//! `codes!` table makes the enum, its text and the `CODES` list from one
//! line a code, so a code that is not listed here cannot be written anywhere
//! else (it does not compile), and the guide test (engine/tests/docs.rs)
//! checks that rules/README.md explains each one.

use serde::{Serialize, Serializer};

/// What a code is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    /// A place in a rule file (`screen check` reports these).
    RuleFile,
    /// An answer in a form.
    Form,
    /// How the browser build was called, or a failure inside it.
    Call,
}

macro_rules! codes {
    ($($about:ident { $($(#[$doc:meta])* $code:ident => $meaning:literal,)* })*) => {
        /// A stable diagnostic code. It is written out as its name (`"E101"`).
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($($(#[$doc])* $code,)*)*
        }

        impl Code {
            /// The code as written in messages and in the guide: `"E101"`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($(Code::$code => stringify!($code),)*)*
                }
            }

            /// What the code means, in one line.
            pub const fn meaning(self) -> &'static str {
                match self {
                    $($(Code::$code => $meaning,)*)*
                }
            }

            /// What the code is about: the rule file, a form, or a call.
            pub const fn about(self) -> About {
                match self {
                    $($(Code::$code => About::$about,)*)*
                }
            }

            /// Every code, in the order of `CODES`.
            pub const ALL: &[Code] = &[$($(Code::$code,)*)*];
        }

        /// Every code with what it means. The guide in rules/README.md explains
        /// each in more words; a test checks none is missing.
        pub const CODES: &[(&str, &str)] = &[$($((stringify!($code), $meaning),)*)*];
    };
}

codes! {
    RuleFile {
    E001 => "The rule file does not follow the language's layout here",
    E002 => "`=` or `==` used where the language says `is`",
    E003 => "A piece of text is missing its closing quote mark",
    E004 => "A symbol such as `<` or `>=` used where the language uses words",
    E005 => "A date that does not exist or is not written as YYYY-MM-DD",
    E006 => "The rule file is too large or nested too deeply to check safely",
    E007 => "The rule file has no `rule set` line at the top",
    E008 => "`and` and `or` mixed in one condition without brackets",
    E101 => "A name that is not declared: a field, definition, or list item",
    E102 => "An option that the field does not have",
    E103 => "A level that is not in the levels list",
    E104 => "An action that is not in the actions list",
    E105 => "A score that is not declared",
    E106 => "A band that the score does not have",
    E107 => "A rule or floor id that does not exist",
    E108 => "The same name or id declared twice",
    E109 => "A context that is not one of the six contexts",
    E110 => "A kind that is not vulnerability, risk or harm",
    E111 => "A rule breaks a policy that the rule set states",
    E201 => "A comparison that does not fit the type of the answer",
    E202 => "A condition that is not a yes or no question",
    E203 => "`any`, `all`, `no` or `count` used on something that is not a list",
    E204 => "Definitions that depend on each other in a circle",
    E301 => "Two bands of a score overlap",
    E302 => "A gap between two bands of a score",
    E303 => "No levels declared",
    E304 => "A test's form cannot be read",
    E305 => "A test's date is not a real date",
    E306 => "A rule or floor whose rationale or source is empty",
    E307 => "A test with no `expect` line",
    W401 => "A definition that no rule uses",
    W402 => "A form field that no rule reads",
    W403 => "A rule reads a protected characteristic",
    W404 => "A score whose first band does not start at 0 or below",
    W405 => "An option of a field the rules read that no rule or definition reads",
    W406 => "A number in a rule's title that its condition does not test",
    }
    Form {
    F001 => "A form answer of the wrong type",
    F002 => "A form answer that is not one of the field's options",
    F003 => "A form date that does not exist",
    F004 => "A form answer for a field the rule set does not declare",
    F005 => "A form too large or nested too deeply",
    }
    // The browser build's own errors: the `code` of the JavaScript `Error` it throws.
    Call {
    /// A value of the wrong kind passed to the browser build (not a string, not a real date).
    E_ARGUMENT => "A value passed to the engine is of the wrong kind or not a real date",
    /// A bug in the engine, caught and reported instead of aborting.
    E_INTERNAL => "The engine hit an internal error",
    /// `compile` refused the rule file; the error's `diagnostics` say why.
    COMPILE => "The rule file does not compile",
    /// `format` refused the rule file; the error's `diagnostics` say why.
    FORMAT => "The rule file cannot be laid out because it does not parse",
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_table_agree() {
        assert_eq!(Code::E101.as_str(), "E101");
        assert_eq!(Code::E_ARGUMENT.as_str(), "E_ARGUMENT");
        assert!(CODES.contains(&(Code::W403.as_str(), Code::W403.meaning())));
        let mut seen = std::collections::HashSet::new();
        assert!(CODES.iter().all(|(c, _)| seen.insert(*c)), "a code is listed twice");
        assert_eq!(Code::ALL.len(), CODES.len());
        assert_eq!(Code::F004.about(), About::Form);
        assert_eq!(Code::COMPILE.about(), About::Call);
    }
}
