//! pest's parse error to one diagnostic in the policy lead's words. All the
//! syntax-error wording is here; the help is chosen by the grammar rules pest
//! expected, never by matching the words of the message.

use super::vocabulary::{self, describe, END_OF_FILE};
use super::Rule;
use crate::diagnostics::{Code, Diagnostic};
use crate::span::Span;
use pest::error::{ErrorVariant, InputLocation};

/// Turn pest's error into one message. `at_file_start`: `source` is the start
/// of the file, where the `rule set` line belongs. `following`: the text after
/// `source` when it is one piece of the file, so a piece that ends early says
/// what comes next rather than "the end of the file".
pub fn syntax_error(source: &str, e: pest::error::Error<Rule>, at_file_start: bool, following: &str) -> Diagnostic {
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let end = source[pos..].find(|c: char| c.is_whitespace()).map(|n| pos + n.max(1)).unwrap_or(source.len());
    let end = if end == pos { (pos + 1).min(source.len()) } else { end };
    let sp = Span::new(pos, end);

    // The most common slip: a piece of text that runs to the end of its line.
    let line_start = source[..pos].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_end = source[pos..].find('\n').map(|i| pos + i).unwrap_or(source.len());
    if let Some((q, c)) = curly_quote(&source[line_start..line_end]) {
        let q = line_start + q;
        return Diagnostic::error(Code::E001, Span::new(q, q + c.len_utf8()), format!("`{c}` is a curly quote mark, as a word processor writes it"))
            .with_help("Rule files need straight quote marks around text: type them again as \", for example \"Early help\". Turning off \"smart quotes\" in the editor stops it happening.");
    }
    if let Some(q) = unclosed_quote(&source[line_start..line_end]) {
        let q = line_start + q;
        return Diagnostic::error(Code::E003, Span::new(q, line_end.max(q + 1)), "This text has no closing quote mark")
            .with_help("Put a \" at the end of the text, on the same line.");
    }
    if let ErrorVariant::CustomError { message } = &e.variant {
        if message.contains("call limit") {
            return Diagnostic::error(Code::E006, sp, "This rule file is too complex to check")
                .with_help("Split long conditions into named definitions.");
        }
        return Diagnostic::error(Code::E001, sp, message.clone());
    }
    let positives: &[Rule] = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => positives,
        ErrorVariant::CustomError { .. } => &[],
    };

    let found_word = match source[pos..].split(char::is_whitespace).next().filter(|w| !w.is_empty()) {
        Some(w) => Some(w),
        None if source[pos..].trim().is_empty() => following.split_whitespace().next(),
        None => None,
    };
    let found = match found_word {
        Some(w) => format!("`{}`", w.chars().take(30).collect::<String>()),
        None => END_OF_FILE.to_string(),
    };
    // Only blank lines and comments before the first word: the header is missing
    // (a file that starts with `rule X` would otherwise read "Expected `rule`, but found `rule`").
    let notes_only = |text: &str| text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    // (pest may also stop just after a first `rule`, looking for `set`: `rule MIS9 ...`.)
    let after_first_rule = notes_only(&source[..line_start]) && source[line_start..pos].trim() == "rule";
    if at_file_start && (notes_only(&source[..pos]) || after_first_rule) {
        // The first word of the file, after its notes: a block such as `rule` or `form` means the header is missing.
        // (`source` may be only the notes at the top, with the rest in `following`.)
        let first_line = source.lines().chain(following.lines()).map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#'));
        let first = first_line.and_then(|l| l.split_whitespace().next());
        let is_header = first_line.is_some_and(|l| l.starts_with("rule set"));
        let message = match first {
            Some(w) if !is_header && (w == "rule" || vocabulary::starts_item(w).is_some()) => {
                format!("The `rule set` line is missing: the file starts with `{w}`, but a rule file must start with its name")
            }
            _ => "A rule file must start with its name".to_string(),
        };
        return Diagnostic::error(Code::E007, sp, message).with_help(
            "Start the file with a line like: rule set \"Contextual safeguarding screening\", before the levels, the form and the rules.",
        );
    }
    if found_word == Some("than") {
        let before = source[line_start..pos].trim_end();
        let prev = before.rsplit(char::is_whitespace).next().unwrap_or("");
        let words = match prev {
            "greater" | "bigger" | "larger" | "higher" | "more" | "older" => Some("is more than"),
            "less" | "smaller" | "fewer" | "lower" | "younger" => Some("is less than"),
            _ => None,
        };
        if let Some(words) = words {
            let had_is = before[..before.len() - prev.len()].trim_end().ends_with(" is");
            let start = line_start + before.len() - prev.len();
            let written = if had_is { format!("is {prev} than") } else { format!("{prev} than") };
            return Diagnostic::error(Code::E001, Span::new(start, pos + 4), format!("Write `{words}` instead of `{written}`"))
                .with_help("Comparisons of numbers are written `is more than`, `is less than`, `is at least` or `is at most`, for example `age is more than 12`.");
        }
    }
    if let Some((start, id)) = level_in_words(&source[line_start..pos], &source[pos..line_end]) {
        let start = line_start + start;
        let words_end = pos + source[pos..line_end].split('#').next().unwrap_or("").trim_end().len();
        return Diagnostic::error(Code::E001, Span::new(start, words_end.max(start + 1)), format!("A level is written as its id, one word: `{id}`"))
            .with_help("Write the level's id as it stands in the levels list at the top of the file (letters, digits and underscores, no spaces), for example `raise to child_in_need`.");
    }
    let mut words: Vec<&str> = positives.iter().filter_map(|r| describe(*r)).collect();
    crate::order::sort_dedup(&mut words);
    if words == [END_OF_FILE] && source[pos..].starts_with("rule set") {
        return Diagnostic::error(Code::E007, sp, "The `rule set` line must come first in the file, before every other block")
            .with_help("Move this line, and the version, owner and date lines after it, to the top of the file. Only notes (lines starting with #) may come before it.");
    }
    if words == [END_OF_FILE] && pos < source.len() {
        return Diagnostic::error(Code::E001, sp, format!("{} does not start a block the language knows", capitalise(&found))).with_help(
            format!(
                "Every part of a rule file starts with one of: {}. Check for an `end` too many above, or make this line a comment by starting it with #.",
                vocabulary::item_words().join(", ")
            ),
        );
    }
    let message = match (words.len(), found_word) {
        (0, Some(_)) => format!("{} is not expected here", capitalise(&found)),
        (0, None) => "The file ends before this part is finished".to_string(),
        (1, _) => format!("Expected {}, but found {found}", words[0]),
        (n, _) => format!("Expected {} or {}, but found {found}", words[..n - 1].join(", "), words[n - 1]),
    };
    Diagnostic::error(Code::E001, sp, message).with_help(hint_for(positives, found_word == Some("end")))
}

