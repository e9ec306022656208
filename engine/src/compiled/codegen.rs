//! The compiler: a checked `Program` to a WebAssembly module (wasm-encoder).
//!
//! Each condition becomes code with the interpreter's exact meaning
//! (`eval/mod.rs` is the specification): three-valued yes/no, numbers as
//! ranges, and the same reasons (facts) and unanswered questions (needs),
//! pushed, cut back and moved as the interpreter does, on stacks in the
//! module's memory. One function per definition, rule and floor; the shared
//! work (reading an answer, walking lists, phrase search, growing stacks) is
//! emitted once as helper functions.
//!
//! A value's representation follows its kind, known statically from the
//! condition: yes/no is one i32 (0 no, 1 yes, 2 unknown); the others carry a
//! "known" i32 beside their payload (a number is a range lo..hi of f64), and a
//! text is a pointer to its descriptor (0 when unknown).

use super::layout::*;
use super::{text_descriptor, Meta, FORMAT_NAME, FORMAT_VERSION, SECTION};
use crate::program::*;
use crate::syntax::ast::{ArithOp, Direction, QuantKind, Unit};
use std::collections::HashMap;
use wasm_encoder::{
    BlockType, CodeSection, ConstExpr, CustomSection, DataSection, EntityType, ExportKind, ExportSection, Function, FunctionSection,
    GlobalSection, GlobalType, ImportSection, InstructionSink, MemArg, MemorySection, MemoryType, Module, TypeSection, ValType,
};

use ValType::{F64, I32, I64};

/// The kind of a condition's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum K {
    B,
    N,
    T,
    D,
    C,
    S,
}

impl K {
    fn results(self) -> Vec<ValType> {
        match self {
            K::B | K::T => vec![I32],
            K::N => vec![I32, F64, F64],
            K::D | K::C => vec![I32, I32],
            K::S => vec![I32, I64, I64],
        }
    }
}

/// A compiled value: the locals that hold it.
#[derive(Debug, Clone, Copy)]
enum CV {
    B(u32),
    N(u32, u32, u32),
    T(u32),
    D(u32, u32),
    C(u32, u32),
    /// Known, options ticked, options asked.
    S(u32, u32, u32),
}

impl CV {
    fn kind(self) -> K {
        match self {
            CV::B(_) => K::B,
            CV::N(..) => K::N,
            CV::T(_) => K::T,
            CV::D(..) => K::D,
            CV::C(..) => K::C,
            CV::S(..) => K::S,
        }
    }
    fn locals(self) -> Vec<u32> {
        match self {
            CV::B(a) | CV::T(a) => vec![a],
            CV::N(a, b, c) | CV::S(a, b, c) => vec![a, b, c],
            CV::D(a, b) | CV::C(a, b) => vec![a, b],
        }
    }
}

// Function indices: the two imports, then the helpers in this order, then
// definitions, rules, floors, and the two exports.
const F_ADD_MONTHS: u32 = 0;
const F_MONTHS_UNTIL: u32 = 1;
const H_ALLOC: u32 = 2;
const H_GROW: u32 = 3;
const H_PUSH_FACT: u32 = 4;
const H_PUSH_NEED: u32 = 5;
const H_PUSH_ITEM: u32 = 6;
const H_DRAIN_FACTS: u32 = 7;
const H_DRAIN_ITEMS: u32 = 8;
const H_NEEDS_TO_FACTS: u32 = 9;
const H_READ_BOOL: u32 = 10;
const H_READ_NUM: u32 = 11;
const H_READ_TEXT: u32 = 12;
const H_READ_DATE: u32 = 13;
const H_READ_CHOICE: u32 = 14;
const H_READ_CHOICES: u32 = 15;
const H_COLLECT_STEP: u32 = 16;
const H_MEMEQ: u32 = 17;
const H_CONTAINS: u32 = 18;
const H_TEXT_EQ: u32 = 19;
const H_CMP_NUM: u32 = 20;
const H_EMIT: u32 = 21;
const H_CHOICES_NEEDS: u32 = 22;
const FIRST_DEF: u32 = 23;

// Globals.
const G_BUMP: u32 = 0;
const G_TODAY: u32 = 1;
const G_ROOT: u32 = 2;
const G_FBASE: u32 = 3;
const G_FLEN: u32 = 4;
const G_FCAP: u32 = 5;
const G_NBASE: u32 = 6;
const G_NLEN: u32 = 7;
const G_NCAP: u32 = 8;
const G_IBASE: u32 = 9;
const G_ILEN: u32 = 10;
const G_ICAP: u32 = 11;
const G_OBASE: u32 = 12;
const G_OLEN: u32 = 13;
const G_OCAP: u32 = 14;
const GLOBALS: u32 = 15;

/// Where the module's own data (text literals, phrases) starts; 0..16 stays
/// empty so that pointer 0 can mean "no text".
const DATA_START: u32 = 16;

fn m(offset: u32, align: u32) -> MemArg {
    MemArg { offset: offset as u64, align, memory_index: 0 }
}

/// The types of functions, numbered as first asked for.
#[derive(Default)]
struct Types {
    list: Vec<(Vec<ValType>, Vec<ValType>)>,
    index: HashMap<(Vec<ValType>, Vec<ValType>), u32>,
}

impl Types {
    fn of(&mut self, params: &[ValType], results: &[ValType]) -> u32 {
        let key = (params.to_vec(), results.to_vec());
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.list.len() as u32;
        self.list.push(key.clone());
        self.index.insert(key, i);
        i
    }
}

/// One function being written: its locals (after the parameters) and code.
struct Body {
    params: u32,
    locals: Vec<ValType>,
    code: Vec<u8>,
}

impl Body {
    fn new(params: u32) -> Body {
        Body { params, locals: Vec::new(), code: Vec::new() }
    }
    fn local(&mut self, t: ValType) -> u32 {
        self.locals.push(t);
        self.params + self.locals.len() as u32 - 1
    }
    fn i(&mut self) -> InstructionSink<'_> {
        InstructionSink::new(&mut self.code)
    }
    fn finish(self) -> Function {
        let mut f = Function::new_with_locals_types(self.locals);
        f.raw(self.code);
        f.instructions().end();
        f
    }
}

/// The rule set's data: text literals and phrases, laid out from `DATA_START`.
struct Data {
    bytes: Vec<u8>,
    texts: Vec<String>,
    text_at: HashMap<String, u32>,
    phrases: Vec<String>,
    phrase_at: HashMap<String, (u32, u32)>,
}

impl Data {
    fn addr(&self) -> u32 {
        DATA_START + self.bytes.len() as u32
    }
    fn text(&mut self, t: &str) -> u32 {
        if let Some(&a) = self.text_at.get(t) {
            return a;
        }
        let at = self.addr();
        let handle = LITERAL | self.texts.len() as u32;
        text_descriptor(&mut self.bytes, at, handle, t);
        self.texts.push(t.to_string());
        self.text_at.insert(t.to_string(), at);
        at
    }
    /// (address, id) of a phrase.
    fn phrase(&mut self, p: &str) -> (u32, u32) {
        if let Some(&x) = self.phrase_at.get(p) {
            return x;
        }
        let x = (self.addr(), self.phrases.len() as u32);
        self.bytes.extend_from_slice(p.as_bytes());
        self.phrases.push(p.to_string());
        self.phrase_at.insert(p.to_string(), x);
        x
    }
}

struct Compiler<'p> {
    p: &'p Program,
    data: Data,
    def_kinds: Vec<K>,
}

