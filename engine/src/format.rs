//! `screen fmt`: one canonical layout. The formatter works on lines, so every
//! comment stays exactly where the policy lead put it; it only refuses files
//! that do not parse. It changes indentation and spacing, never words, so the
//! meaning cannot change (a property test checks this against the syntax tree).

use crate::diagnostics::{self, Diagnostic};
use crate::syntax::vocabulary::{self as vocab, Item, Role};

const INDENT: &str = "  ";

#[derive(Clone, Copy, PartialEq, Debug)]
enum Block {
    Levels,
    Form,
    Rule { after_then: bool },
    Floor,
    Policy,
    Score,
    Test { json_depth: usize },
}

pub fn format(source: &str) -> Result<String, Vec<Diagnostic>> {
    if let Err(d) = crate::syntax::parse(source) {
        return Err(diagnostics::finish(d, source));
    }
    let mut out: Vec<String> = Vec::new();
    let mut stack: Vec<Block> = Vec::new();
    // Open brackets of the statement now running on (for continuation lines).
    let mut parens: usize = 0;
    let mut statement_indent = 0usize;
    let mut blank = false;

    for raw in source.lines() {
        let line = raw.trim();
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push(String::new());
            blank = false;
        }
        if let Some(Block::Test { json_depth }) = stack.last().copied() {
            if json_depth > 0 {
                // Inside a test's form: indent by brace depth, keep the JSON as written.
                let opens_before = line.starts_with('}') || line.starts_with(']');
                let depth = if opens_before { json_depth - 1 } else { json_depth };
                let base = stack.len();
                out.push(format!("{}{}", INDENT.repeat(base + depth), line));
                let d = json_delta(line);
                let nd = (json_depth as isize + d).max(0) as usize;
                if let Some(Block::Test { json_depth }) = stack.last_mut() {
                    *json_depth = nd;
                }
                continue;
            }
        }
        if line.starts_with('#') {
            let indent = stack_indent(&stack) + if parens > 0 { 2 } else { 0 };
            out.push(format!("{}{}", INDENT.repeat(indent), line));
            continue;
        }
        let code = normalise(line);
        let word = first_word(&code);
        let is_statement = parens == 0 && starts_statement(&stack, word);
        let indent;
        if is_statement {
            indent = statement_level(&stack, word);
            statement_indent = indent;
        } else {
            let closing = code.starts_with(')');
            indent = statement_indent + 2 + parens.saturating_sub(1 + closing as usize);
        }
        out.push(format!("{}{}", INDENT.repeat(indent), code));

        // Update the block stack after placing the line.
        if is_statement {
            let top = stack.last().copied();
            match (word, top) {
                _ if vocab::has_role(word, Role::End) => {
                    stack.pop();
                }
                (_, None) => match vocab::starts_item(word) {
                    Some(Item::Levels | Item::Actions) => stack.push(Block::Levels),
                    Some(Item::Form) => stack.push(Block::Form),
                    Some(Item::Rule) if !code.starts_with("rule set ") => stack.push(Block::Rule { after_then: false }),
                    Some(Item::Floor) => stack.push(Block::Floor),
                    Some(Item::Policy) => stack.push(Block::Policy),
                    Some(Item::Score) => stack.push(Block::Score),
                    Some(Item::Test) => stack.push(Block::Test { json_depth: 0 }),
                    _ => {}
                },
                (_, Some(Block::Form)) if vocab::has_role(word, Role::OpensNested) => stack.push(Block::Form),
                ("then", Some(Block::Rule { .. })) => {
                    if let Some(Block::Rule { after_then }) = stack.last_mut() {
                        *after_then = true;
                    }
                }
                ("form", Some(Block::Test { .. })) => {
                    let d = json_delta(&code).max(0) as usize;
                    if let Some(Block::Test { json_depth }) = stack.last_mut() {
                        *json_depth = d;
                    }
                }
                _ => {}
            }
        }
        parens = (parens as isize + paren_delta(&code)).max(0) as usize;
    }
    let mut text = out.join("\n");
    text.push('\n');
    Ok(text)
}

