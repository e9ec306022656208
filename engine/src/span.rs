//! Byte positions in a rule file. The lowest layer: the syntax tree, the
//! checker and diagnostics all point at text through a `Span`.

use serde::Serialize;

/// A byte range in the source. Two spans are always equal and hash alike
/// (Cedar's `Loc` rule): a span says where a node came from, not what it
/// means, so syntax trees written differently compare equal when they mean
/// the same. Code that needs the place itself compares [`Span::range`].
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
    /// The place itself, for the few comparisons that are about position.
    pub fn range(self) -> (usize, usize) {
        (self.start, self.end)
    }
    /// The same span moved `by` bytes on (a piece parsed on its own, put back in the file).
    pub fn shifted(self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }
}

impl PartialEq for Span {
    fn eq(&self, _: &Span) -> bool {
        true
    }
}

impl Eq for Span {}

impl std::hash::Hash for Span {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

/// Line starts of a source, found once, so turning many offsets into lines
/// and columns costs a binary search each instead of a scan from the top
/// (which made 16,000 diagnostics on a broken file quadratic).
pub struct LineIndex<'s> {
    source: &'s str,
    /// Byte offset where each line starts, and whether the line is all ASCII.
    lines: Vec<(usize, bool)>,
}

impl<'s> LineIndex<'s> {
    pub fn new(source: &'s str) -> Self {
        let mut lines = line_starts(source);
        finish_lines(source, &mut lines);
        LineIndex { source, lines }
    }

    /// The index of `source` from its [`line_starts`] found piece by piece:
    /// each piece's own, moved to where the piece starts, in order (the parse
    /// kept between an editor's calls keeps each piece's).
    pub fn from_line_starts(source: &'s str, mut lines: Vec<(usize, bool)>) -> Self {
        finish_lines(source, &mut lines);
        LineIndex { source, lines }
    }

    /// 1-based line and column; columns count characters, not bytes.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        let i = self.lines.partition_point(|(start, _)| *start <= offset).saturating_sub(1);
        let (start, ascii) = self.lines[i];
        let column = if ascii { offset - start } else { self.source[start..offset].chars().count() };
        (i + 1, column + 1)
    }

    /// The text a span covers ("" for a span outside the source or not on character boundaries).
    pub fn text(&self, span: Span) -> &'s str {
        self.source.get(span.start..span.end).unwrap_or("")
    }
}

/// Where each line of `text` starts, and whether it is all ASCII: for text
/// cut at line starts, the pieces' tables, each moved by where its piece
/// starts, make the whole text's.
pub fn line_starts(text: &str) -> Vec<(usize, bool)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        lines.push((start, line.is_ascii()));
        start += line.len();
    }
    lines
}

/// The empty line after a final line break (or of an empty text).
fn finish_lines(source: &str, lines: &mut Vec<(usize, bool)>) {
    if lines.is_empty() || source.ends_with('\n') {
        lines.push((source.len(), true));
    }
}

#[cfg(test)]
mod tests {
    use super::{LineIndex, Span};

    #[test]
    fn lines_and_character_columns() {
        let src = "ab\nçd e\n\nx";
        let ix = LineIndex::new(src);
        assert_eq!(ix.line_col(0), (1, 1));
        assert_eq!(ix.line_col(2), (1, 3));
        assert_eq!(ix.line_col(3), (2, 1));
        assert_eq!(ix.line_col(6), (2, 3), "ç is one character of two bytes");
        assert_eq!(ix.line_col(4), (2, 1), "inside a character: its start");
        assert_eq!(ix.line_col(9), (3, 1));
        assert_eq!(ix.line_col(10), (4, 1));
        assert_eq!(ix.line_col(11), (4, 2));
        assert_eq!(ix.line_col(99), (4, 2));
        assert_eq!(LineIndex::new("").line_col(0), (1, 1));
        assert_eq!(LineIndex::new("a\n").line_col(2), (2, 1));
    }

    #[test]
    fn place_is_not_meaning() {
        assert_eq!(Span::new(0, 3), Span::new(10, 13));
        assert_ne!(Span::new(0, 3).range(), Span::new(10, 13).range());
        assert_eq!(Span::new(4, 6).to(Span::new(1, 2)).range(), (1, 6));
    }
}