/// The .wasm bytes of a checked rule set.
pub fn compile(program: &Program) -> Vec<u8> {
    let def_kinds = def_kinds(program);
    let mut c = Compiler {
        p: program,
        data: Data { bytes: Vec::new(), texts: Vec::new(), text_at: HashMap::new(), phrases: Vec::new(), phrase_at: HashMap::new() },
        def_kinds,
    };
    let mut types = Types::default();
    let mut funcs: Vec<(u32, Function)> = Vec::new();

    // Helpers, in the order of their constants.
    let helpers: Vec<(Vec<ValType>, Vec<ValType>, Function)> = vec![
        (vec![I32], vec![I32], h_alloc()),
        (vec![I32, I32, I32], vec![I32], h_grow()),
        (vec![I32, I32, I32, I64, I64], vec![], h_push_fact()),
        (vec![I32, I32], vec![], h_push_need()),
        (vec![I32], vec![], h_push_item()),
        (vec![I32, I32], vec![], h_drain(G_FBASE, G_FLEN, FACT)),
        (vec![I32, I32], vec![], h_drain(G_IBASE, G_ILEN, 4)),
        (vec![I32], vec![], h_needs_to_facts()),
        (vec![I32, I32, I32], vec![I32], h_read(K::B)),
        (vec![I32, I32, I32], vec![I32, F64, F64], h_read(K::N)),
        (vec![I32, I32, I32], vec![I32], h_read(K::T)),
        (vec![I32, I32, I32], vec![I32, I32], h_read(K::D)),
        (vec![I32, I32, I32], vec![I32, I32], h_read(K::C)),
        (vec![I32, I32, I32], vec![I32, I64, I64], h_read(K::S)),
        (vec![I32, I32, I32, I32], vec![I32], h_collect_step()),
        (vec![I32, I32, I32], vec![I32], h_memeq()),
        (vec![I32, I32, I32], vec![I32], h_contains()),
        (vec![I32, I32], vec![I32], h_text_eq()),
        (vec![I32, F64, F64, F64, F64], vec![I32], h_cmp_num()),
        (vec![I32], vec![], h_emit()),
        (vec![I32], vec![], h_choices_needs()),
    ];
    debug_assert_eq!(helpers.len() as u32 + 2, FIRST_DEF);
    for (params, results, f) in helpers {
        funcs.push((types.of(&params, &results), f));
    }

    for (d, def) in program.defs.iter().enumerate() {
        let k = c.def_kinds[d];
        let f = c.def_fn(d, def);
        funcs.push((types.of(&[I32], &k.results()), f));
    }
    let conds: Vec<&CExpr> = program.rules.iter().map(|r| &r.when).chain(program.floors.iter().map(|f| &f.when)).collect();
    let first_rule = FIRST_DEF + program.defs.len() as u32;
    for cond in &conds {
        let f = c.rule_fn(cond);
        funcs.push((types.of(&[], &[I32]), f));
    }
    let input_at = (DATA_START + c.data.bytes.len() as u32 + 15) & !15;
    let f_input = first_rule + conds.len() as u32;
    funcs.push((types.of(&[I32], &[I32]), e_input(input_at)));
    funcs.push((types.of(&[I32], &[I32]), e_run(input_at, first_rule, conds.len() as u32)));

    let mut module = Module::new();
    let add_months = types.of(&[I32, I64], &[I32]);
    let months_until = types.of(&[I32, I32], &[I64]);
    let mut ts = TypeSection::new();
    for (params, results) in &types.list {
        ts.ty().function(params.iter().copied(), results.iter().copied());
    }
    module.section(&ts);
    let mut imports = ImportSection::new();
    imports.import("screening", "add_months", EntityType::Function(add_months));
    imports.import("screening", "months_until", EntityType::Function(months_until));
    module.section(&imports);
    let mut fs = FunctionSection::new();
    for (t, _) in &funcs {
        fs.function(*t);
    }
    module.section(&fs);
    let mut mems = MemorySection::new();
    let pages = (input_at as u64 + IN_HEADER as u64).div_ceil(65536).max(1);
    mems.memory(MemoryType { minimum: pages, maximum: None, memory64: false, shared: false, page_size_log2: None });
    module.section(&mems);
    let mut globals = GlobalSection::new();
    for g in 0..GLOBALS {
        let init = if g == G_BUMP { input_at as i32 } else { 0 };
        globals.global(GlobalType { val_type: I32, mutable: true, shared: false }, &ConstExpr::i32_const(init));
    }
    module.section(&globals);
    let mut exports = ExportSection::new();
    exports.export("memory", ExportKind::Memory, 0);
    exports.export("input", ExportKind::Func, f_input);
    exports.export("run", ExportKind::Func, f_input + 1);
    module.section(&exports);
    let mut code = CodeSection::new();
    for (_, f) in &funcs {
        code.function(f);
    }
    module.section(&code);
    let mut data = DataSection::new();
    if !c.data.bytes.is_empty() {
        data.active(0, &ConstExpr::i32_const(DATA_START as i32), c.data.bytes.iter().copied());
    }
    module.section(&data);
    let meta = Meta {
        format: FORMAT_NAME.to_string(),
        version: FORMAT_VERSION,
        input: input_at,
        program: program.clone(),
        texts: c.data.texts.clone(),
        phrases: c.data.phrases.clone(),
    };
    // Serialising plain data to JSON cannot fail (no maps with non-text keys).
    let json = serde_json::to_vec(&meta).unwrap_or_default();
    module.section(&CustomSection { name: SECTION.into(), data: json.into() });
    module.finish()
}

/// The kind of each definition's value, worked out in dependency order (the
/// checker refuses circles; one would be read as yes/no here, not loop).
fn def_kinds(p: &Program) -> Vec<K> {
    let mut kinds: Vec<Option<K>> = vec![None; p.defs.len()];
    for d in 0..p.defs.len() {
        let mut visiting = vec![false; p.defs.len()];
        def_kind(p, d, &mut kinds, &mut visiting);
    }
    kinds.into_iter().map(|k| k.unwrap_or(K::B)).collect()
}

fn def_kind(p: &Program, d: usize, kinds: &mut Vec<Option<K>>, visiting: &mut Vec<bool>) -> K {
    if let Some(k) = kinds[d] {
        return k;
    }
    if visiting[d] {
        return K::B;
    }
    visiting[d] = true;
    let k = kind_of(p, &p.defs[d].expr, &mut |p, d| def_kind(p, d, kinds, visiting));
    kinds[d] = Some(k);
    k
}

fn kind_of(p: &Program, e: &CExpr, def: &mut dyn FnMut(&Program, usize) -> K) -> K {
    match e {
        CExpr::Lit(l) => match l {
            Lit::Bool(_) => K::B,
            Lit::Num(_) => K::N,
            Lit::Text(_) => K::T,
            Lit::Date(_) => K::D,
            Lit::Choice(_) => K::C,
        },
        CExpr::Today => K::D,
        CExpr::Field { field, .. } => field_kind(&p.schema.fields[*field].ty),
        CExpr::Def { def: d, .. } => def(p, *d),
        CExpr::Arith(..) | CExpr::Between { .. } | CExpr::Count { .. } => K::N,
        _ => K::B,
    }
}

fn field_kind(t: &FieldTy) -> K {
    match t {
        FieldTy::YesNo => K::B,
        FieldTy::Number | FieldTy::List(_) => K::N,
        FieldTy::Text => K::T,
        FieldTy::Date => K::D,
        FieldTy::OneOf(_) => K::C,
        FieldTy::SeveralOf(_) => K::S,
    }
}

/// Code for one function: the bound records (`any`/`all`/`count` items, or
/// the definition's record) as locals, outermost first.
struct Gen<'c, 'p> {
    c: &'c mut Compiler<'p>,
    b: Body,
    vars: Vec<u32>,
}

impl Compiler<'_> {
    fn def_fn(&mut self, d: usize, def: &DefDef) -> Function {
        let k = self.def_kinds[d];
        let mut g = Gen { c: self, b: Body::new(1), vars: Vec::new() };
        // A definition sees only its own record, whatever is bound around the use.
        if def.record.is_some() {
            g.vars.push(0);
        }
        let mark = g.b.local(I32);
        g.b.i().global_get(G_FLEN).local_set(mark);
        let v = g.expr(&def.expr);
        let v = g.coerce(v, k);
        if def.label.is_some() {
            // A labelled definition is shown as one worked-out answer ("Age: 14").
            g.b.i().local_get(mark).global_set(G_FLEN);
            g.known(v);
            g.b.i().if_(BlockType::Empty);
            g.b.i().i32_const((DEF | d as u32) as i32).local_get(0).i32_load(m(0, 2));
            g.push_value_fact(v);
            g.b.i().end();
        }
        for l in v.locals() {
            g.b.i().local_get(l);
        }
        g.b.finish()
    }

    fn rule_fn(&mut self, cond: &CExpr) -> Function {
        let mut g = Gen { c: self, b: Body::new(0), vars: Vec::new() };
        let v = g.expr(cond);
        let v = g.as_bool(v);
        g.b.i().local_get(v);
        g.b.finish()
    }
}