fn stack_indent(stack: &[Block]) -> usize {
    match stack.last() {
        None => 0,
        Some(Block::Form) => stack.len(),
        Some(Block::Rule { after_then: true }) => 2,
        Some(_) => 1,
    }
}

/// Whether a line starting with `word` is a new statement where it stands
/// (otherwise it continues the one before): the vocabulary's roles decide.
fn starts_statement(stack: &[Block], word: &str) -> bool {
    if vocab::has_role(word, Role::End) {
        return !stack.is_empty();
    }
    let clause = |b| vocab::starts_clause(word, b);
    let effect = vocab::has_role(word, Role::Effect);
    match stack.last() {
        None => vocab::starts_item(word).is_some() || vocab::has_role(word, Role::Header),
        Some(Block::Levels) => true,
        Some(Block::Form) => clause(vocab::Block::Form),
        Some(Block::Rule { .. }) => clause(vocab::Block::Rule) || effect,
        Some(Block::Floor) => clause(vocab::Block::Floor),
        Some(Block::Policy) => clause(vocab::Block::Policy),
        Some(Block::Score) => clause(vocab::Block::Score) || effect,
        Some(Block::Test { .. }) => clause(vocab::Block::Test),
    }
}

fn statement_level(stack: &[Block], word: &str) -> usize {
    if vocab::has_role(word, Role::End) {
        return match stack.last() {
            Some(Block::Form) => stack.len() - 1,
            _ => 0,
        };
    }
    match stack.last() {
        None => 0,
        Some(Block::Form) => stack.len(),
        // Effects sit under `then` or under their band.
        Some(Block::Rule { .. }) | Some(Block::Score) if vocab::has_role(word, Role::Effect) => 2,
        Some(_) => 1,
    }
}

fn first_word(code: &str) -> &str {
    code.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("")
}

/// Bracket balance of a line, outside strings and comments.
fn paren_delta(code: &str) -> isize {
    count_outside(code, |c| match c {
        '(' => 1,
        ')' => -1,
        _ => 0,
    })
}

fn json_delta(code: &str) -> isize {
    count_outside(code, |c| match c {
        '{' | '[' => 1,
        '}' | ']' => -1,
        _ => 0,
    })
}

fn count_outside(code: &str, f: impl Fn(char) -> isize) -> isize {
    let mut n = 0;
    let mut in_str = false;
    let mut esc = false;
    for c in code.chars() {
        if in_str {
            match (esc, c) {
                (true, _) => esc = false,
                (false, '\\') => esc = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '#' => break,
            _ => n += f(c),
        }
    }
    n
}

/// One space between words, none inside brackets or before commas and colons,
/// one after commas; text in quotes and comments are left alone.
fn normalise(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                flush_space(&mut out, &mut pending_space);
                out.push(c);
                let mut esc = false;
                for d in chars.by_ref() {
                    out.push(d);
                    if esc {
                        esc = false;
                    } else if d == '\\' {
                        esc = true;
                    } else if d == '"' {
                        break;
                    }
                }
            }
            '#' => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push(c);
                out.extend(chars.by_ref());
                return out.trim_end().to_string();
            }
            c if c.is_whitespace() => pending_space = true,
            ',' => {
                pending_space = false;
                out.push(',');
                if chars.peek().is_some() {
                    pending_space = true;
                }
            }
            ':' => {
                out.push(':');
                pending_space = true;
            }
            ')' => {
                pending_space = false;
                out.push(')');
            }
            '(' => {
                flush_space(&mut out, &mut pending_space);
                out.push('(');
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            _ => {
                flush_space(&mut out, &mut pending_space);
                out.push(c);
            }
        }
    }
    out.trim_end().to_string()
}

fn flush_space(out: &mut String, pending: &mut bool) {
    if *pending && !out.is_empty() && !out.ends_with('(') {
        out.push(' ');
    }
    *pending = false;
}
