//! Reading a form (JSON shaped by the schema) into values the evaluator can
//! use. A bad answer is a form error that names the field; that field counts
//! as unanswered and the rest of the form is still read.

use crate::dates::{self, Day, TypedDate};
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::json::{self, Json};
use crate::limits;
use crate::program::{FieldTy, RecordId, Schema};
use std::borrow::Cow;
use std::fmt::Display;

#[cfg(test)]
mod legacy;
#[cfg(test)]
mod tests;

#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Missing,
    Bool(bool),
    Num(f64),
    /// The answer as typed, and a lower-cased copy with single spaces for matching.
    Text {
        raw: String,
        words: String,
    },
    Date(Day),
    Choice(u32),
    /// Several of: the options ticked, and the options the form asked (bit i
    /// is option i). A plain list of ticks asks every option; a form that
    /// shows only some of them says which, and the rest stay unknown.
    /// `ticked` is always within `asked`, and `asked` is never empty.
    Choices {
        ticked: u64,
        asked: u64,
    },
    List(Vec<Record>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub vals: Vec<Val>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormData {
    pub root: Record,
    /// Answers that could not be read, each a diagnostic located at the
    /// answer (`Location::Form`: its path, such as `children[0].date_of_birth`, and label).
    pub errors: Vec<Diagnostic>,
}

/// Parse form JSON text with the limits on size and depth.
pub fn parse_json(text: &str) -> Result<Json, Diagnostic> {
    let fail = |message: String| Diagnostic::form(Code::F005, "", "The form", message);
    if text.len() > limits::MAX_FORM_BYTES {
        return Err(fail(format!("The form is {} bytes; the most allowed is {}", text.len(), limits::MAX_FORM_BYTES)));
    }
    let deep = || fail(format!("The form is nested more than {} levels deep", limits::MAX_FORM_DEPTH));
    // The limit on depth is checked before the text is JSON: text nested too
    // deep is refused for that, whatever mistakes it also has. The parser
    // stops at the limit itself, with all the text before valid JSON; only
    // text it refuses is walked again for brackets past the limit.
    match json::parse_nested(text, limits::MAX_FORM_DEPTH) {
        Ok(v) => Ok(v),
        Err(json::Refused::Deep) => Err(deep()),
        Err(json::Refused::Text(_)) if nested_too_deep(text) => Err(deep()),
        Err(json::Refused::Text(e)) => Err(fail(format!("The form is not valid JSON: {e}"))),
    }
}

/// Whether the text's brackets, outside its strings, open more than the
/// limit deep, whether or not it is JSON.
fn nested_too_deep(text: &str) -> bool {
    let mut depth = 0usize;
    let mut in_str = false;
    let mut esc = false;
    for b in text.bytes() {
        if in_str {
            match (esc, b) {
                (true, _) => esc = false,
                (false, b'\\') => esc = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > limits::MAX_FORM_DEPTH {
                    return true;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// Read a form: JSON data from `parse_json`, or (for the command line and
/// tests that build forms with serde_json) a `serde_json::Value`.
pub fn read<F: AsForm + ?Sized>(schema: &Schema, form: &F) -> FormData {
    read_with(schema, &form.as_form(), Strictness::Lenient)
}

/// A form as JSON data, whoever built it. There is one reader (`Reader`),
/// and it reads `Json`.
pub trait AsForm {
    fn as_form(&self) -> Cow<'_, Json>;
}

impl AsForm for Json {
    fn as_form(&self) -> Cow<'_, Json> {
        Cow::Borrowed(self)
    }
}

/// serde_json's value as `Json`: the same data (its map too keeps the last
/// of a repeated name, in the order of the names).
#[cfg(any(test, feature = "serde_json"))]
impl AsForm for serde_json::Value {
    fn as_form(&self) -> Cow<'_, Json> {
        fn convert(v: &serde_json::Value) -> Json {
            use serde_json::Value;
            match v {
                Value::Null => Json::Null,
                Value::Bool(b) => Json::Bool(*b),
                Value::Number(n) => Json::Num(match (n.as_u64(), n.as_i64()) {
                    (Some(u), _) => json::Num::Pos(u),
                    (None, Some(i)) => json::Num::Neg(i),
                    _ => json::Num::Float(n.as_f64().unwrap_or(0.0)),
                }),
                Value::String(s) => Json::Str(s.clone()),
                Value::Array(a) => Json::Arr(a.iter().map(convert).collect()),
                Value::Object(m) => Json::Obj(m.iter().map(|(k, v)| (k.clone(), convert(v))).collect()),
            }
        }
        Cow::Owned(convert(self))
    }
}

/// How strictly a form is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// A real referral from a web form: text "yes" is yes, an unknown field is a warning.
    Lenient,
    /// A test's form in a file: types as JSON writes them; an unknown field is an
    /// error only when it looks like a misspelling of one this rule set has,
    /// because one case file may hold the answers of several rule sets.
    SharedFile,
    /// A test's form written in place: written for this rule set alone, so every unknown field is an error.
    InPlace,
}

/// Read a test's form as strictly as the rules are checked: an answer to a
/// field the rule set does not have is an error (a misspelt name would
/// otherwise drop the answer and the test could pass for the wrong reason),
/// and yes or no, numbers and ticked options must be written as JSON writes
/// them (`true`, `12`, `["a"]`), not as text that a web form may send.
pub fn read_strict<F: AsForm + ?Sized>(schema: &Schema, form: &F, strictness: Strictness) -> FormData {
    read_with(schema, &form.as_form(), strictness)
}

fn read_with(schema: &Schema, form: &Json, strictness: Strictness) -> FormData {
    let strict = strictness != Strictness::Lenient;
    let mut r = Reader { schema, errors: Vec::new(), strict, strictness };
    let root = match form {
        Json::Obj(_) => r.record(0, form, &At::Form),
        Json::Null => r.empty(0),
        _ => {
            r.errors.push(Diagnostic::form(
                Code::F001,
                "",
                "The form",
                format!("The form must be an object of answers, not {}", describe(form)),
            ));
            r.empty(0)
        }
    };
    FormData { root, errors: r.errors }
}

struct Reader<'a> {
    schema: &'a Schema,
    errors: Vec<Diagnostic>,
    strict: bool,
    strictness: Strictness,
}

impl Reader<'_> {
    fn empty(&self, rec: RecordId) -> Record {
        Record { vals: std::iter::repeat_with(|| Val::Missing).take(self.schema.records[rec].fields.len()).collect() }
    }

    fn error(&mut self, code: Code, field: String, label: String, message: String) {
        self.errors.push(Diagnostic::form(code, field, label, message));
    }

    /// F002: an answer that is not one of the field's options, listing the ones it has.
    fn unknown_option(&mut self, path: String, label: String, shown: String, opts: &[crate::program::Named]) {
        let ids: Vec<&str> = opts.iter().map(|o| o.id.as_str()).collect();
        let message = format!("{label}: {shown} is not one of the options ({})", ids.join(", "));
        self.error(Code::F002, path, label, message);
    }

    /// The options named in `items` as bits, or None (each bad one reported)
    /// when any is not one of the field's options. `part` names the list
    /// inside a partly asked answer (" in `asked`"), or is empty.
    fn options(
        &mut self,
        items: &[&Json],
        opts: &[crate::program::Named],
        path: &dyn Display,
        label: &dyn Display,
        part: &str,
    ) -> Option<u64> {
        let mut bits = 0u64;
        let mut bad = false;
        for item in items {
            match item.as_str().and_then(|s| opts.iter().position(|o| o.id == s)) {
                Some(i) => bits |= 1 << i,
                None => {
                    self.unknown_option(path.to_string(), label.to_string(), format!("{}{part}", truncate(&item.to_string(), 40)), opts);
                    bad = true;
                }
            }
        }
        (!bad).then_some(bits)
    }

    /// A several-of answer from a form that showed only some of the options:
    /// `{"asked": [...], "ticked": [...]}`. An option not asked stays unknown,
    /// so "none of these" on the options asked says "no" to those alone.
    /// Nothing asked is no answer; any mistake makes the field unanswered.
    fn partly_asked(&mut self, map: &Json, opts: &[crate::program::Named], path: &dyn Display, label: &dyn Display) -> Val {
        let Json::Obj(entries) = map else { return Val::Missing };
        const SHAPE: &str = "{\"asked\": [...], \"ticked\": [...]}";
        if let Some(other) = entries.iter().map(|(k, _)| k).find(|k| *k != "asked" && *k != "ticked") {
            let message = format!(
                "{label}: an answer written as {SHAPE} has only `asked` and `ticked`, but this one also has `{}`",
                truncate(other, 40)
            );
            self.error(Code::F001, path.to_string(), label.to_string(), message);
            return Val::Missing;
        }
        let mut lists = [0u64; 2];
        let mut ok = true;
        for (k, part) in ["asked", "ticked"].into_iter().enumerate() {
            let items: Vec<&Json> = match map.get(part) {
                Some(Json::Arr(a)) => a.iter().collect(),
                Some(one @ Json::Str(_)) if !self.strict => vec![one],
                Some(x) => {
                    let message = format!("{label}: `{part}` must be a list of options in square brackets, but got {}", describe(x));
                    self.error(Code::F001, path.to_string(), label.to_string(), message);
                    ok = false;
                    continue;
                }
                None => {
                    let message = format!("{label}: an answer written as {SHAPE} needs both lists, but `{part}` is missing");
                    self.error(Code::F001, path.to_string(), label.to_string(), message);
                    ok = false;
                    continue;
                }
            };
            match self.options(&items, opts, path, label, &format!(" in `{part}`")) {
                Some(bits) => lists[k] = bits,
                None => ok = false,
            }
        }
        let [asked, ticked] = lists;
        if !ok {
            return Val::Missing;
        }
        let not_asked: Vec<&str> =
            opts.iter().enumerate().filter(|(i, _)| ticked & !asked & (1 << i) != 0).map(|(_, o)| o.id.as_str()).collect();
        if !not_asked.is_empty() {
            let shown: Vec<&str> = opts.iter().enumerate().filter(|(i, _)| asked & (1 << i) != 0).map(|(_, o)| o.id.as_str()).collect();
            let quoted: Vec<String> = not_asked.iter().map(|o| format!("\"{o}\"")).collect();
            let (names, verb) =
                if quoted.len() == 1 { (quoted[0].clone(), "is ticked but was") } else { (quoted.join(" and "), "are ticked but were") };
            let asked_list =
                if shown.is_empty() { "nothing was asked".to_string() } else { format!("the options asked are {}", shown.join(", ")) };
            let message = format!("{label}: {names} {verb} not asked; every ticked option must also be in `asked` ({asked_list})");
            self.error(Code::F002, path.to_string(), label.to_string(), message);
            return Val::Missing;
        }
        if asked == 0 {
            // The form asked none of this question's options: it was not asked.
            return Val::Missing;
        }
        Val::Choices { ticked, asked }
    }

    fn record(&mut self, rec: RecordId, v: &Json, at: &At) -> Record {
        let mut out = self.empty(rec);
        let Json::Obj(map) = v else { return out };
        let def = &self.schema.records[rec];
        for (key, value) in map {
            let Some(slot) = def.fields.iter().position(|&f| self.schema.fields[f].name == *key) else {
                let names: Vec<&str> = def.fields.iter().map(|&f| self.schema.fields[f].name.as_str()).collect();
                let hint = crate::diagnostics::did_you_mean(key, names.iter().copied()).map(|h| format!(" {h}")).unwrap_or_default();
                let (path, label_prefix) = (at.path(), at.label_prefix());
                if self.strictness == Strictness::InPlace || (self.strictness == Strictness::SharedFile && !hint.is_empty()) {
                    self.errors.push(Diagnostic::form(
                        Code::F004,
                        join(&path, key),
                        format!("{label_prefix}{key}"),
                        format!("The rule set has no field `{key}` here.{hint} The fields here are: {}.", names.join(", ")),
                    ));
                    continue;
                }
                self.errors.push(
                    Diagnostic::form(
                        Code::F004,
                        join(&path, key),
                        format!("{label_prefix}{key}"),
                        format!("The rule set has no field `{key}` here, so this answer is ignored.{hint}"),
                    )
                    .with_severity(Severity::Warning),
                );
                continue;
            };
            let fid = def.fields[slot];
            out.vals[slot] = self.value(fid, value, Place { parent: at, key });
        }
        out
    }

    fn value(&mut self, fid: usize, v: &Json, place: Place) -> Val {
        let schema = self.schema;
        let field = &schema.fields[fid];
        // Paths and labels are only spelt out when an answer is wrong.
        let label = Lazy(|| format!("{}{}", place.parent.label_prefix(), field.label));
        let path = Lazy(|| join(&place.parent.path(), place.key));
        // Empty answers from web forms mean "not answered yet".
        match v {
            Json::Null => return Val::Missing,
            Json::Str(s) if !matches!(field.ty, FieldTy::Text) && blank(s) => return Val::Missing,
            _ => {}
        }
        let wrong = |me: &mut Self, expected: &str| {
            me.error(Code::F001, path.to_string(), label.clone(), format!("{label}: expected {expected}, but got {}", describe(v)));
            Val::Missing
        };
        if self.strict {
            let need = match (&field.ty, v) {
                (FieldTy::YesNo, Json::Str(_)) => Some("true or false, without quote marks"),
                (FieldTy::Number, Json::Str(_)) => Some("a number, without quote marks"),
                (FieldTy::SeveralOf(_), Json::Str(_)) => Some("a list of options in square brackets, such as [\"a\", \"b\"]"),
                _ => None,
            };
            if let Some(need) = need {
                return wrong(self, need);
            }
        }
        match &field.ty {
            FieldTy::YesNo => match v {
                Json::Bool(b) => Val::Bool(*b),
                Json::Str(s) if s.eq_ignore_ascii_case("yes") || s == "true" => Val::Bool(true),
                Json::Str(s) if s.eq_ignore_ascii_case("no") || s == "false" => Val::Bool(false),
                _ => wrong(self, "yes or no (true or false)"),
            },
            FieldTy::Number => match v {
                Json::Num(n) => match Some(n.as_f64()) {
                    Some(x) if x.is_finite() && x.abs() <= 1e15 => Val::Num(x),
                    _ => wrong(self, "a number no larger than 1,000,000,000,000,000"),
                },
                Json::Str(s) => match s.trim().parse::<f64>() {
                    Ok(x) if x.is_finite() && x.abs() <= 1e15 => Val::Num(x),
                    _ => wrong(self, "a number"),
                },
                _ => wrong(self, "a number"),
            },
            FieldTy::Text => match v {
                Json::Str(s) => {
                    let raw: String = if s.len() > limits::MAX_TEXT_BYTES {
                        let mut end = limits::MAX_TEXT_BYTES;
                        while !s.is_char_boundary(end) {
                            end -= 1;
                        }
                        s[..end].to_string()
                    } else {
                        s.clone()
                    };
                    if blank(&raw) {
                        return Val::Missing;
                    }
                    let words = words(&raw);
                    Val::Text { raw, words }
                }
                _ => wrong(self, "text"),
            },
            FieldTy::Date => match v {
                Json::Str(s) => match dates::read_form_date(s) {
                    Ok(d) => Val::Date(d),
                    Err(typed) => {
                        let looks_like_iso = s.trim().len() == 10 && s.trim().as_bytes().get(4) == Some(&b'-');
                        let got = truncate(s, 40);
                        // Day, month and year as typed get GOV.UK's date input messages,
                        // in the question's own words (the location says whose).
                        let question = &field.label;
                        let (code, message) = match typed {
                            _ if looks_like_iso => (Code::F003, format!("{label}: expected a date that exists, but got \"{got}\"")),
                            TypedDate::Missing(what) => (Code::F001, format!("{question} must include {what}")),
                            TypedDate::ShortYear => (Code::F001, "Year must include 4 numbers".to_string()),
                            TypedDate::NotReal => (Code::F003, format!("{question} must be a real date")),
                            TypedDate::NotADate => {
                                (Code::F001, format!("{label}: expected a date written as YYYY-MM-DD, but got \"{got}\""))
                            }
                        };
                        self.error(code, path.to_string(), label.clone(), message);
                        Val::Missing
                    }
                },
                _ => wrong(self, "a date written as YYYY-MM-DD"),
            },
            FieldTy::OneOf(opts) => match v {
                Json::Str(s) => match opts.iter().position(|o| o.id == *s) {
                    Some(i) => Val::Choice(i as u32),
                    None => {
                        self.unknown_option(path.to_string(), label.clone(), format!("\"{}\"", truncate(s, 40)), opts);
                        Val::Missing
                    }
                },
                _ => wrong(self, "one option"),
            },
            FieldTy::SeveralOf(opts) => {
                let every = every_option(opts.len());
                if let Json::Obj(_) = v {
                    return self.partly_asked(v, opts, &path, &label);
                }
                let items: Vec<&Json> = match v {
                    Json::Arr(a) => a.iter().collect(),
                    Json::Str(_) => vec![v],
                    _ => return wrong(self, "a list of options, or the options asked and ticked"),
                };
                // A plain list of ticks: every option was asked.
                match self.options(&items, opts, &path, &label, "") {
                    Some(ticked) => Val::Choices { ticked, asked: every },
                    // A half-understood set of ticks is not an answer: the field counts as unanswered.
                    None => Val::Missing,
                }
            }
            FieldTy::List(rec) => {
                let rec = *rec;
                let Json::Arr(items) = v else {
                    return wrong(self, "a list");
                };
                if items.len() > limits::MAX_LIST_ITEMS {
                    self.error(
                        Code::F005,
                        path.to_string(),
                        label.clone(),
                        format!("{label}: {} items; the most allowed is {}", items.len(), limits::MAX_LIST_ITEMS),
                    );
                    return Val::Missing;
                }
                let item_label = schema.records[rec].item_label.as_str();
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let at = At::Item { list: place.parent, key: place.key, index: i, item_label };
                    if !item.is_object() {
                        self.error(
                            Code::F001,
                            at.path(),
                            format!("{item_label} {}", i + 1),
                            format!("{item_label} {}: expected a group of answers, but got {}", i + 1, describe(item)),
                        );
                        out.push(self.empty(rec));
                        continue;
                    }
                    out.push(self.record(rec, item, &at));
                }
                Val::List(out)
            }
        }
    }
}

