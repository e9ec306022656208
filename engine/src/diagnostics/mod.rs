//! One diagnostic type for every stage: parse, check and form reading. Each has
//! a listed code (`codes.rs`) and says where it is: a place in the rule file or
//! an answer in a form. The test runner and the browser build's errors use the
//! same listed codes.

mod codes;
mod lines;
mod suggest;

pub use codes::{About, Code, CODES};
pub use lines::LineIndex;
pub use suggest::{closest, did_you_mean};

use crate::span::Span;
use serde::ser::{Serialize, SerializeStruct, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, PartialOrd, Ord)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub location: Location,
}

/// Where a diagnostic points.
#[derive(Debug, Clone, PartialEq)]
pub enum Location {
    /// A place in the rule file.
    Source(SourcePos),
    /// An answer in a form: its path (`children[0].date_of_birth`, empty for
    /// the form as a whole) and the label a person reads.
    Form { field: String, label: String },
}

/// A span of the rule file with its 1-based line and column (columns count
/// characters). Made by `LineIndex::pos`; `line` is 0 only while a syntax-stage
/// diagnostic waits for `finish` to place it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourcePos {
    pub span: Span,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl SourcePos {
    /// A span whose line and column are not worked out yet (the syntax stage).
    pub fn unplaced(span: Span) -> Self {
        SourcePos { span, line: 0, column: 0, end_line: 0, end_column: 0 }
    }
}

impl From<Span> for Location {
    fn from(span: Span) -> Self {
        Location::Source(SourcePos::unplaced(span))
    }
}

impl From<SourcePos> for Location {
    fn from(pos: SourcePos) -> Self {
        Location::Source(pos)
    }
}

impl Diagnostic {
    pub fn error(code: Code, at: impl Into<Location>, message: impl Into<String>) -> Self {
        Diagnostic { code, severity: Severity::Error, message: message.into(), help: None, location: at.into() }
    }
    pub fn warning(code: Code, at: impl Into<Location>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, at, message) }
    }
    /// A problem with one answer of a form.
    pub fn form(code: Code, field: impl Into<String>, label: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic::error(code, Location::Form { field: field.into(), label: label.into() }, message)
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
    /// The same diagnostic for a piece of source that starts `by` bytes into
    /// the file (the syntax stage re-parses pieces; it places nothing yet).
    pub fn shifted(mut self, by: usize) -> Self {
        if let Location::Source(p) = &mut self.location {
            *p = SourcePos::unplaced(Span::new(p.span.start + by, p.span.end + by));
        }
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
    /// The place in the rule file, if the diagnostic is about the rule file.
    pub fn source(&self) -> Option<&SourcePos> {
        match &self.location {
            Location::Source(p) => Some(p),
            _ => None,
        }
    }
    /// The span in the rule file (empty at 0 when the diagnostic is not about it).
    pub fn span(&self) -> Span {
        self.source().map(|p| p.span).unwrap_or_default()
    }
    /// 1-based line in the rule file; 0 when the diagnostic is not about it.
    pub fn line(&self) -> usize {
        self.source().map(|p| p.line).unwrap_or(0)
    }
    /// 1-based column (in characters) in the rule file; 0 when not about it.
    pub fn column(&self) -> usize {
        self.source().map(|p| p.column).unwrap_or(0)
    }
}

/// The wire shape is the one callers already read: a rule-file diagnostic is
/// `{code, severity, message, help, line, column, endLine, endColumn}`, a form
/// diagnostic `{code, severity, field, label, message}`.
impl Serialize for Diagnostic {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.location {
            Location::Source(p) => {
                let mut st = s.serialize_struct("Diagnostic", 8)?;
                st.serialize_field("code", &self.code)?;
                st.serialize_field("severity", &self.severity)?;
                st.serialize_field("message", &self.message)?;
                st.serialize_field("help", &self.help)?;
                st.serialize_field("line", &p.line)?;
                st.serialize_field("column", &p.column)?;
                st.serialize_field("endLine", &p.end_line)?;
                st.serialize_field("endColumn", &p.end_column)?;
                st.end()
            }
            Location::Form { field, label } => {
                let mut st = s.serialize_struct("Diagnostic", 6)?;
                st.serialize_field("code", &self.code)?;
                st.serialize_field("severity", &self.severity)?;
                st.serialize_field("field", field)?;
                st.serialize_field("label", label)?;
                st.serialize_field("message", &self.message)?;
                if let Some(h) = &self.help {
                    st.serialize_field("help", h)?;
                }
                st.end()
            }
        }
    }
}

/// 1-based line and column of one offset. For many positions in the same
/// source, make one `LineIndex` instead.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(source).line_col(offset)
}

/// Sort by position, errors before warnings at the same place, drop repeats,
/// and place the syntax stage's diagnostics (the checker places its own as it
/// makes them) with one index of the source's lines.
pub fn finish(mut diags: Vec<Diagnostic>, source: &str) -> Vec<Diagnostic> {
    crate::order::sort_by(&mut diags, |a, b| {
        (a.span().start, a.severity, a.code.as_str()).cmp(&(b.span().start, b.severity, b.code.as_str()))
    });
    diags.dedup_by(|a, b| a.code == b.code && a.span().range() == b.span().range() && a.message == b.message);
    let mut lines = None;
    for d in &mut diags {
        if let Location::Source(p) = &mut d.location {
            if p.line == 0 {
                *p = lines.get_or_insert_with(|| LineIndex::new(source)).pos(p.span);
            }
        }
    }
    diags
}
