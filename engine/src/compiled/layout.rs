//! The bytes between the runtime and a compiled module: the one description
//! that the writer (`prepare`), the reader (`finish`) and the code generator
//! all follow. Little-endian throughout. Every offset either side uses is
//! named here, so a change of layout is a change of this file.

/// The input header, at the input address: today (i32), the form's record
/// (pointer), the number of records (u32), 4 spare bytes.
pub const IN_TODAY: u32 = 0;
pub const IN_ROOT: u32 = 4;
pub const IN_RECORDS: u32 = 8;
pub const IN_HEADER: u32 = 16;

/// A record: its index (u32; `finish` maps it to a `Loc`), 4 spare bytes,
/// then one 16-byte slot per field: tag (u32) at +0, value at +8.
pub const REC_INDEX: u32 = 0;
pub const REC_HEADER: u32 = 8;
pub const SLOT: u32 = 16;
pub const SLOT_TAG: u32 = 0;
pub const SLOT_VALUE: u32 = 8;

/// A slot's tag: what its value is.
pub const TAG_MISSING: u32 = 0;
pub const TAG_BOOL: u32 = 1;
pub const TAG_NUM: u32 = 2;
pub const TAG_TEXT: u32 = 3;
pub const TAG_DATE: u32 = 4;
pub const TAG_CHOICE: u32 = 5;
/// A several-of answer's value is a pointer to the options ticked (u64)
/// then the options asked (u64), a bit per option.
pub const TAG_CHOICES: u32 = 6;
pub const CHOICES_TICKED: u32 = 0;
pub const CHOICES_ASKED: u32 = 8;
/// A list answer's value is a pointer to: count (u32), then the items' record pointers.
pub const TAG_LIST: u32 = 7;
pub const LIST_COUNT: u32 = 0;
pub const LIST_ITEMS: u32 = 4;
/// A record pointer (in a list, and on the module's items stack).
pub const POINTER: u32 = 4;

/// A text: handle (u32: the form's n-th text, or `LITERAL | k` for the
/// rule set's k-th text literal), length of the text as the interpreter
/// matches phrases in it, pointer and length of its comparison key
/// (trimmed, lower-cased), then the text's bytes, then one flag byte per
/// position 0..=len: bit 0 "no letter or digit just before", bit 1 "no
/// letter or digit just after" (Unicode `is_alphanumeric`, worked out in
/// Rust so the module only compares bytes).
pub const TEXT_HANDLE: u32 = 0;
pub const TEXT_LEN: u32 = 4;
pub const TEXT_KEY: u32 = 8;
pub const TEXT_KEY_LEN: u32 = 12;
pub const TEXT_BYTES: u32 = 16;
pub const LITERAL: u32 = 0x8000_0000;

/// A reason (fact), on the module's stack and in the output: target (field
/// id, or `DEF | definition`), record index, value tag (`TAG_MISSING` =
/// unknown, else a slot tag), matched phrase (0 = none, else phrase id + 1),
/// two 8-byte value words (a number's range; options ticked and asked; else
/// the value and 0).
pub const FACT: u32 = 32;
pub const FACT_TARGET: u32 = 0;
pub const FACT_RECORD: u32 = 4;
pub const FACT_TAG: u32 = 8;
pub const FACT_MATCHED: u32 = 12;
pub const FACT_A: u32 = 16;
pub const FACT_B: u32 = 24;
pub const DEF: u32 = 0x8000_0000;

/// An unanswered question: field id, record index.
pub const NEED: u32 = 8;
pub const NEED_FIELD: u32 = 0;
pub const NEED_RECORD: u32 = 4;

/// Output: total length (u32) then, for each rule then each floor, a header
/// (result: 0 not fired, 1 fired, 2 undecided; fact count; need count), then
/// the facts (only when fired) and the needs (only when undecided), as raw
/// lists: `finish` removes repeats exactly as the interpreter does. The
/// module's `decide` writes the same output with no facts and no needs (for
/// `Loaded::decision`, which reads only the results).
pub const OUT_LENGTH: u32 = 4;
pub const OUT_RESULT: u32 = 0;
pub const OUT_FACTS: u32 = 4;
pub const OUT_NEEDS: u32 = 8;
pub const OUT_RULE: u32 = 12;
/// A rule's result in its header.
pub const NOT_FIRED: u32 = 0;
pub const FIRED: u32 = 1;
pub const UNDECIDED: u32 = 2;

