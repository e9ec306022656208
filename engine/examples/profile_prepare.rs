//! Where a compiled rule set's decision spends its time in the runtime,
//! natively: the shipped rule set on the Ash Lane training case, from the
//! form's JSON text (as the package hands it over) to the decision by ids.
//! Each phase runs alone when named, inside `phase()` (never inlined), so
//! callgrind counts only it:
//!
//!   cargo build --release --example profile_prepare
//!   valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*profile_prepare*phase*' \
//!     target/release/examples/profile_prepare prepare 1000
//!
//! PHASE: parse (JSON text to `Json`), read (`form::read` from `Json`),
//! lay (`Loaded::prepare` from the form as read), prepare (all three: what
//! the runtime's `prepare` does once it has the text), decision (the
//! module's output to the decision as indices, as the runtime's `decision` does), or all.

use screening_engine::compiled::{compile, Loaded};
use screening_engine::dates::Day;
use screening_engine::{api, form};
use std::hint::black_box;
use std::time::Instant;
use wasmi::{Engine, Linker, Module, Store};

#[inline(never)]
fn phase(n: usize, f: &mut dyn FnMut() -> usize) -> usize {
    let mut sink = 0;
    for _ in 0..n {
        sink += f();
    }
    sink
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let src = std::fs::read_to_string(root.join("rules/contextual-safeguarding.rules")).unwrap();
    let form_text = std::fs::read_to_string(root.join("rules/cases/ash-lane-station.json")).unwrap();
    // The package hands over `JSON.stringify(form)`: compact text.
    let form_text = form::parse_json(&form_text).unwrap().to_string();
    let rs = api::compile(&src).unwrap().rule_set;
    let program = rs.program();
    let date = api::parse_date("2026-11-17").unwrap();
    let which = std::env::args().nth(1).unwrap_or_else(|| "all".into());
    let n: usize = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(2_000);

    let wasm = compile(program);
    let loaded = Loaded::from_module(&wasm).unwrap();
    let schema = &loaded.declarations().schema;
    let json = form::parse_json(&form_text).unwrap();
    let data = form::read(schema, &json);
    // The module's output for this form, from wasmi, as the runtime would get it.
    let output = {
        let engine = Engine::default();
        let module = Module::new(&engine, &wasm).unwrap();
        let mut store = Store::new(&engine, ());
        let mut linker = <Linker<()>>::new(&engine);
        linker.func_wrap("screening", "add_months", |d: i32, m: i64| Day(d).add_months(m).0).unwrap();
        linker.func_wrap("screening", "months_until", |a: i32, b: i32| Day(a).months_until(Day(b))).unwrap();
        let instance = linker.instantiate_and_start(&mut store, &module).unwrap();
        let memory = instance.get_memory(&store, "memory").unwrap();
        let input = instance.get_typed_func::<i32, i32>(&store, "input").unwrap();
        let run = instance.get_typed_func::<i32, i32>(&store, "run").unwrap();
        let bytes = loaded.prepare(&data, date);
        let at = input.call(&mut store, bytes.len() as i32).unwrap();
        memory.write(&mut store, at as usize, &bytes).unwrap();
        let out = run.call(&mut store, bytes.len() as i32).unwrap() as usize;
        let mem = memory.data(&store);
        let len = u32::from_le_bytes(mem[out..out + 4].try_into().unwrap()) as usize;
        mem[out..out + 4 + len].to_vec()
    };
    println!("form {} bytes of JSON, input {} bytes, output {} bytes", form_text.len(), loaded.prepare(&data, date).len(), output.len());

    let time = |name: &str, f: &mut dyn FnMut() -> usize| {
        if which != "all" && which != name {
            return;
        }
        let t = Instant::now();
        let sink = phase(n, f);
        println!("{name:10} {:>9.2} µs  ({sink})", t.elapsed().as_secs_f64() * 1e6 / n as f64);
    };
    time("parse", &mut || match form::parse_json(black_box(&form_text)) {
        Ok(screening_engine::json::Json::Obj(o)) => o.len(),
        _ => 0,
    });
    time("read", &mut || form::read(schema, black_box(&json)).errors.len());
    time("lay", &mut || loaded.prepare(black_box(&data), date).len());
    time("prepare", &mut || {
        let json = form::parse_json(black_box(&form_text)).unwrap();
        let data = form::read(schema, &json);
        loaded.prepare(&data, date).len()
    });
    time("decision", &mut || {
        let d = loaded.decision(black_box(&output)).unwrap();
        api::DecisionIds::indices(loaded.declarations(), &d).len()
    });
}