/// `raise to child in need`: the parse stops at the second word of a level
/// written in words. `before` is the line up to there, `after` the rest of
/// the line. Gives where the level starts in `before` and the id to write.
fn level_in_words(before: &str, after: &str) -> Option<(usize, String)> {
    let is_word = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || c == '_');
    let mut back = before.split_whitespace().rev();
    let first = back.next()?;
    if !(is_word(first) && back.next()? == "to" && back.next()? == "raise") {
        return None;
    }
    let after = after.split('#').next().unwrap_or("");
    let rest: Vec<&str> = after.split_whitespace().take_while(|w| is_word(w)).collect();
    if rest.is_empty()
        || rest.first().is_some_and(|w| {
            vocabulary::starts_item(w).is_some() || matches!(*w, "rationale" | "source" | "raise" | "add" | "action" | "prompt" | "end")
        })
    {
        return None;
    }
    let start = before.trim_end().len() - first.len();
    let id = std::iter::once(first).chain(rest).map(|w| w.to_lowercase()).collect::<Vec<_>>().join("_");
    Some((start, id))
}

/// A curly quote mark outside straight-quoted text on this line (inside it is
/// just text), with where it is.
fn curly_quote(line: &str) -> Option<(usize, char)> {
    let mut open = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if open => escaped = true,
            '"' => open = !open,
            '#' if !open => return None,
            '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' if !open => return Some((i, c)),
            _ => {}
        }
    }
    None
}