impl Gen<'_, '_> {
    fn i(&mut self) -> InstructionSink<'_> {
        self.b.i()
    }

    fn new_cv(&mut self, k: K) -> CV {
        match k {
            K::B => CV::B(self.b.local(I32)),
            K::T => CV::T(self.b.local(I32)),
            K::N => CV::N(self.b.local(I32), self.b.local(F64), self.b.local(F64)),
            K::D => CV::D(self.b.local(I32), self.b.local(I32)),
            K::C => CV::C(self.b.local(I32), self.b.local(I32)),
            K::S => CV::S(self.b.local(I32), self.b.local(I64), self.b.local(I64)),
        }
    }

    /// Store the values on the stack (as a call returns them) into a new value's locals.
    fn take(&mut self, k: K) -> CV {
        let v = self.new_cv(k);
        for l in v.locals().into_iter().rev() {
            self.i().local_set(l);
        }
        v
    }

    /// A value of kind `k`; a value of another kind is unknown (only a
    /// mistyped program could ask for it).
    fn coerce(&mut self, v: CV, k: K) -> CV {
        if v.kind() == k {
            return v;
        }
        // Unknown: 2 for yes/no, else "known" (or the text pointer) 0.
        self.unknown(k)
    }

    /// A new unknown value of kind `k` (for a mistyped program only).
    fn unknown(&mut self, k: K) -> CV {
        let out = self.new_cv(k);
        let first = out.locals()[0];
        self.i().i32_const(if k == K::B { 2 } else { 0 }).local_set(first);
        out
    }

    fn as_bool(&mut self, v: CV) -> u32 {
        match self.coerce(v, K::B) {
            CV::B(l) => l,
            _ => unreachable!("coerce gives the kind asked for"),
        }
    }

    /// Push 1 when the value is known, else 0.
    fn known(&mut self, v: CV) {
        match v {
            CV::B(l) => {
                self.i().local_get(l).i32_const(2).i32_ne();
            }
            CV::T(l) => {
                self.i().local_get(l).i32_const(0).i32_ne();
            }
            CV::N(k, ..) | CV::D(k, _) | CV::C(k, _) | CV::S(k, ..) => {
                self.i().local_get(k);
            }
        }
    }

    /// With target and record index on the stack, push the fact of a known value.
    fn push_value_fact(&mut self, v: CV) {
        let tag = match v {
            CV::B(_) => TAG_BOOL,
            CV::N(..) => TAG_NUM,
            CV::T(_) => TAG_TEXT,
            CV::D(..) => TAG_DATE,
            CV::C(..) => TAG_CHOICE,
            CV::S(..) => TAG_CHOICES,
        };
        self.i().i32_const(tag as i32);
        match v {
            CV::B(l) | CV::D(_, l) | CV::C(_, l) => {
                self.i().local_get(l).i64_extend_i32_u().i64_const(0);
            }
            CV::N(_, lo, hi) => {
                self.i().local_get(lo).i64_reinterpret_f64().local_get(hi).i64_reinterpret_f64();
            }
            CV::T(l) => {
                self.i().local_get(l).i32_load(m(TEXT_HANDLE, 2)).i64_extend_i32_u().i64_const(0);
            }
            CV::S(_, ticked, asked) => {
                self.i().local_get(ticked).local_get(asked);
            }
        }
        self.i().call(H_PUSH_FACT);
    }

    /// Push the record pointer a base refers to.
    fn rec_of(&mut self, base: Base) {
        match base {
            Base::Var(k) if k < self.vars.len() => {
                let l = self.vars[k];
                self.i().local_get(l);
            }
            _ => {
                self.i().global_get(G_ROOT);
            }
        }
    }

    fn bool_const(&mut self, b: i32) -> u32 {
        let l = self.b.local(I32);
        self.i().i32_const(b).local_set(l);
        l
    }

    fn expr(&mut self, e: &CExpr) -> CV {
        match e {
            CExpr::Lit(l) => match l {
                Lit::Bool(b) => CV::B(self.bool_const(*b as i32)),
                Lit::Num(n) => {
                    let v = self.new_cv(K::N);
                    let CV::N(k, lo, hi) = v else { unreachable!() };
                    self.i().i32_const(1).local_set(k).f64_const((*n).into()).local_tee(lo).local_set(hi);
                    v
                }
                Lit::Text(t) => {
                    let at = self.c.data.text(t);
                    let l = self.b.local(I32);
                    self.i().i32_const(at as i32).local_set(l);
                    CV::T(l)
                }
                Lit::Date(d) => {
                    self.i().i32_const(1).i32_const(d.0);
                    self.take(K::D)
                }
                Lit::Choice(c) => {
                    self.i().i32_const(1).i32_const(*c as i32);
                    self.take(K::C)
                }
            },
            CExpr::Today => {
                self.i().i32_const(1).global_get(G_TODAY);
                self.take(K::D)
            }
            CExpr::Field { base, field } => {
                let fd = &self.c.p.schema.fields[*field];
                let k = field_kind(&fd.ty);
                let off = fd.slot as u32 * SLOT;
                self.rec_of(*base);
                self.i().i32_const(off as i32).i32_const(*field as i32);
                let h = match k {
                    K::B => H_READ_BOOL,
                    K::N => H_READ_NUM,
                    K::T => H_READ_TEXT,
                    K::D => H_READ_DATE,
                    K::C => H_READ_CHOICE,
                    K::S => H_READ_CHOICES,
                };
                self.i().call(h);
                self.take(k)
            }
            CExpr::Def { def, base } => {
                let k = self.c.def_kinds[*def];
                self.rec_of(*base);
                self.i().call(FIRST_DEF + *def as u32);
                self.take(k)
            }
            CExpr::And(parts) => {
                let res = self.bool_const(1);
                self.i().block(BlockType::Empty);
                for p in parts {
                    let v = self.expr(p);
                    let v = self.as_bool(v);
                    // false: the whole is false, and the rest is not looked at.
                    self.i().local_get(v).i32_eqz().if_(BlockType::Empty).i32_const(0).local_set(res).br(1).end();
                    self.i().local_get(v).i32_const(2).i32_eq().if_(BlockType::Empty).i32_const(2).local_set(res).end();
                }
                self.i().end();
                CV::B(res)
            }
            CExpr::Or(parts) => {
                let res = self.bool_const(0);
                let start = self.b.local(I32);
                let mark = self.b.local(I32);
                self.i().global_get(G_FLEN).local_set(start).block(BlockType::Empty);
                for p in parts {
                    self.i().global_get(G_FLEN).local_set(mark);
                    let v = self.expr(p);
                    let v = self.as_bool(v);
                    // Keep only the reasons of the branch that holds.
                    self.i()
                        .local_get(v)
                        .i32_const(1)
                        .i32_eq()
                        .if_(BlockType::Empty)
                        .local_get(start)
                        .local_get(mark)
                        .call(H_DRAIN_FACTS)
                        .i32_const(1)
                        .local_set(res)
                        .br(1)
                        .end();
                    self.i().local_get(mark).global_set(G_FLEN);
                    self.i().local_get(v).i32_const(2).i32_eq().if_(BlockType::Empty).i32_const(2).local_set(res).end();
                }
                self.i().end();
                CV::B(res)
            }
            CExpr::Not(inner) => {
                let v = self.expr(inner);
                let v = self.as_bool(v);
                let res = self.b.local(I32);
                self.i().i32_const(2).local_get(v).i32_const(1).i32_xor().local_get(v).i32_const(2).i32_eq().select().local_set(res);
                CV::B(res)
            }
            CExpr::Compare(op, a, b) => {
                let x = self.expr(a);
                let y = self.expr(b);
                CV::B(self.compare(*op, x, y))
            }
            CExpr::OneOf { value, options, negate } => {
                let res = self.bool_const(2);
                let unk = self.bool_const(0);
                let x = self.expr(value);
                self.i().block(BlockType::Empty);
                self.known(x);
                self.i().i32_eqz().br_if(0);
                for o in options {
                    let y = self.expr(o);
                    let r = self.compare(Cmp::Eq, x, y);
                    self.i().local_get(r).i32_const(1).i32_eq().if_(BlockType::Empty).i32_const(!*negate as i32).local_set(res).br(1).end();
                    self.i().local_get(r).i32_const(2).i32_eq().if_(BlockType::Empty).i32_const(1).local_set(unk).end();
                }
                self.i().i32_const(2).i32_const(*negate as i32).local_get(unk).select().local_set(res);
                self.i().end();
                CV::B(res)
            }
            CExpr::Answered(inner) => {
                let needs = self.b.local(I32);
                let res = self.b.local(I32);
                self.i().global_get(G_NLEN).local_set(needs);
                match &**inner {
                    CExpr::Count { list, cond: None } => {
                        let first = self.b.local(I32);
                        self.i().global_get(G_ILEN).local_set(first);
                        let complete = self.collect(list);
                        self.i().local_get(first).global_set(G_ILEN).local_get(complete).local_set(res);
                    }
                    other => {
                        let v = self.expr(other);
                        self.known(v);
                        self.i().local_set(res);
                    }
                }
                // An unanswered question is itself the reason: kept as a fact, and no longer needed.
                self.i().local_get(needs).call(H_NEEDS_TO_FACTS);
                CV::B(res)
            }
            CExpr::Within { value, amount, unit, dir, other } => {
                let v = self.expr(value);
                let o = self.expr(other);
                let (CV::D(kv, dv), CV::D(ko, d_o)) = (v, o) else {
                    return CV::B(self.bool_const(2));
                };
                let res = self.bool_const(2);
                let back = self.b.local(I32);
                let fwd = self.b.local(I32);
                self.i().local_get(kv).local_get(ko).i32_and().if_(BlockType::Empty);
                self.shift(d_o, amount.wrapping_neg(), *unit, back);
                self.shift(d_o, *amount, *unit, fwd);
                let (lo, hi) = match dir {
                    Direction::Before => (back, d_o),
                    Direction::After => (d_o, fwd),
                    Direction::Either => (back, fwd),
                };
                self.i().local_get(dv).local_get(lo).i32_ge_s().local_get(dv).local_get(hi).i32_le_s().i32_and().local_set(res).end();
                CV::B(res)
            }
            CExpr::Contains { text, phrases, negate } => {
                let mark = self.b.local(I32);
                let found = self.b.local(I32);
                let res = self.bool_const(2);
                // Locals keep their value from one pass of a loop to the next: every one is set before use.
                self.i().global_get(G_FLEN).local_set(mark).i32_const(0).local_set(found);
                let t = self.expr(text);
                let CV::T(t) = t else {
                    return CV::B(res);
                };
                self.i().local_get(t).if_(BlockType::Empty).block(BlockType::Empty);
                for p in phrases {
                    let (at, id) = self.c.data.phrase(p);
                    self.i()
                        .local_get(t)
                        .i32_const(at as i32)
                        .i32_const(p.len() as i32)
                        .call(H_CONTAINS)
                        .if_(BlockType::Empty)
                        .i32_const(id as i32 + 1)
                        .local_set(found)
                        .br(1)
                        .end();
                }
                self.i().end();
                // The phrase found is shown with the answer it was found in.
                self.i()
                    .local_get(found)
                    .i32_const(0)
                    .i32_ne()
                    .local_get(mark)
                    .global_get(G_FLEN)
                    .i32_lt_u()
                    .i32_and()
                    .if_(BlockType::Empty)
                    .global_get(G_FBASE)
                    .local_get(mark)
                    .i32_const(FACT as i32)
                    .i32_mul()
                    .i32_add()
                    .local_get(found)
                    .i32_store(m(12, 2))
                    .end();
                self.i().local_get(found).i32_const(0).i32_ne().i32_const(*negate as i32).i32_xor().local_set(res).end();
                CV::B(res)
            }
            CExpr::Includes { value, mask, any, negate } => {
                // As `eval::includes`: an option the form did not ask is unknown.
                let mark = self.b.local(I32);
                self.i().global_get(G_FLEN).local_set(mark);
                let v = self.expr(value);
                let res = self.bool_const(2);
                let CV::S(k, ticked, asked) = v else { return CV::B(res) };
                let (mask, yes, no) = (*mask as i64, 1 ^ *negate as i32, *negate as i32);
                self.i().local_get(k).if_(BlockType::Empty);
                if *any {
                    // Yes when a ticked option is in the mask; no when every option in it was asked.
                    self.i().local_get(ticked).i64_const(mask).i64_and().i64_const(0).i64_ne();
                    self.i().if_(BlockType::Empty).i32_const(yes).local_set(res).else_();
                    self.i().local_get(asked).i64_const(-1).i64_xor().i64_const(mask).i64_and().i64_eqz();
                } else {
                    // Yes when every option in the mask is ticked; no when one in it was asked and not ticked.
                    self.i().local_get(ticked).i64_const(mask).i64_and().i64_const(mask).i64_eq();
                    self.i().if_(BlockType::Empty).i32_const(yes).local_set(res).else_();
                    self.i()
                        .local_get(asked)
                        .local_get(ticked)
                        .i64_const(-1)
                        .i64_xor()
                        .i64_and()
                        .i64_const(mask)
                        .i64_and()
                        .i64_const(0)
                        .i64_ne();
                }
                self.i().if_(BlockType::Empty).i32_const(no).local_set(res).else_().local_get(mark).call(H_CHOICES_NEEDS).end();
                self.i().end().end();
                CV::B(res)
            }
            CExpr::Arith(op, a, b) => {
                let x = self.expr(a);
                let y = self.expr(b);
                let out = self.new_cv(K::N);
                let (CV::N(ka, al, ah), CV::N(kb, bl, bh), CV::N(k, lo, hi)) = (x, y, out) else {
                    return self.unknown(K::N);
                };
                self.i().local_get(ka).local_get(kb).i32_and().local_tee(k).if_(BlockType::Empty);
                match op {
                    ArithOp::Add => {
                        self.i().local_get(al).local_get(bl).f64_add().local_set(lo).local_get(ah).local_get(bh).f64_add().local_set(hi);
                    }
                    ArithOp::Sub => {
                        self.i().local_get(al).local_get(bh).f64_sub().local_set(lo).local_get(ah).local_get(bl).f64_sub().local_set(hi);
                    }
                    ArithOp::Mul => {
                        let t = self.b.local(F64);
                        self.i().f64_const(f64::INFINITY.into()).local_set(lo).f64_const(f64::NEG_INFINITY.into()).local_set(hi);
                        for (p, q) in [(al, bl), (al, bh), (ah, bl), (ah, bh)] {
                            // A product that is not a number (0 times infinity) counts as 0.
                            self.i()
                                .local_get(p)
                                .local_get(q)
                                .f64_mul()
                                .local_tee(t)
                                .f64_const(0f64.into())
                                .local_get(t)
                                .local_get(t)
                                .f64_eq()
                                .select()
                                .local_set(t);
                            // Rust's f64::min and max keep the running value when the two are
                            // equal (0 and -0 too), where Wasm's f64.min would pick -0: so `<` and `>`.
                            self.i().local_get(t).local_get(lo).local_get(t).local_get(lo).f64_lt().select().local_set(lo);
                            self.i().local_get(t).local_get(hi).local_get(t).local_get(hi).f64_gt().select().local_set(hi);
                        }
                    }
                }
                self.i().end();
                out
            }
            CExpr::Between { unit, from, to } => {
                let x = self.expr(from);
                let y = self.expr(to);
                let out = self.new_cv(K::N);
                let (CV::D(ka, a), CV::D(kb, b), CV::N(k, lo, hi)) = (x, y, out) else {
                    return self.unknown(K::N);
                };
                self.i().local_get(ka).local_get(kb).i32_and().local_tee(k).if_(BlockType::Empty);
                match unit {
                    Unit::Days | Unit::Weeks => {
                        self.i().local_get(b).i64_extend_i32_s().local_get(a).i64_extend_i32_s().i64_sub();
                        if *unit == Unit::Weeks {
                            self.i().i64_const(7).i64_div_s();
                        }
                    }
                    Unit::Months | Unit::Years => {
                        self.i().local_get(a).local_get(b).call(F_MONTHS_UNTIL);
                        if *unit == Unit::Years {
                            self.i().i64_const(12).i64_div_s();
                        }
                    }
                }
                self.i().f64_convert_i64_s().local_tee(lo).local_set(hi).end();
                out
            }
            CExpr::Quant { kind, list, cond } => self.quant(*kind, list, cond),
            CExpr::Count { list, cond } => self.count(list, cond.as_deref()),
        }
    }

    /// `shift` of the interpreter: the day `amount` units from `day`, into `out`.
    fn shift(&mut self, day: u32, amount: i64, unit: Unit, out: u32) {
        match unit {
            Unit::Days | Unit::Weeks => {
                let amount = if unit == Unit::Weeks { amount.wrapping_mul(7) } else { amount };
                let (min, max) = (i32::MIN as i64 / 2, i32::MAX as i64 / 2);
                let t = self.b.local(I64);
                self.i().local_get(day).i64_extend_i32_s().i64_const(amount).i64_add().local_set(t);
                // clamp(t, min, max)
                self.i()
                    .i64_const(min)
                    .i64_const(max)
                    .local_get(t)
                    .local_get(t)
                    .i64_const(max)
                    .i64_gt_s()
                    .select()
                    .local_get(t)
                    .i64_const(min)
                    .i64_lt_s()
                    .select()
                    .i32_wrap_i64()
                    .local_set(out);
            }
            Unit::Months | Unit::Years => {
                let months = if unit == Unit::Years { amount.saturating_mul(12) } else { amount };
                self.i().local_get(day).i64_const(months).call(F_ADD_MONTHS).local_set(out);
            }
        }
    }

    /// The interpreter's `compare`: a yes/no local (2 when unknown).
    fn compare(&mut self, op: Cmp, x: CV, y: CV) -> u32 {
        let res = self.bool_const(2);
        match (x, y) {
            (CV::N(ka, al, ah), CV::N(kb, bl, bh)) => {
                self.i()
                    .local_get(ka)
                    .local_get(kb)
                    .i32_and()
                    .if_(BlockType::Empty)
                    .i32_const(cmp_code(op))
                    .local_get(al)
                    .local_get(ah)
                    .local_get(bl)
                    .local_get(bh)
                    .call(H_CMP_NUM)
                    .local_set(res)
                    .end();
            }
            (CV::D(ka, a), CV::D(kb, b)) => {
                self.i().local_get(ka).local_get(kb).i32_and().if_(BlockType::Empty).local_get(a).local_get(b);
                match op {
                    Cmp::Eq => self.i().i32_eq(),
                    Cmp::Ne => self.i().i32_ne(),
                    Cmp::Lt => self.i().i32_lt_s(),
                    Cmp::Le => self.i().i32_le_s(),
                    Cmp::Gt => self.i().i32_gt_s(),
                    Cmp::Ge => self.i().i32_ge_s(),
                };
                self.i().local_set(res).end();
            }
            (CV::B(a), CV::B(b)) => {
                self.i().local_get(a).i32_const(2).i32_ne().local_get(b).i32_const(2).i32_ne().i32_and().if_(BlockType::Empty);
                self.i().local_get(a).local_get(b).i32_eq();
                self.equal_order(op, res);
                self.i().end();
            }
            (CV::C(ka, a), CV::C(kb, b)) => {
                self.i().local_get(ka).local_get(kb).i32_and().if_(BlockType::Empty);
                self.i().local_get(a).local_get(b).i32_eq();
                self.equal_order(op, res);
                self.i().end();
            }
            (CV::T(a), CV::T(b)) => {
                self.i().local_get(a).i32_const(0).i32_ne().local_get(b).i32_const(0).i32_ne().i32_and().if_(BlockType::Empty);
                self.i().local_get(a).local_get(b).call(H_TEXT_EQ);
                self.equal_order(op, res);
                self.i().end();
            }
            _ => {}
        }
        res
    }

    /// With "equal" (0/1) on the stack, store the result of an order that is
    /// Equal or Less (the interpreter's ordering of yes/no, options and text).
    fn equal_order(&mut self, op: Cmp, res: u32) {
        match op {
            Cmp::Eq | Cmp::Ge => self.i().local_set(res),
            Cmp::Ne | Cmp::Lt => self.i().i32_eqz().local_set(res),
            Cmp::Le => self.i().drop().i32_const(1).local_set(res),
            Cmp::Gt => self.i().drop().i32_const(0).local_set(res),
        };
    }

    /// Push the records a list path reaches onto the items stack, breadth
    /// first; returns a local that is 1 when every list on the way was answered.
    fn collect(&mut self, lp: &ListPath) -> u32 {
        let base = self.b.local(I32);
        let end = self.b.local(I32);
        let complete = self.bool_const(1);
        self.i().global_get(G_ILEN).local_set(base);
        self.rec_of(lp.base);
        self.i().call(H_PUSH_ITEM);
        for &step in &lp.steps {
            let off = self.c.p.schema.fields[step].slot as u32 * SLOT;
            self.i()
                .global_get(G_ILEN)
                .local_set(end)
                .local_get(base)
                .local_get(end)
                .i32_const(off as i32)
                .i32_const(step as i32)
                .call(H_COLLECT_STEP)
                .local_get(complete)
                .i32_and()
                .local_set(complete);
            self.i().local_get(base).local_get(end).call(H_DRAIN_ITEMS);
        }
        complete
    }

    fn quant(&mut self, kind: QuantKind, list: &ListPath, cond: &CExpr) -> CV {
        let first = self.b.local(I32);
        let last = self.b.local(I32);
        let start = self.b.local(I32);
        let mark = self.b.local(I32);
        let i = self.b.local(I32);
        let rec = self.b.local(I32);
        let res = self.bool_const(-1);
        let unk = self.b.local(I32);
        self.i().global_get(G_ILEN).local_set(first);
        let complete = self.collect(list);
        self.i().global_get(G_ILEN).local_set(last).global_get(G_FLEN).local_set(start);
        self.i().local_get(complete).i32_eqz().local_set(unk).local_get(first).local_set(i);
        self.i().block(BlockType::Empty).loop_(BlockType::Empty);
        self.i().local_get(i).local_get(last).i32_ge_u().br_if(1);
        self.i().global_get(G_IBASE).local_get(i).i32_const(4).i32_mul().i32_add().i32_load(m(0, 2)).local_set(rec);
        self.i().global_get(G_FLEN).local_set(mark);
        self.vars.push(rec);
        let v = self.expr(cond);
        self.vars.pop();
        let v = self.as_bool(v);
        let (decisive, result) = match kind {
            QuantKind::Any => (1, 1),
            QuantKind::No => (1, 0),
            QuantKind::All => (0, 0),
        };
        // The item that decides: only its reasons are kept.
        self.i()
            .local_get(v)
            .i32_const(decisive)
            .i32_eq()
            .if_(BlockType::Empty)
            .local_get(start)
            .local_get(mark)
            .call(H_DRAIN_FACTS)
            .i32_const(result)
            .local_set(res)
            .br(2)
            .end();
        if kind == QuantKind::All {
            // Every item that holds keeps its reasons: together they are why "all" holds.
            self.i()
                .local_get(v)
                .i32_const(2)
                .i32_eq()
                .if_(BlockType::Empty)
                .local_get(mark)
                .global_set(G_FLEN)
                .i32_const(1)
                .local_set(unk)
                .end();
        } else {
            self.i().local_get(mark).global_set(G_FLEN);
            self.i().local_get(v).i32_const(2).i32_eq().if_(BlockType::Empty).i32_const(1).local_set(unk).end();
        }
        self.i().local_get(i).i32_const(1).i32_add().local_set(i).br(0).end().end();
        self.i().local_get(first).global_set(G_ILEN);
        let otherwise = (kind != QuantKind::Any) as i32;
        self.i()
            .local_get(res)
            .i32_const(-1)
            .i32_eq()
            .if_(BlockType::Empty)
            .i32_const(2)
            .i32_const(otherwise)
            .local_get(unk)
            .select()
            .local_set(res)
            .end();
        CV::B(res)
    }

    fn count(&mut self, list: &ListPath, cond: Option<&CExpr>) -> CV {
        let first = self.b.local(I32);
        let last = self.b.local(I32);
        let mark = self.b.local(I32);
        let i = self.b.local(I32);
        let rec = self.b.local(I32);
        let out = self.new_cv(K::N);
        let CV::N(k, yes, hi) = out else { unreachable!() };
        let maybe = self.b.local(F64);
        self.i().f64_const(0f64.into()).local_tee(yes).local_set(maybe).global_get(G_ILEN).local_set(first);
        let complete = self.collect(list);
        self.i().global_get(G_ILEN).local_set(last);
        match cond {
            None => {
                self.i().local_get(last).local_get(first).i32_sub().f64_convert_i32_u().local_set(yes);
            }
            Some(c) => {
                self.i().local_get(first).local_set(i).block(BlockType::Empty).loop_(BlockType::Empty);
                self.i().local_get(i).local_get(last).i32_ge_u().br_if(1);
                self.i().global_get(G_IBASE).local_get(i).i32_const(4).i32_mul().i32_add().i32_load(m(0, 2)).local_set(rec);
                self.i().global_get(G_FLEN).local_set(mark);
                self.vars.push(rec);
                let v = self.expr(c);
                self.vars.pop();
                let v = self.as_bool(v);
                self.i()
                    .local_get(v)
                    .i32_const(1)
                    .i32_eq()
                    .if_(BlockType::Empty)
                    .local_get(yes)
                    .f64_const(1f64.into())
                    .f64_add()
                    .local_set(yes)
                    .else_()
                    .local_get(mark)
                    .global_set(G_FLEN)
                    .end();
                self.i()
                    .local_get(v)
                    .i32_const(2)
                    .i32_eq()
                    .if_(BlockType::Empty)
                    .local_get(maybe)
                    .f64_const(1f64.into())
                    .f64_add()
                    .local_set(maybe)
                    .end();
                self.i().local_get(i).i32_const(1).i32_add().local_set(i).br(0).end().end();
            }
        }
        self.i().local_get(first).global_set(G_ILEN);
        if let (None, [step]) = (cond, list.steps.as_slice()) {
            // `number of children`: the count itself is the reason.
            self.i().local_get(complete).if_(BlockType::Empty).i32_const(*step as i32);
            self.rec_of(list.base);
            self.i()
                .i32_load(m(0, 2))
                .i32_const(TAG_NUM as i32)
                .local_get(yes)
                .i64_reinterpret_f64()
                .local_get(yes)
                .i64_reinterpret_f64()
                .call(H_PUSH_FACT)
                .end();
        }
        self.i()
            .i32_const(1)
            .local_set(k)
            .local_get(yes)
            .local_get(maybe)
            .f64_add()
            .f64_const(f64::INFINITY.into())
            .local_get(complete)
            .select()
            .local_set(hi);
        out
    }
}

