//! Stage 2: check a syntax tree against the form schema it declares and lower
//! it to a [`Program`]. Every problem becomes a diagnostic; checking goes on
//! after an error so a policy lead sees all of them at once.
//!
//! One module a job; `check()` below composes them in order:
//! - `declare`: one pass sorts the file's items; levels, actions, scores and names of definitions
//! - `schema`: the `form` block -> fields and records (with the limits on size)
//! - `symbols`: the one lookup of a name, with "did you mean" and "the Xs are: ..."
//! - `defs`: definitions, compiled on first use, with cycles found
//! - `expr`: names and types of conditions and values
//! - `compare`: the comparison words (`is`, `at least`, `before`, `contains`...) as one table
//! - `bands`: a score's bands (overlaps, gaps, a first band above 0)
//! - `rules`: rules, floors and their effects
//! - `policy`: the rule set's stated policies; E111 for a rule that breaks one
//! - `expectations`: the `test` blocks and their `expect` lines, resolved into program data
//! - `lints`: warnings about a file that compiles, one module each
//! - `written`: each condition's words and line, for coverage

mod bands;
mod compare;
mod declare;
mod defs;
mod expectations;
mod expr;
mod lints;
mod policy;
mod rules;
mod schema;
mod symbols;
mod written;

use crate::diagnostics::{Code, Diagnostic, LineIndex};
use crate::program::{
    CExpr, Conditions, Declarations, DefDef, FieldId, FieldTy, Named, Program, RecordId, Schema, ScoreDef, Words, Written,
};
use crate::syntax::ast::{self, Span};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The checker's sets and maps. Their keys are small numbers and names from
/// the file being checked, and an editor checks on every keystroke: they are
/// hashed a word at a time by a multiply and a rotate (as rustc's own
/// FxHasher), not by std's SipHash, whose defence against chosen keys a file
/// checked for its own author does not need.
pub(super) type Set<T> = HashSet<T, BuildHasherDefault<Fx>>;
pub(super) type Map<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