/// The text for matching: lower case, with single spaces between words,
/// exactly `raw.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()`
/// in one pass. `to_lowercase` lowers character by character except for Σ,
/// whose lower case depends on the letters around it: text with a Σ takes
/// that long way.
fn words(raw: &str) -> String {
    if spaced_once(raw) {
        let mut out = raw.to_string();
        out.make_ascii_lowercase();
        return out;
    }
    let mut out = String::with_capacity(raw.len());
    let bytes = raw.as_bytes();
    let (mut i, mut gap) = (0, false);
    while i < bytes.len() {
        let start = i;
        if bytes[i] < 0x80 {
            if ascii_space(bytes[i]) {
                gap = true;
                i += 1;
                continue;
            }
            // A run of ASCII that is not white space, copied and lowered at once.
            while i < bytes.len() && bytes[i] < 0x80 && !ascii_space(bytes[i]) {
                i += 1;
            }
        } else {
            let Some(c) = raw.get(i..).and_then(|rest| rest.chars().next()) else { break };
            i += c.len_utf8();
            if c.is_whitespace() {
                gap = true;
                continue;
            }
            if c == 'Σ' {
                return raw.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            }
        }
        if gap && !out.is_empty() {
            out.push(' ');
        }
        gap = false;
        let Some(run) = raw.get(start..i) else { break };
        if run.is_ascii() {
            let at = out.len();
            out.push_str(run);
            if let Some(new) = out.get_mut(at..) {
                new.make_ascii_lowercase();
            }
        } else {
            out.extend(run.chars().flat_map(char::to_lowercase));
        }
    }
    out
}

