//! One diagnostic type for every stage: parse, check, form reading and tests.
//! Codes are stable: the policy leads' guide documents each one, and a test
//! keeps the guide and this table in step.

use crate::syntax::ast::Span;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    #[serde(skip)]
    pub span: Span,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Diagnostic {
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            help: None,
            span,
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
        }
    }
    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, span, message) }
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
    /// Fill in line and column (1-based, columns counted in characters) from the source.
    pub fn locate(mut self, source: &str) -> Self {
        let (l, c) = line_col(source, self.span.start);
        let (el, ec) = line_col(source, self.span.end);
        self.line = l;
        self.column = c;
        self.end_line = el;
        self.end_column = ec;
        self
    }
}

pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Sort by position, errors before warnings at the same place, and fill in lines.
pub fn finish(mut diags: Vec<Diagnostic>, source: &str) -> Vec<Diagnostic> {
    diags.sort_by(|a, b| (a.span.start, a.severity, a.code).cmp(&(b.span.start, b.severity, b.code)));
    diags.dedup_by(|a, b| a.code == b.code && a.span.range() == b.span.range() && a.message == b.message);
    let lines = crate::span::LineIndex::new(source);
    for d in &mut diags {
        ((d.line, d.column), (d.end_line, d.end_column)) = (lines.line_col(d.span.start), lines.line_col(d.span.end));
    }
    diags
}

/// Every code the engine can give, with what it means. The guide in
/// rules/README.md explains each in more words; a test checks none is missing.
pub const CODES: &[(&str, &str)] = &[
    ("E001", "The rule file does not follow the language's layout here"),
    ("E002", "`=` or `==` used where the language says `is`"),
    ("E003", "A piece of text is missing its closing quote mark"),
    ("E004", "A symbol such as `<` or `>=` used where the language uses words"),
    ("E005", "A date that does not exist or is not written as YYYY-MM-DD"),
    ("E006", "The rule file is too large or nested too deeply to check safely"),
    ("E007", "The rule file has no `rule set` line at the top"),
    ("E101", "A name that is not declared: a field, definition, or list item"),
    ("E102", "An option that the field does not have"),
    ("E103", "A level that is not in the levels list"),
    ("E104", "An action that is not in the actions list"),
    ("E105", "A score that is not declared"),
    ("E106", "A band that the score does not have"),
    ("E107", "A rule or floor id that does not exist"),
    ("E108", "The same name or id declared twice"),
    ("E109", "A context that is not one of the six contexts"),
    ("E110", "A kind that is not vulnerability, risk or harm"),
    ("E201", "A comparison that does not fit the type of the answer"),
    ("E202", "A condition that is not a yes or no question"),
    ("E203", "`any`, `all`, `no` or `count` used on something that is not a list"),
    ("E204", "Definitions that depend on each other in a circle"),
    ("E301", "Two bands of a score overlap"),
    ("E302", "A gap between two bands of a score"),
    ("E303", "No levels declared"),
    ("E304", "A test's form cannot be read"),
    ("E305", "A test's date is not a real date"),
    ("W401", "A definition that no rule uses"),
    ("W402", "A form field that no rule reads"),
    ("W403", "A rule reads a protected characteristic"),
    ("W404", "A score whose first band does not start at 0 or below"),
    ("F001", "A form answer of the wrong type"),
    ("F002", "A form answer that is not one of the field's options"),
    ("F003", "A form date that does not exist"),
    ("F004", "A form answer for a field the rule set does not declare"),
    ("F005", "A form too large or nested too deeply"),
];