/// Where a piece of text on this line opens and never closes (a `#` inside
/// quotes is text, not a comment).
fn unclosed_quote(line: &str) -> Option<usize> {
    let mut open = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match (open, c) {
            (Some(_), _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(_), '"') => open = None,
            (None, '"') => open = Some(i),
            (None, '#') => break,
            _ => {}
        }
    }
    open
}

/// `a and b or c`: the two readings, so the writer says which one is meant.
pub fn mixed_and_or(sp: Span, and_first: &str, or_first: &str) -> Diagnostic {
    Diagnostic::error(Code::E008, sp, "This condition mixes `and` with `or` without brackets, so it can be read two ways")
        .with_help(format!("Put brackets round the part that goes together: `{and_first}`, or `{or_first}`"))
}

/// `count is 1 or more`: the words the language has for it.
pub fn or_more(sp: Span, written: &str, meant: &str) -> Diagnostic {
    Diagnostic::error(Code::E001, sp, format!("Write `{meant}` instead of `{written}`"))
        .with_help("Comparisons of numbers are written `is at least`, `is at most`, `is more than` or `is less than`, for example `age is at least 13`.")
}

/// A block whose `end` is missing, named by its first line. `chunk` is the
/// block (from its first word to where the next block starts), `line` the
/// line it starts on, `next_line` the line of the next block, if any.
pub fn missing_end(chunk: &str, line: usize, next_line: Option<usize>) -> Diagnostic {
    // The innermost block still open at the end (a `list` inside the form,
    // say), found by pairing each block's first line with an `end`.
    let blocks = vocabulary::block_words();
    let mut open: Vec<usize> = Vec::new();
    // The last block closed inside another: its `end` may be the one missing above it.
    let mut nested: Option<(usize, usize)> = None;
    let mut at = 0;
    for l in chunk.split_inclusive('\n') {
        let t = l.trim_start();
        let word = t.split_whitespace().next().unwrap_or("");
        let after = t[word.len()..].trim_start();
        if word == "end" {
            if let Some(start) = open.pop() {
                if !open.is_empty() {
                    nested = Some((start, at));
                }
            }
        } else if blocks.contains(&word) && !(word == "form" && (after.starts_with('{') || after.starts_with('"'))) {
            open.push(at + (l.len() - t.len()));
        }
        at += l.len();
    }
    let lead = open.last().copied().unwrap_or(chunk.len() - chunk.trim_start().len());
    let line_at = |k: usize| line + chunk[..k].matches('\n').count();
    let inner = nested.filter(|(start, _)| *start > lead).map(|(start, end)| {
        let words: Vec<&str> = chunk[start..].split_whitespace().take(2).collect();
        let (e, s) = (line_at(end), line_at(start));
        format!(
            " The `end` on line {e} closes the {} that starts on line {s}, not this block: if the {} stops before line {e}, give it an `end` of its own.",
            words.join(" "),
            words.first().unwrap_or(&"block")
        )
    });
    let line = line_at(lead);
    let first = chunk[lead..].lines().next().unwrap_or("");
    let word = first.split_whitespace().next().unwrap_or("");
    let rest = first[word.len()..].trim_start();
    let name = if rest.starts_with('"') {
        rest.match_indices('"').nth(1).map(|(k, _)| &rest[..=k])
    } else {
        rest.split_whitespace().next().filter(|n| n.chars().all(|c| c.is_alphanumeric() || c == '_'))
    };
    let (what, shown) = match name {
        Some(n) => (format!("The {word} {n}"), word.len() + (first.len() - word.len() - rest.len()) + n.len()),
        None => (format!("The `{word}` block"), word.len()),
    };
    let before = match next_line {
        Some(n) => format!("before line {n}, where the next block starts"),
        None => "at the end of the file".to_string(),
    };
    Diagnostic::error(Code::E001, Span::new(lead, lead + shown.max(1)), format!("{what} that starts on line {line} has no `end`"))
        .with_help(format!("Put `end` on a line of its own after the last line of this block, {before}.{}", inner.unwrap_or_default()))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Help for what pest expected, chosen by its rules.
fn hint_for(expected: &[Rule], found_end: bool) -> String {
    if found_end || expected.contains(&Rule::kw_end) {
        return format!("Every block ({}) closes with `end`.", vocabulary::block_words().join(", "));
    }
    if expected.iter().any(|r| matches!(r, Rule::rationale | Rule::kw_rationale)) {
        return "A rule lists its effects after `then`, followed by `rationale \"...\"` and `source \"...\"`.".into();
    }
    if expected.iter().any(|r| describe(*r) == Some(vocabulary::NAME)) {
        return "Names are single words of letters, digits and underscores, such as `date_of_birth`.".into();
    }
    "Check the spelling and the order of the words on this line.".into()
}

#[cfg(test)]
mod tests {
    use super::{curly_quote, level_in_words, missing_end, unclosed_quote};

    #[test]
    fn a_hash_inside_quotes_is_text() {
        assert_eq!(unclosed_quote(r#"rule r "Say # here"#), Some(7));
        assert_eq!(unclosed_quote(r#"rule r "Say # here" # a "comment"#), None);
        assert_eq!(unclosed_quote(r#"prompt "a \" quote"#), Some(7));
    }

    #[test]
    fn a_level_in_words_is_joined_into_its_id() {
        assert_eq!(level_in_words("  then raise to child ", "in need"), Some((16, "child_in_need".into())));
        assert_eq!(level_in_words("  then raise to Child ", "In Need # note"), Some((16, "child_in_need".into())));
        assert_eq!(level_in_words("  then raise to early_help ", "rationale"), None);
        assert_eq!(level_in_words("  then add child ", "in need"), None);
    }

    #[test]
    fn a_missing_end_names_the_innermost_open_block() {
        let d = missing_end("rule R1 \"A rule\"\n  when x is yes\n\n", 12, Some(15));
        assert_eq!(d.message, "The rule R1 that starts on line 12 has no `end`");
        let d = missing_end("form\n  list kids \"Kids\": each kid\n    field a \"A\": number\n  end\n", 7, None);
        assert_eq!(d.message, "The `form` block that starts on line 7 has no `end`");
        let d = missing_end("form\n  field a \"A\": number\n  list kids \"Kids\": each kid\n", 7, None);
        assert_eq!(d.message, "The list kids that starts on line 9 has no `end`");
    }

    #[test]
    fn curly_quotes_outside_text_are_found() {
        assert_eq!(curly_quote("rule r \u{201C}Say\u{201D}"), Some((7, '\u{201C}')));
        assert_eq!(curly_quote("rule r \"Say \u{2018}this\u{2019}\""), None);
        assert_eq!(curly_quote("rule r \"x\" # \u{201C}"), None);
    }

    #[test]
    fn a_byte_order_mark_at_the_start_is_passed_over() {
        let text = "\u{FEFF}rule set \"Example\"\nlevels\n  universal \"Universal\"\nend\n";
        assert!(crate::syntax::parse(text).is_ok());
        // Anywhere else it is not part of the language.
        assert!(crate::syntax::parse(&text.replace("levels", "\u{FEFF}levels")).is_err());
    }
}