#[derive(Default)]
pub(super) struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.add(u64::from_le_bytes(w.try_into().expect("eight bytes")));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }
    fn write_u8(&mut self, x: u8) {
        self.add(u64::from(x));
    }
    fn write_u32(&mut self, x: u32) {
        self.add(u64::from(x));
    }
    fn write_u64(&mut self, x: u64) {
        self.add(x);
    }
    fn write_usize(&mut self, x: usize) {
        self.add(x as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Check a parsed file and lower it. `lines` places each diagnostic in the
/// source as it is made. The program is `None` when there is an error.
pub fn check(file: &ast::File, lines: &LineIndex) -> (Option<Program>, Vec<Diagnostic>) {
    check_with(file, lines, &mut Memo::default())
}

/// What checking keeps between an editor's calls, from the last call only:
/// what each test's form written in place gave when read (by its text), and
/// with [`Memo::editing`], each rule's, floor's and definition's check
/// (`rules::Kept`, `defs::KeptDefs`),
/// with the declarations, scores and definitions those checks read. The
/// results are [`check`]'s, whatever it holds (engine/tests/editor.rs).
#[derive(Default)]
pub struct Memo {
    /// Each test's form written in place, in file order, and why it cannot be read.
    forms: Vec<Option<(Box<str>, Option<String>)>>,
    /// Whether to keep the rules' checks: not for a single compile, which would only pay for the copies.
    keep_rules: bool,
    /// By rule and floor, in file order (`None`: not kept).
    rules: Vec<Option<rules::Kept>>,
    defs: Option<defs::KeptDefs>,
    /// What the kept checks read: the levels, actions and form blocks, the scores and the definitions, as trees.
    read: Option<(Vec<ast::Item>, Vec<ast::Score>, Vec<ast::Definition>)>,
    /// Each field's protected word, for W403, as far as worked out: kept while the form blocks are unchanged.
    protected: Vec<Option<Option<&'static str>>>,
}

impl Memo {
    /// A memo for an editor, which keeps each rule's and floor's check too.
    pub fn editing() -> Self {
        Memo { keep_rules: true, ..Memo::default() }
    }

    /// Forget the rules' and definitions' checks unless what they read is what it was
    /// (trees compare equal wherever they stand: spans are not compared).
    fn read_unchanged(&mut self, items: &declare::Items) {
        let same = self.read.as_ref().is_some_and(|(declarations, scores, defines)| {
            declarations.len() == items.declarations.len()
                && declarations.iter().zip(&items.declarations).all(|(a, b)| a == *b)
                && scores.len() == items.scores.len()
                && scores.iter().zip(&items.scores).all(|(a, b)| a == *b)
                && defines.len() == items.defines.len()
                && defines.iter().zip(&items.defines).all(|(a, b)| a == *b)
        });
        if !same {
            self.rules.clear();
            self.defs = None;
            self.protected.clear();
            self.read = Some((
                items.declarations.iter().map(|&i| i.clone()).collect(),
                items.scores.iter().map(|&s| s.clone()).collect(),
                items.defines.iter().map(|&d| d.clone()).collect(),
            ));
        }
    }
}

/// [`check`], keeping what it can in `memo` for the next call.
pub fn check_with(file: &ast::File, lines: &LineIndex, memo: &mut Memo) -> (Option<Program>, Vec<Diagnostic>) {
    let mut c = Checker::new(lines);
    let items = declare::Items::sort(file);
    c.declare(&items);
    if memo.keep_rules {
        memo.read_unchanged(&items);
        c.compile_defs_kept(&items, &mut memo.defs);
    } else {
        c.compile_defs();
    }
    c.score_bands(&items);
    let (rules, floors, ids) = c.rules_and_floors(&items, &mut memo.rules, memo.keep_rules);
    let (rules, rule_conditions, rules_written) = unzip3(rules);
    let (floors, floor_conditions, floors_written) = unzip3(floors);
    c.policies(&items);
    let tests = c.tests(&items, &ids, &rules, &floors, memo);
    c.mark_read_in();
    if memo.keep_rules {
        c.protected = std::mem::take(&mut memo.protected);
    }
    for lint in lints::ALL {
        lint(&mut c);
    }
    if memo.keep_rules {
        memo.protected = std::mem::take(&mut c.protected);
    }
    let has_errors = c.diags.iter().any(|d| d.is_error());
    c.mark_screened();
    let (defs, def_conditions, defs_written) = unzip3(std::mem::take(&mut c.defs).into_iter().flatten().collect());
    let words = Words::of(&rules, &floors, &c.levels);
    let declarations = Declarations {
        info: declare::info(&file.header),
        default_date: file.header.effective.as_ref().and_then(|d| crate::dates::parse_date(&d.text)),
        schema: std::mem::take(&mut c.schema),
        levels: std::mem::take(&mut c.levels),
        level_requires: std::mem::take(&mut c.level_requires),
        actions: std::mem::take(&mut c.actions),
        scores: std::mem::take(&mut c.scores),
        defs,
        rules,
        floors,
        words,
    };
    let conditions =
        Conditions { defs: def_conditions, rules: rule_conditions, floors: floor_conditions, defs_written, rules_written, floors_written };
    let program = Program { declarations, conditions, tests };
    (if has_errors { None } else { Some(program) }, c.diags)
}

fn unzip3<A, B, C>(v: Vec<(A, B, C)>) -> (Vec<A>, Vec<B>, Vec<C>) {
    let (mut a, mut b, mut c) = (Vec::with_capacity(v.len()), Vec::with_capacity(v.len()), Vec::with_capacity(v.len()));
    for (x, y, z) in v {
        a.push(x);
        b.push(y);
        c.push(z);
    }
    (a, b, c)
}

impl Checker<'_> {
    /// Record in the schema which fields the rules read, so the API can tell
    /// an embedding form which answers it must collect.
    fn mark_screened(&mut self) {
        for i in 0..self.schema.fields.len() {
            let read = self.used_fields.contains(&i)
                || matches!(self.schema.fields[i].ty, FieldTy::List(r) if self.schema.records[r].fields.iter().any(|x| self.used_fields.contains(x)));
            self.schema.fields[i].screened = read;
        }
    }

    /// Record in the schema the contexts of the rules that read each field
    /// (before the lints, which take `reads`): the outcome counts a field
    /// only one context's rules read as one of that context's answers.
    fn mark_read_in(&mut self) {
        for &(item, f, _) in &self.reads {
            if let Some(&c) = self.item_context.get(&item) {
                self.schema.fields[f].read_in |= 1 << c;
            }
        }
    }
}

/// What the passes share: the symbol tables built so far, and what rules read.
struct Checker<'a> {
    lines: &'a LineIndex<'a>,
    diags: Vec<Diagnostic>,
    schema: Schema,
    levels: Vec<Named>,
    /// For each level, the actions it requires (`requires` in the levels block).
    level_requires: Vec<Vec<usize>>,
    actions: Vec<Named>,
    scores: Vec<ScoreDef>,
    /// Definitions by name, with the record they belong to.
    def_index: Map<(Option<RecordId>, String), usize>,
    /// Each definition's tree, borrowed from the file (not copied: an editor checks on every keystroke).
    def_asts: Vec<&'a ast::Definition>,
    /// Each definition with its condition, once checked.
    defs: Vec<Option<(DefDef, CExpr, Vec<Written>)>>,
    def_state: Vec<defs::DefState>,
    used_fields: Set<FieldId>,
    /// Options named by some rule or definition, or read through `is not`: (field, option).
    used_options: Set<(FieldId, usize)>,
    /// Fields and options marked `not screened "reason"`: read by no rule on purpose.
    unscreened_fields: Set<FieldId>,
    unscreened_options: Set<(FieldId, usize)>,
    /// Where each option is declared, for W405.
    option_spans: Map<(FieldId, usize), Span>,
    used_defs: Set<usize>,
    /// Every field read in a condition: (the item reading it, the field, where).
    /// Item 0 stands for the definitions; rules and floors count from 1.
    reads: Vec<(usize, FieldId, Span)>,
    current_item: usize,
    /// The context of each rule, by its item number in `reads`.
    item_context: Map<usize, usize>,
    /// W406 for each rule and floor, found as it is checked: where, message and help.
    titles: Vec<(Span, String, String)>,
    /// What each definition tests, for W406, worked out when a title first needs it.
    title_defs: Vec<Option<lints::Tested>>,
    /// Each field's protected word (`None` not yet worked out), for W403.
    protected: Vec<Option<Option<&'static str>>>,
}

