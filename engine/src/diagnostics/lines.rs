//! Line and column from a byte offset, worked out once per source: the start
//! of every line is found in one pass, then each position is a binary search
//! (not a scan from the top of the file for every diagnostic).

use super::SourcePos;
use crate::syntax::ast::Span;

pub struct LineIndex<'a> {
    source: &'a str,
    /// Byte offset where each line starts; the first is 0.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(source: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(source.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        LineIndex { source, starts }
    }

    /// 1-based line and column; columns count characters, not bytes.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, self.source[start..offset].chars().count() + 1)
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