fn cmp_code(op: Cmp) -> i32 {
    match op {
        Cmp::Eq => 0,
        Cmp::Ne => 1,
        Cmp::Lt => 2,
        Cmp::Le => 3,
        Cmp::Gt => 4,
        Cmp::Ge => 5,
    }
}

// ---- helpers, emitted once ----

/// Grow the memory so that the address in the i64 local `need` is inside
/// it; when the memory cannot grow, run `on_fail` (which must leave the
/// function or trap). Pages missing: (need - size * 64K + 64K - 1) / 64K,
/// when need is past the end.
fn grow_memory_to(b: &mut Body, need: u32, on_fail: impl FnOnce(&mut InstructionSink<'_>)) {
    let mut i = b.i();
    i.local_get(need)
        .memory_size(0)
        .i64_extend_i32_u()
        .i64_const(16)
        .i64_shl()
        .i64_gt_u()
        .if_(BlockType::Empty)
        .local_get(need)
        .memory_size(0)
        .i64_extend_i32_u()
        .i64_const(16)
        .i64_shl()
        .i64_sub()
        .i64_const(65535)
        .i64_add()
        .i64_const(16)
        .i64_shr_u()
        .i32_wrap_i64()
        .memory_grow(0)
        .i32_const(-1)
        .i32_eq()
        .if_(BlockType::Empty);
    on_fail(&mut i);
    i.end().end();
}

/// alloc(bytes) -> address: bump allocation, growing the memory as needed.
/// Running out of memory (4 GiB) traps: the caller reports that the
/// compiled rule set failed on this form.
fn h_alloc() -> Function {
    let mut b = Body::new(1);
    let p = b.local(I32);
    let need = b.local(I64);
    b.i().global_get(G_BUMP).local_set(p);
    b.i()
        .local_get(p)
        .i64_extend_i32_u()
        .local_get(0)
        .i64_extend_i32_u()
        .i64_const(7)
        .i64_add()
        .i64_const(!7)
        .i64_and()
        .i64_add()
        .local_set(need);
    grow_memory_to(&mut b, need, |i| {
        i.unreachable();
    });
    b.i().local_get(need).i32_wrap_i64().global_set(G_BUMP).local_get(p);
    b.finish()
}

/// grow(old, used_bytes, new_bytes) -> new address, the used bytes copied over.
fn h_grow() -> Function {
    let mut b = Body::new(3);
    let n = b.local(I32);
    b.i().local_get(2).call(H_ALLOC).local_tee(n).local_get(0).local_get(1).memory_copy(0, 0).local_get(n);
    b.finish()
}

/// Code that makes room for one more entry on a stack (base, len, cap globals), doubling it.
fn ensure_room(b: &mut Body, base: u32, len: u32, cap: u32, size: u32) {
    b.i()
        .global_get(len)
        .global_get(cap)
        .i32_ge_u()
        .if_(BlockType::Empty)
        .global_get(base)
        .global_get(len)
        .i32_const(size as i32)
        .i32_mul()
        .global_get(cap)
        .i32_const(2 * size as i32)
        .i32_mul()
        .call(H_GROW)
        .global_set(base)
        .global_get(cap)
        .i32_const(2)
        .i32_mul()
        .global_set(cap)
        .end();
}

/// Push the address of a new entry of a stack, and count it.
fn new_entry(b: &mut Body, base: u32, len: u32, cap: u32, size: u32) {
    ensure_room(b, base, len, cap, size);
    b.i()
        .global_get(base)
        .global_get(len)
        .i32_const(size as i32)
        .i32_mul()
        .i32_add()
        .global_get(len)
        .i32_const(1)
        .i32_add()
        .global_set(len);
}

/// push_fact(target, record index, tag, a, b); matched = none.
fn h_push_fact() -> Function {
    let mut b = Body::new(5);
    let at = b.local(I32);
    new_entry(&mut b, G_FBASE, G_FLEN, G_FCAP, FACT);
    b.i().local_set(at);
    b.i().local_get(at).local_get(0).i32_store(m(0, 2));
    b.i().local_get(at).local_get(1).i32_store(m(4, 2));
    b.i().local_get(at).local_get(2).i32_store(m(8, 2));
    b.i().local_get(at).i32_const(0).i32_store(m(12, 2));
    b.i().local_get(at).local_get(3).i64_store(m(16, 3));
    b.i().local_get(at).local_get(4).i64_store(m(24, 3));
    b.finish()
}

/// push_need(field, record index).
fn h_push_need() -> Function {
    let mut b = Body::new(2);
    let at = b.local(I32);
    new_entry(&mut b, G_NBASE, G_NLEN, G_NCAP, NEED);
    b.i().local_set(at);
    b.i().local_get(at).local_get(0).i32_store(m(0, 2));
    b.i().local_get(at).local_get(1).i32_store(m(4, 2));
    b.finish()
}

/// push_item(record pointer).
fn h_push_item() -> Function {
    let mut b = Body::new(1);
    new_entry(&mut b, G_IBASE, G_ILEN, G_ICAP, 4);
    b.i().local_get(0).i32_store(m(0, 2));
    b.finish()
}

/// drain(start, mark): remove entries start..mark, moving the later ones down.
fn h_drain(base: u32, len: u32, size: u32) -> Function {
    let mut b = Body::new(2);
    b.i()
        .global_get(base)
        .local_get(0)
        .i32_const(size as i32)
        .i32_mul()
        .i32_add()
        .global_get(base)
        .local_get(1)
        .i32_const(size as i32)
        .i32_mul()
        .i32_add()
        .global_get(len)
        .local_get(1)
        .i32_sub()
        .i32_const(size as i32)
        .i32_mul()
        .memory_copy(0, 0);
    b.i().global_get(len).local_get(1).local_get(0).i32_sub().i32_sub().global_set(len);
    b.finish()
}

/// choices_needs(mark): for each fact from mark on that is a several-of
/// field's answer, that field is needed (an `includes` that only options the
/// form did not ask would decide; as in `eval`).
fn h_choices_needs() -> Function {
    let mut b = Body::new(1);
    let n = b.local(I32);
    let at = b.local(I32);
    b.i().local_get(0).local_set(n).block(BlockType::Empty).loop_(BlockType::Empty);
    b.i().local_get(n).global_get(G_FLEN).i32_ge_u().br_if(1);
    b.i().global_get(G_FBASE).local_get(n).i32_const(FACT as i32).i32_mul().i32_add().local_set(at);
    b.i()
        .local_get(at)
        .i32_load(m(8, 2))
        .i32_const(TAG_CHOICES as i32)
        .i32_eq()
        .local_get(at)
        .i32_load(m(0, 2))
        .i32_const(DEF as i32)
        .i32_and()
        .i32_eqz()
        .i32_and()
        .if_(BlockType::Empty)
        .local_get(at)
        .i32_load(m(0, 2))
        .local_get(at)
        .i32_load(m(4, 2))
        .call(H_PUSH_NEED)
        .end();
    b.i().local_get(n).i32_const(1).i32_add().local_set(n).br(0).end().end();
    b.finish()
}

/// needs_to_facts(mark): the needs from mark on become facts with no value, and are removed.
fn h_needs_to_facts() -> Function {
    let mut b = Body::new(1);
    let n = b.local(I32);
    let at = b.local(I32);
    b.i().local_get(0).local_set(n).block(BlockType::Empty).loop_(BlockType::Empty);
    b.i().local_get(n).global_get(G_NLEN).i32_ge_u().br_if(1);
    b.i().global_get(G_NBASE).local_get(n).i32_const(NEED as i32).i32_mul().i32_add().local_set(at);
    b.i()
        .local_get(at)
        .i32_load(m(0, 2))
        .local_get(at)
        .i32_load(m(4, 2))
        .i32_const(TAG_MISSING as i32)
        .i64_const(0)
        .i64_const(0)
        .call(H_PUSH_FACT);
    b.i().local_get(n).i32_const(1).i32_add().local_set(n).br(0).end().end();
    b.i().local_get(0).global_set(G_NLEN);
    b.finish()
}

/// read_K(record, slot offset, field): the answer, with its fact pushed, or
/// unknown with its need pushed.
fn h_read(k: K) -> Function {
    let mut b = Body::new(3);
    let slot = b.local(I32);
    let tag = b.local(I32);
    b.i().local_get(0).local_get(1).i32_add().i32_const(REC_HEADER as i32).i32_add().local_tee(slot).i32_load(m(0, 2)).local_set(tag);
    let want = match k {
        K::B => TAG_BOOL,
        K::N => TAG_NUM,
        K::T => TAG_TEXT,
        K::D => TAG_DATE,
        K::C => TAG_CHOICE,
        K::S => TAG_CHOICES,
    };
    // Unanswered: the question is needed, and the value unknown.
    b.i().local_get(tag).i32_const(want as i32).i32_ne();
    if k == K::N {
        b.i().local_get(tag).i32_const(TAG_LIST as i32).i32_ne().i32_and();
    }
    b.i().if_(BlockType::Empty).local_get(2).local_get(0).i32_load(m(0, 2)).call(H_PUSH_NEED);
    match k {
        K::B => b.i().i32_const(2),
        K::T => b.i().i32_const(0),
        K::N => b.i().i32_const(0).f64_const(0f64.into()).f64_const(0f64.into()),
        K::D | K::C => b.i().i32_const(0).i32_const(0),
        K::S => b.i().i32_const(0).i64_const(0).i64_const(0),
    };
    b.i().return_().end();
    let v = SLOT_VALUE;
    b.i().local_get(2).local_get(0).i32_load(m(0, 2)).i32_const(want as i32);
    match k {
        K::N => {
            // A list answer reads as its number of items.
            let x = b.local(F64);
            b.i()
                .local_get(tag)
                .i32_const(TAG_NUM as i32)
                .i32_eq()
                .if_(BlockType::Result(F64))
                .local_get(slot)
                .f64_load(m(v, 3))
                .else_()
                .local_get(slot)
                .i32_load(m(v, 2))
                .i32_load(m(0, 2))
                .f64_convert_i32_u()
                .end()
                .local_tee(x)
                .i64_reinterpret_f64()
                .local_get(x)
                .i64_reinterpret_f64()
                .call(H_PUSH_FACT);
            b.i().i32_const(1).local_get(x).local_get(x);
        }
        K::S => {
            // The value points at the options ticked, then those asked.
            let at = b.local(I32);
            b.i().local_get(slot).i32_load(m(v, 2)).local_tee(at).i64_load(m(CHOICES_TICKED, 3));
            b.i().local_get(at).i64_load(m(CHOICES_ASKED, 3)).call(H_PUSH_FACT);
            b.i().i32_const(1).local_get(at).i64_load(m(CHOICES_TICKED, 3)).local_get(at).i64_load(m(CHOICES_ASKED, 3));
        }
        K::B => {
            b.i().local_get(slot).i32_load(m(v, 2)).i64_extend_i32_u().i64_const(0).call(H_PUSH_FACT);
            b.i().local_get(slot).i32_load(m(v, 2));
        }
        K::T => {
            b.i().local_get(slot).i32_load(m(v, 2)).i32_load(m(TEXT_HANDLE, 2)).i64_extend_i32_u().i64_const(0).call(H_PUSH_FACT);
            b.i().local_get(slot).i32_load(m(v, 2));
        }
        K::D | K::C => {
            b.i().local_get(slot).i32_load(m(v, 2)).i64_extend_i32_u().i64_const(0).call(H_PUSH_FACT);
            b.i().i32_const(1).local_get(slot).i32_load(m(v, 2));
        }
    }
    b.finish()
}

/// collect_step(from, to, slot offset, list field) -> complete: for each item
/// from..to, push the records of its list (or the need for the list when unanswered).
fn h_collect_step() -> Function {
    let mut b = Body::new(4);
    let ok = b.local(I32);
    let i = b.local(I32);
    let rec = b.local(I32);
    let list = b.local(I32);
    let j = b.local(I32);
    let n = b.local(I32);
    b.i().i32_const(1).local_set(ok).local_get(0).local_set(i).block(BlockType::Empty).loop_(BlockType::Empty);
    b.i().local_get(i).local_get(1).i32_ge_u().br_if(1);
    b.i().global_get(G_IBASE).local_get(i).i32_const(4).i32_mul().i32_add().i32_load(m(0, 2)).local_set(rec);
    b.i()
        .local_get(rec)
        .local_get(2)
        .i32_add()
        .i32_load(m(REC_HEADER, 2))
        .i32_const(TAG_LIST as i32)
        .i32_eq()
        .if_(BlockType::Empty)
        .local_get(rec)
        .local_get(2)
        .i32_add()
        .i32_load(m(REC_HEADER + SLOT_VALUE, 2))
        .local_tee(list)
        .i32_load(m(0, 2))
        .local_set(n)
        .i32_const(0)
        .local_set(j)
        .block(BlockType::Empty)
        .loop_(BlockType::Empty)
        .local_get(j)
        .local_get(n)
        .i32_ge_u()
        .br_if(1)
        .local_get(list)
        .local_get(j)
        .i32_const(4)
        .i32_mul()
        .i32_add()
        .i32_load(m(4, 2))
        .call(H_PUSH_ITEM)
        .local_get(j)
        .i32_const(1)
        .i32_add()
        .local_set(j)
        .br(0)
        .end()
        .end()
        .else_()
        .i32_const(0)
        .local_set(ok)
        .local_get(3)
        .local_get(rec)
        .i32_load(m(0, 2))
        .call(H_PUSH_NEED)
        .end();
    b.i().local_get(i).i32_const(1).i32_add().local_set(i).br(0).end().end();
    b.i().local_get(ok);
    b.finish()
}

/// memeq(a, b, n) -> 1 when the n bytes at a and b are the same.
fn h_memeq() -> Function {
    let mut b = Body::new(3);
    let i = b.local(I32);
    b.i().block(BlockType::Empty).loop_(BlockType::Empty);
    b.i().local_get(i).local_get(2).i32_ge_u().br_if(1);
    b.i()
        .local_get(0)
        .local_get(i)
        .i32_add()
        .i32_load8_u(m(0, 0))
        .local_get(1)
        .local_get(i)
        .i32_add()
        .i32_load8_u(m(0, 0))
        .i32_ne()
        .if_(BlockType::Empty)
        .i32_const(0)
        .return_()
        .end();
    b.i().local_get(i).i32_const(1).i32_add().local_set(i).br(0).end().end();
    b.i().i32_const(1);
    b.finish()
}

/// contains(text, phrase, phrase length) -> 1 when the phrase occurs as whole
/// words: `contains_words`, searching left to right without overlaps as
/// `match_indices` does, each match's ends tested with the text's flags.
fn h_contains() -> Function {
    let mut b = Body::new(3);
    let len = b.local(I32);
    let bytes = b.local(I32);
    let pos = b.local(I32);
    b.i().local_get(2).i32_eqz().if_(BlockType::Empty).i32_const(0).return_().end();
    b.i().local_get(0).i32_load(m(TEXT_LEN, 2)).local_set(len).local_get(0).i32_const(TEXT_BYTES as i32).i32_add().local_set(bytes);
    b.i().block(BlockType::Empty).loop_(BlockType::Empty);
    // No room for the phrase from here: not found.
    b.i().local_get(pos).local_get(2).i32_add().local_get(len).i32_gt_u().br_if(1);
    b.i().local_get(bytes).local_get(pos).i32_add().local_get(1).local_get(2).call(H_MEMEQ).if_(BlockType::Empty);
    b.i()
        .local_get(bytes)
        .local_get(len)
        .i32_add()
        .local_get(pos)
        .i32_add()
        .i32_load8_u(m(0, 0))
        .i32_const(1)
        .i32_and()
        .local_get(bytes)
        .local_get(len)
        .i32_add()
        .local_get(pos)
        .i32_add()
        .local_get(2)
        .i32_add()
        .i32_load8_u(m(0, 0))
        .i32_const(2)
        .i32_and()
        .i32_const(0)
        .i32_ne()
        .i32_and()
        .if_(BlockType::Empty)
        .i32_const(1)
        .return_()
        .end();
    // Not whole words: the next match starts after this one.
    b.i().local_get(pos).local_get(2).i32_add().local_set(pos).br(1);
    b.i().end();
    b.i().local_get(pos).i32_const(1).i32_add().local_set(pos).br(0).end().end();
    b.i().i32_const(0);
    b.finish()
}

/// text_eq(a, b): the comparison keys (trimmed, lower-cased) are the same.
fn h_text_eq() -> Function {
    let mut b = Body::new(2);
    b.i()
        .local_get(0)
        .i32_load(m(TEXT_KEY_LEN, 2))
        .local_get(1)
        .i32_load(m(TEXT_KEY_LEN, 2))
        .i32_ne()
        .if_(BlockType::Empty)
        .i32_const(0)
        .return_()
        .end();
    b.i()
        .local_get(0)
        .i32_load(m(TEXT_KEY, 2))
        .local_get(1)
        .i32_load(m(TEXT_KEY, 2))
        .local_get(0)
        .i32_load(m(TEXT_KEY_LEN, 2))
        .call(H_MEMEQ);
    b.finish()
}

/// cmp_num(op, al, ah, bl, bh) -> 0/1/2: decided only when every value in one
/// range relates the same way to every value in the other.
fn h_cmp_num() -> Function {
    let mut b = Body::new(5);
    let all = b.local(I32);
    let none = b.local(I32);
    let (al, ah, bl, bh) = (1, 2, 3, 4);
    // Eq: all = al == ah && bl == bh && al == bl; none = ah < bl || al > bh.
    let eq_all = |b: &mut Body| {
        b.i()
            .local_get(al)
            .local_get(ah)
            .f64_eq()
            .local_get(bl)
            .local_get(bh)
            .f64_eq()
            .i32_and()
            .local_get(al)
            .local_get(bl)
            .f64_eq()
            .i32_and();
    };
    let apart = |b: &mut Body| {
        b.i().local_get(ah).local_get(bl).f64_lt().local_get(al).local_get(bh).f64_gt().i32_or();
    };
    for (code, op) in [(0, Cmp::Eq), (1, Cmp::Ne), (2, Cmp::Lt), (3, Cmp::Le), (4, Cmp::Gt), (5, Cmp::Ge)] {
        b.i().local_get(0).i32_const(code).i32_eq().if_(BlockType::Empty);
        match op {
            Cmp::Eq => {
                eq_all(&mut b);
                b.i().local_set(all);
                apart(&mut b);
                b.i().local_set(none);
            }
            Cmp::Ne => {
                apart(&mut b);
                b.i().local_set(all);
                eq_all(&mut b);
                b.i().local_set(none);
            }
            Cmp::Lt => {
                b.i().local_get(ah).local_get(bl).f64_lt().local_set(all).local_get(al).local_get(bh).f64_ge().local_set(none);
            }
            Cmp::Le => {
                b.i().local_get(ah).local_get(bl).f64_le().local_set(all).local_get(al).local_get(bh).f64_gt().local_set(none);
            }
            Cmp::Gt => {
                b.i().local_get(al).local_get(bh).f64_gt().local_set(all).local_get(ah).local_get(bl).f64_le().local_set(none);
            }
            Cmp::Ge => {
                b.i().local_get(al).local_get(bh).f64_ge().local_set(all).local_get(ah).local_get(bl).f64_lt().local_set(none);
            }
        }
        b.i().end();
    }
    b.i().i32_const(1).i32_const(0).i32_const(2).local_get(none).select().local_get(all).select();
    b.finish()
}

/// emit(result): append a rule's result, with its facts when it fired and its
/// needs when undecided, to the output.
fn h_emit() -> Function {
    let mut b = Body::new(1);
    let nf = b.local(I32);
    let nn = b.local(I32);
    let size = b.local(I32);
    let at = b.local(I32);
    b.i().global_get(G_FLEN).i32_const(0).local_get(0).i32_const(1).i32_eq().select().local_set(nf);
    b.i().global_get(G_NLEN).i32_const(0).local_get(0).i32_const(2).i32_eq().select().local_set(nn);
    b.i()
        .i32_const(OUT_RULE as i32)
        .local_get(nf)
        .i32_const(FACT as i32)
        .i32_mul()
        .i32_add()
        .local_get(nn)
        .i32_const(NEED as i32)
        .i32_mul()
        .i32_add()
        .local_set(size);
    // Room for it: the output doubles (at least) when full.
    b.i()
        .global_get(G_OLEN)
        .local_get(size)
        .i32_add()
        .global_get(G_OCAP)
        .i32_gt_u()
        .if_(BlockType::Empty)
        .global_get(G_OLEN)
        .local_get(size)
        .i32_add()
        .local_tee(at)
        .global_get(G_OCAP)
        .i32_const(2)
        .i32_mul()
        .local_get(at)
        .global_get(G_OCAP)
        .i32_const(2)
        .i32_mul()
        .i32_gt_u()
        .select()
        .global_set(G_OCAP)
        .global_get(G_OBASE)
        .global_get(G_OLEN)
        .global_get(G_OCAP)
        .call(H_GROW)
        .global_set(G_OBASE)
        .end();
    b.i().global_get(G_OBASE).global_get(G_OLEN).i32_add().local_set(at);
    b.i().local_get(at).local_get(0).i32_store(m(0, 2));
    b.i().local_get(at).local_get(nf).i32_store(m(4, 2));
    b.i().local_get(at).local_get(nn).i32_store(m(8, 2));
    b.i()
        .local_get(at)
        .i32_const(OUT_RULE as i32)
        .i32_add()
        .global_get(G_FBASE)
        .local_get(nf)
        .i32_const(FACT as i32)
        .i32_mul()
        .memory_copy(0, 0);
    b.i()
        .local_get(at)
        .i32_const(OUT_RULE as i32)
        .i32_add()
        .local_get(nf)
        .i32_const(FACT as i32)
        .i32_mul()
        .i32_add()
        .global_get(G_NBASE)
        .local_get(nn)
        .i32_const(NEED as i32)
        .i32_mul()
        .memory_copy(0, 0);
    b.i().global_get(G_OLEN).local_get(size).i32_add().global_set(G_OLEN);
    b.finish()
}

/// input(len) -> the address to write the input at, the memory grown to hold it (-1 when it cannot be).
fn e_input(at: u32) -> Function {
    let mut b = Body::new(1);
    let need = b.local(I64);
    b.i().i64_const(at as i64).local_get(0).i64_extend_i32_u().i64_add().local_set(need);
    grow_memory_to(&mut b, need, |i| {
        i.i32_const(-1).return_();
    });
    b.i().i32_const(at as i32);
    b.finish()
}

/// run(len) -> the output's address: every rule, then every floor, each on
/// fresh stacks, as the interpreter's `decide` does.
fn e_run(at: u32, first_rule: u32, n: u32) -> Function {
    let mut b = Body::new(1);
    b.i().i32_const(at as i32).local_get(0).i32_add().i32_const(7).i32_add().i32_const(!7).i32_and().global_set(G_BUMP);
    b.i().i32_const(at as i32).i32_load(m(IN_TODAY, 2)).global_set(G_TODAY);
    b.i().i32_const(at as i32).i32_load(m(IN_ROOT, 2)).global_set(G_ROOT);
    for (base, len, cap, size) in [(G_FBASE, G_FLEN, G_FCAP, FACT), (G_NBASE, G_NLEN, G_NCAP, NEED), (G_IBASE, G_ILEN, G_ICAP, 4)] {
        b.i().i32_const(64).global_set(cap).i32_const(0).global_set(len).i32_const(64 * size as i32).call(H_ALLOC).global_set(base);
    }
    b.i().i32_const(1024).global_set(G_OCAP).i32_const(4).global_set(G_OLEN).i32_const(1024).call(H_ALLOC).global_set(G_OBASE);
    for r in 0..n {
        b.i().i32_const(0).global_set(G_FLEN).i32_const(0).global_set(G_NLEN).i32_const(0).global_set(G_ILEN);
        b.i().call(first_rule + r).call(H_EMIT);
    }
    b.i().global_get(G_OBASE).global_get(G_OLEN).i32_const(4).i32_sub().i32_store(m(0, 2)).global_get(G_OBASE);
    b.finish()
}
