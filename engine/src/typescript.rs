//! The TypeScript types of the data the engine hands to JavaScript, generated
//! from the Rust types (ts-rs, in a native test: nothing is added to the Wasm
//! build) into web-demo/package/engine-types.d.ts. The test fails when the
//! committed file is not what the Rust types give; `UPDATE_TYPES=1 cargo test
//! -p screening-engine --lib typescript` writes it afresh.

use crate::diagnostics::{Code, Severity};
use serde::Serialize;
use ts_rs::{Config, TS};

/// A diagnostic about the rule file: what `check()` returns and what a
/// compile error's `diagnostics` hold. (`Diagnostic` serialises itself by
/// where it points; these two mirror its two shapes, and a test below keeps
/// them in step with it.)
#[derive(Serialize, TS)]
#[ts(rename = "Diagnostic")]
#[serde(rename_all = "camelCase")]
pub struct RuleFileDiagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// 1-based; columns count characters.
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// An answer that could not be read: an outcome's `formErrors`, and a form
/// error's `diagnostics`.
#[derive(Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FormProblem {
    pub code: Code,
    pub severity: Severity,
    /// Where in the form: `children[0].date_of_birth` (empty for the form as a whole).
    pub field: String,
    pub label: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub help: Option<String>,
}

/// Every code as a union of its strings.
impl TS for Code {
    type WithoutGenerics = Code;
    type OptionInnerType = Code;
    fn name(_: &Config) -> String {
        "Code".into()
    }
    fn inline(_: &Config) -> String {
        Code::ALL.iter().map(|c| format!("\"{}\"", c.as_str())).collect::<Vec<_>>().join(" | ")
    }
    fn decl(cfg: &Config) -> String {
        format!("type Code = {};", Self::inline(cfg))
    }
    fn decl_concrete(cfg: &Config) -> String {
        Self::decl(cfg)
    }
    fn docs() -> Option<String> {
        Some("/**\n * A diagnostic code; rules/README.md explains each.\n */".into())
    }
}

fn file() -> String {
    use crate::{api, binding, limits, outcome, present, program, review, testing};
    let cfg = Config::new().with_large_int("number");
    let mut out = String::from(
        "// Generated from the engine's Rust types by engine/src/typescript.rs: do not edit.\n\
         // UPDATE_TYPES=1 cargo test -p screening-engine --lib typescript writes it afresh.\n",
    );
    let mut add = |docs: Option<String>, decl: String| {
        out.push('\n');
        if let Some(d) = docs {
            // ts-rs gives the doc comment already laid out as JSDoc.
            out.push_str(d.trim_end());
            out.push('\n');
        }
        out.push_str("export ");
        out.push_str(&decl);
        out.push('\n');
    };
    macro_rules! types {
        ($($t:ty),*) => { $( add(<$t as TS>::docs(), <$t as TS>::decl(&cfg)); )* };
    }
    types!(
        Code,
        Severity,
        RuleFileDiagnostic,
        FormProblem,
        program::RuleSetInfo,
        api::SchemaField,
        api::SchemaKind,
        api::SchemaOption,
        api::TestForm,
        api::DecisionIds<'static>,
        limits::Limits,
        outcome::Outcome,
        outcome::Headline,
        outcome::Screened,
        outcome::ChildScreened,
        outcome::ContextScreened,
        present::Presentation,
        present::Audience,
        present::Counts,
        present::Section,
        present::Item,
        outcome::LevelResult,
        outcome::LevelRef,
        outcome::ActionResult,
        outcome::ScoreResult,
        outcome::BandResult,
        outcome::ContextResult,
        outcome::PromptResult,
        outcome::FiredRule,
        outcome::FiredFloor,
        outcome::Fact,
        outcome::UndecidedRule,
        outcome::Need,
        outcome::Question,
        outcome::ActionRef,
        testing::TestReport,
        testing::TestResult,
        testing::SetAsideTest,
        testing::Mismatch,
        review::impact::Impact,
        review::impact::CaseImpact,
        review::impact::Snapshot,
        review::impact::PromptLine,
        review::impact::Change,
        review::impact::Waiting,
        review::impact::BandLine,
        review::impact::NewQuestion,
        review::NewOption,
        review::coverage::Coverage,
        review::coverage::RuleCoverage,
        review::coverage::ConditionCoverage,
        review::coverage::BoundaryCoverage,
        review::coverage::QuestionCoverage,
        review::coverage::BandCoverage,
        review::coverage::OptionCoverage,
        binding::Controls,
        binding::Control,
        binding::Kind,
        binding::Choice,
        binding::Binding,
        binding::Pinned,
        binding::Mapped,
        binding::input::MappedMore,
        binding::derive::Derive,
        binding::derive::Test,
        binding::Bound,
        binding::input::Given,
        binding::Problem
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, LineIndex};
    use crate::span::Span;

    const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../web-demo/package/engine-types.d.ts");

    #[test]
    fn typescript_types_are_up_to_date() {
        let want = file();
        if std::env::var_os("UPDATE_TYPES").is_some() {
            std::fs::write(PATH, &want).unwrap();
            return;
        }
        let have = std::fs::read_to_string(PATH).unwrap_or_default();
        assert!(
            have == want,
            "web-demo/package/engine-types.d.ts is out of date with the Rust types: run \
             UPDATE_TYPES=1 cargo test -p screening-engine --lib typescript and commit it"
        );
    }

    /// The mirrors have the very keys `Diagnostic` writes for each kind of place.
    #[test]
    fn mirrors_match_what_diagnostics_write() {
        let src = "rule set \"x\"\n";
        let d = Diagnostic::error(Code::E001, LineIndex::new(src).pos(Span::new(0, 4)), "m").with_help("h");
        let m = RuleFileDiagnostic {
            code: Code::E001,
            severity: Severity::Error,
            message: "m".into(),
            help: Some("h".into()),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 5,
        };
        assert_eq!(serde_json::to_string(&d).unwrap(), serde_json::to_string(&m).unwrap());
        let f = Diagnostic::form(Code::F001, "a", "A", "m");
        let m = FormProblem {
            code: Code::F001,
            severity: Severity::Error,
            field: "a".into(),
            label: "A".into(),
            message: "m".into(),
            help: None,
        };
        assert_eq!(serde_json::to_string(&f).unwrap(), serde_json::to_string(&m).unwrap());
        assert!(serde_json::to_string(&f.with_help("h")).unwrap().ends_with(r#""message":"m","help":"h"}"#));
    }
}