/// Whether `words` has only ASCII letters to lower: the words have one
/// space between them and none around them, and every other character
/// is its own lower case (most typed answers).
fn spaced_once(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    let (mut i, mut after_space) = (0, true);
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if ascii_space(b) {
                if b != b' ' || after_space {
                    return false;
                }
                after_space = true;
            } else {
                after_space = false;
            }
            i += 1;
        } else {
            let Some(c) = raw.get(i..).and_then(|rest| rest.chars().next()) else { return false };
            if c.is_whitespace() || !lowers_to_itself(c) {
                return false;
            }
            after_space = false;
            i += c.len_utf8();
        }
    }
    !after_space || bytes.is_empty()
}

/// Whether `to_lowercase` leaves a character as it is: Σ lowers to σ or ς
/// (by the letters around it), and every other character by itself.
pub(crate) fn lowers_to_itself(c: char) -> bool {
    let mut lower = c.to_lowercase();
    c != 'Σ' && lower.next() == Some(c) && lower.next().is_none()
}

/// Unicode's white space among ASCII (`char::is_whitespace`): tab, line
/// feed, vertical tab, form feed, carriage return and space.
fn ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// `s.trim().is_empty()`, decided by the first byte when it is ASCII and not white space.
fn blank(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        Some(&b) if b < 0x80 && !ascii_space(b) => false,
        _ => s.trim().is_empty(),
    }
}