/// Write `v` at byte `at` of `bytes` (nothing when it does not fit).
pub fn put32(bytes: &mut [u8], at: u32, v: u32) {
    let at = at as usize;
    if let Some(s) = bytes.get_mut(at..at + 4) {
        s.copy_from_slice(&v.to_le_bytes());
    }
}

/// Write `v` at byte `at` of `bytes` (nothing when it does not fit).
pub fn put64(bytes: &mut [u8], at: u32, v: u64) {
    let at = at as usize;
    if let Some(s) = bytes.get_mut(at..at + 8) {
        s.copy_from_slice(&v.to_le_bytes());
    }
}

pub fn pad8(bytes: &mut Vec<u8>) {
    zeros(bytes, bytes.len().wrapping_neg() % 8);
}

/// Append `n` zero bytes, copied rather than written one by one (the
/// size-optimised build does not turn `resize` into a fill).
pub fn zeros(bytes: &mut Vec<u8>, mut n: usize) {
    const ZEROS: [u8; 256] = [0; 256];
    bytes.reserve(n);
    while n > 0 {
        let k = n.min(ZEROS.len());
        bytes.extend_from_slice(&ZEROS[..k]);
        n -= k;
    }
}

/// Append a text's descriptor (see `TEXT_*`) that will sit at address `at`:
/// the form's answers (`prepare`) and the rule set's literals (the code
/// generator's data segment) are written by this one function.
pub fn text_descriptor(bytes: &mut Vec<u8>, at: u32, handle: u32, text: &str) {
    let len = text.len() as u32;
    let text_at = at.wrapping_add(TEXT_BYTES);
    bytes.reserve(TEXT_BYTES as usize + 2 * text.len() + 8);
    let header = bytes.len() as u32;
    zeros(bytes, TEXT_BYTES as usize);
    bytes.extend_from_slice(text.as_bytes());
    // The form's answers are already lower case (`words`), and so are most
    // literals: then the key is the trimmed text itself, and is not copied.
    let lower = push_boundary_flags(bytes, text);
    let trimmed = text.trim();
    let (key_at, key_len) = if lower {
        let start = (trimmed.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize) as u32;
        (text_at.wrapping_add(start), trimmed.len() as u32)
    } else {
        let key = trimmed.to_lowercase();
        bytes.extend_from_slice(key.as_bytes());
        (text_at.wrapping_add(len.wrapping_mul(2)).wrapping_add(1), key.len() as u32)
    };
    for (offset, v) in [(TEXT_HANDLE, handle), (TEXT_LEN, len), (TEXT_KEY, key_at), (TEXT_KEY_LEN, key_len)] {
        put32(bytes, header + offset, v);
    }
    pad8(bytes);
}

/// For each ASCII byte: 1 when it is a letter or digit, 2 when an upper-case letter.
const ASCII_CLASS: [u8; 128] = {
    let mut class = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        class[b] = (b as u8).is_ascii_alphanumeric() as u8 | ((b as u8).is_ascii_uppercase() as u8) << 1;
        b += 1;
    }
    class
};

/// For each byte position 0..=len of `text`: bit 0 when no letter or digit
/// ends just before it, bit 1 when none starts at it (what `contains_words`
/// asks of a match's two ends). Positions inside a character get 0; the
/// module never asks about them, as a match of whole characters starts and
/// ends between characters.
#[cfg(test)]
fn boundary_flags(text: &str) -> Vec<u8> {
    let mut flags = Vec::new();
    push_boundary_flags(&mut flags, text);
    flags
}