/// A name bound by `any x in ...`, or the record a definition is worked out for.
#[derive(Clone)]
struct Binding {
    name: String,
    record: RecordId,
}

/// What one part of the file used (fields, options, definitions) apart from
/// the others: an editor keeps it with that part's check, so that a check used
/// again marks the same things used (and W4xx lints stay right).
struct Used {
    fields: Vec<FieldId>,
    options: Vec<(FieldId, usize)>,
    defs: Vec<usize>,
}

impl Checker<'_> {
    /// Run `check` and note what it used on its own; what it used stays used.
    fn noting_use<T>(&mut self, check: impl FnOnce(&mut Self) -> T) -> (T, Used) {
        let fields = std::mem::take(&mut self.used_fields);
        let options = std::mem::take(&mut self.used_options);
        let defs = std::mem::take(&mut self.used_defs);
        let out = check(self);
        let used = Used {
            fields: std::mem::replace(&mut self.used_fields, fields).into_iter().collect(),
            options: std::mem::replace(&mut self.used_options, options).into_iter().collect(),
            defs: std::mem::replace(&mut self.used_defs, defs).into_iter().collect(),
        };
        self.used_fields.extend(used.fields.iter().copied());
        self.used_options.extend(used.options.iter().copied());
        self.used_defs.extend(used.defs.iter().copied());
        (out, used)
    }
}

impl<'a> Checker<'a> {
    fn new(lines: &'a LineIndex<'a>) -> Self {
        Checker {
            lines,
            diags: Vec::new(),
            schema: Schema::default(),
            levels: Vec::new(),
            level_requires: Vec::new(),
            actions: Vec::new(),
            scores: Vec::new(),
            def_index: Map::default(),
            def_asts: Vec::new(),
            defs: Vec::new(),
            def_state: Vec::new(),
            used_fields: Set::default(),
            used_options: Set::default(),
            unscreened_fields: Set::default(),
            unscreened_options: Set::default(),
            option_spans: Map::default(),
            used_defs: Set::default(),
            reads: Vec::new(),
            current_item: 0,
            item_context: Map::default(),
            titles: Vec::new(),
            title_defs: Vec::new(),
            protected: Vec::new(),
        }
    }

    fn err(&mut self, code: Code, span: Span, msg: impl Into<String>, help: Option<String>) {
        let mut d = Diagnostic::error(code, self.lines.pos(span), msg);
        d.help = help;
        self.diags.push(d);
    }

    fn warn(&mut self, code: Code, span: Span, msg: impl Into<String>, help: impl Into<String>) {
        self.diags.push(Diagnostic::warning(code, self.lines.pos(span), msg).with_help(help));
    }
}