/// Every option of a field with `n` options, as bits (64 at most).
pub fn every_option(n: usize) -> u64 {
    if n >= 64 {
        u64::MAX
    } else {
        (1u64 << n) - 1
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n).collect::<String>() + "…"
    }
}

fn describe(v: &Json) -> String {
    match v {
        Json::Null => "nothing".into(),
        Json::Bool(b) => format!("{b}"),
        Json::Num(n) => format!("the number {n}"),
        Json::Str(s) => format!("the text \"{}\"", truncate(s, 40)),
        Json::Arr(_) => "a list".into(),
        Json::Obj(_) => "a group of answers".into(),
    }
}

/// Where an answer sits: its record and its own name.
#[derive(Clone, Copy)]
struct Place<'a> {
    parent: &'a At<'a>,
    key: &'a str,
}

/// Where a record sits: the form itself, or an item of a list in another
/// record. Its path (`children[0]`) and the start of its answers' labels
/// ("Child 1 › ") are spelt out only when one of its answers is wrong, so a
/// form read without mistakes writes none of them.
#[derive(Clone, Copy)]
enum At<'a> {
    Form,
    Item { list: &'a At<'a>, key: &'a str, index: usize, item_label: &'a str },
}

impl At<'_> {
    fn path(&self) -> String {
        match self {
            At::Form => String::new(),
            At::Item { list, key, index, .. } => format!("{}[{index}]", join(&list.path(), key)),
        }
    }
    fn label_prefix(&self) -> String {
        match self {
            At::Form => String::new(),
            At::Item { list, index, item_label, .. } => format!("{}{item_label} {} › ", list.label_prefix(), index + 1),
        }
    }
}

/// Text worked out only when it is shown (error messages), not for every answer.
struct Lazy<F: Fn() -> String>(F);

impl<F: Fn() -> String> Lazy<F> {
    #[allow(clippy::should_implement_trait)]
    fn clone(&self) -> String {
        (self.0)()
    }
}

impl<F: Fn() -> String> std::fmt::Display for Lazy<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&(self.0)())
    }
}