/// `boundary_flags`, appended to `out`, in one pass (ASCII without
/// decoding). Also says whether `text` is already its own lower case
/// (`to_lowercase` would give it back unchanged): Σ lowers to σ or ς, and
/// every other character by itself.
fn push_boundary_flags(out: &mut Vec<u8>, text: &str) -> bool {
    let base = out.len();
    zeros(out, text.len() + 1);
    let Some(flags) = out.get_mut(base..) else { return false };
    let bytes = text.as_bytes();
    let (mut i, mut prev_alnum, mut lower) = (0, false, true);
    while let Some(&b) = bytes.get(i) {
        let (alnum, width) = match ASCII_CLASS.get(b as usize) {
            Some(&class) => {
                lower &= class & 2 == 0;
                (class & 1 != 0, 1)
            }
            None => {
                let c = text.get(i..).and_then(|t| t.chars().next()).unwrap_or(' ');
                lower &= crate::form::lowers_to_itself(c);
                (c.is_alphanumeric(), c.len_utf8())
            }
        };
        if let Some(f) = flags.get_mut(i) {
            *f = !prev_alnum as u8 | (!alnum as u8) << 1;
        }
        prev_alnum = alnum;
        i += width;
    }
    if let Some(f) = flags.get_mut(bytes.len()) {
        *f = !prev_alnum as u8 | 2;
    }
    lower
}

/// Reads the output's little-endian words in order; `None` past the end.
pub struct Reader<'b> {
    pub bytes: &'b [u8],
    pub at: usize,
}

impl Reader<'_> {
    pub fn u32(&mut self) -> Option<u32> {
        let b = self.bytes.get(self.at..self.at.checked_add(4)?)?;
        self.at += 4;
        Some(u32::from_le_bytes(b.try_into().ok()?))
    }
    /// The u32 at `offset` from the start of the entry now being read (which starts at `entry`).
    pub fn u32_at(&self, entry: usize, offset: u32) -> Option<u32> {
        let at = entry.checked_add(offset as usize)?;
        Some(u32::from_le_bytes(self.bytes.get(at..at.checked_add(4)?)?.try_into().ok()?))
    }
    pub fn u64_at(&self, entry: usize, offset: u32) -> Option<u64> {
        let at = entry.checked_add(offset as usize)?;
        Some(u64::from_le_bytes(self.bytes.get(at..at.checked_add(8)?)?.try_into().ok()?))
    }
    /// Step over an entry of `size` bytes that starts here; `None` when it runs past the end.
    pub fn entry(&mut self, size: u32) -> Option<usize> {
        let start = self.at;
        let end = start.checked_add(size as usize)?;
        (end <= self.bytes.len()).then(|| {
            self.at = end;
            start
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_mark_word_ends() {
        // "a-b": a is a word, "-" is not, b is.
        assert_eq!(boundary_flags("a-b"), vec![1, 2, 1, 2]);
        assert_eq!(boundary_flags(""), vec![3]);
        // é is two bytes: the position inside it gets 0.
        assert_eq!(boundary_flags("é"), vec![1, 0, 2]);
    }

    /// The comparison key is the trimmed text lower-cased, whether it is
    /// copied (text not yet lower case) or points into the text itself.
    #[test]
    fn the_key_is_the_trimmed_text_lower_cased() {
        for text in ["", " ", "abc", "Abc", " x y ", "£400 cash", "é", "É", "ΣΑΣ", "σας", "straße", "İx", "ǅ", "\u{a0}Ab\u{a0}"]
        {
            let mut bytes = Vec::new();
            text_descriptor(&mut bytes, 0, 7, text);
            let word = |at: u32| u32::from_le_bytes(bytes[at as usize..at as usize + 4].try_into().unwrap()) as usize;
            assert_eq!((word(TEXT_HANDLE), word(TEXT_LEN)), (7, text.len()));
            let key = &bytes[word(TEXT_KEY)..word(TEXT_KEY) + word(TEXT_KEY_LEN)];
            assert_eq!(std::str::from_utf8(key).unwrap(), text.trim().to_lowercase(), "{text:?}");
            assert_eq!(&bytes[TEXT_BYTES as usize..][..text.len()], text.as_bytes());
            assert_eq!(bytes[TEXT_BYTES as usize + text.len()..][..text.len() + 1], boundary_flags(text)[..]);
            assert!(bytes.len().is_multiple_of(8));
        }
    }

    #[test]
    fn fact_fields_fill_the_fact() {
        assert_eq!(FACT_B + 8, FACT);
        assert_eq!(NEED_RECORD + 4, NEED);
        assert_eq!(OUT_NEEDS + 4, OUT_RULE);
    }
}
