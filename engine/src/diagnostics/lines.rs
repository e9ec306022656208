//! Line and column of a diagnostic, worked out once per source. The line
//! starts are found by `span::LineIndex` (the syntax stage uses it too); this
//! wrapper adds the diagnostic's whole place (`SourcePos`).

use super::SourcePos;
use crate::span::Span;

pub struct LineIndex<'a>(crate::span::LineIndex<'a>);

impl<'a> LineIndex<'a> {
    pub fn new(source: &'a str) -> Self {
        LineIndex(crate::span::LineIndex::new(source))
    }

    /// The index made from line starts found piece by piece (`span::LineIndex::from_line_starts`).
    pub fn from_line_starts(source: &'a str, lines: Vec<(usize, bool)>) -> Self {
        LineIndex(crate::span::LineIndex::from_line_starts(source, lines))
    }

    /// 1-based line and column; columns count characters, not bytes.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.0.line_col(offset)
    }

    /// The text a span covers.
    pub fn text(&self, span: Span) -> &'a str {
        self.0.text(span)
    }

    /// Where a span sits, with line and column filled in.
    pub fn pos(&self, span: Span) -> SourcePos {
        let (line, column) = self.line_col(span.start);
        let (end_line, end_column) = self.line_col(span.end);
        SourcePos { span, line, column, end_line, end_column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_character_columns() {
        let src = "ab\ncé d\n\nx";
        let ix = LineIndex::new(src);
        assert_eq!(ix.line_col(0), (1, 1));
        assert_eq!(ix.line_col(2), (1, 3));
        assert_eq!(ix.line_col(3), (2, 1));
        // `é` is two bytes but one column.
        assert_eq!(ix.line_col(6), (2, 3));
        assert_eq!(ix.line_col(9), (3, 1));
        assert_eq!(ix.line_col(10), (4, 1));
        assert_eq!(ix.line_col(999), (4, 2));
        // Inside a two-byte character: the character's own column.
        assert_eq!(ix.line_col(5), (2, 2));
    }
}
