//! The compiled rule set against the interpreter (issue 11): on any form, the
//! shipped contextual-safeguarding rule set compiled to Wasm (run with wasmi)
//! must give the interpreter's outcome byte for byte, and neither may panic
//! or trap. Input that starts with `{` is form JSON (the corpus seeds it);
//! any other bytes drive a form built from the rule set's own fields, so
//! most inputs reach the rules.
#![no_main]
use libfuzzer_sys::fuzz_target;
use screening_engine::compiled::{compile, Loaded};
use screening_engine::dates::Day;
use screening_engine::form;
use screening_engine::program::{CExpr, FieldTy, Program, RecordId};
use serde_json::{json, Value};
use std::cell::RefCell;
use wasmi::{Engine, Linker, Memory, Module, Store, TypedFunc};

struct Runner {
    program: Program,
    loaded: Loaded,
    store: Store<()>,
    memory: Memory,
    input: TypedFunc<i32, i32>,
    run: TypedFunc<i32, i32>,
    phrases: Vec<String>,
}

fn runner() -> Runner {
    let src = include_str!("../../../rules/contextual-safeguarding.rules");
    let program = screening_engine::api::compile(src).expect("the shipped rule set compiles").rule_set.program().clone();
    let wasm = compile(&program);
    let loaded = Loaded::from_module(&wasm).expect("the module's metadata reads back");
    let engine = Engine::default();
    let module = Module::new(&engine, &wasm).expect("the module is valid Wasm");
    let mut store = Store::new(&engine, ());
    let mut linker = <Linker<()>>::new(&engine);
    linker.func_wrap("screening", "add_months", |d: i32, m: i64| Day(d).add_months(m).0).unwrap();
    linker.func_wrap("screening", "months_until", |a: i32, b: i32| Day(a).months_until(Day(b))).unwrap();
    let instance = linker.instantiate_and_start(&mut store, &module).unwrap();
    let memory = instance.get_memory(&store, "memory").unwrap();
    let input = instance.get_typed_func::<i32, i32>(&store, "input").unwrap();
    let run = instance.get_typed_func::<i32, i32>(&store, "run").unwrap();
    let mut phrases = Vec::new();
    let mut walk = |e: &CExpr| {
        fn go(e: &CExpr, out: &mut Vec<String>) {
            match e {
                CExpr::Contains { phrases, .. } => out.extend(phrases.iter().cloned()),
                CExpr::And(v) | CExpr::Or(v) => v.iter().for_each(|x| go(x, out)),
                CExpr::Not(x) | CExpr::Answered(x) => go(x, out),
                CExpr::Quant { cond, .. } => go(cond, out),
                CExpr::Count { cond: Some(c), .. } => go(c, out),
                _ => {}
            }
        }
        go(e, &mut phrases)
    };
    program.defs.iter().for_each(|d| walk(&d.expr));
    program.rules.iter().for_each(|r| walk(&r.when));
    program.floors.iter().for_each(|f| walk(&f.when));
    Runner { program, loaded, store, memory, input, run, phrases }
}

thread_local! {
    static RUNNER: RefCell<Runner> = RefCell::new(runner());
}

struct Dice<'a>(&'a [u8], usize);

impl Dice<'_> {
    fn roll(&mut self, below: u32) -> u32 {
        let x = self.0.get(self.1).copied().unwrap_or(0) as u32;
        self.1 += 1;
        if below == 0 {
            0
        } else {
            x % below
        }
    }
}

const PIECES: &[&str] = &[" ", "-", ".", "é", "ß", "İ", "Σ", "日本", "\t", "x", "A", "7", "'s", "\u{301}"];

fn value(d: &mut Dice, r: &Runner, ty: &FieldTy, depth: usize) -> Value {
    match d.roll(12) {
        0 => return Value::Null,
        1 => return json!("2026-02-30"),
        2 => return json!(["x", 1]),
        _ => {}
    }
    match ty {
        FieldTy::YesNo => json!(d.roll(2) == 0),
        FieldTy::Number => json!(d.roll(40) as f64 / 3.0 - 2.0),
        FieldTy::Text => {
            let mut s = String::new();
            for _ in 0..d.roll(5) {
                if d.roll(2) == 0 && !r.phrases.is_empty() {
                    let p = &r.phrases[d.roll(r.phrases.len() as u32) as usize];
                    s.push_str(&if d.roll(3) == 0 { p.to_uppercase() } else { p.clone() });
                } else {
                    s.push_str(PIECES[d.roll(PIECES.len() as u32) as usize]);
                }
            }
            json!(s)
        }
        FieldTy::Date => json!(Day(2_455_000 + (d.roll(256) * 31 + d.roll(31)) as i32).to_string()),
        FieldTy::OneOf(o) => json!(o.get(d.roll(o.len() as u32 + 1) as usize).map(|x| x.id.as_str()).unwrap_or("other")),
        FieldTy::SeveralOf(o) => json!(o.iter().filter(|_| d.roll(3) == 0).map(|x| x.id.as_str()).collect::<Vec<_>>()),
        FieldTy::List(rec) if depth < 3 => Value::Array((0..d.roll(4)).map(|_| record(d, r, *rec, depth + 1)).collect()),
        FieldTy::List(_) => json!([]),
    }
}

fn record(d: &mut Dice, r: &Runner, rec: RecordId, depth: usize) -> Value {
    let mut m = serde_json::Map::new();
    for &f in &r.program.schema.records[rec].fields {
        if d.roll(6) == 0 {
            continue;
        }
        let fd = &r.program.schema.fields[f];
        m.insert(fd.name.clone(), value(d, r, &fd.ty, depth));
    }
    Value::Object(m)
}

fuzz_target!(|data: &[u8]| {
    RUNNER.with(|r| {
        let r = &mut *r.borrow_mut();
        let date = Day(2_461_000 + data.first().copied().unwrap_or(0) as i32 * 40);
        let form_value = if data.first() == Some(&b'{') {
            let Ok(text) = std::str::from_utf8(data) else { return };
            let Ok(v) = form::parse_json(text) else { return };
            v
        } else {
            let mut d = Dice(data, 1);
            record(&mut d, r, 0, 0)
        };
        let form = form::read(&r.program.schema, &form_value);
        let want = serde_json::to_string(&screening_engine::eval::evaluate(&r.program, &form, date).outcome()).unwrap();
        let bytes = r.loaded.prepare(&form, date);
        let at = r.input.call(&mut r.store, bytes.len() as i32).expect("input does not trap");
        assert!(at >= 0, "input refused {} bytes", bytes.len());
        r.memory.write(&mut r.store, at as usize, &bytes).unwrap();
        let out = r.run.call(&mut r.store, bytes.len() as i32).expect("the compiled rule set does not trap") as usize;
        let mem = r.memory.data(&r.store);
        let len = u32::from_le_bytes(mem[out..out + 4].try_into().unwrap()) as usize;
        let output = mem[out..out + 4 + len].to_vec();
        let ev = r.loaded.finish(&form, date, &output).expect("the module's output reads back");
        let got = serde_json::to_string(&ev.outcome()).unwrap();
        assert!(want == got, "the compiled rule set disagrees with the interpreter on {form_value}\n--- interpreter\n{want}\n--- compiled\n{got}");
    })
});
